//! Reading a programme from CSV (the columns of the CSV export) or from a frab/pretalx
//! `schedule.json` (the older format pretalx exports, with rooms inside days, and the newer
//! `schema2` format, with one list of events). Both build the editor's values and go through
//! the same checks as a save; nothing is written here: the route shows the dry run, and saves
//! only on confirmation, in one transaction.

use serde_json::Value;

use crate::programmes::csv::{self as programme_csv, CsvError};
use crate::programmes::editor::{self, EventValues, SlotRow};
use crate::programmes::programme::{MAX_SLOTS, Problem, Programme};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error("the JSON could not be read: {0}")]
    Json(String),
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
    let (programme, problems) = editor::build(&event, rooms, rows, "", &indexmap::IndexMap::new());
    if problems.is_empty() {
        Ok(programme)
    } else {
        Err(ImportError::Invalid(problems))
    }
}

/// A programme from CSV rows: the event runs from the first to the last day of its slots.
pub fn from_csv(data: &str, title: &str, timezone: &str) -> Result<Programme, ImportError> {
    let rows = programme_csv::read(data)?;
    let mut days: Vec<&str> = rows.iter().map(|r| r.day.trim()).collect();
    days.sort_unstable();
    let mut event = EventValues::new();
    event.insert("title".into(), title.to_owned());
    event.insert(
        "start".into(),
        days.first().copied().unwrap_or("").to_owned(),
    );
    event.insert("end".into(), days.last().copied().unwrap_or("").to_owned());
    event.insert("timezone".into(), timezone.to_owned());
    finish(event, "", &rows)
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `2020-12-14T09:00:00+01:00` → (`2020-12-14`, `09:00`): the wall-clock time as written.
fn local_parts(at: &str) -> (String, String) {
    let day = at.get(..10).unwrap_or("").to_owned();
    let time = at.get(11..16).unwrap_or("").to_owned();
    (day, time)
}

/// `00:30` or `1:30:00` → minutes, as text for the editor's checks.
fn duration_minutes(text: &str) -> String {
    let mut parts = text.split(':');
    let hours = parts.next().and_then(|h| h.trim().parse::<u32>().ok());
    let minutes = parts.next().and_then(|m| m.trim().parse::<u32>().ok());
    match (hours, minutes) {
        (Some(h), Some(m)) => (h * 60 + m).to_string(),
        _ => String::new(),
    }
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
            .collect::<Vec<_>>()
            .join("; ")
    })
    .unwrap_or_default()
}

fn row_of(event: &Value) -> SlotRow {
    let at = event
        .get("date")
        .or_else(|| {
            event
                .get("start")
                .filter(|s| s.as_str().is_some_and(|s| s.len() > 10))
        })
        .and_then(Value::as_str)
        .unwrap_or("");
    let (day, mut start) = local_parts(at);
    if let Some(clock) = event.get("start").and_then(Value::as_str)
        && clock.len() <= 5
    {
        start = clock.to_owned();
    }
    let duration = match event.get("duration").and_then(Value::as_str) {
        Some(d) => duration_minutes(d),
        None => {
            let begins = at.parse::<jiff::Timestamp>();
            let ends = text(event, "end").parse::<jiff::Timestamp>();
            match (begins, ends) {
                (Ok(b), Ok(e)) => (e.duration_since(b).as_mins()).to_string(),
                _ => String::new(),
            }
        }
    };
    let room = match event.get("room") {
        Some(Value::String(name)) => name.clone(),
        Some(room) => text(room, "name").to_owned(),
        None => String::new(),
    };
    SlotRow {
        day,
        start,
        duration,
        room,
        title: text(event, "title").to_owned(),
        facilitators: persons(event),
        ..SlotRow::default()
    }
}

/// A programme from a frab/pretalx `schedule.json`.
pub fn from_frab(data: &str) -> Result<Programme, ImportError> {
    let json: Value =
        serde_json::from_str(data).map_err(|err| ImportError::Json(err.to_string()))?;
    let conference = json
        .get("schedule")
        .and_then(|s| s.get("conference"))
        .ok_or(ImportError::NotFrab)?;
    let mut events: Vec<&Value> = Vec::new();
    if let Some(list) = json["schedule"].get("events").and_then(Value::as_array) {
        events.extend(list.iter());
    }
    for day in conference
        .get("days")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for room in day
            .get("rooms")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|rooms| rooms.values())
        {
            events.extend(room.as_array().into_iter().flatten());
        }
    }
    if events.len() > MAX_SLOTS {
        return Err(ImportError::TooMany);
    }
    let rows: Vec<SlotRow> = events.into_iter().map(row_of).collect();
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
    event.insert("start".into(), local_parts(text(conference, "start")).0);
    let end = text(conference, "end");
    event.insert("end".into(), end.get(..10).unwrap_or(end).to_owned());
    let zone = text(conference, "time_zone_name");
    event.insert(
        "timezone".into(),
        if zone.is_empty() { "UTC" } else { zone }.to_owned(),
    );
    finish(event, &rooms.join("; "), &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pretalx_times_keep_their_wall_clock() {
        let row = row_of(&serde_json::json!({
            "date": "2020-12-14T09:00:00+01:00", "start": "09:00", "duration": "01:30",
            "room": "Gray Room", "title": "T", "persons": [{"public_name": "Ann"}]
        }));
        assert_eq!(
            (row.day.as_str(), row.start.as_str(), row.duration.as_str()),
            ("2020-12-14", "09:00", "90")
        );
        assert_eq!(row.facilitators, "Ann");
    }

    proptest! {
        #[test]
        fn any_json_imports_without_panicking(data in "\\PC{0,300}") {
            let _ = from_frab(&data);
            let _ = from_csv(&data, "T", "UTC");
        }
    }
}
