//! Participation reports outside the pages, for admins and organizers:
//! `GET /api/v1/reports/participation?from=&to=&kind=&level=province|regency` (JSON),
//! `GET /reports/participation.xlsx` (a sheet per level, the months, the speakers)
//! and `GET /reports/participation.pdf` (one page for the Director General). All three
//! take the dashboard's filter and build the report with the same code as the page.
//!
//! The files are in Bahasa Indonesia whatever the viewer's language: they are filed
//! as official reports.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Serialize;
use simpul::Language;
use simpul::account::{Action, User};
use simpul::participation::{
    MonthLine, ParticipationLine, REPORT_ZONE, Report, ReportForm, ReportQuery, speaker_statistics,
};
use simpul::zone::{format_date, format_moment};
use simpul_app::i18n::I18n;
use simpul_app::reports::api::backend::{participation, period_label, read_filter};
use simpul_app::reports::chart::decimal;
use simpul_app::sessions::labels;

use crate::api::require;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::pdf::{SummaryText, summary};
use crate::registrations::{XLSX, attachment};
use crate::spreadsheet::{Sheet, workbook_bytes};
use crate::state::AppState;

/// The checked filter of a request, for an admin or organizer.
fn read(
    viewer: Option<&User>,
    query: Result<Query<ReportForm>, QueryRejection>,
    now: DateTime<Utc>,
) -> Result<ReportQuery, ApiError> {
    require(viewer, &Action::ReadReports)?;
    let Query(form) =
        query.map_err(|_| ApiError::bad_request("query", "is not from=&to=&kind=&level="))?;
    read_filter(&form, now).map_err(|problems| {
        ApiError::InvalidQuery(
            problems
                .into_iter()
                .map(|(field, problem)| (field.as_str(), problem))
                .collect(),
        )
    })
}

#[derive(Debug, Serialize)]
pub struct PeriodJson {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct ReportJson {
    pub period: PeriodJson,
    pub kind: Option<&'static str>,
    pub level: &'static str,
    pub lines: Vec<ParticipationLine>,
    pub months: Vec<MonthLine>,
}

impl From<Report> for ReportJson {
    fn from(report: Report) -> Self {
        Self {
            period: PeriodJson {
                from: report.query.period.from().to_string(),
                to: report.query.period.to().to_string(),
            },
            kind: report.query.kind.map(|k| k.as_str()),
            level: report.query.level.as_str(),
            lines: report.lines().to_vec(),
            months: report.months,
        }
    }
}

/// `GET /api/v1/reports/participation`: the lines of one level and the months.
pub async fn participation_json(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    query: Result<Query<ReportForm>, QueryRejection>,
) -> Result<Json<ReportJson>, ApiError> {
    let now = Utc::now();
    let query = read(viewer.as_ref(), query, now)?;
    let report = participation(&state.db, &query, now).await?;
    Ok(Json(report.into()))
}

const LINE_COLUMNS: [(&str, f64); 14] = [
    ("Kode", 8.0),
    ("Wilayah", 32.0),
    ("Provinsi", 10.0),
    ("Sesi diundang", 12.0),
    ("Sesi dihadiri", 12.0),
    ("Terdaftar", 11.0),
    ("Hadir", 9.0),
    ("Izin", 8.0),
    ("Tingkat kehadiran (%)", 14.0),
    ("Kab/kota hadir", 12.0),
    ("Kab/kota", 9.0),
    ("Seluruh provinsi (%)", 14.0),
    ("Terakhir hadir", 18.0),
    ("Keterangan", 20.0),
];

const MONTH_COLUMNS: [(&str, f64); 6] = [
    ("Bulan", 10.0),
    ("Sesi", 8.0),
    ("Terdaftar", 11.0),
    ("Hadir", 9.0),
    ("Tingkat kehadiran (%)", 14.0),
    ("Wilayah hadir (terbanyak per sesi)", 18.0),
];

fn rate_cell(rate: Option<f64>) -> String {
    rate.map(|r| r.to_string()).unwrap_or_default()
}

/// The words of a line's "perlu perhatian" reason, in Bahasa Indonesia.
fn attention_words(line: &ParticipationLine) -> String {
    line.attention
        .map(|a| {
            simpul_app::i18n::translate(Language::Id, &simpul_app::reports::api::attention_key(a))
        })
        .unwrap_or_default()
}

fn line_rows(lines: &[ParticipationLine]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|line| {
            let regencies = line.regencies.as_ref();
            vec![
                line.region.to_string(),
                line.name.clone(),
                line.province
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                line.sessions_invited.to_string(),
                line.sessions_attended.to_string(),
                line.numbers.registered.to_string(),
                line.numbers.present.to_string(),
                line.numbers.excused.to_string(),
                rate_cell(line.numbers.attendance_rate),
                regencies.map(|r| r.reached.to_string()).unwrap_or_default(),
                regencies.map(|r| r.count.to_string()).unwrap_or_default(),
                regencies
                    .map(|r| rate_cell(r.with_province.attendance_rate))
                    .unwrap_or_default(),
                line.last_attended
                    .map(|at| format_date(at, REPORT_ZONE, Language::Id))
                    .unwrap_or_default(),
                attention_words(line),
            ]
        })
        .collect()
}

/// `GET /reports/participation.xlsx`: sheets "Provinsi", "Kabupaten-Kota", "Per bulan",
/// "Instansi" and "Narasumber".
pub async fn participation_xlsx(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    query: Result<Query<ReportForm>, QueryRejection>,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let query = read(viewer.as_ref(), query, now)?;
    // As on the dashboard, the report and the speakers' appearances side by side.
    let (report, appearances) = tokio::try_join!(
        participation(&state.db, &query, now),
        state.db.appearances(&query.period, query.kind, now),
    )?;
    let months: Vec<Vec<String>> = report
        .months
        .iter()
        .map(|m| {
            vec![
                m.month.key(),
                m.sessions.to_string(),
                m.registered.to_string(),
                m.present.to_string(),
                rate_cell(m.attendance_rate),
                m.regions_present.to_string(),
            ]
        })
        .collect();
    let stats = speaker_statistics(&appearances);
    let mut institution_columns: Vec<(String, f64)> = vec![("Instansi".into(), 36.0)];
    institution_columns.extend(stats.years.iter().map(|y| (y.to_string(), 8.0)));
    institution_columns.push(("Jumlah".into(), 8.0));
    let institution_header: Vec<(&str, f64)> = institution_columns
        .iter()
        .map(|(t, w)| (t.as_str(), *w))
        .collect();
    let institutions: Vec<Vec<String>> = stats
        .institutions
        .iter()
        .map(|line| {
            let mut row = vec![
                line.institution
                    .as_ref()
                    .map_or_else(|| "Tanpa instansi".to_owned(), |(_, n)| n.clone()),
            ];
            row.extend(line.per_year.iter().map(ToString::to_string));
            row.push(line.total.to_string());
            row
        })
        .collect();
    let speakers: Vec<Vec<String>> = stats
        .speakers
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.institution.clone().unwrap_or_default(),
                s.sessions.to_string(),
            ]
        })
        .collect();
    let bytes = workbook_bytes(&[
        Sheet {
            name: "Provinsi",
            header: &LINE_COLUMNS,
            rows: &line_rows(&report.provinces),
        },
        Sheet {
            name: "Kabupaten-Kota",
            header: &LINE_COLUMNS,
            rows: &line_rows(&report.regencies),
        },
        Sheet {
            name: "Per bulan",
            header: &MONTH_COLUMNS,
            rows: &months,
        },
        Sheet {
            name: "Instansi",
            header: &institution_header,
            rows: &institutions,
        },
        Sheet {
            name: "Narasumber",
            header: &[("Narasumber", 36.0), ("Instansi", 30.0), ("Sesi", 8.0)],
            rows: &speakers,
        },
    ])
    .map_err(|error| {
        tracing::error!(%error, "cannot write the participation report");
        ApiError::Internal
    })?;
    Ok(attachment(XLSX, &file_name(&query, "xlsx"), bytes))
}

fn file_name(query: &ReportQuery, extension: &str) -> String {
    format!(
        "partisipasi-{}-{}.{extension}",
        query.period.from(),
        query.period.to()
    )
}

/// `GET /reports/participation.pdf`: one A4 page.
pub async fn participation_pdf(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    query: Result<Query<ReportForm>, QueryRejection>,
) -> Result<Response, ApiError> {
    let now = Utc::now();
    let query = read(viewer.as_ref(), query, now)?;
    let report = participation(&state.db, &query, now).await?;
    let totals = report.totals();
    // Rates as in the pages, "83,3", without the sign (the column says "%").
    let percent =
        |rate: Option<f64>| rate.map_or_else(|| "–".to_owned(), |r| decimal(r, Language::Id));
    let kind = query
        .kind
        .map(|k| {
            labels::kind(
                I18n {
                    language: Language::Id,
                },
                k,
            )
        })
        .unwrap_or_else(|| "semua jenis".to_owned());
    let content = SummaryText {
        heading: "Laporan Partisipasi Daerah".to_owned(),
        lines: vec![
            "Direktorat Jenderal Politik dan Pemerintahan Umum, Kementerian Dalam Negeri"
                .to_owned(),
            format!(
                "Periode {} · {kind}",
                period_label(&query.period, Language::Id)
            ),
        ],
        figures: vec![
            ("Sesi".into(), totals.sessions.to_string()),
            ("Terdaftar".into(), totals.registered.to_string()),
            ("Hadir".into(), totals.present.to_string()),
            (
                "Tingkat kehadiran (%)".into(),
                percent(totals.attendance_rate),
            ),
            (
                "Provinsi terjangkau".into(),
                format!("{} / {}", totals.provinces_reached, report.provinces.len()),
            ),
            (
                "Kab/kota terjangkau".into(),
                format!("{} / {}", totals.regencies_reached, totals.regencies),
            ),
            ("Perlu perhatian".into(), totals.attention.to_string()),
        ],
        chart_title: "Tingkat kehadiran per bulan (%)".into(),
        chart: report
            .months
            .iter()
            .map(|m| (m.month.label(Language::Id), m.attendance_rate))
            .collect(),
        table_title: "Per provinsi (kantor provinsi; \"Seluruh\": dengan kabupaten/kotanya)".into(),
        columns: vec![
            ("Provinsi".into(), 118.0),
            ("Diundang".into(), 40.0),
            ("Dihadiri".into(), 40.0),
            ("Terdaftar".into(), 42.0),
            ("Hadir".into(), 34.0),
            ("Tingkat (%)".into(), 44.0),
            ("Kab/kota hadir".into(), 52.0),
            ("Seluruh (%)".into(), 44.0),
            ("Keterangan".into(), 109.0),
        ],
        rows: report
            .provinces
            .iter()
            .map(|line| {
                let r = line.regencies.as_ref();
                vec![
                    line.name.clone(),
                    line.sessions_invited.to_string(),
                    line.sessions_attended.to_string(),
                    line.numbers.registered.to_string(),
                    line.numbers.present.to_string(),
                    percent(line.numbers.attendance_rate),
                    r.map(|r| format!("{} / {}", r.reached, r.count))
                        .unwrap_or_default(),
                    percent(r.and_then(|r| r.with_province.attendance_rate)),
                    attention_words(line),
                ]
            })
            .collect(),
        shaded: report
            .provinces
            .iter()
            .map(|l| l.attention.is_some())
            .collect(),
        footer: format!(
            "Dibuat oleh Simpul pada {}",
            format_moment(now, REPORT_ZONE, Language::Id)
        ),
    };
    let bytes = summary(&content).map_err(|error| {
        tracing::error!(%error, "cannot write the participation summary");
        ApiError::Internal
    })?;
    Ok(attachment(
        "application/pdf",
        &file_name(&query, "pdf"),
        bytes,
    ))
}
