//! YesWiki page text into coopwiki Markdown, for importing whole YesWiki sites.
//!
//! YesWiki 4 has one formatter (`formatters/wakka.php`) that reads its own "wakka" syntax and,
//! mixed in, some Markdown (`#` titles, `*em*`, `_em_`, `[text](url)`, `![alt](src)`,
//! `` `code` ``); pages freely mix both. This module reads both the way that formatter does
//! (first match wins, left to right) and writes the coopwiki Markdown a reader of the YesWiki
//! page would expect: the same text, structure and links, nothing executable, nothing silently
//! dropped. [`convert`] never fails: what it cannot convert stays visible in the text and is
//! named in [`Converted::warnings`] for the import report.
//!
//! # Mapping
//!
//! | YesWiki | coopwiki Markdown | why, and what is lost |
//! |---|---|---|
//! | `======T======` … `==T==` | `# T` … `##### T` | six `=` is level 1, two is level 5, as YesWiki renders them; text after the title on its line becomes a paragraph |
//! | `# T` … `###### T` | the same | |
//! | `**b**` | `**b**` | |
//! | `//i//`, `*i*`, `_i_` | `*i*` | |
//! | `__u__` | `*u*` | Markdown has no underline and raw HTML is shown as text; YesWiki authors underline to stress, which emphasis says. Underline inside italics is plain italics. |
//! | `@@s@@`, `~~s~~` | `~~s~~` | `@@` is YesWiki's "deleted" text, drawn struck through |
//! | `££t££` | `t` | "inserted" text is only a colour |
//! | `##m##` | `` `m` `` | YesWiki 4's pattern no longer matches `##` (it shows the marks), but its formatter and users still mean monospace |
//! | `%%code%%`, `%%(php)…%%` | a code span, or a fenced block with its language when it spans lines or stands alone on its line | YesWiki always drew a block |
//! | `` `code` `` | the same | |
//! | `""<b>x</b>""` | `**x**` | raw HTML is sanitised by ammonia, then `b strong i em u s del code tt kbd pre a img br p div h1-h6 ul ol li table tr td th blockquote hr` become Markdown; any other element leaves its text (styles, classes, ids, colours are lost); `<iframe src>` becomes a link to its address; `<script>`, `<style>` go with their content (warning) |
//! | `[[Page text]]`, `[[Page]]` | `[[Page\|text]]`, `[[Page]]` | the target is the YesWiki tag; a handler or parameters (`Page/edit`, `Page?x=1`) are dropped (warning) |
//! | `[[https://x text]]`, `[[a@b.c]]` | `[text](https://x)`, `[a@b.c](mailto:a@b.c)` | other schemes (`javascript:`) keep only their text (warning) |
//! | `[text](Page)`, `[text](url "t"){.newtab}` | `[[Page\|text]]`, `[text](url)` | titles and YesWiki's `{…}` attributes are dropped |
//! | `?Page`, `wakka.php?wiki=Page` in links | `[[Page]]` | relative old-style addresses of the same wiki; absolute addresses stay links to that address (the site's own address is not known here) |
//! | `![alt](files/Page_name_….png)`, `<img src="files/…">` | `![alt](attachment:NAME)` | a file of this page, when the import carried it; other addresses are kept |
//! | `BareWikiWord` | `[[BareWikiWord]]` | where YesWiki linked it: a whole `[A-Z][a-z]+[A-Z0-9][A-Za-z0-9]*` word, unless the site set `disable_wiki_links` ([`Options::wiki_links`]); a CamelCase word that was *not* a link (raw HTML, YesWiki's `""WikiWord""` escape) is written `&#70;ooBar` so it stays a word |
//! | `https://x` | `<https://x>` | punctuation ending the sentence is left out of the link |
//! | a line break | a hard break (`\` ending the line) | YesWiki shows every newline; a blank line separates paragraphs, more are one |
//! | `---` | a hard break | YesWiki's forced line break |
//! | `----` | `----` | a rule |
//! | `\t- a`, ` - a`, `- a`, `* a` | `- a` | nesting follows indentation (16 levels at most) |
//! | `\t1) a`, `\ta) a`, `\ti) a`, `\t1. a`, `1. a` | `1. a` | letters and Roman numerals become numbers |
//! | an indented line without a marker | a continuation line of the item above when deeper, an item at the same depth, otherwise a plain line | YesWiki drew an item without a bullet; a lone indent is lost |
//! | `> q` at the start of a line | `> q` | YesWiki showed the `>`; authors writing it mean a quotation |
//! | `[\|`…`\|]` table | a GFM table, the first row as header | row and cell attributes and alignment are dropped |
//! | `{#comment#}` | nothing | YesWiki never showed it (warning) |
//! | `{{attach file=… desc=…}}` image | `![desc](attachment:NAME)`, inside `[…](target)` with `link=`; `caption` and `legend` in italics on the next line | `size`, `class` (alignment, shadow), `width`, `height` are dropped (warning): coopwiki has no syntax for them yet, and an image title would show them to readers as a tooltip. YesWiki's generated `image NAME (SIZE)` description becomes the caption, or NAME. A file the import did not carry keeps the action as code. |
//! | `{{attach}}` other file | `[desc](attachment:NAME)` | audio, video and PDF players become download links |
//! | `{{button link=… text=…}}`, `{{lien}}` | a link | icons and classes are dropped; `config/root_page` links to `/` |
//! | `{{nav links=… titles=…}}` | a list of links | |
//! | `{{section}}`, `{{grid}}`, `{{col}}`, `{{accordion}}`, `{{label}}` … `{{end elem=…}}` | their content | layout, colours and backgrounds are dropped |
//! | `{{panel title=…}}`, `{{buttondropdown title=…}}`, `{{tabs titles=…}}` + `{{tab}}` | the title in bold, then the content | folding and tabs become sections one after the other |
//! | `{{include page=P}}` | `![[P]]` | an embed: a link today, the page's content once coopwiki renders embeds |
//! | `{{bazarliste id=N query=…}}`, `{{bazar}}`, `{{bazarcarto}}`, `{{calendrier}}` | `[Form](/-/methods?form=Form&field=value)` | the catalogue of the imported form, with the filters of `query` (`f=a,b\|g=c`; field keys as YesWiki named them, reserved names dropped); `vue="saisir"` links to `/-/methods/new?form=Form`; templates (cards, map, calendar…), facets and sorting are not reproduced (warning). A form the import did not carry keeps the action as code. |
//! | `{{recentchanges}}` (and `recentlycommented`, `recentcomments`), their RSS kin, `{{pageindex}}`/`{{listpages}}`, `{{textsearch}}`, `{{login}}`, `{{usersettings}}`, `{{backlinks}}` | links to `/-/recent`, `/-/recent.atom`, `/-/pages`, `/-/search`, `/-/login`, `/-/account`, `/Page/backlinks` | labelled in English: the converter does not know the site's language |
//! | any other action, an `{{end}}` of an unknown element | `` `{{action …}}` `` | kept whole (line breaks as spaces) as code, so an editor can find it (warning) |
//!
//! Also lossy, by choice: a title (`==T==`) in the middle of a line stays text; the content of
//! `_x_` and `*x*` is formatted (YesWiki showed it raw) and `a*b*c` is italic, as in Markdown;
//! a backslash before punctuation is read as a Markdown escape (`\*` shows `*`), so that the
//! converter can read its own output; `[[A b|c]]` is YesWiki's link to `A` labelled `b|c`,
//! while `[[A|c]]` is coopwiki's; `[10%]` progress bars and `[[|other wiki]]` inclusions stay
//! text.
//!
//! # Reading its own output
//!
//! Converting twice gives the same text (`convert(convert(x)) == convert(x)`), which makes an
//! interrupted or repeated import harmless. It holds because the reader accepts, besides
//! YesWiki's syntax, every construct the writer produces (escapes, `<autolinks>`,
//! `[[Page|label]]`, fenced code, GFM tables, `1.` items, `\` breaks), and the writer escapes
//! every literal character either language would read as syntax (see `emit.rs`). Emphasis is
//! written as toggles, which is how both sides read it, so overlapping styles
//! (`**a //b** c//`) survive without Markdown-style nesting. Link targets are classified as
//! they are written (percent-encoded), so they read back as the same kind of link.
//!
//! # Cost
//!
//! Linear in the input: searches for closing delimiters are cached (`scan::Finder`), toggles
//! are paired in one pass, list nesting is bounded, and each raw HTML fragment reaches
//! html5ever only within bounds on nesting, tag count and escaping cost (past them, its text
//! is kept). Input beyond [`MAX_SOURCE_BYTES`] is kept as it was.

mod actions;
mod emit;
mod html;
mod ir;
mod links;
mod scan;
#[cfg(test)]
mod tests;

use std::collections::{HashSet, VecDeque};

use ir::{Atom, Block, Inl, Item, Node, Piece, flatten, resolve};
use scan::{Kind, Line, Tok};

/// Far above coopwiki's page size limit (256 KiB by default): only a misconfigured import
/// hands more to the converter, which then keeps the text as it was rather than spend
/// seconds on it.
pub const MAX_SOURCE_BYTES: usize = 4 << 20;

/// Deepest list nesting written; deeper items stay at this depth. Real lists stop far
/// earlier, and each level indents every line below it.
const MAX_LIST_DEPTH: usize = 16;

/// At most this many warnings per page; the rest are counted.
const MAX_WARNINGS: usize = 100;

/// What the converter needs from the import about the rest of the site.
pub struct Context<'a> {
    /// The page whose text this is (YesWiki tag).
    pub page: &'a str,
    /// The coopwiki attachment name of the file `{{attach file="…"}}` names on this page, when the import carried it.
    pub attachment: &'a dyn Fn(&str) -> Option<String>,
    /// The coopwiki form name of a Bazar form id (`{{bazarliste id="5"}}`), when it was imported.
    pub form: &'a dyn Fn(&str) -> Option<String>,
}

/// How the YesWiki site was configured, where that changes the meaning of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// CamelCase words are links (YesWiki's `disable_wiki_links` is false, its default).
    pub wiki_links: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { wiki_links: true }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub markdown: String,
    pub warnings: Vec<String>,
}

/// Never panics, never fails: anything not understood is kept visible in the text.
#[must_use]
pub fn convert(source: &str, cx: &Context<'_>) -> Converted {
    convert_with(source, cx, Options::default())
}

/// [`convert`] for a site whose configuration differs from YesWiki's defaults.
#[must_use]
pub fn convert_with(source: &str, cx: &Context<'_>, options: Options) -> Converted {
    if source.len() > MAX_SOURCE_BYTES {
        // As it was: readable, safe (the renderer shows any HTML in it as text), and the
        // same when converted again.
        return Converted {
            markdown: source.to_owned(),
            warnings: vec![format!(
                "The page is larger than {MAX_SOURCE_BYTES} bytes; its text was kept unconverted."
            )],
        };
    }
    let source = source.replace('\r', "");
    let mut converter = Converter {
        cx,
        warnings: Vec::new(),
        seen: HashSet::new(),
        dropped_warnings: 0,
        tab_titles: VecDeque::new(),
    };
    let lines = scan::lines(&source, options.wiki_links);
    let blocks = converter.blocks(lines);
    let markdown = emit::document(
        &blocks,
        emit::Flags {
            wiki_links: options.wiki_links,
        },
    );
    let mut warnings = converter.warnings;
    if converter.dropped_warnings > 0 {
        warnings.push(format!(
            "{} more warnings about this page were left out.",
            converter.dropped_warnings
        ));
    }
    Converted { markdown, warnings }
}

/// The state of one conversion, shared by the parts in `actions.rs`, `html.rs`, `links.rs`.
struct Converter<'c, 'a> {
    cx: &'c Context<'a>,
    warnings: Vec<String>,
    seen: HashSet<String>,
    dropped_warnings: usize,
    /// Titles of the `{{tabs}}` being read, for its `{{tab}}`s in order.
    tab_titles: VecDeque<String>,
}

/// The text of a code block as YesWiki showed it: without leading blank lines and trailing
/// whitespace (the indentation of the first line stays).
fn code_text(text: &str) -> String {
    let text = text.trim_end();
    let first = text
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(text.len());
    let start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    text[start..].to_owned()
}

/// A fence's language, reduced to what an info string may safely hold.
fn code_lang(lang: &str) -> String {
    lang.trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '.' | '#'))
        .take(32)
        .collect()
}

impl Converter<'_, '_> {
    fn warn(&mut self, warning: String) {
        if self.seen.contains(&warning) {
            return;
        }
        if self.warnings.len() >= MAX_WARNINGS {
            self.dropped_warnings += 1;
            return;
        }
        self.seen.insert(warning.clone());
        self.warnings.push(warning);
    }

    /// The nodes of a line's tokens.
    fn nodes(&mut self, toks: Vec<Tok>) -> Vec<Node> {
        let alone = toks.len() == 1;
        let mut out = Vec::with_capacity(toks.len());
        for tok in toks {
            match tok {
                Tok::Text(text) => out.push(Node::Inl(Inl::text(text))),
                Tok::Verbatim(text) => out.push(Node::Inl(Inl::atom(Atom::Verbatim(text)))),
                Tok::Toggle(delim) => out.push(Node::Inl(Inl::Toggle(delim))),
                Tok::Equals(n) => out.push(Node::Inl(Inl::text("=".repeat(n)))),
                Tok::Break => out.push(Node::Inl(Inl::atom(Atom::Break))),
                Tok::Rule => out.push(Node::Block(Block::Hr)),
                Tok::Code { lang, text } => {
                    let text = code_text(&text);
                    if text.contains('\n') || alone {
                        out.push(Node::Block(Block::Code {
                            lang: code_lang(&lang),
                            text,
                        }));
                    } else {
                        out.push(Node::Inl(Inl::atom(Atom::Code(text))));
                    }
                }
                Tok::CodeSpan(text) => out.push(Node::Inl(Inl::atom(Atom::Code(text)))),
                Tok::Raw(html) => out.extend(self.html(&html)),
                Tok::Action(inner) => out.extend(self.action(&inner)),
                Tok::Comment => {
                    self.warn("Dropped a YesWiki comment {#…#}: YesWiki never showed it.".into());
                }
                Tok::DoubleBracket(inner) => out.extend(self.double_bracket(&inner, false)),
                Tok::Embed(inner) => out.extend(self.double_bracket(&inner, true)),
                Tok::MdLink { label, url } => {
                    let atom = self.link_or_text(&url, &label);
                    out.push(Node::Inl(Inl::atom(atom)));
                }
                Tok::MdImage { alt, url, title } => {
                    let url = self.file_url(&url);
                    out.push(Node::Inl(Inl::atom(Atom::Image { alt, url, title })));
                }
                Tok::LinkedImage {
                    alt,
                    src,
                    title,
                    href,
                } => {
                    let src = self.file_url(&src);
                    let atom = match self.href(&href) {
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
                    };
                    out.push(Node::Inl(Inl::atom(atom)));
                }
                Tok::Url(url) => {
                    let scheme = url.split(':').next().unwrap_or("");
                    let atom = if matches!(scheme, "http" | "https") {
                        Atom::Autolink(url)
                    } else {
                        Atom::Text(url)
                    };
                    out.push(Node::Inl(Inl::atom(atom)));
                }
                Tok::Autolink(url) => out.push(Node::Inl(Inl::atom(Atom::Autolink(url)))),
                Tok::WikiWord(word) => out.push(Node::Inl(Inl::atom(Atom::WikiLink {
                    target: word,
                    label: None,
                    embed: false,
                }))),
            }
        }
        out
    }

    fn blocks(&mut self, lines: Vec<Line>) -> Vec<Block> {
        let mut builder = Builder::default();
        for line in lines {
            match line {
                Line::Blank => builder.close(),
                Line::Hr => {
                    builder.close();
                    builder.blocks.push(Block::Hr);
                }
                Line::Fence { lang, text } => {
                    builder.close();
                    builder.blocks.push(Block::Code {
                        lang: code_lang(&lang),
                        text: code_text(&text),
                    });
                }
                Line::Table(rows) => {
                    builder.close();
                    let rows: Vec<Vec<Vec<Piece>>> = rows
                        .into_iter()
                        .map(|row| {
                            row.into_iter()
                                .map(|cell| {
                                    let nodes = self.nodes(cell);
                                    resolve(inline_only(nodes))
                                })
                                .collect()
                        })
                        .filter(|row: &Vec<Vec<Piece>>| !row.is_empty())
                        .collect();
                    if !rows.is_empty() {
                        builder.blocks.push(Block::Table(rows));
                    }
                }
                Line::Text { kind, toks } => match kind {
                    Kind::Heading { level, wakka } => {
                        builder.close();
                        let (title, rest) = if wakka {
                            split_title(toks)
                        } else {
                            (toks, Vec::new())
                        };
                        let nodes = self.nodes(title);
                        let pieces = resolve(trim_breaks(inline_only(nodes)));
                        builder.blocks.push(Block::Heading(level, pieces));
                        if !rest.is_empty() {
                            let nodes = self.nodes(rest);
                            builder.plain(nodes);
                        }
                    }
                    Kind::Plain => {
                        let nodes = self.nodes(toks);
                        builder.plain(nodes);
                    }
                    Kind::Quote => {
                        let nodes = self.nodes(toks);
                        builder.quote(nodes);
                    }
                    Kind::Item { indent, ordered } => {
                        let nodes = self.nodes(toks);
                        builder.item(indent, ordered, inline_only(nodes));
                    }
                    Kind::Indented { indent } => {
                        let nodes = self.nodes(toks);
                        if let Open::List(list) = &mut builder.open {
                            list.indented(indent, inline_only(nodes));
                        } else {
                            builder.plain(nodes);
                        }
                    }
                },
            }
        }
        builder.close();
        builder.blocks
    }
}

/// A YesWiki title line's tokens: the title (between the first two `=` runs) and what
/// follows it on the line.
fn split_title(toks: Vec<Tok>) -> (Vec<Tok>, Vec<Tok>) {
    let mut title = Vec::new();
    let mut rest = Vec::new();
    let mut opened = false;
    let mut closed = false;
    for tok in toks {
        match tok {
            Tok::Equals(_) if !opened => opened = true,
            Tok::Equals(_) if !closed => closed = true,
            tok if closed => rest.push(tok),
            tok => title.push(tok),
        }
    }
    (title, rest)
}

/// Inline content of nodes, for places that hold no blocks (items, cells, titles): blocks
/// are flattened between line breaks, paragraph ends vanish.
fn inline_only(nodes: Vec<Node>) -> Vec<Inl> {
    let mut out = Vec::new();
    let mut after_block = false;
    for node in nodes {
        match node {
            Node::Inl(inl) => {
                if after_block {
                    out.push(Inl::atom(Atom::Break));
                    after_block = false;
                }
                out.push(inl);
            }
            Node::Split => {}
            Node::Block(block) => {
                let inls = flatten(block);
                if inls.is_empty() {
                    continue;
                }
                if !out.is_empty() {
                    out.push(Inl::atom(Atom::Break));
                }
                out.extend(inls);
                after_block = true;
            }
        }
    }
    out
}

/// Line breaks at either end of a block mean nothing.
fn trim_breaks(mut inls: Vec<Inl>) -> Vec<Inl> {
    let is_break = |inl: &Inl| matches!(inl, Inl::Atom(_, Atom::Break));
    while inls.last().is_some_and(is_break) {
        inls.pop();
    }
    let leading = inls.iter().take_while(|i| is_break(i)).count();
    inls.drain(..leading);
    inls
}

/// Whether a block's pieces show anything.
fn has_content(pieces: &[Piece]) -> bool {
    pieces.iter().any(|(_, atom)| match atom {
        Atom::Text(text) => !text.trim().is_empty(),
        Atom::Code(code) => !code.trim().is_empty(),
        Atom::Break => false,
        _ => true,
    })
}

#[derive(Default)]
enum Open {
    #[default]
    Nothing,
    Para(Vec<Inl>),
    Quote(Vec<Inl>),
    List(ListBuilder),
}

/// Gathers lines into blocks: consecutive text lines make a paragraph (joined by line
/// breaks), consecutive list lines a list, consecutive `>` lines a quotation.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    open: Open,
}

impl Builder {
    fn close(&mut self) {
        match std::mem::take(&mut self.open) {
            Open::Nothing => {}
            Open::Para(inls) => {
                let pieces = resolve(trim_breaks(inls));
                if has_content(&pieces) {
                    self.blocks.push(Block::Para(pieces));
                }
            }
            Open::Quote(inls) => {
                let pieces = resolve(trim_breaks(inls));
                if has_content(&pieces) {
                    self.blocks.push(Block::Quote(pieces));
                }
            }
            Open::List(list) => {
                let items = list.finish();
                if !items.is_empty() {
                    self.blocks.push(Block::List(items));
                }
            }
        }
    }

    fn plain(&mut self, nodes: Vec<Node>) {
        if let Open::Para(inls) = &mut self.open {
            inls.push(Inl::atom(Atom::Break));
        } else {
            self.close();
            self.open = Open::Para(Vec::new());
        }
        for node in nodes {
            match node {
                Node::Inl(inl) => {
                    if let Open::Para(inls) = &mut self.open {
                        inls.push(inl);
                    }
                }
                Node::Split => {
                    self.close();
                    self.open = Open::Para(Vec::new());
                }
                Node::Block(block) => {
                    self.close();
                    self.blocks.push(block);
                    self.open = Open::Para(Vec::new());
                }
            }
        }
    }

    fn quote(&mut self, nodes: Vec<Node>) {
        if let Open::Quote(inls) = &mut self.open {
            inls.push(Inl::atom(Atom::Break));
        } else {
            self.close();
            self.open = Open::Quote(Vec::new());
        }
        if let Open::Quote(inls) = &mut self.open {
            inls.extend(inline_only(nodes));
        }
    }

    fn item(&mut self, indent: usize, ordered: bool, inls: Vec<Inl>) {
        if !matches!(self.open, Open::List(_)) {
            self.close();
            self.open = Open::List(ListBuilder::default());
        }
        if let Open::List(list) = &mut self.open {
            list.add(indent, ordered, inls);
        }
    }
}

/// List items and their nesting, from indentation: deeper than the item above opens a level,
/// shallower returns to the level of that indentation (or the nearest above it).
#[derive(Default)]
struct ListBuilder {
    items: Vec<(usize, bool, Vec<Inl>)>,
    /// Indentation and kind of each open level.
    levels: Vec<(usize, bool)>,
}

impl ListBuilder {
    fn add(&mut self, indent: usize, ordered: bool, inls: Vec<Inl>) {
        while self.levels.last().is_some_and(|&(i, _)| indent < i) {
            self.levels.pop();
        }
        match self.levels.last_mut() {
            Some((i, kind)) if *i == indent => *kind = ordered,
            _ => self.levels.push((indent, ordered)),
        }
        let depth = (self.levels.len() - 1).min(MAX_LIST_DEPTH);
        self.items.push((depth, ordered, inls));
    }

    /// An indented line without a marker: deeper than the item above, it continues it (on a
    /// new line); otherwise it is an item of the list at its level, as YesWiki drew it.
    fn indented(&mut self, indent: usize, inls: Vec<Inl>) {
        let item_indent = self.levels.last().map_or(0, |&(i, _)| i);
        if indent > item_indent
            && let Some((_, _, last)) = self.items.last_mut()
        {
            last.push(Inl::atom(Atom::Break));
            last.extend(inls);
            return;
        }
        let kind = self
            .levels
            .iter()
            .rev()
            .find(|&&(i, _)| i <= indent)
            .is_some_and(|&(i, ordered)| i == indent && ordered);
        self.add(indent, kind, inls);
    }

    fn finish(self) -> Vec<Item> {
        self.items
            .into_iter()
            .map(|(depth, ordered, inls)| Item {
                depth,
                ordered,
                pieces: resolve(trim_breaks(inls)),
            })
            .collect()
    }
}
