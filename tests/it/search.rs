//! Search: ranking, stemming in both languages, accents, phrases, exclusions, prefixes,
//! misspellings, what may never be found (deleted pages, even in counts), the index following
//! every change of a page, hostile queries, and the browser integration.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::harness::{Reply, TestApp};
use crate::security::assert_no_script;

fn search_path(query: &str) -> String {
    format!(
        "/-/search?{}",
        serde_urlencoded::to_string([("q", query)]).unwrap()
    )
}

/// The results page, once the indexer has caught up with the test's saves (as a reader's would
/// a moment after them).
async fn search(app: &TestApp, query: &str) -> Reply {
    app.search_settled();
    let reply = app.get(&search_path(query)).await;
    reply.assert_status(200);
    reply
}

/// Names of the result pages, in order.
fn hits(reply: &Reply) -> Vec<String> {
    let document = scraper::Html::parse_document(&reply.body);
    let selector = scraper::Selector::parse("ol.search-results a.search-hit").unwrap();
    document
        .select(&selector)
        .map(|a| a.text().collect::<String>())
        // The Method form is a seeded page whose text mentions half the vocabulary.
        .filter(|name| name != "Form.Method")
        .collect()
}

/// The result names among the pages a test wrote (the default pages talk about facilitation
/// and decisions too).
fn own_hits(reply: &Reply) -> Vec<String> {
    hits(reply)
        .into_iter()
        .filter(|name| {
            !["HomePage", "SiteMenu", "SiteFooter", "Form.Method"].contains(&name.as_str())
        })
        .collect()
}

/// Names offered as similar titles.
fn similar(reply: &Reply) -> Vec<String> {
    let document = scraper::Html::parse_document(&reply.body);
    let selector = scraper::Selector::parse(".search-similar a").unwrap();
    document
        .select(&selector)
        .map(|a| a.text().collect::<String>())
        .collect()
}

/// The sentence that counts the results.
fn count_line(reply: &Reply) -> String {
    let document = scraper::Html::parse_document(&reply.body);
    let selector = scraper::Selector::parse(".search-count").unwrap();
    document
        .select(&selector)
        .map(|p| p.text().collect::<String>())
        .next()
        .unwrap_or_default()
}

/// The title suggestions, once the indexer has caught up with the test's saves.
async fn titles(app: &TestApp, typed: &str) -> Vec<String> {
    app.search_settled();
    let reply = app
        .get(&format!(
            "/-/search/titles?{}",
            serde_urlencoded::to_string([("q", typed)]).unwrap()
        ))
        .await;
    reply.assert_status(200);
    let json: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
    json["titles"]
        .as_array()
        .expect("a list of titles")
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}

const FRENCH: &str = "Le groupe se réunit en cercle et chaque personne prend la parole à son tour. \
Nous écoutons sans interrompre, puis nous décidons ensemble de la suite pour le projet.";
const ENGLISH: &str = "The group sits in a circle and each person speaks in turn. We listen \
without interrupting, then we decide together what comes next for the project.";

#[actix_web::test]
async fn title_matches_rank_above_body_matches() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Notes from Tuesday",
        &format!("{ENGLISH} Consent came up again and again: consent, consent, consent."),
    )
    .await;
    app.edit("Consent", ENGLISH).await;
    app.edit("Unrelated", ENGLISH).await;
    let reply = search(&app, "consent").await;
    assert_eq!(hits(&reply), vec!["Consent", "Notes from Tuesday"]);
    assert!(
        count_line(&reply).contains("2 pages match"),
        "{}",
        reply.body
    );
}

#[actix_web::test]
async fn french_words_are_found_in_their_other_forms() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Rôles",
        &format!("{FRENCH} L'animation tourne à chaque séance."),
    )
    .await;
    app.edit("Choisir", &format!("{FRENCH} Les décisions sont notées."))
        .await;
    // The language is the indexer's to set, a moment after the save.
    app.search_settled();
    assert_eq!(
        app.sql("SELECT language FROM pages WHERE name = 'Rôles'"),
        vec!["fr"]
    );
    // The French Snowball stemmer reduces "animer", "animation" and "animateur" to "anim".
    assert_eq!(own_hits(&search(&app, "animer").await), vec!["Rôles"]);
    assert_eq!(own_hits(&search(&app, "animateurs").await), vec!["Rôles"]);
    // Plural and singular share a stem: "décision" finds "décisions".
    assert_eq!(own_hits(&search(&app, "décision").await), vec!["Choisir"]);
    // But Snowball does not join every word of a family: "décisions" is "décis" and
    // "décider" is "décid", so the verb finds the pages by their "nous décidons" (both
    // hold it), not by the noun.
    let mut deciding = own_hits(&search(&app, "décider").await);
    deciding.sort();
    assert_eq!(deciding, vec!["Choisir", "Rôles"]);
    assert!(own_hits(&search(&app, "décider -décidons").await).is_empty());
    assert_eq!(
        app.sql("SELECT ts_lexize('french_stem', 'décisions')::text || ts_lexize('french_stem', 'décider')::text"),
        vec!["{décis}{décid}"]
    );
}

#[actix_web::test]
async fn english_words_are_found_in_their_other_forms() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Hosting",
        &format!("{ENGLISH} Facilitation is a craft that each of us can learn."),
    )
    .await;
    app.edit("Other", ENGLISH).await;
    // The language is the indexer's to set, a moment after the save.
    app.search_settled();
    assert_eq!(
        app.sql("SELECT language FROM pages WHERE name = 'Hosting'"),
        vec!["en"]
    );
    assert_eq!(
        own_hits(&search(&app, "facilitating").await),
        vec!["Hosting"]
    );
    assert_eq!(
        own_hits(&search(&app, "facilitators").await),
        vec!["Hosting"]
    );
    assert_eq!(own_hits(&search(&app, "crafts").await), vec!["Hosting"]);
}

/// Issue #25: a page too short for its language to be told is found by the other forms of its
/// words, in French and in English.
#[actix_web::test]
async fn short_pages_of_an_unsure_language_are_found_in_other_forms_of_their_words() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Accord",
        "On décide ensemble quand personne n'a d'objection raisonnable. Les décisions avancent.",
    )
    .await;
    app.edit("Agreement", "Agreed at last. Nobody blocked our proposals.")
        .await;
    app.search_settled();
    assert_eq!(
        app.sql("SELECT name || ' ' || coalesce(language, 'unsure') FROM pages WHERE name IN ('Accord', 'Agreement') ORDER BY name"),
        vec!["Accord unsure", "Agreement unsure"]
    );
    for query in [
        "décide",
        "décidons",
        "décident",
        "décider",
        "objections",
        "decisions",
    ] {
        assert_eq!(
            own_hits(&search(&app, query).await),
            vec!["Accord"],
            "{query}"
        );
    }
    for query in ["agreeing", "proposal", "blocking"] {
        assert_eq!(
            own_hits(&search(&app, query).await),
            vec!["Agreement"],
            "{query}"
        );
    }
    // Still held to every word, and to exclusions.
    assert!(own_hits(&search(&app, "décidons proposal").await).is_empty());
    assert!(own_hits(&search(&app, "décidons -objections").await).is_empty());
    assert_eq!(
        own_hits(&search(&app, "\"décisions avancent\"").await),
        vec!["Accord"]
    );
}

/// Issue #25: French Snowball leaves `-ons` and `-ent` on verbs (`décidons` → `decidon`), so
/// the present tense met no other form of the verb. A French page is found by any form of its
/// verbs, and an English page is not found by a word's French stem (`lessons` is not `less`).
#[actix_web::test]
async fn french_verbs_are_found_in_every_person_of_the_present() {
    let app = TestApp::signed_in().await;
    app.edit("Cercle", FRENCH).await;
    app.edit(
        "Avancer",
        "Le groupe avance pas à pas et chacun écoute la personne qui parle pendant la réunion.",
    )
    .await;
    app.edit(
        "Less",
        "We talk less and we listen more to the group in the circle.",
    )
    .await;
    app.search_settled();
    assert_eq!(
        app.sql("SELECT name || ' ' || coalesce(language, 'unsure') FROM pages WHERE name IN ('Cercle', 'Avancer', 'Less') ORDER BY name"),
        vec!["Avancer fr", "Cercle fr", "Less en"]
    );
    for query in ["décide", "décidez", "décident", "décidons"] {
        assert_eq!(
            own_hits(&search(&app, query).await),
            vec!["Cercle"],
            "{query}"
        );
    }
    for query in ["avançons", "avancent"] {
        assert_eq!(
            own_hits(&search(&app, query).await),
            vec!["Avancer"],
            "{query}"
        );
    }
    let mut listening = own_hits(&search(&app, "écoutent").await);
    listening.sort();
    assert_eq!(listening, vec!["Avancer", "Cercle"]);
    // Exclusions and phrases keep their meaning; `-ment` words are not verbs.
    assert_eq!(
        own_hits(&search(&app, "décide -avançons").await),
        vec!["Cercle"]
    );
    assert!(own_hits(&search(&app, "\"décide ensemble\"").await).is_empty());
    assert_eq!(
        own_hits(&search(&app, "lessons").await),
        Vec::<String>::new()
    );
}

/// Issue #25: the Method form's page names every field of the catalogue, in both languages; it
/// comes after the pages of content that match, not first.
#[actix_web::test]
async fn forms_rank_after_the_pages_of_content() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Réunions",
        &format!("{FRENCH} Pour décider en groupe, chacun donne son avis."),
    )
    .await;
    let reply = search(&app, "décider en groupe").await;
    let document = scraper::Html::parse_document(&reply.body);
    let selector = scraper::Selector::parse("ol.search-results a.search-hit").unwrap();
    let all: Vec<String> = document
        .select(&selector)
        .map(|a| a.text().collect::<String>())
        .collect();
    let form = all.iter().position(|name| name == "Form.Method");
    assert!(form.is_some(), "the form matches: {all:?}");
    assert_eq!(all.first().map(String::as_str), Some("Réunions"));
    assert_eq!(form, Some(all.len() - 1), "last: {all:?}");
}

#[actix_web::test]
async fn accents_are_ignored_both_ways() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Café du monde",
        &format!("{FRENCH} Prévoir du café et des élèves."),
    )
    .await;
    app.edit("Decision", &format!("{ENGLISH} A decision was made."))
        .await;
    assert_eq!(own_hits(&search(&app, "cafe").await), vec!["Café du monde"]);
    assert_eq!(own_hits(&search(&app, "CAFÉ").await), vec!["Café du monde"]);
    assert_eq!(
        own_hits(&search(&app, "eleves").await),
        vec!["Café du monde"]
    );
    assert_eq!(own_hits(&search(&app, "décision").await), vec!["Decision"]);
}

#[actix_web::test]
async fn quotes_find_the_words_together_and_in_order() {
    let app = TestApp::signed_in().await;
    app.edit("Phrase", &format!("{FRENCH} Ouvrir un cercle de parole."))
        .await;
    app.edit(
        "Scattered",
        &format!("{FRENCH} La parole circule, puis un cercle se forme."),
    )
    .await;
    let both = hits(&search(&app, "cercle parole").await);
    assert_eq!(both.len(), 2);
    assert_eq!(
        hits(&search(&app, "\"cercle de parole\"").await),
        vec!["Phrase"]
    );
    assert_eq!(
        hits(&search(&app, "\"parole de cercle\"").await),
        Vec::<String>::new()
    );
}

#[actix_web::test]
async fn a_dash_leaves_pages_out_and_or_accepts_either() {
    let app = TestApp::signed_in().await;
    app.edit(
        "FishBowl",
        &format!("{ENGLISH} An inner circle talks, an outer circle listens."),
    )
    .await;
    app.edit(
        "Online fishbowl",
        &format!("{ENGLISH} The fishbowl works online with video: an inner circle talks."),
    )
    .await;
    app.edit("Troika", &format!("{ENGLISH} Consulting in threes."))
        .await;
    assert_eq!(
        hits(&search(&app, "fishbowl -online").await),
        vec!["FishBowl"]
    );
    assert_eq!(
        hits(&search(&app, "inner -\"works online\"").await),
        vec!["FishBowl"]
    );
    let either = hits(&search(&app, "troika OR online").await);
    assert_eq!(either.len(), 2, "{either:?}");
    // Only exclusions, or only punctuation: nothing to look for, said so.
    for query in ["-fishbowl", "!&|()"] {
        let reply = search(&app, query).await;
        assert!(hits(&reply).is_empty());
        assert!(
            count_line(&reply).contains("nothing to look for"),
            "{query}"
        );
    }
}

#[actix_web::test]
async fn a_star_searches_by_prefix_and_titles_complete_while_typing() {
    let app = TestApp::signed_in().await;
    app.edit("Rôles", &format!("{FRENCH} L'animation tourne."))
        .await;
    app.edit("FishBowl", ENGLISH).await;
    app.edit("Café du monde", FRENCH).await;
    app.edit("World Café", ENGLISH).await;
    // A prefix is compared with the stems of the page's words ("animation" is "anim").
    assert_eq!(hits(&search(&app, "anim*").await), vec!["Rôles"]);
    assert!(hits(&search(&app, "ani").await).is_empty());
    assert_eq!(hits(&search(&app, "ani*").await), vec!["Rôles"]);
    assert_eq!(titles(&app, "fish").await, vec!["FishBowl"]);
    assert_eq!(
        titles(&app, "bowl").await,
        vec!["FishBowl"],
        "CamelCase is split"
    );
    assert_eq!(titles(&app, "cafe du mo").await, vec!["Café du monde"]);
    assert_eq!(
        titles(&app, "caf").await,
        vec!["Café du monde", "World Café"]
    );
    assert_eq!(
        titles(&app, "fishbol").await,
        vec!["FishBowl"],
        "misspelled"
    );
    assert!(titles(&app, "").await.is_empty());
    assert!(titles(&app, "%").await.is_empty());
    assert!(titles(&app, "_").await.is_empty());
    let limited = app.get("/-/search/titles?q=c&limit=1").await;
    let json: serde_json::Value = serde_json::from_str(&limited.body).unwrap();
    assert_eq!(json["titles"].as_array().unwrap().len(), 1);
    assert_eq!(json["titles"][0]["url"], "/Caf%C3%A9_du_monde");
    let suggest = app.get("/-/search/suggest?q=fish").await;
    assert_eq!(
        suggest.header("content-type"),
        Some("application/x-suggestions+json")
    );
    assert_eq!(suggest.body, r#"["fish",["FishBowl"]]"#);
}

#[actix_web::test]
async fn misspellings_and_near_misses_suggest_similar_titles() {
    let app = TestApp::signed_in().await;
    app.edit("FishBowl", ENGLISH).await;
    app.edit("World Café", ENGLISH).await;
    app.edit("Café du monde", FRENCH).await;
    app.edit("Troika consulting", ENGLISH).await;
    let reply = search(&app, "fishbol").await;
    assert!(hits(&reply).is_empty());
    assert!(count_line(&reply).contains("No page matches"));
    assert_eq!(similar(&reply), vec!["FishBowl"]);
    let reply = search(&app, "cafe du monde").await;
    let mut found = hits(&reply);
    found.extend(similar(&reply));
    assert_eq!(found, vec!["Café du monde", "World Café"]);
    assert_eq!(
        similar(&search(&app, "consultng").await),
        vec!["Troika consulting"]
    );
}

#[actix_web::test]
async fn deleted_pages_are_never_found_nor_counted() {
    let app = TestApp::signed_in().await;
    app.edit("Speedboat", &format!("{ENGLISH} Anchors and winds."))
        .await;
    app.edit("Speedboat retro", &format!("{ENGLISH} Anchors and winds."))
        .await;
    app.post("/Speedboat_retro/delete", &[("reason", "duplicate")])
        .await
        .assert_status(303);
    let reply = search(&app, "anchors").await;
    assert_eq!(hits(&reply), vec!["Speedboat"]);
    assert!(
        count_line(&reply).contains("One page matches"),
        "{}",
        count_line(&reply)
    );
    assert_eq!(titles(&app, "speed").await, vec!["Speedboat"]);
    assert!(
        similar(&search(&app, "speedbaot retro").await)
            .iter()
            .all(|name| name != "Speedboat retro")
    );
    assert_eq!(
        app.sql("SELECT (SELECT count(*) FROM search_documents d JOIN pages p ON p.id = d.page_id WHERE p.deleted_at IS NOT NULL) + (SELECT count(*) FROM search_titles t JOIN pages p ON p.id = t.page_id WHERE p.deleted_at IS NOT NULL)"),
        vec!["0"]
    );
}

#[actix_web::test]
async fn the_index_follows_renames_deletions_undeletions_and_restores() {
    let app = TestApp::signed_in().await;
    app.edit("Brainwriting", &format!("{ENGLISH} Silent ideas on cards."))
        .await;
    app.edit(
        "Brainwriting",
        &format!("{ENGLISH} Ideas written on sticky notes."),
    )
    .await;
    assert!(hits(&search(&app, "cards").await).is_empty());
    assert_eq!(hits(&search(&app, "sticky").await), vec!["Brainwriting"]);

    app.post("/Brainwriting/rename", &[("new_name", "Silent brainstorm")])
        .await
        .assert_status(303);
    assert_eq!(
        hits(&search(&app, "brainstorm").await),
        vec!["Silent brainstorm"]
    );
    assert!(hits(&search(&app, "brainwriting").await).is_empty());
    assert_eq!(titles(&app, "silent b").await, vec!["Silent brainstorm"]);
    assert_eq!(
        app.sql("SELECT title_folded FROM search_titles t JOIN pages p ON p.id = t.page_id WHERE p.name = 'Silent brainstorm'"),
        vec!["silent brainstorm"]
    );

    app.post("/Silent_brainstorm/delete", &[("reason", "")])
        .await
        .assert_status(303);
    assert!(hits(&search(&app, "sticky").await).is_empty());
    app.post("/Silent_brainstorm/undelete", &[("reason", "")])
        .await
        .assert_status(303);
    assert_eq!(
        hits(&search(&app, "sticky").await),
        vec!["Silent brainstorm"]
    );

    app.post("/Silent_brainstorm/restore?rev=1", &[])
        .await
        .assert_status(303);
    assert_eq!(
        hits(&search(&app, "cards").await),
        vec!["Silent brainstorm"]
    );
    assert!(hits(&search(&app, "sticky").await).is_empty());

    // Recreating a deleted page (an explicit choice in the editor) brings it back, and into
    // the index.
    app.post("/Silent_brainstorm/delete", &[("reason", "")])
        .await
        .assert_status(303);
    let base = app.latest_rev("Silent brainstorm").await.to_string();
    app.post(
        "/Silent_brainstorm/edit",
        &[
            ("body", &format!("{ENGLISH} Back with postcards.")),
            ("base", &base),
            ("recreate", "true"),
        ],
    )
    .await
    .assert_status(303);
    assert_eq!(
        hits(&search(&app, "postcards").await),
        vec!["Silent brainstorm"]
    );
}

#[actix_web::test]
async fn a_saved_page_is_indexed_in_the_language_of_its_text() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Photolangage",
        &format!("{FRENCH} Des photos sur une table."),
    )
    .await;
    app.search_settled();
    assert_eq!(
        app.sql("SELECT d.config::text FROM search_documents d JOIN pages p ON p.id = d.page_id WHERE p.name = 'Photolangage'"),
        vec!["coopwiki_fr"]
    );
    // A page too short to tell its language gets the language-neutral configuration.
    app.edit("Stub", "Voir [[Photolangage]].").await;
    app.search_settled();
    assert_eq!(
        app.sql("SELECT coalesce(language, 'none') || ' ' || d.config::text FROM pages p JOIN search_documents d ON d.page_id = p.id WHERE p.name = 'Stub'"),
        vec!["none coopwiki_simple"]
    );
    // The wiki's own default pages are indexed too, from the first start.
    assert_eq!(
        hits(&search(&app, "footer").await)
            .first()
            .map(String::as_str),
        Some("SiteFooter")
    );
}

#[actix_web::test]
async fn a_save_rewrites_the_text_document_and_leaves_the_title_alone() {
    let app = TestApp::signed_in().await;
    app.edit("Meetings", &format!("{ENGLISH} Chairs in a circle."))
        .await;
    app.search_settled();
    // The transaction that last wrote each row.
    let title_row = "SELECT t.xmin::text FROM search_titles t JOIN pages p ON p.id = t.page_id WHERE p.name = 'Meetings'";
    let text_row = "SELECT d.xmin::text FROM search_documents d JOIN pages p ON p.id = d.page_id WHERE p.name = 'Meetings'";
    let (title_before, text_before) = (app.sql(title_row), app.sql(text_row));
    assert_eq!(title_before.len(), 1);

    app.edit("Meetings", &format!("{ENGLISH} Chairs in two circles."))
        .await;
    app.search_settled();
    assert_eq!(app.sql(title_row), title_before);
    assert_ne!(app.sql(text_row), text_before);
    assert_eq!(hits(&search(&app, "two circles").await), vec!["Meetings"]);

    // The stemmed title follows the language of the text.
    app.edit("Meetings", &format!("{FRENCH} Des chaises en cercle."))
        .await;
    app.search_settled();
    assert_ne!(app.sql(title_row), title_before);
    assert_eq!(
        app.sql("SELECT (t.title_vector = to_tsvector('coopwiki_fr', 'Meetings'))::text FROM search_titles t JOIN pages p ON p.id = t.page_id WHERE p.name = 'Meetings'"),
        vec!["true"]
    );
    assert_eq!(titles(&app, "meet").await, vec!["Meetings"]);
}

/// The queue on a database no indexer watches: a revision only queues its page, a page saved
/// twice is queued once, a page another transaction holds is left for later, and its document
/// is then built from its latest revision; a page that cannot be indexed is retried later.
#[test]
fn saves_only_queue_their_page_and_a_page_held_by_a_save_waits_for_its_turn() {
    use coopwiki::db::schema::{search_documents, search_queue};
    use diesel::{Connection, QueryDsl, QueryableByName, RunQueryDsl};
    use diesel_async::AsyncPgConnection;
    use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;

    #[derive(QueryableByName)]
    struct Indexed {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pages: i32,
    }
    fn index_queued(conn: &mut AsyncConnectionWrapper<AsyncPgConnection>) -> i32 {
        diesel::sql_query("SELECT search_index_queued(50) AS pages")
            .get_result::<Indexed>(conn)
            .unwrap()
            .pages
    }
    fn run(conn: &mut AsyncConnectionWrapper<AsyncPgConnection>, statement: &str) {
        diesel::sql_query(statement).execute(conn).unwrap();
    }
    let queued = |conn: &mut AsyncConnectionWrapper<AsyncPgConnection>| -> i64 {
        search_queue::table.count().get_result(conn).unwrap()
    };
    let documents = |conn: &mut AsyncConnectionWrapper<AsyncPgConnection>| -> i64 {
        search_documents::table.count().get_result(conn).unwrap()
    };

    let db = crate::harness::TestDb::new();
    let url = db.url.clone();
    crate::harness::admin(url.clone(), move |conn| {
        let page = "'6d1c7f5e-0000-4000-8000-000000000001'";
        run(
            conn,
            &format!(
                "INSERT INTO pages (id, name, name_key, latest_rev) VALUES ({page}, 'Fishbowl', 'fishbowl', 1)"
            ),
        );
        run(
            conn,
            &format!(
                "INSERT INTO page_names (name_key, page_id, name) VALUES ('fishbowl', {page}, 'Fishbowl')"
            ),
        );
        let revision = |number: i32, body: &str| {
            format!(
                "INSERT INTO revisions (page_id, number, body, summary, author_name, size_bytes) VALUES ({page}, {number}, '{body}', '', 'test', {})",
                body.len()
            )
        };
        run(
            conn,
            &revision(1, "An inner circle talks, an outer circle listens."),
        );
        assert_eq!(
            (queued(conn), documents(conn)),
            (1, 0),
            "queued, not indexed"
        );
        run(
            conn,
            &revision(2, "An inner circle talks, the goldfish listen."),
        );
        assert_eq!(queued(conn), 1, "one row per page");

        // A save of the page in progress elsewhere holds its row.
        let mut saving = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url).unwrap();
        run(&mut saving, "BEGIN");
        run(
            &mut saving,
            &format!("SELECT 1 FROM pages WHERE id = {page} FOR UPDATE"),
        );
        assert_eq!(index_queued(conn), 0, "a held page is skipped");
        assert_eq!((queued(conn), documents(conn)), (1, 0));
        run(&mut saving, "COMMIT");

        assert_eq!(index_queued(conn), 1);
        assert_eq!((queued(conn), documents(conn)), (0, 1));
        #[derive(QueryableByName)]
        struct Found {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            found: bool,
        }
        let found = diesel::sql_query(
            "SELECT vector @@ to_tsquery(config, 'goldfish') AS found FROM search_documents",
        )
        .get_result::<Found>(conn)
        .unwrap();
        assert!(found.found, "built from the latest revision");
        assert_eq!(index_queued(conn), 0, "nothing left");

        // A text PostgreSQL cannot index (made so here) does not hold up the queue behind it:
        // it waits an hour for another try, unless a new revision comes first.
        run(
            conn,
            "CREATE OR REPLACE FUNCTION search_plain_text(markdown text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN IF markdown LIKE '%poison%' THEN RAISE EXCEPTION 'cannot index this'; END IF; RETURN markdown; END $$",
        );
        run(conn, &revision(3, "A poison text."));
        let other = "'6d1c7f5e-0000-4000-8000-000000000002'";
        run(
            conn,
            &format!(
                "INSERT INTO pages (id, name, name_key, latest_rev) VALUES ({other}, 'Carousel', 'carousel', 1)"
            ),
        );
        run(
            conn,
            &format!(
                "INSERT INTO revisions (page_id, number, body, summary, author_name, size_bytes) VALUES ({other}, 1, 'Two circles turn.', '', 'test', 17)"
            ),
        );
        assert_eq!(queued(conn), 2);
        assert_eq!(index_queued(conn), 2, "both taken");
        assert_eq!(documents(conn), 2, "the other page is indexed");
        assert_eq!(queued(conn), 1, "the failed page is queued again");
        assert_eq!(index_queued(conn), 0, "for later");
        run(conn, &revision(4, "A harmless text."));
        assert_eq!(index_queued(conn), 1, "a new text is tried at once");
        assert_eq!(queued(conn), 0);
    });
}

/// Issue #27, item 10: PostgreSQL's text search parser was quadratic on `<!--` runs, and this
/// page (234 KB, under the size limit) held the indexer for minutes, every page saved after it
/// waiting, and its first view behind the indexer's lock on its row.
#[actix_web::test]
async fn a_page_the_text_search_parser_chokes_on_holds_neither_its_view_nor_the_queue() {
    let app = TestApp::signed_in().await;
    let hostile = "a <!--".repeat(40_000);
    app.edit("Comment storm", &hostile).await;
    let view = app.get("/Comment_storm").await;
    view.assert_status(200);
    assert!(view.body.contains("a &lt;!--a &lt;!--"), "shown as text");
    app.edit("Afterwards", &format!("{ENGLISH} A zeppelin overhead."))
        .await;
    assert_eq!(hits(&search(&app, "zeppelin").await), vec!["Afterwards"]);
    // The page itself is indexed, and a search that finds it answers with its snippet.
    let reply = search(&app, "a").await;
    assert!(hits(&reply).contains(&"Comment storm".to_owned()));
    assert!(reply.body.contains("</mark> &lt;!--"), "{}", reply.body);
    assert!(app.sql("SELECT page_id FROM search_set_aside").is_empty());
}

/// A page view never waits for another transaction holding the page's row (the indexer building
/// its document, a save): it shows the page and leaves the HTML cache to a later view.
#[actix_web::test]
async fn a_view_does_not_wait_for_a_transaction_holding_its_page() {
    let app = TestApp::signed_in().await;
    app.edit("Held", &format!("{ENGLISH} Chairs in a circle."))
        .await;
    let rendered = "SELECT (rendered_html IS NOT NULL)::text FROM pages WHERE name = 'Held'";
    let url = app.db.url.clone();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        use diesel::{Connection, RunQueryDsl};
        use diesel_async::AsyncPgConnection;
        use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url).unwrap();
        for statement in [
            "BEGIN",
            "SELECT 1 FROM pages WHERE name = 'Held' FOR NO KEY UPDATE",
        ] {
            diesel::sql_query(statement).execute(&mut conn).unwrap();
        }
        locked_tx.send(()).unwrap();
        // Held until the test has its answer; should the view wait, it gets it after a while
        // (with the HTML stored, which the test then sees) rather than never.
        let _ = release_rx.recv_timeout(std::time::Duration::from_secs(30));
        diesel::sql_query("COMMIT").execute(&mut conn).unwrap();
    });
    locked_rx.recv().unwrap();
    let view = app.get("/Held").await;
    view.assert_status(200);
    assert!(view.body.contains("Chairs in a circle."));
    assert_eq!(app.sql(rendered), vec!["false"], "not kept while held");
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    // Once more, with the row free (`?rev=`, the latest, is never answered from the view cache).
    app.get("/Held?rev=1").await.assert_status(200);
    assert_eq!(app.sql(rendered), vec!["true"], "kept by a later view");
}

/// A page whose document cannot be built within the indexer's budget (made so here: its plain
/// text takes seconds) is set aside with a note and indexed by its title alone; the pages
/// queued with it are indexed; its next revision is tried again.
#[actix_web::test]
async fn a_page_over_the_indexing_budget_is_set_aside_and_the_queue_goes_on() {
    use coopwiki::search::queries::{Indexing, index_queued};
    use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
    let budget = std::time::Duration::from_millis(300);
    let db = crate::harness::TestDb::new();
    let mut conn = AsyncPgConnection::establish(&db.url).await.unwrap();
    let page = |n: u32| format!("'6d1c7f5e-0000-4000-8000-00000000000{n}'");
    for (n, name, body) in [
        (1, "Slowpoke", "A slow text about goldfish."),
        (2, "Carousel", "Two circles turn."),
    ] {
        for statement in [
            format!(
                "INSERT INTO pages (id, name, name_key, latest_rev) VALUES ({}, '{name}', '{}', 1)",
                page(n),
                name.to_lowercase()
            ),
            format!(
                "INSERT INTO page_names (name_key, page_id, name) VALUES ('{}', {}, '{name}')",
                name.to_lowercase(),
                page(n)
            ),
        ] {
            diesel::sql_query(statement)
                .execute(&mut conn)
                .await
                .unwrap();
        }
        let revision = format!(
            "INSERT INTO revisions (page_id, number, body, summary, author_name, size_bytes) VALUES ({}, 1, '{body}', '', 'test', {})",
            page(n),
            body.len()
        );
        diesel::sql_query(revision)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    diesel::sql_query(
        "CREATE OR REPLACE FUNCTION search_plain_text(markdown text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN IF markdown LIKE '%slow%' THEN PERFORM pg_sleep(10); END IF; RETURN markdown; END $$",
    )
    .execute(&mut conn)
    .await
    .unwrap();

    assert_eq!(
        index_queued(&mut conn, 50, budget).await.unwrap(),
        Indexing {
            indexed: 1,
            set_aside: 1
        }
    );
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        value: String,
    }
    async fn rows(conn: &mut AsyncPgConnection, sql: &str) -> Vec<String> {
        diesel::sql_query(sql)
            .load::<Row>(conn)
            .await
            .unwrap()
            .into_iter()
            .map(|row| row.value)
            .collect()
    }
    assert_eq!(
        rows(
            &mut conn,
            "SELECT count(*)::text AS value FROM search_queue"
        )
        .await,
        vec!["0"]
    );
    assert_eq!(
        rows(&mut conn, "SELECT p.name || ' ' || a.revision || ' ' || (a.reason LIKE '%statement timeout%') AS value FROM search_set_aside a JOIN pages p ON p.id = a.page_id").await,
        vec!["Slowpoke 1 true"]
    );
    let found = "SELECT coalesce(string_agg(p.name, ' ' ORDER BY p.name), '') AS value FROM search_documents d JOIN pages p ON p.id = d.page_id WHERE d.vector @@ search_query_for(d.config, $q$'{}'$q$)";
    assert_eq!(
        rows(&mut conn, &found.replace("{}", "circles")).await,
        vec!["Carousel"]
    );
    assert_eq!(
        rows(&mut conn, &found.replace("{}", "slowpoke")).await,
        vec!["Slowpoke"],
        "by its title"
    );
    assert_eq!(
        rows(&mut conn, &found.replace("{}", "goldfish")).await,
        vec![""],
        "not by its text"
    );

    // A new revision is queued and tried again.
    diesel::sql_query(format!(
        "INSERT INTO revisions (page_id, number, body, summary, author_name, size_bytes) VALUES ({}, 2, 'Goldfish again.', '', 'test', 15)",
        page(1)
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(format!(
        "UPDATE pages SET latest_rev = 2 WHERE id = {}",
        page(1)
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        rows(
            &mut conn,
            "SELECT count(*)::text AS value FROM search_set_aside"
        )
        .await,
        vec!["0"]
    );
    assert_eq!(
        index_queued(&mut conn, 50, budget).await.unwrap(),
        Indexing {
            indexed: 1,
            set_aside: 0
        }
    );
    assert_eq!(
        rows(&mut conn, &found.replace("{}", "goldfish")).await,
        vec!["Slowpoke"]
    );
}

/// What the indexer set aside is listed on the administration page, with why.
#[actix_web::test]
async fn pages_set_aside_by_the_indexer_are_listed_for_admins() {
    let app = TestApp::new().await;
    app.add_user("root", coopwiki::identity::Role::Admin).await;
    app.login_as("root", crate::harness::PASSWORD).await;
    let admin = app.get("/-/admin/").await;
    admin.assert_status(200);
    assert!(
        !admin.body.contains("cw-set-aside"),
        "nothing set aside, no section"
    );
    app.edit("Slowpoke", "A slow text.").await;
    app.search_settled();
    app.execute(
        "INSERT INTO search_set_aside (page_id, revision, reason) SELECT id, latest_rev, 'canceling statement due to statement timeout' FROM pages WHERE name = 'Slowpoke'",
    );
    let admin = app.get("/-/admin/").await;
    admin.assert_status(200);
    assert!(admin.body.contains("href=\"/Slowpoke\""), "{}", admin.body);
    assert!(admin.body.contains("statement timeout"), "{}", admin.body);
}

#[actix_web::test]
async fn a_burst_of_saves_is_searchable_once_the_indexer_catches_up() {
    let app = TestApp::signed_in().await;
    let editors: Vec<TestApp> = (0..4).map(|_| app.visitor()).collect();
    for (i, editor) in editors.iter().enumerate() {
        editor.sign_up(&format!("editor{i}")).await;
    }
    // Four editors saving ten pages each at the same time.
    futures_util::future::join_all(editors.iter().enumerate().map(|(i, editor)| async move {
        for n in 0..10 {
            editor
                .edit(
                    &format!("Lantern {i}-{n}"),
                    &format!("{ENGLISH} A paper lantern numbered wick{i}x{n}."),
                )
                .await;
        }
    }))
    .await;
    let reply = search(&app, "lantern").await;
    assert!(
        count_line(&reply).contains("40 pages match"),
        "{}",
        count_line(&reply)
    );
    assert_eq!(hits(&search(&app, "wick3x9").await), vec!["Lantern 3-9"]);
    assert_eq!(app.sql("SELECT count(*) FROM search_queue"), vec!["0"]);
}

#[actix_web::test]
async fn reindex_rebuilds_every_document() {
    let app = TestApp::signed_in().await;
    app.edit("Troika", &format!("{ENGLISH} Consulting in threes."))
        .await;
    app.search_settled();
    {
        use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
        let mut conn = AsyncPgConnection::establish(&app.db.url).await.unwrap();
        for table in ["search_documents", "search_titles"] {
            diesel::sql_query(format!("DELETE FROM {table}"))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
    assert!(hits(&search(&app, "troika").await).is_empty());
    assert!(titles(&app, "troi").await.is_empty());
    // `coopwiki reindex`, as an operator runs it.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_coopwiki"))
        .arg("reindex")
        .env("DATABASE_URL", &app.db.url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run coopwiki reindex");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "Search index rebuilt for 5 page(s).",
        "the test page, the three default pages and the Method form"
    );
    assert_eq!(hits(&search(&app, "troika").await), vec!["Troika"]);
    assert_eq!(titles(&app, "troi").await, vec!["Troika"]);
}

#[actix_web::test]
async fn results_are_paginated_with_links_that_keep_the_query() {
    let app = TestApp::signed_in().await;
    for n in 0..23 {
        app.edit(&format!("Round {n:02}"), "A check-in round.")
            .await;
    }
    let first = search(&app, "round").await;
    assert_eq!(hits(&first).len(), 10);
    // And the Method form, last: its text mixes both languages, so its "rounds" are stemmed too.
    assert!(
        count_line(&first).contains("24 pages match"),
        "{}",
        count_line(&first)
    );
    assert!(
        first
            .body
            .contains(r#"rel="next" href="/-/search?q=round&amp;page=2""#)
    );
    let second = app.get("/-/search?q=round&page=2").await;
    assert_eq!(hits(&second).len(), 10);
    let third = app.get("/-/search?q=round&page=3").await;
    third.assert_status(200);
    assert_eq!(hits(&third).len(), 3);
    assert!(
        third
            .body
            .contains(r#"<ol class="search-results" start="21">"#)
    );
    assert!(
        third
            .body
            .contains(r#"rel="prev" href="/-/search?q=round&amp;page=2""#)
    );
    assert!(!third.body.contains(r#"rel="next""#));
    let mut all = hits(&first);
    all.extend(hits(&second));
    all.extend(hits(&third));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 23, "no page shown twice, none missed");
    app.get("/-/search?q=round&page=0").await.assert_status(400);
    app.get("/-/search?q=round&page=x").await.assert_status(400);
    app.get("/-/search?q=round&page=100000")
        .await
        .assert_status(400);
}

#[actix_web::test]
async fn snippets_highlight_matches_and_escape_everything_else() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Hostile snippet",
        "The **consent** round <script>alert(1)</script> a<b \"quoted\" & [[Link|label]] \u{E000}x\u{E001} consent.",
    )
    .await;
    let reply = search(&app, "consent").await;
    assert_no_script(&reply.body);
    let document = scraper::Html::parse_document(&reply.body);
    let snippet = document
        .select(&scraper::Selector::parse("p.snippet").unwrap())
        .next()
        .expect("a snippet");
    let marks: Vec<String> = snippet
        .select(&scraper::Selector::parse("mark").unwrap())
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(marks, vec!["consent", "consent"]);
    let text: String = snippet.text().collect();
    assert!(text.contains("a<b"), "{text}");
    assert!(text.contains("label") && !text.contains("[["), "{text}");
    assert!(!text.contains('\u{E000}'), "{text}");
    assert!(
        snippet.children().all(|child| child.value().is_text()
            || child
                .value()
                .as_element()
                .is_some_and(|e| e.name() == "mark")),
        "text and marks only: {}",
        snippet.html()
    );
}

#[actix_web::test]
async fn hostile_queries_are_harmless_and_shown_escaped() {
    let app = TestApp::signed_in().await;
    app.edit("Target", ENGLISH).await;
    for query in [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'); DROP TABLE pages; --",
        "' OR 1=1 --",
        "!&|():*<->",
        "\\",
        "'",
        "\"",
        "-",
        "*",
        "a:*B & !",
        "\u{0}nul",
        "(((((",
        "é\u{202E}x",
    ] {
        let reply = search(&app, query).await;
        assert_no_script(&reply.body);
        if query.contains('<') {
            assert!(reply.body.contains("&lt;"), "the query is shown escaped");
        }
        app.get(&format!(
            "/-/search/titles?{}",
            serde_urlencoded::to_string([("q", query)]).unwrap()
        ))
        .await
        .assert_status(200);
    }
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Target'"),
        vec!["1"]
    );
    assert_eq!(hits(&search(&app, "circle").await), vec!["Target"]);
}

#[actix_web::test]
async fn overlong_or_malformed_queries_are_refused_in_the_visitors_language() {
    let app = TestApp::signed_in().await;
    let long = "a".repeat(201);
    let reply = app
        .request(
            actix_web::test::TestRequest::get()
                .uri(&search_path(&long))
                .insert_header(("accept-language", "fr")),
        )
        .await;
    reply.assert_status(400);
    assert!(
        reply.body.contains("limitée à 200 caractères"),
        "{}",
        reply.body
    );
    let reply = app
        .request(
            actix_web::test::TestRequest::get()
                .uri(&format!("/-/search/titles?q={long}"))
                .insert_header(("accept", "application/json")),
        )
        .await;
    reply.assert_status(400);
    let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(json["error"]["code"], "bad_request");
    // Bytes that are not UTF-8 are read as replacement characters, never an error.
    let reply = app.get("/-/search?q=%FF%FE").await;
    reply.assert_status(200);
    assert!(reply.body.contains("\u{FFFD}"));
    app.get("/-/search/titles?q=%C3").await.assert_status(200);
    app.get("/-/search/titles?q=a&limit=many")
        .await
        .assert_status(400);
}

#[actix_web::test]
async fn title_completions_answer_errors_in_json_whatever_the_client_accepts() {
    let app = TestApp::new().await;
    let long = "a".repeat(201);
    for path in [
        format!("/-/search/titles?q={long}"),
        format!("/-/search/suggest?q={long}"),
        "/-/search/titles?q=a&limit=many".to_owned(),
        "/-/search/suggest?q=a&limit=-1".to_owned(),
    ] {
        let reply = app
            .request(
                actix_web::test::TestRequest::get()
                    .uri(&path)
                    .insert_header(("accept", "text/html")),
            )
            .await;
        reply.assert_status(400);
        assert!(
            reply
                .header("content-type")
                .is_some_and(|t| t.starts_with("application/json")),
            "{path}"
        );
        let json: serde_json::Value = serde_json::from_str(&reply.body).expect("a JSON error");
        assert_eq!(json["error"]["code"], "bad_request", "{path}");
    }
}

#[actix_web::test]
async fn every_page_has_a_search_box_and_the_wiki_describes_itself_to_browsers() {
    let app = TestApp::signed_in().await;
    let home = app.get("/").await;
    let document = scraper::Html::parse_document(&home.body);
    let form = document
        .select(&scraper::Selector::parse("header form[role=search]").unwrap())
        .next()
        .expect("a search form in the header");
    assert_eq!(form.value().attr("method"), Some("get"));
    assert_eq!(form.value().attr("action"), Some("/-/search"));
    let input = form
        .select(&scraper::Selector::parse("input[name=q]").unwrap())
        .next()
        .expect("a query field");
    let id = input.value().attr("id").unwrap();
    assert!(
        form.select(&scraper::Selector::parse(&format!("label[for={id}]")).unwrap())
            .next()
            .is_some(),
        "the field has a label"
    );
    let link = document
        .select(&scraper::Selector::parse("head link[rel=search]").unwrap())
        .next()
        .expect("an OpenSearch link");
    assert_eq!(link.value().attr("href"), Some("/-/opensearch.xml"));
    assert_eq!(
        link.value().attr("type"),
        Some("application/opensearchdescription+xml")
    );

    let empty = search(&app, "").await;
    assert!(empty.body.contains("name=\"q\""));
    assert!(hits(&empty).is_empty() && count_line(&empty).is_empty());

    let description = app.get("/-/opensearch.xml").await;
    description.assert_status(200);
    assert_eq!(
        description.header("content-type"),
        Some("application/opensearchdescription+xml; charset=utf-8")
    );
    let mut reader = Reader::from_str(&description.body);
    let mut templates = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if root.is_none() {
                    let ns = e.try_get_attribute("xmlns").unwrap().expect("namespace");
                    assert_eq!(ns.value.as_ref(), b"http://a9.com/-/spec/opensearch/1.1/");
                    root = Some(name.clone());
                }
                if name == "Url" {
                    let template = e.try_get_attribute("template").unwrap().unwrap();
                    templates.push(String::from_utf8_lossy(&template.value).into_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root.as_deref(), Some("OpenSearchDescription"));
    assert!(templates.contains(&"http://localhost/-/search?q={searchTerms}".to_owned()));
}

#[actix_web::test]
async fn in_a_browser_the_search_box_suggests_titles_and_finds_the_page() {
    use std::time::Duration;

    use fantoccini::Locator;

    let Some((_driver, port)) = crate::browser::start_driver() else {
        return;
    };
    let db = crate::harness::TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = crate::browser::start_wiki(&db, data_dir.path());
    let client = crate::browser::browser(port, &base).await;
    // The wiki answers once its default pages are saved; their documents follow.
    db.search_settled();
    // The home page mentions the footer; SiteFooter is the page titled so.
    client.goto(&base).await.unwrap();
    let input = client
        .wait()
        .for_element(Locator::Css("header input[type=search]"))
        .await
        .unwrap();
    input.send_keys("SiteFo").await.unwrap();
    // app.js fetched the titles (allowed by the Content-Security-Policy) into the datalist.
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#cw-search-titles option[value=SiteFooter]"))
        .await
        .expect("a title suggestion");
    input.send_keys("oter\u{E007}").await.unwrap();
    let first = client
        .wait()
        .for_element(Locator::Css("ol.search-results a.search-hit"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(first, "SiteFooter");
    client.close().await.unwrap();
    drop(db);
}

/// A Method sheet in English whose hook and other names are given.
fn method_sheet(slug: &str, hook: &str, other_names: &str, body: &str) -> String {
    format!(
        "---\nform: Method\nlang: en\ntranslation: {slug}\nother_names: [\"{other_names}\"]\n\
         hook: \"{hook}\"\nsummary: \"What {slug} is for, in one sentence.\"\n\
         purposes: [decide]\ngroup_size: {{min: 5, max: 30}}\nduration: {{min: 30, max: 60}}\n\
         steps:\n- {{title: \"Everything\", duration: 30, text: \"Do it.\"}}\n---\n{body}\n"
    )
}

#[actix_web::test]
async fn sheet_fields_are_found_and_rank_between_titles_and_bodies() {
    let app = TestApp::signed_in().await;
    // "goldfish" is only in a field of the sheet (its other names), not in its body.
    app.edit(
        "Fishbowl",
        &method_sheet(
            "fishbowl",
            "An inner circle talks",
            "Goldfish bowl",
            ENGLISH,
        ),
    )
    .await;
    let found = search(&app, "goldfish").await;
    assert_eq!(own_hits(&found), vec!["Fishbowl"]);
    // A sheet's result shows its summary.
    assert!(
        found
            .body
            .contains("What fishbowl is for, in one sentence."),
        "{}",
        found.body
    );
    // The word "kazoo": a page's title, a sheet's hook, another sheet's body.
    app.edit("Kazoo", ENGLISH).await;
    app.edit(
        "Band practice",
        &method_sheet("band", "Everyone brings a kazoo", "Jam", ENGLISH),
    )
    .await;
    app.edit(
        "Anthem",
        &method_sheet(
            "anthem",
            "Sing together",
            "Choir",
            &format!("{ENGLISH} Someone may bring a kazoo."),
        ),
    )
    .await;
    assert_eq!(
        own_hits(&search(&app, "kazoo").await),
        vec!["Kazoo", "Band practice", "Anthem"]
    );
    // The front matter is not searched as body text: its keys find nothing.
    assert!(own_hits(&search(&app, "translation").await).is_empty());
}

/// Issue #21: a search offers to create the page it names when the visitor can read none of
/// that name, and not when one exists (a private one is not revealed by the offer's absence:
/// the offer stays).
#[actix_web::test]
async fn a_search_offers_to_create_the_page_it_names() {
    let app = TestApp::signed_in().await;
    app.edit("Fishbowl", "Chairs in a circle.").await;
    app.edit("Secret plan", "Hidden.").await;
    app.post(
        "/Secret_plan/permissions",
        &[("read", "%"), ("write", ""), ("comment", "")],
    )
    .await
    .assert_status(303);
    app.search_settled();
    let nothing = search(&app, "Bocal à poissons").await;
    assert!(
        nothing
            .body
            .contains("href=\"/Bocal_%C3%A0_poissons/edit\""),
        "{}",
        nothing.body
    );
    assert!(nothing.body.contains("Create the page “Bocal à poissons”"));
    assert!(
        !search(&app, "fishbowl")
            .await
            .body
            .contains("Create the page")
    );
    let other = app.visitor();
    other.sign_up("mallory").await;
    assert!(
        search(&other, "Secret plan")
            .await
            .body
            .contains("Create the page"),
        "a page one may not read is a missing page"
    );
    assert!(!search(&app, "a<b").await.body.contains("Create the page"));
}

/// The comments found, as "author on page" links, in order.
fn comment_hits(reply: &Reply) -> Vec<(String, String)> {
    let document = scraper::Html::parse_document(&reply.body);
    let selector = scraper::Selector::parse("ol.search-results a.search-hit").unwrap();
    document
        .select(&selector)
        .filter_map(|a| {
            let href = a.value().attr("href")?;
            href.contains("/discussion/")
                .then(|| (href.to_owned(), a.text().collect::<String>()))
        })
        .collect()
}

#[actix_web::test]
async fn comments_are_found_in_both_languages_while_they_are_shown() {
    let app = TestApp::signed_in().await;
    app.edit("Harvest", "The notes of the day.").await;
    app.post(
        "/Harvest/discussion",
        &[("body", "We ran it with sixty **facilitators** in Lyon.")],
    )
    .await
    .assert_status(303);
    app.post(
        "/Harvest/discussion",
        &[("body", "Nous l'avons animée avec des lycéens.")],
    )
    .await
    .assert_status(303);
    // English and French forms of the words find them, linked to their lasting address.
    let english = search(&app, "facilitator").await;
    assert_eq!(
        comment_hits(&english),
        vec![(
            "/Harvest/discussion/1".to_owned(),
            "tester on Harvest".to_owned()
        )],
        "{}",
        english.body
    );
    assert!(english.body.contains("<mark>facilitators</mark>"));
    let french = search(&app, "lycéen").await;
    assert_eq!(comment_hits(&french).len(), 1, "{}", french.body);
    assert!(comment_hits(&french)[0].0.ends_with("/discussion/2"));
    // The index follows an edit.
    app.post(
        "/Harvest/discussion/1/edit",
        &[("body", "We ran it with sixty teachers in Lyon.")],
    )
    .await
    .assert_status(303);
    assert!(comment_hits(&search(&app, "facilitator").await).is_empty());
    assert_eq!(comment_hits(&search(&app, "teachers").await).len(), 1);
    // A removed comment is not found, nor counted.
    app.post("/Harvest/discussion/1/remove", &[])
        .await
        .assert_status(303);
    let removed = app.get("/-/search?q=teachers&in=comments").await;
    assert!(
        removed.body.contains("No comment matches"),
        "{}",
        removed.body
    );
    // Nor those of a deleted page.
    app.post("/Harvest/delete", &[("reason", "moved")])
        .await
        .assert_status(303);
    assert!(comment_hits(&search(&app, "lycéen").await).is_empty());
}

#[actix_web::test]
async fn a_glimpse_of_comments_under_the_pages_leads_to_all_of_them() {
    let app = TestApp::signed_in().await;
    app.edit("Fishbowl", "Inner circle speaks, outer circle listens.")
        .await;
    for n in 1..=12 {
        app.post(
            "/Fishbowl/discussion",
            &[(
                "body",
                format!("Round {n}: the empty chair worked well.").as_str(),
            )],
        )
        .await
        .assert_status(303);
    }
    let first = search(&app, "chair").await;
    assert_eq!(comment_hits(&first).len(), 3, "{}", first.body);
    assert!(
        first
            .body
            .contains("href=\"/-/search?q=chair&amp;in=comments&amp;page=1\""),
        "{}",
        first.body
    );
    assert!(first.body.contains("All 12 comments that match"));
    let all = app.get("/-/search?q=chair&in=comments").await;
    all.assert_status(200);
    assert_eq!(comment_hits(&all).len(), 10);
    assert!(count_line(&all).contains("12 comments match"));
    let next = app.get("/-/search?q=chair&in=comments&page=2").await;
    assert_eq!(comment_hits(&next).len(), 2);
    // In French too, and a scope that does not exist is refused.
    let french = app
        .request(
            actix_web::test::TestRequest::get()
                .uri("/-/search?q=chair&in=comments")
                .insert_header(("Accept-Language", "fr")),
        )
        .await;
    assert!(count_line(&french).contains("12 commentaires correspondent"));
    app.get("/-/search?q=chair&in=nowhere")
        .await
        .assert_status(400);
}

/// A save builds its page's search document itself: seen from inside the save's transaction,
/// before any commit the indexer could act on, a short page and a sheet are indexed (a sheet by
/// its fields too) and out of the queue, and a text too long to index while an editor waits is
/// left queued for the indexer.
#[actix_web::test]
async fn a_save_indexes_its_page_itself_and_leaves_long_texts_to_the_indexer() {
    use coopwiki::identity::Author;
    use coopwiki::names::PageName;
    use coopwiki::pages::save::{
        Base, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer, save,
    };
    use diesel::sql_types::Text;
    use diesel_async::{AsyncConnection, RunQueryDsl};

    #[derive(diesel::QueryableByName, Debug, PartialEq)]
    struct State {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        queued: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        found: bool,
    }
    let app = TestApp::new().await;
    let mut conn = app.state.pool.get().await.unwrap();
    let kinds = &app.state.kinds;
    let sheet = "---\nform: Method\nlang: en\nhook: \"A quokka listens\"\nsummary: \"Sum\"\n\
                 purposes: [decide]\ngroup_size: {min: 2, max: 9}\nduration: {min: 10, max: 20}\n\
                 ---\nNotes.\n";
    let long = "The goldfish bowl, again. ".repeat(1400);
    let pages = [
        (
            "Fishbowl",
            "An inner circle talks, a wombat listens.",
            "wombat",
        ),
        ("Listening method", sheet, "quokka"),
        ("Long page", long.as_str(), "goldfish"),
    ];
    let states = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            let mut states = Vec::new();
            for (name, body, word) in pages {
                let request = SaveRequest {
                    name: PageName::parse(name).unwrap(),
                    base: Base::New,
                    revision: NewRevision {
                        body: body.to_owned(),
                        summary: String::new(),
                        author: Author {
                            id: None,
                            name: "test".into(),
                        },
                        restored_from: None,
                        submission_id: None,
                        links: Vec::new(),
                        on_stale: OnStale::Refuse,
                        undelete: false,
                        at: None,
                    },
                };
                let outcome = save(conn, kinds, &request, Writer::Wiki).await?;
                assert!(matches!(outcome, SaveOutcome::Saved { .. }), "{outcome:?}");
                let state: State = diesel::sql_query(
                    "SELECT EXISTS (SELECT 1 FROM search_queue AS q JOIN pages AS p ON p.id = q.page_id
                                    WHERE p.name = $1) AS queued,
                            EXISTS (SELECT 1 FROM search_documents AS d JOIN pages AS p ON p.id = d.page_id
                                    WHERE p.name = $1 AND d.vector @@ plainto_tsquery(d.config, $2)) AS found",
                )
                .bind::<Text, _>(name)
                .bind::<Text, _>(word)
                .get_result(conn)
                .await?;
                states.push((name, state));
            }
            Ok(states)
        })
        .await
        .unwrap();
    let expected = |queued, found| State { queued, found };
    assert_eq!(
        states,
        vec![
            ("Fishbowl", expected(false, true)),
            ("Listening method", expected(false, true)),
            ("Long page", expected(true, false)),
        ]
    );
}
