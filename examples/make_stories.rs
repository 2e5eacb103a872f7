//! Writes a synthetic set for the stories scale test: copies of the 982 ECB+ articles in which
//! every name, place and number is rewritten per copy (the same way for all articles of one
//! copy of one topic), so each copy of an event is a distinct event with its own people, places,
//! figures and dates. JSON Lines shards of 1,000 articles; each item's `url` holds its gold
//! event (`synthetic:COPY/TOPIC/ecb` or `.../ecbplus`) for `eval_stories --scale DIR`.
//! Run by hand: `cargo run --release --example make_stories [-- N DIR]` (default 100000
//! articles into /tmp/parallax-stories).

mod common;

use std::hash::{Hash, Hasher};
use std::io::Write;

use anyhow::Context;
use common::data_dir;
use parallax::text::word_ranges;

/// One source article: topic, ecbplus half, text.
struct Source {
    topic: u32,
    plus: bool,
    text: String,
}

fn hash(parts: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

const SYLLABLES: [&str; 24] = [
    "ka", "ro", "mi", "ten", "sa", "vo", "lin", "da", "pe", "gor", "ul", "bra", "ni", "qua", "zel",
    "to", "mar", "eki", "fa", "dor", "shi", "wen", "ta", "lu",
];

/// A made-up name for `word` in copy `key`: two or three syllables, capitalised as `word` is.
fn name(word: &str, key: u64) -> String {
    let h = hash((word, key));
    let n = 2 + (h % 2) as usize;
    let mut s: String = (0..n)
        .map(|i| SYLLABLES[((h >> (8 * (i + 1))) % 24) as usize])
        .collect();
    if word.chars().all(|c| !c.is_lowercase()) {
        s = s.to_uppercase();
    } else if let Some(f) = s.get(..1) {
        s = f.to_uppercase() + &s[1..];
    }
    s
}

/// A made-up number for `digits` in copy `key`: a year stays a year, a day of the month a day.
fn number(digits: &str, key: u64) -> String {
    let h = hash((digits, key));
    match digits.parse::<u64>() {
        Ok(y) if digits.len() == 4 && (1900..=2100).contains(&y) => (1950 + h % 70).to_string(),
        Ok(d) if d <= 31 && digits.len() <= 2 => (1 + h % 28).to_string(),
        _ => digits
            .bytes()
            .enumerate()
            .map(|(i, b)| {
                if !b.is_ascii_digit() {
                    return b as char;
                }
                let lo = if i == 0 { 1 } else { 0 };
                (b'0' + lo + ((h >> (4 * (i % 16))) % (10 - lo as u64)) as u8) as char
            })
            .collect(),
    }
}

/// `text` with its names (capitalised words not opening a sentence) and numbers rewritten.
fn rewrite(text: &str, key: u64) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for r in word_ranges(text) {
        let w = &text[r.clone()];
        let before = text[..r.start].trim_end_matches([' ', '\t', '`', '\'', '"']);
        let opens = before.is_empty() || before.ends_with(['.', '\n', '!', '?', ':']);
        let new = if w.starts_with(|c: char| c.is_ascii_digit()) {
            Some(number(w, key))
        } else if w.starts_with(char::is_uppercase)
            && !opens
            && parallax::text::month(w).is_none()
            && !parallax::text::full_weekday(w)
        {
            Some(name(w, key))
        } else {
            None
        };
        if let Some(new) = new {
            out.push_str(&text[last..r.start]);
            out.push_str(&new);
            last = r.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

fn sources() -> anyhow::Result<Vec<Source>> {
    let root = data_dir().join("ecbplus/plaintext");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .with_context(|| format!("ECB+ not found under {}", root.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&d)?.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let Some((topic, rest)) = name.split_once('_') else {
                continue;
            };
            let Ok(topic) = topic.parse() else { continue };
            let text =
                std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
            out.push(Source {
                topic,
                plus: rest.ends_with("ecbplus.txt"),
                text,
            });
        }
    }
    Ok(out)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().map_or(Ok(100_000), |a| a.parse())?;
    let dir = std::path::PathBuf::from(args.get(1).map_or("/tmp/parallax-stories", |s| s));
    let sources = sources()?;
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut bytes = 0usize;
    let mut shard = None;
    for i in 0..n {
        let (copy, s) = (i / sources.len(), &sources[i % sources.len()]);
        if i % 1000 == 0 {
            let path = dir.join(format!("shard{:04}.jsonl", i / 1000));
            shard = Some(std::io::BufWriter::new(
                std::fs::File::create(&path)
                    .with_context(|| format!("writing {}", path.display()))?,
            ));
        }
        // Copy 0 is the original; later copies rewrite per (copy, topic).
        let text = if copy == 0 {
            s.text.clone()
        } else {
            rewrite(&s.text, hash((copy, s.topic)))
        };
        bytes += text.len();
        let half = if s.plus { "ecbplus" } else { "ecb" };
        let item = serde_json::json!({
            "url": format!("synthetic:{copy}/{}/{half}", s.topic),
            "text": text,
        });
        if let Some(w) = shard.as_mut() {
            serde_json::to_writer(&mut *w, &item)?;
            writeln!(w)?;
        }
    }
    println!(
        "wrote {n} articles, {bytes} bytes of text, to {}",
        dir.display()
    );
    Ok(())
}
