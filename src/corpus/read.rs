//! Bytes in: files, standard input and URLs read whole, each under the size cap, and binary
//! content told apart from text. Nothing here decodes text; [`super::formats`] does that.

pub mod fetch;

use std::fs;
use std::io::Read;
use std::path::Path;

pub use fetch::{FetchOptions, Fetched, fetch, is_url};

/// Bytes inspected to tell text from binary.
const SNIFF_BYTES: usize = 8192;

/// One input's bytes, with the `Content-Type` a server sent them with (URLs only).
#[derive(Debug, Clone, Default)]
pub struct Bytes {
    /// The bytes as read (for URLs, after content decoding: gzip, deflate, brotli).
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, for fetched URLs.
    pub content_type: Option<String>,
}

/// Reads one input: `-` (stdin), an `http(s)://` URL, or a file path, each under `max_bytes`.
/// `Err` says why in a reader's words, without the input's name (the caller names it).
pub fn input(input: &Path, max_bytes: u64) -> Result<Bytes, String> {
    let as_str = input.to_str();
    if as_str == Some("-") {
        return read_stdin(max_bytes).map(|bytes| Bytes {
            bytes,
            content_type: None,
        });
    }
    if let Some(url) = as_str.filter(|s| is_url(s)) {
        let opts = FetchOptions {
            max_bytes,
            ..FetchOptions::default()
        };
        let fetched = fetch(url, &opts)?;
        return Ok(Bytes {
            bytes: fetched.bytes,
            content_type: fetched.content_type,
        });
    }
    read_file(input, max_bytes).map(|bytes| Bytes {
        bytes,
        content_type: None,
    })
}

/// "too large (2.0 KB, over the 1.0 KB cap; ...)".
pub fn too_large(size: u64, cap: u64) -> String {
    format!(
        "too large ({}, over the {} cap; raise it with --max-size)",
        human_size(size),
        human_size(cap)
    )
}

/// "20.0 MB", "512 KB", "37 bytes".
pub fn human_size(n: u64) -> String {
    const K: u64 = 1024;
    if n >= K * K {
        format!("{:.1} MB", n as f64 / (K * K) as f64)
    } else if n >= K {
        format!("{:.1} KB", n as f64 / K as f64)
    } else {
        format!("{n} bytes")
    }
}

/// Reads a file of at most `cap` bytes, checking its size before reading it.
pub fn read_file(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > cap {
        return Err(too_large(meta.len(), cap));
    }
    let file = fs::File::open(path).map_err(|e| format!("cannot open it: {e}"))?;
    if let Some(bytes) = read_in_parallel(&file, meta.len()) {
        return Ok(bytes);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the check and the read: never read past the cap.
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// Files from this size are read by all cores at once, each its own stretch: the copy out of
/// the page cache and the first touch of the new pages are most of a large file's load time.
const PARALLEL_READ_FROM: u64 = 4 << 20;

/// The whole of a large `file` of `len` bytes, read in parallel stretches; `None` (read it
/// the ordinary way) for a small file, one whose size changed, or any error.
#[cfg(unix)]
fn read_in_parallel(file: &fs::File, len: u64) -> Option<Vec<u8>> {
    use rayon::prelude::*;
    use std::os::unix::fs::FileExt;
    if len < PARALLEL_READ_FROM || usize::try_from(len).is_err() {
        return None;
    }
    let stretch = (len as usize)
        .div_ceil(rayon::current_num_threads())
        .max(1 << 20);
    let mut bytes = vec![0u8; len as usize];
    bytes
        .par_chunks_mut(stretch)
        .enumerate()
        .try_for_each(|(i, part)| file.read_exact_at(part, (i * stretch) as u64))
        .ok()?;
    // A file that grew while read: the ordinary way re-reads it under the cap.
    let grew = file.read_at(&mut [0u8; 1], len).map_or(true, |n| n > 0);
    (!grew).then_some(bytes)
}

#[cfg(not(unix))]
fn read_in_parallel(_file: &fs::File, _len: u64) -> Option<Vec<u8>> {
    None
}

/// Reads all of stdin, refusing more than `cap` bytes.
pub fn read_stdin(cap: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "too large (over the {} cap; raise it with --max-size)",
            human_size(cap)
        ));
    }
    Ok(bytes)
}

/// Why bytes are not text, if they are not.
pub fn binary_reason(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Some("looks binary (holds NUL bytes), not an article");
    }
    // Control bytes other than tab, line breaks, form feed and ESC are rare in text.
    let odd = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if odd * 10 > head.len() {
        return Some("looks binary (mostly control bytes), not an article");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_reads_whole_and_in_order() {
        // Past the size read in parallel stretches: every byte comes back in its place.
        let bytes: Vec<u8> = (0..PARALLEL_READ_FROM as usize * 2 + 12_345)
            .map(|i| b"abcdefghij\n"[(i * 7 + i / 4096) % 11])
            .collect();
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, &bytes).unwrap();
        assert!(read_file(file.path(), bytes.len() as u64) == Ok(bytes.clone()));
        assert!(read_file(file.path(), bytes.len() as u64 - 1).is_err());
    }

    #[test]
    fn sizes_read_as_a_person_would() {
        assert_eq!(human_size(37), "37 bytes");
        assert_eq!(human_size(2048), "2.0 KB");
        assert_eq!(human_size(20 << 20), "20.0 MB");
    }

    #[test]
    fn binary_is_told_from_text() {
        assert!(binary_reason(b"\x7fELF\0\0\x01").is_some());
        assert!(binary_reason(b"\x1b[31mRed\x1b[0m text.").is_none());
        assert!(binary_reason(b"Plain words.\r\n").is_none());
    }

    #[test]
    fn a_growing_file_is_capped() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        fs::write(&f, "x".repeat(100)).unwrap();
        assert!(read_file(&f, 10).unwrap_err().contains("too large"));
        assert_eq!(read_file(&f, 100).unwrap().len(), 100);
        assert_eq!(
            read_file(dir.path(), 100).unwrap_err(),
            "not a regular file"
        );
    }
}
