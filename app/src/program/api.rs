//! A session's programme for organizers: its speakers and their answers, the rundown
//! and the materials; and the server functions that change them.
//!
//! Changes that clash with something (a speaker in another session at the same time,
//! a slot outside the session) answer [`ProgramOutcome::Warnings`] and save nothing;
//! the page shows the warnings and a button that sends the same change again with
//! `accept_warnings`, which saves it.

use serde::{Deserialize, Serialize};
use simpul::material::{MaterialKind, Visibility};
use simpul::rundown::RundownForm;
use simpul::session::{InvitationStatus, RundownKind, SpeakerRole};

use leptos::server;
use leptos::server_fn::ServerFnError;

/// Everything the programme page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    pub session_id: i64,
    pub title: String,
    /// "Selasa, 31 Januari 2023, 09.00-12.00 WIB"
    pub when: String,
    /// "WIB": slot times are typed in the session's zone.
    pub zone_label: String,
    /// The session's first day in its zone (`2023-01-31`), the slots' default date.
    pub first_day: String,
    /// Whether the session can still change (draft or published).
    pub editable: bool,
    pub public: bool,
    pub speakers: Vec<PartLine>,
    pub rundown: Vec<SlotLine>,
    pub materials: Vec<MaterialLine>,
}

/// A speaker's part in the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartLine {
    pub id: i64,
    pub speaker_id: i64,
    pub name: String,
    pub position: String,
    pub institution: Option<String>,
    pub role: SpeakerRole,
    pub topic: String,
    pub status: InvitationStatus,
    /// Every status with its date: (status, "23 November 2026").
    pub answers: Vec<(InvitationStatus, String)>,
}

/// A rundown slot, with its times as typed in the session's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotLine {
    pub id: i64,
    /// "09.00-09.30"
    pub time: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub title: String,
    pub kind: RundownKind,
    /// The speakers in the slot: (part id, name).
    pub speakers: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialLine {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub kind: MaterialKind,
    /// "1,2 MB"
    pub size: String,
    pub visibility: Visibility,
    /// Where to download it.
    pub url: String,
}

/// What a change to the programme led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgramOutcome {
    Done,
    /// Nothing saved: (field, message) for each problem.
    Invalid(Vec<(String, String)>),
    /// Nothing saved yet: what clashes, in sentences. Send again with
    /// `accept_warnings` to save anyway.
    Warnings(Vec<String>),
    /// The session is cancelled or completed.
    NotEditable,
}

#[server(endpoint = "program/load")]
pub async fn load_program(id: i64) -> Result<Option<Program>, ServerFnError> {
    backend::require(&simpul::account::Action::ManageSessions)?;
    backend::program(&backend::db()?, id, backend::language())
        .await
        .map_err(backend::internal)
}

/// Gives a speaker from the registry a part in the session.
#[server(endpoint = "program/add_speaker")]
pub async fn add_speaker(
    session: i64,
    speaker: Option<i64>,
    role: String,
    topic: String,
    status: String,
    accept_warnings: Option<String>,
) -> Result<ProgramOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    let part = backend::PartInput {
        speaker,
        role: &role,
        topic: &topic,
        status: &status,
    };
    backend::add_speaker(
        &backend::db()?,
        session,
        &part,
        accept_warnings.is_some(),
        simpul::account::Actor::from(&user),
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

/// Changes a speaker's role and topic, and records their answer when it changed. A
/// speaker who declined and now confirms is checked for other sessions at the time.
#[server(endpoint = "program/change_speaker")]
pub async fn change_speaker(
    part: i64,
    role: String,
    topic: String,
    status: String,
    accept_warnings: Option<String>,
) -> Result<ProgramOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    backend::change_speaker(
        &backend::db()?,
        part,
        (&role, &topic, &status),
        accept_warnings.is_some(),
        simpul::account::Actor::from(&user),
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

#[server(endpoint = "program/remove_speaker")]
pub async fn remove_speaker(part: i64) -> Result<ProgramOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    let db = backend::db()?;
    let by = simpul::account::Actor::from(&user);
    backend::finish(
        db.remove_session_speaker(
            simpul::speaker::SessionSpeakerId(part),
            by,
            chrono::Utc::now(),
        )
        .await,
    )
    .map_err(backend::internal)
}

/// Adds a slot (no `slot`) or changes one.
#[server(endpoint = "program/save_slot")]
pub async fn save_slot(
    session: i64,
    slot: Option<i64>,
    form: RundownForm,
    accept_warnings: Option<String>,
) -> Result<ProgramOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    backend::save_slot(
        &backend::db()?,
        session,
        slot,
        &form,
        accept_warnings.is_some(),
        simpul::account::Actor::from(&user),
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

#[server(endpoint = "program/remove_slot")]
pub async fn remove_slot(slot: i64) -> Result<ProgramOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    let db = backend::db()?;
    let by = simpul::account::Actor::from(&user);
    backend::finish(
        db.remove_rundown_item(simpul::speaker::RundownItemId(slot), by, chrono::Utc::now())
            .await,
    )
    .map_err(backend::internal)
}

#[cfg(feature = "ssr")]
pub mod backend {
    use chrono::{DateTime, NaiveDate, Utc};
    use fluent_templates::fluent_bundle::FluentValue;
    use simpul::account::Actor;
    use simpul::rundown::{
        Booking, Conflict, RundownField, room_conflicts, slot_conflicts, speaker_conflicts,
    };
    use simpul::session::{SessionDetails, SessionId};
    use simpul::speaker::{RundownItemId, SessionSpeakerId, SpeakerId};
    use simpul::storage::{Database, MaterialRecord, SessionRecord, SpeakerPart, StorageError};
    use simpul::validation::Problem;
    use simpul::zone::{format_clock_range, format_date, format_time_range};
    use simpul::{Language, Zone};

    use super::*;
    use crate::i18n::{I18n, translate, translate_with};
    pub use crate::sessions::api::backend::{db, internal, language, require};
    use crate::sessions::labels;
    use crate::speakers::api::backend::messages;

    pub async fn program(
        db: &Database,
        id: i64,
        language: Language,
    ) -> Result<Option<Program>, StorageError> {
        let Some(record) = db.session(SessionId(id)).await? else {
            return Ok(None);
        };
        let d = &record.details;
        let speakers = db
            .session_speakers(record.id)
            .await?
            .into_iter()
            .map(|p| PartLine {
                id: p.id.0,
                speaker_id: p.speaker.0,
                name: p.name,
                position: p.position,
                institution: p.institution.map(|(_, name)| name),
                role: p.role,
                topic: p.topic,
                status: p.status,
                answers: p
                    .answers
                    .into_iter()
                    .map(|(status, at)| (status, format_date(at, d.zone, language)))
                    .collect(),
            })
            .collect();
        let local_time = |t: DateTime<Utc>| d.zone.local(t).time().format("%H:%M").to_string();
        let rundown = db
            .rundown(record.id)
            .await?
            .into_iter()
            .map(|slot| SlotLine {
                id: slot.id.0,
                time: format_clock_range(slot.time.start(), slot.time.end(), d.zone, language),
                date: d.zone.local(slot.time.start()).date().to_string(),
                start: local_time(slot.time.start()),
                end: local_time(slot.time.end()),
                title: slot.title,
                kind: slot.kind,
                speakers: slot.speakers.into_iter().map(|(id, n)| (id.0, n)).collect(),
            })
            .collect();
        let materials = db
            .materials(record.id)
            .await?
            .into_iter()
            .map(|m| material_line(m, language))
            .collect();
        Ok(Some(Program {
            session_id: record.id.0,
            title: d.title.clone(),
            when: format_time_range(d.time.start(), d.time.end(), d.zone, language),
            zone_label: d.zone.label().to_owned(),
            first_day: d.zone.local(d.time.start()).date().to_string(),
            editable: record.status.is_editable(),
            public: record.status.is_public(),
            speakers,
            rundown,
            materials,
        }))
    }

    pub fn material_line(m: MaterialRecord, language: Language) -> MaterialLine {
        MaterialLine {
            url: material_url(&m),
            id: m.id.0,
            title: m.title,
            size: file_size(m.size_bytes, language),
            file_name: m.file_name,
            kind: m.kind,
            visibility: m.visibility,
        }
    }

    /// `/materials/7/Paparan%20KPU.pdf`: the name in the address makes browsers save
    /// the file under it. (Stored names never hold a `/`: see `clean_file_name`.)
    pub fn material_url(m: &MaterialRecord) -> String {
        format!(
            "/materials/{}/{}",
            m.id,
            crate::layout::url_escape(&m.file_name)
        )
    }

    /// "1,2 MB" / "1.2 MB", "340 KB".
    pub fn file_size(bytes: u64, language: Language) -> String {
        let (value, unit) = if bytes >= 1024 * 1024 {
            (bytes as f64 / (1024.0 * 1024.0), "MB")
        } else {
            ((bytes as f64 / 1024.0).max(1.0), "KB")
        };
        let text = if unit == "MB" {
            format!("{value:.1}")
        } else {
            format!("{value:.0}")
        };
        let text = match language {
            Language::Id => text.replace('.', ","),
            Language::En => text,
        };
        format!("{text} {unit}")
    }

    /// A conflict as a sentence in the reader's language, times in `zone`.
    pub fn describe(conflict: &Conflict, zone: Zone, language: Language) -> String {
        let when = |b: &Booking| format_time_range(b.time.start(), b.time.end(), zone, language);
        let text = |s: &str| FluentValue::from(s.to_owned());
        match conflict {
            Conflict::SpeakerBusy { speaker, other } => translate_with(
                language,
                "conflict-speaker-busy",
                &[
                    ("speaker", text(speaker)),
                    ("title", text(&other.title)),
                    ("when", text(&when(other))),
                ],
            ),
            Conflict::SlotOutsideSession { slot } => {
                translate_with(language, "conflict-slot-outside", &[("slot", text(slot))])
            }
            Conflict::RoomTaken { venue, other } => translate_with(
                language,
                "conflict-room-taken",
                &[
                    ("venue", text(venue)),
                    ("title", text(&other.title)),
                    ("when", text(&when(other))),
                ],
            ),
        }
    }

    /// Everything that clashes with a session as it would be saved: its room, its
    /// speakers' other sessions, and rundown slots now outside its time.
    pub async fn session_conflicts(
        db: &Database,
        id: Option<SessionId>,
        details: &SessionDetails,
    ) -> Result<Vec<Conflict>, StorageError> {
        // A new session has no id yet; 0 is never one.
        let this = id.unwrap_or(SessionId(0));
        let mut conflicts = Vec::new();
        if let Some(venue) = &details.venue {
            let rooms = db.room_bookings(&details.time).await?;
            conflicts.extend(room_conflicts(this, &details.time, venue, &rooms));
        }
        if let Some(id) = id {
            for part in db.session_speakers(id).await? {
                if part.status == InvitationStatus::Declined {
                    continue;
                }
                let bookings = db.speaker_bookings(part.speaker).await?;
                conflicts.extend(speaker_conflicts(id, &details.time, &part.name, &bookings));
            }
            let rundown = db.rundown(id).await?;
            conflicts.extend(slot_conflicts(
                &details.time,
                rundown.iter().map(|s| (s.title.as_str(), &s.time)),
            ));
        }
        Ok(conflicts)
    }

    /// The outcome of a storage change with nothing to warn about.
    pub fn finish(result: Result<(), StorageError>) -> Result<ProgramOutcome, StorageError> {
        match result {
            Ok(()) => Ok(ProgramOutcome::Done),
            Err(StorageError::NotEditable(_)) => Ok(ProgramOutcome::NotEditable),
            Err(other) => Err(other),
        }
    }

    fn invalid(field: &str, problem: Problem, language: Language) -> ProgramOutcome {
        ProgramOutcome::Invalid(vec![(
            field.to_owned(),
            labels::problem(I18n { language }, problem),
        )])
    }

    async fn editable_session(
        db: &Database,
        id: i64,
    ) -> Result<Result<SessionRecord, ProgramOutcome>, StorageError> {
        match db.session(SessionId(id)).await? {
            None => Err(StorageError::NotFound),
            Some(s) if !s.status.is_editable() => Ok(Err(ProgramOutcome::NotEditable)),
            Some(s) => Ok(Ok(s)),
        }
    }

    /// The speaker's other sessions at the time of this one, as sentences.
    async fn busy_warnings(
        db: &Database,
        record: &SessionRecord,
        speaker: SpeakerId,
        name: &str,
        language: Language,
    ) -> Result<Vec<String>, StorageError> {
        let bookings = db.speaker_bookings(speaker).await?;
        let d = &record.details;
        Ok(speaker_conflicts(record.id, &d.time, name, &bookings)
            .iter()
            .map(|c| describe(c, d.zone, language))
            .collect())
    }

    /// A speaker's part as the form sent it.
    pub struct PartInput<'a> {
        pub speaker: Option<i64>,
        pub role: &'a str,
        pub topic: &'a str,
        pub status: &'a str,
    }

    pub async fn add_speaker(
        db: &Database,
        session: i64,
        input: &PartInput<'_>,
        accept_warnings: bool,
        by: Actor,
        language: Language,
    ) -> Result<ProgramOutcome, StorageError> {
        let record = match editable_session(db, session).await? {
            Ok(record) => record,
            Err(outcome) => return Ok(outcome),
        };
        let Some(speaker) = input.speaker.map(SpeakerId) else {
            return Ok(invalid("speaker", Problem::Required, language));
        };
        let Some(found) = db.speaker(speaker).await? else {
            return Ok(invalid("speaker", Problem::UnknownChoice, language));
        };
        let Some(role) = SpeakerRole::parse(input.role) else {
            return Ok(invalid("role", Problem::UnknownChoice, language));
        };
        let Some(status) = InvitationStatus::parse(input.status) else {
            return Ok(invalid("status", Problem::UnknownChoice, language));
        };
        let topic = input.topic.trim();
        if topic.chars().count() > simpul::speaker::MAX_NAME {
            return Ok(invalid(
                "topic",
                Problem::TooLong {
                    max: simpul::speaker::MAX_NAME,
                },
                language,
            ));
        }
        if !accept_warnings && status != InvitationStatus::Declined {
            let warnings = busy_warnings(db, &record, speaker, &found.name, language).await?;
            if !warnings.is_empty() {
                return Ok(ProgramOutcome::Warnings(warnings));
            }
        }
        let part = SpeakerPart {
            role,
            topic,
            status,
        };
        match db
            .add_session_speaker(record.id, speaker, &part, by, Utc::now())
            .await
        {
            Ok(_) => Ok(ProgramOutcome::Done),
            Err(StorageError::Duplicate(_)) => Ok(ProgramOutcome::Invalid(vec![(
                "speaker".into(),
                translate(language, "program-speaker-already"),
            )])),
            Err(other) => finish(Err(other)),
        }
    }

    pub async fn change_speaker(
        db: &Database,
        part: i64,
        (role, topic, status): (&str, &str, &str),
        accept_warnings: bool,
        by: Actor,
        language: Language,
    ) -> Result<ProgramOutcome, StorageError> {
        let id = SessionSpeakerId(part);
        let (session, current) = db
            .session_speaker(id)
            .await?
            .ok_or(StorageError::NotFound)?;
        let Some(role) = SpeakerRole::parse(role) else {
            return Ok(invalid("role", Problem::UnknownChoice, language));
        };
        let Some(status) = InvitationStatus::parse(status) else {
            return Ok(invalid("status", Problem::UnknownChoice, language));
        };
        let topic = topic.trim();
        if topic.chars().count() > simpul::speaker::MAX_NAME {
            return Ok(invalid(
                "topic",
                Problem::TooLong {
                    max: simpul::speaker::MAX_NAME,
                },
                language,
            ));
        }
        if status != current.status && current.status.answer(status).is_err() {
            return Ok(ProgramOutcome::Invalid(vec![(
                "status".into(),
                translate(language, "program-answer-forbidden"),
            )]));
        }
        if !accept_warnings
            && current.status == InvitationStatus::Declined
            && status == InvitationStatus::Confirmed
            && let Some(record) = db.session(session).await?
        {
            let warnings =
                busy_warnings(db, &record, current.speaker, &current.name, language).await?;
            if !warnings.is_empty() {
                return Ok(ProgramOutcome::Warnings(warnings));
            }
        }
        let now = Utc::now();
        if (role != current.role || topic != current.topic)
            && let Err(error) = db.change_speaker_part(id, role, topic, by, now).await
        {
            return finish(Err(error));
        }
        if status != current.status {
            return finish(db.answer_speaker(id, status, by, now).await);
        }
        Ok(ProgramOutcome::Done)
    }

    pub async fn save_slot(
        db: &Database,
        session: i64,
        slot: Option<i64>,
        form: &RundownForm,
        accept_warnings: bool,
        by: Actor,
        language: Language,
    ) -> Result<ProgramOutcome, StorageError> {
        let record = match editable_session(db, session).await? {
            Ok(record) => record,
            Err(outcome) => return Ok(outcome),
        };
        let d = &record.details;
        let first_day: NaiveDate = d.zone.local(d.time.start()).date();
        let details = match form.validate(d.zone, first_day) {
            Ok(details) => details,
            Err(errors) => {
                return Ok(ProgramOutcome::Invalid(messages(
                    errors,
                    RundownField::as_str,
                    language,
                )));
            }
        };
        if !accept_warnings {
            let conflicts = slot_conflicts(&d.time, [(details.title.as_str(), &details.time)]);
            if !conflicts.is_empty() {
                return Ok(ProgramOutcome::Warnings(
                    conflicts
                        .iter()
                        .map(|c| describe(c, d.zone, language))
                        .collect(),
                ));
            }
        }
        let now = Utc::now();
        let result = match slot {
            None => db
                .add_rundown_item(record.id, &details, by, now)
                .await
                .map(|_| ()),
            Some(item) => {
                // A slot of another session is not this session's to change.
                if db.rundown_item_session(RundownItemId(item)).await? != Some(record.id) {
                    return Err(StorageError::NotFound);
                }
                db.update_rundown_item(RundownItemId(item), &details, by, now)
                    .await
            }
        };
        match result {
            Err(StorageError::NotFound) => Ok(invalid(
                RundownField::Speakers.as_str(),
                Problem::UnknownChoice,
                language,
            )),
            other => finish(other),
        }
    }
}
