//! Invitations with quotas, registrations, the waitlist and the public link.
//!
//! Every write that can take or free a seat starts its transaction by raising the
//! session's `registration_version`. That first write takes SQLite's write lock (the
//! busy timeout queues the others) or the session row's lock on PostgreSQL, so the
//! seats are counted and taken by one transaction at a time per session: capacity and
//! quotas hold however many offices register in the same second.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::QueryBuilder;

use super::audit::insert_audit;
use super::sessions::session_event;
use super::sign_ins::{random_bytes, random_secret};
use super::{Database, IN_LIST_MAX, StorageError, on_pool};
use crate::account::{Actor, EmailAddress};
use crate::attendance::CheckInMethod;
use crate::audit::AuditAction;
use crate::region::RegionCode;
use crate::registration::{
    AttendanceMode, CHECK_IN_LENGTH, CheckInCode, Invitation, Nip, RegistrationDetails,
    RegistrationField, RegistrationId, RegistrationRefusal, RegistrationSource, RegistrationStatus,
    RowProblem, SeatBook,
};
use crate::session::{SessionId, SessionMode, SessionStatus};
use crate::validation::Problem;

/// A stored registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRecord {
    pub id: RegistrationId,
    pub session: SessionId,
    pub details: RegistrationDetails,
    pub region_name: String,
    pub status: RegistrationStatus,
    pub check_in_code: CheckInCode,
    /// The secret of the registrant's private confirmation link.
    pub private_token: String,
    pub source: RegistrationSource,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Who registers, which decides the regions they may register and whether the
/// deadline binds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registrar {
    pub by: Actor,
    pub source: RegistrationSource,
    pub scope: RegistrarScope,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrarScope {
    /// A regional operator: people of their own region (a province's covers its
    /// regencies) that the session invites, until the deadline.
    Region(RegionCode),
    /// Organizers and admins: anyone, also after the deadline (late additions).
    Organizer,
    /// The public link: anyone, until the deadline.
    Public,
}

impl RegistrarScope {
    /// Whether people of `region` are the registrar's to register and see.
    pub fn covers(&self, region: &RegionCode) -> bool {
        match self {
            Self::Region(own) if own.is_province() => region.province() == *own,
            Self::Region(own) => own == region,
            Self::Organizer | Self::Public => true,
        }
    }
}

/// When registration closes and whether the public link is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationSettings {
    /// `None`: registration closes when the session starts.
    pub closes_at: Option<DateTime<Utc>>,
    /// The secret of the open public link; `None` while closed.
    pub public_link: Option<String>,
}

/// What [`Database::register_or_check`] is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    /// Report problems and statuses, keep nothing (a preview).
    Check,
    Save,
    /// Save as confirmed and checked in (people registered at the door).
    WalkIn,
}

/// What the registration lock answers: the facts about the session that decide.
#[derive(sqlx::FromRow)]
struct LockedSession {
    status: String,
    mode: String,
    starts_at: DateTime<Utc>,
    registration_closes_at: Option<DateTime<Utc>>,
    capacity_onsite: Option<i64>,
    capacity_online: Option<i64>,
}

impl LockedSession {
    fn open_until(&self) -> DateTime<Utc> {
        self.registration_closes_at.unwrap_or(self.starts_at)
    }

    fn accepts(&self, scope: &RegistrarScope, now: DateTime<Utc>) -> bool {
        let published = self.status == SessionStatus::Published.as_str();
        published && (matches!(scope, RegistrarScope::Organizer) || now < self.open_until())
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct RegistrationRow {
    id: i64,
    session_id: i64,
    region_code: String,
    region_name: String,
    name: String,
    nip: Option<String>,
    position: String,
    office: String,
    email: Option<String>,
    phone: Option<String>,
    mode: String,
    status: String,
    check_in_code: String,
    private_token: String,
    source: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

pub(super) const SELECT_REGISTRATIONS: &str = "SELECT g.id, g.session_id, g.region_code, r.name AS region_name, g.name, g.nip, g.position, g.office, g.email, g.phone, g.mode, g.status, g.check_in_code, g.private_token, g.source, g.created_at, g.updated_at
     FROM registrations g JOIN regions r ON r.code = g.region_code";

impl TryFrom<RegistrationRow> for RegistrationRecord {
    type Error = StorageError;
    fn try_from(row: RegistrationRow) -> Result<Self, Self::Error> {
        let corrupt =
            |what: &str| StorageError::CorruptRow(format!("registration {} {what}", row.id));
        Ok(Self {
            id: RegistrationId(row.id),
            session: SessionId(row.session_id),
            details: RegistrationDetails {
                name: row.name.clone(),
                nip: row
                    .nip
                    .as_deref()
                    .map(Nip::parse)
                    .transpose()
                    .map_err(|_| corrupt("nip"))?,
                position: row.position.clone(),
                office: row.office.clone(),
                email: row
                    .email
                    .as_deref()
                    .map(EmailAddress::parse)
                    .transpose()
                    .map_err(|_| corrupt("email"))?,
                phone: row.phone.clone(),
                mode: AttendanceMode::parse(&row.mode).ok_or_else(|| corrupt("mode"))?,
                region: RegionCode::parse(&row.region_code).map_err(|_| corrupt("region"))?,
            },
            region_name: row.region_name.clone(),
            status: RegistrationStatus::parse(&row.status).ok_or_else(|| corrupt("status"))?,
            check_in_code: CheckInCode::parse(&row.check_in_code)
                .ok_or_else(|| corrupt("check-in code"))?,
            private_token: row.private_token.clone(),
            source: RegistrationSource::parse(&row.source).ok_or_else(|| corrupt("source"))?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn new_check_in_code() -> CheckInCode {
    CheckInCode::from_random(random_bytes::<CHECK_IN_LENGTH>())
}

fn capacity(raw: Option<i64>) -> Option<u32> {
    raw.and_then(|c| u32::try_from(c).ok())
}

fn quota_column(raw: Option<i64>) -> Option<u32> {
    raw.and_then(|q| u32::try_from(q).ok())
}

/// A person's NIP and e-mail as stored (the keys of the unique indexes).
fn keys_of(details: &RegistrationDetails) -> (Option<&str>, Option<&str>) {
    (
        details.nip.as_ref().map(Nip::as_str),
        details.email.as_ref().map(EmailAddress::as_str),
    )
}

/// Takes the session's registration lock and reads what decides (see the module's
/// documentation); `None` when the session does not exist.
macro_rules! lock_session {
    ($tx:expr, $session:expr) => {
        sqlx::query_as::<_, LockedSession>(
            "UPDATE sessions SET registration_version = registration_version + 1 WHERE id = $1
             RETURNING status, mode, starts_at, registration_closes_at, capacity_onsite, capacity_online",
        )
        .bind($session.0)
        .fetch_optional(&mut *$tx)
        .await?
    };
}

/// The seat book of a session with these capacities, read with `$executor` (the
/// registration's transaction, or the pool for a dashboard).
macro_rules! seat_book {
    ($executor:expr, $session:expr, ($onsite:expr, $online:expr)) => {{
        let invitations: Vec<(String, bool, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT region_code, with_regencies, quota_luring, quota_daring FROM invitations
             WHERE session_id = $1 ORDER BY region_code",
        )
        .bind($session.0)
        .fetch_all($executor)
        .await?;
        let confirmed: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT region_code, mode, COUNT(*) FROM registrations
             WHERE session_id = $1 AND status = 'confirmed' GROUP BY region_code, mode",
        )
        .bind($session.0)
        .fetch_all($executor)
        .await?;
        build_seat_book($onsite, $online, invitations, confirmed)?
    }};
}

fn build_seat_book(
    capacity_onsite: Option<i64>,
    capacity_online: Option<i64>,
    invitations: Vec<(String, bool, Option<i64>, Option<i64>)>,
    confirmed: Vec<(String, String, i64)>,
) -> Result<SeatBook, StorageError> {
    let region = |code: &str| {
        RegionCode::parse(code).map_err(|_| StorageError::CorruptRow(format!("region {code}")))
    };
    let invitations = invitations
        .into_iter()
        .map(|(code, with_regencies, luring, daring)| {
            Ok(Invitation {
                region: region(&code)?,
                with_regencies,
                quota_luring: quota_column(luring),
                quota_daring: quota_column(daring),
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    let confirmed = confirmed
        .into_iter()
        .map(|(code, mode, count)| {
            let mode = AttendanceMode::parse(&mode)
                .ok_or_else(|| StorageError::CorruptRow(format!("mode {mode}")))?;
            Ok((
                region(&code)?,
                mode,
                u32::try_from(count).unwrap_or(u32::MAX),
            ))
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    Ok(SeatBook::new(
        capacity(capacity_onsite),
        capacity(capacity_online),
        invitations,
        confirmed,
    ))
}

/// Confirms, in order of registration, every waitlisted person of `$mode` who now
/// fits; answers the ids promoted.
macro_rules! promote_waiting {
    ($tx:expr, $session:expr, $book:expr, $mode:expr, $now:expr) => {{
        let waiting: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, region_code FROM registrations
             WHERE session_id = $1 AND status = 'waitlisted' AND mode = $2 ORDER BY id",
        )
        .bind($session.0)
        .bind($mode.as_str())
        .fetch_all(&mut *$tx)
        .await?;
        let mut promoted: Vec<i64> = Vec::new();
        for (id, code) in waiting {
            let Ok(region) = RegionCode::parse(&code) else {
                continue;
            };
            if $book.take(&region, $mode) == RegistrationStatus::Confirmed {
                sqlx::query(
                    "UPDATE registrations SET status = 'confirmed', updated_at = $1 WHERE id = $2",
                )
                .bind($now)
                .bind(id)
                .execute(&mut *$tx)
                .await?;
                promoted.push(id);
            }
        }
        promoted
    }};
}

impl Database {
    /// The regions a session invites, with their quotas.
    pub async fn invitations(&self, session: SessionId) -> Result<Vec<Invitation>, StorageError> {
        Ok(self.seat_book(session).await?.invitations().to_vec())
    }

    /// The seats of a session as they stand (for dashboards; registration itself
    /// reads them under the lock).
    pub async fn seat_book(&self, session: SessionId) -> Result<SeatBook, StorageError> {
        Ok(on_pool!(self, pool => {
            let capacities: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
                "SELECT capacity_onsite, capacity_online FROM sessions WHERE id = $1",
            )
            .bind(session.0)
            .fetch_optional(pool)
            .await?;
            let (onsite, online) = capacities.ok_or(StorageError::NotFound)?;
            seat_book!(pool, session, (onsite, online))
        }))
    }

    /// Registers people, all or none: every row is checked (region known, invited and
    /// the registrar's own where that applies; the same person neither twice in the
    /// batch nor already registered), then each gets a seat of its mode or a place
    /// on the waitlist, in order. `rows` pairs each person with the row number that
    /// problems should name.
    pub async fn register(
        &self,
        session: SessionId,
        rows: &[(usize, RegistrationDetails)],
        registrar: &Registrar,
        now: DateTime<Utc>,
    ) -> Result<Vec<RegistrationRecord>, StorageError> {
        let (ids, _) = self
            .register_or_check(session, rows, registrar, now, Purpose::Save)
            .await?;
        self.registrations_by_ids(&ids).await
    }

    /// Everything [`Database::register`] would do, rolled back: the problems it would
    /// report, or the status each row would get (the preview of an upload).
    pub async fn check_registrations(
        &self,
        session: SessionId,
        rows: &[(usize, RegistrationDetails)],
        registrar: &Registrar,
        now: DateTime<Utc>,
    ) -> Result<Vec<RegistrationStatus>, StorageError> {
        let (_, statuses) = self
            .register_or_check(session, rows, registrar, now, Purpose::Check)
            .await?;
        Ok(statuses)
    }

    pub(super) async fn register_or_check(
        &self,
        session: SessionId,
        rows: &[(usize, RegistrationDetails)],
        registrar: &Registrar,
        now: DateTime<Utc>,
        purpose: Purpose,
    ) -> Result<(Vec<i64>, Vec<RegistrationStatus>), StorageError> {
        let known = self
            .known_regions(rows.iter().map(|(_, d)| &d.region))
            .await?;
        let mut problems = batch_problems(rows, &known, &registrar.scope);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let locked = lock_session!(tx, session).ok_or(StorageError::NotFound)?;
            if !locked.accepts(&registrar.scope, now) {
                return Err(StorageError::Registration(RegistrationRefusal::Closed));
            }
            let session_mode = SessionMode::parse(&locked.mode)
                .ok_or_else(|| StorageError::CorruptRow(format!("session {session} mode")))?;
            let mut book = seat_book!(&mut *tx, session, (locked.capacity_onsite, locked.capacity_online));
            for (row, details) in rows {
                if !details.mode.offered_by(session_mode) {
                    problems.push(RowProblem { row: *row, field: RegistrationField::Mode, problem: Problem::ModeNotOffered });
                }
                let invited = crate::registration::invitation_for(book.invitations(), &details.region).is_some();
                if matches!(registrar.scope, RegistrarScope::Region(_)) && !invited && known.contains(&details.region) {
                    problems.push(RowProblem { row: *row, field: RegistrationField::Region, problem: Problem::RegionNotInvited });
                }
            }
            // People already registered (the unique indexes would refuse them too,
            // but without naming the row).
            let nips: Vec<&str> = rows.iter().filter_map(|(_, d)| keys_of(d).0).collect();
            let emails: Vec<&str> = rows.iter().filter_map(|(_, d)| keys_of(d).1).collect();
            let mut taken: HashSet<String> = HashSet::new();
            for (column, values) in [("nip", &nips), ("email", &emails)] {
                for chunk in values.chunks(IN_LIST_MAX) {
                    let mut query = QueryBuilder::new(format!(
                        "SELECT {column} FROM registrations WHERE session_id = "
                    ));
                    query.push_bind(session.0);
                    query.push(format!(" AND status <> 'cancelled' AND {column} IN ("));
                    let mut list = query.separated(", ");
                    for value in chunk {
                        list.push_bind(value.to_string());
                    }
                    query.push(")");
                    let found: Vec<String> = query.build_query_scalar().fetch_all(&mut *tx).await?;
                    taken.extend(found);
                }
            }
            for (row, details) in rows {
                let (nip, email) = keys_of(details);
                if nip.is_some_and(|n| taken.contains(n)) {
                    problems.push(RowProblem { row: *row, field: RegistrationField::Nip, problem: Problem::AlreadyRegistered });
                } else if email.is_some_and(|e| taken.contains(e)) {
                    problems.push(RowProblem { row: *row, field: RegistrationField::Email, problem: Problem::AlreadyRegistered });
                }
            }
            if !problems.is_empty() {
                return Err(StorageError::Registration(RegistrationRefusal::Rows(in_row_order(problems))));
            }
            let created_by = registrar.by.user().map(|user| user.0);
            let mut ids = Vec::with_capacity(rows.len());
            let mut statuses = Vec::with_capacity(rows.len());
            let (mut confirmed, mut waitlisted) = (0, 0);
            for (_, details) in rows {
                // A walk-in is in the room: confirmed whatever the seats say.
                let status = match purpose {
                    Purpose::WalkIn => RegistrationStatus::Confirmed,
                    Purpose::Check | Purpose::Save => book.take(&details.region, details.mode),
                };
                statuses.push(status);
                match status {
                    RegistrationStatus::Confirmed => confirmed += 1,
                    _ => waitlisted += 1,
                }
                let (nip, email) = keys_of(details);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO registrations (session_id, region_code, name, nip, position, office, email, phone, mode, status,
                         check_in_code, private_token, source, created_by, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
                )
                .bind(session.0)
                .bind(details.region.as_str())
                .bind(&details.name)
                .bind(nip)
                .bind(&details.position)
                .bind(&details.office)
                .bind(email)
                .bind(details.phone.as_deref())
                .bind(details.mode.as_str())
                .bind(status.as_str())
                .bind(new_check_in_code().as_str())
                .bind(random_secret())
                .bind(registrar.source.as_str())
                .bind(created_by)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                if purpose == Purpose::WalkIn {
                    super::attendance::insert_check_in!(tx, session, id, CheckInMethod::WalkIn, created_by, now);
                }
                ids.push(id);
            }
            // The trail keeps who registered how many, where and with which ids; the
            // people's names and contacts stay in the registrations themselves.
            let regions: Vec<&str> = rows.iter().map(|(_, d)| d.region.as_str()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            let event = session_event(session, AuditAction::RegistrationsAdded, registrar.by, now, None, Some(json!({
                "source": registrar.source.as_str(), "registrations": ids, "regions": regions,
                "confirmed": confirmed, "waitlisted": waitlisted,
            })));
            insert_audit!(&mut *tx, &event)?;
            if purpose == Purpose::Check {
                tx.rollback().await?;
            } else {
                tx.commit().await?;
            }
            Ok((ids, statuses))
        })
    }

    /// Changes a registration's details (not its status). A new mode or region takes
    /// a seat there if one is free, else waits; the seat it left goes to the first
    /// waitlisted person who fits.
    pub async fn update_registration(
        &self,
        id: RegistrationId,
        details: &RegistrationDetails,
        scope: &RegistrarScope,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StorageError> {
        let before = self.registration(id).await?.ok_or(StorageError::NotFound)?;
        if before.status == RegistrationStatus::Cancelled {
            return Err(StorageError::NotFound);
        }
        let session = before.session;
        let row = [(1, details.clone())];
        let known = self.known_regions([&details.region]).await?;
        let mut problems = batch_problems(&row, &known, scope);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let locked = lock_session!(tx, session).ok_or(StorageError::NotFound)?;
            if !locked.accepts(scope, now) {
                return Err(StorageError::Registration(RegistrationRefusal::Closed));
            }
            let session_mode = SessionMode::parse(&locked.mode)
                .ok_or_else(|| StorageError::CorruptRow(format!("session {session} mode")))?;
            if !details.mode.offered_by(session_mode) {
                problems.push(RowProblem { row: 1, field: RegistrationField::Mode, problem: Problem::ModeNotOffered });
            }
            let mut book = seat_book!(&mut *tx, session, (locked.capacity_onsite, locked.capacity_online));
            if matches!(scope, RegistrarScope::Region(_))
                && crate::registration::invitation_for(book.invitations(), &details.region).is_none()
                && known.contains(&details.region)
            {
                problems.push(RowProblem { row: 1, field: RegistrationField::Region, problem: Problem::RegionNotInvited });
            }
            let (nip, email) = keys_of(details);
            let clash: Option<(Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT nip, email FROM registrations WHERE session_id = $1 AND id <> $2 AND status <> 'cancelled'
                 AND (nip = $3 OR email = $4) LIMIT 1",
            )
            .bind(session.0)
            .bind(id.0)
            .bind(nip)
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((other_nip, _)) = clash {
                let field = if nip.is_some() && other_nip.as_deref() == nip { RegistrationField::Nip } else { RegistrationField::Email };
                problems.push(RowProblem { row: 1, field, problem: Problem::AlreadyRegistered });
            }
            if !problems.is_empty() {
                return Err(StorageError::Registration(RegistrationRefusal::Rows(problems)));
            }
            let moved = before.details.mode != details.mode || before.details.region != details.region;
            let mut status = before.status;
            if moved {
                if before.status == RegistrationStatus::Confirmed {
                    book.free(&before.details.region, before.details.mode);
                }
                status = book.take(&details.region, details.mode);
            }
            sqlx::query(
                "UPDATE registrations SET region_code = $1, name = $2, nip = $3, position = $4, office = $5, email = $6,
                     phone = $7, mode = $8, status = $9, updated_at = $10 WHERE id = $11",
            )
            .bind(details.region.as_str())
            .bind(&details.name)
            .bind(nip)
            .bind(&details.position)
            .bind(&details.office)
            .bind(email)
            .bind(details.phone.as_deref())
            .bind(details.mode.as_str())
            .bind(status.as_str())
            .bind(now)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
            let promoted = if moved { promote_waiting!(tx, session, book, before.details.mode, now) } else { Vec::new() };
            let event = session_event(session, AuditAction::RegistrationChanged, by, now,
                Some(json!({ "registration": id.0, "region": before.details.region.as_str(), "mode": before.details.mode.as_str(), "status": before.status.as_str() })),
                Some(json!({ "registration": id.0, "region": details.region.as_str(), "mode": details.mode.as_str(), "status": status.as_str(), "promoted": promoted })));
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        self.registration(id).await?.ok_or(StorageError::NotFound)
    }

    /// Cancels a registration; its seat goes to the first waitlisted person of the
    /// same mode who fits (their region's quota permitting). Answers who was promoted.
    pub async fn cancel_registration(
        &self,
        id: RegistrationId,
        scope: &RegistrarScope,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<RegistrationId>, StorageError> {
        let record = self.registration(id).await?.ok_or(StorageError::NotFound)?;
        if record.status == RegistrationStatus::Cancelled {
            return Ok(Vec::new());
        }
        let session = record.session;
        let promoted = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let locked = lock_session!(tx, session).ok_or(StorageError::NotFound)?;
            // Cancelling stays possible for organizers after the deadline (and for a
            // completed or cancelled session's clean-up); offices until the deadline.
            if !locked.accepts(scope, now) && !matches!(scope, RegistrarScope::Organizer) {
                return Err(StorageError::Registration(RegistrationRefusal::Closed));
            }
            let changed = sqlx::query(
                "UPDATE registrations SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status <> 'cancelled'",
            )
            .bind(now)
            .bind(id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let mut book = seat_book!(&mut *tx, session, (locked.capacity_onsite, locked.capacity_online));
            let promoted = if changed == 1 && record.status == RegistrationStatus::Confirmed {
                promote_waiting!(tx, session, book, record.details.mode, now)
            } else {
                Vec::new()
            };
            let event = session_event(session, AuditAction::RegistrationCancelled, by, now,
                Some(json!({ "registration": id.0, "status": record.status.as_str() })),
                Some(json!({ "registration": id.0, "status": "cancelled", "promoted": promoted })));
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            promoted
        });
        Ok(promoted.into_iter().map(RegistrationId).collect())
    }

    pub async fn registration(
        &self,
        id: RegistrationId,
    ) -> Result<Option<RegistrationRecord>, StorageError> {
        Ok(self.registrations_by_ids(&[id.0]).await?.into_iter().next())
    }

    /// A registration by the secret of its private link.
    pub async fn registration_by_token(
        &self,
        token: &str,
    ) -> Result<Option<RegistrationRecord>, StorageError> {
        let row: Option<RegistrationRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("{SELECT_REGISTRATIONS} WHERE g.private_token = $1"))
                .bind(token)
                .fetch_optional(pool)
                .await?
        });
        row.map(RegistrationRecord::try_from).transpose()
    }

    /// A session's registrations (cancelled ones too, last), in the order they came,
    /// limited to the people of `region` (and its regencies, for a province) if given.
    pub async fn registrations(
        &self,
        session: SessionId,
        region: Option<&RegionCode>,
    ) -> Result<Vec<RegistrationRecord>, StorageError> {
        let rows: Vec<RegistrationRow> = on_pool!(self, pool => {
            let mut query = QueryBuilder::new(format!("{SELECT_REGISTRATIONS} WHERE g.session_id = "));
            query.push_bind(session.0);
            if let Some(region) = region {
                query.push(" AND (g.region_code = ").push_bind(region.as_str().to_owned());
                if region.is_province() {
                    query.push(" OR g.region_code LIKE ").push_bind(format!("{region}.%"));
                }
                query.push(")");
            }
            query.push(" ORDER BY CASE WHEN g.status = 'cancelled' THEN 1 ELSE 0 END, g.id");
            query.build_query_as().fetch_all(pool).await?
        });
        rows.into_iter().map(RegistrationRecord::try_from).collect()
    }

    pub(super) async fn registrations_by_ids(
        &self,
        ids: &[i64],
    ) -> Result<Vec<RegistrationRecord>, StorageError> {
        let mut records = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IN_LIST_MAX) {
            let rows: Vec<RegistrationRow> = on_pool!(self, pool => {
                let mut query = QueryBuilder::new(format!("{SELECT_REGISTRATIONS} WHERE g.id IN ("));
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(") ORDER BY g.id");
                query.build_query_as().fetch_all(pool).await?
            });
            for row in rows {
                records.push(RegistrationRecord::try_from(row)?);
            }
        }
        Ok(records)
    }

    /// Live (confirmed, waitlisted) registrations per session for the people of
    /// `region`, for an operator's dashboard: `(session, confirmed, waitlisted)`.
    pub async fn registration_counts(
        &self,
        sessions: &[SessionId],
        region: &RegionCode,
    ) -> Result<Vec<(SessionId, i64, i64)>, StorageError> {
        let mut counts = Vec::new();
        for chunk in sessions.chunks(IN_LIST_MAX) {
            let rows: Vec<(i64, i64, i64)> = on_pool!(self, pool => {
                let mut query = QueryBuilder::new(
                    "SELECT session_id, SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END)
                     FROM registrations WHERE status <> 'cancelled' AND (region_code = ",
                );
                query.push_bind(region.as_str().to_owned());
                if region.is_province() {
                    query.push(" OR region_code LIKE ").push_bind(format!("{region}.%"));
                }
                query.push(") AND session_id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(id.0);
                }
                query.push(") GROUP BY session_id");
                query.build_query_as().fetch_all(pool).await?
            });
            counts.extend(rows.into_iter().map(|(s, c, w)| (SessionId(s), c, w)));
        }
        Ok(counts)
    }

    /// Replaces the regions a session invites, with their quotas.
    pub async fn set_invitations(
        &self,
        id: SessionId,
        invitations: &[Invitation],
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let known = self
            .known_regions(invitations.iter().map(|i| &i.region))
            .await?;
        if let Some(unknown) = invitations.iter().find(|i| !known.contains(&i.region)) {
            return Err(StorageError::UnknownRegion(unknown.region.clone()));
        }
        let listed = |list: &[Invitation]| {
            json!(
                list.iter()
                    .map(|i| json!({
                        "region": i.region.as_str(), "with_regencies": i.with_regencies,
                        "quota_luring": i.quota_luring, "quota_daring": i.quota_daring,
                    }))
                    .collect::<Vec<_>>()
            )
        };
        let before = self.invitations(id).await?;
        let event = session_event(
            id,
            AuditAction::InvitationsChanged,
            by,
            now,
            Some(listed(&before)),
            Some(listed(invitations)),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            insert_audit!(&mut *tx, &event)?;
            sqlx::query("DELETE FROM invitations WHERE session_id = $1").bind(id.0).execute(&mut *tx).await?;
            for invitation in invitations {
                sqlx::query(
                    "INSERT INTO invitations (session_id, region_code, with_regencies, quota_luring, quota_daring)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id.0)
                .bind(invitation.region.as_str())
                .bind(invitation.with_regencies)
                .bind(invitation.quota_luring.map(i64::from))
                .bind(invitation.quota_daring.map(i64::from))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn registration_settings(
        &self,
        session: SessionId,
    ) -> Result<RegistrationSettings, StorageError> {
        let row: Option<(Option<DateTime<Utc>>, Option<String>)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT registration_closes_at, public_link FROM sessions WHERE id = $1")
                .bind(session.0)
                .fetch_optional(pool)
                .await?
        });
        let (closes_at, public_link) = row.ok_or(StorageError::NotFound)?;
        Ok(RegistrationSettings {
            closes_at,
            public_link,
        })
    }

    /// Sets the deadline and opens (with a new secret, unless already open) or closes
    /// the public link.
    pub async fn set_registration_settings(
        &self,
        session: SessionId,
        closes_at: Option<DateTime<Utc>>,
        public_link_open: bool,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<RegistrationSettings, StorageError> {
        let before = self.registration_settings(session).await?;
        let public_link = match (public_link_open, before.public_link.clone()) {
            (true, Some(open)) => Some(open),
            (true, None) => Some(random_secret()),
            (false, _) => None,
        };
        let event = session_event(
            session,
            AuditAction::RegistrationSettingsChanged,
            by,
            now,
            Some(
                json!({ "closes_at": before.closes_at, "public_link": before.public_link.is_some() }),
            ),
            Some(json!({ "closes_at": closes_at, "public_link": public_link.is_some() })),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE sessions SET registration_closes_at = $1, public_link = $2 WHERE id = $3")
                .bind(closes_at)
                .bind(public_link.as_deref())
                .bind(session.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(RegistrationSettings {
            closes_at,
            public_link,
        })
    }

    /// The session whose open public link has this secret.
    pub async fn session_by_public_link(
        &self,
        secret: &str,
    ) -> Result<Option<SessionId>, StorageError> {
        let id: Option<i64> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT id FROM sessions WHERE public_link = $1")
                .bind(secret)
                .fetch_optional(pool)
                .await?
        });
        Ok(id.map(SessionId))
    }

    /// Which of these region codes exist.
    async fn known_regions<'a>(
        &self,
        codes: impl IntoIterator<Item = &'a RegionCode>,
    ) -> Result<HashSet<RegionCode>, StorageError> {
        let codes: Vec<String> = codes
            .into_iter()
            .map(|c| c.as_str().to_owned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut known = HashSet::new();
        for chunk in codes.chunks(IN_LIST_MAX) {
            let found: Vec<String> = on_pool!(self, pool => {
                let mut query = QueryBuilder::new("SELECT code FROM regions WHERE code IN (");
                let mut list = query.separated(", ");
                for code in chunk {
                    list.push_bind(code.clone());
                }
                query.push(")");
                query.build_query_scalar().fetch_all(pool).await?
            });
            known.extend(found.iter().filter_map(|c| RegionCode::parse(c).ok()));
        }
        Ok(known)
    }
}

/// Problems sorted by row, each field's first problem only.
fn in_row_order(mut problems: Vec<RowProblem>) -> Vec<RowProblem> {
    problems.sort_by_key(|p| p.row);
    let mut seen = HashSet::new();
    problems.retain(|p| seen.insert((p.row, p.field)));
    problems
}

/// Problems a batch has on its own: unknown regions, regions outside the registrar's,
/// and the same person twice (the later row is named).
fn batch_problems(
    rows: &[(usize, RegistrationDetails)],
    known: &HashSet<RegionCode>,
    scope: &RegistrarScope,
) -> Vec<RowProblem> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for (row, details) in rows {
        if !known.contains(&details.region) {
            problems.push(RowProblem {
                row: *row,
                field: RegistrationField::Region,
                problem: Problem::UnknownRegion,
            });
        } else if !scope.covers(&details.region) {
            problems.push(RowProblem {
                row: *row,
                field: RegistrationField::Region,
                problem: Problem::RegionNotYours,
            });
        }
        for (field, key) in details.keys() {
            if !seen.insert(key) {
                problems.push(RowProblem {
                    row: *row,
                    field,
                    problem: Problem::RepeatedPerson,
                });
                break;
            }
        }
    }
    problems
}
