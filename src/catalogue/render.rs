//! A sheet's page: its fields laid out by its form, in the visitor's language, around the
//! rendered Markdown of its long texts and body.
//!
//! The page HTML cache (`pages.rendered_html`, one per page, guarded by `render_generation`)
//! holds, for a sheet, a JSON map of those rendered Markdown pieces and no label: labels and
//! the layout depend on the visitor's language and are built at each view, which costs a YAML
//! parse and no Markdown rendering. Related methods and translations are looked up at each
//! view too, since they change when other sheets do.

use std::collections::HashMap;

use diesel_async::AsyncPgConnection;
use maud::Markup;
use serde_json::Value;

use crate::access::Access;
use crate::catalogue::fields;
use crate::catalogue::form::{FieldKind, Form};
use crate::catalogue::queries;
use crate::catalogue::sheet::{self, Sheet};
use crate::catalogue::views;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::kind::Shown;
use crate::model::Page;
use crate::pages::queries as page_queries;
use crate::pages::render::render_markdown;

/// The rendered Markdown pieces of a sheet for this visitor: long-text fields by key, the body
/// under `""`; and whether they may be cached for every visitor (see `render_markdown`).
async fn render_pieces(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: Option<&str>,
    form: &Form,
    values: &indexmap::IndexMap<String, Value>,
    body: &str,
) -> Result<(HashMap<String, String>, bool), AppError> {
    let mut texts: Vec<(String, String)> = form
        .fields()
        .filter(|f| f.kind == FieldKind::Markdown)
        .filter_map(|field| match values.get(&field.key) {
            Some(Value::String(text)) => Some((field.key.clone(), text.clone())),
            _ => None,
        })
        .collect();
    if !body.trim().is_empty() {
        texts.push((String::new(), body.to_owned()));
    }
    let mut pieces = HashMap::new();
    let mut cacheable = true;
    for (key, text) in texts {
        let rendering = render_markdown(conn, access, page, key.clone(), text).await?;
        cacheable &= rendering.cacheable;
        pieces.insert(key, rendering.html);
    }
    Ok((pieces, cacheable))
}

/// A sheet's layout. `cache`: the page whose latest revision this is; its rendered pieces are
/// kept in the page's HTML cache, as JSON. The cache holds no label: labels follow the
/// visitor's language and are laid out around the pieces at each view.
pub async fn sheet_markup(
    lang: Lang,
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    form: &Form,
    sheet: &Sheet,
    cache: Option<&Page>,
) -> Result<Markup, AppError> {
    let checked = fields::check(Some(form), sheet);
    let page = cache.map(|page| page.name.as_str());
    let cached: Option<HashMap<String, String>> = cache
        .and_then(Page::cached_html)
        .and_then(|json| serde_json::from_str(json).ok());
    let pieces = match cached {
        Some(pieces) => pieces,
        None => {
            let (pieces, cacheable) =
                render_pieces(conn, access, page, form, &checked.values, &sheet.body).await?;
            if let Some(page) = cache.filter(|_| cacheable) {
                let json = serde_json::to_string(&pieces)
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                page_queries::store_rendered(conn, page.id, page.render_generation, &json).await?;
            }
            pieces
        }
    };
    let own_slug = sheet.text_of("translation").to_owned();
    let content_lang = Lang::all()
        .iter()
        .copied()
        .find(|l| l.code() == sheet.text_of("lang"))
        .map_or("", Lang::code)
        .to_owned();
    let relation_fields: Vec<&str> = form
        .fields()
        .filter(|f| f.kind == FieldKind::Relations)
        .map(|f| f.key.as_str())
        .collect();
    let relations: Vec<(String, String)> = relation_fields
        .iter()
        .filter_map(|key| checked.values.get(*key))
        .filter_map(Value::as_array)
        .flatten()
        .map(|r| {
            (
                r["kind"].as_str().unwrap_or("").to_owned(),
                r["method"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut slugs: Vec<String> = relations.iter().map(|(_, slug)| slug.clone()).collect();
    if !own_slug.is_empty() {
        slugs.push(own_slug.clone());
    }
    let found = queries::by_slugs(conn, &access.read_filter(), &slugs).await?;
    let in_lang = |slug: &str, lang_code: &str| {
        found
            .iter()
            .find(|p| p.translation == slug && p.lang == lang_code)
            .map(|p| p.name.as_str())
    };
    let related = relations
        .iter()
        .map(|(kind, slug)| views::Related {
            kind,
            slug,
            page: in_lang(slug, &content_lang),
        })
        .collect();
    let translations = if own_slug.is_empty() {
        Vec::new()
    } else {
        Lang::all()
            .iter()
            .copied()
            .filter(|other| other.code() != content_lang)
            .filter_map(|other| in_lang(&own_slug, other.code()).map(|name| (other, name)))
            .collect()
    };
    let problems = checked.errors.iter().map(|e| e.localise(lang)).collect();
    let view = views::SheetView {
        form,
        values: &checked.values,
        pieces: &pieces,
        related,
        translations,
        content_lang: &content_lang,
        problems,
    };
    Ok(views::sheet(lang, &view))
}

/// The HTML of a revision that is a sheet, laid out under its form; `None` when its form is
/// missing (it then shows as its text). The latest revision's Markdown pieces come from the
/// page's cache.
pub async fn sheet_content(
    conn: &mut AsyncPgConnection,
    shown: &Shown<'_>,
) -> Result<Option<String>, AppError> {
    let Some(Ok(sheet)) = sheet::parse(&shown.revision.body) else {
        return Ok(None);
    };
    let Some(form) = queries::load_form(conn, sheet.form_name()).await? else {
        return Ok(None);
    };
    let page = shown.page;
    let cache = (shown.revision.number == page.latest_rev).then_some(page);
    Ok(Some(
        sheet_markup(shown.lang, conn, shown.access, &form, &sheet, cache)
            .await?
            .into_string(),
    ))
}
