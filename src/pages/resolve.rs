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
    Ok(match canonical(conn, raw, access).await? {
        Canonical::Here(page) => Resolved::Page(page),
        Canonical::Missing(name) => Resolved::Missing(name),
        Canonical::Elsewhere(page) => {
            Resolved::Redirect(permanent_redirect(&page.name, suffix, req))
        }
    })
}

/// Where the page named by `raw` lives, for this visitor.
enum Canonical {
    Here(Page),
    Missing(PageName),
    /// Under another spelling, or a new name.
    Elsewhere(Page),
}

async fn canonical(
    conn: &mut AsyncPgConnection,
    raw: &str,
    access: &Access<'_>,
) -> Result<Canonical, AppError> {
    let name = PageName::parse(raw)?;
    Ok(match find_readable(conn, &name, access).await? {
        None => Canonical::Missing(name),
        Some(Found::Current(page)) if raw == page.name.replace(' ', "_") => Canonical::Here(page),
        Some(Found::Current(page) | Found::FormerName(page)) => Canonical::Elsewhere(page),
    })
}

/// The page at the address of this request (`raw`, its decoded `{name}` segment), deleted or
/// not, for the visitor: a page they may not read, or that does not exist, is `NotFound`;
/// another spelling or a former name is `AppError::Moved` to the canonical address, with the
/// rest of the path and the query kept (answered as a 301 by `error`). The one way a handler
/// of `/{name}/…` finds its page.
pub async fn page_at(
    conn: &mut AsyncPgConnection,
    raw: &str,
    req: &HttpRequest,
    access: &Access<'_>,
) -> Result<Page, AppError> {
    let path = req.path();
    let suffix = path
        .get(1..)
        .and_then(|rest| rest.find('/'))
        .map_or("", |slash| &path[1 + slash..]);
    match canonical(conn, raw, access).await? {
        Canonical::Here(page) => Ok(page),
        Canonical::Missing(_) => Err(AppError::NotFound),
        Canonical::Elsewhere(page) => Err(AppError::Moved {
            location: location(&page.name, suffix, req),
        }),
    }
}

/// [`page_at`], for actions that need a live page: a deleted page is `NotFound` too.
pub async fn live_page_at(
    conn: &mut AsyncPgConnection,
    raw: &str,
    req: &HttpRequest,
    access: &Access<'_>,
) -> Result<Page, AppError> {
    let page = page_at(conn, raw, req, access).await?;
    match page.deleted_at {
        Some(_) => Err(AppError::NotFound),
        None => Ok(page),
    }
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

/// The latest text of the live page that has or had the name `raw`, for starting a new page
/// from it (a copy of a sheet or a programme); a name no page can have, a deleted page or one
/// the visitor may not read is missing, like a page that does not exist.
pub async fn latest_readable_text(
    conn: &mut AsyncPgConnection,
    raw: &str,
    access: &Access<'_>,
) -> Result<String, AppError> {
    let name = PageName::parse(raw).map_err(|_| AppError::NotFound)?;
    match find_readable(conn, &name, access).await? {
        Some(Found::Current(page) | Found::FormerName(page)) if page.deleted_at.is_none() => {
            Ok(queries::latest_body(conn, &page).await?)
        }
        _ => Err(AppError::NotFound),
    }
}

/// A 301 to the page's address, with the same sub-path and query.
pub fn permanent_redirect(name: &str, suffix: &str, req: &HttpRequest) -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, location(name, suffix, req)))
        .finish()
}

/// The page's address, with the same sub-path and query.
fn location(name: &str, suffix: &str, req: &HttpRequest) -> String {
    let query = req.query_string();
    if query.is_empty() {
        format!("{}{suffix}", page_path(name))
    } else {
        format!("{}{suffix}?{query}", page_path(name))
    }
}

/// A 303 after a successful form post, so reloading does not post again.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}
