//! Reader speed: a full frame drawn into a 200x50 test terminal, and `App::update` for a key, a
//! page, the end and back (G, gg) and a resize, on the seeds and on a big set: the ECB+
//! plaintext articles (982) and one article of 200,000 sentences.
//!
//! The big sets need ../shared/data (ECB+) and `cargo run --release --example make_sentences`;
//! without them only the seeds run.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use parallax::corpus::{self, Corpus, LoadOptions};
use parallax::tui::action::{Action, Shared};
use parallax::tui::app::App;
use parallax::tui::view;
use parallax::tui::workers::Findings;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn load(paths: Vec<String>) -> Corpus {
    corpus::load(
        &paths,
        &LoadOptions {
            max_bytes: u64::MAX,
            ..LoadOptions::default()
        },
    )
}

/// The sets measured, by name; the absent ones are named on stderr.
fn sets() -> Vec<(&'static str, Corpus)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sets = vec![(
        "seeds",
        load(vec![root.join("seeds").display().to_string()]),
    )];
    let ecb = root.join("../shared/data/ecbplus/plaintext");
    match std::fs::read_dir(&ecb) {
        Ok(dirs) => {
            let mut paths: Vec<PathBuf> = dirs.flatten().map(|d| d.path()).collect();
            paths.sort();
            let paths = paths.iter().map(|p| p.display().to_string()).collect();
            sets.push(("ecbplus", load(paths)));
        }
        Err(_) => eprintln!("skipping ECB+: {} is absent", ecb.display()),
    }
    let big = root.join("target/sentences-200000.txt");
    if big.exists() {
        sets.push(("200k-sentences", load(vec![big.display().to_string()])));
    } else {
        eprintln!(
            "skipping the 200,000-sentence article: run `cargo run --release --example make_sentences`"
        );
    }
    sets
}

/// A reader at 200x50 with the claims analysis in.
fn reader(corpus: &Arc<Corpus>) -> App {
    let mut app = App::new(corpus.clone(), false);
    app.update(Action::Resize {
        width: 200,
        height: 50,
    });
    if corpus.articles.len() > 1 {
        let analysis = parallax::claims::analyse(&corpus.articles, &|_| {});
        let findings = Findings::new(&corpus.articles, analysis);
        app.update(Action::ClaimsReady(Shared(Arc::new(findings))));
    }
    app
}

fn bench(c: &mut Criterion) {
    for (name, corpus) in sets() {
        let corpus = Arc::new(corpus);
        let mut app = reader(&corpus);
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a test terminal");
        c.bench_with_input(BenchmarkId::new("frame", name), &(), |b, _| {
            b.iter(|| {
                terminal
                    .draw(|f| view::render(black_box(&app), f))
                    .expect("drawn");
            })
        });
        c.bench_with_input(BenchmarkId::new("update_key", name), &(), |b, _| {
            b.iter(|| {
                app.update(Action::Down);
                app.update(Action::Up);
            })
        });
        c.bench_with_input(BenchmarkId::new("update_page", name), &(), |b, _| {
            b.iter(|| {
                app.update(Action::PageDown);
                app.update(Action::PageUp);
            })
        });
        // To the end and back: a pane's place is a sentence, so this costs a page, not the
        // article's length.
        c.bench_with_input(BenchmarkId::new("update_end", name), &(), |b, _| {
            b.iter(|| {
                app.update(Action::Bottom);
                app.update(Action::Top);
            })
        });
        c.bench_with_input(BenchmarkId::new("update_resize", name), &(), |b, _| {
            let mut wide = false;
            b.iter(|| {
                wide = !wide;
                app.update(Action::Resize {
                    width: if wide { 200 } else { 160 },
                    height: 50,
                })
            })
        });
        c.bench_with_input(BenchmarkId::new("first_frame", name), &(), |b, _| {
            b.iter(|| {
                let mut app = App::new(corpus.clone(), false);
                app.update(Action::Resize {
                    width: 200,
                    height: 50,
                });
                terminal.draw(|f| view::render(&app, f)).expect("drawn");
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
