//! "Take all letters" and bringing them back, at 10,000 letters: each way once (a folder and a
//! zip), each in a process of its own, so that its time and its peak memory (`VmHWM`) are its
//! own. Run: `cargo bench -p grot-core --bench takeout`. Figures: BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use grot_core::export::takeout::TakeoutLabels;
use grot_core::import::Source;
use grot_core::session::{Session, TakeoutTo};
use grot_core::store::letters::{AnswerDraft, Draft, LetterId};
use grot_core::store::Store;
use grot_core::vault::{self, KdfParams};
use grot_testsupport::prose::prose;
use secrecy::{ExposeSecret, SecretString};

const PASS: &str = "correct horse battery staple";
const LETTERS: usize = 10_000;

fn pass() -> SecretString {
    SecretString::from(PASS.to_string())
}

fn id(n: usize, kind: u8) -> String {
    format!("00000000-0000-4000-8{kind:03}-{n:012}")
}

fn new_vault(dir: &Path) -> Store {
    let pending = vault::begin(&pass(), KdfParams::TEST).unwrap();
    let code = SecretString::from(pending.recovery_code().expose_secret().to_string());
    let key = vault::confirm(dir, pending, &code).unwrap().key;
    Store::create(dir, &key).unwrap()
}

fn labels() -> TakeoutLabels {
    TakeoutLabels {
        index: "Mijn brieven".into(),
        answer: "Antwoord".into(),
        untitled: "Brief".into(),
        folder: "Brieven".into(),
        dialog: String::new(),
    }
}

/// Her session, unlocked, once the backup every unlock starts (two seconds later) is done: the
/// phase measured is the take-out or the bringing in alone.
fn session(dir: &Path) -> Session {
    let session = Session::new(dir.to_path_buf(), KdfParams::TEST);
    session.unlock(&pass()).unwrap();
    let started = Instant::now();
    while session.backup_status().unwrap().latest_ms.is_none() {
        assert!(started.elapsed().as_secs() < 120, "the backup after unlock never came");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    session
}

/// This process's peak resident memory so far, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: f64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches(" kB").trim().parse().unwrap();
    kib / 1024.0
}

/// One way, in this process: prints its seconds, its peak and the peak before it began.
fn phase(what: &str, data: &Path, place: &Path) {
    let session = session(data);
    let before = peak_mib();
    let started = Instant::now();
    let count = match what {
        "out-folder" => session.take_out_all(&pass(), &labels(), TakeoutTo::Folder, |_| Ok(Some(place.into()))).unwrap().unwrap().letters,
        "out-zip" => session.take_out_all(&pass(), &labels(), TakeoutTo::Zip, |_| Ok(Some(place.into()))).unwrap().unwrap().letters,
        "in-folder" | "in-zip" => {
            let source = if what == "in-zip" { Source::GrotZip } else { Source::GrotFolder };
            session.import_preview(&pass(), source, || Ok(Some(place.into()))).unwrap().unwrap();
            session.import_confirm().unwrap().added as usize
        }
        _ => panic!("no phase {what}"),
    };
    let seconds = started.elapsed().as_secs_f64();
    session.lock();
    println!("{what}\t{count}\t{seconds:.2}\t{:.1}\t{before:.1}", peak_mib());
}

fn run(what: &str, data: &Path, place: &Path) -> String {
    let out =
        Command::new(std::env::current_exe().unwrap()).args([what, &data.to_string_lossy(), &place.to_string_lossy()]).output().unwrap();
    assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if let [what, data, place] = args.as_slice() {
        return phase(what, Path::new(data), Path::new(place));
    }
    let work = tempfile::tempdir().unwrap();
    let (data, out) = (work.path().join("data"), work.path().join("out"));
    for dir in [&data, &out] {
        std::fs::create_dir(dir).unwrap();
    }
    // 10,000 letters of about 2 KB, one in ten with his answer.
    let mut store = new_vault(&data);
    for n in 0..LETTERS {
        let draft = Draft {
            id: LetterId::parse(&id(n, 0)).unwrap(),
            title: format!("Brief {n}"),
            recipient: "Sam".into(),
            body: prose(n, 2048),
            seq: 1,
        };
        store.save(&draft, 1_700_000_000_000 + n as i64).unwrap();
        if n % 10 == 0 {
            let reading = store.start_reading(&draft.id, 1_700_000_000_000).unwrap();
            store.save_answer(&draft.id, &AnswerDraft { id: id(n, 1), body: prose(n + 1, 300), seq: 1 }, 1_700_000_000_001).unwrap();
            store.reading_until(reading, 1_700_000_000_002).unwrap();
        }
    }
    drop(store);
    println!("phase\tletters\tseconds\tpeak MiB\tpeak MiB before it");
    println!("{}", run("out-folder", &data, &out));
    let folder: PathBuf = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    let zip = work.path().join("brieven.zip");
    println!("{}", run("out-zip", &data, &zip));
    for (what, place) in [("in-folder", &folder), ("in-zip", &zip)] {
        let fresh = work.path().join(what);
        std::fs::create_dir(&fresh).unwrap();
        drop(new_vault(&fresh));
        println!("{}", run(what, &fresh, place));
    }
    let bytes: u64 = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    println!(
        "folder: {:.1} MiB in {} files; zip: {:.1} MiB",
        bytes as f64 / 1048576.0,
        std::fs::read_dir(&folder).unwrap().count(),
        std::fs::metadata(&zip).unwrap().len() as f64 / 1048576.0
    );
}
