//! The guidance content against its source: the Dutch Markdown is the article minus the
//! advertisement and nothing else; the English translation has the same structure.

use grot_lib::guide::{library, Block, Inline, Lang, Library, Role, SectionKind};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const AD_LINES: [&str; 3] = [
    "Hoe staat het eigenlijk met jullie intimiteit en seksleven?",
    "Ontdek in 5 minuten waar je staat op 6 cruciale gebieden rond seks en intimiteit – en krijg een persoonlijk rapport met concrete vervolgstappen direct in je inbox!",
    "Ga naar de gratis scorecard",
];

/// The source article as the web page gave it (advertisement included), non-empty lines.
fn seed_lines() -> Vec<String> {
    let seed = std::fs::read_to_string(format!("{ROOT}/tests/fixtures/seed-nl.txt")).unwrap();
    seed.lines().map(str::trim_end).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn content_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for guide in std::fs::read_dir(format!("{ROOT}/content")).unwrap() {
        let guide = guide.unwrap().path();
        if guide.is_dir() {
            for file in std::fs::read_dir(&guide).unwrap() {
                let file = file.unwrap().path();
                let rel = file.strip_prefix(format!("{ROOT}/content")).unwrap().to_string_lossy().to_string();
                files.push((rel, std::fs::read_to_string(&file).unwrap()));
            }
        }
    }
    files
}

/// The guide's text as lines a reader sees: each title, each paragraph, each list item.
fn rendered_lines(lang: Lang) -> Vec<String> {
    let guide = library().unwrap().guide("grot", lang).unwrap();
    let mut lines = Vec::new();
    for section in &guide.sections {
        lines.push(section.title.clone());
        for block in &section.blocks {
            lines.extend(block.plain_text().lines().map(str::to_string));
        }
    }
    lines
}

#[test]
fn every_content_file_on_disk_parses() {
    let files = content_files();
    assert!(files.iter().any(|(p, _)| p == "grot/nl.md"));
    assert!(files.iter().any(|(p, _)| p == "grot/en.md"));
    let borrowed: Vec<(&str, &str)> = files.iter().filter(|(p, _)| p.ends_with(".md")).map(|(p, t)| (p.as_str(), t.as_str())).collect();
    Library::parse(&borrowed).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn dutch_content_is_the_article_without_the_advertisement_and_nothing_else() {
    let expected: Vec<String> = seed_lines().into_iter().filter(|l| !AD_LINES.contains(&l.as_str())).collect();
    let actual = rendered_lines(Lang::Nl);
    for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(a, e, "line {i} differs from the article");
    }
    assert_eq!(actual.len(), expected.len());
}

#[test]
fn the_seed_fixture_still_contains_the_advertisement() {
    // Guards the test above: it must compare against the real page text, ad included.
    let lines = seed_lines();
    assert!(AD_LINES.iter().all(|ad| lines.iter().any(|l| l == ad)));
}

#[test]
fn no_advertisement_text_anywhere_in_content() {
    for (path, text) in content_files() {
        for needle in ["scorecard", "seksleven", "Ontdek in 5 minuten", "persoonlijk rapport", "inbox"] {
            assert!(!text.to_lowercase().contains(&needle.to_lowercase()), "{path} contains {needle:?}");
        }
    }
}

#[test]
fn every_heading_of_the_article_is_a_section_in_both_languages() {
    // In the article a heading is a line without closing punctuation.
    let headings: Vec<String> =
        seed_lines().into_iter().filter(|l| !AD_LINES.contains(&l.as_str())).filter(|l| !l.ends_with(['.', '?', '!', ':', '”'])).collect();
    assert_eq!(headings.len(), 13, "{headings:#?}");
    let lib = library().unwrap();
    let nl = lib.guide("grot", Lang::Nl).unwrap();
    let en = lib.guide("grot", Lang::En).unwrap();
    let titles: Vec<&str> = nl.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, headings);
    let ids = |g: &grot_lib::guide::Guide| g.sections.iter().map(|s| (s.id.clone(), s.kind)).collect::<Vec<_>>();
    assert_eq!(ids(nl), ids(en), "English must have the same sections in the same order");
    for (n, e) in nl.sections.iter().zip(&en.sections) {
        assert_ne!(n.title, e.title, "section {} is not translated", n.id);
        assert_eq!(n.blocks.len(), e.blocks.len(), "section {} has a different number of blocks", n.id);
    }
}

#[test]
fn all_seventeen_quoted_sentences_are_phrases_with_a_role() {
    let seed = seed_lines().join("\n");
    let quoted: Vec<&str> = seed.split('“').skip(1).map(|s| s.split('”').next().unwrap()).collect();
    assert_eq!(quoted.len(), 17);
    let nl = library().unwrap().guide("grot", Lang::Nl).unwrap();
    let texts: Vec<&str> = nl.phrases.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, quoted, "every quoted sentence, in order, is a phrase");
    let count = |role| nl.phrases.iter().filter(|p| p.role == role).count();
    assert_eq!((count(Role::Say), count(Role::Thought), count(Role::Avoid)), (10, 4, 3));
}

#[test]
fn english_phrases_mirror_the_dutch_ones() {
    let lib = library().unwrap();
    let nl = &lib.guide("grot", Lang::Nl).unwrap().phrases;
    let en = &lib.guide("grot", Lang::En).unwrap().phrases;
    assert_eq!(nl.len(), en.len());
    for (n, e) in nl.iter().zip(en) {
        assert_eq!((&n.id, &n.section, n.role), (&e.id, &e.section, e.role));
        assert_ne!(n.text, e.text);
    }
}

#[test]
fn questions_to_avoid_are_the_ones_the_article_warns_against() {
    let nl = library().unwrap().guide("grot", Lang::Nl).unwrap();
    let avoid: Vec<&str> = nl.phrases.iter().filter(|p| p.role == Role::Avoid).map(|p| p.text.as_str()).collect();
    assert_eq!(avoid, ["Wat is er? Waar denk je aan? Waarom zeg je niets?", "Wat voel je?", "Waar denk je aan?"]);
}

#[test]
fn tips_and_signs_are_marked_in_both_languages() {
    let lib = library().unwrap();
    let mut shapes = Vec::new();
    for lang in Lang::ALL {
        let g = lib.guide("grot", lang).unwrap();
        let you = g.tips.iter().filter(|t| t.audience == SectionKind::TipsYou).count();
        let him = g.tips.iter().filter(|t| t.audience == SectionKind::TipsHim).count();
        assert_eq!((you, him), (7, 5), "{lang:?}");
        let signs: Vec<_> = g.signs.iter().map(|s| (s.section.clone(), s.kind)).collect();
        assert_eq!(signs.len(), 5, "{lang:?}");
        shapes.push(signs);
    }
    assert_eq!(shapes[0], shapes[1]);
}

#[test]
fn english_is_english() {
    let text = rendered_lines(Lang::En).join(" ").to_lowercase();
    for dutch in [" het ", " een ", " niet ", " zijn grot", " jij "] {
        assert!(!text.contains(dutch), "English text still contains {dutch:?}");
    }
}

#[test]
fn phrase_inlines_keep_their_quotes_in_the_text() {
    let nl = library().unwrap().guide("grot", Lang::Nl).unwrap();
    let mut seen = 0;
    for section in &nl.sections {
        for block in &section.blocks {
            let inlines: Vec<&Inline> = match block {
                Block::Paragraph { inlines } => inlines.iter().collect(),
                Block::List { items, .. } => items.iter().flatten().collect(),
                Block::Quote { .. } => vec![],
            };
            for inline in inlines {
                if let Inline::Phrase { text, .. } = inline {
                    assert!(text.starts_with('“') && text.ends_with('”'), "{text}");
                    seen += 1;
                }
            }
        }
    }
    assert_eq!(seen, 17);
}

#[test]
fn templates_exist_in_both_languages_and_quote_the_guide() {
    let nl = grot_lib::guide::templates(Lang::Nl).unwrap();
    let en = grot_lib::guide::templates(Lang::En).unwrap();
    assert!(nl.len() >= 4, "at least four templates");
    let ids = |ts: &[grot_lib::guide::Template]| ts.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&nl), ids(&en), "the same templates in Dutch and English");
    for wanted in ["moment-to-talk", "feeling-alone", "thank-you-for-coming-back", "his-letter-asking-for-space"] {
        assert!(ids(&nl).iter().any(|i| i == wanted), "template {wanted} is missing");
    }
    for (lang, templates) in [(Lang::Nl, &nl), (Lang::En, &en)] {
        // Every sentence of every quoted phrase of the guide, in this language.
        let sentences: Vec<String> = library()
            .unwrap()
            .guide("grot", lang)
            .unwrap()
            .phrases
            .iter()
            .flat_map(|p| p.text.split_inclusive(['.', '?', '!']).map(|s| s.trim().to_string()).collect::<Vec<_>>())
            .filter(|s| s.split_whitespace().count() >= 4)
            .collect();
        for t in templates.iter() {
            assert!(sentences.iter().any(|s| t.body.contains(s.as_str())), "template {} ({lang:?}) quotes no sentence of the guide", t.id);
            assert!(!t.title.is_empty() && t.body.trim().len() > 40);
        }
    }
}

#[test]
fn guided_forms_exist_in_both_languages_and_each_step_names_its_section_of_the_guide() {
    let nl = grot_lib::guide::forms(Lang::Nl).unwrap();
    let en = grot_lib::guide::forms(Lang::En).unwrap();
    let shape = |fs: &[grot_lib::guide::Form]| {
        fs.iter().map(|f| (f.id.clone(), f.steps.iter().map(|s| s.id.clone()).collect::<Vec<_>>())).collect::<Vec<_>>()
    };
    assert_eq!(shape(&nl), shape(&en), "the same forms, with the same steps in the same order, in Dutch and English");
    let ids: Vec<String> = shape(&nl).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["softened-start", "after-a-quarrel", "while-in-his-cave", "thanks-for-coming-back"]);
    for (lang, forms) in [(Lang::Nl, &nl), (Lang::En, &en)] {
        let guide = library().unwrap().guide("grot", lang).unwrap();
        for f in forms.iter() {
            assert!(!f.title.is_empty() && !f.lead.is_empty() && !f.greeting.is_empty() && !f.closing.is_empty(), "{}", f.id);
            for s in &f.steps {
                assert!(guide.sections.iter().any(|g| g.id == s.section), "{} / {} ({lang:?}): no section {}", f.id, s.id, s.section);
                assert!(s.why.chars().count() <= 140, "{} / {}: a why of one short line", f.id, s.id);
                assert!(s.prompt.ends_with('?') || s.prompt.ends_with('.'), "{} / {}: the prompt is a sentence", f.id, s.id);
            }
        }
    }
}

#[test]
fn answer_starters_follow_the_guides_tips_for_him_in_both_languages() {
    let nl = grot_lib::guide::starters(Lang::Nl).unwrap();
    let en = grot_lib::guide::starters(Lang::En).unwrap();
    assert!(nl.len() >= 3, "at least three starters");
    let ids = |ss: &[grot_lib::guide::Starter]| ss.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&nl), ids(&en), "the same starters in Dutch and English");
    for (lang, starters) in [(Lang::Nl, &nl), (Lang::En, &en)] {
        // The leads of the tips in the section on what he can do.
        let leads: Vec<String> = library()
            .unwrap()
            .tips("grot", lang)
            .unwrap()
            .tips
            .iter()
            .filter(|t| t.section == "what-he-can-do")
            .map(|t| t.title.clone())
            .collect();
        assert!(!leads.is_empty());
        for s in starters.iter() {
            assert!(
                leads.iter().any(|l| l.trim_end_matches('.') == s.tip.trim_end_matches('.')),
                "starter {} ({lang:?}) follows no tip for him: {:?} not in {leads:?}",
                s.id,
                s.tip
            );
            assert!(!s.label.is_empty() && s.text.split_whitespace().count() >= 4);
        }
    }
}
