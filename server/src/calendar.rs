//! Calendar feeds over HTTP: the public feeds (everything, one kind, one region, one
//! speaker), each user's private feed, and one session's file.
//!
//! Public feeds are built once and kept in memory until the database's calendar
//! counter moves (every change a feed shows raises it, by triggers) or the day
//! changes (a year's window of past sessions). Each request costs one small read of
//! that counter, so several app servers on one PostgreSQL stay current. Answers carry
//! an ETag (a hash of the bytes) and Last-Modified, and a matching request gets 304.
//! Compressed only when the client asks: public feeds are kept gzipped, the others go
//! through the router's compression layer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SubsecRound, Utc};
use sha2::{Digest, Sha256};
use simpul::calendar::feed::{Feed, Words, render};
use simpul::calendar::{CalendarEvent, Disclosure, FeedScope, window_start};
use simpul::storage::CalendarSecret;
use simpul::{Language, SessionId};
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

/// One built feed and what it was built from. Public feeds are also kept gzipped:
/// calendar services ask for compression, and compressing 1 MB on every request
/// would cost more than serving it.
struct BuiltFeed {
    version: i64,
    since: DateTime<Utc>,
    body: Bytes,
    etag: String,
    gzip: Option<Bytes>,
    last_modified: DateTime<Utc>,
}

/// The public feeds built since the last change, by site address and path (without
/// `--public-url` the address is the request's host, so one host's links never reach
/// another's subscribers), and one lock per feed so that after a change one request
/// rebuilds it while the others wait for that build.
#[derive(Default)]
pub struct FeedCache {
    feeds: Mutex<HashMap<String, Arc<BuiltFeed>>>,
    builds: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl FeedCache {
    fn get(&self, path: &str) -> Option<Arc<BuiltFeed>> {
        self.feeds.lock().ok()?.get(path).cloned()
    }

    /// The cached feed if it was built from this version within this window.
    fn current(&self, path: &str, version: i64, since: DateTime<Utc>) -> Option<Arc<BuiltFeed>> {
        self.get(path)
            .filter(|feed| feed.version == version && feed.since == since)
    }

    fn build_lock(&self, path: &str) -> Arc<tokio::sync::Mutex<()>> {
        match self.builds.lock() {
            Ok(mut builds) => {
                if builds.len() >= MAX_FEEDS {
                    // Builds under way keep their lock; later ones start afresh.
                    builds.clear();
                }
                builds.entry(path.to_owned()).or_default().clone()
            }
            // A poisoned map only loses the sharing of builds, not correctness.
            Err(_) => Arc::default(),
        }
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

/// `GET /calendar.ics`, `/calendar/kind/{kind}.ics`, `/calendar/region/{code}.ics`
/// and `/calendar/speaker/{id}.ics`: the path names the feed.
pub async fn public(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    match FeedScope::from_path(uri.path()) {
        Some(scope) => public_feed(&state, &headers, scope).await,
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
    let body = write(
        &state.site_address(&headers),
        &name,
        Disclosure::Private,
        &events,
    );
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
    let readable = matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    let Some(id) = id.filter(|_| readable) else {
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
        &state.site_address(headers),
        &name,
        Disclosure::Public,
        std::slice::from_ref(&event),
    );
    // Last-Modified is the time of answering: renaming a speaker or an institution
    // does not move the session's `updated_at`, so that would not be safe for 304s.
    let feed = built(body, 0, Utc::now(), None);
    let file = format!("attachment; filename=\"sesi-{}.ics\"", id.0);
    answer(headers, &feed, "public, no-cache", Some(&file))
}

/// `{secret}.ics` → `{secret}`, `12.ics` → `12`; anything else is no calendar.
fn ics_name(file: &str) -> Option<&str> {
    file.strip_suffix(".ics").filter(|name| !name.is_empty())
}

/// A public feed from the cache, rebuilt when the calendar counter or the day moved.
async fn public_feed(state: &AppState, headers: &HeaderMap, scope: FeedScope) -> Response {
    let site = state.site_address(headers);
    let key = format!("{site}{}", scope.path());
    let version = match state.db.calendar_version().await {
        Ok(version) => version,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let since = window_start(Utc::now());
    if let Some(feed) = state.feeds.current(&key, version, since) {
        return answer(headers, &feed, "public, no-cache", None);
    }
    let lock = state.feeds.build_lock(&key);
    let _building = lock.lock().await;
    // Built by the request this one waited for?
    if let Some(feed) = state.feeds.current(&key, version, since) {
        return answer(headers, &feed, "public, no-cache", None);
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
    let body = write(&site, &name, Disclosure::Public, &events);
    let previous = state.feeds.get(&key);
    let mut feed = built(body, version, Utc::now(), previous.as_deref());
    feed.gzip = gzip(&feed.body);
    let feed = Arc::new(feed);
    state.feeds.put(key, feed.clone());
    answer(headers, &feed, "public, no-cache", None)
}

/// The feed compressed once, at the best ratio (it is served many times).
fn gzip(body: &[u8]) -> Option<Bytes> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 8),
        flate2::Compression::best(),
    );
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// Whether the client takes gzip (`Accept-Encoding: gzip`, or `*`, without `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// The calendar's name as subscribers see it (the same words as the pages' subscribe
/// links); `None` when the region or speaker does not exist.
async fn feed_name(state: &AppState, scope: &FeedScope) -> Result<Option<String>, ApiError> {
    Ok(simpul_app::calendar::api::backend::feed_name(&state.db, scope, FEED_LANGUAGE).await?)
}

fn write(site: &str, name: &str, disclosure: Disclosure, events: &[CalendarEvent]) -> String {
    render(
        &Feed {
            name,
            site,
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
        gzip: None,
        last_modified,
    }
}

/// 200 with the feed, or 304 when the client's copy is current: `If-None-Match`
/// decides when sent (RFC 9110 13.2.2), else `If-Modified-Since`. The gzipped
/// bytes, when kept and accepted, are a representation of their own with their own
/// ETag.
fn answer(
    request: &HeaderMap,
    feed: &BuiltFeed,
    cache_control: &'static str,
    attachment: Option<&str>,
) -> Response {
    let (body, etag, gzipped) = match &feed.gzip {
        Some(gzip) if accepts_gzip(request) => (
            gzip.clone(),
            format!("{}-gzip\"", feed.etag.trim_end_matches('"')),
            true,
        ),
        _ => (feed.body.clone(), feed.etag.clone(), false),
    };
    let not_modified = match request.get(header::IF_NONE_MATCH) {
        Some(tags) => tags.to_str().is_ok_and(|tags| {
            tags.split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
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
            body,
        )
            .into_response()
    };
    let headers = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&etag) {
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
    if feed.gzip.is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if gzipped && !not_modified {
        // The compression layer leaves a response that is already encoded alone.
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if let Some(disposition) = attachment.and_then(|a| HeaderValue::from_str(a).ok()) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_encoding(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).expect("ascii"),
        );
        headers
    }

    #[test]
    fn gzip_is_sent_only_to_clients_that_take_it() {
        assert!(accepts_gzip(&with_encoding("gzip")));
        assert!(accepts_gzip(&with_encoding("br, GZIP;q=0.8")));
        assert!(accepts_gzip(&with_encoding("*")));
        assert!(!accepts_gzip(&with_encoding("gzip;q=0")));
        assert!(!accepts_gzip(&with_encoding("br, deflate")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_gzipped_feed_reads_back_and_has_its_own_etag() {
        let mut feed = built(
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".repeat(50),
            1,
            Utc::now(),
            None,
        );
        feed.gzip = gzip(&feed.body);
        let response = answer(&with_encoding("gzip"), &feed, "public, no-cache", None);
        let etag = response.headers()[header::ETAG]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(etag.ends_with("-gzip\""), "{etag}");
        assert_ne!(etag, feed.etag);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        let compressed = feed.gzip.clone().expect("kept");
        let mut plain = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&compressed[..]),
            &mut plain,
        )
        .expect("gunzip");
        assert_eq!(plain.as_bytes(), &feed.body[..]);
        // The client's gzip copy is current; its plain ETag is not the gzip one.
        let mut again = with_encoding("gzip");
        again.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&etag).expect("ascii"),
        );
        assert_eq!(
            answer(&again, &feed, "public, no-cache", None).status(),
            StatusCode::NOT_MODIFIED
        );
        let mut plain_tag = with_encoding("gzip");
        plain_tag.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&feed.etag).expect("ascii"),
        );
        assert_eq!(
            answer(&plain_tag, &feed, "public, no-cache", None).status(),
            StatusCode::OK
        );
    }
}
