//! Everything an operator can set, from flags or environment variables (`coopwiki --help`).
//!
//! The command line is parsed once in `main`; the request handlers only see [`Settings`], the
//! resolved, validated form shared by every worker.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::pages::names::{NameError, PageName};

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
    /// Measure the catalogue on generated sheets (a benchmark, see README).
    #[command(hide = true)]
    BenchCatalogue(crate::catalogue::bench::BenchArgs),
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port the HTTP server listens on.
    #[arg(long, env = "COOPWIKI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory for the private PostgreSQL cluster (used when no database URL is given).
    #[arg(long, env = "COOPWIKI_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// PostgreSQL connection URL; without it coopwiki runs its own cluster under the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Public address of the wiki, used in feeds and absolute links (default: http://LISTEN).
    /// An https address also turns on secure cookies.
    #[arg(long, env = "COOPWIKI_BASE_URL")]
    pub base_url: Option<String>,

    /// Name shown in the header, the title bar and feeds.
    #[arg(long, env = "COOPWIKI_SITE_NAME", default_value = "coopwiki")]
    pub site_name: String,

    /// Name of the page served at `/`.
    #[arg(long, env = "COOPWIKI_HOME_PAGE", default_value = "HomePage")]
    pub home_page: String,

    /// Largest page source accepted, in bytes; bigger saves are refused with 413.
    #[arg(long, env = "COOPWIKI_MAX_PAGE_BYTES", default_value_t = 256 * 1024)]
    pub max_page_bytes: usize,

    /// Maximum number of database connections held by this process.
    #[arg(long, env = "COOPWIKI_DB_POOL_SIZE", default_value_t = 16)]
    pub db_pool_size: usize,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "COOPWIKI_WORKERS")]
    pub workers: Option<usize>,

    /// Do not install the starter catalogue of method sheets on the first start of an empty wiki.
    #[arg(long, env = "COOPWIKI_NO_STARTER_CATALOGUE")]
    pub no_starter_catalogue: bool,
}

/// The resolved settings every request handler can read.
#[derive(Debug, Clone)]
pub struct Settings {
    pub site_name: String,
    /// Without a trailing slash, e.g. `https://wiki.example.org`.
    pub base_url: String,
    pub home_page: PageName,
    pub max_page_bytes: usize,
    /// Cookies get `Secure` (and the `__Host-` prefix) when the wiki is served over https.
    pub secure_cookies: bool,
    /// Install the starter method sheets when the wiki starts empty.
    pub starter_catalogue: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the home page name is not a valid page name: {0}")]
    HomePage(NameError),
    #[error("the base URL must start with http:// or https://, got {0:?}")]
    BaseUrl(String),
}

impl Config {
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let base_url = match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.listen),
        };
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError::BaseUrl(base_url));
        }
        Ok(Settings {
            site_name: self.site_name.clone(),
            secure_cookies: base_url.starts_with("https://"),
            base_url,
            home_page: PageName::parse(&self.home_page).map_err(ConfigError::HomePage)?,
            max_page_bytes: self.max_page_bytes,
            starter_catalogue: !self.no_starter_catalogue,
        })
    }
}

impl Settings {
    /// Settings for tests and tools: a local wiki with the default names and limits.
    pub fn for_local(base_url: &str) -> Settings {
        Settings {
            site_name: "coopwiki".into(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            home_page: PageName::parse("HomePage").expect("the default home page name is valid"),
            max_page_bytes: 256 * 1024,
            secure_cookies: base_url.starts_with("https://"),
            // Tests and tools start from an empty wiki; the starter install is tested on its own.
            starter_catalogue: false,
        }
    }
}
