//! Security promises 1 and 6 for the Markdown pipeline: whatever the bytes, rendering returns
//! (no panic, libFuzzer's `-timeout` catches runaway time) and the HTML carries no script.

#![no_main]

use coopwiki::markup::{self, ResolvedLink};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The app refuses invalid UTF-8 before rendering; lossy decoding still lets every input
    // reach the parser instead of discarding most of the corpus.
    let source = String::from_utf8_lossy(data);

    // Every target exists, and its href carries the raw target, so hostile targets reach the
    // attribute-escaping path.
    // Rendered as a page's text, so `attachment:` links are rewritten too.
    let rendered = markup::render_page(&source, Some("/Fuzz_Page"), "", &|target| {
        Some(ResolvedLink {
            href: format!("/wiki/{target}"),
            exists: true,
        })
    });
    let html = rendered.html.to_ascii_lowercase();
    assert!(
        !html.contains("<script"),
        "script element in output: {}",
        rendered.html
    );

    // The other entry points share the parser; they must not panic either.
    let _ = markup::wiki_link_targets(&source);
    let summary = markup::plain_text(&source, 160);
    assert!(summary.chars().count() <= 160);
});
