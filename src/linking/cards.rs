//! How a method card is cut into printed sides. A card side is a fixed piece of paper (A6, or
//! a quarter of an A4 sheet), and no browser flows text from one fixed box into another: a
//! step list longer than one side was simply cut. So the sides are decided here, before any
//! HTML, from the text's length: the front (title, hook, summary, facts, QR code), then as
//! many back sides as the steps need, a step too long for what is left of a side continuing
//! on the next one, then a notes side when that makes the count odd, so that every card has
//! whole sheets of paper printed on both sides.
//!
//! The lengths below are those of `assets/card.css`, with a text width measured on DejaVu
//! Sans, the widest of the common sans-serif fonts: a narrower font leaves some space free,
//! never cuts. `tests/it/print_browser.rs` prints the whole starter catalogue to check it.

use crate::kind::{Brief, Step};

/// The paper a set of cards is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// One card side per A6 page.
    #[default]
    A6,
    /// Four card sides per A4 page: the fronts of four pieces, then their backs, mirrored,
    /// so that a sheet printed on both sides (long-edge flip) cuts into four cards.
    A4,
}

impl Paper {
    /// `?paper=a4`; anything else is A6.
    pub fn from_query(query: &str) -> Paper {
        let four = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .unwrap_or_default()
            .into_iter()
            .any(|(key, value)| key == "paper" && value == "a4");
        if four { Paper::A4 } else { Paper::A6 }
    }

    pub fn code(self) -> &'static str {
        match self {
            Paper::A6 => "a6",
            Paper::A4 => "a4",
        }
    }
}

/// `path` with the request's `query`, asking for `paper` instead of the paper it asked for.
pub fn paper_href(path: &str, query: &str, paper: Paper) -> String {
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    pairs.retain(|(key, _)| key != "paper");
    if paper == Paper::A4 {
        pairs.push(("paper".to_owned(), paper.code().to_owned()));
    }
    match serde_urlencoded::to_string(pairs) {
        Ok(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_owned(),
    }
}

/// One printed side of a card.
#[derive(Debug, Clone, PartialEq)]
pub enum Side<'b> {
    /// Title, hook, summary (as much of it as fits: the rest opens the next side), facts and
    /// QR code.
    Front { summary: &'b str },
    /// Steps; `continued` after the first back side.
    Back {
        continued: bool,
        parts: Vec<Part<'b>>,
    },
    /// The side that makes the count even.
    Notes,
}

/// A piece of the text flowing over the back sides.
#[derive(Debug, Clone, PartialEq)]
pub enum Part<'b> {
    /// The end of a summary too long for the front.
    Summary(&'b str),
    /// Step `number` (from 1), or the part of its text on this side; `continued` when the
    /// step began on the side before.
    Step {
        number: usize,
        step: &'b Step,
        text: &'b str,
        continued: bool,
    },
}

/// A side's content box: 105 × 148 mm less 6 mm of padding all round.
const SIDE_WIDTH: f32 = 93.0;
const SIDE_HEIGHT: f32 = 136.0;
/// Characters of body text (9.5 pt) per millimetre of line, on DejaVu Sans with some margin.
const CHARS_PER_MM: f32 = 0.48;
/// A line of body text: 9.5 pt × 1.3.
const LINE: f32 = 4.4;
/// The space under a paragraph, a step, a heading (`card.css`: 2 mm, 1.5 mm).
const GAP: f32 = 2.0;
const STEP_GAP: f32 = 1.5;
/// The card's title (15 pt × 1.2) and its characters per millimetre.
const TITLE_LINE: f32 = 6.4;
const TITLE_CHARS_PER_MM: f32 = 0.3;
/// The small lines: the card's name over a back side and the source under it (7.5 pt).
const SMALL_LINE: f32 = 3.5;
const SMALL_CHARS_PER_MM: f32 = 0.6;
/// "Steps" (12 pt × 1.25).
const HEADING: f32 = 5.3;
/// The QR code (25 mm), its caption (6 pt lines, 30 mm wide) and the facts beside it.
const QR: f32 = 26.0;
const CAPTION_LINE: f32 = 2.6;
const CAPTION_CHARS: usize = 22;
const FACTS_WIDTH: f32 = 58.0;
/// Bold text is wider.
const BOLD: f32 = 0.9;

fn chars(width: f32, per_mm: f32) -> usize {
    // Both factors are small positive constants: the product is a few dozen.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = (width * per_mm) as usize;
    n.max(1)
}

/// Lines `text` takes when wrapped at `width` characters, word by word (a word longer than a
/// line breaks anywhere, as `overflow-wrap: anywhere` does).
fn lines(text: &str, width: usize) -> usize {
    let mut lines = 0;
    let mut used = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if used > 0 && used + 1 + n <= width {
            used += 1 + n;
        } else {
            lines += 1;
            used = n;
            while used > width {
                lines += 1;
                used -= width;
            }
        }
    }
    lines
}

/// Height of `n` lines.
#[allow(clippy::cast_precision_loss)]
fn tall(n: usize, line: f32) -> f32 {
    n as f32 * line
}

/// Whole lines of `line` height in `room`.
fn lines_in(room: f32, line: f32) -> usize {
    if room <= 0.0 {
        return 0;
    }
    // A positive height over a line is a small count.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = (room / line).floor() as usize;
    n
}

/// How much of `text` fits on `max` lines of `width` characters: the byte length of that
/// prefix, cut between words (0 when not even one word fits).
fn fitting(text: &str, width: usize, max: usize) -> usize {
    let mut end = 0;
    for (start, word) in word_spans(text) {
        let candidate = start + word.len();
        if lines(&text[..candidate], width) > max {
            break;
        }
        end = candidate;
    }
    end
}

fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

/// The height of a step's title line, with its duration ("(5 min)"), bold.
fn step_head(step: &Step, width: usize) -> f32 {
    let minutes = step
        .minutes
        .map(|m| format!(" ({m} min)"))
        .unwrap_or_default();
    tall(
        lines(&format!("{}{minutes}", step.title), width).max(1),
        LINE,
    )
}

/// The sides of the card of `name`, whose QR caption is `url`.
pub fn sides<'b>(name: &str, url: &str, brief: &'b Brief) -> Vec<Side<'b>> {
    let body = chars(SIDE_WIDTH, CHARS_PER_MM);
    let caption = tall(url.chars().count().div_ceil(CAPTION_CHARS), CAPTION_LINE);
    let facts_width = chars(FACTS_WIDTH, CHARS_PER_MM);
    let facts: f32 = brief
        .facts
        .iter()
        .map(|(label, value)| tall(lines(&format!("{label}: {value}"), facts_width), LINE))
        .sum();
    let mut front = tall(
        lines(name, chars(SIDE_WIDTH, TITLE_CHARS_PER_MM)),
        TITLE_LINE,
    ) + GAP
        + (QR + caption).max(facts);
    if !brief.hook.is_empty() {
        front += tall(lines(&brief.hook, body), LINE) + GAP;
    }
    let summary_room = lines_in(SIDE_HEIGHT - front - GAP, LINE);
    let cut = if lines(&brief.summary, body) <= summary_room {
        brief.summary.len()
    } else {
        fitting(&brief.summary, body, summary_room)
    };
    let mut sides = vec![Side::Front {
        summary: &brief.summary[..cut],
    }];
    let rest = brief.summary[cut..].trim_start();

    let name_lines = tall(
        lines(name, chars(SIDE_WIDTH, SMALL_CHARS_PER_MM)),
        SMALL_LINE,
    );
    let room = SIDE_HEIGHT - (name_lines + GAP) - (HEADING + GAP) - (SMALL_LINE + GAP);
    let mut flow = Flow {
        room,
        used: 0.0,
        parts: Vec::new(),
        sides: Vec::new(),
    };
    if !rest.is_empty() {
        flow.text(0.0, rest, body, |text, _| Part::Summary(text));
    }
    let step_width = chars(SIDE_WIDTH - 5.0, CHARS_PER_MM);
    let bold_width = chars((SIDE_WIDTH - 5.0) * BOLD, CHARS_PER_MM);
    for (i, step) in brief.steps.iter().enumerate() {
        let head = step_head(step, bold_width);
        flow.text(head, &step.text, step_width, |text, continued| Part::Step {
            number: i + 1,
            step,
            text,
            continued,
        });
    }
    flow.finish();
    let backs = flow.sides.len().max(1);
    sides.extend(flow.sides);
    if sides.len() == 1 {
        sides.push(Side::Back {
            continued: false,
            parts: Vec::new(),
        });
    }
    if !(1 + backs).is_multiple_of(2) {
        sides.push(Side::Notes);
    }
    sides
}

/// The back sides being filled.
struct Flow<'b> {
    room: f32,
    used: f32,
    parts: Vec<Part<'b>>,
    sides: Vec<Side<'b>>,
}

impl<'b> Flow<'b> {
    fn next_side(&mut self) {
        let continued = !self.sides.is_empty();
        self.sides.push(Side::Back {
            continued,
            parts: std::mem::take(&mut self.parts),
        });
        self.used = 0.0;
    }

    /// Adds a text under a head `head` mm high, cut between words over as many sides as it
    /// needs; `part` makes a part of a piece of it (and whether it continues one).
    fn text(
        &mut self,
        head: f32,
        text: &'b str,
        width: usize,
        part: impl Fn(&'b str, bool) -> Part<'b>,
    ) {
        let mut text = text;
        let mut continued = false;
        loop {
            let needed = head + tall(lines(text, width), LINE) + STEP_GAP;
            if self.used + needed <= self.room {
                self.parts.push(part(text, continued));
                self.used += needed;
                return;
            }
            let room = lines_in(self.room - self.used - head - STEP_GAP, LINE);
            let cut = if room >= 2 {
                fitting(text, width, room)
            } else {
                0
            };
            if cut > 0 {
                self.parts.push(part(&text[..cut], continued));
                text = text[cut..].trim_start();
                continued = true;
            } else if self.parts.is_empty() {
                // Nothing fits even on an empty side (a huge title): it goes there anyway, and
                // the browser cuts it rather than this loop running forever.
                self.parts.push(part(text, continued));
                self.next_side();
                return;
            }
            self.next_side();
        }
    }

    fn finish(&mut self) {
        if !self.parts.is_empty() {
            self.next_side();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(summary: &str, steps: Vec<Step>) -> Brief {
        Brief {
            hook: "A hook.".into(),
            summary: summary.into(),
            facts: vec![("Group size".into(), "5–30 people".into())],
            steps,
            content_lang: "en".into(),
        }
    }

    fn step(title: &str, words: usize) -> Step {
        Step {
            title: title.into(),
            text: vec!["word"; words].join(" "),
            minutes: Some(5),
        }
    }

    /// Every word of every step, in order, across the back sides.
    fn step_words(sides: &[Side<'_>]) -> Vec<String> {
        sides
            .iter()
            .filter_map(|side| match side {
                Side::Back { parts, .. } => Some(parts),
                _ => None,
            })
            .flatten()
            .filter_map(|part| match part {
                Part::Step { text, .. } => Some(text.split_whitespace().map(str::to_owned)),
                Part::Summary(_) => None,
            })
            .flatten()
            .collect()
    }

    #[test]
    fn a_short_card_has_a_front_and_a_back() {
        let brief = brief("Short.", vec![step("One", 10), step("Two", 10)]);
        let sides = sides("FishBowl", "http://localhost/FishBowl?rev=1", &brief);
        assert_eq!(sides.len(), 2, "{sides:?}");
        assert_eq!(sides[0], Side::Front { summary: "Short." });
        assert!(matches!(&sides[1], Side::Back { continued: false, parts } if parts.len() == 2));
    }

    #[test]
    fn long_steps_continue_on_more_sides_and_the_count_stays_even() {
        let steps: Vec<Step> = (0..12).map(|i| step(&format!("Step {i}"), 40)).collect();
        let brief = brief("Short.", steps);
        let sides = sides("Long", "http://localhost/Long?rev=1", &brief);
        assert!(
            sides.len() >= 4 && sides.len().is_multiple_of(2),
            "{sides:?}"
        );
        assert_eq!(step_words(&sides).len(), 12 * 40, "no word lost");
        let backs = sides
            .iter()
            .filter(|s| matches!(s, Side::Back { .. }))
            .count();
        assert!(backs >= 3, "{backs}");
    }

    #[test]
    fn a_step_longer_than_a_side_is_cut_between_words_and_continued() {
        let brief = brief("Short.", vec![step("Huge", 2_000)]);
        let sides = sides("Huge", "http://localhost/Huge?rev=1", &brief);
        assert_eq!(step_words(&sides).len(), 2_000);
        let Side::Back { parts, .. } = &sides[2] else {
            panic!("{sides:?}")
        };
        assert!(matches!(
            parts[0],
            Part::Step {
                continued: true,
                number: 1,
                ..
            }
        ));
    }

    #[test]
    fn a_summary_too_long_for_the_front_opens_the_back() {
        let summary = vec!["summary"; 600].join(" ");
        let brief = brief(&summary, vec![step("One", 10)]);
        let sides = sides("Wordy", "http://localhost/Wordy?rev=1", &brief);
        let Side::Front { summary: front } = &sides[0] else {
            panic!("{sides:?}")
        };
        assert!(matches!(
            &sides[1],
            Side::Back { parts, .. } if matches!(parts[0], Part::Summary(_))
        ));
        let rest: usize = sides
            .iter()
            .filter_map(|side| match side {
                Side::Back { parts, .. } => Some(parts),
                _ => None,
            })
            .flatten()
            .filter_map(|part| match part {
                Part::Summary(text) => Some(text.split_whitespace().count()),
                Part::Step { .. } => None,
            })
            .sum();
        assert_eq!(front.split_whitespace().count() + rest, 600);
        assert_eq!(step_words(&sides).len(), 10);
    }

    #[test]
    fn a_card_without_steps_still_has_a_back() {
        let brief = brief("Short.", Vec::new());
        let sides = sides("Empty", "http://localhost/Empty?rev=1", &brief);
        assert_eq!(sides.len(), 2);
    }

    #[test]
    fn the_paper_is_read_from_the_query() {
        assert_eq!(Paper::from_query("paper=a4&lang=all"), Paper::A4);
        assert_eq!(Paper::from_query("lang=all"), Paper::A6);
        assert_eq!(Paper::from_query("paper=%ZZ"), Paper::A6);
        assert_eq!(
            paper_href("/-/methods/cards", "lang=all&paper=a4", Paper::A6),
            "/-/methods/cards?lang=all"
        );
        assert_eq!(
            paper_href("/X/print", "rev=2", Paper::A4),
            "/X/print?rev=2&paper=a4"
        );
        assert_eq!(paper_href("/X/print", "", Paper::A6), "/X/print");
    }
}
