//! Handlers of the catalogue (`/-/methods`, its exports, new sheets, imports), the typed
//! editor's save (`POST /{name}/sheet`), and the hooks the page handlers call for sheets and
//! form pages (their layout, their typed editor, their checks). Thin: parse, load, call a
//! query, pick a view.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel_async::AsyncPgConnection;
use maud::Markup;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::catalogue::editor::{self, Posted};
use crate::catalogue::exchange::{self, FileError};
use crate::catalogue::fields::{self, FieldError, slugify};
use crate::catalogue::filters::{PAGE_SIZE, Search};
use crate::catalogue::form::{self, FieldKind, Form, METHOD_FORM};
use crate::catalogue::import;
use crate::catalogue::queries;
use crate::catalogue::render;
use crate::catalogue::sheet::{self, FrontMatter, Sheet, SheetError};
use crate::catalogue::views::{self, ReportRow};
use crate::collab::merge::Conflicted;
use crate::collab::views::conflict_regions;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::layout::Ctx;
use crate::pages::names::{PageName, page_path};
use crate::pages::queries::{
    self as page_queries, Found, NewRevision, OnStale, Revision, SaveOutcome,
};
use crate::pages::render::{chrome, outgoing_links};
use crate::pages::resolve::see_other;
use crate::pages::routes::{check_body, normalise_summary};
use crate::pages::views as page_views;
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
        .route("/-/forms", web::get().to(forms_index))
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

/// The form named by `form=` in a query string (or a typed editor's fields), the Method form
/// when there is none.
fn form_name_in(pairs: &[(String, String)]) -> &str {
    pairs
        .iter()
        .rev()
        .find(|(key, value)| key == "form" && !value.trim().is_empty())
        .map_or(METHOD_FORM, |(_, value)| value.trim())
}

/// The form of a catalogue address (`form=`, the Method form by default), if its page is one
/// the visitor may read. A missing Method form is explained; another missing form is a
/// missing page.
async fn catalogue_form(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    query: &str,
) -> Result<Form, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let name = form_name_in(&pairs);
    let missing = if name == METHOD_FORM {
        AppError::Unprocessable("catalogue-no-form")
    } else {
        AppError::NotFound
    };
    let Ok(page_name) = PageName::parse(&form::form_page_name(name)) else {
        return Err(missing);
    };
    let readable = match page_queries::find(conn, &page_name).await? {
        Some(Found::Current(page)) => page.deleted_at.is_none() && ctx.access().may_read(&page),
        _ => false,
    };
    if !readable || !form::is_form_name(name) {
        return Err(missing);
    }
    queries::load_form(conn, name).await?.ok_or(missing)
}

/// `GET /-/forms`: every form the visitor may read, each a link to its catalogue.
async fn forms_index(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let mut forms = Vec::new();
    for page in queries::form_pages(&mut conn, &access.read_filter()).await? {
        if let Some(name) = form::form_of_page(&page)
            && let Some(form) = queries::load_form(&mut conn, name).await?
        {
            forms.push(form);
        }
    }
    let chrome = chrome(&mut conn, &access).await?;
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &ctx.lang.t("forms-title"),
            views::forms_index(ctx.lang, &forms),
        ),
    ))
}

/// `GET /-/methods` (`?form=` for another form's): the catalogue, filtered, counted, sorted.
async fn catalogue(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = catalogue_form(&ctx, &mut conn, req.query_string()).await?;
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
            &views::catalogue_title(ctx.lang, &form),
            views::catalogue(&ctx, &view),
        ),
    ))
}

/// The sheets of a search, parsed, with their current names.
async fn exported(ctx: &Ctx, req: &HttpRequest) -> Result<(Form, Vec<(String, Sheet)>), AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = catalogue_form(ctx, &mut conn, req.query_string()).await?;
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

/// `GET /-/methods/new` (`?form=` for another form): the typed editor for a new sheet.
async fn new_sheet(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = catalogue_form(&ctx, &mut conn, req.query_string()).await?;
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
    let form = queries::load_form(&mut conn, form_name_in(&pairs))
        .await?
        .ok_or(AppError::Unprocessable("catalogue-no-form"))?;
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
    let form = queries::load_form(&mut conn, form_name_in(&pairs))
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
        let preview =
            render::sheet_markup(ctx.lang, conn, &ctx.access(), form, &sheet, None).await?;
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
        // Saved from an older base: merged field by field, and the page says so.
        SaveOutcome::Saved {
            name,
            number,
            merged_with: Some(_),
        } => Ok(see_other(&format!("{}?merged={number}", page_path(&name)))),
        SaveOutcome::Saved { name, .. } | SaveOutcome::Unchanged { name, .. } => {
            Ok(see_other(&page_path(&name)))
        }
        SaveOutcome::NameTaken { existing } => Err(AppError::NameTaken {
            wanted: name.as_str().to_owned(),
            existing,
        }),
        // Both changed the same field (or overlapping body lines), or the sheet was deleted
        // meanwhile: the raw editor with our values, as for any page, so nothing typed is lost.
        SaveOutcome::Stale {
            name: current,
            latest,
            base_body,
            conflict: overlaps,
        } => {
            conflict(
                ctx,
                conn,
                &current,
                &revision,
                &latest,
                base_body,
                overlaps.as_ref(),
            )
            .await
        }
        SaveOutcome::Deleted {
            name: current,
            latest,
        } => {
            let base_body = latest.body.clone();
            conflict(ctx, conn, &current, &revision, &latest, base_body, None).await
        }
    }
}

/// Someone saved the sheet meanwhile and the changes overlap: the raw editor with the merge's
/// proposal (our value of each conflicting field, their other changes in) and the conflicting
/// fields side by side, as for any page, so nothing typed is lost.
async fn conflict(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    current: &str,
    ours: &NewRevision,
    latest: &Revision,
    base_body: String,
    overlaps: Option<&Conflicted>,
) -> Result<HttpResponse, AppError> {
    let chrome = chrome(conn, &ctx.access()).await?;
    let fresh = Uuid::new_v4().to_string();
    let editor = page_views::Editor {
        name: current,
        body: overlaps.map_or(&ours.body, |c| &c.proposal),
        summary: &ours.summary,
        base: latest.number,
        submission_id: &fresh,
        preview: None,
        conflict: Some(page_views::Conflict {
            latest: latest.number,
            author: &latest.author_name,
            their_changes: diff::render(ctx.lang, &base_body, &latest.body),
            regions: overlaps
                .map(|c| conflict_regions(ctx.lang, c, latest.number, &latest.author_name)),
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
    let planned = import::plan(&mut conn, records, lang, ctx.state.settings.max_page_bytes).await?;
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
    let saves: Vec<(PageName, String)> = planned.iter().filter_map(|p| p.save.clone()).collect();
    for (name, _) in &saves {
        crate::pages::routes::check_write_by_name(&mut conn, &access, name).await?;
    }
    let author = crate::accounts::author(&ctx, &mut conn).await?;
    let result = queries::save_all(&mut conn, &saves, &author, "Import").await?;
    let chrome = chrome(&mut conn, &access).await?;
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
