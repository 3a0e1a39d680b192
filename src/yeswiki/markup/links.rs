//! Link targets: what YesWiki made of `[[target text]]`, `[text](target)`, a button's `link`,
//! an HTML `href`, and what each becomes here.

use super::Converter;
use super::ir::{Atom, Inl, Node};
use super::scan::unescape;

/// What a link points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// A page of the wiki; `extra` when YesWiki's link also named a handler (`/edit`) or
    /// parameters, which coopwiki's wiki links cannot carry.
    Page {
        tag: String,
        extra: bool,
    },
    Url(String),
    /// A scheme a page may not link to (`javascript:`), or nothing at all.
    Invalid,
}

/// Schemes kept in links; the renderer refuses the others anyway, so they are dropped here
/// with a warning rather than written as dead syntax.
const SCHEMES: [&str; 4] = ["http", "https", "mailto", "attachment"];

/// A character of a YesWiki page tag (`WN_CAMEL_CASE_EVOLVED`: `[\p{L}\-_.0-9]`).
fn tag_char(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
}

/// A character of YesWiki's `RFC3986_URI_CHARS`, allowed in a page link's parameters.
fn uri_char(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// YesWiki's `extractLinkParts`: `Tag`, `Tag/handler`, `Tag?params`, `Tag/handler&params`.
fn page_parts(link: &str) -> Option<(String, bool)> {
    let tag_len = link
        .char_indices()
        .find(|&(_, c)| !tag_char(c))
        .map_or(link.len(), |(i, _)| i);
    if tag_len == 0 {
        return None;
    }
    let tag = &link[..tag_len];
    let mut rest = &link[tag_len..];
    if rest.is_empty() {
        return Some((tag.to_owned(), false));
    }
    if let Some(after) = rest.strip_prefix('/') {
        let handler = after
            .char_indices()
            .find(|&(_, c)| !tag_char(c))
            .map_or(after.len(), |(i, _)| i);
        if handler == 0 {
            return None;
        }
        rest = &after[handler..];
    }
    if rest.is_empty() || (rest.starts_with(['?', '&']) && rest[1..].chars().all(uri_char)) {
        return Some((tag.to_owned(), true));
    }
    None
}

fn is_email(link: &str) -> bool {
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| super::scan::is_word(c) || matches!(c, '.' | '-'))
    };
    link.split_once('@')
        .is_some_and(|(user, host)| word(user) && word(host))
}

/// What `link` points to, read as YesWiki reads link targets.
pub(super) fn classify(link: &str) -> Target {
    let link = link.trim();
    if link.is_empty() {
        return Target::Invalid;
    }
    // Relative old-style addresses of the same wiki: `?PageTag`, `wakka.php?wiki=PageTag`
    // (which YesWiki itself would read as a page named `wakka.php`). Absolute ones may be
    // another wiki's: the site's own address is not known here.
    if let Some(rest) = link.strip_prefix('?')
        && let Some((tag, extra)) = page_parts(rest)
    {
        return Target::Page { tag, extra };
    }
    if let Some((_, rest)) = link.split_once("wakka.php?wiki=")
        && !link.contains("://")
        && let Some((tag, extra)) = page_parts(rest)
    {
        return Target::Page { tag, extra };
    }
    if let Some((tag, extra)) = page_parts(link) {
        return Target::Page { tag, extra };
    }
    if is_email(link) {
        return Target::Url(format!("mailto:{link}"));
    }
    let scheme = match link.find([':', '/', '?', '#']) {
        Some(end) if link[end..].starts_with(':') => Some(&link[..end]),
        _ => None,
    };
    match scheme {
        None => Target::Url(link.to_owned()),
        Some(scheme) if SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s)) => {
            Target::Url(link.to_owned())
        }
        Some(_) => Target::Invalid,
    }
}

impl Converter<'_, '_> {
    /// The atom for a link to `target` with `label` (none: the target shows), or `None` when
    /// it may not be a link (the caller keeps the label as text).
    pub(super) fn link_atom(
        &mut self,
        target: &str,
        label: Option<&str>,
        embed: bool,
    ) -> Option<Atom> {
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        let written = target.trim();
        // Classified as it will be written (percent-encoded), so that reading the output
        // again classifies it the same way.
        let target = super::emit::destination(&self.file_url(written));
        match classify(&target) {
            Target::Page { tag, extra } => {
                if extra {
                    self.warn(format!(
                        "The link to {target} now leads to the page {tag}: coopwiki links cannot name a YesWiki handler or parameters."
                    ));
                }
                Some(Atom::WikiLink {
                    target: tag,
                    label: label.map(str::to_owned),
                    embed,
                })
            }
            Target::Url(url) => Some(Atom::Link {
                label: label.unwrap_or(written).to_owned(),
                url,
            }),
            Target::Invalid => {
                self.warn(format!(
                    "The link to {target} was dropped (its text is kept): coopwiki does not link to that kind of address."
                ));
                None
            }
        }
    }

    /// A link whose target may not be one: the atom, or its label as text.
    pub(super) fn link_or_text(&mut self, target: &str, label: &str) -> Atom {
        let shown = if label.trim().is_empty() {
            target
        } else {
            label
        };
        self.link_atom(target, Some(label), false)
            .unwrap_or_else(|| Atom::Text(shown.trim().to_owned()))
    }

    /// An address for an image link (`[![…](…)](href)`): pages by their path.
    pub(super) fn href(&mut self, target: &str) -> Option<String> {
        match self.link_atom(target, None, false)? {
            Atom::WikiLink { target, .. } => Some(format!("/{target}")),
            Atom::Link { url, .. } => Some(url),
            _ => None,
        }
    }

    /// `[[…]]` (or `![[…]]` when `embed`): YesWiki's `[[target text]]`, or coopwiki's own
    /// `[[Page|label]]` as this converter writes it.
    pub(super) fn double_bracket(&mut self, inner: &str, embed: bool) -> Vec<Node> {
        let inner = inner.replace('\n', " ");
        if inner.starts_with('|') {
            // `[[|http://other.wiki Page]]`: YesWiki fetched another wiki's page.
            self.warn(format!(
                "Kept [[{inner}]] as code: coopwiki cannot include a page of another wiki."
            ));
            return vec![Node::Inl(Inl::atom(Atom::Code(format!("[[{inner}]]"))))];
        }
        // coopwiki's form when what precedes the `|` is one word (YesWiki tags have no
        // spaces); otherwise YesWiki's, whose label may hold a `|`.
        let coopwiki = inner
            .split_once('|')
            .filter(|(target, _)| !target.trim().contains(char::is_whitespace));
        let (target, label) = match coopwiki {
            Some((target, label)) => (target.trim().to_owned(), unescape(label)),
            None => {
                let inner = inner.trim_start();
                match inner.split_once(char::is_whitespace) {
                    Some((target, label)) => (target.to_owned(), unescape(label.trim())),
                    None => (inner.to_owned(), String::new()),
                }
            }
        };
        if target.is_empty() {
            // YesWiki shows the text of a link without a target.
            return vec![Node::Inl(Inl::text(label))];
        }
        let label = Some(label.as_str()).filter(|l| !l.trim().is_empty());
        let atom = match self.link_atom(&target, label, embed) {
            Some(atom) => atom,
            None => Atom::Text(label.unwrap_or(&target).to_owned()),
        };
        vec![Node::Inl(Inl::atom(atom))]
    }

    /// The `attachment:` address of a YesWiki file of this page (`files/Page_name_…ext`), or
    /// `url` as it was.
    pub(super) fn file_url(&mut self, url: &str) -> String {
        let Some(at) = url.rfind("files/") else {
            return url.to_owned();
        };
        if at > 0 && !url[..at].ends_with('/') {
            return url.to_owned();
        }
        let base = &url[at + "files/".len()..];
        let prefix = format!("{}_", self.cx.page);
        let Some(rest) = base.strip_prefix(&prefix) else {
            if base.contains('_') && !base.contains('/') {
                self.warn(format!(
                    "The link to the YesWiki file {base} was kept as it was: it is not a file of this page."
                ));
            }
            return url.to_owned();
        };
        let name = yeswiki_file_name(rest);
        match (self.cx.attachment)(&name) {
            Some(attachment) => format!("attachment:{attachment}"),
            None => {
                self.warn(format!(
                    "The file {name} of this page was not imported; the link to it was kept as it was."
                ));
                url.to_owned()
            }
        }
    }
}

/// The name `{{attach}}` gave a file, from the name YesWiki stored it under
/// (`name_20240509114501_20240511104801.jpg`, `.pdf_` for files that are not images).
fn yeswiki_file_name(stored: &str) -> String {
    let (stem, ext) = stored.rsplit_once('.').unwrap_or((stored, ""));
    let ext = ext.trim_end_matches('_');
    let dated = |s: &str| s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts: Vec<&str> = stem.split('_').collect();
    if parts.len() >= 3 && dated(parts[parts.len() - 1]) && dated(parts[parts.len() - 2]) {
        parts.truncate(parts.len() - 2);
    }
    let stem = parts.join("_");
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}
