//! The story list on TestBackend: articles about two events (a ferry sinking on Lake Kivu, a
//! derailment near Trento; three outlets each, each event's loaded newest first) open on a list of two stories;
//! Enter opens one story's panes with badges out of its own sources, Esc goes back, `d` sorts by
//! date, `t` orders the panes by date, `/` searches every story, `x` and `m` fix the grouping.

use std::cell::Cell;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parallax::corpus::{self, Corpus, LoadOptions};
use parallax::tui::action::{Action, Effect, Mode};
use parallax::tui::app::App;
use parallax::tui::keymap;
use parallax::tui::view;
use parallax::tui::workers::Workers;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The two events, Kivu first, each event's articles newest first (so load order is not time
/// order).
fn two_events() -> Corpus {
    let dir = format!("{}/tests/fixtures/stories", env!("CARGO_MANIFEST_DIR"));
    let mut corpus = corpus::load(&[dir], &LoadOptions::default());
    assert_eq!(corpus.articles.len(), 6);
    // kivu c, b, a, then trento c, b, a.
    corpus.articles[..3].reverse();
    corpus.articles[3..].reverse();
    corpus
}

struct Harness {
    app: App,
    terminal: Terminal<TestBackend>,
    workers: Workers,
    /// An analysis asked for and not yet sent to the workers (tests hold it to see the list
    /// before the coverage figures arrive).
    held: Option<Effect>,
}

impl Harness {
    fn new(width: u16, height: u16) -> Harness {
        Harness::on(two_events(), width, height)
    }

    fn on(corpus: Corpus, width: u16, height: u16) -> Harness {
        let corpus = Arc::new(corpus);
        let mut app = App::with_stories(corpus.clone(), false);
        app.update(Action::Resize { width, height });
        let mut h = Harness {
            app,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
            workers: Workers::start_stories(corpus),
            held: None,
        };
        h.draw();
        h
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.terminal.draw(|f| view::render(app, f)).unwrap();
    }

    fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }

    fn status(&self) -> String {
        let screen = self.screen();
        screen.lines().last().unwrap_or("").to_string()
    }

    /// Applies an action; a search runs to its end, an analysis is queued.
    fn apply(&mut self, action: Action) {
        match self.app.update(action) {
            Some(e @ Effect::Search(_)) => {
                self.workers.run(e);
                let answers = self.workers.wait(Duration::from_secs(60), |a| match a {
                    Action::SearchResults { results, .. } => results.complete,
                    Action::SearchFailed(_) => true,
                    _ => false,
                });
                for a in answers {
                    self.apply(a);
                }
            }
            Some(e @ Effect::AnalyseStories { .. }) => self.held = Some(e),
            Some(e) => self.workers.run(e),
            None => {}
        }
    }

    fn keys(&mut self, keys: &[KeyCode]) {
        for &k in keys {
            let action = keymap::action(self.app.mode(), KeyEvent::new(k, KeyModifiers::NONE));
            if let Some(a) = action {
                self.apply(a);
            }
        }
        self.draw();
    }

    fn type_text(&mut self, text: &str) {
        let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
        self.keys(&keys);
    }

    /// Waits for the grouping and applies it.
    fn grouped(&mut self) {
        let actions = self.workers.wait(Duration::from_secs(60), |a| {
            matches!(a, Action::StoriesReady(_))
        });
        for a in actions {
            self.apply(a);
        }
        self.draw();
    }

    /// Sends the held analyses to the workers and applies `n` answers.
    fn analysed(&mut self, n: usize) {
        if let Some(e) = self.held.take() {
            self.workers.run(e);
        }
        let seen = Cell::new(0);
        let actions = self.workers.wait(Duration::from_secs(60), |a| {
            if matches!(a, Action::StoryAnalysed { .. }) {
                seen.set(seen.get() + 1);
            }
            seen.get() == n
        });
        assert_eq!(seen.get(), n, "{n} analyses arrived");
        for a in actions {
            self.apply(a);
        }
        if let Some(e) = self.held.take() {
            self.workers.run(e);
        }
        self.draw();
    }

    /// The source names of the panes shown, left to right.
    fn pane_sources(&self) -> Vec<String> {
        self.app
            .layout()
            .panes
            .iter()
            .map(|p| self.app.articles()[p.article].source.clone())
            .collect()
    }
}

#[test]
fn two_events_open_on_a_story_list_and_each_story_on_its_own_panes() {
    let mut h = Harness::new(150, 20);
    assert_eq!(h.app.mode(), Mode::Stories);
    assert!(
        h.screen().contains("grouping 6 articles into stories..."),
        "{}",
        h.screen()
    );
    h.grouped();
    insta::assert_snapshot!("stories_list_150x20", h.terminal.backend());
    assert!(h.screen().contains("analysing…"));

    h.analysed(2);
    let screen = h.screen();
    assert!(!screen.contains("analysing…"), "{screen}");
    assert!(screen.contains(" shared"), "{screen}");

    // Enter: the chosen story's three panes, badges out of its three sources.
    h.keys(&[KeyCode::Enter]);
    assert_eq!(h.app.mode(), Mode::Normal);
    assert_eq!(h.app.shown().len(), 3);
    let screen = h.screen();
    assert!(screen.contains("Kivu"), "{screen}");
    assert!(!screen.contains("Trento"), "{screen}");
    assert!(
        screen.contains("/3"),
        "badges count the story's sources: {screen}"
    );
    assert!(!screen.contains("/6"), "{screen}");
    assert!(h.status().contains("story: "), "{}", h.status());
    let claims = h.app.analysis().unwrap();
    assert!(
        claims
            .claims
            .iter()
            .flat_map(|c| &c.members)
            .all(|m| h.app.shown().contains(&m.article)),
        "claims inside the story only"
    );
    // The claims view counts out of the story's sources too.
    h.keys(&[KeyCode::Char('c')]);
    let screen = h.screen();
    assert!(screen.contains("/3 sources"), "{screen}");
    assert!(!screen.contains("/6 sources"), "{screen}");
    h.keys(&[KeyCode::Esc]);
    assert_eq!(h.app.mode(), Mode::Normal);

    // Esc goes back to the list, the story still chosen; Enter on the next row opens the other.
    h.keys(&[KeyCode::Esc]);
    assert_eq!(h.app.mode(), Mode::Stories);
    assert!(h.screen().contains("2 stories"));
    h.keys(&[KeyCode::Char('j'), KeyCode::Enter]);
    assert!(h.screen().contains("Trento"));
    assert!(!h.screen().contains("Kivu Star"));
    h.keys(&[KeyCode::Char('s')]);
    assert_eq!(h.app.mode(), Mode::Stories, "s goes back too");
}

#[test]
fn a_remapped_key_shows_in_the_story_list_hints_and_works() {
    let settings =
        parallax::tui::config::Settings::from_text("[keys]\nstories-sort-stories = [\"o\"]\n")
            .unwrap();
    let mut h = Harness::new(150, 20);
    h.app = std::mem::replace(
        &mut h.app,
        App::with_stories(Arc::new(Corpus::default()), false),
    )
    .with_keymap(settings.keymap);
    h.grouped();
    assert!(h.status().contains("o by date/size"), "{}", h.status());
    assert!(!h.status().contains("d by date/size"), "{}", h.status());
    h.keys(&[KeyCode::Char('o')]);
    assert!(h.screen().contains("by date"), "{}", h.screen());
}

#[test]
fn d_sorts_the_list_by_date_latest_first() {
    let mut h = Harness::new(150, 20);
    h.grouped();
    let rows = |h: &Harness| {
        let screen = h.screen();
        let kivu = screen.find("Kivu").unwrap();
        let trento = screen.find("Trento").unwrap();
        kivu < trento
    };
    assert!(rows(&h), "by size (a tie), then load order: Kivu first");
    h.keys(&[KeyCode::Char('d')]);
    assert!(h.screen().contains("by date"));
    assert!(!rows(&h), "by date: the July derailment first");
    assert!(h.status().contains("d by date/size"), "{}", h.status());
}

#[test]
fn t_orders_the_panes_by_publication_date() {
    let mut h = Harness::new(150, 20);
    h.grouped();
    h.keys(&[KeyCode::Enter]);
    let loaded = h.pane_sources();
    h.keys(&[KeyCode::Char('t')]);
    let mut by_date = loaded.clone();
    by_date.reverse();
    assert_eq!(h.pane_sources(), by_date, "loaded newest first");
    assert!(h.status().contains("panes by date"), "{}", h.status());
    h.keys(&[KeyCode::Char('t')]);
    assert_eq!(h.pane_sources(), loaded);
}

#[test]
fn a_search_on_the_list_opens_the_hit_s_story_on_it() {
    let mut h = Harness::new(150, 30);
    h.grouped();
    h.keys(&[KeyCode::Char('/')]);
    h.type_text("landslide");
    assert!(h.app.search().total() > 0);
    let screen = h.screen();
    assert!(
        screen.contains("[0] Ferry"),
        "each story counts its hits:\n{screen}"
    );
    h.keys(&[KeyCode::Enter]);
    assert_eq!(h.app.mode(), Mode::Normal);
    let focus = h.app.focus();
    let sentence = &h.app.articles()[focus].sentences[h.app.cursor(focus)];
    assert!(
        sentence.text.to_lowercase().contains("landslide"),
        "{}",
        sentence.text
    );
    assert!(h.screen().contains("Trento"));
    assert_eq!(h.app.shown().len(), 3);
}

#[test]
fn split_and_move_fix_the_grouping_at_once() {
    let mut h = Harness::new(150, 20);
    h.grouped();
    h.keys(&[KeyCode::Enter]);
    let moved = h.app.focus();
    // x: the focused article becomes a story of its own; the panes keep the other two.
    h.keys(&[KeyCode::Char('x')]);
    assert_eq!(h.app.shown().len(), 2);
    assert!(!h.app.shown().contains(&moved));
    assert_eq!(h.app.stories().len(), 3);
    h.keys(&[KeyCode::Esc]);
    assert!(h.screen().contains("3 stories"), "{}", h.screen());
    assert!(h.screen().contains("one article"), "{}", h.screen());
    // m: move the next article to the other event, through the picker.
    h.keys(&[KeyCode::Enter, KeyCode::Char('m')]);
    assert_eq!(h.app.mode(), Mode::MoveTo);
    assert!(h.screen().contains("to which story?"), "{}", h.screen());
    let target = h.app.stories().picker_rows()[0].story.articles.len();
    let second = h.app.focus();
    h.keys(&[KeyCode::Enter]);
    assert_eq!(h.app.mode(), Mode::Normal);
    let to = h.app.stories().story_of(second).unwrap();
    assert_eq!(to.story.articles.len(), target + 1);
    // Both changed stories are analysed again, the open one first.
    h.analysed(1);
    assert!(h.app.analysis().is_some() || h.app.shown().len() < 2);
}

#[test]
fn one_event_opens_its_panes_directly_and_a_split_makes_a_list() {
    let mut corpus = two_events();
    corpus.articles.truncate(3);
    let mut h = Harness::on(corpus, 150, 20);
    h.grouped();
    assert_eq!(h.app.mode(), Mode::Normal, "one story: no list");
    assert_eq!(h.app.shown().len(), 3);
    assert!(!h.status().contains("s stories"), "no list to go back to");
    h.keys(&[KeyCode::Esc]);
    assert!(h.app.quit(), "Esc quits as without stories");
}

#[test]
fn splitting_the_only_story_makes_a_list_to_go_back_to() {
    let mut corpus = two_events();
    corpus.articles.truncate(3);
    let mut h = Harness::on(corpus, 150, 20);
    h.grouped();
    h.keys(&[KeyCode::Char('x')]);
    assert_eq!(h.app.shown().len(), 2);
    h.keys(&[KeyCode::Char('s')]);
    assert_eq!(h.app.mode(), Mode::Stories);
    assert!(h.screen().contains("2 stories"), "{}", h.screen());
}

#[test]
fn a_click_chooses_a_story_and_a_second_click_opens_it() {
    let mut h = Harness::new(150, 20);
    h.grouped();
    // Row 0 is the border, 1 the header, 2 the first story, 3 the second.
    let click = Action::Click { column: 20, row: 3 };
    h.apply(click.clone());
    assert_eq!(h.app.stories().list.selected(), 1);
    assert_eq!(h.app.mode(), Mode::Stories);
    h.apply(click);
    h.draw();
    assert_eq!(h.app.mode(), Mode::Normal);
    assert!(h.screen().contains("Trento"));
}
