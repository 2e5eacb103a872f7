//! What parallax prints without a terminal: the report (JSON, Markdown) and search hits.

pub mod report;
pub mod search;

pub use search::write_cli;
