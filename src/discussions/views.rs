//! HTML of discussions: the thread below a page and at `/{name}/discussion`, the comment
//! form (a reply form folded under each comment, working without JavaScript), the edit form,
//! a comment's earlier texts, the moderation queue and a person's comments.

use maud::{Markup, PreEscaped, html};

use crate::ctx::Ctx;
use crate::discussions::queries::{Comment, OnPage};
use crate::discussions::routes::{Item, Loaded};
use crate::discussions::{MAX_COMMENT_CHARS, PER_PAGE};
use crate::i18n::Lang;
use crate::layout::time as show_time;
use crate::markup;
use crate::names::{comment_path, page_path};
use crate::pages::views::author_link;

/// A comment form as it was sent, brought back with what was wrong.
pub struct Draft<'a> {
    pub body: &'a str,
    pub reply_to: &'a str,
    pub field_note: bool,
    pub group_size: &'a str,
    pub duration: &'a str,
    /// A message id.
    pub error: &'static str,
}

/// The thread below a page: its latest comments, and a link to the rest.
pub fn below(lang: Lang, csrf: &str, loaded: &Loaded) -> Markup {
    html! {
        section.discussion #discussion aria-labelledby="discussion-title" {
            (heading(lang, loaded))
            @if loaded.first > 0 {
                p.earlier {
                    a href={(page_path(&loaded.page_name)) "/discussion"} {
                        (lang.t_count("discussion-earlier", loaded.first, &[]))
                    }
                }
            }
            (thread(lang, csrf, loaded, None))
            (new_comment(lang, csrf, loaded, None))
        }
    }
}

/// `/{name}/discussion`: one page of the whole thread.
pub fn discussion(
    ctx: &Ctx,
    loaded: &Loaded,
    number: i64,
    draft: Option<&Draft<'_>>,
    notice: Option<&'static str>,
) -> Markup {
    let lang = ctx.lang;
    let path = page_path(&loaded.page_name);
    let pages = (loaded.threads + PER_PAGE - 1) / PER_PAGE;
    html! {
        h1 { (lang.t_with("discussion-title", &[("page", &loaded.page_name)])) }
        p { a href=(path) { (lang.t("back-to-page")) } }
        section.discussion #discussion aria-labelledby="discussion-title" {
            @if let Some(notice) = notice {
                div.notice role="status" { p { (lang.t(notice)) } }
            }
            (heading(lang, loaded))
            (thread(lang, &ctx.csrf, loaded, draft))
            @if pages > 1 {
                nav.pagination aria-label=(lang.t("discussion-pages")) {
                    @if number > 1 {
                        a rel="prev" href={(path) "/discussion?page=" (number - 1)} { (lang.t("discussion-previous")) }
                    }
                    " " (lang.t_with("discussion-page-of", &[("page", &number.to_string()), ("pages", &pages.to_string())])) " "
                    @if number < pages {
                        a rel="next" href={(path) "/discussion?page=" (number + 1)} { (lang.t("discussion-next")) }
                    }
                }
            }
            // A reply's draft shows in its reply form; one whose comment is not on this page of
            // the thread (or no longer answerable) comes back in the main form.
            (new_comment(lang, &ctx.csrf, loaded, draft.filter(|d| !replies_shown(loaded, d))))
        }
    }
}

fn replies_shown(loaded: &Loaded, draft: &Draft<'_>) -> bool {
    loaded.may_comment
        && loaded.items.iter().any(|item| {
            item.comment.reply_to.is_none()
                && !item.comment.is_removed()
                && !item.comment.pending
                && draft.reply_to.trim() == item.comment.id.to_string()
        })
}

fn heading(lang: Lang, loaded: &Loaded) -> Markup {
    html! {
        h2 #discussion-title {
            (lang.t("discussion-heading"))
            @if loaded.count > 0 { " " span.count { "(" (loaded.count) ")" } }
        }
        @if loaded.waiting > 0 {
            p.notice { a href="/-/moderation" { (lang.t_count("discussion-waiting-moderators", loaded.waiting, &[])) } }
        }
    }
}

/// The items of a thread, each top-level comment with its replies (they follow it).
fn grouped(items: &[Item]) -> Vec<(&Item, Vec<&Item>)> {
    let mut threads: Vec<(&Item, Vec<&Item>)> = Vec::new();
    for item in items {
        match threads.last_mut() {
            Some((_, replies)) if item.comment.reply_to.is_some() => replies.push(item),
            _ => threads.push((item, Vec::new())),
        }
    }
    threads
}

fn thread(lang: Lang, csrf: &str, loaded: &Loaded, draft: Option<&Draft<'_>>) -> Markup {
    html! {
        @if loaded.items.is_empty() {
            p.empty { (lang.t("discussion-empty")) }
        } @else {
            ol.comments {
                @for (top, replies) in grouped(&loaded.items) {
                    li.thread {
                        (comment(lang, csrf, loaded, top))
                        @if !replies.is_empty() {
                            ol.replies {
                                @for reply in &replies {
                                    li { (comment(lang, csrf, loaded, reply)) }
                                }
                            }
                        }
                        @if loaded.may_comment && !top.comment.is_removed() && !top.comment.pending {
                            (reply_form(lang, csrf, loaded, top.comment.id, draft.filter(|d| d.reply_to.trim() == top.comment.id.to_string())))
                        }
                    }
                }
            }
        }
    }
}

fn comment(lang: Lang, csrf: &str, loaded: &Loaded, item: &Item) -> Markup {
    let c = &item.comment;
    let path = comment_path(&loaded.page_name, c.id);
    html! {
        article.comment.pending[c.pending].field-note[c.is_field_note] #{"comment-" (c.id)} {
            @if c.is_removed() {
                p.removed {
                    (lang.t_with("discussion-removed-by", &[("name", c.removed_by_name.as_deref().unwrap_or(""))]))
                    " " (show_time(lang, c.removed_at.unwrap_or(c.created_at)))
                }
            } @else {
                header {
                    (author_link(&c.author_name, c.author_id.is_some()))
                    " · "
                    a.permalink href=(path) { (show_time(lang, c.created_at)) }
                    @if c.edited_at.is_some() {
                        " · " a.edited href={(path) "/history"} { (lang.t("discussion-edited")) }
                    }
                    @if c.pending {
                        " " strong.badge { (lang.t("discussion-pending")) }
                    }
                }
                @if c.is_field_note {
                    p.field-note-figures {
                        strong { (lang.t("discussion-field-note")) }
                        @if let Some(size) = c.group_size {
                            " · " (lang.t_count("discussion-group-size", i64::from(size), &[]))
                        }
                        @if let Some(minutes) = c.duration_minutes {
                            " · " (lang.t_count("discussion-duration", i64::from(minutes), &[]))
                        }
                    }
                }
                div.comment-body { (PreEscaped(&item.html)) }
                @if item.may_edit || item.may_remove || item.may_approve {
                    div.comment-actions {
                        @if item.may_edit {
                            a href={(path) "/edit"} { (lang.t("discussion-edit")) }
                        }
                        @if item.may_approve {
                            form method="post" action={(path) "/approve"} {
                                input type="hidden" name="csrf" value=(csrf);
                                button type="submit" { (lang.t("discussion-approve")) }
                            }
                        }
                        @if item.may_remove {
                            form method="post" action={(path) "/remove"} {
                                input type="hidden" name="csrf" value=(csrf);
                                button.secondary type="submit" { (lang.t("discussion-remove")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The field robots fill in and people never see (nor reach with the keyboard, nor hear).
fn honeypot(lang: Lang) -> Markup {
    html! {
        div.hp aria-hidden="true" {
            label { (lang.t("discussion-honeypot")) input type="text" name="website" tabindex="-1" autocomplete="off" value=""; }
        }
    }
}

fn error(lang: Lang, draft: Option<&Draft<'_>>, id: &str) -> Markup {
    html! {
        @if let Some(draft) = draft {
            p.error-message role="alert" id=(id) { (lang.t_with(draft.error, &[("max", &MAX_COMMENT_CHARS.to_string())])) }
        }
    }
}

fn reply_form(
    lang: Lang,
    csrf: &str,
    loaded: &Loaded,
    to: i64,
    draft: Option<&Draft<'_>>,
) -> Markup {
    let id = format!("reply-{to}");
    let action = format!("{}/discussion", page_path(&loaded.page_name));
    html! {
        details.reply open[draft.is_some()] {
            summary { (lang.t("discussion-reply")) }
            form.comment-form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="reply_to" value=(to);
                (error(lang, draft, &format!("{id}-error")))
                label for=(id) { (lang.t("discussion-your-reply")) }
                textarea id=(id) name="body" rows="3" required maxlength=(MAX_COMMENT_CHARS)
                    aria-describedby=[draft.map(|_| format!("{id}-error"))] { (draft.map_or("", |d| d.body)) }
                (honeypot(lang))
                button type="submit" { (lang.t("discussion-send-reply")) }
            }
        }
    }
}

fn new_comment(lang: Lang, csrf: &str, loaded: &Loaded, draft: Option<&Draft<'_>>) -> Markup {
    let action = format!("{}/discussion", page_path(&loaded.page_name));
    html! {
        @if loaded.may_comment {
            form.comment-form #comment-form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                (error(lang, draft, "comment-error"))
                label for="comment-body" { (lang.t("discussion-your-comment")) }
                p.help #comment-help { (lang.t("discussion-help")) }
                textarea #comment-body name="body" rows="5" required maxlength=(MAX_COMMENT_CHARS)
                    aria-describedby={"comment-help" @if draft.is_some() { " comment-error" }} { (draft.map_or("", |d| d.body)) }
                @if loaded.field_notes {
                    fieldset.field-note {
                        legend { (lang.t("discussion-field-note-legend")) }
                        label.check {
                            input type="checkbox" name="field_note" value="1" checked[draft.is_some_and(|d| d.field_note)];
                            " " (lang.t("discussion-field-note-used"))
                        }
                        label for="note-group" { (lang.t("discussion-field-note-group")) }
                        input #note-group type="number" name="group_size" min="1" max="100000" inputmode="numeric" value=(draft.map_or("", |d| d.group_size));
                        label for="note-duration" { (lang.t("discussion-field-note-duration")) }
                        input #note-duration type="number" name="duration" min="1" max="100000" inputmode="numeric" value=(draft.map_or("", |d| d.duration));
                    }
                }
                @if !loaded.signed_in {
                    p.help { (lang.t("discussion-guest-note")) }
                }
                (honeypot(lang))
                button type="submit" { (lang.t("discussion-send")) }
            }
        } @else if loaded.signed_in {
            p.closed { (lang.t("discussion-closed")) }
        } @else {
            p.closed {
                a href={"/-/login?next=" (percent_encoding::utf8_percent_encode(&format!("{}#comment-form", page_path(&loaded.page_name)), percent_encoding::NON_ALPHANUMERIC))} { (lang.t("discussion-login")) }
            }
        }
    }
}

/// `/{name}/discussion/{id}/edit`.
pub fn edit_form(
    ctx: &Ctx,
    page_name: &str,
    comment: &Comment,
    body: &str,
    error_id: Option<&'static str>,
) -> Markup {
    let lang = ctx.lang;
    let action = format!("{}/edit", comment_path(page_name, comment.id));
    html! {
        h1 { (lang.t("discussion-edit-title")) }
        p { a href=(comment_path(page_name, comment.id)) { (lang.t("discussion-back")) } }
        form.comment-form method="post" action=(action) {
            (ctx.csrf_field())
            @if let Some(error_id) = error_id {
                p.error-message role="alert" #edit-error { (lang.t_with(error_id, &[("max", &MAX_COMMENT_CHARS.to_string())])) }
            }
            label for="comment-body" { (lang.t("discussion-your-comment")) }
            textarea #comment-body name="body" rows="8" required maxlength=(MAX_COMMENT_CHARS)
                aria-describedby=[error_id.map(|_| "edit-error")] { (body) }
            button type="submit" { (lang.t("discussion-save-edit")) }
        }
    }
}

/// `/{name}/discussion/{id}/history`: every text the comment had, the current one last.
pub fn history(
    lang: Lang,
    page_name: &str,
    comment: &Comment,
    html: &[String],
    replaced: &[time::OffsetDateTime],
) -> Markup {
    let count = html.len();
    html! {
        h1 { (lang.t("discussion-history-title")) }
        p {
            a href=(comment_path(page_name, comment.id)) { (lang.t("discussion-back")) }
        }
        ol.comment-history {
            @for (index, text) in html.iter().enumerate() {
                li {
                    p.meta {
                        @if index + 1 == count {
                            (lang.t("discussion-history-current"))
                        } @else if let Some(at) = replaced.get(index) {
                            (lang.t("discussion-history-replaced")) " " (show_time(lang, *at))
                        }
                    }
                    div.comment-body { (PreEscaped(text)) }
                }
            }
        }
    }
}

/// `/-/moderation`.
pub fn moderation(ctx: &Ctx, waiting: &[OnPage], html: &[String]) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t("moderation-title")) }
        @if waiting.is_empty() {
            p { (lang.t("moderation-empty")) }
        } @else {
            ol.moderation {
                @for (on_page, text) in waiting.iter().zip(html) {
                    @let c = &on_page.comment;
                    @let path = comment_path(&on_page.page_name, c.id);
                    li {
                        article.comment {
                            header {
                                (author_link(&c.author_name, c.author_id.is_some()))
                                " · " a href=(page_path(&on_page.page_name)) { (on_page.page_name) }
                                " · " (show_time(lang, c.created_at))
                            }
                            div.comment-body { (PreEscaped(text)) }
                            div.comment-actions {
                                form method="post" action={(path) "/approve"} {
                                    (ctx.csrf_field())
                                    input type="hidden" name="back" value="/-/moderation";
                                    button type="submit" { (lang.t("discussion-approve")) }
                                }
                                form method="post" action={(path) "/remove"} {
                                    (ctx.csrf_field())
                                    input type="hidden" name="back" value="/-/moderation";
                                    button.secondary type="submit" { (lang.t("discussion-remove")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A comment in a listing across pages: its opening words, or that it was removed.
pub fn excerpt(lang: Lang, comment: &Comment) -> String {
    if comment.is_removed() {
        lang.t("discussion-removed")
    } else {
        markup::plain_text(&comment.body, 160)
    }
}

/// `/-/users/{name}/comments`.
pub fn by_user(lang: Lang, user: &str, comments: &[OnPage]) -> Markup {
    html! {
        h1 { (lang.t_with("comments-by-title", &[("user", user)])) }
        p { a href={"/-/users/" (percent_encoding::utf8_percent_encode(user, percent_encoding::NON_ALPHANUMERIC))} { (lang.t("comments-by-edits")) } }
        @if comments.is_empty() {
            p { (lang.t("comments-by-empty")) }
        } @else {
            ul.changes {
                @for on_page in comments {
                    @let c = &on_page.comment;
                    li {
                        (show_time(lang, c.created_at)) " · "
                        a href=(comment_path(&on_page.page_name, c.id)) { (on_page.page_name) }
                        " · " span.excerpt { (excerpt(lang, c)) }
                    }
                }
            }
        }
    }
}
