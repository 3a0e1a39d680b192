//! The request context: what every handler that answers with HTML needs to know about the
//! request (language, CSRF token, address, who is asking), extracted once, and the small
//! helpers of answering.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use diesel_async::AsyncPgConnection;
use maud::{Markup, html};

use crate::access::Access;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::identity::Viewer;
use crate::layout::{Chrome, Frame, page};
use crate::site::{Site, SiteSource, Stored};
use crate::state::AppState;

/// The site's settings, from this instance's copy when it has one (no SQL), else from the
/// database, kept until the next change notification (see `site` and `cache`). Without the
/// database, the defaults, not kept: a page that needs no data (the login form, an error)
/// still renders, and the next request reads the settings again.
pub async fn site(state: &AppState) -> Arc<Site> {
    let memo = &state.caches.site;
    if let Some(site) = memo.get(&()) {
        return site;
    }
    // Read before the database: a change notified meanwhile keeps this copy out.
    let epoch = memo.epoch();
    let loaded = match state.pool.get().await {
        Ok(mut conn) => crate::site::load(&mut conn, &state.settings)
            .await
            .map_err(|err| err.to_string()),
        Err(err) => Err(err.to_string()),
    };
    match loaded {
        Ok(site) => {
            let site = Arc::new(site);
            memo.insert((), epoch, site.clone());
            site
        }
        Err(err) => {
            tracing::warn!(%err, "site settings unreadable: the defaults meanwhile");
            Arc::new(Site::new(Stored::default(), None, &state.settings))
        }
    }
}

#[async_trait::async_trait]
impl SiteSource for AppState {
    async fn site(&self, database_reachable: bool) -> Option<Arc<Site>> {
        if database_reachable {
            Some(site(self).await)
        } else {
            self.caches.site.get(&())
        }
    }
}

/// Only paths on this site are followed after a form (language switch, login, sign-up),
/// never another host: the path must be one that a browser, which drops tabs and line breaks
/// from addresses and reads `\\` as `/`, resolves on this site. Anything else leads home.
pub fn local_path(back: Option<&str>) -> &str {
    let Some(path) = back else {
        return "/";
    };
    let plain = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    let here = url::Url::parse("http://coopwiki.invalid/")
        .and_then(|site| site.join(path))
        .is_ok_and(|url| url.host_str() == Some("coopwiki.invalid"));
    if plain && here { path } else { "/" }
}

/// The request facts every HTML view needs, extracted once per handler.
pub struct Ctx {
    pub lang: Lang,
    pub csrf: String,
    /// Path and query of this request.
    pub here: String,
    pub state: actix_web::web::Data<AppState>,
    /// The site's name, look, home page and default language as its administrators set them.
    pub site: Arc<Site>,
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
fn form_page(req: &HttpRequest) -> String {
    let path = req
        .headers()
        .get(actix_web::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| referer.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]));
    local_path(path).to_owned()
}

/// The visitor's address: the peer, or, behind a trusted proxy, the address that proxy added
/// last to `X-Forwarded-For` (the right-most: what comes before it was sent by the client, and
/// anyone can write anything there).
pub fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| req.headers().get_all("x-forwarded-for"))
        .into_iter()
        .flatten()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .rfind(|address| !address.is_empty())
        .map(str::to_owned);
    forwarded
        .or_else(|| req.peer_addr().map(|a| a.ip().to_string()))
        .unwrap_or_else(|| "unknown".to_owned())
}

impl actix_web::FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(Ctx::of(&req).await?) })
    }
}

impl Ctx {
    /// The context of a request (what the extractor gives a handler; also for code that has
    /// only the request, such as a page kind's editor).
    pub async fn of(req: &HttpRequest) -> Result<Ctx, AppError> {
        let state = req.app_data::<actix_web::web::Data<AppState>>().cloned();
        let csrf = req
            .extensions()
            .get::<crate::security::CsrfToken>()
            .map(|t| t.0.clone());
        let (Some(state), Some(csrf)) = (state, csrf) else {
            return Err(AppError::Internal(
                "application state or CSRF middleware missing".into(),
            ));
        };
        let viewer = (state.identify)(req).await?;
        let site = site(&state).await;
        let here = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let return_to = if req.method() == actix_web::http::Method::GET {
            here.clone()
        } else {
            form_page(req)
        };
        Ok(Ctx {
            lang: Lang::asked(req).unwrap_or(site.language),
            site,
            csrf,
            here,
            return_to,
            address: client_address(req, state.settings.trust_proxy),
            state,
            viewer,
        })
    }

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
                site: &self.site,
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

    /// A page in the site frame, its menu and footer included, answered with `status`: how
    /// a handler answers with HTML.
    pub async fn render(
        &self,
        conn: &mut AsyncPgConnection,
        status: StatusCode,
        title: &str,
        content: Markup,
    ) -> Result<HttpResponse, AppError> {
        let access = self.access();
        let chrome = (self.state.chrome)(conn, &access).await?;
        Ok(html(status, self.page(&chrome, title, content)))
    }

    /// A hidden CSRF field for a form.
    pub fn csrf_field(&self) -> Markup {
        html! { input type="hidden" name="csrf" value=(self.csrf); }
    }
}

/// An HTML answer with this status.
pub fn html(status: StatusCode, markup: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(markup.into_string())
}

#[cfg(test)]
mod tests {
    use super::{client_address, local_path};

    #[test]
    fn behind_a_trusted_proxy_the_address_it_added_counts() {
        let req = actix_web::test::TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", "6.6.6.6, 192.0.2.7"))
            .to_http_request();
        assert_eq!(client_address(&req, true), "192.0.2.7");
        assert_eq!(client_address(&req, false), "10.0.0.1");
        let direct = actix_web::test::TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().unwrap())
            .to_http_request();
        assert_eq!(client_address(&direct, true), "10.0.0.1");
    }

    #[test]
    fn only_paths_on_this_site_are_followed() {
        for path in [
            "/",
            "/FishBowl",
            "/FishBowl/edit?raw=1",
            "/-/methods?lang=fr#cw-main",
        ] {
            assert_eq!(local_path(Some(path)), path);
        }
        for path in [
            "//evil.example/",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r\n/evil.example/",
            "/\u{b}/evil.example/",
            "/\0/x",
            "/\\evil.example/",
            "https://evil.example/",
            "evil.example",
            "",
        ] {
            assert_eq!(local_path(Some(path)), "/", "{path:?}");
        }
        assert_eq!(local_path(None), "/");
    }
}
