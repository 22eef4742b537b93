//! Broken inputs: one file per kind of mistake in tests/invalid/, each run
//! through `costshare validate`; the exit code must be 1 (never a panic's 101)
//! and the full message is snapshotted. Each file's first line says what
//! the message must contain (`# expect: …`), so the snapshot cannot drift from
//! the point of the file.

use crate::common::{bin, root};

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
        let out = bin(&root()).args(["validate", &rel]).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{rel}: {stderr}");
        assert!(out.stdout.is_empty(), "{rel}");
        assert!(
            stderr.contains(&rel),
            "{rel}: the message names the file: {stderr}"
        );
        let text = std::fs::read(path).unwrap_or_default();
        let first = String::from_utf8_lossy(&text)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        if let Some(expect) = first.strip_prefix("# expect: ") {
            for part in expect.split(" && ") {
                assert!(
                    stderr.contains(part.trim()),
                    "{rel}: expected `{part}` in:\n{stderr}"
                );
            }
        }
        insta::assert_snapshot!(stderr);
    });
    assert!(seen >= 10, "the corpus of broken inputs is there");
}
