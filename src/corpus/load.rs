//! Loading inputs: paths, directories (their article files, recursively, sorted), `-`, URLs.
//! Bytes come from [`super::read`], text and metadata from [`super::formats`]. Every bad input
//! becomes a [`Skipped`] with its name and a reason; none stops the others. An input given twice
//! (the same file by another name, a symlink, a folder named twice) loads once and says so.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::budget;
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
    /// The file's identity -> the name it was first loaded under.
    files: HashMap<FileId, String>,
}

/// Which file a path names: its device and inode where the system gives them (read from the
/// `stat` the folder walk makes anyway, where a canonical path takes a look at every component
/// of the path: 2.2 ms for the 982 ECB+ files, before any file could be read), else its
/// canonical path.
#[derive(Debug, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

impl FileId {
    /// The identity of the file at `path`, whose metadata (symbolic links followed) is `meta`.
    fn of(path: &Path, meta: &fs::Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            FileId::Inode(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId::Path(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
        }
    }
}

impl Seen {
    /// `None` the first time a file is met; else the name it was loaded under.
    fn first_name(&mut self, path: &Path, id: FileId) -> Option<String> {
        match self.files.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => Some(e.get().clone()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(path.display().to_string());
                None
            }
        }
    }
}

/// Loads every input (files, directories, `-`, URLs); bad inputs are listed in `skipped`.
/// Paths are taken as the operating system gives them: a name that is not UTF-8 loads, and is
/// shown with its bad bytes replaced.
pub fn load<P: AsRef<OsStr>>(inputs: &[P], opts: &LoadOptions) -> Corpus {
    load_with(inputs, opts, Article::from_document)
}

/// One step of loading, in the order its messages and articles come out.
enum Step {
    /// Nothing to read: only a message.
    Skip(Skipped),
    /// An input to read (its number among the reads).
    Read(usize),
    /// The end of a directory whose files are the steps from `from` on: if none of them gave
    /// an article, the directory is named too.
    DirEnd { name: String, from: usize },
}

/// One input to read: a file, or `-` or a URL (`file: false`).
struct Read {
    path: PathBuf,
    origin: String,
    file: bool,
}

/// What reading one input gave: how many documents its format yielded, their articles (each
/// with what was computed from it as it was read), and its unreadable items (feed items, JSON
/// lines).
struct Loaded<T> {
    documents: usize,
    articles: Vec<(Article, T)>,
    /// The documents left for the whole set's `prepare` step, unanalysed.
    unanalysed: Vec<Document>,
    skipped: Vec<Skipped>,
}

/// [`load`], each document analysed by `analyse` (`parallax search` analyses only what its
/// query can match). Inputs are read on as many threads as there are cores, each under the
/// bound on time per input (`opts.max_time`, see [`super::budget`]).
pub fn load_with<P, F>(inputs: &[P], opts: &LoadOptions, analyse: F) -> Corpus
where
    P: AsRef<OsStr>,
    F: Fn(Document) -> Article + Send + Sync + 'static,
{
    load_prepared(inputs, opts, analyse, None)
}

/// [`load_with`], where analysing a document gives its article and what else is made with it
/// (one per article, in order, beside the corpus). Each file is first offered to `stream`,
/// when given, which may read and analyse it itself.
pub fn load_each<P, T, F>(
    inputs: &[P],
    opts: &LoadOptions,
    analyse: F,
    stream: Option<Arc<Stream<T>>>,
) -> (Corpus, Vec<T>)
where
    P: AsRef<OsStr>,
    T: Send + 'static,
    F: Fn(Document) -> (Article, T) + Send + Sync + 'static,
{
    load_counted(inputs, opts, analyse, None, None, stream)
}

/// How `parallax search` reads a large file itself, in blocks (see [`super::stream`]): given
/// the file, its name as shown, the size cap and the `--input-format`, the article and what
/// else was made with it, or `None` to read the file the ordinary way.
pub type Stream<T> = dyn Fn(&Path, &str, u64, Option<Format>) -> Option<(Article, T)> + Send + Sync;

/// A step over all the loaded documents before they are analysed.
pub type Prepare<'a> = dyn FnMut(&mut Vec<Document>) + 'a;

/// How far a load has got, for a progress display while it runs: the inputs to read (known
/// once folders are walked), those read (or given up on), and the headlines of the first
/// articles read, in the order they were (so the display can show articles at once).
#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicUsize,
    done: AtomicUsize,
    /// Some input to read is not a file (a URL, stdin).
    not_files: AtomicBool,
    /// The first [`HEADS_KEPT`] articles read.
    heads: Mutex<Vec<Head>>,
    /// How many are in `heads` (read without the lock).
    heads_len: AtomicUsize,
}

/// How many articles' headlines a [`Progress`] keeps: more rows than a terminal has.
pub const HEADS_KEPT: usize = 200;

/// What a progress display shows of an article read: its title, source and date as loading
/// found them (terminal-safe, as all loaded text is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The article's title.
    pub title: String,
    /// Its outlet (or file name).
    pub source: String,
    /// Its date as written, when it has one.
    pub date: Option<String>,
}

impl Head {
    fn of(a: &Article) -> Head {
        Head {
            title: a.title.clone(),
            source: a.source.clone(),
            date: a.date.clone(),
        }
    }
}

/// What a [`Progress`] says at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Inputs read, or given up on.
    pub read: usize,
    /// Inputs to read: 0 until the folders are walked.
    pub total: usize,
    /// Every input is a file.
    pub files: bool,
}

impl Progress {
    /// How far the load has got now.
    pub fn get(&self) -> Counts {
        Counts {
            read: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            files: !self.not_files.load(Ordering::Relaxed),
        }
    }

    /// How many articles' headlines [`Progress::heads`] holds now.
    pub fn heads_len(&self) -> usize {
        self.heads_len.load(Ordering::Acquire)
    }

    /// The headlines of the first articles read (at most [`HEADS_KEPT`]), in the order read.
    pub fn heads(&self) -> Vec<Head> {
        self.heads.lock().map(|h| h.clone()).unwrap_or_default()
    }

    /// Notes the articles just read (their headlines, while fewer than [`HEADS_KEPT`] are kept).
    fn read<'a>(&self, articles: impl Iterator<Item = &'a Article>) {
        if self.heads_len() >= HEADS_KEPT {
            return;
        }
        if let Ok(mut heads) = self.heads.lock() {
            let room = HEADS_KEPT.saturating_sub(heads.len());
            heads.extend(articles.take(room).map(Head::of));
            self.heads_len.store(heads.len(), Ordering::Release);
        }
    }
}

/// [`load`], counting in `progress` the inputs read as they are.
pub fn load_counting<P: AsRef<OsStr>>(
    inputs: &[P],
    opts: &LoadOptions,
    progress: Arc<Progress>,
) -> Corpus {
    load_counting_with(inputs, opts, progress, |_| ()).0
}

/// [`load_counting`], with `also` computed from each article on the thread that read it, right
/// after it is read (the reader reads each article's terms for the grouping into stories
/// there, while other inputs are still loading). One result per article of the corpus, in
/// order.
pub fn load_counting_with<P, T, G>(
    inputs: &[P],
    opts: &LoadOptions,
    progress: Arc<Progress>,
    also: G,
) -> (Corpus, Vec<T>)
where
    P: AsRef<OsStr>,
    T: Send + 'static,
    G: Fn(&Article) -> T + Send + Sync + 'static,
{
    let analyse = move |doc: Document| {
        let article = Article::from_document(doc);
        let extra = also(&article);
        (article, extra)
    };
    load_counted(inputs, opts, analyse, None, Some(progress), None)
}

/// [`load_with`], the documents of all inputs handed to `prepare`, when given, before they are
/// analysed (`--expand` fetches the pages of summary-only feed items there). Reading and
/// parsing stay under the bound on time per input; with `prepare`, analysis runs after it, on
/// the whole set.
pub fn load_prepared<P, F>(
    inputs: &[P],
    opts: &LoadOptions,
    analyse: F,
    prepare: Option<&mut Prepare<'_>>,
) -> Corpus
where
    P: AsRef<OsStr>,
    F: Fn(Document) -> Article + Send + Sync + 'static,
{
    let analyse = move |doc| (analyse(doc), ());
    load_counted(inputs, opts, analyse, prepare, None, None).0
}

/// [`load_prepared`], counting the inputs read in `progress` when given; each document's
/// analysis gives its article and what else is computed from it there, returned beside the
/// corpus (one per article, in order).
fn load_counted<P, T, F>(
    inputs: &[P],
    opts: &LoadOptions,
    analyse: F,
    mut prepare: Option<&mut Prepare<'_>>,
    progress: Option<Arc<Progress>>,
    stream: Option<Arc<Stream<T>>>,
) -> (Corpus, Vec<T>)
where
    P: AsRef<OsStr>,
    T: Send + 'static,
    F: Fn(Document) -> (Article, T) + Send + Sync + 'static,
{
    let (steps, reads) = plan(inputs, MAX_FILES);
    if let Some(p) = &progress {
        p.not_files
            .store(reads.iter().any(|r| !r.file), Ordering::Relaxed);
        p.total.store(reads.len(), Ordering::Relaxed);
    }
    let (max_bytes, format) = (opts.max_bytes, opts.format);
    let analyse = Arc::new(analyse);
    let in_worker = prepare.is_none();
    let analyse_in_worker = Arc::clone(&analyse);
    let read_one = move |read: Read, clock: &budget::Clock| -> Result<Loaded<T>, String> {
        // A file's clock runs from the start (a hung disk is bounded too); standard input
        // waits for its writer, and a URL has its own bound on the whole transfer.
        let bytes = if read.file {
            clock.start();
            let streamed = stream
                .as_ref()
                .filter(|_| in_worker)
                .and_then(|stream| stream(&read.path, &read.origin, max_bytes, format));
            if let Some(done) = streamed {
                return Ok(Loaded {
                    documents: 1,
                    articles: vec![done],
                    unanalysed: Vec::new(),
                    skipped: Vec::new(),
                });
            }
            read::read_file(&read.path, max_bytes).map(|bytes| read::Bytes {
                bytes,
                content_type: None,
            })
        } else {
            let bytes = read::input(&read.path, max_bytes);
            clock.start();
            bytes
        }?;
        let parsed = formats::parse(
            &read.origin,
            bytes.bytes,
            format,
            bytes.content_type.as_deref(),
        )?;
        let documents = parsed.documents.len();
        let (articles, unanalysed) = if in_worker {
            (
                analyse_all(parsed.documents, &*analyse_in_worker),
                Vec::new(),
            )
        } else {
            (Vec::new(), parsed.documents)
        };
        Ok(Loaded {
            documents,
            articles,
            unanalysed,
            skipped: parsed.skipped,
        })
    };
    let work: budget::Work<Read, Result<Loaded<T>, String>> = Arc::new(move |read, clock| {
        let loaded = read_one(read, clock);
        if let Some(p) = &progress {
            if let Ok(l) = &loaded {
                p.read(l.articles.iter().map(|(a, _)| a));
            }
            p.done.fetch_add(1, Ordering::Relaxed);
        }
        loaded
    });
    let origins: Vec<String> = reads.iter().map(|r| r.origin.clone()).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failed = || Err(budget::FAILED.to_string());
    let mut results = budget::run_bounded(reads, opts.max_time, workers, work, failed);
    // Per read, the documents its format yielded (for the directory check below).
    let documents: Vec<usize> = results
        .iter()
        .map(|r| {
            r.as_ref()
                .and_then(|l| l.as_ref().ok())
                .map_or(0, |l| l.documents)
        })
        .collect();
    let mut corpus = Corpus::default();
    let mut extras = Vec::new();
    let mut unanalysed = Vec::new();
    for (at, step) in steps.iter().enumerate() {
        match step {
            Step::Skip(s) => corpus.skipped.push(s.clone()),
            Step::Read(r) => match results[*r].take() {
                None => skip(
                    &mut corpus,
                    &origins[*r],
                    budget::over_time(opts.max_time.unwrap_or_default()),
                ),
                Some(Err(reason)) => skip(&mut corpus, &origins[*r], reason),
                Some(Ok(loaded)) => {
                    corpus.skipped.extend(
                        loaded
                            .skipped
                            .into_iter()
                            .map(|s| self::skipped(&s.origin, s.reason)),
                    );
                    unanalysed.extend(loaded.unanalysed);
                    keep_readable(&mut corpus, &mut extras, loaded.articles);
                }
            },
            Step::DirEnd { name, from } => {
                // Its files gave no document, and not only because each was loaded already.
                let none = steps[*from..at].iter().all(|step| match step {
                    Step::Read(r) => documents[*r] == 0,
                    _ => true,
                });
                let all_repeats = steps[*from..at].iter().all(|step| match step {
                    Step::Skip(s) => s.reason.starts_with("already loaded"),
                    _ => false,
                });
                if none && !all_repeats {
                    skip(
                        &mut corpus,
                        name,
                        "no article in this directory could be loaded".into(),
                    );
                }
            }
        }
    }
    if let Some(prepare) = prepare.as_mut() {
        prepare(&mut unanalysed);
        let articles = analyse_all(unanalysed, &*analyse);
        keep_readable(&mut corpus, &mut extras, articles);
    }
    (corpus, extras)
}

/// Adds `articles` to the corpus; a file can hold bytes but no readable sentence (a lone "#",
/// only invisible characters): it is skipped like an empty file rather than shown as an empty
/// pane.
fn keep_readable<T>(corpus: &mut Corpus, extras: &mut Vec<T>, articles: Vec<(Article, T)>) {
    for (article, extra) in articles {
        if article.sentences.is_empty() {
            let origin = article.origin.clone();
            skip(corpus, &origin, "no readable text in it".into());
        } else {
            corpus.articles.push(article);
            extras.push(extra);
        }
    }
}
/// The steps of loading `inputs`, in order, and the inputs to read: directories walked (at most
/// `max_files` from each), every input given twice (by name, or the same file by another name)
/// named once and not read again.
fn plan<P: AsRef<OsStr>>(inputs: &[P], max_files: usize) -> (Vec<Step>, Vec<Read>) {
    let mut steps = Vec::new();
    let mut reads = Vec::new();
    let mut seen = Seen::default();
    // Folders, URLs and `-` by name (folders canonical), to read each once.
    let mut seen_dirs: HashMap<PathBuf, String> = HashMap::new();
    let note = |steps: &mut Vec<Step>, name: &str, reason: String| {
        steps.push(Step::Skip(skipped(name, reason)));
    };
    let mut read = |steps: &mut Vec<Step>, path: &Path, file: bool| {
        steps.push(Step::Read(reads.len()));
        reads.push(Read {
            path: path.to_path_buf(),
            origin: path.display().to_string(),
            file,
        });
    };
    for input in inputs {
        let path = Path::new(input.as_ref());
        let name = path.display().to_string();
        let as_str = path.to_str();
        if as_str == Some("-") || as_str.is_some_and(read::is_url) {
            if seen_dirs.insert(path.to_path_buf(), name.clone()).is_some() {
                note(&mut steps, &name, already_loaded(&name, &name));
            } else {
                // Stdin and URLs: read, then parsed by content (and by content type for URLs).
                read(&mut steps, path, false);
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
                note(&mut steps, &name, reason.into());
                continue;
            }
            Err(e) => {
                note(&mut steps, &name, format!("cannot read it: {e}"));
                continue;
            }
        };
        if !meta.is_dir() {
            match seen.first_name(path, FileId::of(path, &meta)) {
                Some(first) => note(&mut steps, &name, already_loaded(&first, &name)),
                None => read(&mut steps, path, true),
            }
            continue;
        }
        let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(first) = seen_dirs.get(&key) {
            note(&mut steps, &name, already_loaded(first, &name));
            continue;
        }
        seen_dirs.insert(key, name.clone());
        let mut files = Vec::new();
        let mut problems = Vec::new();
        walk(path, 0, &mut files, &mut problems);
        let walk_problems = !problems.is_empty();
        steps.extend(problems.into_iter().map(Step::Skip));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        if files.len() > max_files {
            note(
                &mut steps,
                &name,
                format!(
                    "holds {} article files; only the first {max_files} (in path order) are read \
                     (the bound on files per folder)",
                    files.len()
                ),
            );
            files.truncate(max_files);
        }
        if files.is_empty() {
            let reason = if walk_problems {
                "no article file could be reached in this directory (see the messages above)"
            } else {
                "directory holds no articles (.txt, .md, .html, .json or feed files)"
            };
            note(&mut steps, &name, reason.into());
            continue;
        }
        let from = steps.len();
        for (file, id) in files {
            match seen.first_name(&file, id) {
                Some(first) => {
                    let origin = file.display().to_string();
                    note(&mut steps, &origin, already_loaded(&first, &origin));
                }
                None => read(&mut steps, &file, true),
            }
        }
        steps.push(Step::DirEnd { name, from });
    }
    (steps, reads)
}

fn already_loaded(first: &str, name: &str) -> String {
    if first == name {
        "already loaded (given twice); read once".into()
    } else {
        format!("already loaded as {first} (the same file); read once")
    }
}

/// Analyses documents, in parallel when there are many; stops early once the input has been
/// given up on (over the bound on time per input: nothing of it is kept).
fn analyse_all<A: Send>(docs: Vec<Document>, analyse: &(dyn Fn(Document) -> A + Sync)) -> Vec<A> {
    use rayon::prelude::*;
    let cancel = budget::current();
    if docs.len() >= 64 {
        docs.into_par_iter()
            .filter_map(|doc| (!cancel.is_set()).then(|| analyse(doc)))
            .collect()
    } else {
        docs.into_iter()
            .take_while(|_| !cancel.is_set())
            .map(analyse)
            .collect()
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
fn walk(dir: &Path, depth: usize, files: &mut Vec<(PathBuf, FileId)>, skipped: &mut Vec<Skipped>) {
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
            let id = FileId::of(&path, &meta);
            files.push((path, id));
        }
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
    fn what_is_computed_as_each_article_loads_stays_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.txt"), "First article here.").unwrap();
        fs::write(d.join("b.txt"), "#\n").unwrap();
        fs::write(d.join("c.txt"), "Third article, longer than the first.").unwrap();
        fs::write(d.join("d.bin"), [0u8, 1, 2, 0, 0, 0]).unwrap();
        let (c, origins) = load_counting_with(
            &[d.display().to_string()],
            &LoadOptions::default(),
            Arc::default(),
            |a| a.origin.clone(),
        );
        let loaded: Vec<&String> = c.articles.iter().map(|a| &a.origin).collect();
        assert_eq!(loaded.len(), 2, "the unreadable file is skipped");
        assert_eq!(origins.iter().collect::<Vec<_>>(), loaded);
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

    #[cfg(unix)]
    #[test]
    fn one_file_under_two_names_loads_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.txt"), "Alpha says one thing.").unwrap();
        // A hard link and a symbolic link: the same file as far as a reader is concerned.
        fs::hard_link(d.join("a.txt"), d.join("b.txt")).unwrap();
        std::os::unix::fs::symlink(d.join("a.txt"), d.join("c.txt")).unwrap();
        fs::write(d.join("d.txt"), "Delta says another.").unwrap();
        let c = load_paths(&[d], 1000);
        assert_eq!(c.articles.len(), 2, "{:?}", c.skipped);
        let reasons: Vec<String> = c
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.origin, s.reason))
            .collect();
        let a = d.join("a.txt").display().to_string();
        assert_eq!(
            reasons,
            [
                format!(
                    "{}: already loaded as {a} (the same file); read once",
                    d.join("b.txt").display()
                ),
                format!(
                    "{}: already loaded as {a} (the same file); read once",
                    d.join("c.txt").display()
                ),
            ]
        );
    }
    #[test]
    fn a_folder_over_the_file_bound_is_cut_in_path_order_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["c.txt", "a.txt", "b.txt"] {
            fs::write(dir.path().join(name), "Text.").unwrap();
        }
        let (steps, reads) = plan(&[dir.path()], 2);
        let read: Vec<&str> = reads
            .iter()
            .map(|r| &r.origin[r.origin.len() - 5..])
            .collect();
        assert_eq!(read, ["a.txt", "b.txt"]);
        let Step::Skip(s) = &steps[0] else {
            panic!("the folder is named first")
        };
        assert_eq!(
            s.reason,
            "holds 3 article files; only the first 2 (in path order) are read (the bound on files \
             per folder)"
        );
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
            // Running as root: permissions do not stop reads. tests/hostile.rs runs the binary
            // as nobody for this case, so it is tested as root too.
            return;
        }
        let c = load_paths(&[&f], 1000);
        assert!(reason_for(&c, "locked.txt").starts_with("cannot open it"));
    }
}
