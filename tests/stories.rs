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

#[test]
fn links_and_unique_sentences_are_reported_for_every_story() {
    let v = report(&fixture());
    let side = |a: u64| a >= 3;
    let links = v["links"].as_array().expect("a links field");
    assert!(!links.is_empty(), "the stories' links reach the top level");
    let mut linked = std::collections::HashSet::new();
    for l in links {
        let (a, b) = (&l["a"], &l["b"]);
        let (aa, ba) = (
            a["article"].as_u64().unwrap(),
            b["article"].as_u64().unwrap(),
        );
        assert_eq!(side(aa), side(ba), "a link never joins two stories: {l}");
        linked.insert((aa, a["sentence"].as_u64().unwrap()));
        linked.insert((ba, b["sentence"].as_u64().unwrap()));
    }
    // What only one source says is listed, and never a sentence that is linked.
    let mut unique = 0;
    for (i, art) in v["articles"].as_array().unwrap().iter().enumerate() {
        for s in art["unique"].as_array().unwrap() {
            unique += 1;
            assert!(!linked.contains(&(i as u64, s.as_u64().unwrap())));
        }
    }
    assert!(unique > 0, "each story's own sentences are marked unique");
}

// Feeds at work: several feed URLs give a story list; `--expand` fetches the pages of items
// that carry only a summary. Local servers only.

mod feeds {
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use assert_cmd::Command;
    use serde_json::Value;

    /// What a local server answers at each path (anything else: 404), each answer held back
    /// by `hold`; also counts the most connections it ever served at once.
    struct Server {
        base: String,
        most_at_once: Arc<AtomicUsize>,
    }

    fn serve(routes: HashMap<String, (&'static str, String)>, hold: Duration) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let active = Arc::new(AtomicUsize::new(0));
        let routes = Arc::new(routes);
        let most = most_at_once.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let (routes, active, most) = (routes.clone(), active.clone(), most.clone());
                std::thread::spawn(move || {
                    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut request = String::new();
                    let _ = reader.read_line(&mut request);
                    let mut line = String::new();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                        line.clear();
                    }
                    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                    std::thread::sleep(hold);
                    let answer = match routes.get(&path) {
                        Some((kind, body)) => format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        ),
                        None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
                    };
                    active.fetch_sub(1, Ordering::SeqCst);
                    let _ = stream.write_all(answer.as_bytes());
                });
            }
        });
        Server { base, most_at_once }
    }

    /// A fixture article: its headline and its paragraphs after the dateline.
    fn article(name: &str) -> (String, Vec<String>) {
        let path = format!(
            "{}/tests/fixtures/stories/{name}.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        let mut paras = text.split("\n\n").map(|p| p.trim().to_string());
        let title = paras.next().unwrap();
        let _date = paras.next();
        (title, paras.filter(|p| !p.is_empty()).collect())
    }

    /// An RSS feed titled `outlet`; each item is (fixture name, link, text to carry).
    fn rss(outlet: &str, items: &[(&str, String, String)]) -> String {
        let items: String = items
            .iter()
            .map(|(name, link, body)| {
                let (title, _) = article(name);
                format!(
                    "<item><title>{title}</title><link>{link}</link>\
                     <pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate>\
                     <description><![CDATA[{body}]]></description></item>"
                )
            })
            .collect();
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{outlet}</title>\
             <link>http://example.org/</link><description>News</description>{items}</channel></rss>"
        )
    }

    /// The fixture's whole text as HTML paragraphs.
    fn full(name: &str) -> String {
        article(name)
            .1
            .iter()
            .map(|p| format!("<p>{p}</p>"))
            .collect()
    }

    /// The fixture's first paragraph: what a feed that carries only summaries gives.
    fn summary(name: &str) -> String {
        article(name).1[0].clone()
    }

    fn page(name: &str) -> String {
        let (title, _) = article(name);
        format!(
            "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{}</article></body></html>",
            full(name)
        )
    }

    fn report(args: &[&str]) -> (Value, String) {
        let out = Command::cargo_bin("parallax")
            .unwrap()
            .arg("report")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{stderr}");
        (serde_json::from_slice(&out.stdout).unwrap(), stderr)
    }

    fn texts(v: &Value) -> Vec<String> {
        v["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["text"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn two_feeds_give_a_story_list() {
        fn item(name: &str) -> (&str, String, String) {
            (name, format!("http://example.org/{name}"), full(name))
        }
        let items_a = [item("kivu_a"), item("trento_a"), item("kivu_b")];
        let items_b = [item("trento_b"), item("kivu_c"), item("trento_c")];
        let routes = HashMap::from([
            (
                "/lake.xml".to_string(),
                ("application/rss+xml", rss("Lakeside Wire", &items_a)),
            ),
            (
                "/alps.xml".to_string(),
                ("application/rss+xml", rss("Alpine Post", &items_b)),
            ),
        ]);
        let server = serve(routes, Duration::ZERO);
        let (a, b) = (
            format!("{}/lake.xml", server.base),
            format!("{}/alps.xml", server.base),
        );
        let (v, _) = report(&[&a, &b]);
        let arts = v["articles"].as_array().unwrap();
        assert_eq!(arts.len(), 6);
        assert_eq!(arts[0]["source"], "Lakeside Wire");
        assert_eq!(arts[5]["source"], "Alpine Post");
        assert_eq!(arts[0]["url"], "http://example.org/kivu_a");
        assert!(arts[0]["title"].as_str().unwrap().contains("Lake Kivu"));
        let stories = v["stories"].as_array().expect("a story list");
        let mut grouped: Vec<(String, Vec<u64>, Value)> = stories
            .iter()
            .map(|s| {
                let ids = s["articles"].as_array().unwrap();
                (
                    s["title"].as_str().unwrap().to_string(),
                    ids.iter().map(|i| i.as_u64().unwrap()).collect(),
                    s["outlets"].clone(),
                )
            })
            .collect();
        grouped.sort_by(|x, y| x.1.cmp(&y.1));
        assert_eq!(grouped.len(), 2, "{grouped:?}");
        assert!(grouped[0].0.contains("Kivu"));
        assert_eq!(grouped[0].1, [0, 2, 4]);
        assert!(grouped[1].0.contains("Trento"));
        assert_eq!(grouped[1].1, [1, 3, 5]);
        for (_, _, outlets) in &grouped {
            let outlets = outlets.to_string();
            assert!(outlets.contains("Lakeside Wire") && outlets.contains("Alpine Post"));
        }
    }

    #[test]
    fn expand_fetches_summary_only_items_and_names_each_failure() {
        let mut routes = HashMap::new();
        for name in ["kivu_a", "kivu_b"] {
            routes.insert(format!("/news/{name}"), ("text/html", page(name)));
        }
        let server_routes = routes;
        // The feed links to pages of this same server; its address is known once it listens.
        let server = serve(server_routes, Duration::ZERO);
        let feed_server = {
            let link = |name: &str| format!("{}/news/{name}", server.base);
            let items = [
                ("kivu_a", link("kivu_a"), summary("kivu_a")),
                ("kivu_b", link("kivu_b"), summary("kivu_b")),
                ("kivu_c", link("gone"), summary("kivu_c")),
            ];
            serve(
                HashMap::from([(
                    "/feed.xml".to_string(),
                    ("application/rss+xml", rss("Lakeside Wire", &items)),
                )]),
                Duration::ZERO,
            )
        };
        let feed = format!("{}/feed.xml", feed_server.base);

        // Without the flag, the summaries are what loads.
        let (v, _) = report(&[&feed]);
        assert!(!texts(&v)[0].contains("Rescuers from the Rwanda National Police"));

        let (v, stderr) = report(&["--expand", &feed]);
        let texts = texts(&v);
        assert!(
            texts[0].contains("Rescuers from the Rwanda National Police"),
            "{texts:?}"
        );
        assert!(stderr.contains(
            "fetching the pages of 3 feed items that carry only a summary (4 at a time)"
        ));
        let gone = format!("{}/news/gone", server.base);
        let (title, _) = article("kivu_c");
        assert!(
            stderr.contains(&format!(
                "parallax: item \u{201c}{title}\u{201d} ({gone}): the server answered HTTP 404; kept the summary"
            )),
            "{stderr}"
        );
        assert!(stderr.contains("expanded 2 of 3 feed items; 1 kept its summary"));
        // The failed item is there, with its summary and a notice on its pane.
        assert_eq!(texts[2], summary("kivu_c"));
        let notices = v["articles"][2]["notices"].to_string();
        assert!(notices.contains("HTTP 404"), "{notices}");
    }

    #[test]
    fn expand_fetches_at_most_four_pages_at_once() {
        let server = serve(
            (0..10)
                .map(|i| (format!("/news/{i}"), ("text/html", page("trento_a"))))
                .collect(),
            Duration::from_millis(300),
        );
        let items: Vec<_> = (0..10)
            .map(|i| {
                (
                    "trento_a",
                    format!("{}/news/{i}", server.base),
                    summary("trento_a"),
                )
            })
            .collect();
        let feed_server = serve(
            HashMap::from([(
                "/feed.xml".to_string(),
                ("application/rss+xml", rss("Alpine Post", &items)),
            )]),
            Duration::ZERO,
        );
        let (v, stderr) = report(&["--expand", &format!("{}/feed.xml", feed_server.base)]);
        assert!(stderr.contains("expanded 10 of 10"), "{stderr}");
        assert!(texts(&v).iter().all(|t| t.contains("landslide near Lavis")));
        let most = server.most_at_once.load(Ordering::SeqCst);
        assert!((2..=4).contains(&most), "{most} pages fetched at once");
    }
}
