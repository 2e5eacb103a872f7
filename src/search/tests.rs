//! Ranking rules a reader would expect, checked on the seed articles.

use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use super::*;
use crate::corpus::{self, Article, Document, LoadOptions};

fn seeds() -> &'static (Corpus, Index) {
    static SEEDS: OnceLock<(Corpus, Index)> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = format!("{}/seeds", env!("CARGO_MANIFEST_DIR"));
        let corpus = corpus::load(&[dir], &LoadOptions::default());
        assert_eq!(corpus.articles.len(), 5);
        let index = Index::new(&corpus);
        (corpus, index)
    })
}

fn find(query: &str) -> Vec<Hit> {
    let (_, index) = seeds();
    index
        .search(query, &|_, _| true, 100, &AtomicBool::new(false))
        .expect("not cancelled")
}

/// The seed file number ("000".."004") a hit comes from.
fn file(hit: &Hit) -> String {
    let origin = &seeds().0.articles[hit.at.article].origin;
    let name = std::path::Path::new(origin).file_name().unwrap();
    name.to_string_lossy()[..3].to_string()
}

/// The seed files of the hits, sorted.
fn files(hits: &[Hit]) -> Vec<String> {
    let mut files: Vec<String> = hits.iter().map(file).collect();
    files.sort();
    files
}

fn text(hit: &Hit) -> &'static str {
    &seeds().0.articles[hit.at.article].sentences[hit.at.sentence].text
}

/// The highlighted pieces of a hit.
fn marked(hit: &Hit) -> Vec<&'static str> {
    hit.ranges.iter().map(|r| &text(hit)[r.clone()]).collect()
}

/// The sentences `query` finds, best first (at most ten).
fn hit_texts(corpus: &Corpus, index: &Index, query: &str) -> Vec<String> {
    index
        .search(query, &|_, _| true, 10, &AtomicBool::new(false))
        .unwrap()
        .iter()
        .map(|h| {
            corpus.articles[h.at.article].sentences[h.at.sentence]
                .text
                .to_string()
        })
        .collect()
}

fn corpus_of(texts: &[&str]) -> (Corpus, Index) {
    let corpus = Corpus {
        articles: texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Article::from_document(Document {
                    origin: format!("t{i}.txt"),
                    text: t.to_string(),
                    ..Document::default()
                })
            })
            .collect(),
        skipped: Vec::new(),
    };
    let index = Index::new(&corpus);
    (corpus, index)
}

#[test]
fn maidan_technologies_brings_the_001_and_002_sentences_first() {
    let hits = find("maidan technologies");
    let first: Vec<String> = hits.iter().take(3).map(file).collect();
    assert!(first.contains(&"001".to_string()) && first.contains(&"002".to_string()));
    assert!(first.iter().all(|f| f == "001" || f == "002"), "{first:?}");
    for hit in &hits[..3] {
        assert!(text(hit).contains("technologies"), "{}", text(hit));
    }
}

#[test]
fn phrase_in_order_ranks_above_scattered_words() {
    let hits = find("maidan technologies");
    let scattered = hits
        .iter()
        .position(|h| text(h).contains("technologies of forceful information"))
        .expect("the scattered sentence still matches");
    assert!(scattered >= 3, "scattered words ranked {scattered}");
    assert!(hits[0].score > hits[scattered].score);
}

#[test]
fn waiting_in_the_wings_finds_000_and_003() {
    let hits = find("waiting in the wings");
    let first: Vec<String> = hits.iter().take(2).map(file).collect();
    assert!(first.contains(&"000".to_string()), "{first:?}");
    assert!(first.contains(&"003".to_string()), "{first:?}");
    assert_eq!(marked(&hits[0]), ["waiting", "in", "the", "wings"]);
}

#[test]
fn nonsense_finds_nothing() {
    assert!(find("zzqx").is_empty());
    assert!(find("maidan zzqx").is_empty());
}

#[test]
fn every_query_word_must_match() {
    let hits = find("putin tokayev");
    assert!(!hits.is_empty());
    for hit in &hits {
        let lower = text(hit).to_lowercase();
        assert!(
            lower.contains("putin") && lower.contains("tokayev"),
            "{lower}"
        );
    }
    assert!(find("putin").len() > hits.len());
}

#[test]
fn letters_scattered_over_a_sentence_do_not_match() {
    // "ptnsd" is a subsequence of "Putin said", which a sentence-wide fuzzy match would take.
    let (corpus, _) = seeds();
    let subsequence = |s: &str| {
        let mut want = "ptnsd".chars().peekable();
        for c in s.to_lowercase().chars() {
            if want.peek() == Some(&c) {
                want.next();
            }
        }
        want.peek().is_none()
    };
    let sentences = corpus.articles.iter().flat_map(|a| &a.sentences);
    assert!(sentences.filter(|s| subsequence(&s.text)).count() > 10);
    assert!(find("ptnsd").is_empty());
}

#[test]
fn a_typo_in_a_longer_word_is_forgiven() {
    let hits = find("tokayv");
    assert!(!hits.is_empty());
    for hit in &hits {
        for piece in marked(hit) {
            assert!("Tokayev".contains(piece), "{piece:?} in {}", text(hit));
        }
    }
    assert_eq!(
        find("tokayev").len(),
        hits.len(),
        "the typo finds what the word finds"
    );
    assert!(!find("tokaev").is_empty());
}

#[test]
fn whole_words_rank_above_parts_and_fuzzy_matches() {
    let hits = find("protest");
    assert!(!hits.is_empty());
    let whole = |h: &Hit| {
        crate::text::word_ranges(text(h)).any(|r| text(h)[r].eq_ignore_ascii_case("protest"))
    };
    let first_part = hits.iter().position(|h| !whole(h)).unwrap_or(hits.len());
    assert!(first_part > 0, "a whole-word hit comes first");
    assert!(hits[first_part..].iter().all(|h| !whole(h)));
}

#[test]
fn short_queries_match_literally() {
    let hits = find("cs");
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(text(hit).to_lowercase().contains("cs"), "{}", text(hit));
        assert!(marked(hit).iter().all(|m| m.eq_ignore_ascii_case("cs")));
    }
}

#[test]
fn digits_match_literally_and_as_whole_numbers() {
    let hits = find("10");
    assert!(!hits.is_empty());
    for hit in &hits {
        for piece in marked(hit) {
            assert!(
                piece.starts_with("10") || piece.eq_ignore_ascii_case("ten"),
                "{piece}"
            );
        }
    }
    // "20" is not found inside "2014" or "2022"; "201" starts "2014" and is.
    assert!(find("20").iter().all(|h| {
        marked(h)
            .iter()
            .all(|m| m.starts_with("20") || m.eq_ignore_ascii_case("twenty"))
    }));
    assert!(find("201").iter().any(|h| text(h).contains("2014")));
}

#[test]
fn smart_case() {
    let any = find("kazakhstan").len();
    assert!(any > 0);
    assert_eq!(
        find("Kazakhstan").len(),
        any,
        "the seeds always capitalise it"
    );
    assert!(find("KAZAKHSTAN").is_empty());
    assert!(find("maidan technologies").len() >= find("Maidan technologies").len());
}

#[test]
fn quotes_fold_together() {
    let curly = find("\u{2018}Maidan\u{2019} technologies");
    let straight = find("'Maidan' technologies");
    assert!(!curly.is_empty());
    assert_eq!(curly, straight);
    let possessive = find("Kazakhstan's statehood");
    assert!(
        possessive
            .iter()
            .any(|h| text(h).contains("Kazakhstan\u{2019}s statehood"))
    );
}

#[test]
fn diacritics_fold_together() {
    let (corpus, index) = corpus_of(&["The caf\u{e9} in Almaty reopened.", "Nothing here."]);
    let hits = index
        .search("cafe almaty", &|_, _| true, 10, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(hits.len(), 1);
    let text = &corpus.articles[0].sentences[hits[0].at.sentence].text;
    let marked: Vec<&str> = hits[0].ranges.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(marked, ["caf\u{e9}", "Almaty"]);
}

#[test]
fn spelling_variants_fold_together() {
    let colour = files(&find("colour revolution"));
    let color = files(&find("color revolution"));
    assert_eq!(colour, color);
    assert!(colour.contains(&"003".to_string()) && colour.contains(&"000".to_string()));
    let organised: Vec<String> = find("well organised").iter().map(file).collect();
    assert!(organised.contains(&"001".to_string()) && organised.contains(&"002".to_string()));
}

#[test]
fn number_words_meet_digits() {
    let words = files(&find("sixteen"));
    let digits = files(&find("16"));
    assert!(words.contains(&"001".to_string()) && words.contains(&"003".to_string()));
    assert_eq!(words, digits);
}

#[test]
fn a_word_typed_without_its_hyphen_still_matches() {
    let hits = find("kassymjomart");
    assert!(!hits.is_empty());
    assert!(
        marked(&hits[0])
            .concat()
            .eq_ignore_ascii_case("kassymjomart")
    );
}

#[test]
fn ranges_are_byte_ranges_after_multibyte_text() {
    // The 001 sentence opens with curly quotes (three bytes each) before "technologies".
    let hits = find("technologies");
    for hit in &hits {
        for piece in marked(hit) {
            assert_eq!(piece.to_lowercase(), "technologies", "{}", text(hit));
        }
        assert!(hit.ranges.windows(2).all(|w| w[0].end < w[1].start));
    }
}

#[test]
fn allowed_limits_the_sentences_and_the_counts() {
    let (corpus, index) = seeds();
    let only_003 = |a: usize, _: usize| corpus.articles[a].origin.contains("003_");
    let mut session = Session::new();
    let results = session
        .search(
            index,
            "kazakhstan",
            &only_003,
            2,
            &AtomicBool::new(false),
            None,
        )
        .unwrap();
    assert_eq!(results.hits.len(), 2);
    assert!(results.hits.iter().all(|h| file(h) == "003"));
    let in_003 = corpus
        .articles
        .iter()
        .position(|a| a.origin.contains("003_"))
        .unwrap();
    assert_eq!(results.per_article[in_003], results.total);
    assert_eq!(results.per_article.iter().sum::<usize>(), results.total);
}

#[test]
fn typing_character_by_character_ends_where_a_fresh_search_does() {
    let (_, index) = seeds();
    let mut session = Session::new();
    let query = "waiting in the wings";
    for end in 1..=query.len() {
        let part = &query[..end];
        let typed = session
            .search(index, part, &|_, _| true, 50, &AtomicBool::new(false), None)
            .unwrap();
        let fresh = Session::new()
            .search(index, part, &|_, _| true, 50, &AtomicBool::new(false), None)
            .unwrap();
        assert_eq!(typed, fresh, "after typing {part:?}");
    }
    // And back again with backspace.
    for end in (1..query.len()).rev() {
        let part = &query[..end];
        let typed = session
            .search(index, part, &|_, _| true, 50, &AtomicBool::new(false), None)
            .unwrap();
        let fresh = find(part);
        assert_eq!(
            typed.hits,
            fresh[..fresh.len().min(50)],
            "after deleting to {part:?}"
        );
    }
}

#[test]
fn a_cancelled_search_returns_none() {
    let (_, index) = seeds();
    assert_eq!(
        index.search("putin", &|_, _| true, 10, &AtomicBool::new(true)),
        None
    );
}

#[test]
fn the_background_searcher_answers_the_latest_query() {
    let (corpus, _) = seeds();
    let index = Arc::new(Index::new(corpus));
    let mut searcher = Searcher::new(index);
    searcher.submit("putin", Arc::new(|_, _| true), 5);
    let latest = searcher.submit("tokayev", Arc::new(|_, _| true), 5);
    let update = loop {
        let update = searcher
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("an answer");
        if update.results.complete {
            break update;
        }
    };
    assert_eq!(update.generation, latest);
    assert_eq!(update.results.query, "tokayev");
    assert!(!update.results.hits.is_empty());
}

#[test]
fn boilerplate_is_not_indexed() {
    let (mut corpus, _) = corpus_of(&[
        "Putin spoke to the leaders of the alliance on Monday.\n\nSubscribe to our newsletter.",
    ]);
    for sentence in &mut corpus.articles[0].sentences {
        sentence.boilerplate = sentence
            .text
            .contains("newsletter")
            .then_some(crate::corpus::Boilerplate::Footer);
    }
    let index = Index::new(&corpus);
    let search = |q: &str| {
        index
            .search(q, &|_, _| true, 10, &AtomicBool::new(false))
            .unwrap()
    };
    assert!(search("newsletter").is_empty());
    assert_eq!(search("putin").len(), 1);
}

#[test]
fn a_prepared_query_checks_single_sentences() {
    let (_, index) = seeds();
    let hits = find("waiting in the wings");
    let prepared = index.prepare("waiting in the wings").unwrap();
    for hit in &hits {
        assert_eq!(
            prepared
                .hit(index, hit.at.article, hit.at.sentence)
                .as_ref(),
            Some(hit)
        );
    }
    let (corpus, _) = seeds();
    for (a, article) in corpus.articles.iter().enumerate() {
        for s in 0..article.sentences.len() {
            let found = hits.iter().any(|h| (h.at.article, h.at.sentence) == (a, s));
            assert_eq!(prepared.hit(index, a, s).is_some(), found);
        }
    }
    assert!(index.prepare(" ... ").is_none());
    let kazakhstan = index.prepare("kazakhstan").unwrap();
    let all = find("kazakhstan");
    for article in 0..corpus.articles.len() {
        let in_pane = kazakhstan.article_hits(index, article);
        assert!(
            in_pane
                .windows(2)
                .all(|w| w[0].at.sentence < w[1].at.sentence)
        );
        assert_eq!(
            in_pane.len(),
            all.iter().filter(|h| h.at.article == article).count()
        );
    }
}

#[test]
fn the_index_can_be_shared_with_a_search_thread() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Index>();
    shareable::<Prepared>();
}

#[test]
fn ascii_word_splitting_agrees_with_the_shared_rule() {
    for text in [
        "Kazakhstan's 2,030 troops, 3.5 km; well-organised. 7' x 'quoted' a.b 1,2,3",
        "  ...Tokayev,said: \"16\" don't 1.5.2 end",
        "",
    ] {
        let mut fast = Vec::new();
        ascii_words(text.as_bytes(), |r| fast.push(r));
        let shared: Vec<_> = crate::text::word_ranges(text).collect();
        assert_eq!(fast, shared, "{text}");
    }
}

#[test]
fn a_query_word_finds_other_forms_of_it_below_the_written_form() {
    let (corpus, index) = corpus_of(&[
        "Both men underwent training at terrorist camps in Yemen.\n\n\
         The recruits trained in camps near the border.\n\n\
         The coup attempt failed within hours.\n\n\
         Officers attempted a coup in 1991.\n\n\
         The train left the camp at dawn.",
    ]);
    let texts = |query: &str| hit_texts(&corpus, &index, query);
    // The written form first, one other form after it, two other forms last.
    assert_eq!(
        texts("trained camps"),
        [
            "The recruits trained in camps near the border.",
            "Both men underwent training at terrorist camps in Yemen.",
            "The train left the camp at dawn.",
        ]
    );
    assert_eq!(
        texts("coup attempted"),
        [
            "Officers attempted a coup in 1991.",
            "The coup attempt failed within hours.",
        ]
    );
    // The other form is highlighted whole.
    let hit = &index
        .search("trained", &|_, _| true, 10, &AtomicBool::new(false))
        .unwrap()[1];
    let text = &corpus.articles[0].sentences[hit.at.sentence].text;
    assert_eq!(&text[hit.ranges[0].clone()], "training");
}

#[test]
fn other_forms_share_the_whole_stem() {
    let (corpus, index) =
        corpus_of(&["The train left the camp at dawn.\n\nA trainload of grain arrived."]);
    let texts = |query: &str| hit_texts(&corpus, &index, query);
    // "trained" and "train" share a stem, "camps" and "camp" too; "trainload" is another word.
    assert_eq!(texts("trained"), ["The train left the camp at dawn."]);
    assert_eq!(texts("camps"), ["The train left the camp at dawn."]);
}
