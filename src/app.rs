//! The application factory: one function builds the actix `App` for `main` and for the tests,
//! so the tests exercise exactly the routes and middleware that production runs.

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header;
use actix_web::middleware::{Compress, Next, from_fn};
use actix_web::{App, HttpResponse, web};
use serde::Deserialize;
use tracing_actix_web::TracingLogger;

use std::sync::Arc;

use crate::cache::Caches;
use crate::config::Settings;
use crate::ctx::{Ctx, local_path};
use crate::db::DbPool;
use crate::error::{AppError, render_errors};
use crate::i18n::{LANG_COOKIE, Lang};
use crate::kind::Kinds;
use crate::security::{self, CsrfForm, MAX_FORM_BYTES};
use crate::site::SiteSource;
use crate::state::AppState;
use crate::{
    accounts, admin, api, assets, attachments, catalogue, compat, discussions, linking, live,
    navigation, pages, permissions, programmes, revisions, search, watching,
};

/// The state of one instance on the database at `url` (which `pool` connects to), with this
/// wiki's page kinds registered: its caches start listening for changes there, and its search
/// indexer indexing, its notification sender sending. `main`, the tests and the benchmarks all
/// build their state here.
pub fn state(pool: DbPool, settings: Settings, url: &str) -> AppState {
    let sender = watching::notify::Sender::start(url, settings.clone(), settings.notification_poll);
    AppState {
        saving: tokio::sync::Semaphore::new(
            settings
                .concurrent_saves
                .unwrap_or_else(|| AppState::save_slots(pool.status().max_size)),
        ),
        pool,
        settings,
        caches: Caches::start(url),
        kinds: kinds(),
        identify: accounts::sessions::viewer_of,
        chrome: pages::render::load_chrome,
        workers: vec![
            Box::new(search::indexer::Indexer::start(url)),
            Box::new(sender),
            Box::new(live::start(url)),
        ],
        stopping: std::sync::atomic::AtomicBool::new(false),
    }
}

/// The kinds of page this wiki knows, in the order they claim a text: a page named
/// `Form.{name}` is a form whatever its text, a sheet wins over a programme (`form:` decides).
pub fn kinds() -> Kinds {
    Kinds::new(
        vec![
            Arc::new(catalogue::kind::FormKind),
            Arc::new(catalogue::kind::SheetKind),
            Arc::new(programmes::kind::ProgrammeKind),
        ],
        vec![
            Arc::new(programmes::kind::UsedIn),
            Arc::new(watching::WatchAnnex),
            Arc::new(discussions::Thread),
        ],
    )
}

pub fn build_app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // The error pages' way to the site (`site::SiteSource`): the same state, seen as that.
    let site_source: web::Data<dyn SiteSource> =
        web::Data::from(state.clone().into_inner() as Arc<dyn SiteSource>);
    App::new()
        .app_data(site_source)
        .app_data(state)
        .app_data(web::PayloadConfig::new(MAX_FORM_BYTES))
        .app_data(
            web::QueryConfig::default()
                .error_handler(|_, _| AppError::BadRequest("error-bad-query").into()),
        )
        .app_data(web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()))
        .wrap(from_fn(accounts::held::keep_refused_forms))
        .wrap(from_fn(forget_views_changed_here))
        .wrap(from_fn(head_as_get))
        .wrap(from_fn(render_errors))
        .wrap(from_fn(security::csrf_cookie))
        .wrap(Compress::default())
        .wrap(from_fn(security::headers))
        .wrap(from_fn(crate::operations::metrics::record_requests))
        .wrap(TracingLogger::default())
        .route("/-/health", web::get().to(crate::operations::probes::ready))
        .route("/-/ready", web::get().to(crate::operations::probes::ready))
        .route("/-/live", web::get().to(crate::operations::probes::live))
        .route("/-/lang", web::post().to(switch_language))
        .route("/assets/{hash}/{file}", web::get().to(assets::serve))
        .route("/favicon.ico", web::get().to(assets::favicon))
        .route("/robots.txt", web::get().to(assets::robots))
        .route("/wakka.php", web::get().to(compat::wakka))
        .configure(pages::routes::view_routes)
        .route(
            "/{name}/revisions",
            web::get().to(pages::routes::yeswiki_revisions),
        )
        .configure(api::routes)
        .configure(discussions::api::routes)
        .configure(linking::routes::routes)
        .configure(accounts::routes::routes)
        .configure(accounts::held::routes)
        .configure(admin::routes::routes)
        .configure(navigation::routes::routes)
        .configure(permissions::routes::routes)
        .configure(search::routes::routes)
        .configure(catalogue::routes::routes)
        .configure(attachments::routes::routes)
        .configure(programmes::api::routes)
        .configure(programmes::routes::routes)
        .configure(revisions::routes::routes)
        .configure(discussions::routes::routes)
        .configure(watching::routes::routes)
        .configure(live::routes::routes)
        .configure(pages::routes::routes)
        .configure(pages::presence::routes)
        .default_service(web::to(not_found))
}

/// `HEAD` is answered as `GET` (link checkers and proxies ask it of printed addresses): the
/// request is routed as a `GET`, and actix-http, which saw the `HEAD`, sends the headers only.
/// No `GET` changes anything, so this opens no write path.
async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// Middleware: once a request that may change data (any method but `GET`, `HEAD` and
/// `OPTIONS`) succeeded, this instance forgets its views before the answer leaves, so whoever
/// asks it next (the same browser following the redirect, or anyone else) sees the change.
/// Other instances follow the notification. A refused request (4xx, 5xx) changed nothing.
async fn forget_views_changed_here(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl MessageBody>, actix_web::Error> {
    let safe = req.method().is_safe();
    let state = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .cloned();
    let res = next.call(req).await?;
    let status = res.status();
    if !safe
        && !status.is_client_error()
        && !status.is_server_error()
        && let Some(state) = state
    {
        state.caches.views_changed_here();
    }
    Ok(res)
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    back: Option<String>,
}

/// `POST /-/lang`: remembers the chosen interface language in a cookie, and with the account
/// of a signed-in person (their mails speak it).
async fn switch_language(ctx: Ctx, form: CsrfForm<LanguageForm>) -> Result<HttpResponse, AppError> {
    let CsrfForm(form) = form;
    let lang = Lang::from_code(&form.lang).ok_or(AppError::BadRequest("error-bad-language"))?;
    let state = &ctx.state;
    if let Some(user) = &ctx.viewer.user {
        let mut conn = state.pool.get().await?;
        accounts::queries::set_language(&mut conn, user.id, lang).await?;
    }
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .max_age(CookieDuration::days(365))
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .http_only(true)
        .finish();
    Ok(HttpResponse::SeeOther()
        .cookie(cookie)
        .insert_header((header::LOCATION, local_path(form.back.as_deref())))
        .finish())
}
