use super::*;

#[test]
fn embedded_library_parses_and_has_both_languages() {
    let lib = library().expect("embedded content parses");
    for lang in Lang::ALL {
        let toc = lib.toc(lang);
        assert!(toc.iter().any(|g| g.id == "grot"), "grot guide missing in {lang:?}");
        assert_eq!(lib.guide("grot", lang).unwrap().lang, lang);
    }
}

#[test]
fn lang_parses_known_codes_only() {
    assert_eq!("nl".parse::<Lang>().unwrap(), Lang::Nl);
    assert_eq!("en".parse::<Lang>().unwrap(), Lang::En);
    assert_eq!("de".parse::<Lang>().unwrap_err().code(), "invalid_input");
}

#[test]
fn section_view_links_neighbours() {
    let lib = library().unwrap();
    let toc = &lib.toc(Lang::Nl)[0];
    let first = lib.section("grot", &toc.sections[0].id, Lang::Nl).unwrap();
    assert!(first.prev.is_none());
    assert_eq!(first.next.as_ref().unwrap().id, toc.sections[1].id);
    let last_id = &toc.sections.last().unwrap().id;
    let last = lib.section("grot", last_id, Lang::Nl).unwrap();
    assert!(last.next.is_none());
    assert_eq!(last.position + 1, last.count);
}

#[test]
fn unknown_guide_and_section_are_not_found() {
    let lib = library().unwrap();
    assert_eq!(lib.section("nope", "intro", Lang::Nl).unwrap_err().code(), "not_found");
    assert_eq!(lib.section("grot", "nope", Lang::Nl).unwrap_err().code(), "not_found");
}

#[test]
fn letter_phrases_are_only_sentences_to_say() {
    let lib = library().unwrap();
    for lang in Lang::ALL {
        let phrases = lib.letter_phrases("grot", lang).unwrap();
        assert!(!phrases.is_empty());
        assert!(phrases.iter().all(|p| p.role == Role::Say));
    }
}

#[test]
fn a_guide_missing_in_english_falls_back_to_dutch() {
    let nl = "+++\nguide = \"x\"\nlang = \"nl\"\ntitle = \"X\"\n+++\n# X {#intro}\n\nTekst.\n";
    let lib = Library::parse(&[("x/nl.md", nl)]).unwrap();
    assert_eq!(lib.guide("x", Lang::En).unwrap().lang, Lang::Nl);
    assert_eq!(lib.toc(Lang::En).len(), 1);
}

#[test]
fn a_file_in_the_wrong_place_is_rejected() {
    let nl = "+++\nguide = \"x\"\nlang = \"nl\"\ntitle = \"X\"\n+++\n# X {#intro}\n";
    let err = Library::parse(&[("y/en.md", nl)]).unwrap_err();
    assert_eq!(err.code(), "content");
}

#[test]
fn overlong_query_is_invalid_input() {
    let lib = library().unwrap();
    let q = "a".repeat(MAX_QUERY_CHARS + 1);
    assert_eq!(lib.search(&q, Lang::Nl).unwrap_err().code(), "invalid_input");
}
