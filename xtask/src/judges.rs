//! The judges others trust, run on what `cargo xtask bundle` built: Debian's lintian on the
//! .deb, Fedora's rpmlint on the .rpm, and devscripts' hardening-check (with readelf for the
//! stack) on the program inside the .deb. Each fails the bundle on any finding that
//! `packaging/linux/lintian-overrides` or `packaging/linux/rpmlint.toml` does not explain.

use std::path::Path;
use std::process::Command;

use crate::command::{output, run};

/// C compiler flags for what the release build compiles in C (SQLCipher): Debian's hardening
/// flags, as `dpkg-buildflags` gives them with every hardening feature on (stack protector,
/// `_FORTIFY_SOURCE`, format checks). Asked of dpkg, not copied, so they follow Debian's choice.
pub fn hardened_cflags() -> String {
    let get = |what: &str| {
        let out = Command::new("dpkg-buildflags")
            .args(["--get", what])
            // No build path in the flags: the same source gives the same program in any folder.
            .env("DEB_BUILD_MAINT_OPTIONS", "hardening=+all reproducible=-fixfilepath,-fixdebugpath")
            .output()
            .expect("dpkg-buildflags (apt-get install dpkg-dev)");
        assert!(out.status.success(), "dpkg-buildflags --get {what} failed");
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    format!("{} {}", get("CFLAGS"), get("CPPFLAGS"))
}

pub fn judge(root: &Path, deb: &Path, rpm: &Path) {
    lintian(deb);
    rpmlint(root, rpm);
    let files = tempfile::tempdir().unwrap();
    run(Command::new("dpkg-deb").arg("-x").arg(deb).arg(files.path()), "dpkg-deb -x");
    hardening(&files.path().join("usr/bin/grot"));
}

/// lintian with the overrides the package carries; an error or a warning fails.
fn lintian(deb: &Path) {
    run(
        Command::new("lintian")
            .args(["--fail-on", "error,warning", "--display-info", "--show-overrides", "--no-tag-display-limit"])
            .arg(deb),
        "lintian (apt-get install lintian)",
    );
}

/// rpmlint with `packaging/linux/rpmlint.toml` (each filter with its reason); an error or a
/// warning fails.
fn rpmlint(root: &Path, rpm: &Path) {
    let config = root.join("packaging/linux/rpmlint.toml");
    let out = Command::new("rpmlint").arg("--config").arg(&config).arg(rpm).output().expect("rpmlint (apt-get install rpmlint)");
    let said = String::from_utf8_lossy(&out.stdout);
    println!("{said}{}", String::from_utf8_lossy(&out.stderr));
    let summary =
        said.lines().rev().find(|l| l.contains("errors") && l.contains("warnings")).unwrap_or_else(|| panic!("rpmlint gave no summary"));
    assert!(
        out.status.success() && summary.contains(" 0 errors, 0 warnings"),
        "rpmlint found something in {} ({}): {summary}",
        rpm.display(),
        out.status
    );
}

/// PIE, full RELRO and immediate binding, the stack protector and `_FORTIFY_SOURCE` where C is
/// compiled, and a stack that cannot run code. Control-flow protection (Intel CET) is not
/// asked: stable rustc cannot emit it (`-Z cf-protection` is unstable), and the linker marks a
/// program only when every part of it has it (SECURITY.md).
fn hardening(program: &Path) {
    run(Command::new("hardening-check").arg("--nocfprotection").arg(program), "hardening-check (apt-get install devscripts)");
    let headers = output(Command::new("readelf").args(["--program-headers", "--wide"]).arg(program));
    let stack = headers.lines().find(|l| l.trim_start().starts_with("GNU_STACK")).expect("a GNU_STACK header");
    assert!(stack.split_whitespace().nth(6) == Some("RW"), "{} has an executable stack: {stack}", program.display());
}
