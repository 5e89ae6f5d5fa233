//! The page's invariants of ARCHITECTURE.md that a grep can prove: no HTML parsed, nothing
//! stored by the webview, every string in both languages, the CSP, the modules each screen loads.

use std::collections::BTreeSet;
use std::path::Path;

use crate::architecture::{files, read, ROOT};

#[test]
fn the_ui_never_parses_html_or_stores_anything() {
    for path in files("ui", "js").into_iter().chain(files("ui", "html")) {
        let text = read(&path);
        for banned in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "localStorage",
            "sessionStorage",
            "indexedDB",
            "document.cookie",
            "eval(",
        ] {
            assert!(!text.contains(banned), "{} uses {banned}", path.display());
        }
        // The SVG namespace is a name the DOM needs, never fetched.
        let text = text.replace("'http://www.w3.org/2000/svg'", "");
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
    for dynamic in [
        "role.say",
        "role.thought",
        "role.avoid",
        "sign.healthy",
        "sign.unhealthy",
        "theme.system",
        "theme.light",
        "theme.dark",
        "restore.replaced",
        "restore.damaged",
    ] {
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
    assert!(
        read(&Path::new(ROOT).join("ui/boot.js")).contains("byId('app-markup', HTMLTemplateElement)"),
        "boot.js puts the app in the page"
    );
}

/// Every `id` in the page is one element's: a second one (the backup's import form and the
/// letters' bring-in form were both `import-form` once) makes `getElementById` answer the first,
/// and a form's Enter or button quietly belongs to another.
#[test]
fn every_id_in_the_page_is_used_once() {
    let html = read(&Path::new(ROOT).join("ui/index.html"));
    let mut seen = BTreeSet::new();
    let twice: Vec<&str> = html.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next()).filter(|id| !seen.insert(*id)).collect();
    assert!(twice.is_empty(), "ids used more than once in ui/index.html: {twice:?}");
    assert!(seen.len() > 100, "the scanner finds the page's ids ({})", seen.len());
}
