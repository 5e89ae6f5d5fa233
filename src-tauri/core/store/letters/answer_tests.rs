//! His answers, the read log and conversations, in the store.

use super::*;
use crate::store::tests::new_key;
use crate::store::Store;
use crate::testing::lid;

const NOW: i64 = 1_800_000_000_000;
const A: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
const B: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
const X: &str = "1d4c9e2a-7b3f-4e8a-9c61-2f5d8a0b3e44";
const Y: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c66";

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let key = new_key(dir.path());
    let store = Store::create(dir.path(), &key).unwrap();
    (dir, store)
}

fn letter(s: &mut Store, id: &str, recipient: &str, body: &str, at: i64) {
    s.save(&Draft { id: lid(id), title: format!("Brief {id}"), recipient: recipient.into(), body: body.into(), seq: 1 }, at).unwrap();
}

fn answer(id: &str, body: &str, seq: i64) -> AnswerDraft {
    AnswerDraft { id: id.into(), body: body.into(), seq }
}

#[test]
fn an_answer_is_saved_once_per_seq_and_stays_with_its_letter() {
    let (_d, mut s) = store();
    letter(&mut s, A, "Sam", "voor jou", 1000);
    letter(&mut s, B, "Sam", "nog een", 1000);
    let ack = s.save_answer(&lid(A), &answer(X, "dank je", 1), 2000).unwrap();
    assert_eq!((ack.seq, ack.updated_ms), (1, 2000));
    s.save_answer(&lid(A), &answer(X, "dank je wel", 2), 3000).unwrap();
    let again = s.save_answer(&lid(A), &answer(X, "dank", 1), 4000).unwrap();
    assert_eq!(again.seq, 2, "a late, older save changes nothing");
    assert_eq!(s.save_answer(&lid(B), &answer(X, "verplaatst", 3), 5000).unwrap_err().code(), "not_found", "never moved to another letter");
    let thread = s.thread(&lid(A), NOW).unwrap();
    assert_eq!(thread.answers.len(), 1);
    assert_eq!((thread.answers[0].body.as_str(), thread.answers[0].created_ms, thread.answers[0].updated_ms), ("dank je wel", 2000, 3000));
    assert!(s.thread(&lid(B), NOW).unwrap().answers.is_empty());
    assert_eq!(s.save_answer(&lid(A), &answer(Y, &"x".repeat(MAX_BODY_BYTES + 1), 1), 1).unwrap_err().code(), "too_large");
    assert_eq!(s.save_answer(&lid(A), &answer("geen-uuid", "x", 1), 1).unwrap_err().code(), "invalid_input");
    assert_eq!(s.save_answer(&lid(A), &answer(Y, "x", 0), 1).unwrap_err().code(), "invalid_input");
    assert!(s.answer_exists(X).unwrap() && !s.answer_exists(Y).unwrap());
}

#[test]
fn a_letter_is_found_by_its_answers_and_the_snippet_says_so() {
    let (_d, mut s) = store();
    letter(&mut s, A, "Sam", "Ik schrijf je over gisteren.", 1000);
    s.save_answer(&lid(A), &answer(X, "Ik was in mijn grot, sorry. Zullen we zondag wandelen?", 1), 2000).unwrap();
    let hits = s.search("wandelen", NOW).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].in_answer);
    assert!(hits[0].snippet.iter().any(|seg| seg.mark && seg.text == "wandelen"));
    let hits = s.search("gisteren", NOW).unwrap();
    assert!(!hits[0].in_answer, "found in her own text");
    // Saving the letter again keeps his answer in the index.
    s.save(&Draft { id: lid(A), title: "Brief".into(), recipient: "Sam".into(), body: "Nieuwe tekst.".into(), seq: 2 }, 3000).unwrap();
    assert_eq!(s.search("wandelen", NOW).unwrap().len(), 1);
    assert_eq!(s.search("Wándelen", NOW).unwrap().len(), 1, "the same folding as letters");
}

#[test]
fn a_sealed_letters_answers_are_out_of_reach_until_it_opens() {
    let (_d, mut s) = store();
    letter(&mut s, A, "Sam", "voor jou", 1000);
    let reading = s.start_reading(&lid(A), 1500).unwrap();
    s.reading_until(reading, 1900).unwrap();
    s.save_answer(&lid(A), &answer(X, "geheim antwoord zeeleeuw", 1), 2000).unwrap();
    s.seal(&lid(A), NOW + 1000, NOW - 1000).unwrap();
    assert_eq!(s.thread(&lid(A), NOW).unwrap_err().code(), "sealed");
    assert!(s.search("zeeleeuw", NOW).unwrap().is_empty());
    let listed = s.list(Sort::Updated, NOW).unwrap();
    assert_eq!((listed[0].answers, listed[0].new_answers), (None, None), "not even how many");
    assert_eq!((listed[0].read_ms, listed[0].read_for_ms), (None, None), "nor when it was read");
    assert!(s.new_answers(NOW).unwrap().is_empty(), "no notice that he answered");
    assert_eq!(s.new_answers(NOW + 1000).unwrap().len(), 1, "told once it opens");
    let said = s.conversation("Sam", NOW).unwrap();
    assert_eq!(said.len(), 1, "the sealed letter alone, none of its answers");
    assert_eq!(said[0].body, None);
    // Once open, everything is back.
    assert_eq!(s.thread(&lid(A), NOW + 1000).unwrap().answers.len(), 1);
    assert_eq!(s.search("zeeleeuw", NOW + 1000).unwrap().len(), 1);
}

#[test]
fn answers_and_readings_go_to_the_trash_and_out_with_their_letter() {
    let (_d, mut s) = store();
    letter(&mut s, A, "Sam", "voor jou", 1000);
    let reading = s.start_reading(&lid(A), 1500).unwrap();
    s.reading_until(reading, 2500).unwrap();
    s.save_answer(&lid(A), &answer(X, "antwoord", 1), 2000).unwrap();
    s.delete(&lid(A), 3000).unwrap();
    assert!(s.new_answers(NOW).unwrap().is_empty(), "a letter in the trash brings no notice");
    s.restore(&lid(A)).unwrap();
    assert_eq!(s.thread(&lid(A), NOW).unwrap().answers.len(), 1, "restored with its letter");
    s.delete(&lid(A), 3000).unwrap();
    s.purge(&lid(A)).unwrap();
    let count = |table: &str| s.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!((count("answers"), count("readings")), (0, 0), "purged with the letter");
    assert!(!s.answer_exists(X).unwrap());
}

#[test]
fn the_read_log_keeps_each_hand_over_and_never_shrinks() {
    let (_d, mut s) = store();
    letter(&mut s, A, "Sam", "voor jou", 1000);
    let first = s.start_reading(&lid(A), 10_000).unwrap();
    s.reading_until(first, 70_000).unwrap();
    s.reading_until(first, 40_000).unwrap();
    let second = s.start_reading(&lid(A), 100_000).unwrap();
    s.reading_until(second, 820_000).unwrap();
    let thread = s.thread(&lid(A), NOW).unwrap();
    assert_eq!(
        thread.readings,
        [
            Reading { started_ms: 10_000, ended_ms: 70_000, not_now: false },
            Reading { started_ms: 100_000, ended_ms: 820_000, not_now: false }
        ]
    );
    let listed = &s.list(Sort::Updated, NOW).unwrap()[0];
    assert_eq!((listed.read_ms, listed.read_for_ms), (Some(100_000), Some(720_000)), "the last hand-over, twelve minutes");
}

#[test]
fn new_answers_are_told_once_she_has_not_seen_them() {
    let (_d, mut s) = store();
    letter(&mut s, A, "Sam", "een", 1000);
    letter(&mut s, B, "Sam", "twee", 1000);
    s.save_answer(&lid(A), &answer(X, "antwoord", 1), 2000).unwrap();
    let new = s.new_answers(NOW).unwrap();
    assert_eq!(new, [NewAnswers { letter_id: lid(A), title: format!("Brief {A}"), count: 1 }]);
    assert_eq!(s.list(Sort::Updated, NOW).unwrap().iter().find(|l| l.id == A).unwrap().new_answers, Some(1));
    s.answers_seen(&lid(A), 3000).unwrap();
    assert!(s.new_answers(NOW).unwrap().is_empty());
    assert_eq!(s.list(Sort::Updated, NOW).unwrap().iter().find(|l| l.id == A).unwrap().answers, Some(1));
}

#[test]
fn a_conversation_is_her_letters_to_one_person_and_his_answers_in_time_order() {
    let (_d, mut s) = store();
    letter(&mut s, A, "Sam", "eerste brief", 1000);
    letter(&mut s, B, " sam ", "tweede brief", 3000);
    letter(&mut s, Y, "Noor", "aan iemand anders", 1500);
    s.save_answer(&lid(A), &answer(X, "antwoord op de eerste", 1), 2000).unwrap();
    let said = s.conversation("SAM", NOW).unwrap();
    let order: Vec<(Who, &str)> = said.iter().map(|s| (s.who, s.body.as_deref().unwrap())).collect();
    assert_eq!(order, [(Who::Letter, "eerste brief"), (Who::Answer, "antwoord op de eerste"), (Who::Letter, "tweede brief")]);
    assert_eq!(s.conversation("  ", NOW).unwrap_err().code(), "invalid_input");
    assert!(s.conversation("Niemand", NOW).unwrap().is_empty());
}

#[test]
fn going_back_to_an_earlier_version_of_her_letter_keeps_his_answers() {
    let (_d, mut s) = store();
    letter(&mut s, A, "Sam", "eerste versie", 1000);
    s.save(
        &Draft { id: lid(A), title: "Brief".into(), recipient: "Sam".into(), body: "tweede versie".into(), seq: 2 },
        1000 + REVISION_EVERY_MS,
    )
    .unwrap();
    s.save_answer(&lid(A), &answer(X, "mijn antwoord", 1), 2000 + REVISION_EVERY_MS).unwrap();
    let first = s.revisions(&lid(A), NOW).unwrap().into_iter().find(|r| r.created_ms == 1000).unwrap();
    let back = s.restore_revision(&lid(A), first.id, NOW).unwrap();
    assert_eq!(back.body, "eerste versie");
    assert_eq!(s.thread(&lid(A), NOW).unwrap().answers[0].body, "mijn antwoord");
    assert_eq!(s.search("antwoord", NOW).unwrap().len(), 1, "still found by his words");
}
