//! What the benchmark seeders share (a module, not an example of its own: Cargo only
//! builds `examples/*.rs` and `examples/*/main.rs` as examples).

use chrono::{DateTime, Utc};
use simpul::account::{Actor, EmailAddress, Password, Role};
use simpul::storage::{ApiTokenSecret, Database, NewUser};

/// The organizer the load scripts act as, `bench@kemendagri.go.id` (its password is
/// the one `bench/participation` signs in with), and a new API token of theirs.
pub async fn bench_organizer(
    db: &Database,
    now: DateTime<Utc>,
) -> Result<ApiTokenSecret, Box<dyn std::error::Error>> {
    let organizer = db
        .create_user(
            &NewUser {
                email: EmailAddress::parse("bench@kemendagri.go.id")?,
                name: "Panitia Benchmark".into(),
                role: Role::Organizer,
                password: Password::new("kata-sandi-benchmark-2026")?,
            },
            Actor::System,
            now,
        )
        .await?;
    let (_, token) = db
        .create_api_token(organizer, "bench", Actor::System, now)
        .await?;
    Ok(token)
}
