//! Handlers for `/`, `/{name}` and the page actions (edit, raw, backlinks, rename, delete).
//! Thin: parse, resolve the page, call a query, pick a view.

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use crate::accounts;
use crate::app::AppState;
use crate::cache::{self, Uncacheable, ViewKey};
use crate::collab::presence::EditorSession;
use crate::collab::queries::{self as presence, Others};
use crate::collab::views::{MergedNotice, conflict_regions, page_notices};
use crate::error::AppError;
use crate::layout::Ctx;
use crate::pages::names::{PageName, page_path};
use crate::pages::queries::{self, NewRevision, OnStale, RenameOutcome, SaveOutcome};
use crate::pages::render::{chrome, latest_html, outgoing_links, render_text};
use crate::pages::resolve::{Resolved, find_readable, permanent_redirect, resolve, see_other};
use crate::pages::views;
use crate::revisions::diff;
use crate::security::CsrfForm;

/// The page views, registered before every other route with a parameter: actix tries routes
/// in order, running a regular expression for each pattern with a parameter, and views are
/// most of the traffic. No other route has a single segment but static ones (`/favicon.ico`),
/// registered before these.
pub fn view_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/{name}", web::get().to(view));
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{name}/edit", web::get().to(edit_form))
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
    /// Set by the redirect after a save that was merged: the revision it created.
    merged: Option<i32>,
}

/// Answers with the editor. Showing it means this browser has the editor of the page open:
/// presence is recorded (setting the editor cookie on a first visit), and the editor says how
/// many others have it open too.
async fn show_editor(
    ctx: &Ctx,
    req: &HttpRequest,
    conn: &mut diesel_async::AsyncPgConnection,
    status: StatusCode,
    mut editor: views::Editor<'_>,
) -> Result<HttpResponse, AppError> {
    let secure = ctx.state.settings.secure_cookies;
    let session = EditorSession::of(req, secure);
    let key = PageName::parse(editor.name)?.key().to_owned();
    presence::record(conn, &key, session.id, ctx.user_id()).await?;
    editor.others_editing = presence::others(conn, &key, Some(session.id), ctx.user_id()).await?;
    let chrome = chrome(conn, &ctx.access()).await?;
    let mut response = html(
        status,
        ctx.page(&chrome, editor.name, views::editor(ctx, &editor)),
    );
    if let Some(cookie) = session.new_cookie(secure) {
        response
            .add_cookie(&cookie)
            .map_err(|err| AppError::Internal(err.to_string()))?;
    }
    Ok(response)
}

/// The editor under a notice saying why its text was not saved.
async fn editor_with_notice(
    ctx: &Ctx,
    conn: &mut diesel_async::AsyncPgConnection,
    status: StatusCode,
    notice: maud::Markup,
    editor: &views::Editor<'_>,
) -> Result<HttpResponse, AppError> {
    let chrome = chrome(conn, &ctx.access()).await?;
    let content = maud::html! {
        (notice)
        (views::editor(ctx, editor))
    };
    Ok(html(status, ctx.page(&chrome, editor.name, content)))
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
    let key = view_key(&ctx, &req);
    if let Some(hit) = key.as_ref().and_then(|key| ctx.state.caches.views.get(key)) {
        return Ok(hit.respond(&req, &ctx.csrf));
    }
    let epoch = ctx.state.caches.views.epoch();
    let home = ctx.state.settings.home_page.clone();
    let mut conn = ctx.state.pool.get().await?;
    let page = match find_readable(&mut conn, &home, &ctx.access()).await? {
        Some(queries::Found::Current(page) | queries::Found::FormerName(page)) => {
            Resolved::Page(page)
        }
        None => Resolved::Missing(home),
    };
    let response = show(&ctx, &req, &mut conn, page, &query).await?;
    drop(conn);
    Ok(keep_view(&ctx, &req, key, epoch, response).await)
}

/// Under which key the view of this request may be cached, if it may: the latest revision
/// (no query string), for a browser that has no editor open (whose view would count it among
/// the people editing, and which must see its own saves at once on every instance).
fn view_key(ctx: &Ctx, req: &HttpRequest) -> Option<ViewKey> {
    let plain = req.query_string().is_empty()
        && EditorSession::known(req, ctx.state.settings.secure_cookies).is_none();
    plain.then(|| ViewKey {
        path: req.path().to_owned(),
        lang: ctx.lang.code(),
        user: ctx.viewer.user.as_ref().map(|user| user.id),
    })
}

/// Stores a view rendered from the database in the cache, when it has a key.
async fn keep_view(
    ctx: &Ctx,
    req: &HttpRequest,
    key: Option<ViewKey>,
    epoch: u64,
    response: HttpResponse,
) -> HttpResponse {
    match key {
        Some(key) => {
            cache::keep(
                &ctx.state.caches.views,
                req,
                key,
                epoch,
                &ctx.csrf,
                response,
            )
            .await
        }
        None => response,
    }
}

/// `GET /{name}` and `GET /{name}?rev=n`.
async fn view(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<RevQuery>,
) -> Result<HttpResponse, AppError> {
    let key = view_key(&ctx, &req);
    if let Some(hit) = key.as_ref().and_then(|key| ctx.state.caches.views.get(key)) {
        return Ok(hit.respond(&req, &ctx.csrf));
    }
    // Read before the database: a change notified while this view renders keeps it out.
    let epoch = ctx.state.caches.views.epoch();
    let mut conn = ctx.state.pool.get().await?;
    let resolved = resolve(&mut conn, &name, "", &req, &ctx.access()).await?;
    let response = show(&ctx, &req, &mut conn, resolved, &query).await?;
    drop(conn);
    Ok(keep_view(&ctx, &req, key, epoch, response).await)
}

async fn show(
    ctx: &Ctx,
    req: &HttpRequest,
    conn: &mut diesel_async::AsyncPgConnection,
    resolved: Resolved,
    query: &RevQuery,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let page = match resolved {
        Resolved::Redirect(response) => return Ok(response),
        Resolved::Missing(name) => {
            let chrome = chrome(conn, &ctx.access()).await?;
            return Ok(html(
                StatusCode::NOT_FOUND,
                ctx.page(&chrome, name.as_str(), views::missing(lang, name.as_str())),
            ));
        }
        Resolved::Page(page) => page,
    };
    let chrome = chrome(conn, &ctx.access()).await?;
    if page.deleted_at.is_some() {
        return Ok(html(
            StatusCode::NOT_FOUND,
            ctx.page(&chrome, &page.name, views::deleted(ctx, &page.name)),
        ));
    }
    let number = query.rev.unwrap_or(page.latest_rev);
    let revision = queries::revision(conn, page.id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = EditorSession::known(req, ctx.state.settings.secure_cookies);
    let others = presence::others(conn, &page.name_key, me, ctx.user_id()).await?;
    let merged = match query.merged {
        Some(merged) => queries::revision(conn, page.id, merged).await?,
        None => None,
    };
    let merged_with = match merged.as_ref().and_then(|m| m.merged_with) {
        Some(with) => queries::revision(conn, page.id, with).await?,
        None => None,
    };
    let access = ctx.access();
    let special = match crate::programmes::routes::special_content(ctx, conn, &page, &revision)
        .await?
    {
        Some(schedule) => Some(schedule),
        None => {
            crate::catalogue::render::special_content(lang, conn, &access, &page, &revision).await?
        }
    };
    let mut content = match special {
        Some(html) => html,
        None if number == page.latest_rev => latest_html(conn, &access, &page).await?,
        None => render_text(conn, &access, Some(&page.name), revision.body.clone()).await?,
    };
    if let Some(used) = crate::programmes::routes::used_in(ctx, conn, &page).await? {
        content.push_str(&used.into_string());
    }
    let info = views::RevisionInfo {
        number,
        latest: page.latest_rev,
        author: &revision.author_name,
        author_is_user: revision.author_id.is_some(),
        at: revision.created_at,
        may_manage: ctx.access().may_manage(&page),
    };
    let path = page_path(&page.name);
    let merged = merged.zip(merged_with);
    let merged = merged.as_ref().map(|(merged, with)| MergedNotice {
        path: &path,
        number: merged.number,
        with: with.number,
        author: &with.author_name,
    });
    let notices = page_notices(lang, &others, merged.as_ref());
    // Other sites may embed what anyone may read, and only that.
    let settings = &ctx.state.settings;
    let discovery = crate::linking::anonymous(settings)
        .may_read(&page)
        .then(|| {
            let url = crate::linking::qr::page_url(&settings.base_url, &page.name, None);
            crate::linking::views::oembed_discovery(&settings.base_url, &page.name, &url)
        });
    let mut response = html(
        StatusCode::OK,
        ctx.page_with_head(
            &chrome,
            &page.name,
            discovery.as_ref(),
            views::page(lang, &page.name, &content, &info, notices),
        ),
    );
    // "Also editing now" ends with time, without a write that would empty the cache.
    if !others.is_empty() {
        response.extensions_mut().insert(Uncacheable);
    }
    Ok(response)
}

/// `GET /{name}/edit`: the editor, from the latest revision. Opening it records this
/// browser's presence, and warns when others have it open too.
async fn edit_form(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let (name, body, base, creating, deleted) =
        match resolve(&mut conn, &name, "/edit", &req, &access).await? {
            Resolved::Redirect(response) => return Ok(response),
            Resolved::Missing(name) => {
                access.check_write(None)?;
                (name.as_str().to_owned(), String::new(), 0, true, None)
            }
            Resolved::Page(page) => {
                access.check_write(Some(&page))?;
                let body = queries::latest_body(&mut conn, &page).await?;
                let deleted = match page.deleted_at {
                    Some(_) => Some(last_deletion(&mut conn, page.id).await?),
                    None => None,
                };
                (page.name, body, page.latest_rev, false, deleted)
            }
        };
    // A sheet opens in its typed editor; `?raw=1` asks for its text instead.
    let raw = web::Query::<RawQuery>::from_query(req.query_string()).is_ok_and(|q| q.raw.is_some());
    if !raw
        && deleted.is_none()
        && let Some(typed) =
            crate::programmes::routes::typed_editor(&ctx, &mut conn, &name, &body, base).await?
    {
        return Ok(typed);
    }
    if !raw
        && deleted.is_none()
        && let Some(typed) =
            crate::catalogue::routes::typed_editor(&ctx, &mut conn, &name, &body, base).await?
    {
        return Ok(typed);
    }
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
        deleted: deleted.as_ref().map(|event| views::Deleted {
            meanwhile: false,
            event: event.as_ref(),
        }),
        others_editing: Others::default(),
        answer: false,
    };
    show_editor(&ctx, &req, &mut conn, StatusCode::OK, editor).await
}

/// The event that deleted a page, when it is recorded.
async fn last_deletion(
    conn: &mut diesel_async::AsyncPgConnection,
    page_id: Uuid,
) -> Result<Option<queries::PageEvent>, AppError> {
    Ok(queries::events(conn, page_id)
        .await?
        .into_iter()
        .find(|event| event.kind == "delete"))
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
    /// Set by the editor of a deleted page: saving brings the page back.
    #[serde(default)]
    recreate: bool,
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

/// Refuses a change to `name` the visitor may not make. A page they may not read is treated
/// as missing: a visitor who may not create pages gets the same refusal as for a missing
/// page; one who may gets 404, since the name is taken (see `ARCHITECTURE.md`).
pub(crate) async fn check_write_by_name(
    conn: &mut diesel_async::AsyncPgConnection,
    access: &crate::permissions::Access<'_>,
    name: &PageName,
) -> Result<(), AppError> {
    let page = queries::find(conn, name).await?.map(|found| match found {
        queries::Found::Current(page) | queries::Found::FormerName(page) => page,
    });
    write_refusal(access, name, page.as_ref())
}

/// [`check_write_by_name`], on the page that has or had the name (`None`: no page has).
fn write_refusal(
    access: &crate::permissions::Access<'_>,
    name: &PageName,
    page: Option<&queries::Page>,
) -> Result<(), AppError> {
    match page {
        Some(page) if access.may_read(page) => access.check_write(Some(page)),
        Some(_) => {
            access.check_write(None)?;
            Err(AppError::NameUnavailable {
                wanted: name.as_str().to_owned(),
            })
        }
        None => access.check_write(None),
    }
}

/// `POST /{name}/edit`: preview, or save as a new revision.
///
/// A save from an older base is merged with the latest revision when the changes do not
/// overlap, and the visitor is sent to the page with a notice saying so. When they overlap, or
/// when the page was deleted meanwhile, nothing is saved and the editor comes back (409) with
/// the visitor's text, to resolve or to recreate the page explicitly. The visitor's right to
/// write is decided on the page as the save's transaction locked it.
async fn save(
    ctx: Ctx,
    req: HttpRequest,
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
    // When nothing can be saved, the editor comes back with the visitor's text and why.
    let submission = submission_id.to_string();
    let unsaved = views::Editor {
        name: name.as_str(),
        body: &body,
        summary: &summary,
        base: form.base,
        submission_id: &submission,
        preview: None,
        conflict: None,
        creating: form.base == 0,
        deleted: None,
        others_editing: Others::default(),
        answer: true,
    };
    let previewing = form.action.as_deref() == Some("preview");
    // A sheet or a form whose fields are wrong is not saved.
    let mut problems =
        crate::catalogue::routes::raw_problems(&mut conn, &name, &body, ctx.lang).await?;
    problems.extend(crate::programmes::routes::raw_problems(&body, ctx.lang));
    // A save checks the visitor's right on the page it locks (`save_checked`); a preview, which
    // writes nothing, and a text refused for its fields (a visitor who may not write is told
    // that first), here.
    if (previewing || !problems.is_empty())
        && let Err(refusal) = check_write_by_name(&mut conn, &ctx.access(), &name).await
    {
        return refused_editor(&ctx, &mut conn, refusal, &unsaved).await;
    }
    if !problems.is_empty() {
        let why = crate::catalogue::views::problems_notice(ctx.lang, &problems);
        return editor_with_notice(
            &ctx,
            &mut conn,
            StatusCode::UNPROCESSABLE_ENTITY,
            why,
            &unsaved,
        )
        .await;
    }
    if previewing {
        let preview =
            render_text(&mut conn, &ctx.access(), Some(name.as_str()), body.clone()).await?;
        let editor = views::Editor {
            name: name.as_str(),
            body: &body,
            summary: &summary,
            base: form.base,
            submission_id: &submission_id.to_string(),
            preview: Some(&preview),
            conflict: None,
            creating: form.base == 0,
            deleted: recreating(&mut conn, &name, form.recreate).await?,
            others_editing: Others::default(),
            answer: true,
        };
        return show_editor(&ctx, &req, &mut conn, StatusCode::OK, editor).await;
    }
    let revision = NewRevision {
        links: outgoing_links(&body),
        body,
        summary,
        author: accounts::author(&ctx, &mut conn).await?,
        restored_from: None,
        submission_id: Some(submission_id),
        on_stale: OnStale::Merge,
        undelete: form.recreate,
    };
    let session = EditorSession::known(&req, ctx.state.settings.secure_cookies);
    let fresh_submission = Uuid::new_v4().to_string();
    // The editor again, when nothing was saved: the visitor's text, a new submission.
    let refused = views::Editor {
        name: name.as_str(),
        body: &revision.body,
        summary: &revision.summary,
        base: form.base,
        submission_id: &fresh_submission,
        preview: None,
        conflict: None,
        creating: false,
        deleted: None,
        others_editing: Others::default(),
        answer: true,
    };
    let access = ctx.access();
    let may_write = |page: Option<&queries::Page>| write_refusal(&access, &name, page);
    let saved_or_refused =
        queries::save_checked(&mut conn, &name, form.base, &revision, &may_write).await?;
    let outcome = match saved_or_refused {
        Ok(outcome) => outcome,
        Err(refusal) => {
            let unsaved = views::Editor {
                submission_id: &submission,
                creating: form.base == 0,
                ..refused
            };
            return refused_editor(&ctx, &mut conn, refusal, &unsaved).await;
        }
    };
    match outcome {
        SaveOutcome::Saved {
            name: current,
            number,
            merged_with,
        } => {
            if let Some(session) = session {
                presence::leave(&mut conn, name.key(), session).await?;
            }
            let query = match merged_with {
                Some(_) => format!("?merged={number}"),
                None => String::new(),
            };
            Ok(saved(&current, &query, submission_id))
        }
        SaveOutcome::Unchanged { name: current, .. } => {
            if let Some(session) = session {
                presence::leave(&mut conn, name.key(), session).await?;
            }
            Ok(saved(&current, "", submission_id))
        }
        SaveOutcome::NameTaken { existing } => Err(AppError::NameTaken {
            wanted: name.as_str().to_owned(),
            existing,
        }),
        // Deleted meanwhile: the same base, and an explicit choice to bring the page back.
        SaveOutcome::Deleted {
            name: current,
            latest,
        } => {
            let deletion = last_deletion(&mut conn, latest.page_id).await?;
            let editor = views::Editor {
                name: &current,
                deleted: Some(views::Deleted {
                    meanwhile: true,
                    event: deletion.as_ref(),
                }),
                ..refused
            };
            show_editor(&ctx, &req, &mut conn, StatusCode::CONFLICT, editor).await
        }
        // Overlapping changes: the proposal (or the visitor's text) to resolve, from the newest.
        SaveOutcome::Stale {
            name: current,
            latest,
            base_body,
            conflict,
        } => {
            let lang = ctx.lang;
            let new = latest.body.clone();
            let their_changes = web::block(move || diff::render(lang, &base_body, &new)).await?;
            let regions = conflict
                .as_ref()
                .map(|c| conflict_regions(lang, c, latest.number, &latest.author_name));
            let editor = views::Editor {
                name: &current,
                body: conflict.as_ref().map_or(refused.body, |c| &c.proposal),
                base: latest.number,
                conflict: Some(views::Conflict {
                    latest: latest.number,
                    author: &latest.author_name,
                    their_changes,
                    regions,
                }),
                deleted: recreating(&mut conn, &name, form.recreate).await?,
                ..refused
            };
            show_editor(&ctx, &req, &mut conn, StatusCode::CONFLICT, editor).await
        }
    }
}

/// The answer to a visitor who may not write the page: the editor again with their text (409)
/// when the name is another page's they may not read, the refusal itself otherwise.
async fn refused_editor(
    ctx: &Ctx,
    conn: &mut diesel_async::AsyncPgConnection,
    refusal: AppError,
    unsaved: &views::Editor<'_>,
) -> Result<HttpResponse, AppError> {
    let AppError::NameUnavailable { wanted } = refusal else {
        return Err(refusal);
    };
    let why = views::name_unavailable(ctx.lang, &wanted);
    editor_with_notice(ctx, conn, StatusCode::CONFLICT, why, unsaved).await
}

/// The deleted-page notice for an editor shown again (preview, conflict) after a form that asked
/// to recreate the page, if the page is still deleted.
async fn recreating(
    conn: &mut diesel_async::AsyncPgConnection,
    name: &PageName,
    recreate: bool,
) -> Result<Option<views::Deleted<'static>>, AppError> {
    if !recreate {
        return Ok(None);
    }
    let deleted = matches!(
        queries::find(conn, name).await?,
        Some(queries::Found::Current(page) | queries::Found::FormerName(page))
            if page.deleted_at.is_some()
    );
    Ok(deleted.then_some(views::Deleted {
        meanwhile: false,
        event: None,
    }))
}

/// The answer to a successful save: the page (with `query`, e.g. the merged notice), and a
/// fragment naming the submission, which tells the editor script that the draft it kept for
/// that submission can go.
fn saved(name: &str, query: &str, submission_id: Uuid) -> HttpResponse {
    see_other(&format!("{}{query}#saved-{submission_id}", page_path(name)))
}

/// `GET /{name}/raw`: the Markdown source.
async fn raw(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<RevQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = match resolve(&mut conn, &name, "/raw", &req, &ctx.access()).await? {
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

/// Resolves a page for an action that needs an existing, live page the visitor may read.
async fn live_page(
    conn: &mut diesel_async::AsyncPgConnection,
    raw: &str,
    suffix: &str,
    req: &HttpRequest,
    access: &crate::permissions::Access<'_>,
) -> Result<Result<queries::Page, HttpResponse>, AppError> {
    match resolve(conn, raw, suffix, req, access).await? {
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
    let page = match live_page(&mut conn, &name, "/backlinks", &req, &ctx.access()).await? {
        Ok(page) => page,
        Err(redirect) => return Ok(redirect),
    };
    let linkers = queries::backlinks(&mut conn, page.id, &ctx.access().read_filter()).await?;
    let chrome = chrome(&mut conn, &ctx.access()).await?;
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
    write_form(&ctx, &req, &name, "/rename", views::rename_form).await
}

/// A form that changes a live page (rename, delete), for who may write it.
async fn write_form(
    ctx: &Ctx,
    req: &HttpRequest,
    name: &str,
    suffix: &str,
    form: fn(&Ctx, &str) -> maud::Markup,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = match live_page(&mut conn, name, suffix, req, &ctx.access()).await? {
        Ok(page) => page,
        Err(redirect) => return Ok(redirect),
    };
    ctx.access().check_write(Some(&page))?;
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    Ok(html(
        StatusCode::OK,
        ctx.page(&chrome, &page.name, form(ctx, &page.name)),
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
    let page = match live_page(&mut conn, &name, "/rename", &req, &ctx.access()).await? {
        Ok(page) => page,
        Err(_) => return Err(AppError::NotFound),
    };
    ctx.access().check_write(Some(&page))?;
    let author = accounts::author(&ctx, &mut conn).await?;
    match queries::rename(
        &mut conn,
        page.id,
        &to,
        &author,
        &normalise_summary(&form.reason),
    )
    .await?
    {
        RenameOutcome::Renamed | RenameOutcome::Unchanged => Ok(see_other(&to.path())),
        RenameOutcome::Taken { existing } => {
            match find_readable(&mut conn, &to, &ctx.access()).await? {
                Some(_) => Err(AppError::NameTaken {
                    wanted: to.as_str().to_owned(),
                    existing,
                }),
                None => Err(AppError::NameUnavailable {
                    wanted: to.as_str().to_owned(),
                }),
            }
        }
    }
}

/// `GET /{name}/delete`: asks for confirmation.
async fn delete_form(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    write_form(&ctx, &req, &name, "/delete", views::delete_form).await
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
    let page = match find_readable(&mut conn, &name, &ctx.access()).await? {
        Some(queries::Found::Current(page) | queries::Found::FormerName(page)) => page,
        None => return Err(AppError::NotFound),
    };
    ctx.access().check_write(Some(&page))?;
    let author = accounts::author(&ctx, &mut conn).await?;
    queries::change_deletion(
        &mut conn,
        page.id,
        deleted,
        &author,
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
