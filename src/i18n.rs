//! The interface's languages: one per folder of `locales/` (`locales/{code}/main.ftl`, Fluent),
//! compiled into the binary and found when the program starts. English is the fallback for a
//! message missing in another language, and comes first. A language is added by adding its
//! folder and nothing else (its `language-name` message names it in the switch); a test checks
//! that every locale has the same messages, with the same variables, as English.
//!
//! The language of a request is, in order: the `lang` cookie set by the language switch, the
//! browser's `Accept-Language`, the site's default language (set by its administrators, see
//! `site`; English unless they chose another). Answers made without the request context
//! (errors before a handler runs, the JSON API) fall back on English.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::{Ready, ready};
use std::sync::LazyLock;

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

/// A language of the interface, by its code (`en`, `fr`, …): one of [`Lang::all`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(&'static str);

/// The languages of `locales/`, English first, then by code, each with its identifier.
static KNOWN: LazyLock<Vec<(Lang, LanguageIdentifier)>> = LazyLock::new(|| {
    let mut known: Vec<(Lang, LanguageIdentifier)> = LOCALES
        .locales()
        .map(|id| {
            let code: &'static str =
                Box::leak(id.to_string().to_ascii_lowercase().into_boxed_str());
            (Lang(code), id.clone())
        })
        .collect();
    known.sort_by_key(|(lang, _)| (*lang != Lang::EN, lang.0));
    known
});

/// The fallback's identifier.
static ENGLISH: LanguageIdentifier = langid!("en");

/// [`Lang::all`], kept apart from the identifiers.
static ALL: LazyLock<Vec<Lang>> = LazyLock::new(|| KNOWN.iter().map(|(lang, _)| *lang).collect());

impl Default for Lang {
    fn default() -> Self {
        Lang::EN
    }
}

impl Lang {
    /// English, the fallback.
    pub const EN: Lang = Lang("en");
    /// French, which the wiki's own content (its forms, its starter catalogue) is written in
    /// beside English.
    pub const FR: Lang = Lang("fr");

    /// Every language of the interface, English first.
    pub fn all() -> &'static [Lang] {
        &ALL
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    /// The language's own name, as shown in the switch.
    pub fn native_name(self) -> String {
        self.t("language-name")
    }

    /// The language a code names: `fr`, `FR`, `fr-BE` are French; `None` for a language the
    /// interface does not speak.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        Lang::all()
            .iter()
            .copied()
            .find(|lang| lang.0 == code || lang.0 == primary)
    }

    fn id(self) -> &'static LanguageIdentifier {
        KNOWN
            .iter()
            .find(|(lang, _)| *lang == self)
            .map_or(&ENGLISH, |(_, id)| id)
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
        Lang::asked(req).unwrap_or_default()
    }

    /// The language a request asks for, if it asks for one we speak: the cookie, then
    /// `Accept-Language`. Without one, pages speak the site's default language
    /// (`site::Site::language`, through `Ctx`).
    pub fn asked(req: &HttpRequest) -> Option<Lang> {
        req.cookie(LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
            .or_else(|| {
                req.headers()
                    .get(actix_web::http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Lang::of_accept_language)
            })
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
                    if let Some(lang) = Lang::all().iter().find(|lang| lang.0 == tag) {
                        return Some(*lang);
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
            ("fr-BE", Some(Lang::FR)),
            ("fr-FR,fr;q=0.9", Some(Lang::FR)),
            ("fr-CH, de;q=0.8", Some(Lang::FR)),
            ("en-US,fr;q=0.5", Some(Lang::EN)),
            ("de-DE,fr;q=0.7,en;q=0.3", Some(Lang::FR)),
            ("en;q=0.2,fr;q=0.9", Some(Lang::FR)),
            ("fr;q=0,en", Some(Lang::EN)),
            ("fry,fr;q=0.1", Some(Lang::FR)),
            ("zh-Hant-TW", None),
            ("", None),
            ("*", None),
            ("FR-be", Some(Lang::FR)),
        ] {
            assert_eq!(Lang::of_accept_language(header), expected, "{header:?}");
        }
    }

    use fluent_syntax::ast;

    /// The variables a pattern uses, into `found`.
    fn variables_of(pattern: &ast::Pattern<&str>, found: &mut std::collections::BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, found);
            }
        }
    }

    fn expression_variables(
        expression: &ast::Expression<&str>,
        found: &mut std::collections::BTreeSet<String>,
    ) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, found);
                for variant in variants {
                    variables_of(&variant.value, found);
                }
            }
            ast::Expression::Inline(inline) => inline_variables(inline, found),
        }
    }

    fn inline_variables(
        inline: &ast::InlineExpression<&str>,
        found: &mut std::collections::BTreeSet<String>,
    ) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                found.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, found);
            }
            _ => {}
        }
    }

    /// Messages of a Fluent file: each id with the variables it uses.
    fn messages(
        path: &std::path::Path,
    ) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        let text = std::fs::read_to_string(path).unwrap();
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        let mut messages = std::collections::BTreeMap::new();
        for entry in &resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut found = std::collections::BTreeSet::new();
                if let Some(value) = &message.value {
                    variables_of(value, &mut found);
                }
                for attribute in &message.attributes {
                    variables_of(&attribute.value, &mut found);
                }
                messages.insert(message.id.name.to_owned(), found);
            }
        }
        messages
    }

    /// A language is one file: it must say everything English says, with the same variables,
    /// and nothing English does not.
    #[test]
    fn every_locale_has_the_messages_of_english_with_their_variables() {
        let locales = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let english = messages(&locales.join("en/main.ftl"));
        assert!(english.contains_key("language-name"));
        let mut checked = 0;
        for lang in Lang::all() {
            let other = messages(&locales.join(lang.code()).join("main.ftl"));
            let missing: Vec<&String> = english
                .keys()
                .filter(|id| !other.contains_key(*id))
                .collect();
            let extra: Vec<&String> = other
                .keys()
                .filter(|id| !english.contains_key(*id))
                .collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, extra {extra:?}",
                lang.code()
            );
            for (id, variables) in &english {
                assert_eq!(
                    &other[id],
                    variables,
                    "{}: the variables of {id}",
                    lang.code()
                );
            }
            checked += 1;
        }
        assert!(
            checked >= 2,
            "every folder of locales/ is a language: {:?}",
            Lang::all()
        );
    }

    #[test]
    fn languages_are_the_folders_of_locales_english_first() {
        let folders =
            std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
                .unwrap()
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .count();
        assert_eq!(Lang::all().len(), folders);
        assert_eq!(Lang::all()[0], Lang::EN);
        assert_eq!(Lang::from_code("FR-be"), Some(Lang::FR));
        assert_eq!(Lang::from_code("xx"), None);
        assert_eq!(Lang::FR.native_name(), "Français");
    }

    proptest::proptest! {
        #[test]
        fn any_header_is_answered_without_panicking(header in ".{0,200}") {
            let _ = Lang::of_accept_language(&header);
        }
    }
}
