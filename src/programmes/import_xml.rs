//! Reading a frab/pretalx `schedule.xml` (the format of `schedule.xml.xsd`) into the shape of
//! the classic `schedule.json`, so that `import` reads both formats with one reader: the
//! conference, then each day with its rooms, each room with its events.
//!
//! The XML is read with quick-xml, which expands no entity but the five XML predefines and
//! character references and fetches nothing, so a pasted document cannot make the server read
//! files or loop; the text is already bounded by the page-size limit, and the tree by
//! [`MAX_DEPTH`].

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value, json};

/// Deepest nesting read: a schedule is five levels deep (schedule, day, room, event, persons).
const MAX_DEPTH: usize = 16;

/// An element as read: its local name, attributes, text and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn of(start: &BytesStart<'_>) -> Result<Element, String> {
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|err| err.to_string())?;
            let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
            let value = attribute.unescape_value().map_err(|err| err.to_string())?;
            attributes.push((key, value.into_owned()));
        }
        Ok(Element {
            name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
            attributes,
            ..Element::default()
        })
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn children(&self, name: &'static str) -> impl Iterator<Item = &Element> {
        self.children.iter().filter(move |child| child.name == name)
    }

    fn child(&self, name: &'static str) -> Option<&Element> {
        self.children(name).next()
    }

    /// The text of a child element, or `""`.
    fn text_of(&self, name: &'static str) -> &str {
        self.child(name).map_or("", |child| child.text.as_str())
    }
}

/// The root element of a document.
fn parse(data: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(data);
    let mut open: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().map_err(|err| err.to_string())? {
            Event::Start(start) => {
                if open.len() > MAX_DEPTH {
                    return Err("the XML is nested too deep".to_owned());
                }
                open.push(Element::of(&start)?);
            }
            Event::Empty(start) => {
                let element = Element::of(&start)?;
                if let Some(parent) = open.last_mut() {
                    parent.children.push(element);
                }
            }
            Event::End(_) => {
                let element = open.pop().ok_or("an end tag without its start")?;
                let parent = open.last_mut().ok_or("an end tag without its start")?;
                parent.children.push(element);
            }
            Event::Text(text) => {
                let text = text.xml_content().map_err(|err| err.to_string())?;
                if let Some(element) = open.last_mut() {
                    element.text.push_str(&text);
                }
            }
            Event::CData(data) => {
                let text = data.xml_content().map_err(|err| err.to_string())?;
                if let Some(element) = open.last_mut() {
                    element.text.push_str(&text);
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference
                    .resolve_char_ref()
                    .map_err(|err| err.to_string())?
                {
                    Some(c) => c,
                    None => match reference.decode().map_err(|err| err.to_string())?.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("the entity &{other}; is not defined")),
                    },
                };
                if let Some(element) = open.last_mut() {
                    element.text.push(resolved);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if open.len() != 1 {
        return Err("the XML ends inside an element".to_owned());
    }
    let mut document = open.pop().unwrap_or_default();
    document
        .children
        .pop()
        .filter(|_| document.children.is_empty())
        .ok_or_else(|| "the XML has no single root element".to_owned())
}

/// An event of the XML as the classic JSON writes it.
fn event(element: &Element) -> Value {
    let persons: Vec<Value> = element
        .child("persons")
        .into_iter()
        .flat_map(|persons| persons.children("person"))
        .map(|person| json!({"public_name": person.text.trim()}))
        .collect();
    let mut event = Map::new();
    if let Some(guid) = element.attribute("guid") {
        event.insert("guid".into(), json!(guid));
    }
    for key in [
        "date", "start", "duration", "room", "title", "subtitle", "track", "type", "language",
        "abstract",
    ] {
        if let Some(child) = element.child(key) {
            event.insert(key.into(), json!(child.text));
        }
    }
    event.insert("persons".into(), Value::Array(persons));
    Value::Object(event)
}

/// A `schedule.xml` as the classic `schedule.json` would hold it; `Err` says why the text is
/// not one.
pub fn to_json(data: &str) -> Result<Value, String> {
    let root = parse(data)?;
    if root.name != "schedule" {
        return Err(format!(
            "the root element is <{}>, not <schedule>",
            root.name
        ));
    }
    let conference = root.child("conference").ok_or("no <conference>")?;
    let mut fields = Map::new();
    for key in ["title", "acronym", "start", "end", "time_zone_name"] {
        if let Some(child) = conference.child(key) {
            fields.insert(key.into(), json!(child.text.trim()));
        }
    }
    let days: Vec<Value> = root
        .children("day")
        .map(|day| {
            let mut rooms = Map::new();
            for room in day.children("room") {
                let name = room.attribute("name").unwrap_or("");
                let events: Vec<Value> = room
                    .children("event")
                    .map(|element| {
                        let mut event = event(element);
                        if element.text_of("room").trim().is_empty() {
                            event["room"] = json!(name);
                        }
                        event
                    })
                    .collect();
                match rooms.get_mut(name) {
                    Some(Value::Array(list)) => list.extend(events),
                    _ => {
                        rooms.insert(name.to_owned(), Value::Array(events));
                    }
                }
            }
            json!({
                "date": day.attribute("date").unwrap_or(""),
                "day_start": day.attribute("start").unwrap_or(""),
                "day_end": day.attribute("end").unwrap_or(""),
                "rooms": rooms,
            })
        })
        .collect();
    fields.insert("days".into(), Value::Array(days));
    Ok(json!({"schedule": {"conference": fields}}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn entities_and_character_references_are_read_and_others_refused() {
        let xml = "<schedule><conference><title>A &amp; B &#233;t&#xE9;</title></conference>\
                   <day date=\"2026-06-01\" start=\"2026-06-01T00:00:00+02:00\" end=\"x\">\
                   <room name=\"Hall\"><event guid=\"g\" id=\"1\"><title><![CDATA[<Open>]]></title>\
                   <persons><person id=\"2\">Ann</person></persons></event></room></day></schedule>";
        let json = to_json(xml).unwrap();
        let conference = &json["schedule"]["conference"];
        assert_eq!(conference["title"], "A & B été");
        let event = &conference["days"][0]["rooms"]["Hall"][0];
        assert_eq!(event["title"], "<Open>");
        assert_eq!(event["room"], "Hall");
        assert_eq!(event["persons"][0]["public_name"], "Ann");
        let entity = "<!DOCTYPE s [<!ENTITY x \"boom\">]><schedule>&x;</schedule>";
        assert!(to_json(entity).unwrap_err().contains("&x;"));
        assert!(to_json("<schedule><day>").is_err());
        assert!(to_json("<other/>").is_err());
    }

    proptest! {
        #[test]
        fn any_text_reads_without_panicking(data in "\\PC{0,300}") {
            let _ = to_json(&data);
            let _ = to_json(&format!("<schedule>{data}</schedule>"));
        }
    }
}
