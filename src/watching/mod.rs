//! Following pages: "Watch" on any page (a programme is a page too), what changed since the
//! last visit on the page itself and at `/-/watchlist`, and a personal Atom feed of the watched
//! pages at a secret, revocable address.
//!
//! A watch remembers the revision and the time of its watcher's last visit to the page; the
//! visit that shows "changed since your last visit" moves them on. Only signed-in people watch,
//! and the watchlist, the notice and the feed show only pages their watcher may read now: a page
//! made private since it was watched drops out of all three.

pub mod notify;
pub mod queries;
pub mod routes;
pub mod views;

use async_trait::async_trait;
use diesel_async::AsyncPgConnection;
use maud::Markup;

use crate::error::AppError;
use crate::kind::{Annex, Shown};

/// The watch button below a page, and the notice above it.
pub struct WatchAnnex;

#[async_trait]
impl Annex for WatchAnnex {
    async fn below(
        &self,
        conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
        _kind: Option<&'static str>,
        csrf: &str,
    ) -> Result<Option<Markup>, AppError> {
        let Some(user) = &shown.access.viewer.user else {
            return Ok(None);
        };
        let watching = queries::find(conn, user.id, shown.page.id).await?.is_some();
        Ok(Some(views::toggle(
            shown.lang,
            csrf,
            &shown.page.name,
            watching,
        )))
    }

    async fn above(
        &self,
        conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
    ) -> Result<Option<Markup>, AppError> {
        let Some(user) = &shown.access.viewer.user else {
            return Ok(None);
        };
        let page = shown.page;
        let Some(watch) = queries::find(conn, user.id, page.id).await? else {
            return Ok(None);
        };
        let edits = if page.latest_rev > watch.seen_rev {
            queries::revisions_by_others_since(conn, page.id, watch.seen_rev, user.id).await?
        } else {
            0
        };
        let comments = queries::comments_since(conn, page.id, watch.seen_at, user.id).await?;
        if page.latest_rev > watch.seen_rev || comments > 0 {
            queries::seen(conn, user.id, page.id, page.latest_rev).await?;
        }
        Ok((edits > 0 || comments > 0).then(|| {
            views::changed_since(
                shown.lang,
                &page.name,
                watch.seen_rev,
                page.latest_rev,
                edits,
                comments,
            )
        }))
    }
}
