//! The `coopwiki` command: serve the wiki (default), apply migrations, add an account, import
//! a YesWiki site, or rebuild the search index.

use std::io::IsTerminal;
use std::net::TcpListener;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use coopwiki::accounts::cli as accounts_cli;
use coopwiki::cli::{Cli, Command, ImportCommand, UserCommand};
use coopwiki::identity::Role;
use coopwiki::{db, server};

/// Every view allocates and frees the page it sends (some 20 KB) and its headers: glibc's
/// allocator spent a tenth of a cached view's time there (`perf`, load benchmark), mimalloc about
/// a third of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // The commands that work beside a running wiki use its private cluster when it runs one.
    let (url, _cluster) = match cli.command {
        Some(Command::User(_) | Command::Import(_) | Command::Backup { .. }) => {
            server::database_beside_wiki(&cli.config)?
        }
        _ => server::database(&cli.config)?,
    };
    if let Some(Command::Restore { dir }) = &cli.command {
        // Into the empty database first; the backup's schema is then migrated to this version.
        let manifest =
            actix_web::rt::System::new().block_on(server::restore(&url, &settings, dir))?;
        let applied = db::run_migrations(&url)?;
        println!(
            "Restored {} page(s), {} revision(s), {} account(s) and {} file(s) from the backup \
             of {} (coopwiki {}); {} migration(s) applied.",
            manifest.pages,
            manifest.revisions,
            manifest.accounts,
            manifest.files,
            manifest.made_at,
            manifest.coopwiki,
            applied.len()
        );
        return Ok(());
    }
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
            let pages = actix_web::rt::System::new().block_on(server::reindex(&url))?;
            println!("Search index rebuilt for {pages} page(s).");
            return Ok(());
        }
        Some(Command::Import(ImportCommand::Yeswiki(args))) => {
            let options = args
                .options(settings.max_upload_bytes, std::io::stderr().is_terminal())
                .map_err(server::StartError::Command)?;
            let report = actix_web::rt::System::new()
                .block_on(server::import_yeswiki(&url, settings, &options))?;
            print!("{}", report.to_text());
            return Ok(());
        }
        Some(Command::Backup { dir }) => {
            let manifest =
                actix_web::rt::System::new().block_on(server::backup(&url, &settings, &dir))?;
            println!(
                "Backed up {} page(s), {} revision(s), {} account(s) and {} file(s) into {}.",
                manifest.pages,
                manifest.revisions,
                manifest.accounts,
                manifest.files,
                dir.display()
            );
            return Ok(());
        }
        Some(
            Command::Serve
            | Command::User(_)
            | Command::BenchCatalogue(_)
            | Command::BenchWiki(_)
            | Command::BenchDigest(_)
            | Command::Restore { .. },
        )
        | None => {}
    }
    if let Some(Command::User(UserCommand::Add {
        name,
        email,
        admin,
        editor,
    })) = &cli.command
    {
        let role = match (admin, editor) {
            (true, _) => Role::Admin,
            (false, true) => Role::Editor,
            (false, false) => Role::Member,
        };
        let password = std::env::var(accounts_cli::PASSWORD_VARIABLE).ok();
        let pool = db::pool(&url, 1)?;
        let added = actix_web::rt::System::new()
            .block_on(accounts_cli::add_user(&pool, name, email, role, password))
            .map_err(|e| server::StartError::Command(e.to_string()))?;
        println!("Created the {} account {:?}.", role.as_str(), added.name);
        if let Some(password) = added.generated_password {
            println!("Its password (shown only this once): {password}");
        }
        return Ok(());
    }
    if let Some(Command::BenchCatalogue(args)) = cli.command {
        return actix_web::rt::System::new()
            .block_on(coopwiki::bench::catalogue::run(&url, settings, args))
            .map_err(server::StartError::Bench);
    }
    if let Some(Command::BenchDigest(args)) = cli.command {
        return actix_web::rt::System::new()
            .block_on(coopwiki::bench::digest::run(&url, settings, args))
            .map_err(|e| server::StartError::Bench(e.to_string()));
    }
    if let Some(Command::BenchWiki(args)) = cli.command {
        return actix_web::rt::System::new()
            .block_on(coopwiki::bench::run(&url, settings, args))
            .map_err(|e| server::StartError::Bench(e.to_string()));
    }
    let listener =
        TcpListener::bind(cli.config.listen).map_err(|source| server::StartError::Listen {
            address: cli.config.listen.to_string(),
            source,
        })?;
    tracing::info!(url = %settings.base_url, "coopwiki is serving");
    let metrics = match cli.config.metrics_listen {
        Some(address) => {
            Some(
                TcpListener::bind(address).map_err(|source| server::StartError::Listen {
                    address: address.to_string(),
                    source,
                })?,
            )
        }
        None => None,
    };
    actix_web::rt::System::new().block_on(server::serve(
        listener,
        &url,
        settings,
        server::Serving {
            pool_size: cli.config.db_pool_size,
            workers: cli.config.workers,
            metrics,
            drain: std::time::Duration::from_secs(cli.config.drain_seconds),
        },
    ))
}
