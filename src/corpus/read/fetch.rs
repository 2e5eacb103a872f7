//! Fetching `http://` and `https://` inputs (ureq, rustls): a timeout, a size cap, a limit on
//! redirects, and one clear message per URL that fails.

use std::time::Duration;

/// Limits for one fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// For the whole exchange, from connecting to the last byte.
    pub timeout: Duration,
    /// Bodies larger than this are refused.
    pub max_bytes: u64,
    /// At most this many redirects are followed.
    pub max_redirects: u32,
}

/// Default time allowed for one fetch.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default limit on redirects.
pub const DEFAULT_MAX_REDIRECTS: u32 = 5;

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: DEFAULT_TIMEOUT,
            max_bytes: crate::corpus::DEFAULT_MAX_BYTES,
            max_redirects: DEFAULT_MAX_REDIRECTS,
        }
    }
}

/// A fetched body and the `Content-Type` the server sent with it.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The body, undecoded.
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, when sent.
    pub content_type: Option<String>,
}

/// Whether an input names a URL to fetch rather than a path.
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `url`. The size cap holds on the bytes after content decoding (gzip, deflate,
/// brotli), so a small compressed bomb is stopped at the cap; the timeout covers the whole
/// exchange, redirects and body included. The error says what went wrong in a reader's words
/// (the caller names the URL).
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Fetched, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(opts.max_redirects)
        .http_status_as_error(true)
        .user_agent(concat!("parallax/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header("Accept-Encoding", "gzip, deflate, br")
        .call()
        .map_err(|e| describe(&e, opts))?;
    let status = response.status();
    if status.is_informational() {
        return Err(format!(
            "the server answered only with an interim response (HTTP {}), never with the page",
            status.as_u16()
        ));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_string())
    };
    let content_type = header("content-type");
    let content_encoding = header("content-encoding")
        .map(|e| e.to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e != "identity");
    // The compressed bytes are capped too, so a slow trickle cannot grow past the cap either.
    let reader = response
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .reader();
    let bytes = match content_encoding.as_deref() {
        Some(enc @ ("gzip" | "x-gzip")) => read_decoded(
            flate2::read::MultiGzDecoder::new(reader),
            enc.trim_start_matches("x-"),
            opts,
        )?,
        Some("br") => read_decoded(
            brotli_decompressor::Decompressor::new(reader, 1 << 14),
            "brotli",
            opts,
        )?,
        Some("deflate") => {
            let mut reader = std::io::BufReader::new(reader);
            let zlib = std::io::BufRead::fill_buf(&mut reader)
                .map(is_zlib_header)
                .map_err(|e| describe_io(&e, opts))?;
            if zlib {
                read_decoded(flate2::bufread::ZlibDecoder::new(reader), "deflate", opts)?
            } else {
                read_decoded(
                    flate2::bufread::DeflateDecoder::new(reader),
                    "deflate",
                    opts,
                )?
            }
        }
        Some(other) => {
            return Err(format!(
                "the server compressed the page as {other:?}, which parallax cannot read"
            ));
        }
        None => read_decoded(reader, "", opts)?,
    };
    if bytes.is_empty() {
        return Err("the server sent an empty page".into());
    }
    Ok(Fetched {
        bytes,
        content_type,
    })
}

/// Whether a deflate body starts with a zlib header (RFC 1950) rather than raw deflate, which
/// some servers send instead.
fn is_zlib_header(head: &[u8]) -> bool {
    match head {
        [cmf, flg, ..] => cmf & 0x0F == 8 && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// Reads a (decoded) body, refusing more than the cap of decoded bytes.
fn read_decoded(
    reader: impl std::io::Read,
    encoding: &str,
    opts: &FetchOptions,
) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(&e, opts))?;
    if bytes.len() as u64 > opts.max_bytes {
        let unpacked = if encoding.is_empty() {
            String::new()
        } else {
            format!(" once decompressed ({encoding})")
        };
        return Err(format!(
            "larger than the {} size cap{unpacked}; raise it with --max-size",
            crate::corpus::read::human_size(opts.max_bytes)
        ));
    }
    Ok(bytes)
}

/// An error met while reading a body: ureq's own errors arrive wrapped in `io::Error`.
fn describe_io(err: &std::io::Error, opts: &FetchOptions) -> String {
    if let Some(inner) = err.get_ref().and_then(|e| e.downcast_ref::<ureq::Error>()) {
        return describe(inner, opts);
    }
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            "the connection closed before the whole page arrived (the server sent fewer bytes \
             than it announced)"
                .into()
        }
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
            format!("the page could not be decompressed ({err})")
        }
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => timed_out(opts),
        _ => format!("reading the page failed: {err}"),
    }
}

fn timed_out(opts: &FetchOptions) -> String {
    format!(
        "no complete answer within {:.1} s (the bound on one URL's whole transfer)",
        opts.timeout.as_secs_f64()
    )
}

fn describe(err: &ureq::Error, opts: &FetchOptions) -> String {
    match err {
        ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
        ureq::Error::Timeout(_) => timed_out(opts),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::ConnectionFailed => "could not connect".into(),
        ureq::Error::TooManyRedirects => format!(
            "more than {} redirects (the bound on redirects)",
            opts.max_redirects
        ),
        ureq::Error::BodyExceedsLimit(_) => format!(
            "larger than the {} size cap; raise it with --max-size",
            crate::corpus::read::human_size(opts.max_bytes)
        ),
        ureq::Error::LargeResponseHeader(_, limit) => format!(
            "the server's headers are larger than {}, the bound on headers",
            crate::corpus::read::human_size(*limit as u64)
        ),
        ureq::Error::BadUri(u) => format!("not a valid URL: {u}"),
        ureq::Error::Protocol(e) => format!("the server's answer is not valid HTTP ({e})"),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused".into()
        }
        ureq::Error::Io(e) => describe_io(e, opts),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// Serves the given raw HTTP responses, one per connection, on a local port.
    fn serve(responses: Vec<String>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for response in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let _ = stream.write_all(response.as_bytes());
            }
        });
        format!("http://{addr}")
    }

    fn ok(body: &str, content_type: &str) -> String {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    }

    #[test]
    fn fetches_body_and_content_type_following_a_redirect() {
        let base = serve(vec![
            "HTTP/1.1 302 Found\r\nLocation: /article\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
            ok("<p>Hello.</p>", "text/html; charset=utf-8"),
        ]);
        let got = fetch(&format!("{base}/start"), &FetchOptions::default()).unwrap();
        assert_eq!(got.bytes, b"<p>Hello.</p>");
        assert_eq!(
            got.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
    }

    #[test]
    fn too_many_redirects_too_large_and_errors_are_explained() {
        let hop = "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string();
        let base = serve(vec![hop.clone(), hop.clone(), hop]);
        let opts = FetchOptions {
            max_redirects: 1,
            ..FetchOptions::default()
        };
        assert!(fetch(&base, &opts).unwrap_err().contains("redirects"));

        let base = serve(vec![ok(&"x".repeat(100), "text/html")]);
        let opts = FetchOptions {
            max_bytes: 10,
            ..FetchOptions::default()
        };
        assert!(fetch(&base, &opts).unwrap_err().contains("size cap"));

        let base = serve(vec![
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
        ]);
        assert_eq!(
            fetch(&base, &FetchOptions::default()).unwrap_err(),
            "the server answered HTTP 404"
        );
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            // Accept and hold the connection without answering until the test is over.
            let _held = listener.accept();
            let _ = done_rx.recv();
        });
        let opts = FetchOptions {
            timeout: Duration::from_millis(300),
            ..FetchOptions::default()
        };
        let err = fetch(&format!("http://{addr}/"), &opts).unwrap_err();
        drop(done_tx);
        assert!(err.starts_with("no complete answer within 0.3 s"), "{err}");
    }

    #[test]
    fn a_closed_port_is_refused() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = fetch(
            &format!("http://127.0.0.1:{port}/"),
            &FetchOptions::default(),
        )
        .unwrap_err();
        assert!(err.contains("refused") || err.contains("connect"), "{err}");
    }

    #[test]
    fn urls_are_recognised() {
        assert!(is_url("https://example.com/a"));
        assert!(is_url("HTTP://example.com"));
        assert!(!is_url("http.txt"));
        assert!(!is_url("-"));
    }
}
