//! Articles: loading, cleaning, boilerplate, sentences with byte offsets. No terminal code here.
//!
//! [`load()`] reads inputs (files, directories, `-`, URLs: bytes through [`read`]) and [`formats::parse`] turns each one's
//! bytes into [`Document`]s by format (plain text through [`document_from_bytes`]); [`Article::from_document`] splits
//! paragraphs and sentences ([`split`]), makes every shown string terminal-safe ([`sanitize`]),
//! flags page furniture ([`boilerplate`]) and finds title, source and date ([`meta`]).

pub mod boilerplate;
pub mod budget;
pub mod expand;
pub mod load;
pub mod meta;
mod partial;
pub mod read;
pub mod sanitize;
pub mod split;
pub mod stream;

pub use formats::document_from_bytes;
pub use partial::{ParagraphFilter, QueryArticle};

pub mod formats;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// Default cap on the size of one input file, in bytes.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// One article as it came in, before analysis: the decoded text plus whatever metadata the
/// input format carried. Formats (plain text, HTML, feeds, JSON) all produce this.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Where it came from: a file path, `-` for stdin, or a URL.
    pub origin: String,
    /// Title when the format states it (HTML `<title>`, a feed item's title, a JSON field).
    pub title: Option<String>,
    /// Outlet when the format states it.
    pub source: Option<String>,
    /// Date when the format states it, as written.
    pub date: Option<String>,
    /// URL when known.
    pub url: Option<String>,
    /// The decoded article text; sentence offsets point into this.
    pub text: String,
    /// Things the reader should know about this input (e.g. invalid UTF-8 replaced).
    pub notices: Vec<String>,
}

/// Why a sentence is page furniture rather than article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Boilerplate {
    /// Navigation crumbs such as "All news" or "News / More / Russia".
    Navigation,
    /// Markup or tracking residue such as "!-- Google tag (gtag.js) -->".
    Markup,
    /// Image credits and captions.
    Caption,
    /// Site footers ("can also be accessed at ...").
    Footer,
    /// Author bylines.
    Byline,
    /// A line holding only a date.
    Dateline,
    /// The title repeated inside the body.
    RepeatedTitle,
}

/// One sentence of an article.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte range into `Article::text`.
    pub span: Range<usize>,
    /// Index of the paragraph holding it.
    pub paragraph: usize,
    /// The sentence as shown: terminal-safe, whitespace collapsed.
    pub text: ShownText,
    /// Set when the sentence is page furniture; such sentences are hidden by default.
    pub boilerplate: Option<Boilerplate>,
    /// True for a heading (a line without final punctuation standing alone).
    pub heading: bool,
}

/// A sentence's display text. Most sentences are shown exactly as their article has them
/// (no run of whitespace to collapse, nothing to make visible): those borrow their stretch of
/// the article's text instead of holding a copy, which halves the memory a corpus takes; the
/// others hold a text of their own. Reads as a `&str` (it derefs to one). Two words wide, so a
/// [`Sentence`] takes 48 bytes.
#[derive(Clone)]
pub struct ShownText {
    /// The article's text, or a text of its own.
    text: Arc<String>,
    start: u32,
    end: u32,
}

impl ShownText {
    /// `text[range]` when `shown` is exactly that stretch, else a copy of `shown`.
    pub fn of(text: &Arc<String>, range: Range<usize>, shown: &str) -> ShownText {
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) if text.get(range) == Some(shown) => ShownText {
                text: Arc::clone(text),
                start,
                end,
            },
            _ => ShownText::from(shown),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.text
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// True when the text it reads from is held elsewhere too: for a sentence shown as it
    /// stands, by its article.
    pub fn is_shared(&self) -> bool {
        Arc::strong_count(&self.text) > 1
    }
}

impl std::ops::Deref for ShownText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ShownText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for ShownText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for ShownText {
    fn from(s: &str) -> Self {
        ShownText::from(s.to_string())
    }
}

impl From<String> for ShownText {
    fn from(s: String) -> Self {
        // Beyond 4 GB (never loaded) it would show the first 4 GB.
        let end = u32::try_from(s.len()).unwrap_or(u32::MAX);
        ShownText {
            text: Arc::new(s),
            start: 0,
            end,
        }
    }
}

impl From<&ShownText> for String {
    fn from(s: &ShownText) -> Self {
        s.as_str().to_string()
    }
}

impl std::fmt::Debug for ShownText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for ShownText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for ShownText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ShownText {}

impl std::hash::Hash for ShownText {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl PartialEq<str> for ShownText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ShownText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ShownText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<ShownText> for str {
    fn eq(&self, other: &ShownText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ShownText> for &str {
    fn eq(&self, other: &ShownText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<ShownText> for String {
    fn eq(&self, other: &ShownText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl serde::Serialize for ShownText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A sentence of an article, by index into `articles` and its `sentences`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct SentenceRef {
    /// Index into the loaded articles.
    pub article: usize,
    /// Index into that article's sentences.
    pub sentence: usize,
}

/// One loaded and analysed article. Every string but `text` is terminal-safe (see [`sanitize`]).
#[derive(Debug, Clone)]
pub struct Article {
    /// Where it came from (file path as given, `-`, or URL).
    pub origin: String,
    /// The title.
    pub title: String,
    /// The outlet, or the file name when the text does not name one.
    pub source: String,
    /// The date where stated.
    pub date: Option<String>,
    /// The URL where known.
    pub url: Option<String>,
    /// The decoded text as read; spans point into it. Shared with the sentences shown as
    /// they stand (see [`ShownText`]).
    pub text: Arc<String>,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Notices shown on the article's pane (e.g. invalid bytes replaced).
    pub notices: Vec<String>,
}

/// An input that could not be loaded, with the reason.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The file, URL or `-`.
    pub origin: String,
    /// What was wrong, in a reader's words.
    pub reason: String,
}

/// Everything loaded from the command line's paths.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Articles in load order (paths sorted within a directory).
    pub articles: Vec<Article>,
    /// Inputs that were skipped, each with a reason.
    pub skipped: Vec<Skipped>,
}

/// Options for loading.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this are skipped.
    pub max_bytes: u64,
    /// `--input-format`: read every input as this format instead of detecting it.
    pub format: Option<formats::Format>,
    /// `--max-time`: an input still being read after this long is skipped (`None`: no bound).
    pub max_time: Option<std::time::Duration>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
            max_time: Some(budget::DEFAULT_MAX_TIME),
        }
    }
}

/// The seed articles, built into the binary so that an installed `parallax` run with no
/// arguments opens them even where the source tree is gone.
const EMBEDDED_SEEDS: &[(&str, &str)] = &[
    (
        "seeds/000_6e97f0e69f04ec2e.txt",
        include_str!("../../seeds/000_6e97f0e69f04ec2e.txt"),
    ),
    (
        "seeds/001_b7af040f00cc85d0.txt",
        include_str!("../../seeds/001_b7af040f00cc85d0.txt"),
    ),
    (
        "seeds/002_dbec365549a7ccf6.txt",
        include_str!("../../seeds/002_dbec365549a7ccf6.txt"),
    ),
    (
        "seeds/003_441b78ae8d893819.txt",
        include_str!("../../seeds/003_441b78ae8d893819.txt"),
    ),
    (
        "seeds/004_6c590ffbf1b0351e.txt",
        include_str!("../../seeds/004_6c590ffbf1b0351e.txt"),
    ),
];

/// The seed articles: from the `seeds/` folder when it is there, else from the copies built
/// into the binary.
pub fn load_seeds(opts: &LoadOptions) -> Corpus {
    let dir = seeds_dir();
    if dir.is_dir() {
        return load(&[dir.display().to_string()], opts);
    }
    embedded_seeds()
}

/// The seed articles built into the binary.
fn embedded_seeds() -> Corpus {
    Corpus {
        articles: EMBEDDED_SEEDS
            .iter()
            .map(|(origin, text)| {
                Article::from_document(Document {
                    origin: origin.to_string(),
                    text: text.to_string(),
                    ..Document::default()
                })
            })
            .collect(),
        skipped: Vec::new(),
    }
}

/// Where the seeds live, for `parallax` run with no arguments.
pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Loads every input (files, directories, `-`, URLs). Bad inputs are listed in `skipped`;
/// they never stop the others.
pub fn load<P: AsRef<std::ffi::OsStr>>(inputs: &[P], opts: &LoadOptions) -> Corpus {
    load::load(inputs, opts)
}

/// Paragraph count from which one article's analysis is spread over threads.
const PARALLEL_PARAGRAPHS: usize = 4096;

/// The sentences of `paragraphs` (numbered from `first`), in display form; cut short once the
/// input has been given up on (over the bound on time per input, nothing of it is kept).
fn sentences_of(
    text: &Arc<String>,
    paragraphs: &[Range<usize>],
    first: usize,
    cancel: &budget::Cancel,
) -> Vec<Sentence> {
    let mut pieces = Vec::new();
    let mut shown = String::new();
    let mut sentences = Vec::with_capacity(paragraphs.len());
    for (p, range) in paragraphs.iter().enumerate() {
        if cancel.is_set() {
            break;
        }
        pieces.clear();
        split::sentences_into(text, range.clone(), &mut pieces);
        for piece in &pieces {
            let mut raw = piece.span.clone();
            if piece.heading {
                raw.start = raw.end - text[raw.clone()].trim_start_matches('#').len();
            }
            sanitize::display_into(&text[raw.clone()], &mut shown);
            if shown.is_empty() {
                continue;
            }
            sentences.push(Sentence {
                span: piece.span.clone(),
                paragraph: first + p,
                text: ShownText::of(text, raw, &shown),
                boilerplate: None,
                heading: piece.heading,
            });
        }
    }
    // Sentences are kept as long as the article: no spare room (a paragraph holds one to
    // many, so the first guess is rarely right).
    sentences.shrink_to_fit();
    sentences
}

#[cfg(test)]
impl Article {
    /// A test article by `source` (its file named after it), dated `date`.
    pub(crate) fn dated(source: &str, date: &str, text: &str) -> Article {
        Article::from_document(Document {
            origin: format!("{source}.txt"),
            source: Some(source.into()),
            date: Some(date.into()),
            text: text.into(),
            ..Document::default()
        })
    }
}

impl Article {
    /// Analyses a document: title, source, date, paragraphs, sentences, boilerplate.
    pub fn from_document(mut doc: Document) -> Article {
        let text = Arc::new(std::mem::take(&mut doc.text));
        Article::from_text(doc, text)
    }

    /// [`Article::from_document`] with the document's text already taken out and shared.
    fn from_text(doc: Document, text: Arc<String>) -> Article {
        let paragraphs = split::paragraphs(&text);
        let cancel = budget::current();
        let mut sentences = if paragraphs.len() >= PARALLEL_PARAGRAPHS {
            use rayon::prelude::*;
            let chunks: Vec<Vec<Sentence>> = paragraphs
                .par_chunks(PARALLEL_PARAGRAPHS / 4)
                .enumerate()
                .map(|(c, chunk)| {
                    sentences_of(&text, chunk, c * (PARALLEL_PARAGRAPHS / 4), &cancel)
                })
                .collect();
            join_chunks(chunks)
        } else {
            sentences_of(&text, &paragraphs, 0, &cancel)
        };
        let (title, title_sentence) = title_of(&doc, &sentences);
        boilerplate::flag(&mut sentences, &title, title_sentence);
        drop(paragraphs);
        Article::assemble(doc, text, sentences, title)
    }

    /// The article from its analysed parts: source, date and URL found, names made safe.
    fn assemble(
        doc: Document,
        text: Arc<String>,
        sentences: Vec<Sentence>,
        title: String,
    ) -> Article {
        let name = display_name(&doc);
        let source = doc
            .source
            .as_deref()
            .map(sanitize::display)
            .filter(|s| !s.is_empty())
            .or_else(|| meta::source(&sentences))
            .unwrap_or_else(|| sanitize::display(&name));
        let date = doc
            .date
            .as_deref()
            .map(sanitize::display)
            .or_else(|| meta::date(&sentences));
        let url = doc.url.map(|u| sanitize::display(&u)).or_else(|| {
            sentences
                .iter()
                .take(3)
                .filter(|s| s.boilerplate == Some(Boilerplate::Markup))
                .find_map(|s| meta::url_of(&s.text))
        });
        Article {
            title: if title.is_empty() {
                sanitize::display(&name)
            } else {
                title
            },
            source,
            origin: sanitize::sanitize(&doc.origin),
            date,
            url,
            text,
            sentences,
            notices: doc.notices.iter().map(|n| sanitize::display(n)).collect(),
        }
    }
}

/// Chunks of sentences made in parallel, in one vector. Unlike `concat`, each chunk is freed
/// as soon as it is moved, so the sentences are never held twice.
fn join_chunks(chunks: Vec<Vec<Sentence>>) -> Vec<Sentence> {
    let mut all = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
    for chunk in chunks {
        all.extend(chunk);
    }
    all
}

/// What to call an article whose text names no outlet: its file name, or "stdin".
fn display_name(doc: &Document) -> String {
    if doc.origin == "-" {
        "stdin".to_string()
    } else {
        std::path::Path::new(&doc.origin)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| doc.origin.clone())
    }
}

/// The title the format states, else one from the first sentences (and which sentence it is).
fn title_of(doc: &Document, sentences: &[Sentence]) -> (String, Option<usize>) {
    match doc.title.as_deref().map(sanitize::display) {
        Some(t) if !t.is_empty() => (t, None),
        _ => meta::title(sentences),
    }
}

/// Random texts made of `pieces`, for tests that feed the loader odd input: `count` texts of
/// fewer than `most` pieces each, from a fixed seed (xorshift), so a failure repeats.
#[cfg(test)]
pub(crate) fn random_texts<'a>(
    pieces: &'a [&'a str],
    seed: u64,
    most: u64,
    count: usize,
) -> impl Iterator<Item = String> + 'a {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        let mut text = String::new();
        for _ in 0..next() % most {
            text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        text
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_seeds_are_the_seeds_folder_byte_for_byte() {
        for (origin, text) in EMBEDDED_SEEDS {
            let on_disk = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(origin),
            )
            .unwrap();
            assert_eq!(&on_disk, text, "{origin}");
        }
        assert_eq!(
            EMBEDDED_SEEDS.len(),
            std::fs::read_dir(seeds_dir()).unwrap().count()
        );
        let embedded = embedded_seeds();
        let from_disk = load_seeds(&LoadOptions::default());
        let sources = |c: &Corpus| {
            c.articles
                .iter()
                .map(|a| a.source.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(sources(&embedded), sources(&from_disk));
        assert_eq!(embedded.articles[2].source, "TASS");
    }

    use super::*;

    const SEEDS: [(&str, &str); 5] = [
        (
            "000.txt",
            include_str!("../../seeds/000_6e97f0e69f04ec2e.txt"),
        ),
        (
            "001.txt",
            include_str!("../../seeds/001_b7af040f00cc85d0.txt"),
        ),
        (
            "002.txt",
            include_str!("../../seeds/002_dbec365549a7ccf6.txt"),
        ),
        (
            "003.txt",
            include_str!("../../seeds/003_441b78ae8d893819.txt"),
        ),
        (
            "004.txt",
            include_str!("../../seeds/004_6c590ffbf1b0351e.txt"),
        ),
    ];

    fn seed(i: usize) -> Article {
        Article::from_document(Document {
            origin: SEEDS[i].0.into(),
            text: SEEDS[i].1.into(),
            ..Document::default()
        })
    }

    /// The sentence whose text starts with `start`.
    fn find<'a>(a: &'a Article, start: &str) -> &'a Sentence {
        a.sentences
            .iter()
            .find(|s| s.text.starts_with(start))
            .unwrap_or_else(|| panic!("no sentence starting {start:?} in {}", a.origin))
    }

    #[test]
    fn every_piece_of_seed_furniture_is_flagged() {
        use Boilerplate::*;
        let cases: &[(usize, &str, Boilerplate)] = &[
            (1, "Bohdan Marusyak", Byline),
            (2, "All news", Navigation),
            (2, "MOSCOW, January 10. /TASS/.", Dateline),
            (3, "News / More / Russia", Navigation),
            (3, "File photo of Kazakh security forces", Caption),
            (
                3,
                "Press TV\u{2019}s website can also be accessed at",
                Footer,
            ),
            (3, "Press TV News Roku", Footer),
            (4, "!-- Google tag (gtag.js) -->", Markup),
            (4, "January 11, 2022", Dateline),
            (4, "Russian President Vladimir Putin (L) on call", Caption),
            (
                4,
                "Putin said CSTO troops would be in Kazakhstan for a 'limited time'",
                Caption,
            ),
            (4, "IMAGE SOURCE: KREMLIN", Caption),
        ];
        for &(i, start, want) in cases {
            let a = seed(i);
            assert_eq!(find(&a, start).boilerplate, Some(want), "{start}");
        }
        // The title is repeated in 004's body: the copy is flagged, the headline is not.
        let a = seed(4);
        let copies: Vec<_> = a
            .sentences
            .iter()
            .filter(|s| s.text.starts_with("Putin Vows To Quell"))
            .map(|s| s.boilerplate)
            .collect();
        assert_eq!(copies, [None, Some(RepeatedTitle)]);
    }

    #[test]
    fn no_claim_sentence_of_the_seeds_is_flagged() {
        let furniture_starts = [
            "Bohdan Marusyak",
            "All news",
            "MOSCOW, January 10.",
            "News / More",
            "File photo",
            "Press TV",
            "!-- Google",
            "January 11, 2022",
            "Putin Vows To Quell",
            "Russian President Vladimir Putin (L)",
            "Putin said CSTO troops would be in Kazakhstan for a 'limited time'",
            "IMAGE SOURCE",
        ];
        for i in 0..5 {
            let a = seed(i);
            for s in &a.sentences {
                if furniture_starts.iter().any(|f| s.text.starts_with(f)) {
                    continue;
                }
                assert_eq!(s.boilerplate, None, "{}: {}", a.origin, s.text);
            }
        }
        for (i, start) in [
            (
                0,
                "Russian President Vladimir Putin on Monday said that \"Maidan methods\"",
            ),
            (1, "According to the President, 2,030 troops"),
            (1, "Sixteen security forces were killed"),
            (
                1,
                "The Ministry of Internal Affairs of Kazakhstan reported the detention of almost 8,000",
            ),
            (2, "Russia comprehends that the danger"),
            (3, "He added that a large-scale"),
        ] {
            assert_eq!(find(&seed(i), start).boilerplate, None, "{start}");
        }
    }

    #[test]
    fn seed_metadata() {
        let a = seed(2);
        assert_eq!(a.source, "TASS");
        assert_eq!(
            a.title,
            "Destructive forces, not popular protests posed danger to Kazakhstan, Putin emphasizes"
        );
        assert_eq!(a.date.as_deref(), Some("January 10"));
        let a = seed(3);
        assert_eq!(a.source, "Press TV");
        assert_eq!(
            a.title,
            "Putin says Russia-led alliance will foil foreign plots to stoke unrest in Kazakhstan"
        );
        let a = seed(4);
        assert_eq!(a.date.as_deref(), Some("January 11, 2022"));
        assert!(a.title.starts_with("Putin Vows To Quell"));
        // No outlet named in the text: the file name.
        assert_eq!(seed(0).source, "000.txt");
        assert_eq!(seed(1).source, "001.txt");
    }

    #[test]
    fn seed_sentences_hold_together() {
        let a = seed(2);
        let lead = find(&a, "\"Those who were protesting");
        assert!(lead.text.ends_with("the Russian leader stressed"));
        assert!(!lead.heading);
        let a = seed(0);
        assert!(find(&a, "Kazakh President said country weathered").heading);
        let a = seed(1);
        // One paragraph per line in a file without blank lines.
        assert_eq!(split::paragraphs(&a.text).len(), 12);
        assert_eq!(a.sentences.len(), 20);
        assert!(a.sentences.iter().any(|s| s.text
            == "At the same time, experts drew attention to the fact that the Russian president called Kazakhstan \u{201C}his home.\u{201D}"));
    }

    #[test]
    fn sentences_shown_as_they_stand_share_the_article_text() {
        let a = Article::from_document(Document {
            origin: "a.txt".into(),
            text: "Troops arrived on Monday.  Two   spaces collapse.\n\nShown as is.".into(),
            ..Document::default()
        });
        let texts: Vec<&str> = a.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Troops arrived on Monday.",
                "Two spaces collapse.",
                "Shown as is."
            ]
        );
        let shared: Vec<bool> = a.sentences.iter().map(|s| s.text.is_shared()).collect();
        assert_eq!(shared, [true, false, true]);
        // The article's text plus the two sentences borrowing it: no copy of either.
        assert_eq!(Arc::strong_count(&a.text), 3);
    }

    #[test]
    fn spans_point_at_the_sentence_in_the_text() {
        for i in 0..5 {
            let a = seed(i);
            let paragraphs = split::paragraphs(&a.text);
            for s in &a.sentences {
                let raw = sanitize::display(&a.text[s.span.clone()]);
                assert_eq!(raw.trim_start_matches('#').trim_start(), s.text);
                assert!(paragraphs[s.paragraph].start <= s.span.start);
                assert!(s.span.end <= paragraphs[s.paragraph].end);
            }
        }
    }

    #[test]
    fn nbsp_only_paragraphs_make_no_sentence_and_nbsp_displays_as_space() {
        let a = seed(4);
        assert!(a.sentences.iter().all(|s| !s.text.is_empty()));
        let a = seed(3);
        let s = find(&a, "Mass protests began");
        assert!(s.text.contains("January 2, after") && !s.text.contains('\u{a0}'));
    }

    #[test]
    fn hostile_text_is_made_safe_everywhere() {
        let a = Article::from_document(Document {
            origin: "evil\x1b]0;pwned\x07.txt".into(),
            title: Some("Title\x1b[2J\u{202E}".into()),
            text: "Head\x1b[31mline\n\nBody \u{9b}2J with\ttab. Second \u{200B}one.\n".into(),
            notices: vec!["bad\rnotice".into()],
            ..Document::default()
        });
        let strings = std::iter::once(a.title.as_str())
            .chain([a.source.as_str(), a.origin.as_str()])
            .chain(a.notices.iter().map(String::as_str))
            .chain(a.sentences.iter().map(|s| s.text.as_str()));
        for s in strings {
            assert!(sanitize::is_safe(s), "{s:?}");
        }
        assert_eq!(a.title, "Title^[[2J");
        assert_eq!(a.sentences[1].text, "Body <9B>2J with tab.");
    }

    #[test]
    fn odd_input_never_panics_and_stays_safe() {
        let pieces = [
            "All news",
            "\n\n",
            "\n",
            ". ",
            "By ",
            "Jane Doe",
            "\u{a9} 2022 X",
            "IMAGE SOURCE: K",
            "/TASS/",
            "(Reuters) - ",
            "January 11, 2022",
            "\u{212A}",
            "\u{130}",
            "\x1b[2J",
            "\u{9b}",
            "\u{202E}",
            "http: / / a. b / c",
            "(L)",
            " / ",
            "\u{2019}s website",
            ":",
            "\t",
            "\u{a0}",
            "Copyright ",
            "\u{201C}",
            "Photo:",
            "May. 3",
            "\u{FFFD}",
        ];
        for text in random_texts(&pieces, 0x9e37_79b9_7f4a_7c15, 30, 3000) {
            let a = Article::from_document(Document {
                origin: "fuzz.txt".into(),
                text,
                ..Document::default()
            });
            let strings = [a.title.as_str(), a.source.as_str()]
                .into_iter()
                .chain(a.date.as_deref())
                .chain(a.url.as_deref())
                .chain(a.sentences.iter().map(|s| s.text.as_str()));
            for s in strings {
                assert!(sanitize::is_safe(s), "{s:?} in {:?}", a.text);
            }
        }
    }

    #[test]
    fn long_texts_analysed_in_parallel_match_the_sequential_result() {
        let mut text = String::new();
        for i in 0..3 * PARALLEL_PARAGRAPHS {
            if i == 5000 {
                text.push_str("Photo: AFP\n");
            } else {
                text.push_str(&format!("Line {i} said so. Mr. Smith agreed.\n"));
            }
        }
        let a = Article::from_document(Document {
            origin: "big.txt".into(),
            text: text.clone(),
            ..Document::default()
        });
        assert_eq!(split::paragraphs(&a.text).len(), 3 * PARALLEL_PARAGRAPHS);
        assert_eq!(a.sentences.len(), 2 * 3 * PARALLEL_PARAGRAPHS - 1);
        for (i, s) in a.sentences.iter().enumerate() {
            let want = if i <= 2 * 5000 { i / 2 } else { i.div_ceil(2) };
            assert_eq!(s.paragraph, want, "sentence {i}");
            assert_eq!(s.text, sanitize::display(&text[s.span.clone()]));
        }
        assert_eq!(a.sentences[10000].text, "Photo: AFP");
        assert_eq!(a.sentences[10000].boilerplate, Some(Boilerplate::Caption));
        let flagged: Vec<_> = a
            .sentences
            .iter()
            .filter(|s| s.boilerplate.is_some())
            .map(|s| (&s.text, s.boilerplate))
            .collect();
        assert_eq!(flagged.len(), 1, "{flagged:?}");
    }

    #[test]
    fn markdown_headings_show_without_hashes() {
        let a = Article::from_document(Document {
            origin: "n.md".into(),
            text: "# The summit\n\nLeaders met. They agreed.\n".into(),
            ..Document::default()
        });
        assert_eq!(a.title, "The summit");
        assert!(a.sentences[0].heading);
        assert_eq!(a.sentences[0].text, "The summit");
    }
}
