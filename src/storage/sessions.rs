//! Sessions, their invitations, speakers and rundown.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::audit::{NewAuditEvent, insert_audit, session_snapshot};
use super::{Database, StorageError, on_pool};
use crate::account::{Actor, UserId};
use crate::audit::{AuditAction, SubjectKind};
use crate::region::RegionCode;
use crate::session::{
    Meeting, MeetingLink, Passcode, SessionDetails, SessionField, SessionFilter, SessionId,
    SessionKind, SessionMode, SessionStatus, TimeRange, Venue,
};
use crate::validation::{Problem, ValidationErrors};
use crate::zone::Zone;

/// A stored session as the public and organizers see it.
///
/// Loaded without the meeting passcode, except by [`Database::session_for_editing`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: SessionId,
    pub status: SessionStatus,
    /// Rises with every change that matters to attendees (calendars' SEQUENCE).
    pub revision: i64,
    pub details: SessionDetails,
    pub venue_region_name: Option<String>,
    /// The organizer who created it (`None` for demo data).
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A region a session invites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitedRegion {
    pub code: RegionCode,
    pub name: String,
    /// For a province: whether its regencies are invited too.
    pub with_regencies: bool,
}

#[derive(sqlx::FromRow)]
pub(super) struct SessionRow {
    id: i64,
    kind: String,
    title: String,
    theme: String,
    description: String,
    organizer_unit: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    time_zone: String,
    mode: String,
    venue: Option<String>,
    venue_region_code: Option<String>,
    venue_region_name: Option<String>,
    meeting_link: Option<String>,
    meeting_id: Option<String>,
    meeting_passcode: Option<String>,
    status: String,
    capacity_onsite: Option<i64>,
    capacity_online: Option<i64>,
    revision: i64,
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The columns of [`SessionRow`]; `$passcode` is either the column or `NULL`, so the
/// passcode is only read where it is meant to be shown.
pub(super) fn select_sessions(with_passcode: bool) -> String {
    let passcode = if with_passcode {
        "s.meeting_passcode"
    } else {
        "NULL"
    };
    format!(
        "SELECT s.id, s.kind, s.title, s.theme, s.description, s.organizer_unit, s.starts_at,
                s.ends_at, s.time_zone, s.mode, s.venue, s.venue_region_code,
                r.name AS venue_region_name, s.meeting_link, s.meeting_id,
                CAST({passcode} AS TEXT) AS meeting_passcode, s.status, s.capacity_onsite,
                s.capacity_online, s.revision, s.created_by, s.created_at, s.updated_at
         FROM sessions s LEFT JOIN regions r ON r.code = s.venue_region_code"
    )
}

impl TryFrom<SessionRow> for SessionRecord {
    type Error = StorageError;
    fn try_from(row: SessionRow) -> Result<Self, Self::Error> {
        let id = row.id;
        let corrupt = |what: &str| StorageError::CorruptRow(format!("session {id}: {what}"));
        let mode = SessionMode::parse(&row.mode).ok_or_else(|| corrupt("mode"))?;
        let venue = match row.venue {
            Some(name) if mode.needs_venue() => Some(Venue {
                name,
                region: row
                    .venue_region_code
                    .as_deref()
                    .map(RegionCode::parse)
                    .transpose()
                    .map_err(|_| corrupt("venue region"))?,
            }),
            _ => None,
        };
        let meeting = match row.meeting_link {
            Some(link) if mode.needs_link() => Some(Meeting {
                link: MeetingLink::parse(&link).map_err(|_| corrupt("meeting link"))?,
                meeting_id: row.meeting_id,
                passcode: row.meeting_passcode.as_deref().and_then(Passcode::new),
            }),
            _ => None,
        };
        let capacity = |value: Option<i64>| value.and_then(|c| u32::try_from(c).ok());
        Ok(SessionRecord {
            id: SessionId(id),
            status: SessionStatus::parse(&row.status).ok_or_else(|| corrupt("status"))?,
            revision: row.revision,
            details: SessionDetails {
                kind: SessionKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?,
                title: row.title,
                theme: row.theme,
                description: row.description,
                organizer_unit: row.organizer_unit,
                time: TimeRange::new(row.starts_at, row.ends_at)
                    .ok_or_else(|| corrupt("time range"))?,
                zone: Zone::from_iana(&row.time_zone).ok_or_else(|| corrupt("time zone"))?,
                mode,
                venue,
                meeting,
                capacity_onsite: capacity(row.capacity_onsite),
                capacity_online: capacity(row.capacity_online),
            },
            venue_region_name: row.venue_region_name,
            created_by: row.created_by.map(UserId),
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// The columns a session's details fill, in the order of [`bind_details!`].
const DETAIL_COLUMNS: [&str; 15] = [
    "kind",
    "title",
    "theme",
    "description",
    "organizer_unit",
    "starts_at",
    "ends_at",
    "time_zone",
    "mode",
    "venue",
    "venue_region_code",
    "meeting_link",
    "meeting_id",
    "meeting_passcode",
    "capacity_onsite",
];

/// Binds a session's details in the order of [`DETAIL_COLUMNS`], then capacity_online.
macro_rules! bind_details {
    ($query:expr, $d:expr) => {{
        let d: &SessionDetails = $d;
        $query
            .bind(d.kind.as_str())
            .bind(d.title.as_str())
            .bind(d.theme.as_str())
            .bind(d.description.as_str())
            .bind(d.organizer_unit.as_str())
            .bind(d.time.start())
            .bind(d.time.end())
            .bind(d.zone.iana())
            .bind(d.mode.as_str())
            .bind(d.venue.as_ref().map(|v| v.name.clone()))
            .bind(
                d.venue
                    .as_ref()
                    .and_then(|v| v.region.as_ref())
                    .map(|r| r.as_str().to_owned()),
            )
            .bind(d.meeting.as_ref().map(|m| m.link.as_str().to_owned()))
            .bind(d.meeting.as_ref().and_then(|m| m.meeting_id.clone()))
            .bind(
                d.meeting
                    .as_ref()
                    .and_then(|m| m.passcode.as_ref())
                    .map(|p| p.expose().to_owned()),
            )
            .bind(d.capacity_onsite.map(i64::from))
            .bind(d.capacity_online.map(i64::from))
    }};
}

impl Database {
    /// Stores a new session (a draft, unless `status` says otherwise) and returns its id.
    pub async fn create_session(
        &self,
        details: &SessionDetails,
        status: SessionStatus,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<SessionId, StorageError> {
        self.check_venue_region(details).await?;
        let columns = DETAIL_COLUMNS.join(", ");
        let sql = format!(
            "INSERT INTO sessions ({columns}, capacity_online, status, revision, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 0, $18, $19, $19)
             RETURNING id"
        );
        let id: i64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = bind_details!(sqlx::query_scalar(&sql), details)
                .bind(status.as_str())
                .bind(by.user().map(|u| u.0))
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            let event = session_event(SessionId(id), AuditAction::SessionCreated, by, now, None, Some(session_snapshot(details, status)));
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            id
        });
        Ok(SessionId(id))
    }

    pub async fn update_session(
        &self,
        id: SessionId,
        details: &SessionDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, StorageError> {
        self.check_venue_region(details).await?;
        let current = self
            .session_for_editing(id)
            .await?
            .ok_or(StorageError::NotFound)?;
        if !current.status.is_editable() {
            return Err(StorageError::NotEditable(current.status));
        }
        let bump = i64::from(current.details.differs_for_attendees(details));
        let assignments: Vec<String> = DETAIL_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, column)| format!("{column} = ${}", i + 1))
            .collect();
        // The WHERE on revision makes a concurrent edit fail instead of being lost.
        let sql = format!(
            "UPDATE sessions SET {}, capacity_online = $16, revision = revision + $17, updated_at = $18
             WHERE id = $19 AND revision = $20",
            assignments.join(", ")
        );
        let event = session_event(
            id,
            AuditAction::SessionUpdated,
            by,
            now,
            Some(session_snapshot(&current.details, current.status)),
            Some(session_snapshot(details, current.status)),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let changed = bind_details!(sqlx::query(&sql), details)
                .bind(bump)
                .bind(now)
                .bind(id.0)
                .bind(current.revision)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StorageError::Conflict);
            }
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        self.session(id).await?.ok_or(StorageError::NotFound)
    }

    /// Publishes, cancels or completes a session, following the allowed transitions.
    pub async fn change_status(
        &self,
        id: SessionId,
        to: SessionStatus,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, StorageError> {
        let current = self.session(id).await?.ok_or(StorageError::NotFound)?;
        current.status.transition(to)?;
        let event = session_event(
            id,
            AuditAction::SessionStatusChanged,
            by,
            now,
            Some(serde_json::json!({ "status": current.status.as_str() })),
            Some(serde_json::json!({ "status": to.as_str() })),
        );
        let changed = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let changed = sqlx::query(
                "UPDATE sessions SET status = $1, revision = revision + 1, updated_at = $2
                 WHERE id = $3 AND status = $4",
            )
            .bind(to.as_str())
            .bind(now)
            .bind(id.0)
            .bind(current.status.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed > 0 {
                insert_audit!(&mut *tx, &event)?;
            }
            tx.commit().await?;
            changed
        });
        if changed == 0 {
            // Someone else changed the status in between: report what it is now.
            let now_status = self
                .session(id)
                .await?
                .ok_or(StorageError::NotFound)?
                .status;
            return Err(StorageError::Forbidden(
                crate::session::ForbiddenTransition {
                    from: now_status,
                    to,
                },
            ));
        }
        self.session(id).await?.ok_or(StorageError::NotFound)
    }

    /// A session without its passcode (any status: callers decide who may see drafts).
    pub async fn session(&self, id: SessionId) -> Result<Option<SessionRecord>, StorageError> {
        self.load_session(id, false).await
    }

    /// A session with its passcode, for the organizer's editor.
    pub async fn session_for_editing(
        &self,
        id: SessionId,
    ) -> Result<Option<SessionRecord>, StorageError> {
        self.load_session(id, true).await
    }

    async fn load_session(
        &self,
        id: SessionId,
        with_passcode: bool,
    ) -> Result<Option<SessionRecord>, StorageError> {
        let sql = format!("{} WHERE s.id = $1", select_sessions(with_passcode));
        let row: Option<SessionRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?
        });
        row.map(SessionRecord::try_from).transpose()
    }

    /// Sessions matching a filter, in time order (newest first when asked), without
    /// passcodes.
    pub async fn sessions(
        &self,
        filter: &SessionFilter,
    ) -> Result<Vec<SessionRecord>, StorageError> {
        let select = select_sessions(false);
        let rows: Vec<SessionRow> = on_pool!(self, pool => {
            let mut query = QueryBuilder::new(select.as_str());
            query.push(" WHERE 1 = 1");
            if !filter.statuses.is_empty() {
                query.push(" AND s.status IN (");
                let mut list = query.separated(", ");
                for status in &filter.statuses {
                    list.push_bind(status.as_str());
                }
                query.push(")");
            }
            if let Some(from) = filter.from {
                query.push(" AND s.ends_at > ").push_bind(from);
            }
            if let Some(to) = filter.to {
                query.push(" AND s.starts_at < ").push_bind(to);
            }
            if let Some(ended_by) = filter.ended_by {
                query.push(" AND s.ends_at <= ").push_bind(ended_by);
            }
            if let Some(kind) = filter.kind {
                query.push(" AND s.kind = ").push_bind(kind.as_str());
            }
            if let Some(region) = &filter.region {
                query.push(" AND EXISTS (SELECT 1 FROM invitations i WHERE i.session_id = s.id AND (i.region_code = ");
                query.push_bind(region.as_str().to_owned());
                if region.is_province() {
                    query.push(" OR i.region_code LIKE ").push_bind(format!("{region}.%"));
                } else {
                    query.push(" OR (i.with_regencies AND i.region_code = ");
                    query.push_bind(region.province().as_str().to_owned()).push(")");
                }
                query.push("))");
            }
            if filter.speaker.is_some() || filter.institution.is_some() {
                query.push(" AND EXISTS (SELECT 1 FROM session_speakers ss JOIN speakers sp ON sp.id = ss.speaker_id WHERE ss.session_id = s.id");
                if let Some(speaker) = filter.speaker {
                    query.push(" AND ss.speaker_id = ").push_bind(speaker.0);
                }
                if let Some(institution) = filter.institution {
                    query.push(" AND sp.institution_id = ").push_bind(institution.0);
                }
                if !filter.answers.is_empty() {
                    query.push(" AND ss.status IN (");
                    let mut list = query.separated(", ");
                    for answer in &filter.answers {
                        list.push_bind(answer.as_str());
                    }
                    query.push(")");
                }
                query.push(")");
            }
            query.push(if filter.newest_first {
                " ORDER BY s.starts_at DESC, s.id DESC"
            } else {
                " ORDER BY s.starts_at, s.id"
            });
            if let Some(limit) = filter.limit {
                query.push(" LIMIT ").push_bind(i64::from(limit));
            }
            query.build_query_as().fetch_all(pool).await?
        });
        rows.into_iter().map(SessionRecord::try_from).collect()
    }

    pub async fn invited_regions(&self, id: SessionId) -> Result<Vec<InvitedRegion>, StorageError> {
        let rows: Vec<(String, String, bool)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT i.region_code, r.name, i.with_regencies FROM invitations i
                 JOIN regions r ON r.code = i.region_code WHERE i.session_id = $1 ORDER BY i.region_code",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(code, name, with_regencies)| {
                let code = RegionCode::parse(&code)
                    .map_err(|_| StorageError::CorruptRow(format!("invitation region {code}")))?;
                Ok(InvitedRegion {
                    code,
                    name,
                    with_regencies,
                })
            })
            .collect()
    }

    /// Counts all sessions (any status): the demo loader only fills an empty database.
    pub async fn count_sessions(&self) -> Result<i64, StorageError> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(pool).await?
        }))
    }

    async fn check_venue_region(&self, details: &SessionDetails) -> Result<(), StorageError> {
        if let Some(code) = details.venue.as_ref().and_then(|v| v.region.as_ref())
            && self.region(code).await?.is_none()
        {
            let mut errors = ValidationErrors::default();
            errors.add(SessionField::VenueRegion, Problem::UnknownRegion);
            return Err(StorageError::Invalid(errors));
        }
        Ok(())
    }
}

/// An audit entry about a session (or a part of it: speakers, rundown, materials).
pub(super) fn session_event(
    id: SessionId,
    action: AuditAction,
    by: Actor,
    at: DateTime<Utc>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> NewAuditEvent {
    NewAuditEvent {
        session: Some(id),
        ..NewAuditEvent::about(SubjectKind::Session, id.0, action, by, at, before, after)
    }
}
