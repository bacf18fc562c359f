//! What the session pages receive from the server, and the server functions that
//! send it.
//!
//! Server functions are public HTTP endpoints. Each checks the viewer's role on the
//! server (organizer functions need an organizer or admin; the region page an
//! operator), takes the database from context, calls the domain crate, and turns
//! records into the plain types below, with times already written out in the reader's
//! language (so the browser needs no time zone tables).

use serde::{Deserialize, Serialize};
use simpul::session::{SessionField, SessionForm};
use simpul::validation::Problem;
use simpul::{SessionKind, SessionMode, SessionStatus};

use leptos::server;
use leptos::server_fn::ServerFnError;

/// A session in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCard {
    pub id: i64,
    pub kind: SessionKind,
    pub mode: SessionMode,
    pub status: SessionStatus,
    pub title: String,
    pub theme: String,
    /// "Selasa, 31 Januari 2023, 09.00-12.00 WIB"
    pub when: String,
    /// The venue and its region, for luring and hybrid sessions.
    pub place: Option<String>,
}

/// The public schedule: upcoming and past sessions that match the filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub upcoming: Vec<SessionCard>,
    pub past: Vec<SessionCard>,
    /// Whether later upcoming sessions exist beyond those listed.
    pub more_upcoming: bool,
    /// Whether older past sessions exist beyond those listed.
    pub more_past: bool,
    pub provinces: Vec<RegionOption>,
    /// Problems with the filter itself (an unknown region, a malformed month).
    pub filter_problems: Vec<(String, Problem)>,
}

/// A region in a drop-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionOption {
    pub code: String,
    pub name: String,
    /// The province of a regency, for grouping; `None` for a province.
    pub parent: Option<String>,
}

/// Everything the session page shows. Never holds the meeting passcode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPage {
    pub card: SessionCard,
    /// The same time in the two other zones: "10.00-13.00 WITA".
    pub other_zones: Vec<String>,
    pub description: String,
    pub organizer_unit: String,
    pub meeting_link: Option<String>,
    pub meeting_id: Option<String>,
    pub capacity_onsite: Option<u32>,
    pub capacity_online: Option<u32>,
    pub invited: Invited,
    pub rundown: Vec<RundownLine>,
    pub speakers: Vec<SpeakerLine>,
    /// The materials anyone may download.
    pub materials: Vec<crate::program::api::MaterialLine>,
    /// The public registration page, while its link is open and registration is.
    pub registration_link: Option<String>,
}

/// Which regions a session invites, as shown on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invited {
    Nobody,
    AllProvinces,
    Some(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RundownLine {
    /// "09.00-09.15"
    pub time: String,
    pub title: String,
    pub kind: simpul::session::RundownKind,
    /// The confirmed speakers in this slot.
    pub speakers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerLine {
    /// The speaker's id, for their page.
    pub id: i64,
    pub name: String,
    pub position: String,
    pub institution: Option<String>,
    pub role: simpul::session::SpeakerRole,
    pub topic: String,
}

/// A session in the organizer's list, with what can be done to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerRow {
    pub card: SessionCard,
    pub revision: i64,
}

/// The editor's starting point for an existing session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditableSession {
    pub id: i64,
    pub status: SessionStatus,
    pub revision: i64,
    pub form: SessionForm,
}

/// What saving the session form led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved {
        id: i64,
    },
    /// Nothing was saved; each field's problem is listed.
    Invalid(Vec<(SessionField, Problem)>),
    /// The session is cancelled or completed and cannot change.
    NotEditable(SessionStatus),
    /// Nothing saved yet: what clashes (the room, speakers, rundown slots), in
    /// sentences. Saving again with `accept_warnings` saves anyway.
    Warnings(Vec<String>),
}

/// What a status change led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusOutcome {
    Changed(SessionStatus),
    Forbidden { from: SessionStatus },
}

/// The schedule filter as it arrives from the page's query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleQuery {
    pub kind: Option<String>,
    /// `2023-01`
    pub month: Option<String>,
    pub region: Option<String>,
    /// How many upcoming sessions to list (the "show later" link raises it).
    pub upcoming: Option<String>,
    /// How many past sessions to list (the "show older" link raises it).
    pub past: Option<String>,
}

/// Sessions listed at first in each part of the schedule, and added by each "show more".
pub const SCHEDULE_PAGE: u32 = 24;
/// The most sessions one part of the schedule lists.
pub const SCHEDULE_MAX: u32 = 480;

/// Message keys for server-function failures; the page translates them.
pub const ERROR_NOT_FOUND: &str = "error-not-found";
pub const ERROR_INTERNAL: &str = "error-internal";

#[server]
pub async fn load_schedule(query: ScheduleQuery) -> Result<Schedule, ServerFnError> {
    backend::schedule(
        &backend::db()?,
        &query,
        backend::language(),
        chrono::Utc::now(),
    )
    .await
    .map_err(backend::internal)
}

#[server]
pub async fn load_session_page(id: i64) -> Result<Option<SessionPage>, ServerFnError> {
    backend::session_page(&backend::db()?, id, backend::language())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_organizer_sessions() -> Result<Vec<OrganizerRow>, ServerFnError> {
    backend::require(&simpul::account::Action::ManageSessions)?;
    backend::organizer_rows(&backend::db()?, backend::language())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_editable_session(id: i64) -> Result<Option<EditableSession>, ServerFnError> {
    backend::require(&simpul::account::Action::ManageSessions)?;
    backend::editable(&backend::db()?, id)
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_region_options() -> Result<Vec<RegionOption>, ServerFnError> {
    backend::region_options(&backend::db()?, false)
        .await
        .map_err(backend::internal)
}

/// Creates a draft (no `id`) or saves changes to an existing session.
/// Clashes (the same room, a speaker elsewhere, rundown slots left outside) are
/// warned of first; `accept_warnings` saves anyway.
#[server(endpoint = "sessions/save")]
pub async fn save_session(
    id: Option<i64>,
    form: SessionForm,
    accept_warnings: Option<String>,
) -> Result<SaveOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    let by = simpul::account::Actor::from(&user);
    let warn = (accept_warnings.is_none()).then(backend::language);
    backend::save(&backend::db()?, id, &form, warn, by, chrono::Utc::now())
        .await
        .map_err(backend::internal)
}

/// Publishes, cancels or completes a session (`status` is the target word).
#[server(endpoint = "sessions/status")]
pub async fn change_session_status(
    id: i64,
    status: String,
) -> Result<StatusOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    let to = SessionStatus::parse(&status)
        .ok_or_else(|| backend::refuse(backend::Refusal::Invalid("error-unknown_choice")))?;
    let by = simpul::account::Actor::from(&user);
    backend::change_status(&backend::db()?, id, to, by, chrono::Utc::now())
        .await
        .map_err(backend::internal)
}

/// The server side of the functions above: plain functions of the database and typed
/// arguments, tested without HTTP.
#[cfg(feature = "ssr")]
pub mod backend {
    use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
    use leptos::prelude::*;
    use simpul::region::RegionCode;
    use simpul::session::{SessionFilter, SessionForm, SessionId, SessionStatus};
    use simpul::storage::{Database, RegionFilter, SessionRecord, StorageError};
    use simpul::validation::Problem;
    use simpul::zone::{Zone, format_clock_range, format_time_range};
    use simpul::{Language, SessionKind};

    use super::*;
    pub use crate::accounts::api::backend::{Refusal, refuse, require, signed_in};
    use simpul::account::Actor;

    pub fn db() -> Result<Database, ServerFnError> {
        use_context::<Database>().ok_or_else(|| ServerFnError::new(super::ERROR_INTERNAL))
    }

    pub fn language() -> Language {
        crate::i18n::request_language()
    }

    /// Logs the detail and gives the user a generic message key.
    pub fn internal(error: StorageError) -> ServerFnError {
        if matches!(error, StorageError::NotFound) {
            return refuse(Refusal::NotFound);
        }
        tracing::error!(%error, "storage error in a server function");
        ServerFnError::new(super::ERROR_INTERNAL)
    }

    pub fn card(record: &SessionRecord, language: Language) -> SessionCard {
        let d = &record.details;
        let place = d
            .venue
            .as_ref()
            .map(|venue| venue.place(record.venue_region_name.as_deref()));
        SessionCard {
            id: record.id.0,
            kind: d.kind,
            mode: d.mode,
            status: record.status,
            title: d.title.clone(),
            theme: d.theme.clone(),
            when: format_time_range(d.time.start(), d.time.end(), d.zone, language),
            place,
        }
    }

    /// A query value that was given and is not blank, trimmed (for every filter read
    /// from a query string: the schedule, the audit trail, the JSON API).
    pub fn present(value: &Option<String>) -> Option<&str> {
        value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }

    /// Reads the schedule filter; problems are reported, not fatal, so the page still
    /// shows the schedule without the faulty part of the filter.
    pub fn read_filter(query: &ScheduleQuery) -> (SessionFilter, Vec<(String, Problem)>) {
        let mut filter = SessionFilter {
            statuses: SessionStatus::PUBLIC.to_vec(),
            ..SessionFilter::default()
        };
        let mut problems = Vec::new();
        if let Some(kind) = present(&query.kind) {
            match SessionKind::parse(kind) {
                Some(kind) => filter.kind = Some(kind),
                None => problems.push(("kind".into(), Problem::UnknownChoice)),
            }
        }
        if let Some(month) = present(&query.month) {
            match NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") {
                Ok(first) => {
                    // The month as lived in Jakarta; a day of slack either side keeps
                    // sessions in WITA and WIT at the edges of the month.
                    let next = first
                        .with_day(28)
                        .map(|d| d + Duration::days(4))
                        .and_then(|d| d.with_day(1));
                    let start = Zone::Wib.to_utc(first.and_time(chrono::NaiveTime::MIN));
                    let end =
                        next.and_then(|n| Zone::Wib.to_utc(n.and_time(chrono::NaiveTime::MIN)));
                    filter.from = start;
                    filter.to = end;
                }
                Err(_) => problems.push(("month".into(), Problem::InvalidDate)),
            }
        }
        if let Some(region) = present(&query.region) {
            match RegionCode::parse(region) {
                Ok(code) => filter.region = Some(code),
                Err(_) => problems.push(("region".into(), Problem::InvalidRegion)),
            }
        }
        (filter, problems)
    }

    pub async fn schedule(
        db: &Database,
        query: &ScheduleQuery,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<Schedule, StorageError> {
        let (filter, mut filter_problems) = read_filter(query);
        if let Some(code) = &filter.region
            && db.region(code).await?.is_none()
        {
            filter_problems.push(("region".into(), Problem::UnknownRegion));
        }
        let count = |raw: &Option<String>| {
            raw.as_deref()
                .and_then(|raw| raw.trim().parse::<u32>().ok())
                .unwrap_or(SCHEDULE_PAGE)
                .clamp(1, SCHEDULE_MAX)
        };
        let (upcoming_count, past_count) = (count(&query.upcoming), count(&query.past));
        // Upcoming: still going on or ahead, soonest first. Past: ended, newest first.
        // Each asks for one more than it shows, to know whether there are more.
        let upcoming_filter = SessionFilter {
            from: Some(filter.from.map_or(now, |from| from.max(now))),
            limit: Some(upcoming_count + 1),
            ..filter.clone()
        };
        let past_filter = SessionFilter {
            ended_by: Some(now),
            newest_first: true,
            limit: Some(past_count + 1),
            ..filter
        };
        let (upcoming, more_upcoming) = first(db.sessions(&upcoming_filter).await?, upcoming_count);
        let (past, more_past) = first(db.sessions(&past_filter).await?, past_count);
        Ok(Schedule {
            upcoming: upcoming.iter().map(|s| card(s, language)).collect(),
            past: past.iter().map(|s| card(s, language)).collect(),
            more_upcoming,
            more_past,
            provinces: region_options(db, true).await?,
            filter_problems,
        })
    }

    /// The first `count` records, and whether there were more.
    fn first(mut records: Vec<SessionRecord>, count: u32) -> (Vec<SessionRecord>, bool) {
        let more = records.len() > count as usize;
        records.truncate(count as usize);
        (records, more)
    }

    pub async fn region_options(
        db: &Database,
        provinces_only: bool,
    ) -> Result<Vec<RegionOption>, StorageError> {
        let filter = if provinces_only {
            RegionFilter::Provinces
        } else {
            RegionFilter::All
        };
        Ok(db
            .regions(filter)
            .await?
            .into_iter()
            .map(|r| RegionOption {
                code: r.code.to_string(),
                name: r.name,
                parent: r.parent.map(|p| p.to_string()),
            })
            .collect())
    }

    /// The public page of a session; `None` for an unknown id or a draft.
    pub async fn session_page(
        db: &Database,
        id: i64,
        language: Language,
    ) -> Result<Option<SessionPage>, StorageError> {
        let Some(record) = db.session(SessionId(id)).await? else {
            return Ok(None);
        };
        if !record.status.is_public() {
            return Ok(None);
        }
        let d = &record.details;
        let time_only = |zone: Zone| {
            let clock = format_clock_range(d.time.start(), d.time.end(), zone, language);
            format!("{clock} {}", zone.label())
        };
        let invited_regions = db.invited_regions(record.id).await?;
        let provinces = invited_regions
            .iter()
            .filter(|r| r.code.is_province())
            .count();
        let invited = if invited_regions.is_empty() {
            Invited::Nobody
        } else if provinces == 38
            && invited_regions.len() == 38
            && invited_regions.iter().all(|r| r.with_regencies)
        {
            Invited::AllProvinces
        } else {
            // A province invited without its regencies says so.
            let office_only =
                crate::i18n::translate(language, "registrations-province-office-only");
            Invited::Some(
                invited_regions
                    .into_iter()
                    .map(|r| {
                        if r.code.is_province() && !r.with_regencies {
                            format!("{} ({office_only})", r.name)
                        } else {
                            r.name
                        }
                    })
                    .collect(),
            )
        };
        // Only confirmed speakers are public, in the list and in the rundown's slots.
        let confirmed: Vec<_> = db
            .session_speakers(record.id)
            .await?
            .into_iter()
            .filter(|s| s.status == simpul::session::InvitationStatus::Confirmed)
            .collect();
        let rundown = db
            .rundown(record.id)
            .await?
            .into_iter()
            .map(|item| RundownLine {
                time: format_clock_range(item.time.start(), item.time.end(), d.zone, language),
                title: item.title,
                kind: item.kind,
                speakers: item
                    .speakers
                    .into_iter()
                    .filter(|(part, _)| confirmed.iter().any(|c| c.id == *part))
                    .map(|(_, name)| name)
                    .collect(),
            })
            .collect();
        let speakers = confirmed
            .into_iter()
            .map(|s| SpeakerLine {
                id: s.speaker.0,
                name: s.name,
                position: s.position,
                institution: s.institution.map(|(_, name)| name),
                role: s.role,
                topic: s.topic,
            })
            .collect();
        let materials = db
            .materials(record.id)
            .await?
            .into_iter()
            .filter(|m| m.visibility == simpul::material::Visibility::Public)
            .map(|m| crate::program::api::backend::material_line(m, language))
            .collect();
        let settings = db.registration_settings(record.id).await?;
        let open_until = settings.closes_at.unwrap_or(d.time.start());
        let registration_link = settings
            .public_link
            .filter(|_| record.status == SessionStatus::Published && Utc::now() < open_until)
            .map(|secret| format!("/register/{secret}"));
        Ok(Some(SessionPage {
            card: card(&record, language),
            other_zones: Zone::ALL
                .into_iter()
                .filter(|z| *z != d.zone)
                .map(time_only)
                .collect(),
            description: d.description.clone(),
            organizer_unit: d.organizer_unit.clone(),
            meeting_link: d.meeting.as_ref().map(|m| m.link.as_str().to_owned()),
            meeting_id: d.meeting.as_ref().and_then(|m| m.meeting_id.clone()),
            capacity_onsite: d.capacity_onsite,
            capacity_online: d.capacity_online,
            invited,
            rundown,
            speakers,
            materials,
            registration_link,
        }))
    }

    /// Every session, drafts included, newest first.
    pub async fn organizer_rows(
        db: &Database,
        language: Language,
    ) -> Result<Vec<OrganizerRow>, StorageError> {
        let filter = SessionFilter {
            newest_first: true,
            ..SessionFilter::default()
        };
        Ok(db
            .sessions(&filter)
            .await?
            .iter()
            .map(|record| OrganizerRow {
                card: card(record, language),
                revision: record.revision,
            })
            .collect())
    }

    pub async fn editable(db: &Database, id: i64) -> Result<Option<EditableSession>, StorageError> {
        Ok(db
            .session_for_editing(SessionId(id))
            .await?
            .map(|record| EditableSession {
                id: record.id.0,
                status: record.status,
                revision: record.revision,
                form: SessionForm::from_details(&record.details),
            }))
    }

    /// Validates and saves. With `warn_in` (a language), clashes are reported in it
    /// and nothing is saved while there are any; without, the save goes ahead.
    pub async fn save(
        db: &Database,
        id: Option<i64>,
        form: &SessionForm,
        warn_in: Option<Language>,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<SaveOutcome, StorageError> {
        let details = match form.validate() {
            Ok(details) => details,
            Err(errors) => return Ok(invalid(errors)),
        };
        if let Some(language) = warn_in {
            let conflicts =
                crate::program::api::backend::session_conflicts(db, id.map(SessionId), &details)
                    .await?;
            if !conflicts.is_empty() {
                return Ok(SaveOutcome::Warnings(
                    conflicts
                        .iter()
                        .map(|c| crate::program::api::backend::describe(c, details.zone, language))
                        .collect(),
                ));
            }
        }
        let result = match id {
            None => db
                .create_session(&details, SessionStatus::Draft, by, now)
                .await
                .map(|id| id.0),
            Some(id) => db
                .update_session(SessionId(id), &details, by, now)
                .await
                .map(|r| r.id.0),
        };
        match result {
            Ok(id) => Ok(SaveOutcome::Saved { id }),
            Err(StorageError::Invalid(errors)) => Ok(invalid(errors)),
            Err(StorageError::NotEditable(status)) => Ok(SaveOutcome::NotEditable(status)),
            Err(other) => Err(other),
        }
    }

    fn invalid(errors: simpul::validation::ValidationErrors<SessionField>) -> SaveOutcome {
        SaveOutcome::Invalid(errors.into_iter().map(|e| (e.field, e.problem)).collect())
    }

    pub async fn change_status(
        db: &Database,
        id: i64,
        to: SessionStatus,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<StatusOutcome, StorageError> {
        match db.change_status(SessionId(id), to, by, now).await {
            Ok(record) => Ok(StatusOutcome::Changed(record.status)),
            Err(StorageError::Forbidden(forbidden)) => Ok(StatusOutcome::Forbidden {
                from: forbidden.from,
            }),
            Err(other) => Err(other),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use chrono::TimeZone;

        #[test]
        fn reads_the_schedule_filter_and_reports_bad_parts() {
            let query = ScheduleQuery {
                kind: Some("webinar".into()),
                month: Some("2023-01".into()),
                region: Some("32.12".into()),
                ..ScheduleQuery::default()
            };
            let (filter, problems) = read_filter(&query);
            assert!(problems.is_empty());
            assert_eq!(filter.kind, Some(SessionKind::Webinar));
            // January 2023 as lived in Jakarta: from 1 January 00:00 WIB to 1 February.
            assert_eq!(
                filter.from,
                Utc.with_ymd_and_hms(2022, 12, 31, 17, 0, 0).single()
            );
            assert_eq!(
                filter.to,
                Utc.with_ymd_and_hms(2023, 1, 31, 17, 0, 0).single()
            );
            assert_eq!(filter.region.map(|r| r.to_string()), Some("32.12".into()));

            let bad = ScheduleQuery {
                kind: Some("pesta".into()),
                month: Some("Januari".into()),
                region: Some("Jawa".into()),
                ..ScheduleQuery::default()
            };
            let (filter, problems) = read_filter(&bad);
            let fields: Vec<_> = problems.iter().map(|(f, _)| f.as_str()).collect();
            assert_eq!(fields, vec!["kind", "month", "region"]);
            assert_eq!(
                (filter.kind, filter.from, filter.region),
                (None, None, None),
                "bad parts are ignored"
            );
        }

        #[tokio::test]
        async fn saving_reports_field_problems_or_the_new_id() {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("app.db").display());
            let db = Database::connect(&url).await.expect("open");
            db.prepare().await.expect("prepare");
            let now = Utc::now();

            let empty = save(&db, None, &SessionForm::default(), None, Actor::System, now)
                .await
                .expect("no storage error");
            let SaveOutcome::Invalid(problems) = empty else {
                panic!("expected problems, got {empty:?}")
            };
            assert!(problems.contains(&(SessionField::Title, Problem::Required)));

            let form = SessionForm {
                kind: "rakor".into(),
                title: "Rakor".into(),
                organizer_unit: "Ditjen Polpum".into(),
                start_date: "2027-01-05".into(),
                start_time: "09:00".into(),
                end_time: "12:00".into(),
                zone: "Asia/Jakarta".into(),
                mode: "luring".into(),
                venue: "Aula".into(),
                venue_region: "99".into(),
                ..SessionForm::default()
            };
            let unknown = save(&db, None, &form, None, Actor::System, now)
                .await
                .expect("no storage error");
            assert_eq!(
                unknown,
                SaveOutcome::Invalid(vec![(SessionField::VenueRegion, Problem::UnknownRegion)])
            );

            let form = SessionForm {
                venue_region: "31".into(),
                ..form
            };
            let SaveOutcome::Saved { id } = save(&db, None, &form, None, Actor::System, now)
                .await
                .expect("saved")
            else {
                panic!("expected a saved session");
            };
            assert_eq!(
                change_status(&db, id, SessionStatus::Cancelled, Actor::System, now)
                    .await
                    .expect("cancel"),
                StatusOutcome::Changed(SessionStatus::Cancelled)
            );
            assert_eq!(
                save(&db, Some(id), &form, None, Actor::System, now)
                    .await
                    .expect("no storage error"),
                SaveOutcome::NotEditable(SessionStatus::Cancelled)
            );
            assert_eq!(
                change_status(&db, id, SessionStatus::Published, Actor::System, now)
                    .await
                    .expect("no storage error"),
                StatusOutcome::Forbidden {
                    from: SessionStatus::Cancelled
                }
            );
        }
    }
}
