//! Fits the claim model of `claims::link` (a logistic model over the claim features: IDF
//! overlap, shared IDF mass, IDF cosine, lengths, shared bigrams, numbers, headings, rarest
//! shared term) on the four hand-labelled sets of ../shared/data/claims-gold, and chooses its
//! threshold: the highest mean claim recall at a mean precision of at least 0.92, the engine run
//! on each set (`--min-precision P` for another; held out, precision came out 0.01 to 0.03 lower
//! than on the sets fitted). Prints the leave-one-set-out figures (fit on three, scored on the fourth), then
//! the model fitted on all four as the `CLAIM_MODEL` and `CLAIM_THRESHOLD` constants.
//! Deterministic (full-batch gradient descent). Run by hand:
//! `cargo run --release --example train_claim_model`.

mod common;

use common::gold;

fn main() {
    let Some(sets) = gold::gold_sets() else {
        return;
    };
    for set in &sets {
        let rows = gold::rows(set, &gold::base_params());
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
    gold::print_loso(&sets, " held out");
    let refs: Vec<&gold::GoldSet> = sets.iter().collect();
    let p = gold::fit_sets(&refs, gold::base_params());
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
