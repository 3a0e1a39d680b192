//! The structured editor's values as typed (text inputs, one row per slot), and the way
//! between them and a [`Programme`]: the editor, CSV import and frab import all build the same
//! front matter and go through `programme::from_front`, so they check exactly what a raw save
//! checks.

use indexmap::IndexMap;
use serde_json::{Value, json};

use crate::programmes::programme::{self, MethodRef, Problem, Programme, split_list};

/// One slot row of the editor, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotRow {
    pub day: String,
    pub start: String,
    pub duration: String,
    pub room: String,
    pub title: String,
    pub facilitators: String,
    pub group: String,
    pub methods: String,
    pub actual: String,
    pub how: String,
    pub learnings: String,
    pub id: String,
    pub subtitle: String,
    pub track: String,
    pub kind: String,
    pub language: String,
    pub summary: String,
}

/// The columns of a slot row, in order: field key and message id of its label.
pub const SLOT_FIELDS: [(&str, &str); 11] = [
    ("day", "programme-slot-day"),
    ("start", "programme-slot-start"),
    ("duration", "programme-slot-duration"),
    ("room", "programme-slot-room"),
    ("title", "programme-slot-title"),
    ("facilitators", "programme-slot-facilitators"),
    ("group", "programme-slot-group"),
    ("methods", "programme-slot-methods"),
    ("actual", "programme-slot-actual"),
    ("how", "programme-slot-how"),
    ("learnings", "programme-slot-learnings"),
];

/// The fields of a slot the editor carries in hidden inputs of its row, so that a save keeps
/// them: the slot's id (what calendars and apps know it by) and what an imported schedule says
/// of it that the table has no column for. The source text edits them.
pub const HIDDEN_SLOT_FIELDS: [&str; 6] =
    ["id", "subtitle", "track", "type", "language", "abstract"];

impl SlotRow {
    pub fn get(&self, key: &str) -> &str {
        match key {
            "day" => &self.day,
            "start" => &self.start,
            "duration" => &self.duration,
            "room" => &self.room,
            "title" => &self.title,
            "facilitators" => &self.facilitators,
            "group" => &self.group,
            "methods" => &self.methods,
            "actual" => &self.actual,
            "how" => &self.how,
            "learnings" => &self.learnings,
            "id" => &self.id,
            "subtitle" => &self.subtitle,
            "track" => &self.track,
            "type" => &self.kind,
            "language" => &self.language,
            "abstract" => &self.summary,
            _ => "",
        }
    }

    pub fn set(&mut self, key: &str, value: String) {
        match key {
            "day" => self.day = value,
            "start" => self.start = value,
            "duration" => self.duration = value,
            "room" => self.room = value,
            "title" => self.title = value,
            "facilitators" => self.facilitators = value,
            "group" => self.group = value,
            "methods" => self.methods = value,
            "actual" => self.actual = value,
            "how" => self.how = value,
            "learnings" => self.learnings = value,
            "id" => self.id = value,
            "subtitle" => self.subtitle = value,
            "track" => self.track = value,
            "type" => self.kind = value,
            "language" => self.language = value,
            "abstract" => self.summary = value,
            _ => {}
        }
    }

    /// Whether every field the table shows is empty: the hidden ones do not count, so emptying
    /// a row removes its slot.
    pub fn is_empty(&self) -> bool {
        SLOT_FIELDS
            .iter()
            .all(|(key, _)| self.get(key).trim().is_empty())
    }
}

/// The event fields of the editor: field key and message id of the label.
pub const EVENT_FIELDS: [(&str, &str); 8] = [
    ("title", "programme-field-title"),
    ("start", "programme-field-start"),
    ("end", "programme-field-end"),
    ("place", "programme-field-place"),
    ("timezone", "programme-field-timezone"),
    ("language", "programme-field-language"),
    ("organisers", "programme-field-organisers"),
    ("licence", "programme-field-licence"),
];

impl SlotRow {
    /// The row of an existing slot, lists joined with `; `.
    pub fn of(slot: &programme::Slot) -> SlotRow {
        let methods: Vec<String> = slot.methods.iter().map(MethodRef::to_text).collect();
        SlotRow {
            day: slot.day.to_string(),
            start: slot.start_text(),
            duration: slot.duration.to_string(),
            room: slot.room.clone(),
            title: slot.title.clone(),
            facilitators: slot.facilitators.join("; "),
            group: slot.group_size.map(|n| n.to_string()).unwrap_or_default(),
            methods: methods.join("; "),
            actual: slot
                .outcome
                .actual_size
                .map(|n| n.to_string())
                .unwrap_or_default(),
            how: slot.outcome.how.clone(),
            learnings: slot.outcome.learnings.clone(),
            id: slot.id.map(|id| id.to_string()).unwrap_or_default(),
            subtitle: slot.subtitle.clone(),
            track: slot.track.clone(),
            kind: slot.kind.clone(),
            language: slot.language.clone(),
            summary: slot.summary.clone(),
        }
    }

    fn to_value(&self) -> Value {
        let mut map = serde_json::Map::new();
        for (key, _) in SLOT_FIELDS {
            let text = self.get(key).trim();
            let value = match key {
                "facilitators" | "methods" => json!(split_list(text)),
                _ => json!(text),
            };
            map.insert(key.to_owned(), value);
        }
        for key in HIDDEN_SLOT_FIELDS {
            let text = self.get(key).trim();
            if !text.is_empty() {
                map.insert(key.to_owned(), json!(text));
            }
        }
        Value::Object(map)
    }
}

/// The event's values as typed, by key of [`EVENT_FIELDS`], with `rooms` as one list.
pub type EventValues = IndexMap<String, String>;

/// The editor's values of a programme.
pub fn values_of(programme: &Programme) -> (EventValues, String, Vec<SlotRow>) {
    let mut event = EventValues::new();
    event.insert("title".into(), programme.title.clone());
    event.insert("start".into(), programme.start.to_string());
    event.insert("end".into(), programme.end.to_string());
    event.insert("place".into(), programme.place.clone());
    event.insert("timezone".into(), programme.timezone.clone());
    event.insert("language".into(), programme.language.clone());
    event.insert("organisers".into(), programme.organisers.join("; "));
    event.insert("licence".into(), programme.licence.clone());
    let rows = programme.slots.iter().map(SlotRow::of).collect();
    (event, programme.rooms.join("; "), rows)
}

/// A programme from typed values. Empty rows are left out (that is how a slot is removed);
/// problems name the row as it was shown (`slots.4.day`), and the event title as `programme`.
pub fn build(
    event: &EventValues,
    rooms: &str,
    rows: &[SlotRow],
    body: &str,
    extra: &IndexMap<String, Value>,
) -> (Programme, Vec<Problem>) {
    let mut front: IndexMap<String, Value> = IndexMap::new();
    let get = |key: &str| event.get(key).map_or("", |v| v.trim());
    front.insert(programme::KEY.into(), json!(get("title")));
    for key in ["start", "end", "place", "timezone", "language", "licence"] {
        if !get(key).is_empty() {
            front.insert(key.into(), json!(get(key)));
        }
    }
    front.insert("organisers".into(), json!(split_list(get("organisers"))));
    front.insert("rooms".into(), json!(split_list(rooms)));
    let kept: Vec<(usize, &SlotRow)> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.is_empty())
        .collect();
    front.insert(
        "slots".into(),
        Value::Array(kept.iter().map(|(_, row)| row.to_value()).collect()),
    );
    for (key, value) in extra {
        front.entry(key.clone()).or_insert_with(|| value.clone());
    }
    let (programme, problems) = programme::from_front(front, body, Vec::new());
    let problems = problems
        .into_iter()
        .map(|mut problem| {
            if let Some(rest) = problem.field.strip_prefix("slots.")
                && let Some((index, key)) = rest.split_once('.')
                && let Ok(index) = index.parse::<usize>()
                && let Some((shown, _)) = kept.get(index)
            {
                problem.field = format!("slots.{shown}.{key}");
            }
            problem
        })
        .collect();
    (programme, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(day: &str, title: &str) -> SlotRow {
        SlotRow {
            day: day.into(),
            start: "10:00".into(),
            duration: "30".into(),
            title: title.into(),
            methods: "FishBowl@3; World café".into(),
            ..SlotRow::default()
        }
    }

    fn event() -> EventValues {
        [
            ("title", "Camp"),
            ("start", "2026-05-01"),
            ("end", "2026-05-02"),
            ("timezone", "Europe/Paris"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn empty_rows_are_removed_and_problems_keep_the_row_shown() {
        let rows = vec![
            row("2026-05-01", "A"),
            SlotRow::default(),
            row("2026-06-01", "B"),
        ];
        let (programme, problems) = build(&event(), "Hall", &rows, "", &IndexMap::new());
        assert_eq!(programme.slots.len(), 1);
        assert_eq!(programme.slots[0].methods.len(), 2);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "slots.2.day");
    }

    #[test]
    fn values_of_a_programme_build_it_again() {
        let rows = vec![row("2026-05-02", "A")];
        let (programme, problems) =
            build(&event(), "Hall; Garden", &rows, "Text", &IndexMap::new());
        assert!(problems.is_empty(), "{problems:?}");
        let (event, rooms, rows) = values_of(&programme);
        let (again, _) = build(&event, &rooms, &rows, "Text", &IndexMap::new());
        assert_eq!(again, programme);
    }
}
