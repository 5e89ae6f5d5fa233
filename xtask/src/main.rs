//! Project tasks. `cargo xtask bundle`: the Linux installers, checked (`bundle.rs`).
//! `cargo xtask icons`: every icon size from `icons/icon.svg`.
//! `cargo xtask bench [--runs N] [--no-build]`: the app-level benchmark of
//! BENCHMARKS.md. Builds Grot and the floor app (`benches/floor/`) as release .debs, then, under
//! its own Xvfb, alternates the two for start-up to first paint and memory (PSS of the app and
//! its WebKit processes), and drives Grot through WebDriver for unlock-to-list, autosave and
//! search over 10,000 letters. Writes `target/bench/report.md` and prints it.

mod apps;
mod bundle;
mod command;
mod debian;
mod driven;
mod idle;
mod judges;
mod peer;
mod report;
mod reproducible;
mod stats;
mod typing;
mod visual;

use grot_testsupport::webdriver;

use std::path::{Path, PathBuf};
use std::process::Command;

use bundle::size;

use report::{Figures, Report};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => bench(&args[1..]),
        Some("bundle") => {
            let (root, reproducible) = (root(), args.iter().any(|a| a == "--check-reproducible"));
            if reproducible {
                reproducible::assert_committed(&root);
            }
            bundle::bundle(&root, &target_dir(&root));
            if reproducible {
                reproducible::check(&root, &target_dir(&root));
            }
        }
        Some("icons") => bundle::icons(&root()),
        _ => {
            eprintln!("usage: cargo xtask bundle [--check-reproducible] | icons | bench [--runs N] [--no-build] [--only start|driven|idle|peer] [--peer PATH [--webkit-matrix]]");
            std::process::exit(2);
        }
    }
}

struct Options {
    runs: usize,
    build: bool,
    /// Only the start-up part, the driven part, the idle part or the peer part ("start",
    /// "driven", "idle", "peer"),
    /// while working on one.
    only: Option<String>,
    /// Another app's binary, measured with Grot and the floor from outside (`peer.rs`).
    peer: Option<PathBuf>,
    /// The peer rotation under every combination of the two WebKit variables.
    matrix: bool,
}

fn options(args: &[String]) -> Options {
    let mut options = Options { runs: 7, build: true, only: None, peer: None, matrix: false };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => options.runs = args.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0).expect("--runs needs a number"),
            "--no-build" => options.build = false,
            "--only" => options.only = args.next().cloned(),
            "--peer" => options.peer = Some(PathBuf::from(args.next().expect("--peer needs the path of a binary"))),
            "--webkit-matrix" => options.matrix = true,
            other => panic!("unknown option {other}"),
        }
    }
    options
}

fn bench(args: &[String]) {
    // What Grot sets for WebKit when it starts, the floor gets too: one environment for both.
    grot_lib::desktop::use_webkit_defaults();
    let options = options(args);
    let root = root();
    let target = target_dir(&root);
    for (program, install) in [
        ("Xvfb", "apt-get install xvfb"),
        ("tauri-driver", "cargo install tauri-driver --locked"),
        ("WebKitWebDriver", "apt-get install webkit2gtk-driver"),
        ("xdotool", "apt-get install xdotool"),
    ] {
        webdriver::find_program(program, install, "--bench");
    }
    drop(bundle::tauri_cli(&root));
    if options.build {
        bundle::bundle(&root, &target);
        bundle::tauri_build(&root, &root.join("benches/floor"), &target, "deb", None);
        bundle::repack_deb(&root, &target, "Grot Floor", "grot-floor");
    }
    let grot = target.join("release/grot");
    let floor = target.join("release/grot-floor");
    let deb = |prefix: &str| find_deb(&target.join("release/bundle/deb"), prefix);

    let display = grot_testsupport::xvfb::Xvfb::start();
    eprintln!("bench: {} runs of each app, alternating, on display {}", options.runs, display.name());
    let mut figures = Figures::default();
    let wanted = |part: &str| options.only.as_deref().is_none_or(|o| o == part);
    if wanted("start") {
        // Each app once before the runs that count: the first start after a build reads a cold
        // binary from disk (3 s against 0.7 s here), and only one of the apps would pay for it.
        for binary in [&grot, &floor] {
            apps::start_and_settle(binary, &display);
        }
    }
    for run in (0..options.runs).filter(|_| wanted("start")) {
        // Alternate which app goes first, so neither always meets a warmer machine.
        let order = if run % 2 == 0 { [("grot", &grot), ("floor", &floor)] } else { [("floor", &floor), ("grot", &grot)] };
        for (name, binary) in order {
            let start = apps::start_and_settle(binary, &display);
            eprintln!(
                "bench: run {} {name}: first paint {:.0} ms (page {:.0} ms), PSS {:.1} MiB",
                run + 1,
                start.paint_ms,
                start.page_ms,
                start.pss_mib
            );
            figures.start(name).push(start);
        }
    }
    if wanted("driven") {
        let template = driven::letters_store();
        for run in 0..options.runs {
            let driven = driven::measure(&grot, &display, template.path());
            eprintln!("bench: run {} grot: {driven:?}", run + 1);
            figures.driven.push(driven);
        }
    }
    if wanted("idle") {
        // Each run is minutes of waiting on purpose: three are enough for a median.
        for run in 0..options.runs.min(3) {
            figures.idle_grot.push(idle::measure_grot(&grot, &display));
            figures.idle_floor.push(idle::measure_floor(&floor, &display));
            eprintln!("bench: run {} idle: grot {:?}, floor {:?}", run + 1, figures.idle_grot.last(), figures.idle_floor.last());
        }
    }
    let mut rotations = Vec::new();
    if let Some(peer) = options.peer.as_ref().filter(|_| wanted("peer")) {
        let peer = peer.canonicalize().unwrap_or_else(|e| panic!("--peer {}: {e}", peer.display()));
        let apps = [grot.clone(), floor.clone(), peer];
        let envs = if options.matrix { peer::matrix() } else { vec![peer::as_found()] };
        for env in envs {
            rotations.push(peer::rotate(&apps, &display, env, options.runs));
        }
    }
    let peer_text = options.peer.as_ref().map(|p| peer::markdown(&rotations, p, options.runs)).unwrap_or_default();
    if options.only.is_some() {
        if !rotations.is_empty() {
            println!("{peer_text}");
        }
        if !figures.idle_grot.is_empty() {
            println!("{}", idle::markdown(&figures.idle_grot, &figures.idle_floor));
        }
        eprintln!("bench: a partial run writes no report");
        return;
    }
    let report = Report {
        runs: options.runs,
        figures,
        binary: [size(&grot), size(&floor)],
        deb: [size(&deb("grot_")), size(&deb("grot-floor_"))],
        environment: environment(),
    };
    let idle_text = idle::markdown(&report.figures.idle_grot, &report.figures.idle_floor);
    let text = report.markdown() + &idle_text + &peer_text;
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("report.md"), &text).unwrap();
    println!("{text}");
    eprintln!("bench: written to {}", out.join("report.md").display());
}

fn root() -> PathBuf {
    Path::new(ROOT).canonicalize().expect("the repository root")
}

/// Where the scripts build: `$HOME/.cache/grot/target` unless `CARGO_TARGET_DIR` says.
fn target_dir(_root: &Path) -> PathBuf {
    let home = || PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/grot/target");
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(home)
}

fn find_deb(dir: &Path, prefix: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("no .deb folder {}: {e}; build without --no-build first", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix) && p.extension().is_some_and(|e| e == "deb"))
        .unwrap_or_else(|| panic!("no {prefix}*.deb in {}", dir.display()))
}

/// What the figures depend on, printed with them.
fn environment() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    out.push(("machine".into(), format!("{cpu}, {cores} cores")));
    let webkit = Command::new("dpkg-query").args(["-W", "-f", "${Version}", "libwebkit2gtk-4.1-0"]).output().ok();
    out.push(("WebKitGTK".into(), webkit.map(|o| String::from_utf8_lossy(&o.stdout).to_string()).unwrap_or_default()));
    out.push(("display".into(), "Xvfb 1280x860x24 (software rendering)".into()));
    // The variables the WebKit matrix varies; Grot's defaults are among them.
    for name in [peer::CPU, peer::DMABUF] {
        let value = std::env::var(name).unwrap_or_else(|_| "unset".into());
        out.push((name.into(), format!("{value} (the same for both apps)")));
    }
    out
}
