//! Simpul's user interface: pages, components and server functions, grouped by
//! feature. Compiled twice: with `ssr` into the server, and with `hydrate` into the
//! WebAssembly bundle that takes over the server-rendered page in the browser.

pub mod accounts;
pub mod attendance;
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod cookies;
pub mod i18n;
pub mod layout;
pub mod program;
pub mod registrations;
pub mod reports;
pub mod sessions;
pub mod speakers;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::accounts::audit::AuditPage;
use crate::accounts::profile::AccountPage;
use crate::accounts::sign_in::SignInPage;
use crate::accounts::users::{EditUserPage, UsersPage};
use crate::attendance::certificate::CertificatePage;
use crate::attendance::check_in::CheckInPage;
use crate::attendance::list::AttendanceListPage;
use crate::i18n::{provide_i18n, use_i18n};
use crate::layout::{Page, PageNotFound, provide_viewer};
use crate::program::page::ProgramPage;
use crate::registrations::dashboard::MyRegionPage;
use crate::registrations::desk::RegionDeskPage;
use crate::registrations::organizer::RegistrationsPage;
use crate::registrations::public::{ConfirmationPage, PublicRegistrationPage};
use crate::reports::dashboard::ReportsPage;
use crate::reports::region::RegionPage;
use crate::sessions::detail::SessionDetailPage;
use crate::sessions::editor::{EditSessionPage, NewSessionPage};
use crate::sessions::organizer::OrganizerPage;
use crate::sessions::schedule::SchedulePage;
use crate::speakers::public::{InstitutionPublicPage, InstitutionsPage, SpeakerPublicPage};
use crate::speakers::registry::{EditSpeakerPage, InstitutionsAdminPage, SpeakersAdminPage};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let i18n = provide_i18n();
    view! {
        <!DOCTYPE html>
        <html lang=i18n.language.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: routes to every page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // On the server the shell already provided it; in the browser this reads <html lang>.
    if use_context::<i18n::I18n>().is_none() {
        provide_i18n();
    }
    let i18n = use_i18n();
    provide_viewer();
    mark_hydrated();
    view! {
        <Stylesheet id="simpul" href="/pkg/simpul.css"/>
        <Title formatter=move |page: String| {
            if page.is_empty() { "Simpul".to_owned() } else { format!("{page} · Simpul") }
        }/>
        <Router>
            <Page>
                <Routes fallback=move || view! { <PageNotFound/> }>
                    // Async: the server waits for the data before it answers, so pages
                    // are complete without JavaScript and a missing session is a 404.
                    <Route path=path!("/") view=SchedulePage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id") view=SessionDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer") view=OrganizerPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/sessions/new") view=NewSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/sessions/:id") view=EditSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/sessions/:id/program") view=ProgramPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/speakers") view=SpeakersAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/speakers/:id") view=EditSpeakerPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/institutions") view=InstitutionsAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/speakers/:id") view=SpeakerPublicPage ssr=SsrMode::Async/>
                    <Route path=path!("/institutions") view=InstitutionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/institutions/:id") view=InstitutionPublicPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/sessions/:id/registrations") view=RegistrationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/sessions/:id/check-in") view=CheckInPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/sessions/:id/attendance") view=AttendanceListPage ssr=SsrMode::Async/>
                    <Route path=path!("/certificates/:code") view=CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/reports") view=ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/regions/:code") view=RegionPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-region") view=MyRegionPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-region/sessions/:id") view=RegionDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/register/:secret") view=PublicRegistrationPage ssr=SsrMode::Async/>
                    <Route path=path!("/registrations/:secret") view=ConfirmationPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users/:id") view=EditUserPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                </Routes>
            </Page>
        </Router>
        <noscript>{i18n.t("noscript")}</noscript>
    }
}

/// Sets `data-hydrated` on `<body>` once the browser has taken over the page: a signal
/// for browser tests, and for styles that only make sense with JavaScript.
fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// The WebAssembly entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
