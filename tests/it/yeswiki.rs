//! Importing a real YesWiki site (`tests/data/yeswiki`, made by running YesWiki 4.4.4 itself;
//! its MANIFEST.md lists what it holds): everything the MANIFEST lists arrives, a second run
//! changes nothing, a dry run writes nothing, names already taken are left alone, and a
//! hostile dump imports what is sound.

use std::path::{Path, PathBuf};

use actix_web::http::StatusCode;
use coopwiki::i18n::Lang;
use coopwiki::yeswiki::import::{self, OnConflict, Options};
use coopwiki::yeswiki::report::Report;

use crate::harness::TestApp;

fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/yeswiki")
        .join(file)
}

fn options(dump: PathBuf) -> Options {
    Options {
        dump,
        files: Some(data("files.tar.gz")),
        prefix: None,
        dry_run: false,
        map_forms: Vec::new(),
        fields: None,
        on_conflict: OnConflict::Skip,
        time_zone: jiff::tz::TimeZone::get("Europe/Paris").unwrap(),
        lang: Lang::FR,
        max_file_bytes: 10 << 20,
        progress: false,
    }
}

async fn run(app: &TestApp, options: &Options) -> Report {
    import::run(
        &app.state.pool,
        &app.state.kinds,
        &app.state.settings.storage,
        options,
    )
    .await
    .unwrap_or_else(|err| panic!("import failed: {err}"))
}

/// Page name → its revisions' authors and sizes, and whether it is deleted: what two imports of
/// one site must agree on.
fn digest(app: &TestApp) -> Vec<String> {
    app.sql(
        "SELECT p.name || ' ' || (p.deleted_at IS NOT NULL)::text || ' ' || \
         string_agg(r.author_name || ':' || md5(r.body) || '@' || \
                    CASE WHEN r.created_at > now() - interval '1 day' THEN 'now' \
                    ELSE to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') END, \
                    ' ' ORDER BY r.number) \
         FROM pages p JOIN revisions r ON r.page_id = p.id \
         WHERE p.name <> 'YesWiki import' \
         GROUP BY p.id ORDER BY p.name",
    )
    .into_iter()
    .chain(app.sql(
        "SELECT p.name || ' ' || c.author_name || ':' || md5(c.body) || '@' || \
         to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' ' || \
         coalesce((SELECT r.source FROM comments r WHERE r.id = c.reply_to), '-') \
         FROM comments c JOIN pages p ON p.id = c.page_id ORDER BY c.source",
    ))
    .collect()
}

#[actix_web::test]
async fn a_real_site_arrives_whole() {
    let app = TestApp::new().await;
    let report = run(&app, &options(data("dump-extended.sql"))).await;
    let counts = &report.counts;
    // MANIFEST §3: 89 page tags = 59 pages, 4 Bazar lists, 22 entries and 4 comments.
    assert_eq!(counts.pages, 59, "{}", report.to_text());
    assert_eq!(counts.lists, 4, "{}", report.to_text());
    assert_eq!(counts.entries, 22, "{}", report.to_text());
    assert_eq!(counts.comments, 4, "{}", report.to_text());
    assert_eq!(counts.accounts, 5, "{}", report.to_text());
    assert_eq!(counts.groups, 2, "{}", report.to_text());
    assert_eq!(counts.forms, 6, "{}", report.to_text());
    // 124 rows, 4 of them comments, which go to their pages' discussions.
    assert_eq!(
        counts.revisions + counts.unchanged_revisions,
        120,
        "{}",
        report.to_text()
    );

    // BocalAPoissons: 5 revisions by 4 people, at YesWiki's times (Europe/Paris).
    let history = app.sql(
        "SELECT r.author_name || ' ' || to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') \
         FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'BocalAPoissons' ORDER BY r.number",
    );
    assert_eq!(
        &history[..5],
        [
            "YannickLeGall 2024-05-09 09:45:01",
            "SophieNguyen 2024-05-11 08:48:01",
            "YannickLeGall 2024-05-16 11:40:02",
            "CamilleMartin 2024-05-16 12:25:01",
            "ThomasBernard 2024-05-21 05:50:01",
        ]
    );
    assert_eq!(history.len(), 5, "{history:?}");
    // Its discussion: MANIFEST §6, a question and its answer, by their accounts, at their
    // times; the festival's two comments are two threads.
    assert_eq!(
        app.sql(
            "SELECT c.author_name || ' ' || (c.author_id = u.id)::text || ' ' \
             || to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' ' \
             || (c.reply_to IS NOT NULL)::text \
             FROM comments c JOIN pages p ON p.id = c.page_id JOIN users u ON u.name = c.author_name \
             WHERE p.name = 'BocalAPoissons' ORDER BY c.created_at"
        ),
        [
            "ThomasBernard true 2024-06-11 18:30:01 false",
            "YannickLeGall true 2024-06-12 06:05:02 true",
        ]
    );
    assert_eq!(
        app.sql(
            "SELECT count(*) FROM comments c JOIN pages p ON p.id = c.page_id \
             WHERE p.name = 'LeFestivalCoConstruire' AND c.reply_to IS NULL"
        ),
        ["2"]
    );
    // Revisions by an account are linked to it, every one of them.
    assert_eq!(
        app.sql(
            "SELECT count(*) FROM revisions r JOIN users u ON u.id = r.author_id \
             WHERE u.name = 'CamilleMartin'"
        ),
        app.sql("SELECT count(*) FROM revisions WHERE author_name = 'CamilleMartin'")
    );
    assert_eq!(
        app.sql(
            "SELECT count(*) FROM revisions \
             WHERE author_name IN ('WikiAdmin', 'CamilleMartin', 'YannickLeGall', 'SophieNguyen', 'ThomasBernard') \
             AND author_id IS NULL"
        ),
        ["0"]
    );

    // The converted page reads as the site did: its title, its image, its links.
    let page = app.visitor().get("/BocalAPoissons").await;
    page.assert_status(200);
    assert!(page.body.contains("<h2"), "{}", page.body);
    assert!(
        page.body
            .contains("/BocalAPoissons/attachments/bocalapoissons.jpg"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("href=\"/BoiteAOutils\""),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Est-ce qu&#39;on peut faire un bocal à poissons en visio")
            || page
                .body
                .contains("Est-ce qu'on peut faire un bocal à poissons en visio"),
        "the discussion shows under the page: {}",
        page.body
    );
    let image = app
        .visitor()
        .get("/BocalAPoissons/attachments/bocalapoissons.jpg")
        .await;
    image.assert_status(200);
    assert_eq!(image.header("content-type"), Some("image/jpeg"));

    // Private in YesWiki, private here: `%` (the owner) and `@animateurs`.
    let anonymous = app.visitor();
    anonymous
        .get("/NotesPersonnellesCamille")
        .await
        .assert_status(404);
    anonymous.get("/EspaceAnimateurs").await.assert_status(404);
    anonymous.get("/CompteRenduAG2024").await.assert_status(404);
    anonymous.get("/YesWiki_import").await.assert_status(404);

    // An account logs in with its YesWiki password, which is then replaced by argon2id.
    let camille = app.visitor();
    camille.login_as("CamilleMartin", "Camille!Facil2024").await;
    assert!(
        app.sql("SELECT password_hash FROM users WHERE name = 'CamilleMartin'")[0]
            .starts_with("$argon2id$")
    );
    camille
        .get("/NotesPersonnellesCamille")
        .await
        .assert_status(200);
    camille.get("/EspaceAnimateurs").await.assert_status(200);
    // Someone who has not logged in still holds the old hash, and the admins' page says so.
    assert!(
        app.sql("SELECT password_hash FROM users WHERE name = 'ThomasBernard'")[0]
            .starts_with("$2y$")
    );
    let admin = app.visitor();
    admin.login_as("WikiAdmin", "AdminCoco2024!").await;
    let users = admin.get("/-/admin/").await;
    users.assert_status(200);
    assert!(
        users.body.contains("pas connecté depuis") || users.body.contains("not logged in since"),
        "{}",
        users.body
    );
    // The report is the administrators'.
    let kept = admin.get("/YesWiki_import").await;
    kept.assert_status(200);
    assert!(kept.body.contains("59"), "{}", kept.body);

    // A Bazar entry is a sheet of its form, with its fields and its files.
    let sheet = app.sql(
        "SELECT r.body FROM revisions r JOIN pages p ON p.id = r.page_id \
         WHERE p.name = 'LeBocalAPoissons' AND r.number = p.latest_rev",
    );
    assert!(sheet[0].starts_with("---\nform: "), "{}", sheet[0]);
    assert!(sheet[0].contains("75"), "{}", sheet[0]);
    assert_eq!(
        app.sql(
            "SELECT count(*) FROM attachments a JOIN pages p ON p.id = a.page_id \
             WHERE p.name = 'LeBocalAPoissons'"
        ),
        ["2"]
    );

    // The same dump again changes nothing.
    let before = digest(&app);
    let again = run(&app, &options(data("dump-extended.sql"))).await;
    assert!(!again.changed_anything(), "{}", again.to_text());
    assert_eq!(again.counts.unchanged_comments, 4);
    assert_eq!(digest(&app), before);
}

#[actix_web::test]
async fn both_dumps_of_one_site_import_the_same() {
    let extended = TestApp::new().await;
    run(&extended, &options(data("dump-extended.sql"))).await;
    let one_row = TestApp::new().await;
    run(&one_row, &options(data("dump-skip-extended.sql"))).await;
    assert_eq!(digest(&extended), digest(&one_row));
}

#[actix_web::test]
async fn a_dry_run_reports_everything_and_writes_nothing() {
    let app = TestApp::new().await;
    let before = digest(&app);
    let users = app.sql("SELECT count(*) FROM users");
    let mut dry = options(data("dump-extended.sql"));
    dry.dry_run = true;
    let report = run(&app, &dry).await;
    assert!(report.dry_run);
    assert_eq!(report.counts.pages, 59, "{}", report.to_text());
    assert_eq!(digest(&app), before);
    assert_eq!(app.sql("SELECT count(*) FROM users"), users);
    assert!(
        report
            .to_text()
            .starts_with("Dry run: nothing was written.")
    );
}

#[actix_web::test]
async fn a_name_already_taken_is_left_alone_or_renamed() {
    let app = TestApp::signed_in().await;
    app.edit("BocalAPoissons", "Our own page.").await;
    let report = run(&app, &options(data("dump-extended.sql"))).await;
    assert_eq!(report.counts.skipped_pages, 1, "{}", report.to_text());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.page.as_deref() == Some("BocalAPoissons")),
        "{}",
        report.to_text()
    );
    assert_eq!(app.latest_rev("BocalAPoissons").await, 1);

    let mut renaming = options(data("dump-extended.sql"));
    renaming.on_conflict = OnConflict::Rename;
    run(&app, &renaming).await;
    assert_eq!(app.latest_rev("BocalAPoissons").await, 1);
    let renamed = app.get("/BocalAPoissons_(YesWiki)").await;
    renamed.assert_status(200);
}

#[actix_web::test]
async fn a_hostile_dump_imports_what_is_sound() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("hostile.sql");
    std::fs::write(
        &dump,
        "CREATE TABLE `w_pages` (`id` int, `tag` varchar(191), `time` datetime, `body` longtext, \
         `body_r` text, `owner` varchar(191), `user` varchar(191), `latest` enum('Y','N'), \
         `handler` varchar(30), `comment_on` varchar(191));\n\
         CREATE TABLE `w_users` (`name` varchar(80), `password` varchar(255), `email` varchar(50), \
         `motto` text, `revisioncount` int, `changescount` int, `doubleclickedit` enum('Y','N'), \
         `signuptime` datetime, `show_comments` enum('Y','N'));\n\
         CREATE TABLE `w_other` (`x` int);\n\
         INSERT INTO `w_other` VALUES (1);\n\
         INSERT INTO `w_pages` VALUES (1,'Hostile','2024-01-01 10:00:00',\
         '<script>alert(1)</script> nul\\0here\\n[[javascript:alert(1) click]] \"\"<img src=x onerror=alert(1)>\"\"',\
         '','','someone','Y','page',''),\
         (2,'Short','2024-01-01 10:00:00','too few values');\n\
         INSERT INTO `w_pages` VALUES (3,'Cut','2024-01-01 10:00:00','this statement never en",
    )
    .unwrap();
    let mut hostile = options(dump);
    hostile.files = None;
    let report = run(&app, &hostile).await;
    assert_eq!(report.counts.pages, 1, "{}", report.to_text());
    assert!(report.warnings.len() >= 2, "{}", report.to_text());
    let page = app.get("/Hostile").await;
    page.assert_status(200);
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    // PostgreSQL cannot keep U+0000: it is dropped, the rest of the text kept.
    assert!(page.body.contains("nulhere"), "{}", page.body);
    let document = scraper::Html::parse_document(&page.body);
    for hostile in ["[onerror]", "a[href^='javascript']", "script"] {
        let selector = scraper::Selector::parse(&format!("article.page {hostile}")).unwrap();
        assert_eq!(
            document.select(&selector).count(),
            0,
            "{hostile} in {}",
            page.body
        );
    }
    app.get("/Cut").await.assert_status(404);
}

#[actix_web::test]
async fn a_file_that_is_not_a_dump_is_a_clear_error() {
    let app = TestApp::new().await;
    let mut not_a_dump = options(data("MANIFEST.md"));
    not_a_dump.files = None;
    let err = import::run(
        &app.state.pool,
        &app.state.kinds,
        &app.state.settings.storage,
        &not_a_dump,
    )
    .await
    .expect_err("a refusal");
    assert!(err.to_string().contains("no YesWiki tables"), "{err}");
    assert_eq!(app.visitor().get("/-/recent").await.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_community_form_lands_in_the_method_catalogue() {
    let app = TestApp::new().await;
    let mut mapped = options(data("dump-extended.sql"));
    mapped.map_forms = vec![("5".to_owned(), "Method".to_owned())];
    mapped.fields = Some(std::fs::read_to_string(data("map-methods.yaml")).unwrap());
    let report = run(&app, &mapped).await;
    assert_eq!(report.counts.entries, 22, "{}", report.to_text());
    let sheet = app.sql(
        "SELECT r.body FROM revisions r JOIN pages p ON p.id = r.page_id \
         WHERE p.name = 'LeBocalAPoissons' AND r.number = p.latest_rev",
    );
    assert!(sheet[0].starts_with("---\nform: Method\n"), "{}", sheet[0]);
    assert!(sheet[0].contains("share_knowledge"), "{}", sheet[0]);
    // The sheets are in French, the catalogue's language filter says so.
    let catalogue = app.get("/-/methods?lang=fr").await;
    catalogue.assert_status(200);
    assert!(
        catalogue.body.contains("href=\"/LeBocalAPoissons\""),
        "{}",
        catalogue.body
    );
    // No form was made for it: its entries are methods.
    assert!(
        app.sql("SELECT name FROM pages WHERE name = 'Form.MethodeDAnimation'")
            .is_empty()
    );
}

/// The tables a small hand-made YesWiki dump declares.
const TABLES: &str = "CREATE TABLE `yw_pages` (`id` int, `tag` varchar(191), `time` datetime, \
    `body` longtext, `body_r` text, `owner` varchar(191), `user` varchar(191), \
    `latest` enum('Y','N'), `handler` varchar(30), `comment_on` varchar(191));\n\
    CREATE TABLE `yw_users` (`name` varchar(80), `password` varchar(255), `email` varchar(50), \
    `motto` text, `revisioncount` int, `changescount` int, `doubleclickedit` enum('Y','N'), \
    `signuptime` datetime, `show_comments` enum('Y','N'));\n\
    CREATE TABLE `yw_acls` (`page_tag` varchar(191), `privilege` varchar(20), `list` text);\n";

fn png(shade: u8) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(8, 8, image::Rgb([shade, 80, 20]))
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

#[actix_web::test]
async fn deleted_pages_file_versions_and_unknown_groups_arrive_as_they_were() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("site.sql");
    std::fs::write(
        &dump,
        format!(
            "{TABLES}INSERT INTO `yw_pages` VALUES \
             (1,'Plan','2024-03-01 10:00:00','First plan: {{{{attach file=\"plan.png\" desc=\"the plan\"}}}}','','ana','ana','N','page',''),\
             (2,'Gone','2024-03-01 11:00:00','Soon gone.','','ana','ana','N','page',''),\
             (3,'Plan','2024-04-01 10:00:00','Second plan: {{{{attach file=\"plan.png\" desc=\"the plan\"}}}}','','ana','ana','Y','page','');\n\
             INSERT INTO `yw_acls` VALUES ('Plan','read','@orgaa\\n+');\n"
        ),
    )
    .unwrap();
    let files = dir.path().join("files");
    std::fs::create_dir(&files).unwrap();
    std::fs::write(
        files.join("Plan_plan_20240301100000_20240301100000.png"),
        png(10),
    )
    .unwrap();
    std::fs::write(
        files.join("Plan_plan_20240301100000_20240401100000.png"),
        png(200),
    )
    .unwrap();
    let mut site = options(dump);
    site.files = Some(files);
    let report = run(&app, &site).await;
    assert_eq!(report.counts.deleted_pages, 1, "{}", report.to_text());
    assert_eq!(report.counts.file_versions, 2, "{}", report.to_text());
    assert!(
        report.warnings.iter().any(|w| w.text.contains("@orgaa")),
        "{}",
        report.to_text()
    );
    // A page that only has old revisions in YesWiki is deleted, its history kept.
    app.get("/Gone").await.assert_status(404);
    assert_eq!(
        app.sql("SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Gone' AND p.deleted_at IS NOT NULL"),
        ["1"]
    );
    // The file's two versions, in upload order, at their upload times.
    assert_eq!(
        app.sql(
            "SELECT v.number || ' ' || to_char(v.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI') \
             FROM attachment_versions v JOIN attachments a ON a.id = v.attachment_id \
             WHERE a.name = 'plan.png' ORDER BY v.number"
        ),
        ["1 2024-03-01 10:00", "2 2024-04-01 10:00"]
    );
    // The unknown group is carried as written: nobody but admins and the owner reads the page
    // (signed-in visitors are let in by `+`).
    app.get("/Plan").await.assert_status(404);
}

#[actix_web::test]
async fn an_interrupted_import_continues_where_it_stopped() {
    let whole = TestApp::new().await;
    run(&whole, &options(data("dump-skip-extended.sql"))).await;

    // The same import, its connection cut by the server once some revisions are written.
    let interrupted = TestApp::new().await;
    let url = interrupted.db.url.clone();
    let cut = std::thread::spawn(move || {
        crate::harness::admin(url, |conn| {
            use diesel::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct Count {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            for _ in 0..2000 {
                let written = diesel::sql_query(
                    "SELECT count(*) AS n FROM revisions WHERE author_name = 'YannickLeGall'",
                )
                .get_result::<Count>(conn)
                .unwrap();
                if written.n >= 3 {
                    diesel::sql_query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = current_database() AND pid <> pg_backend_pid()",
                    )
                    .execute(conn)
                    .unwrap();
                    return true;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            false
        })
    });
    let stopped = import::run(
        &interrupted.state.pool,
        &interrupted.state.kinds,
        &interrupted.state.settings.storage,
        &options(data("dump-skip-extended.sql")),
    )
    .await;
    assert!(cut.join().unwrap(), "the import was not cut");
    assert!(stopped.is_err(), "the import was cut, so it failed");
    let written = interrupted.sql("SELECT count(*) FROM revisions");
    let report = run(&interrupted, &options(data("dump-skip-extended.sql"))).await;
    assert!(
        report.counts.unchanged_revisions > 0,
        "{written:?} {}",
        report.to_text()
    );
    assert!(report.counts.revisions > 0, "{}", report.to_text());
    assert_eq!(digest(&interrupted), digest(&whole));
}

/// A page's revisions are scattered through a dump (YesWiki numbers its rows in time order,
/// whatever their page): they are written together, in one transaction, so the page is derived
/// and queued for search once rather than at each of them.
#[actix_web::test]
async fn a_pages_history_is_written_at_once() {
    let app = TestApp::new().await;
    run(&app, &options(data("dump-skip-extended.sql"))).await;
    let transactions = |page: &str| {
        app.sql(&format!(
            "SELECT count(DISTINCT r.xmin::text) FROM revisions r \
             JOIN pages p ON p.id = r.page_id WHERE p.name = '{page}'"
        ))
    };
    // Rows 77 to 106 of the dump, and 64 to 101.
    assert_eq!(transactions("DecisionParConsentement"), ["1"]);
    assert_eq!(transactions("BocalAPoissons"), ["1"]);
}
