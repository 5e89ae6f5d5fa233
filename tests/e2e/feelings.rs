//! How she felt, over time: feelings noted on two letters a month apart (the app's clock moved
//! by faketime), how it went after a hand-over, and the page that looks back, as a chart and as
//! the same figures in a table.

use super::support::*;

async fn open_feelings(c: &Client) {
    let details = c.wait().at_most(WAIT).for_element(Locator::Css("#composer-feelings:not([hidden]) summary")).await.unwrap();
    if c.find(Locator::Css("#composer-feelings[open]")).await.is_err() {
        details.click().await.unwrap();
    }
}

async fn note(c: &Client, feelings: &[&str]) {
    open_feelings(c).await;
    for f in feelings {
        let chip = c.find(Locator::Css(&format!("#feeling-list button[data-feeling='{f}']"))).await.unwrap();
        click_in_view(c, &chip).await;
        c.wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!("#feeling-list button[data-feeling='{f}'][aria-pressed='true']")))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn her_feelings_and_how_it_went_come_back_by_month_as_a_chart_and_a_table() {
    let clock_dir = tempfile::tempdir().unwrap();
    let clock = clock_dir.path().join("offset");
    let driver = start_driver_with_app_clock(&clock);
    let c = open_unlocked(&driver).await;

    write_letter(&c, "Voor Sam", "Sam, ik mis je als je stil wordt.").await;
    note(&c, &["sad", "lonely"]).await;
    assert!(c.find(Locator::Css("#outcome[hidden]")).await.is_ok(), "how it went waits for a hand-over");
    hand_over(&c).await;
    give_back(&c).await;
    open_feelings(&c).await;
    let closer = c.wait().at_most(WAIT).for_element(Locator::Css("#outcome:not([hidden]) input[value='closer']")).await.unwrap();
    click_in_view(&c, &closer).await;
    screenshot(&c, "feelings").await;
    eventually("her feelings and how it went to be stored", || async {
        let letter = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
        let id = letter["ok"][0]["id"].clone();
        let got = page_invoke(&c, "letter_get", json!({"id": id})).await["ok"].clone();
        same((got["feelings"].clone(), got["outcome"].clone()), &(json!(["sad", "lonely"]), json!("closer")))
    })
    .await;

    // Forty days on, another letter, lighter.
    set_app_clock(&c, &clock, 40).await;
    write_letter(&c, "Dank je", "Dank je dat je terugkwam.").await;
    note(&c, &["grateful", "hopeful", "loved"]).await;

    // Looking back: two months, as bars and as a table.
    c.find(Locator::Css("#composer-back")).await.unwrap().click().await.unwrap();
    click_when_there(&c, "#view-letters:not([hidden]) #letters-moods").await;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#view-moods:not([hidden]) #moods-title:focus"))
        .await
        .expect("the page, its title focused");
    let rows = eventually("two months in the table", || async {
        let rows = texts(&c, "#moods-rows tr").await;
        if rows.len() == 2 {
            Ok(rows)
        } else {
            Err(format!("{rows:?}"))
        }
    })
    .await;
    assert!(
        rows[0].contains("verdrietig: 1") && rows[0].contains("alleen: 1") && rows[0].contains("We kwamen dichter bij elkaar: 1"),
        "{rows:?}"
    );
    assert!(rows[1].contains("dankbaar: 1") && rows[1].contains("geliefd: 1"), "{rows:?}");
    let cells = texts(&c, "#moods-rows tr:first-child td").await;
    assert_eq!(&cells[..2], ["2", "0"], "heavy and light, counted");
    let bars = c.find_all(Locator::Css("#moods-chart svg rect.bar")).await.unwrap().len();
    assert_eq!(bars, 4, "two bars a month");
    let hidden = c.find(Locator::Css("#moods-chart")).await.unwrap().attr("aria-hidden").await.unwrap();
    assert_eq!(hidden.as_deref(), Some("true"), "the table is what a screen reader reads");
    screenshot(&c, "moods-light").await;
    c.execute("document.activeElement.blur()", vec![]).await.unwrap();
    c.find(Locator::Css("body")).await.unwrap().send_keys("d").await.unwrap();
    c.find(Locator::Css("body")).await.unwrap().send_keys("d").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("html[data-theme='dark']")).await.unwrap();
    screenshot(&c, "moods-dark").await;
    finish(c).await;
}
