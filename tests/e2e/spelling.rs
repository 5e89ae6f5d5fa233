//! Spell checking in the letters: WebKit's marks under misspelled words in the letter's own
//! language (Dutch, then English), none under words spelled right or with the check off; and no
//! word she wrote reaches a file outside the store ("Learn spelling" is taken out of the menu).

use super::support::*;

/// How many of the screenshot's pixels inside `rect` are the red of a spelling mark.
fn red_pixels(name: &str, rect: (i64, i64, i64, i64)) -> u64 {
    let png = Path::new(ROOT).join("target/screenshots").join(format!("{name}.png"));
    let (x, y, w, h) = rect;
    let out = Command::new("convert")
        .arg(&png)
        .args([
            "-crop",
            &format!("{w}x{h}+{x}+{y}"),
            "+repage",
            "-fx",
            "r - g > 0.15 && r - b > 0.15 ? 1 : 0",
            "-format",
            "%[fx:round(mean*w*h)]",
            "info:",
        ])
        .output()
        .expect("ImageMagick's convert");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("convert said {:?}", String::from_utf8_lossy(&out.stderr)))
}

/// Replaces the letter's text with `text` as typed, waits for the save and for WebKit's checker,
/// and answers the red pixels in the field.
async fn typed(c: &Client, text: &str, shot: &str) -> u64 {
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    c.execute("const b = document.getElementById('letter-body'); b.value = ''; b.focus();", vec![]).await.unwrap();
    body.send_keys(text).await.unwrap();
    wait_text(c, "#save-state[data-state='saved']", "Opgeslagen").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let rect = c.execute("const r = document.getElementById('letter-body').getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round)", vec![]).await.unwrap();
    screenshot(c, shot).await;
    red_pixels(shot, serde_json::from_value(rect).unwrap())
}

/// Which of `words` any file under `dir` holds, and where.
fn files_holding(dir: &Path, words: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files_under(dir) {
        for word in words {
            if bytes.windows(word.len()).any(|w| w == word.as_bytes()) {
                found.push(format!("{word} in {}", path.display()));
            }
        }
    }
    found
}

#[tokio::test]
async fn misspelled_words_are_marked_in_the_letters_language_and_kept_private() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Spelling", "Begin. ").await;
    assert_eq!(
        c.find(Locator::Css("#letter-lang")).await.unwrap().prop("value").await.unwrap().as_deref(),
        Some("nl"),
        "a letter starts in the app's language"
    );
    let wrong_nl = typed(&c, "Ik ben allleen thuis en ik mis jou heel errug. ", "spelling-nl-wrong").await;
    let right_nl = typed(&c, "Ik ben alleen thuis en ik mis jou heel erg. ", "spelling-nl-right").await;
    println!("    Dutch: {wrong_nl} red pixels under two misspellings, {right_nl} under none");
    assert!(wrong_nl > 20, "misspelled Dutch words are marked ({wrong_nl} red pixels)");
    assert_eq!(right_nl, 0, "a Dutch sentence spelled right has no marks");

    // Right-click the misspelled word: WebKit's menu, without "Learn spelling"; then away.
    typed(&c, "allleen ", "spelling-menu-word").await;
    let window = wait_for_window("Grot");
    let at = c
        .execute(
            "const r = document.getElementById('letter-body').getBoundingClientRect(); return [Math.round(r.x + 30), Math.round(r.y + 20)]",
            vec![],
        )
        .await
        .unwrap();
    let (x, y): (i64, i64) = serde_json::from_value(at).unwrap();
    let xdotool = |args: &[&str]| assert!(on_display("xdotool").args(args).status().unwrap().success(), "xdotool {args:?}");
    xdotool(&["mousemove", "--window", &window, &x.to_string(), &y.to_string(), "click", "3"]);
    tokio::time::sleep(Duration::from_millis(800)).await;
    let _ = on_display("import").args(["-window", "root"]).arg(Path::new(ROOT).join("target/screenshots/spelling-menu.png")).status();
    xdotool(&["key", "Escape"]);

    // An English letter: English words first.
    c.find(Locator::Css("#letter-lang")).await.unwrap().select_by_value("en").await.unwrap();
    let wrong_en = typed(&c, "I am allone at home and I miss you verry much. ", "spelling-en-wrong").await;
    let right_en = typed(&c, "I am alone at home and I miss you very much. ", "spelling-en-right").await;
    println!("    English: {wrong_en} red pixels under two misspellings, {right_en} under none");
    assert!(wrong_en > 20 && right_en == 0, "English: {wrong_en} marked, {right_en} when right");
    let list = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    let id = list["ok"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(page_invoke(&c, "letter_get", json!({ "id": id })).await["ok"]["lang"], "en", "the letter keeps its language");

    // The check off: nothing is marked.
    c.find(Locator::Css("body")).await.unwrap().send_keys(",").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#settings[open] #set-spell")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#spell-hint", "De spelling wordt niet gecontroleerd.").await;
    c.execute("document.getElementById('settings').close()", vec![]).await.unwrap();
    let off = typed(&c, "I am allone at home, spelled wrongg. ", "spelling-off").await;
    assert_eq!(off, 0, "with the check off, nothing is marked");

    // No word she wrote is in any file of the desktop's folders (enchant's word lists live there).
    let xdg = driver._data.path();
    let leaked = files_holding(xdg, &["allleen", "errug", "allone", "verry", "wrongg"]);
    assert!(leaked.is_empty(), "her words reached files outside the store: {leaked:?}");
    finish(c).await;
}

/// The context menu's filter, on a real WebKit menu: "Learn spelling" goes, the rest stays.
#[test]
fn learn_spelling_is_taken_out_of_the_context_menu() {
    use webkit2gtk::{ContextMenu, ContextMenuAction as A, ContextMenuExt, ContextMenuItem, ContextMenuItemExt};
    gtk::init().expect("GTK needs a display: run the tests through scripts/test (Xvfb)");
    let menu = ContextMenu::new();
    for action in [A::SpellingGuess, A::IgnoreSpelling, A::LearnSpelling, A::Cut, A::Copy, A::Paste] {
        menu.append(&ContextMenuItem::from_stock_action(action));
    }
    grot_lib::desktop::without_learn_spelling(&menu);
    let left: Vec<A> = menu.items().iter().map(|item| item.stock_action()).collect();
    assert_eq!(left, [A::SpellingGuess, A::IgnoreSpelling, A::Cut, A::Copy, A::Paste]);
}
