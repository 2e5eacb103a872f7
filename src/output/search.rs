//! `parallax search`: the hits for one query, as lines or JSON.

use std::sync::atomic::AtomicBool;

use anyhow::Context;
use serde::Serialize;

use crate::corpus::Corpus;
use crate::search::Index;

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

/// Prints the hits for `query`, best first: one per line (source, sentence index, score, text,
/// separated by tabs; all already one-line and terminal-safe from loading), or JSON with the article and sentence numbering of `parallax report`.
pub fn write_cli(
    corpus: &Corpus,
    query: &str,
    limit: usize,
    json: bool,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let index = Index::new(corpus);
    let hits = index
        .search(query, &|_, _| true, limit, &AtomicBool::new(false))
        .unwrap_or_default();
    if json {
        let hits = hits
            .iter()
            .map(|hit| {
                let article = &corpus.articles[hit.article];
                JsonHit {
                    path: &article.origin,
                    source: &article.source,
                    article: hit.article,
                    sentence: hit.sentence,
                    score: hit.score,
                    text: &article.sentences[hit.sentence].text,
                    ranges: hit.ranges.iter().map(|r| [r.start, r.end]).collect(),
                }
            })
            .collect();
        serde_json::to_writer(&mut *out, &JsonOut { query, hits })
            .context("writing the search results")?;
        writeln!(out)?;
    } else {
        for hit in &hits {
            let article = &corpus.articles[hit.article];
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                article.source, hit.sentence, hit.score, article.sentences[hit.sentence].text
            )?;
        }
    }
    Ok(())
}
