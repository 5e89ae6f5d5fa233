//! Exports: nothing written once locked; a PDF that reads back.

use super::support::*;

#[tokio::test]
async fn an_export_dialog_left_open_writes_nothing_once_locked() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Open dialoog", "Dit mag na het slot nergens terechtkomen.").await;
    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#export-form button[type=submit]")).await.unwrap().click().await.unwrap();
    // The save dialog is open; meanwhile the app locks (as the idle lock would).
    off_thread(|| wait_for_window("Brief exporteren")).await;
    c.execute("window.__TAURI__.core.invoke('session_lock'); return true", vec![]).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("open-dialoog.pdf");
    let target = path.clone();
    off_thread(move || save_in_file_chooser("Brief exporteren", &target)).await;
    wait_text(&c, "#export-form .gate-error", "De app is vergrendeld.").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!path.exists(), "the letter was written after the lock");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing at all was written");
    finish(c).await;
}

#[tokio::test]
async fn a_letter_exported_as_pdf_reads_back_with_its_diacritics() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let body = "Lieve Sam, het café op de hoek en de reeën in het bos. Naïef, maar geëerd. <b>Geen opmaak</b>.";
    write_letter(&c, "Één brief", body).await;

    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("dialog#export-dialog[open] input[value=pdf]:checked"))
        .await
        .expect("PDF is the first choice");
    c.find(Locator::Css("#export-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("brief.pdf");
    let target = path.clone();
    off_thread(move || save_in_file_chooser("Brief exporteren", &target)).await;
    wait_text(&c, "#toast", "Opgeslagen als brief.pdf.").await;

    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is needed: apt-get install poppler-utils (scripts/setup-system --test)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Één brief"), "{text}");
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>().join(" ");
    assert!(words(&text).contains(&words(body)), "the letter, diacritics intact:\n{text}");
    // Outside discreet mode the desktop's chooser records the file as recent, like any other
    // app's; the discreet-mode test shows it gone there.
    wait_for_recent(&driver, &path, true).await;
    finish(c).await;
}
