//! The rows of the page model every layer reads: pages and their revisions. Queries that
//! load them live with the capabilities (`pages::queries` above all); the types are the
//! core's, so that permissions (`access`) and page kinds (`kind`) can name them.

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::prelude::*;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::schema::{page_events, pages, revisions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pages)]
pub struct Page {
    pub id: Uuid,
    pub name: String,
    pub name_key: String,
    pub latest_rev: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
    pub render_generation: i64,
    pub rendered_generation: Option<i64>,
    pub rendered_html: Option<String>,
    /// The page's creator, when signed in (see `permissions`).
    pub owner_id: Option<Uuid>,
    /// Permission lists; `None` means the site's default.
    pub read_acl: Option<Vec<String>>,
    pub write_acl: Option<Vec<String>>,
    pub comment_acl: Option<Vec<String>>,
}

impl Page {
    /// The cached HTML of the latest revision, if it is still valid.
    pub fn cached_html(&self) -> Option<&str> {
        match (self.rendered_generation, &self.rendered_html) {
            (Some(generation), Some(html)) if generation == self.render_generation => Some(html),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = revisions)]
pub struct Revision {
    pub page_id: Uuid,
    pub number: i32,
    pub body: String,
    pub summary: String,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub created_at: OffsetDateTime,
    pub size_bytes: i32,
    pub restored_from: Option<i32>,
    /// The latest revision this one was merged with, when its editor started from an older one.
    pub merged_with: Option<i32>,
}

/// A revision without its text, for listings.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = revisions)]
pub struct RevisionMeta {
    pub number: i32,
    pub summary: String,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub created_at: OffsetDateTime,
    pub size_bytes: i32,
    pub restored_from: Option<i32>,
    pub merged_with: Option<i32>,
}

/// What happened to a page besides an edit, stored as `page_events.kind` (text, checked by the
/// table): read and written as this type only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum EventKind {
    Rename,
    Delete,
    Undelete,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Rename => "rename",
            EventKind::Delete => "delete",
            EventKind::Undelete => "undelete",
        }
    }
}

impl ToSql<Text, Pg> for EventKind {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <str as ToSql<Text, Pg>>::to_sql(self.as_str(), &mut out.reborrow())
    }
}

impl FromSql<Text, Pg> for EventKind {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
        [EventKind::Rename, EventKind::Delete, EventKind::Undelete]
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| format!("unknown page event {text:?}").into())
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = page_events)]
pub struct PageEvent {
    pub kind: EventKind,
    pub old_name: Option<String>,
    pub new_name: Option<String>,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub reason: String,
    pub created_at: OffsetDateTime,
}
