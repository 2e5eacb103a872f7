//! JSON and JSON Lines of articles: objects `{"title", "source", "url", "date", "text"}` (only
//! `text` required), one per line, as an array, alone, or as `parallax report` writes them
//! (an object whose `"articles"` each carry `"text"`). A bad line or item is reported; the rest loads.

use serde_json::{Map, Value};

use crate::corpus::{Document, Skipped};

/// Reads articles from JSON or JSON Lines `text`. `Err` only when no article could be read.
pub fn parse(origin: &str, text: &str) -> Result<(Vec<Document>, Vec<Skipped>), String> {
    let text = text.trim_start_matches('\u{feff}');
    match serde_json::from_str::<Value>(text) {
        Ok(value) => whole(origin, value),
        Err(whole_err) => {
            let lines: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .map(|(i, l)| (i + 1, l.trim()))
                .filter(|(_, l)| !l.is_empty())
                .collect();
            if lines.len() <= 1 {
                return Err(format!("not valid JSON: {whole_err}"));
            }
            json_lines(origin, &lines)
        }
    }
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
            return article(&obj, origin.to_string())
                .map(|doc| (vec![doc], Vec::new()))
                .map_err(|reason| format!("{reason} (expected an article object, an array of them, or a report with \"articles\")"));
        }
        _ => return Err("JSON that is neither an article object nor an array of them".into()),
    };
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let label = format!("{origin}#{}", i + 1);
        let result = match item {
            Value::Object(obj) => article(obj, label.clone()),
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

fn json_lines(
    origin: &str,
    lines: &[(usize, &str)],
) -> Result<(Vec<Document>, Vec<Skipped>), String> {
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for &(number, line) in lines {
        let result = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => article(&obj, format!("{origin}:{number}")),
            Ok(_) => Err("not a JSON object".to_string()),
            Err(e) => Err(format!("not valid JSON: {e}")),
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
fn article(obj: &Map<String, Value>, origin: String) -> Result<Document, String> {
    let field = |names: &[&str]| {
        names.iter().find_map(|n| {
            obj.get(*n)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        })
    };
    let text = match obj.get("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) => return Err("\"text\" is empty".into()),
        Some(_) => return Err("\"text\" is not a string".into()),
        None => return Err("no \"text\" field".into()),
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
}
