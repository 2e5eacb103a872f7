//! Speed of the claims engine over the 982 ECB+ articles (../shared/data/ecbplus/plaintext) and a
//! quarter of them, to check the cost grows about linearly. Skipped when the data is absent.
//! Runs with the allocator the binary uses (the system one), so the figures are what a reader waits.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use parallax::claims;
use parallax::corpus::{self, Article, LoadOptions};

/// Loads every topic directory of the ECB+ plain text, or `None` when the data is absent.
pub fn ecbplus() -> Option<Vec<Article>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ecbplus/plaintext");
    let mut dirs: Vec<String> = std::fs::read_dir(&root)
        .ok()?
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.path().display().to_string())
        .collect();
    dirs.sort();
    let c = corpus::load(&dirs, &LoadOptions::default());
    (!c.articles.is_empty()).then_some(c.articles)
}

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
    g.bench_function("ecbplus_all_982", |b| {
        b.iter(|| claims::analyse(&all, &|_| {}))
    });
    g.bench_function("ecbplus_quarter", |b| {
        b.iter(|| claims::analyse(&quarter, &|_| {}))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
