//! Backups: consistent encrypted snapshots with rotation, and export to one file that imports
//! into an empty data folder and unlocks there with the original passphrase or recovery code.

use std::path::Path;

use grot_lib::backup;
use grot_lib::store::letters::{Draft, LetterId, Sort};
use grot_lib::store::settings::BookmarkKind;
use grot_lib::store::Store;
use grot_lib::vault::{self, DataKey, KdfParams};
use secrecy::ExposeSecret;

use grot_core::testing::{secret, PASS};

const MARKER: &str = "BACKUPMARKER7f3a9c";

fn filled_vault(dir: &Path) -> (DataKey, String) {
    let pending = vault::begin(&secret(PASS), KdfParams::TEST).unwrap();
    let code = pending.recovery_code().expose_secret().to_string();
    let key = vault::confirm(dir, pending, &secret(&code)).unwrap().key;
    let mut store = Store::create(dir, &key).unwrap();
    for n in 0..5 {
        let id = format!("00000000-0000-4000-8000-{n:012}");
        for seq in 1..=3 {
            let draft = Draft {
                id: LetterId::parse(&id.clone()).unwrap(),
                title: format!("Brief {n}"),
                recipient: "Sam".into(),
                body: format!("{MARKER} {n} versie {seq} — één café"),
                seq,
            };
            store.save(&draft, seq * 10 * 60 * 1000).unwrap(); // ten minutes apart: a revision each
        }
    }
    store.set_bookmark(BookmarkKind::Tip, "what-you-can-do.7", true, 1).unwrap();
    (key, code)
}

/// Letters as (id, title, text), revision counts, bookmark targets.
type Contents = (Vec<(String, String, String)>, Vec<usize>, Vec<String>);

/// Everything a person would compare: letters with text, their revisions, bookmarks.
fn contents(dir: &Path, key: &DataKey) -> Contents {
    let store = Store::open(dir, key).unwrap();
    let letters = store.list(Sort::Title, grot_lib::clock::now_ms()).unwrap();
    let texts =
        letters.iter().map(|l| (l.id.to_string(), l.title.clone(), store.letter(&l.id, grot_lib::clock::now_ms()).unwrap().body)).collect();
    let revisions = letters.iter().map(|l| store.revisions(&l.id, grot_lib::clock::now_ms()).unwrap().len()).collect();
    let marks = store.bookmarks().unwrap().into_iter().map(|b| b.target).collect();
    (texts, revisions, marks)
}

fn assert_no_plaintext(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    for needle in [MARKER, PASS, "één café"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle:?} in plaintext in {}", path.display());
    }
}

#[test]
fn a_snapshot_is_a_complete_encrypted_copy_and_ten_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = filled_vault(dir.path());
    // The app keeps its store open, with writes still in the WAL, while the backup runs.
    let mut live = Store::open(dir.path(), &key).unwrap();
    live.save(
        &Draft {
            id: LetterId::parse("00000000-0000-4000-8000-000000000099").unwrap(),
            title: "Net geschreven".into(),
            recipient: String::new(),
            body: format!("{MARKER} vers"),
            seq: 1,
        },
        99,
    )
    .unwrap();
    assert!(dir.path().join("grot.db-wal").exists());
    let first = backup::snapshot(dir.path(), &key, 1_000).unwrap();
    assert_no_plaintext(&first.join("grot.db"));
    // The copy opens on its own, with the header beside it, and holds everything.
    let copy = tempfile::tempdir().unwrap();
    for name in ["grot.db", "vault.json"] {
        std::fs::copy(first.join(name), copy.path().join(name)).unwrap();
    }
    let copy_key = vault::unlock(copy.path(), &secret(PASS), 0).unwrap().key;
    assert_eq!(contents(copy.path(), &copy_key), contents(dir.path(), &key));
    assert!(contents(copy.path(), &copy_key).0.iter().any(|(_, title, _)| title == "Net geschreven"), "the latest save is in the backup");
    Store::open(copy.path(), &copy_key).unwrap().check_integrity().unwrap();
    drop(live);

    for n in 2..=12 {
        backup::snapshot(dir.path(), &key, n * 1_000).unwrap();
    }
    let kept = backup::list(dir.path()).unwrap();
    assert_eq!(kept.len(), backup::KEEP);
    assert!(kept[0].ends_with("0000000012000"), "newest first: {kept:?}");
    assert!(!first.exists(), "the oldest went");
}

#[test]
fn an_exported_backup_imports_into_an_empty_folder_and_unlocks_there() {
    let a = tempfile::tempdir().unwrap();
    let (key, code) = filled_vault(a.path());
    let file = a.path().join("../grot-export.grotbackup");
    backup::export(a.path(), &key, &file).unwrap();
    assert_no_plaintext(&file);

    let b = tempfile::tempdir().unwrap();
    let fresh = b.path().join("grot");
    backup::import(&file, &fresh, false).unwrap();
    let key_b = vault::unlock(&fresh, &secret(PASS), 0).expect("the original passphrase opens it").key;
    assert_eq!(contents(&fresh, &key_b), contents(a.path(), &key), "letters, revisions and bookmarks match");
    vault::unlock_with_recovery(&fresh, &secret(&code), 0).expect("and so does the recovery code");
    std::fs::remove_file(file).unwrap();
}

#[test]
fn import_never_overwrites_without_an_explicit_choice() {
    let a = tempfile::tempdir().unwrap();
    let (key, _) = filled_vault(a.path());
    let file = tempfile::NamedTempFile::new().unwrap();
    backup::export(a.path(), &key, file.path()).unwrap();

    let b = tempfile::tempdir().unwrap();
    let pending = vault::begin(&secret("een ander wachtwoord"), KdfParams::TEST).unwrap();
    let code = secret(pending.recovery_code().expose_secret());
    let key_b = vault::confirm(b.path(), pending, &code).unwrap().key;
    let mut store = Store::create(b.path(), &key_b).unwrap();
    store
        .save(
            &Draft {
                id: LetterId::parse("0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22").unwrap(),
                title: "Van B".into(),
                recipient: String::new(),
                body: "blijft".into(),
                seq: 1,
            },
            1,
        )
        .unwrap();
    drop(store);

    assert_eq!(backup::import(file.path(), b.path(), false).unwrap_err().code(), "vault_exists");
    assert_eq!(
        Store::open(b.path(), &key_b).unwrap().list(Sort::Updated, grot_lib::clock::now_ms()).unwrap()[0].title,
        "Van B",
        "untouched"
    );

    backup::import(file.path(), b.path(), true).unwrap();
    let imported = vault::unlock(b.path(), &secret(PASS), 0).unwrap().key;
    assert_eq!(Store::open(b.path(), &imported).unwrap().list(Sort::Updated, grot_lib::clock::now_ms()).unwrap().len(), 5);
    let aside = std::fs::read_dir(b.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("replaced-"))
        .expect("the replaced vault is kept aside");
    let old_key = vault::unlock(&aside.path(), &secret("een ander wachtwoord"), 0).unwrap().key;
    assert_eq!(Store::open(&aside.path(), &old_key).unwrap().list(Sort::Updated, grot_lib::clock::now_ms()).unwrap()[0].title, "Van B");
}

#[test]
fn a_file_that_is_not_a_backup_changes_nothing() {
    let b = tempfile::tempdir().unwrap();
    let junk = b.path().join("junk.grotbackup");
    std::fs::write(&junk, b"dit is geen backup").unwrap();
    let target = b.path().join("grot");
    assert_eq!(backup::import(&junk, &target, false).unwrap_err().code(), "not_a_backup");
    assert!(!vault::exists(&target));
}

/// A backup file cut short anywhere (a copy interrupted, a stick pulled out) is refused whole:
/// nothing is put in place, and her vault stays as it was even when she chose to replace it.
#[test]
fn a_cut_short_backup_is_refused_and_changes_nothing() {
    let a = tempfile::tempdir().unwrap();
    let (key, _) = filled_vault(a.path());
    let file = a.path().join("export.grotbackup");
    backup::export(a.path(), &key, &file).unwrap();
    let whole = std::fs::read(&file).unwrap();
    // The end-of-archive blocks (1,024 zero bytes) carry nothing: a cut inside them is whole.
    let data_end = whole.len() - 1024;
    let mut cuts: Vec<usize> = (1..64).map(|i| data_end * i / 64).collect();
    cuts.extend([1, 511, 512, 513, 1024, data_end - 1]);
    let b = tempfile::tempdir().unwrap();
    let (key_b, _) = filled_vault(b.path());
    let before = contents(b.path(), &key_b);
    let cut = b.path().join("cut.grotbackup");
    for at in cuts {
        std::fs::write(&cut, &whole[..at]).unwrap();
        let empty = b.path().join(format!("empty-{at}"));
        assert_eq!(backup::import(&cut, &empty, false).map_err(|e| e.code()), Err("not_a_backup"), "cut at {at} of {}", whole.len());
        assert!(!vault::exists(&empty) && !grot_lib::store::any_store_file(&empty), "cut at {at}: nothing put in place");
        assert_eq!(backup::import(&cut, b.path(), true).map_err(|e| e.code()), Err("not_a_backup"), "cut at {at}, replacing");
        assert_eq!(contents(b.path(), &key_b), before, "cut at {at}: her vault is as it was");
    }
}

/// One archive entry: its name, its type, its bytes, its mode.
struct Entry<'a> {
    name: &'a str,
    kind: tar::EntryType,
    data: &'a [u8],
    link: Option<&'a str>,
    mode: u32,
}

fn entry<'a>(name: &'a str, data: &'a [u8]) -> Entry<'a> {
    Entry { name, kind: tar::EntryType::Regular, data, link: None, mode: 0o644 }
}

/// An archive written by hand, the way someone crafting a malicious "backup" would.
fn archive(path: &Path, entries: &[Entry]) {
    let mut builder = tar::Builder::new(std::fs::File::create(path).unwrap());
    for e in entries {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(e.kind);
        header.set_size(e.data.len() as u64);
        header.set_mode(e.mode);
        if let Some(link) = e.link {
            header.set_link_name(link).unwrap();
        }
        // Names are written raw, so "../" and "/" reach the importer as a crafted file has them.
        let raw = &mut header.as_old_mut().name;
        raw[..e.name.len()].copy_from_slice(e.name.as_bytes());
        header.set_cksum();
        builder.append(&header, e.data).unwrap();
    }
    builder.finish().unwrap();
}

#[test]
fn a_malicious_archive_changes_nothing() {
    let source = tempfile::tempdir().unwrap();
    let _ = filled_vault(source.path());
    let header = std::fs::read(source.path().join("vault.json")).unwrap();
    let db = std::fs::read(source.path().join("grot.db")).unwrap();
    let big = vec![b' '; 70 * 1024];
    let link = |name, kind, to| Entry { name, kind, data: b"", link: Some(to), mode: 0o644 };
    let cases: Vec<(&str, Vec<Entry>)> = vec![
        ("a symlink as the store", vec![entry("vault.json", &header), link("grot.db", tar::EntryType::Symlink, "/etc/passwd")]),
        ("a hard link as the header", vec![link("vault.json", tar::EntryType::Link, "/etc/passwd"), entry("grot.db", &db)]),
        (
            "a device",
            vec![entry("vault.json", &header), Entry { name: "grot.db", kind: tar::EntryType::Char, data: b"", link: None, mode: 0o666 }],
        ),
        ("a path out of the folder", vec![entry("../vault.json", &header), entry("grot.db", &db)]),
        ("an absolute path", vec![entry("vault.json", &header), entry("/tmp/grot.db", &db)]),
        ("another file", vec![entry("vault.json", &header), entry("grot.db", &db), entry("run.sh", b"#!/bin/sh")]),
        ("a file twice", vec![entry("vault.json", &header), entry("grot.db", &db), entry("grot.db", b"replaced")]),
        ("an oversized header", vec![entry("vault.json", &big), entry("grot.db", &db)]),
        ("a header that is not one", vec![entry("vault.json", b"{\"format\": 1}"), entry("grot.db", &db)]),
        ("the store alone", vec![entry("grot.db", &db)]),
        (
            "a folder",
            vec![Entry { name: "vault.json", kind: tar::EntryType::Directory, data: b"", link: None, mode: 0o777 }, entry("grot.db", &db)],
        ),
    ];
    for (what, entries) in &cases {
        let home = tempfile::tempdir().unwrap();
        let target = home.path().join("grot");
        let file = home.path().join("evil.grotbackup");
        archive(&file, entries);
        let err = backup::import(&file, &target, false).expect_err(what);
        assert!(["not_a_backup", "too_large"].contains(&err.code()), "{what}: {err:?}");
        let left: Vec<_> =
            std::fs::read_dir(&target).map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect()).unwrap_or_default();
        assert!(left.is_empty(), "{what}: left {left:?}");
        let outside: Vec<_> = std::fs::read_dir(home.path()).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(outside.len(), 2, "{what}: wrote outside the folder: {outside:?}");
    }
    println!("{} malicious archives refused", cases.len());

    // Modes in the archive are ignored: set-uid, world-writable, executable.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join("modes.grotbackup");
        archive(&file, &[Entry { mode: 0o4777, ..entry("vault.json", &header) }, Entry { mode: 0o6777, ..entry("grot.db", &db) }]);
        let target = home.path().join("grot");
        backup::import(&file, &target, false).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&target), 0o700);
        assert_eq!(mode(&target.join("vault.json")), 0o600);
        assert_eq!(mode(&target.join("grot.db")), 0o600);
        let key = vault::unlock(&target, &secret(PASS), 0).unwrap().key;
        assert_eq!(contents(&target, &key), contents(source.path(), &key));
    }
}

#[test]
fn backups_and_their_exports_are_private_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = filled_vault(dir.path());
    let made = backup::snapshot(dir.path(), &key, 1_000).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&made), 0o700);
    assert_eq!(mode(&made.join("grot.db")), 0o600);
    assert_eq!(mode(&made.join("vault.json")), 0o600);
    let file = dir.path().join("export.grotbackup");
    backup::export(dir.path(), &key, &file).unwrap();
    assert_eq!(mode(&file), 0o600);
}
