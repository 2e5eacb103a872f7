//! `parallax report` end to end on the seeds: JSON shape and offsets, seed claims, Markdown sections.

use assert_cmd::Command;
use serde_json::Value;

fn seeds() -> String {
    format!("{}/seeds", env!("CARGO_MANIFEST_DIR"))
}

fn report(format: &str) -> String {
    let out = Command::cargo_bin("parallax")
        .unwrap()
        .args(["report", &seeds(), "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// (article, sentence) of the first sentence containing `needle` in article `art`.
fn find(v: &Value, art: usize, needle: &str) -> (u64, u64) {
    let sentences = v["articles"][art]["sentences"].as_array().unwrap();
    let i = sentences
        .iter()
        .position(|s| s["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in article {art}"));
    (art as u64, i as u64)
}

fn share_claim(v: &Value, a: (u64, u64), b: (u64, u64)) -> bool {
    v["claims"].as_array().unwrap().iter().any(|c| {
        let has = |x: (u64, u64)| {
            c["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["article"] == x.0 && m["sentence"] == x.1)
        };
        has(a) && has(b)
    })
}

#[test]
fn json_parses_and_offsets_resolve_into_the_text() {
    let v: Value = serde_json::from_str(&report("json")).unwrap();
    let articles = v["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    for a in articles {
        let text = a["text"].as_str().unwrap();
        assert!(a["path"].as_str().unwrap().contains("seeds"));
        for s in a["sentences"].as_array().unwrap() {
            let (start, end) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            let slice = text.get(start..end).expect("offsets on char boundaries");
            let norm = |x: &str| x.split_whitespace().collect::<Vec<_>>().join(" ");
            // The shown text is the slice with whitespace collapsed (and made terminal-safe).
            let shown = norm(s["text"].as_str().unwrap());
            let first = shown.split(' ').next().unwrap();
            assert!(norm(slice).contains(first), "{slice:?} vs {shown:?}");
            assert!(s["boilerplate"].is_boolean());
        }
    }
    for c in v["claims"].as_array().unwrap() {
        assert!(c["sources"].as_u64().unwrap() >= 2);
    }
}

#[test]
fn json_holds_the_seed_claims_facts_and_quotes() {
    let v: Value = serde_json::from_str(&report("json")).unwrap();
    assert!(share_claim(
        &v,
        find(&v, 0, "Maidan methods\" were used"),
        find(&v, 1, "Maidan technologies")
    ));
    assert!(share_claim(
        &v,
        find(&v, 1, "Sixteen security forces"),
        find(&v, 3, "16 security personnel")
    ));
    assert!(share_claim(
        &v,
        find(&v, 0, "unprecedented challenge"),
        find(&v, 2, "unprecedented challenge")
    ));
    assert!(!share_claim(
        &v,
        find(&v, 1, "Sixteen security forces"),
        find(&v, 3, "2,030 troops")
    ));
    let facts = v["facts"].as_array().unwrap();
    let troops = facts
        .iter()
        .find(|f| {
            f["values"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["text"] == "around 2,500 troops")
        })
        .expect("troops fact");
    assert_eq!(troops["agree"], false);
    assert!(
        troops["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["value"] == 2030.0 && x["hedge"].is_null())
    );
    // Counts read as whole numbers, as a script expects: 2030, not 2030.0.
    assert!(
        troops["values"][0]["value"].is_u64(),
        "{}",
        troops["values"][0]
    );
    // "a two-fold increase" and "two days" are not one count, however the sentences relate.
    for fact in facts {
        let texts: Vec<&str> = fact["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|x| x["text"].as_str())
            .collect();
        assert!(
            !(texts.iter().any(|t| t.contains("fold")) && texts.iter().any(|t| t.contains("days"))),
            "a multiple grouped with a span of time: {texts:?}"
        );
        // Protests began on January 2; the government resigned on January 6: two events.
        assert!(
            !(texts.contains(&"January 2") && texts.contains(&"January 6")),
            "two events' dates called a disagreement: {texts:?}"
        );
    }
    let quotes = v["quotes"].as_array().unwrap();
    assert!(quotes.iter().any(|q| {
        q["speaker"] == "Putin"
            && q["variants"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["text"] == "Maidan methods")
    }));
}

fn linked(v: &Value, a: (u64, u64), b: (u64, u64)) -> bool {
    v["links"].as_array().unwrap().iter().any(|l| {
        let at = |k: &str| {
            (
                l[k]["article"].as_u64().unwrap(),
                l[k]["sentence"].as_u64().unwrap(),
            )
        };
        (at("a"), at("b")) == (a, b) || (at("a"), at("b")) == (b, a)
    })
}

/// The `same` flag of the link between `a` and `b`, if they are linked.
fn same(v: &Value, a: (u64, u64), b: (u64, u64)) -> Option<bool> {
    v["links"].as_array().unwrap().iter().find_map(|l| {
        let at = |k: &str| {
            (
                l[k]["article"].as_u64().unwrap(),
                l[k]["sentence"].as_u64().unwrap(),
            )
        };
        ((at("a"), at("b")) == (a, b) || (at("a"), at("b")) == (b, a))
            .then(|| l["same"].as_bool().unwrap())
    })
}

#[test]
fn json_links_say_whether_two_sentences_say_the_same() {
    let v: Value = serde_json::from_str(&report("json")).unwrap();
    // The same statement of Putin's, reported in other words: linked, and the same.
    assert_eq!(
        same(
            &v,
            find(&v, 2, "Elements of a strong-arm informational support"),
            find(&v, 1, "the technologies of forceful information support")
        ),
        Some(true)
    );
    // A claim shared inside a much longer sentence: linked, not the same.
    assert_eq!(
        same(
            &v,
            find(&v, 1, "Sixteen security forces"),
            find(
                &v,
                3,
                "The Kazakh said his country would soon provide proof"
            )
        ),
        Some(false)
    );
}

#[test]
fn json_lists_the_links_and_unique_sentences_follow_them() {
    let v: Value = serde_json::from_str(&report("json")).unwrap();
    let links = v["links"].as_array().unwrap();
    assert!(links.len() > 20, "{} links", links.len());
    let mut touched = std::collections::HashSet::new();
    for l in links {
        assert_ne!(
            l["a"]["article"], l["b"]["article"],
            "links join two sources"
        );
        let score = l["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
        for k in ["a", "b"] {
            touched.insert((
                l[k]["article"].as_u64().unwrap(),
                l[k]["sentence"].as_u64().unwrap(),
            ));
        }
    }
    assert!(linked(
        &v,
        find(&v, 0, "Maidan methods\" were used"),
        find(&v, 1, "Maidan technologies")
    ));
    assert!(!linked(
        &v,
        find(&v, 1, "Sixteen security forces"),
        find(&v, 3, "2,030 troops")
    ));
    // A sentence is unique exactly when no link touches it (boilerplate and headings aside).
    let mut unique = 0;
    for (ai, a) in v["articles"].as_array().unwrap().iter().enumerate() {
        let listed: Vec<u64> = a["unique"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect();
        for (si, s) in a["sentences"].as_array().unwrap().iter().enumerate() {
            let at = (ai as u64, si as u64);
            let statement = s["boilerplate"] == false && s["heading"] == false;
            let want = statement && !touched.contains(&at);
            assert_eq!(listed.contains(&(si as u64)), want, "{at:?} {}", s["text"]);
            unique += usize::from(want);
        }
    }
    assert!(unique > 10);
}

#[test]
fn the_json_report_is_the_same_on_every_run() {
    assert_eq!(report("json"), report("json"));
}

#[test]
fn markdown_has_its_sections() {
    let md = report("markdown");
    for section in [
        "# parallax report",
        "## Sources",
        "## Shared claims",
        "## Numeric facts",
        "## Quotes",
        "## Unique to each source",
    ] {
        assert!(md.contains(section), "missing {section}");
    }
    assert!(md.contains("DISAGREE"));
    assert!(md.contains("Maidan"));
}

#[test]
fn hostile_quotes_never_reach_the_output_raw() {
    let dir = tempfile::tempdir().unwrap();
    let quote = "\u{1b}]0;pwned\u{7}The talks will go on\u{1b}[31m until a deal is reached";
    std::fs::write(
        dir.path().join("a.txt"),
        format!("Officials met on Monday. \"{quote},\" the minister said in Geneva."),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        format!("The minister spoke in Geneva. \"{quote},\" he told reporters on Monday."),
    )
    .unwrap();
    for format in ["markdown", "json"] {
        let out = Command::cargo_bin("parallax")
            .unwrap()
            .args(["report", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let bytes = out.stdout;
        assert!(
            !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
            "{format} report carries raw control bytes:\n{}",
            String::from_utf8_lossy(&bytes)
        );
        assert!(String::from_utf8_lossy(&bytes).contains("The talks will go on"));
    }
}

#[test]
fn a_reader_closing_the_pipe_early_is_not_an_error() {
    for args in [
        vec!["report", "--format", "markdown"],
        vec!["search", "Putin"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(&args)
            .arg(seeds())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close our end before parallax writes, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn an_article_copied_to_forty_outlets_is_reported_as_copies_not_every_pair() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(format!("{}/000_6e97f0e69f04ec2e.txt", seeds())).unwrap();
    for k in 0..40 {
        std::fs::write(dir.path().join(format!("outlet{k:02}.txt")), &seed).unwrap();
    }
    let out = Command::cargo_bin("parallax")
        .unwrap()
        .args(["report", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let articles = v["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 40);
    // Every sentence any copy shares is shared by all forty: none is unique to one outlet.
    for a in articles {
        assert_eq!(a["unique"], serde_json::json!([]), "{}", a["path"]);
    }
    let biggest = v["claims"].as_array().unwrap().iter();
    assert!(
        biggest
            .map(|c| c["sources"].as_u64().unwrap())
            .all(|s| s == 40)
    );
    // The copies are listed once, each group first then the other 39; the links grow with
    // the copies, not with their 780 pairs per sentence.
    let copies = v["copies"].as_array().expect("copies listed");
    assert!(!copies.is_empty());
    assert!(copies.iter().all(|g| g.as_array().unwrap().len() == 40));
    let links = v["links"].as_array().unwrap().len();
    assert!(links < copies.len() * 40 * 2, "{links} links");
    // The seeds, with no such copies, have no such list.
    let seeds: Value = serde_json::from_str(&report("json")).unwrap();
    assert!(seeds.get("copies").is_none());
}
