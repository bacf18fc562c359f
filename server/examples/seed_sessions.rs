//! Fills a database with many published sessions, for the load benchmark
//! (`bench/schedule-load`).
//!
//! Usage: `cargo run --release -p simpul-server --example seed_sessions -- DATABASE_URL COUNT [PER_DAY]`
//!
//! Sessions are spread one every three days around today (or `PER_DAY` a day, one an
//! hour from 08.00, as the calendar benchmark does to keep 2,000 sessions within a
//! feed's year), three quarters of them past, across the three zones and kinds, each
//! inviting a few provinces, so the schedule has both upcoming and past sessions and
//! the region filter has work to do.

use chrono::{Duration, Utc};
use simpul::region::RegionCode;
use simpul::session::{SessionForm, SessionStatus};
use simpul::storage::Database;
use simpul::zone::Zone;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(count)) = (args.next(), args.next()) else {
        return Err("usage: seed_sessions DATABASE_URL COUNT".into());
    };
    let count: i64 = count.parse()?;
    let per_day: i64 = args.next().map(|n| n.parse()).transpose()?.unwrap_or(0);
    if !(0..=8).contains(&per_day) {
        return Err("PER_DAY must be between 1 and 8 (one an hour from 08.00)".into());
    }
    let db = Database::connect(&url).await?;
    db.prepare().await?;
    let provinces: Vec<RegionCode> = db
        .regions(simpul::storage::RegionFilter::Provinces)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    let today = Zone::Wib.local(Utc::now()).date();
    let kinds = ["rakor", "webinar", "sosialisasi"];
    let modes = ["luring", "daring", "hybrid"];
    for i in 0..count {
        let zone = Zone::ALL[(i % 3) as usize];
        let offset = i - count * 3 / 4;
        let (date, hour) = if per_day == 0 {
            (today + Duration::days(3 * offset), 9)
        } else {
            (
                today + Duration::days(offset.div_euclid(per_day)),
                8 + offset.rem_euclid(per_day),
            )
        };
        let form = SessionForm {
            kind: kinds[(i % 3) as usize].into(),
            title: format!(
                "Rapat Koordinasi Bidang Politik dan Pemerintahan Umum ke-{}",
                i + 1
            ),
            theme: "Kesiapan daerah menghadapi tahapan pemilu dan pemilihan".into(),
            organizer_unit: "Direktorat Politik Dalam Negeri".into(),
            start_date: date.format("%Y-%m-%d").to_string(),
            start_time: format!("{hour:02}:00"),
            end_time: format!("{:02}:00", hour + 3),
            zone: zone.iana().into(),
            mode: modes[(i % 3) as usize].into(),
            venue: "Aula Kantor Gubernur".into(),
            meeting_link: format!("https://meet.example.id/rakor-{i}"),
            ..SessionForm::default()
        };
        let details = form.validate().map_err(|e| format!("session {i}: {e:?}"))?;
        let id = db
            .create_session(
                &details,
                SessionStatus::Published,
                simpul::account::Actor::System,
                Utc::now(),
            )
            .await?;
        let invited: Vec<_> = (0..3)
            .map(|k| {
                simpul::registration::Invitation::without_quota(
                    provinces[((i * 7 + k * 11) as usize) % provinces.len()].clone(),
                    true,
                )
            })
            .collect();
        db.set_invitations(id, &invited, simpul::account::Actor::System, Utc::now())
            .await?;
    }
    println!("seeded {count} sessions");
    Ok(())
}
