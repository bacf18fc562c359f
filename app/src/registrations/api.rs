//! What the registration pages receive, and the server functions behind them.
//!
//! Three kinds of people register: a regional operator (their own region's people,
//! for sessions that invite it, until the deadline), organizers (anyone, also late),
//! and anyone with a session's public link. Every function decides on the server who
//! is asking and what they may see; an operator never sees another region's people.

use serde::{Deserialize, Serialize};
use simpul::registration::{InvitationForm, RegistrationForm, RegistrationStatus};

use leptos::server;
use leptos::server_fn::ServerFnError;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::sessions::api::RegionOption;

/// The server marks a public registration from an address that has registered too
/// often (`server` counts them); the function then refuses with
/// [`ERROR_TOO_MANY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressOverLimit;

pub const ERROR_TOO_MANY: &str = "error-too-many-registrations";
/// An uploaded sheet past `simpul::registration::sheet::MAX_BYTES`.
pub const ERROR_TOO_LARGE: &str = "error-sheet-too-large";

/// One registered person as their office (or the organizer) sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationLine {
    pub id: i64,
    pub name: String,
    pub nip: String,
    pub position: String,
    pub office: String,
    pub email: String,
    pub phone: String,
    pub mode: String,
    pub region_name: String,
    pub status: RegistrationStatus,
    /// The private confirmation page (`/registrations/{secret}`).
    pub link: String,
    /// The fields as a form, for editing in place.
    pub form: RegistrationForm,
}

/// Seats of one mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatLine {
    pub mode: String,
    pub capacity: Option<u32>,
    pub confirmed: u32,
    /// For an operator: seats still free for their region (quota and capacity).
    pub left: Option<u32>,
}

/// The registration page of one session for an operator or an organizer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    pub session_id: i64,
    pub title: String,
    /// In the session's zone.
    pub when: String,
    /// In the viewer's zone when it differs ("10.00-13.00 WITA").
    pub when_here: Option<String>,
    pub deadline: String,
    pub open: bool,
    /// Ways of taking part the session offers (`luring`, `daring`).
    pub modes: Vec<String>,
    /// Regions the viewer may register people of.
    pub regions: Vec<RegionOption>,
    pub default_region: String,
    pub seats: Vec<SeatLine>,
    pub registrations: Vec<RegistrationLine>,
    pub organizer: bool,
}

/// One row's problem, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowMessage {
    pub row: usize,
    pub field: String,
    pub message: String,
}

/// What saving people led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterOutcome {
    Saved {
        confirmed: usize,
        waitlisted: usize,
        /// For a single public registration: its confirmation page.
        link: Option<String>,
    },
    /// Nothing saved; every problem with its row and field.
    Invalid(Vec<RowMessage>),
    /// The session takes no registrations now.
    Closed,
}

/// A row of a spreadsheet or paste, editable before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub row: usize,
    pub form: RegistrationForm,
    pub problems: Vec<RowMessage>,
    /// What the row would get if saved now: `confirmed` or `waitlisted`.
    pub status: Option<RegistrationStatus>,
}

/// The preview of an upload or paste: its rows, or why the file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub rows: Vec<PreviewRow>,
    pub file_problem: Option<String>,
    pub closed: bool,
    /// How many were saved (the rows are then empty).
    pub saved: Option<usize>,
}

impl Preview {
    pub fn problem_count(&self) -> usize {
        self.rows.iter().map(|r| r.problems.len()).sum()
    }
}

/// An invited region with its registrations, for the organizer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionTally {
    pub code: String,
    pub name: String,
    pub luring: (u32, u32),
    pub daring: (u32, u32),
}

/// The organizer's view of a session's invitations and registrations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub desk: Desk,
    /// Invited regions in words, with their quotas.
    pub invitations: Vec<String>,
    pub invitation_form: InvitationForm,
    /// Per region with registrations: (confirmed, waitlisted) per mode.
    pub tally: Vec<RegionTally>,
    /// Invited regions whose offices have registered nobody yet.
    pub not_registered: Vec<RegionOption>,
    /// The deadline as the form shows it, in the session's zone.
    pub deadline_date: String,
    pub deadline_time: String,
    pub zone_label: String,
    pub public_link: Option<String>,
    pub provinces: Vec<RegionOption>,
    pub all_regions: Vec<RegionOption>,
}

/// The public registration page of a session (through its open link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicDesk {
    pub title: String,
    pub when: String,
    pub deadline: String,
    pub open: bool,
    pub modes: Vec<String>,
    pub regions: Vec<RegionOption>,
}

/// A registrant's private confirmation page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub name: String,
    pub region_name: String,
    pub status: RegistrationStatus,
    pub mode: String,
    pub session_id: i64,
    pub title: String,
    /// In the registrant's zone.
    pub when: String,
    pub place: Option<String>,
    /// Only for a confirmed online registration.
    pub meeting_link: Option<String>,
    pub meeting_id: Option<String>,
    pub passcode: Option<String>,
    /// Only when confirmed.
    pub code: Option<String>,
    pub qr_svg: Option<String>,
    pub cancelled_session: bool,
    /// Materials for registrants (only when confirmed) and public ones; the download
    /// addresses carry the private link's secret.
    pub materials: Vec<crate::program::api::MaterialLine>,
    /// For a confirmed online registrant: whether they may check in now.
    pub online_check_in: Option<OnlineCheckInState>,
    /// Their attendance certificate, once marked present at a webinar.
    pub certificate_url: Option<String>,
}

/// Online check-in as a registrant's confirmation page offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineCheckInState {
    pub open: bool,
    /// Their first check-in, in their zone.
    pub checked_in_at: Option<String>,
}

/// The operator's dashboard: the sessions their region is invited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardLine {
    pub session_id: i64,
    pub title: String,
    pub kind: simpul::SessionKind,
    pub status: simpul::SessionStatus,
    /// In the session's zone.
    pub when: String,
    /// In the operator's zone, when it differs.
    pub when_here: Option<String>,
    pub deadline: String,
    pub open: bool,
    pub seats_left: Vec<(String, Option<u32>)>,
    pub registered: i64,
    pub waitlisted: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub region_code: String,
    pub region_name: String,
    pub upcoming: Vec<DashboardLine>,
    pub past: Vec<crate::sessions::api::SessionCard>,
}

#[server]
pub async fn load_dashboard() -> Result<Dashboard, ServerFnError> {
    let user = backend::signed_in()?;
    let Some(region) = user.role.region().cloned() else {
        return Err(backend::refuse(backend::Refusal::Forbidden));
    };
    backend::dashboard(
        &backend::db()?,
        &region,
        backend::language(),
        chrono::Utc::now(),
    )
    .await
    .map_err(backend::internal)
}

#[server]
pub async fn load_desk(session: i64) -> Result<Option<Desk>, ServerFnError> {
    let (user, scope) = backend::registrar_scope()?;
    backend::desk(
        &backend::db()?,
        session,
        &user,
        &scope,
        backend::language(),
        chrono::Utc::now(),
    )
    .await
    .map_err(backend::internal)
}

/// Registers one person from the form.
#[server(endpoint = "registrations/one")]
pub async fn register_one(
    session: i64,
    form: RegistrationForm,
) -> Result<RegisterOutcome, ServerFnError> {
    let (user, scope) = backend::registrar_scope()?;
    let registrar = backend::registrar(&user, scope);
    backend::register(
        &backend::db()?,
        session,
        vec![(1, form)],
        &registrar,
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

/// Checks (`save` unset) or saves rows from a preview, all or none.
#[server(endpoint = "registrations/rows")]
pub async fn register_rows(
    session: i64,
    rows: Vec<(usize, RegistrationForm)>,
    save: bool,
) -> Result<Preview, ServerFnError> {
    let (user, scope) = backend::registrar_scope()?;
    let registrar = backend::registrar(&user, scope);
    backend::preview_or_save(
        &backend::db()?,
        session,
        rows,
        &registrar,
        save,
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

/// Reads an uploaded spreadsheet (`file`) or pasted rows (`pasted`) into a preview.
/// Fields: `session`, then `file` or `pasted`.
#[server(input = MultipartFormData, endpoint = "registrations/read")]
pub async fn read_sheet(data: MultipartData) -> Result<Preview, ServerFnError> {
    let (user, scope) = backend::registrar_scope()?;
    let registrar = backend::registrar(&user, scope);
    let Some(multipart) = data.into_inner() else {
        return Err(ServerFnError::new(crate::sessions::api::ERROR_INTERNAL));
    };
    let (session, upload) =
        backend::read_multipart(multipart, simpul::registration::sheet::MAX_BYTES).await?;
    backend::read_preview(
        &backend::db()?,
        session,
        upload,
        &registrar,
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

#[server(endpoint = "registrations/update")]
pub async fn update_registration(
    id: i64,
    form: RegistrationForm,
) -> Result<RegisterOutcome, ServerFnError> {
    let (user, scope) = backend::registrar_scope()?;
    backend::update(
        &backend::db()?,
        id,
        form,
        &user,
        &scope,
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

#[server(endpoint = "registrations/cancel")]
pub async fn cancel_registration(id: i64) -> Result<RegisterOutcome, ServerFnError> {
    let (user, scope) = backend::registrar_scope()?;
    backend::cancel(&backend::db()?, id, &user, &scope, backend::language())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_overview(session: i64) -> Result<Option<Overview>, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    backend::overview(
        &backend::db()?,
        session,
        &user,
        backend::language(),
        chrono::Utc::now(),
    )
    .await
    .map_err(backend::internal)
}

/// Replaces the regions a session invites (with quotas).
#[server(endpoint = "registrations/invitations")]
pub async fn save_invitations(
    session: i64,
    form: InvitationForm,
) -> Result<RegisterOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    backend::save_invitations(&backend::db()?, session, form, &user, backend::language())
        .await
        .map_err(backend::internal)
}

/// Sets the deadline (empty: the session's start) and opens or closes the public link.
#[server(endpoint = "registrations/settings")]
pub async fn save_registration_settings(
    session: i64,
    deadline_date: String,
    deadline_time: String,
    public_link: Option<String>,
) -> Result<RegisterOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    backend::save_settings(
        &backend::db()?,
        session,
        (&deadline_date, &deadline_time),
        public_link.is_some(),
        &user,
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

#[server]
pub async fn load_public_desk(secret: String) -> Result<Option<PublicDesk>, ServerFnError> {
    backend::public_desk(
        &backend::db()?,
        &secret,
        backend::language(),
        chrono::Utc::now(),
    )
    .await
    .map_err(backend::internal)
}

/// Registers one person through a session's public link (no account; limited per
/// address by the server).
#[server(endpoint = "registrations/public")]
pub async fn register_public(
    secret: String,
    form: RegistrationForm,
) -> Result<RegisterOutcome, ServerFnError> {
    if backend::over_limit() {
        return Err(backend::refuse(backend::Refusal::TooMany));
    }
    backend::register_public(&backend::db()?, &secret, form, backend::language())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_confirmation(secret: String) -> Result<Option<Confirmation>, ServerFnError> {
    backend::confirmation(&backend::db()?, &secret, backend::language())
        .await
        .map_err(backend::internal)
}

#[cfg(feature = "ssr")]
pub mod backend;
