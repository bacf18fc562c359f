-- Users (issue 3). Keep in step with migrations/postgres.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'organizer', 'operator')),
    region_code   TEXT REFERENCES regions (code),
    password_hash TEXT NOT NULL,
    disabled_at   TEXT,
    created_at    TEXT NOT NULL,
    -- operators, and only operators, are bound to a region
    CHECK ((role = 'operator') = (region_code IS NOT NULL))
);
