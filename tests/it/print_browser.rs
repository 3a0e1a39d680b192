//! Printing as a person does, with headless Chromium's "Save as PDF" (and Firefox's, through
//! WebDriver's print) read back by poppler:
//! method cards (one, the catalogue's selection, a programme's methods) on A6 and four to an
//! A4 sheet, whole, and the printed programme. Each PDF is checked for its paper size in points
//! (`pdfinfo`), its page count, that no page is empty and that the end of every card's last
//! step is printed (`pdftotext`).

use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
use fantoccini::{Client, Locator};

use crate::browser::{
    A4, A6, Pdf, browser, click, firefox, print_to_pdf, start_driver, start_gecko_driver,
    start_wiki_with, type_into,
};
use crate::harness::TestDb;

/// Each starter sheet of `lang`: its page name and the text of its last step.
fn starter_last_steps(lang: &str) -> Vec<(String, String)> {
    coopwiki::catalogue::starter::sheet_files()
        .into_iter()
        .filter(|file| lang == "all" || file.path.starts_with(&format!("{lang}/")))
        .map(|file| {
            let sheet = coopwiki::catalogue::sheet::parse(&file.text)
                .unwrap()
                .unwrap();
            let last = sheet.front["steps"]
                .as_array()
                .and_then(|steps| steps.last())
                .map(|step| step["text"].as_str().unwrap().to_owned())
                .unwrap();
            (sheet.text_of("page").to_owned(), last)
        })
        .collect()
}

/// How many elements match `css` on the page the browser shows.
async fn count(client: &Client, css: &str) -> usize {
    client.find_all(Locator::Css(css)).await.unwrap().len()
}

/// The card sides whose content is taller than the side: what a printer would cut.
async fn overflowing_sides(client: &Client) -> Vec<String> {
    let found = client
        .execute(
            "return [...document.querySelectorAll('.card-side')]
                .filter(s => s.scrollHeight > s.clientHeight + 1)
                .map(s => s.getAttribute('aria-label') + ': ' + s.scrollHeight + ' > ' + s.clientHeight);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// The sides printed four to an A4 sheet, in the order of the cards once the sheets are cut:
/// each piece's front (in reading order on its sheet's first page), then its back (on the
/// second page, in mirrored columns).
fn cut_into_cards(pdf: &Pdf) -> Vec<String> {
    assert!(pdf.pages.is_multiple_of(2), "fronts and backs");
    pdf.quarters
        .chunks(2)
        .flat_map(|sheet| {
            [(0, 1), (1, 0), (2, 3), (3, 2)]
                .into_iter()
                .flat_map(|(front, back)| [sheet[0][front].clone(), sheet[1][back].clone()])
        })
        .collect()
}

fn assert_whole(pdf: &Pdf, what: &str) {
    assert!(
        pdf.empty_pages().is_empty(),
        "{what}: empty pages {:?}",
        pdf.empty_pages()
    );
}

/// A wiki with the starter catalogue, and a Chromium driven through WebDriver for what the
/// screen shows.
async fn starter_wiki() -> Option<(
    crate::browser::Driver,
    TestDb,
    tempfile::TempDir,
    String,
    Client,
)> {
    let (driver, port) = start_driver()?;
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |settings| {
        settings.starter_catalogue = true;
    });
    let client = browser(port, &base).await;
    Some((driver, db, data_dir, base, client))
}

#[actix_web::test]
async fn a_long_method_card_prints_whole_on_a6_its_steps_continuing_on_more_sides() {
    let Some((_driver, _db, _dir, base, client)) = starter_wiki().await else {
        return;
    };
    for (name, path, last) in [
        (
            "Consent Decision-Making",
            "/Consent_Decision-Making/print",
            "A moment to mark the decision. The secretary logs it.",
        ),
        ("Open Space Technology", "/Open_Space_Technology/print", ""),
    ] {
        let url = format!("{base}{path}");
        client.goto(&url).await.unwrap();
        let sides = count(&client, ".card-side").await;
        let Some(pdf) = print_to_pdf(&url, false) else {
            return;
        };
        pdf.assert_size(A6, name);
        assert_eq!(
            overflowing_sides(&client).await,
            Vec::<String>::new(),
            "{name}"
        );
        assert_eq!(
            pdf.pages, sides,
            "{name}: one A6 page per side, none spilled"
        );
        assert!(
            pdf.pages >= 4 && pdf.pages.is_multiple_of(2),
            "{name}: {} pages",
            pdf.pages
        );
        assert_whole(&pdf, name);
        let last = if last.is_empty() {
            starter_last_steps("en")
                .into_iter()
                .find(|(n, _)| n == name)
                .unwrap()
                .1
        } else {
            last.to_owned()
        };
        assert!(
            pdf.shows_in_order(&last),
            "{name}: last step missing: {:?}",
            pdf.texts
        );
        assert!(pdf.texts[0].contains(name), "{name} on the front");
        assert!(
            !pdf.texts[0].contains(&last[..20]),
            "steps are not on the front"
        );
    }
    client.close().await.unwrap();
}

#[actix_web::test]
async fn the_catalogue_selection_prints_as_cards_on_a6_and_four_to_an_a4_sheet() {
    let Some((_driver, _db, _dir, base, client)) = starter_wiki().await else {
        return;
    };
    // A facilitator picks the methods to decide, and prints them.
    client.goto(&format!("{base}/-/methods")).await.unwrap();
    click(&client, "input[name=purposes][value=decide]").await;
    click(&client, "form.filters button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("ul.active-filters"))
        .await
        .unwrap();
    let shown = count(
        &client,
        ".results .card, .results li.result, .results article",
    )
    .await;
    let link = client
        .find(Locator::Css(".catalogue-print a"))
        .await
        .unwrap();
    let words = link.text().await.unwrap();
    link.click().await.unwrap();
    client
        .wait()
        .for_element(Locator::Css(".card-front"))
        .await
        .unwrap();
    let fronts = count(&client, ".card-front").await;
    assert!(fronts > 1, "{fronts}");
    assert_eq!(words, format!("Print these {fronts} methods as cards"));
    assert!(
        shown == 0 || shown == fronts,
        "{shown} shown, {fronts} printed"
    );
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/-/methods/cards");
    assert!(url.query().unwrap().contains("purposes=decide"), "{url}");

    // The whole starter catalogue, both languages: every card whole, on both papers.
    let everything = starter_last_steps("all");
    assert_eq!(everything.len(), 40);
    for (paper, size, per_page) in [("a6", A6, ".card-side"), ("a4", A4, ".card-sheet")] {
        let four = paper == "a4";
        let url = format!("{base}/-/methods/cards?lang=all&paper={paper}");
        client.goto(&url).await.unwrap();
        assert_eq!(count(&client, ".card-front").await, 40, "{paper}");
        assert_eq!(
            overflowing_sides(&client).await,
            Vec::<String>::new(),
            "{paper}"
        );
        let pages = count(&client, per_page).await;
        let Some(mut pdf) = print_to_pdf(&url, four) else {
            return;
        };
        pdf.assert_size(size, paper);
        assert_eq!(pdf.pages, pages, "{paper}: pages");
        assert_whole(&pdf, paper);
        if four {
            pdf.texts = cut_into_cards(&pdf);
        }
        for (name, last) in &everything {
            assert!(
                pdf.shows_in_order(last),
                "{paper}: {name} lost its last step"
            );
        }
        eprintln!("{paper}: {} pages of {:?} pt", pdf.pages, pdf.size);
    }
    client.close().await.unwrap();
}

/// A two-day programme whose first day fills most of a page, with a slot of two methods.
fn programme() -> String {
    let mut slots = vec![
        "- {day: 2026-06-01, start: \"09:00\", duration: 30, room: \"Hall\", title: \"Welcome\", facilitators: [\"Ana\"], methods: [\"Check-in and Check-out Rounds\"]}".to_owned(),
        "- {day: 2026-06-01, start: \"09:30\", duration: 90, room: \"Hall\", title: \"Deciding the agenda\", facilitators: [\"Ana\", \"Bo\"], methods: [\"Open Space Technology\", \"Consent Decision-Making\"]}".to_owned(),
    ];
    for (i, start) in ["11:00", "12:00", "14:00", "15:00", "16:00"]
        .iter()
        .enumerate()
    {
        slots.push(format!(
            "- {{day: 2026-06-01, start: \"{start}\", duration: 45, room: \"Garden\", title: \"Workshop {i}\", facilitators: [\"Cy\"], methods: [\"World Café\"]}}"
        ));
    }
    slots.push("- {day: 2026-06-02, start: \"10:00\", duration: 60, room: \"Hall\", title: \"Harvest\", methods: [\"Fishbowl\"]}".to_owned());
    format!(
        "---\nprogramme: \"Cooperative days\"\nstart: 2026-06-01\nend: 2026-06-02\nplace: \"Lyon\"\n\
         timezone: \"Europe/Paris\"\norganisers: [\"Ana\"]\nrooms: [\"Hall\", \"Garden\"]\nslots:\n{}\n---\nTwo days.\n",
        slots.join("\n")
    )
}

#[actix_web::test]
async fn a_programme_prints_a_page_a_day_without_the_screen_hint_and_its_methods_as_cards() {
    let Some((_driver, _db, _dir, base, client)) = starter_wiki().await else {
        return;
    };
    client.goto(&format!("{base}/-/signup")).await.unwrap();
    type_into(&client, "input[name=name]", "Organiser").await;
    type_into(&client, "input[name=email]", "org@example.org").await;
    type_into(&client, "input[name=password]", "a long enough password").await;
    click(&client, "form[action='/-/signup'] button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("span.signed-in"))
        .await
        .unwrap();
    client.goto(&format!("{base}/Days/edit")).await.unwrap();
    type_into(&client, "textarea[name=body]", &programme()).await;
    click(&client, "button[value=save]").await;
    client
        .wait()
        .for_element(Locator::Css(".programme-exports"))
        .await
        .unwrap();

    // The printed programme: one page a day, no screen hint, the codes of a slot side by side.
    let url = format!("{base}/Days/print");
    client.goto(&url).await.unwrap();
    let Some(pdf) = print_to_pdf(&url, false) else {
        return;
    };
    assert!(!pdf.shows("ready to print"), "{}", pdf.texts[0]);
    assert!(!pdf.shows("Back to the page"), "{}", pdf.texts[0]);
    assert_eq!(pdf.pages, 2, "a page a day: {:?}", pdf.texts);
    assert_whole(&pdf, "programme");
    assert!(pdf.texts[0].contains("Workshop 4") && pdf.texts[1].contains("Harvest"));

    let rects = client
        .execute(
            "const slot = [...document.querySelectorAll('.print-slot')].find(s => s.querySelectorAll('img.qr').length == 2);
             const r = e => e.getBoundingClientRect();
             return [r(slot), ...[...slot.querySelectorAll('img.qr')].map(r)].map(b => [b.left, b.top, b.right]);",
            vec![],
        )
        .await
        .unwrap();
    let rects: Vec<[f64; 3]> = serde_json::from_value(rects).unwrap();
    let (slot, first, second) = (rects[0], rects[1], rects[2]);
    assert!(
        (first[1] - second[1]).abs() < 1.0,
        "codes on one line: {rects:?}"
    );
    assert!(second[0] - first[2] < 30.0, "codes side by side: {rects:?}");
    assert!(
        slot[2] - second[2] < 2.0,
        "codes at the slot's right: {rects:?}"
    );

    // Its methods as cards, linked from the programme.
    client.goto(&format!("{base}/Days")).await.unwrap();
    click(&client, ".programme-exports a[href='/Days/cards']").await;
    client
        .wait()
        .for_element(Locator::Css(".card-front"))
        .await
        .unwrap();
    assert_eq!(count(&client, ".card-front").await, 5);
    let url = format!("{base}/Days/cards?paper=a4");
    client.goto(&url).await.unwrap();
    let sheets = count(&client, ".card-sheet").await;
    let Some(mut pdf) = print_to_pdf(&url, true) else {
        return;
    };
    pdf.assert_size(A4, "programme cards");
    assert_eq!(pdf.pages, sheets);
    assert_whole(&pdf, "programme cards");
    pdf.texts = cut_into_cards(&pdf);
    let used = [
        "Check-in and Check-out Rounds",
        "Open Space Technology",
        "Consent Decision-Making",
        "World Café",
        "Fishbowl",
    ];
    for (name, last) in starter_last_steps("en") {
        if used.contains(&name.as_str()) {
            assert!(pdf.shows_in_order(&last), "{name} lost its last step");
        }
    }
    client.close().await.unwrap();
}

/// Issue #20, item 2, in the other browser people print from: Firefox, driven through
/// geckodriver, prints the whole starter catalogue as cards on A6 and four to an A4 sheet
/// (WebDriver's print, on that paper with no margin, as its print dialog does for a page that
/// asks for it), every card whole, as Chromium does above.
#[actix_web::test]
async fn firefox_prints_the_cards_whole_on_a6_and_four_to_an_a4_sheet() {
    let Some((_gecko, port)) = start_gecko_driver() else {
        return;
    };
    if !std::path::Path::new("/usr/bin/pdfinfo").exists() {
        assert!(std::env::var("CI").is_err(), "install poppler-utils");
        return;
    }
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |settings| {
        settings.starter_catalogue = true;
    });
    let client = firefox(port).await;
    let everything = starter_last_steps("all");
    let printed = tempfile::tempdir().unwrap();
    // Centimetres, as WebDriver's print measures paper.
    for (paper, size, (width, height), per_page) in [
        ("a6", A6, (10.5, 14.8), ".card-side"),
        ("a4", A4, (21.0, 29.7), ".card-sheet"),
    ] {
        let four = paper == "a4";
        let url = format!("{base}/-/methods/cards?lang=all&paper={paper}");
        // The wiki may still be installing the starter catalogue when the browser is ready.
        for _ in 0..100 {
            client.goto(&url).await.unwrap();
            if count(&client, ".card-front").await == 40 {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(count(&client, ".card-front").await, 40, "{paper}");
        assert_eq!(
            overflowing_sides(&client).await,
            Vec::<String>::new(),
            "{paper}: Firefox's layout of the sides"
        );
        let pages = count(&client, per_page).await;
        let config = PrintConfiguration::builder()
            .size(PrintSize { width, height })
            .margins(PrintMargins {
                top: 0.0,
                bottom: 0.0,
                left: 0.0,
                right: 0.0,
            })
            .background(true)
            .shrink_to_fit(false)
            .build()
            .unwrap();
        let bytes = client.print(config).await.unwrap();
        let file = printed.path().join(format!("{paper}.pdf"));
        std::fs::write(&file, bytes).unwrap();
        let mut pdf = Pdf::read(&file, four);
        pdf.assert_size(size, paper);
        assert_eq!(
            pdf.pages, pages,
            "{paper}: one printed page per side or sheet"
        );
        assert_whole(&pdf, paper);
        if four {
            pdf.texts = cut_into_cards(&pdf);
        }
        for (name, last) in &everything {
            assert!(
                pdf.shows_in_order(last),
                "{paper}: {name} lost its last step in Firefox"
            );
        }
        eprintln!("Firefox, {paper}: {} pages of {:?} pt", pdf.pages, pdf.size);
    }
    client.close().await.unwrap();
}
