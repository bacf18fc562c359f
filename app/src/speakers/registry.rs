//! The organizer's registry: speakers (search, add with a duplicate check, change,
//! including the private contact) and institutions (add, rename, merge).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_params_map, use_query_map};
use simpul::speaker::SpeakerForm;

use super::api::{
    InstitutionLine, InstitutionOutcome, MergeInstitutions, SaveInstitution, SaveSpeaker,
    SpeakerLine, SpeakerOutcome, load_registry_choices, load_speaker_form, search_speakers,
};
use super::public::InstitutionTable;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound, ProblemList};
use crate::sessions::api::RegionOption;

#[component]
pub fn SpeakersAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let save = ServerAction::<SaveSpeaker>::new();
    let q = move || query.read().get("q").unwrap_or_default();
    let results = Resource::new(q, |q| async move {
        if q.trim().is_empty() {
            Ok(Vec::new())
        } else {
            search_speakers(q).await
        }
    });
    let support = Resource::new(|| (), |_| load_registry_choices());
    view! {
        <Title text=i18n.t("speakers-title")/>
        <div class="page-heading">
            <h1>{i18n.t("speakers-title")}</h1>
            <A href="/organizer/institutions">{i18n.t("institutions-manage")}</A>
        </div>
        <Form method="GET" action="" attr:class="filters" attr:role="search" attr:id="registry-search">
            <div class="field">
                <label for="registry-q">{i18n.t("speakers-search")}</label>
                <input type="search" id="registry-q" name="q" value=q/>
            </div>
            <button type="submit" class="button button--quiet">{i18n.t("speakers-search-button")}</button>
        </Form>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) if found.is_empty() && !q().trim().is_empty() => {
                        view! { <p class="empty">{i18n.t("speakers-none-found")}</p> }.into_any()
                    }
                    Ok(found) if found.is_empty() => ().into_any(),
                    Ok(found) => view! { <SpeakerTable speakers=found/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="new-speaker-title">
            <h2 id="new-speaker-title">{i18n.t("speakers-new")}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match support.await {
                        Ok((institutions, regions)) => view! {
                            <SpeakerFields action=save id=None form=SpeakerForm::default() institutions regions/>
                        }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SpeakerTable(speakers: Vec<SpeakerLine>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="sessions-table" id="speakers">
            <thead><tr>
                <th scope="col">{i18n.t("speaker-name")}</th>
                <th scope="col">{i18n.t("speaker-institution")}</th>
                <th scope="col">{i18n.t("speaker-contact")}</th>
                <th scope="col"><span class="sr-only">{i18n.t("organizer-col-actions")}</span></th>
            </tr></thead>
            <tbody>
                {speakers.into_iter().map(|s| view! {
                    <tr>
                        <td>
                            <strong>{s.name}</strong>
                            <span class="facts__aside">{s.position}</span>
                        </td>
                        <td>{s.institution.map(|(_, name)| name)}</td>
                        <td>{s.contact}</td>
                        <td class="actions">
                            <A href=format!("/organizer/speakers/{}", s.id)>{i18n.t("organizer-edit")}</A>
                            <A href=format!("/speakers/{}", s.id)>{i18n.t("organizer-view-public")}</A>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn EditSpeakerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let save = ServerAction::<SaveSpeaker>::new();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<i64>().ok())
    };
    let data = Resource::new(id, |id| async move {
        let Some(id) = id else {
            return Ok(None);
        };
        let Some(found) = load_speaker_form(id).await? else {
            return Ok(None);
        };
        let (institutions, regions) = load_registry_choices().await?;
        Ok::<_, ServerFnError>(Some((found, institutions, regions)))
    });
    view! {
        <Title text=i18n.t("speakers-edit")/>
        <p class="breadcrumb"><A href="/organizer/speakers">{i18n.t("speakers-back")}</A></p>
        <h1>{i18n.t("speakers-edit")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(((line, form), institutions, regions))) => view! {
                        <SpeakerFields action=save id=Some(line.id) form institutions regions/>
                    }.into_any(),
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The speaker form: new or existing. A possible duplicate is shown with a box to
/// tick to add the speaker anyway.
#[component]
fn SpeakerFields(
    action: ServerAction<SaveSpeaker>,
    id: Option<i64>,
    form: SpeakerForm,
    institutions: Vec<InstitutionLine>,
    regions: Vec<RegionOption>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move |field: &'static str| match action.value().get() {
        Some(Ok(SpeakerOutcome::Invalid(list))) => list
            .into_iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message),
        _ => None,
    };
    let field_error = move |field: &'static str| {
        view! { <p class="field-error" id=format!("speaker-{field}-error") aria-live="polite">{move || problem(field)}</p> }
    };
    let outcome = move || {
        match action.value().get() {
        Some(Ok(SpeakerOutcome::Saved { id: saved })) => Some(view! {
            <p class="alert alert--success" role="status" id="speaker-saved">
                {i18n.t("speakers-saved")} " "
                <A href=format!("/speakers/{saved}")>{i18n.t("organizer-view-public")}</A>
            </p>
        }.into_any()),
        Some(Ok(SpeakerOutcome::PossibleDuplicates(similar))) => Some(view! {
            <div class="alert alert--warning" role="alert" id="speaker-duplicates">
                <p>{i18n.t("speakers-possible-duplicates")}</p>
                <ul>
                    {similar.into_iter().map(|s| view! {
                        <li>
                            <A href=format!("/organizer/speakers/{}", s.id)>{s.name}</A>
                            " " <span class="facts__aside">{s.institution.map(|(_, n)| n)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }.into_any()),
        Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
        _ => None,
    }
    };
    let duplicates_shown = move || {
        matches!(
            action.value().get(),
            Some(Ok(SpeakerOutcome::PossibleDuplicates(_)))
        )
    };
    view! {
        {outcome}
        <ActionForm action=action attr:class="editor" attr:id=if id.is_none() { "new-speaker-form" } else { "speaker-form" }>
            {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <div class="field">
                <label for="speaker-name">{i18n.t("speaker-name")}</label>
                <input id="speaker-name" name="form[name]" type="text" value=form.name required maxlength="200"/>
                <p class="hint">{i18n.t("speaker-name-hint")}</p>
                {field_error("name")}
            </div>
            <div class="field">
                <label for="speaker-position">{i18n.t("speaker-position")}</label>
                <input id="speaker-position" name="form[position]" type="text" value=form.position maxlength="200"/>
                {field_error("position")}
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="speaker-institution">{i18n.t("speaker-institution")}</label>
                    <input id="speaker-institution" name="form[institution]" type="text" value=form.institution
                        list="institution-names" maxlength="200"/>
                    <datalist id="institution-names">
                        {institutions.into_iter().map(|i| view! { <option value=i.name/> }).collect_view()}
                    </datalist>
                    {field_error("institution")}
                </div>
                <div class="field">
                    <label for="speaker-institution-region">{i18n.t("speaker-institution-region")}</label>
                    <RegionSelect id="speaker-institution-region" name="form[institution_region]" regions selected=String::new()/>
                    {field_error("institution_region")}
                </div>
            </div>
            <p class="hint">{i18n.t("speaker-institution-hint")}</p>
            <div class="field">
                <label for="speaker-contact">{i18n.t("speaker-contact")}</label>
                <input id="speaker-contact" name="form[contact]" type="text" value=form.contact maxlength="300"/>
                <p class="hint">{i18n.t("speaker-contact-hint")}</p>
                {field_error("contact")}
            </div>
            {move || duplicates_shown().then(|| view! {
                <label class="checkbox">
                    <input type="checkbox" name="accept_duplicate" value="yes" id="accept-duplicate"/>
                    {i18n.t("speakers-accept-duplicate")}
                </label>
            })}
            <div class="editor__actions">
                <button type="submit" class="button" id=if id.is_none() { "create-speaker" } else { "save-speaker" }>
                    {if id.is_none() { i18n.t("speakers-create") } else { i18n.t("editor-save-changes") }}
                </button>
            </div>
        </ActionForm>
    }
}

/// A drop-down of every region, regencies indented under their province, with "none".
#[component]
fn RegionSelect(
    id: &'static str,
    name: &'static str,
    regions: Vec<RegionOption>,
    selected: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id=id name=name>
            <option value="" selected=selected.is_empty()>{i18n.t("institution-no-region")}</option>
            {regions.into_iter().map(|r| {
                let indent = if r.parent.is_some() { "\u{a0}\u{a0}" } else { "" };
                let is_selected = r.code == selected;
                view! { <option value=r.code.clone() selected=is_selected>{format!("{indent}{} ({})", r.name, r.code)}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn InstitutionsAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveInstitution>::new();
    let rename = ServerAction::<SaveInstitution>::new();
    let merge = ServerAction::<MergeInstitutions>::new();
    let data = Resource::new(
        move || {
            (
                save.version().get(),
                rename.version().get(),
                merge.version().get(),
            )
        },
        |_| load_registry_choices(),
    );
    view! {
        <Title text=i18n.t("institutions-manage")/>
        <p class="breadcrumb"><A href="/organizer/speakers">{i18n.t("speakers-back")}</A></p>
        <h1>{i18n.t("institutions-manage")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((institutions, regions)) => {
                        let (new_regions, rename_regions) = (regions.clone(), regions);
                        let (rename_list, from_list, into_list) =
                            (institutions.clone(), institutions.clone(), institutions.clone());
                        view! {
                        <section class="panel" aria-labelledby="new-institution-title">
                            <h2 id="new-institution-title">{i18n.t("institutions-new")}</h2>
                            <InstitutionOutcomeView value=save.value().into()/>
                            <ActionForm action=save attr:class="editor" attr:id="new-institution-form">
                                <div class="field">
                                    <label for="new-institution-name">{i18n.t("institution-name")}</label>
                                    <input id="new-institution-name" name="name" type="text" required maxlength="200"/>
                                </div>
                                <div class="field">
                                    <label for="new-institution-region">{i18n.t("institution-region")}</label>
                                    <RegionSelect id="new-institution-region" name="region" regions=new_regions selected=String::new()/>
                                </div>
                                <button type="submit" class="button">{i18n.t("institutions-create")}</button>
                            </ActionForm>
                        </section>
                        <section class="panel" aria-labelledby="rename-institution-title">
                            <h2 id="rename-institution-title">{i18n.t("institutions-rename")}</h2>
                            <p class="hint">{i18n.t("institutions-rename-hint")}</p>
                            <InstitutionOutcomeView value=rename.value().into()/>
                            <ActionForm action=rename attr:class="editor" attr:id="rename-institution-form">
                                <div class="field">
                                    <label for="rename-id">{i18n.t("institution-name")}</label>
                                    <InstitutionSelect id="rename-id" name="id" institutions=rename_list/>
                                </div>
                                <div class="field">
                                    <label for="rename-name">{i18n.t("institutions-new-name")}</label>
                                    <input id="rename-name" name="name" type="text" required maxlength="200"/>
                                </div>
                                <div class="field">
                                    <label for="rename-region">{i18n.t("institution-region")}</label>
                                    <RegionSelect id="rename-region" name="region" regions=rename_regions selected=String::new()/>
                                </div>
                                <button type="submit" class="button">{i18n.t("institutions-rename")}</button>
                            </ActionForm>
                        </section>
                        <section class="panel" aria-labelledby="merge-institution-title">
                            <h2 id="merge-institution-title">{i18n.t("institutions-merge")}</h2>
                            <p class="hint">{i18n.t("institutions-merge-hint")}</p>
                            <InstitutionOutcomeView value=merge.value().into()/>
                            <ActionForm action=merge attr:class="editor" attr:id="merge-institution-form">
                                <div class="field-row">
                                    <div class="field">
                                        <label for="merge-from">{i18n.t("institutions-merge-from")}</label>
                                        <InstitutionSelect id="merge-from" name="from" institutions=from_list/>
                                    </div>
                                    <div class="field">
                                        <label for="merge-into">{i18n.t("institutions-merge-into")}</label>
                                        <InstitutionSelect id="merge-into" name="into" institutions=into_list/>
                                    </div>
                                </div>
                                <button type="submit" class="button">{i18n.t("institutions-merge")}</button>
                            </ActionForm>
                        </section>
                        <InstitutionTable list=institutions id="institutions-admin"/>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InstitutionSelect(
    id: &'static str,
    name: &'static str,
    institutions: Vec<InstitutionLine>,
) -> impl IntoView {
    view! {
        <select id=id name=name>
            {institutions.into_iter().map(|i| view! { <option value=i.id>{i.name}</option> }).collect_view()}
        </select>
    }
}

#[component]
fn InstitutionOutcomeView(
    value: Signal<Option<Result<InstitutionOutcome, ServerFnError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match value.get() {
        Some(Ok(InstitutionOutcome::Saved { .. })) => Some(
            view! { <p class="alert alert--success" role="status">{i18n.t("editor-saved")}</p> }
                .into_any(),
        ),
        Some(Ok(InstitutionOutcome::Invalid(problems))) => {
            Some(view! { <ProblemList problems/> }.into_any())
        }
        Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
        None => None,
    }
}
