//! The reader's diagnostics log: off unless `--log FILE` or `PARALLAX_LOG` asks for it, and
//! never written to the terminal (the reader owns the screen). `PARALLAX_LOG=1` logs to
//! `$XDG_STATE_HOME/parallax/parallax.log` (`~/.local/state/parallax/parallax.log`); any other
//! value names the file.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;

static LOG: Mutex<Option<File>> = Mutex::new(None);

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

/// Opens the log at `path` (appending), creating its folder.
pub fn open(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the log folder {}", dir.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening the log {}", path.display()))?;
    *LOG.lock().unwrap_or_else(|e| e.into_inner()) = Some(file);
    write(&format!(
        "log opened, parallax {}",
        env!("CARGO_PKG_VERSION")
    ));
    Ok(())
}

/// True when a log is open (so callers skip building messages nobody reads).
pub fn enabled() -> bool {
    LOG.lock().unwrap_or_else(|e| e.into_inner()).is_some()
}

/// Appends one line, stamped with the seconds since the epoch; nothing when no log is open.
pub fn write(message: &str) {
    let mut log = LOG.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(file) = log.as_mut() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let line = crate::corpus::sanitize::display(message);
        let _ = writeln!(file, "{}.{:03} {line}", now.as_secs(), now.subsec_millis());
    }
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
}
