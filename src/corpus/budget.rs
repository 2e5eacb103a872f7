//! The bound on time per input. Each input is read (its text decoded, a page cleaned, a feed's
//! items taken, its sentences split) on a worker thread; the loader stops waiting once an input
//! has run past the bound, skips it with a message naming the bound, and the rest load. The
//! worker is told to stop, and our own long loops look at [`Cancel`] and stop at their next
//! check; work inside another crate cannot be stopped from outside, so its result is only
//! thrown away when it ends.
//!
//! The clock of a file starts when it is opened; that of standard input or a URL once its bytes
//! are in (standard input waits for its writer; a URL has its own bound on the whole transfer).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Default bound on the time one input may take to read, once its bytes are in.
pub const DEFAULT_MAX_TIME: Duration = Duration::from_secs(30);

/// "took longer than 30 s to read (...)": why an input over the bound was skipped.
pub fn over_time(limit: Duration) -> String {
    format!(
        "took longer than {} s to read (the bound on time per input; raise it with --max-time)",
        limit.as_secs_f64()
    )
}

/// Why an input whose reading ran into a bug (a panic) was skipped.
pub const FAILED: &str = "parallax failed while reading it (a bug in parallax: please report it)";

/// Set when the input being read has been given up on: long loops stop at their next look.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

impl Cancel {
    /// Whether the work should stop now (its result will be thrown away).
    pub fn is_set(&self) -> bool {
        self.0.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

thread_local! {
    /// The cancel flag of the input this thread is reading, if any.
    static CURRENT: RefCell<Cancel> = RefCell::new(Cancel::default());
}

/// The cancel flag of the input this thread is reading (never set outside the loader), to be
/// looked at in loops that can run long. Carried by hand into other threads (rayon).
pub fn current() -> Cancel {
    CURRENT.with(|c| c.borrow().clone())
}

/// Handed to the work of one input: it starts the input's clock once the bytes are in.
pub struct Clock<'a> {
    job: &'a Job,
}

impl Clock<'_> {
    /// Starts the bound's clock (until then, the input is not timed).
    pub fn start(&self) {
        if let Ok(mut started) = self.job.started.lock() {
            *started = Some(Instant::now());
        }
    }
}

/// One input as the pool sees it: when its clock started, and its cancel flag.
struct Job {
    started: Mutex<Option<Instant>>,
    cancel: Arc<AtomicBool>,
}

impl Job {
    fn started(&self) -> Option<Instant> {
        self.started.lock().ok().and_then(|s| *s)
    }
}

/// The queue the workers take inputs from, in order.
type Queue<J> = Arc<Mutex<VecDeque<(usize, J)>>>;

/// What each input's work does with it.
pub type Work<J, R> = Arc<dyn Fn(J, &Clock) -> R + Send + Sync>;

/// The results as the workers put them in, and how many jobs are not settled (finished, or
/// given up on).
struct Board<R> {
    results: Vec<Option<R>>,
    left: usize,
}

/// The board, and what wakes the loader: the last job settling. A worker does not wake it for
/// each result (on a machine with few cores each wake-up takes a worker's core for a moment).
struct Settled<R> {
    board: Mutex<Board<R>>,
    all_in: Condvar,
}

/// Runs `work` on every job on up to `workers` threads; the results in job order, `None` for
/// each job that ran past `limit` (counted from its [`Clock::start`]). With no limit, every
/// job runs to its end. The loader looks at the clocks every 50 ms, or every `limit` when that
/// is shorter (but not more often than every millisecond): a job that runs past the bound but
/// ends before the next look is kept. A job whose work panics gives `on_panic()`, and the
/// rest run on.
pub fn run_bounded<J, R>(
    jobs: Vec<J>,
    limit: Option<Duration>,
    workers: usize,
    work: Work<J, R>,
    on_panic: fn() -> R,
) -> Vec<Option<R>>
where
    J: Send + 'static,
    R: Send + 'static,
{
    let count = jobs.len();
    if count == 0 {
        return Vec::new();
    }
    let states: Arc<Vec<Job>> = Arc::new(
        (0..count)
            .map(|_| Job {
                started: Mutex::new(None),
                cancel: Arc::new(AtomicBool::new(false)),
            })
            .collect(),
    );
    let queue: Queue<J> = Arc::new(Mutex::new(jobs.into_iter().enumerate().collect()));
    let settled = Arc::new(Settled {
        board: Mutex::new(Board {
            results: (0..count).map(|_| None).collect(),
            left: count,
        }),
        all_in: Condvar::new(),
    });
    let spawn = || {
        let (queue, work, states, settled) = (
            Arc::clone(&queue),
            Arc::clone(&work),
            Arc::clone(&states),
            Arc::clone(&settled),
        );
        std::thread::spawn(move || worker(&queue, &work, on_panic, &states, &settled));
    };
    for _ in 0..workers.clamp(1, count) {
        spawn();
    }
    // Jobs taken from the queue and not settled (the queue hands them out in order, so the
    // taken ones are 0..taken): only these can run past the bound.
    let mut in_flight: Vec<usize> = Vec::new();
    let mut taken = 0;
    let Ok(mut board) = settled.board.lock() else {
        return (0..count).map(|_| None).collect();
    };
    while board.left > 0 {
        let wait = match limit {
            None => Duration::from_secs(3600),
            Some(limit) => {
                // Wake at the earliest deadline, or soon, to see an input's clock start (the
                // workers wake the loader only once all is in).
                let now = Instant::now();
                in_flight
                    .iter()
                    .filter_map(|&i| states[i].started())
                    .map(|t| (t + limit).saturating_duration_since(now))
                    .min()
                    .unwrap_or(Duration::MAX)
                    .min(Duration::from_millis(50).min(limit.max(Duration::from_millis(1))))
            }
        };
        board = match settled.all_in.wait_timeout(board, wait) {
            Ok((board, _)) => board,
            Err(_) => return (0..count).map(|_| None).collect(),
        };
        let Some(limit) = limit else { continue };
        let now_taken = count - queue.lock().map_or(0, |q| q.len());
        in_flight.extend(taken..now_taken);
        taken = now_taken;
        let now = Instant::now();
        let mut given_up = 0;
        for &i in &in_flight {
            let over = states[i].started().is_some_and(|t| now >= t + limit);
            if board.results[i].is_some() || states[i].cancel.load(Ordering::Relaxed) || !over {
                continue;
            }
            // Over the bound: give it up (its worker sees the flag under this lock and puts
            // nothing in), and put a fresh worker in the stuck one's place.
            states[i].cancel.store(true, Ordering::Relaxed);
            board.left -= 1;
            given_up += 1;
        }
        in_flight
            .retain(|&i| board.results[i].is_none() && !states[i].cancel.load(Ordering::Relaxed));
        for _ in 0..given_up {
            spawn();
        }
    }
    std::mem::take(&mut board.results)
}

/// Takes inputs from the queue until it is empty; a worker whose input was given up on stops
/// (a fresh one has taken its place).
fn worker<J, R>(
    queue: &Queue<J>,
    work: &Work<J, R>,
    on_panic: fn() -> R,
    states: &[Job],
    settled: &Settled<R>,
) {
    loop {
        let next = queue.lock().ok().and_then(|mut q| q.pop_front());
        let Some((i, job)) = next else { return };
        let cancel = &states[i].cancel;
        CURRENT.with(|c| *c.borrow_mut() = Cancel(Some(Arc::clone(cancel))));
        // A panic (a bug that one input runs into) settles that input with `on_panic()`, so
        // the loader does not wait for it forever.
        let clock = Clock { job: &states[i] };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(job, &clock)))
            .unwrap_or_else(|_| on_panic());
        CURRENT.with(|c| *c.borrow_mut() = Cancel::default());
        let Ok(mut board) = settled.board.lock() else {
            return;
        };
        // Read under the lock the loader gives up on jobs under: a job is settled once.
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        board.results[i] = Some(result);
        board.left -= 1;
        if board.left == 0 {
            settled.all_in.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn results_come_back_in_job_order() {
        let work: Work<u64, u64> = Arc::new(|n, clock| {
            clock.start();
            // Later jobs finish first.
            std::thread::sleep(Duration::from_millis(20 - n * 5));
            n * 10
        });
        let got = run_bounded(
            vec![0, 1, 2, 3],
            Some(Duration::from_secs(60)),
            3,
            work,
            || 99,
        );
        assert_eq!(got, [Some(0), Some(10), Some(20), Some(30)]);
    }

    #[test]
    fn a_job_that_panics_is_settled_and_the_rest_load() {
        // Run where a hang shows as a failure, not as a test that never ends.
        for limit in [None, Some(Duration::from_secs(60))] {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let work: Work<u32, i64> = Arc::new(|n, clock| {
                    if n == 1 {
                        panic!("a bug met by input {n}");
                    }
                    clock.start();
                    i64::from(n) * 10
                });
                let _ = tx.send(run_bounded(vec![0, 1, 2, 3], limit, 2, work, || -1));
            });
            let got = rx
                .recv_timeout(Duration::from_secs(20))
                .expect("the loader waited for the input that panicked");
            assert_eq!(got, [Some(0), Some(-1), Some(20), Some(30)], "{limit:?}");
        }
    }

    #[test]
    fn a_job_past_the_bound_is_given_up_and_told_to_stop_and_the_rest_finish() {
        let stopped = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&stopped);
        let work: Work<u32, u32> = Arc::new(move |n, clock| {
            // Only the stuck job is timed, so that a busy machine cannot push the others over.
            if n == 1 {
                clock.start();
                // A loop that looks at its cancel flag, as ours do.
                let cancel = current();
                while !cancel.is_set() {
                    std::thread::sleep(Duration::from_millis(5));
                }
                seen.store(true, Ordering::SeqCst);
            }
            n
        });
        let got = run_bounded(
            vec![0, 1, 2],
            Some(Duration::from_millis(200)),
            1,
            work,
            || 99,
        );
        assert_eq!(got, [Some(0), None, Some(2)]);
        // The stuck job saw the flag (within a few checks of being given up on).
        for _ in 0..200 {
            if stopped.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the job given up on was never told to stop");
    }

    #[test]
    fn the_clock_starts_when_the_bytes_are_in() {
        // Waiting before `start` (reading a slow pipe) does not count against the bound.
        let work: Work<(), &str> = Arc::new(|(), clock| {
            std::thread::sleep(Duration::from_millis(1100));
            clock.start();
            "read"
        });
        let got = run_bounded(vec![()], Some(Duration::from_secs(1)), 1, work, || "failed");
        assert_eq!(got, [Some("read")]);
    }

    #[test]
    fn the_message_names_the_bound_and_the_flag() {
        assert_eq!(
            over_time(Duration::from_secs(30)),
            "took longer than 30 s to read (the bound on time per input; raise it with --max-time)"
        );
        assert!(over_time(Duration::from_millis(1500)).contains("1.5 s"));
    }
}
