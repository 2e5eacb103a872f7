//! parallax: read several news articles about one event side by side, and see what they share.
//!
//! The library holds everything the binary does, so tests and benches can use it:
//! text analysis (`corpus`, `claims`, `search`, `text`) is pure and knows nothing of the terminal;
//! `output` prints reports and search hits; `tui` is the reader, which turns keys into actions and
//! state into cells.

pub mod claims;
pub mod cli;
pub mod corpus;
pub mod output;
pub mod search;
pub mod stories;
pub mod text;
pub mod tui;
mod util;
