//! Pages without an account: registering through a session's public link
//! (`/register/:secret`) and a registrant's private confirmation page
//! (`/registrations/:secret`) with the check-in code as QR code and as text.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use simpul::registration::{RegistrationForm, RegistrationStatus};

use super::api::{RegisterOutcome, RegisterPublic, load_confirmation, load_public_desk};
use super::desk::{OutcomeView, PersonFields};
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound};

#[component]
pub fn PublicRegistrationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let secret = move || params.read().get("secret").unwrap_or_default();
    let desk = Resource::new(secret, load_public_desk);
    let register = ServerAction::<RegisterPublic>::new();
    view! {
        <Title text=i18n.t("public-registration-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match desk.await {
                    Ok(Some(desk)) => {
                        let form = RegistrationForm::default();
                        view! {
                            <h1>{i18n.t("public-registration-title")}</h1>
                            <p class="lead" id="public-session">{desk.title.clone()}</p>
                            <p>{desk.when.clone()}</p>
                            <p>{i18n.t("desk-deadline")}": "<strong>{desk.deadline.clone()}</strong></p>
                            {move || match register.value().get() {
                                Some(Ok(RegisterOutcome::Saved { link: Some(link), .. })) => Some(view! {
                                    <div class="alert alert--success" role="status" id="public-registered">
                                        <p>{i18n.t("public-registration-done")}</p>
                                        <p><a href=link.clone() id="confirmation-link">{i18n.t("public-registration-see")}</a></p>
                                    </div>
                                }),
                                _ => None,
                            }}
                            {if desk.open {
                                view! {
                                    <OutcomeView value=Signal::derive(move || register.value().get())/>
                                    <ActionForm action=register attr:class="editor" attr:id="public-register-form">
                                        <input type="hidden" name="secret" value=secret()/>
                                        <PersonFields form modes=desk.modes.clone() regions=desk.regions.clone() prefix="form"/>
                                        <p class="hint">{i18n.t("public-registration-privacy")}</p>
                                        <button type="submit" class="button button--primary">{i18n.t("desk-register")}</button>
                                    </ActionForm>
                                }.into_any()
                            } else {
                                view! { <p class="alert alert--warning" role="status">{i18n.t("desk-closed")}</p> }.into_any()
                            }}
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
pub fn ConfirmationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let confirmation = Resource::new(
        move || params.read().get("secret").unwrap_or_default(),
        load_confirmation,
    );
    view! {
        <Title text=i18n.t("confirmation-title")/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match confirmation.await {
                    Ok(Some(c)) => {
                        let status = i18n.t(&format!("registration-status-{}", c.status.as_str()));
                        view! {
                            <article class="confirmation" id="confirmation">
                                <h1>{i18n.t("confirmation-title")}</h1>
                                <p class="lead">{c.name.clone()}</p>
                                <p>{c.region_name.clone()}" · "{i18n.t(&format!("attendance-{}", c.mode))}</p>
                                <p><span class=format!("badge badge--{}", c.status.as_str()) id="confirmation-status">{status}</span></p>
                                {c.cancelled_session.then(|| view! {
                                    <p class="alert alert--error" role="status">{i18n.t("confirmation-session-cancelled")}</p>
                                })}
                                {(c.status == RegistrationStatus::Waitlisted).then(|| view! {
                                    <p class="alert alert--warning" role="status">{i18n.t("confirmation-waitlisted")}</p>
                                })}
                                {c.code.clone().map(|code| view! {
                                    <figure class="check-in-code">
                                        {c.qr_svg.clone().map(|svg| view! { <div class="qr" inner_html=svg role="img" aria-label=i18n.t("confirmation-qr")></div> })}
                                        <figcaption>
                                            {i18n.t("confirmation-code")}": "
                                            <strong id="check-in-code" class="code">{code}</strong>
                                        </figcaption>
                                    </figure>
                                })}
                                {c.online_check_in.clone().map(|state| view! { <OnlineCheckIn state secret=params.read_untracked().get("secret").unwrap_or_default()/> })}
                                {c.certificate_url.clone().map(|url| view! {
                                    <p><a href=url download class="button" id="certificate-link">{i18n.t("confirmation-certificate")}</a></p>
                                })}
                                <h2><A href=format!("/sessions/{}", c.session_id)>{c.title.clone()}</A></h2>
                                <dl class="facts">
                                    <dt>{i18n.t("confirmation-when")}</dt>
                                    <dd id="confirmation-when">{c.when.clone()}</dd>
                                    {c.place.clone().map(|place| view! { <dt>{i18n.t("session-venue")}</dt><dd>{place}</dd> })}
                                    {c.meeting_link.clone().map(|link| view! {
                                        <dt>{i18n.t("confirmation-link")}</dt>
                                        <dd><a href=link.clone() id="meeting-link" rel="noopener noreferrer">{link.clone()}</a></dd>
                                    })}
                                    {c.meeting_id.clone().map(|id| view! { <dt>{i18n.t("confirmation-meeting-id")}</dt><dd>{id}</dd> })}
                                    {c.passcode.clone().map(|p| view! { <dt>{i18n.t("confirmation-passcode")}</dt><dd id="passcode">{p}</dd> })}
                                </dl>
                                {(!c.materials.is_empty()).then(|| view! {
                                    <h2>{i18n.t("materials-title")}</h2>
                                    <ul class="materials" id="confirmation-materials">
                                        {c.materials.clone().into_iter().map(|m| view! {
                                            <li><a href=m.url download>{m.title}</a>" "<span class="facts__aside">{format!("{} · {}", m.kind.as_str().to_uppercase(), m.size)}</span></li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                <p class="hint">{i18n.t("confirmation-private")}</p>
                            </article>
                        }.into_any()
                    }
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Saya hadir": an online participant's own check-in while it is open.
#[component]
fn OnlineCheckIn(state: super::api::OnlineCheckInState, secret: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<crate::attendance::api::CheckInOnline>::new();
    view! {
        <section class="online-check-in" id="online-check-in">
            {match (state.checked_in_at.clone(), state.open) {
                (Some(at), _) => view! {
                    <p class="alert alert--success" role="status">{i18n.t_with("confirmation-checked-in", &[("time", at.into())])}</p>
                }.into_any(),
                (None, true) => view! {
                    <ActionForm action>
                        <input type="hidden" name="secret" value=secret/>
                        <button type="submit" class="button button--primary">{i18n.t("confirmation-check-in")}</button>
                    </ActionForm>
                    <crate::attendance::check_in::AnswerView value=Signal::derive(move || action.value().get())/>
                }.into_any(),
                (None, false) => view! { <p class="hint">{i18n.t("confirmation-check-in-closed")}</p> }.into_any(),
            }}
        </section>
    }
}
