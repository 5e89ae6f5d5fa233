//! "Take all letters", as a person would: her passphrase, the folder picked in the real folder
//! dialog, the files checked; then a new vault on another laptop (another data folder), the
//! folder brought back, and the letters, their search and his answer the same.

use super::support::*;

async fn open_settings(c: &Client) {
    c.execute("document.activeElement.blur()", vec![]).await.unwrap();
    click_when_there(c, "#settings-button").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#settings[open]")).await.unwrap();
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
        if said.starts_with("2 brieven staan nu in de map") {
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
    let field = c2.find(Locator::Css("#takeout-pass")).await.unwrap();
    click_in_view(&c2, &field).await;
    field.send_keys(PASS).await.unwrap();
    click_in_view(&c2, &c2.find(Locator::Css("#takeout-back")).await.unwrap()).await;
    let back = folder.clone();
    off_thread(move || choose_folder_in_chooser("Uit welke map wil je brieven terugzetten?", &back)).await;
    wait_text(&c2, "#takeout-status", "2 brieven teruggezet; 0 waren er al.").await;
    assert_eq!(listed(&page_invoke(&c2, "letter_list", json!({"sort": "title"})).await), before, "the same letters");
    let found = page_invoke(&c2, "letter_search", json!({"query": "klaar"})).await;
    assert_eq!(found["ok"].as_array().unwrap().len(), 1);
    assert_eq!(page_invoke(&c2, "letter_thread", json!({"id": sam_id})).await["ok"]["answers"][0]["body"], answer, "his answer too");
    finish(c2).await;
    finish(c).await;
}
