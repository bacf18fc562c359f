//! The check-in page at the door (`/organizer/sessions/:id/check-in`), made for an
//! organizer's phone: the code typed (or read from the QR code by the camera), a
//! search by name or NIP for people without their code, and walk-ins. Each answer
//! names the person and their region at once; a second check-in says since when.

use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_params_map, use_query_map};
use simpul::registration::RegistrationForm;

use super::api::{
    CheckInCode, CheckInOutcome, CheckInPerson, Door, WalkIn, find_people, load_door,
};
use super::scanner::CameraScanner;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound};
use crate::registrations::desk::{PersonFields, RowMessages};

#[component]
pub fn CheckInPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let by_code = ServerAction::<CheckInCode>::new();
    let by_person = ServerAction::<CheckInPerson>::new();
    let walk_in = ServerAction::<WalkIn>::new();
    let door = Resource::new(
        move || {
            (
                params.read().get("id"),
                by_code.version().get() + by_person.version().get() + walk_in.version().get(),
            )
        },
        |(id, _)| async move {
            match id.and_then(|id| id.parse::<i64>().ok()) {
                Some(id) => load_door(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=i18n.t("check-in-title")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match door.await {
                    Ok(Some(door)) => view! { <DoorView door by_code by_person walk_in/> }.into_any(),
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DoorView(
    door: Door,
    by_code: ServerAction<CheckInCode>,
    by_person: ServerAction<CheckInPerson>,
    walk_in: ServerAction<WalkIn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = door.session_id;
    let code_input = NodeRef::<html::Input>::new();
    // Ready for the next person: the field empties and keeps the focus.
    Effect::new(move |_| {
        if by_code.version().get() > 0
            && let Some(input) = code_input.get()
        {
            input.set_value("");
            let _ = input.focus();
        }
    });
    view! {
        <p class="breadcrumb">
            <A href=format!("/organizer/sessions/{session}/attendance")>{i18n.t("check-in-to-list")}</A>
        </p>
        <h1>{i18n.t("check-in-title")}</h1>
        <p class="lead">{door.title.clone()}<br/>{door.when.clone()}</p>
        <p id="check-in-count">{i18n.t_with("check-in-count", &[("checked", door.checked_in.into()), ("expected", door.expected.into())])}</p>
        <section id="by-code" class="door">
            <ActionForm action=by_code attr:class="editor door__code" attr:id="code-form">
                <input type="hidden" name="session" value=session/>
                <label for="check-in-code">{i18n.t("check-in-code")}</label>
                <div class="door__row">
                    <input id="check-in-code" name="code" type="text" required autofocus
                        autocomplete="off" autocapitalize="characters" spellcheck="false"
                        maxlength="24" placeholder="ABCDE-FGHJK" node_ref=code_input/>
                    <button type="submit" class="button button--primary">{i18n.t("check-in-submit")}</button>
                </div>
                <p class="hint">{i18n.t("check-in-code-hint")}</p>
            </ActionForm>
            <CameraScanner on_code=Callback::new(move |code: String| {
                by_code.dispatch(CheckInCode { session, code });
            })/>
            <AnswerView value=Signal::derive(move || by_code.value().get())/>
        </section>
        {view! { <SearchSection session by_person/> }.into_any()}
        {door.walk_ins.then(|| view! { <WalkInSection session regions=door.regions.clone() walk_in/> }.into_any())}
    }
}

#[component]
fn SearchSection(session: i64, by_person: ServerAction<CheckInPerson>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let found = Resource::new(
        move || (q(), by_person.version().get()),
        move |(q, _)| async move { find_people(session, q).await },
    );
    view! {
        <section id="by-name">
            <h2>{i18n.t("check-in-search")}</h2>
            <Form method="GET" action="" attr:role="search" attr:id="search-form">
                <div class="door__row">
                    <label class="visually-hidden" for="check-in-q">{i18n.t("check-in-search")}</label>
                    <input type="search" id="check-in-q" name="q" value=q placeholder=i18n.t("check-in-search-placeholder")/>
                    <button type="submit" class="button">{i18n.t("check-in-search-button")}</button>
                </div>
            </Form>
            <AnswerView value=Signal::derive(move || by_person.value().get())/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(people) if people.is_empty() && q().trim().chars().count() >= 2 => view! {
                            <p class="empty">{i18n.t("check-in-nobody-found")}</p>
                        }.into_any(),
                        Ok(people) => view! {
                            <ul class="found-list" id="found">
                                {people.into_iter().map(|p| view! {
                                    <li>
                                        <div>
                                            <strong>{p.name.clone()}</strong>
                                            <span class="muted">{format!(" · {} · {}", p.office, p.region_name)}</span>
                                            {(!p.nip.is_empty()).then(|| view! { <br/><span class="muted">{format!("NIP {}", p.nip)}</span> })}
                                        </div>
                                        {match p.checked_in_at.clone() {
                                            Some(at) => view! { <span class="badge badge--ok">{i18n.t_with("check-in-since", &[("time", at.into())])}</span> }.into_any(),
                                            None => view! {
                                                <ActionForm action=by_person>
                                                    <input type="hidden" name="session" value=session/>
                                                    <input type="hidden" name="registration" value=p.id/>
                                                    <button type="submit" class="button button--primary">{i18n.t("check-in-person")}</button>
                                                </ActionForm>
                                            }.into_any(),
                                        }}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn WalkInSection(
    session: i64,
    regions: Vec<crate::sessions::api::RegionOption>,
    walk_in: ServerAction<WalkIn>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section id="walk-in">
            <details>
                <summary>{i18n.t("check-in-walk-in")}</summary>
                <p class="hint">{i18n.t("check-in-walk-in-hint")}</p>
                <AnswerView value=Signal::derive(move || walk_in.value().get())/>
                <ActionForm action=walk_in attr:class="editor" attr:id="walk-in-form">
                    <input type="hidden" name="session" value=session/>
                    <PersonFields form=RegistrationForm::default() modes=vec!["luring".to_owned()] regions prefix="form"/>
                    <button type="submit" class="button button--primary">{i18n.t("check-in-walk-in-submit")}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// The answer of the last check-in: who, from where, and whether it was new.
#[component]
pub fn AnswerView(value: Signal<Option<Result<CheckInOutcome, ServerFnError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match value.get() {
        Some(Ok(CheckInOutcome::Done { name, region_name, office, new, first_at, admitted_from_waitlist })) => {
            let class = if new { "answer answer--new" } else { "answer answer--again" };
            let headline = if new {
                i18n.t_with("check-in-done", &[("time", first_at.clone().into())])
            } else {
                i18n.t_with("check-in-already", &[("time", first_at.clone().into())])
            };
            Some(view! {
                <div class=class role="status" id="check-in-answer">
                    <p class="answer__headline">{headline}</p>
                    <p class="answer__name">{name}</p>
                    <p class="answer__where">{if office.is_empty() { region_name.clone() } else { format!("{office} · {region_name}") }}</p>
                    {admitted_from_waitlist.then(|| view! { <p>{i18n.t("check-in-admitted")}</p> })}
                </div>
            }.into_any())
        }
        Some(Ok(CheckInOutcome::Refused(reason))) => Some(view! {
            <div class="answer answer--refused" role="alert" id="check-in-answer"><p class="answer__headline">{reason}</p></div>
        }.into_any()),
        Some(Ok(CheckInOutcome::Invalid(rows))) => Some(view! { <RowMessages rows/> }.into_any()),
        Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
        None => None,
    }
    }
}
