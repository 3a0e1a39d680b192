//! The one error type request handlers return, and the one place errors become responses.
//!
//! Handlers return `Result<_, AppError>`. `AppError` only decides the status; the
//! [`render_errors`] middleware, which knows the request's language and whether it asked for
//! JSON, writes the body. Errors actix raises itself (a malformed query string, an oversized
//! body, an unknown route) pass through the same middleware, so every error a visitor can see
//! has the same shape in their language. Internal details are logged, never shown.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError, web};
use maud::html;

use crate::db::DbError;
use crate::i18n::Lang;
use crate::layout;
use crate::names::NameError;
use crate::site::SiteSource;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid page name: {0}")]
    BadName(#[from] NameError),
    /// A resource looked up by a name no page can have: there is no such resource (404), and
    /// the answer says why the name cannot be one (an API client sent it, not a person typing a
    /// new page's name).
    #[error("no page can be named so: {0}")]
    ImpossibleName(NameError),
    /// A request that does not make sense; the argument is a message id from the locales.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("the form's security token is missing or wrong")]
    Csrf,
    #[error("the request came from another site")]
    CrossOrigin,
    #[error("page source of {size} bytes is over the limit of {limit}")]
    PageTooLarge { size: usize, limit: usize },
    #[error("request body too large")]
    PayloadTooLarge,
    /// A name already belongs to another page (by case or normalisation, or as an old name).
    #[error("the name {wanted:?} is taken by {existing:?}")]
    NameTaken { wanted: String, existing: String },
    /// A name held by a page the visitor may not read: refused without naming or linking that
    /// page, so that a write reveals no more than "this name is not available".
    #[error("the name {wanted:?} is not available")]
    NameUnavailable { wanted: String },
    /// Well-formed input that cannot be accepted; the argument is a message id from the locales.
    #[error("unprocessable: {0}")]
    Unprocessable(&'static str),
    /// The visitor is signed in but may not do this; the argument is a message id.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Only signed-in visitors may do this: answered with a redirect to the login form, which
    /// comes back to `next` afterwards.
    #[error("sign-in required to reach {next}")]
    LoginRequired { next: String },
    /// The page asked for lives at another address (another spelling of its name, or a former
    /// name): a permanent redirect to `location`, the one way every handler answers it.
    #[error("moved permanently to {location}")]
    Moved { location: String },
    /// Too many failed attempts (logins, reset requests) for an account or from an address.
    #[error("too many attempts")]
    TooManyAttempts,
    /// A variant of a request this server does not implement (oEmbed's XML format); the
    /// argument is a message id.
    #[error("not implemented: {0}")]
    NotImplemented(&'static str),
    /// The address exists, but not for this method; the argument is the `Allow` header's value.
    #[error("method not allowed here (allowed: {0})")]
    MethodNotAllowed(&'static str),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The attachments' store (an S3 bucket) does not answer; nothing was recorded.
    #[error("file store unavailable: {0}")]
    StoreUnavailable(String),
    /// PostgreSQL could not write for want of disk space: the change was rolled back whole.
    /// A 503, as for a database that is down: the same request succeeds once an operator has
    /// made room, and nothing the visitor did is wrong.
    #[error("the database's disk is full: {0}")]
    DiskFull(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// This error, met while looking a resource up by name: a name no page can have means
    /// there is no such resource ([`AppError::ImpossibleName`], 404) rather than a bad request.
    pub fn looked_up(self) -> AppError {
        match self {
            AppError::BadName(err) => AppError::ImpossibleName(err),
            other => other,
        }
    }

    /// The error of finding the page a form was posted to: a page that moved is not found
    /// there, since a redirect would lose the form.
    pub fn posted(self) -> AppError {
        match self {
            AppError::Moved { .. } => AppError::NotFound,
            other => other,
        }
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Pool(e) => AppError::Unavailable(e.to_string()),
            DbError::Connect(e) => AppError::Unavailable(e.to_string()),
            DbError::Query(e) => AppError::from(e),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::DatabaseErrorKind;
        use diesel::result::Error;
        match err {
            Error::NotFound => AppError::NotFound,
            Error::BrokenTransactionManager
            | Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            ) => AppError::Unavailable(err.to_string()),
            Error::DatabaseError(_, ref info) if server_going_away(info.message()) => {
                AppError::Unavailable(err.to_string())
            }
            // SQLSTATE 53100 (disk_full), which diesel does not expose: PostgreSQL reports the
            // system's ENOSPC in the message of the write that failed.
            Error::DatabaseError(_, ref info)
                if info.message().contains("No space left on device") =>
            {
                AppError::DiskFull(err.to_string())
            }
            // PostgreSQL text cannot hold a NUL byte: a value a visitor sent with one (a login,
            // a name, a cursor) is malformed input, whichever query it reached first.
            Error::DatabaseError(_, ref info) if info.message().ends_with("\"UTF8\": 0x00") => {
                AppError::BadRequest("error-nul-byte")
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Whether a server error says PostgreSQL is stopping, crashing or starting (SQLSTATE class 57,
/// which diesel does not expose): the request may succeed in a moment, so it is a 503.
fn server_going_away(message: &str) -> bool {
    message.starts_with("terminating connection due to")
        || message.starts_with("the database system is")
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for AppError {
    fn from(err: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        AppError::Unavailable(err.to_string())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        AppError::Internal(err.to_string())
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::ImpossibleName(_) => StatusCode::NOT_FOUND,
            AppError::BadName(_) | AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Csrf | AppError::CrossOrigin | AppError::Forbidden(_) => {
                StatusCode::FORBIDDEN
            }
            AppError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Moved { .. } => StatusCode::MOVED_PERMANENTLY,
            AppError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            AppError::PageTooLarge { .. } | AppError::PayloadTooLarge => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            AppError::NameTaken { .. } | AppError::NameUnavailable { .. } => StatusCode::CONFLICT,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Unavailable(_) | AppError::StoreUnavailable(_) | AppError::DiskFull(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A bare response; [`render_errors`] replaces its body with the localised page.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let AppError::Moved { location } = self {
            response.insert_header((header::LOCATION, location.as_str()));
        }
        if let AppError::LoginRequired { next } = self {
            response.insert_header((header::LOCATION, layout::login_location(next)));
        }
        if let AppError::TooManyAttempts = self {
            response.insert_header((header::RETRY_AFTER, "900"));
        }
        response.finish()
    }
}

/// What a visitor is told about an error, in their language.
struct Explanation {
    code: &'static str,
    title: String,
    message: String,
    /// A page the visitor may want to go to instead, with its label.
    link: Option<(String, String)>,
}

pub fn name_error_message(err: &NameError, lang: Lang) -> String {
    match err {
        NameError::Empty => lang.t("name-error-empty"),
        NameError::TooLong(n) => lang.t_with(
            "name-error-too-long",
            &[
                ("max", &crate::names::MAX_NAME_CHARS.to_string()),
                ("count", &n.to_string()),
            ],
        ),
        NameError::Forbidden(c) => lang.t_with("name-error-forbidden", &[("char", &c.to_string())]),
        NameError::Control => lang.t("name-error-control"),
        NameError::Bidi => lang.t("name-error-bidi"),
        NameError::OnlyDots => lang.t("name-error-only-dots"),
        NameError::LeadingDash => lang.t("name-error-leading-dash"),
        NameError::Reserved(name) => lang.t_with("name-error-reserved", &[("name", name)]),
        NameError::MixedScripts(name) => lang.t_with("name-error-mixed-scripts", &[("name", name)]),
    }
}

fn explain(err: Option<&AppError>, status: StatusCode, lang: Lang) -> Explanation {
    let generic = |code: &'static str, id: &str| Explanation {
        code,
        title: lang.t(&format!("error-{id}-title")),
        message: lang.t(&format!("error-{id}")),
        link: None,
    };
    match err {
        Some(AppError::NotFound) => generic("not_found", "not-found"),
        Some(AppError::BadName(e) | AppError::ImpossibleName(e)) => Explanation {
            code: "invalid_name",
            title: lang.t("error-bad-name-title"),
            message: name_error_message(e, lang),
            link: None,
        },
        Some(AppError::BadRequest(id)) => Explanation {
            code: "bad_request",
            title: lang.t("error-bad-request-title"),
            message: lang.t(id),
            link: None,
        },
        Some(AppError::Csrf) => generic("csrf", "csrf"),
        Some(AppError::CrossOrigin) => generic("cross_origin", "cross-origin"),
        Some(AppError::PageTooLarge { size, limit }) => Explanation {
            code: "page_too_large",
            title: lang.t("error-too-large-title"),
            message: lang.t_with(
                "error-page-too-large",
                &[("size", &size.to_string()), ("limit", &limit.to_string())],
            ),
            link: None,
        },
        Some(AppError::PayloadTooLarge) => generic("payload_too_large", "too-large"),
        Some(AppError::NameTaken { wanted, existing }) => Explanation {
            code: "name_taken",
            title: lang.t("error-name-taken-title"),
            message: lang.t_with(
                "error-name-taken",
                &[("wanted", wanted), ("existing", existing)],
            ),
            link: Some((crate::names::page_path(existing), existing.clone())),
        },
        Some(AppError::NameUnavailable { wanted }) => Explanation {
            code: "name_unavailable",
            title: lang.t("error-name-taken-title"),
            message: lang.t_with("error-name-unavailable", &[("wanted", wanted)]),
            link: None,
        },
        Some(AppError::Unprocessable(id)) => Explanation {
            code: "unprocessable",
            title: lang.t("error-unprocessable-title"),
            message: lang.t(id),
            link: None,
        },
        Some(AppError::Forbidden(id)) => Explanation {
            code: "forbidden",
            title: lang.t("error-forbidden-title"),
            message: lang.t(id),
            link: None,
        },
        Some(AppError::LoginRequired { next }) => Explanation {
            code: "login_required",
            title: lang.t("error-login-required-title"),
            message: lang.t("error-login-required"),
            link: Some((layout::login_location(next), lang.t("action-login"))),
        },
        Some(AppError::TooManyAttempts) => generic("too_many_attempts", "too-many"),
        // Never shown: `render_errors` passes a redirect through as it is.
        Some(AppError::Moved { .. }) => generic("not_found", "not-found"),
        Some(AppError::NotImplemented(id)) => Explanation {
            code: "not_implemented",
            title: lang.t("error-not-implemented-title"),
            message: lang.t(id),
            link: None,
        },
        Some(AppError::MethodNotAllowed(_)) => generic("method_not_allowed", "method"),
        Some(AppError::Unavailable(_)) => generic("unavailable", "unavailable"),
        Some(AppError::StoreUnavailable(_)) => Explanation {
            code: "unavailable",
            title: lang.t("error-unavailable-title"),
            message: lang.t("error-store-unavailable"),
            link: None,
        },
        Some(AppError::DiskFull(_)) => Explanation {
            code: "disk_full",
            title: lang.t("error-unavailable-title"),
            message: lang.t("error-disk-full"),
            link: None,
        },
        Some(AppError::Internal(_)) => generic("internal", "internal"),
        None => match status {
            StatusCode::NOT_FOUND => generic("not_found", "not-found"),
            StatusCode::PAYLOAD_TOO_LARGE => generic("payload_too_large", "too-large"),
            StatusCode::METHOD_NOT_ALLOWED => generic("method_not_allowed", "method"),
            StatusCode::TOO_MANY_REQUESTS => generic("too_many_attempts", "too-many"),
            s if s.is_client_error() => generic("bad_request", "bad-request"),
            StatusCode::SERVICE_UNAVAILABLE => generic("unavailable", "unavailable"),
            _ => generic("internal", "internal"),
        },
    }
}

/// A resource answering `GET` only (and `HEAD`, see `app::head_as_get`): the caller adds its
/// `GET` route; any other method is a 405 with `Allow`, never a 404 that would say the address
/// does not exist.
pub fn get_only(path: &str) -> actix_web::Resource {
    actix_web::web::resource(path).default_service(actix_web::web::to(async || {
        Err::<HttpResponse, _>(AppError::MethodNotAllowed("GET, HEAD"))
    }))
}

/// The body of every JSON error: the API's and oEmbed's, and any request that asked for JSON.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    /// Stable, for programs: `not_found`, `bad_request`, `not_implemented`, …
    pub code: String,
    /// For people, in the language of the request.
    pub message: String,
}

/// The endpoints outside `/api/` that answer JSON whatever the client accepts (oEmbed, the
/// title completions of the search box and of browsers' address bars): their errors are JSON
/// too, so the program reading them never gets an HTML page it cannot parse.
const JSON_ENDPOINTS: [&str; 3] = ["/-/oembed", "/-/search/titles", "/-/search/suggest"];

/// JSON for the API and the other JSON endpoints, whose clients are programs, whatever they
/// accept.
fn wants_json(req: &ServiceRequest) -> bool {
    req.path().starts_with("/api/")
        || JSON_ENDPOINTS.contains(&req.path())
        || accepts_json(req.headers())
}

/// Whether the request asks for JSON first (`Accept: application/json…`): the editor's script
/// uploading a file, a program calling an HTML address.
pub fn accepts_json(headers: &header::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.starts_with("application/json"))
}

/// Middleware: gives every error response its localised HTML or JSON body.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let asked = Lang::asked(req.request());
    let json = wants_json(&req);
    let source = req.app_data::<web::Data<dyn SiteSource>>().cloned();
    // Handler errors arrive as responses carrying their error; only a failure of the router
    // itself would come back as `Err`, and it is passed on unchanged.
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    let Some(error) = res.response().error() else {
        return Ok(res);
    };
    let app_error = error.as_error::<AppError>();
    if let Some(AppError::Moved { .. }) = app_error {
        return Ok(res);
    }
    match app_error {
        Some(AppError::Internal(detail)) => {
            tracing::error!(%detail, path = %res.request().path(), "internal error")
        }
        Some(AppError::Unavailable(detail)) => tracing::warn!(%detail, "database unavailable"),
        Some(AppError::StoreUnavailable(detail)) => {
            tracing::warn!(%detail, "file store unavailable")
        }
        // Nothing heals this but an operator making room: said at ERROR, with PostgreSQL's words.
        Some(AppError::DiskFull(detail)) => {
            tracing::error!(%detail, "the database's disk is full")
        }
        // A variant the client asked for and this server does not offer (oEmbed's XML) is
        // answered 501 as its specification asks, but nothing failed here: an ERROR would
        // page someone for every crawler that tries it.
        Some(AppError::NotImplemented(_)) => {
            tracing::debug!(error = %error, %status, "client asked for what is not offered")
        }
        _ if status.is_server_error() => tracing::error!(error = %error, "server error"),
        _ => tracing::debug!(error = %error, %status, "client error"),
    }
    // The site's name, look and default language, as on every other page; the database may be
    // what failed, so a 503 takes this instance's copy or the defaults rather than wait on it.
    let site = match &source {
        Some(source) => source.site(status != StatusCode::SERVICE_UNAVAILABLE).await,
        None => None,
    };
    let lang = asked.unwrap_or_else(|| site.as_ref().map(|site| site.language).unwrap_or_default());
    let explanation = explain(app_error, status, lang);
    let mut response = if json {
        HttpResponse::build(status).json(ErrorBody {
            error: ErrorDetail {
                code: explanation.code.to_owned(),
                message: explanation.message,
            },
        })
    } else {
        let body = layout::bare_page(
            lang,
            site.as_deref(),
            &explanation.title,
            html! {
                h1 { (explanation.title) }
                p.error-message { (explanation.message) }
                @if let Some((href, label)) = &explanation.link {
                    p { a href=(href) { (label) } }
                }
                p { a href="/" { (lang.t("error-back-home")) } }
            },
        );
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body.into_string())
    };
    if let Some(AppError::MethodNotAllowed(allow)) = app_error {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    // A redirect (to the login form) and a throttling delay keep their headers.
    for name in [header::LOCATION, header::RETRY_AFTER] {
        if let Some(value) = res.headers().get(&name).cloned() {
            response.headers_mut().insert(name, value);
        }
    }
    // So do the cookies set on the way (a form kept for after the login).
    for value in res.headers().get_all(header::SET_COOKIE) {
        response
            .headers_mut()
            .append(header::SET_COOKIE, value.clone());
    }
    let (req, _) = res.into_parts();
    Ok(ServiceResponse::new(req, response))
}
