-- Who accepted the referral (the user who completed acceptReferral), so that its next tasks are assigned to them
-- (CaseTeams.acceptorOfReferral, docs/desk.md). NULL for referrals accepted before this version or by no user.
ALTER TABLE case_referral ADD COLUMN accepted_by VARCHAR(64);
