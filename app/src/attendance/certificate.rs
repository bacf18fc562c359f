//! The public verification page of an attendance certificate (`/certificates/:code`):
//! whoever holds a certificate can show that it is genuine. It shows the name, the
//! session and its date only.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::api::load_certificate;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading};

#[component]
pub fn CertificatePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let check = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_certificate,
    );
    view! {
        <Title text=i18n.t("certificate-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(Some(c)) if c.valid => view! {
                        <article class="confirmation" id="certificate">
                            <h1>{i18n.t("certificate-title")}</h1>
                            <p class="alert alert--success" role="status" id="certificate-status">{i18n.t("certificate-valid")}</p>
                            <dl class="facts">
                                <dt>{i18n.t("certificate-name")}</dt><dd id="certificate-name">{c.name}</dd>
                                <dt>{i18n.t("certificate-session")}</dt><dd>{c.title}</dd>
                                <dt>{i18n.t("certificate-date")}</dt><dd>{c.date}</dd>
                                <dt>{i18n.t("certificate-code")}</dt><dd class="code">{c.code}</dd>
                            </dl>
                        </article>
                    }.into_any(),
                    Ok(Some(c)) => view! {
                        <h1>{i18n.t("certificate-title")}</h1>
                        <p class="alert alert--error" role="alert" id="certificate-status">{i18n.t_with("certificate-revoked", &[("code", c.code.into())])}</p>
                    }.into_any(),
                    Ok(None) => view! {
                        <h1>{i18n.t("certificate-title")}</h1>
                        <p class="alert alert--error" role="alert" id="certificate-status">{i18n.t("certificate-unknown")}</p>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
