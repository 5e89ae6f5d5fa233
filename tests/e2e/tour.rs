//! The README's screenshots, taken as a person first uses Grot: the first run, the guide, the
//! tips, a letter, the letters, a hand-over with his answer, the settings, the locked screen and
//! the guide in the dark theme. `scripts/screenshots` copies them (`readme-*.png`) into
//! `docs/screenshots/`; a test fails when the UI has changed since.

use super::support::*;

const LETTER: &str = "Lieve Sam, toen je gisteren stil werd, dacht ik dat het aan mij lag. Nu ik \
    over de grot heb gelezen, begrijp ik dat je tijd voor jezelf nodig had. Ik wacht tot je er \
    klaar voor bent, en dan lees je dit.";

#[tokio::test]
async fn a_first_use_in_pictures_for_the_readme() {
    let driver = start_driver();
    let c = open_app(&driver).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#setup-pass")).await.unwrap();
    screenshot(&c, "readme-first-run").await;
    finish(c).await;

    let (c, _code) = first_run(&driver).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-reader:not([hidden]) #article h1")).await.unwrap();
    screenshot(&c, "readme-reader").await;
    c.find(Locator::Css(".view-tab[data-view='tips']")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css(".card-tips_you")).await.unwrap();
    screenshot(&c, "readme-tips").await;

    write_letter(&c, "Voor mezelf, na het weekend", "Wat ik wil onthouden: vragen wat hij nodig heeft.").await;
    write_letter(&c, "Voor Sam", LETTER).await;
    c.find(Locator::Css("#letter-recipient")).await.unwrap().send_keys("Sam").await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    screenshot(&c, "readme-composer").await;

    // Handed over: he reads, and answers with an opening sentence and his own words.
    hand_over(&c).await;
    c.find(Locator::Css("#answer-starters button[data-starter='back']")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#answer-body")).await.unwrap().send_keys(" Zullen we zondag wandelen?").await.unwrap();
    wait_text(&c, "#answer-state[data-state='saved']", "Opgeslagen").await;
    screenshot(&c, "readme-handover").await;
    give_back(&c).await;

    c.find(Locator::Css(".view-tab[data-view='letters']")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-letters:not([hidden]) #letter-list .letter-item + .letter-item")).await.unwrap();
    screenshot(&c, "readme-letters").await;

    c.find(Locator::Css("#settings-button")).await.unwrap().click().await.unwrap();
    let settings = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#settings[open]")).await.unwrap();
    screenshot(&c, "readme-settings").await;
    press(&settings, Key::Escape).await;

    c.find(Locator::Css("#lock-button")).await.unwrap().click().await.unwrap();
    let pass = wait_reloaded(&c, LOCKED).await;
    screenshot(&c, "readme-locked").await;
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&c).await;

    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("1").await.unwrap();
    for _ in 0..2 {
        body.send_keys("d").await.unwrap();
    }
    c.wait().at_most(WAIT).for_element(Locator::Css("html[data-theme='dark'] #view-reader:not([hidden]) #article h1")).await.unwrap();
    screenshot(&c, "readme-reader-dark").await;
    finish(c).await;
}
