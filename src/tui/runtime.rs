//! The reader's loop: draw, then apply every message waiting (keys, mouse, pastes, signals,
//! workers' results) before drawing again, so a burst of input is taken at once.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event;
use ratatui::Terminal;

use crate::corpus::Corpus;
use crate::tui::action::{Action, Effect, Mode};
use crate::tui::app::App;
use crate::tui::config::Settings;
use crate::tui::keymap::Keymap;
use crate::tui::terminal::{self, Backend, SignalAction};
use crate::tui::workers::{Message, Workers};
use crate::tui::{log, view};

/// Longest the loop applies waiting messages before it draws again (input arriving faster than
/// this still shows).
const BATCH: Duration = Duration::from_millis(50);

/// What loads the inputs, on a thread of its own while the reader shows that it is loading.
pub type Loader = Box<dyn FnOnce() -> Corpus + Send>;

/// How the loading screen ended.
enum Loading {
    /// The inputs are loaded.
    Loaded(Corpus),
    /// The user quit, or a signal ended the reader, first.
    Ended(ExitCode),
}

/// Opens the reader at once, loads in the background, then runs until the user quits (exit
/// code 0) or a signal ends it (exit code 128 + the signal's number, as a shell reports a
/// process the signal killed). Returns the loaded corpus too (none if the reader ended first),
/// so the caller can report what could not be loaded; with no article loaded the reader closes
/// at once with exit code 2.
pub fn run(loader: Loader, settings: Settings) -> anyhow::Result<(ExitCode, Option<Arc<Corpus>>)> {
    let started = Instant::now();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // Asked before the terminal is taken: the answer comes back as input.
    let theme = crate::tui::theme::Theme::from_config(&settings.config, no_color, || {
        crate::tui::theme::detect_background(crate::tui::theme::DETECT_TIMEOUT)
    });
    let (tx, rx) = mpsc::channel();
    let signals = terminal::forward_signals(tx.clone())?;
    let hook = terminal::install_panic_hook();
    let (guard, mut term) = terminal::open(settings.config.mouse)?;
    log::write(&format!("terminal opened at {:?}", started.elapsed()));
    spawn_input(tx.clone());
    let loaded = tx.clone();
    thread::spawn(move || {
        let corpus = loader();
        log::write(&format!(
            "loaded {} articles at {:?}",
            corpus.articles.len(),
            started.elapsed()
        ));
        let _ = loaded.send(Message::Loaded(Box::new(corpus)));
    });

    let result = loading(&mut term, &rx, &settings.keymap, started).and_then(|outcome| {
        let corpus = match outcome {
            Loading::Ended(code) => return Ok((code, None)),
            Loading::Loaded(corpus) => Arc::new(corpus),
        };
        if corpus.articles.is_empty() {
            return Ok((ExitCode::from(2), Some(corpus)));
        }
        // More than one article may hold more than one story: they are grouped first.
        let (app, mut workers) = if corpus.articles.len() > 1 {
            (
                App::with_stories(corpus.clone(), no_color),
                Workers::start_stories_on(corpus.clone(), tx, rx),
            )
        } else {
            (
                App::new(corpus.clone(), no_color),
                Workers::start_reading(corpus.clone(), tx, rx),
            )
        };
        let mut app = app.with_keymap(settings.keymap).with_theme(theme);
        let size = term.size().context("reading the terminal size")?;
        app.update(crate::tui::action::Action::Resize {
            width: size.width,
            height: size.height,
        });
        let code = match event_loop(&mut app, &mut term, &mut workers, started)? {
            Some(code) => ExitCode::from(code),
            None => ExitCode::SUCCESS,
        };
        Ok((code, Some(corpus)))
    });
    signals.close();
    drop(guard);
    drop(hook);
    log::write(&format!("reader ended: {:?}", result.as_ref().map(|r| r.0)));
    result
}

/// Shows that the inputs are loading until they are, or until the user quits or a signal ends
/// the reader.
fn loading(
    term: &mut Terminal<Backend>,
    rx: &mpsc::Receiver<Message>,
    keymap: &Keymap,
    started: Instant,
) -> anyhow::Result<Loading> {
    loop {
        term.draw(view::render_loading)
            .context("drawing the screen")?;
        if log::enabled() {
            log::write(&format!("loading screen drawn at {:?}", started.elapsed()));
        }
        let Ok(message) = rx.recv() else {
            return Ok(Loading::Ended(ExitCode::SUCCESS));
        };
        match message {
            Message::Loaded(corpus) => return Ok(Loading::Loaded(*corpus)),
            Message::Event(event) => match keymap.event_action(Mode::Normal, event) {
                Some(Action::Quit | Action::Back) => return Ok(Loading::Ended(ExitCode::SUCCESS)),
                Some(Action::Suspend) => terminal::suspend(term)?,
                _ => {}
            },
            Message::Signal(signal) => match terminal::signal_action(signal) {
                SignalAction::End(code) => return Ok(Loading::Ended(ExitCode::from(code))),
                SignalAction::Stop => terminal::suspend(term)?,
                SignalAction::Continue => terminal::resume(term)?,
            },
            Message::InputError(e) => return Err(e).context("reading the keyboard"),
            _ => {}
        }
    }
}

/// Draws, then applies every waiting message, until the reader quits (`None`) or a signal ends
/// it (its exit code).
fn event_loop(
    app: &mut App,
    term: &mut Terminal<Backend>,
    workers: &mut Workers,
    opened: Instant,
) -> anyhow::Result<Option<u8>> {
    // A message taken but left for the next turn, when a batch ran out of time.
    let mut carried = None;
    let mut first = true;
    // The first frame showing the stories found (the list, or the one story's panes).
    let mut stories_shown = false;
    loop {
        let started = Instant::now();
        term.draw(|frame| view::render(app, frame))
            .context("drawing the screen")?;
        if log::enabled() {
            log::write(&format!("frame drawn in {:?}", started.elapsed()));
            if std::mem::take(&mut first) {
                log::write(&format!(
                    "first frame of the articles at {:?}",
                    opened.elapsed()
                ));
            }
            if !stories_shown && *app.stories().grouping() == crate::tui::stories::Grouping::Ready {
                stories_shown = true;
                log::write(&format!(
                    "stories drawn at {:?} (the list, or the one story's panes)",
                    opened.elapsed()
                ));
            }
        }
        let Some(mut message) = carried.take().or_else(|| workers.recv()) else {
            return Ok(None);
        };
        let batch = Instant::now();
        let mut applied = 0;
        // Only the last search of a batch runs: a paste or fast typing asks for one search.
        let mut search = None;
        loop {
            #[cfg(debug_assertions)]
            debug_panic(&message);
            applied += 1;
            if let Some(code) = apply(app, term, workers, message, &mut search)? {
                return Ok(Some(code));
            }
            if app.quit() {
                return Ok(None);
            }
            match workers.try_recv() {
                Some(next) if batch.elapsed() < BATCH => message = next,
                Some(next) => {
                    // Draw what is done, and take this one first next turn.
                    carried = Some(next);
                    break;
                }
                None => break,
            }
        }
        if log::enabled() {
            log::write(&format!(
                "{applied} messages applied in {:?}",
                batch.elapsed()
            ));
        }
        if let Some(effect) = search {
            workers.run(effect);
        }
    }
}

/// Applies one message; returns an exit code when a signal ends the reader.
fn apply(
    app: &mut App,
    term: &mut Terminal<Backend>,
    workers: &mut Workers,
    message: Message,
    search: &mut Option<Effect>,
) -> anyhow::Result<Option<u8>> {
    if log::enabled() {
        log::write(&message.summary());
    }
    let action = match message {
        Message::Event(event) => app.keymap().event_action(app.mode(), event),
        Message::Signal(signal) => {
            log::write(&format!("signal {signal}"));
            match terminal::signal_action(signal) {
                SignalAction::End(code) => return Ok(Some(code)),
                SignalAction::Stop => terminal::suspend(term)?,
                SignalAction::Continue => terminal::resume(term)?,
            }
            None
        }
        Message::InputError(e) => return Err(e).context("reading the keyboard"),
        other => workers.on_message(other),
    };
    match action.and_then(|a| app.update(a)) {
        Some(Effect::Suspend) => terminal::suspend(term)?,
        // Stories to analyse are queued at once (only searches wait for the end of a batch).
        Some(effect @ Effect::AnalyseStories { .. }) => workers.run(effect),
        Some(Effect::Copy(text)) => {
            if let Err(e) = terminal::copy(term.backend_mut(), &text) {
                app.update(Action::Notify(format!("copy failed: {e}")));
            }
        }
        Some(Effect::Open(url)) => {
            // The opener runs detached, its output discarded: nothing reaches the screen.
            if let Err(e) = open::that_detached(&url) {
                log::write(&format!("opening {url}: {e}"));
                app.update(Action::Notify(format!("could not open the browser: {e}")));
            }
        }
        Some(effect) => *search = Some(effect),
        None => {}
    }
    Ok(None)
}

/// Debug builds only: with `PARALLAX_DEBUG_PANIC` set, a key press panics on the UI thread, so
/// the end-to-end tests can check that a panic restores the terminal.
#[cfg(debug_assertions)]
fn debug_panic(message: &Message) {
    if matches!(message, Message::Event(event::Event::Key(_)))
        && std::env::var_os("PARALLAX_DEBUG_PANIC").is_some()
    {
        panic!("PARALLAX_DEBUG_PANIC is set: panicking on a key press");
    }
}

/// Reads terminal input on its own thread, so the loop blocks on one channel.
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
