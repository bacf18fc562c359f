//! Sign-in sessions kept in the database, so they survive a restart and are shared by
//! several app servers on PostgreSQL. (Named "sign-in", never bare "session": a session
//! in Simpul is a rakor or webinar.)
//!
//! The browser holds a random token; the database holds its SHA-256 only. A disabled
//! user's sign-ins stop working at once, because every look-up checks the user.

use std::fmt;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use super::users::{SELECT_USER, UserRow};
use super::{Database, StorageError, on_pool};
use crate::account::{User, UserId};

/// The secret a signed-in browser holds (in an HttpOnly cookie): 256 random bits,
/// base64url. Never logged: `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct SignInToken(String);

impl SignInToken {
    fn generate() -> Self {
        Self(random_secret())
    }

    /// A token as it came back from a cookie; anything of the wrong shape is `None`.
    pub fn from_cookie(raw: &str) -> Option<Self> {
        let decoded = URL_SAFE_NO_PAD.decode(raw.trim()).ok()?;
        (decoded.len() == 32).then(|| Self(raw.trim().to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the database stores: the SHA-256 of the token, hex.
    fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

impl fmt::Debug for SignInToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SignInToken(<redacted>)")
    }
}

/// `N` random bytes from the operating system.
pub(super) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// 256 random bits from the operating system, base64url without padding (43 characters).
pub(super) fn random_secret() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// Whether text has the shape of [`random_secret`]'s output, checked before any
/// database look-up.
pub(super) fn looks_like_secret(raw: &str) -> bool {
    raw.len() == 43
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What the database keeps of a secret: its SHA-256, hex.
pub(super) fn sha256_hex(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How often a sign-in's expiry is pushed forward (no write on every request).
const TOUCH_INTERVAL: Duration = Duration::minutes(5);

/// How long a sign-in lasts without being used.
pub const SIGN_IN_LIFETIME: Duration = Duration::days(14);

impl Database {
    /// Starts a sign-in for a user and returns the token for the cookie.
    pub async fn start_sign_in(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<SignInToken, StorageError> {
        let token = SignInToken::generate();
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO sign_ins (token_hash, user_id, created_at, expires_at, last_seen_at)
                 VALUES ($1, $2, $3, $4, $3)",
            )
            .bind(token.hash())
            .bind(user.0)
            .bind(now)
            .bind(now + SIGN_IN_LIFETIME)
            .execute(pool)
            .await?;
        });
        Ok(token)
    }

    /// The enabled user a token signs in, if it is known and not expired. Each use
    /// pushes the expiry forward.
    pub async fn signed_in_user(
        &self,
        token: &SignInToken,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StorageError> {
        let token_hash = token.hash();
        let sql = format!(
            "{SELECT_USER} JOIN sign_ins s ON s.user_id = u.id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL"
        );
        let row: Option<UserRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql)
            .bind(&token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else { return Ok(None) };
        on_pool!(self, pool => {
            // At most one write per sign-in every few minutes, however many requests.
            sqlx::query(
                "UPDATE sign_ins SET last_seen_at = $1, expires_at = $2
                 WHERE token_hash = $3 AND last_seen_at < $4",
            )
            .bind(now)
            .bind(now + SIGN_IN_LIFETIME)
            .bind(&token_hash)
            .bind(now - TOUCH_INTERVAL)
            .execute(pool)
            .await?;
        });
        row.into_user().map(|(user, _)| Some(user))
    }

    /// Ends one sign-in (signing out). Unknown tokens are fine: the result is the same.
    pub async fn end_sign_in(&self, token: &SignInToken) -> Result<(), StorageError> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM sign_ins WHERE token_hash = $1").bind(token.hash()).execute(pool).await?;
        });
        Ok(())
    }

    /// Removes sign-ins that have expired (run at start and every hour).
    pub async fn delete_expired_sign_ins(&self, now: DateTime<Utc>) -> Result<u64, StorageError> {
        Ok(on_pool!(self, pool => {
            sqlx::query("DELETE FROM sign_ins WHERE expires_at <= $1").bind(now).execute(pool).await?.rows_affected()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_well_formed_and_hidden() {
        let a = SignInToken::generate();
        let b = SignInToken::generate();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 43, "32 bytes in unpadded base64url");
        assert_eq!(SignInToken::from_cookie(a.expose()), Some(a.clone()));
        for bad in ["", "abc", "not base64!", &"A".repeat(44)] {
            assert_eq!(SignInToken::from_cookie(bad), None, "{bad:?}");
        }
        assert!(!format!("{a:?}").contains(a.expose()));
        assert_eq!(a.hash().len(), 64);
        assert_ne!(a.hash(), a.expose());
    }
}
