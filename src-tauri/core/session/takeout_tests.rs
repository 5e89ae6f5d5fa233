//! "Take all letters" and bringing them back, through the session: her passphrase first
//! (counted), sealed letters left in, a new folder every time, nothing of the source changed,
//! all or nothing back in.

use super::*;
use crate::export::takeout::TakeoutLabels;
use crate::import::Source;
use crate::store::letters::{BroughtIn, Feeling};
use crate::testing::{lid, sample_draft, secret, unlocked, ID, PASS};

const OTHER: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
const SEALED: &str = "1d4c9e2a-7b3f-4e8a-9c61-2f5d8a0b3e44";

fn labels() -> TakeoutLabels {
    TakeoutLabels {
        index: "Mijn brieven".into(),
        answer: "Antwoord".into(),
        untitled: "Brief".into(),
        folder: "Brieven uit Grot".into(),
        dialog: String::new(),
    }
}

/// Every file under `dir`, by name, with its bytes.
fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// Brings a take-out folder in: the preview, then her yes.
fn bring_back(session: &Session, choose: impl FnOnce() -> Result<Option<PathBuf>>) -> Result<Option<BroughtIn>> {
    let Some(preview) = session.import_preview(&secret(PASS), Source::GrotFolder, choose)? else { return Ok(None) };
    assert!(preview.letters >= preview.already_here);
    session.import_confirm().map(Some)
}

fn with_letters(session: &Session) {
    let now = now_ms();
    session.with_store(|s| s.save(&sample_draft(ID, "Lieve Sam, ik wacht.", 1), now)).unwrap();
    session.with_store(|s| s.save(&sample_draft(OTHER, "Voor mezelf.", 1), now + 1)).unwrap();
    session.with_store(|s| s.set_feelings(&lid(OTHER), &[Feeling::Calm], now)).unwrap();
    session.with_store(|s| s.save(&sample_draft(SEALED, "Pas later.", 1), now + 2)).unwrap();
    session.with_store(|s| s.seal(&lid(SEALED), now + 86_400_000, now)).unwrap();
}

#[test]
fn her_letters_go_out_after_her_passphrase_into_a_new_folder_and_come_back_the_same() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    let out = tempfile::tempdir().unwrap();
    let asked = std::cell::Cell::new(0);
    let chosen = || {
        asked.set(asked.get() + 1);
        Ok(Some(out.path().to_path_buf()))
    };
    assert_eq!(
        session.take_out_all(&secret("raden maar"), &labels(), TakeoutTo::Folder, |_| chosen()).unwrap_err(),
        Error::WrongPassphrase
    );
    assert_eq!(asked.get(), 0, "no dialog before her passphrase");
    let taken = session.take_out_all(&secret(PASS), &labels(), TakeoutTo::Folder, |_| chosen()).unwrap().unwrap();
    assert_eq!((taken.letters, taken.sealed_left), (2, 1), "the sealed letter stays in, and she is told");
    let folder = out.path().join(&taken.name);
    assert!(taken.name.starts_with("Brieven uit Grot "), "{}", taken.name);
    let written = files_in(&folder);
    let names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["0001 Brief.md", "0002 Brief.md", "index.md"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777, 0o700, "not even its file names for others");
    }
    #[cfg(unix)]
    for entry in std::fs::read_dir(&folder).unwrap() {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(entry.unwrap().metadata().unwrap().permissions().mode() & 0o777, 0o600, "hers alone to read");
    }
    // Taken out again the same day: a folder of its own, the first one untouched.
    let again = session.take_out_all(&secret(PASS), &labels(), TakeoutTo::Folder, |_| chosen()).unwrap().unwrap();
    assert_eq!(again.name, format!("{} (2)", taken.name));
    assert_eq!(files_in(&folder), written);

    // Into a new vault, and out again: the same letter files, byte for byte.
    let (_other, fresh, _) = unlocked();
    let brought = bring_back(&fresh, || Ok(Some(folder.clone()))).unwrap().unwrap();
    assert_eq!(brought, BroughtIn { added: 2, skipped: 0 });
    assert_eq!(files_in(&folder), written, "the source is only read");
    let out2 = tempfile::tempdir().unwrap();
    let taken2 = fresh.take_out_all(&secret(PASS), &labels(), TakeoutTo::Folder, |_| Ok(Some(out2.path().to_path_buf()))).unwrap().unwrap();
    let rewritten = files_in(&out2.path().join(&taken2.name));
    assert_eq!(rewritten[..2], written[..2], "the letters, byte for byte");
    assert_eq!(bring_back(&fresh, || Ok(Some(folder.clone()))).unwrap().unwrap(), BroughtIn { added: 0, skipped: 2 });
}

#[test]
fn a_folder_with_one_file_that_is_not_a_letter_of_grot_brings_nothing_in() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    let out = tempfile::tempdir().unwrap();
    let taken = session.take_out_all(&secret(PASS), &labels(), TakeoutTo::Folder, |_| Ok(Some(out.path().to_path_buf()))).unwrap().unwrap();
    let folder = out.path().join(&taken.name);
    let (_other, fresh, _) = unlocked();
    let spoiled = |name: &str, bytes: &[u8]| {
        let copy = tempfile::tempdir().unwrap();
        for (n, b) in files_in(&folder) {
            std::fs::write(copy.path().join(n), b).unwrap();
        }
        std::fs::write(copy.path().join(name), bytes).unwrap();
        copy
    };
    for (name, bytes) in [("0003 x.md", b"# een notitie\n".as_slice()), ("0003 y.md", b"\xff\xfe niet utf-8"), ("0003 z.md", b"")] {
        let copy = spoiled(name, bytes);
        assert_eq!(bring_back(&fresh, || Ok(Some(copy.path().to_path_buf()))).unwrap_err().code(), "not_that_format", "{name}");
        assert!(fresh.with_store(|s| s.list(crate::store::letters::Sort::Updated, now_ms())).unwrap().is_empty(), "nothing brought in");
    }
    #[cfg(unix)]
    {
        let copy = spoiled("0000 a.md", b"");
        std::fs::remove_file(copy.path().join("0000 a.md")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", copy.path().join("0000 a.md")).unwrap();
        assert_eq!(
            bring_back(&fresh, || Ok(Some(copy.path().to_path_buf()))).unwrap_err().code(),
            "not_that_format",
            "a link is not followed"
        );
    }
    // Locked while the dialog was open: nothing read, nothing written.
    let locked_meanwhile = || {
        fresh.lock();
        Ok(Some(folder.clone()))
    };
    assert_eq!(bring_back(&fresh, locked_meanwhile).unwrap_err(), Error::Locked);
}

#[test]
fn his_answer_written_in_a_handover_goes_out_with_its_letter() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    session.with_store(|s| s.set_lang(&lid(ID), Some(crate::lang::Lang::Nl))).unwrap();
    session.start_handover(&lid(ID)).unwrap();
    let answer =
        crate::store::letters::AnswerDraft { id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c66".into(), body: "Ik ben er weer.".into(), seq: 1 };
    session.save_answer(&answer).unwrap();
    session.leave_handover(&secret(PASS)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let taken = session.take_out_all(&secret(PASS), &labels(), TakeoutTo::Folder, |_| Ok(Some(out.path().to_path_buf()))).unwrap().unwrap();
    let file = std::fs::read_to_string(out.path().join(&taken.name).join("0001 Brief.md")).unwrap();
    assert!(file.contains("language: nl\n") && file.contains("\n\n## Antwoord ") && file.ends_with("\n\nIk ben er weer.\n"), "{file}");
}

#[test]
fn her_letters_go_out_as_one_zip_and_come_back_from_it_the_same() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    let out = tempfile::tempdir().unwrap();
    let offered = std::cell::RefCell::new(String::new());
    let taken = session
        .take_out_all(&secret(PASS), &labels(), TakeoutTo::Zip, |name| {
            *offered.borrow_mut() = name.to_string();
            Ok(Some(out.path().join(name)))
        })
        .unwrap()
        .unwrap();
    assert!(offered.borrow().starts_with("Brieven uit Grot ") && offered.borrow().ends_with(".zip"), "{}", offered.borrow());
    assert_eq!((taken.name.as_str(), taken.letters, taken.sealed_left), (offered.borrow().as_str(), 2, 1));
    let names: Vec<String> = files_in(out.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, std::slice::from_ref(&taken.name), "the zip alone: nothing temporary beside it");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(out.path().join(&taken.name)).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // The same files as a folder take-out, each inside the zip's one folder.
    let folder_out = tempfile::tempdir().unwrap();
    let as_folder =
        session.take_out_all(&secret(PASS), &labels(), TakeoutTo::Folder, |_| Ok(Some(folder_out.path().into()))).unwrap().unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(out.path().join(&taken.name)).unwrap()).unwrap();
    let mut unpacked: Vec<(String, Vec<u8>)> = (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect();
    unpacked.sort();
    let expected: Vec<(String, Vec<u8>)> =
        files_in(&folder_out.path().join(&as_folder.name)).into_iter().map(|(n, b)| (format!("{}/{n}", as_folder.name), b)).collect();
    // The same files, but the index's moment of taking.
    assert_eq!(unpacked.iter().map(|(n, _)| n).collect::<Vec<_>>(), expected.iter().map(|(n, _)| n).collect::<Vec<_>>());
    assert_eq!(unpacked[..2], expected[..2]);

    // Into a new vault: shown first, written only on her yes, then the same letters out again.
    let (_other, fresh, _) = unlocked();
    let zip_path = out.path().join(&taken.name);
    let preview = fresh.import_preview(&secret(PASS), Source::GrotZip, || Ok(Some(zip_path.clone()))).unwrap().unwrap();
    assert_eq!((preview.letters, preview.already_here, preview.left_out, preview.titles.len()), (2, 0, 0, 2));
    assert!(preview.first_ms <= preview.last_ms && preview.first_ms.is_some());
    assert!(fresh.with_store(|s| s.every_letter(now_ms())).unwrap().is_empty(), "nothing written before her yes");
    assert_eq!(fresh.import_confirm().unwrap(), BroughtIn { added: 2, skipped: 0 });
    assert_eq!(fresh.import_confirm().unwrap_err().code(), "precondition", "one yes brings it in once");
    let again_out = tempfile::tempdir().unwrap();
    let again = fresh.take_out_all(&secret(PASS), &labels(), TakeoutTo::Folder, |_| Ok(Some(again_out.path().into()))).unwrap().unwrap();
    let rewritten = files_in(&again_out.path().join(&again.name));
    let written = files_in(&folder_out.path().join(&as_folder.name));
    assert_eq!(rewritten[..2], written[..2], "the letters, byte for byte");
    let twice = fresh.import_preview(&secret(PASS), Source::GrotZip, || Ok(Some(zip_path.clone()))).unwrap().unwrap();
    assert_eq!((twice.letters, twice.already_here), (2, 2), "she sees they are here already");
}

#[test]
fn a_preview_asks_her_passphrase_counts_the_guess_and_a_lock_drops_it() {
    let (_dir, session, _) = unlocked();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("Aan Sam.md"), "Lieve Sam.").unwrap();
    let asked = std::cell::Cell::new(false);
    let choose = || {
        asked.set(true);
        Ok(Some(folder.path().to_path_buf()))
    };
    assert_eq!(session.import_preview(&secret("raden maar"), Source::TextFolder, choose).unwrap_err(), Error::WrongPassphrase);
    assert!(!asked.get(), "no dialog before her passphrase");
    assert_eq!(lock_ignoring_poison(&session.guesses).failed, 1, "counted on the one live counter");
    let preview = session.import_preview(&secret(PASS), Source::TextFolder, choose).unwrap().unwrap();
    assert_eq!((preview.letters, preview.titles.as_slice()), (1, ["Aan Sam".to_string()].as_slice()));
    session.lock();
    session.unlock(&secret(PASS)).unwrap();
    assert_eq!(session.import_confirm().unwrap_err().code(), "precondition", "what waited went with the lock");
    session.import_preview(&secret(PASS), Source::TextFolder, choose).unwrap().unwrap();
    session.import_cancel().unwrap();
    assert_eq!(session.import_confirm().unwrap_err().code(), "precondition", "she said no");
    assert!(session.with_store(|s| s.every_letter(now_ms())).unwrap().is_empty());
    assert_eq!(std::fs::read_to_string(folder.path().join("Aan Sam.md")).unwrap(), "Lieve Sam.", "only read");
}

#[test]
fn what_waits_for_her_yes_is_gone_once_the_laptop_is_handed_over() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("Aan Sam.md"), "Lieve Sam.").unwrap();
    session.import_preview(&secret(PASS), Source::TextFolder, || Ok(Some(folder.path().to_path_buf()))).unwrap().unwrap();
    session.start_handover(&lid(ID)).unwrap();
    assert_eq!(session.import_confirm().unwrap_err(), Error::HandOver);
    session.leave_handover(&secret(PASS)).unwrap();
    assert_eq!(session.import_confirm().unwrap_err().code(), "precondition", "he could not say yes, and it does not wait for her");
}

#[test]
fn many_letters_of_one_moment_come_in_once_each_and_twice_is_skipped() {
    let (_dir, session, _) = unlocked();
    let folder = tempfile::tempdir().unwrap();
    let entries: Vec<String> =
        (0..2000).map(|n| format!(r#"{{"title": "", "body": "brief {}", "date": "2024-01-15", "time": "10:00"}}"#, n % 1500)).collect();
    let path = folder.path().join("jrnl.json");
    std::fs::write(&path, format!(r#"{{"tags": {{}}, "entries": [{}]}}"#, entries.join(","))).unwrap();
    let preview = session.import_preview(&secret(PASS), Source::Jrnl, || Ok(Some(path.clone()))).unwrap().unwrap();
    assert_eq!((preview.letters, preview.already_here), (2000, 500));
    assert_eq!(session.import_confirm().unwrap(), BroughtIn { added: 1500, skipped: 500 });
}

#[test]
fn an_import_is_undone_as_a_whole_into_the_trash_until_she_locks() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("Aan Sam.md"), "Lieve Sam.").unwrap();
    std::fs::write(folder.path().join("Aan mij.txt"), "Rustig.").unwrap();
    let choose = || Ok(Some(folder.path().to_path_buf()));
    assert_eq!(session.import_undo().unwrap_err().code(), "precondition", "nothing to undo yet");
    session.import_preview(&secret(PASS), Source::TextFolder, choose).unwrap().unwrap();
    assert_eq!(session.import_undo().unwrap_err().code(), "precondition", "not before her yes");
    assert_eq!(session.import_confirm().unwrap(), BroughtIn { added: 2, skipped: 0 });
    let before = session.with_store(|s| s.list(crate::store::letters::Sort::Title, now_ms())).unwrap().len();
    assert_eq!(session.import_undo().unwrap(), 2);
    let titles: Vec<String> = session.with_store(|s| s.trash(now_ms())).unwrap().into_iter().map(|l| l.title).collect();
    assert_eq!(titles.len(), 2, "both in the trash: {titles:?}");
    let after = session.with_store(|s| s.list(crate::store::letters::Sort::Title, now_ms())).unwrap().len();
    assert_eq!(after, before - 2, "her own letters stay");
    assert_eq!(session.import_undo().unwrap_err().code(), "precondition", "once");
    // A lock ends the chance to undo (what it added stays, as any letter of hers).
    session.import_preview(&secret(PASS), Source::TextFolder, choose).unwrap().unwrap();
    session.import_confirm().unwrap();
    session.lock();
    session.unlock(&secret(PASS)).unwrap();
    assert_eq!(session.import_undo().unwrap_err().code(), "precondition");
}
