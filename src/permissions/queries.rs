//! Changing a page's permission lists, and their history. The only SQL of this capability;
//! reading the lists comes with the page row (`model::Page`).

use diesel::prelude::*;
use diesel::result::{Error as DieselError, QueryResult};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::schema::{page_acl_changes, pages, users};
use crate::identity::Author;

/// The three lists of a page; `None` is the site default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lists {
    pub read: Option<Vec<String>>,
    pub write: Option<Vec<String>>,
    pub comment: Option<Vec<String>>,
}

/// The three lists as stored on the page row.
type Stored = (
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<Vec<String>>,
);

/// One recorded change of a page's permissions: who, when, and the lists it set.
#[derive(Debug, Clone, Queryable)]
pub struct AclChange {
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub read: Option<Vec<String>>,
    pub write: Option<Vec<String>>,
    pub comment: Option<Vec<String>>,
    pub created_at: OffsetDateTime,
}

/// The groups (as `@name`) and users the lists name that do not exist, sorted, each once.
pub async fn unknown_names(
    conn: &mut AsyncPgConnection,
    lists: &Lists,
) -> QueryResult<Vec<String>> {
    use crate::acl::{Acl, Principal};
    use crate::db::schema::groups;
    let mut named_groups = std::collections::BTreeSet::new();
    let mut named_users = std::collections::BTreeSet::new();
    for list in [&lists.read, &lists.write, &lists.comment]
        .into_iter()
        .flatten()
    {
        for entry in Acl::from_stored(list).0 {
            match entry.who {
                Principal::Group(group) => named_groups.insert(group),
                Principal::User(user) => named_users.insert(user),
                Principal::Everyone | Principal::SignedIn | Principal::Owner => false,
            };
        }
    }
    let found_groups: Vec<String> = groups::table
        .filter(groups::name.eq_any(&named_groups))
        .select(groups::name)
        .load(conn)
        .await?;
    let found_users: Vec<String> = users::table
        .filter(users::name_key.eq_any(&named_users))
        .select(users::name_key)
        .load(conn)
        .await?;
    Ok(named_groups
        .into_iter()
        .filter(|group| !found_groups.contains(group))
        .map(|group| format!("@{group}"))
        .chain(
            named_users
                .into_iter()
                .filter(|user| !found_users.contains(user)),
        )
        .collect())
}

/// Sets a page's lists and records the change, in one transaction with the page row locked.
/// Returns false (and records nothing) when the lists were already these.
pub async fn set_lists(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    author: &Author,
    lists: &Lists,
) -> QueryResult<bool> {
    let author = author.clone();
    let lists = lists.clone();
    conn.transaction::<_, DieselError, _>(async |conn| {
        let (read, write, comment): Stored = pages::table
            .find(page_id)
            .select((pages::read_acl, pages::write_acl, pages::comment_acl))
            .for_update()
            .first(conn)
            .await?;
        if read == lists.read && write == lists.write && comment == lists.comment {
            return Ok(false);
        }
        write_lists(conn, page_id, &lists).await?;
        if read != lists.read {
            crate::pages::queries::invalidate_linkers(conn, page_id).await?;
        }
        record_change(conn, page_id, &author, &lists).await?;
        Ok(true)
    })
    .await
}

/// Sets the lists of a page the calling transaction created (its lists still the defaults) and
/// records the change, in one round trip: the two statements are sent together, on a shared
/// connection so that an import sends a whole group's with its other statements. An import
/// creating thousands of pages spent six round trips a page in [`set_lists`] (its savepoint, the
/// locked read, the update, the linkers, the record), none of them needed here: the page is
/// locked since its creation, its lists are known, and the pages linking to a page just
/// created are invalidated after the commit with the others of its group
/// (`pages::save::Linkers`).
pub async fn set_lists_of_created(
    pipelined: &AsyncPgConnection,
    page_id: Uuid,
    author: &Author,
    lists: &Lists,
) -> QueryResult<()> {
    futures_util::try_join!(
        write_lists(pipelined, page_id, lists),
        record_change(pipelined, page_id, author, lists),
    )?;
    Ok(())
}

/// Writes the three lists on the page row.
async fn write_lists(
    mut conn: &AsyncPgConnection,
    page_id: Uuid,
    lists: &Lists,
) -> QueryResult<usize> {
    diesel::update(pages::table.find(page_id))
        .set((
            pages::read_acl.eq(&lists.read),
            pages::write_acl.eq(&lists.write),
            pages::comment_acl.eq(&lists.comment),
        ))
        .execute(&mut conn)
        .await
}

/// Records a change of the lists in the page's permission history.
async fn record_change(
    mut conn: &AsyncPgConnection,
    page_id: Uuid,
    author: &Author,
    lists: &Lists,
) -> QueryResult<usize> {
    diesel::insert_into(page_acl_changes::table)
        .values((
            page_acl_changes::page_id.eq(page_id),
            page_acl_changes::author_id.eq(author.id),
            page_acl_changes::author_name.eq(&author.name),
            page_acl_changes::read_acl.eq(&lists.read),
            page_acl_changes::write_acl.eq(&lists.write),
            page_acl_changes::comment_acl.eq(&lists.comment),
        ))
        .execute(&mut conn)
        .await
}

/// The page's permission changes, newest first.
pub async fn history(conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<Vec<AclChange>> {
    page_acl_changes::table
        .filter(page_acl_changes::page_id.eq(page_id))
        .order(page_acl_changes::id.desc())
        .limit(200)
        .select((
            page_acl_changes::author_id,
            page_acl_changes::author_name,
            page_acl_changes::read_acl,
            page_acl_changes::write_acl,
            page_acl_changes::comment_acl,
            page_acl_changes::created_at,
        ))
        .load(conn)
        .await
}

/// The name of a page's owner.
pub async fn owner_name(
    conn: &mut AsyncPgConnection,
    owner: Option<Uuid>,
) -> QueryResult<Option<String>> {
    let Some(owner) = owner else { return Ok(None) };
    users::table
        .find(owner)
        .select(users::name)
        .first(conn)
        .await
        .optional()
}
