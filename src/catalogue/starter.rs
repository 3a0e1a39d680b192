//! The shipped content: the `Method` form (`catalogue/forms/method.yaml`) and the starter
//! catalogue of method sheets (`catalogue/methods/{en,fr}/*.md`), compiled into the binary.
//!
//! The form page is created at every start when it never existed, like the default pages: the
//! catalogue needs it. The sheets are installed only on the first start of an empty wiki (no
//! page but the default ones), unless the operator turned that off, so a wiki whose editors
//! deleted or renamed starter sheets never gets them back behind their back.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use rust_embed::RustEmbed;

use crate::catalogue::form::{METHOD_FORM, form_page_name};
use crate::catalogue::queries;
use crate::catalogue::sheet;
use crate::error::AppError;
use crate::identity::Author;
use crate::kind::Kinds;
use crate::names::PageName;
use crate::pages::queries as page_queries;
use crate::pages::render::outgoing_links;
use crate::pages::save::{Base, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer, save};

/// The shipped definition of the `Method` form.
pub const METHOD_FORM_YAML: &str = include_str!("../../catalogue/forms/method.yaml");

const AUTHOR: &str = "coopwiki";

#[derive(RustEmbed)]
#[folder = "catalogue/methods/"]
struct Methods;

/// One sheet file of the starter catalogue.
pub struct SheetFile {
    /// `en/world-cafe.md`.
    pub path: String,
    pub text: String,
}

/// Every starter sheet, English first, each language in slug order.
pub fn sheet_files() -> Vec<SheetFile> {
    let mut files: Vec<SheetFile> = Methods::iter()
        .filter(|path| path.ends_with(".md"))
        .filter_map(|path| {
            let file = Methods::get(&path)?;
            let text = String::from_utf8(file.data.into_owned()).ok()?;
            Some(SheetFile {
                path: path.to_string(),
                text,
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

async fn create(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    name: &PageName,
    body: &str,
    summary: &str,
) -> Result<(), AppError> {
    let revision = NewRevision {
        body: body.to_owned(),
        summary: summary.to_owned(),
        author: Author {
            id: None,
            name: AUTHOR.to_owned(),
        },
        restored_from: None,
        submission_id: None,
        links: outgoing_links(body),
        on_stale: OnStale::Refuse,
        undelete: false,
        at: None,
    };
    let request = SaveRequest {
        name: name.clone(),
        base: Base::New,
        revision,
    };
    match save(conn, kinds, &request, Writer::Wiki).await? {
        SaveOutcome::Saved { .. } | SaveOutcome::Unchanged { .. } => Ok(()),
        SaveOutcome::Refused(refusal) => Err(refusal),
        SaveOutcome::NameTaken { existing }
        | SaveOutcome::Stale { name: existing, .. }
        | SaveOutcome::Deleted { name: existing, .. } => Err(AppError::NameTaken {
            wanted: name.as_str().to_owned(),
            existing,
        }),
    }
}

/// The name of the page of the Method form, which a new wiki starts with.
pub fn form_page() -> Result<PageName, AppError> {
    Ok(PageName::parse(&form_page_name(METHOD_FORM))?)
}

/// Creates the page `Form.Method` unless it exists or existed (then it is the admins' own).
pub async fn ensure_form(conn: &mut AsyncPgConnection, kinds: &Kinds) -> Result<(), AppError> {
    let name = form_page()?;
    if page_queries::find(conn, &name).await?.is_some() {
        return Ok(());
    }
    create(
        conn,
        kinds,
        &name,
        METHOD_FORM_YAML,
        "The Method form shipped with coopwiki",
    )
    .await?;
    // A form shapes every sheet of the catalogue: only administrators change it.
    page_queries::reserve_for_admins(conn, &name).await?;
    Ok(())
}

/// What [`install`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Installed {
    Sheets(usize),
    /// The wiki already has pages of its own: nothing was installed.
    NotEmpty,
}

/// Installs the starter sheets on a wiki that has only its default pages (`defaults`, by
/// name, the form page included).
pub async fn install(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    defaults: &[PageName],
) -> Result<Installed, AppError> {
    let keys: Vec<String> = defaults.iter().map(|n| n.key().to_owned()).collect();
    if queries::other_pages(conn, &keys).await? > 0 {
        return Ok(Installed::NotEmpty);
    }
    let files = sheet_files();
    // All or none: a start stopped halfway would otherwise leave a partial catalogue that the
    // next start, seeing pages, would not complete.
    conn.transaction::<_, AppError, _>(async |conn| {
        for file in &files {
            let parsed = sheet::parse(&file.text)
                .and_then(Result::ok)
                .ok_or_else(|| {
                    AppError::Internal(format!("starter sheet {} does not parse", file.path))
                })?;
            let name = PageName::parse(parsed.text_of("page"))?;
            create(
                conn,
                kinds,
                &name,
                &file.text,
                "Starter catalogue shipped with coopwiki",
            )
            .await?;
        }
        Ok(())
    })
    .await?;
    Ok(Installed::Sheets(files.len()))
}
