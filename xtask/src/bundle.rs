//! `cargo xtask bundle`: the Linux installers from a clean clone, offline (the crates fetched
//! once), with the Tauri CLI: `grot_<version>_amd64.deb` and `grot-<version>-1.x86_64.rpm` in
//! `<target>/release/bundle/`. Then the checks a packager would make: the icons come from their
//! one SVG, the desktop entry passes `desktop-file-validate`, the AppStream metainfo passes
//! `appstreamcli validate`, the binary links the system's OpenSSL, and the packages declare it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The icon sizes the bundles and the other platforms' installers use, all made from
/// `icons/icon.svg` by `cargo xtask icons`. (`icon.icns` is left out of the comparison: it
/// carries the time it was made.)
const ICONS: [&str; 6] = ["32x32.png", "64x64.png", "128x128.png", "128x128@2x.png", "icon.png", "icon.ico"];

const METAINFO: &str = "usr/share/metainfo/nl.grot.desktop.metainfo.xml";
/// Where the packages install Grot's web-process extension: `desktop::web_extensions_dir`
/// finds it beside `/usr/bin/grot`.
const WEB_EXTENSION_DIR: &str = "usr/lib/grot/webkit";
const DESKTOP: &str = "usr/share/applications/Grot.desktop";

pub fn bundle(root: &Path, target: &Path) {
    icons_match_source(root);
    let out = target.join("release/bundle");
    for old in ["deb", "rpm"] {
        let _ = std::fs::remove_dir_all(out.join(old));
    }
    let extension = web_extension(root, target);
    let installed = format!("/{WEB_EXTENSION_DIR}/{}", grot_lib::desktop::WEB_EXTENSION);
    let files = serde_json::json!({ &installed: extension });
    let config = serde_json::json!({"bundle": {"linux": {"deb": {"files": files}, "rpm": {"files": files}}}});
    tauri_build(root, root, target, "deb,rpm", Some(&config.to_string()));
    let deb = repack_deb(target, "Grot", "grot");
    let rpm = lower_case_name(&only_file(&out.join("rpm"), "rpm"));
    check_deb(&deb);
    check_rpm(&rpm);
    check_binary(&target.join("release/grot"));
    eprintln!("bundle: {} ({} bytes)", deb.display(), size(&deb));
    eprintln!("bundle: {} ({} bytes)", rpm.display(), size(&rpm));
}

/// `cargo xtask icons`: every size again from `icons/icon.svg`, only those the bundles use.
pub fn icons(root: &Path) {
    render_icons(root, &root.join("icons"));
    for extra in ["android", "ios"] {
        let _ = std::fs::remove_dir_all(root.join("icons").join(extra));
    }
    for entry in std::fs::read_dir(root.join("icons")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("Square") || name == "StoreLogo.png" {
            std::fs::remove_file(path).unwrap();
        }
    }
}

/// The Tauri CLI, prebuilt from npm (`@tauri-apps/cli`, pinned in package-lock.json; `npm ci`
/// puts it in node_modules): the same CLI as `cargo install tauri-cli`, without compiling it.
pub fn tauri_cli(root: &Path) -> Command {
    let cli = root.join("node_modules/.bin/tauri");
    assert!(cli.is_file(), "no Tauri CLI at {}: run `npm ci` in the repository (or scripts/setup-system --test)", cli.display());
    Command::new(cli)
}

fn render_icons(root: &Path, out: &Path) {
    run(tauri_cli(root).args(["icon", "icons/icon.svg", "-o"]).arg(out).current_dir(root), "tauri icon");
}

/// The committed icons are what the SVG makes today, so a change to the mark cannot leave one
/// size behind.
fn icons_match_source(root: &Path) {
    let fresh = tempfile::tempdir().unwrap();
    render_icons(root, fresh.path());
    for name in ICONS {
        let committed = std::fs::read(root.join("icons").join(name)).unwrap_or_else(|e| panic!("icons/{name}: {e}"));
        assert!(
            committed == std::fs::read(fresh.path().join(name)).unwrap(),
            "icons/{name} is not what icons/icon.svg makes: run `cargo xtask icons` and commit the result"
        );
    }
}

/// `tauri build --bundles …` in an app's folder: its release binary and installers.
/// Offline: everything it needs is in Cargo.lock and fetched before (`cargo fetch --locked`).
/// `config`: JSON merged into the app's tauri.conf.json for this build.
pub fn tauri_build(root: &Path, app: &Path, target: &Path, bundles: &str, config: Option<&str>) {
    eprintln!("bundle: building {} (release; {bundles})", app.display());
    let mut build = tauri_cli(root);
    build.args(["build", "--ci", "--bundles", bundles]);
    if let Some(config) = config {
        build.args(["--config", config]);
    }
    build.args(["--", "--locked"]).current_dir(app).env("CARGO_TARGET_DIR", target).env("CARGO_NET_OFFLINE", "true");
    run(&mut build, "tauri build (the CLI: npm ci; crates: cargo fetch --locked)");
}

/// Grot's web-process extension (`src-tauri/webkit_extension.rs`), built as `build.rs` builds
/// it for debug runs, for the packages to install in [`WEB_EXTENSION_DIR`].
fn web_extension(root: &Path, target: &Path) -> PathBuf {
    let out = target.join("webkit-extension");
    std::fs::create_dir_all(&out).unwrap();
    let lib = out.join(grot_lib::desktop::WEB_EXTENSION);
    let mut rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
    rustc.args(["--edition", "2021", "--crate-type", "cdylib", "-C", "opt-level=2", "-C", "strip=debuginfo"]);
    run(rustc.arg(root.join("src-tauri/webkit_extension.rs")).arg("-o").arg(&lib), "rustc (the web-process extension)");
    lib
}

/// Tauri's .deb again, the way Debian builds its own: `dpkg-deb` with xz (its default; Tauri
/// writes gzip) and the archive's name in lower case (`grot_0.2.0_amd64.deb`). Same files, same
/// control data. Answers the new package.
pub fn repack_deb(target: &Path, product: &str, package: &str) -> PathBuf {
    let dir = target.join("release/bundle/deb");
    let tauri_deb = only_file_starting(&dir, &format!("{product}_"), "deb");
    let staged = tauri_deb.with_extension("");
    let root = tempfile::tempdir().unwrap();
    run(Command::new("cp").arg("-a").arg(staged.join("data/.")).arg(root.path()), "cp");
    run(Command::new("cp").arg("-a").arg(staged.join("control")).arg(root.path().join("DEBIAN")), "cp");
    let name = tauri_deb.file_name().unwrap().to_string_lossy().replacen(product, package, 1);
    let out = dir.join(name);
    run(Command::new("dpkg-deb").args(["--root-owner-group", "-Zxz", "--build"]).arg(root.path()).arg(&out), "dpkg-deb");
    // One installer in the folder, so `apt-get install ./grot_*.deb` finds the one to use.
    eprintln!("bundle: {} is {} bytes with Tauri's gzip, {} with xz", out.display(), size(&tauri_deb), size(&out));
    std::fs::remove_file(&tauri_deb).unwrap();
    out
}

/// `Grot-0.2.0-1.x86_64.rpm` as `grot-0.2.0-1.x86_64.rpm`: the file named after the package.
fn lower_case_name(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap().to_string_lossy().to_lowercase();
    let renamed = path.with_file_name(name);
    std::fs::rename(path, &renamed).unwrap();
    renamed
}

fn check_deb(deb: &Path) {
    let info = output(Command::new("dpkg").arg("-I").arg(deb));
    println!("{info}");
    let depends = field(&info, "Depends");
    for needed in ["libwebkit2gtk-4.1-0", "libgtk-3-0", "libssl3 | libssl3t64"] {
        assert!(depends.contains(needed), "the .deb must depend on {needed}: {depends}");
    }
    assert!(field(&info, "Recommends").contains("hunspell-nl"), "the .deb recommends the Dutch dictionary");
    let files = tempfile::tempdir().unwrap();
    run(Command::new("dpkg-deb").arg("-x").arg(deb).arg(files.path()), "dpkg-deb -x");
    let extension = files.path().join(WEB_EXTENSION_DIR).join(grot_lib::desktop::WEB_EXTENSION);
    assert!(extension.is_file(), "the .deb must install the web-process extension in /{WEB_EXTENSION_DIR}");
    run(
        Command::new("desktop-file-validate").arg(files.path().join(DESKTOP)),
        "desktop-file-validate (apt-get install desktop-file-utils)",
    );
    run(
        Command::new("appstreamcli").args(["validate", "--no-net", "--pedantic"]).arg(files.path().join(METAINFO)),
        "appstreamcli validate (apt-get install appstream)",
    );
}

fn check_rpm(rpm: &Path) {
    let info = output(Command::new("rpm").arg("-qip").arg(rpm));
    println!("{info}");
    let requires = output(Command::new("rpm").arg("-qpR").arg(rpm));
    assert!(requires.lines().any(|l| l.trim() == "openssl-libs"), "the .rpm must require openssl-libs:\n{requires}");
    let files = output(Command::new("rpm").arg("-qpl").arg(rpm));
    let extension = format!("/{WEB_EXTENSION_DIR}/{}", grot_lib::desktop::WEB_EXTENSION);
    for needed in ["/usr/bin/grot", &format!("/{DESKTOP}"), &format!("/{METAINFO}"), &extension] {
        assert!(files.lines().any(|l| l == needed), "the .rpm must install {needed}:\n{files}");
    }
}

/// SQLCipher's cryptography is the system's libcrypto on Linux, updated with the distribution.
fn check_binary(binary: &Path) {
    let libraries = output(Command::new("ldd").arg(binary));
    assert!(libraries.contains("libcrypto.so.3"), "grot must link the system's OpenSSL (libcrypto.so.3):\n{libraries}");
}

fn field<'a>(control: &'a str, name: &str) -> &'a str {
    control.lines().find_map(|l| l.trim_start().strip_prefix(name).and_then(|rest| rest.strip_prefix(':'))).map_or("", str::trim)
}

fn only_file(dir: &Path, extension: &str) -> PathBuf {
    only_file_starting(dir, "", extension)
}

fn only_file_starting(dir: &Path, prefix: &str, extension: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix) && p.extension().is_some_and(|e| e == extension))
        .collect();
    match found.as_slice() {
        [one] => one.clone(),
        _ => panic!("expected one {prefix}*.{extension} in {}, found {found:?}", dir.display()),
    }
}

pub fn size(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).len()
}

fn run(command: &mut Command, what: &str) {
    let status = command.status().unwrap_or_else(|e| panic!("{what} did not start: {e}"));
    assert!(status.success(), "{what} failed ({status})");
}

fn output(command: &mut Command) -> String {
    let out = command.output().unwrap_or_else(|e| panic!("{command:?} did not start: {e}"));
    assert!(out.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}
