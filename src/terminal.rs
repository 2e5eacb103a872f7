//! The terminal runner: set up, event loop, and restoring the terminal on quit, error, panic and signals.

use crate::corpus::Corpus;

/// Runs the reader until the user quits.
pub fn run(_corpus: Corpus) -> anyhow::Result<()> {
    anyhow::bail!("the reader is not built yet")
}
