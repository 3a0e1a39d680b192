//! `GET /api/v1/pages/{name}/comments`: a page's discussion in JSON, with the rights of the
//! visitor (a page they may not read is a 404; comments waiting for a moderator only for
//! those who see them on the page).

use actix_web::web;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{OpenApi, ToSchema};

use crate::ctx::Ctx;
use crate::discussions::queries::Window;
use crate::discussions::routes::load;
use crate::error::{AppError, ErrorBody};
use crate::names::{PageName, comment_path, url_segment};
use crate::pages::queries::Found;
use crate::pages::resolve::find_readable;

#[derive(OpenApi)]
#[openapi(
    paths(comments),
    components(schemas(CommentList, CommentItem, FieldNote)),
    tags((name = "discussions", description = "The discussion under each page"))
)]
pub struct DiscussionsApi;

/// Top-level comments per answer when the client does not say, and at most.
const DEFAULT_THREADS: i64 = 50;
const MAX_THREADS: i64 = 200;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        crate::error::get_only("/api/v1/pages/{name}/comments").route(web::get().to(comments)),
    );
}

/// How a method went in practice, for a field note.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldNote {
    #[schema(required = true)]
    pub group_size: Option<i32>,
    #[schema(required = true)]
    pub duration_minutes: Option<i32>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentItem {
    pub id: i64,
    /// The top-level comment this one answers.
    #[schema(required = true)]
    pub reply_to: Option<i64>,
    pub author: String,
    /// Whether the author has an account (otherwise `author` is a pseudonym).
    pub author_has_account: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime, required = true)]
    pub edited_at: Option<String>,
    /// Removed comments keep their place; their text is not given.
    pub removed: bool,
    #[schema(required = true)]
    pub markdown: Option<String>,
    /// As the page shows it (sanitised HTML).
    #[schema(required = true)]
    pub html: Option<String>,
    #[schema(required = true)]
    pub field_note: Option<FieldNote>,
    /// Waiting for a moderator (shown to its author and the page's moderators only).
    pub pending: bool,
    /// Its lasting address on the site.
    pub url: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentList {
    pub page: String,
    /// Top-level comments in all.
    pub threads: i64,
    /// Oldest first, each top-level comment followed by its replies.
    pub comments: Vec<CommentItem>,
    /// The next part of the thread, when there is one.
    #[schema(required = true)]
    pub next: Option<String>,
}

#[derive(Deserialize)]
pub struct CommentsQuery {
    offset: Option<i64>,
    limit: Option<i64>,
}

fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// A page's discussion: its top-level comments from `offset`, with their replies.
#[utoipa::path(
    get,
    path = "/api/v1/pages/{name}/comments",
    operation_id = "list_comments",
    tag = "discussions",
    params(
        ("name" = String, Path, description = "The page's name"),
        ("offset" = Option<i64>, Query, description = "Top-level comments to skip (from `next`)"),
        ("limit" = Option<i64>, Query, description = "Top-level comments per answer, 1 to 200 (default 50)"),
    ),
    responses(
        (status = 200, description = "Part of the discussion", body = CommentList),
        (status = 400, description = "A parameter is not valid", body = ErrorBody),
        (status = 404, description = "No page the visitor may read has this name", body = ErrorBody),
    )
)]
pub async fn comments(
    ctx: Ctx,
    name: web::Path<String>,
    query: web::Query<CommentsQuery>,
) -> Result<web::Json<CommentList>, AppError> {
    let limit = match query.limit {
        None => DEFAULT_THREADS,
        Some(n) if (1..=MAX_THREADS).contains(&n) => n,
        Some(_) => return Err(AppError::BadRequest("api-bad-limit")),
    };
    let offset = match query.offset {
        None => 0,
        Some(n) if (0..=crate::catalogue::filters::MAX_OFFSET).contains(&n) => n,
        Some(_) => return Err(AppError::BadRequest("error-bad-query")),
    };
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let name = PageName::parse(&name).map_err(|err| AppError::BadName(err).looked_up())?;
    let page = match find_readable(&mut conn, &name, &access).await? {
        Some(Found::Current(page) | Found::FormerName(page)) if page.deleted_at.is_none() => page,
        _ => return Err(AppError::NotFound),
    };
    let loaded = load(
        &mut conn,
        &access,
        &page,
        None,
        Window::Page { limit, offset },
    )
    .await?;
    let base = &ctx.state.settings.base_url;
    let shown_threads = loaded
        .items
        .iter()
        .filter(|item| item.comment.reply_to.is_none())
        .count();
    let after = offset + i64::try_from(shown_threads).unwrap_or(0);
    let next = (after < loaded.threads).then(|| {
        format!(
            "{base}/api/v1/pages/{}/comments?offset={after}&limit={limit}",
            url_segment(&page.name)
        )
    });
    let comments = loaded
        .items
        .into_iter()
        .map(|item| {
            let c = item.comment;
            let removed = c.is_removed();
            CommentItem {
                id: c.id,
                reply_to: c.reply_to,
                author_has_account: c.author_id.is_some(),
                author: c.author_name,
                created_at: timestamp(c.created_at),
                edited_at: c.edited_at.map(timestamp),
                removed,
                markdown: (!removed).then_some(c.body),
                html: (!removed).then_some(item.html),
                field_note: c.is_field_note.then_some(FieldNote {
                    group_size: c.group_size,
                    duration_minutes: c.duration_minutes,
                }),
                pending: c.pending,
                url: format!("{base}{}", comment_path(&page.name, c.id)),
            }
        })
        .collect();
    Ok(web::Json(CommentList {
        page: page.name,
        threads: loaded.threads,
        comments,
        next,
    }))
}
