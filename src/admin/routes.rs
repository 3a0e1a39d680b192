//! Handlers under `/-/admin/`, for admins only (others: the login form, or 403), and the
//! stylesheet of the colours they chose, `/-/site.css`, for everyone.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::acl::is_name_char;
use crate::admin::queries::{self, Membership, RoleChange};
use crate::admin::settings::{self, Form, LogoReference, Problem};
use crate::admin::views;
use crate::attachments::inspect::Kind;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::identity::Role;
use crate::pages::queries::Found;
use crate::pages::render::chrome;
use crate::security::CsrfForm;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/admin", web::get().to(to_overview))
        .route("/-/admin/", web::get().to(overview))
        .route("/-/admin/settings", web::get().to(settings_page))
        .route("/-/admin/settings", web::post().to(save_settings))
        .route("/-/site.css", web::get().to(site_css))
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

#[derive(Deserialize)]
pub struct SettingsQuery {
    saved: Option<String>,
}

/// `GET /-/admin/settings`: the site's settings, as stored (empty fields: the defaults).
async fn settings_page(
    ctx: Ctx,
    query: web::Query<SettingsQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.access().check_admin()?;
    let form = Form::of(&ctx.site);
    render_settings(&ctx, StatusCode::OK, &form, &[], query.saved.is_some()).await
}

async fn render_settings(
    ctx: &Ctx,
    status: StatusCode,
    form: &Form,
    problems: &[Problem],
    saved: bool,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let content = views::settings(ctx, form, problems, saved);
    ctx.render(&mut conn, status, &ctx.lang.t("settings-title"), content)
        .await
}

/// `POST /-/admin/settings`: every field checked (the colours' contrast included) before
/// anything is written; a refused form comes back with its problems (422) and saves nothing,
/// an accepted one is saved in one statement, whose notification tells every instance.
async fn save_settings(ctx: Ctx, form: CsrfForm<Form>) -> Result<HttpResponse, AppError> {
    ctx.access().check_admin()?;
    let form = form.0;
    let mut conn = ctx.state.pool.get().await?;
    let (checked, mut problems) = match settings::check(&form, ctx.lang) {
        Ok(checked) => (Some(checked), Vec::new()),
        Err(problems) => (None, problems),
    };
    let logo = match checked.as_ref().and_then(|checked| checked.logo.as_ref()) {
        Some(reference) => {
            let found = image_attachment(&mut conn, reference).await?;
            if found.is_none() {
                problems.push(Problem {
                    field: "logo",
                    message: ctx.lang.t("settings-error-logo"),
                });
            }
            found
        }
        None => None,
    };
    let Some(checked) = checked.filter(|_| problems.is_empty()) else {
        drop(conn);
        return render_settings(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            &form,
            &problems,
            false,
        )
        .await;
    };
    let colour = |colour: Option<crate::site::Colour>| colour.map(|colour| colour.hex());
    let row = queries::SiteSettings {
        name: checked.name,
        tagline: checked.tagline,
        logo,
        text_colour: colour(checked.palette.text),
        background_colour: colour(checked.palette.background),
        accent_colour: colour(checked.palette.accent),
        home_page: checked.home_page.map(|name| name.as_str().to_owned()),
        language: checked.language.map(|lang| lang.code().to_owned()),
        licence: checked.licence,
        updated_by: ctx.user_id(),
    };
    queries::save_site_settings(&mut conn, &row).await?;
    ctx.state.caches.views_changed_here();
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/-/admin/settings?saved=1"))
        .finish())
}

/// The attachment a logo reference names, if it is an image (one a page can show) that is not
/// deleted.
async fn image_attachment(
    conn: &mut diesel_async::AsyncPgConnection,
    reference: &LogoReference,
) -> Result<Option<uuid::Uuid>, AppError> {
    let page = match crate::pages::queries::find(conn, &reference.page).await? {
        Some(Found::Current(page) | Found::FormerName(page)) => page,
        None => return Ok(None),
    };
    let Some(attachment) =
        crate::attachments::queries::find(conn, page.id, reference.file.key()).await?
    else {
        return Ok(None);
    };
    if attachment.deleted_at.is_some() {
        return Ok(None);
    }
    let version =
        crate::attachments::queries::version(conn, attachment.id, attachment.latest_version)
            .await?;
    let image = version
        .and_then(|version| Kind::from_code(&version.kind))
        .is_some_and(Kind::is_inline_image);
    Ok(image.then_some(attachment.id))
}

#[derive(Deserialize)]
pub struct CssQuery {
    v: Option<String>,
}

/// `GET /-/site.css?v=…`: the colours the administrators chose, as a stylesheet (the
/// Content-Security-Policy allows no inline style). Its address changes with its text, so the
/// current version is cached for good; an old address gets the current text, revalidated.
async fn site_css(
    state: web::Data<AppState>,
    query: web::Query<CssQuery>,
) -> Result<HttpResponse, AppError> {
    let site = crate::ctx::site(&state).await;
    let Some(style) = &site.stylesheet else {
        return Err(AppError::NotFound);
    };
    let current = query
        .v
        .as_deref()
        .is_some_and(|v| style.href.ends_with(&format!("?v={v}")));
    Ok(HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((
            header::CACHE_CONTROL,
            if current {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            },
        ))
        .body(style.css.clone()))
}
