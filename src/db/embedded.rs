//! A private PostgreSQL cluster run from the system's PostgreSQL binaries.
//!
//! Two users: `cargo run` without a database URL keeps the wiki in `./data/pg` (durable, stopped
//! with a fast shutdown when the server stops), and the integration tests start one throwaway
//! cluster per test process in `/dev/shm` (fsync off, killed with the test process).
//!
//! The cluster listens on a unix socket only (`listen_addresses = ''`), in a directory only its
//! owner can enter, so trust authentication for local connections is safe. PostgreSQL refuses to
//! run as root; when we are root (containers, CI) the cluster runs as the `postgres` OS user,
//! which owns its directories, and the child processes are started with that uid and gid.
//!
//! Everything here blocks: call [`PrivateCluster::start`] before the async runtime starts, or
//! from `spawn_blocking`.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::unistd::{Gid, Pid, Uid, User};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode, utf8_percent_encode};

/// The port only names the socket file (`.s.PGSQL.5432`): nothing listens on TCP. It is passed
/// explicitly because the server (and psql) would otherwise take `PGPORT` from the environment.
const PORT: u16 = 5432;
const SOCKET_NAME: &str = ".s.PGSQL.5432";
const SOCKET_LOCK_NAME: &str = ".s.PGSQL.5432.lock";
/// The server log, inside the cluster directory; the previous run's log is kept beside it.
const LOG_NAME: &str = "postgres.log";
const PREVIOUS_LOG_NAME: &str = "postgres.log.1";
/// The superuser initdb creates; the URL connects as this role whatever our OS user is.
const SUPERUSER: &str = "postgres";
/// Socket directories used when the cluster directory's path is too long for a socket address.
const FALLBACK_SOCKET_PARENT: &str = "/tmp";
const FALLBACK_SOCKET_PREFIX: &str = "coopwiki-pgsock-";
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// A fast shutdown writes a checkpoint, which can take a while on a big durable cluster.
const STOP_TIMEOUT: Duration = Duration::from_secs(60);
const KILL_TIMEOUT: Duration = Duration::from_secs(5);
/// How many lines of the server log an error message carries.
const LOG_TAIL_LINES: usize = 20;

/// Why a private cluster could not be found, created or started. Each message is one sentence
/// that says what to do; the ones about a failed server add the end of its log on later lines.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "No PostgreSQL server binaries (initdb, postgres) were found: install PostgreSQL \
         (Debian/Ubuntu: `apt install postgresql`, macOS: `brew install postgresql`) or set \
         DATABASE_URL to an existing server."
    )]
    NotInstalled,

    #[error(
        "Could not tell which PostgreSQL version {path} is ({detail}): repair that PostgreSQL \
         installation, or set DATABASE_URL to an existing server."
    )]
    UnknownVersion { path: PathBuf, detail: String },

    #[error(
        "coopwiki is running as root, which PostgreSQL refuses, and there is no `postgres` user \
         to run it as: create one (`useradd --system postgres`), run coopwiki as an ordinary \
         user, or set DATABASE_URL to an existing server."
    )]
    NoPostgresUser,

    #[error(
        "The `{user}` user that runs PostgreSQL cannot enter {blocked}, so it cannot reach {dir}: \
         keep the data under a directory it can enter, or open that one with \
         `chmod o+x {blocked}`."
    )]
    Unreachable {
        user: String,
        dir: PathBuf,
        blocked: PathBuf,
    },

    #[error(
        "{dir} belongs to root, and PostgreSQL refuses to run as root: hand it to the postgres \
         user with `chown -R postgres: {dir}`."
    )]
    OwnedByRoot { dir: PathBuf },

    #[error(
        "{dir} is neither empty nor a PostgreSQL data directory: point coopwiki at a new or empty \
         directory, or move those files away."
    )]
    NotACluster { dir: PathBuf },

    #[error(
        "The data in {dir} was created by PostgreSQL {data_major} but the installed server is \
         PostgreSQL {binaries_major}: install PostgreSQL {data_major} as well, upgrade the data \
         with pg_upgrade, or set DATABASE_URL to a server of version {data_major}."
    )]
    VersionMismatch {
        dir: PathBuf,
        data_major: String,
        binaries_major: u32,
    },

    #[error(
        "Another coopwiki is already using {dir} (its PostgreSQL has pid {pid}): stop that \
         coopwiki first, or give this one a different data directory."
    )]
    AlreadyRunning { dir: PathBuf, pid: i32 },

    #[error("Could not {action} {path} ({cause}): check that path and its permissions.")]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: io::Error,
    },

    #[error(
        "Could not run {program} ({cause}): check that the PostgreSQL installation is complete."
    )]
    Spawn { program: PathBuf, cause: io::Error },

    #[error(
        "initdb could not create a PostgreSQL cluster in {dir}: fix the problem its output below \
         shows, empty {dir}, and try again.\n{output}"
    )]
    InitDb { dir: PathBuf, output: String },

    #[error(
        "PostgreSQL in {dir} stopped while starting: fix the problem that the end of its log \
         ({log}), below, shows and try again.\n{tail}"
    )]
    StartFailed {
        dir: PathBuf,
        log: PathBuf,
        tail: String,
    },

    #[error(
        "PostgreSQL in {dir} did not accept connections within {secs} seconds: check the end of \
         its log ({log}), below, and whether the machine is overloaded.\n{tail}"
    )]
    StartTimeout {
        dir: PathBuf,
        secs: u64,
        log: PathBuf,
        tail: String,
    },
}

impl ClusterError {
    fn io(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> Self {
        let path = path.to_path_buf();
        move |cause| Self::Io {
            action,
            path,
            cause,
        }
    }
}

/// Where the PostgreSQL server binaries are, and which major version they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgBinaries {
    /// The real directory (symlinks resolved): `pg_isready` and friends live here, not always
    /// beside the symlinks on `PATH`.
    pub bin_dir: PathBuf,
    pub major_version: u32,
}

/// Finds initdb and postgres: on PATH (canonicalised through symlinks), then the newest
/// /usr/lib/postgresql/*/bin, /usr/local/pgsql/bin, Homebrew paths.
///
/// `PATH` comes first so that a user can choose a version; the fixed places cover the usual
/// packages, which do not put the server binaries on `PATH` (Debian keeps them in
/// `/usr/lib/postgresql/N/bin`, Homebrew's versioned formulae are keg-only).
pub fn find_binaries() -> Result<PgBinaries, ClusterError> {
    let bin_dir = candidate_bin_dirs()
        .into_iter()
        .next()
        .ok_or(ClusterError::NotInstalled)?;
    let major_version = server_major_version(&bin_dir)?;
    Ok(PgBinaries {
        bin_dir,
        major_version,
    })
}

/// Where PostgreSQL's client programs (`pg_dump`, `pg_restore`) for a server of version
/// `major` are: a server install of that version, else the newest server install (a newer
/// `pg_dump` reads older servers), else a client-only install (Debian's `postgresql-client`
/// keeps them in `/usr/lib/postgresql/N/bin`, its wrappers on `PATH`).
pub fn find_client_binaries(major: u32) -> Option<PgBinaries> {
    find_binaries_for(major)
        .or_else(|| find_binaries().ok())
        .or_else(|| {
            std::fs::read_dir("/usr/lib/postgresql")
                .ok()?
                .filter_map(|entry| {
                    let entry = entry.ok()?;
                    let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
                    let bin_dir = entry.path().join("bin");
                    is_executable(&bin_dir.join("pg_dump")).then_some((version, bin_dir))
                })
                .max()
                .map(|(major_version, bin_dir)| PgBinaries {
                    bin_dir,
                    major_version,
                })
        })
        .or_else(|| {
            std::env::split_paths(&std::env::var_os("PATH")?)
                .find(|dir| is_executable(&dir.join("pg_dump")))
                .map(|bin_dir| PgBinaries {
                    bin_dir,
                    major_version: major,
                })
        })
}

/// The first installed binaries of the given major version, in the same order of preference as
/// [`find_binaries`], so that an existing cluster keeps working while a newer PostgreSQL is
/// installed beside the old one (as Debian does during an upgrade).
fn find_binaries_for(major: u32) -> Option<PgBinaries> {
    candidate_bin_dirs().into_iter().find_map(|bin_dir| {
        let major_version = server_major_version(&bin_dir).ok()?;
        (major_version == major).then_some(PgBinaries {
            bin_dir,
            major_version,
        })
    })
}

/// Every directory holding both `initdb` and `postgres`, canonical, best first, without
/// duplicates.
fn candidate_bin_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut consider = |dir: PathBuf| {
        if let Some(real) = server_bin_dir(&dir)
            && !dirs.contains(&real)
        {
            dirs.push(real);
        }
    };
    if let Some(path) = std::env::var_os("PATH") {
        std::env::split_paths(&path).for_each(&mut consider);
    }
    versioned_dirs(Path::new("/usr/lib/postgresql"), "", "bin")
        .into_iter()
        .for_each(&mut consider);
    consider(PathBuf::from("/usr/local/pgsql/bin"));
    versioned_dirs(Path::new("/usr"), "pgsql-", "bin")
        .into_iter()
        .for_each(&mut consider);
    for homebrew in ["/opt/homebrew", "/usr/local"] {
        let opt = Path::new(homebrew).join("opt");
        versioned_dirs(&opt, "postgresql@", "bin")
            .into_iter()
            .for_each(&mut consider);
        consider(opt.join("postgresql/bin"));
        consider(Path::new(homebrew).join("bin"));
    }
    consider(PathBuf::from(
        "/Applications/Postgres.app/Contents/Versions/latest/bin",
    ));
    dirs
}

/// The canonical directory of `dir/postgres`, if `initdb` is there too. Canonicalising matters
/// because `PATH` may hold symlinks (here `/usr/local/bin/postgres`) to a directory that has the
/// rest of the installation.
fn server_bin_dir(dir: &Path) -> Option<PathBuf> {
    let postgres = dir.join("postgres");
    if !is_executable(&postgres) {
        return None;
    }
    let real = fs::canonicalize(&postgres).ok()?.parent()?.to_path_buf();
    is_executable(&real.join("initdb")).then_some(real)
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `parent/{prefix}{version}/{suffix}` for every entry whose name continues with a version
/// number, newest first (numerically: 9.6 < 10 < 15).
fn versioned_dirs(parent: &Path, prefix: &str, suffix: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(Vec<u32>, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let version = name.to_str()?.strip_prefix(prefix)?;
            let key = version
                .split('.')
                .map(str::parse)
                .collect::<Result<Vec<u32>, _>>()
                .ok()?;
            Some((key, entry.path().join(suffix)))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0));
    found.into_iter().map(|(_, dir)| dir).collect()
}

/// Asks `postgres --version` ("postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"); this works
/// as root, unlike starting a server.
fn server_major_version(bin_dir: &Path) -> Result<u32, ClusterError> {
    let program = bin_dir.join("postgres");
    let output = Command::new(&program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|cause| ClusterError::Spawn {
            program: program.clone(),
            cause,
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    parse_server_version(&text).ok_or_else(|| ClusterError::UnknownVersion {
        path: program,
        detail: format!(
            "`postgres --version` said {:?}{}",
            text.trim(),
            String::from_utf8_lossy(&output.stderr).trim()
        ),
    })
}

/// The major version in `postgres --version` output: the leading number of the first word after
/// "(PostgreSQL)", e.g. 15 from "15.14", 17 from "17beta1".
fn parse_server_version(text: &str) -> Option<u32> {
    let rest = text.split_once("(PostgreSQL)")?.1;
    let word = rest.split_whitespace().next()?;
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// How a private cluster is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterOptions {
    /// fsync and synchronous_commit on (true for real data, false for throwaway test clusters)
    pub durable: bool,
    /// ask the kernel to stop postgres if the process (strictly: the spawning thread) dies:
    /// PR_SET_PDEATHSIG in pre_exec.
    ///
    /// The kernel fires this signal when the *thread* that forked the server exits, so the
    /// server is spawned from a helper thread that lives as long as the process: a cluster
    /// started inside one test keeps running when that test's thread ends. The signal is SIGINT
    /// (fast shutdown, a clean checkpoint) for durable clusters and SIGQUIT (immediate shutdown,
    /// which still removes the socket and shared memory) for throwaway ones. Linux only; elsewhere
    /// this has no effect.
    pub die_with_parent: bool,
    /// Size of the server's buffer cache in MB (`shared_buffers`); `None` keeps PostgreSQL's
    /// default of 128 MB, enough for throwaway clusters.
    pub shared_buffers_mb: Option<u64>,
}

/// How long starting took, for logs and for anyone tuning the test harness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartTimings {
    /// `None` when the cluster already existed.
    pub initdb: Option<Duration>,
    /// From spawning `postgres` to it accepting connections.
    pub ready: Duration,
}

/// The OS user the server runs as when we are root.
#[derive(Debug, Clone)]
struct RunAs {
    name: String,
    uid: Uid,
    gid: Gid,
}

/// A running PostgreSQL server on a private data directory, stopped when dropped.
#[derive(Debug)]
pub struct PrivateCluster {
    /// Canonical data directory.
    dir: PathBuf,
    /// Where the socket is: `dir` itself, or a fallback under /tmp when `dir` is too long.
    socket_dir: PathBuf,
    /// Whether `socket_dir` is ours to delete on stop.
    owns_socket_dir: bool,
    binaries: PgBinaries,
    child: Option<Child>,
    timings: StartTimings,
}

impl PrivateCluster {
    /// `dir` is the cluster's own directory (e.g. ./data/pg): initdb there on first use (UTF8,
    /// trust auth for local socket connections only, superuser `postgres`), check the PG_VERSION
    /// major against the binaries (clear error if they differ), start `postgres` listening on a
    /// unix socket only (listen_addresses=''), socket directory inside `dir` when the path is
    /// short enough (unix socket paths are limited to ~107 bytes: fall back to a short private
    /// directory under /tmp, 0700), wait until it accepts connections (bounded, 30 s, clear error
    /// with the tail of the server log on failure). Log to a file in `dir` (`postgres.log`, the
    /// previous run's in `postgres.log.1`). A stale postmaster.pid from a crash must not prevent
    /// starting; a live one is reported as [`ClusterError::AlreadyRunning`] at once.
    ///
    /// The cluster uses the C locale: sorting and case rules then do not depend on the host, and
    /// the data directory stays valid if it moves to a machine with other locales.
    pub fn start(dir: &Path, options: ClusterOptions) -> Result<Self, ClusterError> {
        // Messages show the path as the user gave it (`./data/pg`), the work uses the real one.
        let shown = dir.to_path_buf();
        let mut binaries = find_binaries()?;

        fs::create_dir_all(dir).map_err(ClusterError::io("create the directory", dir))?;
        let dir = fs::canonicalize(dir).map_err(ClusterError::io("resolve the path", dir))?;

        let data_major = read_pg_version(&dir)?;
        if let Some(data_major) = &data_major {
            if data_major != &binaries.major_version.to_string() {
                binaries = data_major
                    .parse()
                    .ok()
                    .and_then(find_binaries_for)
                    .ok_or_else(|| ClusterError::VersionMismatch {
                        dir: shown.clone(),
                        data_major: data_major.clone(),
                        binaries_major: binaries.major_version,
                    })?;
            }
        } else if fs::read_dir(&dir)
            .map_err(ClusterError::io("read the directory", &dir))?
            .next()
            .is_some()
        {
            return Err(ClusterError::NotACluster { dir: shown });
        }

        let run_as = run_as(&dir, &shown, data_major.is_some())?;
        if let Some(user) = &run_as {
            check_reachable(&dir, user)?;
        }

        let socket_dir_fits = socket_path_fits(&dir);
        let initdb = if data_major.is_none() {
            Some(init_cluster(
                &dir,
                &shown,
                &binaries,
                run_as.as_ref(),
                options,
            )?)
        } else {
            check_not_running(&dir, &shown, socket_dir_fits)?;
            None
        };

        let (socket_dir, owns_socket_dir) = if socket_dir_fits {
            (dir.clone(), false)
        } else {
            sweep_stale(Path::new(FALLBACK_SOCKET_PARENT), FALLBACK_SOCKET_PREFIX);
            let socket_dir = fallback_socket_dir(run_as.as_ref())?;
            tracing::info!(
                dir = %dir.display(),
                socket_dir = %socket_dir.display(),
                "the cluster directory's path is too long for a unix socket; using a short one"
            );
            (socket_dir, true)
        };

        // From here on, dropping `cluster` on an error path cleans up the child and socket dir.
        let mut cluster = PrivateCluster {
            dir,
            socket_dir,
            owns_socket_dir,
            binaries,
            child: None,
            timings: StartTimings {
                initdb,
                ready: Duration::ZERO,
            },
        };
        let log = open_log(&cluster.dir, run_as.as_ref())?;
        let spawned = Instant::now();
        cluster.child = Some(cluster.spawn_server(log, run_as.as_ref(), options)?);
        cluster.wait_until_ready(&shown)?;
        cluster.timings.ready = spawned.elapsed();
        tracing::info!(
            dir = %cluster.dir.display(),
            pid = cluster.pid(),
            initdb_ms = cluster.timings.initdb.map(|d| d.as_millis()),
            ready_ms = cluster.timings.ready.as_millis(),
            "private PostgreSQL {} is ready",
            cluster.binaries.major_version
        );
        Ok(cluster)
    }

    /// A connection URL for tokio-postgres / diesel-async over the unix socket:
    /// `postgres://postgres@/{database}?host={percent-encoded socket dir}&port=5432`.
    ///
    /// The authority's host is left empty on purpose: tokio-postgres *adds* a `host=` parameter
    /// to the hosts it tries instead of replacing the one before it, so `@localhost/...?host=`
    /// would first try TCP to localhost:5432, which may be a different server. libpq (psql)
    /// reads this form the same way. The port is spelled out so `PGPORT` cannot change the
    /// socket file name psql looks for.
    pub fn url(&self, database: &str) -> String {
        socket_url(self.socket_dir.as_os_str().as_bytes(), database)
    }

    /// Fast shutdown (SIGINT) and wait for exit, bounded; idempotent.
    ///
    /// A fast shutdown disconnects clients and writes a checkpoint. If the server has not exited
    /// after a minute it gets an immediate shutdown (SIGQUIT), then SIGKILL.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id();
            match child.try_wait() {
                Ok(Some(status)) => {
                    tracing::warn!(pid, %status, "private PostgreSQL had already exited");
                }
                _ => {
                    let started = Instant::now();
                    signal_and_wait(&mut child, Signal::SIGINT, STOP_TIMEOUT);
                    tracing::info!(
                        pid,
                        stop_ms = started.elapsed().as_millis(),
                        "private PostgreSQL stopped"
                    );
                }
            }
        }
        self.remove_own_socket_dir();
    }

    /// The canonical data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The directory holding the server's socket.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// The server log.
    pub fn log_path(&self) -> PathBuf {
        self.dir.join(LOG_NAME)
    }

    /// The postmaster's pid while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub fn binaries(&self) -> &PgBinaries {
        &self.binaries
    }

    pub fn timings(&self) -> StartTimings {
        self.timings
    }

    fn spawn_server(
        &self,
        log: File,
        run_as: Option<&RunAs>,
        options: ClusterOptions,
    ) -> Result<Child, ClusterError> {
        let program = self.binaries.bin_dir.join("postgres");
        let log_for_stdout = log
            .try_clone()
            .map_err(ClusterError::io("open", &self.dir.join(LOG_NAME)))?;
        let on_off = |on: bool| if on { "on" } else { "off" };
        let mut socket_dirs = OsString::from("unix_socket_directories=");
        socket_dirs.push(quote_guc_list_item(&self.socket_dir));

        let mut command = Command::new(&program);
        command
            .arg("-D")
            .arg(&self.dir)
            .arg("-p")
            .arg(PORT.to_string())
            .args(["-c", "listen_addresses="])
            .arg("-c")
            .arg(socket_dirs)
            .args(["-c", "unix_socket_permissions=0700"])
            // The log file is our contract with the caller (errors quote its tail).
            .args([
                "-c",
                "logging_collector=off",
                "-c",
                "log_destination=stderr",
            ])
            .arg("-c")
            .arg(format!("fsync={}", on_off(options.durable)))
            .arg("-c")
            .arg(format!("synchronous_commit={}", on_off(options.durable)))
            .arg("-c")
            .arg(format!("full_page_writes={}", on_off(options.durable)))
            .args(
                options
                    .shared_buffers_mb
                    .iter()
                    .flat_map(|mb| ["-c".to_owned(), format!("shared_buffers={mb}MB")]),
            )
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(log_for_stdout)
            .stderr(log)
            // Its own process group: Ctrl-C in a terminal must reach coopwiki, which then stops
            // the server after the HTTP side, not both at once.
            .process_group(0);
        if let Some(user) = run_as {
            command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        }

        let spawned = if options.die_with_parent {
            let signal = if options.durable {
                Signal::SIGINT
            } else {
                Signal::SIGQUIT
            };
            set_parent_death_signal(&mut command, signal);
            spawn_from_lasting_thread(command)
        } else {
            command.spawn()
        };
        spawned.map_err(|cause| ClusterError::Spawn { program, cause })
    }

    /// Polls `postmaster.pid` until it names our child and says "ready", as `pg_ctl -w` does.
    /// Checking the pid matters: another server on the same directory writes the same file.
    fn wait_until_ready(&mut self, shown: &Path) -> Result<(), ClusterError> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut pause = Duration::from_millis(2);
        loop {
            let Some(child) = self.child.as_mut() else {
                return Ok(());
            };
            let pid = child.id();
            if let Ok(Some(_status)) = child.try_wait() {
                self.child = None;
                return Err(self.start_failure(shown));
            }
            if self.server_is_ready(pid) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                if let Some(mut child) = self.child.take() {
                    signal_and_wait(&mut child, Signal::SIGQUIT, KILL_TIMEOUT);
                }
                return Err(ClusterError::StartTimeout {
                    dir: shown.to_path_buf(),
                    secs: READY_TIMEOUT.as_secs(),
                    log: self.log_path(),
                    tail: log_tail(&self.log_path()),
                });
            }
            std::thread::sleep(pause);
            // At most 10 ms late: a restarted server is ready in about 100 ms, to which pauses
            // growing to 50 ms could add half as much again (reading the file is cheap).
            pause = (pause * 2).min(Duration::from_millis(10));
        }
    }

    fn server_is_ready(&self, pid: u32) -> bool {
        let Ok(text) = fs::read_to_string(self.dir.join("postmaster.pid")) else {
            return false;
        };
        let lines: Vec<&str> = text.lines().collect();
        if lines.first().map(|l| l.trim()) != Some(pid.to_string().as_str()) {
            return false;
        }
        match lines.get(7) {
            Some(status) => status.trim() == "ready",
            // Servers before PostgreSQL 10 write no status line: try the socket instead.
            None => {
                std::os::unix::net::UnixStream::connect(self.socket_dir.join(SOCKET_NAME)).is_ok()
            }
        }
    }

    /// The error for a server that exited while starting: "already running" if it lost the
    /// race for the lock file to another server, otherwise the end of its log.
    fn start_failure(&self, shown: &Path) -> ClusterError {
        let tail = log_tail(&self.log_path());
        if tail.contains("lock file \"postmaster.pid\" already exists")
            && let Some(pid) = read_pid_file(&self.dir.join("postmaster.pid"))
        {
            return ClusterError::AlreadyRunning {
                dir: shown.to_path_buf(),
                pid,
            };
        }
        ClusterError::StartFailed {
            dir: shown.to_path_buf(),
            log: self.log_path(),
            tail,
        }
    }

    fn remove_own_socket_dir(&mut self) {
        if self.owns_socket_dir {
            self.owns_socket_dir = false;
            match fs::remove_dir_all(&self.socket_dir) {
                Err(error) if error.kind() != io::ErrorKind::NotFound => {
                    tracing::warn!(dir = %self.socket_dir.display(), %error,
                        "could not remove the private PostgreSQL socket directory");
                }
                _ => {}
            }
        }
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Characters kept as they are in URL components; everything else, `/` included, is
/// percent-encoded, which both libpq and tokio-postgres decode.
const URL_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The major version recorded in `dir/PG_VERSION`, if `dir` holds a cluster.
fn read_pg_version(dir: &Path) -> Result<Option<String>, ClusterError> {
    let path = dir.join("PG_VERSION");
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text.trim().to_owned())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ClusterError::io("read", &path)(e)),
    }
}

/// Who the server runs as. `None` means "as we are": only root needs another user. An existing
/// cluster keeps its owner (no recursive chown of someone's data); a new one belongs to the
/// `postgres` user.
fn run_as(dir: &Path, shown: &Path, exists: bool) -> Result<Option<RunAs>, ClusterError> {
    if !Uid::effective().is_root() {
        return Ok(None);
    }
    if exists {
        let meta = fs::metadata(dir).map_err(ClusterError::io("inspect", dir))?;
        let uid = Uid::from_raw(meta.uid());
        if uid.is_root() {
            return Err(ClusterError::OwnedByRoot {
                dir: shown.to_path_buf(),
            });
        }
        let user = User::from_uid(uid).ok().flatten();
        return Ok(Some(RunAs {
            name: user
                .as_ref()
                .map_or_else(|| uid.to_string(), |u| u.name.clone()),
            uid,
            gid: user.map_or(Gid::from_raw(meta.gid()), |u| u.gid),
        }));
    }
    let user = User::from_name("postgres")
        .ok()
        .flatten()
        .ok_or(ClusterError::NoPostgresUser)?;
    Ok(Some(RunAs {
        name: user.name,
        uid: user.uid,
        gid: user.gid,
    }))
}

/// The server user must be able to walk down to `dir`: a root-only directory on the way (a
/// tempdir, `/root`) otherwise shows up as a baffling "permission denied" in the server log.
/// Mode bits only (the child runs with its primary group alone: std drops supplementary groups
/// when it changes uid).
fn check_reachable(dir: &Path, user: &RunAs) -> Result<(), ClusterError> {
    for ancestor in dir.ancestors().skip(1) {
        let Ok(meta) = fs::metadata(ancestor) else {
            continue;
        };
        let bit = if meta.uid() == user.uid.as_raw() {
            0o100
        } else if meta.gid() == user.gid.as_raw() {
            0o010
        } else {
            0o001
        };
        if meta.mode() & bit == 0 {
            return Err(ClusterError::Unreachable {
                user: user.name.clone(),
                dir: dir.to_path_buf(),
                blocked: ancestor.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Whether `dir/.s.PGSQL.5432` fits in a socket address: PostgreSQL needs the path shorter than
/// `sun_path` (108 bytes on Linux, 104 on macOS), terminating NUL included.
fn socket_path_fits(dir: &Path) -> bool {
    // SAFETY: sockaddr_un is a plain C struct of integers and bytes; all zeroes is valid.
    let address: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    dir.as_os_str().len() + 1 + SOCKET_NAME.len() < address.sun_path.len()
}

/// A fresh `/tmp/coopwiki-pgsock-{pid}-XXXXXX` (0700, owned by the server user). Our pid in the
/// name lets [`sweep_stale`] remove it if we die without cleaning up.
fn fallback_socket_dir(run_as: Option<&RunAs>) -> Result<PathBuf, ClusterError> {
    let template = Path::new(FALLBACK_SOCKET_PARENT).join(format!(
        "{FALLBACK_SOCKET_PREFIX}{}-XXXXXX",
        std::process::id()
    ));
    let dir = nix::unistd::mkdtemp(&template)
        .map_err(|e| ClusterError::io("create a directory like", &template)(e.into()))?;
    if let Some(user) = run_as {
        nix::unistd::chown(&dir, Some(user.uid), Some(user.gid))
            .map_err(|e| ClusterError::io("hand over", &dir)(e.into()))?;
    }
    Ok(dir)
}

/// Runs initdb in the (empty) `dir`, which it hands to the server user first.
fn init_cluster(
    dir: &Path,
    shown: &Path,
    binaries: &PgBinaries,
    run_as: Option<&RunAs>,
    options: ClusterOptions,
) -> Result<Duration, ClusterError> {
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(ClusterError::io("restrict the permissions of", dir))?;
    if let Some(user) = run_as {
        nix::unistd::chown(dir, Some(user.uid), Some(user.gid))
            .map_err(|e| ClusterError::io("hand over", dir)(e.into()))?;
    }

    let program = binaries.bin_dir.join("initdb");
    let mut command = Command::new(&program);
    command
        .arg("--pgdata")
        .arg(dir)
        .arg(format!("--username={SUPERUSER}"))
        .args([
            "--encoding=UTF8",
            "--locale=C",
            // Nothing listens on TCP anyway; "reject" keeps it so if someone turns TCP on.
            "--auth-local=trust",
            "--auth-host=reject",
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        // initdb's own flush calls fsync on each of its ~1,000 files: 3.4 s of a 3.9 s initdb
        // here. A durable cluster is flushed below with one syncfs instead (PostgreSQL 16's
        // `--sync-method=syncfs`), in 0.05 s; a throwaway one is not flushed at all.
        .arg("--no-sync");
    if let Some(user) = run_as {
        command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
    }

    let started = Instant::now();
    let output = command
        .output()
        .map_err(|cause| ClusterError::Spawn { program, cause })?;
    if !output.status.success() {
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        return Err(ClusterError::InitDb {
            dir: shown.to_path_buf(),
            output: last_lines(&text, LOG_TAIL_LINES),
        });
    }
    if options.durable {
        let opened = fs::File::open(dir).map_err(ClusterError::io("open", dir))?;
        nix::unistd::syncfs(&opened)
            .map_err(|e| ClusterError::io("flush to disk", dir)(e.into()))?;
    }
    let elapsed = started.elapsed();
    tracing::info!(dir = %dir.display(), initdb_ms = elapsed.as_millis(), "initdb done");
    Ok(elapsed)
}

/// Refuses a directory whose server is still running, and clears lock files whose pid now
/// belongs to an unrelated process (common after a container restart), which PostgreSQL itself
/// would take for a live server. A lock file whose pid is dead is left to PostgreSQL: it also
/// checks that no backend of the old server still holds the shared memory, which deleting the
/// file would bypass.
fn check_not_running(dir: &Path, shown: &Path, socket_in_dir: bool) -> Result<(), ClusterError> {
    let pid_file = dir.join("postmaster.pid");
    let Some(pid) = read_pid_file(&pid_file) else {
        return Ok(());
    };
    // Only a process we may signal can be the server: it runs as us (or, when we are root, we
    // may signal anything). EPERM means another user's process reused the pid, which
    // PostgreSQL itself treats as stale.
    if kill(Pid::from_raw(pid), None).is_err() {
        return Ok(());
    }
    let running = |pid| ClusterError::AlreadyRunning {
        dir: shown.to_path_buf(),
        pid,
    };
    match cwd_is(pid, dir) {
        // Alive and working in this directory, or we cannot tell: assume it is the server.
        Some(true) | None => Err(running(pid)),
        Some(false) => {
            if let Some(other) = processes_in(dir).into_iter().next() {
                return Err(running(other));
            }
            tracing::warn!(pid, dir = %dir.display(),
                "removing a stale postmaster.pid whose pid now belongs to another process");
            fs::remove_file(&pid_file).map_err(ClusterError::io("remove", &pid_file))?;
            if socket_in_dir {
                let lock = dir.join(SOCKET_LOCK_NAME);
                if read_pid_file(&lock) == Some(pid) {
                    fs::remove_file(&lock).map_err(ClusterError::io("remove", &lock))?;
                }
            }
            Ok(())
        }
    }
}

/// The address of the private cluster another coopwiki runs in `dir`, for the commands that
/// work beside a running wiki (adding an account, importing a site): the server's own lock
/// file names its socket directory (fifth line) and says whether it is ready (eighth). `None`
/// when no live, ready server holds `dir`.
pub fn running_url(dir: &Path, database: &str) -> Option<String> {
    let text = fs::read_to_string(dir.join("postmaster.pid")).ok()?;
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let pid: i32 = lines.first()?.parse().ok().filter(|&p| p > 0)?;
    if !pid_alive(pid) || lines.get(7).is_some_and(|status| *status != "ready") {
        return None;
    }
    let socket_dir = lines.get(4).filter(|socket| !socket.is_empty())?;
    Some(socket_url(socket_dir.as_bytes(), database))
}

/// The URL of `database` on a cluster listening in `socket_dir`, as the superuser.
fn socket_url(socket_dir: &[u8], database: &str) -> String {
    format!(
        "postgres://{SUPERUSER}@/{}?host={}&port={PORT}",
        utf8_percent_encode(database, URL_COMPONENT),
        percent_encode(socket_dir, URL_COMPONENT),
    )
}

/// The pid on the first line of a PostgreSQL lock file.
fn read_pid_file(path: &Path) -> Option<i32> {
    let text = fs::read_to_string(path).ok()?;
    text.lines().next()?.trim().parse().ok().filter(|&p| p > 0)
}

fn pid_alive(pid: i32) -> bool {
    // EPERM: it exists but belongs to someone else.
    !matches!(kill(Pid::from_raw(pid), None), Err(Errno::ESRCH))
}

/// Whether process `pid` works in `dir` (a postmaster and its backends chdir into their data
/// directory). `None` where we cannot tell: not Linux, or not allowed to look.
fn cwd_is(pid: i32, dir: &Path) -> Option<bool> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    match fs::read_link(format!("/proc/{pid}/cwd")) {
        Ok(cwd) => Some(cwd == dir),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Some(false),
        Err(_) => None,
    }
}

/// The processes working in `dir`, as far as /proc lets us see (empty elsewhere). Finds the
/// backends a killed postmaster left behind, as well as live servers.
fn processes_in(dir: &Path) -> Vec<i32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|&pid| cwd_is(pid, dir) == Some(true))
        .collect()
}

/// Opens `dir/postgres.log` for the server's output, keeping the previous run's log as
/// `postgres.log.1`.
fn open_log(dir: &Path, run_as: Option<&RunAs>) -> Result<File, ClusterError> {
    let path = dir.join(LOG_NAME);
    if path.exists() {
        let previous = dir.join(PREVIOUS_LOG_NAME);
        fs::rename(&path, &previous).map_err(ClusterError::io("rotate", &path))?;
    }
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&path)
        .map_err(ClusterError::io("create", &path))?;
    if let Some(user) = run_as {
        nix::unistd::chown(&path, Some(user.uid), Some(user.gid))
            .map_err(|e| ClusterError::io("hand over", &path)(e.into()))?;
    }
    Ok(log)
}

/// The last lines of the server log, for error messages.
fn log_tail(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = File::open(path) {
        let mut bytes = Vec::new();
        let len = file.metadata().map_or(0, |m| m.len());
        let _ = file.seek(SeekFrom::Start(len.saturating_sub(8 * 1024)));
        let _ = file.read_to_end(&mut bytes);
        text = String::from_utf8_lossy(&bytes).into_owned();
    }
    let tail = last_lines(&text, LOG_TAIL_LINES);
    if tail.trim().is_empty() {
        "(the log is empty)".to_owned()
    } else {
        tail
    }
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// `unix_socket_directories` is a comma-separated list; a double-quoted item may hold commas and
/// spaces, with `""` for a quote.
fn quote_guc_list_item(path: &Path) -> OsString {
    let mut bytes = vec![b'"'];
    for &b in path.as_os_str().as_bytes() {
        if b == b'"' {
            bytes.push(b'"');
        }
        bytes.push(b);
    }
    bytes.push(b'"');
    std::os::unix::ffi::OsStringExt::from_vec(bytes)
}

/// Sends `signal` and waits up to `timeout`; escalates to SIGQUIT (immediate shutdown) and then
/// SIGKILL, so this always returns with the child reaped.
fn signal_and_wait(child: &mut Child, signal: Signal, timeout: Duration) {
    let pid = Pid::from_raw(child.id() as i32);
    for (signal, timeout) in [(signal, timeout), (Signal::SIGQUIT, KILL_TIMEOUT)] {
        if kill(pid, signal).is_err() {
            break;
        }
        if wait_bounded(child, timeout) {
            return;
        }
        tracing::warn!(%pid, ?signal, "private PostgreSQL did not exit in time");
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Whether the child exited (and was reaped) within `timeout`.
fn wait_bounded(child: &mut Child, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return true,
            Ok(None) if Instant::now() >= deadline => return false,
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
        }
    }
}

/// Makes the kernel send `signal` to the child when its parent thread dies. Runs after std has
/// switched uid (which would clear the setting), right before exec.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn set_parent_death_signal(command: &mut Command, signal: Signal) {
    let parent = std::process::id() as libc::pid_t;
    let signal = signal as libc::c_ulong;
    // SAFETY: the closure only makes async-signal-safe calls (prctl, getppid) and allocates
    // nothing, as required between fork and exec.
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, signal, 0, 0, 0) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before prctl: then nobody would signal us.
            if libc::getppid() != parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn set_parent_death_signal(_command: &mut Command, _signal: Signal) {
    tracing::debug!("die_with_parent is not supported on this platform");
}

type SpawnJob = (Command, mpsc::SyncSender<io::Result<Child>>);

/// Spawns `command` from a thread that lives as long as the process, because the parent-death
/// signal fires when the *thread* that forked the child exits, not the process.
fn spawn_from_lasting_thread(command: Command) -> io::Result<Child> {
    static SPAWNER: OnceLock<Option<mpsc::Sender<SpawnJob>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (jobs, queue) = mpsc::channel::<SpawnJob>();
        std::thread::Builder::new()
            .name("pg-spawner".into())
            .spawn(move || {
                for (mut command, reply) in queue {
                    let _ = reply.send(command.spawn());
                }
            })
            .ok()
            .map(|_| jobs)
    });
    let (reply, answer) = mpsc::sync_channel(1);
    let command = match spawner {
        Some(jobs) => match jobs.send((command, reply)) {
            Ok(()) => {
                return answer
                    .recv()
                    .unwrap_or_else(|_| Err(io::Error::other("the spawner thread is gone")));
            }
            Err(mpsc::SendError((command, _))) => command,
        },
        None => command,
    };
    tracing::warn!("no spawner thread; the server will stop when this thread ends");
    let mut command = command;
    command.spawn()
}

/// Removes directories under `parent` named `{prefix}{pid}` (or `{prefix}{pid}-{anything}`)
/// whose pid is no longer alive (left by killed test runs).
///
/// A directory still used by a live process is handled carefully: a server left running in it
/// (its pid file names a live process working in that directory) is an orphan of the dead owner,
/// so it gets an immediate shutdown first; a socket directory whose lock names a live process is
/// kept.
pub fn sweep_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let me = std::process::id() as i32;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let digits = rest.split_once('-').map_or(rest, |(pid, _)| pid);
        let Ok(owner) = digits.parse::<i32>() else {
            continue;
        };
        // file_type does not follow symlinks: never delete through one.
        if owner <= 0
            || owner == me
            || pid_alive(owner)
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let path = entry.path();
        let Ok(real) = fs::canonicalize(&path) else {
            continue;
        };
        let live_pid_in = |file: &str| read_pid_file(&real.join(file)).filter(|&p| pid_alive(p));
        // The socket directory of a server still running elsewhere (an orphaned durable
        // cluster whose path was too long): keep it, or that server becomes unreachable.
        if let Some(pid) = live_pid_in(SOCKET_LOCK_NAME)
            && cwd_is(pid, &real) != Some(true)
        {
            continue;
        }
        if let Some(server) = live_pid_in("postmaster.pid") {
            // Unsure it is the server of this directory: leave it alone.
            if cwd_is(server, &real) != Some(true) {
                continue;
            }
            tracing::warn!(pid = server, dir = %path.display(),
                "stopping an orphaned private PostgreSQL");
            let _ = kill(Pid::from_raw(server), Signal::SIGQUIT);
            let deadline = Instant::now() + KILL_TIMEOUT;
            while !processes_in(&real).is_empty() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        match fs::remove_dir_all(&path) {
            Ok(()) => tracing::info!(dir = %path.display(), "removed a stale directory"),
            Err(error) => {
                tracing::warn!(dir = %path.display(), %error, "could not remove a stale directory")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};

    /// A scratch directory in /dev/shm (tmpfs: initdb there is fast and quiet) that the
    /// `postgres` user can enter when the tests run as root.
    fn scratch() -> tempfile::TempDir {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = tempfile::Builder::new()
            .prefix("coopwiki-embedded-test-")
            .tempdir_in(base)
            .expect("create a scratch directory");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
        dir
    }

    const THROWAWAY: ClusterOptions = ClusterOptions {
        durable: false,
        die_with_parent: false,
        shared_buffers_mb: None,
    };

    fn psql(url: &str, sql: &str) -> Result<String, String> {
        let output = Command::new("psql")
            .args(["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1"])
            .arg(url)
            .arg("-c")
            .arg(sql)
            .output()
            .map_err(|e| format!("run psql: {e}"))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }

    fn gone(pid: u32) -> bool {
        // A process reparented to an init that does not reap it lingers as a zombie.
        match fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
            Err(_) => !pid_alive(pid as i32),
        }
    }

    fn wait_gone(pid: u32, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if gone(pid) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn finds_binaries_here() {
        let binaries = find_binaries().expect("PostgreSQL is installed here");
        assert!(binaries.major_version >= 10, "{binaries:?}");
        assert_eq!(
            fs::canonicalize(&binaries.bin_dir).unwrap(),
            binaries.bin_dir
        );
        assert!(is_executable(&binaries.bin_dir.join("initdb")));
        if cfg!(target_os = "linux") && Path::new("/usr/local/bin/postgres").is_symlink() {
            // Found through the symlink on PATH, reported as the real directory.
            assert!(binaries.bin_dir.join("pg_isready").exists(), "{binaries:?}");
        }
    }

    #[test]
    fn parses_versions() {
        let v = "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n";
        assert_eq!(parse_server_version(v), Some(15));
        assert_eq!(
            parse_server_version("postgres (PostgreSQL) 17beta1"),
            Some(17)
        );
        assert_eq!(
            parse_server_version("postgres (PostgreSQL) 9.6.24"),
            Some(9)
        );
        assert_eq!(parse_server_version("nonsense"), None);
    }

    #[test]
    fn not_installed_message_is_one_sentence() {
        let text = ClusterError::NotInstalled.to_string();
        assert!(text.starts_with("No PostgreSQL server binaries (initdb, postgres) were found:"));
        assert_eq!(text.matches(". ").count(), 0, "{text}");
        assert!(text.ends_with("existing server."));
    }

    #[test]
    fn starts_and_answers_select_1() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        let mut cluster = PrivateCluster::start(&dir, THROWAWAY).expect("start");
        let url = cluster.url("postgres");
        assert!(
            url.starts_with("postgres://postgres@/postgres?host=%2F"),
            "{url}"
        );
        assert_eq!(psql(&url, "SELECT 1").unwrap(), "1");
        assert_eq!(psql(&url, "SHOW fsync").unwrap(), "off");
        assert_eq!(psql(&url, "SHOW listen_addresses").unwrap(), "");
        assert_eq!(psql(&url, "SHOW server_encoding").unwrap(), "UTF8");
        assert_eq!(cluster.socket_dir(), cluster.dir());
        assert!(cluster.log_path().exists());
        let timings = cluster.timings();
        eprintln!(
            "TIMING fresh: initdb {:?}, ready {:?}",
            timings.initdb.unwrap(),
            timings.ready
        );
        cluster.stop();
    }

    #[test]
    fn durable_cluster_has_fsync_on() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        let options = ClusterOptions {
            durable: true,
            die_with_parent: false,
            shared_buffers_mb: Some(160),
        };
        let cluster = PrivateCluster::start(&dir, options).expect("start");
        let url = cluster.url("postgres");
        assert_eq!(psql(&url, "SHOW fsync").unwrap(), "on");
        assert_eq!(psql(&url, "SHOW synchronous_commit").unwrap(), "on");
        assert_eq!(psql(&url, "SHOW shared_buffers").unwrap(), "160MB");
        let timings = cluster.timings();
        eprintln!(
            "TIMING durable: initdb {:?}, ready {:?}",
            timings.initdb.unwrap(),
            timings.ready
        );
    }

    #[test]
    fn restart_reuses_the_data() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        let mut cluster = PrivateCluster::start(&dir, THROWAWAY).expect("first start");
        let url = cluster.url("postgres");
        psql(
            &url,
            "CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)",
        )
        .unwrap();
        cluster.stop();
        drop(cluster);

        let cluster = PrivateCluster::start(&dir, THROWAWAY).expect("second start");
        assert_eq!(cluster.timings().initdb, None);
        eprintln!("TIMING restart: ready {:?}", cluster.timings().ready);
        assert_eq!(
            psql(&cluster.url("postgres"), "SELECT x FROM kept").unwrap(),
            "42"
        );
        assert!(
            dir.join(PREVIOUS_LOG_NAME).exists(),
            "the first run's log is kept"
        );
    }

    #[test]
    fn stop_is_idempotent() {
        let scratch = scratch();
        let mut cluster = PrivateCluster::start(&scratch.path().join("pg"), THROWAWAY).unwrap();
        let pid = cluster.pid().unwrap();
        let started = Instant::now();
        cluster.stop();
        eprintln!("TIMING stop: {:?}", started.elapsed());
        assert!(gone(pid));
        assert_eq!(cluster.pid(), None);
        assert!(
            !cluster.dir().join("postmaster.pid").exists(),
            "clean shutdown"
        );
        cluster.stop();
        cluster.stop();
        drop(cluster);
    }

    #[test]
    fn long_path_uses_a_fallback_socket_dir() {
        let scratch = scratch();
        let dir = scratch.path().join("d".repeat(60)).join("e".repeat(60));
        let mut cluster = PrivateCluster::start(&dir, THROWAWAY).expect("start");
        let socket_dir = cluster.socket_dir().to_path_buf();
        assert!(
            socket_dir.starts_with(FALLBACK_SOCKET_PARENT)
                && socket_dir
                    .file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with(FALLBACK_SOCKET_PREFIX),
            "{socket_dir:?}"
        );
        assert_eq!(
            fs::metadata(&socket_dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(psql(&cluster.url("postgres"), "SELECT 1").unwrap(), "1");
        cluster.stop();
        assert!(
            !socket_dir.exists(),
            "the fallback socket dir is removed on stop"
        );
    }

    #[test]
    fn version_mismatch_is_explained() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("PG_VERSION"), "99\n").unwrap();
        let error = PrivateCluster::start(&dir, THROWAWAY).unwrap_err();
        let text = error.to_string();
        assert!(
            matches!(&error, ClusterError::VersionMismatch { data_major, .. } if data_major == "99"),
            "{text}"
        );
        assert!(text.contains("created by PostgreSQL 99"), "{text}");
        assert!(text.contains(&dir.display().to_string()), "{text}");
    }

    #[test]
    fn refuses_a_non_empty_non_cluster_dir() {
        let scratch = scratch();
        fs::write(scratch.path().join("notes.txt"), "hello").unwrap();
        let error = PrivateCluster::start(scratch.path(), THROWAWAY).unwrap_err();
        assert!(matches!(error, ClusterError::NotACluster { .. }), "{error}");
    }

    #[test]
    fn a_second_start_on_a_running_cluster_fails_fast() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        let first = PrivateCluster::start(&dir, THROWAWAY).expect("first start");
        let started = Instant::now();
        let error = PrivateCluster::start(&dir, THROWAWAY).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        let text = error.to_string();
        assert!(
            matches!(error, ClusterError::AlreadyRunning { pid, .. } if pid == first.pid().unwrap() as i32),
            "{text}"
        );
        assert!(text.contains("Another coopwiki is already using"), "{text}");
        // The first server is unharmed and still logs to its file.
        assert_eq!(psql(&first.url("postgres"), "SELECT 1").unwrap(), "1");
        assert!(
            !dir.join(PREVIOUS_LOG_NAME).exists(),
            "the running log was not rotated"
        );
    }

    #[test]
    fn starts_after_a_crash() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        // Durable, as for `cargo run`: a throwaway cluster may lose its last commits in a crash.
        let durable = ClusterOptions {
            durable: true,
            die_with_parent: false,
            shared_buffers_mb: None,
        };
        let mut cluster = PrivateCluster::start(&dir, durable).expect("start");
        psql(&cluster.url("postgres"), "CREATE TABLE t (x int)").unwrap();
        let pid = cluster.pid().unwrap();
        kill(Pid::from_raw(pid as i32), Signal::SIGKILL).unwrap();
        let mut child = cluster.child.take().unwrap();
        child.wait().unwrap();
        drop(cluster);
        assert!(
            dir.join("postmaster.pid").exists(),
            "a crash leaves the pid file"
        );
        // The old server's helpers notice its death and exit on their own.
        let real = fs::canonicalize(&dir).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !processes_in(&real).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }

        let cluster = PrivateCluster::start(&dir, durable).expect("start after a crash");
        assert_eq!(
            psql(&cluster.url("postgres"), "SELECT count(*) FROM t").unwrap(),
            "0"
        );
    }

    #[test]
    fn a_stale_pid_reused_by_another_process_does_not_block() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        let mut cluster = PrivateCluster::start(&dir, THROWAWAY).expect("start");
        cluster.stop();
        drop(cluster);
        // A live process of the server's own user, working elsewhere, now has the old pid.
        let owner = fs::metadata(&dir).unwrap().uid();
        let mut sleeper = Command::new("sleep");
        sleeper.arg("30").current_dir("/");
        if Uid::effective().is_root() {
            sleeper.uid(owner);
        }
        let mut sleeper = sleeper.spawn().unwrap();
        let pid_file = format!("{}\n{}\n", sleeper.id(), dir.display());
        fs::write(dir.join("postmaster.pid"), &pid_file).unwrap();
        fs::write(dir.join(SOCKET_LOCK_NAME), &pid_file).unwrap();

        let result = PrivateCluster::start(&dir, THROWAWAY);
        let _ = sleeper.kill();
        let _ = sleeper.wait();
        let cluster = result.expect("start despite the reused pid");
        assert_eq!(psql(&cluster.url("postgres"), "SELECT 1").unwrap(), "1");
    }

    #[test]
    fn sweep_removes_dead_owners_and_keeps_live_ones() {
        let scratch = scratch();
        let parent = scratch.path();
        let mut finished = Command::new("true").spawn().unwrap();
        let dead = finished.id();
        finished.wait().unwrap();
        let mut alive = Command::new("sleep").arg("30").spawn().unwrap();
        for name in [
            format!("cw-test-{dead}"),
            format!("cw-test-{dead}-abc"),
            format!("cw-test-{}", alive.id()),
            format!("cw-test-{}", std::process::id()),
            "cw-test-notapid".to_owned(),
            format!("other-{dead}"),
        ] {
            fs::create_dir(parent.join(&name)).unwrap();
            fs::write(parent.join(&name).join("file"), "x").unwrap();
        }
        sweep_stale(parent, "cw-test-");
        let _ = alive.kill();
        let _ = alive.wait();
        assert!(!parent.join(format!("cw-test-{dead}")).exists());
        assert!(!parent.join(format!("cw-test-{dead}-abc")).exists());
        assert!(parent.join(format!("cw-test-{}", alive.id())).exists());
        assert!(
            parent
                .join(format!("cw-test-{}", std::process::id()))
                .exists()
        );
        assert!(parent.join("cw-test-notapid").exists());
        assert!(parent.join(format!("other-{dead}")).exists());
    }

    #[test]
    fn unreachable_dir_is_explained_when_root() {
        if !Uid::effective().is_root() {
            return;
        }
        let scratch = scratch();
        let closed = scratch.path().join("closed");
        fs::create_dir(&closed).unwrap();
        fs::set_permissions(&closed, fs::Permissions::from_mode(0o700)).unwrap();
        let error = PrivateCluster::start(&closed.join("pg"), THROWAWAY).unwrap_err();
        assert!(matches!(error, ClusterError::Unreachable { .. }), "{error}");
        assert!(error.to_string().contains("chmod o+x"), "{error}");
    }

    #[test]
    fn a_cluster_outlives_the_thread_that_started_it() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        let options = ClusterOptions {
            durable: false,
            die_with_parent: true,
            shared_buffers_mb: None,
        };
        let cluster = std::thread::spawn(move || PrivateCluster::start(&dir, options))
            .join()
            .unwrap()
            .expect("start");
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(psql(&cluster.url("postgres"), "SELECT 1").unwrap(), "1");
    }

    const HELPER_DIR_VAR: &str = "COOPWIKI_EMBEDDED_TEST_HELPER_DIR";

    /// Run by `dies_with_the_test_process` in a child process, which is then killed.
    #[test]
    #[ignore = "helper for dies_with_the_test_process"]
    fn helper_holds_a_cluster() {
        let Some(dir) = std::env::var_os(HELPER_DIR_VAR) else {
            return;
        };
        let options = ClusterOptions {
            durable: false,
            die_with_parent: true,
            shared_buffers_mb: None,
        };
        let cluster = PrivateCluster::start(Path::new(&dir), options).expect("start");
        println!("POSTGRES_PID={}", cluster.pid().unwrap());
        std::thread::sleep(Duration::from_secs(60));
    }

    #[test]
    fn dies_with_the_test_process() {
        let scratch = scratch();
        let dir = scratch.path().join("pg");
        let module = module_path!().split_once("::").map_or("", |(_, m)| m);
        let mut helper = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", &format!("{module}::helper_holds_a_cluster")])
            .args(["--ignored", "--nocapture", "--test-threads=1"])
            .env(HELPER_DIR_VAR, &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(helper.stdout.take().unwrap());
        let pid: u32 = stdout
            .lines()
            .map_while(Result::ok)
            // libtest prints "test ... ... " on the same line before our output.
            .find_map(|line| line.split_once("POSTGRES_PID=")?.1.trim().parse().ok())
            .expect("the helper reports its server");
        assert!(!gone(pid));
        helper.kill().unwrap();
        helper.wait().unwrap();
        assert!(
            wait_gone(pid, Duration::from_secs(10)),
            "postgres {pid} outlived its parent"
        );
    }
}
