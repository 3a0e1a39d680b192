//! HTML of the page views: a page, a missing or deleted page, the editor, backlinks, rename and
//! delete forms. Pure functions from data to markup; they never touch the database.

use maud::{Markup, PreEscaped, html};
use time::OffsetDateTime;

use crate::collab::queries::Others;
use crate::collab::views::editor_presence;
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::layout::time as show_time;
use crate::model::PageEvent;
use crate::names::page_path;

/// The links under a page to everything one can do with it.
fn actions(lang: Lang, path: &str, info: &RevisionInfo<'_>) -> Markup {
    html! {
        nav.page-actions aria-label=(lang.t("page-actions")) {
            ul {
                li { a href={(path) "/edit"} { (lang.t("action-edit")) } }
                @if let Some(copy) = &info.copy_href {
                    li { a href=(copy) { (lang.t("action-copy")) } }
                }
                li { a href={(path) "/live"} { (lang.t("action-live")) } }
                li { a href={(path) "/history"} { (lang.t("action-history")) } }
                li { a href={(path) "/backlinks"} { (lang.t("action-backlinks")) } }
                li { a href={(path) "/attachments"} { (lang.t("action-attachments")) } }
                li { a href={(path) "/raw"} { (lang.t("action-raw")) } }
                li { a href={(path) "/print"} { (lang.t("action-print")) } }
                li { a href={(path) "/qr.svg"} type="image/svg+xml" { (lang.t("action-qr")) } }
                li { a href={(path) "/rename"} { (lang.t("action-rename")) } }
                li { a href={(path) "/delete"} { (lang.t("action-delete")) } }
                @if info.may_manage {
                    li { a href={(path) "/permissions"} { (lang.t("action-permissions")) } }
                }
            }
        }
    }
}

/// Facts shown under a page.
pub struct RevisionInfo<'a> {
    pub number: i32,
    pub latest: i32,
    pub author: &'a str,
    /// Whether the author is a user (linked to their contributions) rather than a pseudonym.
    pub author_is_user: bool,
    pub at: OffsetDateTime,
    /// Whether the visitor may change the page's permissions (owner or admin).
    pub may_manage: bool,
    /// Who may read the page, when not everyone may (its read list, as written in the
    /// permissions form): those who see it are told it is not public.
    pub readers: Option<Vec<String>>,
    /// Where to start a new page as a copy of this one (`kind::Kind::copy_href`).
    pub copy_href: Option<String>,
}

/// "Saved as revision n", after a save that merged nothing: without it a save showed the page
/// as it was before the editor opened, and people wondered whether it had worked.
pub fn saved_notice(lang: Lang, path: &str, number: i32) -> Markup {
    html! {
        div.notice.saved role="status" {
            p {
                (lang.t_with("saved-notice", &[("number", &number.to_string())]))
                @if number > 1 {
                    " "
                    a href={(path) "/diff?from=" (number - 1) "&to=" (number)} { (lang.t("saved-notice-diff")) }
                }
            }
        }
    }
}

/// A page's rendered revision. `info.number < info.latest` marks it as old. `notices` go under
/// the title (who is editing it now, a merged save).
pub fn page(
    lang: Lang,
    name: &str,
    html: &str,
    info: &RevisionInfo<'_>,
    notices: Markup,
) -> Markup {
    let path = page_path(name);
    let old = info.number < info.latest;
    html! {
        article.page {
            h1 { (name) }
            @if let Some(readers) = &info.readers {
                p.private-marker {
                    (lang.t("private-marker"))
                    " "
                    @for (index, reader) in readers.iter().enumerate() {
                        @if index > 0 { ", " }
                        @match reader.as_str() {
                            "+" => { (lang.t("permissions-syntax-signed-in")) }
                            "%" => { (lang.t("permissions-syntax-owner")) }
                            _ => { code { (reader) } }
                        }
                    }
                    @if info.may_manage {
                        " · " a href={(path) "/permissions"} { (lang.t("private-marker-change")) }
                    }
                }
            }
            (notices)
            @if old {
                div.notice.old-revision role="note" {
                    p {
                        (lang.t_with("old-revision-notice", &[("number", &info.number.to_string()), ("latest", &info.latest.to_string())]))
                    }
                    p {
                        a href=(path) { (lang.t("old-revision-current")) }
                        " · "
                        a href={(path) "/diff?from=" (info.number) "&to=" (info.latest)} { (lang.t("old-revision-diff")) }
                    }
                }
            }
            div.page-content { (PreEscaped(html)) }
            footer.page-info {
                p {
                    (lang.t_with("page-info-revision", &[("number", &info.number.to_string())]))
                    " " (author_link(info.author, info.author_is_user))
                    " · " (show_time(lang, info.at))
                    " · " a.permalink href={(path) "?rev=" (info.number)} rel="bookmark" { (lang.t("page-permanent-link")) }
                }
                (actions(lang, &path, info))
            }
        }
    }
}

/// An author's name, linked to their contributions when they have an account.
pub fn author_link(name: &str, is_user: bool) -> Markup {
    html! {
        @if is_user {
            a.author href={"/-/users/" (percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC))} { (name) }
        } @else {
            span.author { (name) }
        }
    }
}

/// The answer for a name no page has: an offer to create it (sent with status 404).
pub fn missing(lang: Lang, name: &str) -> Markup {
    html! {
        h1 { (name) }
        p { (lang.t("missing-page")) }
        p { a.button href={(page_path(name)) "/edit"} { (lang.t("missing-page-create")) } }
        p { a href={(page_path(name)) "/backlinks"} { (lang.t("action-backlinks")) } }
    }
}

/// Why the editor came back with the visitor's text: the name belongs to a page they may not
/// read (said without naming it).
pub fn name_unavailable(lang: Lang, name: &str) -> Markup {
    html! {
        div.notice.errors role="alert" {
            p { (lang.t_with("error-name-unavailable", &[("wanted", name)])) }
        }
    }
}

/// A deleted page: its name, when it went, and how to bring it back.
pub fn deleted(ctx: &Ctx, name: &str) -> Markup {
    let lang = ctx.lang;
    let path = page_path(name);
    html! {
        h1 { (name) }
        div.notice role="note" { p { (lang.t("deleted-page")) } }
        form method="post" action={(path) "/undelete"} {
            (ctx.csrf_field())
            button type="submit" { (lang.t("action-undelete")) }
        }
        p { a href={(path) "/history"} { (lang.t("action-history")) } }
    }
}

/// The editor's state, kept across previews and conflicts so nobody's text is lost.
pub struct Editor<'a> {
    pub name: &'a str,
    pub body: &'a str,
    pub summary: &'a str,
    /// The revision the text started from (0 for a new page).
    pub base: i32,
    pub submission_id: &'a str,
    pub preview: Option<&'a str>,
    pub conflict: Option<Conflict<'a>>,
    pub creating: bool,
    /// The page is deleted: the form says that saving brings it back, and asks for it
    /// explicitly (`recreate`), so a page never comes back without someone choosing it.
    pub deleted: Option<Deleted<'a>>,
    /// How many other people have this editor open now.
    pub others_editing: Others,
    /// The form answers a submission (preview, conflict, deleted page): its text is the one
    /// being worked on, so the browser must not offer a kept draft over it.
    pub answer: bool,
}

/// Someone saved the page while this editor was open.
pub struct Conflict<'a> {
    pub latest: i32,
    pub author: &'a str,
    /// What changed between the editor's base and the latest revision.
    pub their_changes: Markup,
    /// The regions both changed, side by side, when the save was merged and they overlapped.
    pub regions: Option<Markup>,
}

/// The page being edited is deleted.
pub struct Deleted<'a> {
    /// Deleted while the editor was open (the save was refused), not before it was opened.
    pub meanwhile: bool,
    /// The deletion: who, when, why.
    pub event: Option<&'a PageEvent>,
}

fn deleted_notice(lang: Lang, path: &str, deleted: &Deleted<'_>) -> Markup {
    html! {
        section.notice.deleted-notice role=(if deleted.meanwhile { "alert" } else { "note" })
            aria-labelledby="cw-deleted-title" {
            h2 #cw-deleted-title {
                @if deleted.meanwhile { (lang.t("deleted-meanwhile-title")) }
                @else { (lang.t("deleted-editing-title")) }
            }
            @if let Some(event) = deleted.event {
                p {
                    (show_time(lang, event.created_at)) " — "
                    (lang.t_with("event-delete", &[("author", &event.author_name)]))
                    @if !event.reason.is_empty() { " (" (event.reason) ")" }
                }
            }
            p {
                @if deleted.meanwhile { (lang.t("deleted-meanwhile-explanation")) }
                @else { (lang.t("deleted-editing-explanation")) }
            }
            p { a href={(path) "/history"} { (lang.t("action-history")) } }
        }
    }
}

pub fn conflict_notice(lang: Lang, conflict: &Conflict<'_>) -> Markup {
    let latest = conflict.latest.to_string();
    let args = [("latest", latest.as_str()), ("author", conflict.author)];
    html! {
        section.notice.conflict role="alert" aria-labelledby="cw-conflict-title" {
            h2 #cw-conflict-title { (lang.t("conflict-title")) }
            @if let Some(regions) = &conflict.regions {
                p { (lang.t_with("conflict-overlap-explanation", &args)) }
                (regions)
            } @else {
                p { (lang.t_with("conflict-explanation", &args)) }
            }
            details.their-changes open[conflict.regions.is_none()] {
                summary { (lang.t("conflict-their-changes")) }
                (conflict.their_changes)
            }
        }
    }
}

/// A line icon drawn inline (nothing fetched, nothing to license), in the text's colour; the
/// button around it carries the name.
fn icon(path: &str) -> Markup {
    html! {
        svg.icon viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" {
            path d=(path) {}
        }
    }
}

/// The formatting toolbar over the editor's text, for `assets/app.js` to show and run: hidden
/// (and its controls outside the form's data: no `name`) without JavaScript, where the
/// Markdown help says the same. `upload` is where files go, on a page that exists.
pub fn toolbar(lang: Lang, upload: Option<&str>) -> Markup {
    let button = |action: &str, message: &str, keys: Option<&str>, face: Markup| {
        html! {
            button type="button" data-md=(action) aria-label=(lang.t(message))
                title=(match keys { Some(keys) => format!("{} ({})", lang.t(message), keys.replace("Control+", "Ctrl+")), None => lang.t(message) })
                aria-keyshortcuts=[keys] { (face) }
        }
    };
    html! {
        div.md-toolbar role="toolbar" aria-label=(lang.t("toolbar")) aria-controls="cw-body" hidden
            data-table=(lang.t("toolbar-table-text"))
            data-upload=[upload]
            data-uploading=(lang.t_with("toolbar-uploading", &[("file", "%file%")]))
            data-uploaded=(lang.t_with("toolbar-uploaded", &[("file", "%file%")]))
            data-upload-failed=(lang.t_with("toolbar-upload-failed", &[("file", "%file%"), ("reason", "%reason%")])) {
            (button("bold", "toolbar-bold", Some("Control+B"), html! { b { "B" } }))
            (button("italic", "toolbar-italic", Some("Control+I"), html! { i { "I" } }))
            (button("heading", "toolbar-heading", None, html! { "H" }))
            (button("list", "toolbar-list", None, icon("M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01")))
            (button("link", "toolbar-link", Some("Control+K"), icon("M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1")))
            (button("wikilink", "toolbar-wikilink", None, html! { "[[ ]]" }))
            (button("table", "toolbar-table", None, icon("M4 5h16v14H4zM4 10h16M4 15h16M12 5v14")))
            @if upload.is_some() {
                (button("file", "toolbar-file", None, icon("M20 11l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.5 3.5 0 0 1 5 5L10 17a2 2 0 0 1-3-3l7.5-7.5")))
                input.md-file type="file" hidden aria-label=(lang.t("toolbar-file"));
                label.md-option {
                    (lang.t("toolbar-placement")) " "
                    select.md-placement {
                        @for (value, message) in [("", "toolbar-placement-inline"), ("left", "toolbar-placement-left"), ("right", "toolbar-placement-right"), ("center", "toolbar-placement-center")] {
                            option value=(value) { (lang.t(message)) }
                        }
                    }
                }
                label.md-option {
                    (lang.t("toolbar-size")) " "
                    select.md-size {
                        @for (value, message) in [("", "toolbar-size-full"), ("medium", "toolbar-size-medium"), ("small", "toolbar-size-small")] {
                            option value=(value) { (lang.t(message)) }
                        }
                    }
                }
            }
            div.md-wikilink hidden {
                label {
                    (lang.t("toolbar-wikilink-page")) " "
                    input.md-wikilink-page type="search" list="cw-md-pages" autocomplete="off";
                }
                datalist #cw-md-pages {}
                button type="button" data-md="wikilink-insert" { (lang.t("toolbar-wikilink-insert")) }
            }
            p.md-status role="status" {}
            @if upload.is_some() { p.help.md-file-help { (lang.t("toolbar-file-help")) } }
        }
    }
}

pub fn editor(ctx: &Ctx, editor: &Editor<'_>) -> Markup {
    let lang = ctx.lang;
    let path = page_path(editor.name);
    html! {
        h1 {
            @if editor.creating { (lang.t_with("editor-title-create", &[("page", editor.name)])) }
            @else { (lang.t_with("editor-title", &[("page", editor.name)])) }
        }
        @if let Some(deleted) = &editor.deleted { (deleted_notice(lang, &path, deleted)) }
        @if let Some(conflict) = &editor.conflict { (conflict_notice(lang, conflict)) }
        (editor_presence(lang, &editor.others_editing))
        // With a preview, the text and its preview side by side on a wide screen (style.css);
        // on a phone, app.js makes them take turns (the toggle's words are carried here).
        div.editor-layout.with-preview[editor.preview.is_some()]
            data-toggle-label=[editor.preview.is_some().then(|| lang.t("editor-preview-toggle"))]
            data-show-text=[editor.preview.is_some().then(|| lang.t("editor-show-text"))]
            data-show-preview=[editor.preview.is_some().then(|| lang.t("editor-show-preview"))] {
            form.editor method="post" action={(path) "/edit"}
                data-presence={(path) "/presence"}
                data-answer[editor.answer]
                data-draft-found=(lang.t("draft-found"))
                data-draft-restore=(lang.t("draft-restore"))
                data-draft-discard=(lang.t("draft-discard")) {
                (ctx.csrf_field())
                input type="hidden" name="base" value=(editor.base);
                input type="hidden" name="submission_id" value=(editor.submission_id);
                @if editor.deleted.is_some() {
                    input type="hidden" name="recreate" value="true";
                }
                div.editor-text {
                    label for="cw-body" { (lang.t("editor-body")) }
                    p.help #cw-body-help { (lang.t("editor-body-help")) }
                    (toolbar(lang, (!editor.creating && editor.deleted.is_none()).then(|| format!("{path}/attachments")).as_deref()))
                    textarea #cw-body name="body" rows="24" aria-describedby="cw-body-help" { (editor.body) }
                }
                label for="cw-summary" { (lang.t("editor-summary")) }
                input #cw-summary type="text" name="summary" maxlength="300" value=(editor.summary);
                div.editor-buttons {
                    button type="submit" name="action" value="save" {
                        @if editor.deleted.is_some() { (lang.t("editor-recreate")) }
                        @else { (lang.t("editor-save")) }
                    }
                    button.secondary type="submit" name="action" value="preview" { (lang.t("editor-preview")) }
                    @if !editor.creating && editor.deleted.is_none() {
                        a href={(path) "/live"} { (lang.t("action-live")) }
                    }
                    a href=(path) { (lang.t("editor-cancel")) }
                }
            }
            @if let Some(preview) = editor.preview {
                section.preview aria-labelledby="cw-preview-title" tabindex="-1" {
                    h2 #cw-preview-title { (lang.t("editor-preview-title")) }
                    div.page-content { (PreEscaped(preview)) }
                }
            }
        }
    }
}

/// The pages linking to `name`; for a page that does not `exist` yet, with the way to create
/// it.
pub fn backlinks(lang: Lang, name: &str, linkers: &[String], exists: bool) -> Markup {
    html! {
        h1 { (lang.t_with("backlinks-title", &[("page", name)])) }
        @if !exists {
            div.notice role="note" {
                p { (lang.t("backlinks-missing")) }
                p { a.button href={(page_path(name)) "/edit"} { (lang.t("missing-page-create")) } }
            }
        }
        @if linkers.is_empty() {
            p { (lang.t("backlinks-none")) }
        } @else {
            ul.page-list {
                @for linker in linkers { li { a href=(page_path(linker)) { (linker) } } }
            }
        }
        p { a href=(page_path(name)) { (lang.t("back-to-page")) } }
    }
}

pub fn rename_form(ctx: &Ctx, name: &str) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t_with("rename-title", &[("page", name)])) }
        p { (lang.t("rename-explanation")) }
        form method="post" action={(page_path(name)) "/rename"} {
            (ctx.csrf_field())
            label for="cw-new-name" { (lang.t("rename-new-name")) }
            input #cw-new-name type="text" name="new_name" required maxlength="120" value=(name);
            label for="cw-reason" { (lang.t("reason")) }
            input #cw-reason type="text" name="reason" maxlength="300";
            button type="submit" { (lang.t("action-rename")) }
        }
    }
}

pub fn delete_form(ctx: &Ctx, name: &str) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t_with("delete-title", &[("page", name)])) }
        p { (lang.t("delete-explanation")) }
        form method="post" action={(page_path(name)) "/delete"} {
            (ctx.csrf_field())
            label for="cw-reason" { (lang.t("reason")) }
            input #cw-reason type="text" name="reason" maxlength="300";
            button.danger type="submit" { (lang.t("action-delete")) }
        }
    }
}

/// Problems of a text saved in the raw editor, listed above it.
pub fn problems_notice(lang: Lang, problems: &[(String, String)]) -> Markup {
    html! {
        section.notice.errors role="alert" aria-labelledby="cw-problems-title" {
            h2 #cw-problems-title { (lang.t("sheet-not-saved")) }
            ul { @for (label, message) in problems { li { (lang.t_with("label-value", &[("label", label), ("value", message)])) } } }
        }
    }
}

/// `<link rel="alternate" type="application/json+oembed">` for a page view: how other sites
/// find the page's embed card.
pub fn oembed_discovery(base_url: &str, name: &str, page_url: &str) -> Markup {
    let query =
        serde_urlencoded::to_string([("url", page_url), ("format", "json")]).unwrap_or_default();
    html! {
        link rel="alternate" type="application/json+oembed" title=(name)
            href={(base_url) "/-/oembed?" (query)};
    }
}
