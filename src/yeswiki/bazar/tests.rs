use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::catalogue::sheet::parse;

/// The forms, lists and latest entry bodies of the Co-construire site (from its MANIFEST).
const SITE: &str = include_str!("../../../tests/data/yeswiki/bazar-site.json");
const MAP: &str = include_str!("../../../tests/data/yeswiki/map-methods.yaml");
const METHOD: &str = include_str!("../../../catalogue/forms/method.yaml");

struct Fixture {
    forms: Vec<BazarForm>,
    lists: HashMap<String, BazarList>,
    /// (tag, JSON body)
    entries: Vec<(String, String)>,
}

fn fixture() -> Fixture {
    let site: Value = serde_json::from_str(SITE).unwrap();
    let text = |v: &Value, k: &str| v[k].as_str().unwrap().to_owned();
    let forms = site["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            parse_form(
                &text(f, "id"),
                &text(f, "label"),
                &text(f, "description"),
                &text(f, "template"),
            )
        })
        .collect();
    let lists = site["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let tag = text(l, "tag");
            (tag.clone(), parse_list(&tag, &text(l, "body")).unwrap())
        })
        .collect();
    let entries = site["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (text(e, "tag"), text(e, "body")))
        .collect();
    Fixture {
        forms,
        lists,
        entries,
    }
}

impl Fixture {
    fn form(&self, id: &str) -> &BazarForm {
        self.forms.iter().find(|f| f.id == id).unwrap()
    }

    fn convert(&self, id: &str) -> Conversion {
        let form = self.form(id);
        let lists = |tag: &str| self.lists.get(tag).cloned();
        coopwiki_form(form, &lists, &form_name(&form.id, &form.label)).unwrap()
    }

    fn entry(&self, tag: &str) -> &str {
        &self.entries.iter().find(|(t, _)| t == tag).unwrap().1
    }

    /// The page each entry gets: its title, made a page name.
    fn page_of(&self, tag: &str) -> String {
        proposed_page_name(&entry_title(self.entry(tag)).unwrap()).unwrap()
    }
}

/// The attachment an importer makes of a stored file: its name without YesWiki's trailing
/// underscore.
fn attachment(stored: &str) -> Option<String> {
    Some(stored.trim_end_matches('_').to_owned())
}

fn with_site<R>(
    fixture: &Fixture,
    files: &dyn Fn(&str) -> Option<String>,
    f: impl FnOnce(&Site<'_>) -> R,
) -> R {
    let pages = |tag: &str| {
        fixture
            .entries
            .iter()
            .any(|(t, _)| t == tag)
            .then(|| fixture.page_of(tag))
    };
    let lists = |tag: &str| fixture.lists.get(tag).cloned();
    let site = Site {
        lang: Lang::FR,
        files,
        pages: &pages,
        lists: &lists,
        markup: &basic_markup,
    };
    f(&site)
}

fn sheet_of(text: &str) -> Sheet {
    parse(text).unwrap().unwrap()
}

#[test]
fn the_four_lists_read_with_their_order_and_labels() {
    let fixture = fixture();
    assert_eq!(fixture.lists.len(), 4);
    let kinds = &fixture.lists["ListeTypeDeMethode"];
    assert_eq!(kinds.title, "Type de méthode");
    let keys: Vec<&str> = kinds.values.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["divergence", "convergence", "partage", "inclusion"]);
    assert_eq!(kinds.label("partage"), Some("Partage d'expériences"));
    let sizes = &fixture.lists["ListeTailleDeGroupe"];
    assert_eq!(
        sizes.values[0],
        ("1".into(), "Petit groupe (moins de 12)".into())
    );
    assert_eq!(fixture.lists["ListeType"].values.len(), 4);
    assert_eq!(
        fixture.lists["ListeEspacesDuFestival"].label("salle-ronde"),
        Some("La Salle ronde")
    );
}

#[test]
fn lists_written_as_arrays_or_badly_are_read_or_refused_clearly() {
    let list = parse_list("ListeX", r#"{"label": ["zéro", "un"], "titre_liste": "X"}"#).unwrap();
    assert_eq!(
        list.values,
        [("0".into(), "zéro".into()), ("1".into(), "un".into())]
    );
    let list = parse_list("ListeY", r#"{"label": {"a": 1, "": "x"}}"#).unwrap();
    assert_eq!(list.title, "ListeY");
    assert_eq!(list.values, [("a".into(), "1".into())]);
    assert!(parse_list("L", "[").unwrap_err().contains("not JSON"));
    assert!(
        parse_list("L", "[]")
            .unwrap_err()
            .contains("not a JSON object")
    );
    assert!(parse_list("L", "{}").unwrap_err().contains("no \"label\""));
    assert!(parse_list("L", r#"{"label": {"a": {"b": 1}}}"#).is_err());
}

#[test]
fn the_six_real_forms_give_valid_coopwiki_forms() {
    let fixture = fixture();
    assert_eq!(fixture.forms.len(), 6);
    for form in &fixture.forms {
        assert!(form.warnings.is_empty(), "{}: {:?}", form.id, form.warnings);
        let conversion = fixture.convert(&form.id);
        let again = Form::parse(&conversion.yaml).unwrap();
        assert_eq!(again, conversion.form);
        assert!(
            conversion
                .yaml
                .starts_with("# Imported from YesWiki: Bazar form")
        );
    }
    let names: Vec<String> = fixture
        .forms
        .iter()
        .map(|f| form_name(&f.id, &f.label))
        .collect();
    assert_eq!(
        names,
        [
            "Annuaire",
            "Agenda",
            "BlogActu",
            "Ressources",
            "MethodeDAnimation",
            "ProgrammeDuFestival"
        ]
    );
}

fn keys_and_kinds(form: &Form) -> Vec<(&str, FieldKind)> {
    form.fields().map(|f| (f.key.as_str(), f.kind)).collect()
}

#[test]
fn the_methods_form_keeps_each_field_with_its_nearest_type() {
    let fixture = fixture();
    let bazar = fixture.form("5");
    let list = bazar.fields.iter().find(|f| f.name == "bf_type").unwrap();
    assert_eq!(list.entry_key, "listeListeTypeDeMethodebf_type");
    assert_eq!(list.list.as_deref(), Some("ListeTypeDeMethode"));
    assert!(list.required);
    let image = bazar.fields.iter().find(|f| f.name == "bf_image").unwrap();
    assert_eq!(image.entry_key, "imagebf_image");
    let conversion = fixture.convert("5");
    let form = &conversion.form;
    use FieldKind::*;
    assert_eq!(
        keys_and_kinds(form),
        [
            ("accroche", Text),
            ("description", Markdown),
            ("type", Choice),
            ("taille", Choices),
            ("duree", Number),
            ("participants_max", Number),
            ("image", Image),
            ("fiche_pdf", Markdown),
            ("source", Url),
            ("date_test", Text),
            ("mots_cles", Tags),
            ("materiel", Markdown),
        ]
    );
    let kind = form.field("type").unwrap();
    assert!(kind.required && kind.filterable);
    let ids: Vec<&str> = kind.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["divergence", "convergence", "partage", "inclusion"]);
    assert_eq!(kind.choices[2].label.en, "Partage d'expériences");
    assert_eq!(kind.choices[2].label.fr, "Partage d'expériences");
    let sizes = form.field("taille").unwrap();
    let ids: Vec<&str> = sizes.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["v1", "v2", "v3", "v4"]);
    let duration = form.field("duree").unwrap();
    assert_eq!(
        (duration.min, duration.max, duration.required),
        (Some(10), Some(480), true)
    );
    assert_eq!(form.field("accroche").unwrap().max_length, Some(140));
    assert_eq!(
        form.field("accroche").unwrap().help.as_ref().unwrap().fr,
        "Résumé en une phrase"
    );
    assert_eq!(form.label.fr, "Méthode d'animation");
    assert_eq!(conversion.key_of("bf_taille"), Some("taille"));
    assert_eq!(conversion.key_of("bf_titre"), None);
    assert!(conversion.yaml.contains(
        "# Text of the YesWiki form: Merci de partager vos méthodes sous licence libre (CC-BY-SA).\n"
    ));
    assert!(conversion.warnings.is_empty(), "{:?}", conversion.warnings);
}

#[test]
fn the_programme_and_directory_forms() {
    let fixture = fixture();
    let programme = fixture.convert("6");
    use FieldKind::*;
    assert_eq!(
        keys_and_kinds(&programme.form),
        [
            ("description", Markdown),
            ("date_debut_evenement", Text),
            ("date_fin_evenement", Text),
            ("espace", Choice),
            ("methodes", PageLinks),
            ("animateurs", Text),
            ("places", Number),
            ("mail", Text),
        ]
    );
    let places = programme.form.field("espace").unwrap();
    assert_eq!(places.choices[3].id, "salle_ronde");
    let directory = fixture.convert("1");
    assert_eq!(
        keys_and_kinds(&directory.form),
        [
            ("nom", Text),
            ("prenom", Text),
            ("image", Image),
            ("fonction", Text),
            ("projet", Markdown),
            ("mail", Text),
            ("structure", Text),
            ("site_internet", Url),
            ("adresse", Text),
            ("code_postal", Text),
            ("ville", Text),
            ("geolocation", Text),
        ]
    );
    // Hidden behind YesWiki's contact form: not copied, so not required either.
    assert!(!directory.form.field("mail").unwrap().required);
    assert!(
        directory
            .warnings
            .iter()
            .any(|w| w.contains("contact form")),
        "{:?}",
        directory.warnings
    );
    let resources = fixture.convert("4");
    let kind = resources.form.field("liste_type").unwrap();
    assert_eq!(kind.kind, Choices);
    assert_eq!(resources.key_of("checkboxListeType"), Some("liste_type"));
    let agenda = fixture.convert("2");
    assert_eq!(agenda.key_of("fichierfichier"), Some("fichier"));
}

#[test]
fn every_real_entry_gives_a_valid_sheet_of_its_form() {
    let fixture = fixture();
    let conversions: HashMap<String, Conversion> = fixture
        .forms
        .iter()
        .map(|f| (f.id.clone(), fixture.convert(&f.id)))
        .collect();
    assert_eq!(fixture.entries.len(), 22);
    with_site(&fixture, &attachment, |site| {
        for (tag, body) in &fixture.entries {
            let id = entry_form_id(body).unwrap();
            let conversion = &conversions[&id];
            let page = fixture.page_of(tag);
            let (text, warnings) = sheet_text(conversion, &page, body, site).unwrap();
            let sheet = sheet_of(&text);
            assert_eq!(sheet.form_name(), conversion.form.name);
            assert_eq!(sheet.text_of("page"), page);
            assert_eq!(sheet.text_of("lang"), "fr");
            let checked = fields::check(Some(&conversion.form), &sheet);
            assert!(
                checked.errors.is_empty(),
                "{tag}: {:?}\n{text}",
                checked.errors
            );
            assert!(warnings.is_empty(), "{tag}: {warnings:?}");
            // Written as the editor writes it: saving it again changes nothing.
            let composed = editor::compose(
                &conversion.form,
                &page,
                &sheet.front,
                &checked,
                None,
                &sheet.body,
            );
            assert_eq!(composed.to_text(Some(&conversion.form)).unwrap(), text);
        }
    });
}

#[test]
fn the_fishbowl_keeps_every_value() {
    let fixture = fixture();
    let conversion = fixture.convert("5");
    let body = fixture.entry("LeBocalAPoissons");
    let page = fixture.page_of("LeBocalAPoissons");
    assert_eq!(page, "Le bocal à poissons");
    let (text, warnings) = with_site(&fixture, &attachment, |site| {
        sheet_text(&conversion, &page, body, site).unwrap()
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    let sheet = sheet_of(&text);
    let front = &sheet.front;
    assert_eq!(front["type"], "partage");
    assert_eq!(front["taille"], json!(["v2", "v3", "v4"]));
    assert_eq!(front["duree"], 75);
    assert_eq!(front["participants_max"], 80);
    assert_eq!(
        front["mots_cles"],
        json!(["débat", "écoute", "grand groupe"])
    );
    assert_eq!(
        front["image"],
        json!({
            "src": "/Le_bocal_%C3%A0_poissons/attachments/LeBocalAPoissons_imagebf_image_bocalapoissons_20240509121001_20240509121001.jpg",
            "alt": "Le bocal à poissons"
        })
    );
    assert_eq!(
        front["fiche_pdf"],
        "[LeBocalAPoissons\\_fichierbf\\_fiche\\_pdf\\_fichebocalapoissons\\_20240509121001\\_20240509121001.pdf](attachment:LeBocalAPoissons_fichierbf_fiche_pdf_fichebocalapoissons_20240509121001_20240509121001.pdf)"
    );
    assert_eq!(
        front["materiel"],
        " - 5 chaises\n - un micro au-delà de 40 personnes\n - un paperboard"
    );
    assert_eq!(front["date_test"], "2022-07-07T14:30:00+02:00");
    assert_eq!(
        front["source"],
        "https://fr.wikipedia.org/wiki/Fishbowl_(conversation)"
    );
    let description = front["description"].as_str().unwrap();
    assert!(
        description.starts_with("Le **bocal à poissons** (fishbowl) est un format"),
        "{description}"
    );
    assert!(
        description
            .contains("\n\n- 4 ou 5 chaises au centre, dont une toujours vide\n- le public autour"),
        "{description}"
    );
    assert!(!front.contains_key("titre"));
    assert_eq!(sheet.body, "");
    assert!(text.contains("\ntaille: [v2, v3, v4]\n"), "{text}");
}

#[test]
fn a_page_not_named_after_its_title_keeps_the_title_in_the_body() {
    let fixture = fixture();
    let conversion = fixture.convert("5");
    let body = fixture.entry("LeBocalAPoissons");
    let (text, warnings) = with_site(&fixture, &attachment, |site| {
        sheet_text(&conversion, "LeBocalAPoissons", body, site).unwrap()
    });
    assert!(warnings.is_empty());
    let sheet = sheet_of(&text);
    assert_eq!(
        sheet.body,
        "## Autres valeurs de la fiche YesWiki\n\n**Nom de la méthode** : Le bocal à poissons\n"
    );
    assert_eq!(
        sheet.front["image"]["src"],
        "/LeBocalAPoissons/attachments/LeBocalAPoissons_imagebf_image_bocalapoissons_20240509121001_20240509121001.jpg"
    );
}

#[test]
fn a_programme_entry_links_its_methods_and_gives_its_dates() {
    let fixture = fixture();
    let conversion = fixture.convert("6");
    let tag = "PleniereDOuvertureEnBocalAPoissons";
    let body = fixture.entry(tag);
    let (text, _) = with_site(&fixture, &attachment, |site| {
        sheet_text(&conversion, &fixture.page_of(tag), body, site).unwrap()
    });
    let sheet = sheet_of(&text);
    assert_eq!(
        sheet.front["methodes"],
        json!(["Le bocal à poissons", "La météo intérieure"])
    );
    assert_eq!(sheet.front["espace"], "chapiteau");
    assert_eq!(sheet.front["places"], 150);
    assert_eq!(sheet.front["mail"], "ouverture@coconstruire.example");
    assert_eq!(
        sheet.front["date_debut_evenement"],
        "2024-07-04T10:30:00+02:00"
    );
    assert_eq!(
        event_span(fixture.form("6"), body),
        Some(EventSpan {
            start: "2024-07-04T10:30:00+02:00".into(),
            end: "2024-07-04T12:30:00+02:00".into()
        })
    );
    assert_eq!(
        event_span(fixture.form("2"), fixture.entry("Bordeaux")),
        Some(EventSpan {
            start: "2024-04-10".into(),
            end: "2024-04-12".into()
        })
    );
    assert_eq!(
        event_span(fixture.form("5"), fixture.entry("LeBocalAPoissons")),
        None
    );
    let world_cafe = fixture.page_of("WorldCafeLAvenirDesTiersLieux");
    assert_eq!(world_cafe, "World café, l'avenir des tiers-lieux");
}

#[test]
fn the_directory_keeps_coordinates_and_hides_what_yeswiki_hid() {
    let fixture = fixture();
    let conversion = fixture.convert("1");
    let mut body: Value = serde_json::from_str(fixture.entry("LovelaceAda")).unwrap();
    body["bf_mail"] = json!("ada@example.org");
    let (text, warnings) = with_site(&fixture, &attachment, |site| {
        sheet_text(&conversion, "Lovelace Ada", &body.to_string(), site).unwrap()
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    let sheet = sheet_of(&text);
    assert_eq!(sheet.front["geolocation"], "51.5073219, -0.1276474");
    assert!(!text.contains("ada@example.org"), "{text}");
    assert_eq!(
        sheet.front["projet"],
        "J'ai réalisé le premier véritable programme informatique, lors de mon travail sur un ancêtre de l'ordinateur : la machine analytique de Charles Babbage."
    );
}

#[test]
fn files_not_imported_and_refused_values_go_to_the_body_with_a_warning() {
    let fixture = fixture();
    let conversion = fixture.convert("5");
    let mut body: Value = serde_json::from_str(fixture.entry("LeBocalAPoissons")).unwrap();
    body["bf_duree"] = json!("une heure et quart");
    body["listeListeTypeDeMethodebf_type"] = json!("improvisation");
    body["checkboxListeTailleDeGroupebf_taille"] = json!("2,9");
    body["bf_source"] = json!("exemple.org");
    body["bf_participants_max"] = json!("1000");
    body["bf_ancien_champ"] = json!("une valeur d'un champ retiré");
    let none = |_: &str| None;
    let (text, warnings) = with_site(&fixture, &none, |site| {
        sheet_text(&conversion, "Le bocal à poissons", &body.to_string(), site).unwrap()
    });
    let sheet = sheet_of(&text);
    let checked = fields::check(Some(&conversion.form), &sheet);
    let errors: Vec<(&str, &str)> = checked
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.message))
        .collect();
    assert_eq!(
        errors,
        [("type", "field-required"), ("duree", "field-required")]
    );
    assert_eq!(sheet.front["taille"], json!(["v2"]));
    for kept in [
        "**Durée (en minutes)** : une heure et quart",
        "**Type de méthode** : improvisation",
        "**Tailles de groupe adaptées** : 9",
        "**Pour aller plus loin (lien)** : exemple.org",
        "**Nombre maximum de participant·es** : 1000",
        "**Illustration** : LeBocalAPoissons_imagebf",
        "**Fiche pratique (PDF)** : LeBocalAPoissons_fichierbf",
        "**bf\\_ancien\\_champ** : une valeur d'un champ retiré",
    ] {
        assert!(sheet.body.contains(kept), "{kept}\n{}", sheet.body);
    }
    assert_eq!(warnings.len(), 10, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("required field \"Durée (en minutes)\""))
    );
    assert!(
        warnings
            .iter()
            .all(|w| w.starts_with("Le bocal à poissons: "))
    );
}

#[test]
fn an_unknown_field_type_is_kept_as_text_and_reported() {
    let template = "texte***bf_titre***Titre***60***255*** *** ***text***1***\nsuperchamp***bf_humeur***Humeur du jour*** *** *** *** *** ***0***\nlabelhtml***<b>Merci</b>*** *** ***\nmot_de_passe***mdp***Mot de passe*** *** ***\nacls***+***%***%*** ***\n";
    let form = parse_form("9", "Essai", "", template);
    assert_eq!(form.warnings.len(), 1, "{:?}", form.warnings);
    assert!(form.warnings[0].contains("unknown field type \"superchamp\""));
    let none_list = |_: &str| None;
    let conversion = coopwiki_form(&form, &none_list, "Essai").unwrap();
    assert_eq!(
        keys_and_kinds(&conversion.form),
        [("humeur", FieldKind::Text)]
    );
    assert_eq!(conversion.warnings.len(), 3, "{:?}", conversion.warnings);
    assert!(
        conversion
            .yaml
            .contains("# Text of the YesWiki form: Merci\n")
    );
    let fixture = fixture();
    let body =
        r#"{"bf_titre": "Lundi", "bf_humeur": "joyeuse", "mdp": "secret", "id_typeannonce": "9"}"#;
    let (text, warnings) = with_site(&fixture, &attachment, |site| {
        sheet_text(&conversion, "Lundi", body, site).unwrap()
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(sheet_of(&text).front["humeur"], "joyeuse");
    assert!(!text.contains("secret"));
}

#[test]
fn a_missing_list_makes_a_text_field_of_its_keys() {
    let fixture = fixture();
    let form = fixture.form("5");
    let no_lists = |_: &str| None;
    let conversion = coopwiki_form(form, &no_lists, "Methodes").unwrap();
    assert_eq!(conversion.form.field("type").unwrap().kind, FieldKind::Text);
    assert_eq!(conversion.warnings.len(), 2);
    let (text, _) = with_site(&fixture, &attachment, |site| {
        sheet_text(
            &conversion,
            "Le bocal à poissons",
            fixture.entry("LeBocalAPoissons"),
            site,
        )
        .unwrap()
    });
    assert_eq!(sheet_of(&text).front["taille"], "2,3,4");
}

#[test]
fn malformed_entries_are_refused_clearly_and_odd_values_kept() {
    let fixture = fixture();
    let conversion = fixture.convert("5");
    with_site(&fixture, &attachment, |site| {
        let err = sheet_text(&conversion, "X", "{", site).unwrap_err();
        assert!(err.contains("not JSON"), "{err}");
        let err = sheet_text(&conversion, "X", "[1, 2]", site).unwrap_err();
        assert!(err.contains("not a JSON object"), "{err}");
        let err = sheet_text(&conversion, "a/b", "{}", site).unwrap_err();
        assert!(err.contains("not a page name"), "{err}");
        let err = coopwiki_form(fixture.form("5"), &|_: &str| None, "Not a name").unwrap_err();
        assert!(err.contains("not a form name"), "{err}");
        // Nothing at all: a sheet whose required fields are reported empty.
        let (text, warnings) = sheet_text(&conversion, "Vide", "{}", site).unwrap();
        assert!(sheet_of(&text).body.is_empty());
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        // Wrong types: kept in the body, never a panic.
        let body = json!({
            "id_typeannonce": "6",
            "bf_accroche": {"a": 1},
            "bf_description": ["<p>un</p>", "deux"],
            "bf_duree": 45,
            "imagebf_image": null,
            "bf_mots_cles": true,
            "checkboxListeTailleDeGroupebf_taille": [1, 3],
            "bf_source": "https://",
        });
        let (text, warnings) = sheet_text(&conversion, "Types", &body.to_string(), site).unwrap();
        let sheet = sheet_of(&text);
        assert_eq!(sheet.front["duree"], 45);
        assert_eq!(sheet.front["taille"], json!(["v1", "v3"]));
        assert_eq!(sheet.front["mots_cles"], json!(["1"]));
        assert_eq!(sheet.front["description"], "un\n\n,deux");
        assert!(!sheet.front.contains_key("source"));
        assert!(
            sheet.body.contains("**Accroche (une phrase)** : {\"a\":1}"),
            "{}",
            sheet.body
        );
        assert!(
            warnings.iter().any(|w| w.contains("belongs to form \"6\"")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("\"bf_accroche\" is not a text"))
        );
    });
}

#[test]
fn page_and_form_names_are_made_valid() {
    assert_eq!(
        proposed_page_name("Yeswiki : le site officiel").as_deref(),
        Some("Yeswiki, le site officiel")
    );
    assert_eq!(
        proposed_page_name("What/So What/Now What").as_deref(),
        Some("What, So What, Now What")
    );
    assert_eq!(
        proposed_page_name("La culture, moins on en a, plus on l'étale!").as_deref(),
        Some("La culture, moins on en a, plus on l'étale")
    );
    assert_eq!(
        proposed_page_name("L’accélérateur « de projet »").as_deref(),
        Some("L'accélérateur de projet")
    );
    assert_eq!(proposed_page_name(" -- ?? "), None);
    assert_eq!(
        proposed_page_name(&"a".repeat(300)).map(|n| n.chars().count()),
        Some(120)
    );
    assert_eq!(form_name("3", "Blog-actu"), "BlogActu");
    assert_eq!(
        form_name("7", "2024 : inscriptions"),
        "Form2024Inscriptions"
    );
    assert_eq!(form_name("12", "«»"), "Bazar12");
    assert_eq!(
        form_name(
            "x",
            "Ünïcödé wörds and a very long label that goes on and on"
        ),
        "UnicodeWordsAndAVeryLongLabelThatGoesOnA"
    );
}

#[test]
fn keys_avoid_reserved_words_and_each_other() {
    let template = "texte***page***Page***\ntexte***bf_page***Encore***\ntexte***bf_Lang***Langue***\ntexte***bf_2e***Deuxième***\ntexte***bf_été***Été***\nliste***ListeX***X***\ncheckbox***ListeX***Y***\n";
    let form = parse_form("1", "K", "", template);
    let list = |_: &str| {
        Some(BazarList {
            tag: "ListeX".into(),
            title: "X".into(),
            values: vec![
                ("a-b".into(), "A".into()),
                ("a_b".into(), "B".into()),
                ("".into(), "".into()),
            ],
        })
    };
    let conversion = coopwiki_form(&form, &list, "K").unwrap();
    let keys: Vec<&str> = conversion.form.fields().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "bf_page",
            "bf_page_2",
            "bf_lang",
            "bf_2e",
            "ete",
            "liste_x",
            "liste_x_2"
        ]
    );
    let ids: Vec<&str> = conversion
        .form
        .field("liste_x")
        .unwrap()
        .choices
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["a_b", "a_b_2", "v"]);
}

#[test]
fn html_becomes_markdown() {
    let html = "<h2>Titre &amp; sous-titre</h2><p>Un <em>texte</em> avec un <a href=\"https://exemple.org/a b\">lien</a> et <a href=\"javascript:x\">rien</a>.<br>Fin&nbsp;!</p><ol><li>un</li><li>deux<ul><li>trois</li></ul></li></ol><script>alert(1)</script>";
    assert_eq!(
        basic_markup(html, TextSyntax::Html),
        "### Titre & sous-titre\n\nUn *texte* avec un [lien](https://exemple.org/a%20b) et rien.\nFin !\n\n1. un\n2. deux\n\n  - trois\n\nalert(1)"
    );
    assert_eq!(
        basic_markup("**gras**\r\n//italique//", TextSyntax::Wiki),
        "**gras**\n//italique//"
    );
    assert_eq!(basic_markup("<b", TextSyntax::Html), "<b");
}

fn method_map() -> (Fixture, Form, FieldMap) {
    (
        fixture(),
        Form::parse(METHOD).unwrap(),
        parse_field_map(MAP).unwrap(),
    )
}

#[test]
fn the_methods_form_lands_in_the_method_catalogue() {
    let (fixture, method, map) = method_map();
    let form = fixture.form("5");
    let notes = check_field_map(form, &method, &map).unwrap();
    assert_eq!(notes.len(), 4, "{notes:#?}");
    assert!(notes[0].contains("\"bf_participants_max\""));
    assert!(notes[1].contains("\"bf_date_test\""));
    assert!(notes[2].contains("\"summary\""));
    assert!(notes[3].contains("\"steps\""));
    let body = fixture.entry("LeBocalAPoissons");
    let page = fixture.page_of("LeBocalAPoissons");
    let (text, warnings) = with_site(&fixture, &attachment, |site| {
        mapped_sheet_text(form, &method, &map, &page, body, site).unwrap()
    });
    let sheet = sheet_of(&text);
    let front = &sheet.front;
    assert_eq!(front["form"], "Method");
    assert_eq!(
        front["hook"],
        "Un débat ouvert où la parole circule grâce à une chaise vide (idéal en plénière)"
    );
    assert_eq!(front["purposes"], json!(["share_knowledge"]));
    assert_eq!(front["group_size"], json!({"min": 12, "max": 500}));
    assert_eq!(front["duration"], json!({"min": 75, "max": 75}));
    assert_eq!(front["tags"], json!(["débat", "écoute", "grand groupe"]));
    assert_eq!(
        front["materials"],
        json!([
            {"item": "chaises", "quantity": 5, "per": "session"},
            {"item": "un micro au-delà de 40 personnes", "quantity": 1, "per": "session"},
            {"item": "un paperboard", "quantity": 1, "per": "session"}
        ])
    );
    assert_eq!(
        front["sources"],
        json!(["https://fr.wikipedia.org/wiki/Fishbowl_(conversation)"])
    );
    assert_eq!(front["status"], "draft");
    assert!(!front.contains_key("other_names"));
    assert!(
        sheet.body.starts_with("Le **bocal à poissons** (fishbowl)"),
        "{}",
        sheet.body
    );
    assert!(sheet.body.contains("\n\n## Illustration\n\n![Le bocal à poissons](attachment:LeBocalAPoissons_imagebf_image_bocalapoissons_20240509121001_20240509121001.jpg)\n\n## Fiche pratique (PDF)\n\n[LeBocalAPoissons"), "{}", sheet.body);
    assert!(sheet.body.contains("**Nombre maximum de participant·es** : 80\n\n**Date de première expérimentation au festival** : 2022-07-07T14:30:00+02:00\n"), "{}", sheet.body);
    let required: Vec<&str> = warnings
        .iter()
        .filter(|w| w.contains("required field"))
        .map(String::as_str)
        .collect();
    assert_eq!(required.len(), 2, "{warnings:?}");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let errors: Vec<String> = fields::check(Some(&method), &sheet)
        .errors
        .iter()
        .map(|e| format!("{} {}", e.field, e.message))
        .collect();
    assert_eq!(errors, ["summary field-required", "steps field-required"]);
}

#[test]
fn every_method_entry_maps_onto_a_sheet_missing_only_what_bazar_never_had() {
    let (fixture, method, map) = method_map();
    let form = fixture.form("5");
    with_site(&fixture, &attachment, |site| {
        for (tag, body) in fixture
            .entries
            .iter()
            .filter(|(_, b)| entry_form_id(b).as_deref() == Some("5"))
        {
            let page = fixture.page_of(tag);
            let (text, warnings) =
                mapped_sheet_text(form, &method, &map, &page, body, site).unwrap();
            let sheet = sheet_of(&text);
            let checked = fields::check(Some(&method), &sheet);
            let errors: Vec<&str> = checked.errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(errors, ["summary", "steps"], "{tag}\n{text}");
            assert_eq!(warnings.len(), 2, "{tag}: {warnings:?}");
        }
        // A page named otherwise keeps the title among the other names.
        let (text, _) = mapped_sheet_text(
            form,
            &method,
            &map,
            "LeWorldCafe",
            fixture.entry("LeWorldCafe"),
            site,
        )
        .unwrap();
        assert_eq!(
            sheet_of(&text).front["other_names"],
            json!(["Le World Café"])
        );
    });
}

#[test]
fn material_lines_read_their_quantities() {
    use super::map::{lines, material};
    let text = " - 5 chaises\n* 3 x marqueurs\n2. 12 xylophones\n\n- un paperboard\n- 0 table";
    let items: Vec<Value> = lines(text).iter().map(|l| material(l)).collect();
    assert_eq!(
        items,
        [
            json!({"item": "chaises", "quantity": 5, "per": "session"}),
            json!({"item": "marqueurs", "quantity": 3, "per": "session"}),
            json!({"item": "xylophones", "quantity": 12, "per": "session"}),
            json!({"item": "un paperboard", "quantity": 1, "per": "session"}),
            json!({"item": "0 table", "quantity": 1, "per": "session"}),
        ]
    );
}

#[test]
fn fields_files_that_cannot_work_are_refused() {
    let (fixture, method, _) = method_map();
    let form = fixture.form("5");
    let err = |yaml: &str| match parse_field_map(yaml) {
        Err(e) => e,
        Ok(map) => check_field_map(form, &method, &map).unwrap_err(),
    };
    assert!(err("fields: {bf_accroche: nope}").contains("no field \"nope\""));
    assert!(err("fields: {bf_nope: hook}").contains("no field \"bf_nope\""));
    assert!(
        err("fields: {bf_accroche: hook, bf_titre: hook}").contains("two fields go to \"hook\"")
    );
    assert!(err("fields: {bf_description: steps}").contains("cannot fill \"steps\""));
    assert!(err("fields: {bf_accroche: Hook!}").contains("which is no key"));
    assert!(
        err("fields: {bf_type: purposes}\nvalues: {bf_type: {partage: sharing}}")
            .contains("is not a value of \"purposes\"")
    );
    assert!(
        err("fields: {bf_type: purposes}\nvalues: {bf_taille: {\"1\": 2-12}}")
            .contains("does not name")
    );
    assert!(err("fields: {}\nset: {status: finished}").contains("`set` \"status\""));
    assert!(err("fields: {}\nunknown: 1").contains("fields file"));
    assert!(err("fields: {labelhtml: body}").contains("no field"));
    let map = parse_field_map("fields: {bf_date_test: ~, bf_description: body}").unwrap();
    assert_eq!(map.fields["bf_date_test"], Target::Drop);
    assert_eq!(map.fields["bf_description"], Target::Body);
    let map =
        parse_field_map("fields: {bf_type: purposes}\nvalues: {bf_type: {1: decide}}").unwrap();
    assert_eq!(map.values["bf_type"]["1"], "decide");
}

fn any_line() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        proptest::sample::select(vec![
            "texte",
            "textelong",
            "liste",
            "checkbox",
            "radio",
            "checkboxfiche",
            "listefiche",
            "jour",
            "listedatedeb",
            "image",
            "fichier",
            "lien_internet",
            "champs_mail",
            "tags",
            "map",
            "titre",
            "labelhtml",
            "acls",
            "bf_titre",
            "ListeX",
            "number",
            "url",
            "html",
            "1",
            "0",
            "form",
            "%",
            "*",
            "",
            " ",
            "page",
            "lang",
        ])
        .prop_map(str::to_owned),
        ".{0,12}",
    ];
    proptest::collection::vec(word, 0..18).prop_map(|cols| cols.join("***"))
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,30}".prop_map(Value::String),
        proptest::sample::select(vec![
            "partage",
            "1,2,9",
            "https://",
            "a\nb",
            "<p>x</p>",
            "LeBocalAPoissons,X",
            "2024-07-06"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn any_entry() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        proptest::sample::select(vec![
            "bf_titre",
            "bf_accroche",
            "bf_description",
            "listeListeTypeDeMethodebf_type",
            "checkboxListeTailleDeGroupebf_taille",
            "bf_duree",
            "bf_participants_max",
            "imagebf_image",
            "fichierbf_fiche_pdf",
            "bf_source",
            "bf_date_test",
            "bf_mots_cles",
            "bf_materiel",
            "checkboxfiche5bf_methodes",
            "listeListeEspacesDuFestivalbf_espace",
            "bf_places",
            "bf_mail",
            "geolocation",
            "id_typeannonce",
        ])
        .prop_map(str::to_owned),
        ".{0,8}",
    ];
    proptest::collection::btree_map(key, any_json(), 0..10)
        .prop_map(|m| Value::Object(m.into_iter().collect()).to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any template reads without panicking and gives a form coopwiki accepts.
    #[test]
    fn any_template_gives_a_valid_form(lines in proptest::collection::vec(any_line(), 0..12), label in ".{0,20}") {
        let template = lines.join("\r\n");
        let form = parse_form("7", &label, "desc\nription", &template);
        let lists = |tag: &str| (tag == "ListeX").then(|| BazarList {
            tag: tag.into(),
            title: "X".into(),
            values: vec![("1".into(), "un".into()), ("b c".into(), "".into())],
        });
        let conversion = coopwiki_form(&form, &lists, &form_name(&form.id, &form.label));
        prop_assert!(conversion.is_ok(), "{:?}\n{}", conversion.err(), template);
    }

    /// Any JSON object gives a sheet that reads back, whatever its keys and values.
    #[test]
    fn any_entry_gives_a_sheet(body in any_entry(), page in "[A-Za-zé ]{1,12}") {
        let fixture = fixture();
        let page = proposed_page_name(&page).unwrap_or_else(|| "P".into());
        for id in ["5", "6"] {
            let conversion = fixture.convert(id);
            let result = with_site(&fixture, &attachment, |site| sheet_text(&conversion, &page, &body, site));
            let (text, _) = result.map_err(|e| TestCaseError::fail(format!("{e}\n{body}")))?;
            prop_assert!(matches!(parse(&text), Some(Ok(_))), "{}", text);
        }
        let (method, map) = (Form::parse(METHOD).unwrap(), parse_field_map(MAP).unwrap());
        let result = with_site(&fixture, &attachment, |site| mapped_sheet_text(fixture.form("5"), &method, &map, &page, &body, site));
        prop_assert!(result.is_ok(), "{:?}\n{}", result.err(), body);
    }

    /// Arbitrary text never panics the readers of lists, fields files and entries.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,80}") {
        let _ = parse_list("L", &text);
        let _ = parse_field_map(&text);
        let _ = entry_title(&text);
        let _ = event_span(&parse_form("1", "", "", &text), &text);
        let _ = basic_markup(&text, TextSyntax::Html);
        let _ = proposed_page_name(&text);
        let _ = form_name("1", &text);
    }
}
