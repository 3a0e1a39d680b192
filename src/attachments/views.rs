//! HTML of the attachments list and an attachment's history. Pure functions from data to
//! markup; they never touch the database.

use maud::{Markup, html};

use super::inspect::{Kind, THUMB_WIDTHS};
use super::queries::{Attachment, Version};
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::layout::time as show_time;
use crate::names::page_path;

/// Everything but unreserved characters is encoded in an attachment's path segment (the same
/// set `markup` uses for `attachment:` links).
pub(super) const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment of an attachment's address.
fn segment(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, SEGMENT).to_string()
}

pub fn file_path(page: &str, file: &str) -> String {
    format!("{}/attachments/{}", page_path(page), segment(file))
}

pub fn history_path(page: &str, file: &str) -> String {
    format!("{}/history", file_path(page, file))
}

fn kind_label(lang: Lang, code: &str) -> String {
    match Kind::from_code(code) {
        Some(kind) if kind.is_inline_image() => lang.t("attachment-kind-image"),
        Some(Kind::Svg) => lang.t("attachment-kind-svg"),
        Some(Kind::Pdf) => lang.t("attachment-kind-pdf"),
        Some(Kind::Text) => lang.t("attachment-kind-text"),
        _ => lang.t("attachment-kind-document"),
    }
}

fn size(lang: Lang, bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        lang.t_with(
            "attachment-size-mib",
            &[("size", &format!("{:.1}", bytes as f64 / 1_048_576.0))],
        )
    } else {
        lang.t_with(
            "attachment-size-kib",
            &[("size", &((bytes + 1023) / 1024).to_string())],
        )
    }
}

/// The Markdown that embeds or links this file.
fn markdown_reference(name: &str, kind: &str) -> String {
    let target = if name.contains([' ', '(', ')', '<', '>']) {
        format!("<attachment:{}>", name.replace(['<', '>'], ""))
    } else {
        format!("attachment:{name}")
    };
    let label = name.replace(['[', ']'], "");
    if Kind::from_code(kind).is_some_and(Kind::is_inline_image) {
        format!("![{label}]({target})")
    } else {
        format!("[{label}]({target})")
    }
}

fn action_button(ctx: &Ctx, action: String, label: String) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (ctx.csrf_field())
            button type="submit" { (label) }
        }
    }
}

pub struct List<'a> {
    pub page: &'a str,
    pub rows: &'a [(Attachment, Version)],
    pub may_write: bool,
    pub max_bytes: usize,
}

pub fn list(ctx: &Ctx, view: &List<'_>) -> Markup {
    let lang = ctx.lang;
    let (live, deleted): (Vec<_>, Vec<_>) = view
        .rows
        .iter()
        .partition(|(attachment, _)| attachment.deleted_at.is_none());
    html! {
        h1 { (lang.t_with("attachments-title", &[("page", view.page)])) }
        @if live.is_empty() {
            p { (lang.t("attachments-none")) }
        } @else {
            table.attachments {
                thead { tr {
                    th { (lang.t("attachment-file")) }
                    th { (lang.t("attachment-kind")) }
                    th { (lang.t("attachment-size")) }
                    th { (lang.t("attachment-version")) }
                    th { (lang.t("attachment-markdown")) }
                    th { span.visually-hidden { (lang.t("page-actions")) } }
                } }
                tbody {
                    @for (attachment, version) in &live {
                        @let path = file_path(view.page, &attachment.name);
                        tr {
                            td {
                                @if Kind::from_code(&version.kind).is_some_and(Kind::is_inline_image) {
                                    img.attachment-thumb src={(path) "/thumb/" (THUMB_WIDTHS[0])} alt="" loading="lazy";
                                    " "
                                }
                                a href=(path) { (attachment.name) }
                            }
                            td { (kind_label(lang, &version.kind)) }
                            td { (size(lang, version.size_bytes)) }
                            td {
                                a href={(path) "/history"} { (version.number) }
                                " · " (version.author_name) " · " (show_time(lang, version.created_at))
                            }
                            td { code { (markdown_reference(&attachment.name, &version.kind)) } }
                            td {
                                @if view.may_write {
                                    (action_button(ctx, format!("{path}/delete"), lang.t("action-delete")))
                                }
                            }
                        }
                    }
                }
            }
        }
        @if view.may_write {
            (upload_form(ctx, view))
        }
        @if !deleted.is_empty() {
            h2 { (lang.t("attachments-deleted")) }
            ul.deleted-attachments {
                @for (attachment, _) in &deleted {
                    @let path = file_path(view.page, &attachment.name);
                    li {
                        a href={(path) "/history"} { (attachment.name) }
                        @if view.may_write {
                            " " (action_button(ctx, format!("{path}/undelete"), lang.t("action-undelete-attachment")))
                        }
                    }
                }
            }
        }
        p { a href=(page_path(view.page)) { (lang.t("back-to-page")) } }
    }
}

/// A plain multipart form: works without JavaScript; `app.js` adds dropping files on it.
fn upload_form(ctx: &Ctx, view: &List<'_>) -> Markup {
    let lang = ctx.lang;
    let limit = size(lang, view.max_bytes as i64);
    html! {
        form.attachment-upload method="post" enctype="multipart/form-data"
            action={(page_path(view.page)) "/attachments"} {
            (ctx.csrf_field())
            label for="cw-attachment-file" { (lang.t("attachment-upload-label")) }
            input #cw-attachment-file type="file" name="file" required;
            p.help { (lang.t_with("attachment-upload-help", &[("limit", &limit)])) }
            p.drop-hint hidden { (lang.t("attachment-drop-hint")) }
            button type="submit" { (lang.t("attachment-upload")) }
        }
    }
}

pub struct History<'a> {
    pub page: &'a str,
    pub attachment: &'a Attachment,
    pub versions: &'a [Version],
    pub may_write: bool,
}

pub fn history(ctx: &Ctx, view: &History<'_>) -> Markup {
    let lang = ctx.lang;
    let path = file_path(view.page, &view.attachment.name);
    let deleted = view.attachment.deleted_at.is_some();
    html! {
        h1 { (lang.t_with("attachment-history-title", &[("file", &view.attachment.name)])) }
        @if deleted {
            p.notice { (lang.t("attachment-deleted-notice")) }
            @if view.may_write {
                (action_button(ctx, format!("{path}/undelete"), lang.t("action-undelete-attachment")))
            }
        }
        table.history {
            thead { tr {
                th { (lang.t("attachment-version")) }
                th { (lang.t("attachment-kind")) }
                th { (lang.t("attachment-size")) }
                th { (lang.t("attachment-uploaded-by")) }
                th { span.visually-hidden { (lang.t("page-actions")) } }
            } }
            tbody {
                @for version in view.versions {
                    @let current = version.number == view.attachment.latest_version;
                    tr {
                        td {
                            @if deleted {
                                (version.number)
                            } @else {
                                a href={(path) "?v=" (version.number)} { (version.number) }
                            }
                            @if let Some(from) = version.restored_from {
                                " " (lang.t_with("attachment-restored-from", &[("number", &from.to_string())]))
                            }
                        }
                        td { (kind_label(lang, &version.kind)) }
                        td { (size(lang, version.size_bytes)) }
                        td { (version.author_name) " · " (show_time(lang, version.created_at)) }
                        td {
                            @if current {
                                (lang.t("attachment-current"))
                            } @else if view.may_write && !deleted {
                                (action_button(ctx, format!("{path}/restore?v={}", version.number), lang.t("attachment-restore")))
                            }
                        }
                    }
                }
            }
        }
        p { a href={(page_path(view.page)) "/attachments"} { (lang.t("attachments-back")) } }
    }
}
