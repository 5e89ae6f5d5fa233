//! The floor Grot is measured against: one window, one static page, one command, built with the
//! same Tauri version, features and release profile (the workspace's). Not part of the product.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The page has painted (the same signal as Grot's `app_painted`, printed the same way).
#[tauri::command(rename_all = "snake_case")]
fn app_painted(screen: &str, page_ms: Option<u32>) {
    if std::env::var_os("GROT_REPORT_PAINT").is_some() {
        println!("painted {screen} {}", page_ms.unwrap_or(0));
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![app_painted])
        .run(tauri::generate_context!())
        .expect("the floor app could not start");
}
