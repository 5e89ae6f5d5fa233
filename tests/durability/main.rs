//! Durability and privacy of the store under the worst that happens to a laptop: the process
//! killed mid-save, a full disk, anyone reading the files. This test runs itself as the child
//! process it kills (`durability child-writer …`, `durability full-disk …`), so it needs its own
//! `main` (harness = false); it prints libtest-style lines and fails with a non-zero exit.

use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use grot_lib::rotation;
use grot_lib::session::{Session, Status};
use grot_lib::store::letters::{AnswerDraft, Draft, LetterId, Sort};
use grot_lib::store::Store;
use grot_lib::vault::{self, DataKey, KdfParams};
use secrecy::ExposeSecret;

use grot_core::testing::{secret, PASS};
const LETTERS: [&str; 3] =
    ["6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01", "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22", "9d3e1f7a-5b2c-4e8d-a1f6-3c7b9e2d4a33"];
/// His answer to the first letter, saved between her saves.
const ANSWER: &str = "1d4c9e2a-7b3f-4e8a-9c61-2f5d8a0b3e44";
const KILLS: usize = 120;

mod faults;
mod folder;
mod key_rotation;

use faults::{
    a_folder_she_cannot_write_is_said_and_left_alone, a_full_disk_during_unlock_and_backup_loses_nothing, child_full_disk_unlock,
    child_no_write,
};
use folder::{a_second_process_never_opens_a_store_the_first_holds, child_holder};
use key_rotation::{child_rotator, kill_9_during_key_rotation_leaves_one_passphrase_working};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("child-writer") => return child_writer(Path::new(&args[2]), &args[3]),
        Some("full-disk") => return full_disk_child(Path::new(&args[2])),
        Some("child-rotator") => return child_rotator(Path::new(&args[2])),
        Some("child-holder") => return child_holder(Path::new(&args[2])),
        Some("full-disk-unlock") => return child_full_disk_unlock(Path::new(&args[2])),
        Some("no-write") => return child_no_write(Path::new(&args[2])),
        _ => {}
    }
    let filter = args.iter().skip(1).find(|a| !a.starts_with('-')).cloned();
    let tests: [(&str, fn()); 7] = [
        ("kill_9_during_saves_loses_no_acknowledged_save", kill_9_during_saves_loses_no_acknowledged_save),
        ("no_plaintext_reaches_any_file", no_plaintext_reaches_any_file),
        ("a_full_disk_is_a_clear_error_and_loses_nothing", a_full_disk_is_a_clear_error_and_loses_nothing),
        ("kill_9_during_key_rotation_leaves_one_passphrase_working", kill_9_during_key_rotation_leaves_one_passphrase_working),
        ("a_second_process_never_opens_a_store_the_first_holds", a_second_process_never_opens_a_store_the_first_holds),
        ("a_full_disk_during_unlock_and_backup_loses_nothing", a_full_disk_during_unlock_and_backup_loses_nothing),
        ("a_folder_she_cannot_write_is_said_and_left_alone", a_folder_she_cannot_write_is_said_and_left_alone),
    ];
    let chosen: Vec<_> = tests.iter().filter(|(name, _)| filter.as_ref().is_none_or(|f| name.contains(f.as_str()))).collect();
    println!("\nrunning {} tests", chosen.len());
    let mut failed = Vec::new();
    for (name, test) in &chosen {
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(test);
        let secs = started.elapsed().as_secs_f32();
        match outcome {
            Ok(()) => println!("test {name} ... ok ({secs:.1}s)"),
            Err(_) => {
                println!("test {name} ... FAILED ({secs:.1}s)");
                failed.push(*name);
            }
        }
    }
    let passed = chosen.len() - failed.len();
    let verdict = if failed.is_empty() { "ok" } else { "FAILED" };
    println!("\ntest result: {verdict}. {passed} passed; {} failed; 0 ignored; 0 measured; 0 filtered out\n", failed.len());
    if !failed.is_empty() {
        std::process::exit(101);
    }
}

fn new_vault(dir: &Path) -> DataKey {
    let pending = vault::begin(&secret(PASS), KdfParams::TEST).unwrap();
    let code = secret(pending.recovery_code().expose_secret());
    let key = vault::confirm(dir, pending, &code).unwrap().key;
    drop(Store::create(dir, &key).unwrap());
    key
}

/// The text of version `seq` of letter `n`: anyone can recompute it, so a stored letter can be
/// checked to be one whole version, never a torn mix. Up to ~20 KB.
fn body(marker: &str, n: usize, seq: i64) -> String {
    let words = (seq as usize * 7919 + n * 104_729) % 3000 + 1;
    format!("{marker} brief {n} versie {seq}: {}", "woord ".repeat(words))
}

/// Version `seq` of his answer, recomputable like [`body`].
fn answer_body(marker: &str, seq: i64) -> String {
    format!("{marker} antwoord versie {seq}: {}", "ik ben er weer ".repeat((seq as usize * 31) % 500 + 1))
}

/// Child: opens the store and saves forever, printing `ACK <letter> <seq>` after each
/// acknowledged save of a letter and `ANSWER <seq>` after each of his answer to the first. It
/// is killed with SIGKILL at a random moment.
fn child_writer(dir: &Path, marker: &str) {
    let key = vault::unlock(dir, &secret(PASS), 0).expect("child unlock").key;
    let mut store = Store::open(dir, &key).expect("child open");
    let mut seqs: Vec<i64> = LETTERS
        .iter()
        .map(|id| store.letter(&LetterId::parse(id).unwrap(), grot_lib::clock::now_ms()).map(|l| l.seq).unwrap_or(0))
        .collect();
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let n = i % LETTERS.len();
        let seq = seqs[n] + 1;
        let draft = Draft {
            id: LetterId::parse(LETTERS[n]).unwrap(),
            title: format!("{marker} titel"),
            recipient: "Sam".into(),
            body: body(marker, n, seq),
            seq,
        };
        store.save(&draft, i64::from(i as u32)).expect("child save");
        writeln!(out, "ACK {n} {seq}").unwrap();
        out.flush().unwrap();
        seqs[n] = seq;
        if n == 0 {
            let seq = store
                .thread(&LetterId::parse(LETTERS[0]).unwrap(), grot_lib::clock::now_ms())
                .expect("child thread")
                .answers
                .first()
                .map_or(0, |a| a.seq)
                + 1;
            let answer = AnswerDraft { id: ANSWER.into(), body: answer_body(marker, seq), seq };
            store.save_answer(&LetterId::parse(LETTERS[0]).unwrap(), &answer, i64::from(i as u32)).expect("child answer");
            writeln!(out, "ANSWER {seq}").unwrap();
            out.flush().unwrap();
        }
        if i % 7 == 0 {
            let _ = store.search(marker, grot_lib::clock::now_ms());
        }
    }
}

/// Every file in `dir` (database, WAL, SHM, header, anything else), read raw.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            path.is_file().then(|| (path.clone(), std::fs::read(&path).unwrap()))
        })
        .collect()
}

/// The first file in `dir` that holds one of `needles` as plain bytes, if any.
fn find_plaintext(dir: &Path, needles: &[&str]) -> Option<String> {
    let all = files(dir);
    assert!(all.iter().any(|(p, _)| p.ends_with("grot.db")), "no database to scan");
    for (path, bytes) in &all {
        for needle in needles {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                return Some(format!("{needle:?} in {}", path.display()));
            }
        }
    }
    None
}

fn assert_no_plaintext(dir: &Path, needles: &[&str]) {
    if let Some(found) = find_plaintext(dir, needles) {
        panic!("plaintext on disk: {found}");
    }
}

/// A small xorshift: random kill moments that are the same on every run of one seed.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn marker() -> String {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).unwrap();
    format!("MARKER{}", data_encoding::HEXUPPER.encode(&bytes))
}

/// Runs the writer child `kills` times, SIGKILLs it at random moments, and after each kill
/// checks the store and the files. Answers how many saves were acknowledged in all.
fn kill_loop(dir: &Path, marker: &str, kills: usize) -> usize {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ u64::from(std::process::id()));
    let mut acked = [0i64; LETTERS.len()];
    let mut answered = 0i64;
    let mut total = 0;
    let mut wal_scans = 0;
    for round in 0..kills {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["child-writer", dir.to_str().unwrap(), marker])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Wait for the child to be writing, then kill it somewhere inside a save.
        let first = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| panic!("round {round}: the child never saved"));
        std::thread::sleep(Duration::from_millis(rng.below(40)));
        std::thread::sleep(Duration::from_micros(rng.below(5000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        for line in std::iter::once(first).chain(rx.try_iter()) {
            if let Some(seq) = line.strip_prefix("ANSWER ") {
                answered = answered.max(seq.parse().unwrap());
                total += 1;
                continue;
            }
            let mut parts = line.split_whitespace().skip(1);
            let n: usize = parts.next().unwrap().parse().unwrap();
            let seq: i64 = parts.next().unwrap().parse().unwrap();
            acked[n] = acked[n].max(seq);
            total += 1;
        }

        // Scan first, as the killed child left the files: WAL and SHM included. Opening the
        // store below checkpoints the WAL away.
        assert_no_plaintext(dir, &[marker, PASS]);
        if dir.join("grot.db-wal").exists() {
            wal_scans += 1;
        }

        let key = vault::unlock(dir, &secret(PASS), 0).unwrap().key;
        let store = Store::open(dir, &key).unwrap_or_else(|e| panic!("round {round}: store does not open: {e}"));
        store.check_integrity().unwrap_or_else(|e| panic!("round {round}: {e}"));
        for (n, id) in LETTERS.iter().enumerate() {
            if acked[n] == 0 {
                continue;
            }
            let letter = store
                .letter(&LetterId::parse(id).unwrap(), grot_lib::clock::now_ms())
                .unwrap_or_else(|e| panic!("round {round}: letter {n} lost: {e}"));
            assert!(letter.seq >= acked[n], "round {round}: letter {n} acknowledged at {} but stored at {}", acked[n], letter.seq);
            assert_eq!(letter.body, body(marker, n, letter.seq), "round {round}: letter {n} is not one whole version");
        }
        if answered > 0 {
            let thread = store.thread(&LetterId::parse(LETTERS[0]).unwrap(), grot_lib::clock::now_ms()).unwrap();
            let answer = thread.answers.first().unwrap_or_else(|| panic!("round {round}: his answer, acknowledged at {answered}, is lost"));
            assert!(answer.seq >= answered, "round {round}: his answer acknowledged at {answered} but stored at {}", answer.seq);
            assert_eq!(answer.body, answer_body(marker, answer.seq), "round {round}: his answer is not one whole version");
        }
        let listed = store.list(Sort::Updated, grot_lib::clock::now_ms()).unwrap();
        assert!(
            acked.iter().zip(LETTERS).all(|(a, id)| *a == 0 || listed.iter().any(|l| l.id == id)),
            "round {round}: a letter is missing from the list"
        );
        drop(store);
        assert_no_plaintext(dir, &[marker, PASS]);
    }
    assert!(wal_scans * 2 > kills, "only {wal_scans} of {kills} kills left a WAL to scan");
    assert!(answered > 0, "his answer was never saved, so never checked");
    println!("    his answer reached version {answered}, checked whole after every kill");
    println!("    {wal_scans} of {kills} kills left a WAL behind; every file was scanned before reopening");
    total
}

fn kill_9_during_saves_loses_no_acknowledged_save() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path());
    let marker = marker();
    let total = kill_loop(dir.path(), &marker, KILLS);
    println!("    {KILLS} kills, {total} acknowledged saves checked after every kill");
    assert!(total >= KILLS * 2, "too few saves ({total}) to prove anything");
}

fn no_plaintext_reaches_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let key = new_vault(dir.path());
    let marker = marker();
    {
        let mut store = Store::open(dir.path(), &key).unwrap();
        let mut settings = store.settings().unwrap();
        settings.last_section = Some(format!("grot/{marker}"));
        store.set_settings(&settings).unwrap();
        store.set_bookmark(grot_lib::store::settings::BookmarkKind::Tip, &marker, true, 1).unwrap();
        for (n, id) in LETTERS.iter().enumerate() {
            let draft = Draft {
                id: LetterId::parse(id).unwrap(),
                title: marker.clone(),
                recipient: marker.clone(),
                body: body(&marker, n, 1),
                seq: 1,
            };
            store.save(&draft, 1).unwrap();
        }
        assert_eq!(store.search(&marker, grot_lib::clock::now_ms()).unwrap().len(), LETTERS.len());
        store.delete(&LetterId::parse(LETTERS[0]).unwrap(), 2).unwrap();
        store.purge(&LetterId::parse(LETTERS[0]).unwrap()).unwrap();
        // The store stays open: the WAL and SHM are scanned as they are while the app runs.
        assert!(dir.path().join("grot.db-wal").exists(), "expected a WAL while the store is open");
        assert_no_plaintext(dir.path(), &[&marker, PASS]);
    }
    assert_no_plaintext(dir.path(), &[&marker, PASS]);
    // And while writing is cut short by kill -9.
    kill_loop(dir.path(), &marker, 10);
    // The scan itself must be able to fail: a plaintext copy is found.
    std::fs::write(dir.path().join("leak.tmp"), format!("x{marker}x")).unwrap();
    assert!(find_plaintext(dir.path(), &[&marker]).is_some(), "the scanner missed a planted plaintext copy");
}

/// Child, inside its own mount namespace with a 2 MB tmpfs at `dir`.
fn full_disk_child(dir: &Path) {
    let key = new_vault(dir);
    let mut store = Store::open(dir, &key).unwrap();
    let id = LETTERS[0];
    let draft = |body: String, seq| Draft { id: LetterId::parse(id).unwrap(), title: "Vol".into(), recipient: String::new(), body, seq };
    store.save(&draft("de eerste versie".into(), 1), 1).unwrap();

    // Fill the disk.
    let filler = dir.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 16 * 1024];
    while file.write_all(&chunk).and_then(|_| file.sync_all()).is_ok() {}
    drop(file);

    let big = "vol ".repeat(100_000);
    let err = store.save(&draft(big.clone(), 2), 2).expect_err("a save on a full disk must fail");
    assert_eq!(err.code(), "disk_full", "{err:?}");
    assert_eq!(
        store.letter(&LetterId::parse(id).unwrap(), grot_lib::clock::now_ms()).unwrap().body,
        "de eerste versie",
        "the earlier text is intact"
    );

    std::fs::remove_file(&filler).unwrap();
    store.save(&draft(big.clone(), 2), 3).expect("a save succeeds once space returns");
    assert_eq!(store.letter(&LetterId::parse(id).unwrap(), grot_lib::clock::now_ms()).unwrap().body, big);
    store.check_integrity().unwrap();
    drop(store);
    let store = Store::open(dir, &key).unwrap();
    assert_eq!(store.letter(&LetterId::parse(id).unwrap(), grot_lib::clock::now_ms()).unwrap().body, big);
    println!("FULL-DISK-OK");
}

fn a_full_disk_is_a_clear_error_and_loses_nothing() {
    let mount = tempfile::tempdir().unwrap();
    let me = std::env::current_exe().unwrap();
    // A private mount namespace: the tmpfs exists only for the child and vanishes with it.
    let output = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
        .arg("mount -t tmpfs -o size=2m grot-full-disk \"$0\" && exec \"$1\" full-disk \"$0\"")
        .arg(mount.path())
        .arg(&me)
        .output()
        .expect("`unshare` (util-linux) is needed for the full-disk test: apt-get install util-linux");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("FULL-DISK-OK"),
        "full-disk child failed ({}):\n{stdout}\n{stderr}\n(needs user namespaces: sysctl kernel.unprivileged_userns_clone=1, or run as root)",
        output.status
    );
}
