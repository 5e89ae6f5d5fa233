//! The page's typed contract, written from `surface.rs` and the Rust types that cross: the
//! declarations of every argument, answer, setting, limit and error code
//! (`ui/lib/contract.d.ts`), and one typed function per command (`ui/lib/commands.js`).
//! `tests/integration/contract.rs` writes both and fails when either is stale; `tsc --checkJs`
//! then checks the page against them, so a renamed field or a new error code fails the test
//! command until the page follows. TypeScript by ts-rs, which reads the serde attributes.

use std::any::TypeId;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use ts_rs::{Config, TypeVisitor, TS};

use super::{PageCall, LIMITS};
use crate::error::Error;
use crate::lang::Lang;
use crate::store::letters::{Feeling, HowItWent};
use crate::store::settings::{LastView, ReadingMode, Settings, Theme};

/// Every type the surface names, under the name it uses there.
pub mod types {
    pub use super::super::Screen;
    pub use crate::away::Support;
    pub use crate::backup::Entry;
    pub use crate::export::takeout::TakeoutLabels;
    pub use crate::export::{ExportFormat, ExportLabels};
    pub use crate::guide::{Form, GuideSummary, Phrase, SearchHit, SectionView, Template, TipsView};
    pub use crate::import::Source;
    pub use crate::lang::Lang;
    pub use crate::session::{BackupStatus, HandedOver, Preview, Status, TakenOut, TakeoutTo};
    pub use crate::spelling::Spelling;
    pub use crate::store::letters::{
        AnswerAck, AnswerDraft, BroughtIn, Draft, Feeling, HowItWent, Letter, LetterHit, LetterId, Mood, NewAnswers, Notices, Revision,
        RevisionSummary, Said, SaveAck, SnapshotReason, Sort, Summary, Thread,
    };
    pub use crate::store::settings::{Bookmark, BookmarkKind, Settings};
    pub use crate::tone::Flag;
    pub use secrecy::SecretString;
}

/// One command as the page sees it: its name, its arguments (named as the page sends them) and
/// the TypeScript of each, and the TypeScript of its answer.
pub struct Command {
    pub name: &'static str,
    pub args: Vec<(String, String)>,
    pub answer: String,
}

fn config() -> Config {
    // JSON numbers: every i64 that crosses is within JavaScript's exact range (MAX_SEQ, times).
    Config::new().with_large_int("number")
}

/// The declarations needed by every type visited, each once, in name order.
#[derive(Default)]
struct Declarations {
    seen: BTreeMap<String, String>,
    visited: Vec<TypeId>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if self.visited.contains(&TypeId::of::<T>()) {
            return;
        }
        self.visited.push(TypeId::of::<T>());
        if T::output_path().is_some() {
            let cfg = config();
            let decl = format!("export {}", T::decl(&cfg));
            // Two Rust types of one name would be one TypeScript type: the second is renamed.
            if let Some(other) = self.seen.insert(T::ident(&cfg), decl.clone()) {
                assert_eq!(other, decl, "two types are called {} in the contract: rename one with #[ts(rename)]", T::ident(&cfg));
            }
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

/// A command's wire type: the declared one, or what it travels as (`SecretString as String`).
macro_rules! wire {
    ($ty:ty) => {
        $ty
    };
    ($ty:ty, $wire:ty) => {
        $wire
    };
}

macro_rules! commands {
    ($($module:ident { $($mode:tt $command:ident [$($given:ident),*] ($($arg:ident: $ty:ty $(as $wire:ty)?),*) -> $answer:ty;)+ })+) => {
        {
            #[allow(unused_imports)]
            use types::*;
            let cfg = config();
            let mut seen = Declarations::default();
            let mut out = Vec::new();
            $($(
                $(seen.visit::<wire!($ty $(, $wire)?)>();)*
                seen.visit::<$answer>();
                out.push(Command {
                    name: stringify!($command),
                    args: vec![$((
                        // An optional argument may be left out.
                        format!("{}{}", camel(stringify!($arg)), if <wire!($ty $(, $wire)?) as TS>::IS_OPTION { "?" } else { "" }),
                        <wire!($ty $(, $wire)?) as TS>::name(&cfg),
                    )),*],
                    answer: <$answer as TS>::name(&cfg),
                });
            )+)+
            (out, seen)
        }
    };
}

/// Tauri's argument names: the Rust name in camelCase.
pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn surface() -> (Vec<Command>, Declarations) {
    ipc_surface!(commands)
}

/// Every command with its types, in the order of `surface.rs`.
pub fn commands() -> Vec<Command> {
    surface().0
}

fn serialized<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serializes")
}

/// `ui/lib/contract.d.ts`: every type that crosses, the error codes, the calls the backend makes
/// into the page, and the settings' lists.
pub fn declarations() -> String {
    let (_, mut seen) = surface();
    seen.visit::<super::Limits>();
    let mut out = String::from(
        "// Generated from src-tauri/ipc/ (surface.rs and the types it names) by tests/integration/contract.rs: do not edit.\n\
         // The types that cross between the page and the backend, as the backend defines them.\n\n",
    );
    for decl in seen.seen.values() {
        writeln!(out, "{decl}\n").unwrap();
    }
    let codes: Vec<String> = Error::CODES.iter().map(|c| format!("{c:?}")).collect();
    writeln!(out, "/** Every error the backend answers, by its code. */\nexport type ErrorCode = {};\n", codes.join(" | ")).unwrap();
    out.push_str("/** What the backend calls in the page (`webview.eval`): each may be absent, and may be async. */\n");
    out.push_str("declare global {\n  interface Window {\n");
    for call in PageCall::ALL {
        writeln!(out, "    {}?: () => unknown;", call.function()).unwrap();
    }
    out.push_str("  }\n}\n");
    out
}

fn list<T: serde::Serialize + strum::VariantArray>() -> String {
    serialized(&T::VARIANTS)
}

/// `ui/lib/commands.js`: one typed function per command, the limits, the error codes, the
/// settings' defaults and lists.
pub fn commands_js() -> String {
    let mut out = String::from(
        "// Generated from src-tauri/ipc/ (surface.rs, LIMITS, Settings, the error codes) by tests/integration/contract.rs: do not edit.\n\
         // Every command the backend offers, as one typed function, and the values the page shares\n\
         // with the backend (it checks them again).\n\n\
         import { call } from './api.js';\n\n\
         /** @typedef {import('./contract.js').Limits} Limits */\n\
         /** @typedef {import('./contract.js').Settings} Settings */\n\
         /** @typedef {import('./contract.js').ErrorCode} ErrorCode */\n\n",
    );
    writeln!(out, "export const LIMITS = /** @type {{Readonly<Limits>}} */ (Object.freeze({}));\n", serialized(&LIMITS)).unwrap();
    writeln!(
        out,
        "export const DEFAULT_SETTINGS = /** @type {{Readonly<Settings>}} */ (Object.freeze({}));\n",
        serialized(&Settings::default())
    )
    .unwrap();
    for (name, values, ty) in [
        ("LANGS", serialized(&Lang::ALL), "Lang"),
        ("THEMES", list::<Theme>(), "Theme"),
        ("READING_MODES", list::<ReadingMode>(), "ReadingMode"),
        ("LAST_VIEWS", list::<LastView>(), "LastView"),
        ("FEELINGS", list::<Feeling>(), "Feeling"),
        ("OUTCOMES", list::<HowItWent>(), "HowItWent"),
    ] {
        writeln!(out, "export const {name} = /** @type {{ReadonlyArray<import('./contract.js').{ty}>}} */ (Object.freeze({values}));\n")
            .unwrap();
    }
    let codes: Vec<String> = Error::CODES.iter().map(|c| format!("{}: '{c}'", camel(c))).collect();
    writeln!(out, "/** Every error code, by name. @satisfies {{Readonly<Record<string, ErrorCode>>}} */").unwrap();
    writeln!(out, "export const ERROR = Object.freeze({{ {} }});\n", codes.join(", ")).unwrap();
    let (commands, seen) = surface();
    for command in commands {
        let args: Vec<String> = command.args.iter().map(|(name, ty)| format!("{name}: {}", qualified(&seen, ty))).collect();
        let param = if args.is_empty() { "[args]".to_string() } else { "args".to_string() };
        let shape = if args.is_empty() { "Record<string, never>".to_string() } else { format!("{{ {} }}", args.join(", ")) };
        writeln!(
            out,
            "/** @param {{{shape}}} {param} @returns {{Promise<{answer}>}} */\nexport const {js} = (args) => call('{name}', args);",
            answer = qualified(&seen, &command.answer),
            js = camel(command.name),
            name = command.name,
        )
        .unwrap();
    }
    out
}

/// A TypeScript type named in `commands.js`: the names of declared types imported from the
/// contract (`Vec<Letter>` is `Array<Letter>` there).
fn qualified(seen: &Declarations, ts: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if seen.seen.contains_key(word.as_str()) {
            write!(out, "import('./contract.js').{word}").unwrap();
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in ts.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}
