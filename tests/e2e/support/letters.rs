//! Her letters as she handles them: writing one, handing it over.

use super::*;

/// Opens the letters view and writes a new letter; answers when it is saved.
pub async fn write_letter(c: &Client, title: &str, text: &str) {
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-letters:not([hidden]) #letter-new")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-title:focus")).await.unwrap().send_keys(title).await.unwrap();
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    body.click().await.unwrap();
    body.send_keys(text).await.unwrap();
    wait_text(c, "#save-state[data-state='saved']", "Opgeslagen").await;
}

/// Hands the open letter over as she would: the hand-over button, past the offer to wait until
/// tomorrow (made before every hand-over unless she turned it off), and "go".
pub async fn hand_over(c: &Client) {
    c.find(Locator::Css("#composer-handover")).await.unwrap().click().await.unwrap();
    let asked =
        c.wait().at_most(WAIT).for_element(Locator::Css("dialog#tomorrow-dialog[open], dialog#handover-dialog[open]")).await.unwrap();
    if asked.attr("id").await.unwrap().as_deref() == Some("tomorrow-dialog") {
        c.find(Locator::Css("#tomorrow-go")).await.unwrap().click().await.unwrap();
    }
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#handover-dialog[open] #handover-go")).await.unwrap().click().await.unwrap();
    wait_reloaded(c, "html[data-handover='true'] #handover:not([hidden])").await;
}

/// He hands the laptop back as she would take it: "done reading", her passphrase, Enter; back
/// in her app on the same letter.
pub async fn give_back(c: &Client) {
    click_in_view(c, &c.find(Locator::Css("#handover-done")).await.unwrap()).await;
    let pass = c.wait().at_most(WAIT).for_element(Locator::Css("#handover-pass")).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_reloaded(c, "html[data-unlocked='true'] #view-composer:not([hidden])").await;
}

/// The library that moves the app's clock in a test (faketime), with the file that says by how
/// much: set with [`set_app_clock`].
pub const FAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

/// A driver whose app's clock follows `file` (set to the real time here; moved with
/// [`set_app_clock`]).
pub fn start_driver_with_app_clock(file: &Path) -> Driver {
    assert!(
        Path::new(FAKETIME).exists(),
        "faketime is needed to move the app's clock: apt-get install faketime (scripts/setup-system --test)"
    );
    write_offset(file, 0);
    let file = file.to_string_lossy();
    let env =
        [("LD_PRELOAD", FAKETIME), ("FAKETIME_TIMESTAMP_FILE", &*file), ("FAKETIME_CACHE_DURATION", "1"), ("DONT_FAKE_MONOTONIC", "1")];
    start_driver_with(None, &env)
}

/// Writes the offset whole (a file renamed into place: never read half written).
fn write_offset(file: &Path, days: u32) {
    let next = file.with_extension("next");
    std::fs::write(&next, format!("+{days}d\n")).unwrap();
    std::fs::rename(&next, file).unwrap();
}

/// Moves the app's clock to `days` ahead of the real one, and waits until the page's clock
/// says so (then as long again, so the backend has read the file too: each process re-reads
/// it at most a second after its last look).
pub async fn set_app_clock(c: &Client, file: &Path, days: u32) {
    write_offset(file, days);
    let ahead = i64::from(days) * 86_400_000;
    eventually("the app's clock to move", || async {
        let page: i64 = serde_json::from_value(c.execute("return Date.now()", vec![]).await.map_err(|e| e.to_string())?).unwrap();
        let real = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
        if (page - real - ahead).abs() < 3_600_000 {
            Ok(())
        } else {
            Err(format!("the page is {} days ahead", (page - real) / 86_400_000))
        }
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
}
