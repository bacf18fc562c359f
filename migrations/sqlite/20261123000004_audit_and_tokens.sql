-- Audit trail, API tokens and who created a session (issue 3). Keep in step with
-- migrations/postgres.
ALTER TABLE sessions ADD COLUMN created_by INTEGER REFERENCES users (id);

-- Personal API tokens: only the SHA-256 of each token is stored.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Who changed what, when; before and after are JSON snapshots (no secrets).
CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER REFERENCES users (id),
    action       TEXT NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('session', 'user', 'api_token')),
    subject_id   INTEGER NOT NULL,
    session_id   INTEGER REFERENCES sessions (id),
    before_state TEXT,
    after_state  TEXT
);
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE INDEX audit_events_by_session ON audit_events (session_id, at);
