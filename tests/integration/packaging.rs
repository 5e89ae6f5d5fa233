//! The packages' metadata against its sources: one version (Cargo.toml), the releases that
//! software centres show (the AppStream metainfo) equal to CHANGELOG.md, and every file the
//! bundles name present; the README's screenshots taken of today's UI. `cargo xtask bundle`
//! builds and validates the packages themselves.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn tauri_conf() -> serde_json::Value {
    serde_json::from_str(&read("tauri.conf.json")).unwrap()
}

/// (version, date) of every release, newest first.
fn releases(text: &str, pattern: &str) -> Vec<(String, String)> {
    regex::Regex::new(pattern).unwrap().captures_iter(text).map(|c| (c[1].to_string(), c[2].to_string())).collect()
}

#[test]
fn the_version_has_one_source() {
    assert!(tauri_conf().get("version").is_none(), "tauri.conf.json must not set a version: the bundles take Cargo.toml's");
}

#[test]
fn the_metainfo_lists_the_changelog_releases() {
    let changelog = releases(&read("CHANGELOG.md"), r"(?m)^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$");
    let metainfo = releases(&read("packaging/linux/nl.grot.desktop.metainfo.xml"), r#"<release version="([^"]+)" date="([^"]+)""#);
    assert!(!changelog.is_empty(), "CHANGELOG.md has no released versions");
    assert_eq!(metainfo, changelog, "the metainfo's <releases> must be CHANGELOG.md's, newest first");
    assert_eq!(changelog[0].0, env!("CARGO_PKG_VERSION"), "the newest release in CHANGELOG.md is the version in Cargo.toml");
}

#[test]
fn every_file_the_bundles_name_is_there() {
    let conf = tauri_conf();
    let bundle = &conf["bundle"];
    for icon in bundle["icon"].as_array().unwrap() {
        assert!(Path::new(ROOT).join(icon.as_str().unwrap()).is_file(), "missing icon {icon}");
    }
    assert!(Path::new(ROOT).join("icons/icon.svg").is_file(), "the icons' one source");
    let deb = &bundle["linux"]["deb"];
    let template = deb["desktopTemplate"].as_str().expect("deb: no desktop entry template");
    assert!(read(template).contains("Exec={{exec}}"), "{template}");
    let metainfo = deb["files"]["/usr/share/metainfo/nl.grot.desktop.metainfo.xml"].as_str();
    assert_eq!(metainfo, Some("packaging/linux/nl.grot.desktop.metainfo.xml"), "the .deb installs the metainfo");
    let depends: Vec<&str> = deb["depends"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    assert!(depends.contains(&"libssl3 | libssl3t64"), "the .deb depends on the system's OpenSSL: {depends:?}");
    // The .rpm is built from the .deb's tree (`packaging/linux/grot.spec`): it lists each file.
    let spec = read("packaging/linux/grot.spec");
    for file in [
        "%{_bindir}/grot",
        "%{_datadir}/metainfo/nl.grot.desktop.metainfo.xml",
        "%{_datadir}/applications/Grot.desktop",
        "%{_mandir}/man1/grot.1.gz",
    ] {
        assert!(spec.lines().any(|l| l == file), "the .rpm installs {file}");
    }
    assert!(Path::new(ROOT).join("packaging/linux/grot.1").is_file(), "the manual page");
}

/// Files under `dir` as `./relative/path`, in byte order (what `find . | LC_ALL=C sort` gives).
fn files(dir: &Path, prefix: &str, out: &mut Vec<(String, std::path::PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("{prefix}/{}", path.file_name().unwrap().to_str().unwrap());
        if path.is_dir() {
            files(&path, &name, out);
        } else {
            out.push((name, path));
        }
    }
}

/// What `scripts/ui-fingerprint` prints: SHA-256 over the `sha256sum` lines of every file in ui/.
fn ui_fingerprint() -> String {
    use sha2::{Digest, Sha256};
    let mut all = Vec::new();
    files(&Path::new(ROOT).join("ui"), ".", &mut all);
    all.sort();
    let mut listing = Sha256::new();
    for (name, path) in all {
        let digest = Sha256::digest(std::fs::read(path).unwrap());
        listing.update(format!("{}  {name}\n", data_encoding::HEXLOWER.encode(&digest)));
    }
    data_encoding::HEXLOWER.encode(&listing.finalize())
}

#[test]
fn the_readme_screenshots_are_of_the_current_ui() {
    let taken = read("docs/screenshots/ui.sha256");
    assert_eq!(
        taken.trim(),
        ui_fingerprint(),
        "ui/ changed since the README's screenshots were taken: run scripts/screenshots and commit docs/screenshots/"
    );
    let readme = read("README.md");
    for entry in std::fs::read_dir(Path::new(ROOT).join("docs/screenshots")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".png") {
            assert!(readme.contains(&format!("docs/screenshots/{name}")), "README.md does not show docs/screenshots/{name}");
        }
    }
}
