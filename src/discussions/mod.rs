//! Talking about a page: a thread under every page and at `/{name}/discussion`, comments in
//! Markdown through the pages' renderer and sanitiser, replies one level deep, field notes on
//! method sheets ("I used it, with 60 people, for 90 minutes"), edits kept, removals shown,
//! and moderation before publication where the site asks for it.
//!
//! Who may do what:
//! - **read** a thread: whoever may read its page, exactly; every listing of comments (recent
//!   changes, the feed, a person's comments, the API) filters by the page's read permission
//!   in SQL, before its limit, as page listings do;
//! - **comment**: the page's comment permission (`Access::may_comment`); visitors without an
//!   account only where it lets everyone in (`*`), under their address's pseudonym;
//! - **edit** a comment: its author (signed in); **remove** it: its author, the page's owner
//!   or an administrator; **approve** a waiting one: the page's owner or an administrator.
//!
//! Abuse is kept out before anything is written: a honeypot field people never see, a rate
//! per account and per address kept in PostgreSQL (`accounts::throttle`, shared by every
//! instance), a length limit, and moderation (`Settings::comment_moderation`). A refused
//! comment comes back in its form with the reason (422, 429); nothing is half-saved.

pub mod api;
pub mod queries;
pub mod routes;
pub mod views;

use async_trait::async_trait;
use diesel_async::AsyncPgConnection;
use maud::Markup;

use crate::error::AppError;
use crate::kind::{Annex, Shown};

/// Longest comment accepted, in characters: a long field report, not a page.
pub const MAX_COMMENT_CHARS: usize = 10_000;

/// Top-level comments shown under a page (the latest ones, with their replies); the whole
/// thread is at `/{name}/discussion`. Bounds the cost of a page view whatever the thread.
pub const SHOWN_BELOW: i64 = 20;

/// Top-level comments per page of `/{name}/discussion`.
pub const PER_PAGE: i64 = 100;

/// The discussion below every page, whatever its kind.
pub struct Thread;

#[async_trait]
impl Annex for Thread {
    async fn below(
        &self,
        conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
        kind: Option<&'static str>,
        csrf: &str,
    ) -> Result<Option<Markup>, AppError> {
        let window = queries::Window::Latest(SHOWN_BELOW);
        let thread = routes::load(conn, shown.access, shown.page, kind, window).await?;
        Ok(Some(views::below(shown.lang, csrf, &thread)))
    }
}
