//! A feed as iCalendar text (RFC 5545), written with the `icalendar` crate.
//!
//! The crate escapes and folds every property line (75 octets, on UTF-8 boundaries,
//! CRLF). What it does not write is done here: the `VTIMEZONE` blocks (the crate has
//! no public way to build one), the escaping of RFC 7986's `NAME` (it does not know it),
//! and the cleaning of stored text (it leaves carriage returns and control characters
//! that would break lines).
//!
//! Everything in a feed is deterministic: DTSTAMP is the session's last change, not
//! the time of the request, so the same sessions give the same bytes and the same ETag.

use chrono::{DateTime, Utc};
use icalendar::{CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

use super::{CalendarEvent, Disclosure, REFRESH_HOURS, event_uid, location};
use crate::session::SessionStatus;
use crate::zone::Zone;

/// The words a feed says, by translation key (`calendar-cancelled`, `kind-rakor`,
/// `mode-daring`, `role-speaker`…). The server fills them from the translation files.
pub trait Words {
    fn word(&self, key: &str) -> String;
}

/// A feed to write.
pub struct Feed<'a> {
    /// The calendar's name, as subscribers see it in their list of calendars.
    pub name: &'a str,
    /// The site's address without a trailing slash, for the events' URL.
    pub site: &'a str,
    pub disclosure: Disclosure,
    pub events: &'a [CalendarEvent],
}

const PRODUCT: &str = "-//Kemendagri Ditjen Polpum//Simpul//ID";

/// The feed as iCalendar text: METHOD:PUBLISH, the calendar's name and refresh hints,
/// one VTIMEZONE per zone used, then one VEVENT per session. Never an ORGANIZER or
/// ATTENDEE: a subscriber's calendar must not offer to reply to anyone.
pub fn render(feed: &Feed<'_>, words: &dyn Words) -> String {
    let mut out = String::with_capacity(512 + feed.events.len() * 1536);
    out.push_str("BEGIN:VCALENDAR\r\n");
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", PRODUCT),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        push_property(&mut out, Property::new(key, value));
    }
    let name = clean(feed.name).replace('\n', " ");
    push_property(&mut out, Property::new("NAME", escape_name(&name)));
    push_property(&mut out, Property::new("X-WR-CALNAME", &name));
    push_property(&mut out, Property::new("X-WR-TIMEZONE", Zone::Wib.iana()));
    let refresh = format!("PT{REFRESH_HOURS}H");
    let mut interval = Property::new("REFRESH-INTERVAL", &refresh);
    interval.add_parameter("VALUE", "DURATION");
    push_property(&mut out, interval);
    push_property(&mut out, Property::new("X-PUBLISHED-TTL", &refresh));
    for zone in Zone::ALL {
        if feed.events.iter().any(|event| event.details.zone == zone) {
            out.push_str(&vtimezone(zone));
        }
    }
    for event in feed.events {
        // Writing to a String cannot fail; an event that could not be written would be
        // left out rather than break the feed.
        if let Ok(text) = vevent(event, feed, words).try_into_string() {
            out.push_str(&text);
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn push_property(out: &mut String, property: Property) {
    if let Ok(line) = TryInto::<String>::try_into(property) {
        out.push_str(&line);
    }
}

/// The zone's definition. Indonesia's three zones have kept one offset without
/// daylight saving since 1964 (WIB +07, WITA +08, WIT +09), so one STANDARD
/// observance from 1970 describes every session Simpul holds.
fn vtimezone(zone: Zone) -> String {
    let offset = match zone {
        Zone::Wib => "+0700",
        Zone::Wita => "+0800",
        Zone::Wit => "+0900",
    };
    format!(
        "BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nX-LIC-LOCATION:{tzid}\r\nBEGIN:STANDARD\r\n\
         TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\nTZNAME:{label}\r\n\
         DTSTART:19700101T000000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
        tzid = zone.iana(),
        label = zone.label(),
    )
}

/// One session as a VEVENT.
fn vevent(event: &CalendarEvent, feed: &Feed<'_>, words: &dyn Words) -> Event {
    let d = &event.details;
    let cancelled = event.status == SessionStatus::Cancelled;
    let title = clean(&d.title);
    let summary = if cancelled {
        format!("{} {title}", words.word("calendar-cancelled-prefix"))
    } else {
        title
    };
    let local = |at: DateTime<Utc>| CalendarDateTime::WithTimezone {
        date_time: d.zone.local(at),
        tzid: d.zone.iana().to_owned(),
    };
    let url = format!("{}/sessions/{}", feed.site, event.session.0);
    let mut vevent = Event::new();
    vevent
        .uid(&event_uid(event.session))
        .sequence(u32::try_from(event.revision.max(0)).unwrap_or(u32::MAX))
        .timestamp(event.updated_at)
        .last_modified(event.updated_at)
        .created(event.created_at)
        .starts(local(d.time.start()))
        .ends(local(d.time.end()))
        .summary(&summary)
        .description(&description(event, feed, words, &url))
        .url(&url)
        .categories([
            words.word(&format!("kind-{}", d.kind.as_str())),
            words.word(&format!("mode-{}", d.mode.as_str())),
        ])
        .status(if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        })
        .add_property("TRANSP", "OPAQUE");
    if let Some(location) = location(&event.details, event.venue_region_name.as_deref()) {
        vevent.location(&clean(&location));
    }
    if let Some(meeting) = &d.meeting {
        // RFC 7986: clients that know it show a "join" button.
        let mut conference = Property::new("CONFERENCE", meeting.link.as_str());
        conference.add_parameter("VALUE", "URI");
        conference.add_parameter("FEATURE", "VIDEO");
        vevent.append_property(conference);
    }
    vevent
}

/// The description: theme and text, how to join, rundown, speakers and the page.
fn description(event: &CalendarEvent, feed: &Feed<'_>, words: &dyn Words, url: &str) -> String {
    let d = &event.details;
    let mut parts: Vec<String> = Vec::new();
    if event.status == SessionStatus::Cancelled {
        parts.push(words.word("calendar-cancelled-note"));
    }
    if !d.theme.trim().is_empty() {
        parts.push(format!(
            "{}: {}",
            words.word("calendar-theme"),
            clean(&d.theme)
        ));
    }
    if !d.description.trim().is_empty() {
        parts.push(clean(&d.description));
    }
    if let Some(meeting) = &d.meeting {
        let mut lines = vec![format!(
            "{}: {}",
            words.word("calendar-meeting-link"),
            meeting.link.as_str()
        )];
        if let Some(id) = meeting.meeting_id.as_deref().filter(|id| !id.is_empty()) {
            lines.push(format!(
                "{}: {}",
                words.word("calendar-meeting-id"),
                clean(id)
            ));
        }
        if let (Disclosure::Private, Some(passcode)) = (feed.disclosure, &meeting.passcode) {
            lines.push(format!(
                "{}: {}",
                words.word("calendar-passcode"),
                clean(passcode.expose())
            ));
        }
        parts.push(lines.join("\n"));
    }
    if !event.rundown.is_empty() {
        let mut lines = vec![format!(
            "{} ({}):",
            words.word("calendar-rundown"),
            d.zone.label()
        )];
        for slot in &event.rundown {
            let mut line = format!(
                "{}–{} {}",
                d.zone.local(slot.time.start()).format("%H.%M"),
                d.zone.local(slot.time.end()).format("%H.%M"),
                clean(&slot.title)
            );
            if !slot.speakers.is_empty() {
                line.push_str(" — ");
                line.push_str(&clean(&slot.speakers.join(", ")));
            }
            lines.push(line);
        }
        parts.push(lines.join("\n"));
    }
    if !event.speakers.is_empty() {
        let mut lines = vec![format!("{}:", words.word("calendar-speakers"))];
        for speaker in &event.speakers {
            let mut line = format!("- {}", clean(&speaker.name));
            if let Some(institution) = &speaker.institution {
                line.push_str(&format!(" ({})", clean(institution)));
            }
            line.push_str(&format!(
                ", {}",
                words.word(&format!("role-{}", speaker.role.as_str()))
            ));
            if !speaker.topic.trim().is_empty() {
                line.push_str(&format!(": {}", clean(&speaker.topic)));
            }
            lines.push(line);
        }
        parts.push(lines.join("\n"));
    }
    parts.push(format!("{}: {url}", words.word("calendar-page")));
    parts.join("\n\n")
}

/// Stored text as a TEXT value may hold it: line ends as `\n` (which the crate
/// escapes), no carriage returns or other control characters (which it would write
/// raw, breaking the line structure).
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// RFC 7986's `NAME` escaped by hand: the crate escapes only the properties it knows
/// as TEXT, which include `X-WR-CALNAME` but not `NAME` (the feed test reads both).
fn escape_name(name: &str) -> String {
    name.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::TimeZone;

    use super::*;
    use crate::calendar::{EventSlot, EventSpeaker};
    use crate::session::{
        Meeting, MeetingLink, Passcode, SessionDetails, SessionId, SessionKind, SessionMode,
        SpeakerRole, TimeRange, Venue,
    };

    /// The words of the Indonesian translation file that feeds use.
    struct Indonesian;

    impl Words for Indonesian {
        fn word(&self, key: &str) -> String {
            match key {
                "calendar-cancelled-prefix" => "DIBATALKAN:",
                "calendar-cancelled-note" => "Sesi ini dibatalkan.",
                "calendar-theme" => "Tema",
                "calendar-meeting-link" => "Tautan rapat",
                "calendar-meeting-id" => "ID rapat",
                "calendar-passcode" => "Kode sandi",
                "calendar-rundown" => "Susunan acara",
                "calendar-speakers" => "Narasumber",
                "calendar-page" => "Halaman sesi",
                "kind-rakor" => "Rakor",
                "kind-webinar" => "Webinar",
                "mode-luring" => "Luring",
                "mode-daring" => "Daring",
                "mode-hybrid" => "Hybrid",
                "role-speaker" => "Narasumber",
                "role-keynote" => "Pembicara utama",
                other => panic!("no word for {other}"),
            }
            .to_owned()
        }
    }

    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, day, hour, minute, 0)
            .single()
            .expect("valid")
    }

    /// A rakor on site in Makassar (WITA) and a webinar online with a passcode (WIB).
    fn events() -> Vec<CalendarEvent> {
        let rakor = CalendarEvent {
            session: SessionId(3),
            status: SessionStatus::Published,
            revision: 2,
            details: SessionDetails {
                kind: SessionKind::Rakor,
                title: "Rakor Kewaspadaan Dini; Pilkada, Netralitas & \"ASN\"".to_owned(),
                theme: "Sinergi pusat\r\ndan daerah".to_owned(),
                description: "Baris satu\rbaris dua\u{7}".to_owned(),
                organizer_unit: "Direktorat Kewaspadaan Nasional".to_owned(),
                time: TimeRange::new(at(3, 1, 0), at(3, 4, 0)).expect("range"),
                zone: Zone::Wita,
                mode: SessionMode::Luring,
                venue: Some(Venue {
                    name: "Hotel Aryaduta, Ruang Phinisi".to_owned(),
                    region: None,
                }),
                meeting: None,
                capacity_onsite: None,
                capacity_online: None,
            },
            venue_region_name: Some("Sulawesi Selatan".to_owned()),
            created_at: at(1, 0, 0),
            updated_at: at(2, 6, 30),
            speakers: vec![EventSpeaker {
                name: "Dr. Wahyu Hidayat, M.Si.".to_owned(),
                institution: Some("Bawaslu RI".to_owned()),
                role: SpeakerRole::Keynote,
                topic: "Pengawasan partisipatif".to_owned(),
            }],
            rundown: vec![EventSlot {
                time: TimeRange::new(at(3, 1, 0), at(3, 1, 30)).expect("range"),
                title: "Pembukaan".to_owned(),
                speakers: vec!["Dirjen Polpum".to_owned()],
            }],
        };
        let webinar = CalendarEvent {
            session: SessionId(4),
            status: SessionStatus::Cancelled,
            revision: 5,
            details: SessionDetails {
                kind: SessionKind::Webinar,
                title: "Webinar Literasi Digital untuk Aparatur Pemerintahan Daerah di Seluruh Indonesia: Ñusantara ✓".to_owned(),
                theme: "Ketahanan informasi menjelang pemilihan kepala daerah serentak tahun 2027 — edisi ke-3 — dengan tanya jawab".to_owned(),
                description: String::new(),
                organizer_unit: "Ditjen Polpum".to_owned(),
                time: TimeRange::new(at(10, 2, 0), at(10, 4, 0)).expect("range"),
                zone: Zone::Wib,
                mode: SessionMode::Daring,
                venue: None,
                meeting: Some(Meeting {
                    link: MeetingLink::parse("https://zoom.us/j/81234567890").expect("link"),
                    meeting_id: Some("812 3456 7890".to_owned()),
                    passcode: Passcode::new("rahasia77"),
                }),
                capacity_onsite: None,
                capacity_online: None,
            },
            venue_region_name: None,
            created_at: at(1, 0, 0),
            updated_at: at(5, 8, 0),
            speakers: Vec::new(),
            rundown: Vec::new(),
        };
        vec![rakor, webinar]
    }

    fn write(disclosure: Disclosure, events: &[CalendarEvent]) -> String {
        render(
            &Feed {
                name: "Simpul: Kab. Indramayu, Jawa Barat",
                site: "https://simpul.kemendagri.go.id",
                disclosure,
                events,
            },
            &Indonesian,
        )
    }

    fn parse(text: &str) -> ical::parser::ical::component::IcalCalendar {
        let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let calendar = calendars.next().expect("one calendar").expect("parses");
        assert!(calendars.next().is_none(), "exactly one calendar");
        calendar
    }

    /// Properties by name: (value, parameters).
    type Properties = HashMap<String, (String, Vec<(String, Vec<String>)>)>;

    fn properties(list: &[ical::property::Property]) -> Properties {
        list.iter()
            .map(|p| {
                (
                    p.name.clone(),
                    (
                        p.value.clone().unwrap_or_default(),
                        p.params.clone().unwrap_or_default(),
                    ),
                )
            })
            .collect()
    }

    fn value<'a>(props: &'a Properties, name: &str) -> &'a str {
        &props
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .0
    }

    /// TEXT values as a reader shows them (RFC 5545 3.3.11).
    fn unescape(raw: &str) -> String {
        let mut out = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn a_feed_reads_back_with_every_property_subscribers_rely_on() {
        let text = write(Disclosure::Public, &events());
        let calendar = parse(&text);
        let head = properties(&calendar.properties);
        assert_eq!(value(&head, "VERSION"), "2.0");
        assert_eq!(value(&head, "METHOD"), "PUBLISH");
        for name in ["NAME", "X-WR-CALNAME"] {
            assert_eq!(
                unescape(value(&head, name)),
                "Simpul: Kab. Indramayu, Jawa Barat"
            );
        }
        assert_eq!(value(&head, "REFRESH-INTERVAL"), "PT1H");
        assert_eq!(value(&head, "X-PUBLISHED-TTL"), "PT1H");
        assert!(!text.contains("ORGANIZER") && !text.contains("ATTENDEE"));

        // One zone definition per zone used, with the right offset.
        let zones: HashMap<String, String> = calendar
            .timezones
            .iter()
            .map(|zone| {
                let props = properties(&zone.properties);
                let standard = properties(&zone.transitions[0].properties);
                (
                    value(&props, "TZID").to_owned(),
                    value(&standard, "TZOFFSETTO").to_owned(),
                )
            })
            .collect();
        assert_eq!(zones.len(), 2);
        assert_eq!(zones["Asia/Makassar"], "+0800");
        assert_eq!(zones["Asia/Jakarta"], "+0700");

        assert_eq!(calendar.events.len(), 2);
        let rakor = properties(&calendar.events[0].properties);
        assert_eq!(
            value(&rakor, "UID"),
            "sesi-3@simpul.polpum.kemendagri.go.id"
        );
        assert_eq!(value(&rakor, "SEQUENCE"), "2");
        assert_eq!(value(&rakor, "DTSTAMP"), "20270302T063000Z");
        assert_eq!(value(&rakor, "LAST-MODIFIED"), "20270302T063000Z");
        // 01.00 UTC is 09.00 WITA, written in the session's zone.
        assert_eq!(value(&rakor, "DTSTART"), "20270303T090000");
        assert_eq!(
            rakor["DTSTART"].1,
            vec![("TZID".to_owned(), vec!["Asia/Makassar".to_owned()])]
        );
        assert_eq!(value(&rakor, "DTEND"), "20270303T120000");
        assert_eq!(
            unescape(value(&rakor, "SUMMARY")),
            "Rakor Kewaspadaan Dini; Pilkada, Netralitas & \"ASN\""
        );
        assert_eq!(value(&rakor, "STATUS"), "CONFIRMED");
        assert_eq!(
            unescape(value(&rakor, "LOCATION")),
            "Hotel Aryaduta, Ruang Phinisi, Sulawesi Selatan"
        );
        assert_eq!(
            value(&rakor, "URL"),
            "https://simpul.kemendagri.go.id/sessions/3"
        );
        assert_eq!(value(&rakor, "CATEGORIES"), "Rakor,Luring");
        let description = unescape(value(&rakor, "DESCRIPTION"));
        assert!(
            description.starts_with("Tema: Sinergi pusat\ndan daerah\n\nBaris satu\nbaris dua\n\n"),
            "{description}"
        );
        assert!(
            description.contains("Susunan acara (WITA):\n09.00–09.30 Pembukaan — Dirjen Polpum"),
            "{description}"
        );
        assert!(
            description.contains(
                "- Dr. Wahyu Hidayat, M.Si. (Bawaslu RI), Pembicara utama: Pengawasan partisipatif"
            ),
            "{description}"
        );
        assert!(description.ends_with("Halaman sesi: https://simpul.kemendagri.go.id/sessions/3"));

        let webinar = properties(&calendar.events[1].properties);
        assert_eq!(value(&webinar, "STATUS"), "CANCELLED");
        assert_eq!(value(&webinar, "SEQUENCE"), "5");
        assert!(
            unescape(value(&webinar, "SUMMARY"))
                .starts_with("DIBATALKAN: Webinar Literasi Digital")
        );
        assert_eq!(value(&webinar, "LOCATION"), "https://zoom.us/j/81234567890");
        assert_eq!(
            value(&webinar, "CONFERENCE"),
            "https://zoom.us/j/81234567890"
        );
        let description = unescape(value(&webinar, "DESCRIPTION"));
        assert!(
            description.starts_with("Sesi ini dibatalkan.\n\n"),
            "{description}"
        );
        assert!(
            description
                .contains("Tautan rapat: https://zoom.us/j/81234567890\nID rapat: 812 3456 7890")
        );
    }

    #[test]
    fn the_passcode_is_only_in_private_feeds() {
        let public = write(Disclosure::Public, &events());
        assert!(!public.contains("rahasia77") && !public.contains("Kode sandi"));
        let private = parse(&write(Disclosure::Private, &events()));
        let webinar = properties(&private.events[1].properties);
        assert!(unescape(value(&webinar, "DESCRIPTION")).contains("Kode sandi: rahasia77"));
    }

    #[test]
    fn lines_end_in_crlf_and_fold_within_75_octets_on_character_boundaries() {
        let text = write(Disclosure::Public, &events());
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(!line.contains('\r') && !line.contains('\n'), "{line:?}");
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Long lines were folded (the webinar's title and theme are long, with
        // multi-byte letters), and unfolding gives back the exact text.
        assert!(text.contains("\r\n "));
        let calendar = parse(&text);
        let webinar = properties(&calendar.events[1].properties);
        assert_eq!(
            unescape(value(&webinar, "SUMMARY")),
            "DIBATALKAN: Webinar Literasi Digital untuk Aparatur Pemerintahan Daerah di Seluruh Indonesia: Ñusantara ✓"
        );
        // The bell character and bare carriage returns of stored text are gone.
        assert!(!text.contains('\u{7}'));
    }

    #[test]
    fn the_same_sessions_give_the_same_bytes() {
        assert_eq!(
            write(Disclosure::Public, &events()),
            write(Disclosure::Public, &events())
        );
        let empty = parse(&write(Disclosure::Public, &[]));
        assert!(empty.events.is_empty() && empty.timezones.is_empty());
    }
}
