-- Facts that code decides on live here, not in process variables anyone holding a task could rewrite.
-- The intake officer is the authenticated user who started the case (NULL for cases started before this version
-- or by the system); the case is found by its aidCase process instance.
ALTER TABLE aid_case ADD COLUMN intake_officer VARCHAR(64);
CREATE INDEX aid_case_process_instance_idx ON aid_case (process_instance_id);
