//! The text of a programme: YAML front matter (the event, its rooms and one line per slot)
//! between two `---` lines, then a Markdown description. Like a method sheet it is stored as an
//! ordinary revision, so history, diff, restore, merge and permissions need nothing new; the
//! tables of `queries.rs`, the schedule and the exports are derived from it.
//!
//! A text is a programme when its front matter has a top-level `programme:` key (the event's
//! title) and no `form:` key: a text naming a form is a sheet (`catalogue::sheet`), so one page
//! is never both. YAML is read with the catalogue's budgeted parser, after the page-size limit.
//! Reading is lenient (`parse` keeps whatever is valid and lists the problems, so an old
//! revision restored still shows its schedule); the editor and raw saves are strict (a text with
//! problems is answered with 422 and not saved).

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use jiff::tz::{Offset, TimeZone};
use serde_json::Value;
use time::{Date, Month};
use uuid::Uuid;

use crate::catalogue::sheet::{self, yaml_from_str};
use crate::i18n::Lang;
use crate::names::PageName;

/// The key that makes a front matter a programme; its value is the event's title.
pub const KEY: &str = "programme";

/// Keys of the event, in the order they are written.
pub const EVENT_KEYS: [&str; 10] = [
    "programme",
    "start",
    "end",
    "place",
    "timezone",
    "language",
    "organisers",
    "licence",
    "rooms",
    "slots",
];

/// Most slots a programme may have: a festival's worth, and a bound on the work of a save.
pub const MAX_SLOTS: usize = 500;

/// Longest event, in days.
pub const MAX_DAYS: i64 = 31;

/// A method a slot uses: its page name, and the revision when the slot is pinned to one.
/// Written `Name` (latest) or `Name@12` (pinned): `@` cannot appear in a page name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodRef {
    pub name: String,
    pub rev: Option<i32>,
}

impl MethodRef {
    pub fn parse(text: &str) -> Option<MethodRef> {
        let text = text.trim();
        let (name, rev) = match text.rsplit_once('@') {
            Some((name, rev)) => (name.trim(), Some(rev.trim().parse::<i32>().ok()?)),
            None => (text, None),
        };
        if rev.is_some_and(|r| r < 1) {
            return None;
        }
        let name = PageName::parse(name).ok()?;
        Some(MethodRef {
            name: name.as_str().to_owned(),
            rev,
        })
    }

    pub fn to_text(&self) -> String {
        match self.rev {
            Some(rev) => format!("{}@{rev}", self.name),
            None => self.name.clone(),
        }
    }
}

/// What happened in a slot, written after the event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub actual_size: Option<u32>,
    /// How it went.
    pub how: String,
    pub learnings: String,
}

impl Outcome {
    pub fn is_empty(&self) -> bool {
        self.actual_size.is_none() && self.how.is_empty() && self.learnings.is_empty()
    }
}

/// One slot of the schedule.
///
/// `id` is what calendars and conference apps know the slot by (the iCalendar `UID`, the frab
/// `guid`, the `#slot-…` anchor of the programme's page): written with the slot in the text, so
/// it stays the slot's whatever is edited, moved, removed or added around it. A text written
/// by hand or before ids existed may have none: [`Programme::identify`] derives one then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id: Option<Uuid>,
    pub day: Date,
    /// Minutes after midnight, in the programme's time zone.
    pub start: u32,
    pub duration: u32,
    pub room: String,
    pub title: String,
    pub facilitators: Vec<String>,
    pub group_size: Option<u32>,
    pub methods: Vec<MethodRef>,
    pub outcome: Outcome,
    /// What a conference schedule says of a session besides its title, kept by imports and
    /// written back by the frab exports; free text, but `language`, a language tag (`de`).
    pub subtitle: String,
    pub track: String,
    /// Written `type`, as in the frab format (`Talk`, `workshop`…).
    pub kind: String,
    pub language: String,
    /// Written `abstract`, as in the frab format.
    pub summary: String,
}

impl Slot {
    pub fn start_text(&self) -> String {
        clock(self.start)
    }

    /// The end as the clock on the wall reads it: a slot from 23:30 for an hour ends at
    /// `00:30` (of the next day, see [`Slot::end_datetime`]), never `24:30`.
    pub fn end_text(&self) -> String {
        clock((self.start + self.duration) % MINUTES_A_DAY)
    }

    /// The start, machine-readable (`2026-06-01T23:30`), for `<time datetime>`.
    pub fn start_datetime(&self) -> String {
        format!("{}T{}", self.day, clock(self.start))
    }

    /// The end, machine-readable, on the day it falls on.
    pub fn end_datetime(&self) -> String {
        let end = self.start + self.duration;
        let day = (0..end / MINUTES_A_DAY).fold(self.day, |day, _| day.next_day().unwrap_or(day));
        format!("{day}T{}", clock(end % MINUTES_A_DAY))
    }
}

const MINUTES_A_DAY: u32 = 24 * 60;

/// `HH:MM` of minutes after midnight (past midnight keeps counting: `25:30`).
pub fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub title: String,
    pub start: Date,
    pub end: Date,
    pub place: String,
    /// An IANA name (`Europe/Paris`), or a fixed offset (`UTC+01:00`): see [`time_zone`].
    pub timezone: String,
    /// The language the event is held in, a language tag (`fr`), or empty: what the exports
    /// tell conference apps, whoever downloads them.
    pub language: String,
    pub organisers: Vec<String>,
    /// SPDX id, or empty.
    pub licence: String,
    pub rooms: Vec<String>,
    pub slots: Vec<Slot>,
    /// Keys this version does not know: kept, so a newer or hand-written text loses nothing.
    pub extra: IndexMap<String, Value>,
    pub description: String,
}

/// One thing wrong with a programme text: where (`start`, `slots.3.day`…) and a message id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: &'static str,
}

impl Problem {
    fn new(field: impl Into<String>, message: &'static str) -> Problem {
        Problem {
            field: field.into(),
            message,
        }
    }

    pub fn localise(&self, lang: Lang) -> String {
        lang.t(self.message)
    }
}

/// Whether a text is meant as a programme (see the module documentation).
pub fn looks_like_programme(text: &str) -> bool {
    if sheet::looks_like_sheet(text) {
        return false;
    }
    let prefix = format!("{KEY}:");
    match sheet::split(text) {
        Some(Ok((front, _))) => front.lines().any(|line| line.starts_with(&prefix)),
        Some(Err(_)) => text.lines().take(200).any(|line| line.starts_with(&prefix)),
        None => false,
    }
}

/// Parses a programme text. `None`: not a programme. Otherwise what could be read, and the
/// problems found (empty for a valid text). Invalid slots are left out of the result.
pub fn parse(text: &str) -> Option<(Programme, Vec<Problem>)> {
    if !looks_like_programme(text) {
        return None;
    }
    let mut problems = Vec::new();
    let (front, body) = match sheet::split(text)? {
        Ok((front, body)) => (front, body),
        Err(_) => {
            problems.push(Problem::new(KEY, "programme-error-unclosed"));
            return Some((Programme::empty(""), problems));
        }
    };
    let front: IndexMap<String, Value> = match yaml_from_str(front) {
        Ok(front) => front,
        Err(_) => {
            problems.push(Problem::new(KEY, "programme-error-yaml"));
            return Some((Programme::empty(body), problems));
        }
    };
    Some(from_front(front, body, problems))
}

/// The programme of a front matter already read, and its problems (added to `problems`).
pub fn from_front(
    mut front: IndexMap<String, Value>,
    body: &str,
    mut problems: Vec<Problem>,
) -> (Programme, Vec<Problem>) {
    let mut programme = Programme::empty(body);
    programme.title = text_of(&front, KEY);
    if programme.title.trim().is_empty() {
        problems.push(Problem::new(KEY, "programme-error-title"));
    }
    let start = date_of(&front, "start");
    let end = date_of(&front, "end");
    match start {
        Some(date) => programme.start = date,
        None => problems.push(Problem::new("start", "programme-error-date")),
    }
    match end {
        Some(date) => programme.end = date,
        None if start.is_some() => {
            programme.end = programme.start;
            if front.contains_key("end") {
                problems.push(Problem::new("end", "programme-error-date"));
            }
        }
        None => problems.push(Problem::new("end", "programme-error-date")),
    }
    if programme.end < programme.start {
        problems.push(Problem::new("end", "programme-error-end-before-start"));
        programme.end = programme.start;
    } else if (programme.end - programme.start).whole_days() >= MAX_DAYS {
        problems.push(Problem::new("end", "programme-error-too-long"));
        programme.end = programme.start;
    }
    programme.place = text_of(&front, "place");
    let zone = text_of(&front, "timezone");
    if time_zone(&zone).is_some() {
        programme.timezone = zone;
    } else {
        problems.push(Problem::new("timezone", "programme-error-timezone"));
    }
    programme.language = text_of(&front, "language");
    if !programme.language.is_empty() && !is_language_tag(&programme.language) {
        problems.push(Problem::new("language", "programme-error-language"));
        programme.language.clear();
    }
    programme.organisers = texts_of(&front, "organisers");
    programme.licence = text_of(&front, "licence");
    if !programme.licence.is_empty() && spdx::Expression::parse(&programme.licence).is_err() {
        problems.push(Problem::new("licence", "programme-error-licence"));
        programme.licence.clear();
    }
    programme.rooms = texts_of(&front, "rooms");
    let slots = match front.get("slots") {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Null) | None => Vec::new(),
        Some(_) => {
            problems.push(Problem::new("slots", "programme-error-slots"));
            Vec::new()
        }
    };
    if slots.len() > MAX_SLOTS {
        problems.push(Problem::new("slots", "programme-error-too-many-slots"));
    }
    let mut ids = HashSet::new();
    for (i, item) in slots.iter().take(MAX_SLOTS).enumerate() {
        match slot_of(item, &programme, i) {
            Ok(mut slot) => {
                // A line copied in the source text copies its id: two slots would be one to
                // every calendar. The copy is refused on save; read leniently, it gets its own.
                if let Some(id) = slot.id
                    && !ids.insert(id)
                {
                    problems.push(Problem::new(
                        format!("slots.{i}.id"),
                        "programme-error-duplicate-id",
                    ));
                    slot.id = None;
                }
                programme.slots.push(slot);
            }
            Err(problem) => problems.push(problem),
        }
    }
    for key in EVENT_KEYS {
        front.shift_remove(key);
    }
    programme.extra = front;
    (programme, problems)
}

/// The time zone a programme's `timezone` names: an IANA name (`Europe/Paris`, `UTC`), or a
/// fixed offset from UTC written `UTC+01:00`, which is what an import infers from a schedule
/// that gives its times with offsets but names no zone (see `import`). `None` for anything
/// else.
pub fn time_zone(name: &str) -> Option<TimeZone> {
    match fixed_offset(name) {
        Some(offset) => Some(TimeZone::fixed(offset)),
        None if name.is_empty() => None,
        None => TimeZone::get(name).ok(),
    }
}

/// The offset of a name `UTC+HH:MM` or `UTC-HH:MM` (at most 18 hours, as ISO 8601 allows).
fn fixed_offset(name: &str) -> Option<Offset> {
    let rest = name.strip_prefix("UTC")?;
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = rest.get(1..)?.split_once(':')?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || !digits(minutes) {
        return None;
    }
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    if hours > 18 || minutes > 59 || (hours == 18 && minutes > 0) {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// The name [`time_zone`] reads as this fixed offset: `UTC` for none, else `UTC+01:00`.
pub fn offset_name(offset: Offset) -> String {
    let seconds = offset.seconds();
    if seconds == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A language tag as conference schedules write them (`de`, `en`, `pt-BR`): two or three
/// letters, then subtags of letters and digits.
pub fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && text.len() <= 35
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn text_of(map: &IndexMap<String, Value>, key: &str) -> String {
    match map.get(key) {
        Some(Value::String(text)) => text.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn texts_of(map: &IndexMap<String, Value>, key: &str) -> Vec<String> {
    match map.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) => split_list(s),
        _ => Vec::new(),
    }
}

/// A `;`-separated list, as typed in one input or one CSV cell (`;`, because page names and
/// people's names may contain commas).
pub fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn date_of(map: &IndexMap<String, Value>, key: &str) -> Option<Date> {
    parse_date(&text_of(map, key))
}

/// `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if !(1000..=9999).contains(&year) {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// A time of day as people write it, in minutes after midnight: `9:30`, `09:30`, `9h30`,
/// `9H30`, `09.30`, or an hour alone with `h` (`9h`); before 24:00. French writes `9h30`, and
/// spreadsheets and phones `09.30`: refusing them sent people back to retype what was clear.
/// Saved texts write it back as `HH:MM` ([`clock`]).
pub fn parse_clock(text: &str) -> Option<u32> {
    let text = text.trim();
    let at = text.find([':', 'h', 'H', '.'])?;
    let (hours, rest) = text.split_at(at);
    let minutes = &rest[1..];
    let digits =
        |part: &str| (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) {
        return None;
    }
    let minutes = if minutes.is_empty() && !rest.starts_with([':', '.']) {
        0
    } else if digits(minutes) {
        minutes.parse().ok()?
    } else {
        return None;
    };
    let hours: u32 = hours.parse().ok()?;
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// A positive whole number, from a YAML number or a text.
fn count_of(value: Option<&Value>) -> Result<Option<u32>, ()> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0 && *n <= 100_000)
            .map(Some)
            .ok_or(()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0 && *n <= 100_000)
            .map(Some)
            .ok_or(()),
        Some(_) => Err(()),
    }
}

fn slot_of(item: &Value, programme: &Programme, i: usize) -> Result<Slot, Problem> {
    let at = |key: &str| format!("slots.{i}.{key}");
    let Value::Object(map) = item else {
        return Err(Problem::new(format!("slots.{i}"), "programme-error-slot"));
    };
    let map: IndexMap<String, Value> = map.clone().into_iter().collect();
    let day =
        date_of(&map, "day").ok_or_else(|| Problem::new(at("day"), "programme-error-date"))?;
    if day < programme.start || day > programme.end {
        return Err(Problem::new(at("day"), "programme-error-day-outside"));
    }
    let start = parse_clock(&text_of(&map, "start"))
        .ok_or_else(|| Problem::new(at("start"), "programme-error-time"))?;
    let duration = count_of(map.get("duration"))
        .ok()
        .flatten()
        .filter(|d| *d <= 24 * 60)
        .ok_or_else(|| Problem::new(at("duration"), "programme-error-duration"))?;
    let title = text_of(&map, "title");
    if title.is_empty() {
        return Err(Problem::new(at("title"), "programme-error-slot-title"));
    }
    let group_size = count_of(map.get("group"))
        .map_err(|()| Problem::new(at("group"), "programme-error-number"))?;
    let actual_size = count_of(map.get("actual"))
        .map_err(|()| Problem::new(at("actual"), "programme-error-number"))?;
    let mut methods = Vec::new();
    for text in texts_of(&map, "methods") {
        let reference = MethodRef::parse(&text)
            .ok_or_else(|| Problem::new(at("methods"), "programme-error-method"))?;
        methods.push(reference);
    }
    let id = match text_of(&map, "id") {
        id if id.is_empty() => None,
        id => Some(Uuid::parse_str(&id).map_err(|_| Problem::new(at("id"), "programme-error-id"))?),
    };
    let language = text_of(&map, "language");
    if !language.is_empty() && !is_language_tag(&language) {
        return Err(Problem::new(at("language"), "programme-error-language"));
    }
    Ok(Slot {
        id,
        day,
        start,
        duration,
        room: text_of(&map, "room"),
        title,
        facilitators: texts_of(&map, "facilitators"),
        group_size,
        methods,
        outcome: Outcome {
            actual_size,
            how: text_of(&map, "how"),
            learnings: text_of(&map, "learnings"),
        },
        subtitle: text_of(&map, "subtitle"),
        track: text_of(&map, "track"),
        kind: text_of(&map, "type"),
        language,
        summary: text_of(&map, "abstract"),
    })
}

/// A YAML double-quoted scalar: JSON's string syntax is valid YAML.
fn quoted(text: &str) -> String {
    yaml_safe(serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned()))
}

/// JSON's syntax is YAML's flow syntax, but for the characters YAML does not count as printable
/// (DEL, the C1 controls, U+FFFE and U+FFFF), which JSON leaves as they are and YAML refuses
/// unescaped (a programme whose text held one did not parse back: the fuzzer's
/// `imports/delete-character-in-slot-title`). They can only be inside strings, so they are
/// escaped wherever they are.
fn yaml_safe(json: String) -> String {
    let unprintable = |c: char| {
        c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{fffe}' || c == '\u{ffff}'
    };
    if !json.chars().any(unprintable) {
        return json;
    }
    json.chars()
        .map(|c| {
            if unprintable(c) {
                format!("\\u{:04x}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn quoted_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", items.join(", "))
}

impl Programme {
    /// A programme with no event yet, starting today's date placeholder: the editor's blank.
    pub fn empty(body: &str) -> Programme {
        let today = time::OffsetDateTime::now_utc().date();
        Programme {
            title: String::new(),
            start: today,
            end: today,
            place: String::new(),
            timezone: "UTC".to_owned(),
            language: String::new(),
            organisers: Vec::new(),
            licence: String::new(),
            rooms: Vec::new(),
            slots: Vec::new(),
            extra: IndexMap::new(),
            description: body.to_owned(),
        }
    }

    /// Every day of the event, in order.
    pub fn days(&self) -> Vec<Date> {
        let mut days = Vec::new();
        let mut day = self.start;
        while day <= self.end && days.len() < MAX_DAYS as usize {
            days.push(day);
            match day.next_day() {
                Some(next) => day = next,
                None => break,
            }
        }
        days
    }

    /// The rooms in the order given, then rooms only slots name.
    pub fn all_rooms(&self) -> Vec<String> {
        let mut rooms = self.rooms.clone();
        for slot in &self.slots {
            if !slot.room.is_empty() && !rooms.contains(&slot.room) {
                rooms.push(slot.room.clone());
            }
        }
        rooms
    }

    /// Gives every slot whose text has no id one derived from the page and the slot's day,
    /// start, room and title (a UUID v5 in the page's namespace, the n-th of identical slots
    /// counted): the same on every read of an unchanged text, so the exports of a programme
    /// written before ids existed, or of a slot added by hand in the source text, keep their
    /// identifiers until the slot itself changes. The structured editor shows these ids in its
    /// form and its save writes them into the text, where they no longer depend on content.
    pub fn identify(&mut self, page: Uuid) {
        let mut taken: HashSet<Uuid> = self.slots.iter().filter_map(|s| s.id).collect();
        let mut seen: HashMap<String, u32> = HashMap::new();
        for slot in self.slots.iter_mut().filter(|s| s.id.is_none()) {
            let content = format!(
                "{}\n{}\n{}\n{}",
                slot.day, slot.start, slot.room, slot.title
            );
            let n = seen.entry(content.clone()).or_insert(0);
            let id = loop {
                *n += 1;
                let id = Uuid::new_v5(&page, format!("{content}\n{n}").as_bytes());
                if taken.insert(id) {
                    break id;
                }
            };
            slot.id = Some(id);
        }
    }

    /// Gives every slot without an id a new random one: what a save from the structured editor
    /// or an import writes for the slots it adds.
    pub fn give_new_ids(&mut self) {
        for slot in self.slots.iter_mut().filter(|s| s.id.is_none()) {
            slot.id = Some(Uuid::new_v4());
        }
    }

    /// Slots of one day, by start time then room.
    pub fn slots_of(&self, day: Date) -> Vec<&Slot> {
        let mut slots: Vec<&Slot> = self.slots.iter().filter(|s| s.day == day).collect();
        slots.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.room.cmp(&b.room)));
        slots
    }

    /// The text of the programme: one line per event field, one line per slot, so a diff
    /// shows one line per changed field or slot; keys this version does not know follow as
    /// they were (in JSON syntax, which YAML reads).
    pub fn to_text(&self) -> String {
        let mut text = String::from("---\n");
        text.push_str(&format!("{KEY}: {}\n", quoted(&self.title)));
        text.push_str(&format!("start: {}\n", self.start));
        text.push_str(&format!("end: {}\n", self.end));
        if !self.place.is_empty() {
            text.push_str(&format!("place: {}\n", quoted(&self.place)));
        }
        text.push_str(&format!("timezone: {}\n", quoted(&self.timezone)));
        if !self.language.is_empty() {
            text.push_str(&format!("language: {}\n", quoted(&self.language)));
        }
        if !self.organisers.is_empty() {
            text.push_str(&format!("organisers: {}\n", quoted_list(&self.organisers)));
        }
        if !self.licence.is_empty() {
            text.push_str(&format!("licence: {}\n", quoted(&self.licence)));
        }
        if !self.rooms.is_empty() {
            text.push_str(&format!("rooms: {}\n", quoted_list(&self.rooms)));
        }
        if self.slots.is_empty() {
            text.push_str("slots: []\n");
        } else {
            text.push_str("slots:\n");
            for slot in &self.slots {
                text.push_str(&format!("- {}\n", slot_line(slot)));
            }
        }
        for (key, value) in &self.extra {
            text.push_str(&format!(
                "{}: {}\n",
                quoted(key),
                yaml_safe(value.to_string())
            ));
        }
        text.push_str("---\n");
        text.push_str(&self.description);
        text
    }
}

fn slot_line(slot: &Slot) -> String {
    let mut fields = vec![
        format!("day: {}", slot.day),
        format!("start: \"{}\"", slot.start_text()),
        format!("duration: {}", slot.duration),
    ];
    if !slot.room.is_empty() {
        fields.push(format!("room: {}", quoted(&slot.room)));
    }
    fields.push(format!("title: {}", quoted(&slot.title)));
    if !slot.facilitators.is_empty() {
        fields.push(format!("facilitators: {}", quoted_list(&slot.facilitators)));
    }
    if let Some(size) = slot.group_size {
        fields.push(format!("group: {size}"));
    }
    if !slot.methods.is_empty() {
        let methods: Vec<String> = slot.methods.iter().map(MethodRef::to_text).collect();
        fields.push(format!("methods: {}", quoted_list(&methods)));
    }
    if let Some(size) = slot.outcome.actual_size {
        fields.push(format!("actual: {size}"));
    }
    if !slot.outcome.how.is_empty() {
        fields.push(format!("how: {}", quoted(&slot.outcome.how)));
    }
    if !slot.outcome.learnings.is_empty() {
        fields.push(format!("learnings: {}", quoted(&slot.outcome.learnings)));
    }
    for (key, text) in [
        ("subtitle", &slot.subtitle),
        ("track", &slot.track),
        ("type", &slot.kind),
        ("language", &slot.language),
        ("abstract", &slot.summary),
    ] {
        if !text.is_empty() {
            fields.push(format!("{key}: {}", quoted(text)));
        }
    }
    if let Some(id) = slot.id {
        fields.push(format!("id: \"{id}\""));
    }
    format!("{{{}}}", fields.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_as_people_write_them() {
        for (text, minutes) in [
            ("9:30", Some(570)),
            ("09:30", Some(570)),
            ("9h30", Some(570)),
            ("9H30", Some(570)),
            ("09.30", Some(570)),
            ("9h", Some(540)),
            ("23:59", Some(1439)),
            ("0h", Some(0)),
            ("25h", None),
            ("24:00", None),
            ("9h75", None),
            ("9.", None),
            ("9:", None),
            ("930", None),
            ("9h3O", None),
            ("009:30", None),
            ("é:30", None),
            ("", None),
        ] {
            assert_eq!(parse_clock(text), minutes, "{text}");
        }
    }
    use proptest::prelude::*;

    pub const SAMPLE: &str = "---\nprogramme: \"Festival\"\nstart: 2026-06-01\nend: 2026-06-02\n\
        place: \"Lyon\"\ntimezone: \"Europe/Paris\"\norganisers: [\"Ana\", \"Bo\"]\n\
        licence: \"CC-BY-SA-4.0\"\nrooms: [\"Hall\", \"Garden\"]\nslots:\n\
        - {day: 2026-06-01, start: \"09:30\", duration: 60, room: \"Hall\", title: \"Opening\", \
        facilitators: [\"Ana\"], group: 40, methods: [\"FishBowl@2\", \"1-2-4-All\"]}\n\
        - {day: 2026-06-02, start: \"14:00\", duration: 90, room: \"Garden\", title: \"Close\", \
        actual: 12, how: \"Well\\nreally\", learnings: \"More time\"}\n\
        ---\nA *festival*.\n";

    /// A slot ending after midnight ends at `00:30` the next day, as a clock and HTML read it.
    #[test]
    fn a_slot_past_midnight_ends_the_next_day() {
        let (mut programme, _) = parse(SAMPLE).unwrap();
        let slot = &mut programme.slots[0];
        slot.start = 23 * 60 + 30;
        assert_eq!(slot.end_text(), "00:30");
        assert_eq!(slot.start_datetime(), "2026-06-01T23:30");
        assert_eq!(slot.end_datetime(), "2026-06-02T00:30");
        slot.start = 9 * 60 + 30;
        assert_eq!(slot.end_datetime(), "2026-06-01T10:30");
    }

    /// fuzz/regressions/imports/delete-character-in-slot-title: DEL and the C1 controls in any
    /// text, written escaped, read back as they were.
    #[test]
    fn control_characters_in_texts_read_back() {
        let (mut programme, _) = parse(SAMPLE).unwrap();
        programme.slots[0].title = "Open space, rof\u{7f}rund 1".to_owned();
        programme.place = "Lyon\u{85}\u{9f}\u{fffe}".to_owned();
        programme
            .extra
            .insert("note".to_owned(), Value::String("x\u{7f}y".to_owned()));
        let text = programme.to_text();
        assert!(text.contains("rof\\u007frund"), "{text}");
        let (again, problems) = parse(&text).unwrap();
        assert!(problems.is_empty(), "{problems:?}\n{text}");
        assert_eq!(again.slots[0].title, "Open space, rof\u{7f}rund 1");
        assert_eq!(again.place, "Lyon\u{85}\u{9f}\u{fffe}");
        assert_eq!(again.extra["note"], Value::String("x\u{7f}y".to_owned()));
    }

    #[test]
    fn a_programme_round_trips_through_its_text() {
        let (programme, problems) = parse(SAMPLE).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(programme.slots.len(), 2);
        assert_eq!(
            programme.slots[0].methods[0],
            MethodRef {
                name: "FishBowl".into(),
                rev: Some(2)
            }
        );
        assert_eq!(programme.slots[1].outcome.how, "Well\nreally");
        let text = programme.to_text();
        assert_eq!(text, SAMPLE);
        assert_eq!(parse(&text).unwrap().0, programme);
    }

    #[test]
    fn sheets_and_plain_pages_are_not_programmes() {
        assert!(parse("Hello").is_none());
        assert!(parse("---\nform: Method\nprogramme: \"x\"\n---\n").is_none());
        assert!(crate::catalogue::sheet::parse("---\nprogramme: \"x\"\n---\n").is_none());
        assert!(parse("---\nA rule\n---\n").is_none());
    }

    #[test]
    fn problems_name_their_field() {
        let text = SAMPLE
            .replace("2026-06-02, start", "2026-07-02, start")
            .replace("Europe/Paris", "Mars/Olympus");
        let (programme, problems) = parse(&text).unwrap();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["timezone", "slots.1.day"]);
        assert_eq!(programme.slots.len(), 1);
    }

    /// A slot's id is written with it and read back; a copied line's id is a problem, and read
    /// leniently the copy gets an id of its own.
    #[test]
    fn slot_ids_are_written_and_a_copied_one_is_refused() {
        let (mut programme, _) = parse(SAMPLE).unwrap();
        programme.give_new_ids();
        let text = programme.to_text();
        let (again, problems) = parse(&text).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(again, programme);
        let first = programme.slots[0].id.unwrap().to_string();
        let second = programme.slots[1].id.unwrap().to_string();
        let (mut copied, problems) = parse(&text.replace(&second, &first)).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "slots.1.id");
        copied.identify(Uuid::nil());
        assert_ne!(copied.slots[1].id, copied.slots[0].id);
        let (_, problems) = parse(&text.replace(&second, "not-a-uuid")).unwrap();
        assert_eq!(problems[0].message, "programme-error-id");
    }

    /// Ids derived for a text without them depend on the page and the slot, not on the slot's
    /// place: removing the first slot leaves the others theirs; identical slots differ.
    #[test]
    fn derived_ids_follow_the_slot_not_its_position() {
        let page = Uuid::new_v4();
        let (mut programme, _) = parse(SAMPLE).unwrap();
        let twin = programme.slots[1].clone();
        programme.slots.push(twin);
        let mut all = programme.clone();
        all.identify(page);
        let ids: Vec<Option<Uuid>> = all.slots.iter().map(|s| s.id).collect();
        assert!(ids.iter().all(Option::is_some));
        assert_ne!(ids[1], ids[2]);
        programme.slots.remove(0);
        programme.identify(page);
        let rest: Vec<Option<Uuid>> = programme.slots.iter().map(|s| s.id).collect();
        assert_eq!(rest, ids[1..]);
        let mut elsewhere = all.clone();
        elsewhere.slots.iter_mut().for_each(|s| s.id = None);
        elsewhere.identify(Uuid::new_v4());
        assert_ne!(elsewhere.slots[0].id, ids[0]);
    }

    #[test]
    fn zones_are_iana_names_or_fixed_offsets() {
        assert!(time_zone("Europe/Paris").is_some());
        assert!(time_zone("UTC").is_some());
        for name in ["UTC+01:00", "UTC-03:30", "UTC+05:45", "UTC+18:00"] {
            let zone = time_zone(name).unwrap_or_else(|| panic!("{name}"));
            let offset = zone.to_fixed_offset().unwrap();
            assert_eq!(offset_name(offset), name);
        }
        assert_eq!(offset_name(Offset::UTC), "UTC");
        for name in [
            "",
            "UTC+1",
            "UTC+01",
            "UTC+19:00",
            "UTC+01:60",
            "UTC++1:00",
            "Mars/Olympus",
        ] {
            assert!(time_zone(name).is_none(), "{name}");
        }
        let text = SAMPLE.replace("Europe/Paris", "UTC+02:00");
        let (programme, problems) = parse(&text).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(programme.timezone, "UTC+02:00");
    }

    #[test]
    fn languages_are_language_tags() {
        for tag in ["fr", "de", "pt-BR", "gsw", "zh-Hant-TW"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in ["", "F", "French", "fr_FR", "fr-", "FR"] {
            assert!(!is_language_tag(tag), "{tag}");
        }
        let text = SAMPLE.replace("timezone:", "language: \"Français\"\ntimezone:");
        let (_, problems) = parse(&text).unwrap();
        assert_eq!(problems[0].field, "language");
    }

    #[test]
    fn method_references_pin_with_an_at_sign() {
        assert_eq!(MethodRef::parse("World café@17").unwrap().rev, Some(17));
        assert_eq!(MethodRef::parse(" Fishbowl ").unwrap().rev, None);
        assert!(MethodRef::parse("Fishbowl@0").is_none());
        assert!(MethodRef::parse("Fish/bowl").is_none());
    }

    proptest! {
        #[test]
        fn any_text_parses_without_panicking(body in "\\PC{0,300}") {
            let text = format!("---\nprogramme: x\n{body}\n---\n");
            let _ = parse(&text);
        }

        #[test]
        fn written_slots_read_back(title in "\\PC{1,40}", room in "\\PC{0,20}", how in "\\PC{0,40}") {
            prop_assume!(!title.trim().is_empty());
            let (mut programme, _) = parse(SAMPLE).unwrap();
            programme.slots[0].title = title.trim().to_owned();
            programme.slots[0].room = room.trim().to_owned();
            programme.slots[1].outcome.how = how.trim().to_owned();
            let (again, problems) = parse(&programme.to_text()).unwrap();
            prop_assert!(problems.is_empty(), "{:?}", problems);
            prop_assert_eq!(again, programme);
        }
    }
}
