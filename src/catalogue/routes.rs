//! Handlers of the catalogue (`/-/methods`, its exports, new sheets, imports), the typed
//! editor's save (`POST /{name}/sheet`), and the hooks the page handlers call for sheets and
//! form pages (their layout, their typed editor, their checks). Thin: parse, load, call a
//! query, pick a view.

use actix_web::http::StatusCode;
use actix_web::http::header::{self};
use actix_web::{HttpRequest, HttpResponse, web};
use async_trait::async_trait;
use diesel_async::AsyncPgConnection;
use maud::Markup;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::access::Access;
use crate::catalogue::editor::{self, Posted};
use crate::catalogue::exchange::{self, FileError};
use crate::catalogue::fields::{self, FieldError, slugify};
use crate::catalogue::filters::{MAX_CARDS, PAGE_SIZE, Search};
use crate::catalogue::form::{self, FieldKind, Form, METHOD_FORM};
use crate::catalogue::import;
use crate::catalogue::queries;
use crate::catalogue::render;
use crate::catalogue::sheet::{self, FrontMatter, Sheet, SheetError};
use crate::catalogue::views::{self, ReportRow};
use crate::collab::queries::Others;
use crate::collab::views::conflict_fields;
use crate::ctx::{Ctx, html};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::linking::routes::{CardsOf, cards_document};
use crate::linking::views::Card;
use crate::merge::ConflictRegion;
use crate::names::{PageName, page_path, page_url};
use crate::pages::answer::{Overlap, REOPENED, Reopen, Unsaved, answer};
use crate::pages::queries::{self as page_queries, Found};
use crate::pages::render::{chrome, outgoing_links};
use crate::pages::routes::RawEditor;
use crate::pages::routes::{check_body, normalise_summary};
use crate::pages::save::{Base, NewRevision, OnStale, SaveRequest, Writer, save};
use crate::pages::views as page_views;
use crate::security::CsrfForm;
use crate::spreadsheet;

/// Most sheets in one export.
const MAX_EXPORT: i64 = 20_000;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/methods", web::get().to(catalogue))
        .route("/-/methods.csv", web::get().to(export_csv))
        .route("/-/methods.json", web::get().to(export_json))
        .route("/-/methods/cards", web::get().to(print_cards))
        .route("/-/methods/new", web::get().to(new_sheet))
        .route("/-/methods/new", web::post().to(create_sheet))
        .route("/-/methods/import", web::get().to(import_form))
        .route("/-/methods/import", web::post().to(import))
        .route("/-/forms", web::get().to(forms_index))
        .route("/{name}/sheet", web::post().to(save_sheet));
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
    access: &Access<'_>,
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
        Some(Found::Current(page)) => page.deleted_at.is_none() && access.may_read(&page),
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
    let form = catalogue_form(&ctx.access(), &mut conn, req.query_string()).await?;
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

/// What a watched catalogue search (its query string) finds now that changed after `since`,
/// for `access` (a visitor, or the person a notification is for): the catalogue's title in
/// `lang`, the names of those sheets (newest first, at most a page), and the address that
/// lists them. `None` when the search no longer reads (its form is gone).
pub async fn found_since(
    access: &Access<'_>,
    lang: Lang,
    conn: &mut AsyncPgConnection,
    query: &str,
    since: time::OffsetDateTime,
) -> Result<Option<(String, Vec<String>, String)>, AppError> {
    let Ok(form) = catalogue_form(access, conn, query).await else {
        return Ok(None);
    };
    let Ok(mut search) = Search::parse(query, &form, lang) else {
        return Ok(None);
    };
    search.sort = crate::catalogue::filters::Sort::Recent;
    search.offset = 0;
    let cards = queries::cards(conn, &form, &search, &access.read_filter(), PAGE_SIZE).await?;
    let names = cards
        .into_iter()
        .take_while(|card| card.updated_at > since)
        .map(|card| card.name)
        .collect();
    Ok(Some((
        views::catalogue_title(lang, &form),
        names,
        search.href(views::PATH),
    )))
}

/// The sheets of a search, parsed, with their current names.
async fn exported(ctx: &Ctx, req: &HttpRequest) -> Result<(Form, Vec<(String, Sheet)>), AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = catalogue_form(&ctx.access(), &mut conn, req.query_string()).await?;
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

/// `GET /-/methods.csv`: the filtered set, same query string as the catalogue, and `bom=1`
/// for spreadsheets.
async fn export_csv(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (form, sheets) = exported(&ctx, &req).await?;
    let bom = spreadsheet::wants_bom(req.query_string());
    let csv =
        exchange::to_csv(&form, &sheets, bom).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(attachment("text/csv; charset=utf-8", "methods.csv", csv))
}

/// `GET /-/methods.json`.
async fn export_json(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (_, sheets) = exported(&ctx, &req).await?;
    let json = serde_json::to_string_pretty(&exchange::to_json(&sheets))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(attachment("application/json", "methods.json", json))
}

/// `GET /-/methods/cards`: the sheets of the catalogue's search (same query string, every
/// page of it, at most [`MAX_CARDS`]) as method cards to print, each at its latest revision;
/// `paper=a4` for four to an A4 sheet. Only sheets the visitor may read, as in the catalogue.
async fn print_cards(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let form = catalogue_form(&ctx.access(), &mut conn, req.query_string()).await?;
    let mut search = Search::parse(req.query_string(), &form, ctx.lang)?;
    search.offset = 0;
    let read = ctx.access().read_filter();
    let texts = queries::texts(&mut conn, &form, &search, &read, MAX_CARDS).await?;
    let base_url = &ctx.state.settings.base_url;
    let cards: Vec<Card> = texts
        .into_iter()
        .filter_map(|row| {
            let Some(Ok(sheet)) = sheet::parse(&row.body) else {
                return None;
            };
            Some(Card {
                pinned_url: page_url(base_url, &row.name, Some(row.number)),
                brief: crate::catalogue::kind::brief(ctx.lang, &form, &sheet),
                name: row.name,
                number: row.number,
            })
        })
        .collect();
    let title = ctx.lang.t_count(
        "print-cards-title",
        i64::try_from(cards.len()).unwrap_or(i64::MAX),
        &[],
    );
    let back = search.href(views::PATH);
    let back_label = ctx.lang.t("print-cards-back-catalogue");
    let markup = cards_document(
        &ctx,
        &req,
        CardsOf {
            title: &title,
            path: &format!("{}/cards", views::PATH),
            back: (&back, &back_label),
        },
        &cards,
    );
    Ok(html(StatusCode::OK, markup))
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
    typed_editor_with_presence(ctx, form, state, posted, errors, preview, None)
}

fn typed_editor_with_presence(
    ctx: &Ctx,
    form: &Form,
    state: &EditorState<'_>,
    posted: &Posted,
    errors: &[FieldError],
    preview: Option<Markup>,
    others_editing: Option<&Others>,
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
            others_editing,
        },
    )
}

/// The address of the typed editor of a new sheet filled with the values of the sheet `name`.
pub fn new_sheet_from(name: &str) -> String {
    let query = serde_urlencoded::to_string([("from", name)]).unwrap_or_default();
    format!("/-/methods/new?{query}")
}

/// `GET /-/methods/new` (`?form=` for another form): the typed editor for a new sheet; with
/// `?from=Name`, filled with a copy of that sheet, to start a variant from.
async fn new_sheet(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    // Asked before the form is shown: nobody types a sheet they may not save.
    ctx.access().check_write(None)?;
    let mut conn = ctx.state.pool.get().await?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let (form, posted) = match pairs.iter().find(|(key, _)| key == "from") {
        Some((_, from)) => copy_of(&ctx, &mut conn, from).await?,
        None => {
            let form = catalogue_form(&ctx.access(), &mut conn, req.query_string()).await?;
            let posted = Posted {
                front: new_front(&form, ctx.lang),
                ..Posted::default()
            };
            (form, posted)
        }
    };
    let chrome = chrome(&mut conn, &ctx.access()).await?;
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

/// The form and values of a copy of the sheet `name` at its latest revision, for a new sheet:
/// every field and the notes, but not the link to its translations (the copy is another
/// method until someone says otherwise). A sheet the visitor may not read, a page that is no
/// sheet or whose form is gone, is missing.
async fn copy_of(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    name: &str,
) -> Result<(Form, Posted), AppError> {
    let body = crate::pages::resolve::latest_readable_text(conn, name, &ctx.access()).await?;
    let Some(Ok(mut sheet)) = sheet::parse(&body) else {
        return Err(AppError::NotFound);
    };
    let form = queries::load_form(conn, sheet.form_name())
        .await?
        .ok_or(AppError::NotFound)?;
    sheet.front.shift_remove("translation");
    let posted = Posted {
        front: sheet.front,
        body: sheet.body,
        ..Posted::default()
    };
    Ok((form, posted))
}

/// `POST /-/methods/new`.
async fn create_sheet(
    ctx: Ctx,
    req: HttpRequest,
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
    finish(&ctx, &req, &mut conn, &form, submission, &state).await
}

/// `POST /{name}/sheet`: saves the typed editor of an existing sheet.
async fn save_sheet(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(pairs) = form;
    let name = PageName::parse(&name)?;
    let _slot = ctx.state.save_slot().await?;
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
    finish(&ctx, &req, &mut conn, &form, submission, &state).await
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
    req: &HttpRequest,
    conn: &mut AsyncPgConnection,
    form: &Form,
    submission: Submission,
    state: &EditorState<'_>,
) -> Result<HttpResponse, AppError> {
    check_body(&submission.posted.body, &ctx.state)?;
    let title = state.page.unwrap_or(state.new_name).to_owned();
    let (name, posted, sheet) = match compose(form, submission) {
        Ok(composed) => composed,
        Err(refused) => {
            let (posted, errors) = *refused;
            let content = typed_editor_markup(ctx, form, state, &posted, &errors, None);
            return ctx.render(conn, UNPROCESSABLE, &title, content).await;
        }
    };
    let text = sheet.to_text(Some(form)).map_err(AppError::Internal)?;
    check_body(&text, &ctx.state)?;
    if posted.preview {
        let access = ctx.access();
        let preview = render::sheet_markup(ctx.lang, conn, &access, form, &sheet, None).await?;
        let content = typed_editor_markup(ctx, form, state, &posted, &[], Some(preview));
        return ctx.render(conn, StatusCode::OK, &title, content).await;
    }
    let submission_id = posted.submission_id.unwrap_or_else(Uuid::new_v4);
    let request = SaveRequest {
        revision: NewRevision {
            links: outgoing_links(&text),
            body: text.clone(),
            summary: normalise_summary(&posted.summary),
            author: crate::accounts::author(ctx, conn).await?,
            restored_from: None,
            submission_id: Some(submission_id),
            on_stale: OnStale::Merge,
            undelete: false,
            at: None,
        },
        name,
        base: Base::from_number(posted.base),
    };
    let reopen = TypedReopen {
        form,
        action: &state.action,
        summary: &request.revision.summary,
        raw: RawEditor {
            body: text,
            summary: request.revision.summary.clone(),
            base: request.base,
            submission_id,
            recreate: false,
        },
    };
    let access = ctx.access();
    let outcome = save(conn, &ctx.state.kinds, &request, Writer::Visitor(&access)).await?;
    answer(ctx, req, conn, &request, outcome, &reopen).await
}

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// What the typed editor sent, and why it cannot be saved as it is.
type Refused = (Posted, Vec<FieldError>);

/// The sheet the typed editor sent, composed under its form (a new sheet gets its
/// translation identifier from its name); or what was posted with the errors to show next to
/// the fields.
fn compose(form: &Form, submission: Submission) -> Result<(PageName, Posted, Sheet), Box<Refused>> {
    let Submission {
        name,
        mut posted,
        previous,
        mut errors,
    } = submission;
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
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(Box::new((posted, errors)));
    };
    let sheet = editor::compose(
        form,
        name.as_str(),
        &posted.front,
        &checked,
        previous.as_ref(),
        &posted.body,
    );
    Ok((name, posted, sheet))
}

/// The typed editor again after a save that wrote nothing. A conflict stays in the typed
/// editor: its fields hold the merge's proposal (ours in each field both changed, theirs in
/// the others) under the conflicting fields side by side. A sheet deleted meanwhile comes back
/// in the raw editor, which can bring it back.
struct TypedReopen<'a> {
    form: &'a Form,
    action: &'a str,
    summary: &'a str,
    raw: RawEditor,
}

impl TypedReopen<'_> {
    /// The fields both changed, each under its label, our value and theirs side by side; the
    /// notice of the raw editor when no merge was tried.
    fn conflict_notice(&self, lang: Lang, overlap: &Overlap<'_>) -> Markup {
        let Some(conflict) = overlap.conflict else {
            return page_views::conflict_notice(lang, &overlap.view(lang));
        };
        let field_of = |region: &ConflictRegion| {
            let text = [&region.ours, &region.theirs, &region.base]
                .into_iter()
                .find(|text| !text.is_empty())
                .map_or("", |text| text.as_str());
            let key = text.split_once(':').map_or("", |(key, _)| key.trim());
            match self.form.field(key) {
                Some(field) => field.label.get(lang).to_owned(),
                None => lang.t("sheet-body"),
            }
        };
        let latest = overlap.latest;
        let fields = conflict_fields(
            lang,
            conflict,
            latest.number,
            &latest.author_name,
            &field_of,
        );
        maud::html! {
            (fields)
            details.their-changes {
                summary { (lang.t("conflict-their-changes")) }
                (overlap.their_changes)
            }
        }
    }
}

#[async_trait(?Send)]
impl Reopen for TypedReopen<'_> {
    async fn reopen(
        &self,
        ctx: &Ctx,
        req: &HttpRequest,
        conn: &mut AsyncPgConnection,
        name: &str,
        why: Unsaved<'_>,
    ) -> Result<HttpResponse, AppError> {
        let (notice, text, base) = match &why {
            Unsaved::NameUnavailable => (
                page_views::name_unavailable(ctx.lang, name),
                self.raw.body.as_str(),
                self.raw.base.number(),
            ),
            Unsaved::Conflict(overlap) => (
                self.conflict_notice(ctx.lang, overlap),
                overlap.proposal(&self.raw.body),
                overlap.latest.number,
            ),
            Unsaved::Deleted { .. } => {
                return self.raw.reopen(ctx, req, conn, name, why).await;
            }
        };
        let Some(Ok(sheet)) = sheet::parse(text) else {
            return self.raw.reopen(ctx, req, conn, name, why).await;
        };
        let posted = Posted {
            front: sheet.front,
            body: sheet.body,
            summary: self.summary.to_owned(),
            base,
            ..Posted::default()
        };
        let state = EditorState {
            action: self.action.to_owned(),
            page: Some(name),
            new_name: "",
            base,
            submission_id: Uuid::new_v4().to_string(),
        };
        let chrome = chrome(conn, &ctx.access()).await?;
        let content = maud::html! {
            (notice)
            (typed_editor_markup(ctx, self.form, &state, &posted, &[], None))
        };
        Ok(html(REOPENED, ctx.page(&chrome, name, content)))
    }
}

/// Hook of `GET /{name}/edit`: the typed editor when the page is a sheet of a known form
/// (`?raw=1` asks for the raw text instead), saying who else has the page's editor open.
pub async fn typed_editor(
    ctx: &Ctx,
    req: &HttpRequest,
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
    let key = PageName::parse(name)?.key().to_owned();
    let (others, cookie) = crate::pages::presence::opened(ctx, req, conn, &key).await?;
    let chrome = chrome(conn, &ctx.access()).await?;
    let mut response = html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            name,
            typed_editor_with_presence(ctx, &form, &state, &posted, &[], None, Some(&others)),
        ),
    );
    if let Some(cookie) = cookie {
        response
            .add_cookie(&cookie)
            .map_err(|err| AppError::Internal(err.to_string()))?;
    }
    Ok(Some(response))
}

/// What is wrong with the text of a form page (`Form.{name}`), as (what, why) pairs in the
/// visitor's language. Empty: save as usual.
pub fn form_problems(name: &PageName, body: &str, lang: Lang) -> Vec<(String, String)> {
    let Some(form_name) = form::form_of_page(name.as_str()) else {
        return Vec::new();
    };
    let label = lang.t("form-problem-title");
    match Form::parse(body) {
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
    }
}

/// What is wrong with a sheet's text (its front matter, its fields under its form), as
/// (what, why) pairs in the visitor's language. Empty: save as usual.
pub async fn sheet_problems(
    conn: &mut AsyncPgConnection,
    body: &str,
    lang: Lang,
) -> Result<Vec<(String, String)>, AppError> {
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
    ctx.access().check_write(None)?;
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
    let page = ImportPage {
        data: &form.data,
        format,
    };
    let records = match format {
        "csv" => exchange::from_csv(&method_form(&mut conn).await?, &form.data),
        _ => exchange::from_json(&form.data),
    };
    let records = match records {
        Ok(records) => records,
        Err(FileError(id, detail)) => {
            let message = lang.t_with(id, &[("detail", &detail)]);
            return page
                .show(&ctx, &mut conn, UNPROCESSABLE, None, Some(message), false)
                .await;
        }
    };
    let access = ctx.access();
    let max_bytes = ctx.state.settings.max_page_bytes;
    let who = (&ctx.state.kinds, &access);
    let planned = import::plan(&mut conn, who, records, lang, max_bytes).await?;
    let rows: Vec<ReportRow> = planned
        .iter()
        .map(|p| ReportRow {
            row: p.row.row,
            page: p.row.page.clone(),
            outcome: p.row.outcome,
            reasons: p.row.reasons.clone(),
        })
        .collect();
    let (report, conn) = (Some(rows.as_slice()), &mut conn);
    if form.action != "apply" {
        return page
            .show(&ctx, conn, StatusCode::OK, report, None, false)
            .await;
    }
    if rows.iter().any(|r| r.outcome == "rejected") {
        let refused = Some(lang.t("import-refused"));
        return page
            .show(&ctx, conn, UNPROCESSABLE, report, refused, false)
            .await;
    }
    // Every page written must be one this visitor may write: told by the dry run, checked
    // again before anything is written, and decided again by each save on the page it locks.
    let saves: Vec<(PageName, String)> = planned.iter().filter_map(|p| p.save.clone()).collect();
    for (name, _) in &saves {
        crate::pages::routes::check_write_by_name(conn, &ctx.state.kinds, &access, name).await?;
    }
    let author = crate::accounts::author(&ctx, conn).await?;
    let writer = Writer::Visitor(&access);
    let kinds = &ctx.state.kinds;
    match queries::save_all(conn, kinds, &saves, (&author, "Import"), writer).await? {
        Ok(()) => {
            page.show(&ctx, conn, StatusCode::OK, report, None, true)
                .await
        }
        Err(moved) => {
            let message = Some(lang.t_with("import-moved", &[("page", &moved)]));
            page.show(&ctx, conn, StatusCode::CONFLICT, report, message, false)
                .await
        }
    }
}

/// The import page, with what was sent.
struct ImportPage<'a> {
    data: &'a str,
    format: &'a str,
}

impl ImportPage<'_> {
    /// The page with the report of the sheets sent (`applied`: they were written), and a
    /// message above it.
    async fn show(
        &self,
        ctx: &Ctx,
        conn: &mut AsyncPgConnection,
        status: StatusCode,
        report: Option<&[ReportRow]>,
        message: Option<String>,
        applied: bool,
    ) -> Result<HttpResponse, AppError> {
        let view = views::ImportView {
            data: self.data,
            format: self.format,
            report,
            message,
            applied,
        };
        let title = ctx.lang.t("import-title");
        ctx.render(conn, status, &title, views::import(ctx, &view))
            .await
    }
}
