//! Letters from practice, as two people would: she writes what she feels only for herself, then
//! the version for him with the first one beside it; he says "not now"; she is told at her next
//! unlock; the next day he reads it and answers; on the day she chose, she is reminded of her
//! first version. The app's clock is moved with faketime (the days pass for the app alone).

use super::support::*;

const RAW: &str = "Ik ben boos en verdrietig dat je weer wegkroop zonder iets te zeggen.";
const FOR_HIM: &str = "Sam, ik mis je als je stil wordt. Wil je me laten weten wanneer je er weer bent?";

async fn lock_and_unlock(c: &Client) {
    c.find(Locator::Css("#lock-button")).await.unwrap().click().await.unwrap();
    let pass = wait_reloaded(c, LOCKED).await;
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(c).await;
}

async fn open_listed(c: &Client, title: &str) {
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    let item = eventually(&format!("‘{title}’ in the list"), || async {
        for button in c.find_all(Locator::Css("#letter-list button[data-open]")).await.map_err(|e| e.to_string())? {
            if button.text().await.map_err(|e| e.to_string())?.starts_with(title) {
                return Ok(button);
            }
        }
        Err(format!("the list says {:?}", texts(c, "#letter-list .letter-item").await))
    })
    .await;
    click_in_view(c, &item).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden]) #letter-body")).await.unwrap();
}

#[tokio::test]
async fn she_writes_for_herself_then_for_him_he_says_not_now_and_reads_it_the_next_day() {
    let clock_dir = tempfile::tempdir().unwrap();
    let clock = clock_dir.path().join("offset");
    let driver = start_driver_with_app_clock(&clock);
    let c = open_unlocked(&driver).await;

    // Only for her: what she really feels. It cannot be handed over or exported, in the page or
    // by any script in it.
    write_letter(&c, "Wat ik voel", RAW).await;
    c.find(Locator::Css("#letter-recipient")).await.unwrap().send_keys("Sam").await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    c.find(Locator::Css("#composer-private")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#composer-private[aria-pressed='true']")).await.expect("marked");
    assert!(text(&c, "#composer-practice-note").await.starts_with("Alleen voor jou."));
    for hidden in ["#composer-handover[hidden]", "#composer-export[hidden]", "#composer-print[hidden]"] {
        assert!(c.find(Locator::Css(hidden)).await.is_ok(), "{hidden}");
    }
    let raw_id = id_titled(&c, "Wat ik voel").await;
    assert_eq!(page_invoke(&c, "handover_start", json!({"id": raw_id})).await, json!({"err": "only_for_me"}));
    let labels = json!({"to": "", "date": "", "untitled": "x"});
    assert_eq!(
        page_invoke(&c, "letter_export", json!({"id": raw_id, "format": "md", "labels": labels})).await,
        json!({"err": "only_for_me"})
    );
    // A reload changes nothing.
    c.refresh().await.unwrap();
    wait_unlocked(&c).await;
    open_listed(&c, "Wat ik voel").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#composer-private[aria-pressed='true']")).await.expect("still only for her");

    // The version for him, with her first one beside it, read-only.
    c.find(Locator::Css("#composer-version")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#composer-pair:not([hidden]) #composer-pair-text", RAW).await;
    assert_eq!(value(&c, "#letter-recipient").await, "Sam");
    assert_eq!(value(&c, "#letter-body").await, "");
    assert_eq!(value(&c, "#letter-title").await, "", "nothing of hers is copied in, not even the title");
    let title = c.find(Locator::Css("#letter-title")).await.unwrap();
    title.clear().await.unwrap();
    title.send_keys("Voor Sam").await.unwrap();
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    body.click().await.unwrap();
    body.send_keys(FOR_HIM).await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    assert!(c.find(Locator::Css("#composer-private[hidden]")).await.is_ok(), "his version cannot be marked");
    screenshot(&c, "practice-version").await;
    let his_id = id_titled(&c, "Voor Sam").await;

    // Before the hand-over, the offer to sleep on it (on by default), then he says "not now".
    c.find(Locator::Css("#composer-handover")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#tomorrow-dialog[open]")).await.expect("offered before every hand-over");
    assert!(text(&c, "#tomorrow-lead").await.starts_with("De gids raadt aan"));
    c.find(Locator::Css("#tomorrow-go")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#handover-dialog[open] #handover-go")).await.unwrap().click().await.unwrap();
    wait_reloaded(&c, "html[data-handover='true'] #handover:not([hidden])").await;
    assert_eq!(text(&c, "#handover-letter-body").await, FOR_HIM, "his version, never her first one");
    c.execute("document.getElementById('handover-not-now').scrollIntoView({ block: 'center' })", vec![]).await.unwrap();
    screenshot(&c, "practice-not-now").await;
    click_in_view(&c, &c.find(Locator::Css("#handover-not-now")).await.unwrap()).await;
    let pass = wait_reloaded(&c, LOCKED).await;

    // She unlocks and is told, gently.
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&c).await;
    wait_text(
        &c,
        "#practice-notice:not([hidden]) #practice-notice-list li",
        "Hij leest ‘Voor Sam’ liever op een ander moment. Dat is goed; je kunt hem later opnieuw laten lezen.",
    )
    .await;
    screenshot(&c, "practice-notice").await;
    // The rest in the dark theme: looked at like the light one.
    c.execute("document.activeElement.blur()", vec![]).await.unwrap();
    for key in ["d", "d"] {
        c.find(Locator::Css("body")).await.unwrap().send_keys(key).await.unwrap();
    }
    c.wait().at_most(WAIT).for_element(Locator::Css("html[data-theme='dark']")).await.unwrap();
    screenshot(&c, "practice-notice-dark").await;
    c.find(Locator::Css("#practice-notice-close")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    let listed = eventually("the list to show the pair and the wait", || async {
        let items = texts(&c, "#letter-list .letter-item").await;
        let waiting = items.iter().any(|t| t.contains("Hij leest hem liever later") && t.contains("Geschreven uit je eerste versie"));
        let first = items.iter().any(|t| t.contains("Alleen voor mij") && t.contains("Met een versie voor hem"));
        if waiting && first {
            Ok(items)
        } else {
            Err(format!("it says {items:?}"))
        }
    })
    .await;
    assert_eq!(listed.len(), 2);
    screenshot(&c, "practice-list").await;

    // Remind her of her first version the day after tomorrow.
    open_listed(&c, "Wat ik voel").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#composer-private[aria-pressed='true']")).await.unwrap();
    c.find(Locator::Css("#composer-remind")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#remind-dialog[open] [data-remind='2']")).await.unwrap().click().await.unwrap();
    screenshot(&c, "practice-remind").await;
    c.find(Locator::Css("#remind-form button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#remind-dialog:not([open])")).await.unwrap();
    assert!(text(&c, "#composer-practice-note").await.contains("Herinnering op "));
    // And one sealed for an hour (the field set as its picker sets it: WebDriver cannot type
    // into WebKit's date-time widget).
    write_letter(&c, "Voor later", "Dit lees ik straks pas.").await;
    c.find(Locator::Css("#composer-seal")).await.unwrap().click().await.unwrap();
    let at = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#seal-dialog[open] #seal-at[type='datetime-local']")).await.unwrap();
    c.execute(
        "const [input] = arguments; const at = new Date(Date.now() + 3600000);
         const pad = (n) => String(n).padStart(2, '0');
         input.value = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;",
        vec![serde_json::to_value(&at).unwrap()],
    )
    .await
    .unwrap();
    c.find(Locator::Css("#seal-form button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-list .letter-item.sealed")).await.unwrap();

    // The next day: nothing to remind her of yet; she hands it over again, he reads and answers.
    set_app_clock(&c, &clock, 1).await;
    lock_and_unlock(&c).await;
    // The seal has opened; the reminder waits for its day.
    wait_text(&c, "#practice-notice:not([hidden]) #practice-notice-list li", "‘Voor later’ is niet meer verzegeld.").await;
    assert_eq!(texts(&c, "#practice-notice-list li").await.len(), 1, "the reminder waits for its day");
    c.find(Locator::Css("#practice-notice-close")).await.unwrap().click().await.unwrap();
    open_listed(&c, "Voor Sam").await;
    hand_over(&c).await;
    c.find(Locator::Css("#answer-starters button[data-starter='back']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#answer-state[data-state='saved']", "Opgeslagen").await;
    give_back(&c).await;
    let his = page_invoke(&c, "letter_get", json!({"id": his_id})).await;
    assert_eq!(his["ok"]["not_now_ms"], Value::Null, "no longer waiting: {his}");
    let thread = page_invoke(&c, "letter_thread", json!({"id": his_id})).await;
    let reads: Vec<bool> = thread["ok"]["readings"].as_array().unwrap().iter().map(|r| r["not_now"].as_bool().unwrap()).collect();
    assert_eq!(reads, [true, false], "the read log keeps the first moment");
    let said = page_invoke(&c, "letter_conversation", json!({"recipient": "Sam"})).await;
    let said = said["ok"].as_array().unwrap();
    assert_eq!(said.len(), 2, "his version and his answer, never her first one: {said:?}");
    assert!(said.iter().all(|s| s["body"] != RAW));

    // On the day she chose: the reminder, once.
    set_app_clock(&c, &clock, 2).await;
    lock_and_unlock(&c).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#practice-notice:not([hidden]) #practice-notice-list li")).await.unwrap();
    let told = texts(&c, "#practice-notice-list li").await;
    assert_eq!(told, ["Je wilde ‘Wat ik voel’ vandaag nog eens lezen."], "the seal was told once");
    screenshot(&c, "practice-reminder").await;
    click_when_there(&c, "#practice-notice-list button[data-open]").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden]) #composer-private[aria-pressed='true']")).await.unwrap();
    assert_eq!(value(&c, "#letter-body").await, RAW);
    assert!(!text(&c, "#composer-practice-note").await.contains("Herinnering"), "done with once seen");
    lock_and_unlock(&c).await;
    assert!(c.find(Locator::Css("#practice-notice[hidden]")).await.is_ok(), "said once");
    finish(c).await;
}

/// The id of the letter titled `title`, as the backend lists it.
async fn id_titled(c: &Client, title: &str) -> String {
    let listed = page_invoke(c, "letter_list", json!({"sort": "updated"})).await;
    let found = listed["ok"].as_array().unwrap().iter().find(|l| l["title"] == title).cloned();
    found.unwrap_or_else(|| panic!("no letter titled {title}: {listed}"))["id"].as_str().unwrap().to_string()
}
