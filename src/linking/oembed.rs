//! oEmbed (<https://oembed.com/>): other sites turn a link to a page into its embed card.
//! The URL they send is only ever parsed, never fetched.

use maud::html;
use serde::Serialize;

/// Size of the iframe when the consumer sets no maximum.
pub const DEFAULT_WIDTH: u32 = 480;
pub const DEFAULT_HEIGHT: u32 = 320;

/// The `{name}` segment of a URL on this site (`base_url` followed by `/{name}`, then maybe
/// a sub-path, query or fragment), still percent-encoded; `""` for the home page. `None` for
/// a URL elsewhere.
pub fn page_segment<'u>(base_url: &str, url: &'u str) -> Option<&'u str> {
    let rest = url.strip_prefix(base_url)?;
    if rest.is_empty() {
        return Some("");
    }
    let rest = rest.strip_prefix('/')?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// A `rich` oEmbed response: an iframe of the page's embed card.
#[derive(Debug, Serialize)]
pub struct Rich {
    pub version: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub provider_name: String,
    pub provider_url: String,
    pub html: String,
    pub width: u32,
    pub height: u32,
}

impl Rich {
    /// The card of the page `title` whose embed is at `embed_url`, within the consumer's
    /// maximum size.
    pub fn new(
        title: &str,
        embed_url: &str,
        site_name: &str,
        base_url: &str,
        max: (Option<u32>, Option<u32>),
    ) -> Rich {
        let width = max.0.map_or(DEFAULT_WIDTH, |m| m.min(DEFAULT_WIDTH));
        let height = max.1.map_or(DEFAULT_HEIGHT, |m| m.min(DEFAULT_HEIGHT));
        // Sandboxed: the card runs no script anyway; its links may open a new tab.
        let iframe = html! {
            iframe src=(embed_url) width=(width) height=(height) title=(title)
                loading="lazy" sandbox="allow-popups allow-popups-to-escape-sandbox" {}
        };
        Rich {
            version: "1.0",
            kind: "rich",
            title: title.to_owned(),
            provider_name: site_name.to_owned(),
            provider_url: format!("{base_url}/"),
            html: iframe.into_string(),
            width,
            height,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_urls_on_this_site_name_a_page() {
        let base = "https://wiki.example.org";
        for (url, segment) in [
            ("https://wiki.example.org/FishBowl", Some("FishBowl")),
            (
                "https://wiki.example.org/World_Caf%C3%A9?rev=2",
                Some("World_Caf%C3%A9"),
            ),
            ("https://wiki.example.org/FishBowl/embed", Some("FishBowl")),
            ("https://wiki.example.org/FishBowl#steps", Some("FishBowl")),
            ("https://wiki.example.org/", Some("")),
            ("https://wiki.example.org", Some("")),
            ("https://wiki.example.org.evil.test/FishBowl", None),
            ("https://other.example.org/FishBowl", None),
            ("http://wiki.example.org/FishBowl", None),
        ] {
            assert_eq!(page_segment(base, url), segment, "{url}");
        }
    }

    #[test]
    fn the_iframe_fits_the_consumers_maximum() {
        let rich = Rich::new(
            "A \"b\"",
            "https://w/A/embed",
            "w",
            "https://w",
            (Some(300), None),
        );
        assert_eq!((rich.width, rich.height), (300, DEFAULT_HEIGHT));
        assert!(
            rich.html.contains("title=\"A &quot;b&quot;\""),
            "{}",
            rich.html
        );
    }
}
