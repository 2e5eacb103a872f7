//! Grouping profiles into stories: candidate pairs from an inverted index over rare terms (no
//! all-pairs comparison), then average-link merging over those pairs only.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::StoryOptions;
use super::profile::Profiles;

/// A similar pair of articles: (a, b, similarity) with a < b.
pub type Edge = (u32, u32, f32);

/// How much a difference in publication days lowers a pair's similarity: not at all within
/// `opts.days` days, then inversely with the distance (a follow-up weeks later still joins
/// when its names agree strongly; the same kind of event a year apart does not).
fn time_factor(a: Option<i32>, b: Option<i32>, opts: &StoryOptions) -> f32 {
    match (a, b) {
        (Some(a), Some(b)) => {
            let gap = (a - b).abs() as f32 - opts.days;
            if gap <= 0.0 {
                1.0
            } else {
                1.0 / (1.0 + gap / opts.days)
            }
        }
        _ => 1.0,
    }
}

/// The similar pairs of the set. Each article's probe terms lead through postings lists (the
/// rare-term cap bounds their length) to the articles sharing them; the most promising of those
/// by probe overlap are then compared on their full profiles (lowered by distance in time), and
/// each article keeps its `neighbours` most similar above `min_similarity`.
pub fn edges(p: &Profiles, opts: &StoryOptions) -> Vec<Edge> {
    let n = p.articles.len();
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); p.terms];
    for (i, a) in p.articles.iter().enumerate() {
        for &t in &a.probes {
            postings[t as usize].push(i as u32);
        }
    }
    // A few chunks per thread: each holds arrays over all the articles and all the terms.
    let chunk = 256.max(n.div_ceil(4 * rayon::current_num_threads()));
    let mut edges: Vec<Edge> = (0..n.div_ceil(chunk))
        .into_par_iter()
        .flat_map_iter(|c| {
            let mut hits = vec![0u16; n];
            let mut touched: Vec<u32> = Vec::new();
            let mut spread = Spread::new(p.terms);
            let mut out = Vec::new();
            for i in c * chunk..((c + 1) * chunk).min(n) {
                let a = &p.articles[i];
                spread.set(&a.terms);
                for &t in &a.probes {
                    for &j in &postings[t as usize] {
                        if hits[j as usize] == 0 {
                            touched.push(j);
                        }
                        hits[j as usize] = hits[j as usize].saturating_add(1);
                    }
                }
                hits[i] = 0;
                // Those sharing the most probes, a few more than will be kept.
                let mut cands: Vec<(u32, u16)> = touched
                    .drain(..)
                    .map(|j| (j, std::mem::take(&mut hits[j as usize])))
                    .filter(|&(j, h)| h > 0 && j as usize != i)
                    .collect();
                let shortlist = opts.neighbours + opts.neighbours / 2;
                if cands.len() > shortlist {
                    cands.select_nth_unstable_by(shortlist, |x, y| y.1.cmp(&x.1));
                    cands.truncate(shortlist);
                }
                let mut near: Vec<(u32, f32)> = cands
                    .into_iter()
                    .map(|(j, _)| {
                        let b = &p.articles[j as usize];
                        (j, spread.dot(&b.terms) * time_factor(a.day, b.day, opts))
                    })
                    .filter(|&(_, s)| s >= opts.min_similarity)
                    .collect();
                if near.len() > opts.neighbours {
                    near.select_nth_unstable_by(opts.neighbours, |x, y| y.1.total_cmp(&x.1));
                    near.truncate(opts.neighbours);
                }
                out.extend(
                    near.into_iter()
                        .map(|(j, s)| ((i as u32).min(j), (i as u32).max(j), s)),
                );
                spread.clear(&a.terms);
            }
            out
        })
        .collect();
    // A pair kept from both ends appears twice.
    edges.par_sort_unstable_by_key(|e| (e.0, e.1));
    edges.dedup_by_key(|e| (e.0, e.1));
    edges
}

/// A cluster's best merge in the heap: linkage, the cluster, its partner, and the cluster's
/// version when pushed (a later version makes the entry stale).
#[derive(PartialEq)]
struct Merge(f32, u32, u32, u32);

impl Eq for Merge {}

impl PartialOrd for Merge {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Merge {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
            .then_with(|| other.2.cmp(&self.2))
    }
}

/// The clusters being merged: for each, its size, the summed similarities of its pairs with
/// each neighbouring cluster, and its best partner.
struct Merging {
    size: Vec<u32>,
    links: Vec<FxHashMap<u32, f32>>,
    best: Vec<Option<(u32, f32)>>,
    version: Vec<u32>,
    heap: BinaryHeap<Merge>,
    threshold: f32,
}

impl Merging {
    fn link(&self, a: usize, b: u32, sum: f32) -> f32 {
        sum / (self.size[a] as f32 * self.size[b as usize] as f32)
    }

    /// Finds `a`'s best partner again from all its links, and queues it.
    fn rescan(&mut self, a: usize) {
        let best = self.links[a]
            .iter()
            .map(|(&b, &sum)| (b, self.link(a, b, sum)))
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        self.set_best(a, best);
    }

    fn set_best(&mut self, a: usize, best: Option<(u32, f32)>) {
        self.version[a] += 1;
        self.best[a] = best;
        if let Some((b, l)) = best
            && l >= self.threshold
        {
            self.heap.push(Merge(l, a as u32, b, self.version[a]));
        }
    }
}

/// Average-link merging over the pairs: repeatedly joins the two groups whose mean pair
/// similarity (pairs without an edge count as 0) is highest, while it is at least `threshold`.
/// Each group keeps only its best partner in the queue, so a merge costs about the number of
/// its neighbours. Returns the groups, each sorted, largest first (ties by first article).
pub fn average_link(n: usize, edges: &[Edge], threshold: f32) -> Vec<Vec<usize>> {
    average_link_to(n, edges, threshold, 1)
}

/// [`average_link`], stopping once `groups` groups are left.
pub fn average_link_to(n: usize, edges: &[Edge], threshold: f32, groups: usize) -> Vec<Vec<usize>> {
    let mut m = Merging {
        size: vec![1; n],
        links: vec![FxHashMap::default(); n],
        best: vec![None; n],
        version: vec![0; n],
        heap: BinaryHeap::new(),
        threshold,
    };
    for &(a, b, s) in edges {
        m.links[a as usize].insert(b, s);
        m.links[b as usize].insert(a, s);
    }
    for a in 0..n {
        m.rescan(a);
    }
    let mut alive = vec![true; n];
    let mut left = n;
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    while left > groups
        && let Some(Merge(_, a, b, va)) = m.heap.pop()
    {
        let (a, b) = (a as usize, b as usize);
        if !alive[a] || !alive[b] || m.version[a] != va {
            continue;
        }
        // Fold the group with fewer links into the other.
        let (keep, gone) = if m.links[a].len() >= m.links[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        alive[gone] = false;
        left -= 1;
        m.version[gone] += 1;
        let gone_links = std::mem::take(&mut m.links[gone]);
        m.links[keep].remove(&(gone as u32));
        for (c, s) in gone_links {
            if c as usize == keep {
                continue;
            }
            *m.links[keep].entry(c).or_default() += s;
            let lc = &mut m.links[c as usize];
            lc.remove(&(gone as u32));
            *lc.entry(keep as u32).or_default() += s;
        }
        m.size[keep] += m.size[gone];
        let moved = std::mem::take(&mut members[gone]);
        members[keep].extend(moved);
        m.rescan(keep);
        // Neighbours whose best partner was one of the two look again; the others only
        // compare their link to the merged group with their best.
        let neighbours: Vec<(u32, f32)> = m.links[keep].iter().map(|(&c, &s)| (c, s)).collect();
        for (c, sum) in neighbours {
            let c = c as usize;
            let l = m.link(c, keep as u32, sum);
            match m.best[c] {
                Some((p, _)) if p as usize == keep || p as usize == gone => m.rescan(c),
                Some((_, bl)) if l <= bl => {}
                _ => m.set_best(c, Some((keep as u32, l))),
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = members
        .into_iter()
        .zip(alive)
        .filter(|(_, a)| *a)
        .map(|(m, _)| {
            let mut g: Vec<usize> = m.into_iter().map(|i| i as usize).collect();
            g.sort_unstable();
            g
        })
        .collect();
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    groups
}

/// One pass of moving articles between `groups` (every article in one): an article goes to
/// the group whose members it is most like on average (over `edges`, a pair without an edge
/// counting as 0), when that mean is at least `opts.threshold` and above `opts.reassign` times
/// its mean with its own group's other members. This puts back what the merging order and the
/// split left in the wrong place: a report of one event swept into a larger group of the same
/// kind before its own event's reports had come together. All moves are decided on the groups
/// as they were before the pass, so the result does not depend on the order of the articles.
/// Groups left empty are dropped; the others stay sorted.
pub fn reassign(
    n: usize,
    edges: &[Edge],
    groups: Vec<Vec<usize>>,
    opts: &StoryOptions,
) -> Vec<Vec<usize>> {
    if opts.reassign <= 0.0 {
        return groups;
    }
    let mut group_of = vec![0u32; n];
    for (g, members) in groups.iter().enumerate() {
        for &i in members {
            group_of[i] = g as u32;
        }
    }
    let mut near: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
    for &(a, b, s) in edges {
        near[a as usize].push((b, s));
        near[b as usize].push((a, s));
    }
    let moves: Vec<(usize, u32)> = (0..n)
        .into_par_iter()
        .filter_map(|i| {
            let own = group_of[i];
            let mut sums: Vec<(u32, f32)> = Vec::new();
            for &(j, s) in &near[i] {
                let g = group_of[j as usize];
                match sums.iter_mut().find(|x| x.0 == g) {
                    Some(x) => x.1 += s,
                    None => sums.push((g, s)),
                }
            }
            let size = |g: u32| groups[g as usize].len() as f32;
            let own_mean =
                sums.iter().find(|x| x.0 == own).map_or(0.0, |x| x.1) / (size(own) - 1.0).max(1.0);
            let (best, mean) = sums
                .iter()
                .filter(|x| x.0 != own)
                .map(|&(g, s)| (g, s / size(g)))
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))?;
            (mean >= opts.threshold && mean > opts.reassign * own_mean).then_some((i, best))
        })
        .collect();
    for (i, g) in moves {
        group_of[i] = g;
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for i in 0..n {
        out[group_of[i] as usize].push(i);
    }
    out.retain(|g| !g.is_empty());
    out
}

/// Largest group re-weighed and split by [`split`] (all pairs within it are compared).
const MAX_SPLIT: usize = 400;

/// Splits one group where it holds two similar events: the terms every member shares (the kind
/// of event: "earthquake", the boxer's name) are weighed down by an IDF taken over the group
/// alone, so what tells the events apart (the opponent, the place, the day) decides; the
/// members are then merged again by average link at `opts.split_threshold`.
pub fn split(p: &Profiles, group: Vec<usize>, opts: &StoryOptions) -> Vec<Vec<usize>> {
    let m = group.len();
    if !(4..=MAX_SPLIT).contains(&m) {
        return vec![group];
    }
    // The article's terms, then its context terms (ids above those of the terms).
    let all = |i: usize| {
        let a = &p.articles[i];
        a.terms.iter().chain(&a.context)
    };
    // The group's terms, numbered in the order of their ids (so that vectors stay sorted), and
    // in how many members each is.
    let mut seen: Vec<u32> = group.iter().flat_map(|&i| all(i).map(|t| t.0)).collect();
    seen.sort_unstable();
    let runs = seen.chunk_by(|a, b| a == b);
    let (ids, df): (Vec<u32>, Vec<u32>) = runs.map(|r| (r[0], r.len() as u32)).unzip();
    let local: Vec<Vec<(u32, f32)>> = group
        .iter()
        .map(|&i| {
            let mut v: Vec<(u32, f32)> = all(i)
                .filter_map(|&(t, w)| {
                    let k = ids.binary_search(&t).ok()?;
                    let d = df[k];
                    let idf = (m as f32 / d as f32).ln();
                    (d >= 2 && idf > 0.0).then(|| (k as u32, w / p.idf[t as usize] * idf))
                })
                .collect();
            let norm = v.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|t| t.1 /= norm);
            }
            v
        })
        .collect();
    let mut edges = Vec::new();
    let mut spread = Spread::new(ids.len());
    for a in 0..m {
        spread.set(&local[a]);
        for b in a + 1..m {
            let s = spread.dot(&local[b])
                * time_factor(p.articles[group[a]].day, p.articles[group[b]].day, opts);
            if s > 0.0 {
                edges.push((a as u32, b as u32, s));
            }
        }
        spread.clear(&local[a]);
    }
    let parts = average_link(m, &edges, opts.split_threshold);
    // Fragments too small to be an event of their own go back to the part they are most like
    // (mean similarity as weighed over the whole set).
    let (big, small): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
        parts.into_iter().partition(|g| g.len() >= opts.min_part);
    if big.len() <= 1 {
        return vec![group];
    }
    let mut big = big;
    for k in small.into_iter().flatten() {
        let i = group[k];
        let best = (0..big.len())
            .map(|b| {
                let s: f32 = big[b]
                    .iter()
                    .map(|&o| dot(&p.articles[i].terms, &p.articles[group[o]].terms))
                    .sum();
                (b, s / big[b].len() as f32)
            })
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .map_or(0, |b| b.0);
        big[best].push(k);
    }
    big.into_iter()
        .map(|g| {
            let mut g: Vec<usize> = g.into_iter().map(|k| group[k]).collect();
            g.sort_unstable();
            g
        })
        .collect()
}

/// One term vector spread over all the term ids, so that its dot product with many others
/// costs one look-up per term of each (no merging of two sorted lists, whose branches the
/// processor cannot foresee). Gives exactly what [`dot`] gives: the same products, added in
/// the same order (of term id).
struct Spread(Vec<f32>);

impl Spread {
    /// Room for term ids below `terms`, all weights 0.
    fn new(terms: usize) -> Spread {
        Spread(vec![0.0; terms])
    }

    /// Spreads `x` (after a [`Spread::clear`] of the previous one).
    fn set(&mut self, x: &[(u32, f32)]) {
        for &(t, w) in x {
            self.0[t as usize] = w;
        }
    }

    /// Sets the weights of `x` back to 0.
    fn clear(&mut self, x: &[(u32, f32)]) {
        for &(t, _) in x {
            self.0[t as usize] = 0.0;
        }
    }

    /// The dot product of the spread vector with `y` (sorted by term id).
    fn dot(&self, y: &[(u32, f32)]) -> f32 {
        let mut s = 0.0;
        for &(t, w) in y {
            // A term `y` alone holds adds 0 (weights are finite): the sum stays [`dot`]'s.
            s += self.0[t as usize] * w;
        }
        s
    }
}

/// Dot product of two term vectors sorted by term id.
pub fn dot(x: &[(u32, f32)], y: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < x.len() && j < y.len() {
        match x[i].0.cmp(&y[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                s += x[i].1 * y[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_swept_into_another_event_moves_to_its_own() {
        // 0 to 4 are one event; 5 reports the event of 6 to 8 but was grouped with 0 to 4.
        let mut e = Vec::new();
        for a in 0..5u32 {
            for b in a + 1..5 {
                e.push((a, b, 0.5));
            }
            e.push((a, 5, 0.1));
        }
        for a in 5..9u32 {
            for b in a + 1..9 {
                e.push((a, b, 0.5));
            }
        }
        let groups = vec![vec![0, 1, 2, 3, 4, 5], vec![6, 7, 8]];
        let opts = StoryOptions {
            reassign: 1.0,
            ..StoryOptions::default()
        };
        let moved = reassign(9, &e, groups.clone(), &opts);
        assert_eq!(moved, vec![vec![0, 1, 2, 3, 4], vec![5, 6, 7, 8]]);
        // The others are where they belong already, and stay.
        assert_eq!(reassign(9, &e, moved.clone(), &opts), moved);
    }

    #[test]
    fn average_link_keeps_a_weak_bridge_apart() {
        // Two tight triangles joined by one weak pair: two groups, not one chain.
        let e = [
            (0, 1, 0.9),
            (0, 2, 0.8),
            (1, 2, 0.85),
            (3, 4, 0.9),
            (3, 5, 0.8),
            (4, 5, 0.7),
            (2, 3, 0.5),
        ];
        let g = average_link(7, &e, 0.3);
        assert_eq!(g, vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        assert_eq!(average_link(7, &e, 0.01).len(), 2);
    }
}
