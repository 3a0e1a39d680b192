//! HTML of the live editor. The text area holds the latest revision, so the page reads
//! without JavaScript; `live.js` then connects it to the room.

use maud::{Markup, html};

use crate::assets;
use crate::ctx::Ctx;
use crate::live::connection::Person;
use crate::names::page_path;

/// What the live editor shows.
pub struct Live<'a> {
    pub name: &'a str,
    pub body: &'a str,
    pub writable: bool,
    pub person: &'a Person,
    /// The revision just saved on demand, to say so.
    pub saved: Option<i32>,
}

/// The script of the live editor, in the page's head.
pub fn head() -> Markup {
    html! { script src=(assets::url("live.js")) defer {} }
}

pub fn live(ctx: &Ctx, live: &Live<'_>) -> Markup {
    let lang = ctx.lang;
    let path = page_path(live.name);
    html! {
        h1 { (lang.t_with("live-title", &[("page", live.name)])) }
        @if let Some(number) = live.saved {
            p.notice role="status" { (lang.t_with("live-saved", &[("number", &number.to_string())])) }
        }
        p.help { (lang.t("live-help")) " " a href={(path) "/edit"} { (lang.t("live-plain-editor")) } }
        div #cw-live.live
            data-socket={(path) "/live/ws"}
            data-csrf=(ctx.csrf)
            data-writable=(live.writable)
            data-name=(live.person.name)
            data-colour=(live.person.colour)
            data-connecting=(lang.t("live-connecting"))
            data-connected=(lang.t("live-connected"))
            data-offline=(lang.t("live-offline"))
            data-read-only=(lang.t("live-read-only"))
            data-closed=(lang.t("live-closed")) {
            p #cw-live-status.live-status role="status" aria-live="polite" {
                (lang.t("live-needs-script"))
            }
            h2.visually-hidden #cw-live-people-title { (lang.t("live-people")) }
            ul #cw-live-people.live-people aria-labelledby="cw-live-people-title" {}
            label for="cw-live-text" { (lang.t("editor-body")) }
            div.live-area {
                div #cw-live-mirror.live-mirror aria-hidden="true" {}
                textarea #cw-live-text rows="24" readonly { (live.body) }
            }
        }
        @if live.writable {
            form.live-save method="post" action={(path) "/live/save"} {
                (ctx.csrf_field())
                label for="cw-live-summary" { (lang.t("editor-summary")) }
                input #cw-live-summary type="text" name="summary" maxlength="300";
                button type="submit" { (lang.t("live-save-now")) }
            }
        }
        p { a href=(path) { (lang.t("live-back")) } }
    }
}
