//! Tables people open in Excel or LibreOffice: CSV (UTF-8 with a byte-order mark, so
//! names with Indonesian letters read right, and formula-looking cells defused) and
//! XLSX written by `rust_xlsxwriter` (text cells are never formulas there).

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Text that a spreadsheet would run as a formula gets a leading apostrophe.
pub fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// CSV with a byte-order mark; every cell defused.
pub fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| defuse(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))
}

/// One sheet of a workbook: its name, column titles with widths, and rows.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub header: &'a [(&'a str, f64)],
    pub rows: &'a [Vec<String>],
}

/// One sheet: a bold, frozen header, then every cell as text (so NIPs keep their 18
/// digits), columns as wide as given.
pub fn xlsx_bytes(
    sheet_name: &str,
    header: &[(&str, f64)],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, XlsxError> {
    workbook_bytes(&[Sheet {
        name: sheet_name,
        header,
        rows,
    }])
}

/// A workbook of several such sheets.
pub fn workbook_bytes(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for Sheet { name, header, rows } in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name)?;
        for (column, (title, width)) in header.iter().enumerate() {
            let column = column as u16;
            sheet.set_column_width(column, *width)?;
            sheet.set_column_format(column, &text)?;
            sheet.write_string_with_format(0, column, *title, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (index, row) in rows.iter().enumerate() {
            for (column, cell) in row.iter().enumerate() {
                sheet.write_string(index as u32 + 1, column as u16, cell)?;
            }
        }
    }
    workbook.save_to_buffer()
}
