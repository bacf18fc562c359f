//! The registration desk of one session: seats, the people registered (edit, cancel,
//! their confirmation link), one person at a time, and many at once from a
//! spreadsheet or pasted rows, previewed and fixed row by row before saving.
//!
//! Operators reach it at `/my-region/sessions/:id` (their region's people only);
//! organizers see the same desk under the session's registration overview.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use simpul::registration::{RegistrationField, RegistrationForm, RegistrationStatus};

use super::api::{
    CancelRegistration, Desk, Preview, PreviewRow, RegisterOne, RegisterOutcome, RegisterRows,
    RegistrationLine, RowMessage, UpdateRegistration, load_desk, read_sheet,
};
use crate::i18n::{I18n, use_i18n};
use crate::layout::{LoadError, Loading, PageNotFound};
use crate::sessions::api::RegionOption;

/// The operator's page for one session.
#[component]
pub fn RegionDeskPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let changed = RwSignal::new(0u32);
    let sheet_saved = RwSignal::new(None::<usize>);
    let desk = Resource::new(
        move || (params.read().get("id"), changed.get()),
        |(id, _)| async move {
            match id.and_then(|id| id.parse::<i64>().ok()) {
                Some(id) => load_desk(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=i18n.t("desk-title")/>
        <p class="breadcrumb"><A href="/my-region">{i18n.t("desk-back")}</A></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match desk.await {
                    Ok(Some(desk)) => view! {
                        <h1>{i18n.t("desk-title")}</h1>
                        <DeskView desk changed sheet_saved/>
                    }.into_any(),
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Everything of the desk below the page's heading; `changed` is bumped after each
/// saved change so the page reloads its data. `sheet_saved` lives in the page, so the
/// notice of a saved spreadsheet outlives that reload.
#[component]
pub fn DeskView(
    desk: Desk,
    changed: RwSignal<u32>,
    sheet_saved: RwSignal<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="desk-facts">
            <p class="lead" id="desk-session">{desk.title.clone()}</p>
            <p>{desk.when.clone()}</p>
            {desk.when_here.clone().map(|when| view! {
                <p class="facts__aside">{i18n.t("desk-your-time")}": "{when}</p>
            })}
            <p>{i18n.t("desk-deadline")}": "<strong>{desk.deadline.clone()}</strong></p>
            {(!desk.open).then(|| view! {
                <p class="alert alert--warning" role="status" id="desk-closed">{i18n.t("desk-closed")}</p>
            })}
            <SeatTable desk=desk.clone()/>
        </section>
        {view! { <RegistrationList desk=desk.clone() changed/> }.into_any()}
        {desk.open.then(|| view! { <AddOne desk=desk.clone() changed/> }.into_any())}
        {desk.open.then(|| view! { <AddMany desk=desk.clone() changed saved=sheet_saved/> }.into_any())}
    }
    .into_any()
}

fn mode_label(i18n: I18n, mode: &str) -> String {
    i18n.t(&format!("attendance-{mode}"))
}

fn status_label(i18n: I18n, status: RegistrationStatus) -> String {
    i18n.t(&format!("registration-status-{}", status.as_str()))
}

#[component]
fn SeatTable(desk: Desk) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table seats" id="seats">
            <thead><tr>
                <th scope="col">{i18n.t("desk-mode")}</th>
                <th scope="col">{i18n.t("desk-capacity")}</th>
                <th scope="col">{i18n.t("desk-confirmed")}</th>
                <th scope="col">{i18n.t("desk-left")}</th>
            </tr></thead>
            <tbody>
                {desk.seats.into_iter().map(|seat| view! {
                    <tr>
                        <th scope="row">{mode_label(i18n, &seat.mode)}</th>
                        <td>{seat.capacity.map_or_else(|| i18n.t("desk-unlimited"), |c| c.to_string())}</td>
                        <td>{seat.confirmed}</td>
                        <td class="seats__left">{seat.left.map_or_else(|| i18n.t("desk-unlimited"), |c| c.to_string())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Bumps `changed` when an action's outcome is `Saved`.
fn reload_when_saved<A>(action: ServerAction<A>, changed: RwSignal<u32>)
where
    A: leptos::server_fn::ServerFn<Output = RegisterOutcome, Error = ServerFnError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(RegisterOutcome::Saved { .. })) = action.value().get() {
            changed.update(|n| *n += 1);
        }
    });
}

/// What an action answered, in place: problems by row, "closed", or what was saved.
#[component]
pub fn OutcomeView(value: Signal<Option<Result<RegisterOutcome, ServerFnError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match value.get() {
        Some(Ok(RegisterOutcome::Invalid(rows))) => Some(view! { <RowMessages rows/> }.into_any()),
        Some(Ok(RegisterOutcome::Closed)) => Some(
            view! { <p class="alert alert--error" role="alert">{i18n.t("desk-closed")}</p> }.into_any(),
        ),
        Some(Ok(RegisterOutcome::Saved { confirmed, waitlisted, .. })) if confirmed + waitlisted > 0 => Some(
            view! {
                <p class="alert alert--success" role="status">
                    {i18n.t_with("desk-saved", &[("confirmed", confirmed.into()), ("waitlisted", waitlisted.into())])}
                </p>
            }
            .into_any(),
        ),
        Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
        _ => None,
    }
    }
}

#[component]
pub fn RowMessages(rows: Vec<RowMessage>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert alert--error problems" role="alert">
            <p>{i18n.t("desk-problems")}</p>
            <ul>
                {rows.into_iter().map(|r| view! { <li data-field=r.field>{r.message}</li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn RegistrationList(desk: Desk, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let cancel = ServerAction::<CancelRegistration>::new();
    let update = ServerAction::<UpdateRegistration>::new();
    reload_when_saved(cancel, changed);
    reload_when_saved(update, changed);
    let editing = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(RegisterOutcome::Saved { .. })) = update.value().get() {
            editing.set(None);
        }
    });
    let count = desk
        .registrations
        .iter()
        .filter(|r| r.status != RegistrationStatus::Cancelled)
        .count();
    let modes = desk.modes.clone();
    let regions = desk.regions.clone();
    let open = desk.open;
    view! {
        <section id="registrations">
            <h2>{i18n.t_with("desk-registered", &[("count", count.into())])}</h2>
            <OutcomeView value=Signal::derive(move || update.value().get())/>
            {if desk.registrations.is_empty() {
                view! { <p class="empty">{i18n.t("desk-nobody")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                    <table class="table" id="registration-table">
                        <thead><tr>
                            <th scope="col">{i18n.t("registration-field-name")}</th>
                            <th scope="col">{i18n.t("registration-field-nip")}</th>
                            <th scope="col">{i18n.t("registration-field-office")}</th>
                            <th scope="col">{i18n.t("registration-field-region")}</th>
                            <th scope="col">{i18n.t("registration-field-mode")}</th>
                            <th scope="col">{i18n.t("desk-status")}</th>
                            <th scope="col"><span class="visually-hidden">{i18n.t("desk-actions")}</span></th>
                        </tr></thead>
                        <tbody>
                            {desk.registrations.into_iter().map(|r| {
                                let modes = modes.clone();
                                let regions = regions.clone();
                                view! { <RegistrationRow line=r cancel update editing modes regions open/> }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RegistrationRow(
    line: RegistrationLine,
    cancel: ServerAction<CancelRegistration>,
    update: ServerAction<UpdateRegistration>,
    editing: RwSignal<Option<i64>>,
    modes: Vec<String>,
    regions: Vec<RegionOption>,
    open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = line.id;
    let live = line.status != RegistrationStatus::Cancelled;
    let status_class = format!("badge badge--{}", line.status.as_str());
    let form = line.form.clone();
    view! {
        <tr data-registration=id class:cancelled=!live>
            <td>
                <a href=line.link.clone() class="registration-name">{line.name.clone()}</a>
                <div class="facts__aside">{line.position.clone()}</div>
            </td>
            <td>{line.nip.clone()}</td>
            <td>{line.office.clone()}</td>
            <td>{line.region_name.clone()}</td>
            <td>{mode_label(i18n, &line.mode)}</td>
            <td><span class=status_class>{status_label(i18n, line.status)}</span></td>
            <td class="actions">
                {(live && open).then(|| view! {
                    <button type="button" class="button button--small" on:click=move |_| editing.set(Some(id))>
                        {i18n.t("desk-edit")}
                    </button>
                    <ActionForm action=cancel attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button button--small button--danger">{i18n.t("desk-cancel")}</button>
                    </ActionForm>
                })}
            </td>
        </tr>
        {move || (editing.get() == Some(id)).then(|| {
            let modes = modes.clone();
            let regions = regions.clone();
            let form = form.clone();
            view! {
                <tr class="editing"><td colspan="7">
                    <ActionForm action=update attr:class="editor" attr:id=format!("edit-registration-{id}")>
                        <input type="hidden" name="id" value=id/>
                        <PersonFields form modes regions prefix="form"/>
                        <button type="submit" class="button">{i18n.t("desk-save-change")}</button>
                        <button type="button" class="button button--quiet" on:click=move |_| editing.set(None)>{i18n.t("desk-close-edit")}</button>
                    </ActionForm>
                </td></tr>
            }
        })}
    }
}

/// The fields of one person, named `{prefix}[name]` etc.
#[component]
pub fn PersonFields(
    form: RegistrationForm,
    modes: Vec<String>,
    regions: Vec<RegionOption>,
    prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = move |field: &str| format!("{prefix}[{field}]");
    let id = move |field: &str| format!("{prefix}-{field}");
    let text = move |field: &'static str, value: String, kind: &'static str, required: bool| {
        view! {
            <div class="field">
                <label for=id(field)>{i18n.t(&format!("registration-field-{field}"))}</label>
                <input id=id(field) name=name(field) type=kind value=value required=required maxlength="254"/>
            </div>
        }
    };
    view! {
        <div class="field-grid">
            {text("name", form.name.clone(), "text", true)}
            <div class="field">
                <label for=id("nip")>{i18n.t("registration-field-nip")}</label>
                <input id=id("nip") name=name("nip") type="text" inputmode="numeric" value=form.nip.clone() maxlength="24"
                    aria-describedby=id("nip-hint")/>
                <p class="hint" id=id("nip-hint")>{i18n.t("desk-nip-hint")}</p>
            </div>
            {text("position", form.position.clone(), "text", false)}
            {text("office", form.office.clone(), "text", false)}
            {text("email", form.email.clone(), "email", false)}
            {text("phone", form.phone.clone(), "tel", false)}
            {(modes.len() > 1).then(|| view! {
                <div class="field">
                    <label for=id("mode")>{i18n.t("registration-field-mode")}</label>
                    <select id=id("mode") name=name("mode")>
                        {modes.iter().map(|m| view! {
                            <option value=m.clone() selected=*m == form.mode>{i18n.t(&format!("attendance-{m}"))}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            {(regions.len() > 1).then(|| view! {
                <div class="field">
                    <label for=id("region")>{i18n.t("registration-field-region")}</label>
                    <select id=id("region") name=name("region")>
                        {regions.iter().map(|r| {
                            let indent = if r.parent.is_some() { "\u{a0}\u{a0}" } else { "" };
                            view! { <option value=r.code.clone() selected=r.code == form.region>{format!("{indent}{}", r.name)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
        </div>
    }
}

#[component]
fn AddOne(desk: Desk, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<RegisterOne>::new();
    reload_when_saved(add, changed);
    let form = RegistrationForm {
        region: desk.default_region.clone(),
        ..RegistrationForm::default()
    };
    view! {
        <section id="add-one">
            <h2>{i18n.t("desk-add-one")}</h2>
            <OutcomeView value=Signal::derive(move || add.value().get())/>
            <ActionForm action=add attr:class="editor" attr:id="register-one-form">
                <input type="hidden" name="session" value=desk.session_id/>
                <PersonFields form modes=desk.modes.clone() regions=desk.regions.clone() prefix="form"/>
                <button type="submit" class="button button--primary">{i18n.t("desk-register")}</button>
            </ActionForm>
        </section>
    }
}

/// Upload or paste, then a preview where each row can be fixed; saving sends the
/// rows as shown, all or none.
#[component]
fn AddMany(desk: Desk, changed: RwSignal<u32>, saved: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = desk.session_id;
    let read =
        Action::new_local(|data: &leptos::web_sys::FormData| read_sheet(data.clone().into()));
    let check = ServerAction::<RegisterRows>::new();
    let rows = RwSignal::new(Vec::<PreviewRow>::new());
    let file_problem = RwSignal::new(None::<String>);
    let closed = RwSignal::new(false);
    let show = move |preview: Preview| {
        closed.set(preview.closed);
        file_problem.set(preview.file_problem.clone());
        saved.set(preview.saved);
        rows.set(preview.rows);
        if preview.saved.is_some() {
            changed.update(|n| *n += 1);
        }
    };
    Effect::new(move |_| {
        if let Some(result) = read.value().get() {
            match result {
                Ok(preview) => show(preview),
                Err(ServerFnError::ServerError(key)) if key.starts_with("error-") => {
                    file_problem.set(Some(i18n.t(&key)))
                }
                Err(_) => file_problem.set(Some(i18n.t("error-internal"))),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(preview)) = check.value().get() {
            show(preview);
        }
    });
    let send = move |save: bool| {
        let current: Vec<(usize, RegistrationForm)> = rows
            .get_untracked()
            .into_iter()
            .map(|r| (r.row, r.form))
            .collect();
        check.dispatch(RegisterRows {
            session,
            rows: current,
            save,
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        use leptos::wasm_bindgen::JsCast;
        ev.prevent_default();
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        if let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) {
            saved.set(None);
            read.dispatch_local(data);
        }
    };
    let problems = move || rows.with(|rows| rows.iter().map(|r| r.problems.len()).sum::<usize>());
    view! {
        <section id="add-many">
            <h2>{i18n.t("desk-add-many")}</h2>
            <p class="hint">{i18n.t("desk-add-many-hint")}</p>
            <p>
                <a href="/registrations/template.xlsx" download id="template-xlsx">{i18n.t("desk-template-xlsx")}</a>
                " · "
                <a href="/registrations/template.csv" download>{i18n.t("desk-template-csv")}</a>
            </p>
            {view! { <form class="editor" id="sheet-form" on:submit=on_submit>
                <input type="hidden" name="session" value=session/>
                <div class="field">
                    <label for="sheet-file">{i18n.t("desk-file")}</label>
                    <input id="sheet-file" name="file" type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                </div>
                <div class="field">
                    <label for="sheet-pasted">{i18n.t("desk-paste")}</label>
                    <textarea id="sheet-pasted" name="pasted" rows="4"></textarea>
                </div>
                <button type="submit" class="button" disabled=move || read.pending().get()>{i18n.t("desk-read")}</button>
            </form> }.into_any()}
            {move || file_problem.get().map(|p| view! { <p class="alert alert--error" role="alert" id="sheet-problem">{p}</p> })}
            {move || closed.get().then(|| view! { <p class="alert alert--error" role="alert">{i18n.t("desk-closed")}</p> })}
            {move || saved.get().map(|count| view! {
                <p class="alert alert--success" role="status" id="sheet-saved">{i18n.t_with("desk-sheet-saved", &[("count", count.into())])}</p>
            })}
            {move || (!rows.with(Vec::is_empty)).then(|| view! {
                <div id="preview">
                    <h3>{i18n.t("desk-preview")}</h3>
                    <p id="preview-summary" role="status">
                        {move || {
                            let count = rows.with(Vec::len);
                            match problems() {
                                0 => i18n.t_with("desk-preview-ready", &[("count", count.into())]),
                                n => i18n.t_with("desk-preview-problems", &[("count", count.into()), ("problems", n.into())]),
                            }
                        }}
                    </p>
                    {view! { <div class="table-scroll"><PreviewTable rows/></div> }.into_any()}
                    <p class="actions">
                        <button type="button" class="button" id="preview-check" on:click=move |_| send(false)
                            disabled=move || check.pending().get()>{i18n.t("desk-check-again")}</button>
                        <button type="button" class="button button--primary" id="preview-save" on:click=move |_| send(true)
                            disabled=move || check.pending().get() || problems() != 0>{i18n.t("desk-save-all")}</button>
                    </p>
                </div>
            }.into_any())}
        </section>
    }
    .into_any()
}

/// The preview's rows as inputs, each problem under its row, the fields with a
/// problem marked.
#[component]
fn PreviewTable(rows: RwSignal<Vec<PreviewRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let cell = move |index: usize, field: RegistrationField| {
        let value = move || {
            rows.with(|rows| {
                rows.get(index)
                    .map(|r| field_value(&r.form, field))
                    .unwrap_or_default()
            })
        };
        let invalid = move || {
            rows.with(|rows| {
                rows.get(index)
                    .is_some_and(|r| r.problems.iter().any(|p| p.field == field.as_str()))
            })
        };
        view! {
            <td>
                <input type="text" prop:value=value aria-invalid=move || invalid().to_string()
                    class:invalid=invalid
                    aria-label=i18n.t(&format!("registration-field-{}", field.as_str()))
                    data-field=field.as_str()
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        rows.update(|rows| {
                            if let Some(row) = rows.get_mut(index) {
                                *row.form.field_mut(field) = text;
                            }
                        });
                    }/>
            </td>
        }
    };
    view! {
        <table class="table preview" id="preview-table">
            <thead><tr>
                <th scope="col">{i18n.t("desk-row")}</th>
                {RegistrationField::ALL.iter().map(|f| view! { <th scope="col">{i18n.t(&format!("registration-field-{}", f.as_str()))}</th> }).collect_view()}
                <th scope="col">{i18n.t("desk-status")}</th>
            </tr></thead>
            <tbody>
                {move || rows.with(|list| list.iter().enumerate().map(|(index, row)| {
                    let problems = row.problems.clone();
                    let status = row.status.map(|s| status_label(i18n, s)).unwrap_or_default();
                    view! {
                        <tr data-row=row.row class:has-problems=!problems.is_empty()>
                            <th scope="row">{row.row}</th>
                            {RegistrationField::ALL.iter().map(|f| cell(index, *f)).collect_view()}
                            <td>{status}</td>
                        </tr>
                        {(!problems.is_empty()).then(|| view! {
                            <tr class="preview__problems"><td colspan="10">
                                <ul>{problems.into_iter().map(|p| view! { <li>{format!("{}: {}", row.row, p.message)}</li> }).collect_view()}</ul>
                            </td></tr>
                        })}
                    }
                }).collect_view())}
            </tbody>
        </table>
    }
    .into_any()
}

/// The text of one field of a preview row.
fn field_value(form: &RegistrationForm, field: RegistrationField) -> String {
    form.clone().field_mut(field).clone()
}
