//! Exports of what a reader marked (sentences, claims, quotes, facts), each with its citations,
//! as Markdown or JSON; and writing an export to a file without overwriting one unasked.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::cite::{self, Source};

/// What a marked item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// One sentence of one article.
    Sentence,
    /// A shared claim: its representative wording, cited from every source that carries it.
    Claim,
    /// A quote, cited from every source that prints it.
    Quote,
    /// A number several sources report, with each source's value.
    Fact,
}

impl MarkKind {
    fn heading(self) -> &'static str {
        match self {
            MarkKind::Sentence => "Sentence",
            MarkKind::Claim => "Shared claim",
            MarkKind::Quote => "Quote",
            MarkKind::Fact => "Fact",
        }
    }
}

/// One version of a marked item as a source words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The words as this source prints them.
    pub text: String,
    /// Where they come from.
    pub source: Source,
}

/// One marked item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marked {
    /// What it is.
    pub kind: MarkKind,
    /// A one-line summary: the sentence, the claim's representative, the quote, the fact's label.
    pub text: String,
    /// Each source's version (one for a sentence).
    pub versions: Vec<Version>,
}

/// The marked items as a Markdown document, one section per item, every version cited.
pub fn markdown(items: &[Marked]) -> String {
    let mut out = String::from("# Marked in parallax\n");
    for (i, item) in items.iter().enumerate() {
        out.push_str(&format!(
            "\n## {}. {}: {}\n\n",
            i + 1,
            item.kind.heading(),
            cite::clean(&item.text)
        ));
        for v in &item.versions {
            out.push_str(&format!(
                "> {}\n>\n> \u{2014} {}\n\n",
                cite::clean(&v.text),
                v.source.markdown()
            ));
        }
    }
    out
}

/// The marked items as pretty JSON (`{"items": [...]}`), strings cleaned of control characters.
pub fn json(items: &[Marked]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        items: &'a [Marked],
    }
    let cleaned: Vec<Marked> = items
        .iter()
        .map(|m| Marked {
            kind: m.kind,
            text: cite::clean(&m.text),
            versions: m
                .versions
                .iter()
                .map(|v| Version {
                    text: cite::clean(&v.text),
                    source: v.source.clone(),
                })
                .collect(),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&Doc { items: &cleaned }).unwrap_or_default();
    s.push('\n');
    s
}

/// Why an export was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file exists and overwriting was not asked for: ask the reader, then call again.
    Exists,
    /// Anything else, with the file named.
    Failed(anyhow::Error),
}

/// Writes `contents` to `path`; an existing file is replaced only when `overwrite` is set.
pub fn write_file(path: &Path, contents: &str, overwrite: bool) -> Result<(), WriteError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(WriteError::Exists),
        Err(e) => {
            return Err(WriteError::Failed(
                anyhow::Error::new(e).context(format!("writing {}", path.display())),
            ));
        }
    };
    file.write_all(contents.as_bytes())
        .and_then(|_| file.flush())
        .with_context(|| format!("writing {}", path.display()))
        .map_err(WriteError::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(outlet: &str) -> Source {
        Source {
            outlet: outlet.into(),
            title: format!("{outlet} story"),
            date: Some("7 January 2022".into()),
            url: Some(format!("https://{}.example/a", outlet.to_lowercase())),
        }
    }

    fn two_items() -> Vec<Marked> {
        vec![
            Marked {
                kind: MarkKind::Claim,
                text: "CSTO troops arrived in Kazakhstan".into(),
                versions: vec![
                    Version {
                        text: "CSTO troops arrived in Kazakhstan.".into(),
                        source: source("TASS"),
                    },
                    Version {
                        text: "Troops of the CSTO reached Almaty.".into(),
                        source: source("Reuters"),
                    },
                ],
            },
            Marked {
                kind: MarkKind::Quote,
                text: "\u{1b}[31mwe will restore order".into(),
                versions: vec![Version {
                    text: "\"We will restore order\"".into(),
                    source: source("TASS"),
                }],
            },
        ]
    }

    #[test]
    fn markdown_export_cites_every_version() {
        let md = markdown(&two_items());
        assert!(md.starts_with("# Marked in parallax\n"));
        assert!(md.contains("## 1. Shared claim: CSTO troops arrived in Kazakhstan\n"));
        assert!(md.contains("> Troops of the CSTO reached Almaty.\n>\n> \u{2014} *Reuters*, [Reuters story](<https://reuters.example/a>), 7 January 2022\n"));
        assert!(
            md.contains("## 2. Quote: [31mwe will restore order"),
            "{md}"
        );
        assert!(!md.contains('\u{1b}'));
    }

    #[test]
    fn json_export_lists_items_with_sources() {
        let v: serde_json::Value = serde_json::from_str(&json(&two_items())).unwrap();
        assert_eq!(v["items"].as_array().unwrap().len(), 2);
        assert_eq!(v["items"][0]["kind"], "claim");
        assert_eq!(v["items"][0]["versions"][1]["source"]["outlet"], "Reuters");
        assert_eq!(v["items"][1]["text"], "[31mwe will restore order");
    }

    #[test]
    fn an_existing_file_is_kept_unless_overwrite_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marks.md");
        write_file(&path, "first", false).map_err(|_| ()).unwrap();
        assert!(matches!(
            write_file(&path, "second", false),
            Err(WriteError::Exists)
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        write_file(&path, "second", true).map_err(|_| ()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
    }

    #[test]
    fn a_failed_write_names_the_file() {
        let path = Path::new("/nonexistent-dir/marks.md");
        match write_file(path, "x", false) {
            Err(WriteError::Failed(e)) => {
                assert!(format!("{e:#}").contains("/nonexistent-dir/marks.md"))
            }
            other => panic!("{other:?}"),
        }
    }
}
