-- Simpul's first schema (SQLite). Keep in step with migrations/postgres.
-- Times are UTC, stored as RFC 3339 text (sqlx's encoding of DateTime<Utc>), which
-- sorts in time order because every value has the same shape (whole seconds, +00:00).

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'kabupaten', 'kota')),
    parent_code TEXT REFERENCES regions (code),
    time_zone   TEXT NOT NULL CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'))
);
CREATE INDEX regions_by_parent ON regions (parent_code);

CREATE TABLE institutions (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    region_code TEXT REFERENCES regions (code)
);

CREATE TABLE speakers (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    position       TEXT NOT NULL DEFAULT '',
    institution_id INTEGER REFERENCES institutions (id),
    contact        TEXT
);

CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('rakor', 'webinar', 'sosialisasi')),
    title             TEXT NOT NULL,
    theme             TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    organizer_unit    TEXT NOT NULL,
    starts_at         TEXT NOT NULL,
    ends_at           TEXT NOT NULL,
    time_zone         TEXT NOT NULL CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    mode              TEXT NOT NULL CHECK (mode IN ('luring', 'daring', 'hybrid')),
    venue             TEXT,
    venue_region_code TEXT REFERENCES regions (code),
    meeting_link      TEXT,
    meeting_id        TEXT,
    meeting_passcode  TEXT,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled', 'completed')),
    capacity_onsite   INTEGER CHECK (capacity_onsite > 0),
    capacity_online   INTEGER CHECK (capacity_online > 0),
    revision          INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX sessions_by_status_start ON sessions (status, starts_at);

CREATE TABLE invitations (
    session_id     INTEGER NOT NULL REFERENCES sessions (id),
    region_code    TEXT NOT NULL REFERENCES regions (code),
    -- a province invited with all its regencies, or its provincial offices only
    with_regencies BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (session_id, region_code)
);
CREATE INDEX invitations_by_region ON invitations (region_code, session_id);

CREATE TABLE session_speakers (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    speaker_id INTEGER NOT NULL REFERENCES speakers (id),
    role       TEXT NOT NULL CHECK (role IN ('opening', 'keynote', 'speaker', 'moderator', 'respondent')),
    topic      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('invited', 'confirmed', 'declined')),
    position   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (session_id, speaker_id)
);

CREATE TABLE rundown_items (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('opening', 'keynote', 'talk', 'discussion', 'closing')),
    CHECK (ends_at > starts_at)
);
CREATE INDEX rundown_by_session ON rundown_items (session_id, starts_at);
