//! What an app costs while nobody touches it: CPU time and context switches per second of the
//! app and every process it started (WebKit's web and network processes), over a quiet window on
//! each resting screen. Grot is driven to each screen through WebDriver, and so is the floor
//! (one static page, then a text field with the caret in it, as Grot's first-run, lock and
//! composer screens have), so both carry the same driver; between the steps nothing is sent.
//! Both get a session bus of their own, as on a desktop (without one, zbus tries to start one
//! and leaves a thread pool waking twice a second).
//!
//! CPU time is read per thread from `/proc/<pid>/task/<tid>/schedstat` (nanoseconds, where
//! `stat` counts in 10 ms ticks), context switches from each thread's `status`: every switch is
//! a wakeup of some thread of the app.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use grot_testsupport::bus::PrivateBus;
use grot_testsupport::procs::descendants;

use crate::driven::Driver;
use grot_testsupport::xvfb::Xvfb;

/// Time on a screen before the window that counts: the screen's own start-up work (a backup two
/// seconds after unlocking, WebKit's first-load housekeeping) is not idle.
const SETTLE: Duration = Duration::from_secs(10);
/// The window that counts.
const WINDOW: Duration = Duration::from_secs(20);
const WAIT: Duration = Duration::from_secs(60);
const PASS: &str = "een lange wachtzin voor de benchmark";

/// A screen at rest, for one app in one run.
#[derive(Clone, Debug)]
pub struct Rest {
    pub screen: &'static str,
    pub cpu_ms_per_s: f64,
    pub switches_per_s: f64,
}

/// The screens Grot rests on, in the order the bench reaches them.
pub const SCREENS: [&str; 7] = ["first run", "guide", "letters", "composer (caret in the text)", "minimised", "lock", "locked and hidden"];
/// The floor's: its page, with a text field focused (the caret in it), and hidden.
pub const FLOOR_SCREENS: [&str; 3] = ["page", "a text field with the caret", "minimised"];

/// Grot's screens with the caret in a text field: against the floor's field.
fn has_caret(screen: &str) -> bool {
    ["first run", "composer (caret in the text)", "lock"].contains(&screen)
}

fn is_hidden(screen: &str) -> bool {
    screen.contains("minimised") || screen.contains("hidden")
}

/// CPU time (ns) and context switches of each thread of `pid` and its descendants.
fn usage(pid: u32) -> HashMap<(u32, u32), (u64, u64)> {
    let mut threads = HashMap::new();
    for p in std::iter::once(pid).chain(descendants(pid)) {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{p}/task")) else { continue };
        for task in tasks.flatten() {
            let Some(tid) = task.file_name().to_str().and_then(|t| t.parse().ok()) else { continue };
            let dir = task.path();
            let sched = std::fs::read_to_string(dir.join("schedstat")).unwrap_or_default();
            let cpu = sched.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
            let status = std::fs::read_to_string(dir.join("status")).unwrap_or_default();
            let switches = status
                .lines()
                .filter(|l| l.starts_with("voluntary_ctxt_switches") || l.starts_with("nonvoluntary_ctxt_switches"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
            threads.insert((p, tid), (cpu, switches));
            if std::env::var_os("GROT_BENCH_THREADS").is_some() {
                let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
                names().lock().unwrap().insert((p, tid), comm.trim().to_string());
            }
        }
    }
    threads
}

/// Leaves the app alone on its screen, then measures it over [`WINDOW`]: what each thread did
/// in between (a thread started meanwhile counts from zero; one that ended is not seen, and
/// at rest none does).
async fn rest(pid: u32, screen: &'static str) -> Rest {
    tokio::time::sleep(SETTLE).await;
    let tracers = trace_web_processes(pid, screen);
    let before = usage(pid);
    let t0 = Instant::now();
    tokio::time::sleep(WINDOW).await;
    let after = usage(pid);
    finish_traces(tracers);
    let seconds = t0.elapsed().as_secs_f64();
    let (mut cpu, mut switches) = (0, 0);
    for (thread, (c1, s1)) in &after {
        let (c0, s0) = before.get(thread).copied().unwrap_or_default();
        cpu += c1.saturating_sub(c0);
        switches += s1.saturating_sub(s0);
    }
    if std::env::var_os("GROT_BENCH_THREADS").is_some() {
        print_busiest(screen, &before, &after, seconds);
    }
    Rest { screen, cpu_ms_per_s: cpu as f64 / 1e6 / seconds, switches_per_s: switches as f64 / seconds }
}

/// With `GROT_BENCH_STRACE` set: `strace -c -f` on each WebKit web process over the window (what
/// a resting web process still asks of the kernel), each summary written to
/// `target/bench/strace-<screen>-<pid>.txt`. The tracing costs CPU of its own: the figures of
/// such a run are for finding a source, not for the table.
fn trace_web_processes(pid: u32, screen: &str) -> Vec<std::process::Child> {
    if std::env::var_os("GROT_BENCH_STRACE").is_none() {
        return Vec::new();
    }
    let web = descendants(pid)
        .into_iter()
        .filter(|p| std::fs::read_to_string(format!("/proc/{p}/comm")).is_ok_and(|c| c.starts_with("WebKitWebProces")));
    let _ = std::fs::create_dir_all("target/bench");
    web.map(|p| {
        let out = format!("target/bench/strace-{}-{p}.txt", screen.replace(' ', "-"));
        std::process::Command::new("strace")
            .args(["-c", "-f", "-o", &out, "-p", &p.to_string()])
            .spawn()
            .expect("strace is needed for GROT_BENCH_STRACE")
    })
    .collect()
}

/// Ends the traces (SIGINT: strace writes its summary and detaches).
fn finish_traces(tracers: Vec<std::process::Child>) {
    for mut tracer in tracers {
        let _ = std::process::Command::new("kill").args(["-INT", &tracer.id().to_string()]).status();
        let _ = tracer.wait();
    }
}

/// Thread names seen, for [`print_busiest`].
fn names() -> &'static std::sync::Mutex<HashMap<(u32, u32), String>> {
    static NAMES: std::sync::OnceLock<std::sync::Mutex<HashMap<(u32, u32), String>>> = std::sync::OnceLock::new();
    NAMES.get_or_init(Default::default)
}

/// With `GROT_BENCH_THREADS` set: the threads that woke most on this screen, by name (where a
/// wakeup comes from).
fn print_busiest(screen: &str, before: &HashMap<(u32, u32), (u64, u64)>, after: &HashMap<(u32, u32), (u64, u64)>, seconds: f64) {
    let mut busiest: Vec<_> = after
        .iter()
        .map(|(thread, (c1, s1))| {
            let (c0, s0) = before.get(thread).copied().unwrap_or_default();
            (s1.saturating_sub(s0), c1.saturating_sub(c0), *thread)
        })
        .filter(|(switches, _, _)| *switches > 0)
        .collect();
    busiest.sort_by(|a, b| b.cmp(a));
    let names = names().lock().unwrap();
    for (switches, cpu, thread) in busiest.into_iter().take(6) {
        let process = std::fs::read_to_string(format!("/proc/{}/comm", thread.0)).unwrap_or_default();
        eprintln!(
            "bench: idle {screen}: {}/{}: {:.1} switches/s, {:.2} ms/s",
            process.trim(),
            names.get(&thread).map_or("?", String::as_str),
            switches as f64 / seconds,
            cpu as f64 / 1e6 / seconds
        );
    }
}

/// The app's process under the driver: the one running `binary`.
fn app_pid(driver: &Driver, binary: &Path) -> u32 {
    let binary = binary.canonicalize().unwrap();
    descendants(driver.child.id())
        .into_iter()
        .find(|p| std::fs::read_link(format!("/proc/{p}/exe")).is_ok_and(|exe| exe == binary))
        .unwrap_or_else(|| panic!("{} is not running under the driver", binary.display()))
}

/// Hides (unmaps) or shows the app's windows, as minimising does on a desktop (Xvfb has no
/// window manager to minimise to).
fn set_shown(pid: u32, display: &Xvfb, shown: bool) {
    let xdotool = || {
        let mut c = Command::new(grot_testsupport::webdriver::find_program("xdotool", "apt-get install xdotool", "--bench"));
        c.env("DISPLAY", display.name());
        c
    };
    let found = xdotool().args(["search", "--pid", &pid.to_string()]).output().expect("xdotool ran");
    for window in String::from_utf8_lossy(&found.stdout).split_whitespace() {
        let verb = if shown { "windowmap" } else { "windowunmap" };
        let _ = xdotool().args([verb, "--sync", window]).status();
    }
}

/// Grot on each of its resting screens: a fresh data folder, the first run, the guide, the
/// letters, a letter open with the caret in its text, minimised there, then locked (shown and
/// hidden).
pub fn measure_grot(grot: &Path, display: &Xvfb) -> Vec<Rest> {
    let data = tempfile::tempdir().unwrap();
    let bus = PrivateBus::start(None);
    let mut driver = Driver::start_with(display, data.path(), &[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let rests = runtime.block_on(async {
        let c = driver.session(grot).await;
        let pid = app_pid(&driver, grot);
        let mut rests = Vec::new();
        let pass = find(&c, "#setup-pass").await;
        rests.push(rest(pid, SCREENS[0]).await);
        pass.send_keys(PASS).await.unwrap();
        find(&c, "#setup-pass2").await.send_keys(PASS).await.unwrap();
        find(&c, "#setup-form button[type=submit]").await.click().await.unwrap();
        let code = filled(&c, "#recovery-form:not([hidden]) #recovery-code").await;
        find(&c, "#recovery-typed").await.send_keys(&code).await.unwrap();
        find(&c, "#recovery-form button[type=submit]").await.click().await.unwrap();
        find(&c, "html[data-unlocked='true'] #article h1").await;
        rests.push(rest(pid, SCREENS[1]).await);
        find(&c, "body").await.send_keys("4").await.unwrap();
        find(&c, "#view-letters:not([hidden]) #letter-new").await;
        rests.push(rest(pid, SCREENS[2]).await);
        find(&c, "#letter-new").await.click().await.unwrap();
        find(&c, "#letter-title:focus").await.send_keys("Voor later").await.unwrap();
        let body = find(&c, "#letter-body").await;
        body.click().await.unwrap();
        body.send_keys("Ik wil je iets vertellen, als je er klaar voor bent.").await.unwrap();
        find(&c, "#save-state[data-state='saved']").await;
        find(&c, "#letter-body:focus").await;
        rests.push(rest(pid, SCREENS[3]).await);
        set_shown(pid, display, false);
        rests.push(rest(pid, SCREENS[4]).await);
        set_shown(pid, display, true);
        find(&c, "#lock-button").await.click().await.unwrap();
        find(&c, "html:not([data-unlocked]) #unlock-form:not([hidden]) #unlock-pass").await;
        rests.push(rest(pid, SCREENS[5]).await);
        set_shown(pid, display, false);
        rests.push(rest(pid, SCREENS[6]).await);
        let _ = c.close().await;
        rests
    });
    driver.stop();
    rests
}

/// The floor's page, then a text field with the caret in it, then hidden, under the same driver.
pub fn measure_floor(floor: &Path, display: &Xvfb) -> Vec<Rest> {
    let data = tempfile::tempdir().unwrap();
    let bus = PrivateBus::start(None);
    let mut driver = Driver::start_with(display, data.path(), &[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let rests = runtime.block_on(async {
        let c = driver.session(floor).await;
        let pid = app_pid(&driver, floor);
        find(&c, "body p").await;
        let mut rests = vec![rest(pid, FLOOR_SCREENS[0]).await];
        c.execute("const field = document.createElement('textarea'); document.body.append(field); field.focus()", vec![]).await.unwrap();
        find(&c, "textarea:focus").await;
        rests.push(rest(pid, FLOOR_SCREENS[1]).await);
        set_shown(pid, display, false);
        rests.push(rest(pid, FLOOR_SCREENS[2]).await);
        let _ = c.close().await;
        rests
    });
    driver.stop();
    rests
}

async fn find(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"))
}

async fn filled(c: &Client, css: &str) -> String {
    let started = Instant::now();
    loop {
        let text = find(c, css).await.text().await.unwrap_or_default();
        if !text.trim().is_empty() {
            return text.trim().to_string();
        }
        assert!(started.elapsed() < WAIT, "{css} stayed empty");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Below this, CPU time is within what the measure itself costs (reading `/proc` while the app
/// sleeps): a ratio is taken to no less.
pub const NOISE_MS_PER_S: f64 = 0.2;

/// One screen's verdict, against the floor's like screen: ≤ 1.1x its CPU and ≤ its switches +
/// 5/s. Hidden, that is a bare WebKit window hidden: WebKit's own housekeeping (its memory
/// pressure checks, a hidden page's timers) is the noise nothing below it can remove.
fn verdict(grot: (f64, f64), floor: (f64, f64)) -> bool {
    grot.0 <= 1.1 * floor.0.max(NOISE_MS_PER_S) && grot.1 <= floor.1 + 5.0
}

/// The table: each screen's median over the runs, Grot beside the floor.
pub fn markdown(grot: &[Vec<Rest>], floor: &[Vec<Rest>]) -> String {
    let median = |runs: &[Vec<Rest>], screen: &str, pick: fn(&Rest) -> f64| {
        let values: Vec<f64> = runs.iter().flatten().filter(|r| r.screen == screen).map(pick).collect();
        crate::stats::spread(&values).0
    };
    let at = |runs: &[Vec<Rest>], screen: &str| (median(runs, screen, |r| r.cpu_ms_per_s), median(runs, screen, |r| r.switches_per_s));
    let [page, caret, hidden] = FLOOR_SCREENS.map(|screen| at(floor, screen));
    let mut out = format!(
        "\n## At rest: {} runs, {} s quiet on each screen after {} s\n\nCPU time and context switches per second of the app and its WebKit processes (median of the runs), each with a session bus of its own; Grot's screens with a caret are set beside the floor's text field, the others beside its page; the ratio is to the floor's CPU, taken at no less than {NOISE_MS_PER_S} ms/s. Command: `cargo xtask bench --only idle`.\n\n",
        grot.len(),
        WINDOW.as_secs(),
        SETTLE.as_secs()
    );
    out.push_str(
        "| Screen | Grot CPU | Floor CPU | Ratio | Grot switches | Floor switches | Budget | |\n|---|---|---|---|---|---|---|---|\n",
    );
    for screen in SCREENS {
        let g = at(grot, screen);
        let f = if is_hidden(screen) {
            hidden
        } else if has_caret(screen) {
            caret
        } else {
            page
        };
        let met = verdict(g, f);
        out.push_str(&format!(
            "| {screen} | {:.2} ms/s | {:.2} ms/s | {:.2}x | {:.1}/s | {:.1}/s | ≤ 1.1x CPU, ≤ floor + 5/s | {} |\n",
            g.0,
            f.0,
            g.0 / f.0.max(NOISE_MS_PER_S),
            g.1,
            f.1,
            if met { "met" } else { "**not met**" }
        ));
    }
    out
}
