//! Loading inputs: paths, directories (their article files, recursively, sorted), `-`, URLs.
//! Bytes come from [`super::read`], text and metadata from [`super::formats`]. Every bad input
//! becomes a [`Skipped`] with its name and a reason; none stops the others. An input given twice
//! (the same file by another name, a symlink, a folder named twice) loads once and says so.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use super::formats::{self, Format, Parsed};
use super::read;
use super::sanitize::sanitize;
use super::{Article, Corpus, Document, LoadOptions, Skipped};

/// Deepest directory nesting followed (guards against symlink loops).
const MAX_DEPTH: usize = 32;

/// Most article files one directory walk picks up.
pub const MAX_FILES: usize = 100_000;

/// Reads and parses one input: `-` (stdin), an `http(s)://` URL, or a file path. `Err` says
/// why, without the input's name (the caller reports it).
pub fn load_input(input: &Path, hint: Option<Format>, max_bytes: u64) -> Result<Parsed, String> {
    let origin = input.display().to_string();
    let read = read::input(input, max_bytes)?;
    formats::parse(&origin, read.bytes, hint, read.content_type.as_deref())
}

/// What has been loaded so far, by file identity, so that nothing loads twice.
#[derive(Default)]
struct Seen {
    /// Canonical path -> the name it was first loaded under.
    files: HashMap<PathBuf, String>,
}

impl Seen {
    /// `None` the first time a file is met; else the name it was loaded under.
    fn first_name(&mut self, path: &Path) -> Option<String> {
        let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match self.files.get(&key) {
            Some(name) => Some(name.clone()),
            None => {
                self.files.insert(key, path.display().to_string());
                None
            }
        }
    }
}

/// Loads every input (files, directories, `-`, URLs); bad inputs are listed in `skipped`.
/// Paths are taken as the operating system gives them: a name that is not UTF-8 loads, and is
/// shown with its bad bytes replaced.
pub fn load<P: AsRef<OsStr>>(inputs: &[P], opts: &LoadOptions) -> Corpus {
    load_with(inputs, opts, &Article::from_document)
}

/// [`load`], each document analysed by `analyse` (`parallax search` analyses only what its
/// query can match).
pub fn load_with<P: AsRef<OsStr>>(
    inputs: &[P],
    opts: &LoadOptions,
    analyse: &(dyn Fn(Document) -> Article + Sync),
) -> Corpus {
    load_prepared(inputs, opts, analyse, &mut |_| {})
}

/// [`load_with`], the documents of all inputs handed to `prepare` before they are analysed
/// (`--expand` fetches the pages of summary-only feed items there).
pub fn load_prepared<P: AsRef<OsStr>>(
    inputs: &[P],
    opts: &LoadOptions,
    analyse: &(dyn Fn(Document) -> Article + Sync),
    prepare: &mut dyn FnMut(&mut Vec<Document>),
) -> Corpus {
    let mut corpus = Corpus::default();
    let mut docs: Vec<Document> = Vec::new();
    let mut seen = Seen::default();
    // Folders, URLs and `-` by name (folders canonical), to read each once.
    let mut seen_dirs: HashMap<PathBuf, String> = HashMap::new();
    for input in inputs {
        let path = Path::new(input.as_ref());
        let name = path.display().to_string();
        let as_str = path.to_str();
        if as_str == Some("-") || as_str.is_some_and(read::is_url) {
            if seen_dirs.insert(path.to_path_buf(), name.clone()).is_some() {
                skip(&mut corpus, &name, already_loaded(&name, &name));
                continue;
            }
            // Stdin and URLs: read, then parsed by content (and by content type for URLs).
            match load_input(path, opts.format, opts.max_bytes) {
                Ok(parsed) => take(parsed, &mut docs, &mut corpus.skipped),
                Err(reason) => skip(&mut corpus, &name, reason),
            }
            continue;
        }
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let reason = if fs::symlink_metadata(path).is_ok() {
                    "a symbolic link whose target is missing"
                } else {
                    "no such file or directory"
                };
                skip(&mut corpus, &name, reason.into());
                continue;
            }
            Err(e) => {
                skip(&mut corpus, &name, format!("cannot read it: {e}"));
                continue;
            }
        };
        if meta.is_dir() {
            let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            if let Some(first) = seen_dirs.get(&key) {
                skip(&mut corpus, &name, already_loaded(first, &name));
                continue;
            }
            seen_dirs.insert(key, name.clone());
            let mut files = Vec::new();
            let problems_before = corpus.skipped.len();
            walk(path, 0, &mut files, &mut corpus.skipped);
            files.sort();
            if files.len() > MAX_FILES {
                skip(
                    &mut corpus,
                    &name,
                    format!(
                        "holds {} article files; only the first {MAX_FILES} (in path order) are read",
                        files.len()
                    ),
                );
                files.truncate(MAX_FILES);
            }
            let walk_problems = corpus.skipped.len() > problems_before;
            if files.is_empty() {
                let reason = if walk_problems {
                    "no article file could be reached in this directory (see the messages above)"
                } else {
                    "directory holds no articles (.txt, .md, .html, .json or feed files)"
                };
                skip(&mut corpus, &name, reason.into());
                continue;
            }
            let before = docs.len();
            let skipped_before = corpus.skipped.len();
            for file in files {
                load_file(&file, opts, &mut seen, &mut docs, &mut corpus.skipped);
            }
            let all_repeats = corpus.skipped[skipped_before..]
                .iter()
                .all(|s| s.reason.starts_with("already loaded"));
            if docs.len() == before && !all_repeats {
                skip(
                    &mut corpus,
                    &name,
                    "no article in this directory could be loaded".into(),
                );
            }
        } else {
            load_file(path, opts, &mut seen, &mut docs, &mut corpus.skipped);
        }
    }
    prepare(&mut docs);
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

fn already_loaded(first: &str, name: &str) -> String {
    if first == name {
        "already loaded (given twice); read once".into()
    } else {
        format!("already loaded as {first} (the same file); read once")
    }
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

/// Collects article files under `dir`, recursively, naming on the way every entry that could
/// not be followed (a symlink to nothing, a folder that cannot be listed or searched).
fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    let note = |skipped: &mut Vec<Skipped>, path: &Path, reason: String| {
        skipped.push(self::skipped(&path.display().to_string(), reason));
    };
    if depth > MAX_DEPTH {
        note(
            skipped,
            dir,
            format!("nested deeper than {MAX_DEPTH} directories; not followed"),
        );
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            note(skipped, dir, format!("cannot list directory: {e}"));
            return;
        }
    };
    // In name order, so that the messages come in the same order on every run.
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => note(
                skipped,
                dir,
                format!("cannot list all of the directory: {e}"),
            ),
        }
    }
    paths.sort();
    for path in paths {
        // Follow symlinks: metadata of the target.
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                let dangling = e.kind() == std::io::ErrorKind::NotFound
                    && fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                if dangling && formats::is_article_file(&path) {
                    note(
                        skipped,
                        &path,
                        "a symbolic link whose target is missing".into(),
                    );
                } else if !dangling {
                    note(skipped, &path, format!("cannot read it: {e}"));
                }
                continue;
            }
        };
        if meta.is_dir() {
            walk(&path, depth + 1, files, skipped);
        } else if formats::is_article_file(&path) {
            files.push(path);
        }
    }
}

/// Reads one file, unless it was loaded already under this or another name.
fn load_file(
    path: &Path,
    opts: &LoadOptions,
    seen: &mut Seen,
    docs: &mut Vec<Document>,
    skipped: &mut Vec<Skipped>,
) {
    let origin = path.display().to_string();
    if let Some(first) = seen.first_name(path) {
        skipped.push(self::skipped(&origin, already_loaded(&first, &origin)));
        return;
    }
    match read::read_file(path, opts.max_bytes)
        .and_then(|bytes| formats::parse(&origin, bytes, opts.format, None))
    {
        Ok(parsed) => take(parsed, docs, skipped),
        Err(reason) => skipped.push(self::skipped(&origin, reason)),
    }
}

/// Keeps what one input yielded: its documents, and its unreadable items (feed items, JSON lines).
fn take(parsed: Parsed, docs: &mut Vec<Document>, skipped: &mut Vec<Skipped>) {
    docs.extend(parsed.documents);
    skipped.extend(
        parsed
            .skipped
            .into_iter()
            .map(|s| self::skipped(&s.origin, s.reason)),
    );
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
        let docs = formats::document_from_bytes("x.txt", bytes).unwrap();
        assert_eq!(docs[0].text, "Hello there.");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let docs = formats::document_from_bytes("x.txt", b"\xEF\xBB\xBFTitle".to_vec()).unwrap();
        assert_eq!(docs[0].text, "Title");
    }

    #[test]
    fn ansi_coloured_text_is_not_binary() {
        let docs = formats::document_from_bytes("x.txt", b"\x1b[31mRed\x1b[0m text.".to_vec());
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
