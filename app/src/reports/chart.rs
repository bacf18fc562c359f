//! Monthly trend charts drawn as SVG by the page itself: bars in the accent colour,
//! text in the page's colour (`currentColor`), so they follow dark mode and print in
//! black on white. Each chart names the table that holds its numbers
//! (`aria-describedby`) and summarizes itself in its `<desc>`.

use leptos::prelude::*;
use simpul::Language;

use crate::i18n::use_i18n;

/// A number as people write it: "83,3" in Indonesian, "83.3" in English.
pub fn decimal(value: f64, language: Language) -> String {
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").map_or(text.clone(), str::to_owned);
    match language {
        Language::Id => text.replace('.', ","),
        Language::En => text,
    }
}

/// "83,3 %", or a dash when there is no rate.
pub fn percent(rate: Option<f64>, language: Language) -> String {
    rate.map_or_else(|| "–".to_owned(), |r| format!("{} %", decimal(r, language)))
}

/// The drawing's size in its own units: the chart scales to its box, so text stays
/// readable whatever the number of months (bars get thinner instead).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 34.0;
const LEFT: f64 = 36.0;

/// A bar per month. `max` is the top of the scale (100 for rates; the largest value
/// for counts); months without a value have no bar.
#[component]
pub fn BarChart(
    id: String,
    title: String,
    labels: Vec<String>,
    values: Vec<Option<f64>>,
    max: f64,
    /// Appended to the numbers ("%" for rates).
    suffix: &'static str,
    /// The id of the table that holds the same numbers.
    table: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let language = i18n.language;
    let max = if max > 0.0 { max } else { 1.0 };
    let width = WIDTH;
    let slot = (WIDTH - LEFT - 8.0) / labels.len().max(1) as f64;
    let plot = HEIGHT - TOP - BOTTOM;
    // With many months, every label would overlap: show one in `step`.
    let step = labels.len().div_ceil(12).max(1);
    let highest = labels
        .iter()
        .zip(&values)
        .filter_map(|(label, value)| value.map(|v| (label, v)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let summary = match highest {
        Some((label, value)) => i18n.t_with(
            "report-chart-highest",
            &[
                ("month", label.clone().into()),
                (
                    "value",
                    format!("{}{suffix}", decimal(value, language)).into(),
                ),
            ],
        ),
        None => i18n.t("report-chart-empty"),
    };
    let bars = labels
        .iter()
        .zip(values)
        .enumerate()
        .map(|(index, (label, value))| {
            let x = LEFT + slot * index as f64;
            let bar = value.map(|value| {
                let height = (value / max).clamp(0.0, 1.0) * plot;
                let y = TOP + plot - height;
                let text = format!("{}{suffix}", decimal(value, language));
                view! {
                    <rect class="chart__bar" x=x + slot * 0.15 y=y width=slot * 0.7 height=height.max(1.0)>
                        <title>{format!("{label}: {text}")}</title>
                    </rect>
                    {(step == 1).then(|| view! {
                        <text class="chart__value" x=x + slot / 2.0 y=y - 4.0 text-anchor="middle">{decimal(value, language)}</text>
                    })}
                }
            });
            let label = (index % step == 0).then(|| {
                view! {
                    <text class="chart__label" x=x + slot / 2.0 y=HEIGHT - BOTTOM + 14.0 text-anchor="middle">
                        {label.split(' ').next().unwrap_or_default().to_owned()}
                    </text>
                    <text class="chart__label chart__label--year" x=x + slot / 2.0 y=HEIGHT - BOTTOM + 27.0 text-anchor="middle">
                        {label.split(' ').nth(1).unwrap_or_default().to_owned()}
                    </text>
                }
            });
            view! { <g>{bar}{label}</g> }
        })
        .collect_view();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart" id=id.clone()>
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg
                viewBox=format!("0 0 {width} {HEIGHT}")
                role="img"
                aria-labelledby=labelled_by
                aria-describedby=table
                preserveAspectRatio="xMinYMin meet"
            >
                <desc id=desc_id>{summary}</desc>
                <line class="chart__axis" x1=LEFT y1=TOP + plot x2=width - 4.0 y2=TOP + plot/>
                <line class="chart__grid" x1=LEFT y1=TOP x2=width - 4.0 y2=TOP/>
                <text class="chart__label" x=LEFT - 4.0 y=TOP + 4.0 text-anchor="end">{decimal(max, language)}</text>
                <text class="chart__label" x=LEFT - 4.0 y=TOP + plot + 4.0 text-anchor="end">"0"</text>
                {bars}
            </svg>
        </figure>
    }
    .into_any()
}
