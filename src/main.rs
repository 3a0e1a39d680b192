//! The `coopwiki` command: serve the wiki (default) or apply migrations.

use std::net::TcpListener;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use coopwiki::config::{Cli, Command};
use coopwiki::{db, server};

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
    if let Some(Command::Migrate) = cli.command {
        println!(
            "{} migration(s) applied; the database is up to date.",
            applied.len()
        );
        return Ok(());
    }
    if let Some(Command::BenchCatalogue(args)) = cli.command {
        return actix_web::rt::System::new()
            .block_on(coopwiki::catalogue::bench::run(&url, settings, args))
            .map_err(server::StartError::Bench);
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
