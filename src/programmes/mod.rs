//! Event programmes: pages whose text is an event, its rooms and its slots, each slot naming
//! the methods it uses, at their latest or at a pinned revision.
//!
//! `programme.rs` is the pure model (parse, check, write back one line per slot); `editor.rs`
//! the structured editor's values and their checks; `grid.rs` lays a day out as a grid of rooms
//! and rows of time, and generates the rules that place its blocks; `queries.rs` keeps the derived tables
//! (`programmes`, `programme_slots`, `programme_slot_methods`) in step inside the page's save,
//! delete and rename transactions and answers the list and "used in"; `views.rs` renders the
//! schedule, list, editor, "used in", import report and print; `ical.rs`, `frab.rs` and
//! `csv.rs` write the exports, `import.rs` reads CSV and frab/pretalx schedules (JSON, and XML
//! through `import_xml.rs`); `routes.rs` and `api.rs` serve them, always after the page's read
//! permission.

pub mod api;
pub mod csv;
pub mod editor;
pub mod frab;
pub mod grid;
pub mod ical;
pub mod import;
pub mod import_xml;
pub mod kind;
pub mod programme;
pub mod queries;
pub mod routes;
pub mod views;

use jiff::{Timestamp, ZonedDateTime};
use uuid::Uuid;

use crate::programmes::programme::{MethodRef, Programme, Slot};
use crate::programmes::views::{Target, Targets};

/// What an export needs besides the programme: the page, where the wiki lives, and what each
/// method reference leads to for this visitor.
pub struct Export<'a> {
    /// Identified ([`Programme::identify`]): every slot has its id.
    pub programme: &'a Programme,
    pub page_id: Uuid,
    pub name: &'a str,
    /// The page's latest revision number: the schedule's version.
    pub version: i32,
    pub base_url: &'a str,
    pub targets: &'a Targets,
    /// When the exported revision was saved.
    pub stamp: Timestamp,
}

impl Export<'_> {
    /// The address of the programme's page.
    pub fn page_url(&self) -> String {
        format!("{}{}", self.base_url, crate::names::page_path(self.name))
    }

    /// The address of a slot on the programme's page: the element [`slot_anchor`] names.
    pub fn slot_url(&self, slot: &Slot) -> String {
        format!("{}#{}", self.page_url(), slot_anchor(slot))
    }

    /// The current name and latest revision of the method a reference leads to, if the visitor
    /// may read it.
    pub fn target(&self, method: &MethodRef) -> Option<(&str, i32)> {
        let key = crate::names::PageName::parse(&method.name).ok()?;
        match self.targets.get(key.key())? {
            Target::Page { name, latest } => Some((name.as_str(), *latest)),
            Target::Missing => None,
        }
    }
}

/// The `id` of a slot's element on the programme's page, which the exports' event addresses
/// end in: `slot-` and the slot's id.
pub fn slot_anchor(slot: &Slot) -> String {
    format!("slot-{}", slot.id.unwrap_or_default())
}

/// The methods a programme's slots use that the visitor may read, once each, in slot order:
/// current name and the revision the slot pins (its latest when not pinned). What
/// `/{name}/cards` prints.
pub fn methods_used(programme: &Programme, targets: &Targets) -> Vec<(String, i32)> {
    let mut used: Vec<(String, i32)> = Vec::new();
    for method in programme.slots.iter().flat_map(|slot| &slot.methods) {
        let Ok(key) = crate::names::PageName::parse(&method.name) else {
            continue;
        };
        if let Some(Target::Page { name, latest }) = targets.get(key.key()) {
            let entry = (name.clone(), method.rev.unwrap_or(*latest));
            if !used.contains(&entry) {
                used.push(entry);
            }
        }
    }
    used
}

/// When a slot starts, from its day and time in the programme's time zone; `None` for an
/// unknown zone. A time skipped by a daylight-saving change (02:30 on the night clocks go
/// forward) is read as the clock would show it, one hour later, as calendars do, so no slot is
/// left out of the exports; the exports write that later wall-clock time too (`03:30`), so an
/// event's time and its date-time agree.
pub fn slot_start(programme: &Programme, slot: &Slot) -> Option<ZonedDateTime> {
    let zone = programme::time_zone(&programme.timezone)?;
    let civil = jiff::civil::date(
        i16::try_from(slot.day.year()).ok()?,
        slot.day.month() as i8,
        i8::try_from(slot.day.day()).ok()?,
    )
    .at(
        i8::try_from(slot.start / 60).ok()?,
        i8::try_from(slot.start % 60).ok()?,
        0,
        0,
    );
    civil.to_zoned_datetime(zone).ok()
}

/// The instant a slot starts (see [`slot_start`]).
pub fn slot_instant(programme: &Programme, slot: &Slot) -> Option<Timestamp> {
    slot_start(programme, slot).map(|start| start.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programmes::programme::Outcome;

    fn at(timezone: &str, day: time::Date, start: u32) -> Option<Timestamp> {
        let slot = Slot {
            id: None,
            day,
            start,
            duration: 30,
            room: String::new(),
            title: "Slot".into(),
            facilitators: Vec::new(),
            group_size: None,
            methods: Vec::new(),
            outcome: Outcome::default(),
            subtitle: String::new(),
            track: String::new(),
            kind: String::new(),
            language: String::new(),
            summary: String::new(),
        };
        let programme = Programme {
            title: "Event".into(),
            start: day,
            end: day,
            place: String::new(),
            timezone: timezone.into(),
            language: String::new(),
            organisers: Vec::new(),
            licence: String::new(),
            rooms: Vec::new(),
            slots: vec![slot.clone()],
            extra: Default::default(),
            description: String::new(),
        };
        slot_instant(&programme, &slot)
    }

    #[test]
    fn a_slot_in_the_daylight_saving_gap_starts_an_hour_later_rather_than_vanish() {
        let night = time::macros::date!(2026 - 03 - 29);
        // 02:30 does not exist in Paris that night: it is 03:30 CEST, 01:30 UTC.
        assert_eq!(
            at("Europe/Paris", night, 150).map(|t| t.to_string()),
            Some("2026-03-29T01:30:00Z".to_owned())
        );
        assert_eq!(
            at("Europe/Paris", night, 60).map(|t| t.to_string()),
            Some("2026-03-29T00:00:00Z".to_owned())
        );
        assert_eq!(at("Nowhere/Atlantis", night, 60), None);
    }
}
