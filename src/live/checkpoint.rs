//! How a live document becomes the wiki's history, and how the wiki's history reaches it.
//!
//! A checkpoint works from PostgreSQL alone (any instance can make it, whichever holds the
//! room, or none): it locks the live document, rebuilds it from its stored updates, and
//! - when a plain save came in since the revision the document is in step with, merges it in
//!   (three-way, field by field on a sheet, both sides kept where they overlap:
//!   `document::keep_both`) as an update of its own, stored and relayed like anyone's typing;
//! - on a quiet room, the last editor leaving, or someone asking, saves the text through
//!   `pages::save` (the same save as every editor's) crediting everyone who typed since the
//!   previous revision: the first as the revision's author, the others as its co-authors;
//! - then compacts the rows the revision covers into one.

use std::sync::Arc;

use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::i18n::Lang;
use crate::identity::Author;
use crate::live::LiveError;
use crate::live::document;
use crate::live::queries::{self, StoredUpdate};
use crate::names::PageName;
use crate::pages::queries as page_queries;
use crate::pages::render::outgoing_links;
use crate::pages::save::{self, Base, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer};
use crate::state::AppState;

/// Why a checkpoint is made.
#[derive(Debug, Clone)]
pub enum Occasion {
    /// Nobody typed for the quiet period.
    Quiet,
    /// The last editor left.
    Left,
    /// Someone asked for a version now, with this summary.
    Asked { summary: String, by: Author },
    /// A plain save came in: merge it into the live document, save nothing.
    PlainSave,
}

/// What a checkpoint did.
#[derive(Debug, PartialEq, Eq)]
pub enum Checkpoint {
    /// Nothing to do: no live document, or nothing typed since its last revision.
    Nothing,
    /// A plain save was merged into the live document, which is now in step with it.
    Merged { with: i32 },
    /// The live document was saved as this revision.
    Saved { number: i32 },
    /// The save wrote nothing: the text is the latest revision's.
    Unchanged,
    /// The page was deleted: the live document waits.
    Deleted,
    /// The text's kind finds it wrong (as the plain editor would refuse it): not saved yet.
    Invalid,
}

/// Makes a checkpoint of the live document of `page_id` (see the module's comment).
pub async fn checkpoint(
    state: &Arc<AppState>,
    page_id: Uuid,
    occasion: Occasion,
) -> Result<Checkpoint, LiveError> {
    let mut conn = state.pool.get().await?;
    let done = conn
        .transaction::<_, LiveError, _>(async |conn| {
            let Some(base) = queries::lock(conn, page_id).await? else {
                return Ok(Checkpoint::Nothing);
            };
            let Some(page) = queries::page(conn, page_id).await? else {
                return Ok(Checkpoint::Nothing);
            };
            if page.deleted_at.is_some() {
                return Ok(Checkpoint::Deleted);
            }
            let rows = queries::updates(conn, page_id).await?;
            let doc = rebuild(&rows);
            let mut covered: Vec<i64> = rows.iter().map(|row| row.id).collect();
            let mut text = document::text(&doc);
            let mut base = base;
            let mut merged = None;
            if page.latest_rev != base {
                let base_body = page_queries::revision_body(conn, page.id, base)
                    .await?
                    .unwrap_or_default();
                let latest = page_queries::latest_body(conn, &page).await?;
                // A sheet merges field by field, as its typed editor's saves do.
                let by_kind = match state.kinds.of(&page.name, &text) {
                    Some(kind) => kind.merge(conn, &base_body, &text, &latest).await?,
                    None => None,
                };
                let wanted = match by_kind {
                    Some(merge) => document::keep_both(merge),
                    None => {
                        let ours = text.clone();
                        tokio::task::spawn_blocking(move || {
                            document::merge_plain_save(&base_body, &ours, &latest)
                        })
                        .await
                        .map_err(|err| LiveError::Internal(err.to_string()))?
                    }
                };
                if wanted != text {
                    let update = document::rewrite(&doc, &wanted);
                    covered.push(store_for_all(conn, page_id, &update).await?);
                    text = wanted;
                }
                base = page.latest_rev;
                merged = Some(base);
            }
            let authors = authors(&rows);
            let (summary, author) = match occasion {
                Occasion::PlainSave => (None, None),
                Occasion::Asked { summary, by } => {
                    let first = authors.first().cloned().unwrap_or(by);
                    (Some(summary), Some(first))
                }
                Occasion::Quiet | Occasion::Left => (Some(String::new()), authors.first().cloned()),
            };
            let (Some(summary), Some(author)) = (summary, author) else {
                return match merged {
                    Some(with) => {
                        queries::set_base(conn, page_id, with).await?;
                        Ok(Checkpoint::Merged { with })
                    }
                    None => Ok(Checkpoint::Nothing),
                };
            };
            let name = PageName::parse(&page.name)?;
            // As in every editor: a text its kind finds wrong (a sheet's broken front matter)
            // is not saved; the live document keeps it for its people to fix.
            if let Some(kind) = state.kinds.of(&page.name, &text) {
                let problems = kind
                    .problems(conn, &name, &text, Lang::default())
                    .await
                    .map_err(|err| LiveError::Internal(err.to_string()))?;
                if !problems.is_empty() {
                    return Ok(Checkpoint::Invalid);
                }
            }
            let request = SaveRequest {
                name,
                base: Base::Revision(base),
                revision: NewRevision {
                    links: outgoing_links(&text),
                    body: text.clone(),
                    summary,
                    author: author.clone(),
                    restored_from: None,
                    submission_id: None,
                    on_stale: OnStale::Merge,
                    undelete: false,
                    at: None,
                },
            };
            let outcome = save::save(conn, &state.kinds, &request, Writer::Wiki).await?;
            let done = match outcome {
                SaveOutcome::Saved {
                    number,
                    merged_with,
                    ..
                } => {
                    let coauthors: Vec<Author> = authors
                        .into_iter()
                        .filter(|other| other.name != author.name)
                        .collect();
                    queries::add_coauthors(conn, page_id, number, &coauthors).await?;
                    // A plain save slipped in between: the revision is the merge, which the
                    // live document takes too.
                    if merged_with.is_some()
                        && let Some(saved) =
                            page_queries::revision_body(conn, page_id, number).await?
                        && saved != text
                    {
                        let update = document::rewrite(&doc, &saved);
                        covered.push(store_for_all(conn, page_id, &update).await?);
                    }
                    base = number;
                    Checkpoint::Saved { number }
                }
                SaveOutcome::Unchanged { number, .. } => {
                    base = number;
                    Checkpoint::Unchanged
                }
                SaveOutcome::Deleted { .. } => return Ok(Checkpoint::Deleted),
                other => {
                    return Err(LiveError::NotSaved(format!("{other:?}")));
                }
            };
            queries::compact(conn, page_id, &covered, &document::state(&doc), base).await?;
            Ok(done)
        })
        .await?;
    if matches!(done, Checkpoint::Saved { .. }) {
        state.caches.views_changed_here();
    }
    Ok(done)
}

/// The document of stored rows; a row it cannot use is logged (and compacted away with the
/// others by the next save).
pub fn rebuild(rows: &[StoredUpdate]) -> yrs::Doc {
    let bodies: Vec<&[u8]> = rows.iter().map(|row| row.body.as_slice()).collect();
    let (doc, left_out) = document::from_updates(&bodies);
    for at in left_out {
        tracing::error!(
            id = rows[at].id,
            "a stored live update is unusable, left out"
        );
    }
    doc
}

/// Stores an update the server made, for every instance's room, this one's included.
async fn store_for_all(
    conn: &mut diesel_async::AsyncPgConnection,
    page_id: Uuid,
    update: &[u8],
) -> Result<i64, LiveError> {
    let (header, inline) = crate::live::relay::update_notice(Uuid::nil(), page_id, update);
    Ok(queries::store(conn, page_id, update, None, &header, inline.as_deref()).await?)
}

/// Everyone who typed in the rows, in the order they first did, each once.
fn authors(rows: &[StoredUpdate]) -> Vec<Author> {
    let mut authors: Vec<Author> = Vec::new();
    for row in rows {
        if let Some(name) = &row.author_name
            && !authors.iter().any(|known| &known.name == name)
        {
            authors.push(Author {
                id: row.author_id,
                name: name.clone(),
            });
        }
    }
    authors
}
