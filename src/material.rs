//! Materials: speakers' slides and documents attached to a session.
//!
//! Only PDF, PowerPoint, Word and Excel files are accepted, and the file's content
//! decides, not its name: a PDF starts with `%PDF-`; the Office formats are ZIP
//! archives whose table of contents names their main part (`ppt/presentation.xml`,
//! `word/document.xml`, `xl/workbook.xml`), read with the `zip` crate. A renamed
//! program, a picture or a broken archive is refused, and so is a file whose name
//! promises one kind while its content is another.

use serde::{Deserialize, Serialize};

use crate::session::word_enum;
use crate::speaker::id_type;

id_type!(
    /// The database id of a material.
    MaterialId
);

word_enum!(
    /// The kinds of file a material may be.
    MaterialKind {
        Pdf => "pdf",
        Pptx => "pptx",
        Docx => "docx",
        Xlsx => "xlsx",
    }
);

word_enum!(
    /// Who may download a material.
    Visibility {
        /// Anyone who can see the session.
        Public => "public",
        /// Organizers, and (with registration) the session's registrants.
        Registrants => "registrants",
    }
);

impl MaterialKind {
    /// The media type sent with the download.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The kind a file name promises, by its extension (any case).
    pub fn of_name(name: &str) -> Option<Self> {
        let (_, extension) = name.rsplit_once('.')?;
        Self::parse(&extension.to_ascii_lowercase())
    }
}

/// Why an upload is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum UploadProblem {
    #[error("no file was chosen")]
    Missing,
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max_mb} MB")]
    TooLarge { max_mb: u64 },
    #[error("only PDF, PPTX, DOCX and XLSX files are accepted")]
    NotAllowed,
    #[error("the file's name does not match its content")]
    NameDoesNotMatch,
}

impl UploadProblem {
    /// The stable code, used as the translation key suffix (`upload-<code>`) and in the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Empty => "empty",
            Self::TooLarge { .. } => "too_large",
            Self::NotAllowed => "not_allowed",
            Self::NameDoesNotMatch => "name_does_not_match",
        }
    }
}

/// Longest file name kept (longer names are cut, keeping the extension).
pub const MAX_FILE_NAME: usize = 120;

/// A file name safe to store and to send back in a `Content-Disposition` header: the
/// last path component, without control characters or quotes, at most
/// [`MAX_FILE_NAME`] characters with the extension kept.
pub fn clean_file_name(raw: &str, kind: MaterialKind) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | ';' | '%' | '\\'))
        .collect();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem.trim(),
        None => cleaned.trim(),
    };
    let stem = if stem.is_empty() { "materi" } else { stem };
    let extension = kind.as_str();
    let room = MAX_FILE_NAME - extension.len() - 1;
    let stem: String = stem.chars().take(room).collect();
    format!("{stem}.{extension}")
}

/// Decides what a file is by its content, and checks that its name agrees.
#[cfg(feature = "storage")]
pub fn check_upload(
    name: &str,
    content: &[u8],
    max_bytes: u64,
) -> Result<MaterialKind, UploadProblem> {
    if content.is_empty() {
        return Err(UploadProblem::Empty);
    }
    if content.len() as u64 > max_bytes {
        return Err(UploadProblem::TooLarge {
            max_mb: max_bytes.div_ceil(1024 * 1024),
        });
    }
    let kind = detect(content).ok_or(UploadProblem::NotAllowed)?;
    match MaterialKind::of_name(name) {
        Some(named) if named == kind => Ok(kind),
        _ => Err(UploadProblem::NameDoesNotMatch),
    }
}

#[cfg(feature = "storage")]
fn detect(content: &[u8]) -> Option<MaterialKind> {
    if content.starts_with(b"%PDF-") {
        return Some(MaterialKind::Pdf);
    }
    if !content.starts_with(b"PK\x03\x04") {
        return None;
    }
    let archive = zip::ZipArchive::new(std::io::Cursor::new(content)).ok()?;
    let has = |part: &str| archive.index_for_name(part).is_some();
    if !has("[Content_Types].xml") {
        return None;
    }
    [
        ("ppt/presentation.xml", MaterialKind::Pptx),
        ("word/document.xml", MaterialKind::Docx),
        ("xl/workbook.xml", MaterialKind::Xlsx),
    ]
    .into_iter()
    .find(|(part, _)| has(part))
    .map(|(_, kind)| kind)
}

#[cfg(all(test, feature = "storage"))]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Office Open XML archive with the given main part.
    fn office_file(main_part: &str) -> Vec<u8> {
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for part in ["[Content_Types].xml", main_part] {
            zip.start_file(part, options).expect("start");
            zip.write_all(b"<xml/>").expect("write");
        }
        zip.finish().expect("finish");
        buffer.into_inner()
    }

    const MB: u64 = 1024 * 1024;

    #[test]
    fn accepts_the_four_kinds_by_content() {
        assert_eq!(
            check_upload("Paparan KPU.pdf", b"%PDF-1.7\n...", MB),
            Ok(MaterialKind::Pdf)
        );
        assert_eq!(
            check_upload("slides.PPTX", &office_file("ppt/presentation.xml"), MB),
            Ok(MaterialKind::Pptx)
        );
        assert_eq!(
            check_upload("notulen.docx", &office_file("word/document.xml"), MB),
            Ok(MaterialKind::Docx)
        );
        assert_eq!(
            check_upload("data.xlsx", &office_file("xl/workbook.xml"), MB),
            Ok(MaterialKind::Xlsx)
        );
    }

    #[test]
    fn refuses_what_is_not_a_document() {
        assert_eq!(check_upload("a.pdf", b"", MB), Err(UploadProblem::Empty));
        assert_eq!(
            check_upload("big.pdf", &[b'%'; 2048], 1024),
            Err(UploadProblem::TooLarge { max_mb: 1 })
        );
        assert_eq!(
            check_upload("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00", MB),
            Err(UploadProblem::NotAllowed),
            "a renamed Windows program"
        );
        assert_eq!(
            check_upload("run.docx", b"\x7fELF\x02\x01\x01", MB),
            Err(UploadProblem::NotAllowed),
            "a renamed Linux program"
        );
        assert_eq!(
            check_upload("broken.docx", b"PK\x03\x04 not really a zip", MB),
            Err(UploadProblem::NotAllowed)
        );
        assert_eq!(
            check_upload("other.docx", &office_file("other/thing.xml"), MB),
            Err(UploadProblem::NotAllowed),
            "a ZIP that is no Office document"
        );
        assert_eq!(
            check_upload("slides.pdf", &office_file("ppt/presentation.xml"), MB),
            Err(UploadProblem::NameDoesNotMatch)
        );
        assert_eq!(
            check_upload("paparan", b"%PDF-1.4", MB),
            Err(UploadProblem::NameDoesNotMatch)
        );
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(
            clean_file_name("C:\\Users\\x\\Paparan \"KPU\".pdf", MaterialKind::Pdf),
            "Paparan KPU.pdf"
        );
        assert_eq!(
            clean_file_name("../../etc/passwd.PDF", MaterialKind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(clean_file_name(".pdf", MaterialKind::Pdf), "materi.pdf");
        let long = format!("{}.docx", "a".repeat(300));
        assert_eq!(
            clean_file_name(&long, MaterialKind::Docx).chars().count(),
            MAX_FILE_NAME
        );
    }
}
