//! The organizer's list of every session, drafts included.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::api::load_organizer_sessions;
use super::labels;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading};

#[component]
pub fn OrganizerPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| load_organizer_sessions());
    view! {
        <Title text=i18n.t("organizer-title")/>
        <div class="page-heading">
            <h1>{i18n.t("organizer-title")}</h1>
            <A href="/organizer/sessions/new" attr:class="button" attr:id="new-session">
                {i18n.t("organizer-new-session")}
            </A>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) if rows.is_empty() => {
                        view! { <p class="empty">{i18n.t("organizer-empty")}</p> }.into_any()
                    }
                    Ok(rows) => {
                        view! {
                            <table class="sessions-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.t("organizer-col-session")}</th>
                                        <th scope="col">{i18n.t("session-when")}</th>
                                        <th scope="col">{i18n.t("organizer-col-status")}</th>
                                        <th scope="col">
                                            <span class="sr-only">{i18n.t("organizer-col-actions")}</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|row| {
                                            let card = row.card;
                                            let public = card.status.is_public();
                                            view! {
                                                <tr>
                                                    <td>
                                                        <span class="facts__aside">{labels::kind(i18n, card.kind)}</span>
                                                        <A href=format!("/organizer/sessions/{}", card.id)>{card.title}</A>
                                                    </td>
                                                    <td>{card.when}</td>
                                                    <td>
                                                        <span class=format!("badge badge--status-{}", card.status.as_str())>
                                                            {labels::status(i18n, card.status)}
                                                        </span>
                                                    </td>
                                                    <td class="actions">
                                                        <A href=format!("/organizer/sessions/{}", card.id)>{i18n.t("organizer-edit")}</A>
                                                        {public
                                                            .then(|| {
                                                                view! {
                                                                    <A href=format!("/sessions/{}", card.id)>
                                                                        {i18n.t("organizer-view-public")}
                                                                    </A>
                                                                }
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
                    }
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
