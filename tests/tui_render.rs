//! Render tests of the reader on TestBackend: snapshots of whole screens, styles where colour
//! matters, and proof that hostile article text never reaches the terminal as control sequences.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parallax::claims::{Analysis, Claim, Fact, FactValue, SentenceRef};
use parallax::corpus::{self, Article, Corpus, Document, LoadOptions};
use parallax::search::{Hit, Index, Results};
use parallax::tui::app::{Action, App, Effect, Mode, Shared, claim_columns, overlay_inner_width};
use parallax::tui::keymap;
use parallax::tui::terminal::search_blocking;
use parallax::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

fn seeds() -> Corpus {
    corpus::load(
        &[corpus::seeds_dir().display().to_string()],
        &LoadOptions::default(),
    )
}

/// A step of a test: a key as typed, or an action as a worker or the terminal would send it.
enum Step {
    Key(KeyCode, KeyModifiers),
    Act(Action),
}

fn key(c: char) -> Step {
    Step::Key(KeyCode::Char(c), KeyModifiers::NONE)
}

/// The reader in a test terminal of the given size.
struct Harness {
    app: App,
    terminal: Terminal<TestBackend>,
    index: Option<Index>,
}

impl Harness {
    fn new(corpus: Corpus, width: u16, height: u16, no_color: bool) -> Harness {
        let mut app = App::new(corpus, no_color);
        app.update(Action::Resize { width, height });
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let mut h = Harness {
            app,
            terminal,
            index: None,
        };
        h.step_and_draw([]);
        h
    }

    /// Applies the steps through the keymap and `update`, then draws once.
    fn step_and_draw(&mut self, steps: impl IntoIterator<Item = Step>) {
        for step in steps {
            let action = match step {
                Step::Key(code, mods) => keymap::action(self.app.mode, KeyEvent::new(code, mods)),
                Step::Act(a) => Some(a),
            };
            let effect = action.and_then(|a| self.app.update(a));
            // Searches run here to the end, as the background searcher would.
            if let Some(Effect::Search(request)) = effect {
                let corpus = self.app.corpus.clone();
                let index = self.index.get_or_insert_with(|| Index::new(&corpus));
                if let Some(results) = search_blocking(index, &corpus, &request) {
                    let generation = request.generation;
                    self.app.update(Action::SearchResults {
                        generation,
                        results,
                    });
                }
            }
        }
        let app = &self.app;
        self.terminal.draw(|f| view::render(app, f)).unwrap();
    }

    fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }
}

/// The index of the `k`-th sentence of an article that is not boilerplate.
fn nth(corpus: &Corpus, article: usize, k: usize) -> usize {
    corpus.articles[article]
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.boilerplate.is_none())
        .nth(k)
        .expect("enough sentences")
        .0
}

/// A hand-built analysis over the seeds, standing in for the claims engine.
fn analysis_for(corpus: &Corpus) -> Analysis {
    let at = |article: usize, k: usize| SentenceRef {
        article,
        sentence: nth(corpus, article, k),
    };
    let mut by_sentence: Vec<Vec<Vec<usize>>> = corpus
        .articles
        .iter()
        .map(|a| vec![Vec::new(); a.sentences.len()])
        .collect();
    let claims = vec![
        Claim {
            members: vec![at(0, 0), at(1, 0), at(2, 3)],
            sources: 3,
            strength: 1.0,
            representative: at(0, 0),
        },
        Claim {
            members: vec![at(1, 4), at(3, 6)],
            sources: 2,
            strength: 1.0,
            representative: at(1, 4),
        },
    ];
    for (i, c) in claims.iter().enumerate() {
        for m in &c.members {
            by_sentence[m.article][m.sentence].push(i);
        }
    }
    let facts = vec![Fact {
        label: "troops".into(),
        values: vec![
            FactValue {
                at: at(0, 2),
                value: 2500.0,
                hedge: Some("around".into()),
                text: "around 2,500 troops".into(),
            },
            FactValue {
                at: at(1, 5),
                value: 2030.0,
                hedge: None,
                text: "2,030 troops".into(),
            },
        ],
        agree: false,
    }];
    Analysis {
        claims,
        quotes: Vec::new(),
        facts,
        by_sentence,
        ..Analysis::default()
    }
}

fn with_analysis(h: &mut Harness) {
    let a = analysis_for(&h.app.corpus);
    h.step_and_draw([Step::Act(Action::ClaimsReady(Shared(Arc::new(a))))]);
}

#[test]
fn seeds_at_200x50_show_five_panes() {
    let h = Harness::new(seeds(), 200, 50, false);
    let screen = h.screen();
    assert_eq!(screen.matches('┌').count(), 5, "five titled panes");
    assert!(
        !screen.contains("of 5"),
        "all panes fit, no window indicator"
    );
    insta::assert_snapshot!("seeds_200x50", h.terminal.backend());
}

#[test]
fn seeds_at_80x24_scroll_a_window_of_panes() {
    let mut h = Harness::new(seeds(), 80, 24, false);
    assert!(h.screen().contains("panes 1-2 of 5"));
    insta::assert_snapshot!("seeds_80x24", h.terminal.backend());
    // Moving focus past the right edge slides the window.
    h.step_and_draw([key('l'), key('l')]);
    assert_eq!(h.app.focus, 2);
    assert!(h.screen().contains("panes 2-3 of 5"));
    insta::assert_snapshot!("seeds_80x24_third_pane", h.terminal.backend());
}

#[test]
fn tiny_terminal_shows_a_note_instead_of_panicking() {
    let mut h = Harness::new(seeds(), 12, 4, false);
    insta::assert_snapshot!("seeds_12x4", h.terminal.backend());
    assert!(h.screen().contains("terminal"));
    // Keys still work without a layout, and growing the terminal brings the panes back.
    h.step_and_draw([
        key('j'),
        key('l'),
        key('G'),
        Step::Act(Action::Resize {
            width: 80,
            height: 24,
        }),
    ]);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::render(&h.app, f)).unwrap();
    assert!(t.backend().to_string().contains("panes"));
}

#[test]
fn help_overlay_lists_every_binding_of_the_keymap() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    h.step_and_draw([key('?')]);
    assert_eq!(h.app.mode, Mode::Help);
    let screen = h.screen();
    for b in keymap::BINDINGS {
        assert!(screen.contains(b.help), "help lacks {:?}", b.help);
    }
    insta::assert_snapshot!("help_200x50", h.terminal.backend());
    h.step_and_draw([key('x')]);
    assert_eq!(h.app.mode, Mode::Normal, "any key closes the help");
    assert!(!h.app.quit);
}

#[test]
fn help_fits_80x24() {
    let mut h = Harness::new(seeds(), 80, 24, false);
    h.step_and_draw([key('?')]);
    let screen = h.screen();
    for b in keymap::BINDINGS {
        assert!(screen.contains(b.help), "help at 80x24 lacks {:?}", b.help);
    }
}

#[test]
fn cursor_is_highlighted_in_the_focused_pane_only() {
    let h = Harness::new(seeds(), 80, 24, false);
    let buf = h.terminal.backend().buffer();
    let text = &h.app.layout.panes[0].text;
    let cursor_cell = &buf[(text.x, text.y)];
    assert_eq!(
        cursor_cell.bg,
        Color::Blue,
        "cursor sentence has the cursor colour"
    );
    let other = &h.app.layout.panes[1].text;
    assert_eq!(
        buf[(other.x, other.y)].bg,
        Color::Reset,
        "unfocused pane shows no cursor"
    );

    // NO_COLOR: no colour anywhere, the cursor is reversed.
    let h = Harness::new(seeds(), 80, 24, true);
    let buf = h.terminal.backend().buffer();
    assert!(buf[(text.x, text.y)].modifier.contains(Modifier::REVERSED));
    for cell in buf.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "NO_COLOR means no colour"
        );
    }
}

#[test]
fn cursor_moves_and_the_pane_follows() {
    let mut h = Harness::new(seeds(), 80, 24, false);
    h.step_and_draw([key('j'), key('j')]);
    assert_eq!(h.app.panes[0].cursor, 2);
    h.step_and_draw([key('G')]);
    let last = h.app.articles()[0].sentences.len() - 1;
    assert_eq!(h.app.panes[0].cursor, last);
    assert!(h.app.panes[0].scroll > 0, "the pane scrolled to the end");
    h.step_and_draw([key('g')]);
    assert_eq!((h.app.panes[0].cursor, h.app.panes[0].scroll), (0, 0));
    h.step_and_draw([Step::Key(KeyCode::Char('d'), KeyModifiers::CONTROL)]);
    assert!(h.app.panes[0].cursor > 0);
    h.step_and_draw([Step::Key(KeyCode::BackTab, KeyModifiers::SHIFT)]);
    assert_eq!(h.app.focus, 4, "Shift-Tab wraps to the last pane");
    assert!(h.screen().contains("panes 4-5 of 5"));
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_click_focuses() {
    let mut h = Harness::new(seeds(), 80, 24, false);
    let right = h.app.layout.panes[1].text;
    h.step_and_draw([Step::Act(Action::Scroll {
        column: right.x + 2,
        row: right.y + 2,
        lines: 2,
    })]);
    assert_eq!(h.app.panes[1].scroll, 6);
    assert_eq!(h.app.panes[0].scroll, 0);
    assert_eq!(h.app.focus, 0, "the wheel does not move focus");
    h.step_and_draw([Step::Act(Action::Click {
        column: right.x + 2,
        row: right.y,
    })]);
    assert_eq!(h.app.focus, 1);
    let row = h.app.wraps[1].as_ref().unwrap().sentence_at(6);
    assert_eq!(
        Some(h.app.panes[1].cursor),
        row,
        "click puts the cursor on the clicked sentence"
    );
}

#[test]
fn boilerplate_toggles_and_quit_keys_quit() {
    let mut corpus = seeds();
    corpus.articles[0].sentences[1].boilerplate = Some(corpus::Boilerplate::Byline);
    let hidden = corpus.articles[0].sentences[1].text.clone();
    let probe: String = hidden.chars().take(20).collect();
    let mut h = Harness::new(corpus, 200, 50, false);
    assert!(
        !h.screen().contains(&probe),
        "boilerplate hidden by default"
    );
    h.step_and_draw([key('j')]);
    assert_eq!(
        h.app.panes[0].cursor, 2,
        "the cursor skips hidden sentences"
    );
    h.step_and_draw([key('b')]);
    assert!(h.screen().contains(&probe), "b shows boilerplate");
    h.step_and_draw([Step::Key(KeyCode::Esc, KeyModifiers::NONE)]);
    assert!(h.app.quit, "Esc quits outside overlays");
}

#[test]
fn notices_show_at_the_top_of_their_pane() {
    let mut corpus = seeds();
    corpus.articles[1]
        .notices
        .push("invalid UTF-8 replaced".into());
    let h = Harness::new(corpus, 200, 50, false);
    assert!(h.screen().contains("! invalid UTF-8 replaced"));
}

#[test]
fn claims_are_badged_and_the_other_panes_line_up() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    with_analysis(&mut h);
    let screen = h.screen();
    assert!(screen.contains("3/5"), "claim badge");
    assert!(screen.contains("·"), "unique sentence marker");
    insta::assert_snapshot!("claims_200x50", h.terminal.backend());
    // The cursor sits on claim 0 (article 0, sentence 0): article 2's version is on the same row.
    let row_of = |h: &Harness, a: usize, s: usize| {
        let rows = h.app.wraps[a].as_ref().unwrap().sentence_rows[s]
            .clone()
            .unwrap();
        rows.start as isize - h.app.panes[a].scroll as isize
    };
    let corpus = h.app.corpus.clone();
    let n = |a: usize, k: usize| nth(&corpus, a, k);
    assert_eq!(row_of(&h, 0, n(0, 0)), row_of(&h, 2, n(2, 3)));
    // The emphasised version in pane 2 has the emphasis colour.
    let pane2 = h.app.layout.panes[2].text;
    let y = pane2.y + row_of(&h, 2, n(2, 3)) as u16;
    assert_eq!(
        h.terminal.backend().buffer()[(pane2.x, y)].bg,
        Color::DarkGray
    );

    // n goes to the next claim sentence of the focused pane; on article 1, the next claim lines up.
    h.step_and_draw([key('l'), key('n')]);
    let (c14, c36) = (n(1, 4), n(3, 6));
    assert_eq!(h.app.panes[1].cursor, c14);
    assert_eq!(row_of(&h, 1, c14), row_of(&h, 3, c36));
    // u keeps only what is unique: the claim sentences disappear.
    h.step_and_draw([key('u')]);
    assert!(h.app.unique_only);
    assert_ne!(h.app.panes[1].cursor, c14);
    assert!(!h.screen().contains("3/5"));
}

#[test]
fn claims_view_ranks_and_jumps() {
    let mut h = Harness::new(seeds(), 120, 40, false);
    with_analysis(&mut h);
    h.step_and_draw([key('c')]);
    assert_eq!(h.app.mode, Mode::Claims);
    insta::assert_snapshot!("claims_view_120x40", h.terminal.backend());
    h.step_and_draw([key('j'), Step::Key(KeyCode::Enter, KeyModifiers::NONE)]);
    assert_eq!(h.app.mode, Mode::Normal);
    let c14 = nth(&h.app.corpus, 1, 4);
    assert_eq!((h.app.focus, h.app.panes[h.app.focus].cursor), (1, c14));
}

#[test]
fn claims_view_is_wrapped_in_update_and_rewrapped_on_resize() {
    let mut h = Harness::new(seeds(), 120, 40, false);
    with_analysis(&mut h);
    let (_, wide) = claim_columns(overlay_inner_width(120) as usize);
    assert_eq!(h.app.claim_wraps.width, wide);
    let rows_at = |h: &Harness| {
        h.app.claim_wraps.rows[0]
            .iter()
            .map(Vec::len)
            .sum::<usize>()
    };
    let before = rows_at(&h);
    // A narrower terminal: every version is wrapped again, to more rows, before any drawing.
    h.app.update(Action::Resize {
        width: 60,
        height: 40,
    });
    let (_, narrow) = claim_columns(overlay_inner_width(60) as usize);
    assert_eq!(h.app.claim_wraps.width, narrow);
    assert!(rows_at(&h) > before);
    // Drawn at that width, the chosen claim's versions show every word.
    let mut h = Harness::new(seeds(), 60, 40, false);
    with_analysis(&mut h);
    h.step_and_draw([key('c')]);
    let screen = h.screen();
    let claim = &h.app.analysis.as_ref().unwrap().claims[h.app.claim_order[0]];
    let m = claim.members[0];
    let text = &h.app.corpus.articles[m.article].sentences[m.sentence].text;
    for w in text.split_whitespace().filter(|w| w.len() > 3) {
        assert!(screen.contains(w), "{w:?} missing from\n{screen}");
    }
}

#[test]
fn claims_view_marks_versions_against_the_representative_shown_first() {
    let mut h = Harness::new(seeds(), 160, 40, false);
    let mut a = analysis_for(&h.app.corpus);
    let rep = a.claims[0].members[1];
    a.claims[0].representative = rep;
    h.step_and_draw([Step::Act(Action::ClaimsReady(Shared(Arc::new(a))))]);
    h.step_and_draw([key('c')]);
    // The representative has nothing marked; the others are marked against it, as in the report.
    assert!(h.app.claim_marks[0][1].is_empty());
    let text = |at: SentenceRef| {
        h.app.corpus.articles[at.article].sentences[at.sentence]
            .text
            .clone()
    };
    let first = h.app.analysis.as_ref().unwrap().claims[0].members[0];
    let expected: Vec<_> = parallax::claims::diff_ranges(&text(rep), &text(first))
        .added()
        .collect();
    assert_eq!(h.app.claim_marks[0][0], expected);
    // On screen, the representative's source is listed first under the claim's header.
    let screen = h.screen();
    let row_of = |source: &str| {
        screen
            .lines()
            .position(|l| l.contains(&format!("  {source}")))
    };
    let source =
        |a: usize| -> String { h.app.corpus.articles[a].source.chars().take(14).collect() };
    assert!(
        row_of(&source(rep.article)) < row_of(&source(first.article)),
        "{screen}"
    );
}

#[test]
fn facts_view_flags_disagreements() {
    let mut h = Harness::new(seeds(), 120, 40, false);
    with_analysis(&mut h);
    h.step_and_draw([key('f')]);
    let screen = h.screen();
    assert!(screen.contains("DISAGREE"));
    // Values as a reader writes them: thousands grouped, dates in words.
    assert!(screen.contains("around 2,500"), "{screen}");
    insta::assert_snapshot!("facts_view_120x40", h.terminal.backend());
    h.step_and_draw([Step::Key(KeyCode::Esc, KeyModifiers::NONE)]);
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(!h.app.quit, "Esc in an overlay closes it only");
}

fn hit(article: usize, sentence: usize, word: &str, corpus: &Corpus) -> Hit {
    let text = &corpus.articles[article].sentences[sentence].text;
    let start = text.find(word).expect("word in sentence");
    Hit {
        article,
        sentence,
        score: 100,
        ranges: std::iter::once(start..start + word.len()).collect(),
    }
}

fn results(hits: Vec<Hit>, articles: usize) -> Results {
    let mut per_article = vec![0; articles];
    for h in &hits {
        per_article[h.article] += 1;
    }
    Results {
        query: String::new(),
        total: hits.len(),
        hits,
        per_article,
        complete: true,
    }
}

#[test]
fn search_prompt_lists_hits_and_enter_jumps() {
    let corpus = seeds();
    let hits = vec![
        hit(1, 0, "Maidan", &corpus),
        hit(0, 0, "Maidan", &corpus),
        hit(3, 6, "Putin", &corpus),
    ];
    let n = corpus.articles.len();
    let mut h = Harness::new(corpus, 120, 40, false);
    h.step_and_draw([key('/'), key('m'), key('a')]);
    assert_eq!(h.app.mode, Mode::Search);
    // Hand-made results for the current query, as the searcher would send them.
    let generation = h.app.search.generation;
    h.step_and_draw([Step::Act(Action::SearchResults {
        generation,
        results: results(hits, n),
    })]);
    let screen = h.screen();
    assert!(screen.contains("/ma"));
    assert!(screen.contains("3 matches"));
    insta::assert_snapshot!("search_120x40", h.terminal.backend());
    // The matched characters are highlighted in the list.
    let buf = h.terminal.backend().buffer();
    let highlighted = buf
        .content()
        .iter()
        .filter(|c| c.bg == Color::Yellow)
        .count();
    assert!(highlighted >= "Maidan".len() * 2);

    // A stale answer (older generation) is dropped.
    h.step_and_draw([Step::Act(Action::SearchResults {
        generation: generation - 1,
        results: results(vec![], n),
    })]);
    assert_eq!(h.app.search.hits.len(), 3);

    // Down then Enter: the second hit's pane takes focus on its sentence.
    h.step_and_draw([
        Step::Key(KeyCode::Down, KeyModifiers::NONE),
        Step::Key(KeyCode::Enter, KeyModifiers::NONE),
    ]);
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!((h.app.focus, h.app.panes[0].cursor), (0, 0));
    // n and N walk the hits in the panes, in reading order.
    h.step_and_draw([key('n')]);
    assert_eq!((h.app.focus, h.app.panes[1].cursor), (1, 0));
    h.step_and_draw([key('n')]);
    assert_eq!((h.app.focus, h.app.panes[3].cursor), (3, 6));
    h.step_and_draw([key('N')]);
    assert_eq!(h.app.focus, 1);
    // Esc clears the highlights first, then quits.
    h.step_and_draw([Step::Key(KeyCode::Esc, KeyModifiers::NONE)]);
    assert!(!h.app.search.active && !h.app.quit);
    let buf = h.terminal.backend().buffer();
    assert!(buf.content().iter().all(|c| c.bg != Color::Yellow));
}

#[test]
fn typing_searches_the_seeds_on_every_keystroke() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    h.step_and_draw([key('/'), key('m'), key('a'), key('i'), key('d')]);
    let after_four = h.app.search.total;
    h.step_and_draw([key('a'), key('n')]);
    assert_eq!(h.app.search.query, "maidan");
    assert!(!h.app.search.hits.is_empty(), "maidan is in the seeds");
    assert!(after_four >= h.app.search.total, "a longer query narrows");
    for hit in &h.app.search.hits {
        let text = &h.app.articles()[hit.article].sentences[hit.sentence].text;
        assert!(text.to_lowercase().contains("maidan"), "{text}");
    }
    let screen = h.screen();
    assert!(screen.contains("/maidan"));
    // Every pane's title counts its hits while the search is active.
    assert!(screen.contains(&format!("[{}]", h.app.search.per_article[1])));
    insta::assert_snapshot!("search_maidan_200x50", h.terminal.backend());
    // Backspace widens again; a query matching nothing shows so.
    h.step_and_draw([Step::Key(KeyCode::Backspace, KeyModifiers::NONE)]);
    assert_eq!(h.app.search.query, "maida");
    h.step_and_draw([key('z'), key('z'), key('q'), key('x')]);
    assert!(h.app.search.hits.is_empty());
    assert!(h.screen().contains("no match"));
}

#[test]
fn search_scope_cycles_with_tab() {
    let mut h = Harness::new(seeds(), 120, 40, false);
    h.step_and_draw([key('/')]);
    assert!(h.screen().contains("Search: all sentences"));
    h.step_and_draw([Step::Key(KeyCode::Tab, KeyModifiers::NONE)]);
    assert!(h.screen().contains("Search: quotes only"));
    h.step_and_draw([Step::Key(KeyCode::Tab, KeyModifiers::NONE)]);
    assert!(h.screen().contains("Search: shared claims only"));
    h.step_and_draw([Step::Key(KeyCode::Esc, KeyModifiers::NONE)]);
    assert_eq!(h.app.mode, Mode::Normal);
}

#[test]
fn wide_characters_wrap_by_display_width() {
    let text = "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 end.";
    let article = Article::from_document(Document {
        origin: "wide.txt".into(),
        text: text.into(),
        ..Document::default()
    });
    let corpus = Corpus {
        articles: vec![article],
        skipped: vec![],
    };
    let h = Harness::new(corpus, 40, 10, false);
    insta::assert_snapshot!("wide_40x10", h.terminal.backend());
    let screen = h.screen();
    for line in screen.lines() {
        assert!(!line.contains('…'), "nothing cut off");
    }
    assert!(screen.contains("end."));
}

/// A writer whose bytes the test can read after the backend took it.
#[derive(Clone, Default)]
struct Bytes(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Bytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Draws the app once through the real crossterm backend and returns the bytes written.
fn crossterm_bytes(app: &App) -> Vec<u8> {
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;
    use ratatui::{TerminalOptions, Viewport};
    let area = app.layout.screen;
    let bytes = Bytes::default();
    let backend = CrosstermBackend::new(bytes.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, area.width, area.height)),
        },
    )
    .unwrap();
    terminal.draw(|f| view::render(app, f)).unwrap();
    drop(terminal);
    bytes.0.lock().unwrap().clone()
}

/// Two articles full of escape sequences, controls and bidi overrides.
fn hostile_corpus() -> Corpus {
    let hostile = "Title \u{1b}]0;pwned\u{7}here.\n\nA \u{1b}[31mred\u{1b}[0m claim \u{9b}2J wiped. \
                   Bidi \u{202e}desrever\u{202c} text. Bell\u{7} and DEL\u{7f} and NUL\u{0} too. \
                   Some 2,500 \u{1b}[1mtroops\u{1b}[0m came.";
    let article = |n: usize| {
        Article::from_document(Document {
            origin: format!("hostile{n}.txt"),
            title: Some("\u{1b}[2Jevil title".into()),
            source: Some(format!("src{n}\u{1b}[5m")),
            date: Some("2022\u{1b}[41m-01-01".into()),
            text: hostile.into(),
            notices: vec!["notice \u{1b}[41m".into()],
            ..Document::default()
        })
    };
    Corpus {
        articles: vec![article(0), article(1)],
        skipped: vec![],
    }
}

/// A hand-built analysis over the hostile corpus: one claim, one fact, shown from its text.
fn hostile_analysis(corpus: &Corpus) -> Analysis {
    let at = |article, sentence| SentenceRef { article, sentence };
    let last = corpus.articles[0].sentences.len() - 1;
    let mut by_sentence: Vec<Vec<Vec<usize>>> = corpus
        .articles
        .iter()
        .map(|a| vec![Vec::new(); a.sentences.len()])
        .collect();
    by_sentence[0][1].push(0);
    by_sentence[1][1].push(0);
    let value = |article: usize| FactValue {
        at: at(article, last),
        value: 2500.0,
        hedge: None,
        text: corpus.articles[article].sentences[last].text.clone(),
    };
    Analysis {
        claims: vec![Claim {
            members: vec![at(0, 1), at(1, 1)],
            sources: 2,
            strength: 1.0,
            representative: at(1, 1),
        }],
        quotes: Vec::new(),
        facts: vec![Fact {
            label: "troops".into(),
            values: vec![value(0), value(1)],
            agree: true,
        }],
        by_sentence,
        ..Analysis::default()
    }
}

/// No control sequence of the articles' reaches the terminal: only the backend's own CSIs.
fn assert_terminal_safe(mode: &str, bytes: &[u8]) {
    let out = String::from_utf8(bytes.to_vec()).expect("the terminal gets UTF-8");
    for bad in [
        "\u{1b}]0;pwned",
        "\u{1b}[31m",
        "\u{1b}[2J",
        "\u{1b}[5m",
        "\u{1b}[41m",
        "\u{1b}[0m claim",
        "\u{1b}[1mtroops",
    ] {
        assert!(
            !out.contains(bad),
            "{mode}: article sequence {bad:?} reached the terminal"
        );
    }
    assert!(
        !out.contains('\u{9b}'),
        "{mode}: C1 CSI reached the terminal"
    );
    assert!(
        !bytes.contains(&0x07) && !bytes.contains(&0x7f) && !bytes.contains(&0x00),
        "{mode}: BEL, DEL or NUL reached the terminal"
    );
    assert!(
        !out.contains('\u{202e}'),
        "{mode}: bidi override reached the terminal"
    );
    // Every ESC the output holds starts a sequence the backend itself writes (CSI ... letter).
    for (i, _) in out.match_indices('\u{1b}') {
        let rest = &out[i + 1..];
        assert!(
            rest.starts_with('['),
            "{mode}: a non-CSI escape at {i}: {:?}",
            &rest[..rest.len().min(10)]
        );
        let body: String = rest[1..]
            .chars()
            .take_while(|c| !c.is_ascii_alphabetic())
            .collect();
        assert!(
            body.chars()
                .all(|c| c.is_ascii_digit() || c == ';' || c == '?'),
            "{mode}: odd sequence {body:?}"
        );
    }
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let corpus = hostile_corpus();
    let analysis = hostile_analysis(&corpus);
    let mut app = App::new(corpus, false);
    app.update(Action::Resize {
        width: 100,
        height: 24,
    });
    let normal = crossterm_bytes(&app);
    assert_terminal_safe("normal", &normal);
    assert!(
        String::from_utf8_lossy(&normal).contains("red"),
        "the words are shown"
    );

    app.update(Action::ClaimsReady(Shared(Arc::new(analysis))));
    assert_terminal_safe("normal with claims", &crossterm_bytes(&app));
    for (mode, open, shows) in [
        ("help", Action::OpenHelp, "Keys"),
        ("claims view", Action::OpenClaims, "Shared claims (1)"),
        ("facts view", Action::OpenFacts, "troops"),
    ] {
        app.update(open);
        let bytes = crossterm_bytes(&app);
        assert_terminal_safe(mode, &bytes);
        assert!(
            String::from_utf8_lossy(&bytes).contains(shows),
            "{mode} is drawn"
        );
        app.update(Action::CloseOverlay);
        assert_eq!(app.mode, Mode::Normal, "{mode} closes");
    }

    // The search prompt, with a hostile query typed and results listed.
    app.update(Action::OpenSearch);
    let mut effect = None;
    for c in "\u{1b}[31m\u{9b}\u{7}red".chars() {
        effect = app.update(Action::SearchInput(c));
    }
    let Some(Effect::Search(mut request)) = effect else {
        panic!("typing searches");
    };
    let corpus = app.corpus.clone();
    let index = Index::new(&corpus);
    // The hostile query itself matches nothing; its last word does.
    request.query = "red".into();
    let results = search_blocking(&index, &corpus, &request).expect("not cancelled");
    assert!(!results.hits.is_empty());
    app.update(Action::SearchResults {
        generation: request.generation,
        results,
    });
    assert_eq!(app.mode, Mode::Search);
    assert!(!app.search.hits.is_empty());
    let bytes = crossterm_bytes(&app);
    assert_terminal_safe("search prompt", &bytes);
    assert!(String::from_utf8_lossy(&bytes).contains("^[[31m<9B>^Gred"));
}

#[test]
fn claims_progress_then_failure_show_in_the_status_bar() {
    let mut h = Harness::new(seeds(), 120, 30, false);
    h.step_and_draw([Step::Act(Action::ClaimsProgress(0.42))]);
    assert!(h.screen().contains("claims 42%"));
    h.step_and_draw([Step::Act(Action::ClaimsFailed("engine broke".into()))]);
    assert!(h.screen().contains("claims failed: engine broke"));
    // The reader goes on.
    h.step_and_draw([key('j')]);
    assert_eq!(h.app.panes[0].cursor, 1);
}

#[test]
fn a_failed_search_says_so_instead_of_searching_forever() {
    let mut h = Harness::new(seeds(), 120, 30, false);
    h.step_and_draw([key('/')]);
    h.app.update(Action::SearchInput('k'));
    assert!(h.app.search.pending);
    h.step_and_draw([Step::Act(Action::SearchFailed("index: broke".into()))]);
    let screen = h.screen();
    assert!(!h.app.search.pending);
    assert!(screen.contains("search failed: index: broke"), "{screen}");
    assert!(!screen.contains("searching…"), "{screen}");
    // The next keystroke searches again.
    h.step_and_draw([key('a')]);
    assert!(h.app.search.error.is_none());
    assert!(!h.screen().contains("search failed"));
}

#[test]
fn typed_queries_and_error_messages_show_controls_visibly() {
    let mut h = Harness::new(seeds(), 120, 30, false);
    h.step_and_draw([
        key('/'),
        Step::Act(Action::SearchInput('\u{1b}')),
        Step::Act(Action::SearchInput('x')),
        Step::Act(Action::ClaimsFailed("bad\u{9b}2J\nnews".into())),
    ]);
    let screen = h.screen();
    assert!(screen.contains("/^[x"), "{screen}");
    assert!(screen.contains("claims failed: bad<9B>2J news"), "{screen}");
    // A typed space moves the prompt's cursor on.
    let before = h.terminal.get_cursor_position().unwrap();
    h.step_and_draw([key(' ')]);
    assert_eq!(h.terminal.get_cursor_position().unwrap().x, before.x + 1);
}

#[test]
fn reopening_the_search_starts_a_new_query_and_ctrl_u_clears_it() {
    let mut h = Harness::new(seeds(), 120, 30, false);
    let enter = Step::Key(KeyCode::Enter, KeyModifiers::NONE);
    h.step_and_draw([key('/'), key('t'), key('r'), key('o'), enter]);
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(
        h.app.search.active,
        "the hits stay highlighted after the jump"
    );
    h.step_and_draw([key('/'), key('t'), key('r'), key('o')]);
    assert_eq!(h.app.search.query, "tro");
    assert!(h.screen().contains("/tro "), "{}", h.screen());
    h.step_and_draw([Step::Key(KeyCode::Char('u'), KeyModifiers::CONTROL)]);
    assert_eq!(h.app.mode, Mode::Search);
    assert_eq!(h.app.search.query, "");
    assert!(h.app.search.hits.is_empty());
    assert!(h.screen().contains("type to search"));
}

#[test]
fn keys_change_nothing_while_the_terminal_is_too_small() {
    let mut h = Harness::new(seeds(), 120, 30, false);
    with_analysis(&mut h);
    h.step_and_draw([Step::Act(Action::Resize {
        width: 10,
        height: 3,
    })]);
    let (cursor, focus) = (h.app.panes[0].cursor, h.app.focus);
    h.step_and_draw([key('j'), key('l'), key('c'), key('b'), key('u'), key('/')]);
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!((h.app.panes[0].cursor, h.app.focus), (cursor, focus));
    assert!(!h.app.show_boilerplate && !h.app.unique_only);
    // Quitting still works.
    h.step_and_draw([key('q')]);
    assert!(h.app.quit);
}

#[test]
fn wrapping_happens_in_update_for_the_panes_shown_only() {
    let mut h = Harness::new(seeds(), 80, 24, false);
    let wrapped = |h: &Harness| h.app.wraps.iter().map(Option::is_some).collect::<Vec<_>>();
    assert_eq!(wrapped(&h), [true, true, false, false, false]);
    // Moving to a pane off screen brings it in, wrapped and drawn.
    h.step_and_draw([key('l'), key('l')]);
    assert_eq!(wrapped(&h), [true, true, true, false, false]);
    let third = &h.app.corpus.articles[2].sentences[h.app.panes[2].cursor].text;
    let first_word = third.split_whitespace().next().unwrap();
    assert!(h.screen().contains(first_word), "{}", h.screen());
    // A narrower terminal re-wraps to the new width.
    let before = h.app.wraps[2].as_ref().unwrap().rows.len();
    h.step_and_draw([Step::Act(Action::Resize {
        width: 70,
        height: 24,
    })]);
    let w = h.app.wraps[2].as_ref().unwrap();
    assert_eq!(w.width, 70 / 2 - 2 - h.app.gutter_width());
    assert!(w.rows.len() > before);
}

#[test]
fn the_real_engine_on_the_seeds_badges_and_lines_up_claims() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    let analysis = parallax::claims::analyse(&h.app.corpus.articles, &|_| {});
    assert!(!analysis.claims.is_empty(), "the seeds share claims");
    h.step_and_draw([Step::Act(Action::ClaimsReady(Shared(Arc::new(analysis))))]);
    assert!(h.screen().contains("/5 "), "claim badges");
    // n reaches a claim sentence; every shown version of it shares the cursor's row.
    h.step_and_draw([key('n')]);
    let f = h.app.focus;
    let cursor = h.app.panes[f].cursor;
    let claims = h.app.cursor_claims().to_vec();
    assert!(!claims.is_empty(), "n moved onto a shared claim");
    let row = |a: usize, s: usize| {
        let r = h.app.wraps[a].as_ref().unwrap().sentence_rows[s]
            .clone()
            .unwrap();
        r.start as isize - h.app.panes[a].scroll as isize
    };
    let here = row(f, cursor);
    let analysis = h.app.analysis.clone().unwrap();
    let claim = &analysis.claims[claims[0]];
    for pane in &h.app.layout.panes {
        if pane.article == f {
            continue;
        }
        if let Some(m) = claim.members.iter().find(|m| m.article == pane.article) {
            assert_eq!(
                row(m.article, m.sentence),
                here,
                "article {} lines up",
                m.article
            );
        }
    }
    // The claims view lists them, most sources first.
    h.step_and_draw([key('c')]);
    assert!(h.screen().contains("Shared claims ("));
    let sources: Vec<usize> = h
        .app
        .claim_order
        .iter()
        .map(|&c| analysis.claims[c].sources)
        .collect();
    assert!(sources.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn search_scopes_restrict_to_quotes_and_claims() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    let analysis = Arc::new(parallax::claims::analyse(&h.app.corpus.articles, &|_| {}));
    h.step_and_draw([Step::Act(Action::ClaimsReady(Shared(analysis.clone())))]);
    let type_query = |h: &mut Harness, q: &str| {
        h.step_and_draw(q.chars().map(key).collect::<Vec<_>>());
    };
    h.step_and_draw([key('/')]);
    type_query(&mut h, "putin");
    let all = h.app.search.total;
    assert!(all > 0);
    // Tab: quotes only.
    h.step_and_draw([Step::Key(KeyCode::Tab, KeyModifiers::NONE)]);
    assert!(h.screen().contains("Search: quotes only"));
    let in_quote = |a: usize, s: usize| {
        analysis.quotes.iter().any(|q| {
            q.variants.iter().any(|v| {
                v.at == SentenceRef {
                    article: a,
                    sentence: s,
                }
            })
        })
    };
    assert!(h.app.search.total <= all);
    assert!(
        h.app
            .search
            .hits
            .iter()
            .all(|x| in_quote(x.article, x.sentence))
    );
    // Tab: shared claims only.
    h.step_and_draw([Step::Key(KeyCode::Tab, KeyModifiers::NONE)]);
    assert!(h.screen().contains("Search: shared claims only"));
    for x in &h.app.search.hits {
        let at = SentenceRef {
            article: x.article,
            sentence: x.sentence,
        };
        assert!(!analysis.claims_of(at).is_empty());
    }
    h.step_and_draw([Step::Key(KeyCode::Tab, KeyModifiers::NONE)]);
    assert_eq!(h.app.search.total, all, "back to all sentences");
}

#[test]
fn long_fact_and_claim_lists_scroll_to_the_chosen_entry() {
    let mut h = Harness::new(seeds(), 100, 24, false);
    let mut analysis = analysis_for(&h.app.corpus);
    let fact = analysis.facts[0].clone();
    analysis.facts = (0..40)
        .map(|i| Fact {
            label: format!("quantity {i}"),
            ..fact.clone()
        })
        .collect();
    let claim = analysis.claims[0].clone();
    analysis.claims = vec![claim; 30];
    for (i, c) in analysis.claims.iter().enumerate() {
        for m in &c.members {
            analysis.by_sentence[m.article][m.sentence].push(i);
        }
    }
    h.step_and_draw([Step::Act(Action::ClaimsReady(Shared(Arc::new(analysis))))]);
    h.step_and_draw([key('f'), key('G')]);
    let screen = h.screen();
    assert!(screen.contains("▶ quantity 39"), "{screen}");
    assert!(!screen.contains("quantity 0 "));
    h.step_and_draw([key('g')]);
    assert!(h.screen().contains("▶ quantity 0 "));
    h.step_and_draw([key('q'), key('c'), key('G')]);
    assert_eq!(h.app.claims_selected, 29);
    assert!(h.screen().contains("▶ 3/5 sources"));
}

/// A small article built by hand, so a whole screen can be written out cell by cell.
fn tiny_corpus() -> Corpus {
    let text = "Alpha beta gamma.\n\nDelta epsilon.";
    let sentence = |span: std::ops::Range<usize>, paragraph| parallax::corpus::Sentence {
        text: text[span.clone()].to_string(),
        span,
        paragraph,
        boilerplate: None,
        heading: false,
    };
    Corpus {
        articles: vec![Article {
            origin: "tiny.txt".into(),
            title: "Tiny".into(),
            source: "Src".into(),
            date: None,
            url: None,
            text: text.into(),
            paragraphs: vec![0..17, 19..33],
            sentences: vec![sentence(0..17, 0), sentence(19..33, 1)],
            notices: vec![],
        }],
        skipped: vec![],
    }
}

#[test]
fn tiny_screen_cell_by_cell_with_the_cursor_colour() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    let h = Harness::new(tiny_corpus(), 24, 6, false);
    let theme = view::Theme::new(false);
    let mut want = Buffer::with_lines([
        "┌ Src — Tiny ──────────┐",
        "│Alpha beta gamma.     │",
        "│                      │",
        "│Delta epsilon.        │",
        "└──────────────────────┘",
        " Src │ sentence 1/2 │ cl",
    ]);
    want.set_style(Rect::new(0, 0, 24, 5), theme.border_focused);
    want.set_style(Rect::new(1, 1, 17, 1), theme.cursor);
    want.set_style(Rect::new(0, 5, 24, 1), theme.status);
    // Only the pane's border and the cursor sentence carry a style inside the pane.
    want.set_style(Rect::new(1, 1, 22, 3), Style::reset());
    want.set_style(Rect::new(1, 1, 17, 1), theme.cursor);
    h.terminal.backend().assert_buffer(&want);
}

#[test]
fn degenerate_sizes_never_panic() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (19, 50),
        (200, 4),
        (20, 5),
        (33, 5),
        (64, 6),
    ] {
        let mut app = App::new(seeds(), false);
        app.update(Action::Resize {
            width: w,
            height: h,
        });
        for a in [
            Action::Down,
            Action::NextPane,
            Action::OpenHelp,
            Action::CloseOverlay,
            Action::OpenClaims,
        ] {
            app.update(a);
        }
        let mut t = Terminal::new(TestBackend::new(w.max(1), h.max(1))).unwrap();
        t.draw(|f| view::render(&app, f)).unwrap();
        app.update(Action::CloseOverlay);
        app.update(Action::OpenSearch);
        app.update(Action::SearchInput('x'));
        t.draw(|f| view::render(&app, f)).unwrap();
    }
}
