//! Speed of grouping the 982 ECB+ articles (../shared/data/ecbplus/plaintext) into stories, and
//! of its two stages (profiles; pairs and merging). Skipped when the data is absent. Runs with
//! the allocator the binary uses (the system one), so the figures are what a reader waits.

mod common;

use common::ecbplus;
use criterion::{Criterion, criterion_group, criterion_main};
use parallax::stories::{self, StoryOptions, profile};

fn bench(c: &mut Criterion) {
    let Some(all) = ecbplus() else {
        eprintln!("../shared/data/ecbplus/plaintext not found: skipping the stories benchmark");
        return;
    };
    let opts = StoryOptions::default();
    let mut g = c.benchmark_group("stories");
    g.sample_size(20);
    g.bench_function("ecbplus_982_find", |b| b.iter(|| stories::find(&all)));
    g.bench_function("ecbplus_982_profiles", |b| {
        b.iter(|| profile::profiles(&all, &opts))
    });
    let p = profile::profiles(&all, &opts);
    g.bench_function("ecbplus_982_pairs", |b| {
        b.iter(|| stories::cluster::edges(&p, &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
