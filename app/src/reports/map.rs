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

/// The short names Indonesian reports use for provinces, for the tiles (the full name
/// is in each tile's title and label).
const SHORT: [(&str, &str); 38] = [
    ("11", "Aceh"),
    ("12", "Sumut"),
    ("13", "Sumbar"),
    ("14", "Riau"),
    ("15", "Jambi"),
    ("16", "Sumsel"),
    ("17", "Bengkulu"),
    ("18", "Lampung"),
    ("19", "Babel"),
    ("21", "Kepri"),
    ("31", "Jakarta"),
    ("32", "Jabar"),
    ("33", "Jateng"),
    ("34", "DIY"),
    ("35", "Jatim"),
    ("36", "Banten"),
    ("51", "Bali"),
    ("52", "NTB"),
    ("53", "NTT"),
    ("61", "Kalbar"),
    ("62", "Kalteng"),
    ("63", "Kalsel"),
    ("64", "Kaltim"),
    ("65", "Kaltara"),
    ("71", "Sulut"),
    ("72", "Sulteng"),
    ("73", "Sulsel"),
    ("74", "Sultra"),
    ("75", "Gorontalo"),
    ("76", "Sulbar"),
    ("81", "Maluku"),
    ("82", "Malut"),
    ("91", "Papua"),
    ("92", "Papua Barat"),
    ("93", "Papua Sel."),
    ("94", "Papua Teng."),
    ("95", "Papua Peg."),
    ("96", "PBD"),
];

fn short(code: &str, name: &str) -> String {
    SHORT
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| name.to_owned(), |(_, short)| (*short).to_owned())
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
            let (column, row) = tile(&view.line.region)?;
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
                    style=format!("grid-column: {}; grid-row: {}", column + 1, row + 1)
                    title=label.clone()
                    aria-label=label
                    aria-current=current.then_some("true")
                    data-province=code
                >
                    <span class="tile__name">{short(&code, &view.line.name)}</span>
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
