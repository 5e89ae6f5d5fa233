//! Every command through Tauri's real IPC path (mock runtime, no display), built with the real
//! `generate_context!()` so the capability in `capabilities/main.json` is what decides.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewUrl, WebviewWindow, WebviewWindowBuilder};

type Mock = tauri::test::MockRuntime;

fn main_window() -> (tauri::App<Mock>, WebviewWindow<Mock>) {
    let app = grot_lib::app(mock_builder()).build(tauri::generate_context!()).expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", WebviewUrl::default()).build().unwrap();
    (app, window)
}

fn invoke(window: &WebviewWindow<Mock>, cmd: &str, args: Value) -> Result<Value, Value> {
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
    let (_app, w) = main_window();
    let toc = invoke(&w, "guide_list", json!({"lang": "nl"})).unwrap();
    let grot = toc.as_array().unwrap().iter().find(|g| g["id"] == "grot").expect("grot guide");
    let ids: Vec<&str> = grot["sections"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.first(), Some(&"intro"));
    assert_eq!(ids.last(), Some(&"conclusion"));
    assert_eq!(ids.len(), 13);
}

#[test]
fn guide_section_returns_structured_blocks_and_neighbours() {
    let (_app, w) = main_window();
    let view = invoke(&w, "guide_section", json!({"guide": "grot", "section": "the-cave", "lang": "en"})).unwrap();
    assert_eq!(view["section"]["title"], "The cave: where men go when they are stressed");
    assert_eq!(view["prev"]["id"], "intro");
    assert_eq!(view["next"]["id"], "why-she-talks");
    assert_eq!(view["section"]["blocks"][0]["type"], "paragraph");
    assert_eq!(view["section"]["blocks"][0]["inlines"][0]["type"], "text");
}

#[test]
fn guide_search_returns_marked_snippets() {
    let (_app, w) = main_window();
    let hits = invoke(&w, "guide_search", json!({"query": "Grot", "lang": "nl"})).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(hits.len() >= 3, "{} hits", hits.len());
    let marks: Vec<&Value> = hits[0]["snippet"].as_array().unwrap().iter().filter(|s| s["mark"] == true).collect();
    assert!(!marks.is_empty());
}

#[test]
fn guide_tips_lists_cards_for_both_audiences_and_signs() {
    let (_app, w) = main_window();
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
    let (_app, w) = main_window();
    let phrases = invoke(&w, "guide_phrases", json!({"guide": "grot", "lang": "nl"})).unwrap();
    let phrases = phrases.as_array().unwrap();
    assert_eq!(phrases.len(), 10);
    assert!(phrases.iter().all(|p| p["role"] == "say"));
    assert!(phrases.iter().all(|p| !p["text"].as_str().unwrap().starts_with('“')));
}

#[test]
fn errors_reach_the_ui_as_code_and_message() {
    let (_app, w) = main_window();
    let cases = [
        ("guide_list", json!({"lang": "fr"}), "invalid_input"),
        ("guide_section", json!({"guide": "grot", "section": "nope", "lang": "nl"}), "not_found"),
        ("guide_section", json!({"guide": "nope", "section": "intro", "lang": "nl"}), "not_found"),
        ("guide_search", json!({"query": "x".repeat(500), "lang": "nl"}), "invalid_input"),
        ("guide_tips", json!({"guide": "nope", "lang": "en"}), "not_found"),
    ];
    for (cmd, args, code) in cases {
        let err = invoke(&w, cmd, args).unwrap_err();
        assert_eq!(err["code"], code, "{cmd}: {err}");
        assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let (_app, w) = main_window();
    // Core plugin commands exist in every Tauri app; the capability grants none of them.
    for (cmd, args) in [
        ("plugin:window|set_title", json!({"label": "main", "value": "leak"})),
        ("plugin:event|emit", json!({"event": "x", "payload": null})),
        ("plugin:app|version", json!({})),
    ] {
        let err = invoke(&w, cmd, args).expect_err(cmd);
        let text = err.to_string();
        assert!(text.contains("not allowed"), "{cmd} refused for the wrong reason: {text}");
    }
}

#[test]
fn build_script_capability_and_handler_agree() {
    let root = env!("CARGO_MANIFEST_DIR");
    let build = std::fs::read_to_string(format!("{root}/build.rs")).unwrap();
    let list = build.split("const COMMANDS").nth(1).unwrap().split("];").next().unwrap();
    let declared: Vec<String> = list.split('"').skip(1).step_by(2).map(str::to_string).collect();
    let cap: Value = serde_json::from_str(&std::fs::read_to_string(format!("{root}/capabilities/main.json")).unwrap()).unwrap();
    let mut allowed: Vec<String> = cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let mut expected: Vec<String> = declared.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    allowed.sort();
    expected.sort();
    assert_eq!(allowed, expected, "capability must allow exactly the declared commands");
    assert_eq!(cap["windows"], json!(["main"]));

    // Every declared command is registered and callable (a missing handler answers "not found").
    let (_app, w) = main_window();
    for cmd in &declared {
        let err = invoke(&w, cmd, json!({})).expect_err("no arguments must be an error");
        assert!(!err.to_string().contains("not allowed"), "{cmd} is declared but refused: {err}");
        assert!(!err.to_string().contains("not found"), "{cmd} is declared but has no handler: {err}");
    }
}
