//! `simpul`: serves the application, or runs an administrative command.

use clap::Parser;
use simpul_server::cli::run_user_command;
use simpul_server::config::{Cli, Command};
use simpul_server::startup::Application;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let Cli { config, command } = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    match command {
        Some(Command::User(user_command)) => match run_user_command(&config, &user_command).await {
            Ok(message) => {
                println!("{message}");
                std::process::ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("simpul: {error}");
                std::process::ExitCode::FAILURE
            }
        },
        None => serve(&config).await,
    }
}

async fn serve(config: &simpul_server::config::Config) -> std::process::ExitCode {
    let application = match Application::build(config).await {
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
