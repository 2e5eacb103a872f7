//! End to end in a real terminal: tmux runs the binary, the test types keys and reads the screen.
//!
//! Without tmux (or pgrep) each test says on stderr that it was skipped and passes, so `cargo
//! test` passes on a machine with only Rust; with `PARALLAX_REQUIRE_TMUX=1` (set by CI) a
//! missing tmux fails the test instead.

use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A private tmux server, killed when the test ends however it ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `parallax ARGS` in a 200x50 tmux session whose pane stays after the process exits.
    fn start(name: &str, args: &[&str]) -> Option<Tmux> {
        Tmux::start_with_env(name, "", args)
    }

    /// Like [`Tmux::start`], with environment assignments (`NAME=value ...`) before the command.
    fn start_with_env(name: &str, env: &str, args: &[&str]) -> Option<Tmux> {
        let bin = env!("CARGO_BIN_EXE_parallax");
        let mut command = vec!["env".to_string()];
        command.extend(env.split_whitespace().map(String::from));
        command.push(bin.to_string());
        command.extend(args.iter().map(|a| a.to_string()));
        Tmux::start_command(name, command)
    }

    /// Like [`Tmux::start`], under a shell that prints "parallax exited with N" when it ends
    /// (tmux 3.3's `#{pane_dead_status}` is sometimes left empty, and output just before a
    /// pane's end may be lost, hence the pause); [`Tmux::reader_pid`] is the reader's process.
    fn start_reporting_exit(name: &str, env: &str, args: &[&str]) -> Option<Tmux> {
        let bin = env!("CARGO_BIN_EXE_parallax");
        let mut command = vec!["env".to_string()];
        command.extend(env.split_whitespace().map(String::from));
        command.extend([
            "sh".to_string(),
            "-c".to_string(),
            r#""$0" "$@"; echo "parallax exited with $?"; sleep 2"#.to_string(),
            bin.to_string(),
        ]);
        command.extend(args.iter().map(|a| a.to_string()));
        Tmux::start_command(name, command)
    }

    /// The reader's process id under [`Tmux::start_reporting_exit`]: the shell's child.
    fn reader_pid(&self) -> String {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Starts the command in tmux, or says the test is skipped and gives `None` when tmux or
    /// pgrep is missing (a failure instead under `PARALLAX_REQUIRE_TMUX=1`).
    fn start_command(name: &str, command: Vec<String>) -> Option<Tmux> {
        if let Some(missing) = missing_tools() {
            skip(name, &missing);
            return None;
        }
        let socket = format!("parallax-test-{name}-{}", std::process::id());
        let tmux = Tmux { socket };
        let out = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "50",
                "-s",
                "t",
            ])
            .arg(
                command
                    .iter()
                    .map(|c| format!("'{}'", c.replace('\'', "'\\''")))
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .output()
            .unwrap_or_else(|e| panic!("tmux is needed for this test (apt-get install tmux): {e}"));
        assert!(
            out.status.success(),
            "tmux failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux.run(&["set-option", "-t", "t", "remain-on-exit", "on"]);
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("running tmux")
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// The screen with its SGR escape sequences (colours, bold, reverse).
    fn capture_styled(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-e", "-t", "t"]).stdout)
            .into_owned()
    }

    fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "t", k]);
        }
    }

    /// Waits (up to a generous limit, so slow machines pass) until the screen satisfies `ok`.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `#{format}` shows `want` (tmux may still be reading the last output of a
    /// process it already knows is dead).
    fn wait_display(&self, format: &str, want: &str) {
        let start = Instant::now();
        loop {
            let got = self.display(format);
            if got == want {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{format} is {got:?}, not {want:?}; screen:\n{}",
                self.capture()
            );
            sleep(Duration::from_millis(50));
        }
    }

    fn wait_until_dead(&self) {
        let start = Instant::now();
        while self.display("#{pane_dead}") != "1" {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "parallax did not exit:\n{}",
                self.capture()
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The tools these tests need that are not installed, if any.
fn missing_tools() -> Option<String> {
    let missing: Vec<&str> = ["tmux", "pgrep"]
        .into_iter()
        .filter(|tool| {
            let flag = if *tool == "tmux" { "-V" } else { "--version" };
            Command::new(tool).arg(flag).output().is_err()
        })
        .collect();
    (!missing.is_empty()).then(|| missing.join(" and "))
}

/// Says on stderr, past the test harness's capture, that a test was skipped; under
/// `PARALLAX_REQUIRE_TMUX=1` (CI) a missing tool is a failure instead.
fn skip(test: &str, missing: &str) {
    if std::env::var_os("PARALLAX_REQUIRE_TMUX").is_some_and(|v| !v.is_empty() && v != "0") {
        panic!(
            "PARALLAX_REQUIRE_TMUX is set but {missing} is not installed (apt-get install tmux procps)"
        );
    }
    use std::io::Write;
    // Written to the stream itself: the harness captures `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED terminal test {test:?}: {missing} not installed (apt-get install tmux procps)"
    );
}

fn seeds() -> String {
    format!("{}/seeds", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn reader_draws_five_panes_shows_help_and_quits_cleanly() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start_reporting_exit("reader", "", &[&seeds]) else {
        return;
    };
    let screen = tmux.wait_for("five panes", |s| {
        s.matches('┌').count() >= 5 && s.contains("sentence 1/")
    });
    assert_eq!(
        screen.matches('┌').count(),
        5,
        "five titled panes:\n{screen}"
    );
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "1",
        "the reader uses the alternate screen"
    );

    tmux.keys(&["?"]);
    tmux.wait_for("the help overlay", |s| {
        s.contains("Keys (") && s.contains("next sentence")
    });
    tmux.keys(&["q"]);
    tmux.wait_for("the help to close", |s| !s.contains("Keys ("));
    tmux.keys(&["q"]);
    // tmux does not always know a dead pane's status: the wrapping shell reports it.
    let screen = tmux.wait_for("the exit status", |s| s.contains("parallax exited with 0"));
    assert!(
        !screen.contains('┌'),
        "the reader's screen is gone:\n{screen}"
    );
    tmux.wait_until_dead();
    tmux.wait_display("#{alternate_on}", "0");
}

/// Sends `signal` to the reader and checks it exits with 128 + its number, the terminal restored.
fn signal_restores_the_terminal(name: &str, signal: &str, status: u8) {
    let seeds = seeds();
    let Some(tmux) = Tmux::start_reporting_exit(name, "", &[&seeds]) else {
        return;
    };
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    let pid = tmux.reader_pid();
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .expect("kill");
    assert!(sent.success());
    // 128 + the signal's number, as a shell reports a process the signal killed.
    let want = format!("parallax exited with {status}");
    tmux.wait_for("the exit status", |s| s.contains(&want));
    tmux.wait_until_dead();
    tmux.wait_display("#{alternate_on}", "0");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("sigterm", "TERM", 143);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("sighup", "HUP", 129);
}

#[test]
fn sigint_sigquit_sigusr1_and_sigalrm_restore_the_terminal() {
    signal_restores_the_terminal("sigint", "INT", 130);
    signal_restores_the_terminal("sigquit", "QUIT", 131);
    signal_restores_the_terminal("sigusr1", "USR1", 138);
    signal_restores_the_terminal("sigalrm", "ALRM", 142);
}

#[test]
fn ctrl_z_suspends_and_fg_resumes_with_a_redraw() {
    // An interactive shell with job control runs the reader, as a user would.
    let Some(tmux) = Tmux::start_command(
        "suspend",
        vec![
            "env".into(),
            "PS1=$ ".into(),
            "bash".into(),
            "--norc".into(),
            "--noprofile".into(),
            "-i".into(),
        ],
    ) else {
        return;
    };
    tmux.wait_for("the shell", |s| s.contains('$'));
    let command = format!("{} {}", env!("CARGO_BIN_EXE_parallax"), seeds());
    tmux.run(&["send-keys", "-t", "t", "-l", &command]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    tmux.keys(&["j", "j"]);
    tmux.wait_for("the cursor to move", |s| s.contains("sentence 3/"));
    tmux.keys(&["C-z"]);
    // Stopped: the shell has the terminal back, in line mode, off the alternate screen.
    tmux.wait_display("#{alternate_on}", "0");
    let screen = tmux.wait_for("the shell's notice", |s| s.contains("Stopped"));
    assert!(!screen.contains("sentence 3/"), "{screen}");
    tmux.run(&["send-keys", "-t", "t", "-l", "fg"]);
    tmux.keys(&["Enter"]);
    // Continued: the reader takes the screen again and redraws where it was.
    tmux.wait_display("#{alternate_on}", "1");
    tmux.wait_for("the redrawn panes", |s| {
        s.contains("sentence 3/") && s.matches('┌').count() >= 5
    });
    tmux.keys(&["j"]);
    tmux.wait_for("keys to work again", |s| s.contains("sentence 4/"));
    tmux.keys(&["q"]);
    tmux.wait_display("#{alternate_on}", "0");
    tmux.run(&["send-keys", "-t", "t", "-l", "echo status=$?"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the exit status", |s| s.contains("status=0"));
}

#[test]
fn a_pasted_text_is_searched_not_run_as_keys() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start("paste", &[&seeds]) else {
        return;
    };
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    // Bracketed paste (tmux sends it so because the reader asked): q and the line breaks are
    // text, not keys.
    tmux.run(&["set-buffer", "-b", "p", "troops\nq\nquit"]);
    tmux.run(&["paste-buffer", "-p", "-b", "p", "-t", "t"]);
    let screen = tmux.wait_for("the query", |s| s.contains("/troops q quit"));
    assert!(screen.contains("Search: all sentences"), "{screen}");
    assert_eq!(
        tmux.display("#{pane_dead}"),
        "0",
        "the reader is still open"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the prompt to close", |s| !s.contains("Search: all"));
    tmux.keys(&["q"]);
    tmux.wait_until_dead();
}

#[test]
fn a_burst_of_keys_is_taken_at_once_and_q_is_not_ignored() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start("burst", &[&seeds]) else {
        return;
    };
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    // 1,000 arrow keys and 200 wheel-like scrolls in one write, then q.
    let mut keys = vec!["send-keys", "-t", "t"];
    keys.extend(std::iter::repeat_n("Down", 1000));
    tmux.run(&keys);
    tmux.wait_for("the cursor at the end", |s| !s.contains("sentence 1/"));
    // 5,000 characters typed at once into the prompt: all taken, then q still quits.
    tmux.keys(&["/"]);
    tmux.wait_for("the search prompt", |s| s.contains("Search: all sentences"));
    let big = "a".repeat(5_000);
    tmux.run(&["send-keys", "-t", "t", "-l", &big]);
    tmux.wait_for("the whole query", |s| {
        s.contains("/…aaaa") && s.contains("no match")
    });
    // (Esc and q sent together would read as Alt-q.)
    tmux.keys(&["Escape"]);
    tmux.wait_for("the prompt to close", |s| !s.contains("Search: all"));
    tmux.keys(&["q"]);
    tmux.wait_until_dead();
}

#[test]
fn losing_a_row_while_keys_are_in_flight_does_not_crash() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start_reporting_exit("shrink", "", &[&seeds]) else {
        return;
    };
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    tmux.run(&["resize-window", "-t", "t", "-x", "120", "-y", "40"]);
    tmux.wait_for("the smaller screen", |s| s.lines().count() <= 41);
    for _ in 0..5 {
        let mut keys = vec!["send-keys", "-t", "t"];
        keys.extend(["j", "k"].iter().cycle().take(200).copied());
        tmux.run(&keys);
        tmux.run(&["resize-window", "-t", "t", "-y", "39"]);
        tmux.run(&["resize-window", "-t", "t", "-y", "40"]);
    }
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("the exit status", |s| s.contains("parallax exited with"));
    assert!(screen.contains("parallax exited with 0"), "{screen}");
}

#[test]
fn a_panic_restores_the_terminal_and_shows_its_message() {
    let seeds = seeds();
    // Debug builds (what `cargo test` runs) panic on a key press when asked to.
    let Some(tmux) = Tmux::start_reporting_exit("panic", "PARALLAX_DEBUG_PANIC=1", &[&seeds])
    else {
        return;
    };
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    tmux.keys(&["j"]);
    // Checked while the shell still runs: tmux hides the cursor of a dead pane.
    let screen = tmux.wait_for("the panic message and a non-zero exit", |s| {
        s.contains("PARALLAX_DEBUG_PANIC is set") && s.contains("parallax exited with 101")
    });
    tmux.wait_display("#{alternate_on}", "0");
    assert!(
        !screen.contains('┌'),
        "the reader's screen is gone:\n{screen}"
    );
    assert_eq!(
        tmux.display("#{cursor_flag}"),
        "1",
        "the cursor is visible again"
    );
}

#[test]
fn typing_a_search_and_jumping_to_a_hit() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start("search", &[&seeds]) else {
        return;
    };
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    tmux.keys(&["/"]);
    tmux.wait_for("the search prompt", |s| s.contains("Search: all sentences"));
    tmux.run(&["send-keys", "-t", "t", "-l", "waiting in the wings"]);
    // Wait for the final results of the whole query (not a partial list, which a Down could
    // leave on the first hit).
    let screen = tmux.wait_for("results", |s| {
        s.contains("/waiting in the wings")
            && (s.contains("matches ·") || s.contains("match ·"))
            && !s.contains("updating…")
            && !s.contains("searching…")
    });
    assert!(screen.contains("/waiting in the wings"), "{screen}");
    // The second result, then Enter: the prompt closes and the status shows the active search.
    tmux.keys(&["Down", "Enter"]);
    // The prompt's box and its key hints both gone: a screen caught mid-frame can lack the
    // box's title while the prompt is still open.
    let screen = tmux.wait_for("the jump", |s| {
        !s.contains("Search: all sentences") && !s.contains("Tab scope")
    });
    let status = screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    assert!(status.contains("/waiting in the wings"), "status: {status}");
    assert!(
        !status.contains("sentence 1/"),
        "the cursor moved to the hit: {status}"
    );
    assert!(screen.contains("wings"), "the hit is on screen:\n{screen}");
    // Esc clears the search, a second Esc quits.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the search to clear", |s| {
        !s.contains("/waiting in the wings")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_until_dead();
    tmux.wait_display("#{alternate_on}", "0");
}

#[test]
fn no_color_draws_without_colours() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start_with_env("nocolor", "NO_COLOR=1", &[&seeds]) else {
        return;
    };
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    let styled = tmux.capture_styled();
    // SGR colour parameters are 30-49 (including 38/48 extended) and 90-107; 39 and 49 reset
    // to the terminal's own colours and are fine.
    let colour = styled.split('\u{1b}').skip(1).any(|seq| {
        let Some(body) = seq.strip_prefix('[') else {
            return false;
        };
        let Some((params, _)) = body.split_once('m') else {
            return false;
        };
        params
            .split(';')
            .filter_map(|p| p.parse::<u32>().ok())
            .any(|p| ((30..=49).contains(&p) && p != 39 && p != 49) || (90..=107).contains(&p))
    });
    assert!(!colour, "colour codes under NO_COLOR:\n{styled}");
    assert!(
        styled.contains("\u{1b}[7m") || styled.contains(";7m"),
        "the cursor is shown reversed"
    );
    // Once the claims are in, n moves onto a shared sentence: its shared words are
    // underlined, still without colour.
    tmux.wait_for("the claims", |s| s.contains("shared claims"));
    tmux.keys(&["n"]);
    let start = Instant::now();
    let styled = loop {
        let styled = tmux.capture_styled();
        if sgr_params(&styled).any(|p| p == 4) || start.elapsed() > Duration::from_secs(20) {
            break styled;
        }
        sleep(Duration::from_millis(50));
    };
    assert!(
        sgr_params(&styled).any(|p| p == 4),
        "shared words underlined:\n{styled}"
    );
    assert!(
        !sgr_params(&styled)
            .any(|p| ((30..=49).contains(&p) && p != 39 && p != 49) || (90..=107).contains(&p)),
        "colour codes under NO_COLOR:\n{styled}"
    );
    tmux.keys(&["q"]);
    tmux.wait_until_dead();
}

#[test]
fn two_events_open_on_the_story_list_and_enter_opens_one() {
    let dir = format!("{}/tests/fixtures/stories", env!("CARGO_MANIFEST_DIR"));
    let Some(tmux) = Tmux::start("stories", &[&dir]) else {
        return;
    };
    let screen = tmux.wait_for("the story list", |s| s.contains("2 stories · 6 articles"));
    assert!(
        screen.contains("Kivu") && screen.contains("Trento"),
        "{screen}"
    );
    tmux.wait_for("both stories analysed", |s| !s.contains("analysing…"));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the story's panes", |s| s.contains("story: "));
    assert_eq!(screen.matches('┌').count(), 3, "three panes:\n{screen}");
    assert!(
        screen.contains("/3"),
        "badges out of three sources:\n{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the list again", |s| s.contains("2 stories"));
    tmux.keys(&["q"]);
    tmux.wait_until_dead();
}

#[test]
fn skipped_inputs_show_in_the_reader_and_are_printed_when_it_closes() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start_reporting_exit("skipped", "", &[&seeds, "/nonexistent/gone.txt"])
    else {
        return;
    };
    tmux.wait_for("the panes and the note", |s| {
        s.contains("sentence 1/") && s.contains("1 skipped")
    });
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("the exit status", |s| s.contains("parallax exited with"));
    assert!(screen.contains("parallax exited with 0"), "{screen}");
    assert!(screen.contains("skipped /nonexistent/gone.txt"), "{screen}");

    // Nothing loaded: the reader closes by itself and says why.
    let Some(tmux) = Tmux::start_reporting_exit("nothing", "", &["/nonexistent/gone.txt"]) else {
        return;
    };
    let screen = tmux.wait_for("the exit status", |s| s.contains("parallax exited with"));
    assert!(screen.contains("parallax exited with 2"), "{screen}");
    assert!(screen.contains("no articles could be loaded"), "{screen}");
    tmux.wait_display("#{alternate_on}", "0");
}

/// Every SGR parameter of a styled capture (under NO_COLOR there are no extended colours whose
/// own numbers could be mistaken for attributes).
fn sgr_params(styled: &str) -> impl Iterator<Item = u32> + '_ {
    styled.split('\u{1b}').skip(1).flat_map(|seq| {
        seq.strip_prefix('[')
            .and_then(|body| body.split_once('m'))
            .map(|(params, _)| params)
            .unwrap_or_default()
            .split(';')
            .filter_map(|p| p.parse::<u32>().ok())
    })
}

#[test]
fn a_config_turns_the_mouse_off_and_a_copy_reaches_tmux_through_osc52() {
    let dir = std::env::temp_dir().join(format!("parallax-tmux-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "mouse = false\n[keys]\nopen-copy-menu = [\"c\"]\n").unwrap();
    let seeds = seeds();
    let config_arg = config.display().to_string();
    let Some(tmux) = Tmux::start("copy", &["--config", &config_arg, &seeds]) else {
        return;
    };
    // tmux takes an application's OSC 52 as a buffer only when asked to.
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    assert_eq!(
        tmux.display("#{mouse_any_flag}"),
        "0",
        "mouse = false leaves the terminal's own selection"
    );
    tmux.keys(&["c"]);
    tmux.wait_for("the copy menu", |s| s.contains("Copy with citation"));
    tmux.keys(&["m"]);
    tmux.wait_for("the notice", |s| {
        s.contains("copied ") && s.contains(" as Markdown")
    });
    let buffer = String::from_utf8_lossy(&tmux.run(&["show-buffer"]).stdout).into_owned();
    assert!(
        buffer.starts_with("> ") && buffer.contains("\n>\n> \u{2014} *"),
        "a Markdown citation in the tmux buffer: {buffer:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_marked_sentences_are_exported_and_an_existing_file_is_kept_without_yes() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("marks.md");
    let seeds = seeds();
    let Some(tmux) = Tmux::start("marks", &[&seeds]) else {
        return;
    };
    tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
    tmux.keys(&["Space", "j", "Space"]);
    tmux.wait_for("two marks", |s| s.contains("2 marked"));
    tmux.keys(&["e"]);
    tmux.wait_for("the export prompt", |s| s.contains("Export 2 marked items"));
    tmux.keys(&["C-u", &md.display().to_string(), "Enter"]);
    tmux.wait_for("the notice", |s| s.contains("wrote 2 items to "));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("# Marked in parallax\n\n## 1. Sentence ("),
        "{text}"
    );
    assert!(text.contains("\n## 2. Sentence ("), "{text}");
    assert_eq!(text.matches("\n>\n> \u{2014} *").count(), 2, "{text}");

    // Tab: JSON, to marks.json.
    tmux.keys(&["e"]);
    tmux.wait_for("the prompt again", |s| s.contains("Format: Markdown"));
    tmux.keys(&["Tab", "Enter"]);
    // The prompt shows the new name too: wait for the notice that the file is written.
    tmux.wait_for("the JSON notice", |s| {
        s.lines()
            .any(|l| l.contains("wrote 2 items to ") && l.contains("marks.json"))
    });
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("marks.json")).unwrap())
            .unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(
        items
            .iter()
            .all(|i| i["kind"] == "sentence" && i["versions"][0]["source"]["outlet"].is_string())
    );

    // The Markdown file again: asked, and kept on n.
    tmux.keys(&["e", "Tab", "Enter"]);
    tmux.wait_for("the question", |s| s.contains("exists: overwrite? y/n"));
    tmux.keys(&["U"]);
    tmux.keys(&["n"]);
    tmux.wait_for("the prompt", |s| s.contains("kept "));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), text);
}

#[test]
fn the_log_is_written_only_when_asked() {
    let seeds = seeds();
    let state = tempfile::tempdir().expect("a temporary folder");
    let run = |name: &str, env: &str, args: &[&str]| {
        let env = format!(
            "-u PARALLAX_LOG XDG_STATE_HOME={} {env}",
            state.path().display()
        );
        let Some(tmux) = Tmux::start_with_env(name, &env, args) else {
            return false;
        };
        tmux.wait_for("the panes", |s| s.contains("sentence 1/"));
        tmux.keys(&["q"]);
        tmux.wait_until_dead();
        true
    };
    let logged = |path: &std::path::Path| {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("the log {}: {e}", path.display()));
        assert!(text.contains("log opened"), "{text}");
        assert!(text.contains("first frame of the articles"), "{text}");
        assert!(text.contains("reader ended"), "{text}");
        assert!(!text.contains('\u{1b}'), "no escape sequence in the log");
    };
    // Neither the flag nor the variable: nothing is written under the state folder.
    if !run("nolog", "", &[&seeds]) {
        return;
    }
    assert!(
        std::fs::read_dir(state.path()).unwrap().next().is_none(),
        "no log unless asked"
    );
    // PARALLAX_LOG=1: the XDG state folder holds the log, with the reader's first frame in it.
    run("envlog", "PARALLAX_LOG=1", &[&seeds]);
    logged(&state.path().join("parallax").join("parallax.log"));
    // --log FILE: that file.
    let file = state.path().join("flag.log");
    run(
        "flaglog",
        "",
        &["--log", &file.display().to_string(), &seeds],
    );
    logged(&file);
}

#[test]
fn ascii_mode_and_the_light_theme_in_a_real_terminal() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start("ascii", &["--ascii", "--theme", "light", &seeds]) else {
        return;
    };
    let screen = tmux.wait_for("the panes", |s| {
        s.contains("sentence 1/") && s.contains("shared claims")
    });
    assert!(
        screen.is_ascii(),
        "only ASCII on the screen:\n{}",
        screen.chars().filter(|c| !c.is_ascii()).collect::<String>()
    );
    assert!(screen.starts_with("+ "), "ASCII borders:\n{screen}");
    // The light theme's status bar: black on the terminal's light grey (colour 7).
    let styled = tmux.capture_styled();
    assert!(styled.contains("48;5;7"), "light status bar:\n{styled}");
    tmux.keys(&["\""]);
    let screen = tmux.wait_for("the quotes view", |s| s.contains("Quotes ("));
    assert!(screen.is_ascii(), "the quotes view in ASCII:\n{screen}");
    tmux.keys(&["q", "q"]);
    tmux.wait_until_dead();
}

#[test]
fn the_quotes_view_lists_speakers_and_enter_jumps() {
    let seeds = seeds();
    let Some(tmux) = Tmux::start("quotes", &[&seeds]) else {
        return;
    };
    tmux.wait_for("the claims", |s| s.contains("shared claims"));
    tmux.keys(&["\""]);
    // "Putin" and "Russian President" are one person, named in full.
    tmux.wait_for("the quotes view", |s| {
        s.contains("Quotes (")
            && s.contains("Vladimir Putin ·")
            && s.contains("(as Russian President)")
    });
    // The quotes no text attributes come last, under a heading of their own.
    tmux.keys(&["G"]);
    tmux.wait_for("the last quote", |s| s.contains("(speaker not named)"));
    tmux.keys(&["g", "Enter"]);
    // The overlay closes and the cursor is on the quote's sentence, no longer the first.
    tmux.wait_for("the jump", |s| {
        let status = s.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
        !s.contains("Quotes (") && status.contains("sentence") && !status.contains("sentence 1/")
    });
    tmux.keys(&["q"]);
    tmux.wait_until_dead();
}
