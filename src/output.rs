//! Writing output files so that none is ever lost or left half-written.
//!
//! [`Target::prepare`] runs before any work: it refuses to replace an existing
//! file unless asked to (`--force`), and creates a temporary file in the same
//! directory, so a bad path fails at once. [`Target::commit`] writes the bytes,
//! flushes them to disk and renames the temporary file into place in one step.
//! If anything fails, the temporary file is removed and the old file, if there
//! was one, is untouched.

use std::io::Write as _;
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

fn error(path: &Path, message: impl std::fmt::Display, help: &str) -> Diagnostic {
    Diagnostic::error(format!("{}: {message}", path.display())).with_help(help)
}

impl Target {
    /// Checks the path and creates the temporary file beside it.
    ///
    /// Fails if the file exists and `replace` is false, if the path is a
    /// directory, or if its directory cannot be written.
    pub fn prepare(path: &Path, replace: bool) -> Result<Target, Diagnostic> {
        if path.as_os_str().is_empty() {
            return Err(Diagnostic::error("the output path is empty")
                .with_help("give a file name, e.g. -o results.csv"));
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(error(
                    path,
                    "is a directory",
                    "give the path of a file to write",
                ));
            }
            Ok(_) if !replace => {
                return Err(error(
                    path,
                    "already exists",
                    "use --force to replace it, or choose another name",
                ));
            }
            _ => {}
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(error(
                path,
                format!("the directory `{}` does not exist", dir.display()),
                "create it first, or write somewhere else",
            ));
        }
        let temp = tempfile::Builder::new()
            .prefix(".costshare-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| {
                error(
                    path,
                    format!("cannot write in `{}`: {e}", dir.display()),
                    "check that the directory exists and can be written",
                )
            })?;
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
    pub fn commit(mut self, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path.clone();
        let io = |e: std::io::Error| {
            error(
                &path,
                format!("cannot write it: {e}"),
                "check the disk space and permissions; nothing was changed",
            )
        };
        self.temp.write_all(bytes).map_err(io)?;
        self.temp.as_file().sync_all().map_err(io)?;
        let persisted = if self.replace {
            self.temp.persist(&self.path).map(drop)
        } else {
            self.temp.persist_noclobber(&self.path).map(drop)
        };
        persisted.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                error(
                    &path,
                    "already exists",
                    "use --force to replace it, or choose another name",
                )
            } else {
                io(e.error)
            }
        })
        // On error `e.file` is dropped here, which removes the temporary file.
    }
}
