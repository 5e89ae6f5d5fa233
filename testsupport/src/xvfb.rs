//! A private X server: each end-to-end test gets its own (tests run side by side and no window
//! takes another test's focus), and so does the bench (nothing else competes with the apps).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct Xvfb {
    child: Child,
    number: u32,
}

impl Xvfb {
    /// Starts a server on a display number it picks itself (`-displayfd`: two tests starting at
    /// once never race for one number), and returns once it accepts clients.
    pub fn start() -> Xvfb {
        let program = crate::webdriver::find_program("Xvfb", "apt-get install xvfb", "--test");
        let mut child = Command::new(program)
            .args(["-displayfd", "1", "-screen", "0", "1280x860x24", "-nolisten", "tcp", "-noreset"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb did not start");
        // The number is written once the server is ready for clients.
        let mut line = String::new();
        let _ = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line);
        let Ok(number) = line.trim().parse() else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Xvfb did not start a display (it wrote {line:?})");
        };
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
