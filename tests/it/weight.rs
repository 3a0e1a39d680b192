//! Pages stay light (issue #21: "under 50 KB on the wire without images"): every page type a
//! reader meets, with the style sheets and scripts it loads, compressed as the server sends
//! them, on a wiki holding the 40 starter method sheets.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::harness::TestApp;

/// Bytes on the wire, without images.
const BUDGET: usize = 50 * 1024;

fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

/// The same-site style sheets and scripts a page loads.
fn resources(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("link[rel=stylesheet][href], script[src]").unwrap();
    document
        .select(&selector)
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .filter(|url| url.starts_with('/'))
        .map(str::to_owned)
        .collect()
}

#[actix_web::test]
async fn every_page_type_weighs_less_than_its_budget_on_the_wire() {
    let app = TestApp::with_settings(|settings| settings.starter_catalogue = true).await;
    app.sign_up("ada").await;
    app.edit("Harvest", "## Tables\n\nTen tables.\n\n- talk\n- move\n")
        .await;
    app.edit("Harvest", "## Tables\n\nTwelve tables.\n\n- talk\n- move\n")
        .await;
    for n in 0..20 {
        app.post(
            "/Harvest/discussion",
            &[("body", format!("Remark {n}: it went **well**.").as_str())],
        )
        .await
        .assert_status(303);
    }
    app.search_settled();
    let mut report = Vec::new();
    for path in [
        "/",
        "/Harvest",
        "/Harvest/history",
        "/Harvest/diff",
        "/Harvest/edit",
        "/Harvest/discussion",
        "/Open_Space_Technology",
        "/Open_Space_Technology/edit",
        "/-/methods",
        "/-/methods?layout=list",
        "/-/recent",
        "/-/pages",
        "/-/search?q=decision",
        "/-/programmes",
        "/-/watchlist",
    ] {
        let page = app.get(path).await;
        page.assert_status(200);
        let mut total = gzipped(page.body.as_bytes());
        for resource in resources(&page.body) {
            let loaded = app.get(&resource).await;
            loaded.assert_status(200);
            total += gzipped(loaded.body.as_bytes());
        }
        report.push(format!("{path}: {total} bytes"));
        assert!(
            total < BUDGET,
            "{path} weighs {total} bytes with its style and scripts:\n{}",
            report.join("\n")
        );
    }
    // Shown with `--nocapture`, for the notes of a change that adds weight.
    println!("{}", report.join("\n"));
    // The budget measures something: the catalogue lists forty sheets.
    assert!(
        app.get("/-/methods")
            .await
            .body
            .matches("class=\"card")
            .count()
            >= 20
    );
}
