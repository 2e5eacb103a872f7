//! Publication dates read from the metadata strings articles carry ("January 11, 2022",
//! "11 January 2022", "05 / 03 / 2013", "2022-01-11", RFC 3339 and RFC 2822 from feeds).

use jiff::civil::Date;

use crate::text::month;

/// Reads a publication date as loading stored it. Dates without a year ("January 10", from a
/// dateline) give `None`: a guessed year would put the article in the wrong place on a timeline.
/// Numeric dates are read day-first only when the first number cannot be a month.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    // ISO 8601 and RFC 3339 ("2022-01-10T12:00:00Z") start with the civil date.
    if let Some(iso) = s.get(..10)
        && let Ok(d) = iso.parse::<Date>()
    {
        return Some(d);
    }
    let toks: Vec<&str> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let num = |t: &str| -> Option<i32> {
        let d = t
            .strip_suffix("st")
            .or_else(|| t.strip_suffix("nd"))
            .or_else(|| t.strip_suffix("rd"))
            .or_else(|| t.strip_suffix("th"))
            .unwrap_or(t);
        (d.len() <= 4 && !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .then(|| d.parse().ok())
            .flatten()
    };
    let is_year = |t: &str| t.len() == 4 && num(t).is_some_and(|y| (1900..=2100).contains(&y));
    let year_at = toks.iter().position(|t| is_year(t))?;
    let year = num(toks[year_at])?;
    // A month written as a word, with its day next to it ("Jan 10", "10 Jan").
    if let Some(mi) = toks.iter().position(|t| month(t).is_some()) {
        let m = month(toks[mi])? as i8;
        let near = [mi + 1, mi.wrapping_sub(1)];
        let day = near
            .iter()
            .filter(|&&i| i != year_at)
            .filter_map(|&i| toks.get(i).and_then(|t| (t.len() <= 4).then(|| num(t))?))
            .find(|d| (1..=31).contains(d))?;
        return Date::new(year as i16, m, day as i8).ok();
    }
    // All numbers: year first (ISO) or last.
    let nums: Vec<i32> = toks
        .iter()
        .take(3 + year_at)
        .filter_map(|t| num(t))
        .collect();
    let (a, b) = if year_at == 0 {
        (*nums.get(1)?, *nums.get(2)?)
    } else if year_at >= 2 {
        (*nums.get(year_at - 2)?, *nums.get(year_at - 1)?)
    } else {
        return None;
    };
    let (m, d) = if year_at == 0 || a <= 12 {
        (a, b)
    } else {
        (b, a)
    };
    Date::new(year as i16, m as i8, d as i8).ok()
}

/// Days from the Unix epoch, for cheap distances between dates.
pub fn day_number(d: Date) -> i32 {
    // A civil date's span from another is counted in days by default.
    Date::constant(1970, 1, 1)
        .until(d)
        .map_or(0, |span| span.get_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> Option<(i16, i8, i8)> {
        parse_date(s).map(|d| (d.year(), d.month(), d.day()))
    }

    #[test]
    fn dates_as_outlets_and_feeds_write_them() {
        assert_eq!(ymd("January 11, 2022"), Some((2022, 1, 11)));
        assert_eq!(ymd("11 January 2022"), Some((2022, 1, 11)));
        assert_eq!(ymd("May 03, 2013"), Some((2013, 5, 3)));
        assert_eq!(ymd("Sept. 2nd 2008"), Some((2008, 9, 2)));
        assert_eq!(ymd("2022-01-11"), Some((2022, 1, 11)));
        assert_eq!(ymd("2022-01-10T12:00:00+00:00"), Some((2022, 1, 10)));
        assert_eq!(ymd("Mon, 10 Jan 2022 12:00:00 +0000"), Some((2022, 1, 10)));
        assert_eq!(ymd("05 / 03 / 2013"), Some((2013, 5, 3)));
        assert_eq!(ymd("25/03/2013"), Some((2013, 3, 25)));
    }

    #[test]
    fn no_year_or_no_date_gives_none() {
        assert_eq!(ymd("January 10"), None);
        assert_eq!(ymd("yesterday"), None);
        assert_eq!(ymd("February 30, 2013"), None);
        assert_eq!(ymd(""), None);
    }

    #[test]
    fn day_numbers_count_days() {
        let d = |s| day_number(parse_date(s).unwrap());
        assert_eq!(d("1970-01-01"), 0);
        assert_eq!(d("2013-05-03") - d("2013-04-30"), 3);
        assert_eq!(d("2009-01-01") - d("2008-01-01"), 366);
    }
}
