//! The reader's look: one set of named styles and symbols that every view draws with (dark,
//! light, high contrast, or modifiers only under `NO_COLOR`), which one `theme = "auto"` picks
//! from the terminal's background, and the ASCII mode for screen readers and limited terminals.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use unicode_normalization::UnicodeNormalization;

use crate::tui::config::{Config, ThemeChoice};

/// Longest the terminal is given to say its background colour before the dark theme is used.
pub const DETECT_TIMEOUT: Duration = Duration::from_millis(150);

/// Borders in plain ASCII.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// The marks the reader draws besides the text: box drawing and symbols, or plain ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    /// The borders of panes and overlays.
    pub border: border::Set<'static>,
    /// The gutter mark of a sentence no other source states.
    pub unique: &'static str,
    /// The mark before the chosen entry of a list.
    pub chosen: &'static str,
    /// The mark at the start of the chosen row of the story list.
    pub chosen_row: &'static str,
    /// A fact the sources agree on.
    pub agree: &'static str,
    /// A fact the sources disagree on.
    pub disagree: &'static str,
    /// Between the parts of a title ("Shared claims — keys").
    pub dash: &'static str,
    /// Between the key hints of an overlay's title.
    pub dot: &'static str,
    /// Before a claim's version that says the same as its first version as a whole (one
    /// column wide).
    pub same: &'static str,
}

impl Symbols {
    /// Box drawing and symbols.
    pub const UNICODE: Symbols = Symbols {
        border: border::PLAIN,
        unique: "·",
        chosen: "▶",
        chosen_row: "›",
        agree: "✓ agree",
        disagree: "✗ DISAGREE",
        dash: "—",
        dot: "·",
        same: "≡",
    };

    /// Plain ASCII, for screen readers and limited terminals.
    pub const ASCII: Symbols = Symbols {
        border: ASCII_BORDER,
        unique: "*",
        chosen: ">",
        chosen_row: ">",
        agree: "agree",
        disagree: "DISAGREE",
        dash: "-",
        dot: "|",
        same: "=",
    };
}

/// Which palette a theme uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// Light text on a dark background.
    Dark,
    /// Dark text on a light background.
    Light,
    /// Strong contrast on either background: no dim text, bold and reversed marks.
    HighContrast,
    /// No colours at all, only bold, reverse, underline and dim (`NO_COLOR`).
    Plain,
}

/// The styles and symbols of the screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// The palette the styles come from.
    pub palette: Palette,
    /// Only ASCII reaches the screen (see [`ascii_buffer`]).
    pub ascii: bool,
    /// The marks besides the text.
    pub symbols: Symbols,
    /// The sentence under the cursor in the focused pane.
    pub cursor: Style,
    /// A sentence that belongs to a shared claim.
    pub claim: Style,
    /// Another source's version of the claim under the cursor.
    pub emphasis: Style,
    /// Boilerplate, when shown.
    pub boilerplate: Style,
    /// Headings.
    pub heading: Style,
    /// Article notices.
    pub notice: Style,
    /// Characters a search matched.
    pub matched: Style,
    /// The words that carry the focused claim, in each of its versions (never colour alone).
    pub shared: Style,
    /// The claim badge in the gutter.
    pub badge: Style,
    /// The marker of a sentence unique to its source.
    pub unique: Style,
    /// Borders of unfocused panes.
    pub border: Style,
    /// Border and title of the focused pane.
    pub border_focused: Style,
    /// Border and title of an overlay (help, lists, menus).
    pub overlay: Style,
    /// The status bar.
    pub status: Style,
    /// The key hints at the right of the status bar.
    pub hints: Style,
    /// The chosen entry of a list.
    pub selected: Style,
    /// Words one version has that the first does not.
    pub added: Style,
    /// A disagreement between sources.
    pub disagree: Style,
    /// Agreement between sources.
    pub agree: Style,
    /// Secondary text (counts, hints).
    pub faint: Style,
}

fn m(m: Modifier) -> Style {
    Style::new().add_modifier(m)
}

fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

impl Theme {
    /// The dark theme, or the modifiers-only one when `no_color` (as before themes were chosen).
    pub fn new(no_color: bool) -> Theme {
        if no_color {
            Theme::plain()
        } else {
            Theme::dark()
        }
    }

    /// Light text on a dark background.
    pub fn dark() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            palette: Palette::Dark,
            ascii: false,
            symbols: Symbols::UNICODE,
            cursor: Style::new().bg(Color::Blue).fg(Color::White),
            claim: fg(Color::Cyan),
            emphasis: fg(Color::LightCyan).bg(Color::DarkGray).add_modifier(bold),
            boilerplate: fg(Color::DarkGray).add_modifier(Modifier::DIM),
            heading: m(bold),
            notice: fg(Color::Yellow).add_modifier(bold),
            matched: Style::new().bg(Color::Yellow).fg(Color::Black),
            shared: fg(Color::LightYellow).add_modifier(bold | Modifier::UNDERLINED),
            badge: fg(Color::Cyan).add_modifier(bold),
            unique: fg(Color::DarkGray),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::LightBlue).add_modifier(bold),
            overlay: fg(Color::LightBlue).add_modifier(bold),
            status: Style::new().bg(Color::DarkGray).fg(Color::White),
            hints: Style::new().bg(Color::DarkGray).fg(Color::White),
            selected: Style::new().bg(Color::Blue).fg(Color::White),
            added: fg(Color::Yellow).add_modifier(bold),
            disagree: fg(Color::LightRed).add_modifier(bold),
            agree: fg(Color::Green),
            faint: fg(Color::DarkGray),
        }
    }

    /// Dark text on a light background: no yellow or cyan text, which a white background
    /// washes out.
    pub fn light() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            palette: Palette::Light,
            ascii: false,
            symbols: Symbols::UNICODE,
            cursor: Style::new().bg(Color::Blue).fg(Color::White),
            claim: fg(Color::Blue),
            emphasis: fg(Color::Black).bg(Color::Gray).add_modifier(bold),
            boilerplate: fg(Color::DarkGray),
            heading: m(bold),
            notice: fg(Color::Red).add_modifier(bold),
            matched: Style::new().bg(Color::Yellow).fg(Color::Black),
            shared: fg(Color::Magenta).add_modifier(bold | Modifier::UNDERLINED),
            badge: fg(Color::Blue).add_modifier(bold),
            unique: fg(Color::DarkGray),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Blue).add_modifier(bold),
            overlay: fg(Color::Blue).add_modifier(bold),
            status: Style::new().bg(Color::Gray).fg(Color::Black),
            hints: Style::new().bg(Color::Gray).fg(Color::Black),
            selected: Style::new().bg(Color::Blue).fg(Color::White),
            added: fg(Color::Magenta).add_modifier(bold),
            disagree: fg(Color::Red).add_modifier(bold),
            agree: fg(Color::Green),
            faint: fg(Color::DarkGray),
        }
    }

    /// Strong contrast on any background: the terminal's own text colour, marks in bold,
    /// underline and reverse video, black on yellow where something must stand out; nothing
    /// dim or grey.
    pub fn high_contrast() -> Theme {
        let (bold, rev, under) = (Modifier::BOLD, Modifier::REVERSED, Modifier::UNDERLINED);
        let loud = Style::new()
            .bg(Color::Yellow)
            .fg(Color::Black)
            .add_modifier(bold);
        Theme {
            palette: Palette::HighContrast,
            ascii: false,
            symbols: Symbols::UNICODE,
            cursor: m(rev | bold),
            claim: Style::new(),
            emphasis: loud,
            boilerplate: m(Modifier::ITALIC),
            heading: m(bold | under),
            notice: loud,
            matched: loud.add_modifier(under),
            shared: m(bold | under),
            badge: m(bold),
            unique: m(bold),
            border: Style::new(),
            border_focused: m(bold | rev),
            overlay: m(bold),
            status: m(rev | bold),
            hints: m(rev | bold),
            selected: m(rev | bold),
            added: m(bold | under),
            disagree: loud.add_modifier(under),
            agree: m(bold),
            faint: Style::new(),
        }
    }

    /// No colours (`NO_COLOR`): only bold, reverse, underline and dim.
    pub fn plain() -> Theme {
        Theme {
            palette: Palette::Plain,
            ascii: false,
            symbols: Symbols::UNICODE,
            cursor: m(Modifier::REVERSED),
            // Underlining is kept for the shared words, so a claim sentence is plain and
            // another source's version is bold.
            claim: Style::new(),
            emphasis: m(Modifier::BOLD),
            boilerplate: m(Modifier::DIM),
            heading: m(Modifier::BOLD),
            notice: m(Modifier::BOLD),
            matched: m(Modifier::BOLD | Modifier::REVERSED),
            shared: m(Modifier::BOLD | Modifier::UNDERLINED),
            badge: m(Modifier::BOLD),
            unique: m(Modifier::DIM),
            border: m(Modifier::DIM),
            border_focused: m(Modifier::BOLD),
            overlay: m(Modifier::BOLD),
            status: m(Modifier::REVERSED),
            hints: m(Modifier::REVERSED),
            selected: m(Modifier::REVERSED),
            added: m(Modifier::UNDERLINED | Modifier::BOLD),
            disagree: m(Modifier::BOLD | Modifier::REVERSED),
            agree: Style::new(),
            faint: m(Modifier::DIM),
        }
    }

    /// The same theme drawn in plain ASCII (or with symbols again).
    pub fn with_ascii(mut self, ascii: bool) -> Theme {
        self.ascii = ascii;
        self.symbols = if ascii {
            Symbols::ASCII
        } else {
            Symbols::UNICODE
        };
        self
    }

    /// The theme a config asks for: `NO_COLOR` wins over any palette; `auto` asks `detect`
    /// for the terminal's background (dark when it cannot tell).
    pub fn from_config(
        config: &Config,
        no_color: bool,
        detect: impl FnOnce() -> Option<Palette>,
    ) -> Theme {
        let theme = if no_color {
            Theme::plain()
        } else {
            match config.theme {
                ThemeChoice::Dark => Theme::dark(),
                ThemeChoice::Light => Theme::light(),
                ThemeChoice::HighContrast => Theme::high_contrast(),
                ThemeChoice::Auto => match detect() {
                    Some(Palette::Light) => Theme::light(),
                    _ => Theme::dark(),
                },
            }
        };
        theme.with_ascii(config.ascii)
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}

/// Asks the terminal whether its background is dark or light (OSC 11), waiting at most
/// `timeout`; never when stdout is not a terminal (the answer would be mixed into the output).
/// Must run before the reader takes the terminal: the answer arrives as input.
pub fn detect_background(timeout: Duration) -> Option<Palette> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = timeout;
    match terminal_colorsaurus::theme_mode(options).ok()? {
        terminal_colorsaurus::ThemeMode::Light => Some(Palette::Light),
        terminal_colorsaurus::ThemeMode::Dark => Some(Palette::Dark),
    }
}

/// One cell's text in ASCII, as wide as it was drawn or narrower: quotes, dashes and the
/// ellipsis by their ASCII likes, box drawing by `+`, `-` and `|`, accented letters without
/// their accents, anything else `?`.
pub fn ascii_cell(symbol: &str) -> Cow<'_, str> {
    if symbol.is_ascii() {
        return Cow::Borrowed(symbol);
    }
    let mut out = String::new();
    for c in symbol.chars() {
        let plain = match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2026}' => '.',
            // The middle dot separates parts of titles (the unique mark is a symbol of its own).
            '\u{00B7}' => '|',
            // Bullets and the mark of a marked item (the marks' own ASCII symbol is `*` too).
            '\u{2022}' | '\u{25CF}' => '*',
            '\u{2713}' | '\u{2714}' => 'v',
            '\u{2717}' | '\u{2718}' => 'x',
            '\u{25B6}' | '\u{203A}' | '\u{2192}' => '>',
            '\u{2039}' | '\u{2190}' => '<',
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' => ' ',
            '\u{2500}' | '\u{2501}' | '\u{2504}' | '\u{2505}' | '\u{2550}' => '-',
            '\u{2502}' | '\u{2503}' | '\u{2506}' | '\u{2507}' | '\u{2551}' => '|',
            '\u{2500}'..='\u{257F}' => '+',
            // Combining marks go with the letter they sit on.
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c.to_string().nfd().find(char::is_ascii).unwrap_or('?'),
        };
        out.push(plain);
        // One cell holds one character: a wide one becomes one ASCII character here, and the
        // cell after it (blank) stays as drawn.
        break;
    }
    if out.is_empty() {
        out.push(' ');
    }
    Cow::Owned(out)
}

/// Replaces every cell that is not ASCII by its ASCII like (see [`ascii_cell`]), so only ASCII
/// reaches a screen reader or a limited terminal, whatever the articles hold.
pub fn ascii_buffer(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        if !cell.symbol().is_ascii() {
            let plain = ascii_cell(cell.symbol()).into_owned();
            cell.set_symbol(&plain);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_chooses_the_palette_and_no_color_wins() {
        let config = |text: &str| crate::tui::config::parse(text).unwrap();
        let never = || panic!("no detection unless auto");
        let light = Theme::from_config(&config("theme = \"light\""), false, never);
        assert_eq!(light.palette, Palette::Light);
        let hc = Theme::from_config(&config("theme = \"high-contrast\""), false, never);
        assert_eq!(hc.palette, Palette::HighContrast);
        let plain = Theme::from_config(&config("theme = \"light\""), true, never);
        assert_eq!(plain.palette, Palette::Plain);
        let auto = config("");
        let detected = Theme::from_config(&auto, false, || Some(Palette::Light));
        assert_eq!(detected.palette, Palette::Light);
        let unknown = Theme::from_config(&auto, false, || None);
        assert_eq!(unknown.palette, Palette::Dark);
        let ascii = Theme::from_config(&config("ascii = true"), false, || None);
        assert!(ascii.ascii && ascii.symbols == Symbols::ASCII);
    }

    #[test]
    fn ascii_symbols_are_ascii() {
        let s = Symbols::ASCII;
        let b = s.border;
        for text in [
            s.unique,
            s.chosen,
            s.chosen_row,
            s.agree,
            s.disagree,
            s.dash,
            s.dot,
            b.top_left,
            b.top_right,
            b.bottom_left,
            b.bottom_right,
            b.vertical_left,
            b.vertical_right,
            b.horizontal_top,
            b.horizontal_bottom,
        ] {
            assert!(text.is_ascii() && !text.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn cells_fold_to_ascii_like_characters() {
        for (from, to) in [
            ("\u{201C}", "\""),
            ("\u{2019}", "'"),
            ("—", "-"),
            ("…", "."),
            ("│", "|"),
            ("┌", "+"),
            ("┃", "|"),
            ("●", "*"),
            ("·", "|"),
            ("é", "e"),
            ("e\u{301}", "e"),
            ("Ö", "O"),
            ("中", "?"),
            ("👍", "?"),
            ("x", "x"),
        ] {
            assert_eq!(ascii_cell(from), to, "{from:?}");
        }
    }
}
