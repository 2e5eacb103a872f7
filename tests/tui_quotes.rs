//! The quotes view on the seeds (TestBackend + insta): quotes by speaker, one person however
//! each outlet names them, each quote's versions with their differing words marked, and Enter
//! jumping to the quote's sentence.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parallax::corpus::{self, LoadOptions};
use parallax::tui::action::{Action, Mode, Shared};
use parallax::tui::app::App;
use parallax::tui::theme::Theme;
use parallax::tui::view;
use parallax::tui::workers::Findings;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The seeds in a reader with the claims engine's findings in.
fn reader(width: u16, height: u16) -> App {
    let corpus = Arc::new(corpus::load(
        &[corpus::seeds_dir().display().to_string()],
        &LoadOptions::default(),
    ));
    let analysis = parallax::claims::analyse(&corpus.articles, &|_| {});
    let findings = Findings::new(&corpus.articles, analysis);
    let mut app = App::new(corpus, false);
    app.update(Action::Resize { width, height });
    app.update(Action::ClaimsReady(Shared(Arc::new(findings))));
    app
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = app
        .keymap()
        .action(app.mode(), KeyEvent::new(code, KeyModifiers::NONE))
    {
        app.update(action);
    }
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let area = app.layout().screen;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|f| view::render(app, f)).unwrap();
    terminal
}

#[test]
fn quotes_view_lists_quotes_by_person_with_marked_versions() {
    let mut app = reader(120, 40);
    press(&mut app, KeyCode::Char('"'));
    assert_eq!(app.mode(), Mode::Quotes);
    let findings = app.findings().unwrap();
    let speakers: Vec<&str> = findings
        .quotes
        .speakers()
        .iter()
        .filter_map(|s| s.name.as_deref())
        .collect();
    // "Tokayev" and "Kazakh President" are one person, named in full; so are "Putin" and
    // "Russian President".
    assert_eq!(
        speakers,
        ["Vladimir Putin", "Kassym-Jomart Tokayev", "Kremlin"],
        "{speakers:?}"
    );
    let screen = draw(&app).backend().to_string();
    assert!(
        screen.contains("Vladimir Putin · 8 quotes, 4 sources"),
        "{screen}"
    );
    assert!(screen.contains("(as Russian President)"), "{screen}");
    // Down to Tokayev's quotes.
    let tokayev = findings.quotes.speakers()[1].rows.start;
    for _ in 0..tokayev {
        press(&mut app, KeyCode::Char('j'));
    }
    let terminal = draw(&app);
    insta::assert_snapshot!("quotes_view_120x40", terminal.backend());
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Kassym-Jomart Tokayev ·"), "{screen}");
    assert!(screen.contains("(as Kazakh President)"), "{screen}");
    // Words one version has that the first lacks are drawn in the marked style.
    let buf = terminal.backend().buffer();
    let added = Theme::dark().added;
    assert!(
        buf.content
            .iter()
            .any(|c| c.fg == added.fg.unwrap() && c.modifier.contains(added.add_modifier)),
        "marked words"
    );
}

#[test]
fn enter_jumps_to_the_quote_in_its_pane() {
    let mut app = reader(120, 40);
    press(&mut app, KeyCode::Char('"'));
    let findings = app.findings().unwrap();
    // A quote that the focused (first) article does not carry: the jump goes to its pane.
    let (row, at) = (0..findings.quotes.len())
        .find_map(|row| {
            let g = &findings.analysis.quotes[findings.quotes.group_at(row)?];
            (!g.variants.iter().any(|v| v.at.article == 0)).then(|| (row, g.variants[0].at))
        })
        .expect("a quote outside the first article");
    for _ in 0..row {
        press(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(app.chosen_quote(), row);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(
        (app.focus(), app.cursor(at.article)),
        (at.article, at.sentence)
    );
    // The cursor's sentence is on screen, drawn with the cursor.
    let terminal = draw(&app);
    let buf = terminal.backend().buffer();
    let cursor = Theme::dark().cursor;
    assert!(buf.content.iter().any(|c| c.bg == cursor.bg.unwrap()));
}

#[test]
fn the_quotes_key_is_in_the_help_and_the_hints() {
    // (Wide enough for the hints after the reader's main ones.)
    let mut app = reader(240, 50);
    let terminal = draw(&app);
    assert!(terminal.backend().to_string().contains("\" quotes"));
    press(&mut app, KeyCode::Char('?'));
    let help = draw(&app).backend().to_string();
    assert!(help.contains("quotes view"), "{help}");
}

#[test]
fn a_single_speaker_is_counted_in_the_singular() {
    let doc = |source: &str, text: &str| {
        parallax::corpus::Article::from_document(parallax::corpus::Document {
            origin: format!("{source}.txt"),
            source: Some(source.into()),
            text: text.into(),
            ..Default::default()
        })
    };
    let corpus = Arc::new(parallax::corpus::Corpus {
        articles: vec![
            doc(
                "Wire",
                "\"The bridge will reopen on Monday,\" Mayor Ana Ruiz said on Friday.",
            ),
            doc(
                "Daily",
                "\"The bridge will reopen on Monday,\" Ruiz told reporters after the vote.",
            ),
        ],
        skipped: vec![],
    });
    let analysis = parallax::claims::analyse(&corpus.articles, &|_| {});
    let findings = Findings::new(&corpus.articles, analysis);
    let mut app = App::new(corpus, false);
    app.update(Action::Resize {
        width: 120,
        height: 20,
    });
    app.update(Action::ClaimsReady(Shared(Arc::new(findings))));
    press(&mut app, KeyCode::Char('"'));
    let screen = format!("{:?}", draw(&app).backend());
    assert!(screen.contains("1 speaker)"), "{screen}");
}
