//! Server side of the attendance functions: refusals and problems into words, times
//! into the session's zone, Zoom reports into a preview.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use simpul::Language;
use simpul::account::{Action, Actor, User};
use simpul::attendance::zoom::{self, Registrant, ReportProblem, RowProblem as ZoomRowProblem};
use simpul::attendance::{
    AttendanceStatus, CheckInAnswer, CheckInMethod, CheckInRefusal, OnlineCheckIn,
};
use simpul::registration::{
    AttendanceMode, CheckInCode, RegistrationContext, RegistrationForm, RegistrationId,
    RegistrationRefusal, RegistrationSource, RegistrationStatus, RowProblem,
};
use simpul::session::{SessionId, SessionMode};
use simpul::storage::{CheckInTarget, Database, RegionFilter, SessionRecord, StorageError};

use super::*;
use crate::i18n::{I18n, translate, translate_with};
use crate::registrations::api::backend::{Upload, option, row_message, session_time};
pub use crate::sessions::api::backend::{db, internal, language, require};
use crate::sessions::labels;

/// Organizers and admins only.
pub fn organizer() -> Result<User, ServerFnError> {
    require(&Action::ManageSessions)
}

/// "09.02 WIB" (with the date when it is not the session's first day).
fn clock(at: DateTime<Utc>, record: &SessionRecord) -> String {
    let zone = record.details.zone;
    let local = zone.local(at);
    let day = zone.local(record.details.time.start()).date();
    if local.date() == day {
        format!("{} {}", local.format("%H.%M"), zone.label())
    } else {
        format!("{} {}", local.format("%d-%m-%Y %H.%M"), zone.label())
    }
}

pub async fn door(
    db: &Database,
    session: i64,
    _user: &User,
    language: Language,
) -> Result<Option<Door>, StorageError> {
    let Some(record) = db.session(SessionId(session)).await? else {
        return Ok(None);
    };
    let (checked_in, expected) = db.check_in_counts(record.id).await?;
    let regions = db.regions(RegionFilter::All).await?;
    Ok(Some(Door {
        session_id: record.id.0,
        title: record.details.title.clone(),
        when: session_time(&record, language),
        walk_ins: record.details.mode != SessionMode::Daring,
        regions: regions.iter().map(option).collect(),
        checked_in: usize::try_from(checked_in).unwrap_or(0),
        expected: usize::try_from(expected).unwrap_or(0),
    }))
}

fn refusal_words(refusal: &CheckInRefusal, language: Language) -> String {
    match refusal {
        CheckInRefusal::OtherSession { title } => translate_with(
            language,
            "check-in-refused-other_session",
            &[("title", title.clone().into())],
        ),
        other => translate(language, &format!("check-in-refused-{}", other.code())),
    }
}

/// The answer of a check-in (or why it was refused) in words.
async fn outcome(
    db: &Database,
    record: &SessionRecord,
    answer: Result<CheckInAnswer, StorageError>,
    language: Language,
) -> Result<CheckInOutcome, StorageError> {
    let answer = match answer {
        Ok(answer) => answer,
        Err(StorageError::CheckIn(refusal)) => {
            return Ok(CheckInOutcome::Refused(refusal_words(&refusal, language)));
        }
        Err(StorageError::NotFound) => {
            return Ok(CheckInOutcome::Refused(translate(
                language,
                "check-in-refused-unknown_code",
            )));
        }
        Err(other) => return Err(other),
    };
    let person = db
        .registration(answer.registration)
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(CheckInOutcome::Done {
        name: person.details.name.clone(),
        region_name: person.region_name.clone(),
        office: person.details.office.clone(),
        new: answer.new,
        first_at: clock(answer.first_at, record),
        admitted_from_waitlist: answer.admitted_from_waitlist,
    })
}

/// The session, or not found.
async fn session_of(db: &Database, session: i64) -> Result<SessionRecord, StorageError> {
    db.session(SessionId(session))
        .await?
        .ok_or(StorageError::NotFound)
}

/// Checks `target` in now and answers in words.
async fn check_in_now(
    db: &Database,
    record: &SessionRecord,
    target: CheckInTarget,
    (method, by): (CheckInMethod, Actor),
    language: Language,
) -> Result<CheckInOutcome, StorageError> {
    let answer = db
        .check_in(record.id, &target, method, by, Utc::now())
        .await;
    outcome(db, record, answer, language).await
}

pub async fn check_in_code(
    db: &Database,
    session: i64,
    code: &str,
    user: &User,
    language: Language,
) -> Result<CheckInOutcome, StorageError> {
    let record = session_of(db, session).await?;
    let Some(code) = CheckInCode::parse(code) else {
        return Ok(CheckInOutcome::Refused(translate(
            language,
            "check-in-refused-not_a_code",
        )));
    };
    let how = (CheckInMethod::Code, Actor::from(user));
    check_in_now(db, &record, CheckInTarget::Code(code), how, language).await
}

pub async fn check_in_person(
    db: &Database,
    session: i64,
    registration: i64,
    user: &User,
    language: Language,
) -> Result<CheckInOutcome, StorageError> {
    let record = session_of(db, session).await?;
    let target = CheckInTarget::Registration(RegistrationId(registration));
    let how = (CheckInMethod::Search, Actor::from(user));
    check_in_now(db, &record, target, how, language).await
}

pub async fn check_in_online(
    db: &Database,
    secret: &str,
    language: Language,
) -> Result<CheckInOutcome, StorageError> {
    let Some(registration) = db.registration_by_token(secret).await? else {
        return Err(StorageError::NotFound);
    };
    let record = session_of(db, registration.session.0).await?;
    let target = CheckInTarget::Registration(registration.id);
    let how = (CheckInMethod::Online, Actor::System);
    check_in_now(db, &record, target, how, language).await
}

pub async fn certificate(
    db: &Database,
    code: &str,
    language: Language,
) -> Result<Option<CertificateCheck>, StorageError> {
    let Some(code) = simpul::attendance::CertificateCode::parse(code) else {
        return Ok(None);
    };
    let Some(found) = db.verify_certificate(&code).await? else {
        return Ok(None);
    };
    let Some(session) = db.session(found.session).await? else {
        return Ok(None);
    };
    let d = &session.details;
    Ok(Some(CertificateCheck {
        code: code.grouped(),
        name: found.name,
        title: d.title.clone(),
        date: simpul::zone::format_date(d.time.start(), d.zone, language),
        valid: found.valid,
    }))
}

/// At most this many people answer a search at the door.
const FOUND_MAX: u32 = 20;

pub async fn find(
    db: &Database,
    session: i64,
    query: &str,
) -> Result<Vec<FoundPerson>, StorageError> {
    let record = session_of(db, session).await?;
    if query.trim().chars().count() < 2 {
        return Ok(Vec::new());
    }
    Ok(db
        .find_registrants(record.id, query, FOUND_MAX)
        .await?
        .into_iter()
        .map(|(person, first)| FoundPerson {
            id: person.id.0,
            name: person.details.name.clone(),
            nip: person
                .details
                .nip
                .as_ref()
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default(),
            office: person.details.office.clone(),
            region_name: person.region_name.clone(),
            checked_in_at: first.map(|at| clock(at, &record)),
        })
        .collect())
}

pub async fn walk_in(
    db: &Database,
    session: i64,
    mut form: RegistrationForm,
    user: &User,
    language: Language,
) -> Result<CheckInOutcome, StorageError> {
    let record = session_of(db, session).await?;
    // People at the door take part on site.
    form.mode = AttendanceMode::Luring.as_str().to_owned();
    let context = RegistrationContext {
        session_mode: record.details.mode,
        default_region: None,
    };
    let details = match form.validate(&context) {
        Ok(details) => details,
        Err(problems) => {
            let rows: Vec<RowProblem> = simpul::registration::row_problems(1, problems);
            return Ok(CheckInOutcome::Invalid(
                rows.iter().map(|p| row_message(p, language)).collect(),
            ));
        }
    };
    match db
        .walk_in(record.id, &details, Actor::from(user), Utc::now())
        .await
    {
        Ok(person) => {
            let first = db.first_check_in(person.id).await?.unwrap_or_else(Utc::now);
            Ok(CheckInOutcome::Done {
                name: person.details.name.clone(),
                region_name: person.region_name.clone(),
                office: person.details.office.clone(),
                new: true,
                first_at: clock(first, &record),
                admitted_from_waitlist: false,
            })
        }
        Err(StorageError::Registration(RegistrationRefusal::Rows(rows))) => Ok(
            CheckInOutcome::Invalid(rows.iter().map(|p| row_message(p, language)).collect()),
        ),
        Err(StorageError::Registration(RegistrationRefusal::Closed)) => Ok(
            CheckInOutcome::Refused(translate(language, "check-in-refused-session_not_open")),
        ),
        Err(other) => Err(other),
    }
}

pub async fn book(db: &Database, session: i64) -> Result<Option<AttendanceBook>, StorageError> {
    let Some(record) = db.session(SessionId(session)).await? else {
        return Ok(None);
    };
    let language = language();
    let lines = db.attendance(record.id).await?;
    let count = |status: AttendanceStatus| {
        lines
            .iter()
            .filter(|l| {
                l.registration.status == RegistrationStatus::Confirmed && l.status == status
            })
            .count()
    };
    Ok(Some(AttendanceBook {
        session_id: record.id.0,
        title: record.details.title.clone(),
        when: session_time(&record, language),
        online: record.details.mode != SessionMode::Luring,
        certificates: simpul::attendance::gives_certificates(record.details.kind),
        online_check_in: db.online_check_in(record.id).await?.as_str().to_owned(),
        present: count(AttendanceStatus::Present),
        absent: count(AttendanceStatus::Absent),
        excused: count(AttendanceStatus::Excused),
        lines: lines
            .iter()
            .map(|l| {
                let d = &l.registration.details;
                ListLine {
                    id: l.registration.id.0,
                    name: d.name.clone(),
                    nip: d
                        .nip
                        .as_ref()
                        .map(|n| n.as_str().to_owned())
                        .unwrap_or_default(),
                    office: d.office.clone(),
                    region_name: l.registration.region_name.clone(),
                    mode: d.mode.as_str().to_owned(),
                    status: l.status.as_str().to_owned(),
                    mark: l.mark.map(|m| m.as_str().to_owned()).unwrap_or_default(),
                    reason: l.reason.clone(),
                    check_ins: l.check_ins.iter().map(|at| clock(*at, &record)).collect(),
                    online_minutes: l.online_minutes,
                    waitlisted: l.registration.status == RegistrationStatus::Waitlisted,
                    walk_in: l.registration.source == RegistrationSource::WalkIn,
                }
            })
            .collect(),
    }))
}

pub async fn mark(
    db: &Database,
    session: i64,
    registration: i64,
    form: MarkForm,
    user: &User,
    language: Language,
) -> Result<Option<String>, StorageError> {
    let mark = match form.validate() {
        Ok(mark) => mark,
        Err((field, problem)) => {
            let field = match field {
                simpul::attendance::MarkField::Status => "status",
                simpul::attendance::MarkField::Reason => "reason",
            };
            return Ok(Some(format!(
                "{}: {}",
                translate(language, &format!("attendance-field-{field}")),
                labels::problem(I18n { language }, problem)
            )));
        }
    };
    db.mark_attendance(
        SessionId(session),
        RegistrationId(registration),
        &mark,
        Actor::from(user),
        Utc::now(),
    )
    .await?;
    Ok(None)
}

pub async fn set_window(
    db: &Database,
    session: i64,
    window: &str,
    user: &User,
) -> Result<(), StorageError> {
    let window = OnlineCheckIn::parse(window).ok_or(StorageError::NotFound)?;
    db.set_online_check_in(SessionId(session), window, Actor::from(user), Utc::now())
        .await
}

fn report_problem(problem: &ReportProblem, language: Language) -> String {
    let key = match problem {
        ReportProblem::Empty => "zoom-problem-empty",
        ReportProblem::TooLarge => "zoom-problem-too-large",
        ReportProblem::NotText => "zoom-problem-not-text",
        ReportProblem::NoParticipants => "zoom-problem-no-participants",
    };
    translate(language, key)
}

pub async fn zoom_preview(
    db: &Database,
    session: i64,
    upload: Option<Upload>,
    language: Language,
) -> Result<ZoomPreview, StorageError> {
    let record = session_of(db, session).await?;
    let people: Vec<_> = db
        .registrations(record.id, None)
        .await?
        .into_iter()
        .filter(|r| r.status != RegistrationStatus::Cancelled)
        .collect();
    let registrants: Vec<(i64, String)> = people
        .iter()
        .map(|p| (p.id.0, format!("{} — {}", p.details.name, p.region_name)))
        .collect();
    let empty = |problem: ReportProblem| ZoomPreview {
        file_problem: Some(report_problem(&problem, language)),
        lines: Vec::new(),
        skipped: Vec::new(),
        registrants: Vec::new(),
    };
    let bytes = match upload {
        Some(Upload::File(bytes)) => bytes,
        Some(Upload::Pasted(text)) => text.into_bytes(),
        None => return Ok(empty(ReportProblem::Empty)),
    };
    let report = match zoom::read_report(&bytes, record.details.zone) {
        Ok(report) => report,
        Err(problem) => return Ok(empty(problem)),
    };
    let matching: Vec<Registrant> = people
        .iter()
        .map(|p| Registrant {
            id: p.id,
            name: p.details.name.clone(),
            email: p.details.email.as_ref().map(|e| e.as_str().to_owned()),
        })
        .collect();
    let matches = zoom::match_participants(&report.participants, &matching);
    let lines = report
        .participants
        .iter()
        .zip(matches)
        .map(|(p, found)| ZoomLine {
            name: p.name.clone(),
            other_names: p.other_names.clone(),
            email: p.email.clone().unwrap_or_default(),
            minutes: p.minutes,
            visits: p.visits,
            lines: p
                .lines
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            first_joined: p.first_joined.map(|t| t.to_rfc3339()).unwrap_or_default(),
            registration: found.map(|(id, _)| id.0),
            matched_by: found
                .map(|(_, by)| match by {
                    zoom::MatchedBy::Email => "email",
                    zoom::MatchedBy::Name => "name",
                })
                .unwrap_or_default()
                .to_owned(),
        })
        .collect();
    let skipped = report
        .skipped
        .iter()
        .map(|s| {
            let key = match s.problem {
                ZoomRowProblem::NoName => "zoom-skipped-no-name",
                ZoomRowProblem::NoDuration => "zoom-skipped-no-duration",
            };
            translate_with(language, key, &[("line", s.line.into())])
        })
        .collect();
    Ok(ZoomPreview {
        file_problem: None,
        lines,
        skipped,
        registrants,
    })
}

/// Saves the assigned rows: one person seen under two names (or on two rows
/// assigned to them) has their minutes added and their earliest join kept.
pub async fn save_zoom(
    db: &Database,
    session: i64,
    rows: Vec<ZoomAssignment>,
    user: &User,
) -> Result<Option<usize>, StorageError> {
    let mut people: HashMap<i64, (u32, Option<DateTime<Utc>>)> = HashMap::new();
    for row in rows {
        let Ok(id) = row.registration.trim().parse::<i64>() else {
            continue;
        };
        let joined = DateTime::parse_from_rfc3339(&row.first_joined)
            .ok()
            .map(|t| t.with_timezone(&Utc));
        let entry = people.entry(id).or_insert((0, None));
        entry.0 = entry.0.saturating_add(row.minutes.min(24 * 60));
        entry.1 = match (entry.1, joined) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let minutes: Vec<_> = people
        .into_iter()
        .map(|(id, (count, first))| (RegistrationId(id), count, first))
        .collect();
    match db
        .record_online_minutes(SessionId(session), &minutes, Actor::from(user), Utc::now())
        .await
    {
        Ok(()) => Ok(Some(minutes.len())),
        Err(StorageError::NotFound) => Ok(None),
        Err(other) => Err(other),
    }
}
