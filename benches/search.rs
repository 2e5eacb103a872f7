//! Search speed: building the index, one keystroke from scratch, and typing a whole query with
//! a session, at 50,000 and 200,000 real news sentences. Criterion reports means; for the 99th
//! percentile run `cargo run --release --example search_latency`.
//!
//! Needs the sentence files: `cargo run --release --example make_sentences` and
//! `cargo run --release --example make_sentences -- 50000` (they read ../shared/data).

use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use criterion::{Criterion, criterion_group, criterion_main};
use parallax::corpus::{self, Corpus, LoadOptions};
use parallax::output::search as cli;
use parallax::search::{Index, Session};

fn corpus(count: usize) -> Option<Corpus> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!("sentences-{count}.txt"));
    if !file.exists() {
        eprintln!(
            "skipping the {count}-sentence benchmarks: {} is absent; run \
             `cargo run --release --example make_sentences -- {count}` (needs ../shared/data)",
            file.display()
        );
        return None;
    }
    Some(corpus::load(
        &[file.display().to_string()],
        &LoadOptions {
            max_bytes: u64::MAX,
            ..LoadOptions::default()
        },
    ))
}

fn type_query(index: &Index, query: &str) {
    let cancel = AtomicBool::new(false);
    let mut session = Session::new();
    for end in 1..=query.len() {
        black_box(session.search(index, &query[..end], &|_, _| true, 100, &cancel, None));
    }
}

fn bench(c: &mut Criterion) {
    for count in [50_000, 200_000] {
        let Some(corpus) = corpus(count) else {
            continue;
        };
        let label = format!("{}k", count / 1000);
        let mut group = c.benchmark_group(format!("search_{label}"));
        group.sample_size(10);
        group.bench_function("index", |b| b.iter(|| Index::new(black_box(&corpus))));
        let index = Index::new(&corpus);
        let cancel = AtomicBool::new(false);
        for query in ["police", "lindsay lohan", "presidnet"] {
            group.bench_function(format!("keystroke_fresh/{query}"), |b| {
                b.iter(|| index.search(black_box(query), &|_, _| true, 100, &cancel))
            });
        }
        // 15 keystrokes: divide by 15 for the mean per keystroke.
        group.bench_function("type/tara reid rehab", |b| {
            b.iter(|| type_query(&index, "tara reid rehab"))
        });
        group.finish();
    }
}

/// `parallax search` without the process: query-first loading plus the printed hits, against
/// loading everything first, on the 200,000-line file and on ECB+.
fn bench_query_first(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = [
        ("cli_200k", root.join("target/sentences-200000.txt")),
        ("cli_ecbplus", root.join("../shared/data/ecbplus/plaintext")),
    ];
    let opts = LoadOptions {
        max_bytes: u64::MAX,
        ..LoadOptions::default()
    };
    for (name, path) in inputs {
        if !path.exists() {
            eprintln!("skipping {name}: {} is absent", path.display());
            continue;
        }
        let paths = [path.display().to_string()];
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for query in [
            "earthquake",
            "police said",
            "troops kazakhstan",
            "presidnet",
        ] {
            group.bench_function(format!("query_first/{query}"), |b| {
                b.iter(|| {
                    let corpus = cli::load(&paths, &opts, query);
                    let mut out = Vec::new();
                    cli::write_cli(&corpus, query, 20, false, &mut out).unwrap();
                    black_box(out)
                })
            });
        }
        group.bench_function("load_everything/earthquake", |b| {
            b.iter(|| {
                let corpus = cli::Searchable::whole(corpus::load(&paths, &opts));
                let mut out = Vec::new();
                cli::write_cli(&corpus, "earthquake", 20, false, &mut out).unwrap();
                black_box(out)
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench, bench_query_first);
criterion_main!(benches);
