//! The second wall: an HTML allow-list run over comrak's output.
//!
//! The AST pass in `mod.rs` already guarantees that no author-written markup reaches the
//! output. This pass exists so that a mistake there, or a change in what comrak emits after an
//! upgrade, degrades into missing attributes rather than script. The lists below are exactly what
//! comrak emits with our options plus the wiki-link markup we build; anything new must be added
//! here on purpose.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

/// The `rel` values the renderer writes: `nofollow` on links to missing pages (edit links must
/// not be crawled), and the external-link set. ammonia's own `link_rel` cannot be used because it
/// stamps one value on every `<a>` (internal wiki links, heading anchors, footnote references)
/// and forbids `rel` in the allow-list, so missing-page links could not keep their own value.
pub(super) const REL_MISSING: &str = "nofollow";
pub(super) const REL_EXTERNAL: &str = "nofollow noopener noreferrer";

/// Built once: the builder is immutable after configuration and `clean` takes `&self`.
/// The classes of aligned table cells (see `super::aligned_by_class`).
const ALIGNED: [&str; 3] = ["align-left", "align-center", "align-right"];

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from([
            "a",
            "blockquote",
            "br",
            "code",
            "del",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "img",
            "input",
            "li",
            "ol",
            "p",
            "pre",
            "section",
            "span",
            "strong",
            "sup",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
        ]))
        .clean_content_tags(HashSet::from(["script", "style"]))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([
            (
                "a",
                HashSet::from([
                    "href",
                    "title",
                    "id",
                    "aria-label",
                    "data-heading-content",
                    "data-footnote-ref",
                    "data-footnote-backref",
                    "data-footnote-backref-idx",
                ]),
            ),
            ("img", HashSet::from(["src", "alt", "title"])),
            ("code", HashSet::from(["class"])),
            ("ol", HashSet::from(["start"])),
            ("li", HashSet::from(["id"])),
            ("section", HashSet::from(["data-footnotes"])),
            ("input", HashSet::from(["checked"])),
            ("h1", HashSet::from(["id"])),
            ("h2", HashSet::from(["id"])),
            ("h3", HashSet::from(["id"])),
            ("h4", HashSet::from(["id"])),
            ("h5", HashSet::from(["id"])),
            ("h6", HashSet::from(["id"])),
        ]))
        .tag_attribute_values(HashMap::from([
            (
                "a",
                HashMap::from([("rel", HashSet::from([REL_MISSING, REL_EXTERNAL]))]),
            ),
            (
                "input",
                HashMap::from([("type", HashSet::from(["checkbox"]))]),
            ),
        ]))
        // Whatever reaches the sanitiser as an <input>, it leaves disabled. (One entry only:
        // ammonia appends these from a HashMap, and two would come out in random order.)
        .set_tag_attribute_values(HashMap::from([(
            "input",
            HashMap::from([("disabled", "")]),
        )]))
        .allowed_classes(HashMap::from([
            (
                "a",
                HashSet::from(["wikilink", "missing", "anchor", "footnote-backref"]),
            ),
            (
                "span",
                HashSet::from([
                    "wikilink",
                    "invalid",
                    "img-left",
                    "img-right",
                    "img-center",
                    "img-small",
                    "img-medium",
                    "img-large",
                ]),
            ),
            ("sup", HashSet::from(["footnote-ref"])),
            ("section", HashSet::from(["footnotes"])),
            ("th", HashSet::from(ALIGNED)),
            ("td", HashSet::from(ALIGNED)),
        ]))
        .attribute_filter(only_language_classes)
        .url_schemes(HashSet::from(super::url::ALLOWED_SCHEMES))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .id_prefix(None);
    builder
});

/// Fenced code carries `class="language-<info>"` with an author-chosen suffix, so it cannot be
/// an entry in `allowed_classes`; the prefix keeps authors away from the site's own classes.
fn only_language_classes<'v>(
    element: &str,
    attribute: &str,
    value: &'v str,
) -> Option<Cow<'v, str>> {
    let allowed = element != "code"
        || attribute != "class"
        || value
            .split_ascii_whitespace()
            .all(|class| class.len() > "language-".len() && class.starts_with("language-"));
    allowed.then_some(Cow::Borrowed(value))
}

/// Runs the allow-list. The caller must already have checked [`within_budget`] and bounded the
/// nesting depth: html5ever's tree builder is quadratic in it.
///
/// html5ever resolves a named character reference through a hash lookup per character but a
/// numeric one directly, so comrak's `&lt;`, `&gt;` and `&quot;` are handed over as `&#60;`,
/// `&#62;` and `&#34;`: the same characters in text and in attribute values, and about half the
/// sanitising time for text full of them. (Every `&` in comrak's output starts a reference it
/// wrote; a literal one is always `&amp;`, which is left alone.)
pub(super) fn clean(html: &str) -> String {
    let numeric = html
        .replace("&lt;", "&#60;")
        .replace("&gt;", "&#62;")
        .replace("&quot;", "&#34;");
    SANITIZER.clean(&numeric).to_string()
}

/// Most bytes html5ever 0.40's serialiser may scan for one document (see [`within_budget`]):
/// under 100 ms of work even for the densest case (NBSP, where the estimate is exact). Real pages
/// stay far below it: a 256 KiB code block holding 40 000 `&` estimates at about 60 % of it.
const MAX_ESCAPE_SCAN: u64 = 1 << 32;

/// Whether serialising the sanitised DOM stays cheap.
///
/// html5ever 0.40.1's `write_escaped` looks for the next `<`/`>` (and `"` in attributes) over
/// the whole rest of a text node or attribute value every time it meets a `&` or a 0xC2 byte
/// (the lead byte of U+0080..U+00BF, NBSP included). A long run full of those and free of angle
/// brackets therefore costs (count × length): 512 KiB of `&` in one paragraph or one link title
/// takes seconds. This sums, for every `&amp;` or 0xC2 in comrak's output, the distance to the
/// next thing that stops that search (a tag boundary, or `&lt;`/`&gt;`, which become `<`/`>` in
/// the DOM). Distances are in escaped bytes, so it overestimates, which is the safe direction.
pub(super) fn within_budget(html: &str) -> bool {
    let bytes = html.as_bytes();
    let mut distance = 0u64;
    let mut scan = 0u64;
    for (i, &byte) in bytes.iter().enumerate().rev() {
        let stop = match byte {
            b'<' | b'>' => true,
            b'&' => bytes[i..].starts_with(b"&lt;") || bytes[i..].starts_with(b"&gt;"),
            _ => false,
        };
        if stop {
            distance = 0;
            continue;
        }
        distance += 1;
        if byte == 0xC2 || (byte == b'&' && bytes[i..].starts_with(b"&amp;")) {
            scan += distance;
            if scan > MAX_ESCAPE_SCAN {
                return false;
            }
        }
    }
    true
}
