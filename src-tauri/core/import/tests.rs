//! Every source read from files the test builds from each format's documented shape, and every
//! kind of bad input refused with its own code, the source files unchanged.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A zip of (name, bytes) entries, written with the zip crate.
fn zip_of(dir: &Path, name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (entry, bytes) in entries {
        zip.start_file(*entry, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    path
}

fn titles(read: &Read) -> Vec<&str> {
    read.letters.iter().map(|w| w.title.as_str()).collect()
}

const MINI_DIARIUM_JSON: &str = r#"{
  "metadata": { "application": "Mini Diarium", "version": "0.4.15", "exportedAt": "2026-01-02T10:00:00+00:00" },
  "entries": [
    { "id": 1, "date": "2024-01-15", "title": "Na de ruzie", "text": "<p>Ik was <strong>boos</strong>.</p><p>Nu niet meer &amp; rustig.</p><ul><li>wandelen</li></ul>", "dateUpdated": "2024-01-16T08:00:00Z", "tags": ["thuis"] },
    { "id": 2, "date": "2024-03-01", "title": "", "text": "<p>Zonder titel</p>", "dateUpdated": "2024-03-01T20:00:00Z", "tags": [] }
  ]
}"#;

#[test]
fn mini_diarium_json_of_both_shapes_reads_as_her_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let read = super::read(Source::MiniDiariumJson, &write(dir.path(), "export.json", MINI_DIARIUM_JSON.as_bytes())).unwrap();
    assert_eq!(titles(&read), ["Na de ruzie", ""]);
    let body = &read.letters[0].body;
    // Its HTML as Markdown, as Grot's own letters are written.
    assert_eq!(body, "Ik was **boos**.\n\nNu niet meer & rustig.\n* wandelen");
    assert_eq!(read.letters[0].created_ms, local("2024-01-15", None).unwrap());
    assert_eq!(read.letters[0].updated_ms, instant("2024-01-16T08:00:00Z").unwrap());
    assert_ne!(read.letters[0].id, read.letters[1].id);
    // Mini Diary's older shape: entries by day, plain text.
    let older = r#"{"metadata": {"application": "Mini Diary", "version": "3.3.0"},
        "entries": {"2019-05-04": {"dateUpdated": "Sat May 04 2019", "title": "Oud", "text": "Gewoon *tekst*."}}}"#;
    let older = super::read(Source::MiniDiariumJson, &write(dir.path(), "old.json", older.as_bytes()));
    // A moment Grot cannot read refuses the whole, never a guess.
    assert_eq!(older.unwrap_err().code(), "not_that_format");
    let older = r#"{"metadata": {"application": "Mini Diary"}, "entries": {"2019-05-04": {"title": "Oud", "text": "Gewoon *tekst*."}}}"#;
    let older = super::read(Source::MiniDiariumJson, &write(dir.path(), "old.json", older.as_bytes())).unwrap();
    assert_eq!((older.letters[0].title.as_str(), older.letters[0].body.as_str()), ("Oud", "Gewoon *tekst*."));
}

#[test]
fn mini_diarium_markdown_reads_each_day_its_title_and_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let md = "# Mini Diarium\n\n## 2024-01-15\n**Na de ruzie**\nIk was **boos**.\n\nNu niet meer.\n\n## 2024-03-01\nZonder titel\n";
    let read = super::read(Source::MiniDiariumMarkdown, &write(dir.path(), "export.md", md.as_bytes())).unwrap();
    assert_eq!(titles(&read), ["Na de ruzie", ""]);
    assert_eq!(read.letters[0].body, "Ik was **boos**.\n\nNu niet meer.");
    assert_eq!(read.letters[1].body, "Zonder titel");
    assert_eq!(read.letters[1].created_ms, local("2024-03-01", None).unwrap());
    let other = super::read(Source::MiniDiariumMarkdown, &write(dir.path(), "other.md", b"# Mijn dagboek\n\n## 2024-01-15\ntekst\n"));
    assert_eq!(other.unwrap_err().code(), "not_that_format");
}

const DAY_ONE: &str = r##"{
  "metadata": { "version": "1.0" },
  "entries": [
    { "uuid": "A1", "creationDate": "2023-06-01T07:30:00Z", "modifiedDate": "2023-06-02T07:30:00Z", "timeZone": "Europe/Amsterdam",
      "text": "# Een goede dag\n\nWe liepen naar zee\\. Hij lachte \\(echt\\)\\.", "starred": false, "tags": ["zee"] },
    { "uuid": "A2", "creationDate": "2023-07-01T07:30:00Z", "text": "Geen kop, gewoon tekst." },
    { "uuid": "A3", "creationDate": "2023-08-01T07:30:00Z", "photos": [{ "md5": "ab" }] }
  ]
}"##;

#[test]
fn day_one_json_alone_or_in_its_zip_reads_and_leaves_out_entries_without_text() {
    let dir = tempfile::tempdir().unwrap();
    let read = super::read(Source::DayOne, &write(dir.path(), "Journal.json", DAY_ONE.as_bytes())).unwrap();
    assert_eq!(titles(&read), ["Een goede dag", ""]);
    assert_eq!(read.letters[0].body, "We liepen naar zee. Hij lachte (echt).");
    assert_eq!(read.letters[0].created_ms, instant("2023-06-01T07:30:00Z").unwrap());
    assert_eq!(read.left_out, 1, "the photo-only entry");
    let zip = zip_of(dir.path(), "export.zip", &[("Journal.json", DAY_ONE.as_bytes()), ("photos/ab.jpeg", b"\xff\xd8 jpeg")]);
    let zipped = super::read(Source::DayOne, &zip).unwrap();
    assert_eq!((titles(&zipped), zipped.left_out), (titles(&read), 1));
}

#[test]
fn jrnl_json_reads_its_day_and_time_on_her_clock() {
    let dir = tempfile::tempdir().unwrap();
    let jrnl = r#"{"tags": {"@thuis": 1}, "entries": [
        {"title": "Eerste dag.", "body": "Begonnen met jrnl.\n", "date": "2024-01-15", "time": "18:22", "tags": ["@thuis"], "starred": false}]}"#;
    let read = super::read(Source::Jrnl, &write(dir.path(), "jrnl.json", jrnl.as_bytes())).unwrap();
    assert_eq!((read.letters[0].title.as_str(), read.letters[0].body.as_str()), ("Eerste dag.", "Begonnen met jrnl."));
    assert_eq!(read.letters[0].created_ms, local("2024-01-15", Some("18:22")).unwrap());
    // Day One's file is not jrnl's.
    let wrong = super::read(Source::Jrnl, &write(dir.path(), "Journal.json", DAY_ONE.as_bytes()));
    assert_eq!(wrong.unwrap_err().code(), "not_that_format");
}

#[test]
fn a_folder_of_text_files_gives_a_letter_each_titled_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Aan Sam.md", "Lieve Sam,\n\nik wacht.\n".as_bytes());
    write(dir.path(), "boodschappen.TXT", b"brood");
    write(dir.path(), "leeg.txt", b"  \n");
    write(dir.path(), "foto.jpg", b"\xff\xd8");
    write(dir.path(), ".verborgen.md", b"niet dit");
    let read = super::read(Source::TextFolder, dir.path()).unwrap();
    assert_eq!(titles(&read), ["Aan Sam", "boodschappen"]);
    assert_eq!(read.letters[0].body, "Lieve Sam,\n\nik wacht.");
    assert_eq!(read.left_out, 1, "the empty file");
}

#[test]
fn bad_input_is_refused_with_its_own_code_and_the_files_stay_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let year_10000 = DAY_ONE.replace("2023-06-01T07:30:00Z", "10000-06-01T07:30:00Z");
    let mut cases: Vec<(Source, PathBuf, &str)> = vec![
        (Source::MiniDiariumJson, write(d, "empty.json", b""), "not_that_format"),
        (
            Source::MiniDiariumJson,
            write(d, "latin1.json", b"{\"entries\": [{\"date\": \"2024-01-15\", \"text\": \"caf\xe9\"}]}"),
            "not_that_format",
        ),
        (Source::MiniDiariumJson, write(d, "dayone.json", DAY_ONE.as_bytes()), "not_that_format"),
        (Source::DayOne, write(d, "year.json", year_10000.as_bytes()), "not_that_format"),
        (Source::DayOne, write(d, "photo.jpg", b"\xff\xd8\xff\xe0 not json"), "not_that_format"),
        (
            Source::DayOne,
            zip_of(d, "escape.zip", &[("Journal.json", DAY_ONE.as_bytes()), ("../../.bashrc", b"rm -rf ~")]),
            "unsafe_archive",
        ),
        (Source::DayOne, zip_of(d, "absolute.zip", &[("/etc/passwd", b"x")]), "unsafe_archive"),
        (Source::DayOne, zip_of(d, "nojournal.zip", &[("photos/a.jpeg", b"x")]), "not_that_format"),
        (Source::GrotZip, write(d, "notzip.zip", b"PK\x03\x04 but nothing more"), "not_that_format"),
        (Source::Jrnl, write(d, "array.json", b"[]"), "not_that_format"),
    ];
    // 200 MB (sparse: nothing is written, and nothing is read).
    let huge = write(d, "huge.json", b"");
    std::fs::File::options().write(true).open(&huge).unwrap().set_len(200 << 20).unwrap();
    cases.push((Source::Jrnl, huge, "too_much"));
    #[cfg(unix)]
    {
        let link = d.join("link.json");
        std::os::unix::fs::symlink(d.join("dayone.json"), &link).unwrap();
        cases.push((Source::DayOne, link, "not_that_format"));
    }
    let before: Vec<(PathBuf, u64, std::time::SystemTime)> = cases
        .iter()
        .map(|(_, p, _)| {
            let m = std::fs::symlink_metadata(p).unwrap();
            (p.clone(), m.len(), m.modified().unwrap())
        })
        .collect();
    for (source, path, code) in &cases {
        assert_eq!(super::read(*source, path).unwrap_err().code(), *code, "{source:?} {}", path.display());
    }
    for (path, len, modified) in before {
        let m = std::fs::symlink_metadata(&path).unwrap();
        assert_eq!((m.len(), m.modified().unwrap()), (len, modified), "{} unchanged", path.display());
    }
}

#[test]
fn a_zip_entry_is_never_read_past_its_cap_whatever_it_claims() {
    let dir = tempfile::tempdir().unwrap();
    // Two MiB of zeros: a few KiB packed, like every zip bomb.
    let zeros = vec![0u8; 2 << 20];
    let bomb = zip_of(dir.path(), "bomb.zip", &[("Journal.json", &zeros)]);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 64 << 10);
    let mut archive = archive::Archive::open(&bomb).unwrap();
    assert_eq!(archive.read(0, 1 << 20).unwrap_err().code(), "unsafe_archive");
    assert_eq!(archive::Archive::open(&bomb).unwrap().read(0, 4 << 20).unwrap().len(), 2 << 20);
}

/// The fuzzers' seeds are exports these parsers read: each text seed (its first byte picks the
/// source) and each zip give letters.
#[test]
fn the_fuzz_seeds_read() {
    const SOURCES: [Source; 4] = [Source::MiniDiariumJson, Source::MiniDiariumMarkdown, Source::DayOne, Source::Jrnl];
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    for entry in std::fs::read_dir(seeds.join("import_text")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let source = SOURCES[usize::from(bytes[0]) % SOURCES.len()];
        assert!(!parse(source, std::str::from_utf8(&bytes[1..]).unwrap()).unwrap().letters.is_empty(), "{source:?}");
    }
    assert_eq!(super::read(Source::DayOne, &seeds.join("import_zip/day_one.zip")).unwrap().letters.len(), 1);
    assert_eq!(super::read(Source::GrotZip, &seeds.join("import_zip/grot.zip")).unwrap().letters.len(), 1);
}

/// What the attack review of this change found, each now refused (or kept) as it should be.
#[test]
fn crafted_exports_are_refused_without_hanging_growing_or_echoing_her_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A FIFO where the journal should be: refused at once, never waited on.
    let fifo = d.join("Journal.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    assert_eq!(super::read(Source::DayOne, &fifo).unwrap_err().code(), "not_that_format");
    // HTML nested deeper than its page: refused, not laid out into gigabytes.
    let deep = format!(
        r#"{{"metadata": {{"application": "Mini Diarium"}}, "entries": [{{"date": "2024-01-15", "title": "t", "text": "<p>{}x</p>"}}]}}"#,
        "<blockquote>".repeat(20_000)
    );
    assert_eq!(super::read(Source::MiniDiariumJson, &write(d, "deep.json", deep.as_bytes())).unwrap_err().code(), "not_that_format");
    // jrnl's export is not read as Mini Diarium's with the text left behind.
    let jrnl = r#"{"tags": {}, "entries": [{"title": "t", "body": "b", "date": "2024-01-15", "time": "10:00"}]}"#;
    assert_eq!(super::read(Source::MiniDiariumJson, &write(d, "jrnl.json", jrnl.as_bytes())).unwrap_err().code(), "not_that_format");
    // A letter longer than the store takes is refused when she looks, not when she says yes.
    let long = format!(
        r#"{{"tags": {{}}, "entries": [{{"title": "t", "body": "{}", "date": "2024-01-15", "time": "10:00"}}]}}"#,
        "a".repeat(2 << 20)
    );
    assert_eq!(super::read(Source::Jrnl, &write(d, "long.json", long.as_bytes())).unwrap_err().code(), "too_large");
    // A heading in her text is her text; a day that does not read says so without her words.
    let md = "# Mini Diarium\n\n## 2024-01-15\n**Titel**\nBoven.\n\n## Mijn geheime kop\n\nOnder.\n";
    let read = super::read(Source::MiniDiariumMarkdown, &write(d, "kop.md", md.as_bytes())).unwrap();
    assert_eq!(read.letters.len(), 1);
    assert_eq!(read.letters[0].body, "Boven.\n\n## Mijn geheime kop\n\nOnder.");
    let jrnl_bad_day = r#"{"tags": {}, "entries": [{"title": "t", "body": "b", "date": "Mijn geheime dag", "time": "10:00"}]}"#;
    let err = super::read(Source::Jrnl, &write(d, "day.json", jrnl_bad_day.as_bytes())).unwrap_err();
    assert!(!err.to_string().contains("geheime"), "{err}");
    // A name with a backslash (a Windows path that leaves the folder) in a zip.
    let zip = zip_of(d, "back.zip", &[("..\\..\\x.json", b"{}")]);
    assert_eq!(super::read(Source::DayOne, &zip).unwrap_err().code(), "unsafe_archive");
    // Only photos, nothing to bring in: said, not an empty preview.
    let photos = r#"{"metadata": {"version": "1.0"}, "entries": [{"creationDate": "2023-08-01T07:30:00Z"}]}"#;
    assert_eq!(super::read(Source::DayOne, &write(d, "photos.json", photos.as_bytes())).unwrap_err().code(), "not_that_format");
}
