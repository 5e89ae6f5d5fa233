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
/// so the store knows neither the guide nor typesetting. Every module must be placed here.
const LAYERS: &[&[&str]] = &[
    // The base.
    &["error"],
    &["clock", "text", "harden", "files", "lang"],
    // The domain.
    &["vault"],
    &["store", "guide"],
    &["tone", "export"],
    // The orchestration.
    &["rotation", "backup"],
    &["session"],
    // The adapters, which know Tauri (or, `away`, the desktop's message buses).
    &["spelling", "webkit_extension"],
    &["desktop", "away"],
    &["ipc"],
    &["app"],
    &["lib", "main"],
];

/// Which module a file under `src-tauri/` belongs to: its first path component.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(Path::new(ROOT).join("src-tauri")).unwrap();
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

#[test]
fn no_import_goes_up_a_layer() {
    let mut wrong = Vec::new();
    for path in files("src-tauri", "rs") {
        let module = module_of(&path);
        let Some(layer) = layer_of(&module) else { panic!("{}: module {module} is in no layer of LAYERS", path.display()) };
        for used in crate_uses(&read(&path)) {
            if used == module {
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

#[test]
fn the_core_never_imports_tauri() {
    for path in files("src-tauri", "rs") {
        if ["ipc", "desktop", "app", "lib", "main"].contains(&module_of(&path).as_str()) {
            continue;
        }
        let text = read(&path);
        assert!(!text.contains("tauri::") && !text.contains("use tauri"), "{} imports tauri", path.display());
    }
}

/// Files a person reads stay short; generated files and the tables of tests are exempt.
#[test]
fn no_source_file_is_over_400_lines() {
    const EXEMPT: &[&str] = &["ui/lib/commands.js"];
    let mut long = Vec::new();
    for (dir, ext) in [("src-tauri", "rs"), ("tests", "rs"), ("benches", "rs"), ("xtask", "rs"), ("testsupport", "rs"), ("ui", "js")] {
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
