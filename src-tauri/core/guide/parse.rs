//! Markdown with TOML front matter → [`Guide`]. Strict on purpose: anything the reader cannot
//! show faithfully (images, links out of the app, code, deep headings) is an error, caught by
//! the content tests at build time instead of surprising a reader.

use pulldown_cmark::{CowStr, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::{search, Block, Guide, Inline, Lang, Phrase, Role, Section, SectionKind, Sign, SignKind, Tip};

type Events<'a> = std::iter::Peekable<Parser<'a>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    guide: String,
    lang: String,
    title: String,
    #[serde(default)]
    order: i64,
}

pub(super) fn guide(src: &str) -> Result<Guide, String> {
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut events = Parser::new_ext(src, options).peekable();
    let front = front_matter(&mut events)?;
    let lang: Lang = front.lang.parse().map_err(|e: crate::error::Error| e.to_string())?;
    if !is_slug(&front.guide) {
        return Err(format!("guide id {:?} must be lowercase letters, digits and dashes", front.guide));
    }

    let mut sections: Vec<Section> = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                if level > HeadingLevel::H2 {
                    return Err(format!("heading level {level} is not supported; use # or ##"));
                }
                let id = id.ok_or("every heading needs an id: `## Title {#id}`")?.to_string();
                if !is_slug(&id) || sections.iter().any(|s| s.id == id) {
                    return Err(format!("section id {id:?} is not a unique slug"));
                }
                let kind = section_kind(&classes)?;
                let title = super::plain_text(&inlines(&mut events, TagEnd::Heading(level))?);
                sections.push(Section { id, title, kind, blocks: Vec::new() });
            }
            Event::Start(tag) => {
                let block = block(&mut events, tag)?;
                let section = sections.last_mut().ok_or("text before the first heading")?;
                section.blocks.push(block);
            }
            other => return Err(format!("unexpected {other:?} between blocks")),
        }
    }
    if sections.is_empty() {
        return Err("a guide needs at least one section".into());
    }

    let phrases = number_phrases(&front.guide, &mut sections)?;
    let tips = collect_tips(&sections)?;
    let signs = collect_signs(&sections);
    let index = search::Index::build(&sections);
    Ok(Guide { id: front.guide, lang, title: front.title, order: front.order, sections, phrases, tips, signs, index })
}

fn front_matter(events: &mut Events) -> Result<FrontMatter, String> {
    match events.next() {
        Some(Event::Start(Tag::MetadataBlock(MetadataBlockKind::PlusesStyle))) => {}
        _ => return Err("a guide starts with TOML front matter between +++ lines".into()),
    }
    let mut text = String::new();
    for event in events.by_ref() {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::End(TagEnd::MetadataBlock(_)) => break,
            other => return Err(format!("unexpected {other:?} in front matter")),
        }
    }
    toml::from_str(&text).map_err(|e| format!("front matter: {e}"))
}

fn section_kind(classes: &[CowStr]) -> Result<SectionKind, String> {
    match classes.iter().map(|c| c.as_ref()).collect::<Vec<_>>().as_slice() {
        [] => Ok(SectionKind::Text),
        ["tips-you"] => Ok(SectionKind::TipsYou),
        ["tips-him"] => Ok(SectionKind::TipsHim),
        other => Err(format!("unknown section classes {other:?}")),
    }
}

/// One block, its start tag already taken.
fn block(events: &mut Events, tag: Tag) -> Result<Block, String> {
    match tag {
        Tag::Paragraph => Ok(Block::Paragraph { inlines: inlines(events, TagEnd::Paragraph)? }),
        // A block of raw HTML is shown as the characters it is made of.
        Tag::HtmlBlock => {
            let mut inlines = inlines(events, TagEnd::HtmlBlock)?;
            if let Some(Inline::Text { text }) = inlines.last_mut() {
                text.truncate(text.trim_end().len());
            }
            Ok(Block::Paragraph { inlines })
        }
        Tag::List(start) => {
            let ordered = start.is_some();
            let mut items = Vec::new();
            loop {
                match events.next() {
                    Some(Event::Start(Tag::Item)) => items.push(item(events)?),
                    Some(Event::End(TagEnd::List(_))) => break,
                    other => return Err(format!("unexpected {other:?} in a list")),
                }
            }
            Ok(Block::List { ordered, items })
        }
        Tag::BlockQuote(_) => {
            let mut blocks = Vec::new();
            loop {
                match events.next() {
                    Some(Event::End(TagEnd::BlockQuote(_))) => break,
                    Some(Event::Start(inner)) => blocks.push(block(events, inner)?),
                    other => return Err(format!("unexpected {other:?} in a quote")),
                }
            }
            Ok(Block::Quote { blocks })
        }
        other => Err(format!("unsupported block {other:?}")),
    }
}

/// A list item: its paragraphs (loose list) or bare text (tight list) as one run of inlines.
fn item(events: &mut Events) -> Result<Vec<Inline>, String> {
    let mut out = Vec::new();
    loop {
        match events.peek() {
            Some(Event::End(TagEnd::Item)) => {
                events.next();
                return Ok(out);
            }
            Some(Event::Start(Tag::Paragraph)) => {
                events.next();
                if !out.is_empty() {
                    out.push(Inline::Break);
                }
                out.extend(inlines(events, TagEnd::Paragraph)?);
            }
            Some(_) => out.extend(inline_run(events)?),
            None => return Err("unterminated list item".into()),
        }
    }
}

/// Inlines up to and including `end`.
fn inlines(events: &mut Events, end: TagEnd) -> Result<Vec<Inline>, String> {
    let mut out: Vec<Inline> = Vec::new();
    loop {
        match events.peek() {
            Some(Event::End(e)) if *e == end => {
                events.next();
                return Ok(merge_text(out));
            }
            Some(_) => out.extend(inline_run(events)?),
            None => return Err(format!("unterminated {end:?}")),
        }
    }
}

/// One inline event (and, for a start tag, everything up to its end).
fn inline_run(events: &mut Events) -> Result<Vec<Inline>, String> {
    let event = events.next().ok_or("unexpected end of document")?;
    let text = |t: CowStr| vec![Inline::Text { text: t.into_string() }];
    Ok(match event {
        Event::Text(t) | Event::Code(t) => text(t),
        // Raw HTML is shown as the characters it is made of, never interpreted.
        Event::Html(t) | Event::InlineHtml(t) => text(t),
        Event::SoftBreak => text(" ".into()),
        Event::HardBreak => vec![Inline::Break],
        Event::Start(Tag::Strong) => vec![Inline::Strong { children: inlines(events, TagEnd::Strong)? }],
        Event::Start(Tag::Emphasis) => vec![Inline::Emphasis { children: inlines(events, TagEnd::Emphasis)? }],
        Event::Start(Tag::Link { dest_url, .. }) => {
            let inner = super::plain_text(&inlines(events, TagEnd::Link)?);
            vec![marked(&dest_url, inner)?]
        }
        other => return Err(format!("unsupported inline {other:?}")),
    })
}

/// `phrase:<role>` and `sign:<kind>` links become marked text; every other link is refused,
/// because the app never leaves itself.
fn marked(dest: &str, text: String) -> Result<Inline, String> {
    let role = |r: &str| match r {
        "say" => Ok(Role::Say),
        "thought" => Ok(Role::Thought),
        "avoid" => Ok(Role::Avoid),
        _ => Err(format!("unknown phrase role {r:?}")),
    };
    match dest.split_once(':') {
        Some(("phrase", r)) => Ok(Inline::Phrase { id: String::new(), role: role(r)?, text }),
        Some(("sign", "healthy")) => Ok(Inline::Sign { kind: SignKind::Healthy, text }),
        Some(("sign", "unhealthy")) => Ok(Inline::Sign { kind: SignKind::Unhealthy, text }),
        _ => Err(format!("link {dest:?} is not allowed: guidance links nowhere")),
    }
}

fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text: prev }), Inline::Text { text }) => prev.push_str(&text),
            (_, inline) => out.push(inline),
        }
    }
    out
}

/// Gives every phrase its id (`<guide>.<n>`, in document order) and lists them.
fn number_phrases(guide: &str, sections: &mut [Section]) -> Result<Vec<Phrase>, String> {
    let mut phrases = Vec::new();
    for section in sections.iter_mut() {
        let (sid, stitle) = (section.id.clone(), section.title.clone());
        for_each_inline_mut(&mut section.blocks, &mut |inline| {
            if let Inline::Phrase { id, role, text } = inline {
                *id = format!("{guide}.{}", phrases.len() + 1);
                phrases.push(Phrase {
                    id: id.clone(),
                    section: sid.clone(),
                    section_title: stitle.clone(),
                    role: *role,
                    text: unquote(text),
                });
            }
        });
    }
    if phrases.iter().any(|p| p.text.is_empty()) {
        return Err("an empty phrase".into());
    }
    Ok(phrases)
}

fn unquote(text: &str) -> String {
    text.trim().trim_start_matches(['“', '"', '„', '‘', '\'']).trim_end_matches(['”', '"', '’', '\'']).trim().to_string()
}

/// In a tips section every list item is a tip: a bold lead (its title), then the body.
fn collect_tips(sections: &[Section]) -> Result<Vec<Tip>, String> {
    let mut tips = Vec::new();
    for section in sections.iter().filter(|s| s.kind != SectionKind::Text) {
        for block in &section.blocks {
            let Block::List { items, .. } = block else { continue };
            for item in items {
                let Some((Inline::Strong { children }, body)) = item.split_first() else {
                    return Err(format!("tip in {:?} does not start with a **bold lead**", section.id));
                };
                let mut body = body.to_vec();
                if let Some(Inline::Text { text }) = body.first_mut() {
                    *text = text.trim_start().to_string();
                }
                tips.push(Tip {
                    id: format!("{}.{}", section.id, tips.len() + 1),
                    section: section.id.clone(),
                    audience: section.kind,
                    title: super::plain_text(children),
                    body,
                });
            }
        }
    }
    Ok(tips)
}

fn collect_signs(sections: &[Section]) -> Vec<Sign> {
    let mut signs = Vec::new();
    for section in sections {
        let mut blocks = section.blocks.clone();
        for_each_inline_mut(&mut blocks, &mut |inline| {
            if let Inline::Sign { kind, text } = inline {
                signs.push(Sign { section: section.id.clone(), kind: *kind, text: text.clone() });
            }
        });
    }
    signs
}

fn for_each_inline_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    fn walk(inlines: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
        for inline in inlines {
            f(inline);
            if let Inline::Strong { children } | Inline::Emphasis { children } = inline {
                walk(children, f);
            }
        }
    }
    for block in blocks {
        match block {
            Block::Paragraph { inlines } => walk(inlines, f),
            Block::List { items, .. } => items.iter_mut().for_each(|i| walk(i, f)),
            Block::Quote { blocks } => for_each_inline_mut(blocks, f),
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "+++\nguide = \"t\"\nlang = \"nl\"\ntitle = \"T\"\n+++\n";

    fn parse(body: &str) -> Result<Guide, String> {
        guide(&format!("{HEAD}{body}"))
    }

    #[test]
    fn sections_blocks_and_marks() {
        let g = parse(
            "# Titel {#intro}\n\nEen *zin* met [“Zeg dit.”](phrase:say) en [dit teken](sign:unhealthy).\n\n\
             ## Tips {#tips .tips-you}\n\n- **Doe dit.** Omdat het helpt.\n- **En dit.** Ook.\n",
        )
        .unwrap();
        assert_eq!(g.sections.len(), 2);
        assert_eq!(g.sections[0].title, "Titel");
        assert_eq!(g.sections[1].kind, SectionKind::TipsYou);
        assert_eq!(g.phrases.len(), 1);
        assert_eq!(g.phrases[0].id, "t.1");
        assert_eq!(g.phrases[0].text, "Zeg dit.");
        assert_eq!(g.signs[0].kind, SignKind::Unhealthy);
        assert_eq!(g.tips.len(), 2);
        assert_eq!(g.tips[0].title, "Doe dit.");
        assert_eq!(super::super::plain_text(&g.tips[0].body), "Omdat het helpt.");
    }

    #[test]
    fn raw_html_stays_text() {
        let g = parse("# T {#intro}\n\nHallo <script>alert(1)</script> daar.\n").unwrap();
        let Block::Paragraph { inlines } = &g.sections[0].blocks[0] else { panic!() };
        assert_eq!(super::super::plain_text(inlines), "Hallo <script>alert(1)</script> daar.");
        assert!(inlines.iter().all(|i| matches!(i, Inline::Text { .. })));
    }

    #[test]
    fn html_block_stays_text() {
        let g = parse("# T {#intro}\n\n<div onclick=\"x()\">\n\nnormaal\n").unwrap_or_else(|e| panic!("{e}"));
        let Block::Paragraph { inlines } = &g.sections[0].blocks[0] else { panic!() };
        assert_eq!(inlines, &vec![Inline::Text { text: "<div onclick=\"x()\">".into() }]);
    }

    #[test]
    fn refuses_what_the_reader_cannot_show_faithfully() {
        for (body, why) in [
            ("# T {#intro}\n\n[x](https://example.com)\n", "external link"),
            ("# T {#intro}\n\n![x](a.png)\n", "image"),
            ("# T\n\ntext\n", "heading without id"),
            ("# T {#intro}\n\n### Deep {#deep}\n", "deep heading"),
            ("# T {#intro}\n\n## Again {#intro}\n", "duplicate id"),
            ("Tekst zonder kop.\n", "text before heading"),
            ("# T {#intro .weird}\n", "unknown class"),
            ("# T {#intro}\n\n[“x”](phrase:shout)\n", "unknown role"),
            ("# T {#t .tips-you}\n\n- geen vet begin\n", "tip without bold lead"),
        ] {
            assert!(parse(body).is_err(), "{why} should be refused");
        }
    }

    #[test]
    fn front_matter_is_required_and_checked() {
        assert!(guide("# T {#intro}\n").is_err());
        assert!(guide("+++\nguide = \"t\"\nlang = \"fr\"\ntitle = \"T\"\n+++\n# T {#intro}\n").is_err());
        assert!(guide("+++\nguide = \"T x\"\nlang = \"nl\"\ntitle = \"T\"\n+++\n# T {#intro}\n").is_err());
        assert!(guide("+++\nguide = \"t\"\nlang = \"nl\"\ntitle = \"T\"\nextra = 1\n+++\n# T {#intro}\n").is_err());
    }
}
