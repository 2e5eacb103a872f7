//! The terminal: entering and leaving raw mode, the alternate screen, mouse capture and bracketed
//! paste; the guard and panic hook that restore it exactly once whichever way the reader ends;
//! the signals that end or stop the reader; suspending (Ctrl-Z) and resuming; and copying to the
//! clipboard through the terminal (OSC 52).

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread;

use anyhow::Context;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1};
use signal_hook::iterator::{Handle, Signals};

use crate::tui::workers::Message;

/// The reader's backend: frames go through one buffer, written out in one go when the frame
/// is flushed.
pub type Backend = CrosstermBackend<BufWriter<Stdout>>;

/// Signals that end the reader (after restoring the terminal), with exit code 128 + the number.
pub const ENDING: &[i32] = &[SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGALRM];

/// Set once the terminal has been restored, so the guard, the panic hook and the normal path
/// never restore it twice (cleared again when a suspended reader resumes).
static RESTORED: AtomicBool = AtomicBool::new(true);

/// Whether the reader captures the mouse (the config's `mouse`; off leaves the terminal's own
/// text selection), kept for taking the terminal back after a stop.
static MOUSE: AtomicBool = AtomicBool::new(true);

/// Raw mode, the alternate screen, mouse capture (unless turned off) and bracketed paste.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    RESTORED.store(false, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Leaves raw mode, bracketed paste, mouse capture and the alternate screen; only the first
/// call after `enter` acts.
pub fn restore() {
    if RESTORED.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = io::stdout().flush();
}

/// Restores the terminal when dropped, unless a panic is unwinding (the panic hook did it first,
/// before the message was printed).
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        if !thread::panicking() {
            restore();
        }
    }
}

/// Opens the terminal for the reader, capturing the mouse or not: the guard that restores it
/// and the ratatui terminal.
pub fn open(mouse: bool) -> anyhow::Result<(Guard, Terminal<Backend>)> {
    MOUSE.store(mouse, Ordering::SeqCst);
    let started = std::time::Instant::now();
    enter().context("switching the terminal to raw mode and the alternate screen")?;
    tracing::info!(took = ?started.elapsed(), "raw mode and alternate screen");
    let guard = Guard(());
    let terminal = Terminal::new(CrosstermBackend::new(BufWriter::new(io::stdout())))
        .context("opening the terminal")?;
    Ok((guard, terminal))
}

/// Stops the process as a shell's Ctrl-Z would (the terminal restored first), and on continue
/// takes the terminal again and clears it so the next frame redraws everything.
pub fn suspend(terminal: &mut Terminal<Backend>) -> anyhow::Result<()> {
    restore();
    tracing::info!("stopping");
    // The default action of SIGTSTP (stop), which the reader's handler replaced.
    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
    tracing::info!("continued");
    resume(terminal)
}

/// Takes the terminal again after the process was stopped and continued, and clears it so the
/// next frame redraws everything.
pub fn resume(terminal: &mut Terminal<Backend>) -> anyhow::Result<()> {
    if RESTORED.load(Ordering::SeqCst) {
        enter().context("taking the terminal back after a stop")?;
    }
    // Not `Terminal::clear`: it asks the terminal for the cursor position, whose answer the
    // input thread would take. A blank frame on a cleared screen makes the next one complete.
    execute!(
        io::stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )
    .context("clearing the screen after a stop")?;
    terminal
        .draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area()))
        .context("redrawing after a stop")?;
    Ok(())
}

/// Puts `text` on the clipboard of the terminal the reader writes to (OSC 52, base64: nothing
/// in the text can end the sequence). Through tmux it needs `set -g set-clipboard on`.
pub fn copy(out: &mut impl Write, text: &str) -> io::Result<()> {
    execute!(
        out,
        crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
    )
}

/// Forwards the signals that end, stop or continue the reader to the loop as messages.
pub fn forward_signals(tx: Sender<Message>) -> anyhow::Result<Handle> {
    let wanted: Vec<i32> = ENDING.iter().copied().chain([SIGTSTP, SIGCONT]).collect();
    let mut signals = Signals::new(&wanted).context("installing signal handlers")?;
    let handle = signals.handle();
    thread::spawn(move || {
        for signal in signals.forever() {
            if tx.send(Message::Signal(signal)).is_err() {
                return;
            }
        }
    });
    Ok(handle)
}

/// What a signal asks of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalAction {
    /// End with this exit code.
    End(u8),
    /// Stop until continued.
    Stop,
    /// Continued after a stop: take the terminal back and redraw.
    Continue,
}

/// What a signal asks of the reader.
pub fn signal_action(signal: i32) -> SignalAction {
    match signal {
        SIGTSTP => SignalAction::Stop,
        SIGCONT => SignalAction::Continue,
        // As a shell reports a process the signal killed.
        n => SignalAction::End(128u8.saturating_add(n.clamp(0, 127) as u8)),
    }
}

/// Does what `signal` asks of the terminal (suspend on SIGTSTP, resume on SIGCONT); the exit
/// code when it ends the reader.
pub fn on_signal(terminal: &mut Terminal<Backend>, signal: i32) -> anyhow::Result<Option<u8>> {
    match signal_action(signal) {
        SignalAction::End(code) => return Ok(Some(code)),
        SignalAction::Stop => suspend(terminal)?,
        SignalAction::Continue => resume(terminal)?,
    }
    Ok(None)
}

/// The panic hook in place before the reader's, put back when the reader ends.
type PanicHook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Puts back the panic hook that was in place before the reader's when dropped (only on a
/// normal return: during a panic the reader's hook is still the one running).
pub struct HookGuard(Option<Arc<PanicHook>>);

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
pub fn install_panic_hook() -> HookGuard {
    let previous: Arc<PanicHook> = Arc::new(std::panic::take_hook());
    let ui = thread::current().id();
    let chained = previous.clone();
    std::panic::set_hook(Box::new(move |info| {
        // A worker's panic is caught and shown in the status bar (printing it would scribble
        // over the screen); only the UI thread's panic ends the reader.
        if thread::current().id() == ui {
            restore();
            tracing::error!(panic = %crate::tui::log::clean(&info.to_string()), "the reader panicked");
            chained(info);
        }
    }));
    HookGuard(Some(previous))
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
        RESTORED.store(true, Ordering::SeqCst);
        std::panic::set_hook(before);
        assert!(seen, "the previous hook reports the panic");
        assert!(!restored, "the reader's hook is gone");
    }

    #[test]
    fn ending_signals_exit_as_a_shell_reports_them() {
        assert_eq!(signal_action(SIGINT), SignalAction::End(130));
        assert_eq!(signal_action(SIGTERM), SignalAction::End(143));
        assert_eq!(signal_action(SIGTSTP), SignalAction::Stop);
        assert_eq!(signal_action(SIGCONT), SignalAction::Continue);
    }
}
