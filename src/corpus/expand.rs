//! `--expand`: a feed item that carries only a summary gets its page's full text, fetched from
//! the item's link a few at a time, under the same caps as any URL. A failed fetch keeps the
//! summary and is named, with the item's title and link.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::Document;
use super::formats;
use super::read::{FetchOptions, fetch, is_url};
use super::sanitize::sanitize;

/// An item with fewer words than this, and a link, counts as summary-only: feed descriptions
/// run to a paragraph or two, news articles to several hundred words.
pub const SUMMARY_ONLY_WORDS: usize = 100;

/// Most links fetched at once, so that a long feed neither floods one site nor this machine.
pub const CONCURRENT_FETCHES: usize = 4;

/// Whether `doc` is an item of a feed (or of a JSON list) carrying only a summary: its origin
/// names an item inside an input (`feed.xml#3`), it links to a page, and its text is under
/// [`SUMMARY_ONLY_WORDS`] words.
pub fn is_summary_only(doc: &Document) -> bool {
    let item = doc
        .origin
        .rsplit_once('#')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    item && doc.url.is_some() && doc.text.split_whitespace().count() < SUMMARY_ONLY_WORDS
}

/// One item whose page could not replace its summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The item's title (terminal-safe), or its origin when it has none.
    pub title: String,
    /// The link that was tried (terminal-safe).
    pub url: String,
    /// Why, in a reader's words (terminal-safe).
    pub reason: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "item \u{201c}{}\u{201d} ({}): {}; kept the summary",
            self.title, self.url, self.reason
        )
    }
}

/// What expansion is doing, as it goes: for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<'a> {
    /// `total` summary-only items are about to be fetched.
    Started {
        /// Items to fetch.
        total: usize,
    },
    /// One more item is done (expanded or failed).
    Done {
        /// Items done so far.
        done: usize,
        /// Items to fetch in all.
        total: usize,
        /// Set when this one failed.
        failure: Option<&'a Failure>,
    },
}

/// What expansion did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// Summary-only items found.
    pub tried: usize,
    /// Items whose summary was replaced by their page's text.
    pub expanded: usize,
    /// Items that kept their summary, each with the reason.
    pub failures: Vec<Failure>,
}

/// Fetches the page of every summary-only item in `docs` ([`is_summary_only`]), at most
/// [`CONCURRENT_FETCHES`] at once, and puts the page's text in place of the summary. The feed's
/// title, outlet and date stay (the page's date fills in a missing one). A failed item keeps its
/// summary, gains a notice on its pane, and is listed in the result. `progress` hears of every
/// item as it finishes, on the calling thread.
pub fn expand(
    docs: &mut [Document],
    opts: &FetchOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Expansion {
    let jobs: Vec<(usize, String)> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| is_summary_only(d))
        .filter_map(|(i, d)| d.url.clone().map(|u| (i, u)))
        .collect();
    let mut result = Expansion {
        tried: jobs.len(),
        ..Expansion::default()
    };
    if jobs.is_empty() {
        return result;
    }
    progress(Progress::Started { total: jobs.len() });
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Result<Document, String>)>();
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENT_FETCHES.min(jobs.len()) {
            let tx = tx.clone();
            let (jobs, next) = (&jobs, &next);
            scope.spawn(move || {
                while let Some((doc, url)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if tx.send((*doc, page(url, opts))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        for (done, (i, fetched)) in rx.iter().enumerate() {
            let failure = match fetched.and_then(|page| replace_summary(&mut docs[i], page)) {
                Ok(()) => {
                    result.expanded += 1;
                    None
                }
                Err(reason) => {
                    let doc = &mut docs[i];
                    let failure = Failure {
                        title: sanitize(doc.title.as_deref().unwrap_or(&doc.origin)),
                        url: sanitize(doc.url.as_deref().unwrap_or_default()),
                        reason: sanitize(&reason),
                    };
                    doc.notices.push(format!(
                        "the feed gave only a summary, kept because fetching the page failed: {}",
                        failure.reason
                    ));
                    result.failures.push(failure);
                    result.failures.last()
                }
            };
            progress(Progress::Done {
                done: done + 1,
                total: jobs.len(),
                failure,
            });
        }
    });
    result
}

/// Fetches and reads one item's page.
fn page(url: &str, opts: &FetchOptions) -> Result<Document, String> {
    if !is_url(url) {
        return Err("the link is not an http(s) URL".into());
    }
    let fetched = fetch(url, opts)?;
    let parsed = formats::parse(url, fetched.bytes, None, fetched.content_type.as_deref())?;
    parsed
        .documents
        .into_iter()
        .max_by_key(|d| d.text.len())
        .ok_or_else(|| "the page holds no article".into())
}

/// Puts the page's text in place of the item's summary, unless the page says less.
fn replace_summary(doc: &mut Document, page: Document) -> Result<(), String> {
    let words = |t: &str| t.split_whitespace().count();
    if words(&page.text) <= words(&doc.text) {
        return Err("the page holds no more text than the summary".into());
    }
    doc.text = page.text;
    doc.notices.extend(page.notices);
    if doc.date.is_none() {
        doc.date = page.date;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(origin: &str, url: Option<&str>, words: usize) -> Document {
        Document {
            origin: origin.into(),
            title: Some("Ferry capsizes".into()),
            url: url.map(Into::into),
            text: "word ".repeat(words),
            ..Document::default()
        }
    }

    #[test]
    fn only_short_linked_items_count_as_summaries() {
        assert!(is_summary_only(&item("f.xml#2", Some("http://a/1"), 30)));
        assert!(!is_summary_only(&item("f.xml#2", Some("http://a/1"), 400)));
        assert!(!is_summary_only(&item("f.xml#2", None, 30)));
        // A page loaded by itself is not a feed item.
        assert!(!is_summary_only(&item(
            "http://a/1",
            Some("http://a/1"),
            30
        )));
    }

    #[test]
    fn a_link_that_is_not_http_keeps_the_summary_and_is_named() {
        let mut docs = vec![item("f.xml#1", Some("file:///etc/passwd"), 10)];
        let mut heard = Vec::new();
        let got = expand(&mut docs, &FetchOptions::default(), &mut |p| {
            heard.push(format!("{p:?}"))
        });
        assert_eq!(got.tried, 1);
        assert_eq!(got.expanded, 0);
        assert_eq!(
            got.failures[0].to_string(),
            "item \u{201c}Ferry capsizes\u{201d} (file:///etc/passwd): the link is not an \
             http(s) URL; kept the summary"
        );
        assert_eq!(docs[0].text, "word ".repeat(10));
        assert!(docs[0].notices[0].contains("kept because fetching the page failed"));
        assert_eq!(heard.len(), 2, "{heard:?}");
    }

    #[test]
    fn a_shorter_page_does_not_replace_the_summary() {
        let mut doc = item("f.xml#1", Some("http://a/1"), 10);
        let page = Document {
            text: "Three words only.".into(),
            ..Document::default()
        };
        assert!(replace_summary(&mut doc, page).is_err());
        let page = Document {
            text: "long ".repeat(50),
            date: Some("2024-03-04".into()),
            ..Document::default()
        };
        replace_summary(&mut doc, page).unwrap();
        assert_eq!(doc.text, "long ".repeat(50));
        assert_eq!(doc.date.as_deref(), Some("2024-03-04"));
    }
}
