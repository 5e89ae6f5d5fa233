//! "Take all letters" and bringing them back, through the session: her passphrase first
//! (counted), sealed letters left in, a new folder every time, nothing of the source changed,
//! all or nothing back in.

use super::*;
use crate::export::takeout::TakeoutLabels;
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
    assert_eq!(session.take_out_all(&secret("raden maar"), &labels(), chosen).unwrap_err(), Error::WrongPassphrase);
    assert_eq!(asked.get(), 0, "no dialog before her passphrase");
    let taken = session.take_out_all(&secret(PASS), &labels(), chosen).unwrap().unwrap();
    assert_eq!((taken.letters, taken.sealed_left), (2, 1), "the sealed letter stays in, and she is told");
    let folder = out.path().join(&taken.folder);
    assert!(taken.folder.starts_with("Brieven uit Grot "), "{}", taken.folder);
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
    let again = session.take_out_all(&secret(PASS), &labels(), chosen).unwrap().unwrap();
    assert_eq!(again.folder, format!("{} (2)", taken.folder));
    assert_eq!(files_in(&folder), written);

    // Into a new vault, and out again: the same letter files, byte for byte.
    let (_other, fresh, _) = unlocked();
    let brought = fresh.bring_back(&secret(PASS), || Ok(Some(folder.clone()))).unwrap().unwrap();
    assert_eq!(brought, BroughtIn { added: 2, skipped: 0 });
    assert_eq!(files_in(&folder), written, "the source is only read");
    let out2 = tempfile::tempdir().unwrap();
    let taken2 = fresh.take_out_all(&secret(PASS), &labels(), || Ok(Some(out2.path().to_path_buf()))).unwrap().unwrap();
    let rewritten = files_in(&out2.path().join(&taken2.folder));
    assert_eq!(rewritten[..2], written[..2], "the letters, byte for byte");
    assert_eq!(fresh.bring_back(&secret(PASS), || Ok(Some(folder.clone()))).unwrap().unwrap(), BroughtIn { added: 0, skipped: 2 });
}

#[test]
fn a_folder_with_one_file_that_is_not_a_letter_of_grot_brings_nothing_in() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    let out = tempfile::tempdir().unwrap();
    let taken = session.take_out_all(&secret(PASS), &labels(), || Ok(Some(out.path().to_path_buf()))).unwrap().unwrap();
    let folder = out.path().join(&taken.folder);
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
        assert_eq!(fresh.bring_back(&secret(PASS), || Ok(Some(copy.path().to_path_buf()))).unwrap_err().code(), "invalid_input", "{name}");
        assert!(fresh.with_store(|s| s.list(crate::store::letters::Sort::Updated, now_ms())).unwrap().is_empty(), "nothing brought in");
    }
    #[cfg(unix)]
    {
        let copy = spoiled("0000 a.md", b"");
        std::fs::remove_file(copy.path().join("0000 a.md")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", copy.path().join("0000 a.md")).unwrap();
        assert_eq!(
            fresh.bring_back(&secret(PASS), || Ok(Some(copy.path().to_path_buf()))).unwrap_err().code(),
            "invalid_input",
            "a link is not followed"
        );
    }
    // Locked while the dialog was open: nothing read, nothing written.
    let locked_meanwhile = || {
        fresh.lock();
        Ok(Some(folder.clone()))
    };
    assert_eq!(fresh.bring_back(&secret(PASS), locked_meanwhile).unwrap_err(), Error::Locked);
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
    let taken = session.take_out_all(&secret(PASS), &labels(), || Ok(Some(out.path().to_path_buf()))).unwrap().unwrap();
    let file = std::fs::read_to_string(out.path().join(&taken.folder).join("0001 Brief.md")).unwrap();
    assert!(file.contains("language: nl\n") && file.contains("\n\n## Antwoord ") && file.ends_with("\n\nIk ben er weer.\n"), "{file}");
}
