//! The frame around every page: header with navigation (by the viewer's role), the
//! signed-in user and the language switch, footer with the data attribution, and the
//! shared "not found", "sign in first", "not allowed" and error views.

use leptos::prelude::*;
use leptos::server_fn::ServerFnError;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use simpul::Language;

use crate::accounts::api::{ERROR_FORBIDDEN, ERROR_SIGN_IN, ViewerInfo, load_viewer};
use crate::i18n::use_i18n;

/// The signed-in user (or `None`), loaded once per page load and shared by the header
/// and pages.
pub type ViewerResource = Resource<Result<Option<ViewerInfo>, ServerFnError>>;

pub fn provide_viewer() {
    provide_context::<ViewerResource>(Resource::new(|| (), |_| load_viewer()));
}

pub fn use_viewer() -> ViewerResource {
    expect_context::<ViewerResource>()
}

#[component]
pub fn Page(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    view! {
        <a class="skip-link" href="#main">{i18n.t("skip-to-content")}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__name">"Simpul"</span>
                    <span class="brand__tagline">{i18n.t("brand-tagline")}</span>
                </A>
                <nav aria-label=i18n.t("nav-label") class="site-nav">
                    <A href="/">{i18n.t("nav-schedule")}</A>
                    <A href="/institutions">{i18n.t("nav-institutions")}</A>
                    <Transition>
                        {move || Suspend::new(async move {
                            let me = viewer.await.ok().flatten();
                            view! { <RoleLinks me/> }
                        })}
                    </Transition>
                </nav>
                <LanguageSwitch/>
            </div>
        </header>
        <main id="main" class="site-main">{children()}</main>
        <footer class="site-footer">
            <p>{i18n.t("footer-owner")}</p>
            <p class="site-footer__small">{i18n.t("footer-region-data")}</p>
        </footer>
    }
}

/// The links a role uses, and who is signed in (with sign-out), or the sign-in link.
#[component]
fn RoleLinks(me: Option<ViewerInfo>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(me) = me else {
        return view! { <A href="/sign-in" attr:id="nav-sign-in">{i18n.t("nav-sign-in")}</A> }
            .into_any();
    };
    view! {
        {me.manages_sessions().then(|| view! {
            <A href="/organizer">{i18n.t("nav-organizer")}</A>
            <A href="/organizer/speakers" attr:id="nav-speakers">{i18n.t("nav-speakers")}</A>
            <A href="/organizer/reports" attr:id="nav-reports">{i18n.t("nav-reports")}</A>
        })}
        {me.is_operator().then(|| view! { <A href="/my-region" attr:id="nav-my-region">{i18n.t("nav-my-region")}</A> })}
        {me.is_admin().then(|| view! {
            <A href="/admin/users">{i18n.t("nav-users")}</A>
            <A href="/admin/audit">{i18n.t("nav-audit")}</A>
        })}
        <A href="/account" attr:id="nav-account" attr:title=me.email.clone()>{me.name.clone()}</A>
        <form method="post" action="/sign-out" class="sign-out">
            <button type="submit" class="link-button" id="sign-out">{i18n.t("nav-sign-out")}</button>
        </form>
    }
    .into_any()
}

/// Links to `/language/{tag}`, which sets the cookie and comes back here. `rel=external`
/// makes the router leave them to the browser: the whole page is rendered anew in the
/// chosen language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let link = move |language: Language| {
        // The router's `search` has no leading "?".
        let search = location.search.get();
        let here = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        let back = url_escape(&here);
        format!("/language/{}?next={back}", language.tag())
    };
    view! {
        <div class="language-switch" role="group" aria-label=i18n.t("language-label")>
            {Language::ALL
                .into_iter()
                .map(|language| {
                    let current = language == i18n.language;
                    view! {
                        <a
                            href=move || link(language)
                            rel="external nofollow"
                            hreflang=language.tag()
                            aria-current=current.then_some("true")
                            class:current=current
                        >
                            {i18n.t(&format!("language-{}", language.tag()))}
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Percent-encodes a path for a query value (only what a path and query can hold).
pub fn url_escape(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn PageNotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=i18n.t("not-found-title")/>
        <section class="notice">
            <h1>{i18n.t("not-found-title")}</h1>
            <p>{i18n.t("not-found-body")}</p>
            <p><A href="/">{i18n.t("back-to-schedule")}</A></p>
        </section>
    }
}

/// What a page shows while its data is on the way (after hydration, between pages).
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{i18n.t("loading")}</p> }
}

/// What is wrong with a form, one sentence per (field, message), already translated.
#[component]
pub fn ProblemList(problems: Vec<(String, String)>) -> impl IntoView {
    view! {
        <ul class="alert alert--error field-problems" role="alert">
            {problems.into_iter().map(|(_, message)| view! { <li>{message}</li> }).collect_view()}
        </ul>
    }
}

/// A server-function failure, in the user's language (the server sends a message key).
/// "Sign in first" links to the sign-in page (the server has already redirected a
/// page load there); "not allowed" answers 403 and says so, without any data.
#[component]
pub fn LoadError(error: ServerFnError) -> impl IntoView {
    let i18n = use_i18n();
    let key = match &error {
        ServerFnError::ServerError(key) if key.starts_with("error-") => key.clone(),
        _ => "error-internal".to_owned(),
    };
    if key == ERROR_SIGN_IN {
        let location = use_location();
        let back = url_escape(&location.pathname.get_untracked());
        // A page load goes straight to the sign-in page (302).
        #[cfg(feature = "ssr")]
        leptos_axum::redirect(&format!("/sign-in?next={back}"));
        return view! {
            <section class="notice" id="sign-in-required">
                <h1>{i18n.t("sign-in-required-title")}</h1>
                <p>{i18n.t(ERROR_SIGN_IN)}</p>
                <p><a class="button" href=format!("/sign-in?next={back}")>{i18n.t("nav-sign-in")}</a></p>
            </section>
        }
        .into_any();
    }
    if key == ERROR_FORBIDDEN {
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::FORBIDDEN);
        }
        return view! {
            <Title text=i18n.t("forbidden-title")/>
            <section class="notice" id="forbidden">
                <h1>{i18n.t("forbidden-title")}</h1>
                <p>{i18n.t(ERROR_FORBIDDEN)}</p>
                <p><A href="/">{i18n.t("back-to-schedule")}</A></p>
            </section>
        }
        .into_any();
    }
    view! { <p class="alert alert--error" role="alert">{i18n.t(&key)}</p> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_query_values() {
        assert_eq!(
            url_escape("/?kind=rakor&month=2023-01"),
            "/%3Fkind%3Drakor%26month%3D2023-01"
        );
        assert_eq!(url_escape("/sessions/4"), "/sessions/4");
    }
}
