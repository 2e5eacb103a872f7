//! Linking sentences that report the same claim, and grouping the links into tight claims.
//!
//! Candidates come from an inverted index over rare-ish terms (very frequent terms are skipped),
//! so the work grows about linearly with the text; only pairs from different articles are scored.
//! Claims are built by merging the strongest links first, and two groups merge only when nearly
//! every pair across them is linked too, so A~B and B~C alone never make A, B, C one claim.

use std::collections::HashMap;

use rayon::prelude::*;

use super::features::{Features, Term, common_sorted};

/// Weights and thresholds of the linker (tuned on the MSRP train split).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkParams {
    /// Score at or above which two sentences report the same claim.
    pub threshold: f32,
    /// Lower score that still counts as a supporting link when groups merge.
    pub weak: f32,
    /// Fewest shared content terms for any link.
    pub min_common: usize,
    /// Fewest shared terms that are not names (quoted names count) for any link.
    pub min_plain: usize,
    /// Weight of containment (shared weight over the smaller sentence's) against Dice.
    pub containment: f32,
    /// Weight of the shared-bigram fraction (word order).
    pub bigram_weight: f32,
    /// Penalty when stated numbers differ (scaled by the fraction of unmatched numbers).
    pub number_penalty: f32,
    /// Bonus when both sentences state a same number.
    pub number_bonus: f32,
    /// Bonus when both sentences quote a same word (a shared quoted phrase).
    pub quote_bonus: f32,
    /// Extra weight of shared names (capitalised words) over other terms.
    pub name_weight: f32,
    /// How much higher the score must be when a heading takes part.
    pub heading_extra: f32,
    /// Terms in more sentences than this are not used to find candidates.
    pub max_df: usize,
    /// Share of cross pairs that must be linked (weakly) for two groups to merge.
    pub majority: f32,
}

impl Default for LinkParams {
    fn default() -> Self {
        Self {
            threshold: 0.42,
            weak: 0.32,
            containment: 0.5,
            min_common: 3,
            min_plain: 2,
            bigram_weight: 0.15,
            number_penalty: 0.3,
            number_bonus: 0.1,
            quote_bonus: 0.15,
            name_weight: 1.3,
            heading_extra: 0.1,
            max_df: 150,
            majority: 0.8,
        }
    }
}

/// A sentence that may take part in a claim.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its article.
    pub article: usize,
    /// Its index in the article.
    pub sentence: usize,
    /// True for a heading (held to a stricter threshold).
    pub heading: bool,
    /// Its matching features.
    pub features: Features,
}

/// A scored link between two nodes (indices into the node list, `a < b`).
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    /// First node.
    pub a: u32,
    /// Second node.
    pub b: u32,
    /// Similarity score.
    pub score: f32,
}

/// Inverse document frequency of every term, counted over the nodes.
pub struct Idf {
    map: HashMap<Term, (u32, f32)>,
}

impl Idf {
    /// Counts the terms of `nodes`.
    pub fn new(nodes: &[Node]) -> Idf {
        let mut map: HashMap<Term, (u32, f32)> = HashMap::new();
        for n in nodes {
            for &t in &n.features.terms {
                map.entry(t).or_default().0 += 1;
            }
        }
        let total = nodes.len() as f32 + 1.0;
        for v in map.values_mut() {
            v.1 = (total / (v.0 as f32 + 0.5)).ln().max(0.05);
        }
        Idf { map }
    }

    /// The weight of a term.
    pub fn weight(&self, t: Term) -> f32 {
        self.map.get(&t).map_or(1.0, |v| v.1)
    }

    /// In how many sentences a term occurs.
    pub fn df(&self, t: Term) -> u32 {
        self.map.get(&t).map_or(0, |v| v.0)
    }
}

/// Weighted view of a node for scoring.
struct Weighted {
    terms: Vec<(Term, f32)>,
    total: f32,
}

fn weigh(n: &Node, idf: &Idf, p: &LinkParams) -> Weighted {
    let terms: Vec<(Term, f32)> = n
        .features
        .terms
        .iter()
        .map(|&t| {
            let w = idf.weight(t);
            let w = if n.features.names.binary_search(&t).is_ok() {
                w * p.name_weight
            } else {
                w
            };
            (t, w)
        })
        .collect();
    let total = terms.iter().map(|t| t.1).sum();
    Weighted { terms, total }
}

/// Similarity of two sentences from their features (0 = nothing shared, about 1 = same words).
fn score_pair(a: &Node, wa: &Weighted, b: &Node, wb: &Weighted, p: &LinkParams) -> f32 {
    let (mut i, mut j, mut common, mut n, mut plain) = (0, 0, 0.0f32, 0usize, 0usize);
    let (fa, fb) = (&a.features, &b.features);
    while i < wa.terms.len() && j < wb.terms.len() {
        match wa.terms[i].0.cmp(&wb.terms[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let t = wa.terms[i].0;
                common += wa.terms[i].1.min(wb.terms[j].1);
                n += 1;
                let name = fa.names.binary_search(&t).is_ok() || fb.names.binary_search(&t).is_ok();
                let quoted =
                    fa.quoted.binary_search(&t).is_ok() && fb.quoted.binary_search(&t).is_ok();
                plain += usize::from(!name || quoted);
                i += 1;
                j += 1;
            }
        }
    }
    // Shared names alone ("Russian President Vladimir Putin") do not make a claim.
    if n < p.min_common || plain < p.min_plain {
        return 0.0;
    }
    let dice = 2.0 * common / (wa.total + wb.total).max(1e-6);
    let contain = common / wa.total.min(wb.total).max(1e-6);
    let overlap = (1.0 - p.containment) * dice + p.containment * contain;
    let (ba, bb) = (&a.features.bigrams, &b.features.bigrams);
    let bigram = if ba.is_empty() || bb.is_empty() {
        0.0
    } else {
        common_sorted(ba, bb) as f32 / ba.len().min(bb.len()) as f32
    };
    let (na, nb) = (&a.features.numbers, &b.features.numbers);
    let number = if na.is_empty() || nb.is_empty() {
        0.0
    } else {
        let shared = common_sorted(na, nb);
        1.0 - 2.0 * shared as f32 / (na.len() + nb.len()) as f32
    };
    let mut s = overlap + p.bigram_weight * bigram - p.number_penalty * number;
    if common_sorted(na, nb) > 0 {
        s += p.number_bonus;
    }
    if common_sorted(&a.features.quoted, &b.features.quoted) > 0 {
        s += p.quote_bonus;
    }
    if a.heading || b.heading {
        s -= p.heading_extra;
    }
    s
}

/// Scores the candidate pairs of `nodes` and returns the links at or above `params.weak`.
/// `progress` receives the fraction of nodes done.
pub fn link(nodes: &[Node], params: &LinkParams, progress: &dyn Fn(f32)) -> Vec<Edge> {
    let idf = Idf::new(nodes);
    let weighted: Vec<Weighted> = nodes.par_iter().map(|n| weigh(n, &idf, params)).collect();
    // Postings of the rare-ish terms only: frequent terms would make candidate generation quadratic.
    let mut postings: HashMap<Term, Vec<u32>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        for &t in &n.features.terms {
            let df = idf.df(t) as usize;
            if df >= 2 && df <= params.max_df {
                postings.entry(t).or_default().push(i as u32);
            }
        }
    }
    let need = params.min_common.clamp(1, 2);
    let mut edges = Vec::new();
    const CHUNK: usize = 4096;
    for start in (0..nodes.len()).step_by(CHUNK) {
        let end = (start + CHUNK).min(nodes.len());
        let part: Vec<Edge> = (start..end)
            .into_par_iter()
            .flat_map_iter(|i| {
                let node = &nodes[i];
                let mut cands: Vec<u32> = Vec::new();
                for t in &node.features.terms {
                    if let Some(list) = postings.get(t) {
                        // Postings are sorted: take those after i.
                        let from = list.partition_point(|&j| j as usize <= i);
                        cands.extend(
                            list[from..]
                                .iter()
                                .filter(|&&j| nodes[j as usize].article != node.article),
                        );
                    }
                }
                cands.sort_unstable();
                let mut out = Vec::new();
                let mut k = 0;
                while k < cands.len() {
                    let j = cands[k];
                    let mut run = 0;
                    while k < cands.len() && cands[k] == j {
                        run += 1;
                        k += 1;
                    }
                    if run < need {
                        continue;
                    }
                    let s = score_pair(
                        node,
                        &weighted[i],
                        &nodes[j as usize],
                        &weighted[j as usize],
                        params,
                    );
                    if s >= params.weak {
                        out.push(Edge {
                            a: i as u32,
                            b: j,
                            score: s,
                        });
                    }
                }
                out
            })
            .collect();
        edges.extend(part);
        progress(end as f32 / nodes.len().max(1) as f32);
    }
    edges
}

/// A claim as node indices, with its mean link score.
#[derive(Debug, Clone)]
pub struct Group {
    /// Member nodes.
    pub nodes: Vec<u32>,
    /// Mean score of the links among members.
    pub strength: f32,
    /// The member most alike to the others (highest summed link score).
    pub central: u32,
}

/// Groups links into tight claims: at most one member per article; two groups merge only when
/// at least `params.majority` of the pairs across them are linked. A sentence that fits a
/// second claim fully (linked to every member) joins it too.
pub fn cluster(nodes: &[Node], edges: &[Edge], params: &LinkParams) -> Vec<Group> {
    let pair: HashMap<(u32, u32), f32> = edges.iter().map(|e| ((e.a, e.b), e.score)).collect();
    let get = |x: u32, y: u32| pair.get(&(x.min(y), x.max(y))).copied();
    let mut strong: Vec<&Edge> = edges
        .iter()
        .filter(|e| e.score >= params.threshold)
        .collect();
    strong.sort_by(|x, y| y.score.total_cmp(&x.score));
    let mut group_of: HashMap<u32, usize> = HashMap::new();
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for e in &strong {
        let ga = group_of.get(&e.a).copied();
        let gb = group_of.get(&e.b).copied();
        if ga.is_some() && ga == gb {
            continue;
        }
        let members_a = ga.map_or_else(|| vec![e.a], |g| groups[g].clone());
        let members_b = gb.map_or_else(|| vec![e.b], |g| groups[g].clone());
        // At most one member per article.
        if members_a.iter().any(|&x| {
            members_b
                .iter()
                .any(|&y| nodes[x as usize].article == nodes[y as usize].article)
        }) {
            continue;
        }
        let total = members_a.len() * members_b.len();
        let linked = members_a
            .iter()
            .flat_map(|&x| members_b.iter().map(move |&y| (x, y)))
            .filter(|&(x, y)| get(x, y).is_some())
            .count();
        if (linked as f32) < params.majority * total as f32 {
            continue;
        }
        let target = match (ga, gb) {
            (Some(g), _) => g,
            (None, Some(g)) => g,
            (None, None) => {
                groups.push(Vec::new());
                groups.len() - 1
            }
        };
        for &m in members_a.iter().chain(&members_b) {
            if group_of.get(&m) != Some(&target) {
                group_of.insert(m, target);
                groups[target].push(m);
            }
        }
        if let (Some(a), Some(b)) = (ga, gb) {
            let other = if target == a { b } else { a };
            groups[other].clear();
        }
    }
    // Second memberships: a sentence linked strongly to a member and at least weakly to all.
    for e in &strong {
        for (x, y) in [(e.a, e.b), (e.b, e.a)] {
            let Some(&g) = group_of.get(&y) else { continue };
            // Only a sentence left out of every claim joins one this way (no near-duplicates).
            if group_of.contains_key(&x) || groups[g].contains(&x) {
                continue;
            }
            let art = nodes[x as usize].article;
            if groups[g]
                .iter()
                .all(|&m| nodes[m as usize].article != art && get(x, m).is_some())
            {
                groups[g].push(x);
            }
        }
    }
    // Mutual best counterparts left apart by the one-per-article rule (another sentence of
    // the same article took the place) still report the same claim: keep them as a pair.
    let mut best: HashMap<(u32, usize), (u32, f32)> = HashMap::new();
    for e in &strong {
        for (x, y) in [(e.a, e.b), (e.b, e.a)] {
            let key = (x, nodes[y as usize].article);
            if best.get(&key).is_none_or(|b| e.score > b.1) {
                best.insert(key, (y, e.score));
            }
        }
    }
    let mut together: std::collections::HashSet<(u32, u32)> = std::collections::HashSet::new();
    for g in &groups {
        for &x in g {
            for &y in g {
                together.insert((x, y));
            }
        }
    }
    for e in &strong {
        let ab = best.get(&(e.a, nodes[e.b as usize].article)).map(|b| b.0);
        let ba = best.get(&(e.b, nodes[e.a as usize].article)).map(|b| b.0);
        if ab == Some(e.b) && ba == Some(e.a) && !together.contains(&(e.a, e.b)) {
            groups.push(vec![e.a, e.b]);
        }
    }
    groups
        .into_iter()
        .filter(|g| g.len() >= 2)
        .map(|mut g| {
            g.sort_unstable();
            let mut sum = 0.0;
            let mut n = 0;
            let mut per = vec![0.0f32; g.len()];
            for (i, &x) in g.iter().enumerate() {
                for (j, &y) in g.iter().enumerate().skip(i + 1) {
                    if let Some(s) = get(x, y) {
                        sum += s;
                        n += 1;
                        per[i] += s;
                        per[j] += s;
                    }
                }
            }
            let best = (0..g.len())
                .max_by(|&a, &b| per[a].total_cmp(&per[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            Group {
                central: g[best],
                nodes: g,
                strength: if n > 0 { sum / n as f32 } else { 0.0 },
            }
        })
        .collect()
}
