//! The hand-over through Tauri's IPC with the real capability: one letter, the answer begun in
//! this hand-over, and leaving; every other command answers `handover`.

use serde_json::{json, Value};

use super::ipc::{invoke, main_window, private_calls, ANSWER, LETTER, PASS};

#[test]
fn during_a_handover_only_that_letter_its_answer_and_leaving_answer() {
    const EARLIER: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c66";
    let (_ctx, w) = main_window();
    let other = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
    for (id, body) in [(LETTER, "voor jou"), (other, "niet voor jou")] {
        invoke(&w, "letter_save", json!({"draft": {"id": id, "title": id, "recipient": "", "body": body, "seq": 1}})).unwrap();
    }
    // An answer from an earlier hand-over, which this reader must neither see nor overwrite.
    invoke(&w, "handover_start", json!({"id": other})).unwrap();
    invoke(&w, "handover_answer_save", json!({"answer": {"id": EARLIER, "body": "eerder antwoord", "seq": 1}})).unwrap();
    invoke(&w, "handover_leave", json!({"passphrase": PASS})).unwrap();
    assert_eq!(invoke(&w, "handover_start", json!({"id": LETTER})).unwrap()["body"], "voor jou");
    assert_eq!(invoke(&w, "session_status", json!({})).unwrap(), "handover");
    // Marking activity reveals nothing and keeps the hand-over's own idle limit honest.
    invoke(&w, "session_touch", json!({})).unwrap();
    for (cmd, args) in private_calls() {
        if ["handover_letter", "handover_answer_save", "handover_leave", "session_touch", "handover_not_now"].contains(&cmd) {
            continue;
        }
        let err = invoke(&w, cmd, args).expect_err(cmd);
        assert_eq!(err["code"], "handover", "{cmd} answered {err}");
    }
    // The lock screen's commands too: no unlock to guess with, no list of her backups, nothing
    // put back or brought in while he reads.
    let lock_screen = [
        ("vault_unlock", json!({"passphrase": PASS})),
        ("vault_unlock_recovery", json!({"code": "AAAA-BBBB-CCCC-DDDD"})),
        ("vault_begin_setup", json!({"passphrase": "a new long passphrase"})),
        ("vault_confirm_setup", json!({"code": "AAAA-BBBB"})),
        ("vault_restore_key_file", json!({})),
        ("vault_restore_store", json!({})),
        ("backup_list", json!({})),
        ("backup_restore", json!({"id": "1800000000000", "passphrase": PASS})),
        ("backup_import", json!({"secret": PASS})),
        ("app_painted", json!({"screen": "letters"})),
    ];
    for (cmd, args) in lock_screen.clone() {
        let err = invoke(&w, cmd, args).expect_err(cmd);
        assert_eq!(err["code"], "handover", "{cmd} answered {err}");
    }
    // Every command is one of these, or the few that reveal nothing and keep no one in.
    let harmless = ["session_status", "session_lock", "app_quit"];
    let checked: Vec<&str> = private_calls().iter().map(|(c, _)| *c).chain(lock_screen.iter().map(|(c, _)| *c)).chain(harmless).collect();
    for cmd in grot_lib::ipc::COMMANDS {
        assert!(checked.contains(cmd), "{cmd} is not checked during a hand-over");
    }
    assert_eq!(invoke(&w, "letter_get", json!({"id": other})).unwrap_err()["code"], "handover");
    let shown = invoke(&w, "handover_letter", json!({})).unwrap();
    assert_eq!((shown["letter"]["body"].as_str(), &shown["answer"]), (Some("voor jou"), &Value::Null), "no earlier answer");
    // The letter and nothing about it: no counts of answers, no read log, no recipient.
    let mut fields: Vec<&str> = shown["letter"].as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["body", "id", "lang", "title"], "{}", shown["letter"]);
    assert!(shown["starters"].as_array().unwrap().len() >= 3);
    // His answer: to this letter only, one per hand-over, never over an earlier one.
    let earlier = json!({"answer": {"id": EARLIER, "body": "overschreven", "seq": 2}});
    assert_eq!(invoke(&w, "handover_answer_save", earlier).unwrap_err()["code"], "handover");
    let ack = invoke(&w, "handover_answer_save", json!({"answer": {"id": ANSWER, "body": "Ik ben er weer.", "seq": 1}})).unwrap();
    assert_eq!(ack["seq"], 1);
    assert_eq!(invoke(&w, "handover_letter", json!({})).unwrap()["answer"]["body"], "Ik ben er weer.", "read back in this hand-over");
    assert_eq!(invoke(&w, "letter_thread", json!({"id": LETTER})).unwrap_err()["code"], "handover", "not the thread");
    assert_eq!(invoke(&w, "handover_leave", json!({"passphrase": "raden maar"})).unwrap_err()["code"], "wrong_passphrase");
    assert_eq!(invoke(&w, "session_status", json!({})).unwrap(), "handover");
    invoke(&w, "handover_leave", json!({"passphrase": PASS})).unwrap();
    assert_eq!(invoke(&w, "letter_get", json!({"id": other})).unwrap()["body"], "niet voor jou");
    // After the hand-over his answer is hers to read, and only while unlocked.
    let thread = invoke(&w, "letter_thread", json!({"id": LETTER})).unwrap();
    assert_eq!(thread["answers"][0]["body"], "Ik ben er weer.");
    assert_eq!(invoke(&w, "handover_letter", json!({})).unwrap_err()["code"], "precondition");
    assert_eq!(
        invoke(&w, "handover_answer_save", json!({"answer": {"id": ANSWER, "body": "later", "seq": 2}})).unwrap_err()["code"],
        "precondition"
    );
    invoke(&w, "session_lock", json!({})).unwrap();
    assert_eq!(invoke(&w, "letter_thread", json!({"id": LETTER})).unwrap_err()["code"], "locked");
}
