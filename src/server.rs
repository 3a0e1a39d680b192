//! Starting the wiki: choose the database (configured or private), migrate, seed, serve.
//! Shared by `main` and by the tests that need a real listening server (the browser tests).

use std::net::TcpListener;

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
pub async fn seed(state: &AppState) -> Result<(), StartError> {
    let mut conn = state
        .pool
        .get()
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
    Ok(())
}

/// Serves the wiki on `listener` until the process is asked to stop.
pub async fn serve(
    listener: TcpListener,
    url: &str,
    settings: Settings,
    pool_size: usize,
    workers: Option<usize>,
) -> Result<(), StartError> {
    let pool = db::pool(url, pool_size)?;
    let state = web::Data::new(app::state(pool, settings, url));
    seed(&state).await?;
    match crate::accounts::setup::issue_if_no_admin(&state.pool, &state.settings.base_url).await {
        Ok(Some(link)) => tracing::warn!(
            "This wiki has no administrator yet. Open {link} to create one (the link works \
             once, for a day; each start prints a new one), or run `coopwiki user add --admin \
             NAME --email ADDRESS`."
        ),
        Ok(None) => {}
        Err(err) => tracing::error!(%err, "could not issue the first-run setup link"),
    }
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let mut server = HttpServer::new(move || build_app(state.clone()));
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    server
        .listen(listener)
        .map_err(|source| StartError::Listen {
            address: address.clone(),
            source,
        })?
        .run()
        .await
        .map_err(|source| StartError::Listen { address, source })
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

/// `coopwiki reindex`: derives every sheet's catalogue row again (their fields are part of the
/// search documents), then rebuilds the search document of every page. Returns how many pages
/// were indexed.
pub async fn reindex(url: &str) -> Result<u64, crate::db::DbError> {
    use diesel_async::AsyncConnection;
    let mut conn = diesel_async::AsyncPgConnection::establish(url).await?;
    crate::catalogue::queries::rederive_all(&mut conn).await?;
    crate::search::reindex(&mut conn).await
}
