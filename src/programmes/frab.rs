//! A programme in the frab/pretalx schedule format, for conference apps: `schedule.xml` (valid
//! against the XML Schema of voc/schedule), and `schedule.json` in its two layouts, each valid
//! against its JSON Schema: the newer one of `schema2.json` (one flat list of `events`, at
//! `/{name}/schedule.json`) and the classic one of `schema.json` (each day's events by room,
//! `days[].rooms{room: [events]}`, what frab and pretalx export and most apps read, at
//! `/{name}/schedule.json?layout=classic`). The schemas are vendored under
//! `tests/data/frab-schedule/` and checked by the tests.
//!
//! Identifiers must be stable between exports, so conference tools update rather than
//! duplicate or, worse, move a favourite to another session: an event's GUID is its slot's id
//! (`programme::Slot::id`), which follows the slot through edits and moves; the legacy numeric
//! `id` is taken from it too. Rooms' and people's GUIDs are derived from the programme page's id
//! and their name with SHA-256, shaped as a UUID.
//!
//! The language of each event is the slot's, else the programme's, never the language of the
//! visitor who downloads the file: the same URL gives every app the same document.

use std::collections::HashSet;
use std::io;

use jiff::ZonedDateTime;
use jiff::tz::TimeZone;
use quick_xml::Writer;
use quick_xml::events::BytesText;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::Date;
use uuid::Uuid;

use crate::programmes::programme::{Programme, Slot, clock, time_zone};
use crate::programmes::views::method_href;
use crate::programmes::{Export, slot_start};

/// The layouts of `schedule.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `schema2.json`: one list of events.
    Flat,
    /// `schema.json`: each day's events by room, as frab and pretalx export.
    Classic,
}

fn guid(page_id: Uuid, what: &str) -> Uuid {
    let digest = Sha256::new()
        .chain_update(page_id.as_bytes())
        .chain_update(what.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Lower-case ASCII letters, digits and `_`: what the schemas accept in acronyms and slugs.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// The conference's acronym: at least four characters of `[a-z0-9_]`.
fn acronym(programme: &Programme) -> String {
    let mut acronym = slug(&programme.title);
    while acronym.len() < 4 {
        acronym.push('0');
    }
    acronym
}

/// A track's slug as `schema2.json` writes it (`Art & Beauty` → `art-beauty`); `programme`
/// for a slot without a track, which that layout does not allow.
fn track_slug(track: &str) -> String {
    let slug = slug(track).replace('_', "-");
    if slug.is_empty() {
        "programme".to_owned()
    } else {
        slug
    }
}

/// Removes characters XML 1.0 cannot carry.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fn rfc3339(at: &ZonedDateTime) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn zone(programme: &Programme) -> TimeZone {
    time_zone(&programme.timezone).unwrap_or(TimeZone::UTC)
}

/// The programme's zone by the name conference apps look up: IANA names only (a fixed offset
/// such as `UTC+01:00` is in every time's offset already).
fn zone_name(programme: &Programme) -> Option<&str> {
    TimeZone::get(&programme.timezone)
        .is_ok()
        .then_some(programme.timezone.as_str())
}

/// Start and end of a day of the event, in its time zone.
fn day_bounds(programme: &Programme, day: Date) -> (String, String) {
    let zone = zone(programme);
    let at = |minutes: i64| {
        let civil = jiff::civil::date(day.year() as i16, day.month() as i8, day.day() as i8)
            .at(0, 0, 0, 0)
            .checked_add(jiff::Span::new().minutes(minutes))
            .ok()?;
        civil.to_zoned_datetime(zone.clone()).ok()
    };
    let show = |z: Option<ZonedDateTime>| z.as_ref().map(rfc3339).unwrap_or_default();
    (show(at(0)), show(at(24 * 60 - 1)))
}

fn room_of<'a>(programme: &'a Programme, slot: &'a Slot) -> &'a str {
    if !slot.room.is_empty() {
        &slot.room
    } else if !programme.place.is_empty() {
        &programme.place
    } else {
        "main"
    }
}

/// The language a slot is held in: its own, else the programme's.
fn language<'a>(programme: &'a Programme, slot: &'a Slot) -> Option<&'a str> {
    [slot.language.as_str(), programme.language.as_str()]
        .into_iter()
        .find(|tag| !tag.is_empty())
}

/// The types `schema2.json` allows.
const SCHEMA2_TYPES: [&str; 10] = [
    "TALK",
    "WORKSHOP",
    "HANDS-ON",
    "MEETING",
    "DISCUSSION",
    "PERFORMANCE",
    "CONCERT",
    "GAME",
    "LIGHTNING_TALK",
    "OTHER",
];

/// A slot's type as `schema2.json` names it: its first word when that is one of the schema's
/// (`Talk 30 min + 10min Q&A` is a `TALK`), a workshop when it has none, else `OTHER`.
fn schema2_type(kind: &str) -> &'static str {
    if kind.trim().is_empty() {
        return "WORKSHOP";
    }
    let upper = kind.trim().to_uppercase().replace([' ', '-'], "_");
    let first = kind.split_whitespace().next().unwrap_or("").to_uppercase();
    SCHEMA2_TYPES
        .into_iter()
        .find(|t| upper == t.replace('-', "_") || first == *t)
        .unwrap_or("OTHER")
}

/// One slot as the exports write it: when it starts (the wall-clock time the calendar shows,
/// see `slot_start`) and ends, and its legacy numeric id.
struct Timed<'a> {
    slot: &'a Slot,
    id: Uuid,
    start: ZonedDateTime,
    end: ZonedDateTime,
    number: u32,
}

/// The slots that have a time (all, in a known zone), in the order of the text. Their legacy
/// numeric ids (`id`, which the XML Schema requires and old apps key on) come from the first 31
/// bits of their ids, the next free number on a collision, so they do not move when slots do.
fn timed(programme: &Programme) -> Vec<Timed<'_>> {
    let mut numbers = HashSet::new();
    programme
        .slots
        .iter()
        .filter_map(|slot| {
            let id = slot.id.unwrap_or_default();
            let start = slot_start(programme, slot)?;
            let end = start
                .checked_add(jiff::SignedDuration::from_mins(i64::from(slot.duration)))
                .ok()?;
            let bytes = id.as_bytes();
            let mut number = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) >> 1;
            while !numbers.insert(number.max(1)) {
                number = number.wrapping_add(1) & 0x7fff_ffff;
            }
            Some(Timed {
                slot,
                id,
                start,
                end,
                number: number.max(1),
            })
        })
        .collect()
}

/// The grid conference apps draw the schedule on: the largest step every start and duration
/// is a multiple of, at most an hour (`00:15`).
fn timeslot(timed: &[Timed<'_>]) -> String {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let step = timed.iter().fold(0, |step, t| {
        let start = u32::try_from(t.start.hour()).unwrap_or(0) * 60
            + u32::try_from(t.start.minute()).unwrap_or(0);
        gcd(gcd(step, start), t.slot.duration)
    });
    clock(if step == 0 { 15 } else { step.min(60) })
}

fn room_ref(export: &Export<'_>, name: &str) -> Value {
    json!({"name": name, "guid": guid(export.page_id, &format!("room:{name}"))})
}

fn person_guid(export: &Export<'_>, name: &str) -> Uuid {
    guid(export.page_id, &format!("person:{name}"))
}

/// Every room slots use, in the programme's order.
fn rooms(programme: &Programme) -> Vec<String> {
    let mut rooms: Vec<String> = programme.all_rooms();
    for slot in &programme.slots {
        let room = room_of(programme, slot).to_owned();
        if !rooms.contains(&room) {
            rooms.push(room);
        }
    }
    rooms
}

/// The methods of a slot the visitor may read, as links: address and name.
fn links(export: &Export<'_>, slot: &Slot) -> Vec<(String, String)> {
    slot.methods
        .iter()
        .filter_map(|m| {
            let (name, _) = export.target(m)?;
            Some((
                format!("{}{}", export.base_url, method_href(name, m.rev)),
                name.to_owned(),
            ))
        })
        .collect()
}

/// `schedule.json` in one of its layouts.
pub fn json(export: &Export<'_>, layout: Layout) -> Value {
    match layout {
        Layout::Flat => flat_json(export),
        Layout::Classic => classic_json(export),
    }
}

/// `schedule.json` in the layout of `schema2.json`.
fn flat_json(export: &Export<'_>) -> Value {
    let programme = export.programme;
    let days: Vec<Value> = programme
        .days()
        .into_iter()
        .enumerate()
        .map(|(i, day)| {
            let (start, end) = day_bounds(programme, day);
            json!({"index": i + 1, "date": day.to_string(), "start": start, "end": end})
        })
        .collect();
    let (start, _) = day_bounds(programme, programme.start);
    let (_, end) = day_bounds(programme, programme.end);
    let acronym = acronym(programme);
    let events: Vec<Value> = timed(programme)
        .into_iter()
        .map(|t| {
            let slot = t.slot;
            let links: Vec<Value> = links(export, slot)
                .into_iter()
                .map(|(url, title)| json!({"type": "RELATED", "url": url, "title": title}))
                .collect();
            let participants: Vec<Value> = slot
                .facilitators
                .iter()
                .map(
                    |name| json!({"name": name, "role": "HOST", "guid": person_guid(export, name)}),
                )
                .collect();
            // The schema wants an ISO 639-1 code: the tag's language, else the interface's
            // default, the schema having no way to say "unknown".
            let language = language(programme, slot)
                .and_then(|tag| tag.split('-').next())
                .filter(|code| code.len() == 2)
                .unwrap_or(crate::i18n::Lang::default().code());
            json!({
                "guid": t.id,
                "start": rfc3339(&t.start),
                "end": rfc3339(&t.end),
                "room": room_ref(export, room_of(programme, slot)),
                "slug": format!("{acronym}-{}", t.id),
                "url": export.slot_url(slot),
                "title": slot.title,
                "subtitle": slot.subtitle,
                "track": {"slug": track_slug(&slot.track)},
                "type": schema2_type(&slot.kind),
                "language": language,
                "abstract": slot.summary,
                "participants": participants,
                "links": links,
            })
        })
        .collect();
    let mut conference = json!({
        "acronym": acronym,
        "title": programme.title,
        "start": start,
        "end": end,
        "url": export.page_url(),
        "rooms": rooms(programme).iter().map(|r| room_ref(export, r)).collect::<Vec<_>>(),
        "days": days,
    });
    if let Some(name) = zone_name(programme).filter(|name| simple_zone_name(name)) {
        conference["time_zone_name"] = json!(name);
    }
    json!({
        "generator": {"name": "coopwiki", "version": env!("CARGO_PKG_VERSION")},
        "schedule": {
            "version": export.version.to_string(),
            "conference": conference,
            "events": events,
        }
    })
}

/// `schedule.json` in the layout of `schema.json`, as frab and pretalx export it.
fn classic_json(export: &Export<'_>) -> Value {
    let programme = export.programme;
    let acronym = acronym(programme);
    let mut timed = timed(programme);
    timed.sort_by_key(|t| t.start.timestamp());
    let room_names = rooms(programme);
    let days: Vec<Value> = programme
        .days()
        .into_iter()
        .enumerate()
        .map(|(i, day)| {
            let (start, end) = day_bounds(programme, day);
            let mut rooms = serde_json::Map::new();
            for room in &room_names {
                let events: Vec<Value> = timed
                    .iter()
                    .filter(|t| t.slot.day == day && room_of(programme, t.slot) == room)
                    .map(|t| classic_event(export, &acronym, t))
                    .collect();
                if !events.is_empty() {
                    rooms.insert(room.clone(), Value::Array(events));
                }
            }
            json!({
                "index": i + 1,
                "date": day.to_string(),
                "day_start": start,
                "day_end": end,
                "rooms": rooms,
            })
        })
        .collect();
    let mut conference = json!({
        "acronym": acronym,
        "title": programme.title,
        "start": programme.start.to_string(),
        "end": programme.end.to_string(),
        "daysCount": programme.days().len(),
        "timeslot_duration": timeslot(&timed),
        "url": export.page_url(),
        "rooms": room_names.iter().map(|r| room_ref(export, r)).collect::<Vec<_>>(),
        "days": days,
    });
    if let Some(name) = zone_name(programme).filter(|name| simple_zone_name(name)) {
        conference["time_zone_name"] = json!(name);
    }
    json!({
        "generator": {"name": "coopwiki", "version": env!("CARGO_PKG_VERSION")},
        "schedule": {
            "version": export.version.to_string(),
            "conference": conference,
        }
    })
}

fn classic_event(export: &Export<'_>, acronym: &str, t: &Timed<'_>) -> Value {
    let programme = export.programme;
    let slot = t.slot;
    let persons: Vec<Value> = slot
        .facilitators
        .iter()
        .map(|name| json!({"name": name, "guid": person_guid(export, name)}))
        .collect();
    let links: Vec<Value> = links(export, slot)
        .into_iter()
        .map(|(url, title)| json!({"type": "related", "url": url, "title": title}))
        .collect();
    let kind = if slot.kind.is_empty() {
        "workshop"
    } else {
        &slot.kind
    };
    json!({
        "guid": t.id,
        "id": t.number,
        "date": rfc3339(&t.start),
        "start": t.start.strftime("%H:%M").to_string(),
        "duration": clock(slot.duration),
        "room": room_of(programme, slot),
        "slug": format!("{acronym}-{}", t.id),
        "url": export.slot_url(slot),
        "title": slot.title,
        "subtitle": slot.subtitle,
        "track": (!slot.track.is_empty()).then_some(&slot.track),
        "type": kind,
        "language": language(programme, slot),
        "abstract": slot.summary,
        "persons": persons,
        "links": links,
    })
}

/// Zone names the JSON schemas' pattern admits (`Area/City` or `UTC`); others are left out.
fn simple_zone_name(name: &str) -> bool {
    let word = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.clone().count() > 0
            && chars.all(|c| c.is_ascii_lowercase())
    };
    name == "UTC"
        || name
            .split_once('/')
            .is_some_and(|(a, b)| word(a) && word(b))
}

fn text_element<W: io::Write>(w: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

/// `schedule.xml`, valid against `schedule.xml.xsd`.
pub fn xml(export: &Export<'_>) -> io::Result<String> {
    let programme = export.programme;
    let page_id = export.page_id;
    let mut timed = timed(programme);
    timed.sort_by_key(|t| t.start.timestamp());
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.get_mut()
        .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.create_element("schedule").write_inner_content(|w| {
        w.create_element("generator")
            .with_attribute(("name", "coopwiki"))
            .with_attribute(("version", env!("CARGO_PKG_VERSION")))
            .write_empty()?;
        text_element(w, "url", &format!("{}/schedule.xml", export.page_url()))?;
        text_element(w, "version", &export.version.to_string())?;
        w.create_element("conference").write_inner_content(|w| {
            text_element(w, "title", &programme.title)?;
            text_element(w, "acronym", &acronym(programme))?;
            text_element(w, "start", &programme.start.to_string())?;
            text_element(w, "end", &programme.end.to_string())?;
            text_element(w, "days", &programme.days().len().to_string())?;
            text_element(w, "timeslot_duration", &timeslot(&timed))?;
            if let Some(name) = zone_name(programme) {
                text_element(w, "time_zone_name", name)?;
            }
            text_element(w, "url", &export.page_url())?;
            Ok(())
        })?;
        for (i, day) in programme.days().into_iter().enumerate() {
            let (start, end) = day_bounds(programme, day);
            let slots: Vec<&Timed<'_>> = timed.iter().filter(|t| t.slot.day == day).collect();
            let mut rooms: Vec<&str> = Vec::new();
            for t in &slots {
                let room = room_of(programme, t.slot);
                if !rooms.contains(&room) {
                    rooms.push(room);
                }
            }
            w.create_element("day")
                .with_attribute(("index", (i + 1).to_string().as_str()))
                .with_attribute(("date", day.to_string().as_str()))
                .with_attribute(("start", start.as_str()))
                .with_attribute(("end", end.as_str()))
                .write_inner_content(|w| {
                    for room in &rooms {
                        let room_guid = guid(page_id, &format!("room:{room}")).to_string();
                        w.create_element("room")
                            .with_attribute(("name", xml_text(room).as_str()))
                            .with_attribute(("guid", room_guid.as_str()))
                            .write_inner_content(|w| {
                                for t in
                                    slots.iter().filter(|t| room_of(programme, t.slot) == *room)
                                {
                                    write_event(w, export, t)?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    String::from_utf8(w.into_inner()).map_err(io::Error::other)
}

fn write_event<W: io::Write>(
    w: &mut Writer<W>,
    export: &Export<'_>,
    t: &Timed<'_>,
) -> io::Result<()> {
    let programme = export.programme;
    let slot = t.slot;
    let number = t.number.to_string();
    let event_guid = t.id.to_string();
    w.create_element("event")
        .with_attribute(("id", number.as_str()))
        .with_attribute(("guid", event_guid.as_str()))
        .write_inner_content(|w| {
            text_element(w, "room", room_of(programme, slot))?;
            text_element(w, "title", &slot.title)?;
            text_element(w, "subtitle", &slot.subtitle)?;
            let kind = if slot.kind.is_empty() {
                "workshop"
            } else {
                &slot.kind
            };
            text_element(w, "type", kind)?;
            text_element(w, "date", &rfc3339(&t.start))?;
            // The wall-clock time of `date`: 03:30 for a slot written 02:30 on the night
            // clocks go forward, as `date` says.
            text_element(w, "start", &t.start.strftime("%H:%M").to_string())?;
            text_element(w, "duration", &clock(slot.duration))?;
            text_element(w, "abstract", &slot.summary)?;
            text_element(w, "track", &slot.track)?;
            w.create_element("persons").write_inner_content(|w| {
                for person in &slot.facilitators {
                    let person_guid = person_guid(export, person).to_string();
                    w.create_element("person")
                        .with_attribute(("guid", person_guid.as_str()))
                        .write_text_content(BytesText::new(&xml_text(person)))?;
                }
                Ok(())
            })?;
            if let Some(language) = language(programme, slot) {
                text_element(w, "language", language)?;
            }
            w.create_element("links").write_inner_content(|w| {
                for (href, name) in links(export, slot) {
                    w.create_element("link")
                        .with_attribute(("href", href.as_str()))
                        .write_text_content(BytesText::new(&xml_text(&name)))?;
                }
                Ok(())
            })?;
            text_element(w, "url", &export.slot_url(slot))?;
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_zones_fit_the_schema_patterns() {
        assert_eq!(slug("Fête de l'Été 2026!"), "f_te_de_l_t_2026");
        assert_eq!(
            track_slug("Ethics, Society & Politics"),
            "ethics-society-politics"
        );
        assert_eq!(track_slug(""), "programme");
        assert!(simple_zone_name("Europe/Paris"));
        assert!(simple_zone_name("UTC"));
        assert!(!simple_zone_name("America/Argentina/Buenos_Aires"));
        assert!(!simple_zone_name("Etc/GMT+1"));
    }

    #[test]
    fn types_map_to_the_ones_schema2_allows() {
        assert_eq!(schema2_type(""), "WORKSHOP");
        assert_eq!(schema2_type("Talk 30 min + 10min Q&A"), "TALK");
        assert_eq!(schema2_type("lightning talk"), "LIGHTNING_TALK");
        assert_eq!(schema2_type("hands-on"), "HANDS-ON");
        assert_eq!(schema2_type("Kaffeeklatsch"), "OTHER");
    }

    #[test]
    fn guids_are_stable_and_distinct() {
        let id = Uuid::nil();
        assert_eq!(guid(id, "room:a"), guid(id, "room:a"));
        assert_ne!(guid(id, "room:a"), guid(id, "room:b"));
    }
}
