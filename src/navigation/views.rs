//! HTML of recent changes, the page index, wanted and orphaned pages.

use maud::{Markup, html};

use crate::i18n::Lang;
use crate::layout::time as show_time;
use crate::names::{comment_path, page_path};
use crate::navigation::queries::{Change, Orphan, Show, Wanted, What};
use crate::pages::views::author_link;

fn listing_nav(lang: Lang) -> Markup {
    html! {
        nav.listing-nav aria-label=(lang.t("listings-label")) {
            ul {
                li { a href="/-/pages" { (lang.t("index-title")) } }
                li { a href="/-/new" { (lang.t("new-page-title")) } }
                li { a href="/-/recent" { (lang.t("recent-title")) } }
                li { a href="/-/wanted" { (lang.t("wanted-title")) } }
                li { a href="/-/orphans" { (lang.t("orphans-title")) } }
            }
        }
    }
}

/// The filter of recent changes: plain links, so it works without JavaScript.
fn show_filter(lang: Lang, show: Show) -> Markup {
    let choices = [
        (Show::All, "/-/recent", "recent-show-all"),
        (Show::Edits, "/-/recent?show=edits", "recent-show-edits"),
        (
            Show::Comments,
            "/-/recent?show=comments",
            "recent-show-comments",
        ),
    ];
    html! {
        nav.recent-filter aria-label=(lang.t("recent-show-label")) {
            ul {
                @for (choice, href, label) in choices {
                    li {
                        @if choice == show {
                            a href=(href) aria-current="page" { strong { (lang.t(label)) } }
                        } @else {
                            a href=(href) { (lang.t(label)) }
                        }
                    }
                }
            }
        }
    }
}

pub fn recent(lang: Lang, changes: &[Change], show: Show) -> Markup {
    html! {
        h1 { (lang.t("recent-title")) }
        (listing_nav(lang))
        (show_filter(lang, show))
        p { a href="/-/recent.atom" type="application/atom+xml" { (lang.t("recent-feed-title")) } }
        @if changes.is_empty() {
            p { (lang.t("recent-none")) }
        } @else {
            ol.changes {
                @for change in changes {
                    @let path = page_path(&change.page_name);
                    li {
                        (show_time(lang, change.at)) " — "
                        a href=(path) class=[change.page_deleted.then_some("deleted")] { (change.page_name) }
                        " — "
                        @match &change.what {
                            What::Edit { number, summary, size_bytes, restored_from, merged_with } => {
                                @if *number > 1 {
                                    a href={(path) "/diff?from=" (number - 1) "&to=" (number)} { (lang.t_with("recent-revision", &[("number", &number.to_string())])) }
                                } @else {
                                    span.new-page { (lang.t("recent-new-page")) }
                                }
                                " · " (author_link(&change.author_name, change.author_id.is_some())) " · " (size_bytes) " " (lang.t("bytes"))
                                @if let Some(from) = restored_from {
                                    " · " (lang.t_with("history-restored", &[("number", &from.to_string())]))
                                }
                                @if let Some(with) = merged_with {
                                    " · " (lang.t_with("history-merged", &[("number", &with.to_string())]))
                                }
                                @if !summary.is_empty() { " · " q { (summary) } }
                            }
                            What::Rename { old_name, new_name, reason } => {
                                (lang.t_with("event-rename", &[("old", old_name), ("new", new_name), ("author", &change.author_name)]))
                                @if !reason.is_empty() { " · " q { (reason) } }
                            }
                            What::Delete { reason } => {
                                (lang.t_with("event-delete", &[("author", &change.author_name)]))
                                @if !reason.is_empty() { " · " q { (reason) } }
                            }
                            What::Undelete { reason } => {
                                (lang.t_with("event-undelete", &[("author", &change.author_name)]))
                                @if !reason.is_empty() { " · " q { (reason) } }
                            }
                            What::Comment { id, excerpt, reply, field_note, removed } => {
                                a href=(comment_path(&change.page_name, *id)) {
                                    (lang.t(if *field_note { "recent-field-note" } else if *reply { "recent-reply" } else { "recent-comment" }))
                                }
                                " · " (author_link(&change.author_name, change.author_id.is_some()))
                                @if *removed {
                                    " · " (lang.t("discussion-removed"))
                                } @else {
                                    " · " q.excerpt { (excerpt) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn index(lang: Lang, names: &[(String, String)], next: Option<&str>) -> Markup {
    html! {
        h1 { (lang.t("index-title")) }
        (listing_nav(lang))
        @if names.is_empty() {
            p { (lang.t("index-none")) }
        } @else {
            ul.page-list.columns {
                @for (_, name) in names { li { a href=(page_path(name)) { (name) } } }
            }
        }
        @if let Some(next) = next {
            p { a rel="next" href={"/-/pages?after=" (percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC))} { (lang.t("index-next")) } }
        }
    }
}

/// The form that starts a new page: its name, then its editor.
pub fn new_page(lang: Lang, typed: &str, refusal: Option<&str>) -> Markup {
    html! {
        h1 { (lang.t("new-page-title")) }
        (listing_nav(lang))
        form.new-page method="get" action="/-/new" {
            label for="cw-new-name" { (lang.t("new-page-name")) }
            @if let Some(refusal) = refusal {
                p.error #cw-new-name-error { (refusal) }
            }
            input #cw-new-name type="text" name="name" value=(typed) required maxlength="120"
                aria-invalid=[refusal.map(|_| "true")]
                aria-describedby=[refusal.map(|_| "cw-new-name-error")];
            button type="submit" { (lang.t("new-page-open")) }
        }
        p.help { (lang.t("new-page-help")) }
    }
}

pub fn wanted(lang: Lang, wanted: &[Wanted]) -> Markup {
    html! {
        h1 { (lang.t("wanted-title")) }
        (listing_nav(lang))
        p { (lang.t("wanted-explanation")) }
        @if wanted.is_empty() {
            p { (lang.t("wanted-none")) }
        } @else {
            ul.page-list {
                @for page in wanted {
                    li {
                        a.wikilink.missing href={(page_path(&page.name)) "/edit"} { (page.name) }
                        " (" (lang.t_count("wanted-links", page.links, &[])) ")"
                    }
                }
            }
        }
    }
}

pub fn orphans(lang: Lang, orphans: &[Orphan]) -> Markup {
    html! {
        h1 { (lang.t("orphans-title")) }
        (listing_nav(lang))
        p { (lang.t("orphans-explanation")) }
        @if orphans.is_empty() {
            p { (lang.t("orphans-none")) }
        } @else {
            ul.page-list {
                @for page in orphans { li { a href=(page_path(&page.name)) { (page.name) } } }
            }
        }
    }
}
