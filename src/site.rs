//! The site as its administrators set it at `/-/admin/settings`: name and tagline, logo,
//! colours, home page, default language, and the licence in the footer, each over what the
//! command line says ([`Settings`]) or the shipped stylesheet shows.
//!
//! The settings are one row of `site_settings`; a request reads them through its instance's
//! copy (`ctx::site`, kept in `cache::Caches::site`), which the change notification empties
//! on every instance as it empties the views: a change made through one instance shows on all
//! of them at once, without a restart.
//!
//! **Colours.** The Content-Security-Policy forbids inline styles, so the colours reach the
//! browser as a stylesheet of their own, served at `/-/site.css?v=…` (the version is a hash of
//! its text: a change is a new address, the old one can be cached for good) and linked after
//! `style.css` only when a colour is set. A colour is accepted only if every text the
//! stylesheet draws with it, or on it, stays readable: [`Palette::too_faint`] measures the
//! WCAG 2.1 contrast ratio of each such pair (palette's `Wcag21RelativeContrast`) and refuses
//! those under 4.5:1, the AA level for body text.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use palette::Srgb;
use palette::color_difference::Wcag21RelativeContrast;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::config::Settings;
use crate::db::schema::{attachments, pages, site_settings};
use crate::i18n::Lang;
use crate::names::{PageName, page_path};

/// The smallest contrast ratio accepted between a text and what it is written on (WCAG 2.1
/// success criterion 1.4.3, level AA, for text of any size).
pub const MIN_CONTRAST: f64 = 4.5;

/// A colour, written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(Srgb<u8>);

impl Colour {
    /// `#rrggbb` in either case, and nothing else: the short `#rgb` form and colour names are
    /// left out so that what is stored and shown back is one spelling.
    pub fn parse(text: &str) -> Option<Colour> {
        let text = text.trim();
        let digits = text.strip_prefix('#')?;
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        text.parse::<Srgb<u8>>().ok().map(Colour)
    }

    const fn rgb(red: u8, green: u8, blue: u8) -> Colour {
        Colour(Srgb::new(red, green, blue))
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        let Srgb {
            red, green, blue, ..
        } = self.0;
        format!("#{red:02x}{green:02x}{blue:02x}")
    }

    /// The WCAG 2.1 contrast ratio of the two colours, from 1 (the same) to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let one: Srgb<f64> = self.0.into_format();
        let two: Srgb<f64> = other.0.into_format();
        one.relative_contrast(two)
    }
}

/// The colours of `assets/style.css` that settings can replace.
pub const DEFAULT_TEXT: Colour = Colour::rgb(0x1d, 0x1f, 0x21);
pub const DEFAULT_BACKGROUND: Colour = Colour::rgb(0xff, 0xff, 0xff);
pub const DEFAULT_ACCENT: Colour = Colour::rgb(0x1f, 0x6f, 0x50);
/// Surfaces `style.css` keeps light whatever the settings (notices, diff rows, the sides of a
/// conflict, secondary buttons): the text colour must be readable on each.
const LIGHT_SURFACES: [Colour; 4] = [
    Colour::rgb(0xff, 0xff, 0xff),
    Colour::rgb(0xff, 0xf4, 0xd6),
    Colour::rgb(0xd6, 0xf5, 0xdf),
    Colour::rgb(0xfb, 0xe0, 0xe0),
];
/// Texts `style.css` draws in colours of their own on the background (muted text, links,
/// links to missing pages): the background must leave each readable.
const OTHER_TEXTS: [Colour; 3] = [
    Colour::rgb(0x4f, 0x53, 0x58),
    Colour::rgb(0x0b, 0x57, 0xa4),
    Colour::rgb(0xb3, 0x26, 0x1e),
];
/// The labels of buttons, written on the accent colour.
const BUTTON_LABEL: Colour = Colour::rgb(0xff, 0xff, 0xff);

/// Which colour of the settings a pair is held against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Text,
    Background,
    Accent,
}

/// A pair of colours the stylesheet would draw that is too faint to read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TooFaint {
    /// The setting to change.
    pub role: Role,
    pub fore: Colour,
    pub back: Colour,
    pub ratio: f64,
}

impl TooFaint {
    /// The ratio as people read it, rounded down so that a refused pair never shows "4.50".
    pub fn ratio_text(&self) -> String {
        format!("{:.2}", (self.ratio * 100.0).floor() / 100.0)
    }
}

/// The colours set, each `None` for the stylesheet's own.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Palette {
    pub text: Option<Colour>,
    pub background: Option<Colour>,
    pub accent: Option<Colour>,
}

impl Palette {
    fn text(&self) -> Colour {
        self.text.unwrap_or(DEFAULT_TEXT)
    }

    fn background(&self) -> Colour {
        self.background.unwrap_or(DEFAULT_BACKGROUND)
    }

    fn accent(&self) -> Colour {
        self.accent.unwrap_or(DEFAULT_ACCENT)
    }

    /// For each colour that makes a pair under [`MIN_CONTRAST`], the first such pair (text and
    /// accent on the background come first: the pairs people pick colours for); none for a
    /// palette that leaves every text readable.
    pub fn too_faint(&self) -> Vec<TooFaint> {
        let (text, background, accent) = (self.text(), self.background(), self.accent());
        let pairs = [
            (Role::Text, vec![background], text),
            (Role::Text, LIGHT_SURFACES.to_vec(), text),
            (Role::Accent, vec![background, BUTTON_LABEL], accent),
            (Role::Background, OTHER_TEXTS.to_vec(), background),
        ];
        let mut faint: Vec<TooFaint> = Vec::new();
        for (role, others, colour) in pairs {
            for other in others {
                let ratio = colour.contrast(other);
                if ratio >= MIN_CONTRAST {
                    continue;
                }
                let (fore, back) = if role == Role::Background {
                    (other, colour)
                } else {
                    (colour, other)
                };
                let found = TooFaint {
                    role,
                    fore,
                    back,
                    ratio,
                };
                if faint.iter().all(|known| known.role != role) {
                    faint.push(found);
                }
            }
        }
        faint
    }

    /// The stylesheet that puts these colours over `style.css`'s, when any is set.
    fn stylesheet(&self) -> Option<String> {
        if *self == Palette::default() {
            return None;
        }
        let background = self.background().hex();
        Some(format!(
            ":root {{ --text: {}; --accent: {}; --bg-soft: {background}; }}\n\
             body, .skip-link {{ background: {background}; }}\n",
            self.text().hex(),
            self.accent().hex(),
        ))
    }
}

/// The colours' stylesheet and the address the frame links it at.
#[derive(Debug, Clone)]
pub struct Stylesheet {
    pub css: String,
    pub href: String,
}

/// The logo: an image attached to a page.
#[derive(Debug, Clone)]
pub struct Logo {
    pub page: String,
    pub file: String,
}

impl Logo {
    /// How the settings form writes it: `Page/file.png`.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.page, self.file)
    }

    /// Its address: the attachment's, with the file name encoded as `attachments` encodes it
    /// (all but unreserved characters).
    pub fn src(&self) -> String {
        const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        format!(
            "{}/attachments/{}",
            page_path(&self.page),
            utf8_percent_encode(&self.file, UNRESERVED)
        )
    }
}

/// Where the error pages find the site they belong to. The middleware that writes them
/// (`error::render_errors`) runs beneath the request context and may not depend on it; the app
/// registers its state as one (`ctx` implements it). `database_reachable` is false when the
/// database is what failed: only a copy at hand is taken then, rather than waiting on it.
#[async_trait::async_trait]
pub trait SiteSource: Send + Sync {
    async fn site(&self, database_reachable: bool) -> Option<std::sync::Arc<Site>>;
}

/// The row of `site_settings`: what the administrators set, `None` where they left the
/// default.
#[derive(Debug, Clone, Default, Queryable, Selectable)]
#[diesel(table_name = site_settings)]
pub struct Stored {
    pub name: Option<String>,
    pub tagline: Option<String>,
    pub logo: Option<Uuid>,
    pub text_colour: Option<String>,
    pub background_colour: Option<String>,
    pub accent_colour: Option<String>,
    pub home_page: Option<String>,
    pub language: Option<String>,
    pub licence: Option<String>,
}

/// The site every page shows: the settings over the defaults.
#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub tagline: Option<String>,
    pub logo: Option<Logo>,
    pub palette: Palette,
    pub stylesheet: Option<Stylesheet>,
    pub home_page: PageName,
    /// The language of visitors who ask for none (no cookie, no `Accept-Language` we speak).
    pub language: Lang,
    pub licence: Option<String>,
    /// What is stored, as the settings form shows it back.
    pub stored: Stored,
}

impl Site {
    /// The settings over `settings`. A stored value the wiki can no longer use (a language
    /// whose locale was removed) falls back to the default rather than breaking every page.
    pub fn new(stored: Stored, logo: Option<Logo>, settings: &Settings) -> Site {
        let colour = |value: &Option<String>| value.as_deref().and_then(Colour::parse);
        let palette = Palette {
            text: colour(&stored.text_colour),
            background: colour(&stored.background_colour),
            accent: colour(&stored.accent_colour),
        };
        let stylesheet = palette.stylesheet().map(|css| {
            let version = hex::encode(&Sha256::digest(css.as_bytes())[..8]);
            Stylesheet {
                href: format!("/-/site.css?v={version}"),
                css,
            }
        });
        Site {
            name: stored
                .name
                .clone()
                .unwrap_or_else(|| settings.site_name.clone()),
            tagline: stored.tagline.clone(),
            logo,
            palette,
            stylesheet,
            home_page: stored
                .home_page
                .as_deref()
                .and_then(|name| PageName::parse(name).ok())
                .unwrap_or_else(|| settings.home_page.clone()),
            language: stored
                .language
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or_default(),
            licence: stored.licence.clone(),
            stored,
        }
    }
}

/// Reads the settings (two short queries: the row, and the logo's page and file when there
/// is one that is not deleted).
pub async fn load(conn: &mut AsyncPgConnection, settings: &Settings) -> QueryResult<Site> {
    let stored = site_settings::table
        .select(Stored::as_select())
        .first(conn)
        .await
        .optional()?
        .unwrap_or_default();
    let logo = match stored.logo {
        Some(id) => attachments::table
            .inner_join(pages::table)
            .filter(attachments::id.eq(id))
            .filter(attachments::deleted_at.is_null())
            .filter(pages::deleted_at.is_null())
            .select((pages::name, attachments::name))
            .first::<(String, String)>(conn)
            .await
            .optional()?
            .map(|(page, file)| Logo { page, file }),
        None => None,
    };
    Ok(Site::new(stored, logo, settings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_on_white_is_21_and_the_shipped_palette_is_readable() {
        let black = Colour::parse("#000000").unwrap();
        let white = Colour::parse("#FFFFFF").unwrap();
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        assert_eq!(Palette::default().too_faint(), vec![]);
        // WebAIM's checker: #767676 on white is 4.54:1.
        let grey = Colour::parse("#767676").unwrap();
        assert_eq!(
            format!("{:.2}", grey.contrast(white)),
            "4.54",
            "palette's WCAG 2.1 formula"
        );
    }

    #[test]
    fn only_six_hex_digits_make_a_colour() {
        assert_eq!(
            Colour::parse(" #1F6f50 ").map(Colour::hex).as_deref(),
            Some("#1f6f50")
        );
        for wrong in ["1f6f50", "#fff", "#1f6f5", "#1f6f500", "#gggggg", "red", ""] {
            assert_eq!(Colour::parse(wrong), None, "{wrong:?}");
        }
    }

    #[test]
    fn an_unreadable_pair_is_refused_with_its_ratio_rounded_down() {
        let palette = Palette {
            text: Colour::parse("#aaaaaa"),
            ..Palette::default()
        };
        let faint = palette.too_faint();
        assert_eq!(faint.len(), 1, "{faint:?}");
        assert_eq!(faint[0].role, Role::Text);
        // #aaaaaa on white: 2.32:1, its faintest pair.
        assert_eq!(faint[0].ratio_text(), "2.32");
        let pale_accent = Palette {
            accent: Colour::parse("#ffdd00"),
            ..Palette::default()
        };
        assert_eq!(pale_accent.too_faint()[0].role, Role::Accent);
        let dark_background = Palette {
            background: Colour::parse("#202020"),
            ..Palette::default()
        };
        let roles: Vec<Role> = dark_background
            .too_faint()
            .iter()
            .map(|faint| faint.role)
            .collect();
        assert_eq!(roles, vec![Role::Text, Role::Accent, Role::Background]);
    }

    #[test]
    fn no_colour_set_means_no_stylesheet() {
        assert_eq!(Palette::default().stylesheet(), None);
        let css = Palette {
            accent: Colour::parse("#123456"),
            ..Palette::default()
        }
        .stylesheet()
        .unwrap();
        assert!(css.contains("--accent: #123456;"), "{css}");
        assert!(css.contains("background: #ffffff;"), "{css}");
    }
}
