//! Visual complete, seen from outside the app: the display is captured from the moment an app
//! is started until its picture has not changed for [`QUIET`]; the answer is the time of the
//! last change. It needs no help from the app, so Grot, the floor and a peer are measured the
//! same way (a peer that shows a menu bar and a spinner before its first real screen is done
//! only when the spinner is gone). The caret's blinking, the one change that never stops, is
//! switched off for every app alike (GTK's `gtk-cursor-blink`, [`gtk_settings`]).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};

/// How long the picture must stay the same to count as complete.
pub const QUIET: Duration = Duration::from_secs(3);
/// Between captures: often enough to see a 50 ms difference, rarely enough that capturing
/// (a few ms of the X server's time each) does not slow the app it watches.
const EVERY: Duration = Duration::from_millis(15);
const GIVE_UP: Duration = Duration::from_secs(40);

/// Captures the display until its picture has been still for [`QUIET`]; answers the time from
/// `started` to the last change, or `None` if it never changed or never stood still.
pub struct Watch {
    thread: JoinHandle<Option<Duration>>,
    stop: Arc<AtomicBool>,
}

impl Watch {
    /// Starts watching `display` (call just before starting the app).
    pub fn start(display: &str, started: Instant) -> Watch {
        let (conn, screen) = x11rb::connect(Some(display)).unwrap_or_else(|e| panic!("cannot reach X display {display}: {e}"));
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let root = conn.setup().roots[screen].clone();
            let capture = || -> Vec<u8> {
                let image = conn
                    .get_image(ImageFormat::Z_PIXMAP, root.root, 0, 0, root.width_in_pixels, root.height_in_pixels, !0)
                    .expect("GetImage request")
                    .reply()
                    .expect("GetImage reply");
                image.data
            };
            let mut last = capture();
            let mut changed: Option<Instant> = None;
            while !stopped.load(Ordering::Relaxed) && started.elapsed() < GIVE_UP {
                std::thread::sleep(EVERY);
                let now = capture();
                let at = Instant::now();
                if now != last {
                    last = now;
                    changed = Some(at);
                } else if changed.is_some_and(|c| at.duration_since(c) >= QUIET) {
                    return changed.map(|c| c.duration_since(started));
                }
            }
            None
        });
        Watch { thread, stop }
    }

    /// Waits for the picture to settle; answers visual complete.
    pub fn finish(self) -> Option<Duration> {
        let outcome = self.thread.join().expect("the capture thread");
        self.stop.store(true, Ordering::Relaxed);
        outcome
    }
}

/// A GTK settings file that stops the caret from blinking, under `config` (what
/// `XDG_CONFIG_HOME` then points at): the same for every app measured.
pub fn gtk_settings(config: &Path) {
    let dir = config.join("gtk-3.0");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("settings.ini"), "[Settings]\ngtk-cursor-blink = false\n").unwrap();
}
