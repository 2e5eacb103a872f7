//! The hostile-input regression corpus of issue 13, end to end on the binary: each file under
//! tests/fixtures/hostile (written by its own `make.py`, no third-party samples) is given to
//! `parallax report --format json`, and the test asserts what the user sees: the exit status,
//! the message naming the file and what was wrong, the good items kept, and no control
//! character but line breaks and tabs in any JSON string or on stderr.
//!
//! Cases that need big inputs (100,000 nested divs, 16,000 quotes, 50,000 items, bombs) stay
//! built inline in tests/hostile.rs; the folder's README.md lists what is here and why.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(rel)
}

/// What one `parallax report --format json` run showed the user.
struct Run {
    code: Option<i32>,
    json: Option<Value>,
    stderr: String,
}

impl Run {
    fn articles(&self) -> Vec<Value> {
        self.json
            .as_ref()
            .and_then(|j| j["articles"].as_array().cloned())
            .unwrap_or_default()
    }

    fn sentences(&self, article: usize) -> Vec<String> {
        self.articles()[article]["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap().to_string())
            .collect()
    }

    fn field(&self, name: &str) -> Vec<String> {
        self.articles()
            .iter()
            .map(|a| a[name].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

/// Runs the report on `paths`; every run is also checked for control characters, in the JSON
/// strings and on stderr, whatever the input.
fn report(paths: &[&Path]) -> Run {
    let mut cmd = Command::cargo_bin("parallax").unwrap();
    cmd.env("NO_COLOR", "1")
        .args(["report", "--format", "json"])
        .args(paths.iter().map(|p| p.as_os_str()));
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: Option<Value> = serde_json::from_slice(&out.stdout).ok();
    assert!(
        json.is_some() || out.stdout.is_empty(),
        "stdout is neither a JSON report nor empty: {stderr}"
    );
    assert_no_control(&stderr, "stderr");
    if let Some(j) = &json {
        let mut all = Vec::new();
        strings(j, &mut all);
        for s in &all {
            assert_no_control(s, "the report");
        }
    }
    Run {
        code: out.status.code(),
        json,
        stderr,
    }
}

fn assert_no_control(s: &str, place: &str) {
    assert!(
        !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "a control character reached {place}: {s:?}"
    );
}

/// Every string in a JSON value (keys included), recursively.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        Value::Object(o) => o.iter().for_each(|(k, v)| {
            out.push(k.clone());
            strings(v, out);
        }),
        _ => {}
    }
}

const STORY: &str = "The council met on Tuesday and voted to reopen the bridge to traffic after \
                     months of repairs, officials said.";

#[test]
fn escape_c1_and_bidi_controls_are_shown_as_notation_or_dropped() {
    let run = report(&[&fixture("controls.txt")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("skipped"), "{}", run.stderr);
    assert_eq!(
        run.sentences(0),
        [
            "Red ^[[31mALERT^[[0m in the <9B>2J capital.",
            "A title^[]0;pwned^G was set.",
            "Tabbed.^?",
            "The mayor said the file gnp.exe was harmless and isolated words stayed.",
        ]
    );
    // The article's whole text too: `jq -r .articles[].text` must not reorder a terminal.
    let text = run.articles()[0]["text"].as_str().unwrap().to_string();
    assert!(
        !text.chars().any(|c| matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )),
        "a bidi control reached the report's text: {text:?}"
    );
}

#[test]
fn invalid_utf8_loads_with_a_notice_instead_of_being_skipped() {
    let run = report(&[&fixture("invalid_utf8.txt")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("skipped"), "{}", run.stderr);
    let a = &run.articles()[0];
    assert!(
        a["text"]
            .as_str()
            .unwrap()
            .starts_with("Caf\u{FFFD} society met on Monday.")
    );
    assert!(
        a["notices"]
            .to_string()
            .contains("invalid UTF-8 replaced at 2 places"),
        "{}",
        a["notices"]
    );
}

#[test]
fn a_binary_file_is_named_and_the_good_file_beside_it_loads() {
    let bin = fixture("binary.txt");
    let run = report(&[&bin]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains(&format!(
            "skipped {}: looks binary (holds NUL bytes), not an article",
            bin.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "no articles could be loaded from {}",
            bin.display()
        )),
        "{}",
        run.stderr
    );
    let run = report(&[&bin, &fixture("month_abbreviation.txt")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.articles().len(), 1);
}

#[test]
fn an_empty_file_is_named_and_nothing_is_reported() {
    let empty = fixture("empty.txt");
    let run = report(&[&empty]);
    assert_eq!(run.code, Some(2));
    assert!(run.json.is_none());
    assert!(
        run.stderr
            .contains(&format!("skipped {}: empty file", empty.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn a_lower_case_month_abbreviation_keeps_its_sentence_whole() {
    let run = report(&[&fixture("month_abbreviation.txt")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.sentences(0),
        [
            "The bank collapsed on mar. 10 as depositors rushed to withdraw.",
            "Regulators stepped in.",
        ]
    );
}

#[test]
fn a_lone_surrogate_and_a_100000_digit_number_cost_only_their_items() {
    let f = fixture("json_items.json");
    let run = report(&[&f]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.field("title"), ["Bridge reopens", "Third"]);
    assert_eq!(run.field("text")[0], STORY);
    for (item, what) in [
        (
            2,
            "not valid JSON: a bad \\u escape (such as a lone surrogate, \\ud800)",
        ),
        (3, "not valid JSON: a number too large to read"),
    ] {
        assert!(
            run.stderr
                .contains(&format!("skipped {} item {item}: {what}", f.display())),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn json_nested_past_the_bound_costs_only_its_item() {
    let f = fixture("json_deep.json");
    let run = report(&[&f]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.field("text"), [STORY]);
    assert!(
        run.stderr.contains(&format!(
            "skipped {} item 2: not valid JSON: nested more than 128 levels deep (the bound on \
             nesting)",
            f.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn an_undeclared_windows_1251_page_reads_as_cyrillic_with_a_notice() {
    let run = report(&[&fixture("cyrillic_1251.html")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let a = &run.articles()[0];
    assert_eq!(a["title"], "Войска уходят");
    assert!(
        a["text"]
            .as_str()
            .unwrap()
            .starts_with("Путин заявил, что войска покинут страну"),
        "{}",
        a["text"]
    );
    assert!(
        a["notices"].to_string().contains(
            "no character set declared and the bytes are not UTF-8; read as windows-1251"
        ),
        "{}",
        a["notices"]
    );
}

#[test]
fn a_page_nested_past_the_bound_loads_with_a_notice_naming_the_bound() {
    let run = report(&[&fixture("nested_deep.html")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let a = &run.articles()[0];
    assert_eq!(a["text"], STORY);
    assert!(
        a["notices"]
            .to_string()
            .contains("nested 1000 deep, over the bound of 512; read with the simple extractor"),
        "{}",
        a["notices"]
    );
}

#[test]
fn a_broken_feed_item_is_named_and_the_others_load() {
    let f = fixture("broken_item.rss");
    let run = report(&[&f]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.field("title"),
        ["Ferry service resumes", "Fish market reopens"]
    );
    assert_eq!(run.field("source"), ["Harbour Notes", "Harbour Notes"]);
    assert!(
        run.stderr.contains(&format!(
            "skipped {} item 2 (“Pier closed for repairs”): the item is not well-formed",
            f.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn emoji_sequences_unassigned_and_noncharacters_load_without_losing_text() {
    let run = report(&[&fixture("unicode_layout.txt")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let sentences = run.sentences(0);
    assert_eq!(sentences.len(), 6, "{sentences:?}");
    // Zero-width spaces are invisible format characters: dropped, as everywhere.
    assert_eq!(sentences[0], "Zerowidth spaces hide between words.");
    // The family's three people stay, in order (whether their joiners do is the reader's concern).
    let family = &sentences[1];
    let people: Vec<char> = family.chars().filter(|c| *c as u32 >= 0x1F466).collect();
    assert_eq!(people, ['\u{1F468}', '\u{1F469}', '\u{1F467}'], "{family}");
    assert!(family.ends_with(" arrived together."), "{family}");
    assert_eq!(sentences[2], "A wave 👋🏽 came with a skin tone.");
    assert_eq!(sentences[3], "Flags 🇰🇿 and 🇺🇦 flew over the square.");
    assert_eq!(
        sentences[4],
        "An unassigned \u{378} and the noncharacters \u{FFFE} and \u{FFFF} sat in the text."
    );
    assert_eq!(sentences[5], "Wide 中文 letters closed it.");
}

#[test]
fn a_300_character_outlet_name_is_kept_whole_in_the_report() {
    let run = report(&[&fixture("long_outlet.json")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let source = &run.field("source")[0];
    assert_eq!(source.chars().count(), 300, "{source}");
    assert!(source.starts_with("The Very Very "), "{source}");
    assert_eq!(run.field("text"), [STORY]);
}

#[test]
fn a_sentence_of_3000_quotes_loads_whole() {
    let run = report(&[&fixture("many_quotes.txt")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let sentences = run.sentences(0);
    assert_eq!(sentences.len(), 2);
    assert!(
        sentences[0].starts_with("The minister answered “yes”, “no”, “maybe”,"),
        "{}",
        &sentences[0][..80]
    );
    assert!(sentences[0].ends_with("“soon” to the reporters on Friday."));
    assert_eq!(sentences[0].matches('“').count(), 3000);
    assert_eq!(sentences[1], "Officials said the session ended at noon.");
}

/// The sentence every article of shared_claim/ carries (make.py's `SHARED`).
const SHARED: &str = "The central bank raised its main interest rate to nine percent on Thursday.";

#[test]
fn a_sentence_every_article_carries_is_one_claim_of_all_of_them() {
    let dir = fixture("shared_claim");
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert!(files > 150, "past the 150 where the claim once vanished");
    let run = report(&[&dir]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let articles = run.articles();
    assert_eq!(articles.len(), files, "{}", run.stderr);
    let json = run.json.as_ref().unwrap();
    let claims = json["claims"].as_array().unwrap();
    let all = claims
        .iter()
        .find(|c| c["sources"].as_u64() == Some(files as u64))
        .unwrap_or_else(|| {
            let widest = claims.iter().filter_map(|c| c["sources"].as_u64()).max();
            panic!(
                "no claim carried by all {files} articles ({} claims, the widest carried by \
                 {widest:?})",
                claims.len()
            )
        });
    let rep = &all["representative"];
    let (a, s) = (
        rep["article"].as_u64().unwrap() as usize,
        rep["sentence"].as_u64().unwrap() as usize,
    );
    assert_eq!(run.sentences(a)[s], SHARED);
}

#[test]
fn the_whole_folder_loads_naming_each_bad_file_once() {
    let dir = fixture("");
    let run = report(&[&dir]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let name = |rel: &str| dir.join(rel).display().to_string();
    let expected = [
        format!("skipped {}: looks binary", name("binary.txt")),
        format!("skipped {} item 2 (", name("broken_item.rss")),
        format!("skipped {}: empty file", name("empty.txt")),
        format!("skipped {} item 2: not valid JSON", name("json_deep.json")),
        format!("skipped {} item 2: not valid JSON", name("json_items.json")),
        format!("skipped {} item 3: not valid JSON", name("json_items.json")),
    ];
    let skipped: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("skipped"))
        .collect();
    assert_eq!(skipped.len(), expected.len(), "{}", run.stderr);
    for (line, want) in skipped.iter().zip(&expected) {
        assert!(line.contains(want.as_str()), "{line:?} lacks {want:?}");
    }
    // Every good file's articles are there.
    let paths = run.field("path");
    for good in [
        "controls.txt",
        "invalid_utf8.txt",
        "month_abbreviation.txt",
        "json_items.json#1",
        "json_items.json#4",
        "json_deep.json#1",
        "cyrillic_1251.html",
        "nested_deep.html",
        "unicode_layout.txt",
        "long_outlet.json#1",
        "many_quotes.txt",
        "shared_claim/article_160.txt",
    ] {
        assert!(
            paths.iter().any(|p| p == &name(good)),
            "{good} missing from the {} articles",
            paths.len()
        );
    }
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.contains("broken_item.rss"))
            .count(),
        2
    );
}

/// Every file the script writes, as (path under the folder, bytes), sorted.
fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.retain(|(rel, _)| rel != "make.py" && rel != "README.md");
    out.sort();
    out
}

#[test]
fn regenerating_the_corpus_gives_the_same_bytes() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !python {
        eprintln!("note: python3 is absent; the corpus was not regenerated to compare it");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(fixture("make.py"))
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    let made = tree(out.path());
    let committed = tree(&fixture(""));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&made),
        "the folder holds exactly what make.py writes"
    );
    for ((name, want), (_, got)) in committed.iter().zip(&made) {
        assert!(
            want == got,
            "{name} differs from what make.py writes now: run `python3 {}`",
            fixture("make.py").display()
        );
    }
}
