-- Attendance (issue 6): check-ins, the organizer's marks, online minutes from Zoom,
-- the online check-in window and walk-ins. Keep in step with migrations/postgres.

-- Walk-ins are registrations made at the door: SQLite cannot change a CHECK, so the
-- table is rebuilt with its rows and indexes (nothing refers to it yet).
CREATE TABLE registrations_new (
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
    source        TEXT NOT NULL CHECK (source IN ('office', 'public', 'api', 'walk_in')),
    created_by    INTEGER REFERENCES users (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
INSERT INTO registrations_new SELECT id, session_id, region_code, name, nip, position, office, email, phone,
    mode, status, check_in_code, private_token, source, created_by, created_at, updated_at FROM registrations;
DROP TABLE registrations;
ALTER TABLE registrations_new RENAME TO registrations;
CREATE UNIQUE INDEX registrations_one_nip ON registrations (session_id, nip)
    WHERE nip IS NOT NULL AND status <> 'cancelled';
CREATE UNIQUE INDEX registrations_one_email ON registrations (session_id, email)
    WHERE email IS NOT NULL AND status <> 'cancelled';
CREATE INDEX registrations_by_session ON registrations (session_id, status, mode, id);
CREATE INDEX registrations_by_region ON registrations (session_id, region_code);

-- Whether online participants may check themselves in: 'auto' (from 30 minutes
-- before the start to the end), or opened / closed by the organizer.
ALTER TABLE sessions ADD COLUMN online_check_in TEXT NOT NULL DEFAULT 'auto'
    CHECK (online_check_in IN ('auto', 'open', 'closed'));

-- Every check-in, kept (a second scan too): who, when, how, and by which user.
CREATE TABLE check_ins (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions (id),
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    method          TEXT NOT NULL CHECK (method IN ('code', 'search', 'walk_in', 'online', 'api')),
    at              TEXT NOT NULL,
    by_user         INTEGER REFERENCES users (id)
);
CREATE INDEX check_ins_by_registration ON check_ins (registration_id, at);
CREATE INDEX check_ins_by_session ON check_ins (session_id, at);

-- One row per registration with something to say beyond its check-ins: the
-- organizer's mark (NULL: as the check-ins say), the reason of an excused absence,
-- and the minutes present online (from the Zoom report). Also the row a check-in
-- locks, so two scans of one code at the same moment answer "new" only once.
CREATE TABLE attendance (
    registration_id INTEGER PRIMARY KEY REFERENCES registrations (id),
    session_id      INTEGER NOT NULL REFERENCES sessions (id),
    mark            TEXT CHECK (mark IN ('present', 'absent', 'excused')),
    reason          TEXT NOT NULL DEFAULT '',
    online_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (online_minutes >= 0),
    first_online_at TEXT,
    updated_at      TEXT NOT NULL
);
CREATE INDEX attendance_by_session ON attendance (session_id);
