//! Who is an editor, before accounts exist: a random id in an `HttpOnly` cookie, one per
//! browser, set the first time that browser opens an editor. It identifies nothing but "the same
//! browser as before", so presence can say "2 other people" without counting oneself.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};
use uuid::Uuid;

fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-editor" } else { "editor" }
}

/// The editor session of a request.
#[derive(Debug, Clone, Copy)]
pub struct EditorSession {
    pub id: Uuid,
    /// Made for this request: the response must set the cookie.
    fresh: bool,
}

impl EditorSession {
    /// The id this browser already has, if any.
    pub fn known(req: &HttpRequest, secure: bool) -> Option<Uuid> {
        req.cookie(cookie_name(secure))
            .and_then(|cookie| Uuid::parse_str(cookie.value()).ok())
    }

    /// The browser's id, or a new one.
    pub fn of(req: &HttpRequest, secure: bool) -> EditorSession {
        match Self::known(req, secure) {
            Some(id) => EditorSession { id, fresh: false },
            None => EditorSession {
                id: Uuid::new_v4(),
                fresh: true,
            },
        }
    }

    /// The cookie to set when the id is new. A browser-session cookie: presence only matters
    /// while an editor is open.
    pub fn new_cookie(&self, secure: bool) -> Option<Cookie<'static>> {
        self.fresh.then(|| {
            Cookie::build(cookie_name(secure), self.id.to_string())
                .path("/")
                .http_only(true)
                .secure(secure)
                .same_site(SameSite::Lax)
                .finish()
        })
    }
}
