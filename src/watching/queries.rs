//! The watches' SQL: following and unfollowing a page, the visit that marks it seen, the
//! watchlist (readable pages only, filtered in SQL), and the secret feed address.

use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::ReadFilter;
use crate::db::schema::{comments, pages, revisions, watch_feeds, watches};
use crate::identity::User;

/// A watch as the page view needs it.
#[derive(Debug, Clone, Copy)]
pub struct Watch {
    pub seen_rev: i32,
    pub seen_at: OffsetDateTime,
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    page: Uuid,
) -> QueryResult<Option<Watch>> {
    let row: Option<(i32, OffsetDateTime)> = watches::table
        .find((user, page))
        .select((watches::seen_rev, watches::seen_at))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(seen_rev, seen_at)| Watch { seen_rev, seen_at }))
}

/// Starts watching a page as it is now (nothing is "new" at first).
pub async fn watch(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    page: Uuid,
    latest_rev: i32,
) -> QueryResult<()> {
    diesel::insert_into(watches::table)
        .values((
            watches::user_id.eq(user),
            watches::page_id.eq(page),
            watches::seen_rev.eq(latest_rev),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn unwatch(conn: &mut AsyncPgConnection, user: Uuid, page: Uuid) -> QueryResult<()> {
    diesel::delete(watches::table.find((user, page)))
        .execute(conn)
        .await?;
    Ok(())
}

/// The watcher has seen the page as it is now: its latest revision and every comment so far.
pub async fn seen(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    page: Uuid,
    latest_rev: i32,
) -> QueryResult<()> {
    diesel::update(watches::table.find((user, page)))
        .set((
            watches::seen_rev.eq(latest_rev),
            watches::seen_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks every watched page seen, as it is now.
pub async fn all_seen(conn: &mut AsyncPgConnection, user: Uuid) -> QueryResult<()> {
    diesel::sql_query(
        "UPDATE watches w SET seen_rev = p.latest_rev, seen_at = now() \
         FROM pages p WHERE p.id = w.page_id AND w.user_id = $1",
    )
    .bind::<SqlUuid, _>(user)
    .execute(conn)
    .await?;
    Ok(())
}

/// Revisions of a page after `seen_rev` by others than `user` (their own edits are no news).
pub async fn revisions_by_others_since(
    conn: &mut AsyncPgConnection,
    page: Uuid,
    seen_rev: i32,
    user: Uuid,
) -> QueryResult<i64> {
    revisions::table
        .filter(revisions::page_id.eq(page))
        .filter(revisions::number.gt(seen_rev))
        .filter(revisions::author_id.is_distinct_from(user))
        .select(count_star())
        .get_result(conn)
        .await
}

/// Published comments on a page after `since`, by others than `user`.
pub async fn comments_since(
    conn: &mut AsyncPgConnection,
    page: Uuid,
    since: OffsetDateTime,
    user: Uuid,
) -> QueryResult<i64> {
    comments::table
        .filter(comments::page_id.eq(page))
        .filter(comments::created_at.gt(since))
        .filter(comments::pending.eq(false))
        .filter(comments::removed_at.is_null())
        .filter(comments::author_id.is_distinct_from(user))
        .select(count_star())
        .get_result(conn)
        .await
}

/// One line of a watchlist.
#[derive(Debug, Clone, QueryableByName)]
pub struct Watched {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub latest_rev: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub seen_rev: i32,
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub updated_at: OffsetDateTime,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub deleted: bool,
    /// Revisions by others since the last visit.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub new_revisions: i64,
    /// Comments by others since the last visit.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub new_comments: i64,
}

impl Watched {
    pub fn changed(&self) -> bool {
        self.new_revisions > 0 || self.new_comments > 0
    }
}

/// Most watched pages shown: a watchlist is a person's, not a site's.
pub const MAX_WATCHED: i64 = 1000;

/// The pages `user` watches that `readable` lets them read, the changed ones first, then by
/// their last change.
pub async fn watchlist(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    readable: &ReadFilter,
) -> QueryResult<Vec<Watched>> {
    let mut sql = crate::db::sql::Sql::default();
    let who = sql.bind(crate::db::sql::Bind::Uuid(Some(user)));
    let read = readable.bind(&mut sql).page("p");
    let text = format!(
        "SELECT p.name, p.latest_rev, w.seen_rev, p.updated_at, p.deleted_at IS NOT NULL AS deleted, \
         (SELECT count(*) FROM revisions r WHERE r.page_id = p.id AND r.number > w.seen_rev \
          AND r.author_id IS DISTINCT FROM w.user_id) AS new_revisions, \
         (SELECT count(*) FROM comments c WHERE c.page_id = p.id AND c.created_at > w.seen_at \
          AND NOT c.pending AND c.removed_at IS NULL AND c.author_id IS DISTINCT FROM w.user_id) \
          AS new_comments \
         FROM watches w JOIN pages p ON p.id = w.page_id \
         WHERE w.user_id = {who} AND {read} \
         ORDER BY (p.latest_rev > w.seen_rev) DESC, p.updated_at DESC LIMIT {MAX_WATCHED}"
    );
    sql.query(text).load(conn).await
}

/// The ids of the readable pages `user` watches.
pub async fn watched_pages(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    readable: &ReadFilter,
) -> QueryResult<Vec<Uuid>> {
    watches::table
        .inner_join(pages::table)
        .filter(watches::user_id.eq(user))
        .filter(readable.pages())
        .select(pages::id)
        .limit(MAX_WATCHED)
        .load(conn)
        .await
}

/// Gives `user` a new secret feed address (its hash), revoking the previous one.
pub async fn replace_feed(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    token_hash: &[u8],
) -> QueryResult<()> {
    diesel::insert_into(watch_feeds::table)
        .values((
            watch_feeds::user_id.eq(user),
            watch_feeds::token_hash.eq(token_hash),
        ))
        .on_conflict(watch_feeds::user_id)
        .do_update()
        .set((
            watch_feeds::token_hash.eq(token_hash),
            watch_feeds::created_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn revoke_feed(conn: &mut AsyncPgConnection, user: Uuid) -> QueryResult<()> {
    diesel::delete(watch_feeds::table.find(user))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn has_feed(conn: &mut AsyncPgConnection, user: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(watch_feeds::table.find(user)))
        .get_result(conn)
        .await
}

/// The person whose feed address hashes to `token_hash`, with their groups (the feed reads
/// with their rights).
pub async fn feed_owner(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> QueryResult<Option<User>> {
    let owner: Option<Uuid> = watch_feeds::table
        .filter(watch_feeds::token_hash.eq(token_hash))
        .select(watch_feeds::user_id)
        .first(conn)
        .await
        .optional()?;
    match owner {
        Some(id) => crate::accounts::queries::user_by_id(conn, id).await,
        None => Ok(None),
    }
}

/// A catalogue search someone watches.
#[derive(Debug, Clone, Queryable)]
pub struct WatchedSearch {
    pub id: i64,
    pub query: String,
    pub seen_at: OffsetDateTime,
}

/// Most searches one person watches.
pub const MAX_SEARCHES: i64 = 50;

pub async fn watch_search(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    query: &str,
) -> QueryResult<()> {
    use crate::db::schema::watched_searches as w;
    diesel::insert_into(w::table)
        .values((w::user_id.eq(user), w::query.eq(query)))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn searches(conn: &mut AsyncPgConnection, user: Uuid) -> QueryResult<Vec<WatchedSearch>> {
    use crate::db::schema::watched_searches as w;
    w::table
        .filter(w::user_id.eq(user))
        .order(w::created_at)
        .limit(MAX_SEARCHES)
        .select((w::id, w::query, w::seen_at))
        .load(conn)
        .await
}

/// Marks a watched search seen, and gives its query; `None` when it is not this person's.
pub async fn search_seen(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    id: i64,
) -> QueryResult<Option<String>> {
    use crate::db::schema::watched_searches as w;
    diesel::update(w::table.filter(w::id.eq(id)).filter(w::user_id.eq(user)))
        .set(w::seen_at.eq(diesel::dsl::now))
        .returning(w::query)
        .get_result(conn)
        .await
        .optional()
}

pub async fn forget_search(conn: &mut AsyncPgConnection, user: Uuid, id: i64) -> QueryResult<()> {
    use crate::db::schema::watched_searches as w;
    diesel::delete(w::table.filter(w::id.eq(id)).filter(w::user_id.eq(user)))
        .execute(conn)
        .await?;
    Ok(())
}
