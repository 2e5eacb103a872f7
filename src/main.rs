//! The `parallax` binary: parse the command line, pick the mode, run it.

// The system allocator, by measurement (2026-11-27, hyperfine and /usr/bin/time, load ~10 on
// 2 cores): `parallax report` over the 982 ECB+ articles peaks at 29.5 MB RSS with it, 37 MB
// with mimalloc without huge pages, 67-75 MB with them, at the same CPU (within noise);
// `parallax search` (query first) on 200,000 lines, the same. Only a full load of that file
// (the reader) was ~10% faster with mimalloc without huge pages; memory decided.

fn main() -> std::process::ExitCode {
    parallax::cli::main()
}
