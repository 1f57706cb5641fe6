-- Funds belong to organisation units (docs/organisation-units.md, "Funds and approvals follow the unit"). A plan of a
-- referral held by a unit may draw on that unit's funds and on the funds of the units above it (same organisation
-- type, region a prefix of the unit's) that are open to lower units; never on a sibling's or a lower unit's.
-- Funds from before units belong to their organisation's province unit and are open to lower units: every unit of
-- the organisation could draw on them until now, so plans already made by city and district units still reserve.
-- Funds opened from now on are closed to lower units unless opened.
ALTER TABLE fund ADD COLUMN unit VARCHAR(32);
UPDATE fund SET unit = org || '-33';
ALTER TABLE fund ALTER COLUMN unit SET NOT NULL;
ALTER TABLE fund ADD COLUMN open_to_lower BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE fund SET open_to_lower = TRUE;
CREATE INDEX fund_unit_idx ON fund (unit, fund_year);

-- Who gave a plan its first approval, so that the second approval (above 10,000 CNY) is someone else's (four eyes).
ALTER TABLE case_referral ADD COLUMN plan_approved_by VARCHAR(64);
