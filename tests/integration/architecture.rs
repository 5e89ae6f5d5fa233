//! The invariants of ARCHITECTURE.md that a grep can prove.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(ROOT).join(dir), ext, &mut out);
    assert!(!out.is_empty(), "no .{ext} files under {dir}");
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The layers of `src-tauri/`, bottom up, each listed once: a module may use only modules of
/// lower layers (and, inside its own folder, itself). Modules in one layer do not use each other,
/// so the store knows neither the guide nor typesetting. Every module must be placed here.
const LAYERS: &[&[&str]] = &[
    // The base.
    &["error"],
    &["clock", "text", "harden", "files"],
    // The domain.
    &["vault"],
    &["store", "guide"],
    &["tone", "export"],
    // The orchestration.
    &["rotation", "backup"],
    &["session"],
    // The adapters, which know Tauri (or, `away`, the desktop's message buses).
    &["desktop", "away", "spelling", "webkit_extension"],
    &["ipc"],
    &["app"],
    &["lib", "main"],
];

/// Which module a file under `src-tauri/` belongs to: its first path component.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(Path::new(ROOT).join("src-tauri")).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The modules a Rust file names as `crate::<module>` or `crate::{a, b::c}` (imports and paths),
/// comments left out.
fn crate_uses(text: &str) -> BTreeSet<String> {
    fn ident(s: &str) -> String {
        s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
    }
    let mut out = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for part in line.split("crate::").skip(1) {
            let names = match part.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').map(ident).collect(),
                None => vec![ident(part)],
            };
            out.extend(names.into_iter().filter(|n| !n.is_empty()));
        }
    }
    out
}

#[test]
fn no_import_goes_up_a_layer() {
    let mut wrong = Vec::new();
    for path in files("src-tauri", "rs") {
        let module = module_of(&path);
        let Some(layer) = layer_of(&module) else { panic!("{}: module {module} is in no layer of LAYERS", path.display()) };
        for used in crate_uses(&read(&path)) {
            if used == module {
                continue;
            }
            let Some(other) = layer_of(&used) else { panic!("{}: uses crate::{used}, which is in no layer", path.display()) };
            if other >= layer {
                wrong.push(format!("{} ({module}, layer {layer}) uses {used} (layer {other})", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports that go up or sideways:\n{}", wrong.join("\n"));
}

#[test]
fn the_layer_check_sees_a_cycle() {
    assert_eq!(crate_uses("use crate::store::letters::Draft;\n// crate::guide in a comment\nlet x = crate::clock::now_ms();"), BTreeSet::from(["store".to_string(), "clock".to_string()]));
    assert_eq!(crate_uses("use crate::{vault, session::Session};"), BTreeSet::from(["vault".to_string(), "session".to_string()]));
    assert!(layer_of("store") < layer_of("session") && layer_of("store") == layer_of("guide"));
}

#[test]
fn the_core_never_imports_tauri() {
    for path in files("src-tauri", "rs") {
        if ["ipc", "desktop", "app", "lib", "main"].contains(&module_of(&path).as_str()) {
            continue;
        }
        let text = read(&path);
        assert!(!text.contains("tauri::") && !text.contains("use tauri"), "{} imports tauri", path.display());
    }
}

/// Files a person reads stay short; generated files and the tables of tests are exempt.
#[test]
fn no_source_file_is_over_400_lines() {
    const EXEMPT: &[&str] = &["ui/lib/commands.js"];
    let mut long = Vec::new();
    for (dir, ext) in [("src-tauri", "rs"), ("tests", "rs"), ("benches", "rs"), ("xtask", "rs"), ("testsupport", "rs"), ("ui", "js")] {
        for path in files(dir, ext) {
            let rel = path.strip_prefix(ROOT).unwrap().to_string_lossy().to_string();
            let lines = read(&path).lines().count();
            if lines > 400 && !EXEMPT.contains(&rel.as_str()) {
                long.push(format!("{rel}: {lines} lines"));
            }
        }
    }
    assert!(long.is_empty(), "split these: {long:?}");
}

/// rust-analyzer's `ensure_file_contents`: a generated file that differs is written anew and the
/// test fails, so a stale file never passes, and the fix is to commit what the test wrote.
fn ensure_file_contents(rel: &str, contents: &str) {
    let path = Path::new(ROOT).join(rel);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::write(&path, contents).unwrap();
    panic!("{rel} was not up to date; it has been generated anew from src-tauri/ipc: commit it");
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    for (i, word) in snake.split('_').enumerate() {
        let mut chars = word.chars();
        if i == 0 {
            out.push_str(word);
        } else if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// The capability allows exactly the declared commands, and the UI calls them by name only
/// through `ui/lib/commands.js`: both generated from `src-tauri/ipc/surface.rs`.
#[test]
fn the_ipc_surface_is_declared_once() {
    let permissions: Vec<String> = grot_lib::ipc::COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    let capability = serde_json::json!({
        "identifier": "main",
        "description": "The main window may call exactly the app's own commands, nothing else: no plugin, no core window or event API. Generated from src-tauri/ipc/surface.rs by tests/integration/architecture.rs.",
        "windows": ["main"],
        "permissions": permissions,
    });
    ensure_file_contents("capabilities/main.json", &(serde_json::to_string_pretty(&capability).unwrap() + "\n"));

    let mut js = String::from(
        "// Generated from src-tauri/ipc/surface.rs and ipc::LIMITS by tests/integration/architecture.rs: do not edit.\n\
         // Every command the backend offers, as one named function, and the limits the UI checks\n\
         // before it calls (the backend checks them again).\n\nimport { call } from './api.js';\n\n",
    );
    let limits = serde_json::to_value(grot_lib::ipc::LIMITS).unwrap();
    js.push_str("export const LIMITS = Object.freeze({\n");
    for (name, value) in limits.as_object().unwrap() {
        js.push_str(&format!("  {}: {value},\n", camel(name)));
    }
    js.push_str("});\n\n");
    for command in grot_lib::ipc::COMMANDS {
        js.push_str(&format!("export const {} = (args) => call('{command}', args);\n", camel(command)));
    }
    ensure_file_contents("ui/lib/commands.js", &js);

    // The UI's text sizes are the steps the backend accepts.
    let state = read(&Path::new(ROOT).join("ui/lib/state.js"));
    let steps = state.split("export const TEXT_STEPS = [").nth(1).unwrap().split(']').next().unwrap().split(',').count();
    assert_eq!(steps, usize::from(grot_lib::store::settings::TEXT_STEPS), "ui/lib/state.js TEXT_STEPS");

    // Nothing else in the UI names a command.
    for path in files("ui", "js") {
        if path.ends_with("lib/commands.js") {
            continue;
        }
        let text = read(&path);
        for command in grot_lib::ipc::COMMANDS {
            assert!(!text.contains(&format!("'{command}'")), "{} names {command}: call commands.{} instead", path.display(), camel(command));
        }
    }
}

#[test]
fn the_ui_never_parses_html_or_stores_anything() {
    for path in files("ui", "js").into_iter().chain(files("ui", "html")) {
        let text = read(&path);
        for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "localStorage", "sessionStorage", "indexedDB", "document.cookie", "eval("] {
            assert!(!text.contains(banned), "{} uses {banned}", path.display());
        }
        assert!(!text.contains("http://") && !text.contains("https://"), "{} names a remote address", path.display());
    }
    let html = read(&Path::new(ROOT).join("ui/index.html"));
    assert!(!html.contains("<script>") && !html.contains(" style=") && !html.contains(" onclick="), "inline code in index.html");
}

fn keys(lang: &str) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(&read(&Path::new(ROOT).join(format!("ui/i18n/{lang}.json")))).unwrap();
    json.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn both_languages_have_the_same_strings() {
    assert_eq!(keys("nl"), keys("en"));
}

/// Literal keys passed to the i18n function `t(...)` (not `split(...)` and friends).
fn translation_keys(js: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (at, _) in js.match_indices("t(") {
        let before = js[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '$') {
            continue;
        }
        let rest = &js[at + 2..];
        let Some(quote) = rest.chars().next().filter(|c| ['\'', '`', '"'].contains(c)) else { continue };
        let key = rest[1..].split(quote).next().unwrap();
        if !key.contains("${") {
            keys.push(key.to_string());
        }
    }
    keys
}

#[test]
fn every_string_the_ui_asks_for_exists() {
    let known = keys("nl");
    let mut used = BTreeSet::new();
    let html = read(&Path::new(ROOT).join("ui/index.html"));
    for part in html.split("data-i18n=\"").skip(1) {
        used.insert(part.split('"').next().unwrap().to_string());
    }
    for part in html.split("data-i18n-attr=\"").skip(1) {
        for pair in part.split('"').next().unwrap().split(';') {
            used.insert(pair.split(':').nth(1).unwrap().to_string());
        }
    }
    for path in files("ui", "js") {
        let text = read(&path);
        used.extend(translation_keys(&text));
        for part in text.split("label: '").skip(1) {
            used.insert(part.split('\'').next().unwrap().to_string());
        }
    }
    // Keys built at run time from enums the backend sends.
    for dynamic in ["role.say", "role.thought", "role.avoid", "sign.healthy", "sign.unhealthy", "theme.system", "theme.light", "theme.dark", "restore.replaced", "restore.damaged"] {
        used.insert(dynamic.to_string());
    }
    let missing: Vec<_> = used.difference(&known).collect();
    assert!(missing.is_empty(), "strings used but not defined: {missing:?}");
    for lang in ["nl", "en"] {
        let known = keys(lang);
        for code in grot_lib::error::Error::CODES.iter().chain(&["unknown"]) {
            assert!(known.contains(&format!("errors.{code}")), "no {lang} translation for error code {code}");
        }
    }
}

#[test]
fn the_csp_allows_only_the_app_itself() {
    let conf: serde_json::Value = serde_json::from_str(&read(&Path::new(ROOT).join("tauri.conf.json"))).unwrap();
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    for (directive, value) in csp.as_object().unwrap() {
        let value = value.as_str().unwrap();
        assert!(!value.contains("unsafe-") && !value.contains("https:") && !value.contains('*'), "{directive}: {value}");
    }
    assert_eq!(conf["app"]["withGlobalTauri"], true);
    assert_eq!(conf["build"]["frontendDist"], "ui");
}

#[test]
fn the_key_scanner_finds_calls_and_nothing_else() {
    let js = "a.split(':'); t('one.key'); x(t(`two`), { n }); getElementById('id'); t(`role.${r}`)";
    assert_eq!(translation_keys(js), ["one.key", "two"]);
}

/// The modules a file imports statically (`import … from './x.js'`), as paths under ui/.
fn static_imports(ui: &Path, file: &Path) -> Vec<String> {
    let text = read(file);
    let dir = file.parent().unwrap();
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("import ")) {
        let Some(spec) = line.split(['\'', '"']).nth(1) else { continue };
        let path = dir.join(spec);
        let mut parts: Vec<String> = Vec::new();
        for part in path.strip_prefix(ui).unwrap().components() {
            match part {
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                std::path::Component::Normal(p) => parts.push(p.to_string_lossy().to_string()),
                _ => {}
            }
        }
        out.push(parts.join("/"));
    }
    out
}

/// Views use the shared modules of `ui/lib/` only; they reach each other through `app.js`.
#[test]
fn views_import_only_from_lib() {
    let ui = Path::new(ROOT).join("ui");
    for view in files("ui/views", "js") {
        for import in static_imports(&ui, &view) {
            assert!(import.starts_with("lib/"), "{} imports {import}", view.display());
        }
    }
    for lib in files("ui/lib", "js") {
        for import in static_imports(&ui, &lib) {
            assert!(import.starts_with("lib/"), "{} (shared) imports {import}", lib.display());
        }
    }
}

#[test]
fn the_lock_screen_preloads_exactly_its_own_modules_and_imports_the_app_after_unlock() {
    let ui = Path::new(ROOT).join("ui");
    let html = read(&ui.join("index.html"));
    assert!(html.contains(r#"<script type="module" src="boot.js">"#), "boot.js is the entry");
    // Everything boot.js needs, statically, all the way down.
    let mut needed = BTreeSet::new();
    let mut todo = vec!["boot.js".to_string()];
    while let Some(module) = todo.pop() {
        for import in static_imports(&ui, &ui.join(&module)) {
            if needed.insert(import.clone()) {
                todo.push(import);
            }
        }
    }
    let preloaded: BTreeSet<String> = html
        .lines()
        .filter_map(|l| l.trim().strip_prefix(r#"<link rel="modulepreload" href=""#)?.split('"').next().map(str::to_string))
        .collect();
    assert_eq!(preloaded, needed, "index.html preloads what the lock screen imports, no more, no less");
    assert!(!needed.contains("app.js"), "the app is not part of the lock screen");
    assert!(read(&ui.join("boot.js")).contains("import('./app.js')"), "boot.js imports the app after unlocking");
}

/// A date or time field, even hidden in a dialog, makes WebKit load the locale's calendar data
/// (ICU, 2.6 MB in the web process) at start; such fields get their type when first shown.
#[test]
fn the_page_starts_without_date_fields() {
    let html = read(&Path::new(ROOT).join("ui/index.html"));
    for kind in ["date", "time", "datetime-local", "month", "week"] {
        assert!(!html.contains(&format!(r#"type="{kind}""#)), "index.html has a {kind} field at start");
    }
}

/// Behind the lock screen, the app's views and dialogs wait in a template (boot.js puts them in
/// the page at unlock): the lock screen does not style or lay them out.
#[test]
fn the_app_markup_waits_in_a_template() {
    let html = read(&Path::new(ROOT).join("ui/index.html"));
    let open = html.find(r#"<template id="app-markup">"#).expect("the app's template");
    let close = html.rfind("</template>").expect("the template ends");
    for id in [r#"id="app""#, r#"id="settings""#, r#"id="seal-dialog""#, r#"id="help""#] {
        let at = html.find(id).unwrap_or_else(|| panic!("{id} in index.html"));
        assert!(open < at && at < close, "{id} is outside the app's template");
    }
    let gate = html.find(r#"id="gate""#).expect("the gate");
    assert!(gate < open, "the lock screen is in the page from the start");
    assert!(read(&Path::new(ROOT).join("ui/boot.js")).contains("getElementById('app-markup')"), "boot.js puts the app in the page");
}
