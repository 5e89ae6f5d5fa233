//! The typeset PDF, read back the way another program would: `pdftotext` (poppler-utils) must
//! find the letter's words, Dutch diacritics intact, and the page numbers.

use std::process::Command;

use grot_lib::export::pdf::{letter, Heading};
use grot_lib::export::After;

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(&path).arg("-").output().unwrap_or_else(|e| {
        panic!("pdftotext is needed for this test ({e}); install it with: sudo scripts/setup-system --test (package poppler-utils)")
    });
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Kept beside the e2e screenshots, to be looked at (`pdftoppm -png`).
fn keep_for_looking(pdf: &[u8]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("letter.pdf"), pdf).unwrap();
}

/// pdftotext may close up the spaces around the slash of "2 / 5".
fn has_page_number(text: &str, page: usize, pages: usize) -> bool {
    text.lines().any(|line| line.split_whitespace().collect::<String>() == format!("{page}/{pages}"))
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

const BODY: &str = "Lieve Sam,\n\nIk heb lang nagedacht over wat ik je wil zeggen. Één ding weet ik zeker: \
ik wil geen ruzie meer, en ik wil niet dat je je schuldig voelt. Het café op de hoek, de reeën in het \
bos, onze ideeën voor later — ik denk er nog vaak aan. Naïef misschien, maar ik geloof in ons.\n\
Ça va, zei je altijd. Ü, ö, ä, ß, ø, å, ł, ğ, ş, ı, ĳ — en <script>alert(1)</script> is gewoon tekst.\n\nLiefs,\nAnne";

#[test]
fn the_text_comes_back_with_its_diacritics() {
    let heading = Heading { title: "Voor later: één brief", to: "Aan Sam", date: "25 november 2026", language: "nl" };
    let pdf = letter(&heading, BODY, &[]).unwrap();
    keep_for_looking(&pdf);
    let text = pdftotext(&pdf);
    for expected in ["Voor later: één brief", "Aan Sam", "25 november 2026"] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert!(has_page_number(&text, 1, 1), "no page number in:\n{text}");
    // Lines may break elsewhere than in the source; the words, in order, are the same.
    let found = words(&text);
    let body = words(BODY);
    let start = found.iter().position(|w| w == "Lieve").expect("the body is there");
    assert_eq!(&found[start..start + body.len()], &body[..], "\n{text}");
}

#[test]
fn a_long_letter_gets_page_numbers_and_loses_nothing() {
    let body: String = (1..=400).map(|i| format!("Zin {i}: geëerd en gewaardeerd, ook als het moeilijk is.")).collect::<Vec<_>>().join(" ");
    let heading = Heading { title: "Lang", to: "", date: "1 januari 2027", language: "nl" };
    let text = pdftotext(&letter(&heading, &body, &[]).unwrap());
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 5, "{pages} pages");
    for page in 1..=pages {
        assert!(has_page_number(&text, page, pages), "page {page} has no number");
    }
    let found: Vec<String> = words(&text).into_iter().filter(|w| !w.contains('/') && w.parse::<u32>().is_err()).collect();
    let expected: Vec<String> = words(&body).into_iter().filter(|w| w.parse::<u32>().is_err()).collect();
    let start = found.iter().position(|w| w == "Zin").unwrap();
    assert_eq!(found[start..].len(), expected.len(), "every word once");
    assert_eq!(&found[start..], &expected[..]);
}

#[test]
fn his_answers_follow_the_letter_each_under_its_date() {
    let heading = Heading { title: "Voor Sam", to: "Aan Sam", date: "1 december 2026", language: "nl" };
    let after = [
        After { heading: "Antwoord, 2 dec 2026 21:14", text: "Ik ben er weer. Dank je voor de ruimte." },
        After { heading: "Antwoord, 3 dec 2026 08:02", text: "Zullen we zondag wandelen?" },
    ];
    let pdf = letter(&heading, "Lieve Sam,\n\nIk wacht op je.", &after).unwrap();
    let text = pdftotext(&pdf);
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle:?} missing from:\n{text}"));
    assert!(at("Ik wacht op je.") < at("Antwoord, 2 dec 2026 21:14"), "the answers come after the letter");
    assert!(at("Antwoord, 2 dec 2026 21:14") < at("Ik ben er weer."));
    assert!(at("Ik ben er weer.") < at("Antwoord, 3 dec 2026 08:02"), "oldest first");
    assert!(at("Antwoord, 3 dec 2026 08:02") < at("Zullen we zondag wandelen?"));
}
