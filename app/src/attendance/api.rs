//! What the attendance pages receive, and the server functions behind them. Every
//! function is for organizers and admins only, decided on the server.

use serde::{Deserialize, Serialize};
use simpul::attendance::MarkForm;
use simpul::registration::RegistrationForm;

use leptos::server;
use leptos::server_fn::ServerFnError;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::registrations::api::RowMessage;
use crate::sessions::api::RegionOption;

/// The check-in page of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Door {
    pub session_id: i64,
    pub title: String,
    pub when: String,
    /// Whether people can be registered at the door (on-site sessions).
    pub walk_ins: bool,
    pub regions: Vec<RegionOption>,
    pub checked_in: usize,
    pub expected: usize,
}

/// What a check-in answered, in words for the person at the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckInOutcome {
    Done {
        name: String,
        region_name: String,
        office: String,
        new: bool,
        /// The first check-in's time in the session's zone ("09.02 WIB").
        first_at: String,
        admitted_from_waitlist: bool,
    },
    /// Refused, with the reason in words.
    Refused(String),
    /// A walk-in's fields had problems; nothing saved.
    Invalid(Vec<RowMessage>),
}

/// A person found by name or NIP at the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundPerson {
    pub id: i64,
    pub name: String,
    pub nip: String,
    pub office: String,
    pub region_name: String,
    pub checked_in_at: Option<String>,
}

/// One line of the attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListLine {
    pub id: i64,
    pub name: String,
    pub nip: String,
    pub office: String,
    pub region_name: String,
    pub mode: String,
    /// `present`, `absent` or `excused`.
    pub status: String,
    /// The organizer's mark, empty when the check-ins decide.
    pub mark: String,
    pub reason: String,
    /// Every check-in, in the session's zone.
    pub check_ins: Vec<String>,
    pub online_minutes: u32,
    pub waitlisted: bool,
    pub walk_in: bool,
}

/// The attendance list of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceBook {
    pub session_id: i64,
    pub title: String,
    pub when: String,
    pub online: bool,
    /// A webinar: its present participants get certificates.
    pub certificates: bool,
    /// `auto`, `open` or `closed`.
    pub online_check_in: String,
    pub present: usize,
    pub absent: usize,
    pub excused: usize,
    pub lines: Vec<ListLine>,
}

/// What the verification page of a certificate shows: name, session, date only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateCheck {
    pub code: String,
    pub name: String,
    pub title: String,
    pub date: String,
    /// Still marked present at a session that took place.
    pub valid: bool,
}

/// A person of a Zoom report, matched or to be assigned by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoomLine {
    pub name: String,
    pub other_names: Vec<String>,
    pub email: String,
    pub minutes: u32,
    pub visits: usize,
    pub lines: String,
    /// RFC 3339, for saving.
    pub first_joined: String,
    /// The registration it matched, if any.
    pub registration: Option<i64>,
    /// `email` or `name`.
    pub matched_by: String,
}

/// What a Zoom report holds, matched against the session's registrations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoomPreview {
    pub file_problem: Option<String>,
    pub lines: Vec<ZoomLine>,
    /// Rows passed over, in words ("line 12: no name").
    pub skipped: Vec<String>,
    /// Registrations to assign unmatched people to: (id, "name — region").
    pub registrants: Vec<(i64, String)>,
}

/// One assignment sent back from the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoomAssignment {
    /// Empty: left out.
    pub registration: String,
    pub minutes: u32,
    pub first_joined: String,
}

#[server]
pub async fn load_door(session: i64) -> Result<Option<Door>, ServerFnError> {
    let user = backend::organizer()?;
    backend::door(&backend::db()?, session, &user, backend::language())
        .await
        .map_err(backend::internal)
}

/// Checks in by the code on the confirmation (typed, or read from its QR code).
#[server(endpoint = "attendance/code")]
pub async fn check_in_code(session: i64, code: String) -> Result<CheckInOutcome, ServerFnError> {
    let user = backend::organizer()?;
    backend::check_in_code(&backend::db()?, session, &code, &user, backend::language())
        .await
        .map_err(backend::internal)
}

/// Checks in a person found by name or NIP.
#[server(endpoint = "attendance/person")]
pub async fn check_in_person(
    session: i64,
    registration: i64,
) -> Result<CheckInOutcome, ServerFnError> {
    let user = backend::organizer()?;
    backend::check_in_person(
        &backend::db()?,
        session,
        registration,
        &user,
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

#[server(endpoint = "attendance/find")]
pub async fn find_people(session: i64, query: String) -> Result<Vec<FoundPerson>, ServerFnError> {
    backend::organizer()?;
    backend::find(&backend::db()?, session, &query)
        .await
        .map_err(backend::internal)
}

/// Registers and checks in someone who came without registering.
#[server(endpoint = "attendance/walk-in")]
pub async fn walk_in(
    session: i64,
    form: RegistrationForm,
) -> Result<CheckInOutcome, ServerFnError> {
    let user = backend::organizer()?;
    backend::walk_in(&backend::db()?, session, form, &user, backend::language())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_attendance(session: i64) -> Result<Option<AttendanceBook>, ServerFnError> {
    backend::organizer()?;
    backend::book(&backend::db()?, session)
        .await
        .map_err(backend::internal)
}

/// Sets a person's attendance (present, absent, excused with a reason; empty: as
/// the check-ins say). Answers a problem in words, or `None` when saved.
#[server(endpoint = "attendance/mark")]
pub async fn mark_attendance(
    session: i64,
    registration: i64,
    form: MarkForm,
) -> Result<Option<String>, ServerFnError> {
    let user = backend::organizer()?;
    backend::mark(
        &backend::db()?,
        session,
        registration,
        form,
        &user,
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

/// Opens (`open`), closes (`closed`) or leaves to the clock (`auto`) online check-in.
#[server(endpoint = "attendance/online")]
pub async fn set_online_check_in(session: i64, window: String) -> Result<(), ServerFnError> {
    let user = backend::organizer()?;
    backend::set_window(&backend::db()?, session, &window, &user)
        .await
        .map_err(backend::internal)
}

/// Reads an uploaded Zoom participant report (`session`, `file`) into a preview.
#[server(input = MultipartFormData, endpoint = "attendance/zoom")]
pub async fn read_zoom(data: MultipartData) -> Result<ZoomPreview, ServerFnError> {
    backend::organizer()?;
    let Some(multipart) = data.into_inner() else {
        return Err(ServerFnError::new(crate::sessions::api::ERROR_INTERNAL));
    };
    let (session, upload) = crate::registrations::api::backend::read_multipart(
        multipart,
        simpul::attendance::zoom::MAX_BYTES,
    )
    .await?;
    backend::zoom_preview(&backend::db()?, session, upload, backend::language())
        .await
        .map_err(backend::internal)
}

/// Saves the minutes of the assigned people of a Zoom report, all or none.
#[server(endpoint = "attendance/zoom-save")]
pub async fn save_zoom(
    session: i64,
    rows: Vec<ZoomAssignment>,
) -> Result<Option<usize>, ServerFnError> {
    let user = backend::organizer()?;
    backend::save_zoom(&backend::db()?, session, rows, &user)
        .await
        .map_err(backend::internal)
}

/// An online participant checks themselves in through their private link, while
/// the session's online check-in is open.
#[server(endpoint = "attendance/online-self")]
pub async fn check_in_online(secret: String) -> Result<CheckInOutcome, ServerFnError> {
    backend::check_in_online(&backend::db()?, &secret, backend::language())
        .await
        .map_err(backend::internal)
}

/// A certificate by its code (public).
#[server]
pub async fn load_certificate(code: String) -> Result<Option<CertificateCheck>, ServerFnError> {
    backend::certificate(&backend::db()?, &code, backend::language())
        .await
        .map_err(backend::internal)
}

#[cfg(feature = "ssr")]
pub mod backend;
