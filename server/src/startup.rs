//! Builds the application (database, routes, listener) and runs it until a signal.
//!
//! Tests build it the same way on port 0 with a database of their own.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use simpul::storage::{Database, StorageError, load_demo_data};
use simpul_app::{App, shell};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::state::AppState;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(#[from] StorageError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

pub struct Application {
    listener: TcpListener,
    address: SocketAddr,
    router: Router,
    db: Database,
}

impl Application {
    /// Connects and prepares the database (migrations, regions, demo data when asked),
    /// binds the listener and assembles the routes.
    pub async fn build(config: &Config) -> Result<Self, StartError> {
        tracing::info!(database = %config.database_url.describe(), "opening the database");
        let db = Database::connect(config.database_url.expose()).await?;
        db.prepare().await?;
        if config.demo {
            let loaded = load_demo_data(&db, chrono::Utc::now()).await?;
            if loaded > 0 {
                tracing::info!(
                    sessions = loaded,
                    "demo data loaded into the empty database"
                );
            } else {
                tracing::info!("the database already has sessions: demo data not loaded");
            }
        }
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartError::Listen {
                    addr: config.addr,
                    source,
                })?;
        let address = listener.local_addr().map_err(|source| StartError::Listen {
            addr: config.addr,
            source,
        })?;
        let leptos_options = LeptosOptions::builder()
            .output_name("simpul")
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        let state = AppState {
            leptos_options,
            db: db.clone(),
        };
        Ok(Self {
            listener,
            address,
            router: router(state),
            db,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until Ctrl-C or SIGTERM, finishing requests under way, then closes the
    /// database.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        self.db.close().await;
        result
    }
}

/// Every route: health, JSON API, language switch, the Leptos pages and server
/// functions, and the static site files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let db = state.db.clone();
    Router::new()
        .route("/healthz", get(health))
        .nest("/api/v1", crate::api::router())
        .route("/language/{tag}", get(crate::language::switch_language))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(db.clone()),
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(crate::csrf::refuse_cross_site))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            // The path only: query strings may one day carry tokens.
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .with_state(state)
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
async fn health(State(state): State<AppState>) -> (StatusCode, axum::Json<serde_json::Value>) {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "status": "ok" })),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({ "status": "database unavailable" })),
            )
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing requests under way");
}
