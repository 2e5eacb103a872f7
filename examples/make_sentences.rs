//! Builds the benchmark file of real news sentences, one per line: the ECB+ and MSRP sentences
//! from ../shared/data, repeated with a counter until there are enough.
//!
//! `cargo run --release --example make_sentences -- [--suffix] [COUNT] [OUT]`
//! (defaults: 200000 and target/sentences-200000.txt, or target/sentences-200000-suffix.txt).
//! Each repeat carries its copy number: `(N) ` in front, or with `--suffix` ` (N)` at the end of
//! every line (the heavier case: the number becomes a sentence of its own). Never writes into
//! the repository's sources.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let suffix = args.iter().any(|a| a == "--suffix");
    args.retain(|a| a != "--suffix");
    let mut args = args.into_iter();
    let count: usize = match args.next() {
        Some(n) => n.parse().with_context(|| format!("not a count: {n}"))?,
        None => 200_000,
    };
    let out = args.next().map(PathBuf::from).unwrap_or_else(|| {
        let tail = if suffix { "-suffix" } else { "" };
        root.join("target")
            .join(format!("sentences-{count}{tail}.txt"))
    });
    let data = root.join("../shared/data");
    if !data.is_dir() {
        bail!(
            "the shared data is absent: {} does not exist (it holds the ECB+ and MSRP sentences)",
            data.display()
        );
    }
    let sentences = gather(&data)?;
    if sentences.is_empty() {
        bail!("no sentences found under {}", data.display());
    }
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&out).with_context(|| format!("creating {}", out.display()))?,
    );
    for i in 0..count {
        let copy = i / sentences.len();
        let sentence = &sentences[i % sentences.len()];
        if suffix {
            writeln!(file, "{sentence} ({})", copy + 1)?;
        } else if copy == 0 {
            writeln!(file, "{sentence}")?;
        } else {
            // In front: after the final stop it would be read as a sentence of its own.
            writeln!(file, "({copy}) {sentence}")?;
        }
    }
    file.flush()
        .with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {count} lines ({} distinct sentences) to {}",
        sentences.len(),
        out.display()
    );
    Ok(())
}

/// The ECB+ plain-text sentences (not the source URLs) and the MSRP sentences.
fn gather(data: &Path) -> anyhow::Result<Vec<String>> {
    let mut sentences = Vec::new();
    let ecb = data.join("ecbplus/plaintext");
    let mut topics: Vec<PathBuf> = std::fs::read_dir(&ecb)
        .with_context(|| format!("reading {}", ecb.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    topics.sort();
    for topic in topics {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&topic)
            .with_context(|| format!("reading {}", topic.display()))?
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            sentences.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with("http"))
                    .map(String::from),
            );
        }
    }
    let msrp = data.join("msrp/msr_paraphrase_data.txt");
    let text =
        std::fs::read_to_string(&msrp).with_context(|| format!("reading {}", msrp.display()))?;
    sentences.extend(
        text.lines()
            .skip(1)
            .filter_map(|l| l.split('\t').nth(1))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from),
    );
    Ok(sentences)
}
