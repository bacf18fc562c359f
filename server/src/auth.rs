//! Who is asking: sign-in with e-mail and password (a cookie), API tokens (a bearer
//! header), sign-out and password change, and the rate limits on guessing.
//!
//! [`identify`] runs before every route and puts the [`User`] into the request's
//! extensions; the JSON API reads it with the [`Viewer`] extractor and the Leptos
//! server functions from the request parts in their context. Authorization itself is
//! decided per route, with [`simpul::account::Role::may`].
//!
//! Sign-in, sign-out and password change are plain form posts answered with a redirect
//! (303), so they work the same with and without JavaScript and can set the cookie.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::Form;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use simpul::account::{Actor, EmailAddress, Password, User, WeakPassword};
use simpul::storage::{ApiTokenSecret, SIGN_IN_LIFETIME, SignInToken};
use simpul_app::cookies;

use crate::error::ApiError;
use crate::language::safe_return_path;
use crate::state::AppState;

/// The cookie that holds a browser's sign-in token.
pub const SIGN_IN_COOKIE: &str = "simpul_sign_in";

/// Sign-in attempts allowed per account: 5 at once, then one a minute.
const PER_ACCOUNT_BURST: u32 = 5;
const PER_ACCOUNT_PER_MINUTE: u32 = 1;
/// Sign-in attempts allowed per client address: 20 at once, then ten a minute.
const PER_ADDRESS_BURST: u32 = 20;
const PER_ADDRESS_PER_MINUTE: u32 = 10;

/// Public registrations (a session's open link) allowed per client address: 30 at
/// once (an office behind one address registering its staff), then 30 an hour.
const PUBLIC_REGISTRATIONS_BURST: u32 = 30;
const PUBLIC_REGISTRATIONS_PER_HOUR: u32 = 30;

/// The server function that registers through a public link.
const PUBLIC_REGISTRATION_PATH: &str = "/api/registrations/public";
/// The server function that reads an uploaded spreadsheet (multipart).
const READ_SHEET_PATH: &str = "/api/registrations/read";

/// Per-address limit on public registrations, in memory like [`SignInLimits`].
pub struct PublicRegistrationLimits(DefaultKeyedRateLimiter<IpAddr>);

impl Default for PublicRegistrationLimits {
    fn default() -> Self {
        let per_hour = NonZeroU32::new(PUBLIC_REGISTRATIONS_PER_HOUR).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(PUBLIC_REGISTRATIONS_BURST).unwrap_or(NonZeroU32::MIN);
        Self(RateLimiter::keyed(
            Quota::per_hour(per_hour).allow_burst(burst),
        ))
    }
}

/// Rate limits on password guessing, per account and per client address. Kept in
/// memory: a restart forgets them, which a guesser cannot cause.
pub struct SignInLimits {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

fn quota(per_minute: u32, burst: u32) -> Quota {
    let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self {
            per_account: RateLimiter::keyed(quota(PER_ACCOUNT_PER_MINUTE, PER_ACCOUNT_BURST)),
            per_address: RateLimiter::keyed(quota(PER_ADDRESS_PER_MINUTE, PER_ADDRESS_BURST)),
        }
    }
}

impl SignInLimits {
    /// Counts an attempt; `false` when the account or the address has used its quota.
    fn allow(&self, account: &EmailAddress, address: IpAddr) -> bool {
        // Forget keys that are back to full quota, so memory stays small.
        if self.per_account.len() > 10_000 {
            self.per_account.retain_recent();
        }
        if self.per_address.len() > 10_000 {
            self.per_address.retain_recent();
        }
        let account_ok = self
            .per_account
            .check_key(&account.as_str().to_owned())
            .is_ok();
        let address_ok = self.per_address.check_key(&address).is_ok();
        account_ok && address_ok
    }
}

/// Identifies the user of each request from an API token or the sign-in cookie.
///
/// A bearer token that is not valid is refused with 401 at once (a script should
/// learn that its token is wrong, not silently see public data only). A sign-in
/// cookie that is not valid (expired, signed out, user disabled) is ignored.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/pkg/") || path == "/healthz" || path == "/favicon.svg" {
        return next.run(request).await;
    }
    let now = Utc::now();
    let user = if let Some(raw) = bearer_token(request.headers()) {
        let found = match ApiTokenSecret::from_header(raw) {
            Some(secret) => state.db.user_by_api_token(&secret, now).await,
            None => Ok(None),
        };
        match found {
            Ok(Some(user)) => Some(user),
            Ok(None) => return ApiError::Unauthorized.into_response(),
            Err(error) => return ApiError::from(error).into_response(),
        }
    } else if let Some(token) =
        cookies::read(request.headers(), SIGN_IN_COOKIE).and_then(SignInToken::from_cookie)
    {
        match state.db.signed_in_user(&token, now).await {
            Ok(user) => user,
            Err(error) => {
                tracing::error!(%error, "cannot look up a sign-in");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    } else {
        None
    };
    if let Some(user) = user {
        request.extensions_mut().insert(user);
    }
    let site = state.site_address(request.headers());
    request
        .extensions_mut()
        .insert(simpul_app::calendar::api::backend::SiteAddress(site));
    if request.method() == axum::http::Method::POST {
        if path_is(&request, PUBLIC_REGISTRATION_PATH) {
            let peer = request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| *peer);
            let address = client_address(&state, request.headers(), peer);
            if state.public_registrations.0.check_key(&address).is_err() {
                tracing::warn!(%address, "public registrations over the limit");
                request
                    .extensions_mut()
                    .insert(simpul_app::registrations::api::AddressOverLimit);
            }
        }
        // Leptos' multipart decoder panics on a body without a boundary; answer 400.
        if path_is(&request, READ_SHEET_PATH) && !has_multipart_boundary(request.headers()) {
            return ApiError::bad_request("content-type", "must be multipart/form-data")
                .into_response();
        }
    }
    next.run(request).await
}

fn path_is(request: &Request, path: &str) -> bool {
    request.uri().path() == path
}

fn has_multipart_boundary(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data") && v.contains("boundary="))
}

/// The value of `Authorization: Bearer …`, if there is one.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// The user making the request, if any, for handlers of the JSON API.
pub struct Viewer(pub Option<User>);

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<User>().cloned()))
    }
}

/// The connection's peer address, when the server was started with connect info.
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| *peer),
        ))
    }
}

/// The client's address: the connection's peer, or with `--trust-forwarded-for` the
/// first address a reverse proxy put into `X-Forwarded-For`.
fn client_address(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
    let forwarded = state
        .trust_forwarded_for
        .then(|| {
            headers
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .split(',')
                .next()?
                .trim()
                .parse()
                .ok()
        })
        .flatten();
    forwarded
        .or(peer.map(|p| p.ip()))
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// The `Set-Cookie` value that holds a sign-in, or (with `None`) removes it.
fn sign_in_cookie(state: &AppState, token: Option<&SignInToken>) -> HeaderValue {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let value = match token {
        Some(token) => format!(
            "{SIGN_IN_COOKIE}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
            token.expose(),
            SIGN_IN_LIFETIME.num_seconds()
        ),
        None => format!("{SIGN_IN_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}"),
    };
    // Base64url and fixed text only: always a valid header value.
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A 303 to `location` that also sets a cookie.
fn redirect_with_cookie(location: &str, cookie: HeaderValue) -> Response {
    let mut response = Redirect::to(location).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /sign-in`: checks the password, starts a sign-in and sets the cookie; back to
/// the sign-in page with `?error=…` otherwise. The password is never logged.
pub async fn sign_in(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    form: Result<Form<SignInForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return Redirect::to("/sign-in?error=invalid").into_response();
    };
    let next = safe_return_path(&form.next);
    let back = |error: &str| {
        Redirect::to(&format!(
            "/sign-in?error={error}&next={}",
            simpul_app::layout::url_escape(next)
        ))
        .into_response()
    };
    let Ok(email) = EmailAddress::parse(&form.email) else {
        return back("invalid");
    };
    let address = client_address(&state, &headers, peer);
    if !state.sign_in_limits.allow(&email, address) {
        tracing::warn!(?email, %address, "sign-in refused: too many attempts");
        return back("limited");
    }
    match state.db.check_password(&email, &form.password).await {
        Ok(Some(user)) => match state.db.start_sign_in(user.id, Utc::now()).await {
            Ok(token) => {
                tracing::info!(user = %user.id, "signed in");
                redirect_with_cookie(next, sign_in_cookie(&state, Some(&token)))
            }
            Err(error) => {
                tracing::error!(%error, "cannot start a sign-in");
                back("internal")
            }
        },
        Ok(None) => {
            tracing::warn!(?email, %address, "sign-in failed: wrong address or password");
            back("invalid")
        }
        Err(error) => {
            tracing::error!(%error, "cannot check a password");
            back("internal")
        }
    }
}

/// `POST /sign-out`: ends this browser's sign-in and removes the cookie.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookies::read(&headers, SIGN_IN_COOKIE).and_then(SignInToken::from_cookie)
        && let Err(error) = state.db.end_sign_in(&token).await
    {
        tracing::error!(%error, "cannot end a sign-in");
    }
    redirect_with_cookie("/", sign_in_cookie(&state, None))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// `POST /account/password`: a signed-in user changes their own password. Every other
/// sign-in of theirs ends; this browser gets a fresh one.
pub async fn change_password(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Peer(peer): Peer,
    headers: HeaderMap,
    form: Result<Form<PasswordForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Some(user) = viewer else {
        return Redirect::to("/sign-in?next=/account").into_response();
    };
    let back =
        |error: &str| Redirect::to(&format!("/account?password_error={error}")).into_response();
    let Ok(Form(form)) = form else {
        return back("wrong_current");
    };
    let address = client_address(&state, &headers, peer);
    if !state.sign_in_limits.allow(&user.email, address) {
        return back("limited");
    }
    match state.db.password_is(user.id, &form.current).await {
        Ok(true) => {}
        Ok(false) => return back("wrong_current"),
        Err(error) => {
            tracing::error!(%error, "cannot check a password");
            return back("internal");
        }
    }
    let password = match Password::new(&form.new) {
        Ok(password) => password,
        Err(WeakPassword::TooShort) => return back("too_short"),
        Err(WeakPassword::TooLong) => return back("too_long"),
    };
    if form.new != form.repeat {
        return back("mismatch");
    }
    let now = Utc::now();
    let changed = state
        .db
        .set_password(user.id, &password, Actor::from(&user), now)
        .await;
    let token = match changed {
        Ok(()) => state.db.start_sign_in(user.id, now).await,
        Err(error) => Err(error),
    };
    match token {
        Ok(token) => redirect_with_cookie(
            "/account?password=changed",
            sign_in_cookie(&state, Some(&token)),
        ),
        Err(error) => {
            tracing::error!(%error, "cannot change a password");
            back("internal")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bearer_tokens_and_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer simpul_abc"),
        );
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("simpul_lang=en; simpul_sign_in=xyz"),
        );
        assert_eq!(bearer_token(&headers), Some("simpul_abc"));
        assert_eq!(cookies::read(&headers, SIGN_IN_COOKIE), Some("xyz"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
    }

    #[test]
    fn the_account_limit_holds_after_its_burst() {
        let limits = SignInLimits::default();
        let email = EmailAddress::parse("operator@jabarprov.go.id").expect("valid");
        let other = EmailAddress::parse("other@jabarprov.go.id").expect("valid");
        let address = IpAddr::from([127, 0, 0, 1]);
        for attempt in 0..PER_ACCOUNT_BURST {
            assert!(limits.allow(&email, address), "attempt {attempt}");
        }
        assert!(
            !limits.allow(&email, address),
            "the sixth attempt in a minute"
        );
        assert!(
            limits.allow(&other, address),
            "another account is not held up"
        );
    }
}
