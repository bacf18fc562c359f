//! Accounts: who may use Simpul, in which role, over which regions.
//!
//! Three roles (DESIGN.md): admins, organizers, and regional operators bound to one
//! province (which covers its regencies) or to one regency. [`Role`] carries the region
//! in the operator variant, so an operator without a region cannot be built.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::region::RegionCode;

/// An e-mail address, trimmed and lower-cased: the sign-in name.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why an e-mail address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an e-mail address looks like name@office.go.id")]
pub struct InvalidEmail;

/// Longest address accepted (RFC 5321's limit on a path).
const MAX_EMAIL: usize = 254;

impl EmailAddress {
    /// Accepts `local@domain.tld`: one `@`, no spaces or control characters, a dot in
    /// the domain. Deliverability is not checked here.
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let address = raw.trim().to_lowercase();
        let Some((local, domain)) = address.split_once('@') else {
            return Err(InvalidEmail);
        };
        let well_formed = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && address.len() <= MAX_EMAIL
            && !address.chars().any(|c| c.is_whitespace() || c.is_control());
        if well_formed {
            Ok(Self(address))
        } else {
            Err(InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(email: EmailAddress) -> Self {
        email.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// E-mail addresses are personal data: logs get the domain only.
impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let domain = self.0.split_once('@').map_or("", |(_, d)| d);
        write!(f, "EmailAddress(…@{domain})")
    }
}

/// What a user may do, and where.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", content = "region", rename_all = "snake_case")]
pub enum Role {
    Admin,
    Organizer,
    /// A regional operator of a province (covering its regencies) or of one regency.
    Operator(RegionCode),
}

/// Why a role could not be built from its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRole {
    #[error("the role must be admin, organizer or operator")]
    UnknownRole,
    #[error("an operator needs a region (32 or 32.12)")]
    OperatorWithoutRegion,
    #[error("only operators are bound to a region")]
    RegionWithoutOperator,
}

impl Role {
    /// Builds a role from its stored or typed parts: the word and, for operators only,
    /// the region.
    pub fn from_parts(word: &str, region: Option<RegionCode>) -> Result<Self, InvalidRole> {
        match (word, region) {
            ("admin", None) => Ok(Self::Admin),
            ("organizer", None) => Ok(Self::Organizer),
            ("operator", Some(region)) => Ok(Self::Operator(region)),
            ("operator", None) => Err(InvalidRole::OperatorWithoutRegion),
            ("admin" | "organizer", Some(_)) => Err(InvalidRole::RegionWithoutOperator),
            _ => Err(InvalidRole::UnknownRole),
        }
    }

    /// The stored word: `admin`, `organizer`, `operator`.
    pub fn word(&self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Organizer => "organizer",
            Self::Operator(_) => "operator",
        }
    }

    pub fn region(&self) -> Option<&RegionCode> {
        match self {
            Self::Operator(region) => Some(region),
            _ => None,
        }
    }

    /// Whether this role's work covers a region: admins and organizers everywhere; an
    /// operator of a province its province and all its regencies; an operator of a
    /// regency that regency only.
    pub fn covers(&self, region: &RegionCode) -> bool {
        match self {
            Self::Admin | Self::Organizer => true,
            Self::Operator(own) if own.is_province() => region.province() == *own,
            Self::Operator(own) => own == region,
        }
    }

    /// Whether this role may take the action. Region-bound actions name their region;
    /// every check happens on the server.
    pub fn may(&self, action: &Action) -> bool {
        match action {
            Action::ReadPublished => true,
            Action::ReadDrafts
            | Action::ManageSessions
            | Action::ExportAttendance
            | Action::ReadReports => {
                matches!(self, Self::Admin | Self::Organizer)
            }
            Action::ManageUsers | Action::ReadAuditTrail => matches!(self, Self::Admin),
            Action::RegisterPeople(region) | Action::ReadRegistrations(region) => {
                self.covers(region)
            }
        }
    }
}

/// Something a user may or may not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Read the published schedule, sessions, regions (also without signing in).
    ReadPublished,
    /// See draft sessions.
    ReadDrafts,
    /// Create, edit, reschedule, publish and cancel sessions.
    ManageSessions,
    /// Export attendance lists (they hold personal data).
    ExportAttendance,
    /// Read participation reports of every region (a region's own page is
    /// [`Action::ReadRegistrations`] of that region).
    ReadReports,
    /// Create, disable and change users.
    ManageUsers,
    /// Read the whole audit trail.
    ReadAuditTrail,
    /// Register people of a region for a session.
    RegisterPeople(RegionCode),
    /// See a region's registrations.
    ReadRegistrations(RegionCode),
}

/// The database id of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl UserId {
    /// Parses an id from a path segment: a positive whole number.
    pub fn parse(raw: &str) -> Option<Self> {
        raw.parse::<i64>().ok().filter(|id| *id > 0).map(Self)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A user as the application sees it: never a password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: EmailAddress,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn may(&self, action: &Action) -> bool {
        !self.disabled && self.role.may(action)
    }
}

/// Who made a change, as the audit trail records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in user, or a script with one of their API tokens.
    User(UserId),
    /// Simpul itself or its command line (demo data, `simpul user create`).
    System,
}

impl Actor {
    pub fn user(self) -> Option<UserId> {
        match self {
            Self::User(id) => Some(id),
            Self::System => None,
        }
    }
}

impl From<&User> for Actor {
    fn from(user: &User) -> Self {
        Self::User(user.id)
    }
}

/// Longest name of an API token, in characters.
pub const MAX_TOKEN_NAME: usize = 100;

/// Checks the name of a new API token: required, at most [`MAX_TOKEN_NAME`] characters.
pub fn token_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.is_empty() {
        Err("a token needs a name (what it is for)")
    } else if name.chars().count() > MAX_TOKEN_NAME {
        Err("a token name has at most 100 characters")
    } else {
        Ok(name.to_owned())
    }
}

/// A password as typed. Never serialized; `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD: usize = 10;
/// Longest password accepted, in characters (bounds the hashing work per attempt).
pub const MAX_PASSWORD: usize = 256;

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    #[error("a password has at least {MIN_PASSWORD} characters")]
    TooShort,
    #[error("a password has at most {MAX_PASSWORD} characters")]
    TooLong,
}

impl Password {
    /// A new password, checked for length. (Existing passwords are verified as typed.)
    pub fn new(raw: &str) -> Result<Self, WeakPassword> {
        let length = raw.chars().count();
        if length < MIN_PASSWORD {
            Err(WeakPassword::TooShort)
        } else if length > MAX_PASSWORD {
            Err(WeakPassword::TooLong)
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> RegionCode {
        RegionCode::parse(raw).expect("valid code")
    }

    #[test]
    fn email_addresses_are_normalised_and_checked() {
        let email = EmailAddress::parse("  Operator@KesbangPol.JabarProv.go.id ").expect("valid");
        assert_eq!(email.as_str(), "operator@kesbangpol.jabarprov.go.id");
        for bad in [
            "",
            "no-at-sign",
            "@kemendagri.go.id",
            "a@b",
            "a@.go.id",
            "a@go.id.",
            "a b@x.id",
            "a@b@c.id",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(InvalidEmail), "{bad:?}");
        }
        assert!(
            !format!("{email:?}").contains("operator"),
            "Debug hides the person"
        );
    }

    #[test]
    fn roles_are_built_only_from_consistent_parts() {
        assert_eq!(Role::from_parts("admin", None), Ok(Role::Admin));
        assert_eq!(
            Role::from_parts("operator", Some(code("32"))),
            Ok(Role::Operator(code("32")))
        );
        assert_eq!(
            Role::from_parts("operator", None),
            Err(InvalidRole::OperatorWithoutRegion)
        );
        assert_eq!(
            Role::from_parts("organizer", Some(code("32"))),
            Err(InvalidRole::RegionWithoutOperator)
        );
        assert_eq!(
            Role::from_parts("root", None),
            Err(InvalidRole::UnknownRole)
        );
    }

    #[test]
    fn an_operator_covers_their_region_only() {
        let jabar = Role::Operator(code("32"));
        assert!(jabar.covers(&code("32")));
        assert!(
            jabar.covers(&code("32.12")),
            "a province covers its regencies"
        );
        assert!(!jabar.covers(&code("17")), "not Bengkulu");
        assert!(!jabar.covers(&code("17.04")));
        let indramayu = Role::Operator(code("32.12"));
        assert!(indramayu.covers(&code("32.12")));
        assert!(
            !indramayu.covers(&code("32")),
            "a regency does not cover its province"
        );
        assert!(!indramayu.covers(&code("32.13")));
        assert!(Role::Organizer.covers(&code("91.71")));
    }

    /// Role × action: each role may do exactly what it should.
    #[test]
    fn the_permission_table() {
        let jabar = Role::Operator(code("32"));
        let kaur = Role::Operator(code("17.04"));
        let in_jabar = code("32.12");
        let in_bengkulu = code("17.04");
        #[rustfmt::skip]
        let table: Vec<(Action, [bool; 4])> = vec![
            //                                        admin  organizer  op 32  op 17.04
            (Action::ReadPublished,                        [true,  true,  true,  true ]),
            (Action::ReadDrafts,                           [true,  true,  false, false]),
            (Action::ManageSessions,                       [true,  true,  false, false]),
            (Action::ExportAttendance,                     [true,  true,  false, false]),
            (Action::ReadReports,                          [true,  true,  false, false]),
            (Action::ManageUsers,                          [true,  false, false, false]),
            (Action::ReadAuditTrail,                       [true,  false, false, false]),
            (Action::RegisterPeople(in_jabar.clone()),     [true,  true,  true,  false]),
            (Action::RegisterPeople(in_bengkulu.clone()),  [true,  true,  false, true ]),
            (Action::ReadRegistrations(in_jabar),          [true,  true,  true,  false]),
            (Action::ReadRegistrations(in_bengkulu),       [true,  true,  false, true ]),
        ];
        let roles = [Role::Admin, Role::Organizer, jabar, kaur];
        for (action, expected) in table {
            for (role, allowed) in roles.iter().zip(expected) {
                assert_eq!(role.may(&action), allowed, "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn passwords_have_a_length_and_never_print() {
        assert_eq!(Password::new("pendek"), Err(WeakPassword::TooShort));
        assert_eq!(
            Password::new(&"x".repeat(MAX_PASSWORD + 1)),
            Err(WeakPassword::TooLong)
        );
        let password = Password::new("rahasia-sekali-2024").expect("long enough");
        assert!(!format!("{password:?}").contains("rahasia"));
    }
}
