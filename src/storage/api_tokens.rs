//! Personal API tokens for scripts (`Authorization: Bearer simpul_…`).
//!
//! A token is shown once, when it is made; the database keeps its SHA-256 only. A
//! token acts as its user, with the user's role at the moment of use: disabling the
//! user or revoking the token stops it at once.

use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::audit::{NewAuditEvent, insert_audit};
use super::sign_ins::{looks_like_secret, random_secret, sha256_hex};
use super::users::{SELECT_USER, UserRow};
use super::{Database, StorageError, on_pool};
use crate::account::{Actor, User, UserId};
use crate::audit::{AuditAction, SubjectKind};

/// Every token starts with this, so that secret scanners and people recognise it.
const PREFIX: &str = "simpul_";

/// The database id of an API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApiTokenId(pub i64);

/// The secret itself. `Debug` is redacted; it is never logged or stored.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiTokenSecret(String);

impl ApiTokenSecret {
    fn generate() -> Self {
        Self(format!("{PREFIX}{}", random_secret()))
    }

    /// A token as it came in an `Authorization` header; anything of the wrong shape is
    /// `None` (and costs no database look-up).
    pub fn from_header(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let rest = raw.strip_prefix(PREFIX)?;
        looks_like_secret(rest).then(|| Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiTokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiTokenSecret(<redacted>)")
    }
}

/// A token as its owner sees it in the list: never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub user: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct ApiTokenRow {
    id: i64,
    user_id: i64,
    name: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiTokenRow> for ApiToken {
    fn from(row: ApiTokenRow) -> Self {
        Self {
            id: ApiTokenId(row.id),
            user: UserId(row.user_id),
            name: row.name,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            revoked_at: row.revoked_at,
        }
    }
}

fn token_event(
    token: &ApiToken,
    action: AuditAction,
    by: Actor,
    at: DateTime<Utc>,
) -> NewAuditEvent {
    NewAuditEvent {
        at,
        actor: by,
        action,
        subject_kind: SubjectKind::ApiToken,
        subject_id: token.id.0,
        session: None,
        before: None,
        after: Some(json!({ "name": token.name, "user": token.user.0 })),
    }
}

impl Database {
    /// Makes a token for a user; the secret is returned this once.
    pub async fn create_api_token(
        &self,
        user: UserId,
        name: &str,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(ApiToken, ApiTokenSecret), StorageError> {
        let secret = ApiTokenSecret::generate();
        let name = name.trim().to_owned();
        let token = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(user.0)
            .bind(&name)
            .bind(sha256_hex(secret.expose()))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let token = ApiToken {
                id: ApiTokenId(id),
                user,
                name,
                created_at: now,
                last_used_at: None,
                revoked_at: None,
            };
            insert_audit!(&mut *tx, &token_event(&token, AuditAction::ApiTokenCreated, by, now))?;
            tx.commit().await?;
            token
        });
        Ok((token, secret))
    }

    /// A user's tokens, newest first, revoked ones included.
    pub async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>, StorageError> {
        let rows: Vec<ApiTokenRow> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, name, created_at, last_used_at, revoked_at
                 FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
            )
            .bind(user.0)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    /// Revokes one of a user's tokens. Another user's token is [`StorageError::NotFound`],
    /// the same as an unknown one, so ids cannot be probed.
    pub async fn revoke_api_token(
        &self,
        user: UserId,
        id: ApiTokenId,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: Option<ApiTokenRow> = sqlx::query_as(
                "UPDATE api_tokens SET revoked_at = $1
                 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL
                 RETURNING id, user_id, name, created_at, last_used_at, revoked_at",
            )
            .bind(now)
            .bind(id.0)
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await?;
            let token = ApiToken::from(row.ok_or(StorageError::NotFound)?);
            insert_audit!(&mut *tx, &token_event(&token, AuditAction::ApiTokenRevoked, by, now))?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The enabled user a token acts as, if it is known and not revoked; notes the use
    /// (at most once a minute: a write per request would queue every API call behind
    /// SQLite's single writer).
    pub async fn user_by_api_token(
        &self,
        secret: &ApiTokenSecret,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StorageError> {
        let hash = sha256_hex(secret.expose());
        let columns = SELECT_USER.replacen(
            " FROM users u",
            ", t.last_used_at AS token_last_used_at FROM users u",
            1,
        );
        let sql = format!(
            "{columns} JOIN api_tokens t ON t.user_id = u.id
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL"
        );
        let row: Option<TokenUserRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql)
            .bind(&hash)
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else { return Ok(None) };
        let stale = row
            .token_last_used_at
            .is_none_or(|used| now - used >= USE_NOTED_EVERY);
        if stale {
            on_pool!(self, pool => {
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
                    .bind(now)
                    .bind(&hash)
                    .execute(pool)
                    .await?;
            });
        }
        row.user.into_user().map(|(user, _)| Some(user))
    }
}

/// How often a token's last use is written down.
const USE_NOTED_EVERY: chrono::Duration = chrono::Duration::minutes(1);

#[derive(sqlx::FromRow)]
struct TokenUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    token_last_used_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_have_a_prefix_a_fixed_shape_and_stay_hidden() {
        let secret = ApiTokenSecret::generate();
        assert!(secret.expose().starts_with("simpul_"));
        assert_eq!(
            ApiTokenSecret::from_header(secret.expose()),
            Some(secret.clone())
        );
        for bad in [
            "",
            "simpul_",
            "simpul_short",
            "Bearer x",
            &secret.expose()[1..],
        ] {
            assert_eq!(ApiTokenSecret::from_header(bad), None, "{bad:?}");
        }
        assert!(!format!("{secret:?}").contains(secret.expose()));
    }
}
