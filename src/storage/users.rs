//! Users and their password hashes (argon2id, from the RustCrypto `argon2` crate).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};

use super::{Database, StorageError, on_pool};
use crate::account::{EmailAddress, Password, Role};
use crate::region::RegionCode;

/// The database id of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(pub i64);

/// A user as the application sees it: no password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: EmailAddress,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

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

const SELECT_USER: &str =
    "SELECT id, email, name, role, region_code, password_hash, disabled_at, created_at FROM users";

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

impl Database {
    /// Creates a user. An address already in use is [`StorageError::Duplicate`]; an
    /// operator's unknown region is [`StorageError::UnknownRegion`].
    pub async fn create_user(
        &self,
        new: &NewUser,
        now: DateTime<Utc>,
    ) -> Result<UserId, StorageError> {
        if let Some(region) = new.role.region()
            && self.region(region).await?.is_none()
        {
            return Err(StorageError::UnknownRegion(region.clone()));
        }
        let hash = hash_password(&new.password)?;
        let id: i64 = on_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO users (email, name, role, region_code, password_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(new.email.as_str())
            .bind(new.name.trim())
            .bind(new.role.word())
            .bind(new.role.region().map(|r| r.as_str().to_owned()))
            .bind(hash)
            .bind(now)
            .fetch_one(pool)
            .await
        })
        .map_err(|error| match &error {
            // The UNIQUE constraint decides, also when two admins add the same
            // address at the same moment.
            sqlx::Error::Database(db_error) if db_error.is_unique_violation() => {
                StorageError::Duplicate("email")
            }
            _ => StorageError::Database(error),
        })?;
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

    /// Disables a user (never deleted: history keeps their name).
    pub async fn disable_user(&self, id: UserId, now: DateTime<Utc>) -> Result<(), StorageError> {
        let changed = on_pool!(self, pool => {
            sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
                .bind(now)
                .bind(id.0)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if changed == 0 {
            return Err(StorageError::NotFound);
        }
        // Look-ups refuse disabled users anyway; this also clears their rows.
        self.end_all_sign_ins(id).await?;
        Ok(())
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
