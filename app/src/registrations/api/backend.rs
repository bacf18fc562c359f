//! Server side of the registration functions: who may register whom, forms and
//! spreadsheets into domain values, storage errors into row messages.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use simpul::Language;
use simpul::account::{Action, Actor, User};
use simpul::region::RegionCode;
use simpul::registration::sheet::{self, SheetProblem, SheetRow};
use simpul::registration::{
    AttendanceMode, InvitationForm, RegistrationContext, RegistrationDetails, RegistrationField,
    RegistrationForm, RegistrationId, RegistrationRefusal, RegistrationSource, RegistrationStatus,
    RowProblem, row_problems,
};
use simpul::session::{SessionFilter, SessionId, SessionStatus};
use simpul::storage::{
    Database, RegionFilter, Registrar, RegistrarScope, RegistrationRecord, SessionRecord,
    StorageError,
};
use simpul::validation::Problem;
use simpul::zone::{Zone, format_time_range};

use super::*;
use crate::i18n::{I18n, translate, translate_with};
pub use crate::sessions::api::backend::{
    Refusal, db, internal, language, refuse, require, signed_in,
};
use crate::sessions::labels;

/// Who is registering: organizers and admins register anyone; an operator their own
/// region's people; anyone else is refused.
pub fn registrar_scope() -> Result<(User, RegistrarScope), ServerFnError> {
    let user = signed_in()?;
    match scope_of(&user) {
        Some(scope) => Ok((user, scope)),
        None => Err(refuse(Refusal::Forbidden)),
    }
}

/// Whose people a user may register and see (also for the JSON API).
pub fn scope_of(user: &User) -> Option<RegistrarScope> {
    if user.may(&Action::ManageSessions) {
        return Some(RegistrarScope::Organizer);
    }
    user.role.region().cloned().map(RegistrarScope::Region)
}

pub fn registrar(user: &User, scope: RegistrarScope) -> Registrar {
    Registrar {
        by: Actor::from(user),
        source: RegistrationSource::Office,
        scope,
    }
}

/// Whether the server marked this request's address as over its limit.
pub fn over_limit() -> bool {
    use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.extensions.get::<AddressOverLimit>().is_some())
}

fn scope_region(scope: &RegistrarScope) -> Option<&RegionCode> {
    match scope {
        RegistrarScope::Region(region) => Some(region),
        _ => None,
    }
}

/// A row's problem as a sentence that names the field: "Email: belum diisi".
pub fn row_message(problem: &RowProblem, language: Language) -> RowMessage {
    let field = problem.field.as_str();
    RowMessage {
        row: problem.row,
        field: field.to_owned(),
        message: format!(
            "{}: {}",
            translate(language, &format!("registration-field-{field}")),
            labels::problem(I18n { language }, problem.problem)
        ),
    }
}

fn messages(problems: &[RowProblem], language: Language) -> Vec<RowMessage> {
    problems.iter().map(|p| row_message(p, language)).collect()
}

fn mode_words(record: &SessionRecord) -> Vec<String> {
    AttendanceMode::ALL
        .iter()
        .filter(|m| m.offered_by(record.details.mode))
        .map(|m| m.as_str().to_owned())
        .collect()
}

/// The session if the viewer may register for it: operators only for public sessions
/// that invite their region; organizers for any session.
pub async fn session_for(
    db: &Database,
    session: i64,
    scope: &RegistrarScope,
) -> Result<Option<SessionRecord>, StorageError> {
    let Some(record) = db.session(SessionId(session)).await? else {
        return Ok(None);
    };
    let Some(region) = scope_region(scope) else {
        return Ok(Some(record));
    };
    if !record.status.is_public() {
        return Ok(None);
    }
    let invited = db.invitations(record.id).await?;
    // A province's operator is reached by an invitation of the province or of any of
    // its regencies; a regency's by its own or its province's (with regencies).
    let reaches = invited
        .iter()
        .any(|i| i.covers(region) || (region.is_province() && i.region.province() == *region));
    Ok(reaches.then_some(record))
}

/// When registration closes for a session, as stored or the session's start.
async fn closes_at(db: &Database, record: &SessionRecord) -> Result<DateTime<Utc>, StorageError> {
    Ok(db
        .registration_settings(record.id)
        .await?
        .closes_at
        .unwrap_or(record.details.time.start()))
}

/// The session's time in its own zone: "Selasa, 2 Maret 2027, 09.00-12.00 WIB".
pub(crate) fn session_time(record: &SessionRecord, language: Language) -> String {
    let d = &record.details;
    format_time_range(d.time.start(), d.time.end(), d.zone, language)
}

/// The session's time in `zone` when that differs from the session's own.
fn when_in(record: &SessionRecord, zone: Option<Zone>, language: Language) -> Option<String> {
    let d = &record.details;
    zone.filter(|z| *z != d.zone)
        .map(|z| format_time_range(d.time.start(), d.time.end(), z, language))
}

async fn zone_of(db: &Database, region: &RegionCode) -> Result<Option<Zone>, StorageError> {
    Ok(db.region(region).await?.map(|r| r.zone))
}

fn line(record: &RegistrationRecord) -> RegistrationLine {
    let d = &record.details;
    RegistrationLine {
        id: record.id.0,
        name: d.name.clone(),
        nip: d
            .nip
            .as_ref()
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default(),
        position: d.position.clone(),
        office: d.office.clone(),
        email: d
            .email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        phone: d.phone.clone().unwrap_or_default(),
        mode: d.mode.as_str().to_owned(),
        region_name: record.region_name.clone(),
        status: record.status,
        link: format!("/registrations/{}", record.private_token),
        form: RegistrationForm::from_details(d),
    }
}

/// Regions an operator may register people of, among those the session invites
/// (organizers: every region).
async fn region_choices(
    db: &Database,
    session: SessionId,
    scope: &RegistrarScope,
) -> Result<Vec<RegionOption>, StorageError> {
    let invitations = db.invitations(session).await?;
    let regions = db.regions(RegionFilter::All).await?;
    Ok(regions
        .into_iter()
        .filter(|r| match scope {
            RegistrarScope::Region(_) => {
                scope.covers(&r.code)
                    && simpul::registration::invitation_for(&invitations, &r.code).is_some()
            }
            _ => true,
        })
        .map(|r| RegionOption {
            code: r.code.to_string(),
            name: r.name,
            parent: r.parent.map(|p| p.to_string()),
        })
        .collect())
}

pub async fn desk(
    db: &Database,
    session: i64,
    user: &User,
    scope: &RegistrarScope,
    language: Language,
    now: DateTime<Utc>,
) -> Result<Option<Desk>, StorageError> {
    let Some(record) = session_for(db, session, scope).await? else {
        return Ok(None);
    };
    let closes = closes_at(db, &record).await?;
    let own_zone = match user.role.region() {
        Some(region) => zone_of(db, region).await?,
        None => None,
    };
    let book = db.seat_book(record.id).await?;
    let region = scope_region(scope);
    let seats = AttendanceMode::ALL
        .iter()
        .filter(|m| m.offered_by(record.details.mode))
        .map(|mode| {
            let all = book.session_seats(*mode);
            let mine = region.map(|r| book.seats(r, *mode));
            SeatLine {
                mode: mode.as_str().to_owned(),
                capacity: all.capacity,
                confirmed: all.taken,
                left: mine.and_then(|s| s.left()).or(all.left()),
            }
        })
        .collect();
    let registrations = db.registrations(record.id, region).await?;
    let organizer = matches!(scope, RegistrarScope::Organizer);
    Ok(Some(Desk {
        session_id: record.id.0,
        title: record.details.title.clone(),
        when: session_time(&record, language),
        when_here: when_in(&record, own_zone, language),
        deadline: simpul::zone::format_moment(closes, record.details.zone, language),
        open: record.status == SessionStatus::Published && (organizer || now < closes),
        modes: mode_words(&record),
        regions: region_choices(db, record.id, scope).await?,
        default_region: region.map(|r| r.to_string()).unwrap_or_default(),
        seats,
        registrations: registrations.iter().map(line).collect(),
        organizer,
    }))
}

/// Forms into details, each problem with its row.
fn validate_rows(
    rows: &[(usize, RegistrationForm)],
    context: &RegistrationContext,
) -> (Vec<(usize, RegistrationDetails)>, Vec<RowProblem>) {
    let mut valid = Vec::new();
    let mut problems = Vec::new();
    for (row, form) in rows {
        match form.validate(context) {
            Ok(details) => valid.push((*row, details)),
            Err(errors) => problems.extend(row_problems(*row, errors)),
        }
    }
    (valid, problems)
}

fn context(record: &SessionRecord, registrar: &Registrar) -> RegistrationContext {
    RegistrationContext {
        session_mode: record.details.mode,
        default_region: scope_region(&registrar.scope).cloned(),
    }
}

pub async fn register(
    db: &Database,
    session: i64,
    rows: Vec<(usize, RegistrationForm)>,
    registrar: &Registrar,
    language: Language,
) -> Result<RegisterOutcome, StorageError> {
    Ok(match register_forms(db, session, rows, registrar).await? {
        Ok(records) => saved(&records, registrar.source == RegistrationSource::Public),
        Err(RegistrationRefusal::Closed) => RegisterOutcome::Closed,
        Err(RegistrationRefusal::Rows(rows)) => RegisterOutcome::Invalid(messages(&rows, language)),
    })
}

/// Validates and registers forms, all or none (the pages' and the API's one way in);
/// the inner `Err` is why nothing was saved.
pub async fn register_forms(
    db: &Database,
    session: i64,
    rows: Vec<(usize, RegistrationForm)>,
    registrar: &Registrar,
) -> Result<Result<Vec<RegistrationRecord>, RegistrationRefusal>, StorageError> {
    let Some(record) = session_for(db, session, &registrar.scope).await? else {
        return Err(StorageError::NotFound);
    };
    let (valid, mut problems) = validate_rows(&rows, &context(&record, registrar));
    if !problems.is_empty() {
        // Report every row's problems at once: what storage would say of the others.
        if !valid.is_empty() {
            match db
                .check_registrations(record.id, &valid, registrar, Utc::now())
                .await
            {
                Ok(_) => {}
                Err(StorageError::Registration(RegistrationRefusal::Rows(more))) => {
                    problems.extend(more)
                }
                Err(StorageError::Registration(closed)) => return Ok(Err(closed)),
                Err(other) => return Err(other),
            }
        }
        problems.sort_by_key(|p| p.row);
        return Ok(Err(RegistrationRefusal::Rows(problems)));
    }
    match db.register(record.id, &valid, registrar, Utc::now()).await {
        Ok(records) => Ok(Ok(records)),
        Err(StorageError::Registration(refusal)) => Ok(Err(refusal)),
        Err(other) => Err(other),
    }
}

fn saved(records: &[RegistrationRecord], with_link: bool) -> RegisterOutcome {
    let confirmed = records
        .iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed)
        .count();
    RegisterOutcome::Saved {
        confirmed,
        waitlisted: records.len() - confirmed,
        link: with_link
            .then(|| {
                records
                    .first()
                    .map(|r| format!("/registrations/{}", r.private_token))
            })
            .flatten(),
    }
}

fn refused(error: StorageError, language: Language) -> Result<RegisterOutcome, StorageError> {
    match error {
        StorageError::Registration(RegistrationRefusal::Closed) => Ok(RegisterOutcome::Closed),
        StorageError::Registration(RegistrationRefusal::Rows(rows)) => {
            Ok(RegisterOutcome::Invalid(messages(&rows, language)))
        }
        other => Err(other),
    }
}

/// Checks rows (domain rules, then everything storage would check, rolled back) and
/// saves them when asked and nothing is wrong.
pub async fn preview_or_save(
    db: &Database,
    session: i64,
    rows: Vec<(usize, RegistrationForm)>,
    registrar: &Registrar,
    save: bool,
    language: Language,
) -> Result<Preview, StorageError> {
    let Some(record) = session_for(db, session, &registrar.scope).await? else {
        return Err(StorageError::NotFound);
    };
    preview(db, &record, rows, Vec::new(), registrar, save, language).await
}

async fn preview(
    db: &Database,
    record: &SessionRecord,
    rows: Vec<(usize, RegistrationForm)>,
    mut problems: Vec<RowProblem>,
    registrar: &Registrar,
    save: bool,
    language: Language,
) -> Result<Preview, StorageError> {
    let (valid, domain_problems) = validate_rows(&rows, &context(record, registrar));
    problems.extend(domain_problems);
    problems.sort_by_key(|p| p.row);
    let now = Utc::now();
    let mut statuses = Vec::new();
    let mut closed = false;
    if !valid.is_empty() {
        match db
            .check_registrations(record.id, &valid, registrar, now)
            .await
        {
            Ok(found) => statuses = found,
            Err(StorageError::Registration(RegistrationRefusal::Closed)) => closed = true,
            Err(StorageError::Registration(RegistrationRefusal::Rows(rows))) => {
                problems.extend(rows)
            }
            Err(other) => return Err(other),
        }
    }
    if save && problems.is_empty() && !closed && valid.len() == rows.len() {
        match db.register(record.id, &valid, registrar, now).await {
            Ok(records) => {
                return Ok(Preview {
                    rows: Vec::new(),
                    file_problem: None,
                    closed: false,
                    saved: Some(records.len()),
                });
            }
            Err(StorageError::Registration(RegistrationRefusal::Closed)) => closed = true,
            Err(StorageError::Registration(RegistrationRefusal::Rows(rows))) => {
                problems.extend(rows)
            }
            Err(other) => return Err(other),
        }
    }
    let status_of = |row: usize| {
        valid
            .iter()
            .position(|(r, _)| *r == row)
            .and_then(|i| statuses.get(i).copied())
    };
    Ok(Preview {
        rows: rows
            .into_iter()
            .map(|(row, form)| PreviewRow {
                row,
                problems: messages(
                    &problems
                        .iter()
                        .filter(|p| p.row == row)
                        .cloned()
                        .collect::<Vec<_>>(),
                    language,
                ),
                status: status_of(row),
                form,
            })
            .collect(),
        file_problem: None,
        closed,
        saved: None,
    })
}

/// What a multipart request to `read_sheet` carried.
pub enum Upload {
    File(Vec<u8>),
    Pasted(String),
}

/// Reads `session` and `file` or `pasted`, refusing a file past the size limit as
/// soon as it gets there.
pub async fn read_multipart(
    mut multipart: multer::Multipart<'static>,
    max_bytes: usize,
) -> Result<(i64, Option<Upload>), ServerFnError> {
    let bad = || refuse(Refusal::Invalid("error-unreadable-form"));
    let mut session = None;
    let mut upload = None;
    while let Some(mut field) = multipart.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| bad())? {
            if bytes.len() + chunk.len() > max_bytes {
                return Err(refuse(Refusal::TooLarge));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "session" => {
                session = std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|s| s.trim().parse::<i64>().ok());
            }
            "file" if !bytes.is_empty() => upload = Some(Upload::File(bytes)),
            "pasted" if upload.is_none() => {
                let text = String::from_utf8(bytes).map_err(|_| bad())?;
                if !text.trim().is_empty() {
                    upload = Some(Upload::Pasted(text));
                }
            }
            _ => {}
        }
    }
    Ok((session.ok_or_else(bad)?, upload))
}

/// The sentence for a file that could not be read.
pub fn sheet_problem(problem: &SheetProblem, language: Language) -> String {
    use fluent_templates::fluent_bundle::FluentValue;
    let key = format!("sheet-{}", problem.code());
    let list = |columns: &[String]| FluentValue::from(columns.join(", "));
    match problem {
        SheetProblem::TooLarge { max_mb } => {
            translate_with(language, &key, &[("max", FluentValue::from(*max_mb))])
        }
        SheetProblem::TooManyRows { max } => {
            translate_with(language, &key, &[("max", FluentValue::from(*max))])
        }
        SheetProblem::MissingColumns { columns } | SheetProblem::UnknownColumns { columns } => {
            translate_with(language, &key, &[("columns", list(columns))])
        }
        SheetProblem::RepeatedColumn { column } => translate_with(
            language,
            &key,
            &[("columns", FluentValue::from(column.clone()))],
        ),
        SheetProblem::Empty | SheetProblem::Unreadable => translate(language, &key),
    }
}

pub async fn read_preview(
    db: &Database,
    session: i64,
    upload: Option<Upload>,
    registrar: &Registrar,
    language: Language,
) -> Result<Preview, StorageError> {
    let Some(record) = session_for(db, session, &registrar.scope).await? else {
        return Err(StorageError::NotFound);
    };
    let read = match upload {
        Some(Upload::File(bytes)) => sheet::read_upload(&bytes),
        Some(Upload::Pasted(text)) => sheet::read_pasted(&text),
        None => Err(SheetProblem::Empty),
    };
    let rows: Vec<SheetRow> = match read {
        Ok(rows) => rows,
        Err(problem) => {
            return Ok(Preview {
                rows: Vec::new(),
                file_problem: Some(sheet_problem(&problem, language)),
                closed: false,
                saved: None,
            });
        }
    };
    let problems = rows
        .iter()
        .filter(|r| r.nip_as_number)
        .map(|r| RowProblem {
            row: r.row,
            field: RegistrationField::Nip,
            problem: Problem::NipAsNumber,
        })
        .collect();
    let forms = rows.into_iter().map(|r| (r.row, r.form)).collect();
    preview(db, &record, forms, problems, registrar, false, language).await
}

/// The registration if the viewer may change it (an operator: their region's only).
pub async fn own_registration(
    db: &Database,
    id: i64,
    scope: &RegistrarScope,
) -> Result<RegistrationRecord, StorageError> {
    let record = db
        .registration(RegistrationId(id))
        .await?
        .ok_or(StorageError::NotFound)?;
    if scope.covers(&record.details.region) {
        Ok(record)
    } else {
        Err(StorageError::NotFound)
    }
}

pub async fn update(
    db: &Database,
    id: i64,
    form: RegistrationForm,
    user: &User,
    scope: &RegistrarScope,
    language: Language,
) -> Result<RegisterOutcome, StorageError> {
    let current = own_registration(db, id, scope).await?;
    let session = db
        .session(current.session)
        .await?
        .ok_or(StorageError::NotFound)?;
    let context = RegistrationContext {
        session_mode: session.details.mode,
        default_region: Some(current.details.region.clone()),
    };
    let details = match form.validate(&context) {
        Ok(details) => details,
        Err(errors) => {
            return Ok(RegisterOutcome::Invalid(messages(
                &row_problems(1, errors),
                language,
            )));
        }
    };
    match db
        .update_registration(current.id, &details, scope, Actor::from(user), Utc::now())
        .await
    {
        Ok(record) => Ok(saved(&[record], false)),
        Err(error) => refused(error, language),
    }
}

pub async fn cancel(
    db: &Database,
    id: i64,
    user: &User,
    scope: &RegistrarScope,
    language: Language,
) -> Result<RegisterOutcome, StorageError> {
    let current = own_registration(db, id, scope).await?;
    match db
        .cancel_registration(current.id, scope, Actor::from(user), Utc::now())
        .await
    {
        Ok(_) => Ok(RegisterOutcome::Saved {
            confirmed: 0,
            waitlisted: 0,
            link: None,
        }),
        Err(error) => refused(error, language),
    }
}

pub async fn dashboard(
    db: &Database,
    region: &RegionCode,
    language: Language,
    now: DateTime<Utc>,
) -> Result<Dashboard, StorageError> {
    let own = db.region(region).await?.ok_or(StorageError::NotFound)?;
    let filter = SessionFilter {
        region: Some(region.clone()),
        statuses: SessionStatus::PUBLIC.to_vec(),
        ..SessionFilter::default()
    };
    let upcoming = db
        .sessions(&SessionFilter {
            from: Some(now),
            limit: Some(crate::sessions::api::SCHEDULE_MAX),
            ..filter.clone()
        })
        .await?;
    let past = db
        .sessions(&SessionFilter {
            ended_by: Some(now),
            newest_first: true,
            limit: Some(crate::sessions::api::SCHEDULE_PAGE),
            ..filter
        })
        .await?;
    let ids: Vec<SessionId> = upcoming.iter().map(|s| s.id).collect();
    let counts = db.registration_counts(&ids, region).await?;
    let mut lines = Vec::with_capacity(upcoming.len());
    for record in &upcoming {
        let closes = closes_at(db, record).await?;
        let book = db.seat_book(record.id).await?;
        let (registered, waitlisted) = counts
            .iter()
            .find(|(s, _, _)| *s == record.id)
            .map_or((0, 0), |(_, c, w)| (*c, *w));
        lines.push(DashboardLine {
            session_id: record.id.0,
            title: record.details.title.clone(),
            kind: record.details.kind,
            status: record.status,
            when: session_time(record, language),
            when_here: when_in(record, Some(own.zone), language),
            deadline: simpul::zone::format_moment(closes, record.details.zone, language),
            open: record.status == SessionStatus::Published && now < closes,
            seats_left: AttendanceMode::ALL
                .iter()
                .filter(|m| m.offered_by(record.details.mode))
                .map(|m| (m.as_str().to_owned(), book.seats(region, *m).left()))
                .collect(),
            registered,
            waitlisted,
        });
    }
    Ok(Dashboard {
        region_code: region.to_string(),
        region_name: own.name,
        upcoming: lines,
        past: past
            .iter()
            .map(|s| crate::sessions::api::backend::card(s, language))
            .collect(),
    })
}

pub(crate) fn option(region: &simpul::Region) -> RegionOption {
    RegionOption {
        code: region.code.to_string(),
        name: region.name.clone(),
        parent: region.parent.as_ref().map(|p| p.to_string()),
    }
}

pub async fn overview(
    db: &Database,
    session: i64,
    user: &User,
    language: Language,
    now: DateTime<Utc>,
) -> Result<Option<Overview>, StorageError> {
    let scope = RegistrarScope::Organizer;
    let Some(desk) = desk(db, session, user, &scope, language, now).await? else {
        return Ok(None);
    };
    let id = SessionId(session);
    let record = db.session(id).await?.ok_or(StorageError::NotFound)?;
    let settings = db.registration_settings(id).await?;
    let invitations = db.invitations(id).await?;
    let regions = db.regions(RegionFilter::All).await?;
    let name_of = |code: &RegionCode| {
        regions
            .iter()
            .find(|r| r.code == *code)
            .map_or_else(|| code.to_string(), |r| r.name.clone())
    };
    let quota_text = |mode: &str, quota: Option<u32>| {
        quota.map(|q| {
            translate_with(
                language,
                "registrations-quota-of",
                &[
                    (
                        "mode",
                        translate(language, &format!("attendance-{mode}")).into(),
                    ),
                    ("count", q.into()),
                ],
            )
        })
    };
    let invitation_lines = invitations
        .iter()
        .map(|i| {
            let mut parts = vec![name_of(&i.region)];
            if i.region.is_province() {
                parts.push(translate(
                    language,
                    if i.with_regencies {
                        "registrations-with-regencies"
                    } else {
                        "registrations-province-office-only"
                    },
                ));
            }
            parts.extend(quota_text("luring", i.quota_luring));
            parts.extend(quota_text("daring", i.quota_daring));
            parts.join(" · ")
        })
        .collect();
    // Every office an invitation expects: the invited region itself and, for a province
    // with its regencies, each of them.
    let expected: Vec<&simpul::Region> = regions
        .iter()
        .filter(|r| invitations.iter().any(|i| i.covers(&r.code)))
        .collect();
    let all = db.registrations(id, None).await?;
    let live: Vec<&RegistrationRecord> = all
        .iter()
        .filter(|r| r.status != RegistrationStatus::Cancelled)
        .collect();
    let mut tally: Vec<RegionTally> = Vec::new();
    for record in &live {
        let code = record.details.region.to_string();
        let entry = match tally.iter_mut().position(|t| t.code == code) {
            Some(i) => &mut tally[i],
            None => {
                tally.push(RegionTally {
                    code: code.clone(),
                    name: record.region_name.clone(),
                    luring: (0, 0),
                    daring: (0, 0),
                });
                let last = tally.len() - 1;
                &mut tally[last]
            }
        };
        let cell = match record.details.mode {
            AttendanceMode::Luring => &mut entry.luring,
            AttendanceMode::Daring => &mut entry.daring,
        };
        if record.status == RegistrationStatus::Confirmed {
            cell.0 += 1;
        } else {
            cell.1 += 1;
        }
    }
    tally.sort_by(|a, b| a.code.cmp(&b.code));
    let not_registered = expected
        .into_iter()
        .filter(|r| !live.iter().any(|g| g.details.region == r.code))
        .map(option)
        .collect();
    let zone = record.details.zone;
    let (deadline_date, deadline_time) = settings
        .closes_at
        .map(|c| {
            let local = zone.local(c);
            (
                local.date().format("%Y-%m-%d").to_string(),
                local.time().format("%H:%M").to_string(),
            )
        })
        .unwrap_or_default();
    let provinces: Vec<RegionOption> = regions
        .iter()
        .filter(|r| r.code.is_province())
        .map(option)
        .collect();
    let invitation_form = invitation_form(&invitations, provinces.len());
    Ok(Some(Overview {
        desk,
        invitations: invitation_lines,
        invitation_form,
        tally,
        not_registered,
        deadline_date,
        deadline_time,
        zone_label: zone.label().to_owned(),
        public_link: settings.public_link.map(|s| format!("/register/{s}")),
        provinces,
        all_regions: regions.iter().map(option).collect(),
    }))
}

/// The invitation form as it would produce the current invitations.
fn invitation_form(
    invitations: &[simpul::registration::Invitation],
    provinces: usize,
) -> InvitationForm {
    let quota = |q: Option<u32>| q.map(|q| q.to_string()).unwrap_or_default();
    let first = invitations.first();
    let all_provinces = invitations.len() == provinces
        && invitations
            .iter()
            .all(|i| i.region.is_province() && i.with_regencies);
    let scope = match first {
        None => "all",
        Some(_) if all_provinces => "all",
        Some(i) if i.region.is_province() => "provinces",
        Some(_) => "regencies",
    };
    InvitationForm {
        scope: scope.to_owned(),
        regions: invitations.iter().map(|i| i.region.to_string()).collect(),
        with_regencies: first.is_none_or(|i| i.with_regencies),
        quota_luring: quota(first.and_then(|i| i.quota_luring)),
        quota_daring: quota(first.and_then(|i| i.quota_daring)),
    }
}

pub async fn save_invitations(
    db: &Database,
    session: i64,
    form: InvitationForm,
    user: &User,
    language: Language,
) -> Result<RegisterOutcome, StorageError> {
    let id = SessionId(session);
    db.session(id).await?.ok_or(StorageError::NotFound)?;
    let provinces: Vec<RegionCode> = db
        .regions(RegionFilter::Provinces)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    let invitations = match form.validate(&provinces) {
        Ok(invitations) => invitations,
        Err(errors) => {
            return Ok(RegisterOutcome::Invalid(
                errors
                    .into_iter()
                    .map(|e| RowMessage {
                        row: 0,
                        field: e.field.as_str().to_owned(),
                        message: format!(
                            "{}: {}",
                            translate(language, &format!("invitation-field-{}", e.field.as_str())),
                            labels::problem(I18n { language }, e.problem)
                        ),
                    })
                    .collect(),
            ));
        }
    };
    match db
        .set_invitations(id, &invitations, Actor::from(user), Utc::now())
        .await
    {
        Ok(()) => Ok(RegisterOutcome::Saved {
            confirmed: 0,
            waitlisted: 0,
            link: None,
        }),
        Err(StorageError::UnknownRegion(_)) => Ok(RegisterOutcome::Invalid(vec![RowMessage {
            row: 0,
            field: "regions".to_owned(),
            message: format!(
                "{}: {}",
                translate(language, "invitation-field-regions"),
                labels::problem(I18n { language }, Problem::UnknownRegion)
            ),
        }])),
        Err(other) => Err(other),
    }
}

pub async fn save_settings(
    db: &Database,
    session: i64,
    (date, time): (&str, &str),
    public_link: bool,
    user: &User,
    language: Language,
) -> Result<RegisterOutcome, StorageError> {
    let id = SessionId(session);
    let record = db.session(id).await?.ok_or(StorageError::NotFound)?;
    let invalid = |field: &str, problem: Problem| {
        RegisterOutcome::Invalid(vec![RowMessage {
            row: 0,
            field: field.to_owned(),
            message: format!(
                "{}: {}",
                translate(language, &format!("registrations-{field}")),
                labels::problem(I18n { language }, problem)
            ),
        }])
    };
    let closes_at = if date.trim().is_empty() {
        None
    } else {
        let Ok(day) = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
            return Ok(invalid("deadline_date", Problem::InvalidDate));
        };
        let clock = if time.trim().is_empty() {
            "23:59"
        } else {
            time.trim()
        };
        let Ok(at) = chrono::NaiveTime::parse_from_str(&clock.replace('.', ":"), "%H:%M") else {
            return Ok(invalid("deadline_time", Problem::InvalidTime));
        };
        match record.details.zone.to_utc(day.and_time(at)) {
            Some(instant) => Some(instant),
            None => return Ok(invalid("deadline_time", Problem::InvalidTime)),
        }
    };
    db.set_registration_settings(id, closes_at, public_link, Actor::from(user), Utc::now())
        .await?;
    Ok(RegisterOutcome::Saved {
        confirmed: 0,
        waitlisted: 0,
        link: None,
    })
}

async fn public_session(
    db: &Database,
    secret: &str,
) -> Result<Option<SessionRecord>, StorageError> {
    let Some(id) = db.session_by_public_link(secret).await? else {
        return Ok(None);
    };
    Ok(db.session(id).await?.filter(|s| s.status.is_public()))
}

pub async fn public_desk(
    db: &Database,
    secret: &str,
    language: Language,
    now: DateTime<Utc>,
) -> Result<Option<PublicDesk>, StorageError> {
    let Some(record) = public_session(db, secret).await? else {
        return Ok(None);
    };
    let closes = closes_at(db, &record).await?;
    Ok(Some(PublicDesk {
        title: record.details.title.clone(),
        when: session_time(&record, language),
        deadline: simpul::zone::format_moment(closes, record.details.zone, language),
        open: record.status == SessionStatus::Published && now < closes,
        modes: mode_words(&record),
        regions: db
            .regions(RegionFilter::All)
            .await?
            .iter()
            .map(option)
            .collect(),
    }))
}

pub async fn register_public(
    db: &Database,
    secret: &str,
    form: RegistrationForm,
    language: Language,
) -> Result<RegisterOutcome, StorageError> {
    let Some(record) = public_session(db, secret).await? else {
        return Err(StorageError::NotFound);
    };
    let registrar = Registrar {
        by: Actor::System,
        source: RegistrationSource::Public,
        scope: RegistrarScope::Public,
    };
    register(db, record.id.0, vec![(1, form)], &registrar, language).await
}

pub async fn confirmation(
    db: &Database,
    secret: &str,
    language: Language,
) -> Result<Option<Confirmation>, StorageError> {
    let Some(registration) = db.registration_by_token(secret).await? else {
        return Ok(None);
    };
    let Some(session) = db.session_for_editing(registration.session).await? else {
        return Ok(None);
    };
    let zone = zone_of(db, &registration.details.region)
        .await?
        .unwrap_or(session.details.zone);
    let d = &session.details;
    let confirmed = registration.status == RegistrationStatus::Confirmed
        && session.status != SessionStatus::Cancelled;
    let online = confirmed && registration.details.mode == AttendanceMode::Daring;
    let meeting = d.meeting.as_ref().filter(|_| online);
    let code = confirmed.then(|| registration.check_in_code.grouped());
    let materials = db
        .materials(session.id)
        .await?
        .into_iter()
        .filter(|m| confirmed || m.visibility == simpul::material::Visibility::Public)
        .map(|m| {
            let mut line = crate::program::api::backend::material_line(m, language);
            line.url = format!("{}?registration={secret}", line.url);
            line
        })
        .collect();
    let online_check_in = if online {
        let window = db.online_check_in(session.id).await?;
        let first = db.first_check_in(registration.id).await?;
        Some(OnlineCheckInState {
            open: window.accepts(Utc::now(), d.time.start(), d.time.end()),
            checked_in_at: first.map(|at| simpul::zone::format_moment(at, zone, language)),
        })
    } else {
        None
    };
    let certificate_url = (confirmed
        && simpul::attendance::gives_certificates(d.kind)
        && db.attendance_status(registration.id).await?
            == simpul::attendance::AttendanceStatus::Present)
        .then(|| format!("/registrations/{secret}/certificate.pdf"));
    Ok(Some(Confirmation {
        online_check_in,
        certificate_url,
        name: registration.details.name.clone(),
        region_name: registration.region_name.clone(),
        status: registration.status,
        mode: registration.details.mode.as_str().to_owned(),
        session_id: session.id.0,
        title: d.title.clone(),
        when: format_time_range(d.time.start(), d.time.end(), zone, language),
        place: (registration.details.mode == AttendanceMode::Luring)
            .then(|| {
                d.venue
                    .as_ref()
                    .map(|v| v.place(session.venue_region_name.as_deref()))
            })
            .flatten(),
        meeting_link: meeting.map(|m| m.link.as_str().to_owned()),
        meeting_id: meeting.and_then(|m| m.meeting_id.clone()),
        passcode: meeting.and_then(|m| m.passcode.as_ref().map(|p| p.expose().to_owned())),
        qr_svg: confirmed
            .then(|| qr_svg(registration.check_in_code.as_str()))
            .flatten(),
        code,
        cancelled_session: session.status == SessionStatus::Cancelled,
        materials,
    }))
}

/// The check-in code as an SVG QR code (drawn by the `qrcode` crate).
fn qr_svg(code: &str) -> Option<String> {
    let qr = qrcode::QrCode::new(code.as_bytes()).ok()?;
    Some(
        qr.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
    )
}
