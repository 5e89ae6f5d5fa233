//! Damaged files on disk: the app starts, says what is wrong in plain words, lists her backups
//! with their dates, and puts the one she picks back once her passphrase opens it and it checks
//! whole. What was there is moved aside, never written over.

use super::support::*;

/// Quits the app the way the close button does.
async fn quit(c: Client) {
    let _ = c.execute("window.grotBeforeQuit(); return true", vec![]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let _ = c.close().await;
}

fn wait_for_backups(data: &Path, n: usize) {
    let started = Instant::now();
    while grot_lib::backup::list(data).unwrap().len() < n {
        assert!(
            started.elapsed() < WAIT,
            "no backup {n}: {:?}",
            std::fs::read_dir(data.join("backups")).map(|d| d.map(|e| e.unwrap().file_name()).collect::<Vec<_>>())
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
}

/// Unlocks, expects the restore screen with `said` above the list, and puts the newest back.
async fn restore_newest(c: &Client, said: &str, shot: &str) {
    let pass = c.wait().at_most(WAIT).for_element(Locator::Css(LOCKED)).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_text(c, "#restore-form:not([hidden]) .gate-error", said).await;
    let items = texts(c, "#restore-list label").await;
    assert!(!items.is_empty() && items[0].ends_with("(de nieuwste)"), "her backups, newest first: {items:?}");
    let newest = c.execute("return document.querySelector('#restore-list input').checked", vec![]).await.unwrap();
    assert_eq!(newest, json!(true), "the newest is chosen");
    screenshot(c, shot).await;
    let restore_pass = c.find(Locator::Css("#restore-pass")).await.unwrap();
    restore_pass.send_keys("niet de goede zin").await.unwrap();
    c.find(Locator::Css("#restore-form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_text(c, "#restore-form .gate-error", "Dat is niet de juiste wachtzin.").await;
    c.find(Locator::Css("#restore-pass")).await.unwrap().send_keys(PASS).await.unwrap();
    c.find(Locator::Css("#restore-form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_unlocked(c).await;
}

#[tokio::test]
async fn damaged_files_are_said_and_a_checked_backup_puts_them_back() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Blijft bewaard", "Deze brief staat in de backup van de volgende keer.").await;
    // The backup made at the next unlock holds the letter (the first start may have quit before
    // making its own).
    let before = grot_lib::backup::list(&driver.data_dir).unwrap().len();
    let c = restart_and_unlock(&driver, c).await;
    wait_for_backups(&driver.data_dir, before + 1);
    quit(c).await;

    // A bit flipped in the store.
    let db = driver.data_dir.join("grot.db");
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[100] ^= 0x55;
    std::fs::write(&db, &bytes).unwrap();
    let c = open_app(&driver).await;
    restore_newest(&c, "Je brieven openen niet met deze sleutel: het bestand is beschadigd of hoort bij een andere sleutel. Er is niets overschreven; zet een backup terug.", "restore-store-damaged").await;
    let list = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    assert_eq!(list["ok"][0]["title"], "Blijft bewaard", "her letter is back");
    let aside: Vec<String> = std::fs::read_dir(&driver.data_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged store is kept aside");
    assert_eq!(std::fs::read(driver.data_dir.join(&aside[0]).join("grot.db")).unwrap(), bytes, "byte for byte");
    quit(c).await;

    // The key file cut short.
    let header = driver.data_dir.join("vault.json");
    let text = std::fs::read(&header).unwrap();
    std::fs::write(&header, &text[..text.len() / 3]).unwrap();
    let c = open_app(&driver).await;
    restore_newest(
        &c,
        "Het sleutelbestand (vault.json) is beschadigd. Je brieven zijn er nog; zet een backup terug.",
        "restore-key-damaged",
    )
    .await;
    let list = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    assert_eq!(list["ok"][0]["title"], "Blijft bewaard");
    finish(c).await;
}

/// Her data folder made read-only (its mode bits; the app runs without root's power to write
/// through them): the app says so in plain words, changes nothing, and once the folder is
/// writable again "Try again" goes on to the lock screen.
#[tokio::test]
async fn a_folder_she_cannot_write_is_said_and_nothing_in_it_changes() {
    use std::os::unix::fs::PermissionsExt;
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Alleen-lezen", "Deze brief blijft zoals hij is.").await;
    wait_for_backups(&driver.data_dir, 1);
    quit(c).await;

    let setpriv = webdriver::find_program("setpriv", "apt-get install util-linux", "--test");
    let mut second = start_driver_with(Some(&driver), &[]);
    let wrapper = second._data.path().join("grot-without-dac-override");
    let root = unsafe { libc::geteuid() } == 0;
    let prefix = if root { format!("{} --bounding-set=-dac_override,-dac_read_search -- ", setpriv.display()) } else { String::new() };
    std::fs::write(&wrapper, format!("#!/bin/sh\nexec {prefix}{} \"$@\"\n", second.app.display())).unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    second.app = wrapper;

    let snapshot = || files_under(&driver.data_dir);
    std::fs::set_permissions(&driver.data_dir, std::fs::Permissions::from_mode(0o500)).unwrap();
    let before = snapshot();
    let c = open_app(&second).await;
    wait_text(&c, "#cannot-write-form:not([hidden]) h1", "Grot kan niet schrijven in zijn map").await;
    screenshot(&c, "cannot-write").await;
    c.find(Locator::Css("#cannot-write-form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_text(
        &c,
        "#cannot-write-form .gate-error",
        "Grot kan daar niet schrijven: de schijf is alleen-lezen, of de map is niet de jouwe. Er is niets veranderd.",
    )
    .await;
    assert_eq!(snapshot(), before, "nothing in her folder changed");

    std::fs::set_permissions(&driver.data_dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    c.find(Locator::Css("#cannot-write-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let pass = c.wait().at_most(WAIT).for_element(Locator::Css(LOCKED)).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&c).await;
    let list = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    assert_eq!(list["ok"][0]["title"], "Alleen-lezen");
    finish(c).await;
}

/// The other person at the laptop, with the lock screen and a terminal. Bringing a backup in
/// over her vault asks for her passphrase first: his guess is refused before any file dialog
/// opens. Then her key file's recovery key is swapped for one of his choosing: her passphrase
/// opens nothing and moves nothing, and the restore screen says what happened.
#[tokio::test]
async fn a_changed_key_file_is_refused_and_her_vault_is_not_replaced_without_her() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Van haar", "Niemand anders mag deze kluis wegzetten.").await;
    wait_for_backups(&driver.data_dir, 1);
    quit(c).await;

    let c = open_app(&driver).await;
    c.wait().at_most(WAIT).for_element(Locator::Css(LOCKED)).await.unwrap();
    c.find(Locator::Css("#unlock-form [data-import]")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#import-form:not([hidden]) h1", "Een backup in plaats van deze kluis").await;
    let guess = c.find(Locator::Css("#import-secret")).await.unwrap();
    guess.send_keys("zijn eigen gok").await.unwrap();
    press(&guess, Key::Enter).await;
    wait_text(&c, "#import-form .gate-error", "Dat is niet de juiste wachtzin.").await;
    assert_eq!(value(&c, "#import-secret").await, "", "the guess leaves the field");
    screenshot(&c, "import-needs-her-secret").await;
    quit(c).await;

    let header_path = driver.data_dir.join("vault.json");
    let mut header: Value = serde_json::from_slice(&std::fs::read(&header_path).unwrap()).unwrap();
    header["recovery"]["public"] = json!(format!("{}=", "A".repeat(43)));
    std::fs::write(&header_path, serde_json::to_vec_pretty(&header).unwrap()).unwrap();
    let before = files_under(&driver.data_dir);
    let c = open_app(&driver).await;
    let pass = c.wait().at_most(WAIT).for_element(Locator::Css(LOCKED)).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    let said = "Het sleutelbestand (vault.json) is buiten Grot om veranderd. Grot opent er niets mee en heeft niets verplaatst. Kies hierboven een backup en open hem met je wachtzin.";
    wait_text(&c, "#restore-form:not([hidden]) .gate-error", said).await;
    screenshot(&c, "restore-key-tampered").await;
    assert_eq!(files_under(&driver.data_dir), before, "nothing written or moved");
    finish(c).await;
}
