//! HTML of the history and diff views.

use maud::{Markup, html};

use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::layout::time as show_time;
use crate::model::{EventKind, PageEvent, Revision, RevisionMeta};
use crate::names::page_path;
use crate::pages::views::author_link;

/// One line of history: a revision and how much it changed the size.
pub struct HistoryRow<'a> {
    pub revision: &'a RevisionMeta,
    /// Who else wrote it (typing together live): each name, and whether it is an account.
    pub coauthors: &'a [(String, bool)],
    pub size_delta: i64,
}

pub struct HistoryPage<'a> {
    pub name: &'a str,
    pub latest: i32,
    pub rows: Vec<HistoryRow<'a>>,
    /// The revision number to continue from, when older revisions exist.
    pub older: Option<i32>,
    pub events: &'a [PageEvent],
}

fn event_text(lang: Lang, event: &PageEvent) -> String {
    match event.kind {
        EventKind::Rename => lang.t_with(
            "event-rename",
            &[
                ("old", event.old_name.as_deref().unwrap_or("")),
                ("new", event.new_name.as_deref().unwrap_or("")),
                ("author", &event.author_name),
            ],
        ),
        EventKind::Delete => lang.t_with("event-delete", &[("author", &event.author_name)]),
        EventKind::Undelete => lang.t_with("event-undelete", &[("author", &event.author_name)]),
    }
}

pub fn history(ctx: &Ctx, page: &HistoryPage<'_>) -> Markup {
    let lang = ctx.lang;
    let path = page_path(page.name);
    html! {
        h1 { (lang.t_with("history-title", &[("page", page.name)])) }
        p { a href=(path) { (lang.t("back-to-page")) } }
        form.history method="get" action={(path) "/diff"} {
            div.table-scroll {
                table.history-table {
                    caption.visually-hidden { (lang.t("history-caption")) }
                    thead {
                        tr {
                            th scope="col" { (lang.t("history-from")) }
                            th scope="col" { (lang.t("history-to")) }
                            th scope="col" { (lang.t("history-revision")) }
                            th scope="col" { (lang.t("history-date")) }
                            th scope="col" { (lang.t("history-author")) }
                            th scope="col" { (lang.t("history-size")) }
                            th scope="col" { (lang.t("history-summary")) }
                            th scope="col" { span.visually-hidden { (lang.t("history-actions")) } }
                        }
                    }
                    tbody {
                        @for (index, row) in page.rows.iter().enumerate() {
                            @let rev = row.revision;
                            tr {
                                td {
                                    input type="radio" name="from" value=(rev.number) checked[index == 1 || (page.rows.len() == 1 && index == 0)]
                                        aria-label=(lang.t_with("history-from-label", &[("number", &rev.number.to_string())]));
                                }
                                td {
                                    input type="radio" name="to" value=(rev.number) checked[index == 0]
                                        aria-label=(lang.t_with("history-to-label", &[("number", &rev.number.to_string())]));
                                }
                                td { a href={(path) "?rev=" (rev.number)} { (rev.number) } }
                                td { (show_time(lang, rev.created_at)) }
                                td {
                                    (author_link(&rev.author_name, rev.author_id.is_some()))
                                    @for (name, is_user) in row.coauthors {
                                        ", " (author_link(name, *is_user))
                                    }
                                }
                                td.size {
                                    (rev.size_bytes) " "
                                    span class=(if row.size_delta < 0 { "delta negative" } else { "delta" }) {
                                        "(" @if row.size_delta > 0 { "+" } (row.size_delta) ")"
                                    }
                                }
                                td {
                                    @if let Some(from) = rev.restored_from {
                                        span.restored { (lang.t_with("history-restored", &[("number", &from.to_string())])) " " }
                                    }
                                    @if let Some(with) = rev.merged_with {
                                        span.merged { (lang.t_with("history-merged", &[("number", &with.to_string())])) " " }
                                    }
                                    (rev.summary)
                                }
                                td.history-row-actions {
                                    @if rev.number > 1 {
                                        a href={(path) "/diff?from=" (rev.number - 1) "&to=" (rev.number)} { (lang.t("history-diff-prev")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            button type="submit" { (lang.t("history-compare")) }
        }
        @if let Some(older) = page.older {
            p { a rel="next" href={(path) "/history?before=" (older)} { (lang.t("history-older")) } }
        }
        @if page.rows.iter().any(|row| row.revision.number < page.latest) {
            section.restore {
                h2 { (lang.t("restore-title")) }
                p { (lang.t("restore-explanation")) }
                ul.restore-list {
                    @for row in page.rows.iter().filter(|row| row.revision.number < page.latest) {
                        li {
                            a href={(path) "/restore?rev=" (row.revision.number)} { (lang.t_with("restore-button", &[("number", &row.revision.number.to_string())])) }
                        }
                    }
                }
            }
        }
        @if !page.events.is_empty() {
            section.page-events {
                h2 { (lang.t("events-title")) }
                ul {
                    @for event in page.events {
                        li {
                            (show_time(lang, event.created_at)) " — " (event_text(lang, event))
                            @if !event.reason.is_empty() { " (" (event.reason) ")" }
                        }
                    }
                }
            }
        }
    }
}

fn revision_heading(lang: Lang, path: &str, revision: &Revision) -> Markup {
    html! {
        a href={(path) "?rev=" (revision.number)} { (lang.t_with("diff-revision", &[("number", &revision.number.to_string())])) }
        " · " (author_link(&revision.author_name, revision.author_id.is_some())) " · " (show_time(lang, revision.created_at))
        @if !revision.summary.is_empty() { br; q { (revision.summary) } }
    }
}

pub struct DiffPage<'a> {
    pub name: &'a str,
    pub from: &'a Revision,
    pub to: &'a Revision,
    pub latest: i32,
    /// The change as the page's kind reads it (a sheet's fields), shown first.
    pub changes: Option<Markup>,
    /// The change as the page reads (a page of no kind of its own): its blocks that changed.
    pub rendered: Option<Markup>,
    pub table: Markup,
}

pub fn diff(lang: Lang, page: &DiffPage<'_>) -> Markup {
    let path = page_path(page.name);
    html! {
        h1 { (lang.t_with("diff-title", &[("page", page.name)])) }
        div.diff-header {
            div.diff-side { (revision_heading(lang, &path, page.from)) }
            div.diff-side { (revision_heading(lang, &path, page.to)) }
        }
        nav.diff-nav aria-label=(lang.t("diff-nav")) {
            @if page.from.number > 1 && page.from.number < page.to.number {
                a href={(path) "/diff?from=" (page.from.number - 1) "&to=" (page.from.number)} { "← " (lang.t("diff-older")) }
            }
            " "
            @if page.to.number < page.latest {
                a href={(path) "/diff?from=" (page.to.number) "&to=" (page.to.number + 1)} { (lang.t("diff-newer")) " →" }
            }
            " "
            a href={(path) "/history"} { (lang.t("action-history")) }
        }
        @if let Some(changes) = &page.changes {
            (changes)
            details.source-diff {
                summary { (lang.t("diff-source")) }
                (page.table)
            }
        } @else if let Some(rendered) = &page.rendered {
            div.diff-views {
                section aria-labelledby="cw-diff-source" {
                    h2 #cw-diff-source { (lang.t("diff-source-heading")) }
                    (page.table)
                }
                section aria-labelledby="cw-diff-rendered" {
                    h2 #cw-diff-rendered { (lang.t("diff-rendered-heading")) }
                    (rendered)
                }
            }
        } @else {
            (page.table)
        }
    }
}

pub struct RestorePage<'a> {
    pub name: &'a str,
    pub old: &'a Revision,
    pub latest: &'a Revision,
    /// The page is deleted: restoring brings it back.
    pub deleted: bool,
    /// The latest text against the old one: what the restore changes.
    pub table: Markup,
}

/// Asks before restoring, showing what would come back and what would go.
pub fn restore(ctx: &Ctx, page: &RestorePage<'_>) -> Markup {
    let lang = ctx.lang;
    let path = page_path(page.name);
    let number = page.old.number.to_string();
    let same = page.old.body == page.latest.body && !page.deleted;
    html! {
        h1 { (lang.t_with("restore-confirm-title", &[("number", &number), ("page", page.name)])) }
        div.diff-header {
            div.diff-side { (revision_heading(lang, &path, page.latest)) }
            div.diff-side { (revision_heading(lang, &path, page.old)) }
        }
        @if same {
            p role="status" { (lang.t("restore-same")) }
        } @else {
            p { (lang.t_with("restore-confirm-explanation", &[("number", &number)])) }
            @if page.deleted {
                p { strong { (lang.t("restore-undeletes")) } }
            }
            (page.table)
            form.restore-confirm method="post" action={(path) "/restore?rev=" (number)} {
                (ctx.csrf_field())
                input type="hidden" name="base" value=(page.latest.number);
                label for="cw-restore-reason" { (lang.t("restore-reason")) }
                input #cw-restore-reason type="text" name="reason" maxlength="300";
                div.form-actions {
                    button type="submit" { (lang.t_with("restore-button", &[("number", &number)])) }
                    " "
                    a href={(path) "/history"} { (lang.t("restore-cancel")) }
                }
            }
        }
    }
}
