-- Calendar feeds (issue 7). Keep in step with the other database.

-- Private feeds: one secret address per user, regenerated or revoked at will. Only
-- the SHA-256 of the secret is kept, as for sign-ins and API tokens.
CREATE TABLE calendar_tokens (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- A counter that rises with every change public feeds show, so that each app server
-- can keep built feeds in memory and know, with one small read, whether they are
-- still current. Triggers raise it, so no write path can forget to.
CREATE TABLE calendar_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO calendar_changes (id, version) VALUES (1, 0);

-- Sessions: what feeds show (not the passcode, nor the registration counters that
-- every registration raises).
CREATE TRIGGER calendar_sessions_insert AFTER INSERT ON sessions
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_sessions_update AFTER UPDATE OF kind, title, theme, description,
    organizer_unit, starts_at, ends_at, time_zone, mode, venue, venue_region_code,
    meeting_link, meeting_id, status, revision, updated_at ON sessions
BEGIN UPDATE calendar_changes SET version = version + 1; END;

-- Which regions a session invites (region feeds).
CREATE TRIGGER calendar_invitations_insert AFTER INSERT ON invitations
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_invitations_update AFTER UPDATE OF region_code, with_regencies ON invitations
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_invitations_delete AFTER DELETE ON invitations
BEGIN UPDATE calendar_changes SET version = version + 1; END;

-- Speakers and rundown (descriptions, speaker feeds).
CREATE TRIGGER calendar_session_speakers_insert AFTER INSERT ON session_speakers
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_session_speakers_update AFTER UPDATE ON session_speakers
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_session_speakers_delete AFTER DELETE ON session_speakers
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_rundown_insert AFTER INSERT ON rundown_items
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_rundown_update AFTER UPDATE ON rundown_items
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_rundown_delete AFTER DELETE ON rundown_items
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_rundown_speakers_insert AFTER INSERT ON rundown_speakers
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_rundown_speakers_delete AFTER DELETE ON rundown_speakers
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_speakers_update AFTER UPDATE OF name, institution_id ON speakers
BEGIN UPDATE calendar_changes SET version = version + 1; END;
CREATE TRIGGER calendar_institutions_update AFTER UPDATE OF name ON institutions
BEGIN UPDATE calendar_changes SET version = version + 1; END;
