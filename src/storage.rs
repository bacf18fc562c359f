//! Storage on SQLite (one file, the default) or PostgreSQL (chosen by the URL).
//!
//! [`Database`] holds one pool of either kind. Each query is written once, with `$1`
//! style placeholders that both databases accept, and the [`on_pool!`] macro runs the
//! same code against whichever pool is configured; both expansions are type-checked,
//! and the storage tests run the whole suite against both databases.
//!
//! Queries are checked at run time (`query_as` with `FromRow`) rather than with the
//! compile-time `query!` macros, which check against one database type only and
//! would need a live database or committed offline data for each backend.

mod api_tokens;
mod attendance;
pub(crate) mod audit;
mod calendar;
mod demo;
mod materials;
mod participation;
mod program;
mod regions;
mod registrations;
mod sessions;
mod sign_ins;
mod speakers;
mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use api_tokens::{ApiToken, ApiTokenId, ApiTokenSecret};
pub use attendance::{AttendanceLine, CheckInTarget, VerifiedCertificate};
pub use audit::AUDIT_MAX;
pub use calendar::CalendarSecret;
pub use demo::load_demo_data;
pub use materials::{MaterialRecord, NewMaterial};
pub use participation::ReportScope;
pub use program::{RundownRecord, SessionSpeakerRecord, SpeakerPart};
pub use regions::RegionFilter;
pub use registrations::{Registrar, RegistrarScope, RegistrationRecord, RegistrationSettings};
pub use sessions::{InvitedRegion, SessionRecord};
pub use sign_ins::{SIGN_IN_LIFETIME, SignInToken};
pub use speakers::{InstitutionRecord, SpeakerRecord};
pub use users::{NewUser, UserChange};

pub use crate::account::{User, UserId};

use crate::session::{ForbiddenTransition, SessionField};
use crate::validation::ValidationErrors;

/// Runs the same code against whichever pool the database holds.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::storage::Database::Sqlite($pool) => $body,
            $crate::storage::Database::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Most values bound in one `IN (...)` list (longer lists are read in chunks): well
/// under SQLite's and PostgreSQL's limits on bound parameters.
pub(crate) const IN_LIST_MAX: usize = 1000;

/// A connection pool to the application's database.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// What went wrong in storage. Database details stay in the server log; users see
/// a generic message for [`StorageError::Database`].
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Forbidden(#[from] ForbiddenTransition),
    #[error(transparent)]
    ForbiddenAnswer(#[from] crate::speaker::ForbiddenAnswer),
    #[error("the session is {0} and can no longer be changed")]
    NotEditable(crate::session::SessionStatus),
    #[error("the session was changed by someone else at the same time")]
    Conflict,
    #[error("this {0} is already in use")]
    Duplicate(&'static str),
    #[error("unknown region {0}")]
    UnknownRegion(crate::region::RegionCode),
    #[error("{0}")]
    Registration(crate::registration::RegistrationRefusal),
    #[error("{0}")]
    CheckIn(crate::attendance::CheckInRefusal),
    #[error("invalid session")]
    Invalid(ValidationErrors<SessionField>),
    #[error("the database URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    #[error("stored data is not valid: {0}")]
    CorruptRow(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("bundled reference data: {0}")]
    ReferenceData(#[from] crate::region::ReferenceDataError),
}

impl Database {
    /// Connects to `sqlite://path` (creating the file and its folder) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        match Backend::of_url(url) {
            Some(Backend::Sqlite) => Ok(Self::Sqlite(connect_sqlite(url).await?)),
            Some(Backend::Postgres) => {
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?;
                Ok(Self::Postgres(pool))
            }
            None => Err(StorageError::UnsupportedUrl),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date (migrations are compiled into the binary).
    pub async fn migrate(&self) -> Result<(), StorageError> {
        match self {
            Self::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Self::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Migrates and loads the reference data (regions, central institutions): what every
    /// start does.
    pub async fn prepare(&self) -> Result<(), StorageError> {
        self.migrate().await?;
        self.seed_regions().await?;
        self.seed_institutions().await
    }

    /// Whether the database answers (the health check).
    pub async fn ping(&self) -> Result<(), StorageError> {
        on_pool!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await);
    }
}

async fn connect_sqlite(url: &str) -> Result<SqlitePool, StorageError> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let path = options.get_filename();
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_folder(folder)?;
    }
    Ok(SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?)
}

fn create_folder(folder: &Path) -> Result<(), StorageError> {
    std::fs::create_dir_all(folder).map_err(|e| StorageError::Database(sqlx::Error::Io(e)))
}
