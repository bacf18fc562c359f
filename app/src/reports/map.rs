//! The overview of the 38 provinces: one tile each, laid out roughly as the
//! archipelago ([`simpul::participation::TILES`]), coloured by the whole province's
//! attendance rate, each a link that drills into its regencies. The numbers are in
//! each tile's title (on hover) and label, and in the province table below for
//! screen readers and print.

use leptos::prelude::*;
use simpul::participation::tile;

use super::api::LineView;
use super::chart::percent;
use crate::i18n::use_i18n;

/// The colour band of a rate (the legend lists the same bands).
pub fn band(rate: Option<f64>) -> &'static str {
    match rate {
        None => "none",
        Some(r) if r < 50.0 => "low",
        Some(r) if r < 75.0 => "mid",
        Some(r) if r < 90.0 => "good",
        Some(_) => "high",
    }
}

#[component]
pub fn ProvinceMap(
    provinces: Vec<LineView>,
    /// The link of a province's tile, from its code.
    link: Callback<String, String>,
    chosen: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let language = i18n.language;
    let tiles = provinces
        .into_iter()
        .filter_map(|view| {
            let tile = tile(&view.line.region)?;
            let whole = view
                .line
                .regencies
                .as_ref()
                .map(|r| r.with_province.clone());
            let rate = whole.as_ref().and_then(|n| n.attendance_rate);
            let present = whole.as_ref().map_or(0, |n| n.present);
            let code = view.line.region.to_string();
            let label = format!(
                "{}: {} ({})",
                view.line.name,
                percent(rate, language),
                i18n.t_with("report-map-present", &[("count", present.into())])
            );
            let current = chosen.as_deref() == Some(code.as_str());
            Some(view! {
                <a
                    class=format!("tile tile--{}", band(rate))
                    class:tile--chosen=current
                    class:tile--attention=view.line.attention.is_some()
                    href=link.run(code.clone())
                    style=format!("grid-column: {}; grid-row: {}", tile.column + 1, tile.row + 1)
                    title=label.clone()
                    aria-label=label
                    aria-current=current.then_some("true")
                    data-province=code
                >
                    <span class="tile__name">{tile.short}</span>
                    <span class="tile__rate">{percent(rate, language)}</span>
                </a>
            })
        })
        .collect_view();
    view! {
        <div class="tile-map-wrap">
            <nav class="tile-map" aria-label=i18n.t("report-map-title")>{tiles}</nav>
            <ul class="legend" aria-label=i18n.t("report-legend")>
                {["high", "good", "mid", "low", "none"].into_iter().map(|band| view! {
                    <li><span class=format!("legend__swatch tile--{band}")></span>{i18n.t(&format!("report-band-{band}"))}</li>
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}
