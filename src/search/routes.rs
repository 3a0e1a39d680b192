//! Handlers for `/-/search`, `/-/search/titles`, `/-/search/suggest` and `/-/opensearch.xml`.
//! Thin: read the query, call `queries`, pick a view or write JSON.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::names::{PageName, page_path};
use crate::pages::render::chrome;
use crate::pages::resolve::find_readable;
use crate::search::queries::{
    self, BODY_CANDIDATES, COMMENT_CANDIDATES, CommentsFound, Found, TITLE_CANDIDATES,
};
use crate::search::query::{self, MAX_QUERY_CHARS, SearchQuery};
use crate::search::views;

/// Results per page. Each snippet costs a pass of the text search parser over the page, so
/// ten, as web search engines show, rather than more.
const PER_PAGE: u32 = 10;

/// Result pages offered: enough to page through every ranked candidate.
const MAX_PAGE: u32 = ((BODY_CANDIDATES + TITLE_CANDIDATES) / PER_PAGE as i64) as u32 + 1;

/// Result pages offered for comments.
const MAX_COMMENT_PAGE: u32 = (COMMENT_CANDIDATES / PER_PAGE as i64) as u32 + 1;

/// Comments shown under the first page of results: a glimpse, with a link to all of them.
const COMMENTS_GLIMPSED: i64 = 3;

/// Similar titles are looked for when the query found fewer pages than this: they are there
/// for misspellings and near misses, not for queries that already find plenty.
const SUGGEST_BELOW: i64 = 5;

/// Similar titles shown on the results page.
const SIMILAR_SHOWN: i64 = 5;

/// Titles offered while typing, by default and at most.
const COMPLETIONS: u32 = 10;
const MAX_COMPLETIONS: u32 = 20;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/search", web::get().to(search))
        .route("/-/search/titles", web::get().to(titles))
        .route("/-/search/suggest", web::get().to(suggest))
        .route("/-/opensearch.xml", web::get().to(opensearch));
}

/// What a search looks through: pages (with a glimpse of comments), or comments alone.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    Pages,
    Comments,
}

#[derive(Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    page: Option<u32>,
    #[serde(default, rename = "in")]
    scope: Scope,
}

/// `GET /-/search?q=…&page=n[&in=comments]`.
async fn search(ctx: Ctx, params: web::Query<SearchParams>) -> Result<HttpResponse, AppError> {
    let page = params.page.unwrap_or(1);
    let last_page = match params.scope {
        Scope::Pages => MAX_PAGE,
        Scope::Comments => MAX_COMMENT_PAGE,
    };
    if !(1..=last_page).contains(&page) {
        return Err(AppError::BadRequest("error-search-page"));
    }
    let typed = params.q.trim();
    let query =
        SearchQuery::parse(typed).map_err(|_| AppError::BadRequest("error-search-too-long"))?;
    let mut conn = ctx.state.pool.get().await?;
    // Results, counts and suggestions only ever consider pages this visitor may read.
    let filter = ctx.access().read_filter();
    // A query of only exclusions has nothing to look for: `found.searchable` stays false and
    // the page says so, without asking the database to list every other page.
    let searched = !typed.is_empty();
    let mut found = Found::default();
    let mut comments = CommentsFound::default();
    let mut similar = Vec::new();
    let offset = i64::from((page - 1) * PER_PAGE);
    if !query.is_empty() && params.scope == Scope::Comments {
        comments = queries::comments(
            &mut conn,
            &filter,
            &query.tsquery(),
            offset,
            i64::from(PER_PAGE),
        )
        .await?;
    } else if !query.is_empty() {
        found = queries::search(
            &mut conn,
            &filter,
            &query.tsquery(),
            offset,
            i64::from(PER_PAGE),
        )
        .await?;
        if page == 1 && found.total < SUGGEST_BELOW {
            similar =
                queries::similar_titles(&mut conn, &filter, &query.wanted_words(), SIMILAR_SHOWN)
                    .await?;
            similar.retain(|name| !found.hits.iter().any(|hit| &hit.name == name));
        }
        if page == 1 {
            comments =
                queries::comments(&mut conn, &filter, &query.tsquery(), 0, COMMENTS_GLIMPSED)
                    .await?;
        }
    }
    // The query as a page to create, when it can name one and no page the visitor may read has
    // that name: "what links here" and a search are how people look for a page before writing
    // it. A page they may not read is left unsaid, as everywhere.
    let create = match PageName::parse(typed) {
        Ok(name) if searched && name.check_new().is_ok() => {
            find_readable(&mut conn, &name, &ctx.access())
                .await?
                .is_none()
                .then(|| name.as_str().to_owned())
        }
        _ => None,
    };
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    let title = if typed.is_empty() {
        ctx.lang.t("search-title")
    } else {
        ctx.lang.t_with("search-title-for", &[("query", typed)])
    };
    let view = views::Results {
        query: typed,
        searched,
        scope: params.scope,
        found: &found,
        comments: &comments,
        similar: &similar,
        create: create.as_deref(),
        page,
        per_page: PER_PAGE,
    };
    Ok(HttpResponse::Ok().content_type(ContentType::html()).body(
        ctx.page(&chrome, &title, views::results(ctx.lang, &view))
            .into_string(),
    ))
}

#[derive(Deserialize)]
pub struct TitleParams {
    #[serde(default)]
    q: String,
    limit: Option<u32>,
}

/// The titles matching what was typed so far (see `queries::complete_titles`).
async fn completions(ctx: &Ctx, typed: &str, limit: u32) -> Result<Vec<String>, AppError> {
    if typed.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::BadRequest("error-search-too-long"));
    }
    let typed: String = typed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    let mut conn = ctx.state.pool.get().await?;
    Ok(queries::complete_titles(
        &mut conn,
        &ctx.access().read_filter(),
        typed,
        &query::like_escape(typed),
        &query::completion_tsquery(typed),
        i64::from(limit),
    )
    .await?)
}

/// `GET /-/search/titles?q=…&limit=n`: `{"query": "…", "titles": [{"name", "url"}]}`, for the
/// search box's suggestions and the editor's link picker.
async fn titles(ctx: Ctx, params: web::Query<TitleParams>) -> Result<HttpResponse, AppError> {
    let limit = params
        .limit
        .unwrap_or(COMPLETIONS)
        .clamp(1, MAX_COMPLETIONS);
    let names = completions(&ctx, &params.q, limit).await?;
    let titles: Vec<serde_json::Value> = names
        .iter()
        .map(|name| serde_json::json!({ "name": name, "url": page_path(name) }))
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "query": params.q, "titles": titles })))
}

/// `GET /-/search/suggest?q=…`: the same titles in the OpenSearch suggestions format
/// (`["query", ["title", …]]`), which browsers read to complete in their address bar.
async fn suggest(ctx: Ctx, params: web::Query<TitleParams>) -> Result<HttpResponse, AppError> {
    let names = completions(&ctx, &params.q, COMPLETIONS).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/x-suggestions+json")
        .body(serde_json::json!([params.q, names]).to_string()))
}

/// `GET /-/opensearch.xml`, under the site's name (as its administrators set it).
async fn opensearch(ctx: Ctx) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/opensearchdescription+xml; charset=utf-8")
        .body(views::opensearch(
            ctx.lang,
            &ctx.site.name,
            &ctx.state.settings.base_url,
        ))
}
