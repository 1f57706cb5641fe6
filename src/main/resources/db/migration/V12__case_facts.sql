-- Facts that code decides on live here, not in process variables anyone holding a task could rewrite.
-- The intake officer is the authenticated user who started the case (NULL for cases started before this version
-- or by the system); the case is found by its aidCase process instance.
ALTER TABLE aid_case ADD COLUMN intake_officer VARCHAR(64);
CREATE INDEX aid_case_process_instance_idx ON aid_case (process_instance_id);

-- The escalation process instance that handles a breach, so that its completion marks that breach handled and no
-- other (an escalationId variable names nothing). NULL for breaches escalated before this version.
ALTER TABLE escalation ADD COLUMN escalation_instance_id VARCHAR(64);
CREATE INDEX escalation_instance_idx ON escalation (escalation_instance_id);

-- The cash items of a referral's plan as checked when the caseworker completed the planning (and as the supervisors
-- switched funds): what is reserved is this plan, not a cashItems variable rewritten after the check. NULL for
-- plans checked before this version.
ALTER TABLE case_referral ADD COLUMN planned_items VARCHAR(10000);
