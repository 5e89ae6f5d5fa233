//! What the desktop keeps about the app, for discreet mode: the program name and class that
//! taskbars and window switchers show beside the title, and the recent-files list. GTK on Linux;
//! elsewhere these do nothing.

/// Program name and class for discreet mode ("notities" / "Notities"). Must run before the
/// first window exists: X11 reads the class once, when a window is created.
pub fn use_neutral_program_name(title: &str) {
    #[cfg(target_os = "linux")]
    {
        gtk::glib::set_prgname(Some(title.to_lowercase().as_str()));
        gtk::glib::set_application_name(title);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = title;
}

/// Whether this process's file choosers add what she saves or opens to the desktop's
/// recent-files list (GTK's `gtk-recent-files-enabled`, for this app alone). Off in discreet
/// mode, so an exported letter never appears there, not even for a moment.
pub fn record_recent_files<R: tauri::Runtime>(app: &tauri::AppHandle<R>, enabled: bool) {
    #[cfg(target_os = "linux")]
    {
        let _ = app.run_on_main_thread(move || {
            use gtk::prelude::GtkSettingsExt;
            // Tauri's mock runtime (the IPC tests) has no GTK.
            if !gtk::is_initialized() {
                return;
            }
            if let Some(settings) = gtk::Settings::default() {
                settings.set_gtk_recent_files_enabled(enabled);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (app, enabled);
}
