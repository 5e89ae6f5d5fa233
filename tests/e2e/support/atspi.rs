//! What a screen reader meets: the app's tree on the desktop's accessibility bus (AT-SPI), read
//! through pyatspi, Orca's own library (`atspi_tree.py`), on a private session bus whose
//! accessibility bus (`at-spi-bus-launcher`, started on demand) only this test's app joins.

use std::process::Command;

use serde::Deserialize;

use super::{private_bus, start_driver_with, webdriver, Driver, PrivateBus, ROOT};

#[derive(Debug, Deserialize, Clone)]
pub struct Node {
    pub depth: usize,
    pub role: String,
    pub name: String,
    pub description: String,
    pub text: Option<String>,
    pub states: Vec<String>,
    pub attributes: std::collections::HashMap<String, String>,
}

impl Node {
    pub fn has(&self, state: &str) -> bool {
        self.states.iter().any(|s| s == state)
    }

    /// What a screen reader can say of it: its name, description and text.
    pub fn words(&self) -> String {
        format!("{}\n{}\n{}", self.name, self.description, self.text.as_deref().unwrap_or(""))
    }
}

#[derive(Debug, Deserialize)]
struct Application {
    application: String,
    nodes: Vec<Node>,
}

/// The roles of what she can operate: each needs a name that says what it does.
pub const CONTROLS: [&str; 12] = [
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "entry",
    "password text",
    "combo box",
    "link",
    "menu item",
    "slider",
    "spin button",
    "list box",
];

/// A driver whose app joins an accessibility bus of its own; keep the bus as long as the app.
pub fn start_driver_with_screen_reader_bus() -> (Driver, PrivateBus) {
    let bus = private_bus();
    let driver = start_driver_with(None, &[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    (driver, bus)
}

/// Every node the app has on the bus now; an error while there is not exactly one Grot on it
/// (an app just ended can linger a moment).
pub fn tree(bus: &PrivateBus) -> Result<Vec<Node>, String> {
    let python = webdriver::find_program("/usr/bin/python3", "apt-get install python3-pyatspi", "--test");
    let out = Command::new(python)
        .arg(format!("{ROOT}/tests/e2e/support/atspi_tree.py"))
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .output()
        .expect("atspi_tree.py did not start");
    assert!(
        out.status.success(),
        "reading the accessibility tree failed (apt-get install python3-pyatspi libatk-adaptor at-spi2-core): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let apps: Vec<Application> = serde_json::from_slice(&out.stdout).expect("atspi_tree.py wrote JSON");
    let mut grot: Vec<Application> = apps.into_iter().filter(|a| a.application.eq_ignore_ascii_case("grot")).collect();
    match grot.len() {
        1 => Ok(grot.remove(0).nodes),
        n => Err(format!("{n} Grots on the accessibility bus")),
    }
}

/// The controls on screen without a name.
pub fn unnamed_controls(nodes: &[Node]) -> Vec<String> {
    nodes
        .iter()
        .filter(|n| CONTROLS.contains(&n.role.as_str()) && n.has("visible") && n.name.trim().is_empty())
        .map(|n| format!("{} #{}", n.role, n.attributes.get("id").map_or("", String::as_str)))
        .collect()
}
