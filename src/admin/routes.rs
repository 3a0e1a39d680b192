//! Handlers under `/-/admin/`, for admins only (others: the login form, or 403).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::acl::is_name_char;
use crate::admin::queries::{self, Membership, RoleChange};
use crate::admin::views;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::identity::Role;
use crate::pages::render::chrome;
use crate::security::CsrfForm;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/admin", web::get().to(to_overview))
        .route("/-/admin/", web::get().to(overview))
        .route("/-/admin/users/{name}/role", web::post().to(set_role))
        .route("/-/admin/groups", web::post().to(create_group))
        .route(
            "/-/admin/groups/{group}/delete",
            web::post().to(delete_group),
        )
        .route(
            "/-/admin/groups/{group}/members",
            web::post().to(add_member),
        )
        .route(
            "/-/admin/groups/{group}/members/remove",
            web::post().to(remove_member),
        );
}

fn back() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/-/admin/"))
        .finish()
}

async fn to_overview() -> HttpResponse {
    back()
}

/// `GET /-/admin/`: users with their roles, groups with their members, and the pages search
/// could only index by their title.
async fn overview(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.access().check_admin()?;
    render_overview(&ctx, StatusCode::OK, None).await
}

/// The overview, with a refused addition to a group shown at its form (in the site's frame,
/// what was typed kept).
async fn render_overview(
    ctx: &Ctx,
    status: StatusCode,
    refused: Option<&views::RefusedMember<'_>>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let users = queries::users(&mut conn).await?;
    let groups = queries::groups(&mut conn).await?;
    let set_aside = crate::search::queries::set_aside(&mut conn).await?;
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    let title = ctx.lang.t("admin-title");
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(
            ctx.page(
                &chrome,
                &title,
                views::overview(ctx, &users, &groups, &set_aside, refused),
            )
            .into_string(),
        ))
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

/// `POST /-/admin/users/{name}/role`.
async fn set_role(
    ctx: Ctx,
    name: web::Path<String>,
    form: CsrfForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    ctx.access().check_admin()?;
    let role = Role::parse(&form.0.role).ok_or(AppError::BadRequest("admin-error-role"))?;
    let mut conn = ctx.state.pool.get().await?;
    match queries::set_role(&mut conn, &name.to_lowercase(), role).await? {
        RoleChange::Changed => {
            ctx.state.caches.accounts_changed_here();
            Ok(back())
        }
        RoleChange::NoSuchUser => Err(AppError::NotFound),
        RoleChange::LastAdmin => Err(AppError::Unprocessable("admin-error-last-admin")),
    }
}

/// A group name as written after `@`: the characters of user names, lower-cased.
fn group_name(raw: &str) -> Result<String, AppError> {
    let name = raw.trim().to_lowercase();
    let count = name.chars().count();
    if (1..=40).contains(&count) && name.chars().all(is_name_char) {
        Ok(name)
    } else {
        Err(AppError::BadRequest("admin-error-group-name"))
    }
}

#[derive(Deserialize)]
pub struct GroupForm {
    name: String,
}

/// `POST /-/admin/groups`.
async fn create_group(ctx: Ctx, form: CsrfForm<GroupForm>) -> Result<HttpResponse, AppError> {
    ctx.access().check_admin()?;
    let name = group_name(&form.0.name)?;
    let mut conn = ctx.state.pool.get().await?;
    if queries::create_group(&mut conn, &name).await? {
        Ok(back())
    } else {
        Err(AppError::Unprocessable("admin-error-group-exists"))
    }
}

#[derive(Deserialize)]
pub struct Empty {}

/// `POST /-/admin/groups/{group}/delete`.
async fn delete_group(
    ctx: Ctx,
    group: web::Path<String>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    ctx.access().check_admin()?;
    let mut conn = ctx.state.pool.get().await?;
    if queries::delete_group(&mut conn, &group_name(&group)?).await? {
        ctx.state.caches.accounts_changed_here();
        Ok(back())
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(Deserialize)]
pub struct MemberForm {
    user: String,
}

async fn set_member(
    ctx: Ctx,
    group: &str,
    user: &str,
    member: bool,
) -> Result<HttpResponse, AppError> {
    ctx.access().check_admin()?;
    let mut conn = ctx.state.pool.get().await?;
    let group = group_name(group)?;
    match queries::set_member(&mut conn, &group, &user.trim().to_lowercase(), member).await? {
        Membership::Done => {
            ctx.state.caches.accounts_changed_here();
            Ok(back())
        }
        Membership::NoSuchGroup => Err(AppError::NotFound),
        Membership::NoSuchUser => {
            let refused = views::RefusedMember {
                group: &group,
                user: user.trim(),
                message: ctx
                    .lang
                    .t_with("admin-error-no-such-user", &[("user", user.trim())]),
            };
            render_overview(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(&refused)).await
        }
    }
}

/// `POST /-/admin/groups/{group}/members`.
async fn add_member(
    ctx: Ctx,
    group: web::Path<String>,
    form: CsrfForm<MemberForm>,
) -> Result<HttpResponse, AppError> {
    set_member(ctx, &group, &form.0.user, true).await
}

/// `POST /-/admin/groups/{group}/members/remove`.
async fn remove_member(
    ctx: Ctx,
    group: web::Path<String>,
    form: CsrfForm<MemberForm>,
) -> Result<HttpResponse, AppError> {
    set_member(ctx, &group, &form.0.user, false).await
}
