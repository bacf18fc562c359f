//! Calendar feeds over HTTP: the public feeds (everything, one kind, one region, one
//! speaker), each user's private feed, and one session's file.
//!
//! Public feeds are built once and kept in memory until the database's calendar
//! counter moves (every change a feed shows raises it, by triggers) or the day
//! changes (a year's window of past sessions). Each request costs one small read of
//! that counter, so several app servers on one PostgreSQL stay current. Answers carry
//! an ETag (a hash of the bytes) and Last-Modified, and a matching request gets 304.
//! Compression happens only when the client asks (the router's compression layer).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SubsecRound, Utc};
use sha2::{Digest, Sha256};
use simpul::calendar::feed::{Feed, Words, render};
use simpul::calendar::{CalendarEvent, Disclosure, FeedScope, window_start};
use simpul::speaker::SpeakerId;
use simpul::storage::CalendarSecret;
use simpul::{Language, RegionCode, SessionId, SessionKind};
use simpul_app::i18n::translate;

use crate::error::ApiError;
use crate::state::AppState;

/// Feeds are written in Indonesian: one address serves every subscriber.
const FEED_LANGUAGE: Language = Language::Id;

/// Built public feeds. Bounded: past this many, the oldest half is dropped (each
/// region and speaker has a feed of its own; a few thousand fit in little memory).
const MAX_FEEDS: usize = 4096;

/// The feed words from the translation files.
struct Translations(Language);

impl Words for Translations {
    fn word(&self, key: &str) -> String {
        translate(self.0, key)
    }
}

/// One built feed and what it was built from.
struct BuiltFeed {
    version: i64,
    since: DateTime<Utc>,
    body: Bytes,
    etag: String,
    last_modified: DateTime<Utc>,
}

/// The public feeds built since the last change, by path.
#[derive(Default)]
pub struct FeedCache {
    feeds: Mutex<HashMap<String, Arc<BuiltFeed>>>,
}

impl FeedCache {
    fn get(&self, path: &str) -> Option<Arc<BuiltFeed>> {
        self.feeds.lock().ok()?.get(path).cloned()
    }

    fn put(&self, path: String, feed: Arc<BuiltFeed>) {
        if let Ok(mut feeds) = self.feeds.lock() {
            if feeds.len() >= MAX_FEEDS {
                let mut ages: Vec<(String, i64)> =
                    feeds.iter().map(|(k, f)| (k.clone(), f.version)).collect();
                ages.sort_by_key(|(_, version)| *version);
                for (key, _) in ages.into_iter().take(MAX_FEEDS / 2) {
                    feeds.remove(&key);
                }
            }
            feeds.insert(path, feed);
        }
    }
}

/// `GET /calendar.ics`: every public session.
pub async fn all(State(state): State<AppState>, headers: HeaderMap) -> Response {
    public_feed(&state, &headers, FeedScope::All).await
}

/// `GET /calendar/kind/{kind}.ics`.
pub async fn by_kind(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    match ics_name(&file).and_then(SessionKind::parse) {
        Some(kind) => public_feed(&state, &headers, FeedScope::Kind(kind)).await,
        None => ApiError::NotFound("calendar").into_response(),
    }
}

/// `GET /calendar/region/{code}.ics`.
pub async fn by_region(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    match ics_name(&file).and_then(|code| RegionCode::parse(code).ok()) {
        Some(code) => public_feed(&state, &headers, FeedScope::Region(code)).await,
        None => ApiError::NotFound("calendar").into_response(),
    }
}

/// `GET /calendar/speaker/{id}.ics`.
pub async fn by_speaker(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    match ics_name(&file).and_then(SpeakerId::parse) {
        Some(id) => public_feed(&state, &headers, FeedScope::Speaker(id)).await,
        None => ApiError::NotFound("calendar").into_response(),
    }
}

/// `GET /calendar/private/{secret}.ics`: the user's own calendar, with the passcodes
/// they may see. Built on each request (it is one person's, and fetched hourly at
/// most); a revoked or unknown secret is "not found", like any other address.
pub async fn private(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(secret) = ics_name(&file).and_then(CalendarSecret::from_path) else {
        return ApiError::NotFound("calendar").into_response();
    };
    let user = match state.db.user_by_calendar_secret(&secret).await {
        Ok(Some(user)) => user,
        Ok(None) => return ApiError::NotFound("calendar").into_response(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let events = match state
        .db
        .private_feed_events(&user, window_start(Utc::now()))
        .await
    {
        Ok(events) => events,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let name = simpul_app::calendar::api::backend::private_name(&user, FEED_LANGUAGE);
    let body = write(&state, &headers, &name, Disclosure::Private, &events);
    let feed = built(body, 0, Utc::now(), None);
    answer(&headers, &feed, "private, no-cache", None)
}

/// `GET /sessions/{id}.ics`, one public session to add to a calendar. Served from a
/// middleware because the session's page, `/sessions/{id}`, holds the same path
/// segment and the router cannot tell them apart.
pub async fn session_file(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let id = request
        .uri()
        .path()
        .strip_prefix("/sessions/")
        .and_then(ics_name)
        .and_then(SessionId::parse);
    let Some(id) = id.filter(|_| request.method() == axum::http::Method::GET) else {
        return next.run(request).await;
    };
    let headers = request.headers();
    let event = match state.db.session_event_public(id).await {
        Ok(Some(event)) => event,
        Ok(None) => return ApiError::NotFound("session").into_response(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let name = event.details.title.clone();
    let body = write(
        &state,
        headers,
        &name,
        Disclosure::Public,
        std::slice::from_ref(&event),
    );
    // Last-Modified is the time of answering: a rundown or speaker change does not
    // move the session's own `updated_at`, so that would not be safe for 304s.
    let feed = built(body, 0, Utc::now(), None);
    let file = format!("attachment; filename=\"sesi-{}.ics\"", id.0);
    answer(headers, &feed, "public, no-cache", Some(&file))
}

/// `rakor.ics` → `rakor`; anything else is no calendar.
fn ics_name(file: &str) -> Option<&str> {
    file.strip_suffix(".ics").filter(|name| !name.is_empty())
}

/// A public feed from the cache, rebuilt when the calendar counter or the day moved.
async fn public_feed(state: &AppState, headers: &HeaderMap, scope: FeedScope) -> Response {
    let path = scope.path();
    let version = match state.db.calendar_version().await {
        Ok(version) => version,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let since = window_start(Utc::now());
    let cached = state.feeds.get(&path);
    if let Some(feed) = cached
        .as_ref()
        .filter(|feed| feed.version == version && feed.since == since)
    {
        return answer(headers, feed, "public, no-cache", None);
    }
    let name = match feed_name(state, &scope).await {
        Ok(Some(name)) => name,
        Ok(None) => return ApiError::NotFound("calendar").into_response(),
        Err(error) => return error.into_response(),
    };
    let events = match state.db.feed_events(&scope, since).await {
        Ok(events) => events,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let body = write(state, headers, &name, Disclosure::Public, &events);
    let feed = Arc::new(built(body, version, Utc::now(), cached.as_deref()));
    state.feeds.put(path, feed.clone());
    answer(headers, &feed, "public, no-cache", None)
}

/// The calendar's name as subscribers see it (the same words as the pages' subscribe
/// links); `None` when the region or speaker does not exist.
async fn feed_name(state: &AppState, scope: &FeedScope) -> Result<Option<String>, ApiError> {
    Ok(simpul_app::calendar::api::backend::feed_name(&state.db, scope, FEED_LANGUAGE).await?)
}

fn write(
    state: &AppState,
    headers: &HeaderMap,
    name: &str,
    disclosure: Disclosure,
    events: &[CalendarEvent],
) -> String {
    let site = state.site_address(headers);
    render(
        &Feed {
            name,
            site: &site,
            disclosure,
            events,
        },
        &Translations(FEED_LANGUAGE),
    )
}

/// A feed's bytes with their ETag; Last-Modified stays that of `previous` when the
/// bytes did not change (a change elsewhere raised the counter), else it is `now`.
fn built(
    body: String,
    version: i64,
    now: DateTime<Utc>,
    previous: Option<&BuiltFeed>,
) -> BuiltFeed {
    let digest = Sha256::digest(body.as_bytes());
    let etag = format!(
        "\"{}\"",
        digest[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let last_modified = match previous {
        Some(previous) if previous.etag == etag => previous.last_modified,
        _ => now.trunc_subsecs(0),
    };
    BuiltFeed {
        version,
        since: window_start(now),
        body: Bytes::from(body),
        etag,
        last_modified,
    }
}

/// 200 with the feed, or 304 when the client's copy is current: `If-None-Match`
/// decides when sent (RFC 9110 13.2.2), else `If-Modified-Since`.
fn answer(
    request: &HeaderMap,
    feed: &BuiltFeed,
    cache_control: &'static str,
    attachment: Option<&str>,
) -> Response {
    let not_modified = match request.get(header::IF_NONE_MATCH) {
        Some(tags) => tags.to_str().is_ok_and(|tags| {
            tags.split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == feed.etag)
        }),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|since| since.to_str().ok())
            .and_then(|since| httpdate::parse_http_date(since).ok())
            .is_some_and(|since| DateTime::<Utc>::from(since) >= feed.last_modified),
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
            feed.body.clone(),
        )
            .into_response()
    };
    let headers = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&feed.etag) {
        headers.insert(header::ETAG, etag);
    }
    let modified = httpdate::fmt_http_date(feed.last_modified.into());
    if let Ok(modified) = HeaderValue::from_str(&modified) {
        headers.insert(header::LAST_MODIFIED, modified);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Some(disposition) = attachment.and_then(|a| HeaderValue::from_str(a).ok()) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}
