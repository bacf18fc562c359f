//! Zoom's participant reports, read into minutes present per person and matched to
//! registrations.
//!
//! Zoom exports two shapes, both CSV:
//! - the meeting's **Participants** report: optionally a block about the meeting
//!   (`Meeting ID,Topic,Start Time,...` and its values, then a blank line), then
//!   `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,...`
//!   (newer exports write `Name (original name),Email,Join time,...`);
//! - the webinar's **Attendee Report**: title lines, a `Topic,Webinar ID,...` block,
//!   then sections `Host Details`, `Panelist Details`, `Attendee Details`, each with
//!   its own header `Attended,User Name (Original Name),...,Join Time,Leave Time,
//!   Time in Session (minutes),...`.
//!
//! A person who left and came back has one row per visit; someone renamed in the
//! meeting shows as `Current Name (Original Name)`. Times carry no zone: they are in
//! the zone of the Zoom account, which for these sessions is the session's own.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::registration::RegistrationId;
use crate::speaker::name_key;
use crate::zone::Zone;

/// Largest report read: a webinar of several thousand visits is well under 1 MB
/// (and forms posted to the server stop at 2 MB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// Why a report could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ReportProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than 2 MB")]
    TooLarge,
    #[error("the file is not a CSV text file")]
    NotText,
    /// No header naming a participant's name and time in the meeting.
    #[error("no participant list (Name, Duration) was found")]
    NoParticipants,
}

/// A row of the report that was passed over, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// The line in the file, from 1.
    pub line: usize,
    pub problem: RowProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowProblem {
    /// Neither a duration nor join and leave times that can be read.
    NoDuration,
    NoName,
}

/// One visit: a row of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub line: usize,
    /// The name shown in the meeting.
    pub name: String,
    /// The name the participant joined with, when they were renamed.
    pub original_name: Option<String>,
    pub email: Option<String>,
    pub joined: Option<DateTime<Utc>>,
    pub left: Option<DateTime<Utc>>,
    pub minutes: u32,
}

/// A person of the report with all their visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub name: String,
    /// Other names seen for the same person.
    pub other_names: Vec<String>,
    pub email: Option<String>,
    /// Minutes present, overlapping visits (two devices) counted once.
    pub minutes: u32,
    pub first_joined: Option<DateTime<Utc>>,
    pub visits: usize,
    /// The lines of the file, for the preview.
    pub lines: Vec<usize>,
}

/// What a report holds: its people, and the rows passed over.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub participants: Vec<Participant>,
    pub skipped: Vec<SkippedRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Email,
    Joined,
    Left,
    Minutes,
    Attended,
}

fn column_of(title: &str) -> Option<Column> {
    let title = title.trim().trim_start_matches('\u{feff}').to_lowercase();
    Some(match title.as_str() {
        "name (original name)"
        | "user name (original name)"
        | "name"
        | "user name"
        | "participant"
        | "nama" => Column::Name,
        "user email" | "email" | "e-mail" | "email address" => Column::Email,
        "join time" => Column::Joined,
        "leave time" => Column::Left,
        "duration (minutes)" | "duration (mins)" | "time in session (minutes)" => Column::Minutes,
        "attended" => Column::Attended,
        _ => return None,
    })
}

/// The columns of a participant header, or `None` when the line is not one.
fn header_of(cells: &[String]) -> Option<Vec<Option<Column>>> {
    let columns: Vec<Option<Column>> = cells.iter().map(|c| column_of(c)).collect();
    let has = |wanted: Column| columns.contains(&Some(wanted));
    (has(Column::Name) && (has(Column::Minutes) || has(Column::Joined))).then_some(columns)
}

/// Splits `Current Name (Original Name)`.
fn names_of(raw: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    if let Some(open) = raw.rfind(" (")
        && raw.ends_with(')')
    {
        let current = raw[..open].trim();
        let original = raw[open + 2..raw.len() - 1].trim();
        if !current.is_empty() && !original.is_empty() {
            return (current.to_owned(), Some(original.to_owned()));
        }
    }
    (raw.to_owned(), None)
}

/// The time formats Zoom has written, in the account's zone.
const TIME_FORMATS: [&str; 7] = [
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y %I:%M %p",
    "%Y-%m-%d %H:%M:%S",
];

fn time_of(raw: &str, zone: Zone) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    TIME_FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
        .and_then(|local| zone.to_utc(local))
}

/// Reads the rows of a report (cells as text, one `Vec` per line of the file; blank
/// lines as empty or all-blank rows).
pub fn report_from_table(lines: &[Vec<String>], zone: Zone) -> Result<Report, ReportProblem> {
    if lines.iter().all(|l| l.iter().all(|c| c.trim().is_empty())) {
        return Err(ReportProblem::Empty);
    }
    let mut visits = Vec::new();
    let mut skipped = Vec::new();
    let mut header: Option<Vec<Option<Column>>> = None;
    let mut found_header = false;
    // Hosts and panelists of a webinar are speakers and staff, not registrants.
    let mut staff_section = false;
    for (index, cells) in lines.iter().enumerate() {
        let line = index + 1;
        let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
        if filled.is_empty() {
            header = None;
            continue;
        }
        if let Some(columns) = header_of(cells) {
            header = Some(columns);
            found_header = true;
            continue;
        }
        // A section title ("Attendee Details"), possibly followed by empty cells.
        let title = filled[0].trim().to_lowercase();
        if filled.len() == 1 && title.ends_with(" details") {
            staff_section = title.starts_with("host") || title.starts_with("panelist");
            header = None;
            continue;
        }
        let Some(columns) = &header else { continue };
        if staff_section {
            continue;
        }
        let cell = |wanted: Column| {
            columns
                .iter()
                .position(|c| *c == Some(wanted))
                .and_then(|i| cells.get(i))
                .map(|c| c.trim())
                .filter(|c| !c.is_empty() && *c != "--")
        };
        if cell(Column::Attended).is_some_and(|a| a.eq_ignore_ascii_case("no")) {
            continue;
        }
        let Some(raw_name) = cell(Column::Name) else {
            skipped.push(SkippedRow {
                line,
                problem: RowProblem::NoName,
            });
            continue;
        };
        let (name, original_name) = names_of(raw_name);
        let joined = cell(Column::Joined).and_then(|t| time_of(t, zone));
        let left = cell(Column::Left).and_then(|t| time_of(t, zone));
        let minutes = match (
            cell(Column::Minutes).and_then(|m| m.parse::<u32>().ok()),
            joined,
            left,
        ) {
            (Some(minutes), ..) => minutes,
            (None, Some(joined), Some(left)) if left >= joined => minutes_between(joined, left),
            _ => {
                skipped.push(SkippedRow {
                    line,
                    problem: RowProblem::NoDuration,
                });
                continue;
            }
        };
        visits.push(Visit {
            line,
            name,
            original_name,
            email: cell(Column::Email).map(str::to_lowercase),
            joined,
            left,
            minutes,
        });
    }
    if !found_header {
        return Err(ReportProblem::NoParticipants);
    }
    Ok(Report {
        participants: participants_of(visits),
        skipped,
    })
}

/// Whole minutes, a started minute counted (as Zoom counts them).
fn minutes_between(from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    let seconds = (to - from).num_seconds().max(0);
    u32::try_from((seconds + 59) / 60).unwrap_or(u32::MAX)
}

/// Groups visits by person: the e-mail when given, else the name's own words.
fn participants_of(visits: Vec<Visit>) -> Vec<Participant> {
    let mut people: BTreeMap<String, Vec<Visit>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for visit in visits {
        let key = match &visit.email {
            Some(email) => format!("@{email}"),
            None => name_key(visit.original_name.as_deref().unwrap_or(&visit.name)),
        };
        if !people.contains_key(&key) {
            order.push(key.clone());
        }
        people.entry(key).or_default().push(visit);
    }
    order
        .into_iter()
        .filter_map(|key| people.remove(&key))
        .map(|visits| {
            let first = &visits[0];
            let mut other_names: Vec<String> = Vec::new();
            for visit in &visits {
                for name in std::iter::once(&visit.name).chain(visit.original_name.as_ref()) {
                    if *name != first.name && !other_names.contains(name) {
                        other_names.push(name.clone());
                    }
                }
            }
            Participant {
                name: first.name.clone(),
                other_names,
                email: visits.iter().find_map(|v| v.email.clone()),
                minutes: minutes_present(&visits),
                first_joined: visits.iter().filter_map(|v| v.joined).min(),
                visits: visits.len(),
                lines: visits.iter().map(|v| v.line).collect(),
            }
        })
        .collect()
}

/// The sum of the visits' durations; when visits overlap (a laptop and a phone in
/// the meeting at once) and every one has its times, their union instead.
fn minutes_present(visits: &[Visit]) -> u32 {
    let spans: Option<Vec<(DateTime<Utc>, DateTime<Utc>)>> = visits
        .iter()
        .map(|v| match (v.joined, v.left) {
            (Some(j), Some(l)) if l >= j => Some((j, l)),
            _ => None,
        })
        .collect();
    let durations = visits
        .iter()
        .map(|v| v.minutes)
        .fold(0, u32::saturating_add);
    let Some(mut spans) = spans else {
        return durations;
    };
    spans.sort();
    // Without overlaps, Zoom's own durations (its rounding) stand.
    if spans.windows(2).all(|pair| pair[1].0 >= pair[0].1) {
        return durations;
    }
    let mut total = 0u32;
    let mut current: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    for (from, to) in spans {
        current = match current {
            Some((start, end)) if from <= end => Some((start, end.max(to))),
            Some((start, end)) => {
                total = total.saturating_add(minutes_between(start, end));
                Some((from, to))
            }
            None => Some((from, to)),
        };
    }
    if let Some((start, end)) = current {
        total = total.saturating_add(minutes_between(start, end));
    }
    total
}

/// A registration as matching sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registrant {
    pub id: RegistrationId,
    pub name: String,
    pub email: Option<String>,
}

/// How a participant was matched to a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Email,
    Name,
}

/// Matches each participant to a registration: by e-mail first, then by the name's
/// own words (titles and degrees left out) when exactly one registrant has them.
/// Answers, in the participants' order, the registration and how it was found.
pub fn match_participants(
    participants: &[Participant],
    registrants: &[Registrant],
) -> Vec<Option<(RegistrationId, MatchedBy)>> {
    let mut by_email: BTreeMap<String, RegistrationId> = BTreeMap::new();
    let mut by_name: BTreeMap<String, Vec<RegistrationId>> = BTreeMap::new();
    for registrant in registrants {
        if let Some(email) = &registrant.email {
            by_email.insert(email.to_lowercase(), registrant.id);
        }
        by_name
            .entry(name_key(&registrant.name))
            .or_default()
            .push(registrant.id);
    }
    participants
        .iter()
        .map(|participant| {
            if let Some(id) = participant
                .email
                .as_ref()
                .and_then(|email| by_email.get(email))
            {
                return Some((*id, MatchedBy::Email));
            }
            std::iter::once(&participant.name)
                .chain(&participant.other_names)
                .find_map(
                    |name| match by_name.get(&name_key(name)).map(Vec::as_slice) {
                        Some([only]) => Some((*only, MatchedBy::Name)),
                        _ => None,
                    },
                )
        })
        .collect()
}

/// Reads a CSV report as Zoom writes it (UTF-8, with or without a byte-order mark;
/// lines of different lengths).
#[cfg(feature = "storage")]
pub fn read_report(bytes: &[u8], zone: Zone) -> Result<Report, ReportProblem> {
    if bytes.is_empty() {
        return Err(ReportProblem::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(ReportProblem::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ReportProblem::NotText)?;
    if text.contains('\0') {
        return Err(ReportProblem::NotText);
    }
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    let (mut counted_to, mut newlines) = (0, 0);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                // Keep the file's own line numbers (csv skips blank lines).
                // The reader's position may point at the end of the line before
                // (and its own line count skips blank lines): count from the first
                // byte of the record itself.
                let bytes = text.as_bytes();
                let mut start = record.position().map_or(bytes.len(), |p| {
                    usize::try_from(p.byte()).unwrap_or(bytes.len())
                });
                while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                    start += 1;
                }
                let start = start.clamp(counted_to, bytes.len());
                newlines += bytes[counted_to..start]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                counted_to = start;
                let line = newlines + 1;
                while lines.len() + 1 < line {
                    lines.push(Vec::new());
                }
                lines.push(record.iter().map(str::to_owned).collect());
            }
            Ok(false) => break,
            Err(_) => return Err(ReportProblem::NotText),
        }
    }
    report_from_table(&lines, zone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn table(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|line| {
                if line.is_empty() {
                    Vec::new()
                } else {
                    line.split(',').map(str::to_owned).collect()
                }
            })
            .collect()
    }

    fn wib(hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, hour - 7, minute, second)
            .single()
            .expect("valid time")
    }

    const MEETING: &str = "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
81234567890,Rakor Pilkada,11/24/2026 09:00:00 AM,11/24/2026 12:05:00 PM,panitia@kemendagri.go.id,185,4

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent
Budi Santoso,budi@jabarprov.go.id,11/24/2026 08:58:02 AM,11/24/2026 10:15:40 AM,78,Yes,Y
Budi Santoso,budi@jabarprov.go.id,11/24/2026 10:20:00 AM,11/24/2026 11:00:00 AM,40,Yes,Y
Pak Budi (HP),budi@jabarprov.go.id,11/24/2026 10:30:00 AM,11/24/2026 10:50:00 AM,20,Yes,Y
Kesbangpol Indramayu (Siti Aminah),,11/24/2026 09:01:00 AM,11/24/2026 09:31:00 AM,30,Yes,Y
Tamu Tak Dikenal,,11/24/2026 09:05:00 AM,11/24/2026 09:06:00 AM,1,Yes,Y
,,11/24/2026 09:05:00 AM,11/24/2026 09:06:00 AM,1,Yes,Y
Rusak,,kemarin,kemarin,,Yes,Y";

    #[test]
    fn a_meeting_report_sums_visits_and_counts_two_devices_once() {
        let report = report_from_table(&table(MEETING), Zone::Wib).expect("read");
        assert_eq!(report.participants.len(), 3);
        let budi = &report.participants[0];
        assert_eq!(budi.name, "Budi Santoso");
        assert_eq!(budi.email.as_deref(), Some("budi@jabarprov.go.id"));
        assert_eq!(budi.visits, 3);
        assert_eq!(budi.lines, vec![5, 6, 7]);
        // 08:58:02-10:15:40 (78 started minutes) + 10:20-11:00 (40); the phone's
        // 10:30-10:50 lies inside the second visit.
        assert_eq!(budi.minutes, 118);
        assert_eq!(budi.first_joined, Some(wib(8, 58, 2)));
        assert_eq!(
            budi.other_names,
            vec!["Pak Budi".to_owned(), "HP".to_owned()]
        );
        let siti = &report.participants[1];
        assert_eq!(siti.name, "Kesbangpol Indramayu");
        assert_eq!(siti.other_names, vec!["Siti Aminah".to_owned()]);
        assert_eq!(siti.email, None);
        assert_eq!(siti.minutes, 30);
        assert_eq!(
            report.skipped,
            vec![
                SkippedRow {
                    line: 10,
                    problem: RowProblem::NoName
                },
                SkippedRow {
                    line: 11,
                    problem: RowProblem::NoDuration
                },
            ]
        );
    }

    const WEBINAR: &str = "Attendee Report
Report Generated:,11/24/2026 13:01
Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,Unique Viewers,Total Users,Max Concurrent Views
Webinar Demokrasi,812 3456 7890,11/24/2026 09:00 AM,125,300,0,250,310,240
Host Details
Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name
Yes,Ditjen Polpum,host@kemendagri.go.id,11/24/2026 08:45 AM,11/24/2026 11:10 AM,145,No,Indonesia
Panelist Details
Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name
Yes,Prof. Siti Zuhro,siti.zuhro@brin.go.id,11/24/2026 08:50 AM,11/24/2026 11:00 AM,130,Yes,Indonesia
Attendee Details
Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name
Yes,Dr. Ahmad Fauzi,Ahmad,Fauzi,AHMAD@kpu.go.id,,11/20/2026 10:00 AM,approved,11/24/2026 09:01 AM,11/24/2026 10:30 AM,90,Yes,Indonesia
No,Tidak Datang,Tidak,Datang,absen@kpu.go.id,,11/20/2026 10:00 AM,approved,--,--,--,Yes,Indonesia";

    #[test]
    fn a_webinar_report_keeps_attendees_and_leaves_hosts_and_panelists_out() {
        let report = report_from_table(&table(WEBINAR), Zone::Wib).expect("read");
        assert_eq!(report.participants.len(), 1);
        let ahmad = &report.participants[0];
        assert_eq!(ahmad.name, "Dr. Ahmad Fauzi");
        assert_eq!(ahmad.email.as_deref(), Some("ahmad@kpu.go.id"));
        assert_eq!(ahmad.minutes, 90);
        assert_eq!(ahmad.first_joined, Some(wib(9, 1, 0)));
        assert!(report.skipped.is_empty());
    }

    #[test]
    fn a_report_without_the_meeting_block_and_with_new_headers_is_read() {
        let text = "Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,In waiting room
Budi Santoso,,2026-11-24 09:00:00,2026-11-24 09:45:10,46,Yes,No";
        let report = report_from_table(&table(text), Zone::Wita).expect("read");
        assert_eq!(report.participants[0].minutes, 46);
        assert_eq!(
            report.participants[0].first_joined,
            Some(wib(9, 0, 0) - chrono::Duration::hours(1))
        );
    }

    #[test]
    fn files_that_are_not_participant_reports_are_named() {
        assert_eq!(report_from_table(&[], Zone::Wib), Err(ReportProblem::Empty));
        assert_eq!(
            report_from_table(&table("Nama,Jabatan\nBudi,Kepala"), Zone::Wib),
            Err(ReportProblem::NoParticipants)
        );
    }

    #[test]
    fn participants_match_by_email_then_by_a_unique_name() {
        let report = report_from_table(&table(MEETING), Zone::Wib).expect("read");
        let registrants = vec![
            Registrant {
                id: RegistrationId(1),
                name: "Budi Santoso, S.IP.".into(),
                email: Some("Budi@JabarProv.go.id".into()),
            },
            Registrant {
                id: RegistrationId(2),
                name: "Dra. Siti Aminah, M.Si.".into(),
                email: None,
            },
            Registrant {
                id: RegistrationId(3),
                name: "Tamu Tak Dikenal".into(),
                email: None,
            },
            Registrant {
                id: RegistrationId(4),
                name: "Tamu Tak Dikenal".into(),
                email: None,
            },
        ];
        assert_eq!(
            match_participants(&report.participants, &registrants),
            vec![
                Some((RegistrationId(1), MatchedBy::Email)),
                // Matched by the original name inside the parentheses.
                Some((RegistrationId(2), MatchedBy::Name)),
                // Two registrants of that name: left for the organizer.
                None,
            ]
        );
    }

    #[cfg(feature = "storage")]
    #[test]
    fn a_real_csv_file_with_quotes_a_bom_and_blank_lines_is_read() {
        let text = "\u{feff}Attendee Report\r\nReport Generated:,\"Nov 24, 2026 01:01 PM\"\r\n\r\nAttendee Details\r\nAttended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes)\r\nYes,\"Ni Luh Putu Ayu, S.E.\",ayu@baliprov.go.id,\"Nov 24, 2026 09:01 AM\",\"Nov 24, 2026 10:00 AM\",59\r\n";
        let report = read_report(text.as_bytes(), Zone::Wita).expect("read");
        assert_eq!(report.participants.len(), 1);
        assert_eq!(report.participants[0].name, "Ni Luh Putu Ayu, S.E.");
        assert_eq!(report.participants[0].lines, vec![6]);
        assert_eq!(read_report(b"", Zone::Wib), Err(ReportProblem::Empty));
        assert_eq!(
            read_report(b"PK\x03\x04\x00\x00binary", Zone::Wib),
            Err(ReportProblem::NotText)
        );
    }
}
