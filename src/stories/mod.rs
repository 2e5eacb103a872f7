//! Stories: the loaded articles grouped by the event they report, so that claims, facts and
//! quotes are compared within one event and never across two. No terminal code here.
//!
//! Pipeline: [`profile`] weighs each article's event-identifying terms (names and places, that is
//! capitalised words not opening a sentence, numbers, rare words; IDF over the loaded set), keeps
//! the words saying when (years, weekdays, months: they tell two events of one group apart) and
//! reads its date; [`cluster`] finds similar pairs through an inverted index over the rare terms
//! (lists capped in length, so the cost grows about linearly) with similarity lowered by distance
//! in time, merges them by average link, splits groups holding two events of one kind, and
//! moves each article that is clearly more like another group than its own ([`cluster::reassign`]);
//! [`Story`] then sums each group up for the list:
//! the most representative headline, outlets, date range, first reported by.

pub mod cluster;
pub mod dates;
pub mod profile;

use jiff::civil::Date;
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use crate::claims::{self, Analysis};
use crate::corpus::{Article, SentenceRef};

pub use dates::parse_date;
pub use profile::ArticleTerms;

/// Settings of the grouping; the defaults are what the reader and `report` use (fitted on half
/// the ECB+ topics, see `examples/eval_stories.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryOptions {
    /// Least mean similarity between two groups for them to merge.
    pub threshold: f32,
    /// Least mean similarity, re-weighed within a group (see [`cluster::split`]), for its
    /// members to stay together; 0 keeps groups whole.
    pub split_threshold: f32,
    /// Fewest articles a split-off part needs to stand as a story of its own.
    pub min_part: usize,
    /// After grouping, an article moves to another group when its mean similarity there is
    /// above this many times its mean within its own (see [`cluster::reassign`]); 0 moves none.
    pub reassign: f32,
    /// Weight of a word written as a name (capitalised, not opening a sentence) over a plain word.
    pub name_weight: f32,
    /// Weight of words in the first sentences, which state the event.
    pub lead_weight: f32,
    /// How many first body sentences count as the lead.
    pub lead_sentences: usize,
    /// Days apart within which publication dates do not lower similarity.
    pub days: f32,
    /// Words read per article at most (long pages add little about which event they report).
    pub max_words: usize,
    /// Terms kept per article, heaviest first.
    pub index_terms: usize,
    /// Of those, how many find the article's candidate pairs through the index.
    pub probe_terms: usize,
    /// Most similar articles kept per article.
    pub neighbours: usize,
    /// Least similarity for a pair to be kept at all.
    pub min_similarity: f32,
    /// A term in more than this many times the square root of the number of articles is not
    /// indexed (see [`Self::df_cap`]).
    pub df_root: f32,
    /// ... but a term is always indexed when in at most this many articles.
    pub df_floor: usize,
    /// Weight of the words saying when (years, weekdays, months) in splitting a group
    /// ([`profile::Profile::context`]); 0 leaves them out.
    pub context_weight: f32,
}

impl Default for StoryOptions {
    fn default() -> Self {
        Self {
            threshold: 0.06,
            split_threshold: 0.08,
            min_part: 6,
            reassign: 1.4,
            name_weight: 3.0,
            lead_weight: 1.0,
            lead_sentences: 3,
            days: 90.0,
            max_words: 800,
            index_terms: 60,
            probe_terms: 16,
            neighbours: 30,
            min_similarity: 0.05,
            df_root: 1.0,
            df_floor: 60,
            context_weight: 2.0,
        }
    }
}

impl StoryOptions {
    /// The longest postings list indexed in a set of `n` articles: terms in more articles than
    /// this tie together too many stories to tell one from another, and would cost quadratically.
    pub fn df_cap(&self, n: usize) -> usize {
        // Grows slower than the set: one event has tens or hundreds of articles, not a share
        // of everything loaded, and each probe walks these lists.
        self.df_floor
            .max((self.df_root * (n as f32).sqrt()) as usize)
    }
}

/// One story: the articles about one event, and what the story list shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// Indices into the loaded articles, in load order.
    pub articles: Vec<usize>,
    /// The most representative headline: that of the article closest to the story's centre.
    pub title: String,
    /// The article the title comes from.
    pub title_article: usize,
    /// Distinct outlets, most articles first (ties in load order).
    pub outlets: Vec<String>,
    /// The earliest stated publication date.
    pub first_date: Option<Date>,
    /// The latest stated publication date.
    pub last_date: Option<Date>,
    /// The outlet of the earliest dated article.
    pub first_reported_by: Option<String>,
}

impl Story {
    /// How many distinct outlets report it.
    pub fn source_count(&self) -> usize {
        self.outlets.len()
    }
}

/// Groups articles into stories with the default settings; largest story first.
pub fn find(articles: &[Article]) -> Vec<Story> {
    find_with(articles, &StoryOptions::default())
}

/// [`find`] with explicit settings.
pub fn find_with(articles: &[Article], opts: &StoryOptions) -> Vec<Story> {
    find_from_terms(articles, profile::article_terms(articles, opts), opts)
}

/// [`find_with`], from the articles' terms read ahead, as they loaded ([`profile::Readers`]
/// with the same `opts`): only the set's part of the grouping is left. `terms` holds one per
/// article, in order; when it does not, the terms are read again here.
pub fn find_from_terms(
    articles: &[Article],
    terms: Vec<ArticleTerms>,
    opts: &StoryOptions,
) -> Vec<Story> {
    let terms = if terms.len() == articles.len() {
        terms
    } else {
        profile::article_terms(articles, opts)
    };
    let profiles = profile::profiles_of(terms, opts);
    groups(articles, &profiles, opts)
        .into_iter()
        .map(|g| summarise(articles, &profiles, g))
        .collect()
}

/// Groups by average link over the candidate pairs, each group then split where it holds two
/// similar events; largest first.
fn groups(
    articles: &[Article],
    profiles: &profile::Profiles,
    opts: &StoryOptions,
) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    let n = articles.len();
    let edges = cluster::edges(profiles, opts);
    let coarse = cluster::average_link(n, &edges, opts.threshold);
    let out: Vec<Vec<usize>> = if opts.split_threshold <= 0.0 {
        coarse
    } else {
        coarse
            .into_par_iter()
            .flat_map_iter(|g| cluster::split(profiles, g, opts))
            .collect()
    };
    let out = cluster::reassign(n, &edges, out, opts);
    let mut out = place_by_shared_sentences(articles, profiles, out);
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

/// Fewest words in a sentence that ties an unplaced article to another by being identical.
const SHARED_SENTENCE_WORDS: usize = 5;

/// Articles the term weights cannot place, because every word they have in common with
/// others is in too many articles to weigh (copies of one article, or many articles around
/// one sentence: 151 copies would otherwise be 151 stories and their shared claim lost),
/// join the groups of the articles they share a whole sentence with (of at least
/// [`SHARED_SENTENCE_WORDS`] words, not boilerplate). A sentence shared by placed articles
/// alone joins nothing, so events told apart by their terms stay apart.
fn place_by_shared_sentences(
    articles: &[Article],
    profiles: &profile::Profiles,
    groups: Vec<Vec<usize>>,
) -> Vec<Vec<usize>> {
    let unplaced = |i: usize| {
        profiles
            .articles
            .get(i)
            .is_none_or(|p| p.terms.iter().all(|&(_, w)| w <= 0.0))
    };
    if !(0..articles.len()).any(unplaced) {
        return groups;
    }
    let mut group_of = vec![0usize; articles.len()];
    for (g, members) in groups.iter().enumerate() {
        for &i in members {
            group_of[i] = g;
        }
    }
    // Union-find over groups, joined only through an unplaced article's sentences.
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn root(parent: &mut [usize], mut g: usize) -> usize {
        while parent[g] != g {
            parent[g] = parent[parent[g]];
            g = parent[g];
        }
        g
    }
    // A sentence stands for its folded text by a hash of it, computed as it is folded: over a
    // large set, a copy of every sentence would cost more than the grouping.
    let key = |s: &crate::corpus::Sentence| {
        (s.boilerplate.is_none()
            && !s.heading
            && s.text
                .split_whitespace()
                .nth(SHARED_SENTENCE_WORDS - 1)
                .is_some())
        .then(|| folded_hash(&s.text))
    };
    // Each sentence's first article, and whether an unplaced article holds it.
    let mut first: FxHashMap<u64, usize> = FxHashMap::default();
    for (i, article) in articles.iter().enumerate() {
        let loose = unplaced(i);
        for s in &article.sentences {
            let Some(k) = key(s) else { continue };
            match first.get(&k) {
                None => {
                    first.insert(k, i);
                }
                Some(&j) if loose || unplaced(j) => {
                    let (a, b) = (
                        root(&mut parent, group_of[i]),
                        root(&mut parent, group_of[j]),
                    );
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                Some(_) => {}
            }
        }
    }
    let mut joined: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (g, members) in groups.into_iter().enumerate() {
        let r = root(&mut parent, g);
        joined[r].extend(members);
    }
    joined
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect()
}

/// A hash of `text` folded ([`crate::text::fold_char`]) and lower-cased, char by char.
fn folded_hash(text: &str) -> u64 {
    let mut h = FxHasher::default();
    for c in text.chars() {
        // ASCII folds to itself (but for the backtick) and lower-cases to one character: the
        // same hash as the general path, at a tenth of its cost.
        if c.is_ascii() {
            let l = if c == '`' {
                '\''
            } else {
                c.to_ascii_lowercase()
            };
            h.write_u32(l as u32);
        } else if let Some(c) = crate::text::fold_char(c) {
            c.to_lowercase().for_each(|l| h.write_u32(l as u32));
        }
    }
    h.finish()
}

/// The groups alone (article indices, largest first), without summaries: what the evaluation
/// and the benchmarks measure.
pub fn group(articles: &[Article], opts: &StoryOptions) -> Vec<Vec<usize>> {
    groups(articles, &profile::profiles(articles, opts), opts)
}

/// The article index sets of the stories, for running an analysis per story.
pub fn article_sets(stories: &[Story]) -> Vec<&[usize]> {
    stories.iter().map(|s| s.articles.as_slice()).collect()
}

fn summarise(articles: &[Article], profiles: &profile::Profiles, group: Vec<usize>) -> Story {
    // The centre: the summed term weights of the members.
    let mut centre: FxHashMap<u32, f32> = FxHashMap::default();
    for &i in &group {
        for &(t, w) in &profiles.articles[i].terms {
            *centre.entry(t).or_default() += w;
        }
    }
    let closeness = |i: usize| -> f32 {
        profiles.articles[i]
            .terms
            .iter()
            .map(|(t, w)| w * centre.get(t).copied().unwrap_or(0.0))
            .sum()
    };
    let titled = |i: &usize| !articles[*i].title.is_empty();
    let title_article = group
        .iter()
        .copied()
        .filter(titled)
        .map(|i| (i, closeness(i)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(group[0], |(i, _)| i);
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for (k, &i) in group.iter().enumerate() {
        let s = articles[i].source.as_str();
        match counts.iter_mut().find(|c| c.0 == s) {
            Some(c) => c.1 += 1,
            None => counts.push((s, 1, k)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let dated: Vec<(Date, usize)> = group
        .iter()
        .filter_map(|&i| Some((articles[i].date.as_deref().and_then(parse_date)?, i)))
        .collect();
    let first = dated.iter().min().copied();
    Story {
        title: articles[title_article].title.clone(),
        title_article,
        outlets: counts.into_iter().map(|c| c.0.to_string()).collect(),
        first_date: first.map(|f| f.0),
        last_date: dated.iter().map(|d| d.0).max(),
        first_reported_by: first.map(|(_, i)| articles[i].source.clone()),
        articles: group,
    }
}

/// The claims analysis of one story, in the numbering of all loaded `articles` (claims never
/// join two stories this way). The whole set is analysed as it is.
pub fn analyse_story(
    articles: &[Article],
    members: &[usize],
    progress: &(dyn Fn(f32) + Sync),
) -> Analysis {
    let an = analyse_members(articles, members, progress);
    if is_all(articles, members) {
        return an;
    }
    globalise(an, members, articles.len())
}

/// `members` is every article of `articles`, in order.
fn is_all(articles: &[Article], members: &[usize]) -> bool {
    members.len() == articles.len() && members.iter().enumerate().all(|(k, &a)| k == a)
}

/// The claims analysis of the articles `members` alone, numbered by position in `members`
/// (its article `k` is `articles[members[k]]`); see [`globalise`] and [`globalise_lists`].
pub fn analyse_members(
    articles: &[Article],
    members: &[usize],
    progress: &(dyn Fn(f32) + Sync),
) -> Analysis {
    if is_all(articles, members) {
        return claims::analyse(articles, progress);
    }
    let subset: Vec<Article> = members.iter().map(|&i| articles[i].clone()).collect();
    claims::analyse(&subset, progress)
}

/// Moves the sentence references in an analysis of the articles `members` (numbered by
/// position) to the numbering of all loaded articles: its links, claims, quotes and facts. The
/// per-article tables stay numbered by position; [`globalise`] moves them too.
pub fn globalise_lists(an: &mut Analysis, members: &[usize]) {
    let global = |r: &mut SentenceRef| r.article = members[r.article];
    for l in &mut an.links {
        global(&mut l.a);
        global(&mut l.b);
    }
    for c in &mut an.claims {
        c.members.iter_mut().for_each(global);
        global(&mut c.representative);
    }
    for q in &mut an.quotes {
        q.variants.iter_mut().for_each(|v| global(&mut v.at));
    }
    for f in &mut an.facts {
        f.values.iter_mut().for_each(|v| global(&mut v.at));
    }
    an.copies.renumber(global);
}

/// Moves an analysis of the articles `members` (numbered by position) to the numbering of all
/// `total` loaded articles: every sentence reference and every per-article table.
pub fn globalise(mut an: Analysis, members: &[usize], total: usize) -> Analysis {
    globalise_lists(&mut an, members);
    fn spread<T: Default + Clone>(local: Vec<T>, members: &[usize], total: usize) -> Vec<T> {
        let mut out = vec![T::default(); total];
        for (k, v) in local.into_iter().enumerate() {
            if let Some(&g) = members.get(k) {
                out[g] = v;
            }
        }
        out
    }
    an.by_sentence = spread(std::mem::take(&mut an.by_sentence), members, total);
    an.links_by_sentence = spread(std::mem::take(&mut an.links_by_sentence), members, total);
    an.shared_words = spread(std::mem::take(&mut an.shared_words), members, total);
    an.statements = spread(std::mem::take(&mut an.statements), members, total);
    an
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_hashes_as_folded_and_lower_cased_whatever_its_script() {
        // The general path: fold, then lower-case, every character.
        let slow = |t: &str| {
            let mut h = FxHasher::default();
            for c in t.chars().filter_map(crate::text::fold_char) {
                c.to_lowercase().for_each(|l| h.write_u32(l as u32));
            }
            h.finish()
        };
        for t in [
            "The `` American Pie'' actress entered rehab.",
            "ZÜRICH — Die Straße ist gesperrt, sagte İstanbul’s Polizei.",
            "Ἀθῆναι ΣΟΦΊΑ ǅemal",
            "",
        ] {
            assert_eq!(folded_hash(t), slow(t), "{t}");
        }
        assert_eq!(folded_hash("Ferry CAPSIZES"), folded_hash("ferry capsizes"));
        assert_eq!(folded_hash("it’s `here'"), folded_hash("it's 'here'"));
    }

    fn article(source: &str, date: &str, text: &str) -> Article {
        Article::dated(source, date, text)
    }

    /// `n` articles from different outlets, each the same report plus a line of its own.
    fn around_one_sentence(n: usize, own_line: bool) -> Vec<Article> {
        (0..n)
            .map(|i| {
                let own = if own_line {
                    format!(" Reporter number{i} filed it from desk{i}.")
                } else {
                    String::new()
                };
                article(
                    &format!("Outlet {i}"),
                    "May 3, 2013",
                    &format!(
                        "Flood closes bridge\n\nThe river flooded the old stone bridge at dawn.{own}"
                    ),
                )
            })
            .collect()
    }

    #[test]
    fn copies_of_one_article_are_one_story_however_many() {
        for n in [2, 3, 151] {
            let stories = find(&around_one_sentence(n, false));
            assert_eq!(stories.len(), 1, "{n} copies: one story");
            assert_eq!(stories[0].articles.len(), n);
        }
    }

    #[test]
    fn many_articles_around_one_sentence_are_one_story() {
        let stories = find(&around_one_sentence(200, true));
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].articles.len(), 200);
    }

    #[test]
    fn a_sentence_shared_by_two_told_apart_events_does_not_join_them() {
        let mut articles = two_events();
        for a in &mut articles {
            let extra = article(
                &a.source,
                "May 3, 2013",
                &format!(
                    "{}\n\nShare this story with your friends and family today.",
                    a.text
                ),
            );
            *a = extra;
        }
        let plain = find(&two_events());
        let shared = find(&articles);
        assert_eq!(plain.len(), shared.len());
    }

    fn two_events() -> Vec<Article> {
        vec![
            article(
                "Daily A",
                "May 3, 2013",
                "Lohan checks into Betty Ford\n\nActress Lindsay Lohan checked into the Betty Ford Center in Rancho Mirage on Thursday for a 90-day stay.",
            ),
            article(
                "Quake Wire",
                "September 12, 2008",
                "Quake hits Iran\n\nA magnitude 6.1 earthquake struck southern Iran near Qeshm Island on Wednesday, killing seven people.",
            ),
            article(
                "Daily B",
                "May 2, 2013",
                "Lohan begins rehab\n\nLindsay Lohan entered the Betty Ford Center in Rancho Mirage, beginning a 90-day court-ordered stay.",
            ),
            article(
                "Quake Post",
                "September 11, 2008",
                "Deadly earthquake in Iran\n\nThe 6.1 earthquake shook Qeshm Island in southern Iran, where seven people died.",
            ),
        ]
    }

    #[test]
    fn terms_read_as_the_articles_load_give_the_same_stories() {
        let arts = two_events();
        let opts = StoryOptions::default();
        let readers = profile::Readers::new(opts);
        let terms: Vec<ArticleTerms> = arts.iter().map(|a| readers.read(a)).collect();
        assert_eq!(find_from_terms(&arts, terms, &opts), find(&arts));
        // Terms that do not match the articles are read again.
        assert_eq!(find_from_terms(&arts, Vec::new(), &opts), find(&arts));
    }

    #[test]
    fn articles_about_one_event_share_a_story() {
        let arts = two_events();
        let stories = find(&arts);
        let sets: Vec<_> = article_sets(&stories);
        assert_eq!(sets, vec![&[0, 2][..], &[1, 3][..]]);
        let lohan = &stories[0];
        assert_eq!(lohan.source_count(), 2);
        assert_eq!(lohan.first_reported_by.as_deref(), Some("Daily B"));
        assert_eq!(lohan.first_date, Date::new(2013, 5, 2).ok());
        assert_eq!(lohan.last_date, Date::new(2013, 5, 3).ok());
        assert!(lohan.title.contains("Lohan"), "{}", lohan.title);
    }

    #[test]
    fn analysis_per_story_speaks_in_global_article_numbers() {
        let arts = two_events();
        let an = analyse_story(&arts, &[1, 3], &|_| {});
        let refs: Vec<usize> = an
            .claims
            .iter()
            .flat_map(|c| c.members.iter().map(|m| m.article))
            .collect();
        assert!(!refs.is_empty());
        assert!(refs.iter().all(|a| [1, 3].contains(a)), "{refs:?}");
        // The links, and what the reader asks of a sentence, speak in the same numbers.
        assert!(!an.links.is_empty());
        for l in &an.links {
            assert!([1, 3].contains(&l.a.article) && [1, 3].contains(&l.b.article));
            assert!(!an.is_unique(l.a) && !an.is_unique(l.b));
            assert!(!an.links_at(l.a).is_empty());
        }
    }
}
