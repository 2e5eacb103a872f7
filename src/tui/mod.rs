//! The reader: terminal guard and event loop, app state and actions, keymap, wrapping and drawing.
//! It turns keys into actions and state into cells; the analysis it shows comes from the pure
//! modules (`corpus`, `claims`, `search`).

pub mod app;
pub mod keymap;
pub mod stories;
pub mod terminal;
pub mod view;
pub mod wrap;
