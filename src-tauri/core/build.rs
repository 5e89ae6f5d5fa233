//! Embeds every guide under `content/` (at the repository's top, beside the app's other
//! text) into the core.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    embed_content();
}

/// Writes `$OUT_DIR/content.rs`: a static list of (relative path, text) for every
/// `content/<guide>/<lang>.md`, so a new guide is picked up by dropping its files in.
fn embed_content() {
    let root = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("../../content");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for guide in std::fs::read_dir(&root).expect("content/ is missing") {
        let guide = guide.expect("unreadable content/ entry").path();
        if !guide.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&guide).expect("unreadable guide folder") {
            let file = file.expect("unreadable guide file").path();
            if file.extension().is_some_and(|e| e == "md") {
                files.push(file);
            }
        }
    }
    files.sort();
    let mut out = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(out, "    ({rel:?}, include_str!({:?})),", file.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("content.rs");
    std::fs::write(dest, out).expect("cannot write content.rs");
}
