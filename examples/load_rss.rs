//! Memory of a full load (what the reader holds), measured from inside: the text loaded, how
//! many sentences borrow their text from their article rather than holding a copy, and the
//! peak resident size (VmHWM) after loading and after building the search index over it.
//!
//! `cargo run --release --example load_rss -- PATH...` (one input set per run: the peak is the
//! process's). Default: the ECB+ plain texts in ../shared/data (said when absent).
//! For `parallax report` and `parallax search` measure the whole process instead:
//! `/usr/bin/time -f '%e s %M KB' target/release/parallax report DIR > /dev/null`.

mod common;

use std::path::Path;
use std::time::Instant;

use parallax::corpus::{self, LoadOptions};
use parallax::search::Index;

fn main() -> anyhow::Result<()> {
    let mut inputs: Vec<String> = std::env::args().skip(1).collect();
    if inputs.is_empty() {
        let ecb = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ecbplus/plaintext");
        if !ecb.exists() {
            anyhow::bail!("{} is absent: give the inputs to load", ecb.display());
        }
        inputs.push(ecb.display().to_string());
    }
    println!("at start: peak RSS {:.1} MB", common::status_mb("VmHWM"));
    let started = Instant::now();
    let corpus = corpus::load(
        &inputs,
        &LoadOptions {
            max_bytes: u64::MAX,
            ..LoadOptions::default()
        },
    );
    let load = started.elapsed();
    let text: usize = corpus.articles.iter().map(|a| a.text.len()).sum();
    let sentences = corpus.articles.iter().flat_map(|a| &a.sentences);
    let (mut count, mut shared, mut shared_bytes, mut own_bytes) = (0, 0, 0, 0);
    for s in sentences {
        count += 1;
        if s.text.is_shared() {
            shared += 1;
            shared_bytes += s.text.len();
        } else {
            own_bytes += s.text.len();
        }
    }
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "loaded {} articles, {:.2} MB of text, {count} sentences in {:.0} ms",
        corpus.articles.len(),
        mb(text),
        load.as_secs_f64() * 1e3
    );
    println!(
        "  {shared} sentences borrow their text ({:.2} MB not copied), {} hold their own ({:.2} MB)",
        mb(shared_bytes),
        count - shared,
        mb(own_bytes)
    );
    println!(
        "after loading: peak RSS {:.1} MB ({:.1}x the text), RSS {:.1} MB",
        common::status_mb("VmHWM"),
        common::status_mb("VmHWM") * 1_048_576.0 / text.max(1) as f64,
        common::status_mb("VmRSS")
    );
    let started = Instant::now();
    let index = Index::new(&corpus);
    println!(
        "after the search index ({:.0} ms): peak RSS {:.1} MB, RSS {:.1} MB",
        started.elapsed().as_secs_f64() * 1e3,
        common::status_mb("VmHWM"),
        common::status_mb("VmRSS")
    );
    drop(index);
    Ok(())
}
