//! Declares the app's commands (so only those a capability lists are callable) and builds the
//! web-process extension. (The guides under `content/` are the core's: its own build.rs.)

use std::path::Path;

include!("src-tauri/ipc/surface.rs");

macro_rules! names {
    ($($module:ident { $($mode:tt $command:ident [$($given:ident),*] ($($arg:ident: $ty:ty $(as $wire:ty)?),*) -> $answer:ty;)+ })+) => {
        &[$($(stringify!($command)),+),+]
    };
}

/// Every command the UI may call, from the one list in `src-tauri/ipc/surface.rs`.
const COMMANDS: &[&str] = ipc_surface!(names);

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/ipc/surface.rs");
    build_web_extension();
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)))
        .expect("tauri build step failed");
}

/// The web-process extension (`src-tauri/webkit_extension.rs`) as a shared library in
/// `$OUT_DIR/webkit/`, where a debug build of the app finds it (an installed one has it in
/// `/usr/lib/grot/webkit/`, put there by `cargo xtask bundle`). Linux only: WebKitGTK.
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
