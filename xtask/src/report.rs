//! The table: medians with min–max over the runs, ratios to the floor, and the budgets of
//! PRODUCT.md with whether each is met.

use crate::apps::Start;
use crate::driven::Driven;
use crate::stats::spread;

#[derive(Default)]
pub struct Figures {
    pub grot: Vec<Start>,
    pub floor: Vec<Start>,
    pub driven: Vec<Driven>,
    /// Each run's resting screens (`idle.rs`).
    pub idle_grot: Vec<Vec<crate::idle::Rest>>,
    pub idle_floor: Vec<Vec<crate::idle::Rest>>,
}

impl Figures {
    pub fn start(&mut self, app: &str) -> &mut Vec<Start> {
        if app == "grot" {
            &mut self.grot
        } else {
            &mut self.floor
        }
    }
}

/// The nearest peer's installer: Mini Diarium 0.4.15's published .deb (`mini-diarium_0.4.15_amd64.deb`).
const PEER_DEB: u64 = 8_871_394;

pub struct Report {
    pub runs: usize,
    pub figures: Figures,
    /// Grot, floor.
    pub binary: [u64; 2],
    pub deb: [u64; 2],
    pub environment: Vec<(String, String)>,
}

fn cell((median, min, max): (f64, f64, f64), unit: &str, digits: usize) -> String {
    format!("{median:.digits$} {unit} ({min:.digits$}–{max:.digits$})")
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "**not met**"
    }
}

impl Report {
    pub fn markdown(&self) -> String {
        let f = &self.figures;
        let paint = |s: &[Start]| spread(&s.iter().map(|x| x.paint_ms).collect::<Vec<_>>());
        let pss = |s: &[Start]| spread(&s.iter().map(|x| x.pss_mib).collect::<Vec<_>>());
        let (grot_paint, floor_paint) = (paint(&f.grot), paint(&f.floor));
        let (grot_pss, floor_pss) = (pss(&f.grot), pss(&f.floor));
        let page = |s: &[Start]| spread(&s.iter().map(|x| x.page_ms).collect::<Vec<_>>());
        let (grot_page, floor_page) = (page(&f.grot), page(&f.floor));
        let paint_ratio = grot_paint.0 / floor_paint.0;
        let pss_ratio = grot_pss.0 / floor_pss.0;
        let mib = |b: u64| b as f64 / 1_048_576.0;
        let binary_ratio = self.binary[0] as f64 / self.binary[1] as f64;
        let deb_ratio = self.deb[0] as f64 / PEER_DEB as f64;
        let driven = |pick: fn(&Driven) -> f64| spread(&f.driven.iter().map(pick).collect::<Vec<_>>());
        let unlock = driven(|d| d.unlock_ms);
        let autosave = driven(|d| d.autosave_p99_ms);
        let search = driven(|d| d.search_p99_ms);
        let guide = driven(|d| d.guide_p99_ms);
        let autosave_median = driven(|d| d.autosave_median_ms);
        let search_median = driven(|d| d.search_median_ms);
        let ipc = driven(|d| d.ipc_p99_ms);

        let mut out = String::new();
        out.push_str(&format!("# Grot against the floor: {} runs each, alternating\n\n", self.runs));
        out.push_str("Medians, with min–max over the runs in brackets. Command: `cargo xtask bench`.\n\n");
        out.push_str("| Measure | Grot | Floor | Ratio | Budget | |\n|---|---|---|---|---|---|\n");
        out.push_str(&format!(
            "| Exec to first painted screen | {} | {} | {paint_ratio:.2}x | ≤ 1.15x | {} |\n",
            cell(grot_paint, "ms", 0),
            cell(floor_paint, "ms", 0),
            verdict(paint_ratio <= 1.15)
        ));
        out.push_str(&format!(
            "| of which in the page (navigation start to painted) | {} | {} | {:.2}x | | |\n",
            cell(grot_page, "ms", 0),
            cell(floor_page, "ms", 0),
            grot_page.0 / floor_page.0
        ));
        out.push_str(&format!(
            "| PSS, app + WebKit processes, settled | {} | {} | {pss_ratio:.2}x | ≤ 1.10x | {} |\n",
            cell(grot_pss, "MiB", 1),
            cell(floor_pss, "MiB", 1),
            verdict(pss_ratio <= 1.10)
        ));
        out.push_str(&format!(
            "| Binary (release, stripped) | {:.2} MiB | {:.2} MiB | {binary_ratio:.2}x | | |\n",
            mib(self.binary[0]),
            mib(self.binary[1])
        ));
        out.push_str(&format!(
            "| .deb (`cargo xtask bundle`; ratio: to the peer's, {:.2} MiB) | {:.2} MiB | {:.2} MiB | {deb_ratio:.2}x | ≤ 0.75x of the peer's | {} |\n",
            mib(PEER_DEB),
            mib(self.deb[0]),
            mib(self.deb[1]),
            verdict(deb_ratio <= 0.75)
        ));
        out.push_str(&format!(
            "| Unlock (Argon2id included) to letters list painted, 10,000 letters | {} | | | < 500 ms | {} |\n",
            cell(unlock, "ms", 0),
            verdict(unlock.0 < 500.0)
        ));
        out.push_str(&format!(
            "| Autosave round trip p99 (IPC to durable commit, 20 KB) | {} | | | < 15 ms | {} |\n",
            cell(autosave, "ms", 1),
            verdict(autosave.0 < 15.0)
        ));
        out.push_str(&format!(
            "| Search over 10,000 letters p99 (IPC) | {} | | | < 20 ms | {} |\n",
            cell(search, "ms", 1),
            verdict(search.0 < 20.0)
        ));
        out.push_str(&format!("| Guidance search p99 (IPC) | {} | | | < 2 ms | {} |\n", cell(guide, "ms", 1), verdict(guide.0 < 2.0)));
        let typed =
            |i: usize, pick: fn(&crate::typing::Typing) -> f64| spread(&f.driven.iter().map(|d| pick(&d.typing[i])).collect::<Vec<_>>());
        for i in 0..2 {
            let kib = f.driven.first().map_or(0, |d| d.typing[i].letter_kib);
            let (handler, frame, bare) = (typed(i, |t| t.handler_p99_ms), typed(i, |t| t.frame_p99_ms), typed(i, |t| t.bare_frame_p99_ms));
            let bare_handler = typed(i, |t| t.bare_handler_p99_ms);
            let budget = if kib >= 500 { ("< 2 ms", verdict(handler.0 < 2.0)) } else { ("", "") };
            out.push_str(&format!(
                "| Keystroke: the app's input handlers p99, {kib} KB letter (Floor: the same interval on the bare field, no handlers; 1 ms clock) | {} | {} | | {} | {} |\n",
                cell(handler, "ms", 2),
                cell(bare_handler, "ms", 2),
                budget.0,
                budget.1
            ));
            // The two fields are typed in turns within each run: the ratio is taken per run (a
            // paired measure), and its median over the runs is what counts.
            let ratio = spread(&f.driven.iter().map(|d| d.typing[i].frame_p99_ms / d.typing[i].bare_frame_p99_ms).collect::<Vec<_>>()).0;
            out.push_str(&format!(
                "| Keystroke to painted frame p99, {kib} KB letter (Floor: a bare textarea, same text, same page; ratio: median of the runs' ratios) | {} | {} | {ratio:.2}x | ≤ 1.1x | {} |\n",
                cell(frame, "ms", 1),
                cell(bare, "ms", 1),
                verdict(ratio <= 1.1)
            ));
        }
        out.push_str("\nAlongside (no budget): ");
        out.push_str(&format!(
            "autosave median {}; search median {}; \
             a command that does nothing (`session_status`), p99 {}: what IPC alone costs here.\n",
            cell(autosave_median, "ms", 1),
            cell(search_median, "ms", 1),
            cell(ipc, "ms", 1)
        ));
        out.push_str("\nEnvironment:\n\n");
        for (name, value) in &self.environment {
            out.push_str(&format!("- {name}: {value}\n"));
        }
        out
    }
}
