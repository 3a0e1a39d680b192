//! What an operator relies on: liveness and readiness probes that mean different things, the
//! Prometheus metrics, and an instance that stops without dropping the requests it has.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use actix_web::test::{self, TestRequest};
use actix_web::web;
use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};

use crate::harness::{TestApp, TestDb, exchange, free_port};

/// Liveness asks nothing of the database (an outage must not get every instance restarted);
/// readiness says whether to send requests here: not while stopping, not without a database,
/// not on a schema older than the binary.
#[actix_web::test]
async fn readiness_depends_on_the_database_and_the_schema_and_liveness_does_not() {
    let app = TestApp::new().await;
    app.get("/-/live").await.assert_status(200);
    app.get("/-/ready").await.assert_status(200);
    app.get("/-/health").await.assert_status(200);

    let latest = app.sql("SELECT max(version) FROM __diesel_schema_migrations");
    app.execute(&format!(
        "DELETE FROM __diesel_schema_migrations WHERE version = '{}'",
        latest[0]
    ));
    let behind = app.get("/-/ready").await;
    behind.assert_status(503);
    assert!(behind.body.contains("not up to date"), "{}", behind.body);
    assert!(behind.header("retry-after").is_some());
    app.get("/-/live").await.assert_status(200);
    app.execute(&format!(
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('{}')",
        latest[0]
    ));
    app.get("/-/ready").await.assert_status(200);

    app.state
        .stopping
        .store(true, std::sync::atomic::Ordering::Release);
    let stopping = app.get("/-/ready").await;
    stopping.assert_status(503);
    assert!(stopping.body.contains("stopping"), "{}", stopping.body);
    app.get("/-/live").await.assert_status(200);

    // An instance whose database does not answer (nothing listens on port 1).
    let unreachable = "postgres://postgres@127.0.0.1:1/nothing";
    let data_dir = tempfile::tempdir().unwrap();
    let settings =
        coopwiki::config::Settings::for_local("http://localhost", data_dir.path().to_owned());
    let state = web::Data::new(coopwiki::app::state(
        coopwiki::db::pool(unreachable, 1).unwrap(),
        settings,
        unreachable,
    ));
    let service = test::init_service(coopwiki::app::build_app(state)).await;
    let ready = test::call_service(&service, TestRequest::get().uri("/-/ready").to_request()).await;
    assert_eq!(ready.status(), 503);
    let live = test::call_service(&service, TestRequest::get().uri("/-/live").to_request()).await;
    assert_eq!(live.status(), 200);
}

/// The value of one series in a scrape, if it is there.
fn series(scrape: &str, name_and_labels: &str) -> Option<f64> {
    scrape.lines().find_map(|line| {
        line.strip_prefix(name_and_labels)
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|value| value.trim().parse().ok())
    })
}

/// Requests by route and status with their latencies, saves by outcome, cache lookups, the
/// search queue and the pool, in Prometheus' text format; routes are patterns, never the
/// addresses visitors make up.
#[actix_web::test]
async fn metrics_count_requests_saves_and_cache_lookups_by_route_never_by_address() {
    coopwiki::operations::metrics::recorder().expect("the recorder is installed");
    let app = TestApp::signed_in().await;
    let metrics = test::init_service(
        actix_web::App::new()
            .app_data(app.state.clone())
            .configure(coopwiki::operations::metrics::configure),
    )
    .await;
    let scrape = async || {
        let res =
            test::call_service(&metrics, TestRequest::get().uri("/metrics").to_request()).await;
        assert_eq!(res.status(), 200);
        let content_type = res
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with("text/plain; version=0.0.4"));
        String::from_utf8(test::read_body(res).await.to_vec()).unwrap()
    };
    let saved = r#"coopwiki_saves_total{outcome="saved"}"#;
    let posted = r#"coopwiki_http_requests_total{method="POST",route="/{name}/edit",status="303"}"#;
    let hits = r#"coopwiki_cache_lookups_total{cache="views",result="hit"}"#;
    let before = scrape().await;
    let count = |scrape: &str, series_name: &str| series(scrape, series_name).unwrap_or(0.0);

    app.edit("Metered", "Counted.").await;
    let reader = app.visitor();
    for _ in 0..3 {
        reader.get("/Metered").await.assert_status(200);
    }
    reader
        .get("/a-made-up-address-4711/with/parts")
        .await
        .assert_status(404);
    let after = scrape().await;

    assert!(
        count(&after, saved) >= count(&before, saved) + 1.0,
        "{after}"
    );
    assert!(
        count(&after, posted) >= count(&before, posted) + 1.0,
        "{after}"
    );
    assert!(count(&after, hits) >= count(&before, hits) + 1.0, "{after}");
    assert!(
        after.contains(r#"coopwiki_http_request_duration_seconds_bucket{method="GET",route="/{name}",le="0.001"}"#),
        "{after}"
    );
    assert!(!after.contains("a-made-up-address-4711"), "{after}");
    for gauge in [
        "coopwiki_search_queue_length",
        "coopwiki_search_queue_oldest_seconds",
        "coopwiki_db_pool_max_connections",
        r#"coopwiki_db_pool_connections{state="in_use"}"#,
        "coopwiki_db_pool_waiting_requests",
        "coopwiki_database_up",
    ] {
        assert!(series(&after, gauge).is_some(), "{gauge} missing:\n{after}");
    }
}

/// `GET path` on a fresh connection: the status and the whole answer.
fn http_get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    exchange(port, &request).map(|(status, head, body)| (status, head + "\r\n\r\n" + &body))
}

/// Kills the wiki should the test fail half-way.
pub(crate) struct Running(pub(crate) Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// SIGTERM, as an orchestrator stops an instance: readiness turns 503 at once and stays so for
/// the drain, the request in flight (here waiting on a lock) is answered in full, then the
/// process exits cleanly. The metrics are served on their own address meanwhile.
#[actix_web::test]
async fn on_sigterm_an_instance_drains_then_finishes_its_requests_and_exits() {
    use diesel_async::RunQueryDsl;
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let (port, metrics_port) = (free_port(), free_port());
    let wiki = Running(
        Command::new(env!("CARGO_BIN_EXE_coopwiki"))
            .env("DATABASE_URL", &db.url)
            .env("COOPWIKI_LISTEN", format!("127.0.0.1:{port}"))
            .env(
                "COOPWIKI_METRICS_LISTEN",
                format!("127.0.0.1:{metrics_port}"),
            )
            .env("COOPWIKI_DRAIN_SECONDS", "2")
            .env("COOPWIKI_DATA_DIR", data_dir.path())
            .env("COOPWIKI_WORKERS", "2")
            .env("COOPWIKI_NO_STARTER_CATALOGUE", "true")
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while !matches!(http_get(port, "/-/ready"), Ok((200, _))) {
        assert!(started.elapsed() < Duration::from_secs(60), "never ready");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (status, scrape) = http_get(metrics_port, "/metrics").unwrap();
    assert_eq!(status, 200, "{scrape}");
    assert!(scrape.contains("coopwiki_http_requests_total"), "{scrape}");
    assert!(scrape.contains(r#"route="/-/ready""#), "{scrape}");
    assert_eq!(
        http_get(port, "/metrics").unwrap().0,
        404,
        "not on the public address"
    );

    // A view that waits for the database, in flight when the signal comes (the search
    // indexer, which waits too, is not it).
    let mut blocker = <AsyncPgConnection as diesel_async::AsyncConnection>::establish(&db.url)
        .await
        .unwrap();
    blocker
        .batch_execute("BEGIN; LOCK TABLE page_names IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let in_flight = std::thread::spawn(move || http_get(port, "/HomePage"));
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    loop {
        let waiting = diesel::sql_query(
            "SELECT count(*) AS count FROM pg_stat_activity \
             WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid)) AND query NOT ILIKE '%search%'",
        )
        .get_result::<Count>(&mut blocker)
        .await
        .unwrap();
        if waiting.count > 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the view never waited"
        );
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    let signalled = Command::new("kill")
        .args(["-TERM", &wiki.0.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    let signalled_at = Instant::now();
    loop {
        match http_get(port, "/-/ready") {
            Ok((503, answer)) => {
                assert!(answer.contains("stopping"), "{answer}");
                break;
            }
            Ok(_) => {}
            Err(err) => panic!("the listener closed before the drain was over: {err}"),
        }
        assert!(
            signalled_at.elapsed() < Duration::from_secs(2),
            "readiness did not turn 503 during the drain"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    blocker.batch_execute("ROLLBACK").await.unwrap();

    let (status, page) = in_flight.join().unwrap().unwrap();
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("</html>"), "answered whole:\n{page}");
    let mut wiki = wiki;
    let deadline = Instant::now() + Duration::from_secs(40);
    let exit = loop {
        if let Some(exit) = wiki.0.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "the wiki did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    assert!(
        http_get(port, "/-/live").is_err(),
        "nothing listens any more"
    );
}

/// `coopwiki backup` while the wiki serves, then `coopwiki restore` into an empty database and
/// a new data directory: every page with its history, every account (who can still log in),
/// every file, byte for byte. A backup never overwrites another, a restore never mixes two
/// wikis, and a damaged backup is refused before anything is written.
#[actix_web::test]
async fn a_backup_taken_while_serving_restores_every_page_revision_account_and_file() {
    let app = TestApp::signed_in().await;
    for text in ["First.", "Second.", "Third, see [[Elsewhere]]."] {
        app.edit("Archive", text).await;
    }
    crate::attachments::upload(&app, "Archive", "plan.txt", b"the plan, in full")
        .await
        .assert_status(303);
    let data_dir = app.data_dir.as_ref().unwrap().path();
    let place = tempfile::tempdir().unwrap();
    let backup = place.path().join("backup");
    let coopwiki = |args: &[&std::ffi::OsStr], url: &str, data: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_coopwiki"))
            .args(args)
            .env("DATABASE_URL", url)
            .env("COOPWIKI_DATA_DIR", data)
            .output()
            .unwrap()
    };
    let made = coopwiki(
        &["backup".as_ref(), backup.as_os_str()],
        &app.db.url,
        data_dir,
    );
    let said = String::from_utf8_lossy(&made.stdout);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(said.contains("1 file(s)"), "{said}");
    let again = coopwiki(
        &["backup".as_ref(), backup.as_os_str()],
        &app.db.url,
        data_dir,
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));

    let restored_db = TestDb::empty();
    let restored_data = tempfile::tempdir().unwrap();
    let into_used = coopwiki(
        &["restore".as_ref(), backup.as_os_str()],
        &app.db.url,
        data_dir,
    );
    assert!(!into_used.status.success(), "restored over a wiki");
    assert!(String::from_utf8_lossy(&into_used.stderr).contains("not empty"));
    let restored = coopwiki(
        &["restore".as_ref(), backup.as_os_str()],
        &restored_db.url,
        restored_data.path(),
    );
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(String::from_utf8_lossy(&restored.stdout).contains("Restored"));

    let restored_path = restored_data.path().to_owned();
    let copy = TestApp::on_database(restored_db, move |settings| {
        *settings = coopwiki::config::Settings::for_local("http://localhost", restored_path);
    })
    .await;
    let history = "SELECT p.name || ':' || r.number || ':' || r.body || ':' || r.author_name \
                   FROM revisions r JOIN pages p ON p.id = r.page_id ORDER BY 1";
    assert_eq!(copy.sql(history), app.sql(history));
    let accounts = "SELECT name || ':' || email || ':' || password_hash FROM users ORDER BY 1";
    assert_eq!(copy.sql(accounts), app.sql(accounts));
    copy.visitor()
        .login_as("tester", crate::harness::PASSWORD)
        .await;
    assert!(copy.get("/Archive").await.body.contains("Third, see"));
    let file = copy.get("/Archive/attachments/plan.txt").await;
    file.assert_status(200);
    assert_eq!(file.body, "the plan, in full");

    // One byte changed in a file: refused before the database is touched.
    let blob = std::fs::read_dir(backup.join("blobs"))
        .unwrap()
        .flat_map(|shard| std::fs::read_dir(shard.unwrap().path()).unwrap())
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&blob, b"the plan, in fulL").unwrap();
    let damaged_db = TestDb::empty();
    let damaged = coopwiki(
        &["restore".as_ref(), backup.as_os_str()],
        &damaged_db.url,
        tempfile::tempdir().unwrap().path(),
    );
    assert!(!damaged.status.success());
    assert!(String::from_utf8_lossy(&damaged.stderr).contains("damaged"));
    // Nothing was written: once the file is mended, the same database takes the backup.
    std::fs::write(&blob, b"the plan, in full").unwrap();
    let mended = coopwiki(
        &["restore".as_ref(), backup.as_os_str()],
        &damaged_db.url,
        tempfile::tempdir().unwrap().path(),
    );
    assert!(
        mended.status.success(),
        "{}",
        String::from_utf8_lossy(&mended.stderr)
    );
}
