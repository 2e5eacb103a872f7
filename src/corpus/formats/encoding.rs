//! Turning an input's bytes into text: byte-order marks, declared charsets (HTTP header,
//! `<meta charset>`, `http-equiv`, the XML declaration) and the UTF-8 default, via encoding_rs.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

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

/// Decodes `bytes`. Priority: byte-order mark, then the HTTP `Content-Type` charset, then a
/// charset declared in the document, then UTF-8 when the bytes are valid UTF-8, then
/// windows-1252 for web pages (what browsers assume) or UTF-8 with replacements otherwise.
pub fn decode(bytes: &[u8], markup: Markup, http_content_type: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(encoding, &bytes[bom_len..], None);
    }
    let declared = http_content_type
        .and_then(charset_from_content_type)
        .or_else(|| match markup {
            Markup::Html => meta_charset(bytes).or_else(|| xml_declared(bytes)),
            Markup::Xml => xml_declared(bytes),
            Markup::Plain => None,
        })
        // A page cannot truly declare UTF-16 without a byte-order mark: its ASCII declaration
        // shows it is ASCII-compatible, so (like browsers) read it as UTF-8.
        .map(|e| e.output_encoding());
    if let Some(encoding) = declared {
        return finish(encoding, bytes, None);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return finish(UTF_8, bytes, None);
    }
    match markup {
        Markup::Html | Markup::Xml => finish(
            WINDOWS_1252,
            bytes,
            Some(
                "no character set declared and the bytes are not UTF-8; read as windows-1252"
                    .into(),
            ),
        ),
        Markup::Plain => finish(UTF_8, bytes, None),
    }
}

fn finish(encoding: &'static Encoding, bytes: &[u8], notice: Option<String>) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
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
        let d = decode(&bytes, Markup::Plain, None);
        assert_eq!(d.text, "Café “quoted”");
        assert!(d.notice.is_none());
    }

    #[test]
    fn meta_charset_windows_1252_is_honoured() {
        let bytes = b"<html><head><meta charset=\"windows-1252\"></head><p>\x93Caf\xe9\x94</p>";
        let d = decode(bytes, Markup::Html, None);
        assert!(d.text.contains("“Café”"), "{}", d.text);
        assert!(d.notice.is_none());
    }

    #[test]
    fn http_equiv_and_latin1_label_mean_windows_1252() {
        let bytes = b"<meta http-equiv=Content-Type content='text/html; charset=iso-8859-1'><p>\x96 na\xefve</p>";
        let d = decode(bytes, Markup::Html, None);
        assert!(d.text.contains("– naïve"), "{}", d.text);
    }

    #[test]
    fn http_header_wins_over_the_page() {
        let bytes = b"<meta charset=utf-8><p>\xe9t\xe9</p>";
        let d = decode(bytes, Markup::Html, Some("text/html; charset=Windows-1252"));
        assert!(d.text.contains("été"));
    }

    #[test]
    fn xml_declaration_is_read() {
        let bytes =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Z\xfcrich</title></rss>";
        assert!(decode(bytes, Markup::Xml, None).text.contains("Zürich"));
    }

    #[test]
    fn undeclared_invalid_utf8_in_plain_text_is_replaced_with_a_notice() {
        let d = decode(b"ok \xff bad", Markup::Plain, None);
        assert_eq!(d.text, "ok \u{FFFD} bad");
        assert!(d.notice.unwrap().contains("replaced"));
    }

    #[test]
    fn undeclared_legacy_page_falls_back_to_windows_1252_and_says_so() {
        let d = decode(b"<p>caf\xe9</p>", Markup::Html, None);
        assert!(d.text.contains("café"));
        assert!(d.notice.unwrap().contains("windows-1252"));
    }
}
