//! The command line: arguments, loading the inputs, and dispatch to the reader, `report` or `search`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::corpus::{self, Corpus, LoadOptions};
use crate::output::report::ReportFormat;
use crate::stories;

/// Compare news articles about the same event side by side in the terminal.
#[derive(Debug, Parser)]
#[command(
    name = "parallax",
    version,
    about,
    args_conflicts_with_subcommands = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    input: InputArgs,
    /// Read the reader's settings and keys from FILE (also `PARALLAX_CONFIG=FILE`; default
    /// `$XDG_CONFIG_HOME/parallax/config.toml`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The reader's colours: auto (from the terminal's background), dark, light or
    /// high-contrast; overrides the config's `theme`.
    #[arg(long, value_enum, value_name = "THEME")]
    theme: Option<crate::tui::config::ThemeChoice>,
    /// Draw the reader in plain ASCII (no box drawing or symbols), for screen readers and
    /// limited terminals; overrides the config's `ascii`.
    #[arg(long)]
    ascii: bool,
    /// Print the default config (every action with its keys) and exit.
    #[arg(long)]
    print_config: bool,
    /// Write the reader's diagnostics to FILE (also `PARALLAX_LOG=FILE`, or `PARALLAX_LOG=1`
    /// for the XDG state folder); never to the terminal.
    #[arg(long, value_name = "FILE")]
    log: Option<std::path::PathBuf>,
}

/// Examples shown at the end of `--help`.
const EXAMPLES: &str = "\
Examples:
  parallax                           the bundled seed articles
  parallax ~/stories/kazakhstan/     every article of a folder
  parallax report --format markdown > report.md
  parallax search \"attempted coup\" --json
  parallax --print-config > ~/.config/parallax/config.toml
  parallax completions bash > parallax.bash
  parallax man > parallax.1";

/// What to read.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Files, directories (their article files, recursively: .txt, .md, .html, .htm, .json,
    /// .jsonl, .xml, .rss, .atom), `-` for stdin, or http(s) URLs.
    /// With none, the bundled seed articles are opened.
    // Paths as the operating system gives them: a file name that is not UTF-8 still loads.
    #[arg(value_name = "PATH", value_parser = clap::value_parser!(PathBuf))]
    pub paths: Vec<PathBuf>,
    /// Skip input files larger than this (bytes; K, M and G suffixes accepted).
    #[arg(long, value_name = "SIZE", default_value = "20M", value_parser = parse_size)]
    pub max_size: u64,
    /// Skip an input still being read after this many seconds (reading a file, decoding, page
    /// cleanup, feed items, sentences; a URL or stdin is timed once its bytes are in, a URL's
    /// transfer having its own 10 s bound). 0 turns the bound off.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
    pub max_time: std::time::Duration,
    /// Read every input as this format instead of detecting it
    /// (text, html, markdown, feed, json).
    #[arg(long, value_name = "FORMAT", value_parser = parse_input_format)]
    pub input_format: Option<corpus::formats::Format>,
    /// Fetch the page of every feed item that carries only a summary (under 100 words, with a
    /// link), 4 at a time, under the same size cap, 10 s timeout and redirect limit as any URL;
    /// an item whose page cannot be fetched keeps its summary and is named.
    #[arg(long)]
    pub expand: bool,
}

fn parse_input_format(s: &str) -> Result<corpus::formats::Format, String> {
    s.parse()
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the shared claims, quotes and facts of the articles to stdout.
    Report {
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
    },
    /// Print the sentences that match QUERY, best first.
    Search {
        /// What to look for.
        query: String,
        #[command(flatten)]
        input: InputArgs,
        /// At most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON instead of one hit per line.
        #[arg(long)]
        json: bool,
    },
    /// Write a completion script for SHELL to stdout.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man page (roff) to stdout.
    Man,
}

/// Parses "30", "2.5" or "10s" as seconds (0: no bound).
fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    let digits = s.trim().trim_end_matches('s').trim();
    digits
        .parse::<f64>()
        .ok()
        .and_then(|n| std::time::Duration::try_from_secs_f64(n).ok())
        .ok_or_else(|| format!("not a number of seconds: {s:?}"))
}

/// Parses "20M", "512K", "1G" or a plain byte count.
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'B' => 1,
                _ => return Err(format!("unknown size suffix in {s:?} (use K, M or G)")),
            };
            (&s[..i], mult)
        }
        _ => (s, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .map(|n| n.saturating_mul(mult))
        .map_err(|_| format!("not a size: {s:?}"))
}

/// The command line, with `--format` as another name for `--input-format` where `--format` is
/// free: on the reader and on `search` (`report` uses `--format` for its output).
pub fn command() -> clap::Command {
    let alias = |arg: clap::Arg| arg.visible_alias("format");
    Cli::command()
        .mut_arg("input_format", alias)
        .mut_subcommand("search", |search| search.mut_arg("input_format", alias))
}

/// Runs the binary; returns the process exit code.
pub fn main() -> ExitCode {
    // The reader's log counts its moments from here.
    let _ = crate::tui::runtime::process_started();
    let cli = Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|e| e.exit());
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("parallax: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // A closed stdout would swallow the whole report while saying all went well.
    if cli.command.is_some() && !stdout_is_open() {
        eprintln!("parallax: standard output is closed; the output has nowhere to go");
        return Ok(ExitCode::FAILURE);
    }
    match cli.command {
        None if cli.print_config => {
            let text = crate::tui::config::defaults_toml(&crate::tui::keymap::Keymap::default());
            write_stdout(|out| Ok(out.write_all(text.as_bytes())?))
                .context("writing the config")?;
        }
        None => {
            // Read before anything else, so a mistake is reported before the terminal is taken.
            let mut settings = match crate::tui::config::Settings::load(cli.config.as_deref()) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("parallax: {e:#}");
                    return Ok(ExitCode::from(2));
                }
            };
            if let Some(theme) = cli.theme {
                settings.config.theme = theme;
            }
            settings.config.ascii |= cli.ascii;
            let log = cli.log.or_else(|| {
                let value = std::env::var("PARALLAX_LOG").ok()?;
                crate::tui::log::path_from(&value)
            });
            // Held to the end, so the last lines are written out.
            let _log = log.map(|path| crate::tui::log::open(&path)).transpose()?;
            if !std::io::stdout().is_terminal() {
                // Load all the same, so bad inputs and "nothing loaded" are reported in a pipe.
                if load(&cli.input).is_some() {
                    eprintln!(
                        "parallax: stdout is not a terminal; the reader needs one. \
                         Use `parallax report` or `parallax search` for output to a pipe."
                    );
                }
                return Ok(ExitCode::from(2));
            }
            // The reader opens at once and loads in the background; what could not be loaded
            // is shown in it, and printed here once it has closed.
            let input = cli.input.clone();
            // One big plain-text file shows its first part while the whole loads.
            let preview = match input.paths.as_slice() {
                [path] if !input.expand => {
                    crate::tui::runtime::preview_of(path, input.input_format, input.max_size)
                }
                _ => None,
            };
            // Fetching feed items' pages shows its progress and failures on stderr, so it
            // happens before the reader takes the terminal.
            let loader: crate::tui::runtime::Loader = if input.expand {
                let corpus = load_quietly(&input);
                Box::new(move |_| corpus.into())
            } else if input.paths.is_empty() {
                Box::new(move |_| load_quietly(&input).into())
            } else {
                // Counted as it goes, for the loading screen; each article's terms for the
                // grouping into stories are read as it loads, so the story list follows soon.
                Box::new(move |progress| {
                    let readers = stories::profile::Readers::new(stories::StoryOptions::default());
                    let (corpus, terms) = corpus::load::load_counting_with(
                        &input.paths,
                        &opts_of(&input),
                        progress,
                        move |article| readers.read(article),
                    );
                    crate::tui::runtime::Loaded { corpus, terms }
                })
            };
            let (code, corpus) = crate::tui::runtime::run(loader, preview, settings)?;
            return Ok(match corpus {
                Some(corpus) if report_load(&cli.input, &corpus) => code,
                Some(_) => ExitCode::from(2),
                None => code,
            });
        }
        Some(Command::Report { input, format }) => {
            // This thread would wait on the pool for the whole report: made one of its threads,
            // it works instead, and one thread fewer holds an allocator arena of its own (peak
            // RSS over the 982 ECB+ articles, median of 8 alternating runs: 20.0 -> 17.9 MiB,
            // 0.65 s both).
            let _ = rayon::ThreadPoolBuilder::new()
                .use_current_thread()
                .build_global();
            let Some(corpus) = load(&input) else {
                return Ok(ExitCode::from(2));
            };
            write_stdout(|out| crate::output::report::write(&corpus, format, out))
                .context("writing the report")?;
        }
        Some(Command::Search {
            query,
            input,
            limit,
            json,
        }) => {
            let Some(found) = load_search(&input, &query) else {
                return Ok(ExitCode::from(2));
            };
            write_stdout(|out| crate::output::write_cli(&found, &query, limit, json, out))
                .context("writing the search results")?;
            // The process ends here: handing a large file's pages back one allocation at a
            // time would cost more than the exit, which frees them all at once.
            std::mem::forget(found);
        }
        Some(Command::Completions { shell }) => {
            write_stdout(|out| {
                clap_complete::generate(shell, &mut command(), "parallax", out);
                Ok(())
            })
            .context("writing the completions")?;
        }
        Some(Command::Man) => {
            write_stdout(|out| Ok(clap_mangen::Man::new(command()).render(out)?))
                .context("writing the man page")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `write` on a buffered stdout and flushes it. A reader closing the pipe early (`| head`)
/// is not an error: the output it wanted was written.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = write(&mut out).and_then(|()| out.flush().map_err(anyhow::Error::from));
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

/// Whether descriptor 1 was open when parallax started (`parallax report >&-` closes it). Rust's
/// runtime reopens a closed descriptor 1 on `/dev/null`, read-write, before `main`, and then
/// every write "succeeds"; a shell's `> /dev/null` opens it write-only, which stays allowed.
fn stdout_is_open() -> bool {
    #[cfg(target_os = "linux")]
    {
        let on_null = std::fs::read_link("/proc/self/fd/1")
            .is_ok_and(|target| target == std::path::Path::new("/dev/null"));
        if !on_null {
            return true;
        }
        let flags = std::fs::read_to_string("/proc/self/fdinfo/1")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("flags:"))
                    .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
            });
        // O_ACCMODE == O_RDWR: the runtime's stand-in, not the user's choice.
        flags.is_none_or(|f| f & 0o3 != 0o2)
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Loads the inputs, reporting skipped ones on stderr. `None` when nothing loaded.
fn load(input: &InputArgs) -> Option<Corpus> {
    let corpus = load_quietly(input);
    report_load(input, &corpus).then_some(corpus)
}

/// [`load`] for `parallax search`: files are analysed only where `query` can match.
fn load_search(input: &InputArgs, query: &str) -> Option<crate::output::search::Searchable> {
    let found = if input.paths.is_empty() || input.expand {
        crate::output::search::Searchable::whole(load_quietly(input))
    } else {
        crate::output::search::load(&input.paths, &opts_of(input), query)
    };
    report_load(input, &found.corpus).then_some(found)
}

/// Loads the inputs (the seeds when none are given), reporting nothing but `--expand`'s
/// progress.
fn load_quietly(input: &InputArgs) -> Corpus {
    let opts = opts_of(input);
    if input.paths.is_empty() {
        corpus::load_seeds(&opts)
    } else if input.expand {
        // Every article analysed in full (a search's query does not narrow it: the pages are
        // fetched first).
        let fetch = corpus::read::FetchOptions {
            max_bytes: input.max_size,
            ..corpus::read::FetchOptions::default()
        };
        corpus::load::load_prepared(
            &input.paths,
            &opts,
            corpus::Article::from_document,
            Some(&mut |docs: &mut Vec<corpus::Document>| expand_feed_items(docs, &fetch)),
        )
    } else {
        corpus::load(&input.paths, &opts)
    }
}

/// The loading options the command line asks for.
fn opts_of(input: &InputArgs) -> LoadOptions {
    LoadOptions {
        max_bytes: input.max_size,
        format: input.input_format,
        max_time: (!input.max_time.is_zero()).then_some(input.max_time),
    }
}

/// `--expand`: fetches the pages of summary-only feed items, with a progress line and each
/// failure on stderr.
fn expand_feed_items(docs: &mut [corpus::Document], fetch: &corpus::read::FetchOptions) {
    use corpus::expand::{self, Progress};
    let live = std::io::stderr().is_terminal();
    // Overwrites the progress counter on a terminal; lines stay whole in a log.
    let clear = if live { "\r\x1b[2K" } else { "" };
    let done = expand::expand(docs, fetch, &mut |progress| match progress {
        Progress::Started { total } => eprintln!(
            "parallax: fetching the pages of {total} feed item{} that carry only a summary \
             ({} at a time)",
            if total == 1 { "" } else { "s" },
            expand::CONCURRENT_FETCHES
        ),
        Progress::Done {
            done,
            total,
            failure,
        } => {
            if let Some(failure) = failure {
                eprintln!("{clear}parallax: {failure}");
            }
            if live {
                eprint!("{clear}parallax: fetched {done}/{total}");
            }
        }
    });
    if done.tried == 0 {
        eprintln!("parallax: --expand: no feed item carries only a summary; nothing to fetch");
    } else {
        eprintln!(
            "{clear}parallax: expanded {} of {} feed items; {} kept {}",
            done.expanded,
            done.tried,
            done.failures.len(),
            if done.failures.len() == 1 {
                "its summary"
            } else {
                "their summaries"
            }
        );
    }
}

/// Reports skipped inputs on stderr, and that nothing loaded; false when nothing did.
fn report_load(input: &InputArgs, corpus: &Corpus) -> bool {
    let inputs: Vec<String> = if input.paths.is_empty() {
        vec!["the seeds".to_string()]
    } else {
        input
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    };
    for skipped in &corpus.skipped {
        eprintln!("parallax: skipped {}: {}", skipped.origin, skipped.reason);
    }
    if corpus.articles.is_empty() {
        eprintln!(
            "parallax: no articles could be loaded from {}",
            corpus::sanitize::sanitize(&inputs.join(", "))
        );
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_suffixes() {
        assert_eq!(parse_size("20M"), Ok(20 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("12X").is_err());
    }

    #[test]
    fn seconds_take_fractions_and_zero_means_no_bound() {
        use std::time::Duration;
        assert_eq!(parse_seconds("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_seconds("2.5s"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_seconds("0"), Ok(Duration::ZERO));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("soon").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        command().debug_assert();
    }

    fn parse(args: &[&str]) -> Cli {
        let matches = command().try_get_matches_from(args).unwrap();
        Cli::from_arg_matches(&matches).unwrap()
    }

    #[test]
    fn format_means_input_format_except_on_report() {
        use corpus::formats::Format;
        let cli = parse(&["parallax", "--format", "html", "page"]);
        assert_eq!(cli.input.input_format, Some(Format::Html));
        let cli = parse(&["parallax", "search", "troops", "--format", "md", "a"]);
        let Some(Command::Search { input, .. }) = cli.command else {
            panic!("search expected")
        };
        assert_eq!(input.input_format, Some(Format::Markdown));
        let cli = parse(&[
            "parallax",
            "report",
            "--format",
            "markdown",
            "--input-format",
            "feed",
            "a",
        ]);
        let Some(Command::Report { input, format }) = cli.command else {
            panic!("report expected")
        };
        assert_eq!(
            (input.input_format, format),
            (Some(Format::Feed), ReportFormat::Markdown)
        );
    }
}
