//! Scenario files: reading them from disk, parsing the TOML, checking the shape
//! and the meaning, and returning a checked [`Study`] or every problem found.
//!
//! The stages, each one way:
//!
//! ```text
//! source (bytes → text) ─▶ walk + raw (TOML → the file's shape, spans kept)
//!   ─▶ files (series files named by the study, read now) ─▶ check (meaning)
//!   ─▶ Study = spec (structure, names, sources) + params (every number, by address)
//! ```
//!
//! The format is documented in `docs/scenario-format.md`.

pub mod check;
pub mod files;
pub mod limits;
pub mod params;
pub mod problem;
pub mod raw;
pub mod source;
pub mod spec;
mod syntax;
pub mod walk;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use toml::de::DeTable;

pub use params::Params;
pub use source::{STDIN_NAME, read_source, read_stdin, source_from_bytes};
pub use spec::Spec;

use crate::diagnostic::{Diagnostic, Diagnostics, Problems, SourceFile};
use crate::scenario::problem::ReadProblem;
use params::ParamInfo;

/// A checked study: its spec, and values for its numbers (as written in the
/// file, or changed since). The two are made together and never parted, so
/// every handle of the spec finds its value.
#[derive(Debug, Clone)]
pub struct Study {
    spec: Arc<Spec>,
    params: Params,
}

impl Study {
    /// The study's structure, names and sources.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The values of the study's numbers.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The values of the study's numbers, to change (a what-if).
    pub fn params_mut(&mut self) -> &mut Params {
        &mut self.params
    }

    /// The address of one of the study's numbers: `series.CPI.2025`.
    pub fn address(&self, info: &ParamInfo) -> String {
        info.key.address(&self.spec.owner_name(info.key.owner))
    }

    /// The number at `address`, if the study has one there.
    pub fn param(&self, address: &str) -> Option<&ParamInfo> {
        self.params
            .iter()
            .find(|info| self.address(info) == address)
    }
}

/// Parses and checks a source file into a study, or returns every problem.
/// A study parsed this way cannot read series files; see [`parse_in`].
pub fn parse(file: &Arc<SourceFile>) -> Result<Study, Diagnostics> {
    parse_in(file, None)
}

/// Like [`parse`], reading series files relative to `base_dir`.
pub fn parse_in(file: &Arc<SourceFile>, base_dir: Option<&Path>) -> Result<Study, Diagnostics> {
    let mut diags = Diagnostics::new();
    if file.text.trim().is_empty() {
        diags.push(Diagnostic::in_file(file, ReadProblem::Empty));
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
            let hint = syntax::syntax_hint(&file.text, &span, &message);
            diags.push(Diagnostic::at(
                file,
                span,
                ReadProblem::Syntax { message, hint },
            ));
        }
        diags.sort();
        return Err(diags);
    }
    let raw = {
        let mut walker = walk::Walker::new(Problems::new(file, &mut diags), raw::STUDY_KEYS);
        raw::read_study(&mut walker, doc.get_ref())
    };
    let series_files = files::series_files(&raw, base_dir);
    let checked = check::check(Problems::new(file, &mut diags), raw, &series_files);
    diags.sort();
    limit(file, &mut diags);
    match checked {
        Ok((spec, params)) if diags.is_empty() => Ok(Study {
            spec: Arc::new(spec),
            params,
        }),
        _ => Err(diags),
    }
}

/// Reads, parses and checks the scenario file at `path`.
pub fn load(path: &Path) -> Result<Study, Diagnostics> {
    load_file(path).map(|(_, study)| study)
}

/// Like [`load`], also returning the file's text (to point into it later).
pub fn load_file(path: &Path) -> Result<(Arc<SourceFile>, Study), Diagnostics> {
    let file = read_source(path)?;
    // The study's folder as the user wrote it (empty for a bare file name), so
    // series paths are shown as `data/cpi.csv`, not `./data/cpi.csv`.
    let dir = path.parent().unwrap_or(Path::new(""));
    let study = parse_in(&file, Some(dir))?;
    Ok((file, study))
}

/// Reads, parses and checks a study from `reader` (standard input), named
/// [`STDIN_NAME`] in messages. Series files it names are read from the
/// current folder, as for a study file there: `file = "data/cpi.csv"` is
/// `./data/cpi.csv`.
pub fn load_stdin(reader: impl Read) -> Result<(Arc<SourceFile>, Study), Diagnostics> {
    let file = read_stdin(reader).map_err(Diagnostic::new)?;
    let study = parse_in(&file, Some(Path::new("")))?;
    Ok((file, study))
}

use limits::MAX_PROBLEMS_PER_FILE;

fn limit(file: &Arc<SourceFile>, diags: &mut Diagnostics) {
    if diags.0.len() > MAX_PROBLEMS_PER_FILE {
        let more = diags.0.len().saturating_sub(MAX_PROBLEMS_PER_FILE);
        diags.0.truncate(MAX_PROBLEMS_PER_FILE);
        diags.push(Diagnostic::in_file(
            file,
            ReadProblem::MoreProblems { more },
        ));
    }
}
