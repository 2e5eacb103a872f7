//! What the reader marked while reading (sentences, claims, facts, quotes), and the export
//! prompt that writes the marks to a file.
//!
//! A mark keeps a snapshot of its item ([`Marked`], cited), so marks survive opening another
//! story or a new analysis; a [`MarkKey`] says which item it is, so marking it again unmarks it
//! and the lists can show it marked. Writing is the runtime's ([`ExportJob::write`]): `update`
//! only asks for it, and the answer comes back as [`Action::Exported`].

use std::path::PathBuf;

use crate::claims::{Claim, Fact, QuoteGroup};
use crate::corpus::SentenceRef;
use crate::output::export::{self, Format, Marked, WriteError};
use crate::tui::action::{Action, Mode};

/// The file an export is written to unless the reader types another.
pub const DEFAULT_NAME: &str = "parallax-marks";

/// The mark drawn beside a marked item.
pub const SYMBOL: &str = "●";
/// The mark in ASCII mode.
pub const SYMBOL_ASCII: &str = "*";

/// The mark drawn beside a marked item, in ASCII when asked.
pub fn symbol(ascii: bool) -> &'static str {
    if ascii { SYMBOL_ASCII } else { SYMBOL }
}

/// Which item a mark is on: the same item reached again (another story's analysis, the list
/// reopened) has the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKey {
    /// A sentence.
    Sentence(SentenceRef),
    /// A shared claim, by its member sentences.
    Claim(Vec<SentenceRef>),
    /// A fact, by its label and where its values stand.
    Fact(String, Vec<SentenceRef>),
    /// A quote, by where its variants stand.
    Quote(Vec<SentenceRef>),
}

impl MarkKey {
    /// The key of a claim.
    pub fn claim(claim: &Claim) -> MarkKey {
        MarkKey::Claim(claim.members.clone())
    }

    /// The key of a fact.
    pub fn fact(fact: &Fact) -> MarkKey {
        MarkKey::Fact(
            fact.label.clone(),
            fact.values.iter().map(|v| v.at).collect(),
        )
    }

    /// The key of a quote.
    pub fn quote(group: &QuoteGroup) -> MarkKey {
        MarkKey::Quote(group.variants.iter().map(|v| v.at).collect())
    }
}

/// The marked items, in the order they were marked (the order they are exported in).
#[derive(Debug, Clone, Default)]
pub struct Marks {
    items: Vec<(MarkKey, Marked)>,
}

impl Marks {
    /// Marks the item, or unmarks it when it is marked; `item` makes its snapshot. Returns
    /// whether it is marked now, or `None` when there was nothing to mark.
    pub fn toggle(&mut self, key: MarkKey, item: impl FnOnce() -> Option<Marked>) -> Option<bool> {
        if let Some(i) = self.items.iter().position(|(k, _)| *k == key) {
            self.items.remove(i);
            return Some(false);
        }
        self.items.push((key, item()?));
        Some(true)
    }

    /// Whether the item is marked.
    pub fn contains(&self, key: &MarkKey) -> bool {
        self.items.iter().any(|(k, _)| k == key)
    }

    /// Whether a sentence is marked.
    pub fn has_sentence(&self, at: SentenceRef) -> bool {
        self.contains(&MarkKey::Sentence(at))
    }

    /// How many items are marked.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Unmarks everything; returns how many were marked.
    pub fn clear(&mut self) -> usize {
        let n = self.items.len();
        self.items.clear();
        n
    }

    /// The marked items, in marking order.
    pub fn items(&self) -> impl Iterator<Item = &Marked> {
        self.items.iter().map(|(_, m)| m)
    }
}

/// The export prompt: the path typed, the format, and where to go back to.
#[derive(Debug, Clone)]
pub struct ExportPrompt {
    path: String,
    format: Format,
    /// The mode the prompt was opened from.
    back: Mode,
}

impl Default for ExportPrompt {
    fn default() -> ExportPrompt {
        ExportPrompt {
            path: format!("{DEFAULT_NAME}.{}", Format::Markdown.extension()),
            format: Format::Markdown,
            back: Mode::Normal,
        }
    }
}

impl ExportPrompt {
    /// Opens the prompt from `back`, keeping the path and format last used (the default at
    /// first).
    pub fn open(&mut self, back: Mode) {
        self.back = back;
    }

    /// The mode to go back to when the prompt closes.
    pub fn back(&self) -> Mode {
        self.back
    }

    /// The path as typed.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The format the file is written in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Types text into the path (a paste's first line; control characters dropped); a known
    /// extension chooses the format.
    pub fn type_text(&mut self, text: &str) {
        let line = text.lines().next().unwrap_or_default();
        self.path.extend(line.chars().filter(|c| !c.is_control()));
        self.follow_extension();
    }

    /// Deletes the last character of the path.
    pub fn backspace(&mut self) {
        self.path.pop();
        self.follow_extension();
    }

    /// Clears the path.
    pub fn clear(&mut self) {
        self.path.clear();
    }

    /// Turns to the other format, and the path's extension with it when it has a known one.
    pub fn toggle_format(&mut self) {
        let to = self.format.toggled();
        if Format::of_path(&self.path).is_some()
            && let Some(dot) = self.path.rfind('.')
        {
            self.path.truncate(dot + 1);
            self.path.push_str(to.extension());
        }
        self.format = to;
    }

    fn follow_extension(&mut self) {
        if let Some(f) = Format::of_path(&self.path) {
            self.format = f;
        }
    }

    /// The write the prompt asks for: the marks in its format, to its path.
    pub fn job(&self, marks: &Marks, overwrite: bool) -> ExportJob {
        let items: Vec<Marked> = marks.items().cloned().collect();
        ExportJob {
            path: self.path.trim().to_string(),
            contents: self.format.render(&items),
            items: items.len(),
            overwrite,
        }
    }
}

/// How an export ended, as the reader is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exported {
    /// Written.
    Wrote {
        /// How many items.
        items: usize,
        /// The path as typed.
        path: String,
    },
    /// The file exists and was left alone: the reader is asked whether to overwrite it.
    Exists(String),
    /// Not written: why, naming the path.
    Failed(String),
}

/// A file to write, asked for by `update` and done by the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportJob {
    /// The path as typed (`~/` is the home directory).
    pub path: String,
    /// What to write.
    pub contents: String,
    /// How many items it holds.
    pub items: usize,
    /// Replace an existing file (the reader said yes).
    pub overwrite: bool,
}

impl ExportJob {
    /// Writes the file, never replacing one unless [`ExportJob::overwrite`] is set; answers
    /// with the action that tells the reader.
    pub fn write(&self) -> Action {
        let path = expand_home(&self.path);
        let outcome = if self.path.is_empty() {
            Exported::Failed("export failed: no file name given".into())
        } else if path.is_dir() {
            // Not a file to overwrite: asking would only end in an error.
            Exported::Failed(format!("export failed: {} is a directory", self.path))
        } else {
            match export::write_file(&path, &self.contents, self.overwrite) {
                Ok(()) => Exported::Wrote {
                    items: self.items,
                    path: self.path.clone(),
                },
                Err(WriteError::Exists) => Exported::Exists(self.path.clone()),
                Err(WriteError::Failed(e)) => Exported::Failed(format!("export failed: {e:#}")),
            }
        };
        Action::Exported(outcome)
    }
}

/// The path with a leading `~/` read as the home directory.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// "1 mark", "3 marks".
pub fn marks(n: usize) -> String {
    if n == 1 {
        "1 mark".into()
    } else {
        format!("{n} marks")
    }
}

/// "1 item", "3 items".
pub fn items(n: usize) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::cite::Source;
    use crate::output::export::{MarkKind, Version};

    fn item(text: &str) -> Marked {
        Marked {
            kind: MarkKind::Sentence,
            text: text.into(),
            speaker: None,
            agree: None,
            versions: vec![Version {
                text: text.into(),
                value: None,
                hedge: None,
                sentence: None,
                source: Source {
                    outlet: "TASS".into(),
                    title: "T".into(),
                    date: None,
                    url: None,
                },
            }],
        }
    }

    fn at(sentence: usize) -> SentenceRef {
        SentenceRef {
            article: 0,
            sentence,
        }
    }

    #[test]
    fn marking_again_unmarks_and_order_is_kept() {
        let mut m = Marks::default();
        assert_eq!(
            m.toggle(MarkKey::Sentence(at(2)), || Some(item("b"))),
            Some(true)
        );
        m.toggle(MarkKey::Sentence(at(1)), || Some(item("a")));
        assert!(m.has_sentence(at(2)) && m.len() == 2);
        let texts: Vec<&str> = m.items().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["b", "a"]);
        assert_eq!(m.toggle(MarkKey::Sentence(at(2)), || None), Some(false));
        assert!(!m.has_sentence(at(2)));
        assert_eq!(m.toggle(MarkKey::Sentence(at(9)), || None), None);
        assert_eq!(m.clear(), 1);
        assert!(m.is_empty());
    }

    #[test]
    fn the_prompt_follows_the_extension_and_tab_swaps_it() {
        let mut p = ExportPrompt::default();
        assert_eq!(p.path(), "parallax-marks.md");
        p.toggle_format();
        assert_eq!(
            (p.path(), p.format()),
            ("parallax-marks.json", Format::Json)
        );
        p.clear();
        p.type_text("notes.md\nrm -rf /");
        assert_eq!((p.path(), p.format()), ("notes.md", Format::Markdown));
        p.type_text("\u{1b}[2J");
        assert_eq!(p.path(), "notes.md[2J");
        p.clear();
        p.type_text("notes.txt");
        p.toggle_format();
        assert_eq!((p.path(), p.format()), ("notes.txt", Format::Json));
        p.backspace();
        assert_eq!(p.format(), Format::Json);
    }

    #[test]
    fn a_job_writes_once_then_asks_then_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json").display().to_string();
        let mut marks = Marks::default();
        marks.toggle(MarkKey::Sentence(at(0)), || Some(item("one")));
        let mut p = ExportPrompt::default();
        p.clear();
        p.type_text(&path);
        let job = p.job(&marks, false);
        assert_eq!(
            job.write(),
            Action::Exported(Exported::Wrote {
                items: 1,
                path: path.clone()
            })
        );
        assert!(std::fs::read_to_string(&path).unwrap().contains("\"one\""));
        marks.toggle(MarkKey::Sentence(at(1)), || Some(item("two")));
        let again = p.job(&marks, false);
        assert_eq!(
            again.write(),
            Action::Exported(Exported::Exists(path.clone()))
        );
        assert!(!std::fs::read_to_string(&path).unwrap().contains("\"two\""));
        assert!(matches!(
            p.job(&marks, true).write(),
            Action::Exported(Exported::Wrote { items: 2, .. })
        ));
        assert!(std::fs::read_to_string(&path).unwrap().contains("\"two\""));
    }

    #[test]
    fn an_unwritable_path_names_itself() {
        let job = ExportJob {
            path: "/nonexistent-dir/m.md".into(),
            contents: String::new(),
            items: 0,
            overwrite: false,
        };
        match job.write() {
            Action::Exported(Exported::Failed(why)) => {
                assert!(why.contains("/nonexistent-dir/m.md"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_directory_is_not_a_file_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let job = ExportJob {
            path: dir.path().display().to_string(),
            contents: String::new(),
            items: 0,
            overwrite: false,
        };
        match job.write() {
            Action::Exported(Exported::Failed(why)) => assert!(why.ends_with("is a directory")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_ascii_mark_is_ascii() {
        assert!(symbol(true).is_ascii());
        assert!(!symbol(false).is_ascii());
    }
}
