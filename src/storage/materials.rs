//! Materials' records. The files themselves live on disk, named by their SHA-256
//! (the server's `materials` module writes and reads them); a row says which session
//! a file belongs to, under which name, and who may download it.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::audit::insert_audit;
use super::sessions::session_event;
use super::{Database, IN_LIST_MAX, StorageError, on_pool};
use crate::account::{Actor, UserId};
use crate::audit::AuditAction;
use crate::material::{MaterialId, MaterialKind, Visibility};
use crate::session::SessionId;

/// A material about to be recorded (its file already stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMaterial {
    pub session: SessionId,
    pub title: String,
    pub file_name: String,
    pub kind: MaterialKind,
    pub size_bytes: u64,
    /// Hex SHA-256 of the content: the file's name on disk.
    pub sha256: String,
    pub visibility: Visibility,
}

/// A stored material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialRecord {
    pub id: MaterialId,
    pub session: SessionId,
    pub title: String,
    pub file_name: String,
    pub kind: MaterialKind,
    pub size_bytes: u64,
    pub sha256: String,
    pub visibility: Visibility,
    pub uploaded_by: Option<UserId>,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct MaterialRow {
    id: i64,
    session_id: i64,
    title: String,
    file_name: String,
    kind: String,
    size_bytes: i64,
    sha256: String,
    visibility: String,
    uploaded_by: Option<i64>,
    uploaded_at: DateTime<Utc>,
}

const SELECT_MATERIALS: &str = "SELECT id, session_id, title, file_name, kind, size_bytes, sha256,
        visibility, uploaded_by, uploaded_at FROM materials";

impl TryFrom<MaterialRow> for MaterialRecord {
    type Error = StorageError;
    fn try_from(row: MaterialRow) -> Result<Self, Self::Error> {
        let corrupt = || StorageError::CorruptRow(format!("material {}", row.id));
        Ok(Self {
            id: MaterialId(row.id),
            session: SessionId(row.session_id),
            kind: MaterialKind::parse(&row.kind).ok_or_else(corrupt)?,
            visibility: Visibility::parse(&row.visibility).ok_or_else(corrupt)?,
            size_bytes: u64::try_from(row.size_bytes).map_err(|_| corrupt())?,
            title: row.title,
            file_name: row.file_name,
            sha256: row.sha256,
            uploaded_by: row.uploaded_by.map(UserId),
            uploaded_at: row.uploaded_at,
        })
    }
}

impl Database {
    /// Records an uploaded material of a session that can still be changed.
    pub async fn add_material(
        &self,
        new: &NewMaterial,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<MaterialId, StorageError> {
        self.editable_session(new.session).await?;
        let event = session_event(
            new.session,
            AuditAction::MaterialAdded,
            by,
            now,
            None,
            Some(json!({
                "title": new.title, "file_name": new.file_name, "kind": new.kind.as_str(),
                "size_bytes": new.size_bytes, "sha256": new.sha256,
                "visibility": new.visibility.as_str(),
            })),
        );
        let size =
            i64::try_from(new.size_bytes).map_err(|_| StorageError::CorruptRow("size".into()))?;
        let id: i64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO materials (session_id, title, file_name, kind, size_bytes, sha256, visibility, uploaded_by, uploaded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(new.session.0)
            .bind(&new.title)
            .bind(&new.file_name)
            .bind(new.kind.as_str())
            .bind(size)
            .bind(&new.sha256)
            .bind(new.visibility.as_str())
            .bind(by.user().map(|u| u.0))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
            id
        });
        Ok(MaterialId(id))
    }

    pub async fn material(&self, id: MaterialId) -> Result<Option<MaterialRecord>, StorageError> {
        let sql = format!("{SELECT_MATERIALS} WHERE id = $1");
        let row: Option<MaterialRow> = on_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?
        });
        row.map(MaterialRecord::try_from).transpose()
    }

    /// A session's materials in upload order.
    pub async fn materials(&self, session: SessionId) -> Result<Vec<MaterialRecord>, StorageError> {
        Ok(self
            .materials_of_sessions(&[session])
            .await?
            .remove(&session)
            .unwrap_or_default())
    }

    /// The materials of several sessions at once, by session, in upload order.
    pub async fn materials_of_sessions(
        &self,
        sessions: &[SessionId],
    ) -> Result<std::collections::HashMap<SessionId, Vec<MaterialRecord>>, StorageError> {
        let mut by_session: std::collections::HashMap<SessionId, Vec<MaterialRecord>> =
            std::collections::HashMap::new();
        for chunk in sessions.chunks(IN_LIST_MAX) {
            let rows: Vec<MaterialRow> = on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(SELECT_MATERIALS);
                query.push(" WHERE session_id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(id.0);
                }
                query.push(") ORDER BY uploaded_at, id");
                query.build_query_as().fetch_all(pool).await?
            });
            for row in rows {
                let record = MaterialRecord::try_from(row)?;
                by_session.entry(record.session).or_default().push(record);
            }
        }
        Ok(by_session)
    }

    /// Removes a material's record. The file stays on disk while another record
    /// names the same content; the caller removes it when none does.
    pub async fn remove_material(
        &self,
        id: MaterialId,
        by: Actor,
        now: DateTime<Utc>,
    ) -> Result<MaterialRecord, StorageError> {
        let material = self.material(id).await?.ok_or(StorageError::NotFound)?;
        let event = session_event(
            material.session,
            AuditAction::MaterialRemoved,
            by,
            now,
            Some(
                json!({ "title": material.title, "file_name": material.file_name, "sha256": material.sha256 }),
            ),
            None,
        );
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM materials WHERE id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &event)?;
            tx.commit().await?;
        });
        Ok(material)
    }

    /// Whether any material still names this content.
    pub async fn content_in_use(&self, sha256: &str) -> Result<bool, StorageError> {
        let count: i64 = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM materials WHERE sha256 = $1")
                .bind(sha256)
                .fetch_one(pool)
                .await?
        });
        Ok(count > 0)
    }
}
