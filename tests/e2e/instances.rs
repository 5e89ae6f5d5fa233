//! One copy of the app per data folder: a second start brings the first forward (D-Bus), and
//! without a session bus a second copy touches nothing until the first is gone (the folder lock).

use super::support::*;

#[tokio::test]
async fn a_second_start_brings_the_first_forward_and_exits() {
    let bus = private_bus();
    let driver = start_driver_with(None, &[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Eerste venster", "Alleen hier geopend.").await;
    assert_eq!(windows_titled("Grot"), 1);
    let mut second = on_display(env!("CARGO_BIN_EXE_grot"))
        .env("GROT_DATA_DIR", &driver.data_dir)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = eventually("the second start to hand over and exit", || {
        let ended = second.try_wait().unwrap().ok_or_else(|| "it still runs".to_string());
        async move { ended }
    })
    .await;
    assert!(status.success(), "the second start ends quietly: {status}");
    assert_eq!(windows_titled("Grot"), 1, "no second window");
    assert_eq!(page_invoke(&c, "session_status", json!({})).await, json!({"ok": "unlocked"}), "the first goes on, unlocked");
    finish(c).await;
}

#[tokio::test]
async fn without_a_session_bus_a_second_copy_waits_for_the_first() {
    let first = start_driver();
    let a = open_unlocked(&first).await;
    // (Through the page, not the keyboard: two windows on one display compete for focus.)
    let draft = json!({"draft": {"id": "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01", "title": "Van de eerste", "recipient": "", "body": "Dit schreef het eerste venster.", "seq": 1}});
    assert!(page_invoke(&a, "letter_save", draft).await.get("ok").is_some());
    let second = start_driver_with(Some(&first), &[]);
    let b = open_app(&second).await;
    wait_text(&b, "#in-use-form:not([hidden]) h1", "Grot is al open").await;
    screenshot(&b, "in-use").await;
    assert_eq!(page_invoke(&b, "vault_unlock", json!({"passphrase": PASS})).await, json!({"err": "in_use"}));
    // Trying again while the first is open says so again.
    b.find(Locator::Css("#in-use-form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_text(&b, "#in-use-form .gate-error", "Grot is al open in een ander venster. Sluit dat en probeer het opnieuw.").await;
    // The first closes (saving first); the second goes on from its lock screen.
    let _ = a.execute("window.grotBeforeQuit(); return true", vec![]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    b.find(Locator::Css("#in-use-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let pass = b.wait().at_most(WAIT).for_element(Locator::Css("#unlock-form:not([hidden]) #unlock-pass")).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&b).await;
    let list = page_invoke(&b, "letter_list", json!({"sort": "updated"})).await;
    assert_eq!(list["ok"][0]["title"], "Van de eerste", "her letter, written by the first copy");
    finish(b).await;
}
