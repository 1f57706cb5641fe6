-- Intake feedback (docs/intake-feedback.md): which start of aidCase a later call came from, so that the officer who
-- submitted a start form that joined an open case can be told that case's number, and the officer's list of the
-- cases they took in (我受理的案件), newest first.
ALTER TABLE case_contact ADD COLUMN process_instance_id VARCHAR(64);
CREATE INDEX case_contact_process_instance_idx ON case_contact (process_instance_id);
CREATE INDEX aid_case_intake_officer_idx ON aid_case (intake_officer, created_at);
