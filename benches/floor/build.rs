// Declares the floor's one command, as Grot's build.rs declares its own.
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&["app_painted"])))
        .expect("tauri build step failed");
}
