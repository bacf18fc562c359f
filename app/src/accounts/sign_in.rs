//! The sign-in page. The form posts to `/sign-in` (handled by the server, which sets the
//! cookie and redirects), so it works the same before and after hydration.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_i18n;
use crate::layout::use_viewer;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".to_owned());
    let error = move || {
        query.read().get("error").map(|code| {
            let key = match code.as_str() {
                "limited" => "sign-in-error-limited",
                "internal" => "error-internal",
                _ => "sign-in-error-invalid",
            };
            i18n.t(key)
        })
    };
    let viewer = use_viewer();
    view! {
        <Title text=i18n.t("sign-in-title")/>
        <section class="narrow">
            <h1>{i18n.t("sign-in-title")}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    viewer.await.ok().flatten().map(|v| {
                        view! {
                            <p class="alert alert--info" id="already-signed-in">
                                {i18n.t_with("sign-in-already", &[("name", v.name.into())])}
                            </p>
                        }
                    })
                })}
            </Suspense>
            {move || error().map(|text| view! { <p class="alert alert--error" role="alert" id="sign-in-error">{text}</p> })}
            <form method="post" action="/sign-in" class="editor" id="sign-in-form">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="email">{i18n.t("sign-in-email")}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required autofocus/>
                </div>
                <div class="field">
                    <label for="password">{i18n.t("sign-in-password")}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <div class="editor__actions">
                    <button type="submit" class="button" id="sign-in">{i18n.t("sign-in-submit")}</button>
                </div>
            </form>
            <p class="hint">{i18n.t("sign-in-help")}</p>
            <p><A href="/">{i18n.t("back-to-schedule")}</A></p>
        </section>
    }
}
