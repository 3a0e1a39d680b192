//! Static files (`assets/`), compiled into the binary and served under content-hashed URLs, so
//! browsers may cache them forever and a new release is picked up at once.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::http::header::{self, CacheDirective};
use actix_web::{HttpResponse, web};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/"]
struct Files;

/// `style.css` → `/assets/3fa2c1d0e9b8a7f6/style.css`.
static URLS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    Files::iter()
        .filter_map(|name| {
            let file = Files::get(&name)?;
            let hash = hex::encode(&file.metadata.sha256_hash()[..8]);
            Some((name.to_string(), format!("/assets/{hash}/{name}")))
        })
        .collect()
});

/// The cache-busting URL of an asset. Views only name files that exist in `assets/`; a typo is
/// caught by the tests that load every page's stylesheet.
pub fn url(name: &str) -> String {
    URLS.get(name)
        .cloned()
        .unwrap_or_else(|| format!("/assets/missing/{name}"))
}

/// `GET /assets/{hash}/{file}`. An unknown file is a 404, rendered like every error by
/// `error::render_errors`.
pub async fn serve(path: web::Path<(String, String)>) -> actix_web::Result<HttpResponse> {
    let (hash, name) = path.into_inner();
    let file = Files::get(&name).ok_or_else(|| actix_web::error::ErrorNotFound("no such asset"))?;
    let current = hex::encode(&file.metadata.sha256_hash()[..8]);
    let cache = if hash == current {
        vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(31_536_000),
            CacheDirective::Extension("immutable".into(), None),
        ]
    } else {
        vec![CacheDirective::NoCache]
    };
    Ok(HttpResponse::Ok()
        .content_type(file.metadata.mimetype())
        .insert_header(header::CacheControl(cache))
        .body(file.data.into_owned()))
}

/// `GET /favicon.ico` and friends would otherwise be taken for page names.
pub async fn favicon() -> HttpResponse {
    match Files::get("favicon.svg") {
        Some(file) => HttpResponse::Ok()
            .content_type("image/svg+xml")
            .insert_header(header::CacheControl(vec![
                CacheDirective::Public,
                CacheDirective::MaxAge(86_400),
            ]))
            .body(file.data.into_owned()),
        None => HttpResponse::NotFound().finish(),
    }
}

/// `GET /robots.txt`: history, diffs and editors are not worth crawling.
pub async fn robots() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(
        "User-agent: *\nDisallow: /*/edit\nDisallow: /*/history\nDisallow: /*/diff\nDisallow: /*?rev=\n",
    )
}
