//! Whole-process time of `parallax search` against `fzf --filter` (and `rg -i` as a floor) on
//! the same file and queries, as a user would run them: hyperfine, in rounds of three runs a
//! command taken in turn (so a change in the machine's load falls on all of them), median.
//!
//! `cargo build --release && cargo run --release --example make_sentences -- --suffix`, then
//! `cargo run --release --example versus_fzf -- [FILE] [RUNS]`
//! (default: target/sentences-200000-suffix.txt, the 24.7 MB file of the issue, 11 runs, made up
//! to whole rounds).
//! Says so and stops when hyperfine or fzf is not installed
//! (`apt-get install -y hyperfine fzf ripgrep`), or when the file or the release build is
//! missing. The machine's load average is printed with the figures: compare the ratios,
//! measured in one run. `PARALLAX_BEFORE=path/to/an/older/parallax` times that build in the
//! same runs too, for a before-and-after table.

mod common;

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

/// The queries of the issue: a word, a phrase, two words apart, a typo.
const QUERIES: &[&str] = &[
    "earthquake",
    "police said",
    "troops kazakhstan",
    "presidnet",
];

fn installed(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Says what is missing and what to run, then exits (no error trace: nothing went wrong).
fn missing(what: &str, run: &str) -> ! {
    eprintln!("{what} is absent: run `{run}` first");
    std::process::exit(2);
}

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let file = args.next().unwrap_or_else(|| {
        root.join("target/sentences-200000-suffix.txt")
            .display()
            .to_string()
    });
    let runs: usize = match args.next() {
        Some(n) => n.parse().with_context(|| format!("not a run count: {n}"))?,
        None => 11,
    };
    for tool in ["hyperfine", "fzf"] {
        if !installed(tool) {
            println!("{tool} is not installed: no comparison (apt-get install -y hyperfine fzf)");
            return Ok(());
        }
    }
    if !Path::new(&file).exists() {
        missing(
            &file,
            "cargo run --release --example make_sentences -- --suffix",
        );
    }
    let parallax = root.join("target/release/parallax");
    if !parallax.exists() {
        missing(&parallax.display().to_string(), "cargo build --release");
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("file {file}; load average {}", load.trim());
    let before = std::env::var("PARALLAX_BEFORE").ok();
    println!("query\tparallax ms\tfzf ms\tratio\trg ms\tbefore ms\tbefore ratio");
    let rg = installed("rg");
    for query in QUERIES {
        // The commands, in the table's order: parallax, fzf, then rg and the earlier build
        // when there are.
        let mut commands = vec![
            format!(
                "{} search --max-size 100M --limit 20 '{query}' {file} > /dev/null",
                parallax.display()
            ),
            format!("fzf --filter '{query}' < {file} > /dev/null"),
        ];
        if rg {
            commands.push(format!("rg -i '{query}' {file} > /dev/null"));
        }
        if let Some(before) = &before {
            commands.push(format!(
                "{before} search --max-size 100M --limit 20 '{query}' {file} > /dev/null"
            ));
        }
        let times = alternating(&commands, runs, query)?;
        // Medians in milliseconds (each command ran at least once).
        let median = |i: usize| common::median(&times[i]).unwrap_or(f64::NAN) * 1000.0;
        let (ours, fzf) = (median(0), median(1));
        let rg_ms = if rg {
            format!("{:.0}", median(2))
        } else {
            "-".into()
        };
        let (then_ms, then_ratio) = match before {
            Some(_) => {
                let then = median(2 + usize::from(rg));
                (format!("{then:.0}"), format!("{:.2}", then / fzf))
            }
            None => ("-".into(), "-".into()),
        };
        println!(
            "{query}\t{ours:.0}\t{fzf:.0}\t{:.2}\t{rg_ms}\t{then_ms}\t{then_ratio}",
            ours / fzf
        );
    }
    Ok(())
}

/// Runs per command in each round: hyperfine times each command's runs one after another, so
/// rounds of a few runs each, the commands taking turns, spread a change in the machine's load
/// over all of them.
const RUNS_PER_ROUND: usize = 3;

/// Each command's times in seconds over `runs` runs (at least), taken in alternating rounds.
fn alternating(commands: &[String], runs: usize, query: &str) -> anyhow::Result<Vec<Vec<f64>>> {
    let mut times = vec![Vec::new(); commands.len()];
    let json = std::env::temp_dir().join(format!("parallax-vs-fzf-{}.json", std::process::id()));
    for round in 0..runs.div_ceil(RUNS_PER_ROUND).max(1) {
        // Each round starts with the next command: none always runs first.
        let order: Vec<usize> = (0..commands.len())
            .map(|k| (k + round) % commands.len())
            .collect();
        let mut cmd = Command::new("hyperfine");
        cmd.args([
            "--warmup",
            "1",
            "--runs",
            &RUNS_PER_ROUND.to_string(),
            "--style",
            "none",
            // rg exits with 1 when nothing matches ("troops kazakhstan" as one string).
            "--ignore-failure",
        ])
        .arg("--export-json")
        .arg(&json);
        for &k in &order {
            cmd.arg(&commands[k]);
        }
        let status = cmd.status().context("running hyperfine")?;
        if !status.success() {
            bail!("hyperfine failed on {query:?}");
        }
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&json).context("reading hyperfine's JSON")?,
        )?;
        for (place, &k) in order.iter().enumerate() {
            let Some(runs) = report["results"][place]["times"].as_array() else {
                bail!("hyperfine's JSON lacks times");
            };
            times[k].extend(runs.iter().filter_map(serde_json::Value::as_f64));
        }
    }
    let _ = std::fs::remove_file(&json);
    Ok(times)
}
