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
    /// The address printed on certificates (`--public-url`); `None`: the request's.
    pub public_url: Option<String>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
