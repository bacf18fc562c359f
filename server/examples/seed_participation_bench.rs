//! Prepares a database for the participation benchmark (`bench/participation`): five
//! years of weekly published sessions up to last week (rakor, webinar and sosialisasi
//! in turn), each inviting every province with its regencies (all 514 invited), and
//! 200,000 confirmed registrations with an attendance row each: most checked in
//! by code, some marked present, excused or absent by the organizer. One region in
//! forty never registers; one in seven comes less and less over the years, so the
//! "perlu perhatian" flags have something to find.
//!
//! Registrations go through the application's own path (`Database::register`, 1,000
//! at a time); the check-ins and attendance rows are then written set-wise in SQL, as
//! 200,000 single check-ins would take an hour of a benchmark's time.
//!
//! Usage: `cargo run --release -p simpul-server --example seed_participation_bench -- DATABASE_URL [SESSIONS] [PEOPLE]`
//! Prints the API token of an organizer.

mod common;

use chrono::{Days, Utc};
use simpul::account::Actor;
use simpul::registration::{
    Invitation, RegistrationContext, RegistrationDetails, RegistrationForm, RegistrationSource,
};
use simpul::session::{SessionForm, SessionMode, SessionStatus};
use simpul::storage::{Database, RegionFilter, Registrar, RegistrarScope};

/// A number from 0 to 99 that looks random but is the same on every run.
fn dice(a: usize, b: usize) -> usize {
    let mut x = (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (b as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 29;
    (x % 100) as usize
}

const CHECK_INS: &str = "INSERT INTO check_ins (session_id, registration_id, method, at, by_user)
    SELECT g.session_id, g.id, 'code', s.starts_at, NULL
    FROM registrations g JOIN sessions s ON s.id = g.session_id
    WHERE g.id % 20 < 14";

const ATTENDANCE: &str = "INSERT INTO attendance (registration_id, session_id, mark, reason, online_minutes, checked_in_at, updated_at)
    SELECT g.id, g.session_id,
        CASE WHEN g.id % 20 = 14 THEN 'present'
             WHEN g.id % 20 = 15 THEN 'excused'
             WHEN g.id % 20 >= 16 THEN 'absent'
             ELSE NULL END,
        CASE WHEN g.id % 20 = 15 THEN 'Tugas kedinasan' ELSE '' END,
        0, CASE WHEN g.id % 20 < 14 THEN s.starts_at END, s.ends_at
    FROM registrations g JOIN sessions s ON s.id = g.session_id";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: seed_participation_bench DATABASE_URL [SESSIONS] [PEOPLE]";
    let url = args.next().ok_or(usage)?;
    let sessions: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(260);
    let people: usize = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(200_000);
    let db = Database::connect(&url).await?;
    db.prepare().await?;
    let now = Utc::now();
    let token = common::bench_organizer(&db, now).await?;
    let regions = db.regions(RegionFilter::All).await?;
    let provinces: Vec<Invitation> = regions
        .iter()
        .filter(|r| r.code.is_province())
        .map(|r| Invitation::without_quota(r.code.clone(), true))
        .collect();
    let registrar = Registrar {
        by: Actor::System,
        source: RegistrationSource::Office,
        scope: RegistrarScope::Organizer,
    };
    let context = RegistrationContext {
        session_mode: SessionMode::Luring,
        default_region: None,
    };
    let per_session = people.div_ceil(sessions);
    let first = simpul::participation::report_day(now)
        .checked_sub_days(Days::new(7 * sessions as u64))
        .ok_or("date out of range")?;
    let kinds = ["rakor", "webinar", "sosialisasi"];
    let mut written = 0;
    for week in 0..sessions {
        let date = first
            .checked_add_days(Days::new(7 * week as u64))
            .ok_or("date out of range")?;
        let details = SessionForm {
            kind: kinds[week % 3].into(),
            title: format!("Rakor Mingguan Ditjen Polpum ke-{}", week + 1),
            organizer_unit: "Ditjen Polpum".into(),
            start_date: date.to_string(),
            start_time: "09:00".into(),
            end_time: "12:00".into(),
            zone: "Asia/Jakarta".into(),
            mode: "luring".into(),
            venue: "Gedung Kemendagri".into(),
            venue_region: "31".into(),
            ..SessionForm::default()
        }
        .validate()
        .map_err(|e| format!("session {week}: {e:?}"))?;
        let before = details.time.start() - chrono::Duration::days(7);
        let session = db
            .create_session(&details, SessionStatus::Published, Actor::System, before)
            .await?;
        db.set_invitations(session, &provinces, Actor::System, before)
            .await?;
        // Who registers this week: each region with a chance of 60 % (falling from
        // 85 % to 10 % over the years for one region in seven; never for one in
        // forty), two to four people each, until the week's share is reached (about
        // 1,200 would come forward, so every week fills its 770 places and the total
        // is exactly PEOPLE); the regions are walked from a different place each
        // week, so none is always last in line.
        let progress = week * 100 / sessions.max(1);
        let mut rows: Vec<(usize, RegistrationDetails)> = Vec::with_capacity(per_session);
        let start = week * 97 % regions.len();
        'regions: for (index, region) in regions
            .iter()
            .enumerate()
            .cycle()
            .skip(start)
            .take(regions.len())
        {
            let chance = match index {
                i if i % 40 == 0 => 0,
                i if i % 7 == 0 => 85 - progress * 75 / 100,
                _ => 60,
            };
            if dice(week, index) >= chance {
                continue;
            }
            for n in 0..2 + dice(index, week) % 3 {
                if rows.len() >= per_session || written + rows.len() >= people {
                    break 'regions;
                }
                let details = RegistrationForm {
                    name: format!("Peserta {} {n}", region.name),
                    office: format!("Bakesbangpol {}", region.name),
                    position: "Analis Politik".into(),
                    email: format!("p{week}-{index}-{n}@bench.go.id"),
                    mode: "luring".into(),
                    region: region.code.to_string(),
                    ..RegistrationForm::default()
                }
                .validate(&context)
                .map_err(|e| format!("person {week}/{index}: {e:?}"))?;
                rows.push((rows.len() + 1, details));
            }
        }
        for batch in rows.chunks(1000) {
            db.register(session, batch, &registrar, before).await?;
        }
        written += rows.len();
    }
    match &db {
        Database::Sqlite(pool) => {
            sqlx::query(CHECK_INS).execute(pool).await?;
            sqlx::query(ATTENDANCE).execute(pool).await?;
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Database::Postgres(pool) => {
            sqlx::query(CHECK_INS).execute(pool).await?;
            sqlx::query(ATTENDANCE).execute(pool).await?;
            sqlx::query("ANALYZE").execute(pool).await?;
        }
    }
    eprintln!("seeded {sessions} sessions, {written} registrations with attendance");
    println!("{}", token.expose());
    Ok(())
}
