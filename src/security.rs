//! Defences every response and every form share: security headers, and CSRF protection.
//!
//! CSRF uses a double-submit token: a random value in an `HttpOnly`, `SameSite=Lax` cookie,
//! repeated in a hidden field of every form. [`CsrfForm`] is the only way handlers read a POST
//! body, and it refuses the request before deserialising anything when the token is missing or
//! different, or when the `Origin` header names another site. Forgetting the check is therefore
//! not possible: a handler without `CsrfForm` cannot see the form.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload};
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::identity::session_cookie_name;
use crate::state::AppState;
use crate::tokens::{is_well_formed, new_token, session_csrf_token};

/// The policy for every page but embeds: our own scripts, styles and images only; no inline
/// script, no framing, forms post only to us.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

/// The policy of embed cards: any site may frame them; they run no script at all and hold no
/// form, so a framing site can neither script them nor make them post.
pub const EMBED_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; \
     img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors *";

/// Largest form body accepted; a page over the page limit but under this gets a clear 413.
pub const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;

/// Marks a response (in its extensions) that other sites may frame: an embed card. It gets
/// [`EMBED_CONTENT_SECURITY_POLICY`] and no `X-Frame-Options`, and [`csrf_cookie`] sets no
/// cookie on it, so an iframe on another site leaves no state in the visitor's browser. Only
/// successful responses keep the mark: an error page is rebuilt without it, and stays
/// unframable.
#[derive(Debug, Clone, Copy)]
pub struct Framable;

fn is_framable<B>(res: &ServiceResponse<B>) -> bool {
    res.response().extensions().get::<Framable>().is_some()
}

/// Middleware: the security headers of every response (a handler may set its own first).
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let framable = is_framable(&res);
    let policy = if framable {
        EMBED_CONTENT_SECURITY_POLICY
    } else {
        CONTENT_SECURITY_POLICY
    };
    let mut defaults = vec![
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
    ];
    if !framable {
        defaults.push((header::X_FRAME_OPTIONS, "DENY"));
    }
    // Over https, browsers are told to come back over https only.
    let https = res
        .request()
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.settings.secure_cookies);
    if https {
        defaults.push((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"));
    }
    // What a handler did not declare cacheable may depend on who asks (their session, their
    // token in its forms): browsers revalidate it, shared caches never keep it.
    let declared = res.headers().get(header::CACHE_CONTROL);
    let personal = declared.is_none_or(|value| value.as_bytes().starts_with(b"private"));
    if declared.is_none() {
        defaults.push((header::CACHE_CONTROL, "private, no-cache"));
    }
    let headers = res.headers_mut();
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if personal {
        headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    }
    Ok(res)
}

/// The token of the current request, for views that render forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-csrf" } else { "csrf" }
}

fn secure_cookies(req: &HttpRequest) -> bool {
    req.app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.settings.secure_cookies)
}

/// A cookie with a new CSRF token, replacing the visitor's: sent when they sign in or out, so
/// a token seen before cannot be used after.
pub fn fresh_csrf_cookie(secure: bool) -> Cookie<'static> {
    Cookie::build(cookie_name(secure), new_token())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .finish()
}

/// Middleware: gives every visitor a CSRF token. A visitor with a session cookie has the token
/// derived from it (`tokens::session_csrf_token`): bound to that session, it is nothing an
/// attacker can plant or guess. A visitor without one gets a random token in a cookie on their
/// first visit (double submit: what a login or an anonymous edit needs).
///
/// The cookie goes only on HTML answers, the only ones that can hold a form: the JSON API,
/// oEmbed, feeds, images and redirects are read by programs or lead to an HTML page, and a
/// cookie on them would leave state in the browser of someone who never opened the wiki.
pub async fn csrf_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let secure = secure_cookies(req.request());
    let name = cookie_name(secure);
    let well_formed = |cookie: &str| {
        req.cookie(cookie)
            .map(|c| c.value().to_owned())
            .filter(|v| is_well_formed(v))
    };
    let session = well_formed(session_cookie_name(secure));
    let existing = well_formed(name);
    let fresh = existing.is_none() && session.is_none();
    let token = match session {
        Some(session) => session_csrf_token(&session),
        None => existing.unwrap_or_else(new_token),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.call(req).await?;
    if fresh && !is_framable(&res) && is_html(&res) {
        let cookie = Cookie::build(name, token)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            res.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(res)
}

fn is_html<B>(res: &ServiceResponse<B>) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"))
}

impl FromRequest for CsrfToken {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req.extensions().get::<CsrfToken>().cloned();
        std::future::ready(
            token.ok_or_else(|| AppError::Internal("CSRF middleware missing".into()).into()),
        )
    }
}

/// Refuses a state-changing request whose `Origin` (or, without one, `Referer`) is another site.
/// Public for the one POST body that is not a url-encoded form (attachment uploads).
pub fn check_origin(req: &HttpRequest) -> Result<(), AppError> {
    let source = req
        .headers()
        .get(header::ORIGIN)
        .or_else(|| req.headers().get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(source) = source else { return Ok(()) };
    if source == "null" {
        return Err(AppError::CrossOrigin);
    }
    let host = req.connection_info().host().to_owned();
    let authority = source
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
        .unwrap_or("");
    let allowed = authority.eq_ignore_ascii_case(&host)
        || req.app_data::<web::Data<AppState>>().is_some_and(|state| {
            state
                .settings
                .base_url
                .split_once("://")
                .is_some_and(|(_, base)| base.eq_ignore_ascii_case(authority))
        });
    if allowed {
        Ok(())
    } else {
        Err(AppError::CrossOrigin)
    }
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Refuses a request whose CSRF token (`sent`, from a form field or header) is missing or is
/// not the visitor's. Public for attachment uploads, whose multipart bodies [`CsrfForm`]
/// cannot read; every other POST goes through `CsrfForm`.
pub fn check_token(req: &HttpRequest, sent: Option<&str>) -> Result<(), AppError> {
    let expected = req.extensions().get::<CsrfToken>().map(|t| t.0.clone());
    match (expected, sent) {
        (Some(expected), Some(sent)) if tokens_match(&expected, sent) => Ok(()),
        _ => Err(AppError::Csrf),
    }
}

/// A form body (`application/x-www-form-urlencoded`) whose CSRF token and origin were checked.
pub struct CsrfForm<T>(pub T);

/// The body of a form whose token was checked, kept in the request's extensions: should the
/// handler send the visitor to log in, `accounts::held` keeps it for them.
#[derive(Clone)]
pub struct SubmittedForm(pub Bytes);

#[derive(serde::Deserialize)]
struct TokenOnly {
    csrf: Option<String>,
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = Bytes::from_request(&req, payload);
        Box::pin(async move {
            check_origin(&req)?;
            let body = body
                .await
                .map_err(|err| match err.as_response_error().status_code() {
                    actix_web::http::StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
                    _ => AppError::BadRequest("error-bad-form"),
                })?;
            let sent = serde_urlencoded::from_bytes::<TokenOnly>(&body)
                .ok()
                .and_then(|t| t.csrf);
            check_token(&req, sent.as_deref())?;
            req.extensions_mut().insert(SubmittedForm(body.clone()));
            serde_urlencoded::from_bytes::<T>(&body)
                .map(CsrfForm)
                .map_err(|_| AppError::BadRequest("error-bad-form").into())
        })
    }
}
