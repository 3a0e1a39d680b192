//! Login (and comment) throttling, decided before any password is hashed, from failures recorded in
//! PostgreSQL (so every instance sees every attempt): per account, and per address.
//!
//! The account key is what was typed (folded to lower case), whether or not an account has
//! that name: throttling then says nothing about which accounts exist.

use diesel_async::AsyncPgConnection;
use time::{Duration, OffsetDateTime};

use crate::accounts::queries;
use crate::config::Settings;
use crate::error::AppError;

/// The window failures are counted in.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failures allowed per account in the window, then the account waits.
pub const PER_ACCOUNT: i64 = 5;
/// Failures allowed per address in the window (an office shares one address).
pub const PER_ADDRESS: i64 = 30;
/// Reset e-mails per account (or address) in the window: enough to retry, not to flood.
pub const RESETS: i64 = 3;
/// Comments per address in the window, for each one an account may post
/// (`Settings::comment_limit`): a workshop's room shares one address.
pub const COMMENTS_PER_ADDRESS_FACTOR: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Login,
    Reset,
    /// Every comment posted counts, not only refusals.
    Comment,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Login => "login",
            Kind::Reset => "reset",
            Kind::Comment => "comment",
        }
    }

    fn limits(self, settings: &Settings) -> (i64, i64) {
        match self {
            Kind::Login => (PER_ACCOUNT, PER_ADDRESS),
            Kind::Reset => (RESETS, PER_ADDRESS),
            Kind::Comment => (
                settings.comment_limit,
                settings
                    .comment_limit
                    .saturating_mul(COMMENTS_PER_ADDRESS_FACTOR),
            ),
        }
    }
}

/// Refuses with [`AppError::TooManyAttempts`] when the account or the address is over its limit.
pub async fn check(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    kind: Kind,
    account_key: &str,
    address: &str,
) -> Result<(), AppError> {
    let since = OffsetDateTime::now_utc() - WINDOW;
    let (account, from_address) =
        queries::count_attempts(conn, kind.as_str(), account_key, address, since).await?;
    let (account_limit, address_limit) = kind.limits(settings);
    if account >= account_limit || from_address >= address_limit {
        return Err(AppError::TooManyAttempts);
    }
    Ok(())
}

/// Records one attempt that counts against the limits, and forgets those older than the window.
pub async fn record(
    conn: &mut AsyncPgConnection,
    kind: Kind,
    account_key: &str,
    address: &str,
) -> Result<(), AppError> {
    let now = OffsetDateTime::now_utc();
    queries::record_attempt(conn, kind.as_str(), account_key, address, now - WINDOW).await?;
    Ok(())
}
