//! HTML of programmes: the schedule on the programme's page, the list, the editor, "used in" on
//! method pages, the import report and the printable programme. Pure functions from data to
//! markup; they never touch the database.

use std::collections::HashMap;

use maud::{Markup, PreEscaped, html};
use time::{Date, Duration};

use crate::assets;
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::layout::input_type;
use crate::names::{PageName, page_path};
use crate::programmes::editor::{EVENT_FIELDS, HIDDEN_SLOT_FIELDS, SLOT_FIELDS, SlotRow};
use crate::programmes::grid;
use crate::programmes::programme::{MethodRef, Programme, Slot, clock};
use crate::programmes::queries::{Listed, Use};
use crate::programmes::slot_anchor;
use crate::spreadsheet;

/// What a method reference leads to, for the visitor reading the programme.
#[derive(Debug, Clone)]
pub enum Target {
    /// A live page the visitor may read: its current name and latest revision.
    Page { name: String, latest: i32 },
    /// No such page, or one the visitor may not read, or a deleted one.
    Missing,
}

/// Method references of a programme, by the key of the name written.
pub type Targets = HashMap<String, Target>;

fn target_of<'t>(targets: &'t Targets, method: &MethodRef) -> &'t Target {
    static MISSING: Target = Target::Missing;
    PageName::parse(&method.name)
        .ok()
        .and_then(|name| targets.get(name.key()))
        .unwrap_or(&MISSING)
}

/// The stylesheets of programme views (the grid's rules are generated: [`grid::STYLESHEET`]);
/// in the body, so the shared layout needs no change.
fn stylesheet() -> Markup {
    html! {
        link rel="stylesheet" href=(assets::url("programmes.css"));
        link rel="stylesheet" href=(grid::stylesheet_url());
    }
}

/// The address of a method as a slot uses it: the pinned revision, or the page.
pub fn method_href(name: &str, rev: Option<i32>) -> String {
    match rev {
        Some(rev) => format!("{}?rev={rev}", page_path(name)),
        None => page_path(name),
    }
}

fn method_item(lang: Lang, method: &MethodRef, target: &Target) -> Markup {
    html! {
        li.method-ref {
            @match target {
                Target::Page { name, latest } => {
                    a href=(method_href(name, method.rev)) { (name) }
                    @if let Some(rev) = method.rev {
                        " " span.pinned { (lang.t_with("programme-pinned", &[("rev", &rev.to_string())])) }
                        @if rev < *latest {
                            p.notice.moved-on role="note" {
                                (lang.t_with("programme-moved-on", &[("rev", &rev.to_string()), ("latest", &latest.to_string())]))
                                " "
                                a href={(page_path(name)) "/diff?from=" (rev) "&to=" (latest)} { (lang.t("programme-see-changes")) }
                            }
                        }
                    }
                }
                Target::Missing => {
                    span.missing-method { (method.name) } " "
                    span.pinned { (lang.t("programme-method-missing")) }
                }
            }
        }
    }
}

/// A slot of the schedule, under the id the exports' event addresses end in
/// ([`slot_anchor`]); its own texts in its language when it has one.
fn slot_card(lang: Lang, slot: &Slot, targets: &Targets, show_room: bool) -> Markup {
    let content_lang = (!slot.language.is_empty()).then_some(slot.language.as_str());
    let kinds: Vec<&str> = [slot.track.as_str(), slot.kind.as_str()]
        .into_iter()
        .filter(|text| !text.is_empty())
        .collect();
    html! {
        div.slot id=(slot_anchor(slot)) {
            p.slot-time {
                time datetime=(slot.start_datetime()) { (slot.start_text()) } "–" time datetime=(slot.end_datetime()) { (slot.end_text()) }
                @if show_room && !slot.room.is_empty() { " · " span.slot-room { (slot.room) } }
            }
            h3.slot-title lang=[content_lang] { (slot.title) }
            @if !slot.subtitle.is_empty() { p.slot-subtitle lang=[content_lang] { (slot.subtitle) } }
            @if !kinds.is_empty() { p.slot-kind { (kinds.join(" · ")) } }
            @if !slot.summary.is_empty() { p.slot-abstract lang=[content_lang] { (slot.summary) } }
            @if !slot.facilitators.is_empty() {
                p { (lang.t("programme-facilitators")) " : " (slot.facilitators.join(", ")) }
            }
            @if let Some(size) = slot.group_size {
                p { (lang.t_count("programme-group-size", i64::from(size), &[])) }
            }
            @if !slot.methods.is_empty() {
                ul.slot-methods aria-label=(lang.t("programme-methods")) {
                    @for method in &slot.methods {
                        (method_item(lang, method, target_of(targets, method)))
                    }
                }
            }
            @if !slot.outcome.is_empty() {
                div.slot-outcome {
                    p.outcome-title { (lang.t("programme-outcome")) }
                    @if let Some(size) = slot.outcome.actual_size {
                        p { (lang.t_count("programme-actual-size", i64::from(size), &[])) }
                    }
                    @if !slot.outcome.how.is_empty() { p { (slot.outcome.how) } }
                    @if !slot.outcome.learnings.is_empty() {
                        p { (lang.t("programme-learnings")) " : " (slot.outcome.learnings) }
                    }
                }
            }
        }
    }
}

fn day_heading(lang: Lang, index: usize, day: Date) -> String {
    lang.t_with(
        "programme-day",
        &[
            ("n", &(index + 1).to_string()),
            ("date", &crate::layout::long_date(lang, day)),
        ],
    )
}

fn event_facts(lang: Lang, programme: &Programme) -> Markup {
    html! {
        dl.programme-facts {
            dt { (lang.t("programme-field-dates")) }
            dd {
                time datetime=(programme.start) { (crate::layout::long_date(lang, programme.start)) }
                @if programme.end != programme.start {
                    " – " time datetime=(programme.end) { (crate::layout::long_date(lang, programme.end)) }
                }
            }
            @if !programme.place.is_empty() {
                dt { (lang.t("programme-field-place")) } dd { (programme.place) }
            }
            dt { (lang.t("programme-fact-timezone")) } dd { (programme.timezone) }
            @if !programme.organisers.is_empty() {
                dt { (lang.t("programme-field-organisers")) } dd { (programme.organisers.join(", ")) }
            }
            @if !programme.licence.is_empty() {
                dt { (lang.t("programme-fact-licence")) } dd { (programme.licence) }
            }
        }
    }
}

/// The query of the editor that starts a new programme from a copy of `name`.
fn duplicate_query(name: &str) -> String {
    serde_urlencoded::to_string([("from", name)]).unwrap_or_default()
}

/// The content of a programme's page: the event, its description (rendered Markdown), the
/// exports, and the schedule of each day ([`day_schedule`]).
pub fn schedule(
    lang: Lang,
    name: &str,
    programme: &Programme,
    description: &str,
    targets: &Targets,
) -> Markup {
    let path = page_path(name);
    let rooms = programme.all_rooms();
    html! {
        (stylesheet())
        div.programme {
            p.programme-title { (programme.title) }
            (event_facts(lang, programme))
            div.page-content { (PreEscaped(description)) }
            nav.programme-exports aria-label=(lang.t("programme-exports")) {
                ul {
                    li { a href={(path) "/print"} { (lang.t("programme-print")) } }
                    @if !crate::programmes::methods_used(programme, targets).is_empty() {
                        li { a href={(path) "/cards"} { (lang.t("programme-print-cards")) } }
                    }
                    li { a href={(path) "/programme.ics"} { (lang.t("programme-export-ics")) } }
                    li { a href={(path) "/schedule.xml"} { (lang.t("programme-export-xml")) } }
                    li { a href={(path) "/schedule.json"} { (lang.t("programme-export-json")) } }
                    li { a href={(path) "/schedule.json?layout=classic"} { (lang.t("programme-export-json-classic")) } }
                    li { a href={(path) "/programme.csv"} { (lang.t("programme-export-csv")) } }
                    li { a href=(spreadsheet::for_spreadsheets(&format!("{path}/programme.csv"))) { (lang.t("programme-export-csv-spreadsheet")) } }
                    li { a href={"/-/programmes/new?" (duplicate_query(name))} { (lang.t("programme-duplicate")) } }
                }
            }
            @for (i, day) in programme.days().into_iter().enumerate() {
                @let slots = programme.slots_of(day);
                section.programme-day aria-labelledby={"cw-day-" (i)} {
                    h2 #{"cw-day-" (i)} { (day_heading(lang, i, day)) }
                    @if slots.is_empty() {
                        p { (lang.t("programme-no-slot")) }
                    } @else {
                        (day_schedule(lang, &slots, &rooms, targets))
                    }
                }
            }
        }
    }
}

/// A day's slots as one list in the order they happen, each saying its time and room: what
/// a screen reader reads and a phone or a printer shows. On a wide screen the stylesheet lays
/// the same list out as a grid ([`grid::lay_out`]): rooms as columns under their names, the
/// hours down the side, each block as tall as its slot lasts. The names and hours are
/// repeated in every slot, so they are hidden from screen readers. A day the grid cannot
/// show well stays the list.
fn day_schedule(lang: Lang, slots: &[&Slot], rooms: &[String], targets: &Targets) -> Markup {
    let Some(day) = grid::lay_out(slots, rooms) else {
        return html! {
            ol.schedule-slots {
                @for slot in slots { li { (slot_card(lang, slot, targets, true)) } }
            }
        };
    };
    let columns = rooms.len().max(1);
    html! {
        div class={"schedule-grid rooms-" (columns)} {
            div.grid-rooms aria-hidden="true" {
                @for (i, room) in rooms.iter().enumerate() {
                    p class={"grid-room room-" (i + 1)} { (room) }
                }
            }
            div.grid-hours aria-hidden="true" {
                @for (hour, row) in day.hours() {
                    p class={"grid-hour at-" (row) " span-" (60 / grid::MINUTES_A_ROW)} { (clock(hour % (24 * 60))) }
                }
            }
            ol.schedule-slots {
                @for placed in &day.placed {
                    li class=(grid::classes(placed)) { (slot_card(lang, placed.slot, targets, true)) }
                }
            }
        }
    }
}

/// `/-/programmes`: the month grid ([`calendar`]), then every programme, upcoming ones first.
pub fn list(
    lang: Lang,
    month: Markup,
    programmes: &[Listed],
    today: Date,
    may_create: bool,
) -> Markup {
    let (upcoming, past): (Vec<&Listed>, Vec<&Listed>) =
        programmes.iter().partition(|p| p.ends_on >= today);
    let entries = |items: Vec<&Listed>| {
        html! {
            ul.programme-list {
                @for p in items {
                    li {
                        a href=(page_path(&p.name)) { (p.title) }
                        " · " time datetime=(p.starts_on) { (crate::layout::long_date(lang, p.starts_on)) }
                        @if p.ends_on != p.starts_on { " – " time datetime=(p.ends_on) { (crate::layout::long_date(lang, p.ends_on)) } }
                        @if !p.place.is_empty() { " · " (p.place) }
                    }
                }
            }
        }
    };
    html! {
        (stylesheet())
        h1 { (lang.t("programmes-title")) }
        p.programme-feed {
            a rel="alternate" type="text/calendar" href="/-/programmes.ics" {
                (lang.t("programmes-calendar-feed"))
            }
        }
        (month)
        @if may_create {
            p.actions {
                a href="/-/programmes/new" { (lang.t("programmes-new")) }
                " · "
                a href="/-/programmes/import" { (lang.t("programmes-import")) }
            }
        }
        section aria-labelledby="cw-upcoming" {
            h2 #cw-upcoming { (lang.t("programmes-upcoming")) }
            @if upcoming.is_empty() { p { (lang.t("programmes-none")) } } @else { (entries(upcoming)) }
        }
        section aria-labelledby="cw-past" {
            h2 #cw-past { (lang.t("programmes-past")) }
            @if past.is_empty() { p { (lang.t("programmes-none")) } } @else { (entries(past)) }
        }
    }
}

/// A month of the calendar at `/-/programmes`, by its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month(Date);

impl Month {
    /// The month a day is in.
    pub fn of(day: Date) -> Month {
        Month(day.replace_day(1).unwrap_or(day))
    }

    /// A month as `?month=` writes it (`2026-12`); `None` for anything else, so that a typo in
    /// an address is told rather than shown as another month.
    pub fn parse(text: &str) -> Option<Month> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let first = Date::parse(&format!("{text}-01"), format).ok()?;
        (text.len() == 7 && first.year() >= 1).then_some(Month(first))
    }

    pub fn first(self) -> Date {
        self.0
    }

    pub fn last(self) -> Date {
        let length = self.0.month().length(self.0.year());
        self.0.replace_day(length).unwrap_or(self.0)
    }

    /// The month before, while there is one to write with four digits.
    fn previous(self) -> Option<Month> {
        self.0
            .previous_day()
            .filter(|day| day.year() >= 1)
            .map(Month::of)
    }

    fn next(self) -> Option<Month> {
        self.last().next_day().map(Month::of)
    }

    /// The value of `?month=` that shows this month.
    fn param(self) -> String {
        format!("{:04}-{:02}", self.0.year(), u8::from(self.0.month()))
    }

    /// "December 2026" in the visitor's language.
    fn title(self, lang: Lang) -> String {
        lang.t_with(
            "programmes-month-year",
            &[
                ("month", &month_name(lang, self.0)),
                ("year", &self.0.year().to_string()),
            ],
        )
    }

    /// The weeks the month's days fall in, Monday first (ISO 8601, as in both languages'
    /// calendars); a day of another month is `None`.
    fn weeks(self) -> Vec<Vec<Option<Date>>> {
        let offset = usize::from(self.0.weekday().number_days_from_monday());
        let length = usize::from(self.last().day());
        let days: Vec<Option<Date>> = (0..(offset + length).div_ceil(7) * 7)
            .map(|i| {
                let n = i.checked_sub(offset).filter(|n| *n < length)?;
                self.0.checked_add(Duration::days(i64::try_from(n).ok()?))
            })
            .collect();
        days.chunks(7).map(<[Option<Date>]>::to_vec).collect()
    }
}

fn month_name(lang: Lang, day: Date) -> String {
    lang.t(&format!("programmes-month-{}", u8::from(day.month())))
}

/// The weekday's name, `number` counted from Monday = 1; `short` for the grid's headings.
fn weekday_name(lang: Lang, number: u8, short: bool) -> String {
    let kind = if short { "short-" } else { "" };
    lang.t(&format!("programmes-weekday-{kind}{number}"))
}

/// The month grid at `/-/programmes`: weeks as rows, days from Monday as columns, each
/// programme named (and linked) on every day it runs, the months before and after a link
/// away. On phones the stylesheet makes it a list of the days that have programmes.
pub fn calendar(lang: Lang, month: Month, programmes: &[Listed], today: Date) -> Markup {
    let link = |other: Month| format!("/-/programmes?month={}", other.param());
    html! {
        section.programme-calendar aria-labelledby="cw-month" {
            h2 #cw-month { (month.title(lang)) }
            nav.month-nav aria-label=(lang.t("programmes-months")) {
                @if let Some(previous) = month.previous() {
                    a rel="prev" href=(link(previous)) { "← " (previous.title(lang)) }
                }
                @if let Some(next) = month.next() {
                    a rel="next" href=(link(next)) { (next.title(lang)) " →" }
                }
            }
            table.month-grid aria-labelledby="cw-month" {
                thead {
                    tr {
                        @for number in 1..=7 {
                            th scope="col" {
                                abbr title=(weekday_name(lang, number, false)) { (weekday_name(lang, number, true)) }
                            }
                        }
                    }
                }
                tbody {
                    @for week in month.weeks() {
                        tr {
                            @for day in week {
                                @if let Some(day) = day {
                                    @let here: Vec<&Listed> = programmes
                                        .iter()
                                        .filter(|p| p.starts_on <= day && day <= p.ends_on)
                                        .collect();
                                    td class=(if here.is_empty() { "free" } else { "busy" })
                                        aria-current=[(day == today).then_some("date")] {
                                        time datetime=(day) {
                                            span.weekday { (weekday_name(lang, day.weekday().number_from_monday(), false)) " " }
                                            (day.day())
                                        }
                                        @if !here.is_empty() {
                                            ul {
                                                @for p in here {
                                                    li { a href=(page_path(&p.name)) { (p.title) } }
                                                }
                                            }
                                        }
                                    }
                                } @else {
                                    td.outside {}
                                }
                            }
                        }
                    }
                }
            }
            @if programmes.is_empty() { p { (lang.t("programmes-month-none")) } }
        }
    }
}

/// "Used in" under a method page.
pub fn used_in(lang: Lang, uses: &[Use]) -> Markup {
    let events: std::collections::HashSet<&str> =
        uses.iter().map(|u| u.programme.as_str()).collect();
    html! {
        section.used-in aria-labelledby="cw-used-in" {
            h2 #cw-used-in { (lang.t_count("programme-used-in", events.len() as i64, &[])) }
            ul {
                @for u in uses {
                    li {
                        a href=(page_path(&u.programme)) { (u.event) }
                        " · " time datetime=(u.day) { (crate::layout::long_date(lang, u.day)) } " " (clock(u.start_minute.max(0) as u32))
                        " · " (u.slot)
                        @if let Some(rev) = u.pinned_rev {
                            " · " (lang.t_with("programme-pinned", &[("rev", &rev.to_string())]))
                        }
                        @if u.actual_size.is_some() || !u.outcome.is_empty() {
                            div.slot-outcome {
                                @if let Some(size) = u.actual_size {
                                    (lang.t_count("programme-actual-size", i64::from(size), &[])) " "
                                }
                                (u.outcome)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The printable programme: one page per day (see `programmes.css`), each slot with a QR code
/// to the method it uses, at the pinned revision.
pub fn print(lang: Lang, programme: &Programme, targets: &Targets) -> Markup {
    html! {
        div.programme-print {
            @for (i, day) in programme.days().into_iter().enumerate() {
                section.print-day {
                    h1 { (programme.title) }
                    h2 { (day_heading(lang, i, day)) }
                    @if !programme.place.is_empty() { p { (programme.place) } }
                    @for slot in programme.slots_of(day) {
                        div.print-slot {
                            div.print-slot-text {
                                p.slot-time {
                                    (slot.start_text()) "–" (slot.end_text())
                                    @if !slot.room.is_empty() { " · " (slot.room) }
                                }
                                h3 { (slot.title) }
                                @if !slot.facilitators.is_empty() { p { (slot.facilitators.join(", ")) } }
                                @for method in &slot.methods {
                                    @if let Target::Page { name, latest } = target_of(targets, method) {
                                        p.print-method { (name) " · " (lang.t_with("programme-pinned", &[("rev", &method.rev.unwrap_or(*latest).to_string())])) }
                                    }
                                }
                            }
                            // One row of codes at the slot's right, each captioned with its
                            // method: loose in the slot, a second code drifted to the middle.
                            @let linked: Vec<(&str, i32)> = slot.methods.iter().filter_map(|method| match target_of(targets, method) {
                                Target::Page { name, latest } => Some((name.as_str(), method.rev.unwrap_or(*latest))),
                                Target::Missing => None,
                            }).collect();
                            @if !linked.is_empty() {
                                div.print-slot-qrs {
                                    @for (name, rev) in linked {
                                        figure.print-slot-qr {
                                            img.qr src={(page_path(name)) "/qr.svg?rev=" (rev)}
                                                alt=(lang.t_with("programme-qr-alt", &[("method", name)])) width="96" height="96";
                                            figcaption { (name) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the structured editor shows: the values as typed, and the problems by field
/// (`title`, `slots.2.day`…).
pub struct Editor<'a> {
    pub action: String,
    /// The page being edited; `None` for a new programme.
    pub page: Option<&'a str>,
    pub new_name: &'a str,
    pub base: i32,
    pub submission_id: String,
    pub event: crate::programmes::editor::EventValues,
    pub rooms: String,
    pub slots: Vec<SlotRow>,
    pub body: String,
    pub summary: String,
    pub errors: Vec<(String, String)>,
    /// Whether the errors name methods that lead to no page: the form then offers to save
    /// them as they are, for pages still to write.
    pub unknown_methods: bool,
}

fn errors_for<'e>(errors: &'e [(String, String)], key: &str) -> Vec<&'e str> {
    errors
        .iter()
        .filter(|(field, _)| field == key)
        .map(|(_, message)| message.as_str())
        .collect()
}

fn field_error(id: &str, messages: &[&str]) -> Markup {
    html! {
        @for message in messages {
            p.field-error id={"cw-err-" (id)} { (message) }
        }
    }
}

/// The label of a field named in a problem (`title`, `slots.2.day`), in the visitor's words.
fn field_label(lang: Lang, field: &str) -> String {
    if let Some(rest) = field.strip_prefix("slots.")
        && let Some((index, key)) = rest.split_once('.')
        && let Ok(index) = index.parse::<usize>()
        && let Some((_, label)) = SLOT_FIELDS.iter().find(|(k, _)| *k == key)
    {
        return format!(
            "{} {} · {}",
            lang.t("programme-slot"),
            index + 1,
            lang.t(label)
        );
    }
    EVENT_FIELDS
        .iter()
        .find(|(k, _)| *k == field)
        .map_or_else(|| field.to_owned(), |(_, label)| lang.t(label))
}

/// The editor without JavaScript: the event's fields, then a table with one row of inputs per
/// slot. "Add a slot" submits the form and comes back with one more empty row; emptying a row
/// removes its slot. The script (`assets/app.js`) adds rows in place, gives each row buttons to
/// duplicate, remove and move it, and shows the [`planner`]; the table's `data-` attributes
/// are its words, the status paragraph where it says what it did.
pub fn editor(ctx: &Ctx, editor: &Editor<'_>) -> Markup {
    let lang = ctx.lang;
    let event_type = |key: &str, value: &str| match key {
        "start" | "end" => input_type("date", value),
        _ => "text",
    };
    html! {
        (stylesheet())
        h1 {
            @match editor.page {
                Some(name) => { (lang.t_with("editor-title", &[("page", name)])) }
                None => { (lang.t("programmes-new")) }
            }
        }
        @if !editor.errors.is_empty() {
            section.notice.errors role="alert" aria-labelledby="cw-errors-title" {
                h2 #cw-errors-title { (lang.t("programme-not-saved")) }
                ul {
                    @for (field, message) in &editor.errors {
                        li { a href={"#cw-p-" (field.replace('.', "-"))} { (field_label(lang, field)) } " : " (message) }
                    }
                }
            }
        }
        form.editor.programme-editor method="post" action=(editor.action) {
            (ctx.csrf_field())
            input type="hidden" name="base" value=(editor.base);
            input type="hidden" name="submission_id" value=(editor.submission_id);
            input type="hidden" name="rows" value=(editor.slots.len());
            @if let Some(name) = editor.page {
                p { a href={(page_path(name)) "/edit?raw=1"} { (lang.t("editor-raw-link")) } }
            }
            fieldset.field-group {
                legend { (lang.t("programme-event")) }
                @if editor.page.is_none() {
                    @let errors = errors_for(&editor.errors, "page");
                    div.field {
                        label for="cw-p-page" { (lang.t("sheet-header-page")) }
                        input #cw-p-page type="text" name="page" required maxlength="120" value=(editor.new_name) aria-invalid=[(!errors.is_empty()).then_some("true")];
                        (field_error("page", &errors))
                    }
                }
                @for (key, label) in EVENT_FIELDS {
                    @let errors = errors_for(&editor.errors, key);
                    div.field {
                        label for={"cw-p-" (key)} { (lang.t(label)) }
                        @let value = editor.event.get(key).map_or("", String::as_str);
                        input id={"cw-p-" (key)} type=(event_type(key, value)) name=(key)
                            value=(value)
                            aria-invalid=[(!errors.is_empty()).then_some("true")]
                            aria-describedby=[(!errors.is_empty()).then(|| format!("cw-err-{key}"))];
                        (field_error(key, &errors))
                    }
                }
                div.field {
                    label for="cw-p-rooms" { (lang.t("programme-field-rooms")) }
                    p.help #cw-help-rooms { (lang.t("programme-list-help")) }
                    input #cw-p-rooms type="text" name="rooms" value=(editor.rooms) aria-describedby="cw-help-rooms";
                }
            }
            fieldset.field-group {
                legend { (lang.t("programme-slots")) }
                p.help #cw-help-slots { (lang.t("programme-slots-help")) }
                div.slot-table-wrap {
                    table.slot-editor aria-describedby="cw-help-slots"
                        data-row={(lang.t("programme-slot")) " {n}"}
                        data-actions=(lang.t("programme-slot-actions"))
                        data-duplicate=(lang.t("programme-slot-duplicate"))
                        data-remove=(lang.t("programme-slot-remove"))
                        data-up=(lang.t("programme-slot-up"))
                        data-down=(lang.t("programme-slot-down"))
                        data-added=(lang.t_with("programme-slot-added", &[("n", "{n}")]))
                        data-duplicated=(lang.t_with("programme-slot-duplicated", &[("n", "{n}"), ("from", "{from}")]))
                        data-removed=(lang.t_with("programme-slot-removed", &[("n", "{n}")]))
                        data-moved=(lang.t_with("programme-slot-moved", &[("n", "{n}")])) {
                        thead {
                            tr {
                                th scope="col" { "#" }
                                @for (_, label) in SLOT_FIELDS { th scope="col" { (lang.t(label)) } }
                            }
                        }
                        tbody {
                            @for (i, row) in editor.slots.iter().enumerate() {
                                tr {
                                    th scope="row" {
                                        span.slot-number { (lang.t("programme-slot")) " " (i + 1) }
                                        @for key in HIDDEN_SLOT_FIELDS {
                                            @if !row.get(key).is_empty() {
                                                input type="hidden" name={"slot-" (i) "-" (key)} value=(row.get(key));
                                            }
                                        }
                                    }
                                    @for (key, label) in SLOT_FIELDS {
                                        @let id = format!("slots-{i}-{key}");
                                        @let errors = errors_for(&editor.errors, &format!("slots.{i}.{key}"));
                                        td data-label=(lang.t(label)) {
                                            input id={"cw-p-" (id)} type=(if key == "day" { input_type("date", row.get(key)) } else { "text" })
                                                name={"slot-" (i) "-" (key)} value=(row.get(key))
                                                aria-label={(lang.t(label)) " " (i + 1)}
                                                aria-invalid=[(!errors.is_empty()).then_some("true")]
                                                aria-describedby=[(!errors.is_empty()).then(|| format!("cw-err-{id}"))];
                                            (field_error(&id, &errors))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                button.secondary type="submit" name="action" value="add" { (lang.t("programme-add-slot")) }
                p.visually-hidden #cw-slot-status role="status" {}
                (planner(lang))
            }
            label for="cw-body" { (lang.t("programme-description")) }
            textarea #cw-body name="body" rows="8" { (editor.body) }
            label for="cw-summary" { (lang.t("editor-summary")) }
            input #cw-summary type="text" name="summary" maxlength="300" value=(editor.summary);
            @if editor.unknown_methods {
                div.field.keep-missing {
                    input #cw-keep-missing type="checkbox" name="missing" value="keep";
                    " "
                    label for="cw-keep-missing" { (lang.t("programme-keep-missing")) }
                }
            }
            div.editor-buttons {
                button type="submit" name="action" value="save" { (lang.t("editor-save")) }
                a href=(editor.page.map_or_else(|| "/-/programmes".to_owned(), page_path)) { (lang.t("editor-cancel")) }
            }
        }
    }
}

/// The slots on a grid, to move them by dragging or with the arrow keys: built from the slot
/// table by the script (`assets/app.js`), which writes each move into the slot's fields, so
/// that saving is the form's own save. Hidden without the script, which shows it.
fn planner(lang: Lang) -> Markup {
    html! {
        section.slot-planner hidden aria-labelledby="cw-planner-title"
            data-moved=(lang.t_with("programme-planner-moved", &[("title", "{title}"), ("start", "{start}"), ("room", "{room}")]))
            data-no-room=(lang.t("programme-planner-no-room"))
            data-max-rooms=(grid::MAX_ROOMS) {
            h2 #cw-planner-title { (lang.t("programme-planner")) }
            p.help #cw-planner-help { (lang.t("programme-planner-help")) }
            div.planner-days {}
        }
    }
}

/// A row of the import report.
pub struct ReportSlot<'a> {
    pub slot: &'a Slot,
    /// Method names that lead to no page the importer may read.
    pub unknown: Vec<&'a str>,
}

/// Why nothing was imported: a message, and the reader's own words when it has some.
pub fn import_refused(lang: Lang, message: &str, detail: Option<&str>) -> Markup {
    html! {
        section.notice.errors role="alert" aria-labelledby="cw-import-refused" {
            h2 #cw-import-refused { (lang.t("programme-import-refused")) }
            p { (message) }
            @if let Some(detail) = detail { p { code { (detail) } } }
        }
    }
}

/// What the import page shows: the form as typed, and why nothing was imported or what a dry
/// run would create.
pub struct Import<'a> {
    pub page: &'a str,
    pub format: &'a str,
    pub data: &'a str,
    /// Why nothing was imported ([`import_refused`], or the problems of the slots).
    pub refused: Option<Markup>,
    /// After a dry run: the page, the programme and its slots.
    pub report: Option<(&'a str, &'a Programme, &'a [ReportSlot<'a>])>,
}

/// The import form, and what the import did or would do.
pub fn import(ctx: &Ctx, view: &Import<'_>) -> Markup {
    let lang = ctx.lang;
    let Import {
        page,
        format,
        data,
        ref refused,
        report,
    } = *view;
    html! {
        (stylesheet())
        h1 { (lang.t("programmes-import")) }
        @if let Some(refused) = refused { (refused) }
        @if let Some((name, programme, slots)) = report {
            section.import-report aria-labelledby="cw-report" {
                h2 #cw-report { (lang.t("programme-import-report")) }
                p { (lang.t_with("programme-import-will-create", &[("page", name), ("title", &programme.title)])) }
                p { (lang.t_count("programme-import-slots", slots.len() as i64, &[])) }
                p { (lang.t_with("programme-import-timezone", &[("zone", &programme.timezone)])) }
                table {
                    thead { tr {
                        th scope="col" { (lang.t("programme-slot-day")) }
                        th scope="col" { (lang.t("programme-slot-start")) }
                        th scope="col" { (lang.t("programme-slot-room")) }
                        th scope="col" { (lang.t("programme-slot-title")) }
                        th scope="col" { (lang.t("programme-import-unknown")) }
                    } }
                    tbody {
                        @for row in slots {
                            tr {
                                td { (row.slot.day) }
                                td { (row.slot.start_text()) }
                                td { (row.slot.room) }
                                td { (row.slot.title) }
                                td { (row.unknown.join("; ")) }
                            }
                        }
                    }
                }
                form method="post" action="/-/programmes/import" {
                    (ctx.csrf_field())
                    input type="hidden" name="page" value=(name);
                    input type="hidden" name="format" value=(format);
                    input type="hidden" name="data" value=(data);
                    button type="submit" name="action" value="confirm" { (lang.t("programme-import-confirm")) }
                }
            }
        }
        form.editor method="post" action="/-/programmes/import" {
            (ctx.csrf_field())
            div.field {
                label for="cw-i-page" { (lang.t("sheet-header-page")) }
                input #cw-i-page type="text" name="page" required maxlength="120" value=(page);
            }
            div.field {
                label for="cw-i-format" { (lang.t("programme-import-format")) }
                select #cw-i-format name="format" {
                    option value="csv" selected[format == "csv"] { "CSV" }
                    option value="frab" selected[format == "frab"] { "frab / pretalx (schedule.json, schedule.xml)" }
                }
            }
            div.field {
                label for="cw-i-data" { (lang.t("programme-import-data")) }
                p.help #cw-i-help { (lang.t("programme-import-help")) }
                textarea #cw-i-data name="data" rows="12" aria-describedby="cw-i-help" { (data) }
            }
            button type="submit" name="action" value="check" { (lang.t("programme-import-check")) }
        }
    }
}
