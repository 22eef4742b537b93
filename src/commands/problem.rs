//! Mistakes in the command line that clap cannot see: options that do not go
//! together, or a format that cannot be told.

use std::path::PathBuf;

use crate::diagnostic::{Explain, Text};

/// Options that cannot be used as given (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageProblem {
    /// `--decimals` with a format other than CSV.
    Decimals,
    /// An output file whose extension names no format.
    UnknownFormat {
        /// The output path.
        path: PathBuf,
    },
    /// `--wide` with JSON.
    WideJson,
    /// `--wide` with several files.
    WideFiles,
    /// `--by-category` with a format other than CSV.
    ByCategory,
    /// `--sources -`.
    SourcesPath,
}

impl Explain for UsageProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            UsageProblem::Decimals => "--decimals applies to CSV output only".into(),
            UsageProblem::UnknownFormat { path } => format!(
                "cannot tell the format of `{}` from its extension",
                path.display()
            ),
            UsageProblem::WideJson => "--wide does not apply to JSON".into(),
            UsageProblem::WideFiles => {
                "--wide takes one file at a time: each study has its own columns".into()
            }
            UsageProblem::ByCategory => "--by-category shapes CSV output only".into(),
            UsageProblem::SourcesPath => "--sources needs a file path".into(),
        }
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            UsageProblem::Decimals => {
                "tables and Markdown use the study's `decimals` key; JSON is always exact".into()
            }
            UsageProblem::UnknownFormat { .. } => {
                "name the file .csv, .json or .md, or give --format csv|json|markdown".into()
            }
            UsageProblem::WideJson => "JSON always carries every figure; drop --wide".into(),
            UsageProblem::WideFiles => {
                "export the files one by one, or drop --wide for one tidy CSV of them all".into()
            }
            UsageProblem::ByCategory => "write to a .csv file, or give --format csv".into(),
            UsageProblem::SourcesPath => "give a path such as sources.csv".into(),
        })
    }
}
