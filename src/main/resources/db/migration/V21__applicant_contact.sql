-- The applicant's address and employer, AES-256-GCM encrypted like the phone (V4), so that the intake
-- organisation's caseworkers can read them in full from AidFlow's table (GET /api/cases/{n}/contact). Cases
-- taken in before this migration have none; they show what the case row holds.
ALTER TABLE aid_case ADD COLUMN address_encrypted VARCHAR(1200);
ALTER TABLE aid_case ADD COLUMN employer_encrypted VARCHAR(800);
