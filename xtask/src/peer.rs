//! Grot, the floor and a peer (another app she could use instead, built once: BENCHMARKS.md),
//! started cold in one rotation and measured the same way from outside: visual complete from
//! captures of the display (`visual.rs`) and the PSS of the app and every process it started,
//! read once the picture has been still for three seconds. Each app gets a fresh home, so
//! each starts at its first-run screen. With a matrix, the rotation runs once per WebKit
//! environment.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::apps::{end, tree_pss_kib};
use crate::stats::spread;
use crate::visual::{gtk_settings, Watch};
use grot_testsupport::xvfb::Xvfb;

#[derive(Clone, Copy, Debug)]
pub struct Seen {
    pub visual_ms: f64,
    pub pss_mib: f64,
}

/// The WebKit variables a run sets; `None` removes the variable for the app.
pub type Environment = [(&'static str, Option<String>); 2];

pub const DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
pub const CPU: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Every combination of the two variables, each set explicitly ("0" is off for WebKit).
pub fn matrix() -> Vec<Environment> {
    let mut out = Vec::new();
    for dmabuf in ["0", "1"] {
        for cpu in ["0", "1"] {
            out.push([(DMABUF, Some(dmabuf.to_string())), (CPU, Some(cpu.to_string()))]);
        }
    }
    out
}

/// The environment as the bench found it (Grot's defaults set: `use_webkit_defaults`).
pub fn as_found() -> Environment {
    [(DMABUF, std::env::var(DMABUF).ok()), (CPU, std::env::var(CPU).ok())]
}

pub fn label(env: &Environment) -> String {
    env.iter().map(|(name, value)| format!("{name}={}", value.as_deref().unwrap_or("unset"))).collect::<Vec<_>>().join(", ")
}

/// Starts `binary` with a fresh home under `env`, waits for its picture to settle, reads its
/// memory and ends it.
pub fn start_seen(binary: &Path, display: &Xvfb, env: &Environment) -> Seen {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    gtk_settings(&config);
    let mut command = Command::new(binary);
    command
        .env("DISPLAY", display.name())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", &config)
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("GROT_DATA_DIR", home.path().join("grot"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .stdin(Stdio::null());
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let started = Instant::now();
    let watch = Watch::start(&display.name(), started);
    let mut app = command.spawn().unwrap_or_else(|e| panic!("{} did not start: {e}", binary.display()));
    let Some(visual) = watch.finish() else {
        end(&mut app);
        panic!("{}: its picture never settled", binary.display());
    };
    let pss_mib = tree_pss_kib(app.id()) as f64 / 1024.0;
    end(&mut app);
    Seen { visual_ms: visual.as_secs_f64() * 1000.0, pss_mib }
}

/// The three apps' figures under one environment.
pub struct Rotation {
    pub env: Environment,
    /// Grot, floor, peer.
    pub seen: [Vec<Seen>; 3],
}

/// `runs` rounds of the three apps under `env`, the order turning each round.
pub fn rotate(apps: &[PathBuf; 3], display: &Xvfb, env: Environment, runs: usize) -> Rotation {
    let mut seen: [Vec<Seen>; 3] = Default::default();
    // Each app once first: the first start after a build reads a cold binary from disk.
    for app in apps {
        start_seen(app, display, &env);
    }
    for run in 0..runs {
        for k in 0..3 {
            let i = (run + k) % 3;
            let s = start_seen(&apps[i], display, &env);
            eprintln!(
                "bench: {} run {} {}: visual complete {:.0} ms, PSS {:.1} MiB",
                label(&env),
                run + 1,
                NAMES[i],
                s.visual_ms,
                s.pss_mib
            );
            seen[i].push(s);
        }
    }
    Rotation { env, seen }
}

pub const NAMES: [&str; 3] = ["Grot", "Floor", "Peer"];

/// The table: each environment, each app, with Grot's ratios to the peer and the goals.
pub fn markdown(rotations: &[Rotation], peer: &Path, runs: usize) -> String {
    let mut out = format!(
        "\n## Against the peer: {runs} runs each, in rotation\n\nPeer: `{}`. Visual complete: exec to the last change of the \
         display's picture (captured every 15 ms, still for 3 s after); PSS of the app and its WebKit processes once still. \
         Each start with a fresh home (first-run screen), the caret's blinking off for all. Medians (min–max).\n\n\
         | Environment | Grot visual | Floor visual | Peer visual | Grot / peer | Grot PSS | Floor PSS | Peer PSS | Grot / peer | Goals (≤ 0.5x, < 1x) |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
        peer.display()
    );
    for r in rotations {
        let visual: Vec<(f64, f64, f64)> = r.seen.iter().map(|s| spread(&s.iter().map(|x| x.visual_ms).collect::<Vec<_>>())).collect();
        let pss: Vec<(f64, f64, f64)> = r.seen.iter().map(|s| spread(&s.iter().map(|x| x.pss_mib).collect::<Vec<_>>())).collect();
        let (v, p) = (visual[0].0 / visual[2].0, pss[0].0 / pss[2].0);
        let ms = |(m, lo, hi): (f64, f64, f64)| format!("{m:.0} ms ({lo:.0}–{hi:.0})");
        let mib = |(m, lo, hi): (f64, f64, f64)| format!("{m:.1} MiB ({lo:.1}–{hi:.1})");
        let met = |ok: bool| if ok { "met" } else { "**not met**" };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {v:.2}x | {} | {} | {} | {p:.2}x | {}, {} |\n",
            label(&r.env),
            ms(visual[0]),
            ms(visual[1]),
            ms(visual[2]),
            mib(pss[0]),
            mib(pss[1]),
            mib(pss[2]),
            met(v <= 0.5),
            met(p < 1.0)
        ));
    }
    out
}
