//! The reader's themes on TestBackend: the light and high-contrast themes with their styles
//! (snapshots that keep every cell's colours and modifiers), and the ASCII mode, whose screens
//! hold nothing but ASCII whatever the articles say.

use std::fmt::Write;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parallax::corpus::{self, Corpus, LoadOptions};
use parallax::tui::action::{Action, Shared};
use parallax::tui::app::App;
use parallax::tui::theme::Theme;
use parallax::tui::view;
use parallax::tui::workers::Findings;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

fn seeds() -> Arc<Corpus> {
    Arc::new(corpus::load(
        &[corpus::seeds_dir().display().to_string()],
        &LoadOptions::default(),
    ))
}

/// The seeds in a reader drawn with `theme`, the claims engine's findings in, at this size.
fn reader(theme: Theme, width: u16, height: u16) -> App {
    let corpus = seeds();
    let analysis = parallax::claims::analyse(&corpus.articles, &|_| {});
    let findings = Findings::new(&corpus.articles, analysis);
    let mut app = App::new(corpus, false).with_theme(theme);
    app.update(Action::Resize { width, height });
    app.update(Action::ClaimsReady(Shared(Arc::new(findings))));
    app
}

/// Types the keys (characters) through the keymap.
fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        if let Some(action) = app.keymap().action(app.mode(), event) {
            app.update(action);
        }
    }
}

fn draw(app: &App) -> Buffer {
    let area = app.layout().screen;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|f| view::render(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

fn style_name(s: Style) -> String {
    let colour = |c: Option<Color>| match c {
        None | Some(Color::Reset) => "-".to_string(),
        Some(c) => format!("{c:?}"),
    };
    let mods = s.add_modifier - s.sub_modifier;
    let mut out = format!("fg={} bg={}", colour(s.fg), colour(s.bg));
    if !mods.is_empty() {
        write!(out, " {mods:?}").unwrap();
    }
    out
}

/// The screen's text, then each row's runs of one style (`x0..x1 fg bg modifiers`), so a
/// snapshot shows the colours as well as the words.
fn styled(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        writeln!(out, "{row}").unwrap();
    }
    out.push_str("--- styles (row: columns style) ---\n");
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let style = buf[(x, y)].style();
            let start = x;
            while x < area.width && buf[(x, y)].style() == style {
                x += 1;
            }
            let name = style_name(style);
            if name != "fg=- bg=-" {
                writeln!(out, "{y:>2}: {start}..{x} {name}").unwrap();
            }
        }
    }
    out
}

fn all_styles(buf: &Buffer) -> Vec<Style> {
    buf.content.iter().map(|c| c.style()).collect()
}

#[test]
fn the_light_theme_draws_dark_text_marks_on_a_light_background() {
    let mut app = reader(Theme::light(), 100, 14);
    keys(&mut app, "n");
    let buf = draw(&app);
    insta::assert_snapshot!("light_100x14", styled(&buf));
    // What a light background washes out is never used for text.
    for s in all_styles(&buf) {
        assert!(
            !matches!(
                s.fg,
                Some(Color::Yellow | Color::LightYellow | Color::Cyan | Color::LightCyan)
            ),
            "{s:?}"
        );
    }
    let theme = Theme::light();
    assert_eq!(buf[(0, 13)].style().bg, theme.status.bg, "status bar");
    assert!(
        all_styles(&buf).contains(&Style::default().patch(theme.claim).patch(theme.cursor))
            || all_styles(&buf).iter().any(|s| s.bg == theme.cursor.bg),
        "the cursor sentence shows"
    );
}

#[test]
fn the_high_contrast_theme_has_nothing_dim_or_grey() {
    let mut app = reader(Theme::high_contrast(), 100, 14);
    keys(&mut app, "n");
    let buf = draw(&app);
    insta::assert_snapshot!("high_contrast_100x14", styled(&buf));
    for s in all_styles(&buf) {
        assert!(!s.add_modifier.contains(Modifier::DIM), "{s:?}");
        assert!(
            !matches!(s.fg, Some(Color::DarkGray | Color::Gray)),
            "{s:?}"
        );
        assert!(
            !matches!(s.bg, Some(Color::DarkGray | Color::Gray)),
            "{s:?}"
        );
    }
    // The focused pane's border stands out in reverse video, the others do not.
    let focused = buf[(0, 0)].style();
    assert!(
        focused.add_modifier.contains(Modifier::REVERSED),
        "{focused:?}"
    );
    let other = app.layout().panes[1].area;
    let s = buf[(other.x, other.y)].style();
    assert!(!s.add_modifier.contains(Modifier::REVERSED), "{s:?}");
}

/// Every cell of the screen is ASCII.
fn assert_ascii(buf: &Buffer, what: &str) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let symbol = buf[(x, y)].symbol();
            assert!(
                symbol.is_ascii(),
                "{what}: {symbol:?} at {x},{y}\n{}",
                styled(buf)
            );
        }
    }
}

#[test]
fn ascii_mode_puts_only_ascii_on_the_screen() {
    let theme = Theme::dark().with_ascii(true);
    let mut app = reader(theme, 120, 30);
    let buf = draw(&app);
    assert_ascii(&buf, "panes");
    // Borders are drawn with + - |, the unique mark is *.
    assert_eq!(buf[(0, 0)].symbol(), "+");
    assert_eq!(
        buf[(1, 0)].symbol(),
        " ",
        "the title starts after the corner"
    );
    assert_eq!(buf[(0, 1)].symbol(), "|");
    let screen: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("+----"), "{screen}");
    keys(&mut app, "u");
    let unique = draw(&app);
    assert_ascii(&unique, "unique only");
    let text: String = unique.content.iter().map(|c| c.symbol()).collect();
    assert!(
        text.contains("  * "),
        "the unique mark\n{}",
        styled(&unique)
    );
    keys(&mut app, "u");
    for (open, what) in [
        ("c", "claims view"),
        ("f", "facts view"),
        ("\"", "quotes view"),
        ("?", "help"),
    ] {
        keys(&mut app, open);
        assert_ascii(&draw(&app), what);
        app.update(Action::CloseOverlay);
    }
    // Deep in the articles, with their curly quotes and dashes.
    keys(&mut app, "nnnnnlnnnl");
    assert_ascii(&draw(&app), "after moving");
}

#[test]
fn without_ascii_mode_the_same_screen_has_box_drawing() {
    let buf = draw(&reader(Theme::dark(), 120, 30));
    assert_eq!(buf[(0, 0)].symbol(), "┌");
}

#[test]
fn the_theme_flag_is_checked_before_the_reader_starts() {
    let out = assert_cmd::Command::cargo_bin("parallax")
        .unwrap()
        .args(["--theme", "purple"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("purple") && err.contains("high-contrast"),
        "{err}"
    );
    // A valid one goes on to the reader, which needs a terminal.
    let out = assert_cmd::Command::cargo_bin("parallax")
        .unwrap()
        .args(["--theme", "light", "--ascii"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a terminal"));
}
