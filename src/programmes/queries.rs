//! Every read and write of the programme tables. The only file of this capability that speaks
//! SQL. The tables are written only by the hooks `pages::queries` calls inside its
//! transactions (`after_save`, `forget`, `after_rename`), from the text saved.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::Date;
use uuid::Uuid;

use crate::access::ReadFilter;
use crate::db::schema::{
    page_names, pages, programme_slot_methods, programme_slots, programmes, revisions,
};
use crate::model::{Page, Revision};
use crate::names::PageName;
use crate::programmes::programme::{self, Programme};

/// Keeps the programme tables in step with a save, inside its transaction. `body` is the text
/// actually saved, `previous` the text the rows were derived from ("" when there are none). A
/// programme gets its rows (re)derived, a page that is no longer one loses them, and a page
/// that was none and is none now costs no statement.
pub async fn after_save(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    body: &str,
    previous: &str,
) -> QueryResult<()> {
    if programme::looks_like_programme(previous) {
        diesel::delete(programmes::table.find(page_id))
            .execute(conn)
            .await?;
    }
    if let Some((programme, _)) = programme::parse(body) {
        store(conn, page_id, &programme).await?;
    }
    Ok(())
}

/// A deleted programme leaves the lists, inside the deletion's transaction (an undeletion
/// derives it again through [`after_save`]).
pub async fn forget(conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<()> {
    diesel::delete(programmes::table.find(page_id))
        .execute(conn)
        .await?;
    Ok(())
}

/// A page took a name (created, or renamed): references that named it before any page had it
/// now lead to this page. References already stored follow a renamed method by its id, and
/// programmes stored later resolve theirs as they are stored, so a save of an existing page
/// has nothing to resolve.
pub async fn after_naming(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    name_key: &str,
) -> QueryResult<()> {
    resolve_pending(conn, page_id, name_key).await
}

async fn resolve_pending(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    name_key: &str,
) -> QueryResult<()> {
    diesel::update(
        programme_slot_methods::table
            .filter(programme_slot_methods::method_page_id.is_null())
            .filter(programme_slot_methods::method_key.eq(name_key)),
    )
    .set(programme_slot_methods::method_page_id.eq(page_id))
    .execute(conn)
    .await?;
    Ok(())
}

fn minutes(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

async fn store(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    programme: &Programme,
) -> QueryResult<()> {
    diesel::insert_into(programmes::table)
        .values((
            programmes::page_id.eq(page_id),
            programmes::title.eq(&programme.title),
            programmes::starts_on.eq(programme.start),
            programmes::ends_on.eq(programme.end),
            programmes::place.eq(&programme.place),
            programmes::time_zone.eq(&programme.timezone),
        ))
        .execute(conn)
        .await?;
    if programme.slots.is_empty() {
        return Ok(());
    }
    let slots: Vec<_> = programme
        .slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            (
                programme_slots::programme_id.eq(page_id),
                programme_slots::position.eq(i as i32),
                programme_slots::day.eq(slot.day),
                programme_slots::start_minute.eq(minutes(slot.start)),
                programme_slots::duration_minutes.eq(minutes(slot.duration)),
                programme_slots::room.eq(&slot.room),
                programme_slots::title.eq(&slot.title),
                programme_slots::actual_size.eq(slot.outcome.actual_size.map(minutes)),
                programme_slots::outcome.eq(&slot.outcome.how),
            )
        })
        .collect();
    diesel::insert_into(programme_slots::table)
        .values(slots)
        .execute(conn)
        .await?;
    let mut references = Vec::new();
    for (i, slot) in programme.slots.iter().enumerate() {
        for (j, method) in slot.methods.iter().enumerate() {
            if let Ok(name) = PageName::parse(&method.name) {
                references.push((i as i32, j as i32, method, name.key().to_owned()));
            }
        }
    }
    let keys: Vec<&str> = references.iter().map(|r| r.3.as_str()).collect();
    let found: HashMap<String, Uuid> = page_names::table
        .filter(page_names::name_key.eq_any(&keys))
        .select((page_names::name_key, page_names::page_id))
        .load::<(String, Uuid)>(conn)
        .await?
        .into_iter()
        .collect();
    let rows: Vec<_> = references
        .iter()
        .map(|(position, ordinal, method, key)| {
            (
                programme_slot_methods::programme_id.eq(page_id),
                programme_slot_methods::position.eq(*position),
                programme_slot_methods::ordinal.eq(*ordinal),
                programme_slot_methods::method_name.eq(&method.name),
                programme_slot_methods::method_key.eq(key),
                programme_slot_methods::method_page_id.eq(found.get(key).copied()),
                programme_slot_methods::pinned_rev.eq(method.rev),
            )
        })
        .collect();
    if !rows.is_empty() {
        diesel::insert_into(programme_slot_methods::table)
            .values(rows)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// A programme in the list at `/-/programmes` and in the API.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub name: String,
    pub title: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub place: String,
}

/// Every live programme the visitor may read: those not over yet first (soonest first), then
/// past ones (most recent first).
pub async fn list(
    conn: &mut AsyncPgConnection,
    read: &ReadFilter,
    today: Date,
) -> QueryResult<Vec<Listed>> {
    let rows: Vec<Listed> = programmes::table
        .inner_join(pages::table)
        .filter(pages::deleted_at.is_null())
        .filter(read.pages())
        .select((
            pages::name,
            programmes::title,
            programmes::starts_on,
            programmes::ends_on,
            programmes::place,
        ))
        .order((programmes::starts_on.asc(), pages::name.asc()))
        .limit(2000)
        .load(conn)
        .await?;
    let (mut upcoming, mut past): (Vec<Listed>, Vec<Listed>) =
        rows.into_iter().partition(|p| p.ends_on >= today);
    past.reverse();
    upcoming.append(&mut past);
    Ok(upcoming)
}

/// Live programmes the visitor may read that run on at least one day from `first` to `last`,
/// by start date: a month of the calendar at `/-/programmes`.
pub async fn between(
    conn: &mut AsyncPgConnection,
    read: &ReadFilter,
    first: Date,
    last: Date,
) -> QueryResult<Vec<Listed>> {
    programmes::table
        .inner_join(pages::table)
        .filter(pages::deleted_at.is_null())
        .filter(read.pages())
        .filter(programmes::starts_on.le(last))
        .filter(programmes::ends_on.ge(first))
        .select((
            pages::name,
            programmes::title,
            programmes::starts_on,
            programmes::ends_on,
            programmes::place,
        ))
        .order((programmes::starts_on.asc(), pages::name.asc()))
        .limit(2000)
        .load(conn)
        .await
}

/// Every live programme the visitor may read, with its latest revision, by start date: what
/// the calendar of all programmes is written from. At most as many as [`list`] shows.
pub async fn readable_latest(
    conn: &mut AsyncPgConnection,
    read: &ReadFilter,
) -> QueryResult<Vec<(Page, Revision)>> {
    programmes::table
        .inner_join(pages::table)
        .inner_join(
            revisions::table.on(revisions::page_id
                .eq(pages::id)
                .and(revisions::number.eq(pages::latest_rev))),
        )
        .filter(pages::deleted_at.is_null())
        .filter(read.pages())
        .select((Page::as_select(), Revision::as_select()))
        .order((programmes::starts_on.asc(), pages::name.asc()))
        .limit(2000)
        .load(conn)
        .await
}

/// The pages that have or had these name keys, by key (deleted ones included: the caller
/// decides what a reader may see).
pub async fn pages_by_keys(
    conn: &mut AsyncPgConnection,
    keys: &[String],
) -> QueryResult<HashMap<String, Page>> {
    Ok(page_names::table
        .inner_join(pages::table)
        .filter(page_names::name_key.eq_any(keys))
        .select((page_names::name_key, Page::as_select()))
        .load::<(String, Page)>(conn)
        .await?
        .into_iter()
        .collect())
}

/// A slot that uses a method, for the method's "used in".
#[derive(Debug, Clone, Queryable)]
pub struct Use {
    pub programme: String,
    pub event: String,
    pub day: Date,
    pub start_minute: i32,
    pub slot: String,
    pub pinned_rev: Option<i32>,
    pub actual_size: Option<i32>,
    pub outcome: String,
}

/// Slots of live programmes the visitor may read that reference the method page `method`,
/// newest first.
pub async fn used_in(
    conn: &mut AsyncPgConnection,
    method: Uuid,
    read: &ReadFilter,
) -> QueryResult<Vec<Use>> {
    programme_slot_methods::table
        .inner_join(
            programme_slots::table.on(programme_slots::programme_id
                .eq(programme_slot_methods::programme_id)
                .and(programme_slots::position.eq(programme_slot_methods::position))),
        )
        .inner_join(
            programmes::table.on(programmes::page_id.eq(programme_slot_methods::programme_id)),
        )
        .inner_join(pages::table.on(pages::id.eq(programmes::page_id)))
        .filter(programme_slot_methods::method_page_id.eq(method))
        .filter(pages::deleted_at.is_null())
        .filter(read.pages())
        .select((
            pages::name,
            programmes::title,
            programme_slots::day,
            programme_slots::start_minute,
            programme_slots::title,
            programme_slot_methods::pinned_rev,
            programme_slots::actual_size,
            programme_slots::outcome,
        ))
        .order((
            programme_slots::day.desc(),
            programme_slots::start_minute.desc(),
            pages::name.asc(),
        ))
        .limit(500)
        .load(conn)
        .await
}
