//! What she copies out of a letter does not outlive the lock: the clipboard and the X11 primary
//! selection are emptied at the lock when what they hold came from Grot, and left alone when it
//! came from another program. Read with `xclip`, as anyone at the laptop could after the lock.

use super::support::*;

/// What `selection` holds now ("" when nothing or no text).
fn selection(name: &str) -> String {
    let out = on_display(webdriver::find_program("xclip", "apt-get install xclip", "--test"))
        .args(["-o", "-selection", name])
        .stderr(Stdio::null())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Another program owns the clipboard with `text` (xclip serves it until the selection is taken).
fn copied_elsewhere(text: &str) -> Child {
    let mut xclip = on_display("xclip").args(["-i", "-selection", "clipboard", "-loops", "0"]).stdin(Stdio::piped()).spawn().unwrap();
    use std::io::Write as _;
    xclip.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    xclip
}

async fn lock_and_unlock(c: &Client) {
    c.find(Locator::Css("body")).await.unwrap().send_keys(&(Key::Control + "l")).await.unwrap();
    let pass = wait_reloaded(c, LOCKED).await;
    pass.send_keys(PASS).await.unwrap();
    press(&pass, Key::Enter).await;
    wait_unlocked(c).await;
}

#[tokio::test]
async fn what_she_copied_from_a_letter_is_gone_from_the_clipboard_at_the_lock() {
    let driver = start_driver();
    let (c, _) = first_run(&driver).await;
    let text = "Dit kopieer ik even, niemand hoeft het later te plakken.";
    write_letter(&c, "Gekopieerd", text).await;
    let body = c.find(Locator::Css("#letter-body")).await.unwrap();
    c.execute("const t = document.getElementById('letter-body'); t.focus(); t.select(); return true", vec![]).await.unwrap();
    body.send_keys(&(Key::Control + "c")).await.unwrap();
    eventually("the copy to reach the clipboard", || async { same(selection("clipboard"), text) }).await;
    let primary = selection("primary");
    lock_and_unlock(&c).await;
    assert_eq!(selection("clipboard"), "", "her words outlived the lock in the clipboard");
    if primary.contains("kopieer") {
        assert_eq!(selection("primary"), "", "her words outlived the lock in the primary selection");
    }

    // Copied in another program: not Grot's to empty.
    let mut elsewhere = copied_elsewhere("boodschappenlijst");
    eventually("xclip to take the clipboard", || async { same(selection("clipboard"), "boodschappenlijst") }).await;
    lock_and_unlock(&c).await;
    assert_eq!(selection("clipboard"), "boodschappenlijst", "another program's clipboard was emptied");
    let _ = elsewhere.kill();
    let _ = elsewhere.wait();
    finish(c).await;
}
