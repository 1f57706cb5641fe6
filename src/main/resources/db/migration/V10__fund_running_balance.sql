-- Each fund carries its running totals, kept in step with the ledger by the same transaction that writes an entry.
-- A reservation is then one conditional UPDATE of the fund row instead of summing the fund's whole ledger under a
-- lock (which grew with every entry and, as SELECT ... FOR UPDATE, also blocked every ledger insert of that fund
-- through the foreign key). The ledger stays the record; the totals are its sum (FundLedger.unreconciledFunds).
ALTER TABLE fund ADD COLUMN reserved NUMERIC(14, 2) DEFAULT 0 NOT NULL;
ALTER TABLE fund ADD COLUMN disbursed NUMERIC(14, 2) DEFAULT 0 NOT NULL;

UPDATE fund SET
  reserved = COALESCE((SELECT SUM(CASE e.kind WHEN 'RESERVE' THEN e.amount ELSE -e.amount END) FROM ledger_entry e
                       WHERE e.fund_code = fund.code AND e.fund_year = fund.fund_year), 0),
  disbursed = COALESCE((SELECT SUM(e.amount) FROM ledger_entry e
                        WHERE e.fund_code = fund.code AND e.fund_year = fund.fund_year AND e.kind = 'DISBURSE'), 0);

-- never below zero, whatever writes the row
ALTER TABLE fund ADD CONSTRAINT fund_within_budget CHECK (reserved >= 0 AND disbursed >= 0
  AND reserved + disbursed <= budget);
