//! Handlers for `/-/recent`, `/-/recent.atom`, `/-/pages`, `/-/new`, `/-/wanted` and
//! `/-/orphans`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::navigation::{feed, queries, views};

const INDEX_PAGE: i64 = 200;
const LISTING_LIMIT: i64 = 500;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/recent", web::get().to(recent))
        .route("/-/recent.atom", web::get().to(recent_feed))
        .route("/-/pages", web::get().to(index))
        .route("/-/new", web::get().to(new_page))
        .route("/-/wanted", web::get().to(wanted))
        .route("/-/orphans", web::get().to(orphans));
}

#[derive(Deserialize)]
pub struct RecentQuery {
    limit: Option<i64>,
    #[serde(default)]
    show: queries::Show,
}

impl RecentQuery {
    fn limit(&self) -> i64 {
        self.limit.unwrap_or(50).clamp(1, LISTING_LIMIT)
    }
}

async fn recent(ctx: Ctx, query: web::Query<RecentQuery>) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let changes = queries::recent_changes(
        &mut conn,
        &ctx.access().read_filter(),
        query.limit(),
        query.show,
    )
    .await?;
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &ctx.lang.t("recent-title"),
        views::recent(ctx.lang, &changes, query.show),
    )
    .await
}

async fn recent_feed(ctx: Ctx, query: web::Query<RecentQuery>) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let changes = queries::recent_changes(
        &mut conn,
        &ctx.access().read_filter(),
        query.limit(),
        query.show,
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(feed::recent_changes(
            &ctx.state.settings,
            &ctx.site.name,
            ctx.lang,
            &changes,
        )))
}

#[derive(Deserialize)]
pub struct IndexQuery {
    after: Option<String>,
}

async fn index(ctx: Ctx, query: web::Query<IndexQuery>) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let mut names = queries::page_index(
        &mut conn,
        &ctx.access().read_filter(),
        query.after.as_deref(),
        INDEX_PAGE + 1,
    )
    .await?;
    let next = if names.len() > INDEX_PAGE as usize {
        names.truncate(INDEX_PAGE as usize);
        names.last().map(|(key, _)| key.clone())
    } else {
        None
    };
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &ctx.lang.t("index-title"),
        views::index(ctx.lang, &names, next.as_deref()),
    )
    .await
}

#[derive(Deserialize)]
pub struct NewPageQuery {
    name: Option<String>,
}

/// `GET /-/new?name=…`: asks for a new page's name, then opens its editor (the editor of the
/// page, should one have the name already). A name no new page may have is said in the form,
/// the name kept, with a 400.
async fn new_page(ctx: Ctx, query: web::Query<NewPageQuery>) -> Result<HttpResponse, AppError> {
    let typed = query.name.as_deref().unwrap_or("");
    let refusal = match crate::names::PageName::parse(typed) {
        _ if query.name.is_none() => None,
        Ok(name) => match name.check_new() {
            Ok(()) => {
                return Ok(HttpResponse::SeeOther()
                    .insert_header((
                        actix_web::http::header::LOCATION,
                        format!("{}/edit", name.path()),
                    ))
                    .finish());
            }
            Err(err) => Some(err),
        },
        Err(err) => Some(err),
    };
    let message = refusal
        .as_ref()
        .map(|err| crate::error::name_error_message(err, ctx.lang));
    let status = match refusal {
        Some(_) => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    let mut conn = ctx.state.pool.get().await?;
    ctx.render(
        &mut conn,
        status,
        &ctx.lang.t("new-page-title"),
        views::new_page(ctx.lang, typed, message.as_deref()),
    )
    .await
}

async fn wanted(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let wanted =
        queries::wanted_pages(&mut conn, &ctx.access().read_filter(), LISTING_LIMIT).await?;
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &ctx.lang.t("wanted-title"),
        views::wanted(ctx.lang, &wanted),
    )
    .await
}

async fn orphans(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let orphans =
        queries::orphaned_pages(&mut conn, &ctx.access().read_filter(), LISTING_LIMIT).await?;
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &ctx.lang.t("orphans-title"),
        views::orphans(ctx.lang, &orphans),
    )
    .await
}
