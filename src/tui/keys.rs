//! Key strings as a config file writes them ("ctrl-d", "shift-tab", "enter", "G", "?"), read
//! into crossterm key codes and written back, so remapped keys show in the help as typed.

use crossterm::event::{KeyCode, KeyModifiers};

/// Named keys, in the spelling a config file uses.
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
    ("minus", KeyCode::Char('-')),
];

/// Reads a key string: modifiers joined by `-` before the key ("ctrl-d", "alt-shift-x"), a named
/// key ("enter", "pagedown", "f5") or one character ("G", "?"). Names are case-insensitive; a
/// single letter keeps its case, so "G" is shift-g. "shift-tab" is read as back-tab.
pub fn parse(s: &str) -> Result<(KeyCode, KeyModifiers), String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("an empty key".into());
    }
    let mut mods = KeyModifiers::NONE;
    let mut rest = s;
    // A lone "-" is the minus key, not a separator; so is a trailing "-" after a modifier.
    while let Some((head, tail)) = rest.split_once('-') {
        if tail.is_empty() {
            break;
        }
        let m = match head.to_ascii_lowercase().as_str() {
            "ctrl" | "control" | "c" => KeyModifiers::CONTROL,
            "alt" | "meta" | "m" | "a" => KeyModifiers::ALT,
            "shift" | "s" => KeyModifiers::SHIFT,
            _ => return Err(format!("unknown modifier \"{head}\" in \"{s}\"")),
        };
        mods |= m;
        rest = tail;
    }
    let lower = rest.to_ascii_lowercase();
    let code = if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
        *code
    } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        if !(1..=24).contains(&n) {
            return Err(format!("no function key F{n} in \"{s}\""));
        }
        KeyCode::F(n)
    } else {
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => return Err(format!("unknown key \"{rest}\" in \"{s}\"")),
        }
    };
    Ok(normalise(code, mods))
}

/// Shift is part of a character ("G", "?") and of back-tab rather than a separate modifier, as
/// terminals report them.
fn normalise(code: KeyCode, mods: KeyModifiers) -> (KeyCode, KeyModifiers) {
    let shift = mods.contains(KeyModifiers::SHIFT);
    match code {
        KeyCode::Tab if shift => (KeyCode::BackTab, mods - KeyModifiers::SHIFT),
        KeyCode::Char(c) if shift && c.is_ascii_lowercase() => (
            KeyCode::Char(c.to_ascii_uppercase()),
            mods - KeyModifiers::SHIFT,
        ),
        KeyCode::Char(_) => (code, mods - KeyModifiers::SHIFT),
        _ => (code, mods),
    }
}

/// Writes a key the way [`parse`] reads it: "ctrl-d", "enter", "G".
pub fn name(code: KeyCode, mods: KeyModifiers) -> String {
    let mut out = String::new();
    if mods.contains(KeyModifiers::CONTROL) {
        out.push_str("ctrl-");
    }
    if mods.contains(KeyModifiers::ALT) {
        out.push_str("alt-");
    }
    if mods.contains(KeyModifiers::SHIFT) {
        out.push_str("shift-");
    }
    match code {
        KeyCode::Char(c) => match NAMED.iter().find(|(_, k)| *k == code) {
            Some((n, _)) if c == ' ' || c == '-' => out.push_str(n),
            _ => out.push(c),
        },
        KeyCode::F(n) => out.push_str(&format!("f{n}")),
        other => match NAMED.iter().find(|(_, k)| *k == other) {
            Some((n, _)) => out.push_str(n),
            None => out.push_str(&format!("{other:?}").to_ascii_lowercase()),
        },
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (KeyCode, KeyModifiers) {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn key_strings_read_as_a_terminal_reports_them() {
        assert_eq!(ok("ctrl-d"), (KeyCode::Char('d'), KeyModifiers::CONTROL));
        assert_eq!(
            ok("Ctrl-Shift-d"),
            (KeyCode::Char('D'), KeyModifiers::CONTROL)
        );
        assert_eq!(ok("G"), (KeyCode::Char('G'), KeyModifiers::NONE));
        assert_eq!(ok("shift-g"), (KeyCode::Char('G'), KeyModifiers::NONE));
        assert_eq!(ok("?"), (KeyCode::Char('?'), KeyModifiers::NONE));
        assert_eq!(ok("-"), (KeyCode::Char('-'), KeyModifiers::NONE));
        assert_eq!(ok("alt--"), (KeyCode::Char('-'), KeyModifiers::ALT));
        assert_eq!(ok("shift-tab"), (KeyCode::BackTab, KeyModifiers::NONE));
        assert_eq!(ok("PageDown"), (KeyCode::PageDown, KeyModifiers::NONE));
        assert_eq!(ok("f5"), (KeyCode::F(5), KeyModifiers::NONE));
        assert_eq!(ok("space"), (KeyCode::Char(' '), KeyModifiers::NONE));
    }

    #[test]
    fn bad_key_strings_say_what_is_wrong() {
        assert!(parse("").unwrap_err().contains("empty"));
        assert!(
            parse("hyper-x")
                .unwrap_err()
                .contains("unknown modifier \"hyper\"")
        );
        assert!(parse("ctrl-escape-key").is_err());
        assert!(parse("f99").unwrap_err().contains("F99"));
        assert!(parse("abc").unwrap_err().contains("unknown key \"abc\""));
    }

    #[test]
    fn names_read_back_to_the_same_key() {
        for s in [
            "ctrl-d", "G", "enter", "pagedown", "f5", "space", "alt-x", "backtab", "-", "?",
        ] {
            let (code, mods) = ok(s);
            assert_eq!(ok(&name(code, mods)), (code, mods), "{s}");
        }
        assert_eq!(name(KeyCode::Char('d'), KeyModifiers::CONTROL), "ctrl-d");
    }
}
