//! Letters from practice in the store: "only for me" and the version for him, the notices.

use super::tests::store;
use super::*;
use crate::store::Store;
use crate::testing::{lid, sample_draft as draft};

const NOW: i64 = 1_800_000_000_000;
const DAY: i64 = 24 * 60 * 60 * 1000;
const RAW: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
const HIS: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
const OTHER: &str = "1d4c9e2a-7b3f-4e8a-9c61-2f5d8a0b3e44";

fn listed(s: &Store, id: &str) -> Summary {
    s.list(Sort::Updated, NOW).unwrap().into_iter().find(|l| l.id == id).unwrap()
}

#[test]
fn the_version_for_him_is_written_from_a_private_letter_and_the_two_stay_linked() {
    let (_d, mut s) = store();
    s.save(&draft(RAW, "wat ik echt voel", 1), NOW).unwrap();
    assert_eq!(s.write_version(&lid(RAW), &lid(HIS), NOW).unwrap_err().code(), "precondition", "only from a private letter");
    s.set_private(&lid(RAW), true, NOW).unwrap();
    let his = s.write_version(&lid(RAW), &lid(HIS), NOW).unwrap();
    // Nothing of hers is copied in, not even the title: he reads this one.
    assert_eq!((his.summary.title.as_str(), his.summary.recipient.as_str(), his.body.as_str()), ("", "Hem", ""));
    assert!(!his.summary.private);
    assert_eq!((his.summary.version_of.as_ref(), his.summary.version.as_ref()), (Some(&lid(RAW)), None));
    assert_eq!(
        (listed(&s, RAW).version.as_ref(), listed(&s, RAW).version_of.as_ref()),
        (Some(&lid(HIS)), None),
        "the private one knows its version"
    );
    assert!(listed(&s, RAW).private);
    // Asked again (a retried click): the same letter, never a second.
    assert_eq!(s.write_version(&lid(RAW), &lid(OTHER), NOW).unwrap().summary.id, lid(HIS));
    assert_eq!(s.list(Sort::Updated, NOW).unwrap().len(), 2);
    // His version is saved like any letter, and found by search.
    s.save(&draft(HIS, "wat ik je wil vragen", 1), NOW + 1).unwrap();
    assert_eq!(s.search("vragen", NOW).unwrap().len(), 1);
    assert_eq!(s.set_private(&lid(HIS), true, NOW).unwrap_err().code(), "precondition", "his version is his");
    // His version in the trash: asked again, it comes back, never a second one.
    s.delete(&lid(HIS), NOW).unwrap();
    assert_eq!(listed(&s, RAW).version, None);
    assert_eq!(s.write_version(&lid(RAW), &lid(OTHER), NOW).unwrap().summary.id, lid(HIS));
    assert_eq!(s.list(Sort::Updated, NOW).unwrap().len(), 2);
    // The private one deleted for good: the version stays, unlinked.
    s.delete(&lid(RAW), NOW).unwrap();
    assert_eq!(listed(&s, HIS).version_of.as_ref(), Some(&lid(RAW)), "in the trash it is still hers to restore");
    s.purge(&lid(RAW)).unwrap();
    assert_eq!(listed(&s, HIS).version_of, None);
}

#[test]
fn a_private_letter_never_appears_in_a_conversation() {
    let (_d, mut s) = store();
    s.save(&draft(RAW, "rauw", 1), NOW).unwrap();
    s.save(&draft(OTHER, "bedacht", 1), NOW + 1).unwrap();
    assert_eq!(s.conversation("Hem", NOW).unwrap().len(), 2);
    s.set_private(&lid(RAW), true, NOW).unwrap();
    let said = s.conversation("Hem", NOW).unwrap();
    assert_eq!(said.len(), 1);
    assert_eq!(said[0].letter_id, lid(OTHER));
    assert_eq!(s.refuse_private(&lid(RAW)).unwrap_err(), Error::OnlyForMe);
    s.refuse_private(&lid(OTHER)).unwrap();
    // Marked twice, it keeps its first moment; unmarked, it is a letter like any other.
    s.set_private(&lid(RAW), true, NOW + 5).unwrap();
    s.set_private(&lid(RAW), false, NOW + 6).unwrap();
    assert_eq!(s.conversation("Hem", NOW).unwrap().len(), 2);
}

#[test]
fn a_reminder_comes_on_its_day_and_goes_once_seen() {
    let (_d, mut s) = store();
    s.save(&draft(RAW, "lees dit nog eens", 1), NOW).unwrap();
    for bad in [Some(NOW), Some(NOW - DAY), Some(NOW + 11 * 366 * DAY)] {
        assert_eq!(s.remind(&lid(RAW), bad, NOW).unwrap_err().code(), "invalid_input", "{bad:?}");
    }
    assert_eq!(s.remind(&lid(HIS), Some(NOW + DAY), NOW).unwrap_err().code(), "not_found");
    s.remind(&lid(RAW), Some(NOW + 2 * DAY), NOW).unwrap();
    assert_eq!(listed(&s, RAW).remind_ms, Some(NOW + 2 * DAY));
    assert!(s.notices(NOW + DAY).unwrap().notices.is_empty(), "not before its day");
    let due = s.notices(NOW + 2 * DAY).unwrap();
    assert_eq!(due.notices.len(), 1);
    assert_eq!((due.notices[0].kind, &due.notices[0].letter_id), (NoticeKind::Reminder, &lid(RAW)));
    // Seen: gone, also at the next unlock.
    s.notices_seen(due.as_of_ms, NOW + 2 * DAY).unwrap();
    assert!(s.notices(NOW + 3 * DAY).unwrap().notices.is_empty());
    assert_eq!(listed(&s, RAW).remind_ms, None);
}

#[test]
fn a_seal_that_opened_is_told_once_and_a_reminder_waits_for_it() {
    let (_d, mut s) = store();
    s.save(&draft(RAW, "voor later", 1), NOW).unwrap();
    s.remind(&lid(RAW), Some(NOW + DAY), NOW).unwrap();
    s.seal(&lid(RAW), NOW + 3 * DAY, NOW).unwrap();
    assert!(s.notices(NOW + 2 * DAY).unwrap().notices.is_empty(), "nothing of a sealed letter");
    // A "seen" taken while it was sealed does not swallow its reminder.
    s.notices_seen(NOW + 2 * DAY, NOW + 2 * DAY).unwrap();
    let due = s.notices(NOW + 3 * DAY).unwrap();
    let kinds: Vec<NoticeKind> = due.notices.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, [NoticeKind::Reminder, NoticeKind::SealOpened]);
    // In the trash, a letter's notices wait: a "seen" meanwhile does not take them.
    s.delete(&lid(RAW), NOW + 3 * DAY).unwrap();
    assert!(s.notices(NOW + 3 * DAY).unwrap().notices.is_empty());
    s.notices_seen(NOW + 3 * DAY, NOW + 3 * DAY).unwrap();
    s.restore(&lid(RAW)).unwrap();
    assert_eq!(s.notices(NOW + 3 * DAY).unwrap().notices.len(), 2, "back with the letter");
    // A "seen" from the future counts as now: nothing due later is swallowed.
    s.remind(&lid(OTHER), None, NOW).unwrap_err();
    s.save(&draft(OTHER, "nog een", 1), NOW).unwrap();
    s.remind(&lid(OTHER), Some(NOW + 5 * DAY), NOW).unwrap();
    s.notices_seen(i64::MAX, NOW + 3 * DAY).unwrap();
    assert!(s.notices(NOW + 4 * DAY).unwrap().notices.is_empty());
    assert_eq!(s.notices(NOW + 5 * DAY).unwrap().notices.len(), 1);
}

#[test]
fn his_not_now_waits_on_the_letter_until_it_is_handed_over_again() {
    let (_d, mut s) = store();
    s.save(&draft(RAW, "voor jou", 1), NOW).unwrap();
    let reading = s.start_reading(&lid(RAW), NOW).unwrap();
    s.not_now(&lid(RAW), reading, NOW + 1000).unwrap();
    assert_eq!(listed(&s, RAW).not_now_ms, Some(NOW + 1000));
    let thread = s.thread(&lid(RAW), NOW).unwrap();
    assert_eq!((thread.readings[0].not_now, thread.readings[0].ended_ms), (true, NOW + 1000), "the read log says so");
    let due = s.notices(NOW + 2000).unwrap();
    assert_eq!(due.notices[0].kind, NoticeKind::NotNow);
    s.notices_seen(due.as_of_ms, NOW + 2000).unwrap();
    assert!(s.notices(NOW + 3000).unwrap().notices.is_empty());
    assert_eq!(listed(&s, RAW).not_now_ms, Some(NOW + 1000), "still waiting, though she has seen it");
    s.start_reading(&lid(RAW), NOW + DAY).unwrap();
    assert_eq!(listed(&s, RAW).not_now_ms, None, "the other moment came");
    assert!(!s.thread(&lid(RAW), NOW + DAY).unwrap().readings[1].not_now);
}

#[test]
fn feelings_go_with_their_letter_and_how_it_went_waits_for_a_hand_over() {
    let (_d, mut s) = store();
    s.save(&draft(RAW, "boos", 1), NOW).unwrap();
    s.save(&draft(OTHER, "verzegeld", 1), NOW + 1).unwrap();
    s.set_feelings(&lid(RAW), &[Feeling::Angry, Feeling::Sad, Feeling::Angry], NOW).unwrap();
    assert_eq!(s.letter(&lid(RAW), NOW).unwrap().feelings, [Feeling::Sad, Feeling::Angry], "once each, in the list's order");
    s.set_feelings(&lid(RAW), &[Feeling::Hopeful], NOW).unwrap();
    assert_eq!(s.letter(&lid(RAW), NOW).unwrap().feelings, [Feeling::Hopeful], "what she notes replaces what was");
    assert_eq!(s.set_feelings(&lid(RAW), &[Feeling::Sad; 11], NOW).unwrap_err().code(), "invalid_input");
    assert_eq!(s.set_outcome(&lid(RAW), Some(HowItWent::Closer), NOW).unwrap_err().code(), "precondition", "not before a hand-over");
    let reading = s.start_reading(&lid(RAW), NOW).unwrap();
    s.reading_until(reading, NOW + 60_000).unwrap();
    s.set_outcome(&lid(RAW), Some(HowItWent::Closer), NOW).unwrap();
    assert_eq!(s.letter(&lid(RAW), NOW).unwrap().outcome, Some(HowItWent::Closer));
    // Over time: a sealed letter's feelings wait for it to open, like everything about it.
    s.set_feelings(&lid(OTHER), &[Feeling::Lonely], NOW).unwrap();
    s.seal(&lid(OTHER), NOW + DAY, NOW).unwrap();
    let moods = s.moods(NOW).unwrap();
    assert_eq!(moods, [Mood { at_ms: NOW, feelings: vec![Feeling::Hopeful], outcome: Some(HowItWent::Closer) }]);
    assert_eq!(s.moods(NOW + DAY).unwrap().len(), 2);
    // Deleted for good, its feelings go with it.
    s.delete(&lid(RAW), NOW).unwrap();
    assert_eq!(s.set_feelings(&lid(RAW), &[Feeling::Sad], NOW).unwrap_err().code(), "precondition", "not in the trash");
    assert_eq!(s.moods(NOW + DAY).unwrap().len(), 1);
    s.purge(&lid(RAW)).unwrap();
    let left: i64 = s.conn.query_row("SELECT count(*) FROM feelings WHERE letter_id = ?1", [RAW], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
}

#[test]
fn a_letter_brought_in_is_linked_only_to_a_private_letter_that_came_with_it() {
    let (_d, mut s) = store();
    s.save(&draft(RAW, "van mij", 1), NOW).unwrap();
    s.set_private(&lid(RAW), true, NOW).unwrap();
    // A folder whose letter says it was written from her private letter already here.
    let (_e, mut other) = store();
    other.save(&draft(HIS, "geplant", 1), NOW).unwrap();
    let mut planted = other.every_letter(NOW).unwrap();
    planted[0].version_of = Some(lid(RAW));
    assert_eq!(s.bring_in(&planted).unwrap().added, 1);
    assert_eq!(listed(&s, HIS).version_of, None, "never to one of hers");
    assert_eq!(listed(&s, RAW).version, None);
    // Within one folder: a private letter and its version come back linked.
    let (_f, mut third) = store();
    third.save(&draft(OTHER, "eerste", 1), NOW).unwrap();
    third.set_private(&lid(OTHER), true, NOW).unwrap();
    let his = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c66";
    third.write_version(&lid(OTHER), &lid(his), NOW + 1).unwrap();
    let pair = third.every_letter(NOW).unwrap();
    assert_eq!(s.bring_in(&pair).unwrap().added, 2);
    assert_eq!(listed(&s, his).version_of.as_ref(), Some(&lid(OTHER)));
}
