//! The rows of the page model every layer reads: pages and their revisions. Queries that
//! load them live with the capabilities (`pages::queries` above all); the types are the
//! core's, so that permissions (`access`) and page kinds (`kind`) can name them.

use diesel::prelude::*;
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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = page_events)]
pub struct PageEvent {
    pub kind: String,
    pub old_name: Option<String>,
    pub new_name: Option<String>,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub reason: String,
    pub created_at: OffsetDateTime,
}
