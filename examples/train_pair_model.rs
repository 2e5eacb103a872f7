//! Fits the logistic link model of `claims::link` on the MSRP train split only (the test split is
//! never read here) and prints the weights as the `MODEL` constant. Deterministic full-batch
//! gradient descent on standardised features, with a small L2 penalty; a 5-fold cross-validation
//! on train (each held-out fold loaded on its own) reports how well the fit carries to unseen
//! pairs and to a smaller loaded set.
//! Run by hand: `cargo run --release --example train_pair_model`.

use std::path::Path;

use parallax::claims::link::{FEATURE_NAMES, LinkParams, N_FEATURES, Scorer};
use parallax::claims::{self};
use parallax::corpus::{Article, Document};

/// One labelled pair's features (`None` when the pair shares too little to be scored).
struct Example {
    label: bool,
    x: Option<[f32; N_FEATURES]>,
}

fn read_train() -> Option<Vec<(bool, String, String)>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/msrp/msr_paraphrase_train.txt");
    let raw = std::fs::read_to_string(path).ok()?;
    Some(
        raw.trim_start_matches('\u{feff}')
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f.len() >= 5).then(|| (f[0] == "1", f[3].trim().into(), f[4].trim().into()))
            })
            .collect(),
    )
}

fn article(name: &str, paras: Vec<&str>) -> Article {
    Article::from_document(Document {
        origin: name.to_string(),
        text: paras.join("\n\n"),
        ..Document::default()
    })
}

/// The features of every pair, computed as the engine does (IDF over both articles).
fn examples(pairs: &[(bool, String, String)]) -> Vec<Example> {
    let arts = [
        article("A", pairs.iter().map(|p| p.1.as_str()).collect()),
        article("B", pairs.iter().map(|p| p.2.as_str()).collect()),
    ];
    let nodes = claims::link_nodes(&arts);
    let params = LinkParams::default();
    let scorer = &Scorer::new(&nodes, &params);
    let mut of_para: [Vec<Vec<usize>>; 2] =
        [vec![Vec::new(); pairs.len()], vec![Vec::new(); pairs.len()]];
    for (k, n) in nodes.iter().enumerate() {
        let p = arts[n.article].sentences[n.sentence].paragraph;
        if p < pairs.len() {
            of_para[n.article][p].push(k);
        }
    }
    pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // Where a side was split into several sentences, the most overlapping pair speaks.
            let x = of_para[0][i]
                .iter()
                .flat_map(|&a| {
                    of_para[1][i]
                        .iter()
                        .filter_map(move |&b| scorer.features(a, b))
                })
                .max_by(|u, v| u[2].total_cmp(&v[2]));
            Example { label: p.0, x }
        })
        .collect()
}

/// Fits weights (raw feature space, bias last) on the given examples.
fn fit(ex: &[&Example]) -> [f64; N_FEATURES + 1] {
    let rows: Vec<([f64; N_FEATURES], f64)> = ex
        .iter()
        .filter_map(|e| {
            e.x.map(|x| (x.map(f64::from), if e.label { 1.0 } else { 0.0 }))
        })
        .collect();
    let n = rows.len().max(1) as f64;
    let mut mean = [0.0; N_FEATURES];
    let mut sd = [0.0; N_FEATURES];
    for (x, _) in &rows {
        for k in 0..N_FEATURES {
            mean[k] += x[k] / n;
        }
    }
    for (x, _) in &rows {
        for k in 0..N_FEATURES {
            sd[k] += (x[k] - mean[k]).powi(2) / n;
        }
    }
    let sd = sd.map(|v| v.sqrt().max(1e-6));
    let z: Vec<([f64; N_FEATURES], f64)> = rows
        .iter()
        .map(|(x, y)| {
            let mut s = [0.0; N_FEATURES];
            for k in 0..N_FEATURES {
                s[k] = (x[k] - mean[k]) / sd[k];
            }
            (s, *y)
        })
        .collect();
    let (mut w, mut b) = ([0.0f64; N_FEATURES], 0.0f64);
    let (rate, l2) = (0.5, 1e-3);
    for _ in 0..4000 {
        let mut gw = [0.0; N_FEATURES];
        let mut gb = 0.0;
        for (x, y) in &z {
            let t = b + x.iter().zip(&w).map(|(a, c)| a * c).sum::<f64>();
            let err = 1.0 / (1.0 + (-t).exp()) - y;
            for k in 0..N_FEATURES {
                gw[k] += err * x[k] / n;
            }
            gb += err / n;
        }
        for k in 0..N_FEATURES {
            w[k] -= rate * (gw[k] + l2 * w[k]);
        }
        b -= rate * gb;
    }
    // Back to raw features: w_k x_k' = (w_k / sd_k) x_k - w_k mean_k / sd_k.
    let mut out = [0.0; N_FEATURES + 1];
    let mut bias = b;
    for k in 0..N_FEATURES {
        out[k] = w[k] / sd[k];
        bias -= w[k] * mean[k] / sd[k];
    }
    out[N_FEATURES] = bias;
    out
}

fn prob(m: &[f64; N_FEATURES + 1], x: &[f32; N_FEATURES]) -> f64 {
    let t = m[N_FEATURES] + x.iter().zip(m).map(|(a, w)| f64::from(*a) * w).sum::<f64>();
    1.0 / (1.0 + (-t).exp())
}

/// Accuracy and precision of `m` over `ex` at `threshold` (unscored pairs count as "not same").
fn measure(m: &[f64; N_FEATURES + 1], ex: &[&Example], threshold: f64) -> (f64, f64) {
    let (mut ok, mut tp, mut fp) = (0usize, 0usize, 0usize);
    for e in ex {
        let guess = e.x.is_some_and(|x| prob(m, &x) >= threshold);
        ok += usize::from(guess == e.label);
        tp += usize::from(guess && e.label);
        fp += usize::from(guess && !e.label);
    }
    (
        ok as f64 / ex.len().max(1) as f64,
        tp as f64 / (tp + fp).max(1) as f64,
    )
}

fn main() {
    let Some(pairs) = read_train() else {
        println!("MSRP not found under ../shared/data/msrp: nothing to train on");
        return;
    };
    let ex = examples(&pairs);
    let all: Vec<&Example> = ex.iter().collect();
    let scored = ex.iter().filter(|e| e.x.is_some()).count();
    println!(
        "MSRP train: {} pairs, {} scored ({} positives unscored)",
        ex.len(),
        scored,
        ex.iter().filter(|e| e.x.is_none() && e.label).count()
    );
    let thresholds: Vec<f64> = (30..=80).step_by(5).map(|t| t as f64 / 100.0).collect();
    // 5-fold cross-validation on train (folds by index modulo 5, deterministic).
    let mut cv = vec![(0.0, 0.0); thresholds.len()];
    for fold in 0..5 {
        let tr: Vec<&Example> = ex
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != fold)
            .map(|e| e.1)
            .collect();
        // The held-out fold is loaded on its own, so its IDF comes from a smaller set, as
        // when the engine runs on fewer articles than it was fitted on.
        let held: Vec<(bool, String, String)> = pairs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 == fold)
            .map(|(_, p)| p.clone())
            .collect();
        let held = examples(&held);
        let va: Vec<&Example> = held.iter().collect();
        let m = fit(&tr);
        for (k, &t) in thresholds.iter().enumerate() {
            let (a, p) = measure(&m, &va, t);
            cv[k].0 += a / 5.0;
            cv[k].1 += p / 5.0;
        }
    }
    let m = fit(&all);
    println!("threshold  train-fit acc/prec  5-fold CV acc/prec (pair level, before grouping)");
    for (k, &t) in thresholds.iter().enumerate() {
        let (a, p) = measure(&m, &all, t);
        println!(
            "  {t:.2}      {a:.3} {p:.3}          {:.3} {:.3}",
            cv[k].0, cv[k].1
        );
    }
    println!("\nweights:");
    for (name, w) in FEATURE_NAMES.iter().zip(&m) {
        println!("  {name:<18} {w:+.3}");
    }
    println!("  {:<18} {:+.3}", "bias", m[N_FEATURES]);
    let list: Vec<String> = m.iter().map(|w| format!("{w:.4}")).collect();
    println!(
        "\npub const MODEL: [f32; N_FEATURES + 1] = [{}];",
        list.join(", ")
    );
}
