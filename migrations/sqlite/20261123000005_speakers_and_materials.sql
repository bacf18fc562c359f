-- Speakers, institutions, the rundown's speakers and materials (issue 4). Keep in step
-- with migrations/postgres.

-- The registry: central bodies are seeded; regional offices created on demand. A
-- merged institution stays (history points at it) with merged_into set.
ALTER TABLE institutions ADD COLUMN central BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE institutions ADD COLUMN merged_into INTEGER REFERENCES institutions (id);
-- Lower-case words of the name, for search and for spotting duplicates.
ALTER TABLE institutions ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
CREATE INDEX institutions_by_key ON institutions (search_key);

-- Former names (after a rename) and names of institutions merged into this one.
CREATE TABLE institution_aliases (
    name           TEXT PRIMARY KEY,
    search_key     TEXT NOT NULL,
    institution_id INTEGER NOT NULL REFERENCES institutions (id)
);
CREATE INDEX institution_aliases_by_institution ON institution_aliases (institution_id);

ALTER TABLE speakers ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
CREATE INDEX speakers_by_institution ON speakers (institution_id);
CREATE INDEX session_speakers_by_speaker ON session_speakers (speaker_id, session_id);

-- Every answer to an invitation, with its date (the first row is the invitation).
CREATE TABLE speaker_status_changes (
    id                 INTEGER PRIMARY KEY,
    session_speaker_id INTEGER NOT NULL REFERENCES session_speakers (id),
    status             TEXT NOT NULL CHECK (status IN ('invited', 'confirmed', 'declined')),
    changed_at         TEXT NOT NULL
);
CREATE INDEX speaker_status_changes_by_part ON speaker_status_changes (session_speaker_id, changed_at);

-- Who speaks in which slot of the rundown.
CREATE TABLE rundown_speakers (
    rundown_item_id    INTEGER NOT NULL REFERENCES rundown_items (id),
    session_speaker_id INTEGER NOT NULL REFERENCES session_speakers (id),
    PRIMARY KEY (rundown_item_id, session_speaker_id)
);

-- Uploaded slides and documents; the file is data/materials/<sha256>.
CREATE TABLE materials (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    title       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'pptx', 'docx', 'xlsx')),
    size_bytes  INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256      TEXT NOT NULL,
    visibility  TEXT NOT NULL CHECK (visibility IN ('public', 'registrants')),
    uploaded_by INTEGER REFERENCES users (id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX materials_by_session ON materials (session_id);

-- The audit trail now also names speakers and institutions as subjects. SQLite cannot
-- change a CHECK in place: the table is rebuilt with its rows.
CREATE TABLE audit_events_new (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER REFERENCES users (id),
    action       TEXT NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('session', 'user', 'api_token', 'speaker', 'institution')),
    subject_id   INTEGER NOT NULL,
    session_id   INTEGER REFERENCES sessions (id),
    before_state TEXT,
    after_state  TEXT
);
INSERT INTO audit_events_new SELECT id, at, actor_id, action, subject_kind, subject_id, session_id, before_state, after_state FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_new RENAME TO audit_events;
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE INDEX audit_events_by_session ON audit_events (session_id, at);
