//! The tone check against a corpus: it must flag at least 90% of the sentences that blame or
//! demand, and under 10% of ordinary ones (the guide's own sentences to say included). Its own
//! main (harness = false), so the rates are always in the test output, not captured.

use grot_lib::guide::{library, Lang};
use grot_lib::tone;
use serde::Deserialize;

#[derive(Deserialize)]
struct Corpus {
    flag: Vec<String>,
    keep: Vec<String>,
}

fn main() {
    println!("\nrunning 1 test");
    let outcome = std::panic::catch_unwind(the_tone_check_meets_its_corpus);
    let ok = outcome.is_ok();
    println!("test the_tone_check_meets_its_corpus ... {}", if ok { "ok" } else { "FAILED" });
    println!(
        "\ntest result: {}. {} passed; {} failed; 0 ignored; 0 measured; 0 filtered out\n",
        if ok { "ok" } else { "FAILED" },
        u8::from(ok),
        u8::from(!ok)
    );
    if !ok {
        std::process::exit(101);
    }
}

fn the_tone_check_meets_its_corpus() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tone-corpus.toml")).unwrap();
    let corpus: Corpus = toml::from_str(&text).unwrap();
    let mut keep = corpus.keep.clone();
    for lang in Lang::ALL {
        keep.extend(library().unwrap().letter_phrases("grot", lang).unwrap().into_iter().map(|p| p.text));
    }

    let missed: Vec<&String> = corpus.flag.iter().filter(|s| tone::check(s).unwrap().is_empty()).collect();
    let wrongly: Vec<&String> = keep.iter().filter(|s| !tone::check(s).unwrap().is_empty()).collect();
    let caught = 1.0 - missed.len() as f64 / corpus.flag.len() as f64;
    let false_alarms = wrongly.len() as f64 / keep.len() as f64;
    println!(
        "    tone check: flagged {:.0}% of {} blaming sentences, {:.0}% of {} ordinary ones",
        caught * 100.0,
        corpus.flag.len(),
        false_alarms * 100.0,
        keep.len()
    );
    println!("    missed: {missed:?}\n    flagged wrongly: {wrongly:?}");
    assert!(corpus.flag.len() >= 30 && keep.len() >= 30, "the corpus is too small to mean anything");
    assert!(caught >= 0.9, "only {:.0}% caught", caught * 100.0);
    assert!(false_alarms < 0.1, "{:.0}% false alarms", false_alarms * 100.0);
}
