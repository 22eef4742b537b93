//! Reading a scenario file from disk: bytes into UTF-8 text, with limits, so a
//! directory, a huge file or binary data is refused with a clear message.

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, SourceFile};

/// The largest scenario file costshare reads: 8 MiB. A hand-written study is a
/// few kilobytes and a generated sweep of ten thousand proposals under 2 MiB;
/// anything larger is almost certainly the wrong file.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a file as UTF-8 text, refusing directories, huge files and binary data.
pub fn read_source(path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let name = path.display().to_string();
    let fail = |message: String, help: &str| {
        Diagnostic::error(format!("{name}: {message}")).with_help(help)
    };
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => fail(
            "no such file".into(),
            "check the path; `costshare new FILE` writes a starter file",
        ),
        _ => fail(
            format!("cannot read it: {e}"),
            "check the path and its permissions",
        ),
    })?;
    if metadata.is_dir() {
        return Err(fail(
            "is a directory, not a scenario file".into(),
            "give the path of a .toml file inside it",
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(fail(
            format!(
                "is {} bytes; scenario files are limited to {} bytes (8 MiB)",
                metadata.len(),
                MAX_FILE_BYTES
            ),
            "is this the right file? split very large studies into several files",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            f.take(MAX_FILE_BYTES.saturating_add(1))
                .read_to_end(&mut bytes)
        })
        .map_err(|e| {
            fail(
                format!("cannot read it: {e}"),
                "check the path and its permissions",
            )
        })?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(fail(
            format!("is larger than {MAX_FILE_BYTES} bytes (8 MiB)"),
            "is this the right file? split very large studies into several files",
        ));
    }
    source_from_bytes(&name, bytes)
}

/// Turns bytes into a source file, refusing anything that is not UTF-8 text.
pub fn source_from_bytes(name: &str, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(SourceFile::new(name, text))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default());
            let line = prefix.matches('\n').count().saturating_add(1);
            let col = prefix
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                .saturating_add(1);
            Err(Diagnostic::error(format!(
                "{name}:{line}:{col}: the file is not UTF-8 text (byte {valid} cannot be read)"
            ))
            .with_help("save the file as UTF-8; scenario files are plain text"))
        }
    }
}
