//! What calendar feeds read: the sessions of a feed with their speakers and rundown,
//! the counter that tells whether a built feed is still current, and the secrets of
//! private feeds.

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Utc};

use super::sessions::{SessionRow, select_sessions};
use super::sign_ins::{looks_like_secret, random_secret, sha256_hex};
use super::users::{SELECT_USER, UserRow};
use super::{Database, SessionRecord, StorageError, on_pool};
use crate::account::{Role, User, UserId};
use crate::calendar::{CalendarEvent, EventSlot, EventSpeaker, FeedScope};
use crate::session::{InvitationStatus, SessionFilter, SessionId, SessionStatus};

/// The secret of a private feed, in its address. `Debug` is redacted; the database
/// keeps its SHA-256 only, so it is shown once, when made.
#[derive(Clone, PartialEq, Eq)]
pub struct CalendarSecret(String);

impl CalendarSecret {
    /// A secret as it came in a feed address; anything of the wrong shape is `None`
    /// (and costs no database look-up).
    pub fn from_path(raw: &str) -> Option<Self> {
        looks_like_secret(raw).then(|| Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CalendarSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CalendarSecret(<redacted>)")
    }
}

impl Database {
    /// The counter every change shown in public feeds raises (database triggers).
    pub async fn calendar_version(&self) -> Result<i64, StorageError> {
        let version: i64 = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT version FROM calendar_changes WHERE id = 1")
                .fetch_one(pool)
                .await?
        });
        Ok(version)
    }

    /// The public sessions of a feed that end after `since`, in time order, without
    /// passcodes.
    pub async fn feed_events(
        &self,
        scope: &FeedScope,
        since: DateTime<Utc>,
    ) -> Result<Vec<CalendarEvent>, StorageError> {
        let mut filter = SessionFilter {
            from: Some(since),
            statuses: SessionStatus::PUBLIC.to_vec(),
            ..SessionFilter::default()
        };
        match scope {
            FeedScope::All => {}
            FeedScope::Kind(kind) => filter.kind = Some(*kind),
            FeedScope::Region(code) => filter.region = Some(code.clone()),
            FeedScope::Speaker(id) => {
                filter.speaker = Some(*id);
                // As on the speaker's public page: parts they have confirmed.
                filter.answers = vec![InvitationStatus::Confirmed];
            }
        }
        let records = self.sessions(&filter).await?;
        self.calendar_events(records).await
    }

    /// One public session as an event (`None` for drafts and unknown ids).
    pub async fn session_event_public(
        &self,
        id: SessionId,
    ) -> Result<Option<CalendarEvent>, StorageError> {
        let Some(record) = self.session(id).await? else {
            return Ok(None);
        };
        if !record.status.is_public() {
            return Ok(None);
        }
        Ok(self.calendar_events(vec![record]).await?.pop())
    }

    /// A user's private feed, ending after `since`:
    /// - with the passcode: sessions they created (organizers and admins) and sessions
    ///   they are a confirmed registrant of (by their e-mail);
    /// - without it: for a regional operator, every session inviting their region.
    pub async fn private_feed_events(
        &self,
        user: &User,
        since: DateTime<Utc>,
    ) -> Result<Vec<CalendarEvent>, StorageError> {
        let organizes = matches!(user.role, Role::Admin | Role::Organizer);
        let sql = format!(
            "{} WHERE s.status IN ('published', 'cancelled', 'completed') AND s.ends_at > $1
               AND (($2 AND s.created_by = $3)
                    OR EXISTS (SELECT 1 FROM registrations g WHERE g.session_id = s.id
                               AND g.email = $4 AND g.status = 'confirmed'))
             ORDER BY s.starts_at, s.id",
            select_sessions(true)
        );
        let rows: Vec<SessionRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(since)
                .bind(organizes)
                .bind(user.id.0)
                .bind(user.email.as_str())
                .fetch_all(pool)
                .await?
        });
        let mut records = rows
            .into_iter()
            .map(SessionRecord::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        if let Role::Operator(region) = &user.role {
            let known: HashSet<SessionId> = records.iter().map(|record| record.id).collect();
            let invited = self
                .sessions(&SessionFilter {
                    from: Some(since),
                    statuses: SessionStatus::PUBLIC.to_vec(),
                    region: Some(region.clone()),
                    ..SessionFilter::default()
                })
                .await?;
            records.extend(
                invited
                    .into_iter()
                    .filter(|record| !known.contains(&record.id)),
            );
            records.sort_by_key(|record| (record.details.time.start(), record.id));
        }
        self.calendar_events(records).await
    }

    /// Sessions with their confirmed speakers (as the public session page lists them)
    /// and rundown: two queries for all of them, whatever their number.
    async fn calendar_events(
        &self,
        records: Vec<SessionRecord>,
    ) -> Result<Vec<CalendarEvent>, StorageError> {
        let ids: Vec<SessionId> = records.iter().map(|record| record.id).collect();
        let mut speakers = self.speakers_of_sessions(&ids).await?;
        let mut rundowns = self.rundowns_of_sessions(&ids).await?;
        Ok(records
            .into_iter()
            .map(|record| CalendarEvent {
                session: record.id,
                status: record.status,
                revision: record.revision,
                speakers: speakers
                    .remove(&record.id)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|part| part.status == InvitationStatus::Confirmed)
                    .map(|part| EventSpeaker {
                        name: part.name,
                        institution: part.institution.map(|(_, name)| name),
                        role: part.role,
                        topic: part.topic,
                    })
                    .collect(),
                rundown: rundowns
                    .remove(&record.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|slot| EventSlot {
                        time: slot.time,
                        title: slot.title,
                        speakers: slot.speakers.into_iter().map(|(_, name)| name).collect(),
                    })
                    .collect(),
                details: record.details,
                venue_region_name: record.venue_region_name,
                created_at: record.created_at,
                updated_at: record.updated_at,
            })
            .collect())
    }

    /// Makes a new private-feed secret for the user, replacing (and so revoking) any
    /// earlier one.
    pub async fn renew_calendar_secret(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<CalendarSecret, StorageError> {
        let secret = CalendarSecret(random_secret());
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash,
                     created_at = excluded.created_at",
            )
            .bind(user.0)
            .bind(sha256_hex(secret.expose()))
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(secret)
    }

    /// Stops the user's private feed. `false` when they had none.
    pub async fn revoke_calendar_secret(&self, user: UserId) -> Result<bool, StorageError> {
        let removed = on_pool!(self, pool => {
            sqlx::query("DELETE FROM calendar_tokens WHERE user_id = $1")
                .bind(user.0)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(removed > 0)
    }

    /// When the user's current private-feed secret was made, if they have one.
    pub async fn calendar_secret_made(
        &self,
        user: UserId,
    ) -> Result<Option<DateTime<Utc>>, StorageError> {
        let made: Option<DateTime<Utc>> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT created_at FROM calendar_tokens WHERE user_id = $1")
                .bind(user.0)
                .fetch_optional(pool)
                .await?
        });
        Ok(made)
    }

    /// The enabled user a private feed belongs to; `None` for an unknown or revoked
    /// secret and for a disabled user.
    pub async fn user_by_calendar_secret(
        &self,
        secret: &CalendarSecret,
    ) -> Result<Option<User>, StorageError> {
        let sql = format!(
            "{SELECT_USER} JOIN calendar_tokens t ON t.user_id = u.id
             WHERE t.token_hash = $1 AND u.disabled_at IS NULL"
        );
        let row: Option<UserRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(sha256_hex(secret.expose()))
                .fetch_optional(pool)
                .await?
        });
        row.map(|row| row.into_user().map(|(user, _)| user))
            .transpose()
    }
}
