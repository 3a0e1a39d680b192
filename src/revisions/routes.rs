//! Handlers for `/{name}/history`, `/{name}/diff` and `/{name}/restore` (asked, then done).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::accounts;
use crate::ctx::Ctx;
use crate::diff;
use crate::error::AppError;
use crate::kind::Shown;
use crate::names::{PageName, page_path};
use crate::pages::queries;
use crate::pages::render::{outgoing_links, revision_html};
use crate::pages::resolve::{find_readable, live_page_at, page_at, see_other};
use crate::pages::save::{Base, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer, save};
use crate::revisions::views;
use crate::security::CsrfForm;

/// Revisions per history page.
const HISTORY_PAGE: i64 = 50;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{name}/history", web::get().to(history))
        .route("/{name}/diff", web::get().to(compare))
        .route("/{name}/restore", web::get().to(restore_form))
        .route("/{name}/restore", web::post().to(restore));
}

#[derive(Deserialize)]
pub struct HistoryQuery {
    before: Option<i32>,
}

/// `GET /{name}/history?before=n`: newest first, by pages of [`HISTORY_PAGE`].
async fn history(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = page_at(&mut conn, &name, &req, &ctx.access()).await?;
    // One row more than shown: it tells whether older revisions exist and the size change of
    // the oldest row shown.
    let revisions = queries::history(&mut conn, page.id, query.before, HISTORY_PAGE + 1).await?;
    let shown = revisions.len().min(HISTORY_PAGE as usize);
    let numbers: Vec<i32> = revisions.iter().map(|rev| rev.number).collect();
    let coauthors = crate::live::queries::coauthors(&mut conn, page.id, &numbers).await?;
    let rows = (0..shown)
        .map(|i| views::HistoryRow {
            revision: &revisions[i],
            coauthors: coauthors
                .get(&revisions[i].number)
                .map_or(&[][..], Vec::as_slice),
            size_delta: i64::from(revisions[i].size_bytes)
                - revisions
                    .get(i + 1)
                    .map_or(0, |older| i64::from(older.size_bytes)),
        })
        .collect();
    let older = (revisions.len() > shown).then(|| revisions[shown - 1].number);
    let events = if query.before.is_none() {
        queries::events(&mut conn, page.id).await?
    } else {
        Vec::new()
    };
    let view = views::HistoryPage {
        name: &page.name,
        latest: page.latest_rev,
        rows,
        older,
        events: &events,
    };
    let title = ctx.lang.t_with("history-title", &[("page", &page.name)]);
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &title,
        views::history(&ctx, &view),
    )
    .await
}

#[derive(Deserialize)]
pub struct DiffQuery {
    from: Option<i32>,
    to: Option<i32>,
}

/// `GET /{name}/diff?from=n&to=m`: `to` defaults to the latest, `from` to the one before `to`.
async fn compare(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<DiffQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, &name, &req, &ctx.access()).await?;
    let to_number = query.to.unwrap_or(page.latest_rev);
    let from_number = query.from.unwrap_or(to_number - 1).max(1);
    let from = queries::revision(&mut conn, page.id, from_number)
        .await?
        .ok_or(AppError::NotFound)?;
    let to = queries::revision(&mut conn, page.id, to_number)
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let changes = match ctx.state.kinds.of(&page.name, &to.body) {
        Some(kind) => kind.changes(&mut conn, lang, &from.body, &to.body).await?,
        None => None,
    };
    // A page of no kind of its own is also compared as it reads: both revisions rendered,
    // block by block.
    let rendered = if changes.is_none() {
        let access = ctx.access();
        let mut html = Vec::with_capacity(2);
        for revision in [&from, &to] {
            let shown = Shown {
                lang,
                access: &access,
                page: &page,
                revision,
            };
            html.push(revision_html(&mut conn, &ctx.state.kinds, &shown).await?);
        }
        let (old_html, new_html) = (html.remove(0), html.remove(0));
        Some(web::block(move || diff::render_blocks(lang, &old_html, &new_html)).await?)
    } else {
        None
    };
    let (old_body, new_body) = (from.body.clone(), to.body.clone());
    let table = web::block(move || diff::render(lang, &old_body, &new_body)).await?;
    let view = views::DiffPage {
        name: &page.name,
        from: &from,
        to: &to,
        latest: page.latest_rev,
        changes,
        rendered,
        table,
    };
    let title = lang.t_with("diff-title", &[("page", &page.name)]);
    ctx.render(&mut conn, StatusCode::OK, &title, views::diff(lang, &view))
        .await
}

#[derive(Deserialize)]
pub struct RestoreQuery {
    rev: i32,
}

#[derive(Deserialize)]
pub struct RestoreForm {
    /// The latest revision the visitor saw when confirming: a save since then refuses the
    /// restore rather than undo what they did not see.
    base: Option<i32>,
    #[serde(default)]
    reason: String,
}

/// The page to restore a revision of, if the visitor may write it (a deleted one too: restoring
/// brings it back).
async fn restorable(
    ctx: &Ctx,
    conn: &mut diesel_async::AsyncPgConnection,
    name: &str,
) -> Result<crate::model::Page, AppError> {
    let name = PageName::parse(name)?;
    let page = match find_readable(conn, &name, &ctx.access()).await? {
        Some(queries::Found::Current(page) | queries::Found::FormerName(page)) => page,
        None => return Err(AppError::NotFound),
    };
    ctx.access().check_write(Some(&page))?;
    Ok(page)
}

/// `GET /{name}/restore?rev=n`: what restoring revision n would change (the latest text
/// against n's), and a form that confirms it. Restoring used to be one click from the history.
async fn restore_form(
    ctx: Ctx,
    name: web::Path<String>,
    query: web::Query<RestoreQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = restorable(&ctx, &mut conn, &name).await?;
    let old = queries::revision(&mut conn, page.id, query.rev)
        .await?
        .ok_or(AppError::NotFound)?;
    let latest = queries::revision(&mut conn, page.id, page.latest_rev)
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let (now, then) = (latest.body.clone(), old.body.clone());
    let table = web::block(move || diff::render(lang, &now, &then)).await?;
    let view = views::RestorePage {
        name: &page.name,
        old: &old,
        latest: &latest,
        deleted: page.deleted_at.is_some(),
        table,
    };
    let title = lang.t_with(
        "restore-confirm-title",
        &[("number", &old.number.to_string()), ("page", &page.name)],
    );
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &title,
        views::restore(&ctx, &view),
    )
    .await
}

/// `POST /{name}/restore?rev=n`: appends a copy of revision n as the newest revision. The
/// history says which revision it restores; the summary is the visitor's reason, if any.
async fn restore(
    ctx: Ctx,
    name: web::Path<String>,
    query: web::Query<RestoreQuery>,
    form: CsrfForm<RestoreForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let mut conn = ctx.state.pool.get().await?;
    let page = restorable(&ctx, &mut conn, &name).await?;
    let old = queries::revision(&mut conn, page.id, query.rev)
        .await?
        .ok_or(AppError::NotFound)?;
    let revision = NewRevision {
        links: outgoing_links(&old.body),
        summary: crate::pages::routes::normalise_summary(&form.reason),
        body: old.body,
        author: accounts::author(&ctx, &mut conn).await?,
        restored_from: Some(query.rev),
        submission_id: None,
        on_stale: OnStale::Refuse,
        undelete: true,
        at: None,
    };
    let request = SaveRequest {
        name: PageName::parse(&page.name)?,
        base: Base::Revision(form.base.unwrap_or(page.latest_rev)),
        revision,
    };
    let access = ctx.access();
    match save(
        &mut conn,
        &ctx.state.kinds,
        &request,
        Writer::Visitor(&access),
    )
    .await?
    {
        SaveOutcome::Saved { name, .. } | SaveOutcome::Unchanged { name, .. } => {
            Ok(see_other(&page_path(&name)))
        }
        // Someone saved (or deleted the page) between our read and our write: restoring over
        // that unseen would discard it. Let the visitor look again.
        SaveOutcome::Stale { name, .. } | SaveOutcome::Deleted { name, .. } => {
            Ok(see_other(&format!("{}/history", page_path(&name))))
        }
        SaveOutcome::Refused(refusal) => Err(refusal),
        SaveOutcome::NameTaken { existing } => Err(AppError::NameTaken {
            wanted: page.name,
            existing,
        }),
    }
}
