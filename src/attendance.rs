//! Attendance: who came (checked in on site, online, or walked in), how long they
//! stayed in the online meeting (from Zoom's participant report), and the organizer's
//! own word (present, absent, excused with a reason), which settles it.
//!
//! Every check-in is kept with its time; the attendance list shows the first and
//! counts the rest, so a second scan is answered "already checked in at 09.02".

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::region::RegionCode;
use crate::registration::{
    Invitation, RegistrationId, code_from_random, invitation_for, read_code,
};
use crate::session::word_enum;
use crate::validation::Problem;

pub mod zoom;

word_enum!(
    /// Whether a registrant took part, as the attendance list states it.
    AttendanceStatus {
        Present => "present",
        Absent => "absent",
        /// Izin: away with the organizer's leave, with a reason.
        Excused => "excused",
    }
);

word_enum!(
    /// How a check-in was made.
    CheckInMethod {
        /// The QR code scanned, or the code typed, at the door.
        Code => "code",
        /// Found by name or NIP on the check-in page.
        Search => "search",
        /// Registered and checked in at the door.
        WalkIn => "walk_in",
        /// By the participant, online, during the session's window.
        Online => "online",
        /// Through the JSON API.
        Api => "api",
    }
);

word_enum!(
    /// Whether online participants may check themselves in.
    OnlineCheckIn {
        /// From [`ONLINE_OPENS_BEFORE`] the start until the end of the session.
        Auto => "auto",
        /// Opened by the organizer (for a session that runs late, say).
        Open => "open",
        /// Closed by the organizer.
        Closed => "closed",
    }
);

/// How long before the start online check-in opens by itself.
pub const ONLINE_OPENS_BEFORE: Duration = Duration::minutes(30);

impl OnlineCheckIn {
    /// Whether an online participant may check in at `now`.
    pub fn accepts(self, now: DateTime<Utc>, starts: DateTime<Utc>, ends: DateTime<Utc>) -> bool {
        match self {
            Self::Auto => now >= starts - ONLINE_OPENS_BEFORE && now <= ends,
            Self::Open => true,
            Self::Closed => false,
        }
    }
}

/// The attendance of one registration: the organizer's mark when there is one;
/// otherwise present when checked in or seen in the online meeting, else absent.
pub fn status_of(
    mark: Option<AttendanceStatus>,
    checked_in: bool,
    online_minutes: u32,
) -> AttendanceStatus {
    match mark {
        Some(mark) => mark,
        None if checked_in || online_minutes > 0 => AttendanceStatus::Present,
        None => AttendanceStatus::Absent,
    }
}

/// Longest reason for an excused absence.
pub const MAX_REASON: usize = 500;

/// The organizer's mark as typed in the attendance list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkForm {
    /// `present`, `absent`, `excused`, or empty to go back to what the check-ins say.
    pub status: String,
    pub reason: String,
}

/// A checked mark: `None` status clears the organizer's word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub status: Option<AttendanceStatus>,
    /// Only for an excused absence.
    pub reason: String,
}

/// The field of a [`MarkForm`] a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkField {
    Status,
    Reason,
}

impl MarkForm {
    /// An excused absence needs its reason; the others keep none.
    pub fn validate(&self) -> Result<Mark, (MarkField, Problem)> {
        let status = match self.status.trim() {
            "" => None,
            word => Some(
                AttendanceStatus::parse(word).ok_or((MarkField::Status, Problem::UnknownChoice))?,
            ),
        };
        let reason = self.reason.trim();
        if status == Some(AttendanceStatus::Excused) {
            if reason.is_empty() {
                return Err((MarkField::Reason, Problem::Required));
            }
            if reason.chars().count() > MAX_REASON {
                return Err((MarkField::Reason, Problem::TooLong { max: MAX_REASON }));
            }
        }
        Ok(Mark {
            status,
            reason: if status == Some(AttendanceStatus::Excused) {
                reason.to_owned()
            } else {
                String::new()
            },
        })
    }
}

/// Why a check-in was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CheckInRefusal {
    #[error("no registration has this code")]
    UnknownCode,
    /// The code belongs to a registration of another session.
    #[error("this code is for another session: {title}")]
    OtherSession { title: String },
    #[error("this registration was cancelled")]
    Cancelled,
    /// Drafts and cancelled sessions take no check-ins.
    #[error("this session takes no check-ins")]
    SessionNotOpen,
    /// Online check-in outside the window, or for an on-site registration.
    #[error("online check-in is closed")]
    OnlineClosed,
    /// Online check-in of someone still on the waitlist (at the door the organizer
    /// admits them; online, a seat is not theirs to take).
    #[error("this registration is on the waitlist")]
    Waitlisted,
}

impl CheckInRefusal {
    /// The code the API and the pages answer with.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownCode => "unknown_code",
            Self::OtherSession { .. } => "other_session",
            Self::Cancelled => "cancelled",
            Self::SessionNotOpen => "session_not_open",
            Self::OnlineClosed => "online_closed",
            Self::Waitlisted => "waitlisted",
        }
    }
}

/// One line of the recap ("Rekap") of a session's attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecapLine {
    pub region: RegionCode,
    /// Whether the session invites this region's own office.
    pub invited: bool,
    /// People registered (confirmed); for a province, with its regencies'.
    pub registered: u32,
    pub present: u32,
}

/// The recap per province and regency: every region invited or with people
/// registered, in code order, each province followed by its regencies; a province's
/// numbers include its regencies'. `people` holds each confirmed registrant's region
/// and attendance.
pub fn recap(
    regions: &[RegionCode],
    invitations: &[Invitation],
    people: &[(RegionCode, AttendanceStatus)],
) -> Vec<RecapLine> {
    let mut lines: Vec<RecapLine> = regions
        .iter()
        .map(|region| {
            let mine = people.iter().filter(|(r, _)| {
                if region.is_province() {
                    r.province() == *region
                } else {
                    r == region
                }
            });
            let (registered, present) = mine.fold((0, 0), |(registered, present), (_, status)| {
                (
                    registered + 1,
                    present + u32::from(*status == AttendanceStatus::Present),
                )
            });
            RecapLine {
                region: region.clone(),
                invited: invitation_for(invitations, region).is_some(),
                registered,
                present,
            }
        })
        .filter(|line| line.invited || line.registered > 0)
        .collect();
    lines.sort_by(|a, b| a.region.cmp(&b.region));
    lines
}

/// Length of a certificate's verification code (31^12 ≈ 8×10^17: not guessable).
pub const CERTIFICATE_CODE_LENGTH: usize = 12;

/// The verification code printed on an attendance certificate (e-sertifikat), with
/// the check-in codes' alphabet (no 0/O, 1/I/L), shown `ABCD-EFGH-JKMN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CertificateCode(String);

impl CertificateCode {
    pub fn from_random(bytes: [u8; CERTIFICATE_CODE_LENGTH]) -> Self {
        Self(code_from_random(&bytes))
    }

    /// Reads a code as typed: case, spaces and dashes ignored.
    pub fn parse(raw: &str) -> Option<Self> {
        read_code(raw, CERTIFICATE_CODE_LENGTH).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `ABCD-EFGH-JKMN`.
    pub fn grouped(&self) -> String {
        format!("{}-{}-{}", &self.0[..4], &self.0[4..8], &self.0[8..])
    }
}

impl TryFrom<String> for CertificateCode {
    type Error = &'static str;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or("not a certificate code")
    }
}

impl From<CertificateCode> for String {
    fn from(code: CertificateCode) -> Self {
        code.0
    }
}

/// Whether a session gives attendance certificates: webinars do (their participants
/// ask for them); rakor and briefings are working meetings and do not.
pub fn gives_certificates(kind: crate::session::SessionKind) -> bool {
    kind == crate::session::SessionKind::Webinar
}

/// A check-in as its answer shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInAnswer {
    pub registration: RegistrationId,
    /// `false` when the person had checked in before (this one is kept too).
    pub new: bool,
    /// The person's first check-in.
    pub first_at: DateTime<Utc>,
    pub at: DateTime<Utc>,
    /// The person was waitlisted and is now confirmed (they came).
    pub admitted_from_waitlist: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, hour, minute, 0)
            .single()
            .expect("valid time")
    }

    #[test]
    fn the_recap_counts_a_province_with_its_regencies() {
        use AttendanceStatus::*;
        let code = |raw: &str| RegionCode::parse(raw).expect("code");
        let regions: Vec<RegionCode> = ["32", "32.01", "32.12", "33", "33.01", "34"]
            .iter()
            .map(|c| code(c))
            .collect();
        let invitations = vec![
            Invitation::without_quota(code("32"), true),
            Invitation::without_quota(code("33"), false),
        ];
        let people = vec![
            (code("32"), Present),
            (code("32.12"), Present),
            (code("32.12"), Excused),
            (code("34"), Absent),
        ];
        let lines: Vec<(String, bool, u32, u32)> = recap(&regions, &invitations, &people)
            .into_iter()
            .map(|l| (l.region.to_string(), l.invited, l.registered, l.present))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("32".into(), true, 3, 2),
                ("32.01".into(), true, 0, 0),
                ("32.12".into(), true, 2, 1),
                // Invited without its regencies: 33.01 is left out.
                ("33".into(), true, 0, 0),
                // Not invited, but someone registered (an organizer added them).
                ("34".into(), false, 1, 0),
            ]
        );
    }

    #[test]
    fn certificate_codes_read_as_typed() {
        let code = CertificateCode::from_random([0, 1, 2, 3, 4, 5, 6, 7, 30, 31, 200, 255]);
        assert_eq!(code.as_str().len(), CERTIFICATE_CODE_LENGTH);
        assert_eq!(code.grouped().len(), 14);
        assert_eq!(
            CertificateCode::parse(&code.grouped().to_lowercase()),
            Some(code)
        );
        assert_eq!(CertificateCode::parse("ABCD-EFGH-JKM0"), None);
        assert_eq!(CertificateCode::parse("ABCD-EFGH"), None);
        assert!(gives_certificates(crate::session::SessionKind::Webinar));
        assert!(!gives_certificates(crate::session::SessionKind::Rakor));
    }

    #[test]
    fn online_check_in_opens_half_an_hour_before_and_closes_at_the_end() {
        let (starts, ends) = (at(2, 0), at(5, 0));
        let auto = OnlineCheckIn::Auto;
        assert!(!auto.accepts(at(1, 29), starts, ends));
        assert!(auto.accepts(at(1, 30), starts, ends));
        assert!(auto.accepts(at(5, 0), starts, ends));
        assert!(!auto.accepts(at(5, 1), starts, ends));
        assert!(OnlineCheckIn::Open.accepts(at(9, 0), starts, ends));
        assert!(!OnlineCheckIn::Closed.accepts(at(3, 0), starts, ends));
    }

    #[test]
    fn the_organizers_mark_settles_attendance() {
        use AttendanceStatus::*;
        assert_eq!(status_of(None, false, 0), Absent);
        assert_eq!(status_of(None, true, 0), Present);
        assert_eq!(status_of(None, false, 12), Present);
        assert_eq!(status_of(Some(Absent), true, 30), Absent);
        assert_eq!(status_of(Some(Excused), false, 0), Excused);
        assert_eq!(status_of(Some(Present), false, 0), Present);
    }

    #[test]
    fn an_excused_absence_needs_a_reason() {
        let form = |status: &str, reason: &str| MarkForm {
            status: status.into(),
            reason: reason.into(),
        };
        assert_eq!(
            form("excused", " ").validate(),
            Err((MarkField::Reason, Problem::Required))
        );
        assert_eq!(
            form("excused", &"x".repeat(501)).validate(),
            Err((MarkField::Reason, Problem::TooLong { max: 500 }))
        );
        assert_eq!(
            form("excused", " sakit ").validate(),
            Ok(Mark {
                status: Some(AttendanceStatus::Excused),
                reason: "sakit".into()
            })
        );
        assert_eq!(
            form("present", "ignored").validate(),
            Ok(Mark {
                status: Some(AttendanceStatus::Present),
                reason: String::new()
            })
        );
        assert_eq!(
            form("", "").validate(),
            Ok(Mark {
                status: None,
                reason: String::new()
            })
        );
        assert_eq!(
            form("hadir", "").validate(),
            Err((MarkField::Status, Problem::UnknownChoice))
        );
    }
}
