//! Every place in the app's code that deletes, renames or overwrites a file, each with the
//! secret or the state that guards it, declared once: the table "Every file of hers deleted,
//! renamed or overwritten" in SECURITY.md. A new place in the code that the table does not
//! name fails here, and so does a row whose place is gone, or a count that changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const HEADING: &str = "### Every file of hers deleted, renamed or overwritten";
/// The calls that take a file away or put another in its place.
const DESTRUCTIVE: [&str; 4] = ["remove_file(", "remove_dir_all(", "rename(", "persist("];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.file_name().unwrap().to_str().unwrap().ends_with("tests.rs") {
            out.push(path);
        }
    }
}

/// `session/files.rs` → `session::files`; `store/mod.rs` → `store` (in the core, `src-tauri/core/`,
/// or in the app).
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(Path::new(ROOT).join("src-tauri")).unwrap().with_extension("");
    let relative = relative.strip_prefix("core").unwrap_or(&relative);
    let parts: Vec<&str> = relative.iter().map(|p| p.to_str().unwrap()).filter(|p| *p != "mod").collect();
    parts.join("::")
}

/// (module::function) → how many destructive calls it makes, outside the tests.
fn in_the_code() -> BTreeMap<String, usize> {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src-tauri"), &mut files);
    let mut found = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap().split("#[cfg(test)]\npub(crate) mod tests").next().unwrap();
        let mut function = String::from("(outside any function)");
        for line in code.lines() {
            let trimmed = line.trim_start();
            if !trimmed.starts_with("//") {
                if let Some(rest) = trimmed.split("fn ").nth(1).filter(|_| trimmed.starts_with("fn ") || trimmed.contains(" fn ")) {
                    function = rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap().to_string();
                }
                let calls = DESTRUCTIVE.iter().map(|call| line.matches(call).count()).sum::<usize>();
                if calls > 0 {
                    *found.entry(format!("{}::{function}", module_of(&file))).or_insert(0) += calls;
                }
            }
        }
    }
    found
}

/// The table's rows: `| `module::function` | calls | what it touches | what guards it |`.
fn declared() -> BTreeMap<String, (usize, String)> {
    let security = std::fs::read_to_string(Path::new(ROOT).join("SECURITY.md")).unwrap();
    let section = security.split(HEADING).nth(1).unwrap_or_else(|| panic!("SECURITY.md has no section {HEADING:?}"));
    let mut rows = BTreeMap::new();
    for line in section.lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|')).skip(2) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 4, "a row of four cells: {line}");
        let place = cells[0].trim_matches('`').to_string();
        let calls = cells[1].parse().unwrap_or_else(|_| panic!("the count of {place} is a number"));
        assert!(cells[3].len() > 20, "{place}: say what guards it");
        rows.insert(place, (calls, cells[3].to_string()));
    }
    rows
}

#[test]
fn every_place_that_deletes_or_replaces_a_file_names_what_guards_it() {
    let code = in_the_code();
    let table = declared();
    for (place, calls) in &code {
        let (listed, _) = table.get(place).unwrap_or_else(|| {
            panic!(
                "{place} deletes, renames or overwrites a file ({calls} calls) but SECURITY.md's table does not name it and what guards it"
            )
        });
        assert_eq!(listed, calls, "{place} makes {calls} such calls; SECURITY.md says {listed}");
    }
    for place in table.keys() {
        assert!(code.contains_key(place), "SECURITY.md names {place}, which no longer deletes or replaces anything");
    }
}
