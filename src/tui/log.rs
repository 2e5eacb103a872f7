//! The reader's diagnostics log: `tracing` events written to a file by a background writer,
//! off unless `--log FILE` or `PARALLAX_LOG` asks for it, and never written to the terminal
//! (the reader owns the screen). `PARALLAX_LOG=1` logs to
//! `$XDG_STATE_HOME/parallax/parallax.log` (`~/.local/state/parallax/parallax.log`); any other
//! value names the file.
//!
//! Events are plain `tracing::info!`/`debug!` calls; text that comes from the inputs (an
//! event's debug form, a URL, an error) goes through [`clean`] first, so the file never holds
//! a control sequence that would act when it is `cat` to a terminal.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tracing_appender::non_blocking::WorkerGuard;

/// Where `PARALLAX_LOG` (or the flag's value) sends the log.
pub fn path_from(value: &str) -> Option<PathBuf> {
    match value {
        "" | "0" => None,
        "1" => {
            let state = std::env::var_os("XDG_STATE_HOME")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME").map(|h| Path::new(&h).join(".local").join("state"))
                })?;
            Some(state.join("parallax").join("parallax.log"))
        }
        file => Some(PathBuf::from(file)),
    }
}

/// Keeps the log's writer thread going; dropping it writes out what is waiting.
#[must_use = "the log is flushed when this is dropped: keep it until the reader ends"]
pub struct LogGuard(#[allow(dead_code)] WorkerGuard);

/// Opens the log at `path` (appending), creating its folder, and sends every `tracing` event
/// of the process there from now on.
pub fn open(path: &Path) -> anyhow::Result<LogGuard> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the log folder {}", dir.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening the log {}", path.display()))?;
    // Written on a thread of its own: a slow disk never stalls a frame.
    let (writer, guard) = tracing_appender::non_blocking(file);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(false)
        .with_thread_names(true)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .with_context(|| format!("starting the log {}", path.display()))?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "log opened");
    Ok(LogGuard(guard))
}

/// True when a log is open (so callers skip work whose only use is a log line).
pub fn enabled() -> bool {
    tracing::enabled!(tracing::Level::INFO)
}

/// Text from the inputs made safe for the log: control characters shown, never acted on.
pub fn clean(text: &str) -> String {
    crate::corpus::sanitize::display(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_off_unless_asked() {
        assert_eq!(path_from(""), None);
        assert_eq!(path_from("0"), None);
        assert_eq!(path_from("/tmp/x.log"), Some(PathBuf::from("/tmp/x.log")));
        if let Some(p) = path_from("1") {
            assert!(p.ends_with("parallax/parallax.log"), "{}", p.display());
        }
    }

    #[test]
    fn control_sequences_never_reach_the_log() {
        assert!(!clean("a\u{1b}[2Jb").contains('\u{1b}'));
    }
}
