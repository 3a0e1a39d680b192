//! `--map-form ID=FORM --fields FILE`: a Bazar form's entries as sheets of an existing form,
//! field by field as the community's fields file says.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    BazarField, BazarForm, Draft, Entry, Role, Site, attachment_link, begin, clean_inline, end,
    scalar_text, split_values,
};
use crate::catalogue::fields;
use crate::catalogue::form::{self, FieldKind, Form};
use crate::catalogue::sheet::{FrontMatter, Sheet};

/// Where a Bazar field's values go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A field of the target form.
    Key(String),
    /// The sheet's Markdown body.
    Body,
    /// Nowhere: the community chose to leave it out.
    Drop,
}

/// A parsed fields file (see [`parse_field_map`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMap {
    /// Bazar field name → target, in the file's order.
    pub fields: IndexMap<String, Target>,
    /// Bazar field name → list key → what the value becomes: a choice id, `min-max` for a
    /// range, a text.
    pub values: IndexMap<String, IndexMap<String, String>>,
    /// Target key → the value written when an entry gives none.
    pub set: IndexMap<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldMapFile {
    fields: IndexMap<String, Option<String>>,
    #[serde(default)]
    values: IndexMap<String, IndexMap<String, Value>>,
    #[serde(default)]
    set: IndexMap<String, Value>,
}

/// Reads a fields file: YAML with three keys (`tests/data/yeswiki/map-methods.yaml` is an
/// example, form 5 of the Co-construire site onto the Method form):
///
/// ```yaml
/// fields:              # Bazar field name (bf_…, or its entry key) → where it goes
///   bf_accroche: hook  #   a key of the target form,
///   bf_description: body   # the sheet's Markdown body,
///   bf_date_test: ~    #   or nowhere (~): the community leaves it out.
/// values:              # optional: list values → a choice id, `min-max` for a range, a text
///   bf_type: {divergence: generate_ideas, convergence: decide}
///   bf_taille: {"1": 2-12, "2": 12-30}
/// set:                 # optional: values written when an entry gives none
///   status: draft
/// ```
///
/// Fields the file does not name go to the body under their label, so nothing is lost by
/// omission; [`check_field_map`] lists them. How a value becomes the target's type: a number
/// gives a range `{min: n, max: n}`, list values mapped to ranges give the smallest range
/// holding them all, comma-separated values and Markdown list lines give list items, a
/// Markdown list gives materials (`- 5 chaises` → 5 × `chaises` per session).
pub fn parse_field_map(yaml: &str) -> Result<FieldMap, String> {
    let file: FieldMapFile =
        crate::catalogue::sheet::yaml_from_str(yaml).map_err(|e| format!("fields file: {e}"))?;
    let mut fields = IndexMap::new();
    let mut targets = std::collections::HashSet::new();
    for (name, target) in file.fields {
        let target = match target.as_deref().map(str::trim) {
            None | Some("" | "~") => Target::Drop,
            Some("body") => Target::Body,
            Some(key) if form::is_identifier(key) => {
                if !targets.insert(key.to_owned()) {
                    return Err(format!(
                        "fields file: two fields go to {key:?}; a key takes one field"
                    ));
                }
                Target::Key(key.to_owned())
            }
            Some(other) => {
                return Err(format!(
                    "fields file: {name:?} goes to {other:?}, which is no key (lowercase letters, digits, _), `body` or ~"
                ));
            }
        };
        fields.insert(name, target);
    }
    let mut values = IndexMap::new();
    for (name, map) in file.values {
        if !fields.contains_key(&name) {
            return Err(format!(
                "fields file: values are given for {name:?}, which `fields` does not name"
            ));
        }
        let mut converted = IndexMap::new();
        for (key, value) in map {
            let text = match &value {
                Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                    scalar_text(&value).unwrap_or_default()
                }
                _ => {
                    return Err(format!(
                        "fields file: the value given for {name:?} {key:?} is not a text"
                    ));
                }
            };
            converted.insert(key, text);
        }
        values.insert(name, converted);
    }
    for key in file.set.keys() {
        if !form::is_identifier(key) {
            return Err(format!("fields file: `set` names {key:?}, which is no key"));
        }
    }
    Ok(FieldMap {
        fields,
        values,
        set: file.set,
    })
}

impl FieldMap {
    fn target(&self, field: &BazarField) -> Option<&Target> {
        self.fields
            .get(&field.name)
            .or_else(|| self.fields.get(&field.entry_key))
    }

    fn values_of(&self, field: &BazarField) -> Option<&IndexMap<String, String>> {
        self.values
            .get(&field.name)
            .or_else(|| self.values.get(&field.entry_key))
    }
}

/// `12-30` or `75`.
fn parse_range(text: &str) -> Option<(i64, i64)> {
    let text = text.trim();
    let (min, max) = match text.split_once('-') {
        Some((min, max)) if !min.trim().is_empty() => (min, max),
        _ => (text, text),
    };
    let (min, max) = (min.trim().parse().ok()?, max.trim().parse().ok()?);
    (min <= max).then_some((min, max))
}

/// Checks a fields file against the two forms. `Err` when the file cannot work (a Bazar field
/// or a target key that does not exist, a type no Bazar value converts to, a value id the
/// target does not offer); otherwise the notes for the import's report: fields that go to the
/// body by omission, required target fields nothing fills.
pub fn check_field_map(
    form: &BazarForm,
    target: &Form,
    map: &FieldMap,
) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    for (name, goes) in &map.fields {
        let Some(field) = form
            .fields
            .iter()
            .find(|f| &f.name == name || &f.entry_key == name)
        else {
            return Err(format!(
                "fields file: form {} has no field {name:?}",
                form.id
            ));
        };
        if matches!(field.role, Role::Layout | Role::Dropped) {
            return Err(format!(
                "fields file: {name:?} ({}) holds no value to map",
                field.kind
            ));
        }
        let Target::Key(key) = goes else {
            continue;
        };
        let Some(to) = target.field(key) else {
            return Err(format!(
                "fields file: form {} has no field {key:?}",
                target.name
            ));
        };
        let fits = match to.kind {
            FieldKind::Steps | FieldKind::Relations => false,
            FieldKind::Image => field.role == Role::Image,
            _ => true,
        };
        if !fits {
            return Err(format!(
                "fields file: {name:?} ({}) cannot fill {key:?}, a {:?} field",
                field.kind, to.kind
            ));
        }
        for (value, mapped) in map.values_of(field).into_iter().flatten() {
            let ok = match to.kind {
                FieldKind::Choice | FieldKind::Choices => to.choice(mapped).is_some(),
                FieldKind::IntRange | FieldKind::DurationRange => parse_range(mapped).is_some(),
                _ => true,
            };
            if !ok {
                return Err(format!(
                    "fields file: {name:?} value {value:?} → {mapped:?} is not a value of {key:?}"
                ));
            }
        }
    }
    for (key, value) in &map.set {
        if target.field(key).is_none() {
            return Err(format!(
                "fields file: form {} has no field {key:?}",
                target.name
            ));
        }
        let mut front = FrontMatter::new();
        front.insert("form".into(), Value::String(target.name.clone()));
        front.insert(key.clone(), value.clone());
        let checked = fields::check(
            Some(target),
            &Sheet {
                front,
                body: String::new(),
            },
        );
        if let Some(error) = checked.errors.iter().find(|e| e.field == *key) {
            return Err(format!(
                "fields file: `set` {key:?}: {}",
                error.localise(crate::i18n::Lang::EN)
            ));
        }
    }
    for field in &form.fields {
        let valued = !matches!(field.role, Role::Layout | Role::Dropped | Role::Title);
        if valued && map.target(field).is_none() {
            notes.push(format!(
                "{:?} ({}) is not in the fields file: its values go to the body",
                field.name, field.label
            ));
        }
    }
    for field in target.fields().filter(|f| f.required) {
        let fed = map
            .fields
            .values()
            .any(|t| matches!(t, Target::Key(k) if *k == field.key))
            || map.set.contains_key(&field.key);
        if !fed {
            notes.push(format!(
                "the required field {:?} of {} is filled by no Bazar field: the sheets are saved incomplete, to be completed by their editors",
                field.key, target.name
            ));
        }
    }
    Ok(notes)
}

/// One entry revision as the text of a sheet of `target`, following the fields file (see
/// [`parse_field_map`], checked with [`check_field_map`]). Values the target refuses, and
/// fields the file leaves unnamed, go to the body under their label; required fields left
/// empty are reported and the sheet is written anyway (see the module documentation).
pub fn mapped_sheet_text(
    form: &BazarForm,
    target: &Form,
    map: &FieldMap,
    page: &str,
    json_body: &str,
    site: &Site<'_>,
) -> Result<(String, Vec<String>), String> {
    check_field_map(form, target, map)?;
    let entry = Entry::parse(json_body)?;
    let mut draft = Draft::new(site, page, &target.name)?;
    begin(&mut draft, form, &entry);
    let title = entry
        .object
        .get("bf_titre")
        .and_then(scalar_text)
        .unwrap_or_default();
    for field in &form.fields {
        if matches!(field.role, Role::Layout | Role::Dropped) {
            continue;
        }
        let goes = map.target(field);
        if field.role == Role::Title {
            let text = clean_inline(&title);
            let differs = super::proposed_page_name(&text).as_deref() != Some(draft.page.as_str());
            match goes {
                None => draft.title(field, &title),
                Some(Target::Drop) => {}
                Some(_) if !differs || text.is_empty() => {}
                Some(Target::Body) => draft.main.push((Some(field.label.clone()), text)),
                Some(Target::Key(key)) => {
                    convert(&mut draft, field, map, target, key, &text, &title)
                }
            }
            continue;
        }
        let text = match entry.text(field) {
            Ok(text) => text,
            Err(json) => {
                draft.warn(format!("{:?} is not a text: kept in the body", field.name));
                draft.other(&field.label, json);
                continue;
            }
        };
        if text.trim().is_empty() || !field.public {
            continue;
        }
        match goes {
            Some(Target::Drop) => {}
            None => {
                if let Some(readable) = readable(&mut draft, field, &text, &title) {
                    draft.other(&field.label, readable);
                }
            }
            Some(Target::Body) => {
                if let Some(readable) = readable(&mut draft, field, &text, &title) {
                    draft.main.push((Some(field.label.clone()), readable));
                }
            }
            Some(Target::Key(key)) => convert(&mut draft, field, map, target, key, &text, &title),
        }
    }
    for (key, value) in &map.set {
        if !draft.front.contains_key(key) {
            draft.set(key, value.clone(), key, value.to_string());
        }
    }
    end(&mut draft, form, &entry);
    draft.finish(target)
}

/// A value as Markdown for the body: list values by their labels, linked entries as wiki
/// links, Markdown converted, images and files as links to the page's attachments. `None`
/// when a file was not imported (the draft already kept its name).
fn readable(draft: &mut Draft<'_>, field: &BazarField, text: &str, title: &str) -> Option<String> {
    let one = text.trim();
    Some(match field.role {
        Role::Choice | Role::Choices => {
            let list = field
                .list
                .as_deref()
                .and_then(|tag| (draft.site.lists)(tag));
            split_values(text)
                .iter()
                .map(|key| {
                    list.as_ref()
                        .and_then(|l| l.label(key))
                        .unwrap_or(key)
                        .to_owned()
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
        Role::EntryLink | Role::EntryLinks => draft
            .pages(&split_values(text))
            .iter()
            .map(|p| format!("[[{p}]]"))
            .collect::<Vec<_>>()
            .join(", "),
        Role::Tags => split_values(text).join(", "),
        Role::LongText(syntax) => draft.markdown(text, syntax),
        Role::Image => {
            let attachment = draft.file(field, one)?;
            let alt = if title.trim().is_empty() {
                field.label.clone()
            } else {
                clean_inline(title)
            };
            attachment_link(&alt, &attachment, true)
        }
        Role::File => {
            let attachment = draft.file(field, one)?;
            attachment_link(&attachment, &attachment, false)
        }
        _ => one.to_owned(),
    })
}

/// The items of a value: list values mapped by the file (or their keys for a choice target,
/// their labels otherwise), linked entries' pages, comma-separated tags, Markdown list lines.
fn items(
    draft: &Draft<'_>,
    field: &BazarField,
    map: &FieldMap,
    to_choice: bool,
    text: &str,
) -> Vec<String> {
    match field.role {
        Role::Choice | Role::Choices => {
            let mapped = map.values_of(field);
            let list = field
                .list
                .as_deref()
                .and_then(|tag| (draft.site.lists)(tag));
            split_values(text)
                .into_iter()
                .map(|key| {
                    if let Some(value) = mapped.and_then(|m| m.get(&key)) {
                        value.clone()
                    } else if to_choice {
                        key
                    } else {
                        list.as_ref()
                            .and_then(|l| l.label(&key))
                            .map_or(key.clone(), str::to_owned)
                    }
                })
                .collect()
        }
        Role::EntryLink | Role::EntryLinks => draft.pages(&split_values(text)),
        Role::Tags => split_values(text),
        _ => vec![text.trim().to_owned()],
    }
}

/// Markdown or text lines as list items: bullets and numbering removed, empty lines left out.
pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let line = line.trim();
            let line = line
                .strip_prefix(['-', '*', '+', '•'])
                .map(str::trim_start)
                .unwrap_or(line);
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            match line[digits..].strip_prefix(['.', ')']) {
                Some(rest) if digits > 0 => rest.trim_start(),
                _ => line,
            }
            .to_owned()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// `5 chaises` → 5 × `chaises`; a line without a leading number counts once. Per session: a
/// Bazar material list says what the session needs.
pub(super) fn material(line: &str) -> Value {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let quantity = line[..digits].parse::<i64>().ok().filter(|q| *q >= 1);
    let rest = line[digits..].trim_start();
    let rest = rest
        .strip_prefix(['x', '×'])
        .filter(|r| r.starts_with(' '))
        .unwrap_or(rest)
        .trim();
    match quantity {
        Some(quantity) if !rest.is_empty() => {
            json!({"item": rest, "quantity": quantity, "per": "session"})
        }
        _ => json!({"item": line, "quantity": 1, "per": "session"}),
    }
}

/// One Bazar value into a field of the target form; what does not convert goes to the body.
fn convert(
    draft: &mut Draft<'_>,
    field: &BazarField,
    map: &FieldMap,
    target: &Form,
    key: &str,
    text: &str,
    title: &str,
) {
    let Some(to) = target.field(key) else {
        return;
    };
    let label = field.label.clone();
    if to.kind == FieldKind::Image {
        let Some(attachment) = draft.file(field, text.trim()) else {
            return;
        };
        let alt = if title.trim().is_empty() {
            label.clone()
        } else {
            clean_inline(title)
        };
        let value = json!({"src": super::attachment_src(&draft.page, &attachment), "alt": alt});
        let shown = attachment_link(&alt, &attachment, true);
        return place(draft, key, value, &label, shown);
    }
    // What the value reads as, in Markdown, and the text its items come from.
    let (shown, source) = match field.role {
        Role::LongText(syntax) => {
            let markdown = draft.markdown(text, syntax);
            (markdown.clone(), markdown)
        }
        Role::Image | Role::File => {
            let Some(shown) = readable(draft, field, text, title) else {
                return;
            };
            (shown.clone(), shown)
        }
        Role::Choice | Role::Choices | Role::EntryLink | Role::EntryLinks | Role::Tags => (
            readable(draft, field, text, title).unwrap_or_default(),
            text.to_owned(),
        ),
        _ => (text.trim().to_owned(), text.trim().to_owned()),
    };
    let items = items(draft, field, map, to.kind.has_choices(), &source);
    let joined = items.join(", ");
    let multiline = source.contains('\n');
    let value = match to.kind {
        FieldKind::Markdown => Value::String(source.clone()),
        FieldKind::IntRange | FieldKind::DurationRange => items
            .iter()
            .map(|item| parse_range(item))
            .collect::<Option<Vec<_>>>()
            .and_then(|ranges| {
                let min = ranges.iter().map(|r| r.0).min()?;
                let max = ranges.iter().map(|r| r.1).max()?;
                Some(json!({"min": min, "max": max}))
            })
            .unwrap_or_else(|| json!({"min": joined, "max": joined})),
        FieldKind::Choice => {
            if items.len() > 1 {
                draft.warn(format!(
                    "{:?} → {key:?}: one value only, the others kept in the body",
                    field.name
                ));
                draft.other(&label, items[1..].join(", "));
            }
            Value::String(items.first().cloned().unwrap_or_default())
        }
        FieldKind::Choices => {
            let mut unique: Vec<String> = Vec::new();
            for item in &items {
                if !unique.contains(item) {
                    unique.push(item.clone());
                }
            }
            let (known, unknown): (Vec<String>, Vec<String>) =
                unique.into_iter().partition(|id| to.choice(id).is_some());
            if !unknown.is_empty() {
                draft.warn(format!(
                    "{:?} → {key:?}: {} offered by no choice: kept in the body",
                    field.name,
                    unknown.join(", ")
                ));
                draft.other(&label, unknown.join(", "));
            }
            if known.is_empty() {
                return;
            }
            Value::Array(known.into_iter().map(Value::String).collect())
        }
        FieldKind::YesNo => match joined.trim().to_lowercase().as_str() {
            "1" | "oui" | "yes" | "true" | "on" => Value::Bool(true),
            "0" | "non" | "no" | "false" | "off" => Value::Bool(false),
            _ => Value::String(joined.clone()),
        },
        FieldKind::Tags | FieldKind::Texts | FieldKind::PageLinks => {
            let list = if multiline { lines(&source) } else { items };
            Value::Array(list.into_iter().map(Value::String).collect())
        }
        FieldKind::Materials => {
            Value::Array(lines(&source).iter().map(|line| material(line)).collect())
        }
        // Steps, relations and images are refused or handled above; texts, numbers, links
        // and licences are the text, checked by the form.
        _ => Value::String(joined.clone()),
    };
    place(draft, key, value, &label, shown);
}

fn place(draft: &mut Draft<'_>, key: &str, value: Value, label: &str, shown: String) {
    if draft.front.contains_key(key) {
        draft.warn(format!(
            "{key:?} is filled twice: {label:?} kept in the body"
        ));
        draft.other(label, shown);
        return;
    }
    draft.set(key, value, label, shown);
}
