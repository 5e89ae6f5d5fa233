//! Faults in the data folder that no kill causes: a full disk while unlocking and during the
//! automatic backup, and a folder she cannot write to. Each child runs where the fault is real
//! (a private tmpfs, or a process without root's power to write anywhere).

use super::*;

/// Polls `f` until it answers `Some`, for at most 20 s.
fn eventually<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < until, "waited 20 s for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A vault made the way the app makes one, with one letter in it, and its first automatic
/// backup done; then locked.
fn set_up(dir: &Path) -> Session {
    let session = Session::new(dir.to_path_buf(), KdfParams::TEST);
    let code = session.begin_setup(&secret(PASS)).unwrap().expose_secret().to_string();
    session.confirm_setup(&secret(&code)).unwrap();
    let draft = Draft {
        id: LetterId::parse(LETTERS[0]).unwrap(),
        title: "Vol".into(),
        recipient: String::new(),
        body: "de eerste versie".into(),
        seq: 1,
    };
    session.with_store(|s| s.save(&draft, 1)).unwrap();
    eventually("the first backup", || session.backup_status().unwrap().latest_ms);
    session.lock();
    session
}

fn body(session: &Session) -> String {
    session.with_store(|s| s.letter(&LetterId::parse(LETTERS[0]).unwrap(), grot_lib::clock::now_ms())).unwrap().body
}

/// Every file and folder under `dir`, sorted, for "nothing was left behind".
fn names(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(names(&path));
        }
        out.push(path);
    }
    out.sort();
    out
}

/// Fills the file system holding `dir` with `dir/filler`.
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join("filler");
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&filler).unwrap();
    let chunk = vec![0u8; 16 * 1024];
    while file.write_all(&chunk).and_then(|_| file.sync_all()).is_ok() {}
    filler
}

/// What a failed step may leave: SQLite's WAL and shared memory (its own to clean up).
fn lasting(dir: &Path) -> Vec<PathBuf> {
    names(dir).into_iter().filter(|p| !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")).collect()
}

/// Child, on a 3 MB tmpfs. Unlocking on a full disk says `disk_full` (SQLite needs room for
/// its shared memory) or works; either way nothing is lost. The automatic backup that meets a
/// full disk says `disk_full`, leaves no half-copied backup and keeps the earlier one. Once
/// space returns, the next unlock backs up again.
pub fn child_full_disk_unlock(dir: &Path) {
    let session = set_up(dir);
    let filler = fill(dir);
    let before = lasting(dir);
    match session.unlock(&secret(PASS)) {
        Ok(()) => assert_eq!(body(&session), "de eerste versie", "her letter reads on a full disk"),
        Err(e) => assert_eq!(e.code(), "disk_full", "{e:?}"),
    }
    println!("    unlock on a full disk: {:?}", session.status());
    session.lock();
    assert_eq!(lasting(dir), before, "a failed unlock leaves nothing behind");
    std::fs::remove_file(&filler).unwrap();

    // Unlocked with room; the disk fills before the backup (2 s later) starts.
    session.unlock(&secret(PASS)).unwrap();
    let filler = fill(dir);
    let before = lasting(dir);
    let error = eventually("the backup's verdict", || session.backup_status().unwrap().error);
    assert_eq!(error, "disk_full", "the automatic backup says why it failed");
    assert_eq!(lasting(dir), before, "a failed backup leaves no half-copied file");
    assert_eq!(grot_lib::backup::list(dir).unwrap().len(), 1, "the earlier backup is kept");
    assert_eq!(body(&session), "de eerste versie", "her letter still reads");
    println!("    the backup on a full disk said disk_full and left nothing behind");

    session.lock();
    std::fs::remove_file(&filler).unwrap();
    session.unlock(&secret(PASS)).expect("unlocks once space returns");
    assert_eq!(body(&session), "de eerste versie");
    eventually("a second backup", || (grot_lib::backup::list(dir).unwrap().len() == 2).then_some(()));
    // The file is in place a moment before the backup's thread reports how it went: wait for
    // the report to stop being the full disk's, then it must say nothing went wrong.
    let error = eventually("the second backup's report", || {
        let error = session.backup_status().unwrap().error;
        (error.as_deref() != Some("disk_full")).then_some(error)
    });
    assert_eq!(error, None, "the backup works again");
    println!("FULL-DISK-UNLOCK-OK");
}

pub fn a_full_disk_during_unlock_and_backup_loses_nothing() {
    run_child(
        &[
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            "mount -t tmpfs -o size=3m grot-full \"$0\" && exec \"$1\" full-disk-unlock \"$0\"",
        ],
        "FULL-DISK-UNLOCK-OK",
    );
}

/// Child, without the power to write where the mode bits forbid it: a data folder she cannot
/// write to is `cannot_write` (status and every command that would write), nothing in it
/// changes, and once it is writable again she unlocks as before.
pub fn child_no_write(dir: &Path) {
    let data = dir.join("grot");
    drop(set_up(&data));
    let before = files(&data);
    chmod(&data, 0o500);
    let session = Session::new(data.clone(), KdfParams::TEST);
    assert_eq!(session.status(), Status::CannotWrite);
    assert_eq!(session.unlock(&secret(PASS)).unwrap_err().code(), "cannot_write");
    assert_eq!(session.begin_setup(&secret("een andere wachtzin hier")).unwrap_err().code(), "cannot_write");
    assert_eq!(session.restore_backup("0", &secret(PASS)).unwrap_err().code(), "cannot_write");
    assert_eq!(files(&data), before, "nothing in the folder changed");
    chmod(&data, 0o700);
    assert_eq!(session.status(), Status::Locked, "writable again: the lock screen");
    session.unlock(&secret(PASS)).unwrap();
    assert_eq!(body(&session), "de eerste versie");
    println!("NO-WRITE-OK");
}

fn chmod(dir: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
}

pub fn a_folder_she_cannot_write_is_said_and_left_alone() {
    // Root writes through any mode bits: without CAP_DAC_OVERRIDE it meets them as she would.
    let root = unsafe { libc::geteuid() } == 0;
    let prefix: &[&str] = if root { &["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] } else { &[] };
    let mut args = prefix.to_vec();
    args.extend(["sh", "-c", "exec \"$1\" no-write \"$0\""]);
    run_child(&args, "NO-WRITE-OK");
}

/// Runs `args` with a fresh temporary folder and this test binary appended, and checks that
/// the child said `ok`.
fn run_child(args: &[&str], ok: &str) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(args[0])
        .args(&args[1..])
        .arg(dir.path())
        .arg(std::env::current_exe().unwrap())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap_or_else(|e| panic!("`{}` is needed (apt-get install util-linux): {e}", args[0]));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{}", stdout.lines().filter(|l| l.starts_with("    ")).map(|l| format!("{l}\n")).collect::<String>());
    assert!(output.status.success() && stdout.contains(ok), "child failed ({}):\n{stdout}\n{stderr}", output.status);
}
