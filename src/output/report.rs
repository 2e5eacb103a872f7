//! JSON and Markdown output of what `corpus` and `claims` found (`parallax report`).

use std::io::Write;

use serde::Serialize;

use crate::claims::{self, Analysis, Claim, DiffKind, DiffStep, Fact, Link, QuoteGroup};
use crate::corpus::{Article, Boilerplate, Corpus, Sentence, SentenceRef};
use crate::stories::Story;

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

/// An article's sentences, written one by one as the JSON goes out (never gathered).
struct SentencesOut<'a>(&'a [Sentence]);

impl Serialize for SentencesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|s| SentenceOut {
            text: &s.text,
            start: s.span.start,
            end: s.span.end,
            boilerplate: s.boilerplate.is_some(),
            kind: s.boilerplate,
            heading: s.heading,
        }))
    }
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
    sentences: SentencesOut<'a>,
    /// Sentences no other source shares ([`Analysis::is_unique`]: no link; boilerplate and
    /// headings left out).
    unique: &'a [u32],
}

/// The articles, each written as the JSON goes out.
struct ArticlesOut<'a>(&'a Corpus, &'a Findings);

impl Serialize for ArticlesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ArticlesOut(corpus, found) = *self;
        s.collect_seq(
            corpus
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
                    sentences: SentencesOut(&a.sentences),
                    unique: found.unique.get(ai).map_or(&[], |u| u.as_slice()),
                }),
        )
    }
}

#[derive(Serialize)]
struct ReportOut<'a> {
    articles: ArticlesOut<'a>,
    /// Every pair of sentences of different articles judged to share a claim.
    links: All<'a, LinkOut>,
    claims: All<'a, Claim>,
    quotes: All<'a, QuoteGroup>,
    facts: All<'a, Fact>,
    /// Present when the articles report more than one event.
    #[serde(skip_serializing_if = "Option::is_none")]
    stories: Option<StoriesOut<'a>>,
    /// Present when a sentence is copied word for word into many articles (more than
    /// `claims::link::ALL_PAIRS_UP_TO`): each group, its first sentence then its copies.
    /// `links` then links the first alone, which stands for every copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    copies: Option<All<'a, Vec<SentenceAt>>>,
}

/// One list of the report (links, claims, ...): every part's, one after the other.
struct All<'a, T>(&'a [Part], fn(&Part) -> &[T]);

impl<T: Serialize> Serialize for All<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().flat_map(|p| (self.1)(p)))
    }
}

/// A sentence as [`SentenceRef`] writes it, in half the room: the report keeps every link
/// until the end, since the articles (whose unique sentences need every story) come first.
#[derive(Clone, Copy, Serialize)]
struct SentenceAt {
    article: u32,
    sentence: u32,
}

/// A [`Link`] as written in the JSON (the same fields, in the same order).
#[derive(Clone, Copy, Serialize)]
struct LinkOut {
    a: SentenceAt,
    b: SentenceAt,
    score: f32,
    /// The two say the same as wholes, not only share a claim.
    same: bool,
}

impl SentenceAt {
    fn of(r: &SentenceRef) -> SentenceAt {
        // Article and sentence counts are bounded far below u32 by the loading limits.
        SentenceAt {
            article: r.article as u32,
            sentence: r.sentence as u32,
        }
    }
}

impl From<&Link> for LinkOut {
    fn from(l: &Link) -> Self {
        LinkOut {
            a: SentenceAt::of(&l.a),
            b: SentenceAt::of(&l.b),
            score: l.score,
            same: l.same,
        }
    }
}

/// What the report shows of one analysis (a story's, or that of all articles when they
/// report one event): its lists as the analysis made them (moved, never copied or regrown),
/// less the per-sentence tables only the reader needs.
struct Part {
    /// The story, when the articles report more than one.
    story: Option<Story>,
    links: Box<[LinkOut]>,
    claims: Vec<Claim>,
    quotes: Vec<QuoteGroup>,
    facts: Vec<Fact>,
    /// Large groups of copies of one sentence (see [`crate::claims::Copies`]).
    copies: Vec<Vec<SentenceAt>>,
}

impl Part {
    /// Keeps what the report shows of `an`, the analysis of the articles `members` (indices
    /// into all loaded ones) numbered by position in `members`, writing their unique sentences
    /// into `unique` (by loaded article) and numbering its lists as all loaded articles are.
    fn of(
        mut an: Analysis,
        members: &[usize],
        unique: &mut [Vec<u32>],
        story: Option<Story>,
    ) -> Part {
        for (k, &a) in members.iter().enumerate() {
            if let Some(u) = unique.get_mut(a) {
                *u = an.unique_in(k).into_iter().map(|s| s as u32).collect();
            }
        }
        crate::stories::globalise_lists(&mut an, members);
        fn fit<T>(mut v: Vec<T>) -> Vec<T> {
            v.shrink_to_fit();
            v
        }
        Part {
            story,
            copies: an
                .copies
                .groups()
                .into_iter()
                .map(|g| g.iter().map(SentenceAt::of).collect())
                .collect(),
            links: an.links.iter().map(LinkOut::from).collect(),
            claims: fit(an.claims),
            quotes: fit(an.quotes),
            facts: fit(an.facts),
        }
    }
}

/// The stories as written in the JSON.
struct StoriesOut<'a>(&'a [Part]);

#[derive(Serialize)]
struct StoryOut<'a> {
    title: &'a str,
    articles: &'a [usize],
    sources: usize,
    outlets: &'a [String],
    first_date: Option<String>,
    last_date: Option<String>,
    first_reported_by: Option<&'a str>,
    claims: &'a [Claim],
    quotes: &'a [QuoteGroup],
    facts: &'a [Fact],
}

impl Serialize for StoriesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().filter_map(|p| {
            let story = p.story.as_ref()?;
            Some(StoryOut {
                title: &story.title,
                articles: &story.articles,
                sources: story.source_count(),
                outlets: &story.outlets,
                first_date: story.first_date.map(|d| d.to_string()),
                last_date: story.last_date.map(|d| d.to_string()),
                first_reported_by: story.first_reported_by.as_deref(),
                claims: &p.claims,
                quotes: &p.quotes,
                facts: &p.facts,
            })
        }))
    }
}

/// What the report shows of the analysis, and nothing more: the per-sentence tables the
/// reader needs (claims of each sentence, shared words) are dropped story by story, so the
/// report holds little beyond the loaded text.
struct Findings {
    /// One per story (in the stories' order), or one for all articles.
    parts: Vec<Part>,
    /// For each article, its sentences no other source shares ([`Analysis::unique_in`]).
    unique: Vec<Vec<u32>>,
}

impl Findings {
    /// Every claim, story after story (the numbering of the report's `claims`).
    fn claims(&self) -> impl Iterator<Item = &Claim> {
        self.parts.iter().flat_map(|p| &p.claims)
    }

    fn facts(&self) -> impl Iterator<Item = &Fact> {
        self.parts.iter().flat_map(|p| &p.facts)
    }

    fn quotes(&self) -> impl Iterator<Item = &QuoteGroup> {
        self.parts.iter().flat_map(|p| &p.quotes)
    }

    fn has_stories(&self) -> bool {
        self.parts.iter().any(|p| p.story.is_some())
    }
}

/// Groups the articles into stories and analyses each on its own, keeping only what the
/// report shows. With one story, the report is the analysis of all articles, as it always was.
fn findings(corpus: &Corpus) -> Findings {
    let n = corpus.articles.len();
    let mut unique = vec![Vec::new(); n];
    let stories = crate::stories::find(&corpus.articles);
    if stories.len() < 2 {
        drop(stories);
        let an = claims::analyse(&corpus.articles, &|_| {});
        let all: Vec<usize> = (0..n).collect();
        let parts = vec![Part::of(an, &all, &mut unique, None)];
        return Findings { parts, unique };
    }
    // Each story's analysis stays numbered by its own articles until `Part::of`: its
    // per-article tables are never spread over all loaded articles (that would cost stories
    // times articles).
    let mut parts = Vec::with_capacity(stories.len());
    for story in stories {
        let an = crate::stories::analyse_members(&corpus.articles, &story.articles, &|_| {});
        let members = story.articles.clone();
        parts.push(Part::of(an, &members, &mut unique, Some(story)));
    }
    Findings { parts, unique }
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
    let found = findings(corpus);
    match format {
        ReportFormat::Json => write_json(corpus, &found, out),
        ReportFormat::Markdown => write_markdown(corpus, &found, out),
    }
}

/// Writes the JSON as it is made, straight into `out` (stdout through a buffer): nothing
/// of it is gathered in memory.
fn write_json(corpus: &Corpus, found: &Findings, out: &mut dyn Write) -> anyhow::Result<()> {
    let parts = &found.parts[..];
    let report = ReportOut {
        articles: ArticlesOut(corpus, found),
        links: All(parts, |p| &p.links),
        claims: All(parts, |p| &p.claims),
        quotes: All(parts, |p| &p.quotes),
        facts: All(parts, |p| &p.facts),
        stories: found.has_stories().then_some(StoriesOut(parts)),
        copies: parts
            .iter()
            .any(|p| !p.copies.is_empty())
            .then_some(All(parts, |p| &p.copies)),
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

fn write_markdown(corpus: &Corpus, an: &Findings, out: &mut dyn Write) -> anyhow::Result<()> {
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
    if an.claims().next().is_none() {
        writeln!(out, "No claim is reported by more than one source.")?;
    }
    for (ci, c) in an.claims().enumerate() {
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
    if an.facts().next().is_none() {
        writeln!(out, "No number is stated by more than one source.\n")?;
    }
    for f in an.facts() {
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
    if an.quotes().next().is_none() {
        writeln!(out, "No quotes found.\n")?;
    }
    for q in an.quotes() {
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
        let u = an.unique.get(ai).map_or(&[][..], |u| u.as_slice());
        if u.is_empty() {
            writeln!(out, "Nothing: every sentence is shared.\n")?;
            continue;
        }
        for &i in u {
            writeln!(out, "- {}", md(&a.sentences[i as usize].text))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
