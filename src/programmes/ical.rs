//! A programme as iCalendar (RFC 5545): one `VEVENT` per slot. Times are written in UTC
//! (`DTSTART:…Z`), converted from the programme's time zone with the bundled time zone
//! database, so no `VTIMEZONE` has to be invented and every calendar reads the same instant.
//!
//! A calendar that subscribed to the programme updates an event by its `UID`, and keeps its
//! alarms with it: the `UID` is the slot's id (`programme::Slot::id`), which stays the slot's
//! when others are added, moved or removed.

use jiff::Timestamp;

use crate::programmes::programme::Slot;
use crate::programmes::views::method_href;
use crate::programmes::{Export, slot_instant};

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets, never inside a UTF-8 sequence (§3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Where a slot is: its room, then the event's place (`Hall, Lyon`).
fn location(context: &Export<'_>, slot: &Slot) -> String {
    [slot.room.as_str(), context.programme.place.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn event(out: &mut String, slot: &Slot, context: &Export<'_>) {
    let Some(start) = slot_instant(context.programme, slot) else {
        return;
    };
    line(out, "BEGIN:VEVENT");
    line(
        out,
        &format!("UID:{}@coopwiki", slot.id.unwrap_or_default()),
    );
    line(out, &format!("DTSTAMP:{}", utc(context.stamp)));
    line(out, &format!("DTSTART:{}", utc(start)));
    line(out, &format!("DURATION:PT{}M", slot.duration));
    line(out, &format!("SUMMARY:{}", escape(&slot.title)));
    let location = location(context, slot);
    if !location.is_empty() {
        line(out, &format!("LOCATION:{}", escape(&location)));
    }
    let mut description: Vec<String> = [&slot.subtitle, &slot.summary]
        .into_iter()
        .filter(|text| !text.is_empty())
        .cloned()
        .collect();
    if !slot.facilitators.is_empty() {
        description.push(slot.facilitators.join(", "));
    }
    let mut first_url = None;
    for method in &slot.methods {
        match context.target(method) {
            Some((name, _)) => {
                let url = format!("{}{}", context.base_url, method_href(name, method.rev));
                description.push(format!("{name}: {url}"));
                first_url.get_or_insert(url);
            }
            None => description.push(method.name.clone()),
        }
    }
    if !description.is_empty() {
        line(
            out,
            &format!("DESCRIPTION:{}", escape(&description.join("\n"))),
        );
    }
    // The first method's address, else the slot on the programme's page.
    line(
        out,
        &format!(
            "URL:{}",
            first_url.unwrap_or_else(|| context.slot_url(slot))
        ),
    );
    line(out, "END:VEVENT");
}

/// The calendar of a programme.
pub fn calendar(context: &Export<'_>) -> String {
    calendar_of(&context.programme.title, std::slice::from_ref(context))
}

/// One calendar holding the events of several programmes, named `name`: the feed of every
/// programme a visitor may read. Each event keeps the UID its programme's own calendar gives
/// it, so a calendar subscribed to both sees one event, not two.
pub fn calendar_of(name: &str, contexts: &[Export<'_>]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//coopwiki//programmes//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for context in contexts {
        for slot in &context.programme.slots {
            event(&mut out, slot, context);
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for part in out.split("\r\n") {
            assert!(part.len() <= 75, "{part}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "é".repeat(60))
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
