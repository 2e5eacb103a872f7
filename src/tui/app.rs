//! The reader's state: the corpus, a reading position per article, the focus and the filters,
//! the claims findings and the overlays. [`App::update`] is the only place state changes.
//!
//! Everything the screen shows is derived from [`App`]: the wrapped rows of each pane shown
//! (cached per width), the layout (computed here on resize, so mouse hit-testing never depends
//! on drawing), the findings and the search results. Slow work (claims, index, search) runs in
//! the [`crate::tui::workers`] and comes back as actions; `update` asks for it through
//! the [`Effect`]s it returns.

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::claims::Analysis;
use crate::corpus::{Article, Corpus, SentenceRef};
use crate::output::cite::{self, CiteStyle};
use crate::output::export::Marked;
use crate::tui::action::{Action, Effect, Mode, Shared};
use crate::tui::keymap::Keymap;
use crate::tui::layout::{self, Layout};
use crate::tui::list::List;
use crate::tui::marks::{self, ExportPrompt, Exported, MarkKey, Marks};
use crate::tui::search::SearchPrompt;
use crate::tui::stories::{Grouping, Stories};
use crate::tui::theme::Theme;
use crate::tui::workers::{self, Findings};
use crate::tui::wrap::{Pos, Row, Wrapped};

/// Rows the mouse wheel scrolls per notch.
pub const WHEEL_ROWS: usize = 3;

/// Per-article reading position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Pane {
    /// The sentence under the cursor.
    cursor: usize,
    /// The first row shown, anchored on a sentence (so a re-wrap keeps the place, and moving
    /// far costs what is shown).
    top: Pos,
}

/// Where the claims engine stands.
#[derive(Debug, Clone)]
pub enum Claims {
    /// Running: the fraction done.
    Running(f32),
    /// Done.
    Ready(Arc<Findings>),
    /// It failed (panicked): why. The reader goes on without claims.
    Failed(String),
    /// Not run: why.
    Off(&'static str),
}

/// The reader's whole state.
#[derive(Debug)]
pub struct App {
    corpus: Arc<Corpus>,
    mode: Mode,
    /// The page of the help overlay asked for (the view shows the last one when it has fewer).
    help_page: usize,
    panes: Vec<Pane>,
    focus: usize,
    /// The leftmost article shown.
    first: usize,
    show_boilerplate: bool,
    unique_only: bool,
    no_color: bool,
    layout: Layout,
    /// Wrapped rows per article, for the widths last shown.
    wraps: Vec<Option<Wrapped>>,
    /// The rows each shown pane shows (empty for the articles not shown), made by `update`
    /// so that drawing only reads them.
    windows: Vec<Vec<Row>>,
    claims: Claims,
    /// Which of the cursor sentence's claims is under focus (an index into its claims), and
    /// the sentence it was chosen on: moving the cursor elsewhere goes back to the first.
    claim_turn: Option<(SentenceRef, usize)>,
    /// The chosen claim in the claims view (claims come most sources first).
    claims_list: List,
    facts_list: List,
    /// The chosen quote in the quotes view (in its order: by speaker).
    quotes_list: List,
    search: SearchPrompt,
    /// The keys (defaults with the config's changes); the help and hints are drawn from it.
    keymap: Arc<Keymap>,
    /// A short message in the status bar ("copied ..."), until the next key.
    notice: Option<String>,
    quit: bool,
    /// The story list, and the story open in the panes.
    stories: Stories,
    /// The articles shown as panes, in pane order: all of them, or the open story's.
    shown: Vec<usize>,
    /// Panes ordered by publication time rather than load order.
    timeline: bool,
    /// What the reader marked, kept across stories.
    marks: Marks,
    /// The export prompt's path and format.
    export: ExportPrompt,
    /// The styles and symbols the screen is drawn with.
    theme: Theme,
}

impl App {
    /// A reader over `corpus`; nothing is drawn until the first [`Action::Resize`].
    pub fn new(corpus: Arc<Corpus>, no_color: bool) -> App {
        let n = corpus.articles.len();
        let claims = match workers::claims_off(&corpus) {
            Some(why) => Claims::Off(why),
            None => Claims::Running(0.0),
        };
        let mut app = App {
            corpus,
            mode: Mode::Normal,
            help_page: 0,
            panes: vec![Pane::default(); n],
            focus: 0,
            first: 0,
            show_boilerplate: false,
            unique_only: false,
            no_color,
            layout: Layout {
                too_small: true,
                ..Layout::default()
            },
            wraps: vec![None; n],
            windows: vec![Vec::new(); n],
            claims,
            claim_turn: None,
            claims_list: List::default(),
            facts_list: List::default(),
            quotes_list: List::default(),
            search: SearchPrompt::new(n),
            keymap: Arc::new(Keymap::default()),
            notice: None,
            quit: false,
            stories: Stories::new(Grouping::Off),
            shown: (0..n).collect(),
            timeline: false,
            marks: Marks::default(),
            export: ExportPrompt::default(),
            theme: Theme::new(no_color),
        };
        for a in 0..n {
            app.panes[a].cursor = app.first_visible(a).unwrap_or(0);
        }
        app
    }

    /// A reader that first groups the articles into stories (the workers'
    /// [`Action::StoriesReady`]): the story list shows meanwhile, and stays the first screen
    /// when there is more than one story; one story opens its panes directly.
    pub fn with_stories(corpus: Arc<Corpus>, no_color: bool) -> App {
        let mut app = App::new(corpus, no_color);
        if app.corpus.articles.len() > 1 {
            app.stories = Stories::new(Grouping::Running);
            app.mode = Mode::Stories;
        }
        app
    }

    /// The same reader with these keys (from the config file).
    pub fn with_keymap(mut self, keymap: Keymap) -> App {
        self.keymap = Arc::new(keymap);
        self
    }

    /// The same reader drawn with this theme (from the config, the flags and the terminal).
    pub fn with_theme(mut self, theme: Theme) -> App {
        self.theme = theme;
        self
    }

    // ----- what the view reads -------------------------------------------------------------

    /// The story list and the open story.
    pub fn stories(&self) -> &Stories {
        &self.stories
    }

    /// True when the story list is the screen (no story open while there is a list).
    pub fn on_story_list(&self) -> bool {
        self.stories.listed() && self.stories.open().is_none()
    }

    /// The articles shown as panes, in pane order.
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// The panes are ordered by publication time.
    pub fn timeline(&self) -> bool {
        self.timeline
    }

    /// The denominator of the claim badges: the open story's sources, or every article when
    /// the reader was made for one story.
    pub fn badge_total(&self) -> usize {
        self.stories
            .open()
            .map_or(self.shown.len(), |e| e.story.source_count())
    }

    /// The keys, for turning events into actions and for the help and hints.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The status bar's short message, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The loaded corpus.
    pub fn corpus(&self) -> &Arc<Corpus> {
        &self.corpus
    }

    /// The loaded articles.
    pub fn articles(&self) -> &[Article] {
        &self.corpus.articles
    }

    /// The page of the help overlay asked for.
    pub fn help_page(&self) -> usize {
        self.help_page
    }

    /// What the keys currently drive.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The focused article.
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// The sentence under an article's cursor.
    pub fn cursor(&self, article: usize) -> usize {
        self.panes.get(article).map_or(0, |p| p.cursor)
    }

    /// Where an article is read: the cursor's sentence and the pane's top row.
    pub fn place(&self, article: usize) -> Option<(usize, Pos)> {
        self.panes.get(article).map(|p| (p.cursor, p.top))
    }

    /// Reads an article from `place` on (as [`App::place`] gave it, from a reader over the
    /// same article, or its first part): the cursor stays on a shown sentence.
    pub fn set_place(&mut self, article: usize, place: (usize, Pos)) {
        let Some(n) = self.corpus.articles.get(article).map(|a| a.sentences.len()) else {
            return;
        };
        let (cursor, top) = place;
        if cursor < n && self.is_visible(article, cursor) {
            self.panes[article].cursor = cursor;
            self.panes[article].top = top;
            self.keep_cursor_visible(article);
            self.fill_panes();
        }
    }

    /// The rows an article's pane shows, top to bottom (none when it is not shown).
    pub fn pane_rows(&self, article: usize) -> &[Row] {
        self.windows.get(article).map_or(&[], Vec::as_slice)
    }

    /// The row of an article's pane (0: its top text row) where a sentence's first line shows,
    /// when it shows there.
    pub fn row_on_screen(&self, article: usize, sentence: usize) -> Option<usize> {
        self.pane_rows(article)
            .iter()
            .position(|r| matches!(r, Row::Text { sentence: s, first: true, .. } if *s == sentence))
    }

    /// Boilerplate is shown (dimmed).
    pub fn show_boilerplate(&self) -> bool {
        self.show_boilerplate
    }

    /// Only sentences unique to their source are shown.
    pub fn unique_only(&self) -> bool {
        self.unique_only
    }

    /// No colours, only bold, reverse, underline and dim (`NO_COLOR`).
    pub fn no_color(&self) -> bool {
        self.no_color
    }

    /// The styles and symbols the screen is drawn with.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Where things are on screen for the size last reported.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// An article's wrapped rows, when its pane is shown.
    pub fn wrapped(&self, article: usize) -> Option<&Wrapped> {
        self.wraps.get(article)?.as_ref()
    }

    /// Where the claims engine stands.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// The findings, once the claims engine is done.
    pub fn findings(&self) -> Option<&Findings> {
        match &self.claims {
            Claims::Ready(f) => Some(f),
            _ => None,
        }
    }

    /// The claims analysis, once the claims engine is done.
    pub fn analysis(&self) -> Option<&Arc<Analysis>> {
        self.findings().map(|f| &f.analysis)
    }

    /// The chosen claim of the claims view.
    pub fn chosen_claim(&self) -> usize {
        self.claims_list.selected()
    }

    /// The chosen fact of the facts view.
    pub fn chosen_fact(&self) -> usize {
        self.facts_list.selected()
    }

    /// What the reader marked.
    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    /// The export prompt.
    pub fn export_prompt(&self) -> &ExportPrompt {
        &self.export
    }

    /// The chosen quote of the quotes view, by its row in the view's order.
    pub fn chosen_quote(&self) -> usize {
        self.quotes_list.selected()
    }

    /// The search prompt and its results.
    pub fn search(&self) -> &SearchPrompt {
        &self.search
    }

    /// Set when the reader should close.
    pub fn quit(&self) -> bool {
        self.quit
    }

    // ----- update --------------------------------------------------------------------------

    /// Applies one action; returns work to start in the background, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if is_input(&action) {
            self.notice = None;
        }
        let effect = self.apply(action);
        // The turn among the cursor sentence's claims is forgotten once the cursor leaves it.
        if self
            .claim_turn
            .is_some_and(|(on, _)| Some(on) != self.cursor_sentence())
        {
            self.claim_turn = None;
        }
        self.fill_panes();
        effect
    }

    /// Makes the rows each shown pane shows, so drawing finds them (and nothing else).
    fn fill_panes(&mut self) {
        let page = self.page_height();
        self.windows.iter_mut().for_each(Vec::clear);
        for slot in 0..self.layout.panes.len() {
            let a = self.layout.panes[slot].article;
            let top = self.panes[a].top;
            let Some((w, article)) = self.wrap_of(a) else {
                continue;
            };
            let top = w.normalize(article, top);
            let rows = w.rows_from(article, top, page);
            self.panes[a].top = top;
            self.windows[a] = rows;
        }
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        use Action as A;
        match (self.mode, action) {
            (_, A::Quit) => self.quit = true,
            (_, A::Suspend) => return Some(Effect::Suspend),
            (_, A::Resize { width, height }) => {
                self.layout.screen = Rect::new(0, 0, width, height);
                self.relayout();
            }
            (_, A::ClaimsProgress(f)) => {
                if let Claims::Running(p) = &mut self.claims {
                    *p = f.clamp(0.0, 1.0);
                }
            }
            (_, A::ClaimsReady(Shared(findings))) => return self.set_findings(findings),
            (_, A::ClaimsFailed(why)) => self.claims = Claims::Failed(why),
            (_, A::StoriesReady(Shared(stories))) => return self.stories_ready(&stories),
            (_, A::StoriesFailed(why)) => return self.stories_failed(why),
            (_, A::StoryAnalysed { story, findings }) => {
                self.stories.analysed(story, findings.0.clone());
                if story == self.open_id() {
                    return self.set_findings(findings.0);
                }
            }
            (_, A::StoryProgress { story, fraction }) => {
                if let (true, Claims::Running(p)) = (story == self.open_id(), &mut self.claims) {
                    *p = fraction.clamp(0.0, 1.0);
                }
            }
            (
                _,
                A::SearchResults {
                    generation,
                    results,
                },
            ) => self.search.set_results(generation, results),
            (_, A::SearchFailed(why)) => self.search.failed(why),
            (_, A::Notify(message)) => self.notice = Some(message),
            (_, A::Exported(outcome)) => self.exported(outcome),

            // Below the minimum size nothing is shown, so keys and the mouse change nothing
            // (but quitting).
            _ if self.layout.too_small => {}

            (Mode::Help, A::PageDown) => self.help_page += 1,
            (Mode::Help, A::PageUp) => self.help_page = self.help_page.saturating_sub(1),
            (Mode::Help, _) => self.mode = self.home(),

            (Mode::Stories, A::Select) => {
                if self.stories.open_chosen().is_some() {
                    return self.open_story(0);
                }
            }
            (Mode::Stories, A::SortStories) => self.stories.toggle_sort(),
            (Mode::Stories, A::OpenHelp) => self.mode = Mode::Help,
            (Mode::Stories, A::OpenSearch) => {
                self.mode = Mode::Search;
                return Some(self.search.open());
            }
            (Mode::Stories, A::Paste(text)) => {
                self.mode = Mode::Search;
                self.search.open();
                return Some(self.search.type_text(&text, None));
            }
            // Esc backs out of a story and its search; on the list it stops (q quits), so a
            // second Esc pressed to leave a story does not end the reader.
            (Mode::Stories, A::Back) => {}
            (Mode::Stories, A::Scroll { lines, .. }) => {
                let step = if lines > 0 { A::Down } else { A::Up };
                for _ in 0..lines.unsigned_abs() {
                    self.stories.list.navigate(&step, self.stories.len());
                }
            }
            (Mode::Stories, A::Click { row, .. }) => {
                // A click chooses a story; a click on the chosen one opens it.
                let n = self.stories.len();
                match self.stories.row_at(self.layout.body, row) {
                    Some(r)
                        if r == self.stories.list.selected()
                            && self.stories.open_chosen().is_some() =>
                    {
                        return self.open_story(0);
                    }
                    Some(r) => self.stories.list.select(r.min(n.saturating_sub(1))),
                    None => {}
                }
            }
            (Mode::Stories, action) => {
                let n = self.stories.len();
                self.stories.list.navigate(&action, n);
            }

            (Mode::MoveTo, A::Select) => {
                let to = self
                    .stories
                    .picker_rows()
                    .get(self.stories.picker.selected())
                    .map(|e| e.id);
                self.mode = Mode::Normal;
                if let Some(to) = to {
                    return self.move_focused(Some(to));
                }
            }
            (Mode::MoveTo, A::CloseOverlay) => self.mode = Mode::Normal,
            (Mode::MoveTo, action) => {
                let n = self.stories.len().saturating_sub(1);
                self.stories.picker.navigate(&action, n);
            }

            (Mode::Normal | Mode::Claims | Mode::Facts | Mode::Quotes, A::ToggleMark) => {
                self.toggle_mark()
            }
            (Mode::Normal | Mode::Claims | Mode::Facts | Mode::Quotes, A::OpenExport) => {
                self.open_export()
            }
            (Mode::Normal, A::ClearMarks) => {
                let n = self.marks.clear();
                self.notice = Some(format!("cleared {}", marks::marks(n)));
            }
            (Mode::Export, A::ExportInput(c)) => self.export.type_text(&c.to_string()),
            (Mode::Export, A::Paste(text)) => self.export.type_text(&text),
            (Mode::Export, A::ExportBackspace) => self.export.backspace(),
            (Mode::Export, A::ExportClear) => self.export.clear(),
            (Mode::Export, A::ExportFormat) => self.export.toggle_format(),
            (Mode::Export, A::Select) => {
                return Some(Effect::Export(self.export.job(&self.marks, false)));
            }
            (Mode::Export, A::CloseOverlay) => self.mode = self.export.back(),
            (Mode::Export, _) => {}
            // Only a yes overwrites; a no goes back to the path.
            (Mode::Overwrite, A::Select) => {
                return Some(Effect::Export(self.export.job(&self.marks, true)));
            }
            (Mode::Overwrite, A::CloseOverlay) => {
                self.mode = Mode::Export;
                self.notice = Some(format!("kept {}", self.export.path()));
            }
            (Mode::Overwrite, _) => {}
            (Mode::Claims | Mode::Facts | Mode::Copy | Mode::Quotes, A::CloseOverlay) => {
                self.mode = Mode::Normal
            }
            (Mode::Quotes, A::Select) => {
                self.mode = Mode::Normal;
                let at = self.findings().and_then(|f| {
                    let group = f
                        .analysis
                        .quotes
                        .get(f.quotes.group_at(self.chosen_quote())?)?;
                    // The focused article's variant keeps the reader's place.
                    group
                        .variants
                        .iter()
                        .find(|v| v.at.article == self.focus)
                        .or(group.variants.first())
                        .map(|v| v.at)
                });
                if let Some(at) = at {
                    self.jump_to(at);
                }
            }
            (Mode::Quotes, action) => {
                let n = self.findings().map_or(0, |f| f.quotes.len());
                self.quotes_list.navigate(&action, n);
            }
            (Mode::Copy, A::CopyPlain) => return self.copy(CiteStyle::Plain),
            (Mode::Copy, A::CopyMarkdown) => return self.copy(CiteStyle::Markdown),
            (Mode::Copy, _) => {}
            (Mode::Claims, A::Select) => {
                self.mode = Mode::Normal;
                let c = self.claims_list.selected();
                let member = self.analysis().and_then(|a| {
                    let claim = a.claims.get(c)?;
                    // Prefer the focused article's version, so the jump keeps the reader's place.
                    let sentence = a.member_in(c, self.focus).map(|sentence| SentenceRef {
                        article: self.focus,
                        sentence,
                    });
                    let here = self
                        .cursor_sentence()
                        .filter(|at| claim.members.contains(at));
                    here.or(sentence).or(claim.members.first().copied())
                });
                if let Some(m) = member {
                    self.jump_to(m);
                    // The chosen claim is the one under focus there.
                    let turn = self
                        .analysis()
                        .and_then(|a| a.claims_of(m).iter().position(|&x| x == c));
                    if let Some(k) = turn {
                        self.claim_turn = Some((m, k));
                        self.align();
                    }
                }
            }
            (Mode::Claims, action) => {
                let n = self.analysis().map_or(0, |a| a.claims.len());
                self.claims_list.navigate(&action, n);
            }
            (Mode::Facts, A::Select) => {
                self.mode = Mode::Normal;
                let at = self.analysis().and_then(|a| {
                    let fact = a.facts.get(self.facts_list.selected())?;
                    fact.values
                        .iter()
                        .find(|v| v.at.article == self.focus)
                        .or(fact.values.first())
                        .map(|v| v.at)
                });
                if let Some(at) = at {
                    self.jump_to(at);
                }
            }
            (Mode::Facts, action) => {
                let n = self.analysis().map_or(0, |a| a.facts.len());
                self.facts_list.navigate(&action, n);
            }

            (Mode::Search, A::SearchInput(c)) => {
                let analysis = self.analysis().cloned();
                return Some(self.search.type_text(&c.to_string(), analysis.as_ref()));
            }
            (Mode::Search, A::Paste(text)) => {
                let analysis = self.analysis().cloned();
                return Some(self.search.type_text(&text, analysis.as_ref()));
            }
            (Mode::Search, A::SearchBackspace) => {
                let analysis = self.analysis().cloned();
                return Some(self.search.backspace(analysis.as_ref()));
            }
            (Mode::Search, A::SearchClear) => {
                let analysis = self.analysis().cloned();
                return Some(self.search.clear_query(analysis.as_ref()));
            }
            (Mode::Search, A::SearchScope) => {
                let analysis = self.analysis().cloned();
                return Some(self.search.cycle_scope(analysis.as_ref()));
            }
            (Mode::Search, A::SearchClose) => {
                self.mode = self.home();
                return Some(self.search.clear());
            }
            (Mode::Search, A::Select) => {
                self.mode = self.home();
                match self.search.chosen() {
                    Some(hit) => {
                        let at = hit.at;
                        // From the story list, the hit's story opens with the cursor on it.
                        let mut effect = None;
                        if self.on_story_list() {
                            self.stories.open_article(at.article)?;
                            effect = self.open_story_keeping_search(0);
                        }
                        self.jump_to(at);
                        return effect;
                    }
                    None => return Some(self.search.clear()),
                }
            }
            (Mode::Search, action) => {
                let n = self.search.hits().len();
                self.search.list.navigate(&action, n);
            }

            (Mode::Normal, action) => return self.update_normal(action),
        }
        None
    }

    fn update_normal(&mut self, action: Action) -> Option<Effect> {
        use Action as A;
        match action {
            A::Back => {
                if self.search.active() {
                    return Some(self.search.clear());
                }
                if self.stories.listed() {
                    return self.back_to_list();
                }
                self.quit = true;
            }
            A::StoryList if self.stories.listed() => return self.back_to_list(),
            A::ToggleTimeline => {
                self.timeline = !self.timeline;
                self.stories.ensure_dates(&self.corpus.articles);
                self.shown = self.stories.pane_order(&self.shown, self.timeline);
                self.relayout();
            }
            A::MoveArticle if self.stories.len() > 1 => {
                self.stories.picker.reset();
                self.mode = Mode::MoveTo;
            }
            A::SplitArticle if self.stories.open().is_some() => return self.move_focused(None),
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
            A::NextPane => {
                let n = self.shown.len().max(1);
                let at = (self.focus_position() + 1) % n;
                self.set_focus(self.shown.get(at).copied().unwrap_or(0));
            }
            A::PrevPane => {
                let n = self.shown.len().max(1);
                let at = (self.focus_position() + n - 1) % n;
                self.set_focus(self.shown.get(at).copied().unwrap_or(0));
            }
            A::NextClaim => {
                if let (Some((k, n)), Some(at)) = (self.claim_turn(), self.cursor_sentence()) {
                    self.claim_turn = Some((at, (k + 1) % n));
                    self.align();
                }
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
            A::OpenHelp => {
                self.mode = Mode::Help;
                self.help_page = 0;
            }
            A::OpenCopyMenu => match self.cursor_sentence() {
                Some(_) => self.mode = Mode::Copy,
                None => self.notice = Some("nothing to copy here".into()),
            },
            A::OpenSource => {
                let url = self
                    .articles()
                    .get(self.focus)
                    .and_then(|a| a.url.as_deref());
                match source_to_open(url) {
                    Ok(url) => {
                        let url = url.to_string();
                        self.notice = Some(format!("opening {url}"));
                        return Some(Effect::Open(url));
                    }
                    Err(why) => self.notice = Some(why),
                }
            }
            A::OpenClaims => {
                // The view opens on the claim under focus, if any.
                self.mode = Mode::Claims;
                if let Some(c) = self.focused_claim() {
                    self.claims_list.select(c);
                }
            }
            A::OpenFacts => self.mode = Mode::Facts,
            A::OpenQuotes => self.mode = Mode::Quotes,
            A::OpenSearch => {
                // A new search starts empty (the last one's highlights go with it).
                self.mode = Mode::Search;
                return Some(self.search.open());
            }
            A::Paste(text) => {
                // Pasted text is a query, never keys: it opens the prompt with it.
                self.mode = Mode::Search;
                self.search.open();
                let analysis = self.analysis().cloned();
                return Some(self.search.type_text(&text, analysis.as_ref()));
            }
            A::Scroll { column, row, lines } => {
                if let Some(slot) = self.layout.pane_at(column, row) {
                    let article = self.layout.panes[slot].article;
                    self.scroll_pane(article, lines as isize * WHEEL_ROWS as isize);
                }
            }
            A::Click { column, row } => {
                if let Some(slot) = self.layout.pane_at(column, row) {
                    let pane = &self.layout.panes[slot];
                    let (article, text) = (pane.article, pane.text);
                    self.set_focus(article);
                    // The rows drawn are the ones the last update made.
                    let r = row.checked_sub(text.y).filter(|&r| r < text.height);
                    let clicked = r.and_then(|r| self.pane_rows(article).get(r as usize));
                    if let Some(&Row::Text { sentence, .. }) = clicked {
                        self.panes[article].cursor = sentence;
                        self.align();
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
        self.layout.page_height()
    }

    /// Whether a sentence is shown under the current filters.
    pub fn is_visible(&self, article: usize, sentence: usize) -> bool {
        let Some(a) = self.corpus.articles.get(article) else {
            return false;
        };
        visible(
            a,
            self.analysis().map(|a| &**a),
            article,
            sentence,
            self.show_boilerplate,
            self.unique_only,
        )
    }

    fn first_visible(&self, a: usize) -> Option<usize> {
        if let Some(w) = self.wraps.get(a).and_then(Option::as_ref) {
            return w.first_shown();
        }
        (0..self.corpus.articles[a].sentences.len()).find(|&s| self.is_visible(a, s))
    }

    fn last_visible(&self, a: usize) -> Option<usize> {
        if let Some(w) = self.wraps.get(a).and_then(Option::as_ref) {
            return w.last_shown();
        }
        (0..self.corpus.articles[a].sentences.len())
            .rev()
            .find(|&s| self.is_visible(a, s))
    }

    /// The claims the sentence under the focused cursor belongs to.
    pub fn cursor_claims(&self) -> &[usize] {
        match (self.analysis(), self.cursor_sentence()) {
            (Some(a), Some(at)) => a.claims_of(at),
            _ => &[],
        }
    }

    /// The sentence under the focused cursor, when it is shown.
    pub fn cursor_sentence(&self) -> Option<SentenceRef> {
        let pane = self.panes.get(self.focus)?;
        self.is_visible(self.focus, pane.cursor)
            .then_some(SentenceRef {
                article: self.focus,
                sentence: pane.cursor,
            })
    }

    /// The claim under focus: one of the cursor sentence's claims (the first, most sources
    /// first, until the reader turns to another), by index into the analysis' claims. It
    /// decides which words are highlighted and which versions the other panes line up on.
    pub fn focused_claim(&self) -> Option<usize> {
        let (k, _) = self.claim_turn()?;
        self.cursor_claims().get(k).copied()
    }

    /// Which of the cursor sentence's claims is under focus and how many it has: (0-based
    /// index, count); `None` when it has none.
    pub fn claim_turn(&self) -> Option<(usize, usize)> {
        let n = self.cursor_claims().len();
        if n == 0 {
            return None;
        }
        let at = self.cursor_sentence()?;
        let k = match self.claim_turn {
            Some((on, k)) if on == at => k % n,
            _ => 0,
        };
        Some((k, n))
    }

    /// The sentence of `article` that lines up with the focused cursor: the version of the
    /// focused claim there linked most strongly to the cursor sentence (else the claim's best
    /// member there), or, when the claim has none there, the sentence there linked most
    /// strongly to the cursor, so every source the badge counts is lined up. Shown ones only.
    pub fn aligned_in(&self, article: usize) -> Option<usize> {
        let analysis = self.analysis()?;
        let at = self.cursor_sentence()?;
        if article == at.article {
            return None;
        }
        self.focused_claim()
            .and_then(|c| analysis.aligned(c, at, article))
            .or_else(|| analysis.best_link_in(at, article))
            .filter(|&s| self.is_visible(article, s))
    }

    /// Width of the claim badge column: wide enough for "n/n" and a space, once there are claims.
    pub fn gutter_width(&self) -> u16 {
        match self.analysis() {
            Some(a) if !a.links.is_empty() || !a.claims.is_empty() => {
                let n = self.badge_total();
                (format!("{n}/{n}").len() + 1) as u16
            }
            _ => 0,
        }
    }

    /// The layout for a screen of this size (the size a frame really has may differ from the
    /// one last reported while a resize is on its way).
    pub fn layout_for(&self, screen: Rect) -> Layout {
        if screen == self.layout.screen {
            return self.layout.clone();
        }
        let (n, at) = (self.shown.len(), self.focus_position());
        let first = layout::window_start(screen.width, n, at, self.first);
        self.layout_at(screen, first)
    }

    /// The layout of the shown articles from window position `first`, each pane naming its
    /// article.
    fn layout_at(&self, screen: Rect, first: usize) -> Layout {
        let mut l = layout::layout(screen, self.shown.len(), first, self.gutter_width());
        for p in &mut l.panes {
            p.article = self.shown[p.article];
        }
        l
    }

    /// Where the focused article stands among the panes.
    fn focus_position(&self) -> usize {
        self.shown
            .iter()
            .position(|&a| a == self.focus)
            .unwrap_or(0)
    }

    /// Which panes are shown, as "first-last of total".
    pub fn window_label(&self) -> Option<String> {
        let shown = self.layout.panes.len();
        let total = self.shown.len();
        (shown < total && shown > 0)
            .then(|| format!("{}-{} of {}", self.first + 1, self.first + shown, total))
    }

    // ----- layout and wrapping -------------------------------------------------------------

    /// Recomputes the layout from the screen size and the pane window, and wraps what shows.
    fn relayout(&mut self) {
        let screen = self.layout.screen;
        let (n, at) = (self.shown.len(), self.focus_position());
        self.first = layout::window_start(screen.width, n, at, self.first);
        self.layout = self.layout_at(screen, self.first);
        for p in 0..self.layout.panes.len() {
            let pl = &self.layout.panes[p];
            let (article, width) = (pl.article, pl.text.width);
            self.ensure_wrapped(article, width);
            self.keep_cursor_visible(article);
        }
        self.align();
    }

    fn ensure_wrapped(&mut self, article: usize, width: u16) {
        if let Some(w) = self.wraps[article].as_mut() {
            // The pane's place is a sentence: it stays put, only the lines change.
            w.set_width(width);
            return;
        }
        let a = &self.corpus.articles[article];
        let analysis = self.analysis().map(|a| &**a);
        let (bp, uniq) = (self.show_boilerplate, self.unique_only);
        let w = Wrapped::new(a, width, &|s| visible(a, analysis, article, s, bp, uniq));
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

    /// An article's wrapped rows with the article, when its pane has been shown.
    fn wrap_of(&mut self, article: usize) -> Option<(&mut Wrapped, &Article)> {
        let a = self.corpus.articles.get(article)?;
        let w = self.wraps.get_mut(article)?.as_mut()?;
        Some((w, a))
    }

    // ----- moving --------------------------------------------------------------------------

    fn set_focus(&mut self, article: usize) {
        if !self.shown.contains(&article) {
            return;
        }
        self.focus = article;
        if !self.layout.panes.iter().any(|p| p.article == article) {
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
        let page = self.page_height();
        let (cursor, top) = (self.panes[a].cursor, self.panes[a].top);
        let Some((w, article)) = self.wrap_of(a) else {
            return;
        };
        if !w.is_shown(cursor) {
            return;
        }
        let start = w.text_start(article, cursor);
        let target = w.moved(article, start, delta);
        let last_page = w.last_page(article, page);
        let top = w.moved(article, top, delta).min(last_page);
        let sentence = w.sentence_of(target);
        self.panes[a].top = top;
        if let Some(s) = sentence {
            self.set_cursor(a, s);
        }
    }

    /// Scrolls an article's pane by rows (the mouse wheel); the cursor stays on screen.
    fn scroll_pane(&mut self, a: usize, delta: isize) {
        let page = self.page_height();
        let (cursor, top) = (self.panes[a].cursor, self.panes[a].top);
        let Some((w, article)) = self.wrap_of(a) else {
            return;
        };
        let last_page = w.last_page(article, page);
        let top = w.moved(article, top, delta).min(last_page);
        let mut moved_to = None;
        if w.is_shown(cursor) {
            let start = w.text_start(article, cursor);
            let end = w.sentence_end(article, cursor);
            if end < top {
                // Scrolled off the top: the first sentence on screen.
                moved_to = w.sentence_of(top);
            } else if start > top
                && w.distance(article, top, start, page.saturating_sub(1))
                    .is_none()
            {
                // Off the bottom: the last sentence starting on screen.
                moved_to = w
                    .rows_from(article, top, page)
                    .iter()
                    .rev()
                    .find_map(|r| match r {
                        Row::Text {
                            sentence,
                            first: true,
                            ..
                        } => Some(*sentence),
                        _ => None,
                    });
            }
        }
        self.panes[a].top = top;
        if let Some(s) = moved_to {
            self.panes[a].cursor = s;
        }
        if a == self.focus {
            self.align();
        }
    }

    fn keep_cursor_visible(&mut self, a: usize) {
        let page = self.page_height().max(1);
        let (cursor, top) = (self.panes[a].cursor, self.panes[a].top);
        let Some((w, article)) = self.wrap_of(a) else {
            return;
        };
        if !w.is_shown(cursor) {
            return;
        }
        let start = w.text_start(article, cursor);
        let end = w.sentence_end(article, cursor);
        let mut top = w.normalize(article, top);
        if start < top {
            top = start;
        } else if w.distance(article, top, end, page - 1).is_none() {
            // Below the page: its last row on the last row (its first, if it is taller).
            top = w.backward(article, end, page - 1).0.min(start);
        }
        // Reveal the notices at the top when no text is above.
        if !w.text_above(article, top) {
            top = w.top(article);
        }
        self.panes[a].top = top;
    }

    /// Scrolls the other panes so that the sentences lined up with the cursor
    /// ([`App::aligned_in`]) sit on its row.
    fn align(&mut self) {
        if self.analysis().is_none() {
            return;
        }
        let f = self.focus;
        let others: Vec<usize> = self.layout.panes.iter().map(|p| p.article).collect();
        let aligned: Vec<(usize, usize)> = others
            .into_iter()
            .filter(|&a| a != f)
            .filter_map(|a| Some((a, self.aligned_in(a)?)))
            .collect();
        if aligned.is_empty() {
            return;
        }
        let page = self.page_height();
        let (cursor, top) = (self.panes[f].cursor, self.panes[f].top);
        let Some((w, article)) = self.wrap_of(f) else {
            return;
        };
        if !w.is_shown(cursor) {
            return;
        }
        let start = w.text_start(article, cursor);
        let mut screen_row = w.distance(article, top, start, page).unwrap_or(0);
        // Each version's first row, and how many rows its article has above it.
        let mut targets = Vec::new();
        for (a, s) in aligned {
            if let Some((w, article)) = self.wrap_of(a)
                && w.is_shown(s)
            {
                let at = w.text_start(article, s);
                let (_, above) = w.backward(article, at, screen_row);
                targets.push((a, at, above));
            }
        }
        // The shared row: the cursor's, raised (scrolling the focused pane on) when a version sits
        // too near the top of its article to come down to it.
        if let Some(lowest) = targets.iter().map(|&(_, _, above)| above).min() {
            screen_row = screen_row.min(lowest);
        }
        if let Some((w, article)) = self.wrap_of(f) {
            let top = w.backward(article, start, screen_row).0;
            self.panes[f].top = top;
        }
        for (a, at, _) in targets {
            if let Some((w, article)) = self.wrap_of(a) {
                let top = w.backward(article, at, screen_row).0;
                self.panes[a].top = top;
            }
        }
    }

    /// Moves the cursor to `at`, showing it even if filtered out, and focuses its pane.
    fn jump_to(&mut self, at: SentenceRef) {
        let Some(article) = self.corpus.articles.get(at.article) else {
            return;
        };
        let Some(sentence) = article.sentences.get(at.sentence) else {
            return;
        };
        if !self.shown.contains(&at.article) {
            return;
        }
        if !self.is_visible(at.article, at.sentence) {
            self.unique_only = false;
            if sentence.boilerplate.is_some() {
                self.show_boilerplate = true;
            }
            self.refilter();
        }
        self.focus = at.article;
        self.panes[at.article].cursor = at.sentence;
        self.relayout();
        // Put the target near the top third, so what follows it is on screen too.
        let page = self.page_height();
        if let Some((w, article)) = self.wrap_of(at.article)
            && w.is_shown(at.sentence)
        {
            let start = w.text_start(article, at.sentence);
            let top = w.backward(article, start, page / 3).0;
            self.panes[at.article].top = top;
            self.keep_cursor_visible(at.article);
        }
        self.align();
    }

    /// `n`/`N`: the next search hit in the panes when a search is active, else the next claim
    /// sentence in the focused pane.
    fn next_mark(&mut self, forward: bool) {
        let f = self.focus;
        let cur = self.panes[f].cursor;
        if self.search.active() && !self.search.hits().is_empty() {
            let mut marks: Vec<SentenceRef> = self
                .search
                .hits()
                .iter()
                .filter(|h| self.shown.contains(&h.at.article))
                .map(|h| h.at)
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
        let Some(analysis) = self.analysis().cloned() else {
            return;
        };
        let n = self.corpus.articles[f].sentences.len();
        // The sentences with a badge: those linked to another source's.
        let is_claim = |s: usize| {
            analysis.is_linked(SentenceRef {
                article: f,
                sentence: s,
            })
        };
        let found = if forward {
            (cur + 1..n)
                .chain(0..cur)
                .find(|&s| is_claim(s) && self.is_visible(f, s))
        } else {
            (0..cur)
                .rev()
                .chain((cur + 1..n).rev())
                .find(|&s| is_claim(s) && self.is_visible(f, s))
        };
        if let Some(s) = found {
            self.set_cursor(f, s);
        }
    }

    // ----- stories --------------------------------------------------------------------------

    /// The mode the reader rests in: the story list, or the panes.
    fn home(&self) -> Mode {
        if self.on_story_list() {
            Mode::Stories
        } else {
            Mode::Normal
        }
    }

    /// The id of the open story's version (0: everything loaded, read as one story).
    fn open_id(&self) -> u64 {
        self.stories.open().map_or(0, |e| e.id)
    }

    fn stories_ready(&mut self, stories: &[crate::stories::Story]) -> Option<Effect> {
        if *self.stories.grouping() != Grouping::Running {
            return None;
        }
        let jobs = self.stories.set(stories.to_vec(), &self.corpus.articles);
        if self.stories.len() > 1 {
            return Some(Effect::AnalyseStories {
                first: jobs,
                forget: Vec::new(),
            });
        }
        // One story: its panes, as a reader without stories shows them.
        self.stories.open_chosen();
        self.open_story_keeping_search(0)
    }

    fn stories_failed(&mut self, why: String) -> Option<Effect> {
        if *self.stories.grouping() != Grouping::Running {
            return None;
        }
        self.stories.failed(why);
        if self.mode == Mode::Stories {
            self.mode = Mode::Normal;
        }
        (self.shown.len() > 1).then(|| Effect::AnalyseStories {
            first: vec![(0, self.shown.clone())],
            forget: Vec::new(),
        })
    }

    /// Shows the open story's panes, the cursor on its article at pane position `at`; the
    /// search starts afresh inside it.
    fn open_story(&mut self, at: usize) -> Option<Effect> {
        let cancel = self.search.clear();
        let effect = self.open_story_keeping_search(at);
        effect.or(Some(cancel))
    }

    /// [`Self::open_story`] with the search and its highlights kept (a jump from the list's
    /// search); returns the analysis to run first when the story has none yet.
    fn open_story_keeping_search(&mut self, at: usize) -> Option<Effect> {
        let entry = self.stories.open()?;
        let (id, members, findings) = (
            entry.id,
            entry.story.articles.clone(),
            entry.findings.clone(),
        );
        // (A search or the help opened while the stories were being found stays open.)
        if self.mode == Mode::Stories {
            self.mode = Mode::Normal;
        }
        self.shown = self.stories.pane_order(&members, self.timeline);
        self.focus = self.shown[at.min(self.shown.len() - 1)];
        self.first = 0;
        let mut within = vec![false; self.corpus.articles.len()];
        members.iter().for_each(|&a| within[a] = true);
        self.search.set_within(Some(within.into()));
        self.claims = match &findings {
            Some(f) => Claims::Ready(f.clone()),
            None if members.len() < 2 => Claims::Off("one article"),
            None => Claims::Running(0.0),
        };
        self.claims_list.reset();
        self.facts_list.reset();
        self.quotes_list.reset();
        self.refilter();
        (findings.is_none() && members.len() > 1).then(|| Effect::AnalyseStories {
            first: vec![(id, members)],
            forget: Vec::new(),
        })
    }

    /// From a story's panes back to the list, its row chosen; the search goes.
    fn back_to_list(&mut self) -> Option<Effect> {
        self.stories.close();
        self.mode = Mode::Stories;
        self.search.set_within(None);
        Some(self.search.clear())
    }

    /// Moves the focused article to the story `to`, or (`None`) into a story of its own; the
    /// panes show what is left of the open story at once, and both are analysed again.
    fn move_focused(&mut self, to: Option<u64>) -> Option<Effect> {
        let before = self.open_id();
        let at = self.focus_position();
        let jobs = self
            .stories
            .move_article(self.focus, to, &self.corpus.articles);
        if self.open_id() == before {
            return None;
        }
        // What is left of the open story shows at once (its search and highlights go, as on
        // any story opened); the stories changed are analysed before any other.
        self.search.clear();
        match self.stories.open() {
            Some(e) => {
                let at = at.min(e.story.articles.len() - 1);
                self.open_story_keeping_search(at);
            }
            None => {
                self.back_to_list();
            }
        }
        Some(Effect::AnalyseStories {
            first: jobs,
            forget: vec![before],
        })
    }

    /// The focused article and the text of the sentence under its cursor, when one is shown.
    fn cursor_text(&self) -> Option<(&Article, &str)> {
        let article = self.corpus.articles.get(self.focus)?;
        let cursor = self.panes.get(self.focus)?.cursor;
        if !self.is_visible(self.focus, cursor) {
            return None;
        }
        Some((article, &article.sentences.get(cursor)?.text))
    }

    /// Copies the sentence under the cursor with its citation, and says so in the status bar.
    fn copy(&mut self, style: CiteStyle) -> Option<Effect> {
        self.mode = Mode::Normal;
        let Some((article, sentence)) = self.cursor_text() else {
            self.notice = Some("nothing to copy here".into());
            return None;
        };
        let text = cite::cite(sentence, article, style);
        let how = match style {
            CiteStyle::Plain => "plain text",
            CiteStyle::Markdown => "Markdown",
        };
        self.notice = Some(format!(
            "copied {} characters as {how}",
            text.chars().count()
        ));
        Some(Effect::Copy(text))
    }

    // ----- marks and export -----------------------------------------------------------------

    /// Marks or unmarks what is under the cursor: the chosen claim or fact in their lists, else
    /// the sentence under the cursor.
    fn toggle_mark(&mut self) {
        let corpus = self.corpus.clone();
        let articles = &corpus.articles;
        let findings = match &self.claims {
            Claims::Ready(f) => Some(f.clone()),
            _ => None,
        };
        let toggled = match self.mode {
            Mode::Claims => findings.and_then(|f| {
                let c = self.claims_list.selected();
                let claim = f.analysis.claims.get(c)?;
                // The versions the claims view shows, in its order.
                let order: Vec<_> = f
                    .shown(c)
                    .iter()
                    .filter_map(|&k| claim.members.get(k).copied())
                    .collect();
                self.marks.toggle(MarkKey::claim(claim), || {
                    Some(Marked::claim(articles, claim, &order))
                })
            }),
            Mode::Facts => findings.and_then(|f| {
                let fact = f.analysis.facts.get(self.facts_list.selected())?;
                self.marks
                    .toggle(MarkKey::fact(fact), || Some(Marked::fact(articles, fact)))
            }),
            Mode::Quotes => findings.and_then(|f| {
                let group = f
                    .analysis
                    .quotes
                    .get(f.quotes.group_at(self.chosen_quote())?)?;
                self.marks.toggle(MarkKey::quote(group), || {
                    Some(Marked::quote(articles, group))
                })
            }),
            _ => self.cursor_sentence().and_then(|at| {
                self.marks
                    .toggle(MarkKey::Sentence(at), || Marked::sentence(articles, at))
            }),
        };
        if toggled.is_none() {
            self.notice = Some("nothing to mark here".into());
        }
    }

    /// Opens the export prompt, when something is marked.
    fn open_export(&mut self) {
        if self.marks.is_empty() {
            let key = self.keymap.first_key(self.mode, &Action::ToggleMark);
            self.notice = Some(match key {
                Some(k) => format!("nothing marked yet ({k} marks)"),
                None => "nothing marked yet".into(),
            });
            return;
        }
        self.export.open(self.mode);
        self.mode = Mode::Export;
    }

    /// The export's write is done: say so, or ask before overwriting, or name the failure and
    /// stay in the prompt so the path can be changed.
    fn exported(&mut self, outcome: Exported) {
        match outcome {
            Exported::Wrote { items, path } => {
                self.notice = Some(format!("wrote {} to {path}", marks::items(items)));
                if matches!(self.mode, Mode::Export | Mode::Overwrite) {
                    self.mode = self.export.back();
                }
            }
            Exported::Exists(path) => {
                self.notice = Some(format!("{path} exists"));
                if self.mode == Mode::Export {
                    self.mode = Mode::Overwrite;
                }
            }
            Exported::Failed(why) => {
                self.notice = Some(why);
                if self.mode == Mode::Overwrite {
                    self.mode = Mode::Export;
                }
            }
        }
    }

    // ----- results from workers ------------------------------------------------------------

    fn set_findings(&mut self, findings: Arc<Findings>) -> Option<Effect> {
        self.claims = Claims::Ready(findings);
        self.claims_list.reset();
        self.facts_list.reset();
        self.quotes_list.reset();
        // The gutter appears and the unique filter now means something: wrap again.
        self.refilter();
        let analysis = self.analysis().cloned();
        self.search.analysis_arrived(analysis.as_ref())
    }
}

/// The URL `o` may open: only http and https, never a file, script or other scheme; else what
/// the status bar says instead.
pub fn source_to_open(url: Option<&str>) -> Result<&str, String> {
    match url {
        None => Err("no URL is known for this article".into()),
        Some(url) if cite::is_web_url(url) => Ok(url.trim()),
        Some(url) => {
            let scheme: String = url.chars().take_while(|c| *c != ':').take(12).collect();
            Err(format!(
                "not opened: only http(s) links are opened, not {}:",
                cite::clean(&scheme)
            ))
        }
    }
}

/// Whether an action comes from the user (a key, the mouse, a paste) rather than a worker or
/// the terminal's size; the user's next move clears the status bar's notice.
fn is_input(action: &Action) -> bool {
    use Action as A;
    !matches!(
        action,
        A::Resize { .. }
            | A::ClaimsProgress(_)
            | A::ClaimsReady(_)
            | A::ClaimsFailed(_)
            | A::SearchFailed(_)
            | A::SearchResults { .. }
            | A::Notify(_)
            | A::Exported(_)
            | A::StoriesReady(_)
            | A::StoriesFailed(_)
            | A::StoryAnalysed { .. }
            | A::StoryProgress { .. }
    )
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
    let at = SentenceRef {
        article: a,
        sentence: s,
    };
    !(unique_only && analysis.is_some_and(|an| !an.is_unique(at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_opened() {
        assert_eq!(
            source_to_open(Some("https://tass.com/world/1")),
            Ok("https://tass.com/world/1")
        );
        assert!(source_to_open(Some("http://example.org")).is_ok());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://x.org/a",
        ] {
            let why = source_to_open(Some(bad)).unwrap_err();
            assert!(why.starts_with("not opened"), "{bad}: {why}");
        }
        assert_eq!(
            source_to_open(Some("file:///etc/passwd")).unwrap_err(),
            "not opened: only http(s) links are opened, not file:"
        );
        assert!(source_to_open(None).unwrap_err().contains("no URL"));
    }
}
