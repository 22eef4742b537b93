//! Reading the files a study names (series data in CSV or TOML beside it),
//! before the study is checked, so checking reads nothing and can be repeated.
//!
//! Only files that checking will use are read: a `[[series]]` with `file` and
//! no inline `values`, whose name ends in `.csv` or `.toml`. Whatever goes
//! wrong is kept for the checker, which reports it at the `file = …` line.

use std::path::Path;
use std::sync::Arc;

use super::raw::RawStudy;
use super::source::read;
use crate::diagnostic::SourceFile;
use crate::scenario::problem::ReadProblem;

/// A series file named by a study, as found on disk.
#[derive(Debug, Clone)]
pub enum SeriesFile {
    /// The file's text, and its format (by its name's extension).
    Read(Arc<SourceFile>, FileFormat),
    /// The file could not be read.
    Unreadable {
        /// Why.
        problem: ReadProblem,
        /// The folder the path was taken from, as the user wrote it (empty
        /// for the current folder).
        dir: String,
    },
    /// The study has no folder to read from (it is built into the program).
    NoFolder,
    /// The name is neither `.csv` nor `.toml`.
    UnknownType,
}

/// The format of a series file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// `year,growth` (or `growth_pct`, or `level`) rows.
    Csv,
    /// `values = { … }`, as in a `[[series]]`.
    Toml,
}

/// The series files of a study, one entry per `[[series]]` in file order
/// (`None` where a series names no file, or also gives inline values).
pub fn series_files(raw: &RawStudy, base_dir: Option<&Path>) -> Vec<Option<SeriesFile>> {
    raw.series
        .iter()
        .map(|s| match (&s.values, &s.file) {
            (None, Some(f)) => Some(series_file(&f.value, base_dir)),
            _ => None,
        })
        .collect()
}

fn series_file(name: &str, base_dir: Option<&Path>) -> SeriesFile {
    let Some(dir) = base_dir else {
        return SeriesFile::NoFolder;
    };
    let path = dir.join(name);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("csv") => FileFormat::Csv,
        Some("toml") => FileFormat::Toml,
        _ => return SeriesFile::UnknownType,
    };
    match read(&path) {
        Ok(file) => SeriesFile::Read(file, format),
        Err(problem) => SeriesFile::Unreadable {
            problem,
            dir: dir.display().to_string(),
        },
    }
}
