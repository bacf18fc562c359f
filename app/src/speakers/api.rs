//! What the speaker and institution pages receive, and the server functions that send
//! it. Public pages get names, positions and institutions only; the private contact
//! is read and written by organizers (and admins) alone.

use serde::{Deserialize, Serialize};
use simpul::session::SpeakerRole;
use simpul::speaker::SpeakerForm;

use leptos::server;
use leptos::server_fn::ServerFnError;

use crate::sessions::api::SessionCard;

/// A speaker in a list. `contact` is only filled for organizers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerLine {
    pub id: i64,
    pub name: String,
    pub position: String,
    pub institution: Option<(i64, String)>,
    pub contact: Option<String>,
}

/// A session a speaker takes part in, with their part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appearance {
    pub card: SessionCard,
    pub role: SpeakerRole,
    pub topic: String,
}

/// A speaker's public page: their confirmed parts in public sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerPage {
    pub speaker: SpeakerLine,
    pub upcoming: Vec<Appearance>,
    pub past: Vec<Appearance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionLine {
    pub id: i64,
    pub name: String,
    pub region: Option<String>,
    pub region_name: Option<String>,
    pub central: bool,
    pub speakers: i64,
    pub aliases: Vec<String>,
}

/// An institution's public page: appearances of its speakers per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionPage {
    pub institution: InstitutionLine,
    /// The institution it was merged into, if it was.
    pub merged_into: Option<(i64, String)>,
    /// (year, sessions its speakers spoke at), newest year first.
    pub per_year: Vec<(i32, usize)>,
    pub speakers: Vec<SpeakerLine>,
    /// Its appearances, newest first.
    pub sessions: Vec<SessionCard>,
}

/// What saving a speaker led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpeakerOutcome {
    Saved {
        id: i64,
    },
    /// Nothing saved: (field, message) for each problem.
    Invalid(Vec<(String, String)>),
    /// Nothing saved yet: these may be the same person. Saving again with
    /// `accept_duplicate` adds the speaker anyway.
    PossibleDuplicates(Vec<SpeakerLine>),
}

/// What saving or merging an institution led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstitutionOutcome {
    Saved { id: i64 },
    Invalid(Vec<(String, String)>),
}

/// Most speakers a search lists.
pub const SEARCH_LIMIT: usize = 50;

#[server]
pub async fn load_speaker_page(id: i64) -> Result<Option<SpeakerPage>, ServerFnError> {
    backend::speaker_page(&backend::db()?, id, backend::language(), chrono::Utc::now())
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_institutions() -> Result<Vec<InstitutionLine>, ServerFnError> {
    backend::institutions(&backend::db()?)
        .await
        .map_err(backend::internal)
}

#[server]
pub async fn load_institution_page(id: i64) -> Result<Option<InstitutionPage>, ServerFnError> {
    backend::institution_page(&backend::db()?, id, backend::language())
        .await
        .map_err(backend::internal)
}

/// Organizers: what the registry's forms choose from (institutions, regions). Also
/// the registry pages' guard: only organizers and admins get past it.
#[server(endpoint = "speakers/choices")]
pub async fn load_registry_choices() -> Result<
    (
        Vec<InstitutionLine>,
        Vec<crate::sessions::api::RegionOption>,
    ),
    ServerFnError,
> {
    backend::require(&simpul::account::Action::ManageSessions)?;
    let db = backend::db()?;
    let institutions = backend::institutions(&db)
        .await
        .map_err(backend::internal)?;
    let regions = crate::sessions::api::backend::region_options(&db, false)
        .await
        .map_err(backend::internal)?;
    Ok((institutions, regions))
}

/// Organizers: the registry, searched by name or institution (typos allowed).
#[server(endpoint = "speakers/search")]
pub async fn search_speakers(query: String) -> Result<Vec<SpeakerLine>, ServerFnError> {
    backend::require(&simpul::account::Action::ManageSessions)?;
    backend::search(&backend::db()?, &query, true)
        .await
        .map_err(backend::internal)
}

/// Organizers: a speaker's form, with the private contact.
#[server(endpoint = "speakers/form")]
pub async fn load_speaker_form(
    id: i64,
) -> Result<Option<(SpeakerLine, SpeakerForm)>, ServerFnError> {
    backend::require(&simpul::account::Action::ManageSessions)?;
    backend::speaker_form(&backend::db()?, id)
        .await
        .map_err(backend::internal)
}

/// Organizers: adds a speaker (no `id`) or changes one.
#[server(endpoint = "speakers/save")]
pub async fn save_speaker(
    id: Option<i64>,
    form: SpeakerForm,
    accept_duplicate: Option<String>,
) -> Result<SpeakerOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    backend::save_speaker(
        &backend::db()?,
        id,
        &form,
        accept_duplicate.is_some(),
        simpul::account::Actor::from(&user),
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

/// Organizers: adds an institution (no `id`) or renames one and sets its region.
#[server(endpoint = "institutions/save")]
pub async fn save_institution(
    id: Option<i64>,
    name: String,
    region: String,
) -> Result<InstitutionOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    backend::save_institution(
        &backend::db()?,
        id,
        &name,
        &region,
        simpul::account::Actor::from(&user),
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

/// Organizers: merges one institution into another.
#[server(endpoint = "institutions/merge")]
pub async fn merge_institutions(from: i64, into: i64) -> Result<InstitutionOutcome, ServerFnError> {
    let user = backend::require(&simpul::account::Action::ManageSessions)?;
    backend::merge(
        &backend::db()?,
        from,
        into,
        simpul::account::Actor::from(&user),
        backend::language(),
    )
    .await
    .map_err(backend::internal)
}

#[cfg(feature = "ssr")]
pub mod backend {
    use chrono::{DateTime, Datelike, Utc};
    use simpul::Language;
    use simpul::account::Actor;
    use simpul::session::{InvitationStatus, SessionFilter, SessionStatus};
    use simpul::speaker::{InstitutionField, InstitutionId, SpeakerId, validate_institution};
    use simpul::storage::{Database, InstitutionRecord, SpeakerRecord, StorageError};
    use simpul::validation::{Problem, ValidationErrors};

    use super::*;
    use crate::i18n::{I18n, translate};
    use crate::sessions::api::backend::card;
    pub use crate::sessions::api::backend::{db, internal, language, require};
    use crate::sessions::labels;

    pub fn speaker_line(record: SpeakerRecord, with_contact: bool) -> SpeakerLine {
        SpeakerLine {
            id: record.id.0,
            name: record.name,
            position: record.position,
            institution: record.institution.map(|(id, name)| (id.0, name)),
            contact: record.contact.filter(|_| with_contact),
        }
    }

    pub fn institution_line(record: InstitutionRecord) -> InstitutionLine {
        InstitutionLine {
            id: record.id.0,
            name: record.name,
            region: record.region.map(|r| r.to_string()),
            region_name: record.region_name,
            central: record.central,
            speakers: record.speakers,
            aliases: record.aliases,
        }
    }

    /// Problems as (field, sentence in the reader's language).
    pub fn messages<F: Copy + PartialEq>(
        errors: ValidationErrors<F>,
        name: impl Fn(F) -> &'static str,
        language: Language,
    ) -> Vec<(String, String)> {
        let i18n = I18n { language };
        errors
            .into_iter()
            .map(|e| (name(e.field).to_owned(), labels::problem(i18n, e.problem)))
            .collect()
    }

    pub async fn speaker_page(
        db: &Database,
        id: i64,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<Option<SpeakerPage>, StorageError> {
        let Some(record) = db.speaker(SpeakerId(id)).await? else {
            return Ok(None);
        };
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for (session, part) in db.speaker_appearances(record.id).await? {
            let appearance = Appearance {
                card: card(&session, language),
                role: part.role,
                topic: part.topic,
            };
            if session.details.time.end() > now {
                upcoming.push(appearance);
            } else {
                past.push(appearance);
            }
        }
        past.reverse();
        Ok(Some(SpeakerPage {
            speaker: speaker_line(record, false),
            upcoming,
            past,
        }))
    }

    pub async fn institutions(db: &Database) -> Result<Vec<InstitutionLine>, StorageError> {
        Ok(db
            .institutions()
            .await?
            .into_iter()
            .map(institution_line)
            .collect())
    }

    pub async fn institution_page(
        db: &Database,
        id: i64,
        language: Language,
    ) -> Result<Option<InstitutionPage>, StorageError> {
        let Some(record) = db.institution(InstitutionId(id)).await? else {
            return Ok(None);
        };
        let merged_into = match record.merged_into {
            Some(target) => db.institution(target).await?.map(|t| (t.id.0, t.name)),
            None => None,
        };
        let filter = SessionFilter {
            institution: Some(record.id),
            answers: vec![InvitationStatus::Confirmed],
            statuses: SessionStatus::PUBLIC.to_vec(),
            newest_first: true,
            ..SessionFilter::default()
        };
        let sessions = db.sessions(&filter).await?;
        let mut per_year: Vec<(i32, usize)> = Vec::new();
        for session in &sessions {
            let year = session
                .details
                .zone
                .local(session.details.time.start())
                .year();
            match per_year.iter_mut().find(|(y, _)| *y == year) {
                Some((_, count)) => *count += 1,
                None => per_year.push((year, 1)),
            }
        }
        per_year.sort_by_key(|(year, _)| std::cmp::Reverse(*year));
        let speakers = db
            .institution_speakers(record.id)
            .await?
            .into_iter()
            .map(|s| speaker_line(s, false))
            .collect();
        Ok(Some(InstitutionPage {
            institution: institution_line(record),
            merged_into,
            per_year,
            speakers,
            sessions: sessions.iter().map(|s| card(s, language)).collect(),
        }))
    }

    pub async fn search(
        db: &Database,
        query: &str,
        with_contact: bool,
    ) -> Result<Vec<SpeakerLine>, StorageError> {
        Ok(db
            .search_speakers(query, SEARCH_LIMIT)
            .await?
            .into_iter()
            .map(|s| speaker_line(s, with_contact))
            .collect())
    }

    pub async fn speaker_form(
        db: &Database,
        id: i64,
    ) -> Result<Option<(SpeakerLine, SpeakerForm)>, StorageError> {
        Ok(db.speaker(SpeakerId(id)).await?.map(|record| {
            let form = SpeakerForm {
                name: record.name.clone(),
                position: record.position.clone(),
                institution: record
                    .institution
                    .as_ref()
                    .map(|(_, name)| name.clone())
                    .unwrap_or_default(),
                institution_region: String::new(),
                contact: record.contact.clone().unwrap_or_default(),
            };
            (speaker_line(record, true), form)
        }))
    }

    pub async fn save_speaker(
        db: &Database,
        id: Option<i64>,
        form: &SpeakerForm,
        accept_duplicate: bool,
        by: Actor,
        language: Language,
    ) -> Result<SpeakerOutcome, StorageError> {
        let details = match form.validate() {
            Ok(details) => details,
            Err(errors) => {
                return Ok(SpeakerOutcome::Invalid(messages(
                    errors,
                    |f| f.as_str(),
                    language,
                )));
            }
        };
        let now = Utc::now();
        if !accept_duplicate {
            let similar = db
                .similar_speakers(&details.name, id.map(SpeakerId))
                .await?;
            if !similar.is_empty() {
                return Ok(SpeakerOutcome::PossibleDuplicates(
                    similar.into_iter().map(|s| speaker_line(s, true)).collect(),
                ));
            }
        }
        let result = match id {
            None => db.create_speaker(&details, by, now).await.map(|id| id.0),
            Some(id) => db
                .update_speaker(SpeakerId(id), &details, by, now)
                .await
                .map(|()| id),
        };
        match result {
            Ok(id) => Ok(SpeakerOutcome::Saved { id }),
            Err(StorageError::UnknownRegion(_)) => Ok(SpeakerOutcome::Invalid(vec![(
                "institution_region".into(),
                labels::problem(I18n { language }, Problem::UnknownRegion),
            )])),
            Err(other) => Err(other),
        }
    }

    pub async fn save_institution(
        db: &Database,
        id: Option<i64>,
        name: &str,
        region: &str,
        by: Actor,
        language: Language,
    ) -> Result<InstitutionOutcome, StorageError> {
        let details = match validate_institution(name, region) {
            Ok(details) => details,
            Err(errors) => {
                return Ok(InstitutionOutcome::Invalid(messages(
                    errors,
                    InstitutionField::as_str,
                    language,
                )));
            }
        };
        let now = Utc::now();
        let result = match id {
            None => db
                .create_institution(&details, by, now)
                .await
                .map(|id| id.0),
            Some(id) => db
                .rename_institution(InstitutionId(id), &details, by, now)
                .await
                .map(|()| id),
        };
        institution_outcome(result, language)
    }

    pub async fn merge(
        db: &Database,
        from: i64,
        into: i64,
        by: Actor,
        language: Language,
    ) -> Result<InstitutionOutcome, StorageError> {
        if from == into {
            return Ok(InstitutionOutcome::Invalid(vec![(
                "into".into(),
                translate(language, "institution-merge-same"),
            )]));
        }
        let result = db
            .merge_institution(InstitutionId(from), InstitutionId(into), by, Utc::now())
            .await
            .map(|()| into);
        institution_outcome(result, language)
    }

    fn institution_outcome(
        result: Result<i64, StorageError>,
        language: Language,
    ) -> Result<InstitutionOutcome, StorageError> {
        let invalid = |field: &str, key: &str| {
            Ok(InstitutionOutcome::Invalid(vec![(
                field.to_owned(),
                translate(language, key),
            )]))
        };
        match result {
            Ok(id) => Ok(InstitutionOutcome::Saved { id }),
            Err(StorageError::Duplicate(_)) => invalid("name", "institution-duplicate"),
            Err(StorageError::UnknownRegion(_)) => invalid("region", "error-unknown_region"),
            Err(StorageError::NotFound) => invalid("into", "institution-not-found"),
            Err(other) => Err(other),
        }
    }
}
