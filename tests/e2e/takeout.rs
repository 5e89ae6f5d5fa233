//! "Take all letters" and bringing letters in, as a person would: her passphrase, the folder or
//! file picked in the real GTK dialog, the files checked; a new vault on another laptop (another
//! data folder), the folder brought back after she saw what it holds, and the letters, their
//! search and his answer the same; in discreet mode, a zip that stays out of recent files; and
//! Mini Diarium's and Day One's exports, built here from their documented shapes, brought in.

use super::support::*;

async fn open_settings(c: &Client) {
    c.execute("document.activeElement.blur()", vec![]).await.unwrap();
    click_when_there(c, "#settings-button").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#settings[open]")).await.unwrap();
}

const IMPORT_DIALOG: &str = "Welke brieven wil je binnenhalen?";

/// Picks `source`, types her passphrase, and answers the dialog that opens with `pick`.
async fn look_at(c: &Client, source: &str, pick: impl FnOnce() + Send + 'static) {
    click_in_view(c, &c.find(Locator::Css(&format!("input[name=bring-source][value={source}]"))).await.unwrap()).await;
    let field = c.find(Locator::Css("#bring-pass")).await.unwrap();
    click_in_view(c, &field).await;
    field.send_keys(PASS).await.unwrap();
    press(&field, Key::Enter).await;
    off_thread(pick).await;
}

/// The titles the preview shows, in order.
async fn titles_shown(c: &Client) -> Vec<String> {
    c.wait().at_most(WAIT).for_element(Locator::Css("#bring-preview:not([hidden]) #bring-titles li")).await.unwrap();
    let shown = c.execute("return [...document.querySelectorAll('#bring-titles li')].map((li) => li.textContent)", vec![]).await.unwrap();
    shown.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect()
}

fn listed(letters: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = letters["ok"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["title"].as_str().unwrap().to_string(), l["id"].as_str().unwrap().to_string()))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn every_letter_out_into_a_folder_and_back_into_a_new_vault_the_same() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Voor Sam", "Lieve Sam, ik wacht tot je er klaar voor bent.").await;
    hand_over(&c).await;
    c.find(Locator::Css("#answer-starters button[data-starter='back']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#answer-state[data-state='saved']", "Opgeslagen").await;
    give_back(&c).await;
    write_letter(&c, "Voor mezelf", "Alleen wat ik denk, met een café en een 🙂.").await;

    // Out: her passphrase, then the folder, picked in the dialog.
    open_settings(&c).await;
    let field = c.find(Locator::Css("#takeout-pass")).await.unwrap();
    click_in_view(&c, &field).await;
    field.send_keys(PASS).await.unwrap();
    assert!(text(&c, "#takeout-warning").await.contains("niet versleuteld"));
    screenshot(&c, "takeout").await;
    press(&field, Key::Enter).await;
    let out = tempfile::tempdir().unwrap();
    let chosen = out.path().to_path_buf();
    off_thread(move || choose_folder_in_chooser("Waar moeten je brieven heen?", &chosen)).await;
    let said = eventually("the status to say where the letters went", || async {
        let said = text(&c, "#takeout-status").await;
        if said.starts_with("2 brieven staan nu in ‘") {
            Ok(said)
        } else {
            Err(said)
        }
    })
    .await;
    let folder = std::fs::read_dir(out.path()).unwrap().next().unwrap().unwrap().path();
    assert!(said.contains(&*folder.file_name().unwrap().to_string_lossy()), "{said}");
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    assert_eq!(names, ["0001 Voor Sam.md", "0002 Voor mezelf.md", "index.md"]);
    let sam = std::fs::read_to_string(folder.join("0001 Voor Sam.md")).unwrap();
    assert!(
        sam.starts_with("---\ngrot_letter: 1\n") && sam.contains("\n---\n\nLieve Sam, ik wacht") && sam.contains("\n\n## Antwoord "),
        "{sam}"
    );
    assert!(std::fs::read_to_string(folder.join("index.md")).unwrap().contains("[Voor mezelf](0002%20Voor%20mezelf.md)"));
    let before = listed(&page_invoke(&c, "letter_list", json!({"sort": "title"})).await);
    let sam_id = before.iter().find(|(t, _)| t == "Voor Sam").unwrap().1.clone();
    let answer = page_invoke(&c, "letter_thread", json!({"id": sam_id})).await["ok"]["answers"][0]["body"].clone();

    // Another laptop: a new vault, and the folder brought back.
    let other = start_driver();
    let c2 = open_unlocked(&other).await;
    open_settings(&c2).await;
    let back = folder.clone();
    look_at(&c2, "grot_folder", move || choose_folder_in_chooser(IMPORT_DIALOG, &back)).await;
    let summary = wait_filled(&c2, "#bring-summary").await;
    assert!(summary.starts_with("Hierin staan 2 brieven, geschreven van "), "{summary}");
    assert_eq!(titles_shown(&c2).await, ["Voor Sam", "Voor mezelf"]);
    assert!(page_invoke(&c2, "letter_list", json!({"sort": "title"})).await["ok"].as_array().unwrap().is_empty(), "nothing before her yes");
    screenshot(&c2, "import-preview").await;
    click_in_view(&c2, &c2.find(Locator::Css("#bring-yes")).await.unwrap()).await;
    wait_text(&c2, "#bring-status", "2 brieven binnengehaald; 0 had je al.").await;
    assert_eq!(listed(&page_invoke(&c2, "letter_list", json!({"sort": "title"})).await), before, "the same letters");
    let found = page_invoke(&c2, "letter_search", json!({"query": "klaar"})).await;
    assert_eq!(found["ok"].as_array().unwrap().len(), 1);
    assert_eq!(page_invoke(&c2, "letter_thread", json!({"id": sam_id})).await["ok"]["answers"][0]["body"], answer, "his answer too");
    finish(c2).await;
    finish(c).await;
}

#[tokio::test]
async fn a_zip_out_in_discreet_mode_leaves_no_trace_and_other_apps_exports_come_in() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Stil", "Niemand hoeft te zien dat dit bestaat.").await;
    open_settings(&c).await;
    click_in_view(&c, &c.find(Locator::Css("#set-discreet")).await.unwrap()).await;

    // Out as one zip, named in the save dialog.
    click_in_view(&c, &c.find(Locator::Css("input[name=takeout-to][value=zip]")).await.unwrap()).await;
    let field = c.find(Locator::Css("#takeout-pass")).await.unwrap();
    click_in_view(&c, &field).await;
    field.send_keys(PASS).await.unwrap();
    press(&field, Key::Enter).await;
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("brieven.zip");
    let target = zip.clone();
    off_thread(move || save_in_file_chooser("Waar moeten je brieven heen?", &target)).await;
    wait_text(&c, "#takeout-status", "Eén brief staat nu in ‘brieven.zip’.").await;
    let beside: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(beside, ["brieven.zip"], "nothing temporary left beside it");
    let bytes = std::fs::read(&zip).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip");
    wait_for_recent(&driver, &zip, false).await;

    // Mini Diarium's JSON export, as its documentation and code shape it.
    let mini = out.path().join("mini-diarium.json");
    std::fs::write(
        &mini,
        r#"{"metadata": {"application": "Mini Diarium", "version": "0.4.15", "exportedAt": "2026-01-02T10:00:00+00:00"},
            "entries": [
              {"id": 1, "date": "2024-01-15", "title": "Na de ruzie", "text": "<p>Ik was <strong>boos</strong>, nu niet meer.</p>", "dateUpdated": "2024-01-16T08:00:00Z", "tags": []},
              {"id": 2, "date": "2024-03-01", "title": "Lente", "text": "<p>Het wordt lichter.</p>", "dateUpdated": "2024-03-01T20:00:00Z", "tags": []}
            ]}"#,
    )
    .unwrap();
    let pick = mini.clone();
    look_at(&c, "mini_diarium_json", move || open_in_file_chooser(IMPORT_DIALOG, &pick)).await;
    let summary = wait_filled(&c, "#bring-summary").await;
    assert_eq!(summary, "Hierin staan 2 brieven, geschreven van 15 januari 2024 tot 1 maart 2024.");
    assert_eq!(titles_shown(&c).await, ["Na de ruzie", "Lente"]);
    screenshot(&c, "import-mini-diarium").await;
    click_in_view(&c, &c.find(Locator::Css("#bring-yes")).await.unwrap()).await;
    wait_text(&c, "#bring-status", "2 brieven binnengehaald; 0 had je al.").await;
    assert_eq!(page_invoke(&c, "letter_search", json!({"query": "boos"})).await["ok"].as_array().unwrap().len(), 1);
    // Undone as a whole: both to the trash, where she can take them back.
    click_in_view(&c, &c.find(Locator::Css("#bring-undo")).await.unwrap()).await;
    wait_text(&c, "#bring-status", "2 binnengehaalde brieven staan nu in de prullenbak. Daar kun je ze terughalen als je wilt.").await;
    let trash = page_invoke(&c, "letter_trash", json!({})).await;
    let mut trashed: Vec<&str> = trash["ok"].as_array().unwrap().iter().map(|l| l["title"].as_str().unwrap()).collect();
    trashed.sort();
    assert_eq!(trashed, ["Lente", "Na de ruzie"], "{trash}");
    assert!(page_invoke(&c, "letter_search", json!({"query": "boos"})).await["ok"].as_array().unwrap().is_empty());

    // Day One's export: its zip, with a journal, a photo-only entry and a photo.
    let day_one = out.path().join("Day One.zip");
    {
        use std::io::Write as _;
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&day_one).unwrap());
        writer.start_file("Journal.json", zip::write::SimpleFileOptions::default()).unwrap();
        writer
            .write_all(
                br##"{"metadata": {"version": "1.0"}, "entries": [
                  {"uuid": "A1", "creationDate": "2023-06-01T07:30:00Z", "modifiedDate": "2023-06-02T07:30:00Z", "text": "# Aan zee\n\nWe liepen naar zee\\. Hij lachte\\.", "tags": []},
                  {"uuid": "A2", "creationDate": "2023-08-01T07:30:00Z", "photos": [{"md5": "ab"}]}]}"##,
            )
            .unwrap();
        writer.start_file("photos/ab.jpeg", zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(b"\xff\xd8").unwrap();
        writer.finish().unwrap();
    }
    let pick = day_one.clone();
    look_at(&c, "day_one", move || open_in_file_chooser(IMPORT_DIALOG, &pick)).await;
    let summary = wait_filled(&c, "#bring-summary").await;
    assert_eq!(summary, "Hierin staat één brief, van 1 juni 2023. Weggelaten omdat er geen tekst in staat: 1.");
    assert_eq!(titles_shown(&c).await, ["Aan zee"]);
    click_in_view(&c, &c.find(Locator::Css("#bring-yes")).await.unwrap()).await;
    wait_text(&c, "#bring-status", "Eén brief binnengehaald; 0 had je al.").await;
    let found = page_invoke(&c, "letter_search", json!({"query": "lachte"})).await;
    assert_eq!(found["ok"].as_array().unwrap().len(), 1, "{found}");

    // The same Day One export again: she sees it is here already, and says no.
    let pick = day_one.clone();
    look_at(&c, "day_one", move || open_in_file_chooser(IMPORT_DIALOG, &pick)).await;
    let summary = wait_filled(&c, "#bring-summary").await;
    assert!(summary.contains("1 daarvan heb je al; die worden overgeslagen."), "{summary}");
    click_in_view(&c, &c.find(Locator::Css("#bring-no")).await.unwrap()).await;
    wait_text(&c, "#bring-status", "Er is niets binnengehaald.").await;
    assert_eq!(std::fs::read(&zip).unwrap(), bytes, "what she picked is only read");
    for picked in [&mini, &day_one] {
        wait_for_recent(&driver, picked, false).await;
    }
    finish(c).await;
}
