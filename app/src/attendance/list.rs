//! The attendance list of a session (`/organizer/sessions/:id/attendance`): every
//! registrant with their check-ins, minutes online and status, which the organizer
//! can set (also afterwards, from a paper list); online check-in's window; the Zoom
//! report import with its preview; and the exports.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{
    AttendanceBook, ListLine, MarkAttendance, SaveZoom, SetOnlineCheckIn, ZoomPreview,
    load_attendance, read_zoom,
};
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound};

#[component]
pub fn AttendanceListPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let mark = ServerAction::<MarkAttendance>::new();
    let window = ServerAction::<SetOnlineCheckIn>::new();
    let zoom = ServerAction::<SaveZoom>::new();
    let book = Resource::new(
        move || {
            (
                params.read().get("id"),
                mark.version().get() + window.version().get() + zoom.version().get(),
            )
        },
        |(id, _)| async move {
            match id.and_then(|id| id.parse::<i64>().ok()) {
                Some(id) => load_attendance(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=i18n.t("attendance-title")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match book.await {
                    Ok(Some(book)) => view! {
                        <p class="breadcrumb">
                            <A href=format!("/organizer/sessions/{}", book.session_id)>{i18n.t("program-back")}</A>
                        </p>
                        <h1>{i18n.t("attendance-title")}</h1>
                        <p class="lead">{book.title.clone()}<br/>{book.when.clone()}</p>
                        {view! { <Summary book=book.clone()/> }.into_any()}
                        {book.online.then(|| view! { <OnlineSection book=book.clone() window zoom/> }.into_any())}
                        {view! { <ListTable book mark/> }.into_any()}
                    }.into_any(),
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Summary(book: AttendanceBook) -> impl IntoView {
    let i18n = use_i18n();
    let session = book.session_id;
    view! {
        <section id="attendance-summary">
            <p id="attendance-counts">
                {i18n.t_with("attendance-counts", &[
                    ("present", book.present.into()),
                    ("absent", book.absent.into()),
                    ("excused", book.excused.into()),
                ])}
            </p>
            <p class="actions">
                <A href=format!("/organizer/sessions/{session}/check-in") attr:class="button button--primary">{i18n.t("attendance-open-check-in")}</A>
                " "
                <a href=format!("/sessions/{session}/attendance.xlsx") download class="button" id="attendance-xlsx">{i18n.t("attendance-export-xlsx")}</a>
                " "
                <a href=format!("/sessions/{session}/attendance.csv") download class="button" id="attendance-csv">{i18n.t("attendance-export-csv")}</a>
                " "
                <a href=format!("/sessions/{session}/attendance.pdf") download class="button" id="attendance-pdf">{i18n.t("attendance-export-pdf")}</a>
                {book.certificates.then(|| view! {
                    " "
                    <a href=format!("/sessions/{session}/certificates.zip") download class="button" id="certificates-zip">{i18n.t("attendance-certificates")}</a>
                })}
            </p>
        </section>
    }
}

#[component]
fn OnlineSection(
    book: AttendanceBook,
    window: ServerAction<SetOnlineCheckIn>,
    zoom: ServerAction<SaveZoom>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = book.session_id;
    let current = book.online_check_in.clone();
    let read = Action::new_local(|data: &leptos::web_sys::FormData| read_zoom(data.clone().into()));
    let preview = RwSignal::new(None::<ZoomPreview>);
    Effect::new(move |_| {
        if let Some(Ok(result)) = read.value().get() {
            preview.set(Some(result));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(_))) = zoom.value().get() {
            preview.set(None);
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        use leptos::wasm_bindgen::JsCast;
        event.prevent_default();
        let Some(form) = event
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        if let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) {
            read.dispatch_local(data);
        }
    };
    view! {
        <section id="online-check-in">
            <h2>{i18n.t("attendance-online")}</h2>
            <ActionForm action=window attr:class="editor" attr:id="window-form">
                <input type="hidden" name="session" value=session/>
                <fieldset>
                    <legend>{i18n.t("attendance-online-window")}</legend>
                    {["auto", "open", "closed"].into_iter().map(|value| view! {
                        <label class="choice">
                            <input type="radio" name="window" value=value checked=current == value/>
                            {i18n.t(&format!("attendance-online-{value}"))}
                        </label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">{i18n.t("attendance-online-save")}</button>
            </ActionForm>
        </section>
        <section id="zoom-import">
            <h2>{i18n.t("zoom-title")}</h2>
            <p class="hint">{i18n.t("zoom-hint")}</p>
            <form class="editor" id="zoom-form" on:submit=on_submit>
                <input type="hidden" name="session" value=session/>
                <div class="field">
                    <label for="zoom-file">{i18n.t("zoom-file")}</label>
                    <input id="zoom-file" name="file" type="file" accept=".csv,text/csv" required/>
                </div>
                <button type="submit" class="button">{i18n.t("zoom-read")}</button>
            </form>
            {move || match zoom.value().get() {
                Some(Ok(Some(count))) => Some(view! { <p class="alert alert--success" role="status">{i18n.t_with("zoom-saved", &[("count", count.into())])}</p> }.into_any()),
                Some(Ok(None)) => Some(view! { <p class="alert alert--error" role="alert">{i18n.t("zoom-not-saved")}</p> }.into_any()),
                Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
                None => None,
            }}
            {move || preview.get().map(|p| view! { <ZoomPreviewView session preview=p zoom/> }.into_any())}
        </section>
    }
}

#[component]
fn ZoomPreviewView(
    session: i64,
    preview: ZoomPreview,
    zoom: ServerAction<SaveZoom>,
) -> impl IntoView {
    let i18n = use_i18n();
    if let Some(problem) = preview.file_problem {
        return view! { <p class="alert alert--error" role="alert" id="zoom-problem">{problem}</p> }.into_any();
    }
    let matched = preview
        .lines
        .iter()
        .filter(|l| l.registration.is_some())
        .count();
    let registrants = preview.registrants.clone();
    view! {
        <p id="zoom-summary">{i18n.t_with("zoom-summary", &[("people", preview.lines.len().into()), ("matched", matched.into())])}</p>
        {(!preview.skipped.is_empty()).then(|| view! {
            <ul class="problems" id="zoom-skipped">{preview.skipped.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
        })}
        <ActionForm action=zoom attr:id="zoom-save-form">
            <input type="hidden" name="session" value=session/>
            <table class="table" id="zoom-table">
                <thead><tr>
                    <th scope="col">{i18n.t("zoom-name")}</th>
                    <th scope="col">{i18n.t("zoom-minutes")}</th>
                    <th scope="col">{i18n.t("zoom-registration")}</th>
                </tr></thead>
                <tbody>
                    {preview.lines.into_iter().enumerate().map(|(i, line)| {
                        let chosen = line.registration;
                        view! {
                            <tr class:unmatched=chosen.is_none()>
                                <td>
                                    <strong>{line.name.clone()}</strong>
                                    {(!line.other_names.is_empty()).then(|| view! { <br/><span class="muted">{line.other_names.join(", ")}</span> })}
                                    {(!line.email.is_empty()).then(|| view! { <br/><span class="muted">{line.email.clone()}</span> })}
                                    <br/><span class="muted">{i18n.t_with("zoom-lines", &[("lines", line.lines.clone().into())])}</span>
                                </td>
                                <td>{line.minutes}{(line.visits > 1).then(|| format!(" ({}×)", line.visits))}</td>
                                <td>
                                    <input type="hidden" name=format!("rows[{i}][minutes]") value=line.minutes/>
                                    <input type="hidden" name=format!("rows[{i}][first_joined]") value=line.first_joined.clone()/>
                                    <select name=format!("rows[{i}][registration]") aria-label=i18n.t("zoom-registration")>
                                        <option value="" selected=chosen.is_none()>{i18n.t("zoom-not-counted")}</option>
                                        {registrants.iter().map(|(id, label)| view! {
                                            <option value=*id selected=chosen == Some(*id)>{label.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                    {(!line.matched_by.is_empty()).then(|| view! { <span class="badge">{i18n.t(&format!("zoom-matched-{}", line.matched_by))}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <button type="submit" class="button button--primary">{i18n.t("zoom-save")}</button>
        </ActionForm>
    }.into_any()
}

#[component]
fn ListTable(book: AttendanceBook, mark: ServerAction<MarkAttendance>) -> impl IntoView {
    let i18n = use_i18n();
    let session = book.session_id;
    view! {
        <section id="attendance-list">
            <h2>{i18n.t("attendance-list")}</h2>
            {move || match mark.value().get() {
                Some(Ok(Some(problem))) => Some(view! { <p class="alert alert--error" role="alert">{problem}</p> }.into_any()),
                Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
                _ => None,
            }}
            {if book.lines.is_empty() {
                view! { <p class="empty">{i18n.t("desk-nobody")}</p> }.into_any()
            } else {
                view! {
                    <table class="table" id="attendance-table">
                        <thead><tr>
                            <th scope="col">"No"</th>
                            <th scope="col">{i18n.t("registration-field-name")}</th>
                            <th scope="col">{i18n.t("registration-field-region")}</th>
                            <th scope="col">{i18n.t("attendance-check-ins")}</th>
                            <th scope="col">{i18n.t("zoom-minutes")}</th>
                            <th scope="col">{i18n.t("attendance-status")}</th>
                        </tr></thead>
                        <tbody>
                            {book.lines.into_iter().enumerate().map(|(i, line)| view! { <LineRow number=i + 1 line session mark/> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn LineRow(
    number: usize,
    line: ListLine,
    session: i64,
    mark: ServerAction<MarkAttendance>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(line.mark.clone());
    let option = move |value: &'static str, key: &'static str, current: &str| {
        view! { <option value=value selected=current == value>{i18n.t(key)}</option> }
    };
    view! {
        <tr data-status=line.status.clone() data-registration=line.id>
            <td>{number}</td>
            <td>
                <strong>{line.name.clone()}</strong>
                {line.walk_in.then(|| view! { " " <span class="badge">{i18n.t("attendance-walk-in")}</span> })}
                {line.waitlisted.then(|| view! { " " <span class="badge">{i18n.t("registration-status-waitlisted")}</span> })}
                <br/><span class="muted">{format!("{} · {}", line.office, i18n.t(&format!("attendance-{}", line.mode)))}</span>
                {(!line.nip.is_empty()).then(|| view! { <br/><span class="muted">{format!("NIP {}", line.nip)}</span> })}
            </td>
            <td>{line.region_name.clone()}</td>
            <td class="check-ins">{line.check_ins.join(", ")}</td>
            <td>{(line.online_minutes > 0).then_some(line.online_minutes)}</td>
            <td>
                <strong class=format!("status status--{}", line.status)>{i18n.t(&format!("attendance-status-{}", line.status))}</strong>
                <ActionForm action=mark attr:class="mark-form">
                    <input type="hidden" name="session" value=session/>
                    <input type="hidden" name="registration" value=line.id/>
                    <select name="form[status]" aria-label=i18n.t("attendance-field-status")
                        on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {option("", "attendance-mark-auto", &line.mark)}
                        {option("present", "attendance-status-present", &line.mark)}
                        {option("absent", "attendance-status-absent", &line.mark)}
                        {option("excused", "attendance-status-excused", &line.mark)}
                    </select>
                    <input type="text" name="form[reason]" value=line.reason.clone() maxlength="500"
                        placeholder=i18n.t("attendance-field-reason") aria-label=i18n.t("attendance-field-reason")
                        class:hidden=move || chosen.get() != "excused"/>
                    <button type="submit" class="button button--quiet">{i18n.t("attendance-mark-save")}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
