-- Counts and sums of the cockpit's projections per month received x organisation x region (x channel x stage, x
-- category), so that a year's indicators add up a few thousand rows instead of scanning every case. Kept by
-- CockpitRollup: deltas summed within the step's transaction and added just before it commits; refilled from the
-- projections by the rebuild and after synthetic rows are written. Figures that depend on the time of the request
-- (late steps) or need every case (distinct persons, median and p90 days) are read from the detail rows below.
-- TRUE on every case of a person who has more than one (it may stay TRUE when the others are deleted): the rollup
-- counts the others' aid-delivered cases as distinct persons, one each; these are counted from the rows.
ALTER TABLE cockpit_case ADD COLUMN repeat_person BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX cockpit_case_person_idx ON cockpit_case (person_hash);

CREATE TABLE cockpit_case_rollup (
  received_month          VARCHAR(7)     NOT NULL,
  intake_org              VARCHAR(16)    NOT NULL,
  region                  VARCHAR(6)     NOT NULL,
  channel                 VARCHAR(32)    NOT NULL,
  stage                   VARCHAR(24)    NOT NULL,
  cases                   BIGINT         NOT NULL,
  closed_with_aid         BIGINT         NOT NULL,
  resolved_with_aid       BIGINT         NOT NULL,
  -- aid-delivered cases of persons with one case only: each a distinct person (with a new employment form)
  aid_single              BIGINT         NOT NULL,
  aid_single_new_form     BIGINT         NOT NULL,
  satisfaction_sum        BIGINT         NOT NULL,
  satisfaction_count      BIGINT         NOT NULL,
  verification_breached   BIGINT         NOT NULL,
  verification_completed  BIGINT         NOT NULL,
  verification_on_time    BIGINT         NOT NULL,
  PRIMARY KEY (received_month, intake_org, region, channel, stage)
);

CREATE TABLE cockpit_category_rollup (
  received_month  VARCHAR(7)  NOT NULL,
  intake_org      VARCHAR(16) NOT NULL,
  region          VARCHAR(6)  NOT NULL,
  category        VARCHAR(32) NOT NULL,
  cases           BIGINT      NOT NULL,
  PRIMARY KEY (received_month, intake_org, region, category)
);

CREATE TABLE cockpit_referral_rollup (
  received_month          VARCHAR(7)     NOT NULL,
  org                     VARCHAR(16)    NOT NULL,
  region                  VARCHAR(6)     NOT NULL,
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
  PRIMARY KEY (received_month, org, region)
);

-- Aid-delivered cases per whole day to first delivery (day_bin = FLOOR(days), as text): the median and p90 find
-- their day here and read the exact values of that day only from the rows.
CREATE TABLE cockpit_days_rollup (
  received_month  VARCHAR(7)  NOT NULL,
  intake_org      VARCHAR(16) NOT NULL,
  region          VARCHAR(6)  NOT NULL,
  day_bin         VARCHAR(6)  NOT NULL,
  cases           BIGINT      NOT NULL,
  PRIMARY KEY (received_month, intake_org, region, day_bin)
);

-- The indexes for the figures read from the detail rows are PostgreSQL's (partial, covering): see
-- db.migration.V11_1__cockpit_indicator_indexes.
