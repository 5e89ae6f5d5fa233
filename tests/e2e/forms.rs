//! Guided forms in the real app, by keys: every form in Dutch and in English, one step at a
//! time, gives the letter its steps make (checked word for word in the composer, and saved); a
//! step that blames is marked by the tone check while she writes it; going back keeps what she
//! wrote.

use super::support::*;

/// Her words for a step: the blaming ones in the gentle start's feeling step.
fn words(lang: Lang, form: &str, step: &str) -> String {
    match (lang, form, step) {
        (Lang::Nl, "softened-start", "feeling") => "alleen, omdat jij nooit luistert".into(),
        (Lang::En, "softened-start", "feeling") => "alone, because you never listen".into(),
        _ => format!("{form} {step}."),
    }
}

async fn fill_every_form(c: &Client, lang: Lang) {
    let body = c.find(Locator::Css("body")).await.unwrap();
    for form in grot_lib::guide::forms(lang).unwrap() {
        body.send_keys("4").await.unwrap();
        click_when_there(c, "#view-letters:not([hidden]) #letter-form").await;
        click_when_there(c, &format!("#form-dialog[open] #form-list button[data-form='{}']", form.id)).await;
        let mut paragraphs = vec![form.greeting.clone()];
        for (i, step) in form.steps.iter().enumerate() {
            wait_text(c, "#form-prompt", &step.prompt).await;
            assert_eq!(text(c, "#form-why").await, step.why, "{} / {}: its one line of why", form.id, step.id);
            let start = step.start.clone().unwrap_or_default();
            assert_eq!(value(c, "#form-field").await, start);
            let field = c.find(Locator::Css("#form-field:focus")).await.expect("the step's field has the focus");
            let mine = words(lang, &form.id, &step.id);
            field.send_keys(&mine).await.unwrap();
            if mine.contains("nooit") || mine.contains("never") {
                let flagged = if lang == Lang::Nl { "jij nooit" } else { "you never" };
                wait_text(
                    c,
                    "#form-tone li .tone-text",
                    &format!("‘{flagged}’ {}", if lang == Lang::Nl { "kan als verwijt klinken." } else { "may read as blame." }),
                )
                .await;
                screenshot(c, &format!("form-tone-{}", lang.code())).await;
            }
            paragraphs.push(format!("{start}{mine}"));
            if i == 1 {
                // Back a step and forward again: nothing she wrote is lost.
                click_in_view(c, &c.find(Locator::Css("#form-back")).await.unwrap()).await;
                wait_text(c, "#form-prompt", &form.steps[0].prompt).await;
                assert_eq!(value(c, "#form-field").await, paragraphs[1]);
                c.find(Locator::Css("#form-field")).await.unwrap().send_keys(&format!("{}{}", Key::Control, Key::Enter)).await.unwrap();
                wait_text(c, "#form-prompt", &step.prompt).await;
                assert_eq!(value(c, "#form-field").await, paragraphs[2]);
            }
            c.find(Locator::Css("#form-field")).await.unwrap().send_keys(&format!("{}{}", Key::Control, Key::Enter)).await.unwrap();
        }
        paragraphs.push(form.closing.clone());
        let letter = paragraphs.join("\n\n") + "\n";
        c.wait().at_most(WAIT).for_element(Locator::Css("#view-composer:not([hidden]) #letter-body")).await.unwrap();
        assert_eq!(value(c, "#letter-body").await, letter, "{} ({lang:?})", form.id);
        assert!(c.find(Locator::Css("#form-dialog:not([open])")).await.is_ok());
        wait_text(c, "#save-state[data-state='saved']", if lang == Lang::Nl { "Opgeslagen" } else { "Saved" }).await;
        c.execute("document.activeElement.blur()", vec![]).await.unwrap();
    }
}

#[tokio::test]
async fn every_guided_form_in_both_languages_gives_its_letter_and_marks_a_blaming_step() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    fill_every_form(&c, Lang::Nl).await;
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("4").await.unwrap();
    click_when_there(&c, "#view-letters:not([hidden]) #letter-form").await;
    c.wait().at_most(WAIT).for_element(Locator::Css("#form-dialog[open] #form-list button")).await.unwrap();
    screenshot(&c, "forms-choose").await;
    c.find(Locator::Css("#form-choose [data-close]")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#form-dialog:not([open])")).await.unwrap();
    body.send_keys("l").await.unwrap();
    // English in the dark theme: its pictures looked at like the Dutch light ones.
    body.send_keys("d").await.unwrap();
    body.send_keys("d").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("html[lang='en']")).await.expect("in English");
    fill_every_form(&c, Lang::En).await;
    let listed = page_invoke(&c, "letter_list", json!({"sort": "updated"})).await;
    let count = grot_lib::guide::forms(Lang::Nl).unwrap().len() * 2;
    assert_eq!(listed["ok"].as_array().unwrap().len(), count, "one saved letter per form and language");
    finish(c).await;
}
