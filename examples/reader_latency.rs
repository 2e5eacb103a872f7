//! How long the reader's UI thread takes per key on a big input: `App::update` plus one frame
//! drawn into a 200x50 test terminal, for the first frame and for the keys that move far (G,
//! gg, PgDn, a search jump, a resize). The time to load the input is printed apart: in the
//! reader it runs in the background.
//!
//! `cargo run --release --example reader_latency -- [PATH...]` (default: the 200,000-sentence
//! file `cargo run --release --example make_sentences` writes, target/sentences-200000.txt).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use parallax::corpus::{self, LoadOptions, SentenceRef};
use parallax::search::{Hit, Results};
use parallax::tui::action::{Action, Effect};
use parallax::tui::app::App;
use parallax::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() -> anyhow::Result<()> {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        let big = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sentences-200000.txt");
        if !big.exists() {
            bail!(
                "{} is absent: run `cargo run --release --example make_sentences` first",
                big.display()
            );
        }
        paths.push(big.display().to_string());
    }
    let started = Instant::now();
    let corpus = corpus::load(
        &paths,
        &LoadOptions {
            max_bytes: u64::MAX,
            ..LoadOptions::default()
        },
    );
    let sentences: usize = corpus.articles.iter().map(|a| a.sentences.len()).sum();
    println!(
        "loaded {} articles, {sentences} sentences in {:?} (background in the reader)",
        corpus.articles.len(),
        started.elapsed()
    );
    let corpus = Arc::new(corpus);
    let mut terminal = Terminal::new(TestBackend::new(200, 50))?;

    let t = Instant::now();
    let mut app = App::new(corpus.clone(), false);
    app.update(Action::Resize {
        width: 200,
        height: 50,
    });
    terminal.draw(|f| view::render(&app, f))?;
    println!("first frame             {:>10.3?}", t.elapsed());

    let last = corpus.articles[0].sentences.len().saturating_sub(1);
    let middle = SentenceRef {
        article: 0,
        sentence: last / 2,
    };
    // A search hit in the middle of the article, chosen from the prompt.
    app.update(Action::OpenSearch);
    let generation = match app.update(Action::SearchInput('x')) {
        Some(Effect::Search(request)) => request.generation,
        _ => bail!("typing in the prompt asked for no search"),
    };
    let mut per_article = vec![0; corpus.articles.len()];
    per_article[0] = 1;
    let results = Results {
        query: "x".into(),
        hits: vec![Hit {
            at: middle,
            score: 1,
            ranges: Vec::new(),
        }],
        total: 1,
        per_article,
        complete: true,
    };
    app.update(Action::SearchResults {
        generation,
        results,
    });
    let mut worst = step(
        &mut app,
        &mut terminal,
        "search jump (middle)",
        &[Action::Select],
    )?;
    for (name, actions) in [
        ("G (to the end)", vec![Action::Bottom]),
        ("PgUp at the end", vec![Action::PageUp]),
        ("k at the end", vec![Action::Up]),
        ("gg (to the top)", vec![Action::Top]),
        ("PgDn", vec![Action::PageDown]),
        ("G again", vec![Action::Bottom]),
        (
            "resize at the end",
            vec![Action::Resize {
                width: 160,
                height: 50,
            }],
        ),
        (
            "resize back",
            vec![Action::Resize {
                width: 200,
                height: 50,
            }],
        ),
        (
            "wheel down",
            vec![Action::Scroll {
                column: 10,
                row: 10,
                lines: 1,
            }],
        ),
    ] {
        worst = worst.max(step(&mut app, &mut terminal, name, &actions)?);
    }
    println!("worst key               {worst:>10.3?}");
    Ok(())
}

/// Applies the actions and draws a frame, as the reader does for a key; prints the time taken.
fn step(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    name: &str,
    actions: &[Action],
) -> anyhow::Result<Duration> {
    let t = Instant::now();
    for a in actions {
        app.update(a.clone());
    }
    terminal.draw(|f| view::render(app, f))?;
    let took = t.elapsed();
    println!("{name:<24}{took:>10.3?}");
    Ok(took)
}
