//! `GET /admin/audit.csv`: the audit trail as CSV (UTF-8 with a byte-order mark, so
//! spreadsheet programs read the names right), with the audit page's filter. Admins
//! only, or the organizer of the one session asked for, as on the page.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use simpul::audit::AuditEvent;
use simpul_app::accounts::api::{AuditQuery, backend};

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::spreadsheet::defuse as cell;
use crate::state::AppState;

pub async fn export(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let user = viewer.ok_or(ApiError::Unauthorized)?;
    let Query(query) =
        query.map_err(|_| ApiError::bad_request("query", "is not a valid query string"))?;
    let filter = backend::audit_filter(&query).map_err(|_| {
        ApiError::bad_request("query", "has a malformed session, user, action or date")
    })?;
    if !backend::may_read_audit(&state.db, &user, &filter).await? {
        return Err(ApiError::Forbidden);
    }
    let events = state
        .db
        .audit_events(&simpul::audit::AuditFilter {
            limit: None,
            ..filter
        })
        .await?;
    let body = to_csv(&events).map_err(|error| {
        tracing::error!(%error, "cannot write the audit CSV");
        ApiError::Conflict("the export could not be written".to_owned())
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"simpul-audit.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

fn to_csv(events: &[AuditEvent]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record([
        "at",
        "actor_id",
        "actor",
        "action",
        "subject",
        "subject_id",
        "session_id",
        "before",
        "after",
    ])?;
    for event in events {
        writer.write_record([
            event.at.to_rfc3339(),
            event.actor.map(|a| a.to_string()).unwrap_or_default(),
            cell(event.actor_name.as_deref().unwrap_or("Simpul")),
            event.action.to_string(),
            event.subject_kind.to_string(),
            event.subject_id.to_string(),
            event.session.map(|s| s.to_string()).unwrap_or_default(),
            cell(event.before.as_deref().unwrap_or_default()),
            cell(event.after.as_deref().unwrap_or_default()),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("Budi"), "Budi");
    }
}
