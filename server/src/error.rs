//! The machine endpoints' one error type, mapped once to a status and a JSON body.
//!
//! Storage failures are logged in full and answered with a generic message: database
//! details never reach a client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use simpul::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter is malformed or names something that does not exist.
    #[error("{field} {message}")]
    BadRequest {
        field: &'static str,
        message: &'static str,
    },
    /// The thing addressed by the path does not exist (or is not public).
    #[error("{0} not found")]
    NotFound(&'static str),
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
    field: Option<&'static str>,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, field, message) = match &self {
            Self::BadRequest { field, message } => (
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                Some(*field),
                format!("{field} {message}"),
            ),
            Self::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "not_found",
                None,
                format!("{what} not found"),
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
            },
        };
        (status, Json(body)).into_response()
    }
}
