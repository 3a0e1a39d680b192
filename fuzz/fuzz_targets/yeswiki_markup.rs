//! YesWiki page text into Markdown (`yeswiki::markup::convert`), as a site import does with
//! every page: whatever the text, conversion returns; converting its own output gives the same
//! text back (an interrupted import can run again); and the Markdown renders without script.

#![no_main]

use coopwiki::markup::{self, ResolvedLink};
use coopwiki::yeswiki::markup::{Context, convert};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    // Every attachment and one Bazar form were imported, so those paths are taken too.
    let cx = Context {
        page: "FuzzPage",
        attachment: &|name| (!name.is_empty()).then(|| name.to_owned()),
        form: &|id| (id == "5").then(|| "Method".to_owned()),
    };
    let once = convert(&source, &cx);
    let twice = convert(&once.markdown, &cx);
    assert_eq!(
        twice.markdown, once.markdown,
        "converting the output again changed it; source {source:?}"
    );

    let rendered = markup::render_page(&once.markdown, Some("/FuzzPage"), "", &|target| {
        Some(ResolvedLink {
            href: format!("/{target}"),
            exists: true,
        })
    });
    assert!(
        !rendered.html.to_ascii_lowercase().contains("<script"),
        "script element in output: {}",
        rendered.html
    );
});
