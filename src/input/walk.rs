//! Directory walking: the articles below a directory, in sorted path order,
//! with an error for every entry that cannot be read. `walkdir` follows
//! symbolic links and detects loops, so each file is read once and a loop
//! ends in an error instead of copies or a hang.

use std::path::{Path, PathBuf};

use super::{FileKind, InputError, file_kind};

/// Whether the walker takes `path` as an article: a text or HTML file by
/// its name ([`file_kind`]: `.txt`, `.html`, `.htm`, `.xhtml` in any case),
/// compressed or not (`.txt.gz`, `.html.zst`).
pub fn is_article(path: &Path) -> bool {
    matches!(file_kind(path), Some((FileKind::Text | FileKind::Html, ..)))
}

/// Whether a directory entry is hidden (its name starts with `.`): hidden
/// files and directories (`.git`, `._x.txt` from macOS) are not walked.
fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

/// The articles below `dir`, in sorted path order, and an [`InputError`] in
/// its place for each entry that cannot be read: a directory that cannot be
/// listed, a broken link, a link that loops back to a directory above it.
pub fn articles(dir: &Path) -> Vec<Result<PathBuf, InputError>> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e))
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() && is_article(e.path()) => Some(Ok(e.into_path())),
            Ok(_) => None,
            Err(e) => Some(Err(walk_error(dir, &e))),
        })
        .collect()
}

fn walk_error(dir: &Path, e: &walkdir::Error) -> InputError {
    let path = e.path().unwrap_or(dir);
    let message = match (e.loop_ancestor(), e.io_error()) {
        (Some(ancestor), _) => format!(
            "symbolic link loop back to {}; not followed",
            ancestor.display()
        ),
        (None, Some(io)) if path.is_symlink() => format!("broken symbolic link: {io}"),
        (None, Some(io)) if path.is_dir() => format!("cannot read directory: {io}"),
        (None, Some(io)) => io.to_string(),
        (None, None) => e.to_string(),
    };
    InputError::new(path.display().to_string(), message)
}
