//! Provinces and regencies/cities, identified by their Kemendagri codes.
//!
//! The reference data (38 provinces, 514 regencies and cities, each province's legal
//! time zone) is carried in `src/region/data/` with its ODbL notice and compiled into
//! the binary, so a new database can be seeded without any file next to the server.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::zone::Zone;

/// A Kemendagri region code: `32` (a province) or `32.12` (a regency or city).
///
/// Only the shape is checked here; whether the region exists is a question for the
/// reference data ([`reference_regions`]) or the database.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

/// Why a region code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a region code is two digits (32) or two digits, a dot and two digits (32.12)")]
pub struct InvalidRegionCode;

impl RegionCode {
    /// Parses `32` or `32.12` (surrounding white space is ignored).
    pub fn parse(raw: &str) -> Result<Self, InvalidRegionCode> {
        let raw = raw.trim();
        let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        let valid = match raw.split_once('.') {
            None => two_digits(raw),
            Some((province, regency)) => two_digits(province) && two_digits(regency),
        };
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidRegionCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level a code of this shape names: provinces have no dot.
    pub fn is_province(&self) -> bool {
        !self.0.contains('.')
    }

    /// The province this code belongs to (itself for a province).
    pub fn province(&self) -> RegionCode {
        match self.0.split_once('.') {
            Some((province, _)) => RegionCode(province.to_owned()),
            None => self.clone(),
        }
    }
}

impl TryFrom<String> for RegionCode {
    type Error = InvalidRegionCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(code: RegionCode) -> Self {
        code.0
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Province, kabupaten (regency) or kota (city).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    Kabupaten,
    Kota,
}

impl RegionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Kabupaten => "kabupaten",
            Self::Kota => "kota",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "province" => Some(Self::Province),
            "kabupaten" => Some(Self::Kabupaten),
            "kota" => Some(Self::Kota),
            _ => None,
        }
    }
}

/// A province, regency or city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    /// The province of a regency or city; `None` for a province.
    pub parent: Option<RegionCode>,
    pub zone: Zone,
}

/// Why the bundled reference data could not be read (a build with broken data).
#[derive(Debug, thiserror::Error)]
pub enum ReferenceDataError {
    #[error("{file} line {line}: {problem}")]
    Row {
        file: &'static str,
        line: usize,
        problem: String,
    },
}

const PROVINCES_CSV: &str = include_str!("region/data/provinces.csv");
const REGENCIES_CSV: &str = include_str!("region/data/regencies.csv");
const ZONES_CSV: &str = include_str!("region/data/province-timezones.csv");

/// All 38 provinces followed by all 514 regencies and cities, from the bundled data.
///
/// Plain `split(',')` suffices: the bundled files have no quoted fields (a test checks
/// every row), and keeping the CSV reader out of this function lets the domain crate
/// stay light in the browser.
pub fn reference_regions() -> Result<Vec<Region>, ReferenceDataError> {
    let row_error = |file, line, problem: &str| ReferenceDataError::Row {
        file,
        line,
        problem: problem.to_owned(),
    };
    let rows = |text: &'static str| {
        text.lines()
            .enumerate()
            .skip(1)
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                (
                    i + 1,
                    l.trim_end_matches('\r').split(',').collect::<Vec<_>>(),
                )
            })
    };

    let mut zones = std::collections::HashMap::new();
    for (line, cols) in rows(ZONES_CSV) {
        let [code, tz, _abbr] = cols[..] else {
            return Err(row_error(
                "province-timezones.csv",
                line,
                "expected 3 columns",
            ));
        };
        let zone = Zone::from_iana(tz)
            .ok_or_else(|| row_error("province-timezones.csv", line, "unknown time zone"))?;
        zones.insert(code.to_owned(), zone);
    }

    let mut regions = Vec::with_capacity(552);
    for (line, cols) in rows(PROVINCES_CSV) {
        let [code, name] = cols[..] else {
            return Err(row_error("provinces.csv", line, "expected 2 columns"));
        };
        let code = RegionCode::parse(code)
            .map_err(|_| row_error("provinces.csv", line, "bad region code"))?;
        let zone = *zones
            .get(code.as_str())
            .ok_or_else(|| row_error("provinces.csv", line, "province has no time zone"))?;
        regions.push(Region {
            code,
            name: name.to_owned(),
            level: RegionLevel::Province,
            parent: None,
            zone,
        });
    }
    for (line, cols) in rows(REGENCIES_CSV) {
        let [code, province, name] = cols[..] else {
            return Err(row_error("regencies.csv", line, "expected 3 columns"));
        };
        let code = RegionCode::parse(code)
            .map_err(|_| row_error("regencies.csv", line, "bad region code"))?;
        let parent = RegionCode::parse(province)
            .map_err(|_| row_error("regencies.csv", line, "bad province code"))?;
        // Every province lies in one legal time zone, so its regencies share it.
        let zone = *zones
            .get(parent.as_str())
            .ok_or_else(|| row_error("regencies.csv", line, "unknown province"))?;
        let level = if name.starts_with("Kota ") {
            RegionLevel::Kota
        } else {
            RegionLevel::Kabupaten
        };
        regions.push(Region {
            code,
            name: name.to_owned(),
            level,
            parent: Some(parent),
            zone,
        });
    }
    Ok(regions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_province_and_regency_codes() {
        let jabar = RegionCode::parse("32").expect("province code");
        assert!(jabar.is_province());
        let indramayu = RegionCode::parse(" 32.12 ").expect("regency code");
        assert!(!indramayu.is_province());
        assert_eq!(indramayu.as_str(), "32.12");
        assert_eq!(indramayu.province(), jabar);
    }

    #[test]
    fn refuses_malformed_codes() {
        for bad in [
            "", "3", "321", "32.", "32.1", "32.123", "3a", "32,12", "32.12.01", "ab.cd",
        ] {
            assert_eq!(RegionCode::parse(bad), Err(InvalidRegionCode), "{bad:?}");
        }
    }

    #[test]
    fn reference_data_is_complete() {
        let regions = reference_regions().expect("bundled data parses");
        let provinces = regions
            .iter()
            .filter(|r| r.level == RegionLevel::Province)
            .count();
        let kabupaten = regions
            .iter()
            .filter(|r| r.level == RegionLevel::Kabupaten)
            .count();
        let kota = regions
            .iter()
            .filter(|r| r.level == RegionLevel::Kota)
            .count();
        assert_eq!((provinces, kabupaten, kota), (38, 416, 98));
        let mut codes: Vec<_> = regions.iter().map(|r| r.code.clone()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 552, "codes are unique");
    }

    #[test]
    fn reference_data_has_the_right_zones_and_parents() {
        let regions = reference_regions().expect("bundled data parses");
        let find = |code: &str| {
            regions
                .iter()
                .find(|r| r.code.as_str() == code)
                .unwrap_or_else(|| panic!("{code} missing"))
        };
        assert_eq!(find("32").name, "Jawa Barat");
        assert_eq!(find("32").zone, Zone::Wib);
        let indramayu = find("32.12");
        assert_eq!(indramayu.name, "Kabupaten Indramayu");
        assert_eq!(
            indramayu.parent.as_ref().map(RegionCode::as_str),
            Some("32")
        );
        assert_eq!(find("73").zone, Zone::Wita, "Sulawesi Selatan");
        assert_eq!(find("91").zone, Zone::Wit, "Papua");
        assert_eq!(find("17.04").name, "Kabupaten Kaur");
        assert_eq!(find("62").name, "Kalimantan Tengah");
    }

    #[test]
    fn bundled_files_have_no_quoted_fields() {
        for text in [PROVINCES_CSV, REGENCIES_CSV, ZONES_CSV] {
            assert!(!text.contains('"'), "the simple reader assumes no quoting");
        }
    }
}
