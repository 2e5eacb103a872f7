//! Turning an input's bytes into text: byte-order marks, declared charsets (HTTP header,
//! `<meta charset>`, `http-equiv`, the XML declaration), the UTF-8 default, and legacy encodings
//! guessed when nothing is declared (chardetng), via encoding_rs. The one place text is decoded.

use encoding_rs::{Encoding, UTF_8};

/// What kind of markup the bytes hold, which decides where a charset may be declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// An HTML page: `<meta charset>` and `http-equiv` count; undeclared non-UTF-8 is windows-1252.
    Html,
    /// An XML document (feeds): the `<?xml encoding=...?>` declaration counts.
    Xml,
    /// Plain text, Markdown, JSON: UTF-8 unless a byte-order mark or the HTTP header says otherwise.
    Plain,
}

/// Text decoded from bytes, with a notice when something had to be guessed or replaced.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Set when bytes were replaced or the encoding was guessed.
    pub notice: Option<String>,
}

/// Plain text is guessed to be in a legacy encoding from this many places that are not UTF-8.
const LEGACY_TEXT_PLACES: usize = 16;

/// Decodes `bytes`, moving valid UTF-8 into the text without a copy. Priority: byte-order
/// mark, then the HTTP `Content-Type` charset, then a charset declared in the document, then
/// UTF-8 when the bytes are valid UTF-8, then a legacy encoding guessed from the bytes
/// (chardetng) for pages and feeds, and for plain text that holds no UTF-8 at all; otherwise
/// UTF-8 with each run of invalid bytes replaced. A guess or a replacement gives a notice.
pub fn decode(mut bytes: Vec<u8>, markup: Markup, http_content_type: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        bytes.drain(..bom_len);
        return finish(encoding, bytes, None);
    }
    let from_header = http_content_type.and_then(charset_from_content_type);
    // The server's header is outside the bytes, so it may truly say UTF-16; a declaration
    // inside a page cannot (its ASCII shows it is ASCII-compatible), so, as browsers do, a
    // declared UTF-16 there is read as UTF-8.
    if let Some(encoding) = from_header.filter(|e| is_utf16_encoding(e))
        && looks_utf16(&bytes)
    {
        return finish(encoding, bytes, None);
    }
    let declared = from_header
        .or_else(|| match markup {
            Markup::Html => meta_charset(&bytes).or_else(|| xml_declared(&bytes)),
            Markup::Xml => xml_declared(&bytes),
            Markup::Plain => None,
        })
        .map(|e| e.output_encoding());
    if let Some(encoding) = declared {
        return finish(encoding, bytes, None);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Decoded {
                text,
                encoding: UTF_8,
                notice: None,
            };
        }
        Err(e) => e.into_bytes(),
    };
    let scan = scan_utf8(&bytes);
    let legacy = match markup {
        Markup::Html | Markup::Xml => true,
        // A text file with some UTF-8 in it is UTF-8 with damage; one with none and many bad
        // places is in a legacy encoding (a few bytes are too little to guess from).
        Markup::Plain => !scan.has_multibyte && scan.bad_places >= LEGACY_TEXT_PLACES,
    };
    if legacy {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(&bytes, true);
        let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
        let notice = format!(
            "no character set declared and the bytes are not UTF-8; read as {} (a guess from the bytes)",
            guess.name()
        );
        return finish(guess, bytes, Some(notice));
    }
    finish(UTF_8, bytes, None)
}

/// Whether the input is UTF-16: by its byte-order mark, or declared by the server and shaped so.
pub fn is_utf16(bytes: &[u8], http_content_type: Option<&str>) -> bool {
    match Encoding::for_bom(bytes) {
        Some((encoding, _)) => is_utf16_encoding(encoding),
        None => http_content_type
            .and_then(charset_from_content_type)
            .is_some_and(|e| is_utf16_encoding(e) && looks_utf16(bytes)),
    }
}

fn is_utf16_encoding(encoding: &'static Encoding) -> bool {
    encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE
}

/// UTF-16 text of mostly Latin letters has a NUL in every other byte; an ASCII body that a
/// server mislabels has none.
fn looks_utf16(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[..bytes.len().min(512)].contains(&0)
}

/// What a pass over bytes that are not valid UTF-8 found.
struct Utf8Scan {
    /// Whether any valid multi-byte sequence occurs.
    has_multibyte: bool,
    /// Runs of invalid bytes.
    bad_places: usize,
}

fn scan_utf8(bytes: &[u8]) -> Utf8Scan {
    let mut scan = Utf8Scan {
        has_multibyte: false,
        bad_places: 0,
    };
    let mut in_run = false;
    for chunk in bytes.utf8_chunks() {
        if !chunk.valid().is_empty() {
            in_run = false;
            scan.has_multibyte |= !chunk.valid().is_ascii();
        }
        if !chunk.invalid().is_empty() && !in_run {
            scan.bad_places += 1;
            in_run = true;
        }
    }
    scan
}

/// Decodes UTF-8, replacing each run of invalid bytes with one U+FFFD; the text and how many
/// places were replaced. Valid input is moved, not copied.
fn decode_utf8(bytes: Vec<u8>) -> (String, usize) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, 0),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut out = String::with_capacity(bytes.len());
            let mut bad = 0;
            let mut in_run = false;
            for chunk in bytes.utf8_chunks() {
                if !chunk.valid().is_empty() {
                    in_run = false;
                }
                out.push_str(chunk.valid());
                if !chunk.invalid().is_empty() && !in_run {
                    out.push('\u{FFFD}');
                    bad += 1;
                    in_run = true;
                }
            }
            (out, bad)
        }
    }
}

fn finish(encoding: &'static Encoding, bytes: Vec<u8>, notice: Option<String>) -> Decoded {
    if encoding == UTF_8 {
        let (text, bad) = decode_utf8(bytes);
        let notice = match bad {
            0 => notice,
            1 => Some("invalid UTF-8 replaced at 1 place".into()),
            n => Some(format!("invalid UTF-8 replaced at {n} places")),
        };
        return Decoded {
            text,
            encoding,
            notice,
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
    let notice = if had_errors {
        Some(format!(
            "bytes that are not valid {} were replaced with \u{FFFD}",
            encoding.name()
        ))
    } else {
        notice
    };
    Decoded {
        text: text.into_owned(),
        encoding,
        notice,
    }
}

/// The `charset=` parameter of a `Content-Type` value, when it names a known encoding.
pub fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    Encoding::for_label(attr_value(&lower.as_bytes()[at..]))
}

/// How far into a page to look for a declaration (the HTML standard says 1024; be generous).
const PRESCAN: usize = 4096;

/// A charset declared by `<meta charset=...>` or `<meta http-equiv="Content-Type" content="...; charset=...">`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(PRESCAN)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&head[from..], b"<meta") {
        let start = from + i;
        let end = find(&head[start..], b">").map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(c) = find(tag, b"charset=")
            && let Some(enc) = Encoding::for_label(attr_value(&tag[c + b"charset=".len()..]))
        {
            return Some(enc);
        }
        from = end;
    }
    None
}

/// The `encoding` of an `<?xml ...?>` declaration at the start of the bytes.
fn xml_declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(256)].to_ascii_lowercase();
    let start = find(&head, b"<?xml")?;
    let end = find(&head[start..], b"?>")? + start;
    let decl = &head[start..end];
    let at = find(decl, b"encoding=")? + b"encoding=".len();
    Encoding::for_label(attr_value(&decl[at..]))
}

/// The value at the start of `s`: quoted, or up to a space, `;`, `>` or `/`.
fn attr_value(s: &[u8]) -> &[u8] {
    let s = s.trim_ascii_start();
    match s.first() {
        Some(&q @ (b'"' | b'\'')) => {
            let rest = &s[1..];
            &rest[..rest.iter().position(|&b| b == q).unwrap_or(rest.len())]
        }
        _ => {
            let end = s
                .iter()
                .position(|&b| {
                    b.is_ascii_whitespace() || matches!(b, b';' | b'>' | b'"' | b'\'' | b'/')
                })
                .unwrap_or(s.len());
            &s[..end]
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Café “quoted”".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(bytes, Markup::Plain, None);
        assert_eq!(d.text, "Café “quoted”");
        assert!(d.notice.is_none());
    }

    #[test]
    fn meta_charset_windows_1252_is_honoured() {
        let bytes = b"<html><head><meta charset=\"windows-1252\"></head><p>\x93Caf\xe9\x94</p>";
        let d = decode(bytes.to_vec(), Markup::Html, None);
        assert!(d.text.contains("“Café”"), "{}", d.text);
        assert!(d.notice.is_none());
    }

    #[test]
    fn http_equiv_and_latin1_label_mean_windows_1252() {
        let bytes = b"<meta http-equiv=Content-Type content='text/html; charset=iso-8859-1'><p>\x96 na\xefve</p>";
        let d = decode(bytes.to_vec(), Markup::Html, None);
        assert!(d.text.contains("– naïve"), "{}", d.text);
    }

    #[test]
    fn http_header_wins_over_the_page() {
        let bytes = b"<meta charset=utf-8><p>\xe9t\xe9</p>";
        let d = decode(
            bytes.to_vec(),
            Markup::Html,
            Some("text/html; charset=Windows-1252"),
        );
        assert!(d.text.contains("été"));
    }

    #[test]
    fn xml_declaration_is_read() {
        let bytes =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Z\xfcrich</title></rss>";
        assert!(
            decode(bytes.to_vec(), Markup::Xml, None)
                .text
                .contains("Zürich")
        );
    }

    #[test]
    fn undeclared_invalid_utf8_in_plain_text_is_replaced_with_a_notice() {
        let d = decode(b"ok \xff bad".to_vec(), Markup::Plain, None);
        assert_eq!(d.text, "ok \u{FFFD} bad");
        assert!(d.notice.unwrap().contains("replaced"));
    }

    #[test]
    fn undeclared_legacy_page_falls_back_to_windows_1252_and_says_so() {
        let d = decode(b"<p>caf\xe9</p>".to_vec(), Markup::Html, None);
        assert!(d.text.contains("café"));
        assert!(d.notice.unwrap().contains("windows-1252"));
    }

    #[test]
    fn an_undeclared_windows_1251_page_is_detected_with_a_notice() {
        let text = "<html><body><p>Путин заявил, что войска покинут страну в течение недели. \
                    Президент Токаев поблагодарил союзников за помощь.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode(bytes.into_owned(), Markup::Html, None);
        assert!(d.text.contains("Путин заявил"), "{}", d.text);
        assert!(d.notice.unwrap().contains("windows-1251"));
    }

    #[test]
    fn utf16_declared_by_the_server_is_decoded() {
        let mut bytes = Vec::new();
        for unit in "<p>Слово и дело.</p>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(is_utf16(&bytes, Some("text/html; charset=utf-16le")));
        let d = decode(bytes, Markup::Html, Some("text/html; charset=utf-16le"));
        assert_eq!(d.text, "<p>Слово и дело.</p>");
        // An ASCII page that a server mislabels as UTF-16 is read as what it is.
        assert!(!is_utf16(
            b"<p>Plain.</p>",
            Some("text/html; charset=utf-16")
        ));
    }

    #[test]
    fn valid_utf8_is_moved_not_copied() {
        let bytes = "Grüße.".as_bytes().to_vec();
        let at = bytes.as_ptr();
        let d = decode(bytes, Markup::Plain, None);
        assert_eq!(d.text.as_ptr(), at);
    }
}
