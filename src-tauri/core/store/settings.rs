//! Private preferences and bookmarks, kept in the encrypted store: even which section she read
//! last, or which tips she marked, is nobody else's business. Plain Rust; no Tauri in here.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::store::Store;

pub const AUTOLOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=240;
/// A hand-over ends in a full lock after this many idle minutes: someone else is reading, so
/// longer than the writer's own limit, but never forever.
pub const HANDOVER_LOCK_RANGE: std::ops::RangeInclusive<u32> = 5..=240;
pub const TEXT_STEPS: u8 = 8;

/// The look: the desktop's, or light or dark whatever the desktop says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// How the guide reads: a section at a time, or all of it in one scroll.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ReadingMode {
    #[default]
    Sections,
    Continuous,
}

/// Where the app opens after unlocking: where she was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum LastView {
    #[default]
    Reader,
    Letters,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub lang: Lang,
    pub theme: Theme,
    pub text_step: u8,
    pub autolock_minutes: u32,
    pub reading_mode: ReadingMode,
    /// The last section read, as `guide/section`.
    pub last_section: Option<String>,
    /// Where she was: the app opens there after unlocking.
    pub last_view: LastView,
    /// Discreet mode: a neutral window title, even on the lock screen.
    pub discreet: bool,
    /// Idle minutes after which a hand-over locks the app completely.
    pub handover_lock_minutes: u32,
    /// Lock when the laptop sleeps, the screen locks or another user takes the screen.
    pub lock_when_away: bool,
    /// Lock when the window is minimised.
    pub lock_when_minimised: bool,
    /// Cover the letters and the guidance whenever the window loses focus, until she is back.
    pub glance_proof: bool,
    /// Check the spelling of her letters.
    pub spell_check: bool,
    /// Before every hand-over, offer to wait until tomorrow morning (as the guide advises), not
    /// only when the tone check marked something.
    pub wait_before_handover: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: Lang::Nl,
            theme: Theme::System,
            text_step: 2,
            autolock_minutes: 5,
            reading_mode: ReadingMode::Sections,
            last_section: None,
            last_view: LastView::Reader,
            discreet: false,
            handover_lock_minutes: 30,
            lock_when_away: true,
            lock_when_minimised: false,
            glance_proof: false,
            spell_check: true,
            wait_before_handover: true,
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::InvalidInput(format!("setting {what}")));
        if self.text_step >= TEXT_STEPS {
            return bad("text_step");
        }
        if !AUTOLOCK_RANGE.contains(&self.autolock_minutes) {
            return bad("autolock_minutes");
        }
        if !HANDOVER_LOCK_RANGE.contains(&self.handover_lock_minutes) {
            return bad("handover_lock_minutes");
        }
        if self.last_section.as_ref().is_some_and(|s| s.len() > 200) {
            return bad("last_section");
        }
        Ok(())
    }
}

const APPEARANCE_FILE: &str = "appearance.json";

/// What the window must know before the vault is open (the desktop makes its title from it).
/// Outside the store, because the lock screen needs it; it holds discreet mode and the app's
/// language, never anything written or read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appearance {
    pub discreet: bool,
    pub lang: Lang,
}

/// The file as Grot 0.2 wrote it: the window title itself.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitledAppearance {
    title: String,
}

impl TitledAppearance {
    fn read(self) -> Option<Appearance> {
        match self.title.as_str() {
            "Grot" => Some(Appearance::default()),
            "Notities" => Some(Appearance { discreet: true, lang: Lang::Nl }),
            "Notes" => Some(Appearance { discreet: true, lang: Lang::En }),
            _ => None,
        }
    }
}

/// The appearance file is one short line; anything larger is not one Grot wrote.
const MAX_APPEARANCE_BYTES: u64 = 256;

/// Read before unlock, from a folder others with her account can write: a small regular file
/// or the defaults, the app's own look (never a FIFO that blocks the start, never a large file
/// read whole, never a field this version does not know).
pub fn read_appearance(dir: &std::path::Path) -> Appearance {
    let Ok(bytes) = crate::files::read_small(&dir.join(APPEARANCE_FILE), MAX_APPEARANCE_BYTES) else { return Appearance::default() };
    serde_json::from_slice::<Appearance>(&bytes)
        .ok()
        .or_else(|| serde_json::from_slice::<TitledAppearance>(&bytes).ok().and_then(TitledAppearance::read))
        .unwrap_or_default()
}

pub fn write_appearance(dir: &std::path::Path, settings: &Settings) -> Result<Appearance> {
    let appearance = Appearance { discreet: settings.discreet, lang: settings.lang };
    crate::files::write_atomically(&dir.join(APPEARANCE_FILE), &serde_json::to_vec(&appearance).expect("serializes"))?;
    Ok(appearance)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BookmarkKind {
    Section,
    Tip,
}

impl BookmarkKind {
    fn as_str(self) -> &'static str {
        match self {
            BookmarkKind::Section => "section",
            BookmarkKind::Tip => "tip",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Bookmark {
    pub kind: BookmarkKind,
    pub target: String,
    pub created_ms: i64,
}

/// Settings as stored, field by field: a field this version cannot read (a word written by a
/// newer one, a damaged row) takes its default and the others keep hers, so an unknown theme
/// never turns discreet mode off. Nothing readable: all defaults, rather than lock her out.
fn read_settings(json: &str) -> Settings {
    use serde_json::{Map, Value};
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(json) else {
        return Settings::default();
    };
    let readable: Map<String, Value> = fields
        .into_iter()
        .filter(|(name, value)| serde_json::from_value::<Settings>(Value::Object(Map::from_iter([(name.clone(), value.clone())]))).is_ok())
        .collect();
    serde_json::from_value(Value::Object(readable)).unwrap_or_default()
}

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        let stored: Option<String> = self.conn.query_row("SELECT value FROM settings WHERE key = 'app'", [], |r| r.get(0)).optional()?;
        Ok(stored.map(|json| read_settings(&json)).unwrap_or_default())
    }

    pub fn set_settings(&mut self, settings: &Settings) -> Result<()> {
        settings.validate()?;
        let json = serde_json::to_string(settings).expect("settings serialize");
        self.conn.execute("INSERT INTO settings (key, value) VALUES ('app', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1", [json])?;
        Ok(())
    }

    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        let mut stmt = self.conn.prepare_cached("SELECT kind, target, created_ms FROM bookmarks ORDER BY created_ms DESC")?;
        let rows = stmt
            .query_map([], |r| {
                let kind: String = r.get(0)?;
                Ok(Bookmark {
                    kind: if kind == "tip" { BookmarkKind::Tip } else { BookmarkKind::Section },
                    target: r.get(1)?,
                    created_ms: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Adds or removes a bookmark; answers whether it is now set.
    pub fn set_bookmark(&mut self, kind: BookmarkKind, target: &str, on: bool, now_ms: i64) -> Result<bool> {
        if target.is_empty() || target.len() > 200 {
            return Err(Error::InvalidInput("bookmark target".into()));
        }
        if on {
            self.conn.execute(
                "INSERT OR IGNORE INTO bookmarks (kind, target, created_ms) VALUES (?1, ?2, ?3)",
                params![kind.as_str(), target, now_ms],
            )?;
        } else {
            self.conn.execute("DELETE FROM bookmarks WHERE kind = ?1 AND target = ?2", params![kind.as_str(), target])?;
        }
        Ok(on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::new_key;

    #[test]
    fn settings_round_trip_with_defaults_and_validation() {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        let mut s = Store::create(dir.path(), &key).unwrap();
        assert_eq!(s.settings().unwrap(), Settings::default());
        let mine = Settings {
            lang: Lang::En,
            theme: Theme::Dark,
            text_step: 5,
            autolock_minutes: 15,
            reading_mode: ReadingMode::Continuous,
            last_section: Some("grot/the-cave".into()),
            last_view: LastView::Letters,
            discreet: true,
            handover_lock_minutes: 60,
            lock_when_away: false,
            lock_when_minimised: true,
            glance_proof: true,
            spell_check: false,
            wait_before_handover: false,
        };
        s.set_settings(&mine).unwrap();
        drop(s);
        let s = Store::open(dir.path(), &key).unwrap();
        assert_eq!(s.settings().unwrap(), mine, "settings survive a restart");
        let mut s = s;
        for bad in [
            Settings { text_step: TEXT_STEPS, ..Settings::default() },
            Settings { autolock_minutes: 0, ..Settings::default() },
            Settings { handover_lock_minutes: 1, ..Settings::default() },
        ] {
            assert_eq!(s.set_settings(&bad).unwrap_err().code(), "invalid_input");
        }
        assert_eq!(s.settings().unwrap(), mine);
    }

    /// The enums keep the words the store and the page always used: settings stored before
    /// they were enums read back as they were, and a word Grot does not know is refused where
    /// it enters (serde, before any command runs), never stored.
    #[test]
    fn settings_keep_their_words_and_refuse_unknown_ones() {
        let json = serde_json::to_value(Settings { lang: Lang::En, last_view: LastView::Letters, ..Settings::default() }).unwrap();
        assert_eq!(json["lang"], "en");
        assert_eq!(json["theme"], "system");
        assert_eq!(json["reading_mode"], "sections");
        assert_eq!(json["last_view"], "letters");
        let stored = r#"{"lang":"en","theme":"dark","text_step":3,"autolock_minutes":10,"reading_mode":"continuous","last_section":null,"last_view":"reader","discreet":false,"handover_lock_minutes":30,"lock_when_away":true,"lock_when_minimised":false,"glance_proof":false,"spell_check":true}"#;
        let read: Settings = serde_json::from_str(stored).unwrap();
        assert_eq!((read.lang, read.theme, read.reading_mode), (Lang::En, Theme::Dark, ReadingMode::Continuous));
        assert!(read.wait_before_handover, "settings from before it offer to wait, as new ones do");
        for bad in [r#"{"lang":"de"}"#, r#"{"theme":"neon"}"#, r#"{"last_view":"composer"}"#, r#"{"reading_mode":"x"}"#] {
            assert!(serde_json::from_str::<Settings>(bad).is_err(), "{bad}");
        }
        // Stored, an unknown word costs that field alone: discreet mode stays on.
        let newer = read_settings(r#"{"discreet":true,"theme":"neon","lang":"en","future_field":1}"#);
        assert_eq!((newer.discreet, newer.theme, newer.lang), (true, Theme::System, Lang::En));
        assert_eq!(read_settings("not json"), Settings::default());
    }

    #[test]
    fn discreet_mode_is_known_before_unlock() {
        let dir = tempfile::tempdir().unwrap();
        let plain = Appearance { discreet: false, lang: Lang::Nl };
        assert_eq!(read_appearance(dir.path()), plain, "no file yet: the app's own look");
        let discreet = Settings { discreet: true, ..Settings::default() };
        write_appearance(dir.path(), &discreet).unwrap();
        assert_eq!(read_appearance(dir.path()), Appearance { discreet: true, lang: Lang::Nl });
        write_appearance(dir.path(), &Settings { lang: Lang::En, ..discreet }).unwrap();
        assert_eq!(read_appearance(dir.path()), Appearance { discreet: true, lang: Lang::En });
        let text = std::fs::read_to_string(dir.path().join(APPEARANCE_FILE)).unwrap();
        assert_eq!(text, r#"{"discreet":true,"lang":"en"}"#, "the file holds the switch and the language, nothing else");
        // As Grot 0.2 wrote it: the title, which says the same.
        for (title, seen) in [("Notities", (true, Lang::Nl)), ("Notes", (true, Lang::En)), ("Grot", (false, Lang::Nl))] {
            std::fs::write(dir.path().join(APPEARANCE_FILE), format!(r#"{{"title":"{title}"}}"#)).unwrap();
            assert_eq!(read_appearance(dir.path()), Appearance { discreet: seen.0, lang: seen.1 }, "{title}");
        }
        for tampered in [r#"{"title":"<script>"}"#, r#"{"discreet":true,"lang":"fr"}"#, r#"{"discreet":true,"lang":"nl","title":"x"}"#] {
            std::fs::write(dir.path().join(APPEARANCE_FILE), tampered).unwrap();
            assert_eq!(read_appearance(dir.path()), plain, "a tampered file gives the app's own look: {tampered}");
        }
        let padded = format!(r#"{{"discreet":true,"lang":"en"{}}}"#, " ".repeat(300));
        std::fs::write(dir.path().join(APPEARANCE_FILE), padded).unwrap();
        assert_eq!(read_appearance(dir.path()), plain, "a large file is not read");
        std::fs::remove_file(dir.path().join(APPEARANCE_FILE)).unwrap();
        let fifo = std::ffi::CString::new(dir.path().join(APPEARANCE_FILE).to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert_eq!(read_appearance(dir.path()), plain, "a FIFO is not waited on");
    }

    #[test]
    fn bookmarks_toggle_and_list() {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        let mut s = Store::create(dir.path(), &key).unwrap();
        s.set_bookmark(BookmarkKind::Tip, "what-you-can-do.7", true, 1).unwrap();
        s.set_bookmark(BookmarkKind::Section, "grot/the-cave", true, 2).unwrap();
        s.set_bookmark(BookmarkKind::Section, "grot/the-cave", true, 3).unwrap();
        let all = s.bookmarks().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].target, "grot/the-cave");
        s.set_bookmark(BookmarkKind::Tip, "what-you-can-do.7", false, 4).unwrap();
        assert_eq!(s.bookmarks().unwrap().len(), 1);
        assert_eq!(s.set_bookmark(BookmarkKind::Tip, "", true, 5).unwrap_err().code(), "invalid_input");
    }
}
