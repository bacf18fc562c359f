//! The machine endpoints' one error type, mapped once to a status and a JSON body.
//!
//! Storage failures are logged in full and answered with a generic message: database
//! details never reach a client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use simpul::attendance::CheckInRefusal;
use simpul::session::SessionField;
use simpul::storage::StorageError;
use simpul::validation::Problem;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter is malformed or names something that does not exist.
    #[error("{field} {message}")]
    BadRequest {
        field: &'static str,
        message: &'static str,
    },
    /// A field of a JSON body is unknown or of the wrong type.
    #[error("{field} {message}")]
    BodyField {
        field: String,
        message: &'static str,
    },
    /// The thing addressed by the path does not exist (or is not the caller's to see).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// No user: a missing, unknown or revoked token, or no sign-in.
    #[error("sign in or send a valid API token")]
    Unauthorized,
    /// A user whose role does not allow this.
    #[error("your role does not allow this")]
    Forbidden,
    /// The body's fields did not validate; nothing was saved.
    #[error("the session has invalid fields")]
    Invalid(Vec<(SessionField, Problem)>),
    /// Query parameters that did not validate (a report's filter).
    #[error("some parameters are invalid")]
    InvalidQuery(Vec<(&'static str, Problem)>),
    /// People sent for registration had problems; nothing was saved.
    #[error("some people have invalid fields")]
    InvalidRows(Vec<simpul::registration::RowProblem>),
    /// The request is well formed but the record's state does not allow it.
    #[error("{0}")]
    Conflict(String),
    /// An uploaded file that is refused (wrong kind, too large, empty, ...).
    #[error("file: {0}")]
    Upload(simpul::material::UploadProblem),
    /// A failure on the server that is not the database's (writing a file); logged
    /// where it happened.
    #[error("internal error")]
    Internal,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl ApiError {
    pub fn bad_request(field: &'static str, message: &'static str) -> Self {
        Self::BadRequest { field, message }
    }
}

#[derive(Serialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize)]
struct ErrorDetail {
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    message: String,
    /// For `invalid`: every field's problem, with the same codes as the UI.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldProblem>,
}

#[derive(Serialize)]
struct FieldProblem {
    /// For a list of people: which one (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<usize>,
    field: &'static str,
    code: &'static str,
    message: String,
}

/// A 422 answer's status, code, first field and message, from its field problems.
fn invalid(fields: &[FieldProblem]) -> (StatusCode, &'static str, Option<String>, String) {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        fields.first().map(|f| f.field.to_owned()),
        fields
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut fields = Vec::new();
        let (status, code, field, message) = match &self {
            Self::BadRequest { field, message } => (
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                Some((*field).to_owned()),
                format!("{field} {message}"),
            ),
            Self::BodyField { field, message } => (
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                Some(field.clone()),
                format!("{field} {message}"),
            ),
            Self::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "not_found",
                None,
                format!("{what} not found"),
            ),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                None,
                self.to_string(),
            ),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden", None, self.to_string()),
            Self::Invalid(problems) => {
                fields = problems
                    .iter()
                    .map(|(field, problem)| FieldProblem {
                        row: None,
                        field: field.as_str(),
                        code: problem.code(),
                        message: format!("{} {}", field.as_str(), problem.english()),
                    })
                    .collect();
                invalid(&fields)
            }
            Self::InvalidQuery(problems) => {
                fields = problems
                    .iter()
                    .map(|(field, problem)| FieldProblem {
                        row: None,
                        field,
                        code: problem.code(),
                        message: format!("{field} {}", problem.english()),
                    })
                    .collect();
                invalid(&fields)
            }
            Self::InvalidRows(rows) => {
                fields = rows
                    .iter()
                    .map(|p| FieldProblem {
                        row: Some(p.row),
                        field: p.field.as_str(),
                        code: p.problem.code(),
                        message: format!(
                            "[{}].{} {}",
                            p.row,
                            p.field.as_str(),
                            p.problem.english()
                        ),
                    })
                    .collect();
                invalid(&fields)
            }
            Self::Conflict(message) => (StatusCode::CONFLICT, "conflict", None, message.clone()),
            Self::Upload(problem) => {
                fields = vec![FieldProblem {
                    row: None,
                    field: "file",
                    code: problem.code(),
                    message: format!("file: {problem}"),
                }];
                let status = match problem {
                    simpul::material::UploadProblem::TooLarge { .. } => {
                        StatusCode::PAYLOAD_TOO_LARGE
                    }
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                (
                    status,
                    "invalid",
                    Some("file".to_owned()),
                    format!("file: {problem}"),
                )
            }
            Self::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                None,
                "something went wrong on the server; it has been logged".to_owned(),
            ),
            Self::Storage(StorageError::CheckIn(refusal)) => {
                let status = match refusal {
                    CheckInRefusal::SessionNotOpen
                    | CheckInRefusal::OnlineClosed
                    | CheckInRefusal::Waitlisted => StatusCode::CONFLICT,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                fields = vec![FieldProblem {
                    row: None,
                    field: "code",
                    code: refusal.code(),
                    message: refusal.to_string(),
                }];
                (
                    status,
                    "check_in_refused",
                    Some("code".to_owned()),
                    refusal.to_string(),
                )
            }
            Self::Storage(StorageError::NotFound) => (
                StatusCode::NOT_FOUND,
                "not_found",
                None,
                "not found".to_owned(),
            ),
            Self::Storage(error) => {
                tracing::error!(%error, "storage error in the API");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    None,
                    "something went wrong on the server; it has been logged".to_owned(),
                )
            }
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                field,
                message,
                fields,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
