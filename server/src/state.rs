//! What every handler and server function can reach, passed as axum state and as
//! Leptos context (never a global), so that each test builds its own.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use simpul::storage::Database;

use crate::auth::SignInLimits;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
    pub sign_in_limits: Arc<SignInLimits>,
    pub public_registrations: Arc<crate::auth::PublicRegistrationLimits>,
    /// Mark the sign-in cookie `Secure` (served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_forwarded_for: bool,
    /// Where uploaded materials are kept, and their size limit.
    pub materials: crate::materials::MaterialStore,
    /// The site's address for certificates, calendar feeds and subscribe links
    /// (`--public-url`); `None`: the request's.
    pub public_url: Option<String>,
    /// Calendar feeds built since the last change (see `crate::calendar`).
    pub feeds: Arc<crate::calendar::FeedCache>,
}

impl AppState {
    /// The site's address without a trailing slash: `--public-url`, else the host
    /// this request was made to (only if it looks like a host name).
    pub fn site_address(&self, headers: &axum::http::HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            })
            .unwrap_or("localhost");
        let scheme = if self.secure_cookies { "https" } else { "http" };
        format!("{scheme}://{host}")
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
