//! A letter typeset as a PDF by the app itself: A4, a serif font embedded in the binary (so the
//! result is the same on every laptop and Dutch diacritics always have glyphs), the title, the
//! recipient and date, the text with her own line breaks kept, and "page / pages" at the foot.
//!
//! krilla writes the PDF (and subsets the font, with a ToUnicode map so the text can be copied
//! and searched); rustybuzz measures words with the same shaping krilla draws with; textwrap
//! chooses the line breaks (optimal fit, Unicode line-break rules).

use krilla::color::rgb;
use krilla::geom::Point;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::{metadata::Metadata, Document};
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::{wrap_first_fit, wrap_optimal_fit, Penalties};
use textwrap::WordSeparator;

use super::After;
use crate::error::{Error, Result};

/// DejaVu Serif (Bitstream Vera licence, `fonts/DejaVu-LICENSE.txt`): free to ship, and it
/// covers Latin with every Dutch diacritic, Greek and Cyrillic.
const FONT: &[u8] = include_bytes!("fonts/DejaVuSerif.ttf");

// A4 in points, with margins a letter on paper would have.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 72.0;
const MARGIN_TOP: f32 = 72.0;
const MARGIN_BOTTOM: f32 = 78.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

const TITLE_SIZE: f32 = 19.0;
const META_SIZE: f32 = 10.0;
const BODY_SIZE: f32 = 11.5;
const FOOTER_SIZE: f32 = 9.0;
const LEADING: f32 = 1.5;

/// What goes around the text, in her language (the UI translates it).
#[derive(Clone, Debug)]
pub struct Heading<'a> {
    pub title: &'a str,
    /// "Aan Sam", or empty.
    pub to: &'a str,
    pub date: &'a str,
    /// BCP 47, for the document's metadata (screen readers pick a voice by it).
    pub language: &'a str,
}

/// The letter as PDF bytes, with what came after it (his answers, each under its heading).
pub fn letter(heading: &Heading, body: &str, after: &[After]) -> Result<Vec<u8>> {
    let font = Font::new(FONT.into(), 0).ok_or_else(|| Error::Content("embedded font unreadable".into()))?;
    let measure = Measure::new()?;
    let pages = paginate(&lines(heading, body, after, &measure));

    let mut document = Document::new();
    document.set_metadata(Metadata::new().title(clean(heading.title)).language(heading.language.to_string()).creator("Grot".into()));
    let total = pages.len();
    for (index, page_lines) in pages.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a valid size"));
        let mut surface = page.surface();
        for line in page_lines {
            surface.set_fill(Some(fill(line.style.gray())));
            let at = Point::from_xy(MARGIN_X, line.baseline);
            surface.draw_text(at, font.clone(), line.style.size(), &line.text, false, TextDirection::Auto);
        }
        let number = format!("{} / {}", index + 1, total);
        let x = (PAGE_WIDTH - measure.width(&number, FOOTER_SIZE)) / 2.0;
        surface.set_fill(Some(fill(Style::Footer.gray())));
        surface.draw_text(
            Point::from_xy(x, PAGE_HEIGHT - MARGIN_BOTTOM / 2.0),
            font.clone(),
            FOOTER_SIZE,
            &number,
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| Error::Content(format!("pdf: {e:?}")))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    Title,
    Meta,
    Body,
    Footer,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::Title => TITLE_SIZE,
            Style::Meta => META_SIZE,
            Style::Body => BODY_SIZE,
            Style::Footer => FOOTER_SIZE,
        }
    }

    fn gray(self) -> u8 {
        match self {
            Style::Title | Style::Body => 20,
            Style::Meta | Style::Footer => 100,
        }
    }

    fn line_height(self) -> f32 {
        self.size() * LEADING
    }
}

fn fill(gray: u8) -> Fill {
    Fill { paint: rgb::Color::new(gray, gray, gray).into(), opacity: NormalizedF32::ONE, ..Fill::default() }
}

/// One line as laid out, before it has a page.
#[derive(Debug, PartialEq)]
struct Line {
    text: String,
    style: Style,
    /// Extra space above it (after the heading, between paragraphs).
    space_before: f32,
}

/// A line on a page, with its baseline measured from the top.
#[derive(Debug)]
struct Placed {
    text: String,
    style: Style,
    baseline: f32,
}

fn lines(heading: &Heading, body: &str, after: &[After], measure: &Measure) -> Vec<Line> {
    let mut out = Vec::new();
    for text in wrap(&clean(heading.title), TITLE_SIZE, measure) {
        out.push(Line { text, style: Style::Title, space_before: 0.0 });
    }
    let mut space_before = META_SIZE;
    for meta in [heading.to, heading.date].into_iter().filter(|m| !m.trim().is_empty()) {
        for text in wrap(&clean(meta), META_SIZE, measure) {
            out.push(Line { text, style: Style::Meta, space_before });
            space_before = 0.0;
        }
    }
    paragraphs(&mut out, body, measure);
    for part in after {
        let mut space_before = BODY_SIZE * 3.0;
        for text in wrap(&clean(part.heading), META_SIZE, measure) {
            out.push(Line { text, style: Style::Meta, space_before });
            space_before = 0.0;
        }
        paragraphs(&mut out, part.text, measure);
    }
    out
}

/// Her line breaks are kept: each line she typed is a paragraph, an empty one a blank line.
fn paragraphs(out: &mut Vec<Line>, text: &str, measure: &Measure) {
    let mut space_before = BODY_SIZE * 2.0;
    for paragraph in text.split('\n') {
        let paragraph = clean(paragraph);
        if paragraph.trim().is_empty() {
            space_before += Style::Body.line_height();
            continue;
        }
        for text in wrap(&paragraph, BODY_SIZE, measure) {
            out.push(Line { text, style: Style::Body, space_before });
            space_before = 0.0;
        }
    }
}

/// Splits lines over pages; space before a line is dropped at the top of a page.
fn paginate(lines: &[Line]) -> Vec<Vec<Placed>> {
    let bottom = PAGE_HEIGHT - MARGIN_BOTTOM;
    let mut pages = vec![Vec::new()];
    let mut y = MARGIN_TOP;
    for line in lines {
        let height = line.style.line_height();
        let on_fresh_page = pages.last().is_some_and(Vec::is_empty);
        let mut top = if on_fresh_page { y } else { y + line.space_before };
        if top + height > bottom && !on_fresh_page {
            pages.push(Vec::new());
            top = MARGIN_TOP;
        }
        // The baseline sits where the font's ascent (about 0.8 em) plus half the leading put it.
        let baseline = top + (height - line.style.size()) / 2.0 + line.style.size() * 0.8;
        pages.last_mut().expect("there is always a page").push(Placed { text: line.text.clone(), style: line.style, baseline });
        y = top + height;
    }
    pages
}

/// Tabs become spaces and other control characters go: they have no glyph and no place on paper.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c == '\t' {
                Some(' ')
            } else if c.is_control() {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// A word with its measured width, for textwrap's line-breaking algorithms.
#[derive(Debug)]
struct Piece<'a> {
    word: &'a str,
    whitespace: &'a str,
    width: f64,
    whitespace_width: f64,
}

impl Fragment for Piece<'_> {
    fn width(&self) -> f64 {
        self.width
    }
    fn whitespace_width(&self) -> f64 {
        self.whitespace_width
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// textwrap's penalties are tuned for widths in columns, so widths go to it in half-ems, which
/// puts a line at about 80 of them. Overflowing the margin is never the better choice.
const PENALTIES: Penalties = Penalties { overflow_penalty: 1_000_000_000, ..Penalties::new() };

fn wrap(text: &str, size: f32, measure: &Measure) -> Vec<String> {
    let unit = f64::from(size) / 2.0;
    let space = f64::from(measure.width(" ", size)) / unit;
    let mut pieces = Vec::new();
    for word in WordSeparator::UnicodeBreakProperties.find_words(text) {
        let whitespace_width = space * word.whitespace.chars().count() as f64;
        // A word wider than the line (a long link, say) is cut where it reaches the margin.
        let parts = split_to_width(word.word, size, measure);
        let last = parts.len() - 1;
        for (i, part) in parts.into_iter().enumerate() {
            let width = f64::from(measure.width(part, size)) / unit;
            let (whitespace, whitespace_width) = if i == last { (word.whitespace, whitespace_width) } else { ("", 0.0) };
            pieces.push(Piece { word: part, whitespace, width, whitespace_width });
        }
    }
    let widths = [f64::from(TEXT_WIDTH) / unit];
    let lines = wrap_optimal_fit(&pieces, &widths, &PENALTIES).unwrap_or_else(|_| wrap_first_fit(&pieces, &widths));
    lines
        .iter()
        .map(|line| {
            let mut s = String::new();
            for (i, piece) in line.iter().enumerate() {
                s.push_str(piece.word);
                if i + 1 < line.len() {
                    s.push_str(piece.whitespace);
                }
            }
            s
        })
        .collect()
}

fn split_to_width<'a>(word: &'a str, size: f32, measure: &Measure) -> Vec<&'a str> {
    if word.is_empty() || measure.width(word, size) <= TEXT_WIDTH {
        return vec![word];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    let mut width = 0.0;
    for (i, c) in word.char_indices() {
        let w = measure.width(c.encode_utf8(&mut [0; 4]), size);
        if width + w > TEXT_WIDTH && i > start {
            parts.push(&word[start..i]);
            start = i;
            width = 0.0;
        }
        width += w;
    }
    parts.push(&word[start..]);
    parts
}

/// Text widths from the embedded font, shaped as krilla will draw them.
struct Measure {
    face: rustybuzz::Face<'static>,
}

impl Measure {
    fn new() -> Result<Self> {
        let face = rustybuzz::Face::from_slice(FONT, 0).ok_or_else(|| Error::Content("embedded font unreadable".into()))?;
        Ok(Measure { face })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        let units: i64 = shaped.glyph_positions().iter().map(|p| i64::from(p.x_advance)).sum();
        units as f32 / f32::from(self.face.units_per_em() as u16) * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading() -> Heading<'static> {
        Heading { title: "Voor later", to: "Aan Sam", date: "25 november 2026", language: "nl" }
    }

    #[test]
    fn makes_a_pdf_with_the_font_embedded() {
        let bytes = letter(&heading(), "Één café, naïef geëerd.", &[]).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.windows(9).any(|w| w == b"/FontFile"), "the font is embedded");
        assert!(bytes.windows(10).any(|w| w == b"/ToUnicode"), "the text can be extracted");
    }

    #[test]
    fn lines_fit_between_the_margins() {
        let measure = Measure::new().unwrap();
        let body = "Ik wil je iets vertellen wat ik al lang met me meedraag, en ik weet niet goed hoe. ".repeat(40);
        let wrapped = wrap(&body, BODY_SIZE, &measure);
        assert!(wrapped.len() > 20, "{} lines", wrapped.len());
        for line in &wrapped {
            assert!(measure.width(line, BODY_SIZE) <= TEXT_WIDTH + 0.01, "too wide: {line}");
        }
        // Nothing lost or added but the spaces at the breaks.
        let joined: String = wrapped.concat().split_whitespace().collect();
        assert_eq!(joined, body.split_whitespace().collect::<String>());
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_not_lost() {
        let measure = Measure::new().unwrap();
        let long = "https://example.org/".to_string() + &"ä".repeat(300);
        let wrapped = wrap(&long, BODY_SIZE, &measure);
        assert!(wrapped.len() > 1);
        assert_eq!(wrapped.concat(), long);
        for line in &wrapped {
            assert!(measure.width(line, BODY_SIZE) <= TEXT_WIDTH + 0.01);
        }
    }

    #[test]
    fn her_line_breaks_and_blank_lines_are_kept() {
        let measure = Measure::new().unwrap();
        let laid = lines(&heading(), "Lieve Sam,\n\nIk mis je.\nTot snel.", &[], &measure);
        let body: Vec<&Line> = laid.iter().filter(|l| l.style == Style::Body).collect();
        assert_eq!(body.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["Lieve Sam,", "Ik mis je.", "Tot snel."]);
        assert!(body[1].space_before > 0.0, "the blank line is kept as space");
        assert_eq!(body[2].space_before, 0.0);
    }

    #[test]
    fn long_letters_get_numbered_pages_within_the_margins() {
        let measure = Measure::new().unwrap();
        let body = "Een regel.\n".repeat(200);
        let pages = paginate(&lines(&heading(), &body, &[], &measure));
        assert!(pages.len() >= 4, "{} pages", pages.len());
        for page in &pages {
            assert!(!page.is_empty());
            for line in page {
                assert!(line.baseline >= MARGIN_TOP && line.baseline <= PAGE_HEIGHT - MARGIN_BOTTOM, "{}", line.baseline);
            }
        }
        let count: usize = pages.iter().map(Vec::len).sum();
        assert_eq!(count, 200 + 3, "every line placed once (title, two meta lines, 200 body)");
    }

    #[test]
    fn control_characters_are_dropped_and_tabs_become_spaces() {
        assert_eq!(clean("a\tb\u{7}c\r"), "a bc");
        // Markup is text like any other.
        assert_eq!(clean("<script>x</script>"), "<script>x</script>");
    }
}
