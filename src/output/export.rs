//! Exports of what a reader marked (sentences, claims, quotes, facts), each with its citations,
//! as Markdown or JSON; and writing an export to a file without overwriting one unasked.
//!
//! A marked item is a snapshot ([`Marked`]): its words and sources are copied when it is marked,
//! so it outlives the analysis it came from (another story opened, an article moved).

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::cite::{self, Source, markdown_escape};
use crate::claims::{Claim, Fact, QuoteGroup};
use crate::corpus::{Article, SentenceRef};

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

/// One version of a marked item as a source words it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    /// The words as this source prints them: the sentence, the quote, the fact's phrase.
    pub text: String,
    /// A fact's value as read ("around 2,500 troops" -> 2500).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_as_integer"
    )]
    pub value: Option<f64>,
    /// A fact's hedge ("around", "more than"), where stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
    /// The sentence a quote or a fact stands in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// Where it comes from.
    pub source: Source,
}

/// One marked item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marked {
    /// What it is.
    pub kind: MarkKind,
    /// A one-line summary: the sentence, the claim's representative, the quote, the fact's label.
    pub text: String,
    /// Who said a quote, where the text says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// Whether a fact's sources agree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agree: Option<bool>,
    /// Each source's version (one for a sentence).
    pub versions: Vec<Version>,
}

/// The text of a sentence, if it exists.
fn sentence_text(articles: &[Article], at: SentenceRef) -> Option<&str> {
    articles
        .get(at.article)?
        .sentences
        .get(at.sentence)
        .map(|s| s.text.as_str())
}

impl Version {
    fn of(text: &str, article: &Article) -> Version {
        Version {
            text: cite::clean(text),
            value: None,
            hedge: None,
            sentence: None,
            source: Source::of(article),
        }
    }
}

impl Marked {
    /// A sentence of an article, cited.
    pub fn sentence(articles: &[Article], at: SentenceRef) -> Option<Marked> {
        let text = sentence_text(articles, at)?;
        Some(Marked {
            kind: MarkKind::Sentence,
            text: cite::clean(text),
            speaker: None,
            agree: None,
            versions: vec![Version::of(text, &articles[at.article])],
        })
    }

    /// A shared claim: its representative's words, and each version in `order` (the claims
    /// view's order, representative first) cited from its source; all members when `order` is
    /// empty.
    pub fn claim(articles: &[Article], claim: &Claim, order: &[SentenceRef]) -> Marked {
        let members = if order.is_empty() {
            &claim.members[..]
        } else {
            order
        };
        let versions = members
            .iter()
            .filter_map(|&m| {
                Some(Version::of(
                    sentence_text(articles, m)?,
                    &articles[m.article],
                ))
            })
            .collect();
        Marked {
            kind: MarkKind::Claim,
            text: cite::clean(sentence_text(articles, claim.representative).unwrap_or_default()),
            speaker: None,
            agree: None,
            versions,
        }
    }

    /// A numeric fact: its label, and each source's value with the phrase and sentence it
    /// stands in.
    pub fn fact(articles: &[Article], fact: &Fact) -> Marked {
        let versions = fact
            .values
            .iter()
            .filter_map(|v| {
                let article = articles.get(v.at.article)?;
                Some(Version {
                    value: Some(v.value),
                    hedge: v.hedge.as_deref().map(cite::clean),
                    sentence: sentence_text(articles, v.at).map(cite::clean),
                    ..Version::of(&v.text, article)
                })
            })
            .collect();
        Marked {
            kind: MarkKind::Fact,
            text: cite::clean(&fact.label),
            speaker: None,
            agree: Some(fact.agree),
            versions,
        }
    }

    /// A quote: its words (the first variant's), its speaker, and every variant cited with the
    /// sentence it stands in.
    pub fn quote(articles: &[Article], group: &QuoteGroup) -> Marked {
        let versions = group
            .variants
            .iter()
            .filter_map(|v| {
                let article = articles.get(v.at.article)?;
                Some(Version {
                    sentence: sentence_text(articles, v.at).map(cite::clean),
                    ..Version::of(&v.text, article)
                })
            })
            .collect();
        Marked {
            kind: MarkKind::Quote,
            text: cite::clean(group.variants.first().map_or("", |v| v.text.as_str())),
            // The person the story's sources name, when unified, else the speaker as written.
            speaker: group
                .person
                .as_deref()
                .or(group.speaker.as_deref())
                .map(cite::clean),
            agree: None,
            versions,
        }
    }

    /// The Markdown heading of the item (without the number).
    fn heading(&self) -> String {
        let outlet = |i: usize| {
            self.versions
                .get(i)
                .map(|v| markdown_escape(&v.source.outlet))
        };
        match self.kind {
            MarkKind::Sentence => match outlet(0) {
                Some(o) => format!("Sentence ({o})"),
                None => "Sentence".into(),
            },
            MarkKind::Claim => format!("Shared claim, {} versions", self.versions.len()),
            MarkKind::Quote => match &self.speaker {
                Some(s) => format!("Quote ({})", markdown_escape(s)),
                None => "Quote".into(),
            },
            MarkKind::Fact => format!(
                "Fact: {} (the sources {})",
                markdown_escape(&self.text),
                if self.agree == Some(false) {
                    "disagree"
                } else {
                    "agree"
                }
            ),
        }
    }
}

fn whole_as_integer<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => s.serialize_i64(*v as i64),
        Some(v) => s.serialize_f64(*v),
        None => s.serialize_none(),
    }
}

/// The file formats an export is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A Markdown document: a section per item, block quotes with their sources.
    #[default]
    Markdown,
    /// Pretty JSON: `{"items": [...]}`.
    Json,
}

impl Format {
    /// The format a file name asks for by its extension (`.json`, `.md`, `.markdown`), if any.
    pub fn of_path(path: &str) -> Option<Format> {
        let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }

    /// The usual extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }

    /// The other format.
    pub fn toggled(self) -> Format {
        match self {
            Format::Markdown => Format::Json,
            Format::Json => Format::Markdown,
        }
    }

    /// The format's name as the reader says it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Json => "JSON",
        }
    }

    /// The items written in this format.
    pub fn render(self, items: &[Marked]) -> String {
        match self {
            Format::Markdown => markdown(items),
            Format::Json => json(items),
        }
    }
}

/// The marked items as a Markdown document, one section per item, every version cited.
pub fn markdown(items: &[Marked]) -> String {
    let mut out = String::from("# Marked in parallax\n");
    for (i, item) in items.iter().enumerate() {
        // One blank line between sections, however the last one ended.
        out.truncate(out.trim_end_matches('\n').len());
        out.push_str(&format!("\n\n## {}. {}\n\n", i + 1, item.heading()));
        for v in &item.versions {
            let words = markdown_escape(&cite::clean(&v.text));
            let source = v.source.markdown();
            match item.kind {
                MarkKind::Sentence | MarkKind::Claim => {
                    out.push_str(&format!("> {words}\n>\n> \u{2014} {source}\n\n"));
                }
                MarkKind::Quote => {
                    out.push_str(&format!(
                        "> \u{201c}{words}\u{201d}\n>\n> \u{2014} {source}\n"
                    ));
                    if let Some(s) = &v.sentence {
                        out.push_str(&format!("\nIn: {}\n", markdown_escape(&cite::clean(s))));
                    }
                    out.push('\n');
                }
                MarkKind::Fact => {
                    out.push_str(&format!("- **{words}** \u{2014} {source}\n"));
                    if let Some(s) = &v.sentence {
                        out.push_str(&format!("  > {}\n", markdown_escape(&cite::clean(s))));
                    }
                }
            }
        }
    }
    out.truncate(out.trim_end_matches('\n').len());
    out.push('\n');
    out
}

/// The marked items as pretty JSON (`{"items": [...]}`), strings cleaned of control characters.
pub fn json(items: &[Marked]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        items: &'a [Marked],
    }
    let clean = |s: &Option<String>| s.as_deref().map(cite::clean);
    let cleaned: Vec<Marked> = items
        .iter()
        .map(|m| Marked {
            kind: m.kind,
            text: cite::clean(&m.text),
            speaker: clean(&m.speaker),
            agree: m.agree,
            versions: m
                .versions
                .iter()
                .map(|v| Version {
                    text: cite::clean(&v.text),
                    value: v.value.filter(|x| x.is_finite()),
                    hedge: clean(&v.hedge),
                    sentence: clean(&v.sentence),
                    source: Source {
                        outlet: cite::clean(&v.source.outlet),
                        title: cite::clean(&v.source.title),
                        date: clean(&v.source.date),
                        url: clean(&v.source.url),
                    },
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
        // Checked and created in one step, so a file made meanwhile is never replaced.
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
    use crate::claims::{FactValue, QuoteVariant};
    use crate::corpus::Sentence;

    fn article(outlet: &str, sentences: &[&str]) -> Article {
        Article {
            origin: format!("{outlet}.txt"),
            title: format!("{outlet} story"),
            source: outlet.into(),
            date: Some("7 January 2022".into()),
            url: Some(format!("https://{}.example/a", outlet.to_lowercase())),
            text: Default::default(),
            sentences: sentences
                .iter()
                .map(|t| Sentence {
                    span: 0..0,
                    paragraph: 0,
                    text: (*t).into(),
                    boilerplate: None,
                    heading: false,
                })
                .collect(),
            notices: vec![],
        }
    }

    fn at(article: usize, sentence: usize) -> SentenceRef {
        SentenceRef { article, sentence }
    }

    fn articles() -> Vec<Article> {
        vec![
            article(
                "TASS",
                &[
                    "CSTO troops arrived in Kazakhstan.",
                    "Around 2,500 troops were sent.",
                ],
            ),
            article(
                "Reuters",
                &[
                    "Troops of the CSTO reached *Almaty*.",
                    "The alliance sent 2,030 troops.",
                ],
            ),
        ]
    }

    fn claim() -> Claim {
        Claim {
            members: vec![at(0, 0), at(1, 0)],
            sources: 2,
            strength: 1.0,
            representative: at(0, 0),
        }
    }

    fn fact() -> Fact {
        Fact {
            label: "troops".into(),
            values: vec![
                FactValue {
                    at: at(0, 1),
                    value: 2500.0,
                    hedge: Some("around".into()),
                    text: "Around 2,500 troops".into(),
                },
                FactValue {
                    at: at(1, 1),
                    value: 2030.0,
                    hedge: None,
                    text: "2,030 troops".into(),
                },
            ],
            agree: false,
        }
    }

    fn two_items() -> Vec<Marked> {
        let a = articles();
        vec![Marked::claim(&a, &claim(), &[]), Marked::fact(&a, &fact())]
    }

    #[test]
    fn markdown_export_cites_every_version() {
        let md = markdown(&two_items());
        assert_eq!(
            md,
            "# Marked in parallax\n\
             \n\
             ## 1. Shared claim, 2 versions\n\
             \n\
             > CSTO troops arrived in Kazakhstan.\n\
             >\n\
             > \u{2014} *TASS*, [TASS story](<https://tass.example/a>), 7 January 2022\n\
             \n\
             > Troops of the CSTO reached \\*Almaty\\*.\n\
             >\n\
             > \u{2014} *Reuters*, [Reuters story](<https://reuters.example/a>), 7 January 2022\n\
             \n\
             ## 2. Fact: troops (the sources disagree)\n\
             \n\
             - **Around 2,500 troops** \u{2014} *TASS*, [TASS story](<https://tass.example/a>), 7 January 2022\n\
             \x20 > Around 2,500 troops were sent.\n\
             - **2,030 troops** \u{2014} *Reuters*, [Reuters story](<https://reuters.example/a>), 7 January 2022\n\
             \x20 > The alliance sent 2,030 troops.\n"
        );
    }

    #[test]
    fn json_export_lists_items_with_sources_and_values() {
        let v: serde_json::Value = serde_json::from_str(&json(&two_items())).unwrap();
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["kind"], "claim");
        assert_eq!(items[0]["text"], "CSTO troops arrived in Kazakhstan.");
        assert_eq!(items[0]["versions"][1]["source"]["outlet"], "Reuters");
        assert_eq!(
            items[0]["versions"][1]["source"]["url"],
            "https://reuters.example/a"
        );
        assert!(items[0]["versions"][0].get("value").is_none());
        assert_eq!(items[1]["kind"], "fact");
        assert_eq!(items[1]["agree"], false);
        assert_eq!(items[1]["versions"][0]["value"], 2500);
        assert_eq!(items[1]["versions"][0]["hedge"], "around");
        assert_eq!(items[1]["versions"][1]["source"]["outlet"], "Reuters");
        assert_eq!(
            items[1]["versions"][1]["sentence"],
            "The alliance sent 2,030 troops."
        );
    }

    #[test]
    fn sentences_and_quotes_are_cited_with_their_speaker() {
        let a = articles();
        let quote = QuoteGroup {
            speaker: Some("Putin".into()),
            person: Some("Vladimir Putin".into()),
            variants: vec![QuoteVariant {
                at: at(0, 0),
                text: "troops arrived".into(),
                span: 0..0,
            }],
        };
        let items = [
            Marked::sentence(&a, at(1, 1)).unwrap(),
            Marked::quote(&a, &quote),
        ];
        let md = markdown(&items);
        assert!(md.contains("## 1. Sentence (Reuters)\n\n> The alliance sent 2,030 troops.\n"));
        assert!(md.contains(
            "## 2. Quote (Vladimir Putin)\n\n> \u{201c}troops arrived\u{201d}\n>\n> \u{2014} *TASS*"
        ));
        assert!(
            md.contains("In: CSTO troops arrived in Kazakhstan.\n"),
            "{md}"
        );
        let v: serde_json::Value = serde_json::from_str(&json(&items)).unwrap();
        assert_eq!(v["items"][1]["speaker"], "Vladimir Putin");
        assert!(Marked::sentence(&a, at(5, 0)).is_none());
    }

    #[test]
    fn control_characters_never_reach_an_export() {
        let mut a = articles();
        a[0].sentences[0].text = "Evil\u{1b}]52;c;AAAA\u{7} text\u{9b}31m".into();
        a[0].source = "Bad\u{1b}[2JOutlet".into();
        let items = [Marked::sentence(&a, at(0, 0)).unwrap()];
        for out in [markdown(&items), json(&items)] {
            assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        }
    }

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(Format::of_path("marks.JSON"), Some(Format::Json));
        assert_eq!(Format::of_path("a/b.md"), Some(Format::Markdown));
        assert_eq!(Format::of_path("notes.txt"), None);
        assert_eq!(Format::Json.toggled().extension(), "md");
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
