//! `POST /{name}/watch`, `POST /{name}/unwatch`, `/-/watchlist` and its feed.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::access::Access;
use crate::ctx::{Ctx, local_path};
use crate::error::AppError;
use crate::identity::{User, Viewer};
use crate::names::page_path;
use crate::navigation::feed::{self, Head};
use crate::navigation::queries::{Show, changes_of};
use crate::pages::resolve::page_at;
use crate::security::CsrfForm;
use crate::tokens::{is_well_formed, new_token, token_hash};
use crate::watching::{notify, queries, views};
use time::OffsetDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{name}/watch", web::post().to(watch))
        .route("/{name}/unwatch", web::post().to(unwatch))
        .route("/-/watchlist", web::get().to(watchlist))
        .route("/-/watchlist/seen", web::post().to(all_seen))
        .route("/-/watchlist/feed", web::post().to(new_feed))
        .route("/-/watchlist/feed/revoke", web::post().to(revoke_feed))
        .route("/-/watchlist/feed/{token}", web::get().to(feed))
        .route("/-/watchlist/mail", web::post().to(mail_choice))
        .route("/-/watchlist/searches", web::post().to(watch_search))
        .route("/-/watchlist/searches/{id}", web::get().to(open_search))
        .route(
            "/-/watchlist/searches/{id}/forget",
            web::post().to(forget_search),
        )
        .route(
            "/-/unsubscribe/{user}/{signature}",
            web::get().to(unsubscribe_form),
        )
        .route(
            "/-/unsubscribe/{user}/{signature}",
            web::post().to(unsubscribe),
        );
}

#[derive(Deserialize)]
pub struct SearchForm {
    #[serde(default)]
    query: String,
}

/// `POST /-/watchlist/searches`: watch a catalogue search (its query string, as the catalogue
/// sends it).
async fn watch_search(ctx: Ctx, form: CsrfForm<SearchForm>) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let user = watcher(&ctx)?;
    let query = form.query.trim().trim_start_matches('?');
    let mut conn = ctx.state.pool.get().await?;
    if query.len() > 2000
        || crate::catalogue::routes::found_since(
            &ctx.access(),
            ctx.lang,
            &mut conn,
            query,
            OffsetDateTime::now_utc(),
        )
        .await?
        .is_none()
    {
        return Err(AppError::Unprocessable("watchlist-search-invalid"));
    }
    queries::watch_search(&mut conn, user.id, query).await?;
    Ok(crate::pages::resolve::see_other("/-/watchlist#searches"))
}

/// `GET /-/watchlist/searches/{id}`: what a watched search finds, newest first; marks it seen.
async fn open_search(ctx: Ctx, id: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let user = watcher(&ctx)?;
    let mut conn = ctx.state.pool.get().await?;
    let query = queries::search_seen(&mut conn, user.id, *id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sorted = format!("{}/-/methods?{query}", "").replace("&sort=recent", "") + "&sort=recent";
    Ok(crate::pages::resolve::see_other(&sorted))
}

/// `POST /-/watchlist/searches/{id}/forget`.
async fn forget_search(
    ctx: Ctx,
    id: web::Path<i64>,
    _form: CsrfForm<BackForm>,
) -> Result<HttpResponse, AppError> {
    let user = watcher(&ctx)?;
    let mut conn = ctx.state.pool.get().await?;
    queries::forget_search(&mut conn, user.id, *id).await?;
    Ok(crate::pages::resolve::see_other("/-/watchlist#searches"))
}

#[derive(Deserialize)]
pub struct MailChoice {
    #[serde(default)]
    notify: String,
}

/// `POST /-/watchlist/mail`: how often this person hears by e-mail.
async fn mail_choice(ctx: Ctx, form: CsrfForm<MailChoice>) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let user = watcher(&ctx)?;
    if !notify::CHOICES.contains(&form.notify.as_str()) {
        return Err(AppError::Unprocessable("watchlist-mail-invalid"));
    }
    let mut conn = ctx.state.pool.get().await?;
    notify::set_choice(&mut conn, user.id, &form.notify).await?;
    // Mails speak the language the choice was made in.
    crate::accounts::queries::set_language(&mut conn, user.id, ctx.lang).await?;
    Ok(crate::pages::resolve::see_other("/-/watchlist#mail"))
}

/// The person an unsubscribe link names, if its signature is this wiki's.
async fn signed_user(
    conn: &mut diesel_async::AsyncPgConnection,
    user: &str,
    signature: &str,
) -> Result<uuid::Uuid, AppError> {
    let user: uuid::Uuid = user.parse().map_err(|_| AppError::NotFound)?;
    let secret = crate::accounts::queries::site_secret(conn).await?;
    if notify::unsubscribe_signed(&secret, user, signature) {
        Ok(user)
    } else {
        Err(AppError::NotFound)
    }
}

/// `GET /-/unsubscribe/{user}/{signature}`: the link of every notification mail, asking to
/// confirm (a link opened by a mail scanner changes nothing).
async fn unsubscribe_form(
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (user, signature) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    signed_user(&mut conn, &user, &signature).await?;
    let content = views::unsubscribe(
        ctx.lang,
        &format!("/-/unsubscribe/{user}/{signature}"),
        false,
    );
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &ctx.lang.t("unsubscribe-title"),
        content,
    )
    .await
}

/// `POST /-/unsubscribe/{user}/{signature}`: no more mail. Also RFC 8058's one-click
/// unsubscribe, which mail programs send without a session or a form token: the signature,
/// which only this wiki can make, is what authorises it.
async fn unsubscribe(
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (user, signature) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let user = signed_user(&mut conn, &user, &signature).await?;
    notify::set_choice(&mut conn, user, "never").await?;
    let content = views::unsubscribe(ctx.lang, "", true);
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &ctx.lang.t("unsubscribe-title"),
        content,
    )
    .await
}

/// Entries of the watchlist feed.
const FEED_ENTRIES: i64 = 50;

#[derive(Deserialize)]
pub struct BackForm {
    /// Where to go back to (the watchlist sends its own address); the page otherwise.
    #[serde(default)]
    back: Option<String>,
}

/// The signed-in visitor, or the refusal that sends a visitor to log in.
fn watcher(ctx: &Ctx) -> Result<&User, AppError> {
    ctx.viewer
        .user
        .as_ref()
        .ok_or_else(|| ctx.access().refusal("error-forbidden-watch"))
}

async fn toggle(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<BackForm>,
    on: bool,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let user = watcher(&ctx)?;
    let mut conn = ctx.state.pool.get().await?;
    let page = page_at(&mut conn, &name, &req, &ctx.access())
        .await
        .map_err(AppError::posted)?;
    if on {
        queries::watch(&mut conn, user.id, page.id, page.latest_rev).await?;
    } else {
        queries::unwatch(&mut conn, user.id, page.id).await?;
    }
    let back = match form.back.as_deref() {
        Some(back) => local_path(Some(back)).to_owned(),
        None => format!("{}#watch", page_path(&page.name)),
    };
    Ok(crate::pages::resolve::see_other(&back))
}

/// `POST /{name}/watch`.
async fn watch(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<BackForm>,
) -> Result<HttpResponse, AppError> {
    toggle(ctx, req, name, form, true).await
}

/// `POST /{name}/unwatch`.
async fn unwatch(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<BackForm>,
) -> Result<HttpResponse, AppError> {
    toggle(ctx, req, name, form, false).await
}

async fn render_watchlist(ctx: &Ctx, new_feed: Option<&str>) -> Result<HttpResponse, AppError> {
    let user = watcher(ctx)?;
    let mut conn = ctx.state.pool.get().await?;
    let watched = queries::watchlist(&mut conn, user.id, &ctx.access().read_filter()).await?;
    let has_feed = queries::has_feed(&mut conn, user.id).await?;
    let choice = notify::choice(&mut conn, user.id).await?;
    let feed_url =
        new_feed.map(|token| format!("{}/-/watchlist/feed/{token}", ctx.state.settings.base_url));
    let mut searches = Vec::new();
    for watched_search in queries::searches(&mut conn, user.id).await? {
        let found = crate::catalogue::routes::found_since(
            &ctx.access(),
            ctx.lang,
            &mut conn,
            &watched_search.query,
            watched_search.seen_at,
        )
        .await?;
        searches.push((watched_search, found));
    }
    let content = views::watchlist(
        ctx,
        &watched,
        &searches,
        &choice,
        has_feed,
        feed_url.as_deref(),
    );
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &ctx.lang.t("watchlist-title"),
        content,
    )
    .await
}

/// `GET /-/watchlist`: the watched pages, those changed since the last visit first.
async fn watchlist(ctx: Ctx) -> Result<HttpResponse, AppError> {
    render_watchlist(&ctx, None).await
}

/// `POST /-/watchlist/seen`: everything watched is marked seen.
async fn all_seen(ctx: Ctx, _form: CsrfForm<BackForm>) -> Result<HttpResponse, AppError> {
    let user = watcher(&ctx)?;
    let mut conn = ctx.state.pool.get().await?;
    queries::all_seen(&mut conn, user.id).await?;
    Ok(crate::pages::resolve::see_other("/-/watchlist"))
}

/// `POST /-/watchlist/feed`: a new secret address for the feed (the previous one stops
/// answering), shown once: only its hash is kept.
async fn new_feed(ctx: Ctx, _form: CsrfForm<BackForm>) -> Result<HttpResponse, AppError> {
    let user = watcher(&ctx)?;
    let token = new_token();
    let mut conn = ctx.state.pool.get().await?;
    queries::replace_feed(&mut conn, user.id, &token_hash(&token)).await?;
    drop(conn);
    render_watchlist(&ctx, Some(&token)).await
}

/// `POST /-/watchlist/feed/revoke`.
async fn revoke_feed(ctx: Ctx, _form: CsrfForm<BackForm>) -> Result<HttpResponse, AppError> {
    let user = watcher(&ctx)?;
    let mut conn = ctx.state.pool.get().await?;
    queries::revoke_feed(&mut conn, user.id).await?;
    Ok(crate::pages::resolve::see_other("/-/watchlist"))
}

/// `GET /-/watchlist/feed/{token}`: the changes and comments of the watched pages, read with
/// the rights of the feed's owner (a feed reader sends no cookie).
async fn feed(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    if !is_well_formed(&token) {
        return Err(AppError::NotFound);
    }
    let mut conn = ctx.state.pool.get().await?;
    let user = queries::feed_owner(&mut conn, &token_hash(&token))
        .await?
        .ok_or(AppError::NotFound)?;
    let user_id = user.id;
    let viewer = Viewer {
        user: Some(user),
        session: None,
    };
    let access = Access {
        settings: &ctx.state.settings,
        viewer: &viewer,
        here: "/",
    };
    let readable = access.read_filter();
    let pages = queries::watched_pages(&mut conn, user_id, &readable).await?;
    let changes = changes_of(&mut conn, &readable, Some(&pages), FEED_ENTRIES, Show::All).await?;
    let head = Head {
        title: ctx.lang.t("watchlist-title"),
        id: format!(
            "{}/-/watchlist/feed/{}",
            ctx.state.settings.base_url,
            token.as_str()
        ),
        html: "/-/watchlist",
    };
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .insert_header(("Cache-Control", "private, no-store"))
        .body(feed::document(
            &ctx.state.settings,
            &ctx.site.name,
            ctx.lang,
            &head,
            &changes,
        )))
}
