//! Does each stage grow with the text? Builds scaled copies of the ECB+ articles (each topic
//! copied, names and numbers rewritten per copy so copies are new events, not duplicates) and
//! reports CPU, wall time and RSS per stage at each scale: decode, split (paragraphs and
//! sentences), boilerplate, search index, claim features (with what the quotes and facts read
//! of each article, which runs beside features and linking), linking, grouping into claims,
//! then the words each sentence shares with its claims and the grouping of quotes and facts
//! (side by side, one stage).
//!
//! `cargo run --release --example scale_stages -- [SCALES...]` (default: 1 4 16); with
//! `--write DIR` it writes the scaled inputs as files instead, to time the whole program on
//! them (`/usr/bin/time parallax report --format json DIR/16x`). Needs
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
    name: String,
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

    fn lap(&mut self, name: &str) {
        let cpu = common::live_cpu_ms();
        self.stages.push(Stage {
            name: name.to_string(),
            cpu: cpu - self.cpu,
            wall: self.wall.elapsed().as_secs_f64() * 1000.0,
            rss: common::status_mb("VmRSS"),
        });
        self.cpu = cpu;
        self.wall = Instant::now();
    }

    /// Starts the next stage now, leaving out what ran since the last lap.
    fn lap_reset(&mut self) {
        self.cpu = common::live_cpu_ms();
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

/// What one scale gave.
struct Measured {
    /// Bytes of text.
    bytes: usize,
    stages: Vec<Stage>,
    /// Links and claims of the analysis of all articles as one set.
    links: usize,
    claims: usize,
    /// Stories found, and the links and claims of their analyses together.
    stories: usize,
    story_links: usize,
    story_claims: usize,
}

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
    // The engine over all articles as one set, its stages told apart by its progress marks.
    let mut whole = EngineStages::default();
    let analysis = whole.run(|p| parallax::claims::analyse(&articles, p));
    let (links, claims) = (analysis.links.len(), analysis.claims.len());
    drop(analysis);
    clock.stages.extend(whole.stages(""));
    // As `report` and the reader run it: the articles grouped into stories, each story
    // analysed on its own (one after another, each in parallel inside), the stages summed.
    clock.lap_reset();
    let stories = parallax::stories::find(&articles);
    clock.lap("stories: grouping");
    let mut each = EngineStages::default();
    let (mut story_links, mut story_claims) = (0, 0);
    for story in &stories {
        let an = each.run(|p| parallax::stories::analyse_story(&articles, &story.articles, p));
        story_links += an.links.len();
        story_claims += an.claims.len();
    }
    clock.stages.extend(each.stages("stories: "));
    Measured {
        bytes,
        stages: clock.stages,
        links,
        claims,
        stories: stories.len(),
        story_links,
        story_claims,
    }
}

/// The engine's stages (CPU, wall), summed over its runs, told apart by its progress marks
/// (0.15 features, up to 0.75 linking, 0.8 claims, 0.9 shared words, quotes and facts grouped;
/// quotes and facts are read beside the first two).
#[derive(Default)]
struct EngineStages {
    sums: [(f64, f64); 4],
    rss: [f64; 4],
}

const ENGINE_STAGES: [(f32, &str); 4] = [
    (0.15, "claim features"),
    (0.75, "linking"),
    (0.8, "grouping into claims"),
    (0.9, "shared words, quotes, facts"),
];

impl EngineStages {
    /// Runs one analysis, adding its stages' times.
    fn run<T>(&mut self, f: impl FnOnce(&(dyn Fn(f32) + Sync)) -> T) -> T {
        let marks = std::sync::Mutex::new(Vec::<(f32, f64, Instant, f64)>::new());
        let start = (common::live_cpu_ms(), Instant::now());
        let out = f(&|p| {
            marks.lock().unwrap().push((
                p,
                common::live_cpu_ms(),
                Instant::now(),
                common::status_mb("VmRSS"),
            ));
        });
        let marks = marks.into_inner().unwrap();
        let at = |f: f32| marks.iter().rev().find(|m| m.0 <= f + 1e-4).cloned();
        let mut prev = start;
        for (k, (f, _)) in ENGINE_STAGES.iter().enumerate() {
            if let Some((_, cpu, wall, rss)) = at(*f) {
                self.sums[k].0 += cpu - prev.0;
                self.sums[k].1 += wall.duration_since(prev.1).as_secs_f64() * 1000.0;
                self.rss[k] = self.rss[k].max(rss);
                prev = (cpu, wall);
            }
        }
        out
    }

    fn stages(&self, prefix: &str) -> Vec<Stage> {
        ENGINE_STAGES
            .iter()
            .enumerate()
            .map(|(k, (_, name))| Stage {
                name: format!("{prefix}{name}"),
                cpu: self.sums[k].0,
                wall: self.sums[k].1,
                rss: self.rss[k],
            })
            .collect()
    }
}

/// Writes the scaled inputs as files, `DIR/<scale>x/<copy>/<topic>/<file>`, for measuring
/// the whole program on them (`parallax report DIR/16x`).
fn write_scaled(
    topics: &[Vec<(String, String)>],
    scales: &[usize],
    dir: &Path,
) -> anyhow::Result<()> {
    for &scale in scales {
        let mut bytes = 0;
        for copy in 0..scale {
            for topic in topics {
                for (name, text) in topic {
                    let name = Path::new(name);
                    let topic_dir = name
                        .parent()
                        .and_then(|p| p.file_name())
                        .unwrap_or_default();
                    let out = dir
                        .join(format!("{scale}x"))
                        .join(format!("{copy:03}"))
                        .join(topic_dir);
                    std::fs::create_dir_all(&out)
                        .with_context(|| format!("creating {}", out.display()))?;
                    let text = rewrite(text, copy);
                    bytes += text.len();
                    let file = out.join(name.file_name().unwrap_or_default());
                    std::fs::write(&file, text)
                        .with_context(|| format!("writing {}", file.display()))?;
                }
            }
        }
        println!(
            "{}: {scale}x, {:.1} MB of text",
            dir.join(format!("{scale}x")).display(),
            bytes as f64 / 1e6
        );
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ecbplus/plaintext");
    if !data.is_dir() {
        bail!(
            "the ECB+ articles are absent: {} does not exist",
            data.display()
        );
    }
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let write_to = match args.iter().position(|a| a == "--write") {
        Some(i) => {
            let dir = args.get(i + 1).context("--write needs a folder")?.clone();
            args.drain(i..i + 2);
            Some(PathBuf::from(dir))
        }
        None => None,
    };
    let mut scales: Vec<usize> = args
        .iter()
        .map(|a| a.parse().with_context(|| format!("not a scale: {a}")))
        .collect::<anyhow::Result<_>>()?;
    if scales.is_empty() {
        scales = vec![1, 4, 16];
    }
    let topics = topics(&data)?;
    if let Some(dir) = write_to {
        return write_scaled(&topics, &scales, &dir);
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average {}", load.trim());
    // The stages that work on the links, in the whole-set analysis and in the stories'.
    let on_links = |name: &str| -> Option<bool> {
        let story = name.starts_with("stories: ");
        let base = name.trim_start_matches("stories: ");
        [
            "linking",
            "grouping into claims",
            "shared words, quotes, facts",
        ]
        .contains(&base)
        .then_some(story)
    };
    // The first scale's CPU per MB by stage, and its links per MB (whole set, stories).
    let mut first: Option<(Vec<f64>, f64, f64)> = None;
    for &scale in &scales {
        let m = measure(&topics, scale);
        let mb = m.bytes as f64 / 1e6;
        let (links_mb, story_links_mb) = (m.links as f64 / mb, m.story_links as f64 / mb);
        println!(
            "\nscale {scale}x: {mb:.1} MB of text\n  all articles as one set: {} links ({links_mb:.0} per MB), {} claims\n  \
             as report runs it: {} stories, {} links ({story_links_mb:.0} per MB), {} claims",
            m.links, m.claims, m.stories, m.story_links, m.story_claims
        );
        println!(
            "{:<44}{:>10}{:>10}{:>10}{:>10}{:>10}",
            "stage", "cpu ms", "wall ms", "rss MB", "cpu/MB", "cpu/link"
        );
        let per_mb: Vec<f64> = m.stages.iter().map(|s| s.cpu / mb).collect();
        for (i, s) in m.stages.iter().enumerate() {
            let base = first
                .as_ref()
                .and_then(|(f, _, _)| f.get(i))
                .filter(|&&f| f > 0.0);
            let growth = base.map_or("-".to_string(), |f| format!("{:.2}", per_mb[i] / f));
            // CPU per link against the first scale's (its CPU per MB over its links per MB).
            let per_link = match (base, &first, on_links(&s.name)) {
                (Some(f), Some((_, l0, s0)), Some(story)) => {
                    let growth_links = if story {
                        story_links_mb / s0
                    } else {
                        links_mb / l0
                    };
                    format!("{:.2}", per_mb[i] / f / growth_links)
                }
                _ => "-".to_string(),
            };
            println!(
                "{:<44}{:>10.0}{:>10.0}{:>10.1}{:>10}{:>10}",
                s.name, s.cpu, s.wall, s.rss, growth, per_link
            );
        }
        if first.is_none() {
            first = Some((per_mb, links_mb, story_links_mb));
        }
    }
    Ok(())
}
