//! Every command through Tauri's real IPC path (mock runtime, no display), built with the real
//! `generate_context!()` so the capability in `capabilities/main.json` is what decides.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use grot_lib::session::Session;
use grot_lib::vault::KdfParams;

pub(super) use super::private_calls::private_calls;

pub(super) type Mock = tauri::test::MockRuntime;

pub(super) struct Ctx {
    _dir: tempfile::TempDir,
    pub(super) app: tauri::App<Mock>,
    pub(super) w: WebviewWindow<Mock>,
}

/// The app as it starts: locked (here: no vault yet), in a data directory of its own.
pub(super) fn locked_app() -> Ctx {
    let dir = tempfile::tempdir().unwrap();
    let (app, w) = app_in(dir.path());
    Ctx { _dir: dir, app, w }
}

/// The app started on the data folder `dir` (a restart, when an app ran there before).
pub(super) fn app_in(dir: &std::path::Path) -> (tauri::App<Mock>, WebviewWindow<Mock>) {
    let session = Session::new(dir.to_path_buf(), KdfParams::TEST);
    let app = grot_lib::app(mock_builder()).manage(session).build(tauri::generate_context!()).expect("app builds");
    let w = WebviewWindowBuilder::new(&app, "main", WebviewUrl::default()).build().unwrap();
    (app, w)
}

pub(super) use grot_core::testing::PASS;

/// First run through IPC: choose a passphrase, confirm the recovery code. Answers the code.
pub(super) fn set_up(w: &WebviewWindow<Mock>) -> String {
    let code = invoke(w, "vault_begin_setup", json!({"passphrase": PASS})).unwrap();
    invoke(w, "vault_confirm_setup", json!({"code": code})).unwrap();
    code.as_str().unwrap().to_string()
}

pub(super) fn main_window() -> (Ctx, WebviewWindow<Mock>) {
    let ctx = locked_app();
    set_up(&ctx.w);
    let w = ctx.w.clone();
    (ctx, w)
}

/// The error code as the page reads it (`ui/lib/api.js`): a command's `{ code, message }`, or
/// `invalid_input` for arguments Tauri refused before any command ran (a text).
pub(super) fn code_of(err: &Value) -> &str {
    match err {
        Value::String(refused) if refused.starts_with("invalid args") => "invalid_input",
        _ => err["code"].as_str().unwrap_or("(no code)"),
    }
}

pub(super) fn invoke(window: &WebviewWindow<Mock>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn guide_list_gives_the_table_of_contents() {
    let (_ctx, w) = main_window();
    let toc = invoke(&w, "guide_list", json!({"lang": "nl"})).unwrap();
    let grot = toc.as_array().unwrap().iter().find(|g| g["id"] == "grot").expect("grot guide");
    let ids: Vec<&str> = grot["sections"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.first(), Some(&"intro"));
    assert_eq!(ids.last(), Some(&"conclusion"));
    assert_eq!(ids.len(), 13);
}

#[test]
fn guide_section_returns_structured_blocks_and_neighbours() {
    let (_ctx, w) = main_window();
    let view = invoke(&w, "guide_section", json!({"guide": "grot", "section": "the-cave", "lang": "en"})).unwrap();
    assert_eq!(view["section"]["title"], "The cave: where men go when they are stressed");
    assert_eq!(view["prev"]["id"], "intro");
    assert_eq!(view["next"]["id"], "why-she-talks");
    assert_eq!(view["section"]["blocks"][0]["type"], "paragraph");
    assert_eq!(view["section"]["blocks"][0]["inlines"][0]["type"], "text");
}

#[test]
fn guide_search_returns_marked_snippets() {
    let (_ctx, w) = main_window();
    let hits = invoke(&w, "guide_search", json!({"query": "Grot", "lang": "nl"})).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(hits.len() >= 3, "{} hits", hits.len());
    let marks: Vec<&Value> = hits[0]["snippet"].as_array().unwrap().iter().filter(|s| s["mark"] == true).collect();
    assert!(!marks.is_empty());
}

#[test]
fn guide_tips_lists_cards_for_both_audiences_and_signs() {
    let (_ctx, w) = main_window();
    let view = invoke(&w, "guide_tips", json!({"guide": "grot", "lang": "nl"})).unwrap();
    let tips = view["tips"].as_array().unwrap();
    assert_eq!(tips.iter().filter(|t| t["audience"] == "tips_you").count(), 7);
    assert_eq!(tips.iter().filter(|t| t["audience"] == "tips_him").count(), 5);
    let signs = view["signs"].as_array().unwrap();
    assert!(signs.iter().any(|s| s["kind"] == "healthy"));
    assert!(signs.iter().any(|s| s["kind"] == "unhealthy"));
}

#[test]
fn guide_phrases_offers_only_sentences_to_say() {
    let (_ctx, w) = main_window();
    let phrases = invoke(&w, "guide_phrases", json!({"guide": "grot", "lang": "nl"})).unwrap();
    let phrases = phrases.as_array().unwrap();
    assert_eq!(phrases.len(), 10);
    assert!(phrases.iter().all(|p| p["role"] == "say"));
    assert!(phrases.iter().all(|p| !p["text"].as_str().unwrap().starts_with('“')));
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let (_ctx, w) = main_window();
    // Core plugin commands exist in every Tauri app; the capability grants none of them.
    for (cmd, args) in [
        ("plugin:window|set_title", json!({"label": "main", "value": "leak"})),
        ("plugin:event|emit", json!({"event": "x", "payload": null})),
        ("plugin:app|version", json!({})),
        ("plugin:dialog|open", json!({"options": {}})),
        ("plugin:dialog|save", json!({"options": {}})),
    ] {
        let err = invoke(&w, cmd, args).expect_err(cmd);
        let text = err.to_string();
        assert!(text.contains("not allowed"), "{cmd} refused for the wrong reason: {text}");
    }
}

#[test]
fn every_declared_command_is_allowed_and_has_a_handler() {
    let root = env!("CARGO_MANIFEST_DIR");
    let declared: Vec<String> = grot_lib::ipc::COMMANDS.iter().map(|c| c.to_string()).collect();
    let cap: Value = serde_json::from_str(&std::fs::read_to_string(format!("{root}/capabilities/main.json")).unwrap()).unwrap();
    let mut allowed: Vec<String> = cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let mut expected: Vec<String> = declared.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    allowed.sort();
    expected.sort();
    assert_eq!(allowed, expected, "capability must allow exactly the declared commands");
    assert_eq!(cap["windows"], json!(["main"]));

    // Every declared command is registered and callable (a missing handler answers "not found").
    let (_ctx, w) = main_window();
    for cmd in declared.iter().filter(|c| !NO_ARGS.contains(&c.as_str())) {
        let err = invoke(&w, cmd, json!({})).expect_err("no arguments must be an error");
        assert!(!err.to_string().contains("not allowed"), "{cmd} is declared but refused: {err}");
        assert!(!err.to_string().contains("not found"), "{cmd} is declared but has no handler: {err}");
    }
}

/// Commands that take no arguments (calling them "without arguments" is not an error).
const NO_ARGS: &[&str] = &[
    "vault_restore_key_file",
    "vault_restore_store",
    "session_status",
    "session_lock",
    "session_touch",
    "app_quit",
    "letter_trash",
    "settings_get",
    "away_support",
    "bookmark_list",
    "handover_letter",
    "letter_new_answers",
    "letter_notices",
    "letter_moods",
    "letters_import_confirm",
    "letters_import_cancel",
    "letters_import_undo",
    "handover_not_now",
    "backup_export",
    "backup_status",
    "backup_list",
];

pub(super) const LETTER: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
pub(super) const ANSWER: &str = "1d4c9e2a-7b3f-4e8a-9c61-2f5d8a0b3e44";

#[test]
fn a_sealed_letter_is_refused_until_opened_with_the_passphrase() {
    let (_ctx, w) = main_window();
    invoke(&w, "letter_save", json!({"draft": {"id": LETTER, "title": "Later", "recipient": "", "body": "geduld", "seq": 1}})).unwrap();
    let until = grot_lib::clock::now_ms() + 3_600_000;
    invoke(&w, "letter_seal", json!({"id": LETTER, "untilMs": until})).unwrap();
    let err = invoke(&w, "letter_get", json!({"id": LETTER})).unwrap_err();
    assert_eq!((err["code"].as_str(), err["until_ms"].as_i64()), (Some("sealed"), Some(until)));
    assert_eq!(invoke(&w, "handover_start", json!({"id": LETTER})).unwrap_err()["code"], "sealed", "no hand-over of a sealed letter");
    assert_eq!(invoke(&w, "letter_list", json!({"sort": "updated"})).unwrap()[0]["title"], "Later");
    assert_eq!(invoke(&w, "letter_open_early", json!({"id": LETTER, "passphrase": "fout fout"})).unwrap_err()["code"], "wrong_passphrase");
    // Listed with its title and seal date only: nothing about its text, not even its length.
    let listed = &invoke(&w, "letter_list", json!({"sort": "updated"})).unwrap()[0];
    assert_eq!((listed["words"].clone(), listed["reading_minutes"].clone()), (Value::Null, Value::Null), "{listed}");
    assert_eq!(listed["sealed_until_ms"].as_i64(), Some(until));
    let opened = invoke(&w, "letter_open_early", json!({"id": LETTER, "passphrase": PASS})).unwrap();
    assert_eq!(opened["body"], "geduld");
    assert!(opened["opened_early_ms"].as_i64().is_some());
}

#[test]
fn every_private_command_answers_locked_while_locked() {
    let ctx = locked_app();
    // Before the first run, and again after locking an unlocked app.
    for phase in ["first run", "after lock"] {
        for (cmd, args) in private_calls() {
            let err = invoke(&ctx.w, cmd, args).expect_err(cmd);
            assert_eq!(err["code"], "locked", "{phase}: {cmd} answered {err}");
        }
        if phase == "first run" {
            set_up(&ctx.w);
            let save = private_calls().into_iter().find(|(cmd, _)| *cmd == "letter_save").unwrap().1;
            invoke(&ctx.w, "letter_save", save).unwrap();
            invoke(&ctx.w, "session_lock", json!({})).unwrap();
        }
    }
    assert_eq!(invoke(&ctx.w, "session_status", json!({})).unwrap(), "locked");
}

#[test]
fn painting_is_reported_for_known_screens_only_even_when_locked() {
    let ctx = locked_app();
    assert_eq!(invoke(&ctx.w, "app_painted", json!({"screen": "gate"})).unwrap(), Value::Null);
    assert_eq!(code_of(&invoke(&ctx.w, "app_painted", json!({"screen": "<b>brief</b>"})).unwrap_err()), "invalid_input");
}

#[test]
fn every_private_command_is_covered_by_the_locked_test() {
    // backup_import works only while locked (it puts a vault in place); tested in tests/integration/backup.rs.
    // vault_restore_* work only while locked, when a file is missing; tested in src-tauri/core/session/tests.rs.
    // backup_list and backup_restore serve the restore screen, before unlocking (tested in
    // src-tauri/core/session/damage_tests.rs).
    let public = [
        "session_status",
        "app_painted",
        "vault_begin_setup",
        "vault_confirm_setup",
        "vault_unlock",
        "vault_unlock_recovery",
        "session_lock",
        "app_quit",
        "backup_import",
        "vault_restore_key_file",
        "vault_restore_store",
        "backup_list",
        "backup_restore",
    ];
    let covered: Vec<&str> = private_calls().iter().map(|(c, _)| *c).collect();
    for &cmd in grot_lib::ipc::COMMANDS {
        assert!(public.contains(&cmd) || covered.contains(&cmd), "{cmd} is neither public nor tested for `locked`");
    }
}

#[test]
fn first_run_unlock_and_lock_through_ipc() {
    let ctx = locked_app();
    let w = &ctx.w;
    assert_eq!(invoke(w, "session_status", json!({})).unwrap(), "new");
    let err = invoke(w, "vault_begin_setup", json!({"passphrase": "short"})).unwrap_err();
    assert_eq!(err["code"], "weak_passphrase");
    let code = invoke(w, "vault_begin_setup", json!({"passphrase": PASS})).unwrap();
    assert_eq!(invoke(w, "vault_confirm_setup", json!({"code": "WRONG"})).unwrap_err()["code"], "wrong_recovery_code");
    assert_eq!(invoke(w, "session_status", json!({})).unwrap(), "new", "nothing written before the code is confirmed");
    invoke(w, "vault_confirm_setup", json!({"code": code})).unwrap();
    assert_eq!(invoke(w, "session_status", json!({})).unwrap(), "unlocked");

    let body = "Lieve Jan, ë 🙂 <script>alert(1)</script>";
    let ack = invoke(w, "letter_save", json!({"draft": {"id": LETTER, "title": "Voor later", "recipient": "Jan", "body": body, "seq": 1}}))
        .unwrap();
    assert_eq!(ack["seq"], 1);
    invoke(w, "session_lock", json!({})).unwrap();
    assert_eq!(invoke(w, "vault_unlock", json!({"passphrase": "not it at all"})).unwrap_err()["code"], "wrong_passphrase");
    invoke(w, "vault_unlock", json!({"passphrase": PASS})).unwrap();
    let letter = invoke(w, "letter_get", json!({"id": LETTER})).unwrap();
    assert_eq!(letter["body"], body);
    assert_eq!(letter["title"], "Voor later");
    invoke(w, "session_lock", json!({})).unwrap();
    invoke(w, "vault_unlock_recovery", json!({"code": code})).unwrap();
    assert_eq!(invoke(w, "letter_list", json!({"sort": "updated"})).unwrap().as_array().unwrap().len(), 1);
    let hits = invoke(w, "letter_search", json!({"query": "lieve"})).unwrap();
    assert_eq!(hits[0]["letter"]["id"], LETTER);
    assert_eq!(ctx.app.state::<Session>().status(), grot_lib::session::Status::Unlocked);
}

#[test]
fn settings_and_bookmarks_through_ipc() {
    let (_ctx, w) = main_window();
    let mut settings = invoke(&w, "settings_get", json!({})).unwrap();
    assert_eq!(settings["lang"], "nl");
    settings["lang"] = json!("en");
    settings["last_section"] = json!("grot/the-cave");
    invoke(&w, "settings_set", json!({"settings": settings})).unwrap();
    assert_eq!(invoke(&w, "settings_get", json!({})).unwrap()["last_section"], "grot/the-cave");
    // Discreet mode is kept where the next start's lock screen finds it, and titles the window.
    // (The mock runtime keeps no window titles; e2e `privacy::discreet_mode_hides_the_name_and_keeps_exports_out_of_recent_files` reads the real one from X.)
    settings["discreet"] = json!(true);
    invoke(&w, "settings_set", json!({"settings": settings})).unwrap();
    let title = || grot_lib::desktop::window_title(grot_lib::store::settings::read_appearance(_ctx._dir.path()));
    assert_eq!(title(), "Notes");
    settings["discreet"] = json!(false);
    invoke(&w, "settings_set", json!({"settings": settings})).unwrap();
    assert_eq!(title(), "Grot");
    settings["theme"] = json!("neon");
    assert_eq!(code_of(&invoke(&w, "settings_set", json!({"settings": settings})).unwrap_err()), "invalid_input");
    invoke(&w, "bookmark_set", json!({"kind": "section", "target": "grot/the-cave", "on": true})).unwrap();
    assert_eq!(invoke(&w, "bookmark_list", json!({})).unwrap()[0]["target"], "grot/the-cave");
}

#[test]
fn a_seq_at_the_edge_is_refused_not_a_panic() {
    let (_ctx, w) = main_window();
    let max = (1i64 << 53) - 1;
    for seq in [i64::MIN, -1, 0, max + 1, i64::MAX] {
        let err = invoke(&w, "letter_save", json!({"draft": {"id": LETTER, "title": "t", "recipient": "", "body": "b", "seq": seq}}))
            .unwrap_err();
        assert_eq!(err["code"], "invalid_input", "seq {seq}: {err}");
    }
    invoke(&w, "letter_save", json!({"draft": {"id": LETTER, "title": "t", "recipient": "", "body": "eerste", "seq": max - 1}})).unwrap();
    let revision = invoke(&w, "letter_revisions", json!({"id": LETTER})).unwrap()[0]["id"].as_i64().unwrap();
    invoke(&w, "letter_save", json!({"draft": {"id": LETTER, "title": "t", "recipient": "", "body": "tweede", "seq": max}})).unwrap();
    // Restoring a revision takes seq + 1: at the limit that is refused, and nothing changes.
    let err = invoke(&w, "letter_restore_revision", json!({"id": LETTER, "revision": revision})).unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    assert_eq!(invoke(&w, "letter_get", json!({"id": LETTER})).unwrap()["body"], "tweede");
    // The app still answers.
    assert_eq!(invoke(&w, "session_status", json!({})).unwrap(), "unlocked");
}

#[test]
fn restoring_files_is_refused_when_nothing_is_missing() {
    let ctx = locked_app();
    set_up(&ctx.w);
    invoke(&ctx.w, "session_lock", json!({})).unwrap();
    for cmd in ["vault_restore_key_file", "vault_restore_store"] {
        assert_eq!(invoke(&ctx.w, cmd, json!({})).unwrap_err()["code"], "precondition", "{cmd}");
    }
    invoke(&ctx.w, "vault_unlock", json!({"passphrase": PASS})).unwrap();
}
