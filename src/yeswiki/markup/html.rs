//! Raw HTML (`""…""`) into Markdown.
//!
//! coopwiki shows raw HTML as literal text, so each fragment goes through ammonia with a short
//! allow-list (it drops scripts and styles with their content, every attribute but `href`,
//! `src`, `alt` and `title`, and addresses with other schemes than http, https and mailto),
//! and the few elements that have a Markdown form are rewritten; any other element leaves its
//! text. ammonia's output is well-formed and predictable, which is what lets the small reader
//! below take it apart.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

use super::Converter;
use super::ir::{Atom, Block, Inl, Item, Node, Piece, Style, flatten, resolve};

/// Deepest nesting handed to ammonia: html5ever's tree builder is quadratic in it.
const MAX_DEPTH: usize = 64;
/// Most start tags in one fragment handed to ammonia (misnested formatting elements cost
/// html5ever work per tag already open).
const MAX_TAGS: usize = 4000;
/// Bound on html5ever's escaping cost (see `markup::sanitize::within_budget`): the sum, for
/// every `&` or NBSP, of the distance to the next tag.
const MAX_ESCAPE_SCAN: u64 = 1 << 26;

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from([
            "a",
            "b",
            "strong",
            "i",
            "em",
            "u",
            "s",
            "del",
            "strike",
            "br",
            "p",
            "div",
            "span",
            "ul",
            "ol",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "img",
            "code",
            "tt",
            "kbd",
            "pre",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "td",
            "th",
            "blockquote",
            "hr",
            "iframe",
            "section",
            "article",
            "center",
            "caption",
            "figure",
            "figcaption",
        ]))
        .clean_content_tags(HashSet::from(["script", "style"]))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("img", HashSet::from(["src", "alt", "title"])),
            ("iframe", HashSet::from(["src"])),
        ]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .id_prefix(None);
    builder
});

/// Elements whose content disappears without a trace; the import report says so.
const DROPPED: [&str; 10] = [
    "<script", "<style", "<form", "<input", "<object", "<embed", "<video", "<audio", "<svg",
    "<canvas",
];

impl Converter<'_, '_> {
    pub(super) fn html(&mut self, html: &str) -> Vec<Node> {
        if !html.contains('<') {
            return vec![Node::Inl(Inl::text(collapse(&decode(html))))];
        }
        let lower = html.to_ascii_lowercase();
        for tag in DROPPED {
            if lower.contains(tag) {
                self.warn(format!(
                    "Dropped a <{}> element of raw HTML: coopwiki pages cannot hold one.",
                    &tag[1..]
                ));
            }
        }
        if !affordable(html) {
            self.warn(
                "Raw HTML too deeply nested or too large to convert was kept as its text only."
                    .to_owned(),
            );
            return vec![Node::Inl(Inl::text(strip_tags(html)))];
        }
        let clean = SANITIZER.clean(html).to_string();
        let mut walker = Walker {
            conv: self,
            out: Vec::new(),
            stack: Vec::new(),
            open: Vec::new(),
            bold: 0,
            italic: 0,
            strike: 0,
            mono: 0,
        };
        walker.run(&clean);
        walker.out
    }
}

/// Whether html5ever may parse `html` in bounded time: nesting and tag count (estimated from
/// the raw text, an over-estimate), and the escaping cost.
fn affordable(html: &str) -> bool {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut tags = 0usize;
    for (i, &c) in b.iter().enumerate() {
        if c != b'<' {
            continue;
        }
        match b.get(i + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(n) if n.is_ascii_alphabetic() => {
                tags += 1;
                let name: Vec<u8> = b[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .map(u8::to_ascii_lowercase)
                    .collect();
                let void = matches!(
                    name.as_slice(),
                    b"br"
                        | b"img"
                        | b"hr"
                        | b"input"
                        | b"wbr"
                        | b"meta"
                        | b"link"
                        | b"area"
                        | b"base"
                        | b"col"
                        | b"embed"
                        | b"param"
                        | b"source"
                        | b"track"
                );
                if !void {
                    depth += 1;
                }
                if depth > MAX_DEPTH || tags > MAX_TAGS {
                    return false;
                }
            }
            _ => {}
        }
    }
    let mut distance = 0u64;
    let mut scan = 0u64;
    for &c in b.iter().rev() {
        if c == b'<' || c == b'>' {
            distance = 0;
            continue;
        }
        distance += 1;
        if c == b'&' || c == 0xC2 {
            scan += distance;
            if scan > MAX_ESCAPE_SCAN {
                return false;
            }
        }
    }
    true
}

/// The text of HTML without parsing it: tags removed, character references decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        match after.find('>') {
            Some(close) if is_tag => {
                out.push(' ');
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    collapse(&decode(&out))
}

/// Character references decoded: those html5ever writes, numeric ones, and a few common names;
/// others stay as written.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&s| s <= 32);
        let decoded = semi.and_then(|s| {
            let name = &after[..s];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number =
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()
                        } else if let Some(dec) = name.strip_prefix('#') {
                            dec.parse::<u32>().ok()
                        } else {
                            None
                        };
                    number.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, s))
        });
        match decoded {
            Some((c, s)) => {
                out.push(if c == '\0' { '\u{FFFD}' } else { c });
                rest = &after[s + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// HTML's whitespace rule: runs of spaces, tabs and line breaks show as one space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

enum Ctx {
    Heading(u8, Vec<Inl>),
    List {
        ordered: bool,
        depth: usize,
        items: Vec<Item>,
    },
    ListItem {
        inls: Vec<Inl>,
        children: Vec<Item>,
    },
    Table(Vec<Vec<Vec<Piece>>>),
    Row(Vec<Vec<Piece>>),
    Cell(Vec<Inl>),
    Quote(Vec<Inl>),
    Pre(String),
    Link {
        href: Option<String>,
        label: String,
        image: Option<(String, String, String)>,
    },
}

/// What a start tag did, undone by its end tag.
enum Open {
    Ctx,
    Bold,
    Italic,
    Strike,
    Mono,
    Boundary,
    Nothing,
}

struct Walker<'w, 'c, 'a> {
    conv: &'w mut Converter<'c, 'a>,
    out: Vec<Node>,
    stack: Vec<Ctx>,
    open: Vec<Open>,
    bold: usize,
    italic: usize,
    strike: usize,
    mono: usize,
}

impl Walker<'_, '_, '_> {
    fn run(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                self.text(&decode(rest));
                break;
            };
            if lt > 0 {
                self.text(&decode(&rest[..lt]));
            }
            rest = &rest[lt..];
            match parse_tag(rest) {
                Some((tag, used)) => {
                    rest = &rest[used..];
                    match tag {
                        Tag::Start(name, attrs) => self.start(&name, &attrs),
                        Tag::End(name) => self.end(&name),
                    }
                }
                None => {
                    self.text("<");
                    rest = &rest[1..];
                }
            }
        }
        while !self.stack.is_empty() {
            self.pop_ctx();
        }
    }

    fn style(&self) -> Style {
        let mut style = Style::NONE;
        for (count, bit) in [
            (self.bold, Style::BOLD),
            (self.italic, Style::ITALIC),
            (self.strike, Style::STRIKE),
            (self.mono, Style::MONO),
        ] {
            if count > 0 {
                style = style.union(bit);
            }
        }
        style
    }

    fn at_root(&self) -> bool {
        self.stack.is_empty()
    }

    /// Inline content into the innermost place that takes it.
    fn push(&mut self, inl: Inl) {
        match self.stack.last_mut() {
            None => self.out.push(Node::Inl(inl)),
            Some(
                Ctx::Heading(_, inls)
                | Ctx::ListItem { inls, .. }
                | Ctx::Cell(inls)
                | Ctx::Quote(inls),
            ) => inls.push(inl),
            Some(Ctx::Pre(text)) => match inl {
                Inl::Atom(_, Atom::Text(t) | Atom::Link { label: t, .. }) => text.push_str(&t),
                Inl::Atom(_, Atom::Break) => text.push('\n'),
                _ => {}
            },
            Some(Ctx::Link { label, .. }) => {
                if let Inl::Atom(_, Atom::Text(t)) = inl {
                    label.push_str(&t);
                }
            }
            // Text directly in a list or table (outside its items and cells) is dropped, as
            // browsers mostly do.
            Some(Ctx::List { .. } | Ctx::Table(_) | Ctx::Row(_)) => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(Ctx::Pre(pre)) = self.stack.last_mut() {
            pre.push_str(text);
            return;
        }
        let text = collapse(text);
        if text.is_empty() {
            return;
        }
        let style = self.style();
        self.push(Inl::Atom(style, Atom::Text(text)));
    }

    /// The edge of a block element: a new paragraph at the top, a line break inside items.
    fn boundary(&mut self) {
        if self.at_root() {
            self.out.push(Node::Split);
        } else {
            self.push(Inl::atom(Atom::Break));
        }
    }

    fn start(&mut self, name: &str, attrs: &[(String, String)]) {
        let attr = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let in_item = matches!(self.stack.last(), Some(Ctx::ListItem { .. }));
        let record = match name {
            "b" | "strong" => {
                self.bold += 1;
                Open::Bold
            }
            "i" | "em" | "u" => {
                self.italic += 1;
                Open::Italic
            }
            "s" | "del" | "strike" => {
                self.strike += 1;
                Open::Strike
            }
            "code" | "tt" | "kbd" => {
                self.mono += 1;
                Open::Mono
            }
            "br" => {
                self.push(Inl::atom(Atom::Break));
                return;
            }
            "hr" => {
                if self.at_root() {
                    self.out.push(Node::Block(Block::Hr));
                } else {
                    self.push(Inl::atom(Atom::Break));
                }
                return;
            }
            "img" => {
                let alt = attr("alt").unwrap_or_default();
                let title = attr("title").unwrap_or_default();
                match attr("src") {
                    Some(src) => {
                        let src = self.conv.file_url(&src);
                        if let Some(Ctx::Link { image, .. }) = self.stack.last_mut() {
                            *image = Some((alt, src, title));
                        } else {
                            self.push(Inl::atom(Atom::Image {
                                alt,
                                url: src,
                                title,
                            }));
                        }
                    }
                    None => self.text(&alt),
                }
                return;
            }
            "a" => {
                self.stack.push(Ctx::Link {
                    href: attr("href"),
                    label: String::new(),
                    image: None,
                });
                Open::Ctx
            }
            "iframe" => {
                if let Some(src) = attr("src") {
                    self.conv.warn(format!(
                        "An embedded frame (<iframe>) became a link to {src}."
                    ));
                    let atom = self.conv.link_or_text(&src, &src);
                    self.push(Inl::atom(atom));
                }
                Open::Nothing
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.at_root() => {
                let level = name[1..].parse().unwrap_or(1);
                self.out.push(Node::Split);
                self.stack.push(Ctx::Heading(level, Vec::new()));
                Open::Ctx
            }
            "ul" | "ol" if self.at_root() || in_item => {
                let depth = self
                    .stack
                    .iter()
                    .filter(|c| matches!(c, Ctx::List { .. }))
                    .count();
                if self.at_root() {
                    self.out.push(Node::Split);
                }
                self.stack.push(Ctx::List {
                    ordered: name == "ol",
                    depth,
                    items: Vec::new(),
                });
                Open::Ctx
            }
            "li" if matches!(self.stack.last(), Some(Ctx::List { .. })) => {
                self.stack.push(Ctx::ListItem {
                    inls: Vec::new(),
                    children: Vec::new(),
                });
                Open::Ctx
            }
            "table" if !matches!(self.stack.last(), Some(Ctx::Link { .. } | Ctx::Pre(_))) => {
                if self.at_root() {
                    self.out.push(Node::Split);
                }
                self.stack.push(Ctx::Table(Vec::new()));
                Open::Ctx
            }
            "tr" if matches!(self.stack.last(), Some(Ctx::Table(_))) => {
                self.stack.push(Ctx::Row(Vec::new()));
                Open::Ctx
            }
            "td" | "th" if matches!(self.stack.last(), Some(Ctx::Row(_))) => {
                self.stack.push(Ctx::Cell(Vec::new()));
                Open::Ctx
            }
            "thead" | "tbody" | "tfoot" => Open::Nothing,
            "blockquote" if self.at_root() => {
                self.out.push(Node::Split);
                self.stack.push(Ctx::Quote(Vec::new()));
                Open::Ctx
            }
            "pre" if self.at_root() => {
                self.out.push(Node::Split);
                self.stack.push(Ctx::Pre(String::new()));
                Open::Ctx
            }
            "pre" => {
                self.mono += 1;
                Open::Mono
            }
            "p" | "div" | "section" | "article" | "center" | "caption" | "figure"
            | "figcaption" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "li"
            | "table" | "tr" | "td" | "th" | "blockquote" => {
                self.boundary();
                Open::Boundary
            }
            _ => Open::Nothing,
        };
        self.open.push(record);
    }

    fn end(&mut self, _name: &str) {
        let Some(record) = self.open.pop() else {
            return;
        };
        match record {
            Open::Bold => self.bold = self.bold.saturating_sub(1),
            Open::Italic => self.italic = self.italic.saturating_sub(1),
            Open::Strike => self.strike = self.strike.saturating_sub(1),
            Open::Mono => self.mono = self.mono.saturating_sub(1),
            Open::Boundary => self.boundary(),
            Open::Ctx => self.pop_ctx(),
            Open::Nothing => {}
        }
    }

    fn pop_ctx(&mut self) {
        let Some(ctx) = self.stack.pop() else {
            return;
        };
        match ctx {
            Ctx::Heading(level, inls) => {
                let pieces = resolve(inls);
                self.out.push(Node::Block(Block::Heading(level, pieces)));
            }
            Ctx::List { items, .. } => match self.stack.last_mut() {
                Some(Ctx::ListItem { children, .. }) => children.extend(items),
                _ => {
                    if !items.is_empty() {
                        self.out.push(Node::Block(Block::List(items)));
                    }
                }
            },
            Ctx::ListItem { inls, children } => {
                if let Some(Ctx::List {
                    ordered,
                    depth,
                    items,
                }) = self.stack.last_mut()
                {
                    items.push(Item {
                        depth: *depth,
                        ordered: *ordered,
                        pieces: resolve(inls),
                    });
                    items.extend(children);
                }
            }
            Ctx::Table(rows) => {
                if rows.is_empty() {
                    return;
                }
                let block = Block::Table(rows);
                if self.at_root() {
                    self.out.push(Node::Block(block));
                } else {
                    self.push(Inl::atom(Atom::Break));
                    for inl in flatten(block) {
                        self.push(inl);
                    }
                }
            }
            Ctx::Row(cells) => {
                if let Some(Ctx::Table(rows)) = self.stack.last_mut() {
                    rows.push(cells);
                }
            }
            Ctx::Cell(inls) => {
                if let Some(Ctx::Row(cells)) = self.stack.last_mut() {
                    cells.push(resolve(inls));
                }
            }
            Ctx::Quote(inls) => {
                self.out.push(Node::Block(Block::Quote(resolve(inls))));
            }
            Ctx::Pre(text) => {
                let text = super::code_text(&text);
                self.out.push(Node::Block(Block::Code {
                    lang: String::new(),
                    text,
                }));
            }
            Ctx::Link { href, label, image } => {
                let label = collapse(&label).trim().to_owned();
                let style = self.style();
                let atom = match (href, image) {
                    (Some(href), Some((alt, src, title))) if label.is_empty() => {
                        match self.conv.href(&href) {
                            Some(href) => Atom::LinkedImage {
                                alt,
                                src,
                                title,
                                href,
                            },
                            None => Atom::Image {
                                alt,
                                url: src,
                                title,
                            },
                        }
                    }
                    (Some(href), _) => self.conv.link_or_text(&href, &label),
                    (None, Some((alt, src, title))) => Atom::Image {
                        alt,
                        url: src,
                        title,
                    },
                    (None, None) => Atom::Text(label),
                };
                self.push(Inl::Atom(style, atom));
            }
        }
    }
}

enum Tag {
    Start(String, Vec<(String, String)>),
    End(String),
}

/// One tag of html5ever's serialisation at the start of `s`: `<name attr="value">`,
/// `</name>`; with the bytes it used.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let b = s.as_bytes();
    let (end_tag, mut i) = if b.get(1) == Some(&b'/') {
        (true, 2)
    } else {
        (false, 1)
    };
    let name_len = b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let name = s[i..i + name_len].to_ascii_lowercase();
    i += name_len;
    let mut attrs = Vec::new();
    loop {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => break,
            b'/' => i += 1,
            _ => {
                let key_len = b[i..]
                    .iter()
                    .take_while(|&&c| !c.is_ascii_whitespace() && c != b'=' && c != b'>')
                    .count();
                let key = s[i..i + key_len].to_ascii_lowercase();
                i += key_len;
                if b.get(i) == Some(&b'=') && b.get(i + 1) == Some(&b'"') {
                    let close = s[i + 2..].find('"')?;
                    attrs.push((key, decode(&s[i + 2..i + 2 + close])));
                    i += close + 3;
                } else {
                    attrs.push((key, String::new()));
                    if key_len == 0 {
                        i += 1;
                    }
                }
            }
        }
    }
    let tag = if end_tag {
        Tag::End(name)
    } else {
        Tag::Start(name, attrs)
    };
    Some((tag, i + 1))
}
