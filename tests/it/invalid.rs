//! Broken inputs: one file per kind of mistake in tests/invalid/, each run
//! through `costshare run` (so problems found only when computing, such as an
//! overflow, are covered too); the exit code must be 1 (never a panic's 101),
//! nothing may reach standard output, and the full message is snapshotted.
//!
//! Each file's first line says what the message must contain
//! (`# expect: A && B`), so the snapshot cannot drift from the point of the
//! file. Files that cannot hold such a line carry it elsewhere: a directory
//! (`a-directory.toml/`) in its `.gitkeep`, a UTF-16 file in UTF-16.

use std::path::Path;

use crate::common::{bin, root};

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
        let out = bin(&root()).args(["run", &rel]).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{rel}: {stderr}");
        assert!(out.stdout.is_empty(), "{rel}");
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
