//! JSON and Markdown output of what `corpus` and `claims` found (`parallax report`).

use std::io::Write;

use serde::Serialize;

use crate::claims::{self, Analysis, Claim, DiffKind, DiffStep, Fact, Link, QuoteGroup};
use crate::corpus::{Article, Boilerplate, Corpus};

/// One sentence in the JSON report; `start`/`end` are byte offsets into the article's `text`.
#[derive(Serialize)]
struct SentenceOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    boilerplate: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<Boilerplate>,
    heading: bool,
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    path: &'a str,
    title: &'a str,
    source: &'a str,
    date: Option<&'a str>,
    url: Option<&'a str>,
    text: &'a str,
    notices: &'a [String],
    sentences: Vec<SentenceOut<'a>>,
    /// Sentences no other source shares ([`Analysis::is_unique`]: no link; boilerplate and
    /// headings left out).
    unique: Vec<usize>,
}

#[derive(Serialize)]
struct ReportOut<'a> {
    articles: Vec<ArticleOut<'a>>,
    /// Every pair of sentences of different articles judged to share a claim.
    links: &'a [Link],
    claims: &'a [Claim],
    quotes: &'a [QuoteGroup],
    facts: &'a [Fact],
    /// Present when the articles report more than one event.
    #[serde(skip_serializing_if = "Option::is_none")]
    stories: Option<Vec<StoryOut>>,
}

/// One story of the report: its articles and what the analysis found inside it alone
/// (article indices are those of `articles`, as everywhere in the report).
#[derive(Serialize)]
struct StoryOut {
    title: String,
    articles: Vec<usize>,
    sources: usize,
    outlets: Vec<String>,
    first_date: Option<String>,
    last_date: Option<String>,
    first_reported_by: Option<String>,
    claims: Vec<Claim>,
    quotes: Vec<QuoteGroup>,
    facts: Vec<Fact>,
}

/// Groups the articles into stories and analyses each on its own. With one story, `None`:
/// the report is then the analysis of all articles, as it always was.
fn per_story(corpus: &Corpus) -> Option<(Analysis, Vec<StoryOut>)> {
    let found = crate::stories::find(&corpus.articles);
    if found.len() < 2 {
        return None;
    }
    // The top-level fields gather every story's findings, so none spans two stories.
    let n = corpus.articles.len();
    let mut all = Analysis {
        by_sentence: vec![Vec::new(); n],
        links_by_sentence: vec![Vec::new(); n],
        shared_words: vec![Vec::new(); n],
        statements: vec![Vec::new(); n],
        ..Analysis::default()
    };
    let mut out = Vec::new();
    for story in found {
        let an = crate::stories::analyse_story(&corpus.articles, &story.articles, &|_| {});
        // The story's per-sentence tables, with its claim and link numbers moved past the
        // stories before it.
        let (claim_offset, link_offset) = (all.claims.len(), all.links.len() as u32);
        for &a in &story.articles {
            all.by_sentence[a] = an
                .by_sentence
                .get(a)
                .map(|r| {
                    r.iter()
                        .map(|cs| cs.iter().map(|c| c + claim_offset).collect())
                        .collect()
                })
                .unwrap_or_default();
            all.links_by_sentence[a] = an
                .links_by_sentence
                .get(a)
                .map(|r| {
                    r.iter()
                        .map(|ls| ls.iter().map(|l| l + link_offset).collect())
                        .collect()
                })
                .unwrap_or_default();
            all.shared_words[a] = an.shared_words.get(a).cloned().unwrap_or_default();
            all.statements[a] = an.statements.get(a).cloned().unwrap_or_default();
        }
        all.links.extend(an.links.iter().cloned());
        all.claims.extend(an.claims.iter().cloned());
        all.quotes.extend(an.quotes.iter().cloned());
        all.facts.extend(an.facts.iter().cloned());
        out.push(StoryOut {
            sources: story.source_count(),
            title: story.title,
            articles: story.articles,
            outlets: story.outlets,
            first_date: story.first_date.map(|d| d.to_string()),
            last_date: story.last_date.map(|d| d.to_string()),
            first_reported_by: story.first_reported_by,
            claims: an.claims,
            quotes: an.quotes,
            facts: an.facts,
        });
    }
    Some((all, out))
}

/// Output formats of `parallax report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Machine-readable JSON.
    Json,
    /// A readable Markdown report.
    Markdown,
}

/// Writes the report of `corpus` in `format`.
pub fn write(corpus: &Corpus, format: ReportFormat, out: &mut dyn Write) -> anyhow::Result<()> {
    let (analysis, stories) = match per_story(corpus) {
        Some((an, stories)) => (an, Some(stories)),
        None => (claims::analyse(&corpus.articles, &|_| {}), None),
    };
    match format {
        ReportFormat::Json => write_json(corpus, &analysis, stories, out),
        ReportFormat::Markdown => write_markdown(corpus, &analysis, out),
    }
}

fn write_json(
    corpus: &Corpus,
    analysis: &Analysis,
    stories: Option<Vec<StoryOut>>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let articles = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(ai, a)| ArticleOut {
            path: &a.origin,
            title: &a.title,
            source: &a.source,
            date: a.date.as_deref(),
            url: a.url.as_deref(),
            text: &a.text,
            notices: &a.notices,
            sentences: a
                .sentences
                .iter()
                .map(|s| SentenceOut {
                    text: &s.text,
                    start: s.span.start,
                    end: s.span.end,
                    boilerplate: s.boilerplate.is_some(),
                    kind: s.boilerplate,
                    heading: s.heading,
                })
                .collect(),
            unique: analysis.unique_in(ai),
        })
        .collect();
    let report = ReportOut {
        articles,
        links: &analysis.links,
        claims: &analysis.claims,
        quotes: &analysis.quotes,
        facts: &analysis.facts,
        stories,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

/// Markdown-safe one-line text (every string reaching it is terminal-safe already: sentences
/// from loading, quotes from `claims::quotes`).
fn md(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' => {
                o.push('\\');
                o.push(c);
            }
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn source_name(a: &Article) -> String {
    md(&a.source)
}

/// `b` with its word differences from `a` marked (~~removed~~, **added**); plain `b` when the
/// two share too little for a diff to help. Runs of one kind are shown as their texts have them.
fn diff_md(a: &str, b: &str) -> String {
    let d = claims::diff_ranges(a, b);
    if 2 * d.same_count() < d.words.len() {
        return md(b);
    }
    // Merge each run of one kind into one slice of its own text (`None`: removed, from `a`).
    let mut runs: Vec<(Option<DiffKind>, std::ops::Range<usize>)> = Vec::new();
    for step in &d.steps {
        let (kind, r) = match *step {
            DiffStep::Same(i) | DiffStep::Added(i) => (Some(d.words[i].1), d.words[i].0.clone()),
            DiffStep::Removed(i) => (None, d.removed[i].clone()),
        };
        match runs.last_mut() {
            Some((k, run)) if *k == kind => run.end = r.end,
            _ => runs.push((kind, r)),
        }
    }
    runs.into_iter()
        .map(|(kind, r)| match kind {
            Some(DiffKind::Same) => md(&b[r]),
            Some(DiffKind::Added) => format!("**{}**", md(&b[r])),
            None => format!("~~{}~~", md(&a[r])),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_markdown(corpus: &Corpus, an: &Analysis, out: &mut dyn Write) -> anyhow::Result<()> {
    let arts = &corpus.articles;
    let sentence = |r: claims::SentenceRef| arts[r.article].sentences[r.sentence].text.as_str();
    writeln!(out, "# parallax report\n")?;
    writeln!(out, "## Sources\n")?;
    for (i, a) in arts.iter().enumerate() {
        let date = a
            .date
            .as_deref()
            .map(|d| format!(", {}", md(d)))
            .unwrap_or_default();
        writeln!(
            out,
            "{}. **{}** — {}{} (`{}`)",
            i + 1,
            md(&a.title),
            source_name(a),
            date,
            a.origin.replace('`', "'")
        )?;
    }
    writeln!(out, "\n## Shared claims\n")?;
    if an.claims.is_empty() {
        writeln!(out, "No claim is reported by more than one source.")?;
    }
    for (ci, c) in an.claims.iter().enumerate() {
        writeln!(
            out,
            "### Claim {} — {}/{} sources\n",
            ci + 1,
            c.sources,
            arts.len()
        )?;
        // The representative version in full, the others as differences from it.
        let base = sentence(c.representative);
        for (_, m) in c.versions() {
            let text = if m == c.representative {
                md(sentence(m))
            } else {
                diff_md(base, sentence(m))
            };
            writeln!(out, "- **{}**: {}", source_name(&arts[m.article]), text)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## Numeric facts\n")?;
    if an.facts.is_empty() {
        writeln!(out, "No number is stated by more than one source.\n")?;
    }
    for f in &an.facts {
        let flag = if f.agree { "agree" } else { "**DISAGREE**" };
        writeln!(out, "- **{}** ({flag})", md(&f.label))?;
        for v in &f.values {
            writeln!(
                out,
                "  - {}: {} — “{}”",
                source_name(&arts[v.at.article]),
                md(&v.text),
                md(sentence(v.at))
            )?;
        }
    }
    writeln!(out, "\n## Quotes\n")?;
    if an.quotes.is_empty() {
        writeln!(out, "No quotes found.\n")?;
    }
    for q in &an.quotes {
        let who = q
            .speaker
            .as_deref()
            .map_or("(speaker not named)".to_string(), md);
        writeln!(out, "### {who}\n")?;
        let first = &q.variants[0].text;
        for (k, v) in q.variants.iter().enumerate() {
            let text = if k == 0 {
                md(&v.text)
            } else {
                diff_md(first, &v.text)
            };
            writeln!(
                out,
                "- **{}**: “{}”",
                source_name(&arts[v.at.article]),
                text
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## Unique to each source\n")?;
    for (ai, a) in arts.iter().enumerate() {
        writeln!(out, "### {}\n", source_name(a))?;
        let u = an.unique_in(ai);
        if u.is_empty() {
            writeln!(out, "Nothing: every sentence is shared.\n")?;
            continue;
        }
        for i in u {
            writeln!(out, "- {}", md(&a.sentences[i].text))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
