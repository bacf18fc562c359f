//! The translation layer: every user-facing string comes from `app/locales/*/main.ftl`
//! (Project Fluent, through the `fluent-templates` crate), looked up by key in the
//! user's language.
//!
//! The language is chosen on the server for each request (the `simpul_lang` cookie,
//! else `Accept-Language`, else Bahasa Indonesia), written into `<html lang>`, and read
//! back from there by the browser when it hydrates, so both render the same text.
//! Switching language is a plain link to `/language/{tag}`, which sets the cookie and
//! returns to the page: it works before hydration too.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use leptos::prelude::*;
use simpul::Language;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "id",
        // No Unicode isolation marks around arguments: the values are plain names and
        // numbers, and the marks would show up in copied text and in tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The name of the cookie that remembers a chosen language.
pub const LANGUAGE_COOKIE: &str = "simpul_lang";

static ID: LanguageIdentifier = langid!("id");
static EN: LanguageIdentifier = langid!("en");

fn identifier(language: Language) -> &'static LanguageIdentifier {
    match language {
        Language::Id => &ID,
        Language::En => &EN,
    }
}

/// Looks a key up; a missing key shows as the key itself (and is caught by the test
/// that compares the two catalogues).
pub fn translate(language: Language, key: &str) -> String {
    LOCALES
        .try_lookup(identifier(language), key)
        .unwrap_or_else(|| key.to_owned())
}

/// Looks a key up with named arguments (`{ $count }` in the catalogue).
pub fn translate_with(
    language: Language,
    key: &str,
    args: &[(&'static str, FluentValue<'static>)],
) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), value.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(identifier(language), key, &args)
        .unwrap_or_else(|| key.to_owned())
}

/// The translator for the current page, from context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct I18n {
    pub language: Language,
}

impl I18n {
    pub fn t(&self, key: &str) -> String {
        translate(self.language, key)
    }

    pub fn t_with(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        translate_with(self.language, key, args)
    }
}

/// The translator provided by [`provide_i18n`]; Bahasa Indonesia if none was.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n {
        language: Language::Id,
    })
}

/// Decides the page's language and provides the translator to every component.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        language: current_language(),
    };
    provide_context(i18n);
    i18n
}

/// The language of the request being rendered (server) or of the page (browser).
pub fn current_language() -> Language {
    #[cfg(feature = "ssr")]
    {
        request_language()
    }
    #[cfg(not(feature = "ssr"))]
    {
        page_language()
    }
}

/// On the server: the cookie, then `Accept-Language`, then Indonesian.
#[cfg(feature = "ssr")]
pub fn request_language() -> Language {
    use_context::<http::request::Parts>()
        .map(|parts| language_from_headers(&parts.headers))
        .unwrap_or_default()
}

/// Reads the language from request headers (also used by the JSON API and redirects).
#[cfg(feature = "ssr")]
pub fn language_from_headers(headers: &http::HeaderMap) -> Language {
    crate::cookies::read(headers, LANGUAGE_COOKIE)
        .and_then(Language::from_tag)
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Language::from_accept_language)
        })
        .unwrap_or_default()
}

/// In the browser: the `lang` attribute the server wrote on `<html>`.
#[cfg(not(feature = "ssr"))]
fn page_language() -> Language {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|tag| Language::from_tag(&tag))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Language::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(text: &str) -> BTreeSet<String> {
        text.lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
            .filter_map(|l| l.split(" =").next())
            .map(|k| k.trim().to_owned())
            .collect()
    }

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let id = keys(include_str!("../locales/id/main.ftl"));
        let en = keys(include_str!("../locales/en/main.ftl"));
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(
            only_id.is_empty() && only_en.is_empty(),
            "only in id: {only_id:?}; only in en: {only_en:?}"
        );
        assert!(id.len() > 50, "the catalogue was read ({} keys)", id.len());
    }

    #[test]
    fn every_key_used_in_the_code_exists() {
        let catalogue = keys(include_str!("../locales/id/main.ftl"));
        let sources = [
            include_str!("lib.rs"),
            include_str!("layout.rs"),
            include_str!("sessions/schedule.rs"),
            include_str!("sessions/detail.rs"),
            include_str!("sessions/editor.rs"),
            include_str!("sessions/organizer.rs"),
            include_str!("sessions/labels.rs"),
            include_str!("sessions/api.rs"),
            include_str!("accounts/api.rs"),
            include_str!("accounts/audit.rs"),
            include_str!("accounts/profile.rs"),
            include_str!("accounts/sign_in.rs"),
            include_str!("accounts/users.rs"),
            include_str!("program/api.rs"),
            include_str!("program/page.rs"),
            include_str!("speakers/api.rs"),
            include_str!("speakers/public.rs"),
            include_str!("speakers/registry.rs"),
            include_str!("registrations/api.rs"),
            include_str!("registrations/api/backend.rs"),
            include_str!("registrations/dashboard.rs"),
            include_str!("registrations/desk.rs"),
            include_str!("registrations/organizer.rs"),
            include_str!("registrations/public.rs"),
        ];
        let mut missing = Vec::new();
        for source in sources {
            // Message keys passed around as text: "error-…", "sign-in-error-…".
            for piece in source.split("\"error-").skip(1) {
                let rest = piece.split('"').next().unwrap_or_default();
                let key = format!("error-{rest}");
                // Prefix tests and formats ("error-", "error-{}") are not keys.
                if !rest.is_empty() && !rest.contains('{') && !catalogue.contains(&key) {
                    missing.push(key);
                }
            }
            for piece in source.split("\"sign-in-error-").skip(1) {
                let key = format!(
                    "sign-in-error-{}",
                    piece.split('"').next().unwrap_or_default()
                );
                if !catalogue.contains(&key) {
                    missing.push(key);
                }
            }
            // Keys looked up on the server in the request's language, and the
            // conflict sentences (whose `translate_with` calls rustfmt spreads over lines).
            for piece in source.split("\"conflict-").skip(1) {
                let key = format!("conflict-{}", piece.split('"').next().unwrap_or_default());
                if !catalogue.contains(&key) {
                    missing.push(key);
                }
            }
            for piece in source
                .split(".t(\"")
                .skip(1)
                .chain(source.split(".t_with(\"").skip(1))
                .chain(source.split("translate(language, \"").skip(1))
            {
                if let Some(key) = piece.split('"').next()
                    && !catalogue.contains(key)
                {
                    missing.push(key.to_owned());
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }

    #[test]
    fn keys_built_from_words_exist() {
        let catalogue = keys(include_str!("../locales/id/main.ftl"));
        let mut expected: Vec<String> = ["admin", "organizer", "operator"]
            .iter()
            .map(|role| format!("role-{role}"))
            .collect();
        expected.extend(
            simpul::audit::AuditAction::ALL
                .iter()
                .map(|action| format!("audit-{action}")),
        );
        expected.extend(
            simpul::audit::SubjectKind::ALL
                .iter()
                .map(|kind| format!("audit-subject-{kind}")),
        );
        // The codes the server's `/account/password` sends back.
        expected.extend(
            [
                "wrong_current",
                "too_short",
                "too_long",
                "mismatch",
                "limited",
                "internal",
            ]
            .iter()
            .map(|code| format!("password-error-{code}")),
        );
        expected.extend(
            simpul::material::Visibility::ALL
                .iter()
                .map(|v| format!("materials-{v}")),
        );
        // The upload problems the server sends back to the programme page.
        expected.extend(
            [
                simpul::material::UploadProblem::Missing,
                simpul::material::UploadProblem::Empty,
                simpul::material::UploadProblem::TooLarge { max_mb: 1 },
                simpul::material::UploadProblem::NotAllowed,
                simpul::material::UploadProblem::NameDoesNotMatch,
            ]
            .iter()
            .map(|p| format!("upload-{}", p.code())),
        );
        // Registration words, fields and the spreadsheet problems.
        use simpul::registration::{
            AttendanceMode, InvitationField, RegistrationField, RegistrationStatus,
            sheet::SheetProblem,
        };
        expected.extend(
            AttendanceMode::ALL
                .iter()
                .map(|m| format!("attendance-{m}")),
        );
        expected.extend(
            RegistrationStatus::ALL
                .iter()
                .map(|s| format!("registration-status-{s}")),
        );
        expected.extend(
            RegistrationField::ALL
                .iter()
                .map(|f| format!("registration-field-{}", f.as_str())),
        );
        expected.extend(
            [
                InvitationField::Scope,
                InvitationField::Regions,
                InvitationField::QuotaLuring,
                InvitationField::QuotaDaring,
            ]
            .iter()
            .map(|f| format!("invitation-field-{}", f.as_str())),
        );
        expected.extend(
            ["all", "provinces", "regencies"]
                .iter()
                .map(|s| format!("invitation-scope-{s}")),
        );
        expected.extend(
            ["deadline_date", "deadline_time"]
                .iter()
                .map(|f| format!("registrations-{f}")),
        );
        let no_columns = Vec::new;
        expected.extend(
            [
                SheetProblem::Empty,
                SheetProblem::Unreadable,
                SheetProblem::TooLarge { max_mb: 1 },
                SheetProblem::TooManyRows { max: 1 },
                SheetProblem::MissingColumns {
                    columns: no_columns(),
                },
                SheetProblem::UnknownColumns {
                    columns: no_columns(),
                },
                SheetProblem::RepeatedColumn {
                    column: String::new(),
                },
            ]
            .iter()
            .map(|p| format!("sheet-{}", p.code())),
        );
        let missing: Vec<_> = expected
            .into_iter()
            .filter(|key| !catalogue.contains(key))
            .collect();
        assert!(missing.is_empty(), "keys missing: {missing:?}");
    }

    #[test]
    fn looks_up_in_both_languages_with_arguments() {
        assert_eq!(translate(Language::Id, "nav-schedule"), "Jadwal");
        assert_eq!(translate(Language::En, "nav-schedule"), "Schedule");
        let count = [("count", FluentValue::from(3))];
        assert_eq!(
            translate_with(Language::En, "schedule-count", &count),
            "3 sessions"
        );
        assert_eq!(
            translate_with(Language::Id, "schedule-count", &count),
            "3 sesi"
        );
    }
}
