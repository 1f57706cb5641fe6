-- The supervisors' cockpit (驾驶舱) reads these projections only: one row per case and one per referral, kept up to
-- date as cases move (CockpitProjectionPlugin), rebuilt from Camunda's history and AidFlow's own tables by
-- POST /api/cockpit/projections/rebuild. No personal data: the person is the keyed hash of aid_case.
CREATE TABLE cockpit_case (
  case_number              VARCHAR(20)    NOT NULL PRIMARY KEY,
  -- NULL for synthetic rows (demo history, benchmark), which have no process instance
  process_instance_id      VARCHAR(64),
  person_hash              VARCHAR(64)    NOT NULL,
  intake_org               VARCHAR(16)    NOT NULL,
  channel                  VARCHAR(32)    NOT NULL,
  region                   VARCHAR(6)     NOT NULL,
  -- comma-separated, for display; one row per category in cockpit_case_category for counting
  categories               VARCHAR(300)   NOT NULL,
  employment_form          VARCHAR(32),
  new_employment_form      BOOLEAN        NOT NULL,
  urgent                   BOOLEAN        NOT NULL,
  hardship_level           VARCHAR(16),
  -- INTAKE, VERIFICATION, REFERRAL, SUPERVISOR_DECISION, FOLLOW_UP, CLOSED
  stage                    VARCHAR(24)    NOT NULL,
  received_at              TIMESTAMP      NOT NULL,
  -- YYYY-MM of received_at, so that grouping by month is the same SQL on PostgreSQL and H2
  received_month           VARCHAR(7)     NOT NULL,
  verification_due_at      TIMESTAMP,
  verification_done_at     TIMESTAMP,
  verification_breached    BOOLEAN        NOT NULL DEFAULT FALSE,
  aid_delivered            BOOLEAN        NOT NULL DEFAULT FALSE,
  first_delivery_at        TIMESTAMP,
  days_to_first_delivery   NUMERIC(9, 2),
  cash_disbursed           NUMERIC(14, 2) NOT NULL DEFAULT 0,
  wages_recovered          NUMERIC(14, 2) NOT NULL DEFAULT 0,
  satisfaction             INTEGER,
  closure_reason           VARCHAR(32),
  closed_at                TIMESTAMP,
  synthetic                BOOLEAN        NOT NULL DEFAULT FALSE,
  updated_at               TIMESTAMP      NOT NULL
);
CREATE INDEX cockpit_case_received_idx ON cockpit_case (received_at, intake_org);
CREATE INDEX cockpit_case_org_received_idx ON cockpit_case (intake_org, received_at);
CREATE INDEX cockpit_case_open_idx ON cockpit_case (stage, intake_org);
CREATE INDEX cockpit_case_verification_due_idx ON cockpit_case (verification_due_at);

CREATE TABLE cockpit_case_category (
  case_number  VARCHAR(20) NOT NULL REFERENCES cockpit_case (case_number) ON DELETE CASCADE,
  category     VARCHAR(32) NOT NULL,
  -- the case's filters, copied so that counting by category needs no join
  intake_org   VARCHAR(16) NOT NULL,
  region       VARCHAR(6)  NOT NULL,
  received_at  TIMESTAMP   NOT NULL,
  PRIMARY KEY (case_number, category)
);
CREATE INDEX cockpit_case_category_received_idx ON cockpit_case_category (received_at, intake_org);

CREATE TABLE cockpit_referral (
  referral_id              BIGINT         NOT NULL PRIMARY KEY,
  case_number              VARCHAR(20)    NOT NULL REFERENCES cockpit_case (case_number) ON DELETE CASCADE,
  process_instance_id      VARCHAR(64),
  org                      VARCHAR(16)    NOT NULL,
  -- the case's region and intake time, copied for the filters
  region                   VARCHAR(6)     NOT NULL,
  received_at              TIMESTAMP      NOT NULL,
  services                 VARCHAR(500),
  status                   VARCHAR(16)    NOT NULL,
  acceptance_due_at        TIMESTAMP,
  accepted_at              TIMESTAMP,
  acceptance_breached      BOOLEAN        NOT NULL DEFAULT FALSE,
  plan_due_at              TIMESTAMP,
  planned_at               TIMESTAMP,
  plan_breached            BOOLEAN        NOT NULL DEFAULT FALSE,
  delivery_due_at          TIMESTAMP,
  delivered_at             TIMESTAMP,
  delivery_breached        BOOLEAN        NOT NULL DEFAULT FALSE,
  cash_disbursed           NUMERIC(14, 2) NOT NULL DEFAULT 0,
  rights_resolved          BOOLEAN,
  wages_recovered          NUMERIC(14, 2),
  created_at               TIMESTAMP      NOT NULL,
  ended_at                 TIMESTAMP,
  synthetic                BOOLEAN        NOT NULL DEFAULT FALSE,
  updated_at               TIMESTAMP      NOT NULL
);
CREATE INDEX cockpit_referral_case_idx ON cockpit_referral (case_number);
CREATE INDEX cockpit_referral_received_idx ON cockpit_referral (received_at, org);
CREATE INDEX cockpit_referral_org_received_idx ON cockpit_referral (org, received_at);
