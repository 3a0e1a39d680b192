//! Users and groups as admins see and change them, and the site's settings as they save them.
//! The only SQL of this capability (the settings are read by `site::load`, for every page).

use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use crate::db::schema::{group_members, groups, site_settings, users};
use crate::identity::Role;

#[derive(Debug, Queryable)]
pub struct UserRow {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub created_at: OffsetDateTime,
    /// Still holds the password hash an import brought (see `accounts::password`): has not
    /// logged in since.
    pub legacy_password: bool,
}

/// Every account, by name (a cooperative's wiki has dozens to hundreds).
pub async fn users(conn: &mut AsyncPgConnection) -> QueryResult<Vec<UserRow>> {
    users::table
        .order(users::name_key)
        .limit(5000)
        .select((
            users::name,
            users::email,
            users::role,
            users::created_at,
            // The prefixes of `accounts::password::is_legacy`.
            users::password_hash
                .like("$2%")
                .or(users::password_hash.like("$yeswiki-md5$%")),
        ))
        .load(conn)
        .await
}

#[derive(Debug, PartialEq, Eq)]
pub enum RoleChange {
    Changed,
    NoSuchUser,
    /// The wiki would be left without any admin.
    LastAdmin,
}

/// Sets a user's role; the last admin cannot step down (nobody could manage the wiki).
pub async fn set_role(
    conn: &mut AsyncPgConnection,
    user_key: &str,
    role: Role,
) -> QueryResult<RoleChange> {
    let user_key = user_key.to_owned();
    conn.transaction::<_, DieselError, _>(async |conn| {
        // Lock every admin row, so two admins demoting each other cannot both succeed.
        let admins: Vec<String> = users::table
            .filter(users::role.eq(Role::Admin))
            .select(users::name_key)
            .for_update()
            .load(conn)
            .await?;
        if role != Role::Admin && admins == [user_key.clone()] {
            return Ok(RoleChange::LastAdmin);
        }
        let changed = diesel::update(users::table.filter(users::name_key.eq(&user_key)))
            .set(users::role.eq(role))
            .execute(conn)
            .await?;
        Ok(if changed == 0 {
            RoleChange::NoSuchUser
        } else {
            RoleChange::Changed
        })
    })
    .await
}

/// Every group with the names of its members.
pub async fn groups(conn: &mut AsyncPgConnection) -> QueryResult<Vec<(String, Vec<String>)>> {
    let names: Vec<String> = groups::table
        .order(groups::name)
        .select(groups::name)
        .load(conn)
        .await?;
    let members: Vec<(String, String)> = group_members::table
        .inner_join(users::table)
        .order((group_members::group_name, users::name_key))
        .select((group_members::group_name, users::name))
        .load(conn)
        .await?;
    Ok(names
        .into_iter()
        .map(|group| {
            let in_group = members
                .iter()
                .filter(|(g, _)| *g == group)
                .map(|(_, user)| user.clone())
                .collect();
            (group, in_group)
        })
        .collect())
}

/// Creates a group; false when it exists.
pub async fn create_group(conn: &mut AsyncPgConnection, name: &str) -> QueryResult<bool> {
    match diesel::insert_into(groups::table)
        .values(groups::name.eq(name))
        .execute(conn)
        .await
    {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn delete_group(conn: &mut AsyncPgConnection, name: &str) -> QueryResult<bool> {
    Ok(diesel::delete(groups::table.find(name))
        .execute(conn)
        .await?
        > 0)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Membership {
    Done,
    NoSuchUser,
    NoSuchGroup,
}

/// Adds (or removes) the user to (from) the group.
pub async fn set_member(
    conn: &mut AsyncPgConnection,
    group: &str,
    user_key: &str,
    member: bool,
) -> QueryResult<Membership> {
    let group_exists: i64 = groups::table
        .filter(groups::name.eq(group))
        .select(count_star())
        .get_result(conn)
        .await?;
    if group_exists == 0 {
        return Ok(Membership::NoSuchGroup);
    }
    let user = users::table
        .filter(users::name_key.eq(user_key))
        .select(users::id)
        .first::<uuid::Uuid>(conn)
        .await
        .optional()?;
    let Some(user) = user else {
        return Ok(Membership::NoSuchUser);
    };
    if member {
        diesel::insert_into(group_members::table)
            .values((
                group_members::group_name.eq(group),
                group_members::user_id.eq(user),
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
    } else {
        diesel::delete(group_members::table.find((group, user)))
            .execute(conn)
            .await?;
    }
    Ok(Membership::Done)
}

/// What the settings form saves: every column at once, `None` for "the default".
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = site_settings, treat_none_as_null = true)]
pub struct SiteSettings {
    pub name: Option<String>,
    pub tagline: Option<String>,
    pub logo: Option<uuid::Uuid>,
    pub text_colour: Option<String>,
    pub background_colour: Option<String>,
    pub accent_colour: Option<String>,
    pub home_page: Option<String>,
    pub language: Option<String>,
    pub licence: Option<String>,
    pub updated_by: Option<uuid::Uuid>,
}

/// Replaces the settings in one statement: a form is saved whole or not at all. The row is
/// written even if someone deleted it by hand; its trigger tells every instance.
pub async fn save_site_settings(
    conn: &mut AsyncPgConnection,
    settings: &SiteSettings,
) -> QueryResult<()> {
    diesel::insert_into(site_settings::table)
        .values(settings)
        .on_conflict(site_settings::id)
        .do_update()
        .set((settings, site_settings::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
        .await?;
    Ok(())
}
