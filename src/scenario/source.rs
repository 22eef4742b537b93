//! Reading a scenario file from disk (or standard input): bytes into UTF-8
//! text, with limits, so a directory, a huge file or binary data is refused
//! with a clear message.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::scenario::problem::ReadProblem;

use super::limits::MAX_FILE_BYTES;

/// Reads a file as UTF-8 text, refusing directories, huge files and binary data.
pub fn read_source(path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    read(path).map_err(Diagnostic::new)
}

/// [`read_source`], with the problem as data.
pub fn read(path: &Path) -> Result<Arc<SourceFile>, ReadProblem> {
    let name = path.display().to_string();
    let cannot_read = |e: std::io::Error| ReadProblem::CannotRead {
        name: name.clone(),
        error: e.to_string(),
    };
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadProblem::NoSuchFile { name: name.clone() },
        _ => cannot_read(e),
    })?;
    if metadata.is_dir() {
        return Err(ReadProblem::IsDirectory { name });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadProblem::TooLarge {
            name,
            bytes: metadata.len(),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            f.take(MAX_FILE_BYTES.saturating_add(1))
                .read_to_end(&mut bytes)
        })
        .map_err(cannot_read)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(ReadProblem::GrewTooLarge { name });
    }
    decode(&name, bytes)
}

/// The name standard input goes by in messages (`<stdin>:3:9: …`).
pub const STDIN_NAME: &str = "<stdin>";

/// Reads a study from `reader` (standard input, for a FILE of `-`) as UTF-8
/// text named [`STDIN_NAME`], with the limit of a file: more than
/// [`MAX_FILE_BYTES`] is refused, and no more than one byte past it is read.
pub fn read_stdin(reader: impl Read) -> Result<Arc<SourceFile>, ReadProblem> {
    let name = STDIN_NAME.to_string();
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadProblem::CannotRead {
            name: name.clone(),
            error: e.to_string(),
        })?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(ReadProblem::GrewTooLarge { name });
    }
    decode(&name, bytes)
}

/// Turns bytes into a source file, refusing anything that is not UTF-8 text.
pub fn source_from_bytes(name: &str, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Diagnostic> {
    decode(name, bytes).map_err(Diagnostic::new)
}

fn decode(name: &str, bytes: Vec<u8>) -> Result<Arc<SourceFile>, ReadProblem> {
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
            Err(ReadProblem::NotUtf8 {
                name: name.to_string(),
                line,
                col,
                byte: valid,
            })
        }
    }
}
