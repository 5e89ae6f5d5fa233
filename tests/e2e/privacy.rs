//! Privacy: CPU painting, no core dumps, nothing kept by WebKit, the capability, a panic, discreet mode.

use super::support::*;

#[tokio::test]
async fn webkit_paints_on_the_cpu_without_dma_buf() {
    let driver = start_driver_as_shipped();
    let c = open_app(&driver).await;
    // The web process inherits what the app set at start (src-tauri/desktop.rs, BENCHMARKS.md).
    let web: Vec<u32> = procs::descendants(driver.child.id())
        .into_iter()
        .filter(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.starts_with("WebKitWebProces")))
        .collect();
    assert!(!web.is_empty(), "no WebKit web process under the app");
    for pid in web {
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
        for default in ["WEBKIT_SKIA_ENABLE_CPU_RENDERING=1", "WEBKIT_DISABLE_DMABUF_RENDERER=1"] {
            assert!(environ.split(|b| *b == 0).any(|v| v == default.as_bytes()), "web process {pid} runs without {default}");
        }
    }
    finish(c).await;
}

#[tokio::test]
async fn no_core_dumps_from_the_app_or_its_webkit_processes() {
    let driver = start_driver();
    let c = open_app(&driver).await;
    let procs = app_processes(&driver);
    assert!(procs.iter().any(|(_, c)| c == "grot") && procs.iter().any(|(_, c)| c.starts_with("WebKitWebProces")), "{procs:?}");
    for (pid, comm) in &procs {
        let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
        let core = limits.lines().find(|l| l.starts_with("Max core file size")).unwrap();
        let fields: Vec<&str> = core.split_whitespace().collect();
        assert_eq!(&fields[4..6], ["0", "0"], "{comm} ({pid}) may dump core: {core}");
    }
    println!("core limit 0 in {} processes: {:?}", procs.len(), procs.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>());
    finish(c).await;
}

/// The app as shipped, without WebDriver (whose session WebKitGTK refuses to an ephemeral
/// webview), used with the keyboard alone: unlock, the guide, a search, letters, then closed.
/// Nothing may stay behind under its XDG folders.
#[tokio::test]
async fn webkit_keeps_nothing_on_disk() {
    let ShippedRun { root, data, .. } = run_shipped_scenario(&[]).await;
    // Tauri's runtime also makes WebKit's default (persistent) context, unused by the window:
    // its processes leave an empty HSTS database and the salts of stores that stay empty. Those
    // may exist and must hold nothing; any other file (local storage, IndexedDB, cache records,
    // cookies) fails.
    let left = files_under_xdg(root.path());
    let holding: Vec<&String> = left.iter().filter(|f| !holds_nothing(Path::new(f))).collect();
    println!("files under XDG: {left:?}");
    assert!(holding.is_empty(), "WebKit kept something: {holding:#?} (all: {left:#?})");
    let backups = grot_lib::backup::list(&data).unwrap();
    assert!(!backups.is_empty(), "the app was unlocked (it made its backup), so the scenario ran");
}

#[tokio::test]
async fn the_page_cannot_call_commands_outside_the_capability() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;

    let call = r#"
        const [cmd, args, done] = arguments;
        window.__TAURI__.core.invoke(cmd, args).then(
            (value) => done({ ok: true, value }),
            (error) => done({ ok: false, error: typeof error === 'string' ? error : JSON.stringify(error) }));
    "#;
    let allowed: Value = c.execute_async(call, vec![json!("guide_list"), json!({"lang": "nl"})]).await.unwrap();
    assert_eq!(allowed["ok"], json!(true), "{allowed}");
    for (cmd, args) in [
        ("plugin:window|set_title", json!({"label": "main", "value": "leak"})),
        ("plugin:webview|print", json!({"label": "main"})),
        ("plugin:event|emit", json!({"event": "x", "payload": null})),
    ] {
        let refused: Value = c.execute_async(call, vec![json!(cmd), args]).await.unwrap();
        assert_eq!(refused["ok"], json!(false), "{cmd} was allowed: {refused}");
        assert!(refused["error"].as_str().unwrap().contains("not allowed"), "{cmd}: {refused}");
    }
    let title = c.execute("return document.title", vec![]).await.unwrap();
    assert_eq!(title, json!("Grot"));
    finish(c).await;
}

#[tokio::test]
async fn panic_blanks_the_window_and_locks() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    let body = c.find(Locator::Css("body")).await.unwrap();
    let escape = char::from(Key::Escape).to_string();
    body.send_keys(&format!("{escape}{escape}")).await.unwrap();
    wait_reloaded(&c, LOCKED).await;
    assert!(!c.source().await.unwrap().contains("grot zit"));
    let status = c.execute_async(
        "const done = arguments[0]; window.__TAURI__.core.invoke('letter_list', { sort: 'updated' }).then(() => done('open'), (e) => done(e.code));",
        vec![],
    ).await.unwrap();
    assert_eq!(status, json!("locked"), "the backend is locked, not just the page");
    finish(c).await;
}

#[tokio::test]
async fn discreet_mode_hides_the_name_and_keeps_exports_out_of_recent_files() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    // A window's title is the quoted name before its class: `"Grot": ("grot" "Grot")`.
    assert!(x_window_names().contains("\"Grot\": ("), "the app's own name by default");
    // The backup made at unlock starts a moment later; the settings show it once it is there.
    eventually("a backup after unlock", || async {
        let status = page_invoke(&c, "backup_status", json!({})).await;
        status["ok"]["latest_ms"].is_number().then_some(()).ok_or_else(|| status.to_string())
    })
    .await;
    c.find(Locator::Css("body")).await.unwrap().send_keys(",").await.unwrap();
    let check = c.wait().at_most(WAIT).for_element(Locator::Css("dialog#settings[open] #set-discreet")).await.unwrap();
    check.click().await.unwrap();
    screenshot(&c, "settings").await;
    // The automatic backup made at unlock is reported, with its time.
    let latest = wait_filled(&c, "#backup-latest").await;
    assert!(latest.starts_with("Laatste backup:"), "{latest}");
    c.execute("document.getElementById('backup-latest').scrollIntoView({ block: 'center', behavior: 'instant' })", vec![]).await.unwrap();
    screenshot(&c, "settings-backup").await;
    eventually("the window title to become neutral", || async {
        let names = x_window_names();
        names.contains("\"Notities\": (").then_some(()).ok_or(names)
    })
    .await;
    // An exported letter stays out of the recent-files list.
    c.find(Locator::Css("dialog#settings[open]")).await.unwrap().send_keys(&Key::Escape.to_string()).await.unwrap();
    write_letter(&c, "Stil", "Niemand hoeft te zien dat dit bestaat.").await;
    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#export-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("stil.pdf");
    let target = path.clone();
    off_thread(move || save_in_file_chooser("Brief exporteren", &target)).await;
    wait_text(&c, "#toast", "Opgeslagen als stil.pdf.").await;
    assert!(path.is_file());
    wait_for_recent(&driver, &path, false).await;

    // Closed and started again: the lock screen has the neutral title too, and the window a
    // neutral program name and class (what taskbars and switchers show), and icon name.
    let _ = c.execute("window.grotBeforeQuit(); return true", vec![]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let _ = c.close().await;
    let c = open_app(&driver).await;
    wait_reloaded(&c, LOCKED).await;
    let names = x_window_names();
    assert!(names.contains("\"Notities\": (\"notities\" \"Notities\")"), "locked, still neutral:\n{names}");
    assert!(!names.to_lowercase().contains("grot"), "the app's name is nowhere:\n{names}");
    let icon_names = on_display("sh")
        .args(["-c", "for w in $(xdotool search --name '^Notities$'); do xprop -id $w WM_ICON_NAME _NET_WM_ICON_NAME; done"])
        .output()
        .unwrap();
    let icon_names = String::from_utf8_lossy(&icon_names.stdout).to_string();
    assert!(icon_names.contains("\"Notities\"") && !icon_names.contains("Grot"), "{icon_names}");
    finish(c).await;
}
