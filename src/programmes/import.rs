//! Reading a programme from CSV (the columns of the CSV export) or from a frab/pretalx schedule:
//! `schedule.json` in the classic layout (rooms inside days, what frab and pretalx export),
//! in the newer `schema2` layout (one list of events), or `schedule.xml` (read by
//! `import_xml` into the classic layout). Every reader builds the editor's values and goes
//! through the same checks as a save; nothing is written here: the route shows the dry run, and
//! saves only on confirmation, in one transaction.
//!
//! **Times and zones.** A schedule's event `date` (or `start`) is an instant with its offset
//! (`2020-12-27T11:30:00+01:00`), and that instant is what is kept. The programme's zone is the
//! schedule's `time_zone_name` when it is a zone the time zone database knows; each event's
//! instant is then shown at its wall-clock time in that zone. A schedule that names no zone
//! (pretalx exports without `time_zone_name`) gets one from its offsets: the fixed offset
//! (`UTC+01:00`) when all its times share one; when they do not (a daylight-saving change
//! during the event), the first IANA zone, in alphabetical order, whose offset at every one of
//! those instants is the one written. Either way every time reads back as the file wrote it.
//!
//! **Days.** The event runs over the schedule's `days` (their dates), or else from its `start`
//! to its `end` (an end at midnight closes the day before), widened to hold every slot (a
//! session after midnight on the last night).
//!
//! **Identity.** Each event's `guid` becomes its slot's id, so the exports give the same GUIDs
//! back; a slot without one (or with one an earlier event took) gets a new id.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};
use serde_json::Value;
use uuid::Uuid;

use crate::programmes::csv::{self as programme_csv, CsvError, CsvSlots};
use crate::programmes::editor::{self, EventValues, SlotRow};
use crate::programmes::import_xml;
use crate::programmes::programme::{
    self, MAX_SLOTS, Problem, Programme, is_language_tag, offset_name,
};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error("the JSON could not be read: {0}")]
    Json(String),
    #[error("the XML could not be read: {0}")]
    Xml(String),
    #[error("the JSON is not a frab schedule")]
    NotFrab,
    #[error("the file has no slot")]
    Empty,
    #[error("more than {MAX_SLOTS} slots")]
    TooMany,
    /// Read, but not a valid programme: the problems, as for a save.
    #[error("the programme is not valid")]
    Invalid(Vec<Problem>),
}

fn finish(event: EventValues, rooms: &str, rows: &[SlotRow]) -> Result<Programme, ImportError> {
    if rows.is_empty() {
        return Err(ImportError::Empty);
    }
    let (mut programme, problems) =
        editor::build(&event, rooms, rows, "", &indexmap::IndexMap::new());
    if problems.is_empty() {
        programme.give_new_ids();
        Ok(programme)
    } else {
        Err(ImportError::Invalid(problems))
    }
}

/// A programme from CSV rows: the event runs from the first to the last day of its slots, in
/// the time zone of the file's `timezone` column, or `timezone` when it has none.
pub fn from_csv(data: &str, title: &str, timezone: &str) -> Result<Programme, ImportError> {
    let CsvSlots {
        rows,
        timezone: named,
    } = programme_csv::read(data)?;
    let mut days: Vec<&str> = rows.iter().map(|r| r.day.trim()).collect();
    days.sort_unstable();
    let mut event = EventValues::new();
    event.insert("title".into(), title.to_owned());
    event.insert(
        "start".into(),
        days.first().copied().unwrap_or("").to_owned(),
    );
    event.insert("end".into(), days.last().copied().unwrap_or("").to_owned());
    event.insert(
        "timezone".into(),
        named.unwrap_or_else(|| timezone.to_owned()),
    );
    finish(event, "", &rows)
}

/// A programme from a text pasted into the import form, titled `title` when the text has no
/// title of its own: a frab/pretalx schedule when `format` is `frab` or the text is JSON or XML
/// (a schedule pasted with "CSV" chosen is still one), else CSV (in UTC when it has no
/// `timezone` column).
pub fn read(format: &str, data: &str, title: &str) -> Result<Programme, ImportError> {
    let opening = data.trim_start_matches('\u{feff}').trim_start();
    if format == "frab" || opening.starts_with(['{', '<']) {
        from_frab(data)
    } else {
        from_csv(data, title, "UTC")
    }
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A date-time as a schedule writes it: the wall-clock time written, and its offset when it has
/// one (`Z` is an offset of zero).
#[derive(Debug, Clone, Copy)]
struct Written {
    civil: DateTime,
    offset: Option<Offset>,
}

impl Written {
    fn parse(text: &str) -> Option<Written> {
        let pieces = Pieces::parse(text.trim()).ok()?;
        Some(Written {
            civil: pieces.date().to_datetime(pieces.time()?),
            offset: pieces.offset().map(|offset| offset.to_numeric_offset()),
        })
    }

    /// The instant, from the offset written, or else as the wall-clock time in `zone`.
    fn instant(self, zone: &TimeZone) -> Option<Timestamp> {
        match self.offset {
            Some(offset) => offset.to_timestamp(self.civil).ok(),
            None => Some(self.civil.to_zoned_datetime(zone.clone()).ok()?.timestamp()),
        }
    }
}

/// `00:30`, `1:30:00` → minutes.
fn duration_minutes(text: &str) -> Option<i64> {
    let mut parts = text.split(':');
    let hours = parts.next()?.trim().parse::<i64>().ok()?;
    let minutes = parts.next()?.trim().parse::<i64>().ok()?;
    Some(hours * 60 + minutes)
}

fn persons(event: &Value) -> String {
    let list = event
        .get("persons")
        .or_else(|| event.get("participants"))
        .and_then(Value::as_array);
    list.map(|people| {
        people
            .iter()
            .filter_map(|p| {
                p.get("public_name")
                    .or_else(|| p.get("name"))
                    .and_then(Value::as_str)
            })
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    })
    .unwrap_or_default()
}

/// A free text of a schedule (`null` is none), with its line ends as the wiki keeps them.
fn free_text(event: &Value, key: &str) -> String {
    text(event, key).replace("\r\n", "\n").replace('\r', "\n")
}

/// A language tag, lower-cased; `""` for what is none.
fn language(text: &str) -> String {
    let tag = text.trim().to_ascii_lowercase();
    if is_language_tag(&tag) {
        tag
    } else {
        String::new()
    }
}

/// What the schedule says of its conference that events refer to.
struct Conference<'a> {
    /// Track names by slug (`schema2` events name their track by slug).
    tracks: HashMap<&'a str, &'a str>,
    /// Room names by guid (`schema2` events may name their room by guid only).
    rooms: HashMap<&'a str, &'a str>,
}

impl<'a> Conference<'a> {
    fn of(conference: &'a Value) -> Conference<'a> {
        let pairs = |list: &str, key: &str| -> HashMap<&'a str, &'a str> {
            conference
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|item| {
                    let key = item.get(key)?.as_str()?;
                    let name = item.get("name")?.as_str()?;
                    Some((key, name))
                })
                .collect()
        };
        Conference {
            tracks: pairs("tracks", "slug"),
            rooms: pairs("rooms", "guid"),
        }
    }

    fn track(&self, event: &Value) -> String {
        match event.get("track") {
            Some(Value::String(name)) => name.clone(),
            Some(track) => {
                let slug = text(track, "slug");
                match text(track, "name") {
                    "" => self.tracks.get(slug).copied().unwrap_or(slug).to_owned(),
                    name => name.to_owned(),
                }
            }
            None => String::new(),
        }
    }

    fn room(&self, event: &Value) -> String {
        match event.get("room") {
            Some(Value::String(name)) => name.clone(),
            Some(room) => match text(room, "name") {
                "" => self
                    .rooms
                    .get(text(room, "guid"))
                    .copied()
                    .unwrap_or("")
                    .to_owned(),
                name => name.to_owned(),
            },
            None => String::new(),
        }
    }
}

/// An event of the schedule, with the date of the day it is listed under (classic layout).
struct Listed<'a> {
    event: &'a Value,
    day: Option<&'a str>,
}

impl Listed<'_> {
    /// When the event starts, as written: its `date` (classic), or its `start` when that is a
    /// date-time (`schema2`), or the day it is listed under at its `start` time.
    fn start(&self) -> Option<Written> {
        let at = text(self.event, "date");
        let at = if at.is_empty() {
            text(self.event, "start")
        } else {
            at
        };
        Written::parse(at).or_else(|| {
            let day = self.day?;
            Written::parse(&format!("{day}T{}", text(self.event, "start")))
        })
    }
}

/// The zone the times are shown in (see the module documentation): its name and zone.
fn zone_of(conference: &Value, starts: &[Option<Written>]) -> (String, TimeZone) {
    let named = text(conference, "time_zone_name").trim();
    if let Some(zone) = programme::time_zone(named) {
        return (named.to_owned(), zone);
    }
    let written: Vec<(Timestamp, Offset)> = starts
        .iter()
        .flatten()
        .filter_map(|w| Some((w.offset?.to_timestamp(w.civil).ok()?, w.offset?)))
        .collect();
    let mut offsets: Vec<i32> = written.iter().map(|(_, offset)| offset.seconds()).collect();
    offsets.sort_unstable();
    offsets.dedup();
    if offsets.len() > 1
        && let Some(name) = matching_zone(&written)
        && let Ok(zone) = TimeZone::get(&name)
    {
        return (name, zone);
    }
    let offset = written.first().map_or(Offset::UTC, |(_, offset)| *offset);
    (offset_name(offset), TimeZone::fixed(offset))
}

/// The first IANA zone, alphabetically, whose offset at each instant is the one written; the
/// `Etc/` zones and the old names without an area are left out.
fn matching_zone(written: &[(Timestamp, Offset)]) -> Option<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_owned())
        .filter(|name| name.contains('/') && !name.starts_with("Etc/"))
        .collect();
    names.sort();
    let distinct: HashSet<(Timestamp, Offset)> = written.iter().copied().collect();
    names.into_iter().find(|name| {
        TimeZone::get(name).is_ok_and(|zone| {
            distinct
                .iter()
                .all(|(at, offset)| zone.to_offset(*at) == *offset)
        })
    })
}

/// The day a conference's `start` or `end` falls on in `zone` (a date as written, or a
/// date-time's day there); an end at midnight closes the day before.
fn conference_day(value: &str, zone: &TimeZone, is_end: bool) -> Option<time::Date> {
    let day = match Written::parse(value) {
        Some(written) if written.offset.is_some() => {
            let local = written.instant(zone)?.to_zoned_datetime(zone.clone());
            let midnight = local.time() == jiff::civil::Time::midnight();
            let date = local.date();
            if is_end && midnight {
                date.yesterday().ok()?
            } else {
                date
            }
        }
        Some(written) => written.civil.date(),
        None => {
            let date = value.trim().get(..10)?;
            return programme::parse_date(date);
        }
    };
    programme::parse_date(&day.to_string())
}

/// A programme from a frab/pretalx schedule: `schedule.json` in either layout, or
/// `schedule.xml`.
pub fn from_frab(data: &str) -> Result<Programme, ImportError> {
    let data = data.trim_start_matches('\u{feff}');
    let json: Value = if data.trim_start().starts_with('<') {
        import_xml::to_json(data).map_err(ImportError::Xml)?
    } else {
        serde_json::from_str(data).map_err(|err| ImportError::Json(err.to_string()))?
    };
    let conference = json
        .get("schedule")
        .and_then(|s| s.get("conference"))
        .ok_or(ImportError::NotFrab)?;
    let mut events: Vec<Listed<'_>> = Vec::new();
    if let Some(list) = json["schedule"].get("events").and_then(Value::as_array) {
        events.extend(list.iter().map(|event| Listed { event, day: None }));
    }
    let days = conference
        .get("days")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for day in days {
        let date = day.get("date").and_then(Value::as_str);
        for room in day
            .get("rooms")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|rooms| rooms.values())
        {
            events.extend(
                room.as_array()
                    .into_iter()
                    .flatten()
                    .map(|event| Listed { event, day: date }),
            );
        }
    }
    if events.len() > MAX_SLOTS {
        return Err(ImportError::TooMany);
    }
    let starts: Vec<Option<Written>> = events.iter().map(Listed::start).collect();
    let (zone_name, zone) = zone_of(conference, &starts);
    let known = Conference::of(conference);
    let mut ids = HashSet::new();
    let mut slot_days: Vec<time::Date> = Vec::new();
    let rows: Vec<SlotRow> = events
        .iter()
        .zip(&starts)
        .map(|(listed, start)| {
            let event = listed.event;
            let begins = start.and_then(|start| start.instant(&zone));
            let local = begins.map(|at| at.to_zoned_datetime(zone.clone()));
            let (day, clock) = match &local {
                Some(local) => (
                    local.date().to_string(),
                    local.strftime("%H:%M").to_string(),
                ),
                None => (String::new(), String::new()),
            };
            if let Some(day) = programme::parse_date(&day) {
                slot_days.push(day);
            }
            let duration = duration_minutes(text(event, "duration")).or_else(|| {
                let ends = Written::parse(text(event, "end"))?.instant(&zone)?;
                Some(ends.duration_since(begins?).as_mins())
            });
            let id = text(event, "guid")
                .parse::<Uuid>()
                .ok()
                .filter(|id| ids.insert(*id));
            SlotRow {
                day,
                start: clock,
                duration: duration.map(|d| d.to_string()).unwrap_or_default(),
                room: known.room(event),
                title: text(event, "title").to_owned(),
                facilitators: persons(event),
                id: id.map(|id| id.to_string()).unwrap_or_default(),
                subtitle: free_text(event, "subtitle"),
                track: known.track(event),
                kind: text(event, "type").to_owned(),
                language: language(text(event, "language")),
                summary: free_text(event, "abstract"),
                ..SlotRow::default()
            }
        })
        .collect();
    let listed_days: Vec<time::Date> = days
        .iter()
        .filter_map(|day| programme::parse_date(text(day, "date")))
        .collect();
    let start = listed_days
        .iter()
        .min()
        .copied()
        .or_else(|| conference_day(text(conference, "start"), &zone, false))
        .into_iter()
        .chain(slot_days.iter().copied())
        .min();
    let end = listed_days
        .iter()
        .max()
        .copied()
        .or_else(|| conference_day(text(conference, "end"), &zone, true))
        .into_iter()
        .chain(slot_days.iter().copied())
        .max();
    let rooms: Vec<&str> = conference
        .get("rooms")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|room| text(room, "name"))
        .filter(|name| !name.is_empty() && !name.contains(';'))
        .collect();
    let mut event = EventValues::new();
    event.insert("title".into(), text(conference, "title").to_owned());
    event.insert(
        "start".into(),
        start.map(|d| d.to_string()).unwrap_or_default(),
    );
    event.insert("end".into(), end.map(|d| d.to_string()).unwrap_or_default());
    event.insert("timezone".into(), zone_name);
    event.insert("language".into(), main_language(&json, &rows));
    finish(event, &rooms.join("; "), &rows)
}

/// The language of the event: the schedule's default language (`schema2`), or else the one
/// most of its events are held in.
fn main_language(json: &Value, rows: &[SlotRow]) -> String {
    let default = &json["schedule"]["conference"]["defaults"]["language"];
    let default = language(default.as_str().unwrap_or(""));
    if !default.is_empty() {
        return default;
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for row in rows.iter().filter(|row| !row.language.is_empty()) {
        match counts.iter_mut().find(|(tag, _)| *tag == row.language) {
            Some((_, count)) => *count += 1,
            None => counts.push((&row.language, 1)),
        }
    }
    // The first of the most used, in the order they appear.
    let most = counts.iter().map(|(_, count)| *count).max().unwrap_or(0);
    counts
        .into_iter()
        .find(|(_, count)| *count == most)
        .map(|(tag, _)| tag.to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn schedule(conference: Value, events: Value) -> String {
        let mut conference = conference;
        conference["days"] = json!([{"index": 1, "date": "2020-12-27", "day_start": "x",
            "day_end": "y", "rooms": {"Hall": events}}]);
        json!({"schedule": {"version": "1", "conference": conference}}).to_string()
    }

    fn talk(date: &str) -> Value {
        json!({"guid": "c3642671-4c1f-5109-81ba-0535c1cc8428", "date": date, "start": "11:30",
            "duration": "00:40", "room": "Hall", "title": "T", "persons": [{"public_name": "Ann"}],
            "language": "DE", "type": "Talk", "track": "Main", "abstract": "A\r\nB"})
    }

    /// rC3: no `time_zone_name`, times at `+01:00`: the slot is at 11:30 in `UTC+01:00`, not
    /// an hour late in UTC.
    #[test]
    fn a_schedule_without_a_zone_keeps_its_times_in_the_zone_its_offsets_say() {
        let data = schedule(
            json!({"title": "rC3", "start": "2020-12-27", "end": "2020-12-27"}),
            json!([talk("2020-12-27T11:30:00+01:00")]),
        );
        let programme = from_frab(&data).unwrap();
        assert_eq!(programme.timezone, "UTC+01:00");
        let slot = &programme.slots[0];
        assert_eq!((slot.start_text().as_str(), slot.duration), ("11:30", 40));
        assert_eq!(
            slot.id.map(|id| id.to_string()).as_deref(),
            Some("c3642671-4c1f-5109-81ba-0535c1cc8428")
        );
        assert_eq!(
            (
                slot.language.as_str(),
                slot.kind.as_str(),
                slot.track.as_str()
            ),
            ("de", "Talk", "Main")
        );
        assert_eq!(slot.summary, "A\nB");
        assert_eq!(slot.facilitators, ["Ann"]);
        assert_eq!(programme.language, "de");
    }

    /// A named zone wins; each time is read with its own offset and shown in that zone.
    #[test]
    fn a_named_zone_shows_each_instant_at_its_wall_clock_there() {
        let data = schedule(
            json!({"title": "C", "start": "2020-12-27", "end": "2020-12-27",
                "time_zone_name": "Europe/London"}),
            json!([talk("2020-12-27T11:30:00+01:00")]),
        );
        let programme = from_frab(&data).unwrap();
        assert_eq!(programme.timezone, "Europe/London");
        assert_eq!(programme.slots[0].start_text(), "10:30");
    }

    /// Times on both sides of a daylight-saving change, and no zone named: an IANA zone with
    /// those two offsets at those two instants.
    #[test]
    fn offsets_that_change_during_the_event_find_a_zone_that_changes_with_them() {
        let mut early = talk("2026-03-28T10:00:00+01:00");
        let mut late = talk("2026-03-29T10:00:00+02:00");
        early["guid"] = json!("00000000-0000-4000-8000-000000000001");
        late["guid"] = json!("00000000-0000-4000-8000-000000000002");
        let data = json!({"schedule": {"version": "1", "conference": {"title": "Spring",
            "start": "2026-03-28", "end": "2026-03-29", "days": []}, "events": [early, late]}});
        let programme = from_frab(&data.to_string()).unwrap();
        let zone = TimeZone::get(&programme.timezone).unwrap();
        assert_eq!(zone.iana_name(), Some(programme.timezone.as_str()));
        let starts: Vec<String> = programme.slots.iter().map(|s| s.start_text()).collect();
        assert_eq!(starts, ["10:00", "10:00"], "{}", programme.timezone);
    }

    /// A five-day camp whose schedule ends at midnight after its fifth day, each day running
    /// to 03:59 the next morning, has five days.
    #[test]
    fn a_five_day_camp_does_not_gain_a_sixth_day() {
        let event = |day: &str, guid: u8| {
            json!({"guid": format!("00000000-0000-4000-8000-0000000000{guid:02}"),
                "start": format!("{day}T20:00:00+02:00"), "end": format!("{day}T21:00:00+02:00"),
                "room": {"name": "Tent", "guid": "00000000-0000-4000-8000-0000000000ff"},
                "title": "Campfire", "participants": []})
        };
        let events: Vec<Value> = (13..=17)
            .map(|d| event(&format!("2026-08-{d}"), d))
            .collect();
        let data = json!({"schedule": {"version": "1", "conference": {"title": "Camp",
            "start": "2026-08-13T00:00:00+02:00", "end": "2026-08-18T00:00:00+02:00",
            "time_zone_name": "Europe/Berlin", "days": []}, "events": events}});
        let programme = from_frab(&data.to_string()).unwrap();
        assert_eq!(programme.days().len(), 5, "{}", programme.to_text());
        assert_eq!(programme.end.to_string(), "2026-08-17");
        assert_eq!(programme.slots[0].room, "Tent");
    }

    /// A session after midnight on the last night is on the next calendar day: the event
    /// widens to hold it rather than refuse the file.
    #[test]
    fn a_session_after_the_last_midnight_widens_the_event() {
        let data = schedule(
            json!({"title": "C", "start": "2020-12-27", "end": "2020-12-27",
                "time_zone_name": "Europe/Berlin"}),
            json!([talk("2020-12-28T01:30:00+01:00")]),
        );
        let programme = from_frab(&data).unwrap();
        assert_eq!(programme.end.to_string(), "2020-12-28");
    }

    #[test]
    fn a_repeated_guid_gives_the_second_slot_an_id_of_its_own() {
        let data = schedule(
            json!({"title": "C", "start": "2020-12-27", "end": "2020-12-27"}),
            json!([
                talk("2020-12-27T11:30:00+01:00"),
                talk("2020-12-27T14:30:00+01:00")
            ]),
        );
        let programme = from_frab(&data).unwrap();
        let (a, b) = (programme.slots[0].id, programme.slots[1].id);
        assert!(a.is_some() && b.is_some() && a != b);
    }

    proptest! {
        #[test]
        fn any_json_imports_without_panicking(data in "\\PC{0,300}") {
            let _ = from_frab(&data);
            let _ = from_csv(&data, "T", "UTC");
        }
    }
}
