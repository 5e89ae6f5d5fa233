//! "Take all letters": every letter as a Markdown file that other tools read (YAML front matter
//! with every field the letter carries, then its text, then his answers, each under a heading
//! with its moment), and an `index.md` listing them; and the same files read back. The front
//! matter says how many bytes the text and each answer take, so a letter whose text looks like
//! a heading or a front matter of its own reads back exactly.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::store::letters::{Answer, Feeling, HowItWent, LetterId, Whole, MAX_BODY_BYTES};

/// The format this writes; a file of a later one is refused, not half read.
pub const FORMAT: u32 = 1;
/// A letter file is at most this long: its text, his answers, the front matter.
pub const MAX_FILE_BYTES: usize = 16 * MAX_BODY_BYTES;
const MAX_ANSWERS: usize = 1000;
const OPEN: &str = "---\n";
const CLOSE: &str = "---\n\n";

/// Words the files carry, in her language (the page translates them).
#[derive(Clone, Debug, Deserialize, ts_rs::TS)]
pub struct TakeoutLabels {
    /// The index's heading ("Mijn brieven uit Grot").
    pub index: String,
    /// Before each answer's moment ("Antwoord").
    pub answer: String,
    /// For a letter without a title ("Brief").
    pub untitled: String,
    /// The new folder's name, before the date ("Brieven uit Grot").
    #[serde(default)]
    pub folder: String,
    /// The folder dialog's title ("Waar moeten je brieven heen?").
    #[serde(default)]
    pub dialog: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    grot_letter: u32,
    id: LetterId,
    title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    recipient: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    language: Option<Lang>,
    created: String,
    updated: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    opened_early: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    only_for_me: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    written_from: Option<LetterId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    feelings: Vec<Feeling>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    how_it_went: Option<HowItWent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    remind_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not_now: Option<String>,
    text_bytes: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    answers: Vec<FrontAnswer>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontAnswer {
    id: String,
    written: String,
    updated: String,
    bytes: usize,
}

fn moment(ms: i64) -> Result<String> {
    let at = jiff::Timestamp::from_millisecond(ms).map_err(|_| Error::InvalidInput("a moment out of range".into()))?;
    Ok(at.to_string())
}

/// An RFC 3339 moment, from the year 0 to 9999 (jiff's range): milliseconds since the epoch.
fn millis(text: &str) -> Result<i64> {
    let at: jiff::Timestamp = text.parse().map_err(|_| Error::InvalidInput("a moment that is not RFC 3339".into()))?;
    Ok(at.as_millisecond())
}

fn opt_moment(ms: Option<i64>) -> Result<Option<String>> {
    ms.map(moment).transpose()
}

fn opt_millis(text: Option<&String>) -> Result<Option<i64>> {
    text.map(|t| millis(t)).transpose()
}

/// The file of one letter.
pub fn letter_file(w: &Whole, labels: &TakeoutLabels) -> Result<String> {
    let front = Front {
        grot_letter: FORMAT,
        id: w.id.clone(),
        title: w.title.clone(),
        recipient: w.recipient.clone(),
        language: w.lang,
        created: moment(w.created_ms)?,
        updated: moment(w.updated_ms)?,
        sealed_until: opt_moment(w.sealed_until_ms)?,
        opened_early: opt_moment(w.opened_early_ms)?,
        only_for_me: w.private,
        written_from: w.version_of.clone(),
        feelings: w.feelings.clone(),
        how_it_went: w.outcome,
        remind_on: opt_moment(w.remind_ms)?,
        not_now: opt_moment(w.not_now_ms)?,
        text_bytes: w.body.len(),
        answers: w
            .answers
            .iter()
            .map(|a| {
                Ok(FrontAnswer { id: a.id.clone(), written: moment(a.created_ms)?, updated: moment(a.updated_ms)?, bytes: a.body.len() })
            })
            .collect::<Result<_>>()?,
    };
    let yaml = serde_saphyr::to_string(&front).map_err(|e| Error::Storage(format!("front matter: {e}")))?;
    let mut out = format!("{OPEN}{yaml}{CLOSE}{}", w.body);
    // The heading is one line, whatever the page sent.
    let answer = one_line(&labels.answer);
    for (a, f) in w.answers.iter().zip(&front.answers) {
        out.push_str(&format!("\n\n## {answer} {}\n\n{}", f.written, a.body));
    }
    out.push('\n');
    Ok(out)
}

/// `text` without line breaks or other control characters (each becomes a space).
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Reads a letter file back. Refuses, without reading further, a file over [`MAX_FILE_BYTES`],
/// one of a later format, a field it does not know, a moment out of range, a text whose bytes
/// are not where the front matter says.
pub fn read_letter_file(text: &str) -> Result<Whole> {
    let bad = |what: &str| Error::InvalidInput(format!("not a letter file of Grot: {what}"));
    if text.len() > MAX_FILE_BYTES {
        return Err(Error::TooLarge(format!("a letter file of {} bytes", text.len())));
    }
    let rest = text.strip_prefix(OPEN).ok_or_else(|| bad("no front matter"))?;
    let end = rest.find(&format!("\n{CLOSE}")).ok_or_else(|| bad("the front matter does not end"))?;
    let front: Front = serde_saphyr::from_str(&rest[..=end]).map_err(|e| bad(&format!("front matter: {e}")))?;
    if front.grot_letter != FORMAT {
        return Err(bad("a format this Grot does not know"));
    }
    if front.answers.len() > MAX_ANSWERS {
        return Err(bad("too many answers"));
    }
    let mut at = &rest[end + 1 + CLOSE.len()..];
    let body = take(&mut at, front.text_bytes).ok_or_else(|| bad("the text"))?;
    let mut answers = Vec::new();
    for a in &front.answers {
        let heading = at.strip_prefix("\n\n## ").ok_or_else(|| bad("an answer without its heading"))?;
        let line = heading.find("\n\n").ok_or_else(|| bad("an answer's heading does not end"))?;
        at = &heading[line + 2..];
        let text = take(&mut at, a.bytes).ok_or_else(|| bad("an answer"))?;
        answers.push(Answer { id: a.id.clone(), body: text, seq: 1, created_ms: millis(&a.written)?, updated_ms: millis(&a.updated)? });
    }
    if at != "\n" {
        return Err(bad("something after the last answer"));
    }
    Ok(Whole {
        id: front.id,
        title: front.title,
        recipient: front.recipient,
        body,
        lang: front.language,
        created_ms: millis(&front.created)?,
        updated_ms: millis(&front.updated)?,
        sealed_until_ms: opt_millis(front.sealed_until.as_ref())?,
        opened_early_ms: opt_millis(front.opened_early.as_ref())?,
        private: front.only_for_me,
        version_of: front.written_from,
        feelings: front.feelings,
        outcome: front.how_it_went,
        remind_ms: opt_millis(front.remind_on.as_ref())?,
        not_now_ms: opt_millis(front.not_now.as_ref())?,
        answers,
    })
}

/// The first `bytes` of `at` (at most a letter's size, ending on a character), `at` moved past them.
fn take(at: &mut &str, bytes: usize) -> Option<String> {
    if bytes > MAX_BODY_BYTES || bytes > at.len() || !at.is_char_boundary(bytes) {
        return None;
    }
    let (taken, left) = at.split_at(bytes);
    *at = left;
    Some(taken.to_string())
}

/// The letters' file names, in order: a number (so they sort as written) and the title.
pub fn file_names(letters: &[Whole], labels: &TakeoutLabels) -> Vec<String> {
    letters
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let title = super::stem(&w.title).or_else(|| super::stem(&labels.untitled)).unwrap_or_else(|| "brief".into());
            format!("{:04} {title}.md", i + 1)
        })
        .collect()
}

/// The new folder's name: her words for it and the day (`Brieven uit Grot 2026-12-07`), safe
/// on every file system.
pub fn folder_name(labels: &TakeoutLabels, taken_ms: i64) -> Result<String> {
    let day: String = moment(taken_ms)?.chars().take(10).collect();
    let words = super::stem(&labels.folder).unwrap_or_else(|| "Grot".into());
    Ok(format!("{words} {day}"))
}

/// `index.md`: the heading, when they were taken, and a line per letter linking its file.
pub fn index_file(letters: &[Whole], names: &[String], labels: &TakeoutLabels, taken_ms: i64) -> Result<String> {
    let mut out = format!("# {}\n\n{}\n\n", one_line(&labels.index), moment(taken_ms)?);
    for (w, name) in letters.iter().zip(names) {
        let title = one_line(if w.title.trim().is_empty() { labels.untitled.as_str() } else { w.title.trim() });
        // The link's target with its spaces escaped, so every Markdown reader follows it.
        out.push_str(&format!("- [{}]({}) {}\n", title.replace(['[', ']'], ""), name.replace(' ', "%20"), moment(w.created_ms)?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::letters::tests::store;
    use crate::store::letters::BroughtIn;
    use crate::testing::{lid, sample_draft as draft};

    const NOW: i64 = 1_800_000_000_000;
    const A: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
    const B: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
    const C: &str = "1d4c9e2a-7b3f-4e8a-9c61-2f5d8a0b3e44";

    fn labels() -> TakeoutLabels {
        TakeoutLabels {
            index: "Mijn brieven uit Grot".into(),
            answer: "Antwoord".into(),
            untitled: "Brief".into(),
            folder: String::new(),
            dialog: String::new(),
        }
    }

    /// Every letter of a store as files, and the index without its moment.
    fn files(s: &crate::store::Store) -> Vec<String> {
        let letters = s.every_letter(NOW).unwrap();
        let names = file_names(&letters, &labels());
        let mut out: Vec<String> = letters.iter().map(|w| letter_file(w, &labels()).unwrap()).collect();
        out.extend(names);
        out
    }

    #[test]
    fn every_letter_out_into_a_new_store_and_out_again_gives_the_same_files() {
        let (_d, mut s) = store();
        // A text that looks like a front matter and a heading of its own, in every script.
        let tricky = "---\ntitle: niet echt\n---\n\n## Antwoord 2026\n\nCafé, naïef, ﬁjn — 🙂\r\n\t";
        s.save(&draft(A, tricky, 1), NOW - 3000).unwrap();
        s.save(&draft(B, "", 1), NOW - 2000).unwrap();
        s.set_private(&lid(A), true, NOW).unwrap();
        s.set_lang(&lid(B), Some(Lang::Nl)).unwrap();
        s.write_version(&lid(A), &lid(C), NOW).unwrap();
        s.set_feelings(&lid(A), &[Feeling::Hurt, Feeling::Hopeful], NOW).unwrap();
        s.remind(&lid(A), Some(NOW + 86_400_000), NOW).unwrap();
        let reading = s.start_reading(&lid(C), NOW).unwrap();
        s.save_answer(
            &lid(C),
            &crate::store::letters::AnswerDraft { id: B.into(), body: "Ik ben er weer.\n\n## ook dit".into(), seq: 1 },
            NOW,
        )
        .unwrap();
        s.not_now(&lid(C), reading, NOW + 1).unwrap();
        s.set_outcome(&lid(C), Some(HowItWent::Helped), NOW).unwrap();
        let first = files(&s);
        assert_eq!(first.len(), 6);
        assert!(first[0].starts_with("---\ngrot_letter: 1\n"), "{}", first[0]);

        let (_e, mut fresh) = store();
        let read: Vec<Whole> = first[..3].iter().map(|f| read_letter_file(f).unwrap()).collect();
        assert_eq!(read, s.every_letter(NOW).unwrap(), "read back whole");
        assert_eq!(fresh.bring_in(&read).unwrap(), BroughtIn { added: 3, skipped: 0 });
        assert_eq!(files(&fresh), first, "byte for byte");
        assert_eq!(fresh.search("weer", NOW).unwrap().len(), 1, "his answers are found again");
        // Brought in again: every letter is already here.
        assert_eq!(fresh.bring_in(&read).unwrap(), BroughtIn { added: 0, skipped: 3 });
    }

    #[test]
    fn bringing_in_is_all_or_nothing() {
        let (_d, mut s) = store();
        s.save(&draft(A, "een", 1), NOW).unwrap();
        s.save(&draft(B, "twee", 1), NOW).unwrap();
        let mut letters = s.every_letter(NOW).unwrap();
        letters[1].title = "x".repeat(crate::store::letters::MAX_TITLE_CHARS + 1);
        let (_e, mut fresh) = store();
        assert_eq!(fresh.bring_in(&letters).unwrap_err().code(), "too_large");
        assert!(fresh.every_letter(NOW).unwrap().is_empty(), "not the first one either");
    }

    #[test]
    fn a_file_that_is_not_a_letter_of_grot_is_refused() {
        let (_d, mut s) = store();
        s.save(&draft(A, "tekst", 1), NOW).unwrap();
        let good = letter_file(&s.every_letter(NOW).unwrap()[0], &labels()).unwrap();
        let created = good.lines().find(|l| l.starts_with("created: ")).unwrap();
        let year_10000 = good.replacen(created, "created: \"10000-01-01T00:00:00Z\"", 1);
        assert_eq!(created, "created: \"2027-01-15T08:00:00Z\"");
        for bad in [
            String::new(),
            "# Een gewone notitie\n".to_string(),
            good.replace("grot_letter: 1", "grot_letter: 2"),
            good.replace("text_bytes: 5", "text_bytes: 6"),
            good.replace("text_bytes: 5", "text_bytes: 4"),
            good.replace("text_bytes: 5", "text_bytes: 18446744073709551615"),
            good.replacen("title:", "unknown: 1\ntitle:", 1),
            year_10000,
            good.replacen(created, "created: 1 december", 1),
            good.replace("---\n\ntekst", "---\ntekst"),
            format!("{good}meer"),
        ] {
            assert_eq!(read_letter_file(&bad).unwrap_err().code(), "invalid_input", "{bad:?}");
        }
        let huge = format!("{good}{}", " ".repeat(MAX_FILE_BYTES));
        assert_eq!(read_letter_file(&huge).unwrap_err().code(), "too_large");
        assert_eq!(read_letter_file(&good).unwrap().body, "tekst");
    }

    /// The fuzzer's seed is a letter file this Grot reads, with an answer and marks.
    #[test]
    fn the_fuzz_seed_reads() {
        let seed = include_str!("../../../fuzz/corpus/takeout_read/letter.md");
        let read = read_letter_file(seed).unwrap();
        assert_eq!((read.body.as_str(), read.answers[0].body.as_str(), read.private), ("tekst", "Ja.", true));
        assert_eq!(letter_file(&read, &labels()).unwrap(), seed);
    }

    #[test]
    fn the_index_links_every_letter_and_names_are_numbered_and_safe() {
        let (_d, mut s) = store();
        s.save(&crate::store::letters::Draft { title: "../../etc/passwd [x]".into(), ..draft(A, "a", 1) }, NOW).unwrap();
        s.save(&crate::store::letters::Draft { title: String::new(), ..draft(B, "b", 1) }, NOW + 1).unwrap();
        let letters = s.every_letter(NOW).unwrap();
        let names = file_names(&letters, &labels());
        assert_eq!(names, ["0001 etc passwd x.md", "0002 Brief.md"]);
        let index = index_file(&letters, &names, &labels(), NOW).unwrap();
        assert!(index.starts_with("# Mijn brieven uit Grot\n\n2027-01-15T08:00:00Z\n\n"), "{index}");
        assert!(index.contains("- [../../etc/passwd x](0001%20etc%20passwd%20x.md) "), "{index}");
        assert!(index.contains("- [Brief](0002%20Brief.md) "), "{index}");
    }
}
