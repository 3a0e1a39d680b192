//! One way to answer a save, for every editor: the page editor, the typed sheet editor, the
//! programme editor. A save that wrote goes to the page (saying so when it was merged, and
//! naming the submission so the editor script forgets its draft); a save that wrote nothing
//! brings the same editor back with the visitor's text and why ([`Unsaved`]), through that
//! editor's [`Reopen`]. So merged, conflict, deleted, name taken and refused look and behave
//! alike whichever editor the visitor used.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use async_trait::async_trait;
use diesel_async::AsyncPgConnection;
use maud::Markup;
use uuid::Uuid;

use crate::collab::presence::EditorSession;
use crate::collab::queries as presence;
use crate::collab::views::conflict_regions;
use crate::ctx::Ctx;
use crate::diff;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::merge::Conflicted;
use crate::model::{EventKind, PageEvent, Revision};
use crate::names::page_path;
use crate::pages::queries;
use crate::pages::resolve::see_other;
use crate::pages::save::{SaveOutcome, SaveRequest};
use crate::pages::views;

/// Why an editor comes back: nothing was written.
pub enum Unsaved<'a> {
    /// The name belongs to a page the visitor may not read: "not available", nothing more.
    NameUnavailable,
    /// The page was deleted while the editor was open; `deletion` says by whom, when recorded.
    Deleted { deletion: Option<&'a PageEvent> },
    /// Someone saved meanwhile, and the changes overlap (or the save may not merge).
    Conflict(Overlap<'a>),
}

/// A save that met newer revisions it could not merge with.
pub struct Overlap<'a> {
    /// The newest revision: the editor comes back on it, so the next save merges from there.
    pub latest: &'a Revision,
    /// What changed between the editor's base and `latest`, as a diff.
    pub their_changes: Markup,
    /// The overlapping regions, when a merge was tried.
    pub conflict: Option<&'a Conflicted>,
}

impl<'a> Overlap<'a> {
    /// The text to resolve: the merge's proposal (ours in each overlap, their other changes
    /// in), or the visitor's own text when no merge was tried.
    pub fn proposal(&self, ours: &'a str) -> &'a str {
        self.conflict.map_or(ours, |c| c.proposal.as_str())
    }

    /// The conflict notice of an editor.
    pub fn view(&self, lang: Lang) -> views::Conflict<'a> {
        let latest = self.latest;
        views::Conflict {
            latest: latest.number,
            author: &latest.author_name,
            their_changes: self.their_changes.clone(),
            regions: self
                .conflict
                .map(|c| conflict_regions(lang, c, latest.number, &latest.author_name)),
        }
    }
}

/// An editor that can show itself again, with the visitor's text, after a save that wrote
/// nothing (answered with 409).
#[async_trait(?Send)]
pub trait Reopen {
    /// The editor of the page now called `name`, and why it is back.
    async fn reopen(
        &self,
        ctx: &Ctx,
        req: &HttpRequest,
        conn: &mut AsyncPgConnection,
        name: &str,
        why: Unsaved<'_>,
    ) -> Result<HttpResponse, AppError>;
}

/// The answer to a save's outcome. Every editor answers through here.
pub async fn answer(
    ctx: &Ctx,
    req: &HttpRequest,
    conn: &mut AsyncPgConnection,
    request: &SaveRequest,
    outcome: SaveOutcome,
    editor: &dyn Reopen,
) -> Result<HttpResponse, AppError> {
    match outcome {
        SaveOutcome::Saved {
            name,
            number,
            merged_with,
        } => {
            leave_editor(ctx, req, conn, request).await?;
            // The page then says what happened: merged with whose save, or saved as which
            // revision (a save that shows nothing looked, to people, like one that failed).
            let query = match merged_with {
                Some(_) => format!("?merged={number}"),
                None => format!("?saved={number}"),
            };
            Ok(saved(&name, &query, request.revision.submission_id))
        }
        SaveOutcome::Unchanged { name, .. } => {
            leave_editor(ctx, req, conn, request).await?;
            Ok(saved(&name, "", request.revision.submission_id))
        }
        SaveOutcome::NameTaken { existing } => Err(AppError::NameTaken {
            wanted: request.name.as_str().to_owned(),
            existing,
        }),
        SaveOutcome::Refused(AppError::NameUnavailable { .. }) => {
            let name = request.name.as_str();
            editor
                .reopen(ctx, req, conn, name, Unsaved::NameUnavailable)
                .await
        }
        SaveOutcome::Refused(refusal) => Err(refusal),
        SaveOutcome::Deleted { name, latest } => {
            let deletion = last_deletion(conn, latest.page_id).await?;
            let why = Unsaved::Deleted {
                deletion: deletion.as_ref(),
            };
            editor.reopen(ctx, req, conn, &name, why).await
        }
        SaveOutcome::Stale {
            name,
            latest,
            base_body,
            conflict,
        } => {
            let (lang, newest) = (ctx.lang, latest.body.clone());
            let their_changes = web::block(move || diff::render(lang, &base_body, &newest)).await?;
            let overlap = Overlap {
                latest: &latest,
                their_changes,
                conflict: conflict.as_ref(),
            };
            let why = Unsaved::Conflict(overlap);
            editor.reopen(ctx, req, conn, &name, why).await
        }
    }
}

/// The event that deleted a page, when it is recorded.
pub async fn last_deletion(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
) -> Result<Option<PageEvent>, AppError> {
    Ok(queries::events(conn, page_id)
        .await?
        .into_iter()
        .find(|event| event.kind == EventKind::Delete))
}

/// After a save, this browser no longer has the page's editor open.
async fn leave_editor(
    ctx: &Ctx,
    req: &HttpRequest,
    conn: &mut AsyncPgConnection,
    request: &SaveRequest,
) -> Result<(), AppError> {
    if let Some(session) = EditorSession::known(req, ctx.state.settings.secure_cookies) {
        presence::leave(conn, request.name.key(), session).await?;
    }
    Ok(())
}

/// The answer to a successful save: the page (with `query`, e.g. the merged notice), and a
/// fragment naming the submission, which tells the editor script that the draft it kept for
/// that submission can go.
fn saved(name: &str, query: &str, submission_id: Option<Uuid>) -> HttpResponse {
    let fragment = submission_id.map_or(String::new(), |id| format!("#saved-{id}"));
    see_other(&format!("{}{query}{fragment}", page_path(name)))
}

/// The status of an editor that comes back after a save that wrote nothing.
pub const REOPENED: StatusCode = StatusCode::CONFLICT;
