//! Keystroke-to-results latency as a reader types, with percentiles (criterion reports means;
//! the budget is on the 99th percentile). Also times loading and indexing, so the whole-process
//! cost can be split.
//!
//! `cargo run --release --example make_sentences` (and `-- 50000`) first, then
//! `cargo run --release --example search_latency -- [FILE...]`
//! (default: target/sentences-50000.txt and target/sentences-200000.txt).

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use parallax::corpus::{self, LoadOptions};
use parallax::search::{Index, Session};

/// Queries typed one character at a time, as a reader would.
const QUERIES: &[&str] = &[
    "lindsay lohan",
    "earthquake",
    "police said",
    "tara reid rehab",
    "microsoft",
    "stock market fell",
    "the company said",
    "iphone",
    "hurricane",
    "shares fell",
    "according to the",
    "presidnet",
    "oscar nominations",
    "a",
    "2003",
    "sixteen",
];

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        files = ["sentences-50000.txt", "sentences-200000.txt"]
            .iter()
            .map(|f| root.join("target").join(f).display().to_string())
            .collect();
    }
    for file in files {
        if !Path::new(&file).exists() {
            anyhow::bail!(
                "{file} is absent: run `cargo run --release --example make_sentences` \
                 (needs ../shared/data)"
            );
        }
        // The machine may be shared: take the fastest of three runs for the one-off stages.
        let (mut load, mut build, mut fresh) = (Duration::MAX, Duration::MAX, Duration::MAX);
        let mut index = None;
        for _ in 0..3 {
            let started = Instant::now();
            let corpus = corpus::load(
                std::slice::from_ref(&file),
                &LoadOptions {
                    max_bytes: u64::MAX,
                    ..LoadOptions::default()
                },
            );
            load = load.min(started.elapsed());
            let started = Instant::now();
            let built = Index::new(&corpus);
            build = build.min(started.elapsed());
            let started = Instant::now();
            std::hint::black_box(built.search("lohan", &|_, _| true, 20, &AtomicBool::new(false)));
            fresh = fresh.min(started.elapsed());
            index = Some(built);
        }
        let index = index.expect("built");
        println!(
            "{file}: {} sentences; load {:.0} ms, index {:.0} ms, one search {:.1} ms \
             (fastest of 3)",
            index.len(),
            ms(load),
            ms(build),
            ms(fresh)
        );
        let cancel = AtomicBool::new(false);
        let mut times = Vec::new();
        let mut worst = (Duration::ZERO, String::new());
        for query in QUERIES {
            let mut session = Session::new();
            for end in 1..=query.len() {
                let typed = &query[..end];
                let started = Instant::now();
                let results = session
                    .search(&index, typed, &|_, _| true, 100, &cancel, None)
                    .expect("never cancelled");
                let took = started.elapsed();
                std::hint::black_box(results);
                if took > worst.0 {
                    worst = (took, typed.to_string());
                }
                times.push(took);
            }
        }
        times.sort();
        let pct = |p: f64| ms(times[((times.len() - 1) as f64 * p).round() as usize]);
        let mean = ms(times.iter().sum::<Duration>()) / times.len() as f64;
        println!(
            "  {} keystrokes: mean {mean:.1} ms, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({:?})",
            times.len(),
            pct(0.5),
            pct(0.9),
            pct(0.99),
            ms(worst.0),
            worst.1
        );
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
