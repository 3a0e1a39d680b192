//! The SQL of attachments: which files a page has, their versions, and changes to them.

use diesel::prelude::*;
use diesel::result::{Error as DieselError, QueryResult};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::schema::{attachment_versions, attachments};
use crate::identity::Author;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct Attachment {
    pub id: Uuid,
    pub page_id: Uuid,
    pub name: String,
    pub name_key: String,
    pub latest_version: i32,
    pub deleted_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attachment_versions)]
pub struct Version {
    pub attachment_id: Uuid,
    pub number: i32,
    pub sha256: String,
    pub size_bytes: i64,
    pub kind: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub restored_from: Option<i32>,
    pub created_at: OffsetDateTime,
}

/// The content of a version about to be appended.
#[derive(Debug, Clone)]
pub struct NewContent {
    pub sha256: String,
    pub size_bytes: i64,
    pub kind: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
}

impl From<&Version> for NewContent {
    fn from(version: &Version) -> Self {
        NewContent {
            sha256: version.sha256.clone(),
            size_bytes: version.size_bytes,
            kind: version.kind.clone(),
            width: version.width,
            height: version.height,
        }
    }
}

/// A page's attachments with their current version, by name; deleted ones included (the
/// listing shows them apart, for undeletion).
pub async fn list(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
) -> QueryResult<Vec<(Attachment, Version)>> {
    attachments::table
        .inner_join(
            attachment_versions::table.on(attachment_versions::attachment_id
                .eq(attachments::id)
                .and(attachment_versions::number.eq(attachments::latest_version))),
        )
        .filter(attachments::page_id.eq(page_id))
        .order(attachments::name_key)
        .select((Attachment::as_select(), Version::as_select()))
        .load(conn)
        .await
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    name_key: &str,
) -> QueryResult<Option<Attachment>> {
    attachments::table
        .filter(attachments::page_id.eq(page_id))
        .filter(attachments::name_key.eq(name_key))
        .select(Attachment::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn version(
    conn: &mut AsyncPgConnection,
    attachment_id: Uuid,
    number: i32,
) -> QueryResult<Option<Version>> {
    attachment_versions::table
        .find((attachment_id, number))
        .select(Version::as_select())
        .first(conn)
        .await
        .optional()
}

/// Newest first.
pub async fn versions(
    conn: &mut AsyncPgConnection,
    attachment_id: Uuid,
) -> QueryResult<Vec<Version>> {
    attachment_versions::table
        .filter(attachment_versions::attachment_id.eq(attachment_id))
        .order(attachment_versions::number.desc())
        .select(Version::as_select())
        .load(conn)
        .await
}

/// What appending did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    Version(i32),
    /// The content is already the current, live version: nothing was written.
    Unchanged(i32),
}

/// Where a new version comes from, besides its content.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin {
    /// The version it restores.
    pub restored_from: Option<i32>,
    /// When it was uploaded, if not now (an import keeps the original time).
    pub at: Option<OffsetDateTime>,
}

/// Appends a version to the page's attachment `name` (creating it on first upload, undeleting
/// it if it was deleted), in one transaction with the attachment row locked, so two uploads of
/// the same name get consecutive numbers.
pub async fn append(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    name: &str,
    name_key: &str,
    content: &NewContent,
    author: &Author,
    Origin { restored_from, at }: Origin,
) -> QueryResult<Appended> {
    let (name, name_key) = (name.to_owned(), name_key.to_owned());
    let (content, author) = (content.clone(), author.clone());
    conn.transaction::<_, DieselError, _>(async |conn| {
        diesel::insert_into(attachments::table)
            .values((
                attachments::id.eq(Uuid::now_v7()),
                attachments::page_id.eq(page_id),
                attachments::name.eq(&name),
                attachments::name_key.eq(&name_key),
            ))
            .on_conflict((attachments::page_id, attachments::name_key))
            .do_nothing()
            .execute(conn)
            .await?;
        let attachment = attachments::table
            .filter(attachments::page_id.eq(page_id))
            .filter(attachments::name_key.eq(&name_key))
            .select(Attachment::as_select())
            .for_update()
            .first::<Attachment>(conn)
            .await?;
        if attachment.deleted_at.is_none() && restored_from.is_none() {
            let latest = version(conn, attachment.id, attachment.latest_version).await?;
            if latest.is_some_and(|v| v.sha256 == content.sha256) {
                return Ok(Appended::Unchanged(attachment.latest_version));
            }
        }
        let number = attachment.latest_version + 1;
        diesel::insert_into(attachment_versions::table)
            .values((
                attachment_versions::attachment_id.eq(attachment.id),
                attachment_versions::number.eq(number),
                attachment_versions::sha256.eq(&content.sha256),
                attachment_versions::size_bytes.eq(content.size_bytes),
                attachment_versions::kind.eq(&content.kind),
                attachment_versions::width.eq(content.width),
                attachment_versions::height.eq(content.height),
                attachment_versions::author_id.eq(author.id),
                attachment_versions::author_name.eq(&author.name),
                attachment_versions::restored_from.eq(restored_from),
                at.map(|at| attachment_versions::created_at.eq(at)),
            ))
            .execute(conn)
            .await?;
        diesel::update(attachments::table.find(attachment.id))
            .set((
                attachments::latest_version.eq(number),
                attachments::deleted_at.eq(None::<OffsetDateTime>),
            ))
            .execute(conn)
            .await?;
        Ok(Appended::Version(number))
    })
    .await
}

/// Soft-deletes or undeletes; the versions are untouched.
pub async fn set_deleted(
    conn: &mut AsyncPgConnection,
    attachment_id: Uuid,
    deleted: bool,
) -> QueryResult<()> {
    let at = deleted.then(OffsetDateTime::now_utc);
    diesel::update(attachments::table.find(attachment_id))
        .set(attachments::deleted_at.eq(at))
        .execute(conn)
        .await?;
    Ok(())
}
