//! A small logind stand-in, served by the test on a private bus that the app takes for the
//! system bus: the names and methods the app uses (`GetSessionByPID`, `GetSession`, `Inhibit`),
//! the signals it listens to (`PrepareForSleep`, the session's `Lock`, its `Active` property),
//! and which of the inhibitors it handed out are still held. The app is not mocked: it talks
//! D-Bus to this as it would to logind.

use std::collections::HashMap;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::{Arc, Mutex};

use zbus::blocking::{connection, Connection};
use zbus::zvariant::{self, OwnedObjectPath, Value};

use super::{private_bus, PrivateBus};

const MANAGER_PATH: &str = "/org/freedesktop/login1";
const SESSION_PATH: &str = "/org/freedesktop/login1/session/_31";

/// The read ends of the inhibitor pipes handed out: one is held while its write end is open.
type Inhibitors = Arc<Mutex<Vec<(String, OwnedFd)>>>;

struct Manager {
    inhibitors: Inhibitors,
}

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl Manager {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, _pid: u32) -> OwnedObjectPath {
        OwnedObjectPath::try_from(SESSION_PATH).unwrap()
    }

    fn get_session(&self, _id: &str) -> OwnedObjectPath {
        OwnedObjectPath::try_from(SESSION_PATH).unwrap()
    }

    fn inhibit(&self, what: &str, _who: &str, _why: &str, mode: &str) -> zbus::fdo::Result<zvariant::OwnedFd> {
        let (read, write) = std::io::pipe().map_err(|e| zbus::fdo::Error::Failed(e.to_string()))?;
        self.inhibitors.lock().unwrap().push((format!("{what}:{mode}"), read.into()));
        Ok(zvariant::OwnedFd::from(OwnedFd::from(write)))
    }
}

struct Session;

#[zbus::interface(name = "org.freedesktop.login1.Session")]
impl Session {
    #[zbus(property)]
    fn active(&self) -> bool {
        true
    }
}

pub struct Logind {
    pub system: PrivateBus,
    connection: Connection,
    inhibitors: Inhibitors,
}

impl Logind {
    /// A private bus with logind on it.
    pub fn start() -> Logind {
        let system = private_bus();
        let inhibitors = Inhibitors::default();
        let connection = connection::Builder::address(system.address.as_str())
            .unwrap()
            .name("org.freedesktop.login1")
            .unwrap()
            .serve_at(MANAGER_PATH, Manager { inhibitors: inhibitors.clone() })
            .unwrap()
            .serve_at(SESSION_PATH, Session)
            .unwrap()
            .build()
            .expect("the logind stand-in on the private system bus");
        Logind { system, connection, inhibitors }
    }

    /// The inhibitors the app still holds, as `what:mode`.
    pub fn held(&self) -> Vec<String> {
        self.inhibitors
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, read)| {
                let mut poll = libc::pollfd { fd: read.as_raw_fd(), events: libc::POLLIN, revents: 0 };
                // SAFETY: one valid pollfd, no wait.
                unsafe { libc::poll(&mut poll, 1, 0) };
                poll.revents & libc::POLLHUP == 0
            })
            .map(|(what, _)| what.clone())
            .collect()
    }

    /// Waits until the app holds exactly `n` inhibitors.
    pub fn wait_held(&self, n: usize) {
        let started = std::time::Instant::now();
        while self.held().len() != n {
            assert!(started.elapsed() < super::WAIT, "inhibitors held: {:?}, expected {n}", self.held());
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn prepare_for_sleep(&self, sleeping: bool) {
        self.connection.emit_signal(None::<()>, MANAGER_PATH, "org.freedesktop.login1.Manager", "PrepareForSleep", &(sleeping,)).unwrap();
    }

    pub fn lock_session(&self) {
        self.connection.emit_signal(None::<()>, SESSION_PATH, "org.freedesktop.login1.Session", "Lock", &()).unwrap();
    }

    /// The session's `Active` turning false, as when another user takes the screen.
    pub fn switch_away(&self) {
        let changed: HashMap<&str, Value> = HashMap::from([("Active", Value::from(false))]);
        self.connection
            .emit_signal(
                None::<()>,
                SESSION_PATH,
                "org.freedesktop.DBus.Properties",
                "PropertiesChanged",
                &("org.freedesktop.login1.Session", changed, Vec::<&str>::new()),
            )
            .unwrap();
    }
}

/// A screensaver on the session bus saying the screen locked (`ActiveChanged(true)`).
pub fn screensaver_active(session: &PrivateBus) {
    let bus = connection::Builder::address(session.address.as_str()).unwrap().build().unwrap();
    bus.emit_signal(None::<()>, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", &(true,)).unwrap();
}
