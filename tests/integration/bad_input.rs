//! Every command against bad input, through Tauri's IPC with the real capability. Each command's
//! arguments are described once (`SURFACE`); every argument in turn gets every bad value of its
//! kind while the others stay good, and the whole argument object is replaced by things that
//! are not one. Every answer must be a correct result, a typed error `{ code, message }` with a
//! code the UI translates, or Tauri's own refusal of arguments that do not parse (`invalid
//! args …`, which `ui/lib/api.js` shows as `invalid_input`): never a panic. After every refusal
//! a dump of every table must be what it was before. Prints how many cases ran per command.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use serde_json::{json, Map, Value};
use tauri::Manager;

use super::ipc::{code_of, invoke, main_window, LETTER};
use grot_lib::error::Error;
use grot_lib::session::Session;

/// What an argument is, for choosing its bad values.
#[derive(Clone, Copy)]
enum Kind {
    /// Free text: queries, titles, passphrases, codes.
    Text,
    /// A letter id (a UUID), or a guide or section id.
    Id,
    /// A signed 64-bit number (`seq`, `untilMs`, a revision).
    Int,
    /// An unsigned count (`offset`, `limit`, `pageMs`), optional.
    Count,
    Bool,
    /// One of a few words.
    Enum,
    /// An object with fields of these kinds.
    Object(&'static [(&'static str, Kind, Value0)]),
}

/// A good value, written as JSON text so the table can be `const`.
type Value0 = &'static str;

/// A command's arguments: name, kind, good value.
type Args = &'static [(&'static str, Kind, Value0)];

/// Every command that takes input, its arguments, and a good value for each. Not here:
/// `session_lock` and `app_quit` (no input; they lock and quit whatever they are sent) and
/// `backup_export` (no input; it opens a file dialog).
const SURFACE: &[(&str, Args)] = &[
    ("guide_list", &[("lang", Kind::Enum, r#""nl""#)]),
    ("guide_section", &[("guide", Kind::Id, r#""grot""#), ("section", Kind::Id, r#""intro""#), ("lang", Kind::Enum, r#""nl""#)]),
    ("guide_search", &[("query", Kind::Text, r#""grot""#), ("lang", Kind::Enum, r#""nl""#)]),
    ("guide_tips", &[("guide", Kind::Id, r#""grot""#), ("lang", Kind::Enum, r#""en""#)]),
    ("guide_phrases", &[("guide", Kind::Id, r#""grot""#), ("lang", Kind::Enum, r#""nl""#)]),
    ("guide_templates", &[("lang", Kind::Enum, r#""nl""#)]),
    ("guide_forms", &[("lang", Kind::Enum, r#""en""#)]),
    ("session_status", &[]),
    ("session_touch", &[]),
    ("app_painted", &[("screen", Kind::Enum, r#""letters""#), ("pageMs", Kind::Count, "10")]),
    ("vault_begin_setup", &[("passphrase", Kind::Text, r#""een nieuwe lange zin""#)]),
    ("vault_confirm_setup", &[("code", Kind::Text, r#""AAAA-BBBB""#)]),
    ("vault_unlock", &[("passphrase", Kind::Text, r#""niet de goede zin""#)]),
    ("vault_unlock_recovery", &[("code", Kind::Text, r#""AAAA-BBBB""#)]),
    ("vault_change_passphrase", &[("old", Kind::Text, r#""niet de goede zin""#), ("new", Kind::Text, r#""een andere lange zin""#)]),
    ("vault_new_recovery_begin", &[("passphrase", Kind::Text, r#""niet de goede zin""#)]),
    ("vault_new_recovery_confirm", &[("code", Kind::Text, r#""AAAA-BBBB""#)]),
    ("vault_restore_key_file", &[]),
    ("vault_restore_store", &[]),
    ("letter_save", &[("draft", Kind::Object(DRAFT), "")]),
    ("letter_set_lang", &[("id", Kind::Id, LETTER_JSON), ("lang", Kind::Enum, r#""en""#)]),
    ("letter_get", &[("id", Kind::Id, LETTER_JSON)]),
    ("letter_list", &[("sort", Kind::Enum, r#""updated""#), ("offset", Kind::Count, "0"), ("limit", Kind::Count, "10")]),
    ("letter_trash", &[]),
    ("letter_delete", &[("id", Kind::Id, OTHER_JSON)]),
    ("letter_restore", &[("id", Kind::Id, LETTER_JSON)]),
    ("letter_purge", &[("id", Kind::Id, LETTER_JSON), ("fromBackups", Kind::Bool, "false")]),
    ("letter_search", &[("query", Kind::Text, r#""geheim""#)]),
    ("letter_revisions", &[("id", Kind::Id, LETTER_JSON)]),
    ("letter_revision", &[("id", Kind::Id, LETTER_JSON), ("revision", Kind::Int, "1")]),
    ("letter_restore_revision", &[("id", Kind::Id, LETTER_JSON), ("revision", Kind::Int, "1")]),
    ("letter_snapshot", &[("id", Kind::Id, LETTER_JSON), ("reason", Kind::Enum, r#""lock""#)]),
    ("letter_seal", &[("id", Kind::Id, LETTER_JSON), ("untilMs", Kind::Int, "4000000000000")]),
    ("letter_open_early", &[("id", Kind::Id, LETTER_JSON), ("passphrase", Kind::Text, r#""niet de goede zin""#)]),
    ("letter_thread", &[("id", Kind::Id, LETTER_JSON)]),
    ("letter_new_answers", &[]),
    ("letter_answers_seen", &[("id", Kind::Id, LETTER_JSON)]),
    ("letter_conversation", &[("recipient", Kind::Text, r#""Sam""#)]),
    ("tone_check", &[("text", Kind::Text, r#""jij luistert nooit""#)]),
    (
        "letter_set_private",
        &[("id", Kind::Id, LETTER_JSON), ("private", Kind::Bool, "false"), ("passphrase", Kind::Text, r#""niet de goede zin""#)],
    ),
    // A private letter that does not exist: nothing made.
    ("letter_write_version", &[("of", Kind::Id, OTHER_JSON), ("id", Kind::Id, r#""9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c66""#)]),
    ("letter_remind", &[("id", Kind::Id, LETTER_JSON), ("onMs", Kind::Int, "null")]),
    ("letter_notices", &[]),
    ("letter_notices_seen", &[("asOfMs", Kind::Int, "0")]),
    ("letter_set_feelings", &[("id", Kind::Id, LETTER_JSON), ("feelings", Kind::Enum, r#"["sad", "hopeful"]"#)]),
    // Never handed over: refused, nothing written.
    ("letter_set_outcome", &[("id", Kind::Id, LETTER_JSON), ("outcome", Kind::Enum, r#""closer""#)]),
    ("letter_moods", &[]),
    // Not in a hand-over: refused, nothing locked or written.
    ("handover_not_now", &[]),
    ("handover_start", &[("id", Kind::Id, OTHER_JSON)]),
    ("handover_letter", &[]),
    // Not in a hand-over: refused before anything is read.
    ("handover_answer_save", &[("answer", Kind::Object(ANSWER), "")]),
    ("handover_leave", &[("passphrase", Kind::Text, r#""niet de goede zin""#)]),
    ("settings_get", &[]),
    ("away_support", &[]),
    ("spelling_for", &[("lang", Kind::Enum, r#""nl""#)]),
    ("settings_set", &[("settings", Kind::Object(SETTINGS), "")]),
    ("bookmark_list", &[]),
    ("bookmark_set", &[("kind", Kind::Enum, r#""tip""#), ("target", Kind::Id, r#""grot/intro""#), ("on", Kind::Bool, "true")]),
    // An id that does not exist: every case ends before the save dialog would open.
    ("letter_export", &[("id", Kind::Id, OTHER_JSON), ("format", Kind::Enum, r#""md""#), ("labels", Kind::Object(LABELS), "")]),
    ("backup_status", &[]),
    // Unlocked: refused before the open dialog.
    ("backup_import", &[("secret", Kind::Text, r#""niet de goede zin""#)]),
    ("backup_list", &[]),
    // A wrong passphrase: refused before the folder dialog.
    (
        "letters_take_out",
        &[
            ("passphrase", Kind::Text, r#""niet de goede zin""#),
            ("labels", Kind::Object(TAKEOUT_LABELS), ""),
            ("to", Kind::Enum, r#""zip""#),
        ],
    ),
    // A wrong passphrase: refused before the file dialog.
    (
        "letters_import_preview",
        &[("passphrase", Kind::Text, r#""niet de goede zin""#), ("source", Kind::Enum, r#""day_one""#), ("dialog", Kind::Text, r#""""#)],
    ),
    // Nothing waits: refused, nothing written.
    ("letters_import_confirm", &[]),
    ("letters_import_cancel", &[]),
    ("letters_import_undo", &[]),
    // Unlocked: refused before any file is touched.
    ("backup_restore", &[("id", Kind::Id, r#""1700000000000""#), ("passphrase", Kind::Text, r#""niet de goede zin""#)]),
];

const LETTER_JSON: &str = r#""6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01""#;
/// A well-formed id that names no letter.
const OTHER_JSON: &str = r#""0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22""#;

const DRAFT: &[(&str, Kind, Value0)] = &[
    ("id", Kind::Id, LETTER_JSON),
    ("title", Kind::Text, r#""Brief""#),
    ("recipient", Kind::Text, r#""Sam""#),
    ("body", Kind::Text, r#""nieuwe tekst""#),
    ("seq", Kind::Int, "2"),
];

const ANSWER: &[(&str, Kind, Value0)] =
    &[("id", Kind::Id, r#""1d4c9e2a-7b3f-4e8a-9c61-2f5d8a0b3e44""#), ("body", Kind::Text, r#""Ik ben er weer.""#), ("seq", Kind::Int, "1")];

const LABELS: &[(&str, Kind, Value0)] = &[
    ("to", Kind::Text, r#""Aan Sam""#),
    ("date", Kind::Text, r#""1 december""#),
    ("untitled", Kind::Text, r#""Brief""#),
    ("language", Kind::Text, r#""nl""#),
    ("dialog", Kind::Text, r#""Exporteren""#),
];

const TAKEOUT_LABELS: &[(&str, Kind, Value0)] = &[
    ("index", Kind::Text, r#""Mijn brieven""#),
    ("answer", Kind::Text, r#""Antwoord""#),
    ("untitled", Kind::Text, r#""Brief""#),
    ("folder", Kind::Text, r#""Brieven uit Grot""#),
    ("dialog", Kind::Text, r#""Waar moeten je brieven heen?""#),
];

const SETTINGS: &[(&str, Kind, Value0)] = &[
    ("lang", Kind::Enum, r#""en""#),
    ("theme", Kind::Enum, r#""dark""#),
    ("text_step", Kind::Count, "3"),
    ("autolock_minutes", Kind::Count, "10"),
    ("reading_mode", Kind::Enum, r#""section""#),
    ("last_section", Kind::Id, r#""grot/intro""#),
    ("last_view", Kind::Enum, r#""letters""#),
    ("discreet", Kind::Bool, "false"),
    ("handover_lock_minutes", Kind::Count, "30"),
    ("lock_when_away", Kind::Bool, "true"),
    ("lock_when_minimised", Kind::Bool, "false"),
    ("glance_proof", Kind::Bool, "false"),
    ("spell_check", Kind::Bool, "true"),
    ("wait_before_handover", Kind::Bool, "true"),
];

fn good(kind: Kind, json: Value0) -> Value {
    match kind {
        Kind::Object(fields) => Value::Object(fields.iter().map(|(name, kind, v)| (name.to_string(), good(*kind, v))).collect()),
        _ => serde_json::from_str(json).unwrap(),
    }
}

/// Strings no one types but anyone can send: right-to-left override, zero-width joiners,
/// combining marks, NUL, other controls, non-characters, astral emoji, a path, markup, SQL.
fn odd_strings() -> Vec<String> {
    vec![
        String::new(),
        " ".into(),
        "\u{202e}lortnoc\u{202c}".into(),
        "👩\u{200d}❤\u{fe0f}\u{200d}👨".into(),
        "e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}".into(),
        "a\0b".into(),
        "\u{1}\u{7}\u{1b}[31m\r\n".into(),
        "\u{fffe}\u{ffff}\u{10ffff}".into(),
        "../../etc/passwd".into(),
        "<img src=x onerror=alert(1)>".into(),
        "'; DROP TABLE letters; --".into(),
        "\"grot\" AND NOT x* NEAR(a b)".into(),
        "x".repeat(10 * 1024 * 1024),
        "é".repeat(10_001),
    ]
}

/// Values of the wrong type, whatever the kind.
fn wrong_types() -> Vec<Value> {
    vec![Value::Null, json!(true), json!(42), json!(-1.5), json!([]), json!({}), json!([1, "a"])]
}

fn bad_values(kind: Kind) -> Vec<Value> {
    let mut out = wrong_types();
    match kind {
        Kind::Text | Kind::Id => {
            out.extend(odd_strings().into_iter().map(Value::String));
            out.push(json!("00000000-0000-0000-0000-000000000000"));
            out.push(json!("6F1C2A4E-8B1D-4C4E-9A36-0D2F5E7B9C01"));
        }
        Kind::Int | Kind::Count => out.extend([
            json!(i64::MIN),
            json!(i64::MIN + 1),
            json!(-1),
            json!(0),
            json!(1),
            json!((1i64 << 53) - 1),
            json!(1i64 << 53),
            json!(i64::MAX),
            json!(u64::MAX),
            json!(1e300),
            json!("12"),
            // The first millisecond of the year 1 and the last of the year 9999.
            json!(-62_135_596_800_000i64),
            json!(253_402_300_799_999i64),
        ]),
        Kind::Bool => out.extend([json!("true"), json!(1), json!(0)]),
        Kind::Enum => out.extend([json!("unknown"), json!(""), json!("UPDATED"), json!("nl-NL"), json!("a".repeat(100_000))]),
        Kind::Object(fields) => {
            for (name, inner, _) in fields.iter() {
                let mut missing = good(kind, "").as_object().unwrap().clone();
                missing.remove(*name);
                out.push(Value::Object(missing));
                for bad in bad_values(*inner) {
                    let mut object = good(kind, "").as_object().unwrap().clone();
                    object.insert(name.to_string(), bad);
                    out.push(Value::Object(object));
                }
            }
        }
    }
    out
}

/// Every case of one command: each argument missing and given each bad value of its kind,
/// the others good; then argument objects that are not objects, and unknown extra arguments.
fn cases(args: &[(&str, Kind, Value0)]) -> Vec<Value> {
    let good_args: Map<String, Value> = args.iter().map(|(name, kind, v)| (name.to_string(), good(*kind, v))).collect();
    let mut out = Vec::new();
    for (name, kind, _) in args {
        let mut missing = good_args.clone();
        missing.remove(*name);
        out.push(Value::Object(missing));
        for bad in bad_values(*kind) {
            let mut changed = good_args.clone();
            changed.insert(name.to_string(), bad);
            out.push(Value::Object(changed));
        }
    }
    let mut extra = good_args.clone();
    extra.insert("__proto__".into(), json!({"admin": true}));
    extra.insert("../x".into(), json!("y"));
    out.push(Value::Object(extra));
    out.extend([Value::Null, json!([]), json!("x"), json!(42)]);
    out
}

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts panics (then lets the default hook report them): a command that panics fails the test
/// even where Tauri turns the panic into an answer.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            default(info);
        }));
    });
}

/// The answer is a result, a typed error, or Tauri's refusal of arguments that do not parse.
fn check_answer(cmd: &str, args: &Value, answer: &Result<Value, Value>) -> bool {
    let Err(err) = answer else { return true };
    let shown = || format!("{cmd} {}", short(args));
    match err {
        Value::Object(e) => {
            let code = e.get("code").and_then(Value::as_str).unwrap_or_else(|| panic!("{}: no code in {err}", shown()));
            assert!(Error::CODES.contains(&code), "{}: unknown code {code}", shown());
            assert!(e.get("message").and_then(Value::as_str).is_some_and(|m| !m.is_empty()), "{}: no message", shown());
        }
        Value::String(text) => assert!(text.starts_with("invalid args"), "{}: untyped error {text:?}", shown()),
        other => panic!("{}: answered {other}", shown()),
    }
    false
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 160 {
        format!("{}… ({} bytes)", &text[..text.char_indices().nth(150).map_or(text.len(), |(i, _)| i)], text.len())
    } else {
        text
    }
}

#[test]
fn every_command_answers_bad_input_with_a_typed_error_and_changes_nothing() {
    count_panics();
    let declared: Vec<&str> = SURFACE.iter().map(|(c, _)| *c).collect();
    for command in grot_lib::ipc::COMMANDS {
        assert!(
            declared.contains(command) || ["session_lock", "app_quit", "backup_export"].contains(command),
            "{command} is not in SURFACE"
        );
    }
    let mut report = Vec::new();
    for (cmd, args) in SURFACE {
        // A fresh app per command, with one letter, so what one command did never hides
        // another's answer.
        let (ctx, w) = main_window();
        invoke(
            &w,
            "letter_save",
            json!({"draft": {"id": LETTER, "title": "Brief", "recipient": "Sam", "body": "geheim en heel", "seq": 1}}),
        )
        .unwrap();
        let session = ctx.app.state::<Session>();
        let dump = || session.with_store(|s| s.dump()).unwrap_or_else(|e| format!("store closed: {e:?}"));
        let (mut ok, mut refused) = (0, 0);
        for case in cases(args) {
            let before = dump();
            let answer = invoke(&w, cmd, case.clone());
            if check_answer(cmd, &case, &answer) {
                ok += 1;
            } else {
                refused += 1;
                assert_eq!(dump(), before, "{cmd} {}: refused, yet the store changed", short(&case));
            }
            // Still answering, still unlocked.
            assert_eq!(invoke(&w, "session_status", json!({})).unwrap(), "unlocked", "{cmd} {}", short(&case));
        }
        report.push(format!("{cmd}: {} cases ({ok} answered, {refused} refused)", ok + refused));
        drop(ctx);
    }
    println!("bad input per command:\n  {}", report.join("\n  "));
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a command panicked");
}

#[test]
fn errors_reach_the_ui_as_code_and_message() {
    let (_ctx, w) = main_window();
    let cases = [
        ("guide_list", json!({"lang": "fr"}), "invalid_input"),
        ("guide_section", json!({"guide": "grot", "section": "nope", "lang": "nl"}), "not_found"),
        ("guide_section", json!({"guide": "nope", "section": "intro", "lang": "nl"}), "not_found"),
        ("guide_search", json!({"query": "x".repeat(500), "lang": "nl"}), "invalid_input"),
        ("guide_tips", json!({"guide": "nope", "lang": "en"}), "not_found"),
    ];
    for (cmd, args, code) in cases {
        let err = invoke(&w, cmd, args).unwrap_err();
        assert_eq!(code_of(&err), code, "{cmd}: {err}");
        assert!(err["message"].as_str().or(err.as_str()).is_some_and(|m| !m.is_empty()));
    }
}
