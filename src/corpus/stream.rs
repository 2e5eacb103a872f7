//! `parallax search` on a large plain-text file, read in blocks through a few reused buffers:
//! a fresh buffer for the whole file costs more in first touches of its pages than the search
//! itself, and the copy of a block out of the page cache is cheap while it is still in the
//! CPU's caches. Each block (cut after a line break) is decoded, cleaned, split into lines and
//! surveyed as [`Article::for_query`](super::Article::for_query) surveys a whole text, on all
//! cores while the next blocks are read; of its text only the paragraphs the query or the
//! article-wide rules can need are kept. The article then comes out as `for_query` makes it:
//! the same sentences, numbers and flags. Anything else (another format or encoding, a byte
//! that is not UTF-8, blank lines between paragraphs, a footer rule that needs every
//! paragraph) gives `None`, and the file is read whole.

use std::collections::VecDeque;
use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use super::formats::{self, Format};
use super::partial::{self, ParagraphFilter, Pass, QueryArticle, Ranges, Survey};
use super::split::{self, BlankSeparators, Blanks};
use super::{Document, read, sanitize};

/// Files from this size are streamed; below it, reading the file whole costs little.
pub const STREAM_FROM: u64 = 8 << 20;

/// Bytes read per block (each then ends after its last line break; a longer line grows it).
const BLOCK: usize = 256 << 10;

/// Paragraphs with something to show kept at the start of every block: those the title, date
/// and source rules read at the top of the article (`partial::HEAD_SENTENCES`, each at least
/// one sentence) and the one after them.
const EDGE_HEAD: usize = 13;

/// Such paragraphs kept at the end of every block: those the trailing rules read at the
/// bottom (at most `partial::TAIL_SENTENCES`, each at least one sentence) and the one before.
const EDGE_TAIL: usize = 10;

/// Analyses the file at `path` for a search as
/// [`Article::for_query`](super::Article::for_query) analyses its text, reading it in blocks;
/// `None` when it is not a plain-text file of at least [`STREAM_FROM`] bytes (and at most
/// `cap`) that can be read so: the caller then reads it whole.
pub fn for_query<F: ParagraphFilter>(
    path: &Path,
    origin: &str,
    cap: u64,
    hint: Option<Format>,
    filter: &F,
) -> Option<QueryArticle> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() < STREAM_FROM || meta.len() > cap {
        return None;
    }
    stream(File::open(path).ok()?, origin, cap, hint, filter, BLOCK)
}

/// [`for_query`] on an open file, in blocks of `block` bytes.
fn stream<F: ParagraphFilter>(
    file: File,
    origin: &str,
    cap: u64,
    hint: Option<Format>,
    filter: &F,
    block: usize,
) -> Option<QueryArticle> {
    let mut blocks = Blocks {
        // The file may grow while it is read: never past the cap.
        file: file.take(cap.saturating_add(1)),
        block,
        carry: Vec::new(),
        end: false,
    };
    let head = blocks.next(Vec::new()).ok()??;
    if !is_plain_text(origin, &head, hint) {
        return None;
    }
    let gathered = survey_blocks(&mut blocks, head, filter)?;
    if blocks.file.limit() == 0 {
        // Over the cap: reading it whole says so.
        return None;
    }
    let Gathered {
        survey,
        heads,
        text,
        kept,
    } = gathered;
    let paragraphs = survey.paragraphs();
    if paragraphs < partial::PARTIAL_FROM || u32::try_from(paragraphs).is_err() {
        return None;
    }
    let doc = Document {
        origin: origin.to_string(),
        ..Document::default()
    };
    partial::finish(doc, Arc::new(text), Ranges::Kept(kept), survey, &heads).ok()
}

/// Reads the rest of `blocks` (the first one being `head`) ahead while one worker per core
/// surveys each block, and joins the surveys in order; `None` when a block is not UTF-8,
/// blank lines separate paragraphs, or reading fails.
fn survey_blocks<F: ParagraphFilter>(
    blocks: &mut Blocks,
    head: Vec<u8>,
    filter: &F,
) -> Option<Gathered> {
    let workers = rayon::current_num_threads().max(1);
    let mut gathered = Gathered::default();
    // Blocks to survey go out on one channel, to whichever worker is free; surveys come back
    // on another, with the buffer to read into again.
    let (work, jobs) = mpsc::channel::<(usize, Vec<u8>)>();
    let jobs = Mutex::new(jobs);
    let (back, results) = mpsc::channel();
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        // Both ends owned here: the workers see the end of the work when this returns.
        let (work, results) = (work, results);
        for _ in 0..workers {
            let (jobs, back, stop) = (&jobs, back.clone(), &stop);
            scope.spawn(move || {
                // Its own scratch, kept from block to block: it remembers the verdicts.
                let mut state = F::State::default();
                loop {
                    let job = jobs
                        .lock()
                        .map_err(drop)
                        .and_then(|j| j.recv().map_err(drop));
                    let Ok((k, mut bytes)) = job else { break };
                    let chunk = if stop.load(Ordering::Relaxed) {
                        None
                    } else {
                        survey_block(&mut bytes, filter, &mut state)
                    };
                    if back.send((k, chunk, bytes)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(back);
        // Read ahead while buffers are free, and join the surveys in order as they come.
        let most = 2 * workers + 2;
        let (mut sent, mut joined, mut buffers) = (1, 0, 1);
        let mut spare: Vec<Vec<u8>> = Vec::new();
        // Surveys come back in any order: those after one still out wait here.
        let mut waiting: VecDeque<Option<Chunk>> = VecDeque::new();
        let mut separators = BlankSeparators::default();
        let give_up = |stop: &AtomicBool| {
            stop.store(true, Ordering::Relaxed);
            None
        };
        if work.send((0, head)).is_err() {
            return None;
        }
        loop {
            while !blocks.end && (!spare.is_empty() || buffers < most) {
                let bytes = spare.pop().unwrap_or_else(|| {
                    buffers += 1;
                    Vec::new()
                });
                match blocks.next(bytes) {
                    Ok(Some(bytes)) => {
                        if work.send((sent, bytes)).is_err() {
                            return give_up(&stop);
                        }
                        sent += 1;
                    }
                    Ok(None) => {}
                    Err(_) => return give_up(&stop),
                }
            }
            if joined == sent {
                return Some(());
            }
            let Ok((k, chunk, bytes)) = results.recv() else {
                return give_up(&stop);
            };
            spare.push(bytes);
            if waiting.len() <= k - joined {
                waiting.resize_with(k - joined + 1, || None);
            }
            let Some(chunk) = chunk else {
                // Not UTF-8 (or given up on).
                return give_up(&stop);
            };
            waiting[k - joined] = Some(chunk);
            while let Some(Some(_)) = waiting.front() {
                let chunk = waiting.pop_front().flatten().expect("checked");
                // Blank lines between paragraphs are seen early (most such texts show one
                // in their first lines): the rest is not read for nothing.
                if separators.follow(chunk.blanks) {
                    return give_up(&stop);
                }
                gathered.take(chunk);
                joined += 1;
            }
        }
    })?;
    // (The workers have ended with the scope: its channels are gone.)
    Some(gathered)
}

/// The blocks' surveys joined, in order, numbered in the whole article.
#[derive(Default)]
struct Gathered {
    /// The article's survey, the headings' spans in `heads`.
    survey: Survey,
    /// The headings' text.
    heads: String,
    /// The text of the paragraphs kept.
    text: String,
    /// The paragraphs kept, with their ranges in `text`.
    kept: Vec<(usize, Range<usize>)>,
}

impl Gathered {
    /// Joins the survey of the next block.
    fn take(&mut self, chunk: Chunk) {
        let base = self.survey.paragraphs();
        self.survey.add(chunk.pass, self.heads.len());
        self.heads.push_str(&chunk.heads);
        let shift = self.text.len();
        self.kept.extend(
            chunk
                .retained
                .into_iter()
                .map(|(p, r)| (base + p as usize, r.start + shift..r.end + shift)),
        );
        self.text.push_str(&chunk.kept);
    }
}

/// Whether a file whose first block is `head` is read as plain UTF-8 text, as
/// `formats::parse` would read it: no byte-order mark, not binary, and plain text by
/// `hint` or by what its start and name show.
fn is_plain_text(origin: &str, head: &[u8], hint: Option<Format>) -> bool {
    !head.starts_with(b"\xEF\xBB\xBF")
        && !formats::encoding::is_utf16(head, None)
        && read::binary_reason(head).is_none()
        && hint.unwrap_or_else(|| formats::detect(origin, head, None)) == Format::Text
}

/// A file read in blocks, each ending after a line break (the last at the file's end).
struct Blocks {
    file: std::io::Take<File>,
    /// Bytes read per block.
    block: usize,
    /// What followed the last line break of the block before.
    carry: Vec<u8>,
    /// The file is read to its end.
    end: bool,
}

impl Blocks {
    /// The next block, read into `bytes` (whatever they held); `None` at the end.
    fn next(&mut self, mut bytes: Vec<u8>) -> std::io::Result<Option<Vec<u8>>> {
        if self.end {
            return Ok(None);
        }
        bytes.clear();
        bytes.append(&mut self.carry);
        loop {
            let got = (&mut self.file)
                .take(self.block as u64)
                .read_to_end(&mut bytes)?;
            if got < self.block {
                self.end = true;
                break;
            }
            if let Some(at) = memchr::memrchr(b'\n', &bytes) {
                self.carry.extend_from_slice(&bytes[at + 1..]);
                bytes.truncate(at + 1);
                break;
            }
            // A line longer than a block: read on.
        }
        Ok((!bytes.is_empty()).then_some(bytes))
    }
}

/// What the survey of one block keeps.
struct Chunk {
    /// The first pass over its paragraphs (numbered from 0 in the block), the headings'
    /// spans in `heads`.
    pass: Pass,
    /// The text of its headings.
    heads: String,
    /// The text of the paragraphs kept, each followed by a line break.
    kept: String,
    /// The paragraphs kept, with their ranges in `kept`.
    retained: Vec<(u32, Range<usize>)>,
    /// Where its blank lines lie.
    blanks: Blanks,
}

/// Surveys one block (its buffer handed back empty for the next); `None` when it is not UTF-8.
fn survey_block<F: ParagraphFilter>(
    bytes: &mut Vec<u8>,
    filter: &F,
    state: &mut F::State,
) -> Option<Chunk> {
    let mut text = match String::from_utf8(std::mem::take(bytes)) {
        Ok(text) => text,
        Err(e) => {
            *bytes = e.into_bytes();
            return None;
        }
    };
    // As `formats::parse` cleans a whole text: char by char, and a block never ends inside a
    // char or between a carriage return and its line feed.
    sanitize::clean_text(&mut text);
    let (paragraphs, blanks) = split::line_paragraphs(&text);
    let pass = partial::first_pass(&text, &paragraphs, filter, state);
    let shows = |p: usize| pass.counts[p] > 0;
    let present: Vec<usize> = (0..paragraphs.len()).filter(|&p| shows(p)).collect();
    let (mut kept, mut retained) = (String::new(), Vec::new());
    for (k, &p) in present.iter().enumerate() {
        // The query may match here or beside it; or the article's first or last paragraphs
        // (and their neighbours) may be here: those of a block's edges are kept.
        let near = |j: Option<&usize>| j.is_some_and(|&q| pass.keep[q]);
        if pass.keep[p]
            || near(k.checked_sub(1).map(|j| &present[j]))
            || near(present.get(k + 1))
            || k < EDGE_HEAD
            || k + EDGE_TAIL >= present.len()
        {
            let at = kept.len();
            kept.push_str(&text[paragraphs[p].clone()]);
            retained.push((p as u32, at..kept.len()));
            // What follows a paragraph in its text is white space too.
            kept.push('\n');
        }
    }
    let mut heads = String::new();
    let mut pass = pass;
    for (_, span, _) in &mut pass.headings {
        let at = heads.len();
        heads.push_str(&text[span.clone()]);
        *span = at..heads.len();
    }
    *bytes = text.into_bytes();
    bytes.clear();
    Some(Chunk {
        pass,
        heads,
        kept,
        retained,
        blanks,
    })
}

/// [`for_query`] on any file, whatever its size, in blocks of `block` bytes (for tests).
#[cfg(test)]
pub(crate) fn for_query_in_blocks<F: ParagraphFilter>(
    path: &Path,
    hint: Option<Format>,
    filter: &F,
    block: usize,
) -> Option<QueryArticle> {
    let origin = path.display().to_string();
    stream(
        File::open(path).ok()?,
        &origin,
        u64::MAX,
        hint,
        filter,
        block,
    )
}
