//! Check-ins, the attendance list, online minutes and the online check-in window.
//!
//! A check-in first writes the person's `attendance` row (the write lock on SQLite,
//! the row lock on PostgreSQL), then reads their earlier check-ins: two scans of the
//! same code at the same moment are answered "new" once and "already" once.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::json;
use sqlx::QueryBuilder;

use super::audit::insert_audit;
use super::registrations::{Purpose, RegistrationRow, SELECT_REGISTRATIONS};
use super::sessions::session_event;
use super::sign_ins::random_bytes;
use super::{Database, IN_LIST_MAX, StorageError, on_pool};
use crate::account::Actor;
use crate::attendance::{
    AttendanceStatus, CERTIFICATE_CODE_LENGTH, CertificateCode, CheckInAnswer, CheckInMethod,
    CheckInRefusal, Mark, OnlineCheckIn, gives_certificates, status_of,
};
use crate::audit::AuditAction;
use crate::registration::{
    CheckInCode, RegistrationDetails, RegistrationId, RegistrationSource, RegistrationStatus,
};
use crate::session::{SessionId, SessionStatus};

use super::{Registrar, RegistrarScope, RegistrationRecord};

/// Whom a check-in is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckInTarget {
    /// The code on the registrant's confirmation (scanned or typed).
    Code(CheckInCode),
    /// Found on the check-in page by name or NIP.
    Registration(RegistrationId),
}

/// One registration in the attendance list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceLine {
    pub registration: RegistrationRecord,
    /// The organizer's word, if they gave it.
    pub mark: Option<AttendanceStatus>,
    /// Why an excused person was away.
    pub reason: String,
    /// Every check-in, first first.
    pub check_ins: Vec<DateTime<Utc>>,
    pub online_minutes: u32,
    pub first_online_at: Option<DateTime<Utc>>,
    /// What the list states: the mark, else what the check-ins and minutes say.
    pub status: AttendanceStatus,
}

/// A certificate found by its code, for the public verification page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedCertificate {
    pub code: CertificateCode,
    pub name: String,
    pub session: SessionId,
    pub issued_at: DateTime<Utc>,
    /// The person is still a confirmed registrant marked present, of a session that
    /// was not cancelled.
    pub valid: bool,
}

fn new_certificate_code() -> CertificateCode {
    CertificateCode::from_random(random_bytes::<CERTIFICATE_CODE_LENGTH>())
}

/// Writes one check-in, and the first one's time on the person's attendance row
/// (made if missing), which the participation report reads; `$by` is the user id
/// column (`Option<i64>`).
macro_rules! insert_check_in {
    ($executor:expr, $session:expr, $registration:expr, $method:expr, $by:expr, $now:expr) => {{
        sqlx::query(
            "INSERT INTO check_ins (session_id, registration_id, method, at, by_user) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind($session.0)
        .bind($registration)
        .bind($method.as_str())
        .bind($now)
        .bind($by)
        .execute(&mut *$executor)
        .await?;
        sqlx::query(
            "INSERT INTO attendance (registration_id, session_id, checked_in_at, updated_at) VALUES ($1, $2, $3, $3)
             ON CONFLICT (registration_id) DO UPDATE
             SET checked_in_at = COALESCE(attendance.checked_in_at, excluded.checked_in_at)",
        )
        .bind($registration)
        .bind($session.0)
        .bind($now)
        .execute(&mut *$executor)
        .await?
    }};
}
pub(super) use insert_check_in;

#[derive(sqlx::FromRow)]
struct CheckInFacts {
    id: i64,
    session_id: i64,
    status: String,
    mode: String,
    session_status: String,
    title: String,
    online_check_in: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

/// A row of `attendance`.
#[derive(sqlx::FromRow)]
struct MarkRow {
    registration_id: i64,
    mark: Option<String>,
    reason: String,
    online_minutes: i64,
    first_online_at: Option<DateTime<Utc>>,
}

const CHECK_IN_FACTS: &str =
    "SELECT g.id, g.session_id, g.status, g.mode, s.status AS session_status, s.title,
        s.online_check_in, s.starts_at, s.ends_at
     FROM registrations g JOIN sessions s ON s.id = g.session_id";

/// A registrant's first check-in (in a check-in's transaction, and outside).
const FIRST_CHECK_IN: &str =
    "SELECT at FROM check_ins WHERE registration_id = $1 ORDER BY at LIMIT 1";

impl Database {
    /// Checks a registrant in (every check-in is kept). Refused for an unknown code,
    /// a code of another session, a cancelled registration, a session that is not
    /// published or completed, and online outside the window. A waitlisted person
    /// who comes is admitted: they are confirmed.
    pub async fn check_in(
        &self,
        session: SessionId,
        target: &CheckInTarget,
        method: CheckInMethod,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<CheckInAnswer, StorageError> {
        // As stored (PostgreSQL keeps microseconds), so the answer's times match
        // what later reads say.
        let now = now.trunc_subsecs(6);
        let refuse = |refusal| Err(StorageError::CheckIn(refusal));
        let facts: Option<CheckInFacts> = on_pool!(self, pool => match target {
            CheckInTarget::Code(code) => sqlx::query_as(&format!("{CHECK_IN_FACTS} WHERE g.check_in_code = $1"))
                .bind(code.as_str()).fetch_optional(pool).await?,
            CheckInTarget::Registration(id) => sqlx::query_as(&format!("{CHECK_IN_FACTS} WHERE g.id = $1"))
                .bind(id.0).fetch_optional(pool).await?,
        });
        let Some(facts) = facts else {
            return match target {
                CheckInTarget::Code(_) => refuse(CheckInRefusal::UnknownCode),
                CheckInTarget::Registration(_) => Err(StorageError::NotFound),
            };
        };
        if facts.session_id != session.0 {
            return match target {
                CheckInTarget::Code(_) => {
                    refuse(CheckInRefusal::OtherSession { title: facts.title })
                }
                CheckInTarget::Registration(_) => Err(StorageError::NotFound),
            };
        }
        let open = [SessionStatus::Published, SessionStatus::Completed]
            .iter()
            .any(|s| s.as_str() == facts.session_status);
        if !open {
            return refuse(CheckInRefusal::SessionNotOpen);
        }
        if method == CheckInMethod::Online {
            let window =
                OnlineCheckIn::parse(&facts.online_check_in).unwrap_or(OnlineCheckIn::Auto);
            if facts.mode != "daring" || !window.accepts(now, facts.starts_at, facts.ends_at) {
                return refuse(CheckInRefusal::OnlineClosed);
            }
        }
        if facts.status == RegistrationStatus::Cancelled.as_str() {
            return refuse(CheckInRefusal::Cancelled);
        }
        if method == CheckInMethod::Online
            && facts.status == RegistrationStatus::Waitlisted.as_str()
        {
            return refuse(CheckInRefusal::Waitlisted);
        }
        let registration = facts.id;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO attendance (registration_id, session_id, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (registration_id) DO UPDATE SET updated_at = excluded.updated_at",
            )
            .bind(registration)
            .bind(session.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            // Read again under the lock: the registration may have been cancelled or
            // confirmed since.
            let status: String = sqlx::query_scalar("SELECT status FROM registrations WHERE id = $1")
                .bind(registration)
                .fetch_one(&mut *tx)
                .await?;
            let admitted = status == RegistrationStatus::Waitlisted.as_str();
            if status == RegistrationStatus::Cancelled.as_str() {
                return refuse(CheckInRefusal::Cancelled);
            }
            if admitted {
                sqlx::query("UPDATE registrations SET status = 'confirmed', updated_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(registration)
                    .execute(&mut *tx)
                    .await?;
                let event = session_event(session, AuditAction::RegistrationChanged, by, now,
                    Some(json!({ "registration": registration, "status": "waitlisted" })),
                    Some(json!({ "registration": registration, "status": "confirmed", "checked_in": true })));
                insert_audit!(&mut *tx, &event)?;
            }
            let first: Option<DateTime<Utc>> = sqlx::query_scalar(FIRST_CHECK_IN)
            .bind(registration)
            .fetch_optional(&mut *tx)
            .await?;
            insert_check_in!(tx, session, registration, method, by.user().map(|user| user.0), now);
            tx.commit().await?;
            Ok(CheckInAnswer {
                registration: RegistrationId(registration),
                new: first.is_none(),
                first_at: first.unwrap_or(now),
                at: now,
                admitted_from_waitlist: admitted,
            })
        })
    }

    /// Registers people at the door of a published session, confirmed (seats or
    /// not: they are in the room) and checked in, in one transaction; the same
    /// checks as any registration otherwise (already registered, region known).
    pub async fn walk_in(
        &self,
        session: SessionId,
        details: &RegistrationDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StorageError> {
        let registrar = Registrar {
            by,
            source: RegistrationSource::WalkIn,
            scope: RegistrarScope::Organizer,
        };
        let (ids, _) = self
            .register_or_check(
                session,
                &[(1, details.clone())],
                &registrar,
                now,
                Purpose::WalkIn,
            )
            .await?;
        self.registrations_by_ids(&ids)
            .await?
            .into_iter()
            .next()
            .ok_or(StorageError::NotFound)
    }

    /// Live registrations of a session whose name contains `query` (any case) or
    /// whose NIP starts with its digits, best first, at most `limit`, each with its
    /// first check-in.
    pub async fn find_registrants(
        &self,
        session: SessionId,
        query: &str,
        limit: u32,
    ) -> Result<Vec<(RegistrationRecord, Option<DateTime<Utc>>)>, StorageError> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let escaped: String = query
            .to_lowercase()
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        let rows: Vec<RegistrationRow> = on_pool!(self, pool => {
            let mut sql = QueryBuilder::new(format!("{SELECT_REGISTRATIONS} WHERE g.session_id = "));
            sql.push_bind(session.0);
            sql.push(" AND g.status <> 'cancelled' AND (LOWER(g.name) LIKE ")
                .push_bind(format!("%{escaped}%"))
                .push(" ESCAPE '\\'");
            if digits.len() >= 4 && digits.len() == query.chars().filter(|c| !c.is_whitespace()).count() {
                sql.push(" OR g.nip LIKE ").push_bind(format!("{digits}%"));
            }
            sql.push(") ORDER BY CASE WHEN LOWER(g.name) LIKE ")
                .push_bind(format!("{escaped}%"))
                .push(" ESCAPE '\\' THEN 0 ELSE 1 END, g.name, g.id LIMIT ")
                .push_bind(i64::from(limit));
            sql.build_query_as().fetch_all(pool).await?
        });
        let records = rows
            .into_iter()
            .map(RegistrationRecord::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        let ids: Vec<i64> = records.iter().map(|r| r.id.0).collect();
        let firsts = self.first_check_ins(&ids).await?;
        Ok(records
            .into_iter()
            .map(|r| {
                let first = firsts.get(&r.id.0).copied();
                (r, first)
            })
            .collect())
    }

    /// One registrant's attendance, as the list states it.
    pub async fn attendance_status(
        &self,
        registration: RegistrationId,
    ) -> Result<AttendanceStatus, StorageError> {
        let mark: Option<(Option<String>, i64)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT mark, online_minutes FROM attendance WHERE registration_id = $1")
                .bind(registration.0)
                .fetch_optional(pool)
                .await?
        });
        let checked_in = self.first_check_in(registration).await?.is_some();
        let (mark, minutes) = mark.unwrap_or_default();
        Ok(status_of(
            mark.as_deref().and_then(AttendanceStatus::parse),
            checked_in,
            u32::try_from(minutes).unwrap_or(0),
        ))
    }

    /// A registrant's first check-in, if any.
    pub async fn first_check_in(
        &self,
        registration: RegistrationId,
    ) -> Result<Option<DateTime<Utc>>, StorageError> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(FIRST_CHECK_IN)
                .bind(registration.0)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The first check-in of each of these registrations that has one.
    async fn first_check_ins(
        &self,
        registrations: &[i64],
    ) -> Result<HashMap<i64, DateTime<Utc>>, StorageError> {
        let mut firsts = HashMap::new();
        for chunk in registrations.chunks(IN_LIST_MAX) {
            let rows: Vec<(i64, DateTime<Utc>)> = on_pool!(self, pool => {
                let mut query = QueryBuilder::new(
                    "SELECT registration_id, MIN(at) FROM check_ins WHERE registration_id IN (",
                );
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(") GROUP BY registration_id");
                query.build_query_as().fetch_all(pool).await?
            });
            firsts.extend(rows);
        }
        Ok(firsts)
    }

    /// How many of a session's live registrants have checked in, and how many are
    /// confirmed: `(checked_in, expected)`, for the door's counter.
    pub async fn check_in_counts(&self, session: SessionId) -> Result<(i64, i64), StorageError> {
        Ok(on_pool!(self, pool => {
            let checked_in: i64 = sqlx::query_scalar(
                "SELECT COUNT(DISTINCT c.registration_id) FROM check_ins c
                 JOIN registrations g ON g.id = c.registration_id
                 WHERE c.session_id = $1 AND g.status <> 'cancelled'",
            )
            .bind(session.0)
            .fetch_one(pool)
            .await?;
            let expected: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND status = 'confirmed'",
            )
            .bind(session.0)
            .fetch_one(pool)
            .await?;
            (checked_in, expected)
        }))
    }

    /// The attendance list: every confirmed registration (and waitlisted ones, last),
    /// in the order they registered, with its check-ins, minutes and mark.
    pub async fn attendance(
        &self,
        session: SessionId,
    ) -> Result<Vec<AttendanceLine>, StorageError> {
        let registrations = self.registrations(session, None).await?;
        let (check_ins, marks): (Vec<(i64, DateTime<Utc>)>, Vec<MarkRow>) = on_pool!(self, pool => {
            let check_ins = sqlx::query_as("SELECT registration_id, at FROM check_ins WHERE session_id = $1 ORDER BY at, id")
                .bind(session.0)
                .fetch_all(pool)
                .await?;
            let marks = sqlx::query_as(
                "SELECT registration_id, mark, reason, online_minutes, first_online_at FROM attendance WHERE session_id = $1",
            )
            .bind(session.0)
            .fetch_all(pool)
            .await?;
            (check_ins, marks)
        });
        let mut times: HashMap<i64, Vec<DateTime<Utc>>> = HashMap::new();
        for (registration, at) in check_ins {
            times.entry(registration).or_default().push(at);
        }
        let mut marks: HashMap<i64, MarkRow> =
            marks.into_iter().map(|m| (m.registration_id, m)).collect();
        let mut lines: Vec<AttendanceLine> = registrations
            .into_iter()
            .filter(|r| r.status != RegistrationStatus::Cancelled)
            .map(|registration| {
                let id = registration.id.0;
                let mark_row = marks.remove(&id);
                let mark = mark_row
                    .as_ref()
                    .and_then(|m| m.mark.as_deref())
                    .and_then(AttendanceStatus::parse);
                let check_ins = times.remove(&id).unwrap_or_default();
                let online_minutes = mark_row
                    .as_ref()
                    .map_or(0, |m| u32::try_from(m.online_minutes).unwrap_or(0));
                AttendanceLine {
                    status: status_of(mark, !check_ins.is_empty(), online_minutes),
                    registration,
                    mark,
                    reason: mark_row
                        .as_ref()
                        .map(|m| m.reason.clone())
                        .unwrap_or_default(),
                    check_ins,
                    online_minutes,
                    first_online_at: mark_row.and_then(|m| m.first_online_at),
                }
            })
            .collect();
        lines.sort_by_key(|l| l.registration.status == RegistrationStatus::Waitlisted);
        Ok(lines)
    }

    /// Sets (or, with no status, clears) the organizer's mark for a registration of
    /// `session`; the change goes to the audit trail (the reason stays in the list).
    pub async fn mark_attendance(
        &self,
        session: SessionId,
        registration: RegistrationId,
        mark: &Mark,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let found = self.registration(registration).await?;
        if found.is_none_or(|r| r.session != session || r.status == RegistrationStatus::Cancelled) {
            return Err(StorageError::NotFound);
        }
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO attendance (registration_id, session_id, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (registration_id) DO UPDATE SET updated_at = excluded.updated_at",
            )
            .bind(registration.0)
            .bind(session.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let (before, had_reason): (Option<String>, String) =
                sqlx::query_as("SELECT mark, reason FROM attendance WHERE registration_id = $1")
                    .bind(registration.0)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query("UPDATE attendance SET mark = $1, reason = $2, updated_at = $3 WHERE registration_id = $4")
                .bind(mark.status.map(AttendanceStatus::as_str))
                .bind(&mark.reason)
                .bind(now)
                .bind(registration.0)
                .execute(&mut *tx)
                .await?;
            let event = session_event(session, AuditAction::AttendanceMarked, by, now,
                Some(json!({ "registration": registration.0, "mark": before, "has_reason": !had_reason.is_empty() })),
                Some(json!({ "registration": registration.0, "mark": mark.status.map(AttendanceStatus::as_str), "has_reason": !mark.reason.is_empty() })));
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records the minutes each registrant was seen in the online meeting (from a
    /// Zoom report), replacing what an earlier import said for them; all or none.
    /// `minutes` pairs a registration with its minutes and first join.
    pub async fn record_online_minutes(
        &self,
        session: SessionId,
        minutes: &[(RegistrationId, u32, Option<DateTime<Utc>>)],
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let live: std::collections::HashSet<i64> = self
            .registrations(session, None)
            .await?
            .into_iter()
            .filter(|r| r.status != RegistrationStatus::Cancelled)
            .map(|r| r.id.0)
            .collect();
        if minutes.iter().any(|(id, ..)| !live.contains(&id.0)) {
            return Err(StorageError::NotFound);
        }
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (registration, count, first) in minutes {
                sqlx::query(
                    "INSERT INTO attendance (registration_id, session_id, online_minutes, first_online_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (registration_id) DO UPDATE SET online_minutes = excluded.online_minutes,
                         first_online_at = excluded.first_online_at, updated_at = excluded.updated_at",
                )
                .bind(registration.0)
                .bind(session.0)
                .bind(i64::from(*count))
                .bind(*first)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            let total: u64 = minutes.iter().map(|(_, m, _)| u64::from(*m)).sum();
            let event = session_event(session, AuditAction::OnlineMinutesImported, by, now, None,
                Some(json!({ "registrations": minutes.iter().map(|(id, ..)| id.0).collect::<Vec<_>>(), "minutes": total })));
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Whether online participants may check themselves in now.
    pub async fn online_check_in(&self, session: SessionId) -> Result<OnlineCheckIn, StorageError> {
        let raw: Option<String> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT online_check_in FROM sessions WHERE id = $1")
                .bind(session.0)
                .fetch_optional(pool)
                .await?
        });
        let raw = raw.ok_or(StorageError::NotFound)?;
        OnlineCheckIn::parse(&raw)
            .ok_or_else(|| StorageError::CorruptRow(format!("session {session} online_check_in")))
    }

    /// Opens, closes, or gives back to the clock the online check-in of a session.
    pub async fn set_online_check_in(
        &self,
        session: SessionId,
        window: OnlineCheckIn,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let before = self.online_check_in(session).await?;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE sessions SET online_check_in = $1 WHERE id = $2")
                .bind(window.as_str())
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            let event = session_event(session, AuditAction::OnlineCheckInChanged, by, now,
                Some(json!({ "online_check_in": before.as_str() })),
                Some(json!({ "online_check_in": window.as_str() })));
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The certificates of a webinar's registrants who were present (or of one of
    /// them), each made with its code the first time it is asked for; empty for other
    /// kinds of session.
    pub async fn issue_certificates(
        &self,
        session: SessionId,
        only: Option<RegistrationId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<(RegistrationRecord, CertificateCode)>, StorageError> {
        let record = self.session(session).await?.ok_or(StorageError::NotFound)?;
        if !gives_certificates(record.details.kind) || record.status == SessionStatus::Cancelled {
            return Ok(Vec::new());
        }
        // One participant's download reads their own attendance, not the session's list.
        let present: Vec<RegistrationRecord> = match only {
            Some(id) => {
                let person = self
                    .registration(id)
                    .await?
                    .filter(|r| r.session == session && r.status == RegistrationStatus::Confirmed);
                match person {
                    Some(person)
                        if self.attendance_status(id).await? == AttendanceStatus::Present =>
                    {
                        vec![person]
                    }
                    _ => Vec::new(),
                }
            }
            None => self
                .attendance(session)
                .await?
                .into_iter()
                .filter(|l| {
                    l.registration.status == RegistrationStatus::Confirmed
                        && l.status == AttendanceStatus::Present
                })
                .map(|l| l.registration)
                .collect(),
        };
        let ids: Vec<i64> = present.iter().map(|r| r.id.0).collect();
        let mut codes: HashMap<i64, String> = HashMap::new();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for id in &ids {
                sqlx::query(
                    "INSERT INTO certificates (registration_id, code, issued_at) VALUES ($1, $2, $3)
                     ON CONFLICT (registration_id) DO NOTHING",
                )
                .bind(*id)
                .bind(new_certificate_code().as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            for chunk in ids.chunks(IN_LIST_MAX) {
                let mut query = QueryBuilder::new(
                    "SELECT registration_id, code FROM certificates WHERE registration_id IN (",
                );
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(")");
                let rows: Vec<(i64, String)> = query.build_query_as().fetch_all(&mut *tx).await?;
                codes.extend(rows);
            }
            tx.commit().await?;
        });
        present
            .into_iter()
            .map(|person| {
                let code = codes
                    .get(&person.id.0)
                    .and_then(|c| CertificateCode::parse(c))
                    .ok_or_else(|| {
                        StorageError::CorruptRow(format!("certificate of {}", person.id.0))
                    })?;
                Ok((person, code))
            })
            .collect()
    }

    /// A certificate by its code, and whether it still stands.
    pub async fn verify_certificate(
        &self,
        code: &CertificateCode,
    ) -> Result<Option<VerifiedCertificate>, StorageError> {
        let row: Option<(i64, i64, String, String, DateTime<Utc>)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT g.id, g.session_id, g.name, g.status, c.issued_at FROM certificates c
                 JOIN registrations g ON g.id = c.registration_id WHERE c.code = $1",
            )
            .bind(code.as_str())
            .fetch_optional(pool)
            .await?
        });
        let Some((registration, session, name, status, issued_at)) = row else {
            return Ok(None);
        };
        let session = SessionId(session);
        let cancelled = self
            .session(session)
            .await?
            .is_none_or(|s| s.status == SessionStatus::Cancelled);
        let present = self.attendance_status(RegistrationId(registration)).await?
            == AttendanceStatus::Present;
        Ok(Some(VerifiedCertificate {
            code: code.clone(),
            name,
            session,
            issued_at,
            valid: !cancelled && present && status == RegistrationStatus::Confirmed.as_str(),
        }))
    }
}
