//! Sessions: the rakor, webinars and briefings that organizers run.
//!
//! A [`SessionForm`] is what a person typed; [`SessionForm::validate`] turns it into
//! [`SessionDetails`], whose types make the invariants of DESIGN.md hold: the end comes
//! after the start, daring and hybrid sessions have a meeting link, luring and hybrid
//! sessions have a venue. Status changes go through [`SessionStatus::transition`].

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::region::RegionCode;
use crate::validation::{Problem, ValidationErrors};
use crate::zone::Zone;

/// The database id of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub i64);

impl SessionId {
    /// Parses an id from a path segment: a positive whole number.
    pub fn parse(raw: &str) -> Option<Self> {
        raw.parse::<i64>().ok().filter(|id| *id > 0).map(Self)
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Declares a closed set of words stored as text, with parsing and listing.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored in the database and used in URLs and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn parse(raw: &str) -> Option<Self> {
                match raw { $($word => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use word_enum;

word_enum!(
    /// What kind of gathering a session is.
    SessionKind {
        Rakor => "rakor",
        Webinar => "webinar",
        Sosialisasi => "sosialisasi",
    }
);

word_enum!(
    /// Luring (on site), daring (online) or hybrid (both at once).
    SessionMode {
        Luring => "luring",
        Daring => "daring",
        Hybrid => "hybrid",
    }
);

word_enum!(
    /// Where a session is in its life.
    SessionStatus {
        Draft => "draft",
        Published => "published",
        Cancelled => "cancelled",
        Completed => "completed",
    }
);

word_enum!(
    /// The part a speaker plays in a session.
    SpeakerRole {
        Opening => "opening",
        Keynote => "keynote",
        Speaker => "speaker",
        Moderator => "moderator",
        Respondent => "respondent",
    }
);

word_enum!(
    /// Whether an invited speaker has answered.
    InvitationStatus {
        Invited => "invited",
        Confirmed => "confirmed",
        Declined => "declined",
    }
);

word_enum!(
    /// What happens in a slot of the rundown.
    RundownKind {
        Opening => "opening",
        Keynote => "keynote",
        Talk => "talk",
        Discussion => "discussion",
        Closing => "closing",
    }
);

impl SessionMode {
    pub fn needs_venue(self) -> bool {
        matches!(self, Self::Luring | Self::Hybrid)
    }

    pub fn needs_link(self) -> bool {
        matches!(self, Self::Daring | Self::Hybrid)
    }
}

/// A status change that is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from} session cannot become {to}")]
pub struct ForbiddenTransition {
    pub from: SessionStatus,
    pub to: SessionStatus,
}

impl SessionStatus {
    /// Drafts are published or dropped (cancelled); published sessions are cancelled or
    /// completed. Cancelled and completed sessions stay as they are: a cancelled session
    /// remains visible as cancelled and is never deleted.
    pub fn transition(self, to: SessionStatus) -> Result<SessionStatus, ForbiddenTransition> {
        use SessionStatus::*;
        match (self, to) {
            (Draft, Published)
            | (Draft, Cancelled)
            | (Published, Cancelled)
            | (Published, Completed) => Ok(to),
            _ => Err(ForbiddenTransition { from: self, to }),
        }
    }

    /// Whether the session can still be edited or rescheduled.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::Published)
    }

    /// Whether the public may see the session (the schedule, its page, the API).
    pub fn is_public(self) -> bool {
        !matches!(self, Self::Draft)
    }

    /// The statuses the public may see, for lists: everything but drafts.
    pub const PUBLIC: [SessionStatus; 3] = [Self::Published, Self::Cancelled, Self::Completed];

    /// The statuses of sessions that still take place and can change: drafts and
    /// published sessions (what conflicts are checked against).
    pub const OPEN: [SessionStatus; 2] = [Self::Draft, Self::Published];
}

/// When a session takes place. The end is always after the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawTimeRange")]
pub struct TimeRange {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

#[derive(Deserialize)]
struct RawTimeRange {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl TryFrom<RawTimeRange> for TimeRange {
    type Error = &'static str;
    fn try_from(raw: RawTimeRange) -> Result<Self, Self::Error> {
        TimeRange::new(raw.start, raw.end).ok_or("the end must come after the start")
    }
}

impl TimeRange {
    /// `None` when `end` is not after `start`. Times are truncated to whole seconds,
    /// so they compare the same way in every database.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Option<Self> {
        use chrono::SubsecRound;
        let (start, end) = (start.trunc_subsecs(0), end.trunc_subsecs(0));
        (end > start).then_some(Self { start, end })
    }

    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    pub fn overlaps(&self, other: &TimeRange) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// An online meeting address: an absolute `https` or `http` URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MeetingLink(String);

impl MeetingLink {
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let parsed = url::Url::parse(raw.trim()).map_err(|_| Problem::InvalidLink)?;
        if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
            return Err(Problem::InvalidLink);
        }
        Ok(Self(parsed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MeetingLink {
    type Error = Problem;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MeetingLink> for String {
    fn from(link: MeetingLink) -> Self {
        link.0
    }
}

/// A meeting passcode. Private to registrants and organizers: it is never serialized,
/// and its `Debug` output is redacted so it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Passcode(String);

impl Passcode {
    pub fn new(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        (!raw.is_empty()).then(|| Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Passcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passcode(<redacted>)")
    }
}

/// Where an on-site session takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub name: String,
    pub region: Option<RegionCode>,
}

impl Venue {
    /// The place as people read it: "Gedung Sate, Jawa Barat" (the region's name, when
    /// the venue has one).
    pub fn place(&self, region_name: Option<&str>) -> String {
        match region_name {
            Some(region) => format!("{}, {region}", self.name),
            None => self.name.clone(),
        }
    }
}

/// How to join an online session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub link: MeetingLink,
    pub meeting_id: Option<String>,
    pub passcode: Option<Passcode>,
}

/// A validated session, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDetails {
    pub kind: SessionKind,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub organizer_unit: String,
    pub time: TimeRange,
    pub zone: Zone,
    pub mode: SessionMode,
    pub venue: Option<Venue>,
    pub meeting: Option<Meeting>,
    pub capacity_onsite: Option<u32>,
    pub capacity_online: Option<u32>,
}

impl SessionDetails {
    /// Whether changing from `self` to `new` matters to attendees (time, place, link),
    /// which raises the session's revision so that calendars pick the change up.
    pub fn differs_for_attendees(&self, new: &SessionDetails) -> bool {
        self.time != new.time
            || self.zone != new.zone
            || self.mode != new.mode
            || self.venue != new.venue
            || self.meeting.as_ref().map(|m| &m.link) != new.meeting.as_ref().map(|m| &m.link)
            || self.title != new.title
    }
}

/// The fields of the session form, named as in the form and in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionField {
    Kind,
    Title,
    Theme,
    Description,
    OrganizerUnit,
    StartDate,
    StartTime,
    EndDate,
    EndTime,
    Zone,
    Mode,
    Venue,
    VenueRegion,
    MeetingLink,
    MeetingId,
    Passcode,
    CapacityOnsite,
    CapacityOnline,
}

impl SessionField {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kind => "kind",
            Self::Title => "title",
            Self::Theme => "theme",
            Self::Description => "description",
            Self::OrganizerUnit => "organizer_unit",
            Self::StartDate => "start_date",
            Self::StartTime => "start_time",
            Self::EndDate => "end_date",
            Self::EndTime => "end_time",
            Self::Zone => "zone",
            Self::Mode => "mode",
            Self::Venue => "venue",
            Self::VenueRegion => "venue_region",
            Self::MeetingLink => "meeting_link",
            Self::MeetingId => "meeting_id",
            Self::Passcode => "passcode",
            Self::CapacityOnsite => "capacity_onsite",
            Self::CapacityOnline => "capacity_online",
        }
    }
}

/// What a person typed into the session form (or sent to the API), as text.
///
/// Dates and times are wall-clock values in the session's own zone, as the organizer
/// thinks of them: `2023-01-31`, `09:00`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub kind: String,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub organizer_unit: String,
    pub start_date: String,
    pub start_time: String,
    /// Empty means the same day as the start.
    pub end_date: String,
    pub end_time: String,
    /// An IANA name: Asia/Jakarta, Asia/Makassar or Asia/Jayapura.
    pub zone: String,
    pub mode: String,
    pub venue: String,
    pub venue_region: String,
    pub meeting_link: String,
    pub meeting_id: String,
    pub passcode: String,
    pub capacity_onsite: String,
    pub capacity_online: String,
}

/// Longest title, theme and organizer unit accepted, in characters.
pub const MAX_SHORT_TEXT: usize = 300;
/// Longest description accepted, in characters.
pub const MAX_LONG_TEXT: usize = 10_000;

impl SessionForm {
    /// Checks every field and reports every problem at once, each with its field.
    pub fn validate(&self) -> Result<SessionDetails, ValidationErrors<SessionField>> {
        let mut errors = ValidationErrors::default();
        use SessionField as F;

        let kind = required_word(&mut errors, F::Kind, &self.kind, SessionKind::parse);
        let mode = required_word(&mut errors, F::Mode, &self.mode, SessionMode::parse);
        let zone = required_word(&mut errors, F::Zone, &self.zone, Zone::from_iana);
        let title = text(&mut errors, F::Title, &self.title, true, MAX_SHORT_TEXT);
        let theme = text(&mut errors, F::Theme, &self.theme, false, MAX_SHORT_TEXT);
        let description = text(
            &mut errors,
            F::Description,
            &self.description,
            false,
            MAX_LONG_TEXT,
        );
        let organizer_unit = text(
            &mut errors,
            F::OrganizerUnit,
            &self.organizer_unit,
            true,
            MAX_SHORT_TEXT,
        );

        let start_date = date(&mut errors, F::StartDate, &self.start_date, true);
        let end_date = date(&mut errors, F::EndDate, &self.end_date, false).or(start_date);
        let start_time = clock(&mut errors, F::StartTime, &self.start_time);
        let end_time = clock(&mut errors, F::EndTime, &self.end_time);

        let time_range = match (start_date, start_time, end_date, end_time, zone) {
            (Some(sd), Some(st), Some(ed), Some(et), Some(zone)) => local_range(
                &mut errors,
                zone,
                (sd.and_time(st), F::StartTime),
                (ed.and_time(et), F::EndTime),
            ),
            _ => None,
        };

        let venue_name = text(&mut errors, F::Venue, &self.venue, false, MAX_SHORT_TEXT);
        let venue_region = optional_region(&mut errors, F::VenueRegion, &self.venue_region);
        let link = if self.meeting_link.trim().is_empty() {
            None
        } else {
            match MeetingLink::parse(&self.meeting_link) {
                Ok(link) => Some(link),
                Err(problem) => {
                    errors.add(F::MeetingLink, problem);
                    None
                }
            }
        };
        let meeting_id = text(&mut errors, F::MeetingId, &self.meeting_id, false, 100);
        let passcode_text = text(&mut errors, F::Passcode, &self.passcode, false, 100);

        if let Some(mode) = mode {
            if mode.needs_venue() && venue_name.as_deref().is_none_or(str::is_empty) {
                errors.add(F::Venue, Problem::RequiredForMode);
            }
            if mode.needs_link() && link.is_none() && self.meeting_link.trim().is_empty() {
                errors.add(F::MeetingLink, Problem::RequiredForMode);
            }
        }

        let capacity_onsite = optional_count(
            &mut errors,
            F::CapacityOnsite,
            &self.capacity_onsite,
            MAX_CAPACITY,
        );
        let capacity_online = optional_count(
            &mut errors,
            F::CapacityOnline,
            &self.capacity_online,
            MAX_CAPACITY,
        );

        if !errors.is_empty() {
            return Err(errors);
        }
        // Every field was checked above; a missing value here would be a bug in this
        // function, reported as a problem with the field rather than a panic.
        let (Some(kind), Some(mode), Some(zone), Some(time), Some(title), Some(organizer_unit)) =
            (kind, mode, zone, time_range, title, organizer_unit)
        else {
            errors.add(F::Title, Problem::Required);
            return Err(errors);
        };
        let venue = mode.needs_venue().then(|| Venue {
            name: venue_name.unwrap_or_default(),
            region: venue_region,
        });
        let meeting = if mode.needs_link() {
            link.map(|link| Meeting {
                link,
                meeting_id: meeting_id.filter(|s| !s.is_empty()),
                passcode: passcode_text.as_deref().and_then(Passcode::new),
            })
        } else {
            None
        };
        Ok(SessionDetails {
            kind,
            title,
            theme: theme.unwrap_or_default(),
            description: description.unwrap_or_default(),
            organizer_unit,
            time,
            zone,
            mode,
            venue,
            meeting,
            capacity_onsite,
            capacity_online,
        })
    }

    /// The form filled in from a stored session, for editing. The passcode is included:
    /// only organizers reach the editor.
    pub fn from_details(details: &SessionDetails) -> Self {
        let local_start = details.zone.local(details.time.start());
        let local_end = details.zone.local(details.time.end());
        let end_date = if local_end.date() == local_start.date() {
            String::new()
        } else {
            local_end.date().format("%Y-%m-%d").to_string()
        };
        Self {
            kind: details.kind.as_str().to_owned(),
            title: details.title.clone(),
            theme: details.theme.clone(),
            description: details.description.clone(),
            organizer_unit: details.organizer_unit.clone(),
            start_date: local_start.date().format("%Y-%m-%d").to_string(),
            start_time: local_start.time().format("%H:%M").to_string(),
            end_date,
            end_time: local_end.time().format("%H:%M").to_string(),
            zone: details.zone.iana().to_owned(),
            mode: details.mode.as_str().to_owned(),
            venue: details
                .venue
                .as_ref()
                .map(|v| v.name.clone())
                .unwrap_or_default(),
            venue_region: details
                .venue
                .as_ref()
                .and_then(|v| v.region.as_ref())
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
            meeting_link: details
                .meeting
                .as_ref()
                .map(|m| m.link.as_str().to_owned())
                .unwrap_or_default(),
            meeting_id: details
                .meeting
                .as_ref()
                .and_then(|m| m.meeting_id.clone())
                .unwrap_or_default(),
            passcode: details
                .meeting
                .as_ref()
                .and_then(|m| m.passcode.as_ref())
                .map(|p| p.expose().to_owned())
                .unwrap_or_default(),
            capacity_onsite: details
                .capacity_onsite
                .map(|c| c.to_string())
                .unwrap_or_default(),
            capacity_online: details
                .capacity_online
                .map(|c| c.to_string())
                .unwrap_or_default(),
        }
    }
}

/// A word from a closed set (`parse`), required.
pub(crate) fn required_word<T, F: PartialEq + Copy>(
    errors: &mut ValidationErrors<F>,
    field: F,
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.add(field, Problem::Required);
        return None;
    }
    let parsed = parse(raw);
    if parsed.is_none() {
        errors.add(field, Problem::UnknownChoice);
    }
    parsed
}

/// Trimmed text; `None` (with an error) when required and empty or too long.
pub(crate) fn text<F: PartialEq + Copy>(
    errors: &mut ValidationErrors<F>,
    field: F,
    raw: &str,
    required: bool,
    max_chars: usize,
) -> Option<String> {
    let trimmed = raw.trim();
    if required && trimmed.is_empty() {
        errors.add(field, Problem::Required);
        return None;
    }
    if trimmed.chars().count() > max_chars {
        errors.add(field, Problem::TooLong { max: max_chars });
        return None;
    }
    Some(trimmed.to_owned())
}

/// A date as `2023-01-31`, in the years Simpul plans for (2000 to 2100).
pub(crate) fn date<F: PartialEq + Copy>(
    errors: &mut ValidationErrors<F>,
    field: F,
    raw: &str,
    required: bool,
) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        if required {
            errors.add(field, Problem::Required);
        }
        return None;
    }
    let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)));
    if parsed.is_none() {
        errors.add(field, Problem::InvalidDate);
    }
    parsed
}

/// A region code, if one was given.
pub(crate) fn optional_region<F: PartialEq + Copy>(
    errors: &mut ValidationErrors<F>,
    field: F,
    raw: &str,
) -> Option<RegionCode> {
    if raw.trim().is_empty() {
        return None;
    }
    match RegionCode::parse(raw) {
        Ok(code) => Some(code),
        Err(_) => {
            errors.add(field, Problem::InvalidRegion);
            None
        }
    }
}

/// Wall-clock times in `zone` as a [`TimeRange`]; a time that does not exist there is
/// the start field's problem, an end not after the start the end field's.
pub(crate) fn local_range<F: PartialEq + Copy>(
    errors: &mut ValidationErrors<F>,
    zone: Zone,
    (start, start_field): (chrono::NaiveDateTime, F),
    (end, end_field): (chrono::NaiveDateTime, F),
) -> Option<TimeRange> {
    match (zone.to_utc(start), zone.to_utc(end)) {
        (Some(start), Some(end)) => {
            let range = TimeRange::new(start, end);
            if range.is_none() {
                errors.add(end_field, Problem::EndNotAfterStart);
            }
            range
        }
        _ => {
            errors.add(start_field, Problem::InvalidTime);
            None
        }
    }
}

/// A time of day as people type it; required.
pub(crate) fn clock<F: PartialEq + Copy>(
    errors: &mut ValidationErrors<F>,
    field: F,
    raw: &str,
) -> Option<NaiveTime> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.add(field, Problem::Required);
        return None;
    }
    // Accept 09:00 (browsers), 09.00 (as Indonesians write it) and 09:00:00.
    let normalised = raw.replace('.', ":");
    let parsed = NaiveTime::parse_from_str(&normalised, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&normalised, "%H:%M:%S"))
        .ok();
    if parsed.is_none() {
        errors.add(field, Problem::InvalidTime);
    }
    parsed
}

/// Largest capacity accepted for one mode.
pub const MAX_CAPACITY: u32 = 100_000;

/// An optional whole number from 1 to `max` (capacities, quotas).
pub(crate) fn optional_count<F: PartialEq + Copy>(
    errors: &mut ValidationErrors<F>,
    field: F,
    raw: &str,
    max: u32,
) -> Option<u32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        _ => {
            errors.add(field, Problem::NotAPositiveNumber { max: max as usize });
            None
        }
    }
}

/// Which sessions a list asks for. Everything is optional; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    /// Sessions still going on or ahead at this instant (ending after it).
    pub from: Option<DateTime<Utc>>,
    /// Sessions starting before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Sessions that had ended by this instant (the "past" list).
    pub ended_by: Option<DateTime<Utc>>,
    pub kind: Option<SessionKind>,
    /// Sessions that invite this region: for a province, sessions that invite it or any
    /// of its regencies; for a regency, sessions that invite it or its whole province.
    pub region: Option<RegionCode>,
    pub statuses: Vec<SessionStatus>,
    /// Sessions where this speaker has a part (in one of `answers`, when given).
    pub speaker: Option<crate::speaker::SpeakerId>,
    /// Sessions where a speaker of this institution has a part (in one of `answers`).
    pub institution: Option<crate::speaker::InstitutionId>,
    /// The speakers' invitation statuses that count for `speaker` and `institution`.
    pub answers: Vec<InvitationStatus>,
    /// Newest first when true (the "past sessions" list).
    pub newest_first: bool,
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Problem;

    fn valid_form() -> SessionForm {
        SessionForm {
            kind: "webinar".into(),
            title: "Menjaga Netralitas Penyelenggara Negara".into(),
            organizer_unit: "Direktorat Politik Dalam Negeri".into(),
            start_date: "2023-01-31".into(),
            start_time: "09:00".into(),
            end_time: "12.00".into(),
            zone: "Asia/Jakarta".into(),
            mode: "daring".into(),
            meeting_link: "https://zoom.us/j/123456789".into(),
            passcode: "rahasia".into(),
            ..Default::default()
        }
    }

    fn problems(form: &SessionForm) -> Vec<(SessionField, Problem)> {
        match form.validate() {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    #[test]
    fn a_valid_online_session_is_accepted_in_utc() {
        let details = valid_form().validate().expect("valid");
        assert_eq!(
            details.time.start().to_rfc3339(),
            "2023-01-31T02:00:00+00:00"
        );
        assert_eq!(details.time.end().to_rfc3339(), "2023-01-31T05:00:00+00:00");
        assert_eq!(details.venue, None);
        let meeting = details.meeting.expect("daring has a meeting");
        assert_eq!(
            meeting.passcode.map(|p| p.expose().to_owned()),
            Some("rahasia".into())
        );
    }

    #[test]
    fn an_empty_form_names_every_required_field() {
        let fields: Vec<_> = problems(&SessionForm::default())
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for field in [
            SessionField::Kind,
            SessionField::Mode,
            SessionField::Zone,
            SessionField::Title,
            SessionField::OrganizerUnit,
            SessionField::StartDate,
            SessionField::StartTime,
            SessionField::EndTime,
        ] {
            assert!(fields.contains(&field), "{field:?} missing from {fields:?}");
        }
    }

    #[test]
    fn the_end_must_come_after_the_start() {
        let form = SessionForm {
            end_time: "08:00".into(),
            ..valid_form()
        };
        assert_eq!(
            problems(&form),
            vec![(SessionField::EndTime, Problem::EndNotAfterStart)]
        );
        let same = SessionForm {
            end_time: "09:00".into(),
            ..valid_form()
        };
        assert_eq!(
            problems(&same),
            vec![(SessionField::EndTime, Problem::EndNotAfterStart)]
        );
        let next_day = SessionForm {
            end_date: "2023-02-01".into(),
            end_time: "08:00".into(),
            ..valid_form()
        };
        assert!(next_day.validate().is_ok());
    }

    #[test]
    fn online_and_hybrid_sessions_need_a_link() {
        let form = SessionForm {
            meeting_link: String::new(),
            ..valid_form()
        };
        assert_eq!(
            problems(&form),
            vec![(SessionField::MeetingLink, Problem::RequiredForMode)]
        );
        let bad = SessionForm {
            meeting_link: "javascript:alert(1)".into(),
            ..valid_form()
        };
        assert_eq!(
            problems(&bad),
            vec![(SessionField::MeetingLink, Problem::InvalidLink)]
        );
    }

    #[test]
    fn on_site_and_hybrid_sessions_need_a_venue() {
        let form = SessionForm {
            mode: "hybrid".into(),
            ..valid_form()
        };
        assert_eq!(
            problems(&form),
            vec![(SessionField::Venue, Problem::RequiredForMode)]
        );
        let with_venue = SessionForm {
            mode: "luring".into(),
            venue: "Ruang Rapat Bajakah".into(),
            venue_region: "62".into(),
            ..valid_form()
        };
        let details = with_venue.validate().expect("valid");
        assert_eq!(details.meeting, None, "a luring session keeps no link");
        assert_eq!(
            details.venue.and_then(|v| v.region).map(|r| r.to_string()),
            Some("62".into())
        );
    }

    #[test]
    fn rejects_unknown_words_bad_dates_and_numbers() {
        let form = SessionForm {
            kind: "party".into(),
            zone: "Europe/Paris".into(),
            start_date: "31/01/2023".into(),
            start_time: "25:00".into(),
            capacity_onsite: "-3".into(),
            capacity_online: "banyak".into(),
            venue_region: "Jawa".into(),
            ..valid_form()
        };
        let found = problems(&form);
        for expected in [
            (SessionField::Kind, Problem::UnknownChoice),
            (SessionField::Zone, Problem::UnknownChoice),
            (SessionField::StartDate, Problem::InvalidDate),
            (SessionField::StartTime, Problem::InvalidTime),
            (
                SessionField::CapacityOnsite,
                Problem::NotAPositiveNumber { max: 100_000 },
            ),
            (
                SessionField::CapacityOnline,
                Problem::NotAPositiveNumber { max: 100_000 },
            ),
            (SessionField::VenueRegion, Problem::InvalidRegion),
        ] {
            assert!(found.contains(&expected), "{expected:?} not in {found:?}");
        }
    }

    #[test]
    fn rejects_overlong_text() {
        let form = SessionForm {
            title: "x".repeat(MAX_SHORT_TEXT + 1),
            ..valid_form()
        };
        assert_eq!(
            problems(&form),
            vec![(
                SessionField::Title,
                Problem::TooLong {
                    max: MAX_SHORT_TEXT
                }
            )]
        );
    }

    #[test]
    fn the_form_round_trips_through_details() {
        let details = SessionForm {
            mode: "hybrid".into(),
            venue: "Aula Lantai III".into(),
            end_date: "2023-02-01".into(),
            capacity_online: "500".into(),
            ..valid_form()
        }
        .validate()
        .expect("valid");
        let again = SessionForm::from_details(&details)
            .validate()
            .expect("still valid");
        assert_eq!(again, details);
    }

    #[test]
    fn status_transitions() {
        use SessionStatus::*;
        assert_eq!(Draft.transition(Published), Ok(Published));
        assert_eq!(Published.transition(Cancelled), Ok(Cancelled));
        assert_eq!(Published.transition(Completed), Ok(Completed));
        for (from, to) in [
            (Cancelled, Published),
            (Completed, Cancelled),
            (Published, Draft),
            (Draft, Completed),
        ] {
            assert_eq!(from.transition(to), Err(ForbiddenTransition { from, to }));
        }
        assert!(!Draft.is_public());
        assert!(Cancelled.is_public(), "a cancelled session stays visible");
        assert!(SessionStatus::PUBLIC.iter().all(|s| s.is_public()));
        assert!(SessionStatus::OPEN.iter().all(|s| s.is_editable()));
    }

    #[test]
    fn passcodes_do_not_print() {
        let details = valid_form().validate().expect("valid");
        let debug = format!("{details:?}");
        assert!(!debug.contains("rahasia"), "{debug}");
    }

    #[test]
    fn attendee_relevant_changes_are_detected() {
        let before = valid_form().validate().expect("valid");
        let retitled_theme = SessionForm {
            theme: "Tema baru".into(),
            ..valid_form()
        }
        .validate()
        .expect("valid");
        assert!(!before.differs_for_attendees(&retitled_theme));
        let moved = SessionForm {
            start_time: "10:00".into(),
            ..valid_form()
        }
        .validate()
        .expect("valid");
        assert!(before.differs_for_attendees(&moved));
    }

    #[test]
    fn time_ranges_overlap() {
        let t = |h| {
            Utc.with_ymd_and_hms(2023, 1, 31, h, 0, 0)
                .single()
                .expect("valid")
        };
        use chrono::TimeZone;
        let a = TimeRange::new(t(1), t(3)).expect("valid");
        let b = TimeRange::new(t(2), t(4)).expect("valid");
        let c = TimeRange::new(t(3), t(5)).expect("valid");
        assert!(a.overlaps(&b));
        assert!(!a.overlaps(&c), "touching ranges do not overlap");
        assert!(TimeRange::new(t(3), t(3)).is_none());
    }

    #[test]
    fn session_ids_parse_strictly() {
        assert_eq!(SessionId::parse("42"), Some(SessionId(42)));
        for bad in ["0", "-1", "abc", "", "1.5", "99999999999999999999"] {
            assert_eq!(SessionId::parse(bad), None, "{bad}");
        }
    }
}
