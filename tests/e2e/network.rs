//! Nothing leaves the machine, and nothing secret is printed: a whole scenario (first run,
//! reading, both searches, writing, an export, the backup) with every `connect` of the app and
//! its WebKit processes traced, and everything they print kept; the shipped app used by
//! keyboard inside a network namespace without a network; the CSP refusing what a script
//! injected into the page asks for.

use super::support::*;

/// A script that WebKitWebDriver starts instead of the app: the app under `strace -f`, its
/// output (and its WebKit processes', which inherit it) in files of the test's.
fn traced_app(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("traced-grot");
    let strace = webdriver::find_program("strace", "apt-get install strace", "--test");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec {} -f -qq -e trace=connect -o {} {} \"$@\" >{} 2>{}\n",
            strace.display(),
            dir.join("connect.trace").display(),
            env!("CARGO_BIN_EXE_grot"),
            dir.join("app.out").display(),
            dir.join("app.err").display(),
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// The address families (and, for IP, the addresses) the traced processes connected to.
fn connections(trace: &str) -> Vec<String> {
    let mut out: Vec<String> = trace
        .lines()
        .filter(|l| l.contains("connect("))
        .map(|l| {
            let family = l.split("sa_family=").nth(1).map_or("?", |f| f.split([',', '}']).next().unwrap());
            let address =
                l.split("inet_addr(\"").nth(1).or_else(|| l.split("inet_pton(AF_INET6, \"").nth(1)).map(|a| a.split('"').next().unwrap());
            match address {
                Some(a) => format!("{family} {a}"),
                None => family.to_string(),
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[tokio::test]
async fn a_whole_scenario_connects_nowhere_and_prints_no_secret() {
    let work = tempfile::tempdir().unwrap();
    let mut driver = start_driver();
    driver.app = traced_app(work.path());
    let (c, code) = first_run(&driver).await;
    // Reading, the guidance search, a letter, the letters search, an export, the backup.
    c.find(Locator::Css("body")).await.unwrap().send_keys("n").await.unwrap();
    c.find(Locator::Css("body")).await.unwrap().send_keys("/").await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#search-input:focus")).await.unwrap().send_keys("grot").await.unwrap();
    wait_filled(&c, "#search-results mark").await;
    c.find(Locator::Css("#search-input")).await.unwrap().send_keys(Key::Escape.to_string().as_str()).await.unwrap();
    const TITLE: &str = "Zeer geheime titel";
    const BODY: &str = "Zeer geheime zin die nergens anders mag staan.";
    write_letter(&c, TITLE, BODY).await;
    let export_to = work.path().join("brief.md");
    c.find(Locator::Css("#composer-export")).await.unwrap().click().await.unwrap();
    c.wait().at_most(WAIT).for_element(Locator::Css("#export-form input[value=md]")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#export-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let target = export_to.clone();
    off_thread(move || save_in_file_chooser("Brief exporteren", &target)).await;
    eventually("the export to be written", || async { export_to.exists().then_some(()).ok_or_else(|| "not there".to_string()) }).await;
    let backups = grot_lib::backup::list(&driver.data_dir).unwrap();
    assert!(!backups.is_empty(), "the backup made at unlock");
    finish(c).await;
    drop(driver);

    let trace = std::fs::read_to_string(work.path().join("connect.trace")).unwrap();
    let seen = connections(&trace);
    println!("connections: {seen:?}");
    assert!(trace.lines().filter(|l| l.contains("connect(")).count() > 0, "the trace saw the app's connections at all");
    // Local sockets only. WebDriver automation (this test's, not the app's) reaches the page over
    // loopback; nothing else may be an IP address.
    for connection in &seen {
        let local =
            connection == "AF_UNIX" || connection == "AF_NETLINK" || connection.ends_with(" 127.0.0.1") || connection.ends_with(" ::1");
        assert!(local, "a connection off the machine: {connection} (all: {seen:?})");
    }
    let printed =
        std::fs::read_to_string(work.path().join("app.out")).unwrap() + &std::fs::read_to_string(work.path().join("app.err")).unwrap();
    println!("the app and its WebKit processes printed {} bytes", printed.len());
    for secret in [PASS, &code, &code.replace('-', ""), TITLE, BODY, "geheime"] {
        assert!(!printed.contains(secret), "the output holds a secret: {secret:?}");
    }
}

#[tokio::test]
async fn the_shipped_app_works_without_any_network() {
    let unshare = webdriver::find_program("unshare", "apt-get install util-linux", "--test");
    // The keyboard scenario of `webkit_keeps_nothing_on_disk`, inside a network namespace with
    // no interface up (not even loopback).
    let outcome = run_shipped_scenario(&[unshare.to_str().unwrap(), "--net", "--"]).await;
    assert!(!grot_lib::backup::list(&outcome.data).unwrap().is_empty(), "unlocked (it made its backup) without a network");
    assert!(outcome.ran_through, "the app ran through the whole scenario without a network");
}

#[tokio::test]
async fn the_csp_refuses_a_remote_image_and_an_injected_script() {
    let driver = start_driver();
    let c = open_unlocked(&driver).await;
    // As if a letter or the guidance had smuggled markup in: the page itself adds them here.
    let refused = c
        .execute_async(
            "const done = arguments[0];
             const seen = [];
             document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective + ' ' + e.blockedURI));
             window.__injected = false;
             const img = document.createElement('img');
             img.src = 'https://example.com/pixel.png';
             document.body.append(img);
             const script = document.createElement('script');
             script.textContent = 'window.__injected = true';
             document.body.append(script);
             setTimeout(() => done({ seen, injected: window.__injected, loaded: img.complete && img.naturalWidth > 0 }), 1500);",
            vec![],
        )
        .await
        .unwrap();
    println!("CSP: {refused}");
    assert_eq!(refused["injected"], false, "an inline script ran");
    assert_eq!(refused["loaded"], false, "a remote image loaded");
    let seen: Vec<String> = refused["seen"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert!(seen.iter().any(|v| v.starts_with("img-src") && v.contains("example.com")), "no violation for the image: {seen:?}");
    assert!(seen.iter().any(|v| v.starts_with("script-src")), "no violation for the script: {seen:?}");
    finish(c).await;
}
