//! Letters from practice through Tauri's IPC with the real capability: a letter only for her is
//! refused by the hand-over, the export and the conversation, before and after a restart; his
//! "not now" locks the app and waits on the letter; the notices come only once she is in.

use serde_json::json;

use super::ipc::{app_in, invoke, set_up, PASS};

const RAW: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
const HIS: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";

fn refused_everywhere(w: &tauri::WebviewWindow<super::ipc::Mock>) {
    let labels = json!({"to": "", "date": "", "untitled": "x"});
    for (cmd, args) in [("handover_start", json!({"id": RAW})), ("letter_export", json!({"id": RAW, "format": "md", "labels": labels}))] {
        assert_eq!(invoke(w, cmd, args).unwrap_err()["code"], "only_for_me", "{cmd}");
    }
    let said = invoke(w, "letter_conversation", json!({"recipient": "Sam"})).unwrap();
    assert!(said.as_array().unwrap().iter().all(|s| s["letter_id"] != RAW), "{said}");
    assert_eq!(invoke(w, "session_status", json!({})).unwrap(), "unlocked");
}

#[test]
fn only_for_me_holds_through_ipc_and_a_restart_and_his_not_now_locks_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let (app, w) = app_in(dir.path());
    set_up(&w);
    invoke(&w, "letter_save", json!({"draft": {"id": RAW, "title": "Rauw", "recipient": "Sam", "body": "wat ik echt voel", "seq": 1}}))
        .unwrap();
    invoke(&w, "letter_set_private", json!({"id": RAW, "private": true})).unwrap();
    refused_everywhere(&w);
    let his = invoke(&w, "letter_write_version", json!({"of": RAW, "id": HIS})).unwrap();
    assert_eq!(
        (&his["version_of"], &his["private"], &his["recipient"], &his["title"]),
        (&json!(RAW), &json!(false), &json!("Sam"), &json!(""))
    );
    invoke(&w, "letter_save", json!({"draft": {"id": HIS, "title": "Voor jou", "recipient": "Sam", "body": "wat ik vraag", "seq": 1}}))
        .unwrap();
    let said = invoke(&w, "letter_conversation", json!({"recipient": "Sam"})).unwrap();
    assert_eq!(said.as_array().unwrap().len(), 1, "his version only: {said}");
    // Unmarking needs her passphrase.
    assert_eq!(invoke(&w, "letter_set_private", json!({"id": RAW, "private": false})).unwrap_err()["code"], "invalid_input");
    assert_eq!(
        invoke(&w, "letter_set_private", json!({"id": RAW, "private": false, "passphrase": "raden maar"})).unwrap_err()["code"],
        "wrong_passphrase"
    );
    // He says "not now": no passphrase, the app locks.
    invoke(&w, "handover_start", json!({"id": HIS})).unwrap();
    assert_eq!(invoke(&w, "letter_notices", json!({})).unwrap_err()["code"], "handover", "no notices in a hand-over");
    invoke(&w, "handover_not_now", json!({})).unwrap();
    assert_eq!(invoke(&w, "session_status", json!({})).unwrap(), "locked");
    assert_eq!(invoke(&w, "letter_notices", json!({})).unwrap_err()["code"], "locked", "no notices while locked");
    drop((w, app));

    // A restart changes none of it (on a copy of the folder: this process still holds the
    // first one's lock, as a running app would).
    let copy = tempfile::tempdir().unwrap();
    copy_folder(dir.path(), copy.path());
    let (_app, w) = app_in(copy.path());
    invoke(&w, "vault_unlock", json!({"passphrase": PASS})).unwrap();
    refused_everywhere(&w);
    let due = invoke(&w, "letter_notices", json!({})).unwrap();
    assert_eq!(due["notices"][0]["kind"], "not_now");
    assert_eq!(due["notices"][0]["letter_id"], HIS);
    invoke(&w, "letter_notices_seen", json!({"asOfMs": due["as_of_ms"]})).unwrap();
    assert_eq!(invoke(&w, "letter_notices", json!({})).unwrap()["notices"], json!([]));
    let listed = invoke(&w, "letter_get", json!({"id": HIS})).unwrap();
    assert!(listed["not_now_ms"].is_i64(), "still waiting for another moment");
    invoke(&w, "letter_set_private", json!({"id": RAW, "private": false, "passphrase": PASS})).unwrap();
    invoke(&w, "handover_start", json!({"id": RAW})).unwrap();
}

fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir(&dest).unwrap();
            copy_folder(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}
