//! Writing: focus mode hides everything but the letter, keeps the caret's line at a steady
//! height while she types, in light and dark and at every text size; Esc brings the rest back.

use super::support::*;

/// Every control a person could see or reach now, by id (or tag).
async fn visible_controls(c: &Client) -> Vec<String> {
    let seen = c
        .execute(
            "return [...document.querySelectorAll('button, input, select, textarea, a[href], summary')]
               .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden' && !e.closest('dialog:not([open]), [hidden]'))
               .map((e) => e.id || e.tagName.toLowerCase())",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(seen).unwrap()
}

/// Where the caret's line is, as a share of the field's visible height (the same copy-of-the-
/// text measure focus mode uses, done here independently).
async fn caret_at(c: &Client) -> f64 {
    let at = c
        .execute(
            "const body = document.getElementById('letter-body');
             const style = getComputedStyle(body);
             const m = document.createElement('div');
             for (const n of ['font', 'lineHeight', 'paddingLeft', 'paddingRight', 'paddingTop', 'boxSizing']) m.style[n] = style[n];
             Object.assign(m.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'pre-wrap', overflowWrap: 'break-word', width: body.clientWidth + 'px' });
             m.textContent = body.value.slice(0, body.selectionEnd);
             const s = document.createElement('span'); s.textContent = '\\u200b'; m.append(s);
             document.body.append(m); const top = s.offsetTop; m.remove();
             return (top - body.scrollTop) / body.clientHeight;",
            vec![],
        )
        .await
        .unwrap();
    at.as_f64().unwrap()
}

#[tokio::test]
async fn focus_mode_shows_only_the_letter_and_keeps_the_caret_steady() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    write_letter(&c, "Rustig", "Een eerste regel.").await;
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    assert!(visible_controls(&c).await.len() > 10, "the chrome is there before");
    body.send_keys(&format!("{}e", Key::Control)).await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("html[data-focus='true']")).await.expect("focus mode");
    assert_eq!(visible_controls(&c).await, ["letter-body"], "no control but the text");

    // Typing line after line at the end: the caret's line stays where it is.
    let mut heights = Vec::new();
    for n in 0..30 {
        body.send_keys(&format!("{}Regel {n} van een brief die langer wordt dan het scherm.", Key::Enter)).await.unwrap();
        if n >= 20 {
            heights.push(caret_at(&c).await);
        }
    }
    println!("    the caret's line, as a share of the field's height, over the last ten lines: {heights:.3?}");
    let (low, high) = heights.iter().fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
    assert!(high - low < 0.03 && (0.38..0.52).contains(&low), "steady near 45%: {heights:?}");
    // A new paragraph: it alone is bright, from the caret's line; its second line moves its top
    // up by one line.
    let lit = || async {
        let v = c
            .execute(
                "const b = document.getElementById('letter-body'); const s = getComputedStyle(b);
                 return [parseFloat(s.getPropertyValue('--lit-top')), parseFloat(s.getPropertyValue('--lit-bottom')), b.clientHeight * 0.45, parseFloat(s.lineHeight)]",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value::<[f64; 4]>(v).unwrap()
    };
    body.send_keys(&format!("{}{}Een nieuwe alinea.", Key::Enter, Key::Enter)).await.unwrap();
    let [top, bottom, caret, line] = lit().await;
    assert!(
        (top - caret).abs() < 2.0 && (bottom - caret - line).abs() < 2.0,
        "the new paragraph alone: {top} {bottom} (caret line {caret}, line {line})"
    );
    body.send_keys(&format!("{}Nog een regel.", Key::Enter)).await.unwrap();
    let [top, bottom, caret, line] = lit().await;
    assert!((top - (caret - line)).abs() < 2.0 && (bottom - caret - line).abs() < 2.0, "two lines lit: {top} {bottom}");
    screenshot(&c, "focus-light").await;
    for key in ["d", "d", "+", "+", "+", "+", "+"] {
        // Shortcuts work from the page, not from inside the text.
        c.execute("document.activeElement.blur()", vec![]).await.unwrap();
        c.find(Locator::Css("body")).await.unwrap().send_keys(key).await.unwrap();
    }
    assert_eq!(visible_controls(&c).await, ["letter-body"], "dark, largest text: still nothing but the letter");
    c.execute("document.getElementById('letter-body').focus()", vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let back = caret_at(&c).await;
    assert!((0.40..0.50).contains(&back), "back in the text, the caret's line is in its place: {back}");
    screenshot(&c, "focus-dark-large").await;

    c.find(Locator::Css("body")).await.unwrap().send_keys(&Key::Escape.to_string()).await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("html:not([data-focus]) #composer-back")).await.expect("Esc brings the rest back");
    assert!(visible_controls(&c).await.len() > 10);
    finish(c).await;
}
