//! The frame around every HTML page: head, skip link, header with the editable site menu,
//! language switch, main content, editable footer.
//!
//! Views build their content as `Markup` and hand it to [`page`] with a [`Frame`]; they never
//! write `<html>` themselves. The frame has no inline script or style, so the
//! Content-Security-Policy can forbid both.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::assets;
use crate::i18n::Lang;

/// What the frame needs to know about the request being answered.
pub struct Frame<'a> {
    pub lang: Lang,
    pub site_name: &'a str,
    /// The CSRF token for the forms the frame itself contains (the language switch).
    pub csrf: &'a str,
    /// Path and query of this request, where the language switch returns to.
    pub here: &'a str,
    /// Rendered HTML of the `SiteMenu` and `SiteFooter` wiki pages, already sanitised.
    pub menu: Option<&'a str>,
    pub footer: Option<&'a str>,
}

fn head(lang: Lang, title: &str, site_name: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · " (site_name) }
            link rel="stylesheet" href=(assets::url("style.css"));
            link rel="stylesheet" href=(assets::url("print.css")) media="print";
            link rel="alternate" type="application/atom+xml" title=(lang.t("recent-feed-title")) href="/-/recent.atom";
            script src=(assets::url("app.js")) defer {}
        }
    }
}

/// A full page inside the site frame.
pub fn page(frame: &Frame<'_>, title: &str, content: Markup) -> Markup {
    let lang = frame.lang;
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title, frame.site_name))
            body {
                a.skip-link href="#cw-main" { (lang.t("skip-to-content")) }
                header.site-header {
                    a.site-name href="/" { (frame.site_name) }
                    nav.site-nav aria-label=(lang.t("nav-label")) {
                        ul {
                            li { a href="/-/methods" { (lang.t("nav-methods")) } }
                            li { a href="/-/recent" { (lang.t("nav-recent")) } }
                            li { a href="/-/pages" { (lang.t("nav-index")) } }
                        }
                    }
                    form.lang-switch method="post" action="/-/lang" {
                        input type="hidden" name="csrf" value=(frame.csrf);
                        input type="hidden" name="back" value=(frame.here);
                        label for="cw-lang" { (lang.t("language")) }
                        select #cw-lang name="lang" {
                            @for option in Lang::ALL {
                                option value=(option.code()) lang=(option.code()) selected[option == lang] { (option.native_name()) }
                            }
                        }
                        button type="submit" { (lang.t("language-apply")) }
                    }
                    @if let Some(menu) = frame.menu {
                        nav.site-menu aria-label=(lang.t("menu-label")) { (PreEscaped(menu)) }
                    }
                }
                main #cw-main tabindex="-1" { (content) }
                footer.site-footer {
                    @if let Some(footer) = frame.footer { (PreEscaped(footer)) }
                }
            }
        }
    }
}

/// A page with a minimal frame, for errors: it must render even when the database is down.
pub fn bare_page(lang: Lang, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title, "coopwiki"))
            body {
                header.site-header { a.site-name href="/" { "coopwiki" } }
                main #cw-main { (content) }
            }
        }
    }
}

/// Formats a timestamp for people, in UTC, inside a machine-readable `<time>`.
pub fn time(at: time::OffsetDateTime) -> Markup {
    let iso = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let shown = at
        .to_offset(time::UtcOffset::UTC)
        .format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_default();
    html! { time datetime=(iso) { (shown) } }
}

/// The request facts every HTML view needs, extracted once per handler.
pub struct Ctx {
    pub lang: Lang,
    pub csrf: String,
    /// Path and query of this request.
    pub here: String,
    pub state: actix_web::web::Data<crate::app::AppState>,
}

impl actix_web::FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        use actix_web::HttpMessage;
        let state = req
            .app_data::<actix_web::web::Data<crate::app::AppState>>()
            .cloned();
        let csrf = req
            .extensions()
            .get::<crate::security::CsrfToken>()
            .map(|t| t.0.clone());
        std::future::ready(match (state, csrf) {
            (Some(state), Some(csrf)) => Ok(Ctx {
                lang: Lang::of_request(req),
                csrf,
                here: req
                    .uri()
                    .path_and_query()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_else(|| "/".into()),
                state,
            }),
            _ => Err(crate::error::AppError::Internal(
                "application state or CSRF middleware missing".into(),
            )
            .into()),
        })
    }
}

/// The rendered site menu and footer, loaded once per request.
#[derive(Debug, Default)]
pub struct Chrome {
    pub menu: Option<String>,
    pub footer: Option<String>,
}

impl Ctx {
    /// A full HTML page in the site frame.
    pub fn page(&self, chrome: &Chrome, title: &str, content: Markup) -> Markup {
        page(
            &Frame {
                lang: self.lang,
                site_name: &self.state.settings.site_name,
                csrf: &self.csrf,
                here: &self.here,
                menu: chrome.menu.as_deref(),
                footer: chrome.footer.as_deref(),
            },
            title,
            content,
        )
    }

    /// A hidden CSRF field for a form.
    pub fn csrf_field(&self) -> Markup {
        html! { input type="hidden" name="csrf" value=(self.csrf); }
    }
}
