//! Handlers of programmes: the list, the structured editor, the exports, the print view, the
//! import, and the hooks the page handlers call (`special_content` for the page view,
//! `typed_editor` for `GET /{name}/edit`, `raw_problems` for `POST /{name}/edit`, `used_in`
//! under every page). Every path resolves the page through `pages::resolve`, so a programme the
//! visitor may not read answers exactly like a missing page.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{self};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel_async::AsyncPgConnection;
use maud::Markup;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::Access;
use crate::accounts;
use crate::ctx::{Ctx, html};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::kind::Shown;
use crate::linking::routes::{CardsOf, cards_document};
use crate::linking::views::Card;
use crate::model::{Page, Revision};
use crate::names::{PageName, page_path, page_url};
use crate::pages::answer::answer;
use crate::pages::queries as page_queries;
use crate::pages::render::{chrome, outgoing_links, render_text};
use crate::pages::resolve::{Resolved, live_page_at, resolve, see_other};
use crate::pages::routes::RawEditor;
use crate::pages::routes::{check_body, check_write_by_name, normalise_summary};
use crate::pages::save::{Base, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer, save};
use crate::programmes::csv::CsvError;
use crate::programmes::editor::{self, EVENT_FIELDS, EventValues, SlotRow};
use crate::programmes::import::{self, ImportError};
use crate::programmes::programme::{self, MAX_SLOTS, MethodRef, Problem, Programme};
use crate::programmes::views::{self, Target, Targets};
use crate::programmes::{Export, csv as programme_csv, frab, grid, ical, queries};
use crate::security::CsrfForm;
use crate::spreadsheet;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/programmes", web::get().to(list))
        .route("/-/programmes.ics", web::get().to(all_calendar))
        .route("/-/programmes/grid.css", web::get().to(grid::serve))
        .route("/-/programmes/new", web::get().to(new_form))
        .route("/-/programmes/new", web::post().to(create))
        .route("/-/programmes/import", web::get().to(import_form))
        .route("/-/programmes/import", web::post().to(import))
        .route("/{name}/programme", web::post().to(update))
        .route("/{name}/programme.ics", exported_as(Format::Ical))
        .route("/{name}/schedule.xml", exported_as(Format::Xml))
        .route("/{name}/schedule.json", exported_as(Format::Json))
        .route("/{name}/programme.csv", exported_as(Format::Csv))
        .route("/{name}/cards", web::get().to(print_cards));
}

fn today() -> time::Date {
    OffsetDateTime::now_utc().date()
}

/// What each method reference of a programme leads to for this visitor: a live page they may
/// read, or nothing.
pub async fn targets(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    programme: &Programme,
) -> Result<Targets, AppError> {
    let methods = programme.slots.iter().flat_map(|slot| &slot.methods);
    targets_of(conn, access, methods).await
}

/// What method references lead to, those of several programmes in one query rather than one a
/// programme (the calendar of all programmes).
async fn targets_of<'m>(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    methods: impl IntoIterator<Item = &'m MethodRef>,
) -> Result<Targets, AppError> {
    let keys: Vec<String> = methods
        .into_iter()
        .filter_map(|m| PageName::parse(&m.name).ok())
        .map(|name| name.key().to_owned())
        .collect();
    let pages = queries::pages_by_keys(conn, &keys).await?;
    Ok(keys
        .into_iter()
        .map(|key| {
            let target = match pages.get(&key) {
                Some(page) if page.deleted_at.is_none() && access.may_read(page) => Target::Page {
                    name: page.name.clone(),
                    latest: page.latest_rev,
                },
                _ => Target::Missing,
            };
            (key, target)
        })
        .collect())
}

/// The schedule for a programme's page view (any revision), or `None` for other pages.
pub async fn schedule(
    conn: &mut AsyncPgConnection,
    shown: &Shown<'_>,
) -> Result<Option<String>, AppError> {
    let Some((mut programme, _)) = programme::parse(&shown.revision.body) else {
        return Ok(None);
    };
    programme.identify(shown.page.id);
    let name = &shown.page.name;
    let description = render_text(
        conn,
        shown.access,
        Some(name),
        programme.description.clone(),
    )
    .await?;
    let targets = targets(conn, shown.access, &programme).await?;
    Ok(Some(
        views::schedule(shown.lang, name, &programme, &description, &targets).into_string(),
    ))
}

/// Problems of a programme text saved through the raw editor (empty for other texts).
pub fn raw_problems(body: &str, lang: Lang) -> Vec<(String, String)> {
    match programme::parse(body) {
        Some((_, problems)) => problems
            .iter()
            .map(|p| (p.field.clone(), p.localise(lang)))
            .collect(),
        None => Vec::new(),
    }
}

/// `GET /{name}/edit` of a valid programme: the structured editor. A programme text with
/// problems opens in the raw editor, where nothing of it can be lost.
pub async fn typed_editor(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    name: &str,
    body: &str,
    base: i32,
) -> Result<Option<HttpResponse>, AppError> {
    let Some((mut programme, problems)) = programme::parse(body) else {
        return Ok(None);
    };
    if !problems.is_empty() {
        return Ok(None);
    }
    // The ids the exports have given slots the text has none for go into the form, so that
    // saving writes those very ids down.
    if let Some(page_queries::Found::Current(page) | page_queries::Found::FormerName(page)) =
        page_queries::find(conn, &PageName::parse(name)?).await?
    {
        programme.identify(page.id);
    }
    let (event, rooms, mut slots) = editor::values_of(&programme);
    slots.push(SlotRow::default());
    let editor = views::Editor {
        action: format!("{}/programme", page_path(name)),
        page: Some(name),
        new_name: "",
        base,
        submission_id: Uuid::new_v4().to_string(),
        event,
        rooms,
        slots,
        body: programme.description,
        summary: String::new(),
        errors: Vec::new(),
        unknown_methods: false,
    };
    let chrome = chrome(conn, &ctx.access()).await?;
    Ok(Some(html(
        StatusCode::OK,
        ctx.page(&chrome, name, views::editor(ctx, &editor)),
    )))
}

/// `GET /-/programmes`: a month of programmes as a grid (this month, or `?month=2026-12`),
/// then the list of them all.
async fn list(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let month = month_asked(req.query_string())?;
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let read = access.read_filter();
    let programmes = queries::list(&mut conn, &read, today()).await?;
    let in_month = queries::between(&mut conn, &read, month.first(), month.last()).await?;
    let chrome = chrome(&mut conn, &access).await?;
    let calendar = views::calendar(ctx.lang, month, &in_month, today());
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &ctx.lang.t("programmes-title"),
            views::list(
                ctx.lang,
                calendar,
                &programmes,
                today(),
                access.may_write(None),
            ),
        ),
    ))
}

/// The month `?month=` asks for, this month without one; a value that is no month is refused
/// with the form it should take.
fn month_asked(query: &str) -> Result<views::Month, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    match pairs.iter().find(|(key, _)| key == "month") {
        None => Ok(views::Month::of(today())),
        Some((_, value)) => {
            views::Month::parse(value).ok_or(AppError::BadRequest("programmes-bad-month"))
        }
    }
}

/// `GET /-/programmes.ics`: one calendar of every slot of every programme the visitor may
/// read, at their latest revisions, so that someone subscribes once rather than to each
/// programme. Slots keep the UIDs of their programme's own calendar; a programme the visitor
/// may not read is not in it at all.
async fn all_calendar(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let rows = queries::readable_latest(&mut conn, &access.read_filter()).await?;
    let read: Vec<(Page, Revision, Programme)> = rows
        .into_iter()
        .filter_map(|(page, revision)| {
            let (mut programme, _) = programme::parse(&revision.body)?;
            programme.identify(page.id);
            Some((page, revision, programme))
        })
        .collect();
    let methods = read
        .iter()
        .flat_map(|(_, _, programme)| &programme.slots)
        .flat_map(|slot| &slot.methods);
    let targets = targets_of(&mut conn, &access, methods).await?;
    let exports: Vec<Export<'_>> = read
        .iter()
        .map(|(page, revision, programme)| Export {
            programme,
            page_id: page.id,
            name: &page.name,
            version: page.latest_rev,
            base_url: &ctx.state.settings.base_url,
            targets: &targets,
            stamp: stamp(revision),
        })
        .collect();
    let name = format!("{} · {}", ctx.site.name, ctx.lang.t("programmes-title"));
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(ical::calendar_of(&name, &exports)))
}

/// `GET /-/programmes/new`: the editor with three empty slot rows, or with `?from=Name` a copy
/// of a programme the visitor may read, to start the next edition from.
async fn new_form(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    ctx.access().check_write(None)?;
    let mut conn = ctx.state.pool.get().await?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let (event, rooms, slots, body) = match pairs.iter().find(|(key, _)| key == "from") {
        Some((_, from)) => copy_of(&ctx, &mut conn, from).await?,
        None => {
            let mut event = EventValues::new();
            event.insert("start".into(), today().to_string());
            event.insert("end".into(), today().to_string());
            event.insert("timezone".into(), "UTC".into());
            // Most events are held in the language of whoever writes their programme.
            event.insert("language".into(), ctx.lang.code().into());
            (
                event,
                String::new(),
                vec![SlotRow::default(); 3],
                String::new(),
            )
        }
    };
    let editor = views::Editor {
        action: "/-/programmes/new".into(),
        page: None,
        new_name: "",
        base: 0,
        submission_id: Uuid::new_v4().to_string(),
        event,
        rooms,
        slots,
        body,
        summary: String::new(),
        errors: Vec::new(),
        unknown_methods: false,
    };
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &ctx.lang.t("programmes-new"),
            views::editor(&ctx, &editor),
        ),
    ))
}

/// The editor's values of a copy of the live programme `name` at its latest revision, for a
/// new programme: its event, rooms, slots and description, the slots without their ids (the
/// copy's sessions are other events, which calendars must not take for the original's) and
/// with an empty row to add one. A programme the visitor may not read is missing.
async fn copy_of(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    name: &str,
) -> Result<(EventValues, String, Vec<SlotRow>, String), AppError> {
    let body = crate::pages::resolve::latest_readable_text(conn, name, &ctx.access()).await?;
    let (programme, _) = programme::parse(&body).ok_or(AppError::NotFound)?;
    let (event, rooms, mut slots) = editor::values_of(&programme);
    for slot in &mut slots {
        slot.id.clear();
    }
    slots.push(SlotRow::default());
    Ok((event, rooms, slots, programme.description))
}

/// What the structured editor posted.
struct Posted {
    fields: HashMap<String, String>,
    event: EventValues,
    slots: Vec<SlotRow>,
}

impl Posted {
    fn of(pairs: Vec<(String, String)>) -> Posted {
        let mut fields = HashMap::new();
        let mut slots: Vec<SlotRow> = Vec::new();
        for (key, value) in pairs {
            if let Some(rest) = key.strip_prefix("slot-")
                && let Some((index, field)) = rest.split_once('-')
                && let Ok(index) = index.parse::<usize>()
                && index <= MAX_SLOTS
            {
                if slots.len() <= index {
                    slots.resize(index + 1, SlotRow::default());
                }
                // A browser sends the line breaks of a hidden field (an abstract) as CRLF.
                slots[index].set(field, value.replace("\r\n", "\n"));
            } else {
                fields.entry(key).or_insert(value);
            }
        }
        // Rows shown but not sent (a client may leave empty inputs out) still count.
        let shown = fields
            .get("rows")
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
            .min(MAX_SLOTS + 1);
        if slots.len() < shown {
            slots.resize(shown, SlotRow::default());
        }
        let event = EVENT_FIELDS
            .iter()
            .map(|(key, _)| {
                let value = fields.get(*key).cloned().unwrap_or_default();
                ((*key).to_owned(), value)
            })
            .collect();
        Posted {
            fields,
            event,
            slots,
        }
    }

    fn field(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", String::as_str)
    }
}

/// `POST /-/programmes/new`.
async fn create(
    ctx: Ctx,
    req: HttpRequest,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    submit(ctx, &req, None, Posted::of(form.0)).await
}

/// `POST /{name}/programme`.
async fn update(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let page = match resolve(&mut conn, &name, "/programme", &req, &ctx.access()).await? {
        Resolved::Page(page) if page.deleted_at.is_none() => page,
        _ => return Err(AppError::NotFound),
    };
    drop(conn);
    submit(ctx, &req, Some(page.name), Posted::of(form.0)).await
}

/// Adds a row, or checks and saves, what the structured editor sent.
async fn submit(
    ctx: Ctx,
    req: &HttpRequest,
    existing: Option<String>,
    mut posted: Posted,
) -> Result<HttpResponse, AppError> {
    let _slot = ctx.state.save_slot().await?;
    let mut conn = ctx.state.pool.get().await?;
    let editor = EditorPage {
        existing: existing.as_deref(),
        new_name: posted.field("page").trim().to_owned(),
        base: posted.field("base").parse().unwrap_or(0),
        unknown_methods: false,
    };
    if posted.field("action") == "add" {
        if posted.slots.len() <= MAX_SLOTS {
            posted.slots.push(SlotRow::default());
        }
        return editor
            .show(&ctx, &mut conn, StatusCode::OK, &posted, Vec::new())
            .await;
    }
    let Some(name) = editor.name()? else {
        let errors = vec![("page".to_owned(), ctx.lang.t("programme-error-page"))];
        return editor
            .show(&ctx, &mut conn, UNPROCESSABLE, &posted, errors)
            .await;
    };
    check_write_by_name(&mut conn, &ctx.state.kinds, &ctx.access(), &name).await?;
    let previous = previous_programme(&mut conn, &name, existing.is_some()).await?;
    let text = match programme_text(previous.as_ref(), &posted) {
        Ok(text) => text,
        Err(problems) => {
            let errors = localise(ctx.lang, &problems);
            return editor
                .show(&ctx, &mut conn, UNPROCESSABLE, &posted, errors)
                .await;
        }
    };
    if posted.field("missing") != "keep" {
        let errors = unknown_methods(&ctx, &mut conn, previous.as_ref(), &posted.slots).await?;
        if !errors.is_empty() {
            let editor = EditorPage {
                unknown_methods: true,
                ..editor
            };
            return editor
                .show(&ctx, &mut conn, UNPROCESSABLE, &posted, errors)
                .await;
        }
    }
    check_body(&text, &ctx.state)?;
    let submission_id = posted
        .field("submission_id")
        .parse()
        .unwrap_or_else(|_| Uuid::new_v4());
    let request = SaveRequest {
        revision: NewRevision {
            links: outgoing_links(&text),
            body: text.clone(),
            summary: normalise_summary(posted.field("summary")),
            author: accounts::author(&ctx, &mut conn).await?,
            restored_from: None,
            submission_id: Some(submission_id),
            on_stale: OnStale::Merge,
            undelete: false,
            at: None,
        },
        name,
        base: Base::from_number(editor.base),
    };
    // Overlapping changes, or the programme deleted meanwhile: the raw editor with this text
    // and what changed, as for any page, so nothing typed is lost.
    let reopen = RawEditor {
        body: text,
        summary: request.revision.summary.clone(),
        base: request.base,
        submission_id,
        recreate: false,
    };
    let access = ctx.access();
    let writer = Writer::Visitor(&access);
    let outcome = save(&mut conn, &ctx.state.kinds, &request, writer).await?;
    answer(&ctx, req, &mut conn, &request, outcome, &reopen).await
}

/// How many close titles a method name that leads nowhere is shown with.
const SUGGESTED: i64 = 3;

/// How many different names that lead nowhere are looked up for close titles in one save: a
/// pasted list of hundreds would otherwise cost a search each; the others are only named.
const MOST_SUGGESTED: usize = 20;

/// Method names of the rows that lead to no page the visitor may read, as errors next to the
/// row's methods with the closest titles (the search's title similarity): a typo ("Bocal a
/// poissons") saved silently would be a method nobody can open. Names the programme already
/// had are not asked about again, so a page still to write is confirmed once, not at every
/// save.
async fn unknown_methods(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    previous: Option<&Programme>,
    rows: &[SlotRow],
) -> Result<Vec<(String, String)>, AppError> {
    let key = |method: &MethodRef| {
        PageName::parse(&method.name)
            .ok()
            .map(|n| n.key().to_owned())
    };
    let known: std::collections::HashSet<String> = previous
        .iter()
        .flat_map(|p| &p.slots)
        .flat_map(|slot| &slot.methods)
        .filter_map(key)
        .collect();
    let typed: Vec<(usize, MethodRef)> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.is_empty())
        .flat_map(|(i, row)| {
            programme::split_list(&row.methods)
                .into_iter()
                .filter_map(move |text| MethodRef::parse(&text).map(|m| (i, m)))
        })
        .filter(|(_, method)| key(method).is_some_and(|k| !known.contains(&k)))
        .collect();
    let access = ctx.access();
    let targets = targets_of(conn, &access, typed.iter().map(|(_, m)| m)).await?;
    let read = access.read_filter();
    let mut suggested: HashMap<&str, Vec<String>> = HashMap::new();
    let mut errors = Vec::new();
    for (i, method) in &typed {
        let found = key(method)
            .and_then(|k| targets.get(&k))
            .is_some_and(|t| matches!(t, Target::Page { .. }));
        if found {
            continue;
        }
        let name = method.name.as_str();
        if !suggested.contains_key(name) && suggested.len() < MOST_SUGGESTED {
            let words: Vec<String> = name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| word.chars().count() >= 3)
                .map(str::to_lowercase)
                .take(8)
                .collect();
            let titles =
                crate::search::queries::similar_titles(conn, &read, &words, SUGGESTED).await?;
            suggested.insert(name, titles);
        }
        let message = match suggested.get(name) {
            Some(titles) if !titles.is_empty() => ctx.lang.t_with(
                "programme-error-method-unknown",
                &[("method", name), ("titles", &titles.join(", "))],
            ),
            Some(_) => ctx
                .lang
                .t_with("programme-error-method-nowhere", &[("method", name)]),
            None => ctx
                .lang
                .t_with("programme-error-method-missing", &[("method", name)]),
        };
        errors.push((format!("slots.{i}.methods"), message));
    }
    Ok(errors)
}

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// The structured editor of a programme, as a submission shows it again.
struct EditorPage<'a> {
    /// The programme edited, or `None` for a new one.
    existing: Option<&'a str>,
    /// The name typed for a new programme.
    new_name: String,
    base: i32,
    /// Whether the errors name methods that lead nowhere, which the form then offers to keep.
    unknown_methods: bool,
}

impl EditorPage<'_> {
    /// The page to save: the programme edited, or the valid name typed for a new one.
    fn name(&self) -> Result<Option<PageName>, AppError> {
        match self.existing {
            Some(name) => Ok(Some(PageName::parse(name)?)),
            None => Ok(PageName::parse(&self.new_name).ok()),
        }
    }

    /// The editor with what was posted, and the errors next to their fields.
    async fn show(
        &self,
        ctx: &Ctx,
        conn: &mut AsyncPgConnection,
        status: StatusCode,
        posted: &Posted,
        errors: Vec<(String, String)>,
    ) -> Result<HttpResponse, AppError> {
        let view = views::Editor {
            action: self.existing.map_or_else(
                || "/-/programmes/new".to_owned(),
                |name| format!("{}/programme", page_path(name)),
            ),
            page: self.existing,
            new_name: &self.new_name,
            base: self.base,
            submission_id: posted.field("submission_id").to_owned(),
            event: posted.event.clone(),
            rooms: posted.field("rooms").to_owned(),
            slots: posted.slots.clone(),
            body: posted.field("body").replace("\r\n", "\n"),
            summary: posted.field("summary").to_owned(),
            errors,
            unknown_methods: self.unknown_methods,
        };
        let title = self
            .existing
            .map_or_else(|| ctx.lang.t("programmes-new"), str::to_owned);
        ctx.render(conn, status, &title, views::editor(ctx, &view))
            .await
    }
}

/// The latest revision of the programme edited, parsed; `None` for a new programme.
async fn previous_programme(
    conn: &mut AsyncPgConnection,
    name: &PageName,
    existing: bool,
) -> Result<Option<Programme>, AppError> {
    match page_queries::find(conn, name).await? {
        Some(page_queries::Found::Current(page) | page_queries::Found::FormerName(page))
            if existing =>
        {
            let body = page_queries::latest_body(conn, &page).await?;
            Ok(programme::parse(&body).map(|(p, _)| p))
        }
        _ => Ok(None),
    }
}

/// The text of the programme the structured editor sent, or what is wrong with it. Keys the
/// editor does not know are carried over from the latest revision of an existing programme.
fn programme_text(previous: Option<&Programme>, posted: &Posted) -> Result<String, Vec<Problem>> {
    let previous = previous.map(|p| p.extra.clone()).unwrap_or_default();
    let body = posted.field("body").replace("\r\n", "\n");
    let (mut programme, problems) = editor::build(
        &posted.event,
        posted.field("rooms"),
        &posted.slots,
        &body,
        &previous,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    // Rows the form added have no id yet: they get theirs now, written with them for good.
    programme.give_new_ids();
    Ok(programme.to_text())
}

fn localise(lang: Lang, problems: &[Problem]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| {
            let field = if p.field == programme::KEY {
                "title".to_owned()
            } else {
                p.field.clone()
            };
            (field, p.localise(lang))
        })
        .collect()
}

/// A live programme the visitor may read, at its latest revision: its page, revision and
/// model; anything else is a missing page.
async fn readable_programme(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    req: &HttpRequest,
    raw: &str,
) -> Result<(Page, Revision, Programme), AppError> {
    let page = live_page_at(conn, raw, req, &ctx.access()).await?;
    let revision = page_queries::revision(conn, page.id, page.latest_rev)
        .await?
        .ok_or(AppError::NotFound)?;
    let (programme, _) = programme::parse(&revision.body).ok_or(AppError::NotFound)?;
    Ok((page, revision, programme))
}

fn stamp(revision: &Revision) -> jiff::Timestamp {
    jiff::Timestamp::from_second(revision.created_at.unix_timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// Which export a route answers with.
#[derive(Clone, Copy)]
enum Format {
    Ical,
    Xml,
    Json,
    Csv,
}

async fn export(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    format: Format,
) -> Result<HttpResponse, AppError> {
    let (suffix, content_type) = match format {
        Format::Ical => ("/programme.ics", "text/calendar; charset=utf-8"),
        Format::Xml => ("/schedule.xml", "application/xml; charset=utf-8"),
        Format::Json => ("/schedule.json", "application/json"),
        Format::Csv => ("/programme.csv", "text/csv; charset=utf-8"),
    };
    let mut conn = ctx.state.pool.get().await?;
    let (page, revision, mut programme) = readable_programme(&ctx, &mut conn, &req, &name).await?;
    programme.identify(page.id);
    let targets = targets(&mut conn, &ctx.access(), &programme).await?;
    let export = Export {
        programme: &programme,
        page_id: page.id,
        name: &page.name,
        version: page.latest_rev,
        base_url: &ctx.state.settings.base_url,
        targets: &targets,
        stamp: stamp(&revision),
    };
    let body = match format {
        Format::Ical => ical::calendar(&export),
        Format::Xml => frab::xml(&export).map_err(|err| AppError::Internal(err.to_string()))?,
        Format::Json => frab::json(&export, json_layout(req.query_string())?).to_string(),
        Format::Csv => programme_csv::write(&programme, spreadsheet::wants_bom(req.query_string()))
            .map_err(|err| AppError::Internal(err.to_string()))?,
    };
    let file = format!(
        "attachment; filename=\"{}{}\"",
        page.name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>(),
        suffix.replace('/', "-")
    );
    let mut response = HttpResponse::Ok();
    response.content_type(content_type);
    if matches!(format, Format::Ical | Format::Csv) {
        response.insert_header((header::CONTENT_DISPOSITION, file));
    }
    Ok(response.body(body))
}

/// The layout `?layout=` asks of `schedule.json`: the flat one of `schema2.json` by default
/// (or `schema2`), the classic one of `schema.json` (frab, pretalx) with `classic`.
fn json_layout(query: &str) -> Result<frab::Layout, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let mut layout = frab::Layout::Flat;
    for (_, value) in pairs.iter().filter(|(key, _)| key == "layout") {
        layout = match value.as_str() {
            "" | "schema2" => frab::Layout::Flat,
            "classic" => frab::Layout::Classic,
            _ => return Err(AppError::BadRequest("programme-export-bad-layout")),
        };
    }
    Ok(layout)
}

/// `GET` of one export format of a programme.
fn exported_as(format: Format) -> actix_web::Route {
    web::get().to(move |ctx: Ctx, req: HttpRequest, name: web::Path<String>| {
        export(ctx, req, name, format)
    })
}

/// The printable days of a programme revision (for `GET /{name}/print`, which
/// `linking::routes` serves for every kind of page), or `None` for other pages.
pub async fn print_view(
    lang: Lang,
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    revision: &Revision,
) -> Result<Option<Markup>, AppError> {
    let Some((programme, _)) = programme::parse(&revision.body) else {
        return Ok(None);
    };
    let targets = targets(conn, access, &programme).await?;
    Ok(Some(views::print(lang, &programme, &targets)))
}

/// `GET /{name}/cards`: the method cards of every method the programme's slots use, once
/// each, at the revision the slot pins (`methods_used`), for the organisers' table or the
/// room's wall; `paper=a4` for four to an A4 sheet. A method the visitor may not read, or
/// that is no method sheet, is left out.
async fn print_cards(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let (page, _, programme) = readable_programme(&ctx, &mut conn, &req, &name).await?;
    let access = ctx.access();
    let targets = targets(&mut conn, &access, &programme).await?;
    let used = crate::programmes::methods_used(&programme, &targets);
    let keys: Vec<String> = used
        .iter()
        .filter_map(|(name, _)| PageName::parse(name).ok())
        .map(|name| name.key().to_owned())
        .collect();
    let pages = queries::pages_by_keys(&mut conn, &keys).await?;
    let mut cards = Vec::new();
    for ((method, number), key) in used.into_iter().zip(&keys) {
        let Some(method_page) = pages.get(key) else {
            continue;
        };
        let Some(revision) = page_queries::revision(&mut conn, method_page.id, number).await?
        else {
            continue;
        };
        let Some(kind) = ctx.state.kinds.of(&method, &revision.body) else {
            continue;
        };
        if let Some(brief) = kind.brief(&mut conn, ctx.lang, &revision).await? {
            cards.push(Card {
                pinned_url: page_url(&ctx.state.settings.base_url, &method, Some(number)),
                name: method,
                number,
                brief,
            });
        }
    }
    let path = page_path(&page.name);
    let title = ctx
        .lang
        .t_with("print-cards-of", &[("programme", &page.name)]);
    let back = ctx.lang.t("print-cards-back-programme");
    let markup = cards_document(
        &ctx,
        &req,
        CardsOf {
            title: &title,
            path: &format!("{path}/cards"),
            back: (&path, &back),
        },
        &cards,
    );
    Ok(html(StatusCode::OK, markup))
}

/// `GET /-/programmes/import`.
async fn import_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.access().check_write(None)?;
    let mut conn = ctx.state.pool.get().await?;
    let chrome = chrome(&mut conn, &ctx.access()).await?;
    Ok(html(
        StatusCode::OK,
        ctx.page(
            &chrome,
            &ctx.lang.t("programmes-import"),
            views::import(
                &ctx,
                &views::Import {
                    page: "",
                    format: "csv",
                    data: "",
                    refused: None,
                    report: None,
                },
            ),
        ),
    ))
}

#[derive(serde::Deserialize)]
struct ImportForm {
    page: String,
    format: String,
    data: String,
    action: Option<String>,
}

/// `POST /-/programmes/import`: a dry run (what would be created, which method names lead
/// nowhere), or with `action=confirm` the save, one revision in one transaction. A text that
/// cannot be imported comes back in the form, with what is wrong, in the visitor's language.
async fn import(ctx: Ctx, form: CsrfForm<ImportForm>) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let lang = ctx.lang;
    ctx.access().check_write(None)?;
    check_body(&form.data, &ctx.state)?;
    let mut conn = ctx.state.pool.get().await?;
    let data = form.data.replace("\r\n", "\n");
    let typed = form.page.trim();
    let refuse = |status: StatusCode, notice: Markup| {
        let view = views::Import {
            page: typed,
            format: &form.format,
            data: &data,
            refused: Some(notice),
            report: None,
        };
        (status, views::import(&ctx, &view))
    };
    let Ok(name) = PageName::parse(typed) else {
        let notice = views::import_refused(lang, &lang.t("programme-error-page"), None);
        let (status, content) = refuse(StatusCode::BAD_REQUEST, notice);
        return ctx
            .render(&mut conn, status, &lang.t("programmes-import"), content)
            .await;
    };
    check_write_by_name(&mut conn, &ctx.state.kinds, &ctx.access(), &name).await?;
    if let Some(page_queries::Found::Current(page) | page_queries::Found::FormerName(page)) =
        page_queries::find(&mut conn, &name).await?
    {
        return Err(AppError::NameTaken {
            wanted: name.as_str().to_owned(),
            existing: page.name,
        });
    }
    let programme = match import::read(&form.format, &data, name.as_str()) {
        Ok(programme) => programme,
        Err(error) => {
            let (status, notice) = import_refusal(lang, &error);
            let (status, content) = refuse(status, notice);
            return ctx
                .render(&mut conn, status, &lang.t("programmes-import"), content)
                .await;
        }
    };
    if form.action.as_deref() == Some("confirm") {
        return save_import(&ctx, &mut conn, name, &programme).await;
    }
    let targets = targets(&mut conn, &ctx.access(), &programme).await?;
    let rows: Vec<views::ReportSlot<'_>> = programme
        .slots
        .iter()
        .map(|slot| views::ReportSlot {
            slot,
            unknown: slot
                .methods
                .iter()
                .filter(|m| {
                    PageName::parse(&m.name)
                        .ok()
                        .and_then(|n| targets.get(n.key()))
                        .is_none_or(|t| matches!(t, Target::Missing))
                })
                .map(|m| m.name.as_str())
                .collect(),
        })
        .collect();
    let report = Some((name.as_str(), &programme, rows.as_slice()));
    let view = views::Import {
        page: name.as_str(),
        format: &form.format,
        data: &data,
        refused: None,
        report,
    };
    let content = views::import(&ctx, &view);
    let title = lang.t("programmes-import");
    ctx.render(&mut conn, StatusCode::OK, &title, content).await
}

/// Why a text could not be imported: the status, and the notice above the form (the problems
/// of its slots, or a message and the reader's own words when it has some, such as the line and
/// column of a JSON or XML error, which are technical and shown as they are).
fn import_refusal(lang: Lang, error: &ImportError) -> (StatusCode, Markup) {
    let (status, message, detail) = match error {
        ImportError::Invalid(problems) => {
            let notice = crate::pages::views::problems_notice(lang, &localise(lang, problems));
            return (UNPROCESSABLE, notice);
        }
        ImportError::TooMany | ImportError::Csv(CsvError::TooMany) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "programme-error-too-many-slots",
            None,
        ),
        ImportError::Empty => (UNPROCESSABLE, "programme-import-empty", None),
        ImportError::Csv(CsvError::Zones) => (UNPROCESSABLE, "programme-import-zones", None),
        ImportError::Csv(CsvError::Unreadable(detail)) => (
            StatusCode::BAD_REQUEST,
            "programme-import-bad-csv",
            Some(detail.as_str()),
        ),
        ImportError::Csv(CsvError::MissingColumn(_)) => {
            (StatusCode::BAD_REQUEST, "programme-import-bad-csv", None)
        }
        ImportError::Json(detail) => (
            StatusCode::BAD_REQUEST,
            "programme-import-bad-json",
            Some(detail.as_str()),
        ),
        ImportError::NotFrab => (StatusCode::BAD_REQUEST, "programme-import-bad-json", None),
        ImportError::Xml(detail) => (
            StatusCode::BAD_REQUEST,
            "programme-import-bad-xml",
            Some(detail.as_str()),
        ),
    };
    (
        status,
        views::import_refused(lang, &lang.t(message), detail),
    )
}

/// Saves an imported programme as a new page. An import never writes over a page: a name taken
/// meanwhile (or by a page the visitor may not read) is refused.
async fn save_import(
    ctx: &Ctx,
    conn: &mut AsyncPgConnection,
    name: PageName,
    programme: &Programme,
) -> Result<HttpResponse, AppError> {
    let text = programme.to_text();
    check_body(&text, &ctx.state)?;
    let request = SaveRequest {
        revision: NewRevision {
            links: outgoing_links(&text),
            body: text,
            summary: ctx.lang.t("programme-import-summary"),
            author: accounts::author(ctx, conn).await?,
            restored_from: None,
            submission_id: None,
            on_stale: OnStale::Refuse,
            undelete: false,
            at: None,
        },
        name,
        base: Base::New,
    };
    let access = ctx.access();
    let writer = Writer::Visitor(&access);
    let wanted = request.name.as_str().to_owned();
    match save(conn, &ctx.state.kinds, &request, writer).await? {
        SaveOutcome::Saved { name, .. } => Ok(see_other(&page_path(&name))),
        SaveOutcome::Refused(refusal) => Err(refusal),
        SaveOutcome::NameTaken { existing } => Err(AppError::NameTaken { wanted, existing }),
        _ => Err(AppError::NameTaken {
            existing: wanted.clone(),
            wanted,
        }),
    }
}
