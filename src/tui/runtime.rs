//! The reader's loop: draw, then apply every message waiting (keys, mouse, pastes, signals,
//! workers' results) before drawing again, so a burst of input is taken at once.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event;
use ratatui::Terminal;

use crate::corpus::Corpus;
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::terminal::{self, Backend, SignalAction};
use crate::tui::workers::{Message, Workers};
use crate::tui::{keymap, log, view};

/// Longest the loop applies waiting messages before it draws again (input arriving faster than
/// this still shows).
const BATCH: Duration = Duration::from_millis(50);

/// Runs the reader until the user quits (exit code 0) or a signal ends it (exit code 128 + the
/// signal's number, as a shell reports a process the signal killed).
pub fn run(corpus: Corpus) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let corpus = Arc::new(corpus);
    // More than one article may hold more than one story: they are grouped first.
    let (mut app, mut workers) = if corpus.articles.len() > 1 {
        (
            App::with_stories(corpus.clone(), no_color),
            Workers::start_stories(corpus),
        )
    } else {
        (App::new(corpus.clone(), no_color), Workers::start(corpus))
    };
    let signals = terminal::forward_signals(workers.sender())?;
    log::write(&format!(
        "app and workers started in {:?}",
        started.elapsed()
    ));

    let hook = terminal::install_panic_hook();
    let (guard, mut term) = terminal::open()?;
    log::write(&format!("terminal opened at {:?}", started.elapsed()));
    spawn_input(workers.sender());
    let result = term
        .size()
        .context("reading the terminal size")
        .and_then(|size| {
            app.update(crate::tui::action::Action::Resize {
                width: size.width,
                height: size.height,
            });
            event_loop(&mut app, &mut term, &mut workers, started)
        });
    signals.close();
    drop(guard);
    drop(hook);
    log::write(&format!("reader ended: {result:?}"));
    Ok(match result? {
        Some(code) => ExitCode::from(code),
        None => ExitCode::SUCCESS,
    })
}

/// Draws, then applies every waiting message, until the reader quits (`None`) or a signal ends
/// it (its exit code).
fn event_loop(
    app: &mut App,
    term: &mut Terminal<Backend>,
    workers: &mut Workers,
    loaded: Instant,
) -> anyhow::Result<Option<u8>> {
    // A message taken but left for the next turn, when a batch ran out of time.
    let mut carried = None;
    let opened = Instant::now();
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
                    "first frame {:?} after opening, {:?} after the articles loaded",
                    opened.elapsed(),
                    loaded.elapsed()
                ));
            }
            if !stories_shown && *app.stories().grouping() == crate::tui::stories::Grouping::Ready {
                stories_shown = true;
                log::write(&format!(
                    "stories drawn {:?} after the articles loaded",
                    loaded.elapsed()
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
        Message::Event(event) => keymap::event_action(app.mode(), event),
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
