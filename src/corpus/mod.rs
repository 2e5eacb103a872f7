//! Articles: loading, cleaning, boilerplate, sentences with byte offsets. No terminal code here.

pub mod formats;

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
    /// `--input-format`: read every input as this format instead of detecting it.
    pub format: Option<formats::Format>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
        }
    }
}

/// Where the seeds live, for `parallax` run with no arguments.
pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Loads every input (files, directories, `-`, URLs). Bad inputs are listed in `skipped`;
/// they never stop the others.
// PLACEHOLDER: the corpus work replaces this naive loader.
pub fn load(inputs: &[String], opts: &LoadOptions) -> Corpus {
    let mut corpus = Corpus::default();
    for input in inputs {
        let path = std::path::Path::new(input);
        let mut files = Vec::new();
        if path.is_dir() {
            if let Ok(rd) = std::fs::read_dir(path) {
                // Directory walks take every format `formats` reads (.txt, .md, .html, .json...).
                files.extend(
                    rd.flatten()
                        .map(|e| e.path())
                        .filter(|p| formats::is_article_file(p)),
                );
            }
            files.sort();
        } else {
            files.push(path.to_path_buf());
        }
        for file in files {
            // INPUTS WIRING: `-`, URLs, every non-.txt file and any --input-format go through
            // `formats`; the lead re-wires this onto the new loader.
            let name = file.display().to_string();
            let is_txt = file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
            if name == "-" || formats::is_url(input) || !is_txt || opts.format.is_some() {
                let origin = if formats::is_url(input) {
                    input.clone()
                } else {
                    name
                };
                match formats::load_input(&origin, opts.format, opts.max_bytes) {
                    Ok(parsed) => {
                        corpus
                            .articles
                            .extend(parsed.documents.into_iter().map(Article::from_document));
                        corpus.skipped.extend(parsed.skipped);
                    }
                    Err(reason) => corpus.skipped.push(Skipped { origin, reason }),
                }
                continue;
            }
            match std::fs::read(&file) {
                Ok(bytes) if (bytes.len() as u64) <= opts.max_bytes => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    corpus.articles.push(Article::from_document(Document {
                        origin: file.display().to_string(),
                        text,
                        ..Document::default()
                    }));
                }
                Ok(_) => corpus.skipped.push(Skipped {
                    origin: file.display().to_string(),
                    reason: "too large".into(),
                }),
                Err(e) => corpus.skipped.push(Skipped {
                    origin: file.display().to_string(),
                    reason: e.to_string(),
                }),
            }
        }
    }
    corpus
}

impl Article {
    /// Analyses a document: title, source, date, paragraphs, sentences, boilerplate.
    // PLACEHOLDER: the corpus work replaces this naive analysis.
    pub fn from_document(doc: Document) -> Article {
        let mut paragraphs = Vec::new();
        let mut sentences = Vec::new();
        let mut pos = 0;
        for para in doc.text.split("\n\n") {
            let start = pos;
            pos += para.len() + 2;
            if para.trim().is_empty() {
                continue;
            }
            let p = paragraphs.len();
            paragraphs.push(start..start + para.len());
            let mut s = start;
            for piece in para.split_inclusive(". ") {
                sentences.push(Sentence {
                    span: s..s + piece.len(),
                    paragraph: p,
                    text: piece.trim().to_string(),
                    boilerplate: None,
                    heading: false,
                });
                s += piece.len();
            }
        }
        let name = std::path::Path::new(&doc.origin)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Article {
            title: doc.title.clone().unwrap_or_else(|| {
                sentences
                    .first()
                    .map(|s| s.text.clone())
                    .unwrap_or_default()
            }),
            source: doc.source.clone().unwrap_or(name),
            origin: doc.origin,
            date: doc.date,
            url: doc.url,
            text: doc.text,
            paragraphs,
            sentences,
            notices: doc.notices,
        }
    }
}
