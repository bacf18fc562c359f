//! The words for a session's kind, mode, status and roles, in the user's language.
//!
//! Translation keys are built from the domain's stable words (`kind-rakor`,
//! `status-cancelled`); the test below checks that every one exists.

use simpul::session::{InvitationStatus, RundownKind, SpeakerRole};
use simpul::validation::Problem;
use simpul::{SessionKind, SessionMode, SessionStatus};

use crate::i18n::I18n;

pub fn kind(i18n: I18n, kind: SessionKind) -> String {
    i18n.t(&format!("kind-{}", kind.as_str()))
}

pub fn mode(i18n: I18n, mode: SessionMode) -> String {
    i18n.t(&format!("mode-{}", mode.as_str()))
}

pub fn status(i18n: I18n, status: SessionStatus) -> String {
    i18n.t(&format!("status-{}", status.as_str()))
}

pub fn role(i18n: I18n, role: SpeakerRole) -> String {
    i18n.t(&format!("role-{}", role.as_str()))
}

pub fn rundown_kind(i18n: I18n, kind: RundownKind) -> String {
    i18n.t(&format!("rundown-{}", kind.as_str()))
}

pub fn invitation_status(i18n: I18n, status: InvitationStatus) -> String {
    i18n.t(&format!("invitation-{}", status.as_str()))
}

/// A validation problem as a sentence about the field.
pub fn problem(i18n: I18n, problem: Problem) -> String {
    use fluent_templates::fluent_bundle::FluentValue;
    let key = format!("error-{}", problem.code());
    match problem {
        Problem::TooLong { max }
        | Problem::NotAPositiveNumber { max }
        | Problem::PeriodTooLong { max } => i18n.t_with(&key, &[("max", FluentValue::from(max))]),
        _ => i18n.t(&key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use simpul::Language;

    #[test]
    fn every_word_has_a_translation_in_both_languages() {
        for language in Language::ALL {
            let i18n = I18n { language };
            let mut keys = Vec::new();
            keys.extend(
                SessionKind::ALL
                    .iter()
                    .map(|k| (format!("kind-{k}"), kind(i18n, *k))),
            );
            keys.extend(
                SessionMode::ALL
                    .iter()
                    .map(|m| (format!("mode-{m}"), mode(i18n, *m))),
            );
            keys.extend(
                SessionStatus::ALL
                    .iter()
                    .map(|s| (format!("status-{s}"), status(i18n, *s))),
            );
            keys.extend(
                SpeakerRole::ALL
                    .iter()
                    .map(|r| (format!("role-{r}"), role(i18n, *r))),
            );
            keys.extend(
                RundownKind::ALL
                    .iter()
                    .map(|k| (format!("rundown-{k}"), rundown_kind(i18n, *k))),
            );
            keys.extend(
                InvitationStatus::ALL
                    .iter()
                    .map(|s| (format!("invitation-{s}"), invitation_status(i18n, *s))),
            );
            for p in Problem::EXAMPLES {
                keys.push((format!("error-{}", p.code()), problem(i18n, p)));
            }
            for (key, text) in keys {
                assert_ne!(key, text, "{key} has no {language:?} translation");
                assert!(!text.is_empty(), "{key} is empty in {language:?}");
            }
        }
    }

    #[test]
    fn problems_carry_their_numbers() {
        let i18n = I18n {
            language: Language::Id,
        };
        assert!(problem(i18n, Problem::TooLong { max: 300 }).contains("300"));
    }
}
