//! HTML of the linking views: the embed card, the printable page, method cards (one or a set,
//! on A6 or four to an A4 sheet) and the oEmbed discovery link. Pure functions from data to
//! markup; each printable or embeddable document stands alone (no site frame, no script).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::assets;
use crate::i18n::Lang;
use crate::kind::Brief;
use crate::linking::cards::{self, Paper, Part, Side};
use crate::names::page_path;
use crate::site::Site;

/// What every view of this module says about the page it shows.
pub struct Shown<'a> {
    pub name: &'a str,
    /// The revision shown.
    pub number: i32,
    /// The absolute address of the page, and of the revision shown (its permanent link).
    pub url: &'a str,
    pub pinned_url: &'a str,
    /// The site's name and colours as its administrators set them.
    pub site: &'a Site,
}

fn document(lang: Lang, title: &str, site: &Site, css: &[&str], body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (site.name) }
                @for sheet in css { link rel="stylesheet" href=(assets::url(sheet)); }
                @if let Some(colours) = &site.stylesheet { link rel="stylesheet" href=(colours.href); }
            }
            // One main landmark holding everything, as the framed pages have: a screen reader
            // finds the content there, and nothing lies outside a landmark.
            body { main { (body) } }
        }
    }
}

/// The QR code of the revision shown, with the address it encodes under it.
fn qr_figure(lang: Lang, shown: &Shown<'_>) -> Markup {
    qr(lang, shown.name, shown.number, shown.pinned_url)
}

/// The QR code of revision `number` of `name`, whose permanent link is `pinned_url`.
fn qr(lang: Lang, name: &str, number: i32, pinned_url: &str) -> Markup {
    html! {
        figure.print-qr {
            img src={(page_path(name)) "/qr.svg?rev=" (number)}
                alt=(lang.t_with("print-qr-alt", &[("url", pinned_url)]))
                width="96" height="96";
            figcaption { (pinned_url) }
        }
    }
}

fn source_line(lang: Lang, shown: &Shown<'_>) -> Markup {
    html! {
        p.print-source {
            (lang.t_with("print-source", &[
                ("site", &shown.site.name),
                ("number", &shown.number.to_string()),
            ]))
        }
    }
}

/// A page ready to print: its content, then where it comes from, with a QR code.
pub fn print_page(lang: Lang, shown: &Shown<'_>, content: &str) -> Markup {
    let body = html! {
        p.screen-only { (lang.t("print-hint")) " " a href=(page_path(shown.name)) { (lang.t("back-to-page")) } }
        article.print-page {
            h1 { (shown.name) }
            div.page-content { (PreEscaped(content)) }
            footer.print-footer {
                (qr_figure(lang, shown))
                (source_line(lang, shown))
            }
        }
    };
    document(
        lang,
        shown.name,
        shown.site,
        &["style.css", "print.css", "card.css"],
        body,
    )
}

/// A programme to print: its days, one printed page each (`programmes::views::print`).
pub fn programme_page(lang: Lang, shown: &Shown<'_>, days: Markup) -> Markup {
    let body = html! {
        p.screen-only { (lang.t("print-hint")) " " a href=(page_path(shown.name)) { (lang.t("back-to-page")) } }
        (days)
    };
    document(
        lang,
        shown.name,
        shown.site,
        &["style.css", "print.css", "programmes.css"],
        body,
    )
}

/// One method card to print: the sheet, the revision printed and what its card shows.
pub struct Card {
    pub name: String,
    pub number: i32,
    /// The permanent link of the revision printed, which its QR code encodes.
    pub pinned_url: String,
    pub brief: Brief,
}

/// Method cards to print together (one, or a set from the catalogue or a programme).
pub struct CardSet<'a> {
    /// The document's title.
    pub title: &'a str,
    /// Where the screen-only hint leads back to, and its words.
    pub back: (&'a str, &'a str),
    /// The site's name and colours as its administrators set them.
    pub site: &'a Site,
    pub paper: Paper,
    /// The same set on each paper (`?paper=`).
    pub on_a6: &'a str,
    pub on_a4: &'a str,
    pub cards: &'a [Card],
}

/// Method cards, each cut into sides by [`cards::sides`]: on the front the title, hook,
/// summary, group size, duration and purposes, with the QR code of the printed revision; on
/// the back the steps, over as many sides as they need. On A6 each side is a page; on A4 a
/// sheet holds the fronts of four pieces and the next one their backs (see `card-a4.css`).
pub fn method_cards(lang: Lang, set: &CardSet<'_>) -> Markup {
    let laid: Vec<(&Card, Vec<Side<'_>>)> = set
        .cards
        .iter()
        .map(|card| {
            (
                card,
                cards::sides(&card.name, &card.pinned_url, &card.brief),
            )
        })
        .collect();
    let hint = html! {
        div.screen-only {
            p {
                (lang.t_count("print-cards-hint", i64::try_from(set.cards.len()).unwrap_or(i64::MAX), &[]))
                " " a href=(set.back.0) { (set.back.1) }
            }
            p {
                (lang.t("print-cards-paper")) " "
                @if set.paper == Paper::A6 { strong { (lang.t("print-cards-a6")) } } @else { a href=(set.on_a6) { (lang.t("print-cards-a6")) } }
                " · "
                @if set.paper == Paper::A4 { strong { (lang.t("print-cards-a4")) } } @else { a href=(set.on_a4) { (lang.t("print-cards-a4")) } }
            }
            @if set.cards.is_empty() { p { (lang.t("print-cards-none")) } }
        }
    };
    let side = |card: &Card, side: &Side<'_>, index: usize, of: usize| {
        card_side(lang, &set.site.name, card, side, (index + 1, of))
    };
    let body = match set.paper {
        Paper::A6 => html! {
            (hint)
            div.card-sides {
                @for (card, sides) in &laid {
                    @for (i, s) in sides.iter().enumerate() { (side(card, s, i, sides.len())) }
                }
            }
        },
        Paper::A4 => {
            // Pieces of paper: a card's sides two by two, front and back (their count is even).
            let pieces: Vec<[Markup; 2]> = laid
                .iter()
                .flat_map(|(card, sides)| {
                    let of = sides.len();
                    sides.chunks(2).enumerate().map(move |(i, pair)| {
                        [
                            side(card, &pair[0], 2 * i, of),
                            pair.get(1)
                                .map_or_else(|| html! {}, |back| side(card, back, 2 * i + 1, of)),
                        ]
                    })
                })
                .collect();
            html! {
                (hint)
                div.card-sheets {
                    @for four in pieces.chunks(4) {
                        div.card-sheet.card-sheet-fronts { @for piece in four { (piece[0]) } }
                        div.card-sheet.card-sheet-backs { @for piece in four { (piece[1]) } }
                    }
                }
            }
        }
    };
    let paper_css = match set.paper {
        Paper::A6 => "card-a6.css",
        Paper::A4 => "card-a4.css",
    };
    document(lang, set.title, set.site, &["card.css", paper_css], body)
}

/// One side of a card; `at` is its place among the card's sides, from 1.
fn card_side(
    lang: Lang,
    site_name: &str,
    card: &Card,
    side: &Side<'_>,
    at: (usize, usize),
) -> Markup {
    let brief = &card.brief;
    let source = html! {
        p.print-source {
            (lang.t_with("print-source", &[("site", site_name), ("number", &card.number.to_string())]))
            " " (at.0) "/" (at.1)
        }
    };
    // A card has one front and as many other sides as its steps need, then its notes: each
    // side's label says which it is, so that no two regions of the document share a name.
    let side_label = |id: &str| {
        lang.t_with(
            id,
            &[
                ("name", &card.name),
                ("side", &at.0.to_string()),
                ("sides", &at.1.to_string()),
            ],
        )
    };
    match side {
        Side::Front { summary } => html! {
            section.card-side.card-front lang=(brief.content_lang) aria-label=(lang.t_with("print-card-front", &[("name", &card.name)])) {
                h1 { (card.name) }
                @if !brief.hook.is_empty() { p.hook { (brief.hook) } }
                @if !summary.is_empty() { p.summary { (summary) } }
                div.card-foot {
                    (facts(brief))
                    (qr(lang, &card.name, card.number, &card.pinned_url))
                }
            }
        },
        Side::Back { continued, parts } => html! {
            section.card-side.card-back lang=(brief.content_lang) aria-label=(side_label("print-card-back")) {
                p.card-name { (card.name) }
                h2 { (lang.t(if *continued { "print-card-steps-continued" } else { "print-card-steps" })) }
                @if parts.is_empty() {
                    p { (lang.t("print-card-no-steps")) }
                }
                @for part in parts {
                    @if let Part::Summary(text) = part { p.summary { (text) } }
                }
                @if parts.iter().any(|p| matches!(p, Part::Step { .. })) {
                    ol.card-steps {
                        @for part in parts {
                            @if let Part::Step { number, step, text, continued } = part {
                                li value=(number) {
                                    strong { (step.title) }
                                    @if *continued {
                                        " " (lang.t("print-card-continued"))
                                    } @else if let Some(minutes) = step.minutes {
                                        " (" (lang.t_with("sheet-minutes", &[("n", &minutes.to_string())])) ")"
                                    }
                                    @if !text.is_empty() { br; (text) }
                                }
                            }
                        }
                    }
                }
                (source)
            }
        },
        Side::Notes => html! {
            section.card-side.card-notes lang=(brief.content_lang) aria-label=(side_label("print-card-notes-side")) {
                p.card-name { (card.name) }
                h2 { (lang.t("print-card-notes")) }
                (source)
            }
        },
    }
}

fn facts(method: &Brief) -> Markup {
    html! {
        @if !method.facts.is_empty() {
            dl.card-facts {
                @for (label, value) in &method.facts {
                    div { dt { (label) } dd { (value) } }
                }
            }
        }
    }
}

/// The embed card: small, self-contained, every link opening the wiki in a new tab.
pub fn embed(lang: Lang, shown: &Shown<'_>, method: Option<&Brief>, opening: &str) -> Markup {
    let body = html! {
        article.embed-card {
            h1 { a href=(shown.url) target="_blank" rel="noopener" { (shown.name) } }
            @match method {
                Some(method) => {
                    div lang=(method.content_lang) {
                        @if !method.hook.is_empty() { p.hook { (method.hook) } }
                        @if !method.summary.is_empty() { p { (method.summary) } }
                        (facts(method))
                    }
                }
                None => { @if !opening.is_empty() { p { (opening) } } }
            }
            p.embed-source {
                a href=(shown.url) target="_blank" rel="noopener" {
                    (lang.t_with("embed-read-on", &[("site", &shown.site.name)]))
                }
            }
        }
    };
    document(lang, shown.name, shown.site, &["card.css"], body)
}
