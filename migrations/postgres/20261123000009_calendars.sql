-- Calendar feeds (issue 7). Keep in step with the other database.

-- Private feeds: one secret address per user, regenerated or revoked at will. Only
-- the SHA-256 of the secret is kept, as for sign-ins and API tokens.
CREATE TABLE calendar_tokens (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

-- A counter that rises with every change public feeds show, so that each app server
-- can keep built feeds in memory and know, with one small read, whether they are
-- still current. Triggers raise it, so no write path can forget to.
CREATE TABLE calendar_changes (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO calendar_changes (id, version) VALUES (1, 0);

CREATE FUNCTION calendar_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE calendar_changes SET version = version + 1;
    RETURN NULL;
END;
$$;

-- Sessions: what feeds show (not the passcode, nor the registration counters that
-- every registration raises).
CREATE TRIGGER calendar_sessions AFTER INSERT OR UPDATE OF kind, title, theme, description,
    organizer_unit, starts_at, ends_at, time_zone, mode, venue, venue_region_code,
    meeting_link, meeting_id, status, revision, updated_at ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
-- Which regions a session invites (region feeds).
CREATE TRIGGER calendar_invitations AFTER INSERT OR DELETE OR UPDATE OF region_code, with_regencies
    ON invitations FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
-- Speakers and rundown (descriptions, speaker feeds).
CREATE TRIGGER calendar_session_speakers AFTER INSERT OR UPDATE OR DELETE ON session_speakers
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_rundown AFTER INSERT OR UPDATE OR DELETE ON rundown_items
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_rundown_speakers AFTER INSERT OR DELETE ON rundown_speakers
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_speakers AFTER UPDATE OF name, institution_id ON speakers
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_institutions AFTER UPDATE OF name ON institutions
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
