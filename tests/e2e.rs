//! End-to-end: the real built `grot` binary, driven through tauri-driver and WebKitWebDriver
//! the way a person uses it. Needs an X display (scripts/test starts Xvfb), `tauri-driver` and
//! `WebKitWebDriver`; a missing one fails the run with what to install. Screenshots of the main
//! screens land in `target/screenshots/`.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use grot_lib::guide::{library, Lang};
use serde_json::{json, Value};

#[path = "../benches/support/procs.rs"]
mod procs;
#[path = "../benches/support/webdriver.rs"]
mod webdriver;

/// One app at a time: windows on one X display compete for focus. (An async mutex: the guard
/// is held across the whole test.)
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const WAIT: Duration = Duration::from_secs(20);

struct Driver {
    child: Child,
    port: u16,
    /// The app's data directory for this test (`GROT_DATA_DIR`), fresh and empty at start.
    _data: tempfile::TempDir,
}

impl Drop for Driver {
    /// Ends tauri-driver and everything it started (WebKitWebDriver outlives it otherwise, and
    /// every test run would leave one behind): they share a process group of their own.
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

fn start_driver() -> Driver {
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "no display for the end-to-end tests: run them through scripts/test, which starts Xvfb, or under xvfb-run"
    );
    let port = webdriver::free_port();
    let logs = Path::new(ROOT).join("target/e2e-logs");
    std::fs::create_dir_all(&logs).unwrap();
    let log = std::fs::File::create(logs.join(format!("tauri-driver-{port}.log"))).unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut driver = webdriver::tauri_driver();
    driver
        .env("GROT_DATA_DIR", data.path().join("grot"))
        // GTK's recent-files list and settings, per test, so a test can read what the app left.
        .env("XDG_DATA_HOME", data.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", data.path().join("xdg-config"))
        // WebKit's caches and storage would land here: a test checks they stay empty.
        .env("XDG_CACHE_HOME", data.path().join("xdg-cache"))
        // What the app chooses for WebKit, it must choose itself (a test reads it back).
        .env_remove("WEBKIT_SKIA_ENABLE_CPU_RENDERING")
        .process_group(0)
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    let child = webdriver::start_tauri_driver(driver, port, WAIT);
    Driver { child, port, _data: data }
}

/// Starts the app and waits until its first screen is drawn.
async fn open_app(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert("tauri:options".into(), json!({ "application": env!("CARGO_BIN_EXE_grot") }));
    // tauri-driver listens before WebKitWebDriver behind it does; a session request that
    // arrives in between is dropped, so only that step is retried.
    let mut attempt = 0;
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{}", driver.port)).await {
            Ok(client) => break client,
            Err(e) if attempt < 5 && matches!(e, fantoccini::error::NewSessionError::FailedC(_)) => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(e) => panic!("no WebDriver session with the app: {e}"),
        }
    };
    if client.wait().at_most(WAIT).for_element(Locator::Css("html[data-ready='true']")).await.is_err() {
        panic!("the app never became ready: {}", why_not_ready(&client).await);
    }
    client
}

const PASS: &str = "een lange wachtzin voor de test";
/// The unlock screen of a freshly loaded, locked page (the form exists, hidden, before that).
const LOCKED: &str = "html:not([data-unlocked]) #unlock-form:not([hidden]) #unlock-pass";

/// Starts the app on a fresh data directory and goes through the first run: passphrase,
/// recovery code typed back. Answers the open app and the recovery code.
async fn first_run(driver: &Driver) -> (Client, String) {
    let c = open_app(driver).await;
    let pass = c.wait().at_most(WAIT).for_element(Locator::Css("#setup-pass")).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    c.find(Locator::Css("#setup-pass2")).await.unwrap().send_keys(PASS).await.unwrap();
    c.find(Locator::Css("#setup-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let code = wait_filled(&c, "#recovery-form:not([hidden]) #recovery-code").await;
    assert_eq!(code.len(), 39, "a recovery code of 8 groups of 4: {code:?}");
    c.find(Locator::Css("#recovery-typed")).await.unwrap().send_keys(&code.to_lowercase()).await.unwrap();
    c.find(Locator::Css("#recovery-form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_unlocked(&c).await;
    (c, code)
}

async fn wait_unlocked(c: &Client) {
    // The reader, or the letters when that is where she was.
    c.wait().at_most(WAIT).for_element(Locator::Css("html[data-unlocked='true'] :is(#article h1, #view-letters:not([hidden]) #letters-title)")).await.expect("the app opened");
}

/// Starts the app, first run done, on the reader.
async fn open_unlocked(driver: &Driver) -> Client {
    first_run(driver).await.0
}

/// Quits the way the window's close button does (the UI saves, then the app exits), starts the
/// app again on the same data and unlocks it with the passphrase.
async fn restart_and_unlock(driver: &Driver, c: Client) -> Client {
    let _ = c.execute("window.grotBeforeQuit(); return true", vec![]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(c.execute("return 1", vec![]).await.is_err(), "the app should have quit after saving");
    let _ = c.close().await; // the app is gone; this ends the driver's session
    let c = open_app(driver).await;
    let pass = wait_reloaded(&c, LOCKED).await;
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&c).await;
    c
}

/// Loads the UI's entry module again to surface the error that stopped it (a syntax error
/// anywhere in the module graph stops the whole UI without a word).
async fn why_not_ready(client: &Client) -> String {
    let probe = "const done = arguments[0];
        import('./app.js').then(() => done('app.js loads; start-up failed: ' + (document.getElementById('toast')?.textContent || 'no message')),
                                (e) => done(String(e)));";
    match client.execute_async(probe, vec![]).await {
        Ok(value) => value.as_str().unwrap_or_default().to_string(),
        Err(e) => format!("the page did not answer: {e}"),
    }
}

async fn texts(client: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in client.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap().trim().to_string());
    }
    out
}

async fn text(client: &Client, css: &str) -> String {
    client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap().text().await.unwrap().trim().to_string()
}

/// Waits for `css` across a page reload (lock and hand-over reload the page), when WebDriver's
/// own lookups fail for a moment because the page is unloading.
async fn wait_reloaded(client: &Client, css: &str) -> Element {
    let started = Instant::now();
    loop {
        if let Ok(found) = client.find(Locator::Css(css)).await {
            return found;
        }
        assert!(started.elapsed() < WAIT, "{css} never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `css` shows some text, and answers it.
async fn wait_filled(client: &Client, css: &str) -> String {
    let started = Instant::now();
    loop {
        if let Ok(e) = client.find(Locator::Css(css)).await {
            let now = e.text().await.unwrap_or_default();
            if !now.trim().is_empty() {
                return now.trim().to_string();
            }
        }
        assert!(started.elapsed() < WAIT, "{css} stayed empty");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until `css` has exactly `expected` as its text.
async fn wait_text(client: &Client, css: &str, expected: &str) {
    let started = Instant::now();
    loop {
        let found = client.find(Locator::Css(css)).await.ok();
        let now = match found {
            Some(e) => e.text().await.unwrap_or_default(),
            None => String::new(),
        };
        if now.trim() == expected {
            return;
        }
        assert!(started.elapsed() < WAIT, "{css} shows {now:?}, expected {expected:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn screenshot(client: &Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(300)).await; // let transitions settle
    let png = client.screenshot().await.expect("screenshot");
    let dir = Path::new(ROOT).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Only the reading pane scrolls; the window itself never moves (the top bar stays in view).
async fn assert_window_not_scrolled(client: &Client) {
    let at = client
        .execute("return [document.scrollingElement.scrollTop, document.querySelector('.topbar').getBoundingClientRect().top]", vec![])
        .await
        .unwrap();
    assert_eq!(at, json!([0, 0]), "the window scrolled");
}

/// Clicks an element below the fold. The reading pane scrolls smoothly, so WebDriver's own
/// scroll-into-view may not have arrived when it clicks; this scrolls at once first.
async fn click_in_view(c: &Client, element: &Element) {
    c.execute("arguments[0].scrollIntoView({ block: 'center', behavior: 'instant' })", vec![serde_json::to_value(element).unwrap()])
        .await
        .unwrap();
    element.click().await.unwrap();
}

async fn press(element: &Element, key: Key) {
    element.send_keys(&char::from(key).to_string()).await.unwrap();
}

fn titles(lang: Lang) -> Vec<String> {
    library().unwrap().toc(lang)[0].sections.iter().map(|s| s.title.clone()).collect()
}

async fn finish(client: Client) {
    client.close().await.expect("session closes");
}

#[tokio::test]
async fn opens_on_the_reader_with_every_section_in_the_contents() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    let expected = titles(Lang::Nl);
    assert_eq!(texts(&c, "#toc-list a").await, expected);
    assert_eq!(text(&c, "#article h1").await, expected[0]);
    assert!(c.find(Locator::Css("#view-reader:not([hidden])")).await.is_ok(), "opens on the reader");
    assert_eq!(c.execute("return document.documentElement.lang", vec![]).await.unwrap(), json!("nl"));
    screenshot(&c, "reader-nl").await;
    finish(c).await;
}

#[tokio::test]
async fn webkit_paints_the_page_on_the_cpu() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_app(&driver).await;
    // The web process inherits what the app set at start (src-tauri/desktop.rs, BENCHMARKS.md).
    let web: Vec<u32> = procs::descendants(driver.child.id())
        .into_iter()
        .filter(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.starts_with("WebKitWebProces")))
        .collect();
    assert!(!web.is_empty(), "no WebKit web process under the app");
    for pid in web {
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
        assert!(
            environ.split(|b| *b == 0).any(|v| v == b"WEBKIT_SKIA_ENABLE_CPU_RENDERING=1"),
            "web process {pid} paints on the GPU"
        );
    }
    finish(c).await;
}

/// The app's process and its WebKit processes (tauri-driver and WebKitWebDriver are above them).
fn app_processes(driver: &Driver) -> Vec<(u32, String)> {
    procs::descendants(driver.child.id())
        .into_iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).ok().map(|c| (pid, c.trim().to_string())))
        .filter(|(_, comm)| comm == "grot" || comm.starts_with("WebKit") && comm != "WebKitWebDriver")
        .collect()
}

#[tokio::test]
async fn no_core_dumps_from_the_app_or_its_webkit_processes() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_app(&driver).await;
    let procs = app_processes(&driver);
    assert!(procs.iter().any(|(_, c)| c == "grot") && procs.iter().any(|(_, c)| c.starts_with("WebKitWebProces")), "{procs:?}");
    for (pid, comm) in &procs {
        let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
        let core = limits.lines().find(|l| l.starts_with("Max core file size")).unwrap();
        let fields: Vec<&str> = core.split_whitespace().collect();
        assert_eq!(&fields[4..6], ["0", "0"], "{comm} ({pid}) may dump core: {core}");
    }
    println!("core limit 0 in {} processes: {:?}", procs.len(), procs.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>());
    finish(c).await;
}

/// Every non-empty file under `root`'s XDG folders (WebKit's storage, caches and databases
/// would be there).
fn files_under_xdg(root: &Path) -> Vec<String> {
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
fn holds_nothing(path: &Path) -> bool {
    if path.file_name().is_some_and(|n| n == "salt") || path.components().any(|c| c.as_os_str() == "mesa_shader_cache") {
        return true;
    }
    let Ok(conn) = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else { return false };
    let Ok(tables) = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()) else { return false };
    tables.iter().all(|t| conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get::<_, i64>(0)).is_ok_and(|n| n == 0))
}

fn xdotool(args: &[&str]) {
    let ok = Command::new("xdotool").args(args).status().expect("xdotool is needed: apt-get install xdotool (scripts/setup-system --test)").success();
    assert!(ok, "xdotool {args:?}");
}

/// The app as shipped, without WebDriver (whose session WebKitGTK refuses to an ephemeral
/// webview), used with the keyboard alone: unlock, the guide, a search, letters, then closed.
/// Nothing may stay behind under its XDG folders.
#[tokio::test]
async fn webkit_keeps_nothing_on_disk() {
    let _one = ONE_AT_A_TIME.lock().await;
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("grot");
    {
        let pending = grot_lib::vault::begin(&PASS.to_string().into(), grot_lib::vault::KdfParams::TEST).unwrap();
        let code = pending.recovery_code().clone();
        let key = grot_lib::vault::confirm(&data, pending, &code).unwrap().key;
        let mut store = grot_lib::store::Store::create(&data, &key).unwrap();
        let draft = grot_lib::letters::Draft { id: "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01".into(), title: "Niets op schijf".into(), recipient: String::new(), body: "Wat WebKit ziet, bewaart WebKit niet.".into(), seq: 1 };
        store.save(&draft, 1).unwrap();
    }
    let mut app = Command::new(env!("CARGO_BIN_EXE_grot"))
        .env("GROT_DATA_DIR", &data)
        .env("XDG_DATA_HOME", root.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", root.path().join("xdg-config"))
        .env("XDG_CACHE_HOME", root.path().join("xdg-cache"))
        .env_remove("TAURI_WEBVIEW_AUTOMATION")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let window = loop {
        let out = Command::new("xdotool").args(["search", "--onlyvisible", "--name", "^Grot$"]).output().unwrap();
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next() {
            break id.to_string();
        }
        assert!(started.elapsed() < WAIT, "the app's window never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let step = Duration::from_millis(1500);
    tokio::time::sleep(step).await;
    xdotool(&["windowfocus", "--sync", &window]);
    // The unlock field has the focus: the passphrase, Enter; then the guide, a search, letters.
    xdotool(&["type", "--delay", "5", PASS]);
    xdotool(&["key", "Return"]);
    tokio::time::sleep(step * 2).await;
    for keys in [["key", "n"], ["key", "slash"], ["type", "grot"], ["key", "Escape"], ["key", "4"], ["type", "schijf"]] {
        xdotool(&keys);
        tokio::time::sleep(step / 3).await;
    }
    tokio::time::sleep(step).await;
    let _ = Command::new("kill").arg(app.id().to_string()).status();
    let _ = app.wait();
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Tauri's runtime also makes WebKit's default (persistent) context, unused by the window:
    // its processes leave an empty HSTS database and the salts of stores that stay empty. Those
    // may exist and must hold nothing; any other file (local storage, IndexedDB, cache records,
    // cookies) fails.
    let left = files_under_xdg(root.path());
    let holding: Vec<&String> = left.iter().filter(|f| !holds_nothing(Path::new(f))).collect();
    println!("files under XDG: {left:?}");
    assert!(holding.is_empty(), "WebKit kept something: {holding:#?} (all: {left:#?})");
    let backups = grot_lib::backup::list(&data).unwrap();
    assert!(!backups.is_empty(), "the app was unlocked (it made its backup), so the scenario ran");
}

#[tokio::test]
async fn an_export_dialog_left_open_writes_nothing_once_locked() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Open dialoog", "Dit mag na het slot nergens terechtkomen.").await;
    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#export-form button[type=submit]")).await.unwrap().click().await.unwrap();
    // The save dialog is open; meanwhile the app locks (as the idle lock would).
    let started = Instant::now();
    while Command::new("xdotool").args(["search", "--onlyvisible", "--name", "^Brief exporteren$"]).output().unwrap().stdout.is_empty() {
        assert!(started.elapsed() < WAIT, "no save dialog");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.execute("window.__TAURI__.core.invoke('session_lock'); return true", vec![]).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("open-dialoog.pdf");
    let target = path.clone();
    tokio::task::spawn_blocking(move || save_in_file_chooser("Brief exporteren", &target)).await.unwrap();
    wait_text(&c, "#export-form .gate-error", "De app is vergrendeld.").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!path.exists(), "the letter was written after the lock");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing at all was written");
    finish(c).await;
}

#[tokio::test]
async fn switching_to_english_shows_the_english_text() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    // Open a later section first: the language switch must keep the reader where it was.
    c.find(Locator::Css("#toc-list a[data-section='the-cave']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#article h1", &titles(Lang::Nl)[1]).await;
    c.find(Locator::Css("#lang-toggle")).await.unwrap().click().await.unwrap();
    let en = titles(Lang::En);
    wait_text(&c, "#article h1", &en[1]).await;
    assert_eq!(texts(&c, "#toc-list a").await, en);
    let first = text(&c, "#article .section-body p").await;
    assert!(first.starts_with("Imagine that every man has an invisible cave"), "{first}");
    assert_eq!(text(&c, ".view-tab[data-view='reader']").await, "Read");
    screenshot(&c, "reader-en").await;
    finish(c).await;
}

#[tokio::test]
async fn search_for_grot_highlights_results_and_opens_one() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    let input = c.find(Locator::Css("#search-input")).await.unwrap();
    input.send_keys("grot").await.unwrap();
    press(&input, Key::Enter).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#search-results li mark")).await.unwrap();
    let results = c.find_all(Locator::Css("#search-results li")).await.unwrap();
    assert!(results.len() >= 3, "only {} results", results.len());
    for result in &results {
        let marks = result.find_all(Locator::Css("mark")).await.unwrap();
        assert!(!marks.is_empty(), "a result without a highlighted match");
        for mark in marks {
            assert!(mark.text().await.unwrap().to_lowercase().starts_with("grot"));
        }
    }
    screenshot(&c, "search").await;

    let pick = &results[2];
    let title = pick.find(Locator::Css(".result-title")).await.unwrap().text().await.unwrap();
    pick.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#article h1", title.trim()).await;
    assert!(c.find(Locator::Css("#view-search[hidden]")).await.is_ok(), "search view closes");
    c.wait().at_most(WAIT).for_element(Locator::Css("#article .flash")).await.expect("the matching paragraph is highlighted");
    assert_window_not_scrolled(&c).await;
    finish(c).await;
}

#[tokio::test]
async fn the_keyboard_alone_reaches_the_next_section() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let nl = titles(Lang::Nl);

    // Tab through the page, as a keyboard user would, until the "next" button has focus.
    let mut reached = false;
    for _ in 0..60 {
        let active = c.active_element().await.unwrap();
        if active.attr("id").await.unwrap().as_deref() == Some("next") {
            reached = true;
            press(&active, Key::Enter).await;
            break;
        }
        press(&active, Key::Tab).await;
    }
    assert!(reached, "Tab never reached the next-section button");
    wait_text(&c, "#article h1", &nl[1]).await;

    // The shortcut from the help overlay does the same.
    press(&c.active_element().await.unwrap(), Key::Escape).await;
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("n").await.unwrap();
    wait_text(&c, "#article h1", &nl[2]).await;
    body.send_keys("p").await.unwrap();
    wait_text(&c, "#article h1", &nl[1]).await;

    body.send_keys("?").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#help[open]")).await.unwrap();
    let listed = texts(&c, "#shortcut-list dd").await;
    assert!(listed.contains(&"Volgend deel".to_string()), "{listed:?}");
    screenshot(&c, "help").await;
    press(&c.active_element().await.unwrap(), Key::Escape).await;
    assert!(c.find(Locator::Css("dialog#help[open]")).await.is_err(), "Escape closes the help");
    assert_window_not_scrolled(&c).await;
    finish(c).await;
}

#[tokio::test]
async fn tips_phrases_and_dark_theme() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    // The reader remembers its section while other views are open.
    let remembered = &titles(Lang::Nl)[4];
    c.find(Locator::Css("#toc-list a[data-section='following-him']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#article h1", remembered).await;

    c.find(Locator::Css(".view-tab[data-view='tips']")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css(".card")).await.unwrap();
    assert_eq!(c.find_all(Locator::Css(".card-tips_you")).await.unwrap().len(), 7);
    assert_eq!(c.find_all(Locator::Css(".card-tips_him")).await.unwrap().len(), 5);
    assert!(!c.find_all(Locator::Css(".signs-unhealthy li")).await.unwrap().is_empty());
    // Nothing kept yet: no "saved" group, and nothing stray in its place.
    let loose: Value = c
        .execute("return [...document.getElementById('tips-content').childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent)", vec![])
        .await
        .unwrap();
    assert_eq!(loose, json!([]), "loose text in the tips view");
    screenshot(&c, "tips").await;

    c.find(Locator::Css(".view-tab[data-view='phrases']")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css(".phrase-item")).await.unwrap();
    let phrases = texts(&c, ".phrase-item blockquote").await;
    assert_eq!(phrases.len(), 10);
    assert!(!phrases.iter().any(|p| p.contains("Wat voel je")), "a question to avoid is offered");
    screenshot(&c, "phrases").await;

    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("1").await.unwrap();
    wait_text(&c, "#view-reader:not([hidden]) #article h1", remembered).await;
    let theme = || async { c.execute("return document.documentElement.dataset.theme", vec![]).await.unwrap() };
    let start = theme().await;
    body.send_keys("d").await.unwrap();
    body.send_keys("d").await.unwrap();
    assert_eq!(theme().await, json!("dark"), "system ({start}) → light → dark");
    body.send_keys("+").await.unwrap();
    let scale = c.execute("return getComputedStyle(document.documentElement).getPropertyValue('--text-scale')", vec![]).await.unwrap();
    assert_eq!(scale, json!("1.1"));
    screenshot(&c, "reader-dark").await;
    finish(c).await;
}

#[tokio::test]
async fn the_page_cannot_call_commands_outside_the_capability() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    let call = r#"
        const [cmd, args, done] = arguments;
        window.__TAURI__.core.invoke(cmd, args).then(
            (value) => done({ ok: true, value }),
            (error) => done({ ok: false, error: typeof error === 'string' ? error : JSON.stringify(error) }));
    "#;
    let allowed: Value = c.execute_async(call, vec![json!("guide_list"), json!({"lang": "nl"})]).await.unwrap();
    assert_eq!(allowed["ok"], json!(true), "{allowed}");
    for (cmd, args) in [
        ("plugin:window|set_title", json!({"label": "main", "value": "leak"})),
        ("plugin:webview|print", json!({"label": "main"})),
        ("plugin:event|emit", json!({"event": "x", "payload": null})),
    ] {
        let refused: Value = c.execute_async(call, vec![json!(cmd), args]).await.unwrap();
        assert_eq!(refused["ok"], json!(false), "{cmd} was allowed: {refused}");
        assert!(refused["error"].as_str().unwrap().contains("not allowed"), "{cmd}: {refused}");
    }
    let title = c.execute("return document.title", vec![]).await.unwrap();
    assert_eq!(title, json!("Grot"));
    finish(c).await;
}

async fn value(c: &Client, css: &str) -> String {
    let e = c.find(Locator::Css(css)).await.unwrap();
    e.prop("value").await.unwrap().unwrap_or_default()
}

#[tokio::test]
async fn a_letter_survives_a_restart_and_stays_private() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_app(&driver).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#setup-pass")).await.unwrap();
    assert!(!c.source().await.unwrap().contains("grot zit"), "the gate shows nothing of the guidance");
    screenshot(&c, "first-run").await;
    finish(c).await;
    let (c, code) = first_run(&driver).await;

    // Write a letter as a person would: click, type, wait for the honest indicator.
    c.find(Locator::Css(".view-tab[data-view='letters']")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-new")).await.unwrap().click().await.unwrap();
    let title = "Voor later <b>vet</b>";
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-title:focus")).await.unwrap().send_keys(title).await.unwrap();
    c.find(Locator::Css("#letter-recipient")).await.unwrap().send_keys("Sam").await.unwrap();
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    body.click().await.unwrap();
    let lines = ["Lieve Sam,", "Het café was dicht en ik was geïrriteerd; één ding nog 🙂", "<script>alert(1)</script>"];
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            press(&body, Key::Enter).await;
        }
        // WebKitWebDriver cannot type characters outside the BMP; an emoji arrives the way an
        // input method or a paste delivers it: one insertText input event at the caret.
        for (j, part) in line.split('🙂').enumerate() {
            if j > 0 {
                c.execute("document.execCommand('insertText', false, '🙂')", vec![]).await.unwrap();
            }
            if !part.is_empty() {
                body.send_keys(part).await.unwrap();
            }
        }
    }
    let expected = lines.join("\n");
    assert_eq!(value(&c, "#letter-body").await, expected, "the textarea holds what was typed");
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    screenshot(&c, "composer").await;

    // Quit the way the window's close button does: the UI saves, then the app exits.
    let _ = c.execute("window.grotBeforeQuit(); return true", vec![]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(c.execute("return 1", vec![]).await.is_err(), "the app should have quit after saving");
    let _ = c.close().await; // the app is gone; this ends the driver's session

    // Start again: locked. A wrong passphrase is refused with a clear message.
    let c = open_app(&driver).await;
    let pass = wait_reloaded(&c, LOCKED).await;
    pass.send_keys("dit is hem niet").await.unwrap();
    press(&pass, Key::Enter).await;
    wait_text(&c, "#unlock-form .gate-error", "Dat is niet de juiste wachtzin.").await;
    screenshot(&c, "unlock-wrong").await;
    let pass = c.find(Locator::Css("#unlock-pass")).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&c).await;

    // The letter is there, exactly; its markup is shown as text.
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    wait_text(&c, "#letter-list .letter-name", title).await;
    assert!(c.find_all(Locator::Css("#letter-list b, #letter-list script")).await.unwrap().is_empty(), "markup rendered as HTML");
    screenshot(&c, "letters").await;
    c.find(Locator::Css("#letter-list .letter-open")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden])")).await.unwrap();
    assert_eq!(value(&c, "#letter-body").await, expected);
    assert_eq!(value(&c, "#letter-title").await, title);
    assert_eq!(value(&c, "#letter-recipient").await, "Sam");

    // Lock: the letter's text leaves the page.
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    body.send_keys(&(Key::Control + "l")).await.unwrap();
    wait_reloaded(&c, LOCKED).await;
    let source = c.source().await.unwrap();
    for secret in ["geïrriteerd", "Lieve Sam", "Voor later", "grot zit"] {
        assert!(!source.contains(secret), "{secret:?} is still in the page after locking");
    }

    // The recovery code opens it too.
    c.find(Locator::Css("#use-recovery")).await.unwrap().click().await.unwrap();
    let input = c.wait().at_most(WAIT).for_element(Locator::Css("#unlock-code")).await.unwrap();
    input.send_keys(&code).await.unwrap();
    press(&input, Key::Enter).await;
    wait_unlocked(&c).await;
    finish(c).await;
}

#[tokio::test]
async fn panic_blanks_the_window_and_locks() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let body = c.find(Locator::Css("body")).await.unwrap();
    let escape = char::from(Key::Escape).to_string();
    body.send_keys(&format!("{escape}{escape}")).await.unwrap();
    wait_reloaded(&c, LOCKED).await;
    assert!(!c.source().await.unwrap().contains("grot zit"));
    let status = c.execute_async(
        "const done = arguments[0]; window.__TAURI__.core.invoke('letter_list', { sort: 'updated' }).then(() => done('open'), (e) => done(e.code));",
        vec![],
    ).await.unwrap();
    assert_eq!(status, json!("locked"), "the backend is locked, not just the page");
    finish(c).await;
}

#[tokio::test]
async fn an_oversized_letter_is_refused_clearly_and_nothing_is_cut() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-letters:not([hidden]) #letter-new")).await.unwrap().click().await.unwrap();
    let body = c.wait().at_most(WAIT).for_element(Locator::Css("#letter-body")).await.unwrap();
    body.click().await.unwrap();
    body.send_keys("kort begin").await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;

    // A paste of 1.1 MB: over the limit.
    c.execute("document.execCommand('insertText', false, ' ' + 'x'.repeat(1100000))", vec![]).await.unwrap();
    let state = c.wait().at_most(WAIT).for_element(Locator::Css("#save-state[data-state='refused']")).await.unwrap();
    let said = state.text().await.unwrap();
    assert!(said.contains("te lang") && !said.contains("opnieuw"), "a clear message that promises no retry: {said}");
    let kept = c.execute("return document.getElementById('letter-body').value.length", vec![]).await.unwrap();
    assert_eq!(kept, json!(10 + 1 + 1_100_000), "nothing is cut from what is on screen");
    let stored = c
        .execute_async(
            "const [id, done] = arguments; window.__TAURI__.core.invoke('letter_list', { sort: 'updated' })
               .then((l) => window.__TAURI__.core.invoke('letter_get', { id: l[0].id })).then((x) => done(x.body), (e) => done(e.code));",
            vec![json!(null)],
        )
        .await
        .unwrap();
    assert_eq!(stored, json!("kort begin"), "the stored letter is the last version that fit");
    screenshot(&c, "too-large").await;
    finish(c).await;
}

#[tokio::test]
async fn settings_place_and_bookmarks_survive_a_restart() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let body = c.find(Locator::Css("body")).await.unwrap();

    // Read a later section, keep it, switch to English and dark.
    c.find(Locator::Css("#toc-list a[data-section='coming-out']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#article h1", &titles(Lang::Nl)[6]).await;
    c.find(Locator::Css("#article .bookmark")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#toc-list a.kept[data-section='coming-out']")).await.unwrap();
    body.send_keys("2").await.unwrap();
    let keep = c.wait().at_most(WAIT).for_element(Locator::Css(".card[data-tip='what-you-can-do.7'] .bookmark")).await.unwrap();
    click_in_view(&c, &keep).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#group-kept")).await.expect("a kept-tips group appears");
    body.send_keys("1").await.unwrap();
    body.send_keys("l").await.unwrap();
    wait_text(&c, "#article h1", &titles(Lang::En)[6]).await;
    body.send_keys("d").await.unwrap();
    body.send_keys("d").await.unwrap();
    tokio::time::sleep(Duration::from_millis(900)).await; // settings are stored half a second after a change

    let c = restart_and_unlock(&driver, c).await;
    wait_text(&c, "#article h1", &titles(Lang::En)[6]).await;
    assert_eq!(c.execute("return [document.documentElement.lang, document.documentElement.dataset.theme]", vec![]).await.unwrap(), json!(["en", "dark"]));
    assert!(c.find(Locator::Css("#toc-list a.kept[data-section='coming-out']")).await.is_ok(), "the kept section is still kept");
    c.find(Locator::Css("body")).await.unwrap().send_keys("2").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("section[aria-labelledby='group-kept'] .card[data-tip='what-you-can-do.7']")).await.expect("the kept tip is still kept");
    screenshot(&c, "tips-kept-en-dark").await;
    finish(c).await;
}

/// Opens the letters view and writes a new letter; answers when it is saved.
async fn write_letter(c: &Client, title: &str, text: &str) {
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-letters:not([hidden]) #letter-new")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-title:focus")).await.unwrap().send_keys(title).await.unwrap();
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    body.click().await.unwrap();
    body.send_keys(text).await.unwrap();
    wait_text(c, "#save-state[data-state='saved']", "Opgeslagen").await;
}

/// Calls a command from the page, as any script in it could; answers the value or the error code.
async fn page_invoke(c: &Client, cmd: &str, args: Value) -> Value {
    c.execute_async(
        "const [cmd, args, done] = arguments;
         window.__TAURI__.core.invoke(cmd, args).then((v) => done({ ok: v }), (e) => done({ err: e.code ?? String(e) }));",
        vec![json!(cmd), args],
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_letter_sealed_a_minute_ahead_opens_when_its_time_comes() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Voor straks", "Pas over een minuut te lezen.").await;

    c.find(Locator::Css("#composer-seal")).await.unwrap().click().await.unwrap();
    let at = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#seal-dialog[open] #seal-at[type='datetime-local']")).await.unwrap();
    screenshot(&c, "seal").await;
    // The date field takes local time; a minute ahead, to the second (WebDriver cannot type
    // into WebKit's date-time widget, so the field is set the way its picker sets it).
    let until: i64 = serde_json::from_value(
        c.execute(
            "const [input] = arguments; const at = new Date(Date.now() + 60000);
             const pad = (n) => String(n).padStart(2, '0');
             input.step = 1;
             input.value = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
             return new Date(input.value).getTime();",
            vec![serde_json::to_value(&at).unwrap()],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    c.find(Locator::Css("#seal-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let item = c.wait().at_most(WAIT).for_element(Locator::Css("#letter-list .letter-item.sealed")).await.unwrap();
    assert!(item.text().await.unwrap().contains("Verzegeld tot"), "the list shows the title and the date");
    let id = item.attr("data-letter").await.unwrap().unwrap();
    assert_eq!(page_invoke(&c, "letter_get", json!({"id": id})).await, json!({"err": "sealed"}), "the backend refuses the text");
    assert_eq!(page_invoke(&c, "letter_search", json!({"query": "minuut"})).await, json!({"ok": []}), "nor is it found by its words");
    screenshot(&c, "sealed-list").await;

    // Clicking it asks for the passphrase; she waits instead.
    item.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#sealed-dialog[open]")).await.unwrap();
    c.find(Locator::Css("#sealed-dialog [data-close]")).await.unwrap().click().await.unwrap();
    let now: i64 = serde_json::from_value(c.execute("return Date.now()", vec![]).await.unwrap()).unwrap();
    tokio::time::sleep(Duration::from_millis((until - now + 500).max(0) as u64)).await;

    let opened = page_invoke(&c, "letter_get", json!({"id": id})).await;
    assert_eq!(opened["ok"]["body"], "Pas over een minuut te lezen.", "{opened}");
    c.find(Locator::Css(".view-tab[data-view='letters']")).await.unwrap().click().await.unwrap();
    let open = c.wait().at_most(WAIT).for_element(Locator::Css(&format!("#letter-list button[data-open='{id}']"))).await.unwrap();
    open.click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden])")).await.unwrap();
    assert_eq!(value(&c, "#letter-body").await, "Pas over een minuut te lezen.");
    finish(c).await;
}

#[tokio::test]
async fn handover_shows_only_that_letter_and_leaving_needs_the_passphrase() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Iets anders", "Dit is niet voor hem.").await;
    c.find(Locator::Css("#composer-back")).await.unwrap().click().await.unwrap();
    write_letter(&c, "Voor Sam", "Lieve Sam, lees dit als je er klaar voor bent.").await;

    c.find(Locator::Css("#composer-handover")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#handover-dialog[open] #handover-go")).await.unwrap().click().await.unwrap();
    wait_reloaded(&c, "html[data-handover='true'] #handover:not([hidden])").await;
    assert_eq!(text(&c, "#handover-letter-title").await, "Voor Sam");
    let source = c.source().await.unwrap();
    assert!(source.contains("lees dit als je er klaar voor bent"));
    for other in ["Iets anders", "niet voor hem", "grot zit", "Waarom hij zich terugtrekt"] {
        assert!(!source.contains(other), "{other:?} is in the page during hand-over");
    }
    screenshot(&c, "handover").await;

    // Anything else, even from a script in the page, gets the typed error.
    for (cmd, args) in [
        ("letter_list", json!({"sort": "updated"})),
        ("guide_list", json!({"lang": "nl"})),
        ("settings_get", json!({})),
        ("letter_search", json!({"query": "anders"})),
    ] {
        assert_eq!(page_invoke(&c, cmd, args).await, json!({"err": "handover"}), "{cmd}");
    }
    // Shortcuts do nothing; a reload shows the same letter only.
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("4").await.unwrap();
    body.send_keys(&(Key::Control + "l")).await.unwrap();
    c.refresh().await.unwrap();
    wait_reloaded(&c, "html[data-handover='true'] #handover:not([hidden])").await;
    assert_eq!(text(&c, "#handover-letter-title").await, "Voor Sam");
    assert_eq!(c.execute("return document.title", vec![]).await.unwrap(), json!("Grot"));

    // Leaving needs the writer's passphrase.
    c.find(Locator::Css("#handover-done")).await.unwrap().click().await.unwrap();
    let pass = c.wait().at_most(WAIT).for_element(Locator::Css("#handover-pass")).await.unwrap();
    pass.send_keys("ik gok maar wat").await.unwrap();
    press(&pass, Key::Enter).await;
    wait_text(&c, "#handover-leave-form .gate-error", "Dat is niet de juiste wachtzin.").await;
    let pass = c.find(Locator::Css("#handover-pass")).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_reloaded(&c, "html[data-unlocked='true'] #view-composer:not([hidden])").await;
    assert_eq!(value(&c, "#letter-title").await, "Voor Sam");
    finish(c).await;
}

#[tokio::test]
async fn the_tone_check_flags_blame_and_links_to_the_guide() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Eerlijk", "Ik ben moe. Jij luistert nooit naar mij.").await;
    let flag = c.wait().at_most(WAIT).for_element(Locator::Css("#tone:not([hidden]) .tone-flag")).await.expect("a tone flag");
    assert_eq!(flag.find(Locator::Css(".tone-text")).await.unwrap().text().await.unwrap(), "Jij luistert nooit");
    screenshot(&c, "tone").await;
    click_in_view(&c, &flag.find(Locator::Css("button[data-select]")).await.unwrap()).await;
    let selected = c.execute("const b = document.getElementById('letter-body'); return b.value.slice(b.selectionStart, b.selectionEnd)", vec![]).await.unwrap();
    assert_eq!(selected, json!("Jij luistert nooit"));
    click_in_view(&c, &c.find(Locator::Css("#tone button[data-section]")).await.unwrap()).await;
    wait_text(&c, "#article h1", &titles(Lang::Nl)[10]).await;
    assert_eq!(c.execute("return document.getElementById('letter-body').value", vec![]).await.unwrap(), json!(""), "leaving the letter clears it from the page");
    finish(c).await;
}

#[tokio::test]
async fn start_from_a_template_and_insert_a_phrase_at_the_cursor() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-letters:not([hidden]) #letter-template")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#template-dialog[open] .picker-item")).await.expect("the template picker opens");
    assert!(c.find_all(Locator::Css("#template-list .picker-item")).await.unwrap().len() >= 4);
    screenshot(&c, "templates").await;
    c.find(Locator::Css("#template-list [data-template='feeling-alone']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    assert_eq!(value(&c, "#letter-title").await, "Zeggen dat je je alleen voelt");
    assert!(value(&c, "#letter-body").await.contains("ik voel me op dit moment heel alleen"));

    // Put the cursor at the end and insert a sentence from the guide there.
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    c.execute("const b = document.getElementById('letter-body'); b.focus(); b.setSelectionRange(b.value.length, b.value.length);", vec![]).await.unwrap();
    body.send_keys("PS").await.unwrap();
    c.find(Locator::Css("#composer-phrase")).await.unwrap().click().await.unwrap();
    let filter = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#phrase-dialog[open] #phrase-dialog-filter")).await.expect("the phrase picker opens");
    let offered = texts(&c, "#phrase-dialog-list .picker-item").await;
    assert_eq!(offered.len(), 10, "only the sentences to say");
    filter.send_keys("grenzen").await.unwrap();
    let none = texts(&c, "#phrase-dialog-list .picker-item").await;
    assert!(none.is_empty(), "the filter narrows the list: {none:?}");
    filter.clear().await.unwrap();
    filter.send_keys("LANGER dan een dag").await.unwrap();
    let narrowed = texts(&c, "#phrase-dialog-list .picker-item").await;
    assert_eq!(narrowed.len(), 1, "case does not matter: {narrowed:?}");
    let pick = c.find(Locator::Css("#phrase-dialog-list .picker-item")).await.unwrap();
    let phrase = pick.text().await.unwrap();
    pick.click().await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    let text = value(&c, "#letter-body").await;
    assert!(text.ends_with(&format!("PS {phrase}")), "inserted at the cursor: {text:?}");

    // Export asks first, saying plainly that the file will not be encrypted. (The native file
    // chooser that follows cannot be driven through WebDriver; the writing is unit-tested.)
    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    let warning = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#export-dialog[open] .warning")).await.unwrap();
    assert!(warning.text().await.unwrap().contains("niet versleuteld"));
    screenshot(&c, "export").await;
    c.find(Locator::Css("#export-dialog [data-close]")).await.unwrap().click().await.unwrap();
    assert!(c.find(Locator::Css("dialog#export-dialog[open]")).await.is_err());

    // Printing hands the webview a sheet with the letter alone, and empties it afterwards.
    // (The print dialog itself is the system's; it is stubbed here to see what it was given.)
    c.execute(
        "window.print = () => { const sheet = document.getElementById('print-sheet');
           window.__printed = [sheet.textContent, getComputedStyle(sheet).display, [...sheet.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).length]; };",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css("#composer-print")).await.unwrap().click().await.unwrap();
    let printed = c.execute("return [window.__printed, document.getElementById('print-sheet').textContent]", vec![]).await.unwrap();
    let sheet = printed[0][0].as_str().unwrap();
    assert!(sheet.starts_with("Zeggen dat je je alleen voelt") && sheet.contains(&phrase), "the sheet holds the letter: {sheet:?}");
    assert_eq!(printed[0][1], json!("none"), "on screen the sheet stays invisible");
    assert_eq!(printed[0][2], json!(0), "loose text on the sheet (a missing line printed as \"null\"): {sheet:?}");
    assert_eq!(printed[1], json!(""), "no copy of the text stays in the page");
    finish(c).await;
}

/// The names of the top-level windows on this X display, as the window manager sees them.
fn x_window_names() -> String {
    let out = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .output()
        .expect("xwininfo is needed to read window titles: apt-get install x11-utils (scripts/setup-system --test)");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[tokio::test]
async fn discreet_mode_hides_the_name_and_keeps_exports_out_of_recent_files() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    // A window's title is the quoted name before its class: `"Grot": ("grot" "Grot")`.
    assert!(x_window_names().contains("\"Grot\": ("), "the app's own name by default");
    // The backup made at unlock starts a moment later; the settings show it once it is there.
    let started = Instant::now();
    while !page_invoke(&c, "backup_status", json!({})).await["ok"]["latest_ms"].is_number() {
        assert!(started.elapsed() < WAIT, "no backup after unlock");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    c.find(Locator::Css("body")).await.unwrap().send_keys(",").await.unwrap();
    let check = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#settings[open] #set-discreet")).await.unwrap();
    check.click().await.unwrap();
    screenshot(&c, "settings").await;
    // The automatic backup made at unlock is reported, with its time.
    let latest = wait_filled(&c, "#backup-latest").await;
    assert!(latest.starts_with("Laatste backup:"), "{latest}");
    c.execute("document.getElementById('backup-latest').scrollIntoView({ block: 'center', behavior: 'instant' })", vec![]).await.unwrap();
    screenshot(&c, "settings-backup").await;
    let started = Instant::now();
    while !x_window_names().contains("\"Notities\": (") {
        assert!(started.elapsed() < WAIT, "the window title never became neutral:\n{}", x_window_names());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // An exported letter stays out of the recent-files list.
    c.find(Locator::Css("dialog#settings[open]")).await.unwrap().send_keys(&Key::Escape.to_string()).await.unwrap();
    write_letter(&c, "Stil", "Niemand hoeft te zien dat dit bestaat.").await;
    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#export-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("stil.pdf");
    let target = path.clone();
    tokio::task::spawn_blocking(move || save_in_file_chooser("Brief exporteren", &target)).await.unwrap();
    wait_text(&c, "#toast", "Opgeslagen als stil.pdf.").await;
    assert!(path.is_file());
    wait_for_recent(&driver, &path, false).await;

    // Closed and started again: the lock screen has the neutral title too, and the window a
    // neutral program name and class (what taskbars and switchers show), and icon name.
    let _ = c.execute("window.grotBeforeQuit(); return true", vec![]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let _ = c.close().await;
    let c = open_app(&driver).await;
    wait_reloaded(&c, LOCKED).await;
    let names = x_window_names();
    assert!(names.contains("\"Notities\": (\"notities\" \"Notities\")"), "locked, still neutral:\n{names}");
    assert!(!names.to_lowercase().contains("grot"), "the app's name is nowhere:\n{names}");
    let icon_names = Command::new("sh").args(["-c", "for w in $(xdotool search --name '^Notities$'); do xprop -id $w WM_ICON_NAME _NET_WM_ICON_NAME; done"]).output().unwrap();
    let icon_names = String::from_utf8_lossy(&icon_names.stdout).to_string();
    assert!(icon_names.contains("\"Notities\"") && !icon_names.contains("Grot"), "{icon_names}");
    finish(c).await;
}

/// Waits until the recent-files list of this test's app does (or, after GTK has had time to
/// record and save it, still does not) list `path`.
async fn wait_for_recent(driver: &Driver, path: &Path, listed: bool) {
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

/// Answers a native GTK file chooser titled `title` as a person would: types the whole path in
/// its name field and presses Enter. (WebDriver cannot reach native dialogs; xdotool can.)
fn save_in_file_chooser(title: &str, path: &Path) {
    let started = Instant::now();
    let window = loop {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
            .output()
            .expect("xdotool is needed to answer the native save dialog: apt-get install xdotool (scripts/setup-system --test)");
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next() {
            break id.to_string();
        }
        assert!(started.elapsed() < WAIT, "no save dialog titled {title:?}:\n{}", x_window_names());
        std::thread::sleep(Duration::from_millis(100));
    };
    // Give GTK a moment to focus the name field, then replace the suggested name.
    std::thread::sleep(Duration::from_millis(500));
    let xdotool = |args: &[&str]| assert!(Command::new("xdotool").args(args).status().unwrap().success(), "xdotool {args:?}");
    xdotool(&["windowfocus", "--sync", &window]);
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "5", &path.to_string_lossy()]);
    xdotool(&["key", "Return"]);
}

#[tokio::test]
async fn a_letter_exported_as_pdf_reads_back_with_its_diacritics() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let body = "Lieve Sam, het café op de hoek en de reeën in het bos. Naïef, maar geëerd. <b>Geen opmaak</b>.";
    write_letter(&c, "Één brief", body).await;

    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#export-dialog[open] input[value=pdf]:checked")).await.expect("PDF is the first choice");
    c.find(Locator::Css("#export-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("brief.pdf");
    let target = path.clone();
    tokio::task::spawn_blocking(move || save_in_file_chooser("Brief exporteren", &target)).await.unwrap();
    wait_text(&c, "#toast", "Opgeslagen als brief.pdf.").await;

    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is needed: apt-get install poppler-utils (scripts/setup-system --test)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Één brief"), "{text}");
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>().join(" ");
    assert!(words(&text).contains(&words(body)), "the letter, diacritics intact:\n{text}");
    // Outside discreet mode the desktop's chooser records the file as recent, like any other
    // app's; the discreet-mode test shows it gone there.
    wait_for_recent(&driver, &path, true).await;
    finish(c).await;
}

#[tokio::test]
async fn a_long_list_is_drawn_and_fetched_as_it_scrolls() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let saved = c
        .execute_async(
            "const done = arguments[0];
             (async () => {
               for (let n = 0; n < 250; n++) {
                 const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
                 await window.__TAURI__.core.invoke('letter_save', { draft: { id, title: `Brief ${n}`, recipient: '', body: 'tekst', seq: 1 } });
               }
               return 250;
             })().then(done, (e) => done(String(e?.code ?? e)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(saved, json!(250));
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    let count = || async { c.find_all(Locator::Css("#letter-list .letter-item")).await.unwrap().len() };
    let started = Instant::now();
    while count().await != 50 {
        assert!(started.elapsed() < WAIT, "the first fifty are drawn, not all: {}", count().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(text(&c, "#letter-list .letter-item:first-child .letter-name").await, "Brief 249", "newest first");
    // Scrolling to the end draws the rest of the first page, fifty at a time, then fetches the
    // last page from the backend.
    for expected in [200, 250] {
        let started = Instant::now();
        while count().await < expected {
            c.execute("[...document.querySelectorAll('#letter-list .letter-item')].pop().scrollIntoView({ block: 'end', behavior: 'instant' })", vec![]).await.unwrap();
            assert!(started.elapsed() < WAIT, "never reached {expected}: {}", count().await);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    assert_eq!(count().await, 250);
    let names = texts(&c, "#letter-list .letter-item .letter-name").await;
    assert_eq!(names, (0..250).rev().map(|n| format!("Brief {n}")).collect::<Vec<_>>(), "every letter once, in order");
    assert!(c.find(Locator::Css("#letter-list .list-end")).await.is_err(), "the end marker goes when all are shown");
    finish(c).await;
}
