//! Catalogue forms: the schema of a kind of sheet (fields, types, labels and help in English and
//! French, allowed values), kept as data in a wiki page so that it is versioned, diffable and
//! restorable like any page, and changed without a release.
//!
//! The form called `Method` lives in the page `Form.Method`, whose text is the YAML below
//! (`catalogue/forms/method.yaml` is the shipped version). A form is checked when its page is
//! saved ([`Form::parse`]); a sheet names its form in its front matter (`form: Method`).

use serde::Deserialize;

use crate::i18n::Lang;

/// Prefix of the page names that hold forms: the form `Method` is the page `Form.Method`.
/// Page names may contain dots (see `urls.md`), and no starter page uses this prefix.
pub const FORM_PAGE_PREFIX: &str = "Form.";

/// The form the catalogue at `/-/methods` shows.
pub const METHOD_FORM: &str = "Method";

/// Keys every sheet has whatever its form; fields cannot use them, nor can they use the
/// catalogue's own query parameters (a filter is the field key in the address).
pub const RESERVED_KEYS: &[&str] = &[
    "form",
    "page",
    "lang",
    "translation",
    "body",
    "q",
    "sort",
    "layout",
    "offset",
];

/// Most fields in one form; a bound on the work of validating and rendering one sheet.
const MAX_FIELDS: usize = 100;
/// Most filterable fields in one form.
const MAX_FILTERS: usize = 60;
/// Most allowed values of one choice field.
const MAX_CHOICES: usize = 100;
/// Values of filterable choice fields that get a bit in `sheets.facet_bits` (a bigint, sign
/// bit unused).
pub const MAX_FACET_BITS: u32 = 63;

/// A text in the two languages the wiki's content is written in; other interface languages
/// show the English one.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub en: String,
    pub fr: String,
}

impl Labels {
    pub fn get(&self, lang: Lang) -> &str {
        if lang == Lang::FR { &self.fr } else { &self.en }
    }
}

/// The field types of `method-sheet.md`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of plain text.
    Text,
    /// Long text in Markdown.
    Markdown,
    /// A whole number.
    Number,
    /// `{min, max}` whole numbers (e.g. people).
    IntRange,
    /// `{min, max}` in minutes.
    DurationRange,
    /// One id from `choices`.
    Choice,
    /// Several ids from `choices`.
    Choices,
    YesNo,
    /// An http(s) address.
    Url,
    /// The name of a page.
    PageLink,
    PageLinks,
    /// `[{title, duration, text}]`, in order.
    Steps,
    /// `[{item, quantity, per}]`, `per` being person, group or session.
    Materials,
    /// Free tags.
    Tags,
    /// A list of one-line texts.
    Texts,
    /// An SPDX licence identifier.
    Licence,
    /// `{src, alt}`: a picture from this site (an attachment once attachments exist).
    Image,
    /// `[{method, kind}]`: another sheet's slug, and a kind from `choices`.
    Relations,
}

impl FieldKind {
    /// Types whose value is one id from the field's `choices`, or several.
    pub fn has_choices(self) -> bool {
        matches!(
            self,
            FieldKind::Choice | FieldKind::Choices | FieldKind::Relations
        )
    }

    pub fn is_range(self) -> bool {
        matches!(self, FieldKind::IntRange | FieldKind::DurationRange)
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: Labels,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: FieldKind,
    pub label: Labels,
    pub help: Option<Labels>,
    #[serde(default)]
    pub required: bool,
    /// Shown as a filter of the catalogue (choices and ranges only).
    #[serde(default)]
    pub filterable: bool,
    /// Most characters of a text.
    pub max_length: Option<usize>,
    /// Smallest number, or smallest range bound.
    pub min: Option<i64>,
    pub max: Option<i64>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Value proposed in the editor of a new sheet.
    pub default: Option<String>,
    /// For steps: the key of a duration range their total must fall within.
    pub total_within: Option<String>,
}

impl Field {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    pub fn help(&self, lang: Lang) -> Option<&str> {
        self.help.as_ref().map(|h| h.get(lang))
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub label: Labels,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub name: String,
    pub label: Labels,
    pub sections: Vec<Section>,
}

/// Why a form definition was refused, in the words shown to the admin who saved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    /// Fluent message id.
    pub message: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FormProblem {
    fn new(message: &'static str, args: &[(&'static str, &str)]) -> FormProblem {
        FormProblem {
            message,
            args: args.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        }
    }

    pub fn localise(&self, lang: Lang) -> String {
        let args: Vec<(&'static str, &str)> =
            self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        lang.t_with(self.message, &args)
    }
}

/// `^[a-z][a-z0-9_]{0,39}$`: field keys are written in front matter, addresses and SQL
/// expressions, so they stay plain identifiers.
pub fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= 40
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Form names are page-name suffixes: `^[A-Za-z][A-Za-z0-9]{0,39}$`.
pub fn is_form_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 40
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// The form a page holds, by page name: `Form.Method` → `Method`.
pub fn form_of_page(page_name: &str) -> Option<&str> {
    let rest = page_name.get(..FORM_PAGE_PREFIX.len())?;
    if !rest.eq_ignore_ascii_case(FORM_PAGE_PREFIX) {
        return None;
    }
    let name = &page_name[FORM_PAGE_PREFIX.len()..];
    is_form_name(name).then_some(name)
}

pub fn form_page_name(form: &str) -> String {
    format!("{FORM_PAGE_PREFIX}{form}")
}

impl Form {
    /// Parses and checks a form page's text. The whole list of problems is returned, so an
    /// admin fixes them in one go.
    pub fn parse(text: &str) -> Result<Form, Vec<FormProblem>> {
        let form: Form = crate::catalogue::sheet::yaml_from_str(text).map_err(|detail| {
            vec![FormProblem::new(
                "form-problem-yaml",
                &[("detail", &detail)],
            )]
        })?;
        let problems = form.problems();
        if problems.is_empty() {
            Ok(form)
        } else {
            Err(problems)
        }
    }

    fn problems(&self) -> Vec<FormProblem> {
        let mut problems = Vec::new();
        if !is_form_name(&self.name) {
            problems.push(FormProblem::new(
                "form-problem-name",
                &[("name", &self.name)],
            ));
        }
        let count = self.fields().count();
        if count > MAX_FIELDS {
            problems.push(FormProblem::new(
                "form-problem-too-many",
                &[("max", &MAX_FIELDS.to_string())],
            ));
        }
        // Each active filter is a bit of a bigint in the counts query, the text query one more.
        if self.filters().count() > MAX_FILTERS {
            problems.push(FormProblem::new(
                "form-problem-too-many-filters",
                &[("max", &MAX_FILTERS.to_string())],
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for field in self.fields() {
            let key = field.key.as_str();
            if !is_identifier(key) || RESERVED_KEYS.contains(&key) {
                problems.push(FormProblem::new("form-problem-key", &[("key", key)]));
            }
            if !seen.insert(key) {
                problems.push(FormProblem::new("form-problem-duplicate", &[("key", key)]));
            }
            if field.label.en.trim().is_empty() || field.label.fr.trim().is_empty() {
                problems.push(FormProblem::new("form-problem-label", &[("key", key)]));
            }
            if field.kind.has_choices() {
                if field.choices.is_empty() || field.choices.len() > MAX_CHOICES {
                    problems.push(FormProblem::new("form-problem-choices", &[("key", key)]));
                }
                let mut ids = std::collections::HashSet::new();
                for choice in &field.choices {
                    if !is_identifier(&choice.id) || !ids.insert(choice.id.as_str()) {
                        problems.push(FormProblem::new(
                            "form-problem-choice-id",
                            &[("key", key), ("id", &choice.id)],
                        ));
                    }
                }
            }
            if field.filterable && !(field.kind.has_choices() || field.kind.is_range())
                || field.filterable && field.kind == FieldKind::Relations
            {
                problems.push(FormProblem::new("form-problem-filterable", &[("key", key)]));
            }
            if let Some(target) = &field.total_within {
                let ok = self
                    .field(target)
                    .is_some_and(|f| f.kind == FieldKind::DurationRange)
                    && field.kind == FieldKind::Steps;
                if !ok {
                    problems.push(FormProblem::new(
                        "form-problem-total-within",
                        &[("key", key)],
                    ));
                }
            }
            if let Some(default) = &field.default
                && field.kind.has_choices()
                && field.choice(default).is_none()
            {
                problems.push(FormProblem::new(
                    "form-problem-choice-id",
                    &[("key", key), ("id", default)],
                ));
            }
        }
        problems
    }

    /// Every field, in form order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields().find(|f| f.key == key)
    }

    /// Fields shown as catalogue filters, in form order.
    pub fn filters(&self) -> impl Iterator<Item = &Field> {
        self.fields().filter(|f| f.filterable)
    }

    /// The picture shown on a sheet's catalogue card (the first image field of the form).
    pub fn image_field(&self) -> Option<&Field> {
        self.fields().find(|f| f.kind == FieldKind::Image)
    }

    /// The duration range used to sort by duration (the first one of the form).
    pub fn duration_field(&self) -> Option<&Field> {
        self.fields().find(|f| f.kind == FieldKind::DurationRange)
    }

    /// The bit of a value of a filterable choice field in a sheet's `facet_bits`: values are
    /// numbered in form order; past [`MAX_FACET_BITS`] a value has none (it is still filtered
    /// and counted, through `facets`).
    pub fn facet_bit(&self, key: &str, id: &str) -> Option<u32> {
        let mut bit = 0;
        for field in self.filters().filter(|f| f.kind.has_choices()) {
            for choice in &field.choices {
                if field.key == key && choice.id == id {
                    return (bit < MAX_FACET_BITS).then_some(bit);
                }
                bit += 1;
            }
        }
        None
    }

    /// Where a range field's `[min, max]` sits in a sheet's `bounds`: the 0-based index of
    /// its minimum (the maximum follows).
    pub fn range_slot(&self, key: &str) -> Option<usize> {
        self.fields()
            .filter(|f| f.kind.is_range())
            .position(|f| f.key == key)
            .map(|i| 2 * i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../catalogue/forms/method.yaml");

    #[test]
    fn the_shipped_method_form_is_valid() {
        let form = Form::parse(SHIPPED).expect("the shipped form parses");
        assert_eq!(form.name, METHOD_FORM);
        let keys: Vec<&str> = form.fields().map(|f| f.key.as_str()).collect();
        assert_eq!(keys.first(), Some(&"other_names"));
        assert_eq!(keys.last(), Some(&"tags"));
        assert_eq!(keys.len(), 30);
        assert_eq!(form.image_field().map(|f| f.key.as_str()), Some("image"));
        let filters: Vec<&str> = form.filters().map(|f| f.key.as_str()).collect();
        assert_eq!(
            filters,
            [
                "purposes",
                "group_size",
                "duration",
                "difficulty",
                "modality",
                "phase",
                "status"
            ]
        );
    }

    #[test]
    fn values_and_ranges_have_stable_slots() {
        let form = Form::parse(SHIPPED).unwrap();
        assert_eq!(form.facet_bit("purposes", "open_start"), Some(0));
        assert_eq!(form.facet_bit("purposes", "close"), Some(9));
        assert_eq!(form.facet_bit("difficulty", "easy"), Some(10));
        assert_eq!(form.facet_bit("status", "complete"), Some(23));
        assert_eq!(form.facet_bit("related", "variant_of"), None);
        assert_eq!(form.range_slot("group_size"), Some(0));
        assert_eq!(form.range_slot("duration"), Some(2));
        assert_eq!(form.range_slot("hook"), None);
    }

    #[test]
    fn form_problems_are_all_reported() {
        let text = "name: Bad\nlabel: {en: B, fr: B}\nsections:\n  - id: s\n    label: {en: S, fr: S}\n    fields:\n      - {key: q, type: text, label: {en: Q, fr: Q}}\n      - {key: a, type: choice, label: {en: A, fr: A}}\n      - {key: a, type: text, filterable: true, label: {en: A, fr: ''}}\n";
        let problems = Form::parse(text).unwrap_err();
        let ids: Vec<&str> = problems.iter().map(|p| p.message).collect();
        assert_eq!(
            ids,
            [
                "form-problem-key",
                "form-problem-choices",
                "form-problem-duplicate",
                "form-problem-label",
                "form-problem-filterable"
            ]
        );
    }

    #[test]
    fn form_pages_are_recognised_by_their_prefix() {
        assert_eq!(form_of_page("Form.Method"), Some("Method"));
        assert_eq!(form_of_page("form.Venue"), Some("Venue"));
        assert_eq!(form_of_page("Form.a b"), None);
        assert_eq!(form_of_page("Formula"), None);
        assert_eq!(form_page_name("Method"), "Form.Method");
    }
}
