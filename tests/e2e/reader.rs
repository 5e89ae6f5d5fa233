//! The reader: contents, languages, search, the keyboard, tips and phrases, settings and bookmarks.

use super::support::*;

#[tokio::test]
async fn opens_on_the_reader_with_every_section_in_the_contents() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    let expected = titles(Lang::Nl);
    assert_eq!(texts(&c, "#toc-list a").await, expected);
    assert_eq!(text(&c, "#article h1").await, expected[0]);
    assert!(c.find(Locator::Css("#view-reader:not([hidden])")).await.is_ok(), "opens on the reader");
    assert_eq!(c.execute("return document.documentElement.lang", vec![]).await.unwrap(), json!("nl"));
    screenshot(&c, "reader-nl").await;
    finish(c).await;
}

#[tokio::test]
async fn switching_to_english_shows_the_english_text() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    // Open a later section first: the language switch must keep the reader where it was.
    c.find(Locator::Css("#toc-list a[data-section='the-cave']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#article h1", &titles(Lang::Nl)[1]).await;
    c.find(Locator::Css("#lang-toggle")).await.unwrap().click().await.unwrap();
    let en = titles(Lang::En);
    wait_text(&c, "#article h1", &en[1]).await;
    assert_eq!(texts(&c, "#toc-list a").await, en);
    let first = text(&c, "#article .section-body p").await;
    assert!(first.starts_with("Imagine that every man has an invisible cave"), "{first}");
    assert_eq!(text(&c, ".view-tab[data-view='reader']").await, "Read");
    screenshot(&c, "reader-en").await;
    finish(c).await;
}

#[tokio::test]
async fn search_for_grot_highlights_results_and_opens_one() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    let input = c.find(Locator::Css("#search-input")).await.unwrap();
    input.send_keys("grot").await.unwrap();
    press(&input, Key::Enter).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#search-results li mark")).await.unwrap();
    let results = c.find_all(Locator::Css("#search-results li")).await.unwrap();
    assert!(results.len() >= 3, "only {} results", results.len());
    for result in &results {
        let marks = result.find_all(Locator::Css("mark")).await.unwrap();
        assert!(!marks.is_empty(), "a result without a highlighted match");
        for mark in marks {
            assert!(mark.text().await.unwrap().to_lowercase().starts_with("grot"));
        }
    }
    screenshot(&c, "search").await;

    let pick = &results[2];
    let title = pick.find(Locator::Css(".result-title")).await.unwrap().text().await.unwrap();
    pick.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#article h1", title.trim()).await;
    assert!(c.find(Locator::Css("#view-search[hidden]")).await.is_ok(), "search view closes");
    c.wait().at_most(WAIT).for_element(Locator::Css("#article .flash")).await.expect("the matching paragraph is highlighted");
    assert_window_not_scrolled(&c).await;
    finish(c).await;
}

#[tokio::test]
async fn the_keyboard_alone_reaches_the_next_section() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let nl = titles(Lang::Nl);

    // Tab through the page, as a keyboard user would, until the "next" button has focus.
    let mut reached = false;
    for _ in 0..60 {
        let active = c.active_element().await.unwrap();
        if active.attr("id").await.unwrap().as_deref() == Some("next") {
            reached = true;
            press(&active, Key::Enter).await;
            break;
        }
        press(&active, Key::Tab).await;
    }
    assert!(reached, "Tab never reached the next-section button");
    wait_text(&c, "#article h1", &nl[1]).await;

    // The shortcut from the help overlay does the same.
    press(&c.active_element().await.unwrap(), Key::Escape).await;
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("n").await.unwrap();
    wait_text(&c, "#article h1", &nl[2]).await;
    body.send_keys("p").await.unwrap();
    wait_text(&c, "#article h1", &nl[1]).await;

    body.send_keys("?").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("dialog#help[open]")).await.unwrap();
    let listed = texts(&c, "#shortcut-list dd").await;
    assert!(listed.contains(&"Volgend deel".to_string()), "{listed:?}");
    screenshot(&c, "help").await;
    press(&c.active_element().await.unwrap(), Key::Escape).await;
    assert!(c.find(Locator::Css("dialog#help[open]")).await.is_err(), "Escape closes the help");
    assert_window_not_scrolled(&c).await;
    finish(c).await;
}

#[tokio::test]
async fn tips_phrases_and_dark_theme() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    // The reader remembers its section while other views are open.
    let remembered = &titles(Lang::Nl)[4];
    c.find(Locator::Css("#toc-list a[data-section='following-him']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#article h1", remembered).await;

    c.find(Locator::Css(".view-tab[data-view='tips']")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css(".card")).await.unwrap();
    assert_eq!(c.find_all(Locator::Css(".card-tips_you")).await.unwrap().len(), 7);
    assert_eq!(c.find_all(Locator::Css(".card-tips_him")).await.unwrap().len(), 5);
    assert!(!c.find_all(Locator::Css(".signs-unhealthy li")).await.unwrap().is_empty());
    // Nothing kept yet: no "saved" group, and nothing stray in its place.
    let loose: Value = c
        .execute("return [...document.getElementById('tips-content').childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent)", vec![])
        .await
        .unwrap();
    assert_eq!(loose, json!([]), "loose text in the tips view");
    screenshot(&c, "tips").await;

    c.find(Locator::Css(".view-tab[data-view='phrases']")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css(".phrase-item")).await.unwrap();
    let phrases = texts(&c, ".phrase-item blockquote").await;
    assert_eq!(phrases.len(), 10);
    assert!(!phrases.iter().any(|p| p.contains("Wat voel je")), "a question to avoid is offered");
    screenshot(&c, "phrases").await;

    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("1").await.unwrap();
    wait_text(&c, "#view-reader:not([hidden]) #article h1", remembered).await;
    let theme = || async { c.execute("return document.documentElement.dataset.theme", vec![]).await.unwrap() };
    let start = theme().await;
    body.send_keys("d").await.unwrap();
    body.send_keys("d").await.unwrap();
    assert_eq!(theme().await, json!("dark"), "system ({start}) → light → dark");
    body.send_keys("+").await.unwrap();
    let scale = c.execute("return getComputedStyle(document.documentElement).getPropertyValue('--text-scale')", vec![]).await.unwrap();
    assert_eq!(scale, json!("1.1"));
    screenshot(&c, "reader-dark").await;
    finish(c).await;
}

#[tokio::test]
async fn settings_place_and_bookmarks_survive_a_restart() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let body = c.find(Locator::Css("body")).await.unwrap();

    // Read a later section, keep it, switch to English and dark.
    c.find(Locator::Css("#toc-list a[data-section='coming-out']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#article h1", &titles(Lang::Nl)[6]).await;
    c.find(Locator::Css("#article .bookmark")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#toc-list a.kept[data-section='coming-out']")).await.unwrap();
    body.send_keys("2").await.unwrap();
    let keep = c.wait().at_most(WAIT).for_element(Locator::Css(".card[data-tip='what-you-can-do.7'] .bookmark")).await.unwrap();
    click_in_view(&c, &keep).await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#group-kept")).await.expect("a kept-tips group appears");
    body.send_keys("1").await.unwrap();
    body.send_keys("l").await.unwrap();
    wait_text(&c, "#article h1", &titles(Lang::En)[6]).await;
    body.send_keys("d").await.unwrap();
    body.send_keys("d").await.unwrap();
    tokio::time::sleep(Duration::from_millis(900)).await; // settings are stored half a second after a change

    let c = restart_and_unlock(&driver, c).await;
    wait_text(&c, "#article h1", &titles(Lang::En)[6]).await;
    assert_eq!(
        c.execute("return [document.documentElement.lang, document.documentElement.dataset.theme]", vec![]).await.unwrap(),
        json!(["en", "dark"])
    );
    assert!(c.find(Locator::Css("#toc-list a.kept[data-section='coming-out']")).await.is_ok(), "the kept section is still kept");
    c.find(Locator::Css("body")).await.unwrap().send_keys("2").await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("section[aria-labelledby='group-kept'] .card[data-tip='what-you-can-do.7']"))
        .await
        .expect("the kept tip is still kept");
    screenshot(&c, "tips-kept-en-dark").await;
    finish(c).await;
}
