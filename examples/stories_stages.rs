//! Where the grouping of the 982 ECB+ articles spends its time: each stage of `stories::find`
//! run on its own, CPU (all threads) and wall time, mean over the runs. Also a loop to profile
//! (`perf record -g target/release/examples/stories_stages -- --runs 200`).
//!
//! `cargo run --release --example stories_stages [-- --runs N] [--dir FOLDER]` (default 20
//! runs over ../shared/data/ecbplus/plaintext, which it says when absent; `--dir` reads
//! another folder, such as the scaled copies `scale_stages --write` makes).

mod common;

use std::time::Instant;

use std::sync::Arc;

use rayon::prelude::*;

use parallax::corpus::{self, LoadOptions};

use parallax::stories::{self, StoryOptions, cluster, profile};

/// Sums of (wall ms, CPU ms) per stage.
#[derive(Default)]
struct Times(Vec<(&'static str, f64, f64)>);

impl Times {
    fn add(&mut self, name: &'static str, wall: f64, cpu: f64) {
        match self.0.iter_mut().find(|t| t.0 == name) {
            Some(t) => {
                t.1 += wall;
                t.2 += cpu;
            }
            None => self.0.push((name, wall, cpu)),
        }
    }
}

/// Runs `f`, adding its wall and CPU time to `times` under `name`.
fn timed<T>(times: &mut Times, name: &'static str, f: impl FnOnce() -> T) -> T {
    let (t, c) = (Instant::now(), common::cpu_ms());
    let out = f();
    times.add(name, t.elapsed().as_secs_f64() * 1e3, common::cpu_ms() - c);
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(20);
    // Another folder than ECB+ (the scaled copies `scale_stages --write` makes, for one).
    let dir = args
        .iter()
        .position(|a| a == "--dir")
        .and_then(|i| args.get(i + 1).cloned());
    let dirs = match dir {
        Some(d) => vec![d],
        None => common::ecbplus_dirs(),
    };
    if dirs.is_empty() {
        println!(
            "ECB+ not found under {}: skipping the stages of the grouping",
            common::data_dir().join("ecbplus/plaintext").display()
        );
        return;
    }
    let arts = corpus::load(&dirs, &LoadOptions::default()).articles;
    let opts = StoryOptions::default();
    let mut times = Times::default();
    let mut stories_found = 0;
    // The loading the reader does, without and with each article's terms read as it loads.
    let load = LoadOptions::default();
    let mut loaded = (0, 0);
    for _ in 0..runs {
        loaded.0 = timed(&mut times, "loading", || {
            corpus::load::load_counting(&dirs, &load, Arc::default())
                .articles
                .len()
        });
        loaded.1 = timed(&mut times, "loading, terms read too", || {
            let readers = profile::Readers::new(opts);
            corpus::load::load_counting_with(&dirs, &load, Arc::default(), move |a| readers.read(a))
                .1
                .len()
        });
        let terms = timed(&mut times, "article terms (per article)", || {
            profile::article_terms(&arts, &opts)
        });
        let prof = timed(&mut times, "profiles (set: DF, weights)", || {
            profile::profiles_of(terms, &opts)
        });
        let edges = timed(&mut times, "pairs (index, dot products)", || {
            cluster::edges(&prof, &opts)
        });
        let coarse = timed(&mut times, "average link", || {
            cluster::average_link(arts.len(), &edges, opts.threshold)
        });
        let parts: Vec<Vec<usize>> = timed(&mut times, "split", || {
            coarse
                .into_par_iter()
                .flat_map_iter(|g| cluster::split(&prof, g, &opts))
                .collect()
        });
        timed(&mut times, "reassign", || {
            cluster::reassign(arts.len(), &edges, parts, &opts)
        });
        stories_found = timed(&mut times, "whole find", || stories::find(&arts)).len();
    }
    println!(
        "{} articles, {stories_found} stories; mean of {runs} runs (wall ms / CPU ms, all threads):",
        arts.len()
    );
    assert_eq!(loaded.0, loaded.1, "one article's terms per article");
    for (name, wall, cpu) in &times.0 {
        println!(
            "  {name:<30} {:>7.1} / {:>7.1}",
            wall / runs as f64,
            cpu / runs as f64
        );
    }
}
