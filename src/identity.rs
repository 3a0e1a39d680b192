//! Who is asking and who signed a change: the identities every layer passes around.
//!
//! The core defines them; `accounts` fills them in (sign-up, login, the session cookie) and
//! `state::AppState::identify` is how the core's request context asks it, so the core never
//! imports the capability that manages accounts.

use std::sync::Mutex;

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// What a user may do beyond the page permissions, stored as `users.role` (text, checked by the
/// table): read and written as this type only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Role {
    /// Manages users and groups, passes every permission check.
    Admin,
    /// May edit, rename, delete, undelete and restore every page they can read.
    Editor,
    /// Follows the page permissions.
    Member,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Member => "member",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

impl ToSql<Text, Pg> for Role {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <str as ToSql<Text, Pg>>::to_sql(self.as_str(), &mut out.reborrow())
    }
}

impl FromSql<Text, Pg> for Role {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
        Role::parse(&text).ok_or_else(|| format!("unknown role {text:?}").into())
    }
}

/// The session cookie's name: with the `__Host-` prefix over https, so that no other site and
/// no sibling subdomain can set it. Here, in the core, because the CSRF middleware binds forms
/// to the session it names (`security::csrf_cookie`).
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-session" } else { "session" }
}

/// A signed-in user, as the request handlers see them.
#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub name: String,
    /// Lower-case name, as permission lists name users.
    pub name_key: String,
    pub email: String,
    pub role: Role,
    /// Lower-case names of the user's groups.
    pub groups: Vec<String>,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// Who is making the request: a signed-in user, or nobody.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<User>,
    /// Hash of this request's session token, to end it at logout.
    pub session: Option<Vec<u8>>,
}

impl Viewer {
    pub fn is_signed_in(&self) -> bool {
        self.user.is_some()
    }
}

/// Who made a change: a user, or a visitor without an account (`id` is `None`; `name` is
/// then a pseudonym, or the wiki itself for the default pages).
#[derive(Debug, Clone)]
pub struct Author {
    pub id: Option<Uuid>,
    pub name: String,
}

/// A session as an instance's session cache keeps it (see `cache::SessionCache`).
#[derive(Debug)]
pub struct CachedSession {
    pub user: User,
    expires_at: OffsetDateTime,
    /// When the session was last marked as used, in the database or by this instance.
    last_seen_at: Mutex<OffsetDateTime>,
}

impl CachedSession {
    pub fn new(user: User, expires_at: OffsetDateTime, last_seen_at: OffsetDateTime) -> Self {
        CachedSession {
            user,
            expires_at,
            last_seen_at: Mutex::new(last_seen_at),
        }
    }

    /// Whether the session has neither expired nor been idle for `idle_timeout`.
    pub fn is_live(&self, now: OffsetDateTime, idle_timeout: Duration) -> bool {
        self.expires_at > now && self.last_seen() > now - idle_timeout
    }

    pub fn last_seen(&self) -> OffsetDateTime {
        *self.last_seen_at.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records that the session was marked as used at `now`.
    pub fn touched(&self, now: OffsetDateTime) {
        *self.last_seen_at.lock().unwrap_or_else(|p| p.into_inner()) = now;
    }
}
