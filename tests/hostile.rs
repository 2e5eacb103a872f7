//! What a hostile or simply messy world sends, end to end on the binary: each case is built
//! here (no third-party samples) and the test asserts what the reader would see, the message
//! naming the input and what was wrong, and the good inputs beside it still loading.
//!
//! URLs are served by a tiny server on 127.0.0.1 that the test starts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

fn parallax() -> Command {
    let mut cmd = Command::cargo_bin("parallax").unwrap();
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const GOOD: &str = "Protests erupted in the capital on Monday. Order was restored by Friday.\n";

/// Runs `parallax report` on `args`; the output, its JSON (when it wrote some) and stderr.
fn report(args: &[&std::ffi::OsStr]) -> (Output, Option<Value>, String) {
    let out = parallax().arg("report").args(args).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).ok();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, json, stderr)
}

fn articles(json: &Option<Value>) -> Vec<Value> {
    json.as_ref()
        .and_then(|j| j["articles"].as_array().cloned())
        .unwrap_or_default()
}

fn texts(json: &Option<Value>) -> Vec<String> {
    articles(json)
        .iter()
        .map(|a| a["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Serves each raw response (head and body as bytes) to one connection, in turn.
fn serve(responses: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for response in responses {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            read_request(&stream);
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}")
}

fn read_request(stream: &TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
}

fn response(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn page(body: &str) -> String {
    format!(
        "<html><head><title>Bridge</title></head><body><article><p>{body}</p></article></body></html>"
    )
}

const STORY: &str = "The council met on Tuesday and voted to reopen the bridge to traffic after \
                     months of repairs, officials said.";

// ---- 2: compressed bodies ----

#[test]
fn a_gzip_bomb_is_stopped_at_the_size_cap_on_its_decompressed_bytes() {
    use flate2::{Compression, write::GzEncoder};
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    // 64 MB of spaces inside a page: about 64 KB on the wire.
    gz.write_all(b"<html><body><p>").unwrap();
    for _ in 0..64 {
        gz.write_all(&[b' '; 1 << 20]).unwrap();
    }
    gz.write_all(b"</p></body></html>").unwrap();
    let body = gz.finish().unwrap();
    assert!(body.len() < 1 << 20, "the bomb is small on the wire");
    let base = serve(vec![response(
        "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
        &body,
    )]);
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD.as_bytes());
    let url = format!("{base}/bomb");
    let (out, json, stderr) = report(&[
        "--max-size".as_ref(),
        "1M".as_ref(),
        url.as_ref(),
        good.as_os_str(),
    ]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "skipped {url}: larger than the 1.0 MB size cap once decompressed (gzip)"
        )),
        "{stderr}"
    );
    assert_eq!(articles(&json).len(), 1);
}

#[test]
fn deflate_bodies_are_decoded_zlib_or_raw() {
    use flate2::{
        Compression,
        write::{DeflateEncoder, ZlibEncoder},
    };
    let html = page(STORY);
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::default());
    zlib.write_all(html.as_bytes()).unwrap();
    let mut raw = DeflateEncoder::new(Vec::new(), Compression::default());
    raw.write_all(html.as_bytes()).unwrap();
    let headers = "Content-Type: text/html\r\nContent-Encoding: deflate\r\n";
    let base = serve(vec![
        response(headers, &zlib.finish().unwrap()),
        response(headers, &raw.finish().unwrap()),
    ]);
    for path in ["/zlib", "/raw"] {
        let url = format!("{base}{path}");
        let (_, json, stderr) = report(&[url.as_ref()]);
        assert!(!stderr.contains("skipped"), "{stderr}");
        assert!(
            texts(&json)[0].contains("voted to reopen the bridge"),
            "{stderr}"
        );
    }
}

#[test]
fn brotli_and_deflate_bombs_are_stopped_at_the_size_cap_on_their_decompressed_bytes() {
    use flate2::{Compression, write::ZlibEncoder};
    // 16 MB of spaces inside a page, a few kilobytes on the wire.
    let mut html = b"<html><body><p>".to_vec();
    html.resize(16 << 20, b' ');
    html.extend_from_slice(b"</p></body></html>");
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 1 << 16, 5, 22);
        w.write_all(&html).unwrap();
    }
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::best());
    zlib.write_all(&html).unwrap();
    let zlib = zlib.finish().unwrap();
    assert!(
        br.len() < 1 << 20 && zlib.len() < 1 << 20,
        "small on the wire"
    );
    let base = serve(vec![
        response("Content-Type: text/html\r\nContent-Encoding: br\r\n", &br),
        response(
            "Content-Type: text/html\r\nContent-Encoding: deflate\r\n",
            &zlib,
        ),
    ]);
    for (path, name) in [("/br", "brotli"), ("/deflate", "deflate")] {
        let url = format!("{base}{path}");
        let (out, _, stderr) = report(&["--max-size".as_ref(), "1M".as_ref(), url.as_ref()]);
        assert!(!out.status.success(), "nothing loaded: {stderr}");
        assert!(
            stderr.contains(&format!(
                "skipped {url}: larger than the 1.0 MB size cap once decompressed ({name}); \
                 raise it with --max-size"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_page_over_the_size_cap_is_stopped_with_or_without_a_stated_length() {
    let body = page(&STORY.repeat(40));
    assert!(body.len() > 4096);
    // One announces its length, one only closes the connection at the end.
    let mut unannounced =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n".to_vec();
    unannounced.extend_from_slice(body.as_bytes());
    let base = serve(vec![
        response("Content-Type: text/html\r\n", body.as_bytes()),
        unannounced,
    ]);
    for path in ["/stated", "/unstated"] {
        let url = format!("{base}{path}");
        let (_, _, stderr) = report(&["--max-size".as_ref(), "4K".as_ref(), url.as_ref()]);
        assert!(
            stderr.contains(&format!(
                "skipped {url}: larger than the 4.0 KB size cap; raise it with --max-size"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_redirect_chain_past_the_bound_is_named() {
    let hop =
        b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    let base = serve(vec![hop.to_vec(); 8]);
    let url = format!("{base}/start");
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD.as_bytes());
    let (out, json, stderr) = report(&[url.as_ref(), good.as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "skipped {url}: more than 5 redirects (the bound on redirects)"
        )),
        "{stderr}"
    );
    assert_eq!(articles(&json).len(), 1);
}

// ---- 12: servers that mislead ----

#[test]
fn a_lying_content_length_is_explained() {
    let mut lie = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n".to_vec();
    lie.extend_from_slice(page(STORY).as_bytes());
    let base = serve(vec![lie]);
    let url = format!("{base}/short");
    let (_, _, stderr) = report(&[url.as_ref()]);
    assert!(
        stderr.contains(&format!(
            "skipped {url}: the connection closed before the whole page arrived"
        )),
        "{stderr}"
    );
}

#[test]
fn utf16_declared_in_the_content_type_is_decoded() {
    let mut body = Vec::new();
    for unit in page("Путин заявил, что войска покинут страну. Токаев поблагодарил союзников.")
        .encode_utf16()
    {
        body.extend_from_slice(&unit.to_le_bytes());
    }
    let base = serve(vec![response(
        "Content-Type: text/html; charset=utf-16le\r\n",
        &body,
    )]);
    let (_, json, stderr) = report(&[format!("{base}/ru").as_ref()]);
    assert!(!stderr.contains("skipped"), "{stderr}");
    assert!(texts(&json)[0].contains("Путин заявил"), "{stderr}");
}

#[test]
fn a_thousand_interim_responses_do_not_hide_the_page() {
    let mut answer = b"HTTP/1.1 100 Continue\r\n\r\n".repeat(1000);
    answer.extend_from_slice(&response(
        "Content-Type: text/html\r\n",
        page(STORY).as_bytes(),
    ));
    let base = serve(vec![answer]);
    let url = format!("{base}/continue");
    let (_, json, stderr) = report(&[url.as_ref()]);
    // The interim answers are passed over and the page behind them is read.
    assert!(
        texts(&json)
            .first()
            .is_some_and(|t| t.contains("reopen the bridge")),
        "{stderr}"
    );
    assert!(!stderr.contains("no article text found"), "{stderr}");
}

// ---- 5: nesting ----

#[test]
fn a_page_nested_100000_deep_loads_with_a_notice_naming_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let html = format!(
        "<html><body>{}<p>{STORY}</p></body></html>",
        "<div>".repeat(100_000)
    );
    let deep = write(dir.path(), "deep.html", html.as_bytes());
    let (out, json, stderr) = report(&[deep.as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    let a = &articles(&json)[0];
    assert!(a["text"].as_str().unwrap().contains("reopen the bridge"));
    let notices = a["notices"].to_string();
    assert!(
        notices.contains("nested 100000 deep, over the bound of 512"),
        "{notices}"
    );
}

// ---- bounded: time per input ----

#[test]
fn an_input_over_the_time_bound_is_named_with_the_bound_and_the_rest_loads() {
    // Under every shape bound (nesting 500 < 512, 90,000 elements < 100,000), yet the page
    // cleanup's cost grows with depth times elements: most of a minute in a test build.
    let dir = tempfile::tempdir().unwrap();
    let block = format!(
        "{}<p>{STORY}</p>{}",
        "<div>".repeat(500),
        "</div>".repeat(500)
    );
    let html = format!("<html><body>{}</body></html>", block.repeat(180));
    let slow = write(dir.path(), "slow.html", html.as_bytes());
    let good = write(dir.path(), "good.txt", GOOD.as_bytes());
    let (out, json, stderr) = report(&[
        "--max-time".as_ref(),
        "5".as_ref(),
        slow.as_os_str(),
        good.as_os_str(),
    ]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "skipped {}: took longer than 5 s to read (the bound on time per input; raise it \
             with --max-time)",
            slow.display()
        )),
        "{stderr}"
    );
    assert_eq!(texts(&json), [GOOD]);
}

#[test]
fn a_page_over_the_element_bound_loads_with_a_notice_naming_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let html = format!(
        "<html><body><article><p>{STORY}</p>{}</article></body></html>",
        "<i></i>".repeat(100_000)
    );
    let big = write(dir.path(), "many.html", html.as_bytes());
    let (out, json, stderr) = report(&[big.as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    let a = &articles(&json)[0];
    assert!(a["text"].as_str().unwrap().contains("reopen the bridge"));
    assert!(
        a["notices"]
            .to_string()
            .contains("over the bound of 100000; read with the simple extractor"),
        "{}",
        a["notices"]
    );
}

#[test]
fn json_nested_past_the_bound_costs_only_its_item() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let json = format!(
        r#"[{{"text":"{}"}}, {{"text":"Deep.","n":{deep}}}]"#,
        GOOD.trim_end()
    );
    let f = write(dir.path(), "deep.json", json.as_bytes());
    let (out, json, stderr) = report(&[f.as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(articles(&json).len(), 1);
    assert!(
        stderr.contains(&format!(
            "skipped {} item 2: not valid JSON: nested more than 128 levels deep (the bound on \
             nesting)",
            f.display()
        )),
        "{stderr}"
    );
}

#[test]
fn an_input_over_the_article_bound_is_cut_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "many.jsonl",
        "{\"text\":\"One line.\"}\n".repeat(50_002).as_bytes(),
    );
    // The reader's path (stdout is not a terminal): it loads, names what it skipped, stops.
    let out = parallax().arg(&f).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "skipped {}: holds 50002 articles; only the first 50000 are read (the bound on \
             articles per input)",
            f.display()
        )),
        "{stderr}"
    );
}

#[test]
fn folders_nested_past_the_bound_are_named_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "top.txt", GOOD.as_bytes());
    let mut deep = dir.path().to_path_buf();
    for _ in 0..34 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    write(&deep, "bottom.txt", b"A story at the bottom of the well.\n");
    let (out, json, stderr) = report(&[dir.path().as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(articles(&json).len(), 1, "{stderr}");
    // The walk starts at depth 0: the folder 33 levels down is the first not followed.
    let first_unfollowed = (0..33).fold(dir.path().to_path_buf(), |p, _| p.join("d"));
    assert!(
        stderr.contains(&format!(
            "skipped {}: nested deeper than 32 directories; not followed",
            first_unfollowed.display()
        )),
        "{stderr}"
    );
}

// ---- 8, 9, 10: names, repeats, walks ----

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_loads_and_is_shown_safely() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let odd = dir.path().join(name);
    std::fs::write(&odd, GOOD).unwrap();
    let good = write(
        dir.path(),
        "other.txt",
        b"A second article arrived on Tuesday.\n",
    );
    let (out, json, stderr) = report(&[odd.as_os_str(), good.as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    let paths: Vec<String> = articles(&json)
        .iter()
        .map(|a| a["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(paths[0].ends_with("caf\u{FFFD}.txt"), "{paths:?}");
}

#[test]
fn the_same_file_given_twice_or_by_a_symlink_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", GOOD.as_bytes());
    let (_, json, stderr) = report(&[a.as_os_str(), a.as_os_str()]);
    assert_eq!(articles(&json).len(), 1);
    assert!(
        stderr.contains(&format!(
            "skipped {}: already loaded (given twice); read once",
            a.display()
        )),
        "{stderr}"
    );
    #[cfg(unix)]
    {
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&a, &link).unwrap();
        let (_, json, stderr) = report(&[a.as_os_str(), link.as_os_str()]);
        assert_eq!(articles(&json).len(), 1);
        assert!(
            stderr.contains(&format!(
                "already loaded as {} (the same file)",
                a.display()
            )),
            "{stderr}"
        );
    }
    // Standard input named twice is read once.
    let out = parallax()
        .args(["report", "-", "-"])
        .write_stdin(GOOD)
        .output()
        .unwrap();
    let json: Option<Value> = serde_json::from_slice(&out.stdout).ok();
    assert_eq!(articles(&json).len(), 1);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("skipped -: already loaded (given twice)")
    );
    // A folder named twice: its articles count once, one message for the folder.
    let d = dir.path().as_os_str();
    let (_, json, stderr) = report(&[d, d]);
    assert_eq!(articles(&json).len(), 1, "{stderr}");
    assert!(stderr.contains("already loaded (given twice)"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_in_a_folder_is_named_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", GOOD.as_bytes());
    let link = dir.path().join("gone.txt");
    std::os::unix::fs::symlink(dir.path().join("deleted.txt"), &link).unwrap();
    let (out, json, stderr) = report(&[dir.path().as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(articles(&json).len(), 1);
    assert!(
        stderr.contains(&format!(
            "skipped {}: a symbolic link whose target is missing",
            link.display()
        )),
        "{stderr}"
    );
}

/// Whether this process runs as root (the owner of a file it creates), where permissions stop
/// no read and a test of unreadable inputs must run its child as another user.
#[cfg(unix)]
fn running_as_root(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = write(dir, ".owner-probe", b"");
    let root = std::fs::metadata(&probe).unwrap().uid() == 0;
    std::fs::remove_file(probe).unwrap();
    root
}

/// `parallax report ARGS` run as a user whom permissions bind: as root (CI runs as root), the
/// child drops to nobody (65534) through util-linux's `setpriv`, running a link to the binary
/// placed in `dir` (which is opened to every user) so that nobody can reach it.
#[cfg(unix)]
fn report_unprivileged(dir: &Path, args: &[&std::ffi::OsStr]) -> (Output, Option<Value>, String) {
    use std::os::unix::fs::PermissionsExt;
    let out = if running_as_root(dir) {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin = dir.join("parallax-bin");
        let built = assert_cmd::cargo::cargo_bin("parallax");
        // (Never copied over an earlier link: that would empty the built binary itself.)
        if !bin.exists() && std::fs::hard_link(&built, &bin).is_err() {
            std::fs::copy(&built, &bin).unwrap();
        }
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&bin)
            .arg("report")
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("setpriv (util-linux) runs the child as nobody when the tests run as root")
    } else {
        parallax().arg("report").args(args).output().unwrap()
    };
    let json = serde_json::from_slice(&out.stdout).ok();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, json, stderr)
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_searched_is_named_not_called_empty() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", GOOD.as_bytes());
    let sub = dir.path().join("locked");
    std::fs::create_dir(&sub).unwrap();
    write(&sub, "story.txt", b"A story nobody may read.\n");
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (out, json, stderr) = report_unprivileged(dir.path(), &[dir.path().as_os_str()]);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "skipped {}: cannot list directory: Permission denied",
            sub.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("holds no articles"), "{stderr}");
    assert_eq!(texts(&json), [GOOD]);
    // Named alone, the locked folder is named for what it is, not as empty.
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (out, _, stderr) = report_unprivileged(dir.path(), &[sub.as_os_str()]);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!("skipped {}: cannot list directory", sub.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("holds no articles"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_read_is_named_and_the_rest_loads() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD.as_bytes());
    let locked = write(dir.path(), "locked.txt", b"A story nobody may read.\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (out, json, stderr) =
        report_unprivileged(dir.path(), &[locked.as_os_str(), good.as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "skipped {}: cannot open it: Permission denied",
            locked.display()
        )),
        "{stderr}"
    );
    assert_eq!(texts(&json), [GOOD]);
}

// ---- 12: JSON ----

#[test]
fn a_lone_surrogate_and_a_huge_number_cost_only_their_items() {
    let dir = tempfile::tempdir().unwrap();
    let json = format!(
        r#"[{{"text":"{GOOD}"}}, {{"text":"Bad \ud800 escape."}}, {{"text":"Big.","n":{}}}, {{"text":"A third article arrived."}}]"#,
        "7".repeat(100_000)
    )
    .replace('\n', " ");
    let f = write(dir.path(), "items.json", json.as_bytes());
    let (out, json, stderr) = report(&[f.as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(articles(&json).len(), 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "skipped {} item 2: not valid JSON: a bad \\u escape",
            f.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "skipped {} item 3: not valid JSON: a number too large",
            f.display()
        )),
        "{stderr}"
    );
}

// ---- 13: closed stdout ----

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_an_error_and_a_closed_pipe_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", GOOD.as_bytes());
    let bin = assert_cmd::cargo::cargo_bin("parallax");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" report \"$1\" >&-")
        .arg(&bin)
        .arg(&a)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("standard output is closed"), "{stderr}");

    // A reader that goes away early (`| head -c1`) is fine.
    let mut child = std::process::Command::new(&bin)
        .args(["report".as_ref(), a.as_os_str()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- 14: sentences and control bytes ----

#[test]
fn a_lower_case_month_abbreviation_keeps_its_sentence_whole() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "bank.txt",
        b"The bank collapsed on mar. 10 as depositors rushed to withdraw. Regulators stepped in.\n",
    );
    let (_, json, _) = report(&[f.as_os_str()]);
    let sentences = articles(&json)[0]["sentences"].as_array().unwrap().clone();
    assert_eq!(
        sentences[0]["text"],
        "The bank collapsed on mar. 10 as depositors rushed to withdraw."
    );
}

/// Every string in a JSON value, recursively.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        Value::Object(o) => o.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn the_report_carries_no_control_character_but_line_breaks_and_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "Red \x1b[31mALERT\x1b[0m in the \u{9b}2J capital.\r\nTitle\x1b]0;pwned\x07 set.\tTabbed.\x7f\n";
    let a = write(dir.path(), "a.txt", hostile.as_bytes());
    let b = write(
        dir.path(),
        "b.html",
        page(&format!("{STORY} &#x9b;31m &#27;[2J")).as_bytes(),
    );
    let (out, json, stderr) = report(&[a.as_os_str(), b.as_os_str()]);
    assert!(out.status.success(), "{stderr}");
    let mut all = Vec::new();
    strings(json.as_ref().unwrap(), &mut all);
    for s in &all {
        assert!(
            !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
            "a control character in the report: {s:?}"
        );
    }
    assert!(texts(&json)[0].contains("Red ^[[31mALERT^[[0m in the <9B>2J capital.\nTitle"));
}

// ---- 15: legacy encodings ----

#[test]
fn an_undeclared_windows_1251_page_reads_as_cyrillic_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let html = page(
        "Путин заявил, что войска покинут страну в течение недели. Президент Токаев \
         поблагодарил союзников за помощь.",
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&html);
    let f = write(dir.path(), "ru.html", &bytes);
    let (_, json, stderr) = report(&[f.as_os_str()]);
    let a = &articles(&json)[0];
    assert!(
        a["text"].as_str().unwrap().contains("Путин заявил"),
        "{stderr}"
    );
    assert!(
        a["notices"].to_string().contains("read as windows-1251"),
        "{a}"
    );
}

// ---- fuzzing: a fixed budget of mutated inputs through every loader ----

/// A small seeded generator (xorshift), so every run sees the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that have broken parsers before: markup, escapes, encodings, controls.
const TOKENS: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<p>",
    b"<script>",
    b"<!--",
    b"<![CDATA[",
    b"&#x9b;",
    b"&#0;",
    b"&#xD800;",
    b"\\ud800",
    b"\\u",
    b"\"",
    b"{\"text\":\"",
    b"[",
    b"]",
    b"\x1b[2J",
    b"\xc2\x9b",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\r",
    b"\n\n",
    b"\t",
    b"\0",
    b"mar. 10",
    b"\xe2\x80\x9c",
    b"\xe2\x80\x9d",
    b"'",
    b"<?xml version=\"1.0\" encoding=\"utf-16\"?>",
    b"<rss><channel><item><description>",
    b"---\ntitle: x\n---\n",
    b"# ",
    b"\xd0\x9f",
    b"\xcf",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, t.iter().copied());
            }
            1 if at < bytes.len() => bytes[at] = rng.next() as u8,
            2 => bytes.truncate(at),
            3 if at < bytes.len() => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let times = 1 + rng.below(200);
                let run: Vec<u8> = t.repeat(times);
                bytes.splice(at..at, run);
            }
        }
    }
    bytes
}

/// Mutated inputs of every format, each read with detection and with every `--input-format`:
/// never a panic, and every loaded text and sentence free of control characters. The budget is
/// `PARALLAX_FUZZ_CASES` (default 300 per seed) so a longer run is one variable away.
#[test]
fn mutated_inputs_of_every_format_load_or_are_refused_cleanly() {
    use parallax::corpus::formats::{self, Format};
    use parallax::corpus::{Article, sanitize};
    let cases: usize = std::env::var("PARALLAX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("a.txt", GOOD.as_bytes().to_vec()),
        ("a.html", page(&format!("{STORY} “We will rebuild,” Mayor Lee said.")).into_bytes()),
        (
            "a.rss",
            format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title><item><title>One</title><description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item></channel></rss>").into_bytes(),
        ),
        (
            "a.atom",
            format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>W</title><entry><title>E</title><content type=\"html\">{STORY}</content></entry></feed>").into_bytes(),
        ),
        ("a.json", format!(r#"[{{"title":"T","text":"{STORY}"}},{{"text":"Two."}}]"#).into_bytes()),
        ("a.jsonl", format!("{{\"text\":\"{STORY}\"}}\n{{\"text\":\"Two.\"}}\n").into_bytes()),
        ("a.md", format!("---\ntitle: T\n---\n# Head\n\n{STORY} *bold* [link](x)\n").into_bytes()),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut loaded = 0usize;
    for (name, seed) in &seeds {
        for _ in 0..cases {
            let input = mutate(&mut rng, seed);
            let hints = [None, Some(Format::ALL[rng.below(Format::ALL.len())])];
            for hint in hints {
                let Ok(parsed) = formats::parse(name, input.clone(), hint, None) else {
                    continue;
                };
                for doc in parsed.documents {
                    assert!(
                        !doc.text
                            .chars()
                            .any(|c| c.is_control() && c != '\n' && c != '\t'),
                        "control character left in {name}: {:?}",
                        doc.text
                    );
                    let article = Article::from_document(doc);
                    for s in &article.sentences {
                        assert!(sanitize::is_safe(&s.text), "{:?}", s.text);
                    }
                    loaded += 1;
                }
            }
        }
    }
    assert!(loaded > cases, "most mutated inputs still load ({loaded})");
}

/// A server that trickles its page a byte at a time never holds a URL past the timeout; kept
/// short here through the library, as the binary's bound is 10 s.
#[test]
fn a_trickling_server_is_cut_off_by_the_whole_transfer_timeout() {
    use parallax::corpus::read::{FetchOptions, fetch};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        read_request(&stream);
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n",
        );
        for _ in 0..100_000 {
            if stream.write_all(b"x").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let opts = FetchOptions {
        timeout: Duration::from_millis(600),
        ..FetchOptions::default()
    };
    let err = fetch(&format!("http://{addr}/slow"), &opts).unwrap_err();
    assert!(
        err.starts_with("no complete answer within 0.6 s (the bound on one URL's whole transfer)"),
        "{err}"
    );
}
