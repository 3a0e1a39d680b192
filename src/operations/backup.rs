//! `coopwiki backup DIR` and `coopwiki restore DIR`: the whole wiki, its database and its
//! attachments, to a directory and back. A backup is taken while the wiki runs.
//!
//! Consistency without stopping anything: a transaction exports its snapshot, `pg_dump` dumps
//! that very snapshot, and the same transaction lists the attachments' blobs and counts what
//! the dump holds. Blobs never change or go away once written, and each is written before the
//! row that names it commits, so every blob the dump names is there to copy.
//!
//! A backup directory holds `database.pgdump` (`pg_dump`'s custom format), `blobs/ab/<sha256>`
//! (the store's own layout) and `backup.json` (what it holds, from which version). A restore
//! checks every blob against its hash before it writes anything, then restores the database in
//! one transaction, so a damaged backup leaves the target as empty as it found it.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use bytes::Bytes;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::embedded::{PgBinaries, find_client_binaries};
use crate::storage::{Storage, StorageError};

const DUMP: &str = "database.pgdump";
const MANIFEST: &str = "backup.json";
const BLOBS: &str = "blobs";
/// The layout of a backup directory; a restore refuses any other.
const FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} is not empty: a backup goes into a new or empty directory")]
    DirectoryNotEmpty(PathBuf),
    #[error(
        "the database to restore into is not empty ({0} tables): restore into a new database, or \
         a new data directory for the private PostgreSQL"
    )]
    DatabaseNotEmpty(i64),
    #[error("{0} is not a coopwiki backup (no readable backup.json): {1}")]
    NotABackup(PathBuf, String),
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    #[error(
        "{tool} is missing: install PostgreSQL's client programs (Debian: postgresql-client) of \
         the server's version or newer"
    )]
    ToolMissing { tool: &'static str },
    #[error("{tool} failed: {message}")]
    ToolFailed { tool: &'static str, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("attachment store: {0}")]
    Storage(#[from] StorageError),
}

/// What a backup holds, written beside it and read back by the restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The coopwiki version that made it.
    pub coopwiki: String,
    pub made_at: String,
    /// The newest migration of the schema it holds (a newer coopwiki migrates it on start).
    pub schema: String,
    pub pages: i64,
    pub revisions: i64,
    pub accounts: i64,
    pub files: usize,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Backs the wiki at `url` (and its attachments in `storage`) up into `dir`, a new or empty
/// directory.
pub async fn backup(url: &str, storage: &Storage, dir: &Path) -> Result<Manifest, BackupError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    if std::fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(BackupError::DirectoryNotEmpty(dir.to_owned()));
    }
    let mut conn = AsyncPgConnection::establish(url).await?;
    let tools = tools(&mut conn).await?;
    // The snapshot lives as long as this transaction: pg_dump and the queries below see one
    // state of the wiki.
    conn.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    #[derive(QueryableByName)]
    struct One {
        #[diesel(sql_type = Text)]
        value: String,
    }
    let snapshot = diesel::sql_query("SELECT pg_export_snapshot() AS value")
        .get_result::<One>(&mut conn)
        .await?
        .value;
    run(
        &tools,
        "pg_dump",
        &[
            "--format=custom".as_ref(),
            "--no-owner".as_ref(),
            "--no-privileges".as_ref(),
            format!("--snapshot={snapshot}").as_ref(),
            "--file".as_ref(),
            dir.join(DUMP).as_os_str(),
            "--dbname".as_ref(),
            url.as_ref(),
        ],
    )
    .await?;
    let hashes: Vec<String> =
        diesel::sql_query("SELECT DISTINCT sha256 AS value FROM attachment_versions ORDER BY 1")
            .load::<One>(&mut conn)
            .await?
            .into_iter()
            .map(|row| row.value)
            .collect();
    let counts = counts(&mut conn).await?;
    let schema = diesel::sql_query(
        "SELECT coalesce(max(version), '') AS value FROM __diesel_schema_migrations",
    )
    .get_result::<One>(&mut conn)
    .await?
    .value;
    conn.batch_execute("COMMIT").await?;
    for hash in &hashes {
        let bytes = storage.blob(hash).await?;
        let path = blob_path(dir, hash)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, &bytes).map_err(io(&path))?;
    }
    let manifest = Manifest {
        format: FORMAT,
        coopwiki: env!("CARGO_PKG_VERSION").to_owned(),
        made_at: jiff::Timestamp::now().to_string(),
        schema,
        pages: counts.0,
        revisions: counts.1,
        accounts: counts.2,
        files: hashes.len(),
    };
    let path = dir.join(MANIFEST);
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|err| BackupError::Damaged(err.to_string()))?;
    std::fs::write(&path, text + "\n").map_err(io(&path))?;
    Ok(manifest)
}

/// Restores the backup in `dir` into the empty database at `url` and the store `storage`.
/// The caller migrates the database afterwards (a backup may be older than this coopwiki).
pub async fn restore(url: &str, storage: &Storage, dir: &Path) -> Result<Manifest, BackupError> {
    let manifest_path = dir.join(MANIFEST);
    let manifest: Manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|err| err.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|err| err.to_string()))
        .map_err(|err| BackupError::NotABackup(dir.to_owned(), err))?;
    if manifest.format != FORMAT {
        return Err(BackupError::NotABackup(
            dir.to_owned(),
            format!("format {} (this coopwiki reads {FORMAT})", manifest.format),
        ));
    }
    let blobs = read_blobs(dir)?;
    if blobs.len() != manifest.files {
        return Err(BackupError::Damaged(format!(
            "{} files in {BLOBS}/, backup.json says {}",
            blobs.len(),
            manifest.files
        )));
    }
    let mut conn = AsyncPgConnection::establish(url).await?;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    let tables = diesel::sql_query(
        "SELECT count(*) AS count FROM pg_tables \
         WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    )
    .get_result::<Count>(&mut conn)
    .await?
    .count;
    if tables > 0 {
        return Err(BackupError::DatabaseNotEmpty(tables));
    }
    let tools = tools(&mut conn).await?;
    drop(conn);
    run(
        &tools,
        "pg_restore",
        &[
            "--no-owner".as_ref(),
            "--no-privileges".as_ref(),
            "--exit-on-error".as_ref(),
            "--single-transaction".as_ref(),
            "--dbname".as_ref(),
            url.as_ref(),
            dir.join(DUMP).as_os_str(),
        ],
    )
    .await?;
    for (hash, bytes) in blobs {
        storage.put_blob(&hash, bytes).await?;
    }
    Ok(manifest)
}

/// Every blob of the backup, each checked against the hash it is named by.
fn read_blobs(dir: &Path) -> Result<Vec<(String, Bytes)>, BackupError> {
    let root = dir.join(BLOBS);
    let mut blobs = Vec::new();
    let Ok(shards) = std::fs::read_dir(&root) else {
        return Ok(blobs);
    };
    for shard in shards {
        let shard = shard.map_err(io(&root))?.path();
        for file in std::fs::read_dir(&shard).map_err(io(&shard))? {
            let path = file.map_err(io(&shard))?.path();
            let hash = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default()
                .to_owned();
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            if hex::encode(Sha256::digest(&bytes)) != hash {
                return Err(BackupError::Damaged(format!(
                    "{} does not hold the bytes its name says",
                    path.display()
                )));
            }
            blobs.push((hash, Bytes::from(bytes)));
        }
    }
    Ok(blobs)
}

/// Where a blob goes in a backup: the store's own layout. The hash comes from the database,
/// so it is checked to be one before it becomes a path.
fn blob_path(dir: &Path, hash: &str) -> Result<PathBuf, BackupError> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(BackupError::Damaged(format!(
            "an attachment names {hash:?}, not a SHA-256"
        )));
    }
    Ok(dir.join(BLOBS).join(&hash[..2]).join(hash))
}

/// Pages, revisions and accounts.
async fn counts(conn: &mut AsyncPgConnection) -> Result<(i64, i64, i64), BackupError> {
    #[derive(QueryableByName)]
    struct Counts {
        #[diesel(sql_type = BigInt)]
        pages: i64,
        #[diesel(sql_type = BigInt)]
        revisions: i64,
        #[diesel(sql_type = BigInt)]
        accounts: i64,
    }
    let counts = diesel::sql_query(
        "SELECT (SELECT count(*) FROM pages) AS pages, \
                (SELECT count(*) FROM revisions) AS revisions, \
                (SELECT count(*) FROM users) AS accounts",
    )
    .get_result::<Counts>(conn)
    .await?;
    Ok((counts.pages, counts.revisions, counts.accounts))
}

/// PostgreSQL's client programs of the server's major version, or the newest installed (a
/// newer `pg_dump` reads an older server).
async fn tools(conn: &mut AsyncPgConnection) -> Result<PgBinaries, BackupError> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = Text)]
        server_version_num: String,
    }
    let version = diesel::sql_query("SHOW server_version_num")
        .get_result::<Version>(conn)
        .await?;
    let major = version.server_version_num.parse::<u32>().unwrap_or(0) / 10_000;
    find_client_binaries(major).ok_or(BackupError::ToolMissing { tool: "pg_dump" })
}

async fn run(
    tools: &PgBinaries,
    tool: &'static str,
    args: &[&std::ffi::OsStr],
) -> Result<(), BackupError> {
    let program = tools.bin_dir.join(tool);
    if !program.exists() {
        return Err(BackupError::ToolMissing { tool });
    }
    let output = tokio::process::Command::new(&program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .await
        .map_err(io(&program))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(BackupError::ToolFailed {
            tool,
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }
}
