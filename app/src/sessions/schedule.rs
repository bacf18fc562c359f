//! The public schedule: upcoming and past published sessions, filtered by kind, month
//! and invited region. The filter is a plain GET form, so it works before hydration
//! and every filtered view has its own address.

use fluent_templates::fluent_bundle::FluentValue;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;
use simpul::SessionKind;

use super::api::{
    RegionOption, SCHEDULE_PAGE, Schedule, ScheduleQuery, SessionCard, load_schedule,
};
use super::labels;
use crate::calendar::subscribe::Subscribe;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading};

#[component]
pub fn SchedulePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        ScheduleQuery {
            kind: q.get("kind"),
            month: q.get("month"),
            region: q.get("region"),
            upcoming: q.get("upcoming"),
            past: q.get("past"),
        }
    };
    let schedule = Resource::new(filter, load_schedule);

    view! {
        <Title text=i18n.t("schedule-title")/>
        <h1>{i18n.t("schedule-title")}</h1>
        <p class="lead">{i18n.t("schedule-lead")}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match schedule.await {
                    Ok(schedule) => view! { <ScheduleView schedule filter=filter()/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ScheduleView(schedule: Schedule, filter: ScheduleQuery) -> impl IntoView {
    let i18n = use_i18n();
    let Schedule {
        upcoming,
        past,
        more_upcoming,
        more_past,
        provinces,
        filter_problems,
    } = schedule;
    let (shown_upcoming, shown_past) = (upcoming.len() as u32, past.len() as u32);
    let later_link = more_upcoming.then(|| {
        more_href(
            &filter,
            shown_upcoming + SCHEDULE_PAGE,
            shown_past,
            "upcoming",
        )
    });
    let older_link =
        more_past.then(|| more_href(&filter, shown_upcoming, shown_past + SCHEDULE_PAGE, "past"));
    let feed = feed_of(&filter);
    view! {
        <FilterForm provinces filter=filter.clone()/>
        <Subscribe feed/>
        {(!filter_problems.is_empty())
            .then(|| {
                view! {
                    <ul class="alert alert--error" role="alert">
                        {filter_problems
                            .into_iter()
                            .map(|(field, problem)| {
                                view! {
                                    <li>
                                        {i18n.t(&format!("filter-{field}"))} ": "
                                        {labels::problem(i18n, problem)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        <CardSection id="upcoming" title=i18n.t("schedule-upcoming") cards=upcoming/>
        <MoreLink href=later_link id="later" label=i18n.t("schedule-later")/>
        <CardSection id="past" title=i18n.t("schedule-past") cards=past/>
        <MoreLink href=older_link id="older" label=i18n.t("schedule-older")/>
    }
}

#[component]
fn MoreLink(href: Option<String>, id: &'static str, label: String) -> impl IntoView {
    href.map(|href| {
        view! {
            <p class="more">
                <A href=href attr:class="button button--quiet" attr:id=id>{label}</A>
            </p>
        }
    })
}

/// The address of this filtered schedule listing the given numbers of sessions,
/// scrolled to the part that grew.
/// The feed that follows what the schedule shows: the chosen region's, else the
/// chosen kind's, else everything (a month filter has no feed: calendars hold all
/// months).
fn feed_of(filter: &ScheduleQuery) -> String {
    use simpul::calendar::FeedScope;
    let chosen = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let scope = chosen(&filter.region)
        .and_then(|code| simpul::RegionCode::parse(&code).ok())
        .map(FeedScope::Region)
        .or_else(|| {
            chosen(&filter.kind)
                .and_then(|kind| SessionKind::parse(&kind))
                .map(FeedScope::Kind)
        })
        .unwrap_or(FeedScope::All);
    scope.path()
}

fn more_href(filter: &ScheduleQuery, upcoming: u32, past: u32, anchor: &str) -> String {
    let mut pairs = Vec::new();
    for (name, value) in [
        ("kind", &filter.kind),
        ("month", &filter.month),
        ("region", &filter.region),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            pairs.push(format!("{name}={}", crate::layout::url_escape(value)));
        }
    }
    pairs.push(format!("upcoming={upcoming}"));
    pairs.push(format!("past={past}"));
    format!("/?{}#{anchor}", pairs.join("&"))
}

#[component]
fn FilterForm(provinces: Vec<RegionOption>, filter: ScheduleQuery) -> impl IntoView {
    let i18n = use_i18n();
    let kind = filter.kind.unwrap_or_default();
    let region = filter.region.unwrap_or_default();
    view! {
        <Form method="GET" action="" attr:class="filters" attr:role="search">
            <div class="field">
                <label for="filter-kind">{i18n.t("filter-kind")}</label>
                <select id="filter-kind" name="kind">
                    <option value="" selected=kind.is_empty()>{i18n.t("filter-kind-any")}</option>
                    {SessionKind::ALL
                        .iter()
                        .map(|k| {
                            view! {
                                <option value=k.as_str() selected=kind == k.as_str()>
                                    {labels::kind(i18n, *k)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-month">{i18n.t("filter-month")}</label>
                <input
                    id="filter-month"
                    type="month"
                    name="month"
                    value=filter.month.unwrap_or_default()
                    placeholder="2023-01"
                />
            </div>
            <div class="field">
                <label for="filter-region">{i18n.t("filter-region")}</label>
                <select id="filter-region" name="region">
                    <option value="" selected=region.is_empty()>{i18n.t("filter-region-any")}</option>
                    {provinces
                        .into_iter()
                        .map(|p| {
                            let selected = region == p.code;
                            view! { <option value=p.code selected=selected>{p.name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="filters__actions">
                <button type="submit" class="button">{i18n.t("filter-apply")}</button>
                <A href="/" attr:class="button button--quiet">{i18n.t("filter-reset")}</A>
            </div>
        </Form>
    }
}

#[component]
pub fn CardSection(id: &'static str, title: String, cards: Vec<SessionCard>) -> impl IntoView {
    let i18n = use_i18n();
    let count = cards.len();
    view! {
        <section class="card-section" id=id aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>
                {title} " "
                <span class="count">
                    {i18n.t_with("schedule-count", &[("count", FluentValue::from(count))])}
                </span>
            </h2>
            {if cards.is_empty() {
                view! { <p class="empty">{i18n.t("schedule-empty")}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {cards.into_iter().map(|card| view! { <SessionCardView card/> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
pub fn SessionCardView(card: SessionCard) -> impl IntoView {
    let i18n = use_i18n();
    let cancelled = card.status == simpul::SessionStatus::Cancelled;
    view! {
        <li class="card" class:card--cancelled=cancelled>
            <div class="badges">
                <span class=format!("badge badge--{}", card.kind.as_str())>{labels::kind(i18n, card.kind)}</span>
                <span class="badge badge--mode">{labels::mode(i18n, card.mode)}</span>
                {cancelled
                    .then(|| {
                        view! {
                            <span class="badge badge--cancelled">
                                {labels::status(i18n, card.status)}
                            </span>
                        }
                    })}
            </div>
            <h3 class="card__title">
                <A href=format!("/sessions/{}", card.id)>{card.title}</A>
            </h3>
            {(!card.theme.is_empty()).then(|| view! { <p class="card__theme">{card.theme}</p> })}
            <p class="card__when">
                <span class="sr-only">{i18n.t("session-when")} ": "</span>
                {card.when}
            </p>
            {card.place.map(|place| view! { <p class="card__place">{place}</p> })}
        </li>
    }
}
