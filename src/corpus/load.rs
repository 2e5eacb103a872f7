//! Reading inputs: paths, directories (their article files, recursively, sorted), `-`, URLs.
//! Every bad input becomes a [`Skipped`] with its name and a reason; none stops the others.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::sanitize::sanitize;
use super::{Article, Corpus, Document, LoadOptions, Skipped, formats};

/// Deepest directory nesting followed (guards against symlink loops).
const MAX_DEPTH: usize = 32;

/// Bytes inspected to tell text from binary.
const SNIFF_BYTES: usize = 8192;

/// Loads every input (files, directories, `-`); bad inputs are listed in `skipped`.
pub fn load(inputs: &[String], opts: &LoadOptions) -> Corpus {
    load_with(inputs, opts, &Article::from_document)
}

/// [`load`], each document analysed by `analyse` (`parallax search` analyses only what its
/// query can match).
pub fn load_with(
    inputs: &[String],
    opts: &LoadOptions,
    analyse: &(dyn Fn(Document) -> Article + Sync),
) -> Corpus {
    let mut corpus = Corpus::default();
    let mut docs: Vec<Document> = Vec::new();
    for input in inputs {
        if input == "-" || formats::is_url(input) {
            // Stdin and URLs: read, then parsed by content (and by content type for URLs).
            match formats::load_input(input, opts.format, opts.max_bytes) {
                Ok(parsed) => take(parsed, &mut docs, &mut corpus.skipped),
                Err(reason) => skip(&mut corpus, input, reason),
            }
            continue;
        }
        let path = Path::new(input);
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                skip(&mut corpus, input, "no such file or directory".into());
                continue;
            }
            Err(e) => {
                skip(&mut corpus, input, format!("cannot read it: {e}"));
                continue;
            }
        };
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(path, 0, &mut files, &mut corpus.skipped);
            files.sort();
            if files.is_empty() {
                skip(
                    &mut corpus,
                    input,
                    "directory holds no articles (.txt, .md, .html, .json or feed files)".into(),
                );
            }
            let before = docs.len();
            for file in files {
                load_file(&file, opts, &mut docs, &mut corpus.skipped);
            }
            if docs.len() == before && !corpus.skipped.iter().any(|s| s.origin == sanitize(input)) {
                skip(
                    &mut corpus,
                    input,
                    "no article in this directory could be loaded".into(),
                );
            }
        } else {
            load_file(path, opts, &mut docs, &mut corpus.skipped);
        }
    }
    // A file can hold bytes but no readable sentence (a lone "#", only invisible characters):
    // it is skipped like an empty file rather than shown as an empty pane.
    for article in analyse_all(docs, analyse) {
        if article.sentences.is_empty() {
            skip(
                &mut corpus,
                &article.origin,
                "no readable text in it".into(),
            );
        } else {
            corpus.articles.push(article);
        }
    }
    corpus
}

/// Analyses documents, in parallel when there are many.
fn analyse_all(
    docs: Vec<Document>,
    analyse: &(dyn Fn(Document) -> Article + Sync),
) -> Vec<Article> {
    use rayon::prelude::*;
    if docs.len() >= 64 {
        docs.into_par_iter().map(analyse).collect()
    } else {
        docs.into_iter().map(analyse).collect()
    }
}

fn skip(corpus: &mut Corpus, origin: &str, reason: String) {
    corpus.skipped.push(skipped(origin, reason));
}

/// A skipped input, its name and reason made terminal-safe (file names can hold escapes).
fn skipped(origin: &str, reason: String) -> Skipped {
    Skipped {
        origin: sanitize(origin),
        reason: sanitize(&reason),
    }
}

/// Collects article files under `dir`, recursively.
fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    if depth > MAX_DEPTH {
        skipped.push(self::skipped(
            &dir.display().to_string(),
            format!("nested deeper than {MAX_DEPTH} directories; not followed"),
        ));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            skipped.push(self::skipped(
                &dir.display().to_string(),
                format!("cannot list directory: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // Follow symlinks: metadata of the target.
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, depth + 1, files, skipped);
        } else if formats::is_article_file(&path) {
            files.push(path);
        }
    }
}

/// Reads one file, checking its size before reading it.
fn load_file(
    path: &Path,
    opts: &LoadOptions,
    docs: &mut Vec<Document>,
    skipped: &mut Vec<Skipped>,
) {
    let origin = path.display().to_string();
    match read_capped(path, opts.max_bytes)
        .and_then(|b| formats::parse(&origin, &b, opts.format, None))
    {
        Ok(parsed) => take(parsed, docs, skipped),
        Err(reason) => skipped.push(self::skipped(&origin, reason)),
    }
}

/// Keeps what one input yielded: its documents, and its unreadable items (feed items, JSON lines).
fn take(parsed: formats::Parsed, docs: &mut Vec<Document>, skipped: &mut Vec<Skipped>) {
    docs.extend(parsed.documents);
    skipped.extend(
        parsed
            .skipped
            .into_iter()
            .map(|s| self::skipped(&s.origin, s.reason)),
    );
}

fn too_large(size: u64, cap: u64) -> String {
    format!(
        "too large ({}, over the {} cap; raise it with --max-size)",
        human_size(size),
        human_size(cap)
    )
}

/// "20.0 MB", "512 KB", "37 bytes".
pub fn human_size(n: u64) -> String {
    const K: u64 = 1024;
    if n >= K * K {
        format!("{:.1} MB", n as f64 / (K * K) as f64)
    } else if n >= K {
        format!("{:.1} KB", n as f64 / K as f64)
    } else {
        format!("{n} bytes")
    }
}

/// Reads a file of at most `cap` bytes, checking its size before reading it.
pub(crate) fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > cap {
        return Err(too_large(meta.len(), cap));
    }
    let file = fs::File::open(path).map_err(|e| format!("cannot open it: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the check and the read: never read past the cap.
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// Reads all of stdin, refusing more than `cap` bytes.
pub(crate) fn read_stdin(cap: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "too large (over the {} cap; raise it with --max-size)",
            human_size(cap)
        ));
    }
    Ok(bytes)
}

/// Why bytes are not text, if they are not.
pub(crate) fn binary_reason(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Some("looks binary (holds NUL bytes), not an article");
    }
    // Control bytes other than tab, line breaks, form feed and ESC are rare in text.
    let odd = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if odd * 10 > head.len() {
        return Some("looks binary (mostly control bytes), not an article");
    }
    None
}

/// Decodes UTF-8, replacing each run of invalid bytes with U+FFFD; returns the text and how many places were replaced.
fn decode_utf8(bytes: Vec<u8>) -> (String, usize) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, 0),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut out = String::with_capacity(bytes.len());
            let mut bad = 0;
            let mut in_run = false;
            for chunk in bytes.utf8_chunks() {
                if !chunk.valid().is_empty() {
                    in_run = false;
                }
                out.push_str(chunk.valid());
                // A run of bad bytes is one place and one replacement character.
                if !chunk.invalid().is_empty() && !in_run {
                    out.push('\u{FFFD}');
                    bad += 1;
                    in_run = true;
                }
            }
            (out, bad)
        }
    }
}

/// Turns the bytes of a plain-text input into its document: UTF-8 with invalid bytes replaced
/// (and a notice), a UTF-16 byte-order mark honoured, binary refused. [`super::formats::parse`]
/// calls it for plain text; other formats decode by their own declarations. Errors are reasons
/// in a reader's words.
pub fn document_from_bytes(origin: &str, bytes: Vec<u8>) -> Result<Vec<Document>, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    let mut notices = Vec::new();
    let text = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc == encoding_rs::UTF_8 {
            let (text, bad) = decode_utf8(bytes[bom..].to_vec());
            if bad > 0 {
                notices.push(invalid_notice(bad));
            }
            text
        } else {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
            if had_errors {
                notices.push(format!("invalid {} replaced", enc.name()));
            }
            text.into_owned()
        }
    } else {
        if let Some(reason) = binary_reason(&bytes) {
            return Err(reason.into());
        }
        let (text, bad) = decode_utf8(bytes);
        if bad > 0 {
            notices.push(invalid_notice(bad));
        }
        text
    };
    if text.trim().is_empty() {
        return Err("holds only whitespace".into());
    }
    Ok(vec![Document {
        origin: origin.to_string(),
        text,
        notices,
        ..Document::default()
    }])
}

fn invalid_notice(places: usize) -> String {
    if places == 1 {
        "invalid UTF-8 replaced at 1 place".into()
    } else {
        format!("invalid UTF-8 replaced at {places} places")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_paths(paths: &[&Path], max: u64) -> Corpus {
        let inputs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        load(
            &inputs,
            &LoadOptions {
                max_bytes: max,
                ..LoadOptions::default()
            },
        )
    }

    fn reason_for<'a>(c: &'a Corpus, name: &str) -> &'a str {
        &c.skipped
            .iter()
            .find(|s| s.origin.ends_with(name))
            .unwrap_or_else(|| panic!("{name} not skipped: {:?}", c.skipped))
            .reason
    }

    #[test]
    fn bad_files_are_skipped_with_reasons_and_good_ones_load() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("good.txt"), "A sentence here. Another one.").unwrap();
        fs::write(d.join("empty.txt"), "").unwrap();
        fs::write(d.join("blank.txt"), " \n\u{a0}\n\t").unwrap();
        fs::write(d.join("bin.txt"), [0x7f, b'E', b'L', b'F', 0, 0, 1, 2]).unwrap();
        fs::write(d.join("big.txt"), "x".repeat(2000)).unwrap();
        let c = load_paths(
            &[
                &d.join("good.txt"),
                &d.join("empty.txt"),
                &d.join("blank.txt"),
                &d.join("bin.txt"),
                &d.join("big.txt"),
                &d.join("missing.txt"),
            ],
            1000,
        );
        assert_eq!(c.articles.len(), 1);
        assert_eq!(c.articles[0].sentences.len(), 2);
        assert_eq!(reason_for(&c, "empty.txt"), "empty file");
        assert_eq!(reason_for(&c, "blank.txt"), "holds only whitespace");
        assert!(reason_for(&c, "bin.txt").contains("binary"));
        let big = reason_for(&c, "big.txt");
        assert!(big.contains("2.0 KB") && big.contains("1000 bytes") && big.contains("--max-size"));
        assert_eq!(reason_for(&c, "missing.txt"), "no such file or directory");
    }

    #[test]
    fn invalid_utf8_loads_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("latin1.txt");
        fs::write(&f, b"Caf\xe9 opens. Na\xefve \xff\xfe plan.").unwrap();
        let c = load_paths(&[&f], 1000);
        assert!(c.skipped.is_empty());
        let a = &c.articles[0];
        assert_eq!(a.notices, ["invalid UTF-8 replaced at 3 places"]);
        assert_eq!(a.sentences[0].text, "Caf\u{FFFD} opens.");
    }

    #[test]
    fn a_file_with_no_readable_sentence_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("hash.txt"), "#\n").unwrap();
        fs::write(d.join("zw.txt"), "\u{200b}\u{200b}\n").unwrap();
        fs::write(d.join("good.txt"), "A real sentence.").unwrap();
        let c = load_paths(&[d], 1000);
        assert_eq!(c.articles.len(), 1);
        assert_eq!(reason_for(&c, "hash.txt"), "no readable text in it");
        assert_eq!(reason_for(&c, "zw.txt"), "no readable text in it");
    }

    #[test]
    fn the_largest_size_cap_does_not_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        fs::write(&f, "One sentence here.").unwrap();
        let c = load_paths(&[&f], u64::MAX);
        assert_eq!(c.articles.len(), 1, "{:?}", c.skipped);
    }

    #[test]
    fn directories_are_walked_recursively_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/deeper")).unwrap();
        fs::write(d.join("b/deeper/z.md"), "# Zed\n\nText.").unwrap();
        fs::write(d.join("a.txt"), "Alpha.").unwrap();
        fs::write(d.join("b/c.TXT"), "Gamma.").unwrap();
        fs::write(d.join("b/notes.pdf"), "not an article").unwrap();
        let c = load_paths(&[d], 1000);
        let firsts: Vec<&str> = c
            .articles
            .iter()
            .map(|a| a.sentences[0].text.as_str())
            .collect();
        assert_eq!(firsts, ["Alpha.", "Gamma.", "Zed"]);
        assert!(c.skipped.is_empty());
    }

    #[test]
    fn a_directory_without_articles_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("image.png"), [0x89, b'P', b'N', b'G']).unwrap();
        let c = load_paths(&[dir.path()], 1000);
        assert!(c.articles.is_empty());
        assert!(reason_for(&c, &dir.path().display().to_string()).contains("no articles"));
    }

    #[test]
    fn a_directory_whose_files_all_fail_says_so() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("e.txt"), "").unwrap();
        let c = load_paths(&[dir.path()], 1000);
        assert_eq!(c.skipped.len(), 2);
        assert!(reason_for(&c, &dir.path().display().to_string()).contains("could be loaded"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Hello there.".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let docs = document_from_bytes("x.txt", bytes).unwrap();
        assert_eq!(docs[0].text, "Hello there.");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let docs = document_from_bytes("x.txt", b"\xEF\xBB\xBFTitle".to_vec()).unwrap();
        assert_eq!(docs[0].text, "Title");
    }

    #[test]
    fn ansi_coloured_text_is_not_binary() {
        let docs = document_from_bytes("x.txt", b"\x1b[31mRed\x1b[0m text.".to_vec());
        assert!(docs.is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_files_are_skipped() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("locked.txt");
        fs::write(&f, "Secret.").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&f).is_ok() {
            // Running as root: permissions do not stop reads; nothing to test.
            return;
        }
        let c = load_paths(&[&f], 1000);
        assert!(reason_for(&c, "locked.txt").starts_with("cannot open it"));
    }
}
