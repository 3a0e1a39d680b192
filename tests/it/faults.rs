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

use crate::harness::{TestApp, TestDb, admin};

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
