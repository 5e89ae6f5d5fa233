//! Locking when she walks away, against real D-Bus: a private system bus with a logind
//! stand-in served by the test, a private session bus, and the app as built. Sleep, a screen
//! lock, a user switch and a screensaver each lock it (the letter gone from the page, the sleep
//! inhibitor let go); without any bus it works as before and says what it cannot see; minimised
//! it locks when she asked for that; glance-proof covers everything while another window has
//! the focus.

use super::support::*;

const TEXT: &str = "Deze zin mag na het dichtklappen nergens meer staan.";

/// The app on a private system bus (with logind) and session bus, unlocked, holding its sleep
/// inhibitor, with a letter open.
async fn open_with_buses() -> (Logind, PrivateBus, Driver, Client) {
    let logind = Logind::start();
    let session = private_bus();
    let driver =
        start_driver_with(None, &[("DBUS_SYSTEM_BUS_ADDRESS", &logind.system.address), ("DBUS_SESSION_BUS_ADDRESS", &session.address)]);
    let c = open_unlocked(&driver).await;
    logind.wait_held(1);
    assert_eq!(logind.held(), ["sleep:delay"], "a delay inhibitor for sleep, and only that");
    write_letter(&c, "Weglopen", TEXT).await;
    (logind, session, driver, c)
}

/// Waits for the lock screen after a signal sent at `sent`; answers how long it took.
async fn wait_locked(c: &Client, sent: Instant) -> Duration {
    c.wait().at_most(WAIT).for_element(Locator::Css(LOCKED)).await.expect("locked");
    let took = sent.elapsed();
    let page = c.source().await.unwrap();
    assert!(!page.contains(TEXT) && !page.contains("Weglopen"), "the letter is gone from the page");
    took
}

async fn unlock_again(c: &Client, logind: &Logind) {
    let pass = c.wait().at_most(WAIT).for_element(Locator::Css(LOCKED)).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(c).await;
    logind.wait_held(1);
}

#[tokio::test]
async fn sleep_locks_first_and_then_lets_the_laptop_sleep() {
    let (logind, _session, _driver, c) = open_with_buses().await;
    let mut took = Vec::new();
    for round in 0..10 {
        let sent = Instant::now();
        logind.prepare_for_sleep(true);
        took.push(wait_locked(&c, sent).await);
        logind.wait_held(0);
        if round == 0 {
            screenshot(&c, "locked-after-sleep").await;
        }
        logind.prepare_for_sleep(false);
        unlock_again(&c, &logind).await;
    }
    took.sort();
    let ms: Vec<u128> = took.iter().map(Duration::as_millis).collect();
    println!("    PrepareForSleep(true) to the lock screen, 10 rounds: median {} ms (min {} ms, max {} ms): {ms:?}", ms[5], ms[0], ms[9]);
    finish(c).await;
}

#[tokio::test]
async fn a_screen_lock_a_user_switch_and_a_screensaver_each_lock() {
    let (logind, session, _driver, c) = open_with_buses().await;
    for (what, signal) in [
        ("logind Lock", &(|l: &Logind, _: &PrivateBus| l.lock_session()) as &dyn Fn(&Logind, &PrivateBus)),
        ("Active false", &|l: &Logind, _: &PrivateBus| l.switch_away()),
        ("ScreenSaver ActiveChanged", &|_: &Logind, s: &PrivateBus| screensaver_active(s)),
    ] {
        let sent = Instant::now();
        signal(&logind, &session);
        let took = wait_locked(&c, sent).await;
        logind.wait_held(0);
        println!("    {what}: locked in {} ms", took.as_millis());
        unlock_again(&c, &logind).await;
    }
    finish(c).await;
}

/// In a hand-over, the reader's answer typed a moment before the laptop sleeps (before the
/// autosave's pause has passed) is saved before everything locks.
#[tokio::test]
async fn in_a_hand_over_his_answer_is_saved_before_sleep_locks() {
    let (logind, _session, _driver, c) = open_with_buses().await;
    hand_over(&c).await;
    let typed = "Ik lees hem straks nog een keer.";
    c.find(Locator::Css("#answer-body")).await.unwrap().send_keys(typed).await.unwrap();
    let sent = Instant::now();
    logind.prepare_for_sleep(true);
    wait_locked(&c, sent).await;
    assert!(!c.source().await.unwrap().contains(typed), "his answer is gone from the page");
    logind.wait_held(0);
    logind.prepare_for_sleep(false);
    unlock_again(&c, &logind).await;
    let letters = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    let id = letters["ok"][0]["id"].as_str().unwrap().to_string();
    let thread = page_invoke(&c, "letter_thread", json!({"id": id})).await;
    assert_eq!(thread["ok"]["answers"][0]["body"], typed, "{thread}");
    finish(c).await;
}

#[tokio::test]
async fn without_any_bus_it_works_and_says_what_it_cannot_see() {
    let driver = start_driver_with(None, &[("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/grot-no-bus")]);
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Zonder bus", "Gewoon schrijven.").await;
    c.find(Locator::Css("#composer-back")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("body")).await.unwrap().send_keys(",").await.unwrap();
    wait_text(&c, "#settings[open] #lock-away-hint[data-support='none']", "Niet beschikbaar hier: deze desktop laat apps niet weten wanneer hij gaat slapen of het scherm vergrendelt (geen systeem-berichtenbus). Grot vergrendelt nog steeds na de minuten hierboven.").await;
    screenshot(&c, "settings-no-bus").await;
    finish(c).await;
}

/// Clicks a settings checkbox and waits for the settings to be stored (half a second later).
async fn switch_on(c: &Client, id: &str) {
    c.find(Locator::Css("body")).await.unwrap().send_keys(",").await.unwrap();
    let input = c.wait().at_most(WAIT).for_element(Locator::Css(&format!("#settings[open] #{id}"))).await.unwrap();
    input.click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(900)).await;
    c.execute("document.getElementById('settings').close()", vec![]).await.unwrap();
}

#[tokio::test]
async fn minimised_it_locks_when_she_asked_for_it() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Klein", TEXT).await;
    let window = wait_for_window("Grot");
    let xdotool = |args: &[&str]| assert!(on_display("xdotool").args(args).status().unwrap().success(), "xdotool {args:?}");
    // Off by default: minimised and back, still unlocked, the letter still there.
    xdotool(&["windowunmap", "--sync", &window]);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    xdotool(&["windowmap", "--sync", &window]);
    let value = c.execute("return document.getElementById('letter-body')?.value ?? null", vec![]).await.unwrap();
    assert_eq!(value, json!(TEXT), "not locked: she did not ask for it");
    switch_on(&c, "set-lock-minimised").await;
    // Xvfb has no window manager to ask (`xdotool windowminimize` sends it a request); unmapping
    // the window is what a window manager does to minimise it, and GTK reports it as iconified.
    let sent = Instant::now();
    xdotool(&["windowunmap", "--sync", &window]);
    let took = wait_locked(&c, sent).await;
    println!("    minimised: locked in {} ms", took.as_millis());
    xdotool(&["windowmap", "--sync", &window]);
    finish(c).await;
}

/// How many colours the screenshot `name` has inside `rect` (x, y, width, height).
fn colours_in(name: &str, rect: (i64, i64, i64, i64)) -> usize {
    let png = Path::new(ROOT).join("target/screenshots").join(format!("{name}.png"));
    let (x, y, w, h) = rect;
    let out = Command::new("convert")
        .arg(&png)
        .args(["-crop", &format!("{w}x{h}+{x}+{y}"), "+repage", "-format", "%k", "info:"])
        .output()
        .expect("ImageMagick's convert");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[tokio::test]
async fn glance_proof_covers_everything_while_another_window_has_the_focus() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Over de schouder", TEXT).await;
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    body.send_keys(&Key::Escape.to_string()).await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-letters:not([hidden])")).await.unwrap();
    c.find(Locator::Css("body")).await.unwrap().send_keys("g").await.unwrap();
    wait_text(&c, "#toast", "Afgeschermd staat aan: Grot bedekt zichzelf als je naar iets anders gaat.").await;
    c.find(Locator::Css("#letter-list .letter-name")).await.unwrap().click().await.unwrap();
    // The letter opens after it is fetched: measured before, its place is the hidden view's 0×0.
    eventually("the letter open in the composer", || async {
        let shown = c.find(Locator::Css("#view-composer:not([hidden]) #letter-body")).await.map_err(|e| e.to_string())?;
        let now = shown.prop("value").await.map_err(|e| e.to_string())?.unwrap_or_default();
        if now == TEXT {
            Ok(())
        } else {
            Err(format!("it holds {now:?}"))
        }
    })
    .await;
    let rect = c.execute("const r = document.getElementById('letter-body').getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round)", vec![]).await.unwrap();
    let rect: (i64, i64, i64, i64) = serde_json::from_value(rect).unwrap();
    screenshot(&c, "glance-uncovered").await;
    assert!(colours_in("glance-uncovered", rect) > 2, "the letter shows while Grot has the focus");

    // Another window takes the focus.
    let mut other = on_display("xmessage").args(["-title", "Iets anders", "iets anders"]).spawn().expect("xmessage (x11-utils)");
    let window = wait_for_window("Iets anders");
    assert!(on_display("xdotool").args(["windowfocus", "--sync", &window]).status().unwrap().success());
    c.wait().at_most(WAIT).for_element(Locator::Css("#glance-cover:not([hidden])")).await.expect("covered when the focus left");
    screenshot(&c, "glance-covered").await;
    // Where the letter was, one colour: the cover's, but for its own line of text.
    let line = c
        .execute(
            "const r = document.querySelector('#glance-cover p').getBoundingClientRect(); return [Math.floor(r.top), Math.ceil(r.bottom)]",
            vec![],
        )
        .await
        .unwrap();
    let (top, bottom): (i64, i64) = serde_json::from_value(line).unwrap();
    let (x, y, w, h) = rect;
    assert!(top > y && bottom < y + h, "the cover's line ({top}..{bottom}) is inside the letter's place ({rect:?})");
    assert_eq!(colours_in("glance-covered", (x, y, w, top - y)), 1, "not a pixel of the letter shows above the cover's line");
    assert_eq!(colours_in("glance-covered", (x, bottom, w, y + h - bottom)), 1, "nor below it");
    let hidden = c.execute("return getComputedStyle(document.getElementById('app')).visibility", vec![]).await.unwrap();
    assert_eq!(hidden, json!("hidden"));

    // Back: a key uncovers, and does nothing else.
    let _ = other.kill();
    let _ = other.wait();
    assert!(on_display("xdotool").args(["windowfocus", "--sync", &wait_for_window("Grot")]).status().unwrap().success());
    c.find(Locator::Css("body")).await.unwrap().send_keys("x").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#glance-cover[hidden]")).await.unwrap();
    let value = c.execute("return document.getElementById('letter-body').value", vec![]).await.unwrap();
    assert_eq!(value, json!(TEXT), "the key that uncovered typed nothing");
    finish(c).await;
}

/// The idle lock comes at her minute. Nothing looks at the clock every few seconds any more: the
/// backend sleeps until the minute since her last keystroke is up (`session/idle.rs`), then tells
/// the page, which saves the words she had just typed and locks.
#[tokio::test]
async fn the_idle_lock_comes_at_her_minute_and_keeps_what_she_had_just_typed() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    c.find(Locator::Css("body")).await.unwrap().send_keys(",").await.unwrap();
    let minutes = c.wait().at_most(WAIT).for_element(Locator::Css("#settings[open] #set-autolock")).await.unwrap();
    minutes.select_by_value("1").await.unwrap();
    // Settings are stored half a second after a change.
    tokio::time::sleep(Duration::from_millis(900)).await;
    c.execute("document.getElementById('settings').close()", vec![]).await.unwrap();
    write_letter(&c, "Even weg", "Eerste zin.").await;
    // A few words more, left without waiting for the autosave: the lock must keep them.
    c.find(Locator::Css("#letter-body")).await.unwrap().send_keys(" En nog dit.").await.unwrap();
    let typed = Instant::now();
    let pass = c.wait().at_most(Duration::from_secs(120)).for_element(Locator::Css(LOCKED)).await.expect("the idle lock came");
    let after = typed.elapsed();
    // Not before her minute; and on it, not a polling interval later (it was every 10 s).
    assert!(after >= Duration::from_secs(55), "locked {after:?} after her last keystroke: too early");
    assert!(after < Duration::from_secs(68), "locked {after:?} after her last keystroke: late");
    assert!(!c.source().await.unwrap().contains("En nog dit"), "the letter is gone from the page");
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&c).await;
    let letters = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    let id = letters["ok"][0]["id"].as_str().unwrap().to_string();
    let letter = page_invoke(&c, "letter_get", json!({"id": id})).await;
    assert_eq!(letter["ok"]["body"], "Eerste zin. En nog dit.", "{letter}");
    finish(c).await;
}
