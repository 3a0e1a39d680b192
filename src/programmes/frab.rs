//! A programme in the frab/pretalx schedule format: `schedule.xml` (valid against the XML
//! Schema of voc/schedule) and `schedule.json` (its JSON Schema `schema2.json`), both vendored
//! under `tests/data/frab-schedule/` and checked by the tests.
//!
//! Identifiers must be stable between exports, so conference tools update rather than
//! duplicate: each GUID is derived from the programme page's id and the slot's position (or the
//! room's name) with SHA-256, shaped as a UUID.

use std::io;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use quick_xml::Writer;
use quick_xml::events::BytesText;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::Date;
use uuid::Uuid;

use crate::names::page_path;
use crate::programmes::programme::{Programme, Slot, clock};
use crate::programmes::views::method_href;
use crate::programmes::{Export, slot_instant};

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

/// Removes characters XML 1.0 cannot carry.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fn rfc3339(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn zone(programme: &Programme) -> TimeZone {
    TimeZone::get(&programme.timezone).unwrap_or(TimeZone::UTC)
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
    let show = |z: Option<jiff::ZonedDateTime>| {
        z.map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
            .unwrap_or_default()
    };
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

fn page_url(export: &Export<'_>) -> String {
    format!("{}{}", export.base_url, page_path(export.name))
}

/// `schedule.json`, in the format of `schema2.json`.
pub fn json(export: &Export<'_>, lang: &str) -> Value {
    let programme = export.programme;
    let zone = zone(programme);
    let page_id = export.page_id;
    let mut rooms: Vec<String> = programme.all_rooms();
    for slot in &programme.slots {
        let room = room_of(programme, slot).to_owned();
        if !rooms.contains(&room) {
            rooms.push(room);
        }
    }
    let room_ref =
        |name: &str| json!({"name": name, "guid": guid(page_id, &format!("room:{name}"))});
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
    let events: Vec<Value> = programme
        .slots
        .iter()
        .enumerate()
        .filter_map(|(i, slot)| {
            let begins = slot_instant(programme, slot)?;
            let ends = begins
                .checked_add(jiff::SignedDuration::from_mins(i64::from(slot.duration)))
                .ok()?;
            let links: Vec<Value> = slot
                .methods
                .iter()
                .filter_map(|m| {
                    let (name, _) = export.target(m)?;
                    Some(json!({
                        "type": "RELATED",
                        "url": format!("{}{}", export.base_url, method_href(name, m.rev)),
                        "title": name,
                    }))
                })
                .collect();
            let participants: Vec<Value> = slot
                .facilitators
                .iter()
                .map(|name| json!({"name": name, "role": "HOST", "guid": guid(page_id, &format!("person:{name}"))}))
                .collect();
            Some(json!({
                "guid": guid(page_id, &format!("slot:{i}")),
                "start": rfc3339(begins, &zone),
                "end": rfc3339(ends, &zone),
                "room": room_ref(room_of(programme, slot)),
                "slug": format!("{acronym}-{}", i + 1),
                "url": format!("{}#slot-{}", page_url(export), i + 1),
                "title": slot.title,
                "subtitle": "",
                "track": {"slug": "programme"},
                "type": "WORKSHOP",
                "language": lang,
                "abstract": "",
                "participants": participants,
                "links": links,
            }))
        })
        .collect();
    let mut conference = json!({
        "acronym": acronym,
        "title": programme.title,
        "start": start,
        "end": end,
        "url": page_url(export),
        "rooms": rooms.iter().map(|r| room_ref(r)).collect::<Vec<_>>(),
        "days": days,
    });
    if simple_zone_name(&programme.timezone) {
        conference["time_zone_name"] = json!(programme.timezone);
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

/// Zone names the JSON schema's pattern admits (`Area/City` or `UTC`); others are left out.
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
pub fn xml(export: &Export<'_>, lang: &str) -> io::Result<String> {
    let programme = export.programme;
    let zone = zone(programme);
    let page_id = export.page_id;
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.get_mut()
        .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.create_element("schedule").write_inner_content(|w| {
        w.create_element("generator")
            .with_attribute(("name", "coopwiki"))
            .with_attribute(("version", env!("CARGO_PKG_VERSION")))
            .write_empty()?;
        text_element(w, "url", &format!("{}/schedule.xml", page_url(export)))?;
        text_element(w, "version", &export.version.to_string())?;
        w.create_element("conference").write_inner_content(|w| {
            text_element(w, "title", &programme.title)?;
            text_element(w, "acronym", &acronym(programme))?;
            text_element(w, "start", &programme.start.to_string())?;
            text_element(w, "end", &programme.end.to_string())?;
            text_element(w, "days", &programme.days().len().to_string())?;
            text_element(w, "time_zone_name", &programme.timezone)?;
            text_element(w, "url", &page_url(export))?;
            Ok(())
        })?;
        for (i, day) in programme.days().into_iter().enumerate() {
            let (start, end) = day_bounds(programme, day);
            let slots: Vec<(usize, &Slot)> = programme
                .slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.day == day)
                .collect();
            let mut rooms: Vec<&str> = Vec::new();
            for (_, slot) in &slots {
                let room = room_of(programme, slot);
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
                                for (position, slot) in
                                    slots.iter().filter(|(_, s)| room_of(programme, s) == *room)
                                {
                                    write_event(w, export, &zone, *position, slot, lang)?;
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
    zone: &TimeZone,
    position: usize,
    slot: &Slot,
    lang: &str,
) -> io::Result<()> {
    let programme = export.programme;
    let Some(begins) = slot_instant(programme, slot) else {
        return Ok(());
    };
    let id = (position + 1).to_string();
    let event_guid = guid(export.page_id, &format!("slot:{position}")).to_string();
    w.create_element("event")
        .with_attribute(("id", id.as_str()))
        .with_attribute(("guid", event_guid.as_str()))
        .write_inner_content(|w| {
            text_element(w, "room", room_of(programme, slot))?;
            text_element(w, "title", &slot.title)?;
            text_element(w, "subtitle", "")?;
            text_element(w, "type", "workshop")?;
            text_element(w, "date", &rfc3339(begins, zone))?;
            text_element(w, "start", &clock(slot.start))?;
            text_element(w, "duration", &clock(slot.duration))?;
            text_element(w, "abstract", "")?;
            text_element(w, "track", "programme")?;
            w.create_element("persons").write_inner_content(|w| {
                for person in &slot.facilitators {
                    text_element(w, "person", person)?;
                }
                Ok(())
            })?;
            text_element(w, "language", lang)?;
            w.create_element("links").write_inner_content(|w| {
                for method in &slot.methods {
                    if let Some((name, _)) = export.target(method) {
                        let href = format!("{}{}", export.base_url, method_href(name, method.rev));
                        w.create_element("link")
                            .with_attribute(("href", href.as_str()))
                            .write_text_content(BytesText::new(&xml_text(name)))?;
                    }
                }
                Ok(())
            })?;
            text_element(
                w,
                "url",
                &format!("{}#slot-{}", page_url(export), position + 1),
            )?;
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
        assert!(simple_zone_name("Europe/Paris"));
        assert!(simple_zone_name("UTC"));
        assert!(!simple_zone_name("America/Argentina/Buenos_Aires"));
        assert!(!simple_zone_name("Etc/GMT+1"));
    }

    #[test]
    fn guids_are_stable_and_distinct() {
        let id = Uuid::nil();
        assert_eq!(guid(id, "slot:1"), guid(id, "slot:1"));
        assert_ne!(guid(id, "slot:1"), guid(id, "slot:2"));
    }
}
