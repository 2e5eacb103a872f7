//! `parallax report` on a folder holding two distinct events (a ferry sinking in Rwanda, a
//! derailment in Italy; three outlets each): two stories, each analysed on its own.

use assert_cmd::Command;
use serde_json::Value;

fn report(path: &str) -> Value {
    let out = Command::cargo_bin("parallax")
        .unwrap()
        .args(["report", path, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn fixture() -> String {
    format!("{}/tests/fixtures/stories", env!("CARGO_MANIFEST_DIR"))
}

/// The articles of every claim in `claims`.
fn claim_articles(claims: &Value) -> Vec<Vec<u64>> {
    claims
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["article"].as_u64().unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn two_events_make_two_stories_with_their_own_summaries() {
    let v = report(&fixture());
    let stories = v["stories"].as_array().expect("a stories field");
    assert_eq!(stories.len(), 2);
    let arts: Vec<Vec<u64>> = stories
        .iter()
        .map(|s| {
            s["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_u64().unwrap())
                .collect()
        })
        .collect();
    // Files load in name order: kivu_a..c, then trento_a..c.
    assert_eq!(arts, vec![vec![0, 1, 2], vec![3, 4, 5]]);
    let kivu = &stories[0];
    assert!(kivu["title"].as_str().unwrap().contains("Kivu"));
    assert_eq!(kivu["sources"], 3);
    assert_eq!(kivu["first_date"], "2024-03-04");
    assert_eq!(kivu["last_date"], "2024-03-06");
    assert_eq!(kivu["first_reported_by"], "Reuters");
    assert!(stories[1]["title"].as_str().unwrap().contains("Trento"));
}

#[test]
fn claims_facts_and_quotes_stay_inside_their_story() {
    let v = report(&fixture());
    let side = |a: u64| a >= 3;
    for s in v["stories"].as_array().unwrap() {
        let claims = claim_articles(&s["claims"]);
        assert!(!claims.is_empty(), "each story has shared claims");
        let home = side(s["articles"][0].as_u64().unwrap());
        assert!(claims.iter().flatten().all(|&a| side(a) == home));
        for f in s["facts"].as_array().unwrap() {
            for val in f["values"].as_array().unwrap() {
                assert_eq!(side(val["article"].as_u64().unwrap()), home);
            }
        }
    }
    // The top-level claims are the stories' own: none joins the ferry and the train.
    for c in claim_articles(&v["claims"]) {
        assert!(c.iter().all(|&a| side(a) == side(c[0])), "{c:?}");
    }
}

#[test]
fn one_story_keeps_the_report_as_it_was() {
    let seeds = format!("{}/seeds", env!("CARGO_MANIFEST_DIR"));
    let v = report(&seeds);
    assert!(v.get("stories").is_none());
    assert!(!v["claims"].as_array().unwrap().is_empty());
}
