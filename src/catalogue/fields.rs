//! Checking a sheet's values against its form, and deriving the catalogue row from them.
//!
//! [`check`] is strict and used before a save: every problem becomes a [`FieldError`] shown
//! next to its field (422, nothing saved). [`derive`] is lenient and used inside the save
//! transaction on the text actually saved (which a restore or a merge may have produced):
//! it keeps every value that is valid and leaves out the others, so a revision that a newer
//! form no longer accepts stays in the catalogue with what can still be read.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use crate::catalogue::form::{Field, FieldKind, Form};
use crate::catalogue::sheet::{HEADER_KEYS, Sheet};
use crate::i18n::Lang;
use crate::names::PageName;

/// Most items in one list field (steps, materials, tags, …).
const MAX_ITEMS: usize = 200;
/// Most characters of a one-line text without a `max_length` of its own.
const DEFAULT_TEXT_MAX: usize = 1_000;
/// Most characters of a Markdown field or of an item's text.
const LONG_TEXT_MAX: usize = 50_000;
/// Units a material is counted in.
pub const MATERIAL_PER: [&str; 3] = ["person", "group", "session"];

/// One problem with one field, localised when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field key (`steps`), or a header key (`lang`).
    pub field: String,
    /// Fluent message id.
    pub message: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    fn new(field: &str, message: &'static str, args: &[(&'static str, String)]) -> FieldError {
        FieldError {
            field: field.to_owned(),
            message,
            args: args.to_vec(),
        }
    }

    pub fn localise(&self, lang: Lang) -> String {
        let args: Vec<(&'static str, &str)> =
            self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        lang.t_with(self.message, &args)
    }
}

type Problem = (&'static str, Vec<(&'static str, String)>);

fn problem(message: &'static str) -> Problem {
    (message, Vec::new())
}

fn problem_with(message: &'static str, args: &[(&'static str, String)]) -> Problem {
    (message, args.to_vec())
}

/// `^[a-z0-9]+(-[a-z0-9]+)*$`, at most 80 characters: the identifier of a method across
/// languages (`world-cafe`).
pub fn is_slug(text: &str) -> bool {
    text.len() <= 80
        && !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// A slug proposed from a page name: `World Café` → `world-cafe`.
pub fn slugify(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::new();
    for c in name.nfkd() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    slug.chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// A scalar written where text is expected (`configuration: 12`) is read as its text.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn check_length(text: &str, max: usize) -> Result<(), Problem> {
    let count = text.chars().count();
    if count > max {
        Err(problem_with(
            "field-too-long",
            &[("max", max.to_string()), ("count", count.to_string())],
        ))
    } else {
        Ok(())
    }
}

fn one_line(field: &Field, value: &Value) -> Result<Option<Value>, Problem> {
    let text = as_text(value).ok_or_else(|| problem("field-not-text"))?;
    let text = text.trim().to_owned();
    if text.contains('\n') {
        return Err(problem("field-one-line"));
    }
    check_length(&text, field.max_length.unwrap_or(DEFAULT_TEXT_MAX))?;
    Ok((!text.is_empty()).then(|| Value::String(text)))
}

fn int_in_bounds(field: &Field, n: i64) -> Result<i64, Problem> {
    if let Some(min) = field.min
        && n < min
    {
        return Err(problem_with(
            "field-number-min",
            &[("min", min.to_string())],
        ));
    }
    if let Some(max) = field.max
        && n > max
    {
        return Err(problem_with(
            "field-number-max",
            &[("max", max.to_string())],
        ));
    }
    Ok(n)
}

fn list(value: &Value) -> Result<&Vec<Value>, Problem> {
    match value {
        Value::Array(items) if items.len() <= MAX_ITEMS => Ok(items),
        Value::Array(_) => Err(problem_with(
            "field-too-many",
            &[("max", MAX_ITEMS.to_string())],
        )),
        _ => Err(problem("field-not-list")),
    }
}

fn record(value: &Value, index: usize) -> Result<&Map<String, Value>, Problem> {
    value
        .as_object()
        .ok_or_else(|| problem_with("field-item-not-record", &[("n", (index + 1).to_string())]))
}

fn item_text(map: &Map<String, Value>, key: &str, max: usize) -> Result<String, Problem> {
    let text = map.get(key).and_then(as_text).unwrap_or_default();
    let text = text.trim().to_owned();
    check_length(&text, max)?;
    Ok(text)
}

fn item_problem(index: usize, message: &'static str) -> Problem {
    problem_with(message, &[("n", (index + 1).to_string())])
}

/// The valid, normalised value of one field, or `None` when it is empty.
fn normalise(field: &Field, value: &Value) -> Result<Option<Value>, Problem> {
    if value.is_null() {
        return Ok(None);
    }
    match field.kind {
        FieldKind::Text => one_line(field, value),
        FieldKind::Markdown => {
            let text = as_text(value).ok_or_else(|| problem("field-not-text"))?;
            let text = text.trim_end().to_owned();
            check_length(&text, field.max_length.unwrap_or(LONG_TEXT_MAX))?;
            Ok((!text.trim().is_empty()).then(|| Value::String(text)))
        }
        FieldKind::Number => {
            if as_text(value).is_some_and(|t| t.trim().is_empty()) {
                return Ok(None);
            }
            let n = as_int(value).ok_or_else(|| problem("field-not-number"))?;
            Ok(Some(json!(int_in_bounds(field, n)?)))
        }
        FieldKind::IntRange | FieldKind::DurationRange => {
            let map = value
                .as_object()
                .ok_or_else(|| problem("field-not-range"))?;
            let bound = |key: &str| {
                map.get(key)
                    .filter(|v| !as_text(v).is_some_and(|t| t.trim().is_empty()))
            };
            let (min, max) = match (bound("min"), bound("max")) {
                (None, None) => return Ok(None),
                (Some(min), Some(max)) => (min, max),
                _ => return Err(problem("field-range-both")),
            };
            let min = as_int(min).ok_or_else(|| problem("field-not-number"))?;
            let max = as_int(max).ok_or_else(|| problem("field-not-number"))?;
            let lowest = field.min.unwrap_or(0);
            if min < lowest {
                return Err(problem_with(
                    "field-number-min",
                    &[("min", lowest.to_string())],
                ));
            }
            if min > max {
                return Err(problem("field-range-order"));
            }
            if let Some(highest) = field.max
                && max > highest
            {
                return Err(problem_with(
                    "field-number-max",
                    &[("max", highest.to_string())],
                ));
            }
            Ok(Some(json!({"min": min, "max": max})))
        }
        FieldKind::Choice => {
            let id = as_text(value).ok_or_else(|| problem("field-not-text"))?;
            if id.is_empty() {
                return Ok(None);
            }
            field
                .choice(&id)
                .map(|_| Some(Value::String(id.clone())))
                .ok_or_else(|| problem_with("field-unknown-choice", &[("value", id)]))
        }
        FieldKind::Choices => {
            let mut ids: Vec<Value> = Vec::new();
            for item in list(value)? {
                let id = as_text(item).ok_or_else(|| problem("field-not-text"))?;
                if field.choice(&id).is_none() {
                    return Err(problem_with("field-unknown-choice", &[("value", id)]));
                }
                if ids.iter().any(|v| v.as_str() == Some(&id)) {
                    return Err(problem_with("field-duplicate", &[("value", id)]));
                }
                ids.push(Value::String(id));
            }
            Ok((!ids.is_empty()).then_some(Value::Array(ids)))
        }
        FieldKind::YesNo => match value {
            Value::Bool(b) => Ok(Some(Value::Bool(*b))),
            _ => Err(problem("field-not-yes-no")),
        },
        FieldKind::Url => {
            let Some(Value::String(text)) = one_line(field, value)? else {
                return Ok(None);
            };
            let ok = (text.starts_with("https://") || text.starts_with("http://"))
                && text.len() > "https://".len()
                && !text.chars().any(char::is_whitespace);
            if ok {
                Ok(Some(Value::String(text)))
            } else {
                Err(problem("field-not-url"))
            }
        }
        FieldKind::PageLink => {
            let Some(Value::String(text)) = one_line(field, value)? else {
                return Ok(None);
            };
            page_name(&text).map(|name| Some(Value::String(name)))
        }
        FieldKind::PageLinks | FieldKind::Texts | FieldKind::Tags => {
            let mut items = Vec::new();
            for item in list(value)? {
                let text = as_text(item).ok_or_else(|| problem("field-not-text"))?;
                let text = text.trim().to_owned();
                if text.is_empty() {
                    continue;
                }
                check_length(&text, field.max_length.unwrap_or(DEFAULT_TEXT_MAX))?;
                let text = if field.kind == FieldKind::PageLinks {
                    page_name(&text)?
                } else {
                    text
                };
                items.push(Value::String(text));
            }
            Ok((!items.is_empty()).then_some(Value::Array(items)))
        }
        FieldKind::Licence => {
            let Some(Value::String(id)) = one_line(field, value)? else {
                return Ok(None);
            };
            match spdx::license_id(&id) {
                Some(licence) => Ok(Some(Value::String(licence.name.to_owned()))),
                None => Err(problem_with("field-unknown-licence", &[("value", id)])),
            }
        }
        FieldKind::Image => {
            let map = value
                .as_object()
                .ok_or_else(|| problem("field-not-image"))?;
            let src = item_text(map, "src", DEFAULT_TEXT_MAX)?;
            let alt = item_text(map, "alt", DEFAULT_TEXT_MAX)?;
            if src.is_empty() && alt.is_empty() {
                return Ok(None);
            }
            if !is_local_path(&src) {
                return Err(problem("field-image-src"));
            }
            if alt.is_empty() {
                return Err(problem("field-image-alt"));
            }
            Ok(Some(json!({"src": src, "alt": alt})))
        }
        FieldKind::Steps => {
            let mut steps = Vec::new();
            for (i, item) in list(value)?.iter().enumerate() {
                let map = record(item, i)?;
                let title = item_text(map, "title", DEFAULT_TEXT_MAX)?;
                let text = item_text(map, "text", LONG_TEXT_MAX)?;
                let duration = map
                    .get("duration")
                    .filter(|v| !as_text(v).is_some_and(|t| t.trim().is_empty()));
                if title.is_empty() && text.is_empty() && duration.is_none() {
                    continue;
                }
                if title.is_empty() {
                    return Err(item_problem(i, "field-step-title"));
                }
                let duration = match duration {
                    None => return Err(item_problem(i, "field-step-duration")),
                    Some(d) => as_int(d)
                        .filter(|d| *d >= 0)
                        .ok_or_else(|| item_problem(i, "field-step-duration"))?,
                };
                steps.push(json!({"title": title, "duration": duration, "text": text}));
            }
            Ok((!steps.is_empty()).then_some(Value::Array(steps)))
        }
        FieldKind::Materials => {
            let mut materials = Vec::new();
            for (i, item) in list(value)?.iter().enumerate() {
                let map = record(item, i)?;
                let name = item_text(map, "item", DEFAULT_TEXT_MAX)?;
                if name.is_empty() {
                    continue;
                }
                let quantity = map
                    .get("quantity")
                    .and_then(as_int)
                    .filter(|q| *q >= 1)
                    .ok_or_else(|| item_problem(i, "field-material-quantity"))?;
                let per = map.get("per").and_then(as_text).unwrap_or_default();
                if !MATERIAL_PER.contains(&per.as_str()) {
                    return Err(item_problem(i, "field-material-per"));
                }
                materials.push(json!({"item": name, "quantity": quantity, "per": per}));
            }
            Ok((!materials.is_empty()).then_some(Value::Array(materials)))
        }
        FieldKind::Relations => {
            let mut relations = Vec::new();
            for (i, item) in list(value)?.iter().enumerate() {
                let map = record(item, i)?;
                let method = item_text(map, "method", 80)?;
                if method.is_empty() {
                    continue;
                }
                if !is_slug(&method) {
                    return Err(item_problem(i, "field-relation-slug"));
                }
                let kind = map.get("kind").and_then(as_text).unwrap_or_default();
                if field.choice(&kind).is_none() {
                    return Err(item_problem(i, "field-relation-kind"));
                }
                relations.push(json!({"method": method, "kind": kind}));
            }
            Ok((!relations.is_empty()).then_some(Value::Array(relations)))
        }
    }
}

fn page_name(text: &str) -> Result<String, Problem> {
    PageName::parse(text)
        .map(|name| name.as_str().to_owned())
        .map_err(|err| problem_with("field-not-page-name", &[("detail", err.to_string())]))
}

/// Pictures come from this site only (`/…`, never `//host`): the CSP allows nothing else.
pub fn is_local_path(src: &str) -> bool {
    src.starts_with('/')
        && !src.starts_with("//")
        && !src.contains('\\')
        && !src.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The result of checking a sheet: its valid values, normalised, and every problem found.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub values: IndexMap<String, Value>,
    pub errors: Vec<FieldError>,
}

/// Checks a sheet against its form (`None`: the form does not exist).
pub fn check(form: Option<&Form>, sheet: &Sheet) -> Checked {
    let mut checked = Checked::default();
    let Some(form) = form else {
        checked.errors.push(FieldError::new(
            "form",
            "field-unknown-form",
            &[("form", sheet.form_name().to_owned())],
        ));
        return checked;
    };
    match sheet.front.get("lang").and_then(Value::as_str) {
        Some(code) if Lang::all().iter().any(|l| l.code() == code) => {}
        _ => checked
            .errors
            .push(FieldError::new("lang", "field-bad-lang", &[])),
    }
    match sheet.front.get("translation") {
        None | Some(Value::Null) => {}
        Some(Value::String(slug)) if slug.is_empty() || is_slug(slug) => {}
        Some(_) => checked
            .errors
            .push(FieldError::new("translation", "field-bad-slug", &[])),
    }
    for field in form.fields() {
        let value = sheet.front.get(&field.key).unwrap_or(&Value::Null);
        match normalise(field, value) {
            Ok(Some(value)) => {
                checked.values.insert(field.key.clone(), value);
            }
            Ok(None) if field.required => {
                checked
                    .errors
                    .push(FieldError::new(&field.key, "field-required", &[]))
            }
            Ok(None) => {}
            Err((message, args)) => checked
                .errors
                .push(FieldError::new(&field.key, message, &args)),
        }
    }
    for field in form.fields() {
        let Some(target) = &field.total_within else {
            continue;
        };
        let (Some(steps), Some(range)) =
            (checked.values.get(&field.key), checked.values.get(target))
        else {
            continue;
        };
        let total: i64 = steps
            .as_array()
            .map(|steps| steps.iter().filter_map(|s| s["duration"].as_i64()).sum())
            .unwrap_or(0);
        let (min, max) = (
            range["min"].as_i64().unwrap_or(0),
            range["max"].as_i64().unwrap_or(0),
        );
        if total < min || total > max {
            checked.errors.push(FieldError::new(
                &field.key,
                "field-steps-total",
                &[
                    ("total", total.to_string()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ],
            ));
        }
    }
    checked
}

/// The queryable row of a sheet, derived from its latest revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub form: String,
    pub lang: String,
    pub translation: String,
    pub hook: String,
    pub summary: String,
    /// The valid values, by key.
    pub fields: Value,
    /// `key=id` for every choice made in a filterable choice field.
    pub facets: Vec<String>,
    /// The same choices as bits (`Form::facet_bit`).
    pub facet_bits: i64,
    /// `[min, max]` of each range field, in form order (`Form::range_slot`).
    pub bounds: Vec<Option<i32>>,
    pub valid: bool,
    /// The words of the other fields, for the search index ([`search_text`]).
    pub search_text: String,
}

/// The ids of a choice value (one for a single choice).
fn ids_of(value: &Value) -> Vec<&str> {
    match value {
        Value::String(id) => vec![id.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Derives the catalogue row (lenient: see the module documentation).
pub fn derive(form: Option<&Form>, sheet: &Sheet) -> Derived {
    let checked = check(form, sheet);
    let mut facets = Vec::new();
    let mut facet_bits = 0i64;
    let mut bounds = Vec::new();
    if let Some(form) = form {
        for field in form.fields() {
            let value = checked.values.get(&field.key);
            if field.kind.is_range() {
                let bound = |end: &str| {
                    value
                        .and_then(|v| v[end].as_i64())
                        .and_then(|n| i32::try_from(n).ok())
                };
                bounds.push(bound("min"));
                bounds.push(bound("max"));
            }
            if !(field.filterable && matches!(field.kind, FieldKind::Choice | FieldKind::Choices)) {
                continue;
            }
            for id in value.map(ids_of).unwrap_or_default() {
                facets.push(format!("{}={id}", field.key));
                if let Some(bit) = form.facet_bit(&field.key, id) {
                    facet_bits |= 1 << bit;
                }
            }
        }
    }
    let lang = sheet
        .front
        .get("lang")
        .and_then(Value::as_str)
        .filter(|code| Lang::all().iter().any(|l| l.code() == *code))
        .unwrap_or("en")
        .to_owned();
    let translation = sheet
        .front
        .get("translation")
        .and_then(Value::as_str)
        .filter(|slug| is_slug(slug))
        .unwrap_or("")
        .to_owned();
    let text = |key: &str| {
        checked
            .values
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let language = Lang::all()
        .iter()
        .copied()
        .find(|l| l.code() == lang)
        .unwrap_or(Lang::EN);
    Derived {
        form: sheet.form_name().to_owned(),
        search_text: search_text(form, &checked.values, language),
        lang,
        translation,
        hook: text("hook"),
        summary: text("summary"),
        valid: checked.errors.is_empty(),
        fields: Value::Object(checked.values.into_iter().collect()),
        facets,
        facet_bits,
        bounds,
    }
}

/// The words of a sheet's fields for the search index, where they weigh less than the title,
/// hook and summary (weight B) but more than the body: every text of every valid value but
/// hook and summary, a choice by its label in the sheet's language (so "décider" finds the
/// sheets for deciding), and no numbers, addresses or licence identifiers, which nobody
/// searches for by their words.
fn search_text(form: Option<&Form>, values: &IndexMap<String, Value>, lang: Lang) -> String {
    let mut words: Vec<&str> = Vec::new();
    for (key, value) in values {
        if key == "hook" || key == "summary" {
            continue;
        }
        let field = form.and_then(|form| form.field(key));
        match field.map(|field| (field, field.kind)) {
            Some((field, FieldKind::Choice | FieldKind::Choices)) => {
                for id in ids_of(value) {
                    words.push(field.choice(id).map_or(id, |c| c.label.get(lang)));
                }
            }
            Some((
                _,
                FieldKind::Number
                | FieldKind::IntRange
                | FieldKind::DurationRange
                | FieldKind::YesNo
                | FieldKind::Url
                | FieldKind::Licence,
            )) => {}
            _ => strings_of(value, &mut words),
        }
    }
    words.join("\n")
}

/// Every string inside a value (list items, step titles and texts...).
fn strings_of<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::String(text) => out.push(text),
        Value::Array(items) => items.iter().for_each(|item| strings_of(item, out)),
        Value::Object(map) => map.values().for_each(|item| strings_of(item, out)),
        _ => {}
    }
}

/// Whether two sheets say the same under `form`, whatever their formatting: same valid
/// values, language, slug, body and values of keys the form does not know. An import of an
/// unchanged sheet then adds no revision.
pub fn same_content(form: &Form, a: &Sheet, b: &Sheet) -> bool {
    let header = |s: &Sheet, key: &str| s.front.get(key).cloned().unwrap_or(Value::Null);
    let unknown = |s: &Sheet| -> IndexMap<String, Value> {
        unknown_keys(form, s)
            .into_iter()
            .filter(|key| *key != "page")
            .map(|key| (key.to_owned(), s.front[key].clone()))
            .collect()
    };
    check(Some(form), a).values == check(Some(form), b).values
        && ["form", "lang", "translation"]
            .iter()
            .all(|key| header(a, key) == header(b, key))
        && a.body.trim_end() == b.body.trim_end()
        && unknown(a) == unknown(b)
}

/// Keys that are neither header keys nor fields of the form: values of removed fields, kept.
pub fn unknown_keys<'s>(form: &Form, sheet: &'s Sheet) -> Vec<&'s str> {
    sheet
        .front
        .keys()
        .map(String::as_str)
        .filter(|key| !HEADER_KEYS.contains(key) && form.field(key).is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::sheet::parse;

    const FORM: &str = include_str!("../../catalogue/forms/method.yaml");

    fn form() -> Form {
        Form::parse(FORM).unwrap()
    }

    #[test]
    fn every_starter_sheet_is_valid_and_derives_its_facets() {
        let form = form();
        for file in crate::catalogue::starter::sheet_files() {
            let sheet = parse(&file.text).unwrap().unwrap();
            let checked = check(Some(&form), &sheet);
            assert!(
                checked.errors.is_empty(),
                "{}: {:?}",
                file.path,
                checked.errors
            );
            let derived = derive(Some(&form), &sheet);
            assert!(derived.valid);
            assert!(derived.facets.iter().any(|f| f.starts_with("purposes=")));
            assert!(derived.bounds[0].is_some() && derived.bounds[3].is_some());
            assert_ne!(derived.facet_bits, 0);
        }
    }

    /// Issue #21: a French sheet has a French name, never the English one with "(fr)".
    #[test]
    fn starter_sheets_are_named_without_a_language_suffix() {
        for file in crate::catalogue::starter::sheet_files() {
            let sheet = parse(&file.text).unwrap().unwrap();
            let name = sheet.text_of("page");
            assert!(
                !name.ends_with(" (fr)") && !name.ends_with(" (en)"),
                "{}: {name}",
                file.path
            );
        }
    }

    #[test]
    fn problems_name_their_field() {
        let text = "---\nform: Method\nlang: de\nhook: \"\"\nsummary: \"s\"\npurposes: [decide, dance]\ngroup_size: {min: 5, max: 2}\nduration: {min: 10, max: 20}\nsteps:\n  - {title: \"a\", duration: 30, text: \"\"}\nmaterials:\n  - {item: \"chairs\", quantity: 0, per: person}\nlicence: NOT-A-LICENCE\n---\n";
        let sheet = parse(text).unwrap().unwrap();
        let errors = check(Some(&form()), &sheet).errors;
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.message))
            .collect();
        assert_eq!(
            found,
            [
                ("lang", "field-bad-lang"),
                ("hook", "field-required"),
                ("purposes", "field-unknown-choice"),
                ("group_size", "field-range-order"),
                ("materials", "field-material-quantity"),
                ("licence", "field-unknown-licence"),
                ("steps", "field-steps-total"),
            ]
        );
    }

    #[test]
    fn derivation_keeps_what_is_valid() {
        let text = "---\nform: Method\nlang: fr\ntranslation: x-y\nhook: \"Hi\"\npurposes: [decide]\ngroup_size: {min: 5, max: 2}\ndifficulty: easy\n---\n";
        let sheet = parse(text).unwrap().unwrap();
        let derived = derive(Some(&form()), &sheet);
        assert!(!derived.valid);
        assert_eq!(derived.lang, "fr");
        assert_eq!(derived.translation, "x-y");
        assert_eq!(derived.facets, ["purposes=decide", "difficulty=easy"]);
        assert_eq!(derived.facet_bits, (1 << 4) | (1 << 10));
        assert_eq!(derived.bounds, [None, None, None, None]);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("1-2-4-all"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert_eq!(slugify("World Café"), "world-cafe");
        assert_eq!(slugify("  Débat mouvant (fr) "), "debat-mouvant-fr");
        assert_eq!(slugify("1-2-4-All"), "1-2-4-all");
    }
}
