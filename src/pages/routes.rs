//! Handlers for `/`, `/{name}` and the page actions (edit, raw, backlinks, rename, delete).
//! Thin: parse, resolve the page, call a query, pick a view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use async_trait::async_trait;
use serde::Deserialize;
use uuid::Uuid;

use crate::access::Access;
use crate::accounts;
use crate::cache::{self, Uncacheable, ViewKey};
use crate::collab::presence::EditorSession;
use crate::collab::queries::{self as presence, Others};
use crate::collab::views::{MergedNotice, page_notices};
use crate::ctx::{Ctx, html};
use crate::error::AppError;
use crate::kind::{Kinds, Shown};
use crate::names::{PageName, page_path};
use crate::pages::answer::{REOPENED, Reopen, Unsaved, answer, last_deletion};
use crate::pages::queries::{self, RenameOutcome};
use crate::pages::render::{
    annexes, chrome, notices_above, outgoing_links, render_text, revision_html,
};
use crate::pages::resolve::{
    Resolved, find_readable, live_page_at, permanent_redirect, resolve, see_other,
};
use crate::pages::save::{self, Base, NewRevision, OnStale, SaveRequest, Writer};
use crate::pages::views;
use crate::security::CsrfForm;
use crate::state::AppState;

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

/// Whether a text starts with a first-level heading that is its page's name (`# World café`
/// on `World_café`), as many pages written elsewhere do: the page would show its title twice.
fn opens_with_its_title(body: &str, name: &str) -> bool {
    let Some(first) = body.lines().map(str::trim).find(|line| !line.is_empty()) else {
        return false;
    };
    let Some(heading) = first.strip_prefix("# ") else {
        return false;
    };
    let heading = heading.trim_end_matches('#').trim();
    match (PageName::parse(heading), PageName::parse(name)) {
        (Ok(heading), Ok(name)) => heading.key() == name.key(),
        _ => false,
    }
}

/// The rendered text without its opening `<h1>` (see [`opens_with_its_title`]): the page's own
/// title stands for it.
fn without_leading_h1(html: String) -> String {
    match (html.starts_with("<h1"), html.find("</h1>")) {
        (true, Some(end)) => html[end + "</h1>".len()..].trim_start().to_owned(),
        _ => html,
    }
}

#[derive(Deserialize)]
pub struct RevQuery {
    rev: Option<i32>,
    /// Set by the redirect after a save that was merged: the revision it created.
    merged: Option<i32>,
    /// Set by the redirect after any other save: the revision it created.
    saved: Option<i32>,
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
    let key = PageName::parse(editor.name)?.key().to_owned();
    let (others, cookie) = crate::pages::presence::opened(ctx, req, conn, &key).await?;
    editor.others_editing = others;
    let chrome = chrome(conn, &ctx.access()).await?;
    let mut response = html(
        status,
        ctx.page(&chrome, editor.name, views::editor(ctx, &editor)),
    );
    if let Some(cookie) = cookie {
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

/// `GET /`: the home page (the site settings' choice, else `--home-page`), or a YesWiki
/// address (`/?PageName`, `/?PageName/handler`).
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
    let home = ctx.site.home_page.clone();
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
    let shown = Shown {
        lang,
        access: &access,
        page: &page,
        revision: &revision,
    };
    let kinds = &ctx.state.kinds;
    let mut content = revision_html(conn, kinds, &shown).await?;
    if opens_with_its_title(&revision.body, &page.name) {
        content = without_leading_h1(content);
    }
    content.push_str(&annexes(conn, kinds, &shown, &ctx.csrf).await?);
    let above = notices_above(conn, kinds, &shown).await?;
    let info = views::RevisionInfo {
        number,
        latest: page.latest_rev,
        author: &revision.author_name,
        author_is_user: revision.author_id.is_some(),
        at: revision.created_at,
        may_manage: ctx.access().may_manage(&page),
        readers: (!crate::access::Access::anonymous(&ctx.state.settings).may_read(&page)).then(
            || {
                let stored = page
                    .read_acl
                    .as_ref()
                    .unwrap_or(&ctx.state.settings.default_read_acl);
                crate::acl::Acl::from_stored(stored).entries()
            },
        ),
        copy_href: kinds
            .of(&page.name, &revision.body)
            .and_then(|kind| kind.copy_href(&page.name)),
    };
    let path = page_path(&page.name);
    let merged = merged.zip(merged_with);
    let merged = merged.as_ref().map(|(merged, with)| MergedNotice {
        path: &path,
        number: merged.number,
        with: with.number,
        author: &with.author_name,
    });
    let saved = query
        .saved
        .filter(|number| (1..=page.latest_rev).contains(number));
    let notices = maud::html! {
        (maud::PreEscaped(above))
        (page_notices(lang, &others, merged.as_ref()))
        @if let Some(number) = saved { (views::saved_notice(lang, &path, number)) }
    };
    // Other sites may embed what anyone may read, and only that.
    let settings = &ctx.state.settings;
    let discovery = crate::access::Access::anonymous(settings)
        .may_read(&page)
        .then(|| {
            let url = crate::names::page_url(&settings.base_url, &page.name, None);
            views::oembed_discovery(&settings.base_url, &page.name, &url)
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
                name.check_new()?;
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
        && let Some(kind) = ctx.state.kinds.of(&name, &body)
        && let Some(typed) = kind.editor(&req, &mut conn, &name, &body, base).await?
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

/// Refuses a change to `name` the visitor may not make, as a save would refuse it (see
/// `save::Writer::check`), for what is checked before a save (a preview, a refused text).
pub(crate) async fn check_write_by_name(
    conn: &mut diesel_async::AsyncPgConnection,
    kinds: &Kinds,
    access: &Access<'_>,
    name: &PageName,
) -> Result<(), AppError> {
    let page = queries::find(conn, name).await?.map(|found| match found {
        queries::Found::Current(page) | queries::Found::FormerName(page) => page,
    });
    Writer::Visitor(access).check(kinds, name, page.as_ref())
}

/// `POST /{name}/edit`: preview, or save as a new revision.
///
/// A save from an older base is merged with the latest revision when the changes do not
/// overlap, and the visitor is sent to the page with a notice saying so. When they overlap, or
/// when the page was deleted meanwhile, nothing is saved and the editor comes back (409) with
/// the visitor's text, to resolve or to recreate the page explicitly (see `pages::answer`).
/// The visitor's right to write is decided on the page as the save's transaction locked it.
async fn save(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<EditForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let name = PageName::parse(&name)?;
    check_body(&form.body, &ctx.state)?;
    let editor = RawEditor {
        body: normalise_body(&form.body),
        summary: normalise_summary(&form.summary),
        base: Base::from_number(form.base),
        submission_id: form.submission_id.unwrap_or_else(Uuid::new_v4),
        recreate: form.recreate,
    };
    let _slot = ctx.state.save_slot().await?;
    let mut conn = ctx.state.pool.get().await?;
    let previewing = form.action.as_deref() == Some("preview");
    if let Some(answer) = editor
        .unsaved(&ctx, &req, &mut conn, &name, previewing)
        .await?
    {
        return Ok(answer);
    }
    let request = SaveRequest {
        revision: NewRevision {
            links: outgoing_links(&editor.body),
            body: editor.body.clone(),
            summary: editor.summary.clone(),
            author: accounts::author(&ctx, &mut conn).await?,
            restored_from: None,
            submission_id: Some(editor.submission_id),
            on_stale: OnStale::Merge,
            undelete: form.recreate,
            at: None,
        },
        name,
        base: editor.base,
    };
    let access = ctx.access();
    let writer = Writer::Visitor(&access);
    let outcome = save::save(&mut conn, &ctx.state.kinds, &request, writer).await?;
    answer(&ctx, &req, &mut conn, &request, outcome, &editor).await
}

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// A refusal before any save: the editor again (409) when the name is another page's the
/// visitor may not read, the refusal itself otherwise.
async fn refused(
    ctx: &Ctx,
    req: &HttpRequest,
    conn: &mut diesel_async::AsyncPgConnection,
    name: &PageName,
    refusal: AppError,
    editor: &RawEditor,
) -> Result<HttpResponse, AppError> {
    match refusal {
        AppError::NameUnavailable { .. } => {
            editor
                .reopen(ctx, req, conn, name.as_str(), Unsaved::NameUnavailable)
                .await
        }
        refusal => Err(refusal),
    }
}

/// What the page editor sent: its text, normalised, and where it started from. Also what the
/// typed editors come back to when their own form cannot hold the answer (a page deleted
/// meanwhile, a programme's conflicting lines): the raw text loses nothing.
pub struct RawEditor {
    pub body: String,
    pub summary: String,
    pub base: Base,
    pub submission_id: Uuid,
    /// The editor of a deleted page asked to bring it back.
    pub recreate: bool,
}

impl RawEditor {
    /// The editor with this text again, for the page now called `name`: under the same
    /// submission when nothing could have been written, a new one otherwise.
    fn view<'a>(&'a self, name: &'a str, submission: Option<Uuid>) -> OwnedEditor<'a> {
        OwnedEditor {
            name,
            body: &self.body,
            summary: &self.summary,
            base: self.base.number(),
            submission_id: submission.unwrap_or_else(Uuid::new_v4).to_string(),
            creating: self.base == Base::New,
        }
    }

    /// The answer when nothing is to be saved: a preview, or a text with problems (a sheet, a
    /// form or a programme whose fields are wrong: 422). The visitor's right is checked here
    /// (a save checks it on the page it locks), and told before what is wrong with the text.
    async fn unsaved(
        &self,
        ctx: &Ctx,
        req: &HttpRequest,
        conn: &mut diesel_async::AsyncPgConnection,
        name: &PageName,
        previewing: bool,
    ) -> Result<Option<HttpResponse>, AppError> {
        let problems = match ctx.state.kinds.of(name.as_str(), &self.body) {
            Some(kind) => kind.problems(conn, name, &self.body, ctx.lang).await?,
            None => Vec::new(),
        };
        if !previewing && problems.is_empty() {
            return Ok(None);
        }
        if let Err(refusal) = check_write_by_name(conn, &ctx.state.kinds, &ctx.access(), name).await
        {
            return refused(ctx, req, conn, name, refusal, self).await.map(Some);
        }
        if problems.is_empty() {
            return self.preview(ctx, req, conn, name).await.map(Some);
        }
        let why = views::problems_notice(ctx.lang, &problems);
        let unsaved = self.view(name.as_str(), Some(self.submission_id));
        editor_with_notice(ctx, conn, UNPROCESSABLE, why, &unsaved.editor())
            .await
            .map(Some)
    }

    /// The editor with the rendered text under it; nothing is saved.
    async fn preview(
        &self,
        ctx: &Ctx,
        req: &HttpRequest,
        conn: &mut diesel_async::AsyncPgConnection,
        name: &PageName,
    ) -> Result<HttpResponse, AppError> {
        let preview =
            render_text(conn, &ctx.access(), Some(name.as_str()), self.body.clone()).await?;
        let owned = self.view(name.as_str(), Some(self.submission_id));
        let editor = views::Editor {
            preview: Some(&preview),
            deleted: recreating(conn, name, self.recreate).await?,
            ..owned.editor()
        };
        show_editor(ctx, req, conn, StatusCode::OK, editor).await
    }
}

/// The parts of an [`views::Editor`] shown again after a submission.
struct OwnedEditor<'a> {
    name: &'a str,
    body: &'a str,
    summary: &'a str,
    base: i32,
    submission_id: String,
    creating: bool,
}

impl OwnedEditor<'_> {
    fn editor(&self) -> views::Editor<'_> {
        views::Editor {
            name: self.name,
            body: self.body,
            summary: self.summary,
            base: self.base,
            submission_id: &self.submission_id,
            preview: None,
            conflict: None,
            creating: self.creating,
            deleted: None,
            others_editing: Others::default(),
            answer: true,
        }
    }
}

#[async_trait(?Send)]
impl Reopen for RawEditor {
    async fn reopen(
        &self,
        ctx: &Ctx,
        req: &HttpRequest,
        conn: &mut diesel_async::AsyncPgConnection,
        name: &str,
        why: Unsaved<'_>,
    ) -> Result<HttpResponse, AppError> {
        match why {
            Unsaved::NameUnavailable => {
                let why = views::name_unavailable(ctx.lang, name);
                let owned = self.view(name, Some(self.submission_id));
                editor_with_notice(ctx, conn, REOPENED, why, &owned.editor()).await
            }
            Unsaved::Deleted { deletion } => {
                let owned = self.view(name, None);
                let editor = views::Editor {
                    creating: false,
                    deleted: Some(views::Deleted {
                        meanwhile: true,
                        event: deletion,
                    }),
                    ..owned.editor()
                };
                show_editor(ctx, req, conn, REOPENED, editor).await
            }
            Unsaved::Conflict(overlap) => {
                let owned = self.view(name, None);
                let name = PageName::parse(name)?;
                let editor = views::Editor {
                    body: overlap.proposal(&self.body),
                    base: overlap.latest.number,
                    conflict: Some(overlap.view(ctx.lang)),
                    creating: false,
                    deleted: recreating(conn, &name, self.recreate).await?,
                    ..owned.editor()
                };
                show_editor(ctx, req, conn, REOPENED, editor).await
            }
        }
    }
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

/// `GET /{name}/backlinks`. A page that does not exist yet (or that the visitor may not read,
/// which is the same to them) has backlinks too: the pages that ask for it, which is how
/// people find out who wants it written. A deleted page is not found, as its other actions.
async fn backlinks(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let readable = ctx.access().read_filter();
    let (name, linkers, exists) =
        match resolve(&mut conn, &name, "/backlinks", &req, &ctx.access()).await? {
            Resolved::Redirect(response) => return Ok(response),
            Resolved::Missing(name) => {
                let linkers = queries::backlinks_to_name(&mut conn, name.key(), &readable).await?;
                (name.as_str().to_owned(), linkers, false)
            }
            Resolved::Page(page) if page.deleted_at.is_some() => return Err(AppError::NotFound),
            Resolved::Page(page) => {
                let linkers = queries::backlinks(&mut conn, page.id, &readable).await?;
                (page.name, linkers, true)
            }
        };
    let title = ctx.lang.t_with("backlinks-title", &[("page", &name)]);
    let content = views::backlinks(ctx.lang, &name, &linkers, exists);
    ctx.render(&mut conn, StatusCode::OK, &title, content).await
}

/// `GET /{name}/rename`.
async fn rename_form(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    write_form(&ctx, &req, &name, views::rename_form).await
}

/// A form that changes a live page (rename, delete), for who may write it.
async fn write_form(
    ctx: &Ctx,
    req: &HttpRequest,
    name: &str,
    form: fn(&Ctx, &str) -> maud::Markup,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, name, req, &ctx.access()).await?;
    ctx.access().check_write(Some(&page))?;
    let content = form(ctx, &page.name);
    ctx.render(&mut conn, StatusCode::OK, &page.name, content)
        .await
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
    to.check_new()?;
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, &name, &req, &ctx.access())
        .await
        .map_err(AppError::posted)?;
    ctx.access().check_write(Some(&page))?;
    let author = accounts::author(&ctx, &mut conn).await?;
    match queries::rename(
        &mut conn,
        &ctx.state.kinds,
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
    write_form(&ctx, &req, &name, views::delete_form).await
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
        &ctx.state.kinds,
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
