//! The terminal runner: set up, event loop, and restoring the terminal on quit, error, panic and signals.
//!
//! Input is read on its own thread and workers (claims, search) post their results to the same
//! channel, so the loop blocks on one receiver and draws after each message. The terminal is put
//! back exactly once, whichever way the reader ends.

use std::io::{self, Stdout};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use anyhow::Context;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

use crate::corpus::Corpus;
use crate::search::Index;
use crate::search::{Results, Searcher, Session};
use crate::tui::app::{Action, App, Effect, SEARCH_LIMIT, SearchRequest, Shared};
use crate::tui::keymap;

/// What reaches the event loop.
enum Message {
    /// A terminal event, to be turned into an action by the keymap in the current mode.
    Event(Event),
    /// An action from a worker.
    Action(Action),
    /// Reading input failed.
    InputError(io::Error),
    /// The search index is built.
    IndexReady(Arc<Index>),
    /// Building the search index failed (panicked): why.
    IndexFailed(String),
    /// The searcher has an update.
    SearchUpdate,
    /// A signal that ends the reader (SIGTERM, SIGHUP) arrived.
    Signal(i32),
}

/// Set once the terminal has been restored, so the guard, the panic hook and the normal path
/// never restore it twice.
static RESTORED: AtomicBool = AtomicBool::new(false);

/// Leaves raw mode, mouse capture and the alternate screen; only the first call acts.
fn restore() {
    if RESTORED.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped, unless a panic is unwinding (the panic hook did it first,
/// before the message was printed).
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        if !thread::panicking() {
            restore();
        }
    }
}

/// The panic hook in place before the reader's, put back when the reader ends.
type PanicHook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Puts back the panic hook that was in place before the reader's when dropped (only on a
/// normal return: during a panic the reader's hook is still the one running).
struct HookGuard(Option<Arc<PanicHook>>);

impl Drop for HookGuard {
    fn drop(&mut self) {
        if thread::panicking() {
            return;
        }
        if let Some(previous) = self.0.take() {
            let _ = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| previous(info)));
        }
    }
}

/// Installs the reader's panic hook: restore the terminal, then report as before.
fn install_panic_hook() -> HookGuard {
    let previous: Arc<PanicHook> = Arc::new(std::panic::take_hook());
    let ui = thread::current().id();
    let chained = previous.clone();
    std::panic::set_hook(Box::new(move |info| {
        // A worker's panic is caught and shown in the status bar (printing it would scribble
        // over the screen); only the UI thread's panic ends the reader.
        if thread::current().id() == ui {
            restore();
            chained(info);
        }
    }));
    HookGuard(Some(previous))
}

fn setup() -> anyhow::Result<(Guard, Terminal<CrosstermBackend<Stdout>>)> {
    RESTORED.store(false, Ordering::SeqCst);
    enable_raw_mode().context("switching the terminal to raw mode")?;
    let guard = Guard;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
        .context("entering the alternate screen")?;
    let terminal =
        Terminal::new(CrosstermBackend::new(io::stdout())).context("opening the terminal")?;
    Ok((guard, terminal))
}

/// Runs the reader until the user quits (exit code 0) or a SIGTERM or SIGHUP ends it (exit
/// code 128 + the signal's number, as a shell reports a process the signal killed).
pub fn run(corpus: Corpus) -> anyhow::Result<ExitCode> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut app = App::new(corpus, no_color);
    let (tx, rx) = mpsc::channel();

    // SIGTERM and SIGHUP arrive as messages, so the loop needs no polling to notice them.
    let mut signals = Signals::new([SIGTERM, SIGHUP]).context("installing signal handlers")?;
    let signal_handle = signals.handle();
    let signal_tx = tx.clone();
    thread::spawn(move || {
        for signal in signals.forever() {
            if signal_tx.send(Message::Signal(signal)).is_err() {
                return;
            }
        }
    });

    let hook = install_panic_hook();
    let (guard, mut terminal) = setup()?;
    spawn_input(tx.clone());
    spawn_claims(&app, tx.clone());
    spawn_index(&app, tx.clone());
    let mut search = Search {
        searcher: None,
        pending: None,
        generation: 0,
        failed: None,
        tx,
    };

    let result = terminal
        .size()
        .context("reading the terminal size")
        .and_then(|size| {
            app.update(Action::Resize {
                width: size.width,
                height: size.height,
            });
            event_loop(&mut app, &mut terminal, &rx, &mut search)
        });
    signal_handle.close();
    drop(guard);
    drop(hook);
    Ok(match result? {
        Some(signal) => ExitCode::from(128u8.saturating_add(signal.clamp(0, 127) as u8)),
        None => ExitCode::SUCCESS,
    })
}

/// Draws, then applies each message, until the reader quits (`None`) or a signal ends it.
fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    rx: &Receiver<Message>,
    search: &mut Search,
) -> anyhow::Result<Option<i32>> {
    loop {
        terminal
            .draw(|frame| crate::tui::view::render(app, frame))
            .context("drawing the screen")?;
        let Ok(message) = rx.recv() else {
            return Ok(None);
        };
        #[cfg(debug_assertions)]
        debug_panic(&message);
        let action = match message {
            Message::Signal(signal) => return Ok(Some(signal)),
            Message::Event(Event::Key(key)) => keymap::action(app.mode, key),
            Message::Event(Event::Mouse(mouse)) => keymap::mouse_action(mouse),
            Message::Event(Event::Resize(width, height)) => Some(Action::Resize { width, height }),
            Message::Event(_) => None,
            Message::Action(action) => Some(action),
            Message::InputError(e) => return Err(e).context("reading the keyboard"),
            Message::IndexReady(index) => {
                search.ready(index, &app.corpus);
                None
            }
            Message::IndexFailed(why) => search.index_failed(why),
            Message::SearchUpdate => search.update(),
        };
        if let Some(action) = action
            && let Some(effect) = app.update(action)
        {
            search.run(effect, &app.corpus);
        }
        if app.quit {
            return Ok(None);
        }
    }
}

/// Debug builds only: with `PARALLAX_DEBUG_PANIC` set, a key press panics on the UI thread, so
/// the end-to-end tests can check that a panic restores the terminal.
#[cfg(debug_assertions)]
fn debug_panic(message: &Message) {
    if matches!(message, Message::Event(Event::Key(_)))
        && std::env::var_os("PARALLAX_DEBUG_PANIC").is_some()
    {
        panic!("PARALLAX_DEBUG_PANIC is set: panicking on a key press");
    }
}

fn spawn_input(tx: Sender<Message>) {
    thread::spawn(move || {
        loop {
            let message = match event::read() {
                Ok(e) => Message::Event(e),
                Err(e) => Message::InputError(e),
            };
            let failed = matches!(message, Message::InputError(_));
            if tx.send(message).is_err() || failed {
                return;
            }
        }
    });
}

/// Runs the claims engine in the background, posting progress and then the analysis.
fn spawn_claims(app: &App, tx: Sender<Message>) {
    let corpus = app.corpus.clone();
    thread::spawn(move || {
        let last = std::sync::Mutex::new(-1i32);
        let progress = |f: f32| {
            let pct = (f * 100.0) as i32;
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            if pct != *last {
                *last = pct;
                let _ = tx.send(Message::Action(Action::ClaimsProgress(f)));
            }
        };
        // A failing engine must not take the reader down: report it and read on.
        let analysis = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::claims::analyse(&corpus.articles, &progress)
        }));
        let action = match analysis {
            Ok(a) => Action::ClaimsReady(Shared(Arc::new(a))),
            Err(e) => Action::ClaimsFailed(panic_message(&*e)),
        };
        let _ = tx.send(Message::Action(action));
    });
}

fn panic_message(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked".into())
}

/// Builds the search index in the background; a panic is reported, not left to hang searches.
fn spawn_index(app: &App, tx: Sender<Message>) {
    let corpus = app.corpus.clone();
    thread::spawn(move || {
        let index = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Index::new(&corpus)));
        let message = match index {
            Ok(index) => Message::IndexReady(Arc::new(index)),
            Err(e) => Message::IndexFailed(format!("index: {}", panic_message(&*e))),
        };
        let _ = tx.send(message);
    });
}

/// The search side of the runner: the engine's background [`Searcher`] once the index is
/// built, and the request that waits for it until then.
struct Search {
    searcher: Option<Searcher>,
    pending: Option<SearchRequest>,
    /// The app's generation of the latest request, echoed back with its results.
    generation: u64,
    /// Why the index could not be built: every search then fails with it.
    failed: Option<String>,
    tx: Sender<Message>,
}

impl Search {
    fn run(&mut self, effect: Effect, corpus: &Arc<Corpus>) {
        match effect {
            Effect::Search(request) => {
                self.generation = request.generation;
                if let Some(why) = &self.failed {
                    let _ = self
                        .tx
                        .send(Message::Action(Action::SearchFailed(why.clone())));
                    return;
                }
                match &mut self.searcher {
                    Some(searcher) => {
                        searcher.submit(
                            &request.query,
                            request.allowed(corpus.clone()),
                            SEARCH_LIMIT,
                        );
                    }
                    None => self.pending = Some(request),
                }
            }
            Effect::CancelSearch => {
                self.pending = None;
                if let Some(s) = &mut self.searcher {
                    s.cancel();
                }
            }
        }
    }

    fn ready(&mut self, index: Arc<Index>, corpus: &Arc<Corpus>) {
        let tx = self.tx.clone();
        self.searcher = Some(Searcher::with_notify(index, move || {
            let _ = tx.send(Message::SearchUpdate);
        }));
        if let Some(request) = self.pending.take() {
            self.run(Effect::Search(request), corpus);
        }
    }

    /// The index could not be built: the waiting request (and every later one) fails.
    fn index_failed(&mut self, why: String) -> Option<Action> {
        self.failed = Some(why.clone());
        self.pending.take().map(|_| Action::SearchFailed(why))
    }

    /// The newest results for the latest request, as an action.
    fn update(&mut self) -> Option<Action> {
        let update = self.searcher.as_ref()?.try_recv()?;
        if let Some(why) = update.failed {
            return Some(Action::SearchFailed(why));
        }
        Some(Action::SearchResults {
            generation: self.generation,
            results: update.results,
        })
    }
}

/// Runs one search request to the end on this thread (tests and tools; the reader uses the
/// background searcher).
pub fn search_blocking(
    index: &Index,
    corpus: &Arc<Corpus>,
    request: &SearchRequest,
) -> Option<Results> {
    let allowed = request.allowed(corpus.clone());
    let cancel = AtomicBool::new(false);
    Session::new().search(
        index,
        &request.query,
        &*allowed,
        SEARCH_LIMIT,
        &cancel,
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn the_previous_panic_hook_is_back_when_the_reader_ends() {
        static SEEN: Mutex<Vec<thread::ThreadId>> = Mutex::new(Vec::new());
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {
            SEEN.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(thread::current().id())
        }));
        drop(install_panic_hook());
        RESTORED.store(false, Ordering::SeqCst);
        let _ = std::panic::catch_unwind(|| panic!("after the reader"));
        let here = thread::current().id();
        let seen = SEEN
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&here);
        // The reader's hook would have restored the terminal first.
        let restored = RESTORED.load(Ordering::SeqCst);
        std::panic::set_hook(before);
        assert!(seen, "the previous hook reports the panic");
        assert!(!restored, "the reader's hook is gone");
    }
}
