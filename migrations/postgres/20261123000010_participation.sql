-- Participation reports (issue 8). Keep in step with the other database.

-- When a person first checked in, kept on their attendance row next to the
-- organizer's mark and the minutes online, so that whether they were present is read
-- from one row: the participation report adds this up for 200,000 people, and a probe
-- of check_ins per person was half its time. Written with every check-in (the
-- insert_check_in! macro in src/storage/attendance.rs); check_ins keeps every scan.
ALTER TABLE attendance ADD COLUMN checked_in_at TIMESTAMPTZ;

-- Walk-ins checked in without an attendance row until now: give them one.
INSERT INTO attendance (registration_id, session_id, updated_at)
    SELECT k.registration_id, k.session_id, MIN(k.at) FROM check_ins k
    WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a.registration_id = k.registration_id)
    GROUP BY k.registration_id, k.session_id;
UPDATE attendance SET checked_in_at =
    (SELECT MIN(k.at) FROM check_ins k WHERE k.registration_id = attendance.registration_id);

-- A session's confirmed registrants by region, without reading their rows.
CREATE INDEX registrations_by_session_region ON registrations (session_id, status, region_code);
