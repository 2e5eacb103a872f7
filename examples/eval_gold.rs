//! Scores the claims engine on the hand-labelled claim sets of ../shared/data/claims-gold (A-D):
//! for each set, the engine runs on its six articles alone, and its links, unique sentences and
//! facts are scored as `score/gold_eval.py` scores a report (claim recall, precision,
//! false-unique, facts). Then leave one set out: the claim model refitted on the other three
//! sets (`train_claim_model` does the same fit), scored on the held-out set.
//! Run by hand: `cargo run --release --example eval_gold [-- --no-loso]`.

mod common;

use common::gold::{self, Scores};

fn main() {
    let Some(sets) = gold::gold_sets() else {
        return;
    };
    println!("== shipped model (fitted on all four sets), engine on each set alone");
    let mut all = Vec::new();
    for set in &sets {
        let (s, _) = gold::evaluate(set, &gold::base_params());
        println!("  {}: {} (unlocated {})", set.name, s.line(), set.unlocated);
        all.push(s);
    }
    println!("  mean: {}", Scores::mean(&all).line());
    if std::env::args().any(|a| a == "--no-loso") {
        return;
    }
    println!("\n== leave one set out (model and threshold fitted on the other three)");
    gold::print_loso(&sets, "");
}
