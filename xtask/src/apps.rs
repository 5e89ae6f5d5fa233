//! Starting an app cold and reading what it costs: time from exec to its first painted screen
//! (the page reports it through the `app_painted` command, which prints `painted <screen>` when
//! `GROT_REPORT_PAINT` is set), and the PSS of the app and every process it started (WebKit's
//! web and network processes) once it has settled.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use grot_testsupport::procs::descendants;
use grot_testsupport::xvfb::Xvfb;

/// How long an app is left alone after its first paint before its memory is read.
const SETTLE: Duration = Duration::from_secs(3);
const PAINT_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug)]
pub struct Start {
    pub paint_ms: f64,
    /// Of which in the page: from its navigation start to the painted frame (its own clock).
    pub page_ms: f64,
    pub pss_mib: f64,
}

/// Starts `binary` on a fresh data directory, waits for its first paint, lets it settle, reads
/// its memory and ends it.
pub fn start_and_settle(binary: &Path, display: &Xvfb) -> Start {
    let data = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut app = Command::new(binary)
        .env("DISPLAY", display.name())
        .env("GROT_DATA_DIR", data.path())
        .env("GROT_REPORT_PAINT", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .stdin(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{} did not start: {e}", binary.display()));
    let painted = painted_lines(&mut app);
    let first = painted.recv_timeout(PAINT_TIMEOUT);
    let paint_ms = started.elapsed().as_secs_f64() * 1000.0;
    let Ok(page_ms) = first else {
        end(&mut app);
        panic!("{} never reported a painted screen", binary.display());
    };
    std::thread::sleep(SETTLE);
    let pss_mib = tree_pss_kib(app.id()) as f64 / 1024.0;
    end(&mut app);
    Start { paint_ms, page_ms, pss_mib }
}

/// The page's clock from the app's `painted <screen> <page ms>` lines, as they come.
fn painted_lines(app: &mut Child) -> mpsc::Receiver<f64> {
    let stdout = app.stdout.take().expect("piped stdout");
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("painted ") {
                let page_ms = rest.split_whitespace().nth(1).and_then(|ms| ms.parse().ok()).unwrap_or(f64::NAN);
                if send.send(page_ms).is_err() {
                    break;
                }
            }
        }
    });
    receive
}

/// Ends the app and everything it started.
pub fn end(app: &mut Child) {
    let family = descendants(app.id());
    let _ = app.kill();
    let _ = app.wait();
    for pid in family {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).stderr(Stdio::null()).status();
    }
}

/// PSS of a process and all its descendants, in KiB (`/proc/<pid>/smaps_rollup`).
pub fn tree_pss_kib(pid: u32) -> u64 {
    std::iter::once(pid).chain(descendants(pid)).map(pss_kib).sum()
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Pss:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}
