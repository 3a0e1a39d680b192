//! The scheme allow-list for link and image URLs written by page authors.

/// Schemes a page author may link to: the web, mail, and the well-known schemes that only hand
/// an address to another program (telephone and SMS, a place on a map, chat rooms, file
/// servers), none of which can carry script. Everything else (`javascript:`, `data:`,
/// `vbscript:`, `file:`, custom app schemes) is refused, because an allow-list cannot be
/// outflanked by a scheme nobody thought of. The README lists them for authors; ammonia's
/// second wall allows the same list.
pub(super) const ALLOWED_SCHEMES: [&str; 11] = [
    "http", "https", "mailto", "tel", "sms", "geo", "xmpp", "irc", "ircs", "ftp", "sftp",
];

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
/// with those removed and compares the scheme case-insensitively. What comes before a colon
/// that precedes the first `/`, `?` or `#` is treated as a scheme unless it holds an ASCII
/// character no scheme can hold, even once percent-decoded (see [`could_be_scheme`]): `foo):`
/// (CommonMark's example 502) is a relative path to every parser, while `%6Aavascript:` or a
/// prefix with non-ASCII characters, which are not schemes to any browser either, are refused
/// anyway, closing every spelling that some parser might read as a scheme.
pub(super) fn check(raw: &str) -> Option<SafeUrl> {
    let stripped: String = raw.chars().filter(|c| !c.is_ascii_control()).collect();
    let url = stripped.trim_matches(' ');
    let scheme = match url.find([':', '/', '?', '#']) {
        Some(end) if url[end..].starts_with(':') && could_be_scheme(&url[..end]) => {
            Some(&url[..end])
        }
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

/// Whether `prefix` (what precedes a URL's first colon) might be read as a scheme: it holds
/// nothing but scheme characters (ASCII letters, digits, `+`, `-`, `.`), `%` (a decoding
/// parser could turn `%6A` into one) and non-ASCII characters (which some parser could fold).
/// An ASCII character outside these, such as `)`, `_` or `!`, makes it a relative path.
fn could_be_scheme(prefix: &str) -> bool {
    prefix
        .chars()
        .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '%'))
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
    let Some(url) = attachment(raw) else {
        return check(raw);
    };
    let page_path = page_path?;
    let name = percent_encoding::percent_decode_str(&url)
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

/// The placements and sizes an attachment image may ask for after `#`, and the class each
/// gives its wrapper (`img-right`...), styled by `style.css`.
const IMAGE_LAYOUT: [&str; 6] = ["left", "right", "center", "small", "medium", "large"];

/// Splits an attachment image's address from its layout: `attachment:plan.jpg#right,small`
/// is the file `plan.jpg`, floated right, small. Any other renderer reads the layout as a
/// fragment of the image's URL, which browsers ignore: the image still shows, full size. A
/// fragment of anything else than known words (or of a URL that is no attachment) is left
/// in the address, as before.
pub(super) fn image_layout(raw: &str) -> (&str, Option<String>) {
    let Some((address, fragment)) = raw.rsplit_once('#') else {
        return (raw, None);
    };
    let words: Vec<&str> = fragment.split(',').map(str::trim).collect();
    let known = attachment(address).is_some()
        && words.iter().all(|word| IMAGE_LAYOUT.contains(word))
        && words
            .iter()
            .filter(|w| ["left", "right", "center"].contains(w))
            .count()
            <= 1
        && words
            .iter()
            .filter(|w| ["small", "medium", "large"].contains(w))
            .count()
            <= 1;
    if !known {
        return (raw, None);
    }
    let classes: Vec<String> = words.iter().map(|word| format!("img-{word}")).collect();
    (address, Some(classes.join(" ")))
}

/// What follows `attachment:` when `raw` is an attachment URL (browsers' stripping applied).
pub(super) fn attachment(raw: &str) -> Option<String> {
    let stripped: String = raw.chars().filter(|c| !c.is_ascii_control()).collect();
    let url = stripped.trim_matches(' ');
    let prefix = url.get(..ATTACHMENT_SCHEME.len())?;
    prefix
        .eq_ignore_ascii_case(ATTACHMENT_SCHEME)
        .then(|| url[ATTACHMENT_SCHEME.len()..].to_owned())
}

/// Everything but unreserved characters is encoded in an attachment's path segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
