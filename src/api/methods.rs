//! `/api/v1/methods…`: the method catalogue with its filters (the same query parameters as
//! `/-/methods`, read by `catalogue::filters::Search`), and one method sheet with typed fields.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, web};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{OpenApi, ToSchema};

use crate::api::pages::readable_latest;
use crate::api::{LimitQuery, with_query};
use crate::catalogue::fields;
use crate::catalogue::filters::{Search, Sort};
use crate::catalogue::form::{FieldKind, Form, METHOD_FORM};
use crate::catalogue::queries::{self as catalogue, Card};
use crate::catalogue::sheet;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Lang;
use crate::names::{page_path, url_segment};

#[derive(OpenApi)]
#[openapi(
    paths(list, one),
    tags((name = "methods", description = "Method sheets: the catalogue of facilitation methods"))
)]
pub struct MethodsApi;

/// A range of a number: people for a group size, minutes for a duration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub min: i64,
    pub max: i64,
}

/// A method in the catalogue's results.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodSummary {
    pub name: String,
    pub url: String,
    pub api: String,
    /// The sheet's language (`en`, `fr`).
    pub lang: String,
    pub hook: String,
    pub summary: String,
    /// The ids chosen in each filterable choice field (`purposes`, `modality`, …).
    pub choices: BTreeMap<String, Vec<String>>,
    /// Each range field that has a value (`group_size`, `duration`).
    pub ranges: BTreeMap<String, Range>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodList {
    /// Methods matching every filter.
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
    pub methods: Vec<MethodSummary>,
    #[schema(required = true)]
    pub next: Option<String>,
}

/// One step of a method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodStep {
    pub title: String,
    pub text: String,
    /// Minutes.
    pub duration: i64,
}

/// A method sheet: its main fields typed, every valid field in `fields`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodDetail {
    pub name: String,
    pub url: String,
    /// The latest revision, and its permanent address.
    pub revision: i32,
    pub revision_url: String,
    /// The form the sheet follows (`Method`).
    pub form: String,
    pub lang: String,
    /// The slug shared by the translations of this method.
    pub translation: String,
    pub hook: String,
    pub summary: String,
    pub purposes: Vec<String>,
    #[schema(required = true)]
    pub group_size: Option<Range>,
    #[schema(required = true)]
    pub duration: Option<Range>,
    pub steps: Vec<MethodStep>,
    /// Every valid value of the sheet, by field key, as the form's field type shapes it.
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// The free Markdown notes after the fields.
    pub notes: String,
    /// Whether every value is valid under the form now.
    pub valid: bool,
}

fn api_path(name: &str) -> String {
    format!("/api/v1/methods/{}", url_segment(name))
}

fn method_summary(base: &str, form: &Form, card: Card) -> MethodSummary {
    let mut choices: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for facet in &card.facets {
        if let Some((key, id)) = facet.split_once('=') {
            choices
                .entry(key.to_owned())
                .or_default()
                .push(id.to_owned());
        }
    }
    let ranges = form
        .fields()
        .filter(|field| field.kind.is_range())
        .filter_map(|field| {
            let slot = form.range_slot(&field.key)?;
            let min = (*card.bounds.get(slot)?)?;
            let max = (*card.bounds.get(slot + 1)?)?;
            Some((
                field.key.clone(),
                Range {
                    min: min.into(),
                    max: max.into(),
                },
            ))
        })
        .collect();
    MethodSummary {
        url: format!("{base}{}", page_path(&card.name)),
        api: format!("{base}{}", api_path(&card.name)),
        name: card.name,
        lang: card.lang,
        hook: card.hook,
        summary: card.summary,
        choices,
        ranges,
    }
}

/// Writes the values the catalogue's filters take into the document. `lang` and `sort` take
/// fixed codes; each choice filter of the Method form (`purposes`, `difficulty`, …) takes the
/// ids its field offers, which are this wiki's own (the form is a page its administrators
/// edit). Written as patterns rather than enums because the server reads a value trimmed and
/// an empty one as absent: so the document says exactly what the server accepts, and its 400
/// for anything else is the document's word.
pub async fn state_filters(
    conn: &mut diesel_async::AsyncPgConnection,
    doc: &mut utoipa::openapi::OpenApi,
) -> Result<(), AppError> {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let form = catalogue::load_form(conn, METHOD_FORM).await?;
    let Some(operation) = doc
        .paths
        .paths
        .get_mut("/api/v1/methods")
        .and_then(|item| item.get.as_mut())
    else {
        return Ok(());
    };
    let one_of = |codes: Vec<String>| {
        let alternatives: Vec<String> = codes.iter().map(|code| regex::escape(code)).collect();
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!(r"^\s*(?:{})?\s*$", alternatives.join("|"))))
    };
    for parameter in operation.parameters.iter_mut().flatten() {
        let codes = match parameter.name.as_str() {
            "lang" => Lang::all()
                .iter()
                .map(|lang| lang.code().to_owned())
                .chain(["all".to_owned()])
                .collect(),
            "sort" => Sort::ALL
                .iter()
                .map(|sort| sort.code().to_owned())
                .collect(),
            key => {
                let choices = form.iter().flat_map(|form| form.filters()).find(|field| {
                    field.key == key && matches!(field.kind, FieldKind::Choice | FieldKind::Choices)
                });
                if let Some(field) = choices {
                    let ids = field
                        .choices
                        .iter()
                        .map(|choice| choice.id.clone())
                        .collect();
                    parameter.schema = Some(ArrayBuilder::new().items(one_of(ids)).into());
                }
                continue;
            }
        };
        parameter.schema = Some(one_of(codes).into());
    }
    Ok(())
}

async fn method_form(conn: &mut diesel_async::AsyncPgConnection) -> Result<Form, AppError> {
    catalogue::load_form(conn, METHOD_FORM)
        .await?
        .ok_or(AppError::Unprocessable("catalogue-no-form"))
}

/// The catalogue, filtered as `/-/methods` is. Unlike the HTML catalogue, every language by
/// default (`lang=en` or `lang=fr` narrows it).
#[utoipa::path(
    get,
    path = "/api/v1/methods",
    operation_id = "list_methods",
    tag = "methods",
    params(
        ("lang" = Option<String>, Query, description = "`en`, `fr` or `all` (default)"),
        ("q" = Option<String>, Query, description = "Words searched in titles, hooks and summaries"),
        ("purposes" = Option<Vec<String>>, Query, explode, description = "Any of these purposes (`decide`, `plan`, …)"),
        ("difficulty" = Option<Vec<String>>, Query, explode, description = "Any of these difficulties"),
        ("modality" = Option<Vec<String>>, Query, explode, description = "Any of these modalities"),
        ("phase" = Option<Vec<String>>, Query, explode, description = "Any of these phases"),
        ("status" = Option<Vec<String>>, Query, explode, description = "Any of these statuses"),
        ("group_size" = Option<i32>, Query, description = "Methods for a group of this many people"),
        ("duration" = Option<i32>, Query, description = "Methods that fit in this many minutes"),
        ("sort" = Option<String>, Query, description = "`title` (default), `recent` or `duration`"),
        ("offset" = Option<i64>, Query, description = "Skip this many results"),
        ("limit" = Option<i64>, Query, description = "Results per answer, 1 to 200 (default 50)"),
    ),
    responses(
        (status = 200, description = "A page of the filtered catalogue", body = MethodList),
        (status = 400, description = "A filter is not valid (an unknown choice, a number that is not one)", body = ErrorBody),
        (status = 422, description = "The wiki has no Method form", body = ErrorBody),
    )
)]
pub async fn list(
    ctx: Ctx,
    req: HttpRequest,
    limit: web::Query<LimitQuery>,
) -> Result<web::Json<MethodList>, AppError> {
    let limit = limit.limit()?;
    let mut conn = ctx.state.pool.get().await?;
    let form = method_form(&mut conn).await?;
    // The last `lang` wins: the client's, when it sends one.
    let search = Search::parse(&format!("lang=all&{}", req.query_string()), &form, ctx.lang)?;
    let read = ctx.access().read_filter();
    let cards = catalogue::cards(&mut conn, &form, &search, &read, limit).await?;
    let total = catalogue::counts(&mut conn, &form, &search, &read)
        .await?
        .total;
    let base = &ctx.state.settings.base_url;
    let next = (search.offset + limit < total).then(|| {
        let mut following = search.clone();
        following.offset += limit;
        let mut pairs = following.to_query();
        pairs.push(("limit".to_owned(), limit.to_string()));
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        with_query(base, "/api/v1/methods", &pairs)
    });
    Ok(web::Json(MethodList {
        total,
        offset: search.offset,
        limit,
        methods: cards
            .into_iter()
            .map(|card| method_summary(base, &form, card))
            .collect(),
        next,
    }))
}

fn range(values: &indexmap::IndexMap<String, Value>, key: &str) -> Option<Range> {
    serde_json::from_value(values.get(key)?.clone()).ok()
}

/// One method sheet (its latest revision). Any spelling of the name finds it; a page that is
/// not a sheet is a 404.
#[utoipa::path(
    get,
    path = "/api/v1/methods/{name}",
    operation_id = "get_method",
    tag = "methods",
    params(("name" = String, Path, description = "The sheet's page name (`_` for spaces)")),
    responses(
        (status = 200, description = "The method sheet", body = MethodDetail),
        (status = 400, description = "Not a valid page name", body = ErrorBody),
        (status = 404, description = "No method sheet the visitor may read has this name", body = ErrorBody),
    )
)]
pub async fn one(ctx: Ctx, name: web::Path<String>) -> Result<web::Json<MethodDetail>, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let (page, latest) = readable_latest(&mut conn, &name, &ctx.access()).await?;
    let Some(Ok(sheet)) = sheet::parse(&latest.body) else {
        return Err(AppError::NotFound);
    };
    let form = catalogue::load_form(&mut conn, sheet.form_name()).await?;
    let checked = fields::check(form.as_ref(), &sheet);
    let values = &checked.values;
    let text = |key: &str| sheet.text_of(key).to_owned();
    let value_text = |key: &str| {
        values
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let base = &ctx.state.settings.base_url;
    Ok(web::Json(MethodDetail {
        url: format!("{base}{}", page_path(&page.name)),
        revision_url: format!("{base}{}?rev={}", page_path(&page.name), latest.number),
        revision: latest.number,
        form: sheet.form_name().to_owned(),
        lang: text("lang"),
        translation: text("translation"),
        hook: value_text("hook"),
        summary: value_text("summary"),
        purposes: values
            .get("purposes")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default(),
        group_size: range(values, "group_size"),
        duration: range(values, "duration"),
        steps: values
            .get("steps")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default(),
        fields: values.clone().into_iter().collect(),
        notes: sheet.body.clone(),
        valid: checked.errors.is_empty(),
        name: page.name,
    }))
}
