//! Builds the application (database, routes, listener) and runs it until a signal.
//!
//! Tests build it the same way on port 0 with a database of their own.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{Request, StatusCode};
use axum::routing::{get, post};
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
            sign_in_limits: Default::default(),
            public_registrations: Default::default(),
            secure_cookies: config.secure_cookies,
            trust_forwarded_for: config.trust_forwarded_for,
            materials: crate::materials::MaterialStore {
                dir: config.data_dir.join("materials"),
                max_bytes: config.max_upload_mb * 1024 * 1024,
            },
            public_url: config.public_url.clone(),
            feeds: Default::default(),
        };
        tokio::spawn(clean_up_expired_sign_ins(db.clone()));
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
        // The peer address feeds the sign-in rate limit.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        self.db.close().await;
        result
    }
}

/// Removes expired sign-ins now and then every hour, for as long as the server runs.
async fn clean_up_expired_sign_ins(db: Database) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        match db.delete_expired_sign_ins(chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "expired sign-ins removed"),
            Err(error) => tracing::warn!(%error, "cannot remove expired sign-ins"),
        }
    }
}

/// Every route: health, JSON API and its description, sign-in and sign-out, language
/// switch, the Leptos pages and server functions, and the static site files. Every
/// request passes the cross-site check, then [`crate::auth::identify`].
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let db = state.db.clone();
    // Uploads may be as large as the configured limit (and a little for the form);
    // everything else keeps axum's default body limit.
    let upload_limit = DefaultBodyLimit::max(
        usize::try_from(state.materials.max_bytes)
            .unwrap_or(usize::MAX)
            .saturating_add(64 * 1024),
    );
    Router::new()
        .route("/healthz", get(health))
        .nest("/api/v1", crate::api::router())
        .route(
            "/api/v1/sessions/{id}/materials",
            post(crate::materials::upload_api).layer(upload_limit),
        )
        .route(
            "/organizer/sessions/{id}/materials",
            post(crate::materials::upload_form).layer(upload_limit),
        )
        .route("/organizer/materials/{id}/remove", post(crate::materials::remove))
        .route("/materials/{id}/{name}", get(crate::materials::download))
        .route("/api/openapi.json", get(crate::openapi::document))
        .route("/admin/audit.csv", get(crate::audit_export::export))
        .route("/registrations/template.xlsx", get(crate::registrations::template_xlsx))
        .route("/registrations/template.csv", get(crate::registrations::template_csv))
        .route(
            "/organizer/sessions/{id}/registrations.csv",
            get(crate::registrations::export_csv),
        )
        .route(
            "/organizer/sessions/{id}/registrations.xlsx",
            get(crate::registrations::export_xlsx),
        )
        .route("/sessions/{id}/attendance.csv", get(crate::attendance::export_csv))
        .route("/sessions/{id}/attendance.xlsx", get(crate::attendance::export_xlsx))
        .route("/sessions/{id}/attendance.pdf", get(crate::attendance::export_pdf))
        .route("/sessions/{id}/certificates.zip", get(crate::attendance::certificates_zip))
        .route("/registrations/{secret}/certificate.pdf", get(crate::attendance::own_certificate))
        .route("/reports/participation.xlsx", get(crate::reports::participation_xlsx))
        .route("/reports/participation.pdf", get(crate::reports::participation_pdf))
        .route("/calendar.ics", get(crate::calendar::public))
        .route("/calendar/kind/{file}", get(crate::calendar::public))
        .route("/calendar/region/{file}", get(crate::calendar::public))
        .route("/calendar/speaker/{file}", get(crate::calendar::public))
        .route("/calendar/private/{file}", get(crate::calendar::private))
        .route("/sign-in", post(crate::auth::sign_in))
        .route("/sign-out", post(crate::auth::sign_out))
        .route("/account/password", post(crate::auth::change_password))
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::calendar::session_file,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::identify,
        ))
        .layer(axum::middleware::from_fn(crate::csrf::refuse_cross_site))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            // The path only (query strings may one day carry tokens), without the
            // secrets some paths hold.
            tracing::info_span!("request", method = %request.method(), path = %loggable_path(request.uri().path()))
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

/// A path as the log may show it: the secret of a private registration link, of a
/// public registration link, of a private calendar feed and a certificate's code are
/// replaced by `…`.
fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    const SECRET_AFTER: [&str; 4] = [
        "/registrations/",
        "/register/",
        "/certificates/",
        "/calendar/private/",
    ];
    for prefix in SECRET_AFTER {
        if let Some(rest) = path.strip_prefix(prefix) {
            let (secret, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if secret.starts_with("template.") {
                break;
            }
            return format!("{prefix}…{tail}").into();
        }
    }
    path.into()
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn secrets_in_paths_stay_out_of_the_log() {
        assert_eq!(
            loggable_path("/registrations/abc123/certificate.pdf"),
            "/registrations/…/certificate.pdf"
        );
        assert_eq!(loggable_path("/registrations/abc123"), "/registrations/…");
        assert_eq!(loggable_path("/register/s3cret"), "/register/…");
        assert_eq!(
            loggable_path("/certificates/ABCD-EFGH-JKMN"),
            "/certificates/…"
        );
        assert_eq!(
            loggable_path("/registrations/template.xlsx"),
            "/registrations/template.xlsx"
        );
        assert_eq!(
            loggable_path("/calendar/private/Qm9vb2s.ics"),
            "/calendar/private/…"
        );
        assert_eq!(loggable_path("/sessions/4"), "/sessions/4");
        assert_eq!(
            loggable_path("/calendar/region/32.ics"),
            "/calendar/region/32.ics"
        );
    }
}
