//! Letters from practice through the session: a private letter never leaves, taking the mark
//! off needs her passphrase (a counted guess), and his "not now" locks the app.

use super::*;
use crate::store;
use crate::store::letters::NoticeKind;
use crate::testing::{lid, sample_draft, secret, unlocked, ID, PASS};

fn labels() -> ExportLabels {
    ExportLabels {
        to: String::new(),
        date: "7 december".into(),
        untitled: "Brief".into(),
        language: "nl".into(),
        dialog: String::new(),
        answers: Vec::new(),
    }
}

#[test]
fn a_private_letter_is_never_handed_over_or_exported() {
    let (dir, session, _) = unlocked();
    session.with_store(|s| s.save(&sample_draft(ID, "alleen voor mij", 1), now_ms())).unwrap();
    session.set_private(&lid(ID), true, None).unwrap();
    assert_eq!(session.start_handover(&lid(ID)).unwrap_err(), Error::OnlyForMe);
    assert_eq!(session.status(), Status::Unlocked, "no hand-over began");
    let dest = dir.path().join("brief.md");
    let asked = std::cell::Cell::new(false);
    let chosen = |_: &str| {
        asked.set(true);
        Ok(Some(dest.clone()))
    };
    assert_eq!(session.export_letter(&lid(ID), ExportFormat::Md, &labels(), chosen).unwrap_err(), Error::OnlyForMe);
    assert!(!asked.get() && !dest.exists(), "refused before the save dialog");
    // Marked while the save dialog was open: nothing is written either.
    session.set_private(&lid(ID), false, Some(&secret(PASS))).unwrap();
    let mark_meanwhile = |_: &str| {
        session.set_private(&lid(ID), true, None)?;
        Ok(Some(dest.clone()))
    };
    assert_eq!(session.export_letter(&lid(ID), ExportFormat::Md, &labels(), mark_meanwhile).unwrap_err(), Error::OnlyForMe);
    assert!(!dest.exists());
}

#[test]
fn taking_only_for_me_off_needs_her_passphrase_and_counts_each_guess() {
    let (_dir, session, _) = unlocked();
    session.with_store(|s| s.save(&sample_draft(ID, "alleen voor mij", 1), now_ms())).unwrap();
    session.set_private(&lid(ID), true, None).unwrap();
    assert_eq!(session.set_private(&lid(ID), false, None).unwrap_err().code(), "invalid_input");
    // Each guess counts: after the free tries, the next one, even the right one, waits.
    for _ in 0..3 {
        assert_eq!(session.set_private(&lid(ID), false, Some(&secret("raden maar"))).unwrap_err(), Error::WrongPassphrase);
    }
    assert!(matches!(session.set_private(&lid(ID), false, Some(&secret(PASS))), Err(Error::TooSoon { .. })));
    assert!(matches!(session.unlock(&secret(PASS)), Err(Error::TooSoon { .. })), "one counter for every place");
    assert!(session.with_store(|s| s.letter(&lid(ID), now_ms())).unwrap().summary.private, "still only for her");
}

#[test]
fn his_not_now_ends_the_handover_locks_the_app_and_tells_her_at_the_next_unlock() {
    let (_dir, session, _) = unlocked();
    session.with_store(|s| s.save(&sample_draft(ID, "voor jou", 1), now_ms())).unwrap();
    assert_eq!(session.handover_not_now().unwrap_err(), Error::Precondition("no hand-over".into()));
    assert_eq!(session.status(), Status::Unlocked, "outside a hand-over it changes nothing");
    session.start_handover(&lid(ID)).unwrap();
    session.handover_not_now().unwrap();
    assert_eq!(session.status(), Status::Locked, "no passphrase asked, and nothing else in reach");
    assert_eq!(session.handover_letter().unwrap_err(), Error::Locked);
    assert_eq!(session.handover_not_now().unwrap_err(), Error::Locked);
    session.unlock(&secret(PASS)).unwrap();
    let notices = session.with_store(|s| s.notices(now_ms())).unwrap().notices;
    assert_eq!(notices.len(), 1);
    assert_eq!((notices[0].kind, &notices[0].letter_id), (NoticeKind::NotNow, &lid(ID)));
    let thread = session.with_store(|s| s.thread(&lid(ID), now_ms())).unwrap();
    assert!(thread.readings[0].not_now, "the read log keeps it");
    // Handed over again the next day, he reads it: no longer waiting.
    session.start_handover(&lid(ID)).unwrap();
    session.leave_handover(&secret(PASS)).unwrap();
    assert_eq!(session.with_store(|s| s.letter(&lid(ID), now_ms())).unwrap().summary.not_now_ms, None);
}

#[test]
fn the_pair_its_marks_and_feelings_are_backed_up_restored_and_purged_together() {
    use crate::store::letters::{Feeling, HowItWent};
    const HIS: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
    let (dir, session, _) = unlocked();
    let now = now_ms();
    session.with_store(|s| s.save(&sample_draft(ID, "alleen voor mij", 1), now)).unwrap();
    session.set_private(&lid(ID), true, None).unwrap();
    session.with_store(|s| s.write_version(&lid(ID), &lid(HIS), now)).unwrap();
    session.with_store(|s| s.set_feelings(&lid(ID), &[Feeling::Hurt, Feeling::Hopeful], now)).unwrap();
    session.with_store(|s| s.remind(&lid(ID), Some(now + 86_400_000), now)).unwrap();
    session.start_handover(&lid(HIS)).unwrap();
    session.handover_not_now().unwrap();
    session.unlock(&secret(PASS)).unwrap();
    session.with_store(|s| s.set_outcome(&lid(HIS), Some(HowItWent::Same), now)).unwrap();
    session.lock();
    session.unlock(&secret(PASS)).unwrap();
    super::tests::wait_for_backups(&session, 2);
    let newest = session.backups().unwrap()[0].id.clone();

    // Both gone for good, then the backup put back: all of it comes back as it was.
    for id in [ID, HIS] {
        session.with_store(|s| s.delete(&lid(id), now)).unwrap();
        session.purge(&lid(id), false).unwrap();
    }
    session.lock();
    session.restore_backup(&newest, &secret(PASS)).unwrap();
    let first = session.with_store(|s| s.letter(&lid(ID), now_ms())).unwrap();
    let his = session.with_store(|s| s.letter(&lid(HIS), now_ms())).unwrap();
    assert!(first.summary.private);
    assert_eq!((first.summary.version.as_ref(), his.summary.version_of.as_ref()), (Some(&lid(HIS)), Some(&lid(ID))));
    assert_eq!(first.feelings, [Feeling::Hurt, Feeling::Hopeful]);
    assert_eq!(first.summary.remind_ms, Some(now + 86_400_000));
    assert!(his.summary.not_now_ms.is_some());
    assert_eq!(his.outcome, Some(HowItWent::Same));
    assert_eq!(session.start_handover(&lid(ID)).unwrap_err(), Error::OnlyForMe, "still only for her");

    // Deleted for good "from the backups too": the backup left holds nothing of the pair.
    for id in [ID, HIS] {
        session.with_store(|s| s.delete(&lid(id), now)).unwrap();
        session.purge(&lid(id), true).unwrap();
    }
    let backups = crate::backup::list(dir.path()).unwrap();
    assert_eq!(backups.len(), 1);
    let key = session.key_copy().unwrap();
    let copy = rusqlite::Connection::open(backups[0].join(store::DB_FILE)).unwrap();
    store::key_connection(&copy, &key).unwrap();
    let count = |sql: &str| copy.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!((count("SELECT count(*) FROM letters"), count("SELECT count(*) FROM feelings")), (0, 0));
}
