//! What the account pages receive from the server, and the server functions that send
//! it: the signed-in user, user management (admins), API tokens (each user their
//! own) and the audit trail.
//!
//! Every function checks the role on the server through [`backend::require`]; the
//! pages only decide what to show.

use serde::{Deserialize, Serialize};
use simpul::audit::{AuditAction, SubjectKind};

use leptos::server;
use leptos::server_fn::ServerFnError;

/// The signed-in user, as the header and pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewerInfo {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// `admin`, `organizer` or `operator`.
    pub role: String,
    pub region: Option<String>,
    pub region_name: Option<String>,
}

impl ViewerInfo {
    pub fn is_admin(&self) -> bool {
        self.role == "admin"
    }

    /// Admins and organizers run sessions.
    pub fn manages_sessions(&self) -> bool {
        self.role == "admin" || self.role == "organizer"
    }

    pub fn is_operator(&self) -> bool {
        self.role == "operator"
    }
}

/// A user in the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLine {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub region: Option<String>,
    pub region_name: Option<String>,
    pub disabled: bool,
    /// The admin looking at the list.
    pub is_me: bool,
}

/// The user form as typed. `password` is used when creating only; `disabled` when
/// editing only (`"true"` from the checkbox).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub email: String,
    pub name: String,
    pub role: String,
    pub region: String,
    pub password: String,
    pub disabled: String,
}

/// What saving a user led to. Problems are message keys, each with its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserOutcome {
    Saved { id: i64 },
    Invalid(Vec<(String, String)>),
}

/// An API token in its owner's list (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenLine {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: bool,
}

/// What making a token led to: the secret, shown this once, or the name's problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenOutcome {
    Created { name: String, secret: String },
    Invalid(String),
}

/// One entry of the audit trail, written out for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
    /// The user's name, or `None` for Simpul itself.
    pub actor: Option<String>,
    pub action: AuditAction,
    pub subject_kind: SubjectKind,
    pub subject_id: i64,
    pub session: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The audit page's filter, as it arrives from the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub session: Option<String>,
    pub action: Option<String>,
    /// A user id.
    pub user: Option<String>,
    /// `2026-11-01`
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Message keys for the failures that every protected function can answer.
pub const ERROR_SIGN_IN: &str = "error-sign-in-required";
pub const ERROR_FORBIDDEN: &str = "error-forbidden";

#[server]
pub async fn load_viewer() -> Result<Option<ViewerInfo>, ServerFnError> {
    let Some(user) = backend::viewer() else {
        return Ok(None);
    };
    backend::viewer_info(&backend::db()?, &user)
        .await
        .map(Some)
        .map_err(backend::internal)
}

#[server]
pub async fn load_users() -> Result<Vec<UserLine>, ServerFnError> {
    let admin = backend::require(&simpul::account::Action::ManageUsers)?;
    backend::users(&backend::db()?, &admin)
        .await
        .map_err(backend::internal)
}

/// Creates a user (no `id`) or changes one.
#[server(endpoint = "users/save")]
pub async fn save_user(id: Option<i64>, form: UserForm) -> Result<UserOutcome, ServerFnError> {
    let admin = backend::require(&simpul::account::Action::ManageUsers)?;
    backend::save_user(&backend::db()?, &admin, id, &form, chrono::Utc::now())
        .await
        .map_err(backend::internal)
}

/// Sets a new password for a user; all their sign-ins end.
#[server(endpoint = "users/reset_password")]
pub async fn reset_password(id: i64, password: String) -> Result<UserOutcome, ServerFnError> {
    let admin = backend::require(&simpul::account::Action::ManageUsers)?;
    backend::reset_password(&backend::db()?, &admin, id, &password, chrono::Utc::now())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_tokens() -> Result<Vec<TokenLine>, ServerFnError> {
    let user = backend::signed_in()?;
    backend::tokens(&backend::db()?, &user, backend::language())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn create_token(name: String) -> Result<TokenOutcome, ServerFnError> {
    let user = backend::signed_in()?;
    backend::create_token(&backend::db()?, &user, &name, chrono::Utc::now())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn revoke_token(id: i64) -> Result<(), ServerFnError> {
    let user = backend::signed_in()?;
    backend::revoke_token(&backend::db()?, &user, id, chrono::Utc::now())
        .await
        .map_err(backend::internal)
}

/// The audit trail: all of it for admins; one session's for the organizer who created
/// it.
#[server]
pub async fn load_audit(query: AuditQuery) -> Result<Vec<AuditLine>, ServerFnError> {
    let user = backend::signed_in()?;
    let db = backend::db()?;
    let filter = backend::audit_filter(&query)
        .map_err(|key| backend::refuse(backend::Refusal::Invalid(key)))?;
    if !backend::may_read_audit(&db, &user, &filter)
        .await
        .map_err(backend::internal)?
    {
        return Err(backend::refuse(backend::Refusal::Forbidden));
    }
    backend::audit(&db, &filter, backend::language())
        .await
        .map_err(backend::internal)
}

/// The server side of the functions above, and the checks every protected server
/// function uses.
#[cfg(feature = "ssr")]
pub mod backend {
    use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
    use leptos::prelude::*;
    use simpul::Language;
    use simpul::account::{
        Action, Actor, EmailAddress, Password, Role, User, UserId, WeakPassword, token_name,
    };
    use simpul::audit::{AuditAction, AuditFilter};
    use simpul::region::RegionCode;
    use simpul::session::SessionId;
    use simpul::storage::{ApiTokenId, Database, NewUser, StorageError, UserChange};
    use simpul::zone::Zone;

    use super::*;
    use crate::layout::url_escape;

    pub use crate::sessions::api::backend::{db, internal, language, present};

    /// The user making this request, as the server's `identify` step found them.
    pub fn viewer() -> Option<User> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<User>().cloned())
    }

    /// The signed-in user; without one, the page is sent to the sign-in page (and the
    /// function answers [`ERROR_SIGN_IN`]).
    pub fn signed_in() -> Result<User, ServerFnError> {
        viewer().ok_or_else(|| {
            leptos_axum::redirect(&format!("/sign-in?next={}", url_escape(&return_path())));
            refuse(Refusal::SignIn)
        })
    }

    /// The signed-in user if their role allows the action, else [`ERROR_FORBIDDEN`].
    pub fn require(action: &Action) -> Result<User, ServerFnError> {
        let user = signed_in()?;
        if user.may(action) {
            Ok(user)
        } else {
            Err(refuse(Refusal::Forbidden))
        }
    }

    /// Why a server function will not answer, though nothing went wrong on the server.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Refusal {
        SignIn,
        Forbidden,
        NotFound,
        /// The arguments cannot be used; the message key says why.
        Invalid(&'static str),
        /// An upload past its size limit.
        TooLarge,
        /// Too many requests from one address (the public registration form).
        TooMany,
    }

    impl Refusal {
        /// The message key the page shows.
        pub fn key(self) -> &'static str {
            match self {
                Refusal::SignIn => ERROR_SIGN_IN,
                Refusal::Forbidden => ERROR_FORBIDDEN,
                Refusal::NotFound => crate::sessions::api::ERROR_NOT_FOUND,
                Refusal::Invalid(key) => key,
                Refusal::TooLarge => crate::registrations::api::ERROR_TOO_LARGE,
                Refusal::TooMany => crate::registrations::api::ERROR_TOO_MANY,
            }
        }

        pub fn status(self) -> http::StatusCode {
            match self {
                Refusal::SignIn => http::StatusCode::UNAUTHORIZED,
                Refusal::Forbidden => http::StatusCode::FORBIDDEN,
                Refusal::NotFound => http::StatusCode::NOT_FOUND,
                Refusal::Invalid(_) => http::StatusCode::UNPROCESSABLE_ENTITY,
                Refusal::TooLarge => http::StatusCode::PAYLOAD_TOO_LARGE,
                Refusal::TooMany => http::StatusCode::TOO_MANY_REQUESTS,
            }
        }
    }

    /// A refusal as a server function's error. Called by a page's script, the answer
    /// carries the refusal's status (401 to 429) instead of server_fn's default 500,
    /// so refusals are not counted as server faults. While a page is being rendered,
    /// or for a plain form post (which is sent back to its page with 302), the status
    /// belongs to the page and is left alone.
    pub fn refuse(refusal: Refusal) -> ServerFnError {
        let called_by_script = use_context::<http::request::Parts>().is_some_and(|parts| {
            let accepts_html = parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"));
            parts.uri.path().starts_with("/api/") && !accepts_html
        });
        if called_by_script && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(refusal.status());
        }
        ServerFnError::new(refusal.key())
    }

    /// Where to come back after signing in: the page being rendered, or for a server
    /// function called from a page, that page (its `Referer`, on this site).
    fn return_path() -> String {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return "/".to_owned();
        };
        let path = parts.uri.path();
        if !path.starts_with("/api/") {
            return parts
                .uri
                .path_and_query()
                .map_or("/".to_owned(), |p| p.as_str().to_owned());
        }
        parts
            .headers
            .get(http::header::REFERER)
            .and_then(|r| r.to_str().ok())
            .and_then(|r| r.split_once("://"))
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
            .unwrap_or_else(|| "/".to_owned())
    }

    async fn region_name(
        db: &Database,
        code: Option<&RegionCode>,
    ) -> Result<Option<String>, StorageError> {
        Ok(match code {
            Some(code) => db.region(code).await?.map(|r| r.name),
            None => None,
        })
    }

    pub async fn viewer_info(db: &Database, user: &User) -> Result<ViewerInfo, StorageError> {
        Ok(ViewerInfo {
            id: user.id.0,
            name: user.name.clone(),
            email: user.email.to_string(),
            role: user.role.word().to_owned(),
            region: user.role.region().map(|r| r.to_string()),
            region_name: region_name(db, user.role.region()).await?,
        })
    }

    pub async fn users(db: &Database, admin: &User) -> Result<Vec<UserLine>, StorageError> {
        let regions: std::collections::HashMap<String, String> = db
            .regions(simpul::storage::RegionFilter::All)
            .await?
            .into_iter()
            .map(|r| (r.code.to_string(), r.name))
            .collect();
        Ok(db
            .users()
            .await?
            .into_iter()
            .map(|user| {
                let region = user.role.region().map(|r| r.to_string());
                UserLine {
                    id: user.id.0,
                    region_name: region.as_ref().and_then(|r| regions.get(r).cloned()),
                    region,
                    name: user.name,
                    email: user.email.to_string(),
                    role: user.role.word().to_owned(),
                    disabled: user.disabled,
                    is_me: user.id == admin.id,
                }
            })
            .collect())
    }

    /// Reads the role and region fields; problems are `(field, message key)`.
    fn read_role(form: &UserForm, problems: &mut Vec<(String, String)>) -> Option<Role> {
        let region = match form.region.trim() {
            "" => None,
            raw => match RegionCode::parse(raw) {
                Ok(code) => Some(code),
                Err(_) => {
                    problems.push(("region".into(), "error-invalid_region".into()));
                    return None;
                }
            },
        };
        match Role::from_parts(form.role.trim(), region) {
            Ok(role) => Some(role),
            Err(simpul::account::InvalidRole::OperatorWithoutRegion) => {
                problems.push(("region".into(), "error-operator-needs-region".into()));
                None
            }
            Err(simpul::account::InvalidRole::RegionWithoutOperator) => {
                problems.push(("region".into(), "error-region-only-operators".into()));
                None
            }
            Err(simpul::account::InvalidRole::UnknownRole) => {
                problems.push(("role".into(), "error-unknown_choice".into()));
                None
            }
        }
    }

    fn password_problem(error: WeakPassword) -> String {
        match error {
            WeakPassword::TooShort => "error-password-too-short",
            WeakPassword::TooLong => "error-password-too-long",
        }
        .to_owned()
    }

    fn read_name(form: &UserForm, problems: &mut Vec<(String, String)>) -> String {
        let name = form.name.trim();
        if name.is_empty() {
            problems.push(("name".into(), "error-required".into()));
        } else if name.chars().count() > 200 {
            problems.push(("name".into(), "error-name-too-long".into()));
        }
        name.to_owned()
    }

    /// Creates or changes a user. An admin cannot disable themselves or take away
    /// their own admin role, so Simpul always keeps an admin.
    pub async fn save_user(
        db: &Database,
        admin: &User,
        id: Option<i64>,
        form: &UserForm,
        now: DateTime<Utc>,
    ) -> Result<UserOutcome, StorageError> {
        let mut problems = Vec::new();
        let name = read_name(form, &mut problems);
        let role = read_role(form, &mut problems);
        let outcome = match id {
            None => {
                let email = EmailAddress::parse(&form.email)
                    .map_err(|_| problems.push(("email".into(), "error-invalid-email".into())))
                    .ok();
                let password = Password::new(&form.password)
                    .map_err(|e| problems.push(("password".into(), password_problem(e))))
                    .ok();
                let (Some(email), Some(role), Some(password), true) =
                    (email, role, password, problems.is_empty())
                else {
                    return Ok(UserOutcome::Invalid(problems));
                };
                let new = NewUser {
                    email,
                    name,
                    role,
                    password,
                };
                db.create_user(&new, Actor::from(admin), now)
                    .await
                    .map(|id| id.0)
            }
            Some(id) => {
                let disabled = form.disabled == "true";
                if id == admin.id.0
                    && (disabled || role.as_ref().is_some_and(|r| *r != Role::Admin))
                {
                    problems.push(("role".into(), "error-own-account".into()));
                }
                let (Some(role), true) = (role, problems.is_empty()) else {
                    return Ok(UserOutcome::Invalid(problems));
                };
                let change = UserChange {
                    name,
                    role,
                    disabled,
                };
                db.change_user(UserId(id), &change, Actor::from(admin), now)
                    .await
                    .map(|user| user.id.0)
            }
        };
        match outcome {
            Ok(id) => Ok(UserOutcome::Saved { id }),
            Err(StorageError::Duplicate(_)) => Ok(UserOutcome::Invalid(vec![(
                "email".into(),
                "error-email-in-use".into(),
            )])),
            Err(StorageError::UnknownRegion(_)) => Ok(UserOutcome::Invalid(vec![(
                "region".into(),
                "error-unknown_region".into(),
            )])),
            Err(other) => Err(other),
        }
    }

    pub async fn reset_password(
        db: &Database,
        admin: &User,
        id: i64,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<UserOutcome, StorageError> {
        let password = match Password::new(password) {
            Ok(password) => password,
            Err(error) => {
                return Ok(UserOutcome::Invalid(vec![(
                    "password".into(),
                    password_problem(error),
                )]));
            }
        };
        db.set_password(UserId(id), &password, Actor::from(admin), now)
            .await?;
        Ok(UserOutcome::Saved { id })
    }

    /// A time as people in Jakarta read it, in the page's language.
    fn when(time: DateTime<Utc>, language: Language) -> String {
        let local = time.with_timezone(&Zone::Wib.tz());
        let format = match language {
            Language::Id => "%d-%m-%Y %H.%M WIB",
            Language::En => "%Y-%m-%d %H:%M WIB",
        };
        local.format(format).to_string()
    }

    pub async fn tokens(
        db: &Database,
        user: &User,
        language: Language,
    ) -> Result<Vec<TokenLine>, StorageError> {
        Ok(db
            .api_tokens(user.id)
            .await?
            .into_iter()
            .map(|token| TokenLine {
                id: token.id.0,
                name: token.name,
                created: when(token.created_at, language),
                last_used: token.last_used_at.map(|t| when(t, language)),
                revoked: token.revoked_at.is_some(),
            })
            .collect())
    }

    pub async fn create_token(
        db: &Database,
        user: &User,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<TokenOutcome, StorageError> {
        let name = match token_name(name) {
            Ok(name) => name,
            Err(_) if name.trim().is_empty() => {
                return Ok(TokenOutcome::Invalid("error-required".into()));
            }
            Err(_) => return Ok(TokenOutcome::Invalid("error-name-too-long".into())),
        };
        let (token, secret) = db
            .create_api_token(user.id, &name, Actor::from(user), now)
            .await?;
        Ok(TokenOutcome::Created {
            name: token.name,
            secret: secret.expose().to_owned(),
        })
    }

    pub async fn revoke_token(
        db: &Database,
        user: &User,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        db.revoke_api_token(user.id, ApiTokenId(id), Actor::from(user), now)
            .await
    }

    /// Reads the audit filter; a malformed part is an error key.
    pub fn audit_filter(query: &AuditQuery) -> Result<AuditFilter, &'static str> {
        let date = |raw: &str| {
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| Zone::Wib.to_utc(d.and_time(NaiveTime::MIN)))
                .ok_or("error-invalid_date")
        };
        Ok(AuditFilter {
            session: present(&query.session)
                .map(|raw| SessionId::parse(raw).ok_or("error-not-an-id"))
                .transpose()?,
            actor: present(&query.user)
                .map(|raw| UserId::parse(raw).ok_or("error-not-an-id"))
                .transpose()?,
            action: present(&query.action)
                .map(|raw| AuditAction::parse(raw).ok_or("error-unknown_choice"))
                .transpose()?,
            from: present(&query.from).map(date).transpose()?,
            // "to" is inclusive: up to the end of that day.
            to: present(&query.to)
                .map(date)
                .transpose()?
                .map(|t| t + chrono::Duration::days(1)),
            limit: Some(500),
        })
    }

    /// Admins read everything; the organizer who created a session reads its history.
    pub async fn may_read_audit(
        db: &Database,
        user: &User,
        filter: &AuditFilter,
    ) -> Result<bool, StorageError> {
        if user.may(&Action::ReadAuditTrail) {
            return Ok(true);
        }
        let Some(session) = filter.session else {
            return Ok(false);
        };
        Ok(user.may(&Action::ManageSessions)
            && db
                .session(session)
                .await?
                .is_some_and(|s| s.created_by == Some(user.id)))
    }

    pub async fn audit(
        db: &Database,
        filter: &AuditFilter,
        language: Language,
    ) -> Result<Vec<AuditLine>, StorageError> {
        Ok(db
            .audit_events(filter)
            .await?
            .into_iter()
            .map(|event| AuditLine {
                at: when(event.at, language),
                actor: event.actor_name,
                action: event.action,
                subject_kind: event.subject_kind,
                subject_id: event.subject_id,
                session: event.session.map(|s| s.0),
                before: event.before,
                after: event.after,
            })
            .collect())
    }
}
