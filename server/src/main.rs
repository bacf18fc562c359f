//! `simpul`: serves the application, or runs an administrative command.

use clap::Parser;
use simpul_server::cli::{run_token_command, run_user_command};
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
    let outcome = match command {
        Some(Command::User(user_command)) => run_user_command(&config, &user_command).await,
        Some(Command::Token(token_command)) => run_token_command(&config, &token_command).await,
        None => return serve(&config).await,
    };
    match outcome {
        Ok(message) => {
            println!("{message}");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("simpul: {error}");
            std::process::ExitCode::FAILURE
        }
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
