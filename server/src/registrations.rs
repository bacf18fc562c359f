//! Registrations over HTTP outside the pages: the spreadsheet template, the
//! organizer's export, and the JSON API (`/api/v1/sessions/{id}/registrations`,
//! `/api/v1/registrations/{id}`), each scoped by role and region like the pages.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use simpul::account::{Action, Actor};
use simpul::registration::sheet::TEMPLATE_COLUMNS;
use simpul::registration::{
    RegistrationField, RegistrationForm, RegistrationId, RegistrationRefusal, RegistrationSource,
    RegistrationStatus,
};
use simpul::session::SessionId;
use simpul::storage::{RegionFilter, Registrar, RegistrationRecord};
use simpul_app::registrations::api::backend;

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::spreadsheet::{csv_bytes, xlsx_bytes};
use crate::state::AppState;

/// A registration as the API shows it to the office or organizer who may see it.
#[derive(Debug, Serialize)]
pub struct RegistrationJson {
    pub id: i64,
    pub session_id: i64,
    pub name: String,
    pub nip: Option<String>,
    pub position: String,
    pub office: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mode: &'static str,
    pub region: String,
    pub region_name: String,
    pub status: &'static str,
    pub source: &'static str,
    /// Only while confirmed.
    pub check_in_code: Option<String>,
    /// The registrant's private confirmation page.
    pub confirmation_path: String,
    pub created_at: DateTime<Utc>,
}

impl From<&RegistrationRecord> for RegistrationJson {
    fn from(r: &RegistrationRecord) -> Self {
        let d = &r.details;
        Self {
            id: r.id.0,
            session_id: r.session.0,
            name: d.name.clone(),
            nip: d.nip.as_ref().map(|n| n.as_str().to_owned()),
            position: d.position.clone(),
            office: d.office.clone(),
            email: d.email.as_ref().map(|e| e.as_str().to_owned()),
            phone: d.phone.clone(),
            mode: d.mode.as_str(),
            region: d.region.to_string(),
            region_name: r.region_name.clone(),
            status: r.status.as_str(),
            source: r.source.as_str(),
            check_in_code: (r.status == RegistrationStatus::Confirmed)
                .then(|| r.check_in_code.as_str().to_owned()),
            confirmation_path: format!("/registrations/{}", r.private_token),
            created_at: r.created_at,
        }
    }
}

fn session_id(raw: &str) -> Result<SessionId, ApiError> {
    SessionId::parse(raw).ok_or(ApiError::bad_request("id", "is not a session id"))
}

fn scope(
    viewer: Option<&simpul::account::User>,
) -> Result<simpul::storage::RegistrarScope, ApiError> {
    let user = viewer.ok_or(ApiError::Unauthorized)?;
    backend::scope_of(user).ok_or(ApiError::Forbidden)
}

/// `GET /api/v1/sessions/{id}/registrations`: all of a session's registrations for
/// organizers, an operator's own region's for them.
pub async fn list(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Json<Vec<RegistrationJson>>, ApiError> {
    let scope = scope(viewer.as_ref())?;
    let id = session_id(&id)?;
    let session = backend::session_for(&state.db, id.0, &scope)
        .await?
        .ok_or(ApiError::NotFound("session"))?;
    let region = match &scope {
        simpul::storage::RegistrarScope::Region(region) => Some(region),
        _ => None,
    };
    let records = state.db.registrations(session.id, region).await?;
    Ok(Json(records.iter().map(RegistrationJson::from).collect()))
}

/// `POST /api/v1/sessions/{id}/registrations`: one object or an array of them, all
/// saved or none; 201 with what was saved, 422 naming each row's fields.
pub async fn create(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let scope = scope(viewer.as_ref())?;
    let user = viewer.as_ref().ok_or(ApiError::Unauthorized)?;
    let id = session_id(&id)?;
    let body = body.map(|Json(v)| v).map_err(|rejection| match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::bad_request("content-type", "must be application/json")
        }
        _ => ApiError::bad_request("body", "is not JSON"),
    })?;
    let forms = forms_of(body)?;
    let registrar = Registrar {
        by: Actor::from(user),
        source: RegistrationSource::Api,
        scope,
    };
    let rows = forms
        .into_iter()
        .enumerate()
        .map(|(i, f)| (i + 1, f))
        .collect();
    match backend::register_forms(&state.db, id.0, rows, &registrar).await {
        Ok(Ok(records)) => {
            let json: Vec<RegistrationJson> = records.iter().map(RegistrationJson::from).collect();
            Ok((StatusCode::CREATED, Json(json)).into_response())
        }
        Ok(Err(RegistrationRefusal::Closed)) => Err(ApiError::Conflict(
            "registration for this session is closed".to_owned(),
        )),
        Ok(Err(RegistrationRefusal::Rows(rows))) => Err(ApiError::InvalidRows(rows)),
        Err(simpul::storage::StorageError::NotFound) => Err(ApiError::NotFound("session")),
        Err(other) => Err(other.into()),
    }
}

/// The body as forms: an object or a non-empty array of objects whose fields are
/// registration fields with text (or number, or null) values.
fn forms_of(body: serde_json::Value) -> Result<Vec<RegistrationForm>, ApiError> {
    let items = match body {
        serde_json::Value::Array(items) if !items.is_empty() => items,
        serde_json::Value::Array(_) => {
            return Err(ApiError::bad_request("body", "is an empty list"));
        }
        object @ serde_json::Value::Object(_) => vec![object],
        _ => return Err(ApiError::bad_request("body", "is not an object or a list")),
    };
    if items.len() > simpul::registration::sheet::MAX_ROWS {
        return Err(ApiError::bad_request("body", "has more than 1000 people"));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| form_of(index + 1, item))
        .collect()
}

fn form_of(row: usize, item: serde_json::Value) -> Result<RegistrationForm, ApiError> {
    let serde_json::Value::Object(fields) = item else {
        return Err(ApiError::BodyField {
            field: format!("[{row}]"),
            message: "is not an object",
        });
    };
    let mut form = RegistrationForm::default();
    for (name, value) in fields {
        let Some(field) = RegistrationField::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
        else {
            return Err(ApiError::BodyField {
                field: format!("[{row}].{name}"),
                message: "is not a field of a registration",
            });
        };
        let text = match value {
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::Null => String::new(),
            _ => {
                return Err(ApiError::BodyField {
                    field: format!("[{row}].{name}"),
                    message: "must be text or a number",
                });
            }
        };
        *form.field_mut(field) = text;
    }
    Ok(form)
}

#[derive(Debug, Serialize)]
pub struct Cancelled {
    pub cancelled: i64,
    /// Waitlisted registrations that got the freed seat.
    pub promoted: Vec<i64>,
}

/// `DELETE /api/v1/registrations/{id}`: cancels (the record stays, marked cancelled);
/// the freed seat goes to the first waitlisted person who fits.
pub async fn cancel(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Json<Cancelled>, ApiError> {
    let scope = scope(viewer.as_ref())?;
    let user = viewer.as_ref().ok_or(ApiError::Unauthorized)?;
    let id = RegistrationId::parse(&id)
        .ok_or(ApiError::bad_request("id", "is not a registration id"))?;
    let record = backend::own_registration(&state.db, id.0, &scope)
        .await
        .map_err(|_| ApiError::NotFound("registration"))?;
    match state
        .db
        .cancel_registration(record.id, &scope, Actor::from(user), Utc::now())
        .await
    {
        Ok(promoted) => Ok(Json(Cancelled {
            cancelled: id.0,
            promoted: promoted.into_iter().map(|p| p.0).collect(),
        })),
        Err(simpul::storage::StorageError::Registration(_)) => Err(ApiError::Conflict(
            "registration for this session is closed".to_owned(),
        )),
        Err(other) => Err(other.into()),
    }
}

/// `GET /registrations/template.xlsx`: the columns an upload expects, NIP as text.
pub async fn template_xlsx() -> Result<Response, ApiError> {
    let header: Vec<(&str, f64)> = TEMPLATE_COLUMNS
        .iter()
        .map(|(field, title)| {
            (
                *title,
                if *field == RegistrationField::Name {
                    32.0
                } else {
                    20.0
                },
            )
        })
        .collect();
    let bytes = xlsx_bytes("Peserta", &header, &[]).map_err(|error| {
        tracing::error!(%error, "cannot write the registration template");
        ApiError::Internal
    })?;
    Ok(attachment(XLSX, "templat-peserta.xlsx", bytes))
}

/// `GET /registrations/template.csv`
pub async fn template_csv() -> Result<Response, ApiError> {
    let header: Vec<&str> = TEMPLATE_COLUMNS.iter().map(|(_, title)| *title).collect();
    let bytes = csv_bytes(&header, &[]).map_err(|error| {
        tracing::error!(%error, "cannot write the registration template");
        ApiError::Internal
    })?;
    Ok(attachment(CSV, "templat-peserta.csv", bytes))
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub(crate) const CSV: &str = "text/csv; charset=utf-8";

pub(crate) fn attachment(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

const EXPORT_COLUMNS: [(&str, f64); 12] = [
    ("No", 5.0),
    ("Nama", 32.0),
    ("NIP", 20.0),
    ("Jabatan", 24.0),
    ("Instansi", 28.0),
    ("Email", 28.0),
    ("Telepon", 16.0),
    ("Mode", 10.0),
    ("Kabupaten/Kota", 24.0),
    ("Provinsi", 24.0),
    ("Status", 14.0),
    ("Terdaftar", 18.0),
];

/// A registrant's regency (empty for a provincial office) and province, as offices
/// report them.
pub(crate) fn region_columns(
    record: &RegistrationRecord,
    names: &HashMap<String, String>,
) -> (String, String) {
    let region = &record.details.region;
    let province = names
        .get(region.province().as_str())
        .cloned()
        .unwrap_or_default();
    let regency = if region.is_province() {
        String::new()
    } else {
        record.region_name.clone()
    };
    (regency, province)
}

/// The export's rows: live registrations first (in the order they came), with the
/// regency and province split as offices report them.
async fn export_rows(
    state: &AppState,
    id: &str,
    viewer: Option<&simpul::account::User>,
) -> Result<(i64, Vec<Vec<String>>), ApiError> {
    let user = viewer.ok_or(ApiError::Unauthorized)?;
    if !user.may(&Action::ExportAttendance) {
        return Err(ApiError::Forbidden);
    }
    let id = session_id(id)?;
    let session = state
        .db
        .session(id)
        .await?
        .ok_or(ApiError::NotFound("session"))?;
    let records = state.db.registrations(id, None).await?;
    let names: HashMap<String, String> = state
        .db
        .regions(RegionFilter::All)
        .await?
        .into_iter()
        .map(|r| (r.code.to_string(), r.name))
        .collect();
    let zone = session.details.zone;
    let rows = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let d = &r.details;
            let (regency, province) = region_columns(r, &names);
            vec![
                (i + 1).to_string(),
                d.name.clone(),
                d.nip
                    .as_ref()
                    .map(|n| n.as_str().to_owned())
                    .unwrap_or_default(),
                d.position.clone(),
                d.office.clone(),
                d.email
                    .as_ref()
                    .map(|e| e.as_str().to_owned())
                    .unwrap_or_default(),
                d.phone.clone().unwrap_or_default(),
                d.mode.as_str().to_owned(),
                regency,
                province,
                r.status.as_str().to_owned(),
                zone.local(r.created_at)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            ]
        })
        .collect();
    Ok((id.0, rows))
}

/// `GET /organizer/sessions/{id}/registrations.csv` (organizers and admins).
pub async fn export_csv(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (id, rows) = export_rows(&state, &id, viewer.as_ref()).await?;
    let header: Vec<&str> = EXPORT_COLUMNS.iter().map(|(t, _)| *t).collect();
    let bytes = csv_bytes(&header, &rows).map_err(|error| {
        tracing::error!(%error, "cannot write the registration export");
        ApiError::Internal
    })?;
    Ok(attachment(CSV, &format!("pendaftaran-{id}.csv"), bytes))
}

/// `GET /organizer/sessions/{id}/registrations.xlsx` (organizers and admins).
pub async fn export_xlsx(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (id, rows) = export_rows(&state, &id, viewer.as_ref()).await?;
    let bytes = xlsx_bytes("Pendaftaran", &EXPORT_COLUMNS, &rows).map_err(|error| {
        tracing::error!(%error, "cannot write the registration export");
        ApiError::Internal
    })?;
    Ok(attachment(XLSX, &format!("pendaftaran-{id}.xlsx"), bytes))
}
