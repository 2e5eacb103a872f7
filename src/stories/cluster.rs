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

/// The similar pairs of the set: each article's dot products with the articles sharing one of
/// its terms, through postings lists (the rare-term cap bounds their length), keeping for
/// each article its `neighbours` most similar above `min_similarity`.
pub fn edges(p: &Profiles, opts: &StoryOptions) -> Vec<Edge> {
    let n = p.articles.len();
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); p.terms];
    for (i, a) in p.articles.iter().enumerate() {
        for &(t, w) in &a.terms {
            postings[t as usize].push((i as u32, w));
        }
    }
    let chunk = 256;
    let mut edges: Vec<Edge> = (0..n.div_ceil(chunk))
        .into_par_iter()
        .flat_map_iter(|c| {
            let mut acc = vec![0f32; n];
            let mut touched: Vec<u32> = Vec::new();
            let mut out = Vec::new();
            for i in c * chunk..((c + 1) * chunk).min(n) {
                for &(t, w) in &p.articles[i].terms {
                    for &(j, wj) in &postings[t as usize] {
                        if j as usize == i {
                            continue;
                        }
                        if acc[j as usize] == 0.0 {
                            touched.push(j);
                        }
                        acc[j as usize] += w * wj;
                    }
                }
                let mut near: Vec<(u32, f32)> = touched
                    .drain(..)
                    .map(|j| {
                        let s = std::mem::take(&mut acc[j as usize]);
                        let f = time_factor(p.articles[i].day, p.articles[j as usize].day, opts);
                        (j, s * f)
                    })
                    .filter(|&(_, s)| s >= opts.min_similarity)
                    .collect();
                if near.len() > opts.neighbours {
                    near.select_nth_unstable_by(opts.neighbours, |a, b| b.1.total_cmp(&a.1));
                    near.truncate(opts.neighbours);
                }
                out.extend(
                    near.into_iter()
                        .map(|(j, s)| ((i as u32).min(j), (i as u32).max(j), s)),
                );
            }
            out
        })
        .collect();
    // A pair kept from both ends appears twice.
    edges.par_sort_unstable_by_key(|e| (e.0, e.1));
    edges.dedup_by_key(|e| (e.0, e.1));
    edges
}

/// A candidate merge in the heap: linkage, the two clusters, and their versions when pushed.
#[derive(PartialEq)]
struct Merge(f32, u32, u32, u32, u32);

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

/// Average-link merging over the pairs: repeatedly joins the two groups whose mean pair
/// similarity (pairs without an edge count as 0) is highest, while it is at least `threshold`.
/// Returns the groups, each sorted, largest first (ties by first article).
pub fn average_link(n: usize, edges: &[Edge], threshold: f32) -> Vec<Vec<usize>> {
    let mut size = vec![1u32; n];
    let mut version = vec![0u32; n];
    let mut alive = vec![true; n];
    let mut links: Vec<FxHashMap<u32, f32>> = vec![FxHashMap::default(); n];
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    let mut heap = BinaryHeap::new();
    for &(a, b, s) in edges {
        links[a as usize].insert(b, s);
        links[b as usize].insert(a, s);
        if s >= threshold {
            heap.push(Merge(s, a, b, 0, 0));
        }
    }
    while let Some(Merge(_, a, b, va, vb)) = heap.pop() {
        let (a, b) = (a as usize, b as usize);
        if !alive[a] || !alive[b] || version[a] != va || version[b] != vb {
            continue;
        }
        // Keep the group with more links; fold the other into it.
        let (keep, gone) = if links[a].len() >= links[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        alive[gone] = false;
        let gone_links = std::mem::take(&mut links[gone]);
        links[keep].remove(&(gone as u32));
        for (c, s) in gone_links {
            if c as usize == keep {
                continue;
            }
            *links[keep].entry(c).or_default() += s;
            let lc = &mut links[c as usize];
            lc.remove(&(gone as u32));
            *lc.entry(keep as u32).or_default() += s;
        }
        size[keep] += size[gone];
        version[keep] += 1;
        let moved = std::mem::take(&mut members[gone]);
        members[keep].extend(moved);
        for (&c, &s) in &links[keep] {
            let link = s / (size[keep] as f32 * size[c as usize] as f32);
            if link >= threshold {
                let (x, y) = (keep.min(c as usize), keep.max(c as usize));
                heap.push(Merge(link, x as u32, y as u32, version[x], version[y]));
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

/// Largest group re-weighed and split by [`split`] (all pairs within it are compared).
const MAX_SPLIT: usize = 400;

/// Splits one group where it holds two similar events: the terms every member shares (the kind
/// of event: "earthquake", the boxer's name) are weighed down by an IDF taken over the group
/// alone, so what tells the events apart (the opponent, the place, the day) decides; the
/// members are then merged again by average link at `opts.split_threshold`.
pub fn split(p: &Profiles, group: Vec<usize>, opts: &StoryOptions) -> Vec<Vec<usize>> {
    let m = group.len();
    if m < 4 || m > MAX_SPLIT {
        return vec![group];
    }
    let mut df: FxHashMap<u32, u32> = FxHashMap::default();
    for &i in &group {
        for &(t, _) in &p.articles[i].terms {
            *df.entry(t).or_default() += 1;
        }
    }
    let local: Vec<Vec<(u32, f32)>> = group
        .iter()
        .map(|&i| {
            let mut v: Vec<(u32, f32)> = p.articles[i]
                .terms
                .iter()
                .filter_map(|&(t, w)| {
                    let d = df[&t];
                    let idf = (m as f32 / d as f32).ln();
                    (d >= 2 && idf > 0.0).then(|| (t, w / p.idf[t as usize] * idf))
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
    for a in 0..m {
        for b in a + 1..m {
            let s = dot(&local[a], &local[b])
                * time_factor(p.articles[group[a]].day, p.articles[group[b]].day, opts);
            if s > 0.0 {
                edges.push((a as u32, b as u32, s));
            }
        }
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
