//! Handlers for `/`, `/{name}` and the page actions (edit, raw, backlinks, rename, delete).
//! Thin: parse, resolve the page, call a query, pick a view.

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use crate::app::AppState;
use crate::error::AppError;
use crate::layout::Ctx;
use crate::pages::names::{PageName, page_path};
use crate::pages::queries::{self, NewRevision, RenameOutcome, SaveOutcome};
use crate::pages::render::{chrome, latest_html, outgoing_links, render_text};
use crate::pages::resolve::{Resolved, permanent_redirect, resolve, see_other};
use crate::pages::{ANONYMOUS, views};
use crate::revisions::diff;
use crate::security::CsrfForm;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/{name}", web::get().to(view))
        .route("/{name}/edit", web::get().to(edit_form))
        .route("/{name}/edit", web::post().to(save))
        .route("/{name}/raw", web::get().to(raw))
        .route("/{name}/backlinks", web::get().to(backlinks))
        .route("/{name}/rename", web::get().to(rename_form))
        .route("/{name}/rename", web::post().to(rename))
        .route("/{name}/delete", web::get().to(delete_form))
        .route("/{name}/delete", web::post().to(delete))
        .route("/{name}/undelete", web::post().to(undelete));
}

fn html(status: StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(markup.into_string())
}

#[derive(Deserialize)]
pub struct RevQuery {
    rev: Option<i32>,
}

/// `GET /`: the home page, or a YesWiki address (`/?PageName`, `/?PageName/handler`).
async fn home(
    ctx: Ctx,
    req: HttpRequest,
    query: web::Query<RevQuery>,
) -> Result<HttpResponse, AppError> {
    if let Some(location) = crate::compat::yeswiki_query(req.query_string()) {
        return Ok(HttpResponse::MovedPermanently()
            .insert_header((actix_web::http::header::LOCATION, location))
            .finish());
    }
    let home = ctx.state.settings.home_page.clone();
    let mut conn = ctx.state.pool.get().await?;
    let page = match queries::find(&mut conn, &home).await? {
        Some(queries::Found::Current(page) | queries::Found::FormerName(page)) => {
            Resolved::Page(page)
        }
        None => Resolved::Missing(home),
    };
    show(&ctx, &mut conn, page, query.rev).await
}

/// `GET /{name}` and `GET /{name}?rev=n`.
async fn view(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<RevQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let resolved = resolve(&mut conn, &name, "", &req).await?;
    show(&ctx, &mut conn, resolved, query.rev).await
}

async fn show(
    ctx: &Ctx,
    conn: &mut diesel_async::AsyncPgConnection,
    resolved: Resolved,
    rev: Option<i32>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let page = match resolved {
        Resolved::Redirect(response) => return Ok(response),
        Resolved::Missing(name) => {
            let chrome = chrome(conn).await?;
            return Ok(html(
                StatusCode::NOT_FOUND,
                ctx.page(&chrome, name.as_str(), views::missing(lang, name.as_str())),
            ));
        }
        Resolved::Page(page) => page,
    };
    let chrome = chrome(conn).await?;
    if page.deleted_at.is_some() {
        return Ok(html(
            StatusCode::NOT_FOUND,
            ctx.page(&chrome, &page.name, views::deleted(ctx, &page.name)),
        ));
    }
    let number = rev.unwrap_or(page.latest_rev);
    let revision = queries::revision(conn, page.id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let special = crate::catalogue::render::special_content(lang, conn, &page, &revision).await?;
    let content = match special {
        Some(html) => html,
        None if number == page.latest_rev => latest_html(conn, &page).await?,
        None => render_text(conn, revision.body.clone()).await?,
    };
    let info = views::RevisionInfo {
        number,
        latest: page.latest_rev,
        author: &revision.author_name,
        at: revision.created_at,
    };
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &page.name,
            views::page(lang, &page.name, &content, &info),
        ),
    ))
}

/// `GET /{name}/edit`.
async fn edit_form(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let (name, body, base, creating) = match resolve(&mut conn, &name, "/edit", &req).await? {
        Resolved::Redirect(response) => return Ok(response),
        Resolved::Missing(name) => (name.as_str().to_owned(), String::new(), 0, true),
        Resolved::Page(page) => {
            let body = queries::latest_body(&mut conn, &page).await?;
            (page.name, body, page.latest_rev, false)
        }
    };
    // A sheet opens in its typed editor; `?raw=1` asks for its text instead.
    let raw = web::Query::<RawQuery>::from_query(req.query_string()).is_ok_and(|q| q.raw.is_some());
    if !raw
        && let Some(typed) =
            crate::catalogue::routes::typed_editor(&ctx, &mut conn, &name, &body, base).await?
    {
        return Ok(typed);
    }
    let chrome = chrome(&mut conn).await?;
    let submission_id = Uuid::new_v4().to_string();
    let editor = views::Editor {
        name: &name,
        body: &body,
        summary: "",
        base,
        submission_id: &submission_id,
        preview: None,
        conflict: None,
        creating,
    };
    Ok(html(
        StatusCode::OK,
        ctx.page(&chrome, &name, views::editor(&ctx, &editor)),
    ))
}

#[derive(Deserialize)]
pub struct RawQuery {
    raw: Option<String>,
}

#[derive(Deserialize)]
pub struct EditForm {
    body: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    base: i32,
    submission_id: Option<Uuid>,
    action: Option<String>,
}

/// Browsers send CRLF from textareas; revisions store LF so diffs compare text, not platforms.
fn normalise_body(body: &str) -> String {
    body.replace("\r\n", "\n").replace('\r', "\n")
}

/// Edit summaries are one line of plain text.
pub fn normalise_summary(summary: &str) -> String {
    summary
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Refuses text PostgreSQL cannot store, or that is over the page size limit.
pub fn check_body(body: &str, state: &AppState) -> Result<(), AppError> {
    if body.len() > state.settings.max_page_bytes {
        return Err(AppError::PageTooLarge {
            size: body.len(),
            limit: state.settings.max_page_bytes,
        });
    }
    if body.contains('\0') {
        return Err(AppError::BadRequest("error-nul-byte"));
    }
    Ok(())
}

/// `POST /{name}/edit`: preview, or save as a new revision.
async fn save(
    ctx: Ctx,
    name: web::Path<String>,
    form: CsrfForm<EditForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let name = PageName::parse(&name)?;
    check_body(&form.body, &ctx.state)?;
    let body = normalise_body(&form.body);
    let summary = normalise_summary(&form.summary);
    let submission_id = form.submission_id.unwrap_or_else(Uuid::new_v4);
    let mut conn = ctx.state.pool.get().await?;
    // A sheet or a form whose fields are wrong is not saved: the editor comes back with why.
    let problems =
        crate::catalogue::routes::raw_problems(&mut conn, &name, &body, ctx.lang).await?;
    if !problems.is_empty() {
        let chrome = chrome(&mut conn).await?;
        let editor = views::Editor {
            name: name.as_str(),
            body: &body,
            summary: &summary,
            base: form.base,
            submission_id: &submission_id.to_string(),
            preview: None,
            conflict: None,
            creating: form.base == 0,
        };
        let content = maud::html! {
            (crate::catalogue::views::problems_notice(ctx.lang, &problems))
            (views::editor(&ctx, &editor))
        };
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.page(&chrome, name.as_str(), content),
        ));
    }
    if form.action.as_deref() == Some("preview") {
        let preview = render_text(&mut conn, body.clone()).await?;
        let chrome = chrome(&mut conn).await?;
        let editor = views::Editor {
            name: name.as_str(),
            body: &body,
            summary: &summary,
            base: form.base,
            submission_id: &submission_id.to_string(),
            preview: Some(&preview),
            conflict: None,
            creating: form.base == 0,
        };
        return Ok(html(
            StatusCode::OK,
            ctx.page(&chrome, name.as_str(), views::editor(&ctx, &editor)),
        ));
    }
    let revision = NewRevision {
        links: outgoing_links(&body),
        body,
        summary,
        author_name: ANONYMOUS.to_owned(),
        restored_from: None,
        submission_id: Some(submission_id),
    };
    match queries::save(&mut conn, &name, form.base, &revision).await? {
        SaveOutcome::Saved { name, .. } | SaveOutcome::Unchanged { name, .. } => {
            Ok(see_other(&page_path(&name)))
        }
        SaveOutcome::NameTaken { existing } => Err(AppError::NameTaken {
            wanted: name.as_str().to_owned(),
            existing,
        }),
        SaveOutcome::Stale {
            name: current,
            latest,
        } => {
            let base_body = match queries::revision(&mut conn, latest.page_id, form.base).await? {
                Some(base) => base.body,
                None => String::new(),
            };
            let chrome = chrome(&mut conn).await?;
            let fresh_submission = Uuid::new_v4().to_string();
            let editor = views::Editor {
                name: &current,
                body: &revision.body,
                summary: &revision.summary,
                base: latest.number,
                submission_id: &fresh_submission,
                preview: None,
                conflict: Some(views::Conflict {
                    latest: latest.number,
                    author: &latest.author_name,
                    their_changes: diff::render(ctx.lang, &base_body, &latest.body),
                }),
                creating: false,
            };
            Ok(html(
                StatusCode::CONFLICT,
                ctx.page(&chrome, &current, views::editor(&ctx, &editor)),
            ))
        }
    }
}

/// `GET /{name}/raw`: the Markdown source.
async fn raw(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<RevQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = match resolve(&mut conn, &name, "/raw", &req).await? {
        Resolved::Redirect(response) => return Ok(response),
        Resolved::Missing(_) => return Err(AppError::NotFound),
        Resolved::Page(page) if page.deleted_at.is_some() => return Err(AppError::NotFound),
        Resolved::Page(page) => page,
    };
    let revision = queries::revision(&mut conn, page.id, query.rev.unwrap_or(page.latest_rev))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("text/markdown; charset=utf-8")
        .body(revision.body))
}

/// Resolves a page for an action that needs an existing, live page.
async fn live_page(
    conn: &mut diesel_async::AsyncPgConnection,
    raw: &str,
    suffix: &str,
    req: &HttpRequest,
) -> Result<Result<queries::Page, HttpResponse>, AppError> {
    match resolve(conn, raw, suffix, req).await? {
        Resolved::Redirect(response) => Ok(Err(response)),
        Resolved::Page(page) if page.deleted_at.is_none() => Ok(Ok(page)),
        Resolved::Page(_) | Resolved::Missing(_) => Err(AppError::NotFound),
    }
}

/// `GET /{name}/backlinks`.
async fn backlinks(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = match live_page(&mut conn, &name, "/backlinks", &req).await? {
        Ok(page) => page,
        Err(redirect) => return Ok(redirect),
    };
    let linkers = queries::backlinks(&mut conn, page.id).await?;
    let chrome = chrome(&mut conn).await?;
    let title = ctx.lang.t_with("backlinks-title", &[("page", &page.name)]);
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &title,
            views::backlinks(ctx.lang, &page.name, &linkers),
        ),
    ))
}

/// `GET /{name}/rename`.
async fn rename_form(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = match live_page(&mut conn, &name, "/rename", &req).await? {
        Ok(page) => page,
        Err(redirect) => return Ok(redirect),
    };
    let chrome = chrome(&mut conn).await?;
    Ok(html(
        StatusCode::OK,
        ctx.page(&chrome, &page.name, views::rename_form(&ctx, &page.name)),
    ))
}

#[derive(Deserialize)]
pub struct RenameForm {
    new_name: String,
    #[serde(default)]
    reason: String,
}

/// `POST /{name}/rename`.
async fn rename(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<RenameForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let to = PageName::parse(&form.new_name)?;
    let mut conn = ctx.state.pool.get().await?;
    let page = match live_page(&mut conn, &name, "/rename", &req).await? {
        Ok(page) => page,
        Err(_) => return Err(AppError::NotFound),
    };
    match queries::rename(
        &mut conn,
        page.id,
        &to,
        ANONYMOUS,
        &normalise_summary(&form.reason),
    )
    .await?
    {
        RenameOutcome::Renamed | RenameOutcome::Unchanged => Ok(see_other(&to.path())),
        RenameOutcome::Taken { existing } => Err(AppError::NameTaken {
            wanted: to.as_str().to_owned(),
            existing,
        }),
    }
}

/// `GET /{name}/delete`: asks for confirmation.
async fn delete_form(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = match live_page(&mut conn, &name, "/delete", &req).await? {
        Ok(page) => page,
        Err(redirect) => return Ok(redirect),
    };
    let chrome = chrome(&mut conn).await?;
    Ok(html(
        StatusCode::OK,
        ctx.page(&chrome, &page.name, views::delete_form(&ctx, &page.name)),
    ))
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

/// `POST /{name}/delete` and `POST /{name}/undelete`: soft deletion, recorded in history.
async fn set_deleted(
    ctx: Ctx,
    name: web::Path<String>,
    reason: &str,
    deleted: bool,
) -> Result<HttpResponse, AppError> {
    let name = PageName::parse(&name)?;
    let mut conn = ctx.state.pool.get().await?;
    let page = match queries::find(&mut conn, &name).await? {
        Some(queries::Found::Current(page) | queries::Found::FormerName(page)) => page,
        None => return Err(AppError::NotFound),
    };
    queries::change_deletion(
        &mut conn,
        page.id,
        deleted,
        ANONYMOUS,
        &normalise_summary(reason),
    )
    .await?;
    Ok(see_other(&page_path(&page.name)))
}

async fn delete(
    ctx: Ctx,
    name: web::Path<String>,
    form: CsrfForm<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    set_deleted(ctx, name, &form.0.reason, true).await
}

async fn undelete(
    ctx: Ctx,
    name: web::Path<String>,
    form: CsrfForm<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    set_deleted(ctx, name, &form.0.reason, false).await
}

/// `GET /{name}/revisions` (YesWiki's address for history).
pub async fn yeswiki_revisions(
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let name = PageName::parse(&name)?;
    Ok(permanent_redirect(name.as_str(), "/history", &req))
}
