//! Key rotation killed at random moments: exactly one passphrase opens her letters after.

use super::*;

/// The two passphrases the rotator alternates between.
const PASSES: [&str; 2] = [PASS, "a second long passphrase"];
const ROTATION_KILLS: usize = 60;

/// Which of [`PASSES`] opens the vault in `dir` now, with its key (after a kill's recovery).
fn open_with_either(dir: &Path) -> Vec<(usize, vault::Unlocked)> {
    PASSES.iter().enumerate().filter_map(|(i, p)| vault::unlock(dir, &secret(p), 0).ok().map(|u| (i, u))).collect()
}

/// Child: rotates the data key forever, from whichever passphrase works to the other one,
/// printing `READY` once it has started and `ROTATED <index>` after each. It is killed with
/// SIGKILL at a random moment.
pub fn child_rotator(dir: &Path) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "READY").unwrap();
    out.flush().unwrap();
    loop {
        rotation::recover(dir).expect("child recover");
        let (from, unlocked) = open_with_either(dir).pop().expect("child: neither passphrase works");
        let to = 1 - from;
        let store = Store::open(dir, &unlocked.key).expect("child open");
        let next = vault::rekey_for_passphrase(&unlocked.header, &unlocked.key, &secret(PASSES[to]), KdfParams::TEST).unwrap();
        let store = rotation::rotate(dir, store, &next).unwrap_or_else(|f| panic!("child rotate: {}", f.error));
        drop(store);
        writeln!(out, "ROTATED {to}").unwrap();
        out.flush().unwrap();
    }
}

pub fn kill_9_during_key_rotation_leaves_one_passphrase_working() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let key = new_vault(dir);
    let code = {
        // The recovery code of this vault: re-made here so the test can try it after each kill.
        std::fs::remove_file(vault::header_path(dir)).unwrap();
        std::fs::remove_file(dir.join("grot.db")).unwrap();
        let pending = vault::begin(&secret(PASS), KdfParams::TEST).unwrap();
        let code = pending.recovery_code().expose_secret().to_string();
        let key = vault::confirm(dir, pending, &secret(&code)).unwrap().key;
        let mut store = Store::create(dir, &key).unwrap();
        for (n, id) in LETTERS.iter().enumerate() {
            store
                .save(
                    &Draft {
                        id: LetterId::parse(id).unwrap(),
                        title: format!("brief {n}"),
                        recipient: String::new(),
                        body: body("ROT", n, 1),
                        seq: 1,
                    },
                    1,
                )
                .unwrap();
        }
        code
    };
    drop(key);
    let mut rng = Rng(0xD1B5_4A32_D192_ED03 ^ u64::from(std::process::id()));
    let (mut rotations, mut seen) = (0usize, [0usize; 2]);
    for round in 0..ROTATION_KILLS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["child-rotator", dir.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
        // The kill's moment counts from the child's start, not from its spawn, which a busy
        // machine can delay by more than the whole window.
        let ready = lines.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|e| panic!("round {round}: the child did not start: {e}"));
        assert_eq!(ready, "READY");
        // A rotation of this store takes some tens of milliseconds: kill anywhere in a few.
        std::thread::sleep(Duration::from_millis(5 + rng.below(150)));
        std::thread::sleep(Duration::from_micros(rng.below(5000)));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        rotations += lines.try_iter().filter(|l| l.starts_with("ROTATED")).count();

        // What the app does first at its next start.
        rotation::recover(dir).unwrap_or_else(|e| panic!("round {round}: recovery failed: {e}"));
        let opens: Vec<(usize, vault::Unlocked)> =
            open_with_either(dir).into_iter().filter(|(_, u)| Store::open(dir, &u.key).is_ok()).collect();
        assert_eq!(opens.len(), 1, "round {round}: exactly one passphrase must open her letters, {} do", opens.len());
        let (which, unlocked) = &opens[0];
        seen[*which] += 1;
        let store = Store::open(dir, &unlocked.key).unwrap();
        store.check_integrity().unwrap_or_else(|e| panic!("round {round}: {e}"));
        for (n, id) in LETTERS.iter().enumerate() {
            assert_eq!(
                store.letter(&LetterId::parse(id).unwrap(), grot_lib::clock::now_ms()).unwrap().body,
                body("ROT", n, 1),
                "round {round}: letter {n}"
            );
        }
        drop(store);
        let by_code =
            vault::unlock_with_recovery(dir, &secret(&code), 0).unwrap_or_else(|e| panic!("round {round}: the recovery code: {e}"));
        assert!(by_code.key.same_as(&unlocked.key), "round {round}: the recovery code opens another key");
        let names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(!names.iter().any(|n| n.contains(".next")), "round {round}: left {names:?}");
    }
    println!("    {ROTATION_KILLS} kills during {rotations} completed rotations; afterwards the first passphrase worked {} times, the second {} times", seen[0], seen[1]);
    assert!(seen[0] > 0 && seen[1] > 0, "kills must land on both sides of the commit");
}
