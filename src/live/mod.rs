//! Live editing (`/{name}/live`): several people type in one page at once, like in a pad, and
//! what they type becomes the wiki's ordinary revisions.
//!
//! The page's text is a CRDT, a Yjs document: `yrs` here, Yjs in the browser
//! (`assets/live.js`, built from `web/live/`), speaking the standard y-sync and awareness
//! messages over a WebSocket (`connection`). Every accepted update is stored in PostgreSQL as
//! it arrives and relayed to the other instances with its commit (`relay`), so an instance
//! keeps nothing another one needs (`room` only caches the document). A `checkpoint` turns the
//! document into a revision through `pages::save` when the room goes quiet, when its last
//! editor leaves, and on demand, crediting everyone who typed; it also merges a plain save
//! into the document. See `docs/live.md`.

pub mod checkpoint;
pub mod connection;
pub mod document;
pub mod queries;
pub mod relay;
pub mod room;
pub mod routes;
pub mod sweep;
pub mod views;

use std::sync::Arc;

use crate::error::AppError;

pub use room::Rooms;

/// What live editing can fail with, below its handlers.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("database: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("database unavailable: {0}")]
    Pool(#[from] diesel_async::pooled_connection::deadpool::PoolError),
    #[error("the page's name is no longer valid: {0}")]
    Name(#[from] crate::names::NameError),
    #[error("the live document was not saved: {0}")]
    NotSaved(String),
    #[error("{0}")]
    Internal(String),
}

impl From<LiveError> for AppError {
    fn from(err: LiveError) -> AppError {
        match err {
            LiveError::Database(err) => err.into(),
            LiveError::Pool(err) => err.into(),
            LiveError::Name(err) => err.into(),
            LiveError::NotSaved(_) | LiveError::Internal(_) => AppError::Internal(err.to_string()),
        }
    }
}

/// This instance's rooms, and the listener that relays the other instances' updates to them:
/// one of the state's workers (`app::state`), found again by `Rooms::of`.
pub fn start(url: &str) -> Arc<Rooms> {
    let rooms = Arc::new(Rooms::new());
    relay::start(&rooms, url);
    rooms
}
