//! Handlers of the catalogue (`/-/methods`, its exports, new sheets, imports), the typed
//! editor's save (`POST /{name}/sheet`), and the hooks the page handlers call for sheets and
//! form pages (their layout, their typed editor, their checks). Thin: parse, load, call a
//! query, pick a view.

use std::collections::{HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use maud::Markup;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::catalogue::editor::{self, Posted};
use crate::catalogue::exchange::{self, FileError, Record};
use crate::catalogue::fields::{self, FieldError, slugify};
use crate::catalogue::filters::{PAGE_SIZE, Search};
use crate::catalogue::form::{self, FieldKind, Form, METHOD_FORM};
use crate::catalogue::queries;
use crate::catalogue::sheet::{self, FrontMatter, Sheet, SheetError};
use crate::catalogue::views::{self, ReportRow};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::layout::Ctx;
use crate::pages::names::{PageName, page_path};
use crate::pages::queries::{
    self as page_queries, Author, Found, NewRevision, OnStale, Page, Revision, SaveOutcome,
};
use crate::pages::render::{chrome, outgoing_links, render_markdown};
use crate::pages::resolve::see_other;
use crate::pages::routes::{check_body, normalise_summary};
use crate::pages::views as page_views;
use crate::permissions::Access;
use crate::revisions::diff;
use crate::security::CsrfForm;

/// Most sheets in one export.
const MAX_EXPORT: i64 = 20_000;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/methods", web::get().to(catalogue))
        .route("/-/methods.csv", web::get().to(export_csv))
        .route("/-/methods.json", web::get().to(export_json))
        .route("/-/methods/new", web::get().to(new_sheet))
        .route("/-/methods/new", web::post().to(create_sheet))
        .route("/-/methods/import", web::get().to(import_form))
        .route("/-/methods/import", web::post().to(import))
        .route("/{name}/sheet", web::post().to(save_sheet));
}

fn html(status: StatusCode, markup: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(markup.into_string())
}

async fn method_form(conn: &mut AsyncPgConnection) -> Result<Form, AppError> {
    queries::load_form(conn, METHOD_FORM)
        .await?
        .ok_or(AppError::Unprocessable("catalogue-no-form"))
}

/// `GET /-/methods`: the catalogue, filtered, counted, sorted.
async fn catalogue(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = method_form(&mut conn).await?;
    let search = Search::parse(req.query_string(), &form, ctx.lang)?;
    let read = ctx.access().read_filter();
    let cards = queries::cards(&mut conn, &form, &search, &read, PAGE_SIZE).await?;
    let counts = queries::counts(&mut conn, &form, &search, &read).await?;
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    let view = views::CatalogueView {
        form: &form,
        search: &search,
        cards: &cards,
        counts: &counts,
        page_size: PAGE_SIZE,
    };
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &ctx.lang.t("catalogue-title"),
            views::catalogue(&ctx, &view),
        ),
    ))
}

/// The sheets of a search, parsed, with their current names.
async fn exported(ctx: &Ctx, req: &HttpRequest) -> Result<(Form, Vec<(String, Sheet)>), AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = method_form(&mut conn).await?;
    let mut search = Search::parse(req.query_string(), &form, ctx.lang)?;
    search.offset = 0;
    let texts = queries::texts(
        &mut conn,
        &form,
        &search,
        &ctx.access().read_filter(),
        MAX_EXPORT,
    )
    .await?;
    let sheets = texts
        .into_iter()
        .filter_map(|row| match sheet::parse(&row.body) {
            Some(Ok(sheet)) => Some((row.name, sheet)),
            _ => None,
        })
        .collect();
    Ok((form, sheets))
}

fn attachment(content_type: &str, file: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(body)
}

/// `GET /-/methods.csv`: the filtered set, same query string as the catalogue.
async fn export_csv(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (form, sheets) = exported(&ctx, &req).await?;
    let csv = exchange::to_csv(&form, &sheets).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(attachment("text/csv; charset=utf-8", "methods.csv", csv))
}

/// `GET /-/methods.json`.
async fn export_json(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (_, sheets) = exported(&ctx, &req).await?;
    let json = serde_json::to_string_pretty(&exchange::to_json(&sheets))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(attachment("application/json", "methods.json", json))
}

/// The front matter of a new sheet: the visitor's language and the form's defaults.
fn new_front(form: &Form, lang: Lang) -> FrontMatter {
    let mut front = FrontMatter::new();
    front.insert("form".into(), Value::String(form.name.clone()));
    front.insert("lang".into(), Value::String(lang.code().to_owned()));
    for field in form.fields() {
        if let Some(default) = &field.default {
            let value = match field.kind {
                FieldKind::Choices => Value::Array(vec![Value::String(default.clone())]),
                _ => Value::String(default.clone()),
            };
            front.insert(field.key.clone(), value);
        }
    }
    front
}

/// Everything the typed editor needs besides the form and values.
struct EditorState<'a> {
    action: String,
    page: Option<&'a str>,
    new_name: &'a str,
    base: i32,
    submission_id: String,
}

fn typed_editor_markup(
    ctx: &Ctx,
    form: &Form,
    state: &EditorState<'_>,
    posted: &Posted,
    errors: &[FieldError],
    preview: Option<Markup>,
) -> Markup {
    views::typed_editor(
        ctx,
        &views::TypedEditor {
            form,
            action: state.action.clone(),
            page: state.page,
            new_name: state.new_name,
            front: &posted.front,
            body: &posted.body,
            summary: &posted.summary,
            base: state.base,
            submission_id: &state.submission_id,
            errors,
            preview,
        },
    )
}

/// `GET /-/methods/new`: the typed editor for a new method sheet.
async fn new_sheet(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = method_form(&mut conn).await?;
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    let posted = Posted {
        front: new_front(&form, ctx.lang),
        ..Posted::default()
    };
    let state = EditorState {
        action: "/-/methods/new".into(),
        page: None,
        new_name: "",
        base: 0,
        submission_id: Uuid::new_v4().to_string(),
    };
    let title = ctx
        .lang
        .t_with("sheet-new-title", &[("form", form.label.get(ctx.lang))]);
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &title,
            typed_editor_markup(&ctx, &form, &state, &posted, &[], None),
        ),
    ))
}

/// `POST /-/methods/new`.
async fn create_sheet(
    ctx: Ctx,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(pairs) = form;
    let mut conn = ctx.state.pool.get().await?;
    let form = method_form(&mut conn).await?;
    let posted = editor::read(&form, &pairs);
    let name = PageName::parse(&posted.page);
    let mut errors = Vec::new();
    if let Ok(name) = &name
        && let Some(Found::Current(page) | Found::FormerName(page)) =
            page_queries::find(&mut conn, name).await?
    {
        errors.push(FieldError {
            field: "page".into(),
            message: "sheet-page-exists",
            args: vec![("page", page.name)],
        });
    }
    if name.is_err() {
        errors.push(FieldError {
            field: "page".into(),
            message: "sheet-bad-page-name",
            args: Vec::new(),
        });
    }
    let state = EditorState {
        action: "/-/methods/new".into(),
        page: None,
        new_name: &posted.page,
        base: 0,
        submission_id: posted
            .submission_id
            .unwrap_or_else(Uuid::new_v4)
            .to_string(),
    };
    let submission = Submission {
        name: name.ok(),
        posted: posted.clone(),
        previous: None,
        errors,
    };
    finish(&ctx, &mut conn, &form, submission, &state).await
}

/// `POST /{name}/sheet`: saves the typed editor of an existing sheet.
async fn save_sheet(
    ctx: Ctx,
    name: web::Path<String>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(pairs) = form;
    let name = PageName::parse(&name)?;
    let mut conn = ctx.state.pool.get().await?;
    let page = match page_queries::find(&mut conn, &name).await? {
        Some(Found::Current(page) | Found::FormerName(page)) => page,
        None => return Err(AppError::NotFound),
    };
    let form_name = pairs
        .iter()
        .find(|(key, _)| key == "form")
        .map_or(METHOD_FORM, |(_, value)| value.as_str())
        .to_owned();
    let form = queries::load_form(&mut conn, &form_name)
        .await?
        .ok_or(AppError::Unprocessable("catalogue-no-form"))?;
    let posted = editor::read(&form, &pairs);
    let previous = match page_queries::revision(&mut conn, page.id, posted.base).await? {
        Some(revision) => match sheet::parse(&revision.body) {
            Some(Ok(sheet)) => Some(sheet.front),
            _ => None,
        },
        None => None,
    };
    let current = PageName::parse(&page.name)?;
    let state = EditorState {
        action: format!("{}/sheet", page_path(&page.name)),
        page: Some(&page.name),
        new_name: "",
        base: posted.base,
        submission_id: posted
            .submission_id
            .unwrap_or_else(Uuid::new_v4)
            .to_string(),
    };
    let submission = Submission {
        name: Some(current),
        posted: posted.clone(),
        previous,
        errors: Vec::new(),
    };
    finish(&ctx, &mut conn, &form, submission, &state).await
}

/// What the typed editor sent, with what the handler already knows about it.
struct Submission {
    /// The page to save (`None`: the name typed for a new sheet is not valid).
    name: Option<PageName>,
    posted: Posted,
    /// The front matter of the revision the editor started from: its unknown keys are kept.
    previous: Option<FrontMatter>,
    /// Problems found by the handler (the name of a new sheet).
    errors: Vec<FieldError>,
}

/// Checks, previews or saves what the typed editor sent.
async fn finish(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    form: &Form,
    submission: Submission,
    state: &EditorState<'_>,
) -> Result<HttpResponse, AppError> {
    let Submission {
        name,
        mut posted,
        previous,
        mut errors,
    } = submission;
    check_body(&posted.body, &ctx.state)?;
    let has_slug = posted
        .front
        .get("translation")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());
    if !has_slug && let Some(name) = &name {
        posted
            .front
            .insert("translation".into(), Value::String(slugify(name.as_str())));
    }
    let raw = Sheet {
        front: posted.front.clone(),
        body: posted.body.clone(),
    };
    let checked = fields::check(Some(form), &raw);
    errors.extend(checked.errors.iter().cloned());
    let title = state.page.unwrap_or(state.new_name).to_owned();
    let (Some(name), true) = (name, errors.is_empty()) else {
        let chrome = chrome(conn, &ctx.access()).await?;
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.page(
                &chrome,
                &title,
                typed_editor_markup(ctx, form, state, &posted, &errors, None),
            ),
        ));
    };
    let sheet = editor::compose(
        form,
        name.as_str(),
        &posted.front,
        &checked,
        previous.as_ref(),
        &posted.body,
    );
    let text = sheet.to_text(Some(form)).map_err(AppError::Internal)?;
    check_body(&text, &ctx.state)?;
    if posted.preview {
        let preview = sheet_markup(ctx.lang, conn, &ctx.access(), form, &sheet, None).await?;
        let chrome = chrome(conn, &ctx.access()).await?;
        return Ok(html(
            StatusCode::OK,
            ctx.page(
                &chrome,
                &title,
                typed_editor_markup(ctx, form, state, &posted, &[], Some(preview)),
            ),
        ));
    }
    crate::pages::routes::check_write_by_name(conn, &ctx.access(), &name).await?;
    let revision = NewRevision {
        links: outgoing_links(&text),
        body: text,
        summary: normalise_summary(&posted.summary),
        author: crate::accounts::author(ctx, conn).await?,
        restored_from: None,
        submission_id: Some(posted.submission_id.unwrap_or_else(Uuid::new_v4)),
        on_stale: OnStale::Merge,
        undelete: false,
    };
    match page_queries::save(conn, &name, posted.base, &revision).await? {
        SaveOutcome::Saved { name, .. } | SaveOutcome::Unchanged { name, .. } => {
            Ok(see_other(&page_path(&name)))
        }
        SaveOutcome::NameTaken { existing } => Err(AppError::NameTaken {
            wanted: name.as_str().to_owned(),
            existing,
        }),
        // Overlapping changes, or the sheet deleted meanwhile: the raw editor with this text,
        // as for any page, so nothing typed is lost.
        SaveOutcome::Stale {
            name: current,
            latest,
            base_body,
            ..
        } => conflict(ctx, conn, &current, &revision, &latest, base_body).await,
        SaveOutcome::Deleted {
            name: current,
            latest,
        } => conflict(ctx, conn, &current, &revision, &latest, latest.body.clone()).await,
    }
}

/// Someone saved the sheet meanwhile: the raw editor with their changes and our text, as for
/// any page, so nothing typed is lost.
async fn conflict(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    current: &str,
    ours: &NewRevision,
    latest: &Revision,
    base_body: String,
) -> Result<HttpResponse, AppError> {
    let chrome = chrome(conn, &ctx.access()).await?;
    let fresh = Uuid::new_v4().to_string();
    let editor = page_views::Editor {
        name: current,
        body: &ours.body,
        summary: &ours.summary,
        base: latest.number,
        submission_id: &fresh,
        preview: None,
        conflict: Some(page_views::Conflict {
            latest: latest.number,
            author: &latest.author_name,
            their_changes: diff::render(ctx.lang, &base_body, &latest.body),
            regions: None,
        }),
        creating: false,
        deleted: None,
        others_editing: crate::collab::queries::Others::default(),
        answer: true,
    };
    Ok(html(
        StatusCode::CONFLICT,
        ctx.page(&chrome, current, page_views::editor(ctx, &editor)),
    ))
}

/// Hook of `GET /{name}/edit`: the typed editor when the page is a sheet of a known form
/// (`?raw=1` asks for the raw text instead).
pub async fn typed_editor(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    name: &str,
    body: &str,
    base: i32,
) -> Result<Option<HttpResponse>, AppError> {
    let Some(Ok(sheet)) = sheet::parse(body) else {
        return Ok(None);
    };
    let Some(form) = queries::load_form(conn, sheet.form_name()).await? else {
        return Ok(None);
    };
    let posted = Posted {
        front: sheet.front,
        body: sheet.body,
        base,
        ..Posted::default()
    };
    let state = EditorState {
        action: format!("{}/sheet", page_path(name)),
        page: Some(name),
        new_name: "",
        base,
        submission_id: Uuid::new_v4().to_string(),
    };
    let chrome = chrome(conn, &ctx.access()).await?;
    Ok(Some(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            name,
            typed_editor_markup(ctx, &form, &state, &posted, &[], None),
        ),
    )))
}

/// Hook of `POST /{name}/edit`: what is wrong with a raw text that is a sheet or a form,
/// as (what, why) pairs in the visitor's language. Empty: save as usual.
pub async fn raw_problems(
    conn: &mut AsyncPgConnection,
    name: &PageName,
    body: &str,
    lang: Lang,
) -> Result<Vec<(String, String)>, AppError> {
    if let Some(form_name) = form::form_of_page(name.as_str()) {
        let label = lang.t("form-problem-title");
        return Ok(match Form::parse(body) {
            Ok(form) if form.name == form_name => Vec::new(),
            Ok(form) => vec![(
                label,
                lang.t_with(
                    "form-problem-page",
                    &[("name", &form.name), ("page", name.as_str())],
                ),
            )],
            Err(problems) => problems
                .iter()
                .map(|p| (label.clone(), p.localise(lang)))
                .collect(),
        });
    }
    let sheet = match sheet::parse(body) {
        None => return Ok(Vec::new()),
        Some(Ok(sheet)) => sheet,
        Some(Err(err)) => {
            let message = match err {
                SheetError::Unclosed => lang.t("sheet-error-unclosed"),
                SheetError::Yaml(detail) => lang.t_with("sheet-error-yaml", &[("detail", &detail)]),
                SheetError::NoForm => lang.t("sheet-error-no-form"),
            };
            return Ok(vec![(lang.t("sheet-front-matter"), message)]);
        }
    };
    let form = queries::load_form(conn, sheet.form_name()).await?;
    let checked = fields::check(form.as_ref(), &sheet);
    Ok(checked
        .errors
        .iter()
        .map(|error| {
            let label = form
                .as_ref()
                .and_then(|f| f.field(&error.field))
                .map_or_else(|| error.field.clone(), |f| f.label.get(lang).to_owned());
            (label, error.localise(lang))
        })
        .collect())
}

/// The rendered Markdown pieces of a sheet for this visitor: long-text fields by key, the body
/// under `""`; and whether they may be cached for every visitor (see `render_markdown`).
async fn render_pieces(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: Option<&str>,
    form: &Form,
    values: &indexmap::IndexMap<String, Value>,
    body: &str,
) -> Result<(HashMap<String, String>, bool), AppError> {
    let mut texts: Vec<(String, String)> = form
        .fields()
        .filter(|f| f.kind == FieldKind::Markdown)
        .filter_map(|field| match values.get(&field.key) {
            Some(Value::String(text)) => Some((field.key.clone(), text.clone())),
            _ => None,
        })
        .collect();
    if !body.trim().is_empty() {
        texts.push((String::new(), body.to_owned()));
    }
    let mut pieces = HashMap::new();
    let mut cacheable = true;
    for (key, text) in texts {
        let rendering = render_markdown(conn, access, page, text).await?;
        cacheable &= rendering.cacheable;
        pieces.insert(key, rendering.html);
    }
    Ok((pieces, cacheable))
}

/// A sheet's layout. `cache`: the page whose latest revision this is; its rendered pieces are
/// kept in the page's HTML cache, as JSON. The cache holds no label: labels follow the
/// visitor's language and are laid out around the pieces at each view.
async fn sheet_markup(
    lang: Lang,
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    form: &Form,
    sheet: &Sheet,
    cache: Option<&Page>,
) -> Result<Markup, AppError> {
    let checked = fields::check(Some(form), sheet);
    let page = cache.map(|page| page.name.as_str());
    let cached: Option<HashMap<String, String>> = cache
        .and_then(Page::cached_html)
        .and_then(|json| serde_json::from_str(json).ok());
    let pieces = match cached {
        Some(pieces) => pieces,
        None => {
            let (pieces, cacheable) =
                render_pieces(conn, access, page, form, &checked.values, &sheet.body).await?;
            if let Some(page) = cache.filter(|_| cacheable) {
                let json = serde_json::to_string(&pieces)
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                page_queries::store_rendered(conn, page.id, page.render_generation, &json).await?;
            }
            pieces
        }
    };
    let own_slug = sheet.text_of("translation").to_owned();
    let content_lang = Lang::ALL
        .into_iter()
        .find(|l| l.code() == sheet.text_of("lang"))
        .map_or("", Lang::code)
        .to_owned();
    let relation_fields: Vec<&str> = form
        .fields()
        .filter(|f| f.kind == FieldKind::Relations)
        .map(|f| f.key.as_str())
        .collect();
    let relations: Vec<(String, String)> = relation_fields
        .iter()
        .filter_map(|key| checked.values.get(*key))
        .filter_map(Value::as_array)
        .flatten()
        .map(|r| {
            (
                r["kind"].as_str().unwrap_or("").to_owned(),
                r["method"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut slugs: Vec<String> = relations.iter().map(|(_, slug)| slug.clone()).collect();
    if !own_slug.is_empty() {
        slugs.push(own_slug.clone());
    }
    let found = queries::by_slugs(conn, &access.read_filter(), &slugs).await?;
    let in_lang = |slug: &str, lang_code: &str| {
        found
            .iter()
            .find(|p| p.translation == slug && p.lang == lang_code)
            .map(|p| p.name.as_str())
    };
    let related = relations
        .iter()
        .map(|(kind, slug)| views::Related {
            kind,
            slug,
            page: in_lang(slug, &content_lang),
        })
        .collect();
    let translations = if own_slug.is_empty() {
        Vec::new()
    } else {
        Lang::ALL
            .into_iter()
            .filter(|other| other.code() != content_lang)
            .filter_map(|other| in_lang(&own_slug, other.code()).map(|name| (other, name)))
            .collect()
    };
    let problems = checked.errors.iter().map(|e| e.localise(lang)).collect();
    let view = views::SheetView {
        form,
        values: &checked.values,
        pieces: &pieces,
        related,
        translations,
        content_lang: &content_lang,
        problems,
    };
    Ok(views::sheet(lang, &view))
}

/// Hook of the page view: the HTML of a revision that is a sheet or a form, `None` for a
/// plain page (or a sheet whose form is missing: it shows as its text).
pub async fn special_content(
    lang: Lang,
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: &Page,
    revision: &Revision,
) -> Result<Option<String>, AppError> {
    if form::form_of_page(&page.name).is_some() {
        return Ok(Form::parse(&revision.body)
            .ok()
            .map(|form| views::form_page(lang, &form).into_string()));
    }
    let Some(Ok(sheet)) = sheet::parse(&revision.body) else {
        return Ok(None);
    };
    let Some(form) = queries::load_form(conn, sheet.form_name()).await? else {
        return Ok(None);
    };
    let cache = (revision.number == page.latest_rev).then_some(page);
    Ok(Some(
        sheet_markup(lang, conn, access, &form, &sheet, cache)
            .await?
            .into_string(),
    ))
}

#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    data: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    action: String,
}

/// `GET /-/methods/import`.
async fn import_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    let view = views::ImportView {
        data: "",
        format: "json",
        report: None,
        message: None,
        applied: false,
    };
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &ctx.lang.t("import-title"),
            views::import(&ctx, &view),
        ),
    ))
}

/// One record of an import, checked, with the text it would save.
struct Planned {
    row: ReportRow,
    save: Option<(PageName, String)>,
}

/// Checks every record (the dry run): what would be created, updated or left, and why a
/// record is refused.
async fn plan(
    conn: &mut AsyncPgConnection,
    records: Vec<Record>,
    lang: Lang,
    max_bytes: usize,
) -> Result<Vec<Planned>, AppError> {
    let mut forms: HashMap<String, Option<Form>> = HashMap::new();
    let mut seen = HashSet::new();
    let mut planned = Vec::new();
    for mut record in records {
        let page = record
            .front
            .get("page")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let mut row = ReportRow {
            row: record.row,
            page: page.clone(),
            outcome: "rejected",
            reasons: Vec::new(),
        };
        let reject = |mut row: ReportRow, reason: String| {
            row.reasons.push(reason);
            Planned { row, save: None }
        };
        let Ok(name) = PageName::parse(&page) else {
            planned.push(reject(row, lang.t("import-bad-page")));
            continue;
        };
        if !seen.insert(name.key().to_owned()) {
            planned.push(reject(row, lang.t("import-duplicate")));
            continue;
        }
        let form_name = match record.front.get("form") {
            Some(Value::String(f)) => f.clone(),
            _ => METHOD_FORM.to_owned(),
        };
        record
            .front
            .insert("form".into(), Value::String(form_name.clone()));
        if !forms.contains_key(&form_name) {
            let loaded = queries::load_form(conn, &form_name).await?;
            forms.insert(form_name.clone(), loaded);
        }
        let Some(form) = forms.get(&form_name).and_then(Option::as_ref) else {
            planned.push(reject(
                row,
                lang.t_with("field-unknown-form", &[("form", &form_name)]),
            ));
            continue;
        };
        let raw = Sheet {
            front: record.front.clone(),
            body: record.body.clone(),
        };
        let checked = fields::check(Some(form), &raw);
        if !checked.errors.is_empty() {
            row.reasons = checked
                .errors
                .iter()
                .map(|e| {
                    let label = form
                        .field(&e.field)
                        .map_or(e.field.as_str(), |f| f.label.get(lang));
                    format!("{label} : {}", e.localise(lang))
                })
                .collect();
            planned.push(Planned { row, save: None });
            continue;
        }
        let existing = match page_queries::find(conn, &name).await? {
            Some(Found::Current(page) | Found::FormerName(page)) => Some(page),
            None => None,
        };
        let target = match &existing {
            Some(page) => PageName::parse(&page.name)?,
            None => name,
        };
        let sheet = editor::compose(
            form,
            target.as_str(),
            &record.front,
            &checked,
            Some(&record.front),
            &record.body,
        );
        let text = sheet.to_text(Some(form)).map_err(AppError::Internal)?;
        if text.len() > max_bytes {
            planned.push(reject(row, lang.t("import-too-large")));
            continue;
        }
        row.page = target.as_str().to_owned();
        let unchanged = match &existing {
            Some(page) if page.deleted_at.is_none() => {
                let current = page_queries::latest_body(conn, page).await?;
                matches!(sheet::parse(&current), Some(Ok(now)) if fields::same_content(form, &now, &sheet))
            }
            _ => false,
        };
        row.outcome = match (&existing, unchanged) {
            (None, _) => "created",
            (Some(_), true) => "unchanged",
            (Some(_), false) => "updated",
        };
        let save = (row.outcome != "unchanged").then_some((target, text));
        planned.push(Planned { row, save });
    }
    Ok(planned)
}

/// Why an import transaction was rolled back.
#[derive(Debug)]
enum Abort {
    Db(diesel::result::Error),
    /// A page changed name or appeared between the check and the write.
    Moved(String),
}

impl From<diesel::result::Error> for Abort {
    fn from(err: diesel::result::Error) -> Self {
        Abort::Db(err)
    }
}

/// Writes every planned save in one transaction: all or nothing.
async fn apply(
    conn: &mut AsyncPgConnection,
    planned: &[Planned],
    author: &Author,
) -> Result<Result<(), String>, AppError> {
    let saves: Vec<(PageName, String)> = planned.iter().filter_map(|p| p.save.clone()).collect();
    let outcome = conn
        .transaction::<_, Abort, _>(async |conn| {
            for (name, text) in &saves {
                let base = match page_queries::find(conn, name).await? {
                    Some(Found::Current(page) | Found::FormerName(page)) => page.latest_rev,
                    None => 0,
                };
                let revision = NewRevision {
                    links: outgoing_links(text),
                    body: text.clone(),
                    summary: "Import".to_owned(),
                    author: author.clone(),
                    restored_from: None,
                    submission_id: None,
                    on_stale: OnStale::Refuse,
                    undelete: false,
                };
                match page_queries::save(conn, name, base, &revision).await? {
                    SaveOutcome::Saved { .. } | SaveOutcome::Unchanged { .. } => {}
                    SaveOutcome::NameTaken { existing }
                    | SaveOutcome::Stale { name: existing, .. }
                    | SaveOutcome::Deleted { name: existing, .. } => {
                        return Err(Abort::Moved(existing));
                    }
                }
            }
            Ok(())
        })
        .await;
    match outcome {
        Ok(()) => Ok(Ok(())),
        Err(Abort::Moved(page)) => Ok(Err(page)),
        Err(Abort::Db(err)) => Err(err.into()),
    }
}

/// `POST /-/methods/import`: a dry run (`action=dry_run`) or the import itself
/// (`action=apply`), which writes nothing unless every record is accepted.
async fn import(ctx: Ctx, form: CsrfForm<ImportForm>) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let lang = ctx.lang;
    let mut conn = ctx.state.pool.get().await?;
    let format = if form.format == "csv" { "csv" } else { "json" };
    let records = match format {
        "csv" => exchange::from_csv(&method_form(&mut conn).await?, &form.data),
        _ => exchange::from_json(&form.data),
    };
    let render = |status: StatusCode,
                  report: Option<&[ReportRow]>,
                  message: Option<String>,
                  applied: bool,
                  chrome: crate::layout::Chrome| {
        let view = views::ImportView {
            data: &form.data,
            format,
            report,
            message,
            applied,
        };
        html(
            status,
            ctx.page(&chrome, &lang.t("import-title"), views::import(&ctx, &view)),
        )
    };
    let records = match records {
        Ok(records) => records,
        Err(FileError(id, detail)) => {
            let chrome = chrome(&mut conn, &ctx.access()).await?;
            let message = lang.t_with(id, &[("detail", &detail)]);
            return Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(message),
                false,
                chrome,
            ));
        }
    };
    let planned = plan(&mut conn, records, lang, ctx.state.settings.max_page_bytes).await?;
    let rows: Vec<ReportRow> = planned
        .iter()
        .map(|p| ReportRow {
            row: p.row.row,
            page: p.row.page.clone(),
            outcome: p.row.outcome,
            reasons: p.row.reasons.clone(),
        })
        .collect();
    let rejected = rows.iter().any(|r| r.outcome == "rejected");
    if form.action != "apply" {
        let chrome = chrome(&mut conn, &ctx.access()).await?;
        return Ok(render(StatusCode::OK, Some(&rows), None, false, chrome));
    }
    if rejected {
        let chrome = chrome(&mut conn, &ctx.access()).await?;
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(&rows),
            Some(lang.t("import-refused")),
            false,
            chrome,
        ));
    }
    // Every page written must be one this visitor may write, checked before anything is.
    let access = ctx.access();
    for save in planned.iter().filter_map(|p| p.save.as_ref()) {
        crate::pages::routes::check_write_by_name(&mut conn, &access, &save.0).await?;
    }
    let author = crate::accounts::author(&ctx, &mut conn).await?;
    let result = apply(&mut conn, &planned, &author).await?;
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    Ok(match result {
        Ok(()) => render(StatusCode::OK, Some(&rows), None, true, chrome),
        Err(page) => render(
            StatusCode::CONFLICT,
            Some(&rows),
            Some(lang.t_with("import-moved", &[("page", &page)])),
            false,
            chrome,
        ),
    })
}
