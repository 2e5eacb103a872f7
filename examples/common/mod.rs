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
    let Ok(rd) = std::fs::read_dir(&root) else {
        println!("ECB+ not found under {}: skipping {what}", root.display());
        return None;
    };
    let mut dirs: Vec<String> = rd
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    dirs.sort();
    Some(corpus::load(&dirs, &LoadOptions::default()))
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
