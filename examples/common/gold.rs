//! The hand-labelled claim sets of ../shared/data/claims-gold (A-D: six ECB+ articles each,
//! every sentence labelled), their metric as `score/gold_eval.py` computes it, and the fit of
//! the claim model on them (leave one set out).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use parallax::claims::link::{self, CLAIM_FEATURE_NAMES, LinkParams, N_CLAIM, Scorer};
use parallax::claims::{self, Analysis, AnalysisOptions, Fact};
use parallax::corpus::{self, Article, LoadOptions};

use super::data_dir;

/// A sentence as (article, sentence).
pub type At = (usize, usize);

/// One gold fact: the (article, number) pairs a report fact must hold, and whether the
/// sources disagree.
pub struct GoldFact {
    /// (article, value) for each value the scorer can read as a number.
    pub want: Vec<(Option<usize>, f64)>,
    /// True when some source's value cannot be true with the others'.
    pub disagree: bool,
}

/// One labelled set, loaded.
pub struct GoldSet {
    /// "A" to "D".
    pub name: String,
    /// The six articles, in path order (as `parallax report DIR` loads them).
    pub articles: Vec<Article>,
    /// Each gold claim's located members.
    pub claims: Vec<Vec<At>>,
    /// Every labelled sentence with the gold claims it belongs to (none: unique or furniture).
    pub claim_of: HashMap<At, Vec<usize>>,
    /// The gold facts.
    pub facts: Vec<GoldFact>,
    /// Anchors that could not be placed in a sentence.
    pub unlocated: usize,
}

/// Whitespace runs as one space, trimmed (the scorer's `norm`).
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentence holding the anchor's first byte, as the scorer's `locate` finds it.
fn locate(article: &Article, raw: &str, anchor: &str) -> Option<usize> {
    if let Some(off) = raw.find(anchor)
        && let Some(i) = article
            .sentences
            .iter()
            .position(|s| s.span.start <= off && off < s.span.end)
    {
        return Some(i);
    }
    let a = norm(anchor);
    if let Some(i) = article
        .sentences
        .iter()
        .position(|s| norm(&s.text).contains(&a))
    {
        return Some(i);
    }
    let head: String = a.chars().take(40).collect();
    article
        .sentences
        .iter()
        .position(|s| norm(&s.text).contains(&head))
}

/// A gold value as the scorer reads it (`num`): number words, else a leading decimal number.
pub fn gold_number(v: &str) -> Option<f64> {
    let v = v.to_lowercase().replace([',', '$'], "");
    let v = v.trim();
    let words = [
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("sixteen", 16.0),
        ("twenty", 20.0),
    ];
    if let Some(&(_, n)) = words.iter().find(|w| w.0 == v) {
        return Some(n);
    }
    let (sign, rest) = v.strip_prefix('-').map_or((1.0, v), |r| (-1.0, r));
    let int: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[int.len()..];
    let frac: String = after
        .strip_prefix('.')
        .map(|f| f.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    let text = if !frac.is_empty() {
        format!("{int}.{frac}")
    } else if !int.is_empty() {
        int
    } else {
        return None;
    };
    text.parse::<f64>().ok().map(|x| sign * x)
}

/// A file's name without its extension.
fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The four sets, or `None` (after saying so) when ../shared/data is absent.
pub fn gold_sets() -> Option<Vec<GoldSet>> {
    let root = data_dir().join("claims-gold");
    let plain = data_dir().join("ecbplus/plaintext");
    if !root.is_dir() || !plain.is_dir() {
        println!(
            "claim gold not found ({} and {} are needed): nothing to evaluate",
            root.display(),
            plain.display()
        );
        return None;
    }
    let mut sets = Vec::new();
    for name in ["A", "B", "C", "D"] {
        match load_set(&root, &plain, name) {
            Ok(s) => sets.push(s),
            Err(e) => {
                println!("claim gold set {name}: {e:#}");
                return None;
            }
        }
    }
    Some(sets)
}

fn load_set(root: &Path, plain: &Path, name: &str) -> anyhow::Result<GoldSet> {
    use anyhow::Context;
    let path = root.join(format!("{name}.json"));
    let raw =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let gold: serde_json::Value =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", path.display()))?;
    let mut files: Vec<PathBuf> = gold["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str())
        .map(|f| plain.join(f.split('_').next().unwrap_or("")).join(f))
        .collect();
    files.sort();
    let inputs: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let articles = corpus::load(&inputs, &LoadOptions::default()).articles;
    anyhow::ensure!(
        articles.len() == files.len(),
        "set {name}: not every file loaded"
    );
    let mut by_stem: HashMap<String, usize> = HashMap::new();
    let mut raws: HashMap<String, String> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        let s = stem(&f.display().to_string());
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        by_stem.insert(s.clone(), i);
        raws.insert(s, text);
    }
    let mut unlocated = 0;
    let mut place = |pair: &serde_json::Value| -> Option<At> {
        let (s, anchor) = (pair[0].as_str()?, pair[1].as_str()?);
        let found = by_stem
            .get(s)
            .and_then(|&ai| Some((ai, locate(&articles[ai], raws.get(s)?, anchor)?)));
        if found.is_none() {
            unlocated += 1;
        }
        found
    };
    let mut claims = Vec::new();
    let mut claim_of: HashMap<At, Vec<usize>> = HashMap::new();
    for (ci, c) in gold["claims"].as_array().into_iter().flatten().enumerate() {
        let mut members: Vec<At> = c["members"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(&mut place)
            .collect();
        members.sort_unstable();
        members.dedup();
        for &m in &members {
            claim_of.entry(m).or_default().push(ci);
        }
        claims.push(members);
    }
    for key in ["unique", "boilerplate"] {
        for p in gold[key].as_array().into_iter().flatten() {
            if let Some(at) = place(p) {
                claim_of.entry(at).or_default();
            }
        }
    }
    let facts = gold["facts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| GoldFact {
            want: f["values"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| {
                    let n = gold_number(v[1].as_str()?)?;
                    Some((by_stem.get(v[0].as_str()?).copied(), n))
                })
                .collect(),
            disagree: f["disagree"].as_array().is_some_and(|d| !d.is_empty()),
        })
        .collect();
    Ok(GoldSet {
        name: name.to_string(),
        articles,
        claims,
        claim_of,
        facts,
        unlocated,
    })
}

/// The figures of one set, as `gold_eval.py` prints them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    /// Per gold claim, the share of its cross-source pairs linked; averaged over claims.
    pub claim_recall: f64,
    /// Gold cross-source pairs linked, over all of them.
    pub pair_recall: f64,
    /// Linked pairs (of labelled sentences) that share a gold claim, over those linked.
    pub precision: f64,
    /// Gold claim sentences called unique, over gold claim sentences.
    pub false_unique: f64,
    /// Gold facts grouped in one fact with the right agree flag.
    pub facts: usize,
    /// Gold facts.
    pub facts_of: usize,
    /// Linked pairs judged, and right.
    pub judged: usize,
    /// Linked pairs that share a gold claim.
    pub right: usize,
}

impl Scores {
    /// One line of figures.
    pub fn line(&self) -> String {
        format!(
            "claim recall {:.2}, pair recall {:.2}, precision {:.2} ({}/{}), false-unique {:.2}, facts {}/{}",
            self.claim_recall,
            self.pair_recall,
            self.precision,
            self.right,
            self.judged,
            self.false_unique,
            self.facts,
            self.facts_of
        )
    }

    /// The mean of each figure over `all` (facts summed).
    pub fn mean(all: &[Scores]) -> Scores {
        let n = all.len().max(1) as f64;
        let avg = |f: fn(&Scores) -> f64| all.iter().map(f).sum::<f64>() / n;
        Scores {
            claim_recall: avg(|s| s.claim_recall),
            pair_recall: avg(|s| s.pair_recall),
            precision: avg(|s| s.precision),
            false_unique: avg(|s| s.false_unique),
            facts: all.iter().map(|s| s.facts).sum(),
            facts_of: all.iter().map(|s| s.facts_of).sum(),
            judged: all.iter().map(|s| s.judged).sum(),
            right: all.iter().map(|s| s.right).sum(),
        }
    }
}

/// Scores an analysis of the set's articles (the engine's links, its unique sentences and
/// facts) against the gold, as `gold_eval.py` does with a report.
pub fn score(set: &GoldSet, an: &Analysis) -> Scores {
    let pred: HashSet<(At, At)> = an
        .links
        .iter()
        .filter(|l| l.a.article != l.b.article)
        .map(|l| {
            let (x, y) = ((l.a.article, l.a.sentence), (l.b.article, l.b.sentence));
            (x.min(y), x.max(y))
        })
        .collect();
    score_pairs(set, &pred, an, &an.facts)
}

/// [`score`] over given linked pairs (each `(min, max)`), unique sentences from `an`.
pub fn score_pairs(
    set: &GoldSet,
    pred: &HashSet<(At, At)>,
    an: &Analysis,
    facts: &[Fact],
) -> Scores {
    let mut per_claim = Vec::new();
    let mut all_gold: HashSet<(At, At)> = HashSet::new();
    for members in &set.claims {
        let mut pairs = HashSet::new();
        for (k, &x) in members.iter().enumerate() {
            for &y in &members[k + 1..] {
                if x.0 != y.0 {
                    pairs.insert((x.min(y), x.max(y)));
                }
            }
        }
        if !pairs.is_empty() {
            per_claim.push(
                pairs.iter().filter(|p| pred.contains(p)).count() as f64 / pairs.len() as f64,
            );
        }
        all_gold.extend(pairs);
    }
    let judged: Vec<&(At, At)> = pred
        .iter()
        .filter(|(x, y)| set.claim_of.contains_key(x) && set.claim_of.contains_key(y))
        .collect();
    let right = judged
        .iter()
        .filter(|(x, y)| set.claim_of[x].iter().any(|c| set.claim_of[y].contains(c)))
        .count();
    let shared: Vec<&At> = set
        .claim_of
        .iter()
        .filter(|(_, c)| !c.is_empty())
        .map(|e| e.0)
        .collect();
    let unique: HashSet<At> = (0..set.articles.len())
        .flat_map(|ai| an.unique_in(ai).into_iter().map(move |s| (ai, s)))
        .collect();
    let false_unique = shared.iter().filter(|s| unique.contains(s)).count();
    let mut facts_ok = 0;
    for f in &set.facts {
        for rf in facts {
            let got: HashSet<(usize, u64)> = rf
                .values
                .iter()
                .map(|v| (v.at.article, v.value.to_bits()))
                .collect();
            if !f.want.is_empty()
                && f.want
                    .iter()
                    .all(|&(a, v)| a.is_some_and(|a| got.contains(&(a, v.to_bits()))))
            {
                facts_ok += usize::from(rf.agree != f.disagree);
                break;
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Scores {
        claim_recall: per_claim.iter().sum::<f64>() / per_claim.len().max(1) as f64,
        pair_recall: ratio(
            all_gold.iter().filter(|p| pred.contains(p)).count(),
            all_gold.len(),
        ),
        precision: ratio(right, judged.len()),
        false_unique: ratio(false_unique, shared.len()),
        facts: facts_ok,
        facts_of: set.facts.len(),
        judged: judged.len(),
        right,
    }
}

/// Runs the engine on the set's articles with `params` and scores it.
pub fn evaluate(set: &GoldSet, params: &LinkParams) -> (Scores, Analysis) {
    let opts = AnalysisOptions { link: *params };
    let an = claims::analyse_with(&set.articles, &opts, &|_| {});
    (score(set, &an), an)
}

/// One labelled candidate pair of a set: its claim features, whether its sentences share a
/// gold claim.
pub struct Row {
    /// The claim features.
    pub x: [f32; N_CLAIM],
    /// True when the two sentences share a gold claim.
    pub label: bool,
}

/// The labelled candidate pairs of a set (sentences of different articles, both labelled,
/// sharing at least two terms), with the features the engine computes.
pub fn rows(set: &GoldSet, params: &LinkParams) -> Vec<Row> {
    let nodes = claims::link_nodes(&set.articles);
    let first = link::copies(&nodes, params.min_common);
    let counted: Vec<bool> = first
        .iter()
        .enumerate()
        .map(|(i, &f)| f as usize == i)
        .collect();
    let scorer = Scorer::counting(&nodes, params, &counted);
    // On six articles the engine's candidates are the pairs sharing two terms, as here.
    let context = scorer.claim_context_all();
    let mut out = Vec::new();
    for i in 0..nodes.len() {
        for j in i + 1..nodes.len() {
            let (a, b) = (&nodes[i], &nodes[j]);
            if a.article == b.article {
                continue;
            }
            let (x, y) = ((a.article, a.sentence), (b.article, b.sentence));
            let (Some(cx), Some(cy)) = (set.claim_of.get(&x), set.claim_of.get(&y)) else {
                continue;
            };
            if let Some(f) = scorer.claim_features(i, j, &context) {
                out.push(Row {
                    x: f,
                    label: cx.iter().any(|c| cy.contains(c)),
                });
            }
        }
    }
    out
}

/// The claim model fitted on `rows` (see [`super::logistic`]): weights, then the bias.
pub fn fit(rows: &[&Row]) -> [f32; N_CLAIM + 1] {
    let rows: Vec<(Vec<f64>, f64, f64)> = rows
        .iter()
        .map(|r| {
            let x = r.x.iter().map(|&v| f64::from(v)).collect();
            (x, if r.label { 1.0 } else { 0.0 }, 1.0)
        })
        .collect();
    let m = super::logistic(&rows, 3000);
    std::array::from_fn(|k| m.get(k).map_or(0.0, |&w| w as f32))
}

/// The least precision the threshold must keep, averaged over the training sets
/// (`--min-precision P` on the command line to try another).
pub fn min_precision() -> f64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--min-precision")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(0.92)
}

/// The thresholds of the claim model for `sets` (sure, and mutual best): the pair with the
/// highest mean claim recall whose mean precision, engine run on each set, stays at least
/// [`min_precision`].
pub fn choose_threshold(sets: &[&GoldSet], params: &LinkParams) -> (f32, f32, Scores) {
    let mut best: Option<(f32, f32, Scores)> = None;
    let min = min_precision();
    for t in (10..=19).map(|t| t as f32 / 20.0) {
        for m in (4..=19).map(|m| m as f32 / 20.0).filter(|&m| m <= t) {
            let p = LinkParams {
                claim_threshold: t,
                claim_mutual: m,
                ..*params
            };
            let s = Scores::mean(
                &sets
                    .iter()
                    .map(|set| evaluate(set, &p).0)
                    .collect::<Vec<_>>(),
            );
            if s.precision >= min && best.is_none_or(|b| s.claim_recall > b.2.claim_recall) {
                best = Some((t, m, s));
            }
        }
    }
    best.unwrap_or((0.95, 0.95, Scores::default()))
}

/// The model and thresholds fitted on `sets`, from `base` (its other settings kept).
pub fn fit_sets(sets: &[&GoldSet], base: LinkParams) -> LinkParams {
    let mut all: Vec<Row> = sets.iter().flat_map(|s| rows(s, &base)).collect();
    // Features left out (`--drop a,b`): a column of zeros gets a weight of 0.
    for r in &mut all {
        for k in dropped() {
            r.x[k] = 0.0;
        }
    }
    let refs: Vec<&Row> = all.iter().collect();
    let model = fit(&refs);
    let p = LinkParams {
        claim_model: model,
        ..base
    };
    let (t, m, _) = choose_threshold(sets, &p);
    LinkParams {
        claim_threshold: t,
        claim_mutual: m,
        ..p
    }
}

/// Leave one set out: for each set, the model and threshold fitted on the others, and the
/// held-out set's scores with them.
pub fn loso(sets: &[GoldSet], base: LinkParams) -> Vec<(LinkParams, Scores)> {
    (0..sets.len())
        .map(|k| {
            let train: Vec<&GoldSet> = sets
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|x| x.1)
                .collect();
            let p = fit_sets(&train, base);
            (p, evaluate(&sets[k], &p).0)
        })
        .collect()
}

/// The claim features' names with their weights, one per line.
pub fn weights_table(model: &[f32; N_CLAIM + 1]) -> String {
    CLAIM_FEATURE_NAMES
        .iter()
        .zip(model)
        .map(|(n, w)| format!("  {n:<16} {w:+.4}"))
        .chain(std::iter::once(format!(
            "  {:<16} {:+.4}",
            "bias", model[N_CLAIM]
        )))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The claim features named by `--drop a,b` on the command line (left out of the fit).
pub fn dropped() -> Vec<usize> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--drop")
        .and_then(|i| args.get(i + 1))
        .map(|list| {
            list.split(',')
                .filter_map(|n| CLAIM_FEATURE_NAMES.iter().position(|f| f == &n))
                .collect()
        })
        .unwrap_or_default()
}

/// Fits leave one set out, prints each held-out set's scores (with `label` after its name) and
/// their mean.
pub fn print_loso(sets: &[GoldSet], label: &str) {
    let folds = loso(sets, base_params());
    for (set, (p, s)) in sets.iter().zip(&folds) {
        println!(
            "  {}{label} (thresholds {:.2}, mutual {:.2}): {}",
            set.name,
            p.claim_threshold,
            p.claim_mutual,
            s.line()
        );
    }
    let held: Vec<Scores> = folds.iter().map(|f| f.1).collect();
    println!("  mean held out: {}", Scores::mean(&held).line());
}
/// The settings the fit starts from: the defaults, with the command line's link flags
/// ([`link_flags`]).
pub fn base_params() -> parallax::claims::LinkParams {
    link_flags(parallax::claims::LinkParams::default())
}

/// `p` with the link settings the command line names, for every example that tries them:
/// `--min-shared N` (fewest shared terms for the claim model), `--one-sided` (one-sided best
/// matches), `--unsupported` (no links supported by a third sentence), `--gate G` (the
/// article-likeness gate), `--gate-bypass P` (the claim score that passes it),
/// `--neighbours K`, `--model w1,...`, `--claim-threshold P` and `--mutual P` (a claim model
/// to try), `--equivalent X` (the overlap at which sentences are compared whole) and
/// `--same-coverage X` (the share of each sentence a link marked same must cover).
pub fn link_flags(mut p: parallax::claims::LinkParams) -> parallax::claims::LinkParams {
    let args: Vec<String> = std::env::args().collect();
    let has = |name: &str| args.iter().any(|a| a == name);
    fn value<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
        let i = args.iter().position(|a| a == name)?;
        args.get(i + 1)?.parse().ok()
    }
    if let Some(m) = super::model_arg() {
        p.claim_model = m;
    }
    p.claim_min_shared = value(&args, "--min-shared").unwrap_or(p.claim_min_shared);
    p.claim_threshold = value(&args, "--claim-threshold").unwrap_or(p.claim_threshold);
    p.claim_mutual = value(&args, "--mutual").unwrap_or(p.claim_mutual);
    p.claim_one_sided |= has("--one-sided");
    p.claim_supported &= !has("--unsupported");
    p.equivalent_overlap = value(&args, "--equivalent").unwrap_or(p.equivalent_overlap);
    p.same_coverage = value(&args, "--same-coverage").unwrap_or(p.same_coverage);
    p.article_gate = value(&args, "--gate").unwrap_or(p.article_gate);
    p.article_gate_bypass = value(&args, "--gate-bypass").unwrap_or(p.article_gate_bypass);
    p.article_neighbours = value(&args, "--neighbours").unwrap_or(p.article_neighbours);
    p
}
