//! Accessibility, checked by axe-core inside the real app on every main screen, in the light and
//! the dark theme: no serious or critical violation. The counts per screen are printed.
//! axe-core is test support (`support/axe/`), injected through WebDriver, never shipped.

use super::support::*;

const AXE: &str = include_str!("support/axe/axe.min.js");

/// Runs axe on the page as it is; answers the serious and critical violations, and prints all.
async fn audit(c: &Client, screen: &str, theme: &str) -> Vec<String> {
    c.execute(&format!("{AXE}\nreturn true;"), vec![]).await.expect("axe-core loads in the page");
    // Only what is visible counts: hidden views and closed dialogs are not her screen.
    let found = c
        .execute_async(
            "const done = arguments[0];
             axe.run(document, { resultTypes: ['violations'] }).then(
               (r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                                       where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))),
               (e) => done([{ id: 'axe-error', impact: 'critical', nodes: 0, where: [String(e)] }]));",
            vec![],
        )
        .await
        .unwrap();
    let violations = found.as_array().unwrap();
    let count = |impact: &str| violations.iter().filter(|v| v["impact"] == impact).count();
    println!(
        "    {screen} ({theme}): {} violations: {} critical, {} serious, {} moderate, {} minor {}",
        violations.len(),
        count("critical"),
        count("serious"),
        count("moderate"),
        count("minor"),
        violations.iter().map(|v| format!("{}×{}", v["id"].as_str().unwrap_or(""), v["nodes"])).collect::<Vec<_>>().join(" ")
    );
    violations
        .iter()
        .filter(|v| v["impact"] == "serious" || v["impact"] == "critical")
        .map(|v| format!("{screen} ({theme}): {} {} at {}", v["impact"], v["id"], v["where"]))
        .collect()
}

/// Light, then dark (the theme as the page sets it: the lock screen follows the system).
async fn both_themes(c: &Client, screen: &str, failures: &mut Vec<String>) {
    for theme in ["light", "dark"] {
        c.execute("document.documentElement.dataset.theme = arguments[0]; return true;", vec![json!(theme)]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        failures.extend(audit(c, screen, theme).await);
    }
}

#[tokio::test]
async fn every_main_screen_has_no_serious_or_critical_violation_in_either_theme() {
    let driver = start_driver();
    let mut failures = Vec::new();

    // First run.
    let c = open_app(&driver).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#setup-pass")).await.unwrap();
    both_themes(&c, "first run", &mut failures).await;
    finish(c).await;
    let (c, _) = first_run(&driver).await;

    // The guidance.
    c.wait().at_most(WAIT).for_element(Locator::Css("#article h1")).await.unwrap();
    both_themes(&c, "reader", &mut failures).await;
    key(&c, "2").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-tips:not([hidden]) #tips-content *")).await.unwrap();
    both_themes(&c, "tips", &mut failures).await;
    key(&c, "3").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-phrases:not([hidden]) #phrases-content *")).await.unwrap();
    both_themes(&c, "phrases", &mut failures).await;
    key(&c, "?").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#help[open]")).await.unwrap();
    both_themes(&c, "help", &mut failures).await;
    c.execute("document.getElementById('help').close(); return true;", vec![]).await.unwrap();
    key(&c, ",").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#settings[open]")).await.unwrap();
    both_themes(&c, "settings", &mut failures).await;
    c.execute("document.getElementById('settings').close(); return true;", vec![]).await.unwrap();

    // The letters: the list, the composer, the seal dialog.
    write_letter(&c, "Voor Sam", "Ik wil je iets vertellen als je er klaar voor bent.").await;
    both_themes(&c, "composer", &mut failures).await;
    c.find(Locator::Css("#composer-seal")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#seal-dialog[open]")).await.unwrap();
    both_themes(&c, "seal", &mut failures).await;
    c.execute("document.getElementById('seal-dialog').close(); return true;", vec![]).await.unwrap();
    click_in_view(&c, &c.find(Locator::Css("#composer-back")).await.unwrap()).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-list .letter-item")).await.unwrap();
    both_themes(&c, "letters", &mut failures).await;

    // The hand-over, with his answer field.
    c.find(Locator::Css("#letter-list button[data-open]")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden])")).await.unwrap();
    hand_over(&c).await;
    both_themes(&c, "hand-over", &mut failures).await;
    give_back(&c).await;

    // The lock screen.
    key(&c, &(Key::Control + "l")).await;
    wait_reloaded(&c, LOCKED).await;
    both_themes(&c, "lock", &mut failures).await;
    finish(c).await;

    assert!(failures.is_empty(), "serious or critical accessibility violations:\n{}", failures.join("\n"));
}
