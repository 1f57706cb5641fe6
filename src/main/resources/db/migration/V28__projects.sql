-- Projects (服务型项目, docs/projects.md): a cash campaign (金秋助学, 冬送温暖) or a service programme (legal services,
-- health checks, trainings, enterprise legal check-ups) owned by one organisation unit, run in the units listed in
-- project_unit, for a period, with a fund and a budget, an eligibility decision (a DMN decision of its own in
-- processes/decisions/, by key) and target counts per indicator and unit (project_target).
CREATE TABLE project (
  code                  VARCHAR(40)    PRIMARY KEY,
  name                  VARCHAR(100)   NOT NULL,
  owning_unit           VARCHAR(32)    NOT NULL REFERENCES organisation_unit (code),
  project_type          VARCHAR(20)    NOT NULL CHECK (project_type IN ('CASH_CAMPAIGN', 'SERVICE_PROGRAMME')),
  -- for a service programme: the alliance service it delivers (Providers.SERVICES, e.g. legal-aid)
  service               VARCHAR(32),
  starts_on             DATE           NOT NULL,
  ends_on               DATE           NOT NULL,
  fund_code             VARCHAR(40),
  fund_year             INT,
  budget                NUMERIC(14, 2) NOT NULL CHECK (budget >= 0),
  eligibility_decision  VARCHAR(64)    NOT NULL,
  status                VARCHAR(16)    NOT NULL CHECK (status IN ('ACTIVE', 'CLOSED')),
  created_by            VARCHAR(64)    NOT NULL,
  created_at            TIMESTAMP      NOT NULL,
  CONSTRAINT project_period CHECK (ends_on >= starts_on),
  CONSTRAINT project_service CHECK ((project_type = 'SERVICE_PROGRAMME') = (service IS NOT NULL)),
  FOREIGN KEY (fund_code, fund_year) REFERENCES fund (code, fund_year)
);
CREATE INDEX project_owning_unit_idx ON project (owning_unit);

-- the units a project runs in (the owning unit is listed too when it runs there itself)
CREATE TABLE project_unit (
  project  VARCHAR(40) NOT NULL REFERENCES project (code),
  unit     VARCHAR(32) NOT NULL REFERENCES organisation_unit (code),
  PRIMARY KEY (project, unit)
);
CREATE INDEX project_unit_unit_idx ON project_unit (unit);

-- target counts per indicator (the cockpit's JSON name, e.g. legalServicesDelivered, beneficiaries) and unit,
-- kept by the owning unit's supervisors
CREATE TABLE project_target (
  project     VARCHAR(40)    NOT NULL REFERENCES project (code),
  unit        VARCHAR(32)    NOT NULL REFERENCES organisation_unit (code),
  indicator   VARCHAR(48)    NOT NULL,
  target      NUMERIC(16, 4) NOT NULL CHECK (target >= 0),
  updated_by  VARCHAR(64)    NOT NULL,
  updated_at  TIMESTAMP      NOT NULL,
  PRIMARY KEY (project, unit, indicator)
);

-- service orders and cash items name their project (none when no project covers them)
ALTER TABLE service_order ADD COLUMN project VARCHAR(40) REFERENCES project (code);
CREATE INDEX service_order_project_idx ON service_order (project, status);
ALTER TABLE ledger_entry ADD COLUMN project VARCHAR(40) REFERENCES project (code);
CREATE INDEX ledger_entry_project_idx ON ledger_entry (project, kind);
