//! Listings across all pages. Each is one indexed query, bounded by a limit, with keyset
//! pagination where the list can be long, so cost does not grow with the size of the wiki.
//!
//! Every listing keeps only the pages the visitor may read, in SQL and before its limit
//! ([`ReadFilter`]): a private page never shows, and never takes the place of one that would.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::ReadFilter;
use crate::db::schema::{page_events, pages, revisions};
use crate::db::sql::{Bind, Sql};
use crate::discussions;
use crate::model::EventKind;

/// One line of recent changes.
#[derive(Debug, Clone)]
pub struct Change {
    pub page_id: Uuid,
    pub page_name: String,
    pub page_deleted: bool,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub at: OffsetDateTime,
    pub what: What,
}

#[derive(Debug, Clone)]
pub enum What {
    Edit {
        number: i32,
        summary: String,
        size_bytes: i32,
        restored_from: Option<i32>,
        merged_with: Option<i32>,
    },
    Rename {
        old_name: String,
        new_name: String,
        reason: String,
    },
    Delete {
        reason: String,
    },
    Undelete {
        reason: String,
    },
    /// A comment in the page's discussion.
    Comment {
        id: i64,
        /// Its opening words; empty once removed.
        excerpt: String,
        reply: bool,
        field_note: bool,
        removed: bool,
    },
}

/// Which changes recent changes lists (`?show=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Show {
    #[default]
    All,
    /// Edits, renames and deletions: what changes the pages themselves.
    Edits,
    Comments,
}

/// The `limit` most recent edits, renames, deletions and comments (as `show` says), newest
/// first.
pub async fn recent_changes(
    conn: &mut AsyncPgConnection,
    readable: &ReadFilter,
    limit: i64,
    show: Show,
) -> QueryResult<Vec<Change>> {
    changes_of(conn, readable, None, limit, show).await
}

/// [`recent_changes`], of the pages `only` when given (a watchlist).
pub async fn changes_of(
    conn: &mut AsyncPgConnection,
    readable: &ReadFilter,
    only: Option<&[Uuid]>,
    limit: i64,
    show: Show,
) -> QueryResult<Vec<Change>> {
    let comments = if show == Show::Edits {
        Vec::new()
    } else {
        discussions::queries::recent(conn, readable, None, only, limit).await?
    };
    let comments = comments.into_iter().map(|on_page| {
        let c = on_page.comment;
        Change {
            page_id: c.page_id,
            page_name: on_page.page_name,
            page_deleted: false,
            author_id: c.author_id,
            author_name: c.author_name,
            at: c.created_at,
            what: What::Comment {
                id: c.id,
                excerpt: if c.removed_at.is_some() {
                    String::new()
                } else {
                    crate::markup::plain_text(&c.body, 160)
                },
                reply: c.reply_to.is_some(),
                field_note: c.is_field_note,
                removed: c.removed_at.is_some(),
            },
        }
    });
    if show == Show::Comments {
        return Ok(comments.collect());
    }
    type EditRow = (
        Uuid,
        String,
        Option<OffsetDateTime>,
        Option<Uuid>,
        String,
        OffsetDateTime,
        i32,
        String,
        i32,
        Option<i32>,
        Option<i32>,
    );
    let mut edits = revisions::table
        .inner_join(pages::table)
        .filter(readable.pages())
        .into_boxed();
    if let Some(only) = only {
        edits = edits.filter(pages::id.eq_any(only));
    }
    let edits: Vec<EditRow> = edits
        .order(revisions::created_at.desc())
        .limit(limit)
        .select((
            pages::id,
            pages::name,
            pages::deleted_at,
            revisions::author_id,
            revisions::author_name,
            revisions::created_at,
            revisions::number,
            revisions::summary,
            revisions::size_bytes,
            revisions::restored_from,
            revisions::merged_with,
        ))
        .load(conn)
        .await?;
    type EventRow = (
        Uuid,
        String,
        Option<OffsetDateTime>,
        Option<Uuid>,
        String,
        OffsetDateTime,
        EventKind,
        Option<String>,
        Option<String>,
        String,
    );
    let mut events = page_events::table
        .inner_join(pages::table)
        .filter(readable.pages())
        .into_boxed();
    if let Some(only) = only {
        events = events.filter(pages::id.eq_any(only));
    }
    let events: Vec<EventRow> = events
        .order(page_events::created_at.desc())
        .limit(limit)
        .select((
            pages::id,
            pages::name,
            pages::deleted_at,
            page_events::author_id,
            page_events::author_name,
            page_events::created_at,
            page_events::kind,
            page_events::old_name,
            page_events::new_name,
            page_events::reason,
        ))
        .load(conn)
        .await?;
    let mut changes: Vec<Change> = edits
        .into_iter()
        .map(
            |(
                page_id,
                page_name,
                deleted,
                author_id,
                author_name,
                at,
                number,
                summary,
                size_bytes,
                restored_from,
                merged_with,
            )| Change {
                page_id,
                page_name,
                page_deleted: deleted.is_some(),
                author_id,
                author_name,
                at,
                what: What::Edit {
                    number,
                    summary,
                    size_bytes,
                    restored_from,
                    merged_with,
                },
            },
        )
        .chain(events.into_iter().map(
            |(page_id, page_name, deleted, author_id, author_name, at, kind, old, new, reason)| {
                Change {
                    page_id,
                    page_name,
                    page_deleted: deleted.is_some(),
                    author_id,
                    author_name,
                    at,
                    what: match kind {
                        EventKind::Rename => What::Rename {
                            old_name: old.unwrap_or_default(),
                            new_name: new.unwrap_or_default(),
                            reason,
                        },
                        EventKind::Delete => What::Delete { reason },
                        EventKind::Undelete => What::Undelete { reason },
                    },
                }
            },
        ))
        .chain(comments)
        .collect();
    changes.sort_by_key(|change| std::cmp::Reverse(change.at));
    changes.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(changes)
}

/// Live page names in alphabetical order (by key), after `after` when given.
pub async fn page_index(
    conn: &mut AsyncPgConnection,
    readable: &ReadFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(String, String)>> {
    let mut query = pages::table
        .filter(pages::deleted_at.is_null())
        .filter(readable.pages())
        .order(pages::name_key)
        .limit(limit)
        .select((pages::name_key, pages::name))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(pages::name_key.gt(after));
    }
    query.load(conn).await
}

#[derive(Debug, QueryableByName)]
pub struct Wanted {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = BigInt)]
    pub links: i64,
}

/// Targets of links from live pages that no live page answers to, most wanted first. For the
/// visitor, a page they may not read neither links nor answers: it is missing.
pub async fn wanted_pages(
    conn: &mut AsyncPgConnection,
    readable: &ReadFilter,
    limit: i64,
) -> QueryResult<Vec<Wanted>> {
    let mut sql = Sql::default();
    let limit = sql.bind(Bind::BigInt(limit));
    let readable = readable.bind(&mut sql);
    let text = format!(
        "SELECT min(l.to_name) AS name, count(*) AS links
         FROM links l
         JOIN pages src ON src.id = l.from_page AND src.deleted_at IS NULL AND {}
         WHERE NOT EXISTS (
             SELECT 1 FROM page_names n JOIN pages p ON p.id = n.page_id
             WHERE n.name_key = l.to_key AND p.deleted_at IS NULL AND {})
         GROUP BY l.to_key
         ORDER BY links DESC, name
         LIMIT {limit}",
        readable.page("src"),
        readable.page("p")
    );
    sql.query(text).load(conn).await
}

#[derive(Debug, QueryableByName)]
pub struct Orphan {
    #[diesel(sql_type = Text)]
    pub name: String,
}

/// Live pages that no other live page links to, under any of their names; for the visitor,
/// only the pages they may read, and only links from pages they may read.
pub async fn orphaned_pages(
    conn: &mut AsyncPgConnection,
    readable: &ReadFilter,
    limit: i64,
) -> QueryResult<Vec<Orphan>> {
    let mut sql = Sql::default();
    let limit = sql.bind(Bind::BigInt(limit));
    let readable = readable.bind(&mut sql);
    let text = format!(
        "SELECT p.name
         FROM pages p
         WHERE p.deleted_at IS NULL AND {}
           AND NOT EXISTS (
             SELECT 1 FROM page_names n
             JOIN links l ON l.to_key = n.name_key
             JOIN pages src ON src.id = l.from_page AND src.deleted_at IS NULL AND src.id <> p.id
                 AND {}
             WHERE n.page_id = p.id)
         ORDER BY p.name_key
         LIMIT {limit}",
        readable.page("p"),
        readable.page("src")
    );
    sql.query(text).load(conn).await
}
