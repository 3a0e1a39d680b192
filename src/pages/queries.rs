//! Every read and write of pages, revisions, names and links. The only file of this capability
//! that speaks SQL; handlers call these functions and never build queries themselves.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::result::{Error as DieselError, QueryResult};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::ReadFilter;
use crate::db::schema::{links, page_events, page_names, pages, revisions};
use crate::identity::Author;
use crate::kind::{Kinds, Naming};
use crate::model::{EventKind, Page, PageEvent, Revision, RevisionMeta};
use crate::names::PageName;
use crate::pages::save::NewRevision;

/// How a name led to a page.
pub enum Found {
    /// The name is the page's current name (maybe spelled with another case).
    Current(Page),
    /// The name is one the page had before a rename.
    FormerName(Page),
}

/// Finds the page that has or had this name.
pub async fn find(conn: &mut AsyncPgConnection, name: &PageName) -> QueryResult<Option<Found>> {
    let page = page_names::table
        .inner_join(pages::table)
        .filter(page_names::name_key.eq(name.key()))
        .select(Page::as_select())
        .first::<Page>(conn)
        .await
        .optional()?;
    Ok(page.map(|page| {
        if page.name_key == name.key() {
            Found::Current(page)
        } else {
            Found::FormerName(page)
        }
    }))
}

pub async fn revision(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    number: i32,
) -> QueryResult<Option<Revision>> {
    revisions::table
        .find((page_id, number))
        .select(Revision::as_select())
        .first(conn)
        .await
        .optional()
}

/// Revisions newest first, `limit` of them, older than `before` when given.
pub async fn history(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    before: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<RevisionMeta>> {
    let mut query = revisions::table
        .filter(revisions::page_id.eq(page_id))
        .order(revisions::number.desc())
        .limit(limit)
        .select(RevisionMeta::as_select())
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(revisions::number.lt(before));
    }
    query.load(conn).await
}

pub async fn events(conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<Vec<PageEvent>> {
    page_events::table
        .filter(page_events::page_id.eq(page_id))
        .order(page_events::created_at.desc())
        .limit(200)
        .select(PageEvent::as_select())
        .load(conn)
        .await
}

/// A live page a wiki link leads to: what rendering the link needs, and who may read it.
#[derive(Debug, Clone, Queryable)]
pub struct LinkTarget {
    pub name: String,
    pub owner_id: Option<Uuid>,
    pub read_acl: Option<Vec<String>>,
}

/// For each key, the live page it leads to (by its current or a former name); keys of missing
/// or deleted pages are absent. One query for all the links of a page.
pub async fn live_targets(
    conn: &mut AsyncPgConnection,
    keys: &[String],
) -> QueryResult<HashMap<String, LinkTarget>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, LinkTarget)> = page_names::table
        .inner_join(pages::table)
        .filter(page_names::name_key.eq_any(keys))
        .filter(pages::deleted_at.is_null())
        .select((
            page_names::name_key,
            (pages::name, pages::owner_id, pages::read_acl),
        ))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Stores freshly rendered HTML, unless the page changed meanwhile (then the next view renders
/// again): the generation check makes a slow reader unable to overwrite newer state.
///
/// Never waits for the page's row: when another transaction holds it (a save, or the search
/// indexer building its document), the HTML is not kept this time and a later view stores it.
/// A view that waited stood behind the whole of that transaction: the first view of a page the
/// indexer took a minute over took that minute (issue #27).
pub async fn store_rendered(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    generation: i64,
    html: &str,
) -> QueryResult<()> {
    diesel::sql_query(
        "UPDATE pages SET rendered_generation = $2, rendered_html = $3
         WHERE id = (SELECT id FROM pages WHERE id = $1 AND render_generation = $2
                     FOR NO KEY UPDATE SKIP LOCKED)
           AND render_generation = $2",
    )
    .bind::<diesel::sql_types::Uuid, _>(page_id)
    .bind::<diesel::sql_types::BigInt, _>(generation)
    .bind::<diesel::sql_types::Text, _>(html)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether this revision's text is known to be past the rendering bounds (see
/// [`remember_degraded`]).
pub async fn renders_degraded(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    number: i32,
) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Known {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        known: bool,
    }
    let row: Known = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM degraded_revisions WHERE page_id = $1 AND number = $2) AS known",
    )
    .bind::<diesel::sql_types::Uuid, _>(page_id)
    .bind::<diesel::sql_types::Integer, _>(number)
    .get_result(conn)
    .await?;
    Ok(row.known)
}

/// Remembers that this revision's text is past the rendering bounds, so that its later views
/// show its source at once instead of parsing it to the bound again (about half a second for
/// the worst texts under the size limit). A text's revisions never change, so neither does
/// the verdict.
pub async fn remember_degraded(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    number: i32,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO degraded_revisions (page_id, number) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind::<diesel::sql_types::Uuid, _>(page_id)
    .bind::<diesel::sql_types::Integer, _>(number)
    .execute(conn)
    .await?;
    Ok(())
}

/// Pages the visitor may read that link to any name the page has or had.
pub async fn backlinks(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    readable: &ReadFilter,
) -> QueryResult<Vec<String>> {
    let keys = page_names::table
        .filter(page_names::page_id.eq(page_id))
        .select(page_names::name_key);
    links::table
        .inner_join(pages::table)
        .filter(links::to_key.eq_any(keys))
        .filter(pages::deleted_at.is_null())
        .filter(pages::id.ne(page_id))
        .filter(readable.pages())
        .select(pages::name)
        .distinct()
        .order(pages::name)
        .limit(1000)
        .load(conn)
        .await
}

/// Pages the visitor may read that link to the name `key` no readable page has: who asked
/// for a page that does not exist yet.
pub async fn backlinks_to_name(
    conn: &mut AsyncPgConnection,
    key: &str,
    readable: &ReadFilter,
) -> QueryResult<Vec<String>> {
    links::table
        .inner_join(pages::table)
        .filter(links::to_key.eq(key))
        .filter(pages::deleted_at.is_null())
        .filter(readable.pages())
        .select(pages::name)
        .distinct()
        .order(pages::name)
        .limit(1000)
        .load(conn)
        .await
}

/// A wiki link of a revision being saved, by target.
#[derive(Debug, Clone)]
pub struct OutgoingLink {
    pub key: String,
    pub name: String,
}

/// What a save reads first: the page that has or had the name, locked, and its latest revision
/// with the revision this submission already wrote if it was sent twice.
pub(crate) type Opened = (Option<Page>, Option<(Revision, Option<i32>)>);

/// Reads [`Opened`], the lock and the read sent together: PostgreSQL runs the read once the
/// lock is granted, with a snapshot taken then, so it sees the locked page's latest revision.
/// Should it have run first all the same (the order is the driver's, not a promise),
/// `save::write_save` reads again, the lock held.
pub(crate) async fn lock_and_read(
    conn: &AsyncPgConnection,
    name: &PageName,
    submission: Option<Uuid>,
) -> QueryResult<Opened> {
    futures_util::try_join!(
        lock_page_named(conn, name),
        latest_of_named(conn, name, submission),
    )
}

/// Appends revision `number` to a locked page and makes it the latest, with `links` (`None`:
/// left to a group of saves' derivation, `save::Deferred`): writes that depend only on the
/// locked page, sent together (pipelined): PostgreSQL runs them one after the other, and the
/// save waits for one round trip instead of three.
pub(crate) async fn append_revision(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    number: i32,
    revision: &NewRevision,
    merged_with: Option<i32>,
    links: Option<&[OutgoingLink]>,
) -> QueryResult<()> {
    let pipelined: &AsyncPgConnection = conn;
    futures_util::try_join!(
        insert_revision(pipelined, page_id, number, revision, merged_with),
        set_latest_rev(pipelined, page_id, number),
        replace_links_if(pipelined, page_id, links),
    )?;
    Ok(())
}

/// The text of one revision, if it exists.
pub async fn revision_body(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    number: i32,
) -> QueryResult<Option<String>> {
    revisions::table
        .find((page_id, number))
        .select(revisions::body)
        .first::<String>(conn)
        .await
        .optional()
}

/// Locks the row of the page that has or had this name, for the rest of the transaction.
///
/// Only the page's row is locked. Locking it through a join with its names locked the name's
/// row too, a write to a page of `page_names` (a whole page image in the WAL, the first time
/// after each checkpoint) for nothing: a name never moves to another page, and the renames that
/// change names hold the page's row.
async fn lock_page_named(
    mut conn: &AsyncPgConnection,
    name: &PageName,
) -> QueryResult<Option<Page>> {
    let page_named = page_names::table
        .filter(page_names::name_key.eq(name.key()))
        .select(page_names::page_id)
        .single_value();
    pages::table
        .filter(pages::id.nullable().eq(page_named))
        .select(Page::as_select())
        .for_update()
        .first::<Page>(&mut conn)
        .await
        .optional()
}

/// The latest revision of the page that has or had this name, and the number of the revision
/// this very submission already wrote if it was sent twice.
pub(crate) async fn latest_of_named(
    mut conn: &AsyncPgConnection,
    name: &PageName,
    submission: Option<Uuid>,
) -> QueryResult<Option<(Revision, Option<i32>)>> {
    let page_named = page_names::table
        .filter(page_names::name_key.eq(name.key()))
        .select(page_names::page_id)
        .single_value();
    let latest_number = pages::table
        .filter(pages::id.nullable().eq(page_named))
        .select(pages::latest_rev)
        .single_value();
    let submitted = diesel::alias!(revisions as submitted);
    let earlier = submitted
        .filter(submitted.field(revisions::submission_id).eq(submission))
        .filter(
            submitted
                .field(revisions::page_id)
                .nullable()
                .eq(page_named),
        )
        .select(submitted.field(revisions::number))
        .single_value();
    revisions::table
        .filter(revisions::page_id.nullable().eq(page_named))
        .filter(revisions::number.nullable().eq(latest_number))
        .select((Revision::as_select(), earlier))
        .first::<(Revision, Option<i32>)>(&mut conn)
        .await
        .optional()
}

/// Creates a page with its first revision and its name, and (when `derived`) its links and the
/// rows its kinds derive from it, inside the save's transaction; returns its id. A group of
/// saves derives later (`save::Deferred`).
pub(crate) async fn create(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    name: &PageName,
    new: &NewRevision,
    derived: bool,
) -> QueryResult<Uuid> {
    let id = Uuid::now_v7();
    diesel::insert_into(pages::table)
        .values((
            pages::id.eq(id),
            pages::name.eq(name.as_str()),
            pages::name_key.eq(name.key()),
            pages::latest_rev.eq(1),
            pages::owner_id.eq(new.author.id),
        ))
        .execute(conn)
        .await?;
    // Once the page row exists, its name, first revision and links in one round trip.
    let pipelined: &AsyncPgConnection = conn;
    futures_util::try_join!(
        add_name(pipelined, id, name),
        insert_revision(pipelined, id, 1, new, None),
        replace_links_if(pipelined, id, derived.then_some(new.links.as_slice())),
    )?;
    if derived {
        let text = Derivation::Text {
            name: name.as_str(),
            body: &new.body,
            previous: "",
        };
        derive(conn, kinds, id, text).await?;
    }
    for kind in kinds.all() {
        kind.after_naming(conn, id, name, Naming::Created).await?;
    }
    if derived {
        invalidate_linkers(conn, id).await?;
    }
    Ok(id)
}

/// Records `name` as one of the page's names. Like the other writes of a save below, it takes
/// the connection shared, so that several can be sent at once.
async fn add_name(mut conn: &AsyncPgConnection, page_id: Uuid, name: &PageName) -> QueryResult<()> {
    diesel::insert_into(page_names::table)
        .values((
            page_names::name_key.eq(name.key()),
            page_names::page_id.eq(page_id),
            page_names::name.eq(name.as_str()),
        ))
        .execute(&mut conn)
        .await?;
    Ok(())
}

diesel::define_sql_function! {
    /// Makes revision `latest` the page's latest: its views render again. A function, so that
    /// PostgreSQL keeps its plan (see the migration `2026-12-05-000100_save_functions`).
    #[sql_name = "set_latest_revision"]
    fn set_latest_revision_of_page(
        page: diesel::sql_types::Uuid,
        latest: diesel::sql_types::Integer,
    );
}

async fn set_latest_rev(
    mut conn: &AsyncPgConnection,
    page_id: Uuid,
    number: i32,
) -> QueryResult<()> {
    diesel::select(set_latest_revision_of_page(page_id, number))
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// A row of `revisions` as a save writes it; a revision without its own time (`at`) takes the
/// column's default, the transaction's time.
#[derive(Insertable)]
#[diesel(table_name = revisions)]
struct RevisionRow<'a> {
    page_id: Uuid,
    number: i32,
    body: &'a str,
    summary: &'a str,
    author_id: Option<Uuid>,
    author_name: &'a str,
    size_bytes: i32,
    restored_from: Option<i32>,
    submission_id: Option<Uuid>,
    merged_with: Option<i32>,
    created_at: Option<OffsetDateTime>,
}

impl<'a> RevisionRow<'a> {
    fn new(page_id: Uuid, number: i32, new: &'a NewRevision, merged_with: Option<i32>) -> Self {
        RevisionRow {
            page_id,
            number,
            body: &new.body,
            summary: &new.summary,
            author_id: new.author.id,
            author_name: &new.author.name,
            size_bytes: i32::try_from(new.body.len()).unwrap_or(i32::MAX),
            restored_from: new.restored_from,
            submission_id: new.submission_id,
            merged_with,
            created_at: new.at,
        }
    }
}

async fn insert_revision(
    mut conn: &AsyncPgConnection,
    page_id: Uuid,
    number: i32,
    new: &NewRevision,
    merged_with: Option<i32>,
) -> QueryResult<()> {
    diesel::insert_into(revisions::table)
        .values(RevisionRow::new(page_id, number, new, merged_with))
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// Rows of one multi-row `INSERT`: far under PostgreSQL's 65,535 bound values.
const ROWS_PER_INSERT: usize = 1000;

/// Appends revisions (numbered, in order) to a locked page and makes the last one its latest,
/// in statements sent together (`save::save_history_deferring`, a page's history in an
/// import): the revision trigger queues the page for search once per statement, not per
/// revision. Links and derived rows are left to the group's derivation (`save::Deferred`).
pub(crate) async fn append_revisions(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    appended: &[(i32, &NewRevision)],
) -> QueryResult<()> {
    let Some(&(latest, _)) = appended.last() else {
        return Ok(());
    };
    let pipelined: &AsyncPgConnection = conn;
    let inserts = appended
        .chunks(ROWS_PER_INSERT)
        .map(|chunk| insert_revisions(pipelined, page_id, chunk));
    futures_util::try_join!(
        futures_util::future::try_join_all(inserts),
        set_latest_rev(pipelined, page_id, latest),
    )?;
    Ok(())
}

async fn insert_revisions(
    mut conn: &AsyncPgConnection,
    page_id: Uuid,
    appended: &[(i32, &NewRevision)],
) -> QueryResult<()> {
    let rows: Vec<RevisionRow<'_>> = appended
        .iter()
        .map(|&(number, new)| RevisionRow::new(page_id, number, new, None))
        .collect();
    diesel::insert_into(revisions::table)
        .values(rows)
        .execute(&mut conn)
        .await?;
    Ok(())
}

diesel::define_sql_function! {
    /// Replaces a page's outgoing links and says how many changed: see the migrations
    /// `2026-12-04-000100_quiet_save_triggers` and `2026-12-05-000100_save_functions` (links
    /// kept are neither written nor locked). A function, so that PostgreSQL keeps its plan (a
    /// statement sent as text is planned again at each save).
    #[sql_name = "replace_links"]
    fn replace_links_of_page(
        page: diesel::sql_types::Uuid,
        keys: diesel::sql_types::Array<diesel::sql_types::Text>,
        names: diesel::sql_types::Array<diesel::sql_types::Text>,
    ) -> diesel::sql_types::Integer;
}

/// Makes the page's outgoing links those of its text, in one call that writes only the
/// links that changed: most saves keep their links, and rewriting them all cost two round trips,
/// index churn and a cache notification per row for nothing. The two parts touch disjoint keys
/// (the delete those not linked any more, the upsert those linked now).
pub(crate) async fn replace_links(
    mut conn: &AsyncPgConnection,
    page_id: Uuid,
    outgoing: &[OutgoingLink],
) -> QueryResult<()> {
    let mut seen = std::collections::HashSet::new();
    let (keys, names): (Vec<&str>, Vec<&str>) = outgoing
        .iter()
        .filter(|link| seen.insert(link.key.as_str()))
        .map(|link| (link.key.as_str(), link.name.as_str()))
        .unzip();
    diesel::select(replace_links_of_page(page_id, keys, names))
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// [`replace_links`] when the links are given; `None` leaves them to a group of saves'
/// derivation (`save::Deferred`).
async fn replace_links_if(
    conn: &AsyncPgConnection,
    page_id: Uuid,
    links: Option<&[OutgoingLink]>,
) -> QueryResult<()> {
    match links {
        Some(links) => replace_links(conn, page_id, links).await,
        None => Ok(()),
    }
}

/// Pages linking to any name of the pages `created` re-render: after a group of saves has
/// committed (`save::Linkers`), in one statement of its own that holds no other row. It locks
/// the linkers in the order of their ids, as [`invalidate_linkers`] does, so it cannot wait
/// crosswise for another bump; a save holding its own page while bumping its linkers still can,
/// and the statement is then run again (nothing of it was kept). A linker's view rendered
/// between the group's commit and this bump shows the link as missing until then.
///
/// Bumping the linkers one statement at a time instead (each its own commit and WAL flush)
/// took a sixth of a 100,000-revision import's time: 35,000 commits.
pub(crate) async fn invalidate_linkers_of_created(
    conn: &mut AsyncPgConnection,
    created: &[Uuid],
) -> QueryResult<()> {
    if created.is_empty() {
        return Ok(());
    }
    let mut attempts = 1;
    loop {
        match bump_linkers(conn, created).await {
            Err(err) if crate::db::is_transient(&err) && attempts < crate::db::ATTEMPTS => {
                attempts += 1;
            }
            done => return done,
        }
    }
}

/// Pages linking to any name of `page_id` must re-render: their links changed colour or target
/// (or, after a permission change, whether they may be shown to everyone).
///
/// Their rows are locked in the order of their ids: two writers invalidating overlapping sets
/// then never wait for each other crosswise.
pub(crate) async fn invalidate_linkers(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
) -> QueryResult<()> {
    bump_linkers(conn, &[page_id]).await
}

/// Bumps the render generation of the pages linking to any name of `linked_to`, locking them in
/// the order of their ids, so that two bumps never wait for each other crosswise.
async fn bump_linkers(conn: &mut AsyncPgConnection, linked_to: &[Uuid]) -> QueryResult<()> {
    diesel::sql_query(
        "UPDATE pages SET render_generation = render_generation + 1 \
         WHERE id IN (SELECT id FROM pages \
                      WHERE id IN (SELECT l.from_page FROM links l \
                                   JOIN page_names n ON n.name_key = l.to_key \
                                   WHERE n.page_id = ANY ($1)) \
                      ORDER BY id FOR NO KEY UPDATE)",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(linked_to)
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn set_deleted(
    conn: &mut AsyncPgConnection,
    page: &Page,
    deleted: bool,
    author: &Author,
    reason: &str,
) -> QueryResult<()> {
    let deleted_at = if deleted {
        Some(OffsetDateTime::now_utc())
    } else {
        None
    };
    diesel::update(pages::table.find(page.id))
        .set(pages::deleted_at.eq(deleted_at))
        .execute(conn)
        .await?;
    diesel::insert_into(page_events::table)
        .values((
            page_events::page_id.eq(page.id),
            page_events::kind.eq(if deleted {
                EventKind::Delete
            } else {
                EventKind::Undelete
            }),
            page_events::author_id.eq(author.id),
            page_events::author_name.eq(&author.name),
            page_events::reason.eq(reason),
        ))
        .execute(conn)
        .await?;
    invalidate_linkers(conn, page.id).await
}

/// What the tables derived from a page's text should now reflect.
pub(crate) enum Derivation<'a> {
    /// The page's latest text under its current name; `previous` is the text the derived rows
    /// were made from ("" when the page has none: created, or coming back from deletion).
    Text {
        name: &'a str,
        body: &'a str,
        previous: &'a str,
    },
    /// The page was deleted.
    Gone,
}

/// Brings every table derived from a page's text (each kind's, see `kind::Kind::after_save`) in step,
/// inside the writing transaction: from its current name and latest text, or, for a page that
/// left, by removing its rows. Invariant: those rows are always derived from the latest text of
/// a page that is not deleted, which is what lets a save skip the rows its previous text could
/// not have had.
pub(crate) async fn derive(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    page_id: Uuid,
    derivation: Derivation<'_>,
) -> QueryResult<()> {
    match derivation {
        Derivation::Text {
            name,
            body,
            previous,
        } => {
            for kind in kinds.all() {
                kind.after_save(conn, page_id, name, body, previous).await?;
            }
        }
        Derivation::Gone => {
            for kind in kinds.all() {
                kind.forget(conn, page_id).await?;
            }
        }
    }
    Ok(())
}

/// Builds the search document of a page this transaction just saved and takes it out of the
/// search queue (the database function `search_index_saved`: a document that cannot be built
/// leaves the page queued, and the save goes on).
pub(crate) async fn index_saved(conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<()> {
    diesel::sql_query("SELECT search_index_saved($1)")
        .bind::<diesel::sql_types::Uuid, _>(page_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Soft-deletes or brings back a page. Returns false when it already was in that state.
pub async fn change_deletion(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    page_id: Uuid,
    deleted: bool,
    author: &Author,
    reason: &str,
) -> QueryResult<bool> {
    let author = author.clone();
    let reason = reason.to_owned();
    conn.transaction::<_, DieselError, _>(async |conn| {
        let page = pages::table
            .find(page_id)
            .select(Page::as_select())
            .for_update()
            .first::<Page>(conn)
            .await?;
        if page.deleted_at.is_some() == deleted {
            return Ok(false);
        }
        set_deleted(conn, &page, deleted, &author, &reason).await?;
        if deleted {
            derive(conn, kinds, page.id, Derivation::Gone).await?;
        } else {
            let body = latest_body(conn, &page).await?;
            let text = Derivation::Text {
                name: &page.name,
                body: &body,
                previous: "",
            };
            derive(conn, kinds, page.id, text).await?;
        }
        Ok(true)
    })
    .await
}

pub enum RenameOutcome {
    Renamed,
    /// The name is (or was) another page's.
    Taken {
        existing: String,
    },
    Unchanged,
}

/// Gives a page a new name. The old names stay in `page_names`, so they keep redirecting and no
/// other page can take them; renaming back to a former name of the same page is allowed.
pub async fn rename(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    page_id: Uuid,
    to: &PageName,
    author: &Author,
    reason: &str,
) -> QueryResult<RenameOutcome> {
    let to = to.clone();
    let author = author.clone();
    let reason = reason.to_owned();
    conn.transaction::<_, DieselError, _>(async |conn| {
        let page = pages::table
            .find(page_id)
            .select(Page::as_select())
            .for_update()
            .first::<Page>(conn)
            .await?;
        if page.name == to.as_str() {
            return Ok(RenameOutcome::Unchanged);
        }
        let owner: Option<(Uuid, String)> = page_names::table
            .inner_join(pages::table)
            .filter(page_names::name_key.eq(to.key()))
            .select((pages::id, pages::name))
            .first(conn)
            .await
            .optional()?;
        match owner {
            Some((owner, existing)) if owner != page.id => {
                return Ok(RenameOutcome::Taken { existing });
            }
            Some(_) => {
                diesel::update(page_names::table.find(to.key()))
                    .set(page_names::name.eq(to.as_str()))
                    .execute(conn)
                    .await?;
            }
            None => {
                diesel::insert_into(page_names::table)
                    .values((
                        page_names::name_key.eq(to.key()),
                        page_names::page_id.eq(page.id),
                        page_names::name.eq(to.as_str()),
                    ))
                    .execute(conn)
                    .await?;
            }
        }
        diesel::update(pages::table.find(page.id))
            .set((
                pages::name.eq(to.as_str()),
                pages::name_key.eq(to.key()),
                pages::updated_at.eq(diesel::dsl::now),
                pages::render_generation.eq(pages::render_generation + 1),
            ))
            .execute(conn)
            .await?;
        diesel::insert_into(page_events::table)
            .values((
                page_events::page_id.eq(page.id),
                page_events::kind.eq(EventKind::Rename),
                page_events::old_name.eq(&page.name),
                page_events::new_name.eq(to.as_str()),
                page_events::author_id.eq(author.id),
                page_events::author_name.eq(&author.name),
                page_events::reason.eq(&reason),
            ))
            .execute(conn)
            .await?;
        invalidate_linkers(conn, page.id).await?;
        for kind in kinds.all() {
            kind.after_naming(conn, page.id, &to, Naming::Renamed)
                .await?;
        }
        Ok(RenameOutcome::Renamed)
    })
    .await
}

/// Lets only administrators change the page named `name` (its write list becomes the owner
/// entry `%`, which no author of a page the wiki created matches; admins pass every list),
/// unless a list was set already.
pub async fn reserve_for_admins(conn: &mut AsyncPgConnection, name: &PageName) -> QueryResult<()> {
    diesel::update(pages::table)
        .filter(pages::name_key.eq(name.key()))
        .filter(pages::write_acl.is_null())
        .set(pages::write_acl.eq(Some(vec!["%".to_owned()])))
        .execute(conn)
        .await?;
    Ok(())
}

/// The pages whose rendered HTML frames every view (site menu and footer), by key.
pub async fn by_keys(conn: &mut AsyncPgConnection, keys: &[&str]) -> QueryResult<Vec<Page>> {
    pages::table
        .filter(pages::name_key.eq_any(keys))
        .filter(pages::deleted_at.is_null())
        .select(Page::as_select())
        .load(conn)
        .await
}

pub async fn latest_body(conn: &mut AsyncPgConnection, page: &Page) -> QueryResult<String> {
    revisions::table
        .find((page.id, page.latest_rev))
        .select(revisions::body)
        .first(conn)
        .await
}
