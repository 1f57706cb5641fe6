-- One rebuild of the cockpit's projections at a time, across the nodes (ProjectionRebuild). A second one, such as an
-- administrator's retry after a proxy gave up waiting for the first, would delete and write the rows the first is
-- writing. The rebuild running holds the one row's claim and renews its heartbeat as it goes; a claim whose heartbeat
-- stopped (its node crashed) is taken over after a while.
CREATE TABLE cockpit_rebuild_claim (
  id            INTEGER       PRIMARY KEY,
  claim_token   VARCHAR(36),
  claimed_by    VARCHAR(255),
  claimed_at    TIMESTAMP,
  heartbeat_at  TIMESTAMP
);
INSERT INTO cockpit_rebuild_claim (id) VALUES (1);
