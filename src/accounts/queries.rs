//! Every read and write of accounts, sessions, throttling records, reset tokens, and the
//! contributions listing. The only file of this capability that speaks SQL.

use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};
use diesel::sql_types::{Array, Bytea, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::ReadFilter;
use crate::db::schema::{
    held_submissions, login_attempts, pages, password_resets, revision_coauthors, revisions,
    sessions, setup_tokens, site_secret, users,
};
use crate::i18n::Lang;
use crate::identity::{Role, User};

/// What a new account is made of; the password is already hashed.
#[derive(Clone, Copy)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    /// The language their mails are written in.
    pub language: Lang,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    Name,
    Email,
}

fn taken(err: &DieselError) -> Option<Taken> {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            match info.constraint_name() {
                Some(c) if c.contains("email") => Some(Taken::Email),
                _ => Some(Taken::Name),
            }
        }
        _ => None,
    }
}

/// Creates an account; `Ok(Err(_))` when its name or e-mail belongs to another.
pub async fn create_user(
    conn: &mut AsyncPgConnection,
    new: &NewUser<'_>,
) -> QueryResult<Result<Uuid, Taken>> {
    let id = Uuid::now_v7();
    let inserted = diesel::insert_into(users::table)
        .values((
            users::id.eq(id),
            users::name.eq(new.name),
            users::name_key.eq(new.name_key),
            users::email.eq(new.email),
            users::email_key.eq(new.email_key),
            users::password_hash.eq(new.password_hash),
            users::role.eq(new.role),
            users::language.eq(new.language.code()),
        ))
        .execute(conn)
        .await;
    match inserted {
        Ok(_) => Ok(Ok(id)),
        Err(err) => match taken(&err) {
            Some(which) => Ok(Err(which)),
            None => Err(err),
        },
    }
}

/// Remembers the language `user` reads the wiki in, for what reaches them outside a request.
pub async fn set_language(conn: &mut AsyncPgConnection, user: Uuid, lang: Lang) -> QueryResult<()> {
    diesel::update(users::table.find(user))
        .set(users::language.eq(lang.code()))
        .execute(conn)
        .await?;
    Ok(())
}

/// The account a login names, by user name or e-mail (both lower-cased).
pub struct Credentials {
    pub id: Uuid,
    pub password_hash: String,
}

pub async fn credentials(
    conn: &mut AsyncPgConnection,
    key: &str,
) -> QueryResult<Option<Credentials>> {
    let row: Option<(Uuid, String)> = users::table
        .filter(users::name_key.eq(key).or(users::email_key.eq(key)))
        .select((users::id, users::password_hash))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(id, password_hash)| Credentials { id, password_hash }))
}

pub async fn password_hash(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<String> {
    users::table
        .find(id)
        .select(users::password_hash)
        .first(conn)
        .await
}

pub async fn set_password_hash(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    hash: &str,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::password_hash.eq(hash))
        .execute(conn)
        .await?;
    Ok(())
}

/// Changes the password and ends every session of the account, in one transaction.
pub async fn change_password(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    hash: &str,
) -> QueryResult<()> {
    let hash = hash.to_owned();
    conn.transaction::<_, DieselError, _>(async |conn| {
        set_password_hash(conn, id, &hash).await?;
        diesel::delete(sessions::table.filter(sessions::user_id.eq(id)))
            .execute(conn)
            .await?;
        Ok(())
    })
    .await
}

pub async fn change_email(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    email: &str,
    email_key: &str,
) -> QueryResult<Result<(), Taken>> {
    let updated = diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::email_key.eq(email_key)))
        .execute(conn)
        .await;
    match updated {
        Ok(_) => Ok(Ok(())),
        Err(err) => match taken(&err) {
            Some(which) => Ok(Err(which)),
            None => Err(err),
        },
    }
}

#[derive(QueryableByName)]
struct UserRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    name_key: String,
    #[diesel(sql_type = Text)]
    email: String,
    #[diesel(sql_type = Text)]
    role: Role,
    #[diesel(sql_type = Array<Text>)]
    groups: Vec<String>,
}

/// An account with its groups, as permission checks need it, for work done on someone's
/// behalf without their session (a feed reader's request, a mail being written).
pub async fn user_by_id(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<User>> {
    let row: Option<UserRow> = diesel::sql_query(
        "SELECT u.id, u.name, u.name_key, u.email, u.role,
                array(SELECT g.group_name FROM group_members g WHERE g.user_id = u.id
                      ORDER BY g.group_name) AS groups
         FROM users u WHERE u.id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .get_result(conn)
    .await
    .optional()?;
    Ok(row.map(|row| User {
        id: row.id,
        name: row.name,
        name_key: row.name_key,
        email: row.email,
        role: row.role,
        groups: row.groups,
    }))
}

/// The public facts of an account, by lower-case name.
pub async fn user_by_key(
    conn: &mut AsyncPgConnection,
    key: &str,
) -> QueryResult<Option<(Uuid, String)>> {
    users::table
        .filter(users::name_key.eq(key))
        .select((users::id, users::name))
        .first(conn)
        .await
        .optional()
}

/// Name and e-mail of the account a reset request names (by name or e-mail).
pub async fn reset_target(
    conn: &mut AsyncPgConnection,
    key: &str,
) -> QueryResult<Option<(Uuid, String, String)>> {
    users::table
        .filter(users::name_key.eq(key).or(users::email_key.eq(key)))
        .select((users::id, users::name, users::email))
        .first(conn)
        .await
        .optional()
}

pub async fn create_session(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    user_id: Uuid,
    expires_at: OffsetDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(QueryableByName)]
struct SessionRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    name_key: String,
    #[diesel(sql_type = Text)]
    email: String,
    #[diesel(sql_type = Text)]
    role: Role,
    #[diesel(sql_type = Array<Text>)]
    groups: Vec<String>,
    #[diesel(sql_type = Timestamptz)]
    last_seen_at: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    expires_at: OffsetDateTime,
}

pub struct SessionUser {
    pub user: User,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// The user of a live session: not past its absolute end, used since `idle_since`. One query
/// by primary key, the user's groups included.
pub async fn session_user(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    now: OffsetDateTime,
    idle_since: OffsetDateTime,
) -> QueryResult<Option<SessionUser>> {
    let row: Option<SessionRow> = diesel::sql_query(
        "SELECT u.id, u.name, u.name_key, u.email, u.role, s.last_seen_at, s.expires_at,
                array(SELECT g.group_name FROM group_members g WHERE g.user_id = u.id
                      ORDER BY g.group_name) AS groups
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3",
    )
    .bind::<Bytea, _>(token_hash)
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(idle_since)
    .get_result(conn)
    .await
    .optional()?;
    Ok(row.map(|row| SessionUser {
        last_seen_at: row.last_seen_at,
        expires_at: row.expires_at,
        user: User {
            id: row.id,
            name: row.name,
            name_key: row.name_key,
            email: row.email,
            role: row.role,
            groups: row.groups,
        },
    }))
}

pub async fn touch_session(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    now: OffsetDateTime,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(token_hash))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn end_session(conn: &mut AsyncPgConnection, token_hash: &[u8]) -> QueryResult<()> {
    diesel::delete(sessions::table.find(token_hash))
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes sessions past their end or idle since `idle_since`.
pub async fn purge_sessions(
    conn: &mut AsyncPgConnection,
    now: OffsetDateTime,
    idle_since: OffsetDateTime,
) -> QueryResult<()> {
    diesel::delete(
        sessions::table.filter(
            sessions::expires_at
                .le(now)
                .or(sessions::last_seen_at.le(idle_since)),
        ),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Recent attempts of a kind for the account and for the address.
pub async fn count_attempts(
    conn: &mut AsyncPgConnection,
    kind: &str,
    account_key: &str,
    address: &str,
    since: OffsetDateTime,
) -> QueryResult<(i64, i64)> {
    let recent = login_attempts::table
        .filter(login_attempts::kind.eq(kind))
        .filter(login_attempts::at.gt(since));
    let account = recent
        .filter(login_attempts::account_key.eq(account_key))
        .select(count_star())
        .get_result(conn)
        .await?;
    let from_address = recent
        .filter(login_attempts::address.eq(address))
        .select(count_star())
        .get_result(conn)
        .await?;
    Ok((account, from_address))
}

pub async fn record_attempt(
    conn: &mut AsyncPgConnection,
    kind: &str,
    account_key: &str,
    address: &str,
    forget_before: OffsetDateTime,
) -> QueryResult<()> {
    diesel::delete(login_attempts::table.filter(login_attempts::at.lt(forget_before)))
        .execute(conn)
        .await?;
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::kind.eq(kind),
            login_attempts::account_key.eq(account_key),
            login_attempts::address.eq(address),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// After a successful login, the account's failures stop counting against it.
pub async fn clear_attempts(
    conn: &mut AsyncPgConnection,
    kind: &str,
    account_key: &str,
) -> QueryResult<()> {
    diesel::delete(
        login_attempts::table
            .filter(login_attempts::kind.eq(kind))
            .filter(login_attempts::account_key.eq(account_key)),
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn create_reset(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    user_id: Uuid,
    expires_at: OffsetDateTime,
) -> QueryResult<()> {
    // Expired tokens are of no use to anyone, and only the newest link of an account works
    // (an older one, left in a mailbox, is no way in): both go whenever a new one is made.
    diesel::delete(
        password_resets::table.filter(
            password_resets::expires_at
                .lt(diesel::dsl::now)
                .or(password_resets::user_id.eq(user_id)),
        ),
    )
    .execute(conn)
    .await?;
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::token_hash.eq(token_hash),
            password_resets::user_id.eq(user_id),
            password_resets::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The user a reset token is for, while it is unused and unexpired.
pub async fn reset_user(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    now: OffsetDateTime,
) -> QueryResult<Option<Uuid>> {
    password_resets::table
        .find(token_hash)
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now))
        .select(password_resets::user_id)
        .first(conn)
        .await
        .optional()
}

/// Spends a reset token and sets the new password, ending every session of the account and
/// voiding its other reset tokens. Returns false (and changes nothing) when the token is
/// unknown, used or expired: of two concurrent uses, one wins.
pub async fn use_reset(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    now: OffsetDateTime,
    new_hash: &str,
) -> QueryResult<bool> {
    let token_hash = token_hash.to_owned();
    let new_hash = new_hash.to_owned();
    conn.transaction::<_, DieselError, _>(async |conn| {
        let user: Option<Uuid> = diesel::update(
            password_resets::table
                .find(&token_hash)
                .filter(password_resets::used_at.is_null())
                .filter(password_resets::expires_at.gt(now)),
        )
        .set(password_resets::used_at.eq(now))
        .returning(password_resets::user_id)
        .get_result(conn)
        .await
        .optional()?;
        let Some(user) = user else { return Ok(false) };
        diesel::update(
            password_resets::table
                .filter(password_resets::user_id.eq(user))
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(now))
        .execute(conn)
        .await?;
        change_password(conn, user, &new_hash).await?;
        Ok(true)
    })
    .await
}

/// The key of the anonymous editors' pseudonyms, created by the first instance that needs it.
pub async fn site_secret(conn: &mut AsyncPgConnection) -> QueryResult<Vec<u8>> {
    diesel::insert_into(site_secret::table)
        .values((
            site_secret::id.eq(true),
            site_secret::secret.eq(rand::random::<[u8; 32]>().to_vec()),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    site_secret::table
        .select(site_secret::secret)
        .first(conn)
        .await
}

/// One line of a user's contributions.
#[derive(Debug, Queryable)]
pub struct Contribution {
    pub page_name: String,
    pub number: i32,
    pub summary: String,
    pub created_at: OffsetDateTime,
    pub size_bytes: i32,
}

/// A user's revisions on pages the visitor may read, newest first, older than `before`.
pub async fn contributions(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    readable: &ReadFilter,
    before: Option<OffsetDateTime>,
    limit: i64,
) -> QueryResult<Vec<Contribution>> {
    let mut query = revisions::table
        .inner_join(pages::table)
        // Their own revisions, and those they wrote with others live.
        .filter(
            revisions::author_id.eq(user_id).or(diesel::dsl::exists(
                revision_coauthors::table
                    .filter(revision_coauthors::page_id.eq(revisions::page_id))
                    .filter(revision_coauthors::number.eq(revisions::number))
                    .filter(revision_coauthors::author_id.eq(user_id)),
            )),
        )
        .filter(pages::deleted_at.is_null())
        .filter(readable.pages())
        .order(revisions::created_at.desc())
        .limit(limit)
        .select((
            pages::name,
            revisions::number,
            revisions::summary,
            revisions::created_at,
            revisions::size_bytes,
        ))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(revisions::created_at.lt(before));
    }
    query.load(conn).await
}

/// Whether the wiki has an administrator.
pub async fn has_admin(conn: &mut AsyncPgConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::role.eq(Role::Admin)),
    ))
    .get_result(conn)
    .await
}

/// Keeps a form sent by a visitor who must log in first, dropping those kept since before
/// `expired`.
pub async fn hold_submission(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    action: &str,
    body: &[u8],
    expired: OffsetDateTime,
) -> QueryResult<()> {
    diesel::delete(held_submissions::table.filter(held_submissions::created_at.lt(expired)))
        .execute(conn)
        .await?;
    diesel::insert_into(held_submissions::table)
        .values((
            held_submissions::token_hash.eq(token_hash),
            held_submissions::action.eq(action),
            held_submissions::body.eq(body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes back a held form (where it was sent, and its body): it is forgotten as it is read.
pub async fn take_held_submission(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    expired: OffsetDateTime,
) -> QueryResult<Option<(String, Vec<u8>)>> {
    diesel::delete(
        held_submissions::table
            .filter(held_submissions::token_hash.eq(token_hash))
            .filter(held_submissions::created_at.gt(expired)),
    )
    .returning((held_submissions::action, held_submissions::body))
    .get_result(conn)
    .await
    .optional()
}

/// Records a first-run setup token, dropping expired ones.
pub async fn issue_setup_token(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    expires_at: OffsetDateTime,
) -> QueryResult<()> {
    diesel::delete(setup_tokens::table.filter(setup_tokens::expires_at.lt(diesel::dsl::now)))
        .execute(conn)
        .await?;
    diesel::insert_into(setup_tokens::table)
        .values((
            setup_tokens::token_hash.eq(token_hash),
            setup_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a setup token may still be used: issued, not expired, and no administrator yet.
pub async fn setup_token_valid(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> QueryResult<bool> {
    let issued: bool = diesel::select(diesel::dsl::exists(
        setup_tokens::table
            .find(token_hash)
            .filter(setup_tokens::expires_at.gt(diesel::dsl::now)),
    ))
    .get_result(conn)
    .await?;
    Ok(issued && !has_admin(conn).await?)
}

/// Why the first administrator was not created.
#[derive(Debug, PartialEq, Eq)]
pub enum SetupRefused {
    /// The link is unknown, expired, or an administrator exists (the link was used).
    LinkSpent,
    Taken(Taken),
}

/// Creates the first administrator with a setup token, in one transaction that spends every
/// setup token: of two people opening the link at once, one becomes administrator and the
/// other is told the link is spent. A name or address already taken spends nothing.
pub async fn create_first_admin(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
    new: &NewUser<'_>,
) -> QueryResult<Result<Uuid, SetupRefused>> {
    enum Failure {
        Db(DieselError),
        Refused(SetupRefused),
    }
    impl From<DieselError> for Failure {
        fn from(err: DieselError) -> Self {
            Failure::Db(err)
        }
    }
    let outcome = conn
        .transaction::<_, Failure, _>(async |conn| {
            // Concurrent uses wait here, and the second then finds no token and an admin.
            diesel::sql_query("LOCK TABLE setup_tokens IN EXCLUSIVE MODE")
                .execute(conn)
                .await?;
            let valid: bool = diesel::select(diesel::dsl::exists(
                setup_tokens::table
                    .find(token_hash)
                    .filter(setup_tokens::expires_at.gt(diesel::dsl::now)),
            ))
            .get_result(conn)
            .await?;
            if !valid || has_admin(conn).await? {
                return Err(Failure::Refused(SetupRefused::LinkSpent));
            }
            let id = create_user(
                conn,
                &NewUser {
                    role: Role::Admin,
                    ..*new
                },
            )
            .await?
            .map_err(|taken| Failure::Refused(SetupRefused::Taken(taken)))?;
            diesel::delete(setup_tokens::table).execute(conn).await?;
            Ok(id)
        })
        .await;
    match outcome {
        Ok(id) => Ok(Ok(id)),
        Err(Failure::Refused(refused)) => Ok(Err(refused)),
        Err(Failure::Db(err)) => Err(err),
    }
}
