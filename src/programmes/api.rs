//! `GET /api/v1/programmes` and `GET /api/v1/programmes/{name}`: programmes as JSON for other
//! tools, read-only, with the same read permission as the HTML pages (a programme the caller
//! may not read is a 404). Errors are the JSON body `render_errors` gives every `/api/` path.
//! [`ProgrammesApi`] lists these paths for the OpenAPI document of `/api/v1/`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::names::page_path;
use crate::pages::queries as page_queries;
use crate::pages::resolve::{Resolved, resolve};
use crate::programmes::programme::{self, Programme};
use crate::programmes::queries;
use crate::programmes::routes::targets;
use crate::programmes::views::{Target, method_href};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::error::get_only("/api/v1/programmes").route(web::get().to(list)))
        .service(crate::error::get_only("/api/v1/programmes/{name}").route(web::get().to(one)));
}

#[derive(OpenApi)]
#[openapi(
    paths(list, one),
    components(schemas(ProgrammeSummary, ProgrammeDetail, SlotJson, MethodJson, OutcomeJson)),
    tags((name = "programmes", description = "Event programmes and the methods their slots use"))
)]
pub struct ProgrammesApi;

/// A programme in the list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeSummary {
    /// Page name.
    pub name: String,
    pub title: String,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
    pub place: String,
    /// Address of the programme's page.
    pub url: String,
}

/// A method a slot uses.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodJson {
    /// The name as the programme writes it.
    pub name: String,
    /// The revision the slot is pinned to; absent when it follows the latest.
    #[schema(required = true)]
    pub pinned_rev: Option<i32>,
    /// The method page's address (at the pinned revision), when it exists and is readable.
    #[schema(required = true)]
    pub url: Option<String>,
    /// The method page's latest revision, when it exists and is readable.
    #[schema(required = true)]
    pub latest_rev: Option<i32>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeJson {
    #[schema(required = true)]
    pub actual_size: Option<u32>,
    pub how: String,
    pub learnings: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotJson {
    /// The slot's lasting identifier: its iCalendar `UID` (with `@coopwiki`), its frab `guid`,
    /// and the `slot-{id}` anchor of the programme's page.
    pub id: uuid::Uuid,
    pub day: String,
    /// `HH:MM`, local time of the programme.
    pub start: String,
    /// Minutes.
    pub duration: u32,
    pub room: String,
    pub title: String,
    pub facilitators: Vec<String>,
    #[schema(required = true)]
    pub group_size: Option<u32>,
    pub methods: Vec<MethodJson>,
    #[schema(required = true)]
    pub outcome: Option<OutcomeJson>,
    /// What a conference schedule says of the session (kept from an import; may be empty).
    pub subtitle: String,
    pub track: String,
    /// The session's type, as frab names it (`Talk`, `workshop`…).
    #[serde(rename = "type")]
    pub kind: String,
    /// Language tag of the session when it differs from the programme's, or empty.
    pub language: String,
    #[serde(rename = "abstract")]
    pub summary: String,
}

/// A programme with its slots.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeDetail {
    pub name: String,
    /// Latest revision of the page.
    pub revision: i32,
    pub title: String,
    pub start: String,
    pub end: String,
    pub place: String,
    /// Time zone of the slots' times: an IANA name (`Europe/Paris`), or a fixed offset
    /// (`UTC+01:00`) for a schedule imported with offsets but no zone.
    pub timezone: String,
    /// Language tag the event is held in (`fr`), or empty.
    pub language: String,
    pub organisers: Vec<String>,
    pub licence: String,
    pub rooms: Vec<String>,
    pub description: String,
    pub slots: Vec<SlotJson>,
}

/// Programmes the caller may read, upcoming first, then past ones.
#[utoipa::path(
    get,
    path = "/api/v1/programmes",
    operation_id = "list_programmes",
    tag = "programmes",
    responses((status = 200, description = "Readable programmes", body = [ProgrammeSummary]))
)]
async fn list(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let today = time::OffsetDateTime::now_utc().date();
    let rows = queries::list(&mut conn, &ctx.access().read_filter(), today).await?;
    let base = &ctx.state.settings.base_url;
    let body: Vec<ProgrammeSummary> = rows
        .into_iter()
        .map(|p| ProgrammeSummary {
            url: format!("{base}{}", page_path(&p.name)),
            name: p.name,
            title: p.title,
            start: p.starts_on.to_string(),
            end: p.ends_on.to_string(),
            place: p.place,
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}

/// One programme, with its slots and what each method reference leads to.
#[utoipa::path(
    get,
    path = "/api/v1/programmes/{name}",
    operation_id = "get_programme",
    tag = "programmes",
    params(("name" = String, Path, description = "Page name (`_` for spaces)")),
    responses(
        (status = 200, description = "The programme", body = ProgrammeDetail),
        (status = 400, description = "Not a valid page name", body = ErrorBody),
        (status = 404, description = "No programme the caller may read has this name", body = ErrorBody)
    )
)]
async fn one(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let page = match resolve(&mut conn, &name, "", &req, &access)
        .await
        .map_err(AppError::looked_up)?
    {
        Resolved::Page(page) if page.deleted_at.is_none() => page,
        // Another spelling or a former name: the API answers for the canonical name only.
        _ => return Err(AppError::NotFound),
    };
    let body = page_queries::latest_body(&mut conn, &page).await?;
    let (mut programme, _) = programme::parse(&body).ok_or(AppError::NotFound)?;
    programme.identify(page.id);
    let targets = targets(&mut conn, &access, &programme).await?;
    let base = &ctx.state.settings.base_url;
    Ok(HttpResponse::Ok().json(detail(
        &page.name,
        page.latest_rev,
        &programme,
        &targets,
        base,
    )))
}

fn detail(
    name: &str,
    revision: i32,
    programme: &Programme,
    targets: &crate::programmes::views::Targets,
    base: &str,
) -> ProgrammeDetail {
    let slots = programme
        .slots
        .iter()
        .map(|slot| SlotJson {
            id: slot.id.unwrap_or_default(),
            day: slot.day.to_string(),
            start: slot.start_text(),
            duration: slot.duration,
            room: slot.room.clone(),
            title: slot.title.clone(),
            facilitators: slot.facilitators.clone(),
            group_size: slot.group_size,
            methods: slot
                .methods
                .iter()
                .map(|m| {
                    let target = crate::names::PageName::parse(&m.name)
                        .ok()
                        .and_then(|n| targets.get(n.key()));
                    let (url, latest_rev) = match target {
                        Some(Target::Page { name, latest }) => (
                            Some(format!("{base}{}", method_href(name, m.rev))),
                            Some(*latest),
                        ),
                        _ => (None, None),
                    };
                    MethodJson {
                        name: m.name.clone(),
                        pinned_rev: m.rev,
                        url,
                        latest_rev,
                    }
                })
                .collect(),
            outcome: (!slot.outcome.is_empty()).then(|| OutcomeJson {
                actual_size: slot.outcome.actual_size,
                how: slot.outcome.how.clone(),
                learnings: slot.outcome.learnings.clone(),
            }),
            subtitle: slot.subtitle.clone(),
            track: slot.track.clone(),
            kind: slot.kind.clone(),
            language: slot.language.clone(),
            summary: slot.summary.clone(),
        })
        .collect();
    ProgrammeDetail {
        name: name.to_owned(),
        revision,
        title: programme.title.clone(),
        start: programme.start.to_string(),
        end: programme.end.to_string(),
        place: programme.place.clone(),
        timezone: programme.timezone.clone(),
        language: programme.language.clone(),
        organisers: programme.organisers.clone(),
        licence: programme.licence.clone(),
        rooms: programme.rooms.clone(),
        description: programme.description.clone(),
        slots,
    }
}
