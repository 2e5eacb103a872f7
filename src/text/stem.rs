//! A light suffix-stripping stemmer for matching.

/// A light suffix-stripping stemmer for matching (not for display): "regional" and "region",
/// "deployed" and "deployment", "technologies" and "technology" meet. Takes a word already
/// passed through [`canonical`](super::canonical); digits and short words are returned unchanged.
pub fn stem(norm: &str) -> String {
    if norm.len() < 3 || !norm.is_ascii() || norm.bytes().any(|b| b.is_ascii_digit()) {
        return norm.to_string();
    }
    let mut w = norm.to_string();
    // Plurals and third person.
    if let Some(s) = w.strip_suffix("ies")
        && s.len() >= 2
    {
        w = format!("{s}y");
    } else if let Some(s) = w.strip_suffix("sses") {
        w = format!("{s}ss");
    } else if w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && w.len() > 3
    {
        w.pop();
    }
    // One inflectional ending.
    for suf in ["ingly", "edly", "ing", "ed"] {
        if let Some(s) = w.strip_suffix(suf)
            && s.len() >= 2
            && s.bytes().any(is_vowel)
        {
            w = undouble(s);
            break;
        }
    }
    // One derivational ending.
    for suf in [
        "ational", "ization", "ation", "ition", "ement", "ment", "ness", "ional", "ally", "ful",
        "ity", "ive", "ous", "ly", "al", "ion",
    ] {
        if let Some(s) = w.strip_suffix(suf)
            && s.len() >= 4
            && s.bytes().any(is_vowel)
        {
            w = match suf {
                "ional" => format!("{s}ion"),
                _ => s.to_string(),
            };
            break;
        }
    }
    // A final silent "e" and "y"/"i" variants meet: "use"/"used", "apply"/"applied".
    if w.len() >= 3 && (w.ends_with('e') || w.ends_with('y') || w.ends_with('i')) {
        w.pop();
    }
    w
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// "stopp" -> "stop", "plann" -> "plan", but "kill" and "pass" stay.
fn undouble(s: &str) -> String {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 3
        && b[n - 1] == b[n - 2]
        && !matches!(b[n - 1], b'l' | b's' | b'z')
        && !is_vowel(b[n - 1])
    {
        s[..n - 1].to_string()
    } else {
        s.to_string()
    }
}
