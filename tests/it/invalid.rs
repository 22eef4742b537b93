//! Broken inputs: one file per kind of mistake in tests/invalid/, each run
//! through `costshare run` (so problems found only when computing, such as an
//! overflow, are covered too); the exit code must be 1 (never a panic's 101),
//! nothing may reach standard output, and the full message is snapshotted.
//!
//! The corpus runs in-process, through the same `commands::execute` the binary
//! calls, rendered as the binary renders it; a few files also go through the
//! real binary, which must print exactly the same.
//!
//! Each file's first line says what the message must contain
//! (`# expect: A && B`), so the snapshot cannot drift from the point of the
//! file. Files that cannot hold such a line carry it elsewhere: a directory
//! (`a-directory.toml/`) in its `.gitkeep`, a UTF-16 file in UTF-16.

use std::path::Path;

use clap::Parser as _;
use costshare::cli::Cli;
use costshare::commands::{self, Failure};
use costshare::diagnostic::render_all;

use crate::common::{bin, root};

/// Runs `costshare ARGS` in this process as the binary would (no terminal,
/// no colour): the exit code, standard output and standard error.
fn in_process(args: &[&str]) -> (u8, Vec<u8>, String) {
    let cli =
        Cli::try_parse_from(std::iter::once("costshare").chain(args.iter().copied())).unwrap();
    let mut stdout = Vec::new();
    match commands::execute(&cli.command, None, &mut stdout) {
        Ok(outcome) => (0, stdout, outcome.notes.join("\n")),
        Err(Failure::Problems {
            diagnostics,
            exit_code,
        }) => (exit_code, stdout, render_all(&diagnostics.0, false)),
        Err(Failure::ClosedOutput) => panic!("{args:?}: writing into memory never closes"),
    }
}

/// The `# expect: …` line of a corpus entry, if it has one.
fn expect_line(path: &Path) -> Option<String> {
    let bytes = if path.is_dir() {
        std::fs::read(path.join(".gitkeep")).ok()?
    } else {
        std::fs::read(path).ok()?
    };
    let text = match bytes.strip_prefix(&[0xff, 0xfe]) {
        // UTF-16 little-endian, as Windows Notepad's "Unicode" writes it.
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(&bytes).into_owned(),
    };
    let first = text.lines().next()?;
    first.strip_prefix("# expect: ").map(str::to_string)
}

#[test]
fn every_broken_input_gets_a_located_actionable_error() {
    let mut seen = 0;
    insta::glob!("../invalid", "*.toml", |path| {
        seen += 1;
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        // Tests run in the repository root, as the binary is run below.
        let (code, stdout, stderr) = in_process(&["run", &rel]);
        assert_eq!(code, 1, "{rel}: {stderr}");
        assert!(stdout.is_empty(), "{rel}");
        assert!(
            stderr.contains(&rel),
            "{rel}: the message names the file: {stderr}"
        );
        let expect = expect_line(path);
        let expect = expect.unwrap_or_else(|| {
            // Only the empty file has no room for the line.
            assert!(
                rel.ends_with("empty.toml"),
                "{rel}: starts with `# expect: …`"
            );
            "the file is empty".to_string()
        });
        for part in expect.split(" && ") {
            assert!(
                stderr.contains(part.trim()),
                "{rel}: expected `{part}` in:\n{stderr}"
            );
        }
        // A located problem names the place as `file:line:column` and
        // underlines the offending text.
        if stderr.contains(&format!("--> {rel}:")) {
            assert!(stderr.contains('^'), "{rel}: underlined: {stderr}");
        }
        insta::assert_snapshot!(stderr);
    });
    assert!(seen >= 40, "the corpus of broken inputs is there ({seen})");
}

#[test]
fn the_binary_reports_broken_inputs_exactly_as_in_process() {
    // A syntax error, a shape problem, a meaning problem found when checking,
    // one found only when computing, and unreadable bytes.
    for rel in [
        "tests/invalid/syntax-unclosed-string.toml",
        "tests/invalid/unknown-key.toml",
        "tests/invalid/overlapping-phases.toml",
        "tests/invalid/running-total-overflow.toml",
        "tests/invalid/not-utf8.toml",
    ] {
        let out = bin(&root()).args(["run", rel]).output().unwrap();
        let (code, stdout, stderr) = in_process(&["run", rel]);
        assert_eq!(out.status.code(), Some(i32::from(code)), "{rel}");
        assert_eq!(out.stdout, stdout, "{rel}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), stderr, "{rel}");
        assert_eq!(code, 1, "{rel}");
    }
}
