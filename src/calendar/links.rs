//! Links that hand a feed or one session to calendar apps.
//!
//! Subscribing: `webcal://` opens the phone's or desktop's calendar app (Apple
//! Calendar, Outlook for Windows, Thunderbird); Google Calendar and Outlook on the web
//! take the feed's address in their "add from URL" pages. Adding one session: Google's
//! and Outlook's event templates, filled with the session's title, time, place and page.

use chrono::{DateTime, Utc};
use url::form_urlencoded::byte_serialize;

use crate::zone::Zone;

fn encode(value: &str) -> String {
    byte_serialize(value.as_bytes()).collect()
}

/// `https://…/calendar.ics` as `webcal://…/calendar.ics`, which calendar apps open as a
/// subscription (a plain `http` address gives `webcal://` too).
pub fn webcal(feed_url: &str) -> String {
    let rest = feed_url
        .strip_prefix("https://")
        .or_else(|| feed_url.strip_prefix("http://"))
        .unwrap_or(feed_url);
    format!("webcal://{rest}")
}

/// Google Calendar's "add by URL" for a feed.
pub fn google_subscribe(feed_url: &str) -> String {
    format!(
        "https://calendar.google.com/calendar/render?cid={}",
        encode(&webcal(feed_url))
    )
}

/// Which Outlook on the web: work and government accounts (Microsoft 365) or personal
/// ones (Outlook.com) live at different addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlook {
    Office365,
    Personal,
}

impl Outlook {
    fn host(self) -> &'static str {
        match self {
            Self::Office365 => "outlook.office.com",
            Self::Personal => "outlook.live.com",
        }
    }
}

/// Outlook on the web's "subscribe from web" for a feed, named as the feed is.
pub fn outlook_subscribe(outlook: Outlook, feed_url: &str, name: &str) -> String {
    format!(
        "https://{}/calendar/0/addfromweb?url={}&name={}",
        outlook.host(),
        encode(feed_url),
        encode(name)
    )
}

/// One session as the add-event templates need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTemplate<'a> {
    pub title: &'a str,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub zone: Zone,
    /// The place in words (venue or "online"), empty when there is none.
    pub location: &'a str,
    /// A few lines: the theme and the session page's address.
    pub details: &'a str,
}

/// Google Calendar's event template, with UTC times and the session's zone as the
/// zone Google shows the event in.
pub fn google_add(event: &EventTemplate<'_>) -> String {
    let stamp = |at: DateTime<Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&ctz={}&details={}&location={}",
        encode(event.title),
        stamp(event.start),
        stamp(event.end),
        encode(event.zone.iana()),
        encode(event.details),
        encode(event.location),
    )
}

/// Outlook on the web's new-event form, filled in.
pub fn outlook_add(outlook: Outlook, event: &EventTemplate<'_>) -> String {
    let stamp = |at: DateTime<Utc>| at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        "https://{}/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}&body={}&location={}",
        outlook.host(),
        encode(event.title),
        encode(&stamp(event.start)),
        encode(&stamp(event.end)),
        encode(event.details),
        encode(event.location),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn query(link: &str) -> Vec<(String, String)> {
        let parsed = url::Url::parse(link).expect("a URL");
        parsed.query_pairs().into_owned().collect()
    }

    fn value(pairs: &[(String, String)], key: &str) -> String {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{key} missing in {pairs:?}"))
    }

    #[test]
    fn a_feed_is_subscribed_by_webcal_google_and_outlook() {
        let feed = "https://simpul.kemendagri.go.id/calendar/region/32.12.ics";
        assert_eq!(
            webcal(feed),
            "webcal://simpul.kemendagri.go.id/calendar/region/32.12.ics"
        );
        assert_eq!(
            webcal("http://127.0.0.1:3000/calendar.ics"),
            "webcal://127.0.0.1:3000/calendar.ics"
        );
        let google = query(&google_subscribe(feed));
        assert_eq!(value(&google, "cid"), webcal(feed));
        let outlook = outlook_subscribe(Outlook::Office365, feed, "Simpul: Kab. Indramayu");
        assert!(outlook.starts_with("https://outlook.office.com/calendar/0/addfromweb?"));
        let pairs = query(&outlook);
        assert_eq!(value(&pairs, "url"), feed);
        assert_eq!(value(&pairs, "name"), "Simpul: Kab. Indramayu");
        assert!(
            outlook_subscribe(Outlook::Personal, feed, "x")
                .starts_with("https://outlook.live.com/")
        );
    }

    #[test]
    fn one_session_is_added_with_its_times_in_utc() {
        let start = Utc
            .with_ymd_and_hms(2027, 3, 3, 2, 0, 0)
            .single()
            .expect("valid");
        let event = EventTemplate {
            title: "Rakor Pilkada & Netralitas ASN",
            start,
            end: start + chrono::Duration::hours(3),
            zone: Zone::Wita,
            location: "Hotel Aryaduta, Makassar",
            details: "Tema: netralitas\nhttps://simpul.kemendagri.go.id/sessions/3",
        };
        let google = query(&google_add(&event));
        assert_eq!(value(&google, "action"), "TEMPLATE");
        assert_eq!(value(&google, "text"), "Rakor Pilkada & Netralitas ASN");
        assert_eq!(value(&google, "dates"), "20270303T020000Z/20270303T050000Z");
        assert_eq!(value(&google, "ctz"), "Asia/Makassar");
        assert_eq!(value(&google, "location"), "Hotel Aryaduta, Makassar");
        assert!(value(&google, "details").contains('\n'));
        let outlook = query(&outlook_add(Outlook::Office365, &event));
        assert_eq!(value(&outlook, "path"), "/calendar/action/compose");
        assert_eq!(value(&outlook, "subject"), "Rakor Pilkada & Netralitas ASN");
        assert_eq!(value(&outlook, "startdt"), "2027-03-03T02:00:00Z");
        assert_eq!(value(&outlook, "enddt"), "2027-03-03T05:00:00Z");
    }
}
