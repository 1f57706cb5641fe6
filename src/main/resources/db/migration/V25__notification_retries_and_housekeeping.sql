-- A notice is marked sent only after the sender took it: the dispatcher leases it (claimed_at) while sending, a
-- failed send is retried (attempts, next_attempt_at) and, when the attempts are spent, marked failed (failed_at,
-- last_error) and raised as an incident on the case's process instance.
ALTER TABLE notification ADD COLUMN claimed_at TIMESTAMP;
ALTER TABLE notification ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notification ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE notification ADD COLUMN failed_at TIMESTAMP;
ALTER TABLE notification ADD COLUMN last_error VARCHAR(500);
-- the housekeeping job deletes old outbox and idempotency rows by age
CREATE INDEX notification_created_idx ON notification (created_at);
CREATE INDEX intake_request_created_idx ON intake_request (created_at);
