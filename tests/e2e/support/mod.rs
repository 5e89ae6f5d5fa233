//! Helpers for the end-to-end tests: the driver, the app's first run and unlock, waits that
//! survive page reloads, screenshots, and xdotool for what WebDriver cannot reach.

// What every feature file uses, in one place (they `use super::support::*`).
pub use std::os::unix::process::CommandExt;
pub use std::path::Path;
pub use std::process::{Child, Command, Stdio};
pub use std::time::{Duration, Instant};

pub use fantoccini::elements::Element;
pub use fantoccini::key::Key;
pub use fantoccini::{Client, ClientBuilder, Locator};
pub use grot_lib::guide::{library, Lang};
pub use grot_testsupport::{procs, webdriver};
pub use serde_json::{json, Value};

mod atspi;
mod display;
mod letters;
mod logind;
mod native;
pub use atspi::*;
pub use display::{display, off_thread, on_display};
pub use letters::*;
pub use logind::*;
pub use native::*;

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

pub const WAIT: Duration = Duration::from_secs(20);

pub struct Driver {
    pub child: Child,
    pub port: u16,
    /// This driver's folders: the XDG ones and, unless shared, the app's data.
    pub _data: tempfile::TempDir,
    /// The app's data directory (`GROT_DATA_DIR`): fresh and empty at start, or another
    /// driver's, to start a second copy of the app on the same letters.
    pub data_dir: std::path::PathBuf,
    /// What WebKitWebDriver starts: the app, or a wrapper script around it.
    pub app: std::path::PathBuf,
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

pub fn start_driver() -> Driver {
    start_driver_with(None, &[])
}

/// A driver whose app uses `shared`'s data directory (when given) and has `env` set besides.
pub fn start_driver_with(shared: Option<&Driver>, env: &[(&str, &str)]) -> Driver {
    launch(shared, env, None, Screenshots::Taken)
}

/// A driver for the app as a person runs it: `home` is her home folder, and the app finds its
/// data folder there by itself (no `GROT_DATA_DIR`). The install test runs the installed app
/// this way (`GROT_E2E_HOME`, `GROT_E2E_APP`).
pub fn start_driver_at_home(home: &Path) -> Driver {
    launch(None, &[], Some(home), Screenshots::Taken)
}

/// A driver whose app is given no WebKit variable, as after a start from the menu: what it runs
/// with is what it chose itself. No screenshots in that mode (see `launch`).
pub fn start_driver_as_shipped() -> Driver {
    launch(None, &[], None, Screenshots::None)
}

/// Whether the test takes screenshots, which decides WebKit's DMA-BUF renderer (see `launch`).
#[derive(PartialEq)]
enum Screenshots {
    Taken,
    None,
}

fn launch(shared: Option<&Driver>, env: &[(&str, &str)], home: Option<&Path>, screenshots: Screenshots) -> Driver {
    let port = webdriver::free_port();
    let logs = Path::new(ROOT).join("target/e2e-logs");
    std::fs::create_dir_all(&logs).unwrap();
    let log = std::fs::File::create(logs.join(format!("tauri-driver-{port}.log"))).unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut driver = webdriver::tauri_driver();
    // This test's own X display (`display.rs`), never a desktop's.
    driver.env("DISPLAY", display()).env_remove("WAYLAND_DISPLAY");
    // No session bus unless the test brings its own: single-instance then rests on the folder lock.
    driver.env_remove("DBUS_SESSION_BUS_ADDRESS");
    let data_dir = match home {
        Some(home) => {
            driver.env("HOME", home).env_remove("GROT_DATA_DIR").env_remove("XDG_DATA_HOME");
            home.join(".local/share/grot")
        }
        None => {
            let data_dir = shared.map_or_else(|| data.path().join("grot"), |d| d.data_dir.clone());
            // GTK's recent-files list, per test, so a test can read what the app left.
            driver.env("GROT_DATA_DIR", &data_dir).env("XDG_DATA_HOME", data.path().join("xdg-data"));
            data_dir
        }
    };
    driver
        // GTK's settings, per test.
        .env("XDG_CONFIG_HOME", data.path().join("xdg-config"))
        // WebKit's caches and storage would land here: a test checks they stay empty.
        .env("XDG_CACHE_HOME", data.path().join("xdg-cache"))
        // What the app chooses for WebKit, it must choose itself (a test reads it back).
        .env_remove("WEBKIT_SKIA_ENABLE_CPU_RENDERING")
        .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
        .process_group(0)
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    if screenshots == Screenshots::Taken {
        // WebKitWebDriver takes a screenshot from the next frame the page presents; WebKitGTK
        // without DMA-BUF (Grot's default) at times presents none, and the test hangs while the
        // window on the display is painted (docs/PLATFORMS.md, "How WebKit paints").
        driver.env("WEBKIT_DISABLE_DMABUF_RENDERER", "0");
    }
    driver.envs(env.iter().copied());
    let child = webdriver::start_tauri_driver(driver, port, WAIT);
    Driver { child, port, _data: data, data_dir, app: app() }
}

/// The app under test: the one this build made, or another (`GROT_E2E_APP`: the installed one).
fn app() -> std::path::PathBuf {
    std::env::var_os("GROT_E2E_APP").map_or_else(|| env!("CARGO_BIN_EXE_grot").into(), Into::into)
}

/// Starts the app and waits until its first screen is drawn.
pub async fn open_app(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert("tauri:options".into(), json!({ "application": driver.app }));
    // Both drivers listen (start_tauri_driver waits for them), but on a loaded machine a
    // connection can still be dropped before the session starts: only that is retried, for as
    // long as the app gets to start.
    let started = std::time::Instant::now();
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{}", driver.port)).await {
            Ok(client) => break client,
            Err(e) if started.elapsed() < WAIT && matches!(e, fantoccini::error::NewSessionError::FailedC(_)) => {
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

pub const PASS: &str = "een lange wachtzin voor de test";

/// The unlock screen of a freshly loaded, locked page (the form exists, hidden, before that).
pub const LOCKED: &str = "html:not([data-unlocked]) #unlock-form:not([hidden]) #unlock-pass";

/// Starts the app on a fresh data directory and goes through the first run: passphrase,
/// recovery code typed back. Answers the open app and the recovery code.
pub async fn first_run(driver: &Driver) -> (Client, String) {
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

pub async fn wait_unlocked(c: &Client) {
    // The reader, or the letters when that is where she was.
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("html[data-unlocked='true'] :is(#article h1, #view-letters:not([hidden]) #letters-title)"))
        .await
        .expect("the app opened");
}

/// Starts the app, first run done, on the reader.
pub async fn open_unlocked(driver: &Driver) -> Client {
    first_run(driver).await.0
}

/// Quits the way the window's close button does (the UI saves, then the app exits), starts the
/// app again on the same data and unlocks it with the passphrase.
pub async fn restart_and_unlock(driver: &Driver, c: Client) -> Client {
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
pub async fn why_not_ready(client: &Client) -> String {
    let probe = "const done = arguments[0];
        import('./app.js').then(() => done('app.js loads; start-up failed: ' + (document.getElementById('toast')?.textContent || 'no message')),
                                (e) => done(String(e)));";
    match client.execute_async(probe, vec![]).await {
        Ok(value) => value.as_str().unwrap_or_default().to_string(),
        Err(e) => format!("the page did not answer: {e}"),
    }
}

/// The texts of every element `css` finds. A list the page draws anew between finding and
/// reading (its elements gone stale) is read again, as a person would look again.
pub async fn texts(client: &Client, css: &str) -> Vec<String> {
    let started = Instant::now();
    'again: loop {
        let mut out = Vec::new();
        for e in client.find_all(Locator::Css(css)).await.unwrap() {
            match e.text().await {
                Ok(text) => out.push(text.trim().to_string()),
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference && started.elapsed() < WAIT =>
                {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue 'again;
                }
                Err(e) => panic!("reading {css}: {e}"),
            }
        }
        return out;
    }
}

pub async fn text(client: &Client, css: &str) -> String {
    client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap().text().await.unwrap().trim().to_string()
}

/// Waits for `css` across a page reload (lock and hand-over reload the page), when WebDriver's
/// own lookups fail for a moment because the page is unloading.
pub async fn wait_reloaded(client: &Client, css: &str) -> Element {
    eventually(&format!("{css} to appear"), || async move { client.find(Locator::Css(css)).await.map_err(|e| e.to_string()) }).await
}

/// Asks `check` again every 50 ms until it answers `Some`, for at most `WAIT`; then fails saying
/// `what` was awaited and what `check` last saw (its `Err`).
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let started = Instant::now();
    loop {
        match check().await {
            Ok(done) => return done,
            Err(seen) => assert!(started.elapsed() < WAIT, "waited {WAIT:?} for {what}: {seen}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// For [`eventually`]: `Ok` once `seen` is `wanted`, else what was seen.
pub fn same<T: PartialEq<W> + std::fmt::Debug, W: std::fmt::Debug + ?Sized>(seen: T, wanted: &W) -> Result<(), String> {
    if seen == *wanted {
        Ok(())
    } else {
        Err(format!("{seen:?}, not {wanted:?}"))
    }
}

/// Waits until `css` shows some text, and answers it.
pub async fn wait_filled(client: &Client, css: &str) -> String {
    eventually(&format!("{css} to show some text"), || async move {
        let now = client.find(Locator::Css(css)).await.map_err(|e| e.to_string())?.text().await.unwrap_or_default();
        if now.trim().is_empty() {
            Err("it stayed empty".to_string())
        } else {
            Ok(now.trim().to_string())
        }
    })
    .await
}

/// Waits until `css` has exactly `expected` as its text.
pub async fn wait_text(client: &Client, css: &str, expected: &str) {
    eventually(&format!("{css} to say {expected:?}"), || async move {
        let now = match client.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if now.trim() == expected {
            Ok(())
        } else {
            Err(format!("it shows {now:?}"))
        }
    })
    .await
}

pub async fn screenshot(client: &Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(300)).await; // let transitions settle
    let png = client.screenshot().await.expect("screenshot");
    let dir = Path::new(ROOT).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Only the reading pane scrolls; the window itself never moves (the top bar stays in view).
pub async fn assert_window_not_scrolled(client: &Client) {
    let at = client
        .execute("return [document.scrollingElement.scrollTop, document.querySelector('.topbar').getBoundingClientRect().top]", vec![])
        .await
        .unwrap();
    assert_eq!(at, json!([0, 0]), "the window scrolled");
}

/// Waits for `css` and clicks it. A list the page draws again as its data arrives may replace
/// the element between finding and clicking (a stale element): then it is found again.
pub async fn click_when_there(c: &Client, css: &str) {
    let started = Instant::now();
    loop {
        let element = c.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
        match element.click().await {
            Ok(()) => return,
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::StaleElementReference && started.elapsed() < WAIT => {}
            Err(e) => panic!("clicking {css}: {e}"),
        }
    }
}

/// Clicks an element below the fold. The reading pane scrolls smoothly, so WebDriver's own
/// scroll-into-view may not have arrived when it clicks; this scrolls at once first.
pub async fn click_in_view(c: &Client, element: &Element) {
    c.execute("arguments[0].scrollIntoView({ block: 'center', behavior: 'instant' })", vec![serde_json::to_value(element).unwrap()])
        .await
        .unwrap();
    element.click().await.unwrap();
}

/// A page's shortcut key, as she presses it outside any field: the focus let go, the key sent
/// to the page.
pub async fn key(c: &Client, k: &str) {
    c.execute("document.activeElement?.blur(); return true;", vec![]).await.unwrap();
    c.find(Locator::Css("body")).await.unwrap().send_keys(k).await.unwrap();
}

pub async fn press(element: &Element, key: Key) {
    element.send_keys(&char::from(key).to_string()).await.unwrap();
}

pub fn titles(lang: Lang) -> Vec<String> {
    library().unwrap().toc(lang)[0].sections.iter().map(|s| s.title.clone()).collect()
}

pub async fn finish(client: Client) {
    client.close().await.expect("session closes");
}

pub async fn value(c: &Client, css: &str) -> String {
    let e = c.find(Locator::Css(css)).await.unwrap();
    e.prop("value").await.unwrap().unwrap_or_default()
}

/// Calls a command from the page, as any script in it could; answers the value or the error code.
pub async fn page_invoke(c: &Client, cmd: &str, args: Value) -> Value {
    c.execute_async(
        "const [cmd, args, done] = arguments;
         window.__TAURI__.core.invoke(cmd, args).then((v) => done({ ok: v }), (e) => done({ err: e.code ?? String(e) }));",
        vec![json!(cmd), args],
    )
    .await
    .unwrap()
}

/// Every readable file under `dir` with its bytes, sorted (a socket or a missing folder: none).
pub fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
    out.sort();
    out
}
