//! The SQL of live editing: the rooms, their updates as they arrive (each sent to the other
//! instances with its commit, `pg_notify`), the lock a save takes, the compaction that
//! follows it, and the co-authors of a revision.

use diesel::prelude::*;
use diesel::sql_types::{Array, Bytea, Int8, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::{live_rooms, live_updates, pages, revision_coauthors};
use crate::identity::Author;
use crate::model::Page;

/// The channel instances relay live updates and presence on (see `live::relay`).
pub const CHANNEL: &str = "coopwiki_live";

/// One stored update of a live document, with who typed it (`None`: the server, merging a
/// plain save in, or the compacted state of earlier rows already credited).
#[derive(Debug, Queryable)]
pub struct StoredUpdate {
    pub id: i64,
    pub body: Vec<u8>,
    pub author_id: Option<Uuid>,
    pub author_name: Option<String>,
}

/// Makes sure `page` has a live document, starting from its latest revision: the first
/// instance to open it writes the update that creates the text (see
/// `document::initial_update`); one that loses the race waits for that commit and writes
/// nothing.
pub async fn open(
    conn: &mut AsyncPgConnection,
    page: &Page,
    initial: impl FnOnce(&str) -> Vec<u8>,
) -> QueryResult<()> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        live_rooms::table.filter(live_rooms::page_id.eq(page.id)),
    ))
    .get_result(conn)
    .await?;
    if exists {
        return Ok(());
    }
    let body = crate::pages::queries::latest_body(conn, page).await?;
    let first = initial(&body);
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let created = diesel::insert_into(live_rooms::table)
            .values((
                live_rooms::page_id.eq(page.id),
                live_rooms::base_revision.eq(page.latest_rev),
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        if created == 1 {
            diesel::insert_into(live_updates::table)
                .values((
                    live_updates::page_id.eq(page.id),
                    live_updates::body.eq(first),
                ))
                .execute(conn)
                .await?;
        }
        Ok(())
    })
    .await
}

/// Every stored update of a live document, in the order they were accepted.
pub async fn updates(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
) -> QueryResult<Vec<StoredUpdate>> {
    live_updates::table
        .filter(live_updates::page_id.eq(page_id))
        .order(live_updates::id)
        .select((
            live_updates::id,
            live_updates::body,
            live_updates::author_id,
            live_updates::author_name,
        ))
        .load(conn)
        .await
}

/// Pages whose live document holds typing no revision holds yet, none of it newer than
/// `quiet` (through the partial index `live_updates_unsaved`), at most `limit`.
pub async fn unsaved_since(
    conn: &mut AsyncPgConnection,
    quiet: std::time::Duration,
    limit: i64,
) -> QueryResult<Vec<Uuid>> {
    #[derive(QueryableByName)]
    struct Waiting {
        #[diesel(sql_type = SqlUuid)]
        page_id: Uuid,
    }
    let waiting: Vec<Waiting> = diesel::sql_query(
        "SELECT page_id FROM live_updates WHERE author_name IS NOT NULL
         GROUP BY page_id HAVING max(created_at) < now() - make_interval(secs => $1)
         ORDER BY max(created_at) LIMIT $2",
    )
    .bind::<diesel::sql_types::Double, _>(quiet.as_secs_f64())
    .bind::<Int8, _>(limit)
    .load(conn)
    .await?;
    Ok(waiting.into_iter().map(|row| row.page_id).collect())
}

/// One stored update, for an instance told of one too large to travel in a notification.
pub async fn update(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Vec<u8>>> {
    live_updates::table
        .find(id)
        .select(live_updates::body)
        .first(conn)
        .await
        .optional()
}

#[derive(QueryableByName)]
struct Inserted {
    #[diesel(sql_type = Int8)]
    id: i64,
}

/// Keeps an accepted update and tells every instance of it, in one statement: the
/// notification leaves with the commit, so no instance hears of an update that is not stored.
/// `header` starts the notification (`relay::Relayed`'s format); the update follows it inline
/// when it is small enough for a notification, else its row id after `@`.
pub async fn store(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    body: &[u8],
    author: Option<&Author>,
    header: &str,
    inline: Option<&str>,
) -> QueryResult<i64> {
    let inserted: Inserted = diesel::sql_query(
        "WITH stored AS (
             INSERT INTO live_updates (page_id, body, author_id, author_name)
             VALUES ($1, $2, $3, $4) RETURNING id)
         SELECT id, pg_notify($5, $6 || coalesce($7, '@' || id::text)) FROM stored",
    )
    .bind::<SqlUuid, _>(page_id)
    .bind::<Bytea, _>(body)
    .bind::<Nullable<SqlUuid>, _>(author.and_then(|a| a.id))
    .bind::<Nullable<Text>, _>(author.map(|a| a.name.as_str()))
    .bind::<Text, _>(CHANNEL)
    .bind::<Text, _>(header)
    .bind::<Nullable<Text>, _>(inline)
    .get_result(conn)
    .await?;
    Ok(inserted.id)
}

/// Tells the other instances something that is not stored (presence).
pub async fn announce(conn: &mut AsyncPgConnection, payload: &str) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_notify($1, $2)")
        .bind::<Text, _>(CHANNEL)
        .bind::<Text, _>(payload)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Locks a live document for a save or a merge (other instances' updates still go in: they
/// only take a key-share lock through their foreign key), and says which revision it is in
/// step with. `None`: the page has no live document.
pub async fn lock(conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<Option<i32>> {
    live_rooms::table
        .find(page_id)
        .select(live_rooms::base_revision)
        .for_no_key_update()
        .first(conn)
        .await
        .optional()
}

/// The page of a live document, as it is now.
pub async fn page(conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<Option<Page>> {
    pages::table
        .find(page_id)
        .select(Page::as_select())
        .first(conn)
        .await
        .optional()
}

/// The page and the revision its live document is in step with: what a room checks to learn
/// that a plain save came in, or that the permissions changed.
pub async fn page_and_base(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
) -> QueryResult<Option<(Page, Option<i32>)>> {
    pages::table
        .left_join(live_rooms::table)
        .filter(pages::id.eq(page_id))
        .select((Page::as_select(), live_rooms::base_revision.nullable()))
        .first(conn)
        .await
        .optional()
}

/// After a save: the rows it covered become one, holding the whole document, in the place of
/// the first (so it stays before every row not covered), credited to nobody since the
/// revision credits them. Rows are named one by one: an update stored meanwhile, even with a
/// smaller id, stays as it is, to be credited by the next revision.
pub async fn compact(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    covered: &[i64],
    state: &[u8],
    base_revision: i32,
) -> QueryResult<()> {
    if let Some((first, rest)) = covered.split_first() {
        diesel::update(live_updates::table.find(first))
            .set((
                live_updates::body.eq(state),
                live_updates::author_id.eq(None::<Uuid>),
                live_updates::author_name.eq(None::<String>),
            ))
            .execute(conn)
            .await?;
        if !rest.is_empty() {
            diesel::sql_query("DELETE FROM live_updates WHERE id = ANY($1)")
                .bind::<Array<Int8>, _>(rest)
                .execute(conn)
                .await?;
        }
    }
    diesel::update(live_rooms::table.find(page_id))
        .set(live_rooms::base_revision.eq(base_revision))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records the people besides its author who wrote a revision.
pub async fn add_coauthors(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    number: i32,
    coauthors: &[Author],
) -> QueryResult<()> {
    let rows: Vec<_> = coauthors
        .iter()
        .map(|author| {
            (
                revision_coauthors::page_id.eq(page_id),
                revision_coauthors::number.eq(number),
                revision_coauthors::author_id.eq(author.id),
                revision_coauthors::author_name.eq(author.name.as_str()),
            )
        })
        .collect();
    diesel::insert_into(revision_coauthors::table)
        .values(rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|_| ())
}

/// A page's base revision moved on without a save from the room (a plain save merged in).
pub async fn set_base(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    base_revision: i32,
) -> QueryResult<()> {
    diesel::update(live_rooms::table.find(page_id))
        .set(live_rooms::base_revision.eq(base_revision))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The co-authors of some revisions of a page (name, and whether it is an account), by
/// revision number: what history shows beside each author.
pub async fn coauthors(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    numbers: &[i32],
) -> QueryResult<std::collections::HashMap<i32, Vec<(String, bool)>>> {
    let rows: Vec<(i32, String, Option<Uuid>)> = revision_coauthors::table
        .filter(revision_coauthors::page_id.eq(page_id))
        .filter(revision_coauthors::number.eq_any(numbers))
        .order((revision_coauthors::number, revision_coauthors::author_name))
        .select((
            revision_coauthors::number,
            revision_coauthors::author_name,
            revision_coauthors::author_id,
        ))
        .load(conn)
        .await?;
    let mut by_number = std::collections::HashMap::<i32, Vec<(String, bool)>>::new();
    for (number, name, id) in rows {
        by_number
            .entry(number)
            .or_default()
            .push((name, id.is_some()));
    }
    Ok(by_number)
}
