//! Server-side sessions. The browser holds a random token in an `HttpOnly`, `SameSite=Lax`
//! cookie (`Secure` with the `__Host-` prefix over https); PostgreSQL holds its hash, the user,
//! and when it was last used. Any instance can therefore serve any visitor, and ending a
//! session (logout, password change, expiry) takes effect everywhere at once.
//!
//! [`Viewer`] is read once per request and kept in the request's extensions so
//! [`crate::ctx::Ctx`] and the handlers share it. The session query's answer is kept in the
//! instance's session cache (`crate::cache`) while no session ended and no account or group
//! changed: a signed-in visitor's request usually costs no round trip. The session's ends (idle
//! and absolute) are checked against the clock at each request, cached or not.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use diesel_async::AsyncPgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::accounts::queries;
use crate::config::Settings;
use crate::error::AppError;
use crate::identity::{CachedSession, Viewer};
use crate::state::AppState;
use crate::tokens::{is_well_formed, new_token, token_hash};

/// A session unused for this long is over.
pub const IDLE_TIMEOUT: Duration = Duration::days(7);
/// A session is over this long after login, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::days(30);
/// `last_seen_at` is written at most this often, so reading pages is not a write each time.
const TOUCH_EVERY: Duration = Duration::minutes(5);

pub fn cookie_name(settings: &Settings) -> &'static str {
    crate::identity::session_cookie_name(settings.secure_cookies)
}

fn cookie(settings: &Settings, value: String, max_age: CookieDuration) -> Cookie<'static> {
    Cookie::build(cookie_name(settings), value)
        .path("/")
        .http_only(true)
        .secure(settings.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(max_age)
        .finish()
}

/// The cookie that ends the session in the browser.
pub fn removal_cookie(settings: &Settings) -> Cookie<'static> {
    cookie(settings, String::new(), CookieDuration::ZERO)
}

/// Opens a new session (always a new id) for `user_id` and returns its cookie. Expired
/// sessions of everyone are swept on the way: logins are rare enough to carry that cost.
pub async fn start(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    user_id: Uuid,
) -> Result<Cookie<'static>, AppError> {
    let now = OffsetDateTime::now_utc();
    queries::purge_sessions(conn, now, now - IDLE_TIMEOUT).await?;
    let token = new_token();
    queries::create_session(conn, &token_hash(&token), user_id, now + ABSOLUTE_TIMEOUT).await?;
    Ok(cookie(
        settings,
        token,
        CookieDuration::seconds(ABSOLUTE_TIMEOUT.whole_seconds()),
    ))
}

/// Ends a session: in PostgreSQL, and at once in this instance's session cache (the others
/// forget it when the deletion's notification arrives).
pub async fn end(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> Result<(), AppError> {
    queries::end_session(conn, token_hash).await?;
    state.caches.sessions.remove(token_hash);
    Ok(())
}

async fn load(req: &HttpRequest) -> Result<Viewer, AppError> {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(AppError::Internal("application state missing".into()));
    };
    let token = req
        .cookie(cookie_name(&state.settings))
        .map(|c| c.value().to_owned());
    let Some(token) = token.filter(|t| is_well_formed(t)) else {
        return Ok(Viewer::default());
    };
    let hash = token_hash(&token);
    let now = OffsetDateTime::now_utc();
    let cache = &state.caches.sessions;
    let session = match cache.get(&hash) {
        Some(session) => session,
        None => {
            let epoch = cache.epoch();
            let mut conn = state.pool.get().await?;
            let Some(found) =
                queries::session_user(&mut conn, &hash, now, now - IDLE_TIMEOUT).await?
            else {
                return Ok(Viewer::default());
            };
            let session = Arc::new(CachedSession::new(
                found.user,
                found.expires_at,
                found.last_seen_at,
            ));
            cache.insert(hash.clone(), epoch, session.clone());
            session
        }
    };
    if !session.is_live(now, IDLE_TIMEOUT) {
        return Ok(Viewer::default());
    }
    if session.last_seen() < now - TOUCH_EVERY {
        let mut conn = state.pool.get().await?;
        queries::touch_session(&mut conn, &hash, now).await?;
        session.touched(now);
    }
    Ok(Viewer {
        user: Some(session.user.clone()),
        session: Some(hash),
    })
}

/// Who is making the request: reads the session cookie once per request (later calls get the
/// answer kept in the request's extensions). The core's request context asks through
/// `AppState::identify`, which `app` sets to this function.
pub fn viewer_of(
    req: &HttpRequest,
) -> Pin<Box<dyn Future<Output = Result<Viewer, AppError>> + '_>> {
    Box::pin(async move {
        if let Some(viewer) = req.extensions().get::<Viewer>() {
            return Ok(viewer.clone());
        }
        let viewer = load(req).await?;
        req.extensions_mut().insert(viewer.clone());
        Ok(viewer)
    })
}

impl FromRequest for Viewer {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(viewer_of(&req).await?) })
    }
}
