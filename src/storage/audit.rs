//! Writing and reading the audit trail. Every change that storage makes to sessions,
//! users and API tokens writes its entry inside the change's own transaction, through
//! [`insert_audit!`].

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::QueryBuilder;

use super::{Database, StorageError, on_pool};
use crate::account::{Actor, User, UserId};
use crate::audit::{AuditAction, AuditEvent, AuditFilter, SubjectKind};
use crate::session::{SessionDetails, SessionForm, SessionId, SessionStatus};

/// An entry about to be written.
#[derive(Debug, Clone)]
pub(super) struct NewAuditEvent {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: AuditAction,
    pub subject_kind: SubjectKind,
    pub subject_id: i64,
    pub session: Option<SessionId>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl NewAuditEvent {
    /// An entry about one record (not tied to a session).
    pub(super) fn about(
        subject_kind: SubjectKind,
        subject_id: i64,
        action: AuditAction,
        by: Actor,
        at: DateTime<Utc>,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Self {
        Self {
            at,
            actor: by,
            action,
            subject_kind,
            subject_id,
            session: None,
            before,
            after,
        }
    }
}

/// Writes a [`NewAuditEvent`] with an executor (a transaction) of either database.
macro_rules! insert_audit {
    ($executor:expr, $event:expr) => {{
        let event: &$crate::storage::audit::NewAuditEvent = $event;
        sqlx::query(
            "INSERT INTO audit_events
                 (at, actor_id, action, subject_kind, subject_id, session_id, before_state, after_state)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(event.at)
        .bind(event.actor.user().map(|u| u.0))
        .bind(event.action.as_str())
        .bind(event.subject_kind.as_str())
        .bind(event.subject_id)
        .bind(event.session.map(|s| s.0))
        .bind(event.before.as_ref().map(|v| v.to_string()))
        .bind(event.after.as_ref().map(|v| v.to_string()))
        .execute($executor)
        .await
    }};
}
pub(super) use insert_audit;

/// A session as the trail keeps it: the editor's fields and the status, with the
/// meeting passcode replaced by whether there is one.
pub(super) fn session_snapshot(
    details: &SessionDetails,
    status: SessionStatus,
) -> serde_json::Value {
    let form = SessionForm::from_details(details);
    let has_passcode = !form.passcode.is_empty();
    let mut value = serde_json::to_value(form).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.remove("passcode");
        map.insert("has_passcode".into(), json!(has_passcode));
        map.insert("status".into(), json!(status.as_str()));
    }
    value
}

/// A user as the trail keeps it: never the password hash.
pub(super) fn user_snapshot(user: &User) -> serde_json::Value {
    json!({
        "email": user.email.as_str(),
        "name": user.name,
        "role": user.role.word(),
        "region": user.role.region().map(|r| r.as_str()),
        "disabled": user.disabled,
    })
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    action: String,
    subject_kind: String,
    subject_id: i64,
    session_id: Option<i64>,
    before_state: Option<String>,
    after_state: Option<String>,
}

impl TryFrom<AuditRow> for AuditEvent {
    type Error = StorageError;
    fn try_from(row: AuditRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::CorruptRow(format!("audit {}: {what}", row.id));
        Ok(AuditEvent {
            id: row.id,
            at: row.at,
            actor: row.actor_id.map(UserId),
            actor_name: row.actor_name,
            action: AuditAction::parse(&row.action).ok_or_else(|| corrupt("action"))?,
            subject_kind: SubjectKind::parse(&row.subject_kind)
                .ok_or_else(|| corrupt("subject"))?,
            subject_id: row.subject_id,
            session: row.session_id.map(SessionId),
            before: row.before_state,
            after: row.after_state,
        })
    }
}

/// The most entries one read returns.
pub const AUDIT_MAX: u32 = 5_000;

impl Database {
    /// Entries that match the filter, newest first (at most [`AUDIT_MAX`]).
    pub async fn audit_events(
        &self,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEvent>, StorageError> {
        let rows: Vec<AuditRow> = on_pool!(self, pool => {
            let mut query = QueryBuilder::new(
                "SELECT a.id, a.at, a.actor_id, u.name AS actor_name, a.action, a.subject_kind,
                        a.subject_id, a.session_id, a.before_state, a.after_state
                 FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id WHERE 1 = 1",
            );
            if let Some(session) = filter.session {
                query.push(" AND a.session_id = ").push_bind(session.0);
            }
            if let Some(actor) = filter.actor {
                query.push(" AND a.actor_id = ").push_bind(actor.0);
            }
            if let Some(action) = filter.action {
                query.push(" AND a.action = ").push_bind(action.as_str());
            }
            if let Some(from) = filter.from {
                query.push(" AND a.at >= ").push_bind(from);
            }
            if let Some(to) = filter.to {
                query.push(" AND a.at < ").push_bind(to);
            }
            let limit = filter.limit.unwrap_or(AUDIT_MAX).min(AUDIT_MAX);
            query.push(" ORDER BY a.at DESC, a.id DESC LIMIT ").push_bind(i64::from(limit));
            query.build_query_as().fetch_all(pool).await?
        });
        rows.into_iter().map(AuditEvent::try_from).collect()
    }
}
