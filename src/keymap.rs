//! Pure key bindings: (mode, key) -> action; the help overlay is generated from this table.
