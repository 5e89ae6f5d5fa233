//! The application: the builder with Grot's commands and plugins, the window, and the threads
//! that lock it (idle) and save before it closes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tauri::{Manager, WindowEvent};

use crate::ipc::PageCall;
use crate::{away, desktop, harden, ipc, session, store, vault};

/// How long a close waits for the UI to save before the app quits anyway.
const CLOSE_GRACE: Duration = Duration::from_secs(3);
/// How long a lock because she walked away waits for the page to save and lock before the
/// backend locks anyway: well inside logind's delay (5 s by default) and the one second in which
/// the screen must be locked.
const AWAY_GRACE: Duration = Duration::from_millis(700);
/// When the watch for sleep and screen locks starts, after the window is up.
const AWAY_WATCH_AFTER: Duration = Duration::from_secs(1);

/// Adds Grot's commands to a builder. Shared by the real app and the IPC tests, so both
/// exercise exactly the same handler.
pub fn app<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    // The backend opens save and open dialogs itself; the UI is granted none of the plugin's
    // commands, so it needs no file-system access.
    builder.plugin(tauri_plugin_dialog::init()).invoke_handler(ipc::handler())
}

pub fn run() {
    // Before any thread or WebKit process exists: no core dumps, no debugger, private files.
    harden::harden_process();
    desktop::use_webkit_defaults();
    desktop::poll_web_memory_rarely();
    let dir = session::data_dir().expect("Grot needs a home directory for its data");
    let closing = AtomicBool::new(false);
    let appearance = store::settings::read_appearance(&dir);
    if appearance.discreet {
        desktop::use_neutral_program_name(desktop::window_title(appearance));
    }
    // First, as its docs require: a second start hands over to the running copy and exits
    // before it touches anything (without a session bus, the data folder lock refuses it).
    let context = tauri::generate_context!();
    let one_instance = tauri_plugin_single_instance::Builder::new()
        .dbus_id(desktop::instance_id(&context.config().identifier, &dir))
        .callback(|app, _argv, _cwd| desktop::show_running_window(app))
        .build();
    app(tauri::Builder::default().plugin(one_instance))
        .manage(session::Session::new(dir, vault::KdfParams::PASSPHRASE))
        .setup(move |app| {
            // The webview is ephemeral (`incognito`): WebKit keeps no storage, cache or database
            // on disk. WebKitGTK lets an ephemeral context take no WebDriver session, so the
            // end-to-end tests (and only they: `TAURI_WEBVIEW_AUTOMATION`, set by tauri-driver)
            // get a normal one; e2e `webkit_keeps_nothing_on_disk` runs the app without them.
            let config = app.config().app.windows.first().cloned().ok_or("no window in tauri.conf.json")?;
            let automation = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
            let mut builder = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.incognito(config.incognito && !automation);
            // Every web process of the window loads Grot's extension first: not dumpable.
            match desktop::web_extensions_dir() {
                Some(dir) => builder = builder.extensions_path(dir),
                // Said, never silent: the web processes are then dumpable (an incomplete install).
                None => {
                    eprintln!("grot: the web-process extension ({}) is missing: WebKit's processes stay dumpable", desktop::WEB_EXTENSION)
                }
            }
            let window = builder.build()?;
            // At every lock, what she copied from Grot leaves the clipboard, and the web process
            // ends: nothing shown or typed before the lock lives on. (The process lives on
            // under WebDriver, which ends its session when a page's process ends; e2e
            // `dumpable::*` runs the app without it.)
            let (handle, locked) = (app.handle().clone(), window.clone());
            app.state::<session::Session>().on_lock(move || {
                let _ = handle.run_on_main_thread(desktop::forget_copied_text);
                if !automation {
                    desktop::end_web_process(&locked);
                }
            });
            // Discreet mode shows on the lock screen too, before anything is unlocked.
            window.set_title(desktop::window_title(appearance))?;
            desktop::record_recent_files(app.handle(), !appearance.discreet);
            desktop::keep_words_private(&window)?;
            start_idle_lock(app.handle().clone());
            start_away_lock(app, &window)?;
            Ok(())
        })
        .on_window_event(move |window, event| {
            // Closing asks the UI to save what is typed first; it then calls `app_quit`.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if closing.swap(true, Ordering::SeqCst) {
                    return;
                }
                api.prevent_close();
                if let Some(webview) = window.get_webview_window("main") {
                    let _ = webview.eval(PageCall::BeforeQuit.script());
                }
                let app = window.app_handle().clone();
                std::thread::spawn(move || {
                    std::thread::sleep(CLOSE_GRACE);
                    app.state::<session::Session>().lock();
                    app.exit(0);
                });
            }
        })
        .run(context)
        .expect("Grot could not start its window");
}

/// Locks when she walks away: the laptop sleeps (held back until locked), the screen locks, the
/// session is switched away from, or (if she wants) the window is minimised.
fn start_away_lock<R: tauri::Runtime>(app: &tauri::App<R>, window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    let handle = app.handle().clone();
    // Off the start's path: connecting to the buses must not take a core from the first screen,
    // and nothing is unlocked (so nothing needs the watch) in the app's first second.
    std::thread::spawn(move || {
        std::thread::sleep(AWAY_WATCH_AFTER);
        let on_away = handle.clone();
        let watch = std::sync::Arc::new(away::Watch::start(move |_cause| {
            if on_away.state::<session::Session>().locks_when_away() {
                lock_away(&on_away);
            }
        }));
        handle.manage(watch.support());
        handle.state::<session::Session>().on_change(move |hold| watch.hold_sleep(hold));
    });
    let handle = app.handle().clone();
    desktop::on_minimised(window, move || {
        let handle = handle.clone();
        // Off GTK's thread: the page that saves runs on it.
        std::thread::spawn(move || {
            if handle.state::<session::Session>().locks_when_minimised() {
                lock_away(&handle);
            }
        });
    })
}

/// The page saves what is typed (her letter, or his answer in a hand-over) and locks (its
/// `grotAway`); if it has not within [`AWAY_GRACE`], the backend locks and reloads the page
/// itself. Returns once locked, so a laptop about to sleep (held back until then) sleeps locked.
fn lock_away<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    let session = app.state::<session::Session>();
    let webview = app.get_webview_window("main");
    if let Some(webview) = &webview {
        let _ = webview.eval(PageCall::Away.script());
    }
    if !session.wait_for_lock(Instant::now() + AWAY_GRACE) {
        session.lock();
        if let Some(webview) = &webview {
            let _ = webview.eval("window.location.reload()");
        }
    }
}

/// Locks after the idle minutes from settings. The page saves what is typed first (her letter,
/// or his answer in a hand-over) and locks, as when she walks away (`lock_away`); a damaged
/// page, or a recovery code left on screen, ends at once and the page is told to start again.
fn start_idle_lock<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || loop {
        let session = app.state::<session::Session>();
        session.wait_until_due();
        if session.idle_due(Instant::now()) {
            lock_away(&app);
        } else if session.lock_if_idle(Instant::now()) {
            if let Some(webview) = app.get_webview_window("main") {
                let _ = webview.eval(PageCall::Locked.script());
            }
        }
    });
}
