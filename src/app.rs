//! App state and `Action`s; `App::update` is the only place state changes.
