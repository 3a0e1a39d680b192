//! The test harness: a real PostgreSQL, a fresh database per test, and the real actix `App`.
//!
//! The server is `TEST_DATABASE_URL` or `DATABASE_URL` when set, otherwise a private cluster
//! started once per test process in `/dev/shm` (fsync off) and stopped when the process dies.
//! A template database is migrated once per process; each test clones it (`CREATE DATABASE …
//! TEMPLATE`), seeds the default pages like a first start, and drops it when the test ends.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use actix_web::http::{Method, StatusCode, header};
use actix_web::test::{self, TestRequest};
use actix_web::web;
use diesel::Connection;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;

use coopwiki::app::{self, build_app};
use coopwiki::config::Settings;
use coopwiki::db::embedded::{ClusterOptions, PrivateCluster, sweep_stale};
use coopwiki::db::{self, DbPool};
use coopwiki::names::url_segment;
use coopwiki::state::AppState;

struct Server {
    /// URL of the server with `{db}` where the database name goes.
    url_pattern: String,
    template: String,
    _cluster: Option<PrivateCluster>,
}

fn with_database(url: &str, database: &str) -> String {
    // Replace the path component of a postgres URL, keeping its query (socket host) intact.
    let (before_query, query) = url
        .split_once('?')
        .map_or((url, None), |(a, b)| (a, Some(b)));
    let scheme_end = before_query.find("://").map_or(0, |i| i + 3);
    let base = match before_query[scheme_end..].find('/') {
        Some(slash) => &before_query[..scheme_end + slash],
        None => before_query,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

/// Runs blocking database administration off the async test runtime.
pub fn admin<T: Send + 'static>(
    url: String,
    work: impl FnOnce(&mut AsyncConnectionWrapper<AsyncPgConnection>) -> T + Send + 'static,
) -> T {
    std::thread::spawn(move || {
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url)
            .expect("connect to the test server");
        work(&mut conn)
    })
    .join()
    .expect("database administration thread")
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let pid = std::process::id();
        let (url_pattern, cluster) =
            match std::env::var("TEST_DATABASE_URL").or_else(|_| std::env::var("DATABASE_URL")) {
                Ok(url) => (url, None),
                Err(_) => {
                    let shm = Path::new("/dev/shm");
                    let parent = if shm.is_dir() {
                        shm.to_path_buf()
                    } else {
                        std::env::temp_dir()
                    };
                    sweep_stale(&parent, "coopwiki-test-");
                    let cluster = PrivateCluster::start(
                        &parent.join(format!("coopwiki-test-{pid}")),
                        ClusterOptions {
                            durable: false,
                            die_with_parent: true,
                            shared_buffers_mb: None,
                        },
                    )
                    .expect("start a private PostgreSQL for the tests");
                    // Under load it can say "ready" a moment before it accepts connections. The
                    // check blocks, so it runs off the test's async runtime.
                    let url = cluster.url("postgres");
                    std::thread::spawn(move || coopwiki::server::wait_for_connections(&url))
                        .join()
                        .expect("the connection check thread")
                        .expect("the private PostgreSQL accepts connections");
                    (cluster.url("postgres"), Some(cluster))
                }
            };
        let template = format!("cw_template_{pid}");
        let admin_url = with_database(&url_pattern, "postgres");
        let template_sql = template.clone();
        admin(admin_url, move |conn| {
            diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {template_sql} WITH (FORCE)"
            ))
            .execute(conn)?;
            diesel::sql_query(format!("CREATE DATABASE {template_sql} ENCODING 'UTF8'"))
                .execute(conn)
        })
        .expect("create the template database");
        db::run_migrations(&with_database(&url_pattern, &template))
            .expect("migrate the template database");
        Server {
            url_pattern,
            template,
            _cluster: cluster,
        }
    })
}

/// A database of its own for one test, dropped when the test ends.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    /// Waits until the search indexer of the wiki on this database has emptied its queue: the
    /// documents of every page saved so far are built.
    pub fn search_settled(&self) {
        let queued = admin(self.url.clone(), |conn| {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            loop {
                use coopwiki::db::schema::search_queue;
                let queued: i64 = search_queue::table
                    .filter(search_queue::due_at.le(diesel::dsl::now))
                    .count()
                    .get_result(conn)
                    .expect("count the search queue");
                if queued == 0 || std::time::Instant::now() > deadline {
                    return queued;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        });
        assert_eq!(queued, 0, "pages still wait for the search indexer");
    }

    pub fn new() -> TestDb {
        Self::from_template(None)
    }

    /// A database with nothing in it, not even the schema (to restore a backup into).
    pub fn empty() -> TestDb {
        Self::from_template(Some("template0"))
    }

    fn from_template(template: Option<&str>) -> TestDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let server = server();
        let name = format!(
            "cw_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let sql_name = name.clone();
        let template = template.map_or_else(|| server.template.clone(), str::to_owned);
        admin(
            with_database(&server.url_pattern, "postgres"),
            move |conn| {
                diesel::sql_query(format!(
                    "CREATE DATABASE {sql_name} TEMPLATE {template} STRATEGY = FILE_COPY"
                ))
                .execute(conn)
            },
        )
        .expect("clone the template database");
        TestDb {
            url: with_database(&server.url_pattern, &name),
            name,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.name.is_empty() {
            return;
        }
        let name = self.name.clone();
        let _ = admin(
            with_database(&server().url_pattern, "postgres"),
            move |conn| {
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(conn)
            },
        );
    }
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| {
                panic!(
                    "no Location header on a {} response:\n{}",
                    self.status, self.body
                )
            })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body:\n{}",
            self.body
        );
        self
    }
}

/// The password every test account gets from [`TestApp::sign_up`].
pub const PASSWORD: &str = "correct horse battery staple";

/// One visitor of a wiki with its own database: the real `App`, and a cookie jar.
pub struct TestApp {
    pub state: web::Data<AppState>,
    cookies: Mutex<HashMap<String, String>>,
    /// The network address requests come from (none, like actix's test requests, by default).
    peer: Option<std::net::SocketAddr>,
    /// The wiki's data directory (mail is written there); kept by the first visitor only.
    pub data_dir: Option<tempfile::TempDir>,
    /// Last field: the database goes after the pool that uses it.
    pub db: TestDb,
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_settings(|_| {}).await
    }

    /// A wiki with a signed-in member, `tester`, as the visitor (the shipped defaults let only
    /// signed-in users edit).
    pub async fn signed_in() -> TestApp {
        let app = Self::new().await;
        app.sign_up("tester").await;
        app
    }

    pub async fn with_settings(change: impl FnOnce(&mut Settings)) -> TestApp {
        Self::on_database(TestDb::new(), change).await
    }

    /// A wiki on a database the test manages itself (e.g. on a cluster it crashes): `db` with an
    /// empty name is not dropped at the end.
    pub async fn on_database(db: TestDb, change: impl FnOnce(&mut Settings)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("a data directory");
        let mut settings = Settings::for_local("http://localhost", data_dir.path().to_owned());
        change(&mut settings);
        let pool: DbPool = db::pool(&db.url, 4).expect("pool");
        let state = web::Data::new(app::state(pool, settings, &db.url));
        coopwiki::server::seed(&state)
            .await
            .expect("seed the default pages");
        TestApp {
            state,
            cookies: Mutex::new(HashMap::new()),
            peer: None,
            data_dir: Some(data_dir),
            db,
        }
    }

    /// Another visitor of the same wiki (own cookies).
    pub fn visitor(&self) -> TestApp {
        TestApp {
            state: self.state.clone(),
            cookies: Mutex::new(HashMap::new()),
            peer: None,
            data_dir: None,
            db: TestDb {
                name: String::new(),
                url: self.db.url.clone(),
            },
        }
    }

    /// Another visitor of the same wiki, connecting from `address` (e.g. `"192.0.2.1:4000"`).
    pub fn visitor_from(&self, address: &str) -> TestApp {
        TestApp {
            peer: Some(address.parse().expect("a socket address")),
            ..self.visitor()
        }
    }

    /// Creates an account through the sign-up form and stays signed in as it.
    pub async fn sign_up(&self, name: &str) -> Reply {
        let reply = self
            .post(
                "/-/signup",
                &[
                    ("name", name),
                    ("email", &format!("{name}@example.org")),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "sign-up of {name} refused:\n{}",
            reply.body
        );
        reply
    }

    /// Logs in (by name or e-mail) and checks it worked.
    pub async fn login_as(&self, login: &str, password: &str) -> Reply {
        let reply = self
            .post("/-/login", &[("login", login), ("password", password)])
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "login of {login} refused:\n{}",
            reply.body
        );
        reply
    }

    /// Creates an account with a role, as `coopwiki user add` does, without signing in.
    pub async fn add_user(&self, name: &str, role: coopwiki::identity::Role) {
        coopwiki::accounts::cli::add_user(
            &self.state.pool,
            name,
            &format!("{name}@example.org"),
            role,
            Some(PASSWORD.to_owned()),
        )
        .await
        .unwrap_or_else(|e| panic!("add {name}: {e}"));
    }

    /// Puts a cookie in this visitor's jar, as a browser (or an attacker) could.
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .lock()
            .unwrap()
            .insert(name.to_owned(), value.to_owned());
    }

    /// The value of one of this visitor's cookies.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    /// A visitor of another app instance on the same database (its own pool, its own cookies),
    /// as a second server behind a load balancer would be. Build it on the runtime that uses it:
    /// a pooled connection belongs to the runtime that opened it.
    pub fn instance(&self) -> TestApp {
        self.instance_with(|_| {})
    }

    /// Another instance on the same database whose caches listen to the database `elsewhere`:
    /// no notification of this wiki's changes ever reaches them, as if each came late. What it
    /// serves fresh after a change, it knows from its own requests alone.
    pub fn instance_deaf_to_notifications(&self, elsewhere: &TestDb) -> TestApp {
        self.instance_with(|state| {
            state.caches = coopwiki::cache::Caches::start(&elsewhere.url);
        })
    }

    fn instance_with(&self, change: impl FnOnce(&mut coopwiki::state::AppState)) -> TestApp {
        let pool: DbPool = db::pool(&self.db.url, 4).expect("pool");
        let mut state = app::state(pool, self.state.settings.clone(), &self.db.url);
        change(&mut state);
        TestApp {
            state: web::Data::new(state),
            cookies: Mutex::new(HashMap::new()),
            peer: None,
            data_dir: None,
            db: TestDb {
                name: String::new(),
                url: self.db.url.clone(),
            },
        }
    }

    pub async fn request(&self, req: TestRequest) -> Reply {
        let app = test::init_service(build_app(self.state.clone())).await;
        let cookie_header = {
            let jar = self.cookies.lock().unwrap();
            jar.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let req = if cookie_header.is_empty() {
            req
        } else {
            req.insert_header((header::COOKIE, cookie_header))
        };
        let req = match self.peer {
            Some(peer) => req.peer_addr(peer),
            None => req,
        };
        let res = test::call_service(&app, req.to_request()).await;
        let status = res.status();
        let headers = res.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            if let Ok(cookie) =
                actix_web::cookie::Cookie::parse(value.to_str().unwrap_or("").to_owned())
            {
                let mut jar = self.cookies.lock().unwrap();
                if cookie.value().is_empty() {
                    jar.remove(cookie.name());
                } else {
                    jar.insert(cookie.name().to_owned(), cookie.value().to_owned());
                }
            }
        }
        let bytes = test::read_body(res).await;
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.request(TestRequest::get().uri(path)).await
    }

    /// The CSRF token this visitor's forms carry: derived from their session when they have
    /// one, else the one in their cookie (fetching a page with a form first if they have none:
    /// only HTML answers set it). Computed rather than read from a page, so that a test can post
    /// while the database is down.
    pub async fn csrf(&self) -> String {
        let session = self
            .cookie("session")
            .or_else(|| self.cookie("__Host-session"))
            .filter(|session| coopwiki::tokens::is_well_formed(session));
        if let Some(session) = session {
            return coopwiki::tokens::session_csrf_token(&session);
        }
        if let Some(token) = self.cookies.lock().unwrap().get("csrf") {
            return token.clone();
        }
        self.get("/-/login").await;
        self.cookies
            .lock()
            .unwrap()
            .get("csrf")
            .cloned()
            .expect("a CSRF cookie after the first request")
    }

    /// Posts a form with this visitor's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", &token)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(fields).expect("encode form");
        self.request(
            TestRequest::default()
                .method(Method::POST)
                .uri(path)
                .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await
    }

    /// Saves a new revision from the page's latest (`name` as typed; it is encoded for the URL), as the editor form would, and checks it was
    /// accepted.
    pub async fn edit(&self, name: &str, body: &str) -> Reply {
        let base = self.latest_rev(name).await;
        let reply = self
            .post(
                &format!("/{}/edit", url_segment(name)),
                &[
                    ("body", body),
                    ("base", &base.to_string()),
                    ("summary", "test edit"),
                ],
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "save of {name} refused:\n{}",
            reply.body
        );
        assert!(
            !reply.location().starts_with("/-/login"),
            "save of {name} needs a signed-in visitor: sent to {}",
            reply.location()
        );
        reply
    }

    /// The latest revision number shown in the page's editor form (0 for a new page).
    pub async fn latest_rev(&self, name: &str) -> i32 {
        let editor = self.get(&format!("/{}/edit", url_segment(name))).await;
        let marker = "name=\"base\" value=\"";
        let start = editor.body.find(marker).map(|i| i + marker.len());
        start
            .and_then(|s| editor.body[s..].split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// Waits until the search indexer has built the documents of every page saved so far
    /// (search shows a save a moment after it, see `search::indexer`).
    pub fn search_settled(&self) {
        self.db.search_settled();
    }

    /// Runs a statement on this test's database (to set up what no form can, like time passing).
    pub fn execute(&self, statement: &str) {
        let statement = statement.to_owned();
        admin(self.db.url.clone(), move |conn| {
            diesel::sql_query(statement).execute(conn)
        })
        .expect("test SQL statement");
    }

    /// Runs a query selecting one column on this test's database; returns each row as text.
    pub fn sql(&self, query: &str) -> Vec<String> {
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            value: String,
        }
        let query = format!("SELECT q.v::text AS value FROM ({query}) AS q(v)");
        admin(self.db.url.clone(), move |conn| {
            diesel::sql_query(query).load::<Row>(conn)
        })
        .expect("test SQL")
        .into_iter()
        .map(|row| row.value)
        .collect()
    }
}

/// A port free on loopback now, for a server a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

/// One HTTP/1.1 exchange on a fresh connection: the status, the answer's head and its body.
pub fn exchange(port: u16, request: &str) -> std::io::Result<(u16, String, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    stream.write_all(request.as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    Ok((status, head.to_owned(), body.to_owned()))
}
