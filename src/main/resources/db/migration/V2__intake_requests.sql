-- Idempotency of POST /api/cases: a retried request with the same Idempotency-Key gets the first answer again.
-- Only answered requests stay (201 created, 409 joined an open case); rejected ones leave no row.
CREATE TABLE intake_request (
  idempotency_key  VARCHAR(100)  NOT NULL PRIMARY KEY,
  request_hash     VARCHAR(64)   NOT NULL,
  response_status  INTEGER,
  response_body    VARCHAR(4000),
  created_at       TIMESTAMP     NOT NULL
);
