//! Seals and hand-over: a letter opens at its time; a handed-over letter is all there is.

use super::support::*;

#[tokio::test]
async fn a_letter_sealed_a_minute_ahead_opens_when_its_time_comes() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Voor straks", "Pas over een minuut te lezen.").await;

    c.find(Locator::Css("#composer-seal")).await.unwrap().click().await.unwrap();
    let at = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#seal-dialog[open] #seal-at[type='datetime-local']")).await.unwrap();
    screenshot(&c, "seal").await;
    // The date field takes local time; a minute ahead, to the second (WebDriver cannot type
    // into WebKit's date-time widget, so the field is set the way its picker sets it).
    let until: i64 = serde_json::from_value(
        c.execute(
            "const [input] = arguments; const at = new Date(Date.now() + 60000);
             const pad = (n) => String(n).padStart(2, '0');
             input.step = 1;
             input.value = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
             return new Date(input.value).getTime();",
            vec![serde_json::to_value(&at).unwrap()],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    c.find(Locator::Css("#seal-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let item = c.wait().at_most(WAIT).for_element(Locator::Css("#letter-list .letter-item.sealed")).await.unwrap();
    assert!(item.text().await.unwrap().contains("Verzegeld tot"), "the list shows the title and the date");
    let id = item.attr("data-letter").await.unwrap().unwrap();
    assert_eq!(page_invoke(&c, "letter_get", json!({"id": id})).await, json!({"err": "sealed"}), "the backend refuses the text");
    assert_eq!(page_invoke(&c, "letter_search", json!({"query": "minuut"})).await, json!({"ok": []}), "nor is it found by its words");
    screenshot(&c, "sealed-list").await;

    // Clicking it asks for the passphrase; she waits instead.
    let listed = text(&c, "#letter-list .letter-item.sealed .letter-meta").await;
    let when = listed.strip_prefix("Verzegeld tot ").unwrap_or_else(|| panic!("the list says until when: {listed:?}")).to_string();
    item.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#sealed-dialog[open]")).await.unwrap();
    let asked = text(&c, "#sealed-until").await;
    assert!(asked.contains(&when), "the dialog names the seal's moment ({when}), as the list does: {asked:?}");
    c.find(Locator::Css("#sealed-dialog [data-close]")).await.unwrap().click().await.unwrap();
    let now: i64 = serde_json::from_value(c.execute("return Date.now()", vec![]).await.unwrap()).unwrap();
    tokio::time::sleep(Duration::from_millis((until - now + 500).max(0) as u64)).await;

    let opened = page_invoke(&c, "letter_get", json!({"id": id})).await;
    assert_eq!(opened["ok"]["body"], "Pas over een minuut te lezen.", "{opened}");
    c.find(Locator::Css(".view-tab[data-view='letters']")).await.unwrap().click().await.unwrap();
    let open = c.wait().at_most(WAIT).for_element(Locator::Css(&format!("#letter-list button[data-open='{id}']"))).await.unwrap();
    open.click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden])")).await.unwrap();
    assert_eq!(value(&c, "#letter-body").await, "Pas over een minuut te lezen.");
    finish(c).await;
}

#[tokio::test]
async fn handover_shows_only_that_letter_and_leaving_needs_the_passphrase() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Iets anders", "Dit is niet voor hem.").await;
    c.find(Locator::Css("#composer-back")).await.unwrap().click().await.unwrap();
    write_letter(&c, "Voor Sam", "Lieve Sam, lees dit als je er klaar voor bent.").await;

    hand_over(&c).await;
    assert_eq!(text(&c, "#handover-letter-title").await, "Voor Sam");
    let source = c.source().await.unwrap();
    assert!(source.contains("lees dit als je er klaar voor bent"));
    for other in ["Iets anders", "niet voor hem", "grot zit", "Waarom hij zich terugtrekt"] {
        assert!(!source.contains(other), "{other:?} is in the page during hand-over");
    }
    screenshot(&c, "handover").await;

    // Anything else, even from a script in the page, gets the typed error.
    for (cmd, args) in [
        ("letter_list", json!({"sort": "updated"})),
        ("guide_list", json!({"lang": "nl"})),
        ("settings_get", json!({})),
        ("letter_search", json!({"query": "anders"})),
    ] {
        assert_eq!(page_invoke(&c, cmd, args).await, json!({"err": "handover"}), "{cmd}");
    }
    // Shortcuts do nothing; a reload shows the same letter only.
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("4").await.unwrap();
    body.send_keys(&(Key::Control + "l")).await.unwrap();
    c.refresh().await.unwrap();
    wait_reloaded(&c, "html[data-handover='true'] #handover:not([hidden])").await;
    assert_eq!(text(&c, "#handover-letter-title").await, "Voor Sam");
    assert_eq!(c.execute("return document.title", vec![]).await.unwrap(), json!("Grot"));

    // Leaving needs the writer's passphrase.
    click_in_view(&c, &c.find(Locator::Css("#handover-done")).await.unwrap()).await;
    let pass = c.wait().at_most(WAIT).for_element(Locator::Css("#handover-pass")).await.unwrap();
    pass.send_keys("ik gok maar wat").await.unwrap();
    press(&pass, Key::Enter).await;
    wait_text(&c, "#handover-leave-form .gate-error", "Dat is niet de juiste wachtzin.").await;
    let pass = c.find(Locator::Css("#handover-pass")).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_reloaded(&c, "html[data-unlocked='true'] #view-composer:not([hidden])").await;
    assert_eq!(value(&c, "#letter-title").await, "Voor Sam");
    finish(c).await;
}

/// Write now, read tomorrow: a letter changed just now with a passage the tone check marks gets,
/// before its hand-over or export, one gentle offer to seal it until tomorrow morning; one
/// click goes on anyway, and the offer is not made twice.
#[tokio::test]
async fn a_letter_just_written_in_anger_is_offered_a_night_first() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Boos", "Jij luistert nooit naar mij.").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#tone:not([hidden]) .tone-flag")).await.expect("the tone check marks it");

    c.find(Locator::Css("#composer-handover")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#tomorrow-dialog[open]")).await.expect("the offer");
    let lead = c.find(Locator::Css("#tomorrow-lead")).await.unwrap().text().await.unwrap();
    assert!(lead.contains("08:00") && lead.contains("grot"), "until tomorrow morning, with the guide's reason: {lead}");
    screenshot(&c, "tomorrow-offer").await;
    c.find(Locator::Css("#tomorrow-go")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#handover-dialog[open]")).await.expect("on to the hand-over");
    c.find(Locator::Css("#handover-dialog [data-close]")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#composer-handover")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#handover-dialog[open]")).await.expect("no second offer");
    let offered_again = c.execute("return document.getElementById('tomorrow-dialog').open", vec![]).await.unwrap();
    assert_eq!(offered_again, json!(false));
    c.find(Locator::Css("#handover-dialog [data-close]")).await.unwrap().click().await.unwrap();

    // Another: she takes the offer before exporting; the letter is sealed until 8:00 tomorrow.
    c.find(Locator::Css("#composer-back")).await.unwrap().click().await.unwrap();
    write_letter(&c, "Nog bozer", "Je moet eens ophouden.").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#tone:not([hidden]) .tone-flag")).await.unwrap();
    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#tomorrow-dialog[open]")).await.unwrap();
    c.find(Locator::Css("#tomorrow-seal")).await.unwrap().click().await.unwrap();
    let item =
        c.wait().at_most(WAIT).for_element(Locator::Css("#letter-list .letter-item.sealed")).await.expect("sealed, back in the list");
    assert!(item.text().await.unwrap().contains("Nog bozer"));
    let until =
        c.execute("const d = new Date(); d.setDate(d.getDate() + 1); d.setHours(8, 0, 0, 0); return d.getTime()", vec![]).await.unwrap();
    let list = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    let sealed = list["ok"].as_array().unwrap().iter().find(|l| l["title"] == "Nog bozer").unwrap();
    assert_eq!(sealed["sealed_until_ms"], until, "until tomorrow at 8:00");
    finish(c).await;
}
