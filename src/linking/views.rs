//! HTML of the linking views: the embed card, the printable page, the A6 method card and the
//! oEmbed discovery link. Pure functions from data to markup; each printable or embeddable
//! document stands alone (no site frame, no script).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::assets;
use crate::i18n::Lang;
use crate::kind::Brief;
use crate::names::page_path;

/// What every view of this module says about the page it shows.
pub struct Shown<'a> {
    pub name: &'a str,
    /// The revision shown.
    pub number: i32,
    /// The absolute address of the page, and of the revision shown (its permanent link).
    pub url: &'a str,
    pub pinned_url: &'a str,
    pub site_name: &'a str,
}

fn document(lang: Lang, title: &str, site_name: &str, css: &[&str], body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (site_name) }
                @for sheet in css { link rel="stylesheet" href=(assets::url(sheet)); }
            }
            body { (body) }
        }
    }
}

/// The QR code of the revision shown, with the address it encodes under it.
fn qr_figure(lang: Lang, shown: &Shown<'_>) -> Markup {
    html! {
        figure.print-qr {
            img src={(page_path(shown.name)) "/qr.svg?rev=" (shown.number)}
                alt=(lang.t_with("print-qr-alt", &[("url", shown.pinned_url)]))
                width="96" height="96";
            figcaption { (shown.pinned_url) }
        }
    }
}

fn source_line(lang: Lang, shown: &Shown<'_>) -> Markup {
    html! {
        p.print-source {
            (lang.t_with("print-source", &[
                ("site", shown.site_name),
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
        shown.site_name,
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
        shown.site_name,
        &["style.css", "print.css", "programmes.css"],
        body,
    )
}

/// An A6 method card, two sides: on the front the title, hook, summary, group size, duration
/// and purposes, with the QR code of the printed revision; on the back the steps.
pub fn method_card(lang: Lang, shown: &Shown<'_>, method: &Brief) -> Markup {
    let body = html! {
        p.screen-only { (lang.t("print-card-hint")) " " a href=(page_path(shown.name)) { (lang.t("back-to-page")) } }
        div.method-card lang=(method.content_lang) {
            section.card-side.card-front aria-label=(lang.t("print-card-front")) {
                h1 { (shown.name) }
                @if !method.hook.is_empty() { p.hook { (method.hook) } }
                @if !method.summary.is_empty() { p.summary { (method.summary) } }
                (facts(method))
                (qr_figure(lang, shown))
            }
            section.card-side.card-back aria-label=(lang.t("print-card-back")) {
                h2 { (lang.t("print-card-steps")) }
                @if method.steps.is_empty() {
                    p { (lang.t("print-card-no-steps")) }
                } @else {
                    ol.card-steps {
                        @for step in &method.steps {
                            li {
                                strong { (step.title) }
                                @if let Some(minutes) = step.minutes {
                                    " (" (lang.t_with("sheet-minutes", &[("n", &minutes.to_string())])) ")"
                                }
                                @if !step.text.is_empty() { br; (step.text) }
                            }
                        }
                    }
                }
                (source_line(lang, shown))
            }
        }
    };
    document(
        lang,
        shown.name,
        shown.site_name,
        &["card.css", "card-a6.css"],
        body,
    )
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
                    (lang.t_with("embed-read-on", &[("site", shown.site_name)]))
                }
            }
        }
    };
    document(lang, shown.name, shown.site_name, &["card.css"], body)
}
