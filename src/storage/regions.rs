//! The regions table: seeded from the bundled reference data at every start.

use super::{Database, StorageError, on_pool};
use crate::region::{Region, RegionCode, RegionLevel, reference_regions};
use crate::zone::Zone;

#[derive(sqlx::FromRow)]
struct RegionRow {
    code: String,
    name: String,
    level: String,
    parent_code: Option<String>,
    time_zone: String,
}

impl TryFrom<RegionRow> for Region {
    type Error = StorageError;
    fn try_from(row: RegionRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::CorruptRow(format!("region {}: {what}", row.code));
        Ok(Region {
            code: RegionCode::parse(&row.code).map_err(|_| corrupt("code"))?,
            level: RegionLevel::parse(&row.level).ok_or_else(|| corrupt("level"))?,
            parent: row
                .parent_code
                .as_deref()
                .map(RegionCode::parse)
                .transpose()
                .map_err(|_| corrupt("parent"))?,
            zone: Zone::from_iana(&row.time_zone).ok_or_else(|| corrupt("time zone"))?,
            name: row.name,
        })
    }
}

/// Which regions a list asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionFilter<'a> {
    #[default]
    All,
    Provinces,
    /// Regencies and cities, of one province when given.
    Regencies(Option<&'a RegionCode>),
}

const SELECT_REGION: &str = "SELECT code, name, level, parent_code, time_zone FROM regions";

impl Database {
    /// Inserts or updates all 552 regions; safe to run at every start.
    pub async fn seed_regions(&self) -> Result<(), StorageError> {
        let regions = reference_regions()?;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // Provinces come first in the reference data, so parents exist before children.
            for region in &regions {
                sqlx::query(
                    "INSERT INTO regions (code, name, level, parent_code, time_zone)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
                         parent_code = excluded.parent_code, time_zone = excluded.time_zone",
                )
                .bind(region.code.as_str())
                .bind(&region.name)
                .bind(region.level.as_str())
                .bind(region.parent.as_ref().map(RegionCode::as_str))
                .bind(region.zone.iana())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn regions(&self, filter: RegionFilter<'_>) -> Result<Vec<Region>, StorageError> {
        let rows: Vec<RegionRow> = match filter {
            RegionFilter::All => on_pool!(self, pool => {
                sqlx::query_as(&format!("{SELECT_REGION} ORDER BY code")).fetch_all(pool).await?
            }),
            RegionFilter::Provinces => on_pool!(self, pool => {
                sqlx::query_as(&format!("{SELECT_REGION} WHERE level = 'province' ORDER BY code"))
                    .fetch_all(pool)
                    .await?
            }),
            RegionFilter::Regencies(None) => on_pool!(self, pool => {
                sqlx::query_as(&format!("{SELECT_REGION} WHERE level <> 'province' ORDER BY code"))
                    .fetch_all(pool)
                    .await?
            }),
            RegionFilter::Regencies(Some(parent)) => on_pool!(self, pool => {
                sqlx::query_as(&format!("{SELECT_REGION} WHERE parent_code = $1 ORDER BY code"))
                    .bind(parent.as_str())
                    .fetch_all(pool)
                    .await?
            }),
        };
        rows.into_iter().map(Region::try_from).collect()
    }

    pub async fn region(&self, code: &RegionCode) -> Result<Option<Region>, StorageError> {
        let row: Option<RegionRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!("{SELECT_REGION} WHERE code = $1"))
                .bind(code.as_str())
                .fetch_optional(pool)
                .await?
        });
        row.map(Region::try_from).transpose()
    }

    /// Fails with [`StorageError::UnknownRegion`] when a region is given that the
    /// reference data does not have.
    pub(super) async fn check_region(
        &self,
        region: Option<&RegionCode>,
    ) -> Result<(), StorageError> {
        if let Some(code) = region
            && self.region(code).await?.is_none()
        {
            return Err(StorageError::UnknownRegion(code.clone()));
        }
        Ok(())
    }
}
