//! Searching on a background thread as the reader types: each new query cancels the one under
//! way, and results come back tagged with the query's generation so stale ones are dropped.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use super::{Index, Results, Session};

/// Which sentences a search may return, as `(article, sentence) -> bool`; this is how the
/// reader restricts a search (e.g. to sentences holding a quote).
pub type Allowed = Arc<dyn Fn(usize, usize) -> bool + Send + Sync>;

/// Results for one submitted query.
#[derive(Debug, Clone)]
pub struct Update {
    /// The generation [`Searcher::submit`] returned for the query.
    pub generation: u64,
    /// The hits so far (`complete == false`) or the final ones.
    pub results: Results,
    /// Set when the search panicked: why (the results are then empty). The worker goes on
    /// with the next query.
    pub failed: Option<String>,
}

struct Request {
    generation: u64,
    query: String,
    allowed: Allowed,
    limit: usize,
    cancel: Arc<AtomicBool>,
}

/// A search worker thread owning a [`Session`]. Dropping it stops the thread.
pub struct Searcher {
    requests: Option<mpsc::Sender<Request>>,
    updates: mpsc::Receiver<Update>,
    generation: u64,
    cancel: Arc<AtomicBool>,
    worker: Option<thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("generation", &self.generation)
            .finish()
    }
}

impl Searcher {
    /// Starts the worker thread.
    pub fn new(index: Arc<Index>) -> Searcher {
        Searcher::with_notify(index, || {})
    }

    /// Starts the worker thread; `notify` is called (on the worker thread) after each update is
    /// sent, e.g. to wake the reader's event loop.
    pub fn with_notify(index: Arc<Index>, notify: impl Fn() + Send + 'static) -> Searcher {
        Searcher::spawn(index, None, notify)
    }

    /// Starts the worker thread, searching on `pool` instead of rayon's global pool, so that a
    /// search answers while other work (the claims engine) keeps the global pool busy.
    pub fn on_pool(
        index: Arc<Index>,
        pool: Arc<rayon::ThreadPool>,
        notify: impl Fn() + Send + 'static,
    ) -> Searcher {
        Searcher::spawn(index, Some(pool), notify)
    }

    fn spawn(
        index: Arc<Index>,
        pool: Option<Arc<rayon::ThreadPool>>,
        notify: impl Fn() + Send + 'static,
    ) -> Searcher {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, updates) = mpsc::channel();
        let worker = thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                // Shared with the pool's thread when searching on a pool.
                let notify = std::sync::Mutex::new(notify);
                let notify = || (notify.lock().unwrap_or_else(|e| e.into_inner()))();
                let mut session = Session::new();
                while let Ok(mut request) = inbox.recv() {
                    // Only the newest query matters.
                    while let Ok(newer) = inbox.try_recv() {
                        request = newer;
                    }
                    let Request {
                        generation,
                        query,
                        allowed,
                        limit,
                        cancel,
                    } = request;
                    let send = |results: Results, failed: Option<String>| {
                        if !cancel.load(Ordering::Relaxed) {
                            let _ = outbox.send(Update {
                                generation,
                                results,
                                failed,
                            });
                            notify();
                        }
                    };
                    // A panicking search must not leave the reader waiting: report it, start
                    // afresh (the session may be half-updated) and serve the next query.
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                        let mut progress = |results| send(results, None);
                        let mut search = || {
                            session.search(
                                &index,
                                &query,
                                &*allowed,
                                limit,
                                &cancel,
                                Some(&mut progress),
                            )
                        };
                        match &pool {
                            Some(pool) => pool.install(search),
                            None => search(),
                        }
                    }));
                    match outcome {
                        Ok(Some(results)) => send(results, None),
                        Ok(None) => {}
                        Err(e) => {
                            session = Session::new();
                            send(Results::default(), Some(panic_message(&*e)));
                        }
                    }
                }
            })
            .ok();
        Searcher {
            requests: Some(requests),
            updates,
            generation: 0,
            cancel: Arc::new(AtomicBool::new(false)),
            worker,
        }
    }

    /// Starts searching for `query` (cancelling the search under way) and returns its
    /// generation. Results arrive through [`Searcher::try_recv`].
    pub fn submit(&mut self, query: &str, allowed: Allowed, limit: usize) -> u64 {
        self.cancel();
        self.cancel = Arc::new(AtomicBool::new(false));
        let request = Request {
            generation: self.generation,
            query: query.to_string(),
            allowed,
            limit,
            cancel: self.cancel.clone(),
        };
        if let Some(requests) = &self.requests {
            let _ = requests.send(request);
        }
        self.generation
    }

    /// Cancels the search under way; its results will not arrive.
    pub fn cancel(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.generation += 1;
    }

    /// The generation of the latest submitted query.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The newest update for the latest query, if one arrived; older ones are dropped. Never
    /// blocks.
    pub fn try_recv(&self) -> Option<Update> {
        let mut newest = None;
        while let Ok(update) = self.updates.try_recv() {
            if update.generation == self.generation {
                newest = Some(update);
            }
        }
        newest
    }

    /// Waits up to `timeout` for an update for the latest query.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Update> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.updates.recv_timeout(left) {
                Ok(update) if update.generation == self.generation => {
                    // Prefer anything newer already queued.
                    return Some(self.try_recv().unwrap_or(update));
                }
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }
}

/// The message a panic carried, or "panicked".
pub fn panic_message(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked".into())
}

impl Drop for Searcher {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.requests = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{self, LoadOptions};

    #[test]
    fn a_panicking_search_is_reported_and_the_next_one_runs() {
        let dir = format!("{}/seeds", env!("CARGO_MANIFEST_DIR"));
        let corpus = corpus::load(&[dir], &LoadOptions::default());
        let mut searcher = Searcher::new(Arc::new(Index::new(&corpus)));
        let wait = |s: &Searcher| s.recv_timeout(Duration::from_secs(30)).expect("an answer");
        searcher.submit("kazakhstan", Arc::new(|_, _| panic!("scope broke")), 10);
        let update = wait(&searcher);
        assert_eq!(update.failed.as_deref(), Some("scope broke"));
        assert!(update.results.hits.is_empty());
        searcher.submit("kazakhstan", Arc::new(|_, _| true), 10);
        let mut update = wait(&searcher);
        while !update.results.complete {
            update = wait(&searcher);
        }
        assert!(update.failed.is_none());
        assert!(!update.results.hits.is_empty());
    }
}
