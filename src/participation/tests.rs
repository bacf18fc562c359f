use chrono::TimeZone;

use super::*;
use crate::region::reference_regions;

fn day(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").expect("test date")
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).expect("test region code")
}

fn form(from: &str, to: &str, kind: &str, level: &str) -> ReportForm {
    ReportForm {
        from: from.into(),
        to: to.into(),
        kind: kind.into(),
        level: level.into(),
    }
}

#[test]
fn an_empty_filter_is_the_last_twelve_months_of_all_kinds_by_province() {
    let query = ReportForm::default()
        .validate(day("2026-12-02"))
        .expect("valid");
    assert_eq!(query.period.from(), day("2026-01-01"));
    assert_eq!(query.period.to(), day("2026-12-02"));
    assert_eq!(query.kind, None);
    assert_eq!(query.level, Level::Province);
    assert_eq!(query.period.months().len(), 12);
}

#[test]
fn the_filter_names_each_bad_field() {
    let errors = form("2026-13-01", "kemarin", "seminar", "desa")
        .validate(day("2026-12-02"))
        .expect_err("four bad fields");
    assert_eq!(
        errors.for_field(ReportField::From),
        Some(Problem::InvalidDate)
    );
    assert_eq!(
        errors.for_field(ReportField::To),
        Some(Problem::InvalidDate)
    );
    assert_eq!(
        errors.for_field(ReportField::Kind),
        Some(Problem::UnknownChoice)
    );
    assert_eq!(
        errors.for_field(ReportField::Level),
        Some(Problem::UnknownChoice)
    );

    let backwards = form("2026-05-01", "2026-04-30", "", "")
        .validate(day("2026-12-02"))
        .expect_err("end before start");
    assert_eq!(
        backwards.for_field(ReportField::To),
        Some(Problem::EndNotAfterStart)
    );

    let long = form("2010-01-01", "2020-01-01", "", "")
        .validate(day("2026-12-02"))
        .expect_err("ten years and a day");
    assert_eq!(
        long.for_field(ReportField::To),
        Some(Problem::PeriodTooLong { max: MAX_YEARS })
    );
    let ten = form("2010-01-01", "2019-12-31", "webinar", "regency")
        .validate(day("2026-12-02"))
        .expect("exactly ten years");
    assert_eq!(ten.kind, Some(SessionKind::Webinar));
    assert_eq!(ten.level, Level::Regency);
}

#[test]
fn a_period_is_whole_days_in_jakarta() {
    let period = Period::new(day("2026-03-01"), day("2026-03-31")).expect("valid");
    let (start, end) = period.bounds();
    assert_eq!(start, Utc.with_ymd_and_hms(2026, 2, 28, 17, 0, 0).unwrap());
    assert_eq!(end, Utc.with_ymd_and_hms(2026, 3, 31, 17, 0, 0).unwrap());
    // 00:30 WIB on 1 April is still 31 March in UTC, but April in the report.
    assert_eq!(
        Month::at(Utc.with_ymd_and_hms(2026, 3, 31, 17, 30, 0).unwrap()),
        Month {
            year: 2026,
            month: 4
        }
    );
    // The midpoint halves the part already past.
    let now = start + chrono::Duration::days(10);
    assert_eq!(period.midpoint(now), start + chrono::Duration::days(5));
}

fn tally(region: &str) -> RegionTally {
    RegionTally::empty(code(region))
}

#[test]
fn attention_goes_to_regions_not_invited_never_present_or_falling() {
    assert_eq!(attention(&tally("32.01")), Some(Attention::NotInvited));

    let planned_only = RegionTally {
        invited: 2,
        ..tally("32.01")
    };
    assert_eq!(attention(&planned_only), None, "nothing has begun yet");

    let never = RegionTally {
        invited: 3,
        invited_early: 1,
        invited_late: 1,
        registered: 4,
        registered_held: 4,
        ..tally("32.01")
    };
    assert_eq!(attention(&never), Some(Attention::NeverCame));

    // 3 of 3 then 1 of 3: from 100 % to 33 %.
    let falling = RegionTally {
        invited: 6,
        invited_early: 3,
        invited_late: 3,
        attended: 4,
        attended_early: 3,
        attended_late: 1,
        ..tally("32.01")
    };
    assert_eq!(attention(&falling), Some(Attention::Falling));

    // 4 of 4 then 3 of 4: 25 points is enough.
    let just = RegionTally {
        invited_early: 4,
        invited_late: 4,
        attended_early: 4,
        attended_late: 3,
        invited: 8,
        attended: 7,
        ..tally("32.01")
    };
    assert_eq!(attention(&just), Some(Attention::Falling));
    let steady = RegionTally {
        attended_late: 4,
        attended: 8,
        ..just.clone()
    };
    assert_eq!(attention(&steady), None);
    // One session in a half is too few to call a fall.
    let few = RegionTally {
        invited_late: 1,
        attended_late: 0,
        invited: 5,
        ..just
    };
    assert_eq!(attention(&few), None);
}

#[test]
fn the_rate_leaves_out_excused_people_and_sessions_not_yet_begun() {
    assert_eq!(rate(2, 3), Some(66.7));
    assert_eq!(rate(0, 0), None);
    let numbers = Numbers::of(10, 8, 5, 3);
    assert_eq!(numbers.attendance_rate, Some(100.0));
    assert_eq!(Numbers::of(10, 8, 4, 3).attendance_rate, Some(80.0));
    assert_eq!(Numbers::of(2, 2, 0, 2).attendance_rate, None);
}

#[test]
fn a_province_line_adds_its_regencies_and_keeps_its_own_offices_apart() {
    let regions = reference_regions().expect("bundled data");
    // Bengkulu (17) and two of its ten regencies: the provincial office never came.
    let tallies = vec![
        RegionTally {
            invited: 2,
            invited_early: 1,
            invited_late: 1,
            registered: 3,
            registered_held: 3,
            ..tally("17")
        },
        RegionTally {
            invited: 2,
            invited_early: 1,
            invited_late: 1,
            registered: 4,
            registered_held: 4,
            present: 3,
            excused: 1,
            attended: 2,
            attended_early: 1,
            attended_late: 1,
            ..tally("17.01")
        },
        RegionTally {
            invited: 2,
            invited_early: 1,
            invited_late: 1,
            registered: 2,
            registered_held: 2,
            present: 1,
            attended: 1,
            attended_late: 1,
            ..tally("17.02")
        },
    ];
    let provinces = lines(&regions, &tallies, Level::Province);
    assert_eq!(provinces.len(), 38);
    let bengkulu = provinces
        .iter()
        .find(|l| l.region == code("17"))
        .expect("Bengkulu");
    assert_eq!(bengkulu.attention, Some(Attention::NeverCame));
    assert_eq!(bengkulu.numbers.present, 0);
    assert_eq!(bengkulu.numbers.attendance_rate, Some(0.0));
    let regencies = bengkulu
        .regencies
        .as_ref()
        .expect("a province has regencies");
    assert_eq!(regencies.count, 10);
    assert_eq!(regencies.invited, 2);
    assert_eq!(regencies.reached, 2);
    assert_eq!(regencies.attention, 8, "eight regencies were never invited");
    assert_eq!(regencies.with_province.registered, 9);
    assert_eq!(regencies.with_province.present, 4);
    // 4 present of 9 registered, one excused: 4 / 8.
    assert_eq!(regencies.with_province.attendance_rate, Some(50.0));

    let all = lines(&regions, &tallies, Level::Regency);
    assert_eq!(all.len(), 514);
    assert!(all.iter().all(|l| l.regencies.is_none()));
    let kaur = all
        .iter()
        .find(|l| l.region == code("17.01"))
        .expect("17.01");
    assert_eq!(kaur.province, Some(code("17")));
    assert_eq!(kaur.attention, None);
    assert_eq!(kaur.numbers.attendance_rate, Some(100.0));
}

#[test]
fn months_cover_the_whole_period_and_rate_only_begun_sessions() {
    let period = Period::new(day("2026-01-15"), day("2026-03-10")).expect("valid");
    let at = |m, d| Utc.with_ymd_and_hms(2026, m, d, 2, 0, 0).unwrap();
    let sessions = vec![
        SessionTally {
            session: SessionId(1),
            starts_at: at(1, 20),
            held: true,
            registered: 10,
            present: 6,
            excused: 2,
            regions_present: 4,
        },
        SessionTally {
            session: SessionId(2),
            starts_at: at(1, 27),
            held: true,
            registered: 5,
            present: 5,
            excused: 0,
            regions_present: 5,
        },
        SessionTally {
            session: SessionId(3),
            starts_at: at(3, 9),
            held: false,
            registered: 7,
            present: 0,
            excused: 0,
            regions_present: 0,
        },
    ];
    let months = months(&period, &sessions);
    assert_eq!(
        months.iter().map(|m| m.month.key()).collect::<Vec<_>>(),
        ["2026-01", "2026-02", "2026-03"]
    );
    assert_eq!(months[0].sessions, 2);
    assert_eq!(months[0].present, 11);
    // 11 of (15 - 2).
    assert_eq!(months[0].attendance_rate, Some(84.6));
    assert_eq!(months[0].regions_present, 5);
    assert_eq!(months[1].sessions, 0);
    assert_eq!(months[1].attendance_rate, None);
    assert_eq!(months[2].registered, 7);
    assert_eq!(months[2].attendance_rate, None, "not begun yet");

    let json = serde_json::to_value(&months[0]).expect("serializes");
    assert_eq!(json["month"], "2026-01");
    let back: MonthLine = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, months[0]);

    let all = totals(&[], &[], &months);
    assert_eq!((all.sessions, all.registered, all.present), (3, 22, 11));
    assert_eq!(all.attendance_rate, Some(84.6));
}

#[test]
fn speakers_are_counted_per_institution_and_year_and_per_session() {
    use crate::speaker::{InstitutionId, SpeakerId};
    let kpu = Some((InstitutionId(1), "KPU RI".to_owned()));
    let appearance = |speaker: i64,
                      institution: &Option<(InstitutionId, String)>,
                      session: i64,
                      year: i32| Appearance {
        speaker: SpeakerId(speaker),
        speaker_name: format!("Narasumber {speaker}"),
        institution: institution.clone(),
        session: SessionId(session),
        // 31 December 20:00 UTC is already the next year in Jakarta.
        starts_at: Utc.with_ymd_and_hms(year - 1, 12, 31, 20, 0, 0).unwrap(),
    };
    let stats = speaker_statistics(&[
        appearance(1, &kpu, 1, 2026),
        appearance(2, &kpu, 1, 2026),
        appearance(1, &kpu, 2, 2027),
        appearance(3, &None, 2, 2027),
    ]);
    assert_eq!(stats.years, [2026, 2027]);
    assert_eq!(stats.institutions[0].institution, kpu);
    assert_eq!(stats.institutions[0].per_year, [2, 1]);
    assert_eq!(stats.institutions[0].total, 3);
    assert_eq!(stats.institutions[1].institution, None);
    assert_eq!(stats.institutions[1].per_year, [0, 1]);
    assert_eq!(
        stats
            .speakers
            .iter()
            .map(|s| (s.speaker.0, s.sessions))
            .collect::<Vec<_>>(),
        [(1, 2), (2, 1), (3, 1)]
    );
}

#[test]
fn every_province_has_its_own_tile() {
    let regions = reference_regions().expect("bundled data");
    let mut seen = std::collections::HashSet::new();
    for province in regions.iter().filter(|r| r.level == RegionLevel::Province) {
        let tile = tile(&province.code).unwrap_or_else(|| panic!("{} has a tile", province.name));
        assert!(
            seen.insert((tile.column, tile.row)),
            "{} shares its tile",
            province.name
        );
        assert!(!tile.short.is_empty(), "{} has a short name", province.name);
    }
    assert_eq!(seen.len(), 38);
    assert_eq!(tile(&code("32.01")), None);
    assert_eq!(
        Month {
            year: 2026,
            month: 12
        }
        .label(crate::Language::Id),
        "Des 2026"
    );
}
