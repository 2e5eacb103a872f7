//! The `parallax` binary: parse the command line, pick the mode, run it.

// The system allocator, by measurement (2026-11-27, 5 alternating runs each, load ~9 on 2
// cores; medians): `parallax report` over the 982 ECB+ articles peaks at 20.8 MB RSS with it,
// 67 MB with mimalloc 0.1.52 as it comes, 40 MB with its purge delay at 0, 67 MB with large
// OS pages; `parallax search` on 200,000 lines (24.7 MB) 80 MB against 98-118 MB. User CPU
// within noise (report 1.0-1.2 s, search 0.20-0.23 s, all settings). Memory decided.

fn main() -> std::process::ExitCode {
    parallax::cli::main()
}
