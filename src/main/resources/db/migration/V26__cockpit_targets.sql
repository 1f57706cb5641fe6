-- The cockpit's targets (docs/cockpit.md) as data instead of application.yml: per year, unit and indicator (the
-- indicator's JSON name, e.g. casesReceived; rates as fractions). A province unit's target (union-33) covers its
-- organisation. Set through PUT /api/cockpit/targets/{year}/{unit}/{indicator} by that unit's supervisors; the demo
-- profile seeds this year's and next year's examples (DemoTargets), this migration seeds nothing.
CREATE TABLE cockpit_target (
  target_year  INT            NOT NULL,
  unit         VARCHAR(32)    NOT NULL REFERENCES organisation_unit (code),
  indicator    VARCHAR(48)    NOT NULL,
  target       NUMERIC(16, 4) NOT NULL,
  updated_by   VARCHAR(64)    NOT NULL,
  updated_at   TIMESTAMP      NOT NULL,
  PRIMARY KEY (target_year, unit, indicator)
);
