//! Fits the claim model of `claims::link` (a logistic model over the claim features: IDF
//! overlap, shared IDF mass, IDF cosine, lengths, shared bigrams, numbers, headings, rarest
//! shared term) on the four hand-labelled sets of ../shared/data/claims-gold, and chooses its
//! threshold: the highest mean claim recall at a mean precision of at least 0.90, the engine run
//! on each set. Prints the leave-one-set-out figures (fit on three, scored on the fourth), then
//! the model fitted on all four as the `CLAIM_MODEL` and `CLAIM_THRESHOLD` constants.
//! Deterministic (full-batch gradient descent). Run by hand:
//! `cargo run --release --example train_claim_model`.

mod common;

use common::gold::{self, Scores};

fn main() {
    let Some(sets) = gold::gold_sets() else {
        return;
    };
    for set in &sets {
        let rows = gold::rows(set, &base());
        let gold_pairs: std::collections::HashSet<_> = set
            .claims
            .iter()
            .flat_map(|m| {
                m.iter()
                    .flat_map(move |x| m.iter().filter(move |y| x.0 < y.0).map(move |y| (*x, *y)))
            })
            .collect();
        println!(
            "set {}: {} candidate pairs, {} share a gold claim, of {} gold pairs",
            set.name,
            rows.len(),
            rows.iter().filter(|r| r.label).count(),
            gold_pairs.len()
        );
    }
    println!("\n== leave one set out");
    let folds = gold::loso(&sets, base());
    for (set, (p, s)) in sets.iter().zip(&folds) {
        println!(
            "  {} held out (thresholds {:.2}, mutual {:.2}): {}",
            set.name,
            p.claim_threshold,
            p.claim_mutual,
            s.line()
        );
    }
    let held: Vec<Scores> = folds.iter().map(|f| f.1).collect();
    println!("  mean held out: {}", Scores::mean(&held).line());
    let refs: Vec<&gold::GoldSet> = sets.iter().collect();
    let p = gold::fit_sets(&refs, base());
    println!(
        "\n== fitted on all four\n{}",
        gold::weights_table(&p.claim_model)
    );
    let list: Vec<String> = p.claim_model.iter().map(|w| format!("{w:.4}")).collect();
    println!(
        "\npub const CLAIM_MODEL: [f32; N_CLAIM + 1] = [{}];\npub const CLAIM_THRESHOLD: f32 = {:.2};\npub const CLAIM_MUTUAL: f32 = {:.2};",
        list.join(", "),
        p.claim_threshold,
        p.claim_mutual
    );
}

/// The settings the fit starts from: the defaults, with `--min-shared N` (fewest shared terms
/// for the claim model) `--one-sided` (one-sided best matches) and `--unsupported` (no
/// links supported by a third sentence) when given.
fn base() -> parallax::claims::LinkParams {
    let args: Vec<String> = std::env::args().collect();
    let mut p = parallax::claims::LinkParams::default();
    if let Some(n) = args
        .iter()
        .position(|a| a == "--min-shared")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        p.claim_min_shared = n;
    }
    p.claim_one_sided |= args.iter().any(|a| a == "--one-sided");
    p.claim_supported &= !args.iter().any(|a| a == "--unsupported");
    if let Some(g) = args
        .iter()
        .position(|a| a == "--gate")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        p.article_gate = g;
    }
    p
}
