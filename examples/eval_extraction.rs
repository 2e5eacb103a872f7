//! Measures HTML article extraction on the pages under tests/fixtures/extraction/: for each
//! `NAME.html`, `NAME.expected` lists the article's sentences, one a line. Reports what
//! fraction of those sentences survive extraction (recall) and how many extracted sentences
//! are not article text (furniture leaking), for each extraction method.
//!
//! Run: `cargo run --example eval_extraction [DIR]` (default: tests/fixtures/extraction).

use std::path::{Path, PathBuf};

use parallax::corpus::formats::html::{self, ExtractOptions};

/// One way of extracting, as measured.
struct Method {
    name: &'static str,
    run: fn(&str) -> String,
}

const METHODS: &[Method] = &[
    Method {
        name: "dom_smoothie, no furniture strip",
        run: |page| {
            let opts = ExtractOptions {
                strip_furniture: false,
                fallback: false,
            };
            html::extract_with(page, None, opts).text
        },
    },
    Method {
        name: "dom_smoothie + furniture strip",
        run: |page| {
            let opts = ExtractOptions {
                strip_furniture: true,
                fallback: false,
            };
            html::extract_with(page, None, opts).text
        },
    },
    Method {
        name: "own extraction alone",
        run: html::own_extraction,
    },
    Method {
        name: "parallax (all steps)",
        run: |page| html::extract(page, None).text,
    },
];

/// Tallies for one method over all pages.
#[derive(Default)]
struct Tally {
    expected: usize,
    survived: usize,
    extracted: usize,
    leaked: usize,
}

fn main() {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extraction"),
        PathBuf::from,
    );
    let pages = pages(&dir);
    if pages.is_empty() {
        eprintln!("no NAME.html + NAME.expected pairs in {}", dir.display());
        std::process::exit(2);
    }
    let mut totals: Vec<Tally> = METHODS.iter().map(|_| Tally::default()).collect();
    for (page_path, expected_path) in &pages {
        let page = std::fs::read_to_string(page_path).expect("reading page");
        let expected_text = std::fs::read_to_string(expected_path).expect("reading expected");
        let expected: Vec<String> = expected_text
            .lines()
            .map(normalise)
            .filter(|l| !l.is_empty())
            .collect();
        let article = expected.join(" ");
        let name = page_path.file_stem().unwrap().to_string_lossy();
        println!("== {name} ({} article sentences)", expected.len());
        let meta = html::extract(&page, None);
        println!(
            "  title {:?} | site {:?} | date {:?} | byline {:?}",
            meta.title.unwrap_or_default(),
            meta.site_name.unwrap_or_default(),
            meta.date.unwrap_or_default(),
            meta.byline.unwrap_or_default()
        );
        for (method, total) in METHODS.iter().zip(&mut totals) {
            let text = normalise(&(method.run)(&page).replace("\n\n", " \u{1}"));
            let survived = expected
                .iter()
                .filter(|s| text.contains(s.as_str()))
                .count();
            let sentences = sentences(&text);
            let leaked: Vec<&String> = sentences
                .iter()
                .filter(|s| !article.contains(s.as_str()))
                .collect();
            println!(
                "  {:<34} survived {:>2}/{:<2}  leaked {:>2}/{:<2}",
                method.name,
                survived,
                expected.len(),
                leaked.len(),
                sentences.len()
            );
            for l in &leaked {
                println!("      leak: {}", shorten(l));
            }
            for missing in expected.iter().filter(|s| !text.contains(s.as_str())) {
                println!("      lost: {}", shorten(missing));
            }
            total.expected += expected.len();
            total.survived += survived;
            total.extracted += sentences.len();
            total.leaked += leaked.len();
        }
    }
    println!("\n== all {} pages", pages.len());
    println!(
        "  {:<34} {:>9} {:>22}",
        "method", "survived", "furniture leaked"
    );
    for (method, t) in METHODS.iter().zip(&totals) {
        println!(
            "  {:<34} {:>5.1}% ({}/{})  {:>5.1}% of extracted ({}/{})",
            method.name,
            percent(t.survived, t.expected),
            t.survived,
            t.expected,
            percent(t.leaked, t.extracted),
            t.leaked,
            t.extracted
        );
    }
}

fn pages(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut pages: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "html"))
                .filter_map(|p| {
                    let expected = p.with_extension("expected");
                    expected.exists().then_some((p, expected))
                })
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

/// Whitespace collapsed (non-breaking spaces included), so layout does not count.
fn normalise(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A plain sentence split for measuring: after `.`, `?` or `!` (and any closing quote)
/// followed by a space and a capital or an opening quote; paragraph marks (`\u{1}`) always split.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{1}' {
            push(&mut out, &mut current);
            i += 1;
            continue;
        }
        current.push(c);
        if matches!(c, '.' | '?' | '!') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '"' | '”' | '’' | ')') {
                current.push(chars[j]);
                j += 1;
            }
            let next = chars.get(j + 1).copied();
            if chars.get(j) == Some(&' ')
                && next.is_some_and(|n| n.is_uppercase() || matches!(n, '“' | '"' | '‘'))
            {
                push(&mut out, &mut current);
                i = j + 1;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(&mut out, &mut current);
    out
}

fn push(out: &mut Vec<String>, current: &mut String) {
    let s = current.trim().to_string();
    if !s.is_empty() {
        out.push(s);
    }
    current.clear();
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 90 {
        format!("{}…", s.chars().take(89).collect::<String>())
    } else {
        s.to_string()
    }
}
