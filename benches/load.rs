//! Load + split (+ wrap, as the reader's first frame needs it) speed: the seeds, the 982 ECB+
//! articles (when ../shared is present), and one large file of 200,000 one-per-line sentences
//! (~26 MB), built in memory.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use parallax::corpus::{self, Article, Corpus, Document, LoadOptions, boilerplate, meta, split};
use parallax::tui::wrap::wrap_article;

/// Pane width the wrap step uses: five panes side by side on a 200-column terminal.
const PANE_WIDTH: u16 = 38;

/// Load, split and wrap every article at one pane width, as the reader does before its first frame.
fn load_split_wrap(inputs: &[String]) -> Corpus {
    let corpus = corpus::load(inputs, &LoadOptions::default());
    for article in &corpus.articles {
        black_box(wrap_article(article, PANE_WIDTH, &|_| true));
    }
    corpus
}

fn ecbplus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ecbplus/plaintext")
}

fn bench_seeds(c: &mut Criterion) {
    let inputs = vec![corpus::seeds_dir().display().to_string()];
    c.bench_function("load+split seeds (5 articles)", |b| {
        b.iter(|| black_box(corpus::load(&inputs, &LoadOptions::default())))
    });
    c.bench_function("load+split+wrap seeds (5 articles)", |b| {
        b.iter(|| black_box(load_split_wrap(&inputs)))
    });
}

fn bench_ecbplus(c: &mut Criterion) {
    let dir = ecbplus_dir();
    if !dir.is_dir() {
        eprintln!(
            "note: {} is absent; skipping the ECB+ benchmark (it needs ../shared/data)",
            dir.display()
        );
        return;
    }
    let inputs = vec![dir.display().to_string()];
    let corpus = corpus::load(&inputs, &LoadOptions::default());
    let sentences: usize = corpus.articles.iter().map(|a| a.sentences.len()).sum();
    eprintln!(
        "note: ECB+ plaintext: {} articles, {} sentences",
        corpus.articles.len(),
        sentences
    );
    let mut group = c.benchmark_group("ecbplus");
    group.sample_size(20);
    group.bench_function("load+split 982 articles", |b| {
        b.iter(|| black_box(corpus::load(&inputs, &LoadOptions::default())))
    });
    group.bench_function("load+split+wrap 982 articles", |b| {
        b.iter(|| black_box(load_split_wrap(&inputs)))
    });
    group.finish();
}

/// About 26 MB: 200,000 varied news-like sentences, one per line.
fn big_text() -> String {
    let templates = [
        (
            "Mr. Smith told the U.S. Senate on Jan. 5 that",
            "troops had been deployed and that \"the situation is stable.\"",
        ),
        (
            "Prices rose 3.5 percent in the quarter, the ministry said, while",
            "civilian casualties were still being counted by the authorities.",
        ),
        (
            "\u{201C}We understand that the events are not the first attempt,\u{201D} said",
            "delegates at the extraordinary session in St. Petersburg.",
        ),
        (
            "The Ministry of Internal Affairs of Kazakhstan reported the detention of almost",
            "people after the week of unrest in Almaty and the regions.",
        ),
    ];
    let mut s = String::with_capacity(27 << 20);
    for i in 0..200_000usize {
        let (a, b) = templates[i % templates.len()];
        s.push_str(&format!("{a} {i} {b}\n"));
    }
    s
}

fn bench_big(c: &mut Criterion) {
    let text = big_text();
    eprintln!(
        "note: big file: {:.1} MB",
        text.len() as f64 / (1 << 20) as f64
    );
    let bytes = text.into_bytes();
    let mut group = c.benchmark_group("big");
    group.sample_size(10);
    group.bench_function("document_from_bytes+split 200k lines", |b| {
        b.iter(|| {
            let docs = corpus::document_from_bytes("big.txt", bytes.clone()).unwrap();
            let a: Vec<Article> = docs.into_iter().map(Article::from_document).collect();
            black_box(a)
        })
    });
    group.finish();
}

/// The documents of an input, decoded once, for the stage benchmarks.
fn documents(inputs: &[(String, Vec<u8>)]) -> Vec<Document> {
    inputs
        .iter()
        .flat_map(|(name, b)| corpus::document_from_bytes(name, b.clone()).unwrap_or_default())
        .collect()
}

/// Each loading stage on its own over a set of inputs: decode, paragraphs, sentences (with
/// display text), boilerplate, and the whole analysis.
fn stages(c: &mut Criterion, group_name: &str, inputs: &[(String, Vec<u8>)]) {
    let docs = documents(inputs);
    let paragraphs: Vec<_> = docs.iter().map(|d| split::paragraphs(&d.text)).collect();
    let mut group = c.benchmark_group(group_name);
    group.sample_size(10);
    group.bench_function("decode", |b| b.iter(|| black_box(documents(inputs))));
    group.bench_function("paragraphs", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(split::paragraphs(&d.text));
            }
        })
    });
    group.bench_function("sentences (split only)", |b| {
        let mut pieces = Vec::new();
        b.iter(|| {
            for (d, ps) in docs.iter().zip(&paragraphs) {
                for p in ps {
                    pieces.clear();
                    split::sentences_into(&d.text, p.clone(), &mut pieces);
                    black_box(&pieces);
                }
            }
        })
    });
    let analysed: Vec<Article> = docs.iter().cloned().map(Article::from_document).collect();
    group.bench_function("boilerplate", |b| {
        b.iter_batched(
            || {
                analysed
                    .iter()
                    .map(|a| a.sentences.clone())
                    .collect::<Vec<_>>()
            },
            |mut all| {
                for s in &mut all {
                    let (title, at) = meta::title(s);
                    boilerplate::flag(s, &title, at);
                }
                all
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("whole analysis (from_document)", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| {
                docs.into_iter()
                    .map(Article::from_document)
                    .collect::<Vec<_>>()
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// Input files as (name, bytes).
type Inputs = Vec<(String, Vec<u8>)>;

/// The ECB+ files and the 200,000-line file of real sentences, as bytes; each absent input is
/// said and skipped.
fn stage_inputs() -> Vec<(&'static str, Inputs)> {
    let mut out = Vec::new();
    let dir = ecbplus_dir();
    if dir.is_dir() {
        let mut files = Vec::new();
        for topic in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            for f in std::fs::read_dir(topic.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                files.push(f.path());
            }
        }
        files.sort();
        let inputs = files
            .iter()
            .filter_map(|f| Some((f.display().to_string(), std::fs::read(f).ok()?)))
            .collect();
        out.push(("stages_ecbplus", inputs));
    } else {
        eprintln!(
            "note: {} is absent; skipping the ECB+ stages",
            dir.display()
        );
    }
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/sentences-200000.txt");
    match std::fs::read(&file) {
        Ok(bytes) => out.push(("stages_200k", vec![(file.display().to_string(), bytes)])),
        Err(_) => eprintln!(
            "note: {} is absent; run `cargo run --release --example make_sentences`",
            file.display()
        ),
    }
    out
}

fn bench_stages(c: &mut Criterion) {
    for (name, inputs) in stage_inputs() {
        stages(c, name, &inputs);
    }
}

criterion_group!(benches, bench_seeds, bench_ecbplus, bench_big, bench_stages);
criterion_main!(benches);
