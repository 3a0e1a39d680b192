//! HTML of a page's permissions form and the history of its changes.

use maud::{Markup, html};

use crate::acl::{Acl, AclError};
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::layout::time as show_time;
use crate::names::page_path;
use crate::pages::views::author_link;
use crate::permissions::queries::AclChange;

/// What the three fields hold (as typed, after a refusal), and what was wrong.
pub struct Form<'a> {
    pub read: &'a str,
    pub write: &'a str,
    pub comment: &'a str,
    pub error: Option<&'a AclError>,
    /// Groups (`@name`) and people the lists name that this wiki does not have: saved only
    /// once confirmed, since a typo there (`@orgaa`) locks out the people meant.
    pub unknown: &'a [String],
}

pub struct Permissions<'a> {
    pub name: &'a str,
    pub owner: Option<&'a str>,
    pub form: Form<'a>,
    pub history: &'a [AclChange],
}

fn error_text(lang: Lang, error: &AclError) -> String {
    match error {
        AclError::Invalid { line, text } => lang.t_with(
            "permissions-error-invalid",
            &[("line", &line.to_string()), ("text", text)],
        ),
        AclError::TooMany => lang.t_with(
            "permissions-error-too-many",
            &[("max", &crate::acl::MAX_ENTRIES.to_string())],
        ),
    }
}

fn field(ctx: &Ctx, id: &str, name: &str, label: &str, value: &str, default: &[String]) -> Markup {
    let lang = ctx.lang;
    let default = Acl::from_stored(default).to_text().replace('\n', " ");
    html! {
        label for=(id) { (lang.t(label)) }
        p.help id={(id) "-help"} { (lang.t_with("permissions-default", &[("default", &default)])) }
        textarea id=(id) name=(name) rows="4" aria-describedby={(id) "-help"} { (value) }
    }
}

fn list(lang: Lang, entries: Option<&Vec<String>>) -> String {
    match entries {
        Some(entries) => Acl::from_stored(entries).to_text().replace('\n', " "),
        None => lang.t("permissions-site-default"),
    }
}

pub fn permissions(ctx: &Ctx, view: &Permissions<'_>) -> Markup {
    let lang = ctx.lang;
    let settings = &ctx.state.settings;
    let path = page_path(view.name);
    html! {
        h1 { (lang.t_with("permissions-title", &[("page", view.name)])) }
        p { a href=(path) { (lang.t("back-to-page")) } }
        p {
            @match view.owner {
                Some(owner) => { (lang.t("permissions-owner")) " " (author_link(owner, true)) }
                None => { (lang.t("permissions-no-owner")) }
            }
        }
        details.help {
            summary { (lang.t("permissions-syntax-title")) }
            ul {
                li { code { "*" } " " (lang.t("permissions-syntax-everyone")) }
                li { code { "+" } " " (lang.t("permissions-syntax-signed-in")) }
                li { code { "%" } " " (lang.t("permissions-syntax-owner")) }
                li { code { "@group" } " " (lang.t("permissions-syntax-group")) }
                li { code { "name" } " " (lang.t("permissions-syntax-user")) }
                li { code { "!" } " " (lang.t("permissions-syntax-deny")) }
            }
            p { (lang.t("permissions-syntax-rules")) }
        }
        @if let Some(error) = view.form.error {
            p.error-message role="alert" { (error_text(lang, error)) }
        }
        @if !view.form.unknown.is_empty() {
            div.error-message role="alert" {
                p { (lang.t_with("permissions-unknown", &[("names", &view.form.unknown.join(", "))])) }
            }
        }
        form.permissions method="post" action={(path) "/permissions"} {
            (ctx.csrf_field())
            @if !view.form.unknown.is_empty() {
                p {
                    input #cw-confirm-unknown type="checkbox" name="confirm_unknown" value=(view.form.unknown.join(" "));
                    " "
                    label for="cw-confirm-unknown" { (lang.t("permissions-unknown-confirm")) }
                }
            }
            (field(ctx, "cw-read", "read", "permissions-read", view.form.read, &settings.default_read_acl))
            (field(ctx, "cw-write", "write", "permissions-write", view.form.write, &settings.default_write_acl))
            (field(ctx, "cw-comment", "comment", "permissions-comment", view.form.comment, &settings.default_comment_acl))
            button type="submit" { (lang.t("permissions-save")) }
        }
        section aria-labelledby="cw-acl-history" {
            h2 #cw-acl-history { (lang.t("permissions-history")) }
            @if view.history.is_empty() {
                p { (lang.t("permissions-history-none")) }
            } @else {
                table.acl-history {
                    thead {
                        tr {
                            th scope="col" { (lang.t("history-date")) }
                            th scope="col" { (lang.t("history-author")) }
                            th scope="col" { (lang.t("permissions-read")) }
                            th scope="col" { (lang.t("permissions-write")) }
                            th scope="col" { (lang.t("permissions-comment")) }
                        }
                    }
                    tbody {
                        @for change in view.history {
                            tr {
                                td { (show_time(lang, change.created_at)) }
                                td { (author_link(&change.author_name, change.author_id.is_some())) }
                                td { (list(lang, change.read.as_ref())) }
                                td { (list(lang, change.write.as_ref())) }
                                td { (list(lang, change.comment.as_ref())) }
                            }
                        }
                    }
                }
            }
        }
    }
}
