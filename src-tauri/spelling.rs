//! Spell checking for the letters: which languages to check a letter in (its own first, then
//! the other one the app speaks) and which of their dictionaries this machine lacks. WebKitGTK
//! checks through enchant, which reads hunspell's dictionaries under enchant's names ("nl_NL",
//! "en_US"). Knows the file system; `desktop.rs` hands the languages to WebKit.

use std::path::PathBuf;

use serde::Serialize;

use crate::lang::Lang;

/// Each language the app speaks: its dictionary's name, and the Debian package that brings it.
const DICTIONARIES: &[(Lang, &str, &str)] = &[(Lang::Nl, "nl_NL", "hunspell-nl"), (Lang::En, "en_US", "hunspell-en-us")];

/// What the spell check does for a letter, for the composer and the settings screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Spelling {
    /// Whether words are checked at all (her setting, and at least one dictionary here).
    pub enabled: bool,
    /// The dictionaries in use, the letter's own first.
    pub languages: Vec<&'static str>,
    /// Packages to install for the dictionaries that are missing.
    pub missing: Vec<&'static str>,
}

/// The plan for a letter in `lang`: its language, then the other; `on` is
/// her setting; `installed` says whether a dictionary is here.
pub fn plan(lang: Lang, on: bool, installed: impl Fn(&str) -> bool) -> Spelling {
    let mut ordered: Vec<_> = DICTIONARIES.iter().filter(|(l, ..)| *l == lang).collect();
    ordered.extend(DICTIONARIES.iter().filter(|(l, ..)| *l != lang));
    let (here, missing): (Vec<_>, Vec<_>) = ordered.into_iter().partition(|(_, name, _)| installed(name));
    let languages: Vec<&'static str> = if on { here.iter().map(|(_, name, _)| *name).collect() } else { Vec::new() };
    Spelling { enabled: !languages.is_empty(), languages, missing: missing.iter().map(|(.., package)| *package).collect() }
}

/// Whether enchant finds the hunspell dictionary `name` on this machine (its system folders, and
/// hers under `~/.config/enchant`).
pub fn installed(name: &str) -> bool {
    folders().iter().any(|dir| dir.join(format!("{name}.dic")).is_file() && dir.join(format!("{name}.aff")).is_file())
}

fn folders() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        ["/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts"].iter().map(PathBuf::from).collect();
    let data_dirs = std::env::var("XDG_DATA_DIRS").unwrap_or_default();
    dirs.extend(data_dirs.split(':').filter(|d| !d.is_empty()).map(|d| PathBuf::from(d).join("hunspell")));
    if let Some(config) = directories::BaseDirs::new().map(|b| b.config_dir().to_path_buf()) {
        dirs.push(config.join("enchant").join("hunspell"));
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letters_own_language_comes_first_and_a_missing_dictionary_is_named() {
        let all = |_: &str| true;
        assert_eq!(plan(Lang::Nl, true, all).languages, ["nl_NL", "en_US"]);
        assert_eq!(plan(Lang::En, true, all).languages, ["en_US", "nl_NL"]);
        let no_dutch = plan(Lang::Nl, true, |name| name != "nl_NL");
        assert_eq!((no_dutch.enabled, no_dutch.languages, no_dutch.missing), (true, vec!["en_US"], vec!["hunspell-nl"]));
        let none = plan(Lang::Nl, true, |_| false);
        assert!(!none.enabled && none.languages.is_empty());
        assert_eq!(none.missing, ["hunspell-nl", "hunspell-en-us"]);
        let off = plan(Lang::En, false, all);
        assert!(!off.enabled && off.languages.is_empty() && off.missing.is_empty(), "off: nothing is checked");
    }

    #[test]
    fn a_dictionary_is_found_only_with_both_its_files() {
        assert!(!installed("xx_NOPE"));
    }
}
