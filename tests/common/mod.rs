//! Helpers shared by the integration tests: the crate root and the
//! `pairaid` binary, run through `assert_cmd`.

use std::path::PathBuf;

use assert_cmd::Command;

/// The crate root (fixtures, gazetteers and `../shared` are found from it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `pairaid` binary built for this test run, started in the crate root.
pub fn pairaid() -> Command {
    let mut cmd = Command::cargo_bin("pairaid").expect("the binary is built for integration tests");
    cmd.current_dir(root());
    cmd
}
