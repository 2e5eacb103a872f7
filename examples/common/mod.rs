//! What the evaluation examples share: where ../shared/data is, the MSRP pairs, and the
//! articles built from them. (A folder without main.rs, so cargo does not take it for an example.)

// Each example uses only part of this module.
#![allow(dead_code)]

pub mod gold;

use std::path::PathBuf;

use parallax::corpus::{self, Article, Corpus, Document, LoadOptions};

/// ../shared/data, beside the project.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

/// One labelled MSRP pair.
#[derive(Clone)]
pub struct Pair {
    /// True when the two sentences mean the same.
    pub label: bool,
    /// The first sentence.
    pub a: String,
    /// The second sentence.
    pub b: String,
}

/// The pairs of one MSRP split ("train" or "test"); `None` when the data is absent.
pub fn read_msrp(split: &str) -> Option<Vec<Pair>> {
    let path = data_dir().join(format!("msrp/msr_paraphrase_{split}.txt"));
    let raw = std::fs::read_to_string(&path).ok()?;
    Some(
        raw.trim_start_matches('\u{feff}')
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f.len() >= 5).then(|| Pair {
                    label: f[0] == "1",
                    a: f[3].trim().to_string(),
                    b: f[4].trim().to_string(),
                })
            })
            .collect(),
    )
}

/// An article of one paragraph per sentence given.
pub fn article(name: &str, paras: Vec<&str>) -> Article {
    Article::from_document(Document {
        origin: name.to_string(),
        text: paras.join("\n\n"),
        ..Document::default()
    })
}

/// All 982 ECB+ articles, topic folders in name order; `None` (after saying so) when absent.
pub fn ecbplus_corpus(what: &str) -> Option<Corpus> {
    let root = data_dir().join("ecbplus/plaintext");
    if !root.is_dir() {
        println!("ECB+ not found under {}: skipping {what}", root.display());
        return None;
    }
    Some(corpus::load(&ecbplus_dirs(), &LoadOptions::default()))
}

/// The ECB+ topic folders, sorted (none when the data is absent).
pub fn ecbplus_dirs() -> Vec<String> {
    let root = data_dir().join("ecbplus/plaintext");
    let mut dirs: Vec<String> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    dirs.sort();
    dirs
}

/// The claim model given as `--model w1,w2,...` on the command line (weights, then the bias,
/// as `train_claim_model` prints them), to try a fit without rebuilding; `None` when absent
/// or of the wrong length.
pub fn model_arg() -> Option<[f32; parallax::claims::link::N_CLAIM + 1]> {
    let args: Vec<String> = std::env::args().collect();
    let list = args.get(args.iter().position(|a| a == "--model")? + 1)?;
    let w: Vec<f32> = list
        .trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect();
    w.try_into().ok()
}

/// Logistic regression by deterministic full-batch gradient descent (`iterations` steps, rate
/// 0.5) on standardised features with a small L2 penalty. Rows are (features, label 0 or 1,
/// weight). Returns the weights in raw feature space, then the bias.
pub fn logistic(rows: &[(Vec<f64>, f64, f64)], iterations: usize) -> Vec<f64> {
    let d = rows.first().map_or(0, |r| r.0.len());
    let n = rows.iter().map(|r| r.2).sum::<f64>().max(1e-9);
    let mut mean = vec![0.0; d];
    let mut sd = vec![0.0; d];
    for (x, _, v) in rows {
        for (m, x) in mean.iter_mut().zip(x) {
            *m += v * x / n;
        }
    }
    for (x, _, v) in rows {
        for ((s, x), m) in sd.iter_mut().zip(x).zip(&mean) {
            *s += v * (x - m).powi(2) / n;
        }
    }
    let sd: Vec<f64> = sd.iter().map(|v| v.sqrt().max(1e-6)).collect();
    let z: Vec<(Vec<f64>, f64, f64)> = rows
        .iter()
        .map(|(x, y, v)| {
            let s = x.iter().zip(&mean).zip(&sd).map(|((x, m), s)| (x - m) / s);
            (s.collect(), *y, *v)
        })
        .collect();
    let (mut w, mut b) = (vec![0.0f64; d], 0.0f64);
    let (rate, l2) = (0.5, 1e-3);
    for _ in 0..iterations {
        let mut gw = vec![0.0; d];
        let mut gb = 0.0;
        for (x, y, v) in &z {
            let t = b + x.iter().zip(&w).map(|(a, c)| a * c).sum::<f64>();
            let err = v * (1.0 / (1.0 + (-t).exp()) - y);
            for (g, x) in gw.iter_mut().zip(x) {
                *g += err * x / n;
            }
            gb += err / n;
        }
        for (w, g) in w.iter_mut().zip(&gw) {
            *w -= rate * (g + l2 * *w);
        }
        b -= rate * gb;
    }
    // Back to raw features: w_k x_k' = (w_k / sd_k) x_k - w_k mean_k / sd_k.
    let mut out: Vec<f64> = w.iter().zip(&sd).map(|(w, s)| w / s).collect();
    let bias = w
        .iter()
        .zip(&mean)
        .zip(&sd)
        .fold(b, |bias, ((w, m), s)| bias - w * m / s);
    out.push(bias);
    out
}

/// CPU time of the whole process so far, in milliseconds (user + system, all threads).
pub fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the ')'.
    (ticks(11) + ticks(12)) * 10.0
}

/// CPU time so far of the process's live threads, in milliseconds, to the nanosecond the
/// scheduler counts (/proc/self/task/*/schedstat), where [`cpu_ms`] counts in ticks of 10 ms.
/// A thread that has ended is not counted: for work whose threads live throughout (a rayon
/// pool). Falls back to [`cpu_ms`] where the scheduler does not say.
pub fn live_cpu_ms() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return cpu_ms();
    };
    let mut ns = 0u64;
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) else {
            return cpu_ms();
        };
        match stat.split_whitespace().next().map(str::parse::<u64>) {
            Some(Ok(n)) => ns += n,
            _ => return cpu_ms(),
        }
    }
    ns as f64 / 1e6
}

/// A memory field of /proc/self/status, in KiB: "VmHWM" (the peak resident size so far) or
/// "VmRSS" (resident now). `None` off Linux.
pub fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let value = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))?;
    value.split_whitespace().next()?.parse().ok()
}

/// [`status_kib`] in MB (0 when unknown).
pub fn status_mb(field: &str) -> f64 {
    status_kib(field).map_or(0.0, |kib| kib as f64 / 1024.0)
}

/// The median of `times` (halfway between the middle two for an even count); `None` for none.
pub fn median(times: &[f64]) -> Option<f64> {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}
