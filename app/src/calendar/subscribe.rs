//! The calendar components: subscribe to a feed, add one session, and one's private
//! feed. Each explains in a sentence what will happen, for people who have never
//! subscribed to a calendar.

use leptos::prelude::*;

use super::api::{
    FeedLinks, RenewPrivateFeed, RevokePrivateFeed, load_feed_links, load_private_feed,
    load_session_links,
};
use crate::i18n::use_i18n;
use crate::layout::LoadError;

/// "Langganan kalender" for the feed at `feed` (a path such as
/// `/calendar/region/32.ics`). Renders nothing for a feed that names nothing.
#[component]
pub fn Subscribe(feed: String) -> impl IntoView {
    let links = Resource::new(move || feed.clone(), load_feed_links);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match links.await {
                    Ok(Some(links)) => view! { <FeedPanel links private=false/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The links of one feed, folded away until asked for.
#[component]
fn FeedPanel(links: FeedLinks, private: bool) -> impl IntoView {
    let i18n = use_i18n();
    let FeedLinks {
        name,
        address,
        webcal,
        google,
        outlook_work,
        outlook_personal,
    } = links;
    let help = if private {
        "calendar-private-help"
    } else {
        "calendar-subscribe-help"
    };
    view! {
        <details class="calendar" open=private>
            <summary class="calendar__summary">{i18n.t("calendar-subscribe")}</summary>
            <p class="hint">{i18n.t_with(help, &[("name", name.into())])}</p>
            <ul class="calendar__apps">
                <li><a class="button" href=google target="_blank" rel="noopener noreferrer" data-app="google">{i18n.t("calendar-app-google")}</a></li>
                <li><a class="button" href=outlook_work target="_blank" rel="noopener noreferrer" data-app="outlook">{i18n.t("calendar-app-outlook-work")}</a></li>
                <li><a class="button" href=outlook_personal target="_blank" rel="noopener noreferrer" data-app="outlook-personal">{i18n.t("calendar-app-outlook-personal")}</a></li>
                <li><a class="button" href=webcal data-app="webcal">{i18n.t("calendar-app-webcal")}</a></li>
            </ul>
            <div class="field">
                <label>
                    {i18n.t("calendar-address")}
                    <input type="text" readonly value=address.clone() class="calendar__address"/>
                </label>
            </div>
            <p class="hint">
                {i18n.t("calendar-refresh-note")} " "
                <a href=address download>{i18n.t("calendar-download-feed")}</a>
            </p>
        </details>
    }
}

/// "Tambahkan ke kalender" for one session: Google, Outlook, or the .ics file.
#[component]
pub fn AddToCalendar(session: i64) -> impl IntoView {
    let i18n = use_i18n();
    let links = Resource::new(move || session, load_session_links);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match links.await {
                    Ok(Some(links)) => view! {
                        <section class="calendar calendar--session" aria-labelledby="add-to-calendar">
                            <h2 id="add-to-calendar">{i18n.t("calendar-add")}</h2>
                            <p class="hint">{i18n.t("calendar-add-help")}</p>
                            <ul class="calendar__apps">
                                <li><a class="button" href=links.google target="_blank" rel="noopener noreferrer" data-app="google">{i18n.t("calendar-app-google")}</a></li>
                                <li><a class="button" href=links.outlook_work target="_blank" rel="noopener noreferrer" data-app="outlook">{i18n.t("calendar-app-outlook-work")}</a></li>
                                <li><a class="button" href=links.outlook_personal target="_blank" rel="noopener noreferrer" data-app="outlook-personal">{i18n.t("calendar-app-outlook-personal")}</a></li>
                                <li><a class="button" href=links.file.clone() download data-app="ics">{i18n.t("calendar-download-session")}</a></li>
                            </ul>
                        </section>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The account page's private feed: make (or remake) its address, shown once, or
/// stop it.
#[component]
pub fn PrivateFeedPanel() -> impl IntoView {
    let i18n = use_i18n();
    let renew = ServerAction::<RenewPrivateFeed>::new();
    let revoke = ServerAction::<RevokePrivateFeed>::new();
    let state = Resource::new(
        move || (renew.version().get(), revoke.version().get()),
        |_| load_private_feed(),
    );
    let fresh = move || match renew.value().get() {
        Some(Ok(links)) => Some(
            view! {
                <div class="alert alert--success" role="status" id="private-feed-new">
                    <p>{i18n.t("calendar-private-made")}</p>
                    <FeedPanel links private=true/>
                </div>
            }
            .into_any(),
        ),
        Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
        None => None,
    };
    view! {
        <section aria-labelledby="private-feed-title" class="panel" id="private-feed">
            <h2 id="private-feed-title">{i18n.t("calendar-private-title")}</h2>
            <p class="hint">{i18n.t("calendar-private-lead")}</p>
            {fresh}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(feed) => {
                            let has_one = feed.made.is_some();
                            view! {
                                {feed.made.map(|made| view! {
                                    <p id="private-feed-made">{i18n.t_with("calendar-private-since", &[("when", made.into())])}</p>
                                })}
                                <div class="inline-form">
                                    <ActionForm action=renew attr:id="private-feed-renew">
                                        <button type="submit" class="button">
                                            {if has_one { i18n.t("calendar-private-renew") } else { i18n.t("calendar-private-make") }}
                                        </button>
                                    </ActionForm>
                                    {has_one.then(|| view! {
                                        <ActionForm action=revoke attr:id="private-feed-revoke">
                                            <button type="submit" class="button button--quiet">{i18n.t("calendar-private-revoke")}</button>
                                        </ActionForm>
                                    })}
                                </div>
                            }.into_any()
                        }
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
