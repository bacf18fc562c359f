//! Speakers (narasumber) and the institutions they come from.
//!
//! A speaker's name is kept exactly as written, academic titles and all ("Prof. Dr. R.
//! Siti Zuhro, M.A."). For finding and for spotting duplicates, [`name_key`] reduces it
//! to the person's own names ("siti zuhro"), and [`match_score`] compares a query with
//! those words by prefix and with a typo or two allowed, so "zuhro", "siti zu" and
//! "zurho" all find her.

use serde::{Deserialize, Serialize};

use crate::region::RegionCode;
use crate::session::{InvitationStatus, optional_region, text, word_enum};
use crate::validation::{Problem, ValidationErrors};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// Parses an id from a path segment or form field: a positive whole number.
            pub fn parse(raw: &str) -> Option<Self> {
                raw.trim().parse::<i64>().ok().filter(|id| *id > 0).map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}
pub(crate) use id_type;

id_type!(
    /// The database id of a speaker.
    SpeakerId
);
id_type!(
    /// The database id of an institution.
    InstitutionId
);
id_type!(
    /// The database id of one speaker's part in one session.
    SessionSpeakerId
);
id_type!(
    /// The database id of a rundown slot.
    RundownItemId
);

/// Longest name, position, institution name or topic accepted, in characters.
pub const MAX_NAME: usize = 200;
/// Longest private contact accepted (a phone number and an address, say).
pub const MAX_CONTACT: usize = 300;

word_enum!(
    /// The fields of the speaker form.
    SpeakerField {
        Name => "name",
        Position => "position",
        Institution => "institution",
        InstitutionRegion => "institution_region",
        Contact => "contact",
    }
);

/// What an organizer typed about a speaker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeakerForm {
    pub name: String,
    pub position: String,
    /// The institution's name as in the registry (or a new one, created on save).
    pub institution: String,
    /// For a new regional institution: its province or regency.
    pub institution_region: String,
    /// Private: telephone, e-mail, the aide to call. Never shown outside organizers.
    pub contact: String,
}

/// A validated speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerDetails {
    pub name: String,
    pub position: String,
    pub institution: Option<String>,
    pub institution_region: Option<RegionCode>,
    pub contact: Option<String>,
}

impl SpeakerForm {
    pub fn validate(&self) -> Result<SpeakerDetails, ValidationErrors<SpeakerField>> {
        use SpeakerField as F;
        let mut errors = ValidationErrors::default();
        let name = text(&mut errors, F::Name, &self.name, true, MAX_NAME);
        if name.as_deref().is_some_and(|n| name_key(n).is_empty()) {
            // Only titles ("Dr., M.Si."): not a name anyone can be found by.
            errors.add(F::Name, Problem::Required);
        }
        let position = text(&mut errors, F::Position, &self.position, false, MAX_NAME);
        let institution = text(
            &mut errors,
            F::Institution,
            &self.institution,
            false,
            MAX_NAME,
        );
        let contact = text(&mut errors, F::Contact, &self.contact, false, MAX_CONTACT);
        let institution_region =
            optional_region(&mut errors, F::InstitutionRegion, &self.institution_region);
        match (errors.is_empty(), name) {
            (true, Some(name)) => Ok(SpeakerDetails {
                name,
                position: position.unwrap_or_default(),
                institution: institution.filter(|i| !i.is_empty()),
                institution_region,
                contact: contact.filter(|c| !c.is_empty()),
            }),
            _ => Err(errors),
        }
    }
}

word_enum!(
    /// The fields of the institution form.
    InstitutionField {
        Name => "name",
        Region => "region",
        MergeInto => "into",
    }
);

/// A validated institution name and, for a regional office, its region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionDetails {
    pub name: String,
    pub region: Option<RegionCode>,
}

/// Checks an institution's name and region as typed.
pub fn validate_institution(
    name: &str,
    region: &str,
) -> Result<InstitutionDetails, ValidationErrors<InstitutionField>> {
    let mut errors = ValidationErrors::default();
    let name = text(&mut errors, InstitutionField::Name, name, true, MAX_NAME);
    let region = optional_region(&mut errors, InstitutionField::Region, region);
    match (errors.is_empty(), name) {
        (true, Some(name)) => Ok(InstitutionDetails { name, region }),
        _ => Err(errors),
    }
}

/// The central bodies that speak at Ditjen Polpum's sessions, seeded into every
/// database, each with the other names it is written as (found by search too).
pub const CENTRAL_INSTITUTIONS: &[(&str, &[&str])] = &[
    ("KPU RI", &["Komisi Pemilihan Umum"]),
    ("Bawaslu RI", &["Badan Pengawas Pemilihan Umum"]),
    ("DKPP", &["Dewan Kehormatan Penyelenggara Pemilu"]),
    (
        "Kementerian PAN-RB",
        &["Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"],
    ),
    ("Komisi Aparatur Sipil Negara (KASN)", &["KASN"]),
    ("BKN", &["Badan Kepegawaian Negara"]),
    ("Puspom TNI", &["Pusat Polisi Militer TNI"]),
    (
        "Divisi Propam Polri",
        &["Divisi Profesi dan Pengamanan Polri"],
    ),
    ("BRIN", &["Badan Riset dan Inovasi Nasional"]),
    ("Kementerian Komunikasi dan Digital", &["Komdigi"]),
    ("Kementerian Dalam Negeri", &["Kemendagri"]),
    (
        "Direktorat Jenderal Politik dan Pemerintahan Umum",
        &["Ditjen Polpum"],
    ),
    (
        "Sekretariat Direktorat Jenderal Politik dan Pemerintahan Umum",
        &[],
    ),
    ("Direktorat Politik Dalam Negeri", &[]),
    ("Direktorat Ideologi, Karakter dan Wawasan Kebangsaan", &[]),
    ("Direktorat Ketahanan Ekonomi, Sosial dan Budaya", &[]),
    ("Direktorat Organisasi Kemasyarakatan", &[]),
    ("Direktorat Kewaspadaan Nasional", &[]),
    (
        "Direktorat Forum Koordinasi Pimpinan Daerah dan Hubungan Antarlembaga",
        &[],
    ),
];

/// An invitation status change that makes no sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a speaker who is {from} cannot become {to}")]
pub struct ForbiddenAnswer {
    pub from: InvitationStatus,
    pub to: InvitationStatus,
}

impl InvitationStatus {
    /// A speaker answers an invitation (confirmed or declined) and may change their
    /// mind later; nobody becomes "invited" again, and a change to the same status is
    /// no change (it would record a date that means nothing).
    pub fn answer(self, to: InvitationStatus) -> Result<InvitationStatus, ForbiddenAnswer> {
        use InvitationStatus::*;
        match (self, to) {
            (Invited, Confirmed)
            | (Invited, Declined)
            | (Confirmed, Declined)
            | (Declined, Confirmed) => Ok(to),
            _ => Err(ForbiddenAnswer { from: self, to }),
        }
    }
}

/// The words a person is known by: lower case, without academic and religious titles
/// (every word ending in a full stop before the first comma, and everything after it)
/// and without punctuation. "Prof. Dr. R. Siti Zuhro, M.A." → "siti zuhro".
pub fn name_key(name: &str) -> String {
    let before_degrees = name.split(',').next().unwrap_or_default();
    let words: Vec<String> = before_degrees
        .split_whitespace()
        .filter(|word| !word.ends_with('.'))
        .map(normalise_word)
        .filter(|word| !word.is_empty())
        .collect();
    words.join(" ")
}

/// The words of any text for searching (institution names keep every word).
pub fn text_key(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(normalise_word)
        .filter(|word| !word.is_empty())
        .collect();
    words.join(" ")
}

fn normalise_word(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many typing mistakes a query word may have: none in short words, where a typo
/// would match too much; one from four letters; two from eight.
fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// How well one query word matches one word of a candidate: 0 exact, 1 prefix,
/// 2 with typos, 3 a prefix with typos ("zurh" for "zuhro"). `None`: no match.
///
/// Typos are counted as optimal string alignment distance (insertions, deletions,
/// substitutions and swaps of neighbours), which needs no allocation per letter pair;
/// words whose lengths differ by more than the typos allowed are skipped at once.
fn word_score(query: &str, word: &str) -> Option<u32> {
    if query == word {
        return Some(0);
    }
    if word.starts_with(query) {
        return Some(1);
    }
    let query_len = query.chars().count();
    let allowed = allowed_typos(query_len);
    if allowed == 0 {
        return None;
    }
    let word_len = word.chars().count();
    if word_len.abs_diff(query_len) <= allowed && strsim::osa_distance(query, word) <= allowed {
        return Some(2);
    }
    if word_len > query_len {
        let prefix: String = word.chars().take(query_len).collect();
        if strsim::osa_distance(query, &prefix) <= allowed {
            return Some(3);
        }
    }
    None
}

/// A search query, ready to score many candidates. Candidates share most of their
/// words (given names, family names, "KPU", "Provinsi"), so each distinct word is
/// compared with the query once and remembered: scoring 5,000 speakers costs a few
/// hundred comparisons, not tens of thousands.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    query: Vec<String>,
    known: std::collections::HashMap<String, Vec<Option<u32>>>,
}

impl Matcher {
    pub fn new(query: &str) -> Self {
        Self {
            query: text_key(query)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
            known: std::collections::HashMap::new(),
        }
    }

    /// Whether the query has no words (nothing to search for).
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }

    /// How well the query matches a candidate (lower is better): every query word must
    /// match some word of the candidate's keys. `None` when some query word matches
    /// nothing, or the query is empty.
    pub fn score(&mut self, candidate_keys: &[&str]) -> Option<u32> {
        if self.query.is_empty() {
            return None;
        }
        let mut best: Vec<Option<u32>> = vec![None; self.query.len()];
        for word in candidate_keys
            .iter()
            .flat_map(|k| k.split(' '))
            .filter(|w| !w.is_empty())
        {
            if !self.known.contains_key(word) {
                let scores = self.query.iter().map(|q| word_score(q, word)).collect();
                self.known.insert(word.to_owned(), scores);
            }
            let scores = &self.known[word];
            for (slot, score) in best.iter_mut().zip(scores) {
                if let Some(score) = score {
                    *slot = Some(slot.map_or(*score, |current: u32| current.min(*score)));
                }
            }
        }
        best.into_iter().sum()
    }
}

/// How well a query matches one candidate; see [`Matcher::score`].
pub fn match_score(query: &str, candidate_keys: &[&str]) -> Option<u32> {
    Matcher::new(query).score(candidate_keys)
}

/// Whether two speakers' names probably mean the same person: the same words, a
/// typo apart, or one name's words all within the other's ("Bahtiar" and "Bahtiar
/// Baharuddin"). Organizers see this as a warning, never as a refusal: two people
/// may share a name.
pub fn likely_same_person(a_key: &str, b_key: &str) -> bool {
    if a_key.is_empty() || b_key.is_empty() {
        return false;
    }
    if a_key == b_key {
        return true;
    }
    let longest = a_key.chars().count().max(b_key.chars().count());
    if strsim::osa_distance(a_key, b_key) <= allowed_typos(longest).min(2) {
        return true;
    }
    let (a_words, b_words): (Vec<&str>, Vec<&str>) =
        (a_key.split(' ').collect(), b_key.split(' ').collect());
    let (short, long) = if a_words.len() <= b_words.len() {
        (a_words, b_words)
    } else {
        (b_words, a_words)
    };
    short.iter().map(|w| w.chars().count()).sum::<usize>() >= 5
        && short.iter().all(|w| long.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kept_as_written_and_keyed_without_titles() {
        let form = SpeakerForm {
            name: "  Prof. Dr. R. Siti Zuhro, M.A. ".into(),
            institution: "BRIN".into(),
            ..Default::default()
        };
        let details = form.validate().expect("valid");
        assert_eq!(details.name, "Prof. Dr. R. Siti Zuhro, M.A.");
        assert_eq!(name_key(&details.name), "siti zuhro");
        assert_eq!(name_key("Dr. Drs. H. Bahtiar, M.Si."), "bahtiar");
        assert_eq!(name_key("Drs. Syarmadani, M.Si."), "syarmadani");
        assert_eq!(text_key("KPU Provinsi Bengkulu"), "kpu provinsi bengkulu");
        assert_eq!(text_key("Kementerian PAN-RB"), "kementerian pan rb");
    }

    #[test]
    fn the_speaker_form_names_its_problems() {
        let errors = SpeakerForm {
            name: "Dr., M.Si.".into(),
            institution_region: "Jawa".into(),
            contact: "x".repeat(MAX_CONTACT + 1),
            ..Default::default()
        }
        .validate()
        .expect_err("invalid");
        assert_eq!(
            errors.for_field(SpeakerField::Name),
            Some(Problem::Required)
        );
        assert_eq!(
            errors.for_field(SpeakerField::InstitutionRegion),
            Some(Problem::InvalidRegion)
        );
        assert_eq!(
            errors.for_field(SpeakerField::Contact),
            Some(Problem::TooLong { max: MAX_CONTACT })
        );
        let empty = validate_institution(" ", "17.04").expect_err("no name");
        assert_eq!(
            empty.for_field(InstitutionField::Name),
            Some(Problem::Required)
        );
        let kaur = validate_institution("Kesbangpol Kabupaten Kaur", "17.04").expect("valid");
        assert_eq!(kaur.region.map(|r| r.to_string()), Some("17.04".into()));
    }

    #[test]
    fn search_matches_prefixes_and_typos() {
        let zuhro = name_key("Prof. Dr. R. Siti Zuhro, M.A.");
        let brin = text_key("Badan Riset dan Inovasi Nasional (BRIN)");
        let keys = [zuhro.as_str(), brin.as_str()];
        assert_eq!(match_score("zuhro", &keys), Some(0));
        assert_eq!(match_score("siti zu", &keys), Some(1));
        assert_eq!(match_score("zurho", &keys), Some(2), "transposed letters");
        assert_eq!(match_score("zuhri", &keys), Some(2), "one wrong letter");
        assert_eq!(match_score("brin", &keys), Some(0), "by institution");
        assert_eq!(match_score("siti brin", &keys), Some(0));
        assert_eq!(
            match_score("siti kpu", &keys),
            None,
            "every word must match"
        );
        assert_eq!(match_score("sto", &keys), None, "no typos in short words");
        assert_eq!(match_score("", &keys), None);
        // A prefix with a typo: someone still typing.
        assert_eq!(match_score("zurh", &keys), Some(3));
    }

    #[test]
    fn likely_duplicates_are_spotted() {
        let same = |a: &str, b: &str| likely_same_person(&name_key(a), &name_key(b));
        assert!(same("Dr. Bahtiar, M.Si.", "Bahtiar"));
        assert!(same("Bahtiar", "Bahtiar Baharuddin"));
        assert!(same("Siti Zuhro", "Siti Zuhroh"));
        assert!(!same("Siti Zuhro", "Siti Nurbaya"));
        assert!(!same("Ali", "Ali Imron"), "too short to say");
        assert!(!same("Dr.", "Bahtiar"));
    }

    #[test]
    fn invitation_answers() {
        use InvitationStatus::*;
        assert_eq!(Invited.answer(Confirmed), Ok(Confirmed));
        assert_eq!(Invited.answer(Declined), Ok(Declined));
        assert_eq!(Confirmed.answer(Declined), Ok(Declined), "withdrew");
        assert_eq!(
            Declined.answer(Confirmed),
            Ok(Confirmed),
            "changed their mind"
        );
        for (from, to) in [
            (Confirmed, Invited),
            (Declined, Invited),
            (Confirmed, Confirmed),
        ] {
            assert_eq!(from.answer(to), Err(ForbiddenAnswer { from, to }));
        }
    }

    #[test]
    fn ids_parse_strictly() {
        assert_eq!(SpeakerId::parse(" 7 "), Some(SpeakerId(7)));
        assert_eq!(InstitutionId::parse("0"), None);
        assert_eq!(RundownItemId::parse("x"), None);
    }
}
