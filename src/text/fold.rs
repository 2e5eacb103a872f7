//! Folding for matching: quotes, dashes, spaces, case, diacritics, and British spellings.

use unicode_normalization::UnicodeNormalization;

/// Folds one character for matching: curly quotes and dashes to ASCII, diacritics removed,
/// non-breaking and other spaces to a plain space. Case is kept; see [`fold`].
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => ' ',
        c if c.is_ascii() => c,
        c => {
            // Strip combining marks after canonical decomposition: "é" -> "e".
            let mut base = None;
            for d in std::iter::once(c).nfd() {
                if !is_combining(d) {
                    if base.is_some() {
                        // Decomposes into more than one base char: keep the original.
                        return Some(c);
                    }
                    base = Some(d);
                }
            }
            return base;
        }
    })
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Lower-cases and folds a string for matching (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(f) = fold_char(c) {
            for l in f.to_lowercase() {
                out.push(l);
            }
        }
    }
    out
}

/// Maps British spellings and possessives to one form: "colour" -> "color",
/// "organised" -> "organized", "centre" -> "center", "Kazakhstan's" -> "kazakhstan".
/// Takes an already folded, lower-case word.
pub fn canonical(word: &str) -> String {
    let w = word.strip_suffix("'s").unwrap_or(word);
    let w = w.strip_suffix('\'').unwrap_or(w);
    // Digits: drop thousands separators so "2,030" and "2030" meet.
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return w.replace(',', "");
    }
    if let Some(&(_, us)) = SPELLINGS.iter().find(|(uk, _)| *uk == w) {
        return us.to_string();
    }
    let mut s = w.to_string();
    // -our -> -or (colour, favour, labour, neighbour, behaviour), not "four", "hour", "your", "our".
    for (uk, us) in [
        ("our", "or"),
        ("ours", "ors"),
        ("oured", "ored"),
        ("ouring", "oring"),
    ] {
        if let Some(stem) = w.strip_suffix(uk)
            && stem.len() >= 3
            && !OUR_KEEP.contains(&w)
        {
            s = format!("{stem}{us}");
            return s;
        }
    }
    // -ise/-isation/-ised/-ising -> -ize..., for words long enough to be verbs of that kind.
    for (uk, us) in [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("yse", "yze"),
        ("ysed", "yzed"),
    ] {
        if let Some(stem) = w.strip_suffix(uk)
            && stem.len() >= 4
            && !ISE_KEEP.iter().any(|k| w.starts_with(k))
        {
            s = format!("{stem}{us}");
            return s;
        }
    }
    // -tre -> -ter (centre, theatre, metre), not "genre" etc. (those end in -nre).
    if let Some(stem) = w.strip_suffix("tre")
        && stem.len() >= 3
    {
        return format!("{stem}ter");
    }
    if let Some(stem) = w.strip_suffix("tres")
        && stem.len() >= 3
    {
        return format!("{stem}ters");
    }
    s
}

const SPELLINGS: &[(&str, &str)] = &[
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("cancelled", "canceled"),
    ("labelled", "labeled"),
    ("modelled", "modeled"),
    ("fuelled", "fueled"),
    ("grey", "gray"),
    ("tyre", "tire"),
    ("tyres", "tires"),
    ("kerb", "curb"),
    ("cheque", "check"),
    ("jewellery", "jewelry"),
    ("aluminium", "aluminum"),
    ("manoeuvre", "maneuver"),
    ("judgement", "judgment"),
    ("ageing", "aging"),
    ("sceptical", "skeptical"),
    ("coup d'etat", "coup"),
];

/// Words ending in -our that are not British spellings.
const OUR_KEEP: &[&str] = &[
    "your",
    "four",
    "hour",
    "pour",
    "tour",
    "sour",
    "flour",
    "detour",
    "devour",
    "contour",
    "amour",
    "tambour",
    "troubadour",
    "paramour",
    "velour",
    "dour",
    "scour",
    "ours",
    "yours",
    "fours",
    "hours",
    "tours",
];

/// Word beginnings where -ise is not a British -ize.
const ISE_KEEP: &[&str] = &[
    "advertis",
    "advis",
    "appris",
    "aris",
    "chastis",
    "compris",
    "compromis",
    "concis",
    "devis",
    "disguis",
    "enterpris",
    "excis",
    "exercis",
    "expertis",
    "franchis",
    "improvis",
    "incis",
    "merchandis",
    "precis",
    "premis",
    "promis",
    "revis",
    "supervis",
    "surmis",
    "surpris",
    "televis",
    "wis",
    "ris",
    "bruis",
    "cruis",
    "nois",
    "pois",
    "rais",
    "prais",
    "otherwis",
    "likewis",
    "clockwis",
    "concis",
    "paradis",
    "treatis",
    "demis",
    "vis",
];
