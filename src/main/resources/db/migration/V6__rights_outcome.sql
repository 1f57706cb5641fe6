-- Outcome of the rights-protection track (mediation, arbitration, litigation) of a legal-aid referral.
ALTER TABLE case_referral ADD COLUMN rights_resolved BOOLEAN;
ALTER TABLE case_referral ADD COLUMN recovered_amount NUMERIC(14, 2);
