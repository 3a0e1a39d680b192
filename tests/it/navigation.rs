//! Recent changes and their feed, the page index, wanted and orphaned pages.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::harness::TestApp;

#[actix_web::test]
async fn recent_changes_list_edits_renames_and_deletions_newest_first() {
    let app = TestApp::signed_in().await;
    app.edit("Alpha", "a").await;
    app.edit("Beta", "b").await;
    app.post("/Beta/rename", &[("new_name", "Gamma")]).await;
    app.post("/Alpha/delete", &[("reason", "duplicate")]).await;
    let recent = app.get("/-/recent").await;
    recent.assert_status(200);
    let body = &recent.body;
    let deleted = body.find("deleted by").expect("deletion listed");
    let renamed = body.find("renamed from").expect("rename listed");
    let created = body.rfind("href=\"/Gamma\"").expect("edit listed");
    assert!(
        deleted < renamed && renamed < created,
        "newest first: {body}"
    );
    assert!(body.contains("duplicate"));
}

#[actix_web::test]
async fn the_atom_feed_is_well_formed_rfc_4287() {
    let app = TestApp::signed_in().await;
    app.edit("Feed test", "x").await;
    app.post(
        "/Feed_test/edit",
        &[
            ("body", "y"),
            ("base", "1"),
            ("summary", "<b>bold</b> claim"),
        ],
    )
    .await
    .assert_status(303);
    let feed = app.get("/-/recent.atom").await;
    feed.assert_status(200);
    assert_eq!(
        feed.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    // Parse it with a real XML parser and check the elements RFC 4287 requires.
    let mut reader = Reader::from_str(&feed.body);
    let mut path: Vec<String> = Vec::new();
    let (mut entries, mut entry_ids, mut entry_updated, mut entry_titles) = (0, 0, 0, 0);
    let (mut feed_id, mut feed_title, mut feed_updated, mut self_link) =
        (false, false, false, false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if path.is_empty() {
                    assert_eq!(name, "feed");
                    let ns = e.try_get_attribute("xmlns").unwrap().expect("namespace");
                    assert_eq!(ns.value.as_ref(), b"http://www.w3.org/2005/Atom");
                }
                match (path.last().map(String::as_str), name.as_str()) {
                    (Some("feed"), "entry") => entries += 1,
                    (Some("feed"), "id") => feed_id = true,
                    (Some("feed"), "title") => feed_title = true,
                    (Some("feed"), "updated") => feed_updated = true,
                    (Some("entry"), "id") => entry_ids += 1,
                    (Some("entry"), "updated") => entry_updated += 1,
                    (Some("entry"), "title") => entry_titles += 1,
                    _ => {}
                }
                path.push(name);
            }
            Event::Empty(e) if e.name().as_ref() == b"link" && path.len() == 1 => {
                let rel = e
                    .try_get_attribute("rel")
                    .unwrap()
                    .map(|a| a.value.into_owned());
                self_link |= rel.as_deref() == Some(b"self");
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(feed_id && feed_title && feed_updated && self_link);
    assert!(
        entries >= 5,
        "two edits of the test page plus the three seeded pages"
    );
    assert_eq!(
        (entry_ids, entry_updated, entry_titles),
        (entries, entries, entries)
    );
    assert!(feed.body.contains("Feed test (revision 2)"));
    assert!(
        feed.body.contains("&lt;b&gt;bold&lt;/b&gt; claim"),
        "summaries are text: {}",
        feed.body
    );
}

/// Each entry of the feed: its summary (if any) and its alternate link.
fn feed_entries(feed: &str) -> Vec<(Option<String>, String)> {
    let mut reader = Reader::from_str(feed);
    let mut entries = Vec::new();
    let (mut in_entry, mut in_summary) = (false, false);
    let (mut summary, mut href) = (None, String::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"entry" => {
                (in_entry, summary, href) = (true, None, String::new());
            }
            Event::Start(e) if in_entry && e.name().as_ref() == b"summary" => {
                in_summary = true;
                summary = Some(String::new());
            }
            Event::Text(text) if in_summary => {
                if let Some(summary) = summary.as_mut() {
                    summary.push_str(&text.decode().expect("UTF-8"));
                }
            }
            Event::Empty(e) if in_entry && e.name().as_ref() == b"link" => {
                let value = e.try_get_attribute("href").unwrap().expect("href").value;
                href = String::from_utf8(value.into_owned()).expect("UTF-8");
            }
            Event::End(e) if e.name().as_ref() == b"summary" => in_summary = false,
            Event::End(e) if e.name().as_ref() == b"entry" => {
                in_entry = false;
                entries.push((summary.take(), std::mem::take(&mut href)));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    entries
}

#[actix_web::test]
async fn every_feed_entry_has_a_summary_and_a_link_that_answers() {
    let app = TestApp::signed_in().await;
    app.edit("Kept", "one").await;
    // Without an edit summary.
    app.post("/Kept/edit", &[("body", "two"), ("base", "1")])
        .await
        .assert_status(303);
    app.edit("Gone", "one").await;
    app.edit("Gone", "two").await;
    app.post("/Gone/delete", &[("reason", "")]).await;
    app.post("/Kept/rename", &[("new_name", "Still kept")])
        .await;
    let feed = app.get("/-/recent.atom").await;
    feed.assert_status(200);
    let entries = feed_entries(&feed.body);
    assert!(entries.len() >= 7, "{}", feed.body);
    for (summary, href) in &entries {
        let summary = summary.as_deref().unwrap_or_default();
        assert!(!summary.is_empty(), "an entry without summary: {href}");
        let path = href.strip_prefix("http://localhost").expect("on this site");
        app.get(path).await.assert_status(200);
    }
    assert!(
        entries
            .iter()
            .any(|(summary, _)| summary.as_deref() == Some("Revision 2 of Still kept by tester")),
        "{}",
        feed.body
    );
    let french = app
        .request(
            actix_web::test::TestRequest::get()
                .uri("/-/recent.atom")
                .insert_header(("Accept-Language", "fr")),
        )
        .await;
    assert!(
        french.body.contains("Version 2 de Still kept par tester"),
        "{}",
        french.body
    );
}

#[actix_web::test]
async fn the_page_index_is_alphabetical_and_paginated() {
    let app = TestApp::signed_in().await;
    for name in ["Zebra", "apple", "Mango"] {
        app.edit(name, "fruit").await;
    }
    let index = app.get("/-/pages").await;
    let body = &index.body;
    let (a, m, z) = (
        body.find(">apple<").unwrap(),
        body.find(">Mango<").unwrap(),
        body.find(">Zebra<").unwrap(),
    );
    assert!(a < m && m < z);
    let after = app.get("/-/pages?after=mango").await;
    assert!(after.body.contains(">Zebra<") && !after.body.contains(">apple<"));
}

#[actix_web::test]
async fn wanted_and_orphaned_pages_are_listed() {
    let app = TestApp::signed_in().await;
    app.edit("Hub", "[[Needed]] [[Needed]] [[Linked]]").await;
    app.edit("Linked", "x").await;
    app.edit("Lonely", "nobody links here").await;
    let wanted = app.get("/-/wanted").await;
    assert!(wanted.body.contains(">Needed</a>"), "{}", wanted.body);
    assert!(!wanted.body.contains(">Linked</a>"));
    assert!(
        wanted.body.contains("(one link)"),
        "plural forms follow the number"
    );
    let orphans = app.get("/-/orphans").await;
    assert!(orphans.body.contains(">Lonely</a>"));
    assert!(orphans.body.contains(">Hub</a>"));
    assert!(!orphans.body.contains(">Linked</a>"));
}

/// Issue #21: "New page" asks for a name and opens its editor; a name no page may have is said
/// in the form, the name kept (400), in the visitor's language.
#[actix_web::test]
async fn a_new_page_starts_from_its_name() {
    let app = TestApp::signed_in().await;
    let form = app.get("/-/new").await;
    form.assert_status(200);
    assert!(form.body.contains("name=\"name\""), "{}", form.body);
    assert!(app.get("/-/pages").await.body.contains("href=\"/-/new\""));
    let opened = app.get("/-/new?name=World+caf%C3%A9").await;
    opened.assert_status(303);
    assert_eq!(opened.location(), "/World_caf%C3%A9/edit");
    let refused = app.get("/-/new?name=a%3Cb").await;
    refused.assert_status(400);
    assert!(
        refused.body.contains("value=\"a&lt;b\""),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("is not allowed in page names"),
        "{}",
        refused.body
    );
    let french = app
        .request(
            actix_web::test::TestRequest::get()
                .uri("/-/new?name=Sit%D0%B5Menu")
                .insert_header(("Accept-Language", "fr")),
        )
        .await;
    french.assert_status(400);
    assert!(
        french.body.contains("mêle des alphabets"),
        "{}",
        french.body
    );
}
