//! The command line: `coopwiki` serves the wiki, its subcommands run the tools around it
//! (`coopwiki --help`). Parsed once in `main`; the flags and environment variables every
//! subcommand shares are `config::Config`, resolved into the core's `config::Settings`.

use clap::{Parser, Subcommand};

use crate::bench;
use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "coopwiki",
    version,
    about = "A collaborative wiki for cooperative work"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the wiki (the default).
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Rebuild the search index of every page (after a bulk import that bypassed the wiki, or
    /// a change of the search configuration), then exit. The wiki may keep serving meanwhile.
    Reindex,
    /// Measure the catalogue on generated sheets (a benchmark, see README).
    #[command(hide = true)]
    BenchCatalogue(bench::catalogue::BenchArgs),
    /// Measure the daily digests of many watchers (a benchmark, see bench/README.md).
    #[command(hide = true)]
    BenchDigest(bench::digest::BenchDigestArgs),
    /// Fill the database with a generated wiki for `bench/load.sh` (see README).
    #[command(hide = true)]
    BenchWiki(bench::BenchWikiArgs),
    /// Manage accounts from the command line (e.g. create the first admin). Works while the
    /// wiki runs.
    #[command(subcommand)]
    User(UserCommand),
    /// Bring another wiki's content in. Works while the wiki runs.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Back the whole wiki up (its database and its attachments) into a new or empty
    /// directory, in one consistent snapshot. Works while the wiki runs.
    Backup {
        /// The directory to write (created if missing).
        dir: std::path::PathBuf,
    },
    /// Restore a backup made by `coopwiki backup` into an empty database (a new
    /// `DATABASE_URL`, or a new `--data-dir` for the private PostgreSQL), then migrate it.
    Restore {
        /// The backup's directory.
        dir: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A whole YesWiki site: pages with their history, accounts, groups, permissions, Bazar
    /// forms and entries, comments and files (see README, "Moving from YesWiki").
    Yeswiki(crate::yeswiki::ImportArgs),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from `COOPWIKI_NEW_PASSWORD`; without it a
    /// random one is generated and printed once.
    Add {
        /// The new user's name (letters, digits, `-`, `_`, `.`).
        name: String,
        /// Their e-mail address, for password resets.
        #[arg(long)]
        email: String,
        /// Make them an administrator (the way to create the first one).
        #[arg(long, conflicts_with = "editor")]
        admin: bool,
        /// Make them an editor (may edit, rename, delete and restore any page they can read).
        #[arg(long)]
        editor: bool,
    },
}
