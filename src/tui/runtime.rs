//! The reader's loop: draw, then apply every message waiting (keys, mouse, pastes, signals,
//! workers' results) before drawing again, so a burst of input is taken at once.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event;
use ratatui::Terminal;

use crate::corpus::formats::{self, Format};
use crate::corpus::load::{Head, Progress};
use crate::corpus::{Article, Corpus};
use crate::stories::ArticleTerms;
use crate::tui::action::{Action, Effect, Mode};
use crate::tui::app::App;
use crate::tui::config::Settings;
use crate::tui::keymap::Keymap;
use crate::tui::terminal::{self, Backend};
use crate::tui::theme::Theme;
use crate::tui::workers::{Message, Workers};
use crate::tui::wrap::Pos;
use crate::tui::{log, view};

/// Longest the loop applies waiting messages before it draws again (input arriving faster than
/// this still shows).
const BATCH: Duration = Duration::from_millis(50);

/// What loads the inputs, on a thread of its own while the reader shows that it is loading
/// (and how far it has got, from what it counts in the [`Progress`]).
pub type Loader = Box<dyn FnOnce(Arc<Progress>) -> Loaded + Send>;

/// What a [`Loader`] gives: the articles, and each one's terms for the grouping into stories
/// when they were read as it loaded (so that the story list follows the loading closely);
/// else none, and the grouping reads them.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The loaded articles and what was skipped.
    pub corpus: Corpus,
    /// One per article, in order, read with the default settings; or empty.
    pub terms: Vec<ArticleTerms>,
}

impl From<Corpus> for Loaded {
    fn from(corpus: Corpus) -> Loaded {
        Loaded {
            corpus,
            terms: Vec::new(),
        }
    }
}

/// How often the loading screen looks at the loader's progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(40);

/// How often it looks until it has shown the first articles read, so that they show within a
/// few milliseconds of being read; for the first [`FIRST_HEADS_FOR`] only (a download or a
/// single big file has no article to show before it ends).
const FIRST_HEADS_EVERY: Duration = Duration::from_millis(3);

/// How long the loading screen looks at [`FIRST_HEADS_EVERY`].
const FIRST_HEADS_FOR: Duration = Duration::from_millis(250);

/// When the process started (as near as `main` can tell): the reader's log counts from it.
static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// The moment the process started, taken the first time this is asked (`main` asks at once).
pub fn process_started() -> Instant {
    *PROCESS_START.get_or_init(Instant::now)
}

/// Inputs from this size, a single plain-text file, show their first part while they load.
const PREVIEW_FROM: u64 = 2 << 20;

/// How much of such a file the first part is read from.
const PREVIEW_BYTES: u64 = 256 << 10;

/// How the loading screen ended.
enum Loading {
    /// The inputs are loaded; with the place read in the first part, when one was shown.
    Loaded(Loaded, Option<(usize, Pos)>),
    /// The user quit, or a signal ended the reader, first.
    Ended(ExitCode),
}

/// Opens the reader at once, loads in the background, then runs until the user quits (exit
/// code 0) or a signal ends it (exit code 128 + the signal's number, as a shell reports a
/// process the signal killed). Returns the loaded corpus too (none if the reader ended first),
/// so the caller can report what could not be loaded; with no article loaded the reader closes
/// at once with exit code 2.
///
/// `preview`, when given, loads the first part of a big input ([`preview_of`]): it shows, and
/// can be read, while the whole loads.
pub fn run(
    loader: Loader,
    preview: Option<Loader>,
    settings: Settings,
) -> anyhow::Result<(ExitCode, Option<Arc<Corpus>>)> {
    let started = process_started();
    let (tx, rx) = mpsc::channel();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let signals = terminal::forward_signals(tx.clone())?;
    let hook = terminal::install_panic_hook();
    let (guard, mut term) = terminal::open(settings.config.mouse)?;
    tracing::info!(at = ?started.elapsed(), "terminal opened");
    // The first frame at once, before the loading takes the cores and before the terminal is
    // asked its background (an answer can take a round trip over a slow link): the loading
    // screen has no colour to choose.
    let progress = Arc::new(Progress::default());
    term.draw(|frame| view::render_loading(frame, progress.get(), &[]))
        .context("drawing the screen")?;
    tracing::info!(at = ?started.elapsed(), "loading screen drawn");
    let (loaded, counted) = (tx.clone(), progress.clone());
    thread::spawn(move || {
        let corpus = loader(counted);
        tracing::info!(
            articles = corpus.corpus.articles.len(),
            at = ?started.elapsed(),
            "loaded"
        );
        let _ = loaded.send(Message::Loaded(Box::new(corpus)));
    });
    if let Some(preview) = preview {
        let shown = tx.clone();
        thread::spawn(move || {
            let corpus = preview(Arc::default()).corpus;
            tracing::info!(at = ?started.elapsed(), "first part loaded");
            let _ = shown.send(Message::Preview(Box::new(corpus)));
        });
    }
    // Asked while the inputs load, and before the input thread starts: the answer comes back
    // as input.
    let theme = crate::tui::theme::Theme::from_config(&settings.config, no_color, || {
        crate::tui::theme::detect_background(crate::tui::theme::DETECT_TIMEOUT)
    });
    tracing::info!(at = ?started.elapsed(), "theme chosen");
    spawn_input(tx.clone());

    let result =
        loading(&mut term, &rx, &settings.keymap, theme, no_color, &progress).and_then(|outcome| {
            let (corpus, place) = match outcome {
                Loading::Ended(code) => return Ok((code, None)),
                Loading::Loaded(loaded, place) => (loaded, place),
            };
            let (corpus, terms) = (Arc::new(corpus.corpus), corpus.terms);
            if corpus.articles.is_empty() {
                return Ok((ExitCode::from(2), Some(corpus)));
            }
            // More than one article may hold more than one story: they are grouped first (the
            // grouping started before the reader is built, so it runs meanwhile).
            let (app, mut workers) = if corpus.articles.len() > 1 {
                let workers = Workers::start_stories_on(corpus.clone(), terms, tx, rx);
                (App::with_stories(corpus.clone(), no_color), workers)
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
            // Reading goes on where it was in the first part.
            if let (Some(place), 1) = (place, corpus.articles.len()) {
                app.set_place(0, place);
            }
            let code = match event_loop(&mut app, &mut term, &mut workers, started)? {
                Some(code) => ExitCode::from(code),
                None => ExitCode::SUCCESS,
            };
            Ok((code, Some(corpus)))
        });
    signals.close();
    drop(guard);
    drop(hook);
    tracing::info!(exit = ?result.as_ref().map(|r| r.0), "reader ended");
    result
}

/// Shows that the inputs are loading until they are, or until the user quits or a signal ends
/// the reader. A first part that arrives before the whole is shown meanwhile, to be read
/// (moving only: searches, claims and the overlays wait for the whole), and the place read in
/// it is kept.
fn loading(
    term: &mut Terminal<Backend>,
    rx: &mpsc::Receiver<Message>,
    keymap: &Keymap,
    theme: Theme,
    no_color: bool,
    progress: &Progress,
) -> anyhow::Result<Loading> {
    let mut part: Option<App> = None;
    let mut first_part_frame = true;
    // The progress and the number of headlines last drawn (the loading screen is already on
    // the screen, without headlines).
    let mut drawn = Some((progress.get(), 0));
    let mut heads: Vec<Head> = Vec::new();
    let mut first_heads_frame = true;
    let started = process_started();
    loop {
        match &part {
            None => {
                let now = (progress.get(), progress.heads_len());
                if drawn != Some(now) {
                    if now.1 != heads.len() {
                        heads = progress.heads();
                    }
                    term.draw(|frame| view::render_loading(frame, now.0, &heads))
                        .context("drawing the screen")?;
                    if first_heads_frame && !heads.is_empty() {
                        first_heads_frame = false;
                        tracing::info!(
                            at = ?started.elapsed(),
                            articles = heads.len(),
                            "first articles drawn (the rest loading)"
                        );
                    }
                    drawn = Some((now.0, heads.len()));
                }
            }
            Some(app) => {
                term.draw(|frame| view::render(app, frame))
                    .context("drawing the screen")?;
                if std::mem::take(&mut first_part_frame) {
                    tracing::info!(
                        at = ?started.elapsed(),
                        "first frame of the articles (their first part, the rest loading)"
                    );
                }
            }
        }
        // Woken to show the progress while nothing else happens.
        let every = if heads.is_empty() && part.is_none() && started.elapsed() < FIRST_HEADS_FOR {
            FIRST_HEADS_EVERY
        } else {
            PROGRESS_EVERY
        };
        let message = match rx.recv_timeout(every) {
            Ok(message) => message,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Ok(Loading::Ended(ExitCode::SUCCESS));
            }
        };
        // Anything else (a resize, a resume after a stop) draws the screen again.
        drawn = None;
        match message {
            Message::Loaded(corpus) => {
                let place = part.as_ref().and_then(|app| app.place(0));
                return Ok(Loading::Loaded(*corpus, place));
            }
            Message::Preview(first) if part.is_none() && !first.articles.is_empty() => {
                let mut app = App::new(Arc::new(*first), no_color)
                    .with_keymap(keymap.clone())
                    .with_theme(theme);
                let size = term.size().context("reading the terminal size")?;
                app.update(Action::Resize {
                    width: size.width,
                    height: size.height,
                });
                app.update(Action::Notify("loading the rest of the file…".into()));
                part = Some(app);
            }
            Message::Event(event) => {
                let mode = part.as_ref().map_or(Mode::Normal, App::mode);
                match keymap.event_action(mode, event) {
                    Some(Action::Quit | Action::Back) => {
                        return Ok(Loading::Ended(ExitCode::SUCCESS));
                    }
                    Some(Action::Suspend) => terminal::suspend(term)?,
                    Some(action) if readable_in_part(&action) => {
                        if let Some(app) = part.as_mut() {
                            app.update(action);
                        }
                    }
                    _ => {}
                }
            }
            Message::Signal(signal) => {
                if let Some(code) = terminal::on_signal(term, signal)? {
                    return Ok(Loading::Ended(ExitCode::from(code)));
                }
            }
            Message::InputError(e) => return Err(e).context("reading the keyboard"),
            _ => {}
        }
    }
}

/// The actions the first part of an input answers: moving and scrolling (nothing that needs
/// the workers, which start with the whole input).
fn readable_in_part(action: &Action) -> bool {
    use Action as A;
    matches!(
        action,
        A::Down
            | A::Up
            | A::HalfPageDown
            | A::HalfPageUp
            | A::PageDown
            | A::PageUp
            | A::Top
            | A::Bottom
            | A::Resize { .. }
            | A::Scroll { .. }
            | A::Click { .. }
            | A::ToggleBoilerplate
    )
}

/// A loader of the first part of `path` when it is one plain-text file of 2 MiB or more (its
/// first 256 KiB, cut at a paragraph's end, read as the whole is): the reader shows it while
/// the whole loads. `None` for anything else (folders, URLs, stdin, small files, other
/// formats, where a part would not read as the whole does).
pub fn preview_of(path: &Path, hint: Option<Format>, max_bytes: u64) -> Option<Loader> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() < PREVIEW_FROM || meta.len() > max_bytes {
        return None;
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let text = match hint {
        Some(Format::Text) => true,
        Some(_) => false,
        None => matches!(extension.as_deref(), None | Some("txt" | "text")),
    };
    if !text {
        return None;
    }
    let path = path.to_path_buf();
    Some(Box::new(move |_| {
        let mut bytes = Vec::new();
        let read =
            std::fs::File::open(&path).and_then(|f| f.take(PREVIEW_BYTES).read_to_end(&mut bytes));
        // A part ends at a paragraph's end (else a line's), so its sentences are the whole's.
        let end = bytes
            .windows(2)
            .rposition(|w| w == b"\n\n")
            .or_else(|| bytes.iter().rposition(|&b| b == b'\n'));
        let (Ok(_), Some(end)) = (read, end) else {
            return Loaded::default();
        };
        bytes.truncate(end);
        let origin = path.display().to_string();
        match formats::parse(&origin, bytes, Some(Format::Text), None) {
            Ok(parsed) => Corpus {
                articles: parsed
                    .documents
                    .into_iter()
                    .map(Article::from_document)
                    .collect(),
                skipped: Vec::new(),
            },
            Err(_) => Corpus::default(),
        }
        .into()
    }))
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
        tracing::debug!(took = ?started.elapsed(), "frame drawn");
        if std::mem::take(&mut first) {
            tracing::info!(at = ?opened.elapsed(), "first frame of the articles");
        }
        if !stories_shown && *app.stories().grouping() != crate::tui::stories::Grouping::Running {
            stories_shown = true;
            tracing::info!(
                at = ?opened.elapsed(),
                "stories drawn (the list, or the one story's panes)"
            );
            // Only now the index and the analyses start: they would share the cores with
            // this frame.
            workers.stories_shown();
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
        tracing::debug!(applied, took = ?batch.elapsed(), "messages applied");
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
        tracing::debug!(message = %log::clean(&message.summary()), "message");
    }
    let action = match message {
        Message::Event(event) => app.keymap().event_action(app.mode(), event),
        Message::Signal(signal) => {
            tracing::info!(signal, "signal");
            if let Some(code) = terminal::on_signal(term, signal)? {
                return Ok(Some(code));
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
                tracing::warn!(url = %log::clean(&url), error = %log::clean(&e.to_string()), "could not open the browser");
                app.update(Action::Notify(format!("could not open the browser: {e}")));
            }
        }
        // A small file, written at once; the answer says how it went.
        Some(Effect::Export(job)) => {
            app.update(job.write());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::LoadOptions;
    use ratatui::backend::TestBackend;

    /// A plain-text file of `n` numbered paragraphs.
    fn big_file(dir: &Path, name: &str, n: usize) -> std::path::PathBuf {
        let path = dir.join(name);
        let text: String = (0..n)
            .map(|i| format!("Paragraph {i} says that the river rose by {i} centimetres.\n\n"))
            .collect();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn screen(app: &App) -> String {
        let mut t = Terminal::new(TestBackend::new(80, 20)).unwrap();
        t.draw(|f| view::render(app, f)).unwrap();
        t.backend().to_string()
    }

    #[test]
    fn a_big_text_file_is_read_from_its_first_part_and_on_from_the_same_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = big_file(dir.path(), "big.txt", 50_000);
        // Small files, other formats and sizes over the limit get no first part.
        let small = big_file(dir.path(), "small.txt", 10);
        assert!(preview_of(&small, None, u64::MAX).is_none());
        let html = dir.path().join("big.html");
        std::fs::copy(&path, &html).unwrap();
        assert!(preview_of(&html, None, u64::MAX).is_none());
        assert!(preview_of(&path, None, 1 << 20).is_none());

        let part = preview_of(&path, None, u64::MAX).expect("a first part")(Arc::default()).corpus;
        let whole = crate::corpus::load(
            &[path.display().to_string()],
            &LoadOptions {
                max_bytes: u64::MAX,
                ..LoadOptions::default()
            },
        );
        let (p, w) = (&part.articles[0], &whole.articles[0]);
        assert!(p.sentences.len() < w.sentences.len() / 4, "only a part");
        for (a, b) in p.sentences.iter().zip(&w.sentences) {
            assert_eq!(a.text, b.text, "the part's sentences are the whole's");
        }
        assert_eq!(p.title, w.title);

        // Read on in the part, then the whole arrives: the screen stays where it was.
        let resize = Action::Resize {
            width: 80,
            height: 20,
        };
        let mut reading = App::new(Arc::new(part), true);
        reading.update(resize.clone());
        for _ in 0..40 {
            reading.update(Action::PageDown);
        }
        reading.update(Action::Down);
        let mut after = App::new(Arc::new(whole), true);
        after.update(resize);
        after.set_place(0, reading.place(0).unwrap());
        let panes = |s: String| s.lines().skip(1).take(17).collect::<Vec<_>>().join("\n");
        assert_eq!(after.cursor(0), reading.cursor(0));
        assert_eq!(panes(screen(&after)), panes(screen(&reading)));
        assert!(screen(&after).contains("Paragraph "), "{}", screen(&after));
    }
}
