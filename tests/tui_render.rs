//! Render tests of the reader on TestBackend: snapshots of whole screens, styles where colour
//! matters, and proof that hostile article text never reaches the terminal as control sequences.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parallax::claims::Analysis;
use parallax::corpus::{self, Article, Corpus, Document, LoadOptions, SentenceRef};
use parallax::search::{Hit, Results};
use parallax::tui::action::{Action, Effect, Mode, Shared};
use parallax::tui::app::App;
use parallax::tui::keymap;
use parallax::tui::view;
use parallax::tui::workers::{Findings, Workers};
use parallax::tui::wrap::{cells, wrap_text};
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

/// The claims worker's answer for a hand-made or engine-made analysis.
fn ready(corpus: &Corpus, analysis: Analysis) -> Action {
    Action::ClaimsReady(Shared(Arc::new(Findings::new(&corpus.articles, analysis))))
}

/// Applies an action and runs the search it asks for to the end, as the runtime would.
fn apply(app: &mut App, workers: &mut Workers, action: Action) {
    let Some(effect) = app.update(action) else {
        return;
    };
    let searching = matches!(effect, Effect::Search(_));
    workers.run(effect);
    if searching {
        let answers = workers.wait(Duration::from_secs(60), |a| match a {
            Action::SearchResults { results, .. } => results.complete,
            Action::SearchFailed(_) => true,
            _ => false,
        });
        for a in answers {
            apply(app, workers, a);
        }
    }
}

/// The reader in a test terminal of the given size, with the index and search workers (the
/// claims arrive as the tests send them).
struct Harness {
    app: App,
    terminal: Terminal<TestBackend>,
    workers: Workers,
}

impl Harness {
    fn new(corpus: Corpus, width: u16, height: u16, no_color: bool) -> Harness {
        Harness::with_keymap(corpus, width, height, no_color, keymap::Keymap::default())
    }

    /// The reader with keys from a config.
    fn with_keymap(
        corpus: Corpus,
        width: u16,
        height: u16,
        no_color: bool,
        keymap: keymap::Keymap,
    ) -> Harness {
        let corpus = Arc::new(corpus);
        let mut app = App::new(corpus.clone(), no_color).with_keymap(keymap);
        app.update(Action::Resize { width, height });
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let mut h = Harness {
            app,
            terminal,
            workers: Workers::start_with(corpus, None),
        };
        h.step_and_draw([]);
        h
    }

    /// Applies the steps through the keymap and `update` (searches answered), then draws once.
    fn step_and_draw(&mut self, steps: impl IntoIterator<Item = Step>) {
        for step in steps {
            let action = match step {
                Step::Key(code, mods) => self
                    .app
                    .keymap()
                    .action(self.app.mode(), KeyEvent::new(code, mods)),
                Step::Act(a) => Some(a),
            };
            if let Some(action) = action {
                apply(&mut self.app, &mut self.workers, action);
            }
        }
        let app = &self.app;
        self.terminal.draw(|f| view::render(app, f)).unwrap();
    }

    /// The claims engine's answer arrives.
    fn analysed(&mut self, analysis: Analysis) {
        let action = ready(self.app.corpus(), analysis);
        self.step_and_draw([Step::Act(action)]);
    }

    fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }
}

/// The seeds analysed, in a `width` x `height` terminal, with the view of key `view` open.
fn analysed_view(view: char, width: u16, height: u16) -> Harness {
    let mut h = Harness::new(seeds(), width, height, false);
    with_analysis(&mut h);
    h.step_and_draw([key(view)]);
    h
}

/// The text drawn on row `r` of an article's pane (0: its top text row), ends trimmed.
fn pane_line(h: &Harness, article: usize, r: u16) -> String {
    let Some(pane) = h.app.layout().panes.iter().find(|p| p.article == article) else {
        return String::new();
    };
    let (area, buf) = (pane.text, h.terminal.backend().buffer());
    (area.x..area.x + area.width)
        .map(|x| buf[(x, area.y + r)].symbol())
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// The row of an article's pane (0: its top text row) where the first line of a sentence is
/// drawn, when it is on screen.
fn row_of(h: &Harness, article: usize, sentence: usize) -> Option<u16> {
    let pane = h.app.layout().panes.iter().find(|p| p.article == article)?;
    let text = &h.app.corpus().articles[article].sentences[sentence].text;
    let first = wrap_text(text, pane.text.width as usize)
        .into_iter()
        .next()?;
    let want = cells(&text[first]).trim_end().to_string();
    (0..pane.text.height).find(|&r| pane_line(h, article, r) == want)
}

/// The claims engine's answer for the harness' articles, as the reader gets it.
fn with_analysis(h: &mut Harness) {
    let a = engine(h.app.corpus());
    h.analysed(a);
}

/// What the claims engine finds in a corpus.
fn engine(corpus: &Corpus) -> Analysis {
    parallax::claims::analyse(&corpus.articles, &|_| {})
}

/// Every pane lined up with the cursor shows its version on the cursor's row, emphasised.
fn assert_lined_up(h: &Harness) {
    let f = h.app.focus();
    let here = row_of(h, f, h.app.cursor(f));
    assert!(here.is_some(), "the cursor is on screen");
    let mut lined = 0;
    for pane in &h.app.layout().panes {
        let Some(s) = h.app.aligned_in(pane.article) else {
            continue;
        };
        lined += 1;
        let row = row_of(h, pane.article, s);
        assert_eq!(row, here, "article {} lines up", pane.article);
        let y = pane.text.y + row.unwrap_or(0);
        if h.app.no_color() {
            continue;
        }
        assert_eq!(
            h.terminal.backend().buffer()[(pane.text.x, y)].bg,
            Color::DarkGray,
            "the version in article {} is emphasised",
            pane.article
        );
    }
    assert!(lined > 0, "some pane lines up");
}

/// No pane shows a claim badge (`k/n` in the gutter, right after the pane's border).
fn badges_shown(h: &Harness) -> bool {
    let n = h.app.badge_total();
    let screen = h.screen();
    (1..=n).any(|k| screen.contains(&format!("│{k}/{n} ")))
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
    assert_eq!(h.app.focus(), 2);
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
    assert_eq!(h.app.mode(), Mode::Help);
    let screen = h.screen();
    // All fits on one page here, so the page keys are not offered.
    let paging = |b: &&keymap::Binding| matches!(b.action, Action::PageDown | Action::PageUp);
    for b in keymap::BINDINGS
        .iter()
        .filter(|b| !(b.modes == [Mode::Help] && paging(b)))
    {
        assert!(screen.contains(b.help), "help lacks {:?}", b.help);
    }
    insta::assert_snapshot!("help_200x50", h.terminal.backend());
    h.step_and_draw([key('x')]);
    assert_eq!(h.app.mode(), Mode::Normal, "any key closes the help");
    assert!(!h.app.quit());
}

#[test]
fn help_pages_hold_every_binding_at_80x24() {
    let mut h = Harness::new(seeds(), 80, 24, false);
    h.step_and_draw([key('?')]);
    let first = h.screen();
    assert!(
        first.contains(" Keys 1/"),
        "the title says it has pages:\n{first}"
    );
    // Down turns the pages; every binding is on one of them, and any other key closes.
    let mut seen = first.clone();
    for _ in 0..4 {
        h.step_and_draw([Step::Key(KeyCode::Down, KeyModifiers::NONE)]);
        assert_eq!(h.app.mode(), Mode::Help);
        seen.push_str(&h.screen());
    }
    for b in keymap::BINDINGS {
        assert!(
            seen.contains(b.help),
            "help at 80x24 lacks {:?}\n{seen}",
            b.help
        );
    }
    h.step_and_draw([Step::Key(KeyCode::Up, KeyModifiers::NONE)]);
    assert_eq!(h.app.mode(), Mode::Help);
    h.step_and_draw([key('x')]);
    assert_eq!(h.app.mode(), Mode::Normal, "any other key closes the help");
}

#[test]
fn cursor_is_highlighted_in_the_focused_pane_only() {
    let h = Harness::new(seeds(), 80, 24, false);
    let buf = h.terminal.backend().buffer();
    let text = &h.app.layout().panes[0].text;
    let cursor_cell = &buf[(text.x, text.y)];
    assert_eq!(
        cursor_cell.bg,
        Color::Blue,
        "cursor sentence has the cursor colour"
    );
    let other = &h.app.layout().panes[1].text;
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
    assert_eq!(h.app.cursor(0), 2);
    h.step_and_draw([key('G')]);
    let last = h.app.articles()[0].sentences.len() - 1;
    assert_eq!(h.app.cursor(0), last);
    assert_eq!(row_of(&h, 0, 0), None, "the pane scrolled to the end");
    assert!(row_of(&h, 0, last).is_some(), "the last sentence shows");
    h.step_and_draw([key('g')]);
    assert_eq!(h.app.cursor(0), 0);
    assert_eq!(row_of(&h, 0, 0), Some(0), "back at the top");
    h.step_and_draw([Step::Key(KeyCode::Char('d'), KeyModifiers::CONTROL)]);
    assert!(h.app.cursor(0) > 0);
    h.step_and_draw([Step::Key(KeyCode::BackTab, KeyModifiers::SHIFT)]);
    assert_eq!(h.app.focus(), 4, "Shift-Tab wraps to the last pane");
    assert!(h.screen().contains("panes 4-5 of 5"));
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_click_focuses() {
    let mut h = Harness::new(seeds(), 80, 24, false);
    let right = h.app.layout().panes[1].text;
    let (sixth, left_top) = (pane_line(&h, 1, 6), pane_line(&h, 0, 0));
    h.step_and_draw([Step::Act(Action::Scroll {
        column: right.x + 2,
        row: right.y + 2,
        lines: 2,
    })]);
    assert_eq!(pane_line(&h, 1, 0), sixth, "two notches scroll six rows");
    assert_eq!(pane_line(&h, 0, 0), left_top, "the other pane stays");
    assert_eq!(h.app.focus(), 0, "the wheel does not move focus");
    h.step_and_draw([Step::Act(Action::Click {
        column: right.x + 2,
        row: right.y,
    })]);
    assert_eq!(h.app.focus(), 1);
    let cursor = &h.app.corpus().articles[1].sentences[h.app.cursor(1)].text;
    assert!(
        cells(cursor).contains(&sixth),
        "click puts the cursor on the clicked sentence: {sixth:?} in {cursor:?}"
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
    assert_eq!(h.app.cursor(0), 2, "the cursor skips hidden sentences");
    h.step_and_draw([key('b')]);
    assert!(h.screen().contains(&probe), "b shows boilerplate");
    h.step_and_draw([Step::Key(KeyCode::Esc, KeyModifiers::NONE)]);
    assert!(h.app.quit(), "Esc quits outside overlays");
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
    assert!(badges_shown(&h), "claim badges:\n{screen}");
    assert!(screen.contains("·"), "unique sentence marker");
    insta::assert_snapshot!("claims_200x50", h.terminal.backend());
    // n goes to the first claim sentence: the versions in the other panes are on its row.
    h.step_and_draw([key('n')]);
    assert!(!h.app.cursor_claims().is_empty(), "n reached a claim");
    assert_lined_up(&h);
    // On article 1, the next claim lines up too.
    h.step_and_draw([key('l'), key('n')]);
    assert_eq!(h.app.focus(), 1);
    assert!(!h.app.cursor_claims().is_empty(), "n reached a claim");
    assert_lined_up(&h);
    let on = h.app.cursor(1);
    // u keeps only what is unique: the claim sentences disappear.
    h.step_and_draw([key('u')]);
    assert!(h.app.unique_only());
    assert_ne!(h.app.cursor(1), on);
    assert!(!badges_shown(&h), "{}", h.screen());
}

#[test]
fn claims_view_ranks_and_jumps() {
    let mut h = analysed_view('c', 120, 40);
    assert_eq!(h.app.mode(), Mode::Claims);
    insta::assert_snapshot!("claims_view_120x40", h.terminal.backend());
    // j chooses the next claim; Enter jumps to a version of it, under focus.
    h.step_and_draw([key('j')]);
    let chosen = h.app.chosen_claim();
    h.step_and_draw([Step::Key(KeyCode::Enter, KeyModifiers::NONE)]);
    assert_eq!(h.app.mode(), Mode::Normal);
    let claim = h.app.analysis().unwrap().claims[chosen].clone();
    let at = SentenceRef {
        article: h.app.focus(),
        sentence: h.app.cursor(h.app.focus()),
    };
    assert!(claim.members.contains(&at), "{at:?} is a version");
    assert_eq!(h.app.focused_claim(), Some(chosen));
}

#[test]
fn claims_view_wraps_every_version_at_any_width() {
    // Wide, then narrowed while open: the chosen claim's versions show every word.
    let mut h = analysed_view('c', 120, 40);
    // The chosen claim's representative, shown first.
    let m = h.app.analysis().unwrap().claims[h.app.chosen_claim()].representative;
    let text = h.app.corpus().articles[m.article].sentences[m.sentence]
        .text
        .clone();
    let words: Vec<&str> = text.split_whitespace().filter(|w| w.len() > 3).collect();
    let screen = h.screen();
    for w in &words {
        assert!(screen.contains(w), "{w:?} missing from\n{screen}");
    }
    h.terminal.backend_mut().resize(60, 40);
    h.step_and_draw([Step::Act(Action::Resize {
        width: 60,
        height: 40,
    })]);
    let screen = h.screen();
    for w in &words {
        assert!(screen.contains(w), "{w:?} missing from\n{screen}");
    }
}

#[test]
fn claims_view_marks_versions_against_the_representative_shown_first() {
    // Tall enough for every claim of the seeds to be listed at once.
    let h = analysed_view('c', 160, 400);
    // The representative has nothing marked; the others are marked against it, as in the
    // report: exactly their added words are drawn in the marking colour.
    let text = |at: SentenceRef| {
        h.app.corpus().articles[at.article].sentences[at.sentence]
            .text
            .clone()
    };
    let findings = h.app.findings().unwrap();
    let claims = findings.analysis.claims.clone();
    // The engine's first claim has its representative elsewhere than its first member.
    let claim = claims[0].clone();
    let rep = claim.representative;
    assert_ne!(rep, claim.members[0]);
    // Every claim is on screen: every version shown but the representative has its words
    // marked.
    let expected: usize = claims
        .iter()
        .enumerate()
        .flat_map(|(c, claim)| {
            findings
                .shown(c)
                .iter()
                .map(move |&k| (claim.representative, claim.members[k]))
        })
        .filter(|(rep, m)| m != rep)
        .map(|(rep, m)| {
            let (base, other) = (text(rep), text(m));
            parallax::claims::diff_ranges(&base, &other)
                .added()
                .map(|r| other[r].chars().filter(|c| !c.is_whitespace()).count())
                .sum::<usize>()
        })
        .sum();
    assert!(expected > 0, "the versions differ");
    let marked = h
        .terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| c.fg == Color::Yellow && c.symbol() != " ")
        .count();
    assert_eq!(marked, expected);
    let first = claim.members[0];
    // On screen, the representative's source is listed first under the claim's header.
    let screen = h.screen();
    let row_of = |source: &str| {
        screen
            .lines()
            .position(|l| l.contains(&format!("  {source}")))
    };
    let source =
        |a: usize| -> String { h.app.corpus().articles[a].source.chars().take(13).collect() };
    assert!(
        row_of(&source(rep.article)) < row_of(&source(first.article)),
        "{screen}"
    );
}

#[test]
fn claims_view_marks_versions_that_say_the_same_as_the_first() {
    // Tall enough for every claim of the seeds to be listed at once.
    let h = analysed_view('c', 160, 400);
    let screen = h.screen();
    assert!(screen.contains("≡ the same as the first"), "{screen}");
    // Two reports of Putin's words on the "Maidan" methods, worded apart, are the same
    // statement: the later version is marked as saying the same as the first.
    let marked = |text: &str| {
        let line = screen
            .lines()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text:?} is listed in\n{screen}"));
        line.contains(" ≡")
    };
    assert!(marked("Elements of a strong-arm informational support"));
    assert!(marked("has faced an unprecedented challenge"));
    // A version that shares the claim inside a much longer sentence is not.
    assert!(!marked(
        "The Kazakh said his country would soon provide proof"
    ));
}

#[test]
fn facts_view_flags_disagreements() {
    let mut h = analysed_view('f', 120, 40);
    let screen = h.screen();
    assert!(screen.contains("DISAGREE"));
    // Values as a reader writes them: thousands grouped, dates in words.
    assert!(screen.contains("around 2,500"), "{screen}");
    insta::assert_snapshot!("facts_view_120x40", h.terminal.backend());
    h.step_and_draw([Step::Key(KeyCode::Esc, KeyModifiers::NONE)]);
    assert_eq!(h.app.mode(), Mode::Normal);
    assert!(!h.app.quit(), "Esc in an overlay closes it only");
}

fn hit(article: usize, sentence: usize, word: &str, corpus: &Corpus) -> Hit {
    let text = &corpus.articles[article].sentences[sentence].text;
    let start = text.find(word).expect("word in sentence");
    Hit {
        at: SentenceRef { article, sentence },
        score: 100,
        ranges: std::iter::once(start..start + word.len()).collect(),
    }
}

fn results(hits: Vec<Hit>, articles: usize) -> Results {
    let mut per_article = vec![0; articles];
    for h in &hits {
        per_article[h.at.article] += 1;
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
    assert_eq!(h.app.mode(), Mode::Search);
    // Hand-made results for the current query, as the searcher would send them.
    // Hand-made results for the current query, as the searcher would send them.
    let generation = h.app.search().generation();
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
    assert_eq!(h.app.search().hits().len(), 3);

    // Down then Enter: the second hit's pane takes focus on its sentence.
    h.step_and_draw([
        Step::Key(KeyCode::Down, KeyModifiers::NONE),
        Step::Key(KeyCode::Enter, KeyModifiers::NONE),
    ]);
    assert_eq!(h.app.mode(), Mode::Normal);
    assert_eq!((h.app.focus(), h.app.cursor(0)), (0, 0));
    // n and N walk the hits in the panes, in reading order.
    h.step_and_draw([key('n')]);
    assert_eq!((h.app.focus(), h.app.cursor(1)), (1, 0));
    h.step_and_draw([key('n')]);
    assert_eq!((h.app.focus(), h.app.cursor(3)), (3, 6));
    h.step_and_draw([key('N')]);
    assert_eq!(h.app.focus(), 1);
    // Esc clears the highlights first, then quits.
    h.step_and_draw([Step::Key(KeyCode::Esc, KeyModifiers::NONE)]);
    assert!(!h.app.search().active() && !h.app.quit());
    let buf = h.terminal.backend().buffer();
    assert!(buf.content().iter().all(|c| c.bg != Color::Yellow));
}

#[test]
fn typing_searches_the_seeds_on_every_keystroke() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    h.step_and_draw([key('/'), key('m'), key('a'), key('i'), key('d')]);
    let after_four = h.app.search().total();
    h.step_and_draw([key('a'), key('n')]);
    assert_eq!(h.app.search().query(), "maidan");
    assert!(!h.app.search().hits().is_empty(), "maidan is in the seeds");
    assert!(
        after_four >= h.app.search().total(),
        "a longer query narrows"
    );
    for hit in h.app.search().hits() {
        let text = &h.app.articles()[hit.at.article].sentences[hit.at.sentence].text;
        assert!(text.to_lowercase().contains("maidan"), "{text}");
    }
    let screen = h.screen();
    assert!(screen.contains("/maidan"));
    // Every pane's title counts its hits while the search is active.
    assert!(screen.contains(&format!("[{}]", h.app.search().per_article()[1])));
    insta::assert_snapshot!("search_maidan_200x50", h.terminal.backend());
    // Backspace widens again; a query matching nothing shows so.
    h.step_and_draw([Step::Key(KeyCode::Backspace, KeyModifiers::NONE)]);
    assert_eq!(h.app.search().query(), "maida");
    h.step_and_draw([key('z'), key('z'), key('q'), key('x')]);
    assert!(h.app.search().hits().is_empty());
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
    assert_eq!(h.app.mode(), Mode::Normal);
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
    // The text is wrapped, never cut (the status bar may shorten its notes).
    for line in screen.lines().take(9) {
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
    let area = app.layout().screen;
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
    let analysis = engine(&corpus);
    let claims = format!("Shared claims ({})", analysis.claims.len());
    let fact = analysis.facts.first().expect("a fact").label.clone();
    let findings = ready(&corpus, analysis);
    let corpus = Arc::new(corpus);
    let mut workers = Workers::start_with(corpus.clone(), None);
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

    app.update(findings);
    assert_terminal_safe("normal with claims", &crossterm_bytes(&app));
    for (mode, open, shows) in [
        ("help", Action::OpenHelp, "Keys"),
        ("claims view", Action::OpenClaims, claims.as_str()),
        ("facts view", Action::OpenFacts, fact.as_str()),
    ] {
        app.update(open);
        let bytes = crossterm_bytes(&app);
        assert_terminal_safe(mode, &bytes);
        assert!(
            String::from_utf8_lossy(&bytes).contains(shows),
            "{mode} is drawn"
        );
        app.update(Action::CloseOverlay);
        assert_eq!(app.mode(), Mode::Normal, "{mode} closes");
    }

    // The search prompt, with a hostile query typed and results listed.
    app.update(Action::OpenSearch);
    for c in "\u{1b}[31m\u{9b}\u{7}red".chars() {
        apply(&mut app, &mut workers, Action::SearchInput(c));
    }
    // The hostile query itself matches nothing as typed: its hits come from its last word,
    // answered for the current generation.
    if app.search().hits().is_empty() {
        let generation = app.search().generation();
        workers.run(Effect::Search(parallax::tui::search::SearchRequest {
            generation,
            query: "red".into(),
            scope: Default::default(),
            analysis: None,
            within: None,
        }));
        let answers = workers.wait(
            Duration::from_secs(60),
            |a| matches!(a, Action::SearchResults { results, .. } if results.complete),
        );
        for a in answers {
            app.update(a);
        }
    }
    assert_eq!(app.mode(), Mode::Search);
    assert!(!app.search().hits().is_empty());
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
    assert_eq!(h.app.cursor(0), 1);
}

#[test]
fn a_failed_search_says_so_instead_of_searching_forever() {
    let mut h = Harness::new(seeds(), 120, 30, false);
    h.step_and_draw([key('/')]);
    h.app.update(Action::SearchInput('k'));
    assert!(h.app.search().pending());
    h.step_and_draw([Step::Act(Action::SearchFailed("index: broke".into()))]);
    let screen = h.screen();
    assert!(!h.app.search().pending());
    assert!(screen.contains("search failed: index: broke"), "{screen}");
    assert!(!screen.contains("searching…"), "{screen}");
    // The next keystroke searches again.
    h.step_and_draw([key('a')]);
    assert!(h.app.search().error().is_none());
    assert!(!h.screen().contains("search failed"));
}

#[test]
fn typed_queries_and_error_messages_show_controls_visibly() {
    let mut h = Harness::new(seeds(), 160, 30, false);
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
    assert_eq!(h.app.mode(), Mode::Normal);
    assert!(
        h.app.search().active(),
        "the hits stay highlighted after the jump"
    );
    h.step_and_draw([key('/'), key('t'), key('r'), key('o')]);
    assert_eq!(h.app.search().query(), "tro");
    assert!(h.screen().contains("/tro "), "{}", h.screen());
    h.step_and_draw([Step::Key(KeyCode::Char('u'), KeyModifiers::CONTROL)]);
    assert_eq!(h.app.mode(), Mode::Search);
    assert_eq!(h.app.search().query(), "");
    assert!(h.app.search().hits().is_empty());
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
    let (cursor, focus) = (h.app.cursor(0), h.app.focus());
    h.step_and_draw([key('j'), key('l'), key('c'), key('b'), key('u'), key('/')]);
    assert_eq!(h.app.mode(), Mode::Normal);
    assert_eq!((h.app.cursor(0), h.app.focus()), (cursor, focus));
    assert!(!h.app.show_boilerplate() && !h.app.unique_only());
    // Quitting still works.
    h.step_and_draw([key('q')]);
    assert!(h.app.quit());
}

#[test]
fn panes_brought_into_view_and_narrowed_show_every_word() {
    let mut h = Harness::new(seeds(), 80, 24, false);
    // Moving to a pane off screen brings it in, wrapped and drawn.
    h.step_and_draw([key('l'), key('l')]);
    let third = h.app.corpus().articles[2].sentences[h.app.cursor(2)]
        .text
        .clone();
    let first_word = third.split_whitespace().next().unwrap();
    assert!(h.screen().contains(first_word), "{}", h.screen());
    // A narrower terminal re-wraps to the new width: no word of the sentence is cut off.
    h.terminal.backend_mut().resize(70, 24);
    h.step_and_draw([Step::Act(Action::Resize {
        width: 70,
        height: 24,
    })]);
    let screen = h.screen();
    for w in third.split_whitespace() {
        assert!(screen.contains(w), "{w:?} missing from\n{screen}");
    }
}

#[test]
fn the_real_engine_on_the_seeds_badges_and_lines_up_claims() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    let analysis = parallax::claims::analyse(&h.app.corpus().articles, &|_| {});
    assert!(!analysis.claims.is_empty(), "the seeds share claims");
    h.analysed(analysis);
    assert!(h.screen().contains("/5 "), "claim badges");
    // n reaches a claim sentence; every shown version of it shares the cursor's row.
    h.step_and_draw([key('n')]);
    let f = h.app.focus();
    let cursor = h.app.cursor(f);
    let claims = h.app.cursor_claims().to_vec();
    assert!(!claims.is_empty(), "n moved onto a shared claim");
    let row = |a: usize, s: usize| row_of(&h, a, s);
    let here = row(f, cursor);
    assert!(here.is_some(), "the cursor is on screen");
    let analysis = h.app.analysis().cloned().unwrap();
    let claim = &analysis.claims[claims[0]];
    for pane in &h.app.layout().panes {
        if pane.article == f {
            continue;
        }
        // The version linked most strongly to the cursor sentence lines up.
        if claim.members.iter().any(|m| m.article == pane.article) {
            let at = SentenceRef {
                article: f,
                sentence: cursor,
            };
            let s = analysis.aligned(claims[0], at, pane.article).unwrap();
            assert_eq!(h.app.aligned_in(pane.article), Some(s));
            assert_eq!(
                row(pane.article, s),
                here,
                "article {} lines up",
                pane.article
            );
        }
    }
    // The words that carry the focused claim are drawn bold and underlined in the cursor's
    // sentence, the others are not.
    let focused = h.app.focused_claim().expect("a claim under focus");
    let at = SentenceRef {
        article: f,
        sentence: cursor,
    };
    let text = h.app.corpus().articles[f].sentences[cursor].text.clone();
    let span = analysis.span(at, focused).to_vec();
    assert!(!span.is_empty(), "the shared words of {text:?}");
    let pane = h
        .app
        .layout()
        .panes
        .iter()
        .find(|p| p.article == f)
        .unwrap()
        .text;
    let lines = wrap_text(&text, pane.width as usize).len() as u16;
    let top = pane.y + row_of(&h, f, cursor).expect("the cursor on screen");
    let area = ratatui::layout::Rect {
        y: top,
        height: lines.min(pane.y + pane.height - top),
        ..pane
    };
    let buf = h.terminal.backend().buffer().clone();
    let shared = Modifier::BOLD | Modifier::UNDERLINED;
    let word = |r: &std::ops::Range<usize>| {
        text[r.clone()]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    };
    let first = word(&span[0]);
    assert!(
        cells_of(&h, area, &first)
            .iter()
            .all(|&p| buf[p].modifier.contains(shared)),
        "{first:?} of {text:?} is highlighted"
    );
    let underlined = area
        .positions()
        .filter(|&p| buf[p].modifier.contains(Modifier::UNDERLINED))
        .count();
    let letters: usize = span
        .iter()
        .map(|r| {
            text[r.clone()]
                .chars()
                .filter(|c| !c.is_whitespace())
                .count()
        })
        .sum();
    assert!(
        underlined >= letters.min(area.width as usize),
        "{underlined}"
    );
    let plain = area
        .positions()
        .filter(|&p| buf[p].symbol().chars().all(char::is_alphanumeric))
        .filter(|&p| !buf[p].modifier.contains(Modifier::UNDERLINED))
        .count();
    assert!(plain > 0, "not every word of {text:?} is shared");
    // The claims view lists them, most sources first.
    h.step_and_draw([key('c')]);
    assert!(h.screen().contains("Shared claims ("));
    let sources: Vec<usize> = analysis.claims.iter().map(|c| c.sources).collect();
    assert!(sources.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn search_scopes_restrict_to_quotes_and_claims() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    let analysis = parallax::claims::analyse(&h.app.corpus().articles, &|_| {});
    h.analysed(analysis.clone());
    let type_query = |h: &mut Harness, q: &str| {
        h.step_and_draw(q.chars().map(key).collect::<Vec<_>>());
    };
    h.step_and_draw([key('/')]);
    type_query(&mut h, "putin");
    let all = h.app.search().total();
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
    assert!(h.app.search().total() <= all);
    assert!(
        h.app
            .search()
            .hits()
            .iter()
            .all(|x| in_quote(x.at.article, x.at.sentence))
    );
    // Tab: shared claims only.
    h.step_and_draw([Step::Key(KeyCode::Tab, KeyModifiers::NONE)]);
    assert!(h.screen().contains("Search: shared claims only"));
    for x in h.app.search().hits() {
        assert!(!analysis.claims_of(x.at).is_empty());
    }
    h.step_and_draw([Step::Key(KeyCode::Tab, KeyModifiers::NONE)]);
    assert_eq!(h.app.search().total(), all, "back to all sentences");
}

#[test]
fn long_fact_and_claim_lists_scroll_to_the_chosen_entry() {
    // The seeds' facts and claims are more than a 100x16 screen lists at once.
    let mut h = Harness::new(seeds(), 100, 16, false);
    with_analysis(&mut h);
    let analysis = h.app.analysis().unwrap().clone();
    let (first, last) = (
        &analysis.facts[0].label,
        &analysis.facts.last().unwrap().label,
    );
    h.step_and_draw([key('f')]);
    assert!(!h.screen().contains(last.as_str()), "{}", h.screen());
    h.step_and_draw([key('G')]);
    let screen = h.screen();
    assert!(screen.contains(&format!("▶ {last}")), "{screen}");
    assert!(!screen.contains(&format!("  {first}")), "{screen}");
    h.step_and_draw([key('g')]);
    assert!(h.screen().contains(&format!("▶ {first}")), "{}", h.screen());
    h.step_and_draw([key('q'), key('c'), key('G')]);
    let n = analysis.claims.len();
    assert_eq!(h.app.chosen_claim(), n - 1);
    let sources = analysis.claims[n - 1].sources;
    assert!(
        h.screen().contains(&format!("▶ {sources}/5 sources")),
        "{}",
        h.screen()
    );
}

/// A small article built by hand, so a whole screen can be written out cell by cell.
fn tiny_corpus() -> Corpus {
    let text = "Alpha beta gamma.\n\nDelta epsilon.";
    let sentence = |span: std::ops::Range<usize>, paragraph| parallax::corpus::Sentence {
        text: text[span.clone()].into(),
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
            text: String::from(text).into(),
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
        " Src │ sentence 1/2     ",
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
        let mut app = App::new(Arc::new(seeds()), false);
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

/// Articles made from texts, each with a source name.
fn articles(items: &[(&str, &str)]) -> Corpus {
    Corpus {
        articles: items
            .iter()
            .map(|(source, text)| {
                Article::from_document(Document {
                    origin: format!("{source}.txt"),
                    source: Some(source.to_string()),
                    text: text.to_string(),
                    ..Document::default()
                })
            })
            .collect(),
        skipped: vec![],
    }
}

/// The screen's last row.
fn status_row(h: &Harness) -> String {
    h.screen()
        .lines()
        .last()
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

#[test]
fn a_terminal_that_lost_a_row_is_drawn_without_a_crash() {
    // Keys in flight while the terminal shrinks: the frame is drawn on the size it really has,
    // before the resize event reaches the reader.
    for open in [None, Some('c'), Some('f'), Some('/'), Some('?')] {
        let mut h = Harness::new(seeds(), 120, 40, false);
        with_analysis(&mut h);
        h.step_and_draw(std::iter::repeat_with(|| key('j')).take(30));
        if let Some(k) = open {
            h.step_and_draw([key(k)]);
        }
        h.terminal.backend_mut().resize(120, 39);
        h.step_and_draw([key('k')]);
        h.terminal.backend_mut().resize(119, 12);
        h.step_and_draw([]);
        assert!(status_row(&h).contains("sentence "), "{}", h.screen());
        h.terminal.backend_mut().resize(7, 3);
        h.step_and_draw([]);
        assert!(h.screen().contains("termina"), "{}", h.screen());
    }
}

#[test]
fn a_paste_goes_into_the_search_prompt_and_never_runs_as_keys() {
    let mut h = Harness::new(seeds(), 120, 40, false);
    // Pasted while reading: the prompt opens with the text, line breaks as spaces.
    h.step_and_draw([Step::Act(Action::Paste("troops\nq\r\nquit".into()))]);
    assert_eq!(h.app.mode(), Mode::Search);
    assert!(!h.app.quit());
    assert_eq!(h.app.search().query(), "troops q  quit");
    assert!(h.screen().contains("/troops q  quit"), "{}", h.screen());
    // Pasted into the open prompt: appended.
    h.step_and_draw([
        Step::Key(KeyCode::Char('u'), KeyModifiers::CONTROL),
        Step::Act(Action::Paste("Putin\n".into())),
    ]);
    assert_eq!(h.app.search().query(), "Putin ");
    assert!(h.screen().contains("matches"), "{}", h.screen());
}

#[test]
fn long_source_names_and_queries_are_cut_so_position_hints_and_counts_show() {
    let long = "Very Long Source Name ".repeat(14);
    let corpus = articles(&[
        (&long, "Troops arrived in the city on Monday."),
        ("Short", "Troops left the city on Tuesday."),
    ]);
    let mut h = Harness::new(corpus, 100, 20, false);
    let status = status_row(&h);
    assert!(status.contains(" Very Long Source Name Very"), "{status}");
    assert!(status.contains("… │ sentence 1/1"), "{status}");
    assert!(status.contains("sentence 1/1"), "{status}");
    assert!(status.contains("? help"), "{status}");
    // A long query: cut, its match count still shown.
    let query = format!("troops {}", "x".repeat(60));
    h.step_and_draw([key('/')]);
    h.step_and_draw([Step::Act(Action::Paste(query))]);
    h.step_and_draw([Step::Key(KeyCode::Enter, KeyModifiers::NONE)]);
    h.step_and_draw([key('/')]);
    h.step_and_draw([Step::Act(Action::Paste("troops".into()))]);
    h.step_and_draw([Step::Key(KeyCode::Enter, KeyModifiers::NONE)]);
    let status = status_row(&h);
    assert!(status.contains("/troops 2 matches"), "{status}");
    assert!(status.contains("sentence 1/1"), "{status}");
    h.step_and_draw([key('/')]);
    h.step_and_draw([Step::Act(Action::Paste(format!(
        "city {}",
        "on ".repeat(30)
    )))]);
    h.step_and_draw([Step::Key(KeyCode::Enter, KeyModifiers::NONE)]);
    let status = status_row(&h);
    assert!(status.contains("…"), "{status}");
    assert!(status.contains("2 matches"), "{status}");
}

#[test]
fn inputs_skipped_at_start_are_shown_in_the_reader() {
    let mut corpus = articles(&[("One", "A sentence."), ("Two", "Another sentence.")]);
    corpus.skipped.push(corpus::Skipped {
        origin: "missing.html".into(),
        reason: "no such file".into(),
    });
    let mut h = Harness::new(corpus, 120, 30, false);
    assert!(status_row(&h).contains("1 skipped"), "{}", status_row(&h));
    h.step_and_draw([key('?')]);
    let screen = h.screen();
    assert!(screen.contains("Skipped at start:"), "{screen}");
    assert!(screen.contains("missing.html"), "{screen}");
    assert!(screen.contains("no such file"), "{screen}");
}

#[test]
fn emoji_sequences_and_unassigned_code_points_keep_the_columns() {
    let text = "Flags \u{1F1FA}\u{1F1E6} family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} \
                thumbs \u{1F44D}\u{1F3FD} odd \u{378} \u{FFFE} \u{FFFF} heart \u{2764}\u{FE0F} end.";
    let corpus = articles(&[("\u{1F1FA}\u{1F1E6} news", text), ("Two", "Plain.")]);
    let h = Harness::new(corpus, 80, 12, false);
    let buf = h.terminal.backend().buffer();
    // Every cell holds a form all terminals draw at the width counted.
    for cell in buf.content() {
        let s = cell.symbol();
        assert!(
            !s.chars().any(|c| matches!(c,
                '\u{200D}' | '\u{FE0F}' | '\u{378}' | '\u{FFFE}' | '\u{FFFF}'
                | '\u{1F3FB}'..='\u{1F3FF}' | '\u{1F1E6}'..='\u{1F1FF}')),
            "{s:?}"
        );
    }
    let screen = h.screen();
    assert!(screen.contains("UA news"), "{screen}");
    assert!(screen.contains("Flags UA family"), "{screen}");
    assert_eq!(screen.matches('\u{FFFD}').count(), 3, "{screen}");
    // The right border of the first pane is in its column on every row.
    for y in 0..11 {
        assert_eq!(buf[(39, y)].symbol().chars().count(), 1);
        assert!(matches!(buf[(39, y)].symbol(), "│" | "┐" | "┘"), "row {y}");
    }
}

#[test]
fn one_article_says_why_there_are_no_claims() {
    let mut h = Harness::new(articles(&[("Only", "One sentence. Two.")]), 100, 20, false);
    assert!(
        status_row(&h).contains("no claims: one article"),
        "{}",
        status_row(&h)
    );
    h.step_and_draw([key('c')]);
    assert!(
        h.screen().contains("No shared claims: one article."),
        "{}",
        h.screen()
    );
}

#[test]
fn a_very_long_article_reads_from_top_to_bottom() {
    let text: String = (1..=20_000)
        .map(|i| format!("Sentence number {i} of the long report."))
        .collect::<Vec<_>>()
        .join(" ");
    let mut h = Harness::new(
        articles(&[("Long", &text), ("Short", "Brief.")]),
        100,
        20,
        false,
    );
    assert!(
        status_row(&h).contains("sentence 1/20000"),
        "{}",
        status_row(&h)
    );
    h.step_and_draw([key('G')]);
    assert!(
        status_row(&h).contains("sentence 20000/20000"),
        "{}",
        status_row(&h)
    );
    assert!(h.screen().contains("number 20000 of"), "{}", h.screen());
    h.step_and_draw([Step::Key(KeyCode::PageUp, KeyModifiers::NONE)]);
    assert!(
        !status_row(&h).contains("sentence 20000/"),
        "{}",
        status_row(&h)
    );
    h.step_and_draw([key('g')]);
    assert!(h.screen().contains("number 1 of"), "{}", h.screen());
    // Paging down from the top reaches on into the article, a page at a time.
    h.step_and_draw(
        std::iter::repeat_with(|| Step::Key(KeyCode::PageDown, KeyModifiers::NONE)).take(50),
    );
    let position = |h: &Harness| -> usize {
        status_row(h)
            .split("sentence ")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let at = position(&h);
    assert!(at > 200, "{}", status_row(&h));
    // The wheel scrolls on as well.
    let pane = h.app.layout().panes[0].text;
    h.step_and_draw(
        std::iter::repeat_with(|| {
            Step::Act(Action::Scroll {
                column: pane.x + 1,
                row: pane.y + 1,
                lines: 5,
            })
        })
        .take(20),
    );
    assert!(position(&h) > at, "{}", status_row(&h));
}

/// The cells of the first place `word` is drawn inside `area`.
fn cells_of(h: &Harness, area: ratatui::layout::Rect, word: &str) -> Vec<(u16, u16)> {
    let buf = h.terminal.backend().buffer();
    for y in area.y..area.y + area.height {
        let row: String = (area.x..area.x + area.width)
            .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
            .collect();
        if let Some(i) = row.find(word) {
            let x0 = area.x + row[..i].chars().count() as u16;
            return (x0..x0 + word.chars().count() as u16)
                .map(|x| (x, y))
                .collect();
        }
    }
    panic!("{word:?} not drawn in {area:?}:\n{}", h.screen());
}

/// Where a sentence is drawn in its article's pane: its rows on screen.
fn sentence_area(h: &Harness, article: usize, sentence: usize) -> ratatui::layout::Rect {
    let pane = h
        .app
        .layout()
        .panes
        .iter()
        .find(|p| p.article == article)
        .expect("pane shown")
        .text;
    let text = &h.app.corpus().articles[article].sentences[sentence].text;
    let lines = wrap_text(text, pane.width as usize).len() as u16;
    let top = pane.y + row_of(h, article, sentence).expect("the sentence on screen");
    ratatui::layout::Rect {
        y: top,
        height: lines.min(pane.y + pane.height - top),
        ..pane
    }
}

/// The words of the cursor sentence that carry a claim (its shared words with the claim's
/// other versions), as drawn.
fn claim_words(h: &Harness, claim: usize) -> Vec<String> {
    let at = h.app.cursor_sentence().expect("a cursor sentence");
    let text = &h.app.corpus().articles[at.article].sentences[at.sentence].text;
    h.app
        .analysis()
        .unwrap()
        .span(at, claim)
        .iter()
        .filter_map(|r| {
            let w = text[r.clone()]
                .split_whitespace()
                .next()?
                .trim_matches(|c: char| !c.is_alphanumeric());
            (w.len() > 2).then(|| w.to_string())
        })
        .collect()
}

/// Whether every cell of the word's first place in the cursor sentence carries `m`.
fn cursor_word_has(h: &Harness, word: &str, m: Modifier) -> bool {
    let at = h.app.cursor_sentence().expect("a cursor sentence");
    let area = sentence_area(h, at.article, at.sentence);
    let buf = h.terminal.backend().buffer();
    cells_of(h, area, word)
        .iter()
        .all(|&p| buf[p].modifier.contains(m))
}

#[test]
fn a_sentence_sharing_two_claims_highlights_the_focused_ones_words() {
    let shared = Modifier::BOLD | Modifier::UNDERLINED;
    for no_color in [false, true] {
        let mut h = Harness::new(seeds(), 200, 50, no_color);
        with_analysis(&mut h);
        // n on to a sentence of the seeds that shares more than one claim.
        for _ in 0..60 {
            if h.app.claim_turn().is_some_and(|(_, n)| n > 1) {
                break;
            }
            h.step_and_draw([key('n')]);
        }
        let (k, n) = h.app.claim_turn().expect("a sentence sharing claims");
        assert!(n > 1, "a sentence sharing several claims");
        assert_eq!(k, 0);
        assert!(
            status_row(&h).contains(&format!("claim 1/{n} (w next)")),
            "{}",
            status_row(&h)
        );
        // The first claim is under focus: its words are bold and underlined.
        let first = h.app.focused_claim().unwrap();
        let words = claim_words(&h, first);
        assert!(!words.is_empty(), "the claim's words");
        for w in &words {
            assert!(cursor_word_has(&h, w, shared), "{w:?} carries the claim");
        }
        assert_lined_up(&h);
        // w turns to the second claim: its words carry it now, and its versions line up.
        h.step_and_draw([key('w')]);
        assert!(
            status_row(&h).contains(&format!("claim 2/{n}")),
            "{}",
            status_row(&h)
        );
        let second = h.app.focused_claim().unwrap();
        assert_ne!(second, first);
        let now = claim_words(&h, second);
        for w in &now {
            assert!(cursor_word_has(&h, w, shared), "{w:?} carries the claim");
        }
        // A word only the first claim carries is no longer marked.
        if let Some(w) = words.iter().find(|w| !now.contains(w)) {
            assert!(!cursor_word_has(&h, w, Modifier::UNDERLINED), "{w:?}");
        }
        assert_lined_up(&h);
        // And back round; moving off the sentence forgets the turn.
        h.step_and_draw(std::iter::repeat_with(|| key('w')).take(n - 1));
        assert_eq!(h.app.focused_claim(), Some(first));
        h.step_and_draw([key('w'), key('j'), key('k')]);
        assert_eq!(h.app.focused_claim(), Some(first));
        assert!(status_row(&h).contains(&format!("claim 1/{n}")));
    }
}

#[test]
fn a_sentence_four_other_sources_state_never_shows_the_unique_mark() {
    let own = [
        "Fans gathered outside the stadium before dawn.",
        "Shares of Acme rose sharply in Tokyo trading.",
        "A storm closed two mountain passes in Colorado.",
        "The museum opened a new wing for sculpture.",
        "Farmers in Kansas expect a record wheat harvest.",
    ];
    let items: Vec<(String, String)> = own
        .iter()
        .enumerate()
        .map(|(k, o)| {
            (
                format!("S{k}"),
                format!(
                    "The central bank raised its main interest rate to 4.5 percent on \
                     Thursday. {o}"
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = items
        .iter()
        .map(|(s, t)| (s.as_str(), t.as_str()))
        .collect();
    let corpus = articles(&refs);
    let analysis = parallax::claims::analyse(&corpus.articles, &|_| {});
    let mut h = Harness::new(corpus, 200, 20, false);
    h.analysed(analysis);
    let screen = h.screen();
    assert_eq!(
        screen.matches("5/5 The central bank").count(),
        5,
        "{screen}"
    );
    assert!(!screen.contains("· The central bank"), "{screen}");
    assert_eq!(screen.matches(" · ").count(), 5, "{screen}");
    // The unique filter hides it everywhere, n reaches it.
    h.step_and_draw([key('u')]);
    let screen = h.screen();
    let below_titles: String = screen.lines().skip(1).collect();
    assert!(!below_titles.contains("The central bank"), "{screen}");
    h.step_and_draw([key('u'), key('j'), key('n')]);
    assert_eq!(h.app.cursor(0), 0);
}

#[test]
fn the_claims_view_shows_only_versions_a_link_supports() {
    let mut h = Harness::new(seeds(), 200, 50, false);
    let analysis = parallax::claims::analyse(&h.app.corpus().articles, &|_| {});
    h.analysed(analysis);
    let findings = h.app.findings().unwrap();
    let an = &findings.analysis;
    for (c, claim) in an.claims.iter().enumerate() {
        let shown = findings.shown(c);
        assert!(shown.len() >= 2, "claim {c}");
        assert_eq!(claim.members[shown[0]], claim.representative);
        for &k in shown {
            let m = claim.members[k];
            assert!(
                an.linked_to(m)
                    .any(|(o, _)| o != m && claim.members.contains(&o)),
                "claim {c}: version {m:?} linked to no other version"
            );
        }
    }
    // The view opens on the claim under the cursor; Enter comes back to it with it in focus.
    h.step_and_draw([key('n')]);
    let claim = h.app.focused_claim().expect("n reaches a shared sentence");
    let at = (h.app.focus(), h.app.cursor(h.app.focus()));
    h.step_and_draw([key('c')]);
    assert_eq!(h.app.chosen_claim(), claim);
    assert!(h.screen().contains(" versions"), "{}", h.screen());
    h.step_and_draw([Step::Key(KeyCode::Enter, KeyModifiers::NONE)]);
    assert_eq!((h.app.focus(), h.app.cursor(h.app.focus())), at);
    assert_eq!(h.app.focused_claim(), Some(claim));
}

#[test]
fn a_config_that_remaps_keys_changes_what_they_do_and_the_help() {
    let settings = parallax::tui::config::Settings::from_text(
        "[keys]\nopen-help = [\"f1\"]\ndown = [\"n\", \"ctrl-j\"]\n",
    )
    .unwrap();
    let mut h = Harness::with_keymap(seeds(), 200, 50, false, settings.keymap);
    let start = h.app.cursor(0);
    // The old keys do nothing now.
    h.step_and_draw([key('j'), key('?')]);
    assert_eq!((h.app.cursor(0), h.app.mode()), (start, Mode::Normal));
    let status = status_row(&h);
    assert!(
        status.contains("F1 help") && status.contains("n/k move"),
        "{status}"
    );
    // The new ones do.
    h.step_and_draw([Step::Key(KeyCode::F(1), KeyModifiers::NONE)]);
    assert_eq!(h.app.mode(), Mode::Help);
    let screen = h.screen();
    let row = |help: &str| {
        screen
            .lines()
            .find(|l| l.contains(help))
            .unwrap_or_else(|| panic!("help lacks {help}:\n{screen}"))
            .to_string()
    };
    assert!(row("next sentence").contains("n, Ctrl-j"), "{screen}");
    assert!(row("this help").contains("F1"), "{screen}");
    // n went to "down": "next hit / claim" has no key left, so the help leaves it out.
    assert!(!screen.contains("next hit / claim"), "{screen}");
    h.step_and_draw([key('x'), key('n')]);
    assert_eq!(h.app.mode(), Mode::Normal);
    assert!(h.app.cursor(0) > start, "n moves down");
    h.step_and_draw([Step::Key(KeyCode::Char('j'), KeyModifiers::CONTROL)]);
}

#[test]
fn a_copy_sends_the_citation_as_osc52_without_the_articles_controls() {
    use base64::Engine;
    use ratatui::backend::CrosstermBackend;
    let mut corpus = hostile_corpus();
    corpus.articles[0].url = Some("https://example.org/story?id=1".into());
    let mut h = Harness::new(corpus, 120, 40, false);
    // The focused article's URL shows in the status bar.
    assert!(status_row(&h).contains("https://example.org/story?id=1"));
    for (k, how) in [('p', "plain text"), ('m', "Markdown")] {
        h.step_and_draw([key('j'), key('y')]);
        assert_eq!(h.app.mode(), Mode::Copy);
        let screen = h.screen();
        assert!(
            screen.contains("Copy with citation") && screen.contains("as Markdown"),
            "{screen}"
        );
        let action = h
            .app
            .keymap()
            .action(
                Mode::Copy,
                KeyEvent::new(KeyCode::Char(k), KeyModifiers::NONE),
            )
            .unwrap();
        let Some(Effect::Copy(text)) = h.app.update(action) else {
            panic!("{k} copies");
        };
        let bytes = Bytes::default();
        let mut backend = CrosstermBackend::new(bytes.clone());
        parallax::tui::terminal::copy(&mut backend, &text).unwrap();
        let written = String::from_utf8(bytes.0.lock().unwrap().clone()).unwrap();
        let body = written
            .strip_prefix("\u{1b}]52;c;")
            .and_then(|rest| rest.strip_suffix("\u{1b}\\"))
            .unwrap_or_else(|| panic!("one OSC 52 sequence: {written:?}"));
        assert!(
            body.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
            "only base64 inside the sequence: {body:?}"
        );
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        let decoded = String::from_utf8(decoded).unwrap();
        assert_eq!(decoded, text);
        for part in [
            "src0",
            "evil title",
            "2022",
            "https://example.org/story?id=1",
        ] {
            assert!(
                decoded.contains(part),
                "{how}: the citation lacks {part}: {decoded}"
            );
        }
        assert!(
            !decoded
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{how}: a control character reached the clipboard: {decoded:?}"
        );
        h.step_and_draw([]);
        let status = status_row(&h);
        let notice = format!("copied {} characters as {how}", text.chars().count());
        assert!(status.contains(&notice), "{status}");
    }
    // The next key clears the notice.
    h.step_and_draw([key('j')]);
    assert!(!status_row(&h).contains("copied"));
}

#[test]
fn o_refuses_a_url_that_is_not_http_and_says_why() {
    let mut corpus = hostile_corpus();
    corpus.articles[0].url = Some("javascript:alert(1)".into());
    let mut h = Harness::new(corpus, 120, 40, false);
    let action = h
        .app
        .keymap()
        .action(
            Mode::Normal,
            KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE),
        )
        .unwrap();
    assert!(h.app.update(action).is_none(), "nothing is opened");
    h.step_and_draw([]);
    let status = status_row(&h);
    assert!(status.contains("not opened: only http(s)"), "{status}");
}

#[test]
fn typing_a_word_finds_its_other_forms_after_the_written_one() {
    let article = |name: &str, text: &str| {
        Article::from_document(Document {
            origin: format!("{name}.txt"),
            text: text.to_string(),
            ..Document::default()
        })
    };
    let corpus = Corpus {
        articles: vec![
            article(
                "a",
                "Both men underwent training at terrorist camps in Yemen.",
            ),
            article("b", "The recruits trained in camps near the border."),
        ],
        skipped: Vec::new(),
    };
    let mut h = Harness::new(corpus, 120, 30, false);
    h.step_and_draw([key('/')]);
    h.step_and_draw("trained camps".chars().map(key));
    let texts: Vec<&str> = h
        .app
        .search()
        .hits()
        .iter()
        .map(|hit| {
            h.app.articles()[hit.at.article].sentences[hit.at.sentence]
                .text
                .as_str()
        })
        .collect();
    assert_eq!(
        texts,
        [
            "The recruits trained in camps near the border.",
            "Both men underwent training at terrorist camps in Yemen.",
        ]
    );
}

#[test]
fn the_loading_screen_counts_the_files_read() {
    use parallax::corpus::load::{Counts, Progress, load_counting};
    let draw = |counts: Counts| {
        let mut t = Terminal::new(TestBackend::new(80, 10)).unwrap();
        t.draw(|f| view::render_loading(f, counts, &[])).unwrap();
        t.backend().to_string()
    };
    let progress = Arc::new(Progress::default());
    // Before the folders are walked there is nothing to count yet.
    assert!(
        draw(progress.get()).contains("parallax: loading the articles..."),
        "{}",
        draw(progress.get())
    );
    let dir = format!("{}/tests/fixtures/stories", env!("CARGO_MANIFEST_DIR"));
    let corpus = load_counting(&[dir], &LoadOptions::default(), progress.clone());
    assert_eq!(corpus.articles.len(), 6);
    assert_eq!(
        progress.get(),
        Counts {
            read: 6,
            total: 6,
            files: true
        },
        "every file counted once it is read"
    );
    insta::assert_snapshot!(
        "loading_80x10",
        draw(Counts {
            read: 312,
            total: 982,
            files: true,
        })
    );
    // A URL or stdin among the inputs: they are not all files.
    let screen = draw(Counts {
        read: 1,
        total: 3,
        files: false,
    });
    assert!(screen.contains("1 of 3 inputs read"), "{screen}");
}

#[test]
fn the_loading_screen_lists_the_articles_read_so_far() {
    use parallax::corpus::load::{Counts, Progress, load_counting};
    let progress = Arc::new(Progress::default());
    let dir = format!("{}/tests/fixtures/stories", env!("CARGO_MANIFEST_DIR"));
    load_counting(&[dir], &LoadOptions::default(), progress.clone());
    // Every article read is kept for the screen, in the order it was read (here sorted, as
    // the workers' order varies).
    let mut heads = progress.heads();
    assert_eq!(heads.len(), 6, "{heads:?}");
    heads.sort_by(|a, b| a.source.cmp(&b.source));
    let draw = |w: u16, h: u16, counts: Counts| {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| view::render_loading(f, counts, &heads)).unwrap();
        t.backend().to_string()
    };
    let counts = Counts {
        read: 6,
        total: 982,
        files: true,
    };
    insta::assert_snapshot!("loading_heads_100x8", draw(100, 8, counts));
    // On a narrow screen the titles keep the room; a short one shows as many as fit.
    let narrow = draw(44, 5, counts);
    assert!(narrow.contains("6 of 982"), "{narrow}");
    assert_eq!(
        narrow.matches("│  ").count(),
        3,
        "three rows fit:\n{narrow}"
    );
}
