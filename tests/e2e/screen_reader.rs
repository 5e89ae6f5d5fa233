//! What a screen reader meets (#31): the app's tree on the desktop's accessibility bus, read as
//! Orca reads it (`support/atspi.rs`), on every main screen. Every control has a role and a name
//! (a button is said to be a button); headings have levels that make an outline; the screen's
//! region is a landmark. While the app is locked, no word of a letter is on the bus; in a
//! hand-over, no word of another letter. Each screen's node count and unnamed controls are
//! printed.

use super::support::*;

/// Words in no guide text and no string of the app: one per letter.
const HANDED: &str = "Zeppelinvlinder";
const OTHER: &str = "Kwartelkoning";

/// The screen's first visible heading (in the open dialog, when there is one), as the page has it.
const HEADING: &str = "const root = document.querySelector('dialog[open]') || document;
    const h = [...root.querySelectorAll('h1, h2')].find((e) => e.getClientRects().length > 0);
    return h ? h.textContent.trim().replace(/\\s+/g, ' ') : '';";

/// The tree once it shows this screen: its heading is on the bus (the bus follows the page a
/// moment later; a heading in capitals by CSS is named in capitals).
async fn tree_of(c: &Client, bus: &PrivateBus, screen: &str) -> Vec<Node> {
    let heading = c.execute(HEADING, vec![]).await.unwrap().as_str().unwrap_or_default().to_string();
    assert!(!heading.is_empty(), "{screen}: no visible heading in the page");
    eventually(&format!("the heading {heading:?} of {screen} on the accessibility bus"), || async {
        let nodes = tree(bus)?;
        let there = nodes.iter().any(|n| {
            n.role == "heading"
                && n.has("visible")
                && n.name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase() == heading.to_lowercase()
        });
        if there {
            Ok(nodes)
        } else {
            Err(format!(
                "{} nodes, headings {:?}",
                nodes.len(),
                nodes.iter().filter(|n| n.role == "heading").map(|n| format!("{:?} {:?}", n.name, n.states)).collect::<Vec<_>>()
            ))
        }
    })
    .await
}

/// What is wrong on one screen, as the tree says it; prints the screen's count.
async fn judge(c: &Client, bus: &PrivateBus, screen: &str, failures: &mut Vec<String>) -> Vec<Node> {
    let nodes = tree_of(c, bus, screen).await;
    let unnamed = unnamed_controls(&nodes);
    let visible: Vec<&Node> = nodes.iter().filter(|n| n.has("visible")).collect();
    println!("    {screen}: {} nodes ({} visible), {} unnamed controls {unnamed:?}", nodes.len(), visible.len(), unnamed.len());
    failures.extend(unnamed.iter().map(|u| format!("{screen}: a control without a name: {u}")));
    // A button is said as a button (WebKitGTK presents one marked `aria-haspopup` as a combo box).
    failures.extend(
        visible
            .iter()
            .filter(|n| {
                n.attributes.get("tag").is_some_and(|t| t == "button") && !["push button", "toggle button"].contains(&n.role.as_str())
            })
            .map(|n| format!("{screen}: the button {:?} is said to be a {}", n.name, n.role)),
    );
    // The outline: every heading has a level, and none skips one on the way down.
    let mut last = 0;
    for heading in visible.iter().filter(|n| n.role == "heading") {
        match heading.attributes.get("level").and_then(|l| l.parse::<usize>().ok()) {
            Some(level) if (1..=6).contains(&level) && (last == 0 || level <= last + 1) => last = level,
            level => failures.push(format!("{screen}: heading {:?} at level {level:?} after level {last}", heading.name)),
        }
    }
    // Her screen is a region a screen reader can jump to; an open dialog holds the focus.
    let landmarks: Vec<&str> =
        visible.iter().filter(|n| n.role == "landmark").filter_map(|n| n.attributes.get("xml-roles").map(String::as_str)).collect();
    match inside_dialog(&nodes) {
        None if !landmarks.contains(&"main") => failures.push(format!("{screen}: no main landmark (landmarks: {landmarks:?})")),
        Some(false) => failures.push(format!("{screen}: a dialog is open but the focus is outside it")),
        _ => {}
    }
    nodes
}

/// With a dialog open: whether the focused node is inside it (the list is in document order,
/// each node with its depth).
fn inside_dialog(nodes: &[Node]) -> Option<bool> {
    let dialog = nodes.iter().position(|n| n.role == "dialog" && n.has("visible"))?;
    let depth = nodes[dialog].depth;
    let end = nodes[dialog + 1..].iter().position(|n| n.depth <= depth).map_or(nodes.len(), |i| dialog + 1 + i);
    Some(nodes[dialog..end].iter().any(|n| n.has("focused")))
}

/// Every node whose name, description or text holds `word`.
fn holding(nodes: &[Node], word: &str) -> Vec<String> {
    nodes.iter().filter(|n| n.words().contains(word)).map(|n| format!("{} {:?}", n.role, n.name)).collect()
}

#[tokio::test]
async fn every_screen_names_its_controls_and_the_lock_and_hand_over_show_no_other_letter() {
    let (driver, bus) = start_driver_with_screen_reader_bus();
    let mut failures = Vec::new();

    let c = open_app(&driver).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#setup-pass")).await.unwrap();
    judge(&c, &bus, "first run", &mut failures).await;
    finish(c).await;
    let (c, _) = first_run(&driver).await;

    c.wait().at_most(WAIT).for_element(Locator::Css("#article h1")).await.unwrap();
    judge(&c, &bus, "reader", &mut failures).await;
    key(&c, "2").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-tips:not([hidden]) #tips-content *")).await.unwrap();
    judge(&c, &bus, "tips", &mut failures).await;
    key(&c, "3").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-phrases:not([hidden]) #phrases-content *")).await.unwrap();
    judge(&c, &bus, "phrases", &mut failures).await;
    key(&c, "?").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#help[open]")).await.unwrap();
    judge(&c, &bus, "help", &mut failures).await;
    c.execute("document.getElementById('help').close(); return true;", vec![]).await.unwrap();
    key(&c, ",").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#settings[open]")).await.unwrap();
    judge(&c, &bus, "settings", &mut failures).await;
    c.execute("document.getElementById('settings').close(); return true;", vec![]).await.unwrap();

    write_letter(&c, "Voor later", &format!("Een brief die hij niet ziet: {OTHER}.")).await;
    click_in_view(&c, &c.find(Locator::Css("#composer-back")).await.unwrap()).await;
    write_letter(&c, "Voor Sam", &format!("Ik wil je iets vertellen: {HANDED}.")).await;
    judge(&c, &bus, "composer", &mut failures).await;
    c.find(Locator::Css("#composer-seal")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#seal-dialog[open]")).await.unwrap();
    judge(&c, &bus, "seal", &mut failures).await;
    c.execute("document.getElementById('seal-dialog').close(); return true;", vec![]).await.unwrap();
    click_in_view(&c, &c.find(Locator::Css("#composer-back")).await.unwrap()).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-list .letter-item")).await.unwrap();
    judge(&c, &bus, "letters", &mut failures).await;

    // His view: the handed-over letter, and nothing of the other.
    c.find(Locator::Css("#letter-list button[data-open]")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden])")).await.unwrap();
    hand_over(&c).await;
    let his = judge(&c, &bus, "hand-over", &mut failures).await;
    assert!(!holding(&his, HANDED).is_empty(), "the handed-over letter is on the bus in his view");
    let leaked = holding(&his, OTHER);
    assert!(leaked.is_empty(), "in the hand-over, the bus holds another letter's words: {leaked:?}");
    give_back(&c).await;

    // Locked: nothing of her letters.
    key(&c, &(Key::Control + "l")).await;
    wait_reloaded(&c, LOCKED).await;
    let locked = judge(&c, &bus, "lock", &mut failures).await;
    for word in [HANDED, OTHER, "Voor Sam", "Voor later"] {
        let leaked = holding(&locked, word);
        assert!(leaked.is_empty(), "locked, the bus holds {word:?}: {leaked:?}");
    }
    finish(c).await;

    assert!(failures.is_empty(), "what a screen reader meets:\n{}", failures.join("\n"));
}
