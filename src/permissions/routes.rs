//! `GET` and `POST /{name}/permissions`: a page's permission lists, changed only by its owner or
//! an admin, every change recorded and shown.

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::accounts;
use crate::acl::{Acl, AclError};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::model::Page;
use crate::names::page_path;
use crate::pages::render::chrome;
use crate::pages::resolve::{page_at, see_other};
use crate::permissions::queries::{self, Lists};
use crate::permissions::views;
use crate::security::CsrfForm;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{name}/permissions", web::get().to(show))
        .route("/{name}/permissions", web::post().to(change));
}

/// The page, if the visitor may manage its permissions (a page they cannot read is missing).
async fn managed_page(
    ctx: &Ctx,
    conn: &mut diesel_async::AsyncPgConnection,
    raw: &str,
    req: &HttpRequest,
) -> Result<Page, AppError> {
    let page = page_at(conn, raw, req, &ctx.access()).await?;
    ctx.access().check_manage(&page)?;
    Ok(page)
}

async fn render(
    ctx: &Ctx,
    conn: &mut diesel_async::AsyncPgConnection,
    page: &Page,
    status: StatusCode,
    form: views::Form<'_>,
) -> Result<HttpResponse, AppError> {
    let owner = queries::owner_name(conn, page.owner_id).await?;
    let history = queries::history(conn, page.id).await?;
    let chrome = chrome(conn, &ctx.access()).await?;
    let title = ctx
        .lang
        .t_with("permissions-title", &[("page", &page.name)]);
    let view = views::Permissions {
        name: &page.name,
        owner: owner.as_deref(),
        form,
        history: &history,
    };
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(
            ctx.page(&chrome, &title, views::permissions(ctx, &view))
                .into_string(),
        ))
}

fn text_of(list: Option<&Vec<String>>) -> String {
    list.map(|entries| Acl::from_stored(entries).to_text())
        .unwrap_or_default()
}

/// `GET /{name}/permissions`.
async fn show(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = managed_page(&ctx, &mut conn, &name, &req).await?;
    let (read, write, comment) = (
        text_of(page.read_acl.as_ref()),
        text_of(page.write_acl.as_ref()),
        text_of(page.comment_acl.as_ref()),
    );
    let form = views::Form {
        read: &read,
        write: &write,
        comment: &comment,
        error: None,
        unknown: &[],
    };
    render(&ctx, &mut conn, &page, StatusCode::OK, form).await
}

#[derive(Deserialize)]
pub struct PermissionsForm {
    #[serde(default)]
    read: String,
    #[serde(default)]
    write: String,
    #[serde(default)]
    comment: String,
    /// The unknown names the visitor confirmed, as the form listed them.
    #[serde(default)]
    confirm_unknown: String,
}

/// An empty field means the site default; otherwise the list, normalised.
fn parse_field(text: &str) -> Result<Option<Vec<String>>, AclError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Acl::parse(text).map(|acl| Some(acl.entries()))
}

/// `POST /{name}/permissions`.
async fn change(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<PermissionsForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(fields) = form;
    let mut conn = ctx.state.pool.get().await?;
    let page = managed_page(&ctx, &mut conn, &name, &req)
        .await
        .map_err(AppError::posted)?;
    let parsed = parse_field(&fields.read).and_then(|read| {
        Ok(Lists {
            read,
            write: parse_field(&fields.write)?,
            comment: parse_field(&fields.comment)?,
        })
    });
    let lists = match parsed {
        Ok(lists) => lists,
        Err(error) => {
            let form = views::Form {
                read: &fields.read,
                write: &fields.write,
                comment: &fields.comment,
                error: Some(&error),
                unknown: &[],
            };
            return render(
                &ctx,
                &mut conn,
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
            )
            .await;
        }
    };
    let unknown = queries::unknown_names(&mut conn, &lists).await?;
    if !unknown.is_empty() && fields.confirm_unknown != unknown.join(" ") {
        let form = views::Form {
            read: &fields.read,
            write: &fields.write,
            comment: &fields.comment,
            error: None,
            unknown: &unknown,
        };
        return render(
            &ctx,
            &mut conn,
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
            form,
        )
        .await;
    }
    let author = accounts::author(&ctx, &mut conn).await?;
    queries::set_lists(&mut conn, page.id, &author, &lists).await?;
    Ok(see_other(&format!("{}/permissions", page_path(&page.name))))
}
