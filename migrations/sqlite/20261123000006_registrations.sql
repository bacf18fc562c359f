-- Invitation quotas and registrations (issue 5). Keep in step with migrations/postgres.

-- Seats per mode for the people registered under one invitation; NULL: no quota.
ALTER TABLE invitations ADD COLUMN quota_luring INTEGER CHECK (quota_luring > 0);
ALTER TABLE invitations ADD COLUMN quota_daring INTEGER CHECK (quota_daring > 0);

-- When offices may no longer register, change or cancel (NULL: at the start).
ALTER TABLE sessions ADD COLUMN registration_closes_at TEXT;
-- The secret part of the public registration link; NULL while the link is closed.
ALTER TABLE sessions ADD COLUMN public_link TEXT;
CREATE UNIQUE INDEX sessions_by_public_link ON sessions (public_link);
-- Raised by every registration write, first thing in its transaction: the write lock
-- (SQLite) or row lock (PostgreSQL) it takes makes a session's seat counts and
-- inserts happen one transaction at a time, so capacity and quotas hold under load.
ALTER TABLE sessions ADD COLUMN registration_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE registrations (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id),
    region_code   TEXT NOT NULL REFERENCES regions (code),
    name          TEXT NOT NULL,
    nip           TEXT,
    position      TEXT NOT NULL DEFAULT '',
    office        TEXT NOT NULL DEFAULT '',
    email         TEXT,
    phone         TEXT,
    mode          TEXT NOT NULL CHECK (mode IN ('luring', 'daring')),
    status        TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    check_in_code TEXT NOT NULL UNIQUE,
    private_token TEXT NOT NULL UNIQUE,
    source        TEXT NOT NULL CHECK (source IN ('office', 'public', 'api')),
    created_by    INTEGER REFERENCES users (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
-- One live registration per person and session (the last line of defence behind
-- the checks in storage, which name the row).
CREATE UNIQUE INDEX registrations_one_nip ON registrations (session_id, nip)
    WHERE nip IS NOT NULL AND status <> 'cancelled';
CREATE UNIQUE INDEX registrations_one_email ON registrations (session_id, email)
    WHERE email IS NOT NULL AND status <> 'cancelled';
CREATE INDEX registrations_by_session ON registrations (session_id, status, mode, id);
CREATE INDEX registrations_by_region ON registrations (session_id, region_code);
