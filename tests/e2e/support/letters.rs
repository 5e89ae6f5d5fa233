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
