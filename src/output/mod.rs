//! What parallax prints or writes without a terminal: the report (JSON, Markdown), search hits,
//! citations and exports of marked items.

pub mod cite;
pub mod export;
pub mod report;
pub mod search;

pub use search::write_cli;
