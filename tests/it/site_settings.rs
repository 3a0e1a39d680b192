//! Issue #21, "a wiki a community makes its own": the site settings page at
//! `/-/admin/settings` (name, tagline, logo, colours with a contrast check, home page, default
//! language, licence), for administrators only, effective on every page and every instance at
//! once.

use std::time::{Duration, Instant};

use actix_web::test::TestRequest;
use coopwiki::identity::Role;

use crate::harness::{PASSWORD, TestApp};

/// A wiki whose visitor is the administrator `ada`.
async fn as_admin() -> TestApp {
    let app = TestApp::new().await;
    app.add_user("ada", Role::Admin).await;
    app.login_as("ada", PASSWORD).await;
    app
}

/// A whole settings form: `changes` over readable defaults.
fn form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("name", "Atelier Commun"),
        ("tagline", "Methods we share"),
        ("logo", ""),
        ("text_colour", "#111111"),
        ("background_colour", "#fffdf5"),
        ("accent_colour", "#6a1b9a"),
        ("home_page", "Welcome"),
        ("language", "fr"),
        ("licence", "Content under CC BY-SA 4.0"),
    ];
    for (name, value) in changes {
        if let Some(field) = fields.iter_mut().find(|(field, _)| field == name) {
            field.1 = value;
        }
    }
    fields
}

/// The stylesheet of the colours a page links to, if any.
fn site_css_href(body: &str) -> Option<String> {
    let at = body.find("href=\"/-/site.css?v=")? + "href=\"".len();
    let end = at + body[at..].find('"')?;
    Some(body[at..end].to_owned())
}

#[actix_web::test]
async fn an_admin_sets_the_site_and_every_page_shows_it() {
    let app = as_admin().await;
    app.edit("Welcome", "# Welcome\n\nThe community's own front page.")
        .await;
    let page = app.get("/-/admin/settings").await;
    page.assert_status(200);
    assert!(page.body.contains("name=\"csrf\""), "{}", page.body);
    assert!(page.body.contains("action=\"/-/admin/settings\""));
    // Linked from the administration's other page.
    assert!(
        app.get("/-/admin/")
            .await
            .body
            .contains("href=\"/-/admin/settings\"")
    );

    let saved = app.post("/-/admin/settings", &form(&[])).await;
    saved.assert_status(303);
    assert_eq!(saved.location(), "/-/admin/settings?saved=1");
    assert!(
        app.get(saved.location())
            .await
            .body
            .contains("value=\"#6a1b9a\"")
    );

    let visitor = app.visitor();
    let home = visitor.get("/").await;
    home.assert_status(200);
    assert!(
        home.body.contains("The community&#39;s own front page")
            || home.body.contains("The community's own front page"),
        "the home page setting chooses what / shows:\n{}",
        home.body
    );
    // A visitor who asks for no language gets the site's default one.
    assert!(home.body.contains("<html lang=\"fr\""), "{}", home.body);
    for path in ["/", "/-/recent", "/-/methods", "/Welcome/history"] {
        let body = visitor.get(path).await.body;
        assert!(
            body.contains("· Atelier Commun</title>"),
            "{path}: the name in the title"
        );
        assert!(
            body.contains("class=\"site-name\" href=\"/\">Atelier Commun</a>"),
            "{path}: the name in the header:\n{body}"
        );
        assert!(body.contains("Methods we share"), "{path}: the tagline");
        assert!(
            body.contains("Content under CC BY-SA 4.0"),
            "{path}: the licence in the footer"
        );
        let href = site_css_href(&body).expect("the colours' stylesheet is linked");
        let css = visitor.get(&href).await;
        css.assert_status(200);
        assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
        assert!(css.body.contains("--accent: #6a1b9a;"), "{}", css.body);
        assert!(css.body.contains("background: #fffdf5;"), "{}", css.body);
    }
    // Someone who asked for English keeps it.
    let english = visitor
        .request(
            TestRequest::get()
                .uri("/")
                .insert_header(("Accept-Language", "en")),
        )
        .await;
    assert!(english.body.contains("<html lang=\"en\""));
    assert!(
        visitor
            .get("/-/recent.atom")
            .await
            .body
            .contains("Atelier Commun — ")
    );
    assert!(
        visitor
            .get("/-/opensearch.xml")
            .await
            .body
            .contains("Atelier Commun")
    );

    // Emptied fields go back to the defaults: no stylesheet, the configured name.
    let cleared = form(&[
        ("name", ""),
        ("tagline", ""),
        ("text_colour", ""),
        ("background_colour", ""),
        ("accent_colour", ""),
        ("home_page", ""),
        ("language", "en"),
        ("licence", ""),
    ]);
    app.post("/-/admin/settings", &cleared)
        .await
        .assert_status(303);
    let home = visitor.get("/").await.body;
    assert!(home.contains(">coopwiki</a>"), "{home}");
    assert_eq!(site_css_href(&home), None);
    assert!(!home.contains("class=\"site-licence\""));
}

#[actix_web::test]
async fn a_logo_is_an_image_attached_to_a_page() {
    let app = as_admin().await;
    app.edit("Brand", "Our logo.").await;
    let png = {
        let mut bytes = Vec::new();
        image::RgbImage::new(4, 4)
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    };
    crate::attachments::upload(&app, "Brand", "logo.png", &png)
        .await
        .assert_status(303);
    let refused = app
        .post("/-/admin/settings", &form(&[("logo", "Brand/missing.png")]))
        .await;
    refused.assert_status(422);
    assert!(
        refused
            .body
            .contains("No image is attached under this name")
    );
    app.post("/-/admin/settings", &form(&[("logo", "Brand/logo.png")]))
        .await
        .assert_status(303);
    let home = app.visitor().get("/").await.body;
    assert!(
        home.contains("class=\"site-logo\" src=\"/Brand/attachments/logo.png\""),
        "{home}"
    );
}

#[actix_web::test]
async fn only_admins_reach_the_settings() {
    let app = TestApp::new().await;
    app.add_user("ada", Role::Admin).await;
    let anonymous = app.visitor();
    let login = anonymous.get("/-/admin/settings").await;
    login.assert_status(303);
    assert!(
        login.location().starts_with("/-/login?next="),
        "{}",
        login.location()
    );
    anonymous
        .post("/-/admin/settings", &form(&[]))
        .await
        .assert_status(303);

    let member = app.visitor();
    member.sign_up("mia").await;
    member.get("/-/admin/settings").await.assert_status(403);
    member
        .post("/-/admin/settings", &form(&[]))
        .await
        .assert_status(403);
    assert_eq!(app.sql("SELECT count(name) FROM site_settings"), vec!["0"]);
    assert!(!app.get("/").await.body.contains("Atelier Commun"));
}

#[actix_web::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let app = as_admin().await;
    app.post_raw("/-/admin/settings", &form(&[]))
        .await
        .assert_status(403);
    assert_eq!(app.sql("SELECT count(name) FROM site_settings"), vec!["0"]);
}

#[actix_web::test]
async fn an_unreadable_colour_pair_is_refused_with_its_ratio_and_nothing_is_saved() {
    let app = as_admin().await;
    let refused = app
        .post(
            "/-/admin/settings",
            &form(&[("text_colour", "#aaaaaa"), ("background_colour", "#ffffff")]),
        )
        .await;
    refused.assert_status(422);
    assert!(
        refused
            .body
            .contains("#aaaaaa on #ffffff has a contrast ratio of 2.32:1; at least 4.5:1"),
        "{}",
        refused.body
    );
    // What was typed comes back, marked.
    assert!(refused.body.contains(
        "value=\"#aaaaaa\" maxlength=\"7\" aria-describedby=\"cw-setting-text_colour-error"
    ));
    assert!(refused.body.contains("aria-invalid=\"true\""));
    // The name in the same form was not saved either.
    assert_eq!(app.sql("SELECT count(name) FROM site_settings"), vec!["0"]);
    assert!(!app.get("/").await.body.contains("Atelier Commun"));

    let not_a_colour = app
        .post("/-/admin/settings", &form(&[("accent_colour", "purple")]))
        .await;
    not_a_colour.assert_status(422);
    assert!(not_a_colour.body.contains("Write a colour as #rrggbb"));
}

#[actix_web::test]
async fn problems_are_told_in_the_visitors_language() {
    let app = as_admin().await;
    let refused = app
        .request(
            TestRequest::post()
                .uri("/-/admin/settings")
                .insert_header(("Accept-Language", "fr"))
                .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
                .set_payload(
                    serde_urlencoded::to_string(
                        [("csrf", app.csrf().await.as_str())]
                            .into_iter()
                            .chain(form(&[("accent_colour", "#ffdd00")]))
                            .collect::<Vec<_>>(),
                    )
                    .unwrap(),
                ),
        )
        .await;
    refused.assert_status(422);
    assert!(
        refused
            .body
            .contains("#ffdd00 sur #fffdf5 a un rapport de contraste de"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("Les réglages n’ont pas été enregistrés")
    );
}

#[actix_web::test]
async fn a_change_on_one_instance_shows_on_another_without_a_restart() {
    let first = as_admin().await;
    let second = first.instance();
    // The second instance listens for changes and has the old site cached.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !second.state.caches.views.is_listening() {
        assert!(Instant::now() < deadline, "the second instance listens");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = second.get("/").await.body;
    assert!(before.contains(">coopwiki</a>"));

    first
        .post(
            "/-/admin/settings",
            &form(&[("name", "Second Sight"), ("accent_colour", "#8b0000")]),
        )
        .await
        .assert_status(303);

    let deadline = Instant::now() + Duration::from_secs(5);
    let body = loop {
        let body = second.get("/").await.body;
        if body.contains(">Second Sight</a>") {
            break body;
        }
        assert!(
            Instant::now() < deadline,
            "the second instance still shows the old name:\n{body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let href = site_css_href(&body).expect("the colours' stylesheet");
    let css = second.get(&href).await;
    assert!(css.body.contains("--accent: #8b0000;"), "{}", css.body);
}

#[actix_web::test]
async fn an_error_answered_before_any_handler_wears_the_sites_name_colours_and_language() {
    let app = as_admin().await;
    app.post("/-/admin/settings", &form(&[]))
        .await
        .assert_status(303);
    let visitor = app.visitor();
    // An address no route knows, and a query its route cannot read: actix answers both
    // before any handler builds the site's frame.
    let unknown = visitor.get("/-/no-such-place").await;
    unknown.assert_status(404);
    let refused = visitor.get("/Welcome?rev=first").await;
    refused.assert_status(400);
    for answer in [&unknown, &refused] {
        let body = &answer.body;
        assert!(body.contains("· Atelier Commun</title>"), "{body}");
        assert!(
            body.contains("class=\"site-name\" href=\"/\">Atelier Commun</a>"),
            "{body}"
        );
        assert!(!body.contains(">coopwiki<"), "{body}");
        assert!(
            site_css_href(body).is_some(),
            "the colours are linked:\n{body}"
        );
        // Nobody asked for a language: the site's default one.
        assert!(body.contains("<html lang=\"fr\""), "{body}");
    }
}

#[actix_web::test]
async fn printed_and_embedded_cards_wear_the_sites_colours() {
    let app = as_admin().await;
    app.edit("Welcome", "# Welcome\n\nOur methods.").await;
    app.post("/-/admin/settings", &form(&[]))
        .await
        .assert_status(303);
    let visitor = app.visitor();
    for path in ["/Welcome/print", "/Welcome/embed", "/-/methods/cards"] {
        let answer = visitor.get(path).await;
        answer.assert_status(200);
        let href = site_css_href(&answer.body)
            .unwrap_or_else(|| panic!("{path} links the colours:\n{}", answer.body));
        let css = visitor.get(&href).await.body;
        assert!(css.contains("--accent: #6a1b9a;"), "{path}: {css}");
        assert!(answer.body.contains("· Atelier Commun</title>"), "{path}");
    }
    // The card's stylesheet draws its titles in the accent, its text in the text colour.
    let card_css_href = {
        let body = visitor.get("/Welcome/embed").await.body;
        let at = body.find("/card.css").unwrap();
        let start = body[..at].rfind('"').unwrap() + 1;
        body[start..at + "/card.css".len()].to_owned()
    };
    let card_css = visitor.get(&card_css_href).await.body;
    assert!(
        card_css.contains("color: var(--accent, inherit)"),
        "{card_css}"
    );
    assert!(
        card_css.contains("color: var(--text, #1a1a1a)"),
        "{card_css}"
    );
}
