-- Escalations are looked up by the late step's process instance when a referral is transferred
-- (Escalations.openInstancesOf) and counted by instance and step when the projections are rebuilt
-- (ProjectionRebuild); escalation rows accumulate with every breach and stay. Without this index each lookup read
-- the whole table. (case_referral.process_instance_id, the other lookup by instance, is UNIQUE: indexed since V1.)
CREATE INDEX escalation_process_instance_idx ON escalation (process_instance_id, step);
