//! What can happen to the reader ([`Action`]), what the keys currently drive ([`Mode`]) and the
//! work `App::update` asks the runtime to start ([`Effect`]).

use std::sync::Arc;

use crate::search::Results;
use crate::tui::search::SearchRequest;
use crate::tui::workers::Findings;

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
    /// The story list is the screen (more than one story loaded).
    Stories,
    /// The story picker is open: where to move the focused article.
    MoveTo,
    /// The copy menu is open (plain text or Markdown).
    Copy,
    /// The export prompt is open: the path and format of the marks' file.
    Export,
    /// The export's file exists: overwrite it? (y/n)
    Overwrite,
    /// The quotes view is open (quotes by speaker).
    Quotes,
}

/// A value shared with a worker thread; two are equal when they are the same allocation.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Everything that can happen to the reader: keys, mouse, pastes, resizes and results from workers.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the reader.
    Quit,
    /// Stop the reader (Ctrl-Z): the terminal is restored until the shell continues it.
    Suspend,
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
    /// Turn to the next claim of the sentence under the cursor (one sentence may share
    /// several): it decides the highlighted words and what the other panes line up on.
    NextClaim,
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
    /// Open the quotes view: quotes by speaker, each with its variants across sources.
    OpenQuotes,
    /// Close the open overlay.
    CloseOverlay,
    /// Jump to the chosen entry of the open list.
    Select,
    /// Open the search prompt.
    OpenSearch,
    /// Open the copy menu for the sentence under the cursor.
    OpenCopyMenu,
    /// Copy the sentence under the cursor with its citation, as plain text.
    CopyPlain,
    /// Copy the sentence under the cursor with its citation, as Markdown.
    CopyMarkdown,
    /// Open the focused article's URL in the browser (http and https only).
    OpenSource,
    /// Mark or unmark the sentence under the cursor, or the chosen entry of the list.
    ToggleMark,
    /// Open the export prompt to write the marked items to a file.
    OpenExport,
    /// Unmark everything.
    ClearMarks,
    /// Type a character into the export prompt's path.
    ExportInput(char),
    /// Delete the last character of the export prompt's path.
    ExportBackspace,
    /// Clear the export prompt's path.
    ExportClear,
    /// Turn the export's format: Markdown or JSON.
    ExportFormat,
    /// How the export's write ended.
    Exported(crate::tui::marks::Exported),
    /// A short message for the status bar (a copy or an opening that could not be done).
    Notify(String),
    /// Type a character into the search prompt.
    SearchInput(char),
    /// Text pasted into the terminal (bracketed paste): it goes into the search prompt, never
    /// run as keys.
    Paste(String),
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
    /// The claims engine has finished (with the claims view's word marks computed alongside).
    ClaimsReady(Shared<Findings>),
    /// The claims engine failed; the reader goes on without claims.
    ClaimsFailed(String),
    /// The search failed (its worker panicked); shown until the next search.
    SearchFailed(String),
    /// Go back from a story's panes to the story list.
    StoryList,
    /// Sort the story list by size or by date.
    SortStories,
    /// Order the panes by publication time, or back to load order.
    ToggleTimeline,
    /// Open the story picker to move the focused article to another story.
    MoveArticle,
    /// Split the focused article off into a story of its own.
    SplitArticle,
    /// The articles are grouped into stories.
    StoriesReady(Shared<Vec<crate::stories::Story>>),
    /// The grouping failed; everything is read as one story.
    StoriesFailed(String),
    /// A story's own analysis is done.
    StoryAnalysed {
        /// The id of the story version it was asked for.
        story: u64,
        /// Its findings, in the numbering of all loaded articles.
        findings: Shared<Findings>,
    },
    /// A story's analysis has done this fraction of its work.
    StoryProgress {
        /// The id of the story version.
        story: u64,
        /// The fraction done.
        fraction: f32,
    },
    /// Search results arrived (the best so far, or final).
    SearchResults {
        /// Which request it answers; stale ones are dropped.
        generation: u64,
        /// The hits, best first, and the counts.
        results: Results,
    },
}

/// Work `update` asks the runtime to start.
#[derive(Debug)]
pub enum Effect {
    /// Run a search in the background (superseding the one under way) and answer with
    /// [`Action::SearchResults`].
    Search(SearchRequest),
    /// Cancel the search under way, if any.
    CancelSearch,
    /// Stop the process until the shell continues it (the terminal restored meanwhile).
    Suspend,
    /// Analyse these stories (id, articles) before any other waiting, in this order, and drop
    /// the waiting analyses of `forget` (stories changed since).
    AnalyseStories {
        /// The stories to analyse first.
        first: Vec<(u64, Vec<usize>)>,
        /// Ids no longer wanted.
        forget: Vec<u64>,
    },
    /// Put this text on the clipboard (OSC 52, through the terminal).
    Copy(String),
    /// Open this http(s) URL in the browser.
    Open(String),
    /// Write the marked items to a file, and answer with [`Action::Exported`].
    Export(crate::tui::marks::ExportJob),
}
