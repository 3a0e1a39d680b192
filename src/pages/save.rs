//! The one owner of a save. Every editor (the page editor, the typed sheet and programme
//! editors, restore, imports, the default pages) appends revisions through [`save`], so a save
//! decides, merges, checks permissions and derives rows the same way whichever form sent it.
//!
//! A save runs in one transaction: it locks the page's row and reads its latest revision (one
//! round trip, `queries::lock_and_read`), asks the [`Writer`] whether it may write that page as
//! locked, then lets the pure [`decide`] say what to do: write, merge with what others saved
//! meanwhile (three-way, by the text's kind: a sheet field by field), or answer without writing
//! (already saved, unchanged, deleted meanwhile, name taken, conflict). What was written is
//! then derived by every kind (`kind::Kind::after_save`) in the same transaction. How each
//! outcome is answered to a visitor is `pages::answer`'s.

use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};
use diesel_async::{
    AnsiTransactionManager, AsyncConnection, AsyncPgConnection, TransactionManager,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::Access;
use crate::error::AppError;
use crate::identity::Author;
use crate::kind::Kinds;
use crate::merge::{Conflicted, TextMerge, merge_text};
use crate::model::{Page, Revision};
use crate::names::PageName;
use crate::pages::queries::{self, Derivation, Opened, OutgoingLink};
use crate::pages::render::outgoing_links;
use crate::pages::{FOOTER_PAGE, MENU_PAGE};

/// The revision an editor started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// A new page: the editor started from nothing.
    New,
    /// That revision of the page.
    Revision(i32),
}

impl Base {
    /// From the number an editor form sends back (0 or less: a new page).
    pub fn from_number(number: i32) -> Base {
        if number > 0 {
            Base::Revision(number)
        } else {
            Base::New
        }
    }

    /// The number an editor form carries (0 for a new page).
    pub fn number(self) -> i32 {
        match self {
            Base::New => 0,
            Base::Revision(number) => number,
        }
    }
}

/// What a save asks: append `revision` to the page named `name`, written from `base`.
#[derive(Debug, Clone)]
pub struct SaveRequest {
    pub name: PageName,
    pub base: Base,
    pub revision: NewRevision,
}

/// A revision about to be appended.
#[derive(Debug, Clone)]
pub struct NewRevision {
    pub body: String,
    pub summary: String,
    pub author: Author,
    pub restored_from: Option<i32>,
    pub submission_id: Option<Uuid>,
    pub links: Vec<OutgoingLink>,
    /// What to do when the page moved on since the base.
    pub on_stale: OnStale,
    /// Whether this save may bring back a deleted page. Without it, saving to a page deleted
    /// meanwhile writes nothing and answers [`SaveOutcome::Deleted`], so a page never comes back
    /// without someone choosing it.
    pub undelete: bool,
    /// When it was written, if not now: an import keeps each revision's own time.
    pub at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnStale {
    /// Merge three-way with the latest revision (an edit): saved when the changes do not
    /// overlap, answered with the conflict otherwise.
    Merge,
    /// Write nothing (a restore: replaying an old text over changes its author has not seen
    /// would undo them).
    Refuse,
}

/// Who saves, and so whose right to write is checked on the page as the save locked it.
#[derive(Clone, Copy)]
pub enum Writer<'a> {
    /// A visitor: refused (nothing written) unless they may write the locked page, or create
    /// one when no page has the name. A page they may not read is a missing page: its name is
    /// "not available", never named or linked.
    Visitor(&'a Access<'a>),
    /// The wiki itself: its default pages, the starter catalogue, the benchmarks' generators.
    Wiki,
}

impl Writer<'_> {
    /// Whether this writer may save to `name`, held by `page` (`None`: no page has it). Only
    /// administrators create the pages that frame the site (menu, footer) or that a kind keeps
    /// for them (forms); existing ones carry their own write list.
    pub fn check(
        &self,
        kinds: &Kinds,
        name: &PageName,
        page: Option<&Page>,
    ) -> Result<(), AppError> {
        let Writer::Visitor(access) = self else {
            return Ok(());
        };
        let reserved = || {
            [MENU_PAGE, FOOTER_PAGE]
                .into_iter()
                .any(|frame| PageName::parse(frame).is_ok_and(|frame| frame.key() == name.key()))
                || kinds.reserved_for_admins(name.as_str())
        };
        if page.is_none() {
            name.check_new()?;
            if reserved() {
                return access.check_admin();
            }
        }
        match page {
            Some(page) if access.may_read(page) => access.check_write(Some(page)),
            Some(_) => {
                access.check_write(None)?;
                Err(AppError::NameUnavailable {
                    wanted: name.as_str().to_owned(),
                })
            }
            None => access.check_write(None),
        }
    }
}

#[derive(Debug)]
pub enum SaveOutcome {
    /// A new revision was appended; `name` is the page's current name. `merged_with` is the
    /// latest revision the text was merged with, when the base was older.
    Saved {
        name: String,
        number: i32,
        merged_with: Option<i32>,
    },
    /// The same form was already saved (double submission), or the text (merged or not) equals
    /// the latest: nothing new was written.
    Unchanged { name: String, number: i32 },
    /// The page moved on since `base` and the changes could not be combined: nothing was
    /// written. `conflict` holds the overlapping regions, or `None` under [`OnStale::Refuse`].
    Stale {
        name: String,
        latest: Revision,
        /// The text of the base revision (empty for a page that did not exist then).
        base_body: String,
        conflict: Option<Conflicted>,
    },
    /// The page was deleted and the save did not ask to bring it back: nothing was written.
    Deleted { name: String, latest: Revision },
    /// Creating a page under a name that differs only by case or normalisation from an existing
    /// page, or that is an existing page's former name.
    NameTaken { existing: String },
    /// The writer may not write this page (decided on the locked row): nothing was written.
    Refused(AppError),
}

/// What a save does with an existing page, decided from what it locked and read alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// This very submission was saved before, as that revision (a form sent twice).
    AlreadySaved(i32),
    /// Creating a page whose name another page has or had (by case, or as a former name).
    NameTaken,
    /// The page was deleted meanwhile, and the save did not ask to bring it back.
    Deleted,
    /// The text is the latest revision's.
    Unchanged,
    /// The editor started from the latest revision: write its text as it is.
    Write,
    /// The page moved on and the save may not merge (a restore).
    Stale,
    /// The page moved on: merge with the latest revision, then write or answer the conflict.
    Merge,
}

/// Decides a save to an existing `page` whose latest revision is `latest`, `earlier` being
/// the revision this submission already wrote, if any. Pure: the rules of a save, tested
/// without PostgreSQL. A save never writes over a revision its editor has not seen
/// ([`Decision::Write`] only from the latest), and never brings a deleted page back unasked.
pub fn decide(
    name: &PageName,
    page: &Page,
    latest: &Revision,
    base: Base,
    new: &NewRevision,
    earlier: Option<i32>,
) -> Decision {
    if let Some(number) = earlier {
        return Decision::AlreadySaved(number);
    }
    let deleted = page.deleted_at.is_some();
    if base == Base::New && !deleted && page.name != name.as_str() {
        return Decision::NameTaken;
    }
    if deleted && !new.undelete {
        return Decision::Deleted;
    }
    if latest.body == new.body && !deleted {
        return Decision::Unchanged;
    }
    if base == Base::Revision(page.latest_rev) {
        return Decision::Write;
    }
    match new.on_stale {
        OnStale::Refuse => Decision::Stale,
        OnStale::Merge => Decision::Merge,
    }
}

/// Appends a revision, creating the page on its first save.
///
/// The page row is locked for the whole transaction, so two saves of one page are serialised
/// and the second sees the first; when the base is older than the latest revision, the merge
/// runs inside that same transaction against the locked latest, so no save can slip in
/// between the merge and the write. The writer's right is checked on that locked row, so no
/// change of the page's permissions can slip between the check and the write either. Two
/// creations of one name race on the unique key, and the loser is retried once and then sees
/// the page as existing. A save that PostgreSQL aborted to break a deadlock runs again.
///
/// A save that is its own transaction (not part of an import) notifies the view caches right
/// after its commit rather than in it, in the same message (see
/// `db::transaction_notifying_after_commit`): concurrent saves then share their disk flushes.
pub async fn save(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    request: &SaveRequest,
    writer: Writer<'_>,
) -> QueryResult<SaveOutcome> {
    let outermost = <AnsiTransactionManager as TransactionManager<AsyncPgConnection>>::transaction_manager_status_mut(conn)
        .transaction_depth()?
        .is_none();
    let (mut lost_race, mut attempts) = (false, 1);
    loop {
        match save_once(conn, kinds, request, writer, outermost).await {
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))
                if !lost_race =>
            {
                lost_race = true;
            }
            Err(err) if crate::db::is_transient(&err) && attempts < crate::db::ATTEMPTS => {
                tracing::debug!(%err, "a save lost to a concurrent one: run again");
                attempts += 1;
            }
            done => {
                count(&done);
                return done;
            }
        }
    }
}

/// Counts a save by its outcome, for the metrics (`operations::metrics`).
fn count(outcome: &QueryResult<SaveOutcome>) {
    let label = match outcome {
        Ok(SaveOutcome::Saved {
            merged_with: Some(_),
            ..
        }) => "merged",
        Ok(SaveOutcome::Saved { .. }) => "saved",
        Ok(SaveOutcome::Unchanged { .. }) => "unchanged",
        Ok(SaveOutcome::Stale {
            conflict: Some(_), ..
        }) => "conflict",
        Ok(SaveOutcome::Stale { .. }) => "stale",
        Ok(SaveOutcome::Deleted { .. }) => "deleted",
        Ok(SaveOutcome::NameTaken { .. }) => "name_taken",
        Ok(SaveOutcome::Refused(_)) => "refused",
        Err(_) => "error",
    };
    metrics::counter!("coopwiki_saves_total", "outcome" => label).increment(1);
}

async fn save_once(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    request: &SaveRequest,
    writer: Writer<'_>,
    defer_notification: bool,
) -> QueryResult<SaveOutcome> {
    let (name, submission) = (&request.name, request.revision.submission_id);
    if defer_notification {
        crate::db::transaction_notifying_after_commit(
            conn,
            async |conn| queries::lock_and_read(conn, name, submission).await,
            async |conn, opened| write_save(conn, kinds, request, writer, opened, None).await,
            |outcome| matches!(outcome, SaveOutcome::Saved { .. }),
        )
        .await
    } else {
        conn.transaction::<_, DieselError, _>(async |conn| {
            let opened = queries::lock_and_read(conn, name, submission).await?;
            write_save(conn, kinds, request, writer, opened, None).await
        })
        .await
    }
}

/// As [`save`], inside the caller's transaction and putting off what is derived from the text
/// (links, the kinds' rows) to [`Deferred::derive`], which the caller runs before committing:
/// for an import writing many revisions of many pages in one transaction, each page is then
/// derived once, from the last text the group wrote to it, instead of once per revision. The
/// rules are [`save`]'s (the same [`decide`]); a lost race or a deadlock fails the whole
/// transaction, which the caller runs again.
pub async fn save_deferring(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    request: &SaveRequest,
    writer: Writer<'_>,
    deferred: &mut Deferred,
) -> QueryResult<SaveOutcome> {
    let opened =
        queries::lock_and_read(conn, &request.name, request.revision.submission_id).await?;
    let outcome = write_save(conn, kinds, request, writer, opened, Some(deferred)).await;
    count(&outcome);
    outcome
}

/// As [`save_deferring`] for each of `revisions` in turn, all to the page named `name` from
/// `base`: an import writing a page's history. Until one of them is written as it is, each is
/// an ordinary save. From then on the page is locked and its latest revision is the one before
/// each next one, so [`decide`] can only say `Write` or, for the same text again, `Unchanged`:
/// the rest are appended together (`queries::append_revisions`), a few statements for all
/// instead of three round trips each. None of them can have been saved before, an import
/// writing a page's revisions in order after the one just written; should one have been all
/// the same, its submission id (unique) fails the transaction rather than writing it twice.
pub async fn save_history_deferring(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    name: &PageName,
    base: Base,
    revisions: &[NewRevision],
    writer: Writer<'_>,
    deferred: &mut Deferred,
) -> QueryResult<HistoryWritten> {
    let outcomes = write_history(conn, kinds, name, base, revisions, writer, deferred).await?;
    // Every revision saved was noted in `deferred`, this page last.
    let page_id = outcomes
        .iter()
        .any(|outcome| matches!(outcome, SaveOutcome::Saved { .. }))
        .then_some(deferred.last)
        .flatten();
    Ok(HistoryWritten { outcomes, page_id })
}

/// What [`save_history_deferring`] did: each revision's outcome, in order, and the page it
/// wrote to, when it wrote one (its caller then needs no lookup to finish the page).
pub struct HistoryWritten {
    pub outcomes: Vec<SaveOutcome>,
    pub page_id: Option<Uuid>,
}

async fn write_history(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    name: &PageName,
    mut base: Base,
    revisions: &[NewRevision],
    writer: Writer<'_>,
    deferred: &mut Deferred,
) -> QueryResult<Vec<SaveOutcome>> {
    let mut outcomes = Vec::with_capacity(revisions.len());
    let mut rest = revisions;
    let mut written = None;
    while let Some((revision, tail)) = rest.split_first() {
        rest = tail;
        let request = SaveRequest {
            name: name.clone(),
            base,
            revision: revision.clone(),
        };
        let outcome = save_deferring(conn, kinds, &request, writer, deferred).await?;
        if let SaveOutcome::Saved { number, .. } | SaveOutcome::Unchanged { number, .. } = &outcome
        {
            base = Base::Revision(*number);
        }
        if let SaveOutcome::Saved {
            name,
            number,
            merged_with: None,
        } = &outcome
        {
            written = Some((name.clone(), *number, revision.body.as_str()));
        }
        outcomes.push(outcome);
        if written.is_some() {
            break;
        }
    }
    let (Some((page_name, mut number, mut latest)), Some(page_id)) = (written, deferred.last)
    else {
        return Ok(outcomes);
    };
    let mut appended = Vec::with_capacity(rest.len());
    for revision in rest {
        let outcome = if revision.body == latest {
            SaveOutcome::Unchanged {
                name: page_name.clone(),
                number,
            }
        } else {
            number += 1;
            latest = revision.body.as_str();
            appended.push((number, revision));
            SaveOutcome::Saved {
                name: page_name.clone(),
                number,
                merged_with: None,
            }
        };
        let outcome = Ok(outcome);
        count(&outcome);
        outcomes.extend(outcome);
    }
    queries::append_revisions(conn, page_id, &appended).await?;
    if let Some(put) = deferred.pages.get_mut(&page_id) {
        latest.clone_into(&mut put.latest);
    }
    Ok(outcomes)
}

/// What a group of saves ([`save_deferring`]) put off deriving: for each page written, the
/// text its derived rows were made from before the group, and the last text the group wrote.
#[derive(Default)]
#[must_use = "derive before the transaction commits: derived rows follow each page's latest text"]
pub struct Deferred {
    pages: indexmap::IndexMap<Uuid, Put>,
    /// Pages the group created, whose linkers must re-render once it committed.
    created: Vec<Uuid>,
    /// The page written last.
    last: Option<Uuid>,
}

/// Pages a committed group of saves created: the pages linking to them re-render when
/// [`Linkers::invalidate`] runs, after the commit (see `queries::invalidate_linkers_of_created`:
/// inside the group it locked other writers' pages while holding its own, and groups of
/// writers deadlocked).
#[must_use = "invalidate after the commit: pages linking to the new ones show them missing"]
pub struct Linkers(Vec<Uuid>);

impl Linkers {
    pub async fn invalidate(self, conn: &mut AsyncPgConnection) -> QueryResult<()> {
        queries::invalidate_linkers_of_created(conn, &self.0).await
    }
}

struct Put {
    name: String,
    /// The text the page's derived rows were made from ("" for a page without them).
    derived_from: String,
    latest: String,
}

impl Deferred {
    fn note(&mut self, page_id: Uuid, name: &str, derived_from: &str, latest: &str) {
        let put = self.pages.entry(page_id).or_insert_with(|| Put {
            name: String::new(),
            derived_from: derived_from.to_owned(),
            latest: String::new(),
        });
        name.clone_into(&mut put.name);
        latest.clone_into(&mut put.latest);
        self.last = Some(page_id);
    }

    /// Derives each page written from the last text the group wrote to it, in the group's
    /// transaction: its links and every kind's rows, as a single save of that text would.
    /// Returns the pages it created, whose linkers are for after the commit.
    pub async fn derive(self, conn: &mut AsyncPgConnection, kinds: &Kinds) -> QueryResult<Linkers> {
        for (page_id, put) in self.pages {
            queries::replace_links(conn, page_id, &outgoing_links(&put.latest)).await?;
            let text = Derivation::Text {
                name: &put.name,
                body: &put.latest,
                previous: &put.derived_from,
            };
            queries::derive(conn, kinds, page_id, text).await?;
        }
        Ok(Linkers(self.created))
    }
}

/// The body of a save's transaction, once `queries::lock_and_read` answered.
async fn write_save(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    request: &SaveRequest,
    writer: Writer<'_>,
    (locked, read): Opened,
    deferred: Option<&mut Deferred>,
) -> QueryResult<SaveOutcome> {
    let (name, new) = (&request.name, &request.revision);
    let Some(page) = locked else {
        if let Err(refusal) = writer.check(kinds, name, None) {
            return Ok(SaveOutcome::Refused(refusal));
        }
        let id = queries::create(conn, kinds, name, new, deferred.is_none()).await?;
        match deferred {
            Some(deferred) => {
                deferred.note(id, name.as_str(), "", &new.body);
                deferred.created.push(id);
            }
            None => index_in_the_save(conn, id, &new.body).await?,
        }
        return Ok(SaveOutcome::Saved {
            name: name.as_str().to_owned(),
            number: 1,
            merged_with: None,
        });
    };
    if let Err(refusal) = writer.check(kinds, name, Some(&page)) {
        return Ok(SaveOutcome::Refused(refusal));
    }
    // The read was sent with the lock; should it have run first all the same (the order is the
    // driver's, not a promise), it is made again, the lock held.
    let (latest, earlier) = match read {
        Some((latest, earlier))
            if latest.page_id == page.id && latest.number == page.latest_rev =>
        {
            (latest, earlier)
        }
        _ => queries::latest_of_named(conn, name, new.submission_id)
            .await?
            .ok_or(DieselError::NotFound)?,
    };
    write_over(conn, kinds, request, page, latest, earlier, deferred).await
}

/// The rest of a save, once the page is locked and the writer may write it.
async fn write_over(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    request: &SaveRequest,
    page: Page,
    latest: Revision,
    earlier: Option<i32>,
    deferred: Option<&mut Deferred>,
) -> QueryResult<SaveOutcome> {
    let new = &request.revision;
    let deleted = page.deleted_at.is_some();
    // The text written: the editor's own, or (from an older base) its merge with the latest.
    let merged = match decide(&request.name, &page, &latest, request.base, new, earlier) {
        Decision::AlreadySaved(number) => {
            return Ok(SaveOutcome::Unchanged {
                name: page.name,
                number,
            });
        }
        Decision::NameTaken => {
            return Ok(SaveOutcome::NameTaken {
                existing: page.name,
            });
        }
        Decision::Deleted => {
            return Ok(SaveOutcome::Deleted {
                name: page.name,
                latest,
            });
        }
        Decision::Unchanged => {
            return Ok(SaveOutcome::Unchanged {
                name: page.name,
                number: latest.number,
            });
        }
        Decision::Write => None,
        Decision::Stale => {
            let base_body = base_body(conn, &page, request.base).await?;
            return Ok(SaveOutcome::Stale {
                name: page.name,
                latest,
                base_body,
                conflict: None,
            });
        }
        Decision::Merge => {
            let base_body = base_body(conn, &page, request.base).await?;
            match merge_with_latest(conn, kinds, &page.name, &base_body, &new.body, &latest.body)
                .await?
            {
                Merged::Conflict(conflict) => {
                    return Ok(SaveOutcome::Stale {
                        name: page.name,
                        latest,
                        base_body,
                        conflict: Some(conflict),
                    });
                }
                Merged::Text { body, .. } if body == latest.body && !deleted => {
                    return Ok(SaveOutcome::Unchanged {
                        name: page.name,
                        number: latest.number,
                    });
                }
                Merged::Text { body, links } => Some(NewRevision {
                    body,
                    links,
                    ..new.clone()
                }),
            }
        }
    };
    let merged_with = merged.as_ref().map(|_| latest.number);
    let revision = merged.as_ref().unwrap_or(new);
    let number = page.latest_rev + 1;
    // Derived from the text actually written (merged or not), in this transaction. A deleted
    // page lost its rows when it was deleted.
    let previous = if deleted { "" } else { latest.body.as_str() };
    let is_deferred = deferred.is_some();
    if let Some(deferred) = deferred {
        queries::append_revision(conn, page.id, number, revision, merged_with, None).await?;
        deferred.note(page.id, &page.name, previous, &revision.body);
    } else {
        let links = Some(revision.links.as_slice());
        queries::append_revision(conn, page.id, number, revision, merged_with, links).await?;
        let text = Derivation::Text {
            name: &page.name,
            body: &revision.body,
            previous,
        };
        queries::derive(conn, kinds, page.id, text).await?;
    }
    if deleted {
        queries::set_deleted(conn, &page, false, &revision.author, "").await?;
    }
    if !is_deferred {
        index_in_the_save(conn, page.id, &revision.body).await?;
    }
    Ok(SaveOutcome::Saved {
        name: page.name,
        number,
        merged_with,
    })
}

/// Texts up to this many bytes are indexed for search in their save: the save is then found
/// by search as soon as it is answered. Longer ones are left to the indexer, which builds
/// documents under a time budget, so that no editor waits long on PostgreSQL's text search
/// parser (linear since issue #27's fixes, yet 60 ms for 280 KB of a hostile text).
const INDEXED_IN_THE_SAVE: usize = 32 * 1024;

/// Builds the search document of a page just saved, when its text is short enough (see
/// [`INDEXED_IN_THE_SAVE`]); after everything derived from the text, which the document reads
/// (a sheet's fields).
async fn index_in_the_save(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    body: &str,
) -> QueryResult<()> {
    if body.len() <= INDEXED_IN_THE_SAVE {
        queries::index_saved(conn, page_id).await?;
    }
    Ok(())
}

/// The text the editor started from ("" for a new page, or a revision that does not exist).
async fn base_body(conn: &mut AsyncPgConnection, page: &Page, base: Base) -> QueryResult<String> {
    match base {
        Base::New => Ok(String::new()),
        Base::Revision(number) => Ok(queries::revision_body(conn, page.id, number)
            .await?
            .unwrap_or_default()),
    }
}

/// What a stale save becomes after merging.
enum Merged {
    Text {
        body: String,
        links: Vec<OutgoingLink>,
    },
    Conflict(Conflicted),
}

/// Merges our text with the latest: the kind's own merge when it has one (a sheet's, field by
/// field), else line by line, off the async worker (CPU work bounded by
/// `merge::TIME_BUDGET`); a merged text's links are extracted again. Should the merge task
/// panic, the error aborts the save's transaction like a failed query: nothing is written.
async fn merge_with_latest(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    name: &str,
    base: &str,
    ours: &str,
    latest: &str,
) -> QueryResult<Merged> {
    let own = match kinds.of(name, ours) {
        Some(kind) => kind.merge(conn, base, ours, latest).await?,
        None => None,
    };
    let (base, ours, latest) = (base.to_owned(), ours.to_owned(), latest.to_owned());
    tokio::task::spawn_blocking(move || {
        match own.unwrap_or_else(|| merge_text(&base, &ours, &latest)) {
            TextMerge::Clean(body) => Merged::Text {
                links: outgoing_links(&body),
                body,
            },
            TextMerge::Conflicted(conflict) => Merged::Conflict(conflict),
        }
    })
    .await
    .map_err(|err| DieselError::QueryBuilderError(format!("merge task failed: {err}").into()))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::OffsetDateTime;

    use super::*;

    fn page(name: &str, latest_rev: i32, deleted: bool) -> Page {
        let now = OffsetDateTime::UNIX_EPOCH;
        Page {
            id: Uuid::nil(),
            name: name.to_owned(),
            name_key: name.to_lowercase(),
            latest_rev,
            created_at: now,
            updated_at: now,
            deleted_at: deleted.then_some(now),
            render_generation: 0,
            rendered_generation: None,
            rendered_html: None,
            owner_id: None,
            read_acl: None,
            write_acl: None,
            comment_acl: None,
        }
    }

    fn latest(number: i32, body: &str) -> Revision {
        Revision {
            page_id: Uuid::nil(),
            number,
            body: body.to_owned(),
            summary: String::new(),
            author_id: None,
            author_name: "someone".to_owned(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            size_bytes: 0,
            restored_from: None,
            merged_with: None,
        }
    }

    fn new(body: &str, on_stale: OnStale, undelete: bool) -> NewRevision {
        NewRevision {
            body: body.to_owned(),
            summary: String::new(),
            author: Author {
                id: None,
                name: "editor".to_owned(),
            },
            restored_from: None,
            submission_id: None,
            links: Vec::new(),
            on_stale,
            undelete,
            at: None,
        }
    }

    fn name(text: &str) -> PageName {
        PageName::parse(text).unwrap()
    }

    #[test]
    fn each_rule_of_a_save() {
        let fishbowl = name("FishBowl");
        let live = page("FishBowl", 3, false);
        let gone = page("FishBowl", 3, true);
        let three = latest(3, "Three");
        let edit = |body| new(body, OnStale::Merge, false);
        let cases = [
            // A form sent twice: the revision it wrote, whatever else.
            (
                &live,
                Base::Revision(1),
                edit("Mine"),
                Some(2),
                Decision::AlreadySaved(2),
            ),
            // Creating a page under a name another page holds (another spelling, a former name).
            (
                &page("Fishbowl", 3, false),
                Base::New,
                edit("Mine"),
                None,
                Decision::NameTaken,
            ),
            // Deleted meanwhile, not asked to come back; asked, it is merged or written.
            (
                &gone,
                Base::Revision(3),
                edit("Mine"),
                None,
                Decision::Deleted,
            ),
            (
                &gone,
                Base::Revision(3),
                new("Mine", OnStale::Merge, true),
                None,
                Decision::Write,
            ),
            (
                &gone,
                Base::Revision(3),
                new("Three", OnStale::Merge, true),
                None,
                Decision::Write,
            ),
            // The same text: nothing to write, from any base.
            (
                &live,
                Base::Revision(1),
                edit("Three"),
                None,
                Decision::Unchanged,
            ),
            // From the latest: written as it is.
            (
                &live,
                Base::Revision(3),
                edit("Mine"),
                None,
                Decision::Write,
            ),
            // From an older revision: merged, or refused for a restore.
            (
                &live,
                Base::Revision(2),
                edit("Mine"),
                None,
                Decision::Merge,
            ),
            (&live, Base::New, edit("Mine"), None, Decision::Merge),
            (
                &live,
                Base::Revision(2),
                new("Mine", OnStale::Refuse, true),
                None,
                Decision::Stale,
            ),
        ];
        for (page, base, revision, earlier, expected) in cases {
            assert_eq!(
                decide(&fishbowl, page, &three, base, &revision, earlier),
                expected,
                "{base:?} {} {earlier:?} on {page:?}",
                revision.body
            );
        }
    }

    #[test]
    fn a_base_is_new_or_a_revision() {
        assert_eq!(Base::from_number(0), Base::New);
        assert_eq!(Base::from_number(-4), Base::New);
        assert_eq!(Base::from_number(7), Base::Revision(7));
        assert_eq!(Base::from_number(7).number(), 7);
        assert_eq!(Base::New.number(), 0);
    }

    proptest! {
        /// Whatever the page's state, a save never writes its text over a revision its editor
        /// has not seen, never brings a deleted page back unasked, and never writes what is
        /// already there.
        #[test]
        fn a_save_never_loses_unseen_work(
            latest_rev in 1..6i32,
            base in 0..7i32,
            deleted: bool,
            undelete: bool,
            refuse: bool,
            same_text: bool,
            earlier in proptest::option::of(1..6i32),
            other_name: bool,
        ) {
            let held = page(if other_name { "Fishbowl" } else { "FishBowl" }, latest_rev, deleted);
            let newest = latest(latest_rev, "Theirs");
            let on_stale = if refuse { OnStale::Refuse } else { OnStale::Merge };
            let revision = new(if same_text { "Theirs" } else { "Mine" }, on_stale, undelete);
            let base = Base::from_number(base);
            let decision = decide(&name("FishBowl"), &held, &newest, base, &revision, earlier);
            if decision == Decision::Write {
                prop_assert!(base == Base::Revision(latest_rev));
                prop_assert!(!deleted || undelete);
            }
            if deleted && !undelete {
                prop_assert!(matches!(decision, Decision::Deleted | Decision::AlreadySaved(_) | Decision::NameTaken));
            }
            if let Some(number) = earlier {
                prop_assert_eq!(decision, Decision::AlreadySaved(number));
            }
            if same_text && !deleted && earlier.is_none() && !(base == Base::New && other_name) {
                prop_assert_eq!(decision, Decision::Unchanged);
            }
            if decision == Decision::Merge {
                prop_assert!(!refuse && base != Base::Revision(latest_rev));
            }
        }
    }
}
