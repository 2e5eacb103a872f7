//! The quotes view's model: the story's quotes by speaker (one person however each source
//! names them, see [`crate::claims::quotes::People`]), each quote's variants across sources and
//! the words a variant has that the first lacks. Built by the claims worker with the findings,
//! so drawing only reads it.

use std::ops::Range;

use crate::claims::{Analysis, QuoteGroup};
use crate::tui::workers::Versions;

/// One speaker of the quotes view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The person as the texts name them ("Kassym-Jomart Tokayev"); `None` for the quotes no
    /// text attributes.
    pub name: Option<String>,
    /// The speaker's rows of the view (see [`QuoteView::group_at`]).
    pub rows: Range<usize>,
    /// How many sources quote them.
    pub sources: usize,
}

/// The quotes by speaker, most quoted across sources first, the unattributed last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteView {
    speakers: Vec<Speaker>,
    /// The view's rows: quote groups by index into the analysis' quotes.
    order: Vec<usize>,
    /// Per quote group: the variants shown (one per source and wording), each with the words
    /// the group's first variant lacks marked.
    versions: Vec<Versions>,
}

fn sources(groups: &[&QuoteGroup]) -> usize {
    let mut articles: Vec<usize> = groups
        .iter()
        .flat_map(|g| g.variants.iter().map(|v| v.at.article))
        .collect();
    articles.sort_unstable();
    articles.dedup();
    articles.len()
}

impl QuoteView {
    /// Orders the analysis' quotes by speaker and diffs each variant against its group's first.
    pub fn new(analysis: &Analysis) -> QuoteView {
        let quotes = &analysis.quotes;
        let mut by_person: std::collections::BTreeMap<Option<&str>, Vec<usize>> =
            Default::default();
        for (i, q) in quotes.iter().enumerate() {
            let who = q.person.as_deref().or(q.speaker.as_deref());
            by_person.entry(who).or_default().push(i);
        }
        let mut people: Vec<(Option<&str>, Vec<usize>, usize)> = by_person
            .into_iter()
            .map(|(who, groups)| {
                let n = sources(&groups.iter().map(|&g| &quotes[g]).collect::<Vec<_>>());
                (who, groups, n)
            })
            .collect();
        // Most sources first, then most quotes; the unattributed at the end.
        people.sort_by(|a, b| {
            a.0.is_none()
                .cmp(&b.0.is_none())
                .then(b.2.cmp(&a.2))
                .then(b.1.len().cmp(&a.1.len()))
                .then(a.0.cmp(&b.0))
        });
        let mut speakers = Vec::new();
        let mut order = Vec::new();
        for (who, groups, n) in people {
            let start = order.len();
            order.extend(groups);
            speakers.push(Speaker {
                name: who.map(str::to_string),
                rows: start..order.len(),
                sources: n,
            });
        }
        let versions = quotes
            .iter()
            .map(|q| {
                let mut seen: Vec<(usize, String)> = Vec::new();
                let mut shown = Vec::new();
                for (k, v) in q.variants.iter().enumerate() {
                    let key = (v.at.article, crate::text::fold(&v.text));
                    if !seen.contains(&key) {
                        seen.push(key);
                        shown.push(k);
                    }
                }
                let texts: Vec<&str> = q.variants.iter().map(|v| v.text.as_str()).collect();
                Versions::new(&texts, Some(0), shown)
            })
            .collect();
        QuoteView {
            speakers,
            order,
            versions,
        }
    }

    /// How many rows (quotes) the view has.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when no quote was found.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The speakers, in the view's order.
    pub fn speakers(&self) -> &[Speaker] {
        &self.speakers
    }

    /// The quote group shown at row `row`, by index into the analysis' quotes.
    pub fn group_at(&self, row: usize) -> Option<usize> {
        self.order.get(row).copied()
    }

    /// The speaker of row `row`, by index into [`QuoteView::speakers`].
    pub fn speaker_of(&self, row: usize) -> Option<usize> {
        self.speakers.iter().position(|s| s.rows.contains(&row))
    }

    /// The variants of quote group `group` the view shows (one per source and wording).
    pub fn shown(&self, group: usize) -> &[usize] {
        self.versions.get(group).map_or(&[], Versions::shown)
    }

    /// The words of variant `variant` of quote group `group` that the group's first lacks.
    pub fn marks(&self, group: usize, variant: usize) -> &[Range<usize>] {
        self.versions.get(group).map_or(&[], |v| v.marks(variant))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::QuoteVariant;
    use crate::corpus::SentenceRef;

    fn group(speaker: Option<&str>, person: Option<&str>, texts: &[(usize, &str)]) -> QuoteGroup {
        QuoteGroup {
            speaker: speaker.map(str::to_string),
            person: person.map(str::to_string),
            variants: texts
                .iter()
                .map(|&(article, text)| QuoteVariant {
                    at: SentenceRef {
                        article,
                        sentence: 0,
                    },
                    text: text.to_string(),
                    span: 0..text.len(),
                })
                .collect(),
        }
    }

    #[test]
    fn quotes_are_ordered_by_person_and_marked_against_the_first_variant() {
        let analysis = Analysis {
            quotes: vec![
                group(None, None, &[(0, "unattributed words here")]),
                group(
                    Some("Tokayev"),
                    Some("Kassym-Jomart Tokayev"),
                    &[
                        (0, "armed militants joined"),
                        (1, "armed militants who waited joined"),
                    ],
                ),
                group(
                    Some("Kazakh President"),
                    Some("Kassym-Jomart Tokayev"),
                    &[(2, "terrorists"), (2, "terrorists"), (3, "terrorists")],
                ),
                group(
                    Some("Putin"),
                    Some("Vladimir Putin"),
                    &[(0, "Maidan methods")],
                ),
            ],
            ..Analysis::default()
        };
        let view = QuoteView::new(&analysis);
        let names: Vec<Option<&str>> = view.speakers().iter().map(|s| s.name.as_deref()).collect();
        assert_eq!(
            names,
            [Some("Kassym-Jomart Tokayev"), Some("Vladimir Putin"), None]
        );
        assert_eq!(view.speakers()[0].sources, 4);
        assert_eq!(view.speakers()[0].rows, 0..2);
        assert_eq!(view.group_at(0), Some(1));
        assert_eq!(view.group_at(3), Some(0));
        // The repeated variant in one source shows once.
        assert_eq!(view.shown(2), [0, 2]);
        let text = &analysis.quotes[1].variants[1].text;
        let marked: Vec<&str> = view.marks(1, 1).iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(marked, ["who", "waited"]);
        assert!(view.marks(1, 0).is_empty());
    }
}
