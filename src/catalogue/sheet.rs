//! The text of a method sheet: YAML front matter between two `---` lines, then a free Markdown
//! body (the format of `catalogue/README.md`). A sheet is stored as an ordinary revision of
//! this text, so raw, history, diff, restore and merge work on sheets unchanged; everything
//! else (the catalogue row, the typed editor, the rendering) is derived from it.
//!
//! YAML comes from untrusted editors: it is parsed with `serde-saphyr` under a budget (depth,
//! aliases, events), after the page-size limit has bounded the input, and no parse error panics.

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use serde_saphyr::{Budget, DoubleQuoted, FlowMap, FlowSeq, LitStr, Options};

use crate::catalogue::form::{FieldKind, Form};

/// Keys every sheet starts with, in this order.
pub const HEADER_KEYS: [&str; 4] = ["form", "page", "lang", "translation"];

/// The front matter as written: every key, known to the form or not, in source order.
pub type FrontMatter = IndexMap<String, Value>;

/// A parsed sheet text.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub front: FrontMatter,
    pub body: String,
}

/// Why a text that looks like a sheet is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// No closing `---` line.
    Unclosed,
    /// The YAML is malformed, over budget, or not a mapping; the parser's explanation.
    Yaml(String),
    /// `form:` is missing or not a form name.
    NoForm,
}

/// Parses YAML with the budget used for everything users write: small enough that an alias
/// bomb or a deeply nested document is refused quickly, large enough for any real sheet.
pub fn yaml_from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut budget = Budget::default();
    budget.max_depth = 16;
    budget.max_aliases = 16;
    budget.max_anchors = 64;
    budget.max_events = 200_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    serde_saphyr::from_str_with_options(text, options)
        .map_err(|err| err.to_string().chars().take(300).collect())
}

/// Splits `---\n<front>\n---\n<body>`. `None` when the text does not start with a front
/// matter line.
pub fn split(text: &str) -> Option<Result<(&str, &str), SheetError>> {
    let rest = text.strip_prefix("---\n")?;
    if let Some(body) = rest.strip_prefix("---\n") {
        return Some(Ok(("", body)));
    }
    let Some(end) = rest.find("\n---\n").map(|i| (i + 1, i + 5)).or_else(|| {
        rest.strip_suffix("\n---")
            .map(|front| (front.len() + 1, rest.len()))
    }) else {
        return Some(Err(SheetError::Unclosed));
    };
    Some(Ok((&rest[..end.0], &rest[end.1..])))
}

/// Whether a text is meant as a sheet: front matter that names a form. A Markdown page that
/// merely starts with a `---` rule stays a plain page.
pub fn looks_like_sheet(text: &str) -> bool {
    match split(text) {
        Some(Ok((front, _))) => front.lines().any(|line| line.starts_with("form:")),
        Some(Err(_)) => text.lines().take(200).any(|line| line.starts_with("form:")),
        None => false,
    }
}

/// Parses a sheet. `None`: a plain page (no change from how pages always worked).
pub fn parse(text: &str) -> Option<Result<Sheet, SheetError>> {
    if !looks_like_sheet(text) {
        return None;
    }
    let (front, body) = match split(text)? {
        Ok(parts) => parts,
        Err(err) => return Some(Err(err)),
    };
    let front: FrontMatter = match yaml_from_str(front) {
        Ok(front) => front,
        Err(detail) => return Some(Err(SheetError::Yaml(detail))),
    };
    let has_form = front
        .get("form")
        .and_then(Value::as_str)
        .is_some_and(crate::catalogue::form::is_form_name);
    if !has_form {
        return Some(Err(SheetError::NoForm));
    }
    Some(Ok(Sheet {
        front,
        body: body.to_owned(),
    }))
}

impl Sheet {
    pub fn form_name(&self) -> &str {
        self.front.get("form").and_then(Value::as_str).unwrap_or("")
    }

    pub fn text_of(&self, key: &str) -> &str {
        self.front.get(key).and_then(Value::as_str).unwrap_or("")
    }

    /// The sheet's text: header keys, then the form's fields in form order, then keys the form
    /// does not know (a removed field keeps its values), then the body. Each type has one
    /// style, so saving a sheet twice gives the same text and a diff shows one line per
    /// changed field.
    pub fn to_text(&self, form: Option<&Form>) -> Result<String, String> {
        let mut entries: Vec<(&str, Node<'_>)> = Vec::new();
        for key in HEADER_KEYS {
            if let Some(value) = self.front.get(key) {
                let node = match key {
                    "page" => generic(value, true),
                    _ => plain_or_generic(value),
                };
                entries.push((key, node));
            }
        }
        if let Some(form) = form {
            for field in form.fields() {
                if let Some(value) = self.front.get(&field.key) {
                    entries.push((&field.key, styled(field.kind, value)));
                }
            }
        }
        for (key, value) in &self.front {
            let known =
                HEADER_KEYS.contains(&key.as_str()) || form.is_some_and(|f| f.field(key).is_some());
            if !known {
                entries.push((key, generic(value, false)));
            }
        }
        let options = serde_saphyr::ser_options! { compact_list_indent: false };
        let yaml = serde_saphyr::to_string_with_options(&Node::Map(entries), options)
            .map_err(|e| e.to_string())?;
        let mut text = String::with_capacity(yaml.len() + self.body.len() + 8);
        text.push_str("---\n");
        text.push_str(yaml.strip_prefix("---\n").unwrap_or(&yaml));
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("---\n");
        text.push_str(&self.body);
        Ok(text)
    }
}

/// A YAML node with its style: the serialiser writes each type of field one way.
enum Node<'a> {
    /// A scalar the emitter may leave unquoted (ids, numbers).
    Plain(&'a Value),
    Quoted(&'a str),
    /// A multi-line text as a `|-` block.
    Block(&'a str),
    Flow(Vec<Node<'a>>),
    FlowMap(Vec<(&'a str, Node<'a>)>),
    Seq(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

struct Entries<'n, 'a>(&'n [(&'a str, Node<'a>)]);

impl Serialize for Entries<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, node) in self.0 {
            map.serialize_entry(key, node)?;
        }
        map.end()
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Plain(value) => value.serialize(serializer),
            Node::Quoted(text) => DoubleQuoted(*text).serialize(serializer),
            Node::Block(text) => LitStr(text).serialize(serializer),
            Node::Flow(items) => FlowSeq(items).serialize(serializer),
            Node::FlowMap(entries) => FlowMap(Entries(entries)).serialize(serializer),
            Node::Seq(items) => items.serialize(serializer),
            Node::Map(entries) => Entries(entries).serialize(serializer),
        }
    }
}

fn text_node(text: &str, in_flow: bool) -> Node<'_> {
    if text.contains('\n') && !in_flow {
        Node::Block(text)
    } else {
        Node::Quoted(text)
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn plain_or_generic(value: &Value) -> Node<'_> {
    match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => Node::Plain(value),
        other => generic(other, false),
    }
}

/// Any value, in the block style, strings quoted: for keys the form does not know.
fn generic(value: &Value, in_flow: bool) -> Node<'_> {
    match value {
        Value::String(text) => text_node(text, in_flow),
        Value::Array(items) if in_flow || items.iter().all(is_scalar) => {
            Node::Flow(items.iter().map(|v| generic(v, true)).collect())
        }
        Value::Array(items) => Node::Seq(items.iter().map(|v| generic(v, false)).collect()),
        Value::Object(map) if in_flow => Node::FlowMap(
            map.iter()
                .map(|(k, v)| (k.as_str(), generic(v, true)))
                .collect(),
        ),
        Value::Object(map) => Node::Map(
            map.iter()
                .map(|(k, v)| (k.as_str(), generic(v, false)))
                .collect(),
        ),
        scalar => Node::Plain(scalar),
    }
}

/// A list of records, one flow mapping per line: `- {title: "…", duration: 5, text: "…"}`.
fn records(value: &Value) -> Node<'_> {
    match value {
        Value::Array(items) => Node::Seq(
            items
                .iter()
                .map(|item| match item {
                    Value::Object(map) => Node::FlowMap(
                        map.iter()
                            .map(|(k, v)| (k.as_str(), flow_scalar(v)))
                            .collect(),
                    ),
                    other => generic(other, true),
                })
                .collect(),
        ),
        other => generic(other, false),
    }
}

/// Inside a flow collection: numbers and ids plain, other texts quoted.
fn flow_scalar(value: &Value) -> Node<'_> {
    match value {
        Value::String(text) if is_plain_id(text) => Node::Plain(value),
        Value::String(text) => Node::Quoted(text),
        other => generic(other, true),
    }
}

fn is_plain_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && text.parse::<f64>().is_err()
        && !matches!(
            text,
            "yes" | "no" | "on" | "off" | "y" | "n" | "true" | "false" | "null"
        )
}

fn styled(kind: FieldKind, value: &Value) -> Node<'_> {
    match (kind, value) {
        (
            FieldKind::Markdown | FieldKind::Text | FieldKind::Url | FieldKind::PageLink,
            Value::String(text),
        ) => text_node(text, false),
        (FieldKind::Choice | FieldKind::Licence, Value::String(text))
            if is_plain_id(&text.to_lowercase()) =>
        {
            Node::Plain(value)
        }
        (FieldKind::Choices, Value::Array(items)) => {
            Node::Flow(items.iter().map(flow_scalar).collect())
        }
        (FieldKind::Texts | FieldKind::Tags | FieldKind::PageLinks, Value::Array(items)) => {
            Node::Flow(
                items
                    .iter()
                    .map(|item| match item {
                        Value::String(text) => Node::Quoted(text),
                        other => generic(other, true),
                    })
                    .collect(),
            )
        }
        (FieldKind::IntRange | FieldKind::DurationRange | FieldKind::Image, Value::Object(map)) => {
            Node::FlowMap(
                map.iter()
                    .map(|(k, v)| (k.as_str(), flow_scalar(v)))
                    .collect(),
            )
        }
        (FieldKind::Steps | FieldKind::Materials | FieldKind::Relations, _) => records(value),
        (_, other) => generic(other, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    const FORM: &str = include_str!("../../catalogue/forms/method.yaml");
    const SHEET: &str = include_str!("../../catalogue/methods/en/1-2-4-all.md");

    #[test]
    fn plain_pages_are_not_sheets() {
        assert!(parse("Hello").is_none());
        assert!(parse("---\nA rule, then text.\n---\nmore").is_none());
        assert!(parse("").is_none());
    }

    #[test]
    fn a_starter_sheet_parses_with_its_keys_in_order() {
        let sheet = parse(SHEET).unwrap().unwrap();
        assert_eq!(sheet.form_name(), "Method");
        assert_eq!(sheet.text_of("page"), "1-2-4-All");
        let keys: Vec<&str> = sheet.front.keys().map(String::as_str).collect();
        assert_eq!(&keys[..4], &HEADER_KEYS);
        assert!(sheet.body.starts_with("1-2-4-All is the"));
    }

    #[test]
    fn serialising_is_stable_and_round_trips() {
        let form = Form::parse(FORM).unwrap();
        let sheet = parse(SHEET).unwrap().unwrap();
        let text = sheet.to_text(Some(&form)).unwrap();
        let again = parse(&text).unwrap().unwrap();
        assert_eq!(again, sheet, "{text}");
        assert_eq!(again.to_text(Some(&form)).unwrap(), text);
        assert!(
            text.contains("\ngroup_size: {min: 4, max: 1000}\n"),
            "{text}"
        );
        assert!(
            text.contains("\npurposes: [generate_ideas, share_knowledge, open_start]\n"),
            "{text}"
        );
        assert!(
            text.contains("\ntips: |-\n  - Protect the silent minute"),
            "{text}"
        );
    }

    #[test]
    fn unknown_keys_are_kept_after_the_form_fields() {
        let form = Form::parse(FORM).unwrap();
        let text = "---\nform: Method\nold_field: [1, {a: \"x\"}]\nhook: \"h\"\n---\nbody\n";
        let sheet = parse(text).unwrap().unwrap();
        let out = sheet.to_text(Some(&form)).unwrap();
        let again = parse(&out).unwrap().unwrap();
        assert_eq!(again.front["old_field"], sheet.front["old_field"]);
        assert!(
            out.find("hook").unwrap() < out.find("old_field").unwrap(),
            "{out}"
        );
    }

    fn keys() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::sample::select(vec![
            "lang",
            "translation",
            "hook",
            "summary",
            "purposes",
            "group_size",
            "duration",
            "preparation",
            "difficulty",
            "steps",
            "materials",
            "related",
            "licence",
            "tags",
            "page",
            "unknown",
        ])
        .prop_map(str::to_owned)
    }

    fn values() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            "[ -~]{0,20}".prop_map(|s| format!("{s:?}")),
            proptest::sample::select(vec![
                "[decide, plan]",
                "{min: 3, max: 1}",
                "{min: -5, max: 9999999999999}",
                "[]",
                "{}",
                "null",
                "true",
                "12",
                "-1",
                "1.5",
                "en",
                "[{title: a, duration: x}]",
                "[{item: b, quantity: 0, per: nobody}]",
                "[{method: a-b, kind: nope}]",
                "[[1, [2, [3]]]]",
                "CC-BY-SA-4.0",
                "|-\n  - a\n  - b",
            ])
            .prop_map(str::to_owned),
        ]
    }

    proptest::proptest! {
        /// Whatever the front matter holds, parsing, checking, deriving and writing it back
        /// never panic, and what is written back parses again.
        #[test]
        fn any_front_matter_is_handled_without_panicking(
            entries in proptest::collection::vec((keys(), values()), 0..12),
            body in ".{0,40}",
        ) {
            use proptest::prelude::*;
            let form = Form::parse(FORM).unwrap();
            let mut front = String::new();
            let mut seen = std::collections::HashSet::new();
            for (key, value) in entries {
                if seen.insert(key.clone()) {
                    front.push_str(&format!("{key}: {value}\n"));
                }
            }
            let text = format!("---\nform: Method\n{front}---\n{body}");
            if let Some(Ok(sheet)) = parse(&text) {
                let _ = crate::catalogue::fields::derive(Some(&form), &sheet);
                let written = sheet.to_text(Some(&form)).unwrap();
                prop_assert!(matches!(parse(&written), Some(Ok(_))), "{}", written);
            }
        }
    }

    #[test]
    fn hostile_yaml_is_refused_without_panicking() {
        let bomb = "---\nform: Method\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n";
        assert!(matches!(parse(bomb), Some(Err(SheetError::Yaml(_)))));
        let deep = format!(
            "---\nform: Method\nx: {}{}\n---\n",
            "[".repeat(500),
            "]".repeat(500)
        );
        assert!(matches!(parse(&deep), Some(Err(SheetError::Yaml(_)))));
        assert!(matches!(
            parse("---\nform: Method\nx: [\n"),
            Some(Err(SheetError::Unclosed))
        ));
        assert!(matches!(
            parse("---\nform: [a]\n---\n"),
            Some(Err(SheetError::NoForm))
        ));
    }
}
