//! Attendance over HTTP outside the pages: check-ins through the JSON API
//! (`POST /api/v1/sessions/{id}/check-ins`) and the attendance list after the session
//! (`GET /sessions/{id}/attendance.csv`, `.xlsx` and `.pdf`), for organizers and
//! admins; attendance certificates of webinars (all of a session's as a ZIP for
//! organizers, one's own through the private link).
//!
//! The exports are in Bahasa Indonesia whatever the viewer's language: they are the
//! session's official attendance list (daftar hadir), filed as such.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use simpul::account::{Action, Actor, User};
use simpul::attendance::{AttendanceStatus, CheckInMethod, recap};
use simpul::registration::{CheckInCode, RegistrationId, RegistrationStatus};
use simpul::storage::{AttendanceLine, CheckInTarget, RegionFilter, SessionRecord};

use crate::api::{require, session_id};
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::pdf::{CertificateText, Column, ListHeader, attendance_list, certificate};
use crate::registrations::{CSV, XLSX, attachment, region_columns};
use crate::spreadsheet::{Sheet, csv_bytes, workbook_bytes};
use crate::state::AppState;

/// The body of a check-in: a code, or a registration id (for a person found by name).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInBody {
    pub code: Option<String>,
    pub registration_id: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct CheckedInPerson {
    pub id: i64,
    pub name: String,
    pub position: String,
    pub office: String,
    pub mode: &'static str,
    pub region: String,
    pub region_name: String,
}

#[derive(Debug, Serialize)]
pub struct CheckInJson {
    /// `false`: the person had checked in before (this check-in is kept too).
    pub new: bool,
    pub at: DateTime<Utc>,
    pub first_at: DateTime<Utc>,
    /// The person was on the waitlist and is now confirmed.
    pub admitted_from_waitlist: bool,
    pub registration: CheckedInPerson,
}

/// `POST /api/v1/sessions/{id}/check-ins`: 201 for a first check-in, 200 for a
/// repeated one, 422 `check_in_refused` naming why (`unknown_code`, `other_session`,
/// `cancelled`), 409 when the session takes no check-ins.
pub async fn check_in(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    body: Result<Json<CheckInBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let user = require(viewer.as_ref(), &Action::ExportAttendance)?;
    let id = session_id(&id)?;
    let Json(body) = body.map_err(|rejection| match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::bad_request("content-type", "must be application/json")
        }
        _ => ApiError::bad_request(
            "body",
            "is not {\"code\": ...} or {\"registration_id\": ...}",
        ),
    })?;
    let target = match (body.code, body.registration_id) {
        (Some(code), None) => CheckInTarget::Code(
            CheckInCode::parse(&code)
                .ok_or(ApiError::bad_request("code", "is not a check-in code"))?,
        ),
        (None, Some(registration)) => {
            CheckInTarget::Registration(RegistrationId::parse(&registration.to_string()).ok_or(
                ApiError::bad_request("registration_id", "is not a registration id"),
            )?)
        }
        _ => {
            return Err(ApiError::bad_request(
                "body",
                "needs exactly one of code and registration_id",
            ));
        }
    };
    if state.db.session(id).await?.is_none() {
        return Err(ApiError::NotFound("session"));
    }
    let answer = state
        .db
        .check_in(
            id,
            &target,
            CheckInMethod::Api,
            Actor::from(user),
            Utc::now(),
        )
        .await?;
    let record = state
        .db
        .registration(answer.registration)
        .await?
        .ok_or(ApiError::NotFound("registration"))?;
    let d = &record.details;
    let json = CheckInJson {
        new: answer.new,
        at: answer.at,
        first_at: answer.first_at,
        admitted_from_waitlist: answer.admitted_from_waitlist,
        registration: CheckedInPerson {
            id: record.id.0,
            name: d.name.clone(),
            position: d.position.clone(),
            office: d.office.clone(),
            mode: d.mode.as_str(),
            region: d.region.to_string(),
            region_name: record.region_name.clone(),
        },
    };
    let status = if answer.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json)).into_response())
}

const LIST_COLUMNS: [(&str, f64); 11] = [
    ("No", 5.0),
    ("Nama", 32.0),
    ("NIP", 20.0),
    ("Jabatan", 24.0),
    ("Instansi", 28.0),
    ("Kabupaten/Kota", 24.0),
    ("Provinsi", 24.0),
    ("Mode", 10.0),
    ("Status", 22.0),
    ("Waktu hadir", 18.0),
    ("Durasi", 12.0),
];

const RECAP_COLUMNS: [(&str, f64); 6] = [
    ("Kode", 8.0),
    ("Wilayah", 32.0),
    ("Tingkat", 16.0),
    ("Diundang", 10.0),
    ("Terdaftar", 10.0),
    ("Hadir", 10.0),
];

/// What an export needs: the session, its list (confirmed people only) and the
/// region names.
struct AttendanceSheet {
    session: SessionRecord,
    lines: Vec<AttendanceLine>,
    names: HashMap<String, String>,
}

async fn attendance_sheet(
    state: &AppState,
    id: &str,
    viewer: Option<&User>,
) -> Result<AttendanceSheet, ApiError> {
    require(viewer, &Action::ExportAttendance)?;
    let id = session_id(id)?;
    let session = state
        .db
        .session(id)
        .await?
        .ok_or(ApiError::NotFound("session"))?;
    let lines = state
        .db
        .attendance(id)
        .await?
        .into_iter()
        .filter(|l| l.registration.status == RegistrationStatus::Confirmed)
        .collect();
    let names = state
        .db
        .regions(RegionFilter::All)
        .await?
        .into_iter()
        .map(|r| (r.code.to_string(), r.name))
        .collect();
    Ok(AttendanceSheet {
        session,
        lines,
        names,
    })
}

/// "Hadir", "Tidak hadir", "Izin: <reason>".
fn status_words(line: &AttendanceLine) -> String {
    match line.status {
        AttendanceStatus::Present => "Hadir".to_owned(),
        AttendanceStatus::Absent => "Tidak hadir".to_owned(),
        AttendanceStatus::Excused if line.reason.is_empty() => "Izin".to_owned(),
        AttendanceStatus::Excused => format!("Izin: {}", line.reason),
    }
}

impl AttendanceSheet {
    /// The rows of "Daftar Hadir": the first check-in (else the first online join)
    /// in the session's zone, and the minutes online.
    fn list_rows(&self) -> Vec<Vec<String>> {
        let zone = self.session.details.zone;
        self.lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let r = &line.registration;
                let d = &r.details;
                let (regency, province) = region_columns(r, &self.names);
                let arrived = line.check_ins.first().copied().or(line.first_online_at);
                vec![
                    (i + 1).to_string(),
                    d.name.clone(),
                    d.nip
                        .as_ref()
                        .map(|n| n.as_str().to_owned())
                        .unwrap_or_default(),
                    d.position.clone(),
                    d.office.clone(),
                    regency,
                    province,
                    d.mode.as_str().to_owned(),
                    status_words(line),
                    arrived
                        .map(|t| {
                            format!(
                                "{} {}",
                                zone.local(t).format("%d-%m-%Y %H.%M"),
                                zone.label()
                            )
                        })
                        .unwrap_or_default(),
                    if line.online_minutes > 0 {
                        format!("{} menit", line.online_minutes)
                    } else {
                        String::new()
                    },
                ]
            })
            .collect()
    }

    async fn recap_rows(&self, state: &AppState) -> Result<Vec<Vec<String>>, ApiError> {
        let invitations = state.db.invitations(self.session.id).await?;
        let mut codes: Vec<_> = self
            .names
            .keys()
            .filter_map(|c| simpul::RegionCode::parse(c).ok())
            .collect();
        codes.sort();
        let people: Vec<_> = self
            .lines
            .iter()
            .map(|l| (l.registration.details.region.clone(), l.status))
            .collect();
        Ok(recap(&codes, &invitations, &people)
            .into_iter()
            .map(|line| {
                vec![
                    line.region.to_string(),
                    self.names
                        .get(line.region.as_str())
                        .cloned()
                        .unwrap_or_default(),
                    if line.region.is_province() {
                        "Provinsi"
                    } else {
                        "Kabupaten/Kota"
                    }
                    .to_owned(),
                    if line.invited { "Ya" } else { "Tidak" }.to_owned(),
                    line.registered.to_string(),
                    line.present.to_string(),
                ]
            })
            .collect())
    }
}

/// `GET /sessions/{id}/attendance.csv`: the list, UTF-8 with a byte-order mark,
/// formula-looking cells defused.
pub async fn export_csv(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let sheet = attendance_sheet(&state, &id, viewer.as_ref()).await?;
    let header: Vec<&str> = LIST_COLUMNS.iter().map(|(t, _)| *t).collect();
    let bytes = csv_bytes(&header, &sheet.list_rows()).map_err(|error| {
        tracing::error!(%error, "cannot write the attendance list");
        ApiError::Internal
    })?;
    Ok(attachment(
        CSV,
        &format!("daftar-hadir-{}.csv", sheet.session.id),
        bytes,
    ))
}

/// `GET /sessions/{id}/attendance.xlsx`: sheets "Daftar Hadir" and "Rekap".
pub async fn export_xlsx(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let sheet = attendance_sheet(&state, &id, viewer.as_ref()).await?;
    let list = sheet.list_rows();
    let recap = sheet.recap_rows(&state).await?;
    let bytes = workbook_bytes(&[
        Sheet {
            name: "Daftar Hadir",
            header: &LIST_COLUMNS,
            rows: &list,
        },
        Sheet {
            name: "Rekap",
            header: &RECAP_COLUMNS,
            rows: &recap,
        },
    ])
    .map_err(|error| {
        tracing::error!(%error, "cannot write the attendance list");
        ApiError::Internal
    })?;
    Ok(attachment(
        XLSX,
        &format!("daftar-hadir-{}.xlsx", sheet.session.id),
        bytes,
    ))
}

/// The printed list's columns (points, A4 landscape): the signature column takes
/// the place of the minutes online for sessions with people in the room.
const PDF_COLUMNS: [(&str, f32); 7] = [
    ("No", 24.0),
    ("Nama / NIP", 170.0),
    ("Jabatan / Instansi", 170.0),
    ("Kabupaten/Kota, Provinsi", 130.0),
    ("Mode", 40.0),
    ("Status", 76.0),
    ("Waktu hadir", 70.0),
];
const PDF_SIGNATURE: (&str, f32) = ("Tanda tangan", 90.0);
const PDF_MINUTES: (&str, f32) = ("Durasi", 90.0);

fn pdf_page_label(page: usize, pages: usize) -> String {
    format!("Halaman {page} dari {pages}")
}

/// `GET /sessions/{id}/attendance.pdf`: the printable attendance list (daftar hadir).
pub async fn export_pdf(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let sheet = attendance_sheet(&state, &id, viewer.as_ref()).await?;
    let details = &sheet.session.details;
    let zone = details.zone;
    let on_site = details.mode != simpul::SessionMode::Daring;
    let place = match (&details.venue, on_site) {
        (Some(venue), true) => match venue
            .region
            .as_ref()
            .and_then(|r| sheet.names.get(r.as_str()))
        {
            Some(region) => format!("{}, {region}", venue.name),
            None => venue.name.clone(),
        },
        _ => "Daring".to_owned(),
    };
    let count =
        |status: AttendanceStatus| sheet.lines.iter().filter(|l| l.status == status).count();
    let header = ListHeader {
        heading: "DAFTAR HADIR".to_owned(),
        title: details.title.clone(),
        lines: vec![
            format!(
                "Waktu: {}",
                simpul::zone::format_time_range(
                    details.time.start(),
                    details.time.end(),
                    zone,
                    simpul::Language::Id
                )
            ),
            format!("Tempat: {place}"),
            format!("Penyelenggara: {}", details.organizer_unit),
            format!(
                "Peserta terdaftar: {} · hadir: {} · izin: {} · tidak hadir: {}",
                sheet.lines.len(),
                count(AttendanceStatus::Present),
                count(AttendanceStatus::Excused),
                count(AttendanceStatus::Absent),
            ),
        ],
        page_label: pdf_page_label,
        footer: format!(
            "Dicetak dari Simpul pada {} {}",
            zone.local(Utc::now()).format("%d-%m-%Y %H.%M"),
            zone.label()
        ),
    };
    let rows: Vec<Vec<String>> = sheet
        .list_rows()
        .into_iter()
        .map(|row| {
            // No, Nama, NIP, Jabatan, Instansi, Kab/Kota, Provinsi, Mode, Status, Waktu, Durasi
            let joined = |a: &str, b: &str| match (a.is_empty(), b.is_empty()) {
                (false, false) => format!("{a} / {b}"),
                (true, _) => b.to_owned(),
                (false, true) => a.to_owned(),
            };
            let mut cells = vec![
                row[0].clone(),
                joined(&row[1], &row[2]),
                joined(&row[3], &row[4]),
                if row[5].is_empty() {
                    row[6].clone()
                } else {
                    format!("{}, {}", row[5], row[6])
                },
                row[7].clone(),
                row[8].clone(),
                row[9].clone(),
            ];
            if !on_site {
                cells.push(row[10].clone());
            }
            cells
        })
        .collect();
    let columns: Vec<Column<'_>> = PDF_COLUMNS
        .iter()
        .map(|(title, width)| Column {
            title,
            width: *width,
        })
        .collect();
    let last = if on_site { PDF_SIGNATURE } else { PDF_MINUTES };
    let (columns, signature) = if on_site {
        (columns, Some(last))
    } else {
        let mut columns = columns;
        columns.push(Column {
            title: last.0,
            width: last.1,
        });
        (columns, None)
    };
    let bytes = attendance_list(&header, &columns, &rows, signature).map_err(|error| {
        tracing::error!(%error, "cannot write the attendance list");
        ApiError::Internal
    })?;
    Ok(attachment(
        PDF,
        &format!("daftar-hadir-{}.pdf", sheet.session.id),
        bytes,
    ))
}

const PDF: &str = "application/pdf";

fn certificate_pdf(
    session: &SessionRecord,
    name: &str,
    code: &simpul::attendance::CertificateCode,
    base: &str,
) -> Result<Vec<u8>, ApiError> {
    let details = &session.details;
    certificate(&CertificateText {
        name: name.to_owned(),
        session_title: details.title.clone(),
        date: simpul::zone::format_date(details.time.start(), details.zone, simpul::Language::Id),
        organizer_unit: details.organizer_unit.clone(),
        code: code.grouped(),
        verify_url: format!("{base}/certificates/{}", code.grouped()),
    })
    .map_err(|error| {
        tracing::error!(%error, "cannot write a certificate");
        ApiError::Internal
    })
}

/// `GET /sessions/{id}/certificates.zip`: a PDF certificate for every registrant of a
/// webinar who was present (organizers, admins); 404 for other kinds of session.
pub async fn certificates_zip(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    use std::io::Write;
    require(viewer.as_ref(), &Action::ExportAttendance)?;
    let id = session_id(&id)?;
    let session = state
        .db
        .session(id)
        .await?
        .ok_or(ApiError::NotFound("session"))?;
    if !simpul::attendance::gives_certificates(session.details.kind) {
        return Err(ApiError::NotFound("certificates"));
    }
    let base = state.site_address(&headers);
    let issued = state.db.issue_certificates(id, None, Utc::now()).await?;
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let failed = |error: zip::result::ZipError| {
        tracing::error!(%error, "cannot write the certificates archive");
        ApiError::Internal
    };
    for (number, (person, code)) in issued.iter().enumerate() {
        let name = &person.details.name;
        let pdf = certificate_pdf(&session, name, code, &base)?;
        let file = format!("sertifikat-{:04}-{}.pdf", number + 1, file_slug(name));
        zip.start_file(file, options).map_err(failed)?;
        zip.write_all(&pdf).map_err(|error| failed(error.into()))?;
    }
    zip.finish().map_err(failed)?;
    Ok(attachment(
        ZIP,
        &format!("sertifikat-{}.zip", session.id),
        buffer.into_inner(),
    ))
}

/// `GET /registrations/{secret}/certificate.pdf`: a participant's own certificate,
/// through their private link, once they are marked present at a webinar.
pub async fn own_certificate(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let registration = state
        .db
        .registration_by_token(&secret)
        .await?
        .ok_or(ApiError::NotFound("certificate"))?;
    let session = state
        .db
        .session(registration.session)
        .await?
        .ok_or(ApiError::NotFound("certificate"))?;
    let issued = state
        .db
        .issue_certificates(session.id, Some(registration.id), Utc::now())
        .await?;
    let (person, code) = issued.first().ok_or(ApiError::NotFound("certificate"))?;
    let base = state.site_address(&headers);
    let pdf = certificate_pdf(&session, &person.details.name, code, &base)?;
    Ok(attachment(PDF, "sertifikat.pdf", pdf))
}

const ZIP: &str = "application/zip";

/// A name as part of a file name: ASCII letters and digits, words joined by `-`.
fn file_slug(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase()
}
