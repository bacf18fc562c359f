//! The organizer's session editor: create a draft, edit or reschedule, publish, cancel.
//!
//! The form posts to the `save_session` server function. Once hydrated it does so
//! without leaving the page, shows each field's problem next to the field, and hides
//! the venue or meeting fields that the chosen mode does not use. Without JavaScript
//! every field is shown and the form still posts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use simpul::session::{SessionField, SessionForm};
use simpul::validation::Problem;
use simpul::{SessionKind, SessionMode, SessionStatus, Zone};

use super::api::{
    ChangeSessionStatus, EditableSession, RegionOption, SaveOutcome, SaveSession, StatusOutcome,
    load_editable_session, load_region_options,
};
use super::labels;
use crate::accounts::audit::SessionHistory;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound};

#[component]
pub fn NewSessionPage() -> impl IntoView {
    let i18n = use_i18n();
    let regions = Resource::new(|| (), |_| load_region_options());
    view! {
        <EditorHeading title=i18n.t("editor-new-title")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match regions.await {
                    Ok(regions) => view! { <SessionEditor existing=None regions/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditSessionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let status_action = ServerAction::<ChangeSessionStatus>::new();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| simpul::SessionId::parse(&raw))
    };
    let session = Resource::new(
        move || {
            (
                id(),
                status_action.version().get(),
                query.read().get("saved"),
            )
        },
        |(id, _, _)| async move {
            match id {
                Some(id) => load_editable_session(id.0).await,
                None => Ok(None),
            }
        },
    );
    let regions = Resource::new(|| (), |_| load_region_options());
    let saved = move || query.read().get("saved").is_some();
    view! {
        <EditorHeading title=i18n.t("editor-edit-title")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (session.await, regions.await) {
                    (Ok(Some(existing)), Ok(regions)) => {
                        view! {
                            {saved().then(|| view! { <p class="alert alert--success" role="status" id="saved-notice">{i18n.t("editor-saved")}</p> })}
                            <StatusActions session=existing.clone() action=status_action/>
                            <p class="program-link">
                                <A href=format!("/organizer/sessions/{}/program", existing.id) attr:id="program-link">
                                    {i18n.t("program-open")}
                                </A>
                                " · "
                                <A href=format!("/organizer/sessions/{}/registrations", existing.id) attr:id="registrations-link">
                                    {i18n.t("organizer-registrations")}
                                </A>
                                " · "
                                <A href=format!("/organizer/sessions/{}/attendance", existing.id) attr:id="attendance-link">
                                    {i18n.t("attendance-title")}
                                </A>
                                " · "
                                <A href=format!("/organizer/sessions/{}/check-in", existing.id) attr:id="check-in-link">
                                    {i18n.t("check-in-title")}
                                </A>
                            </p>
                            <SessionEditor existing=Some(existing.clone()) regions/>
                            <SessionHistory session=existing.id/>
                        }
                            .into_any()
                    }
                    (Ok(None), _) => view! { <PageNotFound/> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The page title, the way back to the organizer's list, and the heading.
#[component]
fn EditorHeading(title: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb"><A href="/organizer">{i18n.t("back-to-organizer")}</A></p>
        <h1>{title}</h1>
    }
}

/// Publish, cancel or complete, as the session's status allows.
#[component]
fn StatusActions(
    session: EditableSession,
    action: ServerAction<ChangeSessionStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = session.status;
    let id = session.id;
    let outcome = move || match action.value().get() {
        Some(Ok(StatusOutcome::Forbidden { from })) => Some(i18n.t_with(
            "editor-status-forbidden",
            &[("status", labels::status(i18n, from).into())],
        )),
        Some(Err(_)) => Some(i18n.t("error-internal")),
        _ => None,
    };
    let can = |to: SessionStatus| status.transition(to).is_ok();
    view! {
        <section class="status-panel" aria-labelledby="status-title">
            <h2 id="status-title" class="status-panel__title">
                {i18n.t("editor-status")} ": "
                <span class=format!("badge badge--status-{}", status.as_str()) id="session-status">
                    {labels::status(i18n, status)}
                </span>
            </h2>
            {move || outcome().map(|text| view! { <p class="alert alert--error" role="alert">{text}</p> })}
            <div class="status-panel__actions">
                {can(SessionStatus::Published)
                    .then(|| {
                        view! {
                            <ActionForm action=action>
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="status" value="published"/>
                                <button type="submit" class="button" id="publish">{i18n.t("editor-publish")}</button>
                            </ActionForm>
                        }
                    })}
                {can(SessionStatus::Completed)
                    .then(|| {
                        view! {
                            <ActionForm action=action>
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="status" value="completed"/>
                                <button type="submit" class="button button--quiet">{i18n.t("editor-complete")}</button>
                            </ActionForm>
                        }
                    })}
                {can(SessionStatus::Cancelled)
                    .then(|| {
                        view! {
                            <ActionForm action=action attr:class="cancel-form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="status" value="cancelled"/>
                                <label class="checkbox">
                                    <input type="checkbox" required id="confirm-cancel"/>
                                    {i18n.t("editor-cancel-confirm")}
                                </label>
                                <button type="submit" class="button button--danger" id="cancel-session">
                                    {i18n.t("editor-cancel")}
                                </button>
                            </ActionForm>
                        }
                    })}
                {status
                    .is_public()
                    .then(|| {
                        view! {
                            <A href=format!("/sessions/{}", session.id) attr:class="button button--quiet">
                                {i18n.t("organizer-view-public")}
                            </A>
                        }
                    })}
            </div>
            {(!status.is_editable()).then(|| view! { <p class="alert alert--info">{i18n.t("editor-not-editable")}</p> })}
        </section>
    }
}

#[component]
fn SessionEditor(existing: Option<EditableSession>, regions: Vec<RegionOption>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveSession>::new();
    let navigate = use_navigate();
    let editable = existing.as_ref().is_none_or(|e| e.status.is_editable());
    let id = existing.as_ref().map(|e| e.id);
    let form = existing.map(|e| e.form).unwrap_or_else(|| SessionForm {
        zone: Zone::Wib.iana().to_owned(),
        kind: SessionKind::Rakor.as_str().to_owned(),
        mode: SessionMode::Hybrid.as_str().to_owned(),
        ..SessionForm::default()
    });

    // After hydration, fields the chosen mode does not use are hidden; before it (and
    // without JavaScript) all are shown, so the server and browser render the same.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let mode = RwSignal::new(SessionMode::parse(&form.mode));
    let hide_venue = move || hydrated.get() && mode.get().is_some_and(|m| !m.needs_venue());
    let hide_link = move || hydrated.get() && mode.get().is_some_and(|m| !m.needs_link());

    Effect::new(move |_| {
        if let Some(Ok(SaveOutcome::Saved { id })) = save.value().get() {
            // The save count in the address makes every save a new address, so the page
            // reloads the stored session each time.
            let saves = save.version().get_untracked();
            navigate(
                &format!("/organizer/sessions/{id}?saved={saves}"),
                Default::default(),
            );
        }
    });
    let problems = Memo::new(move |_| match save.value().get() {
        Some(Ok(SaveOutcome::Invalid(list))) => list,
        _ => Vec::new(),
    });
    let problem_of = move |field: SessionField| -> Option<Problem> {
        problems
            .read()
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| *p)
    };
    let message_of = move |field: SessionField| problem_of(field).map(|p| labels::problem(i18n, p));
    let general = move || match save.value().get() {
        Some(Ok(SaveOutcome::Invalid(_))) => Some(i18n.t("editor-fix-fields")),
        Some(Ok(SaveOutcome::NotEditable(_))) => Some(i18n.t("editor-not-editable")),
        Some(Err(_)) => Some(i18n.t("error-internal")),
        _ => None,
    };

    let text = move |field: SessionField,
                     value: String,
                     input_type: &'static str,
                     required: bool| {
        let name = format!("form[{}]", field.as_str());
        let dom_id = format!("field-{}", field.as_str());
        let error_id = format!("{dom_id}-error");
        view! {
            <div class="field" class:field--invalid=move || problem_of(field).is_some()>
                <label for=dom_id.clone()>
                    {i18n.t(&format!("field-{}", field.as_str()))}
                    {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
                </label>
                <input
                    id=dom_id
                    name=name
                    type=input_type
                    value=value
                    required=required
                    aria-invalid=move || problem_of(field).is_some().then_some("true")
                    aria-describedby=error_id.clone()
                />
                <p class="field-error" id=error_id aria-live="polite">{move || message_of(field)}</p>
            </div>
        }
    };

    let choice = move |field: SessionField, current: String, options: Vec<(String, String)>| {
        let name = format!("form[{}]", field.as_str());
        let dom_id = format!("field-{}", field.as_str());
        let error_id = format!("{dom_id}-error");
        let is_mode = field == SessionField::Mode;
        view! {
            <div class="field" class:field--invalid=move || problem_of(field).is_some()>
                <label for=dom_id.clone()>{i18n.t(&format!("field-{}", field.as_str()))}</label>
                <select
                    id=dom_id
                    name=name
                    aria-describedby=error_id.clone()
                    on:change=move |ev| {
                        if is_mode {
                            mode.set(SessionMode::parse(&event_target_value(&ev)));
                        }
                    }
                >
                    {options
                        .into_iter()
                        .map(|(value, label)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
                <p class="field-error" id=error_id aria-live="polite">{move || message_of(field)}</p>
            </div>
        }
    };

    let kinds = SessionKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), labels::kind(i18n, *k)))
        .collect();
    let modes = SessionMode::ALL
        .iter()
        .map(|m| (m.as_str().to_owned(), labels::mode(i18n, *m)))
        .collect();
    let zones = Zone::ALL
        .iter()
        .map(|z| {
            (
                z.iana().to_owned(),
                i18n.t(&format!("zone-{}", z.label().to_lowercase())),
            )
        })
        .collect();
    let mut region_choices = vec![(String::new(), i18n.t("field-venue_region-none"))];
    region_choices.extend(regions.into_iter().map(|r| {
        let label = if r.parent.is_some() {
            format!("  {} ({})", r.name, r.code)
        } else {
            format!("{} ({})", r.name, r.code)
        };
        (r.code, label)
    }));

    view! {
        <ActionForm action=save attr:class="editor" attr:novalidate=true attr:id="session-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
            {move || general().map(|text| view! { <p class="alert alert--error" role="alert" id="form-error">{text}</p> })}
            <fieldset disabled=!editable>
                <legend>{i18n.t("editor-section-what")}</legend>
                {choice(SessionField::Kind, form.kind.clone(), kinds)}
                {text(SessionField::Title, form.title.clone(), "text", true)}
                {text(SessionField::Theme, form.theme.clone(), "text", false)}
                <div class="field" class:field--invalid=move || problem_of(SessionField::Description).is_some()>
                    <label for="field-description">{i18n.t("field-description")}</label>
                    <textarea id="field-description" name="form[description]" rows="4">{form.description.clone()}</textarea>
                    <p class="field-error" aria-live="polite">{move || message_of(SessionField::Description)}</p>
                </div>
                {text(SessionField::OrganizerUnit, form.organizer_unit.clone(), "text", true)}
            </fieldset>
            <fieldset disabled=!editable>
                <legend>{i18n.t("editor-section-when")}</legend>
                <div class="field-row">
                    {text(SessionField::StartDate, form.start_date.clone(), "date", true)}
                    {text(SessionField::StartTime, form.start_time.clone(), "time", true)}
                </div>
                <div class="field-row">
                    {text(SessionField::EndDate, form.end_date.clone(), "date", false)}
                    {text(SessionField::EndTime, form.end_time.clone(), "time", true)}
                </div>
                <p class="hint">{i18n.t("editor-end-date-hint")}</p>
                {choice(SessionField::Zone, form.zone.clone(), zones)}
            </fieldset>
            <fieldset disabled=!editable>
                <legend>{i18n.t("editor-section-where")}</legend>
                {choice(SessionField::Mode, form.mode.clone(), modes)}
                <div class="field-group" id="venue-fields" hidden=hide_venue>
                    {text(SessionField::Venue, form.venue.clone(), "text", false)}
                    {choice(SessionField::VenueRegion, form.venue_region.clone(), region_choices)}
                    {text(SessionField::CapacityOnsite, form.capacity_onsite.clone(), "number", false)}
                </div>
                <div class="field-group" id="link-fields" hidden=hide_link>
                    {text(SessionField::MeetingLink, form.meeting_link.clone(), "url", false)}
                    <div class="field-row">
                        {text(SessionField::MeetingId, form.meeting_id.clone(), "text", false)}
                        {text(SessionField::Passcode, form.passcode.clone(), "text", false)}
                    </div>
                    <p class="hint">{i18n.t("editor-passcode-hint")}</p>
                    {text(SessionField::CapacityOnline, form.capacity_online.clone(), "number", false)}
                </div>
            </fieldset>
            {move || match save.value().get() {
                Some(Ok(SaveOutcome::Warnings(warnings))) => Some(view! {
                    <div class="alert alert--warning warnings" role="alert" id="session-warnings">
                        <p>{i18n.t("program-warnings")}</p>
                        <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                        <label class="checkbox">
                            <input type="checkbox" name="accept_warnings" value="yes" id="accept-warnings"/>
                            {i18n.t("program-accept-warnings")}
                        </label>
                    </div>
                }),
                _ => None,
            }}
            {editable
                .then(|| {
                    view! {
                        <div class="editor__actions">
                            <button type="submit" class="button" id="save-session" disabled=move || save.pending().get()>
                                {if id.is_some() { i18n.t("editor-save-changes") } else { i18n.t("editor-save-draft") }}
                            </button>
                        </div>
                    }
                })}
        </ActionForm>
    }
}
