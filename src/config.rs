//! Everything an operator can set, from flags or environment variables (`coopwiki --help`).
//!
//! The command line is parsed once in `main`; the request handlers only see [`Settings`], the
//! resolved, validated form shared by every worker.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use crate::acl::{Acl, AclError};
use crate::names::{NameError, PageName};
use crate::storage::{Storage, StorageError};

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

    /// Buffer cache of the private PostgreSQL cluster, in MB (default: an eighth of the
    /// machine's memory, from 128 to 2048). Unused with a database URL.
    #[arg(long, env = "COOPWIKI_PG_SHARED_BUFFERS_MB", value_parser = clap::value_parser!(u64).range(16..))]
    pub pg_shared_buffers_mb: Option<u64>,

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

    /// Saves this process runs at once (default: half of `--db-pool-size`, so that readers
    /// always find a connection while many people save); more wait for a place.
    #[arg(long, env = "COOPWIKI_CONCURRENT_SAVES", value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrent_saves: Option<u16>,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "COOPWIKI_WORKERS")]
    pub workers: Option<usize>,

    /// Serve Prometheus metrics at `http://ADDRESS/metrics` (e.g. `127.0.0.1:9100`): an
    /// address for the operator's scraper, apart from the wiki's public one. None by default.
    #[arg(long, env = "COOPWIKI_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// On SIGTERM, answer `/-/ready` with 503 for this many seconds before stopping, so a load
    /// balancer takes the instance out first; requests in flight then finish (up to 30 s).
    #[arg(long, env = "COOPWIKI_DRAIN_SECONDS", default_value_t = 0)]
    pub drain_seconds: u64,

    /// Who may read a page whose permissions were never set: entries separated by commas or
    /// new lines (`*` everyone, `+` signed-in users, `@group`, a user name, `!` to deny).
    #[arg(long, env = "COOPWIKI_DEFAULT_READ_ACL", default_value = "*")]
    pub default_read_acl: String,

    /// Who may edit a page whose permissions were never set (default: `+`, signed-in users;
    /// `*` when anonymous editing is on).
    #[arg(long, env = "COOPWIKI_DEFAULT_WRITE_ACL")]
    pub default_write_acl: Option<String>,

    /// Who may comment on a page whose permissions were never set.
    #[arg(long, env = "COOPWIKI_DEFAULT_COMMENT_ACL", default_value = "+")]
    pub default_comment_acl: String,

    /// Whose comments wait for a moderator (the page's owner or an admin) before others see
    /// them: `nobody`, `guests` (visitors without an account), or `everyone`.
    #[arg(long, env = "COOPWIKI_COMMENT_MODERATION", value_enum, default_value_t = Moderation::Guests)]
    pub comment_moderation: Moderation,

    /// Comments one person may post in 15 minutes (an address: three times as many).
    #[arg(long, env = "COOPWIKI_COMMENT_LIMIT", default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..))]
    pub comment_limit: i64,

    /// Let visitors without an account edit where the write permission allows everyone
    /// (`*`). Their edits are signed with a pseudonym derived from their address.
    #[arg(long, env = "COOPWIKI_ANONYMOUS_EDITING")]
    pub anonymous_editing: bool,

    /// Take the visitor's address from `X-Forwarded-For`: its right-most address, the one the
    /// reverse proxy added (set this only behind one). Used for login throttling and pseudonyms.
    #[arg(long, env = "COOPWIKI_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// SMTP server for password-reset mail, e.g. `smtps://user:password@mail.example.org`
    /// (lettre's URL format). Without it, mail is written to the log and to DATA_DIR/mail/.
    #[arg(long, env = "COOPWIKI_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Sender of the wiki's e-mail, e.g. `Wiki <wiki@example.org>`.
    #[arg(
        long,
        env = "COOPWIKI_MAIL_FROM",
        default_value = "coopwiki <coopwiki@localhost>"
    )]
    pub mail_from: String,
    /// Do not install the starter catalogue of method sheets on the first start of an empty wiki.
    #[arg(long, env = "COOPWIKI_NO_STARTER_CATALOGUE")]
    pub no_starter_catalogue: bool,

    /// Where attachment files are kept: a directory (default: DATA_DIR/attachments), or
    /// `s3://bucket/prefix` for an S3-compatible object store shared by several instances, its
    /// endpoint and credentials from `AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` (and `AWS_ALLOW_HTTP=true` for a plain-http one).
    #[arg(long, env = "COOPWIKI_STORAGE")]
    pub storage: Option<String>,

    /// Largest attachment accepted, in bytes; bigger uploads are refused with 413.
    #[arg(long, env = "COOPWIKI_MAX_UPLOAD_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub max_upload_bytes: usize,

    /// Seconds without typing after which a live document (`/{name}/live`) is saved as a
    /// revision. It is also saved when its last editor leaves, and on demand.
    #[arg(long, env = "COOPWIKI_LIVE_QUIET_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub live_quiet_seconds: u64,
}

/// Whose comments wait for a moderator before they are shown to others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Moderation {
    Nobody,
    /// Visitors without an account: the comments most likely to be spam.
    Guests,
    Everyone,
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
    /// Permission lists for pages whose own were never set, as normalised entries.
    pub default_read_acl: Vec<String>,
    pub default_write_acl: Vec<String>,
    pub default_comment_acl: Vec<String>,
    pub comment_moderation: Moderation,
    /// Comments per person in 15 minutes (see `accounts::throttle`).
    pub comment_limit: i64,
    /// Saves an instance runs at once; `None`: half of its pool (see `AppState::save_slot`).
    pub concurrent_saves: Option<usize>,
    /// How often the notification sender looks for mail to send (see `watching::notify`).
    pub notification_poll: std::time::Duration,
    pub anonymous_editing: bool,
    pub trust_proxy: bool,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Where mail goes when no SMTP server is configured (`DATA_DIR/mail/`).
    pub data_dir: PathBuf,
    /// Install the starter method sheets when the wiki starts empty.
    pub starter_catalogue: bool,
    /// The attachments' blob store.
    pub storage: Storage,
    pub max_upload_bytes: usize,
    /// How long a live document stays unsaved once nobody types (see `live`).
    pub live_quiet: std::time::Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the home page name is not a valid page name: {0}")]
    HomePage(NameError),
    #[error("the base URL must start with http:// or https://, got {0:?}")]
    BaseUrl(String),
    #[error("the default {which} permission is not valid: {error}")]
    Acl {
        which: &'static str,
        error: AclError,
    },
    #[error("the sender address {0:?} is not a valid e-mail address")]
    MailFrom(String),
    #[error("the attachment storage is not usable: {0}")]
    Storage(#[from] StorageError),
}

/// A permission list from the command line: commas or new lines between entries.
fn default_acl(which: &'static str, text: &str) -> Result<Vec<String>, ConfigError> {
    Acl::parse(&text.replace(',', "\n"))
        .map(|acl| acl.entries())
        .map_err(|error| ConfigError::Acl { which, error })
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
        let write = self
            .default_write_acl
            .as_deref()
            .unwrap_or(if self.anonymous_editing { "*" } else { "+" });
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::MailFrom(self.mail_from.clone()));
        }
        Ok(Settings {
            site_name: self.site_name.clone(),
            secure_cookies: base_url.starts_with("https://"),
            base_url,
            home_page: PageName::parse(&self.home_page).map_err(ConfigError::HomePage)?,
            max_page_bytes: self.max_page_bytes,
            default_read_acl: default_acl("read", &self.default_read_acl)?,
            default_write_acl: default_acl("write", write)?,
            default_comment_acl: default_acl("comment", &self.default_comment_acl)?,
            comment_moderation: self.comment_moderation,
            comment_limit: self.comment_limit,
            concurrent_saves: self.concurrent_saves.map(usize::from),
            notification_poll: std::time::Duration::from_secs(5),
            anonymous_editing: self.anonymous_editing,
            trust_proxy: self.trust_proxy,
            smtp_url: self.smtp_url.clone(),
            mail_from: self.mail_from.clone(),
            data_dir: self.data_dir.clone(),
            starter_catalogue: !self.no_starter_catalogue,
            storage: Storage::from_address(self.storage.as_deref(), &self.data_dir)?,
            max_upload_bytes: self.max_upload_bytes,
            live_quiet: std::time::Duration::from_secs(self.live_quiet_seconds),
        })
    }
}

impl Settings {
    /// Settings for tests and tools: a local wiki with the shipped defaults (read `*`, write
    /// `+`, no anonymous editing, mail to files under `data_dir`).
    #[expect(
        clippy::expect_used,
        reason = "tests and tools only, with constant values that the tests check"
    )]
    pub fn for_local(base_url: &str, data_dir: PathBuf) -> Settings {
        let storage = Storage::local(&data_dir.join("attachments"))
            .expect("a data directory has an absolute form");
        Settings {
            site_name: "coopwiki".into(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            home_page: PageName::parse("HomePage").expect("the default home page name is valid"),
            max_page_bytes: 256 * 1024,
            secure_cookies: base_url.starts_with("https://"),
            default_read_acl: vec!["*".into()],
            default_write_acl: vec!["+".into()],
            default_comment_acl: vec!["+".into()],
            comment_moderation: Moderation::Guests,
            comment_limit: 20,
            concurrent_saves: None,
            notification_poll: std::time::Duration::from_millis(500),
            anonymous_editing: false,
            trust_proxy: false,
            smtp_url: None,
            mail_from: "coopwiki <coopwiki@localhost>".into(),
            data_dir,
            // Tests and tools start from an empty wiki; the starter install is tested on its own.
            starter_catalogue: false,
            storage,
            max_upload_bytes: 20 * 1024 * 1024,
            live_quiet: std::time::Duration::from_secs(30),
        }
    }
}
