//! Month and weekday names.

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads a month written in full ("January", "may") as 1 to 12; any case.
pub fn full_month(word: &str) -> Option<u32> {
    // The names are ASCII, so an ASCII comparison finds them without lower-casing a copy.
    MONTH_NAMES
        .iter()
        .position(|m| m.eq_ignore_ascii_case(word))
        .map(|i| i as u32 + 1)
}

/// Reads a month name or its abbreviation ("January", "jan", "Sept") as 1 to 12; any case.
pub fn month(word: &str) -> Option<u32> {
    full_month(word).or_else(|| {
        let abbr = if word.eq_ignore_ascii_case("sept") {
            "sep"
        } else {
            word
        };
        (abbr.len() == 3)
            .then(|| {
                MONTH_NAMES
                    .iter()
                    .position(|m| m[..3].eq_ignore_ascii_case(abbr))
            })
            .flatten()
            .map(|i| i as u32 + 1)
    })
}

const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// True for a day of the week written in full ("Monday", "friday"); any case.
pub fn full_weekday(word: &str) -> bool {
    WEEKDAY_NAMES.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// True for a day of the week in full or abbreviated ("Tue", "Tues", "Thurs"); any case.
pub fn weekday(word: &str) -> bool {
    const ABBREVIATIONS: [&str; 10] = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    ];
    full_weekday(word) || ABBREVIATIONS.iter().any(|d| d.eq_ignore_ascii_case(word))
}
