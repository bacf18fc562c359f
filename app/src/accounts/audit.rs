//! The audit trail: who changed what and when, with the record before and after.
//! Admins see it all at `/admin/audit` (filterable, exportable as CSV); the editor of
//! a session shows that session's history to its organizer and to admins.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use simpul::audit::AuditAction;

use super::api::{AuditLine, AuditQuery, ERROR_FORBIDDEN, load_audit};
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading};

fn query_from_url(query: &leptos_router::params::ParamsMap) -> AuditQuery {
    AuditQuery {
        session: query.get("session"),
        action: query.get("action"),
        user: query.get("user"),
        from: query.get("from"),
        to: query.get("to"),
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || query_from_url(&query.read());
    let events = Resource::new(filter, load_audit);
    let export = move || {
        let search = query.read().to_query_string();
        format!("/admin/audit.csv{search}")
    };
    let value = move |name: &'static str| query.read().get(name).unwrap_or_default();
    view! {
        <Title text=i18n.t("audit-title")/>
        <div class="page-heading">
            <h1>{i18n.t("audit-title")}</h1>
            <a href=export rel="external" class="button button--quiet" id="audit-export">{i18n.t("audit-export")}</a>
        </div>
        <form method="get" action="/admin/audit" class="filters" id="audit-filter">
            <div class="field">
                <label for="audit-action">{i18n.t("audit-action")}</label>
                <select id="audit-action" name="action">
                    <option value="">{i18n.t("filter-any")}</option>
                    {AuditAction::ALL.iter().map(|action| {
                        let word = action.as_str();
                        view! { <option value=word selected=move || value("action") == word>{i18n.t(&format!("audit-{word}"))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-session">{i18n.t("audit-session")}</label>
                <input id="audit-session" name="session" type="text" inputmode="numeric" value=move || value("session")/>
            </div>
            <div class="field">
                <label for="audit-from">{i18n.t("audit-from")}</label>
                <input id="audit-from" name="from" type="date" value=move || value("from")/>
            </div>
            <div class="field">
                <label for="audit-to">{i18n.t("audit-to")}</label>
                <input id="audit-to" name="to" type="date" value=move || value("to")/>
            </div>
            <button type="submit" class="button">{i18n.t("filter-apply")}</button>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(lines) => view! { <AuditTable lines/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A session's own history, under its editor; nothing for those who may not read it.
#[component]
pub fn SessionHistory(session: i64) -> impl IntoView {
    let i18n = use_i18n();
    let events = Resource::new(
        move || AuditQuery {
            session: Some(session.to_string()),
            ..AuditQuery::default()
        },
        load_audit,
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(lines) => Some(view! {
                        <section class="panel" aria-labelledby="history-title">
                            <h2 id="history-title">{i18n.t("audit-history")}</h2>
                            <AuditTable lines/>
                        </section>
                    }.into_any()),
                    Err(leptos::server_fn::ServerFnError::ServerError(key)) if key == ERROR_FORBIDDEN => None,
                    Err(error) => Some(view! { <LoadError error/> }.into_any()),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(lines: Vec<AuditLine>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="empty">{i18n.t("audit-empty")}</p> }.into_any();
    }
    view! {
        <table class="sessions-table audit" id="audit">
            <thead><tr>
                <th scope="col">{i18n.t("audit-at")}</th>
                <th scope="col">{i18n.t("audit-who")}</th>
                <th scope="col">{i18n.t("audit-action")}</th>
                <th scope="col">{i18n.t("audit-subject")}</th>
                <th scope="col">{i18n.t("audit-change")}</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|line| {
                    let subject = format!("{} {}", i18n.t(&format!("audit-subject-{}", line.subject_kind)), line.subject_id);
                    view! {
                    <tr>
                        <td>{line.at}</td>
                        <td>{line.actor.unwrap_or_else(|| i18n.t("audit-system"))}</td>
                        <td>{i18n.t(&format!("audit-{}", line.action.as_str()))}</td>
                        <td>{match line.session {
                            Some(id) => view! { <A href=format!("/organizer/sessions/{id}")>{subject}</A> }.into_any(),
                            None => subject.into_any(),
                        }}</td>
                        <td class="audit__change">
                            {line.before.map(|b| view! { <details><summary>{i18n.t("audit-before")}</summary><pre>{b}</pre></details> })}
                            {line.after.map(|a| view! { <details><summary>{i18n.t("audit-after")}</summary><pre>{a}</pre></details> })}
                        </td>
                    </tr>
                }}).collect_view()}
            </tbody>
        </table>
    }.into_any()
}
