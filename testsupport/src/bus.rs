//! A private D-Bus bus (`dbus-daemon`, session rules), ended with its owner: the session bus of
//! an end-to-end test or of an app under the bench, or a stand-in for the system bus.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct PrivateBus {
    child: Child,
    pub address: String,
    _dir: tempfile::TempDir,
}

impl PrivateBus {
    /// Starts a bus; what it starts on demand (the accessibility bus) runs on `display` when
    /// one is given.
    pub fn start(display: Option<&str>) -> PrivateBus {
        let dir = tempfile::tempdir().unwrap();
        let address = format!("unix:path={}", dir.path().join("bus").display());
        let mut daemon = Command::new(crate::webdriver::find_program("dbus-daemon", "apt-get install dbus", "--test"));
        if let Some(display) = display {
            daemon.env("DISPLAY", display);
        }
        let child = daemon
            .args(["--session", "--nofork", "--nopidfile", &format!("--address={address}")])
            .stdout(Stdio::null())
            .spawn()
            .expect("dbus-daemon did not start");
        let started = Instant::now();
        while !dir.path().join("bus").exists() {
            assert!(started.elapsed() < Duration::from_secs(20), "the private bus never started");
            std::thread::sleep(Duration::from_millis(50));
        }
        PrivateBus { child, address, _dir: dir }
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
