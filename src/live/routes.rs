//! `/{name}/live` (the live editor), `/{name}/live/ws` (its WebSocket) and
//! `/{name}/live/save` ("save a version now").

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::accounts;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::live::checkpoint::{self, Checkpoint, Occasion};
use crate::live::connection::{self, Connection, Person};
use crate::live::{Rooms, views};
use crate::model::Page;
use crate::names::page_path;
use crate::pages::queries as page_queries;
use crate::pages::resolve::{Resolved, resolve};
use crate::pages::routes::normalise_summary;
use crate::security::{self, CsrfForm};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{name}/live", web::get().to(live))
        .route("/{name}/live/ws", web::get().to(socket))
        .route("/{name}/live/save", web::post().to(save_now));
}

/// The page behind a live address: readable, existing and not deleted, else missing (a page
/// the visitor may not read answers like one that does not exist).
async fn live_page(
    ctx: &Ctx,
    req: &HttpRequest,
    name: &str,
    suffix: &str,
) -> Result<Result<Page, HttpResponse>, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    match resolve(&mut conn, name, suffix, req, &ctx.access()).await? {
        Resolved::Page(page) if page.deleted_at.is_none() => Ok(Ok(page)),
        Resolved::Redirect(response) => Ok(Err(response)),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Deserialize)]
struct Saved {
    saved: Option<i32>,
}

/// `GET /{name}/live`: the live editor, for anyone who may read the page (those who may not
/// write it watch). Without JavaScript it shows the latest text and points to the plain editor.
async fn live(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let page = match live_page(&ctx, &req, &name, "/live").await? {
        Ok(page) => page,
        Err(redirect) => return Ok(redirect),
    };
    let mut conn = ctx.state.pool.get().await?;
    let body = page_queries::latest_body(&mut conn, &page).await?;
    let writable = ctx.access().may_write(Some(&page));
    let author = accounts::author(&ctx, &mut conn).await?;
    let person = Person::new(author, &ctx.lang.t("live-guest"));
    let saved = web::Query::<Saved>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.saved);
    let content = views::live(
        &ctx,
        &views::Live {
            name: &page.name,
            body: &body,
            writable,
            person: &person,
            saved,
        },
    );
    let access = ctx.access();
    let chrome = (ctx.state.chrome)(&mut conn, &access).await?;
    let title = ctx.lang.t_with("live-title", &[("page", &page.name)]);
    let head = views::head();
    Ok(crate::ctx::html(
        StatusCode::OK,
        ctx.page_with_head(&chrome, &title, Some(&head), content),
    ))
}

#[derive(Deserialize)]
struct SocketQuery {
    csrf: Option<String>,
}

/// `GET /{name}/live/ws`: the WebSocket of the page's room. The handshake is checked like a
/// form: the `Origin` must be this site, and the CSRF token (in the query, since a browser
/// cannot set headers on a WebSocket) the visitor's, so another site cannot open a connection
/// with the visitor's cookies. The right to write is decided here, and again at every tick.
async fn socket(
    ctx: Ctx,
    req: HttpRequest,
    body: web::Payload,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    security::check_origin(&req)?;
    let query =
        web::Query::<SocketQuery>::from_query(req.query_string()).map_err(|_| AppError::Csrf)?;
    security::check_token(&req, query.csrf.as_deref())?;
    let page = match live_page(&ctx, &req, &name, "/live/ws").await? {
        Ok(page) => page,
        Err(_) => return Err(AppError::NotFound),
    };
    let access = ctx.access();
    let writable = access.may_write(Some(&page));
    let author = {
        let mut conn = ctx.state.pool.get().await?;
        accounts::author(&ctx, &mut conn).await?
    };
    let person = Person::new(author, &ctx.lang.t("live-guest"));
    let rooms =
        Rooms::of(&ctx.state).ok_or_else(|| AppError::Internal("live rooms not started".into()))?;
    let max = connection::max_message_bytes(ctx.state.settings.max_page_bytes);
    let (response, session, stream) =
        actix_ws::handle(&req, body).map_err(|_| AppError::BadRequest("error-bad-request"))?;
    let stream = stream
        .max_frame_size(max)
        .aggregate_continuations()
        .max_continuation_size(max);
    let state = ctx.state.clone().into_inner();
    let joined = rooms.join(&state, &page).await?;
    let connection = Connection::new(
        state,
        rooms,
        joined,
        req.clone(),
        person,
        writable,
        ctx.lang.t("live-read-only"),
    );
    actix_web::rt::spawn(connection.run(session, stream));
    Ok(response)
}

#[derive(Deserialize)]
struct SaveForm {
    #[serde(default)]
    summary: String,
}

/// `POST /{name}/live/save`: "save a version now", with a summary, by someone who may write.
async fn save_now(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<SaveForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let page = match live_page(&ctx, &req, &name, "/live/save").await? {
        Ok(page) => page,
        Err(_) => return Err(AppError::NotFound),
    };
    ctx.access().check_write(Some(&page))?;
    let by = {
        let mut conn = ctx.state.pool.get().await?;
        accounts::author(&ctx, &mut conn).await?
    };
    let occasion = Occasion::Asked {
        summary: normalise_summary(&form.summary),
        by,
    };
    let state = ctx.state.clone().into_inner();
    let done = checkpoint::checkpoint(&state, page.id, occasion).await?;
    let number = match done {
        Checkpoint::Saved { number } => number,
        Checkpoint::Invalid => return Err(AppError::Unprocessable("live-invalid")),
        _ => page.latest_rev,
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("{}/live?saved={number}", page_path(&page.name)),
        ))
        .finish())
}
