//! HTML of the administration page.

use maud::{Markup, html};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::admin::queries::UserRow;
use crate::ctx::Ctx;
use crate::identity::Role;
use crate::layout::time as show_time;
use crate::names::page_path;
use crate::pages::views::author_link;
use crate::search::queries::SetAside;

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
