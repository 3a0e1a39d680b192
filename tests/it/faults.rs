//! Promise 5 of `security.md`, "saved means durable": PostgreSQL crashes (SIGKILL, no
//! shutdown) in the middle of a burst of saves. While it is down the wiki answers 503, never 500;
//! it recovers by itself once PostgreSQL is back; and every save it acknowledged is there.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use futures_util::future::join_all;

use coopwiki::db::embedded::{ClusterOptions, PrivateCluster};

use crate::harness::{TestApp, TestDb, admin, exchange, free_port};

const EDITORS: usize = 6;
/// Saves acknowledged before PostgreSQL is killed.
const CRASH_AFTER: usize = 30;

/// Starts (or restarts, after a crash) the durable cluster in `dir`, off the async runtime.
/// After a SIGKILL the old server's backends take a moment to notice and exit, and PostgreSQL
/// refuses to start while they still hold its shared memory: so it is tried again for a while.
async fn start_cluster(dir: std::path::PathBuf) -> PrivateCluster {
    actix_web::rt::task::spawn_blocking(move || {
        let started = Instant::now();
        let cluster = loop {
            let options = ClusterOptions {
                durable: true,
                die_with_parent: true,
                shared_buffers_mb: None,
            };
            match PrivateCluster::start(&dir, options) {
                Ok(cluster) => break cluster,
                Err(err) if started.elapsed() < Duration::from_secs(60) => {
                    eprintln!("PostgreSQL did not start yet: {err}");
                    std::thread::sleep(Duration::from_millis(500));
                }
                Err(err) => panic!("start PostgreSQL: {err}"),
            }
        };
        coopwiki::server::wait_for_connections(&cluster.url("postgres"))
            .expect("PostgreSQL accepts connections");
        cluster
    })
    .await
    .expect("the cluster thread")
}

#[actix_web::test]
async fn acknowledged_saves_survive_a_postgresql_crash_and_the_wiki_recovers_by_itself() {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let dir = tempfile::tempdir().expect("a directory for the cluster");
    let cluster_dir = dir.path().join("pg");
    let mut cluster = start_cluster(cluster_dir.clone()).await;
    let url = cluster.url("wiki");
    admin(cluster.url("postgres"), |conn| {
        diesel::sql_query("CREATE DATABASE wiki").execute(conn)
    })
    .expect("create the database");
    coopwiki::db::run_migrations(&url).expect("migrate");
    let app = TestApp::on_database(
        TestDb {
            name: String::new(),
            url: url.clone(),
        },
        |settings| {
            settings.anonymous_editing = true;
            settings.default_write_acl = vec!["*".into()];
        },
    )
    .await;

    let acknowledged: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let statuses: Mutex<HashMap<u16, usize>> = Mutex::new(HashMap::new());
    let crashed = AtomicBool::new(false);
    let recovered = AtomicBool::new(false);
    let after_recovery = AtomicUsize::new(0);

    let editor = |editor: usize| {
        let (app, acknowledged, statuses) = (&app, &acknowledged, &statuses);
        let (recovered, after_recovery) = (&recovered, &after_recovery);
        async move {
            // Each save creates a page of its own, so an unacknowledged save (its commit may or
            // may not have happened) never makes a later one start from an unknown base.
            for save in 0.. {
                let name = format!("Burst {editor} {save}");
                let body = format!("save {save} of editor {editor}");
                let reply = app
                    .post(
                        &format!("/Burst_{editor}_{save}/edit"),
                        &[("body", &body), ("base", "0")],
                    )
                    .await;
                *statuses
                    .lock()
                    .unwrap()
                    .entry(reply.status.as_u16())
                    .or_default() += 1;
                match reply.status.as_u16() {
                    303 => {
                        acknowledged.lock().unwrap().push((name, body));
                        if recovered.load(Ordering::SeqCst)
                            && after_recovery.fetch_add(1, Ordering::SeqCst) >= 3 * EDITORS
                        {
                            return;
                        }
                    }
                    503 => actix_web::rt::time::sleep(Duration::from_millis(50)).await,
                    other => panic!("save answered {other}: {}", reply.body),
                }
            }
        }
    };
    let crash = async {
        while acknowledged.lock().unwrap().len() < CRASH_AFTER {
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
        let pid = cluster.pid().expect("PostgreSQL runs");
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::SIGKILL,
        )
        .expect("kill PostgreSQL");
        crashed.store(true, Ordering::SeqCst);
        // While it is down, a page view is a 503 too.
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        let down = app.get("/HomePage").await;
        assert_eq!(down.status.as_u16(), 503, "{}", down.body);
        assert!(down.body.contains("503") || down.body.contains("unavailable"));
        cluster.stop();
        cluster = start_cluster(cluster_dir.clone()).await;
        // The pool reconnects by itself; give it a few seconds.
        let started = Instant::now();
        loop {
            if app.get("/HomePage").await.status.as_u16() == 200 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the wiki did not recover"
            );
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        recovered.store(true, Ordering::SeqCst);
    };
    let editors = join_all((0..EDITORS).map(editor));
    futures_util::join!(editors, crash);

    assert!(crashed.load(Ordering::SeqCst));
    let statuses = statuses.into_inner().unwrap();
    assert!(
        statuses.get(&503).copied().unwrap_or(0) > 0,
        "saves during the crash answered 503: {statuses:?}"
    );
    let acknowledged = acknowledged.into_inner().unwrap();
    let stored: Vec<String> = app.sql(
        "SELECT p.name || '|' || r.body FROM pages p JOIN revisions r ON r.page_id = p.id \
         WHERE p.name LIKE 'Burst %'",
    );
    for (name, body) in &acknowledged {
        assert!(
            stored.contains(&format!("{name}|{body}")),
            "acknowledged save of {name} lost"
        );
    }
    assert!(acknowledged.len() > CRASH_AFTER + EDITORS, "{statuses:?}");
    drop(app);
    cluster.stop();
}

/// Processes stopped when the test ends, however it ends.
struct Processes(Vec<std::process::Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Three app instances behind nginx (Debian's, on loopback), one killed (SIGKILL) in the
/// middle of a burst of saves: the instances share nothing but PostgreSQL, so every save any
/// instance acknowledged is there, the others keep serving, and a save in flight on the killed
/// one is a 502 from nginx (never acknowledged), not a lost edit.
#[actix_web::test]
async fn killing_an_app_instance_behind_nginx_loses_no_acknowledged_save() {
    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists());
    let Some(nginx) = nginx else {
        assert!(
            std::env::var_os("CI").is_none(),
            "nginx is needed in CI (Debian's nginx-light)"
        );
        eprintln!("SKIPPED: install Debian's nginx-light to run the load-balancer fault test");
        return;
    };
    let db = TestDb::new();
    let place = tempfile::tempdir().unwrap();
    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let mut processes = Processes(Vec::new());
    for (index, port) in ports.iter().enumerate() {
        processes.0.push(
            std::process::Command::new(env!("CARGO_BIN_EXE_coopwiki"))
                .env("DATABASE_URL", &db.url)
                .env("COOPWIKI_LISTEN", format!("127.0.0.1:{port}"))
                .env(
                    "COOPWIKI_DATA_DIR",
                    place.path().join(format!("instance{index}")),
                )
                .env("COOPWIKI_WORKERS", "1")
                .env("COOPWIKI_DB_POOL_SIZE", "4")
                .env("COOPWIKI_ANONYMOUS_EDITING", "true")
                .env("COOPWIKI_DEFAULT_WRITE_ACL", "*")
                .env("COOPWIKI_NO_STARTER_CATALOGUE", "true")
                .env("RUST_LOG", "warn")
                .spawn()
                .unwrap(),
        );
    }
    let balancer = free_port();
    let prefix = place.path().join("nginx");
    std::fs::create_dir_all(prefix.join("logs")).unwrap();
    let upstreams: String = ports
        .iter()
        .map(|port| format!("server 127.0.0.1:{port} max_fails=1 fail_timeout=30s;"))
        .collect();
    std::fs::write(
        prefix.join("nginx.conf"),
        format!(
            "daemon off; master_process off; user root; pid {p}/nginx.pid; error_log {p}/logs/error.log;
             events {{ worker_connections 256; }}
             http {{
               access_log off;
               client_body_temp_path {p}/body; proxy_temp_path {p}/proxy;
               fastcgi_temp_path {p}/fastcgi; uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;
               upstream wiki {{ {upstreams} }}
               server {{
                 listen 127.0.0.1:{balancer};
                 location / {{ proxy_pass http://wiki; proxy_set_header Host $http_host; }}
               }}
             }}",
            p = prefix.display()
        ),
    )
    .unwrap();
    processes.0.push(
        std::process::Command::new(nginx)
            .args(["-p", &prefix.display().to_string(), "-c"])
            .arg(prefix.join("nginx.conf"))
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    for port in ports.iter().chain([&balancer]) {
        while !matches!(
            exchange(
                *port,
                "GET /-/ready HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n"
            ),
            Ok((200, _, _))
        ) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{port} never ready"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    // An anonymous editor's token, from any instance: nothing about it lives in one.
    let (_, head, _) = exchange(
        balancer,
        "GET /-/login HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let token = head
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: csrf="))
        .and_then(|rest| rest.split(';').next())
        .expect("a CSRF cookie")
        .to_owned();

    const EDITORS: usize = 6;
    const KILL_AFTER: usize = 30;
    let acknowledged: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let statuses: Mutex<HashMap<u16, usize>> = Mutex::new(HashMap::new());
    let killed = AtomicBool::new(false);
    let after_kill = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for editor in 0..EDITORS {
            let (acknowledged, statuses, token) = (&acknowledged, &statuses, &token);
            let (killed, after_kill) = (&killed, &after_kill);
            scope.spawn(move || {
                for save in 0.. {
                    let body = format!("save {save} of editor {editor}");
                    let form = serde_urlencoded::to_string([
                        ("csrf", token.as_str()),
                        ("body", &body),
                        ("base", "0"),
                        ("summary", ""),
                    ])
                    .unwrap();
                    let request = format!(
                        "POST /Spread_{editor}_{save}/edit HTTP/1.1\r\nHost: w\r\n\
                         Cookie: csrf={token}\r\nConnection: close\r\n\
                         Content-Type: application/x-www-form-urlencoded\r\n\
                         Content-Length: {}\r\n\r\n{form}",
                        form.len()
                    );
                    let status = exchange(balancer, &request).map_or(0, |(status, _, _)| status);
                    *statuses.lock().unwrap().entry(status).or_default() += 1;
                    match status {
                        303 => {
                            acknowledged
                                .lock()
                                .unwrap()
                                .push((format!("Spread {editor} {save}"), body));
                            if killed.load(Ordering::SeqCst)
                                && after_kill.fetch_add(1, Ordering::SeqCst) >= 5 * EDITORS
                            {
                                return;
                            }
                        }
                        502 => {}
                        other => panic!("a save answered {other}"),
                    }
                }
            });
        }
        while acknowledged.lock().unwrap().len() < KILL_AFTER {
            std::thread::sleep(Duration::from_millis(5));
        }
        processes.0[0].kill().unwrap();
        killed.store(true, Ordering::SeqCst);
    });

    let acknowledged = acknowledged.into_inner().unwrap();
    let statuses = statuses.into_inner().unwrap();
    let app = TestApp::on_database(
        TestDb {
            name: String::new(),
            url: db.url.clone(),
        },
        |_| {},
    )
    .await;
    let stored = app.sql(
        "SELECT p.name || '|' || r.body FROM pages p JOIN revisions r ON r.page_id = p.id \
         WHERE p.name LIKE 'Spread %'",
    );
    for (name, body) in &acknowledged {
        assert!(
            stored.contains(&format!("{name}|{body}")),
            "acknowledged save of {name} lost ({statuses:?})"
        );
    }
    assert!(
        acknowledged.len() > KILL_AFTER + 5 * EDITORS,
        "the others kept serving: {statuses:?}"
    );
    eprintln!("saves by status through nginx: {statuses:?}");
}

/// A tmpfs of its own for a cluster whose disk the test fills; unmounted however the test ends.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    /// `None` where this process may not mount (not root): outside CI the test is skipped.
    fn mount(dir: &std::path::Path, megabytes: u32) -> Option<SmallDisk> {
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|status| status.success());
        mounted.then(|| SmallDisk(dir.to_owned()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// Fills the file system holding `dir` to its last byte: the file it wrote.
fn fill(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    while file.write_all(&chunk).is_ok() {}
    while file.write_all(&[0]).is_ok() {}
    path
}

/// Issue #27, "Faults": the disk of the private cluster fills up while people save. Each save
/// is acknowledged or refused with a 503 that says the disk is full (never a 500, in the
/// once room is made, the wiki saves again by itself, and every
/// acknowledged save is there, readable.
#[actix_web::test]
async fn a_full_disk_refuses_saves_clearly_and_loses_nothing_acknowledged() {
    let place = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(place.path(), 192) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "mounting a tmpfs needs root, as CI runs"
        );
        eprintln!("SKIPPED: run as root to give the cluster a disk of its own to fill");
        return;
    };
    let cluster_dir = disk.0.join("pg");
    let mut cluster = start_cluster(cluster_dir.clone()).await;
    let url = cluster.url("wiki");
    admin(cluster.url("postgres"), |conn| {
        diesel::sql_query("CREATE DATABASE wiki").execute(conn)
    })
    .expect("create the database");
    coopwiki::db::run_migrations(&url).expect("migrate");
    let app = TestApp::on_database(
        TestDb {
            name: String::new(),
            url: url.clone(),
        },
        |settings| {
            settings.anonymous_editing = true;
            settings.default_write_acl = vec!["*".into()];
        },
    )
    .await;
    let mut acknowledged: Vec<(String, String)> = Vec::new();
    let save = async |number: usize, acknowledged: &mut Vec<(String, String)>| {
        // Several kilobytes of text that compresses badly, so that pages fill up fast.
        let body: String = (0..1_500)
            .map(|i| {
                format!(
                    "{:x} ",
                    (i * 2_654_435_761_u64 + number as u64 * 97) % 65_521
                )
            })
            .collect();
        let name = format!("Harvest {number}");
        let reply = app
            .post(
                &format!("/Harvest_{number}/edit"),
                &[("body", &body), ("base", "0")],
            )
            .await;
        if reply.status.as_u16() == 303 {
            acknowledged.push((name, body));
        }
        reply
    };
    for number in 0..20 {
        save(number, &mut acknowledged).await.assert_status(303);
    }
    let filler = fill(&disk.0);
    let mut refused = None;
    for number in 20..400 {
        let reply = save(number, &mut acknowledged).await;
        match reply.status.as_u16() {
            303 => {}
            503 => {
                refused = Some(reply);
                break;
            }
            other => panic!("a save on a full disk answered {other}: {}", reply.body),
        }
    }
    let refused = refused.expect("a save was refused once the disk was full");
    assert!(
        refused.body.contains("run out of disk space"),
        "{}",
        refused.body
    );
    std::fs::remove_file(&filler).unwrap();
    // PostgreSQL may have stopped (a write it could not make to its log is fatal to it): then
    // it is started again, as an operator would once room is made.
    if cluster.pid().is_none() || app.get("/HomePage").await.status.as_u16() == 503 {
        cluster.stop();
        cluster = start_cluster(cluster_dir.clone()).await;
    }
    let started = Instant::now();
    loop {
        let reply = save(1_000, &mut acknowledged).await;
        if reply.status.as_u16() == 303 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the wiki did not save again: {}",
            reply.body
        );
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
    let stored: Vec<String> = app.sql(
        "SELECT p.name || '|' || r.body FROM pages p JOIN revisions r ON r.page_id = p.id \
         WHERE p.name LIKE 'Harvest %'",
    );
    for (name, body) in &acknowledged {
        assert!(
            stored.contains(&format!("{name}|{body}")),
            "acknowledged save of {name} lost"
        );
        let segment = name.replace(' ', "_");
        app.get(&format!("/{segment}")).await.assert_status(200);
    }
    eprintln!(
        "{} saves acknowledged, the first refused answered 503 with the disk-full message",
        acknowledged.len()
    );
    drop(app);
    cluster.stop();
}
