//! What every handler and server function can reach, passed as axum state and as
//! Leptos context (never a global), so that each test builds its own.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use simpul::storage::Database;

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
