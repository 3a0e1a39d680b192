//! Handlers for `/-/signup`, `/-/login`, `/-/logout`, `/-/account`, `/-/reset` and
//! `/-/users/{name}`. Thin: parse, throttle, hash off the async workers, call queries, answer.

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::http::header::{self};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel_async::AsyncPgConnection;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::accounts::held;
use crate::accounts::password::{self, Verified};
use crate::accounts::queries::{self, NewUser, Taken};
use crate::accounts::throttle::{self, Kind};
use crate::accounts::{
    check_new_password, mail, parse_email, parse_user_name, sessions, setup, views,
};
use crate::ctx::Ctx;
use crate::ctx::local_path;
use crate::error::AppError;
use crate::identity::{Role, User};
use crate::security::{CsrfForm, fresh_csrf_cookie};
use crate::tokens::{is_well_formed, new_token, token_hash};

/// A reset link works this long.
pub const RESET_VALIDITY: time::Duration = time::Duration::hours(1);
/// Contributions per page of `/-/users/{name}`.
const CONTRIBUTIONS_PAGE: i64 = 100;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/signup", web::get().to(signup_form))
        .route("/-/signup", web::post().to(signup))
        .route("/-/login", web::get().to(login_form))
        .route("/-/login", web::post().to(login))
        .route("/-/logout", web::post().to(logout))
        .route("/-/account", web::get().to(account))
        .route("/-/account/password", web::post().to(change_password))
        .route("/-/account/email", web::post().to(change_email))
        .route("/-/reset", web::get().to(reset_request_form))
        .route("/-/reset", web::post().to(reset_request))
        .route("/-/reset/{token}", web::get().to(reset_form))
        .route("/-/reset/{token}", web::post().to(reset))
        .route("/-/users/{name}", web::get().to(contributions))
        .route("/-/setup/{token}", web::get().to(setup_form))
        .route("/-/setup/{token}", web::post().to(setup_create));
}

/// A page in the site frame.
async fn page(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    status: StatusCode,
    title: &str,
    content: maud::Markup,
) -> Result<HttpResponse, AppError> {
    ctx.render(conn, status, title, content).await
}

/// After signing in or out: the session cookie, a new CSRF token (a token seen before the
/// login must not outlive it), and the way on.
fn signed_in_or_out(ctx: &Ctx, session: Cookie<'static>, next: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .cookie(session)
        .cookie(fresh_csrf_cookie(ctx.state.settings.secure_cookies))
        .insert_header((header::LOCATION, local_path(Some(next))))
        .finish()
}

/// The signed-in user; anonymous visitors are sent to the login form.
fn signed_in(ctx: &Ctx) -> Result<&User, AppError> {
    ctx.viewer
        .user
        .as_ref()
        .ok_or_else(|| AppError::LoginRequired {
            next: ctx.return_to.clone(),
        })
}

/// Opens a session for `user_id`, ending the one this browser had (another account's, maybe).
async fn switch_session(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    user_id: uuid::Uuid,
) -> Result<Cookie<'static>, AppError> {
    if let Some(previous) = &ctx.viewer.session {
        sessions::end(&ctx.state, conn, previous).await?;
    }
    sessions::start(conn, &ctx.state.settings, user_id).await
}

async fn hash(password: String) -> Result<String, AppError> {
    web::block(move || password::hash(&password))
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))
}

async fn verify(password: String, stored: String) -> Result<Verified, AppError> {
    web::block(move || password::verify(&password, &stored))
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    done: Option<String>,
}

/// `GET /-/signup`.
async fn signup_form(ctx: Ctx, query: web::Query<NextQuery>) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = views::SignupForm {
        next: query.next.as_deref().unwrap_or("/"),
        ..Default::default()
    };
    let title = ctx.lang.t("signup-title");
    page(
        &ctx,
        &mut conn,
        StatusCode::OK,
        &title,
        views::signup(&ctx, &form),
    )
    .await
}

#[derive(Deserialize)]
pub struct SignupFields {
    name: String,
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /-/signup`: creates a member account and signs it in.
async fn signup(ctx: Ctx, form: CsrfForm<SignupFields>) -> Result<HttpResponse, AppError> {
    create_account(&ctx, form.0, None).await
}

/// `GET /-/setup/{token}`: the first-run link (see `setup`): the sign-up form, making the
/// first administrator. A spent or unknown link is a 404, like any page that is not there.
async fn setup_form(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    if !setup::usable(&mut conn, &token).await? {
        return Err(AppError::NotFound);
    }
    let form = views::SignupForm {
        setup: Some(&token),
        next: "/-/admin/",
        ..Default::default()
    };
    let title = ctx.lang.t("setup-title");
    page(
        &ctx,
        &mut conn,
        StatusCode::OK,
        &title,
        views::signup(&ctx, &form),
    )
    .await
}

/// `POST /-/setup/{token}`: creates the first administrator and signs them in.
async fn setup_create(
    ctx: Ctx,
    token: web::Path<String>,
    form: CsrfForm<SignupFields>,
) -> Result<HttpResponse, AppError> {
    create_account(&ctx, form.0, Some(&token)).await
}

/// Creates an account from the sign-up form (the first administrator's with a setup token) and
/// signs it in; a refused form comes back as typed, with why.
async fn create_account(
    ctx: &Ctx,
    fields: SignupFields,
    setup: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let checked = parse_user_name(&fields.name).and_then(|name| {
        let email = parse_email(&fields.email)?;
        check_new_password(&fields.password)?;
        Ok((name, email))
    });
    let title = ctx.lang.t(if setup.is_some() {
        "setup-title"
    } else {
        "signup-title"
    });
    let refuse = |status, error: &'static str| views::SignupForm {
        setup,
        name: &fields.name,
        email: &fields.email,
        next: &fields.next,
        error: Some(error),
        status,
    };
    let ((name, name_key), (email, email_key)) = match checked {
        Ok(valid) => valid,
        Err(error) => {
            let form = refuse(StatusCode::UNPROCESSABLE_ENTITY, error);
            return page(
                ctx,
                &mut conn,
                form.status,
                &title,
                views::signup(ctx, &form),
            )
            .await;
        }
    };
    let password_hash = hash(fields.password.clone()).await?;
    let new = NewUser {
        name: &name,
        name_key: &name_key,
        email: &email,
        email_key: &email_key,
        password_hash: &password_hash,
        role: Role::Member,
        language: ctx.lang,
    };
    let created = match setup {
        None => queries::create_user(&mut conn, &new).await?,
        Some(token) => match setup::create_first_admin(&mut conn, token, &new).await? {
            Ok(id) => Ok(id),
            Err(queries::SetupRefused::Taken(taken)) => Err(taken),
            Err(queries::SetupRefused::LinkSpent) => return Err(AppError::NotFound),
        },
    };
    let id = match created {
        Ok(id) => id,
        Err(taken) => {
            let error = match taken {
                Taken::Name => "account-error-name-taken",
                Taken::Email => "account-error-email-taken",
            };
            let form = refuse(StatusCode::CONFLICT, error);
            return page(
                ctx,
                &mut conn,
                form.status,
                &title,
                views::signup(ctx, &form),
            )
            .await;
        }
    };
    if setup.is_some() {
        tracing::info!(%name, "the first administrator was created with the setup link");
    }
    let session = switch_session(ctx, &mut conn, id).await?;
    Ok(signed_in_or_out(ctx, session, &fields.next))
}

/// `GET /-/login?next=/path`.
async fn login_form(
    ctx: Ctx,
    req: HttpRequest,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let notice = if held::has_held_form(&req, ctx.state.settings.secure_cookies) {
        Some("login-held")
    } else {
        query
            .done
            .as_deref()
            .filter(|d| *d == "reset")
            .map(|_| "login-after-reset")
    };
    let form = views::LoginForm {
        login: "",
        next: query.next.as_deref().unwrap_or("/"),
        error: None,
        notice,
    };
    let title = ctx.lang.t("login-title");
    page(
        &ctx,
        &mut conn,
        StatusCode::OK,
        &title,
        views::login(&ctx, &form),
    )
    .await
}

#[derive(Deserialize)]
pub struct LoginFields {
    login: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /-/login`: by name or e-mail. Throttled before any hashing; an unknown account and a
/// wrong password get the same answer, after the same work.
async fn login(
    ctx: Ctx,
    req: HttpRequest,
    form: CsrfForm<LoginFields>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(fields) = form;
    let key = fields.login.trim().to_lowercase();
    let mut conn = ctx.state.pool.get().await?;
    throttle::check(
        &mut conn,
        &ctx.state.settings,
        Kind::Login,
        &key,
        &ctx.address,
    )
    .await?;
    let found = queries::credentials(&mut conn, &key).await?;
    let verified = match &found {
        Some(account) => verify(fields.password.clone(), account.password_hash.clone()).await?,
        None => {
            let password = fields.password.clone();
            web::block(move || password::verify_nobody(&password)).await?;
            Verified::Wrong
        }
    };
    let (Some(account), Verified::Right { upgrade }) = (found, verified) else {
        throttle::record(&mut conn, Kind::Login, &key, &ctx.address).await?;
        let form = views::LoginForm {
            login: &fields.login,
            next: &fields.next,
            error: Some("login-error"),
            notice: None,
        };
        let title = ctx.lang.t("login-title");
        return page(
            &ctx,
            &mut conn,
            StatusCode::UNAUTHORIZED,
            &title,
            views::login(&ctx, &form),
        )
        .await;
    };
    if let Some(stronger) = upgrade {
        queries::set_password_hash(&mut conn, account.id, &stronger).await?;
    }
    queries::clear_attempts(&mut conn, Kind::Login.as_str(), &key).await?;
    let session = switch_session(&ctx, &mut conn, account.id).await?;
    // A form sent before logging in comes back first.
    let next = if held::has_held_form(&req, ctx.state.settings.secure_cookies) {
        "/-/held"
    } else {
        &fields.next
    };
    Ok(signed_in_or_out(&ctx, session, next))
}

#[derive(Deserialize)]
pub struct Empty {}

/// `POST /-/logout`: ends this session on the server, then in the browser.
async fn logout(ctx: Ctx, _form: CsrfForm<Empty>) -> Result<HttpResponse, AppError> {
    if let Some(session) = &ctx.viewer.session {
        let mut conn = ctx.state.pool.get().await?;
        sessions::end(&ctx.state, &mut conn, session).await?;
    }
    Ok(signed_in_or_out(
        &ctx,
        sessions::removal_cookie(&ctx.state.settings),
        "/",
    ))
}

/// `GET /-/account`.
async fn account(ctx: Ctx, query: web::Query<NextQuery>) -> Result<HttpResponse, AppError> {
    let user = signed_in(&ctx)?;
    let mut conn = ctx.state.pool.get().await?;
    let notice = match query.done.as_deref() {
        Some("password") => Some("account-password-changed"),
        Some("email") => Some("account-email-changed"),
        _ => None,
    };
    let title = ctx.lang.t("account-title");
    let content = views::account(&ctx, user, notice, None);
    page(&ctx, &mut conn, StatusCode::OK, &title, content).await
}

/// Checks the signed-in user's current password (throttled like a login).
async fn confirm_password(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    password: &str,
) -> Result<bool, AppError> {
    let user = signed_in(ctx)?;
    throttle::check(
        conn,
        &ctx.state.settings,
        Kind::Login,
        &user.name_key,
        &ctx.address,
    )
    .await?;
    let stored = queries::password_hash(conn, user.id).await?;
    match verify(password.to_owned(), stored).await? {
        Verified::Right { .. } => Ok(true),
        Verified::Wrong => {
            throttle::record(conn, Kind::Login, &user.name_key, &ctx.address).await?;
            Ok(false)
        }
    }
}

/// The account page again, with what went wrong.
async fn account_refused(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    status: StatusCode,
    error: &'static str,
) -> Result<HttpResponse, AppError> {
    let user = signed_in(ctx)?;
    let title = ctx.lang.t("account-title");
    let content = views::account(ctx, user, None, Some(error));
    page(ctx, conn, status, &title, content).await
}

#[derive(Deserialize)]
pub struct PasswordFields {
    current: String,
    new: String,
}

/// `POST /-/account/password`: every session of the account ends (on every device); this
/// browser gets a new one.
async fn change_password(
    ctx: Ctx,
    form: CsrfForm<PasswordFields>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(fields) = form;
    let mut conn = ctx.state.pool.get().await?;
    if !confirm_password(&ctx, &mut conn, &fields.current).await? {
        return account_refused(
            &ctx,
            &mut conn,
            StatusCode::FORBIDDEN,
            "account-error-current",
        )
        .await;
    }
    if let Err(error) = check_new_password(&fields.new) {
        return account_refused(&ctx, &mut conn, StatusCode::UNPROCESSABLE_ENTITY, error).await;
    }
    let user = signed_in(&ctx)?;
    let new_hash = hash(fields.new.clone()).await?;
    queries::change_password(&mut conn, user.id, &new_hash).await?;
    ctx.state.caches.accounts_changed_here();
    let session = sessions::start(&mut conn, &ctx.state.settings, user.id).await?;
    Ok(signed_in_or_out(&ctx, session, "/-/account?done=password"))
}

#[derive(Deserialize)]
pub struct EmailFields {
    email: String,
    current: String,
}

/// `POST /-/account/email`.
async fn change_email(ctx: Ctx, form: CsrfForm<EmailFields>) -> Result<HttpResponse, AppError> {
    let CsrfForm(fields) = form;
    let mut conn = ctx.state.pool.get().await?;
    if !confirm_password(&ctx, &mut conn, &fields.current).await? {
        return account_refused(
            &ctx,
            &mut conn,
            StatusCode::FORBIDDEN,
            "account-error-current",
        )
        .await;
    }
    let (email, email_key) = match parse_email(&fields.email) {
        Ok(valid) => valid,
        Err(error) => {
            return account_refused(&ctx, &mut conn, StatusCode::UNPROCESSABLE_ENTITY, error).await;
        }
    };
    let user = signed_in(&ctx)?;
    match queries::change_email(&mut conn, user.id, &email, &email_key).await? {
        Ok(()) => {
            ctx.state.caches.accounts_changed_here();
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/-/account?done=email"))
                .finish())
        }
        Err(_) => {
            account_refused(
                &ctx,
                &mut conn,
                StatusCode::CONFLICT,
                "account-error-email-taken",
            )
            .await
        }
    }
}

/// `GET /-/reset`: asks for the account whose password was forgotten.
async fn reset_request_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let title = ctx.lang.t("reset-title");
    page(
        &ctx,
        &mut conn,
        StatusCode::OK,
        &title,
        views::reset_request(&ctx),
    )
    .await
}

#[derive(Deserialize)]
pub struct ResetRequestFields {
    login: String,
}

/// `POST /-/reset`: mails a single-use link valid for an hour. The answer is the same whether
/// an account matched or not.
async fn reset_request(
    ctx: Ctx,
    form: CsrfForm<ResetRequestFields>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(fields) = form;
    let key = fields.login.trim().to_lowercase();
    let mut conn = ctx.state.pool.get().await?;
    throttle::check(
        &mut conn,
        &ctx.state.settings,
        Kind::Reset,
        &key,
        &ctx.address,
    )
    .await?;
    throttle::record(&mut conn, Kind::Reset, &key, &ctx.address).await?;
    if let Some((user_id, name, email)) = queries::reset_target(&mut conn, &key).await? {
        let token = new_token();
        let now = OffsetDateTime::now_utc();
        queries::create_reset(
            &mut conn,
            &token_hash(&token),
            user_id,
            now + RESET_VALIDITY,
        )
        .await?;
        let settings = &ctx.state.settings;
        let link = format!("{}/-/reset/{token}", settings.base_url);
        let message = mail::Mail {
            to: email,
            subject: ctx
                .lang
                .t_with("reset-mail-subject", &[("site", &ctx.site.name)]),
            body: ctx.lang.t_with(
                "reset-mail-body",
                &[("name", &name), ("site", &ctx.site.name), ("link", &link)],
            ),
            headers: Vec::new(),
        };
        if let Err(error) = mail::send(settings, message).await {
            tracing::error!(%error, "could not send a password reset message");
        }
    }
    let title = ctx.lang.t("reset-title");
    page(
        &ctx,
        &mut conn,
        StatusCode::OK,
        &title,
        views::reset_sent(ctx.lang),
    )
    .await
}

/// `GET /-/reset/{token}`: the new-password form, while the link is valid.
async fn reset_form(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let title = ctx.lang.t("reset-title");
    let valid = is_well_formed(&token)
        && queries::reset_user(&mut conn, &token_hash(&token), OffsetDateTime::now_utc())
            .await?
            .is_some();
    if !valid {
        return page(
            &ctx,
            &mut conn,
            StatusCode::NOT_FOUND,
            &title,
            views::reset_invalid(ctx.lang),
        )
        .await;
    }
    page(
        &ctx,
        &mut conn,
        StatusCode::OK,
        &title,
        views::reset_form(&ctx, &token, None),
    )
    .await
}

#[derive(Deserialize)]
pub struct ResetFields {
    new: String,
}

/// `POST /-/reset/{token}`: spends the token, sets the password, ends every session.
async fn reset(
    ctx: Ctx,
    token: web::Path<String>,
    form: CsrfForm<ResetFields>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(fields) = form;
    let mut conn = ctx.state.pool.get().await?;
    let title = ctx.lang.t("reset-title");
    if let Err(error) = check_new_password(&fields.new) {
        let content = views::reset_form(&ctx, &token, Some(error));
        return page(
            &ctx,
            &mut conn,
            StatusCode::UNPROCESSABLE_ENTITY,
            &title,
            content,
        )
        .await;
    }
    let used = is_well_formed(&token) && {
        let new_hash = hash(fields.new.clone()).await?;
        queries::use_reset(
            &mut conn,
            &token_hash(&token),
            OffsetDateTime::now_utc(),
            &new_hash,
        )
        .await?
    };
    if !used {
        return page(
            &ctx,
            &mut conn,
            StatusCode::NOT_FOUND,
            &title,
            views::reset_invalid(ctx.lang),
        )
        .await;
    }
    ctx.state.caches.accounts_changed_here();
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/-/login?done=reset"))
        .finish())
}

#[derive(Deserialize)]
pub struct ContributionsQuery {
    /// RFC 3339 time: show contributions older than this.
    before: Option<String>,
}

/// `GET /-/users/{name}`: a user's edits, newest first, on pages the visitor may read.
async fn contributions(
    ctx: Ctx,
    name: web::Path<String>,
    query: web::Query<ContributionsQuery>,
) -> Result<HttpResponse, AppError> {
    let before = match query.before.as_deref() {
        Some(text) => Some(
            OffsetDateTime::parse(text, &Rfc3339)
                .map_err(|_| AppError::BadRequest("error-bad-query"))?,
        ),
        None => None,
    };
    let mut conn = ctx.state.pool.get().await?;
    let (user_id, user_name) = queries::user_by_key(&mut conn, &name.to_lowercase())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut rows = queries::contributions(
        &mut conn,
        user_id,
        &ctx.access().read_filter(),
        before,
        CONTRIBUTIONS_PAGE + 1,
    )
    .await?;
    let older = if rows.len() > CONTRIBUTIONS_PAGE as usize {
        rows.truncate(CONTRIBUTIONS_PAGE as usize);
        rows.last().map(|row| row.created_at)
    } else {
        None
    };
    let title = ctx
        .lang
        .t_with("contributions-title", &[("user", &user_name)]);
    let content = views::contributions(ctx.lang, &user_name, &rows, older);
    page(&ctx, &mut conn, StatusCode::OK, &title, content).await
}
