//! HTML of the catalogue: a sheet's layout, the typed editor, the catalogue with its filters,
//! the import page and a form's description. Pure functions from data to markup; labels come
//! from the form (field and value labels) and from Fluent (everything else), in the visitor's
//! language.

use std::collections::HashMap;

use indexmap::IndexMap;
use maud::{Markup, PreEscaped, html};
use serde_json::Value;

use crate::catalogue::editor::row_keys;
use crate::catalogue::fields::{FieldError, MATERIAL_PER, is_local_path};
use crate::catalogue::filters::{Filter, LangFilter, Layout, MAX_CARDS, Search, Sort};
use crate::catalogue::form::{self, Field, FieldKind, Form, METHOD_FORM};
use crate::catalogue::queries::{Card, Counts};
use crate::catalogue::sheet::{FrontMatter, Sheet};
use crate::collab::queries::Others;
use crate::collab::views::editor_presence;
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::layout::input_type;
use crate::linking::cards::{Paper, paper_href};
use crate::names::page_path;
use crate::spreadsheet;

/// Blank rows offered under steps, materials and relations, to add more without JavaScript.
const BLANK_ROWS: usize = 5;
/// One-line texts allowed to be longer than this get a text area (the line breaks typed in it
/// become spaces).
const LONG_LINE: usize = 200;

/// `4–30 people`, `12–30 min`, or one number when both ends agree.
fn range_text(lang: Lang, kind: FieldKind, min: i64, max: i64) -> String {
    let span = if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    };
    match kind {
        FieldKind::DurationRange => lang.t_with("sheet-minutes", &[("n", &span)]),
        _ => lang.t_with("sheet-people", &[("n", &span)]),
    }
}

fn choice_label<'f>(field: &'f Field, lang: Lang, id: &'f str) -> &'f str {
    field.choice(id).map_or(id, |c| c.label.get(lang))
}

fn ids(value: &Value) -> Vec<&str> {
    match value {
        Value::String(id) => vec![id.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A catalogue of `form` filtered by one more pair, as a link's address.
fn filtered(form: &str, key: &str, value: &str) -> String {
    let mut pairs = vec![(key, value)];
    if form != METHOD_FORM {
        pairs.insert(0, ("form", form));
    }
    format!(
        "{PATH}?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

/// A fact of the summary box: a choice the catalogue filters by is a link to the methods that
/// share it (as a tag would be), other values are text.
fn fact(lang: Lang, form: &str, field: &Field, value: &Value) -> Markup {
    match field.kind {
        FieldKind::Choice | FieldKind::Choices if field.filterable => html! {
            @for (index, id) in ids(value).into_iter().enumerate() {
                @if index > 0 { ", " }
                a href=(filtered(form, &field.key, id)) { (choice_label(field, lang, id)) }
            }
        },
        _ => html! { (short_value(lang, field, value)) },
    }
}

/// A value as a line of text, whatever its kind: for the field-by-field view of a change.
fn readable_value(lang: Lang, field: &Field, value: &Value) -> String {
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    let items = |value: &Value, each: &dyn Fn(&Value) -> String| {
        value
            .as_array()
            .into_iter()
            .flatten()
            .map(each)
            .collect::<Vec<_>>()
    };
    match field.kind {
        FieldKind::Steps => items(value, &|step| {
            format!(
                "{} ({})",
                text(&step["title"]),
                lang.t_with("sheet-minutes", &[("n", &step["duration"].to_string())])
            )
        })
        .iter()
        .enumerate()
        .map(|(i, step)| format!("{}. {step}", i + 1))
        .collect::<Vec<_>>()
        .join("; "),
        FieldKind::Materials => items(value, &|item| {
            format!(
                "{} × {} ({})",
                item["quantity"],
                text(&item["item"]),
                text(&item["per"])
            )
        })
        .join("; "),
        FieldKind::Texts | FieldKind::Tags | FieldKind::PageLinks => {
            items(value, &|item| text(item)).join(", ")
        }
        FieldKind::Relations => items(value, &|relation| {
            format!(
                "{} ({})",
                text(&relation["method"]),
                text(&relation["kind"])
            )
        })
        .join(", "),
        FieldKind::Image => text(&value["src"]),
        _ => short_value(lang, field, value),
    }
}

/// What changed between two texts of a sheet, field by field under its form (in the form's
/// order, with its labels), then the notes below the fields as a line diff. Fields the form
/// does not know are left to the text diff shown after this.
pub fn sheet_changes(lang: Lang, form: &Form, old: &Sheet, new: &Sheet) -> Markup {
    let changed: Vec<(&Field, Option<&Value>, Option<&Value>)> = form
        .fields()
        .filter_map(|field| {
            let (before, after) = (old.front.get(&field.key), new.front.get(&field.key));
            (before != after).then_some((field, before, after))
        })
        .collect();
    let shown = |value: Option<&Value>, field: &Field| {
        value.map(|value| readable_value(lang, field, value))
    };
    html! {
        section.sheet-changes aria-labelledby="cw-sheet-changes" {
            h2 #cw-sheet-changes { (lang.t("sheet-changes-title")) }
            @if changed.is_empty() && old.body == new.body {
                p { (lang.t("sheet-changes-none")) }
            }
            @if !changed.is_empty() {
                div.table-scroll {
                    table.sheet-changes-table {
                        thead { tr {
                            th scope="col" { (lang.t("sheet-changes-field")) }
                            th scope="col" { (lang.t("sheet-changes-before")) }
                            th scope="col" { (lang.t("sheet-changes-after")) }
                        } }
                        tbody {
                            @for (field, before, after) in &changed {
                                tr {
                                    th scope="row" { (field.label.get(lang)) }
                                    td { @match shown(*before, field) { Some(text) => del { (text) }, None => span.absent { (lang.t("sheet-changes-empty")) } } }
                                    td { @match shown(*after, field) { Some(text) => ins { (text) }, None => span.absent { (lang.t("sheet-changes-empty")) } } }
                                }
                            }
                        }
                    }
                }
            }
            @if old.body != new.body {
                h3 { (lang.t("sheet-changes-notes")) }
                (crate::diff::render(lang, &old.body, &new.body))
            }
        }
    }
}

/// A value in a few words, for the summary box and cards.
fn short_value(lang: Lang, field: &Field, value: &Value) -> String {
    match field.kind {
        FieldKind::IntRange | FieldKind::DurationRange => range_text(
            lang,
            field.kind,
            value["min"].as_i64().unwrap_or(0),
            value["max"].as_i64().unwrap_or(0),
        ),
        FieldKind::Choice | FieldKind::Choices => ids(value)
            .into_iter()
            .map(|id| choice_label(field, lang, id))
            .collect::<Vec<_>>()
            .join(", "),
        FieldKind::YesNo => lang.t(if value.as_bool() == Some(true) {
            "sheet-yes"
        } else {
            "sheet-no"
        }),
        _ => match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        },
    }
}

/// Fields shown in the summary box rather than in the sections.
fn in_summary_box(field: &Field) -> bool {
    field.filterable
        || field.kind == FieldKind::Number
        || matches!(field.key.as_str(), "hook" | "summary")
}

/// A related method, resolved to the page in the sheet's language when there is one.
pub struct Related<'a> {
    pub kind: &'a str,
    pub slug: &'a str,
    pub page: Option<&'a str>,
}

/// Everything a sheet's layout shows.
pub struct SheetView<'a> {
    pub form: &'a Form,
    /// The valid values, by key.
    pub values: &'a IndexMap<String, Value>,
    /// Rendered Markdown of the long-text fields, by key, and of the body under `""`.
    pub pieces: &'a HashMap<String, String>,
    pub related: Vec<Related<'a>>,
    /// The same method in other languages.
    pub translations: Vec<(Lang, &'a str)>,
    /// The sheet's own language, for the `lang` attribute of its content.
    pub content_lang: &'a str,
    /// Problems of the saved text under the current form (an old revision, a changed form).
    pub problems: Vec<String>,
}

pub fn sheet(lang: Lang, view: &SheetView<'_>) -> Markup {
    let form = view.form;
    let value = |key: &str| view.values.get(key);
    html! {
        div.sheet lang=(view.content_lang) {
            @if !view.problems.is_empty() {
                div.notice role="note" {
                    p { (lang.t("sheet-problems")) }
                    ul { @for problem in &view.problems { li { (problem) } } }
                }
            }
            aside.sheet-summary aria-labelledby="cw-sheet-glance" {
                h2 #cw-sheet-glance { (lang.t("sheet-at-a-glance")) }
                @if let Some(Value::String(hook)) = value("hook") { p.hook { (hook) } }
                @if let Some(Value::String(summary)) = value("summary") { p.summary { (summary) } }
                dl.facts {
                    @for field in form.fields().filter(|f| in_summary_box(f) && !matches!(f.key.as_str(), "hook" | "summary")) {
                        @if let Some(v) = value(&field.key) {
                            div {
                                dt { (field.label.get(lang)) }
                                dd { (fact(lang, &form.name, field, v)) }
                            }
                        }
                    }
                }
                @if !view.translations.is_empty() {
                    p.translations {
                        @for (other, name) in &view.translations {
                            a href=(page_path(name)) hreflang=(other.code()) lang=(other.code()) {
                                (other.t("sheet-read-in-this-language"))
                            }
                            " "
                        }
                    }
                }
            }
            @if let Some(body) = view.pieces.get("") {
                div.sheet-body { (PreEscaped(body)) }
            }
            @for section in &form.sections {
                @let shown: Vec<&Field> = section.fields.iter().filter(|f| !in_summary_box(f) && value(&f.key).is_some()).collect();
                @if !shown.is_empty() {
                    section.sheet-section {
                        h2 { (section.label.get(lang)) }
                        @for field in shown {
                            @if let Some(v) = value(&field.key) {
                                h3 { (field.label.get(lang)) }
                                (field_value(lang, field, v, view))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn field_value(lang: Lang, field: &Field, value: &Value, view: &SheetView<'_>) -> Markup {
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    match field.kind {
        FieldKind::Markdown => html! {
            @if let Some(piece) = view.pieces.get(&field.key) { div { (PreEscaped(piece)) } }
        },
        FieldKind::Url => {
            html! { p { a href=(text(value)) rel="nofollow noopener" { (text(value)) } } }
        }
        FieldKind::PageLink => html! { p { a href=(page_path(&text(value))) { (text(value)) } } },
        FieldKind::PageLinks => html! {
            ul { @for item in value.as_array().into_iter().flatten() { li { a href=(page_path(&text(item))) { (text(item)) } } } }
        },
        FieldKind::Texts => html! {
            ul.texts {
                @for item in value.as_array().into_iter().flatten() { li { (text(item)) } }
            }
        },
        // Free tags are searched for: the catalogue's text search finds the sheets naming them.
        FieldKind::Tags => html! {
            ul.tags {
                @for item in value.as_array().into_iter().flatten() {
                    li { a href=(filtered(&view.form.name, "q", &text(item))) { (text(item)) } }
                }
            }
        },
        // An SPDX identifier (checked when the sheet is saved): its text and terms.
        FieldKind::Licence => html! {
            p { a href={"https://spdx.org/licenses/" (text(value)) ".html"} rel="license noopener" { (text(value)) } }
        },
        FieldKind::Steps => {
            let steps = value.as_array().cloned().unwrap_or_default();
            let total: i64 = steps.iter().filter_map(|s| s["duration"].as_i64()).sum();
            html! {
                ol.steps {
                    @for step in &steps {
                        li {
                            p.step-title {
                                strong { (text(&step["title"])) }
                                " "
                                span.step-duration { "(" (lang.t_with("sheet-minutes", &[("n", &step["duration"].to_string())])) ")" }
                            }
                            @if !text(&step["text"]).is_empty() { p { (text(&step["text"])) } }
                        }
                    }
                }
                p.steps-total { (lang.t_with("sheet-steps-total", &[("n", &total.to_string())])) }
            }
        }
        FieldKind::Materials => html! {
            table.materials {
                thead { tr {
                    th scope="col" { (lang.t("sheet-material-item")) }
                    th scope="col" { (lang.t("sheet-material-quantity")) }
                    th scope="col" { (lang.t("sheet-material-per")) }
                } }
                tbody {
                    @for item in value.as_array().into_iter().flatten() {
                        tr {
                            td { (text(&item["item"])) }
                            td { (item["quantity"].to_string()) }
                            td { (lang.t(&format!("sheet-per-{}", text(&item["per"])))) }
                        }
                    }
                }
            }
        },
        FieldKind::Relations => html! {
            ul.related {
                @for related in &view.related {
                    li {
                        (choice_label(field, lang, related.kind)) " "
                        @match related.page {
                            Some(name) => { a href=(page_path(name)) { (name) } }
                            None => { span.missing-method { (related.slug) } }
                        }
                    }
                }
            }
        },
        FieldKind::Image => html! {
            @if is_local_path(&text(&value["src"])) {
                figure { img src=(text(&value["src"])) alt=(text(&value["alt"])); }
            }
        },
        _ => html! { p { (short_value(lang, field, value)) } },
    }
}

/// The form a page holds, described for people (its source is the page's raw text).
pub fn form_page(lang: Lang, form: &Form) -> Markup {
    html! {
        p { (lang.t_with("form-page-intro", &[("form", form.label.get(lang))])) }
        @for section in &form.sections {
            h2 { (section.label.get(lang)) }
            table.form-fields {
                thead { tr {
                    th scope="col" { (lang.t("form-field-key")) }
                    th scope="col" { (lang.t("form-field-label")) }
                    th scope="col" { (lang.t("form-field-type")) }
                    th scope="col" { (lang.t("form-field-rules")) }
                } }
                tbody {
                    @for field in &section.fields {
                        tr {
                            td { code { (field.key) } }
                            td { (field.label.get(lang)) @if let Some(help) = field.help(lang) { br; small { (help) } } }
                            td { (lang.t(&format!("form-type-{:?}", field.kind).to_lowercase())) }
                            td {
                                @if field.required { (lang.t("form-required")) " " }
                                @if field.filterable { (lang.t("form-filterable")) " " }
                                @if let Some(max) = field.max_length { (lang.t_with("form-max-length", &[("max", &max.to_string())])) " " }
                                @if !field.choices.is_empty() {
                                    (field.choices.iter().map(|c| c.label.get(lang)).collect::<Vec<_>>().join(", "))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The typed editor's state.
pub struct TypedEditor<'a> {
    pub form: &'a Form,
    /// Where the form posts.
    pub action: String,
    /// The page, or `None` while creating (then a name input is shown).
    pub page: Option<&'a str>,
    /// The name typed so far when creating.
    pub new_name: &'a str,
    pub front: &'a FrontMatter,
    pub body: &'a str,
    pub summary: &'a str,
    pub base: i32,
    pub submission_id: &'a str,
    pub errors: &'a [FieldError],
    pub preview: Option<Markup>,
    /// Who else has this page's editor open, when the page exists (see `pages::presence`).
    pub others_editing: Option<&'a Others>,
}

fn input_id(key: &str) -> String {
    format!("cw-f-{key}")
}

fn error_of<'e>(errors: &'e [FieldError], key: &str) -> Vec<&'e FieldError> {
    errors.iter().filter(|e| e.field == key).collect()
}

fn scalar(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn field_errors(lang: Lang, key: &str, errors: &[&FieldError]) -> Markup {
    html! {
        @if !errors.is_empty() {
            p.field-error id={"cw-err-" (key)} {
                @for error in errors { (error.localise(lang)) " " }
            }
        }
    }
}

/// The ids of the help and error of a field, or `None` when it has neither: an empty
/// `aria-describedby` is invalid HTML.
fn described_by(field: &Field, has_error: bool, lang: Lang) -> Option<String> {
    let mut ids = Vec::new();
    if field.help(lang).is_some() {
        ids.push(format!("cw-help-{}", field.key));
    }
    if has_error {
        ids.push(format!("cw-err-{}", field.key));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn rows_widget(lang: Lang, field: &Field, value: Option<&Value>) -> Markup {
    let rows: Vec<Value> = value.and_then(Value::as_array).cloned().unwrap_or_default();
    let count = rows.len() + BLANK_ROWS;
    let name = format!("f.{}", field.key);
    html! {
        // The editor script keeps one blank row and adds more on demand (`data-*`: its words).
        ol.rows data-add=(lang.t(match field.kind {
                FieldKind::Materials => "editor-add-material",
                FieldKind::Relations => "editor-add-relation",
                _ => "editor-add-step",
            }))
            data-legend=(lang.t_with("editor-row", &[("n", "{n}")])) {
            @for i in 0..count {
                @let row = rows.get(i).cloned().unwrap_or(Value::Null);
                li {
                    fieldset.row {
                        legend { (lang.t_with("editor-row", &[("n", &(i + 1).to_string())])) }
                        @for sub in row_keys(field.kind) {
                            @let id = format!("cw-f-{}-{i}-{sub}", field.key);
                            @let input_name = format!("{name}.{i}.{sub}");
                            @let current = scalar(row.get(*sub));
                            div.cell {
                                label for=(id) { (lang.t(&format!("editor-sub-{sub}"))) }
                                @match *sub {
                                    "text" => { textarea id=(id) name=(input_name) rows="2" { (current) } }
                                    "duration" | "quantity" => { @let kind = input_type("number", &current);
                                        input id=(id) name=(input_name) type=(kind) min=[(kind == "number").then_some("0")] value=(current); }
                                    "per" => {
                                        select id=(id) name=(input_name) {
                                            option value="" { "—" }
                                            @for per in MATERIAL_PER {
                                                option value=(per) selected[current == per] { (lang.t(&format!("sheet-per-{per}"))) }
                                            }
                                        }
                                    }
                                    "kind" => {
                                        select id=(id) name=(input_name) {
                                            option value="" { "—" }
                                            @for choice in &field.choices {
                                                option value=(choice.id) selected[current == choice.id] { (choice.label.get(lang)) }
                                            }
                                        }
                                    }
                                    _ => { input id=(id) name=(input_name) type="text" value=(current); }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn widget(lang: Lang, field: &Field, value: Option<&Value>, errors: &[&FieldError]) -> Markup {
    let id = input_id(&field.key);
    let name = format!("f.{}", field.key);
    let invalid = !errors.is_empty();
    let describedby = described_by(field, invalid, lang);
    let help = html! {
        @if let Some(help) = field.help(lang) { p.help id={"cw-help-" (field.key)} { (help) } }
    };
    let label = html! {
        (field.label.get(lang))
        @if field.required { " " abbr title=(lang.t("editor-required")) { "*" } }
    };
    match field.kind {
        FieldKind::IntRange | FieldKind::DurationRange => html! {
            fieldset.field.range aria-describedby=[describedby.as_deref()] {
                legend { (label) }
                (help)
                @for bound in ["min", "max"] {
                    @let bid = format!("{id}-{bound}");
                    span.bound {
                        label for=(bid) { (lang.t(&format!("editor-range-{bound}"))) }
                        @let current = scalar(value.and_then(|v| v.get(bound)));
                        @let kind = input_type("number", &current);
                        input id=(bid) name={(name) "." (bound)} type=(kind) min=[(kind == "number").then_some("0")] inputmode="numeric"
                            value=(current) aria-invalid=[invalid.then_some("true")];
                    }
                }
                (field_errors(lang, &field.key, errors))
            }
        },
        FieldKind::Choice | FieldKind::Choices => {
            let selected = value.map(ids).unwrap_or_default();
            let multiple = field.kind == FieldKind::Choices;
            html! {
                fieldset.field.choices aria-describedby=[describedby.as_deref()] {
                    legend { (label) }
                    (help)
                    @if !multiple && !field.required {
                        label.option { input type="radio" name=(name) value="" checked[selected.is_empty()]; " " (lang.t("editor-none")) }
                    }
                    @for choice in &field.choices {
                        label.option {
                            input type=(if multiple { "checkbox" } else { "radio" }) name=(name) value=(choice.id)
                                checked[selected.contains(&choice.id.as_str())];
                            " " (choice.label.get(lang))
                        }
                    }
                    (field_errors(lang, &field.key, errors))
                }
            }
        }
        FieldKind::Steps | FieldKind::Materials | FieldKind::Relations => html! {
            fieldset.field.list aria-describedby=[describedby.as_deref()] {
                legend { (label) }
                (help)
                (rows_widget(lang, field, value))
                (field_errors(lang, &field.key, errors))
            }
        },
        FieldKind::Image => html! {
            fieldset.field aria-describedby=[describedby.as_deref()] {
                legend { (label) }
                (help)
                @for part in ["src", "alt"] {
                    @let pid = format!("{id}-{part}");
                    label for=(pid) { (lang.t(&format!("editor-image-{part}"))) }
                    input id=(pid) name={(name) "." (part)} type="text" value=(scalar(value.and_then(|v| v.get(part))));
                }
                (field_errors(lang, &field.key, errors))
            }
        },
        FieldKind::YesNo => html! {
            div.field {
                label.option for=(id) {
                    input id=(id) type="checkbox" name=(name) value="yes" checked[value.and_then(Value::as_bool) == Some(true)]
                        aria-describedby=[describedby.as_deref()];
                    " " (label)
                }
                (help)
                (field_errors(lang, &field.key, errors))
            }
        },
        kind => {
            let text = match value {
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| scalar(Some(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                other => scalar(other),
            };
            html! {
                div.field {
                    label for=(id) { (label) }
                    (help)
                    @match kind {
                        FieldKind::Text if field.max_length.is_some_and(|max| max > LONG_LINE) => {
                            textarea.short id=(id) name=(name) rows="3" maxlength=[field.max_length] aria-describedby=[describedby.as_deref()] aria-invalid=[invalid.then_some("true")] { (text) }
                        }
                        FieldKind::Markdown | FieldKind::Texts | FieldKind::Tags | FieldKind::PageLinks => {
                            textarea.short id=(id) name=(name) rows="4" aria-describedby=[describedby.as_deref()] aria-invalid=[invalid.then_some("true")] { (text) }
                        }
                        FieldKind::Number => {
                            input id=(id) name=(name) type=(input_type("number", &text)) inputmode="numeric" value=(text) aria-describedby=[describedby.as_deref()] aria-invalid=[invalid.then_some("true")];
                        }
                        FieldKind::Url => {
                            input id=(id) name=(name) type="url" value=(text) aria-describedby=[describedby.as_deref()] aria-invalid=[invalid.then_some("true")];
                        }
                        _ => {
                            input id=(id) name=(name) type="text" maxlength=[field.max_length] value=(text) aria-describedby=[describedby.as_deref()] aria-invalid=[invalid.then_some("true")];
                        }
                    }
                    (field_errors(lang, &field.key, errors))
                }
            }
        }
    }
}

pub fn typed_editor(ctx: &Ctx, editor: &TypedEditor<'_>) -> Markup {
    let lang = ctx.lang;
    let form = editor.form;
    let sheet_lang = scalar(editor.front.get("lang"));
    let header_errors = |key: &str| error_of(editor.errors, key);
    html! {
        h1 {
            @match editor.page {
                Some(name) => { (lang.t_with("editor-title", &[("page", name)])) }
                None => { (lang.t_with("sheet-new-title", &[("form", form.label.get(lang))])) }
            }
        }
        @if !editor.errors.is_empty() {
            section.notice.errors role="alert" aria-labelledby="cw-errors-title" {
                h2 #cw-errors-title { (lang.t("sheet-not-saved")) }
                ul {
                    @for error in editor.errors {
                        li {
                            a href={"#" (input_id(&error.field))} {
                                (lang.t_with("label-value", &[
                                    ("label", &form.field(&error.field).map_or_else(|| lang.t(&format!("sheet-header-{}", error.field)), |f| f.label.get(lang).to_owned())),
                                    ("value", &error.localise(lang)),
                                ]))
                            }
                        }
                    }
                }
            }
        }
        @if let Some(others) = editor.others_editing { (editor_presence(lang, others)) }
        form.editor.typed method="post" action=(editor.action)
            data-presence=[editor.page.filter(|_| editor.others_editing.is_some()).map(|name| format!("{}/presence", page_path(name)))] {
            (ctx.csrf_field())
            input type="hidden" name="form" value=(form.name);
            input type="hidden" name="base" value=(editor.base);
            input type="hidden" name="submission_id" value=(editor.submission_id);
            @if let Some(name) = editor.page {
                p.editor-alternatives {
                    a href={(page_path(name)) "/edit?raw=1"} { (lang.t("editor-raw-link")) }
                    " · "
                    a href={(page_path(name)) "/live"} { (lang.t("action-live")) }
                }
            }
            fieldset.field-group {
                legend { (lang.t("sheet-header")) }
                @if editor.page.is_none() {
                    @let errors = header_errors("page");
                    div.field {
                        label for="cw-f-page" { (lang.t("sheet-header-page")) " " abbr title=(lang.t("editor-required")) { "*" } }
                        input #cw-f-page type="text" name="page" required maxlength="120" value=(editor.new_name) aria-invalid=[(!errors.is_empty()).then_some("true")];
                        (field_errors(lang, "page", &errors))
                    }
                }
                div.field {
                    label for="cw-f-lang" { (lang.t("sheet-header-lang")) }
                    select #cw-f-lang name="lang" {
                        @for option in Lang::all().iter().copied() {
                            option value=(option.code()) lang=(option.code()) selected[sheet_lang == option.code()] { (option.native_name()) }
                        }
                    }
                    (field_errors(lang, "lang", &header_errors("lang")))
                }
                div.field {
                    label for="cw-f-translation" { (lang.t("sheet-header-translation")) }
                    p.help #cw-help-translation { (lang.t("sheet-header-translation-help")) }
                    input #cw-f-translation type="text" name="translation" maxlength="80" value=(scalar(editor.front.get("translation"))) aria-describedby="cw-help-translation";
                    (field_errors(lang, "translation", &header_errors("translation")))
                }
            }
            @for section in &form.sections {
                fieldset.field-group {
                    legend { (section.label.get(lang)) }
                    @for field in &section.fields {
                        (widget(lang, field, editor.front.get(&field.key), &error_of(editor.errors, &field.key)))
                    }
                }
            }
            label for="cw-body" { (lang.t("sheet-body")) }
            p.help #cw-body-help { (lang.t("editor-body-help")) }
            textarea #cw-body name="body" rows="12" aria-describedby="cw-body-help" { (editor.body) }
            label for="cw-summary" { (lang.t("editor-summary")) }
            input #cw-summary type="text" name="summary" maxlength="300" value=(editor.summary);
            div.editor-buttons {
                button type="submit" name="action" value="save" { (lang.t("editor-save")) }
                button.secondary type="submit" name="action" value="preview" { (lang.t("editor-preview")) }
                a href=(editor.page.map_or_else(|| "/-/methods".to_owned(), page_path)) { (lang.t("editor-cancel")) }
            }
        }
        @if let Some(preview) = &editor.preview {
            section.preview aria-labelledby="cw-preview-title" {
                h2 #cw-preview-title { (lang.t("editor-preview-title")) }
                div.page-content { (preview) }
            }
        }
    }
}

/// The heading of a form's catalogue: "Method catalogue" for the Method form, the form's name
/// in the visitor's language otherwise.
pub fn catalogue_title(lang: Lang, form: &Form) -> String {
    if form.name == METHOD_FORM {
        lang.t("catalogue-title")
    } else {
        lang.t_with("catalogue-form-title", &[("form", form.label.get(lang))])
    }
}

/// The address of a form's catalogue.
fn catalogue_path(form: &str) -> String {
    if form == METHOD_FORM {
        PATH.to_owned()
    } else {
        format!(
            "{PATH}?{}",
            serde_urlencoded::to_string([("form", form)]).unwrap_or_default()
        )
    }
}

/// `/-/forms`: every form, each a link to its catalogue.
pub fn forms_index(lang: Lang, forms: &[Form]) -> Markup {
    html! {
        h1 { (lang.t("forms-title")) }
        p { (lang.t("forms-intro")) }
        ul.forms {
            @for form in forms {
                li {
                    a href=(catalogue_path(&form.name)) { (catalogue_title(lang, form)) }
                    " · "
                    a href=(page_path(&form::form_page_name(&form.name))) { (lang.t("forms-definition")) }
                }
            }
        }
    }
}

/// What the catalogue page shows.
pub struct CatalogueView<'a> {
    pub form: &'a Form,
    pub search: &'a Search,
    pub cards: &'a [Card],
    pub counts: &'a Counts,
    pub page_size: i64,
}

/// The catalogue's address.
pub const PATH: &str = "/-/methods";

fn filter_label(lang: Lang, form: &Form, filter: &Filter) -> String {
    let Some(field) = form.field(filter.key()) else {
        return filter.key().to_owned();
    };
    let value = match filter {
        Filter::Choices { ids, .. } => ids
            .iter()
            .map(|id| choice_label(field, lang, id))
            .collect::<Vec<_>>()
            .join(" / "),
        Filter::Contains { value, .. } => {
            range_text(lang, field.kind, i64::from(*value), i64::from(*value))
        }
    };
    lang.t_with(
        "label-value",
        &[("label", field.label.get(lang)), ("value", &value)],
    )
}

/// The sheet's picture on its card, when it has one that this wiki serves (a value saved
/// before the form checked it is shown only if it would pass now). Lazily loaded: a page of
/// cards stays light on the wire until they are scrolled to.
fn card_image(card: &Card) -> Markup {
    let Some(image) = &card.image else {
        return html! {};
    };
    let (src, alt) = (
        image["src"].as_str().unwrap_or(""),
        image["alt"].as_str().unwrap_or(""),
    );
    html! {
        @if is_local_path(src) && !alt.is_empty() {
            img.card-image src=(src) alt=(alt) loading="lazy" decoding="async";
        }
    }
}

fn card_facts(lang: Lang, form: &Form, card: &Card) -> Vec<String> {
    let mut facts = Vec::new();
    for field in form.filters() {
        match field.kind {
            FieldKind::IntRange | FieldKind::DurationRange => {
                let bound = |i: usize| card.bounds.get(i).copied().flatten();
                if let Some(slot) = form.range_slot(&field.key)
                    && let (Some(min), Some(max)) = (bound(slot), bound(slot + 1))
                {
                    facts.push(range_text(lang, field.kind, min.into(), max.into()));
                }
            }
            _ if field.key == "purposes" => {
                let labels: Vec<&str> = card
                    .facets
                    .iter()
                    .filter_map(|t| t.strip_prefix("purposes="))
                    .map(|id| choice_label(field, lang, id))
                    .collect();
                if !labels.is_empty() {
                    facts.push(labels.join(", "));
                }
            }
            _ => {}
        }
    }
    facts
}

pub fn catalogue(ctx: &Ctx, view: &CatalogueView<'_>) -> Markup {
    let lang = ctx.lang;
    let form = view.form;
    let search = view.search;
    let counts = view.counts;
    let export = |ext: &str| {
        let mut all = search.clone();
        all.offset = 0;
        all.href(&format!("{PATH}.{ext}"))
    };
    // The whole search as cards to print, every page of it, on A6 and on A4.
    let cards_path = format!("{PATH}/cards");
    let whole = {
        let mut all = search.clone();
        all.offset = 0;
        serde_urlencoded::to_string(all.to_query()).unwrap_or_default()
    };
    let cards = paper_href(&cards_path, &whole, Paper::A6);
    let cards_on_a4 = paper_href(&cards_path, &whole, Paper::A4);
    let at = |offset: i64| {
        let mut other = search.clone();
        other.offset = offset;
        other.href(PATH)
    };
    let previous = (search.offset > 0).then(|| at((search.offset - view.page_size).max(0)));
    let next =
        (search.offset + view.page_size < counts.total).then(|| at(search.offset + view.page_size));
    let other_form = (form.name != METHOD_FORM).then_some(form.name.as_str());
    let new_sheet = catalogue_path(&form.name).replacen(PATH, &format!("{PATH}/new"), 1);
    html! {
        h1 { (catalogue_title(lang, form)) }
        p.catalogue-actions {
            a.button href=(new_sheet) {
                @if other_form.is_some() {
                    (lang.t_with("sheet-new-title", &[("form", form.label.get(lang))]))
                } @else {
                    (lang.t("catalogue-new"))
                }
            }
            " "
            a href={(PATH) "/import"} { (lang.t("catalogue-import")) }
            " · "
            a href=(export("csv")) { (lang.t("catalogue-export-csv")) }
            " ("
            a href=(spreadsheet::for_spreadsheets(&export("csv"))) { (lang.t("export-csv-spreadsheet")) }
            ") · "
            a href=(export("json")) { (lang.t("catalogue-export-json")) }
            " · "
            a href="/-/forms" { (lang.t("catalogue-all-forms")) }
        }
        @if ctx.viewer.is_signed_in() {
            // Watching is the `watching` capability's: this is only its form.
            form.watch-search method="post" action="/-/watchlist/searches" {
                (ctx.csrf_field())
                input type="hidden" name="query" value=(serde_urlencoded::to_string(search.to_query()).unwrap_or_default());
                button.secondary type="submit" { (lang.t("catalogue-watch-search")) }
            }
        }
        @if counts.total > 0 {
            p.catalogue-print {
                a href=(cards) { (lang.t_count("catalogue-print-cards", counts.total.min(MAX_CARDS), &[])) }
                " ("
                a href=(cards_on_a4) { (lang.t("print-cards-a4")) }
                ")"
            }
        }
        div.catalogue {
            form.filters #cw-filters method="get" action=(PATH) aria-labelledby="cw-filters-title" {
                h2 #cw-filters-title { (lang.t("catalogue-filters")) }
                // Says, for screen readers, what a filter applied without reloading found.
                p.visually-hidden #cw-filters-status aria-live="polite" {}
                // Open as sent; on a phone, app.js folds it (the results come first there).
                details.filters-fold open {
                summary { (lang.t("catalogue-filters-show")) }
                @if let Some(name) = other_form {
                    input type="hidden" name="form" value=(name);
                }
                label for="cw-q" { (lang.t("catalogue-search")) }
                input #cw-q type="search" name="q" maxlength="200" value=(search.text);
                label for="cw-lang-filter" { (lang.t("catalogue-language")) }
                select #cw-lang-filter name="lang" {
                    @for option in Lang::all().iter().copied() {
                        option value=(option.code()) selected[search.lang == LangFilter::One(option)] { (option.native_name()) }
                    }
                    option value="all" selected[search.lang == LangFilter::All] { (lang.t("catalogue-all-languages")) }
                }
                @for field in form.filters() {
                    @if field.kind.is_range() {
                        @let id = format!("cw-filter-{}", field.key);
                        @let current = match search.filter(&field.key) { Some(Filter::Contains { value, .. }) => value.to_string(), _ => String::new() };
                        div.filter-range {
                            label for=(id) {
                                (field.label.get(lang)) " — "
                                (lang.t(if field.kind == FieldKind::DurationRange { "catalogue-filter-minutes" } else { "catalogue-filter-people" }))
                            }
                            input id=(id) type="number" name=(field.key) min="0" inputmode="numeric" value=(current);
                        }
                    } @else {
                        fieldset.filter-choices {
                            legend { (field.label.get(lang)) }
                            @for choice in &field.choices {
                                @let token = format!("{}={}", field.key, choice.id);
                                @let n = counts.values.get(&token).copied().unwrap_or(0);
                                label.option.(if n == 0 { "zero" } else { "" }) {
                                    input type="checkbox" name=(field.key) value=(choice.id) checked[search.is_selected(&field.key, &choice.id)];
                                    " " (choice.label.get(lang)) " "
                                    span.count { "(" (n) ")" }
                                }
                            }
                        }
                    }
                }
                label for="cw-used" { (lang.t("catalogue-filter-used")) }
                input #cw-used type="number" name="used" min="0" inputmode="numeric" value=(search.used.map(|n| n.to_string()).unwrap_or_default());
                label for="cw-sort" { (lang.t("catalogue-sort")) }
                select #cw-sort name="sort" {
                    @for sort in Sort::ALL {
                        option value=(sort.code()) selected[search.sort == sort] { (lang.t(&format!("catalogue-sort-{}", sort.code()))) }
                    }
                }
                fieldset.layout {
                    legend { (lang.t("catalogue-layout")) }
                    @for layout in [Layout::Cards, Layout::List] {
                        label.option {
                            input type="radio" name="layout" value=(layout.code()) checked[search.layout == layout];
                            " " (lang.t(&format!("catalogue-layout-{}", layout.code())))
                        }
                    }
                }
                div.editor-buttons {
                    button type="submit" { (lang.t("catalogue-apply")) }
                    a href=(search.cleared().href(PATH)) { (lang.t("catalogue-clear")) }
                }
                }
            }
            section.results aria-labelledby="cw-results-title" {
                h2 #cw-results-title { (lang.t_count("catalogue-count", counts.total, &[])) }
                p.to-filters { a href="#cw-filters" { (lang.t("catalogue-to-filters")) } }
                @if !search.filters.is_empty() || !search.text.is_empty() {
                    ul.active-filters aria-label=(lang.t("catalogue-active-filters")) {
                        @for filter in &search.filters {
                            li { a href=(search.without(filter.key()).href(PATH)) { (filter_label(lang, form, filter)) " ✕" span.visually-hidden { " " (lang.t("catalogue-remove-filter")) } } }
                        }
                        @if !search.text.is_empty() {
                            li { a href=(search.without("q").href(PATH)) { "« " (search.text) " » ✕" span.visually-hidden { " " (lang.t("catalogue-remove-filter")) } } }
                        }
                    }
                }
                @if view.cards.is_empty() {
                    (empty_explanation(lang, form, search, counts))
                } @else if search.layout == Layout::Cards {
                    ul.cards {
                        @for card in view.cards {
                            li.card lang=(card.lang) {
                                h3 { a href=(page_path(&card.name)) { (card.name) } }
                                (card_image(card))
                                @if !card.hook.is_empty() { p.hook { (card.hook) } }
                                p.facts { (card_facts(lang, form, card).join(" · ")) }
                                @if card.used_in > 0 { p.used-in-count { (lang.t_count("programme-used-in", card.used_in, &[])) } }
                                @if card.field_notes > 0 { p.field-notes-count { (lang.t_count("catalogue-field-notes", card.field_notes, &[])) } }
                            }
                        }
                    }
                } @else {
                    div.table-scroll {
                        table.method-list {
                            thead { tr {
                                th scope="col" { (lang.t("catalogue-column-method")) }
                                th scope="col" { (lang.t("catalogue-column-hook")) }
                                th scope="col" { (lang.t("catalogue-column-facts")) }
                            } }
                            tbody {
                                @for card in view.cards {
                                    tr lang=(card.lang) {
                                        td { a href=(page_path(&card.name)) { (card.name) } }
                                        td { (card.hook) }
                                        td { (card_facts(lang, form, card).join(" · ")) }
                                    }
                                }
                            }
                        }
                    }
                }
                nav.listing-nav aria-label=(lang.t("catalogue-pages")) {
                    ul {
                        @if let Some(href) = &previous {
                            li { a href=(href) rel="prev" { (lang.t("catalogue-previous")) } }
                        }
                        @if let Some(href) = &next {
                            li { a href=(href) rel="next" { (lang.t("catalogue-next")) } }
                        }
                    }
                }
            }
        }
    }
}

/// Why nothing matched, and which filter to loosen: each active filter with the number of
/// sheets its removal would show.
fn empty_explanation(lang: Lang, form: &Form, search: &Search, counts: &Counts) -> Markup {
    let mut suggestions: Vec<(String, String, i64)> = search
        .filters
        .iter()
        .filter_map(|filter| {
            let n = counts.without.get(filter.key()).copied().unwrap_or(0);
            (n > 0).then(|| {
                (
                    search.without(filter.key()).href(PATH),
                    filter_label(lang, form, filter),
                    n,
                )
            })
        })
        .collect();
    if !search.text.is_empty()
        && let Some(n) = counts.without.get("q").copied().filter(|n| *n > 0)
    {
        suggestions.push((
            search.without("q").href(PATH),
            format!("« {} »", search.text),
            n,
        ));
    }
    suggestions.sort_by_key(|s| std::cmp::Reverse(s.2));
    html! {
        div.empty role="note" {
            p { (lang.t("catalogue-empty")) }
            @if suggestions.is_empty() {
                @if search.filters.is_empty() && search.text.is_empty() {
                    p { (lang.t("catalogue-empty-none")) " " a href={(PATH) "/new"} { (lang.t("catalogue-new")) } }
                } @else {
                    p { (lang.t("catalogue-empty-several")) " " a href={(PATH) "?lang=" (search.lang.code())} { (lang.t("catalogue-clear")) } }
                }
            } @else {
                ul.suggestions {
                    @for (href, label, n) in &suggestions {
                        li { a href=(href) { (lang.t_count("catalogue-loosen", *n, &[("filter", label)])) } }
                    }
                }
            }
        }
    }
}

/// One line of an import report.
pub struct ReportRow {
    pub row: usize,
    pub page: String,
    /// `created`, `updated`, `unchanged` or `rejected`.
    pub outcome: &'static str,
    pub reasons: Vec<String>,
}

/// The import page: the form, and after a dry run or a refused import, its report.
pub struct ImportView<'a> {
    pub data: &'a str,
    pub format: &'a str,
    pub report: Option<&'a [ReportRow]>,
    /// A whole-file problem, or why an import was refused.
    pub message: Option<String>,
    pub applied: bool,
}

pub fn import(ctx: &Ctx, view: &ImportView<'_>) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t("import-title")) }
        p { (lang.t("import-explanation")) }
        @if let Some(message) = &view.message {
            div.notice.errors role="alert" { p { (message) } }
        }
        @if let Some(report) = view.report {
            section aria-labelledby="cw-report-title" {
                h2 #cw-report-title {
                    @if view.applied { (lang.t("import-report-applied")) } @else { (lang.t("import-report-dry-run")) }
                }
                @let count = |outcome: &str| report.iter().filter(|r| r.outcome == outcome).count().to_string();
                p.import-totals {
                    (lang.t_with("import-totals", &[("created", &count("created")), ("updated", &count("updated")), ("unchanged", &count("unchanged")), ("rejected", &count("rejected"))]))
                }
                table.import-report {
                    thead { tr {
                        th scope="col" { (lang.t("import-row")) }
                        th scope="col" { (lang.t("import-page")) }
                        th scope="col" { (lang.t("import-outcome")) }
                        th scope="col" { (lang.t("import-reasons")) }
                    } }
                    tbody {
                        @for row in report {
                            tr.(row.outcome) {
                                td { (row.row) }
                                td { @if row.outcome == "rejected" || !view.applied { (row.page) } @else { a href=(page_path(&row.page)) { (row.page) } } }
                                td { (lang.t(&format!("import-outcome-{}", row.outcome))) }
                                td { @if !row.reasons.is_empty() { ul { @for reason in &row.reasons { li { (reason) } } } } }
                            }
                        }
                    }
                }
            }
        }
        form.editor method="post" action={(PATH) "/import"} {
            (ctx.csrf_field())
            fieldset {
                legend { (lang.t("import-format")) }
                @for format in ["json", "csv"] {
                    label.option { input type="radio" name="format" value=(format) checked[view.format == format]; " " (format.to_uppercase()) }
                }
            }
            label for="cw-import-data" { (lang.t("import-data")) }
            p.help #cw-import-help { (lang.t("import-data-help")) }
            textarea #cw-import-data name="data" rows="16" aria-describedby="cw-import-help" { (view.data) }
            div.editor-buttons {
                button.secondary type="submit" name="action" value="dry_run" { (lang.t("import-dry-run")) }
                button type="submit" name="action" value="apply" { (lang.t("import-apply")) }
            }
        }
    }
}
