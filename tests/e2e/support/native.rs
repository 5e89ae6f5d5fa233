//! What WebDriver cannot reach: the processes, the files WebKit and GTK leave, native windows
//! and dialogs (xdotool), a private session bus, and the shipped app used by keyboard.

use super::*;

/// The app's process and its WebKit processes (tauri-driver and WebKitWebDriver are above them).
pub fn app_processes(driver: &Driver) -> Vec<(u32, String)> {
    procs::descendants(driver.child.id())
        .into_iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).ok().map(|c| (pid, c.trim().to_string())))
        .filter(|(_, comm)| comm == "grot" || comm.starts_with("WebKit") && comm != "WebKitWebDriver")
        .collect()
}

/// Every non-empty file under `root`'s XDG folders (WebKit's storage, caches and databases
/// would be there).
pub fn files_under_xdg(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.metadata().is_ok_and(|m| m.len() > 0) {
                out.push(path.display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    for xdg in ["xdg-data", "xdg-config", "xdg-cache"] {
        walk(&root.join(xdg), &mut out);
    }
    out
}

/// An SQLite database whose every table is empty, a salt WebKit makes for its stores (random
/// bytes that name nothing), or Mesa's cache of compiled shaders (the graphics driver's, the
/// same for any page): files that hold nothing of what she read or wrote.
pub fn holds_nothing(path: &Path) -> bool {
    if path.file_name().is_some_and(|n| n == "salt") || path.components().any(|c| c.as_os_str() == "mesa_shader_cache") {
        return true;
    }
    let Ok(conn) = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else { return false };
    let Ok(tables) = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>())
    else {
        return false;
    };
    tables.iter().all(|t| conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get::<_, i64>(0)).is_ok_and(|n| n == 0))
}

pub fn xdotool(args: &[&str]) {
    let ok = on_display("xdotool")
        .args(args)
        .status()
        .expect("xdotool is needed: apt-get install xdotool (scripts/setup-system --test)")
        .success();
    assert!(ok, "xdotool {args:?}");
}

/// The names of the top-level windows on this X display, as the window manager sees them.
pub fn x_window_names() -> String {
    let out = on_display("xwininfo")
        .args(["-root", "-tree"])
        .output()
        .expect("xwininfo is needed to read window titles: apt-get install x11-utils (scripts/setup-system --test)");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Waits until the recent-files list of this test's app does (or, after GTK has had time to
/// record and save it, still does not) list `path`.
pub async fn wait_for_recent(driver: &Driver, path: &Path, listed: bool) {
    let list = driver._data.path().join("xdg-data/recently-used.xbel");
    let uri = format!("file://{}", path.display());
    let started = Instant::now();
    let settle = Duration::from_secs(3);
    loop {
        let has = std::fs::read_to_string(&list).is_ok_and(|xml| xml.contains(&uri));
        if has == listed && (listed || started.elapsed() > settle) {
            return;
        }
        assert!(started.elapsed() < WAIT && (listed || !has), "recent files {} {uri}", if listed { "never listed" } else { "list" });
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for the native chooser titled `title`, gives GTK a moment to focus its field, and
/// gives the window the keyboard.
fn focus_chooser(title: &str) {
    let window = wait_for_window(title);
    std::thread::sleep(Duration::from_millis(500));
    xdotool(&["windowfocus", "--sync", &window]);
}

/// Answers a native GTK file chooser titled `title` as a person would: types the whole path in
/// its name field and presses Enter. (WebDriver cannot reach native dialogs; xdotool can.)
pub fn save_in_file_chooser(title: &str, path: &Path) {
    // Its name field has the focus: the suggested name is replaced.
    focus_chooser(title);
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "5", &path.to_string_lossy()]);
    xdotool(&["key", "Return"]);
}

/// Answers a native GTK folder chooser titled `title` as a person would: types the folder's
/// whole path in its location field and picks it with the Open button.
pub fn choose_folder_in_chooser(title: &str, folder: &Path) {
    // Enter goes into the folder (Open stays off while "Recent" is shown); Open then picks it.
    open_in_file_chooser(title, folder);
    std::thread::sleep(Duration::from_millis(700));
    xdotool(&["key", "--clearmodifiers", "alt+o"]);
}

/// Answers a native GTK open-file chooser titled `title` as a person would: opens its location
/// field (Ctrl+L, given a moment to take the keys), types the whole path and presses Enter.
pub fn open_in_file_chooser(title: &str, path: &Path) {
    focus_chooser(title);
    xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
    std::thread::sleep(Duration::from_millis(400));
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "20", &path.to_string_lossy()]);
    std::thread::sleep(Duration::from_millis(400));
    xdotool(&["key", "Return"]);
}

/// `text` as a regular expression that matches it alone (a title may ask a question).
fn regex_escaped(text: &str) -> String {
    text.chars().flat_map(|c| if "\\.^$*+?()[]{}|".contains(c) { vec!['\\', c] } else { vec![c] }).collect()
}

/// Waits for a visible X window titled exactly `title` (the app's own, or a native dialog that
/// WebDriver cannot see), and answers its id.
pub fn wait_for_window(title: &str) -> String {
    let started = Instant::now();
    loop {
        let out = on_display("xdotool")
            .args(["search", "--onlyvisible", "--name", &format!("^{}$", regex_escaped(title))])
            .output()
            .expect("xdotool is needed to reach native windows: apt-get install xdotool (scripts/setup-system --test)");
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next() {
            return id.to_string();
        }
        assert!(started.elapsed() < WAIT, "no window titled {title:?}:\n{}", x_window_names());
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub use grot_testsupport::bus::PrivateBus;

/// A private D-Bus bus for one test, ended with it: the session bus, or standing in for the
/// system bus. What it starts on demand (the accessibility bus) runs on the test's display.
pub fn private_bus() -> PrivateBus {
    PrivateBus::start(Some(&display()))
}

/// How many visible windows on this display are titled exactly `title`.
pub fn windows_titled(title: &str) -> usize {
    let out = on_display("xdotool").args(["search", "--onlyvisible", "--name", &format!("^{title}$")]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().count()
}

/// What a run of the shipped app by keyboard leaves: its folders, and whether it was still
/// running at the end of the scenario.
pub struct ShippedRun {
    pub root: tempfile::TempDir,
    pub data: std::path::PathBuf,
    pub ran_through: bool,
}

/// Waits for Grot's window, gives it the focus and unlocks it by keyboard (the unlock field has
/// the focus at start), waiting `step` before and twice `step` after.
pub async fn unlock_by_keyboard(step: Duration) {
    let window = off_thread(|| wait_for_window("Grot")).await;
    tokio::time::sleep(step).await;
    focus_window(&window).await;
    xdotool(&["type", "--delay", "5", PASS]);
    xdotool(&["key", "Return"]);
    tokio::time::sleep(step * 2).await;
}

/// A vault in `data` (passphrase [`PASS`]) holding one letter, made without the app.
pub fn vault_with_one_letter(data: &Path, title: &str, body: &str) {
    let pending = grot_lib::vault::begin(&PASS.to_string().into(), grot_lib::vault::KdfParams::TEST).unwrap();
    let code = pending.recovery_code().clone();
    let key = grot_lib::vault::confirm(data, pending, &code).unwrap().key;
    let mut store = grot_lib::store::Store::create(data, &key).unwrap();
    let draft = grot_lib::store::letters::Draft {
        id: grot_lib::store::letters::LetterId::parse("6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01").unwrap(),
        title: title.into(),
        recipient: String::new(),
        body: body.into(),
        seq: 1,
    };
    store.save(&draft, 1).unwrap();
}

/// The app as shipped, without WebDriver (whose session WebKitGTK refuses to an ephemeral
/// webview), started through `prefix` (e.g. `unshare --net --`) on a vault with one letter, and
/// used with the keyboard alone: unlock, the next section, a search, the letters, a letters
/// search; then ended.
pub async fn run_shipped_scenario(prefix: &[&str]) -> ShippedRun {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("grot");
    vault_with_one_letter(&data, "Niets op schijf", "Wat WebKit ziet, bewaart WebKit niet.");
    let (program, args) = match prefix.split_first() {
        Some((first, rest)) => {
            (first.to_string(), rest.iter().map(|a| a.to_string()).chain([env!("CARGO_BIN_EXE_grot").to_string()]).collect())
        }
        None => (env!("CARGO_BIN_EXE_grot").to_string(), Vec::new()),
    };
    let mut app = on_display(program)
        .args(args)
        .env("GROT_DATA_DIR", &data)
        .env("XDG_DATA_HOME", root.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", root.path().join("xdg-config"))
        .env("XDG_CACHE_HOME", root.path().join("xdg-cache"))
        .env_remove("TAURI_WEBVIEW_AUTOMATION")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let step = Duration::from_millis(1500);
    unlock_by_keyboard(step).await;
    // Then the guide, a search, the letters, a letters search.
    for keys in [["key", "n"], ["key", "slash"], ["type", "grot"], ["key", "Escape"], ["key", "4"], ["type", "schijf"]] {
        xdotool(&keys);
        tokio::time::sleep(step / 3).await;
    }
    tokio::time::sleep(step).await;
    let ran_through = app.try_wait().unwrap().is_none();
    let _ = Command::new("kill").arg(app.id().to_string()).status();
    let _ = app.wait();
    tokio::time::sleep(Duration::from_millis(500)).await;
    ShippedRun { root, data, ran_through }
}

/// Gives a native window the keyboard focus. A window that is still being mapped refuses it for
/// a moment (on a busy machine, longer), so this tries again for a while.
pub async fn focus_window(window: &str) {
    eventually(&format!("window {window} to take the focus"), || async {
        let status = on_display("xdotool").args(["windowfocus", "--sync", window]).status().unwrap();
        status.success().then_some(()).ok_or_else(|| format!("xdotool: {status}"))
    })
    .await;
}
