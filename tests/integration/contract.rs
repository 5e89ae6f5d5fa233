//! The contract between the page and the backend, generated from `src-tauri/ipc/surface.rs` and
//! the types it names: the capability, the page's typed commands and its type declarations.
//! `tsc --checkJs` (scripts/test) then checks the page against them.

use std::path::Path;

use crate::architecture::{files, read, ROOT};
use grot_lib::ipc::contract;

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

/// The capability allows exactly the declared commands.
#[test]
fn the_capability_allows_exactly_the_declared_commands() {
    let permissions: Vec<String> = grot_lib::ipc::COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    let capability = serde_json::json!({
        "identifier": "main",
        "description": "The main window may call exactly the app's own commands, nothing else: no plugin, no core window or event API. Generated from src-tauri/ipc/surface.rs by tests/integration/contract.rs.",
        "windows": ["main"],
        "permissions": permissions,
    });
    ensure_file_contents("capabilities/main.json", &(serde_json::to_string_pretty(&capability).unwrap() + "\n"));
}

/// The page's typed commands and declarations are what the backend says today.
#[test]
fn the_pages_contract_is_generated_from_the_backend() {
    ensure_file_contents("ui/lib/contract.d.ts", &contract::declarations());
    ensure_file_contents("ui/lib/commands.js", &contract::commands_js());
}

/// The UI calls commands only through `ui/lib/commands.js`, and its text sizes are the steps the
/// backend accepts.
#[test]
fn the_page_names_no_command_but_through_commands_js() {
    let state = read(&Path::new(ROOT).join("ui/lib/state.js"));
    let steps = state.split("export const TEXT_STEPS = [").nth(1).unwrap().split(']').next().unwrap().split(',').count();
    assert_eq!(steps, usize::from(grot_lib::store::settings::TEXT_STEPS), "ui/lib/state.js TEXT_STEPS");
    for path in files("ui", "js") {
        if path.ends_with("lib/commands.js") {
            continue;
        }
        let text = read(&path);
        for command in grot_lib::ipc::COMMANDS {
            assert!(
                !text.contains(&format!("'{command}'")),
                "{} names {command}: call commands.{} instead",
                path.display(),
                contract::camel(command)
            );
        }
    }
}

/// Every command's arguments are named as Tauri reads them (camelCase: no adapter renames
/// them), and each has a type.
#[test]
fn every_command_is_declared_with_its_types() {
    for path in files("src-tauri/ipc", "rs") {
        assert!(!read(&path).contains("rename_all = \"snake_case\""), "{} renames a command's arguments", path.display());
    }
    let commands = contract::commands();
    assert_eq!(commands.iter().map(|c| c.name).collect::<Vec<_>>(), grot_lib::ipc::COMMANDS);
    let get = commands.iter().find(|c| c.name == "letter_get").unwrap();
    assert_eq!(get.args, [("id".to_string(), "LetterId".to_string())], "a letter id is its own type (a string on the wire)");
    assert_eq!(get.answer, "Letter");
    let purge = commands.iter().find(|c| c.name == "letter_purge").unwrap();
    assert_eq!(purge.args[1], ("fromBackups?".to_string(), "boolean | null".to_string()), "optional: may be left out");
    let unlock = commands.iter().find(|c| c.name == "vault_unlock").unwrap();
    assert_eq!(unlock.args, [("passphrase".to_string(), "string".to_string())], "a secret travels as text");
}

/// Tauri reads each argument by the adapter's own parameter name: `ipc::declared` checks the
/// declared types by position, this checks the names (a renamed parameter would otherwise
/// leave the page sending a name nobody reads, and an optional argument silently empty).
#[test]
fn each_adapters_parameters_are_named_as_declared() {
    let sources: String = files("src-tauri/ipc", "rs").iter().map(|p| read(p)).collect();
    for command in contract::commands() {
        let start = [format!("fn {}(", command.name), format!("fn {}<", command.name)]
            .iter()
            .find_map(|head| sources.find(head.as_str()))
            .unwrap_or_else(|| panic!("no adapter for {}", command.name));
        let rest = &sources[start..];
        let open = rest.find('(').unwrap();
        let (mut depth, mut params, mut current) = (0, Vec::new(), String::new());
        for c in rest[open..].chars() {
            match c {
                '(' | '<' => depth += 1,
                ')' | '>' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
            if c == ',' && depth == 1 {
                params.push(std::mem::take(&mut current));
            } else if !(c == '(' && depth == 1) {
                current.push(c);
            }
        }
        params.push(current);
        let names: Vec<String> = params
            .iter()
            .filter_map(|p| p.split(':').next().map(str::trim).filter(|n| !n.is_empty()))
            .filter(|n| !["session", "app"].contains(n))
            .map(contract::camel)
            .collect();
        let declared: Vec<String> = command.args.iter().map(|(name, _)| name.trim_end_matches('?').to_string()).collect();
        assert_eq!(names, declared, "{}: the adapter's parameters against surface.rs", command.name);
    }
}
