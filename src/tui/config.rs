//! The reader's config file (TOML): where it is looked for, what it may say, and the errors a
//! user sees, naming the file and the line. Key bindings are kept as strings here; the keymap
//! reads them (see [`super::keys`]) when [`Settings::load`] builds the reader's keymap.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::tui::keymap::Keymap;

/// The environment variable that names a config file (the `--config` flag wins over it).
pub const ENV: &str = "PARALLAX_CONFIG";

/// Which colours the reader draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeChoice {
    /// Dark or light, from the terminal's background where it can be asked.
    #[default]
    Auto,
    /// Light text on a dark background.
    Dark,
    /// Dark text on a light background.
    Light,
    /// Strong contrast: no dim text, bold marks.
    HighContrast,
}

/// Everything a config file may set; anything left out keeps its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The colour theme.
    pub theme: ThemeChoice,
    /// Plain ASCII: no box drawing or symbols, for screen readers and limited terminals.
    pub ascii: bool,
    /// Capture the mouse (wheel, clicks); off leaves the terminal's own text selection.
    pub mouse: bool,
    /// Key bindings by action name, each a list of key strings ("ctrl-d"); an action named here
    /// loses its default keys. Positions are kept so a mistake can name its line.
    pub keys: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            theme: ThemeChoice::Auto,
            ascii: false,
            mouse: true,
            keys: BTreeMap::new(),
        }
    }
}

/// Where the config is read from: the `--config` flag, else [`ENV`], else
/// `$XDG_CONFIG_HOME/parallax/config.toml` (or the platform's equivalent). The boolean says
/// whether the user named the file, in which case a missing file is an error.
pub fn path(flag: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os(ENV).filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().ok()?;
    Some((
        dirs.config_dir().join("parallax").join("config.toml"),
        false,
    ))
}

/// Reads the config at `path`; a missing file that the user did not name gives the defaults.
pub fn load(path: &Path, named: bool) -> anyhow::Result<Config> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok(Config::default());
        }
        Err(e) => {
            return Err(e).with_context(|| format!("reading config {}", path.display()));
        }
    };
    parse(&text).with_context(|| format!("config {}", path.display()))
}

/// What the reader starts with: the config and the keymap built from it.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The config as read (defaults where the file says nothing).
    pub config: Config,
    /// The default keys with the config's changes.
    pub keymap: Keymap,
}

impl Settings {
    /// Reads the config named by the flag, [`ENV`] or the XDG default (see [`path`]) and builds
    /// the keymap. Every error names the file, and the line where there is one.
    pub fn load(flag: Option<&Path>) -> anyhow::Result<Settings> {
        let Some((path, named)) = self::path(flag) else {
            return Ok(Settings::default());
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
                return Ok(Settings::default());
            }
            Err(e) => {
                return Err(e).with_context(|| format!("reading config {}", path.display()));
            }
        };
        Settings::from_text(&text).with_context(|| format!("config {}", path.display()))
    }

    /// Reads config text and builds the keymap; a mistake in the keys names its line.
    pub fn from_text(text: &str) -> anyhow::Result<Settings> {
        let config = parse(text)?;
        let entries: Vec<(&str, Vec<&str>)> = config
            .keys
            .iter()
            .map(|(action, keys)| {
                let keys = keys.get_ref().iter().map(|k| k.get_ref().as_str());
                (action.as_str(), keys.collect())
            })
            .collect();
        let keymap = Keymap::with_keys(&entries).map_err(|e| {
            let spanned = config.keys.values().nth(e.entry);
            let span = match (spanned, e.key) {
                (Some(keys), Some(k)) => keys.get_ref().get(k).map(|key| key.span()),
                (Some(keys), None) => Some(keys.span()),
                (None, _) => None,
            };
            match span {
                Some(span) => anyhow::anyhow!("line {}: {}", line_of(text, span.start), e.message),
                None => anyhow::anyhow!("{}", e.message),
            }
        })?;
        Ok(Settings { config, keymap })
    }
}

/// The line (from 1) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Reads config text. The error keeps toml's line and column.
pub fn parse(text: &str) -> anyhow::Result<Config> {
    toml::from_str(text).map_err(|e| anyhow::anyhow!("{}", e.to_string().trim_end()))
}

/// The defaults as a commented TOML file, every binding of `keymap` written out (name, keys,
/// what it does) so a user can edit them; it reads back as the same settings.
pub fn defaults_toml(keymap: &Keymap) -> String {
    let mut out = String::from(
        "# parallax config. Remove a line to keep its default.\n\
         \n\
         # auto (follow the terminal background), dark, light or high-contrast\n\
         theme = \"auto\"\n\
         # plain ASCII: no box drawing or symbols\n\
         ascii = false\n\
         # capture the mouse; false leaves the terminal's own text selection\n\
         mouse = true\n\
         \n\
         # Keys by action; an action listed here loses its default keys, and a key given here\n\
         # leaves the other actions of its modes. [] leaves an action without a key.\n\
         # Key strings: \"j\", \"G\", \"ctrl-d\", \"alt-x\", \"enter\", \"pagedown\", \"f5\", \"space\".\n\
         [keys]\n",
    );
    for b in keymap.bindings().iter().filter(|b| b.remappable()) {
        let keys: Vec<String> = b
            .keys
            .iter()
            .filter_map(|k| match k {
                crate::tui::keymap::Key::Is(code, mods) => {
                    Some(format!("{:?}", crate::tui::keys::name(*code, *mods)))
                }
                _ => None,
            })
            .collect();
        out.push_str(&format!(
            "{} = [{}]  # {}\n",
            b.name,
            keys.join(", "),
            b.help
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn settings_and_keys_are_read() {
        let c = parse("theme = \"high-contrast\"\nascii = true\nmouse = false\n[keys]\ndown = [\"ctrl-n\", \"j\"]\n")
            .unwrap();
        assert_eq!(c.theme, ThemeChoice::HighContrast);
        assert!(c.ascii && !c.mouse);
        let keys: Vec<&str> = c.keys["down"]
            .get_ref()
            .iter()
            .map(|k| k.get_ref().as_str())
            .collect();
        assert_eq!(keys, ["ctrl-n", "j"]);
    }

    #[test]
    fn a_mistake_is_named_with_its_line() {
        let e = parse("theme = \"dark\"\ncolour = 3\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("colour"), "{e}");
        let e = parse("theme = \"purple\"").unwrap_err().to_string();
        assert!(e.contains("purple"), "{e}");
    }

    #[test]
    fn a_named_file_must_exist_an_unnamed_one_need_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        assert_eq!(load(&missing, false).unwrap(), Config::default());
        let e = format!("{:#}", load(&missing, true).unwrap_err());
        assert!(e.contains("none.toml"), "{e}");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "mouse = \"yes\"").unwrap();
        let e = format!("{:#}", load(&bad, false).unwrap_err());
        assert!(e.contains("bad.toml") && e.contains("line 1"), "{e}");
    }

    #[test]
    fn the_printed_defaults_read_back_as_the_defaults() {
        let text = defaults_toml(&Keymap::default());
        assert!(
            text.contains("down = [\"j\", \"down\"]  # next sentence"),
            "{text}"
        );
        assert!(text.contains("copy-markdown = [\"m\"]"), "{text}");
        let s = Settings::from_text(&text).unwrap();
        assert_eq!(s.keymap, Keymap::default());
        assert_eq!(s.config.theme, ThemeChoice::Auto);
        assert!(s.config.mouse);
    }

    #[test]
    fn the_readme_example_config_is_valid() {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        let section = &readme[readme.find("## Config").expect("a Config section")..];
        let example = section
            .split("```")
            .nth(1)
            .expect("an example config in the Config section");
        let s = Settings::from_text(example).unwrap_or_else(|e| panic!("{e}\n{example}"));
        assert!(!s.config.mouse);
        assert_ne!(s.keymap, Keymap::default());
    }

    #[test]
    fn a_mistake_in_the_keys_names_its_line() {
        let e = Settings::from_text("mouse = true\n[keys]\ndown = [\"j\"]\ndwn = [\"x\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("line 4: unknown action \"dwn\""), "{e}");
        let e = Settings::from_text("[keys]\nup = [\"k\",\n  \"hyper-k\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("line 3: unknown modifier \"hyper\""), "{e}");
        let e = Settings::from_text("[keys]\ndown = [\"x\"]\nup = [\"x\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("x is given to both"), "{e}");
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        let (p, named) = path(Some(Path::new("/tmp/x.toml"))).unwrap();
        assert_eq!((p, named), (PathBuf::from("/tmp/x.toml"), true));
    }
}
