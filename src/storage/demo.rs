//! Demo data: the sessions that Kemendagri's own news reports describe, with their real
//! dates, titles, openers, speakers' institutions and the regions that joined, plus a
//! few upcoming sessions in each time zone so the schedule is not all in the past.
//!
//! Start times that the reports do not give are set to 09.00 local time; the meeting
//! links are placeholders on `example.id`. Loaded only into an empty database, and only
//! when asked (`simpul --demo`, which `make run` passes).

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

use super::program::SpeakerPart;
use super::{Database, StorageError};
use crate::account::Actor;
use crate::region::RegionCode;
use crate::rundown::RundownDetails;
use crate::session::{
    InvitationStatus, RundownKind, SessionForm, SessionStatus, SpeakerRole, TimeRange,
};
use crate::speaker::{SpeakerDetails, SpeakerId};
use crate::zone::Zone;

/// One demo session: its form, what it invites, who speaks and its rundown.
struct DemoSession {
    form: SessionForm,
    status: SessionStatus,
    /// Region codes invited, each with or without its regencies.
    invitations: Vec<(&'static str, bool)>,
    speakers: Vec<DemoSpeaker>,
    /// (start, end, title, kind), in the session's zone on its first day.
    rundown: Vec<(&'static str, &'static str, &'static str, RundownKind)>,
}

struct DemoSpeaker {
    name: &'static str,
    position: &'static str,
    institution: &'static str,
    role: SpeakerRole,
    topic: &'static str,
}

const DITJEN: &str = "Direktorat Jenderal Politik dan Pemerintahan Umum";
const POLDAGRI: &str = "Direktorat Politik Dalam Negeri";
const KEMENDAGRI: &str = "Kementerian Dalam Negeri";

fn form(
    kind: &str,
    title: &str,
    unit: &str,
    date: &str,
    start: &str,
    end: &str,
    zone: Zone,
) -> SessionForm {
    SessionForm {
        kind: kind.into(),
        title: title.into(),
        organizer_unit: unit.into(),
        start_date: date.into(),
        start_time: start.into(),
        end_time: end.into(),
        zone: zone.iana().into(),
        ..SessionForm::default()
    }
}

fn all_provinces() -> Vec<(&'static str, bool)> {
    const CODES: [&str; 38] = [
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35",
        "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
        "81", "82", "91", "92", "93", "94", "95", "96",
    ];
    CODES.iter().map(|code| (*code, true)).collect()
}

fn bahtiar(topic: &'static str) -> DemoSpeaker {
    DemoSpeaker {
        name: "Bahtiar",
        position: "Direktur Jenderal Politik dan Pemerintahan Umum",
        institution: KEMENDAGRI,
        role: SpeakerRole::Opening,
        topic,
    }
}

fn central(institution: &'static str, topic: &'static str) -> DemoSpeaker {
    DemoSpeaker {
        name: institution,
        position: "",
        institution,
        role: SpeakerRole::Speaker,
        topic,
    }
}

/// The sessions from the news reports, in date order.
fn reported_sessions() -> Vec<DemoSession> {
    vec![
        DemoSession {
            form: SessionForm {
                theme: "Persiapan Pemilu dan Pilkada Serentak Tahun 2024".into(),
                description: "Rapat koordinasi bidang politik dan pemerintahan umum bersama pemerintah \
                    daerah. Provinsi Kalimantan Tengah mengikuti secara daring dari Ruang Rapat Bajakah, \
                    Kantor Gubernur Kalimantan Tengah."
                    .into(),
                mode: "hybrid".into(),
                venue: "Kantor Kementerian Dalam Negeri, Jakarta".into(),
                venue_region: "31".into(),
                meeting_link: "https://meet.example.id/rakor-polpum-2022".into(),
                ..form("rakor", "Rakor Bidang Politik dan Pemerintahan Umum", DITJEN, "2022-03-01", "09:00", "12:00", Zone::Wib)
            },
            status: SessionStatus::Completed,
            invitations: all_provinces(),
            speakers: vec![bahtiar("Arahan Direktur Jenderal Politik dan Pemerintahan Umum")],
            rundown: vec![
                ("09:00", "09:30", "Pembukaan dan arahan Dirjen Polpum", RundownKind::Opening),
                ("09:30", "11:30", "Laporan kesiapan daerah", RundownKind::Discussion),
                ("11:30", "12:00", "Kesimpulan dan penutup", RundownKind::Closing),
            ],
        },
        DemoSession {
            form: SessionForm {
                theme: "Netralitas ASN pada Pemilu 2024".into(),
                description: "Rapat koordinasi Bawaslu dan kepala daerah tentang pengawasan netralitas \
                    aparatur sipil negara menjelang Pemilu 2024."
                    .into(),
                mode: "hybrid".into(),
                venue: "Kantor Kementerian Dalam Negeri, Jakarta".into(),
                venue_region: "31".into(),
                meeting_link: "https://meet.example.id/rakor-bawaslu-2022".into(),
                ..form(
                    "rakor",
                    "Rakor Bawaslu dan Kepala Daerah dalam Mewujudkan Netralitas ASN pada Pemilu 2024",
                    DITJEN,
                    "2022-09-27",
                    "09:00",
                    "12:00",
                    Zone::Wib,
                )
            },
            status: SessionStatus::Completed,
            invitations: all_provinces(),
            speakers: vec![
                bahtiar("Peran pemerintah daerah dalam menjaga netralitas ASN"),
                central("Bawaslu RI", "Pengawasan netralitas ASN"),
            ],
            rundown: vec![],
        },
        DemoSession {
            form: SessionForm {
                theme: "Dukungan Pemerintah Pusat dan Pemerintah Daerah Dalam Menyukseskan Penyelenggaraan Tahapan Pemilu".into(),
                description: "Webinar bagi pemerintah daerah. Kabupaten Indramayu mengikuti dari \
                    Indramayu Command Center."
                    .into(),
                mode: "daring".into(),
                meeting_link: "https://meet.example.id/webinar-dukungan-pemilu".into(),
                ..form(
                    "webinar",
                    "Dukungan Pemerintah Pusat dan Pemerintah Daerah Dalam Menyukseskan Penyelenggaraan Tahapan Pemilu",
                    POLDAGRI,
                    "2023-01-03",
                    "09:00",
                    "12:00",
                    Zone::Wib,
                )
            },
            status: SessionStatus::Completed,
            invitations: all_provinces(),
            speakers: vec![],
            rundown: vec![],
        },
        DemoSession {
            form: SessionForm {
                theme: "Netralitas penyelenggara negara pada tahapan Pemilu 2024".into(),
                description: "Peserta: DPRD provinsi dan kabupaten/kota, Badan Kesbangpol, Biro Humas, \
                    Dinas Kominfo, KPU dan Bawaslu provinsi dan kabupaten/kota."
                    .into(),
                mode: "daring".into(),
                meeting_link: "https://meet.example.id/webinar-netralitas-2023".into(),
                ..form(
                    "webinar",
                    "Menjaga Netralitas Penyelenggara Negara dalam Pelaksanaan Tahapan Pemilu 2024",
                    POLDAGRI,
                    "2023-01-31",
                    "09:00",
                    "12:00",
                    Zone::Wib,
                )
            },
            status: SessionStatus::Completed,
            invitations: all_provinces(),
            speakers: vec![
                central("KPU RI", "Tahapan Pemilu 2024"),
                central("Bawaslu RI", "Pengawasan netralitas"),
                central("Kementerian PAN-RB", "Netralitas ASN"),
                central("Komisi Aparatur Sipil Negara (KASN)", "Pengawasan netralitas ASN"),
                central("Puspom TNI", "Netralitas TNI"),
                central("Divisi Propam Polri", "Netralitas Polri"),
            ],
            rundown: vec![
                ("09:00", "09:15", "Pembukaan", RundownKind::Opening),
                ("09:15", "11:15", "Paparan narasumber", RundownKind::Talk),
                ("11:15", "12:00", "Diskusi dan tanya jawab", RundownKind::Discussion),
            ],
        },
        DemoSession {
            form: SessionForm {
                theme: "Pemantauan Tahapan Pemilu".into(),
                description: "Kabupaten Kaur (Bengkulu) mengikuti dari Aula Lantai III Gedung \
                    Sekretariat Daerah."
                    .into(),
                mode: "daring".into(),
                meeting_link: "https://meet.example.id/webinar-pemantauan-2023".into(),
                ..form(
                    "webinar",
                    "Pemantauan Tahapan Pemilu, Simpul Penting Stabilitas Politik Dalam Negeri dan Dukungan Sukses Pemilu 2024",
                    POLDAGRI,
                    "2023-03-30",
                    "09:00",
                    "12:00",
                    Zone::Wib,
                )
            },
            status: SessionStatus::Completed,
            invitations: all_provinces(),
            speakers: vec![
                DemoSpeaker {
                    name: "Drs. Syarmadani, M.Si.",
                    position: "Direktur Politik Dalam Negeri",
                    institution: KEMENDAGRI,
                    role: SpeakerRole::Opening,
                    topic: "Pembukaan",
                },
                DemoSpeaker {
                    name: "Prof. Dr. R. Siti Zuhro, M.A.",
                    position: "Peneliti Utama",
                    institution: "LIPI",
                    role: SpeakerRole::Keynote,
                    topic: "Stabilitas politik dalam negeri menjelang Pemilu 2024",
                },
            ],
            rundown: vec![],
        },
    ]
}

/// Upcoming sessions, dated from `today` so a new install always has a future.
fn upcoming_sessions(today: NaiveDate) -> Vec<DemoSession> {
    let day = |n: u64| {
        today
            .checked_add_days(Days::new(n))
            .unwrap_or(today)
            .format("%Y-%m-%d")
            .to_string()
    };
    let sulawesi = ["71", "72", "73", "74", "75", "76"];
    let papua = ["91", "92", "93", "94", "95", "96"];
    vec![
        DemoSession {
            form: SessionForm {
                theme: "Kewaspadaan dini menjelang tahapan Pemilu di wilayah Sulawesi".into(),
                description: "Rapat koordinasi dengan Badan Kesbangpol provinsi dan kabupaten/kota se-Sulawesi.".into(),
                mode: "hybrid".into(),
                venue: "Kantor Gubernur Sulawesi Selatan, Makassar".into(),
                venue_region: "73.71".into(),
                meeting_link: "https://meet.example.id/rakor-sulawesi".into(),
                meeting_id: "812 3456 7890".into(),
                passcode: "polpum".into(),
                capacity_onsite: "120".into(),
                capacity_online: "500".into(),
                ..form("rakor", "Rakor Kewaspadaan Dini Daerah Wilayah Sulawesi", DITJEN, &day(10), "09:00", "15:00", Zone::Wita)
            },
            status: SessionStatus::Published,
            invitations: sulawesi.iter().map(|c| (*c, true)).collect(),
            speakers: vec![bahtiar("Arahan Direktur Jenderal")],
            rundown: vec![
                ("09:00", "09:30", "Pembukaan", RundownKind::Opening),
                ("09:30", "12:00", "Paparan kewaspadaan dini per provinsi", RundownKind::Talk),
                ("13:00", "14:30", "Diskusi", RundownKind::Discussion),
                ("14:30", "15:00", "Penutup dan tindak lanjut", RundownKind::Closing),
            ],
        },
        DemoSession {
            form: SessionForm {
                theme: "Pendidikan politik bagi pemilih pemula di Tanah Papua".into(),
                description: "Sosialisasi bersama Badan Kesbangpol provinsi se-Tanah Papua.".into(),
                mode: "luring".into(),
                venue: "Aula Kantor Gubernur Papua, Jayapura".into(),
                venue_region: "91.71".into(),
                capacity_onsite: "150".into(),
                ..form("sosialisasi", "Sosialisasi Pendidikan Politik Pemilih Pemula", POLDAGRI, &day(17), "09:00", "13:00", Zone::Wit)
            },
            status: SessionStatus::Published,
            invitations: papua.iter().map(|c| (*c, true)).collect(),
            speakers: vec![],
            rundown: vec![],
        },
        DemoSession {
            form: SessionForm {
                theme: "Evaluasi penyelenggaraan Pilkada Serentak 2024 dan agenda tindak lanjut".into(),
                description: "Webinar nasional bagi pemerintah daerah, KPU dan Bawaslu daerah.".into(),
                mode: "daring".into(),
                meeting_link: "https://meet.example.id/webinar-evaluasi-pilkada".into(),
                meeting_id: "845 1122 3344".into(),
                passcode: "evaluasi".into(),
                capacity_online: "1000".into(),
                ..form("webinar", "Evaluasi Pilkada Serentak 2024", POLDAGRI, &day(24), "09:00", "12:00", Zone::Wib)
            },
            status: SessionStatus::Published,
            invitations: all_provinces(),
            speakers: vec![
                central("KPU RI", "Hasil evaluasi tahapan"),
                central("Bawaslu RI", "Catatan pengawasan"),
            ],
            rundown: vec![],
        },
        DemoSession {
            form: SessionForm {
                theme: "Rencana kerja bidang politik dan pemerintahan umum".into(),
                mode: "luring".into(),
                venue: "Ruang Rapat Ditjen Polpum, Jakarta".into(),
                venue_region: "31".into(),
                ..form("rakor", "Rakor Perencanaan Program Tahun Depan", DITJEN, &day(31), "13:00", "16:00", Zone::Wib)
            },
            status: SessionStatus::Draft,
            invitations: vec![],
            speakers: vec![],
            rundown: vec![],
        },
    ]
}

/// Loads the demo sessions into an empty database; does nothing (and returns 0) when
/// any session exists, so it can never mix with real data.
pub async fn load_demo_data(db: &Database, now: DateTime<Utc>) -> Result<usize, StorageError> {
    if db.count_sessions().await? > 0 {
        return Ok(0);
    }
    let today = Zone::Wib.local(now).date();
    let mut sessions = reported_sessions();
    sessions.extend(upcoming_sessions(today));
    let count = sessions.len();
    for demo in sessions {
        load_one(db, demo, now).await?;
    }
    Ok(count)
}

async fn load_one(
    db: &Database,
    demo: DemoSession,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let details = demo.form.validate().map_err(StorageError::Invalid)?;
    // Drafted first: the programme of a completed session is written while it is open.
    let id = db
        .create_session(&details, SessionStatus::Draft, Actor::System, now)
        .await?;
    let invitations = demo
        .invitations
        .iter()
        .map(|(code, with_regencies)| {
            RegionCode::parse(code)
                .map(|c| crate::registration::Invitation::without_quota(c, *with_regencies))
                .map_err(|_| StorageError::CorruptRow(format!("demo invitation {code}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    db.set_invitations(id, &invitations, Actor::System, now)
        .await?;
    for speaker in &demo.speakers {
        let speaker_id = demo_speaker(db, speaker, now).await?;
        db.add_session_speaker(
            id,
            speaker_id,
            &SpeakerPart {
                role: speaker.role,
                topic: speaker.topic,
                status: InvitationStatus::Confirmed,
            },
            Actor::System,
            now,
        )
        .await?;
    }
    let first_day = details.zone.local(details.time.start()).date();
    for (start, end, title, kind) in demo.rundown {
        let at = |t: &str| {
            NaiveTime::parse_from_str(t, "%H:%M")
                .ok()
                .and_then(|t| details.zone.to_utc(first_day.and_time(t)))
        };
        let time = at(start)
            .zip(at(end))
            .and_then(|(s, e)| TimeRange::new(s, e))
            .ok_or_else(|| StorageError::CorruptRow(format!("demo rundown {title}")))?;
        let slot = RundownDetails {
            time,
            title: title.to_owned(),
            kind,
            speakers: Vec::new(),
        };
        db.add_rundown_item(id, &slot, Actor::System, now).await?;
    }
    let path: &[SessionStatus] = match demo.status {
        SessionStatus::Draft => &[],
        SessionStatus::Published => &[SessionStatus::Published],
        SessionStatus::Cancelled => &[SessionStatus::Cancelled],
        SessionStatus::Completed => &[SessionStatus::Published, SessionStatus::Completed],
    };
    for status in path {
        db.change_status(id, *status, Actor::System, now).await?;
    }
    Ok(())
}

/// The registry's speaker of that name, added the first time it is met.
async fn demo_speaker(
    db: &Database,
    speaker: &DemoSpeaker,
    now: DateTime<Utc>,
) -> Result<SpeakerId, StorageError> {
    if let Some(found) = db
        .similar_speakers(speaker.name, None)
        .await?
        .into_iter()
        .find(|s| s.name == speaker.name)
    {
        return Ok(found.id);
    }
    let details = SpeakerDetails {
        name: speaker.name.to_owned(),
        position: speaker.position.to_owned(),
        institution: Some(speaker.institution.to_owned()),
        institution_region: None,
        contact: None,
    };
    db.create_speaker(&details, Actor::System, now).await
}
