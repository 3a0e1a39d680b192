//! The scheme allow-list for link and image URLs written by page authors.

/// Schemes a page author may link to. Everything else (`javascript:`, `data:`, `vbscript:`,
/// `file:`, custom app schemes) is refused, because an allow-list cannot be outflanked by a
/// scheme nobody thought of.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// A URL that passed the allow-list, in the exact form that must be written to the page.
pub(super) struct SafeUrl {
    /// The URL with the characters browsers would silently drop already removed, so what we
    /// checked is byte for byte what the browser parses.
    pub(super) url: String,
    /// Absolute URLs lead off the wiki and get `rel="nofollow noopener noreferrer"`.
    pub(super) external: bool,
}

/// Returns the URL to emit, or `None` when it must not become an `href`/`src`.
///
/// `raw` is the destination after comrak decoded entities and backslash escapes, so
/// `&#106;avascript:` and `java&#x09;script:` arrive here as `javascript:` and
/// `java\tscript:`. Browsers delete tabs and newlines anywhere in a URL and strip leading and
/// trailing C0 controls and spaces before looking for a scheme, so the check runs on the string
/// with those removed and compares the scheme case-insensitively. Anything with a colon before
/// the first `/`, `?` or `#` is treated as having a scheme: a relative path that merely contains
/// a colon there is refused too, which costs nothing (write `./a:b`) and closes every spelling
/// that some parser might read as a scheme. Percent-encoded schemes (`%6Aavascript:`) are not a
/// scheme to any browser and are refused here anyway.
pub(super) fn check(raw: &str) -> Option<SafeUrl> {
    let stripped: String = raw.chars().filter(|c| !c.is_ascii_control()).collect();
    let url = stripped.trim_matches(' ');
    let scheme = match url.find([':', '/', '?', '#']) {
        Some(end) if url[end..].starts_with(':') => Some(&url[..end]),
        _ => None,
    };
    match scheme {
        None => Some(SafeUrl {
            // `//host/x` is relative in form but leaves the site. (`\\host` cannot do the same:
            // comrak percent-encodes backslashes in hrefs.)
            external: url.starts_with("//"),
            url: url.to_owned(),
        }),
        Some(scheme)
            if ALLOWED_SCHEMES
                .iter()
                .any(|s| scheme.eq_ignore_ascii_case(s)) =>
        {
            Some(SafeUrl {
                url: url.to_owned(),
                external: true,
            })
        }
        Some(_) => None,
    }
}
