//! Rendering from `&App` only: panes, overlays, status bar.
