//! The catalogue's two kinds of page (see `crate::kind`): a form (`Form.{name}`, the YAML
//! that defines a catalogue) and a method sheet (YAML front matter naming its form, then
//! Markdown). The sheet kind also keeps the catalogue's rows (`sheets`) derived from every
//! page's latest text, forms included.

use actix_web::{HttpRequest, HttpResponse};
use async_trait::async_trait;
use diesel::result::{Error as DieselError, QueryResult};
use diesel_async::AsyncPgConnection;
use futures_util::future::LocalBoxFuture;
use serde_json::Value;
use uuid::Uuid;

use crate::catalogue::form::{self, Field, FieldKind, Form};
use crate::catalogue::merge::merge_sheet_texts;
use crate::catalogue::sheet::{self, Sheet};
use crate::catalogue::{fields, queries, render, routes, views};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::kind::{Brief, Kind, Naming, Shown, Step};
use crate::merge::TextMerge;
use crate::model::Revision;
use crate::names::PageName;

/// A page named `Form.{name}`: its text defines the form of a catalogue.
pub struct FormKind;

#[async_trait]
impl Kind for FormKind {
    fn name(&self) -> &'static str {
        "form"
    }

    fn claims(&self, name: &str, _body: &str) -> bool {
        form::form_of_page(name).is_some()
    }

    fn reserved_for_admins(&self, name: &str) -> bool {
        form::form_of_page(name).is_some()
    }

    async fn content(
        &self,
        _conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
    ) -> Result<Option<String>, AppError> {
        Ok(Form::parse(&shown.revision.body)
            .ok()
            .map(|form| views::form_page(shown.lang, &form).into_string()))
    }

    async fn problems(
        &self,
        _conn: &mut AsyncPgConnection,
        name: &PageName,
        body: &str,
        lang: Lang,
    ) -> Result<Vec<(String, String)>, AppError> {
        Ok(routes::form_problems(name, body, lang))
    }
}

/// A method sheet (or a sheet of any other form): front matter naming its form, then Markdown.
pub struct SheetKind;

#[async_trait]
impl Kind for SheetKind {
    fn name(&self) -> &'static str {
        "sheet"
    }

    fn claims(&self, _name: &str, body: &str) -> bool {
        sheet::looks_like_sheet(body)
    }

    /// The typed editor of a new sheet, filled with this one's values.
    fn copy_href(&self, name: &str) -> Option<String> {
        Some(routes::new_sheet_from(name))
    }

    /// The sheet laid out under its form; `None` (shown as text) when its form is missing.
    async fn content(
        &self,
        conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
    ) -> Result<Option<String>, AppError> {
        render::sheet_content(conn, shown).await
    }

    fn editor<'a>(
        &'a self,
        req: &'a HttpRequest,
        conn: &'a mut AsyncPgConnection,
        name: &'a str,
        body: &'a str,
        base: i32,
    ) -> LocalBoxFuture<'a, Result<Option<HttpResponse>, AppError>> {
        Box::pin(async move {
            let ctx = Ctx::of(req).await?;
            routes::typed_editor(&ctx, req, conn, name, body, base).await
        })
    }

    async fn problems(
        &self,
        conn: &mut AsyncPgConnection,
        _name: &PageName,
        body: &str,
        lang: Lang,
    ) -> Result<Vec<(String, String)>, AppError> {
        routes::sheet_problems(conn, body, lang).await
    }

    /// Field by field under the sheet's form (`catalogue::merge`), so that two people changing
    /// different fields never conflict.
    async fn merge(
        &self,
        conn: &mut AsyncPgConnection,
        base: &str,
        ours: &str,
        theirs: &str,
    ) -> QueryResult<Option<TextMerge>> {
        let form = queries::form_of_sheet(conn, ours).await?;
        let (base, ours, theirs) = (base.to_owned(), ours.to_owned(), theirs.to_owned());
        tokio::task::spawn_blocking(move || merge_sheet_texts(form.as_ref(), &base, &ours, &theirs))
            .await
            .map_err(|err| {
                DieselError::QueryBuilderError(format!("merge task failed: {err}").into())
            })
    }

    /// Field by field, with the form's labels and readable values (`per: person`,
    /// `[generate_ideas, plan]` said as people say them), then the notes' lines.
    async fn changes(
        &self,
        conn: &mut AsyncPgConnection,
        lang: Lang,
        old: &str,
        new: &str,
    ) -> Result<Option<maud::Markup>, AppError> {
        let (Some(Ok(old)), Some(Ok(new))) = (sheet::parse(old), sheet::parse(new)) else {
            return Ok(None);
        };
        let Some(form) = queries::load_form(conn, new.form_name()).await? else {
            return Ok(None);
        };
        Ok(Some(crate::catalogue::views::sheet_changes(
            lang, &form, &old, &new,
        )))
    }

    async fn brief(
        &self,
        conn: &mut AsyncPgConnection,
        lang: Lang,
        revision: &Revision,
    ) -> Result<Option<Brief>, AppError> {
        let Some(Ok(sheet)) = sheet::parse(&revision.body) else {
            return Ok(None);
        };
        let Some(form) = queries::load_form(conn, sheet.form_name()).await? else {
            return Ok(None);
        };
        Ok(Some(brief(lang, &form, &sheet)))
    }

    async fn after_save(
        &self,
        conn: &mut AsyncPgConnection,
        page_id: Uuid,
        name: &str,
        body: &str,
        previous: &str,
    ) -> QueryResult<()> {
        queries::after_save(conn, page_id, name, body, previous).await
    }

    async fn forget(&self, conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<()> {
        queries::forget(conn, page_id).await
    }

    async fn after_naming(
        &self,
        conn: &mut AsyncPgConnection,
        page_id: Uuid,
        name: &PageName,
        how: Naming,
    ) -> QueryResult<()> {
        match how {
            // A new page's row was written with its name by `after_save`.
            Naming::Created => Ok(()),
            Naming::Renamed => queries::after_rename(conn, page_id, name.as_str()).await,
        }
    }
}

/// Fields of the Method form shown on the front of a card and in an embed, in this order.
const BRIEF_FACTS: [&str; 3] = ["group_size", "duration", "purposes"];

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
pub fn brief(lang: Lang, form: &Form, sheet: &Sheet) -> Brief {
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
    Brief {
        hook: text("hook"),
        summary: text("summary"),
        facts,
        steps,
        content_lang: Lang::all()
            .iter()
            .copied()
            .find(|l| l.code() == sheet.text_of("lang"))
            .map_or("", Lang::code)
            .to_owned(),
    }
}
