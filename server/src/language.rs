//! `GET /language/{tag}?next=/path`: remembers the chosen language in a cookie and
//! returns to the page, so switching works without JavaScript.

use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use simpul::Language;
use simpul_app::i18n::LANGUAGE_COOKIE;

#[derive(Debug, Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn switch_language(
    Path(tag): Path<String>,
    query: Result<Query<Next>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(language) = Language::from_tag(&tag) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let next = query.ok().and_then(|Query(q)| q.next).unwrap_or_default();
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        language.tag()
    );
    let mut response = Redirect::to(safe_return_path(&next)).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Only paths on this site: no scheme, no `//host`, no backslash tricks.
pub(crate) fn safe_return_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if local { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn returns_only_to_local_paths() {
        assert_eq!(safe_return_path("/sessions/4?x=1"), "/sessions/4?x=1");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "",
            "javascript:alert(1)",
            "/a\nb",
        ] {
            assert_eq!(safe_return_path(bad), "/", "{bad:?}");
        }
    }
}
