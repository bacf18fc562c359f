//! Participation figures, added up in SQL: one row per region and one per session,
//! whatever the number of registrations (see `bench/participation`).
//!
//! Every query starts from the sessions of the period (`chosen`: published or
//! completed, starting in the period, of the chosen kind), reached through
//! `sessions_by_status_start`; registrations are reached per session through
//! `registrations_by_session`, attendance by its key and check-ins through
//! `check_ins_by_registration`. Whether a person was present is decided as in
//! [`crate::attendance::status_of`]: the organizer's mark, else a check-in or minutes
//! online.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{Database, StorageError, on_pool};
use crate::participation::{Appearance, Period, RegionTally, SessionTally};
use crate::region::RegionCode;
use crate::session::{SessionId, SessionKind};
use crate::speaker::{InstitutionId, SpeakerId};

/// Which sessions and people a figure covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportScope {
    /// Every region.
    All,
    /// A province with its regencies, or one regency: the sessions that invite it and
    /// its people.
    Region(RegionCode),
}

/// The filter as bound to the queries, `$1` to `$8`.
struct Binds {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    kind: Option<&'static str>,
    now: DateTime<Utc>,
    mid: DateTime<Utc>,
    /// The region itself, its `LIKE` pattern (its regencies, or itself), its province.
    region: Option<String>,
    pattern: Option<String>,
    province: Option<String>,
}

impl Binds {
    fn new(
        period: &Period,
        kind: Option<SessionKind>,
        scope: &ReportScope,
        now: DateTime<Utc>,
    ) -> Self {
        let (start, end) = period.bounds();
        let (region, pattern, province) = match scope {
            ReportScope::All => (None, None, None),
            ReportScope::Region(code) => (
                Some(code.to_string()),
                Some(if code.is_province() {
                    format!("{code}.%")
                } else {
                    code.to_string()
                }),
                Some(code.province().to_string()),
            ),
        };
        Self {
            start,
            end,
            kind: kind.map(SessionKind::as_str),
            now,
            mid: period.midpoint(now),
            region,
            pattern,
            province,
        }
    }
}

/// The sessions of the period (and, for a region, those that invite it or its
/// regencies) and their confirmed registrants, each with whether they were present.
const CHOSEN_AND_PEOPLE: &str = "
WITH chosen AS (
    SELECT s.id, s.title, s.starts_at FROM sessions s
    WHERE s.status IN ('published', 'completed')
      AND s.starts_at >= $1 AND s.starts_at < $2
      AND ($3 IS NULL OR s.kind = $3)
      AND ($6 IS NULL OR EXISTS (
          SELECT 1 FROM invitations i WHERE i.session_id = s.id
            AND (i.region_code = $6 OR i.region_code LIKE $7
                 OR (i.with_regencies AND i.region_code = $8))))
),
people AS (
    SELECT g.region_code, g.session_id, c.starts_at,
        CASE WHEN a.mark = 'present'
                  OR (a.mark IS NULL AND (a.online_minutes > 0 OR EXISTS (
                      SELECT 1 FROM check_ins k WHERE k.registration_id = g.id)))
             THEN 1 ELSE 0 END AS present,
        CASE WHEN a.mark = 'excused' THEN 1 ELSE 0 END AS excused,
        CASE WHEN c.starts_at <= $4 THEN 1 ELSE 0 END AS held
    FROM chosen c
    JOIN registrations g ON g.session_id = c.id AND g.status = 'confirmed'
    LEFT JOIN attendance a ON a.registration_id = g.id
    WHERE $6 IS NULL OR g.region_code = $6 OR g.region_code LIKE $7
)";

/// Per region: its confirmed registrants and who of them came.
const PEOPLE_PER_REGION: &str = "
SELECT region_code, COUNT(*) AS registered, SUM(held) AS registered_held,
    SUM(present) AS present, SUM(excused) AS excused,
    COUNT(DISTINCT CASE WHEN present = 1 THEN session_id END) AS attended,
    COUNT(DISTINCT CASE WHEN present = 1 AND starts_at < $5 THEN session_id END) AS attended_early,
    COUNT(DISTINCT CASE WHEN present = 1 AND starts_at >= $5 THEN session_id END) AS attended_late,
    MAX(CASE WHEN present = 1 THEN starts_at END) AS last_attended
FROM people GROUP BY region_code";

/// Per region: the sessions that invite it (by name, or through its province with its
/// regencies), in all and, of those begun, before and after the midpoint.
const INVITED_PER_REGION: &str = "
, invited AS (
    SELECT i.session_id, i.region_code FROM invitations i JOIN chosen c ON c.id = i.session_id
    UNION
    SELECT i.session_id, r.code FROM invitations i
    JOIN chosen c ON c.id = i.session_id
    JOIN regions r ON r.parent_code = i.region_code
    WHERE i.with_regencies
)
SELECT v.region_code, COUNT(*) AS invited,
    SUM(CASE WHEN c.starts_at <= $4 AND c.starts_at < $5 THEN 1 ELSE 0 END) AS invited_early,
    SUM(CASE WHEN c.starts_at <= $4 AND c.starts_at >= $5 THEN 1 ELSE 0 END) AS invited_late
FROM invited v JOIN chosen c ON c.id = v.session_id
WHERE $6 IS NULL OR v.region_code = $6 OR v.region_code LIKE $7
GROUP BY v.region_code";

/// Per session: its registrants and who came.
const PER_SESSION: &str = "
, per_session AS (
    SELECT session_id, COUNT(*) AS registered, SUM(present) AS present, SUM(excused) AS excused,
        COUNT(DISTINCT CASE WHEN present = 1 THEN region_code END) AS regions_present
    FROM people GROUP BY session_id
)
SELECT c.id, c.title, c.starts_at, COALESCE(p.registered, 0) AS registered,
    COALESCE(p.present, 0) AS present, COALESCE(p.excused, 0) AS excused,
    COALESCE(p.regions_present, 0) AS regions_present
FROM chosen c LEFT JOIN per_session p ON p.session_id = c.id
ORDER BY c.starts_at, c.id";

/// Confirmed speakers of the sessions of the period, one row per appearance.
const APPEARANCES: &str = "
SELECT sp.id AS speaker_id, sp.name AS speaker_name, i.id AS institution_id,
    i.name AS institution_name, c.id AS session_id, c.starts_at
FROM chosen c
JOIN session_speakers ss ON ss.session_id = c.id AND ss.status = 'confirmed'
JOIN speakers sp ON sp.id = ss.speaker_id
LEFT JOIN institutions i ON i.id = sp.institution_id
ORDER BY c.starts_at, c.id, ss.position";

#[derive(sqlx::FromRow)]
struct AppearanceRow {
    speaker_id: i64,
    speaker_name: String,
    institution_id: Option<i64>,
    institution_name: Option<String>,
    session_id: i64,
    starts_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PeopleRow {
    region_code: String,
    registered: i64,
    registered_held: Option<i64>,
    present: Option<i64>,
    excused: Option<i64>,
    attended: i64,
    attended_early: i64,
    attended_late: i64,
    last_attended: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct InvitedRow {
    region_code: String,
    invited: i64,
    invited_early: Option<i64>,
    invited_late: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    title: String,
    starts_at: DateTime<Utc>,
    registered: i64,
    present: i64,
    excused: i64,
    regions_present: i64,
}

/// A count from SQL (never negative, and far below `u32::MAX`).
fn count(value: Option<i64>) -> u32 {
    value.and_then(|v| u32::try_from(v).ok()).unwrap_or(0)
}

/// The tally of a region, made empty on first use.
fn tally_of(
    tallies: &mut BTreeMap<String, RegionTally>,
    code: String,
) -> Result<&mut RegionTally, StorageError> {
    let region = RegionCode::parse(&code)
        .map_err(|_| StorageError::CorruptRow(format!("region code {code}")))?;
    Ok(tallies
        .entry(code)
        .or_insert_with(|| RegionTally::empty(region)))
}

/// Binds `$1` to `$8` in order.
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {
        $query
            .bind($binds.start)
            .bind($binds.end)
            .bind($binds.kind)
            .bind($binds.now)
            .bind($binds.mid)
            .bind($binds.region.as_deref())
            .bind($binds.pattern.as_deref())
            .bind($binds.province.as_deref())
    };
}

impl Database {
    /// One tally per region with invitations or registrants in the period (regions
    /// with neither are left out: they count zero).
    pub async fn region_tallies(
        &self,
        period: &Period,
        kind: Option<SessionKind>,
        scope: &ReportScope,
        now: DateTime<Utc>,
    ) -> Result<Vec<RegionTally>, StorageError> {
        let binds = Binds::new(period, kind, scope, now);
        let people_sql = format!("{CHOSEN_AND_PEOPLE}{PEOPLE_PER_REGION}");
        let invited_sql = format!("{CHOSEN_AND_PEOPLE}{INVITED_PER_REGION}");
        let (people, invited): (Vec<PeopleRow>, Vec<InvitedRow>) = on_pool!(self, pool => {
            let people = bind_all!(sqlx::query_as(&people_sql), binds).fetch_all(pool).await?;
            let invited = bind_all!(sqlx::query_as(&invited_sql), binds).fetch_all(pool).await?;
            (people, invited)
        });
        let mut tallies = BTreeMap::new();
        for row in invited {
            let tally = tally_of(&mut tallies, row.region_code)?;
            tally.invited = count(Some(row.invited));
            tally.invited_early = count(row.invited_early);
            tally.invited_late = count(row.invited_late);
        }
        for row in people {
            let tally = tally_of(&mut tallies, row.region_code)?;
            tally.registered = count(Some(row.registered));
            tally.registered_held = count(row.registered_held);
            tally.present = count(row.present);
            tally.excused = count(row.excused);
            tally.attended = count(Some(row.attended));
            tally.attended_early = count(Some(row.attended_early));
            tally.attended_late = count(Some(row.attended_late));
            tally.last_attended = row.last_attended;
        }
        Ok(tallies.into_values().collect())
    }

    /// The confirmed speakers' appearances at the sessions of the period.
    pub async fn appearances(
        &self,
        period: &Period,
        kind: Option<SessionKind>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Appearance>, StorageError> {
        let binds = Binds::new(period, kind, &ReportScope::All, now);
        // Only `chosen` of the common part is used; `people` is never evaluated.
        let sql = format!("{CHOSEN_AND_PEOPLE}{APPEARANCES}");
        let rows: Vec<AppearanceRow> = on_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), binds).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|row| Appearance {
                speaker: SpeakerId(row.speaker_id),
                speaker_name: row.speaker_name,
                institution: row
                    .institution_id
                    .map(InstitutionId)
                    .zip(row.institution_name),
                session: SessionId(row.session_id),
                starts_at: row.starts_at,
            })
            .collect())
    }

    /// One tally per session of the period (for a region: of the sessions that invite
    /// it, counting its people only), first first.
    pub async fn session_tallies(
        &self,
        period: &Period,
        kind: Option<SessionKind>,
        scope: &ReportScope,
        now: DateTime<Utc>,
    ) -> Result<Vec<(SessionTally, String)>, StorageError> {
        let binds = Binds::new(period, kind, scope, now);
        let sql = format!("{CHOSEN_AND_PEOPLE}{PER_SESSION}");
        let rows: Vec<SessionRow> = on_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), binds).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|row| {
                (
                    SessionTally {
                        session: SessionId(row.id),
                        starts_at: row.starts_at,
                        held: row.starts_at <= now,
                        registered: count(Some(row.registered)),
                        present: count(Some(row.present)),
                        excused: count(Some(row.excused)),
                        regions_present: count(Some(row.regions_present)),
                    },
                    row.title,
                )
            })
            .collect())
    }
}
