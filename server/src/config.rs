//! Configuration: command-line options, each with an environment variable and a default.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The command line: options for the server, and the administrative commands.
///
/// Simpul: the organizer for the coordination meetings (rakor) and webinars of
/// Kemendagri's Ditjen Polpum. Without a command it starts the web server.
#[derive(Debug, Clone, Parser)]
#[command(name = "simpul", version)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it once (it cannot be shown again).
    Create {
        /// The e-mail address of the user the token acts as.
        #[arg(long)]
        email: String,
        /// What the token is for, as listed on the user's account page.
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Create a user. The password is read from standard input (typed without echo on
    /// a terminal, or piped), never from the command line.
    Create {
        /// The sign-in e-mail address.
        #[arg(long)]
        email: String,
        /// The person's name as it appears in the audit trail (default: the address).
        #[arg(long)]
        name: Option<String>,
        /// admin, organizer or operator.
        #[arg(long, value_parser = ["admin", "organizer", "operator"])]
        role: String,
        /// For operators: the province (32) or regency (32.12) they work for.
        #[arg(long)]
        region: Option<String>,
    },
}

/// Simpul: the organizer for the coordination meetings (rakor) and webinars of
/// Kemendagri's Ditjen Polpum.
///
/// Starts the web server. On start it creates the database if needed, brings its schema
/// up to date and loads the region reference data (38 provinces, 514 regencies and
/// cities). Stop it with Ctrl-C or SIGTERM: requests under way are finished first.
#[derive(Debug, Clone, Parser)]
#[command(name = "simpul", version)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(
        long = "addr",
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000"
    )]
    pub addr: SocketAddr,

    /// Database: `sqlite://path/to/file.db` (created if missing) or
    /// `postgres://user:password@host/database`.
    #[arg(
        long = "database-url",
        env = "DATABASE_URL",
        default_value = "sqlite://data/simpul.db",
        hide_env_values = true,
        global = true
    )]
    pub database_url: DatabaseUrl,

    /// Folder with the built site (`pkg/simpul.js`, `pkg/simpul_bg.wasm`,
    /// `pkg/simpul.css` and the public assets), as `make build` leaves it.
    #[arg(
        long = "site-root",
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site"
    )]
    pub site_root: PathBuf,

    /// Folder for files Simpul keeps besides the database: uploaded materials go in
    /// its `materials` folder.
    #[arg(long = "data-dir", env = "SIMPUL_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Largest material (slides, documents) an organizer may upload, in megabytes.
    #[arg(
        long = "max-upload-mb",
        env = "SIMPUL_MAX_UPLOAD_MB",
        default_value_t = 25,
        value_parser = clap::value_parser!(u64).range(1..=1024)
    )]
    pub max_upload_mb: u64,

    /// Load the demo sessions (from the ministry's news reports, plus a few upcoming
    /// ones) when the database has no session yet. Never touches a database that has.
    #[arg(long)]
    pub demo: bool,

    /// Mark the sign-in cookie `Secure`, so browsers send it over HTTPS only. Set this
    /// whenever Simpul is served over HTTPS (directly or behind a reverse proxy).
    #[arg(long = "secure-cookies", env = "SIMPUL_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Behind a reverse proxy: take the client address for the sign-in rate limit from
    /// the first `X-Forwarded-For` entry. Never set this without a proxy that sets it.
    #[arg(long = "trust-forwarded-for", env = "SIMPUL_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// The address people reach Simpul at (`https://simpul.kemendagri.go.id`), printed
    /// on attendance certificates for their verification. Default: the address each
    /// request was made to.
    #[arg(long = "public-url", env = "SIMPUL_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// Log filter, as for `RUST_LOG` (`info`, `simpul=debug,tower_http=info`, ...).
    #[arg(long = "log", env = "RUST_LOG", default_value = "info")]
    pub log: String,
}

/// A database URL. It may hold a password, so it never prints.
#[derive(Clone)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The kind of database and, for SQLite, the file: safe to log.
    pub fn describe(&self) -> String {
        if self.0.starts_with("sqlite:") {
            format!(
                "SQLite {}",
                self.0
                    .trim_start_matches("sqlite://")
                    .trim_start_matches("sqlite:")
            )
        } else {
            "PostgreSQL".to_owned()
        }
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match simpul::storage::Backend::of_url(s) {
            Some(_) => Ok(Self(s.to_owned())),
            None => Err("must start with sqlite:// or postgres://".to_owned()),
        }
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseUrl({})", self.describe())
    }
}

/// An http(s) address without a trailing slash.
fn parse_public_url(raw: &str) -> Result<String, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("not an address: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err("must be an http or https address".to_owned());
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_never_print_their_password() {
        let url: DatabaseUrl = "postgres://simpul:s3cret@db.example/simpul"
            .parse()
            .expect("valid");
        assert!(!format!("{url:?}").contains("s3cret"));
        assert_eq!(url.describe(), "PostgreSQL");
        assert!("mysql://x".parse::<DatabaseUrl>().is_err());
    }

    #[test]
    fn defaults_listen_on_loopback_with_sqlite() {
        let config = Config::try_parse_from(["simpul"]).expect("defaults parse");
        assert!(config.addr.ip().is_loopback());
        assert_eq!(config.database_url.describe(), "SQLite data/simpul.db");
        assert!(!config.demo);
        assert_eq!(config.max_upload_mb, 25);
        assert!(Config::try_parse_from(["simpul", "--max-upload-mb", "0"]).is_err());
    }

    #[test]
    fn the_public_url_is_an_http_address() {
        assert_eq!(
            super::parse_public_url("https://simpul.kemendagri.go.id/"),
            Ok("https://simpul.kemendagri.go.id".to_owned())
        );
        assert!(super::parse_public_url("ftp://x.go.id").is_err());
        assert!(super::parse_public_url("simpul").is_err());
    }
}
