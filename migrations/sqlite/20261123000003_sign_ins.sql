-- Server-side sign-in sessions (issue 3). Keep in step with migrations/postgres.
-- The cookie holds a random token; only its SHA-256 is stored, so a copy of the
-- database does not let anyone sign in.
CREATE TABLE sign_ins (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sign_ins_by_user ON sign_ins (user_id);
