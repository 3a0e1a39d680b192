//! `POST /{name}/presence`: the editor's heartbeat. The editor script calls it every half
//! minute while the editor is open (and once with `leaving` when the page is left), and shows
//! the answer's `text`. Without JavaScript, opening the editor is what records presence.
//! Presence is the editor's (`collab` keeps the table and the notices); a page the visitor may
//! not read is a missing page here too: nothing is recorded under it and nobody is reported.

use actix_web::cookie::Cookie;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::access::Access;
use crate::collab::presence::EditorSession;
use crate::collab::queries::Others;
use crate::collab::{queries, views};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::names::PageName;
use crate::pages::queries::{self as pages, Found};

use crate::security::CsrfForm;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{name}/presence", web::post().to(heartbeat));
}

#[derive(Deserialize)]
pub struct HeartbeatForm {
    /// Present when the editor is being closed.
    leaving: Option<String>,
}

#[derive(Serialize)]
struct PresenceAnswer {
    /// How many other people have the editor of this page open now.
    others: usize,
    /// The sentence to show, in the visitor's language (empty when nobody else is there).
    text: String,
}

/// The key presence is recorded under: the current name's, whichever name the editor used;
/// `None` for a page the visitor may not read.
async fn page_key(
    conn: &mut diesel_async::AsyncPgConnection,
    name: &PageName,
    access: &Access<'_>,
) -> Result<Option<String>, AppError> {
    Ok(match pages::find(conn, name).await? {
        Some(Found::Current(page) | Found::FormerName(page)) => {
            access.may_read(&page).then_some(page.name_key)
        }
        None => Some(name.key().to_owned()),
    })
}

/// Records that this browser has the editor of the page keyed `page_key` open, and says who
/// else has it: every editor (the page editor, a kind's own) calls this when it shows itself,
/// then shows the answer and sets the cookie, if any (a first visit). Views say who is
/// editing: this instance's show it from now on.
pub async fn opened(
    ctx: &Ctx,
    req: &HttpRequest,
    conn: &mut diesel_async::AsyncPgConnection,
    page_key: &str,
) -> Result<(Others, Option<Cookie<'static>>), AppError> {
    let secure = ctx.state.settings.secure_cookies;
    let session = EditorSession::of(req, secure);
    queries::record(conn, page_key, session.id, ctx.user_id()).await?;
    ctx.state.caches.views_changed_here();
    let others = queries::others(conn, page_key, Some(session.id), ctx.user_id()).await?;
    Ok((others, session.new_cookie(secure)))
}

async fn heartbeat(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<HeartbeatForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let name = PageName::parse(&name)?;
    let secure = ctx.state.settings.secure_cookies;
    let session = EditorSession::of(&req, secure);
    let mut conn = ctx.state.pool.get().await?;
    let Some(key) = page_key(&mut conn, &name, &ctx.access()).await? else {
        return Ok(HttpResponse::Ok().json(PresenceAnswer {
            others: 0,
            text: String::new(),
        }));
    };
    if form.leaving.is_some() {
        queries::leave(&mut conn, &key, session.id).await?;
    } else {
        queries::record(&mut conn, &key, session.id, ctx.user_id()).await?;
    }
    let others = queries::others(&mut conn, &key, Some(session.id), ctx.user_id()).await?;
    let mut response = HttpResponse::Ok().json(PresenceAnswer {
        others: others.names.len() + others.anonymous.unsigned_abs() as usize,
        text: views::editing_now(ctx.lang, &others),
    });
    if let Some(cookie) = session.new_cookie(secure) {
        response
            .add_cookie(&cookie)
            .map_err(|err| AppError::Internal(err.to_string()))?;
    }
    Ok(response)
}
