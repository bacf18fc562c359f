//! Participation figures, added up in SQL: one row per region and one per session,
//! whatever the number of registrations (see `bench/participation`).
//!
//! Every query starts from the sessions of the period (`chosen`: published or
//! completed, starting in the period, of the chosen kind), reached through
//! `sessions_by_status_start`; registrations are counted per session and region
//! (`pairs`) through `registrations_by_session_region` without reading their rows,
//! and attendance by its key. Whether a person was present is decided as in
//! [`crate::attendance::status_of`]: the organizer's mark, else a check-in (the first
//! one's time is kept on the attendance row) or minutes online. Invitations are
//! counted per invitation row (a few thousand), not per invited regency.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::{Database, StorageError, on_pool};
use crate::participation::{Appearance, Period, RegionTally, SessionTally};
use crate::region::{Region, RegionCode};
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
/// regencies), and per session and region their confirmed registrants: how many, how
/// many present, how many excused. PostgreSQL sums counts as `numeric`, hence the
/// casts back to `BIGINT` in the queries built on this.
const CHOSEN_AND_PAIRS: &str = "
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
pairs AS (
    SELECT g.session_id, g.region_code, COUNT(*) AS registered,
        SUM(CASE WHEN a.mark = 'present'
                      OR (a.mark IS NULL AND (a.online_minutes > 0 OR a.checked_in_at IS NOT NULL))
                 THEN 1 ELSE 0 END) AS present,
        SUM(CASE WHEN a.mark = 'excused' THEN 1 ELSE 0 END) AS excused
    FROM chosen c
    JOIN registrations g ON g.session_id = c.id AND g.status = 'confirmed'
    LEFT JOIN attendance a ON a.registration_id = g.id
    WHERE $6 IS NULL OR g.region_code = $6 OR g.region_code LIKE $7
    GROUP BY g.session_id, g.region_code
)";

/// Per region: its confirmed registrants and who of them came, and the sessions at
/// which someone of it was present (in all, and before and after the midpoint).
const PEOPLE_PER_REGION: &str = "
SELECT p.region_code, CAST(SUM(p.registered) AS BIGINT) AS registered,
    CAST(SUM(CASE WHEN c.starts_at <= $4 THEN p.registered ELSE 0 END) AS BIGINT) AS registered_held,
    CAST(SUM(p.present) AS BIGINT) AS present, CAST(SUM(p.excused) AS BIGINT) AS excused,
    CAST(SUM(CASE WHEN p.present > 0 THEN 1 ELSE 0 END) AS BIGINT) AS attended,
    CAST(SUM(CASE WHEN p.present > 0 AND c.starts_at < $5 THEN 1 ELSE 0 END) AS BIGINT) AS attended_early,
    CAST(SUM(CASE WHEN p.present > 0 AND c.starts_at >= $5 THEN 1 ELSE 0 END) AS BIGINT) AS attended_late,
    MAX(CASE WHEN p.present > 0 THEN c.starts_at END) AS last_attended
FROM pairs p JOIN chosen c ON c.id = p.session_id
GROUP BY p.region_code";

/// Per invitation row's region and kind: the sessions naming it, in all and, of those
/// begun, before and after the midpoint. A regency's own count is then its rows plus
/// its province's rows with regencies, less [`BOTH_PER_REGENCY`].
const INVITED_PER_ROW: &str = "
SELECT i.region_code, i.with_regencies, COUNT(*) AS invited,
    CAST(SUM(CASE WHEN c.starts_at <= $4 AND c.starts_at < $5 THEN 1 ELSE 0 END) AS BIGINT) AS invited_early,
    CAST(SUM(CASE WHEN c.starts_at <= $4 AND c.starts_at >= $5 THEN 1 ELSE 0 END) AS BIGINT) AS invited_late
FROM invitations i JOIN chosen c ON c.id = i.session_id
GROUP BY i.region_code, i.with_regencies";

/// Regencies named by a session that also invites their province with its regencies
/// (counted twice by the rows above).
const BOTH_PER_REGENCY: &str = "
SELECT d.region_code, FALSE AS with_regencies, COUNT(*) AS invited,
    CAST(SUM(CASE WHEN c.starts_at <= $4 AND c.starts_at < $5 THEN 1 ELSE 0 END) AS BIGINT) AS invited_early,
    CAST(SUM(CASE WHEN c.starts_at <= $4 AND c.starts_at >= $5 THEN 1 ELSE 0 END) AS BIGINT) AS invited_late
FROM invitations d
JOIN chosen c ON c.id = d.session_id
JOIN invitations p ON p.session_id = d.session_id AND p.with_regencies
    AND p.region_code = SUBSTR(d.region_code, 1, 2)
WHERE d.region_code LIKE '%.%'
GROUP BY d.region_code";

/// Per session: its registrants and who came, and how many regions had someone there.
const PER_SESSION: &str = "
, per_session AS (
    SELECT session_id, CAST(SUM(registered) AS BIGINT) AS registered,
        CAST(SUM(present) AS BIGINT) AS present, CAST(SUM(excused) AS BIGINT) AS excused,
        CAST(SUM(CASE WHEN present > 0 THEN 1 ELSE 0 END) AS BIGINT) AS regions_present
    FROM pairs GROUP BY session_id
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
    registered: Option<i64>,
    registered_held: Option<i64>,
    present: Option<i64>,
    excused: Option<i64>,
    attended: Option<i64>,
    attended_early: Option<i64>,
    attended_late: Option<i64>,
    last_attended: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct InvitedRow {
    region_code: String,
    with_regencies: bool,
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

/// Adds counts (sessions, early, late) to a sum.
fn add(sum: &mut [u32; 3], counts: [u32; 3]) {
    for (total, n) in sum.iter_mut().zip(counts) {
        *total += n;
    }
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
    /// with neither are left out: they count zero). `regions` are those of the scope
    /// (every region, or a page's region with its regencies), as the caller holds
    /// them: a regency's invitations are counted through its province.
    pub async fn region_tallies(
        &self,
        period: &Period,
        kind: Option<SessionKind>,
        scope: &ReportScope,
        regions: &[Region],
        now: DateTime<Utc>,
    ) -> Result<Vec<RegionTally>, StorageError> {
        let binds = Binds::new(period, kind, scope, now);
        let people_sql = format!("{CHOSEN_AND_PAIRS}{PEOPLE_PER_REGION}");
        let invited_sql = format!("{CHOSEN_AND_PAIRS}{INVITED_PER_ROW}");
        let both_sql = format!("{CHOSEN_AND_PAIRS}{BOTH_PER_REGENCY}");
        let (people, invited, both): (Vec<PeopleRow>, Vec<InvitedRow>, Vec<InvitedRow>) = on_pool!(self, pool => {
            let people = bind_all!(sqlx::query_as(&people_sql), binds).fetch_all(pool).await?;
            let invited = bind_all!(sqlx::query_as(&invited_sql), binds).fetch_all(pool).await?;
            let both = bind_all!(sqlx::query_as(&both_sql), binds).fetch_all(pool).await?;
            (people, invited, both)
        });
        let mut tallies = BTreeMap::new();
        // Sessions naming a region, or its province with its regencies.
        let counts = |row: &InvitedRow| {
            [
                count(Some(row.invited)),
                count(row.invited_early),
                count(row.invited_late),
            ]
        };
        let mut named: HashMap<&str, [u32; 3]> = HashMap::new();
        let mut with_regencies: HashMap<&str, [u32; 3]> = HashMap::new();
        for row in &invited {
            let target = if row.with_regencies {
                &mut with_regencies
            } else {
                &mut named
            };
            add(
                target.entry(row.region_code.as_str()).or_default(),
                counts(row),
            );
            if row.with_regencies {
                // The province's own offices are invited too.
                add(
                    named.entry(row.region_code.as_str()).or_default(),
                    counts(row),
                );
            }
        }
        let twice: HashMap<&str, [u32; 3]> = both
            .iter()
            .map(|row| (row.region_code.as_str(), counts(row)))
            .collect();
        for region in regions {
            let code = region.code.as_str();
            let mut sum = named.get(code).copied().unwrap_or_default();
            if let Some(parent) = &region.parent {
                add(
                    &mut sum,
                    with_regencies
                        .get(parent.as_str())
                        .copied()
                        .unwrap_or_default(),
                );
                let [a, b, c] = twice.get(code).copied().unwrap_or_default();
                sum = [
                    sum[0].saturating_sub(a),
                    sum[1].saturating_sub(b),
                    sum[2].saturating_sub(c),
                ];
            }
            if sum[0] > 0 {
                let tally = tally_of(&mut tallies, code.to_owned())?;
                [tally.invited, tally.invited_early, tally.invited_late] = sum;
            }
        }
        for row in people {
            let tally = tally_of(&mut tallies, row.region_code)?;
            tally.registered = count(row.registered);
            tally.registered_held = count(row.registered_held);
            tally.present = count(row.present);
            tally.excused = count(row.excused);
            tally.attended = count(row.attended);
            tally.attended_early = count(row.attended_early);
            tally.attended_late = count(row.attended_late);
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
        // Only `chosen` of the common part is used; `pairs` is never evaluated.
        let sql = format!("{CHOSEN_AND_PAIRS}{APPEARANCES}");
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
        let sql = format!("{CHOSEN_AND_PAIRS}{PER_SESSION}");
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
