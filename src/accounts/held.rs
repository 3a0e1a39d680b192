//! Nothing typed is lost to a login: a form sent by a visitor who must log in first is kept
//! for them and brought back once they have.
//!
//! [`keep_refused_forms`] sees every answer that sends a form's sender to the login page
//! (`AppError::LoginRequired`), takes the form's body from the request (`SubmittedForm`, left
//! there by `CsrfForm`), stores it in PostgreSQL under the hash of a fresh token and gives the
//! token to that browser only, in a cookie. Logging in leads to `/-/held`, which takes the form
//! back (forgetting it), and shows what was typed in a form that sends it again where it was
//! going, with the new session's token: the save then runs as any other, merging with what
//! changed meanwhile. Stored in the database, not in memory, so any instance can give it back.
//! Forms with files (multipart) are not held: the editors ask to log in before showing them.

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};

use crate::accounts::{queries, views};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::security::SubmittedForm;
use crate::state::AppState;
use crate::tokens::{is_well_formed, new_token, token_hash};

/// Forms about the account itself hold passwords and addresses: they are never stored, and
/// there is nothing in them worth keeping that the visitor cannot type again.
const NEVER_HELD: [&str; 5] = [
    "/-/account",
    "/-/login",
    "/-/signup",
    "/-/reset",
    "/-/setup",
];

/// How long a held form waits for its visitor.
const KEPT_FOR: Duration = Duration::days(1);

/// Forms kept since before this have expired, as their cookie has.
fn expired() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc() - KEPT_FOR
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/held", web::get().to(held_form));
}

/// The cookie holding the token of this browser's held form.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-held" } else { "held" }
}

/// Whether this browser has a form waiting for it.
pub fn has_held_form(req: &HttpRequest, secure: bool) -> bool {
    req.cookie(cookie_name(secure))
        .is_some_and(|cookie| is_well_formed(cookie.value()))
}

fn cookie(secure: bool, token: String) -> Cookie<'static> {
    Cookie::build(cookie_name(secure), token)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(KEPT_FOR)
        .finish()
}

/// Middleware: keeps the form of a POST answered by "log in first".
pub async fn keep_refused_forms(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let path = res.request().path();
    let about_the_account = NEVER_HELD
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")));
    let sent_to_login = res.request().method() == Method::POST
        && !about_the_account
        && res.status() == StatusCode::SEE_OTHER
        && res
            .headers()
            .get(header::LOCATION)
            .and_then(|location| location.to_str().ok())
            .is_some_and(|location| location.starts_with("/-/login?"));
    if !sent_to_login {
        return Ok(res);
    }
    let Some(SubmittedForm(body)) = res.request().extensions().get::<SubmittedForm>().cloned()
    else {
        return Ok(res);
    };
    let Some(state) = res.request().app_data::<web::Data<AppState>>().cloned() else {
        return Ok(res);
    };
    let action = match res.request().uri().path_and_query() {
        Some(path) => path.as_str().to_owned(),
        None => res.request().path().to_owned(),
    };
    let token = new_token();
    let mut conn = state.pool.get().await.map_err(AppError::from)?;
    queries::hold_submission(&mut conn, &token_hash(&token), &action, &body, expired())
        .await
        .map_err(AppError::from)?;
    res.response_mut()
        .add_cookie(&cookie(state.settings.secure_cookies, token))
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(res)
}

/// `GET /-/held`: the form kept while its sender logged in, ready to be sent again.
async fn held_form(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    if !ctx.viewer.is_signed_in() {
        return Err(AppError::LoginRequired {
            next: "/-/held".to_owned(),
        });
    }
    let secure = ctx.state.settings.secure_cookies;
    let mut conn = ctx.state.pool.get().await?;
    let taken = match req.cookie(cookie_name(secure)) {
        Some(cookie) if is_well_formed(cookie.value()) => {
            queries::take_held_submission(&mut conn, &token_hash(cookie.value()), expired()).await?
        }
        _ => None,
    };
    let mut removal = cookie(secure, String::new());
    removal.make_removal();
    let Some((action, body)) = taken else {
        return Ok(HttpResponse::SeeOther()
            .cookie(removal)
            .insert_header((header::LOCATION, "/"))
            .finish());
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let fields: Vec<(String, String)> = fields
        .into_iter()
        .filter(|(name, _)| name != "csrf")
        .collect();
    let title = ctx.lang.t("held-title");
    let content = views::held(&ctx, &action, &fields);
    let mut response = ctx
        .render(&mut conn, StatusCode::OK, &title, content)
        .await?;
    response
        .add_cookie(&removal)
        .map_err(|err| AppError::Internal(err.to_string()))?;
    Ok(response)
}
