//! Participation across provinces and regencies: who was invited, who came, and which
//! regions need attention.
//!
//! Storage adds up registrations and invitations in SQL, one [`RegionTally`] per region
//! and one [`SessionTally`] per session; this module turns those into report lines
//! (rates, province totals with their regencies, the "perlu perhatian" flags) and
//! monthly trends. Nothing here loops over people.
//!
//! The rules, as the report's reader is told them:
//! - a session counts when it is published or completed and starts in the period;
//!   drafts and cancelled sessions do not;
//! - a regency is invited when the session names it, or its province with its
//!   regencies; a province is invited when the session names it (its own offices);
//! - the attendance rate is the people present over the confirmed registrants of
//!   sessions that have begun, leaving out excused absences;
//! - a region needs attention when it was never invited, when it was invited to
//!   sessions that have begun but nobody of it came to any, or when its share of
//!   sessions attended fell by [`FALL_POINTS`] points or more from the first half of
//!   the period to the second (with [`FALL_MIN_SESSIONS`] sessions in each half).

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::region::{Region, RegionCode, RegionLevel};
use crate::session::{SessionId, SessionKind, word_enum};
use crate::speaker::{InstitutionId, SpeakerId};
use crate::validation::{Problem, ValidationErrors};
use crate::zone::Zone;

/// Longest period a report covers.
pub const MAX_YEARS: usize = 10;
/// Drop in the share of sessions attended (percentage points) that marks a region.
pub const FALL_POINTS: f64 = 25.0;
/// Sessions a region must have been invited to in each half before a fall counts.
pub const FALL_MIN_SESSIONS: u32 = 2;
/// The zone whose days and months reports use: the Directorate's, in Jakarta.
pub const REPORT_ZONE: Zone = Zone::Wib;

word_enum!(
    /// The fields of the report filter, named as their query parameters.
    ReportField {
        From => "from",
        To => "to",
        Kind => "kind",
        Level => "level",
    }
);

/// First and last day of a report, both included, as dates in [`REPORT_ZONE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// A checked period: `from` not after `to`, at most [`MAX_YEARS`] long.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, Problem> {
        if to < from {
            return Err(Problem::EndNotAfterStart);
        }
        let limit = from
            .checked_add_months(Months::new(12 * MAX_YEARS as u32))
            .unwrap_or(NaiveDate::MAX);
        if to >= limit {
            return Err(Problem::PeriodTooLong { max: MAX_YEARS });
        }
        Ok(Self { from, to })
    }

    /// The twelve months up to `today`: from the first day of the month eleven months
    /// back, so the monthly trend has twelve whole or current months.
    pub fn last_twelve_months(today: NaiveDate) -> Self {
        let month_start = today.with_day(1).unwrap_or(today);
        let from = month_start
            .checked_sub_months(Months::new(11))
            .unwrap_or(month_start);
        Self { from, to: today }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// The instants the period covers: from midnight of `from` up to (not including)
    /// midnight after `to`, in [`REPORT_ZONE`].
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = |day: NaiveDate| {
            REPORT_ZONE
                .to_utc(day.and_time(NaiveTime::MIN))
                .unwrap_or_else(|| day.and_time(NaiveTime::MIN).and_utc())
        };
        let after = self.to.succ_opt().unwrap_or(self.to);
        (start(self.from), start(after))
    }

    /// Where the first half of the part of the period already past ends: sessions that
    /// began before it are "early", the others "late", for the falling-participation
    /// flag.
    pub fn midpoint(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let (start, end) = self.bounds();
        let end = end.min(now).max(start);
        start + (end - start) / 2
    }

    /// Every month the period touches, first first.
    pub fn months(&self) -> Vec<Month> {
        let mut months = Vec::new();
        let mut month = Month::of(self.from);
        let last = Month::of(self.to);
        while month <= last {
            months.push(month);
            month = month.next();
        }
        months
    }
}

/// A calendar month (in [`REPORT_ZONE`]), written `2026-03` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The month an instant falls in, in [`REPORT_ZONE`].
    pub fn at(instant: DateTime<Utc>) -> Self {
        Self::of(REPORT_ZONE.local(instant).date())
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// "Mar 2026", "Des 2026": a chart's or table's label.
    pub fn label(self, language: crate::Language) -> String {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .map(|day| {
                day.format_localized("%b %Y", language.chrono_locale())
                    .to_string()
            })
            .unwrap_or_else(|| self.key())
    }

    /// `2026-03`, as in the API and the spreadsheet.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl From<Month> for String {
    fn from(month: Month) -> Self {
        month.key()
    }
}

impl TryFrom<String> for Month {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        NaiveDate::parse_from_str(&format!("{raw}-01"), "%Y-%m-%d")
            .map(Month::of)
            .map_err(|_| "a month is YYYY-MM")
    }
}

word_enum!(
    /// Which level of regions a report lists.
    Level {
        Province => "province",
        Regency => "regency",
    }
);

/// The report filter as typed in the page's form or the API's query (all text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    /// `YYYY-MM-DD`; empty: the last twelve months.
    pub from: String,
    pub to: String,
    /// A session kind, or empty for all.
    pub kind: String,
    /// `province` (default) or `regency`.
    pub level: String,
}

/// A checked filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    pub period: Period,
    pub kind: Option<SessionKind>,
    pub level: Level,
}

impl ReportForm {
    /// Checks the filter; an empty period means the twelve months up to `today`, an
    /// empty `to` means today.
    pub fn validate(&self, today: NaiveDate) -> Result<ReportQuery, ValidationErrors<ReportField>> {
        let mut errors = ValidationErrors::default();
        let mut day = |field, raw: &str| -> Option<NaiveDate> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.add(field, Problem::InvalidDate);
            }
            parsed
        };
        let from = day(ReportField::From, &self.from);
        let to = day(ReportField::To, &self.to);
        let kind = match self.kind.trim() {
            "" | "all" => None,
            raw => {
                let kind = SessionKind::parse(raw);
                if kind.is_none() {
                    errors.add(ReportField::Kind, Problem::UnknownChoice);
                }
                kind
            }
        };
        let level = match self.level.trim() {
            "" => Level::Province,
            raw => Level::parse(raw).unwrap_or_else(|| {
                errors.add(ReportField::Level, Problem::UnknownChoice);
                Level::Province
            }),
        };
        let default = Period::last_twelve_months(today);
        let period = match (from, to) {
            (None, None) => Some(default),
            (from, to) => {
                let from = from.unwrap_or(default.from);
                let to = to.unwrap_or(today.max(from));
                Period::new(from, to)
                    .map_err(|problem| errors.add(ReportField::To, problem))
                    .ok()
            }
        };
        match period {
            Some(period) if errors.is_empty() => Ok(ReportQuery {
                period,
                kind,
                level,
            }),
            _ => Err(errors),
        }
    }
}

/// What storage adds up for one region's own offices (a province's numbers here do
/// not include its regencies').
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionTally {
    pub region: RegionCode,
    /// Sessions that invite the region.
    pub invited: u32,
    /// Of those, sessions that have begun, before and after the period's midpoint.
    pub invited_early: u32,
    pub invited_late: u32,
    /// Confirmed registrants.
    pub registered: u32,
    /// Confirmed registrants of sessions that have begun.
    pub registered_held: u32,
    pub present: u32,
    pub excused: u32,
    /// Sessions at which someone of the region was present, in all and per half.
    pub attended: u32,
    pub attended_early: u32,
    pub attended_late: u32,
    /// The start of the last session someone of the region attended.
    pub last_attended: Option<DateTime<Utc>>,
}

impl RegionTally {
    /// A region nobody invited or registered.
    pub fn empty(region: RegionCode) -> Self {
        Self {
            region,
            invited: 0,
            invited_early: 0,
            invited_late: 0,
            registered: 0,
            registered_held: 0,
            present: 0,
            excused: 0,
            attended: 0,
            attended_early: 0,
            attended_late: 0,
            last_attended: None,
        }
    }

    fn invited_held(&self) -> u32 {
        self.invited_early + self.invited_late
    }
}

/// Present people over expected ones, in percent with one decimal; `None` when
/// nobody was expected.
pub fn rate(present: u32, expected: u32) -> Option<f64> {
    (expected > 0)
        .then(|| (f64::from(present.min(expected)) * 1000.0 / f64::from(expected)).round() / 10.0)
}

word_enum!(
    /// Why a region is flagged "perlu perhatian".
    Attention {
        /// No session in the period invites it.
        NotInvited => "not_invited",
        /// Invited to sessions that have begun, and nobody of it came to any.
        NeverCame => "never_came",
        /// Its share of sessions attended fell from the first half to the second.
        Falling => "falling",
    }
);

/// Whether (and why) a region's own record needs attention.
pub fn attention(tally: &RegionTally) -> Option<Attention> {
    if tally.invited == 0 {
        return Some(Attention::NotInvited);
    }
    if tally.invited_held() > 0 && tally.attended == 0 {
        return Some(Attention::NeverCame);
    }
    let share = |attended: u32, invited: u32| f64::from(attended) * 100.0 / f64::from(invited);
    let halves =
        tally.invited_early >= FALL_MIN_SESSIONS && tally.invited_late >= FALL_MIN_SESSIONS;
    (halves
        && share(tally.attended_late, tally.invited_late) + FALL_POINTS
            <= share(tally.attended_early, tally.invited_early))
    .then_some(Attention::Falling)
}

/// The numbers of one region in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Numbers {
    pub registered: u32,
    pub present: u32,
    pub excused: u32,
    /// Percent, one decimal; `None` when no registrant of a begun session is counted.
    pub attendance_rate: Option<f64>,
}

impl Numbers {
    fn of(registered: u32, registered_held: u32, present: u32, excused: u32) -> Self {
        Self {
            registered,
            present,
            excused,
            attendance_rate: rate(present, registered_held.saturating_sub(excused)),
        }
    }
}

/// A province's regencies and cities, taken together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Regencies {
    /// Regencies and cities of the province.
    pub count: u32,
    /// Of those, invited to at least one session.
    pub invited: u32,
    /// Of those, with someone present at least once.
    pub reached: u32,
    /// Needing attention.
    pub attention: u32,
    /// The province as a whole: its own offices and its regencies'.
    pub with_province: Numbers,
}

/// One line of the report: a province or a regency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipationLine {
    pub region: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    /// The province of a regency.
    pub province: Option<RegionCode>,
    /// Sessions that invite the region's own offices.
    pub sessions_invited: u32,
    /// Sessions with someone of the region present.
    pub sessions_attended: u32,
    /// The region's own offices.
    #[serde(flatten)]
    pub numbers: Numbers,
    pub last_attended: Option<DateTime<Utc>>,
    pub attention: Option<Attention>,
    /// For a province: its regencies together, and the whole province's numbers.
    pub regencies: Option<Regencies>,
}

/// Report lines for every region of `regions` at `level` (in code order), from the
/// tallies storage made (regions without a tally count zero).
pub fn lines(regions: &[Region], tallies: &[RegionTally], level: Level) -> Vec<ParticipationLine> {
    let by_region: std::collections::HashMap<&RegionCode, &RegionTally> =
        tallies.iter().map(|t| (&t.region, t)).collect();
    let tally_of = |code: &RegionCode| by_region.get(code).copied();
    let mut lines: Vec<ParticipationLine> = regions
        .iter()
        .filter(|region| match level {
            Level::Province => region.level == RegionLevel::Province,
            Level::Regency => region.level != RegionLevel::Province,
        })
        .map(|region| {
            let empty = RegionTally::empty(region.code.clone());
            let tally = tally_of(&region.code).unwrap_or(&empty);
            let regencies = (region.level == RegionLevel::Province)
                .then(|| regencies_of(regions, &region.code, tally, &tally_of));
            ParticipationLine {
                region: region.code.clone(),
                name: region.name.clone(),
                level: region.level,
                province: region.parent.clone(),
                sessions_invited: tally.invited,
                sessions_attended: tally.attended,
                numbers: Numbers::of(
                    tally.registered,
                    tally.registered_held,
                    tally.present,
                    tally.excused,
                ),
                last_attended: tally.last_attended,
                attention: attention(tally),
                regencies,
            }
        })
        .collect();
    lines.sort_by(|a, b| a.region.cmp(&b.region));
    lines
}

fn regencies_of<'a>(
    regions: &[Region],
    province: &RegionCode,
    own: &RegionTally,
    tally_of: &impl Fn(&RegionCode) -> Option<&'a RegionTally>,
) -> Regencies {
    let mut sum = Regencies {
        count: 0,
        invited: 0,
        reached: 0,
        attention: 0,
        with_province: Numbers::of(0, 0, 0, 0),
    };
    let (mut registered, mut held, mut present, mut excused) = (
        own.registered,
        own.registered_held,
        own.present,
        own.excused,
    );
    for regency in regions
        .iter()
        .filter(|r| r.parent.as_ref() == Some(province))
    {
        let empty = RegionTally::empty(regency.code.clone());
        let tally = tally_of(&regency.code).unwrap_or(&empty);
        sum.count += 1;
        sum.invited += u32::from(tally.invited > 0);
        sum.reached += u32::from(tally.attended > 0);
        sum.attention += u32::from(attention(tally).is_some());
        registered += tally.registered;
        held += tally.registered_held;
        present += tally.present;
        excused += tally.excused;
    }
    sum.with_province = Numbers::of(registered, held, present, excused);
    sum
}

/// What storage adds up for one session (for the monthly trend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTally {
    pub session: SessionId,
    pub starts_at: DateTime<Utc>,
    /// Whether it has begun.
    pub held: bool,
    pub registered: u32,
    pub present: u32,
    pub excused: u32,
    /// Regions (own offices) with someone present.
    pub regions_present: u32,
}

/// One month of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthLine {
    pub month: Month,
    /// Sessions that began in the month (or are planned in it).
    pub sessions: u32,
    pub registered: u32,
    pub present: u32,
    /// Registrants of the month's begun sessions, less the excused: the rate's base.
    pub expected: u32,
    pub attendance_rate: Option<f64>,
    /// The most regions present at one session of the month.
    pub regions_present: u32,
}

/// The trend per month of the period (every month, also those without sessions).
pub fn months(period: &Period, sessions: &[SessionTally]) -> Vec<MonthLine> {
    period
        .months()
        .into_iter()
        .map(|month| {
            let mine = sessions.iter().filter(|s| Month::at(s.starts_at) == month);
            let (mut line, mut held) = (
                MonthLine {
                    month,
                    sessions: 0,
                    registered: 0,
                    present: 0,
                    expected: 0,
                    attendance_rate: None,
                    regions_present: 0,
                },
                (0, 0),
            );
            for session in mine {
                line.sessions += 1;
                line.registered += session.registered;
                line.present += session.present;
                line.regions_present = line.regions_present.max(session.regions_present);
                if session.held {
                    held.0 += session.registered;
                    held.1 += session.excused;
                }
            }
            line.expected = held.0.saturating_sub(held.1);
            line.attendance_rate = rate(line.present, line.expected);
            line
        })
        .collect()
}

/// The figures of a whole period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub sessions: u32,
    pub registered: u32,
    pub present: u32,
    pub attendance_rate: Option<f64>,
    /// Provinces with someone present (its own offices or a regency).
    pub provinces_reached: u32,
    pub regencies_reached: u32,
    pub regencies: u32,
    /// Provinces and regencies needing attention.
    pub attention: u32,
}

/// The figures of a period from its province and regency lines and its months.
pub fn totals(
    provinces: &[ParticipationLine],
    regencies: &[ParticipationLine],
    months: &[MonthLine],
) -> Totals {
    let sum = |f: fn(&MonthLine) -> u32| months.iter().map(f).sum::<u32>();
    let present = sum(|m| m.present);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Totals {
        sessions: sum(|m| m.sessions),
        registered: sum(|m| m.registered),
        present,
        attendance_rate: rate(present, sum(|m| m.expected)),
        provinces_reached: count(
            provinces
                .iter()
                .filter(|p| {
                    p.sessions_attended > 0 || p.regencies.as_ref().is_some_and(|r| r.reached > 0)
                })
                .count(),
        ),
        regencies_reached: count(regencies.iter().filter(|l| l.sessions_attended > 0).count()),
        regencies: count(regencies.len()),
        attention: count(
            provinces
                .iter()
                .chain(regencies)
                .filter(|l| l.attention.is_some())
                .count(),
        ),
    }
}

/// The whole report of a filter: every province and regency, and the months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub query: ReportQuery,
    pub provinces: Vec<ParticipationLine>,
    pub regencies: Vec<ParticipationLine>,
    pub months: Vec<MonthLine>,
}

impl Report {
    /// The report from what storage added up for the query's period and kind.
    pub fn new(
        query: ReportQuery,
        regions: &[Region],
        tallies: &[RegionTally],
        sessions: &[SessionTally],
    ) -> Self {
        Self {
            query,
            provinces: lines(regions, tallies, Level::Province),
            regencies: lines(regions, tallies, Level::Regency),
            months: months(&query.period, sessions),
        }
    }

    /// The lines of the level the query asks for.
    pub fn lines(&self) -> &[ParticipationLine] {
        match self.query.level {
            Level::Province => &self.provinces,
            Level::Regency => &self.regencies,
        }
    }

    pub fn totals(&self) -> Totals {
        totals(&self.provinces, &self.regencies, &self.months)
    }
}

/// One confirmed appearance of a speaker at a session of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appearance {
    pub speaker: SpeakerId,
    pub speaker_name: String,
    pub institution: Option<(InstitutionId, String)>,
    pub session: SessionId,
    pub starts_at: DateTime<Utc>,
}

/// An institution's appearances per year (speakers without an institution share the
/// line without one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionYears {
    pub institution: Option<(InstitutionId, String)>,
    /// Appearances in each year of [`SpeakerStatistics::years`], in that order.
    pub per_year: Vec<u32>,
    pub total: u32,
}

/// A speaker's number of sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerSessions {
    pub speaker: SpeakerId,
    pub name: String,
    pub institution: Option<String>,
    pub sessions: u32,
}

/// Who spoke, and for whom, in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SpeakerStatistics {
    /// The years (in [`REPORT_ZONE`]) the appearances fall in, first first.
    pub years: Vec<i32>,
    /// Most appearances first, then by name.
    pub institutions: Vec<InstitutionYears>,
    /// Most sessions first, then by name.
    pub speakers: Vec<SpeakerSessions>,
}

/// Appearances per institution per year and sessions per speaker.
pub fn speaker_statistics(appearances: &[Appearance]) -> SpeakerStatistics {
    use std::collections::{BTreeMap, BTreeSet};
    let year_of = |a: &Appearance| REPORT_ZONE.local(a.starts_at).date().year();
    let years: Vec<i32> = appearances
        .iter()
        .map(year_of)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut institutions: BTreeMap<Option<InstitutionId>, InstitutionYears> = BTreeMap::new();
    let mut speakers: BTreeMap<SpeakerId, (SpeakerSessions, BTreeSet<SessionId>)> = BTreeMap::new();
    for appearance in appearances {
        let line = institutions
            .entry(appearance.institution.as_ref().map(|(id, _)| *id))
            .or_insert_with(|| InstitutionYears {
                institution: appearance.institution.clone(),
                per_year: vec![0; years.len()],
                total: 0,
            });
        if let Ok(index) = years.binary_search(&year_of(appearance)) {
            line.per_year[index] += 1;
        }
        line.total += 1;
        let (speaker, sessions) = speakers.entry(appearance.speaker).or_insert_with(|| {
            (
                SpeakerSessions {
                    speaker: appearance.speaker,
                    name: appearance.speaker_name.clone(),
                    institution: appearance.institution.as_ref().map(|(_, n)| n.clone()),
                    sessions: 0,
                },
                BTreeSet::new(),
            )
        });
        if sessions.insert(appearance.session) {
            speaker.sessions += 1;
        }
    }
    let mut institutions: Vec<InstitutionYears> = institutions.into_values().collect();
    institutions.sort_by(|a, b| {
        b.total.cmp(&a.total).then_with(|| {
            let name = |l: &InstitutionYears| l.institution.as_ref().map(|(_, n)| n.clone());
            name(a).cmp(&name(b))
        })
    });
    let mut speakers: Vec<SpeakerSessions> = speakers.into_values().map(|(s, _)| s).collect();
    speakers.sort_by(|a, b| {
        b.sessions
            .cmp(&a.sessions)
            .then_with(|| a.name.cmp(&b.name))
    });
    SpeakerStatistics {
        years,
        institutions,
        speakers,
    }
}

/// A province's tile on the overview map: its place (column, row) and the short name
/// Indonesian reports use for it (the full name is in the tile's title and label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tile {
    pub code: &'static str,
    pub short: &'static str,
    pub column: u8,
    pub row: u8,
}

impl Tile {
    const fn at(code: &'static str, short: &'static str, column: u8, row: u8) -> Self {
        Self {
            code,
            short,
            column,
            row,
        }
    }
}

/// The tiles of the 38 provinces: a grid laid out roughly as the archipelago, Sumatra
/// to the west, Java and Nusa Tenggara along the bottom, Papua to the east.
pub const TILES: [Tile; 38] = [
    Tile::at("11", "Aceh", 0, 0),
    Tile::at("12", "Sumut", 1, 1),
    Tile::at("13", "Sumbar", 1, 2),
    Tile::at("14", "Riau", 2, 2),
    Tile::at("21", "Kepri", 3, 1),
    Tile::at("15", "Jambi", 3, 3),
    Tile::at("17", "Bengkulu", 2, 3),
    Tile::at("16", "Sumsel", 3, 4),
    Tile::at("19", "Babel", 4, 3),
    Tile::at("18", "Lampung", 4, 4),
    Tile::at("36", "Banten", 4, 5),
    Tile::at("31", "Jakarta", 5, 5),
    Tile::at("32", "Jabar", 6, 5),
    Tile::at("33", "Jateng", 7, 5),
    Tile::at("34", "DIY", 8, 5),
    Tile::at("35", "Jatim", 9, 5),
    Tile::at("51", "Bali", 10, 5),
    Tile::at("52", "NTB", 11, 5),
    Tile::at("53", "NTT", 12, 5),
    Tile::at("61", "Kalbar", 5, 1),
    Tile::at("62", "Kalteng", 5, 2),
    Tile::at("63", "Kalsel", 6, 2),
    Tile::at("64", "Kaltim", 6, 1),
    Tile::at("65", "Kaltara", 6, 0),
    Tile::at("76", "Sulbar", 8, 2),
    Tile::at("73", "Sulsel", 9, 2),
    Tile::at("72", "Sulteng", 9, 1),
    Tile::at("74", "Sultra", 10, 2),
    Tile::at("75", "Gorontalo", 10, 0),
    Tile::at("71", "Sulut", 11, 0),
    Tile::at("82", "Malut", 12, 0),
    Tile::at("81", "Maluku", 12, 2),
    Tile::at("96", "PBD", 13, 1),
    Tile::at("92", "Papua Barat", 14, 1),
    Tile::at("94", "Papua Teng.", 14, 2),
    Tile::at("91", "Papua", 15, 2),
    Tile::at("95", "Papua Peg.", 15, 3),
    Tile::at("93", "Papua Sel.", 15, 4),
];

/// The tile of a province (`None` for a regency or an unknown code).
pub fn tile(province: &RegionCode) -> Option<&'static Tile> {
    TILES.iter().find(|tile| tile.code == province.as_str())
}

/// The day `instant` falls on in [`REPORT_ZONE`] (today, for the default period).
pub fn report_day(instant: DateTime<Utc>) -> NaiveDate {
    REPORT_ZONE.local(instant).date()
}

#[cfg(test)]
mod tests;
