//! Materials on disk: uploads (multipart, from the programme page or the API),
//! downloads, and removal.
//!
//! A file is stored once under `<data dir>/materials/<first two hex digits>/<sha256>`,
//! written to a temporary name and renamed, so a half-written file is never served;
//! the same content uploaded twice is stored once. The upload is read chunk by chunk
//! and refused as soon as it passes the configured size, before it is all in memory.

use std::path::{Path, PathBuf};

use axum::extract::{Multipart, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use sha2::{Digest, Sha256};
use simpul::account::{Action, Actor, User};
use simpul::material::{MaterialId, UploadProblem, Visibility, check_upload, clean_file_name};
use simpul::session::SessionId;
use simpul::storage::{MaterialRecord, NewMaterial, StorageError};

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::state::AppState;

/// Where materials live and how large one may be.
#[derive(Debug, Clone)]
pub struct MaterialStore {
    pub dir: PathBuf,
    pub max_bytes: u64,
}

impl MaterialStore {
    fn path_of(&self, sha256: &str) -> PathBuf {
        // Hashes are 64 hex digits; anything shorter (a damaged row) still makes a path.
        self.dir.join(sha256.get(..2).unwrap_or("00")).join(sha256)
    }

    /// Writes content under its hash (once), returning the hex hash.
    async fn put(&self, content: &[u8]) -> std::io::Result<String> {
        let sha256 = hex(&Sha256::digest(content));
        let path = self.path_of(&sha256);
        if tokio::fs::try_exists(&path).await? {
            return Ok(sha256);
        }
        let folder = path.parent().unwrap_or(Path::new("."));
        tokio::fs::create_dir_all(folder).await?;
        let temporary = folder.join(format!(".{sha256}.{}", std::process::id()));
        tokio::fs::write(&temporary, content).await?;
        tokio::fs::rename(&temporary, &path).await?;
        Ok(sha256)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Longest material title, in characters.
const MAX_TITLE: usize = 200;

/// What an upload form sent.
struct Upload {
    title: String,
    visibility: Visibility,
    file_name: String,
    content: Vec<u8>,
}

/// Why an upload did not happen.
enum UploadError {
    File(UploadProblem),
    Title,
    Api(ApiError),
}

impl From<StorageError> for UploadError {
    fn from(error: StorageError) -> Self {
        Self::Api(ApiError::Storage(error))
    }
}

/// Reads the form: `title`, `visibility`, and `file` (read in chunks, refused as soon
/// as it passes the limit).
async fn read_upload(mut form: Multipart, max_bytes: u64) -> Result<Upload, UploadError> {
    let too_large = UploadError::File(UploadProblem::TooLarge {
        max_mb: max_bytes.div_ceil(1024 * 1024),
    });
    let mut upload = Upload {
        title: String::new(),
        visibility: Visibility::Public,
        file_name: String::new(),
        content: Vec::new(),
    };
    let mut has_file = false;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // The body limit (a little above the file limit) ends the stream here.
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large),
            Err(_) => {
                return Err(UploadError::Api(ApiError::bad_request(
                    "body",
                    "is not a multipart form",
                )));
            }
        };
        match field.name() {
            Some("title") => upload.title = field.text().await.unwrap_or_default(),
            Some("visibility") => {
                let raw = field.text().await.unwrap_or_default();
                upload.visibility = Visibility::parse(raw.trim()).ok_or(UploadError::Api(
                    ApiError::bad_request("visibility", "must be public or registrants"),
                ))?;
            }
            Some("file") => {
                has_file = true;
                upload.file_name = field.file_name().unwrap_or_default().to_owned();
                let mut field = field;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if (upload.content.len() + chunk.len()) as u64 > max_bytes {
                                return Err(too_large);
                            }
                            upload.content.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                            return Err(too_large);
                        }
                        Err(_) => {
                            return Err(UploadError::Api(ApiError::bad_request(
                                "file",
                                "could not be read",
                            )));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if !has_file || upload.file_name.is_empty() && upload.content.is_empty() {
        return Err(UploadError::File(UploadProblem::Missing));
    }
    Ok(upload)
}

/// Checks, stores and records an upload for a session.
async fn store_upload(
    state: &AppState,
    user: &User,
    session: SessionId,
    form: Multipart,
) -> Result<MaterialRecord, UploadError> {
    // The session first: nothing is read or stored for a session that is not there.
    state
        .db
        .session(session)
        .await?
        .ok_or(UploadError::Api(ApiError::NotFound("session")))?;
    let store = &state.materials;
    let upload = read_upload(form, store.max_bytes).await?;
    let kind = check_upload(&upload.file_name, &upload.content, store.max_bytes)
        .map_err(UploadError::File)?;
    let file_name = clean_file_name(&upload.file_name, kind);
    let title = match upload.title.trim() {
        "" => file_name
            .rsplit_once('.')
            .map_or(file_name.clone(), |(stem, _)| stem.to_owned()),
        title if title.chars().count() > MAX_TITLE => return Err(UploadError::Title),
        title => title.to_owned(),
    };
    let sha256 = store.put(&upload.content).await.map_err(|error| {
        tracing::error!(%error, "cannot write an uploaded material");
        UploadError::Api(ApiError::Internal)
    })?;
    let new = NewMaterial {
        session,
        title,
        file_name,
        kind,
        size_bytes: upload.content.len() as u64,
        sha256,
        visibility: upload.visibility,
    };
    let id = state
        .db
        .add_material(&new, Actor::from(user), Utc::now())
        .await?;
    state
        .db
        .material(id)
        .await?
        .ok_or(UploadError::Api(ApiError::NotFound("material")))
}

/// The viewer, if they may manage sessions.
fn organizer(viewer: Option<User>) -> Result<User, ApiError> {
    match viewer {
        None => Err(ApiError::Unauthorized),
        Some(user) if user.may(&Action::ManageSessions) => Ok(user),
        Some(_) => Err(ApiError::Forbidden),
    }
}

fn session_id(raw: &str) -> Result<SessionId, ApiError> {
    SessionId::parse(raw)
        .ok_or_else(|| ApiError::bad_request("id", "must be a positive whole number"))
}

/// `POST /organizer/sessions/{id}/materials`: the programme page's upload form. Comes
/// back to the page with `uploaded` or `upload_error=<code>`.
pub async fn upload_form(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Result<Redirect, ApiError> {
    let user = organizer(viewer)?;
    let session = session_id(&id)?;
    let back = format!("/organizer/sessions/{session}/program");
    match store_upload(&state, &user, session, form).await {
        Ok(_) => Ok(Redirect::to(&format!("{back}?uploaded=1"))),
        Err(UploadError::File(problem)) => Ok(Redirect::to(&format!(
            "{back}?upload_error={}",
            problem.code()
        ))),
        Err(UploadError::Title) => Ok(Redirect::to(&format!("{back}?upload_error=title"))),
        Err(UploadError::Api(ApiError::Storage(StorageError::NotEditable(_)))) => {
            Ok(Redirect::to(&back))
        }
        Err(UploadError::Api(error)) => Err(error),
    }
}

/// `POST /api/v1/sessions/{id}/materials`: the same for scripts, answering JSON.
pub async fn upload_api(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Result<(StatusCode, axum::Json<crate::api::MaterialJson>), ApiError> {
    let user = organizer(viewer)?;
    let session = session_id(&id)?;
    match store_upload(&state, &user, session, form).await {
        Ok(record) => Ok((
            StatusCode::CREATED,
            axum::Json(crate::api::MaterialJson::from(&record)),
        )),
        Err(UploadError::File(problem)) => Err(ApiError::Upload(problem)),
        Err(UploadError::Title) => Err(ApiError::bad_request(
            "title",
            "is longer than 200 characters",
        )),
        Err(UploadError::Api(ApiError::Storage(StorageError::NotEditable(status)))) => {
            Err(ApiError::Conflict(format!(
                "the session is {status} and can no longer be changed"
            )))
        }
        Err(UploadError::Api(error)) => Err(error),
    }
}

/// Whether the viewer may download a material: public files of public sessions for
/// anyone; files for registrants of public sessions with the secret of a confirmed
/// registration of that session (from the registrant's private page); everything for
/// organizers and admins.
async fn may_download(
    state: &AppState,
    viewer: Option<&User>,
    material: &MaterialRecord,
    registration: Option<&str>,
) -> Result<bool, StorageError> {
    if viewer.is_some_and(|u| u.may(&Action::ReadDrafts)) {
        return Ok(true);
    }
    let public_session = state
        .db
        .session(material.session)
        .await?
        .is_some_and(|s| s.status.is_public());
    if !public_session {
        return Ok(false);
    }
    if material.visibility == Visibility::Public {
        return Ok(true);
    }
    let Some(secret) = registration else {
        return Ok(false);
    };
    Ok(state
        .db
        .registration_by_token(secret)
        .await?
        .is_some_and(|r| {
            r.session == material.session
                && r.status == simpul::registration::RegistrationStatus::Confirmed
        }))
}

/// The `?registration=` secret of a registrant's download link.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DownloadQuery {
    registration: Option<String>,
}

/// `GET /materials/{id}/{name}`: the file, as an attachment under its name. Anything
/// the viewer may not download answers 404, like an unknown id.
pub async fn download(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    UrlPath((id, _name)): UrlPath<(String, String)>,
    query: Result<axum::extract::Query<DownloadQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let registration = query.ok().and_then(|q| q.0.registration);
    let not_found = ApiError::NotFound("material");
    let id = MaterialId::parse(&id).ok_or(ApiError::NotFound("material"))?;
    let material = state.db.material(id).await?.ok_or(not_found)?;
    if !may_download(&state, viewer.as_ref(), &material, registration.as_deref()).await? {
        return Err(ApiError::NotFound("material"));
    }
    let etag = format!("\"{}\"", material.sha256);
    let cache = if material.visibility == Visibility::Public {
        "public, max-age=3600"
    } else {
        "private, no-store"
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let content = tokio::fs::read(state.materials.path_of(&material.sha256))
        .await
        .map_err(|error| {
            tracing::error!(%error, material = %material.id, "a material's file is missing");
            ApiError::NotFound("material")
        })?;
    let mut response = content.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(material.kind.media_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&material.file_name)) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, value);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// `attachment; filename="Paparan KPU.pdf"; filename*=UTF-8''Paparan%20KPU.pdf`: an
/// ASCII name for old clients and the exact one (RFC 6266) for the rest. Stored names
/// hold no `/`, quote or backslash (`clean_file_name`), so the app's percent-encoding
/// gives a valid RFC 5987 value.
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = simpul_app::layout::url_escape(name);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// `POST /organizer/materials/{id}/remove`: removes the record, and the file when no
/// other record names the same content; back to the programme page.
pub async fn remove(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    UrlPath(id): UrlPath<String>,
) -> Result<Redirect, ApiError> {
    let user = organizer(viewer)?;
    let id = MaterialId::parse(&id).ok_or(ApiError::NotFound("material"))?;
    let removed = state
        .db
        .remove_material(id, Actor::from(&user), Utc::now())
        .await?;
    if !state.db.content_in_use(&removed.sha256).await?
        && let Err(error) = tokio::fs::remove_file(state.materials.path_of(&removed.sha256)).await
    {
        tracing::warn!(%error, "cannot remove a material's file");
    }
    Ok(Redirect::to(&format!(
        "/organizer/sessions/{}/program",
        removed.session
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_given_safely_in_both_forms() {
        assert_eq!(
            content_disposition("Paparan Bawaslu – 2024.pdf"),
            "attachment; filename=\"Paparan Bawaslu _ 2024.pdf\"; filename*=UTF-8''Paparan%20Bawaslu%20%E2%80%93%202024.pdf"
        );
    }

    #[tokio::test]
    async fn the_same_content_is_stored_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = MaterialStore {
            dir: dir.path().to_owned(),
            max_bytes: 1024,
        };
        let a = store.put(b"%PDF-1.7 a").await.expect("store");
        let again = store.put(b"%PDF-1.7 a").await.expect("store again");
        assert_eq!(a, again);
        assert_eq!(a.len(), 64);
        let stored = tokio::fs::read(store.path_of(&a)).await.expect("read back");
        assert_eq!(stored, b"%PDF-1.7 a");
        let files = std::fs::read_dir(dir.path().join(&a[..2]))
            .expect("folder")
            .count();
        assert_eq!(files, 1, "no temporary file left behind");
    }
}
