//! The frame around every HTML page: head, skip link, header with the editable site menu,
//! language switch, main content, editable footer.
//!
//! Views build their content as `Markup` and hand it to [`page`] with a [`Frame`]; they never
//! write `<html>` themselves. The frame has no inline script or style, so the
//! Content-Security-Policy can forbid both: the colours administrators choose come in a
//! stylesheet of their own (`site::Stylesheet`, linked after `style.css`).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::assets;
use crate::i18n::Lang;
use crate::site::Site;

/// What the frame needs to know about the request being answered.
pub struct Frame<'a> {
    pub lang: Lang,
    /// Name, tagline, logo, colours and licence (see `site`).
    pub site: &'a Site,
    /// The CSRF token for the forms the frame itself contains (the language switch).
    pub csrf: &'a str,
    /// Path and query of this request, where the language switch returns to.
    pub here: &'a str,
    /// Rendered HTML of the `SiteMenu` and `SiteFooter` wiki pages, already sanitised.
    pub menu: Option<&'a str>,
    pub footer: Option<&'a str>,
    /// The signed-in user's name, and whether they are an admin.
    pub user: Option<(&'a str, bool)>,
    /// Links this page adds to the head (the oEmbed discovery of a page view).
    pub head: Option<&'a Markup>,
}

fn head(
    lang: Lang,
    title: &str,
    site_name: &str,
    site_style: Option<&str>,
    extra: Option<&Markup>,
) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · " (site_name) }
            link rel="stylesheet" href=(assets::url("style.css"));
            link rel="stylesheet" href=(assets::url("print.css")) media="print";
            @if let Some(href) = site_style { link rel="stylesheet" href=(href); }
            link rel="alternate" type="application/atom+xml" title=(lang.t("recent-feed-title")) href="/-/recent.atom";
            link rel="search" type="application/opensearchdescription+xml" title=(site_name) href="/-/opensearch.xml";
            script src=(assets::url("app.js")) defer {}
            @if let Some(extra) = extra { (extra) }
        }
    }
}

/// The search box of the header: a plain GET form; `app.js` adds title suggestions to it.
/// Named, as the search page's own form is, to tell the two search landmarks apart.
fn search_box(lang: Lang) -> Markup {
    html! {
        form.site-search role="search" method="get" action="/-/search" aria-label=(lang.t("search-label")) {
            label.visually-hidden for="cw-search" { (lang.t("search-label")) }
            input #cw-search type="search" name="q" autocomplete="off"
                list="cw-search-titles" placeholder=(lang.t("search-placeholder"));
            datalist #cw-search-titles {}
            button type="submit" { (lang.t("search-button")) }
        }
    }
}

/// A full page inside the site frame.
pub fn page(frame: &Frame<'_>, title: &str, content: Markup) -> Markup {
    let lang = frame.lang;
    let site = frame.site;
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title, &site.name, site.stylesheet.as_ref().map(|style| style.href.as_str()), frame.head))
            body {
                a.skip-link href="#cw-main" { (lang.t("skip-to-content")) }
                header.site-header {
                    a.site-name href="/" {
                        // The name follows: the logo says nothing more to a screen reader.
                        @if let Some(logo) = &site.logo { img.site-logo src=(logo.src()) alt=""; }
                        (site.name)
                    }
                    @if let Some(tagline) = &site.tagline { p.site-tagline { (tagline) } }
                    nav.site-nav aria-label=(lang.t("nav-label")) {
                        ul {
                            li { a href="/-/methods" { (lang.t("nav-methods")) } }
                            li { a href="/-/programmes" { (lang.t("nav-programmes")) } }
                            li { a href="/-/recent" { (lang.t("nav-recent")) } }
                            li { a href="/-/pages" { (lang.t("nav-index")) } }
                        }
                    }
                    (search_box(lang))
                    (account_nav(frame))
                    form.lang-switch method="post" action="/-/lang" {
                        input type="hidden" name="csrf" value=(frame.csrf);
                        input type="hidden" name="back" value=(frame.here);
                        label for="cw-lang" { (lang.t("language")) }
                        select #cw-lang name="lang" {
                            @for option in Lang::all().iter().copied() {
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
                    @if let Some(licence) = &site.licence { p.site-licence { (licence) } }
                }
            }
        }
    }
}

/// Who is signed in, with their account and a way out; or the ways in.
fn account_nav(frame: &Frame<'_>) -> Markup {
    let lang = frame.lang;
    html! {
        nav.account-nav aria-label=(lang.t("account-nav-label")) {
            @if let Some((name, admin)) = frame.user {
                span.signed-in { span.signed-in-as { (lang.t("account-signed-in-as")) " " } a href="/-/account" { (name) } }
                @if admin { " " a href="/-/admin/" { (lang.t("admin-title")) } }
                form.inline.logout method="post" action="/-/logout" {
                    input type="hidden" name="csrf" value=(frame.csrf);
                    button type="submit" { (lang.t("action-logout")) }
                }
            } @else {
                a href=(login_location(frame.here)) { (lang.t("action-login")) }
                " "
                a href="/-/signup" { (lang.t("action-signup")) }
            }
        }
    }
}

/// A page with a minimal frame, for errors answered outside a handler's own page (an unknown
/// address, a body too large, a refused method): the site's name and colours when known,
/// `None` when the database is down and this instance holds no copy of them.
pub fn bare_page(lang: Lang, site: Option<&Site>, title: &str, content: Markup) -> Markup {
    let name = site.map_or("coopwiki", |site| site.name.as_str());
    let style = site.and_then(|site| site.stylesheet.as_ref());
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title, name, style.map(|style| style.href.as_str()), None))
            body {
                header.site-header { a.site-name href="/" { (name) } }
                main #cw-main { (content) }
            }
        }
    }
}

/// Formats a timestamp for people in their language (`6 Dec 2026, 18:02 UTC`, `6 déc. 2026,
/// 18:02 UTC`) inside a machine-readable `<time>`. In UTC, the only zone the server can know;
/// `app.js` shows it in the browser's own zone and the page's language.
pub fn time(lang: Lang, at: time::OffsetDateTime) -> Markup {
    let utc = at.to_offset(time::UtcOffset::UTC);
    // Whole seconds: HTML's valid date strings take at most three digits of fractions.
    let iso = utc
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap_or_default();
    html! { time datetime=(iso) { (time_text(lang, at)) } }
}

/// A moment in words of `lang`, in UTC ("6 December 2026, 14:05 UTC"): what [`time`] shows
/// before the browser's script puts it in the reader's zone, and what mails say.
pub fn time_text(lang: Lang, at: time::OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    let clock = utc
        .format(time::macros::format_description!("[hour]:[minute]"))
        .unwrap_or_default();
    lang.t_with(
        "time-shown",
        &[
            ("day", &utc.day().to_string()),
            (
                "month",
                &lang.t(&format!("month-{}", u8::from(utc.month()))),
            ),
            ("year", &utc.year().to_string()),
            ("time", &clock),
        ],
    )
}

/// A day as people write it in their language (`Monday 1 June 2026`, `lundi 1 juin 2026`),
/// for programmes and their days; weekday and month names are in the locale files.
pub fn long_date(lang: Lang, day: time::Date) -> String {
    lang.t_with(
        "date-long",
        &[
            (
                "weekday",
                &lang.t(&format!(
                    "programmes-weekday-{}",
                    day.weekday().number_from_monday()
                )),
            ),
            ("day", &day.day().to_string()),
            (
                "month",
                &lang.t(&format!("programmes-month-{}", u8::from(day.month()))),
            ),
            ("year", &day.year().to_string()),
        ],
    )
}

/// The type of an `<input>` showing `value`: `wanted` (`"date"` or `"number"`) when the value
/// is empty or one of that type, else `"text"`. A value the field cannot hold (what a person
/// typed, sent back next to its error) would be invalid HTML there, and shown as an empty
/// field: as text, it stays in front of the person who has to correct it.
pub fn input_type(wanted: &'static str, value: &str) -> &'static str {
    let holds = value.is_empty()
        || match wanted {
            "date" => {
                value.len() == 10
                    && time::Date::parse(
                        value,
                        time::macros::format_description!("[year]-[month]-[day]"),
                    )
                    .is_ok()
            }
            // HTML's valid floating-point numbers, but for exponents, which no field here takes.
            "number" => {
                let unsigned = value.strip_prefix('-').unwrap_or(value);
                let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
                [whole, fraction]
                    .iter()
                    .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            }
            _ => true,
        };
    if holds { wanted } else { "text" }
}

/// The rendered site menu and footer, loaded once per request.
#[derive(Debug, Default)]
pub struct Chrome {
    pub menu: Option<String>,
    pub footer: Option<String>,
}

/// The login form's address, coming back to `next` (a local path) once signed in.
pub fn login_location(next: &str) -> String {
    format!(
        "/-/login?next={}",
        percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_value_a_date_or_number_field_cannot_hold_is_shown_as_text() {
        use super::input_type;
        assert_eq!(input_type("date", "2026-02-28"), "date");
        assert_eq!(input_type("date", ""), "date");
        assert_eq!(input_type("date", "2026-02-31"), "text");
        assert_eq!(input_type("date", "tomorrow"), "text");
        assert_eq!(input_type("number", "-12"), "number");
        assert_eq!(input_type("number", "1.5"), "number");
        assert_eq!(input_type("number", "1."), "text");
        assert_eq!(input_type("number", "ten"), "text");
        assert_eq!(input_type("number", "-"), "text");
    }

    #[test]
    fn a_day_reads_in_each_language() {
        let day = time::macros::date!(2026 - 06 - 01);
        assert_eq!(
            super::long_date(crate::i18n::Lang::EN, day),
            "Monday 1 June 2026"
        );
        assert_eq!(
            super::long_date(crate::i18n::Lang::FR, day),
            "lundi 1 juin 2026"
        );
    }

    #[test]
    fn a_time_is_machine_readable_to_the_second_and_readable_in_each_language() {
        let at = time::macros::datetime!(2026-12-06 03:36:00.49139 +01:00);
        assert_eq!(
            super::time(crate::i18n::Lang::EN, at).into_string(),
            "<time datetime=\"2026-12-06T02:36:00Z\">6 Dec 2026, 02:36 UTC</time>"
        );
        assert_eq!(
            super::time(crate::i18n::Lang::FR, at).into_string(),
            "<time datetime=\"2026-12-06T02:36:00Z\">6 déc. 2026, 02:36 UTC</time>"
        );
    }
}
