//! Two real processes on one data folder: one holds it, the other touches nothing.

use super::*;

/// Child: the app's session on `dir`, unlocked, saving now and then; says `HELD` once it holds
/// the folder, then waits to be killed.
pub fn child_holder(dir: &Path) {
    let session = Session::new(dir.to_path_buf(), KdfParams::TEST);
    session.unlock(&secret(PASS)).expect("child unlock");
    println!("HELD {:?}", session.status());
    std::io::stdout().flush().unwrap();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        session.touch().unwrap();
    }
}

/// Two real processes on one data folder, with no session bus to find each other: the second
/// touches nothing (its status is `in_use`, unlocking and importing are refused) until the first
/// is gone, however it went (here: SIGKILL); then it unlocks as usual.
pub fn a_second_process_never_opens_a_store_the_first_holds() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    {
        // A vault made the way the app makes one, then let go.
        let session = Session::new(dir.to_path_buf(), KdfParams::TEST);
        let code = session.begin_setup(&secret(PASS)).unwrap().expose_secret().to_string();
        session.confirm_setup(&secret(&code)).unwrap();
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["child-holder", dir.to_str().unwrap()])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "HELD Unlocked", "the first process unlocked");
    // Past the backup the first one makes after unlocking, so what follows is the second's doing.
    std::thread::sleep(Duration::from_secs(3));
    let before = files(dir);
    let second = Session::new(dir.to_path_buf(), KdfParams::TEST);
    assert_eq!(second.status(), Status::InUse);
    assert_eq!(second.unlock(&secret(PASS)).unwrap_err().code(), "in_use");
    assert_eq!(second.begin_setup(&secret("a fresh passphrase")).unwrap_err().code(), "in_use");
    let file = dir.join("elsewhere.grotbackup");
    std::fs::write(&file, b"not a backup").unwrap();
    assert_eq!(second.import_backup(Some(&secret(PASS)), || Ok(Some(file.clone()))).unwrap_err().code(), "in_use");
    std::fs::remove_file(&file).unwrap();
    let after = files(dir);
    let names = |f: &[(PathBuf, Vec<u8>)]| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&after), names(&before), "the second process wrote nothing in the folder");
    child.kill().unwrap();
    child.wait().unwrap();
    // The kernel let go of the first process's lock: the second goes on from the lock screen.
    assert_eq!(second.status(), Status::Locked);
    second.unlock(&secret(PASS)).unwrap();
    println!("    the second process was refused while the first held the folder, and unlocked once it was killed");
}
