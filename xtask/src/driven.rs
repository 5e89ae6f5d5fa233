//! Grot driven as a user would, through tauri-driver and WebKitWebDriver, on a store of 10,000
//! letters: unlock (key derivation included) to the letters list painted (she was last in her
//! letters, and the app reopens where she was), the autosave round
//! trip (IPC to durable commit, 20 KB letter), and search through IPC. Times are taken in the
//! page with `performance.now()` (WebKit gives it to the millisecond), so WebDriver's own
//! latency is not in them.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use grot_lib::store::letters::{Draft, LetterId};
use grot_lib::store::settings::Settings;
use grot_lib::store::Store;
use grot_lib::vault::{self, KdfParams};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};

use crate::apps;
use crate::stats::p99;
use grot_testsupport::prose::prose;
use grot_testsupport::webdriver;
use grot_testsupport::xvfb::Xvfb;

const PASS: &str = "een lange wachtzin voor de benchmark";
const LETTERS: usize = 10_000;
const SAVES: usize = 300;
const SEARCHES_PER_QUERY: usize = 40;
/// Common words (every letter matches), a prefix, a rare title, a phrase.
const QUERIES: [&str; 5] = ["alleen grot", "terug", "brief 9999", "ik voel me", "later lezen"];
const WAIT: Duration = Duration::from_secs(60);
/// Quiet time after the unlock's backup, before the round trips are timed.
const SETTLE: Duration = Duration::from_secs(5);

#[derive(Clone, Copy, Debug)]
pub struct Driven {
    pub unlock_ms: f64,
    pub autosave_median_ms: f64,
    pub search_median_ms: f64,
    /// A command that does nothing (`session_status`): what IPC itself costs.
    pub ipc_p99_ms: f64,
    pub autosave_p99_ms: f64,
    pub search_p99_ms: f64,
    pub guide_p99_ms: f64,
    /// Typing in the composer, a 2 KB and a 500 KB letter.
    pub typing: [crate::typing::Typing; 2],
}

/// A data directory with a vault (the real key-derivation parameters) and 10,000 letters of
/// about 1,500 bytes, copied fresh for every run.
pub fn letters_store() -> tempfile::TempDir {
    eprintln!("bench: writing a store of {LETTERS} letters");
    let dir = tempfile::tempdir().unwrap();
    let pass = SecretString::from(PASS.to_string());
    let pending = vault::begin(&pass, KdfParams::PASSPHRASE).unwrap();
    let code = SecretString::from(pending.recovery_code().expose_secret().to_string());
    let key = vault::confirm(dir.path(), pending, &code).unwrap().key;
    let mut store = Store::create(dir.path(), &key).unwrap();
    // She was last in her letters, so the app opens there after unlocking.
    store.set_settings(&Settings { last_view: grot_lib::store::settings::LastView::Letters, ..Settings::default() }).unwrap();
    let now = grot_lib::clock::now_ms();
    for n in 0..LETTERS {
        let draft = Draft {
            id: LetterId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap(),
            title: format!("Brief {n}"),
            recipient: "Sam".into(),
            body: prose(n, 1500),
            seq: 1,
        };
        store.save(&draft, now - (LETTERS - n) as i64 * 60_000).unwrap();
    }
    dir
}

pub fn measure(grot: &Path, display: &Xvfb, template: &Path) -> Driven {
    let data = tempfile::tempdir().unwrap();
    copy_dir(template, data.path());
    let mut driver = Driver::start(display, data.path());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let driven = runtime.block_on(async {
        let client = driver.session(grot).await;
        let driven = drive(&client).await;
        let _ = client.close().await;
        driven
    });
    driver.stop();
    driven
}

async fn drive(c: &Client) -> Driven {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("html:not([data-unlocked]) #unlock-form:not([hidden]) #unlock-pass"))
        .await
        .expect("the unlock screen");
    let unlocked = c
        .execute_async(
            "const [pass, done] = arguments;
             let t0;
             document.addEventListener('grot-painted', (e) => {
               if (e.detail === 'letters') done([performance.now() - t0, document.querySelectorAll('#letter-list .letter-item').length]);
             });
             document.getElementById('unlock-pass').value = pass;
             t0 = performance.now();
             document.getElementById('unlock-form').requestSubmit();",
            vec![json!(PASS)],
        )
        .await
        .expect("unlock to list");
    let unlock_ms = unlocked[0].as_f64().unwrap();
    assert!(unlocked[1].as_u64().unwrap() > 0, "the list shows letters: {unlocked}");
    wait_for_backup(c).await;
    // The backup's file is still being written back to disk for a few seconds after it is done;
    // the round trips are timed once that has settled (the closing note of #5 shows both).
    tokio::time::sleep(SETTLE).await;

    let saves = samples(
        c,
        "const [n, done] = arguments;
         const invoke = window.__TAURI__.core.invoke;
         const id = crypto.randomUUID();
         const text = 'ik voel me vaak alleen als jij je terugtrekt. '.repeat(446);
         (async () => {
           const times = [];
           for (let seq = 1; seq <= n; seq++) {
             const draft = { id, title: 'Meting', recipient: '', body: seq + ' ' + text, seq };
             const t0 = performance.now();
             await invoke('letter_save', { draft });
             times.push(performance.now() - t0);
           }
           return times;
         })().then(done, (e) => done({ error: String(e?.code ?? e) }));",
        vec![json!(SAVES)],
    )
    .await;
    let searches = time_calls(c, "letter_search", QUERIES.iter().map(|q| json!({ "query": q })).collect(), SEARCHES_PER_QUERY).await;
    let ipc = time_calls(c, "session_status", vec![json!({})], 200).await;
    let guide_queries = ["grot", "praten stress", "ruimte"];
    let guide = time_calls(c, "guide_search", guide_queries.iter().map(|q| json!({ "query": q, "lang": "nl" })).collect(), 70).await;
    let typing = crate::typing::measure(c).await;
    Driven {
        unlock_ms,
        autosave_median_ms: crate::stats::spread(&saves).0,
        autosave_p99_ms: p99(saves),
        search_median_ms: crate::stats::spread(&searches).0,
        search_p99_ms: p99(searches),
        ipc_p99_ms: p99(ipc),
        guide_p99_ms: p99(guide),
        typing,
    }
}

/// The backup made at unlock runs in the background; the round trips are timed after it.
async fn wait_for_backup(c: &Client) {
    let started = Instant::now();
    loop {
        let status = c
            .execute_async("const [done] = arguments; window.__TAURI__.core.invoke('backup_status').then(done, (e) => done({ error: String(e?.code ?? e) }));", vec![])
            .await
            .unwrap();
        if status["latest_ms"].is_number() {
            return;
        }
        assert!(status["error"].is_null(), "the backup at unlock failed: {status}");
        assert!(started.elapsed() < WAIT, "no backup after unlock");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Times `cmd` called with each of `args` in turn, `rounds` times over, one call at a time.
async fn time_calls(c: &Client, cmd: &str, args: Vec<Value>, rounds: usize) -> Vec<f64> {
    samples(
        c,
        "const [cmd, args, rounds, done] = arguments;
         const invoke = window.__TAURI__.core.invoke;
         (async () => {
           const times = [];
           for (let i = 0; i < rounds; i++) for (const a of args) {
             const t0 = performance.now();
             await invoke(cmd, a);
             times.push(performance.now() - t0);
           }
           return times;
         })().then(done, (e) => done({ error: String(e?.code ?? e) }));",
        vec![json!(cmd), json!(args), json!(rounds)],
    )
    .await
}

async fn samples(c: &Client, script: &str, args: Vec<Value>) -> Vec<f64> {
    let answer = c.execute_async(script, args).await.expect("the measuring script ran");
    answer.as_array().unwrap_or_else(|| panic!("the measuring script failed: {answer}")).iter().map(|v| v.as_f64().unwrap()).collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// tauri-driver with WebKitWebDriver behind it, on ports of their own (the idle bench too).
pub(crate) struct Driver {
    pub(crate) child: Child,
    port: u16,
}

impl Driver {
    pub(crate) fn start(display: &Xvfb, data: &Path) -> Driver {
        Driver::start_with(display, data, &[])
    }

    /// With `env` set for the app besides.
    pub(crate) fn start_with(display: &Xvfb, data: &Path, env: &[(&str, &str)]) -> Driver {
        let port = webdriver::free_port();
        let mut driver = webdriver::tauri_driver();
        driver
            .env("DISPLAY", display.name())
            .env("GROT_DATA_DIR", data)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = webdriver::start_tauri_driver(driver, port, WAIT);
        Driver { child, port }
    }

    /// A WebDriver session with the app. Both drivers listen (`start_tauri_driver` waits for
    /// them), but on a loaded machine a connection can still be dropped before the session
    /// starts: that is retried while the app has time to start.
    pub(crate) async fn session(&self, app: &Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let started = Instant::now();
        loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{}", self.port)).await {
                Ok(client) => return client,
                Err(e) if started.elapsed() < WAIT && matches!(e, fantoccini::error::NewSessionError::FailedC(_)) => {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                Err(e) => panic!("no WebDriver session with the app: {e}"),
            }
        }
    }

    pub(crate) fn stop(&mut self) {
        apps::end(&mut self.child);
    }
}
