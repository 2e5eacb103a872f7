//! Speed of the claims engine over the 982 ECB+ articles (../shared/data/ecbplus/plaintext) and a
//! quarter of them, to check the cost grows about linearly. Skipped when the data is absent.
//! Runs with the allocator the binary uses (the system one), so the figures are what a reader waits.

mod common;

use common::ecbplus;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use parallax::claims;
use parallax::corpus::Article;

fn bench(c: &mut Criterion) {
    let Some(all) = ecbplus() else {
        eprintln!("../shared/data/ecbplus/plaintext not found: skipping the claims benchmark");
        return;
    };
    let quarter: Vec<Article> = all.iter().step_by(4).cloned().collect();
    let bytes = |a: &[Article]| a.iter().map(|x| x.text.len()).sum::<usize>();
    eprintln!(
        "ECB+: {} articles, {} bytes; quarter: {} articles, {} bytes",
        all.len(),
        bytes(&all),
        quarter.len(),
        bytes(&quarter)
    );
    let mut g = c.benchmark_group("analyse");
    g.sample_size(10);
    // The analysis is timed, not the freeing of the one before it: a reader keeps its
    // analysis until the next one is made, so freeing it is never part of a wait (about 6 ms
    // over all of ECB+, timed apart by eval_claims --speed).
    g.bench_function("ecbplus_all_982", |b| {
        b.iter_batched(
            || (),
            |()| claims::analyse(&all, &|_| {}),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("ecbplus_quarter", |b| {
        b.iter_batched(
            || (),
            |()| claims::analyse(&quarter, &|_| {}),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
