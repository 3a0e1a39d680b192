//! Markdown rendering for page revisions: untrusted source in, HTML that is safe to embed out.
//!
//! The pipeline, and why each step is there:
//!
//! 1. comrak parses the source into an AST under a time budget, so no input can hold a worker
//!    longer than `PARSE_TIME_LIMIT` (security promise 6).
//! 2. Documents that are too deep ([`MAX_NESTING`]) or have too many table cells
//!    (`MAX_TABLE_CELLS`) are not rendered but shown as escaped source: html5ever (inside
//!    ammonia) is quadratic in nesting depth, and a one-line table header can expand a few
//!    kilobytes of short rows into millions of cells. So is HTML whose serialisation would hit
//!    html5ever's quadratic escaping (see `sanitize::within_budget`).
//! 3. The AST is rewritten so that nothing the author wrote can become markup (promise 1): raw
//!    HTML turns into literal text, link and image URLs pass a scheme allow-list, and wiki links
//!    become tags we build ourselves from what the caller resolved.
//! 4. comrak renders with raw HTML off, and ammonia re-checks the result against an explicit
//!    allow-list as a second wall.

mod sanitize;
#[cfg(test)]
mod tests;
mod url;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeCodeBlock, NodeValue};
use comrak::{Arena, Options};

/// Deepest AST nesting rendered normally. Real pages stay far below it (a list nested ten
/// levels is about 22); past it, html5ever's quadratic behaviour starts to matter well before
/// the input size limit does.
pub const MAX_NESTING: usize = 64;

/// Most table cells (across all tables) rendered normally. comrak stops autocompleting short
/// rows only after 500 000 cells per table, which is several megabytes of `<td></td>` for
/// ammonia to re-parse; a real wiki table of this size would be unreadable anyway.
const MAX_TABLE_CELLS: usize = 100_000;

/// Wall-clock budget for parsing one revision. A last resort: the structural bounds above
/// and comrak's own linear-time guarantees should keep every input far below it.
const PARSE_TIME_LIMIT: Duration = Duration::from_secs(2);

/// Width of the rendition an embedded attachment image points to (one of the thumbnail widths
/// the attachments module makes at upload).
pub const EMBED_WIDTH: u32 = 960;

/// A wiki link target resolved by the caller (who knows which pages exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    pub href: String,
    pub exists: bool,
}

/// Result of rendering one page revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// true when the input was too deeply nested / too pathological and was shown as escaped source instead
    pub degraded: bool,
    /// The text itself is past a bound (nesting, table cells, escaping budget), so every
    /// rendering of it degrades alike and the result may be remembered; false when only the
    /// clock ran out (a parse slowed by load is tried again next time).
    pub lasting: bool,
}

/// Why a text was not rendered.
#[derive(Debug)]
enum Bound {
    /// The parse ran out of time.
    Clock,
    /// The text's own structure is past a bound.
    Structure,
}

/// Targets of `[[Target]]` and `[[Target|label]]` wiki links in source order, deduplicated, trimmed, exactly as written (the caller normalises them).
///
/// Uses the same parser and bounds as [`render`], so the recorded links (backlinks, "wanted
/// pages") are the ones the page shows: none inside code, and none at all for a revision too
/// deep or too large to render. (The one check that needs the rendered HTML, the escaping
/// budget, is not repeated here; a page it degrades still reports its links.)
#[must_use]
pub fn wiki_link_targets(source: &str) -> Vec<String> {
    let options = options();
    let arena = Arena::new();
    let Some(root) = parse_bounded(&arena, source, &options) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    root.descendants()
        .filter_map(|node| match &node.data().value {
            NodeValue::WikiLink(link) => Some(target(&link.url).to_owned()),
            _ => None,
        })
        .filter(|target| !target.is_empty() && seen.insert(target.clone()))
        .collect()
}

/// Rendered HTML as written by a visitor without an account (a guest's comment): its links
/// to other sites also say `ugc`, so search engines give them no weight and spam earns
/// nothing. Works on the sanitiser's output, whose `rel` values are exactly those this module
/// writes; missing-page links already say `nofollow`.
#[must_use]
pub fn as_guest_content(html: &str) -> String {
    html.replace(
        &format!("rel=\"{}\"", sanitize::REL_EXTERNAL),
        &format!("rel=\"{} ugc\"", sanitize::REL_EXTERNAL),
    )
}

/// Renders untrusted Markdown to safe HTML. `resolve` maps a raw wiki-link target to its URL and existence, or None when the target is not a valid page name.
///
/// Never fails: input that cannot be rendered within the bounds comes back as escaped source
/// with `degraded` set, so the page stays readable and editable. `resolve` is called once per
/// distinct non-empty target, however often the page repeats it.
#[must_use]
pub fn render(source: &str, resolve: &dyn Fn(&str) -> Option<ResolvedLink>) -> Rendered {
    render_page(source, None, "", resolve)
}

/// [`render`] for the text of a page at `page_path` (e.g. `/Room_Setup`): `attachment:file`
/// URLs become that page's attachment addresses (images its embed-sized rendition). The
/// source names only the file, so the text survives renames of the page. Without a page
/// (`None`), `attachment:` links are dropped like any refused scheme.
///
/// `piece` names the part of its page this text is, `""` for the page's own text (a sheet
/// shows several texts, its fields, on one page): the ids the text makes are scoped by it (see
/// [`Ids`]), so two texts shown together never share one.
#[must_use]
pub fn render_page(
    source: &str,
    page_path: Option<&str>,
    piece: &str,
    resolve: &dyn Fn(&str) -> Option<ResolvedLink>,
) -> Rendered {
    match formatted(source, page_path, piece, resolve) {
        Ok(html) if sanitize::within_budget(&html) => Rendered {
            html: sanitize::clean(&html),
            degraded: false,
            lasting: false,
        },
        Ok(_) | Err(Bound::Structure) => Rendered {
            lasting: true,
            ..source_fallback(source)
        },
        Err(Bound::Clock) => source_fallback(source),
    }
}

/// Steps 1 to 4 but the sanitiser: the HTML comrak writes from the rewritten tree, or the
/// bound that was hit.
fn formatted(
    source: &str,
    page_path: Option<&str>,
    piece: &str,
    resolve: &dyn Fn(&str) -> Option<ResolvedLink>,
) -> Result<String, Bound> {
    let ids = Ids::of(piece);
    let mut options = options();
    options.extension.header_id_prefix = Some(ids.heading_prefix.clone());
    let arena = Arena::new();
    let root = parse(&arena, source, &options).ok_or(Bound::Clock)?;
    if !within_bounds(root) {
        return Err(Bound::Structure);
    }
    rewrite(&arena, root, page_path, resolve);
    ids.name_footnotes(root);
    let mut html = String::with_capacity(source.len() * 2);
    // Writing into a String fails only if a node cannot be written at all: the text's doing.
    comrak::format_html(root, &options, &mut html).map_err(|_| Bound::Structure)?;
    Ok(aligned_by_class(&html))
}

/// comrak aligns table cells with the `align` attribute, obsolete in HTML (and an inline style
/// would be refused by the site's content security policy): each becomes a class that the
/// style sheets align. Plain string work is exact here: raw HTML is off, so a `<` in what the
/// author wrote reaches the HTML as `&lt;`, and the tags matched can only be comrak's.
fn aligned_by_class(html: &str) -> String {
    let mut out = html.to_owned();
    for cell in ["th", "td"] {
        for side in ["left", "center", "right"] {
            out = out.replace(
                &format!("<{cell} align=\"{side}\">"),
                &format!("<{cell} class=\"align-{side}\">"),
            );
        }
    }
    out
}

/// Plain text of the document (no markup), for feed summaries and meta descriptions, at most `max_chars` characters, cut on a word boundary with "…".
///
/// Raw HTML is included as the text it is shown as on the page. Nesting does not matter here
/// (nothing is sanitised), so only a parse that runs out of time falls back to the source.
#[must_use]
pub fn plain_text(source: &str, max_chars: usize) -> String {
    let options = options();
    let arena = Arena::new();
    let mut summary = Summary::new(max_chars);
    let Some(root) = parse(&arena, source, &options) else {
        summary.push(source);
        return summary.finish();
    };
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => match &node.data().value {
                NodeValue::Text(text) => summary.push(text),
                NodeValue::Code(code) => summary.push(&code.literal),
                NodeValue::HtmlInline(literal) => summary.push(literal),
                NodeValue::CodeBlock(block) => summary.push(&block.literal),
                NodeValue::HtmlBlock(block) => summary.push(&block.literal),
                NodeValue::SoftBreak | NodeValue::LineBreak => summary.push(" "),
                _ => {}
            },
            // Block boundaries separate words even where the source had no space.
            NodeEdge::End(node) if node.data().value.block() => summary.push(" "),
            NodeEdge::End(_) => {}
        }
        if summary.is_full() {
            break;
        }
    }
    summary.finish()
}

/// The one set of options for parsing and formatting: both must agree (heading ids, footnotes).
/// Everything not set here stays at comrak's default: smart punctuation off, raw HTML off.
fn options() -> Options<'static> {
    let mut options = Options::default();
    let extension = &mut options.extension;
    extension.table = true;
    extension.strikethrough = true;
    extension.autolink = true;
    extension.tasklist = true;
    extension.footnotes = true;
    // Every heading gets an id, its anchor link pointing at it; `render_page` sets the prefix.
    extension.header_id_prefix = Some(String::new());
    extension.header_id_prefix_in_href = true;
    extension.wikilinks_title_after_pipe = true;
    options
}

/// Parses within [`PARSE_TIME_LIMIT`]; `None` when the budget ran out.
fn parse<'a>(arena: &'a Arena<'a>, source: &str, options: &Options) -> Option<&'a AstNode<'a>> {
    let deadline = Instant::now() + PARSE_TIME_LIMIT;
    comrak::try_parse_document(arena, source, options, &|| Instant::now() >= deadline).ok()
}

/// Parses and applies every bound that keeps formatting and sanitising cheap; `None` means
/// "show the source instead".
fn parse_bounded<'a>(
    arena: &'a Arena<'a>,
    source: &str,
    options: &Options,
) -> Option<&'a AstNode<'a>> {
    let root = parse(arena, source, options)?;
    within_bounds(root).then_some(root)
}

/// Iterative on purpose: the tree being measured may be thousands of levels deep.
fn within_bounds<'a>(root: &'a AstNode<'a>) -> bool {
    let mut cells = 0usize;
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            return false;
        }
        if matches!(node.data().value, NodeValue::TableCell) {
            cells += 1;
            if cells > MAX_TABLE_CELLS {
                return false;
            }
        }
        stack.extend(node.children().map(|child| (child, depth + 1)));
    }
    true
}

/// The ids a text makes, kept apart from the site's own (`cw-…`), from those of the other
/// texts shown on the same page, and from each other:
///
/// - headings: `h-{slug}`, `h-{piece}.{slug}` in a piece (comrak's slugs never hold a `.`,
///   and it numbers repeated slugs); a heading written `# cw-main` is `h-cw-main`, an empty
///   one `h-`, never an empty id;
/// - footnotes: `fn-{n}` and `fnref-{n}` (`fn-{piece}.{n}`), numbered in the order they are
///   shown, whatever their names in the source (a name is the author's, so `[^1]` in two
///   fields of a sheet, or a heading that slugs to `fn-1`, would otherwise collide).
struct Ids {
    heading_prefix: String,
    footnote_prefix: String,
}

impl Ids {
    fn of(piece: &str) -> Ids {
        let scope = if piece.is_empty() {
            String::new()
        } else {
            format!("{piece}.")
        };
        Ids {
            heading_prefix: format!("h-{scope}"),
            footnote_prefix: scope,
        }
    }

    /// Renames every footnote (definitions and references) to its number: comrak writes the
    /// name into the ids.
    fn name_footnotes<'a>(&self, root: &'a AstNode<'a>) {
        let mut names: HashMap<String, String> = HashMap::new();
        for node in root.descendants() {
            if let NodeValue::FootnoteDefinition(definition) = &mut node.data_mut().value {
                let number = names.len() + 1;
                let name = format!("{}{number}", self.footnote_prefix);
                names.insert(std::mem::replace(&mut definition.name, name.clone()), name);
            }
        }
        for node in root.descendants() {
            if let NodeValue::FootnoteReference(reference) = &mut node.data_mut().value
                && let Some(name) = names.get(&reference.name)
            {
                reference.name.clone_from(name);
            }
        }
    }
}

/// The target string handed to `resolve` and returned by [`wiki_link_targets`]; one function so
/// the two cannot drift apart.
fn target(url: &str) -> &str {
    url.trim()
}

/// Rewrites every node whose default rendering would either emit author-controlled markup or
/// lack the wiki's own semantics. After this pass the only markup in the tree is comrak's own
/// and the `Raw` tags built here from checked, escaped values.
fn rewrite<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    page_path: Option<&str>,
    resolve: &dyn Fn(&str) -> Option<ResolvedLink>,
) {
    // Collected first: the rewrites move nodes around, which would derail a live traversal.
    let nodes: Vec<_> = root
        .descendants()
        .filter(|node| {
            matches!(
                node.data().value,
                NodeValue::HtmlInline(_)
                    | NodeValue::HtmlBlock(_)
                    | NodeValue::WikiLink(_)
                    | NodeValue::Link(_)
                    | NodeValue::Image(_)
            )
        })
        .collect();
    let mut wiki_tags: HashMap<String, (String, &'static str)> = HashMap::new();
    for node in nodes {
        let value = node.data().value.clone();
        match value {
            NodeValue::HtmlInline(literal) => {
                node.data_mut().value = NodeValue::Text(literal.into());
            }
            // A block of HTML is shown the way the author typed it, line breaks included.
            NodeValue::HtmlBlock(block) => {
                node.data_mut().value = NodeValue::CodeBlock(Box::new(NodeCodeBlock {
                    fenced: true,
                    fence_char: b'`',
                    fence_length: 3,
                    literal: block.literal,
                    closed: true,
                    ..NodeCodeBlock::default()
                }));
            }
            // Embeds (`![[Page]]`) have no meaning of their own yet and render as plain links.
            NodeValue::WikiLink(link) => {
                let target = target(&link.url);
                let tags = wiki_tags
                    .entry(target.to_owned())
                    .or_insert_with(|| wiki_link_tags(target, resolve))
                    .clone();
                splice(arena, node, Some(tags));
            }
            NodeValue::Link(link) => {
                match url::check_in_page(&link.url, page_path, None) {
                    Some(safe) => splice(
                        arena,
                        node,
                        Some((link_open_tag(&safe, &link.title), "</a>")),
                    ),
                    // The author's words stay; only the link goes. Its address stays visible after
                    // them (unless the words are the address), so a reader can still see where it
                    // led and the author why it is not a link; an attachment that is not there
                    // (or not in a page) is nothing to show.
                    None => {
                        if url::attachment(&link.url).is_none() && text_of(node) != link.url {
                            let shown: String =
                                link.url.chars().filter(|c| !c.is_ascii_control()).collect();
                            node.insert_after(arena.alloc(
                                NodeValue::Text(format!(" ({})", shown.trim()).into()).into(),
                            ));
                        }
                        splice(arena, node, None);
                    }
                }
            }
            NodeValue::Image(link) => {
                let (address, layout) = url::image_layout(&link.url);
                match url::check_in_page(address, page_path, Some(EMBED_WIDTH)) {
                    Some(safe) => {
                        if let NodeValue::Image(image) = &mut node.data_mut().value {
                            image.url = safe.url;
                        }
                        // The classes are known words (`url::image_layout`), nothing typed.
                        if let Some(classes) = layout {
                            node.insert_before(arena.alloc(
                                NodeValue::Raw(format!("<span class=\"{classes}\">")).into(),
                            ));
                            node.insert_after(
                                arena.alloc(NodeValue::Raw("</span>".to_owned()).into()),
                            );
                        }
                    }
                    // The alt text stands in for a refused image.
                    None => splice(arena, node, None),
                }
            }
            _ => {}
        }
    }
}

/// The text of a node's children, as written (an autolink's is its address).
fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    node.descendants()
        .filter_map(|child| match &child.data().value {
            NodeValue::Text(text) => Some(text.to_string()),
            _ => None,
        })
        .collect()
}

/// Replaces `node` by its children, optionally between an opening and a closing raw tag.
/// `Raw` is used (not `HtmlInline`) because comrak writes it verbatim even with raw HTML off.
fn splice<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, tags: Option<(String, &str)>) {
    let close = tags.map(|(open, close)| {
        node.insert_before(arena.alloc(NodeValue::Raw(open).into()));
        close.to_owned()
    });
    while let Some(child) = node.first_child() {
        node.insert_before(child);
    }
    if let Some(close) = close {
        node.insert_before(arena.alloc(NodeValue::Raw(close).into()));
    }
    node.detach();
}

/// Built here rather than by comrak so that links leaving the wiki carry `rel` (comrak has no
/// option for it), and so the href written is exactly the one `url::check` approved.
fn link_open_tag(url: &url::SafeUrl, title: &str) -> String {
    let mut tag = String::from("<a href=\"");
    push_href(&mut tag, &url.url);
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        push_escaped(&mut tag, title);
    }
    if url.external {
        tag.push_str("\" rel=\"");
        tag.push_str(sanitize::REL_EXTERNAL);
    }
    tag.push_str("\">");
    tag
}

/// Opening and closing tags for one wiki link. The caller's href goes through the same scheme
/// check as author URLs: it is built from the author's target, and a bug there must not become
/// a script link.
fn wiki_link_tags(
    target: &str,
    resolve: &dyn Fn(&str) -> Option<ResolvedLink>,
) -> (String, &'static str) {
    // An empty target is not a page name, and `wiki_link_targets` never reports it.
    let resolved = (!target.is_empty())
        .then(|| resolve(target))
        .flatten()
        .and_then(|link| Some((url::check(&link.href)?, link.exists)));
    let Some((href, exists)) = resolved else {
        return (r#"<span class="wikilink invalid">"#.to_owned(), "</span>");
    };
    let mut tag = String::from("<a href=\"");
    push_href(&mut tag, &href.url);
    if exists {
        tag.push_str("\" class=\"wikilink\">");
    } else {
        tag.push_str("\" class=\"wikilink missing\" rel=\"");
        tag.push_str(sanitize::REL_MISSING);
        tag.push_str("\">");
    }
    (tag, "</a>")
}

/// comrak's own attribute escaping for URLs: percent-encodes what is not URL-safe (quotes and
/// angle brackets included), keeps existing `%XX`, and writes `&` as `&amp;`.
fn push_href(out: &mut String, url: &str) {
    // Writing into a String cannot fail.
    let _ = comrak::html::escape_href(out, url, false);
}

/// comrak's text escaping: `"`, `&`, `<`, `>`, and NUL replaced by U+FFFD.
fn push_escaped(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = comrak::html::escape(out, text);
}

/// The whole source as escaped preformatted text, as a text past the bounds is shown: linear
/// in the input and needs no sanitiser. A caller that knows a text degrades (see
/// [`Rendered::lasting`]) shows it so without parsing it again.
#[must_use]
pub fn source_fallback(source: &str) -> Rendered {
    let mut html = String::with_capacity(source.len() + 48);
    html.push_str(r#"<pre class="source-fallback">"#);
    push_escaped(&mut html, source);
    html.push_str("</pre>");
    Rendered {
        html,
        degraded: true,
        lasting: false,
    }
}

/// Accumulates text with whitespace runs collapsed to one space, and stops taking input once
/// it knows the result must be cut, so summarising a huge page costs no more than its start.
struct Summary {
    text: String,
    chars: usize,
    limit: usize,
    space_pending: bool,
}

impl Summary {
    fn new(limit: usize) -> Self {
        Summary {
            text: String::new(),
            chars: 0,
            limit,
            space_pending: false,
        }
    }

    fn is_full(&self) -> bool {
        self.chars > self.limit
    }

    fn push(&mut self, fragment: &str) {
        for c in fragment.chars() {
            if self.is_full() {
                return;
            }
            if c.is_whitespace() {
                self.space_pending = self.chars > 0;
                continue;
            }
            if self.space_pending {
                self.text.push(' ');
                self.chars += 1;
                self.space_pending = false;
            }
            self.text.push(c);
            self.chars += 1;
        }
    }

    /// Cuts to at most `limit` characters including the "…", at the last word boundary that
    /// fits; a single word longer than the limit is cut inside the word.
    fn finish(self) -> String {
        if !self.is_full() {
            return self.text;
        }
        let Some(room) = self.limit.checked_sub(1) else {
            return String::new();
        };
        let cut = self
            .text
            .char_indices()
            .nth(room)
            .map_or(self.text.len(), |(i, _)| i);
        let (head, rest) = self.text.split_at(cut);
        let head = if rest.starts_with(' ') {
            head
        } else {
            head.rfind(' ').map_or(head, |space| &head[..space])
        };
        format!("{}…", head.trim_end())
    }
}
