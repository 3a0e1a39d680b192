//! The discussions' SQL: threads, one comment and its edits, the moderation queue, and the
//! listings across pages (recent changes, the feed, a person's comments, the API), each of
//! which keeps only the comments of pages the visitor may read, in SQL and before its limit.

use diesel::dsl::count_star;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::Bool;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::ReadFilter;
use crate::db::schema::{comment_edits, comments, pages};

/// One comment as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments)]
pub struct Comment {
    pub id: i64,
    pub page_id: Uuid,
    pub reply_to: Option<i64>,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub body: String,
    pub is_field_note: bool,
    pub group_size: Option<i32>,
    pub duration_minutes: Option<i32>,
    pub pending: bool,
    pub created_at: OffsetDateTime,
    pub edited_at: Option<OffsetDateTime>,
    pub removed_at: Option<OffsetDateTime>,
    pub removed_by_name: Option<String>,
}

impl Comment {
    pub fn is_removed(&self) -> bool {
        self.removed_at.is_some()
    }
}

/// A comment about to be written.
#[derive(Debug, Insertable)]
#[diesel(table_name = comments)]
pub struct NewComment<'a> {
    pub page_id: Uuid,
    pub reply_to: Option<i64>,
    pub author_id: Option<Uuid>,
    pub author_name: &'a str,
    pub body: &'a str,
    pub is_field_note: bool,
    pub group_size: Option<i32>,
    pub duration_minutes: Option<i32>,
    pub pending: bool,
}

/// Which comments waiting for a moderator a visitor sees in a thread: all of them (the page's
/// moderators), their own, or none.
#[derive(Debug, Clone, Copy)]
pub struct Seeing {
    pub moderator: bool,
    pub viewer: Option<Uuid>,
}

/// `comments` rows this visitor may see on a page they may read.
fn visible(seeing: Seeing) -> Box<dyn BoxableExpression<comments::table, Pg, SqlType = Bool>> {
    if seeing.moderator {
        return Box::new(diesel::dsl::sql::<Bool>("true"));
    }
    match seeing.viewer {
        Some(viewer) => Box::new(
            comments::pending
                .eq(false)
                .or(comments::author_id.is_not_distinct_from(viewer)),
        ),
        None => Box::new(comments::pending.eq(false)),
    }
}

/// Which top-level comments of a thread to load.
#[derive(Debug, Clone, Copy)]
pub enum Window {
    /// The latest ones (what a page shows below its text).
    Latest(i64),
    /// `limit` of them from the `offset`-th.
    Page { limit: i64, offset: i64 },
}

/// Part of a thread: top-level comments, oldest first, each followed by its replies; and how
/// many top-level comments there are in all.
pub async fn thread(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    seeing: Seeing,
    window: Window,
) -> QueryResult<(Vec<Comment>, i64)> {
    let total = threads(conn, page_id, seeing).await?;
    let (limit, offset) = match window {
        Window::Latest(limit) => (limit, (total - limit).max(0)),
        Window::Page { limit, offset } => (limit, offset),
    };
    let tops: Vec<Comment> = comments::table
        .filter(comments::page_id.eq(page_id))
        .filter(comments::reply_to.is_null())
        .filter(visible(seeing))
        .order((comments::created_at, comments::id))
        .limit(limit)
        .offset(offset)
        .select(Comment::as_select())
        .load(conn)
        .await?;
    let ids: Vec<i64> = tops.iter().map(|c| c.id).collect();
    let replies: Vec<Comment> = comments::table
        .filter(comments::reply_to.eq_any(&ids))
        .filter(visible(seeing))
        .order((comments::created_at, comments::id))
        .select(Comment::as_select())
        .load(conn)
        .await?;
    let mut ordered = Vec::with_capacity(tops.len() + replies.len());
    for top in tops {
        let id = top.id;
        ordered.push(top);
        ordered.extend(replies.iter().filter(|r| r.reply_to == Some(id)).cloned());
    }
    Ok((ordered, total))
}

/// How many top-level comments of a page's thread come before the comment `top`.
pub async fn threads_before(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    seeing: Seeing,
    top: i64,
) -> QueryResult<i64> {
    let at: OffsetDateTime = comments::table
        .find(top)
        .select(comments::created_at)
        .get_result(conn)
        .await?;
    comments::table
        .filter(comments::page_id.eq(page_id))
        .filter(comments::reply_to.is_null())
        .filter(visible(seeing))
        .filter(
            comments::created_at
                .lt(at)
                .or(comments::created_at.eq(at).and(comments::id.lt(top))),
        )
        .select(count_star())
        .get_result(conn)
        .await
}

/// How many top-level comments of a page's thread a visitor sees.
pub async fn threads(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    seeing: Seeing,
) -> QueryResult<i64> {
    comments::table
        .filter(comments::page_id.eq(page_id))
        .filter(comments::reply_to.is_null())
        .filter(visible(seeing))
        .select(count_star())
        .get_result(conn)
        .await
}

/// How many comments (replies included, removed ones not) a visitor sees on a page.
pub async fn count(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    seeing: Seeing,
) -> QueryResult<i64> {
    comments::table
        .filter(comments::page_id.eq(page_id))
        .filter(comments::removed_at.is_null())
        .filter(visible(seeing))
        .select(count_star())
        .get_result(conn)
        .await
}

/// Comments of the page `page_id` waiting for a moderator.
pub async fn count_waiting(conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<i64> {
    comments::table
        .filter(comments::page_id.eq(page_id))
        .filter(comments::pending.eq(true))
        .filter(comments::removed_at.is_null())
        .select(count_star())
        .get_result(conn)
        .await
}

/// The comment `id`, if it belongs to the page `page_id`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    id: i64,
) -> QueryResult<Option<Comment>> {
    comments::table
        .filter(comments::id.eq(id))
        .filter(comments::page_id.eq(page_id))
        .select(Comment::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn insert(conn: &mut AsyncPgConnection, comment: &NewComment<'_>) -> QueryResult<i64> {
    diesel::insert_into(comments::table)
        .values(comment)
        .returning(comments::id)
        .get_result(conn)
        .await
}

/// A comment brought from another wiki, with its own time and origin.
#[derive(Debug, Insertable)]
#[diesel(table_name = comments)]
pub struct ImportedComment<'a> {
    pub page_id: Uuid,
    pub reply_to: Option<i64>,
    pub author_id: Option<Uuid>,
    pub author_name: &'a str,
    pub body: &'a str,
    pub created_at: OffsetDateTime,
    /// Unique per page: the same comment imported again is recognised, not doubled.
    pub source: &'a str,
}

/// Writes an imported comment unless the page has it already; its id either way, and
/// whether it was written now.
pub async fn import(
    conn: &mut AsyncPgConnection,
    comment: &ImportedComment<'_>,
) -> QueryResult<(i64, bool)> {
    let written: Option<i64> = diesel::insert_into(comments::table)
        .values(comment)
        .on_conflict_do_nothing()
        .returning(comments::id)
        .get_result(conn)
        .await
        .optional()?;
    if let Some(id) = written {
        return Ok((id, true));
    }
    let id = comments::table
        .filter(comments::page_id.eq(comment.page_id))
        .filter(comments::source.eq(comment.source))
        .select(comments::id)
        .get_result(conn)
        .await?;
    Ok((id, false))
}

/// Replaces a comment's text, keeping the one it had as its next edit, in one transaction
/// (the row locked, so two edits at once both keep their predecessor).
pub async fn edit(conn: &mut AsyncPgConnection, id: i64, body: &str) -> QueryResult<()> {
    let body = body.to_owned();
    conn.transaction::<_, diesel::result::Error, _>(async move |conn| {
        let previous: String = comments::table
            .filter(comments::id.eq(id))
            .select(comments::body)
            .for_update()
            .get_result(conn)
            .await?;
        if previous == body {
            return Ok(());
        }
        let edits: i64 = comment_edits::table
            .filter(comment_edits::comment_id.eq(id))
            .select(count_star())
            .get_result(conn)
            .await?;
        diesel::insert_into(comment_edits::table)
            .values((
                comment_edits::comment_id.eq(id),
                comment_edits::number.eq(i32::try_from(edits).unwrap_or(i32::MAX) + 1),
                comment_edits::body.eq(&previous),
            ))
            .execute(conn)
            .await?;
        diesel::update(comments::table.filter(comments::id.eq(id)))
            .set((
                comments::body.eq(&body),
                comments::edited_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
        Ok(())
    })
    .await
}

/// The texts a comment had before, oldest first, each with the time it was replaced.
pub async fn edits(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<Vec<(String, OffsetDateTime)>> {
    comment_edits::table
        .filter(comment_edits::comment_id.eq(id))
        .order(comment_edits::number)
        .select((comment_edits::body, comment_edits::replaced_at))
        .load(conn)
        .await
}

/// Takes a comment out of its thread, keeping the row (and its text, for the record).
pub async fn remove(conn: &mut AsyncPgConnection, id: i64, by: &str) -> QueryResult<()> {
    diesel::update(
        comments::table
            .filter(comments::id.eq(id))
            .filter(comments::removed_at.is_null()),
    )
    .set((
        comments::removed_at.eq(diesel::dsl::now),
        comments::removed_by_name.eq(by),
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Publishes a comment that waited for a moderator.
pub async fn approve(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<()> {
    diesel::update(comments::table.filter(comments::id.eq(id)))
        .set(comments::pending.eq(false))
        .execute(conn)
        .await?;
    Ok(())
}

/// A comment with the page it is on, for listings across pages.
#[derive(Debug, Clone)]
pub struct OnPage {
    pub page_name: String,
    pub comment: Comment,
}

/// Published comments on readable pages, newest first: all of them, or one person's, or those
/// of the pages `only`.
pub async fn recent(
    conn: &mut AsyncPgConnection,
    readable: &ReadFilter,
    author: Option<Uuid>,
    only: Option<&[Uuid]>,
    limit: i64,
) -> QueryResult<Vec<OnPage>> {
    let mut query = comments::table
        .inner_join(pages::table)
        .filter(readable.pages())
        .filter(pages::deleted_at.is_null())
        .filter(comments::pending.eq(false))
        .into_boxed();
    if let Some(author) = author {
        query = query.filter(comments::author_id.eq(author));
    }
    if let Some(only) = only {
        query = query.filter(comments::page_id.eq_any(only));
    }
    let rows: Vec<(String, Comment)> = query
        .order((comments::created_at.desc(), comments::id.desc()))
        .limit(limit)
        .select((pages::name, Comment::as_select()))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(page_name, comment)| OnPage { page_name, comment })
        .collect())
}

/// Comments waiting for a moderator on the pages this visitor moderates (every page for an
/// administrator, the pages they own otherwise), oldest first.
pub async fn waiting(
    conn: &mut AsyncPgConnection,
    readable: &ReadFilter,
    limit: i64,
) -> QueryResult<Vec<OnPage>> {
    let mut query = comments::table
        .inner_join(pages::table)
        .filter(comments::pending.eq(true))
        .filter(comments::removed_at.is_null())
        .filter(pages::deleted_at.is_null())
        .into_boxed();
    if !readable.is_admin {
        let Some(viewer) = readable.viewer else {
            return Ok(Vec::new());
        };
        query = query
            .filter(pages::owner_id.eq(viewer))
            .filter(readable.pages());
    }
    let rows: Vec<(String, Comment)> = query
        .order((comments::created_at, comments::id))
        .limit(limit)
        .select((pages::name, Comment::as_select()))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(page_name, comment)| OnPage { page_name, comment })
        .collect())
}
