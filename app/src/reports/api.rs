//! What the report pages receive, and the one place that builds a report from the
//! database (the server's JSON, spreadsheet and PDF use [`backend::participation`]
//! too, so every view of a period shows the same numbers).

use leptos::server;
use leptos::server_fn::ServerFnError;
use serde::{Deserialize, Serialize};
use simpul::participation::{
    Attention, MonthLine, ParticipationLine, ReportField, ReportForm, SpeakerStatistics, Totals,
};
use simpul::validation::Problem;

/// A month of the trend, with its label in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthView {
    pub label: String,
    pub line: MonthLine,
}

/// A report line with its dates written out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineView {
    pub line: ParticipationLine,
    pub last_attended: Option<String>,
}

/// The organizer dashboard for one filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    /// The period as read ("1 Januari 2026 – 2 Desember 2026") and as `YYYY-MM-DD`
    /// (for the filter's date fields).
    pub period: String,
    pub from: String,
    pub to: String,
    pub totals: Totals,
    pub provinces: Vec<LineView>,
    /// The province drilled into, with its regencies.
    pub province: Option<(String, String)>,
    pub regencies: Vec<LineView>,
    pub months: Vec<MonthView>,
    pub speakers: SpeakerStatistics,
}

/// The dashboard, or the problems of its filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReportOutcome {
    Ready(Box<ReportView>),
    Invalid(Vec<(ReportField, Problem)>),
}

/// One session on a region's page, with the region's people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionSession {
    pub id: i64,
    pub title: String,
    pub date: String,
    pub registered: u32,
    pub present: u32,
    pub excused: u32,
    pub held: bool,
}

/// A province's or regency's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionView {
    pub code: String,
    pub name: String,
    /// The province of a regency: code and name.
    pub province: Option<(String, String)>,
    /// The period of the record, as read and as `YYYY-MM-DD` (for the filter).
    pub period: String,
    pub from: String,
    pub to: String,
    pub line: LineView,
    /// A province's regencies and cities.
    pub regencies: Vec<LineView>,
    pub months: Vec<MonthView>,
    /// The period's sessions that have begun, latest first, and those of the year
    /// ahead, soonest first.
    pub past: Vec<RegionSession>,
    pub upcoming: Vec<RegionSession>,
    /// Whether the viewer may open the organizer dashboard.
    pub organizer: bool,
}

/// A region's page, the problems of its filter, or nothing (an unknown code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RegionOutcome {
    Ready(Box<RegionView>),
    Invalid(Vec<(ReportField, Problem)>),
    Unknown,
}

/// Admins and organizers: the participation dashboard for a filter (empty: the last
/// twelve months), drilled into `province` when given.
#[server(endpoint = "reports/participation")]
pub async fn load_report(
    form: ReportForm,
    province: Option<String>,
) -> Result<ReportOutcome, ServerFnError> {
    crate::accounts::api::backend::require(&simpul::account::Action::ReadReports)?;
    let now = chrono::Utc::now();
    let query = match backend::read_filter(&form, now) {
        Ok(query) => query,
        Err(problems) => return Ok(ReportOutcome::Invalid(problems)),
    };
    let province = province
        .as_deref()
        .and_then(|code| simpul::RegionCode::parse(code).ok())
        .filter(simpul::RegionCode::is_province);
    backend::dashboard(
        &backend::db()?,
        &query,
        province.as_ref(),
        backend::language(),
        now,
    )
    .await
    .map(|view| ReportOutcome::Ready(Box::new(view)))
    .map_err(backend::internal)
}

/// A region's page: its record for a period and kind (empty: the last twelve months,
/// every kind) and its sessions ahead. Admins and organizers see every region,
/// operators their own (a province's operator, its regencies too).
#[server(endpoint = "reports/region")]
pub async fn load_region(code: String, form: ReportForm) -> Result<RegionOutcome, ServerFnError> {
    let Ok(code) = simpul::RegionCode::parse(&code) else {
        return Ok(RegionOutcome::Unknown);
    };
    let user = crate::accounts::api::backend::require(
        &simpul::account::Action::ReadRegistrations(code.clone()),
    )?;
    let organizer = user.may(&simpul::account::Action::ReadReports);
    let now = chrono::Utc::now();
    let query = match backend::read_filter(&form, now) {
        Ok(query) => query,
        Err(problems) => return Ok(RegionOutcome::Invalid(problems)),
    };
    backend::region(
        &backend::db()?,
        &code,
        &query,
        organizer,
        backend::language(),
        now,
    )
    .await
    .map(|view| {
        view.map_or(RegionOutcome::Unknown, |v| {
            RegionOutcome::Ready(Box::new(v))
        })
    })
    .map_err(backend::internal)
}

/// The reason a line needs attention, as its translation key.
pub fn attention_key(attention: Attention) -> String {
    format!("report-attention-{}", attention.as_str())
}

#[cfg(feature = "ssr")]
pub mod backend {
    use chrono::{DateTime, Days, Utc};
    use simpul::participation::{
        Level, Period, REPORT_ZONE, Report, ReportQuery, SessionTally, lines, months,
        speaker_statistics,
    };
    use simpul::storage::{Database, RegionFilter, ReportScope, StorageError};
    use simpul::zone::format_date;
    use simpul::{Language, RegionCode, RegionLevel};

    use super::*;

    pub use crate::sessions::api::backend::{db, internal, language};

    /// A report's filter read on the day of `now`, or its problems as the page shows
    /// them.
    pub fn read_filter(
        form: &ReportForm,
        now: DateTime<Utc>,
    ) -> Result<ReportQuery, Vec<(ReportField, Problem)>> {
        form.validate(simpul::participation::report_day(now))
            .map_err(|errors| errors.into_iter().map(|e| (e.field, e.problem)).collect())
    }

    /// The report of a filter: every province and regency, and the monthly trend
    /// (three aggregate queries, whatever the number of registrations).
    pub async fn participation(
        db: &Database,
        query: &ReportQuery,
        now: DateTime<Utc>,
    ) -> Result<Report, StorageError> {
        let regions = db.regions(RegionFilter::All).await?;
        // The two aggregates scan the same registrations: side by side on two
        // connections, the report takes the time of one.
        let (tallies, sessions) = futures::try_join!(
            db.region_tallies(&query.period, query.kind, &ReportScope::All, &regions, now),
            db.session_tallies(&query.period, query.kind, &ReportScope::All, now),
        )?;
        let sessions: Vec<_> = sessions.into_iter().map(|(s, _)| s).collect();
        Ok(Report::new(*query, &regions, &tallies, &sessions))
    }

    /// "1 Januari 2026 – 2 Desember 2026".
    pub fn period_label(period: &Period, language: Language) -> String {
        let (start, end) = period.bounds();
        let last = end - chrono::Duration::hours(12);
        format!(
            "{} – {}",
            format_date(start, REPORT_ZONE, language),
            format_date(last, REPORT_ZONE, language)
        )
    }

    fn view(line: ParticipationLine, language: Language) -> LineView {
        LineView {
            last_attended: line
                .last_attended
                .map(|at| format_date(at, REPORT_ZONE, language)),
            line,
        }
    }

    fn month_views(months: Vec<MonthLine>, language: Language) -> Vec<MonthView> {
        months
            .into_iter()
            .map(|line| MonthView {
                label: line.month.label(language),
                line,
            })
            .collect()
    }

    pub async fn dashboard(
        db: &Database,
        query: &ReportQuery,
        province: Option<&RegionCode>,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<ReportView, StorageError> {
        let (report, appearances) = futures::try_join!(
            participation(db, query, now),
            db.appearances(&query.period, query.kind, now),
        )?;
        let totals = report.totals();
        let chosen = province.and_then(|code| {
            report
                .provinces
                .iter()
                .find(|line| line.region == *code)
                .map(|line| (line.region.to_string(), line.name.clone()))
        });
        let shown: Vec<LineView> = report
            .regencies
            .into_iter()
            .filter(|line| match (province, query.level) {
                (Some(code), _) => line.province.as_ref() == Some(code),
                (None, Level::Regency) => true,
                (None, Level::Province) => false,
            })
            .map(|line| view(line, language))
            .collect();
        Ok(ReportView {
            period: period_label(&query.period, language),
            from: query.period.from().to_string(),
            to: query.period.to().to_string(),
            totals,
            provinces: report
                .provinces
                .into_iter()
                .map(|l| view(l, language))
                .collect(),
            province: chosen,
            regencies: shown,
            months: month_views(report.months, language),
            speakers: speaker_statistics(&appearances),
        })
    }

    /// A region's page: its record for the query's period and kind, the sessions of
    /// the period that have begun, and those of the year ahead.
    pub async fn region(
        db: &Database,
        code: &RegionCode,
        query: &ReportQuery,
        organizer: bool,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<Option<RegionView>, StorageError> {
        let Some(region) = db.region(code).await? else {
            return Ok(None);
        };
        let record = query.period;
        let today = simpul::participation::report_day(now);
        let ahead = today.checked_add_days(Days::new(365)).unwrap_or(today);
        let next_year = Period::new(today, ahead).unwrap_or(record);
        let scope = ReportScope::Region(code.clone());
        // The region itself and, for a province, its regencies.
        let mut regions = if code.is_province() {
            db.regions(RegionFilter::Regencies(Some(code))).await?
        } else {
            Vec::new()
        };
        regions.push(region.clone());
        let tallies = db
            .region_tallies(&record, query.kind, &scope, &regions, now)
            .await?;
        let level = if region.level == RegionLevel::Province {
            Level::Province
        } else {
            Level::Regency
        };
        // At its own level, the region is the only one of `regions`.
        let Some(line) = lines(&regions, &tallies, level).pop() else {
            return Ok(None);
        };
        let regencies = if code.is_province() {
            lines(&regions, &tallies, Level::Regency)
                .into_iter()
                .map(|l| view(l, language))
                .collect()
        } else {
            Vec::new()
        };
        // The period's sessions that have begun (the record and the trend), and the
        // year ahead's that have not (whatever the period: what is coming is always
        // shown); a session of today is in one or the other.
        let (held, coming) = futures::try_join!(
            db.session_tallies(&record, query.kind, &scope, now),
            db.session_tallies(&next_year, query.kind, &scope, now),
        )?;
        let held: Vec<_> = held.into_iter().filter(|(s, _)| s.held).collect();
        let trend: Vec<_> = held.iter().map(|(s, _)| s.clone()).collect();
        let line_of = |(tally, title): (SessionTally, String)| RegionSession {
            id: tally.session.0,
            title,
            date: format_date(tally.starts_at, region.zone, language),
            registered: tally.registered,
            present: tally.present,
            excused: tally.excused,
            held: tally.held,
        };
        let past = held.into_iter().rev().map(line_of).collect();
        let upcoming = coming
            .into_iter()
            .filter(|(s, _)| !s.held)
            .map(line_of)
            .collect();
        let province = match &region.parent {
            Some(parent) => db
                .region(parent)
                .await?
                .map(|p| (p.code.to_string(), p.name)),
            None => None,
        };
        Ok(Some(RegionView {
            code: code.to_string(),
            name: region.name,
            province,
            period: period_label(&record, language),
            from: record.from().to_string(),
            to: record.to().to_string(),
            line: view(line, language),
            regencies,
            months: month_views(months(&record, &trend), language),
            past,
            upcoming,
            organizer,
        }))
    }
}
