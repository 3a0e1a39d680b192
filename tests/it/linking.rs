//! Linking from elsewhere: QR codes (decoded back from the SVG), printable pages and A6 method
//! cards, embed cards (framable, cookie-free, public content only), oEmbed discovery and
//! endpoint, permanent revision links and YesWiki addresses, and read permissions on each.

use resvg::{tiny_skia, usvg};
use serde_json::Value;

use crate::harness::{Reply, TestApp};

/// The text a QR code image holds: the SVG is rendered to pixels, then read by a QR decoder.
fn decode_qr(svg: &str) -> String {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("a valid SVG");
    let size = tree.size().to_int_size();
    let scale = 3;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width() * scale, size.height() * scale).expect("a pixmap");
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    let (width, height) = (pixmap.width() as usize, pixmap.height() as usize);
    let data = pixmap.data();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        data[(y * width + x) * 4]
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().expect("a readable QR code").1
}

/// A sheet of the shipped Method form.
fn method_sheet(hook: &str) -> String {
    format!(
        "---\nform: Method\nlang: en\ntranslation: fishbowl\nhook: \"{hook}\"\n\
         summary: \"A small circle talks while the others listen.\"\npurposes: [decide, share_knowledge]\n\
         group_size: {{min: 5, max: 30}}\nduration: {{min: 30, max: 60}}\n\
         difficulty: easy\nmodality: [in_person]\nphase: [divergent]\nsteps:\n\
         - {{title: \"Set the chairs\", duration: 5, text: \"Four chairs in the middle.\"}}\n\
         - {{title: \"Open the circle\", duration: 40, text: \"One chair stays empty.\"}}\n\
         status: complete\n---\nNotes on the fishbowl.\n"
    )
}

/// A wiki with `Notes` (two revisions) and the sheet `FishBowl`, edited by `tester`.
async fn linked_wiki() -> TestApp {
    let app = TestApp::signed_in().await;
    app.edit("Notes", "First **draft** of the notes.").await;
    app.edit("Notes", "The notes, *second* version.\n\nMore below.")
        .await;
    app.edit(
        "FishBowl",
        &method_sheet("Talk in a circle, listen around it"),
    )
    .await;
    app
}

fn assert_unframable(reply: &Reply, path: &str) {
    let policy = reply.header("content-security-policy").unwrap_or("");
    assert!(
        policy.contains("frame-ancestors 'none'"),
        "{path}: {policy}"
    );
    assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{path}");
}

#[actix_web::test]
async fn a_qr_code_decodes_to_the_page_address_and_a_pinned_one_to_its_revision() {
    let app = linked_wiki().await;
    let latest = app.get("/Notes/qr.svg").await;
    latest.assert_status(200);
    assert_eq!(latest.header("content-type"), Some("image/svg+xml"));
    assert_eq!(decode_qr(&latest.body), "http://localhost/Notes");
    assert!(
        !latest
            .header("cache-control")
            .unwrap()
            .contains("immutable")
    );

    let pinned = app.get("/Notes/qr.svg?rev=1").await;
    pinned.assert_status(200);
    assert_eq!(decode_qr(&pinned.body), "http://localhost/Notes?rev=1");
    let cache = pinned.header("cache-control").unwrap();
    assert!(
        cache.contains("max-age=31536000") && cache.contains("immutable"),
        "{cache}"
    );
    assert!(cache.contains("public"), "anyone may read Notes: {cache}");

    // The permanent link it encodes shows that revision.
    let old = app.get("/Notes?rev=1").await;
    old.assert_status(200);
    assert!(old.body.contains("<strong>draft</strong>"), "{}", old.body);

    app.get("/Notes/qr.svg?rev=3").await.assert_status(404);
    app.get("/Missing/qr.svg").await.assert_status(404);
    let other_case = app.get("/notes/qr.svg?rev=2").await;
    other_case.assert_status(301);
    assert_eq!(other_case.location(), "/Notes/qr.svg?rev=2");

    // A name with spaces and accents is encoded as its address is written.
    app.edit("Café du monde", "Tables of four.").await;
    let accents = app.get("/Caf%C3%A9_du_monde/qr.svg").await;
    accents.assert_status(200);
    assert_eq!(
        decode_qr(&accents.body),
        "http://localhost/Caf%C3%A9_du_monde"
    );
}

#[actix_web::test]
async fn the_qr_code_function_encodes_what_it_is_given() {
    let url = coopwiki::names::page_url("https://wiki.example.org", "World café", Some(7));
    assert_eq!(url, "https://wiki.example.org/World_caf%C3%A9?rev=7");
    let svg = coopwiki::linking::qr::svg(&url).unwrap();
    assert_eq!(decode_qr(&svg), url);
}

#[actix_web::test]
async fn printing_a_page_gives_its_content_and_the_qr_code_of_the_printed_revision() {
    let app = linked_wiki().await;
    let print = app.get("/Notes/print").await;
    print.assert_status(200);
    assert!(print.body.contains("<em>second</em>"), "{}", print.body);
    assert!(
        print.body.contains("src=\"/Notes/qr.svg?rev=2\""),
        "{}",
        print.body
    );
    assert!(print.body.contains("http://localhost/Notes?rev=2"));
    assert!(!print.body.contains("<script"), "no script on a print");
    assert!(
        !print.body.contains("site-header"),
        "no site frame on a print"
    );

    let old = app.get("/Notes/print?rev=1").await;
    old.assert_status(200);
    assert!(old.body.contains("<strong>draft</strong>"));
    assert!(old.body.contains("src=\"/Notes/qr.svg?rev=1\""));
    app.get("/Notes/print?rev=5").await.assert_status(404);
    app.get("/Nothing/print").await.assert_status(404);
}

#[actix_web::test]
async fn a_method_sheet_prints_as_an_a6_card_with_front_and_back() {
    let app = linked_wiki().await;
    let card = app.get("/FishBowl/print").await;
    card.assert_status(200);
    let html = scraper::Html::parse_document(&card.body);
    let select = |css: &str| {
        let selector = scraper::Selector::parse(css).unwrap();
        html.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    let front = select(".card-front").join(" ");
    for expected in [
        "FishBowl",
        "Talk in a circle, listen around it",
        "A small circle talks while the others listen.",
        "Group size",
        "5–30 people",
        "30–60 min",
        "Decide, Share knowledge",
    ] {
        assert!(
            front.contains(expected),
            "{expected:?} on the front: {front}"
        );
    }
    assert!(!front.contains("Set the chairs"), "steps are on the back");
    let back = select(".card-back").join(" ");
    assert!(
        back.contains("Set the chairs") && back.contains("Open the circle"),
        "{back}"
    );
    assert!(back.contains("(40 min)"), "{back}");
    assert!(card.body.contains("src=\"/FishBowl/qr.svg?rev=1\""));

    // The card's stylesheets print it on A6, one side per sheet of paper (in millimetres:
    // Chromium knows no `A6` keyword).
    let a6 = app.get(&coopwiki::assets::url("card-a6.css")).await;
    a6.assert_status(200);
    assert!(a6.body.contains("size: 105mm 148mm"), "{}", a6.body);
    assert!(card.body.contains(&coopwiki::assets::url("card-a6.css")));
    assert!(a6.body.contains("break-after: page"), "{}", a6.body);
    // An ordinary page is not forced onto A6 paper.
    let print = app.get("/Notes/print").await;
    assert!(!print.body.contains("card-a6.css"));

    // Labels follow the visitor's language.
    app.post("/-/lang", &[("lang", "fr")]).await;
    let french = app.get("/FishBowl/print").await;
    assert!(french.body.contains("Taille du groupe"), "{}", french.body);
    assert!(french.body.contains("Décider, Partager des savoirs"));
}

#[actix_web::test]
async fn an_embed_may_be_framed_and_sets_no_cookie_while_every_other_route_stays_unframable() {
    let app = linked_wiki().await;
    let stranger = app.visitor();
    let embed = stranger.get("/Notes/embed").await;
    embed.assert_status(200);
    let policy = embed.header("content-security-policy").unwrap();
    assert!(policy.contains("frame-ancestors *"), "{policy}");
    assert!(policy.contains("default-src 'none'") && !policy.contains("script-src"));
    assert_eq!(embed.header("x-frame-options"), None);
    assert_eq!(
        embed.headers.get_all("set-cookie").count(),
        0,
        "no cookie on an embed"
    );
    assert!(
        embed
            .body
            .contains("href=\"http://localhost/Notes\" target=\"_blank\" rel=\"noopener\""),
        "{}",
        embed.body
    );
    assert!(
        embed.body.contains("The notes, second version."),
        "{}",
        embed.body
    );
    assert!(!embed.body.contains("<form") && !embed.body.contains("<script"));
    // Public and cached for five minutes, in the visitor's language: caches keep one per
    // language (the browser showed the English card after switching to French without it).
    assert!(embed.header("cache-control").unwrap().contains("public"));
    assert_eq!(embed.header("vary"), Some("Accept-Language, Cookie"));

    let sheet = stranger.get("/FishBowl/embed").await;
    sheet.assert_status(200);
    for expected in [
        "Talk in a circle, listen around it",
        "5–30 people",
        "30–60 min",
    ] {
        assert!(sheet.body.contains(expected), "{expected}: {}", sheet.body);
    }

    for path in [
        "/",
        "/Notes",
        "/Notes/print",
        "/Notes/qr.svg",
        "/Notes/history",
        "/-/recent",
        "/-/methods",
        "/-/oembed?url=http%3A%2F%2Flocalhost%2FNotes",
        "/api/v1/pages",
        "/api/v1/openapi.json",
        "/Missing/embed",
        "/-/nothing",
    ] {
        assert_unframable(&stranger.get(path).await, path);
    }
}

#[actix_web::test]
async fn embeds_and_oembed_show_public_pages_only_even_to_a_signed_in_visitor() {
    let app = linked_wiki().await;
    app.edit("Members", "For members only.").await;
    app.post(
        "/Members/permissions",
        &[("read", "+"), ("write", "%"), ("comment", "")],
    )
    .await
    .assert_status(303);
    // Signed in, tester reads the page, its print and its QR code…
    app.get("/Members").await.assert_status(200);
    app.get("/Members/print").await.assert_status(200);
    app.get("/Members/qr.svg").await.assert_status(200);
    let pinned = app.get("/Members/qr.svg?rev=1").await;
    assert!(pinned.header("cache-control").unwrap().contains("private"));
    // …but its embed is what anyone would see: nothing.
    let embed = app.get("/Members/embed").await;
    embed.assert_status(404);
    assert!(!embed.body.contains("For members only"));
    app.visitor().get("/Members/embed").await.assert_status(404);
    app.get("/-/oembed?url=http%3A%2F%2Flocalhost%2FMembers")
        .await
        .assert_status(404);
    // Its page view offers no oEmbed to other sites; a public page does.
    let members = app.get("/Members").await;
    assert!(!members.body.contains("application/json+oembed"));
    let notes = app.get("/Notes").await;
    assert!(notes.body.contains("application/json+oembed"));
}

#[actix_web::test]
async fn oembed_is_discovered_on_page_views_and_describes_an_iframe_of_the_embed() {
    let app = linked_wiki().await;
    let view = app.get("/Notes").await;
    let html = scraper::Html::parse_document(&view.body);
    let selector =
        scraper::Selector::parse("head link[rel=alternate][type=\"application/json+oembed\"]")
            .unwrap();
    let href = html
        .select(&selector)
        .next()
        .expect("an oEmbed discovery link in the head")
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(
        href,
        "http://localhost/-/oembed?url=http%3A%2F%2Flocalhost%2FNotes&format=json"
    );
    let reply = app
        .get(href.strip_prefix("http://localhost").unwrap())
        .await;
    reply.assert_status(200);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let oembed: Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(oembed["version"], "1.0");
    assert_eq!(oembed["type"], "rich");
    assert_eq!(oembed["title"], "Notes");
    assert_eq!(oembed["provider_name"], "coopwiki");
    assert_eq!(oembed["width"], 480);
    let iframe = oembed["html"].as_str().unwrap();
    assert!(
        iframe.starts_with("<iframe src=\"http://localhost/Notes/embed\""),
        "{iframe}"
    );

    let small = app
        .get("/-/oembed?url=http%3A%2F%2Flocalhost%2FNotes&maxwidth=200&maxheight=100")
        .await;
    let small: Value = serde_json::from_str(&small.body).unwrap();
    assert_eq!(
        (small["width"].as_u64(), small["height"].as_u64()),
        (Some(200), Some(100))
    );
    // Another spelling, a former name or a sub-path of the page describe the page.
    let other: Value = serde_json::from_str(
        &app.get("/-/oembed?url=http%3A%2F%2Flocalhost%2Fnotes%2Fhistory")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(other["title"], "Notes");

    let json_error = |reply: Reply, status: u16, code: &str| {
        reply.assert_status(status);
        let body: Value = serde_json::from_str(&reply.body).expect("a JSON error");
        assert_eq!(body["error"]["code"], code, "{}", reply.body);
    };
    json_error(
        app.get("/-/oembed?url=http%3A%2F%2Flocalhost%2FNotes&format=xml")
            .await,
        501,
        "not_implemented",
    );
    json_error(
        app.get("/-/oembed?url=https%3A%2F%2Fevil.example%2FNotes")
            .await,
        404,
        "not_found",
    );
    json_error(
        app.get("/-/oembed?url=http%3A%2F%2Flocalhost.evil.example%2FNotes")
            .await,
        404,
        "not_found",
    );
    json_error(
        app.get("/-/oembed?url=http%3A%2F%2Flocalhost%2FNobody")
            .await,
        404,
        "not_found",
    );
    json_error(app.get("/-/oembed").await, 400, "bad_request");
    json_error(
        app.get("/-/oembed?url=http%3A%2F%2Flocalhost%2FNotes&maxwidth=wide")
            .await,
        400,
        "bad_request",
    );
}

/// A writer into a shared buffer, for reading what the wiki logged.
#[derive(Clone, Default)]
struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[actix_web::test]
async fn an_oembed_format_not_offered_is_not_logged_as_a_server_error() {
    let app = linked_wiki().await;
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let reply = {
        // actix's test runtime runs the request on this thread, under this subscriber.
        let _guard = tracing::subscriber::set_default(subscriber);
        app.get("/-/oembed?url=http%3A%2F%2Flocalhost%2FNotes&format=xml")
            .await
    };
    reply.assert_status(501);
    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("oembed-json-only"), "logged: {logged}");
    assert!(!logged.contains("ERROR"), "logged: {logged}");
}

#[actix_web::test]
async fn the_page_view_links_its_revision_permanently_and_yeswiki_addresses_redirect() {
    let app = linked_wiki().await;
    let view = app.get("/Notes").await;
    assert!(
        view.body.contains("href=\"/Notes?rev=2\" rel=\"bookmark\""),
        "{}",
        view.body
    );
    assert!(view.body.contains("href=\"/Notes/print\""));
    assert!(view.body.contains("href=\"/Notes/qr.svg\""));
    let old = app.get("/Notes?rev=1").await;
    assert!(old.body.contains("href=\"/Notes?rev=1\" rel=\"bookmark\""));

    for (old, new) in [
        ("/wakka.php?wiki=Notes", "/Notes"),
        ("/wakka.php?wiki=Notes/revisions", "/Notes/history"),
        ("/wakka.php?wiki=Notes/iframe", "/Notes/embed"),
        ("/wakka.php?wiki=Caf%C3%A9", "/Caf%C3%A9"),
        ("/?Notes", "/Notes"),
        ("/?Notes/edit", "/Notes/edit"),
        ("/?Notes/raw", "/Notes/raw"),
        ("/?Notes/iframe", "/Notes/embed"),
        ("/Notes/revisions", "/Notes/history"),
    ] {
        let reply = app.get(old).await;
        reply.assert_status(301);
        assert_eq!(reply.location(), new, "{old}");
    }
    // Where it leads works.
    app.get("/Notes/embed").await.assert_status(200);
}

#[actix_web::test]
async fn a_private_page_is_missing_on_every_linking_path() {
    let olga = TestApp::new().await;
    olga.sign_up("olga").await;
    olga.edit("Secret", &method_sheet("Secret hook")).await;
    olga.post(
        "/Secret/permissions",
        &[("read", "olga"), ("write", "%"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let mallory = olga.visitor();
    mallory.sign_up("mallory").await;
    let anonymous = olga.visitor();
    let paths = [
        "/Secret/qr.svg",
        "/Secret/qr.svg?rev=1",
        "/secret/qr.svg",
        "/Secret/print",
        "/Secret/print?rev=1",
        "/Secret/embed",
        "/-/oembed?url=http%3A%2F%2Flocalhost%2FSecret",
        "/api/v1/pages/Secret",
        "/api/v1/pages/secret",
        "/api/v1/pages/Secret/revisions",
        "/api/v1/pages/Secret/revisions/1",
        "/api/v1/methods/Secret",
    ];
    for visitor in [&mallory, &anonymous] {
        for path in paths {
            let reply = visitor.get(path).await;
            reply.assert_status(404);
            assert!(!reply.body.contains("Secret hook"), "{path}");
        }
    }
    // Olga reads hers, except where only public content goes.
    for path in [
        "/Secret/qr.svg",
        "/Secret/print",
        "/api/v1/pages/Secret",
        "/api/v1/methods/Secret",
    ] {
        olga.get(path).await.assert_status(200);
    }
    olga.get("/Secret/embed").await.assert_status(404);
}

/// Sets of cards print only what the visitor may read: the catalogue's sheets through its
/// filters, a programme's methods through the programme's and each method's permissions.
#[actix_web::test]
async fn sets_of_cards_hold_only_the_sheets_the_visitor_may_read() {
    let app = linked_wiki().await;
    app.edit("Secret method", &method_sheet("Only for members"))
        .await;
    app.post(
        "/Secret_method/permissions",
        &[("read", "+"), ("write", "%"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let programme = "---\nprogramme: \"Day\"\nstart: 2026-06-01\nend: 2026-06-01\n\
        timezone: \"Europe/Paris\"\nslots:\n\
        - {day: 2026-06-01, start: \"09:00\", duration: 60, title: \"Start\", methods: [\"FishBowl@1\", \"Secret method\", \"Notes\"]}\n---\n";
    app.edit("Day", programme).await;

    let fronts = |body: &str| {
        let html = scraper::Html::parse_document(body);
        let selector = scraper::Selector::parse(".card-front h1").unwrap();
        html.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    // Signed in: both sheets; the catalogue links them, on A6 and on A4.
    let catalogue = app.get("/-/methods").await.body;
    assert!(
        catalogue.contains("Print these 2 methods as cards"),
        "{catalogue}"
    );
    assert!(
        catalogue.contains("href=\"/-/methods/cards?lang=en&amp;paper=a4\""),
        "{catalogue}"
    );
    let cards = app.get("/-/methods/cards?lang=en").await;
    cards.assert_status(200);
    assert_eq!(fronts(&cards.body), ["FishBowl", "Secret method"]);
    assert!(cards.body.contains(&coopwiki::assets::url("card-a6.css")));
    let four = app.get("/-/methods/cards?lang=en&paper=a4").await.body;
    assert!(
        four.contains(&coopwiki::assets::url("card-a4.css")),
        "{four}"
    );
    assert_eq!(
        four.matches("class=\"card-sheet card-sheet-fronts\"")
            .count(),
        1
    );
    // The catalogue's filters apply.
    let filtered = app.get("/-/methods/cards?lang=en&q=members").await.body;
    assert_eq!(fronts(&filtered), ["Secret method"]);
    // The programme's methods: the sheets, at the revision its slot pins, not the plain page.
    let day = app.get("/Day").await.body;
    assert!(day.contains("href=\"/Day/cards\""), "{day}");
    let day_cards = app.get("/Day/cards").await;
    day_cards.assert_status(200);
    assert_eq!(fronts(&day_cards.body), ["FishBowl", "Secret method"]);
    assert!(day_cards.body.contains("src=\"/FishBowl/qr.svg?rev=1\""));

    // Anyone: the secret sheet is in neither set, and its own card is not found.
    let stranger = app.visitor();
    let catalogue = stranger.get("/-/methods").await.body;
    assert!(
        catalogue.contains("Print this method as a card"),
        "{catalogue}"
    );
    assert_eq!(
        fronts(&stranger.get("/-/methods/cards").await.body),
        ["FishBowl"]
    );
    assert_eq!(fronts(&stranger.get("/Day/cards").await.body), ["FishBowl"]);
    stranger
        .get("/Secret_method/print")
        .await
        .assert_status(404);
    // A programme nobody else may read has no cards either.
    app.post(
        "/Day/permissions",
        &[("read", "+"), ("write", "%"), ("comment", "")],
    )
    .await
    .assert_status(303);
    stranger.get("/Day/cards").await.assert_status(404);
    app.get("/Nothing/cards").await.assert_status(404);
}

/// Issue #25: machine answers (oEmbed, the JSON API, feeds) set no cookie: a client that reads
/// them has no form to protect, and a CSRF cookie there only fills its jar.
#[actix_web::test]
async fn machine_answers_set_no_cookie() {
    let app = linked_wiki().await;
    for path in [
        "/-/oembed?url=http%3A%2F%2Flocalhost%2FNotes",
        "/api/v1/pages",
        "/api/v1/pages/Notes",
        "/api/v1/openapi.json",
        "/-/recent.atom",
    ] {
        let reply = app.visitor().get(path).await;
        reply.assert_status(200);
        assert_eq!(
            reply.headers.get_all("set-cookie").count(),
            0,
            "{path} sets a cookie"
        );
    }
}
