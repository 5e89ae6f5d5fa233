//! What a distribution expects beside the program in a package, made from the repository so it
//! cannot fall behind: the copyright file in Debian's machine-readable form (DEP-5), naming every
//! crate compiled into `grot` and the licence it is used under (from Cargo's metadata, chosen
//! from `deny.toml`'s list, each licence's text from the SPDX list); the changelog (from
//! CHANGELOG.md); the maintainer.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::command::output;

/// Who answers for the packages: the Maintainer of the .deb, the Packager of the .rpm.
/// (GitHub's no-reply form of the project's organisation, until the project has an address.)
pub const MAINTAINER: &str = "The Grot developers <grot-app@users.noreply.github.com>";

/// The licences cargo-deny accepts, in the order Grot prefers them when a crate offers a choice:
/// `[licenses] allow` in `deny.toml`.
pub fn allowed_licences(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("deny.toml")).expect("deny.toml");
    let deny: toml::Table = text.parse().expect("deny.toml is TOML");
    let allow = deny.get("licenses").and_then(|l| l.get("allow")).and_then(|a| a.as_array()).expect("deny.toml: [licenses] allow");
    allow.iter().map(|l| l.as_str().expect("a licence is a string").to_owned()).collect()
}

/// One crate compiled into the program.
pub struct Shipped {
    name: String,
    version: String,
    authors: Vec<String>,
    /// The licences it is used under: the fewest of [`allowed_licences`] its expression needs.
    licences: Vec<String>,
}

/// Where the copyright file is read: a Debian system has the texts of the common licences in
/// `/usr/share/common-licenses/` and its copyright files point there; an RPM-based one does not,
/// so the .rpm's carries every text.
#[derive(Clone, Copy, PartialEq)]
pub enum Texts {
    Debian,
    Whole,
}

/// The licences whose text a Debian system has in `/usr/share/common-licenses/`, among those
/// deny.toml may allow.
const DEBIAN_COMMON_LICENCES: &[&str] = &["Apache-2.0", "MPL-2.0", "CC0-1.0"];

/// Every crate compiled into the program, each with the licences it is used under (the fewest
/// of `deny.toml`'s list its expression needs): what [`copyright`] names, gathered once for both
/// packages' files.
pub fn shipped(root: &Path) -> Vec<Shipped> {
    shipped_crates(root, &allowed_licences(root))
}

/// `usr/share/doc/grot/copyright` (and the .rpm's licence file) for the crates [`shipped`] found.
pub fn copyright(crates: &[Shipped], texts: Texts) -> String {
    let mut out = String::new();
    out.push_str("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n");
    out.push_str("Upstream-Name: Grot\nUpstream-Contact: ");
    out.push_str(MAINTAINER);
    out.push_str("\nSource: https://github.com/grot-app/grot\n");
    out.push_str("Comment: /usr/bin/grot is one program built from Grot's own code and the Rust crates below,\n");
    out.push_str(" each in the version Cargo.lock pins; Files names each as `cargo vendor` would place it.\n\n");
    out.push_str("Files: *\nCopyright: 2026 The Grot developers\nLicense: MIT or Apache-2.0\n");
    // Compiled into every Rust program: the standard library (core, alloc, std and the crates
    // they are built from).
    out.push_str("\nFiles: rust/library/*\nCopyright: The Rust Project Developers\nLicense: MIT or Apache-2.0\n");
    let mut used: BTreeSet<String> = ["MIT", "Apache-2.0"].map(String::from).into();
    for c in crates {
        let authors = match HOLDERS.iter().find(|(name, _)| *name == c.name) {
            Some((_, holders)) => holders.to_string(),
            None if c.authors.is_empty() => format!("the {} developers", c.name),
            None => c.authors.join("\n "),
        };
        out.push_str(&format!("\nFiles: vendor/{}-{}/*\nCopyright: {authors}\nLicense: {}\n", c.name, c.version, c.licences.join(" and ")));
        used.extend(c.licences.iter().cloned());
    }
    for licence in &used {
        // "Apache-2.0 WITH LLVM-exception": the licence's text, then the exception's.
        let (base, exception) = licence.split_once(" WITH ").map_or((licence.as_str(), None), |(base, e)| (base, Some(e)));
        let id = spdx::license_id(base).unwrap_or_else(|| panic!("{base} is not an SPDX licence"));
        let mut text = if texts == Texts::Debian && DEBIAN_COMMON_LICENCES.contains(&base) {
            format!("On Debian systems, the complete text of this licence is in\n/usr/share/common-licenses/{base}.")
        } else {
            id.text().to_owned()
        };
        if let Some(exception) = exception {
            let exception = spdx::exception_id(exception).unwrap_or_else(|| panic!("{exception} is not an SPDX exception"));
            text = format!("{text}\n\n{}", exception.text());
        }
        out.push_str(&format!("\nLicense: {licence}\n{}", indented(&text)));
    }
    out
}

/// A licence text as a DEP-5 continuation: each line indented, an empty line as " .".
fn indented(text: &str) -> String {
    text.trim().lines().map(|line| if line.trim().is_empty() { " .\n".to_owned() } else { format!(" {}\n", line.trim_end()) }).collect()
}

/// Every crate from a registry that ends up in the Linux binary: `cargo tree`'s answer for
/// `grot`'s normal dependencies on the target, as features resolve them, less the proc-macros
/// (which run while compiling and are not in the program); each crate's details from Cargo's
/// metadata.
fn shipped_crates(root: &Path, allowed: &[String]) -> Vec<Shipped> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let tree = output(
        Command::new(&cargo)
            .args([
                "tree",
                "--locked",
                "--offline",
                "-p",
                "grot",
                "-e",
                "normal,no-proc-macro",
                "--target",
                TARGET,
                "--prefix",
                "none",
                "-f",
                "{p}",
            ])
            .current_dir(root),
    );
    // "name v1.2.3", "name v1.2.3 (*)" when seen before, "name v1.2.3 (/path)" for Grot's own.
    let mut in_program: BTreeSet<(String, String)> = tree
        .lines()
        .filter(|line| !line.contains(" (/"))
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some((words.next()?.to_owned(), words.next()?.strip_prefix('v')?.to_owned()))
        })
        .collect();
    let metadata: Value = serde_json::from_str(&output(
        Command::new(&cargo)
            .args(["metadata", "--format-version", "1", "--locked", "--offline", "--filter-platform", TARGET])
            .current_dir(root),
    ))
    .unwrap();
    for package in metadata["packages"].as_array().unwrap() {
        if COMPILED_IN_BY_A_BUILD_SCRIPT.contains(&package["name"].as_str().unwrap()) {
            in_program.insert((package["name"].as_str().unwrap().to_owned(), package["version"].as_str().unwrap().to_owned()));
        }
    }
    let licensees: Vec<spdx::Licensee> =
        allowed.iter().map(|l| spdx::Licensee::parse(l).unwrap_or_else(|e| panic!("deny.toml: {l}: {e}"))).collect();
    let mut shipped = Vec::new();
    for package in metadata["packages"].as_array().unwrap() {
        let (name, version) = (package["name"].as_str().unwrap().to_owned(), package["version"].as_str().unwrap().to_owned());
        if !in_program.contains(&(name.clone(), version.clone())) {
            continue;
        }
        let expression = package["license"].as_str().unwrap_or_else(|| panic!("{name} {version} declares no SPDX licence"));
        let parsed = spdx::Expression::parse_mode(expression, spdx::ParseMode::LAX).unwrap_or_else(|e| panic!("{name}: {expression}: {e}"));
        let needed = parsed
            .minimized_requirements(&licensees)
            .unwrap_or_else(|e| panic!("{name} {version} ({expression}) is not under a licence deny.toml allows: {e}"));
        // Each with its exception, if any (`Apache-2.0 WITH LLVM-exception`).
        let licences = needed.iter().map(|req| req.to_string()).collect();
        let authors = package["authors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect();
        shipped.push(Shipped { name, version, authors, licences });
    }
    assert_eq!(shipped.len(), in_program.len(), "every crate cargo tree names is in Cargo's metadata");
    shipped.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    shipped
}

/// Build dependencies whose sources a build script compiles into the program: SQLCipher's C
/// (with SQLite's), which libsqlite3-sys builds.
const COMPILED_IN_BY_A_BUILD_SCRIPT: &[&str] = &["sqlcipher-src"];

/// Who holds the copyright where a crate's manifest does not say: SQLCipher's C source.
const HOLDERS: &[(&str, &str)] = &[(
    "sqlcipher-src",
    "2008-2025 Zetetic LLC (SQLCipher)\n The SQLite authors (SQLite, dedicated to the public domain)\n Tom St Denis (LibTomCrypt)",
)];

/// The platform the Linux packages are built for.
const TARGET: &str = "x86_64-unknown-linux-gnu";

/// A package's control data as Tauri wrote it, made right for Debian's tools: the maintainer
/// with an address, every shared library the programs need (`depends`, from dpkg-shlibdeps)
/// beside what Tauri declared (an entry naming a package already there is kept as declared,
/// which keeps alternatives such as `libssl3 | libssl3t64`), and the description filled into
/// lines that fit.
pub fn control(fields: &str, depends: &[String]) -> String {
    let mut out = String::new();
    let mut description = false;
    let mut long = String::new();
    for line in fields.lines() {
        if description && line.starts_with(' ') {
            long.push_str(line.trim());
            long.push(' ');
            continue;
        }
        description = false;
        if line.starts_with("Maintainer:") {
            out.push_str(&format!("Maintainer: {MAINTAINER}\n"));
        } else if let Some(declared) = line.strip_prefix("Depends:") {
            out.push_str(&format!("Depends: {}\n", merged_depends(declared, depends).join(", ")));
        } else if line.starts_with("Description:") {
            description = true;
            out.push_str(line);
            out.push('\n');
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    let filled = wrap(long.trim(), " ", " ");
    let at = out.find("Description:").and_then(|d| out[d..].find('\n').map(|n| d + n + 1)).expect("a Description field");
    out.insert_str(at, if long.is_empty() { "" } else { &filled });
    out
}

/// Tauri's declared entries with the least versions dpkg-shlibdeps found (`libgtk-3-0` becomes
/// `libgtk-3-0 (>= 3.21.4)`, each alternative of `libssl3 | libssl3t64` likewise where it knows
/// one), then every library it found that none of them names.
fn merged_depends(declared: &str, found: &[String]) -> Vec<String> {
    let name = |entry: &str| entry.trim().split([' ', '(']).next().unwrap_or("").to_owned();
    let versioned = |alternative: &str| -> String {
        let alternative = alternative.trim();
        match found.iter().find(|f| name(f) == alternative) {
            Some(with_version) => with_version.clone(),
            None => alternative.to_owned(),
        }
    };
    let mut all: Vec<String> = declared
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|entry| entry.split('|').map(versioned).collect::<Vec<_>>().join(" | "))
        .collect();
    let named: BTreeSet<String> = all.iter().flat_map(|d| d.split('|').map(name)).collect();
    all.extend(found.iter().filter(|f| !named.contains(&name(f))).cloned());
    all
}

/// `usr/share/doc/grot/changelog.gz` before compression: each released version of CHANGELOG.md
/// in the form `dpkg-parsechangelog` reads, newest first, dated at noon of its day.
pub fn changelog(root: &Path, package: &str) -> String {
    let mut out = String::new();
    for (version, day, entries) in released(root) {
        out.push_str(&format!("{package} ({version}) unstable; urgency=medium\n\n"));
        for (is_item, text) in entries {
            out.push_str(&if is_item { wrap(&text, "  * ", "    ") } else { format!("  [ {text} ]\n") });
        }
        out.push_str(&format!("\n -- {MAINTAINER}  {}\n\n", rfc2822_noon(&day)));
    }
    out
}

/// Each released version of CHANGELOG.md, newest first: its version, its day, and its entries
/// (`(true, item)` for an item, its continuation lines joined; `(false, group)` for a heading).
type Release = (String, String, Vec<(bool, String)>);

fn released(root: &Path) -> Vec<Release> {
    let text = std::fs::read_to_string(root.join("CHANGELOG.md")).expect("CHANGELOG.md");
    let mut releases = Vec::new();
    for section in text.split("\n## [").skip(1) {
        let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
        let Some((version, day)) = heading.split_once("] - ") else { continue }; // [Unreleased]
        let mut entries: Vec<(bool, String)> = Vec::new();
        for line in body.lines().map(str::trim_end) {
            if let Some(item) = line.strip_prefix("- ") {
                entries.push((true, item.to_owned()));
            } else if let (Some(more), Some((true, last))) = (line.strip_prefix("  "), entries.last_mut()) {
                last.push(' ');
                last.push_str(more.trim());
            } else if let Some(group) = line.strip_prefix("### ") {
                entries.push((false, group.to_owned()));
            }
        }
        releases.push((version.to_owned(), day.trim().to_owned(), entries));
    }
    releases
}

/// `2026-12-02` as `Wed, 02 Dec 2026 12:00:00 +0000` (the date Debian's changelog wants).
fn rfc2822_noon(day: &str) -> String {
    output(Command::new("date").env("LC_ALL", "C").args(["-u", "-R", "-d"]).arg(format!("{day} 12:00:00 UTC"))).trim().to_owned()
}

/// Grot's version, from Cargo.toml.
pub fn version(root: &Path) -> String {
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml")).unwrap().parse().expect("Cargo.toml");
    manifest["package"]["version"].as_str().expect("package.version").to_owned()
}

/// The `%changelog` of the .rpm: each released version of CHANGELOG.md, newest first.
pub fn rpm_changelog(root: &Path) -> String {
    released(root)
        .into_iter()
        .map(|(version, day, entries)| {
            let date =
                output(Command::new("date").env("LC_ALL", "C").args(["-u", "+%a %b %d %Y", "-d"]).arg(format!("{day} 12:00:00 UTC")));
            let items: String = entries.iter().filter(|(item, _)| *item).map(|(_, text)| wrap(text, "- ", "  ")).collect();
            format!("* {} {MAINTAINER} - {version}-1\n{items}", date.trim())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Words filled into lines of at most 79 characters, the first after `first`, the rest after
/// `rest`.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_owned();
    for word in text.split_whitespace() {
        if line.len() + word.len() + 1 > 79 && line.trim() != first.trim() {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
        } else if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_item_is_wrapped_under_its_star() {
        let wrapped = wrap(&"word ".repeat(30), "  * ", "    ");
        assert!(wrapped.lines().all(|l| l.len() <= 79), "{wrapped}");
        assert!(wrapped.starts_with("  * word"));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    word")));
    }

    #[test]
    fn the_control_data_gets_an_address_every_library_and_short_lines() {
        let tauri = "Package: grot\nMaintainer: The Grot developers\nDepends: libgtk-3-0, libssl3 | libssl3t64\nDescription: Short\n A very long line that goes on and on and on and on and on and on and on and on and on past eighty\n";
        let fixed = control(tauri, &["libc6 (>= 2.34)".into(), "libssl3 (>= 3.0.0)".into(), "libgtk-3-0 (>= 3.21)".into()]);
        assert!(fixed.contains(&format!("Maintainer: {MAINTAINER}\n")), "{fixed}");
        assert!(fixed.contains("Depends: libgtk-3-0 (>= 3.21), libssl3 (>= 3.0.0) | libssl3t64, libc6 (>= 2.34)\n"), "{fixed}");
        assert!(fixed.lines().all(|l| l.len() <= 80), "{fixed}");
        assert!(fixed.contains("Description: Short\n A very long line"), "{fixed}");
    }

    #[test]
    fn a_licence_text_keeps_its_paragraphs() {
        assert_eq!(indented("one\n\ntwo  \n"), " one\n .\n two\n");
    }
}
