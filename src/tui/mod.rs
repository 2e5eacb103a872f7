//! The reader: it turns keys into actions and state into cells; the analysis it shows comes from
//! the pure modules (`corpus`, `claims`, `search`).
//!
//! - [`terminal`]: the terminal guard, panic hook, signals, suspend and resume
//! - [`runtime`]: the loop (draw, then apply every waiting message)
//! - [`workers`]: one owner per background job (claims, index, search), one message enum
//! - [`action`], [`keymap`]: what can happen and which keys do it (hints generated from it);
//!   [`keys`] and [`config`]: key strings and the config file
//! - [`layout`]: every rect, from the screen size (pure)
//! - [`marks`]: the marked items and the export prompt
//! - [`app`]: reading positions, focus, filters and dispatch; [`list`], [`search`] and
//!   [`quotes`] are the overlays' state
//! - [`stories`]: the story list, the open story and the fixes to the grouping
//! - [`wrap`], [`view`]: rows of text, and drawing from `&App`; [`theme`]: its styles and symbols

pub mod action;
pub mod app;
pub mod config;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod list;
pub mod log;
pub mod marks;
pub mod quotes;
pub mod runtime;
pub mod search;
pub mod stories;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod workers;
pub mod wrap;
