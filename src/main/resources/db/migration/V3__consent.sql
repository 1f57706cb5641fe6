-- The applicant's consent (PIPL) to share the case with other organisations, with when and through which channel
-- it was recorded.
ALTER TABLE aid_case ADD COLUMN consent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE aid_case ADD COLUMN consent_channel VARCHAR(32);
ALTER TABLE aid_case ADD COLUMN consent_recorded_at TIMESTAMP;
