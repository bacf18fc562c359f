-- Attendance certificates (e-sertifikat, issue 6). Keep in step with the other database.

-- One certificate per registrant of a webinar who was present, made when it is first
-- downloaded; its code is printed on it and opens the public verification page,
-- which checks again that the person is (still) marked present.
CREATE TABLE certificates (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations (id),
    code            TEXT NOT NULL UNIQUE,
    issued_at       TIMESTAMPTZ NOT NULL
);
