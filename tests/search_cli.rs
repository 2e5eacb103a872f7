//! `parallax search` end to end on the seed articles.

use assert_cmd::Command;
use parallax::corpus::{self, LoadOptions};

fn seeds() -> String {
    format!("{}/seeds", env!("CARGO_MANIFEST_DIR"))
}

fn search(args: &[&str]) -> String {
    let out = Command::cargo_bin("parallax")
        .unwrap()
        .arg("search")
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn prints_one_hit_per_line_best_first() {
    let out = search(&["maidan technologies", &seeds()]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 3, "{out}");
    for line in &lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "source, sentence, score, text: {line}");
        assert!(fields[1].parse::<usize>().is_ok() && fields[2].parse::<i64>().is_ok());
    }
    for line in &lines[..3] {
        let source = line.split('\t').next().unwrap();
        assert!(source.starts_with("001_") || source == "TASS", "{line}");
        assert!(line.contains("Maidan"), "{line}");
    }
    let scores: Vec<i64> = lines
        .iter()
        .map(|l| l.split('\t').nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn limit_caps_the_hits() {
    let out = search(&["kazakhstan", &seeds(), "--limit", "3"]);
    assert_eq!(out.lines().count(), 3);
}

#[test]
fn no_match_prints_nothing() {
    assert_eq!(search(&["zzqx", &seeds()]), "");
}

#[test]
fn without_paths_it_searches_the_seeds() {
    let out = search(&["waiting in the wings"]);
    let sources: Vec<&str> = out.lines().filter_map(|l| l.split('\t').next()).collect();
    assert!(
        sources.iter().any(|s| s.starts_with("000_")) && sources.contains(&"Press TV"),
        "{out}"
    );
}

#[test]
fn json_numbers_hits_like_the_corpus() {
    let out = search(&["waiting in the wings", &seeds(), "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["query"], "waiting in the wings");
    let hits = json["hits"].as_array().unwrap();
    assert!(hits.len() >= 2);
    let corpus = corpus::load(&[seeds()], &LoadOptions::default());
    for hit in hits {
        let a = hit["article"].as_u64().unwrap() as usize;
        let s = hit["sentence"].as_u64().unwrap() as usize;
        let article = &corpus.articles[a];
        assert_eq!(hit["path"], article.origin.as_str());
        assert_eq!(hit["text"], article.sentences[s].text.as_str());
        assert!(hit["score"].as_i64().unwrap() > 0);
    }
    let first = hits[0]["text"].as_str().unwrap();
    assert!(first.contains("waiting in the wings"));
}

/// The text field of each output line.
fn texts(out: &str) -> Vec<&str> {
    out.lines().filter_map(|l| l.split('\t').nth(3)).collect()
}

#[test]
fn other_forms_of_a_query_word_are_found_below_the_written_form() {
    // Large enough (over 2,048 paragraphs) to be searched query first, so the prefilter must
    // let the other forms through too.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wire.txt");
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "Line {i} of the wire reports rain over the hills.\n"
        ));
        match i {
            700 => text.push_str("Both men underwent training at terrorist camps in Yemen.\n"),
            1400 => text.push_str("The recruits trained in camps near the border.\n"),
            2100 => text.push_str("The coup attempt failed within hours.\n"),
            2800 => text.push_str("Officers attempted a coup in 1991.\n"),
            _ => {}
        }
    }
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    assert_eq!(
        texts(&search(&["trained camps", file])),
        [
            "The recruits trained in camps near the border.",
            "Both men underwent training at terrorist camps in Yemen.",
        ]
    );
    assert_eq!(
        texts(&search(&["coup attempted", file])),
        [
            "Officers attempted a coup in 1991.",
            "The coup attempt failed within hours.",
        ]
    );
}
