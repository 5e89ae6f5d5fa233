//! Typing in the composer, through WebDriver key actions, one key at a time: how long the app's
//! own `input` handlers take per keystroke (between a capturing and a bubbling listener on
//! `window`), and keystroke to painted frame (from `keydown` to the message after the next
//! animation frame), against a bare `<textarea>` holding the same text in the same page, typed
//! the same way, the two in turns. For a 2 KB and a 500 KB letter, each with a sentence the tone
//! check marks in every 4.5 KB.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::stats::p99;

/// Keys typed into each field of a 2 KB letter (a sixth of that at 500 KB, where WebKit takes
/// about a second to paint each key), in turns of a sixth: a slow stretch of the machine falls on
/// both fields alike, and p99 rests on more than the few slowest keys.
const KEYS: usize = 600;
const TURNS: usize = 6;
/// Between keystrokes: a person typing fast, and time for the frame to be painted.
const BETWEEN: Duration = Duration::from_millis(40);

#[derive(Clone, Copy, Debug)]
pub struct Typing {
    pub letter_kib: usize,
    pub handler_p99_ms: f64,
    pub frame_p99_ms: f64,
    /// The same capture-to-bubble interval on the bare field, which has no handlers of the
    /// app's: what the page and the machine cost without them (the noise floor).
    pub bare_handler_p99_ms: f64,
    pub bare_frame_p99_ms: f64,
}

/// The listeners that take the times, once per page; `window.__typing.target` says which field.
const LISTEN: &str = "
  if (!window.__typing) {
    const t = window.__typing = { target: null, handler: [], frame: [], t0: 0 };
    window.addEventListener('input', (e) => { if (e.target.id === t.target) t.t0 = performance.now(); }, { capture: true });
    window.addEventListener('input', (e) => { if (e.target.id === t.target) t.handler.push(performance.now() - t.t0); });
    window.addEventListener('keydown', (e) => {
      if (e.target.id !== t.target) return;
      const start = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => t.frame.push(performance.now() - start);
        channel.port2.postMessage(0);
      });
    }, { capture: true });
  }";

fn letter(kib: usize) -> String {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < kib * 1024 {
        n += 1;
        text.push_str(if n % 60 == 0 { "Jij luistert nooit naar mij. " } else { "Ik schrijf je dit omdat ik wil dat we weer praten. " });
    }
    text
}

/// Opens a new letter in the composer and measures typing into it at 2 KB and at 500 KB.
pub async fn measure(c: &Client) -> [Typing; 2] {
    c.execute(LISTEN, vec![]).await.unwrap();
    c.find(Locator::Css("body")).await.unwrap().send_keys("4").await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#view-letters:not([hidden]) #letter-new"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#letter-title:focus"))
        .await
        .unwrap()
        .send_keys("Meting")
        .await
        .unwrap();
    [at_size(c, 2).await, at_size(c, 500).await]
}

async fn at_size(c: &Client, kib: usize) -> Typing {
    // The letter: its text set at once, saved and tone-checked before the typing starts.
    c.execute(
        "const [text] = arguments; const body = document.getElementById('letter-body');
         body.value = text; body.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(letter(kib))],
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (mut handler, mut frame, mut bare, mut bare_handler) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let keys = if kib <= 2 { KEYS } else { KEYS / 6 };
    let mut slowest = Vec::new();
    for turn in 0..TURNS {
        let (h, f) = type_into(c, "letter-body", keys / TURNS).await;
        slowest.extend(h.iter().enumerate().map(|(key, ms)| (*ms, turn, key)));
        handler.extend(h);
        frame.extend(f);
        // Leaving the letter's field saves it unless the autosave already has: let it settle, or
        // the save on leaving (the whole letter read, sent and tone-checked) lands in the bare
        // field's keystrokes.
        settle(c).await;
        // The bare field in the letter's place, with the same text and class, the letter's field
        // out of the way: the page holds one such field in either turn.
        c.execute(
            "const body = document.getElementById('letter-body');
             const bare = document.createElement('textarea');
             bare.id = 'bench-bare'; bare.className = body.className; bare.value = body.value;
             body.after(bare); body.hidden = true;",
            vec![],
        )
        .await
        .unwrap();
        tokio::time::sleep(Duration::from_secs(1)).await;
        let (h, f) = type_into(c, "bench-bare", keys / TURNS).await;
        bare_handler.extend(h);
        bare.extend(f);
        c.execute("document.getElementById('bench-bare').remove(); document.getElementById('letter-body').hidden = false;", vec![])
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    // Where the slowest handler times fall (which key of which turn), to tell a pattern from noise.
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    let told: Vec<String> = slowest.iter().take(5).map(|(ms, turn, key)| format!("{ms:.0} ms (turn {turn}, key {key})")).collect();
    eprintln!("bench: typing {kib} KB, the letter's slowest handler times: {}", told.join(", "));
    Typing {
        letter_kib: kib,
        handler_p99_ms: p99(handler),
        frame_p99_ms: p99(frame),
        bare_handler_p99_ms: p99(bare_handler),
        bare_frame_p99_ms: p99(bare),
    }
}

/// Waits until the letter is saved and the page has been idle a moment.
async fn settle(c: &Client) {
    c.wait().at_most(Duration::from_secs(60)).for_element(Locator::Css("#save-state[data-state='saved']")).await.unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Types `keys` letters at the end of field `id`; answers the handler and frame times.
async fn type_into(c: &Client, id: &str, keys: usize) -> (Vec<f64>, Vec<f64>) {
    c.execute(
        "const [id] = arguments; const field = document.getElementById(id);
         field.focus(); field.setSelectionRange(field.value.length, field.value.length);
         Object.assign(window.__typing, { target: id, handler: [], frame: [] });",
        vec![json!(id)],
    )
    .await
    .unwrap();
    let field = c.find(Locator::Id(id)).await.unwrap();
    for n in 0..keys {
        let key = if n % 6 == 5 { " " } else { "e" };
        field.send_keys(key).await.unwrap();
        tokio::time::sleep(BETWEEN).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let times = c.execute("const t = window.__typing; t.target = null; return [t.handler, t.frame];", vec![]).await.unwrap();
    let list = |i: usize| times[i].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect::<Vec<_>>();
    (list(0), list(1))
}
