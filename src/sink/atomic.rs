//! Atomic file output: a file is written under a temporary name beside its
//! target and renamed over the target only when complete, so the target
//! holds either what it held before or a whole output, never half a record.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// The temporary file of an output in progress; removed when dropped
/// before [`AtomicPath::commit`].
#[derive(Debug)]
pub struct AtomicPath {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl AtomicPath {
    /// Creates the temporary file beside `target` (`.NAME.PID.pairaid-tmp`:
    /// hidden, so no directory walk reads it) and returns it for writing.
    /// A link as target is followed: the file it points to is replaced.
    /// A directory (an existing one, or a path ending in `/`) is refused
    /// before anything is written.
    pub fn create(target: &Path) -> std::io::Result<(AtomicPath, File)> {
        let text = target.as_os_str().to_string_lossy();
        if target.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "a directory, not a file",
            ));
        }
        let target = match std::fs::canonicalize(target) {
            Ok(real) if target.is_symlink() => real,
            _ => target.to_path_buf(),
        };
        let name = target
            .file_name()
            .ok_or_else(|| std::io::Error::other("the output path has no file name"))?;
        // A file left by a killed run whose process id came round again is
        // not ours to reuse: take the next free name.
        for attempt in 0..100 {
            let suffix = if attempt == 0 {
                String::new()
            } else {
                format!(".{attempt}")
            };
            let temp = target.with_file_name(format!(
                ".{}.{}{suffix}.pairaid-tmp",
                name.to_string_lossy(),
                std::process::id()
            ));
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => {
                    let pending = AtomicPath {
                        target,
                        temp,
                        committed: false,
                    };
                    return Ok((pending, file));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free name for a temporary file"))
    }

    /// Whether `target` should be written in place instead: a device, a pipe
    /// or a socket (`-o /dev/null`, `-o /dev/stdout`) cannot be replaced by
    /// a rename.
    pub fn in_place(target: &Path) -> bool {
        std::fs::metadata(target).is_ok_and(|m| !m.is_file())
    }

    /// The temporary file's path.
    pub fn temp(&self) -> &Path {
        &self.temp
    }

    /// Syncs the temporary file (its writer must be flushed and closed) and
    /// renames it over the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        File::open(&self.temp)?.sync_all()?;
        std::fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicPath {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_target_changes_only_on_commit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.jsonl");
        std::fs::write(&target, "old\n").expect("write");
        let (pending, mut file) = AtomicPath::create(&target).expect("temp file");
        file.write_all(b"new\n").expect("write");
        drop(file);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "old\n");
        let temp = pending.temp().to_path_buf();
        pending.commit().expect("rename");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new\n");
        assert!(!temp.exists());
    }

    #[test]
    fn dropped_without_commit_leaves_no_trace() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.csv");
        let (pending, _file) = AtomicPath::create(&target).expect("temp file");
        let temp = pending.temp().to_path_buf();
        assert!(temp.exists());
        drop(pending);
        assert!(!temp.exists() && !target.exists());
    }

    #[test]
    fn a_stale_temporary_file_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.jsonl");
        let (first, _file) = AtomicPath::create(&target).expect("temp file");
        let (second, _file) = AtomicPath::create(&target).expect("another temp file");
        assert_ne!(first.temp(), second.temp());
    }

    #[test]
    fn a_directory_is_no_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        for target in [dir.path().to_path_buf(), dir.path().join("new/")] {
            let err = AtomicPath::create(&target).expect_err("a directory");
            assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory, "{target:?}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
    }

    #[test]
    fn devices_are_written_in_place() {
        assert!(AtomicPath::in_place(Path::new("/dev/null")));
        assert!(!AtomicPath::in_place(Path::new("/no/such/file")));
    }
}
