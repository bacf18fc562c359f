//! The rundown (susunan acara) of a session, and the conflicts an organizer is warned
//! of before saving: a speaker in two sessions at once, a slot outside its session,
//! two sessions in one room at once.
//!
//! Conflicts are warnings, not refusals: a speaker may well open one rakor by video
//! and join another, and the organizer knows that. They are shown, and saving goes on
//! when the organizer says so.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::session::{
    RundownKind, SessionId, TimeRange, Venue, clock, date, local_range, required_word, text,
    word_enum,
};
use crate::speaker::{SessionSpeakerId, text_key};
use crate::validation::{Problem, ValidationErrors};
use crate::zone::Zone;

word_enum!(
    /// The fields of the rundown slot form.
    RundownField {
        Date => "date",
        StartTime => "start_time",
        EndTime => "end_time",
        Title => "title",
        Kind => "kind",
        Speakers => "speakers",
    }
);

/// Longest slot title accepted, in characters.
pub const MAX_SLOT_TITLE: usize = 300;

/// A rundown slot as typed, in the session's own time zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RundownForm {
    /// `2023-01-31`; empty means the session's first day.
    pub date: String,
    /// `09:00` or `09.00`
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub kind: String,
    /// Ids of the session's speakers who speak in this slot.
    pub speakers: Vec<String>,
}

/// A validated rundown slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RundownDetails {
    pub time: TimeRange,
    pub title: String,
    pub kind: RundownKind,
    pub speakers: Vec<SessionSpeakerId>,
}

impl RundownForm {
    /// Reads the slot's wall-clock times in `zone` on `date` (or `first_day`).
    pub fn validate(
        &self,
        zone: Zone,
        first_day: NaiveDate,
    ) -> Result<RundownDetails, ValidationErrors<RundownField>> {
        use RundownField as F;
        let mut errors = ValidationErrors::default();
        let date = if self.date.trim().is_empty() {
            Some(first_day)
        } else {
            date(&mut errors, F::Date, &self.date, true)
        };
        let start = clock(&mut errors, F::StartTime, &self.start_time);
        let end = clock(&mut errors, F::EndTime, &self.end_time);
        let title = text(&mut errors, F::Title, &self.title, true, MAX_SLOT_TITLE);
        let kind = required_word(&mut errors, F::Kind, &self.kind, RundownKind::parse);
        let mut speakers = Vec::new();
        for raw in self.speakers.iter().filter(|s| !s.trim().is_empty()) {
            match SessionSpeakerId::parse(raw) {
                Some(id) if !speakers.contains(&id) => speakers.push(id),
                Some(_) => {}
                None => errors.add(F::Speakers, Problem::UnknownChoice),
            }
        }
        let time = match (date, start, end) {
            (Some(date), Some(start), Some(end)) => local_range(
                &mut errors,
                zone,
                (date.and_time(start), F::StartTime),
                (date.and_time(end), F::EndTime),
            ),
            _ => None,
        };
        match (errors.is_empty(), time, title, kind) {
            (true, Some(time), Some(title), Some(kind)) => Ok(RundownDetails {
                time,
                title,
                kind,
                speakers,
            }),
            _ => Err(errors),
        }
    }
}

/// Another session that something is booked into: a speaker's, or a room's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub session: SessionId,
    pub title: String,
    pub time: TimeRange,
}

/// Something the organizer should know before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    /// The speaker is also in another session at an overlapping time.
    SpeakerBusy { speaker: String, other: Booking },
    /// A rundown slot starts before or ends after its session.
    SlotOutsideSession { slot: String },
    /// Another session uses the same room at an overlapping time.
    RoomTaken { venue: String, other: Booking },
}

/// The bookings of other sessions that overlap `time` (the session itself excluded).
pub fn overlapping<'a>(
    this: SessionId,
    time: &TimeRange,
    bookings: &'a [Booking],
) -> impl Iterator<Item = &'a Booking> {
    let time = *time;
    bookings
        .iter()
        .filter(move |b| b.session != this && b.time.overlaps(&time))
}

/// A speaker's overlapping sessions, as warnings.
pub fn speaker_conflicts(
    this: SessionId,
    time: &TimeRange,
    speaker: &str,
    bookings: &[Booking],
) -> Vec<Conflict> {
    overlapping(this, time, bookings)
        .map(|other| Conflict::SpeakerBusy {
            speaker: speaker.to_owned(),
            other: other.clone(),
        })
        .collect()
}

/// Whether a slot lies (partly) outside its session's time.
pub fn slot_outside(session: &TimeRange, slot: &TimeRange) -> bool {
    slot.start() < session.start() || slot.end() > session.end()
}

/// The slots that lie outside the session, as warnings.
pub fn slot_conflicts<'a>(
    session: &TimeRange,
    slots: impl IntoIterator<Item = (&'a str, &'a TimeRange)>,
) -> Vec<Conflict> {
    slots
        .into_iter()
        .filter(|(_, time)| slot_outside(session, time))
        .map(|(title, _)| Conflict::SlotOutsideSession {
            slot: title.to_owned(),
        })
        .collect()
}

/// How a room is recognised across sessions: its name without case, punctuation or
/// extra spaces, and its region when both sessions give one. "Ruang Rapat Bajakah" and
/// "ruang rapat  bajakah" are the same room.
pub fn same_room(a: &Venue, b: &Venue) -> bool {
    let (ka, kb) = (text_key(&a.name), text_key(&b.name));
    !ka.is_empty()
        && ka == kb
        && match (&a.region, &b.region) {
            (Some(ra), Some(rb)) => ra == rb,
            _ => true,
        }
}

/// Other sessions in the same room at an overlapping time, as warnings.
pub fn room_conflicts(
    this: SessionId,
    time: &TimeRange,
    venue: &Venue,
    others: &[(Booking, Venue)],
) -> Vec<Conflict> {
    others
        .iter()
        .filter(|(booking, other_venue)| {
            booking.session != this && booking.time.overlaps(time) && same_room(venue, other_venue)
        })
        .map(|(booking, _)| Conflict::RoomTaken {
            venue: venue.name.clone(),
            other: booking.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::RegionCode;
    use chrono::{TimeZone, Utc};

    fn at(h: u32, m: u32) -> chrono::DateTime<Utc> {
        // 31 January 2023, in UTC; 02:00 UTC is 09:00 WIB.
        Utc.with_ymd_and_hms(2023, 1, 31, h, m, 0)
            .single()
            .expect("valid")
    }

    fn range(a: (u32, u32), b: (u32, u32)) -> TimeRange {
        TimeRange::new(at(a.0, a.1), at(b.0, b.1)).expect("valid")
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 1, 31).expect("valid")
    }

    #[test]
    fn slots_are_read_in_the_session_zone() {
        let form = RundownForm {
            start_time: "09.00".into(),
            end_time: "09:30".into(),
            title: "Pembukaan".into(),
            kind: "opening".into(),
            speakers: vec!["3".into(), "3".into(), "".into()],
            ..Default::default()
        };
        let wib = form.validate(Zone::Wib, day()).expect("valid");
        assert_eq!(wib.time, range((2, 0), (2, 30)));
        assert_eq!(wib.speakers, vec![SessionSpeakerId(3)]);
        let wit = form.validate(Zone::Wit, day()).expect("valid");
        assert_eq!(wit.time, range((0, 0), (0, 30)), "09.00 WIT is 00.00 UTC");
    }

    #[test]
    fn slot_problems_name_their_fields() {
        let errors = RundownForm {
            date: "31-01-2023".into(),
            start_time: "10:00".into(),
            end_time: "25:00".into(),
            kind: "party".into(),
            speakers: vec!["abc".into()],
            ..Default::default()
        }
        .validate(Zone::Wib, day())
        .expect_err("invalid");
        assert_eq!(
            errors.for_field(RundownField::Date),
            Some(Problem::InvalidDate)
        );
        assert_eq!(
            errors.for_field(RundownField::EndTime),
            Some(Problem::InvalidTime)
        );
        assert_eq!(
            errors.for_field(RundownField::Title),
            Some(Problem::Required)
        );
        assert_eq!(
            errors.for_field(RundownField::Kind),
            Some(Problem::UnknownChoice)
        );
        assert_eq!(
            errors.for_field(RundownField::Speakers),
            Some(Problem::UnknownChoice)
        );
        let backwards = RundownForm {
            start_time: "10:00".into(),
            end_time: "09:00".into(),
            title: "Diskusi".into(),
            kind: "discussion".into(),
            ..Default::default()
        }
        .validate(Zone::Wib, day())
        .expect_err("backwards");
        assert_eq!(
            backwards.for_field(RundownField::EndTime),
            Some(Problem::EndNotAfterStart)
        );
    }

    #[test]
    fn a_speaker_in_two_overlapping_sessions_is_a_conflict() {
        let this = SessionId(1);
        let bookings = vec![
            Booking {
                session: SessionId(1),
                title: "Itself".into(),
                time: range((2, 0), (5, 0)),
            },
            Booking {
                session: SessionId(2),
                title: "Rakor Pilkada".into(),
                time: range((4, 0), (6, 0)),
            },
            Booking {
                session: SessionId(3),
                title: "Webinar sore".into(),
                time: range((5, 0), (7, 0)),
            },
        ];
        let found = speaker_conflicts(this, &range((2, 0), (5, 0)), "Bahtiar", &bookings);
        assert_eq!(
            found,
            vec![Conflict::SpeakerBusy {
                speaker: "Bahtiar".into(),
                other: bookings[1].clone()
            }],
            "itself and a session that starts as this one ends are not conflicts"
        );
    }

    #[test]
    fn slots_outside_the_session_are_flagged() {
        let session = range((2, 0), (5, 0));
        let inside = range((2, 0), (2, 30));
        let before = range((1, 30), (2, 15));
        let after = range((4, 30), (5, 30));
        assert!(!slot_outside(&session, &inside));
        assert!(slot_outside(&session, &before));
        let found = slot_conflicts(
            &session,
            [
                ("Pembukaan", &inside),
                ("Registrasi", &before),
                ("Penutup", &after),
            ],
        );
        assert_eq!(
            found,
            vec![
                Conflict::SlotOutsideSession {
                    slot: "Registrasi".into()
                },
                Conflict::SlotOutsideSession {
                    slot: "Penutup".into()
                }
            ]
        );
    }

    #[test]
    fn the_same_room_at_the_same_time_is_a_conflict() {
        let venue = |name: &str, region: Option<&str>| Venue {
            name: name.into(),
            region: region.map(|r| RegionCode::parse(r).expect("valid")),
        };
        let bajakah = venue("Ruang Rapat Bajakah", Some("31"));
        assert!(same_room(&bajakah, &venue("ruang rapat  BAJAKAH", None)));
        assert!(!same_room(
            &bajakah,
            &venue("Ruang Rapat Bajakah", Some("62"))
        ));
        assert!(!same_room(&bajakah, &venue("Aula Lantai III", Some("31"))));
        let other = Booking {
            session: SessionId(9),
            title: "Rakor Ormas".into(),
            time: range((3, 0), (4, 0)),
        };
        let later = Booking {
            session: SessionId(10),
            title: "Sore".into(),
            time: range((6, 0), (7, 0)),
        };
        let found = room_conflicts(
            SessionId(1),
            &range((2, 0), (5, 0)),
            &bajakah,
            &[
                (other.clone(), venue("Ruang Rapat Bajakah", Some("31"))),
                (later, venue("Ruang Rapat Bajakah", Some("31"))),
            ],
        );
        assert_eq!(
            found,
            vec![Conflict::RoomTaken {
                venue: "Ruang Rapat Bajakah".into(),
                other
            }]
        );
    }
}
