//! Handlers for `/{name}/attachments` and the files under it. Thin: resolve the page (read
//! permission first), check write permission for changes, call queries and storage, pick a
//! view or serve bytes.

use actix_web::http::StatusCode;
use actix_web::http::header::{self};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::inspect::{Kind, THUMB_WIDTHS};
use super::names::FileName;
use super::queries::{self, Appended, Attachment, NewContent, Origin, Version};
use super::store::{self, Incoming};
use super::{ATTACHMENT_CSP, AttachmentError, upload, views};
use crate::accounts;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::model::Page;
use crate::names::page_path;
use crate::pages::resolve::{live_page_at, see_other};
use crate::security::CsrfForm;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{name}/attachments", web::get().to(list))
        .route("/{name}/attachments", web::post().to(upload))
        .route("/{name}/attachments/{file}", web::get().to(download))
        .route(
            "/{name}/attachments/{file}/thumb/{width}",
            web::get().to(thumbnail),
        )
        .route("/{name}/attachments/{file}/history", web::get().to(history))
        .route(
            "/{name}/attachments/{file}/restore",
            web::post().to(restore),
        )
        .route("/{name}/attachments/{file}/delete", web::post().to(delete))
        .route(
            "/{name}/attachments/{file}/undelete",
            web::post().to(undelete),
        );
}

/// The page's attachment named `file` (any spelling of its name).
async fn attachment(
    conn: &mut diesel_async::AsyncPgConnection,
    page: &Page,
    file: &str,
) -> Result<Attachment, AppError> {
    let name = FileName::parse(file).map_err(|_| AppError::NotFound)?;
    queries::find(conn, page.id, name.key())
        .await?
        .ok_or(AppError::NotFound)
}

fn attachments_path(page: &str) -> String {
    format!("{}/attachments", page_path(page))
}

/// `GET /{name}/attachments`: the files, and the upload form for those who may write.
async fn list(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, &name, &req, &ctx.access()).await?;
    let rows = queries::list(&mut conn, page.id).await?;
    let view = views::List {
        page: &page.name,
        rows: &rows,
        may_write: ctx.access().may_write(Some(&page)),
        max_bytes: ctx.state.settings.max_upload_bytes,
    };
    let title = ctx
        .lang
        .t_with("attachments-title", &[("page", &page.name)]);
    ctx.render(&mut conn, StatusCode::OK, &title, views::list(&ctx, &view))
        .await
}

/// `POST /{name}/attachments`: a multipart form with the token and one file.
async fn upload(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, &name, &req, &ctx.access())
        .await
        .map_err(AppError::posted)?;
    ctx.access().check_write(Some(&page))?;
    let limit = ctx.state.settings.max_upload_bytes;
    let uploaded = upload::read(&req, payload, limit).await?;
    let file_name = FileName::parse(&uploaded.file_name).map_err(AttachmentError::from)?;
    let author = accounts::author(&ctx, &mut conn).await?;
    let file = store::check(uploaded.bytes).await?;
    let image = file.is_inline_image();
    let appended = store::keep(
        &mut conn,
        &ctx.state.settings.storage,
        Incoming {
            page_id: page.id,
            name: &file_name,
            file,
            author: &author,
            at: None,
        },
    )
    .await?;
    tracing::info!(page = %page.name, file = %file_name.as_str(), ?appended, "attachment uploaded");
    if crate::error::accepts_json(req.headers()) {
        return Ok(HttpResponse::Created().json(Uploaded::new(&page.name, &file_name, image)));
    }
    Ok(see_other(&attachments_path(&page.name)))
}

/// The answer to an upload from the editor's toolbar (`Accept: application/json`): the name
/// the file was kept under and the Markdown that shows it, ready to insert.
#[derive(serde::Serialize)]
struct Uploaded {
    name: String,
    url: String,
    markdown: String,
    image: bool,
}

impl Uploaded {
    fn new(page: &str, file: &FileName, image: bool) -> Uploaded {
        let name = file.as_str();
        // The name as one URL token: spaces and brackets would end the Markdown link.
        let target = percent_encoding::utf8_percent_encode(name, views::SEGMENT);
        let label = name.replace(['[', ']', '\\'], "");
        let markdown = if image {
            format!("![{label}](attachment:{target})")
        } else {
            format!("[{label}](attachment:{target})")
        };
        Uploaded {
            name: name.to_owned(),
            url: format!("{}/{target}", attachments_path(page)),
            markdown,
            image,
        }
    }
}

#[derive(Deserialize)]
pub struct VersionQuery {
    v: Option<i32>,
}

/// The version asked for (`?v=n`), or the current one; a deleted attachment is missing.
async fn chosen_version(
    conn: &mut diesel_async::AsyncPgConnection,
    attachment: &Attachment,
    number: Option<i32>,
) -> Result<Version, AppError> {
    if attachment.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    queries::version(
        conn,
        attachment.id,
        number.unwrap_or(attachment.latest_version),
    )
    .await?
    .ok_or(AppError::NotFound)
}

/// RFC 6266 `filename*`: the name percent-encoded as UTF-8, so no character of it can end
/// the header or add a parameter.
fn disposition(kind: Kind, name: &str) -> String {
    let how = if kind.is_inline_image() {
        "inline"
    } else {
        "attachment"
    };
    let encoded = percent_encoding::utf8_percent_encode(name, views::SEGMENT);
    format!("{how}; filename*=UTF-8''{encoded}")
}

/// Whether the browser already has these bytes (its `If-None-Match` names our ETag).
fn unchanged(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag))
}

/// The headers that keep an attachment inert, on a full answer or a 304.
fn inert(kind: Kind, name: &str, etag: &str, status: StatusCode) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::build(status);
    response
        .insert_header((header::CONTENT_TYPE, kind.content_type()))
        .insert_header((header::CONTENT_DISPOSITION, disposition(kind, name)))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, ATTACHMENT_CSP))
        .insert_header(("Cross-Origin-Resource-Policy", "same-origin"))
        // Permissions can change: browsers revalidate, shared caches keep nothing.
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header((header::ETAG, etag.to_owned()));
    response
}

/// 304 when the browser's copy is current, checked before the blob is read. Blobs never
/// change under a hash, so the hash names the bytes; the permission check has already run.
fn not_modified(req: &HttpRequest, kind: Kind, name: &str, etag: &str) -> Option<HttpResponse> {
    unchanged(req, etag).then(|| inert(kind, name, etag, StatusCode::NOT_MODIFIED).finish())
}

fn stored_kind(version: &Version) -> Result<Kind, AppError> {
    Kind::from_code(&version.kind)
        .ok_or_else(|| AppError::Internal(format!("unknown attachment kind {}", version.kind)))
}

/// `GET /{name}/attachments/{file}` (`?v=n` for a version).
async fn download(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<VersionQuery>,
) -> Result<HttpResponse, AppError> {
    let (name, file) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, &name, &req, &ctx.access()).await?;
    let attachment = attachment(&mut conn, &page, &file).await?;
    let version = chosen_version(&mut conn, &attachment, query.v).await?;
    drop(conn);
    let kind = stored_kind(&version)?;
    let etag = format!("\"{}\"", version.sha256);
    if let Some(response) = not_modified(&req, kind, &attachment.name, &etag) {
        return Ok(response);
    }
    let bytes = ctx
        .state
        .settings
        .storage
        .blob(&version.sha256)
        .await
        .map_err(AttachmentError::from)?;
    Ok(inert(kind, &attachment.name, &etag, StatusCode::OK).body(bytes))
}

/// `GET /{name}/attachments/{file}/thumb/{width}` (`?v=n`): an image at one of the
/// [`THUMB_WIDTHS`]; an image no wider than that is served as it is.
async fn thumbnail(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String, u32)>,
    query: web::Query<VersionQuery>,
) -> Result<HttpResponse, AppError> {
    let (name, file, width) = path.into_inner();
    if !THUMB_WIDTHS.contains(&width) {
        return Err(AppError::NotFound);
    }
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, &name, &req, &ctx.access()).await?;
    let attachment = attachment(&mut conn, &page, &file).await?;
    let version = chosen_version(&mut conn, &attachment, query.v).await?;
    drop(conn);
    let kind = stored_kind(&version)?;
    if !kind.is_inline_image() {
        return Err(AppError::NotFound);
    }
    let storage = &ctx.state.settings.storage;
    let reduced = version.width.is_some_and(|w| w as u32 > width);
    let shown = if reduced { kind.thumb_kind() } else { kind };
    let etag = format!("\"{}-{width}\"", version.sha256);
    if let Some(response) = not_modified(&req, shown, &attachment.name, &etag) {
        return Ok(response);
    }
    let bytes = if reduced {
        storage.thumb(&version.sha256, width).await
    } else {
        storage.blob(&version.sha256).await
    };
    let bytes = bytes.map_err(AttachmentError::from)?;
    Ok(inert(shown, &attachment.name, &etag, StatusCode::OK).body(bytes))
}

/// `GET /{name}/attachments/{file}/history`: every version, newest first; shown for deleted
/// attachments too, which is where they are brought back.
async fn history(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (name, file) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let page = live_page_at(&mut conn, &name, &req, &ctx.access()).await?;
    let attachment = attachment(&mut conn, &page, &file).await?;
    let versions = queries::versions(&mut conn, attachment.id).await?;
    let view = views::History {
        page: &page.name,
        attachment: &attachment,
        versions: &versions,
        may_write: ctx.access().may_write(Some(&page)),
    };
    let title = ctx
        .lang
        .t_with("attachment-history-title", &[("file", &attachment.name)]);
    ctx.render(
        &mut conn,
        StatusCode::OK,
        &title,
        views::history(&ctx, &view),
    )
    .await
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// The page and attachment a change is about, once the visitor may write the page.
async fn writable(
    ctx: &Ctx,
    conn: &mut diesel_async::AsyncPgConnection,
    req: &HttpRequest,
    name: &str,
    file: &str,
) -> Result<(Page, Attachment), AppError> {
    let page = live_page_at(conn, name, req, &ctx.access())
        .await
        .map_err(AppError::posted)?;
    ctx.access().check_write(Some(&page))?;
    let attachment = attachment(conn, &page, file).await?;
    Ok((page, attachment))
}

#[derive(Deserialize)]
pub struct RestoreQuery {
    v: i32,
}

/// `POST /{name}/attachments/{file}/restore?v=n`: version n becomes current, as a new version.
async fn restore(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<RestoreQuery>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (name, file) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let (page, attachment) = writable(&ctx, &mut conn, &req, &name, &file).await?;
    let old = queries::version(&mut conn, attachment.id, query.v)
        .await?
        .ok_or(AppError::NotFound)?;
    let author = accounts::author(&ctx, &mut conn).await?;
    let appended: Appended = queries::append(
        &mut conn,
        page.id,
        &attachment.name,
        &attachment.name_key,
        &NewContent::from(&old),
        &author,
        Origin {
            restored_from: Some(old.number),
            at: None,
        },
    )
    .await?;
    tracing::info!(page = %page.name, file = %attachment.name, ?appended, "attachment restored");
    Ok(see_other(&views::history_path(
        &page.name,
        &attachment.name,
    )))
}

async fn change_deletion(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    deleted: bool,
) -> Result<HttpResponse, AppError> {
    let (name, file) = path.into_inner();
    let mut conn = ctx.state.pool.get().await?;
    let (page, attachment) = writable(&ctx, &mut conn, &req, &name, &file).await?;
    queries::set_deleted(&mut conn, attachment.id, deleted).await?;
    Ok(see_other(&attachments_path(&page.name)))
}

/// `POST /{name}/attachments/{file}/delete`: soft; the versions stay.
async fn delete(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    change_deletion(ctx, req, path, true).await
}

/// `POST /{name}/attachments/{file}/undelete`.
async fn undelete(
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    change_deletion(ctx, req, path, false).await
}
