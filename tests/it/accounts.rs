//! Accounts: sign-up, login and logout, server-side sessions and their revocation and expiry,
//! throttling, hash upgrades, password resets by e-mail, the first admin, anonymous editing.

use actix_web::http::header;
use actix_web::test::TestRequest;

use coopwiki::identity::Role;

use crate::harness::{PASSWORD, Reply, TestApp};

fn signed_in_as(reply: &Reply, name: &str) -> bool {
    reply
        .body
        .contains(&format!("href=\"/-/account\">{name}</a>"))
}

#[actix_web::test]
async fn signing_up_signs_in_and_the_session_lives_on_the_server_as_a_hash() {
    let app = TestApp::new().await;
    let reply = app
        .post(
            "/-/signup",
            &[
                ("name", "Alice"),
                ("email", "alice@example.org"),
                ("password", PASSWORD),
                ("next", "/-/recent"),
            ],
        )
        .await;
    reply.assert_status(303);
    assert_eq!(reply.location(), "/-/recent");
    let cookies: Vec<&str> = reply
        .headers
        .get_all(header::SET_COOKIE)
        .filter_map(|v| v.to_str().ok())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("session="))
        .expect("a session cookie");
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && session.contains("Path=/"),
        "{session}"
    );
    assert!(!session.contains("Secure"), "plain http: {session}");
    let home = app.get("/").await;
    assert!(signed_in_as(&home, "Alice"), "{}", home.body);
    assert!(home.body.contains("action=\"/-/logout\""));
    let token = app.cookie("session").unwrap();
    assert_eq!(
        app.sql(&format!(
            "SELECT count(*) FROM sessions WHERE token_hash = sha256('{token}'::bytea)"
        )),
        vec!["1"],
        "only the token's hash is stored"
    );
    assert_eq!(
        app.sql(&format!(
            "SELECT count(*) FROM sessions WHERE encode(token_hash, 'escape') LIKE '%{token}%'"
        )),
        vec!["0"]
    );
    assert!(
        app.sql("SELECT password_hash FROM users")[0]
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
    // Names and addresses are unique whatever their case.
    let other = app.visitor();
    let taken = other
        .post(
            "/-/signup",
            &[
                ("name", "alice"),
                ("email", "x@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    taken.assert_status(409);
    assert!(taken.body.contains("This user name is taken"));
    let taken = other
        .post(
            "/-/signup",
            &[
                ("name", "Alicia"),
                ("email", "ALICE@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    taken.assert_status(409);
    let refused = other
        .post(
            "/-/signup",
            &[
                ("name", "a b"),
                ("email", "x@example.org"),
                ("password", "short"),
            ],
        )
        .await;
    refused.assert_status(422);
    assert!(
        refused.body.contains("value=\"a b\""),
        "what was typed stays"
    );
    assert_eq!(app.sql("SELECT count(*) FROM users"), vec!["1"]);
}

#[actix_web::test]
async fn login_by_name_or_email_gives_a_new_session_and_logout_ends_it_on_the_server() {
    let app = TestApp::new().await;
    app.add_user("bob", Role::Member).await;
    let before = app.csrf().await;
    let reply = app.login_as("BOB", PASSWORD).await;
    assert_eq!(reply.location(), "/");
    let first = app.cookie("session").unwrap();
    assert_ne!(app.csrf().await, before, "the CSRF token changes at login");
    let again = app.visitor();
    again.login_as("Bob@Example.org", PASSWORD).await;
    assert_ne!(
        again.cookie("session").unwrap(),
        first,
        "each login is a new session"
    );
    assert_eq!(app.sql("SELECT count(*) FROM sessions"), vec!["2"]);
    // A session fixed before login is not kept: the login replaces whatever cookie was sent.
    let fixated = app.visitor();
    fixated.set_cookie("session", &first);
    fixated.login_as("bob", PASSWORD).await;
    assert_ne!(fixated.cookie("session").unwrap(), first);

    // Logging in again in the same browser replaces its session rather than adding one.
    let sessions = app.sql("SELECT count(*) FROM sessions");
    again.login_as("bob", PASSWORD).await;
    assert_eq!(app.sql("SELECT count(*) FROM sessions"), sessions);

    app.post("/-/logout", &[]).await.assert_status(303);
    assert!(app.cookie("session").is_none(), "the browser forgets it");
    assert!(!signed_in_as(&app.get("/").await, "bob"));
    let replay = app.visitor();
    replay.set_cookie("session", &first);
    assert!(
        !signed_in_as(&replay.get("/").await, "bob"),
        "a copy of the cookie is worthless after logout"
    );
    assert!(
        signed_in_as(&again.get("/").await, "bob"),
        "other sessions go on"
    );
    // A login form posted with a `next` elsewhere goes home instead.
    let reply = app
        .post(
            "/-/login",
            &[
                ("login", "bob"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(reply.location(), "/");
}

#[actix_web::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let app = TestApp::new().await;
    app.add_user("carol", Role::Member).await;
    let wrong = app
        .post(
            "/-/login",
            &[("login", "carol"), ("password", "not her password")],
        )
        .await;
    let unknown = app
        .post(
            "/-/login",
            &[("login", "nobody"), ("password", "not her password")],
        )
        .await;
    wrong.assert_status(401);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(
        wrong.body.replace("value=\"carol\"", ""),
        unknown.body.replace("value=\"nobody\"", "")
    );
    assert!(wrong.body.contains("do not match an account"));
}

#[actix_web::test]
async fn logins_are_throttled_per_account_and_per_address_before_any_hashing() {
    let app = TestApp::new().await;
    app.add_user("dave", Role::Member).await;
    let attacker = app.visitor_from("192.0.2.1:5000");
    for _ in 0..5 {
        attacker
            .post("/-/login", &[("login", "dave"), ("password", "guess")])
            .await
            .assert_status(401);
    }
    // Even the right password is refused now, from anywhere: the check comes before hashing.
    let refused = app
        .visitor_from("198.51.100.9:5000")
        .post("/-/login", &[("login", "dave"), ("password", PASSWORD)])
        .await;
    refused.assert_status(429);
    assert!(
        refused.body.contains("Too many attempts"),
        "{}",
        refused.body
    );
    assert!(refused.header("retry-after").is_some());
    // Unknown names are throttled the same way, so throttling reveals no account.
    for _ in 0..5 {
        attacker
            .post("/-/login", &[("login", "ghost"), ("password", "guess")])
            .await
            .assert_status(401);
    }
    attacker
        .post("/-/login", &[("login", "ghost"), ("password", "guess")])
        .await
        .assert_status(429);
    // One address trying many accounts is stopped too, other addresses are not.
    for i in 0..20 {
        attacker
            .post(
                "/-/login",
                &[("login", &format!("user{i}")), ("password", "guess")],
            )
            .await;
    }
    attacker
        .post(
            "/-/login",
            &[("login", "someone-new"), ("password", "guess")],
        )
        .await
        .assert_status(429);
    app.add_user("erin", Role::Member).await;
    app.visitor_from("198.51.100.9:5000")
        .login_as("erin", PASSWORD)
        .await;
    // The state is in PostgreSQL, where every instance sees it.
    assert!(
        app.sql("SELECT count(*) FROM login_attempts WHERE address = '192.0.2.1'")[0]
            .parse::<i64>()
            .unwrap()
            >= 30
    );
}

#[actix_web::test]
async fn weak_password_hashes_are_upgraded_at_the_next_login() {
    use argon2::password_hash::PasswordHasher;
    let app = TestApp::new().await;
    app.add_user("frank", Role::Member).await;
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2i,
        argon2::Version::V0x13,
        argon2::Params::new(4096, 1, 1, None).unwrap(),
    )
    .hash_password(PASSWORD.as_bytes())
    .unwrap()
    .to_string();
    app.execute(&format!(
        "UPDATE users SET password_hash = '{weak}' WHERE name = 'frank'"
    ));
    app.login_as("frank", PASSWORD).await;
    let stored = app.sql("SELECT password_hash FROM users WHERE name = 'frank'");
    assert!(
        stored[0].starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored:?}"
    );
    app.visitor().login_as("frank", PASSWORD).await;
}

#[actix_web::test]
async fn changing_the_password_ends_every_session_on_every_device() {
    let app = TestApp::new().await;
    app.add_user("grace", Role::Member).await;
    let (laptop, phone) = (app.visitor(), app.visitor());
    laptop.login_as("grace", PASSWORD).await;
    phone.login_as("grace", PASSWORD).await;
    let old_laptop_session = laptop.cookie("session").unwrap();
    let refused = laptop
        .post(
            "/-/account/password",
            &[("current", "wrong one"), ("new", "a brand new password")],
        )
        .await;
    refused.assert_status(403);
    assert!(signed_in_as(&phone.get("/").await, "grace"));
    let changed = laptop
        .post(
            "/-/account/password",
            &[("current", PASSWORD), ("new", "a brand new password")],
        )
        .await;
    changed.assert_status(303);
    assert!(
        !signed_in_as(&phone.get("/").await, "grace"),
        "the phone is logged out"
    );
    let account = laptop.get(changed.location()).await;
    account.assert_status(200);
    assert!(
        account.body.contains("every other session was logged out"),
        "{}",
        account.body
    );
    assert_ne!(laptop.cookie("session").unwrap(), old_laptop_session);
    assert_eq!(app.sql("SELECT count(*) FROM sessions"), vec!["1"]);
    app.visitor()
        .post("/-/login", &[("login", "grace"), ("password", PASSWORD)])
        .await
        .assert_status(401);
    app.visitor()
        .login_as("grace", "a brand new password")
        .await;
    // The e-mail address changes with the password confirmed too.
    laptop
        .post(
            "/-/account/email",
            &[
                ("email", "grace@new.example"),
                ("current", "a brand new password"),
            ],
        )
        .await
        .assert_status(303);
    app.visitor()
        .login_as("grace@new.example", "a brand new password")
        .await;
}

#[actix_web::test]
async fn sessions_end_when_idle_too_long_and_at_their_absolute_end() {
    let app = TestApp::new().await;
    app.add_user("heidi", Role::Member).await;
    let (idle, old) = (app.visitor(), app.visitor());
    idle.login_as("heidi", PASSWORD).await;
    old.login_as("heidi", PASSWORD).await;
    assert!(signed_in_as(&idle.get("/").await, "heidi"));
    let hash = |v: &TestApp| format!("sha256('{}'::bytea)", v.cookie("session").unwrap());
    app.execute(&format!(
        "UPDATE sessions SET last_seen_at = now() - interval '8 days' WHERE token_hash = {}",
        hash(&idle)
    ));
    app.execute(&format!(
        "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = {}",
        hash(&old)
    ));
    // Changed behind the wiki's back: the instance hears of it by the sessions' notification,
    // delivered asynchronously (well within the deadline).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    for (visitor, why) in [(&idle, "idle for a week"), (&old, "past its end")] {
        while signed_in_as(&visitor.get("/").await, "heidi") {
            assert!(std::time::Instant::now() < deadline, "{why}");
            actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
    // Expired rows are swept at the next login.
    app.visitor().login_as("heidi", PASSWORD).await;
    assert_eq!(app.sql("SELECT count(*) FROM sessions"), vec!["1"]);
}

fn mail_links(app: &TestApp) -> Vec<String> {
    let dir = app.data_dir.as_ref().unwrap().path().join("mail");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            text.split_whitespace()
                .find(|word| word.contains("/-/reset/"))
                .map(|link| link.split("/-/reset/").nth(1).unwrap().to_owned())
        })
        .collect()
}

#[actix_web::test]
async fn a_reset_link_is_mailed_works_once_within_an_hour_and_ends_every_session() {
    let app = TestApp::new().await;
    app.add_user("ivan", Role::Member).await;
    let device = app.visitor();
    device.login_as("ivan", PASSWORD).await;
    let known = app.post("/-/reset", &[("login", "ivan@example.org")]).await;
    let unknown = app
        .post("/-/reset", &[("login", "nobody@example.org")])
        .await;
    known.assert_status(200);
    assert_eq!(
        known.body, unknown.body,
        "the answer says nothing about which accounts exist"
    );
    let links = mail_links(&app);
    assert_eq!(links.len(), 1, "one message, for the known account only");
    let token = &links[0];
    assert_eq!(
        app.sql(&format!(
            "SELECT count(*) FROM password_resets WHERE token_hash = sha256('{token}'::bytea)"
        )),
        vec!["1"],
        "stored hashed"
    );
    app.get(&format!("/-/reset/{token}"))
        .await
        .assert_status(200);
    let short = app
        .post(&format!("/-/reset/{token}"), &[("new", "short")])
        .await;
    short.assert_status(422);
    let done = app
        .post(
            &format!("/-/reset/{token}"),
            &[("new", "reset to something new")],
        )
        .await;
    done.assert_status(303);
    assert_eq!(done.location(), "/-/login?done=reset");
    assert!(
        !signed_in_as(&device.get("/").await, "ivan"),
        "sessions ended"
    );
    let again = app
        .post(
            &format!("/-/reset/{token}"),
            &[("new", "and once more, again")],
        )
        .await;
    again.assert_status(404);
    assert!(again.body.contains("already used"));
    app.get(&format!("/-/reset/{token}"))
        .await
        .assert_status(404);
    app.visitor()
        .login_as("ivan", "reset to something new")
        .await;
    // A link older than an hour is refused.
    app.post("/-/reset", &[("login", "ivan")])
        .await
        .assert_status(200);
    let token = mail_links(&app).pop().unwrap();
    app.execute(
        "UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL",
    );
    app.post(
        &format!("/-/reset/{token}"),
        &[("new", "too late for this one")],
    )
    .await
    .assert_status(404);
    app.get("/-/reset/not-a-token").await.assert_status(404);
}

#[actix_web::test]
async fn every_new_form_refuses_a_post_without_its_csrf_token() {
    let app = TestApp::new().await;
    app.add_user("judy", Role::Admin).await;
    app.login_as("judy", PASSWORD).await;
    app.edit("Page", "x").await;
    for path in [
        "/-/signup",
        "/-/login",
        "/-/logout",
        "/-/account/password",
        "/-/account/email",
        "/-/reset",
        "/-/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/Page/permissions",
        "/-/admin/users/judy/role",
        "/-/admin/groups",
        "/-/admin/groups/x/delete",
        "/-/admin/groups/x/members",
        "/-/admin/groups/x/members/remove",
        "/-/admin/settings",
    ] {
        app.post_raw(
            path,
            &[
                ("login", "judy"),
                ("password", PASSWORD),
                ("name", "x"),
                ("role", "member"),
                ("read", "!*"),
            ],
        )
        .await
        .assert_status(403);
    }
    assert!(signed_in_as(&app.get("/").await, "judy"), "still signed in");
    assert_eq!(app.sql("SELECT role FROM users"), vec!["admin"]);
    assert_eq!(app.sql("SELECT count(*) FROM page_acl_changes"), vec!["0"]);
    assert_eq!(app.sql("SELECT count(name) FROM site_settings"), vec!["0"]);
}

#[actix_web::test]
async fn over_https_session_cookies_are_secure_with_the_host_prefix() {
    let app = TestApp::with_settings(|s| {
        s.base_url = "https://wiki.example".into();
        s.secure_cookies = true;
    })
    .await;
    app.add_user("ken", Role::Member).await;
    let token = {
        app.get("/").await;
        app.cookie("__Host-csrf").unwrap()
    };
    let reply = app
        .post_raw(
            "/-/login",
            &[("csrf", &token), ("login", "ken"), ("password", PASSWORD)],
        )
        .await;
    reply.assert_status(303);
    let session = reply
        .headers
        .get_all(header::SET_COOKIE)
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-session="))
        .expect("a __Host- session cookie")
        .to_owned();
    assert!(
        session.contains("Secure") && session.contains("HttpOnly") && session.contains("Path=/")
    );
    assert!(!session.contains("Domain"), "{session}");
}

#[actix_web::test]
async fn the_first_admin_comes_from_the_command_line_and_manages_users_and_groups() {
    let app = TestApp::new().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_coopwiki"))
        .args([
            "user",
            "add",
            "--admin",
            "root",
            "--email",
            "root@example.org",
        ])
        .env("DATABASE_URL", &app.db.url)
        .env_remove("COOPWIKI_NEW_PASSWORD")
        .output()
        .expect("run coopwiki user add");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let password = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Its password (shown only this once): "))
        .unwrap_or_else(|| panic!("no password printed: {stdout}"))
        .to_owned();
    assert_eq!(
        app.sql("SELECT role FROM users WHERE name = 'root'"),
        vec!["admin"]
    );
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_coopwiki"))
        .args(["user", "add", "root", "--email", "other@example.org"])
        .env("DATABASE_URL", &app.db.url)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let admin = app.visitor();
    admin.login_as("root", &password).await;
    let member = app.visitor();
    member.sign_up("mia").await;
    admin.get("/-/admin").await.assert_status(303);
    let page = admin.get("/-/admin/").await;
    page.assert_status(200);
    assert!(page.body.contains("mia@example.org"), "{}", page.body);
    member.get("/-/admin/").await.assert_status(403);
    let anonymous = app.visitor().get("/-/admin/").await;
    anonymous.assert_status(303);
    assert_eq!(anonymous.location(), "/-/login?next=%2F%2D%2Fadmin%2F");
    member
        .post("/-/admin/users/mia/role", &[("role", "admin")])
        .await
        .assert_status(403);
    admin
        .post("/-/admin/users/mia/role", &[("role", "editor")])
        .await
        .assert_status(303);
    admin
        .post("/-/admin/users/mia/role", &[("role", "king")])
        .await
        .assert_status(400);
    admin
        .post("/-/admin/users/root/role", &[("role", "member")])
        .await
        .assert_status(422);
    admin
        .post("/-/admin/groups", &[("name", "Crew")])
        .await
        .assert_status(303);
    admin
        .post("/-/admin/groups", &[("name", "crew")])
        .await
        .assert_status(422);
    admin
        .post("/-/admin/groups", &[("name", "bad name")])
        .await
        .assert_status(400);
    admin
        .post("/-/admin/groups/crew/members", &[("user", "Mia")])
        .await
        .assert_status(303);
    // An unknown name comes back in the admin page itself, typed as it was, with why.
    let refused = admin
        .post("/-/admin/groups/crew/members", &[("user", "nobody")])
        .await;
    refused.assert_status(422);
    assert!(
        refused.body.contains("<h1>Administration</h1>") || refused.body.contains("admin-users"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("value=\"nobody\" aria-invalid=\"true\""),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("No account is named"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("class=\"site-name\""),
        "{}",
        refused.body
    );
    let account = member.get("/-/account").await;
    assert!(
        account.body.contains("crew") && account.body.contains("Editor"),
        "{}",
        account.body
    );
    admin
        .post("/-/admin/groups/crew/delete", &[])
        .await
        .assert_status(303);
    assert_eq!(app.sql("SELECT count(*) FROM group_members"), vec!["0"]);
}

#[actix_web::test]
async fn anonymous_edits_need_the_switch_and_are_signed_with_a_pseudonym_not_the_address() {
    let closed = TestApp::new().await;
    let reply = closed
        .post("/Open/edit", &[("body", "hello"), ("base", "0")])
        .await;
    reply.assert_status(303);
    assert_eq!(reply.location(), "/-/login?next=%2F");
    // After signing in, the visitor comes back to the page the form was on (a form's own
    // address may answer only POST).
    let token = closed.csrf().await;
    let reply = closed
        .request(
            TestRequest::post()
                .uri("/HomePage/restore?rev=1")
                .insert_header((header::REFERER, "http://localhost:8080/HomePage/history"))
                .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
                .set_payload(format!("csrf={token}")),
        )
        .await;
    reply.assert_status(303);
    assert_eq!(reply.location(), "/-/login?next=%2FHomePage%2Fhistory");
    let reply = closed.get("/Open/edit").await;
    reply.assert_status(303);
    assert_eq!(reply.location(), "/-/login?next=%2FOpen%2Fedit");
    closed.get("/Open").await.assert_status(404);

    let open = TestApp::with_settings(|s| {
        s.anonymous_editing = true;
        s.default_write_acl = vec!["*".into()];
    })
    .await;
    let (first, same, other) = (
        open.visitor_from("192.0.2.7:1111"),
        open.visitor_from("192.0.2.7:2222"),
        open.visitor_from("203.0.113.5:1111"),
    );
    first.edit("Open", "one").await;
    same.edit("Open", "two").await;
    other.edit("Open", "three").await;
    let authors = open.sql("SELECT author_name || ':' || coalesce(author_id::text, '-') FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Open' ORDER BY number");
    assert!(
        authors
            .iter()
            .all(|a| a.starts_with("anon-") && a.ends_with(":-")),
        "{authors:?}"
    );
    assert_eq!(authors[0], authors[1], "one address, one pseudonym");
    assert_ne!(authors[0], authors[2]);
    for path in ["/Open/history", "/-/recent", "/-/recent.atom", "/Open"] {
        let body = open.get(path).await.body;
        assert!(
            !body.contains("192.0.2.7") && !body.contains("203.0.113.5"),
            "{path}"
        );
        assert!(body.contains(authors[2].trim_end_matches(":-")), "{path}");
    }
    // A page whose own list excludes everyone stays closed to anonymous editors.
    let owner = open.visitor();
    owner.sign_up("nina").await;
    owner.edit("Closed", "mine").await;
    owner
        .post("/Closed/permissions", &[("write", "+")])
        .await
        .assert_status(303);
    first
        .post("/Closed/edit", &[("body", "x"), ("base", "1")])
        .await
        .assert_status(303);
    assert_eq!(open.get("/Closed/raw").await.body, "mine");
}

#[actix_web::test]
async fn contributions_list_a_users_edits_and_authors_are_linked() {
    let app = TestApp::signed_in().await;
    app.edit("Recipe", "first").await;
    app.edit("Recipe", "second").await;
    app.post("/Recipe/rename", &[("new_name", "Recipe book")])
        .await
        .assert_status(303);
    let page = app.get("/-/users/tester").await;
    page.assert_status(200);
    assert_eq!(
        page.body.matches("href=\"/Recipe_book\"").count(),
        2,
        "{}",
        page.body
    );
    let capitalised = app.get("/-/users/TESTER").await;
    capitalised.assert_status(200);
    app.get("/-/users/nobody").await.assert_status(404);
    app.get("/-/users/tester?before=yesterday")
        .await
        .assert_status(400);
    for path in [
        "/Recipe_book/history",
        "/-/recent",
        "/Recipe_book",
        "/Recipe_book/diff",
    ] {
        let body = app.get(path).await.body;
        assert!(body.contains("href=\"/-/users/tester\""), "{path}: {body}");
    }
    assert_eq!(
        app.sql("SELECT count(*) FROM page_events e JOIN users u ON u.id = e.author_id WHERE u.name = 'tester'"),
        vec!["1"],
        "the rename is signed by the user"
    );
    assert_eq!(
        app.sql("SELECT u.name FROM pages p JOIN users u ON u.id = p.owner_id WHERE p.name = 'Recipe book'"),
        vec!["tester"],
        "the creator owns the page"
    );
}

#[actix_web::test]
async fn the_header_speaks_french_and_forms_are_accessible() {
    let app = TestApp::new().await;
    let page = app
        .request(
            TestRequest::get()
                .uri("/-/signup")
                .insert_header((header::ACCEPT_LANGUAGE, "fr")),
        )
        .await;
    page.assert_status(200);
    assert!(page.body.contains("Créer un compte") && page.body.contains("Se connecter"));
    for id in ["cw-name", "cw-email", "cw-password"] {
        assert!(
            page.body.contains(&format!("for=\"{id}\"")),
            "{id} has a label"
        );
    }
}

#[actix_web::test]
async fn every_migration_reverts_and_applies_again() {
    use diesel::Connection;
    use diesel_migrations::MigrationHarness;
    let app = TestApp::signed_in().await;
    app.edit("Kept", "text").await;
    let url = app.db.url.clone();
    std::thread::spawn(move || {
        let mut conn = diesel_async::async_connection_wrapper::AsyncConnectionWrapper::<
            diesel_async::AsyncPgConnection,
        >::establish(&url)
        .unwrap();
        // The wiki's search indexer keeps working on this database meanwhile: a schema change
        // that deadlocks with it is rolled back alone, and is tried again.
        let mut reverted = Vec::new();
        for attempt in 1.. {
            match conn.revert_all_migrations(coopwiki::db::MIGRATIONS) {
                Ok(done) => {
                    reverted.extend(done.iter().map(ToString::to_string));
                    break;
                }
                Err(err) if attempt < 5 && err.to_string().contains("deadlock") => {}
                Err(err) => panic!("revert: {err}"),
            }
        }
        assert!(reverted.len() >= 2, "{reverted:?}");
        for attempt in 1.. {
            match conn.run_pending_migrations(coopwiki::db::MIGRATIONS) {
                Ok(_) => break,
                Err(err) if attempt < 5 && err.to_string().contains("deadlock") => {}
                Err(err) => panic!("apply: {err}"),
            }
        }
    })
    .join()
    .unwrap();
    assert_eq!(app.sql("SELECT count(*) FROM users"), vec!["0"]);
    assert!(
        app.sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'pages' AND column_name = 'read_acl'")
            == vec!["1"]
    );
}

/// A user name mixing scripts (a Cyrillic "а" in "аdmin1") is refused: it could pass for
/// someone else's. Names in one script, any script, are welcome.
#[actix_web::test]
async fn look_alike_user_names_are_refused() {
    let app = TestApp::new().await;
    app.sign_up("admin1").await;
    let reply = app
        .visitor()
        .post(
            "/-/signup",
            &[
                ("name", "\u{430}dmin1"),
                ("email", "mallory@example.org"),
                ("password", crate::harness::PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert!(reply.body.contains("one script"), "{}", reply.body);
    app.visitor().sign_up("Ольга").await;
    assert_eq!(app.sql("SELECT count(*) FROM users"), ["2"]);
}

/// `coopwiki user add` beside a wiki that runs its own PostgreSQL in the same data directory:
/// it uses that running cluster (it used to refuse: "Another coopwiki is already using …").
#[actix_web::test]
async fn the_first_admin_can_be_added_while_the_wiki_runs_its_private_database() {
    use coopwiki::db::embedded::{ClusterOptions, PrivateCluster};
    let data_dir = tempfile::tempdir().unwrap();
    let pg = data_dir.path().join("pg");
    // What `coopwiki` serving from this data directory holds: its cluster, running.
    let cluster = actix_web::rt::task::spawn_blocking(move || {
        let cluster = PrivateCluster::start(
            &pg,
            ClusterOptions {
                durable: false,
                die_with_parent: true,
                shared_buffers_mb: None,
            },
        )
        .expect("start the wiki's PostgreSQL");
        coopwiki::server::wait_for_connections(&cluster.url("postgres")).unwrap();
        coopwiki::server::create_database_if_missing(
            &cluster.url("postgres"),
            coopwiki::server::PRIVATE_DATABASE,
        )
        .unwrap();
        cluster
    })
    .await
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_coopwiki"))
        .args(["--data-dir"])
        .arg(data_dir.path())
        .args([
            "user",
            "add",
            "--admin",
            "first",
            "--email",
            "first@example.org",
        ])
        .env_remove("DATABASE_URL")
        .env("COOPWIKI_NEW_PASSWORD", PASSWORD)
        .output()
        .expect("run coopwiki user add");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let url = cluster.url(coopwiki::server::PRIVATE_DATABASE);
    let roles = crate::harness::admin(url, |conn| {
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            role: String,
        }
        diesel::RunQueryDsl::load::<Row>(
            diesel::sql_query("SELECT role FROM users WHERE name = 'first'"),
            conn,
        )
        .unwrap()
        .into_iter()
        .map(|row| row.role)
        .collect::<Vec<_>>()
    });
    assert_eq!(roles, ["admin"]);
}

/// First-run setup: a wiki with no administrator issues a link (printed in the server's log);
/// the first person to open it creates the administrator account, and the link then stops
/// working, for them and for anyone else who saw it.
#[actix_web::test]
async fn the_first_administrator_comes_from_the_setup_link() {
    let app = TestApp::new().await;
    let link = coopwiki::accounts::setup::issue_if_no_admin(&app.state.pool, "http://localhost")
        .await
        .unwrap()
        .expect("a wiki without administrator issues a setup link");
    let path = link.strip_prefix("http://localhost").unwrap().to_owned();
    assert!(path.starts_with("/-/setup/"), "{path}");
    app.get("/-/setup/not-a-token").await.assert_status(404);

    let newcomer = app.visitor();
    let form = newcomer.get(&path).await;
    form.assert_status(200);
    assert!(
        form.body.contains("Create the administrator"),
        "{}",
        form.body
    );
    // A refused form comes back with what was typed, the link still good.
    let refused = newcomer
        .post(
            &path,
            &[
                ("name", "a"),
                ("email", "first@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    refused.assert_status(422);
    assert!(
        refused.body.contains("first@example.org"),
        "{}",
        refused.body
    );
    let created = newcomer
        .post(
            &path,
            &[
                ("name", "first"),
                ("email", "first@example.org"),
                ("password", PASSWORD),
                ("next", "/-/admin/"),
            ],
        )
        .await;
    created.assert_status(303);
    assert_eq!(created.location(), "/-/admin/");
    assert_eq!(
        app.sql("SELECT role FROM users WHERE name = 'first'"),
        ["admin"]
    );
    newcomer.get("/-/admin/").await.assert_status(200);

    // Spent: for a second visitor, and once an administrator exists, no new link is issued.
    let late = app.visitor();
    late.get(&path).await.assert_status(404);
    late.post(
        &path,
        &[
            ("name", "second"),
            ("email", "second@example.org"),
            ("password", PASSWORD),
        ],
    )
    .await
    .assert_status(404);
    assert_eq!(
        app.sql("SELECT count(*) FROM users WHERE role = 'admin'"),
        ["1"]
    );
    assert!(
        coopwiki::accounts::setup::issue_if_no_admin(&app.state.pool, "http://localhost")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(app.sql("SELECT count(*) FROM setup_tokens"), ["0"]);
}

/// The hidden fields of the form that sends a held text again.
fn held_fields(body: &str) -> (String, Vec<(String, String)>) {
    let document = scraper::Html::parse_document(body);
    let form = document
        .select(&scraper::Selector::parse("main form[method=post]").unwrap())
        .find(|form| form.value().attr("action") != Some("/-/logout"))
        .expect("the form that sends it again");
    let fields = form
        .select(&scraper::Selector::parse("input[type=hidden]").unwrap())
        .filter_map(|input| {
            let value = input.value();
            Some((
                value.attr("name")?.to_owned(),
                value.attr("value")?.to_owned(),
            ))
        })
        .collect();
    (form.value().attr("action").unwrap().to_owned(), fields)
}

#[actix_web::test]
async fn a_text_sent_before_logging_in_comes_back_after_it() {
    let app = TestApp::new().await;
    app.add_user("ada", Role::Member).await;
    let visitor = app.visitor();
    let text = "Récolte du world café\n\n- table 1 : décider ensemble\n- table 2 : <b>gras</b>";

    // An editor opened before the session ended sends its text: the visitor must log in.
    let refused = visitor
        .post(
            "/Harvest/edit",
            &[("body", text), ("base", "0"), ("summary", "notes")],
        )
        .await;
    refused.assert_status(303);
    assert!(
        refused.location().starts_with("/-/login?"),
        "{}",
        refused.location()
    );
    assert!(
        visitor.cookie("held").is_some(),
        "the text is kept for this browser"
    );
    let login = visitor.get("/-/login?next=%2FHarvest%2Fedit").await;
    assert!(
        login.body.contains("What you sent is kept"),
        "{}",
        login.body
    );

    // Someone else, logged in, has nothing of it.
    let other = app.visitor();
    other.sign_up("mallory").await;
    let nothing = other.get("/-/held").await;
    nothing.assert_status(303);
    assert_eq!(nothing.location(), "/");

    // Logging in brings it back, once.
    let logged_in = visitor.login_as("ada", PASSWORD).await;
    assert_eq!(logged_in.location(), "/-/held");
    let held = visitor.get("/-/held").await;
    held.assert_status(200);
    assert!(held.body.contains("Récolte du world café"), "{}", held.body);
    assert!(
        !held.body.contains("<b>gras"),
        "shown as text, never as markup"
    );
    assert!(visitor.cookie("held").is_none(), "the cookie is dropped");
    let again = visitor.get("/-/held").await;
    again.assert_status(303);
    assert_eq!(again.location(), "/");

    // Sent again from that page, it is saved as typed.
    let (action, fields) = held_fields(&held.body);
    assert_eq!(action, "/Harvest/edit");
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .filter(|(name, _)| *name != "csrf")
        .collect();
    visitor.post(&action, &fields).await.assert_status(303);
    let raw = visitor.get("/Harvest/raw").await;
    assert_eq!(raw.body, text);
    assert_eq!(
        app.sql("SELECT count(*) FROM held_submissions"),
        vec!["0".to_owned()]
    );
}

#[actix_web::test]
async fn editors_ask_to_log_in_before_anything_is_typed() {
    let app = TestApp::new().await;
    let visitor = app.visitor();
    for editor in [
        "/-/methods/new",
        "/-/methods/import",
        "/-/programmes/new",
        "/Harvest/edit",
    ] {
        let reply = visitor.get(editor).await;
        reply.assert_status(303);
        assert!(
            reply.location().starts_with("/-/login?next="),
            "{editor}: {}",
            reply.location()
        );
    }
}

#[actix_web::test]
async fn a_password_form_is_never_held() {
    let app = TestApp::new().await;
    let visitor = app.visitor();
    let refused = visitor
        .post(
            "/-/account/password",
            &[
                ("current", "an old secret phrase"),
                ("new", "a new secret phrase"),
            ],
        )
        .await;
    refused.assert_status(303);
    assert!(refused.location().starts_with("/-/login?"));
    assert!(visitor.cookie("held").is_none());
    assert_eq!(
        app.sql("SELECT count(*) FROM held_submissions"),
        vec!["0".to_owned()]
    );
}
