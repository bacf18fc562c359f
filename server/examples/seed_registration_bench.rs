//! Prepares a database for the registration benchmark (`bench/registrations`): an
//! organizer with an API token and a published online session that invites every
//! province with a quota of 50 online seats each, within a capacity of 1,000.
//!
//! Usage: `cargo run --release -p simpul-server --example seed_registration_bench -- DATABASE_URL`
//! Prints `SESSION_ID TOKEN` on one line.

mod common;

use chrono::Utc;
use simpul::account::Actor;
use simpul::registration::Invitation;
use simpul::session::{SessionForm, SessionStatus};
use simpul::storage::{Database, RegionFilter};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args()
        .nth(1)
        .ok_or("usage: seed_registration_bench DATABASE_URL")?;
    let db = Database::connect(&url).await?;
    db.prepare().await?;
    let now = Utc::now();
    let token = common::bench_organizer(&db, now).await?;
    let form = SessionForm {
        kind: "webinar".into(),
        title: "Webinar Netralitas ASN (benchmark)".into(),
        organizer_unit: "Ditjen Polpum".into(),
        start_date: "2030-01-15".into(),
        start_time: "09:00".into(),
        end_time: "12:00".into(),
        zone: "Asia/Jakarta".into(),
        mode: "daring".into(),
        meeting_link: "https://zoom.example.id/j/1".into(),
        capacity_online: "1000".into(),
        ..SessionForm::default()
    };
    let details = form.validate().map_err(|e| format!("{e:?}"))?;
    let session = db
        .create_session(&details, SessionStatus::Published, Actor::System, now)
        .await?;
    let invitations: Vec<Invitation> = db
        .regions(RegionFilter::Provinces)
        .await?
        .into_iter()
        .map(|p| Invitation {
            quota_daring: Some(50),
            ..Invitation::without_quota(p.code, true)
        })
        .collect();
    db.set_invitations(session, &invitations, Actor::System, now)
        .await?;
    println!("{session} {}", token.expose());
    Ok(())
}
