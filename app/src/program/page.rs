//! The organizer's programme page of a session (`/organizer/sessions/:id/program`):
//! speakers with their part and answers, the rundown typed in the session's zone, and
//! the materials.
//!
//! Each change is a server function; after one succeeds the page reloads its data.
//! A change that clashes answers with warnings and keeps the form as typed, with a
//! box to tick to save anyway. Uploads are a plain multipart form posted to the
//! server (`/organizer/sessions/:id/materials`), which comes back here with the result.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_params_map, use_query_map};
use simpul::session::{InvitationStatus, RundownKind, SpeakerRole};

use super::api::{
    AddSpeaker, ChangeSpeaker, PartLine, Program, ProgramOutcome, RemoveSlot, RemoveSpeaker,
    SaveSlot, SlotLine, load_program,
};
use crate::i18n::{I18n, use_i18n};
use crate::layout::{LoadError, Loading, PageNotFound, ProblemList};
use crate::sessions::labels;
use crate::speakers::api::search_speakers;

/// Bumps `changed` whenever one of the actions succeeds, so the data reloads after a
/// change but not after warnings or problems (which would wipe the form as typed).
fn reload_on_success<A>(action: ServerAction<A>, changed: RwSignal<u32>)
where
    A: leptos::server_fn::ServerFn<Output = ProgramOutcome, Error = ServerFnError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(ProgramOutcome::Done)) = action.value().get() {
            changed.update(|n| *n += 1);
        }
    });
}

#[component]
pub fn ProgramPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let add = ServerAction::<AddSpeaker>::new();
    let change = ServerAction::<ChangeSpeaker>::new();
    let remove = ServerAction::<RemoveSpeaker>::new();
    let save_slot = ServerAction::<SaveSlot>::new();
    let remove_slot = ServerAction::<RemoveSlot>::new();
    let changed = RwSignal::new(0u32);
    reload_on_success(add, changed);
    reload_on_success(change, changed);
    reload_on_success(remove, changed);
    reload_on_success(save_slot, changed);
    reload_on_success(remove_slot, changed);
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| simpul::SessionId::parse(&raw))
    };
    let program = Resource::new(
        move || (id(), changed.get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_program(id.0).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=i18n.t("program-title")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match program.await {
                    Ok(Some(program)) => {
                        let editing = query.read_untracked().get("slot").and_then(|s| s.parse::<i64>().ok());
                        let upload_error = query.read_untracked().get("upload_error");
                        let uploaded = query.read_untracked().get("uploaded").is_some();
                        view! {
                            <ProgramHeading program=program.clone()/>
                            <SpeakersSection program=program.clone() change remove add/>
                            <RundownSection program=program.clone() save=save_slot remove=remove_slot editing/>
                            <MaterialsSection program upload_error uploaded/>
                        }.into_any()
                    }
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProgramHeading(program: Program) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="breadcrumb">
            <A href=format!("/organizer/sessions/{}", program.session_id)>{i18n.t("program-back")}</A>
        </p>
        <h1>{i18n.t("program-title")}</h1>
        <p class="lead" id="program-session">{program.title}</p>
        <p class="facts__aside">{program.when}</p>
        {program.public.then(|| view! {
            <p><A href=format!("/sessions/{}", program.session_id)>{i18n.t("organizer-view-public")}</A></p>
        })}
        {(!program.editable).then(|| view! {
            <p class="alert alert--warning" role="status">{i18n.t("program-not-editable")}</p>
        })}
    }
}

/// Problems, warnings and failures of one action, in place.
#[component]
fn Outcome(value: Signal<Option<Result<ProgramOutcome, ServerFnError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match value.get() {
        Some(Ok(ProgramOutcome::Invalid(problems))) => {
            Some(view! { <ProblemList problems/> }.into_any())
        }
        Some(Ok(ProgramOutcome::Warnings(warnings))) => Some(
            view! {
                <div class="alert alert--warning warnings" role="alert">
                    <p>{i18n.t("program-warnings")}</p>
                    <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
        ),
        Some(Ok(ProgramOutcome::NotEditable)) => Some(
            view! { <p class="alert alert--error" role="alert">{i18n.t("program-not-editable")}</p> }
                .into_any(),
        ),
        Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
        _ => None,
    }
    }
}

/// The box that appears after warnings: ticked, the same form saves anyway.
#[component]
fn AcceptWarnings(value: Signal<Option<Result<ProgramOutcome, ServerFnError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        matches!(value.get(), Some(Ok(ProgramOutcome::Warnings(_)))).then(|| {
            view! {
                <label class="checkbox">
                    <input type="checkbox" name="accept_warnings" value="yes" class="accept-warnings"/>
                    {i18n.t("program-accept-warnings")}
                </label>
            }
        })
    }
}

fn role_options(i18n: I18n, current: SpeakerRole) -> impl IntoView {
    SpeakerRole::ALL
        .iter()
        .map(|role| {
            view! { <option value=role.as_str() selected=*role == current>{labels::role(i18n, *role)}</option> }
        })
        .collect_view()
}

fn status_options(i18n: I18n, current: InvitationStatus) -> impl IntoView {
    InvitationStatus::ALL
        .iter()
        .map(|status| {
            view! {
                <option value=status.as_str() selected=*status == current>
                    {labels::invitation_status(i18n, *status)}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn SpeakersSection(
    program: Program,
    add: ServerAction<AddSpeaker>,
    change: ServerAction<ChangeSpeaker>,
    remove: ServerAction<RemoveSpeaker>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editable = program.editable;
    let session_id = program.session_id;
    view! {
        <section class="panel" aria-labelledby="program-speakers-title">
            <h2 id="program-speakers-title">{i18n.t("session-speakers")}</h2>
            <Outcome value=change.value().into()/>
            {if program.speakers.is_empty() {
                view! { <p class="empty">{i18n.t("session-speakers-empty")}</p> }.into_any()
            } else {
                view! {
                    <table class="sessions-table" id="program-speakers">
                        <thead><tr>
                            <th scope="col">{i18n.t("speaker-name")}</th>
                            <th scope="col">{i18n.t("program-part")}</th>
                            <th scope="col">{i18n.t("program-answers")}</th>
                        </tr></thead>
                        <tbody>
                            {program.speakers.into_iter().map(|part| view! {
                                <PartRow part editable change remove/>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {editable.then(|| view! { <AddSpeakerForm session_id add/> })}
        </section>
    }
}

#[component]
fn PartRow(
    part: PartLine,
    editable: bool,
    change: ServerAction<ChangeSpeaker>,
    remove: ServerAction<RemoveSpeaker>,
) -> impl IntoView {
    let i18n = use_i18n();
    let affiliation = [Some(part.position.clone()), part.institution.clone()]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty() && *p != part.name)
        .collect::<Vec<_>>()
        .join(", ");
    let answers = part
        .answers
        .iter()
        .map(|(status, date)| format!("{}: {date}", labels::invitation_status(i18n, *status)))
        .collect::<Vec<_>>();
    view! {
        <tr class="program-speaker" data-status=part.status.as_str()>
            <td>
                <A href=format!("/speakers/{}", part.speaker_id)><strong>{part.name.clone()}</strong></A>
                <span class="facts__aside">{affiliation}</span>
            </td>
            <td>
                {if editable {
                    view! {
                        <ActionForm action=change attr:class="inline-form">
                            <input type="hidden" name="part" value=part.id/>
                            <label class="sr-only" for=format!("role-{}", part.id)>{i18n.t("program-role")}</label>
                            <select name="role" id=format!("role-{}", part.id)>{role_options(i18n, part.role)}</select>
                            <label class="sr-only" for=format!("topic-{}", part.id)>{i18n.t("program-topic")}</label>
                            <input type="text" name="topic" id=format!("topic-{}", part.id) value=part.topic.clone()
                                placeholder=i18n.t("program-topic") maxlength="200"/>
                            <label class="sr-only" for=format!("status-{}", part.id)>{i18n.t("program-status")}</label>
                            <select name="status" id=format!("status-{}", part.id)>{status_options(i18n, part.status)}</select>
                            <AcceptWarnings value=change.value().into()/>
                            <button type="submit" class="button button--quiet">{i18n.t("editor-save-changes")}</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! {
                        <span>{labels::role(i18n, part.role)}</span>
                        <span class="facts__aside">{part.topic.clone()}</span>
                    }.into_any()
                }}
            </td>
            <td>
                <span class=format!("badge badge--answer-{}", part.status.as_str())>
                    {labels::invitation_status(i18n, part.status)}
                </span>
                <ul class="answers">{answers.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                {editable.then(|| view! {
                    <ActionForm action=remove attr:class="inline-form">
                        <input type="hidden" name="part" value=part.id/>
                        <button type="submit" class="link-button">{i18n.t("program-remove")}</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

/// Finding a speaker in the registry (a GET form: the query is in the address) and
/// giving them a part.
#[component]
fn AddSpeakerForm(session_id: i64, add: ServerAction<AddSpeaker>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let results = Resource::new(q, |q| async move {
        if q.trim().is_empty() {
            Ok(Vec::new())
        } else {
            search_speakers(q).await
        }
    });
    view! {
        <h3>{i18n.t("program-add-speaker")}</h3>
        <Form method="GET" action="" attr:class="inline-form" attr:id="speaker-search">
            <label for="speaker-q">{i18n.t("speakers-search")}</label>
            <input type="search" id="speaker-q" name="q" value=q/>
            <button type="submit" class="button button--quiet">{i18n.t("speakers-search-button")}</button>
        </Form>
        <p class="hint">
            {i18n.t("program-speaker-missing")} " "
            <A href="/organizer/speakers">{i18n.t("program-to-registry")}</A>
        </p>
        <Outcome value=add.value().into()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) if found.is_empty() && !q().trim().is_empty() => {
                        view! { <p class="empty">{i18n.t("speakers-none-found")}</p> }.into_any()
                    }
                    Ok(found) if found.is_empty() => ().into_any(),
                    Ok(found) => view! {
                        <ActionForm action=add attr:class="editor" attr:id="add-speaker-form">
                            <input type="hidden" name="session" value=session_id/>
                            <fieldset>
                                <legend>{i18n.t("program-choose-speaker")}</legend>
                                {found.into_iter().enumerate().map(|(i, s)| {
                                    let institution = s.institution.map(|(_, n)| n).unwrap_or_default();
                                    view! {
                                        <label class="choice">
                                            <input type="radio" name="speaker" value=s.id checked=i == 0/>
                                            <strong>{s.name}</strong> " " <span class="facts__aside">{institution}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <div class="field-row">
                                <div class="field">
                                    <label for="add-role">{i18n.t("program-role")}</label>
                                    <select id="add-role" name="role">{role_options(i18n, SpeakerRole::Speaker)}</select>
                                </div>
                                <div class="field">
                                    <label for="add-status">{i18n.t("program-status")}</label>
                                    <select id="add-status" name="status">{status_options(i18n, InvitationStatus::Invited)}</select>
                                </div>
                            </div>
                            <div class="field">
                                <label for="add-topic">{i18n.t("program-topic")}</label>
                                <input type="text" id="add-topic" name="topic" maxlength="200"/>
                            </div>
                            <AcceptWarnings value=add.value().into()/>
                            <div class="editor__actions">
                                <button type="submit" class="button" id="add-speaker">{i18n.t("program-add-speaker")}</button>
                            </div>
                        </ActionForm>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RundownSection(
    program: Program,
    save: ServerAction<SaveSlot>,
    remove: ServerAction<RemoveSlot>,
    editing: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editable = program.editable;
    let current = editing.and_then(|id| program.rundown.iter().find(|s| s.id == id).cloned());
    view! {
        <section class="panel" aria-labelledby="program-rundown-title">
            <h2 id="program-rundown-title">{i18n.t("session-rundown")}</h2>
            <p class="hint">{i18n.t_with("program-rundown-zone", &[("zone", program.zone_label.clone().into())])}</p>
            {if program.rundown.is_empty() {
                view! { <p class="empty">{i18n.t("session-rundown-empty")}</p> }.into_any()
            } else {
                view! {
                    <table class="rundown" id="program-rundown">
                        <thead><tr>
                            <th scope="col">{i18n.t("session-rundown-time")}</th>
                            <th scope="col">{i18n.t("session-rundown-item")}</th>
                            <th scope="col"><span class="sr-only">{i18n.t("organizer-col-actions")}</span></th>
                        </tr></thead>
                        <tbody>
                            {program.rundown.iter().cloned().map(|slot| {
                                let names = slot.speakers.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ");
                                view! {
                                    <tr>
                                        <td class="rundown__time">{slot.time}</td>
                                        <td>
                                            {slot.title}
                                            <span class="facts__aside">{labels::rundown_kind(i18n, slot.kind)}</span>
                                            {(!names.is_empty()).then(|| view! { <span class="facts__aside">{names}</span> })}
                                        </td>
                                        <td class="actions">
                                            {editable.then(|| view! {
                                                <A href=format!("?slot={}", slot.id)>{i18n.t("organizer-edit")}</A>
                                                <ActionForm action=remove attr:class="inline-form">
                                                    <input type="hidden" name="slot" value=slot.id/>
                                                    <button type="submit" class="link-button">{i18n.t("program-remove")}</button>
                                                </ActionForm>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {editable.then(|| view! { <SlotForm program=program.clone() save current/> })}
        </section>
    }
}

#[component]
fn SlotForm(
    program: Program,
    save: ServerAction<SaveSlot>,
    current: Option<SlotLine>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = |f: fn(&SlotLine) -> String| current.as_ref().map(f).unwrap_or_default();
    let (start, end, title) = (
        value(|s| s.start.clone()),
        value(|s| s.end.clone()),
        value(|s| s.title.clone()),
    );
    let date = current
        .as_ref()
        .map(|s| s.date.clone())
        .unwrap_or(program.first_day.clone());
    let kind = current
        .as_ref()
        .map(|s| s.kind)
        .unwrap_or(RundownKind::Talk);
    let chosen: Vec<i64> = current
        .as_ref()
        .map(|s| s.speakers.iter().map(|(id, _)| *id).collect())
        .unwrap_or_default();
    view! {
        <h3>{if current.is_some() { i18n.t("program-edit-slot") } else { i18n.t("program-add-slot") }}</h3>
        <Outcome value=save.value().into()/>
        <ActionForm action=save attr:class="editor" attr:id="slot-form">
            <input type="hidden" name="session" value=program.session_id/>
            {current.as_ref().map(|s| view! { <input type="hidden" name="slot" value=s.id/> })}
            <div class="field-row">
                <div class="field">
                    <label for="slot-date">{i18n.t("program-slot-date")}</label>
                    <input type="date" id="slot-date" name="form[date]" value=date/>
                </div>
                <div class="field">
                    <label for="slot-start">{i18n.t("field-start_time")}</label>
                    <input type="time" id="slot-start" name="form[start_time]" value=start required/>
                </div>
                <div class="field">
                    <label for="slot-end">{i18n.t("field-end_time")}</label>
                    <input type="time" id="slot-end" name="form[end_time]" value=end required/>
                </div>
            </div>
            <div class="field">
                <label for="slot-title">{i18n.t("program-slot-title")}</label>
                <input type="text" id="slot-title" name="form[title]" value=title required maxlength="300"/>
            </div>
            <div class="field">
                <label for="slot-kind">{i18n.t("program-slot-kind")}</label>
                <select id="slot-kind" name="form[kind]">
                    {RundownKind::ALL.iter().map(|k| view! {
                        <option value=k.as_str() selected=*k == kind>{labels::rundown_kind(i18n, *k)}</option>
                    }).collect_view()}
                </select>
            </div>
            {(!program.speakers.is_empty()).then(|| view! {
                <fieldset>
                    <legend>{i18n.t("program-slot-speakers")}</legend>
                    {program.speakers.iter().enumerate().map(|(i, part)| view! {
                        <label class="checkbox">
                            <input type="checkbox" name=format!("form[speakers][{i}]") value=part.id
                                checked=chosen.contains(&part.id)/>
                            {part.name.clone()}
                        </label>
                    }).collect_view()}
                </fieldset>
            })}
            <AcceptWarnings value=save.value().into()/>
            <div class="editor__actions">
                <button type="submit" class="button" id="save-slot">
                    {if current.is_some() { i18n.t("editor-save-changes") } else { i18n.t("program-add-slot") }}
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn MaterialsSection(
    program: Program,
    upload_error: Option<String>,
    uploaded: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let session_id = program.session_id;
    view! {
        <section class="panel" aria-labelledby="program-materials-title">
            <h2 id="program-materials-title">{i18n.t("materials-title")}</h2>
            {uploaded.then(|| view! { <p class="alert alert--success" role="status" id="material-uploaded">{i18n.t("materials-uploaded")}</p> })}
            {upload_error.map(|code| {
                // Only known codes are shown; anything else reads as a general failure.
                let key = match code.as_str() {
                    "missing" | "empty" | "too_large" | "not_allowed" | "name_does_not_match" | "title" => format!("upload-{code}"),
                    _ => "error-internal".to_owned(),
                };
                view! { <p class="alert alert--error" role="alert" id="upload-error">{i18n.t(&key)}</p> }
            })}
            {if program.materials.is_empty() {
                view! { <p class="empty">{i18n.t("materials-empty")}</p> }.into_any()
            } else {
                view! {
                    <ul class="materials" id="program-materials">
                        {program.materials.into_iter().map(|m| view! {
                            <li>
                                <a href=m.url.clone() rel="external" download=m.file_name.clone()>{m.title.clone()}</a>
                                <span class="facts__aside">{format!("{} · {} · {}", m.file_name, m.kind.as_str().to_uppercase(), m.size)}</span>
                                <span class="facts__aside">{i18n.t(&format!("materials-{}", m.visibility.as_str()))}</span>
                                {program.editable.then(|| view! {
                                    <form method="post" action=format!("/organizer/materials/{}/remove", m.id) class="inline-form">
                                        <button type="submit" class="link-button">{i18n.t("program-remove")}</button>
                                    </form>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {program.editable.then(|| view! {
                <form method="post" enctype="multipart/form-data" class="editor" id="upload-form"
                    action=format!("/organizer/sessions/{session_id}/materials")>
                    <div class="field">
                        <label for="material-title">{i18n.t("materials-file-title")}</label>
                        <input type="text" id="material-title" name="title" maxlength="200"/>
                    </div>
                    <div class="field">
                        <label for="material-file">{i18n.t("materials-file")}</label>
                        <input type="file" id="material-file" name="file" required
                            accept=".pdf,.pptx,.docx,.xlsx,application/pdf"/>
                        <p class="hint">{i18n.t("materials-hint")}</p>
                    </div>
                    <div class="field">
                        <label for="material-visibility">{i18n.t("materials-visibility")}</label>
                        <select id="material-visibility" name="visibility">
                            <option value="public">{i18n.t("materials-public")}</option>
                            <option value="registrants">{i18n.t("materials-registrants")}</option>
                        </select>
                    </div>
                    <div class="editor__actions">
                        <button type="submit" class="button" id="upload-material">{i18n.t("materials-upload")}</button>
                    </div>
                </form>
            })}
        </section>
    }
}
