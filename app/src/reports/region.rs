//! A region's page (`/regions/{code}`): its record for a period and kind (its own
//! offices and, for a province, with its regencies; by default the last twelve
//! months), the monthly trend, the period's sessions and the year ahead's with its
//! people's numbers, its regencies, and its calendar feed. The filter lives in the
//! address (`?from=&to=&kind=`), as on the dashboard, whose links carry it here.
//! Operators see their own region here and on their home page (`/my-region`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use simpul::participation::ReportForm;

use super::api::{RegionOutcome, RegionSession, RegionView, attention_key, load_region};
use super::chart::percent;
use super::dashboard::{FilterForm, LinesTable, Trend, form_from, period_of};
use crate::calendar::subscribe::Subscribe;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, PageNotFound};

#[component]
pub fn RegionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let filter = move || {
        (
            params.read().get("code").unwrap_or_default(),
            form_from(&query.read()),
        )
    };
    let region = Resource::new(filter, |(code, form)| load_region(code, form));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let (code, form) = filter();
                let action = format!("/regions/{code}");
                match region.await {
                    Ok(RegionOutcome::Ready(view)) => {
                        // The date fields show the period of the record, also when it
                        // was left to its default.
                        let shown = ReportForm { from: view.from.clone(), to: view.to.clone(), ..form };
                        view! { <RegionRecord view=*view heading=true filter=Some((action, shown))/> }.into_any()
                    }
                    Ok(RegionOutcome::Invalid(problems)) => view! {
                        <h1 id="region-page-name">{code}</h1>
                        <FilterForm action levels=false form province=None problems/>
                    }.into_any(),
                    Ok(RegionOutcome::Unknown) => view! { <PageNotFound/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The record of one region; `heading` gives it the page's title (the operator's home
/// has its own); `filter`, the filter form's address and values (the region's page;
/// the home shows the default period with a link to the page).
#[component]
pub fn RegionRecord(
    view: RegionView,
    heading: bool,
    filter: Option<(String, ReportForm)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let language = i18n.language;
    let line = view.line.line.clone();
    let whole = line.regencies.as_ref().map(|r| r.with_province.clone());
    let keep = filter
        .as_ref()
        .map(|(_, form)| period_of(form))
        .unwrap_or_default();
    // The home page has no filter; its record links to the region's page for one.
    let page_link = filter.is_none().then(|| view! {
        <p><a href=format!("/regions/{}", view.code) id="region-page-link">{i18n.t("report-other-period")}</a></p>
    });
    let filter = filter.map(|(action, form)| {
        view! {
            <FilterForm action levels=false form province=None problems=Vec::new()/>
        }
    });
    view! {
        {heading.then(|| view! {
            <Title text=view.name.clone()/>
            <h1 id="region-page-name">{view.name.clone()}</h1>
            {view.province.clone().map(|(code, name)| view! {
                <p class="hint">{i18n.t("report-in-province")}" "<a href=format!("/regions/{code}")>{name}</a></p>
            })}
            <Subscribe feed=format!("/calendar/region/{}.ics", view.code)/>
        })}
        {view.organizer.then(|| view! {
            <p><a href=format!("/organizer/reports{keep}")>{i18n.t("report-back")}</a></p>
        })}
        {filter}
        <section aria-labelledby="record-title" id="region-record">
            <h2 id="record-title">{i18n.t("report-record")}</h2>
            <p class="hint">{i18n.t_with("report-period", &[("period", view.period.clone().into())])}</p>
            {page_link}
            {line.attention.map(|a| view! {
                <p class="notice notice--attention" id="region-attention">{i18n.t("report-attention")}": "{i18n.t(&attention_key(a))}</p>
            })}
            <dl class="figures">
                <div><dt>{i18n.t("report-invited")}</dt><dd>{line.sessions_invited}</dd></div>
                <div><dt>{i18n.t("report-attended")}</dt><dd>{line.sessions_attended}</dd></div>
                <div><dt>{i18n.t("report-registered")}</dt><dd>{line.numbers.registered}</dd></div>
                <div><dt>{i18n.t("report-present")}</dt><dd>{line.numbers.present}</dd></div>
                <div><dt>{i18n.t("report-excused")}</dt><dd>{line.numbers.excused}</dd></div>
                <div><dt>{i18n.t("report-rate")}</dt><dd id="region-rate">{percent(line.numbers.attendance_rate, language)}</dd></div>
                <div><dt>{i18n.t("report-last")}</dt><dd>{view.line.last_attended.clone().unwrap_or_else(|| "–".into())}</dd></div>
                {whole.map(|n| view! {
                    <div><dt>{i18n.t("report-whole-province")}</dt><dd>{format!("{} · {} / {}", percent(n.attendance_rate, language), n.present, n.registered)}</dd></div>
                })}
            </dl>
        </section>
        <Trend months=view.months.clone()/>
        <SessionTable id="region-upcoming" title=i18n.t("schedule-upcoming") sessions=view.upcoming.clone()/>
        <SessionTable id="region-past" title=i18n.t("schedule-past") sessions=view.past.clone()/>
        {(!view.regencies.is_empty()).then(|| view! {
            <section aria-labelledby="region-regencies-title">
                <h2 id="region-regencies-title">{i18n.t("report-regencies")}</h2>
                <LinesTable id="regency-table" lines=view.regencies.clone() provinces=false keep=keep.clone()/>
            </section>
        })}
    }
    .into_any()
}

#[component]
fn SessionTable(id: &'static str, title: String, sessions: Vec<RegionSession>) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <section aria-labelledby=labelled_by id=id>
            <h2 id=title_id>{title}</h2>
            {if sessions.is_empty() {
                view! { <p class="empty">{i18n.t("schedule-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{i18n.t("report-date")}</th>
                                <th scope="col">{i18n.t("report-session")}</th>
                                <th scope="col">{i18n.t("report-registered")}</th>
                                <th scope="col">{i18n.t("report-present")}</th>
                                <th scope="col">{i18n.t("report-excused")}</th>
                            </tr></thead>
                            <tbody>
                                {sessions.into_iter().map(|s| view! {
                                    <tr data-session=s.id>
                                        <td>{s.date}</td>
                                        <th scope="row"><a href=format!("/sessions/{}", s.id)>{s.title}</a></th>
                                        <td>{s.registered}</td>
                                        <td>{if s.held { s.present.to_string() } else { "–".into() }}</td>
                                        <td>{if s.held { s.excused.to_string() } else { "–".into() }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
