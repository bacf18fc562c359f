//! Simpul's domain: sessions (rakor, webinars, briefings), regions, time zones and
//! their rules, and (with the `storage` feature) how they are kept in SQLite or
//! PostgreSQL. Nothing here knows of HTTP or HTML.

pub mod account;
pub mod attendance;
pub mod audit;
pub mod calendar;
pub mod language;
pub mod material;
pub mod participation;
pub mod region;
pub mod registration;
pub mod rundown;
pub mod session;
pub mod speaker;
pub mod validation;
pub mod zone;

#[cfg(feature = "storage")]
pub mod storage;

pub use language::Language;
pub use region::{Region, RegionCode, RegionLevel};
pub use session::{SessionId, SessionKind, SessionMode, SessionStatus};
pub use zone::Zone;
