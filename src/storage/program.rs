//! A session's programme: its speakers (with their part and every answer to the
//! invitation, dated), its rundown slots with who speaks in each, and the bookings
//! that conflict warnings are computed from.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::audit::insert_audit;
use super::sessions::session_event;
use super::{Database, IN_LIST_MAX, SessionRecord, StorageError, on_pool};
use crate::account::Actor;
use crate::audit::AuditAction;
use crate::rundown::{Booking, RundownDetails};
use crate::session::{
    InvitationStatus, RundownKind, SessionFilter, SessionId, SessionStatus, SpeakerRole, TimeRange,
    Venue,
};
use crate::speaker::{InstitutionId, RundownItemId, SessionSpeakerId, SpeakerId};

/// A speaker of a session, with their part in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSpeakerRecord {
    pub id: SessionSpeakerId,
    pub speaker: SpeakerId,
    pub name: String,
    pub position: String,
    pub institution: Option<(InstitutionId, String)>,
    pub role: SpeakerRole,
    pub topic: String,
    pub status: InvitationStatus,
    /// Every status with its date, oldest first: the invitation, then each answer.
    pub answers: Vec<(InvitationStatus, DateTime<Utc>)>,
}

/// A slot of a session's rundown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RundownRecord {
    pub id: RundownItemId,
    pub time: TimeRange,
    pub title: String,
    pub kind: RundownKind,
    /// The session's speakers in this slot, by their part's id, with their names.
    pub speakers: Vec<(SessionSpeakerId, String)>,
}

/// The part a speaker plays in one session.
#[derive(Debug, Clone, Copy)]
pub struct SpeakerPart<'a> {
    pub role: SpeakerRole,
    pub topic: &'a str,
    pub status: InvitationStatus,
}

#[derive(sqlx::FromRow)]
struct PartRow {
    id: i64,
    session_id: i64,
    speaker_id: i64,
    name: String,
    position: String,
    institution_id: Option<i64>,
    institution_name: Option<String>,
    role: String,
    topic: String,
    status: String,
}

/// id, session id, start, end, title, kind
type SlotRow = (i64, i64, DateTime<Utc>, DateTime<Utc>, String, String);

const SELECT_PARTS: &str = "SELECT ss.id, ss.session_id, ss.speaker_id, sp.name, sp.position,
        sp.institution_id, i.name AS institution_name, ss.role, ss.topic, ss.status
     FROM session_speakers ss
     JOIN speakers sp ON sp.id = ss.speaker_id
     LEFT JOIN institutions i ON i.id = sp.institution_id";

fn part_record(
    row: PartRow,
    answers: Vec<(InvitationStatus, DateTime<Utc>)>,
) -> Result<SessionSpeakerRecord, StorageError> {
    let corrupt = || StorageError::CorruptRow(format!("speaker part {}", row.id));
    Ok(SessionSpeakerRecord {
        id: SessionSpeakerId(row.id),
        speaker: SpeakerId(row.speaker_id),
        role: SpeakerRole::parse(&row.role).ok_or_else(corrupt)?,
        status: InvitationStatus::parse(&row.status).ok_or_else(corrupt)?,
        name: row.name,
        position: row.position,
        institution: row
            .institution_id
            .zip(row.institution_name)
            .map(|(id, name)| (InstitutionId(id), name)),
        topic: row.topic,
        answers,
    })
}

impl Database {
    /// Fails unless the session exists and can still be changed.
    pub(super) async fn editable_session(&self, id: SessionId) -> Result<(), StorageError> {
        let status = self
            .session(id)
            .await?
            .ok_or(StorageError::NotFound)?
            .status;
        if status.is_editable() {
            Ok(())
        } else {
            Err(StorageError::NotEditable(status))
        }
    }

    /// Gives a speaker from the registry a part in a session. A speaker has one part
    /// per session: a second is a duplicate.
    pub async fn add_session_speaker(
        &self,
        session: SessionId,
        speaker: SpeakerId,
        part: &SpeakerPart<'_>,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<SessionSpeakerId, StorageError> {
        self.editable_session(session).await?;
        let record = self.speaker(speaker).await?.ok_or(StorageError::NotFound)?;
        let after = json!({
            "speaker": speaker.0, "name": record.name, "role": part.role.as_str(),
            "topic": part.topic, "status": part.status.as_str(),
        });
        let event = session_event(
            session,
            AuditAction::SpeakerAdded,
            by,
            now,
            None,
            Some(after),
        );
        let id: i64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let taken: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM session_speakers WHERE session_id = $1 AND speaker_id = $2",
            )
            .bind(session.0)
            .bind(speaker.0)
            .fetch_optional(&mut *tx)
            .await?;
            if taken.is_some() {
                return Err(StorageError::Duplicate("speaker"));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO session_speakers (session_id, speaker_id, role, topic, status, position)
                 VALUES ($1, $2, $3, $4, $5, (SELECT COUNT(*) FROM session_speakers WHERE session_id = $1))
                 RETURNING id",
            )
            .bind(session.0)
            .bind(speaker.0)
            .bind(part.role.as_str())
            .bind(part.topic)
            .bind(part.status.as_str())
            .fetch_one(&mut *tx)
            .await?;
            // The invitation is the first dated status; an answer given at once follows.
            let mut statuses = vec![InvitationStatus::Invited];
            if part.status != InvitationStatus::Invited {
                statuses.push(part.status);
            }
            for status in statuses {
                sqlx::query(INSERT_ANSWER)
                    .bind(id)
                    .bind(status.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            // The event's LAST-MODIFIED in calendar feeds follows its programme too.
            sqlx::query(TOUCH_SESSION)
                .bind(now)
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            id
        });
        Ok(SessionSpeakerId(id))
    }

    /// A part whose session can still change, with that session.
    async fn changeable_part(
        &self,
        id: SessionSpeakerId,
    ) -> Result<(SessionId, SessionSpeakerRecord), StorageError> {
        let (session, part) = self
            .session_speaker(id)
            .await?
            .ok_or(StorageError::NotFound)?;
        self.editable_session(session).await?;
        Ok((session, part))
    }

    /// One speaker's part, with the session it belongs to.
    pub async fn session_speaker(
        &self,
        id: SessionSpeakerId,
    ) -> Result<Option<(SessionId, SessionSpeakerRecord)>, StorageError> {
        let sql = format!("{SELECT_PARTS} WHERE ss.id = $1");
        let row: Option<PartRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?
        });
        let Some(row) = row else {
            return Ok(None);
        };
        let session = SessionId(row.session_id);
        let mut answers = self.answers(&[row.id]).await?;
        let answers = answers.remove(&row.id).unwrap_or_default();
        Ok(Some((session, part_record(row, answers)?)))
    }

    /// The dated statuses of the given parts.
    async fn answers(
        &self,
        parts: &[i64],
    ) -> Result<HashMap<i64, Vec<(InvitationStatus, DateTime<Utc>)>>, StorageError> {
        let mut map: HashMap<i64, Vec<(InvitationStatus, DateTime<Utc>)>> = HashMap::new();
        if parts.is_empty() {
            return Ok(map);
        }
        let mut rows: Vec<(i64, String, DateTime<Utc>)> = Vec::new();
        for chunk in parts.chunks(IN_LIST_MAX) {
            let chunk_rows: Vec<(i64, String, DateTime<Utc>)> = on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(
                    "SELECT session_speaker_id, status, changed_at FROM speaker_status_changes WHERE session_speaker_id IN (",
                );
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(") ORDER BY changed_at, id");
                query.build_query_as().fetch_all(pool).await?
            });
            rows.extend(chunk_rows);
        }
        for (id, status, at) in rows {
            let status = InvitationStatus::parse(&status)
                .ok_or_else(|| StorageError::CorruptRow(format!("status change of part {id}")))?;
            map.entry(id).or_default().push((status, at));
        }
        Ok(map)
    }

    /// The session's speakers, in the order they were added.
    pub async fn session_speakers(
        &self,
        session: SessionId,
    ) -> Result<Vec<SessionSpeakerRecord>, StorageError> {
        Ok(self
            .speakers_of_sessions(&[session])
            .await?
            .remove(&session)
            .unwrap_or_default())
    }

    /// The speakers of several sessions at once (the JSON session list), by session.
    pub async fn speakers_of_sessions(
        &self,
        sessions: &[SessionId],
    ) -> Result<HashMap<SessionId, Vec<SessionSpeakerRecord>>, StorageError> {
        let mut rows: Vec<PartRow> = Vec::new();
        for chunk in sessions.chunks(IN_LIST_MAX) {
            let chunk_rows: Vec<PartRow> = on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(SELECT_PARTS);
                query.push(" WHERE ss.session_id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(id.0);
                }
                query.push(") ORDER BY ss.session_id, ss.position, ss.id");
                query.build_query_as().fetch_all(pool).await?
            });
            rows.extend(chunk_rows);
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut answers = self.answers(&ids).await?;
        let mut by_session: HashMap<SessionId, Vec<SessionSpeakerRecord>> = HashMap::new();
        for row in rows {
            let session = SessionId(row.session_id);
            let dated = answers.remove(&row.id).unwrap_or_default();
            by_session
                .entry(session)
                .or_default()
                .push(part_record(row, dated)?);
        }
        Ok(by_session)
    }

    /// Changes a speaker's role and topic in a session.
    pub async fn change_speaker_part(
        &self,
        id: SessionSpeakerId,
        role: SpeakerRole,
        topic: &str,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let (session, current) = self.changeable_part(id).await?;
        let event = session_event(
            session,
            AuditAction::SpeakerPartChanged,
            by,
            now,
            Some(
                json!({ "name": current.name, "role": current.role.as_str(), "topic": current.topic }),
            ),
            Some(json!({ "name": current.name, "role": role.as_str(), "topic": topic })),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE session_speakers SET role = $1, topic = $2 WHERE id = $3")
                .bind(role.as_str())
                .bind(topic)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            // The event's LAST-MODIFIED in calendar feeds follows its programme too.
            sqlx::query(TOUCH_SESSION)
                .bind(now)
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records a speaker's answer (confirmed or declined), dated, following
    /// [`InvitationStatus::answer`].
    pub async fn answer_speaker(
        &self,
        id: SessionSpeakerId,
        to: InvitationStatus,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let (session, current) = self.changeable_part(id).await?;
        current.status.answer(to)?;
        let event = session_event(
            session,
            AuditAction::SpeakerAnswered,
            by,
            now,
            Some(json!({ "name": current.name, "status": current.status.as_str() })),
            Some(json!({ "name": current.name, "status": to.as_str() })),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // Only from the status read above: a concurrent answer makes this one fail.
            let changed = sqlx::query("UPDATE session_speakers SET status = $1 WHERE id = $2 AND status = $3")
                .bind(to.as_str())
                .bind(id.0)
                .bind(current.status.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StorageError::Conflict);
            }
            sqlx::query(INSERT_ANSWER)
                .bind(id.0)
                .bind(to.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            // The event's LAST-MODIFIED in calendar feeds follows its programme too.
            sqlx::query(TOUCH_SESSION)
                .bind(now)
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Takes a speaker out of a session (and out of its rundown slots). The audit trail
    /// keeps what their part was.
    pub async fn remove_session_speaker(
        &self,
        id: SessionSpeakerId,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let (session, current) = self.changeable_part(id).await?;
        let event = session_event(
            session,
            AuditAction::SpeakerRemoved,
            by,
            now,
            Some(json!({
                "name": current.name, "role": current.role.as_str(), "topic": current.topic,
                "status": current.status.as_str(),
            })),
            None,
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for sql in [
                "DELETE FROM rundown_speakers WHERE session_speaker_id = $1",
                "DELETE FROM speaker_status_changes WHERE session_speaker_id = $1",
                "DELETE FROM session_speakers WHERE id = $1",
            ] {
                sqlx::query(sql).bind(id.0).execute(&mut *tx).await?;
            }
            // The event's LAST-MODIFIED in calendar feeds follows its programme too.
            sqlx::query(TOUCH_SESSION)
                .bind(now)
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The session's rundown in time order, with each slot's speakers.
    pub async fn rundown(&self, session: SessionId) -> Result<Vec<RundownRecord>, StorageError> {
        Ok(self
            .rundowns_of_sessions(&[session])
            .await?
            .remove(&session)
            .unwrap_or_default())
    }

    /// The rundowns of several sessions at once, by session.
    pub async fn rundowns_of_sessions(
        &self,
        sessions: &[SessionId],
    ) -> Result<HashMap<SessionId, Vec<RundownRecord>>, StorageError> {
        let mut rows: Vec<SlotRow> = Vec::new();
        let mut speakers: Vec<(i64, i64, String)> = Vec::new();
        for chunk in sessions.chunks(IN_LIST_MAX) {
            let (chunk_rows, chunk_speakers): (Vec<SlotRow>, Vec<(i64, i64, String)>) = on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(
                    "SELECT id, session_id, starts_at, ends_at, title, kind FROM rundown_items WHERE session_id IN (",
                );
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(id.0);
                }
                query.push(") ORDER BY session_id, starts_at, id");
                let rows = query.build_query_as().fetch_all(pool).await?;
                let mut query = sqlx::QueryBuilder::new(
                    "SELECT rs.rundown_item_id, rs.session_speaker_id, sp.name
                     FROM rundown_speakers rs
                     JOIN rundown_items ri ON ri.id = rs.rundown_item_id
                     JOIN session_speakers ss ON ss.id = rs.session_speaker_id
                     JOIN speakers sp ON sp.id = ss.speaker_id
                     WHERE ri.session_id IN (",
                );
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(id.0);
                }
                query.push(") ORDER BY ss.position, ss.id");
                let speakers = query.build_query_as().fetch_all(pool).await?;
                (rows, speakers)
            });
            rows.extend(chunk_rows);
            speakers.extend(chunk_speakers);
        }
        let mut by_item: HashMap<i64, Vec<(SessionSpeakerId, String)>> = HashMap::new();
        for (item, part, name) in speakers {
            by_item
                .entry(item)
                .or_default()
                .push((SessionSpeakerId(part), name));
        }
        let mut by_session: HashMap<SessionId, Vec<RundownRecord>> = HashMap::new();
        for (id, session, start, end, title, kind) in rows {
            let corrupt = || StorageError::CorruptRow(format!("rundown slot {id}"));
            by_session
                .entry(SessionId(session))
                .or_default()
                .push(RundownRecord {
                    id: RundownItemId(id),
                    time: TimeRange::new(start, end).ok_or_else(corrupt)?,
                    kind: RundownKind::parse(&kind).ok_or_else(corrupt)?,
                    title,
                    speakers: by_item.remove(&id).unwrap_or_default(),
                });
        }
        Ok(by_session)
    }

    /// The session a rundown slot belongs to.
    pub async fn rundown_item_session(
        &self,
        item: RundownItemId,
    ) -> Result<Option<SessionId>, StorageError> {
        let session: Option<i64> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT session_id FROM rundown_items WHERE id = $1")
                .bind(item.0)
                .fetch_optional(pool)
                .await?
        });
        Ok(session.map(SessionId))
    }

    /// A slot whose session can still change: the session, and the slot as the audit
    /// trail keeps it.
    async fn changeable_slot(
        &self,
        item: RundownItemId,
    ) -> Result<(SessionId, Option<serde_json::Value>), StorageError> {
        let session = self
            .rundown_item_session(item)
            .await?
            .ok_or(StorageError::NotFound)?;
        self.editable_session(session).await?;
        let before = self
            .rundown(session)
            .await?
            .into_iter()
            .find(|r| r.id == item)
            .map(|r| {
                slot_snapshot(
                    &r.time,
                    &r.title,
                    r.kind,
                    r.speakers.iter().map(|(part, _)| *part),
                )
            });
        Ok((session, before))
    }

    /// Fails with `NotFound` unless every part belongs to the session.
    async fn check_parts(
        &self,
        session: SessionId,
        parts: &[SessionSpeakerId],
    ) -> Result<(), StorageError> {
        let known: Vec<SessionSpeakerId> = self
            .session_speakers(session)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        if parts.iter().all(|p| known.contains(p)) {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// Adds a slot to a session's rundown.
    pub async fn add_rundown_item(
        &self,
        session: SessionId,
        slot: &RundownDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<RundownItemId, StorageError> {
        self.editable_session(session).await?;
        self.check_parts(session, &slot.speakers).await?;
        let event = session_event(
            session,
            AuditAction::RundownItemAdded,
            by,
            now,
            None,
            Some(slot_snapshot(
                &slot.time,
                &slot.title,
                slot.kind,
                slot.speakers.iter().copied(),
            )),
        );
        let id: i64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO rundown_items (session_id, starts_at, ends_at, title, kind)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(session.0)
            .bind(slot.time.start())
            .bind(slot.time.end())
            .bind(&slot.title)
            .bind(slot.kind.as_str())
            .fetch_one(&mut *tx)
            .await?;
            for part in &slot.speakers {
                sqlx::query(INSERT_SLOT_SPEAKER)
                    .bind(id)
                    .bind(part.0)
                    .execute(&mut *tx)
                    .await?;
            }
            // The event's LAST-MODIFIED in calendar feeds follows its programme too.
            sqlx::query(TOUCH_SESSION)
                .bind(now)
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            id
        });
        Ok(RundownItemId(id))
    }

    /// Changes a rundown slot: time, title, kind and speakers.
    pub async fn update_rundown_item(
        &self,
        item: RundownItemId,
        slot: &RundownDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let (session, before) = self.changeable_slot(item).await?;
        self.check_parts(session, &slot.speakers).await?;
        let event = session_event(
            session,
            AuditAction::RundownItemChanged,
            by,
            now,
            before,
            Some(slot_snapshot(
                &slot.time,
                &slot.title,
                slot.kind,
                slot.speakers.iter().copied(),
            )),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE rundown_items SET starts_at = $1, ends_at = $2, title = $3, kind = $4 WHERE id = $5")
                .bind(slot.time.start())
                .bind(slot.time.end())
                .bind(&slot.title)
                .bind(slot.kind.as_str())
                .bind(item.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM rundown_speakers WHERE rundown_item_id = $1")
                .bind(item.0)
                .execute(&mut *tx)
                .await?;
            for part in &slot.speakers {
                sqlx::query(INSERT_SLOT_SPEAKER)
                    .bind(item.0)
                    .bind(part.0)
                    .execute(&mut *tx)
                    .await?;
            }
            // The event's LAST-MODIFIED in calendar feeds follows its programme too.
            sqlx::query(TOUCH_SESSION)
                .bind(now)
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes a rundown slot.
    pub async fn remove_rundown_item(
        &self,
        item: RundownItemId,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let (session, before) = self.changeable_slot(item).await?;
        let event = session_event(
            session,
            AuditAction::RundownItemRemoved,
            by,
            now,
            before,
            None,
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM rundown_speakers WHERE rundown_item_id = $1")
                .bind(item.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM rundown_items WHERE id = $1")
                .bind(item.0)
                .execute(&mut *tx)
                .await?;
            // The event's LAST-MODIFIED in calendar feeds follows its programme too.
            sqlx::query(TOUCH_SESSION)
                .bind(now)
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// A speaker's confirmed parts in sessions the public may see (published, cancelled,
    /// completed), in time order: their public page and `/api/v1/speakers/{id}`.
    pub async fn speaker_appearances(
        &self,
        speaker: SpeakerId,
    ) -> Result<Vec<(SessionRecord, SessionSpeakerRecord)>, StorageError> {
        let filter = SessionFilter {
            speaker: Some(speaker),
            answers: vec![InvitationStatus::Confirmed],
            statuses: SessionStatus::PUBLIC.to_vec(),
            ..SessionFilter::default()
        };
        let sessions = self.sessions(&filter).await?;
        let ids: Vec<SessionId> = sessions.iter().map(|s| s.id).collect();
        let mut parts = self.speakers_of_sessions(&ids).await?;
        Ok(sessions
            .into_iter()
            .filter_map(|session| {
                let part = parts
                    .remove(&session.id)?
                    .into_iter()
                    .find(|p| p.speaker == speaker)?;
                Some((session, part))
            })
            .collect())
    }

    /// The sessions a speaker is invited to or confirmed for that still take place
    /// (drafts and published), for the "speaker in two places" warning.
    pub async fn speaker_bookings(&self, speaker: SpeakerId) -> Result<Vec<Booking>, StorageError> {
        let filter = SessionFilter {
            speaker: Some(speaker),
            answers: vec![InvitationStatus::Invited, InvitationStatus::Confirmed],
            statuses: SessionStatus::OPEN.to_vec(),
            ..SessionFilter::default()
        };
        Ok(self.sessions(&filter).await?.iter().map(booking).collect())
    }

    /// Sessions with a venue that overlap `time` and still take place, for the "room
    /// taken" warning.
    pub async fn room_bookings(
        &self,
        time: &TimeRange,
    ) -> Result<Vec<(Booking, Venue)>, StorageError> {
        let filter = SessionFilter {
            from: Some(time.start()),
            to: Some(time.end()),
            statuses: SessionStatus::OPEN.to_vec(),
            ..SessionFilter::default()
        };
        Ok(self
            .sessions(&filter)
            .await?
            .iter()
            .filter_map(|s| Some((booking(s), s.details.venue.clone()?)))
            .collect())
    }
}

/// A rundown slot as the audit trail keeps it (before and after a change alike).
fn slot_snapshot(
    time: &TimeRange,
    title: &str,
    kind: RundownKind,
    speakers: impl Iterator<Item = SessionSpeakerId>,
) -> serde_json::Value {
    json!({
        "starts_at": time.start(), "ends_at": time.end(), "title": title,
        "kind": kind.as_str(),
        "speakers": speakers.map(|s| s.0).collect::<Vec<_>>(),
    })
}

/// What the warnings need of a session: which one, its title and time.
fn booking(session: &SessionRecord) -> Booking {
    Booking {
        session: session.id,
        title: session.details.title.clone(),
        time: session.details.time,
    }
}

/// Records one dated status of a speaker's part.
/// A change to a session's speakers or rundown is a change of the session: its
/// `updated_at` (DTSTAMP and LAST-MODIFIED in calendar feeds) moves with it.
const TOUCH_SESSION: &str = "UPDATE sessions SET updated_at = $1 WHERE id = $2";

const INSERT_ANSWER: &str = "INSERT INTO speaker_status_changes (session_speaker_id, status, changed_at) VALUES ($1, $2, $3)";

/// Puts one of the session's speakers into a rundown slot.
const INSERT_SLOT_SPEAKER: &str =
    "INSERT INTO rundown_speakers (rundown_item_id, session_speaker_id) VALUES ($1, $2)";
