//! Request parameters read without a database: the address followed after a form or a login
//! (`ctx::local_path`, the `next` parameter and the `Referer`), local image paths in sheets
//! (`catalogue::fields::is_local_path`), YesWiki's old addresses (`compat::yeswiki_query`),
//! the catalogue's query string (`catalogue::filters::Search`), the API's `limit`, and the
//! oEmbed `url` (`linking::oembed`).
//!
//! Whatever the text: a redirect target stays on this site, as a browser resolves it (the
//! WHATWG URL parser of the `url` crate, which, like browsers, drops tabs and newlines); the
//! catalogue's links (`to_query`) read back as the same search; accepted numbers are in range;
//! an oEmbed card escapes the title.

#![no_main]

use std::sync::LazyLock;

use coopwiki::api::LimitQuery;
use coopwiki::catalogue::fields::is_local_path;
use coopwiki::catalogue::filters::Search;
use coopwiki::catalogue::form::Form;
use coopwiki::compat::yeswiki_query;
use coopwiki::ctx::local_path;
use coopwiki::i18n::Lang;
use coopwiki::linking::oembed;
use libfuzzer_sys::fuzz_target;
use url::Url;

const SITE: &str = "https://wiki.example";

static HERE: LazyLock<Url> =
    LazyLock::new(|| Url::parse("https://wiki.example/Some_page/edit?rev=3").expect("a URL"));

static METHOD_FORM: LazyLock<Form> = LazyLock::new(|| {
    Form::parse(include_str!("../../catalogue/forms/method.yaml")).expect("the Method form parses")
});

/// A browser on a page of this site, sent to `target`, stays on this site.
fn assert_stays_here(target: &str, what: &str, input: &str) {
    assert!(
        target.starts_with('/'),
        "{what} {target:?} is not a path (from {input:?})"
    );
    if let Ok(resolved) = HERE.join(target) {
        assert_eq!(
            resolved.origin(),
            HERE.origin(),
            "{what} {target:?} leads to {resolved} (from {input:?})"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let input = input.as_ref();

    assert_stays_here(local_path(Some(input)), "local_path", input);
    if is_local_path(input) {
        assert_stays_here(input, "is_local_path", input);
    }
    if let Some(location) = yeswiki_query(input) {
        assert_stays_here(&location, "YesWiki redirect", input);
    }
    // The same texts as the parameters of a query string, decoded as actix decodes them.
    if let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(input) {
        for (key, value) in &pairs {
            if key == "next" {
                assert_stays_here(local_path(Some(value)), "next", input);
            }
        }
    }

    if let Ok(search) = Search::parse(input, &METHOD_FORM, Lang::EN) {
        let href = search.href("/-/catalogue");
        let query = href
            .strip_prefix("/-/catalogue?")
            .expect("href keeps the path");
        match Search::parse(query, &METHOD_FORM, Lang::FR) {
            Ok(again) => assert_eq!(again, search, "{input:?} → {href:?}"),
            Err(err) => panic!("{href:?} (from {input:?}) is refused: {err:?}"),
        }
        let _ = search.cleared().href("/-/catalogue");
        for key in ["q", "used", "purposes", "group_size"] {
            let _ = search.without(key).href("/-/catalogue");
        }
    }

    if let Ok(limit) = serde_urlencoded::from_str::<LimitQuery>(input)
        && let Ok(n) = limit.limit()
    {
        assert!((1..=200).contains(&n), "{n}");
    }

    if let Some(segment) = oembed::page_segment(SITE, input) {
        assert!(input.starts_with(SITE));
        assert!(!segment.contains(['/', '?', '#']), "{segment:?}");
    }
    let card = oembed::Rich::new(
        input,
        "https://wiki.example/Page/embed",
        input,
        SITE,
        (None, None),
    );
    assert!(
        !card.html.to_ascii_lowercase().contains("<script"),
        "{}",
        card.html
    );
    assert_eq!(card.html.matches('<').count(), 2, "{}", card.html);
});
