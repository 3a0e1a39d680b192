//! `/api/v1/pages…`: pages (listed by name, in pages of results), one page with its latest
//! revision's Markdown and HTML, and its revisions.

use actix_web::web;
use diesel_async::AsyncPgConnection;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{OpenApi, ToSchema};

use crate::access::Access;
use crate::api::{LimitQuery, with_query};
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::kind::Shown;
use crate::model::{Page, Revision, RevisionMeta};
use crate::names::{PageName, page_path, url_segment};
use crate::navigation::queries::page_index;
use crate::pages::queries::{self, Found};
use crate::pages::render::revision_html;
use crate::pages::resolve::find_readable;

#[derive(OpenApi)]
#[openapi(
    paths(list, one, revisions, revision),
    tags((name = "pages", description = "Wiki pages and their revisions"))
)]
pub struct PagesApi;

/// A page, and where to find it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageRef {
    /// The page's current name.
    pub name: String,
    /// Its address on the site.
    pub url: String,
    /// Its address in this API.
    pub api: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageList {
    /// In alphabetical order (ignoring case).
    pub pages: Vec<PageRef>,
    /// The next page of results, when there is one.
    #[schema(required = true)]
    pub next: Option<String>,
}

/// A page with its latest revision.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageDetail {
    pub name: String,
    pub url: String,
    /// The number of the latest revision.
    pub revision: i32,
    /// The permanent address of that revision.
    pub revision_url: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    pub author: String,
    /// The latest revision's source (Markdown; YAML front matter first for a method sheet).
    pub markdown: String,
    /// As the page view shows it (sanitised HTML).
    pub html: String,
    pub revisions: String,
}

/// A revision without its text.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionSummary {
    pub number: i32,
    pub author: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// The editor's summary of the change.
    pub summary: String,
    pub size_bytes: i32,
    /// The revision this one brought back, for a restore.
    #[schema(required = true)]
    pub restored_from: Option<i32>,
    /// The revision this save was merged with, when its editor started from an older one.
    #[schema(required = true)]
    pub merged_with: Option<i32>,
    /// Its permanent address on the site.
    pub url: String,
    pub api: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionList {
    pub page: String,
    /// Newest first.
    pub revisions: Vec<RevisionSummary>,
    #[schema(required = true)]
    pub next: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionDetail {
    pub page: String,
    /// The page's latest revision number (this one is old when smaller).
    pub latest: i32,
    pub revision: RevisionSummary,
    pub markdown: String,
    pub html: String,
}

fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn api_path(name: &str) -> String {
    format!("/api/v1/pages/{}", url_segment(name))
}

/// The live page named `raw` (any spelling, or a former name) if the visitor may read it.
pub async fn readable(
    conn: &mut AsyncPgConnection,
    raw: &str,
    access: &Access<'_>,
) -> Result<Page, AppError> {
    let name = PageName::parse(raw).map_err(|err| AppError::BadName(err).looked_up())?;
    match find_readable(conn, &name, access).await? {
        Some(Found::Current(page) | Found::FormerName(page)) if page.deleted_at.is_none() => {
            Ok(page)
        }
        _ => Err(AppError::NotFound),
    }
}

/// The live page named `raw`, as [`readable`] finds it, with its latest revision.
pub async fn readable_latest(
    conn: &mut AsyncPgConnection,
    raw: &str,
    access: &Access<'_>,
) -> Result<(Page, Revision), AppError> {
    let page = readable(conn, raw, access).await?;
    let latest = queries::revision(conn, page.id, page.latest_rev)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((page, latest))
}

fn summary(base_url: &str, page: &str, meta: RevisionMeta) -> RevisionSummary {
    RevisionSummary {
        url: format!("{base_url}{}?rev={}", page_path(page), meta.number),
        api: format!("{base_url}{}/revisions/{}", api_path(page), meta.number),
        number: meta.number,
        author: meta.author_name,
        created_at: timestamp(meta.created_at),
        summary: meta.summary,
        size_bytes: meta.size_bytes,
        restored_from: meta.restored_from,
        merged_with: meta.merged_with,
    }
}

fn meta_of(revision: &Revision) -> RevisionMeta {
    RevisionMeta {
        number: revision.number,
        summary: revision.summary.clone(),
        author_id: revision.author_id,
        author_name: revision.author_name.clone(),
        created_at: revision.created_at,
        size_bytes: revision.size_bytes,
        restored_from: revision.restored_from,
        merged_with: revision.merged_with,
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    after: Option<String>,
}

/// Pages the visitor may read, by name.
#[utoipa::path(
    get,
    path = "/api/v1/pages",
    operation_id = "list_pages",
    tag = "pages",
    params(
        ("after" = Option<String>, Query, description = "Continue after this page (from `next`)"),
        ("limit" = Option<i64>, Query, description = "Pages per answer, 1 to 200 (default 50)"),
    ),
    responses(
        (status = 200, description = "A page of the list", body = PageList),
        (status = 400, description = "A parameter is not valid", body = ErrorBody),
    )
)]
pub async fn list(
    ctx: Ctx,
    query: web::Query<ListQuery>,
    limit: web::Query<LimitQuery>,
) -> Result<web::Json<PageList>, AppError> {
    let limit = limit.limit()?;
    let base = &ctx.state.settings.base_url;
    let mut conn = ctx.state.pool.get().await?;
    let read = ctx.access().read_filter();
    let mut rows = page_index(&mut conn, &read, query.after.as_deref(), limit + 1).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = match rows.last() {
        Some((key, _)) if more => Some(with_query(
            base,
            "/api/v1/pages",
            &[("after", key), ("limit", &limit.to_string())],
        )),
        _ => None,
    };
    let pages = rows
        .into_iter()
        .map(|(_, name)| PageRef {
            url: format!("{base}{}", page_path(&name)),
            api: format!("{base}{}", api_path(&name)),
            name,
        })
        .collect();
    Ok(web::Json(PageList { pages, next }))
}

/// A page and its latest revision. Any spelling of the name, or a former name, finds it.
#[utoipa::path(
    get,
    path = "/api/v1/pages/{name}",
    operation_id = "get_page",
    tag = "pages",
    params(("name" = String, Path, description = "The page's name (`_` for spaces)")),
    responses(
        (status = 200, description = "The page", body = PageDetail),
        (status = 400, description = "Not a valid page name", body = ErrorBody),
        (status = 404, description = "No page the visitor may read has this name", body = ErrorBody),
    )
)]
pub async fn one(ctx: Ctx, name: web::Path<String>) -> Result<web::Json<PageDetail>, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let (page, latest) = readable_latest(&mut conn, &name, &ctx.access()).await?;
    let access = ctx.access();
    let shown = Shown {
        lang: ctx.lang,
        access: &access,
        page: &page,
        revision: &latest,
    };
    let html = revision_html(&mut conn, &ctx.state.kinds, &shown).await?;
    let base = &ctx.state.settings.base_url;
    Ok(web::Json(PageDetail {
        url: format!("{base}{}", page_path(&page.name)),
        revision_url: format!("{base}{}?rev={}", page_path(&page.name), latest.number),
        revisions: format!("{base}{}/revisions", api_path(&page.name)),
        revision: latest.number,
        updated_at: timestamp(latest.created_at),
        author: latest.author_name,
        markdown: latest.body,
        html,
        name: page.name,
    }))
}

#[derive(Deserialize)]
pub struct RevisionsQuery {
    before: Option<i32>,
}

/// A page's revisions, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/pages/{name}/revisions",
    operation_id = "list_revisions",
    tag = "pages",
    params(
        ("name" = String, Path, description = "The page's name"),
        ("before" = Option<i32>, Query, description = "Only revisions older than this number (from `next`)"),
        ("limit" = Option<i64>, Query, description = "Revisions per answer, 1 to 200 (default 50)"),
    ),
    responses(
        (status = 200, description = "A page of the history", body = RevisionList),
        (status = 400, description = "A parameter is not valid", body = ErrorBody),
        (status = 404, description = "No page the visitor may read has this name", body = ErrorBody),
    )
)]
pub async fn revisions(
    ctx: Ctx,
    name: web::Path<String>,
    query: web::Query<RevisionsQuery>,
    limit: web::Query<LimitQuery>,
) -> Result<web::Json<RevisionList>, AppError> {
    let limit = limit.limit()?;
    let mut conn = ctx.state.pool.get().await?;
    let page = readable(&mut conn, &name, &ctx.access()).await?;
    let mut rows = queries::history(&mut conn, page.id, query.before, limit + 1).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let base = &ctx.state.settings.base_url;
    let next = match rows.last() {
        Some(last) if more => Some(with_query(
            base,
            &format!("{}/revisions", api_path(&page.name)),
            &[
                ("before", &last.number.to_string()),
                ("limit", &limit.to_string()),
            ],
        )),
        _ => None,
    };
    Ok(web::Json(RevisionList {
        revisions: rows
            .into_iter()
            .map(|meta| summary(base, &page.name, meta))
            .collect(),
        page: page.name,
        next,
    }))
}

/// One revision of a page, with its source and HTML.
#[utoipa::path(
    get,
    path = "/api/v1/pages/{name}/revisions/{number}",
    operation_id = "get_revision",
    tag = "pages",
    params(
        ("name" = String, Path, description = "The page's name"),
        ("number" = i32, Path, description = "The revision number (1 is the first)"),
    ),
    responses(
        (status = 200, description = "The revision", body = RevisionDetail),
        (status = 404, description = "No such revision of a page the visitor may read", body = ErrorBody),
    )
)]
pub async fn revision(
    ctx: Ctx,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<RevisionDetail>, AppError> {
    let (name, number) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let page = readable(&mut conn, &name, &ctx.access()).await?;
    let revision = queries::revision(&mut conn, page.id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = ctx.access();
    let shown = Shown {
        lang: ctx.lang,
        access: &access,
        page: &page,
        revision: &revision,
    };
    let html = revision_html(&mut conn, &ctx.state.kinds, &shown).await?;
    let base = &ctx.state.settings.base_url;
    Ok(web::Json(RevisionDetail {
        latest: page.latest_rev,
        revision: summary(base, &page.name, meta_of(&revision)),
        markdown: revision.body,
        html,
        page: page.name,
    }))
}
