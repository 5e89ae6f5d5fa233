//! Declares the app's commands (so only those a capability lists are callable) and embeds
//! every guide under `content/` into the binary.

use std::fmt::Write as _;
use std::path::Path;

#[cfg(feature = "desktop")]
include!("src-tauri/ipc/surface.rs");

#[cfg(feature = "desktop")]
macro_rules! names {
    ($($module:ident { $($mode:tt $command:ident [$($given:ident),*] ($($arg:ident: $ty:ty $(as $wire:ty)?),*) -> $answer:ty;)+ })+) => {
        &[$($(stringify!($command)),+),+]
    };
}

/// Every command the UI may call, from the one list in `src-tauri/ipc/surface.rs`.
#[cfg(feature = "desktop")]
const COMMANDS: &[&str] = ipc_surface!(names);

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/ipc/surface.rs");
    embed_content();
    #[cfg(feature = "desktop")]
    build_web_extension();
    // Without `desktop` (the fuzz targets' core-only build) there is no app to describe.
    #[cfg(feature = "desktop")]
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)))
        .expect("tauri build step failed");
}

/// The web-process extension (`src-tauri/webkit_extension.rs`) as a shared library in
/// `$OUT_DIR/webkit/`, where a debug build of the app finds it (an installed one has it in
/// `/usr/lib/grot/webkit/`, put there by `cargo xtask bundle`). Linux only: WebKitGTK.
#[cfg(feature = "desktop")]
fn build_web_extension() {
    const SOURCE: &str = "src-tauri/webkit_extension.rs";
    println!("cargo:rerun-if-changed={SOURCE}");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("webkit");
    std::fs::create_dir_all(&out).expect("cannot make $OUT_DIR/webkit");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let status = std::process::Command::new(rustc)
        .args(["--edition", "2021", "--crate-type", "cdylib", "-C", "opt-level=2", "--target"])
        .arg(std::env::var("TARGET").unwrap())
        .arg(SOURCE)
        .arg("-o")
        .arg(out.join("libgrot_webkit_extension.so"))
        .status()
        .expect("cannot run rustc for the web-process extension");
    assert!(status.success(), "the web-process extension did not build");
}

/// Writes `$OUT_DIR/content.rs`: a static list of (relative path, text) for every
/// `content/<guide>/<lang>.md`, so a new guide is picked up by dropping its files in.
fn embed_content() {
    let root = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("content");
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
