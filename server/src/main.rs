//! `simpul`: reads the configuration, prepares the database and serves until stopped.

use clap::Parser;
use simpul_server::config::Config;
use simpul_server::startup::Application;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let application = match Application::build(&config).await {
        Ok(application) => application,
        Err(error) => {
            tracing::error!(%error, "could not start");
            return std::process::ExitCode::FAILURE;
        }
    };
    tracing::info!("Simpul is listening on http://{}", application.address());
    match application.run_until_stopped().await {
        Ok(()) => {
            tracing::info!("stopped");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "server error");
            std::process::ExitCode::FAILURE
        }
    }
}
