//! The other person at the laptop, with her account and a terminal, reading another process's
//! memory (`/proc/PID/mem`, a debugger). The app runs here as shipped (no WebDriver, which ends
//! its session when a page's process ends) and as an ordinary user (`nobody` when the tests run
//! as root, as in CI), used with the keyboard alone. A process that is not dumpable has its
//! `/proc/PID` files owned by root, so that user cannot read them: every process of Grot's
//! must be so, and the web process that showed her letters must be gone once the app locks.

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use super::support::*;

/// The ordinary user the app runs as when the tests run as root.
const NOBODY: u32 = 65534;

/// The process's real user, and the owner of its `/proc` files (root when not dumpable).
fn owners(pid: u32) -> (u32, u32) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let uid = status.lines().find(|l| l.starts_with("Uid:")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    (uid, std::fs::metadata(format!("/proc/{pid}/environ")).unwrap().uid())
}

/// The app's process and its WebKit web processes, by pid and name.
fn grot_processes(app: u32) -> Vec<(u32, String)> {
    std::iter::once(app)
        .chain(procs::descendants(app))
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).ok().map(|c| (pid, c.trim().to_string())))
        .filter(|(_, comm)| comm == "grot" || comm.starts_with("WebKitWebProces"))
        .collect()
}

fn web_processes(app: u32) -> Vec<u32> {
    grot_processes(app).into_iter().filter(|(_, comm)| comm != "grot").map(|(pid, _)| pid).collect()
}

fn assert_not_dumpable(app: u32, user: u32) {
    let procs = grot_processes(app);
    assert!(procs.iter().any(|(_, c)| c == "grot") && procs.iter().any(|(_, c)| c != "grot"), "{procs:?}");
    for (pid, comm) in &procs {
        let (uid, owner) = owners(*pid);
        assert_eq!(uid, user, "{comm} ({pid}) runs as the ordinary user");
        assert_eq!(owner, 0, "{comm} ({pid}) is dumpable: its memory is readable by anyone with her account");
    }
}

#[tokio::test]
async fn every_web_process_is_not_dumpable_and_the_one_that_showed_her_letters_ends_at_the_lock() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("grot");
    vault_with_one_letter(&data, "Niet uit het geheugen", "Wat hier staat, leest niemand uit het geheugen van Grot.");
    let (program, user) = installed_copy(root.path());
    let mut app = on_display(&program[0])
        .args(&program[1..])
        .env("HOME", root.path())
        .env("GROT_DATA_DIR", &data)
        .env("XDG_DATA_HOME", root.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", root.path().join("xdg-config"))
        .env("XDG_CACHE_HOME", root.path().join("xdg-cache"))
        .env("NO_AT_BRIDGE", "1")
        .env_remove("TAURI_WEBVIEW_AUTOMATION")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = app.id();
    let step = Duration::from_millis(1500);
    unlock_by_keyboard(step).await;
    // Her letters on screen.
    xdotool(&["key", "4"]);
    tokio::time::sleep(step).await;
    assert_not_dumpable(pid, user);
    let before = web_processes(pid);

    xdotool(&["key", "ctrl+l"]);
    eventually("the web process that showed her letters to end at the lock", || async {
        let now = web_processes(pid);
        if now.is_empty() || now.iter().any(|p| before.contains(p)) {
            Err(format!("before the lock {before:?}, now {now:?}"))
        } else {
            Ok(())
        }
    })
    .await;
    tokio::time::sleep(step).await;
    assert_not_dumpable(pid, user);
    println!("web processes before the lock {before:?}, after {:?}: none dumpable", web_processes(pid));
    assert!(app.try_wait().unwrap().is_none(), "the app runs on, locked");
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = app.wait();
}

/// The app and its web-process extension in the installed layout (`bin/grot`,
/// `lib/grot/webkit/`) under `root`, which is given, with the display's key, to the ordinary
/// user. Answers the command that starts it as that user, and who that is.
fn installed_copy(root: &Path) -> (Vec<String>, u32) {
    let installed = root.join("app");
    std::fs::create_dir_all(installed.join("bin")).unwrap();
    std::fs::create_dir_all(installed.join("lib/grot/webkit")).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_grot"), installed.join("bin/grot")).unwrap();
    let extension = grot_lib::desktop::WEB_EXTENSION;
    std::fs::copy(Path::new(env!("OUT_DIR")).join("webkit").join(extension), installed.join("lib/grot/webkit").join(extension)).unwrap();
    let grot = installed.join("bin/grot").display().to_string();
    match unsafe { libc::geteuid() } {
        0 => {
            let setpriv = webdriver::find_program("setpriv", "apt-get install util-linux", "--test");
            let status = Command::new("chown").args(["-R", &format!("{NOBODY}:{NOBODY}")]).arg(root).status().unwrap();
            assert!(status.success());
            std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
            let drop = [
                setpriv.display().to_string(),
                format!("--reuid={NOBODY}"),
                format!("--regid={NOBODY}"),
                "--clear-groups".into(),
                "--".into(),
                grot,
            ];
            (drop.to_vec(), NOBODY)
        }
        // Already an ordinary user: the app runs as that user.
        me => (vec![grot], me),
    }
}
