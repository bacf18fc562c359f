//! Users and their password hashes (argon2id, from the RustCrypto `argon2` crate).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};

use super::audit::{NewAuditEvent, insert_audit, user_snapshot};
use super::{Database, StorageError, on_pool};
use crate::account::{Actor, EmailAddress, Password, Role, User, UserId};
use crate::audit::{AuditAction, SubjectKind};
use crate::region::RegionCode;

/// What a new user needs.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: EmailAddress,
    pub name: String,
    pub role: Role,
    pub password: Password,
}

/// A user row, with the hash kept out of `Debug` by never deriving it.
#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    region_code: Option<String>,
    password_hash: String,
    disabled_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl UserRow {
    pub(super) fn into_user(self) -> Result<(User, String), StorageError> {
        let corrupt = |what: &str| StorageError::CorruptRow(format!("user {}: {what}", self.id));
        let region = self
            .region_code
            .as_deref()
            .map(RegionCode::parse)
            .transpose()
            .map_err(|_| corrupt("region"))?;
        let user = User {
            id: UserId(self.id),
            email: EmailAddress::parse(&self.email).map_err(|_| corrupt("email"))?,
            role: Role::from_parts(&self.role, region).map_err(|_| corrupt("role"))?,
            name: self.name,
            disabled: self.disabled_at.is_some(),
            created_at: self.created_at,
        };
        Ok((user, self.password_hash))
    }
}

/// The columns of [`UserRow`], from `users u`: every query that reads a user starts
/// here (the sign-in and API-token look-ups join their table to it).
pub(super) const SELECT_USER: &str = "SELECT u.id, u.email, u.name, u.role, u.region_code, u.password_hash, u.disabled_at, u.created_at FROM users u";

/// Hashes a password with argon2id and a random salt (PHC string format).
fn hash_password(password: &Password) -> Result<String, StorageError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| StorageError::PasswordHash(error.to_string()))
}

/// A real hash of a random password, made once, checked against for unknown addresses.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let random = SaltString::generate(&mut OsRng);
        Password::new(&format!("decoy-{}", random.as_str()))
            .ok()
            .and_then(|p| hash_password(&p).ok())
            .unwrap_or_default()
    });
    &DECOY
}

/// Whether `password` matches a stored PHC hash; a malformed hash never matches.
fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// What an admin may change about a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserChange {
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

/// Turns a unique violation on the address into [`StorageError::Duplicate`]: the UNIQUE
/// constraint decides, also when two admins add the same address at the same moment.
fn duplicate_email(error: sqlx::Error) -> StorageError {
    match &error {
        sqlx::Error::Database(db_error) if db_error.is_unique_violation() => {
            StorageError::Duplicate("email")
        }
        _ => StorageError::Database(error),
    }
}

impl Database {
    /// Creates a user. An address already in use is [`StorageError::Duplicate`]; an
    /// operator's unknown region is [`StorageError::UnknownRegion`].
    pub async fn create_user(
        &self,
        new: &NewUser,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<UserId, StorageError> {
        self.check_region(new.role.region()).await?;
        let hash = hash_password(&new.password)?;
        let id: i64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (email, name, role, region_code, password_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(new.email.as_str())
            .bind(new.name.trim())
            .bind(new.role.word())
            .bind(new.role.region().map(|r| r.as_str().to_owned()))
            .bind(hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(duplicate_email)?;
            let user = User {
                id: UserId(id),
                email: new.email.clone(),
                name: new.name.trim().to_owned(),
                role: new.role.clone(),
                disabled: false,
                created_at: now,
            };
            insert_audit!(&mut *tx, &user_event(&user, AuditAction::UserCreated, by, now, None, Some(&user)))?;
            tx.commit().await?;
            id
        });
        Ok(UserId(id))
    }

    pub async fn user_by_email(&self, email: &EmailAddress) -> Result<Option<User>, StorageError> {
        Ok(self.user_row_by_email(email).await?.map(|(user, _)| user))
    }

    async fn user_row_by_email(
        &self,
        email: &EmailAddress,
    ) -> Result<Option<(User, String)>, StorageError> {
        let sql = format!("{SELECT_USER} WHERE email = $1");
        let row: Option<UserRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(email.as_str()).fetch_optional(pool).await?
        });
        row.map(UserRow::into_user).transpose()
    }

    pub async fn user(&self, id: UserId) -> Result<Option<User>, StorageError> {
        Ok(self.user_row(id).await?.map(|(user, _)| user))
    }

    async fn user_row(&self, id: UserId) -> Result<Option<(User, String)>, StorageError> {
        let sql = format!("{SELECT_USER} WHERE id = $1");
        let row: Option<UserRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?
        });
        row.map(UserRow::into_user).transpose()
    }

    /// Every user, enabled ones first, by name.
    pub async fn users(&self) -> Result<Vec<User>, StorageError> {
        let sql = format!("{SELECT_USER} ORDER BY disabled_at IS NOT NULL, name, email");
        let rows: Vec<UserRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|row| row.into_user().map(|(user, _)| user))
            .collect()
    }

    /// The user with this address and password, if enabled. Unknown addresses cost a
    /// hash as well, so timing does not tell which addresses exist.
    pub async fn check_password(
        &self,
        email: &EmailAddress,
        password: &str,
    ) -> Result<Option<User>, StorageError> {
        match self.user_row_by_email(email).await? {
            Some((user, hash)) => {
                Ok((password_matches(password, &hash) && !user.disabled).then_some(user))
            }
            None => {
                let _ = password_matches(password, decoy_hash());
                Ok(None)
            }
        }
    }

    /// Whether `password` is this user's current password (before changing it).
    pub async fn password_is(&self, id: UserId, password: &str) -> Result<bool, StorageError> {
        Ok(self
            .user_row(id)
            .await?
            .is_some_and(|(_, hash)| password_matches(password, &hash)))
    }

    /// Changes a user's name, role (and region) and whether they are disabled.
    /// Disabling ends their sign-ins; their API tokens stop working because every
    /// look-up checks the user. Users are never deleted: history keeps their name.
    pub async fn change_user(
        &self,
        id: UserId,
        change: &UserChange,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<User, StorageError> {
        self.check_region(change.role.region()).await?;
        let before = self.user(id).await?.ok_or(StorageError::NotFound)?;
        let after = User {
            name: change.name.trim().to_owned(),
            role: change.role.clone(),
            disabled: change.disabled,
            ..before.clone()
        };
        if after == before {
            return Ok(before);
        }
        let action = match (before.disabled, after.disabled) {
            (false, true) => AuditAction::UserDisabled,
            (true, false) => AuditAction::UserEnabled,
            _ => AuditAction::UserChanged,
        };
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE users SET name = $1, role = $2, region_code = $3,
                     disabled_at = CASE WHEN $4 THEN COALESCE(disabled_at, $5) ELSE NULL END
                 WHERE id = $6",
            )
            .bind(&after.name)
            .bind(after.role.word())
            .bind(after.role.region().map(|r| r.as_str().to_owned()))
            .bind(after.disabled)
            .bind(now)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
            if after.disabled {
                sqlx::query("DELETE FROM sign_ins WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            }
            insert_audit!(&mut *tx, &user_event(&after, action, by, now, Some(&before), Some(&after)))?;
            tx.commit().await?;
        });
        Ok(after)
    }

    /// Disables a user (never deleted: history keeps their name).
    pub async fn disable_user(
        &self,
        id: UserId,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<User, StorageError> {
        let user = self.user(id).await?.ok_or(StorageError::NotFound)?;
        let change = UserChange {
            name: user.name,
            role: user.role,
            disabled: true,
        };
        self.change_user(id, &change, by, now).await
    }

    /// Sets a new password and ends every sign-in of the user. An admin's reset and a
    /// user's own change are told apart in the trail by who did it.
    pub async fn set_password(
        &self,
        id: UserId,
        password: &Password,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let user = self.user(id).await?.ok_or(StorageError::NotFound)?;
        let hash = hash_password(password)?;
        let action = if by == Actor::User(id) {
            AuditAction::PasswordChanged
        } else {
            AuditAction::PasswordReset
        };
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sign_ins WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            insert_audit!(&mut *tx, &user_event(&user, action, by, now, None, None))?;
            tx.commit().await?;
        });
        Ok(())
    }
}

/// An audit entry about a user.
fn user_event(
    subject: &User,
    action: AuditAction,
    by: Actor,
    at: DateTime<Utc>,
    before: Option<&User>,
    after: Option<&User>,
) -> NewAuditEvent {
    NewAuditEvent {
        at,
        actor: by,
        action,
        subject_kind: SubjectKind::User,
        subject_id: subject.id.0,
        session: None,
        before: before.map(user_snapshot),
        after: after.map(user_snapshot),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_salted_argon2id_and_verify() {
        let password = Password::new("rahasia-sekali-2024").expect("valid");
        let first = hash_password(&password).expect("hash");
        let second = hash_password(&password).expect("hash");
        assert!(first.starts_with("$argon2id$"), "{first}");
        assert_ne!(first, second, "each hash has its own salt");
        assert!(password_matches("rahasia-sekali-2024", &first));
        assert!(!password_matches("rahasia-sekali-2025", &first));
        assert!(!password_matches("rahasia-sekali-2024", "not a hash"));
    }
}
