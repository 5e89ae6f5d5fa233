//! Letters: surviving a restart, the size limit, the tone check, templates and phrases, a long list.

use super::support::*;

#[tokio::test]
async fn a_letter_survives_a_restart_and_stays_private() {
    let driver = start_driver();
    let c = open_app(&driver).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#setup-pass")).await.unwrap();
    assert!(!c.source().await.unwrap().contains("grot zit"), "the gate shows nothing of the guidance");
    screenshot(&c, "first-run").await;
    finish(c).await;
    let (c, code) = first_run(&driver).await;

    // Write a letter as a person would: click, type, wait for the honest indicator.
    c.find(Locator::Css(".view-tab[data-view='letters']")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-new")).await.unwrap().click().await.unwrap();
    let title = "Voor later <b>vet</b>";
    c.wait().at_most(WAIT).for_element(Locator::Css("#letter-title:focus")).await.unwrap().send_keys(title).await.unwrap();
    c.find(Locator::Css("#letter-recipient")).await.unwrap().send_keys("Sam").await.unwrap();
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    body.click().await.unwrap();
    let lines = ["Lieve Sam,", "Het café was dicht en ik was geïrriteerd; één ding nog 🙂", "<script>alert(1)</script>"];
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            press(&body, Key::Enter).await;
        }
        // WebKitWebDriver cannot type characters outside the BMP; an emoji arrives the way an
        // input method or a paste delivers it: one insertText input event at the caret.
        for (j, part) in line.split('🙂').enumerate() {
            if j > 0 {
                c.execute("document.execCommand('insertText', false, '🙂')", vec![]).await.unwrap();
            }
            if !part.is_empty() {
                body.send_keys(part).await.unwrap();
            }
        }
    }
    let expected = lines.join("\n");
    assert_eq!(value(&c, "#letter-body").await, expected, "the textarea holds what was typed");
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    screenshot(&c, "composer").await;

    // Quit the way the window's close button does: the UI saves, then the app exits.
    let _ = c.execute("window.grotBeforeQuit(); return true", vec![]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(c.execute("return 1", vec![]).await.is_err(), "the app should have quit after saving");
    let _ = c.close().await; // the app is gone; this ends the driver's session

    // Start again: locked. A wrong passphrase is refused with a clear message.
    let c = open_app(&driver).await;
    let pass = wait_reloaded(&c, LOCKED).await;
    pass.send_keys("dit is hem niet").await.unwrap();
    press(&pass, Key::Enter).await;
    wait_text(&c, "#unlock-form .gate-error", "Dat is niet de juiste wachtzin.").await;
    screenshot(&c, "unlock-wrong").await;
    let pass = c.find(Locator::Css("#unlock-pass")).await.unwrap();
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(&c).await;

    // The letter is there, exactly; its markup is shown as text.
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    wait_text(&c, "#letter-list .letter-name", title).await;
    assert!(c.find_all(Locator::Css("#letter-list b, #letter-list script")).await.unwrap().is_empty(), "markup rendered as HTML");
    screenshot(&c, "letters").await;
    c.find(Locator::Css("#letter-list .letter-open")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden])")).await.unwrap();
    assert_eq!(value(&c, "#letter-body").await, expected);
    assert_eq!(value(&c, "#letter-title").await, title);
    assert_eq!(value(&c, "#letter-recipient").await, "Sam");

    // Lock: the letter's text leaves the page.
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    body.send_keys(&(Key::Control + "l")).await.unwrap();
    wait_reloaded(&c, LOCKED).await;
    let source = c.source().await.unwrap();
    for secret in ["geïrriteerd", "Lieve Sam", "Voor later", "grot zit"] {
        assert!(!source.contains(secret), "{secret:?} is still in the page after locking");
    }

    // The recovery code opens it too.
    c.find(Locator::Css("#use-recovery")).await.unwrap().click().await.unwrap();
    let input = c.wait().at_most(WAIT).for_element(Locator::Css("#unlock-code")).await.unwrap();
    input.send_keys(&code).await.unwrap();
    press(&input, Key::Enter).await;
    wait_unlocked(&c).await;
    finish(c).await;
}

#[tokio::test]
async fn an_oversized_letter_is_refused_clearly_and_nothing_is_cut() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-letters:not([hidden]) #letter-new")).await.unwrap().click().await.unwrap();
    let body = c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden]) #letter-body")).await.unwrap();
    body.click().await.unwrap();
    body.send_keys("kort begin").await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;

    // A paste of 2 MB: over the limit.
    c.execute("document.execCommand('insertText', false, ' ' + 'x'.repeat(2000000))", vec![]).await.unwrap();
    let state = c.wait().at_most(WAIT).for_element(Locator::Css("#save-state[data-state='refused']")).await.unwrap();
    let said = state.text().await.unwrap();
    assert!(said.contains("te lang") && !said.contains("opnieuw"), "a clear message that promises no retry: {said}");
    let kept = c.execute("return document.getElementById('letter-body').value.length", vec![]).await.unwrap();
    assert_eq!(kept, json!(10 + 1 + 2_000_000), "nothing is cut from what is on screen");
    // The page still answers at once (the 2 MB went through no synchronous walk that blocks it).
    assert_eq!(c.execute("return document.getElementById('save-state').dataset.state", vec![]).await.unwrap(), json!("refused"));
    let stored = c
        .execute_async(
            "const [id, done] = arguments; window.__TAURI__.core.invoke('letter_list', { sort: 'updated' })
               .then((l) => window.__TAURI__.core.invoke('letter_get', { id: l[0].id })).then((x) => done(x.body), (e) => done(e.code));",
            vec![json!(null)],
        )
        .await
        .unwrap();
    assert_eq!(stored, json!("kort begin"), "the stored letter is the last version that fit");
    screenshot(&c, "too-large").await;
    finish(c).await;
}

#[tokio::test]
async fn the_tone_check_flags_blame_and_links_to_the_guide() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Eerlijk", "Ik ben moe. Jij luistert nooit naar mij.").await;
    let flag = c.wait().at_most(WAIT).for_element(Locator::Css("#tone:not([hidden]) .tone-flag")).await.expect("a tone flag");
    assert_eq!(flag.find(Locator::Css(".tone-text")).await.unwrap().text().await.unwrap(), "Jij luistert nooit");
    screenshot(&c, "tone").await;
    click_in_view(&c, &flag.find(Locator::Css("button[data-select]")).await.unwrap()).await;
    let selected = c
        .execute("const b = document.getElementById('letter-body'); return b.value.slice(b.selectionStart, b.selectionEnd)", vec![])
        .await
        .unwrap();
    assert_eq!(selected, json!("Jij luistert nooit"));
    click_in_view(&c, &c.find(Locator::Css("#tone button[data-section]")).await.unwrap()).await;
    wait_text(&c, "#article h1", &titles(Lang::Nl)[10]).await;
    assert_eq!(
        c.execute("return document.getElementById('letter-body').value", vec![]).await.unwrap(),
        json!(""),
        "leaving the letter clears it from the page"
    );
    finish(c).await;
}

#[tokio::test]
async fn start_from_a_template_and_insert_a_phrase_at_the_cursor() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#view-letters:not([hidden]) #letter-template")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#template-dialog[open] .picker-item")).await.expect("the template picker opens");
    assert!(c.find_all(Locator::Css("#template-list .picker-item")).await.unwrap().len() >= 4);
    screenshot(&c, "templates").await;
    c.find(Locator::Css("#template-list [data-template='feeling-alone']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    assert_eq!(value(&c, "#letter-title").await, "Zeggen dat je je alleen voelt");
    assert!(value(&c, "#letter-body").await.contains("ik voel me op dit moment heel alleen"));

    // Put the cursor at the end and insert a sentence from the guide there.
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    c.execute("const b = document.getElementById('letter-body'); b.focus(); b.setSelectionRange(b.value.length, b.value.length);", vec![])
        .await
        .unwrap();
    body.send_keys("PS").await.unwrap();
    click_in_view(&c, &c.find(Locator::Css("#composer-phrase")).await.unwrap()).await;
    let filter = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("dialog#phrase-dialog[open] #phrase-dialog-filter"))
        .await
        .expect("the phrase picker opens");
    let offered = texts(&c, "#phrase-dialog-list .picker-item").await;
    assert_eq!(offered.len(), 10, "only the sentences to say");
    filter.send_keys("grenzen").await.unwrap();
    let none = texts(&c, "#phrase-dialog-list .picker-item").await;
    assert!(none.is_empty(), "the filter narrows the list: {none:?}");
    filter.clear().await.unwrap();
    filter.send_keys("LANGER dan een dag").await.unwrap();
    let narrowed = texts(&c, "#phrase-dialog-list .picker-item").await;
    assert_eq!(narrowed.len(), 1, "case does not matter: {narrowed:?}");
    let pick = c.find(Locator::Css("#phrase-dialog-list .picker-item")).await.unwrap();
    let phrase = pick.text().await.unwrap();
    pick.click().await.unwrap();
    wait_text(&c, "#save-state[data-state='saved']", "Opgeslagen").await;
    let text = value(&c, "#letter-body").await;
    assert!(text.ends_with(&format!("PS {phrase}")), "inserted at the cursor: {text:?}");

    // Export asks first, saying plainly that the file will not be encrypted. (The native file
    // chooser that follows cannot be driven through WebDriver; the writing is unit-tested.)
    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    let warning = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#export-dialog[open] .warning")).await.unwrap();
    assert!(warning.text().await.unwrap().contains("niet versleuteld"));
    screenshot(&c, "export").await;
    c.find(Locator::Css("#export-dialog [data-close]")).await.unwrap().click().await.unwrap();
    assert!(c.find(Locator::Css("dialog#export-dialog[open]")).await.is_err());

    // Printing hands the webview a sheet with the letter alone, and empties it afterwards.
    // (The print dialog itself is the system's; it is stubbed here to see what it was given.)
    c.execute(
        "window.print = () => { const sheet = document.getElementById('print-sheet');
           window.__printed = [sheet.textContent, getComputedStyle(sheet).display, [...sheet.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).length]; };",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css("#composer-print")).await.unwrap().click().await.unwrap();
    let printed = c.execute("return [window.__printed, document.getElementById('print-sheet').textContent]", vec![]).await.unwrap();
    let sheet = printed[0][0].as_str().unwrap();
    assert!(sheet.starts_with("Zeggen dat je je alleen voelt") && sheet.contains(&phrase), "the sheet holds the letter: {sheet:?}");
    assert_eq!(printed[0][1], json!("none"), "on screen the sheet stays invisible");
    assert_eq!(printed[0][2], json!(0), "loose text on the sheet (a missing line printed as \"null\"): {sheet:?}");
    assert_eq!(printed[1], json!(""), "no copy of the text stays in the page");
    finish(c).await;
}

#[tokio::test]
async fn a_long_list_is_drawn_and_fetched_as_it_scrolls() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let saved = c
        .execute_async(
            "const done = arguments[0];
             (async () => {
               for (let n = 0; n < 250; n++) {
                 const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
                 await window.__TAURI__.core.invoke('letter_save', { draft: { id, title: `Brief ${n}`, recipient: '', body: 'tekst', seq: 1 } });
               }
               return 250;
             })().then(done, (e) => done(String(e?.code ?? e)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(saved, json!(250));
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    let count = || async { c.find_all(Locator::Css("#letter-list .letter-item")).await.unwrap().len() };
    eventually("the first fifty to be drawn, not all", || async { same(count().await, &50) }).await;
    assert_eq!(text(&c, "#letter-list .letter-item:first-child .letter-name").await, "Brief 249", "newest first");
    // Scrolling to the end draws the rest of the first page, fifty at a time, then fetches the
    // last page from the backend.
    for expected in [200, 250] {
        eventually(&format!("{expected} letters drawn while scrolling to the end"), || async {
            let drawn = count().await;
            if drawn >= expected {
                return Ok(());
            }
            let last =
                "[...document.querySelectorAll('#letter-list .letter-item')].pop().scrollIntoView({ block: 'end', behavior: 'instant' })";
            c.execute(last, vec![]).await.unwrap();
            Err(format!("{drawn} drawn"))
        })
        .await;
    }
    assert_eq!(count().await, 250);
    let names = texts(&c, "#letter-list .letter-item .letter-name").await;
    assert_eq!(names, (0..250).rev().map(|n| format!("Brief {n}")).collect::<Vec<_>>(), "every letter once, in order");
    assert!(c.find(Locator::Css("#letter-list .list-end")).await.is_err(), "the end marker goes when all are shown");
    finish(c).await;
}

#[tokio::test]
async fn odd_letters_stay_text_and_long_parts_are_refused_clearly() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    // Markup in a title, a letter of emoji only, a right-to-left letter: saved and shown as text.
    let markup = "<img src=x onerror=\"window.__pwned = 1\"><b>vet</b>";
    write_letter(&c, markup, "🙂🙂🙂 👩\u{200d}❤\u{fe0f}\u{200d}👨").await;
    c.find(Locator::Css("#composer-back")).await.unwrap().click().await.unwrap();
    write_letter(&c, "שלום", "مرحبا، هذه رسالة من اليمين إلى اليسار").await;
    c.find(Locator::Css("#composer-back")).await.unwrap().click().await.unwrap();
    // Read in one go in the page: the list redraws as it settles.
    let titles = eventually("both letters in the list", || async {
        let now = c
            .execute("return [...document.querySelectorAll('#letter-list .letter-name')].map((e) => e.textContent)", vec![])
            .await
            .map_err(|e| e.to_string())?;
        let titles: Vec<String> = serde_json::from_value(now).map_err(|e| e.to_string())?;
        if titles.len() >= 2 {
            Ok(titles)
        } else {
            Err(format!("it shows {titles:?}"))
        }
    })
    .await;
    assert!(titles.iter().any(|t| t == markup), "the markup title is shown as text: {titles:?}");
    assert!(titles.iter().any(|t| t == "שלום"), "{titles:?}");
    let page = c
        .execute(
            "return { imgs: document.querySelectorAll('#letter-list img, #letter-list b').length, pwned: window.__pwned ?? null }",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(page, json!({"imgs": 0, "pwned": null}), "no element was made from the title");

    // A title of 10,000 characters: refused with a clear word, nothing cut on screen or stored.
    write_letter(&c, "Kort", "De tekst blijft.").await;
    let title = c.find(Locator::Css("#letter-title")).await.unwrap();
    title.click().await.unwrap();
    c.execute("document.execCommand('insertText', false, 'é'.repeat(10000))", vec![]).await.unwrap();
    let state = c.wait().at_most(WAIT).for_element(Locator::Css("#save-state[data-state='refused']")).await.unwrap();
    let said = state.text().await.unwrap();
    assert!(said.contains("titel is langer dan 300 tekens"), "{said}");
    let on_screen = c.execute("return [...document.getElementById('letter-title').value].length", vec![]).await.unwrap();
    assert_eq!(on_screen, json!(4 + 10_000), "the whole title is still in the field");
    let stored = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    assert_eq!(stored["ok"][0]["title"], "Kort", "the stored title is the last that fit");
    screenshot(&c, "title-too-long").await;
    finish(c).await;
}

/// Text that is not well-formed UTF-16 (a lone surrogate half, as a broken paste or a script
/// can make): sent raw to a command it is refused as invalid input and changes nothing; typed
/// into the composer it is saved, the lone half as U+FFFD, and not a letter of the rest is lost.
#[tokio::test]
async fn lone_surrogates_from_the_page_are_refused_or_mended_never_lost() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Heel", "Eerst een gewone zin.").await;
    let list = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    let id = list["ok"][0]["id"].as_str().unwrap().to_string();
    let raw = c
        .execute_async(
            "const [id, done] = arguments;
             window.__TAURI__.core.invoke('letter_save', { draft: { id, title: 'a\\uD800', recipient: '', body: 'b\\uDC00c', seq: 99 } })
               .then((v) => done({ ok: v }), (e) => done({ err: typeof e === 'string' ? e.split(':')[0] : e.code }));",
            vec![json!(id)],
        )
        .await
        .unwrap();
    assert!(raw["err"].as_str().is_some_and(|e| e.contains("escape")), "refused by Tauri before any command runs: {raw}");
    let letter = page_invoke(&c, "letter_get", json!({ "id": id })).await;
    assert_eq!((letter["ok"]["title"].as_str(), letter["ok"]["body"].as_str()), (Some("Heel"), Some("Eerst een gewone zin.")), "unchanged");

    // Through the page's own door (ui/lib/api.js), as every view calls: saved, the half mended.
    let mended = c
        .execute_async(
            "const [id, done] = arguments;
             import('./lib/api.js').then((api) => api.call('letter_save', { draft: { id: crypto.randomUUID(), title: 'x\\uDBFF', recipient: '', body: 'y', seq: 1 } }))
               .then((v) => done({ ok: v.seq }), (e) => done({ err: e.code }));",
            vec![json!(id)],
        )
        .await
        .unwrap();
    assert_eq!(mended, json!({"ok": 1}));
    let titles = page_invoke(&c, "letter_list", json!({"sort": "title"})).await;
    assert!(titles["ok"].as_array().unwrap().iter().any(|l| l["title"] == "x\u{FFFD}"), "{titles}");

    c.execute(
        "const body = document.getElementById('letter-body');
         body.value += ' Een halve \\uD83D hier.';
         body.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await
    .unwrap();
    eventually("the letter saved with the lone half mended", || async {
        let letter = page_invoke(&c, "letter_get", json!({ "id": id })).await;
        if letter["ok"]["body"] == "Eerst een gewone zin. Een halve \u{FFFD} hier." {
            Ok(())
        } else {
            Err(letter.to_string())
        }
    })
    .await;
    finish(c).await;
}
