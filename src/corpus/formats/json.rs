//! JSON and JSON Lines of articles: objects `{"title", "source", "url", "date", "text"}` (only
//! `text` required), one per line, as an array, alone, or as `parallax report` writes them
//! (an object whose `"articles"` each carry `"text"`). A bad line or item is reported; the rest loads.

use serde_json::{Map, Value};

use crate::corpus::{Document, Skipped};

/// Reads articles from JSON or JSON Lines `text`. `Err` only when no article could be read.
pub fn parse(origin: &str, text: &str) -> Result<(Vec<Document>, Vec<Skipped>), String> {
    let text = text.trim_start_matches('\u{feff}');
    let whole_err = match serde_json::from_str::<Value>(text) {
        Ok(value) => return whole(origin, value),
        Err(e) => e,
    };
    // One bad item in an array (a lone surrogate escape, a number too large) costs only
    // itself: the items are cut apart and read one by one.
    if let Some(items) = array_items(text).filter(|items| items.len() > 1) {
        return each_item(origin, &items);
    }
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if lines.len() <= 1 {
        return Err(in_words(&whole_err));
    }
    json_lines(origin, &lines)
}

fn whole(origin: &str, value: Value) -> Result<(Vec<Document>, Vec<Skipped>), String> {
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut obj)
            if !obj.contains_key("text") && obj.get("articles").is_some_and(Value::is_array) =>
        {
            match obj.remove("articles") {
                Some(Value::Array(items)) => items,
                _ => unreachable!("checked to be an array"),
            }
        }
        Value::Object(obj) => {
            return article(obj, origin.to_string())
                .map(|doc| (vec![doc], Vec::new()))
                .map_err(|reason| format!("{reason} (expected an article object, an array of them, or a report with \"articles\")"));
        }
        _ => return Err("JSON that is neither an article object nor an array of them".into()),
    };
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let result = match item {
            Value::Object(obj) => article(obj, format!("{origin}#{}", i + 1)),
            _ => Err("not an object".to_string()),
        };
        match result {
            Ok(doc) => docs.push(doc),
            Err(reason) => skipped.push(Skipped {
                origin: format!("{origin} item {}", i + 1),
                reason,
            }),
        }
    }
    if docs.is_empty() && !skipped.is_empty() {
        return Err(format!("no article in it: item 1: {}", skipped[0].reason));
    }
    Ok((docs, skipped))
}

/// What is wrong with JSON, in a reader's words where serde's would puzzle.
fn in_words(e: &serde_json::Error) -> String {
    let said = e.to_string();
    let at = format!("line {}, column {}", e.line(), e.column());
    if said.contains("surrogate") || said.contains("hex escape") || said.contains("code point") {
        format!("not valid JSON: a bad \\u escape (such as a lone surrogate, \\ud800), at {at}")
    } else if said.contains("number out of range") {
        format!("not valid JSON: a number too large to read, at {at}")
    } else if said.contains("recursion limit") {
        format!("not valid JSON: nested more than 128 levels deep (the bound on nesting), at {at}")
    } else if e.is_eof() {
        "not valid JSON: it ends before the JSON does (cut short?)".into()
    } else {
        format!("not valid JSON: {e}")
    }
}

/// The items of a top-level JSON array as text, cut at the commas between them (strings and
/// nesting minded) without parsing them; `None` when the text is not an array that closes.
fn array_items(text: &str) -> Option<Vec<&str>> {
    let body = text.trim().strip_prefix('[')?;
    let b = body.as_bytes();
    let mut items = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' if depth > 0 => depth -= 1,
            b',' if depth == 0 => {
                items.push(body[start..i].trim());
                start = i + 1;
            }
            b']' => {
                let last = body[start..i].trim();
                if !last.is_empty() || !items.is_empty() {
                    items.push(last);
                }
                return body[i + 1..].trim().is_empty().then_some(items);
            }
            _ => {}
        }
    }
    None
}

/// Reads the items of an array one by one; a bad one is named and the rest load.
fn each_item(origin: &str, items: &[&str]) -> Result<(Vec<Document>, Vec<Skipped>), String> {
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let result = match serde_json::from_str::<Value>(item) {
            Ok(Value::Object(obj)) => article(obj, format!("{origin}#{}", i + 1)),
            Ok(_) => Err("not an object".to_string()),
            Err(e) => Err(in_words(&e)),
        };
        match result {
            Ok(doc) => docs.push(doc),
            Err(reason) => skipped.push(Skipped {
                origin: format!("{origin} item {}", i + 1),
                reason,
            }),
        }
    }
    if docs.is_empty() {
        let first = skipped
            .first()
            .map_or(String::new(), |s| format!(": item 1: {}", s.reason));
        return Err(format!("no article in it{first}"));
    }
    Ok((docs, skipped))
}

fn json_lines(
    origin: &str,
    lines: &[(usize, &str)],
) -> Result<(Vec<Document>, Vec<Skipped>), String> {
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for &(number, line) in lines {
        let result = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => article(obj, format!("{origin}:{number}")),
            Ok(_) => Err("not a JSON object".to_string()),
            Err(e) => Err(in_words(&e)),
        };
        match result {
            Ok(doc) => docs.push(doc),
            Err(reason) => skipped.push(Skipped {
                origin: format!("{origin} line {number}"),
                reason,
            }),
        }
    }
    if docs.is_empty() {
        let first = skipped
            .first()
            .map_or(String::new(), |s| format!(": {} {}", s.origin, s.reason));
        return Err(format!("no article in it{first}"));
    }
    Ok((docs, skipped))
}

/// One article object. Fields other than `text` are optional; non-string values are ignored.
/// The object is taken by value so that the text, often most of the input, moves out of it.
fn article(mut obj: Map<String, Value>, origin: String) -> Result<Document, String> {
    let text = match obj.remove("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::String(_)) => return Err("\"text\" is empty".into()),
        Some(_) => return Err("\"text\" is not a string".into()),
        None => return Err("no \"text\" field".into()),
    };
    let field = |names: &[&str]| {
        names.iter().find_map(|n| {
            obj.get(*n)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        })
    };
    Ok(Document {
        origin,
        title: field(&["title", "headline"]),
        source: field(&["source", "outlet", "site_name"]),
        date: field(&["date", "published", "published_time"]),
        url: field(&["url", "link"]),
        text,
        notices: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_load_and_a_bad_line_is_named() {
        let text = "{\"title\":\"A\",\"source\":\"Wire\",\"text\":\"One.\"}\n\n{broken\n{\"text\":\"Two.\",\"url\":\"https://x.example/2\"}\n{\"title\":\"no text\"}\n";
        let (docs, skipped) = parse("a.jsonl", text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title.as_deref(), Some("A"));
        assert_eq!(docs[0].source.as_deref(), Some("Wire"));
        assert_eq!(docs[0].origin, "a.jsonl:1");
        assert_eq!(docs[1].url.as_deref(), Some("https://x.example/2"));
        assert_eq!(skipped.len(), 2);
        assert_eq!(skipped[0].origin, "a.jsonl line 3");
        assert!(skipped[0].reason.contains("not valid JSON"));
        assert_eq!(skipped[1].origin, "a.jsonl line 5");
        assert!(skipped[1].reason.contains("no \"text\""));
    }

    #[test]
    fn arrays_single_objects_and_reports_load() {
        let (docs, _) = parse("a.json", r#"[{"text":"One."},{"text":"Two."}]"#).unwrap();
        assert_eq!(docs.len(), 2);
        let (docs, _) = parse("a.json", r#"{"title":"T","text":"Only."}"#).unwrap();
        assert_eq!(docs[0].title.as_deref(), Some("T"));
        let report = r#"{"articles":[{"title":"R","source":"S","text":"Body.","sentences":[]}],"claims":[]}"#;
        let (docs, _) = parse("report.json", report).unwrap();
        assert_eq!(
            (docs[0].title.as_deref(), docs[0].text.as_str()),
            (Some("R"), "Body.")
        );
    }

    #[test]
    fn json_without_text_is_an_error() {
        assert!(
            parse("a.json", r#"{"title":"T"}"#)
                .unwrap_err()
                .contains("no \"text\"")
        );
        assert!(
            parse("a.json", "{oops")
                .unwrap_err()
                .contains("not valid JSON")
        );
    }

    #[test]
    fn a_lone_surrogate_or_a_huge_number_costs_only_its_item() {
        let huge = "9".repeat(100_000);
        let text = format!(
            r#"[{{"text":"One."}}, {{"text":"Bad \ud800 escape."}}, {{"text":"Two.","n":{huge}}}, {{"text":"Three."}}]"#
        );
        let (docs, skipped) = parse("a.json", &text).unwrap();
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["One.", "Three."]);
        assert_eq!(skipped.len(), 2);
        assert_eq!(skipped[0].origin, "a.json item 2");
        assert!(
            skipped[0].reason.contains("lone surrogate"),
            "{}",
            skipped[0].reason
        );
        assert_eq!(skipped[1].origin, "a.json item 3");
        assert!(
            skipped[1].reason.contains("number too large"),
            "{}",
            skipped[1].reason
        );
    }

    #[test]
    fn arrays_are_cut_into_items_minding_strings() {
        assert_eq!(
            array_items(r#" [ {"a":"x, ]"}, [1,2], "s\"]" ] "#),
            Some(vec![r#"{"a":"x, ]"}"#, "[1,2]", r#""s\"]""#])
        );
        assert_eq!(array_items("[]"), Some(vec![]));
        assert_eq!(array_items("[1, 2"), None);
        assert_eq!(array_items("{}"), None);
    }
}
