//! `parallax search`: the hits for one query, as lines or JSON.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use serde::Serialize;

use crate::corpus::{self, Article, Corpus, LoadOptions};
use crate::search::Index;
use crate::search::prefilter::Prefilter;

#[derive(Serialize)]
struct JsonOut<'a> {
    query: &'a str,
    hits: Vec<JsonHit<'a>>,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    path: &'a str,
    source: &'a str,
    article: usize,
    sentence: usize,
    score: i64,
    text: &'a str,
    /// Matched byte ranges into `text`, as `[start, end]`.
    ranges: Vec<[usize; 2]>,
}

/// What `parallax search` loaded: the articles, some analysed only where the query can match,
/// and where each of their sentences stands in its whole article.
pub struct Searchable {
    /// The articles (see [`Article::for_query`]).
    pub corpus: Corpus,
    /// Per article, its sentences' numbers when it holds only some (see
    /// [`corpus::QueryArticle`]); an article beyond the list holds every sentence.
    numbers: Vec<Option<Vec<usize>>>,
    /// Per article, which of its sentences the query may match, when only some (see
    /// [`corpus::QueryArticle::may_match`]); beyond the list, any.
    may_match: Vec<Option<Vec<bool>>>,
}

impl Searchable {
    /// Articles analysed whole.
    pub fn whole(corpus: Corpus) -> Searchable {
        Searchable {
            corpus,
            numbers: Vec::new(),
            may_match: Vec::new(),
        }
    }

    /// Whether the query may match the article's `sentence`-th sentence here.
    fn may_match(&self, article: usize, sentence: usize) -> bool {
        match self.may_match.get(article) {
            Some(Some(may)) => may[sentence],
            _ => true,
        }
    }

    /// The number, in its whole article, of the article's `sentence`-th sentence here.
    fn number(&self, article: usize, sentence: usize) -> usize {
        match self.numbers.get(article) {
            Some(Some(numbers)) => numbers[sentence],
            _ => sentence,
        }
    }
}

/// Loads `inputs` for searching `query`, query first: a large article is analysed only where
/// the query can match (and where the article-wide rules read), so the hits, their numbering
/// and their flags are those of a full load, at a fraction of the cost.
pub fn load<P: AsRef<std::ffi::OsStr>>(
    inputs: &[P],
    opts: &LoadOptions,
    query: &str,
) -> Searchable {
    match Prefilter::new(query) {
        Some(filter) => {
            // An article, with what `Searchable` keeps of it beside the corpus.
            let split = |part: corpus::QueryArticle| (part.article, (part.numbers, part.may_match));
            let filter = Arc::new(filter);
            let streamed = Arc::clone(&filter);
            let stream: Arc<corpus::load::Stream<_>> = Arc::new(move |path, origin, cap, hint| {
                corpus::stream::for_query(path, origin, cap, hint, &*streamed).map(split)
            });
            let (corpus, extras) = corpus::load::load_each(
                inputs,
                opts,
                move |doc| split(Article::for_query(doc, &*filter)),
                Some(stream),
            );
            let (numbers, may_match) = extras.into_iter().unzip();
            Searchable {
                corpus,
                numbers,
                may_match,
            }
        }
        None => Searchable::whole(corpus::load(inputs, opts)),
    }
}

/// Prints the hits for `query`, best first: one per line (source, sentence number, score,
/// text, separated by tabs; all already one-line and terminal-safe from loading), or JSON with
/// the article and sentence numbering of `parallax report`.
pub fn write_cli(
    found: &Searchable,
    query: &str,
    limit: usize,
    json: bool,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let corpus = &found.corpus;
    // Only the sentences the query may match: the others are there for the flags.
    let index = Index::of_some(corpus, &|a, s| found.may_match(a, s));
    let hits = index
        .search(query, &|_, _| true, limit, &AtomicBool::new(false))
        .unwrap_or_default();
    if json {
        let hits = hits
            .iter()
            .map(|hit| {
                let article = &corpus.articles[hit.at.article];
                JsonHit {
                    path: &article.origin,
                    source: &article.source,
                    article: hit.at.article,
                    sentence: found.number(hit.at.article, hit.at.sentence),
                    score: hit.score,
                    text: &article.sentences[hit.at.sentence].text,
                    ranges: hit.ranges.iter().map(|r| [r.start, r.end]).collect(),
                }
            })
            .collect();
        serde_json::to_writer(&mut *out, &JsonOut { query, hits })
            .context("writing the search results")?;
        writeln!(out)?;
    } else {
        for hit in &hits {
            let article = &corpus.articles[hit.at.article];
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                article.source,
                found.number(hit.at.article, hit.at.sentence),
                hit.score,
                article.sentences[hit.at.sentence].text
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, random_texts};

    /// Lines of every kind the analysis treats differently: prose, headings repeated or not,
    /// captions and their credits, footers, bylines, date lines, non-ASCII, typos, control
    /// characters.
    const PIECES: &[&str] = &[
        "Police said the earthquake struck at dawn. ",
        "The presidnet spoke to reporters. ",
        "An earth quake hit the Caf\u{e9} in S\u{e3}o Paulo.",
        "Kazakhstan\u{2019}s colour guard met Kassym Jomart.",
        "Sixteen people died, police said.",
        "Breaking News",
        "Nachrichten aus Z\u{fc}rich",
        "Home > World > Europe",
        "Photo: AFP",
        "Rescuers search the rubble (L)",
        "\u{a9} 2022 Example Media. All rights reserved.",
        "By Jane Doe",
        "January 11, 2022",
        "Z\u{fc}rich police said 16 were hurt. Mr. Smith agreed.",
        "Troops in KAZAKHSTAN said so! ",
        "earthquakes and aftershocks",
        "Recruits underwent training at camps. ",
        "The coup attempt failed; it was organised badly.",
        "Colouring travelled judgement sceptically.",
        "Ear\u{200b}thquake \x1b[31mred\x1b[0m alert.",
        "\n",
        "\n",
        "\n",
        "\n\n",
        " ",
        "(3)",
    ];

    const QUERIES: &[&str] = &[
        "earthquake",
        "police said",
        "presidnet",
        "troops kazakhstan",
        "cafe",
        "sao paulo",
        "colour",
        "16",
        "sixteen",
        "kassymjomart",
        "Zurich",
        "nachrichten",
        "photo",
        "breaking news",
        "rights reserved",
        "jane",
        "red alert",
        "earthqauke",
        "trained camps",
        "coup attempted",
        "organizing",
        "colored",
        "traveling",
        "judgments",
        "skeptic",
        "zz",
        "",
    ];

    /// Articles analysed for one query (see [`Article::for_query`]).
    fn of_parts(parts: Vec<corpus::QueryArticle>) -> Searchable {
        let mut found = Searchable::whole(Corpus::default());
        for part in parts {
            found.corpus.articles.push(part.article);
            found.numbers.push(part.numbers);
            found.may_match.push(part.may_match);
        }
        found
    }

    fn hits(found: &Searchable, query: &str) -> String {
        let mut out = Vec::new();
        write_cli(found, query, 50, true, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn searching_query_first_finds_what_the_full_load_finds() {
        // One text with a line per paragraph (no blank line), two with blank lines too.
        let single: Vec<&str> = PIECES.iter().copied().filter(|p| *p != "\n\n").collect();
        let docs: Vec<Document> = [&single[..], PIECES, PIECES]
            .iter()
            .enumerate()
            .map(|(i, pieces)| {
                let mut text =
                    random_texts(pieces, 0x2545_f491_4f6c_dd1d + i as u64, 2, 42_000).collect();
                // Cleaned as loading cleans every text (control chars shown in a notation).
                corpus::sanitize::clean_text(&mut text);
                Document {
                    origin: format!("big{i}.txt"),
                    text,
                    ..Document::default()
                }
            })
            .collect();
        let full = Searchable::whole(Corpus {
            articles: docs.iter().cloned().map(Article::from_document).collect(),
            skipped: Vec::new(),
        });
        let sizes: Vec<usize> = full
            .corpus
            .articles
            .iter()
            .map(|a| crate::corpus::split::paragraphs(&a.text).len())
            .collect();
        assert!(sizes.iter().all(|&n| n > 2048), "{sizes:?}");
        for query in QUERIES {
            let filter = Prefilter::new(query).unwrap();
            let partial = of_parts(
                docs.iter()
                    .cloned()
                    .map(|d| Article::for_query(d, &filter))
                    .collect(),
            );
            let want = hits(&full, query);
            assert_eq!(hits(&partial, query), want, "{query}");
            if !query.is_empty() && *query != "zz" {
                assert!(want.contains("\"score\""), "{query} finds something");
            }
            for (k, (a, b)) in full
                .corpus
                .articles
                .iter()
                .zip(&partial.corpus.articles)
                .enumerate()
            {
                assert_eq!(
                    (&a.title, &a.source, &a.date),
                    (&b.title, &b.source, &b.date)
                );
                for (i, t) in b.sentences.iter().enumerate() {
                    // Neighbours analysed for context may differ in flags; never in text.
                    let s = &a.sentences[partial.number(k, i)];
                    assert_eq!((&s.text, &s.span), (&t.text, &t.span));
                }
            }
        }
    }

    #[test]
    fn a_large_file_read_in_blocks_gives_what_the_full_load_gives() {
        // Lines of every kind, one paragraph each (no blank line between two), with every
        // line break a text can have, cut into blocks much smaller than the file.
        let lines: Vec<&str> = PIECES
            .iter()
            .copied()
            .filter(|p| !p.contains('\n'))
            .collect();
        let breaks = ["\n", "\r\n", "\n", "\u{b}", "\u{85}", "\n"];
        let mut text = String::from("\n \n");
        for (i, piece) in random_texts(&lines, 0x9e37_79b9_7f4a_7c15, 3, 24_000).enumerate() {
            text.push_str(if piece.trim().is_empty() {
                "(3)"
            } else {
                &piece
            });
            text.push_str(breaks[i % breaks.len()]);
            if i == 12_000 {
                // A line longer than a block.
                text.push_str(&"Police said the earthquake struck at dawn. ".repeat(300));
                text.push('\n');
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.txt");
        std::fs::write(&path, &text).unwrap();
        // As `parallax report` and the reader load it.
        let full = Searchable::whole(corpus::load(&[&path], &LoadOptions::default()));
        assert!(crate::corpus::split::paragraphs(&full.corpus.articles[0].text).len() > 2048);
        for query in QUERIES {
            let filter = Prefilter::new(query).unwrap();
            let streamed = corpus::stream::for_query_in_blocks(&path, None, &filter, 4096)
                .expect("a plain text file reads in blocks");
            let (a, b) = (&full.corpus.articles[0], &streamed.article);
            assert_eq!(
                (&a.title, &a.source, &a.date, &a.origin),
                (&b.title, &b.source, &b.date, &b.origin)
            );
            let want = hits(&full, query);
            assert_eq!(hits(&of_parts(vec![streamed]), query), want, "{query}");
        }

        // What it cannot read so, it leaves to the full load.
        let filter = Prefilter::new("earthquake").unwrap();
        let blocks = |text: &[u8]| {
            std::fs::write(&path, text).unwrap();
            corpus::stream::for_query_in_blocks(&path, None, &filter, 4096).is_some()
        };
        assert!(blocks(text.as_bytes()));
        for odd in [
            // Blank lines between paragraphs, near the start or far on.
            format!("Title\n\n{text}"),
            format!("{text}\n\nOne more paragraph."),
            // A web page, a byte-order mark, too little text to gain.
            format!("<!DOCTYPE html><html>{text}"),
            format!("\u{feff}{text}"),
            text[..(2000..).find(|&i| text.is_char_boundary(i)).unwrap()].to_string(),
        ] {
            assert!(!blocks(odd.as_bytes()), "{:?}", odd.get(..40));
        }
        let mut bad = text.clone().into_bytes();
        bad[text.len() / 2] = 0xFF;
        assert!(!blocks(&bad), "not UTF-8");
    }
}
