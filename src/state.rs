//! The application state: what every request handler of an instance shares.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::HttpRequest;
use diesel_async::AsyncPgConnection;
use futures_util::future::LocalBoxFuture;

use crate::access::Access;

use crate::cache::Caches;
use crate::config::Settings;
use crate::db::DbPool;
use crate::error::AppError;
use crate::identity::Viewer;
use crate::kind::Kinds;
use crate::layout::Chrome;

/// How the request context loads the site menu and footer that frame every page
/// (`pages::render::load_chrome`: they are wiki pages, rendered for the visitor).
pub type LoadChrome = for<'a> fn(
    &'a mut AsyncPgConnection,
    &'a Access<'a>,
) -> LocalBoxFuture<'a, Result<Chrome, AppError>>;

/// How the request context learns who is asking (`accounts::sessions::viewer_of`): the
/// session cookie is read at most once per request, and only by handlers that build a `Ctx`.
pub type Identify =
    for<'a> fn(&'a HttpRequest) -> Pin<Box<dyn Future<Output = Result<Viewer, AppError>> + 'a>>;

/// What every request handler shares. Holds nothing another instance would need: any number
/// of instances can serve the same wiki behind a load balancer. The caches only repeat what
/// PostgreSQL says, and are emptied whenever it changes (see `cache`). Built by `app::state`,
/// which plugs in the capabilities (kinds, sessions, the frame, workers): the core names none
/// of them.
pub struct AppState {
    pub pool: DbPool,
    pub settings: Settings,
    pub caches: Arc<Caches>,
    /// The kinds of page this wiki knows (see `kind`).
    pub kinds: Kinds,
    pub identify: Identify,
    pub chrome: LoadChrome,
    /// Background work that runs as long as the state lives (the search indexer): kept here
    /// only to be stopped with it.
    pub workers: Vec<Box<dyn Any + Send + Sync>>,
    /// Set once the instance was asked to stop: readiness answers 503 from then on, so load
    /// balancers send it nothing new while it finishes what it has (`server::serve`).
    pub stopping: std::sync::atomic::AtomicBool,
    /// Places for the saves this instance runs at once: `--concurrent-saves`, by default half
    /// of its connections (see [`AppState::save_slot`]).
    pub saving: tokio::sync::Semaphore,
}

impl AppState {
    /// The saves of an instance at once: half of its pool, so that however many people save,
    /// readers still find a connection and a share of the cores. 16 editors and one person
    /// searching on 2 cores (the quick load wiki, three rounds): with 16 places, 1,262
    /// saves/s, save p99 79 ms, search p95 153 ms; with 8, 1,116 saves/s (-12 %), save p99
    /// 47 ms, search p95 92 ms; with 4, 843 saves/s, 41 ms, 46 ms.
    pub fn save_slots(pool_size: usize) -> usize {
        (pool_size / 2).max(1)
    }

    /// Waits for a place among the saves running at once; held for the save, taken before
    /// its connection (a save waiting here holds none).
    pub async fn save_slot(&self) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
        self.saving
            .acquire()
            .await
            .map_err(|_| AppError::Internal("the saves' semaphore was closed".into()))
    }
}
