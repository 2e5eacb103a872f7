//! How soon the reader shows something, as a user starts it: each binary runs in a real terminal
//! (a private tmux server, 200x50) with `--log`, N times, the binaries taking turns, and the
//! medians of the moments its log names are printed: the first frame (the loading screen), the
//! first frame that lists articles read (the loading screen with their headlines), the
//! articles loaded, the first frame after loading, and the frame that shows the stories (the
//! list, or the one story's panes), plus that frame counted from the end of loading.
//!
//! `cargo run --release --example reader_startup -- [--runs N] [--bin PATH]... [PATH...]`
//!
//! Defaults: 15 runs, `target/release/parallax`, the 982 ECB+ articles at
//! `../shared/data/ecbplus/plaintext/`. Give `--bin` twice (a saved copy of the old binary and
//! the new one) to compare them in one run. The `at=` figures are the binary's own, counted from
//! the start of its `main` (older builds: from the start of the reader); "launch" counts from
//! just before tmux is asked to start it, so it includes starting the process, and is the same
//! yardstick for every binary.
//!
//! Needs tmux; says so and stops when it is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};

/// The log lines measured, by the words that name them.
const EVENTS: &[(&str, &str)] = &[
    ("loading screen drawn", "first frame (loading)"),
    ("first articles drawn", "first articles drawn (loading)"),
    ("loaded", "articles loaded"),
    ("first frame of the articles", "first frame after loading"),
    ("stories drawn", "stories drawn"),
    // Wall-clock only (the worker logs how long the grouping took, not when).
    ("stories found", "grouping returned"),
];

/// One moment of a run: its `at=` (ms, NaN when the line has none) and its wall-clock time
/// (ms since the epoch).
type Moment = (f64, f64);

fn main() -> anyhow::Result<()> {
    let mut runs = 15;
    let mut bins: Vec<PathBuf> = Vec::new();
    let mut paths: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().context("--runs N")?.parse()?,
            "--bin" => bins.push(args.next().context("--bin PATH")?.into()),
            _ => paths.push(arg),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if bins.is_empty() {
        bins.push(root.join("target/release/parallax"));
    }
    if paths.is_empty() {
        let ecb = root.join("../shared/data/ecbplus/plaintext/");
        if !ecb.exists() {
            bail!(
                "{} is absent (the ECB+ articles); give the inputs as arguments",
                ecb.display()
            );
        }
        paths.push(ecb.display().to_string());
    }
    if Command::new("tmux").arg("-V").output().is_err() {
        bail!("tmux is not installed: this example runs the reader in it");
    }
    for bin in &bins {
        if !bin.exists() {
            bail!("{} is absent (cargo build --release)", bin.display());
        }
    }
    let dir = tempfile::tempdir()?;
    // Per binary, per event: the `at=` figures, the figures from launch, and stories - loaded.
    let mut at: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); EVENTS.len()]; bins.len()];
    let mut launch: Vec<Vec<Vec<f64>>> = at.clone();
    let mut after_load: Vec<Vec<f64>> = vec![Vec::new(); bins.len()];
    let mut after_found: Vec<Vec<f64>> = vec![Vec::new(); bins.len()];
    for run in 0..runs {
        for (b, bin) in bins.iter().enumerate() {
            let log = dir.path().join(format!("run-{run}-{b}.log"));
            let (times, launched) = run_once(bin, &paths, &log, &format!("{run}-{b}"))?;
            for (e, time) in times.iter().enumerate() {
                if let Some((t, wall)) = time {
                    if !t.is_nan() {
                        at[b][e].push(*t);
                    }
                    launch[b][e].push(wall - launched);
                }
            }
            let event = |name: &str| {
                let i = EVENTS.iter().position(|e| e.0 == name).expect("an event");
                times[i]
            };
            let stories = event("stories drawn");
            if let (Some(stories), Some(loaded)) = (stories, event("loaded")) {
                after_load[b].push(stories.0 - loaded.0);
            }
            if let (Some(stories), Some(found)) = (stories, event("stories found")) {
                after_found[b].push(stories.1 - found.1);
            }
        }
    }
    println!("{runs} runs each, medians in ms (at = the binary's own clock; launch = from tmux)");
    for (b, bin) in bins.iter().enumerate() {
        println!("{}", bin.display());
        for (e, (_, name)) in EVENTS.iter().enumerate() {
            println!(
                "  {name:<32} at {:>8}   launch {:>8}   ({} runs)",
                median(&at[b][e]),
                median(&launch[b][e]),
                launch[b][e].len()
            );
        }
        println!(
            "  {:<32} {:>11}",
            "stories drawn after loading",
            median(&after_load[b])
        );
        println!(
            "  {:<32} {:>11}",
            "stories drawn after grouping",
            median(&after_found[b])
        );
    }
    Ok(())
}

/// Runs the reader once in tmux (a server of its own, named after `run`) until its log says the stories are drawn (or 20 s pass), then
/// quits it. Per event, its `at=` (ms) and wall-clock time (ms since the epoch); and the
/// wall-clock time it was launched.
fn run_once(
    bin: &Path,
    paths: &[String],
    log: &Path,
    run: &str,
) -> anyhow::Result<(Vec<Option<Moment>>, f64)> {
    let socket = format!("parallax-startup-{}-{run}", std::process::id());
    let mut command = vec![
        bin.display().to_string(),
        "--log".into(),
        log.display().to_string(),
    ];
    command.extend(paths.iter().cloned());
    let quoted: Vec<String> = command
        .iter()
        .map(|c| format!("'{}'", c.replace('\'', "'\\''")))
        .collect();
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null"])
            .args(args)
            .output()
    };
    // The server first, so its start is not counted.
    tmux(&[
        "new-session",
        "-d",
        "-x",
        "200",
        "-y",
        "50",
        "-s",
        "t",
        "sleep 60",
    ])?;
    let launched = now_ms();
    tmux(&[
        "new-window",
        "-t",
        // The session's next free window ("t" alone can name its window 0, then in use).
        "t:",
        "-n",
        "reader",
        "-c",
        env!("CARGO_MANIFEST_DIR"),
        &quoted.join(" "),
    ])?;
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut text = String::new();
    while Instant::now() < deadline {
        text = std::fs::read_to_string(log).unwrap_or_default();
        if text.contains("stories drawn") {
            break;
        }
        sleep(Duration::from_millis(20));
    }
    tmux(&["send-keys", "-t", "t:reader", "q"])?;
    sleep(Duration::from_millis(150));
    let path = tmux(&["display-message", "-p", "#{socket_path}"])?;
    tmux(&["kill-server"])?;
    // tmux leaves its socket file behind.
    let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
    if !path.is_empty() {
        let _ = std::fs::remove_file(path);
    }
    let times: Vec<Option<Moment>> = EVENTS
        .iter()
        .map(|(words, _)| {
            let line = text.lines().find(|l| {
                l.split_once(" INFO ")
                    .is_some_and(|(_, rest)| event_words(rest).starts_with(words))
            })?;
            let wall = wall_ms(line)?;
            Some((at_ms(line).unwrap_or(f64::NAN), wall))
        })
        .collect();
    // Older builds log neither the grouping's end nor the first articles drawn.
    let optional = ["first articles drawn", "stories found"];
    if EVENTS
        .iter()
        .zip(&times)
        .any(|((words, _), t)| t.is_none() && !optional.contains(words))
    {
        eprintln!(
            "run {run} of {}: a moment is missing from its log:\n{text}",
            bin.display()
        );
    }
    Ok((times, launched))
}

/// The words of a log line after the thread name ("ThreadId(05) loaded articles=..."): "loaded
/// articles=...".
fn event_words(rest: &str) -> &str {
    rest.split_once(' ').map_or(rest, |(_, words)| words)
}

/// The `at=` of a log line, in ms ("at=12.5ms", "at=850µs", "at=1.2s").
fn at_ms(line: &str) -> Option<f64> {
    let value = line.split("at=").nth(1)?.split_whitespace().next()?;
    let (number, scale) = if let Some(n) = value.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix("µs") {
        (n, 1e-3)
    } else if let Some(n) = value.strip_suffix("ns") {
        (n, 1e-6)
    } else {
        (value.strip_suffix('s')?, 1e3)
    };
    Some(number.parse::<f64>().ok()? * scale)
}

/// The wall-clock time of a log line ("2026-11-27T14:19:46.399124Z ..."), in ms since the epoch.
fn wall_ms(line: &str) -> Option<f64> {
    let stamp = line.split_whitespace().next()?;
    let t: jiff::Timestamp = stamp.parse().ok()?;
    Some(t.as_nanosecond() as f64 / 1e6)
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn median(v: &[f64]) -> String {
    common::median(v).map_or("-".into(), |m| format!("{m:.1}"))
}
