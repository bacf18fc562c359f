//! User management for admins: the list, adding a user, changing name, role and
//! region, disabling (never deleting: history keeps the name) and resetting a
//! password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{ResetPassword, SaveUser, UserLine, UserOutcome, load_users};
use crate::i18n::{I18n, use_i18n};
use crate::layout::{LoadError, Loading, PageNotFound};
use crate::sessions::api::{RegionOption, load_region_options};

const ROLES: [&str; 3] = ["admin", "organizer", "operator"];

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveUser>::new();
    let users = Resource::new(move || save.version().get(), |_| load_users());
    let regions = Resource::new(|| (), |_| load_region_options());
    view! {
        <Title text=i18n.t("users-title")/>
        <h1>{i18n.t("users-title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (users.await, regions.await) {
                    (Ok(list), Ok(regions)) => view! {
                        <UserTable users=list/>
                        <section class="panel" aria-labelledby="new-user-title">
                            <h2 id="new-user-title">{i18n.t("users-new")}</h2>
                            <UserFields action=save existing=None regions/>
                        </section>
                    }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserTable(users: Vec<UserLine>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="sessions-table" id="users">
            <thead><tr>
                <th scope="col">{i18n.t("account-name")}</th>
                <th scope="col">{i18n.t("sign-in-email")}</th>
                <th scope="col">{i18n.t("account-role")}</th>
                <th scope="col"><span class="sr-only">{i18n.t("organizer-col-actions")}</span></th>
            </tr></thead>
            <tbody>
                {users.into_iter().map(|user| view! {
                    <tr class:muted=user.disabled>
                        <td>{user.name.clone()}</td>
                        <td>{user.email.clone()}</td>
                        <td>{role_label(i18n, &user)}</td>
                        <td class="actions"><A href=format!("/admin/users/{}", user.id)>{i18n.t("organizer-edit")}</A></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// "Operator · Jawa Barat (disabled)"
fn role_label(i18n: I18n, user: &UserLine) -> String {
    let mut label = i18n.t(&format!("role-{}", user.role));
    if let Some(region) = &user.region_name {
        label.push_str(&format!(" · {region}"));
    }
    if user.disabled {
        label.push_str(&format!(" ({})", i18n.t("users-disabled")));
    }
    label
}

#[component]
pub fn EditUserPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let save = ServerAction::<SaveUser>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let users = Resource::new(move || save.version().get(), |_| load_users());
    let regions = Resource::new(|| (), |_| load_region_options());
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<i64>().ok())
    };
    view! {
        <Title text=i18n.t("users-edit")/>
        <p class="breadcrumb"><A href="/admin/users">{i18n.t("users-back")}</A></p>
        <h1>{i18n.t("users-edit")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (users.await, regions.await) {
                    (Ok(list), Ok(regions)) => match list.into_iter().find(|u| Some(u.id) == id()) {
                        Some(user) => view! {
                            {move || matches!(save.value().get(), Some(Ok(UserOutcome::Saved { .. })))
                                .then(|| view! { <p class="alert alert--success" role="status" id="user-saved">{i18n.t("editor-saved")}</p> })}
                            <UserFields action=save existing=Some(user.clone()) regions/>
                            <ResetPasswordForm action=reset id=user.id/>
                        }.into_any(),
                        None => view! { <PageNotFound/> }.into_any(),
                    },
                    (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The user form: new (with address and first password) or existing (with disabling).
#[component]
fn UserFields(
    action: ServerAction<SaveUser>,
    existing: Option<UserLine>,
    regions: Vec<RegionOption>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move |field: &'static str| match action.value().get() {
        Some(Ok(UserOutcome::Invalid(list))) => list
            .into_iter()
            .find(|(f, _)| f == field)
            .map(|(_, key)| i18n.t(&key)),
        _ => None,
    };
    let failed = move || matches!(action.value().get(), Some(Err(_)));
    let current_role = existing
        .as_ref()
        .map_or("operator".to_owned(), |u| u.role.clone());
    let current_region = existing
        .as_ref()
        .and_then(|u| u.region.clone())
        .unwrap_or_default();
    let is_new = existing.is_none();
    let mut region_choices = vec![(String::new(), i18n.t("users-no-region"))];
    region_choices.extend(regions.into_iter().map(|r| {
        let indent = if r.parent.is_some() { "  " } else { "" };
        (r.code.clone(), format!("{indent}{} ({})", r.name, r.code))
    }));
    let field_error = move |field: &'static str| {
        view! { <p class="field-error" id=format!("user-{field}-error") aria-live="polite">{move || problem(field)}</p> }
    };
    view! {
        <ActionForm action=action attr:class="editor" attr:id=if is_new { "new-user-form" } else { "user-form" }>
            {existing.as_ref().map(|u| view! { <input type="hidden" name="id" value=u.id/> })}
            {move || failed().then(|| view! { <p class="alert alert--error" role="alert">{i18n.t("error-internal")}</p> })}
            {if is_new {
                view! {
                    <div class="field">
                        <label for="user-email">{i18n.t("sign-in-email")}</label>
                        <input id="user-email" name="form[email]" type="email" required/>
                        {field_error("email")}
                    </div>
                }.into_any()
            } else {
                view! { <p><strong>{existing.as_ref().map(|u| u.email.clone())}</strong></p> }.into_any()
            }}
            <div class="field">
                <label for="user-name">{i18n.t("account-name")}</label>
                <input id="user-name" name="form[name]" type="text" value=existing.as_ref().map(|u| u.name.clone()) required/>
                {field_error("name")}
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="user-role">{i18n.t("account-role")}</label>
                    <select id="user-role" name="form[role]">
                        {ROLES.into_iter().map(|role| view! {
                            <option value=role selected=role == current_role>{i18n.t(&format!("role-{role}"))}</option>
                        }).collect_view()}
                    </select>
                    {field_error("role")}
                </div>
                <div class="field">
                    <label for="user-region">{i18n.t("users-region")}</label>
                    <select id="user-region" name="form[region]">
                        {region_choices.into_iter().map(|(code, label)| {
                            let selected = code == current_region;
                            view! { <option value=code selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    {field_error("region")}
                </div>
            </div>
            <p class="hint">{i18n.t("users-region-hint")}</p>
            {if is_new {
                view! {
                    <div class="field">
                        <label for="user-password">{i18n.t("users-first-password")}</label>
                        <input id="user-password" name="form[password]" type="password" autocomplete="new-password" minlength="10" required/>
                        {field_error("password")}
                    </div>
                }.into_any()
            } else {
                let disabled = existing.as_ref().is_some_and(|u| u.disabled);
                view! {
                    <label class="checkbox">
                        <input type="checkbox" name="form[disabled]" value="true" checked=disabled id="user-disabled"/>
                        {i18n.t("users-disable")}
                    </label>
                }.into_any()
            }}
            <div class="editor__actions">
                <button type="submit" class="button" id=if is_new { "create-user" } else { "save-user" }>
                    {if is_new { i18n.t("users-create") } else { i18n.t("editor-save-changes") }}
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn ResetPasswordForm(action: ServerAction<ResetPassword>, id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = move || {
        match action.value().get() {
        Some(Ok(UserOutcome::Saved { .. })) => Some(view! { <p class="alert alert--success" role="status" id="password-reset">{i18n.t("users-password-reset")}</p> }.into_any()),
        Some(Ok(UserOutcome::Invalid(list))) => list.first().map(|(_, key)| view! { <p class="alert alert--error" role="alert">{i18n.t(key)}</p> }.into_any()),
        Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
        None => None,
    }
    };
    view! {
        <section class="panel" aria-labelledby="reset-title">
            <h2 id="reset-title">{i18n.t("users-reset-title")}</h2>
            <p class="hint">{i18n.t("users-reset-hint")}</p>
            {outcome}
            <ActionForm action=action attr:class="inline-form" attr:id="reset-form">
                <input type="hidden" name="id" value=id/>
                <div class="field">
                    <label for="reset-password">{i18n.t("password-new")}</label>
                    <input id="reset-password" name="password" type="password" autocomplete="new-password" minlength="10" required/>
                </div>
                <button type="submit" class="button button--quiet">{i18n.t("users-reset")}</button>
            </ActionForm>
        </section>
    }
}
