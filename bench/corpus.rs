//! A generated wiki of facilitation methods, workshop reports and meeting notes in French and
//! English: sentences built from the vocabulary people in this field use, with realistic word
//! frequencies (a few words on most pages, method names on a few percent, rare words on a
//! handful), Markdown headings, lists and wiki links. Deterministic for a given seed.

use std::collections::HashSet;

use coopwiki::names::PageName;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Words picked with Zipf-like weights: the first of a list are the most frequent.
struct Zipf<'a> {
    words: &'a [&'a str],
    index: WeightedIndex<f64>,
}

impl<'a> Zipf<'a> {
    fn new(words: &'a [&'a str]) -> Self {
        let weights = (1..=words.len()).map(|rank| 1.0 / (rank as f64).powf(0.9));
        Zipf {
            words,
            index: WeightedIndex::new(weights).expect("non-empty word list"),
        }
    }

    fn pick(&self, rng: &mut StdRng) -> &'a str {
        self.words[self.index.sample(rng)]
    }
}

/// The vocabulary of one language.
struct Language<'a> {
    subjects: Zipf<'a>,
    subjects_plural: Zipf<'a>,
    verbs: Zipf<'a>,
    verbs_plural: Zipf<'a>,
    objects: Zipf<'a>,
    infinitives: Zipf<'a>,
    adverbials: Zipf<'a>,
    templates: &'a [&'a str],
    headings: &'a [&'a str],
    title_forms: &'a [&'a str],
    qualifiers: &'a [&'a str],
    publics: &'a [&'a str],
}

const FR_SUBJECTS: &[&str] = &[
    "le groupe",
    "la personne qui facilite",
    "chaque personne",
    "l'animatrice",
    "l'animateur",
    "le cercle",
    "l'équipe",
    "la facilitatrice",
    "le facilitateur",
    "le gardien du temps",
    "la plénière",
    "le sous-groupe",
    "l'hôte de table",
    "le porteur de projet",
    "la coordinatrice",
    "le collectif",
    "l'association",
    "la coopérative",
    "le conseil",
    "le binôme",
];
const FR_SUBJECTS_PLURAL: &[&str] = &[
    "les participants",
    "les participantes",
    "les personnes présentes",
    "les sous-groupes",
    "les animateurs",
    "les membres du cercle",
    "les bénévoles",
    "les habitants",
    "les élus",
    "les salariés",
    "les observateurs",
    "les volontaires",
];
const FR_VERBS: &[&str] = &[
    "anime",
    "propose",
    "invite",
    "écoute",
    "reformule",
    "clarifie",
    "note",
    "affiche",
    "partage",
    "choisit",
    "prépare",
    "accueille",
    "relance",
    "synthétise",
    "présente",
    "ouvre",
    "clôture",
    "organise",
    "observe",
    "soutient",
    "facilite",
    "rappelle",
    "explique",
    "recueille",
    "questionne",
    "valide",
];
const FR_VERBS_PLURAL: &[&str] = &[
    "échangent",
    "proposent",
    "écoutent",
    "partagent",
    "décident",
    "notent",
    "choisissent",
    "votent",
    "débattent",
    "construisent",
    "explorent",
    "priorisent",
    "reformulent",
    "tournent",
    "présentent",
    "célèbrent",
    "évaluent",
    "imaginent",
    "convergent",
    "divergent",
];
const FR_OBJECTS: &[&str] = &[
    "la question de départ",
    "les propositions",
    "le temps de parole",
    "la consigne",
    "les idées",
    "la décision",
    "les objections",
    "le consentement",
    "l'ordre du jour",
    "les post-it",
    "le paperboard",
    "la synthèse",
    "les retours",
    "la météo intérieure",
    "le tour de table",
    "la restitution",
    "les besoins",
    "les tensions",
    "le cadre",
    "les rôles",
    "le bâton de parole",
    "le cercle de parole",
    "l'intelligence collective",
    "la prise de décision",
    "les accords",
    "le mandat",
    "les critères",
    "le plan d'action",
    "la gouvernance partagée",
    "les prochaines étapes",
    "l'énergie du groupe",
    "les règles du jeu",
    "le compte rendu",
    "la feuille de route",
];
const FR_INFINITIVES: &[&str] = &[
    "animer",
    "faciliter",
    "décider",
    "proposer",
    "écouter",
    "reformuler",
    "clarifier",
    "préparer",
    "accueillir",
    "clôturer",
    "célébrer",
    "évaluer",
    "explorer",
    "prioriser",
    "organiser",
    "inclure",
    "relancer",
    "réguler",
    "converger",
    "diverger",
];
const FR_ADVERBIALS: &[&str] = &[
    "en petits groupes",
    "à tour de rôle",
    "en silence",
    "pendant dix minutes",
    "au début de l'atelier",
    "à la fin de la séance",
    "avant la pause",
    "en plénière",
    "sans interrompre",
    "avec bienveillance",
    "par deux",
    "en binôme",
    "debout",
    "autour d'une table",
    "en ligne",
    "dans la salle principale",
    "sur le paperboard",
    "pendant le forum ouvert",
    "lors du world café",
    "en cercle",
];
const FR_TEMPLATES: &[&str] = &[
    "{S} {V} {O} {A}.",
    "{P} {VP} {O} {A}.",
    "Pour {I} {O}, {S} {V} {O}.",
    "Il est utile de {I} {O} {A}.",
    "On peut aussi {I} {O} {A}, puis {I} {O}.",
    "Attention : {S} ne doit pas {I} {O} trop vite.",
    "Ensuite, {P} {VP} {O} et {S} {V} {O}.",
    "Durée : {N} minutes, pour {N} à {M} personnes.",
    "{S} {V} {O} ; {P} {VP} {A}.",
    "Quand {P} {VP} {O}, {S} {V} {O} {A}.",
];
const FR_HEADINGS: &[&str] = &[
    "Objectif",
    "Déroulé",
    "Matériel",
    "Variantes",
    "Pièges à éviter",
    "Conseils",
    "Origine",
    "Retour d'expérience",
    "Préparation",
    "En ligne",
];
const FR_TITLE_FORMS: &[&str] = &[
    "{METHOD} {Q}",
    "Atelier {METHOD} à {CITY} ({YEAR})",
    "Retour d'expérience, {METHOD} avec {PUBLIC}",
    "Compte rendu {CITY} {YEAR}",
    "{METHOD} pour {PUBLIC}",
    "Réunion du {DAY} {MONTH} {YEAR}",
];
const FR_QUALIFIERS: &[&str] = &[
    "en ligne",
    "pour grands groupes",
    "version courte",
    "pas à pas",
    "débutants",
    "avancé",
    "en extérieur",
    "hybride",
];
const FR_PUBLICS: &[&str] = &[
    "des lycéens",
    "un conseil municipal",
    "une équipe salariée",
    "des bénévoles",
    "une coopérative",
    "des habitants",
    "un réseau d'associations",
];

const EN_SUBJECTS: &[&str] = &[
    "the group",
    "the facilitator",
    "each person",
    "the host",
    "the circle",
    "the team",
    "the timekeeper",
    "the plenary",
    "the small group",
    "the table host",
    "the project owner",
    "the coordinator",
    "the collective",
    "the association",
    "the cooperative",
    "the council",
    "the pair",
];
const EN_SUBJECTS_PLURAL: &[&str] = &[
    "the participants",
    "the people present",
    "the small groups",
    "the facilitators",
    "the members of the circle",
    "the volunteers",
    "the residents",
    "the staff",
    "the observers",
];
const EN_VERBS: &[&str] = &[
    "facilitates",
    "proposes",
    "invites",
    "listens to",
    "rephrases",
    "clarifies",
    "writes down",
    "displays",
    "shares",
    "chooses",
    "prepares",
    "welcomes",
    "summarises",
    "presents",
    "opens",
    "closes",
    "organises",
    "observes",
    "supports",
    "hosts",
    "recalls",
    "explains",
    "gathers",
    "questions",
    "confirms",
];
const EN_VERBS_PLURAL: &[&str] = &[
    "discuss",
    "propose",
    "listen to",
    "share",
    "decide on",
    "write down",
    "choose",
    "vote on",
    "debate",
    "build",
    "explore",
    "prioritise",
    "rephrase",
    "present",
    "celebrate",
    "evaluate",
    "imagine",
    "converge on",
    "harvest",
];
const EN_OBJECTS: &[&str] = &[
    "the opening question",
    "the proposals",
    "speaking time",
    "the prompt",
    "the ideas",
    "the decision",
    "the objections",
    "consent",
    "the agenda",
    "sticky notes",
    "the flipchart",
    "the harvest",
    "the feedback",
    "the check-in round",
    "the talking stick",
    "collective intelligence",
    "decision making",
    "the agreements",
    "the mandate",
    "the criteria",
    "the action plan",
    "shared governance",
    "the next steps",
    "the energy of the group",
    "the ground rules",
    "the minutes",
    "the roadmap",
    "the tensions",
    "the roles",
    "the needs",
];
const EN_INFINITIVES: &[&str] = &[
    "facilitate",
    "host",
    "decide",
    "propose",
    "listen to",
    "rephrase",
    "clarify",
    "prepare",
    "welcome",
    "close",
    "celebrate",
    "evaluate",
    "explore",
    "prioritise",
    "organise",
    "include",
    "relaunch",
    "converge on",
    "diverge on",
];
const EN_ADVERBIALS: &[&str] = &[
    "in small groups",
    "in turn",
    "in silence",
    "for ten minutes",
    "at the start of the workshop",
    "at the end of the session",
    "before the break",
    "in plenary",
    "without interrupting",
    "with kindness",
    "in pairs",
    "standing up",
    "around a table",
    "online",
    "in the main room",
    "on the flipchart",
    "during the open space",
    "during the world café",
    "in a circle",
];
const EN_TEMPLATES: &[&str] = &[
    "{S} {V} {O} {A}.",
    "{P} {VP} {O} {A}.",
    "To {I} {O}, {S} {V} {O}.",
    "It helps to {I} {O} {A}.",
    "You can also {I} {O} {A}, then {I} {O}.",
    "Beware: {S} should not {I} {O} too fast.",
    "Then {P} {VP} {O} and {S} {V} {O}.",
    "Duration: {N} minutes, for {N} to {M} people.",
    "{S} {V} {O}; {P} {VP} {O} {A}.",
    "When {P} {VP} {O}, {S} {V} {O} {A}.",
];
const EN_HEADINGS: &[&str] = &[
    "Purpose",
    "How it runs",
    "Materials",
    "Variants",
    "Traps",
    "Tips",
    "Origin",
    "What we learned",
    "Preparation",
    "Online",
];
const EN_TITLE_FORMS: &[&str] = &[
    "{METHOD} {Q}",
    "{METHOD} workshop in {CITY} ({YEAR})",
    "Lessons from a {METHOD} with {PUBLIC}",
    "Notes from {CITY} {YEAR}",
    "{METHOD} for {PUBLIC}",
    "Meeting of {MONTH} {DAY}, {YEAR}",
];
const EN_QUALIFIERS: &[&str] = &[
    "online",
    "for large groups",
    "short version",
    "step by step",
    "for beginners",
    "advanced",
    "outdoors",
    "hybrid",
];
const EN_PUBLICS: &[&str] = &[
    "students",
    "a city council",
    "a staff team",
    "volunteers",
    "a cooperative",
    "residents",
    "a network of associations",
];

/// Method names (the same in both languages, as people use them), each on a few percent of
/// the pages.
const METHODS: &[&str] = &[
    "FishBowl",
    "World Café",
    "Forum ouvert",
    "Open Space",
    "Speedboat",
    "Photolangage",
    "Troïka",
    "Débat mouvant",
    "Six chapeaux",
    "Brainwriting",
    "Sociocratie",
    "Élection sans candidat",
    "Accélérateur de projet",
    "Conférence sans conférencier",
    "1-2-4-All",
    "Impromptu Networking",
    "Appreciative Interviews",
    "Check-in",
    "Check-out",
    "What So What Now What",
    "25-10 Crowd Sourcing",
    "Consent Decision Making",
    "Fish Tank Feedback",
    "Cercle restauratif",
    "Porteur de parole",
    "Arpentage",
];
const CITIES: &[&str] = &[
    "Lyon",
    "Rennes",
    "Grenoble",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Marseille",
    "Toulouse",
    "Montréal",
    "Bruxelles",
    "Genève",
    "Dakar",
    "London",
    "Bristol",
    "Dublin",
    "Berlin",
];
const MONTHS_FR: &[&str] = &[
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Words that appear on a handful of pages each: what a "rare" query looks for.
pub const RARE: &[&str] = &[
    "kaléidoscope",
    "sérendipité",
    "holacratie",
    "stigmergie",
    "palabre",
    "ikigai",
    "kanban",
    "barcamp",
    "hackathon",
    "origami",
    "tipi",
    "gong",
    "boussole",
    "mandala",
    "labyrinthe",
    "stigmergy",
    "holacracy",
    "serendipity",
    "kaleidoscope",
    "compass",
    "labyrinth",
    "totem",
    "metronome",
    "hourglass",
    "lantern",
];

fn language_fr() -> Language<'static> {
    Language {
        subjects: Zipf::new(FR_SUBJECTS),
        subjects_plural: Zipf::new(FR_SUBJECTS_PLURAL),
        verbs: Zipf::new(FR_VERBS),
        verbs_plural: Zipf::new(FR_VERBS_PLURAL),
        objects: Zipf::new(FR_OBJECTS),
        infinitives: Zipf::new(FR_INFINITIVES),
        adverbials: Zipf::new(FR_ADVERBIALS),
        templates: FR_TEMPLATES,
        headings: FR_HEADINGS,
        title_forms: FR_TITLE_FORMS,
        qualifiers: FR_QUALIFIERS,
        publics: FR_PUBLICS,
    }
}

fn language_en() -> Language<'static> {
    Language {
        subjects: Zipf::new(EN_SUBJECTS),
        subjects_plural: Zipf::new(EN_SUBJECTS_PLURAL),
        verbs: Zipf::new(EN_VERBS),
        verbs_plural: Zipf::new(EN_VERBS_PLURAL),
        objects: Zipf::new(EN_OBJECTS),
        infinitives: Zipf::new(EN_INFINITIVES),
        adverbials: Zipf::new(EN_ADVERBIALS),
        templates: EN_TEMPLATES,
        headings: EN_HEADINGS,
        title_forms: EN_TITLE_FORMS,
        qualifiers: EN_QUALIFIERS,
        publics: EN_PUBLICS,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A generated page.
pub struct GeneratedPage {
    pub name: PageName,
    pub body: String,
}

/// Generates pages one by one, with names unique by their key.
pub struct Corpus {
    rng: StdRng,
    fr: Language<'static>,
    en: Language<'static>,
    methods: Zipf<'static>,
    taken: HashSet<String>,
}

impl Corpus {
    pub fn new(seed: u64) -> Self {
        Corpus {
            rng: StdRng::seed_from_u64(seed),
            fr: language_fr(),
            en: language_en(),
            methods: Zipf::new(METHODS),
            taken: HashSet::new(),
        }
    }

    fn sentence(&mut self, french: bool, method: &str) -> String {
        let rng = &mut self.rng;
        let lang = if french { &self.fr } else { &self.en };
        let template = lang.templates[rng.random_range(0..lang.templates.len())];
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = start + rest[start..].find('}').expect("closed placeholder");
            let word = match &rest[start + 1..end] {
                "S" => lang.subjects.pick(rng).to_owned(),
                "P" => lang.subjects_plural.pick(rng).to_owned(),
                "V" => lang.verbs.pick(rng).to_owned(),
                "VP" => lang.verbs_plural.pick(rng).to_owned(),
                "O" if rng.random_bool(0.08) => method.to_owned(),
                "O" if rng.random_bool(0.0003) => RARE[rng.random_range(0..RARE.len())].to_owned(),
                "O" => lang.objects.pick(rng).to_owned(),
                "I" => lang.infinitives.pick(rng).to_owned(),
                "A" => lang.adverbials.pick(rng).to_owned(),
                "N" => rng.random_range(5..=30).to_string(),
                _ => rng.random_range(30..=200).to_string(),
            };
            out.push_str(&word);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        capitalise(&out)
    }

    fn title(&mut self, french: bool, method: &str) -> String {
        let rng = &mut self.rng;
        let lang = if french { &self.fr } else { &self.en };
        let form = lang.title_forms[rng.random_range(0..lang.title_forms.len())];
        let months = if french { MONTHS_FR } else { MONTHS_EN };
        form.replace("{METHOD}", method)
            .replace(
                "{Q}",
                lang.qualifiers[rng.random_range(0..lang.qualifiers.len())],
            )
            .replace("{CITY}", CITIES[rng.random_range(0..CITIES.len())])
            .replace("{YEAR}", &rng.random_range(2012..=2026).to_string())
            .replace(
                "{PUBLIC}",
                lang.publics[rng.random_range(0..lang.publics.len())],
            )
            .replace("{DAY}", &rng.random_range(1..=28).to_string())
            .replace("{MONTH}", months[rng.random_range(0..months.len())])
    }

    /// The next page: about 60 % in French, 40 % in English, 150 to 900 words.
    pub fn page(&mut self) -> GeneratedPage {
        let french = self.rng.random_bool(0.6);
        let method = self.methods.pick(&mut self.rng);
        let base = self.title(french, method);
        let mut name = PageName::parse(&base).expect("generated names are valid");
        let mut n = 2;
        while !self.taken.insert(name.key().to_owned()) {
            name = PageName::parse(&format!("{base} ({n})")).expect("valid name");
            n += 1;
        }
        let mut body = String::new();
        let sections = self.rng.random_range(2..=6);
        for _ in 0..sections {
            let headings = if french {
                self.fr.headings
            } else {
                self.en.headings
            };
            let heading = headings[self.rng.random_range(0..headings.len())];
            body.push_str(&format!("## {heading}\n\n"));
            for _ in 0..self.rng.random_range(1..=3) {
                let sentences: Vec<String> = (0..self.rng.random_range(2..=6))
                    .map(|_| self.sentence(french, method))
                    .collect();
                body.push_str(&sentences.join(" "));
                body.push_str("\n\n");
            }
            if self.rng.random_bool(0.3) {
                for _ in 0..self.rng.random_range(2..=5) {
                    let item = self.sentence(french, method);
                    body.push_str(&format!("- {item}\n"));
                }
                body.push('\n');
            }
        }
        let linked = self.methods.pick(&mut self.rng);
        body.push_str(&if french {
            format!("Voir aussi [[{linked}]].\n")
        } else {
            format!("See also [[{linked}]].\n")
        });
        GeneratedPage { name, body }
    }
}
