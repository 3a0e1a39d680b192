//! The SQL of an import that no other capability has a use for: accounts arriving with their
//! history (sign-up time, old password hash), and a page's times and owner set to YesWiki's.
//! Pages, revisions, permissions, groups and files go through their capabilities' own paths.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::schema::{pages, revisions, users};
use crate::identity::Role;

/// An account as the import creates it.
pub struct ImportedUser<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    /// YesWiki's hash, marked as legacy (see `accounts::password`).
    pub password_hash: &'a str,
    pub role: Role,
    pub created_at: Option<OffsetDateTime>,
}

/// Creates the account unless its name or e-mail is taken; `None` then. Never fails on a
/// taken key, so it can run inside the import's transaction (a dry run is one) without
/// aborting it.
pub async fn create_user(
    conn: &mut AsyncPgConnection,
    user: &ImportedUser<'_>,
) -> QueryResult<Option<Uuid>> {
    diesel::insert_into(users::table)
        .values((
            users::id.eq(Uuid::now_v7()),
            users::name.eq(user.name),
            users::name_key.eq(user.name_key),
            users::email.eq(user.email),
            users::email_key.eq(user.email_key),
            users::password_hash.eq(user.password_hash),
            users::role.eq(user.role),
            user.created_at.map(|at| users::created_at.eq(at)),
        ))
        .on_conflict_do_nothing()
        .returning(users::id)
        .get_result(conn)
        .await
        .optional()
}

/// The account with this name key and its e-mail key.
pub async fn user_by_key(
    conn: &mut AsyncPgConnection,
    name_key: &str,
) -> QueryResult<Option<(Uuid, String)>> {
    users::table
        .filter(users::name_key.eq(name_key))
        .select((users::id, users::email_key))
        .first(conn)
        .await
        .optional()
}

/// Whether an account already uses this e-mail key.
pub async fn email_taken(conn: &mut AsyncPgConnection, email_key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::email_key.eq(email_key)),
    ))
    .get_result(conn)
    .await
}

/// Makes the account an administrator (YesWiki's `@admins` are its administrators).
pub async fn make_admin(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::role.eq(Role::Admin))
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the page holds a revision this import wrote (by its submission id): a page of an
/// earlier run of the same dump, to continue, rather than someone else's page.
pub async fn holds_submission(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    submission: Uuid,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        revisions::table
            .filter(revisions::page_id.eq(page_id))
            .filter(revisions::submission_id.eq(submission)),
    ))
    .get_result(conn)
    .await
}

/// Gives the page YesWiki's times (its first and latest revision) and owner.
pub async fn set_page_origin(
    mut conn: &AsyncPgConnection,
    page_id: Uuid,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    owner: Option<Uuid>,
) -> QueryResult<()> {
    diesel::update(pages::table.find(page_id))
        .set((
            pages::created_at.eq(created_at),
            pages::updated_at.eq(updated_at),
            pages::owner_id.eq(owner),
        ))
        .execute(&mut conn)
        .await?;
    Ok(())
}
