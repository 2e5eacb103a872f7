//! Marking and exporting in the reader, through the keymap and `update` as keys would drive it
//! (the runtime's write done by the same [`ExportJob::write`] it calls): marks on screen, the
//! export prompt, the file's content for marked items in Markdown and JSON, and an existing
//! file never replaced without a yes.

use std::path::Path;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parallax::claims::Analysis;
use parallax::corpus::{Article, Corpus, Document, SentenceRef};
use parallax::stories::Story;
use parallax::tui::action::{Action, Effect, Mode, Shared};
use parallax::tui::app::App;
use parallax::tui::view;
use parallax::tui::workers::Findings;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

/// Three outlets on the CSTO deployment, one on a ferry sinking (for two stories).
fn corpus() -> Corpus {
    let doc = |source: &str, title: &str, url: &str, text: &str| {
        Article::from_document(Document {
            origin: format!("{source}.txt"),
            title: Some(title.into()),
            source: Some(source.into()),
            date: Some("January 10, 2022".into()),
            url: Some(url.into()),
            text: text.into(),
            ..Document::default()
        })
    };
    Corpus {
        articles: vec![
            doc(
                "TASS",
                "Putin on Kazakhstan",
                "https://tass.com/world/1",
                "Putin said the CSTO troops will leave Kazakhstan soon. Around 2,500 troops \
                 were sent. The summit was held online.",
            ),
            doc(
                "Reuters",
                "CSTO troops to leave",
                "https://reuters.com/world/2",
                "The CSTO troops will leave Kazakhstan soon, Putin said. The alliance sent \
                 2,030 troops.",
            ),
            doc(
                "Lake Post",
                "Ferry sinks on Lake Kivu",
                "https://lakepost.example/3",
                "A ferry sank on Lake Kivu on Sunday. Divers searched the lake.",
            ),
        ],
        skipped: vec![],
    }
}

fn at(article: usize, sentence: usize) -> SentenceRef {
    SentenceRef { article, sentence }
}

/// The claims engine's answer on the three articles: the troops leaving as a claim of TASS
/// and Reuters, and the troops' number as a fact they disagree on.
fn analysis(corpus: &Corpus) -> Analysis {
    let analysis = parallax::claims::analyse(&corpus.articles, &|_| {});
    assert!(
        analysis
            .claims
            .iter()
            .any(|c| c.members.contains(&at(0, 0)) && c.members.contains(&at(1, 0))),
        "the engine links the troops leaving: {:?}",
        analysis.claims
    );
    assert!(
        analysis
            .facts
            .iter()
            .any(|f| !f.agree && f.values.len() == 2),
        "the engine finds the troops' numbers disagreeing: {:?}",
        analysis.facts
    );
    analysis
}

/// The reader in a test terminal, its writes done as the runtime does them.
struct Harness {
    app: App,
    terminal: Terminal<TestBackend>,
}

impl Harness {
    fn new(app: App, width: u16, height: u16) -> Harness {
        let mut h = Harness {
            app,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        };
        h.act(Action::Resize { width, height });
        h
    }

    /// The first two articles as one story, analysed.
    fn reading(width: u16, height: u16) -> Harness {
        let mut corpus = corpus();
        corpus.articles.truncate(2);
        let corpus = Arc::new(corpus);
        let findings = Findings::new(&corpus.articles, analysis(&corpus));
        let mut h = Harness::new(App::new(corpus, false), width, height);
        h.act(Action::ClaimsReady(Shared(Arc::new(findings))));
        h
    }

    /// Applies an action; an export is written at once, as the runtime writes it.
    fn act(&mut self, action: Action) {
        if let Some(Effect::Export(job)) = self.app.update(action) {
            self.act(job.write());
        }
        let app = &self.app;
        self.terminal.draw(|f| view::render(app, f)).unwrap();
    }

    fn press(&mut self, code: KeyCode, mods: KeyModifiers) {
        let action = self
            .app
            .keymap()
            .action(self.app.mode(), KeyEvent::new(code, mods));
        if let Some(a) = action {
            self.act(a);
        }
    }

    /// Presses each key of `keys` ("j", "Space", "Esc", "Enter", "Tab", "Ctrl-u").
    fn keys(&mut self, keys: &[&str]) {
        for k in keys {
            let (code, mods) = match *k {
                "Space" => (KeyCode::Char(' '), KeyModifiers::NONE),
                "Esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "Ctrl-u" => (KeyCode::Char('u'), KeyModifiers::CONTROL),
                one => (
                    KeyCode::Char(one.chars().next().unwrap()),
                    KeyModifiers::NONE,
                ),
            };
            self.press(code, mods);
        }
    }

    /// Types text, a key per character.
    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    /// Opens the export prompt and writes to `path`.
    fn export_to(&mut self, path: &Path) {
        self.keys(&["e", "Ctrl-u"]);
        assert_eq!(self.app.mode(), Mode::Export);
        self.type_text(&path.display().to_string());
        self.keys(&["Enter"]);
    }

    fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }

    fn status(&self) -> String {
        self.screen()
            .lines()
            .last()
            .unwrap_or_default()
            .trim_matches('"')
            .to_string()
    }
}

/// Marks TASS's first sentence in the panes and the troops fact in the facts view.
fn mark_a_sentence_and_a_fact(h: &mut Harness) {
    h.keys(&["Space"]);
    h.keys(&["f", "Space", "Esc"]);
    assert_eq!(h.app.marks().len(), 2);
}

const MARKDOWN: &str = "\
# Marked in parallax

## 1. Sentence (TASS)

> Putin said the CSTO troops will leave Kazakhstan soon.
>
> \u{2014} *TASS*, [Putin on Kazakhstan](<https://tass.com/world/1>), January 10, 2022

## 2. Fact: troops (the sources disagree)

- **Around 2,500 troops** \u{2014} *TASS*, [Putin on Kazakhstan](<https://tass.com/world/1>), January 10, 2022
  > Around 2,500 troops were sent.
- **2,030 troops** \u{2014} *Reuters*, [CSTO troops to leave](<https://reuters.com/world/2>), January 10, 2022
  > The alliance sent 2,030 troops.
";

#[test]
fn two_marked_items_export_as_markdown_then_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::reading(120, 24);
    mark_a_sentence_and_a_fact(&mut h);

    let md = dir.path().join("marks.md");
    h.export_to(&md);
    assert_eq!(std::fs::read_to_string(&md).unwrap(), MARKDOWN);
    assert_eq!(h.app.mode(), Mode::Normal);
    assert!(
        h.status()
            .contains(&format!("wrote 2 items to {}", md.display())),
        "{}",
        h.status()
    );

    // Tab turns the format and the file's extension; the path is kept from the last export.
    h.keys(&["e"]);
    assert_eq!(h.app.export_prompt().path(), md.display().to_string());
    h.keys(&["Tab", "Enter"]);
    let json_path = dir.path().join("marks.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["kind"], "sentence");
    assert_eq!(
        items[0]["text"],
        "Putin said the CSTO troops will leave Kazakhstan soon."
    );
    assert_eq!(
        items[0]["versions"][0]["source"],
        serde_json::json!({
            "outlet": "TASS",
            "title": "Putin on Kazakhstan",
            "date": "January 10, 2022",
            "url": "https://tass.com/world/1"
        })
    );
    assert_eq!(items[1]["kind"], "fact");
    assert_eq!(items[1]["text"], "troops");
    assert_eq!(items[1]["agree"], false);
    let values: Vec<(i64, &str)> = items[1]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["value"].as_i64().unwrap(),
                v["source"]["outlet"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(values, [(2500, "TASS"), (2030, "Reuters")]);
}

#[test]
fn a_claim_is_exported_with_each_version_and_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::reading(120, 24);
    h.keys(&["c", "Space"]);
    assert!(h.screen().contains("▶ ● 2/2 sources"), "{}", h.screen());
    h.keys(&["Esc"]);
    let path = dir.path().join("claim.json");
    h.export_to(&path);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let claim = &json["items"][0];
    assert_eq!(claim["kind"], "claim");
    let versions: Vec<(&str, &str)> = claim["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["text"].as_str().unwrap(),
                v["source"]["outlet"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            (
                "Putin said the CSTO troops will leave Kazakhstan soon.",
                "TASS"
            ),
            (
                "The CSTO troops will leave Kazakhstan soon, Putin said.",
                "Reuters"
            )
        ]
    );
}

#[test]
fn an_existing_file_is_not_overwritten_without_yes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(&path, "my notes\n").unwrap();
    let mut h = Harness::reading(120, 24);
    mark_a_sentence_and_a_fact(&mut h);

    h.export_to(&path);
    assert_eq!(h.app.mode(), Mode::Overwrite);
    assert!(
        h.screen().contains("notes.md exists: overwrite? y/n"),
        "{}",
        h.screen()
    );
    // No: back to the path, the file as it was; any other key asks on.
    h.keys(&["x", "Enter", "q"]);
    assert_eq!(h.app.mode(), Mode::Overwrite);
    h.keys(&["n"]);
    assert_eq!(h.app.mode(), Mode::Export);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my notes\n");
    assert!(h.status().contains("kept "), "{}", h.status());
    // Esc at the question is a no too; then yes replaces it.
    h.keys(&["Enter", "Esc"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my notes\n");
    h.keys(&["Enter", "y"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MARKDOWN);
    assert_eq!(h.app.mode(), Mode::Normal);
    assert!(h.status().contains("wrote 2 items to "), "{}", h.status());
}

#[test]
fn an_unwritable_path_is_named_in_the_status_bar_and_the_prompt_stays() {
    let mut h = Harness::reading(160, 24);
    h.keys(&["Space"]);
    h.export_to(Path::new("/nonexistent-dir/marks.md"));
    assert_eq!(h.app.mode(), Mode::Export);
    let status = h.status();
    assert!(
        status.contains("export failed: writing /nonexistent-dir/marks.md"),
        "{status}"
    );
}

#[test]
fn nothing_marked_says_how_to_mark_and_space_again_unmarks() {
    let mut h = Harness::reading(120, 24);
    h.keys(&["e"]);
    assert_eq!(h.app.mode(), Mode::Normal);
    assert!(
        h.status().contains("nothing marked yet (Space marks)"),
        "{}",
        h.status()
    );
    h.keys(&["Space", "j", "Space"]);
    assert!(h.status().contains("2 marked"), "{}", h.status());
    h.keys(&["Space"]);
    assert!(h.status().contains("1 marked"), "{}", h.status());
    h.keys(&["U"]);
    assert!(h.status().contains("cleared 1 mark"), "{}", h.status());
    assert!(h.app.marks().is_empty());
    assert!(!h.status().contains("marked"), "{}", h.status());
}

#[test]
fn marks_show_in_the_panes_lists_and_status_bar_and_the_prompt_lists_them() {
    let mut h = Harness::reading(100, 16);
    // A sentence in each pane, then the fact.
    h.keys(&["Space", "l", "j", "Space"]);
    h.keys(&["f", "Space", "Esc"]);
    insta::assert_snapshot!("marks_in_panes_100x16", h.terminal.backend());
    // The mark stands out from the border it sits on: drawn in the notice colour, bold.
    let buf = h.terminal.backend().buffer();
    let (mark, border) = (&buf[(0, 1)], &buf[(0, 4)]);
    assert_eq!((mark.symbol(), border.symbol()), ("●", "│"));
    let notice = view::Theme::new(false).notice;
    assert_eq!(Some(mark.fg), notice.fg);
    assert!(mark.modifier.contains(Modifier::BOLD));
    assert_ne!(Some(border.fg), notice.fg);
    h.keys(&["f"]);
    assert!(h.screen().contains("▶ ● troops"), "{}", h.screen());
    h.keys(&["Esc", "e"]);
    insta::assert_snapshot!("export_prompt_100x16", h.terminal.backend());
    h.keys(&["Tab"]);
    let screen = h.screen();
    assert!(
        screen.contains("File: parallax-marks.json") && screen.contains("Format: JSON"),
        "{screen}"
    );
}

#[test]
fn marks_survive_going_from_one_story_to_another() {
    let corpus = Arc::new(corpus());
    let story = |articles: Vec<usize>, title: &str, outlets: &[&str]| Story {
        articles,
        title: title.into(),
        title_article: 0,
        outlets: outlets.iter().map(|o| o.to_string()).collect(),
        first_date: None,
        last_date: None,
        first_reported_by: None,
    };
    let stories = vec![
        story(vec![0, 1], "CSTO troops to leave", &["TASS", "Reuters"]),
        story(vec![2], "Ferry sinks on Lake Kivu", &["Lake Post"]),
    ];
    let mut h = Harness::new(App::with_stories(corpus, false), 120, 24);
    h.act(Action::StoriesReady(Shared(Arc::new(stories))));
    assert_eq!(h.app.mode(), Mode::Stories);
    h.keys(&["Enter", "Space", "s"]);
    assert_eq!(h.app.mode(), Mode::Stories);
    h.keys(&["j", "Enter", "j", "Space"]);
    assert_eq!(h.app.shown(), [2]);
    assert!(h.status().contains("2 marked"), "{}", h.status());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("both.md");
    h.export_to(&path);
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(
        md.contains("## 1. Sentence (TASS)") && md.contains("## 2. Sentence (Lake Post)"),
        "{md}"
    );
    assert!(md.contains("> Divers searched the lake.\n"), "{md}");
}

#[test]
fn the_prompt_and_the_question_fit_any_size_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir
        .path()
        .join("a-rather-long-file-name-for-a-small-screen.md");
    std::fs::write(&existing, "kept\n").unwrap();
    for (w, h) in [(20, 5), (21, 6), (33, 7), (64, 8), (200, 5)] {
        let mut harness = Harness::reading(w, h);
        harness.keys(&["Space", "j", "Space"]);
        harness.export_to(&existing);
        assert_eq!(harness.app.mode(), Mode::Overwrite, "{w}x{h}");
        harness.keys(&["n", "Tab"]);
        assert_eq!(harness.app.mode(), Mode::Export, "{w}x{h}");
    }
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "kept\n");
}
