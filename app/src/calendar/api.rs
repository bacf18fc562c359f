//! What the calendar components receive: ready-made links, built on the server
//! because they hold the site's own address (`--public-url` or the request's host).

use leptos::server;
use leptos::server_fn::ServerFnError;
use serde::{Deserialize, Serialize};

/// A feed's address and the links that subscribe to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedLinks {
    /// The calendar's name, as the subscriber's app lists it.
    pub name: String,
    /// `https://…/calendar….ics`: to copy into any app, or to download once.
    pub address: String,
    pub webcal: String,
    pub google: String,
    pub outlook_work: String,
    pub outlook_personal: String,
}

/// The links that add one session to a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLinks {
    /// `/sessions/{id}.ics`, for Apple Calendar, Outlook on the desktop and others.
    pub file: String,
    pub google: String,
    pub outlook_work: String,
    pub outlook_personal: String,
}

/// Whether one has a private feed, and since when (in one's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateFeed {
    pub made: Option<String>,
}

/// The links of a public feed, given by its path (`/calendar/region/32.ics`);
/// `None` for a path that is no feed or names nothing.
#[server(endpoint = "calendar/feed_links")]
pub async fn load_feed_links(path: String) -> Result<Option<FeedLinks>, ServerFnError> {
    let Some(scope) = simpul::calendar::FeedScope::from_path(&path) else {
        return Ok(None);
    };
    let db = backend::db()?;
    let Some(name) = backend::feed_name(&db, &scope, backend::language())
        .await
        .map_err(backend::internal)?
    else {
        return Ok(None);
    };
    Ok(Some(backend::feed_links(&backend::site(), &path, name)))
}

/// The add-to-calendar links of a public session.
#[server(endpoint = "calendar/session_links")]
pub async fn load_session_links(session: i64) -> Result<Option<SessionLinks>, ServerFnError> {
    backend::session_links(&backend::db()?, session, backend::language())
        .await
        .map_err(backend::internal)
}

/// Signed-in users: whether they have a private feed.
#[server(endpoint = "calendar/private")]
pub async fn load_private_feed() -> Result<PrivateFeed, ServerFnError> {
    let user = backend::signed_in()?;
    let made = backend::db()?
        .calendar_secret_made(user.id)
        .await
        .map_err(backend::internal)?;
    Ok(PrivateFeed {
        made: made.map(|at| backend::date_time(at, backend::language())),
    })
}

/// Signed-in users: a new private feed address (the old one, if any, stops working).
/// The address is in the answer only: the database keeps its hash.
#[server(endpoint = "calendar/private/renew")]
pub async fn renew_private_feed() -> Result<FeedLinks, ServerFnError> {
    let user = backend::signed_in()?;
    let secret = backend::db()?
        .renew_calendar_secret(user.id, chrono::Utc::now())
        .await
        .map_err(backend::internal)?;
    let path = simpul::calendar::private_path(secret.expose());
    let name = backend::private_name(&user, backend::language());
    Ok(backend::feed_links(&backend::site(), &path, name))
}

/// Signed-in users: stop their private feed.
#[server(endpoint = "calendar/private/revoke")]
pub async fn revoke_private_feed() -> Result<(), ServerFnError> {
    let user = backend::signed_in()?;
    backend::db()?
        .revoke_calendar_secret(user.id)
        .await
        .map_err(backend::internal)?;
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod backend {
    use simpul::Language;
    use simpul::account::User;
    use simpul::calendar::links::{
        EventTemplate, Outlook, google_add, google_subscribe, outlook_add, outlook_subscribe,
        webcal,
    };
    use simpul::calendar::{FeedScope, session_path};
    use simpul::session::SessionId;
    use simpul::storage::{Database, StorageError};

    use super::{FeedLinks, SessionLinks};
    pub use crate::accounts::api::backend::signed_in;
    use crate::i18n::{translate, translate_with};
    pub use crate::sessions::api::backend::{db, internal, language};

    /// The site's address, as the server put it on the request.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SiteAddress(pub String);

    pub fn site() -> String {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<SiteAddress>().cloned())
            .map(|SiteAddress(address)| address)
            .unwrap_or_default()
    }

    pub fn date_time(at: chrono::DateTime<chrono::Utc>, language: Language) -> String {
        simpul::zone::format_moment(at, simpul::Zone::Wib, language)
    }

    /// The calendar's name (feeds and subscribe links say the same); `None` when the
    /// region or speaker does not exist.
    pub async fn feed_name(
        db: &Database,
        scope: &FeedScope,
        language: Language,
    ) -> Result<Option<String>, StorageError> {
        let named =
            |value: String| translate_with(language, "calendar-name-of", &[("name", value.into())]);
        Ok(match scope {
            FeedScope::All => Some(translate(language, "calendar-name-all")),
            FeedScope::Kind(kind) => Some(named(translate(
                language,
                &format!("kind-{}", kind.as_str()),
            ))),
            FeedScope::Region(code) => db.region(code).await?.map(|region| named(region.name)),
            FeedScope::Speaker(id) => db.speaker(*id).await?.map(|speaker| named(speaker.name)),
        })
    }

    pub fn private_name(user: &User, language: Language) -> String {
        translate_with(
            language,
            "calendar-name-private",
            &[("name", user.name.clone().into())],
        )
    }

    pub fn feed_links(site: &str, path: &str, name: String) -> FeedLinks {
        let address = format!("{site}{path}");
        FeedLinks {
            webcal: webcal(&address),
            google: google_subscribe(&address),
            outlook_work: outlook_subscribe(Outlook::Office365, &address, &name),
            outlook_personal: outlook_subscribe(Outlook::Personal, &address, &name),
            address,
            name,
        }
    }

    pub async fn session_links(
        db: &Database,
        id: i64,
        language: Language,
    ) -> Result<Option<SessionLinks>, StorageError> {
        let Some(record) = db.session(SessionId(id)).await? else {
            return Ok(None);
        };
        if !record.status.is_public() {
            return Ok(None);
        }
        let d = &record.details;
        let location =
            simpul::calendar::location(d, record.venue_region_name.as_deref()).unwrap_or_default();
        let page = format!("{}/sessions/{id}", site());
        let details = if d.theme.trim().is_empty() {
            page
        } else {
            format!(
                "{}: {}\n\n{page}",
                translate(language, "calendar-theme"),
                d.theme
            )
        };
        let template = EventTemplate {
            title: &d.title,
            start: d.time.start(),
            end: d.time.end(),
            zone: d.zone,
            location: &location,
            details: &details,
        };
        Ok(Some(SessionLinks {
            file: session_path(record.id),
            google: google_add(&template),
            outlook_work: outlook_add(Outlook::Office365, &template),
            outlook_personal: outlook_add(Outlook::Personal, &template),
        }))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use simpul::Language;

    use crate::i18n::translate;

    #[test]
    fn every_feed_word_is_translated() {
        for language in Language::ALL {
            for key in simpul::calendar::FEED_WORDS {
                assert_ne!(translate(language, key), key, "{key} in {language:?}");
            }
        }
    }

    #[test]
    fn links_carry_the_site_address_and_the_feed_name() {
        let links = super::backend::feed_links(
            "https://simpul.kemendagri.go.id",
            "/calendar/region/32.12.ics",
            "Simpul: Kabupaten Indramayu".to_owned(),
        );
        assert_eq!(
            links.address,
            "https://simpul.kemendagri.go.id/calendar/region/32.12.ics"
        );
        assert_eq!(
            links.webcal,
            "webcal://simpul.kemendagri.go.id/calendar/region/32.12.ics"
        );
        assert!(
            links
                .outlook_work
                .contains("name=Simpul%3A+Kabupaten+Indramayu")
        );
    }
}
