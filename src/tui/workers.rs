//! The reader's background work, one owner per job (claims, search index, search), all
//! reporting through one [`Message`] channel that the runtime also feeds with terminal events.
//!
//! Interactive work (the index and every search) runs on its own thread pool, so a keystroke's
//! search answers while the claims engine keeps rayon's global pool busy.

use std::collections::VecDeque;
use std::io;
use std::ops::Range;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::Event;

use crate::claims::Analysis;
use crate::corpus::{Article, Corpus, SentenceRef};
use crate::search::{Index, Searcher, panic_message};
use crate::stories::{ArticleTerms, StoryOptions};
use crate::tui::action::{Action, Effect, Shared};
use crate::tui::runtime::Loaded;
use crate::tui::search::{SEARCH_LIMIT, SearchRequest};

/// What reaches the runtime's loop: terminal input, signals and workers' results.
#[derive(Debug)]
pub enum Message {
    /// A terminal event, to be turned into an action by the keymap in the current mode.
    Event(Event),
    /// Reading input failed.
    InputError(io::Error),
    /// A signal arrived (its number).
    Signal(i32),
    /// The claims worker's progress or result, as an action.
    Claims(Action),
    /// The search index is built.
    IndexReady(Arc<Index>),
    /// Building the search index failed (panicked): why.
    IndexFailed(String),
    /// The searcher has an update.
    SearchUpdate,
    /// The inputs are loaded (the reader opens before they are).
    Loaded(Box<Loaded>),
    /// The first part of a big input, shown while the whole loads.
    Preview(Box<Corpus>),
}

impl Message {
    /// One line for the log (the findings and the index are summarised, not dumped).
    pub fn summary(&self) -> String {
        match self {
            Message::Event(e) => format!("event {e:?}"),
            Message::InputError(e) => format!("input error {e}"),
            Message::Signal(n) => format!("signal {n}"),
            Message::Claims(Action::ClaimsReady(Shared(f))) => {
                format!("claims ready: {} claims", f.analysis.claims.len())
            }
            Message::Claims(Action::StoriesReady(Shared(s))) => {
                format!("stories ready: {} stories", s.len())
            }
            Message::Claims(Action::StoryAnalysed { story, findings }) => format!(
                "story {story} analysed: {} claims",
                findings.0.analysis.claims.len()
            ),
            Message::Claims(a) => format!("claims {a:?}"),
            Message::IndexReady(_) => "index ready".into(),
            Message::IndexFailed(why) => format!("index failed: {why}"),
            Message::SearchUpdate => "search update".into(),
            Message::Loaded(c) => format!("loaded {} articles", c.corpus.articles.len()),
            Message::Preview(c) => format!("a preview of {} articles", c.articles.len()),
        }
    }
}

/// The claims engine's result with what the claims view shows of it, computed off the UI thread.
#[derive(Debug)]
pub struct Findings {
    /// The analysis.
    pub analysis: Arc<Analysis>,
    /// Per claim: the members the claims view shows, by index into its members, the
    /// representative first (see [`crate::claims::Claim::versions`]); only those linked to
    /// another member, so the grouping never shows a version no link supports. Each member's
    /// words the representative lacks are marked, as the report marks them.
    claims: Vec<Versions>,
    /// Per claim: the members that say the same as the representative as wholes (linked and
    /// marked [`crate::claims::Link::same`]), by index into its members, in order.
    same: Vec<Vec<usize>>,
    /// The quotes view: quotes by speaker, their variants' differing words marked.
    pub quotes: crate::tui::quotes::QuoteView,
}

impl Findings {
    /// Wraps an analysis, diffing every claim's versions against its representative.
    pub fn new(articles: &[Article], analysis: Analysis) -> Findings {
        let text = |at: SentenceRef| {
            articles
                .get(at.article)
                .and_then(|a| a.sentences.get(at.sentence))
                .map_or("", |s| s.text.as_str())
        };
        let claims = analysis
            .claims
            .iter()
            .map(|c| {
                let texts: Vec<&str> = c.members.iter().map(|&m| text(m)).collect();
                let base = c.members.iter().position(|&m| m == c.representative);
                let shown = c
                    .versions()
                    .filter(|&(_, m)| {
                        analysis
                            .linked_to(m)
                            .any(|(other, _)| other != m && c.members.contains(&other))
                    })
                    .map(|(k, _)| k)
                    .collect();
                Versions::new(&texts, base, shown)
            })
            .collect();
        let same = analysis
            .claims
            .iter()
            .map(|c| {
                (0..c.members.len())
                    .filter(|&k| {
                        let m = c.members[k];
                        m != c.representative && analysis.says_same(c.representative, m)
                    })
                    .collect()
            })
            .collect();
        Findings {
            quotes: crate::tui::quotes::QuoteView::new(&analysis),
            analysis: Arc::new(analysis),
            claims,
            same,
        }
    }

    /// The versions of claim `claim` the claims view shows, in order, by index into its
    /// members: each is linked to at least one other member.
    pub fn shown(&self, claim: usize) -> &[usize] {
        self.claims.get(claim).map_or(&[], Versions::shown)
    }

    /// True when member `member` of claim `claim` says the same as its representative as a
    /// whole.
    pub fn same_as_first(&self, claim: usize, member: usize) -> bool {
        self.same
            .get(claim)
            .is_some_and(|s| s.binary_search(&member).is_ok())
    }

    /// The words of member `member` of claim `claim` that its representative lacks.
    pub fn marks(&self, claim: usize, member: usize) -> &[Range<usize>] {
        self.claims.get(claim).map_or(&[], |v| v.marks(member))
    }
}

/// What a list view shows of one group of versions (a claim's members, a quote's variants):
/// which versions, in order, and in each the words the group's base version lacks. Computed
/// once, off the UI thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Versions {
    /// The versions shown, in order, by index.
    shown: Vec<usize>,
    /// Per version: byte ranges of the words the base lacks (none for the base itself).
    marks: Vec<Vec<Range<usize>>>,
}

impl Versions {
    /// The versions of `texts` to show (`shown`, by index), each diffed against `base` (none
    /// when there is no base).
    pub fn new(texts: &[&str], base: Option<usize>, shown: Vec<usize>) -> Versions {
        let base_text = base.and_then(|b| texts.get(b)).copied().unwrap_or("");
        let marks = texts
            .iter()
            .enumerate()
            .map(|(k, t)| {
                if Some(k) == base {
                    Vec::new()
                } else {
                    crate::claims::diff_ranges(base_text, t).added().collect()
                }
            })
            .collect();
        Versions { shown, marks }
    }

    /// The versions shown, in order, by index.
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// The words of version `k` that the base lacks.
    pub fn marks(&self, k: usize) -> &[Range<usize>] {
        self.marks.get(k).map_or(&[], Vec::as_slice)
    }
}

/// Why the claims engine does not run on this corpus, if it does not.
pub fn claims_off(corpus: &Corpus) -> Option<&'static str> {
    (corpus.articles.len() < 2).then_some("one article")
}

/// The claims engine as a job: the articles and a progress callback in, the analysis out.
/// Tests put a slow or blocking stand-in here.
pub type ClaimsJob = Box<dyn FnOnce(&[Article], &(dyn Fn(f32) + Sync)) -> Analysis + Send>;

/// The search side: the engine's background [`Searcher`] once the index is built, and the
/// request that waits for it until then.
#[derive(Default)]
struct SearchJob {
    searcher: Option<Searcher>,
    pending: Option<SearchRequest>,
    /// The app's generation of the latest request, echoed back with its results.
    generation: u64,
    /// Why the index could not be built: every search then fails with it.
    failed: Option<String>,
}

/// A story to analyse: its id and its articles.
type StoryJob = (u64, Vec<usize>);

/// The stories' analyses waiting, first to run first; `closed` ends the worker.
#[derive(Default)]
struct StoryQueue {
    jobs: Mutex<Queued>,
    ready: Condvar,
}

/// What the stories worker waits on.
#[derive(Default)]
struct Queued {
    /// The analyses to run, first first.
    jobs: VecDeque<StoryJob>,
    /// The reader is gone: the worker ends.
    closed: bool,
    /// The stories are on the screen (or there is no screen to wait for): the index and the
    /// analyses may start.
    shown: bool,
}

/// The owner of every background job and of the channel they report on.
pub struct Workers {
    corpus: Arc<Corpus>,
    tx: Sender<Message>,
    rx: Receiver<Message>,
    /// The pool of interactive work: the index and searches.
    pool: Arc<rayon::ThreadPool>,
    search: SearchJob,
    /// The stories worker's queue, when it runs.
    stories: Option<Arc<StoryQueue>>,
}

impl Drop for Workers {
    fn drop(&mut self) {
        if let Some(q) = &self.stories {
            q.jobs.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
            q.ready.notify_all();
        }
    }
}

impl std::fmt::Debug for Workers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workers").finish_non_exhaustive()
    }
}

impl Workers {
    /// Starts the index and (with two articles or more) the claims engine.
    pub fn start(corpus: Arc<Corpus>) -> Workers {
        let (tx, rx) = mpsc::channel();
        Workers::start_reading(corpus, tx, rx)
    }

    /// Like [`Workers::start`], on a channel the runtime already reads.
    pub fn start_reading(
        corpus: Arc<Corpus>,
        tx: Sender<Message>,
        rx: Receiver<Message>,
    ) -> Workers {
        let job: Option<ClaimsJob> = claims_off(&corpus).is_none().then(|| {
            Box::new(|a: &[Article], p: &(dyn Fn(f32) + Sync)| crate::claims::analyse(a, p)) as _
        });
        Workers::start_on(corpus, job, tx, rx)
    }

    /// Starts the index and `claims` (none: no claims analysis).
    pub fn start_with(corpus: Arc<Corpus>, claims: Option<ClaimsJob>) -> Workers {
        let (tx, rx) = mpsc::channel();
        Workers::start_on(corpus, claims, tx, rx)
    }

    /// Starts the index and `claims` (none: no claims analysis), reporting on a channel the
    /// runtime already reads (its input and signal threads send on it too).
    pub fn start_on(
        corpus: Arc<Corpus>,
        claims: Option<ClaimsJob>,
        tx: Sender<Message>,
        rx: Receiver<Message>,
    ) -> Workers {
        let workers = Workers::idle(corpus, tx, rx);
        workers.spawn_index();
        if let Some(job) = claims {
            workers.spawn_claims(job);
        }
        workers
    }

    /// The channel and the interactive pool, no job started.
    fn idle(corpus: Arc<Corpus>, tx: Sender<Message>, rx: Receiver<Message>) -> Workers {
        let threads = thread::available_parallelism().map_or(2, |n| n.get());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("interactive-{i}"))
            .build()
            .map(Arc::new)
            .unwrap_or_else(|_| {
                // No threads to spare: the search runs on a one-thread pool of its own.
                Arc::new(
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(1)
                        .build()
                        .expect("a one-thread pool"),
                )
            });
        Workers {
            corpus,
            tx,
            rx,
            pool,
            search: SearchJob::default(),
            stories: None,
        }
    }

    /// Starts the stories worker: it groups the articles into stories (answering
    /// [`Action::StoriesReady`]), then analyses each story it is asked to
    /// ([`Effect::AnalyseStories`]), one at a time, answering [`Action::StoryAnalysed`]. The
    /// search index is built once the stories are found: the list comes first.
    pub fn start_stories(corpus: Arc<Corpus>) -> Workers {
        let (tx, rx) = mpsc::channel();
        let workers = Workers::start_stories_on(corpus, Vec::new(), tx, rx);
        workers.stories_shown();
        workers
    }

    /// Like [`Workers::start_stories`], on a channel the runtime already reads, from the
    /// articles' `terms` when they were read as the articles loaded (else empty); the index and
    /// the analyses wait for [`Workers::stories_shown`], so that the frame showing the stories
    /// is drawn without sharing the cores with them.
    pub fn start_stories_on(
        corpus: Arc<Corpus>,
        terms: Vec<ArticleTerms>,
        tx: Sender<Message>,
        rx: Receiver<Message>,
    ) -> Workers {
        let mut workers = Workers::idle(corpus, tx, rx);
        let queue = Arc::new(StoryQueue::default());
        workers.stories = Some(queue.clone());
        let (corpus, tx) = (workers.corpus.clone(), workers.tx.clone());
        let index = workers.index_job();
        thread::spawn(move || stories_worker(&corpus, terms, &queue, &tx, index));
        workers
    }

    /// The stories (or the grouping's failure) are on the screen: the stories worker goes on
    /// to build the search index and run the analyses asked for.
    pub fn stories_shown(&self) {
        if let Some(q) = &self.stories {
            q.jobs.lock().unwrap_or_else(|e| e.into_inner()).shown = true;
            q.ready.notify_all();
        }
    }

    /// A sender for the runtime's input and signal threads.
    pub fn sender(&self) -> Sender<Message> {
        self.tx.clone()
    }

    /// The next message, waiting for it; `None` when every sender is gone.
    pub fn recv(&self) -> Option<Message> {
        self.rx.recv().ok()
    }

    /// The next message if one is waiting.
    pub fn try_recv(&self) -> Option<Message> {
        self.rx.try_recv().ok()
    }

    /// Starts the work an effect asks for (the runtime handles [`Effect::Suspend`],
    /// [`Effect::Copy`] and [`Effect::Open`] itself).
    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Search(request) => {
                self.search.generation = request.generation;
                if let Some(why) = &self.search.failed {
                    let _ = self
                        .tx
                        .send(Message::Claims(Action::SearchFailed(why.clone())));
                    return;
                }
                match &mut self.search.searcher {
                    Some(searcher) => {
                        searcher.submit(
                            &request.query,
                            request.allowed(self.corpus.clone()),
                            SEARCH_LIMIT,
                        );
                    }
                    None => self.search.pending = Some(request),
                }
            }
            Effect::CancelSearch => {
                self.search.pending = None;
                if let Some(s) = &mut self.search.searcher {
                    s.cancel();
                }
            }
            Effect::AnalyseStories { first, forget } => {
                let Some(q) = &self.stories else {
                    return;
                };
                let mut queued = q.jobs.lock().unwrap_or_else(|e| e.into_inner());
                queued
                    .jobs
                    .retain(|(id, _)| !forget.contains(id) && !first.iter().any(|(f, _)| f == id));
                for job in first.into_iter().rev() {
                    queued.jobs.push_front(job);
                }
                q.ready.notify_all();
            }
            Effect::Suspend | Effect::Copy(_) | Effect::Open(_) | Effect::Export(_) => {}
        }
    }

    /// Turns a worker's message into the action it means for the app (terminal events and
    /// signals are the runtime's and give none).
    pub fn on_message(&mut self, message: Message) -> Option<Action> {
        match message {
            Message::Claims(action) => Some(action),
            Message::IndexReady(index) => {
                let tx = self.tx.clone();
                let searcher = Searcher::on_pool(index, self.pool.clone(), move || {
                    let _ = tx.send(Message::SearchUpdate);
                });
                self.search.searcher = Some(searcher);
                if let Some(request) = self.search.pending.take() {
                    self.run(Effect::Search(request));
                }
                None
            }
            Message::IndexFailed(why) => {
                self.search.failed = Some(why.clone());
                self.search
                    .pending
                    .take()
                    .map(|_| Action::SearchFailed(why))
            }
            Message::SearchUpdate => {
                let update = self.search.searcher.as_ref()?.try_recv()?;
                if let Some(why) = update.failed {
                    return Some(Action::SearchFailed(why));
                }
                Some(Action::SearchResults {
                    generation: self.search.generation,
                    results: update.results,
                })
            }
            Message::Event(_)
            | Message::InputError(_)
            | Message::Signal(_)
            | Message::Loaded(_)
            | Message::Preview(_) => None,
        }
    }

    /// Waits up to `timeout` for the workers' actions until one satisfies `done`; returns every
    /// action received, in order (the last one satisfies `done` unless time ran out). Tests
    /// use it instead of a blocking search.
    pub fn wait(&mut self, timeout: Duration, done: impl Fn(&Action) -> bool) -> Vec<Action> {
        let deadline = Instant::now() + timeout;
        let mut actions = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    return actions;
                }
            };
            if let Some(action) = self.on_message(message) {
                let finished = done(&action);
                actions.push(action);
                if finished {
                    return actions;
                }
            }
        }
    }

    /// Builds the search index on the interactive pool; a panic is reported, not left to hang
    /// searches.
    fn spawn_index(&self) {
        thread::spawn(self.index_job());
    }

    /// The building of the search index, to run on a thread of its own.
    fn index_job(&self) -> impl FnOnce() + Send + 'static {
        let (corpus, tx, pool) = (self.corpus.clone(), self.tx.clone(), self.pool.clone());
        move || {
            let index = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pool.install(|| Index::new(&corpus))
            }));
            let message = match index {
                Ok(index) => Message::IndexReady(Arc::new(index)),
                Err(e) => Message::IndexFailed(format!("index: {}", panic_message(&*e))),
            };
            let _ = tx.send(message);
        }
    }

    /// Runs the claims engine, posting progress and then the findings (the diffs of the claims
    /// view computed here too).
    fn spawn_claims(&self, job: ClaimsJob) {
        let (corpus, tx) = (self.corpus.clone(), self.tx.clone());
        thread::spawn(move || {
            let last = Mutex::new(-1i32);
            let progress = |f: f32| {
                let pct = (f * 100.0) as i32;
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                if pct != *last {
                    *last = pct;
                    let _ = tx.send(Message::Claims(Action::ClaimsProgress(f)));
                }
            };
            // A failing engine must not take the reader down: report it and read on.
            let findings = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let analysis = job(&corpus.articles, &progress);
                Findings::new(&corpus.articles, analysis)
            }));
            let action = match findings {
                Ok(f) => Action::ClaimsReady(Shared(Arc::new(f))),
                Err(e) => Action::ClaimsFailed(panic_message(&*e)),
            };
            let _ = tx.send(Message::Claims(action));
        });
    }
}

/// The stories worker: the grouping, then the analyses asked for until the queue closes. A
/// panic in either is reported, and the reader goes on (as one story, or without that story's
/// claims).
fn stories_worker(
    corpus: &Corpus,
    terms: Vec<ArticleTerms>,
    queue: &StoryQueue,
    tx: &Sender<Message>,
    index: impl FnOnce() + Send + 'static,
) {
    let articles = &corpus.articles;
    let started = Instant::now();
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::stories::find_from_terms(articles, terms, &StoryOptions::default())
    }));
    let action = match found {
        Ok(stories) => {
            tracing::info!(stories = stories.len(), took = ?started.elapsed(), "stories found");
            Action::StoriesReady(Shared(Arc::new(stories)))
        }
        Err(e) => Action::StoriesFailed(panic_message(&*e)),
    };
    if tx.send(Message::Claims(action)).is_err() {
        return;
    }
    // The frame showing the stories first: the index and the analyses would share the cores
    // with it.
    {
        let mut queued = queue.jobs.lock().unwrap_or_else(|e| e.into_inner());
        while !queued.shown && !queued.closed {
            queued = queue.ready.wait(queued).unwrap_or_else(|e| e.into_inner());
        }
    }
    thread::spawn(index);
    loop {
        let (story, members) = {
            let mut queued = queue.jobs.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if queued.closed {
                    return;
                }
                if let Some(job) = queued.jobs.pop_front() {
                    break job;
                }
                queued = queue.ready.wait(queued).unwrap_or_else(|e| e.into_inner());
            }
        };
        let last = Mutex::new(-1i32);
        let progress = |fraction: f32| {
            let pct = (fraction * 100.0) as i32;
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            if pct != *last {
                *last = pct;
                let _ = tx.send(Message::Claims(Action::StoryProgress { story, fraction }));
            }
        };
        let findings = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let analysis = crate::stories::analyse_story(articles, &members, &progress);
            Findings::new(articles, analysis)
        }));
        let action = match findings {
            Ok(f) => Action::StoryAnalysed {
                story,
                findings: Shared(Arc::new(f)),
            },
            Err(e) => Action::ClaimsFailed(panic_message(&*e)),
        };
        if tx.send(Message::Claims(action)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::LoadOptions;
    use crate::tui::search::Scope;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn seeds() -> Arc<Corpus> {
        let dir = format!("{}/seeds", env!("CARGO_MANIFEST_DIR"));
        Arc::new(crate::corpus::load(&[dir], &LoadOptions::default()))
    }

    #[test]
    fn a_search_typed_during_a_slow_analysis_answers() {
        // The stand-in engine keeps every thread of rayon's global pool busy until released,
        // as the real one does on a big input.
        static RELEASE: AtomicBool = AtomicBool::new(false);
        let job: ClaimsJob = Box::new(|_, _| {
            rayon::broadcast(|_| {
                while !RELEASE.load(Ordering::SeqCst) {
                    thread::sleep(Duration::from_millis(5));
                }
            });
            Analysis::default()
        });
        let mut workers = Workers::start_with(seeds(), Some(job));
        workers.run(Effect::Search(SearchRequest {
            generation: 1,
            query: "kazakhstan".into(),
            scope: Scope::All,
            analysis: None,
            within: None,
        }));
        let actions = workers.wait(
            Duration::from_secs(60),
            |a| matches!(a, Action::SearchResults { results, .. } if results.complete),
        );
        let answered = actions.iter().any(
            |a| matches!(a, Action::SearchResults { results, .. } if !results.hits.is_empty()),
        );
        let analysis_done = actions.iter().any(|a| matches!(a, Action::ClaimsReady(_)));
        RELEASE.store(true, Ordering::SeqCst);
        assert!(answered, "the search answered while the analysis ran");
        assert!(!analysis_done, "the analysis was still running");
    }

    #[test]
    fn the_claims_view_never_shows_a_version_no_link_supports() {
        use crate::claims::{Claim, Link};
        let corpus = seeds();
        let at = |article, sentence| SentenceRef { article, sentence };
        // A claim whose third member is linked to nothing in it: grouping must not add it.
        let claim = Claim {
            members: vec![at(0, 1), at(1, 1), at(2, 1)],
            sources: 3,
            strength: 0.9,
            representative: at(1, 1),
        };
        let links = vec![Link {
            a: at(0, 1),
            b: at(1, 1),
            score: 0.9,
            same: false,
        }];
        let mut links_by_sentence: Vec<Vec<Vec<u32>>> = corpus
            .articles
            .iter()
            .map(|a| vec![Vec::new(); a.sentences.len()])
            .collect();
        links_by_sentence[0][1].push(0);
        links_by_sentence[1][1].push(0);
        let analysis = Analysis {
            links,
            claims: vec![claim],
            links_by_sentence,
            ..Analysis::default()
        };
        let f = Findings::new(&corpus.articles, analysis);
        // The representative first, then the other linked version; not the unlinked one.
        assert_eq!(f.shown(0), [1, 0]);
        assert!(f.shown(1).is_empty());
    }

    #[test]
    fn the_index_and_the_analyses_wait_for_the_stories_to_be_shown() {
        let (tx, rx) = mpsc::channel();
        let mut workers = Workers::start_stories_on(seeds(), Vec::new(), tx, rx);
        let found = workers.wait(Duration::from_secs(60), |a| {
            matches!(a, Action::StoriesReady(_) | Action::StoriesFailed(_))
        });
        let Some(Action::StoriesReady(Shared(stories))) = found.last() else {
            panic!("the seeds were grouped: {found:?}");
        };
        let members = stories[0].articles.clone();
        workers.run(Effect::AnalyseStories {
            first: vec![(1, members)],
            forget: Vec::new(),
        });
        // Nothing runs while the frame showing the stories is being drawn.
        let early = |m: &Message| {
            matches!(
                m,
                Message::IndexReady(_)
                    | Message::Claims(Action::StoryAnalysed { .. } | Action::StoryProgress { .. })
            )
        };
        let waited = workers.rx.recv_timeout(Duration::from_millis(300));
        assert!(
            !waited.as_ref().is_ok_and(early),
            "started before the stories were shown"
        );
        workers.stories_shown();
        let after = workers.wait(Duration::from_secs(60), |a| {
            matches!(a, Action::StoryAnalysed { .. })
        });
        assert!(
            matches!(after.last(), Some(Action::StoryAnalysed { story: 1, .. })),
            "{after:?}"
        );
    }

    #[test]
    fn one_article_gets_no_claims_analysis() {
        let mut corpus = (*seeds()).clone();
        assert_eq!(claims_off(&corpus), None);
        corpus.articles.truncate(1);
        assert_eq!(claims_off(&corpus), Some("one article"));
    }
}
