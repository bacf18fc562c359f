-- Server-side sign-in sessions (issue 3). Keep in step with migrations/sqlite.
CREATE TABLE sign_ins (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_ins_by_user ON sign_ins (user_id);
