//! HTML of watching: the button below a page, the notice above it, the watchlist.

use maud::{Markup, html};

use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::layout::time as show_time;
use crate::names::page_path;
use crate::watching::queries::{Watched, WatchedSearch};

/// "Watch" or "Stop watching", below a page.
pub fn toggle(lang: Lang, csrf: &str, page: &str, watching: bool) -> Markup {
    let path = page_path(page);
    html! {
        form.watch #watch method="post" action={(path) (if watching { "/unwatch" } else { "/watch" })} {
            input type="hidden" name="csrf" value=(csrf);
            @if watching {
                span { (lang.t("watch-watching")) } " "
                button.secondary type="submit" { (lang.t("watch-stop")) }
            } @else {
                button.secondary type="submit" { (lang.t("watch-start")) }
            }
            " " a href="/-/watchlist" { (lang.t("watchlist-title")) }
        }
    }
}

/// "Changed since your last visit", above a watched page.
pub fn changed_since(
    lang: Lang,
    page: &str,
    seen_rev: i32,
    latest_rev: i32,
    edits: i64,
    comments: i64,
) -> Markup {
    let path = page_path(page);
    html! {
        div.notice.changed-since role="status" {
            p {
                strong { (lang.t("watch-changed-since")) } " "
                @if edits > 0 {
                    a href={(path) "/diff?from=" (seen_rev.max(1)) "&to=" (latest_rev)} {
                        (lang.t_count("watch-new-revisions", edits, &[]))
                    }
                }
                @if edits > 0 && comments > 0 { " · " }
                @if comments > 0 {
                    a href="#discussion" { (lang.t_count("watch-new-comments", comments, &[])) }
                }
            }
        }
    }
}

/// `/-/watchlist`.
/// A watched search, and what it finds now that changed since it was last seen (see
/// `catalogue::routes::found_since`).
pub type SearchLine = (WatchedSearch, Option<(String, Vec<String>, String)>);

pub fn watchlist(
    ctx: &Ctx,
    watched: &[Watched],
    searches: &[SearchLine],
    choice: &str,
    has_feed: bool,
    new_feed: Option<&str>,
) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t("watchlist-title")) }
        p.help { (lang.t("watchlist-help")) }
        form.mail-choice #mail method="post" action="/-/watchlist/mail" {
            (ctx.csrf_field())
            fieldset {
                legend { (lang.t("watchlist-mail-legend")) }
                @for option in crate::watching::notify::CHOICES {
                    label.check {
                        input type="radio" name="notify" value=(option) checked[option == choice];
                        " " (lang.t(&format!("watchlist-mail-{option}")))
                    }
                }
            }
            p.help { (lang.t("watchlist-mail-language")) }
            button type="submit" { (lang.t("watchlist-mail-save")) }
        }
        @if watched.is_empty() {
            p { (lang.t("watchlist-empty")) }
        } @else {
            form method="post" action="/-/watchlist/seen" {
                (ctx.csrf_field())
                button.secondary type="submit" { (lang.t("watchlist-all-seen")) }
            }
            ul.watchlist {
                @for w in watched {
                    @let path = page_path(&w.name);
                    li.changed[w.changed()] {
                        a href=(path) { (w.name) }
                        " · " (show_time(lang, w.updated_at))
                        @if w.deleted { " · " (lang.t("watchlist-deleted")) }
                        @if w.new_revisions > 0 {
                            " · " a href={(path) "/diff?from=" (w.seen_rev.max(1)) "&to=" (w.latest_rev)} {
                                (lang.t_count("watch-new-revisions", w.new_revisions, &[]))
                            }
                        }
                        @if w.new_comments > 0 {
                            " · " a href={(path) "#discussion"} { (lang.t_count("watch-new-comments", w.new_comments, &[])) }
                        }
                        @if !w.changed() { " · " span.unchanged { (lang.t("watchlist-unchanged")) } }
                        " "
                        form.inline method="post" action={(path) "/unwatch"} {
                            (ctx.csrf_field())
                            input type="hidden" name="back" value="/-/watchlist";
                            button.secondary type="submit" aria-label=(lang.t_with("watch-stop-page", &[("page", &w.name)])) { (lang.t("watch-stop")) }
                        }
                    }
                }
            }
        }
        h2 #searches { (lang.t("watchlist-searches-title")) }
        @if searches.is_empty() {
            p.help { (lang.t("watchlist-searches-empty")) }
        } @else {
            ul.watchlist {
                @for (watched, found) in searches {
                    li.changed[found.as_ref().is_some_and(|(_, names, _)| !names.is_empty())] {
                        @match found {
                            Some((title, names, href)) => {
                                a href=(href) { (title) " — " (watched.query) }
                                " · "
                                @if names.is_empty() {
                                    span.unchanged { (lang.t("watchlist-unchanged")) }
                                } @else {
                                    a href={"/-/watchlist/searches/" (watched.id)} {
                                        (lang.t_count("watchlist-search-new", i64::try_from(names.len()).unwrap_or(0), &[]))
                                    }
                                    ": " (names.join(", "))
                                }
                            }
                            None => { (watched.query) " · " (lang.t("watchlist-search-gone")) }
                        }
                        " "
                        form.inline method="post" action={"/-/watchlist/searches/" (watched.id) "/forget"} {
                            (ctx.csrf_field())
                            button.secondary type="submit" { (lang.t("watch-stop")) }
                        }
                    }
                }
            }
        }
        h2 { (lang.t("watchlist-feed-title")) }
        p.help { (lang.t("watchlist-feed-help")) }
        @if let Some(url) = new_feed {
            div.notice role="status" {
                p { (lang.t("watchlist-feed-new")) }
                p { code.feed-address { (url) } }
            }
        }
        form method="post" action="/-/watchlist/feed" {
            (ctx.csrf_field())
            button type="submit" { (lang.t(if has_feed { "watchlist-feed-replace" } else { "watchlist-feed-create" })) }
        }
        @if has_feed {
            form method="post" action="/-/watchlist/feed/revoke" {
                (ctx.csrf_field())
                button.secondary type="submit" { (lang.t("watchlist-feed-revoke")) }
            }
        }
    }
}

/// The unsubscribe page: the button, or that it is done.
pub fn unsubscribe(lang: Lang, action: &str, done: bool) -> Markup {
    html! {
        h1 { (lang.t("unsubscribe-title")) }
        @if done {
            p role="status" { (lang.t("unsubscribe-done")) }
            p { a href="/-/watchlist" { (lang.t("watchlist-title")) } }
        } @else {
            p { (lang.t("unsubscribe-ask")) }
            form method="post" action=(action) {
                button type="submit" { (lang.t("unsubscribe-button")) }
            }
        }
    }
}
