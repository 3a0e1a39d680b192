//! HTML of the account forms and the contributions page. Pure functions from data to markup.

use actix_web::http::StatusCode;
use maud::{Markup, html};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::accounts::MIN_PASSWORD_CHARS;
use crate::accounts::queries::Contribution;
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::identity::User;
use crate::layout::time as show_time;
use crate::names::page_path;

fn error(lang: Lang, message: Option<&str>) -> Markup {
    html! {
        @if let Some(id) = message {
            p.error-message role="alert" { (lang.t(id)) }
        }
    }
}

fn notice(lang: Lang, message: Option<&str>) -> Markup {
    html! {
        @if let Some(id) = message {
            div.notice role="status" { p { (lang.t(id)) } }
        }
    }
}

fn password_help(lang: Lang) -> String {
    lang.t_with(
        "account-password-help",
        &[("min", &MIN_PASSWORD_CHARS.to_string())],
    )
}

/// The sign-up form, filled again after a refusal.
#[derive(Default)]
pub struct SignupForm<'a> {
    /// The first-run setup link's token: the form creates the first administrator.
    pub setup: Option<&'a str>,
    pub name: &'a str,
    pub email: &'a str,
    pub next: &'a str,
    pub error: Option<&'static str>,
    pub status: StatusCode,
}

pub fn signup(ctx: &Ctx, form: &SignupForm<'_>) -> Markup {
    let lang = ctx.lang;
    let action = match form.setup {
        Some(token) => format!("/-/setup/{token}"),
        None => "/-/signup".to_owned(),
    };
    html! {
        @if form.setup.is_some() {
            h1 { (lang.t("setup-title")) }
            p { (lang.t("setup-explanation")) }
        } @else {
            h1 { (lang.t("signup-title")) }
        }
        (error(lang, form.error))
        form.account-form method="post" action=(action) {
            (ctx.csrf_field())
            input type="hidden" name="next" value=(form.next);
            label for="cw-name" { (lang.t("account-name")) }
            p.help #cw-name-help { (lang.t("account-name-help")) }
            input #cw-name type="text" name="name" required minlength="2" maxlength="40"
                autocomplete="username" aria-describedby="cw-name-help" value=(form.name);
            label for="cw-email" { (lang.t("account-email")) }
            input #cw-email type="email" name="email" required autocomplete="email" value=(form.email);
            label for="cw-password" { (lang.t("account-password")) }
            p.help #cw-password-help { (password_help(lang)) }
            input #cw-password type="password" name="password" required minlength=(MIN_PASSWORD_CHARS)
                autocomplete="new-password" aria-describedby="cw-password-help";
            button type="submit" { (lang.t("action-signup")) }
        }
        @if form.setup.is_none() {
            p { (lang.t("signup-have-account")) " " a href="/-/login" { (lang.t("action-login")) } }
        }
    }
}

pub struct LoginForm<'a> {
    pub login: &'a str,
    pub next: &'a str,
    pub error: Option<&'static str>,
    pub notice: Option<&'static str>,
}

pub fn login(ctx: &Ctx, form: &LoginForm<'_>) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t("login-title")) }
        (notice(lang, form.notice))
        (error(lang, form.error))
        form.account-form method="post" action="/-/login" {
            (ctx.csrf_field())
            input type="hidden" name="next" value=(form.next);
            label for="cw-login" { (lang.t("login-name-or-email")) }
            input #cw-login type="text" name="login" required autocomplete="username" value=(form.login);
            label for="cw-password" { (lang.t("account-password")) }
            input #cw-password type="password" name="password" required autocomplete="current-password";
            button type="submit" { (lang.t("action-login")) }
        }
        p {
            a href="/-/reset" { (lang.t("login-forgot")) }
            " · "
            a href={"/-/signup?next=" (percent_encoding::utf8_percent_encode(form.next, percent_encoding::NON_ALPHANUMERIC))} { (lang.t("action-signup")) }
        }
    }
}

/// A form kept while its sender logged in: what they typed, to read over, and the form that
/// sends it again (every field as it was, with this session's token).
pub fn held(ctx: &Ctx, action: &str, fields: &[(String, String)]) -> Markup {
    let lang = ctx.lang;
    // The fields a person typed into, rather than the form's own (revision numbers, ids).
    let typed = fields
        .iter()
        .filter(|(_, value)| value.contains(char::is_whitespace) || value.chars().count() > 40);
    html! {
        h1 { (lang.t("held-title")) }
        p { (lang.t("held-intro")) }
        @for (index, (name, value)) in typed.enumerate() {
            label for={"cw-held-" (index)} { code { (name) } }
            textarea #{"cw-held-" (index)} readonly rows="8" { (value) }
        }
        form method="post" action=(action) {
            (ctx.csrf_field())
            @for (name, value) in fields {
                input type="hidden" name=(name) value=(value);
            }
            button type="submit" { (lang.t("held-send")) }
        }
        p { a href="/" { (lang.t("held-drop")) } }
    }
}

pub fn account(
    ctx: &Ctx,
    user: &User,
    done: Option<&'static str>,
    refused: Option<&'static str>,
) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t("account-title")) }
        (notice(lang, done))
        (error(lang, refused))
        dl.account-facts {
            dt { (lang.t("account-name")) } dd { a href={"/-/users/" (percent_encoding::utf8_percent_encode(&user.name, percent_encoding::NON_ALPHANUMERIC))} { (user.name) } }
            dt { (lang.t("account-email")) } dd { (user.email) }
            dt { (lang.t("account-role")) } dd { (lang.t(&format!("role-{}", user.role.as_str()))) }
            @if !user.groups.is_empty() {
                dt { (lang.t("account-groups")) } dd { (user.groups.join(", ")) }
            }
        }
        section aria-labelledby="cw-password-title" {
            h2 #cw-password-title { (lang.t("account-change-password")) }
            p { (lang.t("account-change-password-explanation")) }
            form.account-form method="post" action="/-/account/password" {
                (ctx.csrf_field())
                label for="cw-current" { (lang.t("account-current-password")) }
                input #cw-current type="password" name="current" required autocomplete="current-password";
                label for="cw-new" { (lang.t("account-new-password")) }
                p.help #cw-new-help { (password_help(lang)) }
                input #cw-new type="password" name="new" required minlength=(MIN_PASSWORD_CHARS)
                    autocomplete="new-password" aria-describedby="cw-new-help";
                button type="submit" { (lang.t("account-change-password")) }
            }
        }
        section aria-labelledby="cw-email-title" {
            h2 #cw-email-title { (lang.t("account-change-email")) }
            form.account-form method="post" action="/-/account/email" {
                (ctx.csrf_field())
                label for="cw-new-email" { (lang.t("account-email")) }
                input #cw-new-email type="email" name="email" required autocomplete="email" value=(user.email);
                label for="cw-current-2" { (lang.t("account-current-password")) }
                input #cw-current-2 type="password" name="current" required autocomplete="current-password";
                button type="submit" { (lang.t("account-change-email")) }
            }
        }
    }
}

pub fn reset_request(ctx: &Ctx) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t("reset-title")) }
        p { (lang.t("reset-explanation")) }
        form.account-form method="post" action="/-/reset" {
            (ctx.csrf_field())
            label for="cw-login" { (lang.t("login-name-or-email")) }
            input #cw-login type="text" name="login" required autocomplete="username";
            button type="submit" { (lang.t("reset-send")) }
        }
    }
}

pub fn reset_sent(lang: Lang) -> Markup {
    html! {
        h1 { (lang.t("reset-title")) }
        div.notice role="status" { p { (lang.t("reset-sent")) } }
    }
}

pub fn reset_invalid(lang: Lang) -> Markup {
    html! {
        h1 { (lang.t("reset-title")) }
        p.error-message { (lang.t("reset-invalid")) }
        p { a href="/-/reset" { (lang.t("reset-again")) } }
    }
}

pub fn reset_form(ctx: &Ctx, token: &str, refused: Option<&'static str>) -> Markup {
    let lang = ctx.lang;
    html! {
        h1 { (lang.t("reset-title")) }
        (error(lang, refused))
        form.account-form method="post" action={"/-/reset/" (token)} {
            (ctx.csrf_field())
            label for="cw-new" { (lang.t("account-new-password")) }
            p.help #cw-new-help { (password_help(lang)) }
            input #cw-new type="password" name="new" required minlength=(MIN_PASSWORD_CHARS)
                autocomplete="new-password" aria-describedby="cw-new-help";
            button type="submit" { (lang.t("reset-set")) }
        }
    }
}

pub fn contributions(
    lang: Lang,
    user: &str,
    rows: &[Contribution],
    older: Option<OffsetDateTime>,
) -> Markup {
    html! {
        h1 { (lang.t_with("contributions-title", &[("user", user)])) }
        @if rows.is_empty() {
            p { (lang.t("contributions-none")) }
        } @else {
            ol.changes {
                @for row in rows {
                    @let path = page_path(&row.page_name);
                    li {
                        (show_time(lang, row.created_at)) " — "
                        a href=(path) { (row.page_name) } " — "
                        @if row.number > 1 {
                            a href={(path) "/diff?from=" (row.number - 1) "&to=" (row.number)} { (lang.t_with("recent-revision", &[("number", &row.number.to_string())])) }
                        } @else {
                            span.new-page { (lang.t("recent-new-page")) }
                        }
                        " · " (row.size_bytes) " " (lang.t("bytes"))
                        @if !row.summary.is_empty() { " · " q { (row.summary) } }
                    }
                }
            }
        }
        @if let Some(older) = older.and_then(|t| t.format(&Rfc3339).ok()) {
            p { a rel="next" href={"/-/users/" (percent_encoding::utf8_percent_encode(user, percent_encoding::NON_ALPHANUMERIC)) "?before=" (percent_encoding::utf8_percent_encode(&older, percent_encoding::NON_ALPHANUMERIC))} { (lang.t("history-older")) } }
        }
    }
}
