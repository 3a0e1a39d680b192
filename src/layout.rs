//! The frame around every HTML page: head, skip link, header with the editable site menu,
//! language switch, main content, editable footer.
//!
//! Views build their content as `Markup` and hand it to [`page`] with a [`Frame`]; they never
//! write `<html>` themselves. The frame has no inline script or style, so the
//! Content-Security-Policy can forbid both.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::accounts::Viewer;
use crate::assets;
use crate::i18n::Lang;
use crate::permissions::Access;

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
    /// The signed-in user's name, and whether they are an admin.
    pub user: Option<(&'a str, bool)>,
    /// Links this page adds to the head (the oEmbed discovery of a page view).
    pub head: Option<&'a Markup>,
}

fn head(lang: Lang, title: &str, site_name: &str, extra: Option<&Markup>) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · " (site_name) }
            link rel="stylesheet" href=(assets::url("style.css"));
            link rel="stylesheet" href=(assets::url("print.css")) media="print";
            link rel="alternate" type="application/atom+xml" title=(lang.t("recent-feed-title")) href="/-/recent.atom";
            link rel="search" type="application/opensearchdescription+xml" title=(site_name) href="/-/opensearch.xml";
            script src=(assets::url("app.js")) defer {}
            @if let Some(extra) = extra { (extra) }
        }
    }
}

/// The search box of the header: a plain GET form; `app.js` adds title suggestions to it.
fn search_box(lang: Lang) -> Markup {
    html! {
        form.site-search role="search" method="get" action="/-/search" {
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
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title, frame.site_name, frame.head))
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
                    (search_box(lang))
                    (account_nav(frame))
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

/// Who is signed in, with their account and a way out; or the ways in.
fn account_nav(frame: &Frame<'_>) -> Markup {
    let lang = frame.lang;
    html! {
        nav.account-nav aria-label=(lang.t("account-nav-label")) {
            @if let Some((name, admin)) = frame.user {
                span.signed-in { (lang.t("account-signed-in-as")) " " a href="/-/account" { (name) } }
                @if admin { " " a href="/-/admin/" { (lang.t("admin-title")) } }
                form.inline.logout method="post" action="/-/logout" {
                    input type="hidden" name="csrf" value=(frame.csrf);
                    button type="submit" { (lang.t("action-logout")) }
                }
            } @else {
                a href=(crate::error::login_location(frame.here)) { (lang.t("action-login")) }
                " "
                a href="/-/signup" { (lang.t("action-signup")) }
            }
        }
    }
}

/// A page with a minimal frame, for errors: it must render even when the database is down.
pub fn bare_page(lang: Lang, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title, "coopwiki", None))
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
    /// Who is asking (from the session cookie, one query per request).
    pub viewer: Viewer,
    /// The visitor's network address (see `--trust-proxy`), for throttling and pseudonyms.
    pub address: String,
    /// Where to come back to after signing in, if this request needs it: this address for a
    /// GET, the page the form was on for a POST (a form's address may have no GET).
    pub return_to: String,
}

/// The path (and query) of the page a form was posted from, or `/`. Only the path of the
/// `Referer` is kept, so it can never lead to another site.
fn form_page(req: &actix_web::HttpRequest) -> String {
    let path = req
        .headers()
        .get(actix_web::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| referer.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]));
    crate::app::local_path(path).to_owned()
}

/// The visitor's address: the peer, or the client named by the proxy when it is trusted.
pub fn client_address(req: &actix_web::HttpRequest, trust_proxy: bool) -> String {
    let address = if trust_proxy {
        req.connection_info()
            .realip_remote_addr()
            .map(|a| a.to_owned())
    } else {
        req.peer_addr().map(|a| a.ip().to_string())
    };
    address.unwrap_or_else(|| "unknown".to_owned())
}

impl actix_web::FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        use actix_web::HttpMessage;
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<actix_web::web::Data<crate::app::AppState>>()
                .cloned();
            let csrf = req
                .extensions()
                .get::<crate::security::CsrfToken>()
                .map(|t| t.0.clone());
            let (Some(state), Some(csrf)) = (state, csrf) else {
                return Err(crate::error::AppError::Internal(
                    "application state or CSRF middleware missing".into(),
                )
                .into());
            };
            let viewer = Viewer::of_request(&req).await?;
            let here = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into());
            let return_to = if req.method() == actix_web::http::Method::GET {
                here.clone()
            } else {
                form_page(&req)
            };
            Ok(Ctx {
                lang: Lang::of_request(&req),
                csrf,
                here,
                return_to,
                address: client_address(&req, state.settings.trust_proxy),
                state,
                viewer,
            })
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
    /// The signed-in visitor's account id.
    pub fn user_id(&self) -> Option<uuid::Uuid> {
        self.viewer.user.as_ref().map(|user| user.id)
    }

    /// A full HTML page in the site frame.
    pub fn page(&self, chrome: &Chrome, title: &str, content: Markup) -> Markup {
        self.page_with_head(chrome, title, None, content)
    }

    /// [`Ctx::page`] with links added to the head.
    pub fn page_with_head(
        &self,
        chrome: &Chrome,
        title: &str,
        head: Option<&Markup>,
        content: Markup,
    ) -> Markup {
        page(
            &Frame {
                lang: self.lang,
                site_name: &self.state.settings.site_name,
                csrf: &self.csrf,
                here: &self.here,
                menu: chrome.menu.as_deref(),
                footer: chrome.footer.as_deref(),
                user: self
                    .viewer
                    .user
                    .as_ref()
                    .map(|u| (u.name.as_str(), u.is_admin())),
                head,
            },
            title,
            content,
        )
    }

    /// What this visitor may do (see `permissions`).
    pub fn access(&self) -> Access<'_> {
        Access {
            settings: &self.state.settings,
            viewer: &self.viewer,
            here: &self.return_to,
        }
    }

    /// A hidden CSRF field for a form.
    pub fn csrf_field(&self) -> Markup {
        html! { input type="hidden" name="csrf" value=(self.csrf); }
    }
}
