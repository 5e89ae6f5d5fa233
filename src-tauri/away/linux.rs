//! Linux: logind on the system bus (sleep, the session's `Lock`, its `Active` property) and the
//! screensaver interfaces on the session bus (for desktops that only tell the session bus).
//! `zbus`'s blocking API, one thread per signal stream.

use std::sync::{Arc, Mutex};

use zbus::blocking::{fdo::PropertiesProxy, Connection, MessageIterator, Proxy};
use zbus::zvariant::{OwnedFd, OwnedObjectPath};
use zbus::MatchRule;

use super::{Cause, Support};

const LOGIND: &str = "org.freedesktop.login1";
const MANAGER_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";
/// The screensaver interfaces whose `ActiveChanged(true)` means the screen locked.
const SCREENSAVERS: &[&str] = &["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"];

type Away = Arc<dyn Fn(Cause) + Send + Sync>;

pub struct Watch {
    support: Support,
    system: Option<Connection>,
    inhibitor: Arc<Mutex<Inhibitor>>,
}

/// The delay inhibitor: sleep waits (up to logind's `InhibitDelayMaxSec`) until its file
/// descriptor is closed.
#[derive(Default)]
struct Inhibitor {
    wanted: bool,
    held: Option<OwnedFd>,
    /// A request to logind is under way (made off the caller's thread: the caller holds the
    /// session's state lock).
    asking: bool,
}

impl Watch {
    pub fn start(away: Away) -> Watch {
        let mut support = Support::default();
        let system = Connection::system().ok().filter(|bus| has_owner(bus, LOGIND));
        if let Some(bus) = &system {
            support.sleep = watch_sleep(bus, away.clone()).is_ok();
            support.screen_lock = watch_session(bus, away.clone()).is_ok();
        }
        if let Ok(bus) = Connection::session() {
            support.screen_lock |= watch_screensavers(&bus, away).is_ok();
        }
        Watch { support, system, inhibitor: Arc::default() }
    }

    pub fn support(&self) -> Support {
        self.support
    }

    pub fn hold_sleep(&self, hold: bool) {
        let mut inhibitor = lock(&self.inhibitor);
        inhibitor.wanted = hold;
        if !hold {
            inhibitor.held = None;
            return;
        }
        let Some(bus) = self.system.clone() else { return };
        if inhibitor.held.is_some() || inhibitor.asking {
            return;
        }
        inhibitor.asking = true;
        let shared = self.inhibitor.clone();
        std::thread::spawn(move || {
            let fd = inhibit(&bus).ok();
            let mut inhibitor = lock(&shared);
            inhibitor.asking = false;
            // Locked meanwhile: the descriptor is dropped here, which lets go at once.
            if inhibitor.wanted {
                inhibitor.held = fd;
            }
        });
    }
}

fn lock(inhibitor: &Mutex<Inhibitor>) -> std::sync::MutexGuard<'_, Inhibitor> {
    inhibitor.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn has_owner(bus: &Connection, name: &str) -> bool {
    let Ok(name) = zbus::names::BusName::try_from(name) else { return false };
    zbus::blocking::fdo::DBusProxy::new(bus).ok().and_then(|dbus| dbus.name_has_owner(name).ok()).unwrap_or(false)
}

fn manager(bus: &Connection) -> zbus::Result<Proxy<'static>> {
    Proxy::new(bus, LOGIND, MANAGER_PATH, MANAGER)
}

fn inhibit(bus: &Connection) -> zbus::Result<OwnedFd> {
    manager(bus)?.call("Inhibit", &("sleep", "Grot", "Locking the letters before the laptop sleeps", "delay"))
}

/// Runs `each` on every message of `messages` on a thread of its own, for the life of the app.
fn on_each<I: Iterator<Item = zbus::Message> + Send + 'static>(messages: I, each: impl Fn(&zbus::Message) + Send + 'static) {
    std::thread::spawn(move || {
        for message in messages {
            each(&message);
        }
    });
}

fn watch_sleep(bus: &Connection, away: Away) -> zbus::Result<()> {
    let signals = manager(bus)?.receive_signal("PrepareForSleep")?;
    on_each(signals, move |message| {
        if message.body().deserialize::<bool>().unwrap_or(false) {
            away(Cause::Sleep);
        }
    });
    Ok(())
}

/// The app's own logind session: by its process, or by `XDG_SESSION_ID` when the process was
/// started outside one (a systemd user service).
fn own_session(bus: &Connection) -> zbus::Result<OwnedObjectPath> {
    let manager = manager(bus)?;
    manager.call("GetSessionByPID", &(std::process::id())).or_else(|e| match std::env::var("XDG_SESSION_ID") {
        Ok(id) => manager.call("GetSession", &(id)),
        Err(_) => Err(e),
    })
}

fn watch_session(bus: &Connection, away: Away) -> zbus::Result<()> {
    let path = own_session(bus)?;
    let session = Proxy::new(bus, LOGIND, path.clone(), SESSION)?;
    let locks = session.receive_signal("Lock")?;
    let on_lock = away.clone();
    on_each(locks, move |_| on_lock(Cause::ScreenLocked));
    let changes = PropertiesProxy::new(bus, LOGIND, path)?.receive_properties_changed()?;
    std::thread::spawn(move || {
        for change in changes {
            let Ok(args) = change.args() else { continue };
            let inactive = args.changed_properties().get("Active").and_then(|v| bool::try_from(v).ok()) == Some(false);
            if args.interface_name().as_str() == SESSION && inactive {
                away(Cause::SwitchedAway);
            }
        }
    });
    Ok(())
}

fn watch_screensavers(bus: &Connection, away: Away) -> zbus::Result<()> {
    for interface in SCREENSAVERS {
        let rule = MatchRule::builder().msg_type(zbus::message::Type::Signal).interface(*interface)?.member("ActiveChanged")?.build();
        let messages = MessageIterator::for_match_rule(rule, bus, None)?;
        let away = away.clone();
        on_each(messages.flatten(), move |message| {
            if message.body().deserialize::<bool>().unwrap_or(false) {
                away(Cause::ScreenLocked);
            }
        });
    }
    Ok(())
}
