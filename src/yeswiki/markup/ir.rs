//! The intermediate form between YesWiki text and Markdown: blocks of styled inline atoms.
//!
//! Styles are sets, not nesting: YesWiki's `**`, `//`, `@@`… are toggles that may overlap
//! (`**a //b** c//`), and the Markdown writer turns each change of set into delimiters. Keeping
//! the toggles until a block is complete lets an unmatched one fall back to literal text.

/// A set of inline styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Style(u8);

impl Style {
    pub const NONE: Style = Style(0);
    pub const BOLD: Style = Style(1);
    pub const ITALIC: Style = Style(2);
    pub const STRIKE: Style = Style(4);
    /// Monospace: text under it becomes a code span.
    pub const MONO: Style = Style(8);

    pub fn has(self, other: Style) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub fn union(self, other: Style) -> Style {
        Style(self.0 | other.0)
    }

    pub fn intersect(self, other: Style) -> Style {
        Style(self.0 & other.0)
    }

    pub fn without(self, other: Style) -> Style {
        Style(self.0 & !other.0)
    }
}

/// One of YesWiki's toggling delimiters. Several spell the same style (`//`, `*`, `_` and
/// `__` are all italic here); each is paired only with itself, as YesWiki does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Delim {
    Bold,
    ItalicSlash,
    ItalicStar,
    ItalicUnderscore,
    Underline,
    Strike,
    Deleted,
    Mono,
    Inserted,
}

impl Delim {
    pub const ALL: [Delim; 9] = [
        Delim::Bold,
        Delim::ItalicSlash,
        Delim::ItalicStar,
        Delim::ItalicUnderscore,
        Delim::Underline,
        Delim::Strike,
        Delim::Deleted,
        Delim::Mono,
        Delim::Inserted,
    ];

    fn index(self) -> usize {
        self as usize
    }

    pub fn style(self) -> Style {
        match self {
            Delim::Bold => Style::BOLD,
            Delim::ItalicSlash | Delim::ItalicStar | Delim::ItalicUnderscore | Delim::Underline => {
                Style::ITALIC
            }
            Delim::Strike | Delim::Deleted => Style::STRIKE,
            Delim::Mono => Style::MONO,
            // YesWiki's "inserted" (`££`) is a coloured span; Markdown has no equivalent.
            Delim::Inserted => Style::NONE,
        }
    }

    /// The source text of an unmatched delimiter, shown as written.
    pub fn literal(self) -> &'static str {
        match self {
            Delim::Bold => "**",
            Delim::ItalicSlash => "//",
            Delim::ItalicStar => "*",
            Delim::ItalicUnderscore => "_",
            Delim::Underline => "__",
            Delim::Strike => "~~",
            Delim::Deleted => "@@",
            Delim::Mono => "##",
            Delim::Inserted => "££",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Atom {
    /// Literal text: the writer escapes whatever Markdown (or YesWiki) would read as syntax.
    Text(String),
    /// Written as is: character references (`&eacute;`), which both languages decode alike.
    Verbatim(String),
    Code(String),
    /// A hard line break: YesWiki shows every newline.
    Break,
    WikiLink {
        target: String,
        label: Option<String>,
        embed: bool,
    },
    /// `label` is plain text (YesWiki escapes link texts).
    Link {
        url: String,
        label: String,
    },
    Image {
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
    Autolink(String),
}

pub(super) type Piece = (Style, Atom);

/// Inline content before its toggles are paired. `Atom` carries the styles it has on its own
/// (HTML `<b>` is already paired), which the toggles around it add to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Inl {
    Atom(Style, Atom),
    Toggle(Delim),
}

impl Inl {
    pub fn text(text: impl Into<String>) -> Inl {
        Inl::Atom(Style::NONE, Atom::Text(text.into()))
    }

    pub fn atom(atom: Atom) -> Inl {
        Inl::Atom(Style::NONE, atom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item {
    pub depth: usize,
    pub ordered: bool,
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    Para(Vec<Piece>),
    Heading(u8, Vec<Piece>),
    Hr,
    List(Vec<Item>),
    Quote(Vec<Piece>),
    Code { lang: String, text: String },
    Table(Vec<Vec<Vec<Piece>>>),
}

/// What converting one token yields: inline content, the end of the current paragraph (a
/// YesWiki `{{section}}` or an HTML `<div>`), or a block of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Node {
    Inl(Inl),
    Split,
    Block(Block),
}

/// Pairs the toggles of one block: the first of a kind opens, the next closes, and an odd one
/// out (the last) is shown as the text it was. Linear in the input.
pub(super) fn resolve(inls: Vec<Inl>) -> Vec<Piece> {
    let mut counts = [0usize; Delim::ALL.len()];
    for inl in &inls {
        if let Inl::Toggle(delim) = inl {
            counts[delim.index()] += 1;
        }
    }
    let mut seen = [0usize; Delim::ALL.len()];
    let mut active = [false; Delim::ALL.len()];
    let mut pieces = Vec::with_capacity(inls.len());
    for inl in inls {
        match inl {
            Inl::Atom(extra, atom) => {
                let mut style = extra;
                for delim in Delim::ALL {
                    if active[delim.index()] {
                        style = style.union(delim.style());
                    }
                }
                pieces.push((style, atom));
            }
            Inl::Toggle(delim) => {
                let i = delim.index();
                seen[i] += 1;
                if counts[i] % 2 == 1 && seen[i] == counts[i] {
                    let mut style = Style::NONE;
                    for other in Delim::ALL {
                        if active[other.index()] {
                            style = style.union(other.style());
                        }
                    }
                    pieces.push((style, Atom::Text(delim.literal().to_owned())));
                } else {
                    active[i] = !active[i];
                }
            }
        }
    }
    pieces
}

/// Inline content standing for a block where only inline content fits (a list item, a table
/// cell, a heading): its parts separated by line breaks.
pub(super) fn flatten(block: Block) -> Vec<Inl> {
    fn pieces(out: &mut Vec<Inl>, pieces: Vec<Piece>) {
        if pieces.is_empty() {
            return;
        }
        if !out.is_empty() {
            out.push(Inl::atom(Atom::Break));
        }
        out.extend(
            pieces
                .into_iter()
                .map(|(style, atom)| Inl::Atom(style, atom)),
        );
    }
    let mut out = Vec::new();
    match block {
        Block::Para(p) | Block::Heading(_, p) | Block::Quote(p) => pieces(&mut out, p),
        Block::Hr => {}
        Block::List(items) => {
            for item in items {
                pieces(&mut out, item.pieces);
            }
        }
        Block::Code { text, .. } => {
            for line in text.lines() {
                pieces(
                    &mut out,
                    vec![(Style::NONE, Atom::Code(line.trim().to_owned()))],
                );
            }
        }
        Block::Table(rows) => {
            for row in rows {
                let mut line = Vec::new();
                for cell in row {
                    if !line.is_empty() {
                        line.push((Style::NONE, Atom::Text(" · ".to_owned())));
                    }
                    line.extend(cell);
                }
                pieces(&mut out, line);
            }
        }
    }
    out
}
