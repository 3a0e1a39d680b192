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

use crate::db::schema::{editor_presence, users};

/// How long an opened editor counts as "editing now" without a refresh. Without JavaScript
/// opening the editor is the only signal; with it, the editor refreshes every 30 seconds.
pub const WINDOW_MINUTES: i32 = 5;

/// Records that `session` (of `user`, when signed in) has the editor of the page `page_key`
/// open, and forgets every presence that expired (an indexed delete, so the table stays the
/// size of current activity).
pub async fn record(
    conn: &mut AsyncPgConnection,
    page_key: &str,
    session: Uuid,
    user: Option<Uuid>,
) -> QueryResult<()> {
    diesel::insert_into(editor_presence::table)
        .values((
            editor_presence::page_key.eq(page_key),
            editor_presence::session_id.eq(session),
            editor_presence::user_id.eq(user),
        ))
        .on_conflict((editor_presence::page_key, editor_presence::session_id))
        .do_update()
        .set((
            editor_presence::last_seen.eq(now),
            editor_presence::user_id.eq(user),
        ))
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

/// The other people with an editor of a page open now: signed-in ones by name, anonymous
/// ones as a count (their only identity is a browser cookie, which must not be shown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Others {
    pub names: Vec<String>,
    pub anonymous: i64,
}

impl Others {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.anonymous == 0
    }
}

/// Who else has the editor of `page_key` open now: every session but `me`, and none of
/// `my_user`'s other browsers (someone is not "also editing" with themselves).
pub async fn others(
    conn: &mut AsyncPgConnection,
    page_key: &str,
    me: Option<Uuid>,
    my_user: Option<Uuid>,
) -> QueryResult<Others> {
    let mut query = editor_presence::table
        .left_join(users::table.on(editor_presence::user_id.eq(users::id.nullable())))
        .filter(editor_presence::page_key.eq(page_key))
        .filter(
            editor_presence::last_seen.gt(now.into_sql::<Timestamptz>() - WINDOW_MINUTES.minutes()),
        )
        .select(users::name.nullable())
        .into_boxed();
    if let Some(me) = me {
        query = query.filter(editor_presence::session_id.ne(me));
    }
    if let Some(user) = my_user {
        query = query.filter(
            editor_presence::user_id
                .is_null()
                .or(editor_presence::user_id.ne(user)),
        );
    }
    let rows: Vec<Option<String>> = query.load(conn).await?;
    let mut others = Others::default();
    for row in rows {
        match row {
            Some(name) => others.names.push(name),
            None => others.anonymous += 1,
        }
    }
    others.names.sort_by_key(|name| name.to_lowercase());
    others.names.dedup();
    Ok(others)
}
