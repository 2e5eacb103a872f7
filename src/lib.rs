//! parallax: read several news articles about one event side by side, and see what they share.
//!
//! The library holds everything the binary does, so tests and benches can use it:
//! text analysis (`corpus`, `claims`, `search`, `text`) is pure and knows nothing of the terminal;
//! `app`, `keymap` and `view` turn keys into actions and state into cells; `wrap` lays text out
//! into rows for `app` to cache.

pub mod app;
pub mod claims;
pub mod cli;
pub mod corpus;
pub mod keymap;
pub mod report;
pub mod search;
pub mod terminal;
pub mod text;
pub mod view;
pub mod wrap;
