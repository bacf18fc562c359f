//! The languages Simpul speaks: Bahasa Indonesia first, English second.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Id,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Id, Language::En];

    /// The BCP 47 tag, used in `<html lang>`, in the language cookie and for Fluent.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::En => "en",
        }
    }

    /// Parses a tag such as `id`, `en`, `en-GB` or `id-ID`; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "id" | "in" => Some(Self::Id),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by weight.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut choices: Vec<(f32, Language)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let language = Self::from_tag(pieces.next()?.trim())?;
                let weight = pieces
                    .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                    .unwrap_or(1.0);
                Some((weight, language))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices.first().map(|(_, language)| *language)
    }

    pub(crate) fn chrono_locale(self) -> chrono::Locale {
        match self {
            Self::Id => chrono::Locale::id_ID,
            Self::En => chrono::Locale::en_GB,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags() {
        assert_eq!(Language::from_tag("id-ID"), Some(Language::Id));
        assert_eq!(Language::from_tag("en_GB"), Some(Language::En));
        assert_eq!(Language::from_tag("fr"), None);
        assert_eq!(Language::from_tag(""), None);
    }

    #[test]
    fn reads_accept_language_by_weight() {
        assert_eq!(
            Language::from_accept_language("fr-FR, en;q=0.5, id;q=0.9"),
            Some(Language::Id)
        );
        assert_eq!(
            Language::from_accept_language("en-US,en;q=0.9"),
            Some(Language::En)
        );
        assert_eq!(Language::from_accept_language("de, fr"), None);
    }
}
