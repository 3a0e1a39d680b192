use std::fmt::Write as _;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::*;

/// Every target exists, under `/wiki/<target as written>` (so hostile targets reach the href).
fn existing(target: &str) -> Option<ResolvedLink> {
    Some(ResolvedLink {
        href: format!("/wiki/{target}"),
        exists: true,
    })
}

/// Pages "Home" and "Hostile" exist, names containing `/` are invalid, the rest are missing
/// and link to their edit form.
fn wiki(target: &str) -> Option<ResolvedLink> {
    if target.contains('/') {
        return None;
    }
    let exists = target == "Home" || target == "Hostile";
    let href = if exists {
        format!("/wiki/{target}")
    } else {
        format!("/edit?name={target}&new=1")
    };
    Some(ResolvedLink { href, exists })
}

fn html(source: &str) -> String {
    let rendered = render(source, &wiki);
    assert!(!rendered.degraded, "unexpectedly degraded: {source:?}");
    rendered.html
}

// ---------------------------------------------------------------------------------------------
// Output checker shared by the XSS tests and the properties.

/// One start tag of the (ammonia-serialised) output: its name and attributes, values decoded.
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Splits serialised HTML into its tags. Text `<` is always escaped in our output, so every
/// `<` starts a tag; attribute values are double-quoted and may contain `>`.
fn tags(html: &str) -> Vec<Tag> {
    let mut result = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let attr_end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let attr = rest[..attr_end].to_ascii_lowercase();
            rest = &rest[attr_end..];
            let mut value = String::new();
            if let Some(quoted) = rest.strip_prefix("=\"") {
                let close = quoted.find('"').expect("unterminated attribute value");
                value = quoted[..close]
                    .replace("&quot;", "\"")
                    .replace("&nbsp;", "\u{a0}")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&");
                rest = &quoted[close + 1..];
            } else {
                assert!(!rest.starts_with('='), "unquoted attribute in {html}");
            }
            attributes.push((attr, value));
        }
        result.push(Tag { name, attributes });
    }
    result
}

/// The promise-1 property: nothing in `html` can run script.
///
/// `javascript:` and ` onerror=` are looked for where they would act (URL attributes, attribute
/// names), not as substrings of the whole output: refused links keep their text, so a page may
/// legitimately *show* `javascript:alert(1)`, and heading text is repeated in `aria-label`.
fn assert_inert(html: &str) {
    let lower = html.to_ascii_lowercase();
    for element in [
        "<script", "<iframe", "<object", "<embed", "<style", "<svg", "<math", "<form",
    ] {
        assert!(!lower.contains(element), "{element} in output: {html}");
    }
    for tag in tags(html) {
        for (name, value) in &tag.attributes {
            assert!(
                !name.starts_with("on"),
                "event handler {name} on <{}>: {html}",
                tag.name
            );
            assert!(
                name != "style" && name != "srcdoc" && name != "formaction",
                "{name}: {html}"
            );
            if name == "href" || name == "src" {
                let seen: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_control() && *c != ' ')
                    .collect::<String>()
                    .to_ascii_lowercase();
                // What a browser reads as a scheme: a letter, then letters, digits, `+-.`.
                if let Some(colon) = seen.find(':')
                    && seen[..colon].starts_with(|c: char| c.is_ascii_alphabetic())
                    && seen[..colon]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                {
                    let scheme = &seen[..colon];
                    assert!(
                        !["javascript", "vbscript", "data", "file"].contains(&scheme)
                            && url::ALLOWED_SCHEMES.contains(&scheme),
                        "{name}={value:?} on <{}>: {html}",
                        tag.name
                    );
                }
            }
        }
    }
}

/// Runs `f`, prints how long it took (visible with `--nocapture`), and fails past `limit`.
fn timed<T>(label: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = f();
    let elapsed = start.elapsed();
    eprintln!("timing: {label}: {elapsed:?}");
    assert!(elapsed < limit, "{label} took {elapsed:?}");
    result
}

/// Generous: a debug build on a busy two-core machine.
const PATHOLOGICAL_LIMIT: Duration = Duration::from_secs(10);

fn render_pathological(label: &str, source: &str) -> Rendered {
    let rendered = timed(label, PATHOLOGICAL_LIMIT, || render(source, &existing));
    assert_inert(&rendered.html);
    // Escaped source (degraded) or real rendering: either way no runaway expansion.
    assert!(
        rendered.html.len() <= 16 * source.len() + 200_000,
        "{label}: {} bytes of HTML from {} bytes of source",
        rendered.html.len(),
        source.len()
    );
    timed(&format!("{label} (links)"), PATHOLOGICAL_LIMIT, || {
        wiki_link_targets(source)
    });
    let summary = timed(&format!("{label} (plain text)"), PATHOLOGICAL_LIMIT, || {
        plain_text(source, 200)
    });
    assert!(summary.chars().count() <= 200);
    rendered
}

// ---------------------------------------------------------------------------------------------
// GFM features.

#[test]
fn paragraphs_emphasis_and_code() {
    assert_eq!(
        html("Some *em*, **strong** and `co<de>`.\n"),
        "<p>Some <em>em</em>, <strong>strong</strong> and <code>co&lt;de&gt;</code>.</p>\n"
    );
}

#[test]
fn smart_punctuation_is_off() {
    assert_eq!(
        html("\"quoted\" -- it's...\n"),
        "<p>\"quoted\" -- it's...</p>\n"
    );
}

#[test]
fn tables_keep_alignment_as_classes() {
    let out = html("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
    assert!(out.contains("<th class=\"align-left\">a</th>"), "{out}");
    assert!(out.contains("<th class=\"align-center\">b</th>"), "{out}");
    assert!(out.contains("<td class=\"align-right\">3</td>"), "{out}");
    assert!(
        !out.contains("align=\""),
        "the attribute is obsolete: {out}"
    );
    assert!(out.contains("<thead>") && out.contains("<tbody>"), "{out}");
}

#[test]
fn strikethrough() {
    assert_eq!(html("~~gone~~\n"), "<p><del>gone</del></p>\n");
}

#[test]
fn autolinks_are_external() {
    let out = html("See www.example.org and https://example.com/x?a=1&b=2 or me@example.net.\n");
    assert!(
        out.contains(
            "<a href=\"http://www.example.org\" rel=\"nofollow noopener noreferrer\">www.example.org</a>"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "<a href=\"https://example.com/x?a=1&amp;b=2\" rel=\"nofollow noopener noreferrer\">"
        ),
        "{out}"
    );
    assert!(out.contains("<a href=\"mailto:me@example.net\""), "{out}");
}

#[test]
fn task_lists_are_disabled_checkboxes() {
    let out = html("- [x] done\n- [ ] todo\n");
    assert!(
        out.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\"> done</li>"),
        "{out}"
    );
    assert!(
        out.contains("<li><input type=\"checkbox\" disabled=\"\"> todo</li>"),
        "{out}"
    );
}

#[test]
fn footnotes_are_numbered_with_ids_and_backrefs() {
    let out = html("Claim[^src].\n\n[^src]: Source.\n");
    assert!(
        out.contains(
            "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref=\"\">1</a></sup>"
        ),
        "{out}"
    );
    assert!(
        out.contains("<section class=\"footnotes\" data-footnotes=\"\">"),
        "{out}"
    );
    assert!(out.contains("<li id=\"fn-1\">"), "{out}");
    assert!(
        out.contains("<a href=\"#fnref-1\" class=\"footnote-backref\" data-footnote-backref=\"\""),
        "{out}"
    );
}

#[test]
fn hostile_footnote_names_never_reach_an_attribute() {
    let out = html("x[^a\"onmouseover=alert(1)]\n\n[^a\"onmouseover=alert(1)]: y\n");
    assert_inert(&out);
    assert!(out.contains("id=\"fnref-1\""), "{out}");
    assert!(!out.contains("onmouseover"), "{out}");
}

#[test]
fn headings_get_ids_and_anchor_links() {
    let out = html("# Hello World\n\n## Hello World\n");
    assert!(out.contains(
        "<h1 id=\"h-hello-world\">Hello World<a href=\"#h-hello-world\" aria-label=\"Link to heading 'Hello World'\" data-heading-content=\"Hello World\" class=\"anchor\"></a></h1>"
    ), "{out}");
    assert!(out.contains("<h2 id=\"h-hello-world-1\">"), "{out}");
}

/// What a page writes cannot take the site's ids (`cw-main`, the skip link's target), its
/// footnotes', or none at all; and two texts shown on one page (a sheet's fields) never share
/// one.
#[test]
fn ids_from_content_are_prefixed_never_empty_and_scoped_by_piece() {
    let source = "# cw-main\n\n# fn-1\n\n## \n\nA note[^1].\n\n[^1]: The note.\n";
    let out = html(source);
    assert!(out.contains("<h1 id=\"h-cw-main\">"), "{out}");
    assert!(out.contains("<h1 id=\"h-fn-1\">"), "{out}");
    assert!(out.contains("<h2 id=\"h-\">"), "{out}");
    assert!(out.contains("<li id=\"fn-1\">"), "{out}");
    assert!(!out.contains("id=\"\""), "{out}");
    let piece = render_page(source, None, "tips", &|_| None).html;
    assert!(piece.contains("<h1 id=\"h-tips.cw-main\">"), "{piece}");
    assert!(piece.contains("href=\"#h-tips.cw-main\""), "{piece}");
    assert!(piece.contains("<li id=\"fn-tips.1\">"), "{piece}");
    assert!(piece.contains("href=\"#fn-tips.1\""), "{piece}");
    assert!(piece.contains("href=\"#fnref-tips.1\""), "{piece}");
}

#[test]
fn hostile_heading_text_stays_text() {
    let out = html("# x' onmouseover='alert(1) <img src=x onerror=alert(1)>\n");
    assert_inert(&out);
    assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
}

#[test]
fn fenced_code_keeps_language_class() {
    assert_eq!(
        html("```rust\nfn main() {}\n```\n"),
        "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>\n"
    );
    // comrak escapes the info string; the class is still only ever `language-…`.
    let out = html("```\"><script>\nx\n```\n");
    assert_inert(&out);
}

#[test]
fn blockquotes_lists_rules_and_breaks() {
    let out = html("> quote\n\n1. one\n\ntext\n\n3. three\n4. four\n\n---\n\nline  \nbreak\n");
    assert!(
        out.contains("<blockquote>\n<p>quote</p>\n</blockquote>"),
        "{out}"
    );
    assert!(out.contains("<ol start=\"3\">"), "{out}");
    assert!(out.contains("<hr>"), "{out}");
    assert!(out.contains("line<br>"), "{out}");
}

#[test]
fn images_with_safe_urls_render() {
    assert_eq!(
        html("![a cat](/files/cat.png \"Cat\")\n"),
        "<p><img src=\"/files/cat.png\" alt=\"a cat\" title=\"Cat\"></p>\n"
    );
}

#[test]
fn relative_links_are_internal_and_network_paths_external() {
    let out = html(
        "[a](/wiki/Home) [b](#top) [c](page?x=1) [d](//evil.example/) [e](/\\evil.example/)\n",
    );
    assert!(out.contains("<a href=\"/wiki/Home\">a</a>"), "{out}");
    assert!(out.contains("<a href=\"#top\">b</a>"), "{out}");
    assert!(out.contains("<a href=\"page?x=1\">c</a>"), "{out}");
    assert!(
        out.contains("<a href=\"//evil.example/\" rel=\"nofollow noopener noreferrer\">d</a>"),
        "{out}"
    );
    // Backslashes are percent-encoded, so `/\` cannot turn into a network path.
    assert!(out.contains("<a href=\"/%5Cevil.example/\">e</a>"), "{out}");
}

#[test]
fn link_titles_are_escaped() {
    let out = html("[x](/a \"t\\\" onmouseover=\\\"alert(1)\")\n");
    assert_inert(&out);
    assert!(
        out.contains("title=\"t&quot; onmouseover=&quot;alert(1)\""),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// Wiki links.

#[test]
fn existing_wiki_link() {
    assert_eq!(
        html("[[Home]]\n"),
        "<p><a href=\"/wiki/Home\" class=\"wikilink\">Home</a></p>\n"
    );
}

#[test]
fn wiki_link_with_label() {
    assert_eq!(
        html("[[Home|the *start*]]\n"),
        "<p><a href=\"/wiki/Home\" class=\"wikilink\">the *start*</a></p>\n"
    );
}

#[test]
fn missing_wiki_link_is_nofollow() {
    assert_eq!(
        html("[[New page|write it]]\n"),
        "<p><a href=\"/edit?name=New%20page&amp;new=1\" class=\"wikilink missing\" rel=\"nofollow\">write it</a></p>\n"
    );
}

#[test]
fn invalid_wiki_link_is_a_span() {
    assert_eq!(
        html("[[a/b|label]] and [[c/d]]\n"),
        "<p><span class=\"wikilink invalid\">label</span> and <span class=\"wikilink invalid\">c/d</span></p>\n"
    );
}

#[test]
fn resolver_gets_the_trimmed_target() {
    let seen = std::cell::RefCell::new(Vec::new());
    let out = render(
        "[[  Spaced Name  |x]] [[ Home ]] [[Home|again]] [[ ]]",
        &|target: &str| {
            seen.borrow_mut().push(target.to_owned());
            None
        },
    );
    // Once per distinct target; never for an empty one.
    assert_eq!(*seen.borrow(), ["Spaced Name", "Home"]);
    assert_eq!(
        out.html.matches("wikilink invalid").count(),
        4,
        "{}",
        out.html
    );
}

#[test]
fn hostile_wiki_targets_and_labels_are_escaped() {
    let out = render("[[<script>|\"><img onerror=x>]]\n", &existing).html;
    assert_inert(&out);
    assert_eq!(
        out,
        "<p><a href=\"/wiki/%3Cscript%3E\" class=\"wikilink\">\"&gt;&lt;img onerror=x&gt;</a></p>\n"
    );
    let out = render("[[\" onmouseover=\"alert(1)]]\n", &existing).html;
    assert_inert(&out);
    let out = render("[[x|</a><script>alert(1)</script>]]\n", &wiki).html;
    assert_inert(&out);
    assert!(
        out.contains("&lt;/a&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>"),
        "{out}"
    );
}

#[test]
fn resolver_hrefs_pass_the_scheme_check() {
    let hostile = |_: &str| {
        Some(ResolvedLink {
            href: "javascript:alert(1)".to_owned(),
            exists: true,
        })
    };
    assert_eq!(
        render("[[Home]]", &hostile).html,
        "<p><span class=\"wikilink invalid\">Home</span></p>\n"
    );
    let quoting = |_: &str| {
        Some(ResolvedLink {
            href: "/wiki/a\"b'c<d>".to_owned(),
            exists: true,
        })
    };
    assert_eq!(
        render("[[Home]]", &quoting).html,
        "<p><a href=\"/wiki/a%22b'c%3Cd%3E\" class=\"wikilink\">Home</a></p>\n"
    );
}

#[test]
fn wiki_links_in_code_are_text() {
    assert_eq!(html("`[[Home]]`\n"), "<p><code>[[Home]]</code></p>\n");
    assert!(wiki_link_targets("`[[Home]]`\n\n    [[Indented]]\n").is_empty());
}

#[test]
fn wiki_link_embeds_render_as_links() {
    assert_eq!(
        html("![[Home]]\n"),
        "<p><a href=\"/wiki/Home\" class=\"wikilink\">Home</a></p>\n"
    );
}

#[test]
fn wiki_link_targets_in_order_deduplicated_as_written() {
    let source = "[[Zeta]] then [[alpha|A]] and [[ Zeta ]] again, [[ALPHA]], [[Home|x]] [[]] \
                  [[  ]]\n\n> [[Quoted]]\n\n| [[In table]] |\n|-|\n| [[Cell]] |\n";
    assert_eq!(
        wiki_link_targets(source),
        [
            "Zeta", "alpha", "ALPHA", "Home", "Quoted", "In table", "Cell"
        ]
    );
}

#[test]
fn wiki_link_targets_of_degraded_pages_are_empty() {
    let deep = format!("{}[[Home]]", "> ".repeat(MAX_NESTING + 10));
    assert!(render(&deep, &wiki).degraded);
    assert!(wiki_link_targets(&deep).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Raw HTML.

#[test]
fn inline_html_is_shown_as_text() {
    assert_eq!(html("a <b>x</b> c\n"), "<p>a &lt;b&gt;x&lt;/b&gt; c</p>\n");
}

#[test]
fn block_html_is_shown_as_source() {
    assert_eq!(
        html("<div onclick=\"alert(1)\">\nhi\n</div>\n"),
        "<pre><code>&lt;div onclick=\"alert(1)\"&gt;\nhi\n&lt;/div&gt;\n</code></pre>\n"
    );
    let out = html("<script>alert(1)</script>\n\n<!-- note -->\n\n<iframe src=x></iframe>\n");
    assert_inert(&out);
    assert!(
        out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{out}"
    );
    assert!(out.contains("&lt;!-- note --&gt;"), "{out}");
}

#[test]
fn raw_anchor_is_text() {
    let out = html("<a href=\"javascript:alert(1)\">x</a>\n");
    assert_inert(&out);
    assert!(
        out.contains("&lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;"),
        "{out}"
    );
}

#[test]
fn html_inside_tables_and_alt_text_is_text() {
    let out = html("| <b>x</b> |\n|-|\n| <i>y</i> |\n\n![<img src=x onerror=alert(1)>](/a.png)\n");
    assert_inert(&out);
    assert!(out.contains("&lt;b&gt;x&lt;/b&gt;"), "{out}");
    assert!(
        out.contains("alt=\"&lt;img src=x onerror=alert(1)&gt;\""),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// URL schemes.

/// Each of these must leave the link text but no link.
const HOSTILE_LINKS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](java&#x09;script:alert(1))",
    "[x](java&#x0A;script:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](&#0000106;avascript:alert(1))",
    "[x](&#x01;javascript:alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](\u{feff}javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <java\tscript:alert(1)>",
    "[x]\n\n[x]: JAVASCRIPT:alert(1) \"title\"",
];

#[test]
fn hostile_link_schemes_lose_their_href() {
    for source in HOSTILE_LINKS {
        let out = html(source);
        assert_inert(&out);
        assert!(!out.contains("<a"), "{source:?} kept a link: {out}");
        assert!(out.contains('x'), "{source:?} lost its text: {out}");
    }
}

#[test]
fn hostile_image_schemes_lose_their_src() {
    for source in [
        "![x](javascript:alert(1))",
        "![x](JAVASCRIPT:alert(1))",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
        "![x](java&#x09;script:alert(1))",
        "![x][i]\n\n[i]: vbscript:x",
    ] {
        let out = html(source);
        assert_inert(&out);
        assert!(!out.contains("<img"), "{source:?} kept an image: {out}");
        assert!(out.contains('x'), "{source:?} lost its alt text: {out}");
    }
}

#[test]
fn hostile_autolinks_are_text() {
    for source in [
        "<javascript:alert(1)>",
        "<JavaScript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,x>",
    ] {
        let out = html(source);
        assert_inert(&out);
        assert!(!out.contains("<a"), "{source:?} kept a link: {out}");
    }
    assert_eq!(
        html("<javascript:alert(1)>"),
        "<p>javascript:alert(1)</p>\n"
    );
}

#[test]
fn hostile_link_inside_safe_link_text() {
    let out = html("[![x](javascript:alert(1))](https://ok.example/) [a [b](javascript:x)](/c)\n");
    assert_inert(&out);
}

#[test]
fn safe_schemes_keep_their_links() {
    for (source, href) in [
        ("[x](HTTPS://example.org/)", "HTTPS://example.org/"),
        ("[x](http://example.org/a_b)", "http://example.org/a_b"),
        ("[x](mailto:a@example.org)", "mailto:a@example.org"),
        ("[x](  /relative  )", "/relative"),
        (
            "[x](<https://example.org/a b>)",
            "https://example.org/a%20b",
        ),
    ] {
        let out = html(source);
        assert!(
            out.contains(&format!("href=\"{href}\"")),
            "{source:?}: {out}"
        );
    }
}

#[test]
fn well_known_schemes_keep_their_links() {
    for url in [
        "tel:+33123456789",
        "sms:+33123456789",
        "geo:48.8566,2.3522",
        "xmpp:room@conference.example.org?join",
        "irc://irc.libera.chat/coopwiki",
        "ircs://irc.libera.chat:6697/coopwiki",
        "ftp://ftp.example.org/pub/",
        "sftp://files.example.org/shared",
        "TEL:112",
    ] {
        let out = html(&format!("[x]({url})\n"));
        assert!(
            out.contains(&format!(
                "<a href=\"{url}\" rel=\"nofollow noopener noreferrer\">x</a>"
            )),
            "{url}: {out}"
        );
        assert_inert(&out);
    }
}

#[test]
fn refused_links_keep_their_address_visible_as_text() {
    assert_eq!(
        html("[call](callto:12345) [run](javascript:alert(1))\n"),
        "<p>call (callto:12345) run (javascript:alert(1))</p>\n"
    );
    // An autolink's words are its address: shown once.
    assert_eq!(html("<steam:run/1>\n"), "<p>steam:run/1</p>\n");
    assert_eq!(
        html("[x][r]\n\n[r]: <java\tscript:alert(1)>\n"),
        "<p>x (javascript:alert(1))</p>\n"
    );
}

#[test]
fn backslash_escapes_in_a_destination_make_a_relative_link() {
    // CommonMark 0.31.2, example 502.
    assert_eq!(
        html("[link](foo\\)\\:)\n"),
        "<p><a href=\"foo):\">link</a></p>\n"
    );
    for relative in ["foo):", "my_page:2", "a(b):c", "x!:y"] {
        let checked = url::check(relative).expect("relative");
        assert!(!checked.external, "{relative}");
    }
    for refused in [
        "%6Aavascript:x",
        "\u{feff}javascript:x",
        "java%09script:x",
        ":x",
    ] {
        assert!(url::check(refused).is_none(), "{refused:?}");
    }
}

#[test]
fn url_check_strips_what_browsers_strip() {
    let checked = url::check("\u{1}\t ht\ntp\rs://example.org/\u{7f}").expect("https is allowed");
    assert_eq!(checked.url, "https://example.org/");
    assert!(checked.external);
    assert!(url::check("java\u{0}script:x").is_none());
    assert!(url::check(" \u{8}javascript:x").is_none());
    assert!(
        url::check("a:b").is_none(),
        "colon before any slash reads as a scheme"
    );
    let relative = url::check("./a:b").expect("relative");
    assert!(!relative.external);
    assert!(url::check("/x#y:z").is_some_and(|u| !u.external));
}

// ---------------------------------------------------------------------------------------------
// The second wall: what ammonia keeps and what it removes.

#[test]
fn sanitiser_keeps_our_markup_exactly() {
    let source = "# Title\n\n[[Home]] [[Missing]] [[a/b]] [ext](https://e.example/) x[^1]\n\n\
                  - [x] t\n\n| a |\n|:-:|\n| b |\n\n```sh\nls\n```\n\n[^1]: n\n";
    let unsanitised = formatted(source, None, "", &wiki).expect("small input");
    let sanitised = render(source, &wiki).html;
    // ammonia writes void elements without the slash and valueless attributes with `=""`;
    // apart from that nothing may change.
    let normalise = |s: &str| {
        s.replace(" />", ">")
            .replace("data-footnotes>", "data-footnotes=\"\">")
            .replace("data-footnote-ref>", "data-footnote-ref=\"\">")
            .replace("data-footnote-backref ", "data-footnote-backref=\"\" ")
            .replace("&#x27;", "'")
    };
    assert_eq!(normalise(&unsanitised), sanitised);
}

#[test]
fn sanitiser_removes_what_is_not_ours() {
    let out = sanitize::clean(
        "<a href=\"javascript:x\" rel=\"opener\" class=\"evil wikilink\" onclick=\"x\">a</a>\
         <code class=\"x language-y\">c</code><input type=\"text\" value=\"v\">\
         <img src=\"data:image/png,x\" onerror=\"x\"><span style=\"x\" class=\"invalid\">s</span>\
         <script>alert(1)</script><style>p{}</style><!-- c --><iframe src=\"/\"></iframe>",
    );
    assert_eq!(
        out,
        "<a class=\"wikilink\">a</a><code>c</code><input disabled=\"\">\
         <img><span class=\"invalid\">s</span>"
    );
}

// ---------------------------------------------------------------------------------------------
// Plain text.

#[test]
fn plain_text_drops_markup() {
    assert_eq!(
        plain_text(
            "# Title\n\nSome *em* and [a link](https://x.example) and [[Home|home]].\n\n- one\n- two\n\n| a | b |\n|-|-|\n| c | d |\n",
            500
        ),
        "Title Some em and a link and home. one two a b c d"
    );
    assert_eq!(
        plain_text("a <b>x</b>\n\n```\ncode\n```\n", 100),
        "a <b>x</b> code"
    );
}

#[test]
fn plain_text_cuts_on_word_boundaries() {
    let text = "The quick brown fox jumps over the lazy dog";
    assert_eq!(plain_text(text, 100), text);
    assert_eq!(plain_text(text, text.chars().count()), text);
    assert_eq!(plain_text(text, 20), "The quick brown fox…");
    assert_eq!(plain_text(text, 19), "The quick brown…");
    assert_eq!(plain_text(text, 16), "The quick brown…");
    assert_eq!(plain_text(text, 15), "The quick…");
    assert_eq!(plain_text("Supercalifragilistic", 6), "Super…");
    assert_eq!(plain_text(text, 1), "…");
    assert_eq!(plain_text(text, 0), "");
    assert_eq!(plain_text("", 10), "");
    assert_eq!(plain_text("ééé ééé", 5), "ééé…");
}

// ---------------------------------------------------------------------------------------------
// Bounds.

#[test]
fn deep_nesting_degrades_to_escaped_source() {
    let source = format!("{}<script>alert(1)</script>", "> ".repeat(200));
    let rendered = render(&source, &existing);
    assert!(rendered.degraded);
    assert!(
        rendered
            .html
            .starts_with("<pre class=\"source-fallback\">&gt; &gt; "),
        "{}",
        rendered.html
    );
    assert!(
        rendered
            .html
            .ends_with("&lt;script&gt;alert(1)&lt;/script&gt;</pre>")
    );
    assert_inert(&rendered.html);
}

#[test]
fn ordinary_nesting_renders() {
    let quotes = format!("{}deep", "> ".repeat(20));
    assert!(!render(&quotes, &existing).degraded);
    let mut list = String::new();
    for level in 0..12 {
        list.push_str(&"  ".repeat(level));
        list.push_str("- item *with **emphasis***\n");
    }
    assert!(!render(&list, &existing).degraded);
}

#[test]
fn huge_tables_degrade() {
    let columns = 400;
    let mut source = format!("{}|\n{}|\n", "|a".repeat(columns), "|-".repeat(columns));
    source.push_str(&"x\n".repeat(MAX_TABLE_CELLS / columns + 10));
    assert!(render(&source, &existing).degraded);
    let mut normal = "| a | b | c |\n|---|---|---|\n".to_owned();
    normal.push_str(&"| 1 | 2 | 3 |\n".repeat(1000));
    assert!(!render(&normal, &existing).degraded);
}

#[test]
fn long_runs_of_ampersands_degrade() {
    // html5ever's serialiser is quadratic in these; see `sanitize::within_budget`.
    for source in [
        format!("a{}", "&".repeat(512 * 1024)),
        format!("a{}", "\u{a0}".repeat(256 * 1024)),
        format!("```\n{}\n```\n", "&".repeat(512 * 1024)),
        format!("[x](/ \"{}\")", "&".repeat(300 * 1024)),
        format!("# {}", "&".repeat(300 * 1024)),
    ] {
        let rendered = render_pathological("long & run", &source);
        assert!(rendered.degraded);
    }
    // Ordinary amounts render, split by markup or not.
    assert!(!render(&"R&D, Q&A & more.\n\n".repeat(20_000), &existing).degraded);
    let urls = "https://e.org/?a=1&b=2&c=3\n".repeat(8_000);
    assert!(!render(&format!("```\n{urls}```\n"), &existing).degraded);
    assert!(!render(&format!("a{}", "&".repeat(20_000)), &existing).degraded);
}

#[test]
fn latin1_supplement_survives_serialisation() {
    // html5ever 0.40.0 dropped the 0xC2 lead byte of U+0080..U+00BF (servo/html5ever#785).
    assert_eq!(
        html("90° · © « » ¿ a\u{a0}b [x](/a \"±\")\n"),
        "<p>90° · © « » ¿ a&nbsp;b <a href=\"/a\" title=\"±\">x</a></p>\n"
    );
}

#[test]
fn nul_bytes_are_replaced() {
    let out = html("a\0b [x](/\0)\n");
    assert!(!out.contains('\0'));
    assert_inert(&out);
    assert!(!render("\0", &existing).html.contains('\0'));
    assert!(
        !render(&format!("{}\0", "> ".repeat(100)), &existing)
            .html
            .contains('\0')
    );
}

// ---------------------------------------------------------------------------------------------
// Pathological inputs (comrak's and cmark's history of quadratic cases).

#[test]
fn pathological_open_brackets() {
    render_pathological("100k [", &"[".repeat(100_000));
    render_pathological("50k [a](", &"[a](".repeat(50_000));
    render_pathological("50k ![[", &"![[".repeat(50_000));
    render_pathological("50k [[a|", &"[[a|".repeat(50_000));
    render_pathological("50k [^", &"[^".repeat(50_000));
}

#[test]
fn pathological_angle_brackets() {
    render_pathological("50k <", &"<".repeat(50_000));
    render_pathological("30k <a", &"<a ".repeat(30_000));
    render_pathological("30k <!--", &"<!--".repeat(30_000));
    render_pathological("30k <?", &"<?".repeat(30_000));
    render_pathological("30k <![CDATA[", &"<![CDATA[".repeat(30_000));
}

#[test]
fn pathological_emphasis() {
    // A leading word, so the run is inline text rather than a thematic break.
    render_pathological("50k *", &format!("a{}", "*".repeat(50_000)));
    render_pathological("50k *a", &"*a ".repeat(50_000));
    render_pathological("30k **a_", &"**a_".repeat(30_000));
    render_pathological("50k ~", &format!("a{}", "~".repeat(50_000)));
    render_pathological("50k _a*", &"_a*".repeat(50_000));
}

#[test]
fn pathological_block_quotes() {
    let rendered = render_pathological("20k nested >", &format!("{}x", "> ".repeat(20_000)));
    assert!(rendered.degraded);
    // The design note's case: 40 KB of "> " spread over lines.
    render_pathological(
        "40KB of \"> \" lines",
        &"> > > > > > > > > > \n".repeat(2_000),
    );
}

#[test]
fn pathological_list_nesting() {
    let rendered = render_pathological("10k nested -", &format!("{}x", "- ".repeat(10_000)));
    assert!(rendered.degraded);
    render_pathological("10k nested 1.", &format!("{}x", "1. ".repeat(10_000)));
    let mut staircase = String::new();
    for level in 0..10_000 {
        staircase.push_str(&" ".repeat(level % 200));
        staircase.push_str("- x\n");
    }
    render_pathological("10k list indents", &staircase);
}

#[test]
fn pathological_reference_definitions() {
    let long_url = format!("/{}", "a".repeat(50_000));
    let bomb = format!("[a]: {long_url}\n\n{}", "[a]".repeat(50_000));
    render_pathological("reference bomb", &bomb);
    let mut many = String::new();
    for i in 0..20_000 {
        let _ = writeln!(many, "[r{i}]: /u{i}");
    }
    many.push('\n');
    for i in 0..20_000 {
        let _ = write!(many, "[r{i}] ");
    }
    render_pathological("20k reference definitions", &many);
    render_pathological("50k unfinished definitions", &"[a]: <\n".repeat(50_000));
}

#[test]
fn pathological_tables() {
    let columns = 5_000;
    let mut wide = format!("{}|\n{}|\n", "|a".repeat(columns), "|-".repeat(columns));
    wide.push_str(&"x\n".repeat(5_000));
    let rendered = render_pathological("5000x5000 table", &wide);
    assert!(rendered.degraded);
    render_pathological("100k pipes", &format!("|a|\n|-|\n{}", "|".repeat(100_000)));
    let mut tall = "| a | b |\n|---|---|\n".to_owned();
    tall.push_str(&"| x | y |\n".repeat(40_000));
    render_pathological("40k-row table", &tall);
}

#[test]
fn pathological_backticks() {
    // A leading word, so the run is an inline code opener rather than a fence.
    render_pathological("100k `", &format!("a{}", "`".repeat(100_000)));
    render_pathological("50k `a", &"`a".repeat(50_000));
    let mut ladder = String::new();
    for n in 1..400 {
        ladder.push_str(&"`".repeat(n));
        ladder.push('a');
    }
    render_pathological("backtick ladder", &ladder);
}

#[test]
fn pathological_autolinks_and_entities() {
    render_pathological("30k www.", &"www.".repeat(30_000));
    render_pathological("30k a@a.", &"a@a.".repeat(30_000));
    render_pathological("30k http://", &"http://a ".repeat(30_000));
    render_pathological("50k &#", &"&#".repeat(50_000));
    render_pathological("50k \\", &"\\".repeat(50_000));
}

/// The size limit the app enforces on a page; every shape must stay fast at that size.
#[test]
fn pathological_shapes_at_512_kib() {
    const SIZE: usize = 512 * 1024;
    for (label, unit) in [
        ("[", "["),
        ("<", "<"),
        ("*", "*"),
        ("`", "`"),
        ("~", "~"),
        ("*a **b ", "*a **b "),
        ("`a", "`a"),
        ("[a](", "[a]("),
        ("[[", "[["),
        ("![[", "![["),
        ("<a ", "<a "),
        ("&#", "&#"),
        ("http://a ", "http://a "),
        ("[[a]]", "[[a]]"),
        ("[a](/b)", "[a](/b)"),
        ("&amp;", "&amp;"),
        ("\"", "\""),
        ("> ", "> "),
        ("- ", "- "),
        ("|", "|"),
        (
            "prose",
            "Words in a *wiki* page with [[links]] and [refs](/x).\n",
        ),
    ] {
        // The leading word keeps runs like `***` or ```` ``` ```` from being read as a
        // thematic break or a code fence, so the inline parser sees them.
        let source = format!("a{}", unit.repeat(SIZE / unit.len()));
        render_pathological(&format!("512 KiB of {label:?}"), &source);
    }
    let mut table = format!("{}|\n{}|\n", "|a".repeat(100), "|-".repeat(100));
    table.push_str(&"|x".repeat((SIZE - table.len()) / 2));
    render_pathological("512 KiB table row", &table);
    let mut rows = "|a|b|c|d|\n|-|-|-|-|\n".to_owned();
    rows.push_str(&"|1|2|3|4|\n".repeat((SIZE - rows.len()) / 10));
    render_pathological("512 KiB of table rows", &rows);
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// Fragments chosen to collide: every construct with a history of XSS or blow-ups.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "[", "]", "(", ")", "[[", "]]", "|", "<", ">", "*", "**", "_", "`", "```", "~~", "#",
            "-", "\n", "\n\n", " ", "  ", "\t", "\\", "!", "![", "> ", "- ", "1. ", "- [ ] ",
            "- [x] ", "|-|", "|:-:|", "[^1]", "[^1]: ", "[x]: ", ":", "\"", "'", "&", "&#",
            "&#106;", "&#x09;", "&colon;", "%6A", "\0", "\u{a0}", "\u{feff}", "javascript:",
            "JaVaScRiPt:", "java\tscript:", "vbscript:", "data:text/html,", "file:", "http://",
            "https://", "mailto:", "www.", "@", "<script>", "</script>", "<a href=", "<img src=x ",
            "onerror=", " onload=alert(1) ", "<iframe", "<style>", "<object", "<svg>", "<!--",
            "-->", "<![CDATA[", "alert(1)", "Home", "a/b",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..80).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn render_is_inert(source in markdown()) {
        let rendered = render(&source, &wiki);
        assert_inert(&rendered.html);
    }

    #[test]
    fn render_is_inert_on_arbitrary_text(source in "\\PC{0,200}") {
        assert_inert(&render(&source, &existing).html);
    }

    #[test]
    fn a_link_is_kept_exactly_when_its_scheme_is_allowed(
        scheme in "[a-zA-Z][a-zA-Z0-9+.-]{0,8}",
        rest in "[a-z0-9/.@?=]{1,12}",
    ) {
        let url = format!("{scheme}:{rest}");
        let out = html(&format!("[words]({url})\n"));
        assert_inert(&out);
        let allowed = url::ALLOWED_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str());
        prop_assert_eq!(out.contains("<a "), allowed, "{}", out);
        prop_assert!(out.contains("words"), "{}", out);
        // Never dropped silently: a refused link shows where it led.
        prop_assert!(allowed || out.contains(&format!("words ({url})")), "{}", out);
    }

    #[test]
    fn targets_are_trimmed_and_unique(source in markdown()) {
        let targets = wiki_link_targets(&source);
        let unique: HashSet<_> = targets.iter().collect();
        prop_assert_eq!(unique.len(), targets.len());
        for target in &targets {
            prop_assert!(!target.is_empty());
            prop_assert_eq!(target.trim(), target.as_str());
        }
    }

    #[test]
    fn plain_text_respects_the_limit(source in markdown(), limit in 0usize..60) {
        let text = plain_text(&source, limit);
        prop_assert!(text.chars().count() <= limit, "{:?}", text);
        prop_assert!(!text.contains('<') || source.contains('<'));
    }
}

#[test]
fn attachment_urls_point_into_the_page_being_rendered() {
    let source = "![room setup](attachment:room%20plan.jpg) [template](attachment:Template.pdf) \
                  [up](attachment:../secret.pdf) [x](ATTACHMENT:\"><script>.txt)\n";
    let out = render_page(source, Some("/Open_Space"), "", &existing).html;
    assert!(
        out.contains("src=\"/Open_Space/attachments/room%20plan.jpg/thumb/960\""),
        "{out}"
    );
    assert!(
        out.contains("<a href=\"/Open_Space/attachments/Template.pdf\">template</a>"),
        "{out}"
    );
    assert!(!out.contains("secret"), "{out}");
    assert!(!out.contains("<script"), "{out}");
    let without_page = render(source, &existing).html;
    assert!(!without_page.contains("attachment"), "{without_page}");
    assert!(!without_page.contains("href"), "{without_page}");
}

#[test]
fn an_attachment_image_may_ask_for_a_placement_and_a_size_and_nothing_else() {
    let source = "![plan](attachment:plan.jpg#right,small) ![wide](attachment:wide.jpg#center) \
                  ![odd](attachment:odd.jpg#right,left) ![x](attachment:x.jpg#\"><script>) \
                  ![far](https://example.org/a.png#right)\n";
    let out = render_page(source, Some("/Open_Space"), "", &existing).html;
    assert!(
        out.contains(
            "<span class=\"img-right img-small\"><img src=\"/Open_Space/attachments/plan.jpg/thumb/960\" alt=\"plan\"></span>"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "<span class=\"img-center\"><img src=\"/Open_Space/attachments/wide.jpg/thumb/960\""
        ),
        "{out}"
    );
    // Two placements are no layout: the whole address names a file (which is not there).
    assert!(out.contains("odd.jpg%23right%2Cleft"), "{out}");
    assert!(!out.contains("<script"), "{out}");
    // Another site's image keeps its fragment and gets no layout.
    assert!(
        out.contains("src=\"https://example.org/a.png#right\""),
        "{out}"
    );
    assert_eq!(out.matches("<span class=\"img-").count(), 2, "{out}");
}

#[test]
fn a_guests_links_to_other_sites_say_ugc_and_nothing_else_changes() {
    let rendered = render(
        "See [there](https://example.org/x) and [[Somewhere]] and <https://example.net>.",
        &|_| None,
    );
    let guest = as_guest_content(&rendered.html);
    assert_eq!(
        guest
            .matches(r#"rel="nofollow noopener noreferrer ugc""#)
            .count(),
        2,
        "{guest}"
    );
    assert_eq!(guest.replace(" ugc", ""), rendered.html);
}
