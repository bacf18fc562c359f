//! The JSON API (`/api/v1`): regions and published sessions.
//!
//! Stable field names; times in RFC 3339 with the session zone's offset, next to the
//! zone's IANA name and label. No passcode, ever. Bad input answers 400 (or 404) with a
//! JSON error naming the parameter.

use axum::Json;
use axum::extract::{Path, Query, State, rejection::QueryRejection};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use simpul::region::{Region, RegionCode, RegionLevel};
use simpul::session::{SessionFilter, SessionId, SessionKind, SessionStatus};
use simpul::storage::{RegionFilter, SessionRecord};
use simpul::zone::Zone;

use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/regions", get(list_regions))
        .route("/regions/{code}", get(get_region))
        .route("/sessions", get(list_sessions))
        .route("/sessions/{id}", get(get_session))
}

#[derive(Debug, Serialize)]
pub struct RegionJson {
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent: Option<String>,
    pub time_zone: &'static str,
    pub time_zone_label: &'static str,
}

impl From<Region> for RegionJson {
    fn from(r: Region) -> Self {
        Self {
            code: r.code.to_string(),
            name: r.name,
            level: r.level,
            parent: r.parent.map(|p| p.to_string()),
            time_zone: r.zone.iana(),
            time_zone_label: r.zone.label(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RegionQuery {
    level: Option<String>,
    parent: Option<String>,
}

async fn list_regions(
    State(state): State<AppState>,
    query: Result<Query<RegionQuery>, QueryRejection>,
) -> Result<Json<Vec<RegionJson>>, ApiError> {
    let Query(query) =
        query.map_err(|_| ApiError::bad_request("query", "is not a valid query string"))?;
    let parent = match query.parent.as_deref().filter(|p| !p.is_empty()) {
        Some(raw) => {
            let code = RegionCode::parse(raw)
                .map_err(|_| ApiError::bad_request("parent", "is not a region code (32)"))?;
            if !code.is_province() {
                return Err(ApiError::bad_request(
                    "parent",
                    "must be a province code (32)",
                ));
            }
            if state.db.region(&code).await?.is_none() {
                return Err(ApiError::bad_request("parent", "is not a known province"));
            }
            Some(code)
        }
        None => None,
    };
    let filter = match (query.level.as_deref().filter(|l| !l.is_empty()), &parent) {
        (None, None) => RegionFilter::All,
        (Some("province"), None) => RegionFilter::Provinces,
        (Some("province"), Some(_)) => {
            return Err(ApiError::bad_request(
                "parent",
                "only applies to level=regency",
            ));
        }
        (Some("regency") | None, parent) => RegionFilter::Regencies(parent.as_ref()),
        (Some(_), _) => {
            return Err(ApiError::bad_request(
                "level",
                "must be province or regency",
            ));
        }
    };
    let regions = state.db.regions(filter).await?;
    Ok(Json(regions.into_iter().map(RegionJson::from).collect()))
}

async fn get_region(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<RegionJson>, ApiError> {
    let code = RegionCode::parse(&code)
        .map_err(|_| ApiError::bad_request("code", "is not a region code (32 or 32.12)"))?;
    let region = state
        .db
        .region(&code)
        .await?
        .ok_or(ApiError::NotFound("region"))?;
    Ok(Json(region.into()))
}

#[derive(Debug, Serialize)]
pub struct SessionJson {
    pub id: i64,
    pub kind: SessionKind,
    pub status: SessionStatus,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub organizer_unit: String,
    /// RFC 3339 with the session zone's offset: `2023-01-31T09:00:00+07:00`.
    pub start: String,
    pub end: String,
    pub time_zone: &'static str,
    pub time_zone_label: &'static str,
    pub mode: simpul::SessionMode,
    pub venue: Option<VenueJson>,
    pub meeting: Option<MeetingJson>,
    pub capacity_onsite: Option<u32>,
    pub capacity_online: Option<u32>,
    /// Rises with every change that matters to attendees.
    pub revision: i64,
    pub url: String,
    pub updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invited_regions: Option<Vec<InvitedJson>>,
}

#[derive(Debug, Serialize)]
pub struct VenueJson {
    pub name: String,
    pub region: Option<String>,
    pub region_name: Option<String>,
}

/// The public part of an online meeting: never the passcode.
#[derive(Debug, Serialize)]
pub struct MeetingJson {
    pub link: String,
    pub meeting_id: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct InvitedJson {
    pub code: String,
    pub name: String,
    pub with_regencies: bool,
}

impl From<&SessionRecord> for SessionJson {
    fn from(record: &SessionRecord) -> Self {
        let d = &record.details;
        let local = |t: DateTime<Utc>| t.with_timezone(&d.zone.tz()).to_rfc3339();
        Self {
            id: record.id.0,
            kind: d.kind,
            status: record.status,
            title: d.title.clone(),
            theme: d.theme.clone(),
            description: d.description.clone(),
            organizer_unit: d.organizer_unit.clone(),
            start: local(d.time.start()),
            end: local(d.time.end()),
            time_zone: d.zone.iana(),
            time_zone_label: d.zone.label(),
            mode: d.mode,
            venue: d.venue.as_ref().map(|v| VenueJson {
                name: v.name.clone(),
                region: v.region.as_ref().map(|r| r.to_string()),
                region_name: record.venue_region_name.clone(),
            }),
            meeting: d.meeting.as_ref().map(|m| MeetingJson {
                link: m.link.as_str().to_owned(),
                meeting_id: m.meeting_id.clone(),
            }),
            capacity_onsite: d.capacity_onsite,
            capacity_online: d.capacity_online,
            revision: record.revision,
            url: format!("/sessions/{}", record.id),
            updated_at: record.updated_at,
            invited_regions: None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SessionQuery {
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
    region: Option<String>,
    status: Option<String>,
}

/// A query value that was given and is not blank.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The statuses anyone may list; drafts are for organizers (accounts come later).
const PUBLIC_STATUSES: [SessionStatus; 3] = [
    SessionStatus::Published,
    SessionStatus::Cancelled,
    SessionStatus::Completed,
];

/// A point in time from `2023-01-31T09:00:00+07:00`, or a date (`2023-01-31`), read as
/// midnight in Jakarta (WIB), where the ministry sits.
fn parse_instant(field: &'static str, raw: &str) -> Result<DateTime<Utc>, ApiError> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(raw) {
        return Ok(instant.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|date| Zone::Wib.to_utc(date.and_time(NaiveTime::MIN)))
        .ok_or_else(|| {
            ApiError::bad_request(field, "is not a date (2023-01-31) or an RFC 3339 time")
        })
}

async fn list_sessions(
    State(state): State<AppState>,
    query: Result<Query<SessionQuery>, QueryRejection>,
) -> Result<Json<Vec<SessionJson>>, ApiError> {
    let Query(query) =
        query.map_err(|_| ApiError::bad_request("query", "is not a valid query string"))?;
    let mut filter = SessionFilter {
        statuses: PUBLIC_STATUSES.to_vec(),
        ..SessionFilter::default()
    };
    if let Some(raw) = present(&query.from) {
        filter.from = Some(parse_instant("from", raw)?);
    }
    if let Some(raw) = present(&query.to) {
        filter.to = Some(parse_instant("to", raw)?);
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to <= from
    {
        return Err(ApiError::bad_request("to", "must be after from"));
    }
    if let Some(raw) = present(&query.kind) {
        filter.kind = Some(SessionKind::parse(raw).ok_or_else(|| {
            ApiError::bad_request("kind", "must be rakor, webinar or sosialisasi")
        })?);
    }
    if let Some(raw) = present(&query.status) {
        let status = SessionStatus::parse(raw)
            .filter(|s| PUBLIC_STATUSES.contains(s))
            .ok_or_else(|| {
                ApiError::bad_request("status", "must be published, cancelled or completed")
            })?;
        filter.statuses = vec![status];
    }
    if let Some(raw) = present(&query.region) {
        let code = RegionCode::parse(raw)
            .map_err(|_| ApiError::bad_request("region", "is not a region code (32 or 32.12)"))?;
        if state.db.region(&code).await?.is_none() {
            return Err(ApiError::bad_request("region", "is not a known region"));
        }
        filter.region = Some(code);
    }
    let sessions = state.db.sessions(&filter).await?;
    Ok(Json(sessions.iter().map(SessionJson::from).collect()))
}

async fn get_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SessionJson>, ApiError> {
    let id = SessionId::parse(&id)
        .ok_or_else(|| ApiError::bad_request("id", "must be a positive whole number"))?;
    let record = state
        .db
        .session(id)
        .await?
        .filter(|s| s.status.is_public())
        .ok_or(ApiError::NotFound("session"))?;
    let invited = state.db.invited_regions(id).await?;
    let mut json = SessionJson::from(&record);
    json.invited_regions = Some(
        invited
            .into_iter()
            .map(|r| InvitedJson {
                code: r.code.to_string(),
                name: r.name,
                with_regencies: r.with_regencies,
            })
            .collect(),
    );
    Ok(Json(json))
}
