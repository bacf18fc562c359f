//! The registry of institutions and speakers: seeding the central bodies, adding,
//! renaming and merging institutions, adding and changing speakers, and searching.
//!
//! Search is done in Rust over the search keys ([`crate::speaker::match_score`]): one
//! query reads every speaker's key (5,000 speakers are about 200 KB), which is what
//! makes typo-tolerant matching possible on both databases without extensions
//! (PostgreSQL's `pg_trgm` has no SQLite twin). `BENCHMARKS.md` has the figures.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::audit::{NewAuditEvent, insert_audit};
use super::{Database, StorageError, on_pool};
use crate::account::Actor;
use crate::audit::{AuditAction, SubjectKind};
use crate::region::RegionCode;
use crate::speaker::{
    CENTRAL_INSTITUTIONS, InstitutionDetails, InstitutionId, Matcher, SpeakerDetails, SpeakerId,
    likely_same_person, name_key, text_key,
};

/// An institution in the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionRecord {
    pub id: InstitutionId,
    pub name: String,
    pub region: Option<RegionCode>,
    pub region_name: Option<String>,
    /// One of the seeded central bodies.
    pub central: bool,
    /// Set when merged into another institution (which now holds its speakers).
    pub merged_into: Option<InstitutionId>,
    /// Former names and the names of institutions merged into this one.
    pub aliases: Vec<String>,
    /// Speakers who belong to it now.
    pub speakers: i64,
}

/// A speaker in the registry. `contact` is private to organizers: callers that serve
/// anyone else must leave it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRecord {
    pub id: SpeakerId,
    pub name: String,
    pub position: String,
    pub institution: Option<(InstitutionId, String)>,
    pub contact: Option<String>,
}

#[derive(sqlx::FromRow)]
struct InstitutionRow {
    id: i64,
    name: String,
    region_code: Option<String>,
    region_name: Option<String>,
    central: bool,
    merged_into: Option<i64>,
    speakers: i64,
}

const SELECT_INSTITUTIONS: &str = "SELECT i.id, i.name, i.region_code, r.name AS region_name,
        i.central, i.merged_into,
        (SELECT COUNT(*) FROM speakers sp WHERE sp.institution_id = i.id) AS speakers
     FROM institutions i LEFT JOIN regions r ON r.code = i.region_code";

#[derive(sqlx::FromRow)]
struct SpeakerRow {
    id: i64,
    name: String,
    position: String,
    institution_id: Option<i64>,
    institution_name: Option<String>,
    contact: Option<String>,
}

const SELECT_SPEAKERS: &str = "SELECT sp.id, sp.name, sp.position, sp.institution_id,
        i.name AS institution_name, sp.contact
     FROM speakers sp LEFT JOIN institutions i ON i.id = sp.institution_id";

impl From<SpeakerRow> for SpeakerRecord {
    fn from(row: SpeakerRow) -> Self {
        Self {
            id: SpeakerId(row.id),
            name: row.name,
            position: row.position,
            institution: row
                .institution_id
                .zip(row.institution_name)
                .map(|(id, name)| (InstitutionId(id), name)),
            contact: row.contact,
        }
    }
}

/// A speaker as the audit trail keeps it: the private contact only as "there is one".
fn speaker_snapshot(details: &SpeakerDetails) -> serde_json::Value {
    json!({
        "name": details.name,
        "position": details.position,
        "institution": details.institution,
        "has_contact": details.contact.is_some(),
    })
}

impl Database {
    /// Adds the central institutions that are missing (by name), with their other
    /// names, and fills search keys that an older version left empty. Cheap when
    /// everything is there already; runs at every start.
    pub(super) async fn seed_institutions(&self) -> Result<(), StorageError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (name, aliases) in CENTRAL_INSTITUTIONS {
                sqlx::query(
                    "INSERT INTO institutions (name, central, search_key) VALUES ($1, TRUE, $2)
                     ON CONFLICT (name) DO NOTHING",
                )
                .bind(*name)
                .bind(text_key(name))
                .execute(&mut *tx)
                .await?;
                for alias in *aliases {
                    sqlx::query(
                        "INSERT INTO institution_aliases (name, search_key, institution_id)
                         SELECT $1, $2, id FROM institutions WHERE name = $3
                         ON CONFLICT (name) DO NOTHING",
                    )
                    .bind(*alias)
                    .bind(text_key(alias))
                    .bind(*name)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            let unkeyed: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, name FROM institutions WHERE search_key = ''")
                    .fetch_all(&mut *tx)
                    .await?;
            for (id, name) in unkeyed {
                sqlx::query("UPDATE institutions SET search_key = $1 WHERE id = $2")
                    .bind(text_key(&name))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let unkeyed: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, name FROM speakers WHERE search_key = ''")
                    .fetch_all(&mut *tx)
                    .await?;
            for (id, name) in unkeyed {
                sqlx::query("UPDATE speakers SET search_key = $1 WHERE id = $2")
                    .bind(name_key(&name))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The institutions still in use (merged ones left out), by name.
    pub async fn institutions(&self) -> Result<Vec<InstitutionRecord>, StorageError> {
        let sql = format!("{SELECT_INSTITUTIONS} WHERE i.merged_into IS NULL ORDER BY i.name");
        let rows: Vec<InstitutionRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).fetch_all(pool).await?
        });
        let mut aliases = self.institution_aliases(None).await?;
        rows.into_iter()
            .map(|row| {
                let names = aliases.remove(&row.id).unwrap_or_default();
                institution_record(row, names)
            })
            .collect()
    }

    /// One institution, merged or not.
    pub async fn institution(
        &self,
        id: InstitutionId,
    ) -> Result<Option<InstitutionRecord>, StorageError> {
        let sql = format!("{SELECT_INSTITUTIONS} WHERE i.id = $1");
        let row: Option<InstitutionRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?
        });
        let mut aliases = self.institution_aliases(Some(id)).await?;
        row.map(|row| {
            let names = aliases.remove(&row.id).unwrap_or_default();
            institution_record(row, names)
        })
        .transpose()
    }

    /// Other names by institution: of every institution, or of `only` one.
    async fn institution_aliases(
        &self,
        only: Option<InstitutionId>,
    ) -> Result<HashMap<i64, Vec<String>>, StorageError> {
        let rows: Vec<(i64, String)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT institution_id, name FROM institution_aliases
                 WHERE $1 IS NULL OR institution_id = $1 ORDER BY name",
            )
            .bind(only.map(|i| i.0))
            .fetch_all(pool)
            .await?
        });
        let mut map: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, name) in rows {
            map.entry(id).or_default().push(name);
        }
        Ok(map)
    }

    /// The institution a name means: by its name or one of its other names, any case,
    /// following a merge.
    pub async fn institution_named(
        &self,
        name: &str,
    ) -> Result<Option<InstitutionId>, StorageError> {
        let key = text_key(name);
        if key.is_empty() {
            return Ok(None);
        }
        let found: Option<(i64, Option<i64>)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, merged_into FROM institutions WHERE search_key = $1
                 UNION ALL
                 SELECT i.id, i.merged_into FROM institution_aliases a
                 JOIN institutions i ON i.id = a.institution_id WHERE a.search_key = $1
                 LIMIT 1",
            )
            .bind(&key)
            .fetch_optional(pool)
            .await?
        });
        Ok(found.map(|(id, merged_into)| InstitutionId(merged_into.unwrap_or(id))))
    }

    /// Adds an institution; a name already in use (any case, or as another's former
    /// name) is a duplicate.
    pub async fn create_institution(
        &self,
        details: &InstitutionDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<InstitutionId, StorageError> {
        self.check_region(details.region.as_ref()).await?;
        if self.institution_named(&details.name).await?.is_some() {
            return Err(StorageError::Duplicate("institution"));
        }
        let after = json!({ "name": details.name, "region": details.region.as_ref().map(|r| r.to_string()) });
        let id: i64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO institutions (name, region_code, search_key) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(&details.name)
            .bind(details.region.as_ref().map(|r| r.as_str().to_owned()))
            .bind(text_key(&details.name))
            .fetch_one(&mut *tx)
            .await?;
            let event = NewAuditEvent::about(SubjectKind::Institution, id, AuditAction::InstitutionCreated, by, now, None, Some(after));
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            id
        });
        Ok(InstitutionId(id))
    }

    /// Renames an institution and sets its region; the old name stays as another name
    /// it is found by, so speakers' history and searches keep working.
    pub async fn rename_institution(
        &self,
        id: InstitutionId,
        details: &InstitutionDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.check_region(details.region.as_ref()).await?;
        let current = self
            .institution(id)
            .await?
            .filter(|i| i.merged_into.is_none())
            .ok_or(StorageError::NotFound)?;
        if let Some(other) = self.institution_named(&details.name).await?
            && other != id
        {
            return Err(StorageError::Duplicate("institution"));
        }
        let renamed = current.name != details.name;
        let event = NewAuditEvent::about(
            SubjectKind::Institution,
            id.0,
            AuditAction::InstitutionRenamed,
            by,
            now,
            Some(
                json!({ "name": current.name, "region": current.region.as_ref().map(|r| r.to_string()) }),
            ),
            Some(
                json!({ "name": details.name, "region": details.region.as_ref().map(|r| r.to_string()) }),
            ),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE institutions SET name = $1, search_key = $2, region_code = $3 WHERE id = $4")
                .bind(&details.name)
                .bind(text_key(&details.name))
                .bind(details.region.as_ref().map(|r| r.as_str().to_owned()))
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            if renamed {
                // The new name may have been a former name: it is the name now.
                sqlx::query("DELETE FROM institution_aliases WHERE search_key = $1")
                    .bind(text_key(&details.name))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO institution_aliases (name, search_key, institution_id) VALUES ($1, $2, $3)
                     ON CONFLICT (name) DO UPDATE SET institution_id = excluded.institution_id",
                )
                .bind(&current.name)
                .bind(text_key(&current.name))
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            }
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Merges `from` into `into`: its speakers move, its name and other names become
    /// other names of `into`, and `from` stays, marked as merged, so nothing that
    /// pointed at it is lost.
    pub async fn merge_institution(
        &self,
        from: InstitutionId,
        into: InstitutionId,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        if from == into {
            return Err(StorageError::Duplicate("institution"));
        }
        let source = self
            .institution(from)
            .await?
            .filter(|i| i.merged_into.is_none())
            .ok_or(StorageError::NotFound)?;
        let target = self
            .institution(into)
            .await?
            .filter(|i| i.merged_into.is_none())
            .ok_or(StorageError::NotFound)?;
        let event = NewAuditEvent::about(
            SubjectKind::Institution,
            from.0,
            AuditAction::InstitutionMerged,
            by,
            now,
            Some(json!({ "name": source.name, "speakers": source.speakers })),
            Some(json!({ "merged_into": into.0, "into_name": target.name })),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE speakers SET institution_id = $1 WHERE institution_id = $2")
                .bind(into.0)
                .bind(from.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE institution_aliases SET institution_id = $1 WHERE institution_id = $2")
                .bind(into.0)
                .bind(from.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO institution_aliases (name, search_key, institution_id) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET institution_id = excluded.institution_id",
            )
            .bind(&source.name)
            .bind(text_key(&source.name))
            .bind(into.0)
            .execute(&mut *tx)
            .await?;
            // Its own key is cleared so that its name finds the target, not itself.
            sqlx::query("UPDATE institutions SET merged_into = $1, search_key = '-' WHERE id = $2")
                .bind(into.0)
                .bind(from.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The institution of a speaker form: found by name (or other name), or created
    /// as a regional office with the given region.
    async fn resolve_institution(
        &self,
        details: &SpeakerDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<InstitutionId>, StorageError> {
        let Some(name) = &details.institution else {
            return Ok(None);
        };
        if let Some(id) = self.institution_named(name).await? {
            return Ok(Some(id));
        }
        let new = InstitutionDetails {
            name: name.clone(),
            region: details.institution_region.clone(),
        };
        self.create_institution(&new, by, now).await.map(Some)
    }

    /// Adds a speaker to the registry (their institution too, when new).
    pub async fn create_speaker(
        &self,
        details: &SpeakerDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<SpeakerId, StorageError> {
        let institution = self.resolve_institution(details, by, now).await?;
        let after = speaker_snapshot(details);
        let id: i64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO speakers (name, position, institution_id, contact, search_key)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&details.name)
            .bind(&details.position)
            .bind(institution.map(|i| i.0))
            .bind(details.contact.as_deref())
            .bind(name_key(&details.name))
            .fetch_one(&mut *tx)
            .await?;
            let event = NewAuditEvent::about(SubjectKind::Speaker, id, AuditAction::SpeakerCreated, by, now, None, Some(after));
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            id
        });
        Ok(SpeakerId(id))
    }

    /// Changes a speaker's name, position, institution or contact.
    pub async fn update_speaker(
        &self,
        id: SpeakerId,
        details: &SpeakerDetails,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let current = self.speaker(id).await?.ok_or(StorageError::NotFound)?;
        let institution = self.resolve_institution(details, by, now).await?;
        let before = speaker_snapshot(&SpeakerDetails {
            name: current.name,
            position: current.position,
            institution: current.institution.map(|(_, name)| name),
            institution_region: None,
            contact: current.contact,
        });
        let event = NewAuditEvent::about(
            SubjectKind::Speaker,
            id.0,
            AuditAction::SpeakerChanged,
            by,
            now,
            Some(before),
            Some(speaker_snapshot(details)),
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE speakers SET name = $1, position = $2, institution_id = $3, contact = $4,
                     search_key = $5 WHERE id = $6",
            )
            .bind(&details.name)
            .bind(&details.position)
            .bind(institution.map(|i| i.0))
            .bind(details.contact.as_deref())
            .bind(name_key(&details.name))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn speaker(&self, id: SpeakerId) -> Result<Option<SpeakerRecord>, StorageError> {
        let sql = format!("{SELECT_SPEAKERS} WHERE sp.id = $1");
        let row: Option<SpeakerRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?
        });
        Ok(row.map(SpeakerRecord::from))
    }

    /// Every speaker, by name.
    pub async fn all_speakers(&self) -> Result<Vec<SpeakerRecord>, StorageError> {
        let sql = format!("{SELECT_SPEAKERS} ORDER BY sp.name, sp.id");
        let rows: Vec<SpeakerRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(SpeakerRecord::from).collect())
    }

    /// Speakers in the given order of ids (those that exist).
    async fn speakers_by_ids(&self, ids: &[i64]) -> Result<Vec<SpeakerRecord>, StorageError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<SpeakerRow> = on_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(SELECT_SPEAKERS);
            query.push(" WHERE sp.id IN (");
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            query.push(")");
            query.build_query_as().fetch_all(pool).await?
        });
        let mut by_id: HashMap<i64, SpeakerRecord> = rows
            .into_iter()
            .map(|row| (row.id, SpeakerRecord::from(row)))
            .collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// The speakers of an institution, by name.
    pub async fn institution_speakers(
        &self,
        id: InstitutionId,
    ) -> Result<Vec<SpeakerRecord>, StorageError> {
        let sql = format!("{SELECT_SPEAKERS} WHERE sp.institution_id = $1 ORDER BY sp.name");
        let rows: Vec<SpeakerRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(SpeakerRecord::from).collect())
    }

    /// Speakers whose name or institution (or one of its other names) matches the
    /// query by prefix or with a typo or two, best first; at most `limit`.
    pub async fn search_speakers(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<SpeakerRecord>, StorageError> {
        let mut matcher = Matcher::new(query);
        if matcher.is_empty() {
            return Ok(Vec::new());
        }
        let institution_keys = self.institution_search_keys().await?;
        let mut scored: Vec<(u32, String, i64)> = self
            .speaker_search_keys()
            .await?
            .into_iter()
            .filter_map(|(id, key, institution)| {
                let institution_key = institution
                    .and_then(|i| institution_keys.get(&i))
                    .map(String::as_str)
                    .unwrap_or_default();
                // Equal scores go in the order of the names' own words.
                matcher
                    .score(&[&key, institution_key])
                    .map(|score| (score, key, id))
            })
            .collect();
        scored.sort();
        scored.truncate(limit);
        let ids: Vec<i64> = scored.into_iter().map(|(_, _, id)| id).collect();
        self.speakers_by_ids(&ids).await
    }

    /// Every speaker's id, search key and institution, read as one text value: one row
    /// instead of thousands, which makes the search several times faster on SQLite,
    /// whose driver pays for each row. (Keys hold only letters, digits and spaces, so
    /// tabs and line ends separate them safely.)
    async fn speaker_search_keys(&self) -> Result<Vec<(i64, String, Option<i64>)>, StorageError> {
        let packed: Option<String> = match self {
            Database::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT group_concat(id || char(9) || search_key || char(9) || COALESCE(institution_id, ''), char(10))
                     FROM speakers",
                )
                .fetch_one(pool)
                .await?
            }
            Database::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT string_agg(id || E'\\t' || search_key || E'\\t' || COALESCE(institution_id::text, ''), E'\\n')
                     FROM speakers",
                )
                .fetch_one(pool)
                .await?
            }
        };
        let packed = packed.unwrap_or_default();
        packed
            .lines()
            .map(|line| {
                let mut fields = line.split('\t');
                let corrupt = || StorageError::CorruptRow(format!("speaker search key {line}"));
                let id = fields
                    .next()
                    .and_then(|f| f.parse().ok())
                    .ok_or_else(corrupt)?;
                let key = fields.next().ok_or_else(corrupt)?.to_owned();
                let institution = fields.next().and_then(|f| f.parse().ok());
                Ok((id, key, institution))
            })
            .collect()
    }

    /// Each institution's words for search: its name and its other names.
    async fn institution_search_keys(&self) -> Result<HashMap<i64, String>, StorageError> {
        let rows: Vec<(i64, String)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, search_key FROM institutions WHERE merged_into IS NULL
                 UNION ALL SELECT institution_id, search_key FROM institution_aliases",
            )
            .fetch_all(pool)
            .await?
        });
        let mut keys: HashMap<i64, String> = HashMap::new();
        for (id, key) in rows {
            let entry = keys.entry(id).or_default();
            entry.push(' ');
            entry.push_str(&key);
        }
        Ok(keys)
    }

    /// Speakers who are probably the same person as `name` (the duplicate warning
    /// when adding one), leaving out `except`.
    pub async fn similar_speakers(
        &self,
        name: &str,
        except: Option<SpeakerId>,
    ) -> Result<Vec<SpeakerRecord>, StorageError> {
        let key = name_key(name);
        let all: Vec<(i64, String)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT id, search_key FROM speakers ORDER BY id")
                .fetch_all(pool)
                .await?
        });
        let ids: Vec<i64> = all
            .into_iter()
            .filter(|(id, other)| Some(SpeakerId(*id)) != except && likely_same_person(&key, other))
            .map(|(id, _)| id)
            .take(10)
            .collect();
        self.speakers_by_ids(&ids).await
    }
}

fn institution_record(
    row: InstitutionRow,
    aliases: Vec<String>,
) -> Result<InstitutionRecord, StorageError> {
    let region = row
        .region_code
        .as_deref()
        .map(RegionCode::parse)
        .transpose()
        .map_err(|_| StorageError::CorruptRow(format!("institution {}", row.id)))?;
    Ok(InstitutionRecord {
        id: InstitutionId(row.id),
        name: row.name,
        region,
        region_name: row.region_name,
        central: row.central,
        merged_into: row.merged_into.map(InstitutionId),
        aliases,
        speakers: row.speakers,
    })
}
