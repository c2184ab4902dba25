//! Checks on arguments that clap cannot make: an output that would
//! overwrite an input, and byte sizes written with a unit (`64M`).

use std::path::{Path, PathBuf};

/// The absolute, resolved form of `path`, also for a file not yet created
/// (its directory resolved, its name kept).
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

/// Why writing `output` would destroy an input, if it would: it is one of
/// the `inputs`, or an article (`.txt`) inside an input directory.
pub fn output_overwrites_input(inputs: &[String], output: &Path) -> Option<String> {
    let out = resolved(output)?;
    for input in inputs.iter().filter(|i| i.as_str() != "-") {
        let Ok(input_path) = std::fs::canonicalize(input) else {
            continue;
        };
        if input_path == out {
            return Some(format!(
                "-o {} is also an input; refusing to write over it",
                output.display()
            ));
        }
        if input_path.is_dir()
            && out.starts_with(&input_path)
            && pairaid::input::walk::is_article(&out)
        {
            return Some(format!(
                "-o {} lies in the input directory {input} and would be read as an article; write it elsewhere",
                output.display()
            ));
        }
    }
    None
}

/// Parses a byte count: digits with an optional binary unit `K`, `M` or `G`
/// (`65536`, `64K`, `64M`, `1G`).
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&t[..i], t[i..].trim_end_matches(['b', 'B', 'i'])),
        None => (t, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a byte count (e.g. 1048576, 64K, 64M, 1G)"))?;
    let scale: u64 = match unit.to_ascii_uppercase().as_str() {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("{text:?}: unknown unit (use K, M or G)")),
    };
    n.checked_mul(scale)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{text:?} is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts() {
        assert_eq!(parse_bytes("1000"), Ok(1000));
        assert_eq!(parse_bytes("64M"), Ok(64 << 20));
        assert_eq!(parse_bytes("2k"), Ok(2048));
        assert_eq!(parse_bytes("1GiB"), Ok(1 << 30));
        assert!(
            parse_bytes("x").is_err() && parse_bytes("0").is_err() && parse_bytes("5T").is_err()
        );
    }

    #[test]
    fn an_input_is_no_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, "{}\n").expect("write");
        let inputs = [input.display().to_string()];
        assert!(output_overwrites_input(&inputs, &input).is_some());
        let other = dir.path().join("out.jsonl");
        assert!(output_overwrites_input(&inputs, &other).is_none());
        let dirs = [dir.path().display().to_string()];
        assert!(output_overwrites_input(&dirs, &dir.path().join("sub/x.txt")).is_none());
        assert!(output_overwrites_input(&dirs, &dir.path().join("x.TXT")).is_some());
        assert!(output_overwrites_input(&dirs, &other).is_none());
    }
}
