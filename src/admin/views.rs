//! HTML of the administration pages: people and groups, and the site settings.

use maud::{Markup, html};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::admin::queries::UserRow;
use crate::admin::settings::{Form, Problem};
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::identity::Role;
use crate::layout::time as show_time;
use crate::names::page_path;
use crate::pages::views::author_link;
use crate::search::queries::SetAside;
use crate::site::{DEFAULT_ACCENT, DEFAULT_BACKGROUND, DEFAULT_TEXT, MIN_CONTRAST};

/// An addition to a group that was refused, shown at its form with what was typed.
pub struct RefusedMember<'a> {
    pub group: &'a str,
    pub user: &'a str,
    pub message: String,
}

pub fn overview(
    ctx: &Ctx,
    users: &[UserRow],
    groups: &[(String, Vec<String>)],
    set_aside: &[SetAside],
    refused: Option<&RefusedMember<'_>>,
) -> Markup {
    let lang = ctx.lang;
    html! {
        (admin_nav(lang, "/-/admin/"))
        h1 { (lang.t("admin-title")) }
        section aria-labelledby="cw-users" {
            h2 #cw-users { (lang.t("admin-users")) }
            p { (lang.t("admin-users-explanation")) }
            table.admin-users {
                thead {
                    tr {
                        th scope="col" { (lang.t("account-name")) }
                        th scope="col" { (lang.t("account-email")) }
                        th scope="col" { (lang.t("admin-since")) }
                        th scope="col" { (lang.t("account-role")) }
                    }
                }
                tbody {
                    @for user in users {
                        @let id = format!("cw-role-{}", utf8_percent_encode(&user.name, NON_ALPHANUMERIC));
                        tr {
                            td { (author_link(&user.name, true)) }
                            td { (user.email) }
                            td {
                                (show_time(lang, user.created_at))
                                @if user.legacy_password {
                                    br;
                                    small { (lang.t("admin-imported-not-logged-in")) }
                                }
                            }
                            td {
                                form.inline method="post" action={"/-/admin/users/" (utf8_percent_encode(&user.name, NON_ALPHANUMERIC)) "/role"} {
                                    (ctx.csrf_field())
                                    label.visually-hidden for=(id) { (lang.t_with("admin-role-of", &[("user", &user.name)])) }
                                    select id=(id) name="role" {
                                        @for role in Role::ALL {
                                            option value=(role.as_str()) selected[role == user.role] { (lang.t(&format!("role-{}", role.as_str()))) }
                                        }
                                    }
                                    button type="submit" { (lang.t("admin-change")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="cw-groups" {
            h2 #cw-groups { (lang.t("admin-groups")) }
            p { (lang.t("admin-groups-explanation")) }
            @for (group, members) in groups {
                @let path = format!("/-/admin/groups/{}", utf8_percent_encode(group, NON_ALPHANUMERIC));
                section.admin-group {
                    h3 { "@" (group) }
                    @if members.is_empty() {
                        p { (lang.t("admin-group-empty")) }
                    } @else {
                        ul {
                            @for member in members {
                                li {
                                    (author_link(member, true)) " "
                                    form.inline method="post" action={(path) "/members/remove"} {
                                        (ctx.csrf_field())
                                        input type="hidden" name="user" value=(member);
                                        button.secondary type="submit" { (lang.t_with("admin-remove-member", &[("user", member)])) }
                                    }
                                }
                            }
                        }
                    }
                    @let refusal = refused.filter(|refused| refused.group == group.as_str());
                    form.inline method="post" action={(path) "/members"} {
                        (ctx.csrf_field())
                        label for={"cw-add-" (group)} { (lang.t("admin-add-member")) }
                        @if let Some(refusal) = refusal {
                            input id={"cw-add-" (group)} type="text" name="user" required value=(refusal.user) aria-invalid="true" aria-describedby={"cw-add-" (group) "-error"} autofocus;
                        } @else {
                            input id={"cw-add-" (group)} type="text" name="user" required;
                        }
                        button type="submit" { (lang.t("admin-add")) }
                        @if let Some(refusal) = refusal {
                            p.error-message id={"cw-add-" (group) "-error"} role="alert" { (refusal.message) }
                        }
                    }
                    form.inline method="post" action={(path) "/delete"} {
                        (ctx.csrf_field())
                        button.danger type="submit" { (lang.t_with("admin-delete-group", &[("group", group)])) }
                    }
                }
            }
            form method="post" action="/-/admin/groups" {
                (ctx.csrf_field())
                label for="cw-new-group" { (lang.t("admin-new-group")) }
                input #cw-new-group type="text" name="name" required maxlength="40";
                button type="submit" { (lang.t("admin-create-group")) }
            }
        }
        // Only when there are some: an operator has something to look at.
        @if !set_aside.is_empty() {
            section aria-labelledby="cw-set-aside" {
                h2 #cw-set-aside { (lang.t("admin-search-set-aside")) }
                p { (lang.t("admin-search-set-aside-explanation")) }
                table.admin-set-aside {
                    thead {
                        tr {
                            th scope="col" { (lang.t("admin-search-page")) }
                            th scope="col" { (lang.t("admin-search-revision")) }
                            th scope="col" { (lang.t("admin-since")) }
                            th scope="col" { (lang.t("admin-search-reason")) }
                        }
                    }
                    tbody {
                        @for page in set_aside {
                            tr {
                                td { a href=(page_path(&page.name)) { (page.name) } }
                                td { (page.revision) }
                                td { (show_time(lang, page.at)) }
                                td { (page.reason) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The links between the administration pages.
fn admin_nav(lang: Lang, here: &str) -> Markup {
    let link = |path: &str, label: &str| {
        html! {
            li {
                @if path == here {
                    a href=(path) aria-current="page" { (label) }
                } @else {
                    a href=(path) { (label) }
                }
            }
        }
    };
    html! {
        nav.listing-nav aria-label=(lang.t("admin-nav-label")) {
            ul {
                (link("/-/admin/", &lang.t("admin-nav-people")))
                (link("/-/admin/settings", &lang.t("settings-title")))
            }
        }
    }
}

/// The site settings page: the form, filled with `form`, with each of `problems` at its
/// field; `saved` after a save went through.
pub fn settings(ctx: &Ctx, form: &Form, problems: &[Problem], saved: bool) -> Markup {
    let lang = ctx.lang;
    let site = &ctx.site;
    let settings = &ctx.state.settings;
    let default = |value: &str| lang.t_with("settings-default", &[("value", value)]);
    html! {
        (admin_nav(lang, "/-/admin/settings"))
        h1 { (lang.t("settings-title")) }
        @if saved {
            p.notice role="status" { (lang.t("settings-saved")) }
        }
        @if !problems.is_empty() {
            p.error-message role="alert" { (lang.t("settings-problems")) }
        }
        p { (lang.t("settings-explanation")) }
        form.settings-form method="post" action="/-/admin/settings" {
            (ctx.csrf_field())
            (text_field("name", &lang.t("settings-name"), &default(&settings.site_name), &form.name, super::settings::NAME_MAX, problems))
            (text_field("tagline", &lang.t("settings-tagline"), &lang.t("settings-tagline-help"), &form.tagline, super::settings::TAGLINE_MAX, problems))
            (text_field("logo", &lang.t("settings-logo"), &lang.t("settings-logo-help"), &form.logo, 250, problems))
            fieldset {
                legend { (lang.t("settings-colours")) }
                p.help { (lang.t_with("settings-colours-help", &[("minimum", &MIN_CONTRAST.to_string())])) }
                (text_field("text_colour", &lang.t("settings-text-colour"), &default(&DEFAULT_TEXT.hex()), &form.text_colour, 7, problems))
                (text_field("background_colour", &lang.t("settings-background-colour"), &default(&DEFAULT_BACKGROUND.hex()), &form.background_colour, 7, problems))
                (text_field("accent_colour", &lang.t("settings-accent-colour"), &default(&DEFAULT_ACCENT.hex()), &form.accent_colour, 7, problems))
            }
            (text_field("home_page", &lang.t("settings-home-page"), &default(settings.home_page.as_str()), &form.home_page, 200, problems))
            @let language_error = problems.iter().find(|p| p.field == "language");
            p {
                label for="cw-setting-language" { (lang.t("settings-language")) }
                br;
                select #cw-setting-language name="language" aria-describedby="cw-setting-language-help" aria-invalid=[language_error.map(|_| "true")] {
                    @for option in Lang::all().iter().copied() {
                        option value=(option.code()) lang=(option.code()) selected[option.code() == form.language] { (option.native_name()) }
                    }
                }
                br;
                small.help #cw-setting-language-help { (lang.t("settings-language-help")) }
                @if let Some(error) = language_error {
                    br;
                    span.error-message { (error.message) }
                }
            }
            (text_field("licence", &lang.t("settings-licence"), &lang.t("settings-licence-help"), &form.licence, super::settings::LICENCE_MAX, problems))
            button type="submit" { (lang.t("settings-save")) }
        }
        @if let Some(logo) = &site.logo {
            p { (lang.t("settings-logo-now")) " " img.site-logo src=(logo.src()) alt=(logo.reference()); }
        }
    }
}

/// A labelled text field with its help, and its problem if it has one (announced with the
/// field, `aria-describedby`).
fn text_field(
    name: &str,
    label: &str,
    help: &str,
    value: &str,
    max: usize,
    problems: &[Problem],
) -> Markup {
    let id = format!("cw-setting-{name}");
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let problem = problems.iter().find(|problem| problem.field == name);
    let described = match problem {
        Some(_) => format!("{error_id} {help_id}"),
        None => help_id.clone(),
    };
    html! {
        p {
            label for=(id) { (label) }
            br;
            input id=(id) type="text" name=(name) value=(value) maxlength=(max)
                aria-describedby=(described) aria-invalid=[problem.map(|_| "true")];
            br;
            small.help id=(help_id) { (help) }
            @if let Some(problem) = problem {
                br;
                span.error-message id=(error_id) { (problem.message) }
            }
        }
    }
}
