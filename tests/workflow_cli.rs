//! The command line around the reader: the config file (its mistakes, `--print-config`), shell
//! completions, the man page and `--help`.

use std::io::Write;
use std::process::Command as StdCommand;

use assert_cmd::Command;
use predicates::prelude::*;

fn parallax() -> Command {
    let mut cmd = Command::cargo_bin("parallax").unwrap();
    // A user's own config must not change what these tests see.
    cmd.env_remove("PARALLAX_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-parallax-test");
    cmd
}

fn seeds() -> String {
    format!("{}/seeds", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_bad_config_names_the_file_and_line_and_exits_2_before_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(
        &file,
        "mouse = false\n[keys]\ndown = [\"j\"]\nsideways = [\"x\"]\n",
    )
    .unwrap();
    parallax()
        .arg("--config")
        .arg(&file)
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("mine.toml")
                .and(predicate::str::contains("line 4"))
                .and(predicate::str::contains("unknown action \"sideways\""))
                // Reported before the reader looks for a terminal.
                .and(predicate::str::contains("not a terminal").not()),
        );
    // A TOML mistake, named by the environment variable.
    std::fs::write(&file, "theme = \"dark\"\nmouse = yes\n").unwrap();
    parallax()
        .env("PARALLAX_CONFIG", &file)
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mine.toml").and(predicate::str::contains("line 2")));
    // A file the user named must exist.
    parallax()
        .arg("--config")
        .arg(dir.path().join("none.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("none.toml"));
}

#[test]
fn the_printed_defaults_read_back() {
    let out = parallax().arg("--print-config").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "mouse = true",
        "[keys]",
        "down = [\"j\", \"down\"]  # next sentence",
        "quit-anywhere = [\"ctrl-c\"]",
        "open-copy-menu = [\"y\"]",
        "copy-markdown = [\"m\"]",
    ] {
        assert!(text.contains(line), "--print-config lacks {line}:\n{text}");
    }
    let settings = parallax::tui::config::Settings::from_text(&text).unwrap();
    assert_eq!(settings.keymap, parallax::tui::keymap::Keymap::default());
    // And the binary takes it: it gets past the config to the terminal check.
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    parallax()
        .arg("--config")
        .arg(file.path())
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a terminal"));
}

#[test]
fn completions_generate_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = parallax().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["report", "search", "completions", "man", "print-config"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    parallax()
        .args(["completions", "tcsh"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("bash"));
}

#[test]
fn the_man_page_renders() {
    let out = parallax().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH parallax 1"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("parallax.1");
    std::fs::write(&file, &page).unwrap();
    let rendered = match StdCommand::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
    {
        Ok(out) => out,
        Err(_) => {
            if std::env::var_os("CI").is_some() {
                panic!("man is not installed (CI installs man-db in .ci/run)");
            }
            // Past the harness's capture, so the skip is seen.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED the_man_page_renders: man is not installed (apt-get install man-db)"
            );
            return;
        }
    };
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&rendered.stdout);
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    for word in [
        "NAME",
        "SYNOPSIS",
        "--print-config",
        "completions",
        "Examples",
    ] {
        assert!(
            text.contains(word),
            "the rendered page lacks {word}:\n{text}"
        );
    }
}

#[test]
fn help_is_wrapped_to_the_terminal_and_ends_with_examples() {
    let out = parallax()
        .env("COLUMNS", "60")
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Examples:\n  parallax "), "{help}");
    assert!(help.contains("--config <FILE>"), "{help}");
    let widest = help.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 60, "a line of {widest} columns:\n{help}");
}
