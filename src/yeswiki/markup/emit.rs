//! Writing blocks as coopwiki Markdown.
//!
//! Two readers see this text: comrak when the page is shown, and this converter itself when it
//! is imported again. So every literal character either language would take for syntax is
//! escaped: `*`, `[`, `` ` ``, `<`, `|` and `\` always; `//`, `~~`, `@@`, `##`, `%%`, `""` and
//! `---` (YesWiki's toggles) when doubled; `#`, `>`, `-`, `+`, `=` and `1.` at the start of a
//! line; a CamelCase word YesWiki would link, when it must stay a word, by writing its first
//! letter as a character reference. Emphasis is written as toggles (`**` on, `**` off) without
//! requiring nesting, which is how both YesWiki and this converter read it back.

use super::ir::{Atom, Block, Item, Piece, Style};
use super::scan::{MAX_TICKS, entity_len, is_wikiword, is_word};

#[derive(Debug, Clone, Copy)]
pub(super) struct Flags {
    /// Whether CamelCase words are links when read back (YesWiki's `disable_wiki_links` off).
    pub wiki_links: bool,
}

/// Where escaped text goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The content of a line: line-start rules apply at its first character.
    Line,
    /// A line of a list item: also `a)` at its start, which YesWiki reads as an item when
    /// indented.
    Item,
    /// A table cell.
    Cell,
    /// A link text, image description or wiki link label: read back as plain text.
    Label,
}

pub(super) fn document(blocks: &[Block], flags: Flags) -> String {
    let mut out = String::new();
    for block in blocks {
        let text = block_text(block, flags);
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&text);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn block_text(block: &Block, flags: Flags) -> String {
    match block {
        Block::Para(pieces) => lines(pieces, Place::Line, flags).join("\\\n"),
        Block::Heading(level, pieces) => {
            let text = single_line(pieces, Place::Line, flags);
            if text.is_empty() {
                return String::new();
            }
            format!("{} {text}", "#".repeat(usize::from((*level).clamp(1, 6))))
        }
        Block::Hr => "----".to_owned(),
        Block::Quote(pieces) => lines(pieces, Place::Line, flags)
            .iter()
            // An empty line inside is followed by the break's `\`: `> \` stays a quote line.
            .map(|line| format!("> {line}"))
            .collect::<Vec<_>>()
            .join("\\\n"),
        Block::List(items) => list(items, flags),
        Block::Code { lang, text } => fence(lang, text),
        Block::Table(rows) => table(rows, flags),
    }
}

fn list(items: &[Item], flags: Flags) -> String {
    // Per depth: the column where the content of the latest item at that depth starts, and
    // the numbering of the list at that depth.
    let mut columns: Vec<usize> = Vec::new();
    let mut numbers: Vec<(bool, usize)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item_lines = lines(&item.pieces, Place::Item, flags);
        let depth = item.depth.min(columns.len());
        columns.truncate(depth);
        numbers.truncate(depth + 1);
        let indent = columns.last().copied().unwrap_or(0);
        let number = match numbers.get(depth) {
            Some(&(ordered, n)) if ordered == item.ordered => n + 1,
            _ => 1,
        };
        numbers.truncate(depth);
        numbers.push((item.ordered, number));
        let marker = if item.ordered {
            format!("{number}.")
        } else {
            "-".to_owned()
        };
        let column = indent + marker.len() + 1;
        columns.push(column);
        let mut text = format!("{}{marker}", " ".repeat(indent));
        for (i, line) in item_lines.iter().enumerate() {
            if i == 0 {
                if !line.is_empty() {
                    text.push(' ');
                    text.push_str(line);
                }
            } else {
                text.push_str("\\\n");
                text.push_str(&" ".repeat(column));
                text.push_str(line);
            }
        }
        out.push(text);
    }
    out.join("\n")
}

fn fence(lang: &str, text: &str) -> String {
    let longest = longest_run(text, '`');
    let ticks = "`".repeat((longest + 1).clamp(3, MAX_TICKS));
    let text = if longest >= MAX_TICKS {
        // No fence can hold this run; shorten it (a pathological input only).
        shorten_runs(text, '`', MAX_TICKS - 1)
    } else {
        text.to_owned()
    };
    if text.is_empty() {
        format!("{ticks}{lang}\n{ticks}")
    } else {
        format!("{ticks}{lang}\n{text}\n{ticks}")
    }
}

fn table(rows: &[Vec<Vec<Piece>>], flags: Flags) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return String::new();
    }
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row
            .iter()
            .map(|cell| single_line(cell, Place::Cell, flags))
            .collect();
        cells.resize(columns, String::new());
        out.push(format!("| {} |", cells.join(" | ")));
        if i == 0 {
            out.push(format!("| {} |", vec!["---"; columns].join(" | ")));
        }
    }
    out.join("\n")
}

/// Inline content on one line: line breaks become spaces.
fn single_line(pieces: &[Piece], place: Place, flags: Flags) -> String {
    let pieces: Vec<Piece> = pieces
        .iter()
        .map(|(style, atom)| match atom {
            Atom::Break => (*style, Atom::Text(" ".to_owned())),
            other => (*style, other.clone()),
        })
        .collect();
    lines(&pieces, place, flags).join(" ")
}

/// The escaped text of each line of inline content; the caller joins them with hard breaks.
/// Empty lines at either end are dropped (a break there has no meaning).
fn lines(pieces: &[Piece], place: Place, flags: Flags) -> Vec<String> {
    let pieces = normalise(pieces);
    let mut out = Vec::new();
    let mut line = Segs::default();
    let mut open: Vec<Style> = Vec::new();
    for (style, atom) in &pieces {
        match atom {
            Atom::Break => {
                close(&mut line, &mut open, Style::NONE);
                out.push(line.finish(place, flags));
                line = Segs::default();
            }
            Atom::Text(text) if text.chars().all(char::is_whitespace) => {
                close_nested(&mut line, &mut open, *style);
                line.lit(text);
            }
            _ => {
                close(&mut line, &mut open, *style);
                for bit in [Style::STRIKE, Style::BOLD, Style::ITALIC] {
                    if style.has(bit) && !open.contains(&bit) {
                        line.syn(delimiter(bit));
                        open.push(bit);
                    }
                }
                atom_text(&mut line, atom, place);
            }
        }
    }
    close(&mut line, &mut open, Style::NONE);
    out.push(line.finish(place, flags));
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let leading = out.iter().take_while(|l| l.is_empty()).count();
    out.drain(..leading);
    out
}

fn delimiter(bit: Style) -> &'static str {
    if bit == Style::BOLD {
        "**"
    } else if bit == Style::ITALIC {
        "*"
    } else {
        "~~"
    }
}

/// Closes the open styles that `keep` does not have and every style opened after them, as
/// Markdown nesting wants (`**a *b*** *c*`). Only before whitespace: the styles still wanted
/// reopen after it, so no run like `****` (which would read back as two bold toggles) forms.
fn close_nested(line: &mut Segs, open: &mut Vec<Style>, keep: Style) {
    if let Some(first) = open.iter().position(|s| !keep.has(*s)) {
        while open.len() > first {
            if let Some(style) = open.pop() {
                line.syn(delimiter(style));
            }
        }
    }
}

/// Closes the open styles that `keep` does not have, latest first, leaving the others open:
/// toggles, as YesWiki and this converter read them back.
fn close(line: &mut Segs, open: &mut Vec<Style>, keep: Style) {
    let mut i = open.len();
    while i > 0 {
        i -= 1;
        if !keep.has(open[i]) {
            line.syn(delimiter(open[i]));
            open.remove(i);
        }
    }
}

/// Monospace text becomes code spans, neighbours of the same style merge, and whitespace at
/// the edge of a styled run moves outside it (`** a **` is not emphasis in Markdown).
fn normalise(pieces: &[Piece]) -> Vec<Piece> {
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for (style, atom) in pieces {
        let (style, atom) = match atom {
            Atom::Text(text) if style.has(Style::MONO) && !text.trim().is_empty() => {
                // Whitespace around monospace text stays outside the code span.
                let lead = &text[..text.len() - text.trim_start().len()];
                let trail = &text[text.trim_end().len()..];
                let base = style.without(Style::MONO);
                if !lead.is_empty() {
                    push_merged(&mut merged, base, Atom::Text(lead.to_owned()));
                }
                push_merged(&mut merged, base, Atom::Code(text.trim().to_owned()));
                if !trail.is_empty() {
                    push_merged(&mut merged, base, Atom::Text(trail.to_owned()));
                }
                continue;
            }
            // Nothing written: it must not keep its neighbours apart (two code spans side by
            // side would read back as one).
            Atom::Text(text) if text.is_empty() => continue,
            Atom::Code(code) if code.trim().is_empty() => continue,
            Atom::Text(text) => (style.without(Style::MONO), Atom::Text(text.clone())),
            other => (style.without(Style::MONO), other.clone()),
        };
        push_merged(&mut merged, style, atom);
    }
    // Whitespace at a change of style takes the styles both sides share.
    let mut out: Vec<Piece> = Vec::with_capacity(merged.len());
    let n = merged.len();
    for i in 0..n {
        let (style, atom) = &merged[i];
        let Atom::Text(text) = atom else {
            out.push((*style, atom.clone()));
            continue;
        };
        let side = |j: Option<usize>| match j.and_then(|j| merged.get(j)) {
            Some((s, a)) if *a != Atom::Break => *s,
            _ => Style::NONE,
        };
        let before = side(i.checked_sub(1));
        let after = side(Some(i + 1));
        let trimmed_start = text.trim_start();
        let lead = &text[..text.len() - trimmed_start.len()];
        let body = trimmed_start.trim_end();
        let trail = &trimmed_start[body.len()..];
        if body.is_empty() {
            out.push((style.intersect(before).intersect(after), atom.clone()));
            continue;
        }
        if !lead.is_empty() {
            out.push((style.intersect(before), Atom::Text(lead.to_owned())));
        }
        out.push((*style, Atom::Text(body.to_owned())));
        if !trail.is_empty() {
            out.push((style.intersect(after), Atom::Text(trail.to_owned())));
        }
    }
    out
}

fn push_merged(out: &mut Vec<Piece>, style: Style, atom: Atom) {
    if let Some((last_style, last)) = out.last_mut()
        && *last_style == style
    {
        match (last, &atom) {
            (Atom::Text(a), Atom::Text(b)) => {
                a.push_str(b);
                return;
            }
            (Atom::Code(a), Atom::Code(b)) => {
                a.push_str(b);
                return;
            }
            _ => {}
        }
    }
    out.push((style, atom));
}

fn atom_text(line: &mut Segs, atom: &Atom, place: Place) {
    let cell = place == Place::Cell;
    match atom {
        Atom::Text(text) => line.lit(text),
        Atom::Verbatim(text) => line.syn(text),
        Atom::Code(code) => line.syn(&code_span(code, cell)),
        Atom::Break => {}
        Atom::WikiLink {
            target,
            label,
            embed,
        } => line.syn(&wiki_link(target, label.as_deref(), *embed, cell)),
        Atom::Link { url, label } => {
            let label = if label.trim().is_empty() { url } else { label };
            line.syn(&format!("[{}]({})", label_text(label), destination(url)));
        }
        Atom::Image { alt, url, title } => line.syn(&image(alt, url, title)),
        Atom::LinkedImage {
            alt,
            src,
            title,
            href,
        } => line.syn(&format!(
            "[{}]({})",
            image(alt, src, title),
            destination(href)
        )),
        Atom::Autolink(url) => line.syn(&format!("<{url}>")),
    }
}

/// Longest label comrak reads as a wiki link label (its limit is 1000 bytes).
const MAX_WIKI_LABEL: usize = 900;

fn wiki_link(target: &str, label: Option<&str>, embed: bool, cell: bool) -> String {
    let bang = if embed { "!" } else { "" };
    let label = label
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != target);
    match label {
        None => format!("{bang}[[{target}]]"),
        Some(label) if label.len() <= MAX_WIKI_LABEL => {
            let pipe = if cell { "\\|" } else { "|" };
            format!("{bang}[[{target}{pipe}{}]]", label_text(label))
        }
        Some(label) => format!(
            "[{}]({})",
            label_text(label),
            destination(&format!("/{target}"))
        ),
    }
}

fn image(alt: &str, url: &str, title: &str) -> String {
    let mut out = format!("![{}]({}", label_text(alt), destination(url));
    if !title.is_empty() {
        out.push_str(" \"");
        for c in title.chars() {
            if matches!(c, '"' | '\\') {
                out.push('\\');
            }
            out.push(if c == '\n' { ' ' } else { c });
        }
        out.push('"');
    }
    out.push(')');
    out
}

/// A link destination that reads back whole: what would end it or be taken for an escape is
/// percent-encoded.
pub(super) fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '"' => out.push_str("%22"),
            '\\' => out.push_str("%5C"),
            '|' => out.push_str("%7C"),
            '`' => out.push_str("%60"),
            c if c.is_control() || c.is_whitespace() => {
                let mut buf = [0u8; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn label_text(label: &str) -> String {
    let chars: Vec<(char, bool)> = label
        .chars()
        .map(|c| (if c == '\n' { ' ' } else { c }, true))
        .collect();
    escape(&chars, Place::Label, false)
}

/// A code span whose content reads back exactly: a fence longer than any run of backticks
/// inside, and a space on each side when the content starts or ends with a backtick.
fn code_span(code: &str, cell: bool) -> String {
    let code = code.replace('\n', " ");
    let code = code.trim();
    if code.is_empty() {
        return String::new();
    }
    let longest = longest_run(code, '`');
    let code = if longest >= MAX_TICKS {
        shorten_runs(code, '`', MAX_TICKS - 1)
    } else {
        code.to_owned()
    };
    let ticks = "`".repeat(longest.min(MAX_TICKS - 1) + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    let code = if cell { code.replace('|', "\\|") } else { code };
    format!("{ticks}{pad}{code}{pad}{ticks}")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for x in text.chars() {
        if x == c {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

fn shorten_runs(text: &str, c: char, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut current = 0;
    for x in text.chars() {
        if x == c {
            current += 1;
            if current > max {
                continue;
            }
        } else {
            current = 0;
        }
        out.push(x);
    }
    out
}

/// A line being written: literal text (escaped at the end, knowing its neighbours) and syntax.
#[derive(Default)]
struct Segs {
    chars: Vec<(char, bool)>,
}

impl Segs {
    fn lit(&mut self, text: &str) {
        // A line of text holds no line break of its own (breaks are atoms).
        self.chars.extend(
            text.chars()
                .map(|c| (if c == '\n' { ' ' } else { c }, true)),
        );
    }

    fn syn(&mut self, text: &str) {
        self.chars.extend(text.chars().map(|c| (c, false)));
    }

    fn finish(mut self, place: Place, flags: Flags) -> String {
        // Lines never start or end with blanks: leading ones would indent (a code block),
        // trailing ones would break the line.
        let lead = self
            .chars
            .iter()
            .take_while(|(c, lit)| *lit && c.is_whitespace())
            .count();
        self.chars.drain(..lead);
        while self
            .chars
            .last()
            .is_some_and(|(c, lit)| *lit && c.is_whitespace())
        {
            self.chars.pop();
        }
        escape(&self.chars, place, flags.wiki_links)
    }
}

/// Escapes the literal characters of a line (see the module comment). `chars` holds the
/// whole line, syntax included, so doubling is judged on what will actually be written.
fn escape(chars: &[(char, bool)], place: Place, protect_wikiwords: bool) -> String {
    let n = chars.len();
    let raw = |k: usize| chars.get(k).map(|&(c, _)| c);
    // Runs of `-` (YesWiki reads three as a line break, four as a rule).
    let mut dash_run = vec![0usize; n];
    let mut k = 0;
    while k < n {
        if chars[k].0 == '-' {
            let start = k;
            while k < n && chars[k].0 == '-' {
                k += 1;
            }
            for slot in &mut dash_run[start..k] {
                *slot = k - start;
            }
        } else {
            k += 1;
        }
    }
    let line_rules = matches!(place, Place::Line | Place::Item);
    let label = place == Place::Label;
    // CamelCase words that must not read back as links: their first letter is written as a
    // character reference. Decided first, since the rules below see that reference, not the
    // letter.
    let mut protected = vec![false; n];
    if protect_wikiwords && !label {
        for k in 0..n {
            let (c, lit) = chars[k];
            if lit
                && c.is_ascii_uppercase()
                && k.checked_sub(1).and_then(raw).is_none_or(|p| !is_word(p))
            {
                let run: String = chars[k..]
                    .iter()
                    .map(|&(c, _)| c)
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                protected[k] = is_wikiword(&run);
            }
        }
    }
    // `1.` at the start of a line would start a list (and, indented, so would `a)`): escape
    // its `.` or `)`.
    let mut ordinal_mark = None;
    if line_rules {
        // Literal and written as itself (not as a character reference).
        let plain = |k: usize| chars[k].1 && !protected[k];
        let digits = (0..n)
            .take_while(|&k| plain(k) && chars[k].0.is_ascii_digit())
            .count();
        let alnum = (0..n)
            .take_while(|&k| plain(k) && chars[k].0.is_alphanumeric())
            .count();
        if digits > 0
            && matches!(raw(digits), Some('.' | ')'))
            && raw(digits + 1).is_none_or(|c| c == ' ' || c == '\t')
        {
            ordinal_mark = Some(digits);
        } else if place == Place::Item && alnum > 0 && raw(alnum) == Some(')') {
            ordinal_mark = Some(alnum);
        }
    }
    let mut out = String::with_capacity(n + n / 4);
    let bytes: Vec<u8> = chars
        .iter()
        .map(|&(c, _)| if c.is_ascii() { c as u8 } else { 0 })
        .collect();
    for k in 0..n {
        let (c, lit) = chars[k];
        if !lit {
            out.push(c);
            continue;
        }
        let prev = k.checked_sub(1).and_then(raw);
        let next = raw(k + 1);
        let line_start = line_rules && k == 0;
        let doubled = prev == Some(c) || next == Some(c);
        let blank_after = next.is_none_or(|c| c == ' ' || c == '\t');
        let escape = match c {
            '\\' | '*' | '`' | '[' | ']' | '<' | '|' => true,
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            // In a label only what Markdown reads there matters (strikethrough).
            '~' => doubled,
            '/' | '@' | '%' | '"' => doubled && !label,
            '#' => !label && (doubled || line_start || next.is_none()),
            // Indented, YesWiki takes any `-` for a bullet, space or not.
            '-' => {
                !label
                    && (dash_run[k] >= 3 || (line_start && (blank_after || place == Place::Item)))
            }
            '+' => line_start && blank_after,
            '=' | '>' => line_start,
            // `{{`, `{#`, and `{…}` right after a link (YesWiki's link attributes).
            '{' => !label && (matches!(next, Some('{' | '#')) || prev == Some(')')),
            '!' => next == Some('['),
            // (A protected letter after it is written `&#…;`: no reference follows then.)
            '&' => {
                !protected.get(k + 1).copied().unwrap_or(false) && entity_len(&bytes[k..]).is_some()
            }
            '.' | ')' => ordinal_mark == Some(k),
            _ => false,
        };
        if c == '£' && doubled && !label {
            out.push_str("&#163;");
            continue;
        }
        if protected[k] {
            out.push_str(&format!("&#{};", u32::from(c)));
            continue;
        }
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
