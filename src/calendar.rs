//! Calendars: which sessions a feed holds, what one event says, and the links that
//! put a session or a whole feed into Google Calendar, Outlook or a phone.
//!
//! The feed itself (iCalendar text) is written by [`feed::render`] with the
//! `calendar` feature, on the server only. The types and links here are plain data
//! and strings, so the browser build shares them.

#[cfg(feature = "calendar")]
pub mod feed;
pub mod links;

use chrono::{DateTime, Duration, NaiveTime, Utc};

use crate::region::RegionCode;
use crate::session::{
    SessionDetails, SessionId, SessionKind, SessionMode, SessionStatus, SpeakerRole,
};
use crate::speaker::SpeakerId;

/// How far back a feed reaches: sessions that ended within the last year stay, so a
/// subscriber's calendar keeps its recent history while years of sessions do not make
/// the feed grow without end (calendar apps drop oversized feeds).
pub const PAST_DAYS: i64 = 365;

/// How often calendar apps are asked to fetch a feed again (REFRESH-INTERVAL and
/// X-PUBLISHED-TTL). Google Calendar refreshes on its own schedule whatever this says.
pub const REFRESH_HOURS: i64 = 1;

/// The translation keys a feed's text uses besides the kind, mode and role words
/// (the app's tests check each is in both catalogues).
pub const FEED_WORDS: [&str; 9] = [
    "calendar-cancelled-prefix",
    "calendar-cancelled-note",
    "calendar-theme",
    "calendar-meeting-link",
    "calendar-meeting-id",
    "calendar-passcode",
    "calendar-rundown",
    "calendar-speakers",
    "calendar-page",
];

/// The earliest end a session may have to be in a feed requested at `now`: midnight
/// UTC [`PAST_DAYS`] days ago. Whole days, so a feed's content (and its cache) only
/// changes once a day on its own.
pub fn window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    (now - Duration::days(PAST_DAYS))
        .date_naive()
        .and_time(NaiveTime::MIN)
        .and_utc()
}

/// One public feed: the whole schedule, one kind, one region or one speaker.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FeedScope {
    All,
    Kind(SessionKind),
    /// Sessions that invite this region (for a regency also those that invite its
    /// whole province; for a province also those that invite some of its regencies),
    /// as the schedule's region filter and the operator's home read it.
    Region(RegionCode),
    Speaker(SpeakerId),
}

impl FeedScope {
    /// The feed's path on the site, e.g. `/calendar/region/32.12.ics`.
    pub fn path(&self) -> String {
        match self {
            Self::All => "/calendar.ics".to_owned(),
            Self::Kind(kind) => format!("/calendar/kind/{}.ics", kind.as_str()),
            Self::Region(code) => format!("/calendar/region/{}.ics", code.as_str()),
            Self::Speaker(id) => format!("/calendar/speaker/{}.ics", id.0),
        }
    }

    /// The feed a path names (the inverse of [`FeedScope::path`]); `None` for any
    /// other path.
    pub fn from_path(path: &str) -> Option<Self> {
        if path == "/calendar.ics" {
            return Some(Self::All);
        }
        let rest = path.strip_prefix("/calendar/")?.strip_suffix(".ics")?;
        let (kind, name) = rest.split_once('/')?;
        match kind {
            "kind" => SessionKind::parse(name).map(Self::Kind),
            "region" => RegionCode::parse(name).ok().map(Self::Region),
            "speaker" => SpeakerId::parse(name).map(Self::Speaker),
            _ => None,
        }
    }
}

/// The path of one session's calendar file.
pub fn session_path(id: SessionId) -> String {
    format!("/sessions/{}.ics", id.0)
}

/// The path of a private feed.
pub fn private_path(token: &str) -> String {
    format!("/calendar/private/{token}.ics")
}

/// What an event may show of how to join online: the public page shows the link and
/// the meeting ID; only registrants, speakers and organizers get the passcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    Public,
    Private,
}

/// A speaker as an event's description lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpeaker {
    pub name: String,
    pub institution: Option<String>,
    pub role: SpeakerRole,
    pub topic: String,
}

/// One slot of the rundown, for the description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSlot {
    pub time: crate::session::TimeRange,
    pub title: String,
    pub speakers: Vec<String>,
}

/// Everything a calendar event of a session says. `details.meeting` carries the
/// passcode only when the feed is private (storage reads it only then, and
/// [`feed::render`] writes it only for [`Disclosure::Private`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    pub session: SessionId,
    pub status: SessionStatus,
    /// The session's revision: SEQUENCE, rising with each change that matters to
    /// attendees (time, place, link, status).
    pub revision: i64,
    pub details: SessionDetails,
    pub venue_region_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Speakers who have confirmed, in the session's order.
    pub speakers: Vec<EventSpeaker>,
    pub rundown: Vec<EventSlot>,
}

/// Where a session is, for calendars: the meeting link of an online session, else
/// the venue with its region (hybrid sessions are placed where people meet).
pub fn location(details: &SessionDetails, venue_region_name: Option<&str>) -> Option<String> {
    match (details.mode, &details.venue, &details.meeting) {
        (SessionMode::Daring, _, Some(meeting)) => Some(meeting.link.as_str().to_owned()),
        (_, Some(venue), _) => Some(venue.place(venue_region_name)),
        _ => None,
    }
}

/// A stable, world-unique UID for a session's event: the same for as long as the
/// session exists, whatever changes and whichever server answers.
pub fn event_uid(id: SessionId) -> String {
    format!("sesi-{}@simpul.polpum.kemendagri.go.id", id.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_window_starts_at_midnight_a_year_back() {
        let now = Utc
            .with_ymd_and_hms(2027, 3, 3, 17, 45, 12)
            .single()
            .expect("valid");
        assert_eq!(
            window_start(now),
            Utc.with_ymd_and_hms(2026, 3, 3, 0, 0, 0)
                .single()
                .expect("valid")
        );
        // The whole day gives the same window (one cache entry a day).
        let later = Utc
            .with_ymd_and_hms(2027, 3, 3, 23, 59, 59)
            .single()
            .expect("valid");
        assert_eq!(window_start(now), window_start(later));
    }

    #[test]
    fn feed_paths() {
        assert_eq!(FeedScope::All.path(), "/calendar.ics");
        assert_eq!(
            FeedScope::Kind(SessionKind::Webinar).path(),
            "/calendar/kind/webinar.ics"
        );
        let regency = RegionCode::parse("32.12").expect("valid");
        assert_eq!(
            FeedScope::Region(regency).path(),
            "/calendar/region/32.12.ics"
        );
        assert_eq!(
            FeedScope::Speaker(SpeakerId(7)).path(),
            "/calendar/speaker/7.ics"
        );
        for scope in [
            FeedScope::All,
            FeedScope::Kind(SessionKind::Rakor),
            FeedScope::Region(RegionCode::parse("32").expect("valid")),
            FeedScope::Speaker(SpeakerId(7)),
        ] {
            assert_eq!(FeedScope::from_path(&scope.path()), Some(scope));
        }
        for other in [
            "/calendar/kind/rapat.ics",
            "/calendar/region/99.99.99.ics",
            "/calendar/speaker/x.ics",
            "/calendar/private/abc.ics",
            "/calendar/region/32",
            "/sessions/1.ics",
        ] {
            assert_eq!(FeedScope::from_path(other), None, "{other}");
        }
        assert_eq!(session_path(SessionId(12)), "/sessions/12.ics");
        assert_eq!(
            event_uid(SessionId(12)),
            "sesi-12@simpul.polpum.kemendagri.go.id"
        );
    }
}
