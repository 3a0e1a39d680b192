//! YesWiki's Bazar (forms, lists and entries) as coopwiki catalogue forms and sheets.
//!
//! Pure functions: the importer reads the dump, calls these, and saves what they return. A
//! Bazar form is a `yeswiki_nature` row whose `bn_template` holds one field per line, columns
//! separated by `***`; what each column means depends on the field type (YesWiki 4.4,
//! `tools/bazar/fields/*Field.php`): 0 the type, 1 the name (for list fields the list page, for
//! entry fields the linked form's id), 2 the label, 3 and 4 a size and a maximum (for a number
//! its minimum and maximum), 5 the default value, 6 for list fields the name proper, 7 a
//! sub-type (`number`, `url`… for `texte`, the syntax for `textelong`), 8 required, 10 the hint,
//! 11 and 12 who may read and write the field. An entry is a page whose text is a JSON object
//! holding each field's value under its *property name*: the name for most types, `type +
//! list + name` for list and entry fields (`listeListeTypeDeMethodebf_type`), `type + name`
//! for files and images (`imagebf_image`).
//!
//! [`parse_form`] reads a template, [`coopwiki_form`] makes the YAML of the page
//! `Form.{name}` from it ([`form_name`] proposes a name), and [`sheet_text`] turns each entry
//! revision into the text of a sheet of that form. With `--map-form ID=FORM --fields FILE`, a
//! community's form lands in an existing form instead, the Method form of the catalogue for a
//! form of facilitation methods: [`parse_field_map`] reads the file, [`check_field_map`] says
//! what the mapping leaves out, [`mapped_sheet_text`] writes the sheets.
//!
//! # Field types
//!
//! Bazar stores every value as text; coopwiki keeps typed values, checked on each save. Each
//! Bazar type gets the nearest coopwiki type that accepts every value YesWiki could have
//! stored, so that a sheet made from an entry is valid:
//!
//! | Bazar type (column 0) | coopwiki type | why |
//! |---|---|---|
//! | `texte` (sub-type `text`, `color`…) | `text` (`max_length` from column 4) | one line |
//! | `texte` sub-type `number`, `range` | `number` (`min`, `max` from columns 3, 4) | whole numbers in YesWiki's input too |
//! | `texte` sub-type `url`, `lien_internet` | `url` | a lone `https://` (YesWiki's default) counts as empty |
//! | `texte` sub-type `email`, `champs_mail` | `text` | coopwiki has no e-mail type; an address YesWiki hid behind its contact form is not copied into a page its readers see |
//! | `texte` sub-type `date`, `jour`, `listedatedeb`, `listedatefin` | `text` | no date type; the value is kept as YesWiki wrote it (`2024-07-04` or `2024-07-04T10:30:00+02:00`), which sorts and reads; [`event_span`] gives an agenda entry's dates to whoever makes a programme slot of it |
//! | `textelong` (syntax `wiki`, `html`, `nohtml`) | `markdown` | converted by [`Site::markup`] |
//! | `liste`, `radio` | `choice` | choices from the `Liste…` page, labels in both languages; filterable, as Bazar lists are facets |
//! | `checkbox` | `choices` | the same, several values (stored comma-separated) |
//! | `listefiche`, `radiofiche` | `page_link` | the entry's page name ([`Site::pages`]) |
//! | `checkboxfiche` | `page_links` | linked entries as links to their pages |
//! | `tags` | `tags` | comma-separated in YesWiki |
//! | `image` | `image` | the attachment of the sheet's page ([`Site::files`]), the entry's title as its alternative text |
//! | `fichier` | `markdown` | coopwiki has no file type: a link to the attachment, `[name](attachment:name)` |
//! | `map`, `carte_google` | `text` `geolocation` | `latitude, longitude`: coopwiki has no map |
//! | `titre`, `texte bf_titre` | no field | the title of a sheet is its page name ([`proposed_page_name`]) |
//! | `champs_cache`, `calc` | `text` | a stored value like any other |
//! | `labelhtml`, `tabs`, `tabchange`, `bookmarklet`, `conditionschecking`, `listefiches`, `listefichesliees` | no field, no warning | layout or computed: no value (a `labelhtml` text is kept as a comment of the form's YAML) |
//! | `mot_de_passe`, `utilisateur_wikini`, `yeswiki_user`, `inscriptionliste`, `acls`, `metadatas`, `reactions` | no field, a warning | a password, an account, a subscription, page permissions, a theme or votes: not sheet values (accounts and permissions are imported on their own) |
//! | anything else | `text`, a warning | kept rather than lost |
//!
//! Labels: a Bazar form is written in one language (the site's), so each label, hint and list
//! value gets the same text in `en` and `fr`; translating them is left to the form's admins.
//! Keys: the Bazar name without its `bf_` prefix, in `snake_case` ASCII (`bf_date_debut_evenement`
//! → `date_debut_evenement`, `ListeType` → `liste_type`), `bf_`-prefixed again when it is a
//! reserved key (`page` → `bf_page`), numbered when two fields would share one.
//!
//! A value the form refuses (a number that is not one, a list value that is not in the list,
//! a file that was not imported) is not lost: it goes to the sheet's Markdown body, under its
//! label, and a warning says so. A required field left empty is reported too, and the sheet
//! is written anyway: the catalogue lists it as incomplete and its next edit asks for the
//! value, which is better than a made-up one.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};
use serde_saphyr::{DoubleQuoted, FlowMap};
use unicode_normalization::UnicodeNormalization;

use crate::catalogue::editor;
use crate::catalogue::fields;
use crate::catalogue::form::{self, FieldKind, Form, RESERVED_KEYS};
use crate::catalogue::sheet::{self, FrontMatter, Sheet};
use crate::i18n::Lang;
use crate::names::PageName;

mod map;
#[cfg(test)]
mod tests;
mod text;

pub use map::{FieldMap, Target, check_field_map, mapped_sheet_text, parse_field_map};
pub use text::basic_markup;
use text::{attachment_link, attachment_src, clean_inline, clean_text, escape_markdown};

/// Most fields of a coopwiki form (`catalogue::form`'s own bound).
const MAX_FORM_FIELDS: usize = 100;
/// Most values of a choice field (`catalogue::form`'s own bound).
const MAX_CHOICES: usize = 100;
/// Most filterable fields of a form (`catalogue::form`'s own bound).
const MAX_FILTERS: usize = 60;
/// Longest key or choice id (`form::is_identifier`).
const MAX_KEY: usize = 40;
/// Most template lines read: a bound on the work done for one form.
const MAX_LINES: usize = 2_000;
/// Keys of an entry that YesWiki writes itself, not values of a field.
const ENTRY_METADATA: &[&str] = &[
    "id_typeannonce",
    "id_fiche",
    "date_creation_fiche",
    "date_maj_fiche",
    "statut_fiche",
    "user",
    "owner",
    "sendmail",
    "antispam",
    "createur",
    "categorie_fiche",
    "semantic",
    "url",
    "html_output",
];

/// A Bazar list page (`Liste…`, JSON `{"label": {key: label}, "titre_liste": …}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BazarList {
    pub tag: String,
    pub title: String,
    /// `(key, label)` in the list's order.
    pub values: Vec<(String, String)>,
}

impl BazarList {
    pub fn label(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, label)| label.as_str())
    }
}

/// Reads a list page. PHP writes a list whose keys are 0, 1, 2… as a JSON array, so an array
/// is read with its indexes as keys.
pub fn parse_list(tag: &str, json_body: &str) -> Result<BazarList, String> {
    let value: Value =
        serde_json::from_str(json_body).map_err(|e| format!("list {tag}: not JSON ({e})"))?;
    let Value::Object(object) = value else {
        return Err(format!("list {tag}: not a JSON object"));
    };
    let title = object
        .get("titre_liste")
        .and_then(scalar_text)
        .map(|t| clean_inline(&t))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| tag.to_owned());
    let entries: Vec<(String, &Value)> = match object.get("label") {
        Some(Value::Object(labels)) => labels.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Some(Value::Array(labels)) => labels
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        Some(_) => return Err(format!("list {tag}: \"label\" is not a map of values")),
        None => return Err(format!("list {tag}: no \"label\"")),
    };
    let mut values = Vec::new();
    for (key, label) in entries {
        let key = key.trim().to_owned();
        if key.is_empty() {
            continue;
        }
        let Some(label) = scalar_text(label) else {
            return Err(format!("list {tag}: the label of {key:?} is not a text"));
        };
        let label = clean_inline(&label);
        values.push((key.clone(), if label.is_empty() { key } else { label }));
    }
    Ok(BazarList {
        tag: tag.to_owned(),
        title,
        values,
    })
}

/// The syntax of a `textelong` field's values (column 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextSyntax {
    /// YesWiki's wiki syntax (`wiki`, `wiki-textarea`, the default).
    Wiki,
    /// HTML from the WYSIWYG editor (`html`).
    Html,
    /// Plain text (`nohtml`).
    Plain,
}

/// What a Bazar field is, for coopwiki (see the table in the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The entry's title (`bf_titre`): the sheet's page name, no field.
    Title,
    Text,
    Number,
    Url,
    Email,
    Date,
    LongText(TextSyntax),
    Choice,
    Choices,
    EntryLink,
    EntryLinks,
    Tags,
    Image,
    File,
    Geolocation,
    /// Layout or computed: holds no value.
    Layout,
    /// Holds something that is not a sheet value (password, account…): not imported.
    Dropped,
    /// A type this import does not know: kept as text.
    Unknown,
}

/// A Bazar form as the import understands it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BazarForm {
    pub id: String,
    pub label: String,
    pub description: String,
    pub fields: Vec<BazarField>,
    /// Lines that could not be read, types that are not known.
    pub warnings: Vec<String>,
}

/// One line of a Bazar template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BazarField {
    /// The YesWiki type word (column 0): `texte`, `liste`, `checkboxfiche`…
    pub kind: String,
    /// The field's name (`bf_…`): column 1, or column 6 for list and entry fields (column 1
    /// when that is empty); `geolocation` for a map, `bf_titre` for a title.
    pub name: String,
    /// For people, without HTML.
    pub label: String,
    pub required: bool,
    /// The `Liste…` page of a `liste`, `radio` or `checkbox` field.
    pub list: Option<String>,
    /// The form id of a `listefiche`, `radiofiche` or `checkboxfiche` field.
    pub linked_form: Option<String>,
    /// The key under which entries store the value (`listeListeTypeDeMethodebf_type`); empty
    /// for a field that stores none.
    pub entry_key: String,
    /// Help shown under the input (column 10), without HTML.
    pub hint: String,
    pub role: Role,
    /// Whether YesWiki showed the value to everyone who could read the entry: no read
    /// restriction on the field (column 11), and for an e-mail no contact form in its place.
    pub public: bool,
    /// Every column of the line, trimmed, at least 16.
    pub columns: Vec<String>,
}

impl BazarField {
    fn column(&self, index: usize) -> &str {
        self.columns.get(index).map_or("", String::as_str)
    }

    /// The entry keys of a map's latitude and longitude (columns 1 and 2).
    fn coordinates_keys(&self) -> (&str, &str) {
        fn or<'t>(text: &'t str, default: &'static str) -> &'t str {
            if text.is_empty() { default } else { text }
        }
        (
            or(self.column(1), "bf_latitude"),
            or(self.column(2), "bf_longitude"),
        )
    }
}

/// Reads a `bn_template` as YesWiki does: a line per field (`\r\n` or `\n`), blank lines and
/// lines starting with `#` skipped, columns split on `***` and trimmed, lines of three
/// columns or fewer ignored.
pub fn parse_form(id: &str, label: &str, description: &str, template: &str) -> BazarForm {
    let mut form = BazarForm {
        id: id.trim().to_owned(),
        label: clean_inline(label),
        description: clean_inline(description),
        fields: Vec::new(),
        warnings: Vec::new(),
    };
    for (index, line) in template.split('\n').enumerate() {
        if index >= MAX_LINES {
            form.warnings.push(format!(
                "form {id}: lines after the first {MAX_LINES} ignored"
            ));
            break;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut columns: Vec<String> = line.split("***").map(|c| c.trim().to_owned()).collect();
        if columns.len() <= 3 {
            form.warnings.push(format!(
                "form {id}, line {}: fewer than four columns, ignored (as YesWiki does)",
                index + 1
            ));
            continue;
        }
        if columns.len() < 16 {
            columns.resize(16, String::new());
        }
        let field = read_line(columns);
        match field.role {
            Role::Unknown => form.warnings.push(format!(
                "form {id}, line {}: unknown field type {:?}, kept as text",
                index + 1,
                field.kind
            )),
            Role::Layout => {}
            _ if field.entry_key.is_empty() => {
                form.warnings.push(format!(
                    "form {id}, line {}: a {:?} field without a name, ignored",
                    index + 1,
                    field.kind
                ));
                continue;
            }
            _ => {}
        }
        form.fields.push(field);
    }
    form
}

fn read_line(columns: Vec<String>) -> BazarField {
    let col = |i: usize| columns.get(i).map_or("", String::as_str).to_owned();
    let kind = col(0);
    let mut field = BazarField {
        name: col(1),
        label: clean_inline(&col(2)),
        required: col(8) == "1",
        list: None,
        linked_form: None,
        entry_key: col(1),
        hint: clean_inline(&col(10)),
        role: Role::Unknown,
        public: matches!(col(11).as_str(), "" | "*"),
        columns: Vec::new(),
        kind,
    };
    field.role = match field.kind.as_str() {
        "texte" => match col(7).as_str() {
            "number" | "range" => Role::Number,
            "url" => Role::Url,
            "email" => Role::Email,
            "date" => Role::Date,
            "password" => Role::Dropped,
            _ => Role::Text,
        },
        "textelong" => Role::LongText(match col(7).as_str() {
            "html" => TextSyntax::Html,
            "nohtml" => TextSyntax::Plain,
            _ => TextSyntax::Wiki,
        }),
        "titre" => {
            field.name = "bf_titre".into();
            field.entry_key = "bf_titre".into();
            Role::Title
        }
        "liste" | "radio" | "checkbox" | "listefiche" | "radiofiche" | "checkboxfiche" => {
            let (object, own_name) = (col(1), col(6));
            field.entry_key = format!("{}{object}{own_name}", field.kind);
            field.name = if own_name.is_empty() {
                object.clone()
            } else {
                own_name
            };
            match field.kind.as_str() {
                "liste" | "radio" => {
                    field.list = Some(object);
                    Role::Choice
                }
                "checkbox" => {
                    field.list = Some(object);
                    Role::Choices
                }
                "checkboxfiche" => {
                    field.linked_form = Some(object);
                    Role::EntryLinks
                }
                _ => {
                    field.linked_form = Some(object);
                    Role::EntryLink
                }
            }
        }
        "jour" | "listedatedeb" | "listedatefin" => Role::Date,
        "image" | "fichier" => {
            field.entry_key = format!("{}{}", field.kind, col(1));
            if field.kind == "image" {
                Role::Image
            } else {
                Role::File
            }
        }
        "lien_internet" => Role::Url,
        "champs_mail" => {
            field.public &= col(6) != "form";
            Role::Email
        }
        "tags" => Role::Tags,
        "map" | "carte_google" => {
            field.name = "geolocation".into();
            field.entry_key = "geolocation".into();
            field.label = "Latitude, longitude".into();
            Role::Geolocation
        }
        "labelhtml" => {
            field.label = clean_inline(&col(1));
            field.entry_key = String::new();
            Role::Layout
        }
        "tabs" | "tabchange" | "bookmarklet" | "conditionschecking" | "listefiches"
        | "listefichesliees" => {
            field.entry_key = String::new();
            Role::Layout
        }
        "utilisateur_wikini" | "yeswiki_user" => {
            field.entry_key = "nomwiki".into();
            Role::Dropped
        }
        "mot_de_passe" | "inscriptionliste" | "acls" | "metadatas" | "reactions" => Role::Dropped,
        "champs_cache" | "calc" => Role::Text,
        _ => Role::Unknown,
    };
    if field.name == "bf_titre" && matches!(field.role, Role::Text | Role::Unknown) {
        field.role = Role::Title;
    }
    if field.label.is_empty() {
        field.label = field.name.clone();
    }
    field.columns = columns;
    field
}

/// A valid coopwiki form name from a Bazar form's label: accents removed, ASCII letters and
/// digits in CamelCase words (`Méthode d'animation` → `MethodeDAnimation`), at most 40
/// characters; `Bazar{id}` when nothing is left.
pub fn form_name(id: &str, label: &str) -> String {
    let mut name = String::new();
    for word in ascii_fold(label).split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Form");
    }
    name.truncate(MAX_KEY);
    if form::is_form_name(&name) {
        return name;
    }
    let digits: String = id.chars().filter(char::is_ascii_digit).take(20).collect();
    format!("Bazar{digits}")
}

/// A page name for an entry, from its title: the characters page names refuse are replaced
/// (`:` `;` `/` `|` by a comma, others by a space), at most 120 characters. `None` when
/// nothing valid is left. `World café : l'avenir` → `World café, l'avenir`.
pub fn proposed_page_name(title: &str) -> Option<String> {
    let mut text = String::with_capacity(title.len());
    for c in title.nfc() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if c.is_alphanumeric()
            || unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '-' | '_' | '.' | '\'' | '(' | ')' | ',')
        {
            text.push(c);
        } else if matches!(c, ':' | ';' | '/' | '|') {
            text.push_str(", ");
        } else {
            text.push(' ');
        }
    }
    let mut name = String::new();
    for word in text.split_whitespace() {
        if word.chars().all(|c| c == ',') {
            if !name.is_empty() && !name.ends_with(',') {
                name.push(',');
            }
            continue;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    let name = name
        .trim_start_matches(['-', ',', ' '])
        .trim_end_matches([',', ' ']);
    let name: String = name.chars().take(crate::names::MAX_NAME_CHARS).collect();
    PageName::parse(name.trim_end())
        .ok()
        .map(|n| n.as_str().to_owned())
}

/// The form id an entry names (`id_typeannonce`): which form its sheet belongs to.
pub fn entry_form_id(json_body: &str) -> Option<String> {
    let object = entry_object(json_body).ok()?;
    object
        .get("id_typeannonce")
        .and_then(scalar_text)
        .map(|id| id.trim().to_owned())
}

/// An entry's title (`bf_titre`), cleaned of control characters and outer spaces.
pub fn entry_title(json_body: &str) -> Option<String> {
    let object = entry_object(json_body).ok()?;
    object
        .get("bf_titre")
        .and_then(scalar_text)
        .map(|t| clean_inline(&t))
        .filter(|t| !t.is_empty())
}

/// The start and end of an agenda entry, as YesWiki wrote them: `2024-07-06` (the whole day)
/// or `2024-07-04T10:30:00+02:00`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpan {
    pub start: String,
    pub end: String,
}

/// The dates of an entry of an agenda form (one with `listedatedeb` and `listedatefin`
/// fields): what the importer needs to make it a programme slot. `None` for other forms and
/// for entries without both dates.
pub fn event_span(form: &BazarForm, json_body: &str) -> Option<EventSpan> {
    let object = entry_object(json_body).ok()?;
    let date = |kind: &str| {
        let field = form.fields.iter().find(|f| f.kind == kind)?;
        let text = object.get(&field.entry_key).and_then(scalar_text)?;
        let text = text.trim().to_owned();
        (!text.is_empty()).then_some(text)
    };
    Some(EventSpan {
        start: date("listedatedeb")?,
        end: date("listedatefin")?,
    })
}

/// What the import knows of the YesWiki site and of the wiki being filled.
pub struct Site<'a> {
    /// The language of the site's content (its `default_language`): the sheets' `lang`.
    pub lang: Lang,
    /// A stored file name (`LeBocalAPoissons_imagebf_image_….jpg`) → the name of the
    /// attachment made of it on the sheet's page; `None`: not imported.
    pub files: &'a dyn Fn(&str) -> Option<String>,
    /// An entry's tag → the name of the page its sheet was given; `None`: the tag is used.
    pub pages: &'a dyn Fn(&str) -> Option<String>,
    /// A list page's tag → the list (for [`mapped_sheet_text`]: labels of list values).
    pub lists: &'a dyn Fn(&str) -> Option<BazarList>,
    /// A `textelong` value → Markdown. [`basic_markup`] until the YesWiki syntax converter is
    /// wired in.
    pub markup: &'a dyn Fn(&str, TextSyntax) -> String,
}

/// What a Bazar field became in the generated form.
#[derive(Debug, Clone)]
struct Slot {
    /// The coopwiki key; `None` for fields that get none (title, layout, dropped).
    key: Option<String>,
    kind: FieldKind,
    /// `(list key, choice id, label)` of a choice field.
    choices: Vec<(String, String, String)>,
}

/// A Bazar form converted: the form page's text, the form it defines, and how each Bazar field
/// lands in it (what [`sheet_text`] follows).
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The text of the page `Form.{name}`, checked with [`Form::parse`].
    pub yaml: String,
    pub form: Form,
    /// The form's own warnings ([`BazarForm::warnings`]) then the conversion's.
    pub warnings: Vec<String>,
    bazar: BazarForm,
    /// One per field of `bazar`, in order.
    slots: Vec<Slot>,
}

impl Conversion {
    /// The coopwiki key a Bazar field (by name or entry key) was given.
    pub fn key_of(&self, bazar_name: &str) -> Option<&str> {
        self.bazar
            .fields
            .iter()
            .zip(&self.slots)
            .find(|(f, _)| f.name == bazar_name || f.entry_key == bazar_name)
            .and_then(|(_, slot)| slot.key.as_deref())
    }

    pub fn bazar(&self) -> &BazarForm {
        &self.bazar
    }
}

#[derive(Serialize)]
struct LabelsOut<'a> {
    en: DoubleQuoted<&'a str>,
    fr: DoubleQuoted<&'a str>,
}

fn labels(text: &str) -> FlowMap<LabelsOut<'_>> {
    FlowMap(LabelsOut {
        en: DoubleQuoted(text),
        fr: DoubleQuoted(text),
    })
}

#[derive(Serialize)]
struct ChoiceOut<'a> {
    id: &'a str,
    label: FlowMap<LabelsOut<'a>>,
}

#[derive(Serialize)]
struct FieldOut<'a> {
    key: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    required: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    filterable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<i64>,
    label: FlowMap<LabelsOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<FlowMap<LabelsOut<'a>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    choices: Vec<ChoiceOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<DoubleQuoted<&'a str>>,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    id: &'static str,
    label: FlowMap<LabelsOut<'a>>,
    fields: Vec<FieldOut<'a>>,
}

#[derive(Serialize)]
struct FormOut<'a> {
    name: &'a str,
    label: FlowMap<LabelsOut<'a>>,
    sections: Vec<SectionOut<'a>>,
}

/// The word of a kind in form YAML.
fn kind_word(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Markdown => "markdown",
        FieldKind::Number => "number",
        FieldKind::IntRange => "int_range",
        FieldKind::DurationRange => "duration_range",
        FieldKind::Choice => "choice",
        FieldKind::Choices => "choices",
        FieldKind::YesNo => "yes_no",
        FieldKind::Url => "url",
        FieldKind::PageLink => "page_link",
        FieldKind::PageLinks => "page_links",
        FieldKind::Steps => "steps",
        FieldKind::Materials => "materials",
        FieldKind::Tags => "tags",
        FieldKind::Texts => "texts",
        FieldKind::Licence => "licence",
        FieldKind::Image => "image",
        FieldKind::Relations => "relations",
    }
}

fn positive(text: &str) -> Option<usize> {
    text.trim().parse::<usize>().ok().filter(|n| *n > 0)
}

/// The YAML of the page `Form.{name}` for a Bazar form, checked with [`Form::parse`]: one
/// section, the fields in template order (see the table in the module documentation).
/// `lists` gives the list pages of choice fields; a missing or empty list, or one of more
/// than 100 values, makes its field a text field, with a warning. Refused: a `name` that is
/// not a form name, a form of more than 100 fields.
pub fn coopwiki_form(
    form: &BazarForm,
    lists: &dyn Fn(&str) -> Option<BazarList>,
    name: &str,
) -> Result<Conversion, String> {
    if !form::is_form_name(name) {
        return Err(format!(
            "{name:?} is not a form name (ASCII letters and digits, starting with a letter, at most 40)"
        ));
    }
    let mut warnings = form.warnings.clone();
    let mut taken: HashSet<String> = HashSet::new();
    let mut slots = Vec::with_capacity(form.fields.len());
    let mut filters = 0;
    let mut outs: Vec<(Slot, &BazarField, bool)> = Vec::new();
    for field in &form.fields {
        let none = Slot {
            key: None,
            kind: FieldKind::Text,
            choices: Vec::new(),
        };
        let kind = match field.role {
            Role::Title | Role::Layout => {
                slots.push(none);
                continue;
            }
            Role::Dropped => {
                warnings.push(format!(
                    "form {}: field {:?} ({}) holds {}, not a sheet value: not imported",
                    form.id,
                    field.name,
                    field.kind,
                    dropped_what(&field.kind)
                ));
                slots.push(none);
                continue;
            }
            Role::Text | Role::Email | Role::Date | Role::Geolocation | Role::Unknown => {
                FieldKind::Text
            }
            Role::Number => FieldKind::Number,
            Role::Url => FieldKind::Url,
            Role::LongText(_) | Role::File => FieldKind::Markdown,
            Role::Choice => FieldKind::Choice,
            Role::Choices => FieldKind::Choices,
            Role::EntryLink => FieldKind::PageLink,
            Role::EntryLinks => FieldKind::PageLinks,
            Role::Tags => FieldKind::Tags,
            Role::Image => FieldKind::Image,
        };
        if field.role == Role::Email && field.column(6) == "form" {
            warnings.push(format!(
                "form {}: the addresses of {:?} were hidden behind YesWiki's contact form; sheets are read by everyone who reads the page, so they are not copied",
                form.id, field.name
            ));
        } else if !field.public {
            warnings.push(format!(
                "form {}: YesWiki showed {:?} only to {:?}; sheets are read by everyone who reads the page, so its values are not copied",
                form.id,
                field.name,
                field.column(11)
            ));
        }
        let mut slot = Slot {
            key: Some(unique(&field_key(&field.name), &mut taken)),
            kind,
            choices: Vec::new(),
        };
        if kind.has_choices() {
            let list_tag = field.list.clone().unwrap_or_default();
            match lists(&list_tag) {
                Some(list) if !list.values.is_empty() && list.values.len() <= MAX_CHOICES => {
                    let mut ids = HashSet::new();
                    slot.choices = list
                        .values
                        .iter()
                        .map(|(key, label)| {
                            (
                                key.clone(),
                                unique(&choice_id(key), &mut ids),
                                label.clone(),
                            )
                        })
                        .collect();
                }
                Some(list) if !list.values.is_empty() => {
                    warnings.push(format!(
                        "form {}: list {list_tag} has {} values, more than the {MAX_CHOICES} of a choice field: {:?} becomes a text field",
                        form.id,
                        list.values.len(),
                        field.name
                    ));
                    slot.kind = FieldKind::Text;
                }
                _ => {
                    warnings.push(format!(
                        "form {}: list {list_tag:?} of {:?} is missing or empty: the field becomes a text field holding the values' keys",
                        form.id, field.name
                    ));
                    slot.kind = FieldKind::Text;
                }
            }
        }
        let filterable = slot.kind.has_choices() && filters < MAX_FILTERS;
        if filterable {
            filters += 1;
        }
        outs.push((slot.clone(), field, filterable));
        slots.push(slot);
    }
    if outs.len() > MAX_FORM_FIELDS {
        return Err(format!(
            "form {}: {} fields, a coopwiki form holds at most {MAX_FORM_FIELDS}",
            form.id,
            outs.len()
        ));
    }
    let defaults: Vec<Option<String>> = outs
        .iter()
        .map(|(slot, field, _)| default_of(slot, field))
        .collect();
    let fields_out: Vec<FieldOut<'_>> = outs
        .iter()
        .zip(&defaults)
        .map(|((slot, field, filterable), default)| {
            let (min, max) = if slot.kind == FieldKind::Number {
                let min = field.column(3).parse::<i64>().ok();
                let max = field.column(4).parse::<i64>().ok();
                match (min, max) {
                    (Some(a), Some(b)) if a > b => (None, None),
                    bounds => bounds,
                }
            } else {
                (None, None)
            };
            FieldOut {
                key: slot.key.as_deref().unwrap_or(""),
                kind: kind_word(slot.kind),
                // A value that is not copied cannot be asked for.
                required: field.required && field.public,
                filterable: *filterable,
                max_length: (slot.kind == FieldKind::Text && field.role == Role::Text)
                    .then(|| positive(field.column(4)))
                    .flatten(),
                min,
                max,
                label: labels(non_empty(&field.label, slot.key.as_deref().unwrap_or("?"))),
                help: (!field.hint.is_empty()).then(|| labels(&field.hint)),
                choices: slot
                    .choices
                    .iter()
                    .map(|(_, id, label)| ChoiceOut {
                        id,
                        label: labels(non_empty(label, id)),
                    })
                    .collect(),
                default: default.as_deref().map(DoubleQuoted),
            }
        })
        .collect();
    let form_label = if form.label.is_empty() {
        name
    } else {
        &form.label
    };
    let out = FormOut {
        name,
        label: labels(form_label),
        sections: vec![SectionOut {
            id: "fields",
            label: labels(form_label),
            fields: fields_out,
        }],
    };
    let options = serde_saphyr::ser_options! { compact_list_indent: false };
    let body = serde_saphyr::to_string_with_options(&out, options).map_err(|e| e.to_string())?;
    let mut yaml = String::new();
    comment(
        &mut yaml,
        &format!(
            "Imported from YesWiki: Bazar form {} « {} ».",
            form.id, form.label
        ),
    );
    if !form.description.is_empty() {
        comment(&mut yaml, &form.description);
    }
    for field in form.fields.iter().filter(|f| f.kind == "labelhtml") {
        if !field.label.is_empty() {
            comment(
                &mut yaml,
                &format!("Text of the YesWiki form: {}", field.label),
            );
        }
    }
    yaml.push_str(body.strip_prefix("---\n").unwrap_or(&body));
    let parsed = Form::parse(&yaml).map_err(|problems| {
        let list: Vec<String> = problems
            .iter()
            .map(|p| format!("{} {:?}", p.message, p.args))
            .collect();
        format!(
            "form {}: the generated form is refused: {}",
            form.id,
            list.join("; ")
        )
    })?;
    Ok(Conversion {
        yaml,
        form: parsed,
        warnings,
        bazar: form.clone(),
        slots,
    })
}

/// `text`, or `fallback` when it is blank: the form refuses blank labels.
fn non_empty<'t>(text: &'t str, fallback: &'t str) -> &'t str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

fn dropped_what(kind: &str) -> &'static str {
    match kind {
        "mot_de_passe" | "texte" => "a password",
        "utilisateur_wikini" | "yeswiki_user" => {
            "the entry's user account (accounts are imported on their own)"
        }
        "inscriptionliste" => "a mailing-list subscription",
        "acls" => "the entry's permissions (imported from the ACL table)",
        "metadatas" => "the entry's theme",
        "reactions" => "votes",
        _ => "something else",
    }
}

/// A field's default, when it is one the form accepts: the text of a text field, the choice
/// of a list value.
fn default_of(slot: &Slot, field: &BazarField) -> Option<String> {
    let default = field.column(5);
    if default.is_empty() {
        return None;
    }
    match (slot.kind, field.role) {
        (FieldKind::Choice, _) => slot
            .choices
            .iter()
            .find(|(key, _, _)| key == default)
            .map(|(_, id, _)| id.clone()),
        (FieldKind::Text, Role::Text) => {
            let text = clean_inline(default);
            (!text.is_empty()).then_some(text)
        }
        _ => None,
    }
}

fn comment(yaml: &mut String, text: &str) {
    let text = clean_inline(text);
    yaml.push_str("# ");
    yaml.push_str(&text);
    yaml.push('\n');
}

/// Accents removed (NFKD, combining marks dropped); other non-ASCII characters kept.
fn ascii_fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// `snake_case` ASCII: `bf_dateDebut` → `bf_date_debut`.
fn snake(text: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in ascii_fold(text).chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        if c == '_' && collapsed.ends_with('_') {
            continue;
        }
        collapsed.push(c);
    }
    collapsed.trim_matches('_').to_owned()
}

/// The coopwiki key of a Bazar field name (see the module documentation).
fn field_key(name: &str) -> String {
    let bare = name
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("bf_"))
        .map_or(name, |_| &name[3..]);
    let mut key = snake(bare);
    if key.is_empty() {
        key = "field".into();
    }
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) || RESERVED_KEYS.contains(&key.as_str()) {
        key.insert_str(0, "bf_");
    }
    key.truncate(MAX_KEY);
    key.trim_end_matches('_').to_owned()
}

/// The choice id of a list key: `salle-ronde` → `salle_ronde`, `1` → `v1`.
fn choice_id(key: &str) -> String {
    let mut id = snake(key);
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id.insert(0, 'v');
    }
    id.truncate(MAX_KEY);
    id.trim_end_matches('_').to_owned()
}

/// `base`, or `base_2`, `base_3`… when taken; recorded as taken.
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = base.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        let suffix = format!("_{n}");
        let mut stem = base.to_owned();
        stem.truncate(MAX_KEY - suffix.len());
        candidate = format!("{}{suffix}", stem.trim_end_matches('_'));
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// A scalar read as text (`null` as empty); an array of scalars as YesWiki's comma-separated
/// text. `None` for other shapes.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_owned()),
        Value::Null => Some(String::new()),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Array(_) | Value::Object(_) => None,
                other => scalar_text(other),
            })
            .collect::<Option<Vec<_>>>()
            .map(|items| items.join(",")),
        Value::Object(_) => None,
    }
}

fn entry_object(json_body: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(json_body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("the entry is not a JSON object".into()),
        Err(e) => Err(format!("the entry is not JSON: {e}")),
    }
}

/// Comma-separated values, trimmed, empty ones left out.
fn split_values(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A sheet being assembled: its values, and what goes to its body.
struct Draft<'a> {
    site: &'a Site<'a>,
    page: String,
    front: FrontMatter,
    /// Label and readable text of each value in `front`, to move to the body if refused.
    readable: HashMap<String, (String, String)>,
    /// The body's own text, in order: `(heading, text)`.
    main: Vec<(Option<String>, String)>,
    /// Values kept in the body, under their label.
    others: Vec<(String, String)>,
    warnings: Vec<String>,
}

impl<'a> Draft<'a> {
    fn new(site: &'a Site<'a>, page: &str, form_name: &str) -> Result<Draft<'a>, String> {
        let page = PageName::parse(page)
            .map_err(|e| format!("{page:?} is not a page name: {e}"))?
            .as_str()
            .to_owned();
        let mut front = FrontMatter::new();
        front.insert("form".into(), Value::String(form_name.to_owned()));
        front.insert("page".into(), Value::String(page.clone()));
        front.insert("lang".into(), Value::String(site.lang.code().to_owned()));
        front.insert("translation".into(), Value::String(String::new()));
        Ok(Draft {
            site,
            page,
            front,
            readable: HashMap::new(),
            main: Vec::new(),
            others: Vec::new(),
            warnings: Vec::new(),
        })
    }

    fn set(&mut self, key: &str, value: Value, label: &str, readable: String) {
        self.front.insert(key.to_owned(), value);
        self.readable
            .insert(key.to_owned(), (label.to_owned(), readable));
    }

    fn other(&mut self, label: &str, text: String) {
        if !text.trim().is_empty() {
            self.others.push((label.to_owned(), text));
        }
    }

    fn warn(&mut self, text: String) {
        self.warnings.push(format!("{}: {text}", self.page));
    }

    /// Keeps the title in the body when the page was named otherwise.
    fn title(&mut self, field: &BazarField, title: &str) {
        let title = clean_inline(title);
        if !title.is_empty() && proposed_page_name(&title).as_deref() != Some(self.page.as_str()) {
            self.other(&field.label, title);
        }
    }

    /// A file of the entry, as the name of its attachment; `None` (and the stored name in
    /// the body, with a warning) when it was not imported.
    fn file(&mut self, field: &BazarField, stored: &str) -> Option<String> {
        match (self.site.files)(stored) {
            Some(attachment) => Some(attachment),
            None => {
                self.warn(format!(
                    "the file {stored:?} of {:?} was not imported; its name is kept in the body",
                    field.name
                ));
                self.other(&field.label, stored.to_owned());
                None
            }
        }
    }

    /// A `textelong` value as Markdown, without the control characters a page may not hold,
    /// whatever the converter let through.
    fn markdown(&self, text: &str, syntax: TextSyntax) -> String {
        clean_text(&(self.site.markup)(&clean_text(text), syntax))
    }

    /// Entry tags → page names.
    fn pages(&self, tags: &[String]) -> Vec<String> {
        tags.iter()
            .map(|tag| (self.site.pages)(tag).unwrap_or_else(|| tag.clone()))
            .collect()
    }

    /// Checks the sheet, moves every refused value to the body, and writes the text.
    fn finish(mut self, form: &Form) -> Result<(String, Vec<String>), String> {
        let mut sheet = Sheet {
            front: self.front.clone(),
            body: String::new(),
        };
        let mut checked = fields::check(Some(form), &sheet);
        for _ in 0..4 {
            let refused: Vec<fields::FieldError> = checked
                .errors
                .iter()
                .filter(|e| e.message != "field-required" && sheet.front.contains_key(&e.field))
                .filter(|e| form.field(&e.field).is_some())
                .cloned()
                .collect();
            if refused.is_empty() {
                break;
            }
            for error in refused {
                sheet.front.shift_remove(&error.field);
                let (label, text) = self
                    .readable
                    .remove(&error.field)
                    .unwrap_or_else(|| (error.field.clone(), String::new()));
                self.warn(format!(
                    "{label:?} refused by the form ({}): kept in the body",
                    error.localise(Lang::EN)
                ));
                self.other(&label, text);
            }
            checked = fields::check(Some(form), &sheet);
        }
        for error in &checked.errors {
            if error.message == "field-required" {
                let label = form
                    .field(&error.field)
                    .map_or(error.field.as_str(), |f| f.label.get(self.site.lang));
                self.warnings.push(format!(
                    "{}: the required field {label:?} ({}) is empty: the sheet is saved incomplete",
                    self.page, error.field
                ));
            } else {
                return Err(format!(
                    "{}: {} refused ({})",
                    self.page,
                    error.field,
                    error.localise(Lang::EN)
                ));
            }
        }
        let body = self.body();
        let sheet = editor::compose(form, &self.page, &sheet.front, &checked, None, &body);
        let text = sheet.to_text(Some(form))?;
        match sheet::parse(&text) {
            Some(Ok(again))
                if fields::check(Some(form), &again)
                    .errors
                    .iter()
                    .all(|e| e.message == "field-required") => {}
            _ => {
                return Err(format!(
                    "{}: the sheet written does not read back",
                    self.page
                ));
            }
        }
        Ok((text, self.warnings))
    }

    fn body(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (heading, text) in &self.main {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match heading {
                Some(heading) if !parts.is_empty() => {
                    parts.push(format!("## {}\n\n{text}", escape_markdown(heading)));
                }
                _ => parts.push(text.to_owned()),
            }
        }
        if !self.others.is_empty() {
            let (heading, colon) = if self.site.lang == Lang::FR {
                ("Autres valeurs de la fiche YesWiki", " :")
            } else {
                ("Other values of the YesWiki entry", ":")
            };
            parts.push(format!("## {heading}"));
            for (label, text) in &self.others {
                let label = escape_markdown(label);
                let text = text.trim();
                if text.contains('\n') {
                    parts.push(format!("**{label}**{colon}\n\n{text}"));
                } else {
                    parts.push(format!("**{label}**{colon} {text}"));
                }
            }
        }
        let mut body = parts.join("\n\n");
        if !body.is_empty() {
            body.push('\n');
        }
        body
    }
}

/// The values of an entry, field by field, as the import reads them.
struct Entry {
    object: Map<String, Value>,
}

impl Entry {
    fn parse(json_body: &str) -> Result<Entry, String> {
        entry_object(json_body).map(|object| Entry { object })
    }

    /// The field's value as text (`Err`: not a text, its JSON). The value of a map is
    /// `latitude, longitude`.
    fn text(&self, field: &BazarField) -> Result<String, String> {
        if field.role == Role::Geolocation {
            let (lat_key, lon_key) = field.coordinates_keys();
            let from = |object: &Map<String, Value>| {
                let lat = object
                    .get(lat_key)
                    .and_then(scalar_text)
                    .unwrap_or_default();
                let lon = object
                    .get(lon_key)
                    .and_then(scalar_text)
                    .unwrap_or_default();
                let (lat, lon) = (lat.trim().to_owned(), lon.trim().to_owned());
                (!lat.is_empty() && !lon.is_empty()).then(|| format!("{lat}, {lon}"))
            };
            let nested = match self.object.get("geolocation") {
                Some(Value::Object(object)) => from(object),
                _ => None,
            };
            return Ok(nested.or_else(|| from(&self.object)).unwrap_or_default());
        }
        match self.object.get(&field.entry_key) {
            None => Ok(String::new()),
            Some(value) => scalar_text(value)
                .map(|t| clean_text(&t))
                .ok_or_else(|| value.to_string()),
        }
    }

    /// Keys that are no field's and not YesWiki's own, with a value.
    fn leftovers<'e>(&'e self, form: &BazarForm) -> Vec<(&'e str, String)> {
        let mut known: HashSet<&str> = ENTRY_METADATA.iter().copied().collect();
        known.insert("bf_titre");
        for field in &form.fields {
            known.insert(&field.entry_key);
            if field.role == Role::Geolocation {
                let (lat, lon) = field.coordinates_keys();
                known.insert(lat);
                known.insert(lon);
            }
        }
        self.object
            .iter()
            .filter(|(key, _)| !known.contains(key.as_str()))
            .filter_map(|(key, value)| {
                let text = scalar_text(value).unwrap_or_else(|| value.to_string());
                let text = clean_text(&text);
                (!text.trim().is_empty()).then_some((key.as_str(), text))
            })
            .collect()
    }
}

/// Reads the entry's id and leftovers into the draft; the parts both kinds of sheet share.
fn begin(draft: &mut Draft<'_>, form: &BazarForm, entry: &Entry) {
    if let Some(id) = entry.object.get("id_typeannonce").and_then(scalar_text)
        && id.trim() != form.id
    {
        draft.warn(format!(
            "the entry belongs to form {:?}, not to form {:?}",
            id.trim(),
            form.id
        ));
    }
}

fn end(draft: &mut Draft<'_>, form: &BazarForm, entry: &Entry) {
    for (key, text) in entry.leftovers(form) {
        draft.warn(format!(
            "{key:?} is no field of form {}: its value is kept in the body",
            form.id
        ));
        draft.other(key, text);
    }
}

/// One entry revision (its JSON body) as the text of a sheet of the converted form, on the
/// page `page` (a valid page name, the sheet's title: see [`proposed_page_name`]). Linked
/// entries become links to their pages ([`Site::pages`]); images and files point to the
/// page's attachments ([`Site::files`]). Values the form refuses go to the body, with a
/// warning (see the module documentation). `Err` for a body that is not a JSON object or a
/// page that is not a page name.
pub fn sheet_text(
    conversion: &Conversion,
    page: &str,
    json_body: &str,
    site: &Site<'_>,
) -> Result<(String, Vec<String>), String> {
    let entry = Entry::parse(json_body)?;
    let bazar = &conversion.bazar;
    let mut draft = Draft::new(site, page, &conversion.form.name)?;
    begin(&mut draft, bazar, &entry);
    let title = entry
        .object
        .get("bf_titre")
        .and_then(scalar_text)
        .unwrap_or_default();
    for (field, slot) in bazar.fields.iter().zip(&conversion.slots) {
        if field.role == Role::Title {
            draft.title(field, &title);
            continue;
        }
        let Some(key) = &slot.key else {
            continue;
        };
        let text = match entry.text(field) {
            Ok(text) => text,
            Err(json) => {
                draft.warn(format!("{:?} is not a text: kept in the body", field.name));
                draft.other(&field.label, json);
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        if !field.public {
            continue;
        }
        put(&mut draft, field, slot, key, &text, &title);
    }
    end(&mut draft, bazar, &entry);
    draft.finish(&conversion.form)
}

/// One value of the generic conversion into the draft.
fn put(draft: &mut Draft<'_>, field: &BazarField, slot: &Slot, key: &str, text: &str, title: &str) {
    let label = field.label.as_str();
    let one = text.trim().to_owned();
    match (slot.kind, field.role) {
        (FieldKind::Choice | FieldKind::Choices, _) => {
            let mut ids = Vec::new();
            let mut names = Vec::new();
            let mut unknown = Vec::new();
            for value in split_values(text) {
                match slot.choices.iter().find(|(k, _, _)| *k == value) {
                    Some((_, id, label)) if !ids.contains(id) => {
                        ids.push(id.clone());
                        names.push(label.clone());
                    }
                    Some(_) => {}
                    None => unknown.push(value),
                }
            }
            if !unknown.is_empty() {
                draft.warn(format!(
                    "{:?}: {} not in list {}: kept in the body",
                    field.name,
                    unknown.join(", "),
                    field.list.as_deref().unwrap_or("")
                ));
                draft.other(label, unknown.join(", "));
            }
            if slot.kind == FieldKind::Choice && ids.len() > 1 {
                let rest = names.split_off(1);
                ids.truncate(1);
                draft.warn(format!(
                    "{:?}: one value only, the others kept in the body",
                    field.name
                ));
                draft.other(label, rest.join(", "));
            }
            let readable = names.join(", ");
            match (slot.kind, ids.first()) {
                (_, None) => {}
                (FieldKind::Choice, Some(id)) => {
                    draft.set(key, Value::String(id.clone()), label, readable);
                }
                _ => draft.set(
                    key,
                    Value::Array(ids.into_iter().map(Value::String).collect()),
                    label,
                    readable,
                ),
            }
        }
        (_, Role::LongText(syntax)) => {
            let markdown = draft.markdown(text, syntax);
            draft.set(key, Value::String(markdown.clone()), label, markdown);
        }
        (_, Role::Url) if one == "http://" || one == "https://" => {}
        (_, Role::Tags) => {
            let tags = split_values(text);
            let readable = tags.join(", ");
            draft.set(
                key,
                Value::Array(tags.into_iter().map(Value::String).collect()),
                label,
                readable,
            );
        }
        (_, Role::EntryLink | Role::EntryLinks) => {
            let pages = draft.pages(&split_values(text));
            let readable = pages
                .iter()
                .map(|p| format!("[[{p}]]"))
                .collect::<Vec<_>>()
                .join(", ");
            let value = if field.role == Role::EntryLink {
                if pages.len() > 1 {
                    draft.warn(format!(
                        "{:?}: one entry only, the others kept in the body",
                        field.name
                    ));
                    draft.other(label, pages[1..].join(", "));
                }
                pages.first().cloned().map(Value::String)
            } else {
                Some(Value::Array(pages.into_iter().map(Value::String).collect()))
            };
            if let Some(value) = value {
                draft.set(key, value, label, readable);
            }
        }
        (_, Role::Image) => {
            if let Some(attachment) = draft.file(field, &one) {
                let alt = if title.trim().is_empty() {
                    label.to_owned()
                } else {
                    clean_inline(title)
                };
                let src = attachment_src(&draft.page, &attachment);
                let readable = attachment_link(&alt, &attachment, true);
                draft.set(
                    key,
                    serde_json::json!({"src": src, "alt": alt}),
                    label,
                    readable,
                );
            }
        }
        (_, Role::File) => {
            if let Some(attachment) = draft.file(field, &one) {
                let link = attachment_link(&attachment, &attachment, false);
                draft.set(key, Value::String(link.clone()), label, link);
            }
        }
        _ => draft.set(key, Value::String(one.clone()), label, one),
    }
}
