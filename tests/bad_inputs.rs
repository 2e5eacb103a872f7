//! Bad inputs, end to end on the binary: every bad file is named on stderr with a reason, a
//! good file beside it still loads, and nothing loaded means a non-zero exit with a message.
//!
//! Under the test harness stdout is a pipe, so a run that loads something ends with the
//! reader's "not a terminal" refusal (exit 2) after the loading messages.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn parallax() -> Command {
    let mut cmd = Command::cargo_bin("parallax").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

const GOOD: &[u8] = b"Protests erupted on January 2. Order was restored by January 7.\n";

#[test]
fn an_empty_file_alone_loads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    parallax()
        .arg(&empty)
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "parallax: skipped {empty}: empty file"
        )))
        .stderr(predicate::str::contains("no articles could be loaded"));
}

#[test]
fn a_binary_file_is_skipped_and_the_good_one_loads() {
    let dir = tempfile::tempdir().unwrap();
    let bin = write(
        dir.path(),
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    let good = write(dir.path(), "good.txt", GOOD);
    parallax()
        .args([&bin, &good])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "parallax: skipped {bin}: looks binary"
        )))
        .stderr(predicate::str::contains("not a terminal"))
        .stderr(predicate::str::contains("no articles could be loaded").not());
}

#[test]
fn invalid_utf8_loads_rather_than_being_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 society met. Na\xefve plans.\n",
    );
    parallax()
        .arg(&latin1)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("skipped").not())
        .stderr(predicate::str::contains("not a terminal"));
}

#[test]
fn a_missing_path_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt").display().to_string();
    let good = write(dir.path(), "good.txt", GOOD);
    parallax()
        .arg(&missing)
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "parallax: skipped {missing}: no such file or directory"
        )))
        .stderr(predicate::str::contains("no articles could be loaded"));
    parallax()
        .args([&missing, &good])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a terminal"));
}

#[test]
fn a_directory_with_no_articles_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.pdf", b"%PDF-1.4");
    let d = dir.path().display().to_string();
    parallax()
        .arg(&d)
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "parallax: skipped {d}: directory holds no articles"
        )))
        .stderr(predicate::str::contains("no articles could be loaded"));
}

#[test]
fn a_20_mb_single_line_file_is_over_the_default_cap() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = b"The long line goes on and on. ".repeat(20 * 1024 * 1024 / 30 + 1);
    line.truncate(20 * 1024 * 1024 + 1);
    let big = write(dir.path(), "huge.txt", &line);
    let good = write(dir.path(), "good.txt", GOOD);
    parallax()
        .args([&big, &good])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "parallax: skipped {big}: too large"
        )))
        .stderr(predicate::str::contains("--max-size"))
        .stderr(predicate::str::contains("not a terminal"));
    // Alone, nothing loads.
    parallax()
        .arg(&big)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no articles could be loaded"));
}

#[test]
fn the_size_cap_is_set_by_flag() {
    let dir = tempfile::tempdir().unwrap();
    let two_k = write(dir.path(), "two_k.txt", &b"Words here. ".repeat(171));
    parallax()
        .args(["--max-size", "1K", &two_k])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "too large (2.0 KB, over the 1.0 KB cap",
        ));
    parallax()
        .args(["--max-size", "4K", &two_k])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("skipped").not())
        .stderr(predicate::str::contains("not a terminal"));
}

#[test]
fn hostile_control_sequences_in_a_file_name_do_not_reach_stderr_raw() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("evil\x1b[2Jname.txt").display().to_string();
    let out = parallax()
        .arg(&missing)
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped"), "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "raw ESC reached stderr: {stderr:?}"
    );
}
