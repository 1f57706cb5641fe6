-- The cockpit counts by unit (docs/organisation-units.md): a case's row carries its intake unit, a referral's row its
-- receiving unit, as AidFlow's tables hold them (aid_case.intake_unit, case_referral.unit); rows without one
-- (synthetic rows, rows from before units) belong to their organisation's province unit. A unit's supervisors see
-- their unit and the units below it: the rows whose unit code starts with theirs (union-3301 → union-3301, union-330106).
ALTER TABLE cockpit_case ADD COLUMN unit VARCHAR(32);
UPDATE cockpit_case SET unit = COALESCE((SELECT a.intake_unit FROM aid_case a WHERE a.case_number = cockpit_case.case_number),
  intake_org || '-33');
ALTER TABLE cockpit_case ALTER COLUMN unit SET NOT NULL;
CREATE INDEX cockpit_case_unit_received_idx ON cockpit_case (unit, received_at);

ALTER TABLE cockpit_case_category ADD COLUMN unit VARCHAR(32);
UPDATE cockpit_case_category SET unit = (SELECT c.unit FROM cockpit_case c
  WHERE c.case_number = cockpit_case_category.case_number);
ALTER TABLE cockpit_case_category ALTER COLUMN unit SET NOT NULL;

ALTER TABLE cockpit_referral ADD COLUMN unit VARCHAR(32);
UPDATE cockpit_referral SET unit = COALESCE((SELECT r.unit FROM case_referral r WHERE r.id = cockpit_referral.referral_id),
  org || '-33');
ALTER TABLE cockpit_referral ALTER COLUMN unit SET NOT NULL;
CREATE INDEX cockpit_referral_unit_received_idx ON cockpit_referral (unit, received_at);

-- The rollups (V11) gain the unit as a key: made again and filled from the rows as CockpitRollup.refill() does.
DROP TABLE cockpit_case_rollup;
DROP TABLE cockpit_category_rollup;
DROP TABLE cockpit_referral_rollup;
DROP TABLE cockpit_days_rollup;

CREATE TABLE cockpit_case_rollup (
  received_month          VARCHAR(7)     NOT NULL,
  intake_org              VARCHAR(16)    NOT NULL,
  region                  VARCHAR(6)     NOT NULL,
  channel                 VARCHAR(32)    NOT NULL,
  stage                   VARCHAR(24)    NOT NULL,
  unit                    VARCHAR(32)    NOT NULL,
  cases                   BIGINT         NOT NULL,
  closed_with_aid         BIGINT         NOT NULL,
  resolved_with_aid       BIGINT         NOT NULL,
  aid_single              BIGINT         NOT NULL,
  aid_single_new_form     BIGINT         NOT NULL,
  satisfaction_sum        BIGINT         NOT NULL,
  satisfaction_count      BIGINT         NOT NULL,
  verification_breached   BIGINT         NOT NULL,
  verification_completed  BIGINT         NOT NULL,
  verification_on_time    BIGINT         NOT NULL,
  PRIMARY KEY (received_month, intake_org, region, channel, stage, unit)
);

CREATE TABLE cockpit_category_rollup (
  received_month  VARCHAR(7)  NOT NULL,
  intake_org      VARCHAR(16) NOT NULL,
  region          VARCHAR(6)  NOT NULL,
  category        VARCHAR(32) NOT NULL,
  unit            VARCHAR(32) NOT NULL,
  cases           BIGINT      NOT NULL,
  PRIMARY KEY (received_month, intake_org, region, category, unit)
);

CREATE TABLE cockpit_referral_rollup (
  received_month          VARCHAR(7)     NOT NULL,
  org                     VARCHAR(16)    NOT NULL,
  region                  VARCHAR(6)     NOT NULL,
  unit                    VARCHAR(32)    NOT NULL,
  referrals               BIGINT         NOT NULL,
  cash_disbursed          NUMERIC(16, 2) NOT NULL,
  wages_recovered         NUMERIC(16, 2) NOT NULL,
  acceptance_breached     BIGINT         NOT NULL,
  acceptance_completed    BIGINT         NOT NULL,
  acceptance_on_time      BIGINT         NOT NULL,
  plan_breached           BIGINT         NOT NULL,
  plan_completed          BIGINT         NOT NULL,
  plan_on_time            BIGINT         NOT NULL,
  delivery_breached       BIGINT         NOT NULL,
  delivery_completed      BIGINT         NOT NULL,
  delivery_on_time        BIGINT         NOT NULL,
  PRIMARY KEY (received_month, org, region, unit)
);

CREATE TABLE cockpit_days_rollup (
  received_month  VARCHAR(7)  NOT NULL,
  intake_org      VARCHAR(16) NOT NULL,
  region          VARCHAR(6)  NOT NULL,
  day_bin         VARCHAR(6)  NOT NULL,
  unit            VARCHAR(32) NOT NULL,
  cases           BIGINT      NOT NULL,
  PRIMARY KEY (received_month, intake_org, region, day_bin, unit)
);

INSERT INTO cockpit_case_rollup (received_month, intake_org, region, channel, stage, unit, cases, closed_with_aid,
  resolved_with_aid, aid_single, aid_single_new_form, satisfaction_sum, satisfaction_count, verification_breached,
  verification_completed, verification_on_time)
SELECT received_month, intake_org, region, channel, stage, unit, COUNT(*),
  SUM(CASE WHEN stage = 'CLOSED' AND aid_delivered THEN 1 ELSE 0 END),
  SUM(CASE WHEN stage = 'CLOSED' AND aid_delivered AND closure_reason = 'RESOLVED' THEN 1 ELSE 0 END),
  SUM(CASE WHEN aid_delivered AND NOT repeat_person THEN 1 ELSE 0 END),
  SUM(CASE WHEN aid_delivered AND NOT repeat_person AND new_employment_form THEN 1 ELSE 0 END),
  SUM(satisfaction_sum), SUM(satisfaction_count),
  SUM(CASE WHEN verification_breached THEN 1 ELSE 0 END),
  SUM(CASE WHEN verification_done_at IS NOT NULL AND verification_due_at IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN verification_done_at <= verification_due_at THEN 1 ELSE 0 END)
FROM cockpit_case GROUP BY received_month, intake_org, region, channel, stage, unit;

INSERT INTO cockpit_category_rollup (received_month, intake_org, region, category, unit, cases)
SELECT c.received_month, k.intake_org, k.region, k.category, k.unit, COUNT(*)
FROM cockpit_case_category k JOIN cockpit_case c ON c.case_number = k.case_number
GROUP BY c.received_month, k.intake_org, k.region, k.category, k.unit;

INSERT INTO cockpit_referral_rollup (received_month, org, region, unit, referrals, cash_disbursed, wages_recovered,
  acceptance_breached, acceptance_completed, acceptance_on_time, plan_breached, plan_completed, plan_on_time,
  delivery_breached, delivery_completed, delivery_on_time)
SELECT c.received_month, r.org, r.region, r.unit, COUNT(*), SUM(r.cash_disbursed), SUM(COALESCE(r.wages_recovered, 0)),
  SUM(CASE WHEN r.acceptance_breached THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.accepted_at IS NOT NULL AND r.acceptance_due_at IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.accepted_at <= r.acceptance_due_at THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.plan_breached THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.planned_at IS NOT NULL AND r.plan_due_at IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.planned_at <= r.plan_due_at THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.delivery_breached THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.delivered_at IS NOT NULL AND r.delivery_due_at IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.delivered_at <= r.delivery_due_at THEN 1 ELSE 0 END)
FROM cockpit_referral r JOIN cockpit_case c ON c.case_number = r.case_number
GROUP BY c.received_month, r.org, r.region, r.unit;

INSERT INTO cockpit_days_rollup (received_month, intake_org, region, day_bin, unit, cases)
SELECT received_month, intake_org, region, CAST(CAST(FLOOR(days_to_first_delivery) AS INTEGER) AS VARCHAR(6)), unit,
  COUNT(*)
FROM cockpit_case WHERE days_to_first_delivery IS NOT NULL
GROUP BY received_month, intake_org, region, CAST(CAST(FLOOR(days_to_first_delivery) AS INTEGER) AS VARCHAR(6)), unit;
