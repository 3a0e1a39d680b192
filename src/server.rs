//! Starting the wiki: choose the database (configured or private), migrate, seed, serve.
//! Shared by `main` and by the tests that need a real listening server (the browser tests).

use std::net::TcpListener;
use std::time::Duration;

use actix_web::{HttpServer, web};
use diesel::Connection;
use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;

use crate::app::{self, build_app};
use crate::config::{Config, Settings};
use crate::db::embedded::{ClusterOptions, PrivateCluster};
use crate::db::{self, DbError};
use crate::pages::seed;
use crate::state::AppState;

/// Name of the database coopwiki creates in its private cluster.
pub const PRIVATE_DATABASE: &str = "coopwiki";

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Cluster(#[from] db::embedded::ClusterError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("could not create the default pages: {0}")]
    Seed(String),
    #[error("{0}")]
    Command(String),
    #[error("benchmark failed: {0}")]
    Bench(String),
    #[error("could not listen on {address}: {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
}

/// The database to use: the configured URL, or a private cluster under the data directory
/// (started here, stopped when the returned cluster is dropped).
pub fn database(config: &Config) -> Result<(String, Option<PrivateCluster>), StartError> {
    if let Some(url) = &config.database_url {
        return Ok((url.clone(), None));
    }
    let cluster = PrivateCluster::start(
        &config.data_dir.join("pg"),
        ClusterOptions {
            durable: true,
            // A coopwiki killed without a chance to stop PostgreSQL must not leave it running:
            // the next start would find the data directory in use.
            die_with_parent: true,
            shared_buffers_mb: Some(
                config
                    .pg_shared_buffers_mb
                    .unwrap_or_else(default_shared_buffers_mb),
            ),
        },
    )?;
    wait_for_connections(&cluster.url("postgres"))?;
    create_database_if_missing(&cluster.url("postgres"), PRIVATE_DATABASE)?;
    Ok((cluster.url(PRIVATE_DATABASE), Some(cluster)))
}

/// The database of a command that works beside a running wiki (`user add`, `import`): the
/// private cluster that wiki runs, when one does, or one of its own, as [`database`] gives.
pub fn database_beside_wiki(
    config: &Config,
) -> Result<(String, Option<PrivateCluster>), StartError> {
    if config.database_url.is_none()
        && let Some(url) =
            crate::db::embedded::running_url(&config.data_dir.join("pg"), PRIVATE_DATABASE)
    {
        return Ok((url, None));
    }
    database(config)
}

/// PostgreSQL's own default (128 MB) is sized for a machine shared with much else: with a
/// 100,000-page wiki, saves read index and heap pages back from the kernel and wrote dirty ones
/// out themselves to make room (the load benchmark's saves: 15% more per second with 1 GB). An
/// eighth of the memory leaves the rest to the kernel's cache, the app and other services.
pub fn default_shared_buffers_mb() -> u64 {
    let total_mb = nix::sys::sysinfo::sysinfo().map_or(0, |info| info.ram_total() >> 20);
    (total_mb / 8).clamp(128, 2048)
}

/// What PostgreSQL answers while it cannot take connections yet: starting, replaying its WAL
/// after a crash, or not yet consistent.
const NOT_YET_ACCEPTING: [&str; 3] = [
    "starting up",
    "in recovery mode",
    "not yet accepting connections",
];

/// A cluster can report itself ready a moment before it accepts connections (it answers "the
/// database system is starting up" meanwhile, or "is in recovery mode" while it replays its WAL
/// after a crash), notably after a restart or under load: retry for a while. Used by
/// `database` and by the tests.
pub fn wait_for_connections(url: &str) -> Result<(), DbError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        match AsyncConnectionWrapper::<AsyncPgConnection>::establish(url) {
            Ok(_) => return Ok(()),
            Err(err)
                if std::time::Instant::now() < deadline
                    && NOT_YET_ACCEPTING
                        .iter()
                        .any(|message| err.to_string().contains(message)) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(err) => return Err(err.into()),
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Exists {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    exists: bool,
}

/// Creates `name` on the server behind `admin_url` unless it exists.
pub fn create_database_if_missing(admin_url: &str, name: &str) -> Result<(), DbError> {
    let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(admin_url)?;
    let found =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<Text, _>(name)
            .get_result::<Exists>(&mut conn)?;
    if !found.exists {
        let quoted = name.replace('"', "\"\"");
        diesel::sql_query(format!("CREATE DATABASE \"{quoted}\" ENCODING 'UTF8'"))
            .execute(&mut conn)?;
    }
    Ok(())
}

/// Creates the default pages. Runs on the actix runtime, after migrations.
///
/// As the migrations, without waiting for each commit's flush (see `db::run_migrations`): the
/// pages are created again at the next start if a crash forgets them, and the first durable
/// commit after them flushes them. The setting is the connection's only while seeding: a
/// failure stops the start, and the connection is then dropped with the pool.
pub async fn seed(state: &AppState) -> Result<(), StartError> {
    use diesel_async::SimpleAsyncConnection;
    let mut conn = state
        .pool
        .get()
        .await
        .map_err(|e| StartError::Seed(e.to_string()))?;
    conn.batch_execute("SET synchronous_commit = off")
        .await
        .map_err(|e| StartError::Seed(e.to_string()))?;
    seed::ensure_defaults(&mut conn, &state.kinds, &state.settings.home_page)
        .await
        .map_err(|e| StartError::Seed(e.to_string()))?;
    crate::catalogue::starter::ensure_form(&mut conn, &state.kinds)
        .await
        .map_err(|e| StartError::Seed(e.to_string()))?;
    if state.settings.starter_catalogue {
        let mut defaults = seed::default_names(&state.settings.home_page)
            .map_err(|e| StartError::Seed(e.to_string()))?;
        defaults.push(
            crate::catalogue::starter::form_page().map_err(|e| StartError::Seed(e.to_string()))?,
        );
        let installed = crate::catalogue::starter::install(&mut conn, &state.kinds, &defaults)
            .await
            .map_err(|e| StartError::Seed(e.to_string()))?;
        tracing::info!(?installed, "starter catalogue");
    }
    conn.batch_execute("RESET synchronous_commit")
        .await
        .map_err(|e| StartError::Seed(e.to_string()))?;
    Ok(())
}

/// How an instance serves, besides its settings.
pub struct Serving {
    /// Database connections this process may hold.
    pub pool_size: usize,
    /// HTTP worker threads (`None`: one per core).
    pub workers: Option<usize>,
    /// Where to serve the Prometheus metrics, if anywhere (`operations::metrics`).
    pub metrics: Option<TcpListener>,
    /// How long readiness answers 503 before the instance stops taking requests.
    pub drain: Duration,
}

/// How long requests in flight have to finish once the instance stops taking new ones.
const SHUTDOWN_TIMEOUT_SECONDS: u64 = 30;

/// Serves the wiki on `listener` until the process gets SIGTERM or SIGINT (Ctrl-C).
///
/// Stopping is graceful: readiness answers 503 at once (`AppState::stopping`), and after
/// `serving.drain` the listeners close and the requests in flight finish (for at most
/// [`SHUTDOWN_TIMEOUT_SECONDS`]) before this returns.
pub async fn serve(
    listener: TcpListener,
    url: &str,
    settings: Settings,
    serving: Serving,
) -> Result<(), StartError> {
    let pool = db::pool(url, serving.pool_size)?;
    let state = web::Data::new(app::state(pool, settings, url));
    seed(&state).await?;
    actix_web::rt::spawn(crate::live::sweep::run(state.clone().into_inner()));
    match crate::accounts::setup::issue_if_no_admin(&state.pool, &state.settings.base_url).await {
        Ok(Some(link)) => tracing::warn!(
            "This wiki has no administrator yet. Open {link} to create one (the link works \
             once, for a day; each start prints a new one), or run `coopwiki user add --admin \
             NAME --email ADDRESS`."
        ),
        Ok(None) => {}
        Err(err) => tracing::error!(%err, "could not issue the first-run setup link"),
    }
    let listen_error = |listener: &TcpListener| {
        let address = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        move |source| StartError::Listen {
            address: address.clone(),
            source,
        }
    };
    let wiki_state = state.clone();
    let mut server = HttpServer::new(move || build_app(wiki_state.clone()))
        .disable_signals()
        .shutdown_timeout(SHUTDOWN_TIMEOUT_SECONDS);
    if let Some(workers) = serving.workers {
        server = server.workers(workers);
    }
    let error = listen_error(&listener);
    let wiki = server.listen(listener).map_err(&error)?.run();
    let metrics = match serving.metrics {
        Some(listener) => {
            crate::operations::metrics::recorder();
            let metrics_state = state.clone();
            let error = listen_error(&listener);
            let server = HttpServer::new(move || {
                actix_web::App::new()
                    .app_data(metrics_state.clone())
                    .configure(crate::operations::metrics::configure)
            })
            .workers(1)
            .disable_signals()
            .listen(listener)
            .map_err(error)?
            .run();
            Some(server)
        }
        None => None,
    };
    let handles = (
        wiki.handle(),
        metrics.as_ref().map(|server| server.handle()),
    );
    actix_web::rt::spawn(async move {
        stop_signal().await;
        state
            .stopping
            .store(true, std::sync::atomic::Ordering::Release);
        tracing::info!(
            drain = ?serving.drain,
            "stopping: readiness answers 503, then requests in flight finish"
        );
        actix_web::rt::time::sleep(serving.drain).await;
        handles.0.stop(true).await;
        if let Some(metrics) = handles.1 {
            metrics.stop(true).await;
        }
    });
    let (served, metrics_served) = futures_util::join!(wiki, async {
        match metrics {
            Some(server) => server.await,
            None => Ok(()),
        }
    });
    served.map_err(&error)?;
    metrics_served.map_err(|source| StartError::Listen {
        address: "the metrics address".to_owned(),
        source,
    })
}

/// Waits for SIGTERM (what orchestrators and `systemctl stop` send) or SIGINT (Ctrl-C).
async fn stop_signal() {
    use actix_web::rt::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            futures_util::future::select(
                Box::pin(terminate.recv()),
                Box::pin(actix_web::rt::signal::ctrl_c()),
            )
            .await;
        }
        Err(err) => {
            tracing::warn!(%err, "SIGTERM is not handled; only Ctrl-C stops the wiki");
            let _ = actix_web::rt::signal::ctrl_c().await;
        }
    }
}

/// `coopwiki import yeswiki`: the import, with this wiki's page kinds and file store, into a
/// wiki seeded as a first start would (so `--map-form 5=Method` finds the Method form even
/// before the wiki was ever served).
pub async fn import_yeswiki(
    url: &str,
    settings: Settings,
    options: &crate::yeswiki::Options,
) -> Result<crate::yeswiki::report::Report, StartError> {
    let pool = db::pool(url, crate::yeswiki::import::WRITERS)?;
    let state = app::state(pool, settings, url);
    seed(&state).await?;
    crate::yeswiki::import::run(&state.pool, &state.kinds, &state.settings.storage, options)
        .await
        .map_err(|err| StartError::Command(err.to_string()))
}

/// `coopwiki backup DIR`, with this wiki's file store.
pub async fn backup(
    url: &str,
    settings: &Settings,
    dir: &std::path::Path,
) -> Result<crate::operations::backup::Manifest, StartError> {
    crate::operations::backup::backup(url, &settings.storage, dir)
        .await
        .map_err(|err| StartError::Command(err.to_string()))
}

/// `coopwiki restore DIR`, into this wiki's (empty) database and file store.
pub async fn restore(
    url: &str,
    settings: &Settings,
    dir: &std::path::Path,
) -> Result<crate::operations::backup::Manifest, StartError> {
    crate::operations::backup::restore(url, &settings.storage, dir)
        .await
        .map_err(|err| StartError::Command(err.to_string()))
}

/// `coopwiki reindex`: derives every sheet's catalogue row again (their fields are part of the
/// search documents), then rebuilds the search document of every page. Returns how many pages
/// were indexed.
pub async fn reindex(url: &str) -> Result<u64, crate::db::DbError> {
    use diesel_async::AsyncConnection;
    let mut conn = diesel_async::AsyncPgConnection::establish(url).await?;
    crate::catalogue::queries::rederive_all(&mut conn).await?;
    crate::search::reindex(&mut conn).await
}
