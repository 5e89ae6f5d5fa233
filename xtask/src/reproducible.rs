//! `cargo xtask bundle --check-reproducible`: the packages again from a clean clone of the same
//! commit, in another folder with a target folder of its own (every crate compiled anew), a few
//! minutes later; both builds must give the same bytes. When they do not, diffoscope names the
//! first difference.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bundle::only_file_starting;
use crate::command::{output, run};

/// Before the first build: both builds must be of the last commit.
pub fn assert_committed(root: &Path) {
    let status = output(Command::new("git").args(["status", "--porcelain", "--untracked-files=no"]).current_dir(root));
    assert!(status.trim().is_empty(), "reproducible: commit first; the second build is of the last commit:\n{status}");
}

pub fn check(root: &Path, target: &Path) {
    let first = packages(target);
    let elsewhere = tempfile::Builder::new().prefix("grot-again-").tempdir_in(std::env::temp_dir()).unwrap();
    let clone = elsewhere.path().join("grot");
    run(Command::new("git").args(["clone", "--quiet"]).arg(root).arg(&clone), "git clone");
    // The same prebuilt Tauri CLI (npm's, pinned in package-lock.json).
    std::os::unix::fs::symlink(root.join("node_modules"), clone.join("node_modules")).unwrap();
    let again = elsewhere.path().join("target");
    eprintln!("reproducible: building again in {} (every crate anew)", clone.display());
    run(
        Command::new("cargo")
            .args(["run", "--locked", "--quiet", "-p", "xtask", "--", "bundle"])
            .current_dir(&clone)
            .env("CARGO_TARGET_DIR", &again),
        "the second build",
    );
    let second = packages(&again);
    let mut same = true;
    for ((a, a_sum), (b, b_sum)) in first.iter().zip(&second) {
        println!("reproducible: {a_sum}  {}\nreproducible: {b_sum}  {}", a.display(), b.display());
        if a_sum != b_sum {
            same = false;
            let diff = Command::new("diffoscope").args(["--text", "-", "--max-report-size", "20000"]).arg(a).arg(b).output();
            match diff {
                Ok(out) => println!("{}", String::from_utf8_lossy(&out.stdout)),
                Err(e) => println!("reproducible: diffoscope did not start ({e}): apt-get install diffoscope-minimal"),
            }
        }
    }
    assert!(same, "reproducible: the two builds differ (above)");
    println!("reproducible: both builds gave the same .deb and .rpm");
}

/// Grot's .deb and .rpm (not the bench floor's, which may lie beside them), each with its
/// SHA-256.
fn packages(target: &Path) -> Vec<(PathBuf, String)> {
    let bundle = target.join("release/bundle");
    [only_file_starting(&bundle.join("deb"), "grot_", "deb"), only_file_starting(&bundle.join("rpm"), "grot-", "rpm")]
        .into_iter()
        .map(|path| {
            let sum = output(Command::new("sha256sum").arg(&path));
            (path, sum.split_whitespace().next().unwrap().to_owned())
        })
        .collect()
}
