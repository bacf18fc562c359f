//! The organizer's registration page of a session
//! (`/organizer/sessions/:id/registrations`): whom the session invites (with quotas),
//! the deadline and the public link, registrations per region and mode, the invited
//! offices that have registered nobody yet, the export, and the desk itself.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{Overview, SaveInvitations, SaveRegistrationSettings, load_overview};
use super::desk::{DeskView, OutcomeView};
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound};

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let changed = RwSignal::new(0u32);
    let sheet_saved = RwSignal::new(None::<usize>);
    let invitations = ServerAction::<SaveInvitations>::new();
    let settings = ServerAction::<SaveRegistrationSettings>::new();
    let overview = Resource::new(
        move || {
            (
                params.read().get("id"),
                changed.get(),
                invitations.version().get(),
                settings.version().get(),
            )
        },
        |(id, ..)| async move {
            match id.and_then(|id| id.parse::<i64>().ok()) {
                Some(id) => load_overview(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=i18n.t("registrations-title")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(Some(overview)) => view! {
                        <p class="breadcrumb">
                            <A href=format!("/organizer/sessions/{}", overview.desk.session_id)>{i18n.t("program-back")}</A>
                        </p>
                        <h1>{i18n.t("registrations-title")}</h1>
                        {view! { <InvitationSection overview=overview.clone() action=invitations/> }.into_any()}
                        {view! { <SettingsSection overview=overview.clone() action=settings/> }.into_any()}
                        {view! { <TallySection overview=overview.clone()/> }.into_any()}
                        <DeskView desk=overview.desk changed sheet_saved/>
                    }.into_any(),
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InvitationSection(overview: Overview, action: ServerAction<SaveInvitations>) -> impl IntoView {
    let i18n = use_i18n();
    let form = overview.invitation_form.clone();
    let scope = RwSignal::new(form.scope.clone());
    let chosen = form.regions.clone();
    let session = overview.desk.session_id;
    let scope_radio = move |value: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="form[scope]" value=value checked=form.scope == value
                    on:change=move |_| scope.set(value.to_owned())/>
                {i18n.t(&format!("invitation-scope-{value}"))}
            </label>
        }
    };
    let provinces = overview.provinces.clone();
    let regencies: Vec<_> = overview
        .all_regions
        .iter()
        .filter(|r| r.parent.is_some())
        .cloned()
        .collect();
    let chosen_regencies = chosen.clone();
    view! {
        <section id="invitations">
            <h2>{i18n.t("registrations-invited")}</h2>
            {if overview.invitations.is_empty() {
                view! { <p class="empty">{i18n.t("session-invited-nobody")}</p> }.into_any()
            } else {
                view! { <ul class="invited-list">{overview.invitations.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul> }.into_any()
            }}
            <details>
                <summary>{i18n.t("registrations-change-invitations")}</summary>
                <OutcomeView value=Signal::derive(move || action.value().get())/>
                <ActionForm action attr:class="editor" attr:id="invitation-form">
                    <input type="hidden" name="session" value=session/>
                    <fieldset>
                        <legend>{i18n.t("invitation-field-scope")}</legend>
                        {scope_radio("all")}
                        {scope_radio("provinces")}
                        {scope_radio("regencies")}
                    </fieldset>
                    <div class="field" class:hidden=move || scope.get() != "provinces">
                        <label class="choice">
                            <input type="checkbox" name="form[with_regencies]" value="true" checked=form.with_regencies/>
                            {i18n.t("registrations-with-regencies")}
                        </label>
                        <fieldset class="checkbox-grid">
                            <legend>{i18n.t("invitation-field-regions")}</legend>
                            {provinces.into_iter().map(|p| {
                                let checked = chosen.contains(&p.code);
                                view! {
                                    <label class="choice">
                                        <input type="checkbox" name="form[regions][]" value=p.code.clone() checked=checked
                                            disabled=move || scope.get() != "provinces"/>
                                        {p.name}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    </div>
                    <div class="field" class:hidden=move || scope.get() != "regencies">
                        <label for="invite-regencies">{i18n.t("invitation-field-regions")}</label>
                        <select id="invite-regencies" name="form[regions][]" multiple size="10"
                            disabled=move || scope.get() != "regencies">
                            {regencies.into_iter().map(|r| {
                                let selected = chosen_regencies.contains(&r.code);
                                view! { <option value=r.code.clone() selected=selected>{format!("{} ({})", r.name, r.code)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field-grid">
                        <div class="field">
                            <label for="quota-luring">{i18n.t("invitation-field-quota_luring")}</label>
                            <input id="quota-luring" name="form[quota_luring]" type="number" min="1" value=form.quota_luring.clone()/>
                        </div>
                        <div class="field">
                            <label for="quota-daring">{i18n.t("invitation-field-quota_daring")}</label>
                            <input id="quota-daring" name="form[quota_daring]" type="number" min="1" value=form.quota_daring.clone()/>
                        </div>
                    </div>
                    <p class="hint">{i18n.t("registrations-quota-hint")}</p>
                    <button type="submit" class="button button--primary">{i18n.t("registrations-save-invitations")}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn SettingsSection(
    overview: Overview,
    action: ServerAction<SaveRegistrationSettings>,
) -> impl IntoView {
    let i18n = use_i18n();
    let link = overview.public_link.clone();
    let link_open = link.is_some();
    view! {
        <section id="registration-settings">
            <h2>{i18n.t("registrations-settings")}</h2>
            <OutcomeView value=Signal::derive(move || action.value().get())/>
            <ActionForm action attr:class="editor" attr:id="settings-form">
                <input type="hidden" name="session" value=overview.desk.session_id/>
                <div class="field-grid">
                    <div class="field">
                        <label for="deadline-date">{i18n.t("registrations-deadline_date")}</label>
                        <input id="deadline-date" name="deadline_date" type="date" value=overview.deadline_date.clone()/>
                    </div>
                    <div class="field">
                        <label for="deadline-time">{format!("{} ({})", i18n.t("registrations-deadline_time"), overview.zone_label)}</label>
                        <input id="deadline-time" name="deadline_time" type="time" value=overview.deadline_time.clone()/>
                    </div>
                </div>
                <p class="hint">{i18n.t("registrations-deadline-hint")}</p>
                <label class="choice">
                    <input type="checkbox" name="public_link" value="open" checked=link_open id="public-link-open"/>
                    {i18n.t("registrations-public-link-open")}
                </label>
                <button type="submit" class="button">{i18n.t("registrations-save-settings")}</button>
            </ActionForm>
            {link.map(|link| view! {
                <p>{i18n.t("registrations-public-link")}": " <a href=link.clone() id="public-link">{link.clone()}</a></p>
            })}
        </section>
    }
}

#[component]
fn TallySection(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let session = overview.desk.session_id;
    let pair = |(confirmed, waitlisted): (u32, u32)| {
        if waitlisted == 0 {
            confirmed.to_string()
        } else {
            format!("{confirmed} (+{waitlisted})")
        }
    };
    view! {
        <section id="tally">
            <h2>{i18n.t("registrations-per-region")}</h2>
            <p>
                <a href=format!("/organizer/sessions/{session}/registrations.csv") download id="export-csv">{i18n.t("registrations-export-csv")}</a>
                " · "
                <a href=format!("/organizer/sessions/{session}/registrations.xlsx") download id="export-xlsx">{i18n.t("registrations-export-xlsx")}</a>
            </p>
            {if overview.tally.is_empty() {
                view! { <p class="empty">{i18n.t("desk-nobody")}</p> }.into_any()
            } else {
                view! {
                    <table class="table" id="tally-table">
                        <thead><tr>
                            <th scope="col">{i18n.t("registration-field-region")}</th>
                            <th scope="col">{i18n.t("attendance-luring")}</th>
                            <th scope="col">{i18n.t("attendance-daring")}</th>
                        </tr></thead>
                        <tbody>
                            {overview.tally.into_iter().map(|t| view! {
                                <tr><th scope="row">{t.name}</th><td>{pair(t.luring)}</td><td>{pair(t.daring)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="hint">{i18n.t("registrations-tally-hint")}</p>
                }.into_any()
            }}
            <h3>{i18n.t_with("registrations-not-yet", &[("count", overview.not_registered.len().into())])}</h3>
            <ul class="chase-list" id="not-registered">
                {overview.not_registered.into_iter().map(|r| view! { <li>{r.name}</li> }).collect_view()}
            </ul>
        </section>
    }
}
