//! Input formats: turning the bytes of a file, stdin or a fetched URL into [`Document`]s.
//! Web pages, Markdown, RSS/Atom/JSON feeds, JSON and JSON Lines, and plain text; the format
//! comes from `--input-format`, else the content, else the HTTP content type and extension.
//!
//! This is the only decoder: bytes come in from [`crate::corpus::read`] and leave as text here,
//! through [`encoding::decode`]. The seam the loader uses: [`parse`] for bytes in hand and
//! [`is_article_file`] for which files a directory walk picks up.

pub mod encoding;
pub mod feed;
pub mod html;
pub mod json;
pub mod markdown;

use std::path::Path;

use crate::corpus::read::{binary_reason, is_url};
use crate::corpus::{Document, Skipped, sanitize};
use encoding::Markup;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, read as it is.
    Text,
    /// A web page; the article is extracted from it.
    Html,
    /// Markdown; markup removed, headings kept as paragraphs.
    Markdown,
    /// An RSS, Atom or JSON Feed file; each item is an article.
    Feed,
    /// JSON or JSON Lines of article objects.
    Json,
}

impl Format {
    /// Every format, in the order `--input-format` lists them.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Html,
        Format::Markdown,
        Format::Feed,
        Format::Json,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Feed => "feed",
            Format::Json => "json",
        }
    }

    /// The format a file extension usually means (case-insensitive), if any.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "xml" | "rss" | "atom" => Format::Feed,
            "json" | "jsonl" | "ndjson" => Format::Json,
            _ => return None,
        })
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .or(match s.as_str() {
                "txt" | "plain" => Some(Format::Text),
                "htm" => Some(Format::Html),
                "md" => Some(Format::Markdown),
                "rss" | "atom" | "xml" => Some(Format::Feed),
                "jsonl" | "ndjson" => Some(Format::Json),
                _ => None,
            })
            .ok_or_else(|| {
                let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown input format {s:?} (use one of {})",
                    names.join(", ")
                )
            })
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// File extensions a directory walk picks up: everything [`Format::from_extension`] knows.
pub const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "shtml", "xml", "rss",
    "atom", "json", "jsonl", "ndjson",
];

/// Whether a directory walk should load this file (by extension).
pub fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// What one input yielded: its articles, and the parts of it (feed items, JSON lines) that
/// could not be read, each named.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The articles, in input order.
    pub documents: Vec<Document>,
    /// Items or lines skipped, each with the file and item or line named in `origin`.
    pub skipped: Vec<Skipped>,
}

/// Parses one input's bytes (moved in: valid UTF-8 becomes the text without a copy). The
/// format is `hint` when given (`--input-format`), else what the content shows (a feed root,
/// an HTML document, JSON), else the HTTP content type, else the extension of `origin`, else a
/// guess (web page for URLs, Markdown when it looks like it, plain text). `Err` says why
/// nothing could be read.
pub fn parse(
    origin: &str,
    bytes: Vec<u8>,
    hint: Option<Format>,
    http_content_type: Option<&str>,
) -> Result<Parsed, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("holds only whitespace".into());
    }
    if let Some(mime) = http_content_type.filter(|m| not_text(m)) {
        return Err(format!("the server sent {mime}, not a page or article"));
    }
    // UTF-16 (by byte-order mark, or declared by the server) is decoded before sniffing,
    // which looks at ASCII; everything else is sniffed on its bytes and decoded by format.
    let (format, decoded) = if encoding::is_utf16(&bytes, http_content_type) {
        let decoded = encoding::decode(bytes, Markup::Plain, http_content_type);
        let format =
            hint.unwrap_or_else(|| detect(origin, decoded.text.as_bytes(), http_content_type));
        (format, decoded)
    } else {
        if let Some(reason) = binary_reason(&bytes) {
            return Err(reason.into());
        }
        let format = hint.unwrap_or_else(|| detect(origin, &bytes, http_content_type));
        let markup = match format {
            Format::Html => Markup::Html,
            Format::Feed => Markup::Xml,
            Format::Text | Format::Markdown | Format::Json => Markup::Plain,
        };
        (format, encoding::decode(bytes, markup, http_content_type))
    };
    if let Some(reason) = binary_reason(decoded.text.as_bytes()) {
        return Err(reason.into());
    }
    if decoded.text.trim().is_empty() {
        return Err("holds only whitespace".into());
    }
    let notices: Vec<String> = decoded.notice.into_iter().collect();
    let text = decoded.text;
    let documents = match format {
        Format::Text => vec![Document {
            origin: origin.to_string(),
            text,
            notices,
            ..Document::default()
        }],
        Format::Markdown => {
            let md = markdown::parse(&text);
            vec![Document {
                origin: origin.to_string(),
                title: md.title,
                source: md.source,
                date: md.date,
                url: md.url,
                text: md.text,
                notices,
            }]
        }
        Format::Html => {
            let url = is_url(origin).then_some(origin);
            let page = html::extract(&text, url);
            let mut notices = notices;
            notices.extend(page.notice.clone());
            let mut text = page.text;
            // The byline stays in the text as its own paragraph: the splitter flags it as
            // boilerplate, hidden by default, so the reader can still see who wrote it.
            if let Some(byline) = &page.byline
                && !text.contains(byline.as_str())
                && byline.split_whitespace().count() <= 12
            {
                let by = if byline.to_lowercase().starts_with("by ") {
                    byline.clone()
                } else {
                    format!("By {byline}")
                };
                text = format!("{by}\n\n{text}");
            }
            vec![Document {
                origin: origin.to_string(),
                title: page.title,
                source: page.site_name.or_else(|| url.and_then(host_of)),
                date: page.date,
                url: page.url.or_else(|| url.map(String::from)),
                text,
                notices,
            }]
        }
        Format::Feed | Format::Json => {
            let (mut documents, skipped) = if format == Format::Feed {
                feed::parse(origin, &text)?
            } else {
                json::parse(origin, &text)?
            };
            for doc in &mut documents {
                doc.notices.extend(notices.iter().cloned());
            }
            return finish(origin, documents, skipped);
        }
    };
    finish(origin, documents, Vec::new())
}

/// Turns the bytes of a plain-text input into its document (as [`parse`] with the text format):
/// UTF-8 with invalid bytes replaced (and a notice), a byte-order mark honoured, binary refused.
pub fn document_from_bytes(origin: &str, bytes: Vec<u8>) -> Result<Vec<Document>, String> {
    parse(origin, bytes, Some(Format::Text), None).map(|p| p.documents)
}

/// Most articles one input (a feed, a JSON file) yields; the rest are named, not read.
pub const MAX_ITEMS: usize = 50_000;

fn finish(
    origin: &str,
    mut documents: Vec<Document>,
    mut skipped: Vec<Skipped>,
) -> Result<Parsed, String> {
    if documents.len() > MAX_ITEMS {
        skipped.push(Skipped {
            origin: origin.to_string(),
            reason: format!(
                "holds {} articles; only the first {MAX_ITEMS} are read (the bound on articles per input)",
                documents.len()
            ),
        });
        documents.truncate(MAX_ITEMS);
    }
    if documents.iter().all(|d| d.text.trim().is_empty()) {
        // The caller names the file; name only the item here.
        let label = |s: &Skipped| {
            s.origin
                .strip_prefix(origin)
                .map_or(s.origin.clone(), |rest| rest.trim_start().to_string())
        };
        return Err(match skipped.as_slice() {
            [] => "no article text found in it".into(),
            [only] => format!("no article text found ({}: {})", label(only), only.reason),
            [first, rest @ ..] => format!(
                "none of its {} items has article text (first, {}: {})",
                rest.len() + 1,
                label(first),
                first.reason
            ),
        });
    }
    Ok(Parsed {
        documents: documents
            .into_iter()
            .filter(|d| !d.text.trim().is_empty())
            .map(|mut d| {
                // Every output (reader, report, search) starts from this text: no raw control
                // character from an input survives loading.
                sanitize::clean_text(&mut d.text);
                d
            })
            .collect(),
        skipped,
    })
}

/// Content types that can hold no article text (images, PDFs, archives, media).
fn not_text(content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    ["image/", "audio/", "video/", "font/"]
        .iter()
        .any(|p| mime.starts_with(p))
        || matches!(
            mime.as_str(),
            "application/pdf" | "application/octet-stream" | "application/zip" | "application/gzip"
        )
}

/// The host of a URL, as the source of last resort for a fetched page (`www.` dropped).
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_string())
}

/// Chooses the format from the content, the HTTP content type and the extension.
pub fn detect(origin: &str, bytes: &[u8], http_content_type: Option<&str>) -> Format {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    let trimmed = head.trim_ascii_start();
    let lower = trimmed.to_ascii_lowercase();
    let extension = extension_of(origin).and_then(Format::from_extension);

    // Strong signals in the content come first.
    if let Some(format) = sniff_markup(&lower) {
        // A `.txt` file that merely starts with a tag stays text; a full page does not.
        if !(extension == Some(Format::Text) && format == Format::Html && !is_full_page(&lower)) {
            return format;
        }
    }
    if let Some(format) = sniff_json(&lower) {
        return format;
    }
    if let Some(format) = http_content_type.and_then(format_of_content_type) {
        return format;
    }
    if let Some(format) = extension {
        return format;
    }
    if is_url(origin) || lower.starts_with(b"<") {
        return Format::Html;
    }
    if lower.starts_with(b"---\n") || lower.starts_with(b"---\r\n") || lower.starts_with(b"# ") {
        return Format::Markdown;
    }
    Format::Text
}

fn extension_of(origin: &str) -> Option<&str> {
    let path = if is_url(origin) {
        origin.split(['?', '#']).next().unwrap_or(origin)
    } else {
        origin
    };
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|e| !e.is_empty())
}

fn is_full_page(lower: &[u8]) -> bool {
    lower.starts_with(b"<!doctype html") || contains(lower, b"<html")
}

/// Feeds and pages recognised by their markup. `lower` is the lower-cased start of the input.
fn sniff_markup(lower: &[u8]) -> Option<Format> {
    if !lower.starts_with(b"<") {
        return None;
    }
    let first = |needles: &[&[u8]]| needles.iter().filter_map(|n| position(lower, n)).min();
    let feed = first(&[b"<rss", b"<feed", b"<rdf:rdf"]);
    let page = first(&[b"<!doctype html", b"<html", b"<head", b"<body"]);
    match (feed, page) {
        (Some(f), Some(p)) => Some(if f < p { Format::Feed } else { Format::Html }),
        (Some(_), None) => Some(Format::Feed),
        (None, Some(_)) => Some(Format::Html),
        (None, None) => None,
    }
}

/// JSON recognised by its first tokens: `{"` or `[{`; a JSON Feed by its version URL.
fn sniff_json(lower: &[u8]) -> Option<Format> {
    let next_after = |c: u8| {
        lower
            .strip_prefix(&[c][..])
            .map(|rest| rest.trim_ascii_start().first().copied())
    };
    let object = matches!(next_after(b'{'), Some(Some(b'"' | b'}')));
    let array = matches!(next_after(b'['), Some(Some(b'{' | b']')));
    if object && contains(lower, b"jsonfeed.org/version") {
        Some(Format::Feed)
    } else if object || array {
        Some(Format::Json)
    } else {
        None
    }
}

fn format_of_content_type(content_type: &str) -> Option<Format> {
    let mime = content_type.split(';').next()?.trim().to_ascii_lowercase();
    Some(match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Format::Html,
        "application/rss+xml"
        | "application/atom+xml"
        | "application/rdf+xml"
        | "application/feed+json" => Format::Feed,
        "application/json" | "application/x-ndjson" | "application/jsonl" => Format::Json,
        "text/markdown" | "text/x-markdown" => Format::Markdown,
        "text/plain" => Format::Text,
        _ => return None,
    })
}

fn position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    position(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_by_content_before_extension() {
        assert_eq!(
            detect("a.txt", b"<!DOCTYPE html><html>", None),
            Format::Html
        );
        assert_eq!(
            detect("a.txt", b"<p>a tag in a text file", None),
            Format::Text
        );
        assert_eq!(
            detect("a", b"<?xml version='1.0'?>\n<rss version='2.0'>", None),
            Format::Feed
        );
        assert_eq!(
            detect(
                "a.html",
                b"<feed xmlns='http://www.w3.org/2005/Atom'>",
                None
            ),
            Format::Feed
        );
        assert_eq!(detect("a", b"  {\"text\": \"x\"}", None), Format::Json);
        assert_eq!(
            detect(
                "a",
                b"{\"version\": \"https://jsonfeed.org/version/1.1\"}",
                None
            ),
            Format::Feed
        );
        assert_eq!(
            detect("a.txt", b"[Reuters] Talks resumed.", None),
            Format::Text
        );
        assert_eq!(detect("a.md", b"Talks resumed.", None), Format::Markdown);
        assert_eq!(
            detect("https://x.example/story", b"Hello", None),
            Format::Html
        );
        assert_eq!(
            detect("https://x.example/a.md?x=1", b"Hello", None),
            Format::Markdown
        );
        assert_eq!(
            detect("-", b"Hello", Some("text/plain; charset=utf-8")),
            Format::Text
        );
        assert_eq!(
            detect("-", b"---\ntitle: x\n---\nHi", None),
            Format::Markdown
        );
        assert_eq!(detect("-", b"Plain words.", None), Format::Text);
    }

    #[test]
    fn json_feeds_are_feeds() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Wire JSON",
            "items": [{"id": "1", "title": "One", "url": "https://w.example/1",
                       "content_html": "<p>First item text.</p>"},
                      {"id": "2", "title": "Two", "content_text": "Second item text."}]}"#;
        let parsed = parse("feed.json", feed.as_bytes().to_vec(), None, None).unwrap();
        let docs = &parsed.documents;
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].source.as_deref(), Some("Wire JSON"));
        assert_eq!(docs[0].text, "First item text.");
        assert_eq!(docs[1].title.as_deref(), Some("Two"));
        assert_eq!(docs[1].text, "Second item text.");
    }

    #[test]
    fn no_prefix_of_a_real_input_panics() {
        // Truncated downloads and half-saved files are real inputs: every cut must give
        // articles or an error, never a panic.
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in [
            "news_page.html",
            "cp1252_page.html",
            "wire.rss",
            "monitor.atom",
            "articles.jsonl",
            "analysis.md",
        ] {
            let bytes = std::fs::read(fixtures.join(name)).unwrap();
            let step = if name.ends_with("html") { 101 } else { 13 };
            for cut in (1..bytes.len()).step_by(step) {
                let _ = parse(name, bytes[..cut].to_vec(), None, None);
            }
        }
        let page = std::fs::read_to_string(fixtures.join("news_page.html")).unwrap();
        for (cut, _) in page.char_indices().step_by(7) {
            let _ = html::to_text(&page[..cut]);
            let _ = html::own_extraction(&page[cut..]);
        }
    }

    #[test]
    fn an_input_with_too_many_articles_is_cut_at_the_bound_and_says_so() {
        let lines = "{\"text\":\"One line.\"}\n".repeat(MAX_ITEMS + 2);
        let parsed = parse("many.jsonl", lines.into_bytes(), None, None).unwrap();
        assert_eq!(parsed.documents.len(), MAX_ITEMS);
        assert_eq!(parsed.skipped.len(), 1);
        assert!(
            parsed.skipped[0]
                .reason
                .starts_with("holds 50002 articles; only the first 50000 are read"),
            "{}",
            parsed.skipped[0].reason
        );
    }

    #[test]
    fn format_names_parse() {
        assert_eq!("HTML".parse::<Format>(), Ok(Format::Html));
        assert_eq!("rss".parse::<Format>(), Ok(Format::Feed));
        assert!(
            "pdf"
                .parse::<Format>()
                .unwrap_err()
                .contains("text, html, markdown, feed, json")
        );
    }

    #[test]
    fn the_hint_overrides_detection() {
        let parsed = parse(
            "page.html",
            b"<p>Shown as it is.</p>".to_vec(),
            Some(Format::Text),
            None,
        )
        .unwrap();
        assert_eq!(parsed.documents[0].text, "<p>Shown as it is.</p>");
    }

    #[test]
    fn utf16_pages_are_read() {
        let page = "<html><head><meta charset=\"utf-16\"><title>Été</title></head><body><p>Un été “chaud”.</p></body></html>";
        let mut bytes = vec![0xFE, 0xFF];
        for unit in page.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        let doc = &parse("p.html", bytes, None, None).unwrap().documents[0];
        assert_eq!(doc.title.as_deref(), Some("Été"));
        assert!(doc.text.contains("Un été “chaud”."), "{}", doc.text);
        assert!(doc.notices.is_empty());
    }

    #[test]
    fn empty_and_binary_inputs_are_refused() {
        assert!(
            parse("e.txt", b" \n".to_vec(), None, None)
                .unwrap_err()
                .contains("whitespace")
        );
        assert!(
            parse("b.txt", b"\x00\x01\x02ELF".to_vec(), None, None)
                .unwrap_err()
                .contains("binary")
        );
    }

    #[test]
    fn directory_walks_pick_up_every_known_format() {
        for name in [
            "a.txt", "b.HTML", "c.htm", "d.json", "e.jsonl", "f.xml", "g.rss", "h.atom", "i.md",
        ] {
            assert!(is_article_file(Path::new(name)), "{name}");
        }
        assert!(!is_article_file(Path::new("photo.jpg")));
        assert!(!is_article_file(Path::new("README")));
    }

    #[test]
    fn media_urls_are_not_read_as_pages() {
        assert!(not_text("image/jpeg"));
        assert!(not_text("application/pdf; qs=0.9"));
        assert!(!not_text("text/html; charset=utf-8"));
        assert!(!not_text("application/rss+xml"));
    }

    #[test]
    fn fetched_pages_without_a_site_name_use_the_host() {
        assert_eq!(
            host_of("https://www.example.com:8080/a/b?c").as_deref(),
            Some("example.com")
        );
    }
}
