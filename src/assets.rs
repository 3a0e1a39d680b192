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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every declaration of `property` (and its `-top`, `-left`… forms) in the stylesheet
    /// after its `:root` block, with its value.
    fn declarations<'a>(css: &'a str, properties: &[&str]) -> Vec<(&'a str, &'a str)> {
        let after_root = &css[css.find('}').expect("a :root block") + 1..];
        after_root
            .split(['{', '}', ';'])
            .filter_map(|part| part.split_once(':'))
            .map(|(property, value)| (property.trim(), value.trim()))
            .filter(|(property, _)| {
                properties
                    .iter()
                    .any(|p| property == p || property.starts_with(&format!("{p}-")))
            })
            .collect()
    }

    /// The design system holds: sizes in `style.css` come from its type scale and spacing
    /// steps, so a page's rhythm is changed in one place (layout formulae mixing a length with
    /// a percentage, like the header's centring, are left to say what they compute).
    #[test]
    fn the_stylesheet_sizes_text_and_space_from_its_tokens() {
        let file = Files::get("style.css").unwrap();
        let css = std::str::from_utf8(&file.data).unwrap();
        let root = &css[..css.find('}').unwrap()];
        for token in [
            "--text-sm:",
            "--text-base:",
            "--text-2xl:",
            "--space-1:",
            "--space-8:",
        ] {
            assert!(root.contains(token), "{token} is defined in :root");
        }
        let fonts = declarations(css, &["font-size"]);
        assert!(fonts.len() > 20, "{fonts:?}");
        for (_, value) in fonts {
            assert!(
                value.starts_with("var(--text-")
                    || (value.ends_with("em") && !value.ends_with("rem")),
                "font-size: {value} is not on the type scale"
            );
        }
        let spaces = declarations(css, &["margin", "padding", "gap", "row-gap", "column-gap"]);
        assert!(spaces.len() > 100, "{}", spaces.len());
        let token = regex::Regex::new(r"var\(--space-\d\)").unwrap();
        for (property, value) in spaces {
            let without_tokens = token.replace_all(value, "");
            assert!(
                value.contains('%') || !without_tokens.contains("rem"),
                "{property}: {value} is not on the spacing steps"
            );
        }
    }
}
