//! One's own account: who one is, changing the password (a form post to
//! `/account/password`, which renews the sign-in cookie), and personal API tokens.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{CreateToken, RevokeToken, TokenOutcome, load_tokens};
use crate::calendar::subscribe::PrivateFeedPanel;
use crate::i18n::use_i18n;
use crate::layout::{LoadError, Loading, use_viewer};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    view! {
        <Title text=i18n.t("account-title")/>
        <h1>{i18n.t("account-title")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(Some(me)) => {
                        let role = i18n.t(&format!("role-{}", me.role));
                        let scope = me
                            .region_name
                            .clone()
                            .map(|region| format!(" · {region}"))
                            .unwrap_or_default();
                        view! {
                            <dl class="facts" id="account-facts">
                                <dt>{i18n.t("account-name")}</dt>
                                <dd>{me.name.clone()}</dd>
                                <dt>{i18n.t("sign-in-email")}</dt>
                                <dd>{me.email.clone()}</dd>
                                <dt>{i18n.t("account-role")}</dt>
                                <dd id="account-role">{role}{scope}</dd>
                            </dl>
                            <PrivateFeedPanel/>
                            <PasswordForm/>
                            <Tokens/>
                        }
                            .into_any()
                    }
                    Ok(None) => {
                        let error = leptos::server_fn::ServerFnError::new(super::api::ERROR_SIGN_IN);
                        view! { <LoadError error/> }.into_any()
                    }
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let changed = move || query.read().get("password").is_some_and(|v| v == "changed");
    let error = move || {
        query
            .read()
            .get("password_error")
            .map(|code| i18n.t(&format!("password-error-{code}")))
    };
    view! {
        <section aria-labelledby="password-title" class="panel">
            <h2 id="password-title">{i18n.t("password-title")}</h2>
            {move || changed().then(|| view! { <p class="alert alert--success" role="status" id="password-changed">{i18n.t("password-changed")}</p> })}
            {move || error().map(|text| view! { <p class="alert alert--error" role="alert" id="password-error">{text}</p> })}
            <form method="post" action="/account/password" class="editor" id="password-form">
                <div class="field">
                    <label for="current">{i18n.t("password-current")}</label>
                    <input id="current" name="current" type="password" autocomplete="current-password" required/>
                </div>
                <div class="field">
                    <label for="new">{i18n.t("password-new")}</label>
                    <input id="new" name="new" type="password" autocomplete="new-password" minlength="10" required/>
                </div>
                <div class="field">
                    <label for="repeat">{i18n.t("password-repeat")}</label>
                    <input id="repeat" name="repeat" type="password" autocomplete="new-password" minlength="10" required/>
                </div>
                <p class="hint">{i18n.t("password-hint")}</p>
                <div class="editor__actions">
                    <button type="submit" class="button">{i18n.t("password-submit")}</button>
                </div>
            </form>
        </section>
    }
}

/// Personal API tokens: the list, making one (shown once) and revoking.
#[component]
fn Tokens() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| load_tokens(),
    );
    let outcome = move || match create.value().get() {
        Some(Ok(TokenOutcome::Created { name, secret })) => Some(
            view! {
                <div class="alert alert--success" role="status" id="new-token">
                    <p>{i18n.t_with("token-created", &[("name", name.into())])}</p>
                    <p><code class="secret" id="new-token-secret">{secret}</code></p>
                </div>
            }
            .into_any(),
        ),
        Some(Ok(TokenOutcome::Invalid(key))) => {
            Some(view! { <p class="alert alert--error" role="alert">{i18n.t(&key)}</p> }.into_any())
        }
        Some(Err(error)) => Some(view! { <LoadError error/> }.into_any()),
        None => None,
    };
    view! {
        <section aria-labelledby="tokens-title" class="panel">
            <h2 id="tokens-title">{i18n.t("tokens-title")}</h2>
            <p class="hint">{i18n.t("tokens-help")}</p>
            {outcome}
            <ActionForm action=create attr:class="inline-form" attr:id="token-form">
                <div class="field">
                    <label for="token-name">{i18n.t("token-name")}</label>
                    <input id="token-name" name="name" type="text" maxlength="100" required/>
                </div>
                <button type="submit" class="button">{i18n.t("token-create")}</button>
            </ActionForm>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{i18n.t("tokens-empty")}</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="sessions-table" id="tokens">
                                <thead><tr>
                                    <th scope="col">{i18n.t("token-name")}</th>
                                    <th scope="col">{i18n.t("token-created-at")}</th>
                                    <th scope="col">{i18n.t("token-last-used")}</th>
                                    <th scope="col"><span class="sr-only">{i18n.t("organizer-col-actions")}</span></th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|token| view! {
                                        <tr>
                                            <td>{token.name}</td>
                                            <td>{token.created}</td>
                                            <td>{token.last_used.unwrap_or_else(|| i18n.t("token-never-used"))}</td>
                                            <td class="actions">
                                                {if token.revoked {
                                                    view! { <span class="badge">{i18n.t("token-revoked")}</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ActionForm action=revoke>
                                                            <input type="hidden" name="id" value=token.id/>
                                                            <button type="submit" class="button button--quiet">{i18n.t("token-revoke")}</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
