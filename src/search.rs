//! The search index and ranking over every sentence and quote. No terminal code here.

use crate::corpus::Corpus;

/// Prints the hits for `query`, best first: one per line, or JSON.
pub fn write_cli(
    _corpus: &Corpus,
    _query: &str,
    _limit: usize,
    _json: bool,
    _out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    anyhow::bail!("search is not built yet")
}
