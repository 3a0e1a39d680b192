//! Reading YesWiki text into lines and tokens.
//!
//! The token rules are those of YesWiki's formatter (`formatters/wakka.php`): one left-to-right
//! pass where, at each position, the first construct that matches wins, so `""a %% b""` is raw
//! HTML and `%%a "" b%%` is code. Added to them is the Markdown this converter writes (escapes,
//! `<autolinks>`, `[[Page|label]]`, fenced code, GFM tables), so that its own output reads back
//! to the same text.
//!
//! Every search for a closing delimiter goes through a [`Finder`], which remembers its last
//! answer: a page full of unclosed `""` costs one scan, not one per opener.

use super::ir::Delim;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    Text(String),
    Verbatim(String),
    Toggle(Delim),
    /// A run of `=`: a title delimiter on a title line, text elsewhere.
    Equals(usize),
    /// `---`: YesWiki's forced line break.
    Break,
    /// `----` inside a line.
    Rule,
    /// `%%(lang)…%%`.
    Code {
        lang: String,
        text: String,
    },
    /// `` `…` ``.
    CodeSpan(String),
    /// `""…""`.
    Raw(String),
    /// `{{…}}`, without the braces.
    Action(String),
    /// `{#…#}`.
    Comment,
    /// `[[…]]`, without the brackets.
    DoubleBracket(String),
    /// `![[…]]`.
    Embed(String),
    MdLink {
        label: String,
        url: String,
    },
    MdImage {
        alt: String,
        url: String,
        title: String,
    },
    LinkedImage {
        alt: String,
        src: String,
        title: String,
        href: String,
    },
    /// A bare `scheme://…` address.
    Url(String),
    /// `<scheme:…>`.
    Autolink(String),
    WikiWord(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Plain,
    /// `wakka`: the tokens still hold the `=` runs around the title.
    Heading {
        level: u8,
        wakka: bool,
    },
    Quote,
    Item {
        indent: usize,
        ordered: bool,
    },
    /// Indented, no list marker: a YesWiki list item without a bullet.
    Indented {
        indent: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Line {
    Blank,
    Hr,
    Text { kind: Kind, toks: Vec<Tok> },
    Fence { lang: String, text: String },
    Table(Vec<Vec<Vec<Tok>>>),
}

/// Longest backtick run that opens a code span or a fence; longer ones are text.
pub(super) const MAX_TICKS: usize = 64;

/// The lines of `src`, which has no `\r`.
pub(super) fn lines(src: &str, wiki_links: bool) -> Vec<Line> {
    Scanner::new(src, wiki_links).lines()
}

/// The tokens of one line of text (a table cell).
fn inline_only(src: &str, wiki_links: bool) -> Vec<Tok> {
    let mut scanner = Scanner::new(src, wiki_links);
    let (toks, _) = scanner.inline(0, src.len());
    toks
}

/// Backslash escapes undone, as in link labels: `\` before ASCII punctuation stands for it.
pub(super) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

/// Unicode word characters, as PCRE's `\w` with UCP (PHP's `/u`) sees them.
pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// YesWiki's `WN_CAMEL_CASE`: `[A-Z][a-z]+[A-Z0-9][A-Za-z0-9]*`, on a whole ASCII run.
pub(super) fn is_wikiword(run: &str) -> bool {
    let b = run.as_bytes();
    if b.len() < 3 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_lowercase() {
        return false;
    }
    if !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    b[2..]
        .iter()
        .find(|c| !c.is_ascii_lowercase())
        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Length of the character reference at the start of `s` (`&amp;`, `&#233;`, `&#xE9;`), if it
/// is one: both YesWiki and CommonMark leave these to the browser.
pub(super) fn entity_len(s: &[u8]) -> Option<usize> {
    if s.first() != Some(&b'&') {
        return None;
    }
    let (digits, max, start): (fn(&u8) -> bool, usize, usize) = match (s.get(1), s.get(2)) {
        (Some(b'#'), Some(b'x' | b'X')) => (u8::is_ascii_hexdigit, 6, 3),
        (Some(b'#'), _) => (u8::is_ascii_digit, 7, 2),
        (Some(c), _) if c.is_ascii_alphabetic() => (u8::is_ascii_alphanumeric, 32, 1),
        _ => return None,
    };
    let n = s[start..]
        .iter()
        .take(max + 1)
        .take_while(|c| digits(c))
        .count();
    (n >= 1 && n <= max && s.get(start + n) == Some(&b';')).then_some(start + n + 1)
}

/// Remembers where the next closing delimiter is, so that many openers without a closer cost
/// one scan. Valid because "the first match at or after p" only moves forward with p.
#[derive(Default)]
struct Finder {
    from: usize,
    found: Option<usize>,
    valid: bool,
}

impl Finder {
    /// First `pat` at or after `from`; with `escape_aware`, one preceded by an odd number of
    /// backslashes does not count (Markdown labels written by this converter escape `]`).
    fn find(&mut self, hay: &str, pat: &str, from: usize, escape_aware: bool) -> Option<usize> {
        self.find_by(hay.len(), pat.len(), from, |from, mut end| {
            while !hay.is_char_boundary(end) {
                end += 1;
            }
            hay.get(..end)
                .and_then(|head| search(head, pat, from, escape_aware))
        })
    }

    /// First byte at or after `from` for which `pred` holds.
    fn find_byte(&mut self, b: &[u8], from: usize, pred: fn(u8) -> bool) -> Option<usize> {
        self.find_by(b.len(), 1, from, |from, end| {
            b.get(from..end)?
                .iter()
                .position(|&c| pred(c))
                .map(|i| from + i)
        })
    }

    /// `search(from, end)` finds the first match starting at or after `from` and ending by
    /// `end`; it runs only over what the last answer does not cover.
    fn find_by(
        &mut self,
        len: usize,
        pat_len: usize,
        from: usize,
        search: impl Fn(usize, usize) -> Option<usize>,
    ) -> Option<usize> {
        if self.valid && from >= self.from && self.found.is_none_or(|f| f >= from) {
            return self.found;
        }
        // Asked a little behind the last search (an image link tried before a link): only the
        // gap needs a look.
        let found = if self.valid && from < self.from {
            let gap_end = (self.from + pat_len.saturating_sub(1)).min(len);
            search(from, gap_end).or(self.found)
        } else {
            search(from, len)
        };
        *self = Finder {
            from,
            found,
            valid: true,
        };
        found
    }
}

fn search(hay: &str, pat: &str, from: usize, escape_aware: bool) -> Option<usize> {
    let mut start = from;
    loop {
        let at = start + hay.get(start..)?.find(pat)?;
        if !escape_aware || !escaped(hay.as_bytes(), at) {
            return Some(at);
        }
        // Patterns start with an ASCII byte, so the next byte starts a character.
        start = at + 1;
    }
}

fn escaped(b: &[u8], at: usize) -> bool {
    b[..at].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

struct Scanner<'a> {
    src: &'a str,
    wiki_links: bool,
    percent: Finder,
    quotes: Finder,
    close_brackets: Finder,
    close_braces: Finder,
    close_comment: Finder,
    close_table: Finder,
    bracket: Finder,
    paren: Finder,
    brace: Finder,
    quote: Finder,
    newline: Finder,
    url_end: Finder,
    autolink_end: Finder,
    ticks: Vec<(usize, Option<usize>)>,
    fences: Option<Vec<(usize, usize)>>,
    fence_cursor: Vec<usize>,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str, wiki_links: bool) -> Self {
        Scanner {
            src,
            wiki_links,
            percent: Finder::default(),
            quotes: Finder::default(),
            close_brackets: Finder::default(),
            close_braces: Finder::default(),
            close_comment: Finder::default(),
            close_table: Finder::default(),
            bracket: Finder::default(),
            paren: Finder::default(),
            brace: Finder::default(),
            quote: Finder::default(),
            newline: Finder::default(),
            url_end: Finder::default(),
            autolink_end: Finder::default(),
            ticks: vec![(usize::MAX, None); MAX_TICKS + 1],
            fences: None,
            fence_cursor: vec![0; MAX_TICKS + 1],
        }
    }

    fn line_end(&mut self, from: usize) -> usize {
        self.newline
            .find(self.src, "\n", from, false)
            .unwrap_or(self.src.len())
    }

    fn lines(&mut self) -> Vec<Line> {
        let src = self.src;
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < src.len() {
            let eol = self.line_end(pos);
            let line = &src[pos..eol];
            if let Some((fence, next)) = self.fence(pos, eol) {
                out.push(fence);
                pos = next;
                continue;
            }
            if line.trim().is_empty() {
                out.push(Line::Blank);
                pos = eol + 1;
                continue;
            }
            if let Some((table, next)) = self.wakka_table(pos, eol) {
                out.push(table);
                pos = next;
                continue;
            }
            if let Some((table, next)) = self.gfm_table(pos, eol) {
                out.push(table);
                pos = next;
                continue;
            }
            let trimmed = line.trim();
            if trimmed.len() >= 4 && trimmed.bytes().all(|b| b == b'-') {
                out.push(Line::Hr);
                pos = eol + 1;
                continue;
            }
            let indent_len = line
                .bytes()
                .take_while(|&b| b == b' ' || b == b'\t')
                .count();
            let width: usize = line[..indent_len]
                .bytes()
                .map(|b| if b == b'\t' { 4 } else { 1 })
                .sum();
            let start = pos + indent_len;
            let (kind, content, limit) = self.classify(start, width, eol);
            let (toks, end) = self.inline(content, limit);
            out.push(Line::Text { kind, toks });
            pos = if limit < src.len() { eol + 1 } else { end + 1 };
        }
        out
    }

    /// The kind of the line whose text (after `width` columns of indentation) starts at
    /// `start`, where its content starts, and how far its tokens may reach.
    fn classify(&self, start: usize, width: usize, eol: usize) -> (Kind, usize, usize) {
        let src = self.src;
        let all = src.len();
        let rest = &src[start..eol];
        let b = rest.as_bytes();
        if b.starts_with(b"==") {
            let run = b.iter().take_while(|&&c| c == b'=').count();
            let title = &rest[run..];
            let title = title.find("==").map_or(title, |end| &title[..end]);
            if !title.trim().is_empty() {
                let level = 7 - run.min(6) as u8;
                return (Kind::Heading { level, wakka: true }, start, all);
            }
        }
        if width == 0 {
            let hashes = b.iter().take_while(|&&c| c == b'#').count();
            if (1..=6).contains(&hashes) && matches!(b.get(hashes), Some(b' ' | b'\t')) {
                let content = rest[hashes..].trim();
                // A closing run of `#` preceded by a space is not part of the title.
                let without_hashes = content.trim_end_matches('#');
                let content = if without_hashes.len() < content.len()
                    && (without_hashes.is_empty() || without_hashes.ends_with([' ', '\t']))
                {
                    without_hashes.trim_end()
                } else {
                    content
                };
                if !content.is_empty() {
                    let offset = content.as_ptr() as usize - src.as_ptr() as usize;
                    return (
                        Kind::Heading {
                            level: hashes as u8,
                            wakka: false,
                        },
                        offset,
                        offset + content.len(),
                    );
                }
            }
            if b.first() == Some(&b'>') && matches!(b.get(1), None | Some(b' ')) {
                return (Kind::Quote, start + b.len().min(2), all);
            }
            if matches!(b.first(), Some(b'-' | b'*' | b'+'))
                && matches!(b.get(1), None | Some(b' '))
            {
                let kind = Kind::Item {
                    indent: 0,
                    ordered: false,
                };
                return (kind, start + b.len().min(2), all);
            }
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if (1..=9).contains(&digits)
                && matches!(b.get(digits), Some(b'.' | b')'))
                && matches!(b.get(digits + 1), None | Some(b' '))
            {
                let kind = Kind::Item {
                    indent: 0,
                    ordered: true,
                };
                return (kind, start + b.len().min(digits + 2), all);
            }
            return (Kind::Plain, start, all);
        }
        // Indented: YesWiki's list lines (`\t- `, `\t1) `, or no marker at all).
        let bullet = Kind::Item {
            indent: width,
            ordered: false,
        };
        let ordered = Kind::Item {
            indent: width,
            ordered: true,
        };
        let after = |n: usize| start + n + usize::from(b.get(n) == Some(&b' '));
        match b.first() {
            Some(b'-') => return (bullet, after(1), all),
            Some(b'*' | b'+') if matches!(b.get(1), None | Some(b' ')) => {
                return (bullet, after(1), all);
            }
            _ => {}
        }
        let alnum = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(i, _)| i);
        if alnum > 0 {
            let marker = &rest[alnum..];
            if marker.starts_with(')') {
                return (ordered, after(alnum + 1), all);
            }
            if rest[..alnum].bytes().all(|c| c.is_ascii_digit())
                && marker.starts_with('.')
                && matches!(marker.as_bytes().get(1), None | Some(b' '))
            {
                return (ordered, after(alnum + 1), all);
            }
        }
        (Kind::Indented { indent: width }, start, all)
    }

    /// A fenced code block opening at `pos` (```` ``` ```` at the start of the line), with its
    /// closing fence: both run to the end of their lines. Unclosed, it is not one.
    fn fence(&mut self, pos: usize, eol: usize) -> Option<(Line, usize)> {
        let src = self.src;
        let line = &src[pos..eol];
        let n = line.bytes().take_while(|&b| b == b'`').count();
        if !(3..=MAX_TICKS).contains(&n) || line[n..].contains('`') {
            return None;
        }
        let fences = self.fences.get_or_insert_with(|| fence_lines(src));
        // Openers come in source order, so each fence length's cursor only moves forward.
        let cursor = &mut self.fence_cursor[n];
        while let Some(&(start, len)) = fences.get(*cursor) {
            if start > pos && len >= n {
                break;
            }
            *cursor += 1;
        }
        let &(close, _) = fences.get(*cursor)?;
        let lang = line[n..].trim().to_owned();
        let text = if close > eol + 1 {
            src[eol + 1..close - 1].to_owned()
        } else {
            String::new()
        };
        let close_end = src[close..].find('\n').map_or(src.len(), |i| close + i);
        Some((Line::Fence { lang, text }, close_end + 1))
    }

    /// A YesWiki table: a line starting with `[|`, rows of `|cell|cell|`, and `|]`.
    fn wakka_table(&mut self, pos: usize, eol: usize) -> Option<(Line, usize)> {
        let src = self.src;
        let line = &src[pos..eol];
        if !line.trim_start().starts_with("[|") {
            return None;
        }
        let open = pos + line.find("[|")?;
        let close = self.close_table.find(src, "|]", open + 2, false)?;
        let body = if close > eol {
            &src[eol + 1..close]
        } else {
            ""
        };
        let mut rows = Vec::new();
        for row in body.lines() {
            let mut row = row.trim();
            // Row attributes: `!class="x"!|a|b|`.
            if row.starts_with('!')
                && let Some(end) = row[1..].find('!')
                && !row[1..=end].contains('|')
            {
                row = row[end + 2..].trim_start();
            }
            let Some(row) = row.strip_prefix('|') else {
                continue;
            };
            let row = row.strip_suffix('|').unwrap_or(row);
            let cells = row
                .split('|')
                .map(|cell| {
                    // Cell attributes: `!align="right"!text`.
                    let cell = match cell.strip_prefix('!').and_then(|c| c.rfind('!')) {
                        Some(end) => &cell[end + 2..],
                        None => cell,
                    };
                    inline_only(cell.trim(), self.wiki_links)
                })
                .collect();
            rows.push(cells);
        }
        let mut next = close + 2;
        if src.as_bytes().get(next) == Some(&b'\n') {
            next += 1;
        }
        Some((Line::Table(rows), next))
    }

    /// A GFM table: a row starting with `|`, a delimiter row, more rows starting with `|`.
    fn gfm_table(&mut self, pos: usize, eol: usize) -> Option<(Line, usize)> {
        let src = self.src;
        if !src[pos..eol].starts_with('|') || eol >= src.len() {
            return None;
        }
        let second_end = self.line_end(eol + 1);
        if !is_delimiter_row(&src[eol + 1..second_end]) {
            return None;
        }
        let mut rows = vec![gfm_cells(&src[pos..eol], self.wiki_links)];
        let mut next = second_end + 1;
        while next < src.len() {
            let end = self.line_end(next);
            let line = &src[next..end];
            if !line.starts_with('|') {
                break;
            }
            rows.push(gfm_cells(line, self.wiki_links));
            next = end + 1;
        }
        Some((Line::Table(rows), next))
    }

    /// The tokens from `start` to the end of the logical line (a newline outside any
    /// multi-line construct) or `limit`, and where they stopped.
    fn inline(&mut self, start: usize, limit: usize) -> (Vec<Tok>, usize) {
        let src = self.src;
        let b = src.as_bytes();
        let mut out = Toks::default();
        let mut i = start;
        let mut underscore_close: Option<usize> = None;
        while i < limit {
            if underscore_close.is_some_and(|close| close < i) {
                underscore_close = None;
            }
            let c = b[i];
            let next = if i + 1 < limit { Some(b[i + 1]) } else { None };
            match c {
                b'\n' => break,
                b'\\' => match next {
                    // A backslash ending a line is a Markdown hard break; lines break anyway.
                    None | Some(b'\n') => i += 1,
                    Some(n) if n.is_ascii_punctuation() => {
                        out.text.push(char::from(n));
                        i += 2;
                    }
                    Some(_) => {
                        out.text.push('\\');
                        i += 1;
                    }
                },
                b'%' if next == Some(b'%') => match self.closer(Pat::Percent, i + 2, limit) {
                    Some(close) => {
                        out.tok(code_unit(&src[i + 2..close]));
                        i = close + 2;
                    }
                    None => {
                        out.text.push('%');
                        i += 1;
                    }
                },
                b'"' if next == Some(b'"') => match self.closer(Pat::Quotes, i + 2, limit) {
                    Some(close) => {
                        out.tok(Tok::Raw(src[i + 2..close].to_owned()));
                        i = close + 2;
                    }
                    None => {
                        out.text.push('"');
                        i += 1;
                    }
                },
                b'!' if next == Some(b'[') => match self.bang(i, limit) {
                    Some((tok, end)) => {
                        out.tok(tok);
                        i = end;
                    }
                    None => {
                        out.text.push('!');
                        i += 1;
                    }
                },
                b'[' => match self.bracket(i, limit) {
                    Some((tok, end)) => {
                        out.tok(tok);
                        i = end;
                    }
                    None => {
                        out.text.push('[');
                        i += 1;
                    }
                },
                b'*' => {
                    let n = run(b, i, limit, b'*');
                    for _ in 0..n / 2 {
                        out.tok(Tok::Toggle(Delim::Bold));
                    }
                    if n % 2 == 1 {
                        out.tok(Tok::Toggle(Delim::ItalicStar));
                    }
                    i += n;
                }
                b'/' if next == Some(b'/') => {
                    out.tok(Tok::Toggle(Delim::ItalicSlash));
                    i += 2;
                }
                b'_' => {
                    if next == Some(b'_') {
                        out.tok(Tok::Toggle(Delim::Underline));
                        i += 2;
                    } else if underscore_close == Some(i) {
                        out.tok(Tok::Toggle(Delim::ItalicUnderscore));
                        underscore_close = None;
                        i += 1;
                    } else if underscore_close.is_none()
                        && let Some(close) = self.underscore_italic(i, limit)
                    {
                        out.tok(Tok::Toggle(Delim::ItalicUnderscore));
                        underscore_close = Some(close);
                        i += 1;
                    } else {
                        out.text.push('_');
                        i += 1;
                    }
                }
                b'~' if next == Some(b'~') => {
                    out.tok(Tok::Toggle(Delim::Strike));
                    i += 2;
                }
                b'@' if next == Some(b'@') => {
                    out.tok(Tok::Toggle(Delim::Deleted));
                    i += 2;
                }
                b'#' if next == Some(b'#') => {
                    out.tok(Tok::Toggle(Delim::Mono));
                    i += 2;
                }
                0xC2 if src[i..limit].starts_with("££") => {
                    out.tok(Tok::Toggle(Delim::Inserted));
                    i += "££".len();
                }
                b'`' => {
                    let n = run(b, i, limit, b'`');
                    match self.code_span(i, n, limit) {
                        Some((content, end)) => {
                            out.tok(Tok::CodeSpan(content));
                            i = end;
                        }
                        None => {
                            out.text.push_str(&src[i..i + n]);
                            i += n;
                        }
                    }
                }
                b'<' => match self.autolink(i, limit) {
                    Some(end) => {
                        out.tok(Tok::Autolink(src[i + 1..end - 1].to_owned()));
                        i = end;
                    }
                    None => {
                        out.text.push('<');
                        i += 1;
                    }
                },
                b'&' => match entity_len(&b[i..limit]) {
                    Some(n) => {
                        out.tok(Tok::Verbatim(src[i..i + n].to_owned()));
                        i += n;
                    }
                    None => {
                        out.text.push('&');
                        i += 1;
                    }
                },
                b'-' => {
                    let n = run(b, i, limit, b'-');
                    match n {
                        3 => out.tok(Tok::Break),
                        4.. => out.tok(Tok::Rule),
                        _ => out.text.push_str(&src[i..i + n]),
                    }
                    i += n;
                }
                b'{' if next == Some(b'{') => match self.closer(Pat::Braces, i + 2, limit) {
                    Some(close) => {
                        out.tok(Tok::Action(src[i + 2..close].to_owned()));
                        i = close + 2;
                    }
                    None => {
                        out.text.push('{');
                        i += 1;
                    }
                },
                b'{' if next == Some(b'#') => match self.closer(Pat::Comment, i + 2, limit) {
                    Some(close) => {
                        out.tok(Tok::Comment);
                        i = close + 2;
                    }
                    None => {
                        out.text.push('{');
                        i += 1;
                    }
                },
                b'=' => {
                    let n = run(b, i, limit, b'=');
                    if n >= 2 {
                        out.tok(Tok::Equals(n));
                    } else {
                        out.text.push('=');
                    }
                    i += n;
                }
                c if c.is_ascii_alphanumeric() => {
                    let end = i + run_while(&b[i..limit], u8::is_ascii_alphanumeric);
                    let boundary = src[..i].chars().next_back().is_none_or(|p| !is_word(p));
                    if boundary && let Some(url_end) = url_at(src, i, limit) {
                        out.tok(Tok::Url(src[i..url_end].to_owned()));
                        i = url_end;
                        continue;
                    }
                    if boundary
                        && self.wiki_links
                        && is_wikiword(&src[i..end])
                        && src[end..].chars().next().is_none_or(|n| !is_word(n))
                    {
                        out.tok(Tok::WikiWord(src[i..end].to_owned()));
                    } else {
                        out.text.push_str(&src[i..end]);
                    }
                    i = end;
                }
                _ => {
                    let ch = src[i..].chars().next().unwrap_or('\u{FFFD}');
                    out.text.push(ch);
                    i += ch.len_utf8().max(1);
                }
            }
        }
        (out.finish(), i)
    }

    /// The closing delimiter of a multi-line construct, if it ends before `limit`.
    fn closer(&mut self, pat: Pat, from: usize, limit: usize) -> Option<usize> {
        let (finder, text, escape_aware) = match pat {
            Pat::Percent => (&mut self.percent, "%%", false),
            Pat::Quotes => (&mut self.quotes, "\"\"", false),
            Pat::Brackets => (&mut self.close_brackets, "]]", true),
            Pat::Braces => (&mut self.close_braces, "}}", false),
            Pat::Comment => (&mut self.close_comment, "#}", false),
        };
        finder
            .find(self.src, text, from, escape_aware)
            .filter(|&close| close + text.len() <= limit)
    }

    /// The next unescaped `]` on this line.
    fn label_end(&mut self, from: usize, limit: usize) -> Option<usize> {
        let eol = self.line_end(from).min(limit);
        self.bracket
            .find(self.src, "]", from, true)
            .filter(|&end| end < eol)
    }

    /// After `![` at `i`: an embed `![[Page]]` or a Markdown image.
    fn bang(&mut self, i: usize, limit: usize) -> Option<(Tok, usize)> {
        let src = self.src;
        if src[i..limit].starts_with("![[") {
            let close = self.closer(Pat::Brackets, i + 3, limit)?;
            return Some((Tok::Embed(src[i + 3..close].to_owned()), close + 2));
        }
        let (alt, url, title, end) = self.image(i, limit)?;
        Some((Tok::MdImage { alt, url, title }, end))
    }

    /// `![alt](url "title")` at `i`, as YesWiki reads it (no space in the address).
    fn image(&mut self, i: usize, limit: usize) -> Option<(String, String, String, usize)> {
        let src = self.src;
        let b = src.as_bytes();
        let alt_end = self.label_end(i + 2, limit)?;
        if b.get(alt_end + 1) != Some(&b'(') {
            return None;
        }
        let eol = self.line_end(alt_end).min(limit);
        let url_start = alt_end + 2;
        let url_end = self
            .url_end
            .find_byte(b, url_start, |c| c == b' ' || c == b')' || c == b'\n')
            .unwrap_or(b.len())
            .min(eol);
        if url_end == url_start {
            return None;
        }
        let (title, end) = match b.get(url_end) {
            Some(b')') => (String::new(), url_end + 1),
            Some(b' ') if b.get(url_end + 1) == Some(&b'"') => {
                let close = self.quote.find(src, "\"", url_end + 2, true)?;
                if close >= eol || b.get(close + 1) != Some(&b')') {
                    return None;
                }
                (unescape(&src[url_end + 2..close]), close + 2)
            }
            _ => return None,
        };
        let alt = unescape(&src[i + 2..alt_end]);
        Some((alt, src[url_start..url_end].to_owned(), title, end))
    }

    /// After `[` at `i`: a link `[[…]]`, an image link `[![…](…)](…)`, or `[text](url)`.
    fn bracket(&mut self, i: usize, limit: usize) -> Option<(Tok, usize)> {
        let src = self.src;
        let b = src.as_bytes();
        if src[i..limit].starts_with("[[") {
            let close = self.closer(Pat::Brackets, i + 2, limit)?;
            return Some((Tok::DoubleBracket(src[i + 2..close].to_owned()), close + 2));
        }
        if src[i..limit].starts_with("[![")
            && let Some((alt, img, title, end)) = self.image(i + 1, limit)
            && src[end..limit].starts_with("](")
        {
            let eol = self.line_end(end).min(limit);
            let close = self
                .paren
                .find(src, ")", end + 2, false)
                .filter(|&c| c < eol)?;
            let href = src[end + 2..close].trim();
            if href.is_empty() || href.contains(' ') {
                return None;
            }
            let tok = Tok::LinkedImage {
                alt,
                src: img,
                title,
                href: href.to_owned(),
            };
            return Some((tok, close + 1));
        }
        let label_end = self.label_end(i + 1, limit)?;
        if label_end == i + 1 || b.get(label_end + 1) != Some(&b'(') {
            return None;
        }
        let eol = self.line_end(label_end).min(limit);
        let close = self
            .paren
            .find(src, ")", label_end + 2, false)
            .filter(|&c| c < eol)?;
        let inner = src[label_end + 2..close].trim();
        let url = inner
            .split(|c: char| c.is_whitespace() || c == '"')
            .next()
            .unwrap_or("");
        if url.is_empty() {
            return None;
        }
        let mut end = close + 1;
        // Attributes after the link (`{.newtab}`) are YesWiki's and are dropped.
        if b.get(end) == Some(&b'{')
            && let Some(brace) = self.brace.find(src, "}", end, false)
            && brace < eol
        {
            end = brace + 1;
        }
        let tok = Tok::MdLink {
            label: unescape(&src[i + 1..label_end]),
            url: url.to_owned(),
        };
        Some((tok, end))
    }

    /// YesWiki's Markdown italic `(?<!\w)_[^_]+_(?!\w)` opening at `i`: where it closes.
    fn underscore_italic(&self, i: usize, limit: usize) -> Option<usize> {
        let src = self.src;
        if src[..i].chars().next_back().is_some_and(is_word) {
            return None;
        }
        let b = src.as_bytes();
        let len = run_while(&b[i + 1..limit], |&c| c != b'_' && c != b'\n');
        let close = i + 1 + len;
        if len == 0 || b.get(close) != Some(&b'_') || close >= limit {
            return None;
        }
        let after = src[close + 1..limit].chars().next();
        after.is_none_or(|c| !is_word(c)).then_some(close)
    }

    /// A code span of `n` backticks at `i`: its content (trimmed, as YesWiki does) and end.
    fn code_span(&mut self, i: usize, n: usize, limit: usize) -> Option<(String, usize)> {
        if n > MAX_TICKS {
            return None;
        }
        let src = self.src;
        let b = src.as_bytes();
        let from = i + n;
        let (cached_from, cached) = self.ticks[n];
        let close = if cached_from <= from && cached.is_none_or(|c| c >= from) {
            cached
        } else {
            let found = tick_run(b, from, n);
            self.ticks[n] = (from, found);
            found
        }?;
        let eol = self.line_end(from).min(limit);
        if close >= eol {
            return None;
        }
        Some((src[from..close].trim().to_owned(), close + n))
    }

    /// `<scheme:address>` at `i`, for the schemes a page may link to: its end.
    fn autolink(&mut self, i: usize, limit: usize) -> Option<usize> {
        let b = self.src.as_bytes();
        let eol = self.line_end(i).min(limit);
        let scheme = run_while(&b[i + 1..eol], |c| {
            c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-')
        });
        if !(2..=32).contains(&scheme) || b.get(i + 1 + scheme) != Some(&b':') {
            return None;
        }
        let name = self.src[i + 1..i + 1 + scheme].to_ascii_lowercase();
        if !matches!(name.as_str(), "http" | "https" | "mailto") {
            return None;
        }
        let rest = i + 2 + scheme;
        let end = self
            .autolink_end
            .find_byte(b, rest, |c| c <= b' ' || c == b'<' || c == b'>')?;
        (end > rest && b[end] == b'>' && end < eol).then_some(end + 1)
    }
}

#[derive(Clone, Copy)]
enum Pat {
    Percent,
    Quotes,
    Brackets,
    Braces,
    Comment,
}

#[derive(Default)]
struct Toks {
    toks: Vec<Tok>,
    text: String,
}

impl Toks {
    fn tok(&mut self, tok: Tok) {
        self.flush();
        self.toks.push(tok);
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.toks.push(Tok::Text(std::mem::take(&mut self.text)));
        }
    }

    fn finish(mut self) -> Vec<Tok> {
        self.flush();
        self.toks
    }
}

fn run(b: &[u8], i: usize, limit: usize, c: u8) -> usize {
    run_while(&b[i..limit], |&x| x == c)
}

fn run_while(b: &[u8], pred: impl Fn(&u8) -> bool) -> usize {
    b.iter().take_while(|c| pred(c)).count()
}

/// The first run of exactly `n` backticks at or after `from`.
fn tick_run(b: &[u8], from: usize, n: usize) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        let at = i + b[i..].iter().position(|&c| c == b'`')?;
        let len = run_while(&b[at..], |&c| c == b'`');
        if len == n {
            return Some(at);
        }
        i = at + len;
    }
    None
}

/// `%%(lang)text%%`'s content: YesWiki takes the language up to the first `)` and trims the
/// code.
fn code_unit(inner: &str) -> Tok {
    let (lang, text) = match inner.strip_prefix('(').and_then(|rest| {
        let end = rest.find(')')?;
        (end > 0).then(|| (&rest[..end], &rest[end + 1..]))
    }) {
        Some((lang, text)) => (lang, text),
        None => ("", inner),
    };
    Tok::Code {
        lang: lang.to_owned(),
        text: text.to_owned(),
    }
}

/// A bare address at `i`, as YesWiki's `\b[a-z0-9]+://[^ \t\n\r\f"|\\^`{}\[\]><]+`, less the
/// punctuation that ends the sentence around it (`see https://example.org.`).
fn url_at(src: &str, i: usize, limit: usize) -> Option<usize> {
    let b = src.as_bytes();
    let scheme = run_while(&b[i..limit], |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit()
    });
    if scheme == 0 || !src[i + scheme..limit].starts_with("://") {
        return None;
    }
    let rest = i + scheme + 3;
    let len = src[rest..limit]
        .char_indices()
        .find(|&(_, c)| {
            c.is_control()
                || c.is_whitespace()
                || matches!(
                    c,
                    '"' | '|' | '\\' | '^' | '`' | '{' | '}' | '[' | ']' | '<' | '>'
                )
        })
        .map_or(limit - rest, |(n, _)| n);
    let mut end = rest + len;
    let open = src[i..end].matches('(').count();
    let mut close = src[i..end].matches(')').count();
    while end > rest {
        let Some(last) = src[i..end].chars().next_back() else {
            break;
        };
        let unbalanced = last == ')' && close > open;
        if !(unbalanced
            || matches!(
                last,
                '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~'
            ))
        {
            break;
        }
        if last == ')' {
            close -= 1;
        }
        end -= last.len_utf8();
    }
    (end > rest).then_some(end)
}

/// Lines made only of backticks (at least three) and trailing blanks: possible closing fences,
/// as (start, number of backticks).
fn fence_lines(src: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in src.split('\n') {
        let n = line.bytes().take_while(|&b| b == b'`').count();
        if n >= 3 && line[n..].trim().is_empty() {
            out.push((start, n));
        }
        start += line.len() + 1;
    }
    out
}

fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    line.contains('|')
        && line.contains('-')
        && line
            .bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// The cells of a GFM table row: split on unescaped `|`, then `\|` stands for `|` (as in
/// GFM, even inside code spans and links).
fn gfm_cells(line: &str, wiki_links: bool) -> Vec<Vec<Tok>> {
    let b = line.as_bytes();
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'|' && (i == 0 || b[i - 1] != b'\\') {
            cells.push(&line[start..i]);
            start = i + 1;
        }
    }
    cells.push(&line[start..]);
    // The row starts with `|`, so the first piece is empty; so is the last when it ends
    // with one.
    if !cells.is_empty() {
        cells.remove(0);
    }
    if cells.len() > 1 && cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells
        .into_iter()
        .map(|cell| inline_only(&cell.trim().replace("\\|", "|"), wiki_links))
        .collect()
}
