//! Printable documents as PDF: the attendance list (daftar hadir) of a session, with
//! the session's header, a table repeated over A4 landscape pages, and a signature
//! column for on-site sessions (numbered left and right in turn, as paper lists are);
//! the attendance certificate (e-sertifikat) with its verification code and QR; and
//! the one-page participation summary of a period.
//!
//! Text is set in DejaVu Sans Condensed, compiled in (`server/fonts`, with its
//! licence) and subset into each file by `krilla`, so every Indonesian name prints
//! the same on every machine; `skrifa` measures text to wrap or shorten it to its cell.

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed-Bold.ttf");

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the compiled-in font cannot be read")]
    Font,
    #[error("a page or shape has no area")]
    Geometry,
    #[error("writing the PDF failed: {0:?}")]
    Write(krilla::error::KrillaError),
}

/// A font for drawing and its metrics for measuring.
#[derive(Clone)]
struct Typeface {
    font: Font,
    face: FontRef<'static>,
}

impl Typeface {
    fn load(data: &'static [u8]) -> Result<Self, PdfError> {
        Ok(Self {
            font: Font::new(data.into(), 0).ok_or(PdfError::Font)?,
            face: FontRef::new(data).map_err(|_| PdfError::Font)?,
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.face.charmap();
        let metrics = self
            .face
            .glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .filter_map(|c| charmap.map(c))
            .filter_map(|glyph| metrics.advance_width(glyph))
            .sum()
    }

    /// Breaks `text` into at most `max_lines` lines of `width`, the last shortened
    /// with an ellipsis when the text does not fit.
    fn wrap(&self, text: &str, size: f32, width: f32, max_lines: usize) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if self.width(&candidate, size) <= width || current.is_empty() {
                current = candidate;
            } else {
                lines.push(std::mem::replace(&mut current, word.to_owned()));
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
        if lines.len() > max_lines {
            let rest = lines.split_off(max_lines - 1).join(" ");
            lines.push(rest);
        }
        if let Some(last) = lines.last_mut()
            && self.width(last, size) > width
        {
            *last = self.shorten(last, size, width);
        }
        lines
    }

    /// `text` on one line of `width`, shortened with an ellipsis only when too long.
    fn fit(&self, text: &str, size: f32, width: f32) -> String {
        self.wrap(text, size, width, 1)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    fn shorten(&self, text: &str, size: f32, width: f32) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let candidate: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
            if self.width(&candidate, size) <= width {
                return candidate;
            }
        }
        String::new()
    }
}

/// A column of the table: its title and width in points.
pub struct Column<'a> {
    pub title: &'a str,
    pub width: f32,
}

/// What the list's first page says above the table.
pub struct ListHeader {
    pub heading: String,
    pub title: String,
    /// The session's time, place and organizer, one per line.
    pub lines: Vec<String>,
    /// "Halaman {n} dari {total}" with the placeholders filled.
    pub page_label: fn(usize, usize) -> String,
    /// Under the table on every page (when and by what it was printed).
    pub footer: String,
}

const PAGE_WIDTH: f32 = 842.0;
const PAGE_HEIGHT: f32 = 595.0;
const MARGIN: f32 = 36.0;
const TEXT: f32 = 8.5;
const HEADER_ROW: f32 = 18.0;
const PADDING: f32 = 3.0;
const FOOTER_SPACE: f32 = 24.0;

/// The attendance list: `rows` under `columns`, plus an empty signature column of
/// `signature` points when given. Every page repeats the table's header.
pub fn attendance_list(
    header: &ListHeader,
    columns: &[Column<'_>],
    rows: &[Vec<String>],
    signature: Option<(&str, f32)>,
) -> Result<Vec<u8>, PdfError> {
    let regular = Typeface::load(REGULAR)?;
    let bold = Typeface::load(BOLD)?;
    let row_height = if signature.is_some() { 30.0 } else { 24.0 };
    let first_top = MARGIN + 30.0 + 14.0 * (header.lines.len() as f32) + 12.0;
    let later_top = MARGIN + 20.0;
    let fits = |top: f32| {
        (((PAGE_HEIGHT - MARGIN - FOOTER_SPACE) - (top + HEADER_ROW)) / row_height)
            .floor()
            .max(1.0) as usize
    };
    let (first, later) = (fits(first_top), fits(later_top));
    let pages = if rows.len() <= first {
        1
    } else {
        1 + (rows.len() - first).div_ceil(later)
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — {}", header.heading, header.title))
            .language("id".to_owned())
            .creator("Simpul".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Geometry)?;
    let mut next = 0usize;
    for page_number in 1..=pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let top = if page_number == 1 {
            let mut y = MARGIN + 14.0;
            centred(&mut surface, &bold, 14.0, &header.heading, y);
            y += 18.0;
            centred(&mut surface, &bold, 11.0, &header.title, y);
            y += 8.0;
            for line in &header.lines {
                y += 14.0;
                text(&mut surface, &regular, 9.0, line, MARGIN, y);
            }
            first_top
        } else {
            text(
                &mut surface,
                &bold,
                9.0,
                &format!("{} — {}", header.heading, header.title),
                MARGIN,
                MARGIN + 10.0,
            );
            later_top
        };
        let count = if page_number == 1 { first } else { later };
        let slice = &rows[next.min(rows.len())..(next + count).min(rows.len())];
        table(
            &mut surface,
            (&regular, &bold),
            top,
            columns,
            slice,
            signature,
            (next, row_height),
        )?;
        next += count;
        let bottom = PAGE_HEIGHT - MARGIN;
        text(&mut surface, &regular, 7.5, &header.footer, MARGIN, bottom);
        let label = (header.page_label)(page_number, pages);
        let width = regular.width(&label, 7.5);
        text(
            &mut surface,
            &regular,
            7.5,
            &label,
            PAGE_WIDTH - MARGIN - width,
            bottom,
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(PdfError::Write)
}

/// What a certificate says.
pub struct CertificateText {
    pub name: String,
    pub session_title: String,
    /// "Selasa, 3 Maret 2027".
    pub date: String,
    pub organizer_unit: String,
    /// `ABCD-EFGH-JKMN`.
    pub code: String,
    /// The public verification page, encoded in the QR code.
    pub verify_url: String,
}

/// One A4 landscape page: the participant's name, the session, its date and
/// organizer, and the verification code with a QR code of the verification address.
pub fn certificate(text_of: &CertificateText) -> Result<Vec<u8>, PdfError> {
    let regular = Typeface::load(REGULAR)?;
    let bold = Typeface::load(BOLD)?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("Sertifikat — {}", text_of.name))
            .language("id".to_owned())
            .creator("Simpul".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Geometry)?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let frame = |inset: f32| {
        Rect::from_xywh(
            inset,
            inset,
            PAGE_WIDTH - 2.0 * inset,
            PAGE_HEIGHT - 2.0 * inset,
        )
        .ok_or(PdfError::Geometry)
    };
    rectangle(&mut surface, frame(24.0)?, None)?;
    rectangle(&mut surface, frame(30.0)?, None)?;
    centred(&mut surface, &bold, 30.0, "SERTIFIKAT", 130.0);
    centred(
        &mut surface,
        &regular,
        10.0,
        &format!("Nomor verifikasi: {}", text_of.code),
        152.0,
    );
    centred(&mut surface, &regular, 13.0, "diberikan kepada", 205.0);
    centred(&mut surface, &bold, 24.0, &text_of.name, 245.0);
    centred(
        &mut surface,
        &regular,
        13.0,
        "atas partisipasinya sebagai peserta",
        285.0,
    );
    let mut y = 315.0;
    for line in bold.wrap(&text_of.session_title, 15.0, PAGE_WIDTH - 200.0, 3) {
        centred(&mut surface, &bold, 15.0, &line, y);
        y += 20.0;
    }
    centred(
        &mut surface,
        &regular,
        12.0,
        &format!(
            "yang diselenggarakan oleh {} pada {}",
            text_of.organizer_unit, text_of.date
        ),
        y + 10.0,
    );
    let qr_size = 90.0;
    let qr_x = PAGE_WIDTH - 60.0 - qr_size;
    let qr_y = PAGE_HEIGHT - 60.0 - qr_size - 14.0;
    qr(&mut surface, &text_of.verify_url, qr_x, qr_y, qr_size)?;
    let caption = "Pindai untuk memeriksa keaslian";
    text(
        &mut surface,
        &regular,
        7.5,
        caption,
        qr_x + (qr_size - regular.width(caption, 7.5)) / 2.0,
        qr_y + qr_size + 11.0,
    );
    text(
        &mut surface,
        &regular,
        8.0,
        &format!("Periksa di {}", text_of.verify_url),
        60.0,
        PAGE_HEIGHT - 60.0,
    );
    surface.finish();
    page.finish();
    document.finish().map_err(PdfError::Write)
}

/// What the one-page participation summary says.
pub struct SummaryText {
    pub heading: String,
    /// Period, kind of session, when it was made: one per line.
    pub lines: Vec<String>,
    /// Key figures: label and value, in boxes across the page.
    pub figures: Vec<(String, String)>,
    pub chart_title: String,
    /// A bar per month: its label ("Jan 2026") and rate (0 to 100).
    pub chart: Vec<(String, Option<f64>)>,
    pub table_title: String,
    pub columns: Vec<(String, f32)>,
    pub rows: Vec<Vec<String>>,
    /// Rows to shade (regions needing attention).
    pub shaded: Vec<bool>,
    pub footer: String,
}

const PORTRAIT_WIDTH: f32 = 595.0;
const PORTRAIT_HEIGHT: f32 = 842.0;

/// The participation summary on one A4 portrait page, for a report to the Director
/// General: the figures, the monthly attendance rate as bars, and a table (the
/// provinces) in small type; rows that do not fit are counted in the last line.
pub fn summary(content: &SummaryText) -> Result<Vec<u8>, PdfError> {
    let regular = Typeface::load(REGULAR)?;
    let bold = Typeface::load(BOLD)?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(content.heading.clone())
            .language("id".to_owned())
            .creator("Simpul".to_owned()),
    );
    let settings =
        PageSettings::from_wh(PORTRAIT_WIDTH, PORTRAIT_HEIGHT).ok_or(PdfError::Geometry)?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let inner = PORTRAIT_WIDTH - 2.0 * MARGIN;
    let mut y = MARGIN + 12.0;
    text(&mut surface, &bold, 14.0, &content.heading, MARGIN, y);
    for line in &content.lines {
        y += 12.0;
        text(&mut surface, &regular, 8.5, line, MARGIN, y);
    }
    // Figures: equal boxes across the page.
    y += 10.0;
    let count = content.figures.len().max(1) as f32;
    let box_width = inner / count;
    for (index, (label, value)) in content.figures.iter().enumerate() {
        let x = MARGIN + box_width * index as f32;
        let area = Rect::from_xywh(x, y, box_width, 34.0).ok_or(PdfError::Geometry)?;
        rectangle(&mut surface, area, Some(245))?;
        text(&mut surface, &bold, 12.0, value, x + 4.0, y + 15.0);
        let label = regular.wrap(label, 6.5, box_width - 8.0, 2);
        for (n, line) in label.iter().enumerate() {
            text(
                &mut surface,
                &regular,
                6.5,
                line,
                x + 4.0,
                y + 24.0 + 7.0 * n as f32,
            );
        }
    }
    y += 34.0 + 18.0;
    // The monthly rate as bars, 0 to 100 %.
    text(&mut surface, &bold, 9.0, &content.chart_title, MARGIN, y);
    let plot_top = y + 8.0;
    let plot_height = 70.0;
    let base = plot_top + plot_height;
    let slots = content.chart.len().max(1) as f32;
    let slot = (inner - 20.0) / slots;
    let step = content.chart.len().div_ceil(24).max(1);
    rectangle(
        &mut surface,
        Rect::from_xywh(MARGIN + 20.0, plot_top, inner - 20.0, plot_height)
            .ok_or(PdfError::Geometry)?,
        None,
    )?;
    text(&mut surface, &regular, 6.0, "100", MARGIN, plot_top + 4.0);
    text(&mut surface, &regular, 6.0, "0", MARGIN + 10.0, base);
    for (index, (label, rate)) in content.chart.iter().enumerate() {
        let x = MARGIN + 20.0 + slot * index as f32;
        if let Some(rate) = rate {
            let height = (rate / 100.0).clamp(0.0, 1.0) as f32 * plot_height;
            if height > 0.0 {
                let bar = Rect::from_xywh(x + slot * 0.15, base - height, slot * 0.7, height)
                    .ok_or(PdfError::Geometry)?;
                rectangle(&mut surface, bar, Some(120))?;
            }
        }
        if index % step == 0 {
            let shown = regular.fit(label, 5.5, slot * step as f32);
            text(&mut surface, &regular, 5.5, &shown, x + 1.0, base + 8.0);
        }
    }
    y = base + 24.0;
    // The table, as many rows as fit.
    text(&mut surface, &bold, 9.0, &content.table_title, MARGIN, y);
    y += 6.0;
    let row_height = 10.0;
    let size = 6.5;
    let mut x = MARGIN;
    for (title, width) in &content.columns {
        let cell = Rect::from_xywh(x, y, *width, 12.0).ok_or(PdfError::Geometry)?;
        rectangle(&mut surface, cell, Some(225))?;
        text(
            &mut surface,
            &bold,
            size,
            &bold.fit(title, size, width - 4.0),
            x + 2.0,
            y + 8.5,
        );
        x += width;
    }
    y += 12.0;
    let room = ((PORTRAIT_HEIGHT - MARGIN - FOOTER_SPACE - y) / row_height)
        .floor()
        .max(0.0) as usize;
    let fits = if content.rows.len() > room {
        room.saturating_sub(1)
    } else {
        content.rows.len()
    };
    for (index, row) in content.rows.iter().take(fits).enumerate() {
        let mut x = MARGIN;
        let shade = content
            .shaded
            .get(index)
            .copied()
            .unwrap_or(false)
            .then_some(238);
        for (column, (_, width)) in content.columns.iter().enumerate() {
            let cell = Rect::from_xywh(x, y, *width, row_height).ok_or(PdfError::Geometry)?;
            rectangle(&mut surface, cell, shade)?;
            if let Some(value) = row.get(column) {
                text(
                    &mut surface,
                    &regular,
                    size,
                    &regular.fit(value, size, width - 4.0),
                    x + 2.0,
                    y + 7.5,
                );
            }
            x += width;
        }
        y += row_height;
    }
    if fits < content.rows.len() {
        let more = format!(
            "… {} baris lagi dalam berkas XLSX",
            content.rows.len() - fits
        );
        text(&mut surface, &regular, size, &more, MARGIN, y + 8.0);
    }
    text(
        &mut surface,
        &regular,
        7.0,
        &content.footer,
        MARGIN,
        PORTRAIT_HEIGHT - MARGIN,
    );
    surface.finish();
    page.finish();
    document.finish().map_err(PdfError::Write)
}

/// A QR code of `content`, its dark modules drawn as one filled path.
fn qr(surface: &mut Surface<'_>, content: &str, x: f32, y: f32, size: f32) -> Result<(), PdfError> {
    let code = qrcode::QrCode::new(content.as_bytes()).map_err(|_| PdfError::Geometry)?;
    let width = code.width();
    let module = size / width as f32;
    let mut builder = PathBuilder::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == qrcode::Color::Dark {
            let (column, row) = (index % width, index / width);
            let rect = Rect::from_xywh(
                x + column as f32 * module,
                y + row as f32 * module,
                module,
                module,
            )
            .ok_or(PdfError::Geometry)?;
            builder.push_rect(rect);
        }
    }
    let path = builder.finish().ok_or(PdfError::Geometry)?;
    surface.set_stroke(None);
    surface.set_fill(Some(Fill::default()));
    surface.draw_path(&path);
    Ok(())
}

fn text(surface: &mut Surface<'_>, face: &Typeface, size: f32, content: &str, x: f32, y: f32) {
    surface.set_stroke(None);
    surface.set_fill(Some(Fill::default()));
    surface.draw_text(
        Point::from_xy(x, y),
        face.font.clone(),
        size,
        content,
        false,
        TextDirection::Auto,
    );
}

fn centred(surface: &mut Surface<'_>, face: &Typeface, size: f32, content: &str, y: f32) {
    let line = face.wrap(content, size, PAGE_WIDTH - 2.0 * MARGIN, 1);
    let content = line.first().map(String::as_str).unwrap_or_default();
    let x = (PAGE_WIDTH - face.width(content, size)) / 2.0;
    text(surface, face, size, content, x, y);
}

fn rectangle(surface: &mut Surface<'_>, rect: Rect, fill: Option<u8>) -> Result<(), PdfError> {
    let mut builder = PathBuilder::new();
    builder.push_rect(rect);
    let path = builder.finish().ok_or(PdfError::Geometry)?;
    surface.set_fill(fill.map(|lightness| Fill {
        paint: luma::Color::new(lightness).into(),
        ..Fill::default()
    }));
    surface.set_stroke(Some(Stroke {
        width: 0.5,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    Ok(())
}

/// One page's part of the table; `(first, row_height)`: the index of its first row
/// in the whole list (for the signature numbers) and the height of a row.
fn table(
    surface: &mut Surface<'_>,
    (regular, bold): (&Typeface, &Typeface),
    top: f32,
    columns: &[Column<'_>],
    rows: &[Vec<String>],
    signature: Option<(&str, f32)>,
    (first, row_height): (usize, f32),
) -> Result<(), PdfError> {
    let mut all: Vec<(&str, f32)> = columns.iter().map(|c| (c.title, c.width)).collect();
    all.extend(signature);
    let cell =
        |x: f32, y: f32, w: f32, h: f32| Rect::from_xywh(x, y, w, h).ok_or(PdfError::Geometry);
    let mut x = MARGIN;
    for (title, width) in &all {
        rectangle(surface, cell(x, top, *width, HEADER_ROW)?, Some(225))?;
        let line = bold.wrap(title, TEXT, width - 2.0 * PADDING, 1);
        text(
            surface,
            bold,
            TEXT,
            line.first().map(String::as_str).unwrap_or_default(),
            x + PADDING,
            top + 12.0,
        );
        x += width;
    }
    for (index, row) in rows.iter().enumerate() {
        let y = top + HEADER_ROW + row_height * index as f32;
        let mut x = MARGIN;
        for (column, (_, width)) in all.iter().enumerate() {
            rectangle(surface, cell(x, y, *width, row_height)?, None)?;
            if let Some(content) = row.get(column) {
                let lines = regular.wrap(content, TEXT, width - 2.0 * PADDING, 2);
                for (n, line) in lines.iter().enumerate() {
                    text(
                        surface,
                        regular,
                        TEXT,
                        line,
                        x + PADDING,
                        y + 10.5 + 10.0 * n as f32,
                    );
                }
            } else if column == columns.len() {
                // The signature cell: "1." on the left, "2." in the middle, in turn.
                let number = first + index + 1;
                let offset = if number % 2 == 1 {
                    PADDING
                } else {
                    width / 2.0
                };
                text(
                    surface,
                    regular,
                    7.0,
                    &format!("{number}."),
                    x + offset,
                    y + 10.0,
                );
            }
            x += width;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_then_shortens_to_fit() {
        let face = Typeface::load(REGULAR).expect("font");
        let lines = face.wrap(
            "Prof. Dr. Ni Luh Putu Ayu Wédarí Kusumawardhani, S.H., M.Si.",
            8.5,
            90.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(
            lines.iter().all(|l| face.width(l, 8.5) <= 90.0),
            "{lines:?}"
        );
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(face.wrap("Budi", 8.5, 90.0, 2), vec!["Budi".to_owned()]);
    }

    #[test]
    fn a_certificate_names_the_person_and_its_code() {
        let pdf = certificate(&CertificateText {
            name: "Ni Luh Ayu Wédarí".into(),
            session_title: "Webinar Netralitas ASN dalam Pemilu dan Pemilihan Serentak 2024".into(),
            date: "Selasa, 3 Maret 2027".into(),
            organizer_unit: "Direktorat Politik Dalam Negeri".into(),
            code: "ABCD-EFGH-JKMN".into(),
            verify_url: "https://simpul.example.id/certificates/ABCD-EFGH-JKMN".into(),
        })
        .expect("pdf");
        let document = lopdf::Document::load_mem(&pdf).expect("a PDF reader opens it");
        assert_eq!(document.get_pages().len(), 1);
        let text = document.extract_text(&[1]).expect("text");
        for expected in [
            "SERTIFIKAT",
            "Ni Luh Ayu Wédarí",
            "ABCD-EFGH-JKMN",
            "Netralitas ASN",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
    }

    #[test]
    fn a_long_list_runs_over_pages_and_reads_back() {
        let header = ListHeader {
            heading: "DAFTAR HADIR".into(),
            title: "Rakor Pilkada".into(),
            lines: vec!["Selasa, 3 Maret 2027, 09.00-12.00 WIB".into()],
            page_label: |n, total| format!("Halaman {n} dari {total}"),
            footer: "Dicetak dari Simpul".into(),
        };
        let columns = [
            Column {
                title: "No",
                width: 30.0,
            },
            Column {
                title: "Nama",
                width: 200.0,
            },
        ];
        let mut rows: Vec<Vec<String>> = (1..=60)
            .map(|n| vec![n.to_string(), format!("Peserta {n}")])
            .collect();
        rows[0][1] = "Ni Luh Ayu Wédarí".into();
        let pdf =
            attendance_list(&header, &columns, &rows, Some(("Tanda tangan", 120.0))).expect("pdf");
        let document = lopdf::Document::load_mem(&pdf).expect("a PDF reader opens it");
        let pages = document.get_pages();
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let first = document.extract_text(&[1]).expect("text");
        assert!(first.contains("DAFTAR HADIR"), "{first}");
        assert!(first.contains("Wédarí"), "{first}");
        assert!(first.contains("Halaman 1 dari"), "{first}");
        let last = document.extract_text(&[pages.len() as u32]).expect("text");
        assert!(last.contains("Peserta 60"), "{last}");
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;

    #[test]
    fn the_summary_is_one_page_that_reads_back() {
        let content = SummaryText {
            heading: "Laporan Partisipasi Daerah".into(),
            lines: vec!["Periode 1 Januari 2026 – 2 Desember 2026 · semua jenis".into()],
            figures: vec![
                ("Sesi".into(), "52".into()),
                ("Tingkat kehadiran (%)".into(), "83,3".into()),
            ],
            chart_title: "Tingkat kehadiran per bulan (%)".into(),
            chart: (1..=60)
                .map(|m| (format!("Bln {m}"), Some(f64::from(m))))
                .collect(),
            table_title: "Per provinsi".into(),
            columns: vec![("Provinsi".into(), 200.0), ("Keterangan".into(), 200.0)],
            rows: (0..80)
                .map(|n| vec![format!("Provinsi {n}"), "belum pernah hadir".into()])
                .collect(),
            shaded: vec![true; 80],
            footer: "Dibuat oleh Simpul".into(),
        };
        let pdf = summary(&content).expect("written");
        std::fs::write(std::env::temp_dir().join("simpul-summary-test.pdf"), &pdf).ok();
        let document = lopdf::Document::load_mem(&pdf).expect("a PDF reader opens it");
        assert_eq!(document.get_pages().len(), 1);
        let text = document.extract_text(&[1]).expect("text");
        for expected in [
            "Laporan Partisipasi Daerah",
            "Provinsi 0",
            "baris lagi",
            "Dibuat oleh Simpul",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
    }
}
