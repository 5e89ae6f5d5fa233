//! `cargo xtask bundle`: the Linux installers from a clean clone, offline (the crates fetched
//! once), with the Tauri CLI: `grot_<version>_amd64.deb` and `grot-<version>-1.x86_64.rpm` in
//! `<target>/release/bundle/`. Then the checks a packager would make: the icons come from their
//! one SVG, the desktop entry passes `desktop-file-validate`, the AppStream metainfo passes
//! `appstreamcli validate`, the binary links the system's OpenSSL, and the packages declare it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::command::{output, run};
use crate::{debian, judges};

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
    let docs = documents(root, target);
    let mut files = serde_json::json!({ &installed: extension });
    for (to, from) in &docs {
        files[to] = serde_json::json!(from);
    }
    let config = serde_json::json!({"bundle": {"linux": {"deb": {"files": files}}}});
    tauri_build(root, root, target, "deb", Some(&config.to_string()));
    let deb = repack_deb(root, target, "Grot", "grot");
    let rpm = build_rpm(root, target);
    check_deb(&deb);
    check_rpm(&rpm);
    judges::judge(root, &deb, &rpm);
    let sbom = bill_of_materials(root, &out);
    check_binary(&target.join("release/grot"));
    eprintln!("bundle: {} ({} bytes)", deb.display(), size(&deb));
    eprintln!("bundle: {} ({} bytes)", rpm.display(), size(&rpm));
    eprintln!("bundle: {}", sbom.display());
}

/// What the packages carry beside the program, made from the repository into
/// `<target>/packaging/`: (where it is installed, the file). Gzipped as Debian does (`-9n`: no
/// name or time inside, so the same text gives the same bytes).
fn documents(root: &Path, target: &Path) -> Vec<(String, PathBuf)> {
    let dir = target.join("packaging");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let gzip = |path: PathBuf| {
        run(Command::new("gzip").arg("-9nf").arg(&path), "gzip");
        PathBuf::from(format!("{}.gz", path.display()))
    };
    let crates = debian::shipped(root);
    let copyright = write("copyright", &debian::copyright(&crates, debian::Texts::Debian));
    write("licences", &debian::copyright(&crates, debian::Texts::Whole));
    let changelog = gzip(write("changelog", &debian::changelog(root, "grot")));
    let manual = write("grot.1", &std::fs::read_to_string(root.join("packaging/linux/grot.1")).unwrap());
    let manual = gzip(manual);
    vec![
        ("/usr/share/doc/grot/copyright".into(), copyright),
        ("/usr/share/doc/grot/changelog.gz".into(), changelog),
        ("/usr/share/man/man1/grot.1.gz".into(), manual),
        ("/usr/share/lintian/overrides/grot".into(), root.join("packaging/linux/lintian-overrides")),
    ]
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
    build.env("CFLAGS", judges::hardened_cflags());
    // No folder of this machine's in the program: the crates' sources and the build's own
    // files are named as if built in /cargo and /target. (Grot's own code is named relative to
    // its folder already.) Both are the same for every checkout on a machine, so a second
    // clone reuses what the first compiled.
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    // (Cargo's encoded form, one flag per field, so a folder with a space stays one path.)
    let remap =
        [format!("--remap-path-prefix={}=/cargo", cargo_home.display()), format!("--remap-path-prefix={}=/target", target.display())];
    build.env("CARGO_ENCODED_RUSTFLAGS", remap.join("\u{1f}")).env_remove("RUSTFLAGS");
    // The shipped program is rustc's alone: scripts/test lints its debug builds through
    // clippy-driver (scripts/clippy-rustc), which does not optimise as rustc does.
    build.env_remove("RUSTC_WORKSPACE_WRAPPER");
    run(&mut build, "tauri build (the CLI: npm ci; crates: cargo fetch --locked)");
}

/// Grot's web-process extension (`src-tauri/webkit_extension.rs`), built as `build.rs` builds
/// it for debug runs, for the packages to install in [`WEB_EXTENSION_DIR`].
fn web_extension(root: &Path, target: &Path) -> PathBuf {
    let out = target.join("webkit-extension");
    std::fs::create_dir_all(&out).unwrap();
    let lib = out.join(grot_lib::desktop::WEB_EXTENSION);
    let mut rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
    rustc.args(["--edition", "2021", "--crate-type", "cdylib", "-C", "opt-level=2", "-C", "strip=symbols"]);
    run(rustc.arg(root.join("src-tauri/webkit_extension.rs")).arg("-o").arg(&lib), "rustc (the web-process extension)");
    lib
}

/// Tauri's .deb again, the way Debian builds its own: `dpkg-deb` with xz (its default; Tauri
/// writes gzip), the control data made right for Debian's tools ([`debian::control`]), every
/// file dated at the last commit ([`source_date_epoch`]) so that the same commit gives the same
/// bytes, and the archive's name in lower case (`grot_0.2.0_amd64.deb`). Answers the new
/// package; its tree stays in `<target>/packaging/<package>-tree` for the .rpm.
pub fn repack_deb(root: &Path, target: &Path, product: &str, package: &str) -> PathBuf {
    let dir = target.join("release/bundle/deb");
    let tauri_deb = only_file_starting(&dir, &format!("{product}_"), "deb");
    let staged = tauri_deb.with_extension("");
    let tree = target.join(format!("packaging/{package}-tree"));
    let _ = std::fs::remove_dir_all(&tree);
    std::fs::create_dir_all(&tree).unwrap();
    run(Command::new("cp").arg("-a").arg(staged.join("data/.")).arg(&tree), "cp");
    run(Command::new("cp").arg("-a").arg(staged.join("control")).arg(tree.join("DEBIAN")), "cp");
    let control = tree.join("DEBIAN/control");
    let fields = std::fs::read_to_string(&control).unwrap();
    let depends = shared_libraries(&tree, package);
    std::fs::write(&control, debian::control(&fields, &depends)).unwrap();
    // Folders 0755 and files 0644 (0755 for programs and libraries), whatever this machine's
    // umask made of them; every file dated at the last commit.
    run(Command::new("chmod").args(["-R", "u=rwX,go=rX"]).arg(&tree), "chmod");
    run(
        Command::new("find")
            .arg(&tree)
            .args(["-exec", "touch", "--no-dereference", "--date"])
            .arg(format!("@{}", source_date_epoch(root)))
            .arg("{}")
            .arg("+"),
        "touch",
    );
    let name = tauri_deb.file_name().unwrap().to_string_lossy().replacen(product, package, 1);
    let out = dir.join(name);
    run(
        Command::new("dpkg-deb")
            .args(["--root-owner-group", "-Zxz", "--build"])
            .arg(&tree)
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", source_date_epoch(root)),
        "dpkg-deb",
    );
    // One installer in the folder, so `apt-get install ./grot_*.deb` finds the one to use.
    eprintln!("bundle: {} is {} bytes with Tauri's gzip, {} with xz", out.display(), size(&tauri_deb), size(&out));
    std::fs::remove_file(&tauri_deb).unwrap();
    out
}

/// The time of the last commit, in seconds: the date every packaged file carries, and what
/// `SOURCE_DATE_EPOCH` tells the tools that date what they make.
pub fn source_date_epoch(root: &Path) -> String {
    // Given (a build from a release tarball, without git), or the last commit's.
    if let Ok(given) = std::env::var("SOURCE_DATE_EPOCH") {
        return given;
    }
    output(Command::new("git").args(["log", "-1", "--format=%ct"]).current_dir(root)).trim().to_owned()
}

/// The .rpm, built by rpmbuild from the .deb's tree (`packaging/linux/grot.spec`, filled in
/// here), so both packages hold the same program and files. Dated at the last commit, built on
/// a host named "reproducible", so the same commit gives the same bytes.
fn build_rpm(root: &Path, target: &Path) -> PathBuf {
    let tree = target.join("packaging/grot-tree");
    let conf: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join("tauri.conf.json")).unwrap()).unwrap();
    let bundle = &conf["bundle"];
    let spec = std::fs::read_to_string(root.join("packaging/linux/grot.spec"))
        .unwrap()
        .replace("@VERSION@", &debian::version(root))
        .replace("@SUMMARY@", bundle["shortDescription"].as_str().unwrap())
        .replace("@HOMEPAGE@", bundle["homepage"].as_str().unwrap())
        .replace("@PACKAGER@", debian::MAINTAINER)
        .replace("@DESCRIPTION@", debian::wrap(bundle["longDescription"].as_str().unwrap(), "", "").trim_end())
        .replace("@TREE@", &tree.display().to_string())
        .replace("@LICENCES@", &target.join("packaging/licences").display().to_string())
        .replace("@CHANGELOG@", &debian::rpm_changelog(root));
    let work = target.join("packaging/rpmbuild");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("grot.spec"), spec).unwrap();
    let out = target.join("release/bundle/rpm");
    let _ = std::fs::remove_dir_all(&out);
    let define = |name: &str, value: &str| ["--define".to_owned(), format!("{name} {value}")];
    let mut rpmbuild = Command::new("rpmbuild");
    rpmbuild.arg("-bb").arg("--quiet");
    for (name, value) in [
        ("_topdir", work.display().to_string()),
        ("_rpmdir", out.display().to_string()),
        ("_build_name_fmt", "%%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm".into()),
        ("_buildhost", "reproducible".into()),
        ("use_source_date_epoch_as_buildtime", "1".into()),
        ("clamp_mtime_to_source_date_epoch", "1".into()),
        // zstd at level 19, as Fedora packs its own.
        ("_binary_payload", "w19.zstdio".into()),
    ] {
        rpmbuild.args(define(name, &value));
    }
    rpmbuild.arg(work.join("grot.spec")).env("SOURCE_DATE_EPOCH", source_date_epoch(root));
    run(&mut rpmbuild, "rpmbuild (apt-get install rpm)");
    only_file(&out, "rpm")
}

/// The bill of materials of the program, CycloneDX JSON by `cargo cyclonedx`: every crate the
/// Linux build compiles, each with its version, licence and checksum, as
/// `<out>/grot-<version>.cdx.json` beside the packages. Build dependencies are in it: SQLCipher's
/// C source comes as one (`sqlcipher-src`), and a scanner must see it; so are the proc-macros and
/// build tools, more than the program holds rather than less.
fn bill_of_materials(root: &Path, out: &Path) -> PathBuf {
    run(
        Command::new("cargo")
            .args([
                "cyclonedx",
                "--format",
                "json",
                "--spec-version",
                "1.5",
                "--target",
                "x86_64-unknown-linux-gnu",
                "--no-build-deps",
                "--override-filename",
                "grot-sbom",
            ])
            .current_dir(root)
            .env("SOURCE_DATE_EPOCH", source_date_epoch(root)),
        "cargo cyclonedx (scripts/setup-system --test, or cargo install cargo-cyclonedx --locked)",
    );
    let sbom = out.join(format!("grot-{}.cdx.json", debian::version(root)));
    std::fs::rename(root.join("grot-sbom.json"), &sbom).unwrap();
    // It writes one for every member of the workspace; only the app's is shipped.
    for member in ["src-tauri/core", "benches/floor", "testsupport", "xtask"] {
        let _ = std::fs::remove_file(root.join(member).join("grot-sbom.json"));
    }
    sbom
}

/// What the programs in a staged package need of the system's libraries, as Debian's
/// `dpkg-shlibdeps` works it out (`libc6 (>= 2.34)`, …): each entry of a `Depends` field.
fn shared_libraries(staged: &Path, package: &str) -> Vec<String> {
    let debian = staged.parent().unwrap().join(format!("{package}-shlibdeps"));
    std::fs::create_dir_all(debian.join("debian")).unwrap();
    std::fs::write(debian.join("debian/control"), format!("Source: {package}\n\nPackage: {package}\nArchitecture: any\n")).unwrap();
    let programs: Vec<PathBuf> = ["usr/bin/grot", "usr/bin/grot-floor"].iter().map(|p| staged.join(p)).filter(|p| p.is_file()).collect();
    let out = output(Command::new("dpkg-shlibdeps").arg("-O").args(&programs).current_dir(&debian));
    let _ = std::fs::remove_dir_all(&debian);
    let line = out.lines().find_map(|l| l.strip_prefix("shlibs:Depends=")).unwrap_or_else(|| panic!("dpkg-shlibdeps said: {out}"));
    line.split(", ").map(str::to_owned).collect()
}

fn check_deb(deb: &Path) {
    let info = output(Command::new("dpkg").arg("-I").arg(deb));
    println!("{info}");
    let depends = field(&info, "Depends");
    // Each with the least version dpkg-shlibdeps found; OpenSSL with Ubuntu's newer name beside it.
    for needed in ["libwebkit2gtk-4.1-0 (>= ", "libgtk-3-0 (>= ", "libssl3 (>= ", "| libssl3t64", "libc6 (>= "] {
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
    for needed in ["libcrypto.so.3()(64bit)", "libwebkit2gtk-4.1.so.0()(64bit)"] {
        assert!(requires.lines().any(|l| l.trim() == needed), "the .rpm must require {needed}:\n{requires}");
    }
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

pub fn only_file_starting(dir: &Path, prefix: &str, extension: &str) -> PathBuf {
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
