use super::*;
use crate::store::tests::new_key;
use crate::store::Store;
use crate::testing::lid;

/// A fixed "now" for reads: the seal tests need no real clock.
const NOW: i64 = 1_800_000_000_000;

pub(crate) fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let key = new_key(dir.path());
    let store = Store::create(dir.path(), &key).unwrap();
    (dir, store)
}

use crate::testing::sample_draft as draft;

const A: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
const B: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";

#[test]
fn save_creates_then_updates_and_keeps_text_exactly() {
    let (_d, mut s) = store();
    let text = "Lieve Jan,\n\nIk mis je. Café, naïef, ﬁjn — 🙂 <script>alert(1)</script>\r\n\t einde";
    let ack = s.save(&draft(A, text, 1), 1000).unwrap();
    assert_eq!((ack.seq, ack.updated_ms), (1, 1000));
    let ack = s.save(&draft(A, "tweede versie", 2), 2000).unwrap();
    assert_eq!(ack.seq, 2);
    let l = s.letter(&lid(A), NOW).unwrap();
    assert_eq!(l.body, "tweede versie");
    assert_eq!(l.summary.created_ms, 1000);
    assert_eq!(l.summary.updated_ms, 2000);
    s.save(&draft(B, text, 1), 3000).unwrap();
    assert_eq!(s.letter(&lid(B), NOW).unwrap().body, text, "stored byte for byte, not normalised");
}

#[test]
fn a_repeated_or_stale_save_changes_nothing() {
    let (_d, mut s) = store();
    s.save(&draft(A, "een", 1), 1000).unwrap();
    s.save(&draft(A, "twee", 2), 2000).unwrap();
    let again = s.save(&draft(A, "twee", 2), 3000).unwrap();
    assert_eq!((again.seq, again.updated_ms), (2, 2000), "a retried save is acknowledged, not redone");
    let stale = s.save(&draft(A, "een", 1), 4000).unwrap();
    assert_eq!(stale.seq, 2);
    assert_eq!(s.letter(&lid(A), NOW).unwrap().body, "twee", "an old save arriving late does not fork the letter");
    assert_eq!(s.list(Sort::Updated, NOW).unwrap().len(), 1);
}

#[test]
fn bad_drafts_are_refused_and_lose_nothing() {
    let (_d, mut s) = store();
    s.save(&draft(A, "bewaard", 1), 1000).unwrap();
    let huge = "x".repeat(MAX_BODY_BYTES + 1);
    assert_eq!(s.save(&draft(A, &huge, 2), 2000).unwrap_err().code(), "too_large");
    // A draft cannot hold an id that is not a UUID: it is refused where it comes in.
    let bad = serde_json::json!({"id": "not-a-uuid", "title": "", "recipient": "", "body": "x", "seq": 1});
    assert!(serde_json::from_value::<Draft>(bad).unwrap_err().to_string().contains("letter id must be a UUID"));
    assert_eq!(s.save(&draft(B, "x", 0), 2000).unwrap_err().code(), "invalid_input");
    assert_eq!(s.letter(&lid(A), NOW).unwrap().body, "bewaard");
    let exactly = "é".repeat(MAX_BODY_BYTES / 2);
    s.save(&draft(A, &exactly, 3), 3000).unwrap();
    assert_eq!(s.letter(&lid(A), NOW).unwrap().body.len(), MAX_BODY_BYTES);
}

#[test]
fn list_sorts_and_counts_words() {
    let (_d, mut s) = store();
    s.save(&Draft { title: "b".into(), ..draft(A, "een twee drie", 1) }, 1000).unwrap();
    s.save(&Draft { title: "A".into(), ..draft(B, &"woord ".repeat(450), 1) }, 2000).unwrap();
    let by_update = s.list(Sort::Updated, NOW).unwrap();
    assert_eq!(by_update.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), [B, A]);
    assert_eq!((by_update[1].words, by_update[1].reading_minutes), (Some(3), Some(1)));
    assert_eq!((by_update[0].words, by_update[0].reading_minutes), (Some(450), Some(3)));
    assert_eq!(s.list(Sort::Title, NOW).unwrap()[0].id, B);
    assert_eq!(s.list(Sort::Created, NOW).unwrap()[0].id, B);
}

#[test]
fn trash_restore_and_purge() {
    let (_d, mut s) = store();
    s.save(&draft(A, "weg ermee", 1), 1000).unwrap();
    s.delete(&lid(A), 2000).unwrap();
    assert!(s.list(Sort::Updated, NOW).unwrap().is_empty());
    assert_eq!(s.trash(NOW).unwrap()[0].deleted_ms, Some(2000));
    assert!(s.search("ermee", NOW).unwrap().is_empty(), "trashed letters are not found");
    assert_eq!(s.save(&draft(A, "x", 2), 3000).unwrap_err().code(), "precondition");
    s.restore(&lid(A)).unwrap();
    assert_eq!(s.list(Sort::Updated, NOW).unwrap().len(), 1);
    assert_eq!(s.purge(&lid(A)).unwrap_err().code(), "not_found", "only the trash can be purged");
    s.delete(&lid(A), 4000).unwrap();
    s.purge(&lid(A)).unwrap();
    assert!(s.trash(NOW).unwrap().is_empty());
    assert_eq!(s.letter(&lid(A), NOW).unwrap_err().code(), "not_found");
    assert_eq!(s.revisions(&lid(A), NOW).unwrap_err().code(), "not_found");
    let left: i64 = s.conn.query_row("SELECT count(*) FROM revisions WHERE letter_id = ?1", [A], |r| r.get(0)).unwrap();
    let bodies: i64 = s.conn.query_row("SELECT count(*) FROM letter_bodies WHERE letter_id = ?1", [A], |r| r.get(0)).unwrap();
    assert_eq!((left, bodies), (0, 0), "revisions and text go with the letter");
}

#[test]
fn revisions_every_few_minutes_and_restore_keeps_the_current_text() {
    let (_d, mut s) = store();
    s.save(&draft(A, "eerste", 1), 0).unwrap();
    s.save(&draft(A, "tweede", 2), 60_000).unwrap();
    assert_eq!(s.revisions(&lid(A), NOW).unwrap().len(), 1, "no new revision within a few minutes");
    s.save(&draft(A, "derde", 3), REVISION_EVERY_MS + 1).unwrap();
    let revs = s.revisions(&lid(A), NOW).unwrap();
    assert_eq!(revs.len(), 2);
    let first = revs.last().unwrap().id;
    assert_eq!(s.revision(&lid(A), first, NOW).unwrap().body, "eerste");
    let restored = s.restore_revision(&lid(A), first, REVISION_EVERY_MS + 2).unwrap();
    assert_eq!(restored.body, "eerste");
    let revs = s.revisions(&lid(A), NOW).unwrap();
    let kept = revs.iter().find(|r| r.reason == "before_restore").unwrap();
    assert_eq!(s.revision(&lid(A), kept.id, NOW).unwrap().body, "derde");
    s.snapshot(&lid(A), "lock", REVISION_EVERY_MS + 3).unwrap();
    s.snapshot(&lid(A), "lock", REVISION_EVERY_MS + 4).unwrap();
    assert_eq!(s.revisions(&lid(A), NOW).unwrap().iter().filter(|r| r.reason == "lock").count(), 1, "no duplicate snapshot");
}

#[test]
fn search_ignores_case_and_accents_matches_prefixes_and_marks_snippets() {
    let (_d, mut s) = store();
    s.save(&draft(A, "Ik voel me zo alleen. Het café was DICHT en ik was geïrriteerd. Toch ﬁjn.", 1), 1).unwrap();
    s.save(&draft(B, "Dank je voor gisteren.", 1), 2).unwrap();
    let hits = s.search("GEIRRIT", NOW).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].letter.id, A);
    let marked: Vec<&str> = hits[0].snippet.iter().filter(|s| s.mark).map(|s| s.text.as_str()).collect();
    assert_eq!(marked, ["geïrriteerd"]);
    assert_eq!(s.search("cafe dicht", NOW).unwrap().len(), 1, "all words must match");
    assert_eq!(s.search("cafe gisteren", NOW).unwrap().len(), 0);
    assert_eq!(s.search("fijn", NOW).unwrap().len(), 1, "the index sees NFKC: the ligature ﬁ is fi");
    for nasty in ["", "  ", "\"", "NEAR(", "a OR b", "*", "-x", "title:x", "🙂", "' OR 1=1 --"] {
        s.search(nasty, NOW).unwrap_or_else(|e| panic!("{nasty:?}: {e}"));
    }
    assert_eq!(s.search(&"x".repeat(201), NOW).unwrap_err().code(), "invalid_input");
}

fn uuid(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

#[test]
fn the_list_comes_in_pages_that_add_up_to_the_whole() {
    let (_d, mut s) = store();
    for n in 0..25 {
        s.save(&draft(&uuid(n), "x", 1), n as i64 % 7).unwrap();
    }
    let whole = s.list(Sort::Updated, NOW).unwrap();
    assert_eq!(whole.len(), 25);
    let mut paged = Vec::new();
    for offset in (0..30).step_by(10) {
        paged.extend(s.list_page(Sort::Updated, offset, Some(10), NOW).unwrap());
    }
    assert_eq!(
        paged.iter().map(|l| &l.id).collect::<Vec<_>>(),
        whole.iter().map(|l| &l.id).collect::<Vec<_>>(),
        "equal times keep one order"
    );
    // Saved in one millisecond, the one written last still comes first: newest first.
    let same: Vec<&str> = whole.iter().filter(|l| l.updated_ms == 0).map(|l| l.id.as_str()).collect();
    assert_eq!(same, [uuid(21), uuid(14), uuid(7), uuid(0)].iter().map(String::as_str).collect::<Vec<_>>());
    assert!(s.list_page(Sort::Updated, 100, Some(10), NOW).unwrap().is_empty());
}

#[test]
fn a_selective_search_is_ranked_by_relevance() {
    let (_d, mut s) = store();
    s.save(&Draft { title: "Over de grot".into(), ..draft(A, "iets anders", 1) }, 1).unwrap();
    s.save(&draft(B, "soms zit hij in zijn grot, en dan is het stil", 1), 2).unwrap();
    let ids: Vec<LetterId> = s.search("grot", NOW).unwrap().into_iter().map(|h| h.letter.id).collect();
    assert_eq!(ids, [A, B], "a title match weighs most, though B is newer");
}

#[test]
fn a_common_search_shows_the_newest_matches_and_skips_the_trash() {
    let (_d, mut s) = store();
    let many = super::search::CANDIDATES + 20;
    for n in 0..many {
        s.save(&Draft { title: format!("Brief {n}"), ..draft(&uuid(n), "ik voel me alleen", 1) }, n as i64).unwrap();
    }
    // The newest sixty are in the trash: the search looks further back for hits to show.
    for n in many - 60..many {
        s.delete(&lid(&uuid(n)), 10_000).unwrap();
    }
    let hits = s.search("alleen", NOW).unwrap();
    assert_eq!(hits.len(), super::search::MAX_HITS);
    let expected: Vec<String> = (0..many - 60).rev().take(super::search::MAX_HITS).map(uuid).collect();
    assert_eq!(hits.iter().map(|h| h.letter.id.clone()).collect::<Vec<_>>(), expected, "newest first, none from the trash");
    assert!(hits.iter().all(|h| h.snippet.iter().any(|seg| seg.mark && seg.text == "alleen")));
}

#[test]
fn only_an_unfinished_last_word_of_three_letters_or_more_is_a_prefix() {
    let (_d, mut s) = store();
    s.save(&draft(A, "ik voel me alleen", 1), 1).unwrap();
    assert_eq!(s.search("alle", NOW).unwrap().len(), 1, "the last word as a prefix");
    assert_eq!(s.search("all voel", NOW).unwrap().len(), 0, "earlier words are whole");
    assert_eq!(s.search("voel me", NOW).unwrap().len(), 1);
    assert_eq!(s.search("voel m", NOW).unwrap().len(), 0, "one or two letters are not yet a prefix");
}

#[test]
fn a_sealed_letter_keeps_its_text_until_its_time() {
    let (_d, mut s) = store();
    let now = NOW;
    s.save(&draft(A, "pas later lezen", 1), now).unwrap();
    s.save(&draft(B, "gewoon", 1), now).unwrap();
    assert_eq!(s.seal(&lid(A), now - 1, now).unwrap_err().code(), "invalid_input", "a seal ends in the future");
    let until = now + 60_000;
    s.seal(&lid(A), until, now).unwrap();
    assert_eq!(s.letter(&lid(A), NOW).unwrap_err(), Error::Sealed { until_ms: until });
    assert_eq!(s.revisions(&lid(A), NOW).unwrap_err().code(), "sealed");
    assert_eq!(s.save(&draft(A, "stiekem wijzigen", 2), now + 1).unwrap_err().code(), "sealed");
    assert_eq!(s.delete(&lid(A), now + 1).unwrap_err().code(), "sealed");
    assert!(s.search("later", NOW).unwrap().is_empty(), "a sealed letter is not found by its words");
    let listed = s.list(Sort::Updated, NOW).unwrap();
    let sealed = listed.iter().find(|l| l.id == A).unwrap();
    assert_eq!((sealed.title.as_str(), sealed.sealed_until_ms), ("Brief", Some(until)), "the list shows title and date");
    // Its time comes.
    assert_eq!(s.letter(&lid(A), until).unwrap().body, "pas later lezen");
    s.save(&draft(A, "nu mag het", 2), until).unwrap();
}

#[test]
fn opening_early_is_marked() {
    let (_d, mut s) = store();
    let now = NOW;
    s.save(&draft(A, "geduld", 1), now).unwrap();
    assert_eq!(s.open_early(&lid(A), now).unwrap_err().code(), "precondition", "only a sealed letter opens early");
    s.seal(&lid(A), now + 3_600_000, now).unwrap();
    let opened = s.open_early(&lid(A), now + 10).unwrap();
    assert_eq!(opened.body, "geduld");
    assert_eq!(opened.summary.opened_early_ms, Some(now + 10));
    assert_eq!(s.list(Sort::Updated, NOW).unwrap()[0].opened_early_ms, Some(now + 10), "the mark is visible in the list");
    assert_eq!(s.search("geduld", NOW).unwrap().len(), 1);
}

#[test]
fn words_and_reading_time() {
    assert_eq!(word_count("  Hallo,  wereld — 🙂 !  "), 2);
    assert_eq!(word_count(""), 0);
    assert_eq!(reading_minutes(0), 0);
    assert_eq!(reading_minutes(1), 1);
    assert_eq!(reading_minutes(200), 1);
    assert_eq!(reading_minutes(201), 2);
}

#[test]
fn a_letter_keeps_its_own_language_for_the_spell_check() {
    let (_dir, mut s) = store();
    s.save(&draft(A, "Dear Sam", 1), 1).unwrap();
    assert_eq!(s.letter(&lid(A), 1).unwrap().lang, None, "the app's language until she chooses");
    s.set_lang(&lid(A), Some(crate::lang::Lang::En)).unwrap();
    assert_eq!(s.letter(&lid(A), 1).unwrap().lang, Some(crate::lang::Lang::En));
    s.save(&draft(A, "Dear Sam, again", 2), 2).unwrap();
    assert_eq!(s.letter(&lid(A), 2).unwrap().lang, Some(crate::lang::Lang::En), "a save keeps it");
    assert_eq!("de".parse::<crate::lang::Lang>().unwrap_err().code(), "invalid_input", "refused where it enters");
    assert_eq!(s.set_lang(&lid(B), Some(crate::lang::Lang::Nl)).unwrap_err().code(), "not_found");
    s.set_lang(&lid(A), None).unwrap();
    assert_eq!(s.letter(&lid(A), 3).unwrap().lang, None);
}

/// Whether any page of the search index (FTS5's `_data` blocks, read raw) holds `term`.
pub(crate) fn index_holds(conn: &rusqlite::Connection, term: &str) -> bool {
    let mut stmt = conn.prepare("SELECT block FROM letters_fts_data").unwrap();
    let blocks: Vec<Vec<u8>> = stmt.query_map([], |r| r.get(0)).unwrap().map(|b| b.unwrap()).collect();
    blocks.iter().any(|b| b.windows(term.len()).any(|w| w == term.as_bytes()))
}

#[test]
fn a_letter_deleted_for_good_leaves_no_word_in_the_search_index() {
    let dir = tempfile::tempdir().unwrap();
    let key = new_key(dir.path());
    let mut s = Store::create(dir.path(), &key).unwrap();
    // Other letters around it, so the index has segments to merge and keep.
    for i in 0..30 {
        let id = format!("00000000-0000-4000-8000-{i:012}");
        s.save(
            &Draft { id: lid(&id), title: "Brief".into(), recipient: "Hem".into(), body: format!("gewone woorden nummer{i}"), seq: 1 },
            1000,
        )
        .unwrap();
    }
    s.save(&draft(A, "Qwyxzebra ijsvogelvlucht, niemand mag dit lezen.", 1), 2000).unwrap();
    s.save(&draft(A, "Qwyxzebra ijsvogelvlucht, tweede versie.", 2), 2500).unwrap();
    assert!(index_holds(&s.conn, "qwyxzebra"), "the term is in the index while the letter is");
    s.delete(&lid(A), 3000).unwrap();
    s.purge(&lid(A)).unwrap();
    for term in ["qwyxzebra", "ijsvogelvlucht"] {
        assert!(!index_holds(&s.conn, term), "{term} is still in the index's pages");
    }
    // And so not in a copy made after it (a backup copies these pages).
    let copy = dir.path().join("copy.db");
    s.export_encrypted(&copy, &key).unwrap();
    let copy = rusqlite::Connection::open(copy).unwrap();
    crate::store::key_connection(&copy, &key).unwrap();
    assert!(!index_holds(&copy, "qwyxzebra"));
    assert_eq!(s.search("gewone", NOW).unwrap().len(), 30, "the other letters are still found");
}
