//! A private X server for the bench, so nothing else on the display competes with the apps.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Xvfb {
    child: Child,
    number: u32,
}

impl Xvfb {
    pub fn start() -> Xvfb {
        let number = (90..200).find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()).expect("a free display number");
        let child = Command::new("Xvfb")
            .args([&format!(":{number}"), "-screen", "0", "1280x860x24", "-nolisten", "tcp", "-noreset"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb did not start: apt-get install xvfb");
        let socket = format!("/tmp/.X11-unix/X{number}");
        let started = Instant::now();
        while !Path::new(&socket).exists() {
            assert!(started.elapsed() < Duration::from_secs(10), "Xvfb :{number} did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Xvfb { child, number }
    }

    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
