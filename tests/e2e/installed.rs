//! The smoke test of a build as it reaches people: first run, a letter, lock, unlock, the letter
//! read back. Here it runs the app this build made; the install test (`scripts/install-test`)
//! runs it again on the installed `/usr/bin/grot` (`GROT_E2E_APP`) in a home folder of its own
//! (`GROT_E2E_HOME`), whose data folder it then checks survives removing the package.

use super::support::*;

#[tokio::test]
async fn first_run_a_letter_lock_unlock_and_it_reads_back() {
    let home = std::env::var_os("GROT_E2E_HOME").map(std::path::PathBuf::from);
    let driver = match &home {
        Some(home) => start_driver_at_home(home),
        None => start_driver(),
    };
    let (c, _code) = first_run(&driver).await;
    // Every web process has loaded Grot's extension (not dumpable): the installed app finds it
    // in /usr/lib/grot/webkit, a debug build in what build.rs made.
    let web: Vec<u32> = app_processes(&driver).into_iter().filter(|(_, c)| c.starts_with("WebKitWebProces")).map(|(p, _)| p).collect();
    assert!(!web.is_empty());
    for pid in web {
        let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
        assert!(maps.contains(grot_lib::desktop::WEB_EXTENSION), "web process {pid} runs without Grot's extension");
    }
    let text = "Lieve Sam, dit schreef ik na de ruzie, om later te lezen. Één ding nog.";
    write_letter(&c, "Na de ruzie", text).await;

    c.find(Locator::Css("#lock-button")).await.unwrap().click().await.unwrap();
    let pass = wait_reloaded(&c, LOCKED).await;
    assert!(!c.source().await.unwrap().contains("na de ruzie"), "the letter left the page when it locked");
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&c).await;

    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    wait_text(&c, "#letter-list .letter-name", "Na de ruzie").await;
    c.find(Locator::Css("#letter-list .letter-open")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden])")).await.unwrap();
    assert_eq!(value(&c, "#letter-body").await, text);
    finish(c).await;

    // The vault is where the app keeps it by itself: under her home folder, when that is given.
    let header = grot_lib::vault::header_path(&driver.data_dir);
    assert!(header.exists(), "the vault is not where the app keeps it: {}", header.display());
}
