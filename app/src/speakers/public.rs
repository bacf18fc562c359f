//! Public pages: a speaker with their sessions (upcoming and past), the list of
//! institutions, and an institution with its appearances per year. Only confirmed
//! parts in published, cancelled or completed sessions show; never a contact.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{
    Appearance, InstitutionLine, InstitutionPage, SpeakerPage, load_institution_page,
    load_institutions, load_speaker_page,
};
use simpul::calendar::FeedScope;
use simpul::speaker::SpeakerId;

use crate::calendar::subscribe::Subscribe;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound};
use crate::sessions::api::SessionCard;
use crate::sessions::labels;

fn id_param() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<i64>().ok())
            .filter(|id| *id > 0)
    }
}

#[component]
pub fn SpeakerPublicPage() -> impl IntoView {
    let id = id_param();
    let page = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_speaker_page(id).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! { <SpeakerView page/> }.into_any(),
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SpeakerView(page: SpeakerPage) -> impl IntoView {
    let i18n = use_i18n();
    let SpeakerPage {
        speaker,
        upcoming,
        past,
    } = page;
    view! {
        <Title text=speaker.name.clone()/>
        <article class="speaker-page">
            <h1 id="speaker-name">{speaker.name.clone()}</h1>
            {(!speaker.position.is_empty()).then(|| view! { <p class="lead">{speaker.position.clone()}</p> })}
            {speaker.institution.map(|(id, name)| view! {
                <p><A href=format!("/institutions/{id}")>{name}</A></p>
            })}
            <Subscribe feed=FeedScope::Speaker(SpeakerId(speaker.id)).path()/>
            <h2>{i18n.t("speaker-upcoming")}</h2>
            <AppearanceList list=upcoming empty=i18n.t("speaker-none-upcoming")/>
            <h2>{i18n.t("speaker-past")}</h2>
            <AppearanceList list=past empty=i18n.t("speaker-none-past")/>
        </article>
    }
}

#[component]
fn AppearanceList(list: Vec<Appearance>, empty: String) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="session-list">
            {list.into_iter().map(|a| view! {
                <li class="appearance">
                    <A href=format!("/sessions/{}", a.card.id)>{a.card.title}</A>
                    <span class="facts__aside">{a.card.when}</span>
                    <span class="facts__aside">
                        {labels::role(i18n, a.role)}
                        {(!a.topic.is_empty()).then(|| format!(": {}", a.topic))}
                    </span>
                    {(a.card.status == simpul::SessionStatus::Cancelled).then(|| view! {
                        <span class="badge badge--status-cancelled">{labels::status(i18n, a.card.status)}</span>
                    })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn InstitutionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| load_institutions());
    view! {
        <Title text=i18n.t("institutions-title")/>
        <h1>{i18n.t("institutions-title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <InstitutionTable list id="institutions"/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Institutions with their other names, region (or "central") and speakers.
#[component]
pub(super) fn InstitutionTable(list: Vec<InstitutionLine>, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="sessions-table" id=id>
            <thead><tr>
                <th scope="col">{i18n.t("institution-name")}</th>
                <th scope="col">{i18n.t("institution-region")}</th>
                <th scope="col">{i18n.t("institution-speakers")}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|i| view! {
                    <tr>
                        <td>
                            <A href=format!("/institutions/{}", i.id)>{i.name}</A>
                            {(!i.aliases.is_empty()).then(|| view! {
                                <span class="facts__aside">{i.aliases.join(" · ")}</span>
                            })}
                        </td>
                        <td>{i.region_name.unwrap_or_else(|| i18n.t("institution-central"))}</td>
                        <td>{i.speakers}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn InstitutionPublicPage() -> impl IntoView {
    let id = id_param();
    let page = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_institution_page(id).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! { <InstitutionView page/> }.into_any(),
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InstitutionView(page: InstitutionPage) -> impl IntoView {
    let i18n = use_i18n();
    let InstitutionPage {
        institution,
        merged_into,
        per_year,
        speakers,
        sessions,
    } = page;
    view! {
        <Title text=institution.name.clone()/>
        <p class="breadcrumb"><A href="/institutions">{i18n.t("institutions-title")}</A></p>
        <h1 id="institution-name">{institution.name.clone()}</h1>
        {institution.region_name.clone().map(|r| view! { <p class="lead">{r}</p> })}
        {merged_into.map(|(id, name)| view! {
            <p class="alert alert--warning" role="status">
                {i18n.t("institution-merged-into")} " " <A href=format!("/institutions/{id}")>{name}</A>
            </p>
        })}
        {(!institution.aliases.is_empty()).then(|| view! {
            <p class="facts__aside">{i18n.t("institution-aliases")} " " {institution.aliases.join(" · ")}</p>
        })}
        <h2>{i18n.t("institution-per-year")}</h2>
        {if per_year.is_empty() {
            view! { <p class="empty">{i18n.t("institution-no-appearances")}</p> }.into_any()
        } else {
            view! {
                <table class="sessions-table" id="appearances-per-year">
                    <thead><tr>
                        <th scope="col">{i18n.t("institution-year")}</th>
                        <th scope="col">{i18n.t("institution-appearances")}</th>
                    </tr></thead>
                    <tbody>
                        {per_year.into_iter().map(|(year, count)| view! {
                            <tr><td>{year}</td><td>{count}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h2>{i18n.t("institution-speakers")}</h2>
        <ul class="speakers">
            {speakers.into_iter().map(|s| view! {
                <li><A href=format!("/speakers/{}", s.id)>{s.name}</A> " " <span class="facts__aside">{s.position}</span></li>
            }).collect_view()}
        </ul>
        <h2>{i18n.t("institution-sessions")}</h2>
        <SessionLinks cards=sessions/>
    }
}

#[component]
fn SessionLinks(cards: Vec<SessionCard>) -> impl IntoView {
    view! {
        <ul class="session-list">
            {cards.into_iter().map(|c| view! {
                <li><A href=format!("/sessions/{}", c.id)>{c.title}</A> " " <span class="facts__aside">{c.when}</span></li>
            }).collect_view()}
        </ul>
    }
}
