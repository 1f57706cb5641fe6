-- Organisation units (docs/organisation-units.md): each organisation type works at province, city and district
-- level, a unit per type and region. code = <type>-<region>; region is a GB/T 2260 prefix of 2, 4 or 6 digits;
-- parent is the nearest existing unit of the same type whose region is a prefix of this one (NULL for a province
-- unit). A deactivated unit receives no new work; its open work went to its parent.
CREATE TABLE organisation_unit (
  code        VARCHAR(32)  NOT NULL PRIMARY KEY,
  type        VARCHAR(16)  NOT NULL,
  region      VARCHAR(6)   NOT NULL,
  name        VARCHAR(100) NOT NULL,
  parent      VARCHAR(32)  REFERENCES organisation_unit (code),
  active      BOOLEAN      NOT NULL,
  created_at  TIMESTAMP    NOT NULL,
  CONSTRAINT organisation_unit_type_region UNIQUE (type, region)
);

INSERT INTO organisation_unit (code, type, region, name, parent, active, created_at) VALUES
  ('union-33', 'union', '33', '浙江省总工会', NULL, TRUE, CURRENT_TIMESTAMP),
  ('youth-33', 'youth', '33', '共青团浙江省委', NULL, TRUE, CURRENT_TIMESTAMP),
  ('women-33', 'women', '33', '浙江省妇女联合会', NULL, TRUE, CURRENT_TIMESTAMP),
  ('charity-33', 'charity', '33', '浙江省慈善联合总会', NULL, TRUE, CURRENT_TIMESTAMP),
  ('civil-33', 'civil', '33', '浙江省民政厅', NULL, TRUE, CURRENT_TIMESTAMP);

-- The applicant's region and the unit that works the case, as assigned at registration (jurisdiction): facts in
-- AidFlow's tables, not variables. Cases and referrals registered before units existed belong to the province unit
-- of their organisation; their region is taken from the cockpit's projection where it has one.
ALTER TABLE aid_case ADD COLUMN region VARCHAR(6);
ALTER TABLE aid_case ADD COLUMN intake_unit VARCHAR(32);
UPDATE aid_case SET intake_unit = intake_org || '-33';
UPDATE aid_case SET region = (SELECT p.region FROM cockpit_case p WHERE p.case_number = aid_case.case_number);

ALTER TABLE case_referral ADD COLUMN unit VARCHAR(32);
UPDATE case_referral SET unit = org || '-33';
CREATE INDEX case_referral_unit_idx ON case_referral (unit, status);
CREATE INDEX aid_case_intake_unit_idx ON aid_case (intake_unit, status);
