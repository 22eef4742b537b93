//! Scenario files: reading them from disk, parsing the TOML, checking the shape
//! and the meaning, and returning a validated [`Study`] or every problem found.
//!
//! The stages are `read` (bytes → text, with limits), `raw` (TOML → the file's
//! shape with spans), and `validate` (shape → [`model`]). The format is
//! documented in `docs/scenario-format.md`.

pub mod data;
pub mod model;
pub mod raw;
pub mod read;
pub mod validate;

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use toml::de::DeTable;

pub use model::Study;

use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};

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

/// Parses and validates a source file into a study, or returns every problem.
/// A study parsed this way cannot read series files; see [`parse_in`].
pub fn parse(file: &Arc<SourceFile>) -> Result<Study, Diagnostics> {
    parse_in(file, None)
}

/// Like [`parse`], reading series files relative to `base_dir`.
pub fn parse_in(file: &Arc<SourceFile>, base_dir: Option<&Path>) -> Result<Study, Diagnostics> {
    let mut diags = Diagnostics::new();
    if file.text.trim().is_empty() {
        diags.push(
            Diagnostic::in_file(file, "the file is empty")
                .with_help("`costshare new FILE` writes a commented starter file to begin from"),
        );
        return Err(diags);
    }
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        let mut lines_seen = Vec::new();
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let (line, _) = file.line_col(span.start);
            if lines_seen.contains(&line) {
                continue;
            }
            lines_seen.push(line);
            let message = error.message().trim().to_string();
            let mut d = Diagnostic::at(file, span.clone(), format!("TOML syntax: {message}"));
            d.help = syntax_hint(&file.text, &span, &message);
            diags.push(d);
        }
        diags.sort();
        return Err(diags);
    }
    let mut reader = read::Reader {
        file,
        diags: &mut diags,
    };
    let raw = raw::read_study(&mut reader, doc.get_ref());
    let study = validate::validate(file, raw, base_dir, &mut diags);
    diags.sort();
    limit(file, &mut diags);
    match study {
        Some(study) if diags.is_empty() => Ok(study),
        _ => Err(diags),
    }
}

/// Reads, parses and validates the scenario file at `path`.
pub fn load(path: &Path) -> Result<Study, Diagnostics> {
    let file = read_source(path)?;
    // The study's folder as the user wrote it (empty for a bare file name), so
    // series paths are shown as `data/cpi.csv`, not `./data/cpi.csv`.
    let dir = path.parent().unwrap_or(Path::new(""));
    parse_in(&file, Some(dir))
}

/// The most problems reported for one file; the rest are counted, not listed.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

fn limit(file: &Arc<SourceFile>, diags: &mut Diagnostics) {
    if diags.0.len() > MAX_PROBLEMS_PER_FILE {
        let more = diags.0.len().saturating_sub(MAX_PROBLEMS_PER_FILE);
        diags.0.truncate(MAX_PROBLEMS_PER_FILE);
        diags.push(
            Diagnostic::in_file(file, format!("{more} more problems not shown"))
                .with_help("fix the problems above first; they often cause the rest"),
        );
    }
}

/// A hint for the TOML syntax mistakes people make most in scenario files.
fn syntax_hint(text: &str, span: &std::ops::Range<usize>, message: &str) -> Option<String> {
    let rest = text.get(span.start..).unwrap_or_default();
    let word: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ',' && *c != '}')
        .collect();
    // `amount = 1,038.9`: a thousands separator splits the number.
    let line_start = text
        .get(..span.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i.saturating_add(1));
    let line = text
        .get(line_start..)
        .and_then(|t| t.lines().next())
        .unwrap_or_default();
    if let Some((_, value)) = line.split_once('=') {
        let value = value.split('#').next().unwrap_or_default().trim();
        if value.contains(',')
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            let plain = value.replace(',', "");
            return Some(format!(
                "numbers have no thousands separators: write {plain} (or with `_` between digits)"
            ));
        }
    }
    if message.contains("must be quoted") {
        if word.ends_with('%') {
            return Some(format!(
                "percentages are text in TOML: write \"{word}\" in quotes"
            ));
        }
        return Some(format!("text must be in quotes: \"{word}\""));
    }
    if message.contains("duplicate key") {
        return Some("each key may appear only once in a table; remove or rename one".to_string());
    }
    if message.contains("unclosed")
        || message.contains("expected `\"`")
        || message.contains("expected `'`")
    {
        return Some("close the string, array or table that starts here".to_string());
    }
    if message.contains("invalid float") || message.contains("invalid integer") {
        return Some(
            "numbers are written like 1038.9 or 1_038.9; anything else goes in quotes".to_string(),
        );
    }
    None
}
