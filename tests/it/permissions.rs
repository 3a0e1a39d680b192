//! Page permissions on every path: a page the visitor may not read answers exactly like a
//! missing page, listings leave it out, and every write path refuses on the server.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use coopwiki::acl::{Acl, Subject};
use coopwiki::identity::Role;

use crate::harness::{PASSWORD, Reply, TestApp};

/// What a response looks like once the names and per-request randomness are set aside, so a
/// private page's answer can be compared with a missing page's.
fn shape(reply: &Reply, name: &str, missing: &str) -> (u16, Option<String>, String) {
    let mut body = reply.body.replace(name, missing);
    // The editor of a new page carries a fresh random submission id.
    while let Some(start) = body.find("name=\"submission_id\" value=\"") {
        let value = start + "name=\"submission_id\" value=\"".len();
        let end = value + body[value..].find('"').unwrap();
        body.replace_range(start..end, "name=\"submission_id");
    }
    let location = reply.header("location").map(|l| l.replace(name, missing));
    (reply.status.as_u16(), location, body)
}

/// A wiki where olga owns `Secret` (readable by her only, formerly `OldSecret`, two
/// revisions, linking to `Public` and `Hidden target`) and `Guarded` (everyone reads, only
/// olga writes), and `Public` links to `Secret`. Returns olga's visitor.
async fn private_wiki() -> TestApp {
    let olga = TestApp::new().await;
    olga.sign_up("olga").await;
    olga.edit("OldSecret", "classified [[Public]] [[Hidden target]]")
        .await;
    olga.post("/OldSecret/rename", &[("new_name", "Secret")])
        .await
        .assert_status(303);
    olga.edit(
        "Secret",
        "classified, second version [[Public]] [[Hidden target]]",
    )
    .await;
    olga.post(
        "/Secret/permissions",
        &[("read", "olga"), ("write", "%"), ("comment", "")],
    )
    .await
    .assert_status(303);
    olga.post("/Secret/discussion", &[("body", "classified remark")])
        .await
        .assert_status(303);
    olga.edit("Public", "see [[Secret]]").await;
    olga.edit("Guarded", "everyone reads this").await;
    olga.post(
        "/Guarded/permissions",
        &[("read", "*"), ("write", "olga"), ("comment", "")],
    )
    .await
    .assert_status(303);
    olga
}

/// Every GET that shows a page's content or facts, with `{}` for the name.
const READ_PATHS: &[&str] = &[
    "/{}",
    "/{}?rev=1",
    "/{}?rev=2",
    "/{}/raw",
    "/{}/raw?rev=1",
    "/{}/history",
    "/{}/history?before=2",
    "/{}/diff",
    "/{}/diff?from=1&to=2",
    "/{}/backlinks",
    "/{}/edit",
    "/{}/live",
    "/{}/rename",
    "/{}/delete",
    "/{}/permissions",
    "/{}/restore?rev=1",
    "/{}/revisions",
    "/{}/qr.svg",
    "/{}/qr.svg?rev=1",
    "/{}/print",
    "/{}/print?rev=1",
    "/api/v1/pages/{}",
    "/api/v1/pages/{}/revisions",
    "/api/v1/pages/{}/revisions/1",
    "/{}/discussion",
    "/{}/discussion/1",
    "/{}/discussion/1/history",
    "/{}/discussion/1/edit",
];

/// Every POST of a page's discussion and watch, with its fields: refused on a page the
/// visitor may not read exactly as on a missing page.
const DISCUSSION_WRITES: &[(&str, &[(&str, &str)])] = &[
    ("/{}/watch", &[]),
    ("/{}/unwatch", &[]),
    ("/{}/discussion", &[("body", "forged")]),
    ("/{}/discussion", &[("body", "forged"), ("reply_to", "1")]),
    ("/{}/discussion/1/edit", &[("body", "forged")]),
    ("/{}/discussion/1/remove", &[]),
    ("/{}/discussion/1/approve", &[]),
];

/// Every POST that changes a page, with its fields.
const WRITE_PATHS: &[(&str, &[(&str, &str)])] = &[
    ("/{}/edit", &[("body", "forged"), ("base", "1")]),
    (
        "/{}/edit",
        &[("body", "forged"), ("base", "1"), ("action", "preview")],
    ),
    ("/{}/rename", &[("new_name", "Stolen")]),
    ("/{}/delete", &[("reason", "x")]),
    ("/{}/undelete", &[]),
    ("/{}/restore?rev=1", &[]),
    ("/{}/permissions", &[("read", "*"), ("write", "*")]),
    ("/{}/live/save", &[("summary", "forged")]),
];

#[actix_web::test]
async fn a_private_page_answers_every_read_path_exactly_like_a_missing_page() {
    let olga = private_wiki().await;
    let anonymous = olga.visitor();
    let mallory = olga.visitor();
    mallory.sign_up("mallory").await;
    // Public asks for both names, so the backlinks of either (missing to the visitor) list it.
    olga.edit("Public", "see [[Secret]] and [[Nothing]]").await;
    // The private page is in the index: what follows leaves it out, not the indexer's delay.
    olga.search_settled();
    for visitor in [&anonymous, &mallory] {
        for template in READ_PATHS {
            for (name, missing) in [
                ("Secret", "Nothing"),
                ("OldSecret", "OldNothing"),
                ("secret", "nothing"),
            ] {
                let private = visitor.get(&template.replace("{}", name)).await;
                let absent = visitor.get(&template.replace("{}", missing)).await;
                assert_eq!(
                    shape(&private, name, missing),
                    shape(&absent, missing, missing),
                    "GET {template} for {name}: a private page must look missing"
                );
                assert!(!private.body.contains("classified"), "{template}");
            }
        }
        for (template, fields) in WRITE_PATHS {
            let private = visitor
                .post(&template.replace("{}", "Secret"), fields)
                .await;
            assert!(!private.body.contains("classified"), "{template}");
            if visitor.cookie("session").is_none() {
                // Who may not create pages gets the refusal a missing page gets.
                let absent = visitor
                    .post(&template.replace("{}", "Nothing"), fields)
                    .await;
                assert_eq!(
                    shape(&private, "Secret", "Nothing"),
                    shape(&absent, "Nothing", "Nothing"),
                    "POST {template}"
                );
            } else if template.ends_with("/edit") {
                // Who may create pages would create one at a free name; at a taken name their
                // text comes back with "not available" (409), never the page or a 403.
                private.assert_status(409);
                assert!(private.body.contains("is not available"), "{template}");
            } else {
                private.assert_status(404);
            }
        }
    }
    for visitor in [&anonymous, &mallory] {
        for (template, fields) in DISCUSSION_WRITES {
            let private = visitor
                .post(&template.replace("{}", "Secret"), fields)
                .await;
            let absent = visitor
                .post(&template.replace("{}", "Nothing"), fields)
                .await;
            assert_eq!(
                shape(&private, "Secret", "Nothing"),
                shape(&absent, "Nothing", "Nothing"),
                "POST {template}"
            );
        }
    }
    assert_eq!(
        olga.sql("SELECT body || coalesce(removed_by_name, '') FROM comments"),
        vec!["classified remark"],
        "nothing was written by the refused discussion posts"
    );
    assert_eq!(olga.sql("SELECT count(*) FROM watches"), ["0"]);
    // The owner reads every one of those paths: the table above did test real pages.
    for template in READ_PATHS {
        let reply = olga.get(&template.replace("{}", "Secret")).await;
        assert!(
            [200, 301, 303].contains(&reply.status.as_u16()),
            "{template}: {}",
            reply.status
        );
    }
    assert_eq!(
        olga.sql("SELECT body FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Secret' ORDER BY number DESC LIMIT 1"),
        vec!["classified, second version [[Public]] [[Hidden target]]"],
        "nothing was written by the refused posts"
    );
    assert_eq!(
        olga.sql("SELECT count(*) FROM pages WHERE deleted_at IS NOT NULL"),
        vec!["0"]
    );
}

#[actix_web::test]
async fn listings_feeds_and_backlinks_leave_out_pages_the_visitor_may_not_read() {
    let olga = private_wiki().await;
    let anonymous = olga.visitor();
    let mallory = olga.visitor();
    mallory.sign_up("mallory").await;
    // The private page is in the index: what follows leaves it out, not the indexer's delay.
    olga.search_settled();
    for visitor in [&anonymous, &mallory] {
        for path in [
            "/-/pages",
            "/-/recent",
            "/-/recent?limit=500",
            "/-/recent.atom",
            "/-/orphans",
            "/Public/backlinks",
            "/-/users/olga",
            "/-/users/olga/comments",
            "/-/recent?show=comments",
            "/-/recent.atom?show=comments",
            "/-/moderation",
        ] {
            let reply = visitor.get(path).await;
            if path == "/-/moderation" && visitor.cookie("session").is_none() {
                reply.assert_status(303);
                continue;
            }
            reply.assert_status(200);
            assert!(
                !reply.body.contains("classified remark")
                    && !reply.body.contains(">Secret<")
                    && !reply.body.contains("/Secret\"")
                    && !reply.body.contains("Secret (revision")
                    && !reply.body.contains("OldSecret")
                    && !reply.body.contains(", second version")
                    && !reply.body.contains("/Secret/discussion")
                    && !reply.body.contains("classified remark"),
                "{path} shows the private page:\n{}",
                reply.body
            );
        }
        let wanted = visitor.get("/-/wanted").await.body;
        assert!(
            wanted.contains(">Secret</a>"),
            "for this visitor Secret is missing, and Public links to it: {wanted}"
        );
        assert!(
            !wanted.contains("Hidden target"),
            "links from a private page are not shown: {wanted}"
        );
    }
    // The owner sees it everywhere.
    for path in [
        "/-/pages",
        "/-/recent",
        "/-/recent.atom",
        "/Public/backlinks",
        "/-/users/olga",
        "/-/users/olga/comments",
        "/-/recent?show=comments",
    ] {
        let body = olga.get(path).await.body;
        assert!(body.contains("Secret"), "{path}: {body}");
    }
    assert!(
        olga.get("/-/recent?show=comments")
            .await
            .body
            .contains("classified remark")
    );
    assert!(olga.get("/-/wanted").await.body.contains("Hidden target"));
    assert!(!olga.get("/-/wanted").await.body.contains(">Secret</a>"));
}

#[actix_web::test]
async fn the_index_paginates_over_readable_pages_only() {
    let olga = TestApp::new().await;
    olga.sign_up("olga").await;
    // 210 private pages sorted before every public one: were they filtered after the limit,
    // the first page of the index would be empty for anonymous visitors.
    olga.execute(
        "INSERT INTO pages (id, name, name_key, latest_rev, read_acl, owner_id)
         SELECT gen_random_uuid(), 'A' || lpad(i::text, 3, '0'), 'a' || lpad(i::text, 3, '0'),
                1, ARRAY['%'], (SELECT id FROM users WHERE name = 'olga')
         FROM generate_series(0, 209) AS i",
    );
    let index = olga.visitor().get("/-/pages").await.body;
    assert!(
        index.contains(">HomePage<") && index.contains(">SiteMenu<"),
        "{index}"
    );
    assert!(
        !index.contains(">A000<") && !index.contains("rel=\"next\""),
        "{index}"
    );
    let own = olga.get("/-/pages").await.body;
    assert!(own.contains(">A000<") && own.contains("rel=\"next\""));
}

#[actix_web::test]
async fn every_write_path_refuses_on_the_server_without_write_permission() {
    let olga = private_wiki().await;
    let anonymous = olga.visitor();
    let mallory = olga.visitor();
    mallory.sign_up("mallory").await;
    let before = olga.sql("SELECT count(*) FROM revisions");
    for (template, fields) in WRITE_PATHS {
        let path = template.replace("{}", "Guarded");
        let reply = anonymous.post(&path, fields).await;
        reply.assert_status(303);
        assert_eq!(reply.location(), "/-/login?next=%2F", "{path}");
        let reply = mallory.post(&path, fields).await;
        reply.assert_status(403);
        assert!(
            reply.body.contains("You may not change this page")
                || reply.body.contains("Only the page's owner"),
            "{path}: {}",
            reply.body
        );
    }
    for path in [
        "/Guarded/edit",
        "/Guarded/rename",
        "/Guarded/delete",
        "/Guarded/permissions",
    ] {
        anonymous.get(path).await.assert_status(303);
        mallory.get(path).await.assert_status(403);
    }
    assert_eq!(olga.sql("SELECT count(*) FROM revisions"), before);
    assert_eq!(
        olga.sql(
            "SELECT coalesce(array_to_string(write_acl, ','), '') FROM pages WHERE name = 'Guarded'"
        ),
        vec!["olga"]
    );
    // The refusal speaks the visitor's language.
    let french = mallory
        .request(
            actix_web::test::TestRequest::post()
                .uri("/Guarded/delete")
                .insert_header(("accept-language", "fr"))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!("csrf={}", mallory.csrf().await)),
        )
        .await;
    french.assert_status(403);
    assert!(
        french
            .body
            .contains("Vous ne pouvez pas modifier cette page")
    );
    // And the owner may do all of it.
    olga.edit("Guarded", "changed by the owner").await;
    olga.post("/Guarded/restore?rev=1", &[])
        .await
        .assert_status(303);
    olga.post("/Guarded/delete", &[]).await.assert_status(303);
    olga.post("/Guarded/undelete", &[]).await.assert_status(303);
}

#[actix_web::test]
async fn groups_users_and_denials_decide_in_order_and_editors_and_admins_pass() {
    let olga = TestApp::new().await;
    olga.add_user("ada", Role::Admin).await;
    olga.sign_up("olga").await;
    olga.edit("Team", "team notes").await;
    olga.post(
        "/Team/permissions",
        &[
            ("read", "!Mallory\n@facilitators\nbob"),
            ("write", "@facilitators"),
            // Named before they exist, which the form makes her confirm.
            ("confirm_unknown", "@facilitators bob mallory"),
        ],
    )
    .await
    .assert_status(303);
    let admin = olga.visitor();
    admin.login_as("ada", PASSWORD).await;
    admin
        .post("/-/admin/groups", &[("name", "Facilitators")])
        .await
        .assert_status(303);
    for user in ["carol", "mallory"] {
        olga.visitor().sign_up(user).await;
        admin
            .post("/-/admin/groups/facilitators/members", &[("user", user)])
            .await
            .assert_status(303);
    }
    let (bob, carol, mallory, dan) = (
        olga.visitor(),
        olga.visitor(),
        olga.visitor(),
        olga.visitor(),
    );
    bob.sign_up("bob").await;
    carol.login_as("carol", PASSWORD).await;
    mallory.login_as("Mallory@Example.org", PASSWORD).await;
    dan.sign_up("dan").await;
    carol.get("/Team").await.assert_status(200);
    bob.get("/Team").await.assert_status(200);
    mallory.get("/Team").await.assert_status(404);
    dan.get("/Team").await.assert_status(404);
    admin.get("/Team").await.assert_status(200);
    carol.edit("Team", "carol's notes").await;
    bob.post("/Team/edit", &[("body", "bob"), ("base", "2")])
        .await
        .assert_status(403);
    // An editor changes any page they can read; not its permissions.
    admin
        .post("/-/admin/users/bob/role", &[("role", "editor")])
        .await
        .assert_status(303);
    bob.edit("Team", "bob the editor").await;
    bob.get("/Team/permissions").await.assert_status(403);
    // Removing carol from the group takes effect on her next request.
    admin
        .post(
            "/-/admin/groups/facilitators/members/remove",
            &[("user", "carol")],
        )
        .await
        .assert_status(303);
    carol.get("/Team").await.assert_status(404);
}

#[actix_web::test]
async fn the_site_menu_and_footer_are_shown_only_to_who_may_read_them() {
    let app = TestApp::new().await;
    app.add_user("ada", Role::Admin).await;
    app.login_as("ada", PASSWORD).await;
    app.edit("SiteMenu", "- [[Staff room]] menu-marker").await;
    app.edit("SiteFooter", "footer-marker").await;
    for page in ["SiteMenu", "SiteFooter"] {
        app.post(&format!("/{page}/permissions"), &[("read", "+")])
            .await
            .assert_status(303);
    }
    let anonymous = app.visitor();
    for path in [
        "/",
        "/HomePage/history",
        "/-/recent",
        "/-/pages",
        "/Nothing",
        "/-/login",
    ] {
        let body = anonymous.get(path).await.body;
        assert!(
            !body.contains("menu-marker") && !body.contains("footer-marker"),
            "{path}: {body}"
        );
    }
    assert!(app.get("/").await.body.contains("menu-marker"));
    assert!(app.get("/").await.body.contains("footer-marker"));
}

#[actix_web::test]
async fn permission_changes_are_recorded_validated_and_reserved_to_owner_and_admins() {
    let olga = TestApp::new().await;
    olga.sign_up("olga").await;
    olga.edit("Plan", "x").await;
    let refused = olga
        .post(
            "/Plan/permissions",
            &[("read", "+\nnot valid!"), ("write", "")],
        )
        .await;
    refused.assert_status(422);
    assert!(refused.body.contains("Line 2"), "{}", refused.body);
    assert!(
        refused.body.contains("not valid!"),
        "what was typed stays in the form"
    );
    olga.post("/Plan/permissions", &[("read", "+"), ("write", "%")])
        .await
        .assert_status(303);
    olga.post("/Plan/permissions", &[("read", "*"), ("write", "%")])
        .await
        .assert_status(303);
    let page = olga.get("/Plan/permissions").await;
    page.assert_status(200);
    assert_eq!(
        olga.sql("SELECT coalesce(array_to_string(read_acl, ',') , '-') FROM page_acl_changes ORDER BY id"),
        vec!["+", "*"]
    );
    assert_eq!(
        olga.sql("SELECT author_name FROM page_acl_changes c JOIN users u ON u.id = c.author_id"),
        vec!["olga", "olga"]
    );
    assert!(
        page.body.contains("href=\"/-/users/olga\""),
        "{}",
        page.body
    );
    // A page created anonymously (or before accounts) has no owner: admins only.
    assert_eq!(
        olga.sql("SELECT coalesce(owner_id::text, 'none') FROM pages WHERE name = 'HomePage'"),
        vec!["none"]
    );
    olga.get("/HomePage/permissions").await.assert_status(403);
    // The link to the permissions page shows to whoever may use it.
    assert!(
        olga.get("/Plan")
            .await
            .body
            .contains("href=\"/Plan/permissions\"")
    );
    assert!(
        !olga
            .visitor()
            .get("/Plan")
            .await
            .body
            .contains("/permissions")
    );
}

/// The SQL function the listings use and the Rust function every page check uses agree on
/// every list and every visitor, over many random cases.
#[actix_web::test]
async fn the_sql_and_rust_permission_checks_agree() {
    let app = TestApp::new().await;
    let mut rng = StdRng::seed_from_u64(20261128);
    let words = ["*", "+", "%", "@a", "@b", "alice", "bob"];
    let mut cases = Vec::new();
    for _ in 0..400 {
        let entries: Vec<String> = (0..rng.random_range(0..6))
            .map(|_| {
                let word = words[rng.random_range(0..words.len())];
                if rng.random_bool(0.3) {
                    format!("!{word}")
                } else {
                    word.to_owned()
                }
            })
            .collect();
        let signed_in = rng.random_bool(0.7);
        let user = ["alice", "bob", "carol"][rng.random_range(0..3)];
        let groups: Vec<String> = ["a", "b"]
            .into_iter()
            .filter(|_| rng.random_bool(0.5))
            .map(str::to_owned)
            .collect();
        let (is_owner, is_admin) = (rng.random_bool(0.15), rng.random_bool(0.1));
        cases.push((
            entries,
            signed_in,
            user,
            groups,
            is_owner && signed_in,
            is_admin && signed_in,
        ));
    }
    let values: Vec<String> = cases
        .iter()
        .map(|(entries, signed_in, user, groups, is_owner, is_admin)| {
            let array = |items: &[String]| {
                format!(
                    "ARRAY[{}]::text[]",
                    items.iter().map(|e| format!("'{e}'")).collect::<Vec<_>>().join(",")
                )
            };
            let viewer = if *signed_in { "'00000000-0000-0000-0000-000000000001'::uuid" } else { "NULL::uuid" };
            let owner = if *is_owner { viewer } else { "'00000000-0000-0000-0000-000000000002'::uuid" };
            format!(
                "coopwiki_acl_allows({}, ARRAY['!*']::text[], {owner}, {viewer}, {is_admin}, '{user}', {})::text",
                array(entries),
                array(groups)
            )
        })
        .collect();
    let from_sql = app.sql(&format!("SELECT unnest(ARRAY[{}])", values.join(",")));
    for (case, sql) in cases.iter().zip(from_sql) {
        let (entries, signed_in, user, groups, is_owner, is_admin) = case;
        let rust = Acl::parse(&entries.join("\n")).unwrap().allows(&Subject {
            user: signed_in.then_some((*user, groups.as_slice())),
            is_owner: *is_owner,
            is_admin: *is_admin,
        });
        assert_eq!(sql, rust.to_string(), "{case:?}");
    }
}

#[actix_web::test]
async fn search_results_counts_and_title_suggestions_leave_out_unreadable_pages() {
    let olga = private_wiki().await;
    let anonymous = olga.visitor();
    let mallory = olga.visitor();
    mallory.sign_up("mallory").await;
    // The private page is in the index: what follows leaves it out, not the indexer's delay.
    olga.search_settled();
    for visitor in [&anonymous, &mallory] {
        for path in [
            "/-/search?q=classified",
            "/-/search?q=secret",
            "/-/search?q=secrte",
            "/-/search?q=remark",
            "/-/search?q=remark&in=comments",
            "/-/search/titles?q=sec",
            "/-/search/suggest?q=secr",
        ] {
            let reply = visitor.get(path).await;
            reply.assert_status(200);
            assert!(
                !reply.body.contains("href=\"/Secret\"")
                    && !reply.body.contains("\"Secret\"")
                    && !reply.body.contains(", second version"),
                "{path} shows the private page:\n{}",
                reply.body
            );
        }
        let counted = visitor.get("/-/search?q=classified").await.body;
        assert!(
            counted.contains("No page matches"),
            "no page may be counted for this visitor: {counted}"
        );
        let comments = visitor.get("/-/search?q=remark&in=comments").await.body;
        assert!(
            comments.contains("No comment matches"),
            "no comment may be counted for this visitor: {comments}"
        );
    }
    // The owner finds it, by its text and by its title, and its comment.
    let found = olga.get("/-/search?q=classified").await.body;
    assert!(found.contains("href=\"/Secret\""), "{found}");
    assert!(found.contains("href=\"/Secret/discussion/1\""), "{found}");
    let comments = olga.get("/-/search?q=remark&in=comments").await.body;
    assert!(comments.contains("One comment matches"), "{comments}");
    let titles = olga.get("/-/search/titles?q=sec").await.body;
    assert!(titles.contains("\"Secret\""), "{titles}");
    // With a page everyone may read matching too, the owner gets both (the search takes
    // candidates among public pages, then among restricted ones), the others only that one.
    olga.edit("Public notes", "Nothing classified in here.")
        .await;
    olga.search_settled();
    let both = olga.get("/-/search?q=classified").await.body;
    assert!(
        both.contains("href=\"/Secret\"") && both.contains("href=\"/Public_notes\""),
        "{both}"
    );
    let one = anonymous.get("/-/search?q=classified").await.body;
    assert!(one.contains("href=\"/Public_notes\""), "{one}");
    assert!(!one.contains("href=\"/Secret\""), "{one}");
}

/// The class of the wiki link to `href` in a page's HTML (`None` when there is no such link).
fn link_class(body: &str, href: &str) -> Option<String> {
    let document = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse("article a.wikilink").unwrap();
    document
        .select(&selector)
        .find(|a| a.value().attr("href") == Some(href))
        .and_then(|a| a.value().attr("class").map(str::to_owned))
}

#[actix_web::test]
async fn a_link_to_a_private_page_looks_missing_to_who_may_not_read_it_whoever_rendered_first() {
    let olga = private_wiki().await;
    let anonymous = olga.visitor();
    let mallory = olga.visitor();
    mallory.sign_up("mallory").await;

    // Olga renders first: her view must not become everyone's.
    let own = olga.get("/Public").await.body;
    assert_eq!(link_class(&own, "/Secret").as_deref(), Some("wikilink"));
    for visitor in [&anonymous, &mallory] {
        let body = visitor.get("/Public").await.body;
        assert_eq!(
            link_class(&body, "/Secret/edit").as_deref(),
            Some("wikilink missing"),
            "{body}"
        );
        assert_eq!(link_class(&body, "/Secret"), None);
    }
    assert_eq!(
        link_class(&olga.get("/Public").await.body, "/Secret").as_deref(),
        Some("wikilink")
    );

    // A public page made private afterwards: pages linking to it are rendered again.
    olga.edit("Open", "public for now").await;
    olga.edit("Linker", "see [[Open]]").await;
    let before = anonymous.get("/Linker").await.body;
    assert_eq!(link_class(&before, "/Open").as_deref(), Some("wikilink"));
    olga.post(
        "/Open/permissions",
        &[("read", "olga"), ("write", "%"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let after = anonymous.get("/Linker").await.body;
    assert_eq!(
        link_class(&after, "/Open/edit").as_deref(),
        Some("wikilink missing"),
        "{after}"
    );
}

#[actix_web::test]
async fn a_name_held_by_an_unreadable_page_is_refused_without_losing_the_text_or_naming_it() {
    let olga = private_wiki().await;
    let mallory = olga.visitor();
    mallory.sign_up("mallory").await;
    let revisions_before = olga.sql("SELECT count(*) FROM revisions");

    // Mallory may create pages; Secret looks missing to her, so she gets the editor.
    mallory.get("/Secret/edit").await.assert_status(200);
    let refused = mallory
        .post(
            "/Secret/edit",
            &[("body", "my own notes about secrets"), ("base", "0")],
        )
        .await;
    refused.assert_status(409);
    assert!(
        refused.body.contains("“Secret” is not available"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("my own notes about secrets"),
        "the text comes back in the editor: {}",
        refused.body
    );
    assert!(!refused.body.contains("classified"));
    // A former name of the private page is refused the same way, by case too.
    let former = mallory
        .post("/oldsecret/edit", &[("body", "mine"), ("base", "0")])
        .await;
    former.assert_status(409);
    assert!(!former.body.contains("OldSecret"), "{}", former.body);
    assert_eq!(olga.sql("SELECT count(*) FROM revisions"), revisions_before);

    // Renaming onto it is refused without naming or linking the private page.
    mallory.edit("Mine", "mallory's page").await;
    let rename = mallory
        .post("/Mine/rename", &[("new_name", "secret")])
        .await;
    rename.assert_status(409);
    assert!(!rename.body.contains("/Secret"), "{}", rename.body);
    assert!(rename.body.contains("is not available"), "{}", rename.body);
    // Olga, who may read it, is told which page has the name.
    olga.edit("Hers", "olga's page").await;
    let hers = olga.post("/Hers/rename", &[("new_name", "secret")]).await;
    hers.assert_status(409);
    assert!(hers.body.contains("href=\"/Secret\""), "{}", hers.body);
}

/// A minimal valid Method sheet.
fn method_sheet(lang: &str, slug: &str, extra: &str) -> String {
    format!(
        "---\nform: Method\nlang: {lang}\ntranslation: {slug}\nhook: \"Hook of {slug}\"\n\
         summary: \"Summary of {slug}\"\npurposes: [decide]\n\
         group_size: {{min: 3, max: 9}}\nduration: {{min: 20, max: 30}}\n\
         difficulty: easy\nmodality: [in_person]\nphase: [convergent]\nsteps:\n\
         - {{title: \"Everything\", duration: 20, text: \"Do it.\"}}\nstatus: complete\n{extra}---\n\
         Body of {slug}.\n"
    )
}

#[actix_web::test]
async fn related_methods_and_translations_never_name_a_sheet_the_visitor_may_not_read() {
    let olga = TestApp::new().await;
    olga.add_user("olga", Role::Admin).await;
    olga.login_as("olga", PASSWORD).await;
    olga.edit("Draft method", &method_sheet("en", "draft", ""))
        .await;
    olga.edit("Méthode brouillon", &method_sheet("fr", "draft", ""))
        .await;
    olga.edit(
        "Known method",
        &method_sheet(
            "en",
            "known",
            "related:\n  - {method: draft, kind: often_followed_by}\n",
        ),
    )
    .await;
    for private in ["Draft_method", "Méthode_brouillon"] {
        olga.post(
            &format!("/{}/permissions", private.replace('é', "%C3%A9")),
            &[("read", "olga"), ("write", "%"), ("comment", "")],
        )
        .await
        .assert_status(303);
    }
    let own = olga.get("/Known_method").await.body;
    assert!(own.contains("href=\"/Draft_method\""), "{own}");

    let anonymous = olga.visitor();
    let known = anonymous.get("/Known_method").await;
    known.assert_status(200);
    assert!(!known.body.contains("Draft method"), "{}", known.body);
    assert!(!known.body.contains("/Draft_method"), "{}", known.body);
    olga.post(
        "/Draft_method/permissions",
        &[("read", "*"), ("write", "%"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let draft = anonymous.get("/Draft_method").await.body;
    assert!(draft.contains("Hook of draft"), "{draft}");
    assert!(
        !draft.contains("brouillon"),
        "the private French translation is not offered: {draft}"
    );
}

/// A save checks the visitor's right on the page as its transaction locked it: permissions
/// changed while the save waited for the page's row refuse it. (Checked before the lock, as it
/// once was, the save went through under the permissions it had not seen.)
#[actix_web::test]
async fn a_save_is_checked_against_the_permissions_it_waited_for() {
    use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
    let olga = TestApp::signed_in().await;
    olga.edit("Guarded", "Open to members.").await;
    let app = olga.visitor();
    app.sign_up("mallory").await;
    let base = app.latest_rev("Guarded").await.to_string();
    let mut other = AsyncPgConnection::establish(&app.db.url).await.unwrap();
    other
        .batch_execute("BEGIN; UPDATE pages SET write_acl = ARRAY['olga'] WHERE name = 'Guarded'")
        .await
        .unwrap();
    let fields = [
        ("body", "Changed meanwhile."),
        ("base", base.as_str()),
        ("summary", ""),
    ];
    let (reply, ()) = futures_util::join!(app.post("/Guarded/edit", &fields), async {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
        other.batch_execute("COMMIT").await.unwrap();
    });
    reply.assert_status(403);
    assert!(
        reply.body.contains("You may not change this page"),
        "{}",
        reply.body
    );
    assert_eq!(
        app.sql(
            "SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id \
             WHERE p.name = 'Guarded'"
        ),
        vec!["1"]
    );
}

/// Posts `fields` to `path` while another transaction holds the row of `page` and withdraws
/// everyone's right to write it, committing 300 ms later: the save, which waits for that row,
/// must be refused (403) and write nothing. Every save path decides on the locked row. The
/// page's owner (who may always write it) prepared it; another member, `mallory`, posts.
async fn refused_when_withdrawn_meanwhile(
    owner: &TestApp,
    page: &str,
    path: &str,
    fields: &[(&str, &str)],
) {
    let app = owner.visitor();
    app.sign_up("mallory").await;
    use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
    let count = format!(
        "SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = '{page}'"
    );
    let before = app.sql(&count);
    let mut other = AsyncPgConnection::establish(&app.db.url).await.unwrap();
    other
        .batch_execute(&format!(
            "BEGIN; UPDATE pages SET write_acl = ARRAY['nobody'] WHERE name = '{page}'"
        ))
        .await
        .unwrap();
    let (reply, ()) = futures_util::join!(app.post(path, fields), async {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
        other.batch_execute("COMMIT").await.unwrap();
    });
    reply.assert_status(403);
    assert_eq!(app.sql(&count), before, "{path} wrote without the right");
}

const GUARDED_SHEET: &str = "---\nform: Method\nlang: en\ntranslation: guarded\n\
    hook: \"Hook of guarded\"\nsummary: \"Summary of guarded\"\npurposes: [decide]\n\
    group_size: {min: 5, max: 30}\nduration: {min: 30, max: 60}\ndifficulty: easy\n\
    modality: [in_person]\nphase: [convergent]\nsteps:\n\
    - {title: \"Everything\", duration: 30, text: \"Do it.\"}\nstatus: complete\n---\n\
    Body of guarded.\n";

#[actix_web::test]
async fn the_typed_sheet_editor_is_checked_against_the_permissions_it_waited_for() {
    let app = TestApp::signed_in().await;
    app.edit("Guarded", GUARDED_SHEET).await.assert_status(303);
    let fields = [
        ("form", "Method"),
        ("base", "1"),
        ("lang", "en"),
        ("translation", "guarded"),
        ("f.hook", "A hook changed meanwhile"),
        ("f.summary", "Summary of guarded"),
        ("f.purposes", "decide"),
        ("f.group_size.min", "5"),
        ("f.group_size.max", "30"),
        ("f.duration.min", "30"),
        ("f.duration.max", "60"),
        ("f.difficulty", "easy"),
        ("f.modality", "in_person"),
        ("f.phase", "convergent"),
        ("f.steps.0.title", "Everything"),
        ("f.steps.0.duration", "30"),
        ("f.steps.0.text", "Do it."),
        ("f.status", "complete"),
        ("body", "Body of guarded.\n"),
        ("action", "save"),
    ];
    refused_when_withdrawn_meanwhile(&app, "Guarded", "/Guarded/sheet", &fields).await;
}

#[actix_web::test]
async fn the_programme_editor_is_checked_against_the_permissions_it_waited_for() {
    let app = TestApp::signed_in().await;
    let mut fields = vec![
        ("title", "Summer camp"),
        ("start", "2026-07-01"),
        ("end", "2026-07-02"),
        ("timezone", "Europe/Paris"),
        ("rooms", "Barn"),
        ("slot-0-day", "2026-07-01"),
        ("slot-0-start", "10:00"),
        ("slot-0-duration", "60"),
        ("slot-0-room", "Barn"),
        ("slot-0-title", "Welcome"),
        ("body", "Bring boots."),
        ("action", "save"),
    ];
    let mut create = fields.clone();
    create.push(("page", "Camp"));
    app.post("/-/programmes/new", &create)
        .await
        .assert_status(303);
    fields.retain(|(key, _)| *key != "slot-0-title");
    fields.extend([
        ("slot-0-title", "Welcome, changed meanwhile"),
        ("base", "1"),
    ]);
    refused_when_withdrawn_meanwhile(&app, "Camp", "/Camp/programme", &fields).await;
}

#[actix_web::test]
async fn restoring_is_checked_against_the_permissions_it_waited_for() {
    let app = TestApp::signed_in().await;
    app.edit("Guarded", "First.").await;
    app.edit("Guarded", "Second.").await;
    refused_when_withdrawn_meanwhile(&app, "Guarded", "/Guarded/restore?rev=1", &[]).await;
}

#[actix_web::test]
async fn a_catalogue_import_is_checked_against_the_permissions_it_waited_for() {
    let app = TestApp::signed_in().await;
    app.edit("Guarded", GUARDED_SHEET).await.assert_status(303);
    let export = app.get("/-/methods.json?lang=en").await.body;
    let mut records: Vec<serde_json::Value> = serde_json::from_str(&export).unwrap();
    records[0]["hook"] = "A hook imported meanwhile".into();
    let data = serde_json::to_string(&records).unwrap();
    let fields = [
        ("format", "json"),
        ("data", data.as_str()),
        ("action", "apply"),
    ];
    refused_when_withdrawn_meanwhile(&app, "Guarded", "/-/methods/import", &fields).await;
}

#[derive(diesel::QueryableByName)]
struct ReadableName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The read rule written as SQL for queries written as text (`access::Readable`: on pages, and
/// on rows derived from pages with their `default_read` flag, as search and the catalogue use
/// it) lets through exactly the pages `Access::may_read` lets through, for generated read
/// lists, site defaults, owners and visitors (anonymous, members in groups, editors, admins).
#[actix_web::test]
async fn the_sql_read_predicate_and_may_read_agree_on_generated_pages_and_visitors() {
    use coopwiki::access::Access;
    use coopwiki::db::sql::Sql;
    use coopwiki::identity::{User, Viewer};
    use coopwiki::model::Page;
    use diesel::{QueryDsl, SelectableHelper};
    use diesel_async::RunQueryDsl;

    let app = TestApp::new().await;
    app.add_user("alice", Role::Member).await;
    app.add_user("bob", Role::Editor).await;
    app.add_user("root", Role::Admin).await;
    let id_of = |name: &str| {
        app.sql(&format!("SELECT id::text FROM users WHERE name = '{name}'"))[0]
            .parse::<uuid::Uuid>()
            .unwrap()
    };
    let (alice, bob) = (id_of("alice"), id_of("bob"));
    let mut rng = StdRng::seed_from_u64(20261206);
    let words = ["*", "+", "%", "@a", "@b", "alice", "bob", "carol"];
    let list = |rng: &mut StdRng| -> Vec<String> {
        (0..rng.random_range(1..4))
            .map(|_| {
                let word = words[rng.random_range(0..words.len())];
                if rng.random_bool(0.25) {
                    format!("!{word}")
                } else {
                    word.to_owned()
                }
            })
            .collect()
    };
    for i in 0..80 {
        let acl = if rng.random_bool(0.4) {
            "NULL".to_owned()
        } else {
            let entries = list(&mut rng);
            let quoted: Vec<String> = entries.iter().map(|e| format!("'{e}'")).collect();
            format!("ARRAY[{}]::text[]", quoted.join(","))
        };
        let owner = match rng.random_range(0..3) {
            0 => format!("'{alice}'"),
            1 => format!("'{bob}'"),
            _ => "NULL".to_owned(),
        };
        TestApp::execute(
            &app,
            &format!(
                "INSERT INTO pages (id, name, name_key, latest_rev, owner_id, read_acl) \
             VALUES (gen_random_uuid(), 'P{i}', 'p{i}', 1, {owner}, {acl})"
            ),
        );
    }
    let mut conn = app.state.pool.get().await.unwrap();
    let pages: Vec<Page> = coopwiki::db::schema::pages::table
        .select(Page::as_select())
        .load(&mut conn)
        .await
        .unwrap();
    let user = |id, name: &str, role, groups: &[&str]| User {
        id,
        name: name.to_owned(),
        name_key: name.to_owned(),
        email: format!("{name}@example.org"),
        role,
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    };
    let viewers = [
        Viewer::default(),
        Viewer {
            user: Some(user(alice, "alice", Role::Member, &["a"])),
            session: None,
        },
        Viewer {
            user: Some(user(alice, "alice", Role::Member, &[])),
            session: None,
        },
        Viewer {
            user: Some(user(bob, "bob", Role::Editor, &["b"])),
            session: None,
        },
        Viewer {
            user: Some(user(id_of("root"), "root", Role::Admin, &[])),
            session: None,
        },
        Viewer {
            user: Some(user(uuid::Uuid::nil(), "carol", Role::Member, &["a", "b"])),
            session: None,
        },
    ];
    let mut compared = 0;
    for _ in 0..12 {
        let mut settings = app.state.settings.clone();
        settings.default_read_acl = list(&mut rng);
        for viewer in &viewers {
            let access = Access {
                settings: &settings,
                viewer,
                here: "/",
            };
            let mut expected: Vec<String> = pages
                .iter()
                .filter(|page| access.may_read(page))
                .map(|page| page.name.clone())
                .collect();
            expected.sort();
            for form in ["page", "row"] {
                let mut sql = Sql::default();
                let readable = access.read_filter().bind(&mut sql);
                let condition = match form {
                    "page" => readable.page("p"),
                    _ => readable.row("r.id", "r.default_read"),
                };
                let text = format!(
                    "SELECT r.name FROM (SELECT p.*, p.read_acl IS NULL AS default_read \
                     FROM pages p) AS r JOIN pages p ON p.id = r.id \
                     WHERE {condition} ORDER BY r.name"
                );
                let mut found: Vec<String> = sql
                    .query(text)
                    .load::<ReadableName>(&mut conn)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|row| row.name)
                    .collect();
                found.sort();
                assert_eq!(
                    found,
                    expected,
                    "{form} for {:?} under default {:?}",
                    viewer.user.as_ref().map(|u| &u.name),
                    settings.default_read_acl
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 12 * viewers.len() * 2);
}

/// The editor's heartbeat of a page the visitor may not read answers as for a page nobody
/// edits: nothing recorded under it, nobody reported; its owner never sees the intruder.
#[actix_web::test]
async fn the_presence_heartbeat_of_an_unreadable_page_records_and_reports_nothing() {
    let olga = private_wiki().await;
    let mallory = olga.visitor();
    mallory.sign_up("mallory").await;
    let anonymous = olga.visitor();
    olga.get("/Secret/edit").await.assert_status(200);
    for intruder in [&mallory, &anonymous] {
        let reply = intruder.post("/Secret/presence", &[]).await;
        reply.assert_status(200);
        let answer: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(answer["others"], 0, "{}", reply.body);
        assert_eq!(answer["text"], "", "{}", reply.body);
    }
    let owner: serde_json::Value =
        serde_json::from_str(&olga.post("/Secret/presence", &[]).await.body).unwrap();
    assert_eq!(
        owner["others"], 0,
        "the owner is told of an intruder: {owner}"
    );
    assert_eq!(
        olga.sql("SELECT count(*) FROM editor_presence WHERE page_key = 'secret'"),
        ["1"]
    );
}

/// The catalogue import's dry run decides as the import does: a sheet the visitor may not read
/// is "not available" (not "updated": that would confirm it exists), one they may not write is
/// refused, and applying writes nothing.
#[actix_web::test]
async fn the_import_dry_run_refuses_what_the_import_would_refuse() {
    let owner = TestApp::signed_in().await;
    owner
        .edit("Guarded", GUARDED_SHEET)
        .await
        .assert_status(303);
    let export = owner.get("/-/methods.json?lang=en").await.body;
    let readonly = GUARDED_SHEET.replace("translation: guarded", "translation: readonly");
    owner.edit("Readonly", &readonly).await.assert_status(303);
    owner
        .post(
            "/Guarded/permissions",
            &[("read", "tester"), ("write", "%"), ("comment", "")],
        )
        .await
        .assert_status(303);
    owner
        .post(
            "/Readonly/permissions",
            &[("read", "*"), ("write", "tester"), ("comment", "")],
        )
        .await
        .assert_status(303);
    let mut records: Vec<serde_json::Value> = serde_json::from_str(&export).unwrap();
    records[0]["hook"] = "Changed by mallory".into();
    let mut other = records[0].clone();
    other["page"] = "Readonly".into();
    other["translation"] = "readonly".into();
    let data = serde_json::to_string(&[records[0].clone(), other]).unwrap();
    let mallory = owner.visitor();
    mallory.sign_up("mallory").await;
    let dry = mallory
        .post(
            "/-/methods/import",
            &[("format", "json"), ("data", &data), ("action", "dry_run")],
        )
        .await;
    dry.assert_status(200);
    assert!(
        dry.body
            .contains("Created: 0 · updated: 0 · unchanged: 0 · refused: 2."),
        "{}",
        dry.body
    );
    assert!(dry.body.contains("not available"), "{}", dry.body);
    let applied = mallory
        .post(
            "/-/methods/import",
            &[("format", "json"), ("data", &data), ("action", "apply")],
        )
        .await;
    applied.assert_status(422);
    assert_eq!(
        owner.sql("SELECT hook FROM sheets ORDER BY hook"),
        ["Hook of guarded", "Hook of guarded"]
    );
}

/// A list naming a group or a person this wiki does not have (`@orgaa` for `@orga`) would lock
/// out the people meant: it is shown back with the names, and saved only once confirmed.
#[actix_web::test]
async fn a_list_naming_nobody_is_saved_only_once_confirmed() {
    let app = TestApp::signed_in().await;
    app.edit("Plan", "The plan.").await;
    let warned = app
        .post(
            "/Plan/permissions",
            &[("read", "@orgaa\nghost\n+"), ("write", "%")],
        )
        .await;
    warned.assert_status(422);
    assert!(warned.body.contains("@orgaa, ghost"), "{}", warned.body);
    assert!(
        warned.body.contains("@orgaa\nghost\n+"),
        "the lists come back as typed"
    );
    assert!(
        warned.body.contains("class=\"site-name\""),
        "{}",
        warned.body
    );
    assert_eq!(
        app.sql("SELECT coalesce(read_acl::text, 'default') FROM pages WHERE name = 'Plan'"),
        ["default"]
    );
    app.post(
        "/Plan/permissions",
        &[
            ("read", "@orgaa\nghost\n+"),
            ("write", "%"),
            ("confirm_unknown", "@orgaa ghost"),
        ],
    )
    .await
    .assert_status(303);
    assert_eq!(
        app.sql("SELECT read_acl::text FROM pages WHERE name = 'Plan'"),
        ["{@orgaa,ghost,+}"]
    );
    // Known names need no confirmation.
    app.post(
        "/Plan/permissions",
        &[("read", "tester\n+"), ("write", "%")],
    )
    .await
    .assert_status(303);
}
