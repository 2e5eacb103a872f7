//! JSON and Markdown output of what `corpus` and `claims` found.

use crate::cli::ReportFormat;
use crate::corpus::Corpus;

/// Writes the report of `corpus` in `format`.
pub fn write(
    _corpus: &Corpus,
    _format: ReportFormat,
    _out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    anyhow::bail!("report is not built yet")
}
