//! Linking to the wiki from elsewhere: QR codes (`qr.rs`), printable pages and A6 method
//! cards, embed cards for iframes on other sites, and oEmbed (`oembed.rs`), served by
//! `routes.rs` and laid out by `views.rs`.
//!
//! Embeds and oEmbed describe pages to other sites, so they are evaluated as an anonymous
//! visitor ([`anonymous`]) whoever asks: a page that needs signing in is missing there, even
//! for a signed-in visitor. QR codes and prints are for the visitor themselves and follow their
//! session like the page view.

pub mod oembed;
pub mod qr;
pub mod routes;
pub mod views;

use diesel_async::AsyncPgConnection;
use serde_json::Value;

use crate::accounts::Viewer;
use crate::catalogue::fields;
use crate::catalogue::form::{Field, FieldKind, Form};
use crate::catalogue::sheet::Sheet;
use crate::config::Settings;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::queries::{Page, Revision};
use crate::pages::render::{latest_html, render_text};
use crate::permissions::Access;

/// Nobody signed in.
static NOBODY: Viewer = Viewer {
    user: None,
    session: None,
};

/// The rights of a visitor who is not signed in, whatever the request's cookies say.
pub fn anonymous(settings: &Settings) -> Access<'_> {
    Access {
        settings,
        viewer: &NOBODY,
        here: "/",
    }
}

/// Fields of the Method form shown on the front of a card and in an embed, in this order.
const BRIEF_FACTS: [&str; 3] = ["group_size", "duration", "purposes"];

/// A method sheet in brief: what a card or an embed shows.
#[derive(Debug, Clone, Default)]
pub struct MethodBrief {
    pub hook: String,
    pub summary: String,
    /// `(label, value)` in the visitor's language.
    pub facts: Vec<(String, String)>,
    pub steps: Vec<Step>,
    /// The sheet's own language code (`""` when unknown), for the `lang` attribute.
    pub content_lang: String,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub title: String,
    pub text: String,
    pub minutes: Option<i64>,
}

fn fact(lang: Lang, field: &Field, value: &Value) -> Option<String> {
    match field.kind {
        FieldKind::IntRange | FieldKind::DurationRange => {
            let (min, max) = (value["min"].as_i64()?, value["max"].as_i64()?);
            let span = if min == max {
                min.to_string()
            } else {
                format!("{min}–{max}")
            };
            let id = match field.kind {
                FieldKind::DurationRange => "sheet-minutes",
                _ => "sheet-people",
            };
            Some(lang.t_with(id, &[("n", &span)]))
        }
        FieldKind::Choice | FieldKind::Choices => {
            let ids: Vec<&str> = match value {
                Value::String(id) => vec![id.as_str()],
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let labels: Vec<&str> = ids
                .into_iter()
                .map(|id| field.choice(id).map_or(id, |c| c.label.get(lang)))
                .collect();
            (!labels.is_empty()).then(|| labels.join(", "))
        }
        _ => value.as_str().map(str::to_owned),
    }
}

/// The brief of a sheet under its form: only valid values (see `catalogue::fields::check`),
/// labels in `lang`.
pub fn brief(lang: Lang, form: &Form, sheet: &Sheet) -> MethodBrief {
    let values = fields::check(Some(form), sheet).values;
    let text = |key: &str| {
        values
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let facts = BRIEF_FACTS
        .iter()
        .filter_map(|key| {
            let field = form.field(key)?;
            let value = fact(lang, field, values.get(*key)?)?;
            Some((field.label.get(lang).to_owned(), value))
        })
        .collect();
    let steps = form
        .fields()
        .filter(|field| field.kind == FieldKind::Steps)
        .filter_map(|field| values.get(&field.key)?.as_array())
        .flatten()
        .map(|step| Step {
            title: step["title"].as_str().unwrap_or("").to_owned(),
            text: step["text"].as_str().unwrap_or("").to_owned(),
            minutes: step["duration"].as_i64(),
        })
        .collect();
    MethodBrief {
        hook: text("hook"),
        summary: text("summary"),
        facts,
        steps,
        content_lang: Lang::ALL
            .into_iter()
            .find(|l| l.code() == sheet.text_of("lang"))
            .map_or("", Lang::code)
            .to_owned(),
    }
}

/// The HTML of a revision as its page view shows it to `access`: a sheet or a form laid out
/// with labels in `lang`, any other page rendered (from the cache for the latest revision).
pub async fn revision_html(
    lang: Lang,
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: &Page,
    revision: &Revision,
) -> Result<String, AppError> {
    let special =
        crate::catalogue::render::special_content(lang, conn, access, page, revision).await?;
    Ok(match special {
        Some(html) => html,
        None if revision.number == page.latest_rev => latest_html(conn, access, page).await?,
        None => render_text(conn, access, Some(&page.name), revision.body.clone()).await?,
    })
}
