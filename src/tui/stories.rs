//! The story list's state: the stories found in the loaded articles (each with an id, its
//! analysis once known), their sort, the chosen row, the story open in the panes, and the
//! reader's fixes to the grouping (an article moved to another story, or split off).
//!
//! Analyses are run per story in the background ([`crate::tui::workers`]); each carries the id
//! of the story it was asked for, and a story changed by a fix gets a new id, so an answer for
//! what the story used to be is dropped.

use std::sync::Arc;

use jiff::civil::Date;

use crate::corpus::Article;
use crate::stories::{Story, parse_date};
use crate::tui::list::List;
use crate::tui::workers::Findings;

/// How the story list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Most sources, then most articles, first.
    #[default]
    Size,
    /// Latest first reported first; undated last.
    Date,
}

impl Sort {
    /// How the list's title names it.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Size => "by size",
            Sort::Date => "by date",
        }
    }
}

/// One story of the list.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Names this version of the story: a fix gives a new one.
    pub id: u64,
    /// The articles and what the list shows of them.
    pub story: Story,
    /// The story's own claims, facts and quotes, once analysed.
    pub findings: Option<Arc<Findings>>,
}

impl Entry {
    /// The coverage figure: (shared claims, facts the sources disagree on), once analysed.
    pub fn coverage(&self) -> Option<(usize, usize)> {
        let a = &self.findings.as_ref()?.analysis;
        Some((a.claims.len(), a.facts.iter().filter(|f| !f.agree).count()))
    }
}

/// Where the grouping stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grouping {
    /// No grouping: everything loaded is one story (one article, or a reader made for one).
    Off,
    /// The worker is grouping the articles.
    Running,
    /// The stories are known.
    Ready,
    /// The grouping failed: why. Everything is read as one story.
    Failed(String),
}

/// The story list and the story open in the panes.
#[derive(Debug, Clone)]
pub struct Stories {
    grouping: Grouping,
    entries: Vec<Entry>,
    /// Rows of the list: indices into `entries`, in the shown order.
    rows: Vec<usize>,
    sort: Sort,
    /// The chosen row.
    pub list: List,
    /// The chosen row of the story picker (moving an article).
    pub picker: List,
    /// The open story's id.
    open: Option<u64>,
    next_id: u64,
    /// Each article's parsed publication date, for the timeline.
    dates: Vec<Option<Date>>,
}

impl Stories {
    /// No stories yet: `grouping` says whether they are coming.
    pub fn new(grouping: Grouping) -> Stories {
        Stories {
            grouping,
            entries: Vec::new(),
            rows: Vec::new(),
            sort: Sort::Size,
            list: List::default(),
            picker: List::default(),
            open: None,
            next_id: 0,
            dates: Vec::new(),
        }
    }

    /// Where the grouping stands.
    pub fn grouping(&self) -> &Grouping {
        &self.grouping
    }

    /// True when the reader has a story list (grouping under way, or more than one story).
    pub fn listed(&self) -> bool {
        match self.grouping {
            Grouping::Running => true,
            Grouping::Ready => self.entries.len() > 1,
            Grouping::Off | Grouping::Failed(_) => false,
        }
    }

    /// The stories, by id order of creation (see [`Self::rows`] for the shown order).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The list's rows in the shown order.
    pub fn rows(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.rows.iter().map(|&i| &self.entries[i])
    }

    /// How many stories there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True before the stories are known.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The list's order.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The entry on the chosen row.
    pub fn chosen(&self) -> Option<&Entry> {
        self.rows
            .get(self.list.selected())
            .map(|&i| &self.entries[i])
    }

    /// The story open in the panes.
    pub fn open(&self) -> Option<&Entry> {
        let id = self.open?;
        self.entries.iter().find(|e| e.id == id)
    }

    /// The story holding an article.
    pub fn story_of(&self, article: usize) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.story.articles.contains(&article))
    }

    /// The stories the picker offers for the open story's focused article: all but the open one,
    /// in the list's order.
    pub fn picker_rows(&self) -> Vec<&Entry> {
        self.rows().filter(|e| Some(e.id) != self.open).collect()
    }

    /// The stories arrived. Returns the analyses to run, biggest story first.
    pub fn set(&mut self, stories: Vec<Story>, articles: &[Article]) -> Vec<(u64, Vec<usize>)> {
        self.ensure_dates(articles);
        self.entries = stories
            .into_iter()
            .map(|story| {
                self.next_id += 1;
                Entry {
                    id: self.next_id,
                    story,
                    findings: None,
                }
            })
            .collect();
        self.grouping = Grouping::Ready;
        self.resort();
        self.list.reset();
        let mut jobs: Vec<(u64, Vec<usize>)> = self
            .entries
            .iter()
            .filter(|e| e.story.articles.len() > 1)
            .map(|e| (e.id, e.story.articles.clone()))
            .collect();
        jobs.sort_by_key(|j| std::cmp::Reverse(j.1.len()));
        jobs
    }

    /// The grouping failed: everything is read as one story.
    pub fn failed(&mut self, why: String) {
        self.grouping = Grouping::Failed(why);
    }

    /// A story's analysis arrived; false when the story has changed since it was asked for.
    pub fn analysed(&mut self, id: u64, findings: Arc<Findings>) -> bool {
        match self.entries.iter_mut().find(|e| e.id == id) {
            Some(e) => {
                e.findings = Some(findings);
                true
            }
            None => false,
        }
    }

    /// Opens the story on the chosen row (or the one with `id`); returns it.
    pub fn open_chosen(&mut self) -> Option<&Entry> {
        self.open = Some(self.chosen()?.id);
        self.open()
    }

    /// Opens the story holding `article`, choosing its row; returns it.
    pub fn open_article(&mut self, article: usize) -> Option<&Entry> {
        let i = self
            .entries
            .iter()
            .position(|e| e.story.articles.contains(&article))?;
        if let Some(row) = self.rows.iter().position(|&r| r == i) {
            self.list.select(row);
        }
        self.open = Some(self.entries[i].id);
        self.open()
    }

    /// The list's row drawn on screen row `y` of the body `body` (inside its border, under
    /// the header), as drawing places them.
    pub fn row_at(&self, body: ratatui::layout::Rect, y: u16) -> Option<usize> {
        let (top_y, height) = (body.y + 2, body.height.saturating_sub(3) as usize);
        let sel = self.list.selected();
        let top = crate::tui::list::list_top(sel..sel + 1, height);
        let row = top + y.checked_sub(top_y)? as usize;
        (y < top_y + height as u16 && row < self.rows.len()).then_some(row)
    }

    /// Back to the list: no story is open.
    pub fn close(&mut self) {
        self.open = None;
    }

    /// Switches the list between size and date order, keeping the chosen story chosen.
    pub fn toggle_sort(&mut self) {
        let chosen = self.chosen().map(|e| e.id);
        self.sort = match self.sort {
            Sort::Size => Sort::Date,
            Sort::Date => Sort::Size,
        };
        self.resort();
        self.choose(chosen);
    }

    fn choose(&mut self, id: Option<u64>) {
        let Some(row) = id.and_then(|id| self.rows.iter().position(|&i| self.entries[i].id == id))
        else {
            self.list.clamp(self.rows.len());
            return;
        };
        self.list.select(row);
    }

    fn resort(&mut self) {
        let e = &self.entries;
        let mut rows: Vec<usize> = (0..e.len()).collect();
        match self.sort {
            Sort::Size => rows.sort_by(|&a, &b| {
                let (a, b) = (&e[a].story, &e[b].story);
                (b.source_count(), b.articles.len())
                    .cmp(&(a.source_count(), a.articles.len()))
                    .then(a.articles[0].cmp(&b.articles[0]))
            }),
            Sort::Date => rows.sort_by(|&a, &b| {
                let (a, b) = (&e[a].story, &e[b].story);
                // Latest first; undated stories last.
                match (a.first_date, b.first_date) {
                    (Some(x), Some(y)) => y.cmp(&x),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then(b.articles.len().cmp(&a.articles.len()))
                .then(a.articles[0].cmp(&b.articles[0]))
            }),
        }
        self.rows = rows;
    }

    /// Reads every article's publication date once, for the timeline.
    pub fn ensure_dates(&mut self, articles: &[Article]) {
        if self.dates.len() != articles.len() {
            self.dates = articles
                .iter()
                .map(|a| a.date.as_deref().and_then(parse_date))
                .collect();
        }
    }

    /// The articles of the open story in pane order: load order, or by publication date
    /// (undated last) on the timeline.
    pub fn pane_order(&self, members: &[usize], timeline: bool) -> Vec<usize> {
        let mut order = members.to_vec();
        order.sort_unstable();
        if timeline {
            let date = |a: usize| self.dates.get(a).copied().flatten();
            order.sort_by(|&a, &b| match (date(a), date(b)) {
                (Some(x), Some(y)) => x.cmp(&y).then(a.cmp(&b)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.cmp(&b),
            });
        }
        order
    }

    /// Moves `article` out of the open story into the story with id `to` (`None`: a story of
    /// its own). Returns the analyses to run (the open story's first), or nothing when the move
    /// means nothing (the article is the open story's only one and it would stand alone).
    pub fn move_article(
        &mut self,
        article: usize,
        to: Option<u64>,
        articles: &[Article],
    ) -> Vec<(u64, Vec<usize>)> {
        let Some(from) = self.open else {
            return Vec::new();
        };
        let Some(fi) = self.entries.iter().position(|e| e.id == from) else {
            return Vec::new();
        };
        if to.is_none() && self.entries[fi].story.articles.len() < 2 {
            return Vec::new();
        }
        let ti = to.and_then(|id| self.entries.iter().position(|e| e.id == id));
        if to.is_some() && ti.is_none() || ti == Some(fi) {
            return Vec::new();
        }
        let chosen = self.chosen().map(|e| e.id);
        let mut jobs = Vec::new();
        self.entries[fi].story.articles.retain(|&a| a != article);
        let left = self.entries[fi].story.articles.clone();
        if left.is_empty() {
            self.entries.remove(fi);
            self.open = None;
        } else {
            let id = self.fresh_id();
            let e = &mut self.entries[fi];
            e.id = id;
            e.findings = None;
            e.story = summary(articles, left.clone(), &self.dates, Some(&e.story));
            self.open = Some(id);
            jobs.push((id, left));
        }
        match ti.map(|t| {
            if t > fi && self.open.is_none() {
                t - 1
            } else {
                t
            }
        }) {
            Some(t) => {
                let id = self.fresh_id();
                let e = &mut self.entries[t];
                let mut members = e.story.articles.clone();
                members.push(article);
                members.sort_unstable();
                e.id = id;
                e.findings = None;
                e.story = summary(articles, members.clone(), &self.dates, Some(&e.story));
                jobs.push((id, members));
            }
            None => {
                let id = self.fresh_id();
                self.entries.push(Entry {
                    id,
                    story: summary(articles, vec![article], &self.dates, None),
                    findings: None,
                });
            }
        }
        self.resort();
        self.choose(self.open.or(chosen));
        jobs.retain(|j| j.1.len() > 1);
        jobs
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

/// A story's summary after a fix: the headline kept while its article stays (else the first
/// titled article's), outlets by count, the date range and the first to report.
fn summary(
    articles: &[Article],
    members: Vec<usize>,
    dates: &[Option<Date>],
    was: Option<&Story>,
) -> Story {
    let titled = |i: &usize| articles.get(*i).is_some_and(|a| !a.title.is_empty());
    let title_article = was
        .map(|s| s.title_article)
        .filter(|t| members.contains(t))
        .or_else(|| members.iter().copied().find(titled))
        .unwrap_or(members[0]);
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for (k, &i) in members.iter().enumerate() {
        let s = articles[i].source.as_str();
        match counts.iter_mut().find(|c| c.0 == s) {
            Some(c) => c.1 += 1,
            None => counts.push((s, 1, k)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let dated: Vec<(Date, usize)> = members
        .iter()
        .filter_map(|&i| Some((dates.get(i).copied().flatten()?, i)))
        .collect();
    let first = dated.iter().min().copied();
    Story {
        title: articles[title_article].title.clone(),
        title_article,
        outlets: counts.into_iter().map(|c| c.0.to_string()).collect(),
        first_date: first.map(|f| f.0),
        last_date: dated.iter().map(|d| d.0).max(),
        first_reported_by: first.map(|(_, i)| articles[i].source.clone()),
        articles: members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(source: &str, date: &str, text: &str) -> Article {
        Article::dated(source, date, text)
    }

    fn story(articles: &[Article], members: Vec<usize>) -> Story {
        let dates: Vec<_> = articles
            .iter()
            .map(|a| a.date.as_deref().and_then(parse_date))
            .collect();
        summary(articles, members, &dates, None)
    }

    fn three() -> (Vec<Article>, Vec<Story>) {
        let arts = vec![
            article("A", "May 3, 2013", "Quake hits\n\nA quake hit the town."),
            article(
                "B",
                "May 2, 2013",
                "Quake strikes\n\nA quake struck the town.",
            ),
            article("C", "June 1, 2020", "Rehab\n\nShe went to rehab."),
        ];
        let stories = vec![story(&arts, vec![0, 1]), story(&arts, vec![2])];
        (arts, stories)
    }

    #[test]
    fn sorted_by_size_then_by_latest_date() {
        let (arts, stories) = three();
        let mut s = Stories::new(Grouping::Running);
        let jobs = s.set(stories, &arts);
        assert_eq!(jobs.len(), 1, "a one-article story has nothing to compare");
        let titles = |s: &Stories| s.rows().map(|e| e.story.title.clone()).collect::<Vec<_>>();
        let (quake, rehab) = (arts[0].title.clone(), arts[2].title.clone());
        assert_eq!(titles(&s), [quake.clone(), rehab.clone()]);
        s.toggle_sort();
        assert_eq!(titles(&s), [rehab, quake.clone()]);
        assert_eq!(
            s.chosen().unwrap().story.title,
            quake,
            "the chosen story stays chosen"
        );
    }

    #[test]
    fn moving_and_splitting_change_both_stories() {
        let (arts, stories) = three();
        let mut s = Stories::new(Grouping::Running);
        s.set(stories, &arts);
        let quake = s.open_chosen().unwrap().id;
        let rehab = s.picker_rows()[0].id;
        let jobs = s.move_article(0, Some(rehab), &arts);
        assert_eq!(
            jobs.len(),
            1,
            "only the two-article story is analysed: {jobs:?}"
        );
        assert_eq!(s.open().unwrap().story.articles, [1]);
        assert_ne!(
            s.open().unwrap().id,
            quake,
            "a changed story is a new version"
        );
        assert_eq!(s.story_of(0).unwrap().story.articles, [0, 2]);
        // Splitting the only article off means nothing.
        assert!(s.move_article(1, None, &arts).is_empty());
        assert_eq!(s.len(), 2);
        s.open_article(2);
        s.move_article(2, None, &arts);
        assert_eq!(s.len(), 3);
        assert_eq!(s.story_of(2).unwrap().story.articles, [2]);
    }

    #[test]
    fn the_timeline_puts_undated_articles_last() {
        let (mut arts, stories) = three();
        arts[0].date = None;
        let mut s = Stories::new(Grouping::Running);
        s.set(stories, &arts);
        assert_eq!(s.pane_order(&[0, 1, 2], false), [0, 1, 2]);
        assert_eq!(s.pane_order(&[0, 1, 2], true), [1, 2, 0]);
    }

    #[test]
    fn a_story_analysis_speaks_in_global_numbers() {
        let arts = vec![
            article(
                "X",
                "May 1, 2013",
                "Other\n\nNothing to see here at all today.",
            ),
            article(
                "A",
                "May 3, 2013",
                "Quake\n\nA magnitude 6.1 earthquake struck southern Iran near Qeshm Island on Wednesday.",
            ),
            article(
                "B",
                "May 2, 2013",
                "Quake\n\nA magnitude 6.1 earthquake struck southern Iran near Qeshm Island on Wednesday.",
            ),
        ];
        let an = crate::stories::analyse_story(&arts, &[1, 2], &|_| {});
        assert!(!an.claims.is_empty());
        assert_eq!(an.statements.len(), 3);
        let c = &an.claims[0];
        assert!(c.members.iter().all(|m| m.article >= 1), "{c:?}");
        assert!(!an.claims_of(c.members[0]).is_empty());
        assert!(an.by_sentence[0].is_empty());
    }
}
