//! An operator's page: the sessions that invite their region, so the regional office
//! sees at a glance what it is expected at. Only their own region: the server reads
//! it from the signed-in user, never from the address.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::load_region_sessions;
use super::schedule::CardSection;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading};

#[component]
pub fn MyRegionPage() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Resource::new(|| (), |_| load_region_sessions());
    view! {
        <Title text=i18n.t("region-title")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(region) => view! {
                        <h1>{i18n.t("region-title")}": "<span id="region-name">{region.region_name.clone()}</span></h1>
                        <p class="hint">{i18n.t_with("region-intro", &[("region", region.region_name.into()), ("code", region.region_code.into())])}</p>
                        <CardSection id="upcoming" title=i18n.t("schedule-upcoming") cards=region.upcoming/>
                        <CardSection id="past" title=i18n.t("schedule-past") cards=region.past/>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
