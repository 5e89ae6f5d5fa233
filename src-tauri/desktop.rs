//! How the app meets the desktop: how WebKit paints it, and what the desktop keeps about it
//! for discreet mode (the program name and class that taskbars and window switchers show beside
//! the title, and the recent-files list). GTK on Linux; elsewhere these do nothing.

use tauri::Manager;

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::store::settings::Appearance;

/// WebKit settings Grot starts with unless whoever starts it chose otherwise (an environment
/// variable already set, even to "0", wins). Chosen by measurement (BENCHMARKS.md, `cargo xtask
/// bench --peer … --webkit-matrix`; why, and what it means on a desktop with a GPU, in
/// docs/PLATFORMS.md):
/// - `WEBKIT_SKIA_ENABLE_CPU_RENDERING=1`: WebKitGTK 2.46+ paints pages with Skia on the GPU;
///   where the GPU is emulated (llvmpipe: virtual machines, laptops without a working driver,
///   Xvfb) that compiles a shader for every new kind of shape. A page of text paints as fast on
///   the CPU, as every WebKitGTK before 2.46 did.
/// - `WEBKIT_DISABLE_DMABUF_RENDERER=1`: the web process hands its frames to the window as a
///   copy instead of a shared DMA-BUF GPU buffer. Here: visual complete 477 against 740 ms,
///   203 against 262 MiB; and the DMA-BUF path is what leaves the window blank on some NVIDIA
///   drivers.
pub const WEBKIT_DEFAULTS: &[(&str, &str)] = &[("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"), ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")];

/// Sets [`WEBKIT_DEFAULTS`] in this process's environment, which WebKit's own processes inherit.
/// Must run first in `main`, before any thread exists.
pub fn use_webkit_defaults() {
    for (name, value) in webkit_defaults_unset(|name| std::env::var_os(name).is_some()) {
        std::env::set_var(name, value);
    }
}

/// The defaults whose variable is not set already.
fn webkit_defaults_unset(is_set: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    WEBKIT_DEFAULTS.iter().copied().filter(|(name, _)| !is_set(name)).collect()
}

/// How often each web process measures its own memory: every 5 minutes instead of WebKit's 30
/// seconds. The measure reads all of `/proc/self/smaps` (about 1,000 reads, one mapping after
/// another), the largest part of what a resting Grot costs (BENCHMARKS.md, "At rest"). The page
/// is small (under 200 MB), and when the machine itself runs short of memory the app's process
/// still tells the web process at once (its own pressure monitor), so little is lost.
pub const WEB_MEMORY_POLL_SECONDS: f64 = 300.0;

/// Gives every WebKit web context made from now on [`WEB_MEMORY_POLL_SECONDS`], unless its maker
/// chose memory settings of its own. WebKit takes them only when a context is made (a
/// construct-only property) and wry makes Tauri's without them, so Grot's constructor for the
/// class fills them in, then hands over to WebKit's. Call before the first window.
pub fn poll_web_memory_rarely() {
    #[cfg(target_os = "linux")]
    web_memory::install();
}

#[cfg(target_os = "linux")]
mod web_memory {
    use std::ffi::{c_uint, CStr};
    use std::sync::OnceLock;

    use webkit2gtk::ffi as webkit;
    use webkit2gtk::glib::gobject_ffi as gobject;

    type Constructor = unsafe extern "C" fn(glib_type, c_uint, *mut gobject::GObjectConstructParam) -> *mut gobject::GObject;
    #[allow(non_camel_case_types)]
    type glib_type = webkit2gtk::glib::ffi::GType;

    /// WebKit's own constructor for the class, called with the settings filled in.
    static WEBKIT_CONSTRUCTOR: OnceLock<Constructor> = OnceLock::new();

    pub fn install() {
        // Safety: the class struct lives as long as the type (for ever, once referenced); this
        // runs on the main thread before any context exists, and only once (the OnceLock).
        unsafe {
            let class = gobject::g_type_class_ref(webkit::webkit_web_context_get_type()) as *mut gobject::GObjectClass;
            let Some(original) = (*class).constructor else { return };
            if WEBKIT_CONSTRUCTOR.set(original).is_ok() {
                (*class).constructor = Some(construct);
            }
        }
    }

    /// How many contexts got Grot's settings (for the test).
    pub(super) static FILLED_IN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    /// Where in a new context's properties its memory settings are, when its maker gave none.
    fn unset_memory_settings(params: &[gobject::GObjectConstructParam]) -> Option<usize> {
        params.iter().position(|param| {
            // Safety: GObject hands valid pspecs and values for every construct property.
            unsafe {
                CStr::from_ptr(gobject::g_param_spec_get_name(param.pspec)) == c"memory-pressure-settings"
                    && gobject::g_value_get_boxed(param.value).is_null()
            }
        })
    }

    unsafe extern "C" fn construct(type_: glib_type, n: c_uint, params: *mut gobject::GObjectConstructParam) -> *mut gobject::GObject {
        let original = WEBKIT_CONSTRUCTOR.get().expect("installed before it is called");
        if params.is_null() || n == 0 {
            return original(type_, n, params);
        }
        let mut params = std::slice::from_raw_parts(params, n as usize).to_vec();
        let Some(unset) = unset_memory_settings(&params) else {
            return original(type_, n, params.as_mut_ptr());
        };
        // Our own value in a copy of the list: the one GObject passed may be the property's
        // shared default.
        let mut value: gobject::GValue = std::mem::zeroed();
        gobject::g_value_init(&mut value, webkit::webkit_memory_pressure_settings_get_type());
        let settings = webkit::webkit_memory_pressure_settings_new();
        webkit::webkit_memory_pressure_settings_set_poll_interval(settings, super::WEB_MEMORY_POLL_SECONDS);
        gobject::g_value_take_boxed(&mut value, settings.cast());
        params[unset].value = &mut value;
        let object = original(type_, n, params.as_mut_ptr());
        gobject::g_value_unset(&mut value);
        FILLED_IN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        object
    }
}

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

/// Calls `f` each time `window` is minimised (GTK's window state turning iconified).
pub fn on_minimised<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>, f: impl Fn() + 'static) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use gtk::prelude::WidgetExt;
        let iconified = gtk::gdk::WindowState::ICONIFIED;
        window.gtk_window()?.connect_window_state_event(move |_, event| {
            if event.changed_mask().contains(iconified) && event.new_window_state().contains(iconified) {
                f();
            }
            gtk::glib::Propagation::Proceed
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (window, f);
    Ok(())
}

/// The file name of Grot's web-process extension (`src-tauri/webkit_extension.rs`).
pub const WEB_EXTENSION: &str = "libgrot_webkit_extension.so";

/// The folder WebKit loads Grot's web-process extension from, which makes every web process
/// non-dumpable: `/usr/lib/grot/webkit` beside an installed `/usr/bin/grot`; in a debug build
/// also the one `build.rs` made. A release build never looks anywhere but beside itself, so no
/// folder of the build machine's is ever trusted on hers.
pub fn web_extensions_dir() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let installed = exe.parent()?.parent()?.join("lib/grot/webkit");
    if installed.join(WEB_EXTENSION).is_file() {
        return Some(installed);
    }
    #[cfg(debug_assertions)]
    {
        let built = std::path::Path::new(env!("OUT_DIR")).join("webkit");
        if built.join(WEB_EXTENSION).is_file() {
            return Some(built);
        }
    }
    None
}

/// Ends the window's web process and starts a fresh one on the same page: called at every
/// lock, so that nothing shown or typed before the lock (a letter, a passphrase) lives on in
/// that process's memory. The page starts anew at the lock screen.
pub fn end_web_process<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::WebViewExt;
        webview.inner().terminate_web_process();
        webview.inner().reload();
    });
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// At every lock: what she copied from a letter does not outlive the lock in the clipboard or
/// the X11 primary selection. Only when the text there came from Grot (the selection's owner
/// is a window of this process's own): what she copied in other programs is not Grot's to touch.
/// On GTK's thread.
pub fn forget_copied_text() {
    #[cfg(target_os = "linux")]
    for selection in [gtk::gdk::SELECTION_CLIPBOARD, gtk::gdk::SELECTION_PRIMARY] {
        // GDK knows other programs' windows too (as "foreign" ones, once they asked it for a
        // selection), and the X server hands a closed program's window ids to the next: only a
        // window of this process's own counts.
        let ours = gtk::gdk::selection_owner_get(&selection).is_some_and(|w| w.window_type() != gtk::gdk::WindowType::Foreign);
        if ours {
            let clipboard = gtk::Clipboard::get(&selection);
            // Ours for certain, then given up: the selection has no owner and no text.
            clipboard.set_text("");
            clipboard.clear();
        }
    }
}

/// The window follows her settings at once: the title and the recent-files switch follow
/// discreet mode (and, through a small non-secret file, from the next start's lock screen on;
/// the program name and class only from the next start, as X11 reads them once per window).
pub fn follow_appearance<R: tauri::Runtime>(app: &tauri::AppHandle<R>, appearance: &Appearance) -> Result<()> {
    if let Some(window) = app.get_webview_window("main") {
        window.set_title(window_title(*appearance)).map_err(|e| Error::Storage(e.to_string()))?;
    }
    record_recent_files(app, !appearance.discreet);
    Ok(())
}

/// The window's title (and, in discreet mode, the program's name): the app's name, or in
/// discreet mode a plain word in her language that says nothing of what the app is.
pub fn window_title(appearance: Appearance) -> &'static str {
    match (appearance.discreet, appearance.lang) {
        (false, _) => "Grot",
        (true, Lang::Nl) => "Notities",
        (true, Lang::En) => "Notes",
    }
}

/// Spell checking for a letter in `lang` (its own language, else the app's): on if she wants
/// it (`on`), the letter's language first and the other second, with the dictionaries that are
/// here; says which are missing.
pub fn spell_check<R: tauri::Runtime>(app: &tauri::AppHandle<R>, on: bool, lang: crate::lang::Lang) -> Result<crate::spelling::Spelling> {
    let spelling = crate::spelling::plan(lang, on, crate::spelling::installed);
    if let Some(window) = app.get_webview_window("main") {
        use_spelling(&window, spelling.languages.clone()).map_err(|e| Error::Storage(e.to_string()))?;
    }
    Ok(spelling)
}

/// Spell checking in the letters (WebKitGTK ships it off): on in `languages` (enchant's names,
/// the letter's own first), off when there are none.
pub fn use_spelling<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>, languages: Vec<&'static str>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    window.with_webview(move |webview| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        if let Some(context) = webview.inner().context() {
            context.set_spell_checking_languages(&languages);
            context.set_spell_checking_enabled(!languages.is_empty());
        }
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = (window, languages);
    Ok(())
}

/// "Learn spelling" would write the word under the mouse, in plain text, to enchant's personal
/// word list in her home folder: it is taken out of every context menu the page shows.
/// ("Ignore spelling" stays: enchant keeps that for this run only.)
pub fn keep_words_private<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| {
        use webkit2gtk::WebViewExt;
        webview.inner().connect_context_menu(|_, menu, _, _| {
            without_learn_spelling(menu);
            false
        });
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}

/// Removes "Learn spelling" from `menu`.
#[cfg(target_os = "linux")]
pub fn without_learn_spelling(menu: &webkit2gtk::ContextMenu) {
    use webkit2gtk::{ContextMenuExt, ContextMenuItemExt};
    for item in menu.items() {
        if item.stock_action() == webkit2gtk::ContextMenuAction::LearnSpelling {
            menu.remove(&item);
        }
    }
}

/// The single-instance plugin's D-Bus name for this data folder: one running copy per folder
/// (as the folder lock), so a portable copy with its own `GROT_DATA_DIR` still starts. The
/// plugin adds `.SingleInstance`.
pub fn instance_id(identifier: &str, data_dir: &std::path::Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data_dir.hash(&mut hasher);
    format!("{identifier}.f{:016x}", hasher.finish())
}

/// A second start of the app asked for the window: bring the running one to the front.
pub fn show_running_window<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every web context, as wry makes them (without memory settings), gets Grot's; one made
    /// with settings of its own keeps them.
    #[cfg(target_os = "linux")]
    #[test]
    fn every_web_context_polls_its_memory_rarely_unless_its_maker_chose() {
        use std::sync::atomic::Ordering;
        poll_web_memory_rarely();
        poll_web_memory_rarely();
        let before = web_memory::FILLED_IN.load(Ordering::SeqCst);
        let plain = webkit2gtk::WebContext::builder().build();
        assert_eq!(web_memory::FILLED_IN.load(Ordering::SeqCst), before + 1, "a context as wry makes it got no settings");
        // (Made through the C API: the binding's `new` asks for GTK's main thread, which a test
        // thread is not; the settings need no GTK.)
        // Safety: a new boxed value whose one reference we take.
        let settings: webkit2gtk::MemoryPressureSettings =
            unsafe { webkit2gtk::glib::translate::from_glib_full(webkit2gtk::ffi::webkit_memory_pressure_settings_new()) };
        let own = webkit2gtk::WebContext::builder().memory_pressure_settings(&settings).build();
        assert_eq!(web_memory::FILLED_IN.load(Ordering::SeqCst), before + 1, "a maker's own settings were replaced");
        drop((plain, own));
    }

    #[test]
    fn webkit_paints_on_the_cpu_without_dma_buf_unless_the_caller_chose() {
        let all = vec![("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"), ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")];
        assert_eq!(webkit_defaults_unset(|_| false), all);
        // Set to anything, even "0" (GPU painting, DMA-BUF), it is hers to keep.
        assert_eq!(webkit_defaults_unset(|name| name == "WEBKIT_SKIA_ENABLE_CPU_RENDERING"), vec![all[1]]);
        assert_eq!(webkit_defaults_unset(|name| name == "WEBKIT_DISABLE_DMABUF_RENDERER"), vec![all[0]]);
    }

    #[test]
    fn discreet_mode_titles_the_window_with_a_plain_word_in_her_language() {
        assert_eq!(window_title(Appearance { discreet: false, lang: Lang::En }), "Grot");
        assert_eq!(window_title(Appearance { discreet: true, lang: Lang::Nl }), "Notities");
        assert_eq!(window_title(Appearance { discreet: true, lang: Lang::En }), "Notes");
    }
}
