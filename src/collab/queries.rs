//! Presence in PostgreSQL, so every app instance sees the same people: one row per page and
//! editor session, refreshed while the editor is open, ignored once older than
//! [`WINDOW_MINUTES`]. Times are compared by the database's clock (the one that stamped
//! `last_seen`), so app instances with skewed clocks agree.

use diesel::dsl::{IntervalDsl, now};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::Timestamptz;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::editor_presence;

/// How long an opened editor counts as "editing now" without a refresh. Without JavaScript
/// opening the editor is the only signal; with it, the editor refreshes every 30 seconds.
pub const WINDOW_MINUTES: i32 = 5;

/// Records that `session` has the editor of the page `page_key` open, and forgets every
/// presence that expired (an indexed delete, so the table stays the size of current activity).
pub async fn record(
    conn: &mut AsyncPgConnection,
    page_key: &str,
    session: Uuid,
) -> QueryResult<()> {
    diesel::insert_into(editor_presence::table)
        .values((
            editor_presence::page_key.eq(page_key),
            editor_presence::session_id.eq(session),
        ))
        .on_conflict((editor_presence::page_key, editor_presence::session_id))
        .do_update()
        .set(editor_presence::last_seen.eq(now))
        .execute(conn)
        .await?;
    diesel::delete(editor_presence::table.filter(
        editor_presence::last_seen.lt(now.into_sql::<Timestamptz>() - WINDOW_MINUTES.minutes()),
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that `session` closed the editor of `page_key` (saved, or left the page).
pub async fn leave(conn: &mut AsyncPgConnection, page_key: &str, session: Uuid) -> QueryResult<()> {
    diesel::delete(
        editor_presence::table
            .filter(editor_presence::page_key.eq(page_key))
            .filter(editor_presence::session_id.eq(session)),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// How many editor sessions other than `me` have the editor of `page_key` open now.
pub async fn others(
    conn: &mut AsyncPgConnection,
    page_key: &str,
    me: Option<Uuid>,
) -> QueryResult<i64> {
    let mut query = editor_presence::table
        .filter(editor_presence::page_key.eq(page_key))
        .filter(
            editor_presence::last_seen.gt(now.into_sql::<Timestamptz>() - WINDOW_MINUTES.minutes()),
        )
        .count()
        .into_boxed();
    if let Some(me) = me {
        query = query.filter(editor_presence::session_id.ne(me));
    }
    query.get_result(conn).await
}
