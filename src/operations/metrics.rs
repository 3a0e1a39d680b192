//! Prometheus metrics of one instance, served at an address the operator chooses
//! (`--metrics-listen`), never on the public one: requests by route and status with their
//! latencies, saves by outcome, the caches' hits and misses, the search queue's length and age,
//! and the database pool.
//!
//! Counters and histograms are recorded where things happen, through the `metrics` facade
//! (each a cheap no-op until a recorder is installed); the gauges that describe a state (the
//! queue, the pool) are read when the scraper asks. Each instance reports its own figures:
//! Prometheus sums them over instances.

use std::sync::OnceLock;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Double};
use diesel_async::RunQueryDsl;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::state::AppState;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Latency buckets, in seconds: a cached view takes tens of microseconds, a save milliseconds,
/// an import of a big file seconds.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process's recorder, installed at the first call: from then on what the wiki records is
/// kept. `None` if another recorder was installed first (then nothing is exported).
pub fn recorder() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let built = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), LATENCY_BUCKETS)
                .and_then(PrometheusBuilder::install_recorder);
            built
                .inspect_err(|err| tracing::warn!(%err, "metrics are not recorded"))
                .ok()
        })
        .as_ref()
}

/// Middleware: counts every answer by method, route and status, and records how long it took.
/// The route is the pattern that matched (`/{name}/edit`), never the address itself, so the
/// number of series stays that of the routes, whatever addresses visitors make up.
pub async fn record_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // Without a recorder (no `--metrics-listen`) a request costs nothing here: the route's
    // pattern and the status would be written out for nobody.
    if HANDLE.get().is_none_or(Option::is_none) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let started = Instant::now();
    let method = method_label(req.method());
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let status = res.status().as_u16().to_string();
    metrics::histogram!(
        "coopwiki_http_request_duration_seconds",
        "method" => method,
        "route" => route.clone(),
    )
    .record(started.elapsed().as_secs_f64());
    metrics::counter!(
        "coopwiki_http_requests_total",
        "method" => method,
        "route" => route,
        "status" => status,
    )
    .increment(1);
    Ok(res.map_into_right_body())
}

/// A method as a label: the few the site answers, any other as one value.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// `GET /metrics` on the metrics address: the text format Prometheus scrapes.
pub async fn scrape(state: web::Data<AppState>) -> HttpResponse {
    let Some(recorder) = recorder() else {
        return HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("metrics are not recorded in this process");
    };
    read_gauges(&state).await;
    recorder.run_upkeep();
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(recorder.render())
}

/// The gauges of the instance's state, as they are now.
async fn read_gauges(state: &AppState) {
    let pool = state.pool.status();
    metrics::gauge!("coopwiki_db_pool_max_connections").set(pool.max_size as f64);
    metrics::gauge!("coopwiki_db_pool_connections", "state" => "idle").set(pool.available as f64);
    metrics::gauge!("coopwiki_db_pool_connections", "state" => "in_use")
        .set(pool.size.saturating_sub(pool.available) as f64);
    metrics::gauge!("coopwiki_db_pool_waiting_requests").set(pool.waiting as f64);
    #[derive(QueryableByName)]
    struct Queue {
        #[diesel(sql_type = BigInt)]
        length: i64,
        #[diesel(sql_type = Double)]
        age: f64,
    }
    let queue = async {
        let mut conn = state.pool.get().await.map_err(|err| err.to_string())?;
        // The age of the oldest page due for indexing (a save is due a moment after it is made).
        diesel::sql_query(
            "SELECT count(*) AS length, \
                    coalesce(extract(epoch FROM greatest(now() - min(due_at), '0 s'))::float8, 0) \
                      AS age \
             FROM search_queue",
        )
        .get_result::<Queue>(&mut conn)
        .await
        .map_err(|err| err.to_string())
    };
    match queue.await {
        Ok(queue) => {
            metrics::gauge!("coopwiki_database_up").set(1.0);
            metrics::gauge!("coopwiki_search_queue_length").set(queue.length as f64);
            metrics::gauge!("coopwiki_search_queue_oldest_seconds").set(queue.age);
        }
        Err(err) => {
            tracing::warn!(%err, "metrics: the search queue could not be read");
            metrics::gauge!("coopwiki_database_up").set(0.0);
        }
    }
}

/// The routes of the metrics address (built beside the wiki's own app, on its state).
pub fn configure(config: &mut web::ServiceConfig) {
    config.route("/metrics", web::get().to(scrape));
}
