-- Issue 17: a repeat call is a new need, a closed case leaves nothing behind, a refusal is explained.

-- The categories of a case: those of its intake, and those a later call added (contact_id names that call). Cases
-- registered before this version have no rows; their intake's categories are the case's categories variable.
CREATE TABLE case_category (
  case_number  VARCHAR(20)  NOT NULL REFERENCES aid_case (case_number),
  category     VARCHAR(32)  NOT NULL,
  contact_id   BIGINT,
  added_at     TIMESTAMP    NOT NULL,
  PRIMARY KEY (case_number, category)
);

-- What a later call asked for (comma-separated categories, urgent flag) and who recorded it. NULL for contacts
-- recorded before this version.
ALTER TABLE case_contact ADD COLUMN categories VARCHAR(500);
ALTER TABLE case_contact ADD COLUMN urgent BOOLEAN;
ALTER TABLE case_contact ADD COLUMN recorded_by VARCHAR(64);

-- Why a case was found not eligible (NOT_ELIGIBLE, by routing or by verification), in words for the applicant.
ALTER TABLE aid_case ADD COLUMN not_eligible_reason VARCHAR(2000);

-- New kinds of notices: a new need on an open case (NEW_NEED), a refusal for the intake officer (NOT_ELIGIBLE) and
-- a notice to the applicant (APPLICANT: no user or group; the sender reaches the case's applicant). The column is
-- recreated because its CHECK constraint has no name both PostgreSQL and H2 know; dropping the column drops it.
ALTER TABLE notification ADD COLUMN notice_kind VARCHAR(16);
UPDATE notification SET notice_kind = kind;
ALTER TABLE notification DROP COLUMN kind;
ALTER TABLE notification RENAME COLUMN notice_kind TO kind;
ALTER TABLE notification ALTER COLUMN kind SET NOT NULL;
ALTER TABLE notification ADD CONSTRAINT notification_kind_known
  CHECK (kind IN ('REMINDER', 'ESCALATION', 'NEW_NEED', 'NOT_ELIGIBLE', 'APPLICANT'));
-- Notices of work on a case that closed before they were sent are cancelled, never sent.
ALTER TABLE notification ADD COLUMN cancelled_at TIMESTAMP;
