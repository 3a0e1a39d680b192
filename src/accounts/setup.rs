//! First-run setup: a new wiki has no administrator, and its first one should not need a shell
//! beside the server. While no administrator exists, each start of the server issues a link,
//! printed in its log, that lets the first person to open it create the administrator account.
//! The link works once (creating the administrator spends every link) and for a day; only its
//! token's SHA-256 is stored, so several instances share it through the database.

use diesel_async::AsyncPgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::accounts::queries::{self, NewUser, SetupRefused};
use crate::db::DbPool;
use crate::tokens::{is_well_formed, new_token, token_hash};

/// How long a setup link works.
pub const LINK_LIFETIME: Duration = Duration::hours(24);

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("database: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("database pool: {0}")]
    Pool(String),
}

/// When the wiki has no administrator: a new setup link's address, to be printed. `None` once
/// one exists.
pub async fn issue_if_no_admin(
    pool: &DbPool,
    base_url: &str,
) -> Result<Option<String>, SetupError> {
    let mut conn = pool
        .get()
        .await
        .map_err(|err| SetupError::Pool(err.to_string()))?;
    if queries::has_admin(&mut conn).await? {
        return Ok(None);
    }
    let token = new_token();
    let expires_at = OffsetDateTime::now_utc() + LINK_LIFETIME;
    queries::issue_setup_token(&mut conn, &token_hash(&token), expires_at).await?;
    Ok(Some(format!(
        "{}/-/setup/{token}",
        base_url.trim_end_matches('/')
    )))
}

/// Whether the link's token may still create the first administrator.
pub async fn usable(conn: &mut AsyncPgConnection, token: &str) -> diesel::QueryResult<bool> {
    if !is_well_formed(token) {
        return Ok(false);
    }
    queries::setup_token_valid(conn, &token_hash(token)).await
}

/// Creates the first administrator, spending every setup link.
pub async fn create_first_admin(
    conn: &mut AsyncPgConnection,
    token: &str,
    new: &NewUser<'_>,
) -> diesel::QueryResult<Result<Uuid, SetupRefused>> {
    if !is_well_formed(token) {
        return Ok(Err(SetupRefused::LinkSpent));
    }
    queries::create_first_admin(conn, &token_hash(token), new).await
}
