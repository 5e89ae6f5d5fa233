//! His answer, as two people would: she writes and hands the laptop over; he reads, answers
//! with a starter and his own words, and hands it back; she gives her passphrase, is told, and
//! reads the thread and the read log; a restart keeps all of it.

use super::support::*;

#[tokio::test]
async fn he_answers_in_the_handover_and_she_reads_it_after_her_passphrase() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Voor Sam", "Lieve Sam, ik wacht tot je er klaar voor bent.").await;
    c.find(Locator::Css("#letter-recipient")).await.unwrap().send_keys("Sam").await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    hand_over(&c).await;

    // He reads, starts with "I am back" from the guide, and adds his own words.
    let starter = c.find(Locator::Css("#answer-starters button[data-starter='back']")).await.unwrap();
    assert_eq!(starter.text().await.unwrap(), "Zeggen dat je er weer bent");
    starter.click().await.unwrap();
    let answer = c.find(Locator::Css("#answer-body")).await.unwrap();
    answer.send_keys(" Zullen we zondag wandelen?").await.unwrap();
    wait_text(&c, "#answer-state[data-state='saved']", "Opgeslagen").await;
    let written = "Ik ben er weer. Ik heb je brief gelezen en ik ben blij dat je hem hebt geschreven. Zullen we zondag wandelen?";
    assert_eq!(value(&c, "#answer-body").await, written);
    screenshot(&c, "handover-answer").await;
    // A reload (or anything else) in the hand-over shows his answer so far, and nothing more.
    c.refresh().await.unwrap();
    wait_reloaded(&c, "html[data-handover='true'] #handover:not([hidden])").await;
    assert_eq!(value(&c, "#answer-body").await, written);
    assert_eq!(page_invoke(&c, "letter_thread", json!({"id": id_of(&c).await})).await, json!({"err": "handover"}));

    // He hands the laptop back: her passphrase.
    give_back(&c).await;
    wait_text(&c, "#answers-notice-text", "Er is een antwoord op je brief ‘Voor Sam’.").await;
    screenshot(&c, "answers-notice").await;
    c.find(Locator::Css("#answers-notice-open")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#thread:not([hidden]) .said-answer .said-text", written).await;
    assert_eq!(texts(&c, "#thread-list .said-text").await, [written]);
    assert!(text(&c, "#thread-list .said-meta").await.starts_with("Antwoord, "));
    let read = text(&c, "#thread-reads").await;
    assert!(read.starts_with("Gelezen op ") && read.ends_with("1 minuut"), "{read}");
    assert!(c.find(Locator::Css("#answers-notice[hidden]")).await.is_ok(), "told once");
    screenshot(&c, "thread").await;

    // The list tells it too; search finds the letter by his words.
    click_in_view(&c, &c.find(Locator::Css("#composer-back")).await.unwrap()).await;
    // The list is drawn anew once the letter has been put away: read it when it says it.
    let listed = eventually("the list to say the letter has an answer", || async {
        let items = texts(&c, "#letter-list .letter-item").await;
        items.iter().find(|t| t.contains("1 antwoord")).cloned().ok_or(format!("it says {items:?}"))
    })
    .await;
    assert!(listed.contains("Gelezen op "), "{listed}");
    c.find(Locator::Css("#letter-search")).await.unwrap().send_keys("wandelen").await.unwrap();
    wait_text(&c, "#letter-list .in-answer", "In het antwoord:").await;

    // A restart keeps it all; the notice is not said again.
    let c = restart_and_unlock(&driver, c).await;
    assert!(c.find(Locator::Css("#answers-notice[hidden]")).await.is_ok(), "already seen");
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    click_when_there(&c, "#letter-list button[data-open]").await;
    wait_text(&c, "#thread:not([hidden]) .said-answer .said-text", written).await;
    assert_eq!(texts(&c, "#thread-list .said-text").await, [written]);
    assert!(text(&c, "#thread-reads").await.starts_with("Gelezen op "));

    // The conversation with Sam: her letter, then his answer.
    click_in_view(&c, &c.find(Locator::Css("#thread-conversation")).await.unwrap()).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-conversation:not([hidden]) .said")).await.unwrap();
    assert_eq!(text(&c, "#conversation-title").await, "Gesprek met Sam");
    let said = texts(&c, "#conversation-list .said-text").await;
    assert_eq!(said, ["Lieve Sam, ik wacht tot je er klaar voor bent.", written]);
    screenshot(&c, "conversation").await;
    // Dark, the largest text: looked at like the light one.
    for key in ["d", "d", "+", "+", "+", "+", "+"] {
        c.find(Locator::Css("body")).await.unwrap().send_keys(key).await.unwrap();
    }
    screenshot(&c, "conversation-dark-large").await;
    finish(c).await;
}

/// The id of the letter on screen in the hand-over, as a script in the page could learn it.
async fn id_of(c: &Client) -> String {
    let shown = page_invoke(c, "handover_letter", json!({})).await;
    shown["ok"]["letter"]["id"].as_str().unwrap().to_string()
}

/// He types and the window is closed at once (before the autosave's pause): his last words are
/// saved before the app quits, and she reads them after her passphrase.
#[tokio::test]
async fn closing_the_window_in_a_handover_keeps_his_last_words() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Voor Sam", "Lieve Sam, lees dit als je er klaar voor bent.").await;
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    hand_over(&c).await;
    let id = id_of(&c).await;
    c.find(Locator::Css("#answer-body")).await.unwrap().send_keys("Tot zondag, ik ben er dan.").await.unwrap();
    // The close button, at once: `grotBeforeQuit` is what the backend asks the page on close.
    let c = restart_and_unlock(&driver, c).await;
    let thread = page_invoke(&c, "letter_thread", json!({"id": id})).await;
    assert_eq!(thread["ok"]["answers"][0]["body"], "Tot zondag, ik ben er dan.", "his last words: {thread}");
    finish(c).await;
}
