//! Writing output files so that none is ever lost or left half-written.
//!
//! [`Target::prepare`] runs before any work: it refuses to replace an existing
//! file unless asked to (`--force`), and creates a temporary file in the same
//! directory, so a bad path fails at once. [`Target::commit`] writes the bytes,
//! flushes them to disk and renames the temporary file into place in one step.
//! If anything fails, the temporary file is removed and the old file, if there
//! was one, is untouched.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::diagnostic::Diagnostic;

/// An output file being prepared.
#[derive(Debug)]
pub struct Target {
    path: PathBuf,
    temp: NamedTempFile,
    replace: bool,
}

/// Why an output file cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputProblem {
    /// The path is empty.
    EmptyPath,
    /// The path is a directory.
    IsDirectory,
    /// A file is there, and replacing it was not asked for.
    Exists,
    /// The directory it would go in does not exist.
    NoDirectory(PathBuf),
    /// The directory cannot be written (the system's reason).
    Unwritable(PathBuf, String),
    /// Writing or moving the file into place failed (the system's reason).
    WriteFailed(String),
}

/// An output file that cannot be written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputError {
    /// The path asked for.
    pub path: PathBuf,
    /// Why it cannot be written.
    pub problem: OutputProblem,
}

impl OutputError {
    fn new(path: &Path, problem: OutputProblem) -> OutputError {
        OutputError {
            path: path.to_path_buf(),
            problem,
        }
    }

    /// The problem as users see it.
    pub fn diagnostic(&self) -> Diagnostic {
        let path = self.path.display();
        let (message, help) = match &self.problem {
            OutputProblem::EmptyPath => {
                return Diagnostic::error("the output path is empty")
                    .with_help("give a file name, e.g. -o results.csv");
            }
            OutputProblem::IsDirectory => (
                "is a directory".to_string(),
                "give the path of a file to write",
            ),
            OutputProblem::Exists => (
                "already exists".to_string(),
                "use --force to replace it, or choose another name",
            ),
            OutputProblem::NoDirectory(dir) => (
                format!("the directory `{}` does not exist", dir.display()),
                "create it first, or write somewhere else",
            ),
            OutputProblem::Unwritable(dir, e) => (
                format!("cannot write in `{}`: {e}", dir.display()),
                "check that the directory exists and can be written",
            ),
            OutputProblem::WriteFailed(e) => (
                format!("cannot write it: {e}"),
                "check the disk space and permissions; nothing was changed",
            ),
        };
        Diagnostic::error(format!("{path}: {message}")).with_help(help)
    }
}

impl From<OutputError> for Diagnostic {
    fn from(e: OutputError) -> Diagnostic {
        e.diagnostic()
    }
}

impl Target {
    /// Checks the path and creates the temporary file beside it.
    ///
    /// Fails if the file exists and `replace` is false, if the path is a
    /// directory, or if its directory cannot be written.
    pub fn prepare(path: &Path, replace: bool) -> Result<Target, OutputError> {
        let fail = |problem| Err(OutputError::new(path, problem));
        if path.as_os_str().is_empty() {
            return fail(OutputProblem::EmptyPath);
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => return fail(OutputProblem::IsDirectory),
            Ok(_) if !replace => return fail(OutputProblem::Exists),
            _ => {}
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return fail(OutputProblem::NoDirectory(dir));
        }
        let temp = match tempfile::Builder::new()
            .prefix(".costshare-")
            .suffix(".tmp")
            .tempfile_in(&dir)
        {
            Ok(temp) => temp,
            Err(e) => return fail(OutputProblem::Unwritable(dir, e.to_string())),
        };
        Ok(Target {
            path: path.to_path_buf(),
            temp,
            replace,
        })
    }

    /// The path the output goes to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` and moves them into place atomically.
    pub fn commit(self, bytes: &[u8]) -> Result<(), OutputError> {
        self.write(|out| out.write_all(bytes))
    }

    /// Writes the output with `write`, as it goes, then moves it into place
    /// atomically. If writing fails, nothing is moved and the temporary file
    /// is removed.
    pub fn write(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let path = self.path.clone();
        let io =
            |e: std::io::Error| OutputError::new(&path, OutputProblem::WriteFailed(e.to_string()));
        {
            let mut out = BufWriter::new(self.temp.as_file_mut());
            write(&mut out).map_err(io)?;
            out.flush().map_err(io)?;
        }
        self.temp.as_file().sync_all().map_err(io)?;
        let persisted = if self.replace {
            self.temp.persist(&self.path).map(drop)
        } else {
            self.temp.persist_noclobber(&self.path).map(drop)
        };
        persisted.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::new(&path, OutputProblem::Exists)
            } else {
                io(e.error)
            }
        })
        // On error `e.file` is dropped here, which removes the temporary file.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_abandoned_output_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = Target::prepare(&dir.path().join("out.csv"), false).unwrap();
        assert_eq!(
            names(dir.path()).len(),
            1,
            "the temporary file exists while working"
        );
        drop(target);
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_commit_replaces_in_one_step_and_only_when_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        Target::prepare(&path, false)
            .unwrap()
            .commit(b"one")
            .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let refused = Target::prepare(&path, false).unwrap_err();
        assert_eq!(refused.problem, OutputProblem::Exists);
        // A file that appears between preparing and committing is not clobbered.
        let racing = dir.path().join("race.csv");
        let target = Target::prepare(&racing, false).unwrap();
        std::fs::write(&racing, "theirs").unwrap();
        assert!(target.commit(b"ours").is_err());
        assert_eq!(std::fs::read(&racing).unwrap(), b"theirs");
        Target::prepare(&path, true)
            .unwrap()
            .commit(b"two")
            .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["out.csv", "race.csv"]);
    }

    #[test]
    fn bad_paths_fail_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let e = Target::prepare(&dir.path().join("no/such/dir/out.csv"), true).unwrap_err();
        assert!(matches!(e.problem, OutputProblem::NoDirectory(_)), "{e:?}");
        let e = Target::prepare(dir.path(), true).unwrap_err();
        assert_eq!(e.problem, OutputProblem::IsDirectory);
        assert!(Target::prepare(Path::new(""), true).is_err());
        assert!(names(dir.path()).is_empty());
    }
}
