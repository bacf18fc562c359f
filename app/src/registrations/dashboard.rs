//! An operator's home (`/my-region`): the sessions that invite their region, each with
//! its time in the session's zone and in theirs, the registration deadline, the seats
//! left for their region and how many they have registered. Only their own region:
//! the server reads it from the signed-in user, never from the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::api::{DashboardLine, load_dashboard};
use crate::calendar::subscribe::Subscribe;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading};
use crate::reports::api::{RegionOutcome, load_region};
use crate::reports::region::RegionRecord;
use crate::sessions::labels;
use crate::sessions::schedule::CardSection;
use simpul::participation::ReportForm;

#[component]
pub fn MyRegionPage() -> impl IntoView {
    let i18n = use_i18n();
    let dashboard = Resource::new(|| (), |_| load_dashboard());
    view! {
        <Title text=i18n.t("region-title")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(region) => view! {
                        <h1>{i18n.t("region-title")}": "<span id="region-name">{region.region_name.clone()}</span></h1>
                        <p class="hint">{i18n.t_with("region-intro", &[("region", region.region_name.into()), ("code", region.region_code.clone().into())])}</p>
                        <Subscribe feed=format!("/calendar/region/{}.ics", region.region_code)/>
                        <section class="card-section" id="upcoming" aria-labelledby="upcoming-title">
                            <h2 id="upcoming-title">{i18n.t("schedule-upcoming")}</h2>
                            {if region.upcoming.is_empty() {
                                view! { <p class="empty">{i18n.t("schedule-empty")}</p> }.into_any()
                            } else {
                                view! { <ul class="cards">{region.upcoming.into_iter().map(|line| view! { <DashboardCard line/> }).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                        <CardSection id="past" title=i18n.t("schedule-past") cards=region.past/>
                        <OwnRecord code=region.region_code.clone()/>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The region's participation record, as on its page (`/regions/{code}`).
#[component]
fn OwnRecord(code: String) -> impl IntoView {
    let record = Resource::new(
        move || code.clone(),
        |code| load_region(code, ReportForm::default()),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(RegionOutcome::Ready(view)) => view! { <RegionRecord view=*view heading=false filter=None/> }.into_any(),
                    Ok(_) => ().into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardCard(line: DashboardLine) -> impl IntoView {
    let i18n = use_i18n();
    let cancelled = line.status == simpul::SessionStatus::Cancelled;
    let seats = line
        .seats_left
        .iter()
        .map(|(mode, left)| {
            let left = left.map_or_else(|| i18n.t("desk-unlimited"), |n| n.to_string());
            format!("{} {left}", i18n.t(&format!("attendance-{mode}")))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="card" class:card--cancelled=cancelled data-session=line.session_id>
            <p class="card__kind">{labels::kind(i18n, line.kind)}</p>
            <h3><A href=format!("/sessions/{}", line.session_id)>{line.title.clone()}</A></h3>
            <p class="card__when">{line.when.clone()}</p>
            {line.when_here.clone().map(|when| view! { <p class="card__when facts__aside">{i18n.t("desk-your-time")}": "{when}</p> })}
            <dl class="card__facts">
                <dt>{i18n.t("desk-deadline")}</dt><dd>{line.deadline.clone()}</dd>
                <dt>{i18n.t("desk-left")}</dt><dd class="seats-left">{seats}</dd>
                <dt>{i18n.t("region-registered")}</dt>
                <dd class="registered-count">
                    {line.registered}
                    {(line.waitlisted > 0).then(|| format!(" (+{} {})", line.waitlisted, i18n.t("registration-status-waitlisted")))}
                </dd>
            </dl>
            <p>
                <A href=format!("/my-region/sessions/{}", line.session_id) attr:class="button">
                    {if line.open { i18n.t("region-register") } else { i18n.t("region-see-registrations") }}
                </A>
            </p>
        </li>
    }
}
