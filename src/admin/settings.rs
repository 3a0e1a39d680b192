//! The site settings form (`/-/admin/settings`): what administrators type, checked as a whole
//! before anything is written, so a refused form saves nothing. Pure: the logo's attachment
//! is looked up by the handler, the colours' contrast measured by `site::Palette`.

use serde::Deserialize;

use crate::attachments::names::FileName;
use crate::i18n::Lang;
use crate::names::PageName;
use crate::site::{Colour, MIN_CONTRAST, Palette, Role, Site};

/// Longest name, tagline and licence, in characters (as the table's checks say).
pub const NAME_MAX: usize = 80;
pub const TAGLINE_MAX: usize = 200;
pub const LICENCE_MAX: usize = 300;

/// The form as sent; an empty field means "the default".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Form {
    pub name: String,
    pub tagline: String,
    pub logo: String,
    pub text_colour: String,
    pub background_colour: String,
    pub accent_colour: String,
    pub home_page: String,
    pub language: String,
    pub licence: String,
}

impl Form {
    /// The form as the site's settings fill it.
    pub fn of(site: &Site) -> Form {
        let stored = &site.stored;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        Form {
            name: text(&stored.name),
            tagline: text(&stored.tagline),
            logo: site
                .logo
                .as_ref()
                .map(|logo| logo.reference())
                .unwrap_or_default(),
            text_colour: text(&stored.text_colour),
            background_colour: text(&stored.background_colour),
            accent_colour: text(&stored.accent_colour),
            home_page: text(&stored.home_page),
            language: site.language.code().to_owned(),
            licence: text(&stored.licence),
        }
    }
}

/// Why one field cannot be saved, in the visitor's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field's `name` in the form.
    pub field: &'static str,
    pub message: String,
}

/// The logo as written, `Page/file.png`, to be found among the page's attachments.
#[derive(Debug, Clone)]
pub struct LogoReference {
    pub page: PageName,
    pub file: FileName,
}

/// A form that can be saved, but for its logo, which must still be found.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub name: Option<String>,
    pub tagline: Option<String>,
    pub logo: Option<LogoReference>,
    pub palette: Palette,
    pub home_page: Option<PageName>,
    pub language: Option<Lang>,
    pub licence: Option<String>,
}

/// The form's values, or every problem it has (all fields at once, so one correction round
/// is enough).
pub fn check(form: &Form, lang: Lang) -> Result<Checked, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |field: &'static str, message: String| {
        problems.push(Problem { field, message });
    };
    let mut text = |field: &'static str, value: &str, max: usize| {
        let value = value.trim();
        if value.chars().count() > max {
            problem(
                field,
                lang.t_with("settings-error-too-long", &[("max", &max.to_string())]),
            );
            None
        } else {
            (!value.is_empty()).then(|| value.to_owned())
        }
    };
    let name = text("name", &form.name, NAME_MAX);
    let tagline = text("tagline", &form.tagline, TAGLINE_MAX);
    let licence = text("licence", &form.licence, LICENCE_MAX);
    let mut colour = |field: &'static str, value: &str| {
        if value.trim().is_empty() {
            return None;
        }
        let parsed = Colour::parse(value);
        if parsed.is_none() {
            problem(field, lang.t("settings-error-colour"));
        }
        parsed
    };
    let palette = Palette {
        text: colour("text_colour", &form.text_colour),
        background: colour("background_colour", &form.background_colour),
        accent: colour("accent_colour", &form.accent_colour),
    };
    for faint in palette.too_faint() {
        let field = match faint.role {
            Role::Text => "text_colour",
            Role::Background => "background_colour",
            Role::Accent => "accent_colour",
        };
        problem(
            field,
            lang.t_with(
                "settings-error-contrast",
                &[
                    ("fore", &faint.fore.hex()),
                    ("back", &faint.back.hex()),
                    ("ratio", &faint.ratio_text()),
                    ("minimum", &MIN_CONTRAST.to_string()),
                ],
            ),
        );
    }
    let home_page = match form.home_page.trim() {
        "" => None,
        written => match PageName::parse(written) {
            Ok(name) => Some(name),
            Err(_) => {
                problem("home_page", lang.t("settings-error-page-name"));
                None
            }
        },
    };
    let language = match form.language.trim() {
        "" => None,
        code => {
            let found = Lang::from_code(code);
            if found.is_none() {
                problem("language", lang.t("settings-error-language"));
            }
            found
        }
    };
    let logo = match form.logo.trim() {
        "" => None,
        written => {
            let parsed = written.rsplit_once('/').and_then(|(page, file)| {
                Some(LogoReference {
                    page: PageName::parse(page).ok()?,
                    file: FileName::parse(file).ok()?,
                })
            });
            if parsed.is_none() {
                problem("logo", lang.t("settings-error-logo"));
            }
            parsed
        }
    };
    if problems.is_empty() {
        Ok(Checked {
            name,
            tagline,
            logo,
            palette,
            home_page,
            language,
            licence,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_keep_the_defaults() {
        let checked = check(&Form::default(), Lang::EN).unwrap();
        assert_eq!(checked.name, None);
        assert_eq!(checked.palette, Palette::default());
        assert!(checked.home_page.is_none() && checked.language.is_none());
    }

    #[test]
    fn every_problem_is_reported_at_once_in_the_visitors_language() {
        let form = Form {
            name: "x".repeat(NAME_MAX + 1),
            text_colour: "#eeeeee".into(),
            accent_colour: "green".into(),
            language: "xx".into(),
            logo: "no slash".into(),
            ..Form::default()
        };
        let problems = check(&form, Lang::FR).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            ["name", "accent_colour", "text_colour", "language", "logo"]
        );
        let contrast = &problems[2].message;
        assert!(contrast.contains("1.16"), "{contrast}");
        assert!(contrast.contains("#eeeeee"), "{contrast}");
    }
}
