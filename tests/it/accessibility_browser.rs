//! Issues #20 and #21: axe-core reports no violation (WCAG 2.x A and AA, and its best practices)
//! on any page type, in English and in French, on a wide screen (1,280 px) and on a phone
//! (390 px).
//!
//! axe-core is not in the repository: `.ci/run` installs it from the npm registry outside the
//! checkout and points `AXE_JS` at its `axe.min.js` (the default path below is the same). The
//! test injects that file into each page and runs it on the whole document.

use std::time::Duration;

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, Locator};

use crate::browser::{
    browser, click, click_save, sign_up_as, start_driver, start_wiki_with, type_into,
};
use crate::harness::{TestDb, admin};

/// Where `.ci/run` installs axe-core when `AXE_JS` is not set, under `$HOME`.
const AXE_DEFAULT: &str = ".cache/coopwiki-axe/node_modules/axe-core/axe.min.js";

/// The text of axe.min.js, or None when it is not installed outside CI (CI installs it and must
/// run this).
fn axe_source() -> Option<String> {
    let path = std::env::var("AXE_JS").unwrap_or_else(|_| {
        format!(
            "{}/{AXE_DEFAULT}",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) => {
            assert!(
                std::env::var("CI").is_err(),
                "axe-core is missing at {path} ({error}): .ci/run installs it, or set AXE_JS"
            );
            eprintln!(
                "SKIPPED accessibility test: no axe-core at {path}; install it with \
                 `npm install --prefix \"$HOME/.cache/coopwiki-axe\" axe-core@4.14.1` \
                 or set AXE_JS to an axe.min.js"
            );
            None
        }
    }
}

/// The rules axe runs: those of WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best
/// practices (landmarks, their names, headings): the violations axe's own browser extension
/// reports by default.
const TAGS: [&str; 6] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

/// Runs axe on the whole document the browser shows; answers one line per node in violation,
/// each saying `what` page it was, the rule, its impact, the node's selector, the start of its
/// HTML and what to fix. (axe.min.js is injected again on each page: a navigation forgets it.)
async fn axe_violations(client: &Client, axe: &str, what: &str) -> Vec<String> {
    client.execute(axe, vec![]).await.unwrap();
    let found = client
        .execute_async(
            "const [tags, done] = arguments;
             axe.run(document, {runOnly: {type: 'tag', values: tags}})
               .then(r => done({
                 passes: r.passes.length,
                 violations: r.violations.flatMap(v => v.nodes.map(n =>
                   [v.id, v.impact, n.target.join(' '), n.html.slice(0, 200),
                    (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)]))}))
               .catch(e => done({passes: 0, violations: [['axe-error', '', '', String(e), '']]}));",
            vec![serde_json::json!(TAGS)],
        )
        .await
        .unwrap();
    let mut lines: Vec<String> = found["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let at = |i: usize| v[i].as_str().unwrap_or_default().to_owned();
            format!(
                "{what}: {} ({}) at `{}`: {} — {}",
                at(0),
                at(1),
                at(2),
                at(3),
                at(4)
            )
        })
        .collect();
    // A run that checked nothing (no document, axe not loaded) must not pass for a clean page.
    if found["passes"].as_u64().unwrap_or(0) == 0 {
        lines.push(format!("{what}: axe passed no rule at all"));
    }
    lines
}

/// Chooses `lang` with the language switch of the page the browser shows.
async fn switch_language(client: &Client, base: &str, lang: &str) {
    client.goto(&format!("{base}/-/pages")).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("#cw-lang"))
        .await
        .unwrap()
        .select_by_value(lang)
        .await
        .unwrap();
    click(client, "form.lang-switch button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css(&format!("html[lang={lang}]")))
        .await
        .unwrap();
}

/// Saves `text` as the page `name` through its (raw) editor.
async fn save_page(client: &Client, base: &str, name: &str, text: &str) {
    client.goto(&format!("{base}/{name}/edit")).await.unwrap();
    let body = client
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    body.clear().await.unwrap();
    body.send_keys(text).await.unwrap();
    click_save(client).await;
    client
        .wait()
        .for_element(Locator::Css("div.notice.saved"))
        .await
        .unwrap();
}

/// Every page type, as an administrator and as a visitor, in both languages, at 1,280 px and
/// 390 px: the starter catalogue, a page with two revisions, a sheet changed in its typed
/// editor, a programme pinned to the sheet's first revision (so it shows the "moved on" notice),
/// the administration page, the login, sign-up and not-found pages.
#[actix_web::test]
async fn axe_finds_no_violation_on_any_page_type() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |settings| {
        settings.starter_catalogue = true;
    });
    let client = browser(port, &base).await;
    let timeouts = TimeoutConfiguration::new(
        Some(Duration::from_secs(120)),
        Some(Duration::from_secs(60)),
        None,
    );
    client.update_timeouts(timeouts.clone()).await.unwrap();
    sign_up_as(&client, &base, "Ada").await;
    // The administration page needs an administrator; the role's change reaches the session
    // cache through the database's notification.
    admin(db.url.clone(), |conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query("UPDATE users SET role = 'admin' WHERE name = 'Ada'").execute(conn)
    })
    .unwrap();
    // Every page is checked as a community that made the site its own would show it: its
    // tagline, licence and colours (those the settings page accepts) in the frame.
    admin(db.url.clone(), |conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query(
            "UPDATE site_settings SET name = 'Atelier Commun', tagline = 'Methods we share', \
             licence = 'Content under CC BY-SA 4.0', text_colour = '#111111', \
             background_colour = '#fffdf5', accent_colour = '#6a1b9a'",
        )
        .execute(conn)
    })
    .unwrap();

    save_page(&client, &base, "Notes", "# Notes\n\nFirst version.").await;
    save_page(
        &client,
        &base,
        "Notes",
        "# Notes\n\nSecond version, with a [[Fishbowl]] link.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    )
    .await;
    // A programme pinned to the sheet's first revision, before the sheet changes.
    save_page(
        &client,
        &base,
        "Camp",
        "---\nprogramme: \"Summer camp\"\nstart: 2026-07-01\nend: 2026-07-02\n\
         place: \"The farm\"\ntimezone: \"Europe/Paris\"\nrooms: [\"Barn\", \"Meadow\"]\nslots:\n\
         - {day: 2026-07-01, start: \"09:30\", duration: 90, room: \"Barn\", \
         title: \"Opening circle\", facilitators: [\"Ada\"], group: 40, methods: [\"Fishbowl@1\"]}\n\
         - {day: 2026-07-02, start: \"14:00\", duration: 60, room: \"Meadow\", title: \"Harvest\"}\n\
         ---\nTwo days.\n",
    )
    .await;
    // The sheet's second revision, through its typed editor.
    client.goto(&format!("{base}/Fishbowl/edit")).await.unwrap();
    let hook = client
        .wait()
        .for_element(Locator::Css("[name='f.hook']"))
        .await
        .unwrap();
    hook.clear().await.unwrap();
    hook.send_keys("An inner circle talks, the others listen")
        .await
        .unwrap();
    click_save(&client).await;
    client
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    // A discussion with a comment and a reply, and a watched page.
    client.goto(&format!("{base}/Notes")).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("#comment-body"))
        .await
        .unwrap()
        .send_keys("A first **remark**.")
        .await
        .unwrap();
    client
        .find(Locator::Css("#comment-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("article.comment"))
        .await
        .unwrap();
    client
        .find(Locator::Css("form.watch button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("form.watch[action$='/unwatch']"))
        .await
        .unwrap();

    let member_paths = [
        "/",
        "/Notes",
        "/Notes?rev=1",
        "/Notes/edit",
        "/Notes/live",
        "/Notes/history",
        "/Notes/diff?from=1&to=2",
        "/Notes/restore?rev=1",
        "/Notes/backlinks",
        "/Notes/permissions",
        "/Notes/attachments",
        "/Notes/rename",
        "/Notes/print",
        "/Notes/embed",
        "/-/search?q=circle",
        "/-/methods",
        "/-/methods?layout=list",
        "/-/methods?purposes=decide&group_size=12",
        "/-/methods?purposes=decide&group_size=50",
        "/-/methods/cards",
        "/Fishbowl",
        "/Fishbowl/edit",
        "/Fishbowl/live",
        "/Fishbowl/history",
        "/Fishbowl/diff?from=1&to=2",
        "/Fishbowl/print",
        "/-/methods/new",
        "/-/methods/import",
        "/Camp",
        "/Camp/edit",
        "/Camp/cards",
        "/-/programmes",
        "/-/programmes?month=2026-07",
        "/-/programmes/new",
        "/-/programmes/import",
        "/-/recent",
        "/-/pages",
        "/-/new",
        "/-/wanted",
        "/-/orphans",
        "/-/users/Ada",
        "/-/users/Ada/comments",
        "/Notes/discussion",
        "/-/search?q=remark",
        "/-/search?q=remark&in=comments",
        "/Notes/discussion/1/edit",
        "/Notes/discussion/1/history",
        "/-/moderation",
        "/-/watchlist",
        "/-/recent?show=comments",
        "/-/account",
        "/-/forms",
        "/-/admin/",
        "/-/admin/settings",
        "/No_such_page",
    ];
    let visitor_paths = ["/-/login", "/-/signup", "/-/reset", "/-/no/such/thing"];

    let visitor = browser(port, &base).await;
    visitor.update_timeouts(timeouts).await.unwrap();
    let mut violations = Vec::new();
    let mut checked = 0;
    for lang in ["en", "fr"] {
        switch_language(&client, &base, lang).await;
        switch_language(&visitor, &base, lang).await;
        for (width, height) in [(1280, 900), (390, 844)] {
            client.set_window_size(width, height).await.unwrap();
            visitor.set_window_size(width, height).await.unwrap();
            let at = |what: &str, role: &str| format!("{what} ({role}, {lang}, {width} px)");
            let runs = member_paths
                .iter()
                .map(|path| (&client, "admin", path))
                .chain(visitor_paths.iter().map(|path| (&visitor, "visitor", path)));
            for (who, role, path) in runs {
                who.goto(&format!("{base}{path}")).await.unwrap();
                who.wait()
                    .for_element(Locator::Css(&format!("html[lang={lang}] body")))
                    .await
                    .unwrap_or_else(|e| panic!("{path} in {lang}: {e}"));
                violations.extend(axe_violations(who, &axe, &at(path, role)).await);
                checked += 1;
            }

            // What a form answers: the editor's preview beside (or below) the text, and the
            // login form again with its error.
            client.goto(&format!("{base}/Notes/edit")).await.unwrap();
            type_into(&client, "textarea[name=body]", "\n\nA *previewed* line.").await;
            click(&client, "button[value=preview]").await;
            client
                .wait()
                .for_element(Locator::Css("section.preview em"))
                .await
                .unwrap();
            violations.extend(axe_violations(&client, &axe, &at("preview", "admin")).await);
            visitor.goto(&format!("{base}/-/login")).await.unwrap();
            type_into(&visitor, "input[name=login]", "Ada").await;
            type_into(&visitor, "input[name=password]", "not the password").await;
            click(&visitor, "form[action='/-/login'] button[type=submit]").await;
            visitor
                .wait()
                .for_element(Locator::Css("main .error-message"))
                .await
                .unwrap();
            violations
                .extend(axe_violations(&visitor, &axe, &at("refused login", "visitor")).await);
            checked += 2;
        }
    }
    eprintln!("axe checked {checked} pages");
    // The administrator really saw the administration page, not a refusal.
    client.goto(&format!("{base}/-/admin/")).await.unwrap();
    assert!(
        client.source().await.unwrap().contains("/-/admin/groups"),
        "the administration page"
    );
    visitor.close().await.unwrap();
    client.close().await.unwrap();
    assert!(
        violations.is_empty(),
        "{} axe violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}
