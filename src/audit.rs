//! The audit trail: who changed what and when, with the record before and after.
//!
//! Storage writes an [`AuditEvent`] in the same transaction as each change, so a change
//! without its entry (or the reverse) cannot be kept. Admins read the whole trail; the
//! organizer who created a session reads that session's part of it.

use chrono::{DateTime, Utc};

use crate::account::UserId;
use crate::session::{SessionId, word_enum};

word_enum!(
    /// What was done.
    AuditAction {
        SessionCreated => "session_created",
        SessionUpdated => "session_updated",
        SessionStatusChanged => "session_status_changed",
        InvitationsChanged => "invitations_changed",
        SpeakerAdded => "speaker_added",
        SpeakerPartChanged => "speaker_part_changed",
        SpeakerAnswered => "speaker_answered",
        SpeakerRemoved => "speaker_removed",
        RundownItemAdded => "rundown_item_added",
        RundownItemChanged => "rundown_item_changed",
        RundownItemRemoved => "rundown_item_removed",
        MaterialAdded => "material_added",
        MaterialRemoved => "material_removed",
        RegistrationsAdded => "registrations_added",
        RegistrationChanged => "registration_changed",
        RegistrationCancelled => "registration_cancelled",
        RegistrationSettingsChanged => "registration_settings_changed",
        AttendanceMarked => "attendance_marked",
        OnlineMinutesImported => "online_minutes_imported",
        OnlineCheckInChanged => "online_check_in_changed",
        SpeakerCreated => "speaker_created",
        SpeakerChanged => "speaker_changed",
        InstitutionCreated => "institution_created",
        InstitutionRenamed => "institution_renamed",
        InstitutionMerged => "institution_merged",
        UserCreated => "user_created",
        UserChanged => "user_changed",
        UserDisabled => "user_disabled",
        UserEnabled => "user_enabled",
        PasswordReset => "password_reset",
        PasswordChanged => "password_changed",
        ApiTokenCreated => "api_token_created",
        ApiTokenRevoked => "api_token_revoked",
    }
);

word_enum!(
    /// What kind of record was changed.
    SubjectKind {
        Session => "session",
        User => "user",
        ApiToken => "api_token",
        Speaker => "speaker",
        Institution => "institution",
    }
);

/// One entry of the trail. `before` and `after` are JSON snapshots of the record
/// (never a password hash, token or meeting passcode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `None` for Simpul itself (demo data, the command line).
    pub actor: Option<UserId>,
    pub actor_name: Option<String>,
    pub action: AuditAction,
    pub subject_kind: SubjectKind,
    pub subject_id: i64,
    /// The session the change belongs to, for a session's own history.
    pub session: Option<SessionId>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which entries to read, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub session: Option<SessionId>,
    pub actor: Option<UserId>,
    pub action: Option<AuditAction>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<u32>,
}
