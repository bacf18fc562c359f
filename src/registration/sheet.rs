//! Many registrations at once: a spreadsheet (XLSX or CSV, from the template or
//! typed by an office) or rows pasted from one, read into numbered forms.
//!
//! The first non-empty row holds the column names, in Indonesian or English, in any
//! order ([`column_of`]); every following non-empty row is one person. Row numbers are
//! the spreadsheet's own, so "row 7" in an error is row 7 on the office's screen.
//! Reading bytes (CSV with any of `,` `;` or tab, XLSX through `calamine`) needs the
//! `storage` feature; the column and row rules here do not.

use serde::{Deserialize, Serialize};

use super::{RegistrationField, RegistrationForm};

/// The most people one upload or paste may register (a regional office's whole staff
/// fits; a mistaken export of a personnel database does not).
pub const MAX_ROWS: usize = 1000;
/// How many rows at the top may be titles above the column names.
const HEADER_SEARCH_ROWS: usize = 10;
/// The largest spreadsheet accepted, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The most bytes an XLSX may unpack to (a small file that unpacks to gigabytes is
/// refused before it is read).
pub const MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;

/// The template's columns, in order, with their Indonesian names.
pub const TEMPLATE_COLUMNS: [(RegistrationField, &str); 8] = [
    (RegistrationField::Name, "Nama"),
    (RegistrationField::Nip, "NIP"),
    (RegistrationField::Position, "Jabatan"),
    (RegistrationField::Office, "Instansi"),
    (RegistrationField::Email, "Email"),
    (RegistrationField::Phone, "Telepon"),
    (RegistrationField::Mode, "Mode"),
    (RegistrationField::Region, "Kode wilayah"),
];

/// One cell as read: text, or a number (which a NIP must never be: Excel keeps only
/// 15 significant digits, so an 18-digit NIP typed as a number is already changed).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
        }
    }

    fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(t) if t.trim().is_empty())
    }
}

/// Why a whole file or paste could not be read (row problems are reported per row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum SheetProblem {
    /// No rows at all, or only the column names.
    Empty,
    /// Neither XLSX nor text (CSV) could be read.
    Unreadable,
    TooLarge {
        max_mb: usize,
    },
    TooManyRows {
        max: usize,
    },
    /// Columns that must be there (the name) are not.
    MissingColumns {
        columns: Vec<String>,
    },
    /// Column names that mean nothing here (often a misspelt one).
    UnknownColumns {
        columns: Vec<String>,
    },
    /// The same column named twice.
    RepeatedColumn {
        column: String,
    },
}

impl SheetProblem {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Unreadable => "unreadable",
            Self::TooLarge { .. } => "too_large",
            Self::TooManyRows { .. } => "too_many_rows",
            Self::MissingColumns { .. } => "missing_columns",
            Self::UnknownColumns { .. } => "unknown_columns",
            Self::RepeatedColumn { .. } => "repeated_column",
        }
    }
}

/// One person's row: its number in the spreadsheet and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub row: usize,
    pub form: RegistrationForm,
    /// The NIP cell held a number, not text: its digits cannot be trusted.
    pub nip_as_number: bool,
}

/// What a column name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Field(RegistrationField),
    /// A running number ("No"): read past.
    Ignored,
    /// A name that means nothing here (often a misspelt one).
    Unknown,
}

/// The meaning of a column name, case, spaces and punctuation ignored.
pub fn column_of(name: &str) -> Column {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    use RegistrationField as F;
    Column::Field(match key.as_str() {
        "no" | "nomor" | "nourut" | "number" => return Column::Ignored,
        "nama" | "namalengkap" | "namapeserta" | "name" | "fullname" => F::Name,
        "nip" | "nipnrp" => F::Nip,
        "jabatan" | "position" => F::Position,
        "instansi" | "unitkerja" | "satuankerja" | "kantor" | "office" | "institution" => F::Office,
        "email" | "surel" | "alamatemail" | "emailaddress" => F::Email,
        "telepon" | "telp" | "notelp" | "notelepon" | "nohp" | "hp" | "nomorhp" | "wa" | "nowa"
        | "whatsapp" | "phone" => F::Phone,
        "mode" | "kehadiran" | "modekehadiran" => F::Mode,
        "kodewilayah" | "wilayah" | "region" | "regioncode" => F::Region,
        _ => return Column::Unknown,
    })
}

/// Numbered forms from a table of cells, `first_row` being the number of its first
/// row. Blank rows are skipped (but counted).
pub fn rows_from_table(
    table: Vec<Vec<Cell>>,
    first_row: usize,
) -> Result<Vec<SheetRow>, SheetProblem> {
    let rows: Vec<(usize, Vec<Cell>)> = table
        .into_iter()
        .enumerate()
        .map(|(i, cells)| (first_row + i, cells))
        .filter(|(_, cells)| !cells.iter().all(Cell::is_blank))
        .collect();
    // Title lines above the table ("Daftar peserta rakor ...") are passed over: the
    // header is the first of the first rows that names the name column.
    let names_the_name = |cells: &[Cell]| {
        cells
            .iter()
            .any(|c| column_of(&c.text()) == Column::Field(RegistrationField::Name))
    };
    let start = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, cells)| names_the_name(cells))
        .unwrap_or(0);
    let mut rows = rows.into_iter().skip(start);
    let Some((_, header)) = rows.next() else {
        return Err(SheetProblem::Empty);
    };
    let columns = columns(&header)?;
    let mut read = Vec::new();
    for (row, cells) in rows {
        if read.len() == MAX_ROWS {
            return Err(SheetProblem::TooManyRows { max: MAX_ROWS });
        }
        let mut form = RegistrationForm::default();
        let mut nip_as_number = false;
        for (cell, field) in cells.iter().zip(&columns) {
            let Some(field) = field else { continue };
            if *field == RegistrationField::Nip && matches!(cell, Cell::Number(_)) {
                nip_as_number = true;
            }
            *form.field_mut(*field) = cell.text();
        }
        read.push(SheetRow {
            row,
            form,
            nip_as_number,
        });
    }
    if read.is_empty() {
        return Err(SheetProblem::Empty);
    }
    Ok(read)
}

fn columns(header: &[Cell]) -> Result<Vec<Option<RegistrationField>>, SheetProblem> {
    let mut fields = Vec::new();
    let mut unknown = Vec::new();
    for cell in header {
        let name = cell.text();
        if name.is_empty() {
            fields.push(None);
            continue;
        }
        match column_of(&name) {
            Column::Field(field) if fields.contains(&Some(field)) => {
                return Err(SheetProblem::RepeatedColumn { column: name });
            }
            Column::Field(field) => fields.push(Some(field)),
            Column::Ignored => fields.push(None),
            Column::Unknown => {
                unknown.push(name);
                fields.push(None);
            }
        }
    }
    if !unknown.is_empty() {
        return Err(SheetProblem::UnknownColumns { columns: unknown });
    }
    if !fields.contains(&Some(RegistrationField::Name)) {
        return Err(SheetProblem::MissingColumns {
            columns: vec![TEMPLATE_COLUMNS[0].1.to_owned()],
        });
    }
    Ok(fields)
}

#[cfg(feature = "storage")]
pub use reading::{read_pasted, read_upload};

#[cfg(feature = "storage")]
mod reading {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::{Cell, MAX_BYTES, MAX_UNPACKED_BYTES, SheetProblem, SheetRow, rows_from_table};

    /// Reads an uploaded file: XLSX when it is a ZIP (by content, not by name), else
    /// UTF-8 text (a byte-order mark is ignored) as CSV.
    pub fn read_upload(bytes: &[u8]) -> Result<Vec<SheetRow>, SheetProblem> {
        if bytes.len() > MAX_BYTES {
            return Err(SheetProblem::TooLarge {
                max_mb: MAX_BYTES / (1024 * 1024),
            });
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return read_xlsx(bytes);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| SheetProblem::Unreadable)?;
        read_pasted(text)
    }

    /// Reads rows pasted from a spreadsheet (tab-separated) or CSV with `,` or `;`
    /// (Excel in an Indonesian locale writes `;`): the separator is the one the first
    /// line uses most.
    pub fn read_pasted(text: &str) -> Result<Vec<SheetRow>, SheetProblem> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.len() > MAX_BYTES {
            return Err(SheetProblem::TooLarge {
                max_mb: MAX_BYTES / (1024 * 1024),
            });
        }
        if text.contains('\0') {
            return Err(SheetProblem::Unreadable);
        }
        let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let separator = [b'\t', b';', b',']
            .into_iter()
            .max_by_key(|s| first_line.bytes().filter(|b| b == s).count())
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .from_reader(text.as_bytes());
        let mut table = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|_| SheetProblem::Unreadable)?;
            table.push(record.iter().map(|s| Cell::Text(s.to_owned())).collect());
            if table.len() > super::MAX_ROWS + 100 {
                return Err(SheetProblem::TooManyRows {
                    max: super::MAX_ROWS,
                });
            }
        }
        rows_from_table(table, 1)
    }

    /// The first worksheet of an XLSX workbook.
    fn read_xlsx(bytes: &[u8]) -> Result<Vec<SheetRow>, SheetProblem> {
        check_unpacked_size(bytes)?;
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
            .map_err(|_| SheetProblem::Unreadable)?;
        let range = workbook
            .worksheet_range_at(0)
            .ok_or(SheetProblem::Empty)?
            .map_err(|_| SheetProblem::Unreadable)?;
        let first_row = range.start().map_or(1, |(row, _)| row as usize + 1);
        let first_column = range.start().map_or(0, |(_, column)| column as usize);
        if range.height() > super::MAX_ROWS + 100 {
            return Err(SheetProblem::TooManyRows {
                max: super::MAX_ROWS,
            });
        }
        let table = range
            .rows()
            .map(|cells| {
                // Columns before the used range's first are empty; keep positions so
                // the header and the rows line up as on screen.
                std::iter::repeat_n(Cell::Text(String::new()), first_column)
                    .chain(cells.iter().map(cell))
                    .collect()
            })
            .collect();
        rows_from_table(table, first_row)
    }

    fn cell(data: &Data) -> Cell {
        match data {
            Data::Int(n) => Cell::Number(*n as f64),
            Data::Float(n) => Cell::Number(*n),
            Data::Empty | Data::Error(_) => Cell::Text(String::new()),
            other => Cell::Text(other.to_string()),
        }
    }

    /// Refuses a workbook whose parts would unpack to more than [`MAX_UNPACKED_BYTES`]
    /// (by the sizes its table of contents declares).
    fn check_unpacked_size(bytes: &[u8]) -> Result<(), SheetProblem> {
        let mut archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| SheetProblem::Unreadable)?;
        let mut total = 0u64;
        for i in 0..archive.len() {
            let file = archive
                .by_index_raw(i)
                .map_err(|_| SheetProblem::Unreadable)?;
            total = total.saturating_add(file.size());
            if total > MAX_UNPACKED_BYTES {
                return Err(SheetProblem::TooLarge {
                    max_mb: MAX_BYTES / (1024 * 1024),
                });
            }
        }
        // Declared sizes can lie; the file itself is at most MAX_BYTES, and calamine
        // reads one sheet, so a lie costs one sheet's worth of memory at worst.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_table(rows: &[&[&str]]) -> Vec<Vec<Cell>> {
        rows.iter()
            .map(|r| r.iter().map(|c| Cell::Text((*c).to_owned())).collect())
            .collect()
    }

    #[test]
    fn columns_are_recognised_in_either_language_and_any_order() {
        let rows = rows_from_table(
            text_table(&[
                &["No", "E-mail", "Nama Lengkap", "Unit Kerja", "No. HP"],
                &["1", "a@b.go.id", "Siti", "Bakesbangpol", "0812345678"],
                &["", "", "", "", ""],
                &["2", "c@d.go.id", "Budi", "", ""],
            ]),
            1,
        )
        .expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].row, 2);
        assert_eq!(rows[0].form.name, "Siti");
        assert_eq!(rows[0].form.office, "Bakesbangpol");
        assert_eq!(rows[0].form.phone, "0812345678");
        assert_eq!(rows[1].row, 4, "blank rows keep their numbers");
        assert_eq!(rows[1].form.email, "c@d.go.id");
    }

    #[test]
    fn wrong_headers_are_named() {
        assert_eq!(
            rows_from_table(text_table(&[&["Nama", "Jabatn"], &["Siti", "x"]]), 1),
            Err(SheetProblem::UnknownColumns {
                columns: vec!["Jabatn".into()]
            })
        );
        assert_eq!(
            rows_from_table(text_table(&[&["NIP", "Email"], &["1", "x"]]), 1),
            Err(SheetProblem::MissingColumns {
                columns: vec!["Nama".into()]
            })
        );
        assert_eq!(
            rows_from_table(text_table(&[&["Nama", "Name"], &["a", "b"]]), 1),
            Err(SheetProblem::RepeatedColumn {
                column: "Name".into()
            })
        );
    }

    #[test]
    fn empty_tables_and_header_only_are_empty() {
        assert_eq!(rows_from_table(vec![], 1), Err(SheetProblem::Empty));
        assert_eq!(
            rows_from_table(text_table(&[&["Nama"], &[" "]]), 1),
            Err(SheetProblem::Empty)
        );
    }

    #[test]
    fn a_nip_typed_as_a_number_is_flagged() {
        let table = vec![
            vec![Cell::Text("Nama".into()), Cell::Text("NIP".into())],
            vec![
                Cell::Text("Siti".into()),
                Cell::Number(198_503_172_010_012_000.0),
            ],
        ];
        let rows = rows_from_table(table, 3).expect("rows");
        assert!(rows[0].nip_as_number);
        assert_eq!(rows[0].row, 4);
    }

    #[test]
    fn too_many_rows_are_refused() {
        let mut table = text_table(&[&["Nama"]]);
        for i in 0..=MAX_ROWS {
            table.push(vec![Cell::Text(format!("Orang {i}"))]);
        }
        assert_eq!(
            rows_from_table(table, 1),
            Err(SheetProblem::TooManyRows { max: MAX_ROWS })
        );
    }
}

/// Reading real files: XLSX written by `rust_xlsxwriter` (as Excel would save them),
/// CSV as offices export it, and files that are not what they claim.
#[cfg(all(test, feature = "storage"))]
mod file_tests {
    use rust_xlsxwriter::{Format, Workbook};

    use super::*;

    fn xlsx(fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut workbook = Workbook::new();
        fill(workbook.add_worksheet());
        workbook.save_to_buffer().expect("xlsx")
    }

    #[test]
    fn an_xlsx_keeps_the_sheets_own_row_numbers() {
        // The table starts at B3, under a title, as offices often lay it out; a NIP
        // typed as a number has already been rounded by Excel.
        let bytes = xlsx(|sheet| {
            sheet
                .write_string(0, 1, "Daftar peserta rakor")
                .expect("cell");
            for (column, title) in ["Nama", "NIP", "Email"].iter().enumerate() {
                sheet
                    .write_string(2, column as u16 + 1, *title)
                    .expect("cell");
            }
            sheet.write_string(3, 1, "Dewi Lestari").expect("cell");
            sheet
                .write_string(3, 2, "198703122010012003")
                .expect("cell");
            sheet.write_string(4, 1, "Agus Salim").expect("cell");
            sheet
                .write_number(4, 2, 198_703_122_010_012_003.0)
                .expect("cell");
        });
        let rows = read_upload(&bytes).expect("rows");
        assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![4, 5]);
        assert_eq!(rows[0].form.nip, "198703122010012003");
        assert!(!rows[0].nip_as_number);
        assert!(rows[1].nip_as_number, "a numeric NIP is flagged");
    }

    #[test]
    fn formula_looking_and_formula_cells_come_through_as_text() {
        let bytes = xlsx(|sheet| {
            let bold = Format::new().set_bold();
            sheet
                .write_string_with_format(0, 0, "Nama", &bold)
                .expect("cell");
            sheet
                .write_string_with_format(0, 1, "Instansi", &bold)
                .expect("cell");
            sheet
                .write_string(1, 0, "=HYPERLINK(\"http://x\",\"klik\")")
                .expect("cell");
            sheet.write_formula(1, 1, "=1+1").expect("cell");
            sheet.write_string(2, 0, "Siti Nurhaliza").expect("cell");
            sheet
                .write_string(2, 1, "Kesbangpol Kab. Aceh Besar")
                .expect("cell");
        });
        let rows = read_upload(&bytes).expect("rows");
        assert_eq!(rows[0].form.name, "=HYPERLINK(\"http://x\",\"klik\")");
        assert!(crate::registration::looks_like_formula(&rows[0].form.name));
        // A real formula is read as its value, never as something to run.
        assert!(!rows[0].form.office.starts_with('='));
        assert_eq!(rows[1].form.office, "Kesbangpol Kab. Aceh Besar");
    }

    #[test]
    fn csv_as_offices_export_it() {
        let text = "\u{feff}Nama;Jabatan;Email\r\n\"Lubis, Ahmad\";\"Kepala\nBidang\";ahmad@sumutprov.go.id\r\n;;\r\nÑoman Ñ;Staf;n@x.go.id\r\n";
        let rows = read_upload(text.as_bytes()).expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].form.name, "Lubis, Ahmad");
        assert_eq!(rows[0].form.position, "Kepala\nBidang");
        assert_eq!(rows[1].form.name, "Ñoman Ñ");
        let pasted = "Nama\tEmail\nBudi\tbudi@x.go.id\n";
        assert_eq!(
            read_pasted(pasted).expect("rows")[0].form.email,
            "budi@x.go.id"
        );
    }

    #[test]
    fn files_that_cannot_be_read_say_so() {
        assert_eq!(read_upload(b""), Err(SheetProblem::Empty));
        assert_eq!(read_upload(b"Nama\n"), Err(SheetProblem::Empty));
        assert_eq!(
            read_upload(&[0xff, 0xfe, 0x00, 0x41]),
            Err(SheetProblem::Unreadable)
        );
        assert_eq!(
            read_upload(b"PK\x03\x04not really a zip"),
            Err(SheetProblem::Unreadable)
        );
        assert_eq!(
            read_upload(b"%PDF-1.7\n\0\0"),
            Err(SheetProblem::Unreadable)
        );
        let huge = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(
            read_upload(&huge),
            Err(SheetProblem::TooLarge { max_mb: 2 })
        );
        let mut many = String::from("Nama\n");
        for i in 0..MAX_ROWS + 1 {
            many.push_str(&format!("Orang {i}\n"));
        }
        assert_eq!(
            read_upload(many.as_bytes()),
            Err(SheetProblem::TooManyRows { max: MAX_ROWS })
        );
        let mut huge_sheet = String::from("Nama\n");
        for i in 0..MAX_ROWS + 500 {
            huge_sheet.push_str(&format!("Orang {i}\n"));
        }
        assert_eq!(
            read_upload(huge_sheet.as_bytes()),
            Err(SheetProblem::TooManyRows { max: MAX_ROWS })
        );
    }
}
