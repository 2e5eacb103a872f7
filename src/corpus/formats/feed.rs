//! RSS, Atom and JSON Feed files (feed-rs): each item becomes an article with the item's title,
//! link and date and the feed's title as source. A broken item is reported and skipped; the
//! others still load.

use feed_rs::model::{Entry, Feed};

use super::html;
use crate::corpus::{Document, Skipped};

/// Reads a feed already decoded to `text`. Returns the items as documents plus the items that
/// were skipped; `Err` only when nothing of the feed could be read.
pub fn parse(origin: &str, text: &str) -> Result<(Vec<Document>, Vec<Skipped>), String> {
    let text = declare_utf8(text);
    match feed_rs::parser::parse(text.as_bytes()) {
        Ok(feed) => Ok(documents(origin, &feed, 0, &[])),
        Err(whole) => {
            item_by_item(origin, &text).ok_or_else(|| format!("not a readable feed: {whole}"))
        }
    }
}

/// Turns a parsed feed into documents. `first` numbers the items; `skipped_numbers` are item
/// numbers already reported broken, so numbering matches the file.
fn documents(
    origin: &str,
    feed: &Feed,
    first: usize,
    skipped_numbers: &[usize],
) -> (Vec<Document>, Vec<Skipped>) {
    let source = feed
        .title
        .as_ref()
        .map(|t| text_of(&t.content, t.content_type.as_ref()))
        .filter(|t| !t.is_empty());
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    let mut number = first;
    for entry in &feed.entries {
        number += 1;
        while skipped_numbers.contains(&number) {
            number += 1;
        }
        match document(origin, number, entry, source.clone()) {
            Ok(doc) => docs.push(doc),
            Err(reason) => skipped.push(Skipped {
                origin: item_label(origin, number, entry_title(entry).as_deref()),
                reason,
            }),
        }
    }
    (docs, skipped)
}

fn document(
    origin: &str,
    number: usize,
    entry: &Entry,
    source: Option<String>,
) -> Result<Document, String> {
    let from_content = entry.content.as_ref().and_then(|c| {
        c.body
            .as_deref()
            .map(|body| text_of(body, c.content_type.as_ref()))
    });
    let from_summary = || {
        entry
            .summary
            .as_ref()
            .map(|s| text_of(&s.content, s.content_type.as_ref()))
    };
    // Media feeds (YouTube, podcasts) describe the item in `media:description`.
    let from_media = || {
        entry.media.iter().find_map(|m| {
            m.description
                .as_ref()
                .map(|d| text_of(&d.content, d.content_type.as_ref()))
                .filter(|t| !t.trim().is_empty())
        })
    };
    let text = from_content
        .filter(|t| !t.trim().is_empty())
        .or_else(from_summary)
        .filter(|t| !t.trim().is_empty())
        .or_else(from_media)
        .ok_or("the item has neither content nor a summary")?;
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.clone());
    Ok(Document {
        origin: format!("{origin}#{number}"),
        title: entry_title(entry),
        source,
        date: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
        url,
        text,
        notices: Vec::new(),
    })
}

fn entry_title(entry: &Entry) -> Option<String> {
    entry
        .title
        .as_ref()
        .map(|t| text_of(&t.content, t.content_type.as_ref()))
        .filter(|t| !t.is_empty())
}

/// How a feed item is named in messages: the file, the item's number and its title.
fn item_label(origin: &str, number: usize, title: Option<&str>) -> String {
    match title {
        Some(t) => format!("{origin} item {number} (\u{201c}{t}\u{201d})"),
        None => format!("{origin} item {number}"),
    }
}

/// Text from a feed field: HTML (declared, or looking like markup) converted, else whitespace tidied.
fn text_of(content: &str, content_type: &str) -> String {
    let looks_like_markup =
        content.contains("</") || content.contains("/>") || content.contains("<br");
    if content_type.contains("html") || looks_like_markup {
        html::to_text(content)
    } else {
        let decoded = html::decode_entities(content);
        decoded
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The text is UTF-8 now, whatever the XML declaration said; say so, or feed-rs would decode again.
fn declare_utf8(text: &str) -> String {
    let trimmed = text.trim_start_matches('\u{feff}');
    if let Some(rest) = trimmed.strip_prefix("<?xml")
        && let Some(end) = rest.find("?>")
    {
        return format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
            &rest[end + 2..]
        );
    }
    trimmed.to_string()
}

/// When the whole feed does not parse, parse each `<item>` or `<entry>` on its own inside the
/// feed's own header, so one broken item costs only itself.
fn item_by_item(origin: &str, text: &str) -> Option<(Vec<Document>, Vec<Skipped>)> {
    let lower = text.to_ascii_lowercase();
    let (open, close, suffix) = if lower.contains("<entry") && !lower.contains("<item") {
        ("<entry", "</entry>", "</feed>")
    } else if lower.contains("<rdf:rdf") {
        ("<item", "</item>", "</rdf:RDF>")
    } else {
        ("<item", "</item>", "</channel></rss>")
    };
    let first = element_start(&lower, open, 0)?;
    // Items in RSS 1.0 sit after the channel; close it before them too.
    let header = &text[..first];
    let mut items = Vec::new();
    let mut from = first;
    while let Some(start) = element_start(&lower, open, from) {
        let end = lower[start..]
            .find(close)
            .map_or(lower.len(), |e| start + e + close.len());
        // An unclosed item runs to the next one.
        let end = element_start(&lower, open, start + open.len()).map_or(end, |next| end.min(next));
        items.push(&text[start..end]);
        from = end;
    }
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    let mut feed_ok = false;
    for (i, item) in items.iter().enumerate() {
        let number = i + 1;
        let wrapped = format!("{header}{item}{suffix}");
        match feed_rs::parser::parse(wrapped.as_bytes()) {
            Ok(feed) if !feed.entries.is_empty() => {
                feed_ok = true;
                let (d, s) = documents(origin, &feed, number - 1, &[]);
                docs.extend(d);
                skipped.extend(s);
            }
            Ok(_) => skipped.push(Skipped {
                origin: item_label(origin, number, raw_title(item).as_deref()),
                reason: "the item could not be read".into(),
            }),
            Err(e) => skipped.push(Skipped {
                origin: item_label(origin, number, raw_title(item).as_deref()),
                reason: format!("the item is not well-formed: {e}"),
            }),
        }
    }
    feed_ok.then_some((docs, skipped))
}

/// Where the element `open` (such as `<item`) next starts at or after `from`, skipping names
/// that merely begin the same way (`<itemref`).
fn element_start(lower: &str, open: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = lower[at..].find(open) {
        let start = at + i;
        let next = lower.as_bytes().get(start + open.len());
        if next.is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/') {
            return Some(start);
        }
        at = start + open.len();
    }
    None
}

/// The text of a broken item's `<title>`, for naming it in the message.
fn raw_title(item: &str) -> Option<String> {
    let lower = item.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let body = start + lower[start..].find('>')? + 1;
    let end = body + lower[body..].find("</title")?;
    let title = html::decode_entities(item[body..end].trim());
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wire Desk</title><link>https://wire.example/</link><description>News</description>
<item><title>First &amp; foremost</title><link>https://wire.example/1</link>
<pubDate>Mon, 10 Jan 2022 08:00:00 GMT</pubDate>
<description>Summary only.</description>
<content:encoded><![CDATA[<p>Full <b>text</b> one.</p><p>Second para.</p>]]></content:encoded></item>
<item><title>Second</title><link>https://wire.example/2</link><description>&lt;p&gt;Escaped &amp;amp; summary.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://wire.example/3</link></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_articles_with_the_feed_title_as_source() {
        let (docs, skipped) = parse("wire.xml", RSS).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title.as_deref(), Some("First & foremost"));
        assert_eq!(docs[0].source.as_deref(), Some("Wire Desk"));
        assert_eq!(docs[0].url.as_deref(), Some("https://wire.example/1"));
        assert_eq!(docs[0].text, "Full text one.\n\nSecond para.");
        assert!(
            docs[0]
                .date
                .as_deref()
                .unwrap()
                .starts_with("2022-01-10T08:00:00")
        );
        assert_eq!(docs[1].text, "Escaped & summary.");
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].origin, "wire.xml item 3 (“Empty”)");
        assert!(skipped[0].reason.contains("neither content nor a summary"));
    }

    #[test]
    fn a_malformed_item_costs_only_itself() {
        let broken = RSS.replace(
            "<title>Second</title>",
            "<title>Second</title><description>oops</summary>",
        );
        let (docs, skipped) = parse("wire.xml", &broken).unwrap();
        assert_eq!(docs.len(), 1, "{docs:?} {skipped:?}");
        assert_eq!(docs[0].title.as_deref(), Some("First & foremost"));
        let labels: Vec<_> = skipped.iter().map(|s| s.origin.as_str()).collect();
        assert_eq!(
            labels,
            ["wire.xml item 2 (“Second”)", "wire.xml item 3 (“Empty”)"]
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse("x.xml", "<html><body>not a feed</body></html>").is_err());
    }
}
