//! Every command that reaches something private, with good arguments: what the locked test
//! and the hand-over test send.

use serde_json::{json, Value};

use super::ipc::{ANSWER, LETTER, PASS};

/// Every command that touches anything private, with arguments that would work if unlocked.
pub(super) fn private_calls() -> Vec<(&'static str, Value)> {
    let draft = json!({"draft": {"id": LETTER, "title": "t", "recipient": "", "body": "geheim", "seq": 1}});
    vec![
        ("guide_list", json!({"lang": "nl"})),
        ("guide_section", json!({"guide": "grot", "section": "intro", "lang": "nl"})),
        ("guide_search", json!({"query": "grot", "lang": "nl"})),
        ("guide_tips", json!({"guide": "grot", "lang": "nl"})),
        ("guide_phrases", json!({"guide": "grot", "lang": "nl"})),
        ("guide_templates", json!({"lang": "nl"})),
        ("guide_forms", json!({"lang": "nl"})),
        ("session_touch", json!({})),
        ("vault_change_passphrase", json!({"old": PASS, "new": "another long passphrase"})),
        ("vault_new_recovery_begin", json!({"passphrase": PASS})),
        ("vault_new_recovery_confirm", json!({"code": "AAAA-BBBB"})),
        ("letter_save", draft),
        ("letter_get", json!({"id": LETTER})),
        ("letter_set_lang", json!({"id": LETTER, "lang": "en"})),
        ("letter_list", json!({"sort": "updated"})),
        ("letter_trash", json!({})),
        ("letter_delete", json!({"id": LETTER})),
        ("letter_restore", json!({"id": LETTER})),
        ("letter_purge", json!({"id": LETTER})),
        ("letter_search", json!({"query": "geheim"})),
        ("letter_revisions", json!({"id": LETTER})),
        ("letter_revision", json!({"id": LETTER, "revision": 1})),
        ("letter_restore_revision", json!({"id": LETTER, "revision": 1})),
        ("letter_snapshot", json!({"id": LETTER, "reason": "lock"})),
        ("settings_get", json!({})),
        ("away_support", json!({})),
        ("spelling_for", json!({"lang": "nl"})),
        ("settings_set", json!({"settings": {"lang": "en"}})),
        ("bookmark_list", json!({})),
        ("bookmark_set", json!({"kind": "tip", "target": "x", "on": true})),
        ("letter_seal", json!({"id": LETTER, "untilMs": 4_000_000_000_000i64})),
        ("letter_open_early", json!({"id": LETTER, "passphrase": PASS})),
        ("handover_start", json!({"id": LETTER})),
        ("tone_check", json!({"text": "jij luistert nooit"})),
        ("letter_thread", json!({"id": LETTER})),
        ("letter_new_answers", json!({})),
        ("letter_answers_seen", json!({"id": LETTER})),
        ("letter_conversation", json!({"recipient": "Sam"})),
        ("letter_export", json!({"id": LETTER, "format": "md", "labels": {"to": "", "date": "", "untitled": "x"}})),
        ("backup_export", json!({})),
        ("backup_status", json!({})),
        ("letters_take_out", json!({"passphrase": PASS, "labels": {"index": "x", "answer": "x", "untitled": "x"}})),
        ("letters_bring_back", json!({"passphrase": PASS, "dialog": ""})),
        ("handover_letter", json!({})),
        ("handover_answer_save", json!({"answer": {"id": ANSWER, "body": "Ik ben er weer.", "seq": 1}})),
        ("handover_leave", json!({"passphrase": PASS})),
        ("letter_set_private", json!({"id": LETTER, "private": false, "passphrase": PASS})),
        ("letter_write_version", json!({"of": LETTER, "id": ANSWER})),
        ("letter_remind", json!({"id": LETTER, "onMs": 4_000_000_000_000i64})),
        ("letter_notices", json!({})),
        ("letter_notices_seen", json!({"asOfMs": 0})),
        ("letter_set_feelings", json!({"id": LETTER, "feelings": ["sad"]})),
        ("letter_set_outcome", json!({"id": LETTER, "outcome": null})),
        ("letter_moods", json!({})),
        ("handover_not_now", json!({})),
    ]
}
