//! What the benches share: the ECB+ articles, read from ../shared/data when it is there.

use std::path::Path;

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
