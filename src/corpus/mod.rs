//! Articles: loading, cleaning, boilerplate, sentences with byte offsets. No terminal code here.

pub mod load;
pub mod sanitize;
pub mod split;

pub use load::document_from_bytes;

use std::ops::Range;
use std::path::PathBuf;

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
    pub text: String,
    /// Set when the sentence is page furniture; such sentences are hidden by default.
    pub boilerplate: Option<Boilerplate>,
    /// True for a heading (a line without final punctuation standing alone).
    pub heading: bool,
}

/// One loaded and analysed article.
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
    /// The decoded text as read; spans point into it.
    pub text: String,
    /// Paragraphs as byte ranges into `text`.
    pub paragraphs: Vec<Range<usize>>,
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
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Where the seeds live, for `parallax` run with no arguments.
pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Loads every input (files, directories, `-`, URLs). Bad inputs are listed in `skipped`;
/// they never stop the others.
pub fn load(inputs: &[String], opts: &LoadOptions) -> Corpus {
    load::load(inputs, opts)
}

impl Article {
    /// Analyses a document: title, source, date, paragraphs, sentences, boilerplate.
    pub fn from_document(doc: Document) -> Article {
        let paragraphs = split::paragraphs(&doc.text);
        let mut pieces = Vec::new();
        let mut sentences = Vec::with_capacity(paragraphs.len() * 2);
        for (p, range) in paragraphs.iter().enumerate() {
            pieces.clear();
            split::sentences_into(&doc.text, range.clone(), &mut pieces);
            for piece in &pieces {
                let raw = &doc.text[piece.span.clone()];
                let shown = if piece.heading {
                    raw.trim_start_matches('#')
                } else {
                    raw
                };
                let text = sanitize::display(shown);
                if text.is_empty() {
                    continue;
                }
                sentences.push(Sentence {
                    span: piece.span.clone(),
                    paragraph: p,
                    text,
                    boilerplate: None,
                    heading: piece.heading,
                });
            }
        }
        let name = std::path::Path::new(&doc.origin)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Article {
            title: sanitize::display(&doc.title.clone().unwrap_or_else(|| {
                sentences
                    .first()
                    .map(|s| s.text.clone())
                    .unwrap_or_default()
            })),
            source: sanitize::display(&doc.source.clone().unwrap_or(name)),
            origin: doc.origin,
            date: doc.date,
            url: doc.url,
            text: doc.text,
            paragraphs,
            sentences,
            notices: doc.notices.iter().map(|n| sanitize::display(n)).collect(),
        }
    }
}
