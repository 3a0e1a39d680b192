//! The interface's two languages. Messages live in `locales/{en,fr}/main.ftl` (Fluent), compiled
//! into the binary; English is the fallback for a message missing in French.
//!
//! The language of a request is, in order: the `lang` cookie set by the language switch, the
//! browser's `Accept-Language`, English.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // The isolation marks Fluent adds around arguments would show up in HTML and URLs.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Name of the cookie that remembers the language chosen with the switch.
pub const LANG_COOKIE: &str = "lang";

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, as shown in the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.get(..2)?.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }

    /// The message `id` in this language.
    pub fn t(self, id: &str) -> String {
        LOCALES.lookup(self.id(), id)
    }

    /// The message `id` with named arguments, e.g. `t_with("history-of", &[("page", name)])`.
    pub fn t_with(self, id: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(*v)))
            .collect();
        LOCALES.lookup_with_args(self.id(), id, &args)
    }

    /// The message `id` with a number `count` (Fluent selects the plural form from it) and
    /// other named arguments.
    pub fn t_count(self, id: &str, count: i64, args: &[(&'static str, &str)]) -> String {
        let mut values: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(*v)))
            .collect();
        values.insert(Cow::Borrowed("count"), FluentValue::from(count));
        LOCALES.lookup_with_args(self.id(), id, &values)
    }

    /// The language a request asks for (see the module documentation).
    pub fn of_request(req: &HttpRequest) -> Lang {
        if let Some(lang) = req
            .cookie(LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
        {
            return lang;
        }
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::of_accept_language)
            .unwrap_or_default()
    }

    /// The language an `Accept-Language` header prefers: its ranges by quality (the highest
    /// first, ties in the order written; `q=0` means "not this one"), each looked up as
    /// RFC 4647 §3.4 says, dropping subtags from the end until one is ours: `fr-BE` is French,
    /// `en-US,fr;q=0.5` English. `None` when no range leads to one.
    pub fn of_accept_language(header: &str) -> Option<Lang> {
        accept_language::parse_with_quality(header)
            .into_iter()
            .filter(|(_, quality)| *quality > 0.0)
            .find_map(|(range, _)| {
                let mut tag = range.to_ascii_lowercase();
                loop {
                    match tag.as_str() {
                        "en" => return Some(Lang::En),
                        "fr" => return Some(Lang::Fr),
                        _ => {}
                    }
                    let cut = tag.rfind('-')?;
                    tag.truncate(cut);
                }
            })
    }
}

impl FromRequest for Lang {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Lang::of_request(req)))
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn a_regional_tag_falls_back_to_its_language_and_qualities_order_the_choice() {
        for (header, expected) in [
            ("fr-BE", Some(Lang::Fr)),
            ("fr-FR,fr;q=0.9", Some(Lang::Fr)),
            ("fr-CH, de;q=0.8", Some(Lang::Fr)),
            ("en-US,fr;q=0.5", Some(Lang::En)),
            ("de-DE,fr;q=0.7,en;q=0.3", Some(Lang::Fr)),
            ("en;q=0.2,fr;q=0.9", Some(Lang::Fr)),
            ("fr;q=0,en", Some(Lang::En)),
            ("fry,fr;q=0.1", Some(Lang::Fr)),
            ("zh-Hant-TW", None),
            ("", None),
            ("*", None),
            ("FR-be", Some(Lang::Fr)),
        ] {
            assert_eq!(Lang::of_accept_language(header), expected, "{header:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_header_is_answered_without_panicking(header in ".{0,200}") {
            let _ = Lang::of_accept_language(&header);
        }
    }
}
