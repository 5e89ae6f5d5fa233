//! Starting tauri-driver in front of WebKitWebDriver, for a WebDriver session with the app.
//! Shared by the end-to-end tests and `cargo xtask bench`, so both find the tools,
//! pick ports and wait for the driver the same way.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A program from `PATH` or Cargo's bin directory; a missing one fails with how to install it
/// (`setup`: the `scripts/setup-system` mode that installs it).
pub fn find_program(name: &str, install: &str, setup: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME").or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo").into())) {
        dirs.push(Path::new(&home).join("bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} is not installed: {install} (or run scripts/setup-system {setup})"))
}

/// A port nobody listens on now: each run gets its own, so two drivers never collide.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// tauri-driver, as `Command::new(find_program("tauri-driver", …))`, for the caller to give
/// its environment and output.
pub fn tauri_driver() -> Command {
    Command::new(find_program("tauri-driver", "cargo install tauri-driver --locked", "--test"))
}

/// Starts `driver` (from [`tauri_driver`]) listening on `port`, with WebKitWebDriver behind it on
/// a port of its own, and waits until both accept connections: a session request that reaches
/// tauri-driver before WebKitWebDriver listens is dropped (seen in CI on a loaded machine).
pub fn start_tauri_driver(mut driver: Command, port: u16, wait: Duration) -> Child {
    let native = find_program("WebKitWebDriver", "apt-get install webkit2gtk-driver", "--test");
    // The kernel hands a port just let go of out again: WebKitWebDriver on tauri-driver's own
    // port cannot listen, and tauri-driver then forwards every request to itself until it runs
    // out of files (seen in CI as a dropped session request).
    let native_port = std::iter::repeat_with(free_port).find(|p| *p != port).unwrap();
    let child = driver
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .arg("--native-driver")
        .arg(native)
        .stdin(Stdio::null())
        .spawn()
        .expect("tauri-driver did not start");
    let started = Instant::now();
    for (who, port) in [("tauri-driver", port), ("WebKitWebDriver", native_port)] {
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < wait, "{who} did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    child
}
