//! The database layer's shared pieces: the connection pool, the embedded migrations, the
//! private cluster used when no server is configured, and the threads of an instance's
//! long-lived connections. Queries live with their capability (`pages/queries.rs`, ...); this
//! module only hands out connections.

pub mod embedded;
pub mod schema;
pub mod sql;

use diesel::Connection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::{Object, Pool, PoolError};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub type DbPool = Pool<AsyncPgConnection>;
pub type DbConn = Object<AsyncPgConnection>;

/// The schema, compiled into the binary so a release needs no files beside it.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Failures below the HTTP layer: connecting, pooling, querying, migrating.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not get a database connection: {0}")]
    Pool(#[from] PoolError),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("could not apply the database migrations: {0}")]
    Migration(String),
    #[error("could not build the connection pool: {0}")]
    Build(String),
}

/// Builds the pool. Connections are made lazily, so this succeeds even if the server is down;
/// requests then answer 503 until it is back.
///
/// A connection going back into use is not pinged first (`RecyclingMethod::Fast`, as
/// deadpool-postgres does by default): the ping was one more round trip for every request, a
/// sixteenth of a save's statements. A connection the server closed is still never handed out,
/// since the client sees the socket close and the pool drops it.
pub fn pool(url: &str, max_size: usize) -> Result<DbPool, DbError> {
    let mut config = ManagerConfig::default();
    config.recycling_method = RecyclingMethod::Fast;
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
    Pool::builder(manager)
        .max_size(max_size)
        .wait_timeout(Some(std::time::Duration::from_secs(10)))
        .create_timeout(Some(std::time::Duration::from_secs(5)))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|e| DbError::Build(e.to_string()))
}

/// Applies pending migrations and returns the names of those applied.
///
/// Runs on a plain thread: diesel's migration harness is synchronous, and the async wrapper it
/// needs must not run on one of actix's current-thread runtimes.
///
/// The migrations' commits do not wait for their flush to disk (`synchronous_commit = off`), so
/// that a first start does not wait for 45 flushes one after the other. Nothing is lost that
/// matters: each migration and its record in diesel's table commit together, the WAL keeps
/// them in order, so a crash can only forget the last ones whole, which the next start applies
/// again; and the first durable commit after them (any save) flushes them too.
pub fn run_migrations(url: &str) -> Result<Vec<String>, DbError> {
    use diesel::connection::SimpleConnection;
    let url = url.to_owned();
    std::thread::spawn(move || -> Result<Vec<String>, DbError> {
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url)?;
        conn.batch_execute("SET synchronous_commit = off")?;
        let applied = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(|e| DbError::Migration(e.to_string()))?;
        Ok(applied.iter().map(ToString::to_string).collect())
    })
    .join()
    .map_err(|_| DbError::Migration("the migration thread panicked".into()))?
}

/// Runs `task` on a thread of its own with a single-threaded runtime: for an instance's
/// long-lived connections (the cache listener, the search indexer), which must keep going
/// whatever runtime built the instance (actix's workers, a test's) and never wait behind
/// requests. `what` names the thread, and the error should it not start; the task is expected
/// to end by itself once the instance is gone.
pub fn spawn_background<Fut>(what: &'static str, task: impl FnOnce() -> Fut + Send + 'static)
where
    Fut: std::future::Future<Output = ()>,
{
    let spawned = std::thread::Builder::new()
        .name(what.into())
        .spawn(move || {
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(task()),
                Err(err) => tracing::error!(%err, what, "not started: no runtime"),
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, what, "not started: no thread");
    }
}

/// How many times in all a transaction that lost to concurrent ones is run (see
/// [`is_transient`]).
pub const ATTEMPTS: u32 = 3;

/// Whether a statement failed only because of concurrent transactions: PostgreSQL broke a
/// deadlock by aborting this one, or could not serialise it. Nothing it did was kept, and run
/// again it succeeds.
///
/// diesel-async keeps the SQLSTATE of a serialization failure but passes a deadlock's (40P01)
/// on as an unknown kind with the server's message, so that message is what is recognised: a
/// server whose `lc_messages` is not English makes a deadlock an error instead of a retry.
pub fn is_transient(err: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match err {
        Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        Error::DatabaseError(DatabaseErrorKind::Unknown, info) => {
            info.message().starts_with("deadlock detected")
        }
        _ => false,
    }
}

/// The channel the triggers notify on when what views show changes (see `cache`).
pub const CHANGED: &str = "coopwiki_changed";

/// Runs a transaction whose triggers leave the notification to its commit, and tells every
/// instance once it committed, if `changed` says the result changed what views show.
///
/// The statements of `open` are sent with the `BEGIN` (one round trip for both; PostgreSQL runs
/// them in order, so inside the transaction), and `write` gets what they read. A transaction
/// that notifies commits under a database-wide lock held until its commit is flushed, which
/// would make concurrent saves wait for each other's fsync: the notification goes in a second
/// transaction that writes nothing durable, sent with the `COMMIT` in one message (PostgreSQL
/// stops at the first error, so nothing is announced that did not commit).
pub async fn transaction_notifying_after_commit<O, T>(
    conn: &mut AsyncPgConnection,
    open: impl AsyncFnOnce(&AsyncPgConnection) -> diesel::QueryResult<O>,
    write: impl AsyncFnOnce(&mut AsyncPgConnection, O) -> diesel::QueryResult<T>,
    changed: impl FnOnce(&T) -> bool,
) -> diesel::QueryResult<T> {
    use diesel::connection::{TransactionDepthChange, TransactionManagerStatus};
    use diesel_async::{AnsiTransactionManager, SimpleAsyncConnection, TransactionManager};
    fn status(conn: &mut AsyncPgConnection) -> &mut TransactionManagerStatus {
        <AnsiTransactionManager as TransactionManager<AsyncPgConnection>>::transaction_manager_status_mut(conn)
    }
    let state = status(conn).transaction_state()?;
    if state.transaction_depth().is_some() {
        return Err(diesel::result::Error::AlreadyInTransaction);
    }
    // Counted as open before anything is sent: a request dropped half-way leaves a connection
    // that the pool sees inside a transaction, and discards instead of lending it again.
    state.change_transaction_depth(TransactionDepthChange::IncreaseDepth)?;
    let shared: &AsyncPgConnection = conn;
    let mut beginning = shared;
    let (begun, opened) = futures_util::join!(
        beginning.batch_execute("BEGIN; SET LOCAL coopwiki.notify = 'after_commit'"),
        open(shared),
    );
    if let Err(err) = begun {
        status(conn).set_in_error();
        return Err(err);
    }
    let written = match opened {
        Ok(opened) => write(conn, opened).await,
        Err(err) => Err(err),
    };
    let value = match written {
        Ok(value) => value,
        Err(err) => {
            AnsiTransactionManager::rollback_transaction(conn).await?;
            return Err(err);
        }
    };
    if !changed(&value) {
        AnsiTransactionManager::commit_transaction(conn).await?;
        return Ok(value);
    }
    let sent = conn
        .batch_execute(&format!(
            "COMMIT; BEGIN; SET LOCAL synchronous_commit = off; NOTIFY {CHANGED}; COMMIT"
        ))
        .await;
    match sent {
        Ok(()) => {
            status(conn)
                .transaction_state()?
                .change_transaction_depth(TransactionDepthChange::DecreaseDepth)?;
            Ok(value)
        }
        // Which statement failed is unknown (the connection may be in the notifying
        // transaction, aborted): the pool discards it.
        Err(err) => {
            status(conn).set_in_error();
            Err(err)
        }
    }
}
