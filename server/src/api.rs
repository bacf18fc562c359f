//! The JSON API (`/api/v1`): regions and sessions, read by anyone, written by
//! organizers and admins (signed in, or with an API token), described at
//! `/api/openapi.json`.
//!
//! Stable field names; times in RFC 3339 with the session zone's offset, next to the
//! zone's IANA name and label. No passcode, ever. Bad input answers 400 (or 404) with a
//! JSON error naming the parameter; a session that does not validate answers 422 with
//! every field's problem, in the same codes as the UI. Drafts exist only for those
//! who may read them: anyone else gets 404, as for an unknown id.

use axum::Json;
use axum::extract::{Path, Query, State, rejection::JsonRejection, rejection::QueryRejection};
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use simpul::account::{Action, Actor, User};
use simpul::region::{Region, RegionCode, RegionLevel};
use simpul::session::{SessionFilter, SessionForm, SessionId, SessionKind, SessionStatus};
use simpul::storage::{RegionFilter, SessionRecord};
use simpul::zone::Zone;

use simpul_app::sessions::api::backend::{self, present};
use simpul_app::sessions::api::{SaveOutcome, StatusOutcome};

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/regions", get(list_regions))
        .route("/regions/{code}", get(get_region))
        .route("/sessions", get(list_sessions).post(create_session))
        .route("/sessions/{id}", get(get_session).patch(update_session))
        .route("/sessions/{id}/publish", post(publish_session))
        .route("/sessions/{id}/cancel", post(cancel_session))
        .route("/speakers", get(list_speakers))
        .route("/speakers/{id}", get(get_speaker))
        .route("/institutions", get(list_institutions))
        .route(
            "/sessions/{id}/registrations",
            get(crate::registrations::list).post(crate::registrations::create),
        )
        .route(
            "/registrations/{id}",
            axum::routing::delete(crate::registrations::cancel),
        )
        .route(
            "/sessions/{id}/check-ins",
            post(crate::attendance::check_in),
        )
        .route(
            "/reports/participation",
            get(crate::reports::participation_json),
        )
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
    /// Confirmed speakers (every speaker, with their status, for organizers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speakers: Option<Vec<PartJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rundown: Option<Vec<SlotJson>>,
    /// Materials anyone may download (all of them, for organizers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub materials: Option<Vec<MaterialJson>>,
}

/// A speaker's part in a session.
#[derive(Debug, Serialize)]
pub struct PartJson {
    /// The speaker's id (`/api/v1/speakers/{id}`).
    pub speaker_id: i64,
    pub name: String,
    pub position: String,
    pub institution: Option<String>,
    pub role: simpul::session::SpeakerRole,
    pub topic: String,
    /// Only for organizers: invited, confirmed or declined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<simpul::session::InvitationStatus>,
}

/// A rundown slot, times with the session zone's offset.
#[derive(Debug, Serialize)]
pub struct SlotJson {
    pub start: String,
    pub end: String,
    pub title: String,
    pub kind: simpul::session::RundownKind,
    /// Speakers' ids in this slot (confirmed ones, for the public).
    pub speaker_ids: Vec<i64>,
}

#[derive(Debug, Serialize)]
pub struct MaterialJson {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub kind: simpul::material::MaterialKind,
    pub size_bytes: u64,
    pub sha256: String,
    pub visibility: simpul::material::Visibility,
    pub url: String,
}

impl From<&simpul::storage::MaterialRecord> for MaterialJson {
    fn from(m: &simpul::storage::MaterialRecord) -> Self {
        Self {
            id: m.id.0,
            title: m.title.clone(),
            file_name: m.file_name.clone(),
            kind: m.kind,
            size_bytes: m.size_bytes,
            sha256: m.sha256.clone(),
            visibility: m.visibility,
            url: simpul_app::program::api::backend::material_url(m),
        }
    }
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
            speakers: None,
            rundown: None,
            materials: None,
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
    Viewer(viewer): Viewer,
    query: Result<Query<SessionQuery>, QueryRejection>,
) -> Result<Json<Vec<SessionJson>>, ApiError> {
    let Query(query) =
        query.map_err(|_| ApiError::bad_request("query", "is not a valid query string"))?;
    let mut filter = SessionFilter {
        statuses: SessionStatus::PUBLIC.to_vec(),
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
        let status = SessionStatus::parse(raw).ok_or_else(|| {
            ApiError::bad_request("status", "must be draft, published, cancelled or completed")
        })?;
        if status == SessionStatus::Draft {
            require(viewer.as_ref(), &Action::ReadDrafts)?;
        }
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
    let ids: Vec<SessionId> = sessions.iter().map(|s| s.id).collect();
    let mut programmes = Programme::of_sessions(&state, &ids).await?;
    let organizer = viewer.as_ref().is_some_and(|u| u.may(&Action::ReadDrafts));
    Ok(Json(
        sessions
            .iter()
            .map(|record| {
                let mut json = SessionJson::from(record);
                if let Some(programme) = programmes.remove(&record.id) {
                    add_programme(record, programme, organizer, &mut json);
                }
                json
            })
            .collect(),
    ))
}

async fn get_session(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Json<SessionJson>, ApiError> {
    let id = session_id(&id)?;
    session_json(&state, id, viewer.as_ref()).await.map(Json)
}

/// A session with its invited regions, if the viewer may see it (drafts: organizers).
async fn session_json(
    state: &AppState,
    id: SessionId,
    viewer: Option<&User>,
) -> Result<SessionJson, ApiError> {
    let may_read_drafts = viewer.is_some_and(|u| u.may(&Action::ReadDrafts));
    let record = state
        .db
        .session(id)
        .await?
        .filter(|s| s.status.is_public() || may_read_drafts)
        .ok_or(ApiError::NotFound("session"))?;
    let invited = state.db.invited_regions(id).await?;
    let mut json = SessionJson::from(&record);
    let programme = Programme::of_sessions(state, &[id])
        .await?
        .remove(&id)
        .ok_or(ApiError::NotFound("session"))?;
    add_programme(&record, programme, may_read_drafts, &mut json);
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
    Ok(json)
}

/// A session's programme as read from storage, for [`add_programme`].
struct Programme {
    parts: Vec<simpul::storage::SessionSpeakerRecord>,
    rundown: Vec<simpul::storage::RundownRecord>,
    materials: Vec<simpul::storage::MaterialRecord>,
}

impl Programme {
    /// The programmes of several sessions, read in three queries (not three per session).
    async fn of_sessions(
        state: &AppState,
        ids: &[SessionId],
    ) -> Result<std::collections::HashMap<SessionId, Programme>, ApiError> {
        let mut parts = state.db.speakers_of_sessions(ids).await?;
        let mut rundowns = state.db.rundowns_of_sessions(ids).await?;
        let mut materials = state.db.materials_of_sessions(ids).await?;
        Ok(ids
            .iter()
            .map(|id| {
                let programme = Programme {
                    parts: parts.remove(id).unwrap_or_default(),
                    rundown: rundowns.remove(id).unwrap_or_default(),
                    materials: materials.remove(id).unwrap_or_default(),
                };
                (*id, programme)
            })
            .collect())
    }
}

/// Adds the session's speakers, rundown and materials: for the public, confirmed
/// speakers and public files; for organizers, everything with statuses.
fn add_programme(
    record: &SessionRecord,
    programme: Programme,
    organizer: bool,
    json: &mut SessionJson,
) {
    let zone = record.details.zone;
    let local = |t: DateTime<Utc>| t.with_timezone(&zone.tz()).to_rfc3339();
    let parts: Vec<_> = programme
        .parts
        .into_iter()
        .filter(|p| organizer || p.status == simpul::session::InvitationStatus::Confirmed)
        .collect();
    json.rundown = Some(
        programme
            .rundown
            .into_iter()
            .map(|slot| SlotJson {
                start: local(slot.time.start()),
                end: local(slot.time.end()),
                title: slot.title,
                kind: slot.kind,
                speaker_ids: slot
                    .speakers
                    .iter()
                    .filter_map(|(part, _)| parts.iter().find(|p| p.id == *part))
                    .map(|p| p.speaker.0)
                    .collect(),
            })
            .collect(),
    );
    json.speakers = Some(
        parts
            .into_iter()
            .map(|p| PartJson {
                speaker_id: p.speaker.0,
                name: p.name,
                position: p.position,
                institution: p.institution.map(|(_, name)| name),
                role: p.role,
                topic: p.topic,
                status: organizer.then_some(p.status),
            })
            .collect(),
    );
    json.materials = Some(
        programme
            .materials
            .iter()
            .filter(|m| organizer || m.visibility == simpul::material::Visibility::Public)
            .map(MaterialJson::from)
            .collect(),
    );
}

/// A speaker in the registry: never their private contact.
#[derive(Debug, Serialize)]
pub struct SpeakerJson {
    pub id: i64,
    pub name: String,
    pub position: String,
    pub institution: Option<InstitutionRef>,
    pub url: String,
    /// Only on `/api/v1/speakers/{id}`: their confirmed parts in public sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions: Option<Vec<AppearanceJson>>,
}

#[derive(Debug, Serialize)]
pub struct InstitutionRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct AppearanceJson {
    pub session_id: i64,
    pub title: String,
    pub status: SessionStatus,
    pub start: String,
    pub end: String,
    pub role: simpul::session::SpeakerRole,
    pub topic: String,
}

impl From<simpul::storage::SpeakerRecord> for SpeakerJson {
    fn from(s: simpul::storage::SpeakerRecord) -> Self {
        Self {
            url: format!("/speakers/{}", s.id),
            id: s.id.0,
            name: s.name,
            position: s.position,
            institution: s
                .institution
                .map(|(id, name)| InstitutionRef { id: id.0, name }),
            sessions: None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SpeakerQuery {
    q: Option<String>,
}

/// `GET /api/v1/speakers?q=`: the registry searched by name or institution (prefix,
/// typos allowed), best first, at most 50; without `q`, everyone by name.
async fn list_speakers(
    State(state): State<AppState>,
    query: Result<Query<SpeakerQuery>, QueryRejection>,
) -> Result<Json<Vec<SpeakerJson>>, ApiError> {
    let Query(query) =
        query.map_err(|_| ApiError::bad_request("query", "is not a valid query string"))?;
    let speakers = match present(&query.q) {
        Some(q) if q.chars().count() > 200 => {
            return Err(ApiError::bad_request("q", "is longer than 200 characters"));
        }
        Some(q) => {
            state
                .db
                .search_speakers(q, simpul_app::speakers::api::SEARCH_LIMIT)
                .await?
        }
        None => state.db.all_speakers().await?,
    };
    Ok(Json(speakers.into_iter().map(SpeakerJson::from).collect()))
}

/// `GET /api/v1/speakers/{id}`: a speaker and their confirmed parts in public sessions.
async fn get_speaker(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SpeakerJson>, ApiError> {
    let id = simpul::speaker::SpeakerId::parse(&id)
        .ok_or_else(|| ApiError::bad_request("id", "must be a positive whole number"))?;
    let record = state
        .db
        .speaker(id)
        .await?
        .ok_or(ApiError::NotFound("speaker"))?;
    let sessions = state
        .db
        .speaker_appearances(id)
        .await?
        .into_iter()
        .map(|(session, part)| {
            let zone = session.details.zone;
            let local = |t: DateTime<Utc>| t.with_timezone(&zone.tz()).to_rfc3339();
            AppearanceJson {
                session_id: session.id.0,
                status: session.status,
                start: local(session.details.time.start()),
                end: local(session.details.time.end()),
                title: session.details.title,
                role: part.role,
                topic: part.topic,
            }
        })
        .collect();
    let mut json = SpeakerJson::from(record);
    json.sessions = Some(sessions);
    Ok(Json(json))
}

#[derive(Debug, Serialize)]
pub struct InstitutionJson {
    pub id: i64,
    pub name: String,
    pub region: Option<String>,
    pub region_name: Option<String>,
    pub central: bool,
    /// Former names and names of institutions merged into it.
    pub other_names: Vec<String>,
    pub speakers: i64,
}

/// `GET /api/v1/institutions`: the registry (merged ones left out), by name.
async fn list_institutions(
    State(state): State<AppState>,
) -> Result<Json<Vec<InstitutionJson>>, ApiError> {
    let list = state.db.institutions().await?;
    Ok(Json(
        list.into_iter()
            .map(|i| InstitutionJson {
                id: i.id.0,
                name: i.name,
                region: i.region.map(|r| r.to_string()),
                region_name: i.region_name,
                central: i.central,
                other_names: i.aliases,
                speakers: i.speakers,
            })
            .collect(),
    ))
}

pub(crate) fn session_id(raw: &str) -> Result<SessionId, ApiError> {
    SessionId::parse(raw)
        .ok_or_else(|| ApiError::bad_request("id", "must be a positive whole number"))
}

/// The viewer, if their role allows the action: 401 without one, 403 with the wrong one.
pub(crate) fn require<'a>(viewer: Option<&'a User>, action: &Action) -> Result<&'a User, ApiError> {
    match viewer {
        None => Err(ApiError::Unauthorized),
        Some(user) if user.may(action) => Ok(user),
        Some(_) => Err(ApiError::Forbidden),
    }
}

/// Reads a JSON body, naming what is wrong with it.
fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(value)| value)
        .map_err(|rejection| match rejection {
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::bad_request("content-type", "must be application/json")
            }
            _ => ApiError::bad_request("body", "is not a JSON object with the session's fields"),
        })
}

/// Turns the outcome of saving into the session as it now is, or the reason it is not.
async fn saved(
    state: &AppState,
    outcome: SaveOutcome,
    viewer: &User,
) -> Result<SessionJson, ApiError> {
    match outcome {
        SaveOutcome::Saved { id } => session_json(state, SessionId(id), Some(viewer)).await,
        SaveOutcome::Invalid(problems) => Err(ApiError::Invalid(problems)),
        SaveOutcome::NotEditable(status) => Err(ApiError::Conflict(format!(
            "the session is {status} and can no longer be changed"
        ))),
        // The API saves without asking (clashes are the caller's to check).
        SaveOutcome::Warnings(warnings) => Err(ApiError::Conflict(warnings.join(" "))),
    }
}

/// `POST /api/v1/sessions`: a new draft from the session's fields (as the editor's;
/// those not given are empty).
async fn create_session(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    body: Result<Json<serde_json::Map<String, serde_json::Value>>, JsonRejection>,
) -> Result<(StatusCode, Json<SessionJson>), ApiError> {
    let user = require(viewer.as_ref(), &Action::ManageSessions)?;
    let form = merge(&SessionForm::default(), json_body(body)?)?;
    let outcome =
        backend::save(&state.db, None, &form, None, Actor::from(user), Utc::now()).await?;
    Ok((
        StatusCode::CREATED,
        Json(saved(&state, outcome, user).await?),
    ))
}

/// `PATCH /api/v1/sessions/{id}`: changes the fields given; the others keep their
/// values. The whole result is validated as in the editor.
async fn update_session(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Map<String, serde_json::Value>>, JsonRejection>,
) -> Result<Json<SessionJson>, ApiError> {
    let user = require(viewer.as_ref(), &Action::ManageSessions)?;
    let id = session_id(&id)?;
    let changes = json_body(body)?;
    let current = backend::editable(&state.db, id.0)
        .await?
        .ok_or(ApiError::NotFound("session"))?;
    let form = merge(&current.form, changes)?;
    let outcome = backend::save(
        &state.db,
        Some(id.0),
        &form,
        None,
        Actor::from(user),
        Utc::now(),
    )
    .await?;
    Ok(Json(saved(&state, outcome, user).await?))
}

/// The form with the given fields replaced; unknown fields and values that are not
/// text or numbers are refused, naming the field.
fn merge(
    current: &SessionForm,
    changes: serde_json::Map<String, serde_json::Value>,
) -> Result<SessionForm, ApiError> {
    let mut fields = match serde_json::to_value(current) {
        Ok(serde_json::Value::Object(fields)) => fields,
        _ => return Err(ApiError::bad_request("body", "cannot be applied")),
    };
    for (name, value) in changes {
        let Some(slot) = fields.get_mut(&name) else {
            return Err(ApiError::BodyField {
                field: name,
                message: "is not a field of a session",
            });
        };
        *slot = match value {
            serde_json::Value::String(text) => serde_json::Value::String(text),
            serde_json::Value::Number(number) => serde_json::Value::String(number.to_string()),
            serde_json::Value::Null => serde_json::Value::String(String::new()),
            _ => {
                return Err(ApiError::BodyField {
                    field: name,
                    message: "must be text or a number",
                });
            }
        };
    }
    serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|_| ApiError::bad_request("body", "cannot be applied"))
}

/// `POST /api/v1/sessions/{id}/publish`
async fn publish_session(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Json<SessionJson>, ApiError> {
    change_status(&state, viewer.as_ref(), &id, SessionStatus::Published).await
}

/// `POST /api/v1/sessions/{id}/cancel`: a cancelled session stays visible, marked.
async fn cancel_session(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Json<SessionJson>, ApiError> {
    change_status(&state, viewer.as_ref(), &id, SessionStatus::Cancelled).await
}

async fn change_status(
    state: &AppState,
    viewer: Option<&User>,
    id: &str,
    to: SessionStatus,
) -> Result<Json<SessionJson>, ApiError> {
    let user = require(viewer, &Action::ManageSessions)?;
    let id = session_id(id)?;
    match backend::change_status(&state.db, id.0, to, Actor::from(user), Utc::now()).await? {
        StatusOutcome::Changed(_) => Ok(Json(session_json(state, id, Some(user)).await?)),
        StatusOutcome::Forbidden { from } => Err(ApiError::Conflict(format!(
            "a {from} session cannot become {to}"
        ))),
    }
}
