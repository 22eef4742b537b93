//! Problems writing the output: a file that cannot be written where asked,
//! or standard output that cannot be written at all.

use std::path::PathBuf;

use crate::diagnostic::{Explain, Text};

/// Output that cannot be written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputProblem {
    /// The path is empty.
    EmptyPath,
    /// The path is a directory.
    IsDirectory(PathBuf),
    /// A file is there, and replacing it was not asked for (`--force`).
    Exists(PathBuf),
    /// A file is there, and `costshare new` never replaces one.
    NewExists(PathBuf),
    /// The directory it would go in does not exist.
    NoDirectory {
        /// The path asked for.
        path: PathBuf,
        /// Its directory.
        dir: PathBuf,
    },
    /// The directory cannot be written.
    Unwritable {
        /// The path asked for.
        path: PathBuf,
        /// Its directory.
        dir: PathBuf,
        /// The system's reason.
        error: String,
    },
    /// Writing or moving the file into place failed.
    WriteFailed {
        /// The path asked for.
        path: PathBuf,
        /// The system's reason.
        error: String,
    },
    /// Standard output cannot be written.
    Stdout {
        /// The system's reason.
        error: String,
    },
}

impl OutputProblem {
    /// True for standard output that cannot be written.
    pub fn is_stdout(&self) -> bool {
        matches!(self, OutputProblem::Stdout { .. })
    }
}

impl Explain for OutputProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            OutputProblem::EmptyPath => "the output path is empty".into(),
            OutputProblem::IsDirectory(path) => format!("{}: is a directory", path.display()),
            OutputProblem::Exists(path) | OutputProblem::NewExists(path) => {
                format!("{}: already exists", path.display())
            }
            OutputProblem::NoDirectory { path, dir } => format!(
                "{}: the directory `{}` does not exist",
                path.display(),
                dir.display()
            ),
            OutputProblem::Unwritable { path, dir, error } => format!(
                "{}: cannot write in `{}`: {error}",
                path.display(),
                dir.display()
            ),
            OutputProblem::WriteFailed { path, error } => {
                format!("{}: cannot write it: {error}", path.display())
            }
            OutputProblem::Stdout { error } => format!("cannot write to standard output: {error}"),
        }
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            OutputProblem::EmptyPath => "give a file name, e.g. -o results.csv".into(),
            OutputProblem::IsDirectory(_) => "give the path of a file to write".into(),
            OutputProblem::Exists(_) => "use --force to replace it, or choose another name".into(),
            OutputProblem::NewExists(_) => {
                "`costshare new` never overwrites a file; choose another name".into()
            }
            OutputProblem::NoDirectory { .. } => "create it first, or write somewhere else".into(),
            OutputProblem::Unwritable { .. } => {
                "check that the directory exists and can be written".into()
            }
            OutputProblem::WriteFailed { .. } => {
                "check the disk space and permissions; nothing was changed".into()
            }
            OutputProblem::Stdout { .. } => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diagnostic::texts;

    #[test]
    fn an_existing_file_is_refused_with_the_help_of_its_command() {
        let path = PathBuf::from("out.toml");
        let (message, _, help) = texts(OutputProblem::NewExists(path.clone()));
        assert_eq!(message, "out.toml: already exists");
        assert_eq!(
            help.as_deref(),
            Some("`costshare new` never overwrites a file; choose another name")
        );
        let (message, _, help) = texts(OutputProblem::Exists(path));
        assert_eq!(message, "out.toml: already exists");
        assert_eq!(
            help.as_deref(),
            Some("use --force to replace it, or choose another name")
        );
    }
}
