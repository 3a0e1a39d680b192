//! Importing sheets: every record is checked against its form and compared with the page it
//! would create or update (the dry run, [`plan`]); the import itself then writes all the
//! planned saves in one transaction (`queries::save_all`), or nothing.

use std::collections::{HashMap, HashSet};

use diesel_async::AsyncPgConnection;
use serde_json::Value;

use crate::access::Access;
use crate::catalogue::editor;
use crate::catalogue::exchange::Record;
use crate::catalogue::fields;
use crate::catalogue::form::{Form, METHOD_FORM};
use crate::catalogue::queries;
use crate::catalogue::sheet::{self, Sheet};
use crate::catalogue::views::ReportRow;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::kind::Kinds;
use crate::names::PageName;
use crate::pages::queries::{self as page_queries, Found};
use crate::pages::save::Writer;

/// One record of an import, checked, with the text it would save.
pub struct Planned {
    pub row: ReportRow,
    /// The page and the text to save (`None`: refused, or unchanged).
    pub save: Option<(PageName, String)>,
}

/// Checks every record (the dry run): what would be created, updated or left, and why a
/// record is refused. A record is refused as the import would refuse it: a page the visitor
/// may not read is "not available" (never named, compared or counted as updated), one they may
/// not write or create is refused with the reason the import would give.
pub async fn plan(
    conn: &mut AsyncPgConnection,
    (kinds, access): (&Kinds, &Access<'_>),
    records: Vec<Record>,
    lang: Lang,
    max_bytes: usize,
) -> Result<Vec<Planned>, AppError> {
    let mut forms: HashMap<String, Option<Form>> = HashMap::new();
    let mut seen = HashSet::new();
    let mut planned = Vec::new();
    for mut record in records {
        let page = record
            .front
            .get("page")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let mut row = ReportRow {
            row: record.row,
            page: page.clone(),
            outcome: "rejected",
            reasons: Vec::new(),
        };
        let reject = |mut row: ReportRow, reason: String| {
            row.reasons.push(reason);
            Planned { row, save: None }
        };
        let Ok(name) = PageName::parse(&page) else {
            planned.push(reject(row, lang.t("import-bad-page")));
            continue;
        };
        if !seen.insert(name.key().to_owned()) {
            planned.push(reject(row, lang.t("import-duplicate")));
            continue;
        }
        let form_name = match record.front.get("form") {
            Some(Value::String(f)) => f.clone(),
            _ => METHOD_FORM.to_owned(),
        };
        record
            .front
            .insert("form".into(), Value::String(form_name.clone()));
        if !forms.contains_key(&form_name) {
            let loaded = queries::load_form(conn, &form_name).await?;
            forms.insert(form_name.clone(), loaded);
        }
        let Some(form) = forms.get(&form_name).and_then(Option::as_ref) else {
            planned.push(reject(
                row,
                lang.t_with("field-unknown-form", &[("form", &form_name)]),
            ));
            continue;
        };
        let raw = Sheet {
            front: record.front.clone(),
            body: record.body.clone(),
        };
        let checked = fields::check(Some(form), &raw);
        if !checked.errors.is_empty() {
            row.reasons = checked
                .errors
                .iter()
                .map(|e| {
                    let label = form
                        .field(&e.field)
                        .map_or(e.field.as_str(), |f| f.label.get(lang));
                    lang.t_with(
                        "label-value",
                        &[("label", label), ("value", &e.localise(lang))],
                    )
                })
                .collect();
            planned.push(Planned { row, save: None });
            continue;
        }
        let existing = match page_queries::find(conn, &name).await? {
            Some(Found::Current(page) | Found::FormerName(page)) => Some(page),
            None => None,
        };
        match Writer::Visitor(access).check(kinds, &name, existing.as_ref()) {
            Ok(()) => {}
            Err(AppError::NameUnavailable { .. }) => {
                let why = lang.t_with("error-name-unavailable", &[("wanted", name.as_str())]);
                planned.push(reject(row, why));
                continue;
            }
            Err(AppError::Forbidden(why)) => {
                planned.push(reject(row, lang.t(why)));
                continue;
            }
            Err(other) => return Err(other),
        }
        let target = match &existing {
            Some(page) => PageName::parse(&page.name)?,
            None => name,
        };
        let sheet = editor::compose(
            form,
            target.as_str(),
            &record.front,
            &checked,
            Some(&record.front),
            &record.body,
        );
        let text = sheet.to_text(Some(form)).map_err(AppError::Internal)?;
        if text.len() > max_bytes {
            planned.push(reject(row, lang.t("import-too-large")));
            continue;
        }
        row.page = target.as_str().to_owned();
        let unchanged = match &existing {
            Some(page) if page.deleted_at.is_none() => {
                let current = page_queries::latest_body(conn, page).await?;
                matches!(sheet::parse(&current), Some(Ok(now)) if fields::same_content(form, &now, &sheet))
            }
            _ => false,
        };
        row.outcome = match (&existing, unchanged) {
            (None, _) => "created",
            (Some(_), true) => "unchanged",
            (Some(_), false) => "updated",
        };
        let save = (row.outcome != "unchanged").then_some((target, text));
        planned.push(Planned { row, save });
    }
    Ok(planned)
}
