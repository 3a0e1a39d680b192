//! The method catalogue: sheets as pages, forms as pages, validation, the typed editor, the
//! catalogue's filters and counts, exports, imports, and the starter catalogue.

use coopwiki::identity::Role;

use crate::harness::{PASSWORD, TestApp};

/// A wiki and its catalogue curator: an administrator, since forms are admin-only pages.
async fn curated_wiki() -> TestApp {
    let app = TestApp::new().await;
    app.add_user("curator", Role::Admin).await;
    app.login_as("curator", PASSWORD).await;
    app
}

/// A valid Method sheet with the given filterable values.
#[allow(clippy::too_many_arguments)]
fn sheet(
    lang: &str,
    slug: &str,
    purposes: &str,
    group: (i32, i32),
    duration: (i32, i32),
    difficulty: &str,
    modality: &str,
    extra: &str,
) -> String {
    format!(
        "---\nform: Method\nlang: {lang}\ntranslation: {slug}\nhook: \"Hook of {slug}\"\n\
         summary: \"Summary of {slug}\"\npurposes: [{purposes}]\n\
         group_size: {{min: {}, max: {}}}\nduration: {{min: {}, max: {}}}\n\
         difficulty: {difficulty}\nmodality: [{modality}]\nphase: [convergent]\nsteps:\n\
         - {{title: \"Everything\", duration: {}, text: \"Do it.\"}}\nstatus: complete\n{extra}---\n\
         Body of {slug}.\n",
        group.0, group.1, duration.0, duration.1, duration.0
    )
}

/// The text of the sheet `Alpha`.
fn alpha() -> String {
    sheet(
        "en",
        "alpha",
        "decide, plan",
        (5, 30),
        (30, 60),
        "easy",
        "in_person",
        "",
    )
}

/// Four sheets: three in English, one in French.
async fn four_sheets(app: &TestApp) {
    app.edit("Alpha", &alpha()).await;
    app.edit(
        "Bravo",
        &sheet(
            "en",
            "bravo",
            "decide",
            (2, 8),
            (10, 20),
            "medium",
            "online",
            "",
        ),
    )
    .await;
    app.edit(
        "Charlie",
        &sheet(
            "en",
            "charlie",
            "generate_ideas",
            (10, 100),
            (45, 90),
            "easy",
            "in_person, online",
            "",
        ),
    )
    .await;
    app.edit(
        "Alpha (fr)",
        &sheet(
            "fr",
            "alpha",
            "decide",
            (5, 30),
            (30, 60),
            "easy",
            "in_person",
            "",
        ),
    )
    .await;
}

/// Names of the sheets an export of this query lists, in order.
/// The pages listed by the catalogue's JSON, once the search indexer has caught up with the
/// test's saves (its text query reads the search index).
async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    app.search_settled();
    let reply = app.get(&format!("/-/methods.json?{query}")).await;
    reply.assert_status(200);
    let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|s| s["page"].as_str().unwrap().to_owned())
        .collect()
}

/// The count shown next to one value of a filter in the catalogue page.
fn shown_count(body: &str, key: &str, id: &str) -> i64 {
    let marker = format!("name=\"{key}\" value=\"{id}\"");
    let at = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no {marker}:\n{body}"));
    let rest = &body[at..];
    let open = rest.find("<span class=\"count\">(").unwrap() + "<span class=\"count\">(".len();
    rest[open..].split(')').next().unwrap().parse().unwrap()
}

#[actix_web::test]
async fn the_starter_catalogue_installs_once_on_an_empty_wiki() {
    let app = TestApp::with_settings(|s| s.starter_catalogue = true).await;
    assert_eq!(app.sql("SELECT count(*) FROM sheets"), ["40"]);
    assert_eq!(
        app.sql(
            "SELECT lang || ':' || count(*) FROM sheets WHERE valid GROUP BY lang ORDER BY lang"
        ),
        ["en:20", "fr:20"]
    );
    assert_eq!(
        app.sql("SELECT count(DISTINCT translation) FROM sheets"),
        ["20"]
    );
    let revisions = app.sql("SELECT count(*) FROM revisions");
    coopwiki::server::seed(&app.state).await.unwrap();
    assert_eq!(app.sql("SELECT count(*) FROM sheets"), ["40"]);
    assert_eq!(app.sql("SELECT count(*) FROM revisions"), revisions);
    let catalogue = app.get("/-/methods?lang=fr").await;
    catalogue.assert_status(200);
    assert!(catalogue.body.contains("20 méthodes") || catalogue.body.contains("20 methods"));
    let page = app.get("/World_Caf%C3%A9").await;
    page.assert_status(200);
    assert!(
        page.body.contains("class=\"sheet-summary\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("hreflang=\"fr\""),
        "link to the French sheet"
    );
}

#[actix_web::test]
async fn without_the_setting_a_new_wiki_has_the_form_but_no_sheets() {
    let app = curated_wiki().await;
    assert_eq!(app.sql("SELECT count(*) FROM sheets"), ["0"]);
    let form = app.get("/Form.Method").await;
    form.assert_status(200);
    assert!(form.body.contains("group_size"), "{}", form.body);
    let raw = app.get("/Form.Method/raw").await;
    assert!(raw.body.starts_with("# The \"Method\" catalogue form"));
}

#[actix_web::test]
async fn a_sheet_shows_its_fields_labels_related_methods_and_translation() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    let with_extras = sheet(
        "en",
        "delta",
        "decide",
        (3, 9),
        (20, 30),
        "expert",
        "hybrid",
        "materials:\n  - {item: \"Cards\", quantity: 2, per: person}\nrelated:\n  - {method: alpha, kind: often_followed_by}\ntips: |-\n  - See [[Bravo]].\n",
    );
    app.edit("Delta", &with_extras).await;
    let page = app.get("/Delta").await;
    page.assert_status(200);
    let body = &page.body;
    assert!(
        body.contains("<p class=\"hook\">Hook of delta</p>"),
        "{body}"
    );
    assert!(body.contains("3–9 people"), "{body}");
    assert!(body.contains("20–30 min"));
    assert!(body.contains("Expert"));
    assert!(
        body.contains("<td>Cards</td><td>2</td><td>person</td>"),
        "{body}"
    );
    assert!(
        body.contains("Often followed by <a href=\"/Alpha\">Alpha</a>"),
        "{body}"
    );
    assert!(body.contains("Total: 20 min"));
    assert!(
        body.contains("class=\"wikilink\" href=\"/Bravo\"") || body.contains("href=\"/Bravo\"")
    );
    // French labels for a French visitor; the cached pieces do not hold labels.
    let french = app
        .request(
            actix_web::test::TestRequest::get()
                .uri("/Delta")
                .insert_header(("Accept-Language", "fr")),
        )
        .await;
    assert!(french.body.contains("3–9 personnes"), "{}", french.body);
    assert!(french.body.contains("Souvent suivie de"));
    // The English sheet links to its French translation and back.
    let alpha = app.get("/Alpha").await;
    assert!(
        alpha.body.contains("href=\"/Alpha_(fr)\" hreflang=\"fr\""),
        "{}",
        alpha.body
    );
}

#[actix_web::test]
async fn an_invalid_typed_sheet_answers_422_next_to_its_fields_and_saves_nothing() {
    let app = curated_wiki().await;
    let pages = app.sql("SELECT count(*) FROM pages");
    let reply = app
        .post(
            "/-/methods/new",
            &[
                ("page", "Broken method"),
                ("lang", "en"),
                ("f.hook", ""),
                ("f.summary", "A summary"),
                ("f.purposes", "decide"),
                ("f.group_size.min", "12"),
                ("f.group_size.max", "4"),
                ("f.duration.min", "ten"),
                ("f.duration.max", "20"),
                ("f.steps.0.title", "Only"),
                ("f.steps.0.duration", "5"),
                ("body", "Body"),
            ],
        )
        .await;
    reply.assert_status(422);
    let body = &reply.body;
    assert!(body.contains("id=\"cw-err-hook\""), "{body}");
    assert!(body.contains("This field is required."));
    assert!(body.contains("id=\"cw-err-group_size\""));
    assert!(body.contains("The smallest value is larger than the largest."));
    assert!(body.contains("id=\"cw-err-duration\""));
    assert!(body.contains("This must be a whole number."));
    // What was typed comes back.
    assert!(body.contains("value=\"ten\""));
    assert!(body.contains("value=\"Broken method\""));
    assert_eq!(app.sql("SELECT count(*) FROM pages"), pages);
}

#[actix_web::test]
async fn an_invalid_raw_sheet_answers_422_with_the_problems_and_saves_nothing() {
    let app = curated_wiki().await;
    let text = sheet(
        "en",
        "x",
        "decide, dance",
        (5, 30),
        (30, 60),
        "easy",
        "in_person",
        "",
    );
    let reply = app
        .post("/Dancing/edit", &[("body", &text), ("base", "0")])
        .await;
    reply.assert_status(422);
    assert!(reply.body.contains("Purposes"), "{}", reply.body);
    assert!(
        reply
            .body
            .contains("“dance” is not one of the allowed values.")
    );
    let yaml = app
        .post(
            "/Dancing/edit",
            &[("body", "---\nform: Method\nhook: [\n---\n"), ("base", "0")],
        )
        .await;
    yaml.assert_status(422);
    assert!(yaml.body.contains("not valid YAML"), "{}", yaml.body);
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Dancing'"),
        ["0"]
    );
    // A page that merely starts with a rule is a plain page.
    app.edit("Ruled", "---\nNot a sheet.\n---\nText\n").await;
}

#[actix_web::test]
async fn a_typed_save_writes_front_matter_that_the_raw_editor_saves_back_unchanged() {
    let app = curated_wiki().await;
    let reply = app
        .post(
            "/-/methods/new",
            &[
                ("page", "Silent Walk"),
                ("lang", "en"),
                ("translation", ""),
                ("f.hook", "Walk in pairs without talking, then share."),
                ("f.summary", "Pairs walk for ten minutes in silence."),
                ("f.purposes", "create_connections"),
                ("f.purposes", "energise"),
                ("f.group_size.min", "2"),
                ("f.group_size.max", "40"),
                ("f.duration.min", "15"),
                ("f.duration.max", "25"),
                ("f.difficulty", "easy"),
                ("f.modality", "in_person"),
                ("f.steps.0.title", "Walk"),
                ("f.steps.0.duration", "10"),
                ("f.steps.0.text", "In silence."),
                ("f.steps.1.title", "Share"),
                ("f.steps.1.duration", "5"),
                ("f.steps.1.text", "One sentence each."),
                ("f.materials.0.item", "Bell"),
                ("f.materials.0.quantity", "1"),
                ("f.materials.0.per", "session"),
                ("f.tags", "outdoor\nquiet"),
                ("f.licence", "CC-BY-SA-4.0"),
                ("f.status", "draft"),
                ("body", "An intro.\r\n"),
            ],
        )
        .await;
    reply.assert_status(303);
    // The page, naming the submission so the editor script forgets its draft.
    assert!(
        reply.location().starts_with("/Silent_Walk?saved=1#saved-"),
        "{}",
        reply.location()
    );
    let raw = app.get("/Silent_Walk/raw").await;
    let text = raw.body.clone();
    assert!(
        text.starts_with(
            "---\nform: Method\npage: \"Silent Walk\"\nlang: en\ntranslation: silent-walk\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\npurposes: [create_connections, energise]\n"),
        "{text}"
    );
    assert!(text.contains("\ngroup_size: {min: 2, max: 40}\n"), "{text}");
    assert!(
        text.contains("\n  - {title: \"Walk\", duration: 10, text: \"In silence.\"}\n"),
        "{text}"
    );
    assert!(
        text.contains("\ntags: [\"outdoor\", \"quiet\"]\n"),
        "{text}"
    );
    assert!(text.ends_with("---\nAn intro.\n"), "{text}");
    // The editor of a sheet is the typed one; ?raw=1 gives its text.
    let typed = app.get("/Silent_Walk/edit").await;
    assert!(
        typed.body.contains("name=\"f.group_size.min\""),
        "{}",
        typed.body
    );
    assert!(
        typed.body.contains("name=\"f.steps.4.title\""),
        "blank rows to add steps"
    );
    let raw_editor = app.get("/Silent_Walk/edit?raw=1").await;
    assert!(raw_editor.body.contains("name=\"body\""));
    // Saving the raw text back, or the typed form unchanged, adds no revision.
    app.edit("Silent Walk", &text).await;
    assert_eq!(app.sql("SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Silent Walk'"), ["1"]);
    assert_eq!(
        app.sql("SELECT facets::text FROM sheets"),
        [
            "{purposes=create_connections,purposes=energise,difficulty=easy,modality=in_person,status=draft}"
        ]
    );
}

const FORM_WITHOUT_TAGS_AND_WITH_ENERGY: &str = "\n      - key: energy\n        type: choice\n        filterable: true\n        label: {en: \"Energy\", fr: \"Énergie\"}\n        choices:\n          - {id: calm, label: {en: \"Calm\", fr: \"Calme\"}}\n          - {id: lively, label: {en: \"Lively\", fr: \"Vive\"}}\n";

#[actix_web::test]
async fn changing_a_form_never_loses_values_and_new_fields_become_filters() {
    let app = curated_wiki().await;
    app.edit(
        "Alpha",
        &sheet(
            "en",
            "alpha",
            "decide",
            (5, 30),
            (30, 60),
            "easy",
            "in_person",
            "tags: [\"kept\"]\n",
        ),
    )
    .await;
    let form = app.get("/Form.Method/raw").await.body;
    // Remove the `tags` field, add a filterable `energy` choice.
    let tags_at = form.find("      - key: tags").unwrap();
    let changed = format!(
        "{}{}",
        &form[..tags_at],
        FORM_WITHOUT_TAGS_AND_WITH_ENERGY.trim_start_matches('\n')
    );
    app.edit("Form.Method", &changed).await;
    // The sheet keeps its tags in its source, and a typed save carries them on.
    let raw = app.get("/Alpha/raw").await;
    assert!(raw.body.contains("tags: [\"kept\"]"));
    let base = app.latest_rev("Alpha").await.to_string();
    let reply = app
        .post(
            "/Alpha/sheet",
            &[
                ("form", "Method"),
                ("base", &base),
                ("lang", "en"),
                ("translation", "alpha"),
                ("f.hook", "A new hook"),
                ("f.summary", "Summary"),
                ("f.purposes", "decide"),
                ("f.group_size.min", "5"),
                ("f.group_size.max", "30"),
                ("f.duration.min", "30"),
                ("f.duration.max", "60"),
                ("f.steps.0.title", "All"),
                ("f.steps.0.duration", "30"),
                ("f.energy", "lively"),
                ("body", "Body"),
            ],
        )
        .await;
    reply.assert_status(303);
    let raw = app.get("/Alpha/raw").await.body;
    assert!(raw.contains("\nenergy: lively\n"), "{raw}");
    assert!(raw.contains("\ntags: [\"kept\"]\n"), "{raw}");
    assert!(
        raw.find("energy").unwrap() < raw.find("tags").unwrap(),
        "unknown keys last"
    );
    // The new field is a filter with its count.
    let catalogue = app.get("/-/methods?energy=lively").await;
    catalogue.assert_status(200);
    assert_eq!(shown_count(&catalogue.body, "energy", "lively"), 1);
    assert_eq!(listed(&app, "energy=calm").await, Vec::<String>::new());
    // An invalid form is refused with its problems; the valid one stays.
    let reply = app
        .post(
            "/Form.Method/edit",
            &[("body", "name: Method\nlabel: {en: M}\n"), ("base", "2")],
        )
        .await;
    reply.assert_status(422);
    assert!(reply.body.contains("not valid YAML"), "{}", reply.body);
    // Restoring the first form brings the tags filter back; the value was never lost.
    app.post("/Form.Method/restore?rev=1", &[])
        .await
        .assert_status(303);
    assert_eq!(app.sql("SELECT fields->'tags'->>0 FROM sheets"), ["kept"]);
}

#[actix_web::test]
async fn filters_combine_and_each_value_counts_sheets_matching_the_other_filters() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    assert_eq!(listed(&app, "lang=en").await, ["Alpha", "Bravo", "Charlie"]);
    assert_eq!(listed(&app, "lang=fr").await, ["Alpha (fr)"]);
    assert_eq!(listed(&app, "lang=all").await.len(), 4);
    // One choice, several choices of one field (OR), a single choice field.
    assert_eq!(
        listed(&app, "lang=en&purposes=decide").await,
        ["Alpha", "Bravo"]
    );
    assert_eq!(
        listed(&app, "lang=en&purposes=decide&purposes=generate_ideas").await,
        ["Alpha", "Bravo", "Charlie"]
    );
    assert_eq!(
        listed(&app, "lang=en&difficulty=easy").await,
        ["Alpha", "Charlie"]
    );
    // Ranges: "my group is 12", "I have 45 minutes".
    assert_eq!(
        listed(&app, "lang=en&group_size=12").await,
        ["Alpha", "Charlie"]
    );
    assert_eq!(
        listed(&app, "lang=en&duration=45").await,
        ["Alpha", "Charlie"]
    );
    assert_eq!(listed(&app, "lang=en&duration=20").await, ["Bravo"]);
    // AND across fields.
    assert_eq!(
        listed(&app, "lang=en&group_size=12&duration=45&purposes=decide").await,
        ["Alpha"]
    );
    assert_eq!(
        listed(&app, "lang=en&modality=online&difficulty=easy").await,
        ["Charlie"]
    );
    // Text inside the filtered set; sorts.
    assert_eq!(listed(&app, "lang=en&q=bravo").await, ["Bravo"]);
    // Words as in `/-/search`: case and stop words ignored, `*` for a prefix.
    assert_eq!(listed(&app, "lang=en&q=HOOK+OF+CHA*").await, ["Charlie"]);
    assert_eq!(
        listed(&app, "lang=en&sort=duration").await,
        ["Bravo", "Alpha", "Charlie"]
    );
    assert_eq!(
        listed(&app, "lang=en&sort=recent").await,
        ["Charlie", "Bravo", "Alpha"]
    );
    // Counts: each value counts the sheets matching every other filter.
    let page = app
        .get("/-/methods?lang=en&purposes=decide&group_size=12")
        .await;
    page.assert_status(200);
    let body = &page.body;
    assert!(body.contains(">One method</h2>"), "{body}");
    assert_eq!(shown_count(body, "purposes", "decide"), 1);
    assert_eq!(shown_count(body, "purposes", "generate_ideas"), 1);
    assert_eq!(shown_count(body, "purposes", "plan"), 1);
    assert_eq!(shown_count(body, "difficulty", "easy"), 1);
    assert_eq!(shown_count(body, "difficulty", "medium"), 0);
    assert_eq!(shown_count(body, "modality", "in_person"), 1);
    assert!(body.contains("name=\"purposes\" value=\"decide\" checked"));
    assert!(
        body.contains("name=\"group_size\" min=\"0\" inputmode=\"numeric\" value=\"12\""),
        "{body}"
    );
    // Cards and list layouts; bad values are 400 with a sentence.
    let list = app.get("/-/methods?lang=en&layout=list").await;
    assert!(list.body.contains("<table class=\"method-list\">"));
    let bad = app.get("/-/methods?purposes=dance").await;
    bad.assert_status(400);
    assert!(bad.body.contains("not one of the form's values"));
    app.get("/-/methods?group_size=twelve")
        .await
        .assert_status(400);
}

#[actix_web::test]
async fn an_empty_result_says_which_filter_to_loosen() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    let page = app
        .get("/-/methods?lang=en&purposes=decide&group_size=50")
        .await;
    page.assert_status(200);
    let body = &page.body;
    assert!(
        body.contains("No method matches all these filters."),
        "{body}"
    );
    assert!(
        body.contains("href=\"/-/methods?lang=en&amp;purposes=decide\">Remove “Group size: 50 people” to see 2 methods"),
        "{body}"
    );
    assert!(
        body.contains("Remove “Purposes: Decide” to see one method"),
        "{body}"
    );
    let none = app.get("/-/methods?lang=en&q=zzz&difficulty=expert").await;
    assert!(
        none.body.contains("Loosening one filter is not enough"),
        "{}",
        none.body
    );
}

#[actix_web::test]
async fn deleted_and_renamed_sheets_keep_the_catalogue_right() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    app.post("/Bravo/delete", &[("reason", "duplicate")])
        .await
        .assert_status(303);
    assert_eq!(listed(&app, "lang=en").await, ["Alpha", "Charlie"]);
    app.post("/Charlie/rename", &[("new_name", "Zulu")])
        .await
        .assert_status(303);
    assert_eq!(listed(&app, "lang=en").await, ["Alpha", "Zulu"]);
    // A sheet edited into a plain page leaves the catalogue.
    app.edit("Alpha", "Just text now.").await;
    assert_eq!(listed(&app, "lang=en").await, ["Zulu"]);
    app.edit("Alpha", "Still just text.").await;
    assert_eq!(
        app.sql("SELECT count(*) FROM sheets WHERE title = 'Alpha'"),
        ["0"]
    );
    app.post("/Bravo/undelete", &[]).await.assert_status(303);
    assert_eq!(listed(&app, "lang=en").await, ["Bravo", "Zulu"]);
    // A plain page edited into a sheet joins it.
    app.edit("Alpha", &alpha()).await;
    assert_eq!(listed(&app, "lang=en").await, ["Alpha", "Bravo", "Zulu"]);
}

#[actix_web::test]
async fn exports_give_the_filtered_set_as_csv_and_json() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    let csv = app.get("/-/methods.csv?lang=en&purposes=decide").await;
    csv.assert_status(200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("methods.csv")
    );
    assert!(
        csv.body
            .starts_with("form,page,lang,translation,other_names,hook,")
    );
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{}", csv.body);
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][column("page")], "Alpha");
    assert_eq!(&rows[0][column("purposes")], "[\"decide\",\"plan\"]");
    assert_eq!(&rows[1][column("body")], "Body of bravo.\n");
    let json = app.get("/-/methods.json?lang=en&purposes=decide").await;
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(value[0]["page"], "Alpha");
    assert_eq!(
        value[0]["group_size"],
        serde_json::json!({"min": 5, "max": 30})
    );
    assert_eq!(value[1]["body"], "Body of bravo.\n");
}

#[actix_web::test]
async fn the_csv_export_ends_records_in_crlf_offers_a_bom_and_imports_back_from_semicolons() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    let catalogue = app.get("/-/methods?lang=en").await;
    assert!(
        catalogue
            .body
            .contains("href=\"/-/methods.csv?lang=en&amp;bom=1\""),
        "{}",
        catalogue.body
    );
    let plain = app.get("/-/methods.csv?lang=all").await;
    plain.assert_status(200);
    assert!(plain.body.ends_with("\r\n"), "{}", plain.body);
    let header = plain.body.split('\n').next().unwrap();
    assert!(header.ends_with('\r'), "{header:?}");
    let spreadsheet = app.get("/-/methods.csv?lang=all&bom=1").await;
    assert_eq!(spreadsheet.body, format!("\u{feff}{}", plain.body));
    // A spreadsheet set to French saves it back with semicolons (and its mark).
    let mut reader = csv::Reader::from_reader(plain.body.as_bytes());
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        out.write_record(&record.unwrap()).unwrap();
    }
    let french = format!(
        "\u{feff}{}",
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    );
    let again = app
        .post(
            "/-/methods/import",
            &[("format", "csv"), ("data", &french), ("action", "dry_run")],
        )
        .await;
    again.assert_status(200);
    assert!(
        again
            .body
            .contains("Created: 0 · updated: 0 · unchanged: 4 · refused: 0."),
        "{}",
        again.body
    );
}

#[actix_web::test]
async fn an_import_is_checked_first_and_writes_everything_or_nothing() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    let export = app.get("/-/methods.json?lang=en").await.body;
    let mut records: Vec<serde_json::Value> = serde_json::from_str(&export).unwrap();
    records[0]["hook"] = "A changed hook".into();
    let mut new = records[1].clone();
    new["page"] = "Echo".into();
    new["translation"] = "echo".into();
    let mut broken = records[2].clone();
    broken["page"] = "Foxtrot".into();
    broken["group_size"] = serde_json::json!({"min": 50, "max": 5});
    let with_broken = serde_json::to_string(&[records[0].clone(), new.clone(), broken]).unwrap();
    let pages = app.sql("SELECT count(*) FROM pages");
    let revisions = app.sql("SELECT count(*) FROM revisions");
    // Dry run: the report, nothing saved.
    let dry = app
        .post(
            "/-/methods/import",
            &[
                ("format", "json"),
                ("data", &with_broken),
                ("action", "dry_run"),
            ],
        )
        .await;
    dry.assert_status(200);
    assert!(
        dry.body
            .contains("Created: 1 · updated: 1 · unchanged: 0 · refused: 1."),
        "{}",
        dry.body
    );
    assert!(
        dry.body
            .contains("Group size: The smallest value is larger than the largest."),
        "{}",
        dry.body
    );
    // Applying with a refused row writes nothing at all.
    let refused = app
        .post(
            "/-/methods/import",
            &[
                ("format", "json"),
                ("data", &with_broken),
                ("action", "apply"),
            ],
        )
        .await;
    refused.assert_status(422);
    assert!(refused.body.contains("Nothing was imported"));
    assert_eq!(app.sql("SELECT count(*) FROM pages"), pages);
    assert_eq!(app.sql("SELECT count(*) FROM revisions"), revisions);
    // Without it, everything is written.
    let valid = serde_json::to_string(&[records[0].clone(), new]).unwrap();
    let applied = app
        .post(
            "/-/methods/import",
            &[("format", "json"), ("data", &valid), ("action", "apply")],
        )
        .await;
    applied.assert_status(200);
    assert_eq!(listed(&app, "lang=en&q=changed").await, ["Alpha"]);
    assert_eq!(
        listed(&app, "lang=en").await,
        ["Alpha", "Bravo", "Charlie", "Echo"]
    );
    // An export imports back unchanged, in CSV too.
    let csv = app.get("/-/methods.csv?lang=all").await.body;
    let again = app
        .post(
            "/-/methods/import",
            &[("format", "csv"), ("data", &csv), ("action", "dry_run")],
        )
        .await;
    assert!(
        again
            .body
            .contains("Created: 0 · updated: 0 · unchanged: 5 · refused: 0."),
        "{}",
        again.body
    );
    let garbage = app
        .post(
            "/-/methods/import",
            &[("format", "json"), ("data", "{"), ("action", "dry_run")],
        )
        .await;
    garbage.assert_status(422);
    assert!(garbage.body.contains("The JSON could not be read"));
}

#[actix_web::test]
async fn sheet_values_never_run_script_and_catalogue_posts_need_the_token() {
    let app = curated_wiki().await;
    let text = sheet(
        "en",
        "xss",
        "decide",
        (2, 8),
        (10, 20),
        "easy",
        "online",
        "",
    )
    .replace("Hook of xss", "<script>alert(1)</script>")
    .replace("Summary of xss", "\\\"><img src=x onerror=alert(1)>");
    app.edit("Xss", &text).await;
    for path in [
        "/Xss",
        "/-/methods?lang=en",
        "/-/methods?lang=en&layout=list",
        "/Xss/edit",
    ] {
        let reply = app.get(path).await;
        reply.assert_status(200);
        assert!(!reply.body.contains("<script>alert"), "{path}");
        assert!(!reply.body.contains("<img src=x"), "{path}");
    }
    for path in ["/-/methods/import", "/-/methods/new", "/Xss/sheet"] {
        app.post_raw(path, &[("data", "[]"), ("action", "apply")])
            .await
            .assert_status(403);
    }
}

#[actix_web::test]
async fn only_administrators_may_change_a_form() {
    let app = curated_wiki().await;
    let member = app.visitor();
    member.sign_up("member").await;
    let base = member.latest_rev("Form.Method").await.to_string();
    let reply = member
        .post(
            "/Form.Method/edit",
            &[
                ("body", "form: nothing"),
                ("base", &base),
                ("action", "save"),
            ],
        )
        .await;
    reply.assert_status(403);
    let raw = app.get("/Form.Method/raw").await;
    assert_ne!(raw.body, "form: nothing", "the form is unchanged");
}

#[actix_web::test]
async fn the_catalogue_counts_and_exports_leave_out_sheets_the_visitor_may_not_read() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    app.post(
        "/Bravo/permissions",
        &[("read", "curator"), ("write", "%"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let stranger = app.visitor();
    for path in [
        "/-/methods?lang=en",
        "/-/methods?lang=en&purposes=decide",
        "/-/methods.json?lang=en",
        "/-/methods.csv?lang=en",
    ] {
        let reply = stranger.get(path).await;
        reply.assert_status(200);
        assert!(
            !reply.body.contains("Bravo") && !reply.body.contains("bravo"),
            "{path} shows the private sheet:\n{}",
            reply.body
        );
        assert!(reply.body.contains("Alpha"), "{path}:\n{}", reply.body);
    }
    // The curator, who may read it, still sees it.
    let own = app.get("/-/methods?lang=en").await;
    assert!(own.body.contains("Bravo"), "{}", own.body);
    // A sheet related to the private one does not name it to the stranger.
    let alpha = app.get("/Alpha/raw").await.body;
    app.edit(
        "Alpha",
        &alpha.replace(
            "status: complete\n",
            "related:\n  - {method: bravo, kind: alternative_to}\nstatus: complete\n",
        ),
    )
    .await;
    assert!(app.get("/Alpha").await.body.contains("href=\"/Bravo\""));
    let seen = stranger.get("/Alpha").await;
    seen.assert_status(200);
    assert!(!seen.body.contains("Bravo"), "{}", seen.body);
}

#[actix_web::test]
async fn the_typed_editor_previews_without_saving_and_never_overwrites_a_newer_revision() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Alpha",
        &sheet(
            "en",
            "alpha",
            "decide",
            (5, 30),
            (30, 60),
            "easy",
            "in_person",
            "",
        ),
    )
    .await;
    let fields = |hook: &'static str, action: &'static str| {
        vec![
            ("form", "Method"),
            ("base", "1"),
            ("lang", "en"),
            ("translation", "alpha"),
            ("f.hook", hook),
            ("f.summary", "Summary"),
            ("f.purposes", "decide"),
            ("f.group_size.min", "5"),
            ("f.group_size.max", "30"),
            ("f.duration.min", "30"),
            ("f.duration.max", "60"),
            ("f.steps.0.title", "All"),
            ("f.steps.0.duration", "30"),
            ("body", "Body"),
            ("action", action),
        ]
    };
    let preview = app
        .post("/Alpha/sheet", &fields("Previewed hook", "preview"))
        .await;
    preview.assert_status(200);
    assert!(
        preview
            .body
            .contains("<p class=\"hook\">Previewed hook</p>"),
        "{}",
        preview.body
    );
    assert_eq!(app.sql("SELECT hook FROM sheets"), ["Hook of alpha"]);
    // Someone else saves revision 2, with another hook; a typed save of another hook from
    // revision 1 gets the conflict screen.
    app.edit(
        "Alpha",
        &sheet(
            "en",
            "alpha",
            "plan",
            (5, 30),
            (30, 60),
            "easy",
            "in_person",
            "",
        )
        .replace("Hook of alpha", "Their hook"),
    )
    .await;
    let stale = app.post("/Alpha/sheet", &fields("Mine", "save")).await;
    stale.assert_status(409);
    assert!(
        stale
            .body
            .contains("Someone saved this page while you were editing")
    );
    // The typed editor again, with the visitor's value in its field.
    assert!(
        stale.body.contains("action=\"/Alpha/sheet\"")
            && stale
                .body
                .contains("name=\"f.hook\" type=\"text\" maxlength=\"160\" value=\"Mine\""),
        "{}",
        stale.body
    );
    assert_eq!(
        app.sql("SELECT facets::text FROM sheets"),
        ["{purposes=plan,difficulty=easy,modality=in_person,phase=convergent,status=complete}"]
    );
}

#[actix_web::test]
async fn the_diff_of_a_sheet_shows_each_changed_field_as_its_own_line() {
    let app = TestApp::signed_in().await;
    let before = sheet(
        "en",
        "alpha",
        "decide",
        (5, 30),
        (30, 60),
        "easy",
        "in_person",
        "",
    );
    app.edit("Alpha", &before).await;
    let after = before
        .replace("difficulty: easy", "difficulty: medium")
        .replace("Hook of alpha", "A sharper hook");
    app.edit("Alpha", &after).await;
    let diff = app.get("/Alpha/diff?from=1&to=2").await;
    diff.assert_status(200);
    let removed = diff.body.matches("<tr class=\"diff-del\">").count();
    let added = diff.body.matches("<tr class=\"diff-ins\">").count();
    assert_eq!((removed, added), (2, 2), "{}", diff.body);
    assert!(diff.body.contains("sharper"));
    assert!(diff.body.contains("medium"));
}

/// Alice and Bob, members, each signed in on their own, and the sheet Alpha (revision 1).
async fn two_editors_of_alpha() -> (TestApp, TestApp, TestApp, String) {
    let app = TestApp::new().await;
    app.add_user("alice", Role::Member).await;
    app.add_user("bob", Role::Member).await;
    let alice = app.visitor();
    alice.login_as("alice", PASSWORD).await;
    let bob = app.visitor();
    bob.login_as("bob", PASSWORD).await;
    let base = sheet(
        "en",
        "alpha",
        "decide",
        (5, 30),
        (30, 60),
        "easy",
        "in_person",
        "",
    );
    alice.edit("Alpha", &base).await;
    (app, alice, bob, base)
}

/// Every field of Alpha's typed editor as revision 1 has them, from base 1, but the hook and
/// summary.
fn typed_alpha<'a>(hook: &'a str, summary: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form", "Method"),
        ("base", "1"),
        ("lang", "en"),
        ("translation", "alpha"),
        ("f.hook", hook),
        ("f.summary", summary),
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
        ("body", "Body of alpha.\n"),
        ("action", "save"),
    ]
}

#[actix_web::test]
async fn two_people_changing_different_fields_of_a_sheet_make_one_merged_revision() {
    let (app, alice, bob, base) = two_editors_of_alpha().await;
    // The summary is on the line next to the hook: a line merge would call this a conflict.
    alice
        .edit(
            "Alpha",
            &base.replace("Summary of alpha", "Summary by Alice"),
        )
        .await;
    let reply = bob
        .post(
            "/Alpha/sheet",
            &typed_alpha("Hook by Bob", "Summary of alpha"),
        )
        .await;
    reply.assert_status(303);
    assert!(
        reply.location().starts_with("/Alpha?merged=3#saved-"),
        "{}",
        reply.location()
    );
    assert_eq!(
        app.sql("SELECT hook || '|' || summary FROM sheets"),
        ["Hook by Bob|Summary by Alice"]
    );
    assert_eq!(
        app.sql("SELECT count(*)::text FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Alpha'"),
        ["3"]
    );
    let page = bob.get(reply.location()).await;
    assert!(
        page.body
            .contains("Your change was merged with revision 2 by alice"),
        "{}",
        page.body
    );
    // The same from the raw editor: Bob's hook line next to Alice's summary line.
    let base3 = app.get("/Alpha/raw").await.body;
    alice
        .edit(
            "Alpha",
            &base3.replace("Summary by Alice", "Second summary"),
        )
        .await;
    let raw = bob
        .post(
            "/Alpha/edit",
            &[
                ("body", &base3.replace("Hook by Bob", "Raw hook")),
                ("base", "3"),
                ("action", "save"),
            ],
        )
        .await;
    raw.assert_status(303);
    assert!(
        raw.location().starts_with("/Alpha?merged=5"),
        "{}",
        raw.location()
    );
    assert_eq!(
        app.sql("SELECT hook || '|' || summary FROM sheets"),
        ["Raw hook|Second summary"]
    );
}

#[actix_web::test]
async fn two_people_changing_the_same_field_of_a_sheet_get_the_conflict_screen() {
    let (app, alice, bob, base) = two_editors_of_alpha().await;
    alice
        .edit("Alpha", &base.replace("Hook of alpha", "Hook by Alice"))
        .await;
    let reply = bob
        .post(
            "/Alpha/sheet",
            &typed_alpha("Hook by Bob", "Summary by Bob"),
        )
        .await;
    reply.assert_status(409);
    // Bob's values are all kept in the typed editor; Alice's hook is shown beside his.
    assert!(
        reply.body.contains("action=\"/Alpha/sheet\"")
            && reply.body.contains("value=\"Hook by Bob\""),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(">Summary by Bob</textarea>"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("class=\"conflict-regions\""));
    // Field by field: the conflicting field under its label, in the form's words.
    assert!(reply.body.contains("<h3>Hook</h3>"), "{}", reply.body);
    assert!(reply.body.contains("Your value (in the form below)"));
    assert!(
        reply.body.contains("Hook by <mark>Alice</mark>")
            || reply.body.contains("<mark>Alice</mark>")
    );
    assert!(reply.body.contains("name=\"base\" value=\"2\""));
    // Nothing saved: the sheet is as Alice left it.
    assert_eq!(
        app.sql("SELECT hook || '|' || summary FROM sheets"),
        ["Hook by Alice|Summary of alpha"]
    );
}

#[actix_web::test]
async fn the_catalogue_text_query_searches_the_index_with_the_filters_and_ranks_the_results() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    let alpha = app.get("/Alpha/raw").await.body;
    app.edit(
        "Alpha",
        &alpha.replace("Body of alpha.", "Then try Charlie."),
    )
    .await;
    let bravo = app.get("/Bravo/raw").await.body;
    app.edit(
        "Bravo",
        &bravo.replace("Body of bravo.", "Facilitators brainstorming together."),
    )
    .await;
    // Stemmed as in `/-/search`: "brainstormed" finds "brainstorming", in a sheet's body.
    assert_eq!(listed(&app, "lang=en&q=brainstormed").await, ["Bravo"]);
    assert_eq!(
        listed(&app, "lang=en&q=brainstormed&purposes=generate_ideas").await,
        Vec::<String>::new()
    );
    assert_eq!(
        listed(&app, "lang=en&q=-brainstorming").await,
        ["Alpha", "Charlie"]
    );
    // The counts are those of the sheets the query finds.
    let page = app.get("/-/methods?lang=en&q=brainstormed").await;
    assert_eq!(shown_count(&page.body, "purposes", "decide"), 1);
    assert_eq!(shown_count(&page.body, "purposes", "generate_ideas"), 0);
    // Ranked when there is a query: Charlie's title before Alpha's body, though A < C.
    let ranked = app.get("/-/methods?lang=en&q=charlie").await;
    let at = |name: &str| {
        ranked
            .body
            .find(&format!("href=\"/{name}\""))
            .unwrap_or_else(|| panic!("{name} missing:\n{}", ranked.body))
    };
    assert!(at("Charlie") < at("Alpha"), "{}", ranked.body);
    assert!(!ranked.body.contains("href=\"/Bravo\""));
    // By title again when asked.
    let by_title = app.get("/-/methods?lang=en&q=charlie&sort=title").await;
    assert!(
        by_title.body.find("href=\"/Alpha\"") < by_title.body.find("href=\"/Charlie\""),
        "{}",
        by_title.body
    );
}

/// A form of workshops, with one filterable choice and one range.
const WORKSHOP_FORM: &str = r#"name: Workshop
label: {en: "Workshop", fr: "Atelier"}
sections:
  - id: main
    label: {en: "Main", fr: "Principal"}
    fields:
      - key: hook
        type: text
        label: {en: "Hook", fr: "Accroche"}
      - key: season
        type: choice
        filterable: true
        label: {en: "Season", fr: "Saison"}
        choices:
          - {id: spring, label: {en: "Spring", fr: "Printemps"}}
          - {id: autumn, label: {en: "Autumn", fr: "Automne"}}
      - key: seats
        type: int_range
        filterable: true
        label: {en: "Seats", fr: "Places"}
"#;

#[actix_web::test]
async fn every_form_has_its_own_catalogue_with_its_own_filters() {
    let app = curated_wiki().await;
    four_sheets(&app).await;
    app.edit("Form.Workshop", WORKSHOP_FORM).await;
    for (name, season, seats) in [
        ("Spring camp", "spring", "{min: 10, max: 20}"),
        ("Harvest day", "autumn", "{min: 30, max: 60}"),
    ] {
        app.edit(
            name,
            &format!("---\nform: Workshop\nlang: en\nhook: \"A day\"\nseason: {season}\nseats: {seats}\n---\nBody.\n"),
        )
        .await;
    }
    // Listed where people look for catalogues.
    let forms = app.get("/-/forms").await;
    forms.assert_status(200);
    assert!(
        forms.body.contains("href=\"/-/methods?form=Workshop\""),
        "{}",
        forms.body
    );
    assert!(forms.body.contains("href=\"/-/methods\""), "{}", forms.body);
    assert!(
        app.get("/-/methods")
            .await
            .body
            .contains("href=\"/-/forms\"")
    );
    // Its own sheets and facets, and links that stay in it.
    let workshops = app.get("/-/methods?form=Workshop&lang=en").await;
    workshops.assert_status(200);
    assert!(
        workshops.body.contains("Catalogue: Workshop"),
        "{}",
        workshops.body
    );
    assert!(workshops.body.contains("href=\"/Spring_camp\""));
    assert!(!workshops.body.contains("href=\"/Alpha\""));
    assert_eq!(shown_count(&workshops.body, "season", "autumn"), 1);
    assert!(!workshops.body.contains("name=\"purposes\""));
    assert!(
        workshops
            .body
            .contains("<input type=\"hidden\" name=\"form\" value=\"Workshop\">")
    );
    assert_eq!(
        listed(&app, "form=Workshop&lang=en&seats=40").await,
        ["Harvest day"]
    );
    assert_eq!(
        listed(&app, "form=Workshop&lang=en&season=spring").await,
        ["Spring camp"]
    );
    // The Method catalogue is unchanged; an unknown form is a missing page.
    assert_eq!(listed(&app, "lang=en").await, ["Alpha", "Bravo", "Charlie"]);
    app.get("/-/methods?form=Nothing").await.assert_status(404);
    app.get("/-/methods?form=Workshop&season=winter")
        .await
        .assert_status(400);
}

/// A sheet shows the same content on its page, in the JSON API, on its printed card and in its
/// embed: its hook, summary and steps, never its front matter.
#[actix_web::test]
async fn a_sheet_shows_the_same_content_on_every_path_that_shows_it() {
    let app = curated_wiki().await;
    app.edit("Alpha", &alpha()).await;
    let page = app.get("/Alpha").await.body;
    let reply = app.get("/api/v1/pages/Alpha").await;
    let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let api = json["html"].as_str().unwrap_or_default().to_owned();
    let print = app.get("/Alpha/print").await.body;
    let embed = app.get("/Alpha/embed").await.body;
    for (path, shown) in [("page", &page), ("api", &api), ("print", &print)] {
        for part in ["Hook of alpha", "Summary of alpha", "Everything", "Do it."] {
            assert!(shown.contains(part), "{path} lacks {part}: {shown}");
        }
        assert!(!shown.contains("form: Method"), "{path}: {shown}");
    }
    assert!(embed.contains("Hook of alpha"), "{embed}");
    assert!(!embed.contains("form: Method"), "{embed}");
}

/// The typed editor's fields point at their help only when they have one, and times are
/// machine-readable to the second: no empty `aria-describedby`, no microseconds in
/// `datetime` (both invalid HTML).
#[actix_web::test]
async fn the_typed_editor_and_history_are_valid_html_in_these_details() {
    let app = curated_wiki().await;
    let editor = app.get("/-/methods/new").await.body;
    assert!(editor.contains("aria-describedby=\"cw-help-"), "{editor}");
    assert!(!editor.contains("aria-describedby=\"\""), "{editor}");
    app.edit("Alpha", &alpha()).await;
    let history = app.get("/Alpha/history").await.body;
    let datetime = history
        .split("datetime=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    assert!(
        datetime.len() == 20 && datetime.ends_with('Z') && !datetime.contains('.'),
        "{datetime}"
    );
}

/// Issue #21: a sheet's facts lead on: each purpose or other filter value to the methods that
/// share it, each free tag to the methods naming it, the licence to its terms.
#[actix_web::test]
async fn a_sheets_choices_tags_and_licence_are_links() {
    let app = curated_wiki().await;
    app.edit(
        "Echo",
        &sheet(
            "en",
            "echo",
            "decide, plan",
            (3, 9),
            (20, 30),
            "easy",
            "in_person",
            "tags: [\"outdoor\", \"large groups\"]\nlicence: CC-BY-SA-4.0\n",
        ),
    )
    .await;
    let body = app.get("/Echo").await.body;
    for link in [
        "href=\"/-/methods?purposes=decide\"",
        "href=\"/-/methods?purposes=plan\"",
        "href=\"/-/methods?difficulty=easy\"",
        "href=\"/-/methods?q=large+groups\"",
        "href=\"https://spdx.org/licenses/CC-BY-SA-4.0.html\"",
    ] {
        assert!(body.contains(link), "{link}: {body}");
    }
    let filtered = app.get("/-/methods?purposes=decide").await;
    filtered.assert_status(200);
    assert!(
        filtered.body.contains("href=\"/Echo\""),
        "{}",
        filtered.body
    );
}

/// Issue #21: a sheet's change reads field by field, with the form's labels and values as people
/// say them (not YAML with internal ids such as `per: person` or `[decide, plan]`), the notes as
/// lines, and the text's own line diff folded below.
#[actix_web::test]
async fn a_sheets_change_reads_field_by_field() {
    let app = curated_wiki().await;
    let before = sheet(
        "en",
        "foxtrot",
        "decide",
        (3, 9),
        (20, 30),
        "easy",
        "in_person",
        "materials:\n  - {item: \"Cards\", quantity: 2, per: person}\n",
    );
    app.edit("Foxtrot", &before).await;
    let after = sheet(
        "en",
        "foxtrot",
        "decide, plan",
        (4, 12),
        (20, 30),
        "easy",
        "in_person",
        "materials:\n  - {item: \"Cards\", quantity: 3, per: group}\n",
    )
    .replace("Body of foxtrot.", "Body of foxtrot, with a second round.");
    app.edit("Foxtrot", &after).await;
    let diff = app.get("/Foxtrot/diff").await;
    diff.assert_status(200);
    let body = &diff.body;
    let section = &body[body.find("sheet-changes").expect(body)..];
    for shown in [
        "Changes, field by field",
        "3–9 people",
        "4–12 people",
        "Decide, Plan",
        "Notes",
        "second round",
    ] {
        assert!(section.contains(shown), "{shown}: {section}");
    }
    assert!(!section.contains("per: person"), "{section}");
    assert!(!section.contains("[decide, plan]"), "{section}");
    // Unchanged fields are not listed; the line diff of the text stays, folded.
    assert!(!section.contains("20–30 min"), "{section}");
    assert!(body.contains("<details class=\"source-diff\">"), "{body}");
}

#[actix_web::test]
async fn the_typed_editor_says_who_else_is_editing_the_sheet() {
    let ada = TestApp::signed_in().await;
    ada.edit("Alpha", &alpha()).await;
    let bob = ada.visitor();
    bob.sign_up("bob").await;
    let first = ada.get("/Alpha/edit").await;
    first.assert_status(200);
    assert!(
        first.body.contains("form class=\"editor typed\""),
        "{}",
        first.body
    );
    assert!(first.body.contains("data-presence=\"/Alpha/presence\""));
    assert!(
        first
            .body
            .contains("id=\"cw-presence\" role=\"status\" hidden")
    );
    let second = bob.get("/Alpha/edit").await;
    assert!(
        second.body.contains("Also editing now: tester."),
        "bob sees the first editor: {}",
        second.body
    );
    // The heartbeat of the typed editor's script answers for the same page.
    let beat = ada.post("/Alpha/presence", &[]).await;
    beat.assert_status(200);
    assert!(beat.body.contains("\"others\":1"), "{}", beat.body);
    // A new sheet has no page yet: nobody to tell, no heartbeat.
    let new = ada.get("/-/methods/new").await;
    assert!(!new.body.contains("data-presence"), "{}", new.body);
}

#[actix_web::test]
async fn a_sheet_with_a_picture_shows_it_on_its_catalogue_card() {
    let app = curated_wiki().await;
    // The shipped Method form offers the picture, in the typed editor too.
    let editor = app.get("/-/methods/new").await;
    editor.assert_status(200);
    assert!(
        editor.body.contains("name=\"f.image.src\""),
        "{}",
        editor.body
    );
    assert!(editor.body.contains("name=\"f.image.alt\""));

    app.edit(
        "Alpha",
        &sheet(
            "en",
            "alpha",
            "decide",
            (5, 30),
            (30, 60),
            "easy",
            "in_person",
            "image: {src: /Alpha/attachments/circle.jpg, alt: \"Chairs in a circle\"}\n",
        ),
    )
    .await;
    app.edit(
        "Bravo",
        &sheet(
            "en",
            "bravo",
            "plan",
            (2, 8),
            (10, 20),
            "easy",
            "online",
            "",
        ),
    )
    .await;
    let catalogue = app.get("/-/methods").await;
    catalogue.assert_status(200);
    let body = &catalogue.body;
    let card_of = |name: &str| {
        let start = body
            .find(&format!(">{name}</a></h3>"))
            .unwrap_or_else(|| panic!("{name}'s card in:\n{body}"));
        let end = start + body[start..].find("</li>").unwrap();
        body[start..end].to_owned()
    };
    assert!(
        card_of("Alpha").contains(
            "<img class=\"card-image\" src=\"/Alpha/attachments/circle.jpg\" \
             alt=\"Chairs in a circle\" loading=\"lazy\""
        ),
        "{}",
        card_of("Alpha")
    );
    assert!(!card_of("Bravo").contains("<img"), "{}", card_of("Bravo"));
    // The list layout keeps to words.
    let list = app.get("/-/methods?layout=list").await;
    assert!(!list.body.contains("card-image"), "{}", list.body);
}

#[actix_web::test]
async fn a_sheet_is_duplicated_as_the_start_of_a_new_one() {
    let app = curated_wiki().await;
    app.edit("Alpha", &alpha()).await;
    let page = app.get("/Alpha").await;
    assert!(
        page.body
            .contains("<a href=\"/-/methods/new?from=Alpha\">Duplicate</a>"),
        "{}",
        page.body
    );
    // An ordinary page has its text to copy, not this action.
    app.edit("Notes", "Plain notes.").await;
    assert!(!app.get("/Notes").await.body.contains("?from="));

    let copy = app.get("/-/methods/new?from=Alpha").await;
    copy.assert_status(200);
    let body = &copy.body;
    assert!(body.contains("action=\"/-/methods/new\""), "{body}");
    assert!(body.contains("value=\"Hook of alpha\""), "{body}");
    assert!(
        body.contains("Body of alpha."),
        "the notes come too: {body}"
    );
    // A new page to name, and another method until someone links it as a translation.
    assert!(
        body.contains("id=\"cw-f-page\" type=\"text\" name=\"page\""),
        "{body}"
    );
    assert!(
        body.contains("name=\"translation\" maxlength=\"80\" value=\"\""),
        "{body}"
    );
    assert!(
        !body.contains("data-presence"),
        "nobody edits a page not made yet"
    );

    // Missing as a missing page: a page that is no sheet, one that does not exist, one the
    // visitor may not read.
    for from in ["Notes", "Nowhere", "Secret"] {
        if from == "Secret" {
            app.edit("Secret", &alpha().replace("alpha", "secret"))
                .await;
            app.post(
                "/Secret/permissions",
                &[
                    ("read", "curator"),
                    ("write", "curator"),
                    ("comment", "curator"),
                ],
            )
            .await
            .assert_status(303);
            let visitor = app.visitor();
            visitor.sign_up("mallory").await;
            visitor
                .get(&format!("/-/methods/new?from={from}"))
                .await
                .assert_status(404);
        } else {
            app.get(&format!("/-/methods/new?from={from}"))
                .await
                .assert_status(404);
        }
    }
}
