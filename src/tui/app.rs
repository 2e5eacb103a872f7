//! App state and `Action`s; `App::update` is the only place state changes.
//!
//! Everything the screen shows is derived from [`App`]: the wrapped rows of each pane (cached per
//! width), the screen layout (computed here on resize, so mouse hit-testing never depends on
//! drawing), the claims analysis and the search results. Slow work (claims, search) runs elsewhere
//! and comes back as actions; `update` asks for it through the [`Effect`]s it returns.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::claims::{Analysis, SentenceRef};
use crate::corpus::{Article, Corpus};
use crate::search::{Allowed, Hit, Results, Scope};
use crate::tui::wrap::{self, Wrapped};

/// Narrowest a pane may get before fewer panes are shown side by side.
pub const MIN_PANE_WIDTH: u16 = 32;
/// Below this size the screen shows a "terminal too small" note.
pub const MIN_WIDTH: u16 = 20;
/// Below this height the screen shows a "terminal too small" note.
pub const MIN_HEIGHT: u16 = 5;
/// Widest the source column of the claims view gets.
pub const CLAIM_SOURCE_WIDTH: usize = 14;
/// Rows the mouse wheel scrolls per notch.
pub const WHEEL_ROWS: usize = 3;
/// Most hits a search returns.
pub const SEARCH_LIMIT: usize = 500;

/// What the keys currently drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Reading the panes.
    Normal,
    /// The help overlay is open.
    Help,
    /// The claims view is open.
    Claims,
    /// The facts view is open.
    Facts,
    /// The search prompt is open.
    Search,
}

/// A value shared with a worker thread; two are equal when they are the same allocation.
#[derive(Debug, Clone)]
pub struct Shared<T>(pub Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Everything that can happen to the reader: keys, mouse, resizes and results from workers.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the reader.
    Quit,
    /// Clear the search highlights if any, else leave the reader.
    Back,
    /// Next sentence (or next entry in a list).
    Down,
    /// Previous sentence (or previous entry in a list).
    Up,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// First sentence.
    Top,
    /// Last sentence.
    Bottom,
    /// Focus the pane on the right.
    NextPane,
    /// Focus the pane on the left.
    PrevPane,
    /// Next search hit when a search is active, else next shared claim.
    Next,
    /// Previous search hit when a search is active, else previous shared claim.
    Prev,
    /// Show or hide boilerplate (shown dimmed).
    ToggleBoilerplate,
    /// Show only what is unique to each source, or everything.
    ToggleUnique,
    /// Open the help overlay.
    OpenHelp,
    /// Open the claims view.
    OpenClaims,
    /// Open the facts view.
    OpenFacts,
    /// Close the open overlay.
    CloseOverlay,
    /// Jump to the chosen entry of the open list.
    Select,
    /// Open the search prompt.
    OpenSearch,
    /// Type a character into the search prompt.
    SearchInput(char),
    /// Delete the last character of the search prompt.
    SearchBackspace,
    /// Clear the search prompt's query.
    SearchClear,
    /// Cycle the search scope: all, quotes, shared claims.
    SearchScope,
    /// Close the search prompt and clear its highlights.
    SearchClose,
    /// The terminal has this size (also gives the page height).
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// The mouse wheel turned over a cell (negative lines scroll up).
    Scroll {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
        /// Rows to scroll, negative for up.
        lines: i32,
    },
    /// A left click on a cell.
    Click {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
    },
    /// The claims engine has done this fraction of its work.
    ClaimsProgress(f32),
    /// The claims engine has finished.
    ClaimsReady(Shared<Analysis>),
    /// The claims engine failed; the reader goes on without claims.
    ClaimsFailed(String),
    /// The search failed (its worker panicked); shown until the next search.
    SearchFailed(String),
    /// Search results arrived (the best so far, or final).
    SearchResults {
        /// Which request it answers; stale ones are dropped.
        generation: u64,
        /// The hits, best first, and the counts.
        results: Results,
    },
}

/// Work `update` asks the runner to start.
#[derive(Debug)]
pub enum Effect {
    /// Run a search in the background (superseding the one under way) and answer with
    /// [`Action::SearchResults`].
    Search(SearchRequest),
    /// Cancel the search under way, if any.
    CancelSearch,
}

/// A search for the worker.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Echoed back in the results.
    pub generation: u64,
    /// What was typed.
    pub query: String,
    /// Which sentences to look at.
    pub scope: Scope,
    /// The claims analysis, for the quotes and claims scopes.
    pub analysis: Option<Arc<Analysis>>,
}

impl SearchRequest {
    /// The sentences the scope admits, as the search engine takes them (boilerplate never is).
    pub fn allowed(&self, corpus: Arc<Corpus>) -> Allowed {
        let quotes: std::collections::HashSet<SentenceRef> = match (&self.analysis, self.scope) {
            (Some(a), Scope::Quotes) => a
                .quotes
                .iter()
                .flat_map(|q| q.variants.iter().map(|v| v.at))
                .collect(),
            _ => Default::default(),
        };
        let (scope, analysis) = (self.scope, self.analysis.clone());
        Arc::new(move |article, sentence| {
            let Some(s) = corpus
                .articles
                .get(article)
                .and_then(|a| a.sentences.get(sentence))
            else {
                return false;
            };
            if s.boilerplate.is_some() {
                return false;
            }
            let at = SentenceRef { article, sentence };
            match (scope, &analysis) {
                (Scope::All, _) => true,
                (Scope::Quotes, _) => quotes.contains(&at),
                (Scope::Claims, Some(a)) => !a.claims_of(at).is_empty(),
                (Scope::Claims, None) => false,
            }
        })
    }
}

/// Where things are on screen, computed on resize and on changes of the pane window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreenLayout {
    /// The terminal is below the minimum size; nothing but a note is drawn.
    pub too_small: bool,
    /// The whole screen.
    pub screen: Rect,
    /// The panes shown, left to right.
    pub panes: Vec<PaneLayout>,
    /// The status bar row.
    pub status: Rect,
}

/// One pane on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneLayout {
    /// The article it shows.
    pub article: usize,
    /// The pane with its border.
    pub area: Rect,
    /// The claim badge column.
    pub gutter: Rect,
    /// Where the text goes.
    pub text: Rect,
}

/// Per-article reading position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pane {
    /// The sentence under the cursor.
    pub cursor: usize,
    /// The first row shown.
    pub scroll: usize,
}

/// The search prompt and its results.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// What was typed.
    pub query: String,
    /// Which sentences it looks at.
    pub scope: Scope,
    /// The latest request sent.
    pub generation: u64,
    /// The results shown (the best so far while a newer search runs).
    pub hits: Vec<Hit>,
    /// How many sentences matched in all (may exceed the hits listed).
    pub total: usize,
    /// The chosen result in the list.
    pub selected: usize,
    /// True while a search for the current query is under way.
    pub pending: bool,
    /// True while hits are highlighted in the panes (prompt open, or after a jump).
    pub active: bool,
    /// Hit index by sentence, for highlighting.
    pub by_sentence: HashMap<SentenceRef, usize>,
    /// Number of hits per article.
    pub per_article: Vec<usize>,
    /// Why the latest search failed, if it did.
    pub error: Option<String>,
}

/// The claims view's versions wrapped to its text width, computed in `update`, read by drawing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimWraps {
    /// The text width in cells the versions were wrapped to.
    pub width: usize,
    /// Per claim (index into `Analysis::claims`), per member: byte ranges of its rows.
    pub rows: Vec<Vec<Vec<Range<usize>>>>,
}

/// Columns of the claims view for the width inside its border: the source label's width and
/// the text's width.
pub fn claim_columns(inner_width: usize) -> (usize, usize) {
    let source = CLAIM_SOURCE_WIDTH.min(inner_width / 4);
    (source, inner_width.saturating_sub(source + 3).max(1))
}

/// Width inside the border of the claims and facts views on a screen `screen_width` wide.
pub fn overlay_inner_width(screen_width: u16) -> u16 {
    screen_width.saturating_sub(4).saturating_sub(2)
}

/// The reader's whole state.
#[derive(Debug)]
pub struct App {
    /// The loaded articles.
    pub corpus: Arc<Corpus>,
    /// What the keys drive.
    pub mode: Mode,
    /// One per article.
    pub panes: Vec<Pane>,
    /// The focused article.
    pub focus: usize,
    /// The leftmost article shown.
    pub first: usize,
    /// Boilerplate is shown (dimmed).
    pub show_boilerplate: bool,
    /// Only sentences unique to their source are shown.
    pub unique_only: bool,
    /// No colours, only bold, reverse, underline and dim (`NO_COLOR`).
    pub no_color: bool,
    /// Where things are on screen.
    pub layout: ScreenLayout,
    /// Wrapped rows per article, for the widths last shown.
    pub wraps: Vec<Option<Wrapped>>,
    /// The claims analysis, once done.
    pub analysis: Option<Arc<Analysis>>,
    /// Progress of the claims engine while it runs.
    pub claims_progress: Option<f32>,
    /// Why the claims engine failed, if it did.
    pub claims_error: Option<String>,
    /// Chosen claim in the claims view (index into `claim_order`).
    pub claims_selected: usize,
    /// Claims by source count, most first.
    pub claim_order: Vec<usize>,
    /// Per claim, per member: byte ranges of the words that differ from the claim's other
    /// version, marked in the claims view (computed once, when the analysis arrives).
    pub claim_marks: Vec<Vec<Vec<Range<usize>>>>,
    /// The claims view's versions wrapped to its width.
    pub claim_wraps: ClaimWraps,
    /// Chosen fact in the facts view.
    pub facts_selected: usize,
    /// Search state.
    pub search: Search,
    /// Set when the reader should close.
    pub quit: bool,
}

impl App {
    /// A reader over `corpus`; nothing is drawn until the first [`Action::Resize`].
    pub fn new(corpus: Corpus, no_color: bool) -> App {
        let n = corpus.articles.len();
        let mut app = App {
            corpus: Arc::new(corpus),
            mode: Mode::Normal,
            panes: vec![Pane::default(); n],
            focus: 0,
            first: 0,
            show_boilerplate: false,
            unique_only: false,
            no_color,
            layout: ScreenLayout {
                too_small: true,
                ..ScreenLayout::default()
            },
            wraps: vec![None; n],
            analysis: None,
            claims_progress: Some(0.0),
            claims_error: None,
            claims_selected: 0,
            claim_order: Vec::new(),
            claim_marks: Vec::new(),
            claim_wraps: ClaimWraps::default(),
            facts_selected: 0,
            search: Search {
                per_article: vec![0; n],
                ..Search::default()
            },
            quit: false,
        };
        for a in 0..n {
            app.panes[a].cursor = app.first_visible(a).unwrap_or(0);
        }
        app
    }

    /// The loaded articles.
    pub fn articles(&self) -> &[Article] {
        &self.corpus.articles
    }

    /// Applies one action; returns work to start in the background, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        use Action as A;
        match (self.mode, action) {
            (_, A::Quit) => self.quit = true,
            (_, A::Resize { width, height }) => {
                self.layout.screen = Rect::new(0, 0, width, height);
                self.relayout();
            }
            (_, A::ClaimsProgress(f)) if self.analysis.is_none() => {
                self.claims_progress = Some(f.clamp(0.0, 1.0));
            }
            (_, A::ClaimsProgress(_)) => {}
            (_, A::ClaimsReady(Shared(analysis))) => return self.set_analysis(analysis),
            (_, A::ClaimsFailed(why)) => {
                self.claims_progress = None;
                self.claims_error = Some(why);
            }
            (
                _,
                A::SearchResults {
                    generation,
                    results,
                },
            ) => self.set_results(generation, results),
            (_, A::SearchFailed(why)) => {
                self.set_results(self.search.generation, Results::default());
                self.search.pending = false;
                self.search.error = Some(why);
            }

            // Below the minimum size nothing is shown, so keys and the mouse change nothing
            // (but quitting).
            _ if self.layout.too_small => {}

            (Mode::Help, _) => self.mode = Mode::Normal,

            (Mode::Claims | Mode::Facts, A::CloseOverlay) => self.mode = Mode::Normal,
            (Mode::Claims, A::Down) => {
                self.claims_selected = step(self.claims_selected, 1, self.claim_order.len())
            }
            (Mode::Claims, A::Up) => {
                self.claims_selected = step(self.claims_selected, -1, self.claim_order.len())
            }
            (Mode::Claims, A::PageDown | A::HalfPageDown) => {
                self.claims_selected = step(self.claims_selected, 5, self.claim_order.len())
            }
            (Mode::Claims, A::PageUp | A::HalfPageUp) => {
                self.claims_selected = step(self.claims_selected, -5, self.claim_order.len())
            }
            (Mode::Claims, A::Top) => self.claims_selected = 0,
            (Mode::Claims, A::Bottom) => {
                self.claims_selected = self.claim_order.len().saturating_sub(1)
            }
            (Mode::Claims, A::Select) => {
                let claim = self.claim_order.get(self.claims_selected).copied();
                let member = claim.and_then(|c| {
                    let a = self.analysis.as_ref()?;
                    let claim = a.claims.get(c)?;
                    // Prefer the focused article's version, so the jump keeps the reader's place.
                    claim
                        .members
                        .iter()
                        .find(|m| m.article == self.focus)
                        .or(claim.members.first())
                        .copied()
                });
                self.mode = Mode::Normal;
                if let Some(m) = member {
                    self.jump_to(m);
                }
            }
            (Mode::Facts, A::Down) => {
                self.facts_selected = step(self.facts_selected, 1, self.fact_count())
            }
            (Mode::Facts, A::Up) => {
                self.facts_selected = step(self.facts_selected, -1, self.fact_count())
            }
            (Mode::Facts, A::PageDown | A::HalfPageDown) => {
                self.facts_selected = step(self.facts_selected, 5, self.fact_count())
            }
            (Mode::Facts, A::PageUp | A::HalfPageUp) => {
                self.facts_selected = step(self.facts_selected, -5, self.fact_count())
            }
            (Mode::Facts, A::Top) => self.facts_selected = 0,
            (Mode::Facts, A::Bottom) => self.facts_selected = self.fact_count().saturating_sub(1),
            (Mode::Facts, A::Select) => {
                let at = self.analysis.as_ref().and_then(|a| {
                    let fact = a.facts.get(self.facts_selected)?;
                    fact.values
                        .iter()
                        .find(|v| v.at.article == self.focus)
                        .or(fact.values.first())
                        .map(|v| v.at)
                });
                self.mode = Mode::Normal;
                if let Some(at) = at {
                    self.jump_to(at);
                }
            }

            (Mode::Search, A::SearchInput(c)) => {
                self.search.query.push(c);
                return self.start_search();
            }
            (Mode::Search, A::SearchBackspace) => {
                self.search.query.pop();
                return self.start_search();
            }
            (Mode::Search, A::SearchClear) => {
                self.search.query.clear();
                return self.start_search();
            }
            (Mode::Search, A::SearchScope) => {
                self.search.scope = match self.search.scope {
                    Scope::All => Scope::Quotes,
                    Scope::Quotes => Scope::Claims,
                    Scope::Claims => Scope::All,
                };
                return self.start_search();
            }
            (Mode::Search, A::SearchClose) => {
                self.mode = Mode::Normal;
                return self.clear_search();
            }
            (Mode::Search, A::Down) => {
                self.search.selected = step(self.search.selected, 1, self.search.hits.len())
            }
            (Mode::Search, A::Up) => {
                self.search.selected = step(self.search.selected, -1, self.search.hits.len())
            }
            (Mode::Search, A::Select) => {
                self.mode = Mode::Normal;
                if let Some(hit) = self.search.hits.get(self.search.selected) {
                    let at = SentenceRef {
                        article: hit.article,
                        sentence: hit.sentence,
                    };
                    self.jump_to(at);
                } else {
                    return self.clear_search();
                }
            }

            (Mode::Normal, action) => return self.update_normal(action),
            _ => {}
        }
        None
    }

    fn update_normal(&mut self, action: Action) -> Option<Effect> {
        use Action as A;
        match action {
            A::Back => {
                if self.search.active {
                    return self.clear_search();
                }
                self.quit = true;
            }
            A::Down => self.move_sentence(1),
            A::Up => self.move_sentence(-1),
            A::HalfPageDown => self.move_rows((self.page_height() / 2).max(1) as isize),
            A::HalfPageUp => self.move_rows(-((self.page_height() / 2).max(1) as isize)),
            A::PageDown => self.move_rows(self.page_height().max(1) as isize),
            A::PageUp => self.move_rows(-(self.page_height().max(1) as isize)),
            A::Top => {
                if let Some(s) = self.first_visible(self.focus) {
                    self.set_cursor(self.focus, s);
                }
            }
            A::Bottom => {
                if let Some(s) = self.last_visible(self.focus) {
                    self.set_cursor(self.focus, s);
                }
            }
            A::NextPane => self.set_focus((self.focus + 1) % self.panes.len().max(1)),
            A::PrevPane => {
                let n = self.panes.len().max(1);
                self.set_focus((self.focus + n - 1) % n)
            }
            A::Next => self.next_mark(true),
            A::Prev => self.next_mark(false),
            A::ToggleBoilerplate => {
                self.show_boilerplate = !self.show_boilerplate;
                self.refilter();
            }
            A::ToggleUnique => {
                self.unique_only = !self.unique_only;
                self.refilter();
            }
            A::OpenHelp => self.mode = Mode::Help,
            A::OpenClaims => self.mode = Mode::Claims,
            A::OpenFacts => self.mode = Mode::Facts,
            A::OpenSearch => {
                // A new search starts empty (the last one's highlights go with it).
                let effect = self.clear_search();
                self.mode = Mode::Search;
                self.search.active = true;
                return effect;
            }
            A::Scroll { column, row, lines } => {
                if let Some(p) = self.pane_at(column, row) {
                    self.scroll_pane(p, lines as isize * WHEEL_ROWS as isize);
                }
            }
            A::Click { column, row } => {
                if let Some(p) = self.pane_at(column, row) {
                    let pane = &self.layout.panes[p];
                    let article = pane.article;
                    let text = pane.text;
                    self.set_focus(article);
                    if row >= text.y && row < text.y + text.height {
                        let r = self.panes[article].scroll + (row - text.y) as usize;
                        if let Some(s) = self.wraps[article].as_ref().and_then(|w| w.sentence_at(r))
                        {
                            self.panes[article].cursor = s;
                            self.align();
                        }
                    }
                }
            }
            _ => {}
        }
        None
    }

    // ----- derived facts -------------------------------------------------------------------

    /// Rows of text a pane shows at once.
    pub fn page_height(&self) -> usize {
        self.layout
            .panes
            .first()
            .map_or(1, |p| p.text.height as usize)
    }

    fn fact_count(&self) -> usize {
        self.analysis.as_ref().map_or(0, |a| a.facts.len())
    }

    /// Whether a sentence is shown under the current filters.
    pub fn is_visible(&self, article: usize, sentence: usize) -> bool {
        visible(
            &self.corpus.articles[article],
            self.analysis.as_deref(),
            article,
            sentence,
            self.show_boilerplate,
            self.unique_only,
        )
    }

    fn first_visible(&self, a: usize) -> Option<usize> {
        (0..self.corpus.articles[a].sentences.len()).find(|&s| self.is_visible(a, s))
    }

    fn last_visible(&self, a: usize) -> Option<usize> {
        (0..self.corpus.articles[a].sentences.len())
            .rev()
            .find(|&s| self.is_visible(a, s))
    }

    /// The claims the sentence under the focused cursor belongs to.
    pub fn cursor_claims(&self) -> &[usize] {
        let Some(a) = self.analysis.as_deref() else {
            return &[];
        };
        let Some(pane) = self.panes.get(self.focus) else {
            return &[];
        };
        if !self.is_visible(self.focus, pane.cursor) {
            return &[];
        }
        a.claims_of(SentenceRef {
            article: self.focus,
            sentence: pane.cursor,
        })
    }

    /// Width of the claim badge column: wide enough for "n/n" and a space, once there are claims.
    pub fn gutter_width(&self) -> u16 {
        match &self.analysis {
            Some(a) if !a.claims.is_empty() => {
                let n = self.panes.len();
                (format!("{n}/{n}").len() + 1) as u16
            }
            _ => 0,
        }
    }

    /// Which panes are shown, as "first-last of total".
    pub fn window_label(&self) -> Option<String> {
        let shown = self.layout.panes.len();
        let total = self.panes.len();
        (shown < total && shown > 0)
            .then(|| format!("{}-{} of {}", self.first + 1, self.first + shown, total))
    }

    /// The slot of the pane under a cell.
    fn pane_at(&self, column: u16, row: u16) -> Option<usize> {
        self.layout.panes.iter().position(|p| {
            let r = p.area;
            column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
        })
    }

    // ----- layout and wrapping -------------------------------------------------------------

    /// Recomputes the layout from the screen size and the pane window, and wraps what shows.
    fn relayout(&mut self) {
        let screen = self.layout.screen;
        let n = self.panes.len();
        if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT || n == 0 {
            self.layout = ScreenLayout {
                too_small: true,
                screen,
                ..ScreenLayout::default()
            };
            return;
        }
        let fit = (screen.width / MIN_PANE_WIDTH).max(1) as usize;
        let shown = fit.min(n);
        if self.focus < self.first {
            self.first = self.focus;
        } else if self.focus >= self.first + shown {
            self.first = self.focus + 1 - shown;
        }
        self.first = self.first.min(n - shown);
        let body_height = screen.height - 1;
        let base = screen.width / shown as u16;
        let gutter = self.gutter_width();
        let mut panes = Vec::with_capacity(shown);
        for slot in 0..shown {
            let x = base * slot as u16;
            // The last pane takes the columns left over by the division.
            let width = if slot + 1 == shown {
                screen.width - x
            } else {
                base
            };
            let area = Rect::new(x, 0, width, body_height);
            let inner = Rect::new(
                x + 1,
                1,
                width.saturating_sub(2),
                body_height.saturating_sub(2),
            );
            let g = gutter.min(inner.width / 2);
            panes.push(PaneLayout {
                article: self.first + slot,
                area,
                gutter: Rect::new(inner.x, inner.y, g, inner.height),
                text: Rect::new(inner.x + g, inner.y, inner.width - g, inner.height),
            });
        }
        self.layout = ScreenLayout {
            too_small: false,
            screen,
            panes,
            status: Rect::new(0, screen.height - 1, screen.width, 1),
        };
        for p in 0..self.layout.panes.len() {
            let pl = &self.layout.panes[p];
            let (article, width) = (pl.article, pl.text.width);
            self.ensure_wrapped(article, width);
            self.keep_cursor_visible(article);
        }
        self.ensure_claims_wrapped();
        self.align();
    }

    /// Wraps every claim's versions to the claims view's text width, when that width changed.
    fn ensure_claims_wrapped(&mut self) {
        let Some(analysis) = self.analysis.as_deref() else {
            return;
        };
        let inner = overlay_inner_width(self.layout.screen.width) as usize;
        let (_, width) = claim_columns(inner);
        if self.claim_wraps.width == width && self.claim_wraps.rows.len() == analysis.claims.len() {
            return;
        }
        let articles = &self.corpus.articles;
        let rows = analysis
            .claims
            .iter()
            .map(|c| {
                c.members
                    .iter()
                    .map(|m| {
                        articles
                            .get(m.article)
                            .and_then(|a| a.sentences.get(m.sentence))
                            .map_or_else(Vec::new, |s| wrap::wrap_text(&s.text, width))
                    })
                    .collect()
            })
            .collect();
        self.claim_wraps = ClaimWraps { width, rows };
    }

    fn ensure_wrapped(&mut self, article: usize, width: u16) {
        if self.wraps[article]
            .as_ref()
            .is_some_and(|w| w.width == width)
        {
            return;
        }
        let a = &self.corpus.articles[article];
        let analysis = self.analysis.as_deref();
        let (bp, uniq) = (self.show_boilerplate, self.unique_only);
        let w = wrap::wrap_article(a, width, &|s| visible(a, analysis, article, s, bp, uniq));
        self.wraps[article] = Some(w);
    }

    /// Re-wraps after a change of filter, keeping each cursor on a shown sentence.
    fn refilter(&mut self) {
        self.wraps.iter_mut().for_each(|w| *w = None);
        for a in 0..self.panes.len() {
            let c = self.panes[a].cursor;
            if !self.is_visible(a, c) {
                let n = self.corpus.articles[a].sentences.len();
                let next = (c..n)
                    .find(|&s| self.is_visible(a, s))
                    .or_else(|| (0..c).rev().find(|&s| self.is_visible(a, s)));
                if let Some(s) = next {
                    self.panes[a].cursor = s;
                }
            }
        }
        self.relayout();
    }

    fn rows_of(&self, article: usize, sentence: usize) -> Option<Range<usize>> {
        self.wraps[article]
            .as_ref()?
            .sentence_rows
            .get(sentence)?
            .clone()
    }

    fn row_count(&self, article: usize) -> usize {
        self.wraps[article].as_ref().map_or(0, |w| w.rows.len())
    }

    // ----- moving --------------------------------------------------------------------------

    fn set_focus(&mut self, article: usize) {
        if article >= self.panes.len() {
            return;
        }
        self.focus = article;
        let shown: Vec<usize> = self.layout.panes.iter().map(|p| p.article).collect();
        if !shown.contains(&article) {
            self.relayout();
        } else {
            self.align();
        }
    }

    fn set_cursor(&mut self, article: usize, sentence: usize) {
        self.panes[article].cursor = sentence;
        self.keep_cursor_visible(article);
        if article == self.focus {
            self.align();
        }
    }

    fn move_sentence(&mut self, delta: isize) {
        let a = self.focus;
        let n = self.corpus.articles[a].sentences.len();
        let mut s = self.panes[a].cursor as isize;
        loop {
            s += delta.signum();
            if s < 0 || s >= n as isize {
                return;
            }
            if self.is_visible(a, s as usize) {
                self.set_cursor(a, s as usize);
                return;
            }
        }
    }

    /// Moves the view and the cursor by `delta` rows (half page, page).
    fn move_rows(&mut self, delta: isize) {
        let a = self.focus;
        let Some(rows) = self.rows_of(a, self.panes[a].cursor) else {
            return;
        };
        let total = self.row_count(a);
        let target =
            (rows.start as isize + delta).clamp(0, total.saturating_sub(1) as isize) as usize;
        let max_scroll = total.saturating_sub(self.page_height());
        let scroll = (self.panes[a].scroll as isize + delta).clamp(0, max_scroll as isize) as usize;
        self.panes[a].scroll = scroll;
        let sentence = self.wraps[a].as_ref().and_then(|w| {
            if delta > 0 {
                w.sentence_near(target)
            } else {
                w.sentence_at(target).or_else(|| w.sentence_near(target))
            }
        });
        if let Some(s) = sentence {
            self.set_cursor(a, s);
        }
    }

    /// Scrolls a pane by rows (the mouse wheel); the cursor stays on screen.
    fn scroll_pane(&mut self, slot: usize, delta: isize) {
        let a = self.layout.panes[slot].article;
        let max_scroll = self.row_count(a).saturating_sub(self.page_height());
        let scroll = (self.panes[a].scroll as isize + delta).clamp(0, max_scroll as isize) as usize;
        self.panes[a].scroll = scroll;
        let page = self.page_height();
        if let Some(rows) = self.rows_of(a, self.panes[a].cursor)
            && (rows.end <= scroll || rows.start >= scroll + page)
        {
            let w = self.wraps[a].as_ref();
            let s = if rows.end <= scroll {
                w.and_then(|w| w.sentence_near(scroll))
            } else {
                w.and_then(|w| {
                    (scroll..scroll + page).rev().find_map(|r| {
                        w.sentence_at(r).filter(|&s| {
                            w.sentence_rows[s]
                                .as_ref()
                                .is_some_and(|x| x.start >= scroll)
                        })
                    })
                })
            };
            if let Some(s) = s {
                self.panes[a].cursor = s;
            }
        }
        if a == self.focus {
            self.align();
        }
    }

    fn keep_cursor_visible(&mut self, article: usize) {
        let page = self.page_height().max(1);
        let Some(rows) = self.rows_of(article, self.panes[article].cursor) else {
            return;
        };
        let pane = &mut self.panes[article];
        if rows.start < pane.scroll {
            pane.scroll = rows.start;
        } else if rows.end > pane.scroll + page {
            pane.scroll = rows.end.saturating_sub(page).min(rows.start);
        }
        // Reveal the notices at the top when the cursor is on the first sentence.
        if pane.scroll > 0
            && self.wraps[article].as_ref().is_some_and(|w| {
                w.rows
                    .iter()
                    .take(pane.scroll)
                    .all(|r| !matches!(r, wrap::Row::Text { .. }))
            })
        {
            pane.scroll = 0;
        }
    }

    /// Scrolls the other panes so that their versions of the cursor's claim sit on its row.
    fn align(&mut self) {
        let claims = self.cursor_claims().to_vec();
        if claims.is_empty() {
            return;
        }
        let Some(analysis) = self.analysis.clone() else {
            return;
        };
        let f = self.focus;
        let Some(rows) = self.rows_of(f, self.panes[f].cursor) else {
            return;
        };
        let others: Vec<usize> = self
            .layout
            .panes
            .iter()
            .map(|p| p.article)
            .filter(|&a| a != f)
            .collect();
        let mut targets = Vec::new();
        for a in others {
            let member = claims.iter().find_map(|&c| {
                analysis
                    .claims
                    .get(c)?
                    .members
                    .iter()
                    .find(|m| m.article == a && self.is_visible(a, m.sentence))
            });
            if let Some(m) = member
                && let Some(r) = self.rows_of(a, m.sentence)
            {
                targets.push((a, r.start));
            }
        }
        // The shared row: the cursor's, raised (scrolling the focused pane on) when a version sits
        // too near the top of its article to come down to it.
        let mut screen_row = rows.start.saturating_sub(self.panes[f].scroll);
        if let Some(lowest) = targets.iter().map(|&(_, start)| start).min() {
            screen_row = screen_row.min(lowest);
        }
        self.panes[f].scroll = rows.start - screen_row;
        for (a, start) in targets {
            self.panes[a].scroll = start - screen_row;
        }
    }

    /// Moves the cursor to `at`, showing it even if filtered out, and focuses its pane.
    fn jump_to(&mut self, at: SentenceRef) {
        let Some(n) = self
            .corpus
            .articles
            .get(at.article)
            .map(|a| a.sentences.len())
        else {
            return;
        };
        if at.sentence >= n {
            return;
        }
        if !self.is_visible(at.article, at.sentence) {
            self.unique_only = false;
            if self.corpus.articles[at.article].sentences[at.sentence]
                .boilerplate
                .is_some()
            {
                self.show_boilerplate = true;
            }
            self.refilter();
        }
        self.focus = at.article;
        self.panes[at.article].cursor = at.sentence;
        self.relayout();
        // Put the target near the top third, so what follows it is on screen too.
        let page = self.page_height();
        if let Some(rows) = self.rows_of(at.article, at.sentence) {
            let scroll = rows.start.saturating_sub(page / 3);
            self.panes[at.article].scroll = scroll;
            self.keep_cursor_visible(at.article);
        }
        self.align();
    }

    /// `n`/`N`: the next search hit in the panes when a search is active, else the next claim
    /// sentence in the focused pane.
    fn next_mark(&mut self, forward: bool) {
        let f = self.focus;
        let cur = self.panes[f].cursor;
        if self.search.active && !self.search.hits.is_empty() {
            let mut marks: Vec<SentenceRef> = self
                .search
                .hits
                .iter()
                .map(|h| SentenceRef {
                    article: h.article,
                    sentence: h.sentence,
                })
                .collect();
            marks.sort();
            let here = SentenceRef {
                article: f,
                sentence: cur,
            };
            let target = if forward {
                marks.iter().find(|m| **m > here).or(marks.first())
            } else {
                marks.iter().rev().find(|m| **m < here).or(marks.last())
            };
            if let Some(&t) = target {
                self.jump_to(t);
            }
            return;
        }
        let Some(analysis) = self.analysis.clone() else {
            return;
        };
        let n = self.corpus.articles[f].sentences.len();
        let is_claim = |s: usize| {
            !analysis
                .claims_of(SentenceRef {
                    article: f,
                    sentence: s,
                })
                .is_empty()
        };
        let order: Vec<usize> = if forward {
            (cur + 1..n).chain(0..cur).collect()
        } else {
            (0..cur).rev().chain((cur + 1..n).rev()).collect()
        };
        if let Some(s) = order
            .into_iter()
            .find(|&s| is_claim(s) && self.is_visible(f, s))
        {
            self.set_cursor(f, s);
        }
    }

    // ----- results from workers ------------------------------------------------------------

    fn set_analysis(&mut self, analysis: Arc<Analysis>) -> Option<Effect> {
        let mut order: Vec<usize> = (0..analysis.claims.len()).collect();
        order.sort_by_key(|&c| std::cmp::Reverse(analysis.claims[c].sources));
        self.claim_order = order;
        self.claim_marks = claim_marks(&self.corpus.articles, &analysis);
        self.claim_wraps = ClaimWraps::default();
        self.claims_selected = 0;
        self.facts_selected = 0;
        self.analysis = Some(analysis);
        self.claims_progress = None;
        // The gutter appears and the unique filter now means something: wrap again.
        self.refilter();
        // A search scoped to quotes or claims could not be answered before: ask again.
        if self.search.active && self.search.scope != Scope::All && !self.search.query.is_empty() {
            return self.start_search();
        }
        None
    }

    fn start_search(&mut self) -> Option<Effect> {
        self.search.generation += 1;
        self.search.error = None;
        if self.search.query.trim().is_empty() {
            self.set_results(self.search.generation, Results::default());
            return Some(Effect::CancelSearch);
        }
        self.search.pending = true;
        Some(Effect::Search(SearchRequest {
            generation: self.search.generation,
            query: self.search.query.clone(),
            scope: self.search.scope,
            analysis: self.analysis.clone(),
        }))
    }

    fn set_results(&mut self, generation: u64, results: Results) {
        if generation != self.search.generation {
            return;
        }
        self.search.pending = !results.complete;
        self.search.by_sentence.clear();
        for (i, h) in results.hits.iter().enumerate() {
            self.search
                .by_sentence
                .entry(SentenceRef {
                    article: h.article,
                    sentence: h.sentence,
                })
                .or_insert(i);
        }
        self.search.per_article = results.per_article;
        self.search.per_article.resize(self.panes.len(), 0);
        self.search.total = results.total.max(results.hits.len());
        self.search.hits = results.hits;
        self.search.selected = self
            .search
            .selected
            .min(self.search.hits.len().saturating_sub(1));
    }

    fn clear_search(&mut self) -> Option<Effect> {
        self.search.generation += 1;
        self.search.error = None;
        self.search.query.clear();
        self.search.hits.clear();
        self.search.total = 0;
        self.search.by_sentence.clear();
        self.search.per_article = vec![0; self.panes.len()];
        self.search.selected = 0;
        self.search.pending = false;
        self.search.active = false;
        Some(Effect::CancelSearch)
    }
}

/// For each claim and member, the byte ranges of its words that the claim's representative
/// version lacks (none for the representative itself), as the report marks them.
fn claim_marks(articles: &[Article], analysis: &Analysis) -> Vec<Vec<Vec<Range<usize>>>> {
    let text = |at: SentenceRef| {
        articles
            .get(at.article)
            .and_then(|a| a.sentences.get(at.sentence))
            .map_or("", |s| s.text.as_str())
    };
    analysis
        .claims
        .iter()
        .map(|c| {
            let base = text(c.representative);
            c.members
                .iter()
                .map(|&m| {
                    if m == c.representative {
                        Vec::new()
                    } else {
                        crate::claims::diff_ranges(base, text(m)).added().collect()
                    }
                })
                .collect()
        })
        .collect()
}

/// Moves a list selection by `delta`, within `0..len`.
fn step(current: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (current as isize + delta).clamp(0, len as isize - 1) as usize
}

/// Whether a sentence is shown: boilerplate only on request, and only unique sentences under the
/// unique filter.
fn visible(
    article: &Article,
    analysis: Option<&Analysis>,
    a: usize,
    s: usize,
    show_boilerplate: bool,
    unique_only: bool,
) -> bool {
    let Some(sentence) = article.sentences.get(s) else {
        return false;
    };
    if sentence.boilerplate.is_some() && !show_boilerplate {
        return false;
    }
    if unique_only
        && let Some(an) = analysis
        && !an
            .claims_of(SentenceRef {
                article: a,
                sentence: s,
            })
            .is_empty()
    {
        return false;
    }
    true
}
