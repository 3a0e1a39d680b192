//! The Atom feed of recent changes (RFC 4287), written by `atom_syndication` so its structure
//! is valid by construction.

use atom_syndication::{Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::config::Settings;
use crate::i18n::Lang;
use crate::names::{comment_path, page_path};
use crate::navigation::queries::{Change, What};

fn atom_time(at: OffsetDateTime) -> FixedDateTime {
    at.format(&Rfc3339)
        .ok()
        .and_then(|s| FixedDateTime::parse_from_rfc3339(&s).ok())
        .unwrap_or_default()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime.map(str::to_owned));
    link
}

/// Entry ids are tag URIs (RFC 4151) from the page id, so they survive renames.
fn tag_authority(base_url: &str) -> &str {
    base_url.split_once("://").map_or(base_url, |(_, rest)| {
        rest.split(['/', ':']).next().unwrap_or(rest)
    })
}

/// An entry for each change. Every entry has a summary (RFC 4287 readers show it in place of
/// the absent content; validators warn without one): the edit summary or reason when given,
/// else what happened. Its link answers: a deleted page's revisions and diffs are not shown,
/// so its edits link to its history, which stays readable.
fn entry(settings: &Settings, lang: Lang, change: &Change) -> Entry {
    let base = &settings.base_url;
    let path = page_path(&change.page_name);
    let authority = tag_authority(base);
    let author = change.author_name.as_str();
    let (id, title, href, summary) = match &change.what {
        What::Edit {
            number,
            summary,
            restored_from,
            merged_with,
            ..
        } => (
            format!(
                "tag:{authority},2026:page/{}/revision/{number}",
                change.page_id
            ),
            lang.t_with(
                "feed-edit-title",
                &[("page", &change.page_name), ("number", &number.to_string())],
            ),
            if change.page_deleted {
                format!("{base}{path}/history")
            } else if *number > 1 {
                format!("{base}{path}/diff?from={}&to={number}", number - 1)
            } else {
                format!("{base}{path}?rev={number}")
            },
            match (restored_from, merged_with) {
                (Some(from), _) if summary.is_empty() => {
                    lang.t_with("history-restored", &[("number", &from.to_string())])
                }
                (_, Some(with)) => {
                    let merged = lang.t_with("history-merged", &[("number", &with.to_string())]);
                    if summary.is_empty() {
                        merged
                    } else {
                        format!("{summary} ({merged})")
                    }
                }
                _ if summary.is_empty() => lang.t_with(
                    "feed-edit-summary",
                    &[
                        ("page", &change.page_name),
                        ("number", &number.to_string()),
                        ("author", author),
                    ],
                ),
                _ => summary.clone(),
            },
        ),
        What::Rename {
            old_name,
            new_name,
            reason,
        } => {
            let title = lang.t_with(
                "event-rename",
                &[("old", old_name), ("new", new_name), ("author", author)],
            );
            (
                format!(
                    "tag:{authority},2026:page/{}/event/rename/{}",
                    change.page_id,
                    change.at.unix_timestamp_nanos()
                ),
                title.clone(),
                format!("{base}{path}/history"),
                if reason.is_empty() {
                    title
                } else {
                    reason.clone()
                },
            )
        }
        What::Delete { reason } | What::Undelete { reason } => {
            let (kind, message) = match change.what {
                What::Delete { .. } => ("delete", "event-delete"),
                _ => ("undelete", "event-undelete"),
            };
            let title = format!(
                "{} — {}",
                change.page_name,
                lang.t_with(message, &[("author", author)])
            );
            (
                format!(
                    "tag:{authority},2026:page/{}/event/{kind}/{}",
                    change.page_id,
                    change.at.unix_timestamp_nanos()
                ),
                title.clone(),
                format!("{base}{path}/history"),
                if reason.is_empty() {
                    title
                } else {
                    reason.clone()
                },
            )
        }
        What::Comment {
            id,
            excerpt,
            reply,
            field_note,
            removed,
        } => {
            let message = if *field_note {
                "feed-field-note-title"
            } else if *reply {
                "feed-reply-title"
            } else {
                "feed-comment-title"
            };
            (
                format!("tag:{authority},2026:comment/{id}"),
                lang.t_with(message, &[("page", &change.page_name), ("author", author)]),
                format!("{base}{}", comment_path(&change.page_name, *id)),
                if *removed {
                    lang.t("discussion-removed")
                } else {
                    excerpt.clone()
                },
            )
        }
    };
    let mut entry = Entry::default();
    entry.set_id(id);
    entry.set_title(Text::plain(title));
    entry.set_updated(atom_time(change.at));
    let mut person = Person::default();
    person.set_name(author.to_owned());
    entry.set_authors(vec![person]);
    entry.set_links(vec![link(href, "alternate", Some("text/html"))]);
    entry.set_summary(Some(Text::plain(summary)));
    entry
}

/// The feed document for `changes` (newest first).
pub fn recent_changes(
    settings: &Settings,
    site_name: &str,
    lang: Lang,
    changes: &[Change],
) -> String {
    let head = Head {
        title: lang.t("recent-title"),
        id: format!("{}/-/recent.atom", settings.base_url),
        html: "/-/recent",
    };
    document(settings, site_name, lang, &head, changes)
}

/// What distinguishes one feed of changes from another.
pub struct Head<'a> {
    pub title: String,
    /// Its lasting id, and its own address (`rel="self"`).
    pub id: String,
    /// The path of the same list as a page.
    pub html: &'a str,
}

/// A feed of `changes` (newest first), under the site's name (`site::Site::name`).
pub fn document(
    settings: &Settings,
    site_name: &str,
    lang: Lang,
    head: &Head<'_>,
    changes: &[Change],
) -> String {
    let base = &settings.base_url;
    let mut feed = Feed::default();
    feed.set_id(head.id.clone());
    feed.set_title(Text::plain(format!("{} — {}", site_name, head.title)));
    feed.set_lang(Some(lang.code().to_owned()));
    feed.set_updated(atom_time(
        changes.first().map_or(OffsetDateTime::UNIX_EPOCH, |c| c.at),
    ));
    feed.set_links(vec![
        link(head.id.clone(), "self", Some("application/atom+xml")),
        link(
            format!("{base}{}", head.html),
            "alternate",
            Some("text/html"),
        ),
    ]);
    let mut generator = Generator::default();
    generator.set_value("coopwiki");
    feed.set_generator(Some(generator));
    let mut author = Person::default();
    author.set_name(site_name.to_owned());
    feed.set_authors(vec![author]);
    feed.set_entries(
        changes
            .iter()
            .map(|change| entry(settings, lang, change))
            .collect::<Vec<_>>(),
    );
    feed.to_string()
}
