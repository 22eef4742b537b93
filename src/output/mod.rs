//! Writing output files so that none is ever lost or left half-written.
//!
//! [`Target::prepare`] runs before any work: it refuses to replace an existing
//! file unless asked to (`--force`), and creates a temporary file in the same
//! directory, so a bad path fails at once. [`Target::commit`] writes the bytes,
//! flushes them to disk and renames the temporary file into place in one step.
//! If anything fails, the temporary file is removed and the old file, if there
//! was one, is untouched. A new file gets the permissions of any file the
//! user creates ([`NEW_FILE_MODE`] less the umask); a replaced one keeps its
//! mode.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

mod problem;

pub use problem::OutputProblem;

/// The mode a new output file is created with, before the umask takes its
/// bits away (0644 under the usual umask of 022), as for any file the user
/// creates; a file replaced with `--force` keeps its own mode instead.
pub const NEW_FILE_MODE: u32 = 0o666;

/// An output file being prepared.
#[derive(Debug)]
pub struct Target {
    path: PathBuf,
    temp: NamedTempFile,
    replace: bool,
}

impl Target {
    /// Checks the path and creates the temporary file beside it.
    ///
    /// Fails if the file exists and `replace` is false, if the path is a
    /// directory, or if its directory cannot be written.
    pub fn prepare(path: &Path, replace: bool) -> Result<Target, OutputProblem> {
        if path.as_os_str().is_empty() {
            return Err(OutputProblem::EmptyPath);
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(OutputProblem::IsDirectory(path.to_path_buf()));
            }
            Ok(_) if !replace => return Err(OutputProblem::Exists(path.to_path_buf())),
            _ => {}
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(OutputProblem::NoDirectory {
                path: path.to_path_buf(),
                dir,
            });
        }
        let unwritable = |e: std::io::Error| OutputProblem::Unwritable {
            path: path.to_path_buf(),
            dir: dir.clone(),
            error: e.to_string(),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".costshare-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            // As any file the user creates: 0666 less the umask (tempfile's
            // own default is 0600).
            builder.permissions(std::fs::Permissions::from_mode(NEW_FILE_MODE));
        }
        let temp = builder.tempfile_in(&dir).map_err(unwritable)?;
        // A replaced file keeps its mode (a file that appears later, racing
        // this one, is never replaced without `replace`).
        #[cfg(unix)]
        if replace {
            if let Some(meta) = std::fs::metadata(path).ok().filter(|m| m.is_file()) {
                temp.as_file()
                    .set_permissions(meta.permissions())
                    .map_err(unwritable)?;
            }
        }
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
    pub fn commit(self, bytes: &[u8]) -> Result<(), OutputProblem> {
        self.write(|out| out.write_all(bytes))
    }

    /// Writes the output with `write`, as it goes, then moves it into place
    /// atomically. If writing fails, nothing is moved and the temporary file
    /// is removed.
    pub fn write(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutputProblem> {
        let path = self.path.clone();
        let io = |e: std::io::Error| OutputProblem::WriteFailed {
            path: path.clone(),
            error: e.to_string(),
        };
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
                OutputProblem::Exists(path.clone())
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
        assert_eq!(refused, OutputProblem::Exists(path.clone()));
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
        assert!(matches!(e, OutputProblem::NoDirectory { .. }), "{e:?}");
        let e = Target::prepare(dir.path(), true).unwrap_err();
        assert_eq!(e, OutputProblem::IsDirectory(dir.path().to_path_buf()));
        assert!(Target::prepare(Path::new(""), true).is_err());
        assert!(names(dir.path()).is_empty());
    }
}
