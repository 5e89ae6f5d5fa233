//! The invariants of ARCHITECTURE.md that a grep can prove.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub(crate) const ROOT: &str = env!("CARGO_MANIFEST_DIR");

pub(crate) fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(ROOT).join(dir), ext, &mut out);
    assert!(!out.is_empty(), "no .{ext} files under {dir}");
    out
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The layers of `src-tauri/`, bottom up, each listed once: a module may use only modules of
/// lower layers (and, inside its own folder, itself). Modules in one layer do not use each other,
/// so the store knows neither the guide nor typesetting. Every module must be placed here. The
/// core (`src-tauri/core/`, the crate `grot-core`) is the base, the domain and the orchestration;
/// Cargo keeps the adapters out of it (it does not depend on them), and this test keeps the order
/// inside it.
const LAYERS: &[&[&str]] = &[
    // The base.
    &["error"],
    &["clock", "text", "harden", "files", "lang"],
    // The domain.
    &["vault"],
    &["store", "guide"],
    &["tone", "export"],
    // Bringing letters in reads Grot's own take-out format (`export::takeout`) too.
    &["import"],
    // The orchestration.
    &["rotation", "backup"],
    &["session"],
    // What the tests share, over the whole core. Built for tests only, so only tests can use
    // it, at any layer (a use from the product would not build).
    &["testing"],
    // The adapters, which know Tauri (or, `away`, the desktop's message buses).
    &["spelling", "webkit_extension"],
    &["desktop", "away"],
    &["ipc"],
    &["app"],
    &["lib", "main"],
];

/// Which module a file under `src-tauri/` belongs to: its first path component (under
/// `src-tauri/core/` for the core's modules; each crate's `lib.rs` is `lib`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(Path::new(ROOT).join("src-tauri")).unwrap();
    let rel = rel.strip_prefix("core").unwrap_or(rel);
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The modules a Rust file names as `crate::<module>` or `crate::{a, b::c}` (imports and paths),
/// comments left out.
fn crate_uses(text: &str) -> BTreeSet<String> {
    fn ident(s: &str) -> String {
        s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
    }
    let mut out = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for part in line.split("crate::").skip(1) {
            let names = match part.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').map(ident).collect(),
                None => vec![ident(part)],
            };
            out.extend(names.into_iter().filter(|n| !n.is_empty()));
        }
    }
    out
}

/// The Rust files of both crates' modules (not the core's build script).
fn module_files() -> Vec<PathBuf> {
    files("src-tauri", "rs").into_iter().filter(|p| !p.ends_with("core/build.rs")).collect()
}

#[test]
fn no_import_goes_up_a_layer() {
    let mut wrong = Vec::new();
    for path in module_files() {
        let module = module_of(&path);
        let Some(layer) = layer_of(&module) else { panic!("{}: module {module} is in no layer of LAYERS", path.display()) };
        for used in crate_uses(&read(&path)) {
            if used == module || used == "testing" {
                continue;
            }
            let Some(other) = layer_of(&used) else { panic!("{}: uses crate::{used}, which is in no layer", path.display()) };
            if other >= layer {
                wrong.push(format!("{} ({module}, layer {layer}) uses {used} (layer {other})", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports that go up or sideways:\n{}", wrong.join("\n"));
}

#[test]
fn the_layer_check_sees_a_cycle() {
    assert_eq!(
        crate_uses("use crate::store::letters::Draft;\n// crate::guide in a comment\nlet x = crate::clock::now_ms();"),
        BTreeSet::from(["store".to_string(), "clock".to_string()])
    );
    assert_eq!(crate_uses("use crate::{vault, session::Session};"), BTreeSet::from(["vault".to_string(), "session".to_string()]));
    assert!(layer_of("store") < layer_of("session") && layer_of("store") == layer_of("guide"));
}

/// The fence Cargo keeps: the core's manifest names no crate of the window, the webview or the
/// desktop's buses, and no crate of the app's own, so an import of any of them from the core fails
/// to build. (`cargo tree -p grot-core` shows the same.)
#[test]
fn the_core_crate_depends_on_nothing_of_the_desktop() {
    let manifest: toml::Table = read(&Path::new(ROOT).join("src-tauri/core/Cargo.toml")).parse().unwrap();
    let mut named = Vec::new();
    for section in ["dependencies", "build-dependencies"] {
        named.extend(manifest.get(section).and_then(|t| t.as_table()).into_iter().flat_map(|t| t.keys().cloned()));
    }
    for target in manifest.get("target").and_then(|t| t.as_table()).into_iter().flat_map(|t| t.values()) {
        named.extend(target.get("dependencies").and_then(|t| t.as_table()).into_iter().flat_map(|t| t.keys().cloned()));
    }
    assert!(named.contains(&"rusqlite".to_string()), "read the core's dependencies: {named:?}");
    let desktop = |name: &str| name.starts_with("tauri") || ["gtk", "webkit2gtk", "wry", "zbus", "blocking", "grot"].contains(&name);
    let wrong: Vec<&String> = named.iter().filter(|n| desktop(n)).collect();
    assert!(wrong.is_empty(), "the core depends on {wrong:?}");
    for path in files("src-tauri/core", "rs") {
        let text = read(&path);
        assert!(!text.contains("tauri::") && !text.contains("use tauri"), "{} names tauri", path.display());
    }
}

/// Files a person reads stay short: the Rust, the page's scripts and its styles (one file per part
/// of the app). Exempt: generated files, and `ui/index.html`, the page's one document: its markup
/// could be split only by parsing HTML at run time, which `page.rs` keeps out of the page.
#[test]
fn no_source_file_is_over_400_lines() {
    const EXEMPT: &[&str] = &["ui/lib/commands.js", "ui/index.html"];
    let mut long = Vec::new();
    let dirs = [
        ("src-tauri", "rs"),
        ("tests", "rs"),
        ("benches", "rs"),
        ("xtask", "rs"),
        ("testsupport", "rs"),
        ("ui", "js"),
        ("ui", "css"),
        ("ui", "html"),
    ];
    for (dir, ext) in dirs {
        for path in files(dir, ext) {
            let rel = path.strip_prefix(ROOT).unwrap().to_string_lossy().to_string();
            let lines = read(&path).lines().count();
            if lines > 400 && !EXEMPT.contains(&rel.as_str()) {
                long.push(format!("{rel}: {lines} lines"));
            }
        }
    }
    assert!(long.is_empty(), "split these: {long:?}");
}
