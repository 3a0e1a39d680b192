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

use crate::error::{AppError, ErrorBody, ErrorDetail, get_only};
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
        crate::discussions::api::DiscussionsApi::openapi(),
    ] {
        doc.merge(part);
    }
    doc.servers = Some(vec![Server::new(base_url)]);
    state_shared_rules(&mut doc);
    doc
}

/// The characters no page name holds, as a JSON Schema pattern (ECMA-262, and Python's `re`
/// reads it alike): controls (C0, DEL, C1) and `names::PageName`'s forbidden ones. The other
/// rules (letters, digits, marks and a few punctuation marks only; reserved names) have no
/// pattern validators agree on: a name that breaks them is no page's, and its lookup answers
/// 404 `invalid_name` saying why.
const NAME_PATTERN: &str = r"^[^\x00-\x1F\x7F-\x9F/\\#?%<>\[\]|{}]+$";

/// A listing's `after` is a position in name order, any text PostgreSQL can hold (not NUL).
const AFTER_PATTERN: &str = r"^[^\x00]*$";

/// Writes the rules the server enforces on the parameters every capability shares into their
/// schemas, in one place: `limit` between 1 and [`MAX_LIMIT`], `name` of 1 to
/// `names::MAX_NAME_CHARS` characters matching [`NAME_PATTERN`], `after` without NUL, the
/// catalogue's `offset` and range filters within their bounds; and a 400 answer on every
/// operation, for a parameter that breaks them.
fn state_shared_rules(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{KnownFormat, Ref, ResponseBuilder, SchemaFormat, content::Content};
    let integer = |format: KnownFormat, minimum: i64, maximum: i64| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(format)))
            .minimum(Some(minimum))
            .maximum(Some(maximum))
    };
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            for parameter in operation.parameters.iter_mut().flatten() {
                let schema = match parameter.name.as_str() {
                    "limit" => integer(KnownFormat::Int64, 1, MAX_LIMIT),
                    "offset" => {
                        integer(KnownFormat::Int64, 0, crate::catalogue::filters::MAX_OFFSET)
                    }
                    "group_size" | "duration" => integer(
                        KnownFormat::Int32,
                        0,
                        i64::from(crate::catalogue::filters::MAX_RANGE_VALUE),
                    ),
                    "name" => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(crate::names::MAX_NAME_CHARS))
                        .pattern(Some(NAME_PATTERN)),
                    "after" => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some(AFTER_PATTERN)),
                    _ => continue,
                };
                parameter.schema = Some(schema.into());
            }
            operation
                .responses
                .responses
                .entry("400".to_owned())
                .or_insert_with(|| {
                    ResponseBuilder::new()
                        .description("A parameter breaks a rule this document states")
                        .content(
                            "application/json",
                            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
                        )
                        .build()
                        .into()
                });
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(get_only("/api/v1/openapi.json").route(web::get().to(openapi)))
        .service(get_only("/api/v1/pages").route(web::get().to(pages::list)))
        .service(get_only("/api/v1/pages/{name}").route(web::get().to(pages::one)))
        .service(get_only("/api/v1/pages/{name}/revisions").route(web::get().to(pages::revisions)))
        .service(
            get_only("/api/v1/pages/{name}/revisions/{number}")
                .route(web::get().to(pages::revision)),
        )
        .service(get_only("/api/v1/methods").route(web::get().to(methods::list)))
        .service(get_only("/api/v1/methods/{name}").route(web::get().to(methods::one)));
}

/// `GET /api/v1/openapi.json`.
async fn openapi(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let mut doc = document(&state.settings.base_url);
    let mut conn = state.pool.get().await?;
    methods::state_filters(&mut conn, &mut doc).await?;
    Ok(HttpResponse::Ok().json(doc))
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
