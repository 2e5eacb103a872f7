//! Pure key bindings: (mode, key) -> action. [`BINDINGS`] are the defaults; a [`Keymap`] is
//! built from them and the config file's keys, and the help overlay, the status bar's key hints
//! and the overlays' titles are generated from it, so they never drift from the keys.
//!
//! Each binding has a stable name, used by the config file: the action in kebab-case
//! (`half-page-down`), after the section of a binding outside the reader (`list-down`,
//! `search-close`, `copy-markdown`), with `-anywhere` for a key bound in every mode whose action
//! the reader also binds (`quit-anywhere`, Ctrl-c).

use std::sync::LazyLock;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::tui::action::{Action, Mode};

/// What a binding listens to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// One key with these modifiers (Shift is ignored for characters and Shift-Tab).
    Is(KeyCode, KeyModifiers),
    /// Any printable character (typed into a prompt).
    Typed,
    /// Any key not bound otherwise in the mode.
    Any,
}

const fn key(c: char) -> Key {
    Key::Is(KeyCode::Char(c), KeyModifiers::NONE)
}

const fn ctrl(c: char) -> Key {
    Key::Is(KeyCode::Char(c), KeyModifiers::CONTROL)
}

const fn code(c: KeyCode) -> Key {
    Key::Is(c, KeyModifiers::NONE)
}

/// One row of the keymap: in these modes, these keys do this.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Modes the binding applies in.
    pub modes: &'static [Mode],
    /// The keys, first shown first in the help.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
}

const NORMAL: &[Mode] = &[Mode::Normal];
const LISTS: &[Mode] = &[Mode::Claims, Mode::Facts, Mode::MoveTo, Mode::Quotes];
/// Moving in any list: the claims, facts, stories and the story picker.
const MOVING: &[Mode] = &[
    Mode::Claims,
    Mode::Facts,
    Mode::MoveTo,
    Mode::Stories,
    Mode::Quotes,
];
/// The reader's keys that also work on the story list.
const READER: &[Mode] = &[Mode::Normal, Mode::Stories];
const SEARCH: &[Mode] = &[Mode::Search];
const COPY: &[Mode] = &[Mode::Copy];
/// Where items can be marked: the panes and the lists of claims and facts.
const MARKING: &[Mode] = &[Mode::Normal, Mode::Claims, Mode::Facts, Mode::Quotes];
const EXPORT: &[Mode] = &[Mode::Export];
const OVERWRITE: &[Mode] = &[Mode::Overwrite];
const ALL: &[Mode] = &[
    Mode::Normal,
    Mode::Help,
    Mode::Claims,
    Mode::Facts,
    Mode::Search,
    Mode::Stories,
    Mode::MoveTo,
    Mode::Copy,
    Mode::Export,
    Mode::Overwrite,
    Mode::Quotes,
];
const STORIES: &[Mode] = &[Mode::Stories];

/// Every key binding, in the order the help overlay lists them.
pub static BINDINGS: &[Binding] = &[
    Binding {
        modes: NORMAL,
        keys: &[key('j'), code(KeyCode::Down)],
        action: Action::Down,
        help: "next sentence",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('k'), code(KeyCode::Up)],
        action: Action::Up,
        help: "previous sentence",
    },
    Binding {
        modes: NORMAL,
        keys: &[ctrl('d')],
        action: Action::HalfPageDown,
        help: "half a page down",
    },
    Binding {
        modes: NORMAL,
        keys: &[ctrl('u')],
        action: Action::HalfPageUp,
        help: "half a page up",
    },
    Binding {
        modes: NORMAL,
        keys: &[code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "page down",
    },
    Binding {
        modes: NORMAL,
        keys: &[code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "page up",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('g'), code(KeyCode::Home)],
        action: Action::Top,
        help: "first sentence",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('G'), code(KeyCode::End)],
        action: Action::Bottom,
        help: "last sentence",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('l'), code(KeyCode::Right), code(KeyCode::Tab)],
        action: Action::NextPane,
        help: "next pane",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('h'), code(KeyCode::Left), code(KeyCode::BackTab)],
        action: Action::PrevPane,
        help: "previous pane",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('n')],
        action: Action::Next,
        help: "next hit / claim",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('N')],
        action: Action::Prev,
        help: "previous hit / claim",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('w')],
        action: Action::NextClaim,
        help: "its next claim",
    },
    Binding {
        modes: READER,
        keys: &[key('/')],
        action: Action::OpenSearch,
        help: "search",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('c')],
        action: Action::OpenClaims,
        help: "claims view",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('f')],
        action: Action::OpenFacts,
        help: "facts view",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('"')],
        action: Action::OpenQuotes,
        help: "quotes view",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('u')],
        action: Action::ToggleUnique,
        help: "show unique only",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('b')],
        action: Action::ToggleBoilerplate,
        help: "boilerplate on/off",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('y')],
        action: Action::OpenCopyMenu,
        help: "copy with citation",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('o')],
        action: Action::OpenSource,
        help: "open in the browser",
    },
    Binding {
        modes: MARKING,
        keys: &[key(' ')],
        action: Action::ToggleMark,
        help: "mark / unmark",
    },
    Binding {
        modes: MARKING,
        keys: &[key('e')],
        action: Action::OpenExport,
        help: "export marked items",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('U')],
        action: Action::ClearMarks,
        help: "clear all marks",
    },
    Binding {
        modes: READER,
        keys: &[key('?')],
        action: Action::OpenHelp,
        help: "this help",
    },
    Binding {
        modes: READER,
        keys: &[code(KeyCode::Esc)],
        action: Action::Back,
        help: "back / clear / quit",
    },
    Binding {
        modes: READER,
        keys: &[key('q')],
        action: Action::Quit,
        help: "quit",
    },
    Binding {
        modes: ALL,
        keys: &[ctrl('c')],
        action: Action::Quit,
        help: "quit",
    },
    Binding {
        modes: ALL,
        keys: &[ctrl('z')],
        action: Action::Suspend,
        help: "suspend (fg resumes)",
    },
    Binding {
        modes: &[Mode::Help],
        keys: &[code(KeyCode::Down), code(KeyCode::PageDown), key(' ')],
        action: Action::PageDown,
        help: "more",
    },
    Binding {
        modes: &[Mode::Help],
        keys: &[code(KeyCode::Up), code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "back",
    },
    Binding {
        modes: &[Mode::Help],
        keys: &[Key::Any],
        action: Action::CloseOverlay,
        help: "close the help",
    },
    Binding {
        modes: MOVING,
        keys: &[key('j'), code(KeyCode::Down)],
        action: Action::Down,
        help: "next entry",
    },
    Binding {
        modes: MOVING,
        keys: &[key('k'), code(KeyCode::Up)],
        action: Action::Up,
        help: "previous entry",
    },
    Binding {
        modes: MOVING,
        keys: &[code(KeyCode::PageDown), ctrl('d')],
        action: Action::PageDown,
        help: "five entries down",
    },
    Binding {
        modes: MOVING,
        keys: &[code(KeyCode::PageUp), ctrl('u')],
        action: Action::PageUp,
        help: "five entries up",
    },
    Binding {
        modes: MOVING,
        keys: &[key('g'), code(KeyCode::Home)],
        action: Action::Top,
        help: "first entry",
    },
    Binding {
        modes: MOVING,
        keys: &[key('G'), code(KeyCode::End)],
        action: Action::Bottom,
        help: "last entry",
    },
    Binding {
        modes: LISTS,
        keys: &[code(KeyCode::Enter)],
        action: Action::Select,
        help: "jump to it",
    },
    Binding {
        modes: LISTS,
        keys: &[code(KeyCode::Esc), key('q'), key('c'), key('f')],
        action: Action::CloseOverlay,
        help: "close",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('s'), code(KeyCode::Backspace)],
        action: Action::StoryList,
        help: "story list",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('t')],
        action: Action::ToggleTimeline,
        help: "timeline on/off",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('m')],
        action: Action::MoveArticle,
        help: "move to a story",
    },
    Binding {
        modes: NORMAL,
        keys: &[key('x')],
        action: Action::SplitArticle,
        help: "split into own story",
    },
    Binding {
        modes: STORIES,
        keys: &[code(KeyCode::Enter)],
        action: Action::Select,
        help: "open the story",
    },
    Binding {
        modes: STORIES,
        keys: &[key('d')],
        action: Action::SortStories,
        help: "sort by date / size",
    },
    Binding {
        modes: SEARCH,
        keys: &[Key::Typed],
        action: Action::SearchInput(' '),
        help: "type the query",
    },
    Binding {
        modes: SEARCH,
        keys: &[code(KeyCode::Backspace)],
        action: Action::SearchBackspace,
        help: "delete a character",
    },
    Binding {
        modes: SEARCH,
        keys: &[ctrl('u')],
        action: Action::SearchClear,
        help: "clear the query",
    },
    Binding {
        modes: SEARCH,
        keys: &[code(KeyCode::Down), ctrl('n')],
        action: Action::Down,
        help: "next result",
    },
    Binding {
        modes: SEARCH,
        keys: &[code(KeyCode::Up), ctrl('p')],
        action: Action::Up,
        help: "previous result",
    },
    Binding {
        modes: SEARCH,
        keys: &[code(KeyCode::Tab)],
        action: Action::SearchScope,
        help: "cycle scope",
    },
    Binding {
        modes: SEARCH,
        keys: &[code(KeyCode::Enter)],
        action: Action::Select,
        help: "jump to the hit",
    },
    Binding {
        modes: SEARCH,
        keys: &[code(KeyCode::Esc)],
        action: Action::SearchClose,
        help: "close, clear hits",
    },
    Binding {
        modes: COPY,
        keys: &[key('p')],
        action: Action::CopyPlain,
        help: "as plain text",
    },
    Binding {
        modes: COPY,
        keys: &[key('m')],
        action: Action::CopyMarkdown,
        help: "as Markdown",
    },
    Binding {
        modes: COPY,
        keys: &[code(KeyCode::Esc), key('q'), key('y')],
        action: Action::CloseOverlay,
        help: "close the menu",
    },
    Binding {
        modes: EXPORT,
        keys: &[Key::Typed],
        action: Action::ExportInput(' '),
        help: "type the file's path",
    },
    Binding {
        modes: EXPORT,
        keys: &[code(KeyCode::Backspace)],
        action: Action::ExportBackspace,
        help: "delete a character",
    },
    Binding {
        modes: EXPORT,
        keys: &[ctrl('u')],
        action: Action::ExportClear,
        help: "clear the path",
    },
    Binding {
        modes: EXPORT,
        keys: &[code(KeyCode::Tab)],
        action: Action::ExportFormat,
        help: "Markdown / JSON",
    },
    Binding {
        modes: EXPORT,
        keys: &[code(KeyCode::Enter)],
        action: Action::Select,
        help: "write the file",
    },
    Binding {
        modes: EXPORT,
        keys: &[code(KeyCode::Esc)],
        action: Action::CloseOverlay,
        help: "cancel",
    },
    Binding {
        modes: OVERWRITE,
        keys: &[key('y')],
        action: Action::Select,
        help: "yes, overwrite",
    },
    Binding {
        modes: OVERWRITE,
        keys: &[key('n'), code(KeyCode::Esc)],
        action: Action::CloseOverlay,
        help: "no, keep the file",
    },
];

/// The key hints of each mode, most important first: the actions and the word for them. The
/// keys are looked up in [`BINDINGS`] (the first key bound to each action in the mode).
static HINTS: &[(Mode, &[Action], &str)] = &[
    (Mode::Normal, &[Action::OpenHelp], "help"),
    (Mode::Normal, &[Action::Quit], "quit"),
    (Mode::Normal, &[Action::Down, Action::Up], "move"),
    (Mode::Normal, &[Action::PrevPane, Action::NextPane], "pane"),
    (Mode::Normal, &[Action::OpenSearch], "search"),
    (Mode::Normal, &[Action::Next, Action::Prev], "next"),
    (Mode::Normal, &[Action::OpenClaims], "claims"),
    (Mode::Normal, &[Action::OpenFacts], "facts"),
    (Mode::Normal, &[Action::ToggleUnique], "unique"),
    (Mode::Normal, &[Action::ToggleBoilerplate], "boilerplate"),
    (Mode::Normal, &[Action::NextClaim], "which claim"),
    (Mode::Normal, &[Action::OpenCopyMenu], "copy"),
    (Mode::Normal, &[Action::OpenSource], "open"),
    (Mode::Normal, &[Action::OpenQuotes], "quotes"),
    (Mode::Claims, &[Action::Down, Action::Up], "choose"),
    (Mode::Claims, &[Action::Select], "jump"),
    (Mode::Claims, &[Action::CloseOverlay], "close"),
    (Mode::Facts, &[Action::Down, Action::Up], "choose"),
    (Mode::Facts, &[Action::Select], "jump"),
    (Mode::Facts, &[Action::CloseOverlay], "close"),
    (Mode::Quotes, &[Action::Down, Action::Up], "choose"),
    (Mode::Quotes, &[Action::Select], "jump"),
    (Mode::Quotes, &[Action::CloseOverlay], "close"),
    (Mode::Search, &[Action::Select], "jump"),
    (Mode::Search, &[Action::SearchClose], "close"),
    (Mode::Search, &[Action::SearchScope], "scope"),
    (Mode::Search, &[Action::Up, Action::Down], "choose"),
    (Mode::Help, &[Action::CloseOverlay], "closes"),
    (Mode::Stories, &[Action::Select], "open"),
    (Mode::Stories, &[Action::Down, Action::Up], "choose"),
    (Mode::Stories, &[Action::SortStories], "by date/size"),
    (Mode::Stories, &[Action::OpenSearch], "search"),
    (Mode::Stories, &[Action::OpenHelp], "help"),
    (Mode::Stories, &[Action::Quit], "quit"),
    (Mode::Normal, &[Action::StoryList], "stories"),
    (Mode::Normal, &[Action::ToggleTimeline], "timeline"),
    (Mode::MoveTo, &[Action::Down, Action::Up], "choose"),
    (Mode::MoveTo, &[Action::Select], "move there"),
    (Mode::MoveTo, &[Action::CloseOverlay], "cancel"),
    (Mode::Copy, &[Action::CopyPlain], "plain"),
    (Mode::Copy, &[Action::CopyMarkdown], "Markdown"),
    (Mode::Copy, &[Action::CloseOverlay], "close"),
    (Mode::Normal, &[Action::ToggleMark], "mark"),
    (Mode::Normal, &[Action::OpenExport], "export"),
    (Mode::Claims, &[Action::ToggleMark], "mark"),
    (Mode::Facts, &[Action::ToggleMark], "mark"),
    (Mode::Export, &[Action::Select], "write"),
    (Mode::Export, &[Action::ExportFormat], "format"),
    (Mode::Export, &[Action::CloseOverlay], "cancel"),
    (Mode::Overwrite, &[Action::Select], "overwrite"),
    (Mode::Overwrite, &[Action::CloseOverlay], "keep"),
];

/// A binding as the reader uses it: a row of [`BINDINGS`] with the keys the config gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// The stable name a config file uses ([`name`]).
    pub name: String,
    /// Modes the binding applies in.
    pub modes: &'static [Mode],
    /// The keys, first shown first in the help; empty when the config unbound them all.
    pub keys: Vec<Key>,
    /// What they do.
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
}

impl Bound {
    /// The keys as the help shows them, e.g. "j, ↓".
    pub fn keys_label(&self) -> String {
        self.keys.iter().map(label).collect::<Vec<_>>().join(", ")
    }

    /// A config file may set its keys (a prompt's text and "any key" are not keys to set).
    pub fn remappable(&self) -> bool {
        self.keys.iter().all(|k| matches!(k, Key::Is(..)))
    }
}

/// The keys of the reader: the defaults with the config file's changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<Bound>,
}

/// The default keymap, for callers that have no config (tests, `--print-config`).
static DEFAULT: LazyLock<Keymap> = LazyLock::new(Keymap::default);

/// A mistake in a config file's keys: which entry, which key of it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    /// The entry (index into the list given to [`Keymap::with_keys`]).
    pub entry: usize,
    /// The key of the entry at fault, when one is.
    pub key: Option<usize>,
    /// What is wrong, in the user's words.
    pub message: String,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS
                .iter()
                .map(|b| Bound {
                    name: name(b),
                    modes: b.modes,
                    keys: b.keys.to_vec(),
                    action: b.action.clone(),
                    help: b.help,
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// The defaults with the keys of each named binding replaced (action name, key strings).
    /// A key given to one binding is taken from the others of its modes; a key given to two
    /// bindings of one mode is an error, as are unknown names and key strings.
    pub fn with_keys(entries: &[(&str, Vec<&str>)]) -> Result<Keymap, KeyError> {
        let mut map = Keymap::default();
        // Which entry set each binding.
        let mut set_by: Vec<Option<usize>> = vec![None; map.bindings.len()];
        for (i, (action, keys)) in entries.iter().enumerate() {
            let Some(row) = map
                .bindings
                .iter()
                .position(|b| b.name == *action && b.remappable())
            else {
                return Err(KeyError {
                    entry: i,
                    key: None,
                    message: format!(
                        "unknown action \"{action}\" (`parallax --print-config` lists them)"
                    ),
                });
            };
            let mut parsed = Vec::new();
            for (k, text) in keys.iter().enumerate() {
                let (code, mods) = crate::tui::keys::parse(text).map_err(|message| KeyError {
                    entry: i,
                    key: Some(k),
                    message,
                })?;
                if !parsed.contains(&Key::Is(code, mods)) {
                    parsed.push(Key::Is(code, mods));
                }
            }
            map.bindings[row].keys = parsed;
            set_by[row] = Some(i);
        }
        for (a, entry) in set_by.iter().enumerate() {
            let Some(entry) = *entry else { continue };
            let taken = map.bindings[a].keys.clone();
            let modes = map.bindings[a].modes;
            for (b, other) in map.bindings.iter_mut().enumerate() {
                if a == b || !other.modes.iter().any(|m| modes.contains(m)) {
                    continue;
                }
                if let Some(k) = taken.iter().find(|k| other.keys.contains(k))
                    && set_by[b].is_some()
                {
                    let first = entries[entry].0;
                    return Err(KeyError {
                        entry,
                        key: None,
                        message: format!(
                            "the key {} is given to both {first} and {}",
                            label(k),
                            other.name
                        ),
                    });
                }
                other.keys.retain(|k| !taken.contains(k));
            }
        }
        Ok(map)
    }

    /// Every binding, in the order the help lists them.
    pub fn bindings(&self) -> &[Bound] {
        &self.bindings
    }

    /// The first key bound to `action` in `mode`, as the help writes it.
    pub fn first_key(&self, mode: Mode, action: &Action) -> Option<String> {
        self.bindings
            .iter()
            .filter(|b| b.modes.contains(&mode) && b.action == *action)
            .find_map(|b| b.keys.first())
            .map(label)
    }

    /// The key hints of a mode, most important first: "? help", "j/k move", ... (an action
    /// left without a key has no hint).
    pub fn hints(&self, mode: Mode) -> Vec<String> {
        HINTS
            .iter()
            .filter(|(m, _, _)| *m == mode)
            .filter_map(|(_, actions, word)| {
                let keys: Option<Vec<String>> =
                    actions.iter().map(|a| self.first_key(mode, a)).collect();
                Some(format!("{} {word}", keys?.join("/")))
            })
            .collect()
    }

    /// The action of any terminal event in a mode: keys through the keymap, the mouse, pastes
    /// and resizes.
    pub fn event_action(&self, mode: Mode, event: Event) -> Option<Action> {
        match event {
            Event::Key(key) => self.action(mode, key),
            Event::Mouse(mouse) => mouse_action(mouse),
            Event::Paste(text) => Some(Action::Paste(text)),
            Event::Resize(width, height) => Some(Action::Resize { width, height }),
            Event::FocusGained | Event::FocusLost => None,
        }
    }

    /// The action a key does in a mode, if any.
    pub fn action(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let (code, mods) = normalise(&event);
        let bindings = || self.bindings.iter().filter(|b| b.modes.contains(&mode));
        if let Some(b) = bindings().find(|b| b.keys.contains(&Key::Is(code, mods))) {
            return Some(b.action.clone());
        }
        if let KeyCode::Char(c) = code
            && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && let Some(b) = bindings().find(|b| b.keys.contains(&Key::Typed))
        {
            return Some(match b.action {
                Action::SearchInput(_) => Action::SearchInput(c),
                Action::ExportInput(_) => Action::ExportInput(c),
                ref other => other.clone(),
            });
        }
        bindings()
            .find(|b| b.keys.contains(&Key::Any))
            .map(|b| b.action.clone())
    }
}

/// The stable name of a binding in a config file (see the module's notes).
pub fn name(binding: &Binding) -> String {
    let base = kebab(&binding.action);
    let modes = binding.modes;
    if modes.contains(&Mode::Normal) {
        // (The reader's keys that also work on the story list count as the reader's.)
        let also_in_reader = modes.len() > 1
            && BINDINGS.iter().any(|b| {
                b.modes.contains(&Mode::Normal)
                    && b.modes.len() < modes.len()
                    && b.action == binding.action
            });
        return if also_in_reader {
            format!("{base}-anywhere")
        } else {
            base
        };
    }
    let section = match modes.first() {
        Some(Mode::Claims | Mode::Facts) => "list".to_string(),
        Some(mode) => kebab(mode),
        None => return base,
    };
    if base.starts_with(&format!("{section}-")) {
        base
    } else {
        format!("{section}-{base}")
    }
}

/// A variant's name in kebab-case: `HalfPageDown` -> `half-page-down`.
fn kebab(value: &impl std::fmt::Debug) -> String {
    let debug = format!("{value:?}");
    let ident = debug.split(['(', ' ', '{']).next().unwrap_or_default();
    let mut out = String::new();
    for (i, c) in ident.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The key hints of a mode under the default keys (see [`Keymap::hints`]).
pub fn hints(mode: Mode) -> Vec<String> {
    DEFAULT.hints(mode)
}

/// The action of a terminal event under the default keys (see [`Keymap::event_action`]).
pub fn event_action(mode: Mode, event: Event) -> Option<Action> {
    DEFAULT.event_action(mode, event)
}

/// What the mouse does, for the help overlay (see [`mouse_action`]).
pub static MOUSE_HELP: &[(&str, &str)] = &[
    ("wheel", "scroll pane under it"),
    ("click", "focus pane, sentence"),
];

/// Strips modifiers that do not change a key's meaning (Shift on a character or on Shift-Tab).
fn normalise(event: &KeyEvent) -> (KeyCode, KeyModifiers) {
    let mut mods =
        event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    (event.code, mods)
}

/// The action a key does in a mode under the default keys (see [`Keymap::action`]).
pub fn action(mode: Mode, event: KeyEvent) -> Option<Action> {
    DEFAULT.action(mode, event)
}

/// The action of a mouse event: the wheel scrolls, a left click focuses.
pub fn mouse_action(event: MouseEvent) -> Option<Action> {
    let (column, row) = (event.column, event.row);
    match event.kind {
        MouseEventKind::ScrollDown => Some(Action::Scroll {
            column,
            row,
            lines: 1,
        }),
        MouseEventKind::ScrollUp => Some(Action::Scroll {
            column,
            row,
            lines: -1,
        }),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        _ => None,
    }
}

/// How a key is written in the help overlay.
pub fn label(key: &Key) -> String {
    let Key::Is(code, mods) = key else {
        return match key {
            Key::Typed => "text".into(),
            _ => "any key".into(),
        };
    };
    let name = match code {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    for (m, word) in [
        (KeyModifiers::CONTROL, "Ctrl-"),
        (KeyModifiers::ALT, "Alt-"),
        (KeyModifiers::SHIFT, "Shift-"),
    ] {
        if mods.contains(m) {
            out.push_str(word);
        }
    }
    out + &name
}

/// The keys of a binding as the help shows them, e.g. "j, ↓".
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(label)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(mode: Mode, code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        action(mode, KeyEvent::new(code, mods))
    }

    #[test]
    fn readme_keys_table_matches_the_keymap() {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        for b in BINDINGS.iter().filter(|b| b.keys != [Key::Any]) {
            let config = if b.keys == [Key::Typed] {
                String::new()
            } else {
                format!("`{}`", name(b))
            };
            let row = format!("| {} | {} | {config} |", keys_label(b), b.help);
            assert!(readme.contains(&row), "README.md lacks the keys row {row}");
        }
    }

    #[test]
    fn every_documented_key_maps_to_its_action_in_each_mode() {
        for b in BINDINGS {
            for &mode in b.modes {
                for k in b.keys {
                    let got = match *k {
                        Key::Is(code, mods) => press(mode, code, mods),
                        Key::Typed => press(mode, KeyCode::Char('x'), KeyModifiers::NONE),
                        Key::Any => press(mode, KeyCode::F(5), KeyModifiers::NONE),
                    };
                    let want = match b.action {
                        Action::SearchInput(_) => Action::SearchInput('x'),
                        Action::ExportInput(_) => Action::ExportInput('x'),
                        ref a => a.clone(),
                    };
                    assert_eq!(got, Some(want), "{} in {mode:?}", label(k));
                }
            }
        }
    }

    #[test]
    fn reader_keys_from_the_issue() {
        use KeyCode::*;
        let n = KeyModifiers::NONE;
        let m = Mode::Normal;
        assert_eq!(press(m, Char('j'), n), Some(Action::Down));
        assert_eq!(press(m, Down, n), Some(Action::Down));
        assert_eq!(press(m, Char('k'), n), Some(Action::Up));
        assert_eq!(
            press(m, Char('d'), KeyModifiers::CONTROL),
            Some(Action::HalfPageDown)
        );
        assert_eq!(press(m, PageUp, n), Some(Action::PageUp));
        // Terminals report capitals and Shift-Tab with or without Shift.
        assert_eq!(
            press(m, Char('G'), KeyModifiers::SHIFT),
            Some(Action::Bottom)
        );
        assert_eq!(
            press(m, BackTab, KeyModifiers::SHIFT),
            Some(Action::PrevPane)
        );
        assert_eq!(press(m, Tab, n), Some(Action::NextPane));
        assert_eq!(
            press(m, Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit)
        );
        assert_eq!(press(m, Esc, n), Some(Action::Back));
        assert_eq!(press(m, Char('z'), n), None);
    }

    #[test]
    fn help_closes_on_any_key_and_prompt_takes_text() {
        use KeyCode::*;
        let n = KeyModifiers::NONE;
        assert_eq!(press(Mode::Help, Char('q'), n), Some(Action::CloseOverlay));
        assert_eq!(press(Mode::Help, Esc, n), Some(Action::CloseOverlay));
        assert_eq!(
            press(Mode::Help, Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit)
        );
        // In the prompt, letters that are keys elsewhere are text.
        assert_eq!(
            press(Mode::Search, Char('q'), n),
            Some(Action::SearchInput('q'))
        );
        assert_eq!(
            press(Mode::Search, Char('J'), KeyModifiers::SHIFT),
            Some(Action::SearchInput('J'))
        );
        assert_eq!(press(Mode::Search, Esc, n), Some(Action::SearchClose));
        assert_eq!(press(Mode::Search, Tab, n), Some(Action::SearchScope));
    }

    #[test]
    fn hints_come_from_the_keymap() {
        assert_eq!(
            hints(Mode::Normal)[..3],
            ["? help".to_string(), "q quit".into(), "j/k move".into()]
        );
        assert_eq!(
            hints(Mode::Search),
            ["Enter jump", "Esc close", "Tab scope", "↑/↓ choose"]
        );
        assert_eq!(hints(Mode::Help), ["any key closes"]);
    }

    #[test]
    fn a_paste_is_text_never_keys() {
        let paste = Event::Paste("q\nquit".into());
        for mode in [Mode::Normal, Mode::Search, Mode::Claims] {
            assert_eq!(
                event_action(mode, paste.clone()),
                Some(Action::Paste("q\nquit".into()))
            );
        }
    }

    #[test]
    fn every_binding_has_its_own_stable_name() {
        let names: Vec<String> = BINDINGS.iter().map(name).collect();
        for (want, b) in [("down", &BINDINGS[0]), ("half-page-down", &BINDINGS[2])] {
            assert_eq!(name(b), want);
        }
        for n in [
            "quit",
            "quit-anywhere",
            "suspend",
            "list-down",
            "search-close",
            "copy-markdown",
        ] {
            assert!(
                names.iter().any(|x| x == n),
                "no binding named {n}: {names:?}"
            );
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "names repeat: {names:?}");
    }

    #[test]
    fn a_remapped_key_moves_and_leaves_the_others() {
        let map = Keymap::with_keys(&[("down", vec!["n", "ctrl-j"]), ("quit", vec![])]).unwrap();
        let press = |mode, code, mods| map.action(mode, KeyEvent::new(code, mods));
        let n = KeyModifiers::NONE;
        assert_eq!(
            press(Mode::Normal, KeyCode::Char('n'), n),
            Some(Action::Down)
        );
        assert_eq!(
            press(Mode::Normal, KeyCode::Char('j'), KeyModifiers::CONTROL),
            Some(Action::Down)
        );
        // j and the arrow were down's; n was next's and went to down.
        assert_eq!(press(Mode::Normal, KeyCode::Char('j'), n), None);
        assert_eq!(press(Mode::Normal, KeyCode::Down, n), None);
        assert_eq!(map.first_key(Mode::Normal, &Action::Next), None);
        // Other modes keep their keys; q no longer quits, Ctrl-c still does.
        assert_eq!(
            press(Mode::Claims, KeyCode::Char('j'), n),
            Some(Action::Down)
        );
        assert_eq!(press(Mode::Normal, KeyCode::Char('q'), n), None);
        assert_eq!(
            press(Mode::Normal, KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit)
        );
        let hints = map.hints(Mode::Normal);
        assert!(hints.contains(&"n/k move".to_string()), "{hints:?}");
        assert!(hints.contains(&"Ctrl-c quit".to_string()), "{hints:?}");
        assert!(!hints.iter().any(|h| h.ends_with(" next")), "{hints:?}");
    }

    #[test]
    fn config_mistakes_are_named() {
        let err = |entries: &[(&str, Vec<&str>)]| Keymap::with_keys(entries).unwrap_err();
        let e = err(&[("down", vec!["j"]), ("nowhere", vec!["x"])]);
        assert_eq!((e.entry, e.key), (1, None));
        assert!(
            e.message.contains("unknown action \"nowhere\""),
            "{}",
            e.message
        );
        let e = err(&[("up", vec!["k", "hyper-k"])]);
        assert_eq!((e.entry, e.key), (0, Some(1)));
        let e = err(&[("down", vec!["x"]), ("up", vec!["x"])]);
        assert!(e.message.contains("x is given to both"), "{}", e.message);
        // The prompt's text and the help's "any key" are not keys to set.
        assert!(Keymap::with_keys(&[("search-search-input", vec!["x"])]).is_err());
        // The same key in two modes that never meet is fine.
        assert!(Keymap::with_keys(&[("down", vec!["x"]), ("list-down", vec!["x"])]).is_ok());
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut e = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        e.kind = KeyEventKind::Release;
        assert_eq!(action(Mode::Normal, e), None);
    }
}
