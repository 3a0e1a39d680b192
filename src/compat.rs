//! Addresses of YesWiki sites, so a community moving to coopwiki keeps its printed links:
//! `/wakka.php?wiki=Page`, `/?Page`, `/?Page/handler` answer with a permanent redirect.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use percent_encoding::percent_decode_str;
use serde::Deserialize;

use crate::error::AppError;
use crate::names::PageName;

/// The coopwiki sub-path of a YesWiki handler.
fn handler_suffix(handler: &str) -> &'static str {
    match handler.to_ascii_lowercase().as_str() {
        "edit" => "/edit",
        "revisions" | "history" => "/history",
        "raw" => "/raw",
        "backlinks" => "/backlinks",
        // YesWiki's page for other sites' iframes.
        "iframe" => "/embed",
        _ => "",
    }
}

/// `Page` or `Page/handler` → the coopwiki address, when `target` names a valid page.
fn location(target: &str) -> Option<String> {
    let decoded = percent_decode_str(target).decode_utf8().ok()?;
    let (name, handler) = match decoded.split_once('/') {
        Some((name, handler)) => (name, handler),
        None => (decoded.as_ref(), ""),
    };
    let name = PageName::parse(name).ok()?;
    Some(format!("{}{}", name.path(), handler_suffix(handler)))
}

/// For `/?Page` and `/?Page/handler`: a query string that is a bare page name, not `key=value`.
pub fn yeswiki_query(query: &str) -> Option<String> {
    if query.is_empty() || query.contains('=') {
        return None;
    }
    let target = query.split('&').next()?;
    location(target)
}

#[derive(Deserialize)]
pub struct WakkaQuery {
    wiki: Option<String>,
}

/// `GET /wakka.php?wiki=Page[/handler]`.
pub async fn wakka(query: web::Query<WakkaQuery>) -> Result<HttpResponse, AppError> {
    let target = query.wiki.as_deref().unwrap_or("");
    let location = if target.is_empty() {
        "/".to_owned()
    } else {
        let (name, handler) = target.split_once('/').unwrap_or((target, ""));
        format!(
            "{}{}",
            PageName::parse(name)?.path(),
            handler_suffix(handler)
        )
    };
    Ok(HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, location))
        .finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_names_and_handlers_map_to_coopwiki_addresses() {
        assert_eq!(yeswiki_query("FishBowl").as_deref(), Some("/FishBowl"));
        assert_eq!(
            yeswiki_query("FishBowl/edit").as_deref(),
            Some("/FishBowl/edit")
        );
        assert_eq!(
            yeswiki_query("FishBowl/revisions").as_deref(),
            Some("/FishBowl/history")
        );
        assert_eq!(
            yeswiki_query("FishBowl/iframe").as_deref(),
            Some("/FishBowl/embed")
        );
        assert_eq!(yeswiki_query("Caf%C3%A9").as_deref(), Some("/Caf%C3%A9"));
        assert_eq!(yeswiki_query("rev=2"), None);
        assert_eq!(yeswiki_query(""), None);
        assert_eq!(yeswiki_query("a<b"), None);
    }
}
