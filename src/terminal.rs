//! The terminal runner: set up, event loop, and restoring the terminal on quit, error, panic and signals.
//!
//! Input is read on its own thread and workers (claims, search) post their results to the same
//! channel, so the loop blocks on one receiver and draws after each message. The terminal is put
//! back exactly once, whichever way the reader ends.

use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, App, Effect, SEARCH_LIMIT, SearchRequest, Shared};
use crate::corpus::Corpus;
use crate::keymap;
use crate::search::Index;

/// What reaches the event loop.
enum Message {
    /// A terminal event, to be turned into an action by the keymap in the current mode.
    Event(Event),
    /// An action from a worker.
    Action(Action),
    /// Reading input failed.
    InputError(io::Error),
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

fn setup() -> anyhow::Result<(Guard, Terminal<CrosstermBackend<Stdout>>)> {
    RESTORED.store(false, Ordering::SeqCst);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode().context("switching the terminal to raw mode")?;
    let guard = Guard;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
        .context("entering the alternate screen")?;
    let terminal =
        Terminal::new(CrosstermBackend::new(io::stdout())).context("opening the terminal")?;
    Ok((guard, terminal))
}

/// Runs the reader until the user quits.
pub fn run(corpus: Corpus) -> anyhow::Result<()> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut app = App::new(corpus, no_color);

    // SIGTERM and SIGHUP set a flag the loop checks between messages.
    let signalled = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, signalled.clone())
            .context("installing signal handlers")?;
    }

    let (guard, mut terminal) = setup()?;
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    spawn_claims(&app, tx.clone());
    let search = spawn_search(&app, tx);

    let size = terminal.size().context("reading the terminal size")?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let result = event_loop(&mut app, &mut terminal, &rx, &search, &signalled);
    drop(guard);
    result
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    rx: &Receiver<Message>,
    search: &Sender<SearchRequest>,
    signalled: &AtomicBool,
) -> anyhow::Result<()> {
    loop {
        terminal
            .draw(|frame| crate::view::render(app, frame))
            .context("drawing the screen")?;
        // Wait for something to happen; wake now and then to notice signals.
        let message = loop {
            if signalled.load(Ordering::Relaxed) {
                return Ok(());
            }
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(m) => break m,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        };
        let action = match message {
            Message::Event(Event::Key(key)) => keymap::action(app.mode, key),
            Message::Event(Event::Mouse(mouse)) => keymap::mouse_action(mouse),
            Message::Event(Event::Resize(width, height)) => Some(Action::Resize { width, height }),
            Message::Event(_) => None,
            Message::Action(action) => Some(action),
            Message::InputError(e) => return Err(e).context("reading the keyboard"),
        };
        if let Some(action) = action
            && let Some(effect) = app.update(action)
        {
            match effect {
                Effect::Search(request) => {
                    let _ = search.send(request);
                }
            }
        }
        if app.quit {
            return Ok(());
        }
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
        let analysis = crate::claims::analyse(&corpus.articles, &progress);
        let _ = tx.send(Message::Action(Action::ClaimsReady(Shared(Arc::new(
            analysis,
        )))));
    });
}

/// Starts the search worker: it builds the index, then answers the latest request, skipping
/// any that a newer one superseded.
fn spawn_search(app: &App, tx: Sender<Message>) -> Sender<SearchRequest> {
    let corpus = app.corpus.clone();
    let (req_tx, req_rx) = mpsc::channel::<SearchRequest>();
    thread::spawn(move || {
        let index = Index::new(&corpus);
        while let Ok(mut request) = req_rx.recv() {
            while let Ok(newer) = req_rx.try_recv() {
                request = newer;
            }
            if let Some(hits) = run_search(&index, &corpus, &request)
                && tx
                    .send(Message::Action(Action::SearchResults {
                        generation: request.generation,
                        hits,
                    }))
                    .is_err()
            {
                return;
            }
        }
    });
    req_tx
}

/// Runs one search request; `None` when it was cancelled.
pub fn run_search(
    index: &Index,
    corpus: &Corpus,
    request: &SearchRequest,
) -> Option<Vec<crate::search::Hit>> {
    if request.cancel.load(Ordering::Relaxed) {
        return None;
    }
    let allowed = |a: usize, s: usize| request.allows(&corpus.articles, a, s);
    index.search(&request.query, &allowed, SEARCH_LIMIT, &request.cancel)
}
