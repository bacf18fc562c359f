//! Prepares a database for the attendance benchmark (`bench/attendance`): an organizer
//! with an API token and a published hybrid session with 10,000 confirmed
//! registrations from every province and regency, whose check-in codes it writes to
//! a file, one per line.
//!
//! Usage: `cargo run --release -p simpul-server --example seed_attendance_bench -- DATABASE_URL CODES_FILE [PEOPLE]`
//! Prints `SESSION_ID TOKEN` on one line.

mod common;

use chrono::Utc;
use simpul::account::Actor;
use simpul::registration::{RegistrationContext, RegistrationForm, RegistrationSource};
use simpul::session::{SessionForm, SessionMode, SessionStatus};
use simpul::storage::{Database, RegionFilter, Registrar, RegistrarScope};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: seed_attendance_bench DATABASE_URL CODES_FILE [PEOPLE]";
    let url = args.next().ok_or(usage)?;
    let codes_file = args.next().ok_or(usage)?;
    let people: usize = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);
    let db = Database::connect(&url).await?;
    db.prepare().await?;
    let now = Utc::now();
    let token = common::bench_organizer(&db, now).await?;
    let form = SessionForm {
        kind: "rakor".into(),
        title: "Rakor Nasional Kesiapan Pemilu (benchmark)".into(),
        organizer_unit: "Ditjen Polpum".into(),
        start_date: "2030-01-15".into(),
        start_time: "09:00".into(),
        end_time: "16:00".into(),
        zone: "Asia/Jakarta".into(),
        mode: "hybrid".into(),
        venue: "Hotel Bidakara".into(),
        venue_region: "31".into(),
        meeting_link: "https://zoom.example.id/j/1".into(),
        ..SessionForm::default()
    };
    let details = form.validate().map_err(|e| format!("{e:?}"))?;
    let session = db
        .create_session(&details, SessionStatus::Published, Actor::System, now)
        .await?;
    let regions = db.regions(RegionFilter::All).await?;
    let context = RegistrationContext {
        session_mode: SessionMode::Hybrid,
        default_region: None,
    };
    let registrar = Registrar {
        by: Actor::System,
        source: RegistrationSource::Office,
        scope: RegistrarScope::Organizer,
    };
    let mut codes = Vec::with_capacity(people);
    let rows: Vec<(usize, simpul::registration::RegistrationDetails)> = (0..people)
        .map(|n| {
            let region = &regions[n % regions.len()];
            RegistrationForm {
                name: format!("Peserta Rakor {n}"),
                office: format!("Bakesbangpol {}", region.name),
                position: "Analis Politik".into(),
                email: format!("peserta{n}@bench.go.id"),
                mode: if n % 4 == 0 { "daring" } else { "luring" }.into(),
                region: region.code.to_string(),
                ..RegistrationForm::default()
            }
            .validate(&context)
            .map(|details| (n + 1, details))
            .map_err(|e| format!("person {n}: {e:?}"))
        })
        .collect::<Result<_, _>>()?;
    for batch in rows.chunks(1000) {
        for record in db.register(session, batch, &registrar, now).await? {
            codes.push(record.check_in_code.as_str().to_owned());
        }
    }
    std::fs::write(&codes_file, codes.join("\n") + "\n")?;
    println!("{session} {}", token.expose());
    Ok(())
}
