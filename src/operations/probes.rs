//! Liveness and readiness, which an orchestrator treats differently: a failed liveness probe
//! restarts the process, a failed readiness probe only takes it out of the load balancer. So
//! liveness asks nothing of the database (a database outage must not restart every instance),
//! and readiness asks all that serving needs.

use std::sync::OnceLock;
use std::sync::atomic::Ordering;

use actix_web::{HttpResponse, http::header, web};
use diesel::QueryableByName;
use diesel::migration::MigrationSource;
use diesel::sql_types::{Nullable, Text};
use diesel_async::RunQueryDsl;

use crate::state::AppState;

/// `GET /-/live`: the process answers requests.
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// `GET /-/ready` (and `/-/health`, its older name): 200 when this instance should get
/// requests; 503, with the reason, while it is stopping, when the database does not answer, or
/// when the database's schema is older than this binary's (a migration still to run).
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    match readiness(&state).await {
        Ok(()) => HttpResponse::Ok().content_type("text/plain").body("ok"),
        Err(reason) => HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .insert_header((header::RETRY_AFTER, "5"))
            .body(format!("not ready: {reason}")),
    }
}

async fn readiness(state: &AppState) -> Result<(), String> {
    if std::sync::atomic::AtomicBool::load(&state.stopping, Ordering::Acquire) {
        return Err("stopping".to_owned());
    }
    let mut conn = state
        .pool
        .get()
        .await
        .map_err(|err| format!("no database connection ({err})"))?;
    #[derive(QueryableByName)]
    struct Applied {
        #[diesel(sql_type = Nullable<Text>)]
        version: Option<String>,
    }
    let applied =
        diesel::sql_query("SELECT max(version) AS version FROM __diesel_schema_migrations")
            .get_result::<Applied>(&mut conn)
            .await
            .map_err(|err| format!("the database does not answer ({err})"))?;
    let expected = latest_migration();
    match applied.version {
        // Versions are dates written the same way: they sort as text. A newer schema (another
        // instance already upgraded) serves this binary too.
        Some(version) if version.as_str() >= expected => Ok(()),
        _ => Err(format!(
            "the database schema is not up to date (migration {expected} not applied)"
        )),
    }
}

/// The version of the newest migration built into this binary, as diesel records it.
fn latest_migration() -> &'static str {
    static LATEST: OnceLock<String> = OnceLock::new();
    LATEST.get_or_init(|| {
        MigrationSource::<diesel::pg::Pg>::migrations(&crate::db::MIGRATIONS)
            .unwrap_or_default()
            .iter()
            .map(|migration| migration.name().version().to_string())
            .max()
            .unwrap_or_default()
    })
}
