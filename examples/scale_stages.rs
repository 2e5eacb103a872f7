//! Does each stage grow with the text? Builds scaled copies of the ECB+ articles (each topic
//! copied, names and numbers rewritten per copy so copies are new events, not duplicates) and
//! reports CPU, wall time and RSS per stage at each scale: decode, split (paragraphs and
//! sentences), boilerplate, search index, claim features (with what the quotes and facts read
//! of each article, which runs beside features and linking), linking, grouping into claims,
//! then the words each sentence shares with its claims and the grouping of quotes and facts
//! (side by side, one stage).
//!
//! `cargo run --release --example scale_stages -- [SCALES...]` (default: 1 4 16). Needs
//! ../shared/data/ecbplus/plaintext and says so when it is absent. CPU is the time on a core of
//! all the process's threads (the main one and the rayon pool's, which live throughout), as
//! the scheduler counts it; RSS is the resident size after the stage. The column "cpu/MB" divides a stage's CPU per MB by its CPU per MB at the first
//! scale: about 1 means linear in the text. The stages from linking on work on the links, and
//! the copies link to each other (a sentence without a name or a number is the same in every
//! copy, and one whose names alone differ still reads as the same claim), so links per MB grow
//! with the scale; for those stages the column "cpu/link" divides their CPU per link by its
//! value at the first scale: about 1 means linear in the links.

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use parallax::corpus::{self, Article, Document, boilerplate, meta, split};
use parallax::search::Index;

/// One measured stage.
struct Stage {
    name: &'static str,
    cpu: f64,
    wall: f64,
    rss: f64,
}

/// Times stages one after another.
struct Clock {
    stages: Vec<Stage>,
    cpu: f64,
    wall: Instant,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            stages: Vec::new(),
            cpu: common::live_cpu_ms(),
            wall: Instant::now(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let cpu = common::live_cpu_ms();
        self.stages.push(Stage {
            name,
            cpu: cpu - self.cpu,
            wall: self.wall.elapsed().as_secs_f64() * 1000.0,
            rss: common::status_mb("VmRSS"),
        });
        self.cpu = cpu;
        self.wall = Instant::now();
    }
}

/// The ECB+ articles, by topic: (file name, text).
fn topics(dir: &Path) -> anyhow::Result<Vec<Vec<(String, String)>>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for d in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
            .with_context(|| format!("reading {}", d.display()))?
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        let mut topic = Vec::new();
        for f in files {
            let text =
                std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
            topic.push((f.display().to_string(), text));
        }
        out.push(topic);
    }
    Ok(out)
}

/// The text of copy `copy`: every capitalised word and every number changed the same way
/// throughout the copy, so the copy is another event with the same shape.
fn rewrite(text: &str, copy: usize) -> String {
    if copy == 0 {
        return text.to_string();
    }
    let tag: String = {
        let mut n = copy;
        let mut s = String::new();
        while n > 0 {
            s.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
        }
        s
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            let n: u64 = word.parse().unwrap_or(0);
            out.push_str(&(n + 7 * copy as u64).to_string());
        } else if word.len() >= 3 && word.starts_with(|c: char| c.is_uppercase()) {
            out.push_str(word);
            out.push_str(&tag);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// What one scale gave: its text bytes, its stages, and the engine's links and claims.
type Measured = (usize, Vec<Stage>, usize, usize);

fn measure(topics: &[Vec<(String, String)>], scale: usize) -> Measured {
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for copy in 0..scale {
        for topic in topics {
            for (name, text) in topic {
                inputs.push((format!("{name}#{copy}"), rewrite(text, copy).into_bytes()));
            }
        }
    }
    let bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum();
    let mut clock = Clock::new();
    let docs: Vec<Document> = inputs
        .into_iter()
        .flat_map(|(name, b)| corpus::document_from_bytes(&name, b).unwrap_or_default())
        .collect();
    clock.lap("decode");
    // The stages of `Article::from_document`, one by one over all articles.
    let paragraphs: Vec<_> = docs.iter().map(|d| split::paragraphs(&d.text)).collect();
    let mut sentences: Vec<Vec<corpus::Sentence>> = docs
        .iter()
        .zip(&paragraphs)
        .map(|(d, ps)| {
            let mut out = Vec::new();
            for (p, r) in ps.iter().enumerate() {
                for piece in split::sentences(&d.text, r.clone()) {
                    let raw = &d.text[piece.span.clone()];
                    let shown = if piece.heading {
                        raw.trim_start_matches('#')
                    } else {
                        raw
                    };
                    let text = corpus::sanitize::display(shown);
                    if !text.is_empty() {
                        out.push(corpus::Sentence {
                            span: piece.span,
                            paragraph: p,
                            text: text.into(),
                            boilerplate: None,
                            heading: piece.heading,
                        });
                    }
                }
            }
            out
        })
        .collect();
    clock.lap("split");
    for s in &mut sentences {
        let (title, at) = meta::title(s);
        boilerplate::flag(s, &title, at);
    }
    clock.lap("boilerplate");
    drop((paragraphs, sentences));
    // The articles as the program makes them (in parallel, as loading does).
    use rayon::prelude::*;
    let articles: Vec<Article> = docs.into_par_iter().map(Article::from_document).collect();
    clock.lap("articles (all of the above, parallel)");
    let index = Index::new(&corpus::Corpus {
        articles: articles.clone(),
        skipped: Vec::new(),
    });
    clock.lap("search index");
    drop(index);
    // The engine's own stages, told apart by its progress marks (0.15 features, up to 0.75
    // linking, 0.8 claims, 0.9 shared words, quotes and facts grouped; quotes and facts are
    // read beside the first two).
    let marks = std::sync::Mutex::new(Vec::<(f32, f64, Instant, f64)>::new());
    let start = (common::live_cpu_ms(), Instant::now());
    let analysis = parallax::claims::analyse(&articles, &|f| {
        marks.lock().unwrap().push((
            f,
            common::live_cpu_ms(),
            Instant::now(),
            common::status_mb("VmRSS"),
        ));
    });
    let marks = marks.into_inner().unwrap();
    let at = |f: f32| marks.iter().rev().find(|m| m.0 <= f + 1e-4).cloned();
    let mut prev = (start.0, start.1);
    for (f, name) in [
        (0.15, "claim features"),
        (0.75, "linking"),
        (0.8, "grouping into claims"),
        (0.9, "shared words, quotes, facts"),
    ] {
        if let Some((_, cpu, wall, rss)) = at(f) {
            clock.stages.push(Stage {
                name,
                cpu: cpu - prev.0,
                wall: wall.duration_since(prev.1).as_secs_f64() * 1000.0,
                rss,
            });
            prev = (cpu, wall);
        }
    }
    (
        bytes,
        clock.stages,
        analysis.links.len(),
        analysis.claims.len(),
    )
}

fn main() -> anyhow::Result<()> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ecbplus/plaintext");
    if !data.is_dir() {
        bail!(
            "the ECB+ articles are absent: {} does not exist",
            data.display()
        );
    }
    let mut scales: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().with_context(|| format!("not a scale: {a}")))
        .collect::<anyhow::Result<_>>()?;
    if scales.is_empty() {
        scales = vec![1, 4, 16];
    }
    let topics = topics(&data)?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average {}", load.trim());
    let mut first: Option<(f64, Vec<f64>, f64)> = None;
    // The stages that work on the links.
    let on_links = [
        "linking",
        "grouping into claims",
        "shared words, quotes, facts",
    ];
    for &scale in &scales {
        let (bytes, stages, links, claims) = measure(&topics, scale);
        let mb = bytes as f64 / 1e6;
        println!(
            "\nscale {scale}x: {mb:.1} MB of text, {links} links ({:.0} per MB), {claims} claims",
            links as f64 / mb
        );
        println!(
            "{:<40}{:>10}{:>10}{:>10}{:>12}{:>12}",
            "stage", "cpu ms", "wall ms", "rss MB", "cpu/MB", "cpu/link"
        );
        let per_mb: Vec<f64> = stages.iter().map(|s| s.cpu / mb).collect();
        for (i, s) in stages.iter().enumerate() {
            let growth = first
                .as_ref()
                .and_then(|(_, f, _)| f.get(i))
                .filter(|&&f| f > 0.0)
                .map_or("-".to_string(), |f| format!("{:.2}", per_mb[i] / f));
            // CPU per link against the first scale's (its CPU per MB over its links per MB).
            let per_link = first
                .as_ref()
                .filter(|_| on_links.contains(&s.name))
                .and_then(|(_, f, first_links)| Some((f.get(i)?, first_links)))
                .filter(|(f, _)| **f > 0.0)
                .map_or("-".to_string(), |(f, first_links)| {
                    format!("{:.2}", per_mb[i] / f / (links as f64 / mb / first_links))
                });
            println!(
                "{:<40}{:>10.0}{:>10.0}{:>10.1}{:>12}{:>12}",
                s.name, s.cpu, s.wall, s.rss, growth, per_link
            );
        }
        if first.is_none() {
            first = Some((mb, per_mb, links as f64 / mb));
        }
    }
    Ok(())
}
