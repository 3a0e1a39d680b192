//! Handlers of `/{name}/discussion` and what hangs from it, `/-/moderation` and
//! `/-/users/{name}/comments`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde::Deserialize;

use crate::access::Access;
use crate::accounts::{self, throttle};
use crate::config::Moderation;
use crate::ctx::{Ctx, local_path};
use crate::discussions::queries::{self, Comment, NewComment, Seeing, Window};
use crate::discussions::{MAX_COMMENT_CHARS, PER_PAGE, SHOWN_BELOW, views};
use crate::error::AppError;
use crate::markup;
use crate::model::Page;
use crate::names::page_path;
use crate::pages::render::render_pieces;
use crate::pages::resolve::{live_page_at, see_other};
use crate::security::CsrfForm;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{name}/discussion", web::get().to(show))
        .route("/{name}/discussion", web::post().to(post))
        .route("/{name}/discussion/{id}", web::get().to(permalink))
        .route("/{name}/discussion/{id}/edit", web::get().to(edit_form))
        .route("/{name}/discussion/{id}/edit", web::post().to(edit))
        .route("/{name}/discussion/{id}/history", web::get().to(history))
        .route("/{name}/discussion/{id}/remove", web::post().to(remove))
        .route("/{name}/discussion/{id}/approve", web::post().to(approve))
        .route("/-/moderation", web::get().to(moderation))
        .route("/-/users/{name}/comments", web::get().to(by_user));
}

/// One comment as a visitor sees it: its HTML and what they may do with it.
pub struct Item {
    pub comment: Comment,
    /// Empty for a removed comment: its text is kept, not shown.
    pub html: String,
    pub may_edit: bool,
    pub may_remove: bool,
    pub may_approve: bool,
}

/// A thread (or part of it) as a visitor sees it.
pub struct Loaded {
    pub page_name: String,
    pub items: Vec<Item>,
    /// Top-level comments in all, and where this part starts among them.
    pub threads: i64,
    pub first: i64,
    /// Comments (replies included, removed ones not) this visitor sees.
    pub count: i64,
    pub may_comment: bool,
    pub signed_in: bool,
    /// The page is a method sheet: a comment may be a field note.
    pub field_notes: bool,
    /// Comments waiting for this visitor's approval, when they moderate the page.
    pub waiting: i64,
}

fn seeing(access: &Access<'_>, page: &Page) -> Seeing {
    Seeing {
        moderator: access.may_moderate(page),
        viewer: access.viewer.user.as_ref().map(|u| u.id),
    }
}

fn may_remove(access: &Access<'_>, page: &Page, comment: &Comment) -> bool {
    let own = access
        .viewer
        .user
        .as_ref()
        .is_some_and(|u| comment.author_id == Some(u.id));
    !comment.is_removed() && (own || access.may_moderate(page))
}

fn may_edit(access: &Access<'_>, comment: &Comment) -> bool {
    let own = access
        .viewer
        .user
        .as_ref()
        .is_some_and(|u| comment.author_id == Some(u.id));
    own && !comment.is_removed()
}

/// A comment's HTML: the page's renderer and sanitiser, its ids scoped to the comment, and
/// `ugc` on a guest's links.
async fn render(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page_name: &str,
    comments: &[&Comment],
) -> Result<Vec<String>, AppError> {
    let pieces = comments
        .iter()
        .map(|c| (format!("comment-{}", c.id), c.body.clone()))
        .collect();
    let html = render_pieces(conn, access, page_name, pieces).await?;
    Ok(html
        .into_iter()
        .zip(comments)
        .map(|(html, c)| match c.author_id {
            Some(_) => html,
            None => markup::as_guest_content(&html),
        })
        .collect())
}

/// Loads part of a page's thread for this visitor. `kind` is the page's kind name.
pub async fn load(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: &Page,
    kind: Option<&'static str>,
    window: Window,
) -> Result<Loaded, AppError> {
    let seeing = seeing(access, page);
    let (comments, threads) = queries::thread(conn, page.id, seeing, window).await?;
    let count = queries::count(conn, page.id, seeing).await?;
    let shown: Vec<&Comment> = comments.iter().filter(|c| !c.is_removed()).collect();
    let mut rendered = render(conn, access, &page.name, &shown).await?.into_iter();
    let moderator = access.may_moderate(page);
    let items = comments
        .iter()
        .map(|comment| Item {
            html: if comment.is_removed() {
                String::new()
            } else {
                rendered.next().unwrap_or_default()
            },
            may_edit: may_edit(access, comment),
            may_remove: may_remove(access, page, comment),
            may_approve: moderator && comment.pending && !comment.is_removed(),
            comment: comment.clone(),
        })
        .collect();
    let first = match window {
        Window::Latest(limit) => (threads - limit).max(0),
        Window::Page { offset, .. } => offset,
    };
    let waiting = if moderator {
        queries::count_waiting(conn, page.id).await?
    } else {
        0
    };
    Ok(Loaded {
        page_name: page.name.clone(),
        items,
        threads,
        first,
        count,
        may_comment: access.may_comment(page),
        signed_in: access.viewer.is_signed_in(),
        field_notes: kind == Some("sheet"),
        waiting,
    })
}

/// The page's kind name, from its latest text.
async fn kind_of(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    page: &Page,
) -> Result<Option<&'static str>, AppError> {
    let body = crate::pages::queries::latest_body(conn, page).await?;
    Ok(ctx.state.kinds.of(&page.name, &body).map(|k| k.name()))
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
    /// Set after a comment was posted that waits for a moderator.
    waiting: Option<u8>,
}

/// `GET /{name}/discussion`: the whole thread, a hundred top-level comments a page.
async fn show(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, &name, &req, &ctx.access()).await?;
    let number = query.page.unwrap_or(1);
    if !(1..=i64::MAX / PER_PAGE).contains(&number) {
        return Err(AppError::BadRequest("error-bad-query"));
    }
    let notice = query
        .waiting
        .is_some()
        .then_some("discussion-waiting-notice");
    render_discussion(&ctx, &mut conn, &page, number, None, notice, StatusCode::OK).await
}

async fn render_discussion(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    page: &Page,
    number: i64,
    draft: Option<&views::Draft<'_>>,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let kind = kind_of(ctx, conn, page).await?;
    let window = Window::Page {
        limit: PER_PAGE,
        offset: (number - 1) * PER_PAGE,
    };
    let loaded = load(conn, &ctx.access(), page, kind, window).await?;
    let title = ctx.lang.t_with("discussion-title", &[("page", &page.name)]);
    ctx.render(
        conn,
        status,
        &title,
        views::discussion(ctx, &loaded, number, draft, notice),
    )
    .await
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    /// The comment answered, when this is a reply.
    #[serde(default)]
    reply_to: String,
    /// The honeypot: hidden from people, filled in by robots that fill in every field.
    #[serde(default)]
    website: String,
    /// A field note ("I used this method"), with its figures.
    #[serde(default)]
    field_note: Option<String>,
    #[serde(default)]
    group_size: String,
    #[serde(default)]
    duration: String,
}

/// A number typed in a field note: absent, or within the bounds the table checks.
fn figure(text: &str) -> Result<Option<i32>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i32>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(Some(n)),
        _ => Err("discussion-error-figure"),
    }
}

/// Why a comment's text cannot be taken, as a message id.
fn check_body(body: &str) -> Result<(), &'static str> {
    if body.trim().is_empty() {
        return Err("discussion-error-empty");
    }
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err("discussion-error-too-long");
    }
    Ok(())
}

/// What a checked comment form asks to write.
struct Checked {
    reply_to: Option<i64>,
    field_note: bool,
    group_size: Option<i32>,
    duration: Option<i32>,
}

async fn check_form(
    conn: &mut AsyncPgConnection,
    page: &Page,
    is_sheet: bool,
    form: &CommentForm,
) -> Result<Checked, &'static str> {
    if !form.website.is_empty() {
        return Err("discussion-error-honeypot");
    }
    check_body(&form.body)?;
    let reply_to = match form.reply_to.trim() {
        "" => None,
        id => {
            let id: i64 = id.parse().map_err(|_| "discussion-error-reply")?;
            let answered = queries::find(conn, page.id, id)
                .await
                .map_err(|_| "discussion-error-reply")?
                .filter(|c| !c.pending)
                .ok_or("discussion-error-reply")?;
            // One level: a reply to a reply answers the same comment.
            Some(answered.reply_to.unwrap_or(answered.id))
        }
    };
    let field_note = is_sheet && reply_to.is_none() && form.field_note.is_some();
    let (group_size, duration) = if field_note {
        (figure(&form.group_size)?, figure(&form.duration)?)
    } else {
        (None, None)
    };
    Ok(Checked {
        reply_to,
        field_note,
        group_size,
        duration,
    })
}

/// Whether a comment by this visitor waits for a moderator.
fn must_wait(ctx: &Ctx, page: &Page) -> bool {
    let access = ctx.access();
    match ctx.state.settings.comment_moderation {
        Moderation::Nobody => false,
        Moderation::Guests => !access.viewer.is_signed_in(),
        Moderation::Everyone => !access.may_moderate(page),
    }
}

/// Where a comment is seen: below its page when its thread is among the latest, otherwise on
/// the discussion page that holds it.
async fn location(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: &Page,
    comment: &Comment,
) -> Result<String, AppError> {
    let top = comment.reply_to.unwrap_or(comment.id);
    let threads = queries::threads(conn, page.id, seeing(access, page)).await?;
    let before = queries::threads_before(conn, page.id, seeing(access, page), top).await?;
    let path = page_path(&page.name);
    if before >= threads - SHOWN_BELOW {
        Ok(format!("{path}#comment-{}", comment.id))
    } else {
        Ok(format!(
            "{path}/discussion?page={}#comment-{}",
            before / PER_PAGE + 1,
            comment.id
        ))
    }
}

/// `POST /{name}/discussion`: a comment, a reply or a field note.
async fn post(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<CommentForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let page = live_page_at(&mut conn, &name, &req, &access)
        .await
        .map_err(AppError::posted)?;
    access.check_comment(&page)?;
    let is_sheet = kind_of(&ctx, &mut conn, &page).await? == Some("sheet");
    let refused = |error: &'static str| views::Draft {
        body: &form.body,
        reply_to: &form.reply_to,
        field_note: form.field_note.is_some(),
        group_size: &form.group_size,
        duration: &form.duration,
        error,
    };
    let checked = match check_form(&mut conn, &page, is_sheet, &form).await {
        Ok(checked) => checked,
        Err(error) => {
            let draft = refused(error);
            return render_discussion(
                &ctx,
                &mut conn,
                &page,
                1,
                Some(&draft),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let author = accounts::author(&ctx, &mut conn).await?;
    let account_key = ctx
        .viewer
        .user
        .as_ref()
        .map_or(author.name.clone(), |u| u.name_key.clone());
    if let Err(AppError::TooManyAttempts) = throttle::check(
        &mut conn,
        &ctx.state.settings,
        throttle::Kind::Comment,
        &account_key,
        &ctx.address,
    )
    .await
    {
        let draft = refused("discussion-error-too-many");
        return render_discussion(
            &ctx,
            &mut conn,
            &page,
            1,
            Some(&draft),
            None,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let pending = must_wait(&ctx, &page);
    let new = NewComment {
        page_id: page.id,
        reply_to: checked.reply_to,
        author_id: author.id,
        author_name: &author.name,
        body: form.body.trim_end(),
        is_field_note: checked.field_note,
        group_size: checked.group_size,
        duration_minutes: checked.duration,
        pending,
    };
    let address = ctx.address.clone();
    let id = conn
        .transaction::<_, AppError, _>(async |conn| {
            let id = queries::insert(conn, &new).await?;
            throttle::record(conn, throttle::Kind::Comment, &account_key, &address).await?;
            Ok(id)
        })
        .await?;
    if pending {
        return Ok(see_other(&format!(
            "{}/discussion?waiting=1#discussion",
            page_path(&page.name)
        )));
    }
    let comment = queries::find(&mut conn, page.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(see_other(
        &location(&mut conn, &access, &page, &comment).await?,
    ))
}

/// The comment `id` of the page at `name`, as this visitor may see it.
async fn comment_at(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    req: &HttpRequest,
    name: &str,
    id: &str,
) -> Result<(Page, Comment), AppError> {
    let access = ctx.access();
    let page = live_page_at(conn, name, req, &access).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let comment = queries::find(conn, page.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let seeing = seeing(&access, &page);
    let visible = !comment.pending
        || seeing.moderator
        || (seeing.viewer.is_some() && seeing.viewer == comment.author_id);
    if !visible {
        return Err(AppError::NotFound);
    }
    Ok((page, comment))
}

/// `GET /{name}/discussion/{id}`: a comment's lasting address, wherever its thread is shown.
async fn permalink(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (name, id) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let (page, comment) = comment_at(&ctx, &mut conn, &req, &name, &id).await?;
    Ok(see_other(
        &location(&mut conn, &ctx.access(), &page, &comment).await?,
    ))
}

/// `GET /{name}/discussion/{id}/edit`: its author changes a comment.
async fn edit_form(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (name, id) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let (page, comment) = comment_at(&ctx, &mut conn, &req, &name, &id).await?;
    if !may_edit(&ctx.access(), &comment) {
        return Err(ctx.access().refusal("error-forbidden-comment-edit"));
    }
    let title = ctx.lang.t("discussion-edit-title");
    let content = views::edit_form(&ctx, &page.name, &comment, &comment.body, None);
    ctx.render(&mut conn, StatusCode::OK, &title, content).await
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
}

/// `POST /{name}/discussion/{id}/edit`.
async fn edit(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    form: CsrfForm<EditForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let (name, id) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let (page, comment) = comment_at(&ctx, &mut conn, &req, &name, &id)
        .await
        .map_err(AppError::posted)?;
    if !may_edit(&ctx.access(), &comment) {
        return Err(ctx.access().refusal("error-forbidden-comment-edit"));
    }
    if let Err(error) = check_body(&form.body) {
        let title = ctx.lang.t("discussion-edit-title");
        let content = views::edit_form(&ctx, &page.name, &comment, &form.body, Some(error));
        return ctx
            .render(&mut conn, StatusCode::UNPROCESSABLE_ENTITY, &title, content)
            .await;
    }
    queries::edit(&mut conn, comment.id, form.body.trim_end()).await?;
    Ok(see_other(
        &location(&mut conn, &ctx.access(), &page, &comment).await?,
    ))
}

/// `GET /{name}/discussion/{id}/history`: the texts an edited comment had.
async fn history(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (name, id) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let (page, comment) = comment_at(&ctx, &mut conn, &req, &name, &id).await?;
    if comment.is_removed() && !access.may_moderate(&page) {
        return Err(AppError::NotFound);
    }
    let edits = queries::edits(&mut conn, comment.id).await?;
    let mut texts: Vec<Comment> = edits
        .iter()
        .map(|(body, _)| Comment {
            body: body.clone(),
            ..comment.clone()
        })
        .collect();
    texts.push(comment.clone());
    let refs: Vec<&Comment> = texts.iter().collect();
    let html = render(&mut conn, &access, &page.name, &refs).await?;
    let times: Vec<_> = edits.iter().map(|(_, at)| *at).collect();
    let title = ctx.lang.t("discussion-history-title");
    let content = views::history(ctx.lang, &page.name, &comment, &html, &times);
    ctx.render(&mut conn, StatusCode::OK, &title, content).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    /// Where to go back to (the moderation queue sends its own address).
    #[serde(default)]
    back: Option<String>,
}

/// After an action on a comment: back where the form says (the moderation queue), else to
/// the comment.
async fn go_back(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: &Page,
    comment: &Comment,
    back: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let back = match back {
        Some(back) => local_path(Some(back)).to_owned(),
        None => location(conn, access, page, comment).await?,
    };
    Ok(see_other(&back))
}

/// `POST /{name}/discussion/{id}/remove`: by its author, the page's owner or an admin; the
/// thread keeps "removed by …" in its place.
async fn remove(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let (name, id) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let (page, comment) = comment_at(&ctx, &mut conn, &req, &name, &id)
        .await
        .map_err(AppError::posted)?;
    if !may_remove(&access, &page, &comment) {
        return Err(access.refusal("error-forbidden-comment-remove"));
    }
    let by = ctx
        .viewer
        .user
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    queries::remove(&mut conn, comment.id, &by).await?;
    go_back(&mut conn, &access, &page, &comment, form.back.as_deref()).await
}

/// `POST /{name}/discussion/{id}/approve`: a moderator publishes a waiting comment.
async fn approve(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let (name, id) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let (page, comment) = comment_at(&ctx, &mut conn, &req, &name, &id)
        .await
        .map_err(AppError::posted)?;
    if !access.may_moderate(&page) {
        return Err(access.refusal("error-forbidden-moderation"));
    }
    queries::approve(&mut conn, comment.id).await?;
    go_back(&mut conn, &access, &page, &comment, form.back.as_deref()).await
}

/// Comments listed on one screen of the moderation queue and of a person's comments.
const LISTED: i64 = 100;

/// `GET /-/moderation`: the comments waiting on the pages this visitor moderates.
async fn moderation(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let access = ctx.access();
    if !access.viewer.is_signed_in() {
        return Err(access.refusal("error-forbidden-moderation"));
    }
    let mut conn = ctx.state.pool.get().await?;
    let waiting = queries::waiting(&mut conn, &access.read_filter(), LISTED).await?;
    let mut html = Vec::with_capacity(waiting.len());
    for on_page in &waiting {
        let rendered = render(&mut conn, &access, &on_page.page_name, &[&on_page.comment]).await?;
        html.extend(rendered);
    }
    let title = ctx.lang.t("moderation-title");
    let content = views::moderation(&ctx, &waiting, &html);
    ctx.render(&mut conn, StatusCode::OK, &title, content).await
}

/// `GET /-/users/{name}/comments`: a person's comments on pages the visitor may read.
async fn by_user(ctx: Ctx, name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let (user_id, user_name) = accounts::queries::user_by_key(&mut conn, &name.to_lowercase())
        .await?
        .ok_or(AppError::NotFound)?;
    let comments = queries::recent(
        &mut conn,
        &ctx.access().read_filter(),
        Some(user_id),
        None,
        LISTED,
    )
    .await?;
    let title = ctx
        .lang
        .t_with("comments-by-title", &[("user", &user_name)]);
    let content = views::by_user(ctx.lang, &user_name, &comments);
    ctx.render(&mut conn, StatusCode::OK, &title, content).await
}
