//! The read-only JSON API under `/api/v1/`, and its OpenAPI document.
//!
//! Each capability describes its handlers with `#[utoipa::path]` and gathers them in one
//! `#[derive(OpenApi)]` struct (`pages::PagesApi`, `methods::MethodsApi`); [`document`] merges
//! them, so a new capability's API joins the document with one line there. Handlers read with
//! the visitor's own rights (their session cookie, as the HTML pages do): a page they may not
//! read is a 404. Errors are `crate::error::ErrorBody` JSON, written by `error::render_errors`
//! for every path under `/api/`. A value that may be absent is always sent, as `null`, and
//! its schema says so (`required`), so clients can rely on every key.

pub mod methods;
pub mod pages;

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::OpenApi;
use utoipa::openapi::server::Server;

use crate::error::{AppError, ErrorBody, ErrorDetail};
use crate::state::AppState;

/// Results per page of a listing when the client does not say, and at most.
pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "coopwiki API",
        version = "1",
        description = "Read-only access to the pages, revisions and method sheets of a coopwiki \
                       site, with the same permissions as its HTML pages."
    ),
    components(schemas(ErrorBody, ErrorDetail))
)]
struct ApiInfo;

/// The OpenAPI document of `/api/v1/`, served from `base_url`.
pub fn document(base_url: &str) -> utoipa::openapi::OpenApi {
    let mut doc = ApiInfo::openapi();
    for part in [
        pages::PagesApi::openapi(),
        methods::MethodsApi::openapi(),
        crate::programmes::api::ProgrammesApi::openapi(),
    ] {
        doc.merge(part);
    }
    doc.servers = Some(vec![Server::new(base_url)]);
    doc
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/openapi.json", web::get().to(openapi))
        .route("/api/v1/pages", web::get().to(pages::list))
        .route("/api/v1/pages/{name}", web::get().to(pages::one))
        .route(
            "/api/v1/pages/{name}/revisions",
            web::get().to(pages::revisions),
        )
        .route(
            "/api/v1/pages/{name}/revisions/{number}",
            web::get().to(pages::revision),
        )
        .route("/api/v1/methods", web::get().to(methods::list))
        .route("/api/v1/methods/{name}", web::get().to(methods::one));
}

/// `GET /api/v1/openapi.json`.
async fn openapi(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(document(&state.settings.base_url))
}

#[derive(Deserialize)]
pub struct LimitQuery {
    limit: Option<i64>,
}

impl LimitQuery {
    /// The page size asked for, within `1..=MAX_LIMIT`.
    pub fn limit(&self) -> Result<i64, AppError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(AppError::BadRequest("api-bad-limit")),
        }
    }
}

/// An absolute address on this site, with a query string.
fn with_query(base_url: &str, path: &str, pairs: &[(&str, &str)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    format!("{base_url}{path}?{query}")
}
