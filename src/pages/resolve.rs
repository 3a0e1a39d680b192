//! From the `{name}` segment of a URL to a page, applying the URL rules of `urls.md`: one
//! canonical address per page, everything else a permanent redirect to it.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use diesel_async::AsyncPgConnection;

use crate::access::Access;
use crate::error::AppError;
use crate::model::Page;
use crate::names::{PageName, page_path};
use crate::pages::queries::{self, Found};

pub enum Resolved {
    /// The URL is the page's canonical address.
    Page(Page),
    /// No page has or had this name.
    Missing(PageName),
    /// Another spelling, or a former name: answer with this permanent redirect.
    Redirect(HttpResponse),
}

/// Resolves `raw` (the decoded URL segment). `suffix` is the rest of the path after the name
/// (e.g. `/history`), kept in the redirect along with the query string.
///
/// A page the visitor may not read is `Missing`, before any redirect: its other spellings and
/// former names must not reveal it either.
pub async fn resolve(
    conn: &mut AsyncPgConnection,
    raw: &str,
    suffix: &str,
    req: &HttpRequest,
    access: &Access<'_>,
) -> Result<Resolved, AppError> {
    let name = PageName::parse(raw)?;
    let page = match find_readable(conn, &name, access).await? {
        None => return Ok(Resolved::Missing(name)),
        Some(Found::Current(page)) if raw == page.name.replace(' ', "_") => {
            return Ok(Resolved::Page(page));
        }
        Some(Found::Current(page) | Found::FormerName(page)) => page,
    };
    Ok(Resolved::Redirect(permanent_redirect(
        &page.name, suffix, req,
    )))
}

/// The page that has or had `name`, if the visitor may read it.
pub async fn find_readable(
    conn: &mut AsyncPgConnection,
    name: &PageName,
    access: &Access<'_>,
) -> Result<Option<Found>, AppError> {
    Ok(queries::find(conn, name)
        .await?
        .filter(|found| match found {
            Found::Current(page) | Found::FormerName(page) => access.may_read(page),
        }))
}

/// A 301 to the page's address, with the same sub-path and query.
pub fn permanent_redirect(name: &str, suffix: &str, req: &HttpRequest) -> HttpResponse {
    let query = req.query_string();
    let location = if query.is_empty() {
        format!("{}{suffix}", page_path(name))
    } else {
        format!("{}{suffix}?{query}", page_path(name))
    };
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// A 303 after a successful form post, so reloading does not post again.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}
