//! Searching on a background thread as the reader types: each new query cancels the one under
//! way, and results come back tagged with the query's generation so stale ones are dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use super::{Index, Results, Session};

/// Which sentences a search may return, as `(article, sentence) -> bool`; this is how the
/// reader applies a [`Scope`](super::Scope) (e.g. only sentences holding a quote).
pub type Allowed = Arc<dyn Fn(usize, usize) -> bool + Send + Sync>;

/// Results for one submitted query.
#[derive(Debug, Clone)]
pub struct Update {
    /// The generation [`Searcher::submit`] returned for the query.
    pub generation: u64,
    /// The hits so far (`complete == false`) or the final ones.
    pub results: Results,
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
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, updates) = mpsc::channel();
        let worker = thread::Builder::new()
            .name("search".into())
            .spawn(move || {
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
                    let send = |results: Results| {
                        if !cancel.load(Ordering::Relaxed) {
                            let _ = outbox.send(Update {
                                generation,
                                results,
                            });
                            notify();
                        }
                    };
                    let mut progress = |results| send(results);
                    if let Some(results) = session.search(
                        &index,
                        &query,
                        &*allowed,
                        limit,
                        &cancel,
                        Some(&mut progress),
                    ) {
                        send(results);
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

impl Drop for Searcher {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.requests = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
