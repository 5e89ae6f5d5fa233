//! His answer in a hand-over: one answer, to that letter only, and nothing that came before.

use super::*;
use crate::store::letters::{AnswerDraft, Draft};
use crate::testing::{lid, secret, unlocked, PASS};

const LETTER: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
const OTHER: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
const ANSWER: &str = "1d4c9e2a-7b3f-4e8a-9c61-2f5d8a0b3e44";
const SECOND: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c66";

fn with_letters(session: &Session) {
    for (id, body) in [(LETTER, "voor jou"), (OTHER, "niet voor jou")] {
        let draft = Draft { id: lid(id), title: "t".into(), recipient: "Sam".into(), body: body.into(), seq: 1 };
        session.with_store(|s| s.save(&draft, 1)).unwrap();
    }
}

fn answer(id: &str, body: &str, seq: i64) -> AnswerDraft {
    AnswerDraft { id: id.into(), body: body.into(), seq }
}

#[test]
fn the_reader_writes_one_answer_to_that_letter_and_reads_back_only_it() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    assert_eq!(session.save_answer(&answer(ANSWER, "x", 1)).unwrap_err(), Error::Precondition("no hand-over".into()));
    session.start_handover(&lid(LETTER)).unwrap();
    let shown = session.handover_letter().unwrap();
    assert_eq!(shown.answer, None);
    assert!(shown.starters.len() >= 3, "starters from the guide");
    session.save_answer(&answer(ANSWER, "Ik ben er weer.", 1)).unwrap();
    session.save_answer(&answer(ANSWER, "Ik ben er weer. Dank je.", 2)).unwrap();
    assert_eq!(session.handover_letter().unwrap().answer.unwrap().body, "Ik ben er weer. Dank je.", "read back after a reload");
    assert_eq!(session.save_answer(&answer(SECOND, "een tweede", 1)).unwrap_err(), Error::HandOver, "one answer per hand-over");
    session.leave_handover(&secret(PASS)).unwrap();
    let thread = session.with_store(|s| s.thread(&lid(LETTER), crate::clock::now_ms())).unwrap();
    assert_eq!(thread.answers.len(), 1);
    assert_eq!(thread.readings.len(), 1);
    assert!(session.with_store(|s| s.thread(&lid(OTHER), crate::clock::now_ms())).unwrap().answers.is_empty());

    // The next hand-over, of another letter: the earlier answer is neither shown nor writable.
    session.start_handover(&lid(OTHER)).unwrap();
    assert_eq!(session.handover_letter().unwrap().answer, None);
    assert_eq!(session.save_answer(&answer(ANSWER, "overschreven", 3)).unwrap_err(), Error::HandOver);
    session.leave_handover(&secret(PASS)).unwrap();
    // Nor in the next hand-over of the same letter.
    session.start_handover(&lid(LETTER)).unwrap();
    assert_eq!(session.handover_letter().unwrap().answer, None);
    assert_eq!(session.save_answer(&answer(ANSWER, "overschreven", 3)).unwrap_err(), Error::HandOver);
    session.save_answer(&answer(SECOND, "nog iets", 1)).unwrap();
    session.leave_handover(&secret(PASS)).unwrap();
    let thread = session.with_store(|s| s.thread(&lid(LETTER), crate::clock::now_ms())).unwrap();
    let bodies: Vec<&str> = thread.answers.iter().map(|a| a.body.as_str()).collect();
    assert_eq!(bodies, ["Ik ben er weer. Dank je.", "nog iets"]);
    assert_eq!(thread.readings.len(), 2);
}

#[test]
fn an_answer_saved_before_the_hand_over_locks_is_kept_and_the_read_log_ends_there() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    session.start_handover(&lid(LETTER)).unwrap();
    session.save_answer(&answer(ANSWER, "half af", 1)).unwrap();
    assert!(session.lock_if_idle(Instant::now() + Duration::from_secs(31 * 60)));
    assert_eq!(session.save_answer(&answer(ANSWER, "later", 2)).unwrap_err(), Error::Locked);
    session.unlock(&secret(PASS)).unwrap();
    assert_eq!(session.status(), Status::Unlocked, "unlocking never returns to the hand-over");
    let thread = session.with_store(|s| s.thread(&lid(LETTER), crate::clock::now_ms())).unwrap();
    assert_eq!(thread.answers[0].body, "half af");
    let reading = &thread.readings[0];
    assert!(reading.ended_ms >= reading.started_ms);
    let new = session.with_store(|s| s.new_answers(now_ms())).unwrap();
    assert_eq!(new.len(), 1, "she is told");
}

#[test]
fn starters_follow_the_letters_language() {
    let (_dir, session, _) = unlocked();
    with_letters(&session);
    session.with_store(|s| s.set_lang(&lid(LETTER), Some(crate::lang::Lang::En))).unwrap();
    session.start_handover(&lid(LETTER)).unwrap();
    let starters = session.handover_letter().unwrap().starters;
    assert!(starters.iter().all(|s| s.lang == "en"));
    session.leave_handover(&secret(PASS)).unwrap();
    session.start_handover(&lid(OTHER)).unwrap();
    assert!(session.handover_letter().unwrap().starters.iter().all(|s| s.lang == "nl"), "else the app's language");
}

#[test]
fn an_answer_is_backed_up_restored_and_purged_with_its_letter() {
    let (dir, session, _) = unlocked();
    with_letters(&session);
    session.start_handover(&lid(LETTER)).unwrap();
    session.save_answer(&answer(ANSWER, "bewaard in de reservekopie", 1)).unwrap();
    session.leave_handover(&secret(PASS)).unwrap();
    session.lock();
    session.unlock(&secret(PASS)).unwrap();
    super::tests::wait_for_backups(&session, 2);
    let newest = session.backups().unwrap()[0].id.clone();
    let now = crate::clock::now_ms();
    session.with_store(|s| s.delete(&lid(LETTER), now)).unwrap();
    session.purge(&lid(LETTER), false).unwrap();
    assert!(!session.with_store(|s| s.answer_exists(ANSWER)).unwrap(), "purged with its letter");

    session.lock();
    session.restore_backup(&newest, &secret(PASS)).unwrap();
    let thread = session.with_store(|s| s.thread(&lid(LETTER), crate::clock::now_ms())).unwrap();
    assert_eq!(thread.answers[0].body, "bewaard in de reservekopie", "the backup put it back with its letter");
    assert_eq!(thread.readings.len(), 1);

    // Purged "from the backups too": the backup left holds neither the answer nor the log.
    session.with_store(|s| s.delete(&lid(LETTER), now)).unwrap();
    session.purge(&lid(LETTER), true).unwrap();
    let backups = crate::backup::list(dir.path()).unwrap();
    assert_eq!(backups.len(), 1);
    let key = session.key_copy().unwrap();
    let copy = rusqlite::Connection::open(backups[0].join(store::DB_FILE)).unwrap();
    store::key_connection(&copy, &key).unwrap();
    let count = |table: &str| copy.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!((count("answers"), count("readings")), (0, 0));
}
