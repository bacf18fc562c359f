//! The storage suite, run once on SQLite and once on PostgreSQL.
//!
//! Every test gets its own database: a fresh SQLite file, and a fresh PostgreSQL
//! database on the server named by `SIMPUL_TEST_POSTGRES_URL` (which `make test` starts
//! on loopback). Without that variable the PostgreSQL half is skipped with a message,
//! except under CI, where it fails.

use chrono::{DateTime, Duration, TimeZone, Utc};
use simpul::account::Actor;
use simpul::material::{MaterialKind, Visibility};
use simpul::region::RegionCode;
use simpul::rundown::RundownForm;
use simpul::session::{
    InvitationStatus, SessionFilter, SessionForm, SessionId, SessionKind, SessionStatus,
    SpeakerRole,
};
use simpul::speaker::{SpeakerForm, SpeakerId};
use simpul::storage::{
    Database, NewMaterial, RegionFilter, SpeakerPart, StorageError, load_demo_data,
};
use simpul::validation::Problem;
use simpul::{RegionLevel, Zone};

/// A database made for one test, removed afterwards where it can be.
struct TestDb {
    db: Database,
    _file: Option<tempfile::TempDir>,
}

async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("simpul.db").display());
    let db = Database::connect(&url).await.expect("open SQLite");
    db.prepare().await.expect("migrate SQLite");
    TestDb {
        db,
        _file: Some(dir),
    }
}

async fn postgres() -> Option<TestDb> {
    let Ok(base) = std::env::var("SIMPUL_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "SIMPUL_TEST_POSTGRES_URL must be set under CI (make test sets it)"
        );
        eprintln!(
            "skipping the PostgreSQL half: SIMPUL_TEST_POSTGRES_URL is not set (make test sets it)"
        );
        return None;
    };
    let admin = Database::connect(&base)
        .await
        .expect("reach the test PostgreSQL");
    let name = format!(
        "simpul_test_{}_{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let Database::Postgres(pool) = &admin else {
        panic!("not a PostgreSQL URL")
    };
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(pool)
        .await
        .expect("create database");
    admin.close().await;
    let url = match base.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("SIMPUL_TEST_POSTGRES_URL has no database part"),
    };
    let db = Database::connect(&url).await.expect("open test database");
    db.prepare().await.expect("migrate PostgreSQL");
    Some(TestDb { db, _file: None })
}

static NEXT_DB: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Declares a test that runs the same body against both databases.
macro_rules! on_both {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            use super::*;

            async fn run($db: &Database) $body

            #[tokio::test]
            async fn sqlite() {
                let test = super::sqlite().await;
                run(&test.db).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(test) = super::postgres().await {
                    run(&test.db).await;
                    test.db.close().await;
                }
            }
        }
    };
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0)
        .single()
        .expect("valid")
}

fn webinar(title: &str, date: &str) -> SessionForm {
    SessionForm {
        kind: "webinar".into(),
        title: title.into(),
        organizer_unit: "Direktorat Politik Dalam Negeri".into(),
        start_date: date.into(),
        start_time: "09:00".into(),
        end_time: "12:00".into(),
        zone: "Asia/Jakarta".into(),
        mode: "daring".into(),
        meeting_link: "https://meet.example.id/a".into(),
        passcode: "rahasia".into(),
        ..SessionForm::default()
    }
}

/// An invitation of a region without quotas.
fn invite(region: &str, with_regencies: bool) -> simpul::registration::Invitation {
    simpul::registration::Invitation::without_quota(code(region), with_regencies)
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).expect("valid code")
}

on_both!(regions_are_seeded_once_and_queryable, |db| {
    db.seed_regions().await.expect("seeding twice is harmless");
    let provinces = db
        .regions(RegionFilter::Provinces)
        .await
        .expect("provinces");
    assert_eq!(provinces.len(), 38);
    assert_eq!(
        db.regions(RegionFilter::Regencies(None))
            .await
            .expect("regencies")
            .len(),
        514
    );
    let jabar = code("32");
    let in_jabar = db
        .regions(RegionFilter::Regencies(Some(&jabar)))
        .await
        .expect("regencies of 32");
    assert_eq!(in_jabar.len(), 27);
    let indramayu = db
        .region(&code("32.12"))
        .await
        .expect("query")
        .expect("exists");
    assert_eq!(indramayu.name, "Kabupaten Indramayu");
    assert_eq!(indramayu.level, RegionLevel::Kabupaten);
    assert_eq!(indramayu.parent, Some(jabar));
    assert_eq!(
        db.region(&code("91")).await.expect("query").map(|r| r.zone),
        Some(Zone::Wit)
    );
    assert_eq!(db.region(&code("99")).await.expect("query"), None);
});

on_both!(
    a_session_is_stored_and_read_back_without_its_passcode,
    |db| {
        let details = webinar("Netralitas ASN", "2023-01-31")
            .validate()
            .expect("valid");
        let id = db
            .create_session(&details, SessionStatus::Draft, Actor::System, now())
            .await
            .expect("create");
        let stored = db.session(id).await.expect("read").expect("exists");
        assert_eq!(stored.status, SessionStatus::Draft);
        assert_eq!(stored.revision, 0);
        assert_eq!(stored.details.time, details.time);
        assert_eq!(stored.details.zone, Zone::Wib);
        let meeting = stored.details.meeting.expect("meeting");
        assert_eq!(
            meeting.passcode, None,
            "the passcode is not loaded for display"
        );
        let editing = db
            .session_for_editing(id)
            .await
            .expect("read")
            .expect("exists");
        assert_eq!(
            editing.details, details,
            "the editor gets everything back, passcode included"
        );
    }
);

on_both!(publishing_cancelling_and_forbidden_transitions, |db| {
    let details = webinar("Rakor", "2026-12-01").validate().expect("valid");
    let id = db
        .create_session(&details, SessionStatus::Draft, Actor::System, now())
        .await
        .expect("create");
    let published = db
        .change_status(id, SessionStatus::Published, Actor::System, now())
        .await
        .expect("publish");
    assert_eq!(
        (published.status, published.revision),
        (SessionStatus::Published, 1)
    );
    let cancelled = db
        .change_status(id, SessionStatus::Cancelled, Actor::System, now())
        .await
        .expect("cancel");
    assert_eq!(
        (cancelled.status, cancelled.revision),
        (SessionStatus::Cancelled, 2)
    );
    let again = db
        .change_status(id, SessionStatus::Published, Actor::System, now())
        .await;
    assert!(
        matches!(again, Err(StorageError::Forbidden(_))),
        "{again:?}"
    );
    let edit = db.update_session(id, &details, Actor::System, now()).await;
    assert!(
        matches!(
            edit,
            Err(StorageError::NotEditable(SessionStatus::Cancelled))
        ),
        "{edit:?}"
    );
    assert!(
        db.session(id).await.expect("read").is_some(),
        "a cancelled session is kept"
    );
});

on_both!(
    rescheduling_raises_the_revision_but_a_theme_edit_does_not,
    |db| {
        let details = webinar("Rakor", "2026-12-01").validate().expect("valid");
        let id = db
            .create_session(&details, SessionStatus::Published, Actor::System, now())
            .await
            .expect("create");
        let themed = SessionForm {
            theme: "Tema baru".into(),
            ..webinar("Rakor", "2026-12-01")
        };
        let after_theme = db
            .update_session(id, &themed.validate().expect("valid"), Actor::System, now())
            .await
            .expect("edit");
        assert_eq!(
            (after_theme.revision, after_theme.details.theme.as_str()),
            (0, "Tema baru")
        );
        let moved = webinar("Rakor", "2026-12-02").validate().expect("valid");
        let after_move = db
            .update_session(id, &moved, Actor::System, now() + Duration::hours(1))
            .await
            .expect("reschedule");
        assert_eq!(after_move.revision, 1);
        assert_eq!(after_move.details.time, moved.time);
        assert!(after_move.updated_at > after_move.created_at);
    }
);

on_both!(
    an_unknown_venue_region_is_a_field_error_and_nothing_is_saved,
    |db| {
        let form = SessionForm {
            mode: "luring".into(),
            venue: "Aula".into(),
            venue_region: "99.99".into(),
            ..webinar("Rakor", "2026-12-01")
        };
        let result = db
            .create_session(
                &form.validate().expect("valid shape"),
                SessionStatus::Draft,
                Actor::System,
                now(),
            )
            .await;
        let Err(StorageError::Invalid(errors)) = result else {
            panic!("expected a field error, got {result:?}")
        };
        assert_eq!(
            errors.for_field(simpul::session::SessionField::VenueRegion),
            Some(Problem::UnknownRegion)
        );
        assert_eq!(db.count_sessions().await.expect("count"), 0);
    }
);

on_both!(filters_by_time_kind_status_and_invited_region, |db| {
    let create = |form: SessionForm, status| async move {
        db.create_session(
            &form.validate().expect("valid"),
            status,
            Actor::System,
            now(),
        )
        .await
        .expect("create")
    };
    let national = create(webinar("Nasional", "2026-12-01"), SessionStatus::Published).await;
    let jabar_only = create(
        webinar("Jawa Barat", "2026-12-02"),
        SessionStatus::Published,
    )
    .await;
    let indramayu = create(webinar("Indramayu", "2026-12-03"), SessionStatus::Published).await;
    let province_offices = create(
        webinar("Kantor provinsi", "2026-12-04"),
        SessionStatus::Published,
    )
    .await;
    let rakor = create(
        SessionForm {
            kind: "rakor".into(),
            ..webinar("Rakor lama", "2023-01-03")
        },
        SessionStatus::Completed,
    )
    .await;
    let draft = create(webinar("Draf", "2026-12-05"), SessionStatus::Draft).await;
    db.set_invitations(
        national,
        &[invite("32", true), invite("17", true)],
        Actor::System,
        now(),
    )
    .await
    .expect("invite");
    db.set_invitations(jabar_only, &[invite("32", true)], Actor::System, now())
        .await
        .expect("invite");
    db.set_invitations(indramayu, &[invite("32.12", false)], Actor::System, now())
        .await
        .expect("invite");
    db.set_invitations(
        province_offices,
        &[invite("32", false)],
        Actor::System,
        now(),
    )
    .await
    .expect("invite");
    db.set_invitations(draft, &[invite("32", true)], Actor::System, now())
        .await
        .expect("invite");

    let ids = |filter: SessionFilter| async move {
        db.sessions(&filter)
            .await
            .expect("list")
            .into_iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    let public = vec![
        SessionStatus::Published,
        SessionStatus::Cancelled,
        SessionStatus::Completed,
    ];
    let base = SessionFilter {
        statuses: public.clone(),
        ..SessionFilter::default()
    };

    assert_eq!(
        ids(base.clone()).await,
        vec![rakor, national, jabar_only, indramayu, province_offices]
    );
    assert_eq!(
        ids(SessionFilter {
            kind: Some(SessionKind::Rakor),
            ..base.clone()
        })
        .await,
        vec![rakor]
    );
    assert_eq!(
        ids(SessionFilter {
            from: Some(now()),
            newest_first: true,
            ..base.clone()
        })
        .await,
        vec![province_offices, indramayu, jabar_only, national]
    );
    let december = Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0).single();
    assert_eq!(
        ids(SessionFilter {
            from: december,
            to: december.map(|d| d + Duration::days(1)),
            ..base.clone()
        })
        .await,
        vec![jabar_only]
    );
    // A province sees what invites it or any of its regencies.
    assert_eq!(
        ids(SessionFilter {
            region: Some(code("32")),
            ..base.clone()
        })
        .await,
        vec![national, jabar_only, indramayu, province_offices]
    );
    // A regency sees what invites it, or its province with its regencies.
    assert_eq!(
        ids(SessionFilter {
            region: Some(code("32.12")),
            ..base.clone()
        })
        .await,
        vec![national, jabar_only, indramayu]
    );
    assert_eq!(
        ids(SessionFilter {
            region: Some(code("17.04")),
            ..base.clone()
        })
        .await,
        vec![national]
    );
    assert_eq!(
        ids(SessionFilter {
            region: Some(code("91")),
            ..base.clone()
        })
        .await,
        vec![]
    );
    assert_eq!(
        ids(SessionFilter {
            limit: Some(2),
            ..base
        })
        .await,
        vec![rakor, national]
    );

    let invited = db.invited_regions(national).await.expect("invited");
    let names: Vec<_> = invited.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["Bengkulu", "Jawa Barat"]);
});

/// Adds a speaker to the registry.
async fn add_speaker(db: &Database, name: &str, institution: Option<&str>) -> SpeakerId {
    let details = SpeakerForm {
        name: name.into(),
        position: "Narasumber".into(),
        institution: institution.unwrap_or_default().into(),
        contact: "0812-0000-0000".into(),
        ..SpeakerForm::default()
    }
    .validate()
    .expect("valid speaker");
    db.create_speaker(&details, Actor::System, now())
        .await
        .expect("create speaker")
}

fn part(role: SpeakerRole, topic: &str, status: InvitationStatus) -> SpeakerPart<'_> {
    SpeakerPart {
        role,
        topic,
        status,
    }
}

on_both!(speakers_answers_and_rundown_are_kept, |db| {
    let details = webinar("Pemantauan Tahapan Pemilu", "2023-03-30")
        .validate()
        .expect("valid");
    let id = db
        .create_session(&details, SessionStatus::Published, Actor::System, now())
        .await
        .expect("create");
    let syarmadani = add_speaker(db, "Drs. Syarmadani, M.Si.", Some("Kemendagri")).await;
    let zuhro = add_speaker(db, "Prof. Dr. R. Siti Zuhro, M.A.", Some("BRIN")).await;
    let opening = db
        .add_session_speaker(
            id,
            syarmadani,
            &part(
                SpeakerRole::Opening,
                "Pembukaan",
                InvitationStatus::Confirmed,
            ),
            Actor::System,
            now(),
        )
        .await
        .expect("add");
    let keynote = db
        .add_session_speaker(
            id,
            zuhro,
            &part(
                SpeakerRole::Keynote,
                "Stabilitas",
                InvitationStatus::Invited,
            ),
            Actor::System,
            now(),
        )
        .await
        .expect("add");
    assert!(matches!(
        db.add_session_speaker(
            id,
            zuhro,
            &part(SpeakerRole::Speaker, "", InvitationStatus::Invited),
            Actor::System,
            now()
        )
        .await,
        Err(StorageError::Duplicate("speaker"))
    ));

    let speakers = db.session_speakers(id).await.expect("speakers");
    assert_eq!(speakers.len(), 2);
    assert_eq!(
        speakers[1].name, "Prof. Dr. R. Siti Zuhro, M.A.",
        "titles kept exactly as written"
    );
    assert_eq!(
        speakers[0]
            .institution
            .as_ref()
            .map(|(_, name)| name.as_str()),
        Some("Kementerian Dalam Negeri"),
        "found by its other name"
    );
    assert_eq!(
        speakers[0].answers,
        vec![
            (InvitationStatus::Invited, now()),
            (InvitationStatus::Confirmed, now())
        ]
    );

    // Answers are dated; an impossible one changes nothing.
    let later = now() + Duration::days(2);
    db.answer_speaker(keynote, InvitationStatus::Confirmed, Actor::System, later)
        .await
        .expect("confirm");
    assert!(matches!(
        db.answer_speaker(keynote, InvitationStatus::Invited, Actor::System, later)
            .await,
        Err(StorageError::ForbiddenAnswer(_))
    ));
    let (session, record) = db
        .session_speaker(keynote)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(session, id);
    assert_eq!(record.status, InvitationStatus::Confirmed);
    assert_eq!(
        record.answers,
        vec![
            (InvitationStatus::Invited, now()),
            (InvitationStatus::Confirmed, later)
        ]
    );
    db.change_speaker_part(
        keynote,
        SpeakerRole::Speaker,
        "Demokrasi lokal",
        Actor::System,
        later,
    )
    .await
    .expect("change part");

    // The rundown, in time order, with who speaks in each slot.
    let first_day = chrono::NaiveDate::from_ymd_opt(2023, 3, 30).expect("valid");
    let slot = |start: &str, end: &str, title: &str, kind: &str, speakers: Vec<String>| {
        RundownForm {
            start_time: start.into(),
            end_time: end.into(),
            title: title.into(),
            kind: kind.into(),
            speakers,
            ..RundownForm::default()
        }
        .validate(Zone::Wib, first_day)
        .expect("valid slot")
    };
    db.add_rundown_item(
        id,
        &slot(
            "10:00",
            "12:00",
            "Paparan",
            "talk",
            vec![keynote.to_string()],
        ),
        Actor::System,
        now(),
    )
    .await
    .expect("add");
    let opening_slot = db
        .add_rundown_item(
            id,
            &slot(
                "09:00",
                "10:00",
                "Pembukaan",
                "opening",
                vec![opening.to_string()],
            ),
            Actor::System,
            now(),
        )
        .await
        .expect("add");
    let rundown = db.rundown(id).await.expect("rundown");
    let titles: Vec<_> = rundown.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, vec!["Pembukaan", "Paparan"], "in time order");
    assert_eq!(
        rundown[1].speakers,
        vec![(keynote, "Prof. Dr. R. Siti Zuhro, M.A.".to_owned())]
    );
    assert_eq!(rundown[0].time.start(), details.time.start(), "09.00 WIB");

    // A speaker of another session cannot be put in a slot.
    let other = db
        .create_session(&details, SessionStatus::Draft, Actor::System, now())
        .await
        .expect("create");
    let elsewhere = db
        .add_session_speaker(
            other,
            zuhro,
            &part(SpeakerRole::Speaker, "", InvitationStatus::Invited),
            Actor::System,
            now(),
        )
        .await
        .expect("add");
    assert!(matches!(
        db.update_rundown_item(
            opening_slot,
            &slot(
                "09:00",
                "10:00",
                "Pembukaan",
                "opening",
                vec![elsewhere.to_string()]
            ),
            Actor::System,
            now()
        )
        .await,
        Err(StorageError::NotFound)
    ));
    db.update_rundown_item(
        opening_slot,
        &slot(
            "09:00",
            "09:30",
            "Pembukaan dan sambutan",
            "opening",
            vec![opening.to_string(), keynote.to_string()],
        ),
        Actor::System,
        now(),
    )
    .await
    .expect("update");
    db.remove_session_speaker(keynote, Actor::System, now())
        .await
        .expect("remove");
    let rundown = db.rundown(id).await.expect("rundown");
    assert_eq!(rundown[0].title, "Pembukaan dan sambutan");
    assert_eq!(
        rundown[0].speakers,
        vec![(opening, "Drs. Syarmadani, M.Si.".to_owned())],
        "a removed speaker leaves the slots"
    );
    assert!(rundown[1].speakers.is_empty());

    // The speaker's sessions: confirmed parts only count as appearances.
    let appearances = |speaker| SessionFilter {
        speaker: Some(speaker),
        answers: vec![InvitationStatus::Confirmed],
        ..SessionFilter::default()
    };
    let ids = |list: Vec<simpul::storage::SessionRecord>| {
        list.into_iter().map(|s| s.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(db.sessions(&appearances(syarmadani)).await.expect("list")),
        vec![id]
    );
    assert!(ids(db.sessions(&appearances(zuhro)).await.expect("list")).is_empty());

    db.remove_rundown_item(opening_slot, Actor::System, now())
        .await
        .expect("remove slot");
    assert_eq!(db.rundown(id).await.expect("rundown").len(), 1);

    // Changes stop with the session.
    db.change_status(id, SessionStatus::Cancelled, Actor::System, now())
        .await
        .expect("cancel");
    assert!(matches!(
        db.answer_speaker(opening, InvitationStatus::Declined, Actor::System, now())
            .await,
        Err(StorageError::NotEditable(SessionStatus::Cancelled))
    ));
    let trail: Vec<_> = db
        .audit_events(&simpul::audit::AuditFilter {
            session: Some(id),
            ..Default::default()
        })
        .await
        .expect("trail")
        .into_iter()
        .map(|e| e.action.as_str())
        .collect();
    for action in [
        "speaker_added",
        "speaker_answered",
        "speaker_part_changed",
        "speaker_removed",
        "rundown_item_added",
        "rundown_item_changed",
        "rundown_item_removed",
    ] {
        assert!(trail.contains(&action), "{action} missing from {trail:?}");
    }
});

on_both!(institutions_are_seeded_renamed_and_merged, |db| {
    let central = db.institutions().await.expect("list");
    assert!(central.iter().filter(|i| i.central).count() >= 19);
    db.prepare()
        .await
        .expect("a second start seeds nothing twice");
    assert_eq!(db.institutions().await.expect("list").len(), central.len());
    let kasn = db
        .institution_named("kasn")
        .await
        .expect("look up")
        .expect("seeded with its other name");
    assert_eq!(
        db.institution(kasn).await.expect("read").map(|i| i.name),
        Some("Komisi Aparatur Sipil Negara (KASN)".to_owned())
    );

    let new = |name: &str, region: &str| {
        simpul::speaker::validate_institution(name, region).expect("valid")
    };
    let bengkulu = db
        .create_institution(&new("KPU Provinsi Bengkulu", "17"), Actor::System, now())
        .await
        .expect("create");
    assert!(matches!(
        db.create_institution(&new("kpu provinsi  BENGKULU", ""), Actor::System, now())
            .await,
        Err(StorageError::Duplicate("institution"))
    ));
    assert!(matches!(
        db.create_institution(
            &new("Kesbangpol Kabupaten X", "17.99"),
            Actor::System,
            now()
        )
        .await,
        Err(StorageError::UnknownRegion(_))
    ));
    let record = db
        .institution(bengkulu)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(record.region_name.as_deref(), Some("Bengkulu"));

    // A regional office typed with a speaker is created on demand, with its region.
    let details = SpeakerForm {
        name: "Rusman Sudarsono".into(),
        institution: "Kesbangpol Kabupaten Kaur".into(),
        institution_region: "17.04".into(),
        ..SpeakerForm::default()
    }
    .validate()
    .expect("valid");
    let rusman = db
        .create_speaker(&details, Actor::System, now())
        .await
        .expect("create");
    let kaur = db
        .institution_named("Kesbangpol Kabupaten Kaur")
        .await
        .expect("look up")
        .expect("created");
    assert_eq!(
        db.institution(kaur)
            .await
            .expect("read")
            .and_then(|i| i.region)
            .map(|r| r.to_string()),
        Some("17.04".into())
    );

    // Renaming keeps the old name as a way to find it.
    db.rename_institution(
        kaur,
        &new("Badan Kesbangpol Kabupaten Kaur", "17.04"),
        Actor::System,
        now(),
    )
    .await
    .expect("rename");
    assert_eq!(
        db.institution_named("Kesbangpol Kabupaten Kaur")
            .await
            .expect("look up"),
        Some(kaur)
    );
    assert!(matches!(
        db.rename_institution(
            kaur,
            &new("KPU Provinsi Bengkulu", ""),
            Actor::System,
            now()
        )
        .await,
        Err(StorageError::Duplicate("institution"))
    ));

    // Merging moves the speakers, and the merged name finds the target.
    db.merge_institution(kaur, bengkulu, Actor::System, now())
        .await
        .expect("merge");
    assert_eq!(
        db.speaker(rusman)
            .await
            .expect("read")
            .and_then(|s| s.institution),
        Some((bengkulu, "KPU Provinsi Bengkulu".to_owned()))
    );
    assert_eq!(
        db.institution_named("Badan Kesbangpol Kabupaten Kaur")
            .await
            .expect("look up"),
        Some(bengkulu)
    );
    let merged = db.institution(kaur).await.expect("read").expect("kept");
    assert_eq!(merged.merged_into, Some(bengkulu));
    assert!(
        !db.institutions()
            .await
            .expect("list")
            .iter()
            .any(|i| i.id == kaur)
    );
    let target = db
        .institution(bengkulu)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(target.speakers, 1);
    assert!(
        target
            .aliases
            .contains(&"Kesbangpol Kabupaten Kaur".to_owned())
    );
    assert!(matches!(
        db.merge_institution(kaur, bengkulu, Actor::System, now())
            .await,
        Err(StorageError::NotFound)
    ));
});

on_both!(speakers_are_found_by_prefix_typo_and_institution, |db| {
    let zuhro = add_speaker(db, "Prof. Dr. R. Siti Zuhro, M.A.", Some("BRIN")).await;
    let nurbaya = add_speaker(db, "Dr. Siti Nurbaya", Some("KPU RI")).await;
    let bahtiar = add_speaker(db, "Dr. Bahtiar, M.Si.", Some("Kemendagri")).await;
    let found = |q: &'static str| async move {
        db.search_speakers(q, 10)
            .await
            .expect("search")
            .into_iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(found("zuhro").await, vec![zuhro]);
    assert_eq!(found("zurho").await, vec![zuhro], "transposed letters");
    assert_eq!(found("siti zu").await, vec![zuhro]);
    assert_eq!(
        found("siti").await,
        vec![nurbaya, zuhro],
        "equal scores by name"
    );
    assert_eq!(
        found("komisi pemilihan").await,
        vec![nurbaya],
        "an institution's other name"
    );
    assert_eq!(found("kemendagri bahtiar").await, vec![bahtiar]);
    assert!(found("   ").await.is_empty());
    let record = db.speaker(zuhro).await.expect("read").expect("exists");
    assert_eq!(record.contact.as_deref(), Some("0812-0000-0000"));

    let similar: Vec<_> = db
        .similar_speakers("Siti Zuhroh", None)
        .await
        .expect("similar")
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(similar, vec![zuhro]);
    assert!(
        db.similar_speakers("Prof. Dr. R. Siti Zuhro, M.A.", Some(zuhro))
            .await
            .expect("similar")
            .is_empty(),
        "a speaker is not their own duplicate"
    );
});

on_both!(bookings_feed_conflict_warnings, |db| {
    let mut form = webinar("Rakor A", "2027-01-05");
    form.mode = "luring".into();
    form.venue = "Ruang Rapat Bajakah".into();
    form.venue_region = "62".into();
    let a_details = form.validate().expect("valid");
    let a = db
        .create_session(&a_details, SessionStatus::Published, Actor::System, now())
        .await
        .expect("create");
    let cancelled = db
        .create_session(&a_details, SessionStatus::Draft, Actor::System, now())
        .await
        .expect("create");
    let speaker = add_speaker(db, "Bahtiar", None).await;
    for (session, status) in [
        (a, InvitationStatus::Invited),
        (cancelled, InvitationStatus::Confirmed),
    ] {
        db.add_session_speaker(
            session,
            speaker,
            &part(SpeakerRole::Speaker, "", status),
            Actor::System,
            now(),
        )
        .await
        .expect("add");
    }
    db.change_status(cancelled, SessionStatus::Cancelled, Actor::System, now())
        .await
        .expect("cancel");
    let bookings = db.speaker_bookings(speaker).await.expect("bookings");
    assert_eq!(
        bookings.iter().map(|b| b.session).collect::<Vec<_>>(),
        vec![a],
        "cancelled sessions free the speaker"
    );

    let rooms = db.room_bookings(&a_details.time).await.expect("rooms");
    assert_eq!(
        rooms.iter().map(|(b, _)| b.session).collect::<Vec<_>>(),
        vec![a]
    );
    let found =
        simpul::rundown::room_conflicts(SessionId(9999), &a_details.time, &rooms[0].1, &rooms);
    assert_eq!(found.len(), 1);
});

on_both!(materials_are_recorded_per_session, |db| {
    let details = webinar("Webinar", "2027-01-05").validate().expect("valid");
    let id = db
        .create_session(&details, SessionStatus::Draft, Actor::System, now())
        .await
        .expect("create");
    let new = NewMaterial {
        session: id,
        title: "Paparan KPU".into(),
        file_name: "paparan.pdf".into(),
        kind: MaterialKind::Pdf,
        size_bytes: 1234,
        sha256: "ab".repeat(32),
        visibility: Visibility::Registrants,
    };
    let first = db
        .add_material(&new, Actor::System, now())
        .await
        .expect("add");
    let second = db
        .add_material(&new, Actor::System, now())
        .await
        .expect("same content again");
    let listed = db.materials(id).await.expect("list");
    assert_eq!(
        listed.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![first, second]
    );
    assert_eq!(listed[0].visibility, Visibility::Registrants);
    assert_eq!(listed[0].size_bytes, 1234);
    db.remove_material(first, Actor::System, now())
        .await
        .expect("remove");
    assert!(
        db.content_in_use(&new.sha256).await.expect("in use"),
        "the second still names it"
    );
    db.remove_material(second, Actor::System, now())
        .await
        .expect("remove");
    assert!(!db.content_in_use(&new.sha256).await.expect("in use"));
    db.change_status(id, SessionStatus::Cancelled, Actor::System, now())
        .await
        .expect("cancel");
    assert!(matches!(
        db.add_material(&new, Actor::System, now()).await,
        Err(StorageError::NotEditable(_))
    ));
});

on_both!(demo_data_loads_only_into_an_empty_database, |db| {
    let loaded = load_demo_data(db, now()).await.expect("load demo");
    assert_eq!(loaded, 9);
    assert_eq!(
        load_demo_data(db, now()).await.expect("second load"),
        0,
        "never loaded twice"
    );
    let all = db.sessions(&SessionFilter::default()).await.expect("list");
    assert_eq!(all.len(), 9);
    let netralitas = all
        .iter()
        .find(|s| s.details.title.starts_with("Menjaga Netralitas"))
        .expect("the 31 January 2023 webinar");
    assert_eq!(
        netralitas.details.time.start().to_rfc3339(),
        "2023-01-31T02:00:00+00:00"
    );
    assert_eq!(
        db.session_speakers(netralitas.id)
            .await
            .expect("speakers")
            .len(),
        6
    );
    let zones: Vec<_> = all
        .iter()
        .filter(|s| s.details.time.start() > now())
        .map(|s| s.details.zone)
        .collect();
    assert!(
        zones.contains(&Zone::Wita) && zones.contains(&Zone::Wit),
        "{zones:?}"
    );
    // Kabupaten Kaur sees the webinar it joined from Aula Lantai III.
    let kaur = db
        .sessions(&SessionFilter {
            region: Some(code("17.04")),
            ..SessionFilter::default()
        })
        .await
        .expect("list");
    assert!(
        kaur.iter()
            .any(|s| s.details.title.starts_with("Pemantauan Tahapan Pemilu"))
    );
});

/// Whether the sign-in token signs someone in at `at`.
async fn signs_in(db: &Database, token: &simpul::storage::SignInToken, at: DateTime<Utc>) -> bool {
    db.signed_in_user(token, at)
        .await
        .expect("look up")
        .is_some()
}

/// The `token_hash` column of a table, to check that no secret is stored as it is.
async fn stored_hashes(db: &Database, table: &str) -> Vec<String> {
    let sql = format!("SELECT token_hash FROM {table}");
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(&sql).fetch_all(pool).await,
    }
    .expect("read")
}

/// Adds a user with the test password, as the command line would.
async fn add_user(
    db: &Database,
    email: &str,
    role: simpul::account::Role,
) -> simpul::account::UserId {
    db.create_user(&new_user(email, role), Actor::System, now())
        .await
        .expect("create")
}

fn new_user(email: &str, role: simpul::account::Role) -> simpul::storage::NewUser {
    simpul::storage::NewUser {
        email: simpul::account::EmailAddress::parse(email).expect("valid email"),
        name: "Operator Kesbangpol".into(),
        role,
        password: simpul::account::Password::new("rahasia-sekali-2024").expect("valid password"),
    }
}

on_both!(users_sign_in_with_their_password_until_disabled, |db| {
    use simpul::account::{EmailAddress, Role};
    let operator = new_user(
        "Operator@Kesbangpol.JabarProv.go.id",
        Role::Operator(code("32")),
    );
    let id = db
        .create_user(&operator, Actor::System, now())
        .await
        .expect("create");
    let email = EmailAddress::parse("operator@kesbangpol.jabarprov.go.id").expect("valid");
    let found = db
        .check_password(&email, "rahasia-sekali-2024")
        .await
        .expect("check")
        .expect("signed in");
    assert_eq!(
        (found.id, found.role.clone()),
        (id, Role::Operator(code("32")))
    );
    assert_eq!(
        db.check_password(&email, "salah-sandi-2024")
            .await
            .expect("check"),
        None
    );
    let stranger = EmailAddress::parse("siapa@contoh.go.id").expect("valid");
    assert_eq!(
        db.check_password(&stranger, "rahasia-sekali-2024")
            .await
            .expect("check"),
        None
    );

    db.disable_user(id, Actor::System, now())
        .await
        .expect("disable");
    assert_eq!(
        db.check_password(&email, "rahasia-sekali-2024")
            .await
            .expect("check"),
        None,
        "disabled"
    );
    assert!(
        db.user_by_email(&email)
            .await
            .expect("read")
            .expect("kept")
            .disabled,
        "kept, not deleted"
    );
});

on_both!(
    user_addresses_are_unique_and_operator_regions_must_exist,
    |db| {
        use simpul::account::Role;
        add_user(db, "admin@kemendagri.go.id", Role::Admin).await;
        let again = db
            .create_user(
                &new_user("ADMIN@kemendagri.go.id", Role::Organizer),
                Actor::System,
                now(),
            )
            .await;
        assert!(
            matches!(again, Err(StorageError::Duplicate("email"))),
            "{again:?}"
        );
        let nowhere = db
            .create_user(
                &new_user("op@nowhere.go.id", Role::Operator(code("99"))),
                Actor::System,
                now(),
            )
            .await;
        assert!(
            matches!(nowhere, Err(StorageError::UnknownRegion(_))),
            "{nowhere:?}"
        );
    }
);

on_both!(
    sign_ins_last_until_they_expire_end_or_the_user_is_disabled,
    |db| {
        use simpul::account::Role;
        use simpul::storage::{SIGN_IN_LIFETIME, SignInToken};
        let id = add_user(db, "organizer@kemendagri.go.id", Role::Organizer).await;
        let token = db.start_sign_in(id, now()).await.expect("sign in");
        let again = SignInToken::from_cookie(token.expose()).expect("the cookie value reads back");
        let user = db
            .signed_in_user(&again, now())
            .await
            .expect("look up")
            .expect("signed in");
        assert_eq!(user.id, id);

        // Each use pushes the expiry forward; unused for the whole lifetime, it ends.
        let later = now() + SIGN_IN_LIFETIME - Duration::hours(1);
        assert!(signs_in(db, &token, later).await);
        let too_late = later + SIGN_IN_LIFETIME + Duration::seconds(1);
        assert!(!signs_in(db, &token, too_late).await, "expired");

        // Signing out ends it; a second sign-in is separate.
        let second = db.start_sign_in(id, now()).await.expect("sign in");
        let third = db.start_sign_in(id, now()).await.expect("sign in");
        db.end_sign_in(&second).await.expect("sign out");
        assert!(!signs_in(db, &second, now()).await);
        assert!(signs_in(db, &third, now()).await);

        // Only the hash is stored.
        let stored = stored_hashes(db, "sign_ins").await;
        assert_eq!(stored.len(), 2, "the first (expired) and the third sign-in");
        assert!(
            !stored
                .iter()
                .any(|h| h == token.expose() || h == third.expose())
        );

        // Disabling the user stops every sign-in at once.
        db.disable_user(id, Actor::System, now())
            .await
            .expect("disable");
        assert!(!signs_in(db, &third, now()).await);
    }
);

on_both!(
    api_tokens_act_as_their_user_until_revoked_or_disabled,
    |db| {
        use scenario_names::*;
        let id = add_user(db, "skrip@kemendagri.go.id", Role::Organizer).await;
        let (token, secret) = db
            .create_api_token(id, " rekap mingguan ", Actor::User(id), now())
            .await
            .expect("token");
        assert_eq!(token.name, "rekap mingguan");
        let again = ApiTokenSecret::from_header(secret.expose()).expect("reads back");
        let user = db
            .user_by_api_token(&again, now())
            .await
            .expect("look up")
            .expect("valid");
        assert_eq!(user.id, id);
        let listed = db.api_tokens(id).await.expect("list");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].last_used_at, Some(now()), "the use is noted");

        // Another user cannot revoke it (and learns nothing): not found.
        let other = add_user(db, "lain@kemendagri.go.id", Role::Organizer).await;
        assert!(matches!(
            db.revoke_api_token(other, token.id, Actor::User(other), now())
                .await,
            Err(StorageError::NotFound)
        ));
        db.revoke_api_token(id, token.id, Actor::User(id), now())
            .await
            .expect("revoke");
        assert_eq!(
            db.user_by_api_token(&secret, now()).await.expect("look up"),
            None
        );

        // A second token stops when its user is disabled.
        let (_, second) = db
            .create_api_token(id, "cadangan", Actor::User(id), now())
            .await
            .expect("token");
        assert!(
            db.user_by_api_token(&second, now())
                .await
                .expect("look up")
                .is_some()
        );
        db.disable_user(id, Actor::System, now())
            .await
            .expect("disable");
        assert_eq!(
            db.user_by_api_token(&second, now()).await.expect("look up"),
            None
        );

        // Only hashes are stored.
        let stored = stored_hashes(db, "api_tokens").await;
        assert!(
            !stored
                .iter()
                .any(|h| h == secret.expose() || h == second.expose())
        );
    }
);

on_both!(
    users_are_changed_and_passwords_reset_with_sign_ins_ended,
    |db| {
        use scenario_names::*;
        let admin = add_user(db, "admin@kemendagri.go.id", Role::Admin).await;
        let id = db
            .create_user(
                &new_user("operator@bengkuluprov.go.id", Role::Operator(code("17"))),
                Actor::User(admin),
                now(),
            )
            .await
            .expect("create");
        let sign_in = db.start_sign_in(id, now()).await.expect("sign in");

        // A new role and region take effect on the next request of the same sign-in.
        let change = UserChange {
            name: "Operator Kaur".into(),
            role: Role::Operator(code("17.04")),
            disabled: false,
        };
        db.change_user(id, &change, Actor::User(admin), now())
            .await
            .expect("change");
        let seen = db
            .signed_in_user(&sign_in, now())
            .await
            .expect("look up")
            .expect("still in");
        assert_eq!(
            (seen.name.as_str(), seen.role),
            ("Operator Kaur", Role::Operator(code("17.04")))
        );
        let unknown = UserChange {
            role: Role::Operator(code("99")),
            ..change.clone()
        };
        assert!(matches!(
            db.change_user(id, &unknown, Actor::User(admin), now())
                .await,
            Err(StorageError::UnknownRegion(_))
        ));

        // A reset ends every sign-in; the new password works, the old does not.
        let password = Password::new("sandi-baru-yang-panjang").expect("valid");
        db.set_password(id, &password, Actor::User(admin), now())
            .await
            .expect("reset");
        assert_eq!(
            db.signed_in_user(&sign_in, now()).await.expect("look up"),
            None
        );
        let email = EmailAddress::parse("operator@bengkuluprov.go.id").expect("valid");
        assert!(
            db.check_password(&email, "sandi-baru-yang-panjang")
                .await
                .expect("check")
                .is_some()
        );
        assert!(
            db.check_password(&email, "rahasia-sekali-2024")
                .await
                .expect("check")
                .is_none()
        );
        assert!(
            db.password_is(id, "sandi-baru-yang-panjang")
                .await
                .expect("check")
        );

        let users = db.users().await.expect("list");
        assert_eq!(users.len(), 2);

        // Every change is in the trail, newest first, with who did it and no secrets.
        let trail = db
            .audit_events(&AuditFilter::default())
            .await
            .expect("trail");
        let actions: Vec<_> = trail.iter().map(|e| e.action).collect();
        assert_eq!(
            actions,
            vec![
                AuditAction::PasswordReset,
                AuditAction::UserChanged,
                AuditAction::UserCreated,
                AuditAction::UserCreated,
            ]
        );
        assert_eq!(trail[1].actor_name.as_deref(), Some("Operator Kesbangpol"));
        let before = trail[1].before.as_deref().expect("before");
        let after = trail[1].after.as_deref().expect("after");
        assert!(
            before.contains("\"17\"") && after.contains("\"17.04\""),
            "{before} {after}"
        );
        assert!(trail.iter().all(|e| {
            let text = format!("{:?}{:?}", e.before, e.after);
            !text.contains("argon2") && !text.contains("sandi-baru")
        }));
        let by_admin = db
            .audit_events(&AuditFilter {
                actor: Some(admin),
                ..AuditFilter::default()
            })
            .await
            .expect("trail");
        assert_eq!(by_admin.len(), 3);
    }
);

on_both!(
    session_changes_are_audited_with_the_passcode_left_out,
    |db| {
        use scenario_names::*;
        let organizer = add_user(db, "panitia@kemendagri.go.id", Role::Organizer).await;
        let mut form = webinar("Webinar Netralitas ASN", "2027-02-10");
        form.passcode = "rahasia99".into();
        let details = form.validate().expect("valid");
        let id = db
            .create_session(
                &details,
                SessionStatus::Draft,
                Actor::User(organizer),
                now(),
            )
            .await
            .expect("create");
        assert_eq!(
            db.session(id)
                .await
                .expect("read")
                .expect("exists")
                .created_by,
            Some(organizer)
        );
        let moved = SessionForm {
            start_time: "13:00".into(),
            end_time: "15:00".into(),
            ..form
        };
        db.update_session(
            id,
            &moved.validate().expect("valid"),
            Actor::User(organizer),
            now(),
        )
        .await
        .expect("update");
        db.change_status(id, SessionStatus::Published, Actor::User(organizer), now())
            .await
            .expect("publish");
        let trail = db
            .audit_events(&AuditFilter {
                session: Some(id),
                ..AuditFilter::default()
            })
            .await
            .expect("trail");
        let actions: Vec<_> = trail.iter().map(|e| e.action).collect();
        assert_eq!(
            actions,
            vec![
                AuditAction::SessionStatusChanged,
                AuditAction::SessionUpdated,
                AuditAction::SessionCreated,
            ]
        );
        assert!(trail.iter().all(|e| e.actor == Some(organizer)));
        let update = &trail[1];
        assert!(
            update
                .before
                .as_deref()
                .is_some_and(|b| b.contains("\"09:00\""))
        );
        assert!(
            update
                .after
                .as_deref()
                .is_some_and(|a| a.contains("\"13:00\""))
        );
        assert!(
            trail
                .iter()
                .all(|e| !format!("{:?}{:?}", e.before, e.after).contains("rahasia99")),
            "the passcode stays out of the trail"
        );
        assert!(
            update
                .after
                .as_deref()
                .is_some_and(|a| a.contains("\"has_passcode\":true"))
        );
        // Invitations are audited with the list before and after.
        db.set_invitations(id, &[invite("32", true)], Actor::User(organizer), now())
            .await
            .expect("invite");
        db.set_invitations(id, &[invite("17", false)], Actor::User(organizer), now())
            .await
            .expect("invite");
        let invitations = db
            .audit_events(&AuditFilter {
                session: Some(id),
                action: Some(AuditAction::InvitationsChanged),
                ..AuditFilter::default()
            })
            .await
            .expect("trail");
        assert_eq!(invitations.len(), 2);
        assert_eq!(
            invitations[0].before.as_deref(),
            Some(
                r#"[{"quota_daring":null,"quota_luring":null,"region":"32","with_regencies":true}]"#
            )
        );
        assert_eq!(
            invitations[0].after.as_deref(),
            Some(
                r#"[{"quota_daring":null,"quota_luring":null,"region":"17","with_regencies":false}]"#
            )
        );
        // A refused change leaves no entry.
        let _ = db
            .change_status(id, SessionStatus::Draft, Actor::User(organizer), now())
            .await;
        assert_eq!(
            db.audit_events(&AuditFilter {
                session: Some(id),
                ..AuditFilter::default()
            })
            .await
            .expect("trail")
            .len(),
            5
        );
    }
);

on_both!(expired_sign_ins_are_cleaned_up, |db| {
    use scenario_names::*;
    let id = add_user(db, "x@kemendagri.go.id", Role::Organizer).await;
    let old = db.start_sign_in(id, now()).await.expect("sign in");
    let later = now() + simpul::storage::SIGN_IN_LIFETIME + Duration::hours(1);
    let fresh = db.start_sign_in(id, later).await.expect("sign in");
    assert_eq!(db.delete_expired_sign_ins(later).await.expect("clean"), 1);
    assert!(signs_in(db, &fresh, later).await);
    assert!(!signs_in(db, &old, now()).await);
});

/// Names the new scenarios use (kept apart from the older ones' imports).
mod scenario_names {
    pub use simpul::account::{EmailAddress, Password, Role};
    pub use simpul::audit::{AuditAction, AuditFilter};
    pub use simpul::session::SessionForm;
    pub use simpul::storage::{ApiTokenSecret, UserChange};
}

// ---- Registrations (issue 5) ----

mod registering {
    use super::*;
    pub use simpul::registration::{
        AttendanceMode, Invitation, RegistrationContext, RegistrationDetails, RegistrationForm,
        RegistrationRefusal, RegistrationSource, RegistrationStatus,
    };
    pub use simpul::storage::{Registrar, RegistrarScope};

    /// A published hybrid session on 1 December with these capacities and invitations.
    pub async fn session(
        db: &Database,
        onsite: Option<u32>,
        online: Option<u32>,
        invitations: &[Invitation],
    ) -> SessionId {
        let form = SessionForm {
            mode: "hybrid".into(),
            venue: "Hotel Borobudur".into(),
            capacity_onsite: onsite.map(|c| c.to_string()).unwrap_or_default(),
            capacity_online: online.map(|c| c.to_string()).unwrap_or_default(),
            ..webinar("Rakor Pilkada", "2026-12-01")
        };
        let details = form.validate().expect("valid session");
        let id = db
            .create_session(&details, SessionStatus::Published, Actor::System, now())
            .await
            .expect("create");
        db.set_invitations(id, invitations, Actor::System, now())
            .await
            .expect("invite");
        id
    }

    pub fn quota(region: &str, luring: Option<u32>, daring: Option<u32>) -> Invitation {
        Invitation {
            quota_luring: luring,
            quota_daring: daring,
            ..invite(region, true)
        }
    }

    /// A person numbered `n` of `region`, by `mode`, with a unique NIP and e-mail.
    pub fn person(n: u32, region: &str, mode: &str) -> RegistrationDetails {
        RegistrationForm {
            name: format!("Peserta {n}"),
            nip: format!("19850317201001{}{:03}", 1 + n % 2, n % 1000),
            email: format!("peserta{n}@example.go.id"),
            mode: mode.into(),
            region: region.into(),
            ..RegistrationForm::default()
        }
        .validate(&RegistrationContext {
            session_mode: simpul::SessionMode::Hybrid,
            default_region: None,
        })
        .expect("valid person")
    }

    pub fn operator(region: &str) -> Registrar {
        Registrar {
            by: Actor::System,
            source: RegistrationSource::Office,
            scope: RegistrarScope::Region(code(region)),
        }
    }

    pub fn organizer() -> Registrar {
        Registrar {
            scope: RegistrarScope::Organizer,
            ..operator("32")
        }
    }

    pub async fn one(
        db: &Database,
        session: SessionId,
        details: RegistrationDetails,
        registrar: &Registrar,
    ) -> Result<simpul::storage::RegistrationRecord, StorageError> {
        db.register(session, &[(1, details)], registrar, now())
            .await
            .map(|mut records| records.remove(0))
    }

    pub fn rows_of(error: StorageError) -> Vec<(usize, &'static str, &'static str)> {
        match error {
            StorageError::Registration(RegistrationRefusal::Rows(rows)) => rows
                .into_iter()
                .map(|r| (r.row, r.field.as_str(), r.problem.code()))
                .collect(),
            other => panic!("expected row problems, got {other:?}"),
        }
    }

    pub fn statuses(records: &[simpul::storage::RegistrationRecord]) -> Vec<RegistrationStatus> {
        records.iter().map(|r| r.status).collect()
    }

    pub const LURING: AttendanceMode = AttendanceMode::Luring;
}

on_both!(registration_seats_waitlist_and_promotion, |db| {
    use registering::*;
    use simpul::registration::RegistrationStatus::{Cancelled, Confirmed, Waitlisted};
    // Two seats on site; Jawa Barat (with its regencies) may take one of them.
    let id = session(
        db,
        Some(2),
        None,
        &[quota("32", Some(1), None), invite("17", true)],
    )
    .await;
    let a = one(db, id, person(1, "32.12", "luring"), &operator("32"))
        .await
        .expect("a");
    let b = one(db, id, person(2, "32.01", "luring"), &operator("32"))
        .await
        .expect("b");
    let c = one(db, id, person(3, "17", "luring"), &operator("17"))
        .await
        .expect("c");
    let d = one(db, id, person(4, "17.01", "luring"), &operator("17"))
        .await
        .expect("d");
    let e = one(db, id, person(5, "32", "daring"), &operator("32"))
        .await
        .expect("e");
    assert_eq!(
        statuses(&[a.clone(), b.clone(), c.clone(), d.clone(), e]),
        vec![Confirmed, Waitlisted, Confirmed, Waitlisted, Confirmed]
    );
    assert_ne!(a.check_in_code, c.check_in_code);
    assert_ne!(a.private_token, c.private_token);
    // A's seat goes to B (the first waitlisted on site who fits Jawa Barat's quota).
    let promoted = db
        .cancel_registration(
            a.id,
            &RegistrarScope::Region(code("32")),
            Actor::System,
            now(),
        )
        .await
        .expect("cancel");
    assert_eq!(promoted, vec![b.id]);
    // C's seat goes to D.
    let promoted = db
        .cancel_registration(c.id, &RegistrarScope::Organizer, Actor::System, now())
        .await
        .expect("cancel");
    assert_eq!(promoted, vec![d.id]);
    let all = db.registrations(id, None).await.expect("list");
    assert_eq!(all.iter().filter(|r| r.status == Confirmed).count(), 3);
    assert_eq!(
        all.last().map(|r| r.status),
        Some(Cancelled),
        "cancelled last"
    );
    // An operator of Jawa Barat sees only their people.
    let own = db.registrations(id, Some(&code("32"))).await.expect("own");
    assert!(
        own.iter()
            .all(|r| r.details.region.province() == code("32"))
    );
    assert_eq!(own.len(), 3);
    let counts = db
        .registration_counts(&[id], &code("32"))
        .await
        .expect("counts");
    assert_eq!(counts, vec![(id, 2, 0)]);
    // The private link finds the registration; a wrong secret nothing.
    let found = db
        .registration_by_token(&b.private_token)
        .await
        .expect("token");
    assert_eq!(found.map(|r| r.id), Some(b.id));
    assert!(
        db.registration_by_token("nope")
            .await
            .expect("token")
            .is_none()
    );
});

on_both!(registration_batches_are_all_or_nothing, |db| {
    use registering::*;
    let id = session(db, None, None, &[invite("32", true), invite("17", false)]).await;
    one(db, id, person(1, "32.12", "daring"), &operator("32"))
        .await
        .expect("first");
    let mut twice_in_batch = person(3, "32.01", "daring");
    twice_in_batch.nip = person(2, "32", "daring").nip;
    let mut known_email = person(4, "32", "daring");
    known_email.email = person(1, "32", "daring").email;
    known_email.nip = None;
    let batch = vec![
        (2, person(2, "32", "daring")),
        (3, twice_in_batch),
        (
            4,
            RegistrationDetails {
                email: None,
                ..person(1, "32.02", "luring")
            },
        ),
        (5, known_email),
        (6, person(6, "17", "daring")),
        (7, person(7, "99", "daring")),
    ];
    let error = db
        .register(id, &batch, &operator("32"), now())
        .await
        .expect_err("refused");
    assert_eq!(
        rows_of(error),
        vec![
            (3, "nip", "repeated_person"),
            (4, "nip", "already_registered"),
            (5, "email", "already_registered"),
            (6, "region", "region_not_yours"),
            (7, "region", "unknown_region"),
        ]
    );
    assert_eq!(
        db.registrations(id, None).await.expect("list").len(),
        1,
        "nothing of the batch saved"
    );
    // An organizer may register anyone, but only invited regions count for operators.
    let error = one(db, id, person(8, "17.01", "daring"), &operator("17"))
        .await
        .expect_err("not invited");
    assert_eq!(rows_of(error), vec![(1, "region", "region_not_invited")]);
    one(db, id, person(8, "17.01", "daring"), &organizer())
        .await
        .expect("organizer");
    // The good rows alone go through.
    let saved = db
        .register(id, &batch[..1], &operator("32"), now())
        .await
        .expect("saved");
    assert_eq!(saved.len(), 1);
    // After the deadline offices are refused; organizers still register.
    db.set_registration_settings(
        id,
        Some(now() - Duration::hours(1)),
        false,
        Actor::System,
        now(),
    )
    .await
    .expect("deadline");
    let closed = one(db, id, person(9, "32", "daring"), &operator("32"))
        .await
        .expect_err("closed");
    assert!(matches!(
        closed,
        StorageError::Registration(simpul::registration::RegistrationRefusal::Closed)
    ));
    one(db, id, person(9, "32", "daring"), &organizer())
        .await
        .expect("late addition");
    // A draft takes nobody.
    let draft = db
        .create_session(
            &webinar("Draf", "2026-12-02").validate().expect("valid"),
            SessionStatus::Draft,
            Actor::System,
            now(),
        )
        .await
        .expect("draft");
    assert!(matches!(
        one(db, draft, person(10, "32", "daring"), &organizer()).await,
        Err(StorageError::Registration(
            simpul::registration::RegistrationRefusal::Closed
        ))
    ));
    // The trail names the batch, not the people.
    let trail = db
        .audit_events(&simpul::audit::AuditFilter {
            session: Some(id),
            action: Some(simpul::audit::AuditAction::RegistrationsAdded),
            ..Default::default()
        })
        .await
        .expect("trail");
    assert_eq!(trail.len(), 4);
    assert!(
        trail
            .iter()
            .all(|e| !e.after.as_deref().unwrap_or("").contains("Peserta"))
    );
});

on_both!(registration_changes_and_public_link, |db| {
    use registering::*;
    use simpul::registration::RegistrationStatus::{Confirmed, Waitlisted};
    let id = session(db, Some(1), Some(1), &[invite("32", true)]).await;
    let a = one(db, id, person(1, "32", "luring"), &operator("32"))
        .await
        .expect("a");
    let b = one(db, id, person(2, "32", "luring"), &operator("32"))
        .await
        .expect("b");
    assert_eq!(
        statuses(&[a.clone(), b.clone()]),
        vec![Confirmed, Waitlisted]
    );
    // A moves online: a seat is free there; B gets A's seat on site.
    let mut online = a.details.clone();
    online.mode = simpul::registration::AttendanceMode::Daring;
    online.name = "Peserta Satu".into();
    let changed = db
        .update_registration(
            a.id,
            &online,
            &RegistrarScope::Region(code("32")),
            Actor::System,
            now(),
        )
        .await
        .expect("change");
    assert_eq!(
        (changed.status, changed.details.name.as_str()),
        (Confirmed, "Peserta Satu")
    );
    let b_now = db.registration(b.id).await.expect("read").expect("b");
    assert_eq!(b_now.status, Confirmed);
    // Taking someone else's e-mail is refused, naming the field.
    let mut clash = b_now.details.clone();
    clash.email = a.details.email.clone();
    let error = db
        .update_registration(
            b.id,
            &clash,
            &RegistrarScope::Organizer,
            Actor::System,
            now(),
        )
        .await
        .expect_err("clash");
    assert_eq!(rows_of(error), vec![(1, "email", "already_registered")]);
    // A cancelled person may register again.
    db.cancel_registration(b.id, &RegistrarScope::Organizer, Actor::System, now())
        .await
        .expect("cancel");
    let again = one(db, id, b_now.details.clone(), &operator("32"))
        .await
        .expect("again");
    assert_eq!(again.status, Confirmed);
    assert_eq!(again.details.mode, LURING);
    // The public link opens with a secret, keeps it while open, and closes.
    let settings = db
        .set_registration_settings(id, None, true, Actor::System, now())
        .await
        .expect("open");
    let secret = settings.public_link.clone().expect("secret");
    assert!(secret.len() >= 43);
    assert_eq!(
        db.session_by_public_link(&secret).await.expect("find"),
        Some(id)
    );
    let kept = db
        .set_registration_settings(id, None, true, Actor::System, now())
        .await
        .expect("keep");
    assert_eq!(kept.public_link.as_deref(), Some(secret.as_str()));
    db.set_registration_settings(id, None, false, Actor::System, now())
        .await
        .expect("close");
    assert_eq!(
        db.session_by_public_link(&secret).await.expect("find"),
        None
    );
});

on_both!(
    registration_under_concurrency_keeps_capacity_and_quota,
    |db| {
        use registering::*;
        use simpul::registration::RegistrationStatus::{Confirmed, Waitlisted};
        // 20 seats online; Jawa Barat may take at most 5 of them.
        let id = session(
            db,
            None,
            Some(20),
            &[quota("32", None, Some(5)), invite("17", true)],
        )
        .await;
        let mut tasks = Vec::new();
        for n in 0..200u32 {
            let db = db.clone();
            let region = if n % 2 == 0 { "32.12" } else { "17.01" };
            tasks.push(tokio::spawn(async move {
                let registrar = organizer();
                one(&db, id, person(n, region, "daring"), &registrar).await
            }));
        }
        // And 20 offices sending the same person at once: one of them wins.
        for _ in 0..20 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                one(&db, id, person(500, "17", "daring"), &organizer()).await
            }));
        }
        let mut saved = 0;
        let mut duplicates = 0;
        for task in tasks {
            match task.await.expect("task") {
                Ok(_) => saved += 1,
                Err(StorageError::Registration(_)) => duplicates += 1,
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!((saved, duplicates), (201, 19));
        let all = db.registrations(id, None).await.expect("list");
        assert_eq!(all.len(), 201, "nothing lost");
        let confirmed: Vec<_> = all.iter().filter(|r| r.status == Confirmed).collect();
        assert_eq!(confirmed.len(), 20);
        assert_eq!(
            confirmed
                .iter()
                .filter(|r| r.details.region.province() == code("32"))
                .count(),
            5
        );
        assert_eq!(all.iter().filter(|r| r.status == Waitlisted).count(), 181);
        let nips: std::collections::HashSet<_> =
            all.iter().filter_map(|r| r.details.nip.clone()).collect();
        assert_eq!(nips.len(), 201, "no person twice");
        let codes: std::collections::HashSet<_> =
            all.iter().map(|r| r.check_in_code.clone()).collect();
        assert_eq!(codes.len(), 201);
    }
);

mod checking_in {
    pub use simpul::attendance::{
        AttendanceStatus, CheckInMethod, CheckInRefusal, Mark, OnlineCheckIn,
    };
    pub use simpul::storage::CheckInTarget;

    pub fn later(minutes: i64) -> chrono::DateTime<chrono::Utc> {
        super::now() + chrono::Duration::minutes(minutes)
    }
}

on_both!(check_ins_twice_wrong_codes_waitlist_and_walk_ins, |db| {
    use checking_in::*;
    use registering::*;
    // One seat on site: the second person on site waits.
    let id = session(db, Some(1), None, &[invite("32", true)]).await;
    let a = one(db, id, person(1, "32.12", "luring"), &operator("32"))
        .await
        .expect("a");
    let b = one(db, id, person(2, "32.12", "luring"), &operator("32"))
        .await
        .expect("b");
    let c = one(db, id, person(3, "32", "daring"), &operator("32"))
        .await
        .expect("c");
    let d = one(db, id, person(4, "32", "daring"), &operator("32"))
        .await
        .expect("d");
    assert_eq!(b.status, RegistrationStatus::Waitlisted);
    db.cancel_registration(d.id, &RegistrarScope::Organizer, Actor::System, now())
        .await
        .expect("cancel d");
    let by = Actor::System;
    let scan = |code: &simpul::registration::CheckInCode| CheckInTarget::Code(code.clone());

    let first = db
        .check_in(
            id,
            &scan(&a.check_in_code),
            CheckInMethod::Code,
            by,
            later(1),
        )
        .await
        .expect("first scan");
    assert!(first.new);
    assert_eq!(first.registration, a.id);
    let again = db
        .check_in(
            id,
            &scan(&a.check_in_code),
            CheckInMethod::Code,
            by,
            later(5),
        )
        .await
        .expect("second scan");
    assert!(!again.new);
    assert_eq!(again.first_at, later(1));

    let unknown = simpul::registration::CheckInCode::parse("ABCDEFGHJK").expect("code shape");
    assert!(matches!(
        db.check_in(id, &scan(&unknown), CheckInMethod::Code, by, later(2))
            .await,
        Err(StorageError::CheckIn(CheckInRefusal::UnknownCode))
    ));
    let other = session(db, None, None, &[invite("32", true)]).await;
    let stranger = one(db, other, person(9, "32", "luring"), &operator("32"))
        .await
        .expect("stranger");
    assert!(matches!(
        db.check_in(id, &scan(&stranger.check_in_code), CheckInMethod::Code, by, later(2)).await,
        Err(StorageError::CheckIn(CheckInRefusal::OtherSession { title })) if title == "Rakor Pilkada"
    ));
    assert!(matches!(
        db.check_in(
            id,
            &CheckInTarget::Registration(stranger.id),
            CheckInMethod::Search,
            by,
            later(2)
        )
        .await,
        Err(StorageError::NotFound)
    ));
    assert!(matches!(
        db.check_in(
            id,
            &scan(&d.check_in_code),
            CheckInMethod::Code,
            by,
            later(2)
        )
        .await,
        Err(StorageError::CheckIn(CheckInRefusal::Cancelled))
    ));
    // The waitlisted person came: admitted, confirmed.
    let admitted = db
        .check_in(
            id,
            &CheckInTarget::Registration(b.id),
            CheckInMethod::Search,
            by,
            later(3),
        )
        .await
        .expect("b");
    assert!(admitted.new && admitted.admitted_from_waitlist);
    assert_eq!(
        db.registration(b.id)
            .await
            .expect("read")
            .expect("b")
            .status,
        RegistrationStatus::Confirmed
    );

    // A walk-in: confirmed and checked in although no seat is left; the same
    // person twice is refused naming the NIP.
    let walk_in = db
        .walk_in(id, &person(10, "32.01", "luring"), by, later(4))
        .await
        .expect("walk in");
    assert_eq!(
        (walk_in.status, walk_in.source),
        (RegistrationStatus::Confirmed, RegistrationSource::WalkIn)
    );
    let twice = db
        .walk_in(id, &person(1, "32.01", "luring"), by, later(4))
        .await
        .expect_err("already registered");
    assert_eq!(rows_of(twice), vec![(1, "nip", "already_registered")]);

    // Online: closed before the session (automatic window), for on-site people,
    // open when the organizer opens it.
    assert!(matches!(
        db.check_in(
            id,
            &scan(&c.check_in_code),
            CheckInMethod::Online,
            by,
            later(6)
        )
        .await,
        Err(StorageError::CheckIn(CheckInRefusal::OnlineClosed))
    ));
    db.set_online_check_in(id, OnlineCheckIn::Open, by, later(6))
        .await
        .expect("open");
    assert_eq!(
        db.online_check_in(id).await.expect("window"),
        OnlineCheckIn::Open
    );
    assert!(
        db.check_in(
            id,
            &scan(&c.check_in_code),
            CheckInMethod::Online,
            by,
            later(7)
        )
        .await
        .expect("online")
        .new
    );
    assert!(matches!(
        db.check_in(
            id,
            &scan(&a.check_in_code),
            CheckInMethod::Online,
            by,
            later(7)
        )
        .await,
        Err(StorageError::CheckIn(CheckInRefusal::OnlineClosed))
    ));

    // The list: every check-in time kept; the organizer's mark settles it.
    let list = db.attendance(id).await.expect("list");
    let line = |id: simpul::registration::RegistrationId| {
        list.iter()
            .find(|l| l.registration.id == id)
            .expect("line")
            .clone()
    };
    assert_eq!(list.len(), 4, "cancelled people are not on the list");
    assert_eq!(line(a.id).check_ins, vec![later(1), later(5)]);
    assert_eq!(line(a.id).status, AttendanceStatus::Present);
    assert_eq!(line(walk_in.id).check_ins, vec![later(4)]);
    db.mark_attendance(
        id,
        a.id,
        &Mark {
            status: Some(AttendanceStatus::Absent),
            reason: String::new(),
        },
        by,
        later(60),
    )
    .await
    .expect("mark");
    db.mark_attendance(
        id,
        c.id,
        &Mark {
            status: Some(AttendanceStatus::Excused),
            reason: "Sakit".into(),
        },
        by,
        later(60),
    )
    .await
    .expect("mark");
    assert!(matches!(
        db.mark_attendance(
            id,
            stranger.id,
            &Mark {
                status: Some(AttendanceStatus::Present),
                reason: String::new()
            },
            by,
            later(60)
        )
        .await,
        Err(StorageError::NotFound)
    ));
    let list = db.attendance(id).await.expect("list");
    let line = |id: simpul::registration::RegistrationId| {
        list.iter()
            .find(|l| l.registration.id == id)
            .expect("line")
            .clone()
    };
    assert_eq!(line(a.id).status, AttendanceStatus::Absent);
    assert_eq!(
        (line(c.id).status, line(c.id).reason.as_str()),
        (AttendanceStatus::Excused, "Sakit")
    );
    let trail = db
        .audit_events(&simpul::audit::AuditFilter {
            session: Some(id),
            ..simpul::audit::AuditFilter::default()
        })
        .await
        .expect("trail");
    let marks: Vec<_> = trail
        .iter()
        .filter(|e| e.action == simpul::audit::AuditAction::AttendanceMarked)
        .collect();
    assert_eq!(marks.len(), 2);
    assert!(
        marks
            .iter()
            .all(|e| !format!("{:?}{:?}", e.before, e.after).contains("Sakit")),
        "the reason stays out of the trail"
    );

    // Online, a waitlisted person cannot take a seat by checking in.
    let full = session(db, None, Some(1), &[invite("32", true)]).await;
    one(db, full, person(20, "32", "daring"), &operator("32"))
        .await
        .expect("seated");
    let waiting = one(db, full, person(21, "32", "daring"), &operator("32"))
        .await
        .expect("waiting");
    db.set_online_check_in(full, OnlineCheckIn::Open, by, later(6))
        .await
        .expect("open");
    assert!(matches!(
        db.check_in(
            full,
            &scan(&waiting.check_in_code),
            CheckInMethod::Online,
            by,
            later(7)
        )
        .await,
        Err(StorageError::CheckIn(CheckInRefusal::Waitlisted))
    ));
});

on_both!(online_minutes_and_searching_registrants, |db| {
    use checking_in::*;
    use registering::*;
    let id = session(db, None, None, &[invite("32", true)]).await;
    let a = one(db, id, person(1, "32", "daring"), &operator("32"))
        .await
        .expect("a");
    let b = one(db, id, person(12, "32", "daring"), &operator("32"))
        .await
        .expect("b");
    let other = session(db, None, None, &[invite("32", true)]).await;
    let stranger = one(db, other, person(3, "32", "daring"), &operator("32"))
        .await
        .expect("stranger");
    // All or none: a registration of another session refuses the whole import.
    assert!(matches!(
        db.record_online_minutes(
            id,
            &[(a.id, 50, Some(later(0))), (stranger.id, 10, None)],
            Actor::System,
            later(200)
        )
        .await,
        Err(StorageError::NotFound)
    ));
    assert!(
        db.attendance(id)
            .await
            .expect("list")
            .iter()
            .all(|l| l.online_minutes == 0)
    );
    db.record_online_minutes(id, &[(a.id, 50, Some(later(0)))], Actor::System, later(200))
        .await
        .expect("import");
    // Importing again replaces, never adds.
    db.record_online_minutes(id, &[(a.id, 55, Some(later(0)))], Actor::System, later(201))
        .await
        .expect("import again");
    let list = db.attendance(id).await.expect("list");
    assert_eq!(
        (
            list[0].online_minutes,
            list[0].status,
            list[0].first_online_at
        ),
        (55, AttendanceStatus::Present, Some(later(0)))
    );
    assert_eq!(list[1].status, AttendanceStatus::Absent);

    let found = db
        .find_registrants(id, "peserta 1", 10)
        .await
        .expect("search");
    let names: Vec<&str> = found.iter().map(|(r, _)| r.details.name.as_str()).collect();
    assert_eq!(names, vec!["Peserta 1", "Peserta 12"]);
    let nip = b.details.nip.as_ref().expect("nip").as_str()[..14].to_owned();
    let by_nip = db
        .find_registrants(id, &nip, 10)
        .await
        .expect("search by NIP");
    assert_eq!(by_nip.len(), 2, "both NIPs start with these 14 digits");
    assert!(
        db.find_registrants(id, "100%_", 10)
            .await
            .expect("wildcards are text")
            .is_empty()
    );
    assert!(
        db.find_registrants(other, "peserta 1", 10)
            .await
            .expect("other")
            .is_empty()
    );
    let _ = stranger;
});

on_both!(simultaneous_scans_of_one_code_answer_new_once, |db| {
    use checking_in::*;
    use registering::*;
    let id = session(db, None, None, &[invite("32", true)]).await;
    let a = one(db, id, person(1, "32", "luring"), &operator("32"))
        .await
        .expect("a");
    let scans = (0..12).map(|i| {
        let db = db.clone();
        let code = a.check_in_code.clone();
        tokio::spawn(async move {
            db.check_in(
                id,
                &CheckInTarget::Code(code),
                CheckInMethod::Code,
                Actor::System,
                later(i),
            )
            .await
        })
    });
    let mut new = 0;
    for scan in scans.collect::<Vec<_>>() {
        if scan.await.expect("task").expect("check-in").new {
            new += 1;
        }
    }
    assert_eq!(new, 1);
    assert_eq!(
        db.attendance(id).await.expect("list")[0].check_ins.len(),
        12
    );
});

on_both!(certificates_for_those_present_at_a_webinar, |db| {
    use checking_in::*;
    use registering::*;
    let id = session(db, None, None, &[invite("32", true)]).await;
    let a = one(db, id, person(1, "32", "daring"), &operator("32"))
        .await
        .expect("a");
    let _b = one(db, id, person(2, "32", "daring"), &operator("32"))
        .await
        .expect("b");
    db.check_in(
        id,
        &CheckInTarget::Registration(a.id),
        CheckInMethod::Search,
        Actor::System,
        later(1),
    )
    .await
    .expect("a came");
    let issued = db
        .issue_certificates(id, None, later(200))
        .await
        .expect("issue");
    assert_eq!(issued.len(), 1, "only the person present");
    let code = issued[0].1.clone();
    let again = db
        .issue_certificates(id, Some(a.id), later(300))
        .await
        .expect("again");
    assert_eq!(again[0].1, code, "the same certificate, not a new one");
    let verified = db
        .verify_certificate(&code)
        .await
        .expect("verify")
        .expect("found");
    assert_eq!(
        (verified.name.as_str(), verified.session, verified.valid),
        ("Peserta 1", id, true)
    );
    assert_eq!(verified.issued_at, later(200));
    // Marked absent afterwards: the certificate no longer stands.
    db.mark_attendance(
        id,
        a.id,
        &Mark {
            status: Some(AttendanceStatus::Absent),
            reason: String::new(),
        },
        Actor::System,
        later(400),
    )
    .await
    .expect("mark");
    assert!(
        !db.verify_certificate(&code)
            .await
            .expect("verify")
            .expect("found")
            .valid
    );
    let unknown = simpul::attendance::CertificateCode::parse("ABCD-EFGH-JKMN").expect("shape");
    assert_eq!(db.verify_certificate(&unknown).await.expect("verify"), None);
});

// ---- Calendar feeds (issue 7) ----

mod calendars {
    use super::registering::{operator, person};
    use super::*;
    use simpul::account::Role;
    use simpul::calendar::{FeedScope, window_start};
    use simpul::storage::CalendarSecret;

    /// A published session on `date` inviting these regions, created by `by`.
    pub async fn session_on(
        db: &Database,
        title: &str,
        date: &str,
        invitations: &[simpul::registration::Invitation],
        by: Actor,
    ) -> SessionId {
        let details = webinar(title, date).validate().expect("valid session");
        let id = db
            .create_session(&details, SessionStatus::Published, by, now())
            .await
            .expect("create");
        db.set_invitations(id, invitations, Actor::System, now())
            .await
            .expect("invite");
        id
    }

    async fn titles(db: &Database, scope: FeedScope) -> Vec<String> {
        db.feed_events(&scope, window_start(now()))
            .await
            .expect("feed")
            .into_iter()
            .map(|event| event.details.title)
            .collect()
    }

    on_both!(
        region_feeds_hold_exactly_the_sessions_inviting_the_region,
        |db| {
            let province_all = session_on(
                db,
                "A Jabar dan kabupatennya",
                "2026-12-01",
                &[invite("32", true)],
                Actor::System,
            )
            .await;
            session_on(
                db,
                "B Jabar tanpa kabupaten",
                "2026-12-02",
                &[invite("32", false)],
                Actor::System,
            )
            .await;
            session_on(
                db,
                "C Indramayu saja",
                "2026-12-03",
                &[invite("32.12", true)],
                Actor::System,
            )
            .await;
            session_on(
                db,
                "D Jawa Tengah",
                "2026-12-04",
                &[invite("33", true)],
                Actor::System,
            )
            .await;
            let cancelled = session_on(
                db,
                "E Indramayu dibatalkan",
                "2026-12-05",
                &[invite("32.12", true)],
                Actor::System,
            )
            .await;
            db.change_status(cancelled, SessionStatus::Cancelled, Actor::System, now())
                .await
                .expect("cancel");
            // Left out: a draft, and a session that ended more than a year ago.
            let draft = webinar("F draf", "2026-12-06").validate().expect("valid");
            let draft = db
                .create_session(&draft, SessionStatus::Draft, Actor::System, now())
                .await
                .expect("create");
            db.set_invitations(draft, &[invite("32", true)], Actor::System, now())
                .await
                .expect("invite");
            session_on(
                db,
                "G lama",
                "2025-11-20",
                &[invite("32", true)],
                Actor::System,
            )
            .await;

            assert_eq!(
                titles(db, FeedScope::Region(code("32"))).await,
                [
                    "A Jabar dan kabupatennya",
                    "B Jabar tanpa kabupaten",
                    "C Indramayu saja",
                    "E Indramayu dibatalkan"
                ]
            );
            assert_eq!(
                titles(db, FeedScope::Region(code("32.12"))).await,
                [
                    "A Jabar dan kabupatennya",
                    "C Indramayu saja",
                    "E Indramayu dibatalkan"
                ]
            );
            assert_eq!(
                titles(db, FeedScope::Region(code("32.01"))).await,
                ["A Jabar dan kabupatennya"]
            );
            assert_eq!(
                titles(db, FeedScope::Region(code("33"))).await,
                ["D Jawa Tengah"]
            );
            assert_eq!(titles(db, FeedScope::All).await.len(), 5);
            assert_eq!(
                titles(db, FeedScope::Kind(SessionKind::Rakor)).await,
                Vec::<String>::new()
            );
            // The cancelled session stays, as cancelled; no passcode in public feeds.
            let events = db
                .feed_events(&FeedScope::Region(code("32.12")), window_start(now()))
                .await
                .expect("feed");
            assert_eq!(events[2].status, SessionStatus::Cancelled);
            assert!(events.iter().all(|event| {
                event
                    .details
                    .meeting
                    .as_ref()
                    .is_some_and(|m| m.passcode.is_none())
            }));
            let one = db
                .session_event_public(province_all)
                .await
                .expect("read")
                .expect("public");
            assert!(
                one.details
                    .meeting
                    .as_ref()
                    .is_some_and(|m| m.passcode.is_none())
            );
            assert_eq!(db.session_event_public(draft).await.expect("read"), None);
        }
    );

    on_both!(
        the_calendar_version_rises_with_what_feeds_show_and_only_that,
        |db| {
            let start = db.calendar_version().await.expect("version");
            let id = session_on(
                db,
                "Rakor",
                "2026-12-01",
                &[invite("32", true)],
                Actor::System,
            )
            .await;
            let created = db.calendar_version().await.expect("version");
            assert!(created > start);

            // Registrations and check-ins change no public feed.
            db.register(
                id,
                &[(1, person(1, "32.12", "daring"))],
                &operator("32.12"),
                now(),
            )
            .await
            .expect("register");
            assert_eq!(db.calendar_version().await.expect("version"), created);

            // A speaker, a rundown slot, a new time and a cancellation each do.
            let speaker = add_speaker(db, "Dr. Wahyu Hidayat", Some("Bawaslu RI")).await;
            db.add_session_speaker(
                id,
                speaker,
                &part(
                    SpeakerRole::Keynote,
                    "Pengawasan",
                    InvitationStatus::Confirmed,
                ),
                Actor::System,
                now(),
            )
            .await
            .expect("add speaker");
            let with_speaker = db.calendar_version().await.expect("version");
            assert!(with_speaker > created);
            let moved = webinar("Rakor", "2026-12-02").validate().expect("valid");
            let record = db
                .update_session(id, &moved, Actor::System, now())
                .await
                .expect("move");
            let after_move = db.calendar_version().await.expect("version");
            assert!(after_move > with_speaker);
            assert_eq!(
                record.revision, 1,
                "a new time raises the revision (SEQUENCE)"
            );
            db.change_status(id, SessionStatus::Cancelled, Actor::System, now())
                .await
                .expect("cancel");
            assert!(db.calendar_version().await.expect("version") > after_move);
            let event = db
                .session_event_public(id)
                .await
                .expect("read")
                .expect("public");
            assert_eq!(event.revision, 2);
            assert_eq!(event.speakers[0].name, "Dr. Wahyu Hidayat");
            // A programme change moves the session's last change (LAST-MODIFIED).
            let later = now() + Duration::hours(1);
            db.remove_session_speaker(
                db.session_speakers(id).await.expect("parts")[0].id,
                Actor::System,
                later,
            )
            .await
            .expect_err("a cancelled session's programme is not edited");
            let draft = webinar("Draf", "2026-12-09").validate().expect("valid");
            let draft = db
                .create_session(&draft, SessionStatus::Draft, Actor::System, now())
                .await
                .expect("create");
            db.add_session_speaker(
                draft,
                speaker,
                &part(SpeakerRole::Speaker, "", InvitationStatus::Confirmed),
                Actor::System,
                later,
            )
            .await
            .expect("add speaker");
            let touched = db.session(draft).await.expect("read").expect("draft");
            assert_eq!(touched.updated_at, later);
            assert_eq!(event.speakers[0].institution.as_deref(), Some("Bawaslu RI"));
        }
    );

    on_both!(speaker_feeds_hold_confirmed_parts_only, |db| {
        let speaker = add_speaker(db, "Prof. Siti Zuhro", None).await;
        let confirmed = session_on(db, "Dikonfirmasi", "2026-12-01", &[], Actor::System).await;
        let declined = session_on(db, "Ditolak", "2026-12-02", &[], Actor::System).await;
        let invited = session_on(db, "Belum menjawab", "2026-12-03", &[], Actor::System).await;
        for (id, status) in [
            (confirmed, InvitationStatus::Confirmed),
            (declined, InvitationStatus::Declined),
            (invited, InvitationStatus::Invited),
        ] {
            db.add_session_speaker(
                id,
                speaker,
                &part(SpeakerRole::Speaker, "", status),
                Actor::System,
                now(),
            )
            .await
            .expect("add speaker");
        }
        // As on the speaker's public page: confirmed parts only.
        assert_eq!(
            titles(db, FeedScope::Speaker(speaker)).await,
            ["Dikonfirmasi"]
        );
        for id in [declined, invited] {
            let event = db
                .session_event_public(id)
                .await
                .expect("read")
                .expect("public");
            assert!(
                event.speakers.is_empty(),
                "only confirmed speakers are listed"
            );
        }
    });

    on_both!(private_feeds_follow_their_secret_and_their_owner, |db| {
        let organizer = add_user(db, "penyelenggara@kemendagri.go.id", Role::Organizer).await;
        let operator_id = add_user(
            db,
            "operator@indramayukab.go.id",
            Role::Operator(code("32.12")),
        )
        .await;
        let own = session_on(
            db,
            "Sesi sendiri",
            "2026-12-01",
            &[invite("33", true)],
            Actor::User(organizer),
        )
        .await;
        let invited = session_on(
            db,
            "Undangan Indramayu",
            "2026-12-02",
            &[invite("32", true)],
            Actor::System,
        )
        .await;
        let registered = session_on(
            db,
            "Terdaftar",
            "2026-12-03",
            &[invite("35", true)],
            Actor::System,
        )
        .await;
        let mut me = person(7, "35", "daring");
        me.email = Some(
            simpul::account::EmailAddress::parse("operator@indramayukab.go.id").expect("email"),
        );
        db.register(registered, &[(1, me)], &operator("35"), now())
            .await
            .expect("register");

        let organizer_user = db.user(organizer).await.expect("read").expect("user");
        let events = db
            .private_feed_events(&organizer_user, window_start(now()))
            .await
            .expect("feed");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].session, own);
        assert!(
            events[0]
                .details
                .meeting
                .as_ref()
                .is_some_and(|m| m.passcode.is_some())
        );

        let operator_user = db.user(operator_id).await.expect("read").expect("user");
        let events = db
            .private_feed_events(&operator_user, window_start(now()))
            .await
            .expect("feed");
        let got: Vec<(SessionId, bool)> = events
            .iter()
            .map(|e| {
                (
                    e.session,
                    e.details
                        .meeting
                        .as_ref()
                        .is_some_and(|m| m.passcode.is_some()),
                )
            })
            .collect();
        // Their region's session without the passcode, their own registration with it.
        assert_eq!(got, [(invited, false), (registered, true)]);

        // Secrets: shown once, replaced by a new one, revoked, refused for a disabled user.
        assert_eq!(
            db.calendar_secret_made(operator_id).await.expect("read"),
            None
        );
        let first = db
            .renew_calendar_secret(operator_id, now())
            .await
            .expect("make");
        assert_eq!(first.expose().len(), 43);
        assert!(!format!("{first:?}").contains(first.expose()));
        let found = db.user_by_calendar_secret(&first).await.expect("read");
        assert_eq!(found.map(|u| u.id), Some(operator_id));
        let second = db
            .renew_calendar_secret(operator_id, now())
            .await
            .expect("renew");
        assert_eq!(
            db.user_by_calendar_secret(&first).await.expect("read"),
            None
        );
        assert!(
            db.user_by_calendar_secret(&second)
                .await
                .expect("read")
                .is_some()
        );
        assert_eq!(
            db.calendar_secret_made(operator_id).await.expect("read"),
            Some(now())
        );
        assert!(
            stored_hashes(db, "calendar_tokens")
                .await
                .iter()
                .all(|h| h != second.expose())
        );
        assert!(
            db.revoke_calendar_secret(operator_id)
                .await
                .expect("revoke")
        );
        assert!(!db.revoke_calendar_secret(operator_id).await.expect("again"));
        assert_eq!(
            db.user_by_calendar_secret(&second).await.expect("read"),
            None
        );
        let third = db
            .renew_calendar_secret(organizer, now())
            .await
            .expect("make");
        db.disable_user(organizer, Actor::System, now())
            .await
            .expect("disable");
        assert_eq!(
            db.user_by_calendar_secret(&third).await.expect("read"),
            None
        );
        assert_eq!(CalendarSecret::from_path("short"), None);
        assert_eq!(CalendarSecret::from_path(&"a/".repeat(22)[..43]), None);
    });
}

// ---- Participation (issue 8) ----

mod reporting {
    use super::*;
    use checking_in::*;
    pub use registering::*;
    pub use simpul::participation::{
        Attention, Level, Period, RegionTally, SessionTally, lines, months,
    };
    pub use simpul::storage::ReportScope;

    /// The report's "now": S1 to S4 have begun, S8 has not.
    pub fn report_now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 6, 15, 0, 0, 0)
            .single()
            .expect("valid")
    }

    pub fn first_half_2027() -> Period {
        Period::new(
            chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"),
            chrono::NaiveDate::from_ymd_opt(2027, 6, 30).expect("date"),
        )
        .expect("period")
    }

    /// A published hybrid session of `kind` on `date`, 09:00 WIB.
    pub async fn held(
        db: &Database,
        kind: &str,
        date: &str,
        invitations: &[Invitation],
    ) -> SessionId {
        let form = SessionForm {
            kind: kind.into(),
            mode: "hybrid".into(),
            venue: "Hotel Borobudur".into(),
            ..webinar(&format!("{kind} {date}"), date)
        };
        let details = form.validate().expect("valid session");
        let id = db
            .create_session(&details, SessionStatus::Published, Actor::System, now())
            .await
            .expect("create");
        db.set_invitations(id, invitations, Actor::System, now())
            .await
            .expect("invite");
        id
    }

    /// Registers person `n` of `region` (by the organizer, before the session).
    pub async fn person_of(
        db: &Database,
        session: SessionId,
        n: u32,
        region: &str,
    ) -> simpul::storage::RegistrationRecord {
        one(db, session, person(n, region, "luring"), &organizer())
            .await
            .expect("registered")
    }

    pub async fn scan(
        db: &Database,
        session: SessionId,
        who: &simpul::storage::RegistrationRecord,
    ) {
        db.check_in(
            session,
            &CheckInTarget::Code(who.check_in_code.clone()),
            CheckInMethod::Code,
            Actor::System,
            now(),
        )
        .await
        .expect("checked in");
    }

    pub async fn mark(
        db: &Database,
        session: SessionId,
        who: &simpul::storage::RegistrationRecord,
        status: AttendanceStatus,
    ) {
        let reason = if status == AttendanceStatus::Excused {
            "Sakit"
        } else {
            ""
        };
        db.mark_attendance(
            session,
            who.id,
            &Mark {
                status: Some(status),
                reason: reason.into(),
            },
            Actor::System,
            now(),
        )
        .await
        .expect("marked");
    }

    /// The regions a report's caller passes: all, or a province with its regencies.
    pub async fn regions_of(db: &Database, province: Option<&str>) -> Vec<simpul::Region> {
        let Some(province) = province else {
            return db.regions(RegionFilter::All).await.expect("regions");
        };
        let mut regions = db
            .regions(RegionFilter::Regencies(Some(&code(province))))
            .await
            .expect("regencies");
        regions.extend(db.region(&code(province)).await.expect("region"));
        regions
    }

    /// A region page's sessions of `period`, counting the region's people only.
    pub async fn region_sessions(
        db: &Database,
        period: &Period,
        region: &str,
    ) -> Vec<(SessionTally, String)> {
        db.session_tallies(
            period,
            None,
            &ReportScope::Region(code(region)),
            report_now(),
        )
        .await
        .unwrap_or_else(|e| panic!("sessions of {region}: {e}"))
    }

    pub fn of<'a>(tallies: &'a [RegionTally], region: &str) -> &'a RegionTally {
        tallies
            .iter()
            .find(|t| t.region == code(region))
            .unwrap_or_else(|| panic!("a tally for {region}"))
    }

    /// The fixture of the issue, computed by hand in the comments of
    /// `participation_adds_up_as_counted_by_hand`.
    pub async fn fixture(db: &Database) -> [SessionId; 4] {
        let bengkulu = invite("17", true);
        let s1 = held(
            db,
            "webinar",
            "2027-01-12",
            &[bengkulu.clone(), invite("32", false)],
        )
        .await;
        let s2 = held(db, "webinar", "2027-02-09", std::slice::from_ref(&bengkulu)).await;
        let s3 = held(
            db,
            "webinar",
            "2027-05-11",
            &[bengkulu.clone(), invite("32.01", false)],
        )
        .await;
        let s4 = held(db, "rakor", "2027-05-18", std::slice::from_ref(&bengkulu)).await;
        let s5 = held(db, "webinar", "2027-05-25", std::slice::from_ref(&bengkulu)).await;
        let s8 = held(db, "webinar", "2027-06-22", std::slice::from_ref(&bengkulu)).await;
        let outside = held(db, "webinar", "2027-08-03", std::slice::from_ref(&bengkulu)).await;
        let draft = {
            let details = webinar("Draf", "2027-06-20").validate().expect("valid");
            db.create_session(&details, SessionStatus::Draft, Actor::System, now())
                .await
                .expect("draft")
        };
        db.set_invitations(draft, &[bengkulu], Actor::System, now())
            .await
            .expect("invite draft");

        // S1: the provincial office of Bengkulu (absent), 17.01 one present and one
        // excused, Jawa Barat's provincial office one present.
        person_of(db, s1, 1, "17").await;
        let a = person_of(db, s1, 2, "17.01").await;
        scan(db, s1, &a).await;
        let b = person_of(db, s1, 3, "17.01").await;
        mark(db, s1, &b, AttendanceStatus::Excused).await;
        let c = person_of(db, s1, 4, "32").await;
        scan(db, s1, &c).await;
        // S2: 17.01 and 17.02 present; a cancelled 17.02 registration that came.
        let d = person_of(db, s2, 5, "17.01").await;
        scan(db, s2, &d).await;
        let e = person_of(db, s2, 6, "17.02").await;
        scan(db, s2, &e).await;
        let gone = person_of(db, s2, 7, "17.02").await;
        scan(db, s2, &gone).await;
        db.cancel_registration(gone.id, &RegistrarScope::Organizer, Actor::System, now())
            .await
            .expect("cancelled");
        // S3: Bengkulu's office absent, 17.01 marked present without a check-in, 32.01
        // one checked in but marked absent and one who did not come.
        person_of(db, s3, 8, "17").await;
        let f = person_of(db, s3, 9, "17.01").await;
        mark(db, s3, &f, AttendanceStatus::Present).await;
        let g = person_of(db, s3, 10, "32.01").await;
        scan(db, s3, &g).await;
        mark(db, s3, &g, AttendanceStatus::Absent).await;
        person_of(db, s3, 11, "32.01").await;
        // S4 (rakor): 17.01 absent, 17.02 present.
        person_of(db, s4, 12, "17.01").await;
        let h = person_of(db, s4, 13, "17.02").await;
        scan(db, s4, &h).await;
        // S5 is cancelled after someone of 17.01 came; S8 is still ahead; the session
        // in August is outside the period.
        let i = person_of(db, s5, 14, "17.01").await;
        scan(db, s5, &i).await;
        db.change_status(s5, SessionStatus::Cancelled, Actor::System, now())
            .await
            .expect("cancel S5");
        person_of(db, s8, 15, "17.01").await;
        let j = person_of(db, outside, 16, "17.03").await;
        scan(db, outside, &j).await;
        [s1, s2, s3, s4]
    }
}

on_both!(participation_adds_up_as_counted_by_hand, |db| {
    use reporting::*;
    let [s1, s2, s3, s4] = fixture(db).await;
    let period = first_half_2027();
    let tallies = db
        .region_tallies(
            &period,
            None,
            &ReportScope::All,
            &regions_of(db, None).await,
            report_now(),
        )
        .await
        .expect("tallies");
    // Only regions with an invitation or a registrant: 17, its ten regencies, 32, 32.01.
    assert_eq!(tallies.len(), 13);

    // Bengkulu's provincial office: invited to S1, S2, S3, S4, S8; came to none.
    let office = of(&tallies, "17");
    assert_eq!(
        (office.invited, office.invited_early, office.invited_late),
        (5, 2, 2)
    );
    assert_eq!(
        (office.registered, office.present, office.attended),
        (2, 0, 0)
    );
    // 17.01: six registrants (one at S8, not begun), three present (S1 scan, S2 scan,
    // S3 mark), one excused; sessions attended S1, S2 early and S3 late of S3, S4.
    let kaur = of(&tallies, "17.01");
    assert_eq!(
        (
            kaur.registered,
            kaur.registered_held,
            kaur.present,
            kaur.excused
        ),
        (6, 5, 3, 1)
    );
    assert_eq!(
        (kaur.attended, kaur.attended_early, kaur.attended_late),
        (3, 2, 1)
    );
    let s3_start = db
        .session(s3)
        .await
        .expect("read")
        .expect("S3")
        .details
        .time
        .start();
    assert_eq!(kaur.last_attended, Some(s3_start));
    // 17.02: present at S2 and S4 (the cancelled registration does not count).
    let second = of(&tallies, "17.02");
    assert_eq!((second.registered, second.present), (2, 2));
    assert_eq!((second.attended_early, second.attended_late), (1, 1));
    // 17.03: invited, never registered (its person at the August session is outside).
    let never = of(&tallies, "17.03");
    assert_eq!((never.invited, never.registered, never.attended), (5, 0, 0));
    // Jawa Barat's office: S1 only (without its regencies); 32.01 named at S3, its
    // person who checked in was marked absent.
    let jabar = of(&tallies, "32");
    assert_eq!((jabar.invited, jabar.present, jabar.attended), (1, 1, 1));
    let bogor = of(&tallies, "32.01");
    assert_eq!((bogor.invited, bogor.registered, bogor.present), (1, 2, 0));

    let regions = db.regions(RegionFilter::All).await.expect("regions");
    let provinces = lines(&regions, &tallies, Level::Province);
    let line = |code_: &str| {
        provinces
            .iter()
            .find(|l| l.region == code(code_))
            .expect("a line")
    };
    let bengkulu = line("17");
    assert_eq!(bengkulu.attention, Some(Attention::NeverCame));
    assert_eq!(bengkulu.numbers.attendance_rate, Some(0.0));
    let regencies = bengkulu.regencies.as_ref().expect("regencies");
    assert_eq!(
        (
            regencies.count,
            regencies.invited,
            regencies.reached,
            regencies.attention
        ),
        (10, 10, 2, 9)
    );
    // The whole province: 10 registered, 9 at begun sessions, 5 present, 1 excused.
    assert_eq!(regencies.with_province.registered, 10);
    assert_eq!(regencies.with_province.present, 5);
    assert_eq!(regencies.with_province.attendance_rate, Some(62.5));
    let jawa_barat = line("32");
    assert_eq!(jawa_barat.attention, None);
    assert_eq!(jawa_barat.numbers.attendance_rate, Some(100.0));
    let its = jawa_barat.regencies.as_ref().expect("regencies");
    assert_eq!((its.invited, its.reached, its.attention), (1, 0, 27));
    assert_eq!(its.with_province.attendance_rate, Some(33.3));
    assert_eq!(line("11").attention, Some(Attention::NotInvited));

    let regencies = lines(&regions, &tallies, Level::Regency);
    let attention_of = |code_: &str| {
        regencies
            .iter()
            .find(|l| l.region == code(code_))
            .expect("a line")
            .attention
    };
    assert_eq!(attention_of("17.01"), Some(Attention::Falling));
    assert_eq!(attention_of("17.02"), None);
    assert_eq!(attention_of("17.03"), Some(Attention::NeverCame));
    assert_eq!(attention_of("32.01"), Some(Attention::NeverCame));
    assert_eq!(attention_of("32.02"), Some(Attention::NotInvited));

    // Per session and per month.
    let sessions = db
        .session_tallies(&period, None, &ReportScope::All, report_now())
        .await
        .expect("sessions");
    let counted: Vec<(SessionId, u32, u32, u32)> = sessions
        .iter()
        .map(|(s, _)| (s.session, s.registered, s.present, s.excused))
        .collect();
    assert_eq!(counted.len(), 5, "S1 to S4 and S8");
    assert_eq!(
        &counted[..4],
        &[(s1, 4, 2, 1), (s2, 2, 2, 0), (s3, 4, 1, 0), (s4, 2, 1, 0)]
    );
    let trend = months(
        &period,
        &sessions.into_iter().map(|(s, _)| s).collect::<Vec<_>>(),
    );
    let by_month: Vec<(String, u32, u32, Option<f64>)> = trend
        .iter()
        .map(|m| (m.month.key(), m.sessions, m.present, m.attendance_rate))
        .collect();
    assert_eq!(
        by_month,
        [
            ("2027-01".to_owned(), 1, 2, Some(66.7)),
            ("2027-02".to_owned(), 1, 2, Some(100.0)),
            ("2027-03".to_owned(), 0, 0, None),
            ("2027-04".to_owned(), 0, 0, None),
            ("2027-05".to_owned(), 2, 2, Some(33.3)),
            ("2027-06".to_owned(), 1, 0, None),
        ]
    );
});

on_both!(participation_filters_by_kind_and_region, |db| {
    use reporting::*;
    let [_, s2, s3, s4] = fixture(db).await;
    let period = first_half_2027();
    // Rakor only: S4.
    let rakor = db
        .region_tallies(
            &period,
            Some(SessionKind::Rakor),
            &ReportScope::All,
            &regions_of(db, None).await,
            report_now(),
        )
        .await
        .expect("rakor");
    let kaur = of(&rakor, "17.01");
    assert_eq!((kaur.invited, kaur.registered, kaur.present), (1, 1, 0));
    assert_eq!(of(&rakor, "17.02").present, 1);
    assert!(rakor.iter().all(|t| !t.region.as_str().starts_with("32")));

    // Bengkulu's page: the sessions that invite it or its regencies, its people only.
    let bengkulu = region_sessions(db, &period, "17").await;
    let counted: Vec<(u32, u32)> = bengkulu
        .iter()
        .map(|(s, _)| (s.registered, s.present))
        .collect();
    assert_eq!(counted, [(3, 1), (2, 2), (2, 1), (2, 1), (1, 0)]);
    let tallies = db
        .region_tallies(
            &period,
            None,
            &ReportScope::Region(code("17")),
            &regions_of(db, Some("17")).await,
            report_now(),
        )
        .await
        .expect("Bengkulu tallies");
    assert_eq!(tallies.len(), 11, "the province and its ten regencies");
    // 32.01's page: S3 only (S1 invites Jawa Barat's office without its regencies).
    let bogor = region_sessions(db, &period, "32.01").await;
    assert_eq!(
        bogor
            .iter()
            .map(|(s, _)| (s.session, s.registered, s.present))
            .collect::<Vec<_>>(),
        [(s3, 2, 0)]
    );
    // 17.02's page: every Bengkulu session, with its own people.
    let second = region_sessions(db, &period, "17.02").await;
    let present: Vec<(SessionId, u32)> = second
        .iter()
        .filter(|(s, _)| s.present > 0)
        .map(|(s, _)| (s.session, s.present))
        .collect();
    assert_eq!(present, [(s2, 1), (s4, 1)]);

    // A session naming 17.05 and Bengkulu with its regencies invites 17.05 once.
    held(
        db,
        "rakor",
        "2027-06-01",
        &[invite("17", true), invite("17.05", false)],
    )
    .await;
    let again = db
        .region_tallies(
            &period,
            None,
            &ReportScope::All,
            &regions_of(db, None).await,
            report_now(),
        )
        .await
        .expect("tallies");
    assert_eq!(of(&again, "17.05").invited, 6);
    assert_eq!(of(&again, "17.04").invited, 6);
    assert_eq!(of(&again, "17").invited, 6);
});

on_both!(speaker_appearances_of_the_period, |db| {
    use reporting::*;
    let [s1, s2, s3, _] = fixture(db).await;
    let kpu = add_speaker(db, "Dra. Betty Epsilon Idroos", Some("KPU RI")).await;
    let brin = add_speaker(db, "Prof. Dr. R. Siti Zuhro, M.A.", Some("BRIN")).await;
    let speak = |status| part(SpeakerRole::Speaker, "Tahapan", status);
    for (session, speaker, status) in [
        (s1, kpu, InvitationStatus::Confirmed),
        (s2, kpu, InvitationStatus::Confirmed),
        (s2, brin, InvitationStatus::Confirmed),
        (s3, brin, InvitationStatus::Declined),
    ] {
        db.add_session_speaker(session, speaker, &speak(status), Actor::System, now())
            .await
            .expect("speaker added");
    }
    let appearances = db
        .appearances(&first_half_2027(), None, report_now())
        .await
        .expect("appearances");
    let stats = simpul::participation::speaker_statistics(&appearances);
    assert_eq!(stats.years, [2027]);
    let institutions: Vec<(String, u32)> = stats
        .institutions
        .iter()
        .map(|l| (l.institution.clone().expect("named").1, l.total))
        .collect();
    assert_eq!(
        institutions,
        [("KPU RI".to_owned(), 2), ("BRIN".to_owned(), 1)],
        "the declined part does not count"
    );
    assert_eq!(stats.speakers[0].speaker, kpu);
    assert_eq!(stats.speakers[0].sessions, 2);
    let rakor = db
        .appearances(&first_half_2027(), Some(SessionKind::Rakor), report_now())
        .await
        .expect("rakor");
    assert!(rakor.is_empty());
});
