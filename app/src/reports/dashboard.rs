//! The organizer dashboard (`/organizer/reports`): for a period and kind of session,
//! the figures of the whole country, the map of provinces, the monthly trend, the
//! regions needing attention, the tables per province and (drilled into a province,
//! or by choice) per regency, and the speakers' statistics; with the same tables as
//! XLSX and a one-page PDF summary.
//!
//! The filter lives in the address (`?from=&to=&kind=&level=&province=`), so a
//! report can be bookmarked and sent, and the page works without WebAssembly.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use simpul::SessionKind;
use simpul::participation::{ReportField, ReportForm};

use super::api::{LineView, MonthView, ReportOutcome, ReportView, attention_key, load_report};
use super::chart::{BarChart, percent};
use super::map::{ProvinceMap, band};
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading};
use crate::sessions::labels;

pub(super) fn form_from(query: &ParamsMap) -> ReportForm {
    ReportForm {
        from: query.get("from").unwrap_or_default(),
        to: query.get("to").unwrap_or_default(),
        kind: query.get("kind").unwrap_or_default(),
        level: query.get("level").unwrap_or_default(),
    }
}

/// The query string of a filter (for links that keep it).
pub(super) fn search(form: &ReportForm, province: Option<&str>) -> String {
    let mut pairs = Vec::new();
    for (name, value) in [
        ("from", &form.from),
        ("to", &form.to),
        ("kind", &form.kind),
        ("level", &form.level),
    ] {
        if !value.is_empty() {
            pairs.push(format!("{name}={}", crate::layout::url_escape(value)));
        }
    }
    if let Some(province) = province {
        pairs.push(format!("province={province}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        let query = query.read();
        (form_from(&query), query.get("province"))
    };
    let report = Resource::new(filter, |(form, province)| load_report(form, province));
    view! {
        <Title text=i18n.t("report-title")/>
        <div class="page-heading">
            <h1>{i18n.t("report-title")}</h1>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let (form, province) = filter();
                match report.await {
                    Ok(ReportOutcome::Ready(view)) => {
                        // The date fields show the period the report covers, also
                        // when it was left to its default.
                        let shown = ReportForm { from: view.from.clone(), to: view.to.clone(), ..form.clone() };
                        view! {
                            <FilterForm action="/organizer/reports".into() levels=true form=shown province=province.clone() problems=Vec::new()/>
                            <Report view=*view form province/>
                        }.into_any()
                    }
                    Ok(ReportOutcome::Invalid(problems)) => view! {
                        <FilterForm action="/organizer/reports".into() levels=true form province problems/>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The filter of a report, sent to `action` by GET; `levels` offers the choice of
/// provinces or regencies (the dashboard; a region's page has its own level).
#[component]
pub(super) fn FilterForm(
    action: String,
    levels: bool,
    form: ReportForm,
    province: Option<String>,
    problems: Vec<(ReportField, simpul::validation::Problem)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = |field: ReportField| {
        problems.iter().find(|(f, _)| *f == field).map(
            |(_, p)| view! { <p class="field-error" role="alert">{labels::problem(i18n, *p)}</p> },
        )
    };
    let kind = form.kind.clone();
    let level = form.level.clone();
    view! {
        <form method="get" action=action class="filters" id="report-filter" role="search">
            <div class="field">
                <label for="report-from">{i18n.t("report-from")}</label>
                <input id="report-from" name="from" type="date" value=form.from.clone()/>
                {problem(ReportField::From)}
            </div>
            <div class="field">
                <label for="report-to">{i18n.t("report-to")}</label>
                <input id="report-to" name="to" type="date" value=form.to.clone()/>
                {problem(ReportField::To)}
            </div>
            <div class="field">
                <label for="report-kind">{i18n.t("report-kind")}</label>
                <select id="report-kind" name="kind">
                    <option value="">{i18n.t("filter-any")}</option>
                    {SessionKind::ALL.iter().map(|k| {
                        let word = k.as_str();
                        view! { <option value=word selected=kind == word>{labels::kind(i18n, *k)}</option> }
                    }).collect_view()}
                </select>
                {problem(ReportField::Kind)}
            </div>
            {levels.then(|| view! {
                <div class="field">
                    <label for="report-level">{i18n.t("report-level")}</label>
                    <select id="report-level" name="level">
                        <option value="province" selected=level != "regency">{i18n.t("report-level-province")}</option>
                        <option value="regency" selected=level == "regency">{i18n.t("report-level-regency")}</option>
                    </select>
                    {problem(ReportField::Level)}
                </div>
            })}
            {province.map(|code| view! { <input type="hidden" name="province" value=code/> })}
            <button type="submit" class="button" id="report-apply">{i18n.t("report-apply")}</button>
        </form>
    }
    .into_any()
}

#[component]
fn Report(view: ReportView, form: ReportForm, province: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let language = i18n.language;
    let here = search(&form, None);
    let keep = form.clone();
    let link = Callback::new(move |code: String| {
        format!("/organizer/reports{}#regencies", search(&keep, Some(&code)))
    });
    let totals = view.totals.clone();
    let attention: Vec<LineView> = view
        .provinces
        .iter()
        .filter(|l| l.line.attention.is_some())
        .cloned()
        .collect();
    let chosen = view.province.clone();
    let drilled = chosen.is_some() || form.level == "regency";
    let export = search(&form, province.as_deref());
    // A region's page opened from here shows the same period and kind.
    let region_query = period_of(&form);
    let head = view! {
        <p class="hint" id="report-period">{i18n.t_with("report-period", &[("period", view.period.clone().into())])}</p>
        <p class="actions">
            <a class="button button--quiet" rel="external" id="report-xlsx" href=format!("/reports/participation.xlsx{export}")>{i18n.t("report-export-xlsx")}</a>
            <a class="button button--quiet" rel="external" id="report-pdf" href=format!("/reports/participation.pdf{export}")>{i18n.t("report-export-pdf")}</a>
        </p>
        <dl class="figures" id="report-totals">
            <div><dt>{i18n.t("report-sessions")}</dt><dd>{totals.sessions}</dd></div>
            <div><dt>{i18n.t("report-registered")}</dt><dd>{totals.registered}</dd></div>
            <div><dt>{i18n.t("report-present")}</dt><dd>{totals.present}</dd></div>
            <div><dt>{i18n.t("report-rate")}</dt><dd id="report-total-rate">{percent(totals.attendance_rate, language)}</dd></div>
            <div><dt>{i18n.t("report-provinces-reached")}</dt><dd>{format!("{} / 38", totals.provinces_reached)}</dd></div>
            <div><dt>{i18n.t("report-regencies-reached")}</dt><dd>{format!("{} / {}", totals.regencies_reached, totals.regencies)}</dd></div>
            <div class="figures__attention"><dt>{i18n.t("report-attention")}</dt><dd>{totals.attention}</dd></div>
        </dl>

    }
    .into_any();
    let map = view! {
        <section aria-labelledby="map-title">
            <h2 id="map-title">{i18n.t("report-map-title")}</h2>
            <p class="hint">{i18n.t("report-map-hint")}</p>
            <ProvinceMap provinces=view.provinces.clone() link chosen=chosen.as_ref().map(|(c, _)| c.clone())/>
        </section>

    }
    .into_any();
    let trend = view! { <Trend months=view.months.clone()/> }.into_any();
    let flagged = view! {
        <section aria-labelledby="attention-title" id="attention">
            <h2 id="attention-title">{i18n.t("report-attention-title")}</h2>
            <p class="hint">{i18n.t("report-attention-hint")}</p>
            {if attention.is_empty() {
                view! { <p class="empty">{i18n.t("report-attention-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="attention-list">
                        {attention.into_iter().map(|l| {
                            let reason = l.line.attention.map(attention_key).unwrap_or_default();
                            view! { <li><a href=format!("/regions/{}{region_query}", l.line.region)>{l.line.name.clone()}</a>": "{i18n.t(&reason)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any();
    let regencies = drilled.then(|| {
            let title = match &chosen {
                Some((code, name)) => view! {
                    {i18n.t_with("report-regencies-of", &[("province", name.clone().into())])}
                    " · " <a href=format!("/regions/{code}{region_query}")>{i18n.t("report-region-page")}</a>
                    " · " <A href=format!("/organizer/reports{here}")>{i18n.t("report-all-provinces")}</A>
                }.into_any(),
                None => view! { {i18n.t("report-level-regency")} }.into_any(),
            };
            view! {
                <section aria-labelledby="regencies-title" id="regencies">
                    <h2 id="regencies-title">{title}</h2>
                    <LinesTable id="regency-table" lines=view.regencies.clone() provinces=false keep=region_query.clone()/>
                </section>
            }
            .into_any()
        });
    let rest = view! {
        <section aria-labelledby="provinces-title">
            <h2 id="provinces-title">{i18n.t("report-provinces")}</h2>
            <LinesTable id="province-table" lines=view.provinces.clone() provinces=true keep=region_query.clone()/>
        </section>

        <Speakers stats=view.speakers.clone()/>
    }
    .into_any();
    view! { {head} {map} {trend} {flagged} {regencies} {rest} }.into_any()
}

/// The monthly charts and the table that holds their numbers.
#[component]
pub fn Trend(months: Vec<MonthView>) -> impl IntoView {
    let i18n = use_i18n();
    let labels: Vec<String> = months.iter().map(|m| m.label.clone()).collect();
    let present: Vec<Option<f64>> = months
        .iter()
        .map(|m| Some(f64::from(m.line.present)))
        .collect();
    let most = months.iter().map(|m| m.line.present).max().unwrap_or(0);
    let rates: Vec<Option<f64>> = months.iter().map(|m| m.line.attendance_rate).collect();
    let language = i18n.language;
    view! {
        <section aria-labelledby="trend-title" id="trend">
            <h2 id="trend-title">{i18n.t("report-trend")}</h2>
            <div class="charts">
                <BarChart id="chart-present".into() title=i18n.t("report-chart-present") labels=labels.clone() values=present max=f64::from(most) suffix="" table="trend-table".into()/>
                <BarChart id="chart-rate".into() title=i18n.t("report-chart-rate") labels values=rates max=100.0 suffix=" %" table="trend-table".into()/>
            </div>
            <details class="chart-table">
                <summary>{i18n.t("report-trend-table")}</summary>
                <div class="table-scroll">
                    <table class="table" id="trend-table">
                        <caption class="visually-hidden">{i18n.t("report-trend")}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("report-month")}</th>
                            <th scope="col">{i18n.t("report-sessions")}</th>
                            <th scope="col">{i18n.t("report-registered")}</th>
                            <th scope="col">{i18n.t("report-present")}</th>
                            <th scope="col">{i18n.t("report-rate")}</th>
                        </tr></thead>
                        <tbody>
                            {months.into_iter().map(|m| view! {
                                <tr>
                                    <th scope="row">{m.label}</th>
                                    <td>{m.line.sessions}</td>
                                    <td>{m.line.registered}</td>
                                    <td>{m.line.present}</td>
                                    <td>{percent(m.line.attendance_rate, language)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
    .into_any()
}

/// The query string of a filter's period and kind, for links to region pages.
pub(super) fn period_of(form: &ReportForm) -> String {
    search(
        &ReportForm {
            level: String::new(),
            ..form.clone()
        },
        None,
    )
}

/// A table of provinces or regencies; lines needing attention are marked in words
/// and in colour. Each region links to its page with the query string `keep`.
#[component]
pub fn LinesTable(
    id: &'static str,
    lines: Vec<LineView>,
    provinces: bool,
    keep: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let language = i18n.language;
    view! {
        <div class="table-scroll">
            <table class="table report-table" id=id>
                <thead><tr>
                    <th scope="col">{i18n.t("report-region")}</th>
                    <th scope="col">{i18n.t("report-invited")}</th>
                    <th scope="col">{i18n.t("report-attended")}</th>
                    <th scope="col">{i18n.t("report-registered")}</th>
                    <th scope="col">{i18n.t("report-present")}</th>
                    <th scope="col">{i18n.t("report-excused")}</th>
                    <th scope="col">{i18n.t("report-rate")}</th>
                    {provinces.then(|| view! {
                        <th scope="col">{i18n.t("report-reach")}</th>
                        <th scope="col">{i18n.t("report-whole-province")}</th>
                    })}
                    <th scope="col">{i18n.t("report-last")}</th>
                    <th scope="col">{i18n.t("report-note")}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|view| {
                        let line = view.line;
                        let attention = line.attention;
                        view! {
                            <tr class:attention=attention.is_some() data-region=line.region.to_string()>
                                <th scope="row"><a href=format!("/regions/{}{keep}", line.region)>{line.name.clone()}</a></th>
                                <td>{line.sessions_invited}</td>
                                <td>{line.sessions_attended}</td>
                                <td>{line.numbers.registered}</td>
                                <td>{line.numbers.present}</td>
                                <td>{line.numbers.excused}</td>
                                <td class=format!("rate rate--{}", band(line.numbers.attendance_rate))>{percent(line.numbers.attendance_rate, language)}</td>
                                {line.regencies.as_ref().map(|r| view! {
                                    <td>{format!("{} / {}", r.reached, r.count)}</td>
                                    <td>{percent(r.with_province.attendance_rate, language)}</td>
                                })}
                                <td>{view.last_attended.unwrap_or_else(|| "–".into())}</td>
                                <td>{attention.map(|a| view! { <span class="badge badge--attention">{i18n.t(&attention_key(a))}</span> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="hint">{i18n.t("report-rate-rule")}</p>
    }
    .into_any()
}

/// Appearances per institution per year and the speakers with the most sessions.
#[component]
fn Speakers(stats: simpul::participation::SpeakerStatistics) -> impl IntoView {
    let i18n = use_i18n();
    let years = stats.years.clone();
    let top: Vec<_> = stats.speakers.iter().take(20).cloned().collect();
    view! {
        <section aria-labelledby="speakers-title" id="speaker-statistics">
            <h2 id="speakers-title">{i18n.t("report-speakers")}</h2>
            {if stats.institutions.is_empty() {
                view! { <p class="empty">{i18n.t("report-speakers-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table" id="institution-table">
                            <caption>{i18n.t("report-institutions")}</caption>
                            <thead><tr>
                                <th scope="col">{i18n.t("report-institution")}</th>
                                {years.iter().map(|y| view! { <th scope="col">{*y}</th> }).collect_view()}
                                <th scope="col">{i18n.t("report-total")}</th>
                            </tr></thead>
                            <tbody>
                                {stats.institutions.into_iter().map(|line| view! {
                                    <tr>
                                        <th scope="row">{match line.institution {
                                            Some((id, name)) => view! { <a href=format!("/institutions/{id}")>{name}</a> }.into_any(),
                                            None => view! { {i18n.t("report-no-institution")} }.into_any(),
                                        }}</th>
                                        {line.per_year.into_iter().map(|n| view! { <td>{n}</td> }).collect_view()}
                                        <td>{line.total}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <div class="table-scroll">
                        <table class="table" id="speaker-table">
                            <caption>{i18n.t("report-top-speakers")}</caption>
                            <thead><tr>
                                <th scope="col">{i18n.t("report-speaker")}</th>
                                <th scope="col">{i18n.t("report-institution")}</th>
                                <th scope="col">{i18n.t("report-sessions")}</th>
                            </tr></thead>
                            <tbody>
                                {top.into_iter().map(|s| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/speakers/{}", s.speaker)>{s.name}</a></th>
                                        <td>{s.institution.unwrap_or_default()}</td>
                                        <td>{s.sessions}</td>
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
