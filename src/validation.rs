//! Validation results that name the field and the problem.
//!
//! Problems are codes, not sentences: the UI turns each into a message in the user's
//! language (`error-<code>` in the translation files), and the API sends the code with
//! an English message.

use serde::{Deserialize, Serialize};

/// What is wrong with one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum Problem {
    Required,
    /// Required because of the chosen mode (a link for daring, a venue for luring).
    RequiredForMode,
    TooLong {
        max: usize,
    },
    UnknownChoice,
    InvalidDate,
    InvalidTime,
    EndNotAfterStart,
    InvalidLink,
    InvalidRegion,
    UnknownRegion,
    NotAPositiveNumber {
        max: usize,
    },
    /// Not an 18-digit NIP with a birth date, appointment month and sex digit.
    InvalidNip,
    /// A spreadsheet's NIP cell held a number (Excel keeps 15 digits of 18).
    NipAsNumber,
    InvalidEmail,
    InvalidPhone,
    /// Neither an e-mail address nor a phone number.
    ContactRequired,
    /// Starts like a spreadsheet formula (`=`, `@`, `+X`, `-X`).
    LooksLikeFormula,
    /// The session does not offer this way of taking part.
    ModeNotOffered,
    /// The person (this NIP or e-mail) is already registered for the session.
    AlreadyRegistered,
    /// The same person appears twice in what was sent.
    RepeatedPerson,
    /// The session does not invite this region.
    RegionNotInvited,
    /// The region is outside the operator's own.
    RegionNotYours,
    /// A report's period spans more than `max` years.
    PeriodTooLong {
        max: usize,
    },
}

impl Problem {
    /// One of each problem (with example numbers), for tests that must cover them all.
    pub const EXAMPLES: [Problem; 23] = [
        Problem::Required,
        Problem::RequiredForMode,
        Problem::TooLong { max: 3 },
        Problem::UnknownChoice,
        Problem::InvalidDate,
        Problem::InvalidTime,
        Problem::EndNotAfterStart,
        Problem::InvalidLink,
        Problem::InvalidRegion,
        Problem::UnknownRegion,
        Problem::NotAPositiveNumber { max: 3 },
        Problem::InvalidNip,
        Problem::NipAsNumber,
        Problem::InvalidEmail,
        Problem::InvalidPhone,
        Problem::ContactRequired,
        Problem::LooksLikeFormula,
        Problem::ModeNotOffered,
        Problem::AlreadyRegistered,
        Problem::RepeatedPerson,
        Problem::RegionNotInvited,
        Problem::RegionNotYours,
        Problem::PeriodTooLong { max: 3 },
    ];

    /// The stable code, used as the translation key suffix and in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::RequiredForMode => "required_for_mode",
            Self::TooLong { .. } => "too_long",
            Self::UnknownChoice => "unknown_choice",
            Self::InvalidDate => "invalid_date",
            Self::InvalidTime => "invalid_time",
            Self::EndNotAfterStart => "end_not_after_start",
            Self::InvalidLink => "invalid_link",
            Self::InvalidRegion => "invalid_region",
            Self::UnknownRegion => "unknown_region",
            Self::NotAPositiveNumber { .. } => "not_a_positive_number",
            Self::InvalidNip => "invalid_nip",
            Self::NipAsNumber => "nip_as_number",
            Self::InvalidEmail => "invalid_email",
            Self::InvalidPhone => "invalid_phone",
            Self::ContactRequired => "contact_required",
            Self::LooksLikeFormula => "looks_like_formula",
            Self::ModeNotOffered => "mode_not_offered",
            Self::AlreadyRegistered => "already_registered",
            Self::RepeatedPerson => "repeated_person",
            Self::RegionNotInvited => "region_not_invited",
            Self::RegionNotYours => "region_not_yours",
            Self::PeriodTooLong { .. } => "period_too_long",
        }
    }

    /// An English sentence for machine clients (the JSON API) and logs.
    pub fn english(self) -> String {
        match self {
            Self::Required => "is required".into(),
            Self::RequiredForMode => "is required for this mode".into(),
            Self::TooLong { max } => format!("is longer than {max} characters"),
            Self::UnknownChoice => "is not one of the allowed values".into(),
            Self::InvalidDate => "is not a date (YYYY-MM-DD)".into(),
            Self::InvalidTime => "is not a time (HH:MM)".into(),
            Self::EndNotAfterStart => "must be after the start".into(),
            Self::InvalidLink => "is not an http or https address".into(),
            Self::InvalidRegion => "is not a region code (32 or 32.12)".into(),
            Self::UnknownRegion => "is not a known region".into(),
            Self::NotAPositiveNumber { max } => format!("is not a whole number from 1 to {max}"),
            Self::InvalidNip => "is not an 18-digit NIP".into(),
            Self::NipAsNumber => {
                "was stored as a number, which loses digits; format the column as text".into()
            }
            Self::InvalidEmail => "is not an e-mail address".into(),
            Self::InvalidPhone => "is not a phone number (8 to 15 digits)".into(),
            Self::ContactRequired => "or a phone number is required".into(),
            Self::LooksLikeFormula => "starts like a spreadsheet formula".into(),
            Self::ModeNotOffered => "is not offered by this session".into(),
            Self::AlreadyRegistered => "is already registered for this session".into(),
            Self::RepeatedPerson => "appears more than once".into(),
            Self::RegionNotInvited => "is not invited to this session".into(),
            Self::RegionNotYours => "is outside your region".into(),
            Self::PeriodTooLong { max } => format!("spans more than {max} years"),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// One field's problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError<F> {
    pub field: F,
    pub problem: Problem,
}

/// Every problem found in one form, in the order the fields were checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ValidationErrors<F>(Vec<FieldError<F>>);

impl<F> Default for ValidationErrors<F> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<F: PartialEq + Copy> ValidationErrors<F> {
    /// Records a problem; only the first problem of a field is kept.
    pub fn add(&mut self, field: F, problem: Problem) {
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError { field, problem });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn for_field(&self, field: F) -> Option<Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| e.problem)
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError<F>> {
        self.0.iter()
    }
}

impl<F> IntoIterator for ValidationErrors<F> {
    type Item = FieldError<F>;
    type IntoIter = std::vec::IntoIter<FieldError<F>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_problem_of_each_field() {
        let mut errors = ValidationErrors::default();
        errors.add("title", Problem::Required);
        errors.add("title", Problem::TooLong { max: 3 });
        errors.add("mode", Problem::UnknownChoice);
        assert_eq!(errors.for_field("title"), Some(Problem::Required));
        assert_eq!(errors.iter().count(), 2);
    }

    #[test]
    fn codes_are_distinct() {
        let all = Problem::EXAMPLES;
        let mut codes: Vec<_> = all.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
