//! Registrations: the people a regional office (or a member of the public, through a
//! session's open link) signs up for a session, and the rules that decide who gets a
//! seat.
//!
//! A registration is either confirmed (it holds a seat of its mode) or waitlisted;
//! cancelling one frees its seat for the first waitlisted person who fits. Seats are
//! bounded by the session's capacity per mode and, where the invitation sets one, by
//! the invited region's quota per mode ([`Seats`]). The same person (NIP, or e-mail)
//! is registered at most once per session.

use serde::{Deserialize, Serialize};

use crate::account::EmailAddress;
use crate::region::RegionCode;
use crate::session::{SessionMode, optional_count, required_word, text, word_enum};
use crate::speaker::id_type;
use crate::validation::{Problem, ValidationErrors};

pub mod sheet;

id_type!(
    /// The database id of a registration.
    RegistrationId
);

word_enum!(
    /// How a registered person takes part: on site or online.
    AttendanceMode {
        Luring => "luring",
        Daring => "daring",
    }
);

impl AttendanceMode {
    /// Whether a session held in `mode` offers this way of taking part.
    pub fn offered_by(self, mode: SessionMode) -> bool {
        matches!(
            (self, mode),
            (Self::Luring, SessionMode::Luring | SessionMode::Hybrid)
                | (Self::Daring, SessionMode::Daring | SessionMode::Hybrid)
        )
    }

    /// The only mode a single-mode session offers (so forms may leave it empty).
    pub fn only_one_of(mode: SessionMode) -> Option<Self> {
        match mode {
            SessionMode::Luring => Some(Self::Luring),
            SessionMode::Daring => Some(Self::Daring),
            SessionMode::Hybrid => None,
        }
    }
}

word_enum!(
    /// Where a registration stands.
    RegistrationStatus {
        /// Holds a seat; has a check-in code.
        Confirmed => "confirmed",
        /// Waits for a seat of its mode to be freed.
        Waitlisted => "waitlisted",
        /// Cancelled by the office, the organizer or the person; keeps no seat.
        Cancelled => "cancelled",
    }
);

word_enum!(
    /// Who made a registration: a regional office (or organizer) on its pages, a member
    /// of the public through the session's open link, or a program through the API.
    RegistrationSource {
        Office => "office",
        Public => "public",
        Api => "api",
        /// Registered at the door on the check-in page.
        WalkIn => "walk_in",
    }
);

/// One problem of one person in a batch: the row (the spreadsheet's row number, or the
/// position from 1 in a list sent to the API), the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub row: usize,
    pub field: RegistrationField,
    pub problem: Problem,
}

/// Every row's problems, in row order (each field's first problem only).
pub fn row_problems(row: usize, errors: ValidationErrors<RegistrationField>) -> Vec<RowProblem> {
    errors
        .into_iter()
        .map(|e| RowProblem {
            row,
            field: e.field,
            problem: e.problem,
        })
        .collect()
}

/// A civil servant's NIP (Nomor Induk Pegawai): 18 digits, typed with or without
/// spaces. The first eight are the birth date (YYYYMMDD), the next six the month of
/// appointment (YYYYMM), then 1 (man) or 2 (woman) and a three-digit number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nip(String);

impl Nip {
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::InvalidNip);
        }
        let number = |range: std::ops::Range<usize>| digits[range].parse::<u32>().unwrap_or(0);
        let born = chrono::NaiveDate::from_ymd_opt(number(0..4) as i32, number(4..6), number(6..8));
        let appointed_month = number(12..14);
        let sex = &digits[14..15];
        let plausible = born.is_some()
            && (1..=12).contains(&appointed_month)
            && number(8..12) >= number(0..4)
            && (sex == "1" || sex == "2");
        if plausible {
            Ok(Self(digits))
        } else {
            Err(Problem::InvalidNip)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Nip {
    type Error = Problem;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Nip> for String {
    fn from(nip: Nip) -> Self {
        nip.0
    }
}

/// The fields of a registration, named as in the form, the spreadsheet template's
/// columns and the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationField {
    Name,
    Nip,
    Position,
    Office,
    Email,
    Phone,
    Mode,
    Region,
}

impl RegistrationField {
    pub const ALL: [RegistrationField; 8] = [
        Self::Name,
        Self::Nip,
        Self::Position,
        Self::Office,
        Self::Email,
        Self::Phone,
        Self::Mode,
        Self::Region,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Nip => "nip",
            Self::Position => "position",
            Self::Office => "office",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Mode => "mode",
            Self::Region => "region",
        }
    }
}

/// What an office typed for one person (or one row of a spreadsheet), as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationForm {
    pub name: String,
    pub nip: String,
    pub position: String,
    pub office: String,
    pub email: String,
    pub phone: String,
    /// `luring` or `daring`; may be empty when the session offers only one.
    pub mode: String,
    /// The person's region code; empty means the operator's own region.
    pub region: String,
}

/// A validated registration, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationDetails {
    pub name: String,
    pub nip: Option<Nip>,
    pub position: String,
    pub office: String,
    pub email: Option<EmailAddress>,
    pub phone: Option<String>,
    pub mode: AttendanceMode,
    pub region: RegionCode,
}

/// Longest name, position and office accepted, in characters.
pub const MAX_TEXT: usize = 200;

/// What a form is checked against: the session's mode and, when the form leaves the
/// region empty, whose region it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationContext {
    pub session_mode: SessionMode,
    pub default_region: Option<RegionCode>,
}

impl RegistrationForm {
    /// The text of one field, to fill from a spreadsheet cell, a JSON value or an
    /// input of the preview.
    pub fn field_mut(&mut self, field: RegistrationField) -> &mut String {
        use RegistrationField as F;
        match field {
            F::Name => &mut self.name,
            F::Nip => &mut self.nip,
            F::Position => &mut self.position,
            F::Office => &mut self.office,
            F::Email => &mut self.email,
            F::Phone => &mut self.phone,
            F::Mode => &mut self.mode,
            F::Region => &mut self.region,
        }
    }

    /// Checks every field and reports every problem at once, each with its field.
    /// Whether the region exists, is invited and is the operator's own is for storage
    /// and the caller; here only its shape.
    pub fn validate(
        &self,
        context: &RegistrationContext,
    ) -> Result<RegistrationDetails, ValidationErrors<RegistrationField>> {
        use RegistrationField as F;
        let mut errors = ValidationErrors::default();
        let name = person_text(&mut errors, F::Name, &self.name, true);
        let position = person_text(&mut errors, F::Position, &self.position, false);
        let office = person_text(&mut errors, F::Office, &self.office, false);
        let nip = if self.nip.trim().is_empty() {
            None
        } else {
            Nip::parse(&self.nip)
                .map_err(|problem| errors.add(F::Nip, problem))
                .ok()
        };
        let email = if self.email.trim().is_empty() {
            None
        } else {
            EmailAddress::parse(&self.email)
                .map_err(|_| errors.add(F::Email, Problem::InvalidEmail))
                .ok()
        };
        let phone = phone(&mut errors, &self.phone);
        if self.email.trim().is_empty() && self.phone.trim().is_empty() {
            errors.add(F::Email, Problem::ContactRequired);
        }
        let mode = match AttendanceMode::only_one_of(context.session_mode) {
            Some(only) if self.mode.trim().is_empty() => Some(only),
            _ => required_word(&mut errors, F::Mode, &self.mode.to_lowercase(), |w| {
                AttendanceMode::parse(w).or(match w {
                    "onsite" | "on-site" | "tatap muka" => Some(AttendanceMode::Luring),
                    "online" => Some(AttendanceMode::Daring),
                    _ => None,
                })
            }),
        };
        if let Some(mode) = mode
            && !mode.offered_by(context.session_mode)
        {
            errors.add(F::Mode, Problem::ModeNotOffered);
        }
        let region = if self.region.trim().is_empty() {
            context.default_region.clone().or_else(|| {
                errors.add(F::Region, Problem::Required);
                None
            })
        } else {
            RegionCode::parse(&self.region)
                .map_err(|_| errors.add(F::Region, Problem::InvalidRegion))
                .ok()
        };
        match (name, mode, region) {
            (Some(name), Some(mode), Some(region)) if errors.is_empty() => {
                Ok(RegistrationDetails {
                    name,
                    nip,
                    position: position.unwrap_or_default(),
                    office: office.unwrap_or_default(),
                    email,
                    phone,
                    mode,
                    region,
                })
            }
            _ => Err(errors),
        }
    }

    /// The form filled in from a stored registration, for editing.
    pub fn from_details(details: &RegistrationDetails) -> Self {
        Self {
            name: details.name.clone(),
            nip: details
                .nip
                .as_ref()
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default(),
            position: details.position.clone(),
            office: details.office.clone(),
            email: details
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            phone: details.phone.clone().unwrap_or_default(),
            mode: details.mode.as_str().to_owned(),
            region: details.region.as_str().to_owned(),
        }
    }
}

/// Whether a text would be run as a formula by a spreadsheet that opens an export:
/// it starts with `=`, `@`, or a sign that is not the start of a number (`+62 812…`
/// is a phone number, `+HYPERLINK(` is not).
pub fn looks_like_formula(value: &str) -> bool {
    let mut chars = value.trim_start().chars();
    match chars.next() {
        Some('=' | '@') => true,
        Some('+' | '-') => chars
            .next()
            .is_some_and(|c| !c.is_ascii_digit() && c != ' '),
        _ => false,
    }
}

/// Names, positions and offices: trimmed, bounded, never formula-looking (they end up
/// in spreadsheets that organizers open).
fn person_text(
    errors: &mut ValidationErrors<RegistrationField>,
    field: RegistrationField,
    raw: &str,
    required: bool,
) -> Option<String> {
    let value = text(errors, field, raw, required, MAX_TEXT)?;
    if looks_like_formula(&value) {
        errors.add(field, Problem::LooksLikeFormula);
        return None;
    }
    Some(value)
}

/// A phone number as written (`0812-3456-7890`, `+62 812 3456 7890`): digits with
/// spaces, dashes, dots and brackets, 8 to 15 digits.
fn phone(errors: &mut ValidationErrors<RegistrationField>, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    let allowed = raw
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " -.()".contains(c) || (i == 0 && c == '+'));
    if allowed && (8..=15).contains(&digits) {
        Some(raw.to_owned())
    } else {
        errors.add(RegistrationField::Phone, Problem::InvalidPhone);
        None
    }
}

/// How one person is recognised when registered twice: by NIP, else by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PersonKey {
    Nip(String),
    Email(String),
}

impl RegistrationDetails {
    /// Every key the person can be recognised by (a NIP and an e-mail may both be given;
    /// either one repeated is the same person).
    pub fn keys(&self) -> Vec<(RegistrationField, PersonKey)> {
        let mut keys = Vec::new();
        if let Some(nip) = &self.nip {
            keys.push((RegistrationField::Nip, PersonKey::Nip(nip.0.clone())));
        }
        if let Some(email) = &self.email {
            keys.push((
                RegistrationField::Email,
                PersonKey::Email(email.as_str().to_owned()),
            ));
        }
        keys
    }
}

/// The seats of one mode as a registration finds them: the session's capacity and the
/// invited region's quota (`None`: no limit), and how many of each are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seats {
    pub capacity: Option<u32>,
    pub taken: u32,
    pub quota: Option<u32>,
    pub taken_in_quota: u32,
}

impl Seats {
    /// Whether one more person gets a seat (confirmed) or must wait (waitlisted).
    pub fn status_for_next(&self) -> RegistrationStatus {
        let fits = |limit: Option<u32>, taken: u32| limit.is_none_or(|limit| taken < limit);
        if fits(self.capacity, self.taken) && fits(self.quota, self.taken_in_quota) {
            RegistrationStatus::Confirmed
        } else {
            RegistrationStatus::Waitlisted
        }
    }

    /// Seats still free for this region (the smaller of the two limits), or `None`
    /// when neither applies.
    pub fn left(&self) -> Option<u32> {
        let capacity = self.capacity.map(|c| c.saturating_sub(self.taken));
        let quota = self.quota.map(|q| q.saturating_sub(self.taken_in_quota));
        match (capacity, quota) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Why a batch of registrations was not saved (nothing of it was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationRefusal {
    /// The session is not open for registration: not published, or past its deadline.
    Closed,
    /// Rows with problems, each naming its row and field.
    Rows(Vec<RowProblem>),
}

impl std::fmt::Display for RegistrationRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Closed => f.write_str("registration for this session is closed"),
            Self::Rows(rows) => write!(f, "{} problems in the rows sent", rows.len()),
        }
    }
}

/// The seats of a session as registrations are decided: capacities per mode, the
/// invitations' quotas, and the confirmed registrations per region and mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatBook {
    capacity_luring: Option<u32>,
    capacity_daring: Option<u32>,
    invitations: Vec<Invitation>,
    confirmed: std::collections::HashMap<(RegionCode, AttendanceMode), u32>,
}

impl SeatBook {
    pub fn new(
        capacity_luring: Option<u32>,
        capacity_daring: Option<u32>,
        invitations: Vec<Invitation>,
        confirmed: impl IntoIterator<Item = (RegionCode, AttendanceMode, u32)>,
    ) -> Self {
        let mut book = Self {
            capacity_luring,
            capacity_daring,
            invitations,
            confirmed: Default::default(),
        };
        for (region, mode, count) in confirmed {
            *book.confirmed.entry((region, mode)).or_default() += count;
        }
        book
    }

    /// The seats a person of `region` taking part by `mode` finds.
    pub fn seats(&self, region: &RegionCode, mode: AttendanceMode) -> Seats {
        let invitation = invitation_for(&self.invitations, region);
        let mut taken = 0;
        let mut taken_in_quota = 0;
        for ((other, other_mode), count) in &self.confirmed {
            if *other_mode != mode {
                continue;
            }
            taken += count;
            if invitation.is_some() && invitation_for(&self.invitations, other) == invitation {
                taken_in_quota += count;
            }
        }
        Seats {
            capacity: match mode {
                AttendanceMode::Luring => self.capacity_luring,
                AttendanceMode::Daring => self.capacity_daring,
            },
            taken,
            quota: invitation.and_then(|i| i.quota(mode)),
            taken_in_quota,
        }
    }

    /// The session's seats of `mode`, whatever the quotas.
    pub fn session_seats(&self, mode: AttendanceMode) -> Seats {
        let taken = self
            .confirmed
            .iter()
            .filter(|((_, m), _)| *m == mode)
            .map(|(_, count)| count)
            .sum();
        Seats {
            capacity: match mode {
                AttendanceMode::Luring => self.capacity_luring,
                AttendanceMode::Daring => self.capacity_daring,
            },
            taken,
            quota: None,
            taken_in_quota: 0,
        }
    }

    /// Decides one more person's status and, when confirmed, takes their seat.
    pub fn take(&mut self, region: &RegionCode, mode: AttendanceMode) -> RegistrationStatus {
        let status = self.seats(region, mode).status_for_next();
        if status == RegistrationStatus::Confirmed {
            *self.confirmed.entry((region.clone(), mode)).or_default() += 1;
        }
        status
    }

    /// Frees a confirmed person's seat.
    pub fn free(&mut self, region: &RegionCode, mode: AttendanceMode) {
        if let Some(count) = self.confirmed.get_mut(&(region.clone(), mode)) {
            *count = count.saturating_sub(1);
        }
    }

    pub fn invitations(&self) -> &[Invitation] {
        &self.invitations
    }
}

/// Characters of a check-in code: digits and capitals without the look-alikes
/// 0/O, 1/I/L, so a code read aloud or typed from paper is entered right.
pub const CHECK_IN_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Length of a check-in code: 31^10 ≈ 8×10^14 codes, far beyond guessing at the
/// check-in desk's pace.
pub const CHECK_IN_LENGTH: usize = 10;

/// The code a confirmed registrant shows at check-in (as text and as a QR code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CheckInCode(String);

impl CheckInCode {
    /// Builds a code from random bytes (one byte per character; the modulo bias over
    /// 31 symbols is below 1 %, irrelevant at this length).
    pub fn from_random(bytes: [u8; CHECK_IN_LENGTH]) -> Self {
        Self(code_from_random(&bytes))
    }

    /// Reads a code as typed: case, spaces and dashes ignored.
    pub fn parse(raw: &str) -> Option<Self> {
        read_code(raw, CHECK_IN_LENGTH).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped for reading aloud: `ABCDE-FGHJK`.
    pub fn grouped(&self) -> String {
        format!("{}-{}", &self.0[..5], &self.0[5..])
    }
}

impl TryFrom<String> for CheckInCode {
    type Error = &'static str;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or("not a check-in code")
    }
}

impl From<CheckInCode> for String {
    fn from(code: CheckInCode) -> Self {
        code.0
    }
}

/// Letters of [`CHECK_IN_ALPHABET`], one per random byte (codes people read and type:
/// check-in codes, certificate codes).
pub(crate) fn code_from_random(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| CHECK_IN_ALPHABET[usize::from(*b) % CHECK_IN_ALPHABET.len()] as char)
        .collect()
}

/// A code of `length` letters of [`CHECK_IN_ALPHABET`] as typed: case, spaces and
/// dashes ignored.
pub(crate) fn read_code(raw: &str, length: usize) -> Option<String> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == length && code.bytes().all(|b| CHECK_IN_ALPHABET.contains(&b))).then_some(code)
}

/// One region a session invites, with its optional quotas per mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub region: RegionCode,
    /// For a province: whether its regencies and cities are invited too.
    pub with_regencies: bool,
    pub quota_luring: Option<u32>,
    pub quota_daring: Option<u32>,
}

impl Invitation {
    /// An invitation without quotas.
    pub fn without_quota(region: RegionCode, with_regencies: bool) -> Self {
        Self {
            region,
            with_regencies,
            quota_luring: None,
            quota_daring: None,
        }
    }

    /// Whether a person of `region` registers under this invitation.
    pub fn covers(&self, region: &RegionCode) -> bool {
        self.region == *region
            || (self.with_regencies
                && self.region.is_province()
                && region.province() == self.region)
    }

    pub fn quota(&self, mode: AttendanceMode) -> Option<u32> {
        match mode {
            AttendanceMode::Luring => self.quota_luring,
            AttendanceMode::Daring => self.quota_daring,
        }
    }
}

/// The invitation a person of `region` registers under: the one naming their region
/// itself, else their province's (when it includes its regencies).
pub fn invitation_for<'a>(
    invitations: &'a [Invitation],
    region: &RegionCode,
) -> Option<&'a Invitation> {
    invitations
        .iter()
        .find(|i| i.region == *region)
        .or_else(|| invitations.iter().find(|i| i.covers(region)))
}

/// Largest quota accepted for one region and mode.
pub const MAX_QUOTA: u32 = 10_000;

/// What the organizer chose on the invitation form: which regions, and the quota
/// every chosen region gets per mode (empty: none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvitationForm {
    /// `all` (every province with its regencies), `provinces` or `regencies`.
    pub scope: String,
    /// Chosen region codes (provinces or regencies, by `scope`).
    pub regions: Vec<String>,
    /// For chosen provinces: `true` invites their regencies and cities too.
    pub with_regencies: bool,
    pub quota_luring: String,
    pub quota_daring: String,
}

/// The fields of the invitation form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationField {
    Scope,
    Regions,
    QuotaLuring,
    QuotaDaring,
}

impl InvitationField {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scope => "scope",
            Self::Regions => "regions",
            Self::QuotaLuring => "quota_luring",
            Self::QuotaDaring => "quota_daring",
        }
    }
}

impl InvitationForm {
    /// The invitations chosen, given the codes of all provinces (for `all`). Whether
    /// each chosen code exists is checked by storage.
    pub fn validate(
        &self,
        all_provinces: &[RegionCode],
    ) -> Result<Vec<Invitation>, ValidationErrors<InvitationField>> {
        use InvitationField as F;
        let mut errors = ValidationErrors::default();
        let quota_luring =
            optional_count(&mut errors, F::QuotaLuring, &self.quota_luring, MAX_QUOTA);
        let quota_daring =
            optional_count(&mut errors, F::QuotaDaring, &self.quota_daring, MAX_QUOTA);
        let mut codes: Vec<RegionCode> = Vec::new();
        let (want_provinces, with_regencies) = match self.scope.as_str() {
            "all" => {
                codes = all_provinces.to_vec();
                (true, true)
            }
            "provinces" => (true, self.with_regencies),
            "regencies" => (false, false),
            "" => {
                errors.add(F::Scope, Problem::Required);
                (true, false)
            }
            _ => {
                errors.add(F::Scope, Problem::UnknownChoice);
                (true, false)
            }
        };
        if self.scope != "all" {
            for raw in self.regions.iter().filter(|r| !r.trim().is_empty()) {
                match RegionCode::parse(raw) {
                    Ok(code) if code.is_province() == want_provinces => {
                        if !codes.contains(&code) {
                            codes.push(code);
                        }
                    }
                    _ => errors.add(F::Regions, Problem::InvalidRegion),
                }
            }
            if codes.is_empty() && !self.scope.is_empty() {
                errors.add(F::Regions, Problem::Required);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        codes.sort();
        Ok(codes
            .into_iter()
            .map(|region| Invitation {
                region,
                with_regencies,
                quota_luring,
                quota_daring,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> RegionCode {
        RegionCode::parse(raw).expect("code")
    }

    fn context(mode: SessionMode) -> RegistrationContext {
        RegistrationContext {
            session_mode: mode,
            default_region: Some(code("32.12")),
        }
    }

    fn form() -> RegistrationForm {
        RegistrationForm {
            name: "Siti Aminah, S.IP.".into(),
            nip: "19850317 201001 2 004".into(),
            position: "Analis Kebijakan".into(),
            office: "Bakesbangpol Kab. Indramayu".into(),
            email: "Siti.Aminah@indramayukab.go.id".into(),
            phone: "".into(),
            mode: "".into(),
            region: "".into(),
        }
    }

    #[test]
    fn a_nip_is_eighteen_plausible_digits() {
        assert_eq!(
            Nip::parse("19850317 201001 2 004").map(|n| n.as_str().to_owned()),
            Ok("198503172010012004".to_owned())
        );
        for bad in [
            "19850317201001200",   // 17 digits
            "1985031720100120045", // 19 digits
            "19851317201001 2004", // month 13 of birth
            "198503172010132004",  // appointed in month 13
            "198503172010013004",  // neither 1 nor 2
            "198503171980012004",  // appointed before birth
            "19850317201001200A",
        ] {
            assert_eq!(Nip::parse(bad), Err(Problem::InvalidNip), "{bad}");
        }
    }

    #[test]
    fn a_valid_form_defaults_mode_and_region() {
        let details = form()
            .validate(&context(SessionMode::Daring))
            .expect("valid");
        assert_eq!(details.mode, AttendanceMode::Daring);
        assert_eq!(details.region, code("32.12"));
        assert_eq!(
            details.email.as_ref().map(EmailAddress::as_str),
            Some("siti.aminah@indramayukab.go.id")
        );
        assert_eq!(details.name, "Siti Aminah, S.IP.");
    }

    #[test]
    fn a_hybrid_session_needs_the_mode_and_a_luring_one_refuses_daring() {
        let errors = form()
            .validate(&context(SessionMode::Hybrid))
            .expect_err("mode needed");
        assert_eq!(
            errors.for_field(RegistrationField::Mode),
            Some(Problem::Required)
        );
        let online = RegistrationForm {
            mode: "Online".into(),
            ..form()
        };
        assert_eq!(
            online
                .validate(&context(SessionMode::Hybrid))
                .map(|d| d.mode),
            Ok(AttendanceMode::Daring)
        );
        let errors = online
            .validate(&context(SessionMode::Luring))
            .expect_err("not offered");
        assert_eq!(
            errors.for_field(RegistrationField::Mode),
            Some(Problem::ModeNotOffered)
        );
    }

    #[test]
    fn every_problem_names_its_field() {
        let bad = RegistrationForm {
            name: "=HYPERLINK(\"http://x\")".into(),
            nip: "123".into(),
            position: "x".repeat(MAX_TEXT + 1),
            office: "@SUM(A1)".into(),
            email: "not-an-address".into(),
            phone: "call me".into(),
            mode: "boat".into(),
            region: "Jawa Barat".into(),
        };
        let errors = bad
            .validate(&context(SessionMode::Hybrid))
            .expect_err("all bad");
        use RegistrationField as F;
        assert_eq!(errors.for_field(F::Name), Some(Problem::LooksLikeFormula));
        assert_eq!(errors.for_field(F::Nip), Some(Problem::InvalidNip));
        assert_eq!(
            errors.for_field(F::Position),
            Some(Problem::TooLong { max: MAX_TEXT })
        );
        assert_eq!(errors.for_field(F::Office), Some(Problem::LooksLikeFormula));
        assert_eq!(errors.for_field(F::Email), Some(Problem::InvalidEmail));
        assert_eq!(errors.for_field(F::Phone), Some(Problem::InvalidPhone));
        assert_eq!(errors.for_field(F::Mode), Some(Problem::UnknownChoice));
        assert_eq!(errors.for_field(F::Region), Some(Problem::InvalidRegion));
    }

    #[test]
    fn some_contact_is_required_and_phones_may_start_with_plus() {
        let no_contact = RegistrationForm {
            email: "".into(),
            ..form()
        };
        let errors = no_contact
            .validate(&context(SessionMode::Daring))
            .expect_err("no contact");
        assert_eq!(
            errors.for_field(RegistrationField::Email),
            Some(Problem::ContactRequired)
        );
        let phone_only = RegistrationForm {
            phone: "+62 812-3456-7890".into(),
            ..no_contact
        };
        assert!(phone_only.validate(&context(SessionMode::Daring)).is_ok());
    }

    #[test]
    fn formula_looking_text_is_recognised() {
        for formula in [
            "=1+1",
            "@SUM(A1)",
            "+HYPERLINK(\"x\")",
            "-cmd|' /C calc'!A0",
            "  =A1",
        ] {
            assert!(looks_like_formula(formula), "{formula}");
        }
        for plain in ["Siti", "+62 812", "-", "- kosong", "Kepala Bidang", "-5"] {
            assert!(!looks_like_formula(plain), "{plain}");
        }
    }

    #[test]
    fn people_are_keyed_by_nip_and_email() {
        let details = form()
            .validate(&context(SessionMode::Daring))
            .expect("valid");
        assert_eq!(
            details.keys(),
            vec![
                (
                    RegistrationField::Nip,
                    PersonKey::Nip("198503172010012004".into())
                ),
                (
                    RegistrationField::Email,
                    PersonKey::Email("siti.aminah@indramayukab.go.id".into())
                ),
            ]
        );
    }

    #[test]
    fn seats_respect_capacity_and_quota() {
        let seats = |capacity, taken, quota, taken_in_quota| Seats {
            capacity,
            taken,
            quota,
            taken_in_quota,
        };
        use RegistrationStatus::{Confirmed, Waitlisted};
        assert_eq!(seats(None, 1000, None, 0).status_for_next(), Confirmed);
        assert_eq!(seats(Some(10), 9, None, 0).status_for_next(), Confirmed);
        assert_eq!(seats(Some(10), 10, None, 0).status_for_next(), Waitlisted);
        assert_eq!(seats(Some(10), 3, Some(2), 2).status_for_next(), Waitlisted);
        assert_eq!(seats(None, 3, Some(5), 4).status_for_next(), Confirmed);
        assert_eq!(seats(Some(10), 3, Some(5), 4).left(), Some(1));
        assert_eq!(seats(Some(10), 8, Some(5), 0).left(), Some(2));
        assert_eq!(seats(None, 8, None, 0).left(), None);
        assert_eq!(seats(Some(4), 8, None, 0).left(), Some(0));
    }

    #[test]
    fn check_in_codes_avoid_look_alikes_and_read_as_typed() {
        let code = CheckInCode::from_random([0, 1, 2, 3, 4, 30, 31, 62, 200, 255]);
        assert_eq!(code.as_str().len(), CHECK_IN_LENGTH);
        assert!(!code.as_str().contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(
            CheckInCode::parse(&code.grouped().to_lowercase()),
            Some(code.clone())
        );
        assert_eq!(CheckInCode::parse("ABCDE-FGHJ0"), None);
        assert_eq!(CheckInCode::parse("ABCDE"), None);
    }

    #[test]
    fn a_person_registers_under_their_own_region_first_then_their_province() {
        let invitation = |region: &str, with_regencies, quota| Invitation {
            region: code(region),
            with_regencies,
            quota_luring: quota,
            quota_daring: None,
        };
        let invitations = vec![
            invitation("32", true, Some(10)),
            invitation("32.12", false, Some(3)),
            invitation("33", false, None),
        ];
        let under = |region: &str| {
            invitation_for(&invitations, &code(region)).map(|i| i.region.to_string())
        };
        assert_eq!(under("32.12").as_deref(), Some("32.12"));
        assert_eq!(under("32.01").as_deref(), Some("32"));
        assert_eq!(under("32").as_deref(), Some("32"));
        assert_eq!(under("33").as_deref(), Some("33"));
        assert_eq!(
            under("33.01"),
            None,
            "province 33 invited without its regencies"
        );
        assert_eq!(under("31"), None);
    }

    #[test]
    fn the_seat_book_counts_quotas_per_invitation_and_capacity_per_mode() {
        let invitations = vec![
            Invitation {
                region: code("32"),
                with_regencies: true,
                quota_luring: Some(2),
                quota_daring: None,
            },
            Invitation {
                region: code("33"),
                with_regencies: true,
                quota_luring: None,
                quota_daring: None,
            },
        ];
        let mut book = SeatBook::new(
            Some(3),
            None,
            invitations,
            [(code("32.12"), AttendanceMode::Luring, 1)],
        );
        use AttendanceMode::{Daring, Luring};
        use RegistrationStatus::{Confirmed, Waitlisted};
        // Province 32 and its regencies share a quota of 2 on site.
        assert_eq!(book.take(&code("32.01"), Luring), Confirmed);
        assert_eq!(book.take(&code("32"), Luring), Waitlisted);
        // The capacity of 3 on site is shared by everyone.
        assert_eq!(book.take(&code("33.01"), Luring), Confirmed);
        assert_eq!(book.take(&code("33.02"), Luring), Waitlisted);
        // Online has no limit.
        assert_eq!(book.take(&code("32"), Daring), Confirmed);
        book.free(&code("32.12"), Luring);
        assert_eq!(book.seats(&code("32.05"), Luring).left(), Some(1));
        assert_eq!(book.take(&code("32.05"), Luring), Confirmed);
    }

    #[test]
    fn the_invitation_form_builds_one_invitation_per_region() {
        let provinces = vec![code("11"), code("12")];
        let all = InvitationForm {
            scope: "all".into(),
            quota_luring: "5".into(),
            ..Default::default()
        };
        let invitations = all.validate(&provinces).expect("valid");
        assert_eq!(invitations.len(), 2);
        assert!(
            invitations
                .iter()
                .all(|i| i.with_regencies && i.quota_luring == Some(5))
        );

        let regencies = InvitationForm {
            scope: "regencies".into(),
            regions: vec!["32.12".into(), "32.12".into(), "32.01".into()],
            ..Default::default()
        };
        let invitations = regencies.validate(&provinces).expect("valid");
        assert_eq!(
            invitations
                .iter()
                .map(|i| i.region.to_string())
                .collect::<Vec<_>>(),
            vec!["32.01", "32.12"]
        );

        let wrong = InvitationForm {
            scope: "provinces".into(),
            regions: vec!["32.12".into()],
            quota_daring: "0".into(),
            ..Default::default()
        };
        let errors = wrong.validate(&provinces).expect_err("invalid");
        assert_eq!(
            errors.for_field(InvitationField::Regions),
            Some(Problem::InvalidRegion)
        );
        assert_eq!(
            errors.for_field(InvitationField::QuotaDaring),
            Some(Problem::NotAPositiveNumber {
                max: MAX_QUOTA as usize
            })
        );
    }
}
