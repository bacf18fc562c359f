//! Indonesia's three legal time zones, and how a session's time is written for people.
//!
//! Times are stored in UTC; a session carries one of these zones, and every page shows
//! the time in that zone with its label (WIB/WITA/WIT).

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::language::Language;

/// WIB (Asia/Jakarta, UTC+7), WITA (Asia/Makassar, UTC+8), WIT (Asia/Jayapura, UTC+9).
///
/// An enum rather than any IANA name: every session Simpul organizes takes place in
/// Indonesia, and a closed set means a label is always known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Zone {
    #[serde(rename = "Asia/Jakarta")]
    Wib,
    #[serde(rename = "Asia/Makassar")]
    Wita,
    #[serde(rename = "Asia/Jayapura")]
    Wit,
}

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::Wib, Zone::Wita, Zone::Wit];

    /// The IANA name, as stored and as sent in the API.
    pub fn iana(self) -> &'static str {
        match self {
            Self::Wib => "Asia/Jakarta",
            Self::Wita => "Asia/Makassar",
            Self::Wit => "Asia/Jayapura",
        }
    }

    pub fn from_iana(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|z| z.iana() == name)
    }

    /// WIB, WITA or WIT: the label Indonesians write after a time.
    pub fn label(self) -> &'static str {
        match self {
            Self::Wib => "WIB",
            Self::Wita => "WITA",
            Self::Wit => "WIT",
        }
    }

    pub fn tz(self) -> Tz {
        match self {
            Self::Wib => chrono_tz::Asia::Jakarta,
            Self::Wita => chrono_tz::Asia::Makassar,
            Self::Wit => chrono_tz::Asia::Jayapura,
        }
    }

    /// The UTC instant of a wall-clock time in this zone.
    ///
    /// Indonesia keeps no daylight saving time, so every local time maps to exactly one
    /// instant; `None` is kept for the type's sake and never happens for these zones.
    pub fn to_utc(self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.tz()
            .from_local_datetime(&local)
            .single()
            .map(|t| t.with_timezone(&Utc))
    }

    /// The wall-clock time of an instant in this zone.
    pub fn local(self, instant: DateTime<Utc>) -> NaiveDateTime {
        instant.with_timezone(&self.tz()).naive_local()
    }
}

/// Writes a session's time for people, in the given zone and language:
/// "Selasa, 31 Januari 2023, 09.00-12.00 WIB" (Indonesian puts a dot between hours and
/// minutes), "Tuesday, 31 January 2023, 09:00-12:00 WIB". A session over several days
/// names both dates.
///
/// Day and month names come from chrono's locale tables (glibc's `id_ID` and `en_GB`),
/// not from strings of our own.
pub fn format_time_range(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    zone: Zone,
    language: Language,
) -> String {
    let locale = language.chrono_locale();
    let date_fmt = "%A, %-d %B %Y";
    let time_fmt = clock_format(language);
    let start = start.with_timezone(&zone.tz());
    let end = end.with_timezone(&zone.tz());
    let start_date = start.format_localized(date_fmt, locale);
    let start_time = start.format_localized(time_fmt, locale);
    let end_time = end.format_localized(time_fmt, locale);
    if start.date_naive() == end.date_naive() {
        format!("{start_date}, {start_time}-{end_time} {}", zone.label())
    } else {
        let end_date = end.format_localized(date_fmt, locale);
        format!(
            "{start_date}, {start_time} - {end_date}, {end_time} {}",
            zone.label()
        )
    }
}

/// The wall-clock span of a session or a rundown slot in a zone, without date or label:
/// "09.00-12.00" in Indonesian, "09:00-12:00" in English.
pub fn format_clock_range(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    zone: Zone,
    language: Language,
) -> String {
    let fmt = clock_format(language);
    let local = |t: DateTime<Utc>| t.with_timezone(&zone.tz()).format(fmt);
    format!("{}-{}", local(start), local(end))
}

/// A day in a zone, for people: "23 November 2026" (month names from chrono's locale
/// tables, as in [`format_time_range`]).
pub fn format_date(instant: DateTime<Utc>, zone: Zone, language: Language) -> String {
    instant
        .with_timezone(&zone.tz())
        .format_localized("%-d %B %Y", language.chrono_locale())
        .to_string()
}

/// Indonesian writes a dot between hours and minutes, English a colon.
/// A moment in a zone, for people: "23 November 2026, 09.00 WIB" (a deadline).
pub fn format_moment(instant: DateTime<Utc>, zone: Zone, language: Language) -> String {
    format!(
        "{}, {} {}",
        format_date(instant, zone, language),
        instant
            .with_timezone(&zone.tz())
            .format(clock_format(language)),
        zone.label()
    )
}

fn clock_format(language: Language) -> &'static str {
    match language {
        Language::Id => "%H.%M",
        Language::En => "%H:%M",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.from_utc_datetime(
            &NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|d| d.and_hms_opt(h, min, 0))
                .expect("valid test date"),
        )
    }

    #[test]
    fn formats_the_example_from_the_design_in_indonesian() {
        // 09.00-12.00 WIB is 02:00-05:00 UTC.
        let text = format_time_range(
            utc(2023, 1, 31, 2, 0),
            utc(2023, 1, 31, 5, 0),
            Zone::Wib,
            Language::Id,
        );
        assert_eq!(text, "Selasa, 31 Januari 2023, 09.00-12.00 WIB");
    }

    #[test]
    fn formats_in_english() {
        let text = format_time_range(
            utc(2023, 1, 31, 2, 0),
            utc(2023, 1, 31, 5, 0),
            Zone::Wib,
            Language::En,
        );
        assert_eq!(text, "Tuesday, 31 January 2023, 09:00-12:00 WIB");
    }

    #[test]
    fn the_same_instant_reads_an_hour_apart_across_zones() {
        let start = utc(2023, 1, 31, 2, 0);
        let end = utc(2023, 1, 31, 5, 0);
        assert_eq!(
            format_time_range(start, end, Zone::Wita, Language::Id),
            "Selasa, 31 Januari 2023, 10.00-13.00 WITA"
        );
        assert_eq!(
            format_time_range(start, end, Zone::Wit, Language::Id),
            "Selasa, 31 Januari 2023, 11.00-14.00 WIT"
        );
    }

    #[test]
    fn a_session_over_two_days_names_both_dates() {
        let text = format_time_range(
            utc(2023, 3, 1, 1, 0),
            utc(2023, 3, 2, 9, 0),
            Zone::Wib,
            Language::Id,
        );
        assert_eq!(
            text,
            "Rabu, 1 Maret 2023, 08.00 - Kamis, 2 Maret 2023, 16.00 WIB"
        );
    }

    #[test]
    fn a_deadline_reads_in_the_given_zone() {
        // 23.59 WIT on 28 February is 14.59 UTC.
        let deadline = utc(2027, 2, 28, 14, 59);
        assert_eq!(
            format_moment(deadline, Zone::Wit, Language::Id),
            "28 Februari 2027, 23.59 WIT"
        );
        assert_eq!(
            format_moment(deadline, Zone::Wib, Language::En),
            "28 February 2027, 21:59 WIB"
        );
    }

    #[test]
    fn local_times_round_trip_through_utc() {
        let local = NaiveDate::from_ymd_opt(2026, 12, 3)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("valid");
        for zone in Zone::ALL {
            let instant = zone.to_utc(local).expect("no DST in Indonesia");
            assert_eq!(zone.local(instant), local);
        }
        assert_eq!(Zone::Wit.to_utc(local), Some(utc(2026, 12, 3, 0, 0)));
    }

    #[test]
    fn iana_names_round_trip() {
        for zone in Zone::ALL {
            assert_eq!(Zone::from_iana(zone.iana()), Some(zone));
        }
        assert_eq!(Zone::from_iana("Europe/Paris"), None);
    }

    #[test]
    fn clock_ranges_in_each_language_and_zone() {
        let (start, end) = (utc(2023, 1, 31, 2, 0), utc(2023, 1, 31, 2, 15));
        assert_eq!(
            format_clock_range(start, end, Zone::Wib, Language::Id),
            "09.00-09.15"
        );
        assert_eq!(
            format_clock_range(start, end, Zone::Wit, Language::En),
            "11:00-11:15"
        );
    }
}
