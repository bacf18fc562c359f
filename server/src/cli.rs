//! Administrative commands: `simpul user create` and `simpul token create`.

use std::io::{BufRead, IsTerminal};

use simpul::account::{Actor, EmailAddress, Password, Role};
use simpul::region::RegionCode;
use simpul::storage::{Database, NewUser, StorageError};

use crate::config::{Config, TokenCommand, UserCommand};

/// A command that could not be carried out, with a message for the person at the
/// terminal (never the password).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("--email: {0}")]
    Email(#[from] simpul::account::InvalidEmail),
    #[error("--region: a region code is 32 or 32.12")]
    RegionCode,
    #[error("--role/--region: {0}")]
    Role(#[from] simpul::account::InvalidRole),
    #[error("password: {0}")]
    Password(#[from] simpul::account::WeakPassword),
    #[error("password: could not read it from standard input ({0})")]
    ReadPassword(std::io::Error),
    #[error("--email: no user has this address")]
    UnknownUser,
    #[error("--email: this user is disabled")]
    DisabledUser,
    #[error("--name: {0}")]
    TokenName(&'static str),
    #[error("{0}")]
    Storage(#[from] StorageError),
}

/// Runs a user command against the configured database; returns what to print.
pub async fn run_user_command(config: &Config, command: &UserCommand) -> Result<String, CliError> {
    let UserCommand::Create {
        email,
        name,
        role,
        region,
    } = command;
    let email = EmailAddress::parse(email)?;
    let region = region
        .as_deref()
        .map(RegionCode::parse)
        .transpose()
        .map_err(|_| CliError::RegionCode)?;
    let role = Role::from_parts(role, region)?;
    let password = Password::new(&read_password()?)?;
    let db = Database::connect(config.database_url.expose()).await?;
    db.prepare().await?;
    let new = NewUser {
        name: name.clone().unwrap_or_else(|| email.to_string()),
        email,
        role,
        password,
    };
    let id = db
        .create_user(&new, Actor::System, chrono::Utc::now())
        .await;
    db.close().await;
    let id = id?;
    let scope = new
        .role
        .region()
        .map(|r| format!(" for region {r}"))
        .unwrap_or_default();
    Ok(format!(
        "created {} {}{scope} (user {})",
        new.role.word(),
        new.email,
        id.0
    ))
}

/// Creates an API token; returns it (printed once, on standard output alone, so that
/// `TOKEN=$(simpul token create …)` works).
pub async fn run_token_command(
    config: &Config,
    command: &TokenCommand,
) -> Result<String, CliError> {
    let TokenCommand::Create { email, name } = command;
    let email = EmailAddress::parse(email)?;
    let name = simpul::account::token_name(name).map_err(CliError::TokenName)?;
    let db = Database::connect(config.database_url.expose()).await?;
    db.prepare().await?;
    let created = async {
        let user = db
            .user_by_email(&email)
            .await?
            .ok_or(CliError::UnknownUser)?;
        if user.disabled {
            return Err(CliError::DisabledUser);
        }
        let (_, secret) = db
            .create_api_token(user.id, &name, Actor::System, chrono::Utc::now())
            .await?;
        Ok(secret.expose().to_owned())
    }
    .await;
    db.close().await;
    created
}

/// The password: typed without echo on a terminal, else the first line of stdin.
fn read_password() -> Result<String, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return rpassword::prompt_password("Password: ").map_err(CliError::ReadPassword);
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(CliError::ReadPassword)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
