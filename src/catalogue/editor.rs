//! From the typed editor's form fields to a sheet, and from checked values to the text saved.
//!
//! Inputs are named after the field: `f.hook`, `f.group_size.min`, `f.purposes` (repeated for
//! each box ticked), `f.steps.0.title`. Values are read as typed (a number stays the text that
//! was typed until checked), so a refused form comes back exactly as it was sent.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::catalogue::fields::Checked;
use crate::catalogue::form::{FieldKind, Form};
use crate::catalogue::sheet::{FrontMatter, HEADER_KEYS, Sheet};

/// Most rows of a list field read from one form.
const MAX_ROWS: usize = 200;

/// The sub-fields of each kind of row.
pub fn row_keys(kind: FieldKind) -> &'static [&'static str] {
    match kind {
        FieldKind::Steps => &["title", "duration", "text"],
        FieldKind::Materials => &["item", "quantity", "per"],
        FieldKind::Relations => &["method", "kind"],
        _ => &[],
    }
}

/// What the typed editor sent, besides the token.
#[derive(Debug, Clone, Default)]
pub struct Posted {
    pub front: FrontMatter,
    pub body: String,
    pub summary: String,
    pub base: i32,
    pub submission_id: Option<uuid::Uuid>,
    pub preview: bool,
    /// The page name typed when creating a sheet.
    pub page: String,
}

fn lines(text: &str) -> Value {
    Value::Array(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Value::String(l.to_owned()))
            .collect(),
    )
}

/// Reads the editor's fields for `form`.
pub fn read(form: &Form, pairs: &[(String, String)]) -> Posted {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.replace("\r\n", "\n").replace('\r', "\n"))
    };
    let mut posted = Posted {
        body: get("body").unwrap_or_default(),
        summary: get("summary").unwrap_or_default(),
        base: get("base").and_then(|b| b.parse().ok()).unwrap_or(0),
        submission_id: get("submission_id").and_then(|s| s.parse().ok()),
        preview: get("action").as_deref() == Some("preview"),
        page: get("page").unwrap_or_default(),
        ..Posted::default()
    };
    posted
        .front
        .insert("form".into(), Value::String(form.name.clone()));
    for key in ["lang", "translation"] {
        posted.front.insert(
            key.into(),
            Value::String(get(key).unwrap_or_default().trim().to_owned()),
        );
    }
    for field in form.fields() {
        let name = format!("f.{}", field.key);
        let value = match field.kind {
            FieldKind::Choices => Value::Array(
                pairs
                    .iter()
                    .filter(|(k, _)| *k == name)
                    .map(|(_, v)| Value::String(v.clone()))
                    .collect(),
            ),
            FieldKind::YesNo => Value::Bool(get(&name).is_some()),
            FieldKind::IntRange | FieldKind::DurationRange => {
                let mut map = Map::new();
                for bound in ["min", "max"] {
                    let text = get(&format!("{name}.{bound}")).unwrap_or_default();
                    map.insert(bound.into(), Value::String(text.trim().to_owned()));
                }
                Value::Object(map)
            }
            FieldKind::Image => {
                let mut map = Map::new();
                for part in ["src", "alt"] {
                    let text = get(&format!("{name}.{part}")).unwrap_or_default();
                    map.insert(part.into(), Value::String(text.trim().to_owned()));
                }
                Value::Object(map)
            }
            FieldKind::Texts | FieldKind::Tags | FieldKind::PageLinks => {
                lines(&get(&name).unwrap_or_default())
            }
            FieldKind::Steps | FieldKind::Materials | FieldKind::Relations => {
                let prefix = format!("{name}.");
                let mut rows: BTreeMap<usize, Map<String, Value>> = BTreeMap::new();
                for (key, value) in pairs {
                    let Some((index, sub)) = key
                        .strip_prefix(&prefix)
                        .and_then(|rest| rest.split_once('.'))
                    else {
                        continue;
                    };
                    let Ok(index) = index.parse::<usize>() else {
                        continue;
                    };
                    if index >= MAX_ROWS || !row_keys(field.kind).contains(&sub) {
                        continue;
                    }
                    let value = value.replace("\r\n", "\n");
                    rows.entry(index)
                        .or_default()
                        .insert(sub.to_owned(), Value::String(value.trim().to_owned()));
                }
                Value::Array(
                    rows.into_values()
                        .filter(|row| {
                            row.values()
                                .any(|v| v.as_str().is_some_and(|s| !s.is_empty()))
                        })
                        .map(|row| {
                            let mut ordered = Map::new();
                            for sub in row_keys(field.kind) {
                                ordered.insert(
                                    (*sub).to_owned(),
                                    row.get(*sub)
                                        .cloned()
                                        .unwrap_or(Value::String(String::new())),
                                );
                            }
                            Value::Object(ordered)
                        })
                        .collect(),
                )
            }
            // A long one-line text is typed in a text area: its line breaks become spaces.
            FieldKind::Text => Value::String(
                get(&name)
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => Value::String(get(&name).unwrap_or_default().trim().to_owned()),
        };
        posted.front.insert(field.key.clone(), value);
    }
    posted
}

/// The sheet to save: header, the checked values in form order, then the keys of `previous`
/// the form does not know (a removed field's values are carried on, never dropped).
pub fn compose(
    form: &Form,
    page: &str,
    header: &FrontMatter,
    checked: &Checked,
    previous: Option<&FrontMatter>,
    body: &str,
) -> Sheet {
    let mut front = FrontMatter::new();
    front.insert("form".into(), Value::String(form.name.clone()));
    front.insert("page".into(), Value::String(page.to_owned()));
    for key in ["lang", "translation"] {
        front.insert(
            key.into(),
            header
                .get(key)
                .cloned()
                .unwrap_or(Value::String(String::new())),
        );
    }
    for field in form.fields() {
        if let Some(value) = checked.values.get(&field.key) {
            front.insert(field.key.clone(), value.clone());
        }
    }
    for (key, value) in previous.into_iter().flatten() {
        if !HEADER_KEYS.contains(&key.as_str()) && form.field(key).is_none() {
            front.insert(key.clone(), value.clone());
        }
    }
    let mut body = body.to_owned();
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    Sheet { front, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::fields::check;

    fn form() -> Form {
        Form::parse(include_str!("../../catalogue/forms/method.yaml")).unwrap()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn posted_fields_become_typed_values() {
        let form = form();
        let posted = read(
            &form,
            &pairs(&[
                ("lang", "en"),
                ("f.hook", " A hook "),
                ("f.purposes", "decide"),
                ("f.purposes", "plan"),
                ("f.group_size.min", "3"),
                ("f.group_size.max", "12"),
                ("f.steps.1.title", "Second"),
                ("f.steps.1.duration", "5"),
                ("f.steps.0.title", "First"),
                ("f.steps.0.duration", "10"),
                ("f.steps.0.text", "Do it"),
                ("f.steps.2.title", ""),
                ("f.tags", "one\r\n\r\ntwo\n"),
                ("body", "Text\r\n"),
            ]),
        );
        assert_eq!(posted.front["hook"], "A hook");
        assert_eq!(
            posted.front["purposes"],
            serde_json::json!(["decide", "plan"])
        );
        assert_eq!(posted.front["tags"], serde_json::json!(["one", "two"]));
        let steps = posted.front["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0]["title"], "First");
        assert_eq!(posted.body, "Text\n");
        let sheet = Sheet {
            front: posted.front.clone(),
            body: posted.body.clone(),
        };
        let checked = check(Some(&form), &sheet);
        assert_eq!(
            checked.values["group_size"],
            serde_json::json!({"min": 3, "max": 12})
        );
        assert_eq!(checked.values["steps"][1]["duration"], 5);
    }

    #[test]
    fn composing_keeps_the_keys_of_removed_fields() {
        let form = form();
        let mut previous = FrontMatter::new();
        previous.insert("form".into(), "Method".into());
        previous.insert("retired".into(), serde_json::json!([1, 2]));
        let checked = Checked::default();
        let sheet = compose(
            &form,
            "X",
            &FrontMatter::new(),
            &checked,
            Some(&previous),
            "b",
        );
        assert_eq!(sheet.front["retired"], serde_json::json!([1, 2]));
        assert_eq!(sheet.front["page"], "X");
        assert_eq!(sheet.body, "b\n");
    }
}
