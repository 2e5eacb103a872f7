//! Shared text normalisation for matching: folding quotes, case, diacritics and spelling variants,
//! word tokens with byte ranges, number words, stems, month and weekday names, and word diffs.
//! Used by `claims` and `search`; no terminal code.

mod dates;
pub mod diff;
mod fold;
mod stem;
mod words;

pub use dates::{full_month, full_weekday, month, weekday};
pub use fold::{canonical, fold, fold_char};
pub use stem::stem;
pub use words::{Word, WordRanges, is_stopword, number_to_word, number_word, word_ranges, words};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_full_and_abbreviated() {
        assert_eq!(full_month("MAY"), Some(5));
        assert_eq!(full_month("Mayday"), None);
        assert_eq!(
            (month("Sept"), month("dec"), month("Decem")),
            (Some(9), Some(12), None)
        );
        assert_eq!(month("jux"), None);
    }

    #[test]
    fn weekdays_in_full_and_abbreviated() {
        assert!(full_weekday("Wednesday") && full_weekday("sunday"));
        assert!(!full_weekday("Wed") && !full_weekday("Sundays"));
        assert!(weekday("Wed") && weekday("THURS") && weekday("Friday"));
        assert!(!weekday("Sunday's") && !weekday("we"));
    }

    #[test]
    fn stopwords_are_sorted() {
        assert!(words::STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn folds_quotes_case_and_diacritics() {
        assert_eq!(fold("\u{201C}Maidan\u{201D} Café"), "\"maidan\" cafe");
        assert_eq!(fold("country\u{2019}s"), "country's");
    }

    #[test]
    fn british_and_american_spellings_meet() {
        for (uk, us) in [
            ("colour", "color"),
            ("organised", "organized"),
            ("stabilise", "stabilize"),
            ("centre", "center"),
            ("centres", "centers"),
            ("defence", "defense"),
            ("realisation", "realization"),
        ] {
            assert_eq!(canonical(uk), canonical(us), "{uk} vs {us}");
        }
        for keep in [
            "four",
            "hour",
            "your",
            "promise",
            "otherwise",
            "exercise",
            "genre",
        ] {
            assert_eq!(canonical(keep), keep);
        }
    }

    #[test]
    fn words_keep_numbers_and_possessives_whole() {
        let text = "Kazakhstan\u{2019}s 2,030 troops, 3.5 km; well-organised.";
        let norms: Vec<_> = words(text).into_iter().map(|w| w.norm).collect();
        assert_eq!(
            norms,
            [
                "kazakhstan",
                "2030",
                "troops",
                "3.5",
                "km",
                "well",
                "organized"
            ]
        );
        let w = &words(text)[1];
        assert_eq!(&text[w.range.clone()], "2,030");
    }

    #[test]
    fn joiners_join_only_between_their_kind() {
        let text = "\u{201C}Maidan technologies\u{201D} \u{2014} don't 1,2 a.b 7' x";
        let got: Vec<&str> = word_ranges(text).map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["Maidan", "technologies", "don't", "1,2", "a", "b", "7", "x"]
        );
    }

    #[test]
    fn months_read_in_full_and_abbreviated() {
        assert_eq!(month("January"), Some(1));
        assert_eq!(month("sept"), Some(9));
        assert_eq!(month("Dec"), Some(12));
        assert_eq!(month("may"), Some(5));
        assert_eq!(month("mon"), None);
        assert_eq!(month("march"), Some(3));
        assert_eq!(month("marching"), None);
        assert_eq!(full_month("Sept"), None);
        assert_eq!(full_month("June"), Some(6));
    }

    #[test]
    fn number_words_read_as_numbers() {
        assert_eq!(number_word("sixteen"), Some(16));
        assert_eq!(number_word("twenty-five"), Some(25));
        assert_eq!(number_word("troops"), None);
        assert_eq!(number_to_word(16), Some("sixteen"));
    }
    #[test]
    fn stems_meet_across_inflection_and_derivation() {
        for (a, b) in [
            ("regional", "region"),
            ("regions", "region"),
            ("deployed", "deployment"),
            ("technologies", "technology"),
            ("used", "use"),
            ("killed", "kill"),
            ("stopped", "stop"),
            ("revolutions", "revolution"),
            ("organized", "organize"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} vs {b}");
        }
        assert_eq!(stem("2030"), "2030");
        assert_ne!(stem("troops"), stem("trip"));
    }
}
