//! Fills a database with many speakers, for the speaker search benchmark
//! (`bench/speaker-search`).
//!
//! Usage: `cargo run --release -p simpul-server --example seed_speakers -- DATABASE_URL COUNT`
//!
//! Names are made from common Indonesian given names and family names, with and without
//! academic titles; about a third belong to regional offices (KPU, Bawaslu and
//! Kesbangpol of a province or regency, created on demand), the rest to the central
//! bodies. A fixed seed makes every run the same. The last speaker is always
//! "Prof. Dr. R. Siti Zuhro, M.A." of BRIN, so a search for her has one true answer.

use chrono::Utc;
use simpul::account::Actor;
use simpul::speaker::{CENTRAL_INSTITUTIONS, SpeakerForm};
use simpul::storage::{Database, RegionFilter};

const GIVEN: [&str; 24] = [
    "Ahmad", "Siti", "Budi", "Dewi", "Rahmat", "Nur", "Agus", "Sri", "Hendra", "Yuliana",
    "Bambang", "Wahyu", "Rina", "Joko", "Fitri", "Irwan", "Lestari", "Teguh", "Ratna", "Arif",
    "Made", "Ketut", "Yohanes", "Maria",
];
const FAMILY: [&str; 24] = [
    "Santoso",
    "Wijaya",
    "Hidayat",
    "Saputra",
    "Nasution",
    "Siregar",
    "Harahap",
    "Lubis",
    "Pratama",
    "Kurniawan",
    "Setiawan",
    "Gunawan",
    "Sitompul",
    "Tambunan",
    "Manurung",
    "Rumbiak",
    "Wanggai",
    "Pattiasina",
    "Mahendra",
    "Suryadi",
    "Hasibuan",
    "Purba",
    "Sembiring",
    "Lumbantobing",
];
const BEFORE: [&str; 5] = ["", "Dr. ", "Drs. ", "Prof. Dr. ", "Ir. "];
const AFTER: [&str; 5] = ["", ", M.Si.", ", S.H., M.H.", ", M.A.", ", S.IP."];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(count)) = (args.next(), args.next()) else {
        return Err("usage: seed_speakers DATABASE_URL COUNT".into());
    };
    let count: usize = count.parse()?;
    let db = Database::connect(&url).await?;
    db.prepare().await?;
    let regions = db.regions(RegionFilter::All).await?;
    let mut state: u64 = 0x5eed;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    for i in 0..count.saturating_sub(1) {
        let name = format!(
            "{}{} {} {}{}",
            BEFORE[next(BEFORE.len())],
            GIVEN[next(GIVEN.len())],
            GIVEN[next(GIVEN.len())],
            FAMILY[next(FAMILY.len())],
            AFTER[next(AFTER.len())]
        );
        let (institution, region) = if i % 3 == 0 {
            let region = &regions[next(regions.len())];
            let office = ["KPU", "Bawaslu", "Kesbangpol"][next(3)];
            (format!("{office} {}", region.name), region.code.to_string())
        } else {
            let (central, _) = CENTRAL_INSTITUTIONS[next(CENTRAL_INSTITUTIONS.len())];
            (central.to_owned(), String::new())
        };
        let form = SpeakerForm {
            name,
            position: "Narasumber".into(),
            institution,
            institution_region: region,
            contact: format!("0812-{i:08}"),
        };
        let details = form.validate().map_err(|e| format!("speaker {i}: {e:?}"))?;
        db.create_speaker(&details, Actor::System, Utc::now())
            .await?;
    }
    let zuhro = SpeakerForm {
        name: "Prof. Dr. R. Siti Zuhro, M.A.".into(),
        institution: "BRIN".into(),
        ..SpeakerForm::default()
    };
    db.create_speaker(
        &zuhro.validate().map_err(|e| format!("{e:?}"))?,
        Actor::System,
        Utc::now(),
    )
    .await?;
    db.close().await;
    Ok(())
}
