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

/// The scheme of page attachments: `attachment:room.jpg` names a file of the page being
/// rendered.
const ATTACHMENT_SCHEME: &str = "attachment:";

/// [`check`], plus `attachment:` URLs resolved against the page at `page_path`: to the file's
/// address, or for an image (`thumb_width` set) to its rendition of that width. The file name
/// is percent-decoded, then encoded again as one path segment, so it can neither leave the
/// page's attachments nor carry markup; a name with a path separator is refused.
pub(super) fn check_in_page(
    raw: &str,
    page_path: Option<&str>,
    thumb_width: Option<u32>,
) -> Option<SafeUrl> {
    let stripped: String = raw.chars().filter(|c| !c.is_ascii_control()).collect();
    let url = stripped.trim_matches(' ');
    let Some(prefix) = url.get(..ATTACHMENT_SCHEME.len()) else {
        return check(raw);
    };
    if !prefix.eq_ignore_ascii_case(ATTACHMENT_SCHEME) {
        return check(raw);
    }
    let page_path = page_path?;
    let name = percent_encoding::percent_decode_str(&url[ATTACHMENT_SCHEME.len()..])
        .decode_utf8()
        .ok()?;
    let name = name.trim();
    if name.is_empty() || name.contains(['/', '\\']) {
        return None;
    }
    let segment = percent_encoding::utf8_percent_encode(name, SEGMENT);
    let url = match thumb_width {
        Some(width) => format!("{page_path}/attachments/{segment}/thumb/{width}"),
        None => format!("{page_path}/attachments/{segment}"),
    };
    Some(SafeUrl {
        url,
        external: false,
    })
}

/// Everything but unreserved characters is encoded in an attachment's path segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
