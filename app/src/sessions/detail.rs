//! The public page of one session: theme, time in every zone, mode, venue and link
//! (never the passcode), invited regions, rundown and confirmed speakers.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{Invited, SessionPage, load_session_page};
use super::labels;
use crate::calendar::subscribe::AddToCalendar;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound};

#[component]
pub fn SessionDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| simpul::SessionId::parse(&raw))
    };
    let page = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_session_page(id.0).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! { <SessionView page/> }.into_any(),
                    Ok(None) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SessionView(page: SessionPage) -> impl IntoView {
    let i18n = use_i18n();
    let SessionPage {
        card,
        other_zones,
        description,
        organizer_unit,
        meeting_link,
        meeting_id,
        capacity_onsite,
        capacity_online,
        invited,
        rundown,
        speakers,
        materials,
        registration_link,
    } = page;
    let cancelled = card.status == simpul::SessionStatus::Cancelled;
    let session_id = card.id;
    view! {
        <Title text=card.title.clone()/>
        <article class="session" class:session--cancelled=cancelled>
            <p class="breadcrumb"><A href="/">{i18n.t("back-to-schedule")}</A></p>
            <div class="badges">
                <span class=format!("badge badge--{}", card.kind.as_str())>{labels::kind(i18n, card.kind)}</span>
                <span class="badge badge--mode">{labels::mode(i18n, card.mode)}</span>
                <span class=format!("badge badge--status-{}", card.status.as_str())>
                    {labels::status(i18n, card.status)}
                </span>
            </div>
            <h1>{card.title}</h1>
            {cancelled.then(|| view! { <p class="alert alert--warning" role="status">{i18n.t("session-cancelled-notice")}</p> })}
            {(!card.theme.is_empty()).then(|| view! { <p class="lead">{card.theme}</p> })}
            {registration_link.map(|link| view! {
                <p><a class="button button--primary" href=link id="register-link">{i18n.t("session-register")}</a></p>
            })}
            <dl class="facts">
                <dt>{i18n.t("session-when")}</dt>
                <dd>
                    <span id="session-when">{card.when}</span>
                    {(!other_zones.is_empty())
                        .then(|| {
                            view! {
                                <span class="facts__aside">
                                    {i18n.t("session-other-zones")} " " {other_zones.join(" · ")}
                                </span>
                            }
                        })}
                </dd>
                <dt>{i18n.t("session-mode")}</dt>
                <dd>{labels::mode(i18n, card.mode)}</dd>
                {card.place.map(|place| view! { <dt>{i18n.t("session-venue")}</dt> <dd>{place}</dd> })}
                {meeting_link
                    .map(|link| {
                        view! {
                            <dt>{i18n.t("session-link")}</dt>
                            <dd>
                                <a href=link.clone() rel="noopener noreferrer" target="_blank">{link.clone()}</a>
                                {meeting_id.map(|id| view! { <span class="facts__aside">{i18n.t("session-meeting-id")} " " {id}</span> })}
                                <span class="facts__aside">{i18n.t("session-passcode-private")}</span>
                            </dd>
                        }
                    })}
                <dt>{i18n.t("session-organizer")}</dt>
                <dd>{organizer_unit}</dd>
                {capacity_onsite.map(|c| view! { <dt>{i18n.t("session-capacity-onsite")}</dt> <dd>{c}</dd> })}
                {capacity_online.map(|c| view! { <dt>{i18n.t("session-capacity-online")}</dt> <dd>{c}</dd> })}
                <dt>{i18n.t("session-invited")}</dt>
                <dd>
                    {match invited {
                        Invited::Nobody => i18n.t("session-invited-nobody"),
                        Invited::AllProvinces => i18n.t("session-invited-all"),
                        Invited::Some(names) => names.join(", "),
                    }}
                </dd>
            </dl>
            <AddToCalendar session=session_id/>
            {(!description.is_empty()).then(|| view! { <p class="session__description">{description}</p> })}
            <section aria-labelledby="rundown-title">
                <h2 id="rundown-title">{i18n.t("session-rundown")}</h2>
                {if rundown.is_empty() {
                    view! { <p class="empty">{i18n.t("session-rundown-empty")}</p> }.into_any()
                } else {
                    view! {
                        <table class="rundown">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t("session-rundown-time")}</th>
                                    <th scope="col">{i18n.t("session-rundown-item")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rundown
                                    .into_iter()
                                    .map(|line| {
                                        view! {
                                            <tr>
                                                <td class="rundown__time">{line.time}</td>
                                                <td>
                                                    {line.title}
                                                    <span class="facts__aside">{labels::rundown_kind(i18n, line.kind)}</span>
                                                    {(!line.speakers.is_empty()).then(|| view! {
                                                        <span class="rundown__speakers">{line.speakers.join(", ")}</span>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }}
            </section>
            <section aria-labelledby="speakers-title">
                <h2 id="speakers-title">{i18n.t("session-speakers")}</h2>
                {if speakers.is_empty() {
                    view! { <p class="empty">{i18n.t("session-speakers-empty")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="speakers">
                            {speakers
                                .into_iter()
                                .map(|s| {
                                    let affiliation = speaker_affiliation(&s.name, &s.position, s.institution.as_deref());
                                    view! {
                                        <li class="speaker">
                                            <span class="speaker__role">{labels::role(i18n, s.role)}</span>
                                            <A href=format!("/speakers/{}", s.id) attr:class="speaker__name"><strong>{s.name}</strong></A>
                                            {affiliation.map(|text| view! { <span class="speaker__position">{text}</span> })}
                                            {(!s.topic.is_empty()).then(|| view! { <span class="speaker__topic">{s.topic}</span> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
            {(!materials.is_empty()).then(|| view! {
                <section aria-labelledby="materials-title">
                    <h2 id="materials-title">{i18n.t("materials-title")}</h2>
                    <ul class="materials" id="session-materials">
                        {materials.into_iter().map(|m| view! {
                            <li>
                                <a href=m.url.clone() rel="external" download=m.file_name.clone()>{m.title}</a>
                                <span class="facts__aside">{format!("{} · {}", m.kind.as_str().to_uppercase(), m.size)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// "Direktur Politik Dalam Negeri, Kementerian Dalam Negeri": the position and the
/// institution, leaving out what is empty or repeats the speaker's name (a speaker
/// announced only as "KPU RI").
fn speaker_affiliation(name: &str, position: &str, institution: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [Some(position), institution]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty() && *part != name)
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::speaker_affiliation;

    #[test]
    fn affiliation_leaves_out_repeats_and_blanks() {
        assert_eq!(
            speaker_affiliation(
                "Drs. Syarmadani, M.Si.",
                "Direktur Politik Dalam Negeri",
                Some("Kementerian Dalam Negeri")
            ),
            Some("Direktur Politik Dalam Negeri, Kementerian Dalam Negeri".to_owned())
        );
        assert_eq!(speaker_affiliation("KPU RI", "", Some("KPU RI")), None);
        assert_eq!(
            speaker_affiliation("Prof. Dr. R. Siti Zuhro, M.A.", "", Some("LIPI")),
            Some("LIPI".to_owned())
        );
    }
}
