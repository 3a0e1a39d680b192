//! The `coopwiki` command: serve the wiki (default), apply migrations, or rebuild the search
//! index.

use std::net::TcpListener;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use coopwiki::config::{Cli, Command};
use coopwiki::{db, search, server};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("coopwiki: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), server::StartError> {
    let settings = cli.config.settings()?;
    // The cluster (if any) lives until the end of this function: dropping it stops PostgreSQL
    // after the HTTP server has finished.
    let (url, _cluster) = server::database(&cli.config)?;
    let applied = db::run_migrations(&url)?;
    for migration in &applied {
        tracing::info!(%migration, "applied migration");
    }
    match cli.command {
        Some(Command::Migrate) => {
            println!(
                "{} migration(s) applied; the database is up to date.",
                applied.len()
            );
            return Ok(());
        }
        Some(Command::Reindex) => {
            let pages = actix_web::rt::System::new().block_on(search::reindex(&url))?;
            println!("Search index rebuilt for {pages} page(s).");
            return Ok(());
        }
        Some(Command::Serve) | None => {}
    }
    let listener =
        TcpListener::bind(cli.config.listen).map_err(|source| server::StartError::Listen {
            address: cli.config.listen.to_string(),
            source,
        })?;
    tracing::info!(url = %settings.base_url, "coopwiki is serving");
    actix_web::rt::System::new().block_on(server::serve(
        listener,
        &url,
        settings,
        cli.config.db_pool_size,
        cli.config.workers,
    ))
}
